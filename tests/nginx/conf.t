#!/usr/bin/perl
# nginx-conf/ as a sysadmin installs it, checked by the real nginx with
# ngx_http_duet_module loaded, each case from its own temp prefix:
#   - example-site.conf, its absolute paths moved into the prefix (module,
#     certificate, session-token key, logs), passes nginx -t, and serves:
#     80 redirects to TLS, /health without duetd is duet's JSON 502, the
#     API without credentials is duet's JSON 401 with the challenge, and
#     the rate zones refuse with duet's JSON 429;
#   - duet-upstream.conf + duet-http.conf + duet.conf pass nginx -t, and so
#     does local.conf.in as scripts/run-local fills it;
#   - scripts/run-local runs nginx on the shipped snippets, makes its ES256
#     key pair once (private 0600 for duetd, public for nginx), and nginx
#     accepts tokens signed with it and refuses others;
#   - nginx -t refuses every bad duet_* value with an [emerg] naming the
#     directive (and the file, for key files).

use strict;
use warnings;

use FindBin;
use lib "$FindBin::Bin/../integration/lib";
use File::Copy qw(copy);
use File::Temp ();
use MIME::Base64 qw(encode_base64url);
use Test::More;

use Duet::TestEnv qw(env_or_skip state_dir free_port run_local https
                     wait_for slurp write_file);

env_or_skip();
my $module = $ENV{DUET_NGX_MODULE} // '';
if (!-f $module) {
    plan skip_all => "no module at '$module' (make builds it)";
}

my $nginx = $ENV{DUET_NGINX};
my $openssl = $ENV{DUET_OPENSSL} || 'openssl';
my $confdir = "$ENV{top_srcdir}/nginx-conf";
my $top = state_dir();
my @running;

END {
    for my $pid_file (@running) {
        my $pid = slurp($pid_file) =~ s/\s+//r;
        kill 'QUIT', $pid if $pid;
    }
}

# sh(@cmd): its stdout (binary for DER); dies with its stderr if it fails.
sub sh {
    my $cmd = join ' ', map { quotemeta } @_;
    my $out = qx{$cmd 2>\Q$top/sh.err\E};
    die "@_: " . slurp("$top/sh.err") if $? != 0;
    return $out;
}

# --- keys and a certificate ----------------------------------------------------
my $keys = "$top/keys";
mkdir $keys or die;

sub ec_public {
    my ($curve, $name) = @_;
    sh($openssl, 'genpkey', '-algorithm', 'EC', '-pkeyopt',
       "ec_paramgen_curve:$curve", '-out', "$keys/$name.key");
    sh($openssl, 'pkey', '-in', "$keys/$name.key", '-pubout',
       '-out', "$keys/$name.pem");
    return "$keys/$name.pem";
}

my $es256 = ec_public('P-256', 'es256');
my $p384 = ec_public('P-384', 'p384');
sh($openssl, 'genpkey', '-algorithm', 'RSA', '-pkeyopt',
   'rsa_keygen_bits:2048', '-out', "$keys/rsa.key");
sh($openssl, 'pkey', '-in', "$keys/rsa.key", '-pubout',
   '-out', "$keys/rsa.pem");
my $rsa = "$keys/rsa.pem";
write_file("$keys/garbage.pem", "this is not a key\n");
my $garbage = "$keys/garbage.pem";

# A JWKS entry of the P-256 key: x and y are the last 64 bytes of the
# SubjectPublicKeyInfo (the uncompressed point 04 || x || y).
my $der = sh($openssl, 'pkey', '-pubin', '-in', $es256, '-outform', 'DER');
my $point = substr($der, -64);
my $entry = sprintf('{"kty":"EC","crv":"P-256","x":"%s","y":"%s",'
                    . '"kid":"k1","use":"sig","alg":"ES256"}',
                    encode_base64url(substr($point, 0, 32)),
                    encode_base64url(substr($point, 32)));
