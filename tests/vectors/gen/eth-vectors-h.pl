#!/usr/bin/perl
# eth-vectors-h.pl -- turn tests/vectors/eth-vectors.json (written by
# gen-eth-vectors.mjs) into the C header tests/crypto/eth-t.c includes.
#
# Usage: perl eth-vectors-h.pl IN.json > OUT.h
#
# Core Perl only (JSON::PP), so the header can be regenerated and checked
# without node or npm (tests/vectors/regen.t).  The output depends only on
# the JSON: same input, same bytes.
#
# Byte strings stay hex (the test decodes them).  Texts (the JSON inputs)
# become C string literals of their UTF-8 bytes: quote, backslash and "?"
# (no trigraphs under -std=c11) are escaped, every byte outside printable
# ASCII is a three-digit octal escape, and literals are split into lines
# of at most 64 characters without cutting an escape.  Each whole string
# must stay below the 4095 characters ISO C promises, or -pedantic warns.

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
my $v = JSON::PP->new->utf8->decode($json);

my %errors = map { $_ => 1 } qw(OK TRUNCATED NON_CANONICAL TRAILING_DATA
    LIMIT_EXCEEDED BAD_ENCODING INVALID_ARGUMENT UNSUPPORTED);

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

sub u64_ok {
    my ($n, $what) = @_;
    die "$what: not a decimal u64: '$n'\n"
        unless $n =~ /^(?:0|[1-9][0-9]{0,19})$/
            && (length($n) < 20 || $n le '18446744073709551615');
    return "UINT64_C($n)";
}

# A C string literal of the UTF-8 bytes of $s, split over lines indented
# by $ind spaces.
sub cstr {
    my ($s, $ind) = @_;
    my $bytes = $s;
    utf8::encode($bytes);
    die "string of " . length($bytes) . " bytes is too long for C\n"
        if length($bytes) > $MAX_LITERAL;
    return '""' if $bytes eq '';
    my @units = map {
        my $c = ord;
        $_ eq '"' || $_ eq '\\' || $_ eq '?' ? "\\$_"
            : $c >= 0x20 && $c < 0x7f ? $_
            : sprintf('\\%03o', $c)
    } split //, $bytes;
    my @parts;
    my $cur = '';
    for my $u (@units) {
        if (length($cur) + length($u) > 64) {
            push @parts, "\"$cur\"";
            $cur = '';
        }
        $cur .= $u;
    }
    push @parts, "\"$cur\"";
    return join("\n" . (' ' x $ind), @parts);
}

sub error_name {
    my ($e, $what) = @_;
    die "$what: unknown error '$e'\n" unless $errors{$e};
    return $e eq 'OK' ? 'DUET_OK' : "DUET_ERR_$e";
}

my $ethers = $v->{ethers} // '';
die "bad ethers version '$ethers'\n" unless $ethers =~ /^[0-9][0-9.]*$/;

my @out;
push @out, <<"EOT";
/*
 * eth-vectors.h -- GENERATED from tests/vectors/eth-vectors.json by
 * tests/vectors/gen/eth-vectors-h.pl.  Do not edit: change the generator
 * (gen-eth-vectors.mjs), run both, commit all three.
 */

#ifndef DUET_TESTS_ETH_VECTORS_H
#define DUET_TESTS_ETH_VECTORS_H

#include <stddef.h>
#include <stdint.h>

#include "duet.h"

/* The JSON's ethers version, for the test's diagnostics. */
#define ETH_VECTORS_ETHERS  "$ethers"

/* A transaction: its JSON, serializations, hash and ethers' signature. */
struct eth_tx_vector {
    const char *comment;
    const char *json;           /* for duet_eth_tx_from_json */
    const char *unsigned_tx;    /* hex */
    const char *hash;           /* hex, the signing hash */
    int type;
    uint64_t chain_id;
    const char *signed_tx;      /* hex, from ethers' Wallet */
    const char *r;              /* hex, 32 bytes */
    const char *s;              /* hex, 32 bytes */
    int y_parity;
    uint64_t v;                 /* as published: EIP-155 v or yParity */
    const char *pubkey;         /* hex, the signer's compressed key */
    const char *address;        /* hex, the signer's address */
};

