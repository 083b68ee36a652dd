#!/usr/bin/env node
// gen-chain-vectors.mjs -- known-answer vectors for crypto/src/chain
// (Keccak-256 and RLP), computed with ethers v6 (STYLE.md practice 15).
//
// Usage (from tests/vectors/gen, after "npm ci"):
//     node gen-chain-vectors.mjs [--out FILE]
// writes ../chain-vectors.json (or FILE; "-" for standard output).  Then
//     perl chain-vectors-h.pl ../chain-vectors.json > ../chain-vectors.h
// turns it into the C header that tests/crypto/chain-t.c includes.  Both
// outputs are committed; tests/vectors/regen.t checks that they match.
//
// The output is deterministic: no clock, no unseeded randomness.  Long
// inputs are written as a repeating unit and a length, so that the JSON
// and the header stay small.
//
// Invalid RLP cannot come from ethers (its decoder is lenient: it accepts
// 0x8105 as 0x05), so those cases are listed by hand below with the error
// libduet must give, and each is cross-checked: ethers must either reject
// it, or decode it to a value whose canonical encoding is different.
// Cases marked "policy" are well-formed RLP that libduet refuses by its
// own limits (nesting depth); ethers accepts those.

import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import {
    decodeRlp, encodeRlp, getBytes, hexlify, keccak256, toBeArray,
    toUtf8Bytes, version,
} from "ethers";

const here = dirname(fileURLToPath(import.meta.url));

// Mirrors DUET_RLP_MAX_DEPTH and DUET_RLP_MAX_SIZE in crypto/src/chain/rlp.h.
const RLP_MAX_DEPTH = 16;
const RLP_MAX_SIZE = 1 << 20;

function fail(msg) {
    process.stderr.write(`gen-chain-vectors: ${msg}\n`);
    process.exit(1);
}

function check(cond, msg) {
    if (!cond) {
        fail(msg);
    }
}

// Hex without 0x: the C side decodes it with its own helper.
const bare = (h) => h.replace(/^0x/, "");
const hexOf = (bytes) => bare(hexlify(bytes));
const ascii = (s) => hexOf(toUtf8Bytes(s));

// The bytes unit repeated to len bytes.
function expand(unitHex, len) {
    const unit = getBytes("0x" + unitHex);
    const out = new Uint8Array(len);

    check(len === 0 || unit.length > 0, "empty unit for a non-empty input");
    for (let i = 0; i < len; i++) {
        out[i] = unit[i % unit.length];
    }
    return out;
}

// A fixed-seed xorshift32: deterministic "random" structures.
let rngState = 0x2545f491;
function rand(n) {
    rngState ^= rngState << 13;
    rngState >>>= 0;
    rngState ^= rngState >>> 17;
    rngState ^= rngState << 5;
    rngState >>>= 0;
    return rngState % n;
}

// ---------------------------------------------------------------------------
// Keccak-256

const keccak = [];

function addKeccak(comment, unitHex, len) {
    const digest = bare(keccak256(expand(unitHex, len)));

    keccak.push({ comment, unit: unitHex, len, digest });
    return digest;
}

const empty = addKeccak("empty input", "", 0);
// The constant that tells Keccak-256 from SHA3-256 (a7ffc6f8...).
check(empty === "c5d2460186f7233c927e7db2dcc703c0"
    + "e500b653ca82273b7bfad8045d85a470",
    `ethers' keccak256("") is ${empty}: not the original-padding Keccak`);

addKeccak("one byte 0x00", "00", 1);
addKeccak("one byte 0x61 (\"a\")", "61", 1);
addKeccak("one byte 0x80", "80", 1);
addKeccak("one byte 0xcc", "cc", 1);
addKeccak("one byte 0xff", "ff", 1);
addKeccak("\"abc\"", ascii("abc"), 3);
const fox = "The quick brown fox jumps over the lazy dog";
addKeccak(`"${fox}"`, ascii(fox), fox.length);
addKeccak(`"${fox}."`, ascii(fox + "."), fox.length + 1);
const sel = addKeccak("\"transfer(address,uint256)\" (an ABI selector)",
    ascii("transfer(address,uint256)"), 25);
check(sel.startsWith("a9059cbb"), "transfer selector is not a9059cbb");

