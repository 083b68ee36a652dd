package Duet::Nginx;

# Helpers for the nginx module tests, in the manner of nginx-tests'
# Test::Nginx: a temp prefix, nginx.conf written from a test's heredoc with
# %%PLACEHOLDERS%%, Debian's nginx started with our module from that prefix
# on a loopback port, fcgi-stub backends, HTTP through curl, and ES256 keys
# and tokens made with the openssl CLI (so the tests never trust the
# module's own JWT code to build what it then checks).
#
#   my $t = Duet::Nginx->new;              # skips the test without a module
#   $t->write_conf($body, STUB => $addr);  # BODY goes inside http {}
#   $t->start;  ...  $t->stop;
#
# Everything started here is stopped in an END block, whatever failed.

use strict;
use warnings;

use Digest::SHA qw(hmac_sha256 sha256_hex);
use Exporter 'import';
use FindBin ();
use lib "$FindBin::Bin/../integration/lib";
use File::Temp ();
use IO::Socket::INET;
use MIME::Base64 qw(encode_base64 decode_base64);
use POSIX qw(WNOHANG);
use Time::HiRes qw(sleep time);

# The process and file helpers are the integration tests' (re-exported).
use Duet::TestEnv qw(free_port children_of wait_for slurp write_file);

our @EXPORT_OK = qw(free_port http wait_for slurp write_file b64url
                    b64url_decode es256_keypair jwks jwt_es256 jwt_hs256
                    jwt_raw json_text api_key_id);

my @instances;
my @stubs;

# --- prefix and processes ---------------------------------------------------

sub new {
    my ($class) = @_;
    my $so = $ENV{DUET_NGX_MODULE} // '';
    my @missing = grep { !$ENV{$_} }
        qw(top_srcdir top_builddir DUET_NGINX DUET_CURL DUET_OPENSSL);
    if (@missing) {
        print "1..0 # SKIP run through make check (missing @missing)\n";
        exit 0;
    }
    if (!-f $so) {
        print "1..0 # SKIP no module at '$so' (make ngx-module)\n";
        exit 0;
    }
    my $stub = "$ENV{top_builddir}/tests/nginx/fcgi-stub";
    if (!-x $stub) {
        print "1..0 # SKIP no $stub (make check builds it)\n";
        exit 0;
    }

    my $dir = File::Temp::tempdir('duet-ngx-XXXXXX', TMPDIR => 1,
                                  CLEANUP => !$ENV{DUET_KEEP_TMP});
    # The worker runs as nobody and must reach files under the prefix.
    chmod 0755, $dir or die "chmod $dir: $!";
    my $self = bless { prefix => $dir, port => free_port(), stub => $stub },
        $class;
    push @instances, $self;
    return $self;
}

sub prefix   { $_[0]{prefix} }
sub port     { $_[0]{port} }
sub base     { "http://127.0.0.1:$_[0]{port}" }
sub confdir  { "$ENV{top_srcdir}/nginx-conf" }
sub conf     { "$_[0]{prefix}/nginx.conf" }
sub errorlog { slurp("$_[0]{prefix}/error.log") }

# The whole nginx.conf for a test's http {} body.  Placeholders: %%PREFIX%%,
# %%PORT%%, %%CONFDIR%% (the shipped nginx-conf/), and any NAME => value
# given.  An unknown placeholder is an error in the test, not in nginx.
sub conf_text {
    my ($self, $body, %vars) = @_;
    my %v = (PREFIX => $self->{prefix}, PORT => $self->{port},
             CONFDIR => confdir(), %vars);
    my $p = $self->{prefix};
    my $text = <<"EOF";
load_module $ENV{DUET_NGX_MODULE};

pid        $p/nginx.pid;
error_log  $p/error.log info;

worker_processes  1;

events {
    worker_connections  256;
}

http {
    client_body_temp_path  $p/client_body_temp;
    proxy_temp_path        $p/proxy_temp;
    fastcgi_temp_path      $p/fastcgi_temp;
    uwsgi_temp_path        $p/uwsgi_temp;
    scgi_temp_path         $p/scgi_temp;

    access_log  $p/access.log;

$body
}
EOF
    $text =~ s{%%(\w+)%%}{
        defined $v{$1} ? $v{$1} : die "no value for placeholder %%$1%%\n"
    }ge;
    return $text;
}

