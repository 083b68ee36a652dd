package Duet::TestEnv;

# Helpers for the Perl integration tests: a temp state directory, free
# loopback ports, the real scripts/run-local, HTTPS requests through curl,
# process inspection through /proc, and a minimal FastCGI client for
# talking to duetd's socket directly.

use strict;
use warnings;

use Exporter 'import';
use File::Temp ();
use IO::Select;
use IO::Socket::INET;
use IO::Socket::IP;
use IO::Socket::UNIX;
use Socket qw(SOCK_STREAM);
use Time::HiRes qw(sleep time);

our @EXPORT_OK = qw(env_or_skip duetd_or_skip state_dir free_port run_local https
                    children_of workers_of wait_for slurp write_file
                    fcgi_connect fcgi_begin fcgi_params fcgi_end_params
                    fcgi_stdin_end fcgi_read_response fcgi_get
                    fcgi_get_tcp);

sub env_or_skip {
    my @missing = grep { !$ENV{$_} } qw(top_srcdir top_builddir DUET_NGINX DUET_CURL);
    return if !@missing;
    print "1..0 # SKIP run through make check (missing @missing)\n";
    exit 0;
}

# The duetd binary and the "user = duet" config line a root run needs, or
# skip the whole test when either is missing.
sub duetd_or_skip {
    if (!$ENV{top_builddir} || !$ENV{top_srcdir}) {
        print "1..0 # SKIP run through make check (top_builddir unset)\n";
        exit 0;
    }
    my $duetd = "$ENV{top_builddir}/fcgi_app/duetd";
    if (!-x $duetd) {
        print "1..0 # SKIP $duetd is not built\n";
        exit 0;
    }
    my $user_line = '';
    if ($> == 0) {
        if (!defined getpwnam('duet')) {
            print "1..0 # SKIP running as root without a 'duet' user\n";
            exit 0;
        }
        $user_line = "user = duet\n";
    }
    return ($duetd, $user_line);
}

# A state directory nginx's unprivileged worker can traverse.
sub state_dir {
    my $dir = File::Temp::tempdir('duet-test-XXXXXX', TMPDIR => 1,
                                  CLEANUP => !$ENV{DUET_KEEP_TMP});
    chmod 0755, $dir or die "chmod $dir: $!";
    return $dir;
}

sub free_port {
    my $s = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => 0,
                                  Proto => 'tcp', Listen => 1)
        or die "no free port: $!";
    my $port = $s->sockport;
    close $s;
    return $port;
}

# run_local('start', '--state-dir', $dir, ...): returns (exit code, output).
sub run_local {
    my @cmd = ('bash', "$ENV{top_srcdir}/scripts/run-local", @_,
               '--srcdir', $ENV{top_srcdir}, '--builddir', $ENV{top_builddir},
               '--nginx', $ENV{DUET_NGINX});
    my $out = qx{@{[ join ' ', map { quotemeta } @cmd ]} 2>&1};
    return ($? >> 8, $out);
}

# https($method, $url, $cacert[, $body_file])
#   -> { status, headers => {lc name => value}, body }
sub https {
    my ($method, $url, $cacert, $body_file) = @_;
    my $hdr = File::Temp->new;
    my @cmd = ($ENV{DUET_CURL}, '-sS', '--max-time', '10', '-X', $method,
               '--cacert', $cacert, '-D', $hdr->filename, $url);
    push @cmd, '-H', 'Content-Type: application/json',
        '--data-binary', "\@$body_file" if defined $body_file;
    my $body = qx{@{[ join ' ', map { quotemeta } @cmd ]} 2>&1};
    my %h;
    my $status = 0;
    open my $fh, '<', $hdr->filename or die;
    while (my $line = <$fh>) {
        $line =~ s/\r?\n$//;
        if ($line =~ m{^HTTP/\S+ (\d{3})}) {
            $status = $1;
            %h = ();
        } elsif ($line =~ /^([^:]+):\s*(.*)$/) {
            $h{lc $1} = $2;
        }
    }
    return { status => $status, headers => \%h, body => $body };
}

sub children_of {
    my ($ppid) = @_;
    my @kids;
    opendir my $d, '/proc' or die "/proc: $!";
    for my $pid (grep { /^\d+$/ } readdir $d) {
        open my $fh, '<', "/proc/$pid/stat" or next;
        my $stat = <$fh> // next;
        # pid (comm) state ppid ...; comm may contain spaces and parentheses.
        push @kids, $pid if $stat =~ /\)\s+\S+\s+(\d+)/ && $1 == $ppid;
    }
    return sort { $a <=> $b } @kids;
}

# duetd's workers among the children of its supervisor: they name
# themselves "duetd-worker" (the supervisor may have other children).
sub workers_of {
    my ($sup) = @_;
    return grep { slurp("/proc/$_/comm") =~ /^duetd-worker$/m }
        children_of($sup);
}

