#!/usr/bin/perl
# duet, the signer CLI, against the real service: nginx and duetd started
# by scripts/run-local (a level-112 service, as tests/e2e/chain-t) with a
# ganache chain (tests/chain/ganache-run) as its network "dev":
#   - the help of every command (walked from `duet help --json`) names
#     every option it accepts; unknown commands and options exit 2;
#   - init (client primes from tests/vectors, DUET_TEST_SCRYPT_LOG2N=10)
#     writes share 0, the recovery file, the API key and the profile, 0600;
#   - an init interrupted by SIGINT mid-DKG leaves nothing; a rerun works;
#   - send -> mined (ethers re-derives the hash and recovers the sender);
#   - sign-message -> ethers.verifyMessage gives the signer's address;
#   - sign-typed-data -> ethers.verifyTypedData;
#   - wrong passphrase (3), truncated share file (7), wrong API key (3),
#     policy refusal (4, with the reason), server down (5), nothing of the
#     share file rewritten by a failure;
#   - status, info, balance, policy get/set, pause/resume, audit verify,
#     rotate-key.
# The parts needing the chain are skipped, with the reason, when node or
# ganache is missing.

use strict;
use warnings;

use FindBin;
use lib "$FindBin::Bin/../integration/lib";
use Digest::SHA qw(sha256_hex);
use Fcntl ();
use File::Temp ();
use IPC::Open3;
use JSON::PP;
use MIME::Base64 qw(encode_base64url);
use POSIX qw(:sys_wait_h);
use Symbol qw(gensym);
use Test::More;
use Time::HiRes qw(sleep);

use Duet::TestEnv qw(env_or_skip state_dir free_port run_local https
                     wait_for slurp write_file);

env_or_skip();

our $duet = "$ENV{top_builddir}/cli/duet";
my $chain = "$ENV{top_srcdir}/tests/chain";
my $primes = "$ENV{top_srcdir}/tests/vectors/safe-primes-1024.txt";
my $json = JSON::PP->new->canonical;

# run_duet({env}, args...) -> (exit code, stdout, stderr)
sub run_duet {
    my ($env, @args) = @_;
    local %ENV = (%ENV, %$env);
    my $err = gensym;
    my $pid = open3(my $in, my $out, $err, $duet, @args);
    close $in;
    my $o = do { local $/; <$out> } // '';
    my $e = do { local $/; <$err> } // '';
    waitpid $pid, 0;
    return ($? >> 8, $o, $e);
}