sub write_conf {
    my ($self, $body, %vars) = @_;
    write_file($self->conf, $self->conf_text($body, %vars));
}

sub _nginx {
    my ($self, @args) = @_;
    my @cmd = ($ENV{DUET_NGINX}, '-p', "$self->{prefix}/", '-c', $self->conf,
               @args);
    my $out = qx{@{[ join ' ', map { quotemeta } @cmd ]} 2>&1};
    return ($? >> 8, $out);
}

# nginx -t on the current nginx.conf, or on $text when given (written to
# the same place): (exit code, output).
sub nginx_t {
    my ($self, $text) = @_;
    write_file($self->conf, $text) if defined $text;
    return $self->_nginx('-t');
}

sub master_pid {
    my ($self) = @_;
    my $pid = slurp("$self->{prefix}/nginx.pid");
    return $pid =~ /^(\d+)/ ? $1 : undef;
}

sub start {
    my ($self) = @_;
    unlink "$self->{prefix}/nginx.pid";
    my ($rc, $out) = $self->_nginx;
    die "nginx failed to start ($rc): $out" . $self->errorlog if $rc;
    wait_for(10, sub { $self->master_pid && $self->workers }) or
        die "nginx did not come up:\n" . $self->errorlog;
    wait_for(10, sub {
        IO::Socket::INET->new(PeerAddr => "127.0.0.1:$self->{port}",
                              Proto => 'tcp')
    }) or die "nginx does not listen on $self->{port}";
    $self->{running} = 1;
    return $self;
}

sub stop {
    my ($self) = @_;
    return if !$self->{running};
    my $pid = $self->master_pid;
    $self->{running} = 0;
    return if !$pid;
    kill 'QUIT', $pid;
    if (!wait_for(10, sub { !kill 0, $pid })) {
        kill 'TERM', $pid;
        wait_for(5, sub { !kill 0, $pid }) or kill 'KILL', $pid;
    }
}

# The worker processes of the running master.
sub workers {
    my ($self) = @_;
    my $pid = $self->master_pid or return;
    return grep { slurp("/proc/$_/cmdline") =~ /^nginx: worker process/ }
        children_of($pid);
}

# nginx -s reload, then wait until no old worker is left and new ones run.
# Returns true when the workers changed, false when nginx kept the old ones
# (a configuration it refused).
sub reload {
    my ($self, $seconds) = @_;
    my %old = map { $_ => 1 } $self->workers;
    my ($rc, $out) = $self->_nginx('-s', 'reload');
    die "nginx -s reload: $out" if $rc;
    return wait_for($seconds // 10, sub {
        my @now = $self->workers;
        @now && !grep { $old{$_} } @now;
    });
}

# SIGHUP to the master, as systemd's reload does: unlike "nginx -s reload",
# which itself parses the configuration first and refuses to signal when
# that fails, this makes the running master try the new configuration.
# Returns true when the workers changed within $seconds.
sub hup {
    my ($self, $seconds) = @_;
    my %old = map { $_ => 1 } $self->workers;
    kill 'HUP', $self->master_pid or die "no nginx master to signal";
    return wait_for($seconds // 10, sub {
        my @now = $self->workers;
        @now && !grep { $old{$_} } @now;
    });
}

# nginx -s reload as a command: (exit code, output).
sub signal_reload {
    my ($self) = @_;
    return $self->_nginx('-s', 'reload');
}

# --- fcgi-stub -------------------------------------------------------------