/* An unsigned transaction duet_eth_tx_sighash must refuse with error. */
struct eth_tx_invalid_vector {
    const char *comment;
    const char *encoded;        /* hex */
    int error;
    int policy;                 /* ethers accepts it */
};

/* JSON duet_eth_tx_from_json must refuse with error. */
struct eth_tx_json_invalid_vector {
    const char *comment;
    const char *json;
    int error;
};

/* An EIP-191 message and its hash. */
struct eth_personal_vector {
    const char *comment;
    const char *message;        /* hex */
    const char *hash;           /* hex */
};

/* EIP-712 JSON and its hash. */
struct eth_typed_vector {
    const char *comment;
    const char *json;
    const char *hash;           /* hex */
};

/* EIP-712 JSON duet_eth_typed_data_hash must refuse with error. */
struct eth_typed_invalid_vector {
    const char *comment;
    const char *json;
    int error;
    int policy;                 /* ethers accepts it */
};

/* A public key, its address and the address's EIP-55 text. */
struct eth_address_vector {
    const char *comment;
    const char *pubkey;         /* hex, compressed */
    const char *address;        /* hex */
    const char *checksum;
};

/* An address and its EIP-55 text. */
struct eth_checksum_vector {
    const char *comment;
    const char *address;        /* hex */
    const char *checksum;
};

/* Address text duet_eth_address_parse must refuse. */
struct eth_address_invalid_vector {
    const char *comment;
    const char *text;
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
            my $c = $kind eq 'text' ? cstr($x, 8)
                : $kind eq 'hex' ? cstr(hex_ok($x, "$what.$key"), 8)
                : $kind eq 'count' ? count_ok($x, "$what.$key")
                : $kind eq 'u64' ? u64_ok($x, "$what.$key")
                : $kind eq 'error' ? error_name($x, "$what.$key")
                : $kind eq 'bool' ? ($x ? 1 : 0)
                : die "unknown kind $kind\n";
            push @out, "        $c,\n";
        }
        push @out, "    },\n";
        $i++;
    }
    push @out, "};\n";
}

table('eth_tx_vector', 'eth_tx_vectors', $v->{tx},
    [[comment => 'text'], [json => 'text'], [unsigned => 'hex'],
     [hash => 'hex'], [type => 'count'], [chain_id => 'u64'],
     [signed => 'hex'], [r => 'hex'], [s => 'hex'], [y_parity => 'count'],
     [v => 'u64'], [pubkey => 'hex'], [address => 'hex']]);
table('eth_tx_invalid_vector', 'eth_tx_invalid_vectors', $v->{tx_invalid},
    [[comment => 'text'], [encoded => 'hex'], [error => 'error'],
     [policy => 'bool']]);
table('eth_tx_json_invalid_vector', 'eth_tx_json_invalid_vectors',
    $v->{tx_json_invalid},
    [[comment => 'text'], [json => 'text'], [error => 'error']]);
table('eth_personal_vector', 'eth_personal_vectors', $v->{personal},
    [[comment => 'text'], [message => 'hex'], [hash => 'hex']]);
table('eth_typed_vector', 'eth_typed_vectors', $v->{typed},
    [[comment => 'text'], [json => 'text'], [hash => 'hex']]);
table('eth_typed_invalid_vector', 'eth_typed_invalid_vectors',
    $v->{typed_invalid},
    [[comment => 'text'], [json => 'text'], [error => 'error'],
     [policy => 'bool']]);
table('eth_address_vector', 'eth_address_vectors', $v->{address},
    [[comment => 'text'], [pubkey => 'hex'], [address => 'hex'],
     [checksum => 'text']]);
table('eth_checksum_vector', 'eth_checksum_vectors', $v->{checksum},
    [[comment => 'text'], [address => 'hex'], [checksum => 'text']]);
table('eth_address_invalid_vector', 'eth_address_invalid_vectors',
    $v->{address_invalid}, [[comment => 'text'], [text => 'text']]);

push @out, "\n#endif /* DUET_TESTS_ETH_VECTORS_H */\n";

binmode STDOUT, ':raw';
print @out;
close STDOUT or die "write: $!\n";
