#!/usr/bin/perl
# chain-vectors-h.pl -- turn tests/vectors/chain-vectors.json (written by
# gen-chain-vectors.mjs) into the C header tests/crypto/chain-t.c includes.
#
# Usage: perl chain-vectors-h.pl IN.json > OUT.h
#
# Core Perl only (JSON::PP), so the header can be regenerated and checked
# without node or npm (tests/vectors/regen.t).  The output depends only on
# the JSON: same input, same bytes.
#
# Byte strings stay hex in the header (the test decodes them), split into
# literals of at most 64 characters; each whole string must stay below
# the 4095 characters ISO C promises, or -pedantic warns.  An RLP value
# becomes a "shape": space-separated tokens "[" (open a list), "]" (close
# it) and "x<hex>" (a string; "x" alone is the empty string).

use strict;
use warnings;

use JSON::PP;

my $MAX_LITERAL = 4000;

@ARGV == 1 or die "usage: $0 IN.json > OUT.h\n";
my $in = $ARGV[0];
my $json = do {
    open my $fh, '<:raw', $in or die "$in: $!\n";
    local $/;
    <$fh>;
};
my $v = JSON::PP->new->decode($json);

my %errors = map { $_ => 1 } qw(OK TRUNCATED NON_CANONICAL TRAILING_DATA
    LIMIT_EXCEEDED BAD_ENCODING);

sub hex_ok {
    my ($h, $what) = @_;
    die "$what: not lower-case hex of whole bytes: '$h'\n"
        unless $h =~ /^(?:[0-9a-f]{2})*$/;
    return $h;
}

sub count_ok {
    my ($n, $what) = @_;
    die "$what: not a count: '$n'\n" unless $n =~ /^(?:0|[1-9][0-9]{0,8})$/;
    return $n;
}