# stub_start(TAG[, ADDR]) -> { addr, pid, log }: one fcgi-stub on a free TCP
# port, ready when its pid file appears.
sub stub_start {
    my ($self, $tag, $addr) = @_;
    $addr //= '127.0.0.1:' . free_port();
    my $pidf = "$self->{prefix}/stub-$tag.pid";
    my $log = "$self->{prefix}/stub-$tag.log";
    unlink $pidf;
    my $pid = fork // die "fork: $!";
    if (!$pid) {
        open STDOUT, '>>', "$self->{prefix}/stub-$tag.out";
        open STDERR, '>&', \*STDOUT;
        no warnings 'exec';
        exec { $self->{stub} } $self->{stub}, '--listen', $addr,
            '--node', $tag, '--pid-file', $pidf, '--log', $log;
        # Not die: the child must not run the parent's END blocks.
        print STDERR "exec $self->{stub}: $!\n";
        POSIX::_exit(127);
    }
    push @stubs, $pid;
    wait_for(10, sub { -s $pidf }) or die "fcgi-stub $tag did not start";
    return { addr => $addr, pid => $pid, log => $log, tag => $tag };
}

sub stub_stop {
    my ($self, $stub) = @_;
    kill 'TERM', $stub->{pid};
    waitpid $stub->{pid}, 0;
    @stubs = grep { $_ != $stub->{pid} } @stubs;
}

# The requests a stub saw, one "METHOD URI" a line.
sub stub_seen {
    my ($self, $stub) = @_;
    return split /\n/, slurp($stub->{log});
}

END {
    my $status = $?;
    $_->stop for grep { $_->{running} } @instances;
    for my $pid (@stubs) {
        kill 'TERM', $pid;
        waitpid $pid, 0;
    }
    $? = $status;
}

# --- HTTP ---------------------------------------------------------------------

