#!/usr/bin/perl
# recover.t -- signatures made by duet's threshold protocols recover, in
# ethers (an independent implementation), to the address of the key:
# EIP-191 messages, EIP-712 typed data and a signed EIP-1559 transaction,
# for three signer pairs.  tests/crypto/proto-sigdump makes them,
# tests/vectors/gen/recover-check.mjs checks them.  Skipped (naming what
# is missing) without node or tests/vectors/gen/node_modules.

use strict;
use warnings;

my $top = $ENV{top_srcdir} // '.';
my $build = $ENV{top_builddir} // '.';
my $gen = "$top/tests/vectors/gen";
my $dump = "$build/tests/crypto/proto-sigdump";

if (!-d "$gen/node_modules/ethers") {
    print "1..0 # SKIP $gen/node_modules missing (npm ci there)\n";
    exit 0;
}
if (system('node --version >/dev/null 2>&1') != 0) {
    print "1..0 # SKIP node not on PATH\n";
    exit 0;
}
my $out = qx{"$dump"};
if ($? != 0 || $out eq '') {
    print "1..1\nnot ok 1 - proto-sigdump ran (exit ", $? >> 8, ")\n";
    exit 1;
}
open my $node, '|-', 'node', "$gen/recover-check.mjs"
    or die "cannot run node: $!";
print {$node} $out;
close $node;
exit($? >> 8);
