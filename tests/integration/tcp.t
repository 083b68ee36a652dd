#!/usr/bin/perl
# duetd on TCP (a fleet's duetd host), spoken to over FastCGI directly:
#   (a) --check-config prints listen and fastcgi_allow; listen on TCP
#       without fastcgi_allow refuses to start, naming both;
#   (b) listen = 127.0.0.1:PORT, fastcgi_allow = 127.0.0.1: /health
#       answers 200 over TCP;
#   (c) SIGHUP to fastcgi_allow = 127.0.0.2: a client bound to 127.0.0.1
#       is closed unanswered and logged once at warn with its address
#       (nothing of its request), one bound to 127.0.0.2 gets 200;
#   (d) a TCP socket passed by systemd (LISTEN_FDS) needs fastcgi_allow
#       too, and is checked the same way;
#   (e) [::1]:PORT, and an IPv4 peer on a dual-stack IPv6 socket matching
#       its IPv4 entry, when the machine has IPv6 loopback;
#   (f) fastcgi_allow on a unix socket: a warning, and the socket serves.
# Linux routes all of 127/8 to lo, so a client can bind 127.0.0.2.
# As root, duetd runs as the `duet` user (scripts/bootstrap creates it).

use strict;
use warnings;

use FindBin;
use lib "$FindBin::Bin/lib";
use Fcntl qw(F_GETFD F_SETFD FD_CLOEXEC);
use IO::Select;
use IO::Socket::IP;
use POSIX qw(dup2 _exit WNOHANG);
use Test::More;
use Time::HiRes qw(sleep time);

use Duet::TestEnv qw(duetd_or_skip state_dir free_port wait_for slurp write_file
                     fcgi_get fcgi_get_tcp fcgi_begin fcgi_params
                     fcgi_end_params fcgi_stdin_end);

my ($duetd, $user_line) = duetd_or_skip();
# 127.0.0.2 must be usable as a source address.
if (!IO::Socket::IP->new(LocalHost => '127.0.0.2', LocalPort => 0,
                         Proto => 'tcp', Listen => 1)) {
    print "1..0 # SKIP cannot bind 127.0.0.2: $!\n";
    exit 0;
}

my $state = state_dir();
my @running;

END {
    # Never leave a duetd behind, whatever failed.
    for my $pid (@running) {
        kill 'KILL', $pid if $pid && kill 0, $pid;
    }
}

# One small duetd: one worker, and no prime generation (a low watermark
# of 0 never starts the keeper's generators).
sub conf_text {
    my ($dir, @lines) = @_;
    return join '', "data_dir = $dir/data\n", $user_line, "workers = 1\n",
        "prime_target = 1\n", "prime_low_watermark = 0\n",
        map { "$_\n" } @lines;
}

sub run_duetd {
    my $cmd = join ' ', map { quotemeta } $duetd, @_;
    my $out = qx{$cmd 2>&1};
    return ($? >> 8, $out);
}

# start_duetd($conf, $log[, $inherit_fh]): as in pool.t.
sub start_duetd {
    my ($conf, $log, $inherit) = @_;
    my $pid = fork() // die "fork: $!";
    if ($pid == 0) {
        my $three;
        open STDIN, '<', '/dev/null' or _exit(120);
        open STDOUT, '>>', $log or _exit(121);
        open STDERR, '>&', \*STDOUT or _exit(122);
        if ($inherit) {
            my $fd = fileno $inherit;
            if ($fd != 3) {
                dup2($fd, 3) or _exit(123);
            }
            open $three, '<&=', 3 or _exit(124);
            my $flags = fcntl($three, F_GETFD, 0) or _exit(125);
            fcntl($three, F_SETFD, $flags & ~FD_CLOEXEC) or _exit(126);
            $ENV{LISTEN_FDS} = 1;
            $ENV{LISTEN_PID} = $$;
        }
        exec $duetd, '--config', $conf or _exit(127);
    }
    push @running, $pid;
    return $pid;
}

# stop_duetd($pid) -> exit status (-1 if it did not exit in 15 s)
sub stop_duetd {
    my ($pid) = @_;
    kill 'TERM', $pid;
    my $deadline = time + 15;
    while (time < $deadline) {
        if (waitpid($pid, WNOHANG) == $pid) {
            @running = grep { $_ != $pid } @running;
            return $? >> 8;
        }
        sleep 0.05;
    }
    return -1;
}

