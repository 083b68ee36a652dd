#!/usr/bin/env node
// gen-eth-vectors.mjs -- known-answer vectors for the Ethereum helpers of
// crypto/include/duet_eth.h, computed with ethers v6 (STYLE.md practice
// 15).
//
// Usage (from tests/vectors/gen, after "npm ci"):
//     node gen-eth-vectors.mjs [--out FILE]
// writes ../eth-vectors.json (or FILE; "-" for standard output).  Then
//     perl eth-vectors-h.pl ../eth-vectors.json > ../eth-vectors.h
// turns it into the C header that tests/crypto/eth-t.c includes.  Both
// outputs are committed; tests/vectors/regen.t checks that they match.
//
// Deterministic: no clock and no unseeded randomness.  Keys and filler
// bytes are Keccak-256 of fixed labels; ethers signs with RFC 6979, so a
// signature depends only on the key and the hash.
//
// What comes from ethers:
//   tx         Transaction.from(fields).unsignedSerialized / unsignedHash,
//              and Wallet.signTransaction() for the signed form with its
//              r, s, yParity (our encoder must rebuild it from those)
//   personal   hashMessage()
//   typed      TypedDataEncoder.hash(domain, types, message)
//   address    SigningKey.compressedPublicKey, computeAddress, getAddress
//
// Negative cases are listed by hand with the error libduet must give.
// Each is cross-checked against ethers: ethers must refuse it too, unless
// the case is marked "policy" (libduet is stricter than ethers there:
// duet_eth.h says where and why).

import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import {
    SigningKey, Transaction, TypedDataEncoder, Wallet, computeAddress,
    concat, encodeRlp, getAddress, getBytes, hashMessage, hexlify, keccak256,
    toBeArray, toBeHex, toUtf8Bytes, version,
} from "ethers";

const here = dirname(fileURLToPath(import.meta.url));

// Mirrors of crypto/include/duet_eth.h.
const LEGACY_CHAIN_ID_MAX = 9223372036854775789n;
const JSON_MAX_DEPTH = 32;
const EIP712_MAX_TYPES = 32;
const U64_MAX = (1n << 64n) - 1n;
const U256_MAX = (1n << 256n) - 1n;

function fail(msg) {
    process.stderr.write(`gen-eth-vectors: ${msg}\n`);
    process.exit(1);
}

function check(cond, msg) {
    if (!cond) {
        fail(msg);
    }
}

const bare = (h) => h.replace(/^0x/, "");
const hexOf = (bytes) => bare(hexlify(bytes));

// n deterministic bytes for a label: Keccak-256 in counter mode.
function filler(label, n) {
    const parts = [];

    for (let i = 0; parts.length * 32 < n; i++) {
        parts.push(getBytes(keccak256(toUtf8Bytes(`duet eth vectors: ${label}`
            + ` ${i}`))));
    }
    return getBytes(concat(parts)).slice(0, n);
}
const fillHex = (label, n) => "0x" + hexOf(filler(label, n));

function keyFor(label) {
    const k = BigInt(keccak256(toUtf8Bytes(`duet eth vectors: key ${label}`)));

    check(k > 0n && k < BigInt("0xfffffffffffffffffffffffffffffffe"
        + "baaedce6af48a03bbfd25e8cd0364141"), `key ${label} out of range`);
    return toBeHex(k, 32);
}

// RLP of a structure given as 0x-hex strings and arrays.
const rlp = (v) => bare(encodeRlp(v));
const q = (n) => n === 0n ? "0x" : hexlify(toBeArray(n));

// Does ethers refuse this unsigned transaction (or read it as another)?
function ethersRefusesTx(hex) {
    try {
        const t = Transaction.from("0x" + hex);
        return bare(t.unsignedSerialized) !== hex;
    } catch {
        return true;
    }
}

// ---------------------------------------------------------------------------
// Transactions
//
// Each case is the JSON object duet_eth_tx_from_json() gets (numbers as
// JSON numbers or strings, in several spellings), and ethers gets the same
// fields as BigInts.

const tx = [];

// JSON fields that hold integers.
const NUMERIC = ["type", "chainId", "nonce", "gasLimit", "gasPrice",
    "maxFeePerGas", "maxPriorityFeePerGas", "value"];

function toEthers(j) {
    const t = {};

    for (const [k, v] of Object.entries(j)) {
        if (v === null && k !== "to") {
            continue;
        }
        if (NUMERIC.includes(k)) {
            const n = BigInt(v);
            t[k] = (k === "type" || k === "nonce") ? Number(n) : n;
        } else {
            t[k] = v;
        }
    }
    if (!("value" in t)) {
        t.value = 0n;
    }
    return t;
}

async function addTx(comment, keyLabel, j) {
    const fields = toEthers(j);
    const t = Transaction.from(fields);
    const wallet = new Wallet(keyFor(keyLabel));
    const signed = await wallet.signTransaction(fields);
    const s = Transaction.from(signed);

    check(s.from === wallet.address, `${comment}: signer mismatch`);
    check(s.unsignedSerialized === t.unsignedSerialized,
        `${comment}: signed and unsigned disagree`);
    check(s.type === Number(BigInt(j.type)), `${comment}: type`);
    const legacy = s.type === 0;
    const v = legacy ? BigInt(s.signature.yParity) + 35n + 2n * s.chainId
        : BigInt(s.signature.yParity);

    tx.push({
        comment,
        json: JSON.stringify(j),
        unsigned: bare(t.unsignedSerialized),
        hash: bare(t.unsignedHash),
        type: s.type,
        chain_id: s.chainId.toString(),
        signed: bare(signed),
        r: bare(s.signature.r),
        s: bare(s.signature.s),
        y_parity: s.signature.yParity,
        v: v.toString(),
        pubkey: bare(wallet.signingKey.compressedPublicKey),
        address: bare(wallet.address).toLowerCase(),
    });
}

const A1 = "0x3535353535353535353535353535353535353535";
const USDC = "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48";
const WETH = "0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2";
const SLOT0 = "0x" + "00".repeat(32);
const SLOT1 = "0x" + "00".repeat(31) + "01";
const SLOTF = "0x" + "ff".repeat(32);

// The EIP-155 example: its signing hash is in the EIP.
await addTx("legacy: the EIP-155 example (nonce 9, 20 gwei, 1 ether)", 0, {
    type: 0, chainId: 1, nonce: 9, gasPrice: "20000000000", gasLimit: 21000,
    to: A1, value: "1000000000000000000", data: "0x",
});
check(tx[0].hash === "daf5a779ae972f972197303d7b574746"
    + "c7ef83eadac0f2791ad23db92e4c8e53", "EIP-155 example hash differs");

