#!/usr/bin/perl
# duetd on its own (no nginx), spoken to over FastCGI on its unix socket:
#   (a) --check-config: a good file prints the settings and exits 0; bad
#       files exit 1 naming "file:line: key:"; --new-operator-token;
#   (b) socket activation: a listening socket passed as fd 3 with
#       LISTEN_FDS/LISTEN_PID is served, and no socket path is created or
#       removed;
#   (c) SIGHUP re-reads the file and replaces the workers (new pids, as many
#       as the file now says), the socket answering throughout; a bad file
#       changes nothing; restart-only keys are kept with a warning;
#   (d) max_requests recycles a worker after that many requests.
# As root, duetd runs as the `duet` user (scripts/bootstrap creates it).

use strict;
use warnings;

use FindBin;
use lib "$FindBin::Bin/lib";
use Fcntl qw(F_GETFD F_SETFD FD_CLOEXEC);
use IO::Socket::UNIX;
use POSIX qw(dup2 _exit WNOHANG);
use Socket qw(SOCK_STREAM);
use Test::More;
use Time::HiRes qw(sleep time);

use Duet::TestEnv qw(duetd_or_skip state_dir workers_of wait_for slurp write_file
                     fcgi_get);

my ($duetd, $user_line) = duetd_or_skip();

my $state = state_dir();
my @running;

END {
    # Never leave a duetd behind, whatever failed.
    for my $pid (@running) {
        kill 'KILL', $pid if $pid && kill 0, $pid;
    }
}

# run_duetd(@args) -> (exit code, stdout and stderr)
sub run_duetd {
    my $cmd = join ' ', map { quotemeta } $duetd, @_;
    my $out = qx{$cmd 2>&1};
    return ($? >> 8, $out);
}

# start_duetd($conf, $log[, $inherit_fh]): duetd in the background with
# --config $conf, output to $log; with $inherit_fh, that socket as fd 3
# and LISTEN_FDS=1, LISTEN_PID=<duetd's pid>.  Returns the pid.
sub start_duetd {
    my ($conf, $log, $inherit) = @_;
    my $pid = fork() // die "fork: $!";
    if ($pid == 0) {
        my $three;      # in scope until exec: dropping it closes fd 3
        open STDIN, '<', '/dev/null' or _exit(120);
        open STDOUT, '>>', $log or _exit(121);
        open STDERR, '>&', \*STDOUT or _exit(122);
        if ($inherit) {
            my $fd = fileno $inherit;
            if ($fd != 3) {
                dup2($fd, 3) or _exit(123);
            }
            # dup2 clears close-on-exec, but fd 3 may be the original.
            open $three, '<&=', 3 or _exit(124);
            my $flags = fcntl($three, F_GETFD, 0) or _exit(125);
            fcntl($three, F_SETFD, $flags & ~FD_CLOEXEC) or _exit(126);
            $ENV{LISTEN_FDS} = 1;
            $ENV{LISTEN_PID} = $$;     # exec keeps the pid
            $ENV{LISTEN_FDNAMES} = 'duetd';
        }
        exec $duetd, '--config', $conf or _exit(127);
    }
    push @running, $pid;
    return $pid;
}

# stop_duetd($pid) -> exit status (or -1 if it did not exit in 15 s)
sub stop_duetd {
    my ($pid) = @_;
    kill 'TERM', $pid;
    my $deadline = time + 15;
    while (time < $deadline) {
        my $r = waitpid($pid, WNOHANG);
        if ($r == $pid) {
            @running = grep { $_ != $pid } @running;
            return $? >> 8;
        }
        sleep 0.05;
    }
    return -1;
}

sub healthy {
    my ($sock) = @_;
    my $r = fcgi_get($sock, '/health') // '';
    return $r =~ m{^Status: 200 OK\r\n} && $r =~ /"status":"ok"/;
}