// Every length through two blocks and a bit: the rate is 136 bytes, so
// 135/136/137 and 271/272/273 are the padding edge cases (one byte left
// for both pad bits, a block exactly full, one byte into the next).
const SWEEP_UNIT = "a55a00ff01807ffe102030c33c";
for (let len = 0; len <= 280; len++) {
    const edge = { 135: " (rate - 1: both pad bits in one byte)",
        136: " (exactly one block)", 137: " (rate + 1)",
        271: " (2 * rate - 1)", 272: " (exactly two blocks)",
        273: " (2 * rate + 1)" }[len] ?? "";
    addKeccak(`sweep: ${len} bytes of the 13-byte unit${edge}`, SWEEP_UNIT,
        len);
}

const SEQ_UNIT = hexOf(Uint8Array.from({ length: 256 }, (_, i) => i));
addKeccak("1000 bytes 00 01 02 ... (mod 256)", SEQ_UNIT, 1000);
addKeccak("4096 bytes 00 01 02 ... (mod 256)", SEQ_UNIT, 4096);
addKeccak("65543 bytes 00 01 02 ... (mod 256)", SEQ_UNIT, 65543);
addKeccak("one million \"a\"", "61", 1000000);

// ---------------------------------------------------------------------------
// RLP: structures (strings as hex, lists as arrays) and their encodings.

const rlp = [];

// A structure as ethers takes it: strings as 0x-hex, lists as arrays.
const toEthers = (v) => Array.isArray(v) ? v.map(toEthers) : "0x" + v;

function addRlp(comment, value) {
    const encoded = bare(encodeRlp(toEthers(value)));

    check(encoded.length / 2 <= RLP_MAX_SIZE, `${comment}: too big`);
    rlp.push({ comment, value, encoded });
    return encoded;
}

addRlp("empty string", "");
addRlp("byte 0x00 (itself)", "00");
addRlp("byte 0x01 (itself)", "01");
addRlp("byte 0x7f (itself, the largest)", "7f");
addRlp("byte 0x80 (needs the 0x81 header)", "80");
addRlp("byte 0xff", "ff");
addRlp("two zero bytes", "0000");
addRlp("\"dog\"", ascii("dog"));
for (const len of [2, 54, 55, 56, 57, 255, 256, 1024]) {
    addRlp(`string of ${len} bytes`, hexOf(expand(SEQ_UNIT, len)));
}
addRlp("empty list", []);
addRlp("list of the empty list", [[]]);
addRlp("set-theoretic three [ [], [[]], [ [], [[]] ] ]",
    [[], [[]], [[], [[]]]]);
addRlp("[\"cat\", \"dog\"]", [ascii("cat"), ascii("dog")]);
addRlp("list payload 55 bytes (short form, 0xf7)",
    [hexOf(expand("ab", 54))]);
addRlp("list payload 56 bytes (long form, 0xf838)",
    [hexOf(expand("ab", 55))]);
addRlp("list holding a 1024-byte string", [hexOf(expand(SEQ_UNIT, 1024))]);
addRlp("mixed", ["", "00", [], ["01", ["02"]], ascii("lorem ipsum dolor")]);

let deep = [];
for (let d = 1; d < RLP_MAX_DEPTH; d++) {
    deep = [deep];
}
addRlp(`${RLP_MAX_DEPTH} nested lists (the most libduet accepts)`, deep);

// The EIP-155 example: nonce 9, gas price 20 gwei, gas 21000, to 0x3535...,
// value 1 ether, no data; chain id 1, then r = s = 0.
const eip155 = addRlp("EIP-155 example signing payload", [
    "09", "04a817c800", "5208", "35".repeat(20), "0de0b6b3a7640000", "",
    "01", "", "",
]);
check(eip155 === "ec098504a817c800825208943535353535353535"
    + "353535353535353535353535880de0b6b3a764000080018080",
    "EIP-155 example payload differs from the EIP");
const eip155Hash = addKeccak("EIP-155 example signing hash", eip155,
    eip155.length / 2);
check(eip155Hash === "daf5a779ae972f972197303d7b574746"
    + "c7ef83eadac0f2791ad23db92e4c8e53",
    "EIP-155 example hash differs from the EIP");