await addTx("legacy: contract creation (to null), hex quantities", 1, {
    type: "0x0", chainId: "0x1", nonce: "0x0", gasPrice: "0x3b9aca00",
    gasLimit: "0x0f4240", to: null, data: fillHex("initcode", 120),
});
await addTx("legacy: all zero, value and data omitted", 2, {
    type: 0, chainId: 5, nonce: 0, gasPrice: 0, gasLimit: 0, to: WETH,
});
await addTx("legacy: big values (2^256-1 price and value, 2^64-1 gas)", 3, {
    type: 0, chainId: 137, nonce: 9007199254740991,
    gasPrice: U256_MAX.toString(), gasLimit: "0x" + U64_MAX.toString(16),
    to: USDC, value: "0x" + U256_MAX.toString(16).toUpperCase(),
    data: "0xA9059CBB",
});
await addTx("legacy: chain id 2^32 + 7", 4, {
    type: 0, chainId: "4294967303", nonce: 1, gasPrice: 1, gasLimit: 21000,
    to: A1.toUpperCase().replace("0X", "0x"), value: 1,
});
await addTx("legacy: the largest legacy chain id", 5, {
    type: 0, chainId: LEGACY_CHAIN_ID_MAX.toString(), nonce: 2,
    gasPrice: 7, gasLimit: 21000, to: A1, value: 0, data: "0x00",
});
await addTx("legacy: 600 bytes of data (two-byte list length)", 6, {
    type: 0, chainId: 11155111, nonce: 300, gasPrice: "1000000000",
    gasLimit: 500000, to: USDC, value: 0, data: fillHex("calldata 600", 600),
});

await addTx("EIP-2930: access list of two entries, one without keys", 7, {
    type: 1, chainId: 1, nonce: 3, gasPrice: "30000000000", gasLimit: 60000,
    to: USDC, value: 0, data: "0x",
    accessList: [
        { address: USDC, storageKeys: [SLOT0, SLOT1, SLOTF] },
        { address: WETH, storageKeys: [] },
    ],
});
await addTx("EIP-2930: contract creation, empty access list", 8, {
    type: 1, chainId: 10, nonce: 0, gasPrice: 1, gasLimit: 3000000,
    to: null, value: "0", data: fillHex("initcode 2930", 64), accessList: [],
});
await addTx("EIP-2930: chain id 2^64-1, access list omitted", 9, {
    type: "1", chainId: U64_MAX.toString(), nonce: 1, gasPrice: 2,
    gasLimit: 21000, to: A1, value: 5, maxFeePerGas: null,
});

await addTx("EIP-1559: a plain transfer on mainnet", 10, {
    type: 2, chainId: 1, nonce: 0, maxPriorityFeePerGas: "1500000000",
    maxFeePerGas: "30000000000", gasLimit: 21000, to: A1,
    value: "1000000000000000", data: "0x",
});
await addTx("EIP-1559: ERC-20 transfer with an access list (Polygon)", 11, {
    type: 2, chainId: 137, nonce: 42, maxPriorityFeePerGas: "0x77359400",
    maxFeePerGas: "0x2540be400", gasLimit: "65000", to: USDC, value: 0,
    data: "0xa9059cbb" + "00".repeat(12) + bare(A1) + "00".repeat(31) + "64",
    accessList: [{ address: USDC, storageKeys: [SLOT1,
        fillHex("slot", 32)] }],
    gasPrice: null,
});
await addTx("EIP-1559: contract creation with 1000 bytes of initcode", 12, {
    type: 2, chainId: 11155111, nonce: 7, maxPriorityFeePerGas: 1,
    maxFeePerGas: 2, gasLimit: 2000000, to: null, value: 0,
    data: fillHex("initcode 1559", 1000),
});
await addTx("EIP-1559: big values, nonce 2^53-1", 13, {
    type: 2, chainId: "0xaa36a7", nonce: "9007199254740991",
    maxPriorityFeePerGas: U256_MAX.toString(),
    maxFeePerGas: "0x" + U256_MAX.toString(16),
    gasLimit: U64_MAX.toString(), to: WETH.toUpperCase().replace("0X", "0x"),
    value: U256_MAX.toString(),
});
await addTx("EIP-1559: zero fees, empty access list entry keys", 14, {
    type: 2, chainId: 8453, nonce: 1, maxPriorityFeePerGas: 0,
    maxFeePerGas: 0, gasLimit: 21000, to: USDC, value: 1,
    accessList: [{ address: A1, storageKeys: [] }],
});

for (const k of [0, 1, 2]) {
    const p = tx.filter((t) => t.type === k).map((t) => t.y_parity);
    check(p.includes(0) && p.includes(1),
        `type ${k}: both y parities are wanted; change a key label`);
}

// Unsigned transactions duet_eth_tx_sighash() must refuse.
const txInvalid = [];

function addTxInvalid(comment, hex, error, policy = false) {
    check(policy || ethersRefusesTx(hex),
        `${comment}: ethers takes ${hex} as it is`);
    txInvalid.push({ comment, encoded: hex, error, policy });
}

// A valid EIP-1559 body, and one with item i replaced by v.
const base1559 = ["0x01", "0x", "0x01", "0x02", "0x5208", A1, "0x", "0x",
    []];
const with1559 = (i, v) => "02" + rlp(base1559.map((x, k) => k === i ? v
    : x));
const baseLegacy = ["0x09", "0x04a817c800", "0x5208", A1,
    "0x0de0b6b3a7640000", "0x", "0x01", "0x", "0x"];
const withLegacy = (i, v) => rlp(baseLegacy.map((x, k) => k === i ? v : x));
const base2930 = ["0x01", "0x", "0x01", "0x5208", A1, "0x", "0x", []];

// A list around already-encoded items, after an optional prefix.
function rlpList(items, prefix = "") {
    const body = items.join("");
    const n = body.length / 2;
    const len = n.toString(16).padStart(n.toString(16).length + (n
        .toString(16).length % 2), "0");

    return prefix + (n <= 55 ? (0xc0 + n).toString(16)
        : (0xf7 + len.length / 2).toString(16) + len) + body;
}
check(rlpList(base1559.map(rlp), "02") === with1559(-1), "rlpList");
check(withLegacy(-1) === bare(Transaction.from({ type: 0, chainId: 1n,
    nonce: 9, gasPrice: 20000000000n, gasLimit: 21000n, to: A1,
    value: 10n ** 18n }).unsignedSerialized), "baseLegacy is not EIP-155");
check(!ethersRefusesTx(with1559(-1)), "base1559 is not valid for ethers");

addTxInvalid("empty input", "", "TRUNCATED");
addTxInvalid("an RLP string where the list belongs", "8180", "BAD_ENCODING");
addTxInvalid("type 0x01 and nothing else", "01", "TRUNCATED");
addTxInvalid("type 0x02 with an empty list", "02c0", "TRUNCATED");
addTxInvalid("type 0x03 (blob)", "03" + rlp(base1559), "UNSUPPORTED");
addTxInvalid("type 0x04 (set code)", "04" + rlp(base1559), "UNSUPPORTED");
addTxInvalid("type 0x00", "00" + rlp(base1559), "UNSUPPORTED");
addTxInvalid("type 0x7f", "7f" + rlp(base1559), "UNSUPPORTED");
addTxInvalid("legacy, six items (no EIP-155 replay protection)",
    rlp(baseLegacy.slice(0, 6)), "UNSUPPORTED", true);
addTxInvalid("legacy, chain id 0", withLegacy(6, "0x"), "UNSUPPORTED",
    true);
addTxInvalid("legacy, the largest chain id plus one",
    withLegacy(6, q(LEGACY_CHAIN_ID_MAX + 1n)), "LIMIT_EXCEEDED", true);