write_file("$keys/good.jwks", qq({"keys":[$entry]}\n));
write_file("$keys/bad.jwks",
           qq({"keys":[$entry,{"kty":"RSA","kid":"r1","n":"AQAB","e":"AQAB"}]}\n));

sh($openssl, 'req', '-x509', '-newkey', 'ec', '-pkeyopt',
   'ec_paramgen_curve:P-256', '-nodes', '-days', '2', '-subj', '/CN=localhost',
   '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
   '-keyout', "$keys/tls.key", '-out', "$keys/tls.pem");

# --- a prefix per case ---------------------------------------------------------
my $ncase = 0;

# prefix(): a fresh directory with the shipped snippets beside nginx.conf
# (include paths are relative to it).
sub prefix {
    my $p = "$top/case" . ++$ncase;
    mkdir $p or die "$p: $!";
    mkdir "$p/logs" or die;
    chmod 0755, $p;
    for my $f (qw(duet-http.conf duet.conf duet_fastcgi_params
                  duet-upstream.conf)) {
        copy("$confdir/$f", "$p/$f") or die "$f: $!";
    }
    return $p;
}

sub temp_paths {
    my ($p) = @_;
    return join '', map { "    ${_}_temp_path $p/tmp_$_;\n" }
        qw(client_body fastcgi proxy scgi uwsgi);
}

# nginx_t($prefix, $conf_text) -> (passed, output of nginx -t)
sub nginx_t {
    my ($p, $conf) = @_;
    write_file("$p/nginx.conf", $conf);
    my $out = qx{\Q$nginx\E -t -p \Q$p\E -c \Q$p/nginx.conf\E -e \Q$p/logs/error.log\E 2>&1};
    return ($? == 0, $out);
}