addRlp("EIP-1559-shaped payload with an access list (4 lists deep)", [
    "01", "", "3b9aca00", "04a817c800", "5208", "35".repeat(20),
    "0de0b6b3a7640000", ascii("hi"),
    [["de".repeat(20), ["00".repeat(31) + "01", "ff".repeat(32)]],
        ["ad".repeat(20), []]],
]);

function randomTree(depth) {
    if (depth >= 5 || rand(3) !== 0) {
        const kind = rand(10);
        const len = kind < 3 ? rand(2) : kind < 8 ? rand(60) : 50 + rand(300);
        return hexOf(Uint8Array.from({ length: len }, () => rand(256)));
    }
    return Array.from({ length: rand(6) }, () => randomTree(depth + 1));
}
// Kept under 1500 bytes encoded: a C string literal of its hex must stay
// below the 4095 characters ISO C promises (-Woverlength-strings).
for (let i = 0; i < 24; i++) {
    let v;

    do {
        v = Array.from({ length: 1 + rand(5) }, () => randomTree(1));
    } while (getBytes(encodeRlp(toEthers(v))).length > 1500);
    addRlp(`pseudo-random structure ${i}`, v);
}

// Integers: minimal big-endian magnitude, zero as the empty string.
const rlpUint = [];
const uints = [0n, 1n, 0x7fn, 0x80n, 0xffn, 0x100n, 1024n, 0xffffn,
    0x10000n, (1n << 32n) - 1n, 1n << 32n, 1n << 53n, 1n << 63n,
    (1n << 64n) - 1n, 1n << 64n, 1n << 128n, 1n << 255n, (1n << 256n) - 1n];
for (const v of uints) {
    const mag = hexOf(toBeArray(v));

    check(v !== 0n || mag === "", "zero is not the empty string");
    rlpUint.push({ comment: `${v}`, value: mag,
        encoded: bare(encodeRlp("0x" + mag)) });
}

// Strings and lists too long to spell out: unit, length, and the header.
const rlpLongStrings = [];
for (const len of [56, 255, 256, 65535, 65536, 70000]) {
    const unit = "c0ffee42";
    const enc = getBytes(encodeRlp(expand(unit, len)));

    rlpLongStrings.push({ comment: `string of ${len} bytes`, unit, len,
        header: hexOf(enc.slice(0, enc.length - len)) });
}
const rlpLongLists = [];
for (const [count, itemLen] of [[1, 53], [1, 54], [1, 55], [2, 60],
    [64, 1024], [300, 300]]) {
    const unit = "5a";
    const item = expand(unit, itemLen);
    const enc = getBytes(encodeRlp(Array.from({ length: count },
        () => item)));
    const itemEnc = getBytes(encodeRlp(item)).length;

    rlpLongLists.push({
        comment: `list of ${count} strings of ${itemLen} bytes`,
        count, item_unit: unit, item_len: itemLen,
        header: hexOf(enc.slice(0, enc.length - count * itemEnc)),
    });
}

// ---------------------------------------------------------------------------
// Invalid RLP, hand-written (see the top of this file).

const rlpInvalid = [];

function addInvalid(comment, encoded, error, policy = false) {
    if (!policy) {
        let decoded = null;

        try {
            decoded = decodeRlp("0x" + encoded);
        } catch {
            decoded = null;
        }
        check(decoded === null || bare(encodeRlp(decoded)) !== encoded,
            `${comment}: ethers takes ${encoded} as canonical`);
    }
    rlpInvalid.push({ comment, encoded, error, policy });
}

// n lists, each holding the next; the innermost is empty.
function nested(n) {
    let v = [];

    for (let d = 1; d < n; d++) {
        v = [v];
    }
    return bare(encodeRlp(v));
}
const b55 = "61".repeat(55);
const b56 = "61".repeat(56);

addInvalid("empty input", "", "TRUNCATED");
addInvalid("0x05 behind a 0x81 header", "8105", "NON_CANONICAL");
addInvalid("0x00 behind a 0x81 header", "8100", "NON_CANONICAL");
addInvalid("0x7f behind a 0x81 header", "817f", "NON_CANONICAL");
addInvalid("long form for a 1-byte string", "b80161", "NON_CANONICAL");
addInvalid("long form for a 55-byte string", "b837" + b55, "NON_CANONICAL");
addInvalid("string length with a leading zero", "b90038" + b56,
    "NON_CANONICAL");