addTxInvalid("legacy, r not zero", withLegacy(7, "0x01"), "BAD_ENCODING");
addTxInvalid("legacy, s not zero", withLegacy(8, "0x01"), "BAD_ENCODING");
addTxInvalid("legacy, seven items", rlp(baseLegacy.slice(0, 7)),
    "TRUNCATED");
addTxInvalid("legacy, ten items", rlp([...baseLegacy, "0x"]),
    "TRAILING_DATA");
addTxInvalid("legacy, already signed (v = 37 or 38)", tx[0].signed,
    "BAD_ENCODING");
addTxInvalid("legacy, nonce with a leading zero", withLegacy(0, "0x0009"),
    "NON_CANONICAL");
addTxInvalid("legacy, nonce 2^64", withLegacy(0, q(1n << 64n)),
    "LIMIT_EXCEEDED", true);
addTxInvalid("legacy, gas price of 33 bytes",
    withLegacy(1, "0x01" + "00".repeat(32)), "LIMIT_EXCEEDED");
addTxInvalid("legacy, gas limit 2^64", withLegacy(2, q(1n << 64n)),
    "LIMIT_EXCEEDED", true);
addTxInvalid("legacy, to of 19 bytes", withLegacy(3, "0x" + "35".repeat(19)),
    "BAD_ENCODING");
addTxInvalid("legacy, to of 21 bytes", withLegacy(3, "0x" + "35".repeat(21)),
    "BAD_ENCODING");
addTxInvalid("legacy, to as a list", withLegacy(3, [A1]), "BAD_ENCODING");
addTxInvalid("legacy, data as a list", withLegacy(5, []), "BAD_ENCODING");
addTxInvalid("legacy, a byte after the list", withLegacy(-1) + "00",
    "TRAILING_DATA");
addTxInvalid("legacy, list header longer than the input",
    withLegacy(-1).slice(0, -2), "TRUNCATED");
addTxInvalid("EIP-1559, already signed", tx.find((t) => t.type === 2).signed,
    "TRAILING_DATA");
addTxInvalid("EIP-1559, access list missing",
    "02" + rlp(base1559.slice(0, 8)), "TRUNCATED");
addTxInvalid("EIP-1559, chain id 0", with1559(0, "0x"), "UNSUPPORTED",
    true);
addTxInvalid("EIP-1559, chain id 2^64", with1559(0, q(1n << 64n)),
    "LIMIT_EXCEEDED", true);
addTxInvalid("EIP-1559, chain id with a leading zero", with1559(0, "0x0001"),
    "NON_CANONICAL");
addTxInvalid("EIP-1559, value of 33 bytes",
    with1559(6, "0x01" + "00".repeat(32)), "LIMIT_EXCEEDED");
addTxInvalid("EIP-1559, access list as a string", with1559(8, "0x"),
    "BAD_ENCODING");
addTxInvalid("EIP-1559, access entry address of 19 bytes",
    with1559(8, [["0x" + "aa".repeat(19), []]]), "BAD_ENCODING");
addTxInvalid("EIP-1559, storage key of 31 bytes",
    with1559(8, [[A1, ["0x" + "11".repeat(31)]]]), "BAD_ENCODING");
addTxInvalid("EIP-1559, storage key 1 as an integer",
    with1559(8, [[A1, ["0x01"]]]), "BAD_ENCODING");
addTxInvalid("EIP-1559, storage keys as a string",
    with1559(8, [[A1, "0x"]]), "BAD_ENCODING");
addTxInvalid("EIP-1559, access entry without its keys",
    with1559(8, [[A1]]), "TRUNCATED");
addTxInvalid("EIP-1559, access entry with a third item",
    with1559(8, [[A1, [], "0x"]]), "TRAILING_DATA");
addTxInvalid("EIP-2930, a ninth item", "01" + rlp([...base2930, "0x"]),
    "TRAILING_DATA");
addTxInvalid("EIP-2930, to as a list", "01" + rlp(base2930.map((x, k) =>
    k === 4 ? [] : x)), "BAD_ENCODING");
addTxInvalid("EIP-1559, nonce 5 written 0x81 0x05", rlpList(base1559.map(
    (x, k) => k === 1 ? "8105" : rlp(x)), "02"), "NON_CANONICAL");
addTxInvalid("EIP-1559, list in the long form for 9 bytes",
    "02f809" + "01".repeat(9), "NON_CANONICAL");

// ---------------------------------------------------------------------------
// Transactions as JSON that duet_eth_tx_from_json() must refuse.  ethers
// reads fields differently (Transaction.from takes many shapes), so these
// are checked only against our rules; most are policy.

const txJsonInvalid = [];
const goodTx = { type: 2, chainId: 1, nonce: 0, maxPriorityFeePerGas: 1,
    maxFeePerGas: 2, gasLimit: 21000, to: A1 };
const goodLegacy = { type: 0, chainId: 1, nonce: 0, gasPrice: 1,
    gasLimit: 21000, to: A1 };
const asJson = (o) => JSON.stringify(o);
const edit = (o, k, v) => asJson({ ...o, [k]: v });
const drop = (o, k) => {
    const c = { ...o };
    delete c[k];
    return asJson(c);
};

function addTxJsonInvalid(comment, json, error) {
    txJsonInvalid.push({ comment, json, error });
}

// Sanity: the bases are valid for ethers.
Transaction.from(toEthers(goodTx));
Transaction.from(toEthers(goodLegacy));

const g = asJson(goodTx);
addTxJsonInvalid("empty text", "", "TRUNCATED");
addTxJsonInvalid("only whitespace", " \n\t", "TRUNCATED");
addTxJsonInvalid("an unfinished object", "{", "TRUNCATED");
addTxJsonInvalid("cut in the middle", g.slice(0, 30), "TRUNCATED");
addTxJsonInvalid("an array, not an object", "[]", "INVALID_ARGUMENT");
addTxJsonInvalid("a string, not an object", "\"tx\"", "INVALID_ARGUMENT");
addTxJsonInvalid("an empty object", "{}", "INVALID_ARGUMENT");
addTxJsonInvalid("text after the object", g + " x", "TRAILING_DATA");
addTxJsonInvalid("a second object", g + "{}", "TRAILING_DATA");
addTxJsonInvalid("a duplicate key (nonce twice)",
    g.replace("\"nonce\":0", "\"nonce\":0,\"nonce\":5"), "BAD_ENCODING");
addTxJsonInvalid("NaN", edit(goodTx, "nonce", 0).replace(
    "\"nonce\":0", "\"nonce\":NaN"), "BAD_ENCODING");
addTxJsonInvalid("single quotes", g.replace("\"nonce\"", "'nonce'"),
    "BAD_ENCODING");
addTxJsonInvalid("a trailing comma", g.replace(/}$/, ",}"),
    "BAD_ENCODING");
addTxJsonInvalid("a comment", g.replace("{", "{/* c */"), "BAD_ENCODING");
addTxJsonInvalid("a number with a leading zero",
    g.replace("\"nonce\":0", "\"nonce\":01"), "BAD_ENCODING");