# --- help, from the table ----------------------------------------------------
my ($rc, $out, $err) = run_duet({}, 'help', '--json');
is($rc, 0, 'duet help --json');
my $table = eval { $json->decode($out) } // {};
my @cmds = @{ $table->{commands} // [] };
cmp_ok(scalar @cmds, '>=', 18, 'the table lists the commands');
for my $c (@cmds) {
    my @words = split / /, $c->{name};
    my ($r1, $h1) = run_duet({}, @words, '--help');
    my ($r2, $h2) = run_duet({}, 'help', @words);
    my @missing = grep { index($h1, "--$_->{name}") < 0 }
                  @{ $c->{options} };
    ok($r1 == 0 && $r2 == 0 && $h1 eq $h2 && !@missing
       && index($h1, "duet $c->{name}") >= 0,
       "duet $c->{name} --help names all its "
       . scalar(@{ $c->{options} }) . ' options')
        or diag("missing: @{[ map { $_->{name} } @missing ]}");
    for my $g (qw(--json --profile --home --passphrase-fd)) {
        index($h1, $g) >= 0 or fail("$c->{name} --help lacks $g");
    }
}
($rc) = run_duet({}, 'frobnicate');
is($rc, 2, 'an unknown command exits 2');
($rc, $out, $err) = run_duet({}, 'send', '--rpc', 'x', '0x1', '1');
is($rc, 2, 'an option of another command exits 2');
like($err, qr/takes no option '--rpc'/, '... and says which');
($rc) = run_duet({}, 'send', '0x1');
is($rc, 2, 'a missing argument exits 2');
($rc, $out) = run_duet({}, 'send', '0x1', '1.0000000000000000001');
is($rc, 2, 'more than 18 decimals of ETH exits 2');

# --- the service and the chain -----------------------------------------------
SKIP: {
    skip 'node is not installed', 1 if system('node --version >/dev/null 2>&1');
    skip 'ganache is not installed (scripts/bootstrap runs npm ci in'
         . ' tests/chain)', 1 if !-f "$chain/node_modules/ganache/package.json";

my $state = state_dir();
my $port = free_port();
my @where = ('--state-dir', $state, '--port', $port);
my $cacert = "$state/nginx/tls/cert.pem";
my $base = "https://127.0.0.1:$port";
my $home = "$state/home";

my $ganache = fork // die "fork: $!";
if ($ganache == 0) {
    open STDOUT, '>', '/dev/null';
    { exec 'node', "$chain/ganache-run", '--port-file',
           "$state/ganache.port" };
    POSIX::_exit(127);
}
my $gport = wait_for(30, sub { my $p = slurp("$state/ganache.port");
                               $p =~ /^(\d+)/ ? $1 : 0 });
ok($gport, 'ganache listens') or BAIL_OUT('no ganache');
my $rpc = "http://127.0.0.1:$gport";

my $token = 'duet_op_' . encode_base64url(join '', map { chr int rand 256 }
                                          1 .. 32);
write_file("$state/duetd.conf", <<"EOF");
# cli.t: a level-112 service on a ganache chain (as tests/e2e/chain-t)
level = 112
allow_insecure_level = yes
operator_token_sha256 = @{[ sha256_hex($token) ]}
prime_target = 6
prime_low_watermark = 4
prime_generators = 2
network = dev 1337 $rpc/
price = ETH 2000
EOF
($rc, $out) = run_local('start', @where, '--config', "$state/duetd.conf");
is($rc, 0, 'run-local start') or diag($out);

END {
    run_local('stop', @where) if $state;
    if ($ganache) {
        kill 'TERM', $ganache;
        waitpid $ganache, 0;
    }
}

# duetd's party needs four primes of its pool for each signer.
sub pool_ready {
    return wait_for(300, sub {
        my $r = https('GET', "$base/health", $cacert);
        my $h = eval { $json->decode($r->{body}) } // {};
        ($h->{primePool}{size} // 0) >= 4 ? 1 : 0;
    });
}
ok(pool_ready(), "duetd's prime pool has primes") or BAIL_OUT('no primes');

my %env = (DUET_HOME => $home, DUET_PASSPHRASE => 'share zero pass',
           DUET_RECOVERY_PASSPHRASE => 'recovery pass 2',
           DUET_OPERATOR_TOKEN => $token, DUET_TEST_SCRYPT_LOG2N => 10);
my @init = ('--server', $base, '--ca-file', $cacert, '--primes-file', $primes,
            '--level', '112', '--network', 'dev');

# An init interrupted mid-DKG leaves nothing; a rerun works.
{
    local %ENV = (%ENV, %env);
    my $errfh = gensym;
    my $pid = open3(my $in, my $o, $errfh, $duet, 'init', 'bot', @init);
    close $in;
    my $seen = '';
    while (my $line = <$errfh>) {
        $seen .= $line;
        last if $line =~ /round 2 of/;
    }
    kill 'INT', $pid;
    $seen .= do { local $/; <$errfh> } // '';
    waitpid $pid, 0;
    my $st = $?;
    like($seen, qr/round 2 of/, 'init shows its progress');
    ok(($st >> 8) == 130 || ($st & 127) == 2, 'SIGINT mid-DKG stops init')
        or diag("status $st: $seen");
    like($seen, qr/nothing was written here; the signer stays pending/,
         '... saying nothing was written and the signer stays pending');
    my @left = grep { -e $_ } map { "$home/$_" }
        ('profiles/bot.conf', 'shares/bot.share', 'shares/bot.recovery',
         'api-keys/bot.key');
    is("@left", '', '... and nothing of the signer is on disk');
}
ok(pool_ready(), "duetd's prime pool has primes again");
($rc, $out, $err) = run_duet(\%env, '--json', 'init', 'bot', @init);
is($rc, 0, 'init after the interrupted one') or diag($err);
my $signer = eval { $json->decode($out) } // {};
like($signer->{address} // '', qr/^0x[0-9a-fA-F]{40}$/, 'init: an address');
for my $f (qw(shareFile recoveryFile apiKeyFile)) {
    my $mode = (stat($signer->{$f} // '/nonexistent'))[2] // 0;
    is($mode & 07777, 0600, "init: $f is 0600");
}
ok(-f "$home/profiles/bot.conf", 'init: the profile');
my $addr = $signer->{address};

# Client primes: warmed ones are taken out of their file as init uses
# them; with none, init generates its own on two threads.
my @init_np = grep { $_ ne '--primes-file' && $_ ne $primes } @init;
($rc, $out, $err) = run_duet(\%env, 'primes', 'warm', '--level', '112');
is($rc, 0, 'primes warm') or diag($err);
my @lines = split /\n/, slurp("$home/primes-112.hex");
is(scalar @lines, 8, 'primes warm: eight 1024-bit primes')
    or diag(scalar @lines);
is((stat("$home/primes-112.hex"))[2] & 07777, 0600, '... in a 0600 file');
ok(pool_ready(), "duetd's prime pool has primes again");
($rc, $out, $err) = run_duet(\%env, 'init', 'warm', @init_np);
is($rc, 0, 'init with the warmed primes') or diag($err);
ok(!-e "$home/primes-112.hex", '... which are used up');
ok(pool_ready(), "duetd's prime pool has primes again");
($rc, $out, $err) = run_duet(\%env, 'init', 'fresh', @init_np);
is($rc, 0, 'init generating its primes') or diag($err);
like($err, qr/generat/, '... saying so on stderr');
($rc, $out) = run_duet(\%env, '--json', 'info');
is((eval { $json->decode($out) } // {})->{defaultProfile}, 'bot',
   'the first profile stays the default');
($rc, $out) = run_duet(\%env, '--json', '--profile', 'fresh', 'status');
is((eval { $json->decode($out) } // {})->{status}, 'active',
   '--profile fresh: its signer is active');

# ethers (tests/chain) as the independent judge.
sub ethers_check {
    my (@args) = @_;
    my $o = qx{cd \Q$chain\E && node chain-check.mjs @{[ join ' ',
              map { quotemeta } @args ]} 2>&1};
    return eval { $json->decode($o) } // { error => $o };
}
sub ethers_eval {
    my ($code) = @_;
    my $f = File::Temp->new(DIR => $chain, SUFFIX => '.mjs');
    print {$f} "import { ethers } from 'ethers';\n$code\n";
    close $f;
    my $o = qx{cd \Q$chain\E && node \Q@{[ $f->filename ]}\E 2>&1};
    chomp $o;
    return $o;
}

my $fund = ethers_check('fund', $rpc, $addr, '10000000000000000000');
ok(!$fund->{error}, 'ganache funds the signer with 10 ETH')
    or diag($json->encode($fund));

my $acct1 = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
($rc, $out, $err) = run_duet(\%env, '--json', 'send', $acct1, '0.25');
is($rc, 0, 'send 0.25 ETH') or diag($err);
my $sent = eval { $json->decode($out) } // {};
like($sent->{txHash} // '', qr/^0x[0-9a-f]{64}$/, 'send: a tx hash');
my $chk = ethers_check('check-tx', $rpc, $sent->{txHash} // '0x',
                       $sent->{rawTransaction} // '0x', $addr);
ok(!$chk->{error}, 'ethers: the transaction is mined, from the signer')
    or diag($json->encode($chk));

($rc, $out, $err) = run_duet(\%env, '--json', 'sign-message',
                             'hello from duet');
is($rc, 0, 'sign-message') or diag($err);
my $sig = (eval { $json->decode($out) } // {})->{signature} // '0x';
is(lc ethers_eval("console.log(ethers.verifyMessage('hello from duet',"
                  . " '$sig'))"), lc $addr,
   'ethers.verifyMessage recovers the signer');

my $typed = {
    domain => { name => 'duet', version => '1', chainId => 1337 },
    types => { Mail => [ { name => 'to', type => 'address' },
                         { name => 'text', type => 'string' } ] },
    primaryType => 'Mail',
    message => { to => $acct1, text => 'hi' },
};
my $typed_all = { %$typed, types => { %{ $typed->{types} },
    EIP712Domain => [ { name => 'name', type => 'string' },
                      { name => 'version', type => 'string' },
                      { name => 'chainId', type => 'uint256' } ] } };
write_file("$state/typed.json", $json->encode($typed_all));
($rc, $out, $err) = run_duet(\%env, '--json', 'sign-typed-data',
                             "$state/typed.json");
is($rc, 0, 'sign-typed-data') or diag($err);
$sig = (eval { $json->decode($out) } // {})->{signature} // '0x';
my $d = $json->encode($typed->{domain});
my $t = $json->encode($typed->{types});
my $m = $json->encode($typed->{message});
is(lc ethers_eval("console.log(ethers.verifyTypedData($d, $t, $m,"
                  . " '$sig'))"), lc $addr,
   'ethers.verifyTypedData recovers the signer');

($rc, $out) = run_duet(\%env, '--json', 'status');
my $s = eval { $json->decode($out) } // {};
ok($rc == 0 && ($s->{status} // '') eq 'active'
   && lc($s->{ethAddress} // '') eq lc $addr, 'status: active, the address');
($rc, $out) = run_duet(\%env, '--json', 'info');
$s = eval { $json->decode($out) } // {};
ok($rc == 0 && ($s->{profile} // '') eq 'bot', 'info: the profile');
($rc, $out, $err) = run_duet(\%env, '--json', 'balance', '--rpc', $rpc);
$s = eval { $json->decode($out) } // {};
like($s->{eth} // '', qr/^9\.7\d+$/, 'balance: 10 - 0.25 - gas ETH')
    or diag($out, $err);

# Failures: clear messages, their exit codes, nothing rewritten.
my $share = $signer->{shareFile};
my $share_bytes = slurp($share);
($rc, $out, $err) = run_duet({ %env, DUET_PASSPHRASE => 'wrong one' },
                             'sign-message', 'x');
is($rc, 3, 'a wrong passphrase exits 3');
like($err, qr/passphrase/i, '... saying so');
is(slurp($share), $share_bytes, '... and the share file is untouched');

write_file($share, substr($share_bytes, 0, length($share_bytes) / 2), 0600);
($rc, $out, $err) = run_duet(\%env, 'sign-message', 'x');
is($rc, 7, 'a truncated share file exits 7') or diag($err);
write_file($share, $share_bytes, 0600);

my $keyfile = $signer->{apiKeyFile};
my $key = slurp($keyfile);
write_file($keyfile, "duet_live_wrongwrongwrongwrongwrongwrong\n", 0600);
($rc, $out, $err) = run_duet(\%env, 'sign-message', 'x');
is($rc, 3, 'a wrong API key exits 3') or diag($err);
like($err, qr/401/, '... with the server\'s 401');
write_file($keyfile, $key, 0600);

# deploy (no policy yet: everything allowed), bytecode from a file.
my $tok = ethers_check('compile-token');
write_file("$state/token.hex", ($tok->{bytecode} // '0x') . "\n");
($rc, $out, $err) = run_duet(\%env, '--json', 'deploy', "\@$state/token.hex");
is($rc, 0, 'deploy @FILE') or diag($err);
$sent = eval { $json->decode($out) } // {};
$chk = ethers_check('check-tx', $rpc, $sent->{txHash} // '0x',
                    $sent->{rawTransaction} // '0x', $addr);
ok(!$chk->{error}, 'ethers: the contract creation is mined')
    or diag($json->encode($chk));

# --passphrase-fd: the passphrase from a descriptor, not the environment.
{
    my %noenv = %env;
    delete $noenv{DUET_PASSPHRASE};
    local %ENV = %ENV;
    delete $ENV{DUET_PASSPHRASE};
    my $pfile = File::Temp->new;
    print {$pfile} "share zero pass\n";
    close $pfile;
    open my $fh, '<', $pfile->filename or die;
    my $fl = fcntl($fh, Fcntl::F_GETFD(), 0);
    fcntl($fh, Fcntl::F_SETFD(), $fl & ~Fcntl::FD_CLOEXEC());
    ($rc, $out, $err) = run_duet(\%noenv, '--passphrase-fd', fileno($fh),
                                 'sign-message', 'via fd');
    is($rc, 0, '--passphrase-fd N') or diag($err);
    close $fh;
    # setsid: no controlling TTY to prompt on, whoever runs the test.
    {
        local $duet = 'setsid';
        ($rc, $out, $err) = run_duet(\%noenv, '-w', "$ENV{top_builddir}/cli/duet",
                                     'sign-message', 'no source');
    }
    is($rc, 3, 'no passphrase source and no TTY: exit 3') or diag($err);
}

write_file("$state/policy.json", $json->encode({ rules => [
    { action => 'accept', criteria => [ { type => 'maxPerTxUsd',
                                          maxUsd => 100 } ] } ] }));
($rc, $out, $err) = run_duet(\%env, 'policy', 'set', "$state/policy.json");
is($rc, 0, 'policy set') or diag($err);
($rc, $out, $err) = run_duet({ %env, DUET_OPERATOR_TOKEN => '' }, 'policy',
                             'set', "$state/policy.json");
is($rc, 3, 'policy set without the operator token exits 3');
($rc, $out) = run_duet(\%env, '--json', 'policy', 'get');
like($out, qr/maxPerTxUsd/, 'policy get shows it');
($rc, $out, $err) = run_duet(\%env, 'send', $acct1, '1');
is($rc, 4, 'a send over the limit is refused with exit 4') or diag($err);
like($err, qr/refused by the signer's policy:.*Per-transaction limit/s,
     '... with the reason');
($rc, $out, $err) = run_duet(\%env, 'send', $acct1, '1000000000000wei');
is($rc, 0, 'a small send under the policy passes') or diag($err);

($rc, $out, $err) = run_duet(\%env, 'pause');
is($rc, 0, 'pause') or diag($err);
($rc, $out, $err) = run_duet(\%env, 'sign-message', 'x');
isnt($rc, 0, 'a paused signer does not sign');
($rc, $out, $err) = run_duet(\%env, 'resume');
is($rc, 0, 'resume') or diag($err);

($rc, $out, $err) = run_duet(\%env, '--json', 'audit', 'verify');
$s = eval { $json->decode($out) } // {};
ok($rc == 0 && ($s->{chain} // '') eq 'intact' && ($s->{rows} // 0) >= 4,
   'audit verify: the chain is intact')
    or diag($out, $err, (run_duet(\%env, '--json', 'audit'))[1]);
($rc, $out, $err) = run_duet(\%env, 'audit', '--export', "$state/a.csv");
like(slurp("$state/a.csv"), qr/^"/, 'audit --export writes the CSV')
    or diag($err);

($rc, $out, $err) = run_duet(\%env, 'rotate-key');
is($rc, 0, 'rotate-key') or diag($err);
isnt(slurp($keyfile), $key, '... writes a new key file');
is((stat($keyfile))[2] & 07777, 0600, '... mode 0600');
($rc) = run_duet(\%env, 'status');
is($rc, 0, 'the new key works');

# proxy: JSON-RPC on loopback; eth_accounts and personal_sign through
# duet, anything else forwarded to the node.
{
    pipe(my $rd, my $wr) or die "pipe: $!";
    my $pid = fork // die "fork: $!";
    if ($pid == 0) {
        close $rd;
        my $fl = fcntl($wr, Fcntl::F_GETFD(), 0);
        fcntl($wr, Fcntl::F_SETFD(), $fl & ~Fcntl::FD_CLOEXEC());
        %ENV = (%ENV, %env, DUET_PROXY_READY_FD => fileno($wr));
        open STDOUT, '>', "$state/proxy.out" or POSIX::_exit(127);
        open STDERR, '>', "$state/proxy.err" or POSIX::_exit(127);
        { exec $duet, 'proxy', '--port', '0', '--rpc', $rpc };
        POSIX::_exit(127);
    }
    close $wr;
    my $pport = <$rd> // '';
    close $rd;
    chomp $pport;
    like($pport, qr/^\d+$/, 'proxy: listening') or diag(slurp("$state/proxy.err"));
    my $call = sub {
        my ($method, $params) = @_;
        my $f = File::Temp->new;
        print {$f} $json->encode({ jsonrpc => '2.0', id => 1,
                                   method => $method, params => $params });
        close $f;
        my $o = qx{$ENV{DUET_CURL} -sS --max-time 60 -H 'Content-Type: application/json' --data-binary \@@{[ $f->filename ]} http://127.0.0.1:$pport/};
        return eval { $json->decode($o) } // { error => $o };
    };
    my $a = $call->('eth_accounts', []);
    is(lc(($a->{result} // [])->[0] // ''), lc $addr,
       'proxy: eth_accounts is the signer');
    is($call->('eth_chainId', [])->{result}, '0x539',
       'proxy: eth_chainId is forwarded to the node');
    my $ps = $call->('personal_sign', [ '0x6869', $addr ]);
    is(lc ethers_eval("console.log(ethers.verifyMessage(ethers.getBytes("
                      . "'0x6869'), '@{[ $ps->{result} // '0x' ]}'))"),
       lc $addr, 'proxy: personal_sign verified by ethers')
        or diag($json->encode($ps));

    # An ordinary ethers program, not knowing duet is behind the endpoint:
    # getSigner, sendTransaction (mined), signMessage, signTypedData.
    my $pc = qx{cd \Q$chain\E && node proxy-client.mjs http://127.0.0.1:$pport $acct1 2>&1};
    my %pc = map { /^(\S+) (.*)$/ ? ($1 => $2) : () } split /\n/, $pc;
    is(lc($pc{address} // ''), lc $addr, 'proxy: ethers finds the signer')
        or diag($pc);
    is($pc{status}, 1, 'proxy: ethers sendTransaction is mined')
        or diag($pc);
    is(lc($pc{from} // ''), lc $addr, '... sent from the signer');
    is(lc($pc{'message-signer'} // ''), lc $addr,
       'proxy: ethers signMessage verifies');
    is(lc($pc{'typed-signer'} // ''), lc $addr,
       'proxy: ethers signTypedData verifies');
    kill 'TERM', $pid;
    waitpid $pid, 0;
    is($? >> 8, 0, 'proxy: stops cleanly on SIGTERM');
}

run_local('stop', @where);

# cosign with duetd stopped: share 0 (the profile) and share 2 (the
# recovery file) sign a complete transaction over TCP; the broadcast
# transaction is mined.  setsid: no TTY to confirm the code on.
sub spawn_duet {
    my ($env, $tag, @args) = @_;
    my $pid = fork // die "fork: $!";
    if ($pid == 0) {
        POSIX::setsid();
        %ENV = (%ENV, %$env);
        open STDOUT, '>', "$state/$tag.out" or POSIX::_exit(127);
        open STDERR, '>', "$state/$tag.err" or POSIX::_exit(127);
        { exec $duet, @args };
        POSIX::_exit(127);
    }
    return $pid;
}
my $nonce = ethers_eval("const p = new ethers.JsonRpcProvider('$rpc');"
                        . " console.log(await p.getTransactionCount('$addr'))");
like($nonce, qr/^\d+$/, "the signer's nonce from the chain");
write_file("$state/tx.json", $json->encode({
    type => 2, chainId => 1337, nonce => 0 + ($nonce =~ /^(\d+)$/)[0],
    gasLimit => 21000, to => $acct1, value => '1000000000000000',
    maxFeePerGas => '100000000000', maxPriorityFeePerGas => '1000000000' }));
my $cport = free_port();
my $p0 = spawn_duet({ %env }, 'cosign0', '--json', 'cosign', '--listen',
                    "127.0.0.1:$cport", '--tx', "$state/tx.json",
                    '--broadcast', $rpc, '--timeout', '120');
my $p2 = spawn_duet({ %env, DUET_PASSPHRASE => 'recovery pass 2' },
                    'cosign2', '--json', 'cosign', '--connect',
                    "127.0.0.1:$cport", '--share-file',
                    $signer->{recoveryFile}, '--tx', "$state/tx.json",
                    '--timeout', '120');
waitpid $p0, 0;
my $st0 = $? >> 8;
waitpid $p2, 0;
my $st2 = $? >> 8;
ok($st0 == 0 && $st2 == 0, 'cosign: both sides succeed')
    or diag(slurp("$state/cosign0.err"), slurp("$state/cosign2.err"));
my $c0 = eval { $json->decode(slurp("$state/cosign0.out")) } // {};
my $c2 = eval { $json->decode(slurp("$state/cosign2.out")) } // {};
ok(($c0->{code} // 'a') eq ($c2->{code} // 'b'),
   'cosign: both sides show the same code');
is($c0->{rawTransaction}, $c2->{rawTransaction},
   'cosign: both sides have the same signed transaction');
$chk = ethers_check('check-tx', $rpc, $c0->{txHash} // '0x',
                    $c0->{rawTransaction} // '0x', $addr);
ok(!$chk->{error}, 'ethers: the co-signed transaction is mined')
    or diag($json->encode($chk));
like(slurp("$home/cosign.log"), qr/"path":"signer\+user"/,
     'cosign: a local audit record');

($rc, $out, $err) = run_duet(\%env, 'sign-message', 'x');
is($rc, 5, 'the server down: exit 5') or diag($err);
($rc, $out, $err) = run_duet(\%env, '--json', 'status');
is((eval { $json->decode($out) } // {})->{exitCode}, 5,
   '--json reports the exit code');
}

done_testing();