addInvalid("string length byte 0x00", "b800", "NON_CANONICAL");
addInvalid("long form for an empty list", "f800", "NON_CANONICAL");
addInvalid("long form for a 55-byte list", "f837" + "01".repeat(55),
    "NON_CANONICAL");
addInvalid("list length with a leading zero", "f90038" + "01".repeat(56),
    "NON_CANONICAL");
addInvalid("0x81 0x05 inside a list", "c3018105", "NON_CANONICAL");
addInvalid("string cut short", "836162", "TRUNCATED");
addInvalid("long string cut short", "b838" + b55, "TRUNCATED");
addInvalid("length bytes cut short", "b901", "TRUNCATED");
addInvalid("list claims more than is there", "c30102", "TRUNCATED");
addInvalid("an item runs past the end of its list", "c2820102",
    "TRUNCATED");
addInvalid("list claims less than is there", "c10102", "TRAILING_DATA");
addInvalid("a second item after the first", "c0c0", "TRAILING_DATA");
addInvalid("a byte after a string", "8361626300", "TRAILING_DATA");
addInvalid("string length over the 1 MiB maximum", "ba100001",
    "LIMIT_EXCEEDED");
addInvalid("string length 2^64 - 1", "bf" + "ff".repeat(8),
    "LIMIT_EXCEEDED");
addInvalid("list length over the 1 MiB maximum", "fa100001",
    "LIMIT_EXCEEDED");
addInvalid(`${RLP_MAX_DEPTH + 1} nested lists`, nested(RLP_MAX_DEPTH + 1),
    "LIMIT_EXCEEDED", true);
check(nested(RLP_MAX_DEPTH) === rlp.find((v) => v.comment.startsWith(
    `${RLP_MAX_DEPTH} nested`)).encoded, "nested() disagrees with ethers");

// Integers: valid RLP strings that are not canonical integers.  Checked
// against ethers by re-encoding the value they would stand for.
const rlpInvalidUint = [];

function addInvalidUint(comment, encoded, error, errorU64) {
    if (error === "NON_CANONICAL") {
        const bytes = decodeRlp("0x" + encoded);
        const canon = bare(encodeRlp(toBeArray(BigInt(bytes === "0x" ? 0
            : bytes))));

        check(canon !== encoded, `${comment}: canonical after all`);
    }
    rlpInvalidUint.push({ comment, encoded, error, error_u64: errorU64 });
}

addInvalidUint("zero as the byte 0x00 (zero is 0x80)", "00",
    "NON_CANONICAL", "NON_CANONICAL");
addInvalidUint("1 with a leading zero", "820001", "NON_CANONICAL",
    "NON_CANONICAL");
addInvalidUint("0xff with a leading zero", "8200ff", "NON_CANONICAL",
    "NON_CANONICAL");
addInvalidUint("a list is not an integer", "c0", "BAD_ENCODING",
    "BAD_ENCODING");
addInvalidUint("2^64: an integer, but not a u64", "89010000000000000000",
    "OK", "LIMIT_EXCEEDED");
addInvalidUint("33 bytes, with a leading zero", "a1" + "00" + "ff".repeat(32),
    "NON_CANONICAL", "LIMIT_EXCEEDED");

// ---------------------------------------------------------------------------

const out = {
    about: "Known answers for crypto/src/chain (Keccak-256, RLP). "
        + "Generated by tests/vectors/gen/gen-chain-vectors.mjs; "
        + "do not edit.",
    ethers: version,
    keccak256: keccak,
    rlp,
    rlp_uint: rlpUint,
    rlp_long_strings: rlpLongStrings,
    rlp_long_lists: rlpLongLists,
    rlp_invalid: rlpInvalid,
    rlp_invalid_uint: rlpInvalidUint,
};
const text = JSON.stringify(out, null, 1) + "\n";

const args = process.argv.slice(2);
let dest = join(here, "..", "chain-vectors.json");
for (let i = 0; i < args.length; i++) {
    if (args[i] === "--out" && i + 1 < args.length) {
        dest = args[++i];
    } else {
        fail(`usage: node gen-chain-vectors.mjs [--out FILE|-]`);
    }
}
if (dest === "-") {
    process.stdout.write(text);
} else {
    writeFileSync(dest, text);
}