# A C string literal, split over lines, indented by $ind spaces.
sub cstr {
    my ($s, $ind) = @_;
    die "string of " . length($s) . " characters is too long for C\n"
        if length($s) > $MAX_LITERAL;
    $s =~ s/(["\\])/\\$1/g;
    die "unexpected character in '$s'\n" if $s =~ /[^\x20-\x7e]/;
    return '""' if $s eq '';
    my @parts;
    while (length $s) {
        my $n = length($s) < 64 ? length($s) : 64;
        # Never split an escape.
        $n-- if substr($s, $n - 1, 1) eq '\\';
        push @parts, '"' . substr($s, 0, $n, '') . '"';
    }
    return join("\n" . (' ' x $ind), @parts);
}

sub comment_str {
    my ($c) = @_;
    # Keep the header ASCII and the comment on one line.
    $c =~ s/[^\x20-\x7e]/?/g;
    return cstr($c, 8);
}

sub error_name {
    my ($e, $what) = @_;
    die "$what: unknown error '$e'\n" unless $errors{$e};
    return $e eq 'OK' ? 'DUET_OK' : "DUET_ERR_$e";
}

sub shape {
    my ($x, $what) = @_;
    if (ref $x eq 'ARRAY') {
        return join(' ', '[', (map { shape($_, $what) } @$x), ']');
    }
    return 'x' . hex_ok($x, $what);
}

my $ethers = $v->{ethers} // '';
die "bad ethers version '$ethers'\n" unless $ethers =~ /^[0-9][0-9.]*$/;

my @out;
push @out, <<"EOT";
/*
 * chain-vectors.h -- GENERATED from tests/vectors/chain-vectors.json by
 * tests/vectors/gen/chain-vectors-h.pl.  Do not edit: change the generator
 * (gen-chain-vectors.mjs), run both, commit all three.
 */

#ifndef DUET_TESTS_CHAIN_VECTORS_H
#define DUET_TESTS_CHAIN_VECTORS_H

#include <stddef.h>

#include "duet.h"

/* The JSON's ethers version, for the test's diagnostics. */
#define CHAIN_VECTORS_ETHERS  "$ethers"

/* Keccak-256 of unit repeated to len bytes. */
struct chain_keccak_vector {
    const char *comment;
    const char *unit;           /* hex */
    size_t len;
    const char *digest;         /* hex */
};

/* An RLP value as a shape (see the generator) and its encoding. */
struct chain_rlp_vector {
    const char *comment;
    const char *shape;
    const char *encoded;        /* hex */
};

/* An integer (minimal big-endian magnitude, "" for 0) and its encoding. */
struct chain_rlp_uint_vector {
    const char *comment;
    const char *value;          /* hex */
    const char *encoded;        /* hex */
};

/* A string of unit repeated to len bytes: header, then the bytes. */
struct chain_rlp_long_string_vector {
    const char *comment;
    const char *unit;           /* hex */
    size_t len;
    const char *header;         /* hex */
};

/* A list of count strings, each item_unit repeated to item_len bytes. */
struct chain_rlp_long_list_vector {
    const char *comment;
    size_t count;
    const char *item_unit;      /* hex */
    size_t item_len;
    const char *header;         /* hex */
};

/* Input that duet_rlp_check() must refuse with error. */
struct chain_rlp_invalid_vector {
    const char *comment;
    const char *encoded;        /* hex */
    int error;
    int policy;                 /* valid RLP over one of our limits */
};

/* One item as an integer: what get_uint and get_u64 must return. */
struct chain_rlp_invalid_uint_vector {
    const char *comment;
    const char *encoded;        /* hex */
    int error;
    int error_u64;
};
EOT

sub table {
    my ($type, $name, $rows, $fields) = @_;
    die "$name: no vectors\n" unless ref $rows eq 'ARRAY' && @$rows;
    my $decl = "static const struct $type $name\[\] = {";
    $decl = "static const struct $type\n    $name\[\] = {"
        if length($decl) > 80;
    push @out, "\n$decl\n";
    my $i = 0;
    for my $row (@$rows) {
        my $what = "$name\[$i\]";
        push @out, "    {\n";
        for my $f (@$fields) {
            my ($key, $kind) = @$f;
            die "$what: no $key\n" unless exists $row->{$key};
            my $x = $row->{$key};
            my $c = $kind eq 'comment' ? comment_str($x)
                : $kind eq 'hex' ? cstr(hex_ok($x, "$what.$key"), 8)
                : $kind eq 'count' ? count_ok($x, "$what.$key")
                : $kind eq 'error' ? error_name($x, "$what.$key")
                : $kind eq 'bool' ? ($x ? 1 : 0)
                : $kind eq 'shape' ? cstr(shape($x, "$what.$key"), 8)
                : die "unknown kind $kind\n";
            push @out, "        $c,\n";
        }
        push @out, "    },\n";
        $i++;
    }
    push @out, "};\n";
}

table('chain_keccak_vector', 'chain_keccak_vectors', $v->{keccak256},
    [[comment => 'comment'], [unit => 'hex'], [len => 'count'],
     [digest => 'hex']]);
table('chain_rlp_vector', 'chain_rlp_vectors', $v->{rlp},
    [[comment => 'comment'], [value => 'shape'], [encoded => 'hex']]);
table('chain_rlp_uint_vector', 'chain_rlp_uint_vectors', $v->{rlp_uint},
    [[comment => 'comment'], [value => 'hex'], [encoded => 'hex']]);
table('chain_rlp_long_string_vector', 'chain_rlp_long_string_vectors',
    $v->{rlp_long_strings},
    [[comment => 'comment'], [unit => 'hex'], [len => 'count'],
     [header => 'hex']]);
table('chain_rlp_long_list_vector', 'chain_rlp_long_list_vectors',
    $v->{rlp_long_lists},
    [[comment => 'comment'], [count => 'count'], [item_unit => 'hex'],
     [item_len => 'count'], [header => 'hex']]);
table('chain_rlp_invalid_vector', 'chain_rlp_invalid_vectors',
    $v->{rlp_invalid},
    [[comment => 'comment'], [encoded => 'hex'], [error => 'error'],
     [policy => 'bool']]);
table('chain_rlp_invalid_uint_vector', 'chain_rlp_invalid_uint_vectors',
    $v->{rlp_invalid_uint},
    [[comment => 'comment'], [encoded => 'hex'], [error => 'error'],
     [error_u64 => 'error']]);

push @out, "\n#endif /* DUET_TESTS_CHAIN_VECTORS_H */\n";

binmode STDOUT, ':raw';
print @out;
close STDOUT or die "write: $!\n";