addTxJsonInvalid("a raw tab inside a string",
    g.replace("\"to\"", "\"t\to\""), "BAD_ENCODING");
addTxJsonInvalid("an unpaired surrogate escape",
    g.replace("\"to\"", "\"t\\ud800o\""), "BAD_ENCODING");
addTxJsonInvalid("a reversed surrogate pair",
    g.replace("\"to\"", "\"t\\udc00\\ud800o\""), "BAD_ENCODING");
addTxJsonInvalid("an escaped U+0000 in a key",
    g.replace("\"nonce\":0", "\"nonce\\u0000x\":0"), "BAD_ENCODING");
addTxJsonInvalid("a bad escape", g.replace("\"to\"", "\"t\\xo\""),
    "BAD_ENCODING");
addTxJsonInvalid("true misspelt", edit(goodTx, "nonce", 0).replace(
    "\"nonce\":0", "\"nonce\":tru"), "BAD_ENCODING");
addTxJsonInvalid("an unknown field (from)", edit(goodTx, "from", A1),
    "INVALID_ARGUMENT");
addTxJsonInvalid("an unknown field (gas)", edit(goodTx, "gas", 21000),
    "INVALID_ARGUMENT");
addTxJsonInvalid("a signature field", edit(goodTx, "v", 27),
    "INVALID_ARGUMENT");
for (const k of ["type", "chainId", "nonce", "gasLimit", "to",
    "maxFeePerGas", "maxPriorityFeePerGas"]) {
    addTxJsonInvalid(`EIP-1559 without ${k}`, drop(goodTx, k),
        "INVALID_ARGUMENT");
}
addTxJsonInvalid("legacy without gasPrice", drop(goodLegacy, "gasPrice"),
    "INVALID_ARGUMENT");
addTxJsonInvalid("legacy with gasPrice null",
    edit(goodLegacy, "gasPrice", null), "INVALID_ARGUMENT");
addTxJsonInvalid("EIP-1559 with gasPrice", edit(goodTx, "gasPrice", 1),
    "INVALID_ARGUMENT");
addTxJsonInvalid("legacy with maxFeePerGas",
    edit(goodLegacy, "maxFeePerGas", 1), "INVALID_ARGUMENT");
addTxJsonInvalid("legacy with an access list",
    edit(goodLegacy, "accessList", []), "INVALID_ARGUMENT");
addTxJsonInvalid("EIP-2930 with maxPriorityFeePerGas",
    edit({ ...goodLegacy, type: 1 }, "maxPriorityFeePerGas", 1),
    "INVALID_ARGUMENT");
addTxJsonInvalid("type 3 (blob)", edit(goodTx, "type", 3), "UNSUPPORTED");
addTxJsonInvalid("type 0x7f", edit(goodTx, "type", "0x7f"), "UNSUPPORTED");
addTxJsonInvalid("type 0x80", edit(goodTx, "type", 128), "INVALID_ARGUMENT");
addTxJsonInvalid("type -1", edit(goodTx, "type", -1), "INVALID_ARGUMENT");
addTxJsonInvalid("type as a boolean", edit(goodTx, "type", true),
    "INVALID_ARGUMENT");
addTxJsonInvalid("chain id 0", edit(goodTx, "chainId", 0), "UNSUPPORTED");
addTxJsonInvalid("legacy chain id 0", edit(goodLegacy, "chainId", "0x0"),
    "UNSUPPORTED");
addTxJsonInvalid("legacy chain id over the largest",
    edit(goodLegacy, "chainId", (LEGACY_CHAIN_ID_MAX + 1n).toString()),
    "LIMIT_EXCEEDED");
addTxJsonInvalid("chain id 2^64", edit(goodTx, "chainId",
    (1n << 64n).toString()), "LIMIT_EXCEEDED");
addTxJsonInvalid("nonce 1.5", g.replace("\"nonce\":0", "\"nonce\":1.5"),
    "INVALID_ARGUMENT");
addTxJsonInvalid("nonce 1e3", g.replace("\"nonce\":0", "\"nonce\":1e3"),
    "INVALID_ARGUMENT");
addTxJsonInvalid("nonce 1.0", g.replace("\"nonce\":0", "\"nonce\":1.0"),
    "INVALID_ARGUMENT");
addTxJsonInvalid("nonce as a boolean", edit(goodTx, "nonce", true),
    "INVALID_ARGUMENT");
addTxJsonInvalid("nonce as an array", edit(goodTx, "nonce", [1]),
    "INVALID_ARGUMENT");
addTxJsonInvalid("nonce -1", edit(goodTx, "nonce", -1), "LIMIT_EXCEEDED");
addTxJsonInvalid("nonce 2^53 as a JSON number",
    g.replace("\"nonce\":0", "\"nonce\":9007199254740992"),
    "LIMIT_EXCEEDED");
addTxJsonInvalid("nonce 2^64 as a JSON number (json-c would clamp it)",
    g.replace("\"nonce\":0", "\"nonce\":18446744073709551616"),
    "LIMIT_EXCEEDED");
addTxJsonInvalid("nonce 2^64 as a string",
    edit(goodTx, "nonce", "0x10000000000000000"), "LIMIT_EXCEEDED");
addTxJsonInvalid("gasLimit 2^64", edit(goodTx, "gasLimit",
    "18446744073709551616"), "LIMIT_EXCEEDED");
for (const [what, s] of [["empty", ""], ["a lone 0x", "0x"],
    ["a lone minus", "-"], ["hex digits in decimal", "12a"],
    ["a plus sign", "+1"], ["a space", " 1"], ["0X", "0X1"],
    ["a trailing space", "1 "], ["a decimal point", "1.0"]]) {
    addTxJsonInvalid(`nonce string: ${what}`, edit(goodTx, "nonce", s),
        "BAD_ENCODING");
}
addTxJsonInvalid("nonce string of 81 characters",
    edit(goodTx, "nonce", "0".repeat(81)), "LIMIT_EXCEEDED");
addTxJsonInvalid("value 2^256", edit(goodTx, "value",
    (U256_MAX + 1n).toString()), "LIMIT_EXCEEDED");
addTxJsonInvalid("value 2^256 in hex", edit(goodTx, "value",
    "0x1" + "0".repeat(64)), "LIMIT_EXCEEDED");
addTxJsonInvalid("value -1", edit(goodTx, "value", "-1"), "LIMIT_EXCEEDED");
addTxJsonInvalid("maxFeePerGas -1", edit(goodTx, "maxFeePerGas", "-1"),
    "LIMIT_EXCEEDED");
addTxJsonInvalid("maxFeePerGas -0x1 (no negative hex)",
    edit(goodTx, "maxFeePerGas", "-0x1"), "BAD_ENCODING");
addTxJsonInvalid("to with a wrong checksum",
    edit(goodTx, "to", "0xa0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48"),
    "BAD_ENCODING");
addTxJsonInvalid("to of 19 bytes", edit(goodTx, "to", "0x" + "35".repeat(19)),
    "BAD_ENCODING");
addTxJsonInvalid("to without 0x", edit(goodTx, "to", "35".repeat(20)),
    "BAD_ENCODING");