# wait_for(seconds, sub { ... }) -> the sub's first true value, or undef.
sub wait_for {
    my ($seconds, $cond) = @_;
    my $deadline = time + $seconds;
    while (time < $deadline) {
        my $v = $cond->();
        return $v if $v;
        sleep 0.05;
    }
    return $cond->();
}

sub slurp {
    my ($path) = @_;
    open my $fh, '<', $path or return '';
    local $/;
    return scalar <$fh>;
}

# write_file($path, $text, $mode): mode 0644 unless given.
sub write_file {
    my ($path, $text, $mode) = @_;
    open my $fh, '>', $path or die "$path: $!";
    print {$fh} $text;
    close $fh or die "$path: $!";
    chmod $mode // 0644, $path or die "chmod $path: $!";
}

# --- a minimal FastCGI client (records per the FastCGI 1.0 specification) --

sub fcgi_connect {
    my ($path) = @_;
    my $s = IO::Socket::UNIX->new(Type => SOCK_STREAM, Peer => $path)
        or die "connect $path: $!";
    return $s;
}

sub _record {
    my ($type, $content) = @_;
    return pack('CCnnCC', 1, $type, 1, length $content, 0, 0) . $content;
}

sub _nv_len {
    my ($n) = @_;
    return $n < 128 ? pack('C', $n) : pack('N', $n | 0x80000000);
}

sub fcgi_begin {
    my ($sock) = @_;
    # FCGI_BEGIN_REQUEST: role FCGI_RESPONDER, flags 0 (close when done).
    print {$sock} _record(1, pack('nCx5', 1, 0));
}

sub fcgi_params {
    my ($sock, %p) = @_;
    my $body = join '', map {
        _nv_len(length $_) . _nv_len(length $p{$_}) . $_ . $p{$_}
    } sort keys %p;
    print {$sock} _record(4, $body);
}

sub fcgi_end_params { print {$_[0]} _record(4, '') }
sub fcgi_stdin_end  { print {$_[0]} _record(5, '') }

# Read STDOUT records until FCGI_END_REQUEST; returns the response text.
sub fcgi_read_response {
    my ($sock) = @_;
    my $out = '';
    while (1) {
        my $n = read($sock, my $hdr, 8);
        return undef if !$n || $n != 8;
        my (undef, $type, undef, $len, $pad) = unpack('CCnnC', $hdr);
        my $content = '';
        if ($len + $pad > 0) {
            read($sock, $content, $len + $pad) == $len + $pad or return undef;
            $content = substr($content, 0, $len);
        }
        $out .= $content if $type == 6;
        return $out if $type == 3;
    }
}

# fcgi_get($socket_path, $uri): one whole GET on its own connection; returns
# the response ("Status: 200 OK\r\n..."), or undef if anything failed.
sub fcgi_get {
    my ($path, $uri) = @_;
    my $s = IO::Socket::UNIX->new(Type => SOCK_STREAM, Peer => $path)
        or return undef;
    local $SIG{PIPE} = 'IGNORE';
    fcgi_begin($s);
    fcgi_params($s, REQUEST_METHOD => 'GET', DOCUMENT_URI => $uri,
                REQUEST_URI => $uri);
    fcgi_end_params($s);
    fcgi_stdin_end($s);
    my $r = fcgi_read_response($s);
    close $s;
    return $r;
}

# fcgi_get_tcp($host, $port, $uri[, $local_addr]): one whole GET over TCP,
# from $local_addr when given (any 127/8 address works on Linux).  Returns
# the response ("Status: 200 OK\r\n..."); '' when the server closed the
# connection without sending a byte (a refused peer); undef when the
# connection could not be made, or the server sent a partial answer or
# nothing for 10 s without closing.
sub fcgi_get_tcp {
    my ($host, $port, $uri, $local) = @_;
    my $s = IO::Socket::IP->new(PeerHost => $host, PeerPort => $port,
                                Proto => 'tcp', Timeout => 5,
                                ($local ? (LocalHost => $local) : ()))
        or return undef;
    local $SIG{PIPE} = 'IGNORE';
    # A refused peer may be closed before these are written: errors here
    # are expected, and the reading below tells what happened.
    fcgi_begin($s);
    fcgi_params($s, REQUEST_METHOD => 'GET', DOCUMENT_URI => $uri,
                REQUEST_URI => $uri);
    fcgi_end_params($s);
    fcgi_stdin_end($s);

    my ($raw, $sel) = ('', IO::Select->new($s));
    while (1) {
        return undef if !$sel->can_read(10);
        my $n = sysread($s, my $buf, 65536);
        last if !$n;            # end of file, or reset by the peer
        $raw .= $buf;
    }
    close $s;
    return '' if $raw eq '';

    my $out = '';
    while (length $raw >= 8) {
        my (undef, $type, undef, $len, $pad) = unpack('CCnnC', $raw);
        last if length $raw < 8 + $len + $pad;
        $out .= substr($raw, 8, $len) if $type == 6;
        return $out if $type == 3;
        substr($raw, 0, 8 + $len + $pad) = '';
    }
    return undef;
}

1;
