#!/usr/bin/perl
# ngx_http_duet_module's access checks, the nginx-tests way: Debian's nginx
# with the module from a temp prefix, fcgi-stub (tag n2) behind it, one
# location per duet_auth mode.  For each case: the status, the
# WWW-Authenticate challenge with the reason of the spec
# (/tmp/lead/ngx-spec.md, "JWT reasons"), and what reached the backend:
# the stub logs every request, so a refused request must be absent there.
#   - valid session tokens via Bearer and via the __Host- cookie;
#   - every forged-token class, one named test each;
#   - 100 seeded mutations of a valid token: all 401, nginx never crashes;
#   - API-key and operator-token shapes, credential mixing;
#   - missing auth, duet_auth_status, duet_auth off, limit_except;
#   - CSRF for cookie-authenticated unsafe methods;
#   - client headers cannot spoof the identity params;
#   - $duet_jwt_claim_NAME, $duet_session_id and $duet_session_node.

use strict;
use warnings;

use FindBin;
use lib "$FindBin::Bin/lib";
use JSON::PP;
use Test::More;

use Duet::Nginx qw(free_port http slurp write_file b64url b64url_decode
                   es256_keypair jwks jwt_es256 jwt_hs256 jwt_raw json_text
                   api_key_id);

my $t = Duet::Nginx->new;
my $dir = $t->prefix;
my $port2 = free_port();

my ($k1, $k1pub) = es256_keypair($dir, 'k1');
my ($k2, $k2pub) = es256_keypair($dir, 'k2');
my ($k3, $k3pub) = es256_keypair($dir, 'k3');
write_file("$dir/two.jwks", jwks([$k1pub, 'k1'], [$k2pub, 'k2']));

my $stub = $t->stub_start('n2');

# Every location passes to the stub with the shipped params; /api/v1/ adds
# the claim and session variables under DUET_* names the stub echoes.
my $pass = <<'EOF';
            include       %%CONFDIR%%/duet_fastcgi_params;
            fastcgi_pass  %%STUB%%;
EOF
my $vars = <<'EOF';
            fastcgi_param  DUET_CLAIM_ROLE    $duet_jwt_claim_role;
            fastcgi_param  DUET_CLAIM_N       $duet_jwt_claim_n;
            fastcgi_param  DUET_CLAIM_OBJ     $duet_jwt_claim_obj;
            fastcgi_param  DUET_SESSION_NODE  $duet_session_node;
EOF

$t->write_conf(<<"EOF", STUB => $stub->{addr}, PORT2 => $port2);
    server {
        listen  127.0.0.1:%%PORT%%;

        # Room for the > 8192-byte token: the module, not nginx's header
        # buffers, must be what refuses it.
        large_client_header_buffers  4 32k;

        # The reason of a refusal, for the CSRF cases (no WWW-Authenticate).
        add_header  X-Duet-Auth-Error  \$duet_auth_error  always;

        duet_jwt_key_file   %%PREFIX%%/k1.pub;
        duet_jwt_issuer     https://duet.example;
        duet_jwt_audience   duet-api;
        duet_jwt_leeway     30s;

        location /api/v1/ {
            duet_auth  jwt;
$pass$vars
        }

        location /jwks/ {
            duet_auth          jwt;
            duet_jwt_key_file  %%PREFIX%%/two.jwks;
$pass
        }

        location /apikey/ {
            duet_auth  api_key;
$pass
        }

        location /operator/ {
            duet_auth  operator;
$pass
        }

        location /jwt-or-key/ {
            duet_auth  jwt api_key;
$pass
        }

        location /any/ {
            duet_auth  jwt api_key operator;
$pass
        }

        location /off/ {
            duet_auth  off;
$pass
        }

        location /status403/ {
            duet_auth         jwt;
            duet_auth_status  403;
$pass
        }

        location /nocsrf/ {
            duet_auth  jwt;
            duet_csrf  off;
$pass
        }

        location /wallet/ {
            duet_auth         jwt;
            duet_csrf_origin  https://wallet.example;
$pass
        }

        location /limited/ {
            limit_except GET {
                duet_auth  jwt;
            }
$pass
        }
    }

    # The session variables do not depend on authentication.
    server {
        listen  127.0.0.1:%%PORT2%%;

        location /api/v1/ {
            duet_auth  off;
$pass$vars
        }
    }
