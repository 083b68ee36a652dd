#!/usr/bin/perl
# Reloading nginx re-reads the module's configuration, key files included:
#   - audience A and key K1, then "nginx -s reload" onto audience B and key
#     K2: the new workers refuse the A/K1 token and accept a B/K2 one;
#   - requests in a loop during the reload see no connection error and no
#     5xx;
#   - a broken key file: "nginx -t" fails naming duet_jwt_key_file and the
#     file, "nginx -s reload" refuses to signal, and a master told to
#     reload anyway (SIGHUP) keeps its old workers serving the old keys.

use strict;
use warnings;

use FindBin;
use lib "$FindBin::Bin/lib";
use POSIX ();
use Test::More;
use Time::HiRes qw(sleep);

use Duet::Nginx qw(http slurp write_file es256_keypair jwt_es256);

my $t = Duet::Nginx->new;
my $dir = $t->prefix;
my $stub = $t->stub_start('n1');
my ($k1, $k1pub) = es256_keypair($dir, 'k1');
my ($k2, $k2pub) = es256_keypair($dir, 'k2');
write_file("$dir/broken.pem", "-----BEGIN PUBLIC KEY-----\nnot a key\n"
           . "-----END PUBLIC KEY-----\n");

sub conf {
    my ($aud, $keyfile) = @_;
    my %v = (STUB => $stub->{addr}, AUD => $aud, KEY => $keyfile);
    $t->write_conf(<<'EOF', %v);
    server {
        listen  127.0.0.1:%%PORT%%;

        duet_jwt_key_file   %%KEY%%;
        duet_jwt_audience   %%AUD%%;

        location /api/v1/ {
            duet_auth     jwt;
            include       %%CONFDIR%%/duet_fastcgi_params;
            fastcgi_pass  %%STUB%%;
        }
    }
EOF
}

my $now = time;
sub token {
    my ($key, $aud) = @_;
    return jwt_es256($key, { alg => 'ES256', typ => 'JWT' },
                     { sub => 'alice', aud => $aud, iat => $now,
                       exp => $now + 3600 });
}
my $tok_a = token($k1, 'aud-a');
my $tok_b = token($k2, 'aud-b');

sub status_with {
    my ($tok) = @_;
    return http('GET', $t->base . '/api/v1/whoami',
                { Authorization => "Bearer $tok" })->{status};
}

conf('aud-a', "$dir/k1.pub");
$t->start;
is(status_with($tok_a), 200, 'before the reload: the A/K1 token is 200');
is(status_with($tok_b), 401, 'before the reload: the B/K2 token is 401');

# --- a reload under load ------------------------------------------------------
my $statuses = "$dir/loop.statuses";
my $stop = "$dir/loop.stop";
my $loop = fork // die "fork: $!";
if (!$loop) {
    open my $out, '>>', $statuses or POSIX::_exit(1);
    $out->autoflush(1);
    until (-e $stop) {
        my $r = http('GET', $t->base . '/api/v1/loop',
                     { Authorization => "Bearer $tok_a" });
        print {$out} $r->{status}, "\n";
    }
    # Not exit: the parent's END blocks (stopping nginx) are not ours.
    POSIX::_exit(0);
}
sleep 0.5;

conf('aud-b', "$dir/k2.pub");
my @old = $t->workers;
ok($t->reload, 'nginx -s reload replaces the workers')
    or diag($t->errorlog);
isnt(join(',', $t->workers), join(',', @old), 'the worker pids changed');
is(status_with($tok_a), 401, 'after the reload: the A/K1 token is 401');
is(status_with($tok_b), 200, 'after the reload: the B/K2 token is 200');

sleep 0.5;
write_file($stop, '');
waitpid $loop, 0;
my @seen = split /\n/, slurp($statuses);
cmp_ok(scalar @seen, '>=', 5, 'the loop made requests during the reload ('
       . scalar(@seen) . ')');
is(scalar(grep { $_ == 0 } @seen), 0, 'the loop saw no connection error');
is(scalar(grep { $_ >= 500 } @seen), 0, 'the loop saw no 5xx');
is(scalar(grep { $_ != 200 && $_ != 401 } @seen), 0,
   'the loop saw only 200 and 401');
ok(scalar(grep { $_ == 200 } @seen) && $seen[-1] == 401,
   'the loop saw the A/K1 token accepted, then refused');

# --- a broken key file --------------------------------------------------------
conf('aud-b', "$dir/broken.pem");
my ($rc, $out) = $t->nginx_t;
isnt($rc, 0, 'nginx -t fails with a broken key file');
like($out, qr/duet_jwt_key_file/, 'nginx -t names duet_jwt_key_file');
like($out, qr/\Q$dir\E\/broken\.pem/, 'nginx -t names the file');

($rc, $out) = $t->signal_reload;
isnt($rc, 0, 'nginx -s reload refuses to signal with a broken key file');
like($out, qr/duet_jwt_key_file/, 'nginx -s reload names duet_jwt_key_file');

@old = $t->workers;
my $before = () = $t->errorlog =~ /duet_jwt_key_file/g;
ok(!$t->hup(3), 'a master told to reload (SIGHUP) keeps its workers');
my $after = () = $t->errorlog =~ /duet_jwt_key_file/g;
cmp_ok($after, '>', $before, 'the master logged the broken duet_jwt_key_file');
is(join(',', $t->workers), join(',', @old), 'the old workers still run');
is(status_with($tok_b), 200, 'the old workers still accept the B/K2 token');
is(status_with($tok_a), 401, 'and still refuse the A/K1 token');

unlike($t->errorlog, qr/exited on signal/, 'no nginx process crashed');

done_testing();