addTxJsonInvalid("to with 0X", edit(goodTx, "to", "0X" + "35".repeat(20)),
    "BAD_ENCODING");
addTxJsonInvalid("to as a number", edit(goodTx, "to", 0), "INVALID_ARGUMENT");
addTxJsonInvalid("to as an ENS name", edit(goodTx, "to", "vitalik.eth"),
    "BAD_ENCODING");
addTxJsonInvalid("data of odd length", edit(goodTx, "data", "0x123"),
    "BAD_ENCODING");
addTxJsonInvalid("data without 0x", edit(goodTx, "data", "1234"),
    "BAD_ENCODING");
addTxJsonInvalid("data with a non-hex digit", edit(goodTx, "data", "0x12zz"),
    "BAD_ENCODING");
addTxJsonInvalid("data as a number", edit(goodTx, "data", 0),
    "INVALID_ARGUMENT");
addTxJsonInvalid("accessList as an object", edit(goodTx, "accessList", {}),
    "INVALID_ARGUMENT");
addTxJsonInvalid("access entry as a pair (an ethers shape we refuse)",
    edit(goodTx, "accessList", [[A1, []]]), "INVALID_ARGUMENT");
addTxJsonInvalid("access entry without storageKeys",
    edit(goodTx, "accessList", [{ address: A1 }]), "INVALID_ARGUMENT");
addTxJsonInvalid("access entry with an extra key",
    edit(goodTx, "accessList", [{ address: A1, storageKeys: [], x: 1 }]),
    "INVALID_ARGUMENT");
addTxJsonInvalid("storage key of 31 bytes", edit(goodTx, "accessList",
    [{ address: A1, storageKeys: ["0x" + "11".repeat(31)] }]),
    "INVALID_ARGUMENT");
addTxJsonInvalid("storage key with a bad digit", edit(goodTx, "accessList",
    [{ address: A1, storageKeys: ["0x" + "1g".repeat(32)] }]),
    "BAD_ENCODING");
addTxJsonInvalid("storage key as a number", edit(goodTx, "accessList",
    [{ address: A1, storageKeys: [1] }]), "INVALID_ARGUMENT");
addTxJsonInvalid("access entry address with a wrong checksum",
    edit(goodTx, "accessList", [{ address:
        "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eb48", storageKeys: [] }]),
    "BAD_ENCODING");
{
    let deep = 1;

    for (let i = 0; i < JSON_MAX_DEPTH; i++) {
        deep = [deep];
    }
    addTxJsonInvalid(`arrays nested ${JSON_MAX_DEPTH + 1} deep`,
        edit(goodTx, "accessList", deep), "LIMIT_EXCEEDED");
}

// ---------------------------------------------------------------------------
// EIP-191 personal messages

const personal = [];

function addPersonal(comment, bytes) {
    personal.push({ comment, message: hexOf(bytes),
        hash: bare(hashMessage(bytes)) });
}

addPersonal("empty message", new Uint8Array(0));
addPersonal("\"hello\"", toUtf8Bytes("hello"));
addPersonal("\"Hello World\"", toUtf8Bytes("Hello World"));
check(hashMessage("Hello World") === "0xa1de988600a42c4b4ab089b619297c17"
    + "d53cffae5d5120d82d8a92d0bb3b78f2", "hashMessage(Hello World)");
addPersonal("UTF-8 text", toUtf8Bytes("gr\u00fc\u00df dich \u2603 \u{1f600}"));
addPersonal("one zero byte", new Uint8Array(1));
addPersonal("9 bytes (one length digit)", filler("msg 9", 9));
addPersonal("10 bytes (two length digits)", filler("msg 10", 10));
addPersonal("32 bytes (a hash signed as a message)", filler("msg 32", 32));
addPersonal("all 256 byte values", Uint8Array.from({ length: 256 },
    (_, i) => i));
addPersonal("1000 bytes (four length digits)", filler("msg 1000", 1000));

// ---------------------------------------------------------------------------
// EIP-712

const typed = [];
const DOMAIN_ORDER = ["name", "version", "chainId", "verifyingContract",
    "salt"];
const DOMAIN_TYPES = { name: "string", version: "string",
    chainId: "uint256", verifyingContract: "address", salt: "bytes32" };

// The EIP712Domain entry ethers would infer from a domain.
const domainType = (domain) => DOMAIN_ORDER.filter((k) => domain[k] != null)
    .map((k) => ({ name: k, type: DOMAIN_TYPES[k] }));

// The standard JSON; withDomainType adds the EIP712Domain entry.
function typedJson(domain, types, message, withDomainType) {
    const primaryType = TypedDataEncoder.getPrimaryType(types);
    const all = withDomainType
        ? { EIP712Domain: domainType(domain), ...types } : types;

    return JSON.stringify({ types: all, primaryType, domain, message });
}

function addTyped(comment, domain, types, message, withDomainType = true) {
    typed.push({
        comment,
        json: typedJson(domain, types, message, withDomainType),
        hash: bare(TypedDataEncoder.hash(domain, types, message)),
    });
}

const mailTypes = {
    Person: [{ name: "name", type: "string" },
        { name: "wallet", type: "address" }],
    Mail: [{ name: "from", type: "Person" }, { name: "to", type: "Person" },
        { name: "contents", type: "string" }],
};
const mailDomain = { name: "Ether Mail", version: "1", chainId: 1,
    verifyingContract: "0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC" };
const mailMessage = {
    from: { name: "Cow", wallet: "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826" },
    to: { name: "Bob", wallet: "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB" },
    contents: "Hello, Bob!",
};
addTyped("the EIP's Mail example", mailDomain, mailTypes, mailMessage);
check(typed[0].hash === "be609aee343fb3c4b28e1df9e632fca6"
    + "4fcfaede20f02e86244efddf30957bd2", "EIP-712 Mail example hash");

addTyped("Mail with arrays of wallets and of recipients (EIP's v4 example)",
    mailDomain, {
        Person: [{ name: "name", type: "string" },
            { name: "wallets", type: "address[]" }],
        Mail: [{ name: "from", type: "Person" },
            { name: "to", type: "Person[]" },
            { name: "contents", type: "string" }],
    }, {
        from: { name: "Cow", wallets: [
            "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826",
            "0xDeaDbeefdEAdbeefdEadbEEFdeadbeEFdEaDbeeF"] },
        to: [{ name: "Bob", wallets: [
            "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB",
            "0xB0BdaBea57B0BDABeA57b0bdABEA57b0BDabEa57",
            "0xB0B0b0b0b0b0B000000000000000000000000000"] }],
        contents: "Hello, Bob!",
    });

