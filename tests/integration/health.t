#!/usr/bin/perl
# nginx (with ngx_http_duet_module loaded) -> FastCGI -> duetd, started by the
# real scripts/run-local on loopback in a temp directory:
#   - run-local --config hands duetd its settings file;
#   - GET /health through TLS answers the JSON health object;
#   - unknown routes and methods get the JSON error object;
#   - the data directory, SQLite store and KMS key are created with safe modes;
#   - a worker killed with SIGKILL is replaced and service continues;
#   - nginx lets 8 MiB bodies through to the DKG rounds route, 1 MiB elsewhere;
#   - SIGTERM drains: a request in flight completes, then duetd exits 0.

use strict;
use warnings;

use FindBin;
use lib "$FindBin::Bin/lib";
use JSON::PP;
use Test::More;
use Time::HiRes qw(sleep);

use Duet::TestEnv qw(env_or_skip state_dir free_port run_local https
                     children_of workers_of wait_for slurp write_file
                     fcgi_connect fcgi_begin fcgi_params fcgi_end_params
                     fcgi_stdin_end fcgi_read_response);

env_or_skip();

my $state = state_dir();
my $port = free_port();
my @where = ('--state-dir', $state, '--port', $port);
my $cacert = "$state/nginx/tls/cert.pem";
my $base = "https://127.0.0.1:$port";
my $json = JSON::PP->new;

# The file, not run-local's own defaults, decides workers and drain time.
write_file("$state/duetd.conf", "workers = 2\ndrain_timeout = 5\n");
my ($rc, $out) = run_local('start', @where, '--config', "$state/duetd.conf");
is($rc, 0, 'run-local start succeeds') or diag($out);
my $settings = slurp("$state/duetd.settings");
like($settings, qr/^# duetd .*\Q$state\E\/duetd\.conf/m,
     'run-local passes --config to duetd');