# --- example-site.conf -----------------------------------------------------------
# Every absolute path moves into the prefix; mime.types comes along.
sub example_site {
    my ($p, %port) = @_;
    my $c = slurp("$confdir/example-site.conf");
    my %moved = (
        '/usr/lib/nginx/modules/ngx_http_duet_module.so' => $module,
        '/etc/ssl/duet/fullchain.pem'                  => "$keys/tls.pem",
        '/etc/ssl/duet/privkey.pem'                    => "$keys/tls.key",
        '/etc/duet/jwt-public.pem'                     => $es256,
        '/run/duet/duetd.sock'                         => "$p/duetd.sock",
        '/run/nginx.pid'                               => "$p/nginx.pid",
        '/var/log/nginx/'                              => "$p/logs/",
    );
    for my $from (keys %moved) {
        my $n = $c =~ s/\Q$from\E/$moved{$from}/g;
        die "example-site.conf no longer names $from" if !$n;
    }
    $c =~ s/^(http \{\n)/$1 . temp_paths($p)/me or die 'no http {';
    if (%port) {
        $c =~ s/^(http \{\n)/$1    set_real_ip_from 127.0.0.1;\n    real_ip_header X-Forwarded-For;\n/m;
    }
    if (%port) {
        # Served for real: loopback ports; the IPv6 ones may not exist here.
        $c =~ s/^\s*listen\s+\[::\].*\n//mg;
        $c =~ s/(listen\s+)80;/${1}127.0.0.1:$port{http};/ or die;
        $c =~ s/(listen\s+)443 /${1}127.0.0.1:$port{https} / or die;
    }
    if (-f '/etc/nginx/mime.types') {
        copy('/etc/nginx/mime.types', "$p/mime.types") or die;
    } else {
        write_file("$p/mime.types", "types { text/html html; }\n");
    }
    return $c;
}

my $p = prefix();
my $site = example_site($p);
my @abs = grep { !/^\Q$top\E|^\Q$module\E/ }
    $site =~ m{^[^#]*?\s(/(?:etc|run|var|usr)/\S*)}mg;
is_deeply(\@abs, [], 'example-site.conf: every absolute path was moved')
    or diag("still absolute: @abs");
my ($passed, $out) = nginx_t($p, $site);
ok($passed, 'example-site.conf passes nginx -t') or diag($out);

# The same, served: no duetd behind it.
$p = prefix();
my %port = (http => free_port(), https => free_port());
($passed, $out) = nginx_t($p, example_site($p, %port));
ok($passed, 'example-site.conf on loopback ports passes nginx -t')
    or diag($out);
$out = qx{\Q$nginx\E -p \Q$p\E -c \Q$p/nginx.conf\E -e \Q$p/logs/error.log\E 2>&1 </dev/null};
is($?, 0, 'example-site.conf starts') or diag($out);
push @running, "$p/nginx.pid";
wait_for(5, sub { -s "$p/nginx.pid" });

my $cacert = "$keys/tls.pem";
my $https = "https://127.0.0.1:$port{https}";
my $r = https('GET', "http://127.0.0.1:$port{http}/api/v1/signers?x=1",
              $cacert);
is($r->{status}, 301, 'port 80 redirects');
like($r->{headers}{location} // '', qr{^https://127\.0\.0\.1/api/v1/signers\?x=1$},
     '... to the same URI over https');

$r = https('GET', "$https/health", $cacert);
is($r->{status}, 502, '/health without duetd is 502');
like($r->{body}, qr/^\{"statusCode":502,"message":"duetd is not reachable","timestamp":"\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-]\d\d:\d\d)"\}$/,
     "... in duet's error object");
is($r->{headers}{'content-type'}, 'application/json', '... as JSON');

$r = https('GET', "$https/api/v1/signers", $cacert);
is($r->{status}, 401, 'the API without credentials is 401, from nginx');
like($r->{headers}{'www-authenticate'} // '', qr/^Bearer realm="duet"/,
     '... with the Bearer challenge');
like($r->{body}, qr/^\{"statusCode":401,"message":"[^"]+","timestamp":"[^"]+"\}$/,
     "... in duet's error object");

$r = https('POST', "$https/api/v1/sign/sessions", $cacert);
is($r->{status}, 401, 'signing without an API key is 401');
$r = https('GET', "$https/metrics", $cacert);
is($r->{status}, 502, '/metrics is open to this host (no duetd: 502)');

$r = https('GET', "$https/", $cacert);
is($r->{status}, 404, 'no dashboard installed: / is 404');
like($r->{body}, qr/"statusCode":404/, "... in duet's error object");
# Rate limits.  realip (as a site behind a balancer would set it) lets
# requests come from other addresses than loopback, which the per-address
# ceiling and the per-key zone do not count.
# burst($n, $path, @headers): the statuses of $n requests on one connection.
sub burst {
    my ($n, $path, @headers) = @_;
    my @cmd = ($ENV{DUET_CURL}, '-sS', '--cacert', $cacert,
               '-w', '%{http_code}\n', map({ ('-H', $_) } @headers),
               map { ('-o', '/dev/null', "$https$path") } 1 .. $n);
    my $out = qx{@{[ join ' ', map { quotemeta } @cmd ]} 2>&1};
    return split /\n/, $out;
}

sub count { my ($want, @got) = @_; return scalar grep { $_ eq $want } @got }

my @s = burst(15, '/api/v1/auth/login', 'X-Forwarded-For: 198.51.100.1');
is(count(429, @s), 4, 'login: 15 at once from one address, 11 pass (burst 10)')
    or diag("@s");
@s = burst(15, '/api/v1/auth/login');
ok(count(429, @s) >= 4, '... from loopback too') or diag("@s");
$r = https('GET', "$https/api/v1/auth/login", $cacert);
like($r->{body}, qr/^\{"statusCode":429,"message":"too many requests","timestamp":"[^"]+"\}$/,
     "429 is duet's error object");
is($r->{headers}{'retry-after'}, '1', '... with Retry-After');

@s = burst(500, '/api/v1/networks', 'X-Forwarded-For: 198.51.100.2');
ok(count(429, @s) > 0, 'API: 500 at once from one address meet the ceiling ('
   . count(429, @s) . ' refused)');
is(count(401, @s) + count(429, @s), 500, '... the rest reach the module (401)');
@s = burst(500, '/api/v1/networks');
is(count(429, @s), 0, '... but not from loopback');

my $api_key = 'duet_live_' . ('A' x 43);
@s = burst(80, '/api/v1/sign/sessions', "x-api-key: $api_key",
           'X-Forwarded-For: 198.51.100.3');
ok(count(429, @s) > 0, '80 signing requests with one key at once: '
   . count(429, @s) . ' refused (burst 40: limit_req reads the key id '
   . 'before the access phase)');
@s = burst(80, '/api/v1/sign/sessions', "x-api-key: $api_key");
is(count(429, @s), 0, '... none from loopback');

# duetd's socket is missing here: nginx logs [crit] for each connect().
my @bad = grep { !/connect\(\) to unix:.* failed/ }
    grep { /\[(?:emerg|alert|crit)\]/ } split /\n/, slurp("$p/logs/error.log");
is_deeply(\@bad, [], 'no other emerg, alert or crit in the error log');

# --- duet-upstream.conf + duet-http.conf + duet.conf -----------------------------
sub composed {
    my ($p, $server_extra) = @_;
    return <<"EOF";
load_module $module;
pid $p/nginx.pid;
error_log $p/logs/error.log info;
events {
    worker_connections 64;
}
http {
@{[ temp_paths($p) ]}
    access_log $p/logs/access.log;
    include duet-http.conf;
    include duet-upstream.conf;
    server {
        listen 127.0.0.1:@{[ free_port() ]} ssl;
        ssl_certificate $keys/tls.pem;
        ssl_certificate_key $keys/tls.key;
$server_extra
        include duet.conf;
    }
}
EOF
}

$p = prefix();
($passed, $out) = nginx_t($p, composed($p, "        duet_jwt_key_file $es256;"));
ok($passed, 'duet-upstream.conf + duet-http.conf + duet.conf pass nginx -t')
    or diag($out);

$p = prefix();
($passed, $out) = nginx_t($p, composed($p, "        duet_jwt_key_file $keys/good.jwks;"));
ok($passed, '... with a JWKS for the key') or diag($out);

$p = prefix();
($passed, $out) = nginx_t($p, composed($p, ''));
ok(!$passed, 'duet.conf without duet_jwt_key_file fails nginx -t');
like($out, qr/\[emerg\].*"duet_auth jwt" requires "duet_jwt_key_file"/,
     '... saying the key file is missing');

# local.conf.in as run-local fills it.
$p = prefix();
mkdir "$p/tls";
copy("$keys/tls.pem", "$p/tls/cert.pem") or die;
copy("$keys/tls.key", "$p/tls/key.pem") or die;
my $local = slurp("$confdir/local.conf.in");
my %fill = (PREFIX => $p, MODULE => $module, SOCKET => "$p/duetd.sock",
            LISTEN => '127.0.0.1:' . free_port(), JWT_KEY_FILE => $es256,
            USER_DIRECTIVE => '');
my $names = join '|', keys %fill;
$local =~ s/\@($names)\@/$fill{$1}/g;
my @left = grep { !/^\s*#/ && /\@[A-Z_]+\@/ } split /\n/, $local;
is_deeply(\@left, [], 'local.conf.in has no placeholder run-local does not fill');
mkdir "$p/tmp";
($passed, $out) = nginx_t($p, $local);
ok($passed, 'local.conf.in with the shipped snippets passes nginx -t')
    or diag($out);

# --- run-local: the shipped snippets and its own session-token key ------------
# es256_jwt($private_key_file, \%claims): a token signed with that key.
sub es256_jwt {
    my ($key, $claims) = @_;
    my $enc = sub { encode_base64url($_[0]) };
    my $claims_json = join ',', map {
        my $v = $claims->{$_};
        $v =~ /^\d+$/ ? qq("$_":$v) : qq("$_":"$v")
    } sort keys %$claims;
    my $input = $enc->('{"alg":"ES256","typ":"JWT"}') . '.'
        . $enc->("{$claims_json}");
    write_file("$top/jwt-input", $input);
    my $der = sh($openssl, 'dgst', '-sha256', '-binary', '-sign', $key,
                 "$top/jwt-input");
    # ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }: JWS wants
    # r || s, each 32 bytes.
    my (undef, undef, $rest) = unpack('C C a*', $der);
    my ($rl) = unpack('x C', $rest);
    my $r = substr($rest, 2, $rl);
    my ($sl) = unpack('x C', substr($rest, 2 + $rl));
    my $s = substr($rest, 4 + $rl, $sl);
    my $fix = sub { my $n = $_[0] =~ s/^\0+//r; ("\0" x (32 - length $n)) . $n };
    return "$input." . $enc->($fix->($r) . $fix->($s));
}

my $state = state_dir();
my $rl_port = free_port();
my @where = ('--state-dir', $state, '--port', $rl_port);
my ($rc, $rl_out) = run_local('start', @where);
is($rc, 0, 'run-local starts with the shipped snippets') or diag($rl_out);
END { run_local('stop', @where) if $state; }

for my $f (qw(duet-http.conf duet.conf duet_fastcgi_params)) {
    is(slurp("$state/nginx/$f"), slurp("$confdir/$f"),
       "run-local's nginx uses nginx-conf/$f as shipped");
}
my $private = "$state/data/jwt-private.pem";
my @st = stat $private;
is($st[2] & 07777, 0600, 'the session-token private key is 0600');
is($st[4], (stat "$state/data")[4], '... owned by the user duetd runs as');
like(slurp("$state/nginx/jwt-public.pem"), qr/^-----BEGIN PUBLIC KEY-----/,
     'nginx has the public key');
like(slurp("$state/nginx/nginx.conf"),
     qr{^\s*duet_jwt_key_file\s+\Q$state\E/nginx/jwt-public\.pem;}m,
     '... in duet_jwt_key_file');

my $rl = "https://127.0.0.1:$rl_port";
my $rl_ca = "$state/nginx/tls/cert.pem";
my %claims = (sub => 'alice', jti => 'j1', exp => time + 300);
my $good = es256_jwt($private, \%claims);
my $forged = es256_jwt("$keys/es256.key", \%claims);

sub bearer {
    my ($tok) = @_;
    my $hdr = File::Temp->new;
    my $body = sh($ENV{DUET_CURL}, '-sS', '--cacert', $rl_ca, '-D',
                  $hdr->filename, '-H', "Authorization: Bearer $tok",
                  "$rl/api/v1/networks");
    return (slurp($hdr->filename), $body);
}
my ($h, $b) = bearer($forged);
like($h, qr/error_description="bad signature"/,
     'a token signed with another key: the module refuses it');
($h, $b) = bearer($good);
unlike($h, qr/error="invalid_token"/,
       "a token signed with run-local's key passes the module")
    or diag($h, $b);

my $before = slurp($private);
($rc, $rl_out) = run_local('stop', @where);
is($rc, 0, 'run-local stops') or diag($rl_out);
($rc, $rl_out) = run_local('start', @where);
is($rc, 0, 'and starts again') or diag($rl_out);
is(slurp($private), $before, '... keeping its key pair');
($h, $b) = bearer($good);
unlike($h, qr/error="invalid_token"/, '... which nginx still accepts');
($rc, $rl_out) = run_local('stop', @where);
is($rc, 0, 'run-local stops') or diag($rl_out);

# --- nginx -t refuses bad values, naming the directive -------------------------
# One minimal server; $http and $location are spliced in.
sub minimal {
    my ($p, $http, $location) = @_;
    return <<"EOF";
load_module $module;
pid $p/nginx.pid;
events {
}
http {
@{[ temp_paths($p) ]}
    access_log off;
$http
    server {
        listen 127.0.0.1:@{[ free_port() ]};
        location / {
$location
            return 204;
        }
    }
}
EOF
}

# refused($name, $http, $location, $directive, @also): nginx -t fails with
# an [emerg] that names the directive (and each of @also).
sub refused {
    my ($name, $http, $location, $directive, @also) = @_;
    my $p = prefix();
    my ($passed, $out) = nginx_t($p, minimal($p, $http, $location));
    my $emerg = (grep { /\[emerg\]/ } split /\n/, $out)[0] // '';
    my $good = !$passed && $emerg =~ /\Q$directive\E/
        && !grep { $emerg !~ /\Q$_\E/ } @also;
    ok($good, "nginx -t refuses $name");
    diag("nginx -t said: $out") if !$good;
}

sub accepted {
    my ($name, $http, $location) = @_;
    my $p = prefix();
    my ($passed, $out) = nginx_t($p, minimal($p, $http, $location));
    ok($passed, "nginx -t accepts $name") or diag($out);
}

my $key = "duet_jwt_key_file $es256;";

# Controls: the same configuration with good values passes, so every refusal
# below is the bad value's.
accepted('duet_auth jwt api_key operator with a PEM key', $key,
         'duet_auth jwt api_key operator;');
accepted('a JWKS key file', "duet_jwt_key_file $keys/good.jwks;",
         'duet_auth jwt;');
accepted('duet_auth off, api_key alone, operator alone', '',
         "duet_auth off;\n}\nlocation /a { duet_auth api_key; }\n"
         . "location /o { duet_auth operator;");
accepted('the other directives with good values', $key,
         "duet_auth jwt; duet_jwt_leeway 30s; duet_auth_status 403;\n"
         . "duet_csrf off; duet_csrf_origin https://a.example "
         . "https://b.example:8443;\n"
         . 'duet_jwt_cookie __Host-x; duet_jwt_issuer https://i.example; '
         . 'duet_jwt_audience duet; duet_api_key_header x-key;');

refused('duet_auth bogus', '', 'duet_auth bogus;', 'duet_auth', 'bogus');
refused('duet_auth jwt jwt', $key, 'duet_auth jwt jwt;', 'duet_auth');
refused('duet_auth off jwt', $key, 'duet_auth off jwt;', 'duet_auth');
refused('duet_auth jwt without a key file', '', 'duet_auth jwt;',
        'duet_auth', 'duet_jwt_key_file');
refused('a key file that does not exist',
        'duet_jwt_key_file /nonexistent/jwt.pem;', '', 'duet_jwt_key_file',
        '/nonexistent/jwt.pem');
refused('an RSA key', "duet_jwt_key_file $rsa;", '', 'duet_jwt_key_file',
        $rsa);
refused('a P-384 key', "duet_jwt_key_file $p384;", '', 'duet_jwt_key_file',
        $p384);
refused('a key file of garbage', "duet_jwt_key_file $garbage;", '',
        'duet_jwt_key_file', $garbage);
refused('a JWKS with a bad entry', "duet_jwt_key_file $keys/bad.jwks;", '',
        'duet_jwt_key_file', "$keys/bad.jwks", 'keys[1]');
refused('duet_jwt_leeway x', '', 'duet_jwt_leeway x;', 'duet_jwt_leeway');
refused('duet_auth_status 200', '', 'duet_auth_status 200;',
        'duet_auth_status');
refused('duet_csrf maybe', '', 'duet_csrf maybe;', 'duet_csrf');
refused('an origin with a path', '',
        'duet_csrf_origin https://a.example/path;', 'duet_csrf_origin',
        'https://a.example/path');
refused('an origin without a scheme', '', 'duet_csrf_origin a.example;',
        'duet_csrf_origin', 'a.example');
refused('duet_auth twice at one level', $key,
        "duet_auth jwt;\nduet_auth api_key;", 'duet_auth', 'duplicate');
refused('duet_jwt_leeway twice at one level', '',
        "duet_jwt_leeway 5s;\nduet_jwt_leeway 10s;", 'duet_jwt_leeway',
        'duplicate');

done_testing();