# The exit status of $pid if it exits within $secs, else undef.
sub exits_within {
    my ($pid, $secs) = @_;
    my $deadline = time + $secs;
    while (time < $deadline) {
        if (waitpid($pid, WNOHANG) == $pid) {
            @running = grep { $_ != $pid } @running;
            return $? >> 8;
        }
        sleep 0.05;
    }
    return undef;
}

sub healthy {
    my ($r) = @_;
    return defined $r && $r =~ m{^Status: 200 OK\r\n} && $r =~ /"status":"ok"/;
}

sub refusals {
    my ($log, $from) = @_;
    my $what = "refused a FastCGI connection from $from";
    my @l = slurp($log) =~ /^.* warn .*\Q$what\E:\d+: not in fastcgi_allow$/mg;
    return scalar @l;
}

my $port = free_port();

# --- (a) --check-config; TCP without fastcgi_allow -------------------------
{
    my $conf = "$state/a.conf";
    write_file($conf, conf_text("$state/a", "listen = 127.0.0.1:$port",
                                "fastcgi_allow = 127.0.0.1 ::1"));
    my ($rc, $out) = run_duetd('--config', $conf, '--check-config');
    is($rc, 0, '--check-config with listen on TCP exits 0') or diag($out);
    like($out, qr/^listen = 127\.0\.0\.1:$port$/m, 'it prints listen');
    like($out, qr/^fastcgi_allow = 127\.0\.0\.1 ::1$/m,
         'and fastcgi_allow');

    write_file($conf, conf_text("$state/a", "listen = 127.0.0.1:$port"));
    ($rc, $out) = run_duetd('--config', $conf, '--check-config');
    is($rc, 1, '--check-config: TCP without fastcgi_allow exits 1');
    my $want = "listen: 127.0.0.1:$port is a TCP socket: set fastcgi_allow "
        . "to the nginx hosts' addresses";
    like($out, qr/^duetd: \Q$conf\E:\d+: \Q$want\E$/m, '  and says so')
        or diag($out);
    ($rc, $out) = run_duetd('--config', $conf);
    is($rc, 2, 'duetd itself refuses to start (exit 2)');
    like($out, qr/set fastcgi_allow/, '  with the same message');
    my $probe = IO::Socket::IP->new(PeerHost => '127.0.0.1',
                                    PeerPort => $port, Proto => 'tcp');
    ok(!$probe, '  and nothing listens on the port');

    write_file($conf, conf_text("$state/a", "listen = localhost:$port",
                                "fastcgi_allow = 127.0.0.1"));
    ($rc, $out) = run_duetd('--config', $conf, '--check-config');
    $want = "listen: 'localhost:$port': 'localhost' is not an IPv4 address "
        . "(host names are not accepted)";
    like($out, qr/\Q$want\E/,
         'a host name in listen is refused') or diag($out);
    ok(!-e "$state/a", '--check-config creates nothing');
}