like($settings, qr/^drain_timeout = 5$/m, 'the file sets drain_timeout');
like($out, qr{running at https://127\.0\.0\.1:$port}, 'start prints the URL');
like($out, qr{stop it with: make stop}, 'start says how to stop');

END {
    # Never leave servers behind, whatever failed.
    run_local('stop', @where) if $state;
}

# --- /health through nginx over TLS -----------------------------------------
my $r = https('GET', "$base/health", $cacert);
is($r->{status}, 200, 'GET /health through nginx over TLS is 200');
like($r->{headers}{'content-type'} // '', qr{^application/json},
     '/health is JSON');
my $h = eval { $json->decode($r->{body}) } // {};
is($h->{status}, 'ok', 'health status ok');
is($h->{store}, 'ok', 'SQLite store is healthy');
is($h->{kms}, 'ok', 'local-file KMS is healthy');
like($h->{version} // '', qr/^\d+\.\d+\.\d+$/, 'version reported');
like($h->{uptime} // '', qr/^\d+$/, 'uptime in whole seconds');

# --- JSON errors --------------------------------------------------------------
$r = https('GET', "$base/no/such/route", $cacert);
is($r->{status}, 404, 'unknown route is 404');
my $e = eval { $json->decode($r->{body}) } // {};
is($e->{statusCode}, 404, '404 body carries statusCode');
like($e->{message} // '', qr{no route for GET /no/such/route},
     '404 message names the route');
like($e->{timestamp} // '', qr/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/,
     '404 timestamp is ISO-8601 UTC');

$r = https('POST', "$base/health", $cacert);
is($r->{status}, 405, 'POST /health is 405');
is($r->{headers}{allow}, 'GET', '405 names the allowed method');
$e = eval { $json->decode($r->{body}) } // {};
like($e->{message} // '', qr{method POST is not allowed on /health},
     '405 message names method and path');

# --- what was created on disk ------------------------------------------------
my $data = "$state/data";
ok(-d $data, 'data directory created');
is((stat $data)[2] & 07777, 0700, 'data directory is 0700');
ok(-s "$data/duet.sqlite3", 'SQLite store file created');
my @key = stat "$data/kms/master.key";
is($key[7], 65, 'KMS master key file is 64 hex digits and a newline');
is($key[2] & 07777, 0600, 'KMS master key is 0600');
isnt(slurp("$data/kms/master.key"), "\0" x 32, 'KMS master key is not zero');
if ($> == 0) {
    my $duet_uid = getpwnam('duet');
    is($key[4], $duet_uid, 'as root, duetd runs as the duet user');
    my @ngx = grep { slurp("/proc/$_/cmdline") =~ /^nginx: worker/ }
        children_of(slurp("$state/nginx/nginx.pid") =~ s/\s+//r);
    ok(@ngx && (stat "/proc/$ngx[0]")[4] != 0, 'nginx worker is not root');
}

my $error_log = slurp("$state/nginx/logs/error.log");
unlike($error_log, qr/\[emerg\]|\[alert\]/, 'nginx logged no emerg/alert');

# --- request body limits ---------------------------------------------------
# DKG rounds at level 128 carry large proofs: nginx passes up to 8 MiB on
# /api/v1/dkg/ (duetd answers, whatever it thinks of the body), 1 MiB
# elsewhere (nginx answers 413 itself).
write_file("$state/2m.json", '{"messages":["' . ('a' x (2 << 20)) . '"]}');
write_file("$state/9m.json", '{"messages":["' . ('a' x (9 << 20)) . '"]}');
$r = https('POST', "$base/api/v1/dkg/sessions/n1.x/rounds", $cacert,
           "$state/2m.json");
isnt($r->{status}, 413, 'a 2 MiB DKG round gets through nginx');
like($r->{body}, qr/"statusCode":\s*\d{3}/, 'and duetd answers it');
$r = https('POST', "$base/api/v1/dkg/sessions/n1.x/rounds", $cacert,
           "$state/9m.json");
is($r->{status}, 413, 'a 9 MiB DKG round is refused by nginx');
$r = https('POST', "$base/api/v1/signers", $cacert, "$state/2m.json");
is($r->{status}, 413, 'a 2 MiB body elsewhere is refused by nginx');
my $too = eval { $json->decode($r->{body}) } // {};
is($too->{statusCode}, 413, "nginx's 413 is duet's JSON error object");
like($too->{message} // '', qr{too large for /api/v1/signers},
     '... naming the route');
like($too->{timestamp} // '', qr/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/,
     '... with the ISO-8601 UTC timestamp duetd writes');
unlink "$state/2m.json", "$state/9m.json";

# --- a worker killed with SIGKILL is replaced --------------------------------
my $sup = slurp("$state/duetd.pid") =~ s/\s+//r;
my @before = workers_of($sup);
is(scalar @before, 2, 'duetd runs 2 workers');
kill 'KILL', $before[0];
my $replaced = wait_for(5, sub {
    my @now = workers_of($sup);
    return @now == 2 && !grep({ $_ == $before[0] } @now) ? \@now : undef;
});
ok($replaced, 'the killed worker is replaced');
like(slurp("$state/logs/duetd.log"), qr/worker $before[0] killed by signal 9/,
     'the supervisor logs the death');
$r = https('GET', "$base/health", $cacert);
is($r->{status}, 200, 'service continues after the kill');

# --- SIGTERM drains ----------------------------------------------------------
# Hold a request open on duetd's socket (params not yet finished), send
# SIGTERM, then finish the request: it must be answered, and only then
# should duetd exit, cleanly.
my $sock = fcgi_connect("$state/run/duetd.sock");
fcgi_begin($sock);
fcgi_params($sock, REQUEST_METHOD => 'GET', DOCUMENT_URI => '/health',
            REQUEST_URI => '/health');
sleep 0.3;
kill 'TERM', $sup;
sleep 0.5;
ok(kill(0, $sup), 'duetd waits for the request in flight');
my @busy = workers_of($sup);
is(scalar @busy, 1, 'idle workers exit at once');
fcgi_end_params($sock);
fcgi_stdin_end($sock);
my $resp = fcgi_read_response($sock) // '';
like($resp, qr/^Status: 200 OK\r\n/, 'the request in flight is answered');
like($resp, qr/"status":"ok"/, 'with a complete body');
close $sock;

ok(wait_for(5, sub { !kill(0, $sup) }), 'duetd exits after draining');
my $log = slurp("$state/logs/duetd.log");
like($log, qr/all workers drained/, 'no worker had to be killed');
like($log, qr/exiting with status 0/, 'duetd exits with status 0');
ok(!-e "$state/run/duetd.sock", 'socket removed on exit');

$r = https('GET', "$base/health", $cacert);
is($r->{status}, 502, 'nginx answers 502 once duetd is gone');

($rc, $out) = run_local('stop', @where);
is($rc, 0, 'run-local stop succeeds') or diag($out);
ok(!-e "$state/nginx/nginx.pid" || !kill(0, slurp("$state/nginx/nginx.pid") =~ s/\s+//r),
   'nginx stopped');

my $all = slurp("$state/logs/duetd.log");
unlike($all, qr/\berror\b/, 'duetd logged no error') or diag($all);

done_testing();