EOF

$t->start;

my $base = $t->base;
my $base2 = "http://127.0.0.1:$port2";
my $own_origin = "http://127.0.0.1:" . $t->port;
my $json = JSON::PP->new;
my $now = time;
my $cookie = '__Host-duet_session';
my $n = 0;
my @secret;      # strings that must never appear in the error log

# The claims of a good token; undef deletes one.
sub claims {
    my (%over) = @_;
    my %c = (iss => 'https://duet.example', aud => 'duet-api', sub => 'alice',
             jti => 'jti-' . ++$n, iat => $now - 5, exp => $now + 600,
             %over);
    delete @c{ grep { !defined $c{$_} } keys %c };
    return \%c;
}

sub token {
    my (%over) = @_;
    my $key = delete $over{_key} // $k1;
    my $hdr = delete $over{_header} // { alg => 'ES256', typ => 'JWT' };
    my $tok = jwt_es256($key, $hdr, claims(%over));
    push @secret, (split /\./, $tok)[2];
    return $tok;
}

sub bearer { { Authorization => "Bearer $_[0]" } }

sub body_of {
    my ($r) = @_;
    return eval { $json->decode($r->{body}) } // {};
}

sub params_of { body_of($_[0])->{params} // {} }

sub seen {
    my ($method, $uri) = @_;
    return scalar grep { $_ eq "$method $uri" } $t->stub_seen($stub);
}

sub challenge {
    my ($reason) = @_;
    return qq{Bearer realm="duet", error="invalid_token", }
        . qq{error_description="$reason"};
}

# refused($name, $method, $uri, \%headers, $status, $reason[, $body]):
# the status, the challenge naming the reason (401s; undef reason: no
# check), and the stub never saw the request.  $uri must be unique.
sub refused {
    my ($name, $method, $uri, $hdrs, $status, $reason, $body) = @_;
    my $r = http($method, "$base$uri", $hdrs, $body);
    is($r->{status}, $status, "$name: $status");
    if (defined $reason && $status != 403) {
        is($r->{headers}{'www-authenticate'}, challenge($reason),
           "$name: WWW-Authenticate says \"$reason\"");
    }
    if (defined $reason) {
        is($r->{headers}{'x-duet-auth-error'}, $reason,
           "$name: \$duet_auth_error says \"$reason\"");
    }
    ok(!seen($method, $uri), "$name: the backend saw nothing");
    unlike($r->{body}, qr/"node"/, "$name: the answer is nginx's");
    return $r;
}

# passed($name, $method, $uri, \%headers[, $body]) -> params the stub saw.
sub passed {
    my ($name, $method, $uri, $hdrs, $body) = @_;
    my $r = http($method, "$base$uri", $hdrs, $body);
    is($r->{status}, 200, "$name: 200")
        or diag("$r->{status} $r->{raw}$r->{body}", $r->{error} // '');
    ok(seen($method, $uri), "$name: reached the backend");
    return params_of($r);
}

# --- valid session tokens ----------------------------------------------------
{
    my $tok = token(jti => 'jti-bearer');
    my $p = passed('valid token via Bearer', 'GET', '/api/v1/ok/bearer',
                   bearer($tok));
    is($p->{DUET_AUTH_METHOD}, 'jwt', 'Bearer: DUET_AUTH_METHOD=jwt');
    is($p->{DUET_USER}, 'alice', 'Bearer: DUET_USER is the sub');
    is($p->{DUET_JTI}, 'jti-bearer', 'Bearer: DUET_JTI is the jti');

    $tok = token(jti => 'jti-cookie', sub => 'bob');
    $p = passed('valid token via cookie', 'GET', '/api/v1/ok/cookie',
                { Cookie => "$cookie=$tok" });
    is($p->{DUET_AUTH_METHOD}, 'jwt', 'cookie: DUET_AUTH_METHOD=jwt');
    is($p->{DUET_USER}, 'bob', 'cookie: DUET_USER is the sub');
    is($p->{DUET_JTI}, 'jti-cookie', 'cookie: DUET_JTI is the jti');

    $p = passed('valid token via cookie among others', 'GET',
                '/api/v1/ok/cookies',
                { Cookie => "a=1; __Host-duet_sessionx=2; $cookie=$tok; z=3" });
    is($p->{DUET_USER}, 'bob', 'cookie among others: DUET_USER');

    $p = passed('valid token in a second Cookie header', 'GET',
                '/api/v1/ok/cookie2',
                { Cookie => ['a=1; b=2', "$cookie=$tok"] });
    is($p->{DUET_USER}, 'bob', 'second Cookie header: DUET_USER');

    $p = passed('a token without jti', 'GET', '/api/v1/ok/nojti',
                bearer(token(jti => undef)));
    ok(!exists $p->{DUET_JTI}, 'no jti: no DUET_JTI');

    $p = passed('expired but within leeway', 'GET', '/api/v1/ok/leeway',
                bearer(token(exp => $now - 10)));
    $p = passed('aud array containing the audience', 'GET',
                '/api/v1/ok/aud-array',
                bearer(token(aud => ['other', 'duet-api'])));
    $p = passed('a kid with a single PEM key uses that key', 'GET',
                '/api/v1/ok/pem-kid',
                bearer(token(_header => { alg => 'ES256', kid => 'zz' })));
    $p = passed('JWKS: kid k1', 'GET', '/jwks/ok/k1',
                bearer(token(_header => { alg => 'ES256', kid => 'k1' })));
    $p = passed('JWKS: kid k2', 'GET', '/jwks/ok/k2',
                bearer(token(_key => $k2,
                             _header => { alg => 'ES256', kid => 'k2' })));
}

# --- forged tokens, one class each -------------------------------------------
{
    my $pem = slurp($k1pub);
    my $good = token();
    my ($h, $p, $s) = split /\./, $good;
    my @forged = (
        ['alg none (unsigned)', 'algorithm not allowed',
         jwt_raw('{"alg":"none","typ":"JWT"}', json_text(claims()), '')],
        ['alg none with an ES256 signature', 'algorithm not allowed',
         token(_header => { alg => 'none', typ => 'JWT' })],
        ['HS256 with the PEM public key as secret', 'algorithm not allowed',
         jwt_hs256($pem, { alg => 'HS256', typ => 'JWT' }, claims())],
        ['HS256 with an empty secret', 'algorithm not allowed',
         jwt_hs256('', { alg => 'HS256', typ => 'JWT' }, claims())],
        ['ES384 header, ES256 signature', 'algorithm not allowed',
         token(_header => { alg => 'ES384', typ => 'JWT' })],
        ['RS256 header, ES256 signature', 'algorithm not allowed',
         token(_header => { alg => 'RS256', typ => 'JWT' })],
        ['no alg', 'algorithm not allowed', token(_header => { typ => 'JWT' })],
        ['missing exp', 'token has no expiry', token(exp => undef)],
        ['exp as a string', 'token has no expiry',
         token(exp => "" . ($now + 600))],
        ['expired', 'token expired',
         token(iat => $now - 4000, exp => $now - 3600)],
        ['future nbf', 'token not yet valid', token(nbf => $now + 3600)],
        ['future iat', 'token not yet valid', token(iat => $now + 3600)],
        ['wrong iss', 'wrong issuer', token(iss => 'https://evil.example')],
        ['missing iss', 'wrong issuer', token(iss => undef)],
        ['wrong aud', 'wrong audience', token(aud => 'other')],
        ['aud array without it', 'wrong audience',
         token(aud => ['other', 'more'])],
        ['missing sub', 'token has no subject', token(sub => undef)],
        ['empty sub', 'token has no subject', token(sub => '')],
        ['sub not a string', 'token has no subject', token(sub => 7)],
        ['bad signature (one byte flipped)', 'bad signature',
         do {
             my $sig = b64url_decode($s);
             substr($sig, 10, 1) = chr(ord(substr($sig, 10, 1)) ^ 0x01);
             "$h.$p." . b64url($sig);
         }],
        ['signed by another key', 'bad signature', token(_key => $k3)],
        ['crit header', 'unsupported critical header',
         token(_header => { alg => 'ES256', typ => 'JWT', crit => ['exp'] })],
        ['typ at+jwt', 'unsupported token type',
         token(_header => { alg => 'ES256', typ => 'at+jwt' })],
        ['malformed base64 (a * in a segment)', 'malformed token',
         "$h." . substr($p, 0, 5) . '*' . substr($p, 6) . ".$s"],
        ['two segments', 'malformed token', "$h.$p"],
        ['four segments', 'malformed token', "$h.$p.$s.$s"],
        ['header not JSON', 'malformed token header',
         do {
             my $in = b64url('{"alg":"ES256",') . ".$p";
             "$in." . b64url(Duet::Nginx::es256_sign($k1, $in));
         }],
        ['payload not JSON (signed)', 'bad signature',
         jwt_es256($k1, { alg => 'ES256', typ => 'JWT' }, '{"sub":"alice",')],
        ['token over 8192 bytes', 'malformed token',
         token(pad => 'x' x 8200)],
    );
    my $i = 0;
    for my $f (@forged) {
        my ($name, $reason, $tok) = @$f;
        $i++;
        refused("forged: $name", 'GET', "/api/v1/forged/$i", bearer($tok),
                401, $reason);
    }
    # The same through the cookie, for the classes that do not depend on
    # the transport: the reason is the token's, not the cookie's.
    refused('forged via cookie: alg none', 'GET', '/api/v1/forged/cookie-none',
            { Cookie => "$cookie=$forged[1][2]" }, 401,
            'algorithm not allowed');
    refused('forged via cookie: expired', 'GET',
            '/api/v1/forged/cookie-expired',
            { Cookie => "$cookie=" . token(exp => $now - 3600) }, 401,
            'token expired');

    refused('JWKS: unknown kid', 'GET', '/jwks/forged/unknown-kid',
            bearer(token(_header => { alg => 'ES256', kid => 'k9' })), 401,
            'unknown key id');
    refused('JWKS: no kid with two keys', 'GET', '/jwks/forged/no-kid',
            bearer(token()), 401, 'token has no kid');
    refused('JWKS: kid k1 but signed by k2', 'GET', '/jwks/forged/wrong-kid',
            bearer(token(_key => $k2,
                          _header => { alg => 'ES256', kid => 'k1' })),
            401, 'bad signature');
    refused('a bad Bearer never falls back to a good cookie', 'GET',
            '/api/v1/forged/no-fallback',
            { Authorization => "Bearer $forged[2][2]",
              Cookie => "$cookie=$good" }, 401, 'algorithm not allowed');
    refused('Basic scheme', 'GET', '/api/v1/forged/basic',
            { Authorization => 'Basic YWxpY2U6cHc=' }, 401,
            'unsupported authorization scheme');
}

# --- seeded mutations of a valid token ---------------------------------------
{
    my $seed = hex($ENV{DUET_TEST_SEED} // '5eed8');
    diag(sprintf 'seed=%x', $seed);
    # A 32-bit LCG (Numerical Recipes): the same mutations on every perl.
    my $state = $seed & 0xffffffff;
    my $rnd = sub {
        $state = (1664525 * $state + 1013904223) % 4294967296;
        return int($state / 65536) % $_[0];
    };
    my $good = token(jti => 'jti-mutant');
    my @orig = map { b64url_decode($_) } split /\./, $good;
    my ($ok, $all401, $tried) = (0, 1, 0);
    my @bad;
    while ($tried < 100) {
        my $m = $good;
        if ($rnd->(4) == 0) {
            $m = substr($m, 0, 1 + $rnd->(length($m) - 1));
        } else {
            my $at = $rnd->(length $m);
            my $bit = 1 << $rnd->(7);
            substr($m, $at, 1) = chr(ord(substr($m, $at, 1)) ^ $bit);
        }
        # Unsendable in a header line.
        next if $m =~ /[^\x21-\x7e]/;
        # A flip of an unused low bit of a segment's last character encodes
        # the same bytes: the same token, not a mutant (the spec does not
        # say whether such non-canonical base64url is refused).
        my @seg = split /\./, $m, -1;
        next if @seg == 3 && !grep { /[^A-Za-z0-9_-]/ } @seg
            && !grep { b64url_decode($seg[$_]) ne $orig[$_] } 0 .. 2;
        $tried++;
        my $r = http('GET', "$base/api/v1/mutant/$tried", bearer($m));
        $ok++ if $r->{status} == 200;
        if ($r->{status} != 401) {
            $all401 = 0;
            push @bad, "#$tried $r->{status}";
        }
    }
    is($ok, 0, '100 mutations of a valid token: never 200');
    ok($all401, '100 mutations: every answer is 401') or diag("@bad");
    unlike($t->errorlog, qr/exited on signal/, 'mutations: no worker crashed');
}

# --- API keys ----------------------------------------------------------------
{
    my $rand43 = join '', map {
        ('A' .. 'Z', 'a' .. 'z', '0' .. '9', '-', '_')[($_ * 37 + 11) % 64]
    } 1 .. 43;
    my $key = "duet_live_$rand43";
    push @secret, $rand43;
    my $p = passed('API key of the right shape', 'GET', '/apikey/ok',
                   { 'X-API-Key' => $key });
    is($p->{DUET_AUTH_METHOD}, 'api_key', 'API key: DUET_AUTH_METHOD');
    is($p->{DUET_API_KEY_ID}, api_key_id($key),
       'API key: DUET_API_KEY_ID = first 16 hex of SHA-256(key)');
    is($p->{HTTP_X_API_KEY}, $key, 'the key itself only as HTTP_X_API_KEY');
    my @leaks = grep {
        $_ ne 'HTTP_X_API_KEY' && index($p->{$_}, substr($rand43, 0, 12)) >= 0
    } keys %$p;
    is("@leaks", '', 'API key: in no other param');
    ok(!exists $p->{DUET_USER}, 'API key: no DUET_USER');

    my %bad = (
        short          => 'duet_live_' . substr($rand43, 1),
        long           => "duet_live_${rand43}A",
        'wrong prefix' => "duet_test_$rand43",
        'a +'          => 'duet_live_+' . substr($rand43, 1),
    );
    for my $name (sort keys %bad) {
        (my $slug = $name) =~ s/\W+/-/g;
        refused("malformed API key: $name", 'GET', "/apikey/bad-$slug",
                { 'X-API-Key' => $bad{$name} }, 401, 'malformed API key');
    }
    refused('malformed API key: empty', 'GET', '/apikey/bad-empty',
            { 'X-API-Key' => '' }, 401, undef);
    refused('API key header twice', 'GET', '/apikey/twice',
            { 'X-API-Key' => [$key, $key] }, 401, 'more than one API key');
    refused('API key where only jwt is allowed', 'GET', '/api/v1/key-here',
            { 'X-API-Key' => $key }, 401, 'API keys are not accepted here');
    refused('API key and Authorization', 'GET', '/any/two-credentials',
            { 'X-API-Key' => $key, Authorization => 'Bearer ' . token() },
            401, 'more than one credential');
    refused('a session cookie where only API keys are allowed', 'GET',
            '/apikey/cookie', { Cookie => "$cookie=" . token() }, 401, undef);
    $p = passed('jwt api_key: an API key', 'GET', '/jwt-or-key/key',
                { 'X-API-Key' => $key });
    is($p->{DUET_AUTH_METHOD}, 'api_key', 'jwt api_key: api_key method');
    $p = passed('jwt api_key: a token', 'GET', '/jwt-or-key/jwt',
                bearer(token()));
    is($p->{DUET_AUTH_METHOD}, 'jwt', 'jwt api_key: jwt method');
}

# --- operator tokens ---------------------------------------------------------
{
    my $op = 'duet_op_' . ('AbC-_9' x 7) . 'Q';
    is(length $op, 8 + 43, 'operator token fixture has 43 chars');
    push @secret, substr($op, 8);
    my $p = passed('operator token', 'GET', '/operator/ok', bearer($op));
    is($p->{DUET_AUTH_METHOD}, 'operator', 'operator: DUET_AUTH_METHOD');
    $p = passed('operator token where all three are allowed', 'GET',
                '/any/op', bearer($op));
    is($p->{DUET_AUTH_METHOD}, 'operator', 'any: operator method');
    refused('malformed operator token: short', 'GET', '/operator/bad-short',
            bearer(substr($op, 0, -1)), 401, 'malformed operator token');
    refused('malformed operator token: a +', 'GET', '/operator/bad-plus',
            bearer('duet_op_+' . substr($op, 9)), 401,
            'malformed operator token');
    refused('operator token where only jwt is allowed', 'GET',
            '/api/v1/op-here', bearer($op), 401,
            'operator tokens are not accepted here');
    refused('session token where only operator is allowed', 'GET',
            '/operator/jwt-here', bearer(token()), 401,
            'session tokens are not accepted here');
}

# --- missing auth, status, off, limit_except ---------------------------------
{
    my $r = http('GET', "$base/api/v1/none");
    is($r->{status}, 401, 'missing auth: 401');
    is($r->{headers}{'www-authenticate'}, 'Bearer realm="duet"',
       'missing auth: WWW-Authenticate: Bearer realm="duet"');
    ok(!seen('GET', '/api/v1/none'), 'missing auth: the backend saw nothing');

    refused('duet_auth_status 403: missing auth', 'GET', '/status403/none',
            {}, 403, undef);
    refused('duet_auth_status 403: forged token', 'GET', '/status403/forged',
            bearer(token(exp => $now - 3600)), 403, undef);

    my $p = passed('duet_auth off', 'GET', '/off/open', {});
    ok(!exists $p->{DUET_AUTH_METHOD}, 'duet_auth off: no DUET_AUTH_METHOD');
    ok(!exists $p->{DUET_USER}, 'duet_auth off: no DUET_USER');

    $p = passed('limit_except GET: GET needs nothing', 'GET', '/limited/get',
                {});
    ok(!exists $p->{DUET_AUTH_METHOD}, 'limit_except: GET unauthenticated');
    refused('limit_except GET: POST without auth', 'POST', '/limited/post',
            {}, 401, undef, '{}');
    $p = passed('limit_except GET: POST with a token', 'POST',
                '/limited/post-token', bearer(token()), '{}');
    is($p->{DUET_AUTH_METHOD}, 'jwt', 'limit_except: POST authenticated');
}

# --- CSRF (cookie-authenticated unsafe methods) ------------------------------
{
    my $tok = token();
    my $c = "$cookie=$tok";
    my $post = sub {
        my ($uri, %h) = @_;
        return ('POST', $uri, { Cookie => $c, 'Content-Type' =>
                                'application/json', %h });
    };
    passed('CSRF: own origin', $post->('/api/v1/csrf/own',
           Origin => $own_origin), '{}');
    refused('CSRF: Origin https://evil.example',
            $post->('/api/v1/csrf/evil', Origin => 'https://evil.example'),
            403, 'cross-origin request refused (Origin https://evil.example)',
            '{}');
    refused('CSRF: Origin null', $post->('/api/v1/csrf/null',
            Origin => 'null'), 403, undef, '{}');
    passed('CSRF: no Origin, Sec-Fetch-Site same-origin',
           $post->('/api/v1/csrf/sfs-same', 'Sec-Fetch-Site' => 'same-origin'),
           '{}');
    refused('CSRF: no Origin, Sec-Fetch-Site cross-site',
            $post->('/api/v1/csrf/sfs-cross', 'Sec-Fetch-Site' => 'cross-site'),
            403, 'cross-site request refused (Sec-Fetch-Site cross-site)',
            '{}');
    refused('CSRF: neither Origin nor Sec-Fetch-Site',
            $post->('/api/v1/csrf/neither'), 403,
            'request without Origin or Sec-Fetch-Site refused', '{}');
    passed('CSRF: configured origin', $post->('/wallet/ok',
           Origin => 'https://wallet.example'), '{}');
    refused('CSRF: own origin when others are configured',
            $post->('/wallet/own', Origin => $own_origin), 403, undef, '{}');
    passed('CSRF: GET with a bad Origin (safe method)', 'GET',
           '/api/v1/csrf/get', { Cookie => $c,
                                 Origin => 'https://evil.example' });
    passed('CSRF: Bearer POST with a bad Origin (not a cookie)', 'POST',
           '/api/v1/csrf/bearer', { %{ bearer($tok) },
                                    Origin => 'https://evil.example' }, '{}');
    passed('CSRF: duet_csrf off', $post->('/nocsrf/post',
           Origin => 'https://evil.example'), '{}');
}

# --- spoofing ----------------------------------------------------------------
{
    my %spoof = ('DUET-USER' => 'x', 'Duet_User' => 'x', 'X-Duet-User' => 'x',
                 'DUET-AUTH-METHOD' => 'operator');
    my $p = passed('spoofed identity headers, authenticated', 'GET',
                   '/api/v1/spoof', { %{ bearer(token(sub => 'alice')) },
                                      %spoof });
    is($p->{DUET_USER}, 'alice', 'spoofing: DUET_USER is the sub');
    is($p->{DUET_AUTH_METHOD}, 'jwt', 'spoofing: DUET_AUTH_METHOD is jwt');
    $p = passed('spoofed identity headers, duet_auth off', 'GET',
                '/off/spoof', \%spoof);
    ok(!exists $p->{DUET_USER}, 'spoofing without auth: no DUET_USER');
    ok(!exists $p->{DUET_AUTH_METHOD},
       'spoofing without auth: no DUET_AUTH_METHOD');
}

# --- claim and session variables ----------------------------------------------
{
    my $p = passed('claims as variables', 'GET', '/api/v1/claims',
                   bearer(token(role => 'signer', n => 42,
                                obj => { a => 1 })));
    is($p->{DUET_CLAIM_ROLE}, 'signer', '$duet_jwt_claim_role: a string');
    is($p->{DUET_CLAIM_N}, '42', '$duet_jwt_claim_n: an integer');
    is($p->{DUET_CLAIM_OBJ}, '', '$duet_jwt_claim_obj: an object is empty');

    my $r22 = 'Ab3_-' x 4 . 'zz';
    is(length $r22, 22, 'session id fixture has 22 chars');
    my $tag16 = 'a1' x 8;
    my @cases = (
        ["/api/v1/sign/sessions/n2.$r22/rounds", "n2.$r22", 'n2'],
        ["/api/v1/dkg/sessions/n2.$r22", "n2.$r22", 'n2'],
        ["/api/v1/sign/sessions/$tag16.$r22/rounds", "$tag16.$r22", $tag16],
        ['/api/v1/sign/sessions/n2.short/rounds', undef, ''],
        ["/api/v1/sign/sessions/N2.$r22/rounds", undef, ''],
        ["/api/v1/sign/sessions/${tag16}x.$r22/rounds", undef, ''],
        ["/api/v1/sign/sessions/n2.${r22}A/rounds", undef, ''],
        ['/api/v1/sign/sessions', undef, ''],
        ["/api/v1/signers/n2.$r22", undef, ''],
    );
    my $tok = token();
    for my $case (@cases) {
        my ($uri, $id, $node) = @$case;
        for my $b ([$base, 'jwt', bearer($tok)], [$base2, 'auth off', {}]) {
            my $r = http('GET', "$b->[0]$uri", $b->[2]);
            my $q = params_of($r);
            ok($r->{status} == 200 || $r->{status} == 404
               && body_of($r)->{node}, "$uri ($b->[1]): reached the stub");
            is($q->{DUET_SESSION_ID}, $id,
               "$uri ($b->[1]): DUET_SESSION_ID " . ($id // 'absent'));
            is($q->{DUET_SESSION_NODE}, $node,
               "$uri ($b->[1]): \$duet_session_node '$node'");
        }
    }
}

unlike($t->errorlog, qr/exited on signal/, 'no nginx process crashed');
# Credentials never reach the log (the reasons go there at info level).
my $log = $t->errorlog;
like($log, qr/token expired/, 'the error log names reasons');
is(scalar(grep { index($log, $_) >= 0 } @secret), 0,
   'no token, API key or operator token in the error log');

done_testing();