# --- (a) --check-config -----------------------------------------------------
my $good = "$state/good.conf";
my ($token_out);
{
    my ($rc, $out) = run_duetd('--new-operator-token');
    is($rc, 0, '--new-operator-token exits 0');
    like($out, qr{\Aduet_op_[A-Za-z0-9_-]{43}\n
                  operator_token_sha256\x20=\x20[0-9a-f]{64}\n\z}x,
         'it prints a token and its config line');
    ($token_out) = $out =~ /^(operator_token_sha256 = [0-9a-f]{64})$/m;
}
write_file($good, <<"CONF");
# a good file
listen = $state/a/d.sock   # comment
data_dir = $state/a/data
${user_line}workers = 3
node_tag = t1
log_syslog = no
session_slot_bytes = 4m
@{[ $token_out // '' ]}
CONF
{
    my ($rc, $out) = run_duetd('--config', $good, '--check-config');
    is($rc, 0, '--check-config on a good file exits 0') or diag($out);
    like($out, qr/^# duetd .*\Q$good\E/m, 'it names the file');
    like($out, qr/^workers = 3$/m, 'it prints the file\'s workers');
    like($out, qr/^node_tag = t1$/m, 'and node_tag');
    like($out, qr/^session_slot_bytes = 4194304$/m, 'and sizes in bytes');
    like($out, qr/^store_path = \Q$state\E\/a\/data\/duet\.sqlite3$/m,
         'and the derived store_path');
    like($out, qr/^max_requests = 10000$/m, 'and defaults for the rest');
    like($out, qr/^operator_token_sha256 = \(set\)$/m,
         'the operator hash is only said to be set');
    unlike($out, qr/[0-9a-f]{64}/, 'and never printed');
    my @keys = $out =~ /^([a-z_0-9]+) =/mg;
    cmp_ok(scalar @keys, '>=', 32, 'every key is printed');
    ok(!-e "$state/a", '--check-config creates nothing');

    ($rc, $out) = run_duetd('--config', $good, '--check-config',
                            '--workers', 5);
    like($out, qr/^workers = 5$/m, 'the command line overrides the file');
}

my @bad = (
    [ "workers = 2\nbogus = 1\n", 2, 'bogus', qr/unknown key/ ],
    [ "workers = 0\n", 1, 'workers', qr/'0' is not a number in 1\.\.256/ ],
    [ "node_tag = Node1\n", 1, 'node_tag',
      qr/'Node1' is not 1 to 16 characters/ ],
    [ "log_syslog = no\nlevel = 112\n", 2, 'level',
      qr/level 112 is for tests and comparison only; set allow_insecure/ ],
    [ "operator_token_sha256 = 1234\n", 1, 'operator_token_sha256',
      qr/not 64 hex digits/ ],
    [ "kms_backend = vault\n", 1, 'kms_backend', qr/vault needs vault_addr/ ],
    [ "prime_target = 4\nprime_low_watermark = 6\n", 2,
      'prime_low_watermark', qr/6 is above prime_target \(4\)/ ],
    [ "workers = 2\nworkers = 3\n", 2, 'workers',
      qr/duplicate key \(first set on line 1\)/ ],
    [ "session_slot_bytes = 100\n", 1, 'session_slot_bytes',
      qr/'100' is not a size/ ],
);
my $n = 0;
for my $case (@bad) {
    my ($text, $line, $key, $msg) = @$case;
    my $file = "$state/bad" . $n++ . '.conf';
    write_file($file, $text);
    my ($rc, $out) = run_duetd('--config', $file, '--check-config');
    is($rc, 1, "--check-config exits 1: $key") or diag($out);
    like($out, qr/^duetd: \Q$file\E:$line: $key: $msg/m,
         "  and says $file:$line: $key:") or diag($out);
}
{
    my $file = "$state/multi.conf";
    write_file($file, "workers = 0\nnode_tag = X\nfoo = 1\n");
    my ($rc, $out) = run_duetd('--config', $file, '--check-config');
    my @lines = $out =~ /^duetd: \Q$file\E:(\d+): /mg;
    is("@lines", '1 2 3', 'every error of a file is reported');
    ($rc, $out) = run_duetd('--config', "$state/none.conf", '--check-config');
    is($rc, 1, 'a missing --config file exits 1');
    like($out, qr/none\.conf: cannot read/, '  and says why');
}

# --- (b) socket activation (LISTEN_FDS) ------------------------------------
{
    my $path = "$state/inherited.sock";
    my $listener = IO::Socket::UNIX->new(Type => SOCK_STREAM, Local => $path,
                                         Listen => 16)
        or die "listen $path: $!";
    chmod 0666, $path;
    my $conf = "$state/b.conf";
    write_file($conf, "listen = $state/b/unused.sock\ndata_dir = "
               . "$state/b/data\n${user_line}workers = 2\n");
    my $log = "$state/b.log";
    my $pid = start_duetd($conf, $log, $listener);
    close $listener;    # duetd has it now

    ok(wait_for(10, sub { healthy($path) }),
       'a FastCGI request on the inherited socket gets 200 from /health')
        or diag(slurp($log));
    # One worker answering does not mean the second has named itself yet.
    ok(wait_for(5, sub { workers_of($pid) == 2 }), 'two workers serve it')
        or diag('workers now: ' . join(' ', workers_of($pid)));
    ok(!-e "$state/b/unused.sock", 'no socket path is created');
    like(slurp($log), qr/listening on inherited fd 3/,
         'the log says the socket was inherited');
    ok(healthy($path) && healthy($path), 'and it keeps answering');
    is(stop_duetd($pid), 0, 'SIGTERM: duetd exits 0');
    ok(-S $path, 'the inherited socket path is left alone');
    unlink $path;

    # LISTEN_PID of another process: not ours, so duetd makes its socket
    # (in a directory of its own, which it creates for its user).
    write_file($conf, "listen = $state/b2/own.sock\ndata_dir = "
               . "$state/b/data\n${user_line}workers = 2\n");
    my $listener2 = IO::Socket::UNIX->new(Type => SOCK_STREAM,
                                          Local => "$state/other.sock",
                                          Listen => 1) or die;
    my $pid2 = fork() // die;
    if ($pid2 == 0) {
        open STDOUT, '>>', "$state/b2.log" or _exit(121);
        open STDERR, '>&', \*STDOUT or _exit(122);
        dup2(fileno $listener2, 3) or _exit(123);
        $ENV{LISTEN_FDS} = 1;
        $ENV{LISTEN_PID} = 1;
        exec $duetd, '--config', $conf or _exit(127);
    }
    push @running, $pid2;
    ok(wait_for(10, sub { healthy("$state/b2/own.sock") }),
       'LISTEN_PID of another process: duetd creates its own socket')
        or diag(slurp("$state/b2.log"));
    is(stop_duetd($pid2), 0, 'and exits 0');
    ok(!-e "$state/b2/own.sock", 'removing its own socket on exit');
    close $listener2;
}

# --- (c) SIGHUP re-reads the file and replaces the workers ------------------
{
    my $sock = "$state/c/d.sock";
    my $conf = "$state/c.conf";
    my $base = "listen = $sock\ndata_dir = $state/c/data\n${user_line}";
    write_file($conf, $base . "workers = 2\nlog_level = info\n");
    my $log = "$state/c.log";
    my $pid = start_duetd($conf, $log);
    ok(wait_for(10, sub { healthy($sock) }), 'duetd answers')
        or diag(slurp($log));
    my $w = wait_for(5, sub {
        my @w = workers_of($pid);
        return @w == 2 ? \@w : undef;
    });
    my @old = @{ $w // [] };
    is(scalar @old, 2, 'two workers at first');

    # Requests in a loop while the workers are replaced.
    my $tally = "$state/c.tally";
    my $hammer = fork() // die;
    if ($hammer == 0) {
        my ($okc, $bad) = (0, 0);
        my $end = time + 2;
        while (time < $end) {
            healthy($sock) ? $okc++ : $bad++;
        }
        open my $fh, '>', $tally or _exit(1);
        print {$fh} "$okc $bad\n";
        close $fh;
        _exit(0);
    }
    sleep 0.5;
    write_file($conf, $base . "workers = 3\nlog_level = debug\n"
               . "node_tag = zz\n");
    kill 'HUP', $pid;
    my $new = wait_for(10, sub {
        my @w = workers_of($pid);
        my %was = map { $_ => 1 } @old;
        return @w == 3 && !grep({ $was{$_} } @w) ? \@w : undef;
    });
    ok($new, 'after SIGHUP: three workers, none of the old ones')
        or diag('workers now: ' . join(' ', workers_of($pid)));
    waitpid($hammer, 0);
    my ($okc, $bad) = split ' ', slurp($tally) || '0 1';
    cmp_ok($okc, '>', 10, "requests kept being answered ($okc)");
    is($bad, 0, 'none failed while the workers were replaced');
    ok(healthy($sock), 'the socket answers after the reload');
    my $l = slurp($log);
    like($l, qr/configuration reloaded; replacing workers with 3 new ones/,
         'the reload is logged');
    like($l, qr/warn\ duetd_options_reload:\ node_tag:\ changed\ to\ 'zz'
                \ but\ needs\ a\ restart;\ keeping\ 'n1'/x,
         'a restart-only change is kept back, with a warning');
    my ($after) = $l =~ /configuration reloaded(.*)\z/s;
    like($after // '', qr/ debug /, 'the new log_level applies');

    # A file that does not validate changes nothing.
    my @before = workers_of($pid);
    write_file($conf, $base . "workers = 0\n");
    kill 'HUP', $pid;
    ok(wait_for(5, sub { slurp($log) =~ /configuration not reloaded/ }),
       'a bad file on SIGHUP is refused');
    like(slurp($log),
         qr/error config: \Q$conf\E:\d+: workers: '0' is not a number/,
         'with file, line and key in the log');
    sleep 0.3;
    is(join(' ', workers_of($pid)), join(' ', @before),
       'and the running workers stay');
    ok(healthy($sock), 'still answering');

    # Fewer workers.
    write_file($conf, $base . "workers = 1\n");
    kill 'HUP', $pid;
    ok(wait_for(10, sub {
        my @w = workers_of($pid);
        return @w == 1 && !grep({ $_ == $w[0] } @before);
    }), 'SIGHUP with workers = 1 leaves one new worker');
    ok(healthy($sock), 'which answers');
    is(stop_duetd($pid), 0, 'SIGTERM: duetd exits 0');
}

# --- (d) max_requests recycles a worker --------------------------------------
{
    my $sock = "$state/d/d.sock";
    my $conf = "$state/d.conf";
    write_file($conf, "listen = $sock\ndata_dir = $state/d/data\n${user_line}"
               . "workers = 1\nmax_requests = 3\n");
    my $log = "$state/d.log";
    my $pid = start_duetd($conf, $log);
    my $first = wait_for(10, sub {
        my @w = workers_of($pid);
        return @w == 1 ? $w[0] : undef;
    });
    ok($first, 'one worker') or diag(slurp($log));
    ok(healthy($sock) && healthy($sock), 'two requests answered');
    is(join(' ', workers_of($pid)), $first, 'the same worker after two');
    ok(healthy($sock), 'the third request is answered');
    my $second = wait_for(5, sub {
        my @w = workers_of($pid);
        return @w == 1 && $w[0] != $first ? $w[0] : undef;
    });
    ok($second, "after 3 requests worker $first is replaced"
       . ($second ? " by $second" : ''));
    like(slurp($log),
         qr/duetd\[$first\] info duetd_worker_run: recycling after 3 requests/,
         'the worker says it is recycling');
    ok(healthy($sock), 'the new worker answers');
    is(stop_duetd($pid), 0, 'SIGTERM: duetd exits 0');
    unlike(slurp($log), qr/ error /, 'no errors logged') or diag(slurp($log));
}

done_testing();