# --- (b), (c) 127.0.0.1, then 127.0.0.2 after SIGHUP -------------------------
{
    my $conf = "$state/b.conf";
    my $log = "$state/b.log";
    write_file($conf, conf_text("$state/b", "listen = 127.0.0.1:$port",
                                "fastcgi_allow = 127.0.0.1"));
    my $pid = start_duetd($conf, $log);
    ok(wait_for(10, sub {
           healthy(fcgi_get_tcp('127.0.0.1', $port, '/health'))
       }), 'GET /health over FastCGI on TCP from an allowed peer: 200')
        or diag(slurp($log));
    like(slurp($log), qr/listening on 127\.0\.0\.1:$port \(TCP\)/,
         'the log names the TCP address');
    like(slurp($log), qr/FastCGI peers allowed: 1 address /,
         'and the size of the allow-list');
    ok(healthy(fcgi_get_tcp('127.0.0.1', $port, '/health', '127.0.0.1')),
       'bound to 127.0.0.1 explicitly: 200');
    is(fcgi_get_tcp('127.0.0.1', $port, '/health', '127.0.0.2'), '',
       'a peer not in fastcgi_allow (127.0.0.2) is closed unanswered');
    ok(wait_for(5, sub { refusals($log, '127.0.0.2') == 1 }),
       '  and logged once at warn with its address') or diag(slurp($log));

    write_file($conf, conf_text("$state/b", "listen = 127.0.0.1:$port",
                                "fastcgi_allow = 127.0.0.2"));
    kill 'HUP', $pid;
    ok(wait_for(10, sub {
           (fcgi_get_tcp('127.0.0.1', $port, '/health', '127.0.0.1') // 'x')
               eq ''
       }), 'after SIGHUP to fastcgi_allow = 127.0.0.2, 127.0.0.1 is refused')
        or diag(slurp($log));
    my $before = refusals($log, '127.0.0.1');
    my $r = fcgi_get_tcp('127.0.0.1', $port, '/health?marker-x1y2z3',
                         '127.0.0.1');
    is($r, '', 'a client bound to 127.0.0.1 gets the connection closed '
       . 'with no response');
    ok(wait_for(5, sub { refusals($log, '127.0.0.1') == $before + 1 }),
       '  one warning for that connection');
    unlike(slurp($log), qr/marker-x1y2z3/,
           '  and nothing of its request is logged');
    ok(healthy(fcgi_get_tcp('127.0.0.1', $port, '/health', '127.0.0.2')),
       'a client bound to 127.0.0.2 gets 200');
    ok(healthy(fcgi_get_tcp('127.0.0.1', $port, '/health', '127.0.0.2')),
       '  again (the worker survives the refusals)');

    # An allowed connection that ends before a request must not let the
    # worker's FastCGI library take the next queued connection unchecked:
    # the one worker holds A (allowed, silent) while B (refused) waits
    # with a whole request queued behind it; then A closes.
    {
        local $SIG{PIPE} = 'IGNORE';
        my $a = IO::Socket::IP->new(PeerHost => '127.0.0.1',
                                    PeerPort => $port, Proto => 'tcp',
                                    LocalHost => '127.0.0.2') or die;
        sleep 0.3;
        my $b = IO::Socket::IP->new(PeerHost => '127.0.0.1',
                                    PeerPort => $port, Proto => 'tcp',
                                    LocalHost => '127.0.0.1') or die;
        fcgi_begin($b);
        fcgi_params($b, REQUEST_METHOD => 'GET', DOCUMENT_URI => '/health',
                    REQUEST_URI => '/health');
        fcgi_end_params($b);
        fcgi_stdin_end($b);
        sleep 0.3;
        close $a;
        my $sel = IO::Select->new($b);
        my $got = '';
        while ($sel->can_read(10)) {
            my $n = sysread($b, my $buf, 65536);
            last if !$n;
            $got .= $buf;
        }
        is($got, '', 'a refused connection queued behind an allowed one '
           . 'that ends early is still refused');
        close $b;
    }

    # The running socket is TCP: a file that drops the list is not applied.
    write_file($conf, conf_text("$state/b", "listen = $state/b/d.sock"));
    kill 'HUP', $pid;
    ok(wait_for(5, sub {
           index(slurp($log), 'fastcgi_allow: empty, but duetd listens on '
                 . 'TCP; configuration not reloaded') >= 0
       }), 'SIGHUP to a file without fastcgi_allow is refused');
    ok(healthy(fcgi_get_tcp('127.0.0.1', $port, '/health', '127.0.0.2')),
       '  and 127.0.0.2 is still served');
    is(fcgi_get_tcp('127.0.0.1', $port, '/health', '127.0.0.1'), '',
       '  and 127.0.0.1 still refused');

    is(stop_duetd($pid), 0, 'SIGTERM: duetd exits 0');
    my $probe = IO::Socket::IP->new(PeerHost => '127.0.0.1',
                                    PeerPort => $port, Proto => 'tcp');
    ok(!$probe, 'and the port is closed');
}

# --- (d) a TCP socket from systemd -----------------------------------------
{
    my $listener = IO::Socket::IP->new(LocalHost => '127.0.0.1',
                                       LocalPort => 0, Proto => 'tcp',
                                       Listen => 16, ReuseAddr => 1)
        or die "listen: $!";
    my $iport = $listener->sockport;
    my $conf = "$state/d.conf";
    my $log = "$state/d.log";
    write_file($conf, conf_text("$state/d", "listen = $state/d/unused.sock"));
    my $pid = start_duetd($conf, $log, $listener);
    is(exits_within($pid, 10), 2,
       'an inherited TCP socket without fastcgi_allow: exit 2');
    my $want = "inherited fd 3 (127.0.0.1:$iport) is a TCP socket: set "
        . "fastcgi_allow to the nginx hosts' addresses";
    like(slurp($log), qr/\Q$want\E/, '  naming the socket')
        or diag(slurp($log));

    write_file($conf, conf_text("$state/d", "listen = $state/d/unused.sock",
                                "fastcgi_allow = 127.0.0.2"));
    $pid = start_duetd($conf, $log, $listener);
    close $listener;
    ok(wait_for(10, sub {
           healthy(fcgi_get_tcp('127.0.0.1', $iport, '/health', '127.0.0.2'))
       }), 'with fastcgi_allow, the inherited TCP socket serves 127.0.0.2')
        or diag(slurp($log));
    is(fcgi_get_tcp('127.0.0.1', $iport, '/health', '127.0.0.1'), '',
       '  and refuses 127.0.0.1');
    like(slurp($log), qr/listening on inherited fd 3 \(127\.0\.0\.1:$iport\)/,
         '  the log names the inherited address');
    ok(!-e "$state/d/unused.sock", '  no socket path is created');
    is(stop_duetd($pid), 0, '  SIGTERM: exits 0');
}

# --- (e) IPv6 --------------------------------------------------------------
SKIP: {
    my $v6 = IO::Socket::IP->new(LocalHost => '::1', LocalPort => 0,
                                 Proto => 'tcp', Listen => 1);
    skip 'no IPv6 loopback (::1) on this machine', 7 if !$v6;
    my $port6 = $v6->sockport;
    close $v6;

    my $conf = "$state/e.conf";
    my $log = "$state/e.log";
    write_file($conf, conf_text("$state/e", "listen = [::1]:$port6",
                                "fastcgi_allow = ::1"));
    my $pid = start_duetd($conf, $log);
    ok(wait_for(10, sub { healthy(fcgi_get_tcp('::1', $port6, '/health')) }),
       'listen = [::1]:PORT, fastcgi_allow = ::1: 200 over IPv6')
        or diag(slurp($log));
    is(stop_duetd($pid), 0, '  SIGTERM: exits 0');

    write_file($conf, conf_text("$state/e", "listen = [::1]:$port6",
                                "fastcgi_allow = 127.0.0.1"));
    $pid = start_duetd($conf, $log);
    ok(wait_for(10, sub { slurp($log) =~ /\[::1\]:$port6 \(TCP\)/ }),
       'restarted with only 127.0.0.1 allowed');
    ok(wait_for(5, sub {
           (fcgi_get_tcp('::1', $port6, '/health') // 'x') eq ''
       }), '  ::1 is refused') or diag(slurp($log));
    like(slurp($log), qr/refused a FastCGI connection from \[::1\]:\d+/,
         '  logged as [::1]:port');
    is(stop_duetd($pid), 0, '  SIGTERM: exits 0');

    # A dual-stack IPv6 socket reports an IPv4 peer as ::ffff:127.0.0.1
    # (bound to the mapped loopback rather than [::]: nothing off the
    # machine can reach it).
    my $dual = (slurp('/proc/sys/net/ipv6/bindv6only') // '1') =~ /^0/;
    skip 'net.ipv6.bindv6only is set: no IPv4 on IPv6 sockets', 1 if !$dual;
    my $port4 = free_port();
    write_file($conf, conf_text("$state/e",
                                "listen = [::ffff:127.0.0.1]:$port4",
                                "fastcgi_allow = 127.0.0.1"));
    $pid = start_duetd($conf, $log);
    ok(wait_for(10, sub {
           healthy(fcgi_get_tcp('127.0.0.1', $port4, '/health'))
       }), 'on an IPv6 socket, an IPv4 peer matches its IPv4 entry')
        or diag(slurp($log));
    stop_duetd($pid);
}

# --- (f) fastcgi_allow on a unix socket -------------------------------------
{
    my $sock = "$state/f/d.sock";
    my $conf = "$state/f.conf";
    my $log = "$state/f.log";
    write_file($conf, conf_text("$state/f", "listen = $sock",
                                "fastcgi_allow = 10.0.0.5"));
    my $pid = start_duetd($conf, $log);
    ok(wait_for(10, sub { healthy(fcgi_get($sock, '/health')) }),
       'fastcgi_allow with a unix socket: the socket serves')
        or diag(slurp($log));
    like(slurp($log), qr/ warn .*fastcgi_allow is ignored on a unix socket/,
         '  and a warning says the list is ignored');
    is(stop_duetd($pid), 0, '  SIGTERM: exits 0');
}

done_testing();
