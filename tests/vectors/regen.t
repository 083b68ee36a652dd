#!/usr/bin/perl
# regen.t -- the committed known-answer vectors are exactly what their
# generators make (STYLE.md practice 15).
#
# For each vector set NAME (tests/vectors/NAME-vectors.json and .h):
#   1. tests/vectors/gen/NAME-vectors-h.pl turns the committed JSON into a
#      header that must equal the committed one byte for byte (core Perl
#      only: always runs);
#   2. if tests/vectors/gen/node_modules exists (npm ci there) and node is
#      on PATH, tests/vectors/gen/gen-NAME-vectors.mjs is run again and
#      its JSON must equal the committed one; otherwise that check is
#      skipped, naming what is missing.
#
# To regenerate after changing a generator:
#   cd tests/vectors/gen && npm ci && node gen-NAME-vectors.mjs &&
#   perl NAME-vectors-h.pl ../NAME-vectors.json > ../NAME-vectors.h

use strict;
use warnings;

use File::Temp qw(tempdir);
use Test::More;

my $top = $ENV{top_srcdir} // '.';
my $dir = "$top/tests/vectors";
my $gen = "$dir/gen";
my @sets = qw(chain eth);

my $tmp = tempdir('regen-XXXXXX', TMPDIR => 1, CLEANUP => 1);

sub slurp {
    my ($path) = @_;
    open my $fh, '<:raw', $path or return undef;
    local $/;
    return scalar <$fh>;
}

# Run a command with its standard output to $out; returns the exit status.
sub run_to {
    my ($out, @cmd) = @_;
    my $pid = fork // die "fork: $!";
    if ($pid == 0) {
        open STDOUT, '>', $out or die "$out: $!";
        exec @cmd or die "exec $cmd[0]: $!";
    }
    waitpid $pid, 0;
    return $?;
}

# Pass if the two files are equal; else show where they first differ.
sub same_file {
    my ($want_path, $got_path, $name) = @_;
    my $want = slurp($want_path);
    my $got = slurp($got_path);
    my $same = defined $want && defined $got && $want eq $got;
    ok($same, $name) and return;
    if (!defined $want || !defined $got) {
        diag(!defined $want ? "cannot read $want_path" : "no output");
        return;
    }
    my @w = split /\n/, $want, -1;
    my @g = split /\n/, $got, -1;
    for my $i (0 .. ($#w > $#g ? $#w : $#g)) {
        next if defined $w[$i] && defined $g[$i] && $w[$i] eq $g[$i];
        diag("first difference at line " . ($i + 1) . ":");
        diag("  committed: " . ($w[$i] // '<end of file>'));
        diag("  generated: " . ($g[$i] // '<end of file>'));
        last;
    }
}

my $node = '';
for my $d (split /:/, $ENV{PATH} // '') {
    if ($d ne '' && -x "$d/node") {
        $node = "$d/node";
        last;
    }
}

for my $set (@sets) {
    my $json = "$dir/$set-vectors.json";
    my $header = "$dir/$set-vectors.h";

    my $st = run_to("$tmp/$set.h", $^X, "$gen/$set-vectors-h.pl", $json);
    is($st, 0, "$set: $set-vectors-h.pl runs on the committed JSON");
    same_file($header, "$tmp/$set.h",
        "$set: the committed header is the one the JSON gives");

    SKIP: {
        skip "$set: tests/vectors/gen/node_modules is absent (npm ci there "
            . "to check the JSON against ethers)", 2
            unless -d "$gen/node_modules";
        skip "$set: node is not on PATH", 2 unless $node;

        $st = run_to('/dev/null', $node, "$gen/gen-$set-vectors.mjs",
            '--out', "$tmp/$set.json");
        is($st, 0, "$set: gen-$set-vectors.mjs runs");
        same_file($json, "$tmp/$set.json",
            "$set: the committed JSON is the one ethers gives");
    }
}

done_testing();