# http($method, $url, \%headers, $body) -> { status, headers, body, raw }
# A header value may be an array ref (the header is sent once per element);
# an empty value is sent as an empty header.  status is 0 when curl could
# not talk to the server (curl's exit code in {error}).
# headers: lower-case names, the last value of each; raw: the header text.
sub http {
    my ($method, $url, $hdrs, $body) = @_;
    my $hfile = File::Temp->new;
    my $bfile = File::Temp->new;
    my @cmd = ($ENV{DUET_CURL}, '-sS', '--max-time', '10', '-X', $method,
               '-o', $bfile->filename, '-D', $hfile->filename);
    push @cmd, '-I' if $method eq 'HEAD';
    for my $name (sort keys %{ $hdrs // {} }) {
        my $v = $hdrs->{$name};
        for my $one (ref $v ? @$v : ($v)) {
            # curl drops "Name:" with nothing after it; "Name;" sends it empty.
            push @cmd, '-H', $one eq '' ? "$name;" : "$name: $one";
        }
    }
    my $in;
    if (defined $body) {
        $in = File::Temp->new;
        print {$in} $body;
        close $in;
        push @cmd, '--data-binary', '@' . $in->filename;
    }
    push @cmd, $url;
    my $err = qx{@{[ join ' ', map { quotemeta } @cmd ]} 2>&1};
    my $rc = $? >> 8;
    my (%h, $raw);
    my $status = 0;
    for my $line (split /\r?\n/, slurp($hfile->filename)) {
        if ($line =~ m{^HTTP/\S+ (\d{3})}) {
            $status = $1;
            %h = ();
            $raw = '';
        } elsif ($line =~ /^([^:]+):\s*(.*)$/) {
            $h{lc $1} = $2;
            $raw .= "$line\n";
        }
    }
    return { status => $status, headers => \%h, body => slurp($bfile->filename),
             raw => $raw // '', error => $rc ? "curl $rc: $err" : undef };
}

# --- small things ------------------------------------------------------------

sub b64url {
    my ($bytes) = @_;
    my $s = encode_base64($bytes, '');
    $s =~ tr{+/}{-_};
    $s =~ s/=+$//;
    return $s;
}

sub b64url_decode {
    my ($s) = @_;
    $s =~ tr{-_}{+/};
    $s .= '=' x ((4 - length($s) % 4) % 4);
    return decode_base64($s);
}

# Canonical JSON text (sorted keys) so that tokens are reproducible.
sub json_text {
    my ($v) = @_;
    require JSON::PP;
    return JSON::PP->new->canonical->encode($v);
}

# The key id the module derives: the first 16 hex digits of SHA-256(key).
sub api_key_id { substr(sha256_hex($_[0]), 0, 16) }

sub _run {
    my (@cmd) = @_;
    my $out = qx{@{[ join ' ', map { quotemeta } @cmd ]} 2>&1};
    die "@cmd: $out" if $?;
    return $out;
}

# --- ES256 keys and tokens ---------------------------------------------------

# es256_keypair($dir, $name) -> (private PEM file, public PEM file)
sub es256_keypair {
    my ($dir, $name) = @_;
    my ($priv, $pub) = ("$dir/$name.key", "$dir/$name.pub");
    _run($ENV{DUET_OPENSSL}, 'ecparam', '-name', 'prime256v1', '-genkey',
         '-noout', '-out', $priv);
    _run($ENV{DUET_OPENSSL}, 'pkey', '-in', $priv, '-pubout', '-out', $pub);
    chmod 0644, $pub;
    return ($priv, $pub);
}

# jwks([$pubfile, $kid], ...) -> JWKS text.  x and y are the last 64 bytes
# of the SubjectPublicKeyInfo DER (an uncompressed point 04 || x || y).
sub jwks {
    my (@pairs) = @_;
    my @keys;
    for my $p (@pairs) {
        my ($pub, $kid, %extra) = @$p;
        my $der = _run($ENV{DUET_OPENSSL}, 'pkey', '-pubin', '-in', $pub,
                       '-outform', 'DER');
        my $pt = substr($der, -65);
        die "$pub: not an uncompressed P-256 point" if ord($pt) != 4;
        push @keys, { kty => 'EC', crv => 'P-256', kid => $kid,
                      x => b64url(substr($pt, 1, 32)),
                      y => b64url(substr($pt, 33, 32)), %extra };
    }
    return json_text({ keys => \@keys });
}

# ECDSA-Sig-Value DER (SEQUENCE { INTEGER r, INTEGER s }) -> r || s.
sub _der_to_raw {
    my ($der) = @_;
    my $pos = 2;
    $pos++ if (ord(substr($der, 1, 1)) & 0x80);   # long length form
    my @ints;
    for (1 .. 2) {
        die 'bad ECDSA signature DER' if ord(substr($der, $pos, 1)) != 2;
        my $len = ord(substr($der, $pos + 1, 1));
        my $v = substr($der, $pos + 2, $len);
        $pos += 2 + $len;
        $v =~ s/^\x00+//;
        push @ints, ("\x00" x (32 - length $v)) . $v;
    }
    return join '', @ints;
}

sub es256_sign {
    my ($priv, $input) = @_;
    my $in = File::Temp->new;
    binmode $in;
    print {$in} $input;
    close $in;
    my $der = _run($ENV{DUET_OPENSSL}, 'dgst', '-sha256', '-sign', $priv,
                   '-binary', $in->filename);
    return _der_to_raw($der);
}

# jwt_es256($privkey_pem_file, \%header, \%claims): a token signed with the
# key over whatever the header says (alg is not forced: the tests lie in it).
sub jwt_es256 {
    my ($priv, $header, $claims) = @_;
    my $input = b64url(ref $header ? json_text($header) : $header) . '.'
        . b64url(ref $claims ? json_text($claims) : $claims);
    return $input . '.' . b64url(es256_sign($priv, $input));
}

# jwt_hs256($secret_bytes, \%header, \%claims): HMAC-SHA-256 signed.
sub jwt_hs256 {
    my ($secret, $header, $claims) = @_;
    my $input = b64url(ref $header ? json_text($header) : $header) . '.'
        . b64url(ref $claims ? json_text($claims) : $claims);
    return $input . '.' . b64url(hmac_sha256($input, $secret));
}

# jwt_raw($header_text, $payload_text, $sig_bytes): anything at all.
sub jwt_raw {
    my ($h, $p, $sig) = @_;
    return join '.', b64url($h), b64url($p), b64url($sig);
}

1;