const permitTypes = { Permit: [
    { name: "owner", type: "address" }, { name: "spender", type: "address" },
    { name: "value", type: "uint256" }, { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" }] };
addTyped("ERC-2612 permit, uint256 max allowance", {
    name: "USD Coin", version: "2", chainId: 1, verifyingContract: USDC,
}, permitTypes, {
    owner: A1, spender: WETH, value: U256_MAX.toString(), nonce: 0,
    deadline: "0x" + (1n << 40n).toString(16),
});

addTyped("atomic types: every width edge", { chainId: "137" }, {
    Atoms: [
        { name: "u8", type: "uint8" }, { name: "u8max", type: "uint8" },
        { name: "u256max", type: "uint256" }, { name: "u64", type: "uint64" },
        { name: "i8min", type: "int8" }, { name: "i8max", type: "int8" },
        { name: "i256min", type: "int256" },
        { name: "i256max", type: "int256" },
        { name: "iminus1", type: "int128" }, { name: "ihex", type: "int16" },
        { name: "yes", type: "bool" }, { name: "no", type: "bool" },
        { name: "b1", type: "bytes1" }, { name: "b32", type: "bytes32" },
        { name: "b5", type: "bytes5" }, { name: "dyn", type: "bytes" },
        { name: "empty", type: "bytes" }, { name: "s", type: "string" },
        { name: "es", type: "string" }, { name: "who", type: "address" },
    ],
}, {
    u8: 0, u8max: 255, u256max: U256_MAX.toString(),
    u64: "18446744073709551615", i8min: -128, i8max: "127",
    i256min: (-(1n << 255n)).toString(), i256max: "0x7" + "f".repeat(63),
    iminus1: -1, ihex: "-32767", yes: true, no: false, b1: "0xff",
    b32: fillHex("b32", 32), b5: "0x0102030405",
    dyn: fillHex("dynamic bytes", 77), empty: "0x",
    s: "h\u00e9llo \u2603 \u{1f600} \"quoted\" \\ back\nslash", es: "",
    who: "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed",
});

addTyped("arrays: fixed, dynamic, nested, empty, of bytes and strings", {
    name: "Arrays", salt: fillHex("salt", 32),
}, {
    Arr: [
        { name: "fixed3", type: "uint256[3]" },
        { name: "dyn", type: "int32[]" },
        { name: "empty", type: "uint8[]" },
        { name: "nested", type: "uint8[2][]" },
        { name: "nested2", type: "bool[][2]" },
        { name: "strs", type: "string[]" },
        { name: "blobs", type: "bytes[2]" },
        { name: "hashes", type: "bytes32[]" },
    ],
}, {
    fixed3: [1, "2", "0x3"], dyn: [-1, 0, 2147483647, "-2147483648"],
    empty: [], nested: [[1, 2], [3, 4], [5, 6]], nested2: [[], [true, false]],
    strs: ["a", "", "\u00fc"], blobs: ["0x", fillHex("blob", 40)],
    hashes: [fillHex("h1", 32), fillHex("h2", 32)],
});

addTyped("arrays of structs, a struct used twice, sorted dependencies", {
    name: "Exchange", version: "3", chainId: 10,
    verifyingContract: WETH, salt: fillHex("exchange salt", 32),
}, {
    Order: [{ name: "maker", type: "Zeta" },
        { name: "items", type: "Item[]" },
        { name: "pair", type: "Item[2]" },
        { name: "fee", type: "Asset" }],
    Zeta: [{ name: "who", type: "address" }, { name: "tag", type: "Asset" }],
    Item: [{ name: "asset", type: "Asset" }, { name: "amount", type: "uint96" }],
    Asset: [{ name: "token", type: "address" }, { name: "id", type: "uint256" }],
}, {
    maker: { who: A1, tag: { token: USDC, id: 0 } },
    items: [{ asset: { token: USDC, id: 1 }, amount: 5 },
        { asset: { token: WETH, id: "0xff" }, amount: "79228162514264337593543950335" }],
    pair: [{ asset: { token: A1, id: 7 }, amount: 0 },
        { asset: { token: A1, id: 8 }, amount: 1 }],
    fee: { token: WETH, id: 2 },
});

addTyped("an empty struct and an empty domain", {}, {
    Empty: [],
}, {});
addTyped("an empty domain without EIP712Domain in types", {}, {
    Note: [{ name: "text", type: "string" }],
}, { text: "no domain" }, false);
addTyped("a struct with no fields used as a field", { version: "0" }, {
    Outer: [{ name: "e", type: "Inner" }, { name: "n", type: "uint256" }],
    Inner: [],
}, { e: {}, n: 1 });
addTyped("deep chain of structs", { name: "deep" }, {
    L0: [{ name: "next", type: "L1" }], L1: [{ name: "next", type: "L2" }],
    L2: [{ name: "next", type: "L3" }], L3: [{ name: "v", type: "int8" }],
}, { next: { next: { next: { v: -5 } } } });
addTyped("names with _ and field names with $", { chainId: 1 }, {
    _Type_1: [{ name: "_x", type: "uint256" }, { name: "y$", type: "B_2" }],
    B_2: [{ name: "$a", type: "bool" }],
}, { _x: 3, y$: { $a: true } });

// Typed data duet_eth_typed_data_hash() must refuse.
const typedInvalid = [];

function ethersRefusesTyped(json) {
    try {
        const v = JSON.parse(json);
        const types = { ...v.types };

        delete types.EIP712Domain;
        TypedDataEncoder.hash(v.domain, types, v.message);
        return false;
    } catch {
        return true;
    }
}

function addTypedInvalid(comment, json, error, policy = false) {
    const refused = ethersRefusesTyped(json);

    check(policy ? !refused : refused, policy
        ? `${comment}: ethers refuses it too; drop the policy mark`
        : `${comment}: ethers takes it`);
    typedInvalid.push({ comment, json, error, policy });
}

// A small valid case to break in one place at a time.
const tDomain = { name: "T", chainId: 1 };
const tTypes = { T: [{ name: "a", type: "uint8" }, { name: "s", type: "string" },
    { name: "w", type: "address" }] };
const tMessage = { a: 1, s: "x", w: A1 };
const tj = (over = {}) => {
    const v = JSON.parse(typedJson(tDomain, tTypes, tMessage, true));
    return JSON.stringify({ ...v, ...over });
};
const tjMsg = (m) => tj({ message: { ...tMessage, ...m } });
const tjTypes = (t, primaryType) => tj({ types: {
    EIP712Domain: domainType(tDomain), ...t },
    ...(primaryType ? { primaryType } : {}) });
check(!ethersRefusesTyped(tj()), "the base typed case is refused");

addTypedInvalid("not JSON", "{\"types\":", "TRUNCATED");
addTypedInvalid("uint8 256", tjMsg({ a: 256 }), "LIMIT_EXCEEDED");
addTypedInvalid("uint8 -1", tjMsg({ a: -1 }), "LIMIT_EXCEEDED");
addTypedInvalid("uint8 1.5", tjMsg({ a: 1.5 }), "INVALID_ARGUMENT");
addTypedInvalid("uint8 as an empty string", tjMsg({ a: "" }),
    "BAD_ENCODING");
addTypedInvalid("uint8 as 0x", tjMsg({ a: "0x" }), "BAD_ENCODING");
addTypedInvalid("uint8 null", tjMsg({ a: null }), "INVALID_ARGUMENT");
addTypedInvalid("uint8 as an array", tjMsg({ a: [1] }), "INVALID_ARGUMENT");
addTypedInvalid("uint8 as a JSON number over 2^53",
    tjMsg({ a: 1 }).replace("\"a\":1", "\"a\":9007199254740993"),
    "LIMIT_EXCEEDED");
addTypedInvalid("string as a number", tjMsg({ s: 5 }), "INVALID_ARGUMENT");
addTypedInvalid("address with a wrong checksum",
    tjMsg({ w: "0xa0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48" }),
    "BAD_ENCODING");
addTypedInvalid("address of 19 bytes", tjMsg({ w: "0x" + "11".repeat(19) }),
    "BAD_ENCODING");
addTypedInvalid("a message field missing", tj({ message: { a: 1, w: A1 } }),
    "INVALID_ARGUMENT");
addTypedInvalid("a message field too many",
    tjMsg({ extra: 1 }), "INVALID_ARGUMENT", true);
addTypedInvalid("message as a string", tj({ message: "hi" }),
    "INVALID_ARGUMENT");
addTypedInvalid("an unknown type", tjTypes({ T: [{ name: "x",
    type: "Foo" }] }), "INVALID_ARGUMENT");
addTypedInvalid("an unused type", tjTypes({ ...tTypes, U: [{ name: "x",
    type: "bool" }] }), "INVALID_ARGUMENT");
addTypedInvalid("a type that refers to itself", tjTypes({ T: [
    { name: "a", type: "uint8" }, { name: "t", type: "T" }] }),
    "INVALID_ARGUMENT");
addTypedInvalid("a cycle of two types", tjTypes({
    T: [{ name: "a", type: "uint8" }, { name: "b", type: "B" }],
    B: [{ name: "c", type: "C" }], C: [{ name: "b", type: "B[]" }] }),
    "INVALID_ARGUMENT");
addTypedInvalid("a duplicate field name", tjTypes({ T: [
    { name: "a", type: "uint8" }, { name: "a", type: "uint16" }] }),
    "INVALID_ARGUMENT");
addTypedInvalid("uint7", tjTypes({ T: [{ name: "a", type: "uint7" }] }),
    "INVALID_ARGUMENT");
addTypedInvalid("int264", tjTypes({ T: [{ name: "a", type: "int264" }] }),
    "INVALID_ARGUMENT");
addTypedInvalid("bytes33", tjTypes({ T: [{ name: "a", type: "bytes33" }] }),
    "INVALID_ARGUMENT");
addTypedInvalid("bytes0", tjTypes({ T: [{ name: "a", type: "bytes0" }] }),
    "INVALID_ARGUMENT");
addTypedInvalid("the alias uint", tjTypes({ T: [{ name: "a", type: "uint" },
    { name: "s", type: "string" }, { name: "w", type: "address" }] }),
    "INVALID_ARGUMENT", true);
addTypedInvalid("a fixed array of length 0",
    tj({ types: { EIP712Domain: domainType(tDomain),
        T: [{ name: "a", type: "uint8[0]" }] }, message: { a: [] } }),
    "INVALID_ARGUMENT", true);
addTypedInvalid("an array length with a leading zero",
    tj({ types: { EIP712Domain: domainType(tDomain),
        T: [{ name: "a", type: "uint8[01]" }] }, message: { a: [1] } }),
    "INVALID_ARGUMENT", true);
addTypedInvalid("a fixed array of the wrong length",
    tj({ types: { EIP712Domain: domainType(tDomain),
        T: [{ name: "a", type: "uint8[2]" }] }, message: { a: [1] } }),
    "INVALID_ARGUMENT");
addTypedInvalid("nine array dimensions",
    tj({ types: { EIP712Domain: domainType(tDomain),
        T: [{ name: "a", type: "uint8" + "[]".repeat(9) }] },
    message: { a: [] } }), "LIMIT_EXCEEDED", true);
addTypedInvalid("bytes32 of 31 bytes", tj({ types: { EIP712Domain:
    domainType(tDomain), T: [{ name: "a", type: "bytes32" }] },
    message: { a: "0x" + "11".repeat(31) } }), "INVALID_ARGUMENT");
addTypedInvalid("bytes1 empty", tj({ types: { EIP712Domain:
    domainType(tDomain), T: [{ name: "a", type: "bytes1" }] },
    message: { a: "0x" } }), "INVALID_ARGUMENT");
addTypedInvalid("bytes not hex", tj({ types: { EIP712Domain:
    domainType(tDomain), T: [{ name: "a", type: "bytes" }] },
    message: { a: "hello" } }), "BAD_ENCODING");
addTypedInvalid("bool as a string", tj({ types: { EIP712Domain:
    domainType(tDomain), T: [{ name: "a", type: "bool" }] },
    message: { a: "false" } }), "INVALID_ARGUMENT", true);
addTypedInvalid("bool as 1", tj({ types: { EIP712Domain:
    domainType(tDomain), T: [{ name: "a", type: "bool" }] },
    message: { a: 1 } }), "INVALID_ARGUMENT", true);
addTypedInvalid("int8 -129", tj({ types: { EIP712Domain:
    domainType(tDomain), T: [{ name: "a", type: "int8" }] },
    message: { a: -129 } }), "LIMIT_EXCEEDED");
addTypedInvalid("int8 128", tj({ types: { EIP712Domain:
    domainType(tDomain), T: [{ name: "a", type: "int8" }] },
    message: { a: "0x80" } }), "LIMIT_EXCEEDED");
addTypedInvalid("int256 -2^255 - 1", tj({ types: { EIP712Domain:
    domainType(tDomain), T: [{ name: "a", type: "int256" }] },
    message: { a: (-(1n << 255n) - 1n).toString() } }), "LIMIT_EXCEEDED");
addTypedInvalid("int16 as negative hex (readers disagree)", tj({ types: {
    EIP712Domain: domainType(tDomain), T: [{ name: "a", type: "int16" }] },
    message: { a: "-0x10" } }), "BAD_ENCODING", true);
addTypedInvalid("the Mail example without EIP712Domain in types",
    typedJson(mailDomain, mailTypes, mailMessage, false),
    "INVALID_ARGUMENT", true);
addTypedInvalid("a type name with $", tj({ types: { EIP712Domain:
    domainType(tDomain), T$: [{ name: "a", type: "uint8" }] },
    primaryType: "T$", message: { a: 1 } }), "INVALID_ARGUMENT", true);
addTypedInvalid("uint256 2^256", tj({ types: { EIP712Domain:
    domainType(tDomain), T: [{ name: "a", type: "uint256" }] },
    message: { a: "0x1" + "0".repeat(64) } }), "LIMIT_EXCEEDED");
addTypedInvalid("a field name with a space", tj({ types: {
    EIP712Domain: domainType(tDomain), T: [{ name: "a b", type: "uint8" }] },
    message: { "a b": 1 } }), "INVALID_ARGUMENT", true);
addTypedInvalid("a field with an extra key", tjTypes({ T: [
    { name: "a", type: "uint8", note: "x" }, { name: "s", type: "string" },
    { name: "w", type: "address" }] }), "INVALID_ARGUMENT", true);
addTypedInvalid("a struct named like an atomic type",
    tj({ types: { EIP712Domain: domainType(tDomain),
        T: [{ name: "a", type: "uint8" }, { name: "b", type: "bytes40" }],
        bytes40: [{ name: "x", type: "bool" }] },
    message: { a: 1, b: { x: true } } }), "INVALID_ARGUMENT");
addTypedInvalid("a domain key ethers does not know",
    tj({ domain: { ...tDomain, foo: "x" } }), "INVALID_ARGUMENT");
addTypedInvalid("EIP712Domain in another order than ethers'",
    tj({ types: { EIP712Domain: [...domainType(tDomain)].reverse(),
        ...tTypes } }), "INVALID_ARGUMENT", true);
addTypedInvalid("EIP712Domain with a field the domain lacks",
    tj({ types: { EIP712Domain: [...domainType(tDomain),
        { name: "salt", type: "bytes32" }], ...tTypes } }),
    "INVALID_ARGUMENT", true);
addTypedInvalid("EIP712Domain with a wrong type for chainId",
    tj({ types: { EIP712Domain: [{ name: "name", type: "string" },
        { name: "chainId", type: "uint64" }], ...tTypes } }),
    "INVALID_ARGUMENT", true);
addTypedInvalid("domain chainId -1", tj({ domain: { ...tDomain,
    chainId: -1 } }), "LIMIT_EXCEEDED");
addTypedInvalid("domain name as a number", tj({ domain: { ...tDomain,
    name: 7 } }), "INVALID_ARGUMENT");
addTypedInvalid("primaryType EIP712Domain (domain-only)",
    tj({ primaryType: "EIP712Domain" }), "UNSUPPORTED", true);
addTypedInvalid("primaryType not a type", tj({ primaryType: "Nope" }),
    "INVALID_ARGUMENT", true);
addTypedInvalid("primaryType not the root", tj({ types: {
    EIP712Domain: domainType(tDomain),
    T: [{ name: "a", type: "uint8" }, { name: "in", type: "In" }],
    In: [{ name: "x", type: "bool" }] }, primaryType: "In",
    message: { a: 1, in: { x: true } } }), "INVALID_ARGUMENT", true);
addTypedInvalid("no domain", (() => {
    const v = JSON.parse(tj());
    delete v.domain;
    return JSON.stringify(v);
})(), "INVALID_ARGUMENT", true);
addTypedInvalid("an extra top-level key", tj({ extra: 1 }),
    "INVALID_ARGUMENT", true);
addTypedInvalid("a duplicate key in the message",
    tj().replace("\"a\":1", "\"a\":1,\"a\":2"), "BAD_ENCODING", true);
addTypedInvalid("an escaped U+0000 in a string",
    tj().replace("\"s\":\"x\"", "\"s\":\"x\\u0000\""), "BAD_ENCODING", true);
addTypedInvalid("an unpaired surrogate in a string",
    tj().replace("\"s\":\"x\"", "\"s\":\"x\\udfff\""), "BAD_ENCODING", true);
{
    const many = {};

    for (let i = 0; i < EIP712_MAX_TYPES; i++) {
        many[`S${i}`] = [{ name: "n", type: i + 1 < EIP712_MAX_TYPES
            ? `S${i + 1}` : "bool" }];
    }
    let m = { n: true };
    for (let i = EIP712_MAX_TYPES - 1; i > 0; i--) {
        m = { n: m };
    }
    addTypedInvalid(`${EIP712_MAX_TYPES} struct types and EIP712Domain`,
        tj({ types: { EIP712Domain: domainType(tDomain), ...many },
            primaryType: "S0", message: m }), "LIMIT_EXCEEDED", true);
}
{
    let t = "bool";
    let m = true;

    for (let i = 0; i < 4; i++) {
        t += "[]";
    }
    for (let i = 0; i < JSON_MAX_DEPTH; i++) {
        m = [m];
    }
    addTypedInvalid(`a value nested ${JSON_MAX_DEPTH + 2} deep`,
        tj({ types: { EIP712Domain: domainType(tDomain),
            T: [{ name: "a", type: t }] }, message: { a: m } }),
        "LIMIT_EXCEEDED", true);
}

// ---------------------------------------------------------------------------
// Addresses

const address = [];

function addAddress(comment, privHex) {
    const key = new SigningKey(privHex);
    const pub = key.compressedPublicKey;
    const addr = computeAddress(pub);

    check(addr === getAddress(addr.toLowerCase()), `${comment}: checksum`);
    address.push({ comment, pubkey: bare(pub),
        address: bare(addr).toLowerCase(), checksum: addr });
}

addAddress("private key 1 (the generator)", toBeHex(1n, 32));
check(address[0].checksum === "0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf",
    "the address of key 1");
addAddress("private key 2", toBeHex(2n, 32));
addAddress("private key n - 1 (minus the generator)", toBeHex(BigInt(
    "0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140"),
    32));
for (let i = 0; i < 8; i++) {
    addAddress(`derived key ${i}`, keyFor(`address ${i}`));
}

// EIP-55's own examples: text only (no key behind them).
const checksum = [];
for (const a of ["0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
    "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
    "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
    "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
    "0x52908400098527886E0F7030069857D2E4169EE7",
    "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
    "0xde709f2102306220921060314715629080e2fb77",
    "0x27b1fdb04752bbc536007a920d24acb045561c26",
    "0x0000000000000000000000000000000000000000"]) {
    check(getAddress(a) === a, `EIP-55 example ${a}`);
    checksum.push({ comment: `EIP-55 example ${a}`,
        address: bare(a).toLowerCase(), checksum: a });
}

// Address text duet_eth_address_parse() must refuse.
const addressInvalid = [];

function addAddressInvalid(comment, text) {
    let refused = false;

    try {
        getAddress(text);
    } catch {
        refused = true;
    }
    check(refused || !/^0x[0-9a-fA-F]{40}$/.test(text),
        `${comment}: ethers takes ${text}`);
    addressInvalid.push({ comment, text });
}

addAddressInvalid("one letter's case flipped",
    "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD");
addAddressInvalid("mixed case, not the checksum",
    "0x5aaeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
addAddressInvalid("39 digits", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe");
addAddressInvalid("41 digits", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed0");
addAddressInvalid("no 0x", "005aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
addAddressInvalid("0X", "0X5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
addAddressInvalid("a g", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeg");
addAddressInvalid("empty", "");
addAddressInvalid("ICAP form (ethers takes it)",
    "XE65GB6LDNXYOFTX0NSV3FUWKOWIXAMJK36");

// ---------------------------------------------------------------------------

const out = {
    about: "Known answers for the Ethereum helpers of duet_eth.h. "
        + "Generated by tests/vectors/gen/gen-eth-vectors.mjs; do not edit.",
    ethers: version,
    tx,
    tx_invalid: txInvalid,
    tx_json_invalid: txJsonInvalid,
    personal,
    typed,
    typed_invalid: typedInvalid,
    address,
    checksum,
    address_invalid: addressInvalid,
};
const text = JSON.stringify(out, null, 1) + "\n";

const args = process.argv.slice(2);
let dest = join(here, "..", "eth-vectors.json");
for (let i = 0; i < args.length; i++) {
    if (args[i] === "--out" && i + 1 < args.length) {
        dest = args[++i];
    } else {
        fail("usage: node gen-eth-vectors.mjs [--out FILE|-]");
    }
}
if (dest === "-") {
    process.stdout.write(text);
} else {
    writeFileSync(dest, text);
}
