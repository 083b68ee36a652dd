/*
 * eth-t.c -- tests for the Ethereum helpers of duet_eth.h
 * (crypto/src/chain/eth_*.c, eip712.c).
 *
 * Known answers come from tests/vectors/eth-vectors.h, generated from
 * ethers (tests/vectors/gen/gen-eth-vectors.mjs): every transaction is
 * rebuilt from its JSON, hashed, and signed-encoded from ethers' own
 * (r, s, yParity), which must reproduce the raw transaction ethers'
 * Wallet made; the signature is also recovered with libsecp256k1 from our
 * hash, to the signer's address computed by duet_eth_address.  Each hand-
 * listed negative case must fail with its error.  Besides those: the r/s
 * range edges, the v table, size limits, the JSON rules ethers cannot
 * express (raw bytes, NUL, invalid UTF-8), allocation failures, every
 * ARG_CHECK, and a deterministic mutation pass over every valid input
 * (truncations, bit flips, byte edits) that must never crash and never
 * accept what the strict parser would not hand back (run under ASan or
 * valgrind to mean the first part).
 */

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include "basic.h"
#include "duet.h"
#include "duet_eth.h"
#include "duet_util.h"
#include "chain/rlp.h"
#include "curve/curve.h"
#include "util/mem.h"
#include "util/rand.h"

#include "eth-vectors.h"

#define NELEM(a)  (sizeof(a) / sizeof((a)[0]))

/* Room for any signed vector transaction. */
#define TX_ROOM   (DUET_ETH_TX_MAX_SIZE + DUET_ETH_TX_SIGNATURE_OVERHEAD)

static unsigned long illegal_count;


static void
counting_illegal(const char *message, void *data)
{
    (void) message;
    (*(unsigned long *) data)++;
}


/* Check that call triggers one ARG_CHECK and returns INVALID_ARGUMENT. */
#define CHECK_ILLEGAL(call, desc)  do {                                      \
    unsigned long before_ = illegal_count;                                   \
    int r_ = (call);                                                         \
    ok(illegal_count - before_ == 1 && r_ == DUET_ERR_INVALID_ARGUMENT,      \
        "ARG_CHECK fires once, INVALID_ARGUMENT: %s", desc);                 \
} while (0)


/* Test-side helpers. */

static int
hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0'
        : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}


/* Decode lower-case hex test data; bails on bad data. */
static uint8_t *
unhex(const char *hex, size_t *len)
{
    size_t n = strlen(hex), i;
    uint8_t *out = bmalloc(n / 2 + 1);
    int hi, lo;

    if (n % 2 != 0) {
        bail("odd hex length in test data");
    }
    for (i = 0; i < n / 2; i++) {
        hi = hexval(hex[2 * i]);
        lo = hexval(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            bail("bad hex in test data");
        }
        out[i] = (uint8_t) (hi << 4 | lo);
    }
    *len = n / 2;

    return out;
}


/* Decode exactly 32 bytes of hex test data. */
static void
unhex32(uint8_t out[32], const char *hex)
{
    uint8_t *p;
    size_t n;

    p = unhex(hex, &n);
    if (n != 32) {
        bail("expected 32 bytes of hex");
    }
    memcpy(out, p, 32);
    free(p);
}


static void
random_fill(uint8_t *p, size_t n)
{
    if (duet_random_bytes(p, n) != 0) {
        bail("duet_random_bytes failed");
    }
}


static size_t
random_below(size_t n)
{
    uint32_t v;

    random_fill((uint8_t *) &v, sizeof(v));

    return n == 0 ? 0 : v % n;
}


/* A heap copy of exactly n bytes, so that ASan sees any overread. */
static uint8_t *
exact_copy(const void *p, size_t n)
{
    uint8_t *c = bmalloc(n != 0 ? n : 1);

    if (n > 0) {
        memcpy(c, p, n);
    }

    return c;
}


static const char *
errname(int r)
{
    return r == 0 ? "OK" : duet_errname(r);
}


/* Transactions. */

/* The big-endian 256-bit value a + d (d small, may be negative). */
static void
add_small(uint8_t out[32], const uint8_t a[32], int d)
{
    int i, carry = d;

    for (i = 31; i >= 0; i--) {
        carry += a[i];
        out[i] = (uint8_t) (carry & 0xff);
        carry >>= 8;
    }
}


/* n - a, for the high-s twin of a signature. */
static void
order_minus(uint8_t out[32], const uint8_t a[32])
{
    int i, borrow = 0, d;

    for (i = 31; i >= 0; i--) {
        d = duet_curve_order_bytes[i] - a[i] - borrow;
        borrow = d < 0;
        out[i] = (uint8_t) (d + (borrow ? 256 : 0));
    }
}


/* floor(n / 2). */
static void
half_order(uint8_t out[32])
{
    unsigned carry = 0, b;
    size_t i;

    for (i = 0; i < 32; i++) {
        b = duet_curve_order_bytes[i];
        out[i] = (uint8_t) ((carry << 7) | (b >> 1));
        carry = b & 1;
    }
}


/* Recover the signer of hash from (r, s, recid) with libsecp256k1. */
static int
recover_address(uint8_t addr[20], const uint8_t hash[32],
    const uint8_t r[32], const uint8_t s[32], int recid)
{
    secp256k1_ecdsa_recoverable_signature sig;
    secp256k1_pubkey pk;
    uint8_t rs[64], pub[33];
    size_t n = sizeof(pub);

    memcpy(rs, r, 32);
    memcpy(rs + 32, s, 32);
    if (!secp256k1_ecdsa_recoverable_signature_parse_compact(
            secp256k1_context_static, &sig, rs, recid)
        || !secp256k1_ecdsa_recover(secp256k1_context_static, &pk, &sig,
            hash)
        || !secp256k1_ec_pubkey_serialize(secp256k1_context_static, pub, &n,
            &pk, SECP256K1_EC_COMPRESSED))
    {
        return -1;
    }

    return duet_eth_address(addr, pub);
}


static void
test_tx_vectors(void)
{
    uint8_t *utx, *stx, *out = bmalloc(TX_ROOM), hash[32], want[32];
    uint8_t r[32], s[32], addr[20], *want_addr, hi_s[32];
    size_t ulen, slen, alen, out_len, i;
    uint64_t chain_id, v;
    int type, res;

    for (i = 0; i < NELEM(eth_tx_vectors); i++) {
        const struct eth_tx_vector *t = &eth_tx_vectors[i];

        diag("tx %zu: %s", i, t->comment);
        utx = unhex(t->unsigned_tx, &ulen);
        stx = unhex(t->signed_tx, &slen);
        want_addr = unhex(t->address, &alen);
        unhex32(want, t->hash);
        unhex32(r, t->r);
        unhex32(s, t->s);

        /* JSON -> unsigned, and the size query. */
        out_len = TX_ROOM;
        res = duet_eth_tx_from_json(out, &out_len, t->json, strlen(t->json));
        ok(res == 0 && out_len == ulen && memcmp(out, utx, ulen) == 0,
            "tx %zu: from_json gives ethers' unsigned serialization (%s)",
            i, errname(res));
        out_len = 0;
        res = duet_eth_tx_from_json(NULL, &out_len, t->json,
            strlen(t->json));
        ok(res == DUET_ERR_BUFFER_TOO_SMALL && out_len == ulen,
            "tx %zu: from_json size query gives %zu", i, ulen);
        out_len = ulen - 1;
        res = duet_eth_tx_from_json(out, &out_len, t->json,
            strlen(t->json));
        ok(res == DUET_ERR_BUFFER_TOO_SMALL && out_len == ulen,
            "tx %zu: from_json one byte short", i);

        /* Unsigned -> hash. */
        res = duet_eth_tx_sighash(hash, &type, &chain_id, utx, ulen);
        ok(res == 0 && memcmp(hash, want, 32) == 0,
            "tx %zu: sighash is ethers' unsignedHash (%s)", i, errname(res));
        ok(type == t->type && chain_id == t->chain_id,
            "tx %zu: type %d, chain id %llu", i, type,
            (unsigned long long) chain_id);

        /* Unsigned + ethers' signature -> ethers' signed transaction. */
        out_len = TX_ROOM;
        res = duet_eth_tx_encode_signed(out, &out_len, utx, ulen, r, s,
            t->y_parity);
        ok(res == 0 && out_len == slen && memcmp(out, stx, slen) == 0,
            "tx %zu: encode_signed rebuilds the ethers Wallet's raw "
            "transaction (%s)", i, errname(res));
        ok(slen <= ulen + DUET_ETH_TX_SIGNATURE_OVERHEAD,
            "tx %zu: within the signature overhead", i);
        out_len = 0;
        res = duet_eth_tx_encode_signed(NULL, &out_len, utx, ulen, r, s,
            t->y_parity);
        ok(res == DUET_ERR_BUFFER_TOO_SMALL && out_len == slen,
            "tx %zu: encode_signed size query gives %zu", i, slen);
        out_len = slen - 1;
        res = duet_eth_tx_encode_signed(out, &out_len, utx, ulen, r, s,
            t->y_parity);
        ok(res == DUET_ERR_BUFFER_TOO_SMALL && out_len == slen,
            "tx %zu: encode_signed one byte short", i);

        /*
         * A signed transaction is not an unsigned one: typed, it has three
         * items too many; legacy, its v reads as a chain id and r, s are
         * not 0 (unless v is over the largest chain id).
         */
        res = duet_eth_tx_sighash(hash, NULL, NULL, stx, slen);
        ok(res == (t->type != DUET_ETH_TX_LEGACY ? DUET_ERR_TRAILING_DATA
            : t->v > DUET_ETH_LEGACY_CHAIN_ID_MAX ? DUET_ERR_LIMIT_EXCEEDED
            : DUET_ERR_BAD_ENCODING),
            "tx %zu: the signed form is refused as unsigned (%s)", i,
            errname(res));

        /* v as published. */
        res = duet_eth_v(&v, t->type == DUET_ETH_TX_LEGACY
            ? DUET_ETH_V_EIP155 : DUET_ETH_V_TYPED, t->y_parity, chain_id);
        ok(res == 0 && v == t->v, "tx %zu: v = %llu", i,
            (unsigned long long) v);

        /* Our hash and ethers' signature recover to the signer. */
        res = recover_address(addr, want, r, s, t->y_parity);
        ok(res == 0 && alen == 20 && memcmp(addr, want_addr, 20) == 0,
            "tx %zu: the signature recovers to the signer's address", i);

        /* The high-s twin, recid 2 and 3 are refused. */
        order_minus(hi_s, s);
        out_len = TX_ROOM;
        res = duet_eth_tx_encode_signed(out, &out_len, utx, ulen, r, hi_s,
            t->y_parity ^ 1);
        ok(res == DUET_ERR_NON_CANONICAL && out_len == 0,
            "tx %zu: high s refused (%s)", i, errname(res));
        out_len = TX_ROOM;
        res = duet_eth_tx_encode_signed(out, &out_len, utx, ulen, r, s,
            2 + t->y_parity);
        ok(res == DUET_ERR_UNSUPPORTED && out_len == 0,
            "tx %zu: recid %d refused (%s)", i, 2 + t->y_parity,
            errname(res));

        free(utx);
        free(stx);
        free(want_addr);
    }
    free(out);
}


/* Sign-encode utx with (r, s) and recid 0 into out (512 bytes). */
static int
encode(uint8_t *out, size_t *out_len, const uint8_t *utx, size_t ulen,
    const uint8_t r[32], const uint8_t s[32])
{
    *out_len = 512;

    return duet_eth_tx_encode_signed(out, out_len, utx, ulen, r, s, 0);
}


/* r and s at the edges of their ranges, on the first vector. */
static void
test_tx_signature_range(void)
{
    const struct eth_tx_vector *t = &eth_tx_vectors[0];
    uint8_t *utx, out[512], one[32], zero[32];
    uint8_t n[32], n1[32], half[32], half1[32], r[32], s[32];
    size_t ulen, out_len;
    int res;

    utx = unhex(t->unsigned_tx, &ulen);
    unhex32(r, t->r);
    unhex32(s, t->s);
    memset(zero, 0, 32);
    memset(one, 0, 32);
    one[31] = 1;
    memcpy(n, duet_curve_order_bytes, 32);
    add_small(n1, n, -1);
    half_order(half);
    add_small(half1, half, 1);

    res = encode(out, &out_len, utx, ulen, zero, s);
    ok(res == DUET_ERR_INVALID_ARGUMENT, "r = 0 refused");
    res = encode(out, &out_len, utx, ulen, n, s);
    ok(res == DUET_ERR_INVALID_ARGUMENT, "r = n refused");
    res = encode(out, &out_len, utx, ulen, n1, s);
    ok(res == 0, "r = n - 1 accepted");
    res = encode(out, &out_len, utx, ulen, one, s);
    ok(res == 0 && out_len == 78,
        "r = 1 accepted and written as one byte (%zu bytes)", out_len);
    res = encode(out, &out_len, utx, ulen, r, zero);
    ok(res == DUET_ERR_INVALID_ARGUMENT, "s = 0 refused");
    res = encode(out, &out_len, utx, ulen, r, n);
    ok(res == DUET_ERR_INVALID_ARGUMENT, "s = n refused");
    res = encode(out, &out_len, utx, ulen, r, n1);
    ok(res == DUET_ERR_NON_CANONICAL, "s = n - 1 is high");
    res = encode(out, &out_len, utx, ulen, r, half);
    ok(res == 0, "s = n/2 (rounded down) accepted");
    res = encode(out, &out_len, utx, ulen, r, half1);
    ok(res == DUET_ERR_NON_CANONICAL, "s = n/2 + 1 refused");

    /*
     * The EIP-155 example signed with r = s = 1, recid 0: chainId 1, 0, 0
     * (01 80 80) become v = 37, 1, 1 (25 01 01) under the same header.
     */
    res = encode(out, &out_len, utx, ulen, one, one);
    ok(res == 0 && out_len == ulen && memcmp(out, utx, ulen - 3) == 0
        && memcmp(out + ulen - 3, "\x25\x01\x01", 3) == 0,
        "r = s = 1: minimal integers (%zu bytes)", out_len);

    free(utx);
}


static void
test_tx_invalid(void)
{
    uint8_t *hex, *tx, hash[32], zero[32], one[32], out[64];
    size_t len, out_len, i;
    uint64_t chain_id;
    int type, res;

    memset(zero, 0, sizeof(zero));
    memset(one, 0, sizeof(one));
    one[31] = 1;
    for (i = 0; i < NELEM(eth_tx_invalid_vectors); i++) {
        const struct eth_tx_invalid_vector *t = &eth_tx_invalid_vectors[i];

        hex = unhex(t->encoded, &len);
        tx = exact_copy(hex, len);
        free(hex);
        memset(hash, 0xaa, sizeof(hash));
        res = duet_eth_tx_sighash(hash, &type, &chain_id, tx, len);
        ok(res == t->error && type == -1 && chain_id == 0
            && memcmp(hash, zero, 32) == 0,
            "sighash refuses %s%s: %s (want %s)", t->comment,
            t->policy ? " (policy)" : "", errname(res), errname(t->error));
        out_len = sizeof(out);
        res = duet_eth_tx_encode_signed(out, &out_len, tx, len, one, one, 0);
        ok(res == t->error && out_len == 0,
            "encode_signed refuses it alike: %s", errname(res));
        free(tx);
    }
}


static void
test_tx_json_invalid(void)
{
    uint8_t out[512];
    size_t out_len, i;
    int res;

    for (i = 0; i < NELEM(eth_tx_json_invalid_vectors); i++) {
        const struct eth_tx_json_invalid_vector *t =
            &eth_tx_json_invalid_vectors[i];
        uint8_t *json = exact_copy(t->json, strlen(t->json));

        out_len = sizeof(out);
        res = duet_eth_tx_from_json(out, &out_len, (const char *) json,
            strlen(t->json));
        ok(res == t->error && out_len == 0,
            "from_json refuses %s: %s (want %s)", t->comment, errname(res),
            errname(t->error));
        free(json);
    }
}


/*
 * A valid legacy transaction with a data field of data_len bytes, built
 * by hand: nonce 0, gasPrice 1, gasLimit 21000, to 0x35.., value 0, data,
 * chainId 1, 0, 0.
 */
static uint8_t *
legacy_with_data(size_t data_len, size_t *len)
{
    struct duet_buf_writer w;
    uint8_t to[20], *data, *out;
    size_t mark;

    memset(to, 0x35, sizeof(to));
    data = bcalloc(data_len + 1, 1);
    duet_buf_writer_init_alloc(&w, DUET_BUF_MAX);
    if (duet_rlp_list_begin(&w, &mark) != 0
        || duet_rlp_put_u64(&w, 0) != 0 || duet_rlp_put_u64(&w, 1) != 0
        || duet_rlp_put_u64(&w, 21000) != 0
        || duet_rlp_put_bytes(&w, to, 20) != 0
        || duet_rlp_put_u64(&w, 0) != 0
        || duet_rlp_put_bytes(&w, data, data_len) != 0
        || duet_rlp_put_u64(&w, 1) != 0 || duet_rlp_put_u64(&w, 0) != 0
        || duet_rlp_put_u64(&w, 0) != 0 || duet_rlp_list_end(&w, mark) != 0)
    {
        bail("cannot build a legacy transaction");
    }
    *len = duet_buf_writer_len(&w);
    out = exact_copy(duet_buf_writer_ptr(&w), *len);
    duet_buf_writer_free(&w);
    free(data);

    return out;
}


/* The size limits, which are too big for the vector header. */
static void
test_tx_limits(void)
{
    uint8_t *tx, *out, hash[32], one[32];
    char *json, *p;
    size_t len, out_len, data_len, i;
    int res;

    memset(one, 0, sizeof(one));
    one[31] = 1;

    /* Find the largest data that fits DUET_ETH_TX_MAX_SIZE exactly. */
    for (data_len = DUET_ETH_TX_MAX_SIZE - 60; ; data_len++) {
        tx = legacy_with_data(data_len, &len);
        if (len >= DUET_ETH_TX_MAX_SIZE) {
            break;
        }
        free(tx);
    }
    ok(len == DUET_ETH_TX_MAX_SIZE, "a %zu-byte transaction built", len);
    res = duet_eth_tx_sighash(hash, NULL, NULL, tx, len);
    ok(res == 0, "the largest transaction is accepted (%s)", errname(res));
    out = bmalloc(TX_ROOM);
    out_len = TX_ROOM;
    res = duet_eth_tx_encode_signed(out, &out_len, tx, len, one, one, 1);
    ok(res == 0 && out_len <= len + DUET_ETH_TX_SIGNATURE_OVERHEAD,
        "and signed-encoded (%zu bytes)", out_len);
    free(tx);
    tx = legacy_with_data(data_len + 1, &len);
    res = duet_eth_tx_sighash(hash, NULL, NULL, tx, len);
    ok(res == DUET_ERR_LIMIT_EXCEEDED,
        "one byte more is LIMIT_EXCEEDED (%s)", errname(res));
    free(tx);

    /* The same from JSON: data of 2 * DUET_ETH_TX_MAX_SIZE hex digits. */
    json = bmalloc(2 * DUET_ETH_TX_MAX_SIZE + 256);
    p = json + sprintf(json, "{\"type\":2,\"chainId\":1,\"nonce\":0,"
        "\"maxPriorityFeePerGas\":1,\"maxFeePerGas\":1,\"gasLimit\":1,"
        "\"to\":null,\"data\":\"0x");
    for (i = 0; i < 2 * (DUET_ETH_TX_MAX_SIZE - 100); i++) {
        *p++ = 'a';
    }
    strcpy(p, "\"}");
    out_len = TX_ROOM;
    res = duet_eth_tx_from_json(out, &out_len, json, strlen(json));
    ok(res == 0 && out_len > DUET_ETH_TX_MAX_SIZE - 100,
        "from_json: %u bytes of data accepted (%s)",
        DUET_ETH_TX_MAX_SIZE - 100, errname(res));
    for (i = 0; i < 2 * 100; i++) {
        *p++ = 'b';
    }
    strcpy(p, "\"}");
    out_len = TX_ROOM;
    res = duet_eth_tx_from_json(out, &out_len, json, strlen(json));
    ok(res == DUET_ERR_LIMIT_EXCEEDED && out_len == 0,
        "from_json: a transaction over the maximum (%s)", errname(res));
    free(json);
    free(out);

    res = duet_eth_tx_sighash(hash, NULL, NULL, one, 0);
    ok(res == DUET_ERR_TRUNCATED, "zero bytes: TRUNCATED");
}


/*
 * Every truncation of every valid transaction is refused; bit flips and
 * byte edits never crash, and whatever the parser accepts can be signed
 * into canonical RLP.
 */
static void
test_tx_mutation(void)
{
    uint8_t *utx, *m, hash[32], one[32], *out = bmalloc(TX_ROOM);
    size_t ulen, i, k, out_len, accepted, tried, bad;
    int res;

    memset(one, 0, sizeof(one));
    one[31] = 1;
    for (i = 0; i < NELEM(eth_tx_vectors); i++) {
        utx = unhex(eth_tx_vectors[i].unsigned_tx, &ulen);

        bad = 0;
        for (k = 0; k < ulen; k++) {
            m = exact_copy(utx, k);
            if (duet_eth_tx_sighash(hash, NULL, NULL, m, k) == 0) {
                bad++;
            }
            free(m);
        }
        ok(bad == 0, "tx %zu: all %zu truncations refused", i, ulen);

        accepted = bad = tried = 0;
        for (k = 0; k < 8 * ulen; k += ulen > 200 ? 7 : 1) {
            m = exact_copy(utx, ulen);
            m[k / 8] ^= (uint8_t) (1u << (k % 8));
            res = duet_eth_tx_sighash(hash, NULL, NULL, m, ulen);
            tried++;
            if (res == 0) {
                accepted++;
                out_len = TX_ROOM;
                res = duet_eth_tx_encode_signed(out, &out_len, m, ulen, one,
                    one, 0);
                if (res != 0 || duet_rlp_check(out + (out[0] < 0xc0),
                    out_len - (out[0] < 0xc0)) != 0)
                {
                    bad++;
                }
            }
            free(m);
        }
        for (k = 0; k < 64; k++) {
            m = exact_copy(utx, ulen);
            m[random_below(ulen)] = (uint8_t) random_below(256);
            if (duet_eth_tx_sighash(hash, NULL, NULL, m, ulen) == 0) {
                accepted++;
                out_len = TX_ROOM;
                if (duet_eth_tx_encode_signed(out, &out_len, m, ulen, one,
                    one, 1) != 0)
                {
                    bad++;
                }
            }
            tried++;
            free(m);
        }
        ok(bad == 0, "tx %zu: %zu mutations, %zu accepted, all re-encode",
            i, tried, accepted);
        free(utx);
    }
    free(out);
}


/* Truncations and byte edits of every transaction's JSON. */
static void
test_tx_json_mutation(void)
{
    uint8_t *m, hash[32], *out = bmalloc(TX_ROOM);
    size_t len, k, out_len, accepted, bad;
    size_t i;
    int res;

    for (i = 0; i < NELEM(eth_tx_vectors); i++) {
        const char *json = eth_tx_vectors[i].json;

        len = strlen(json);
        bad = 0;
        for (k = 0; k < len; k++) {
            m = exact_copy(json, k);
            out_len = TX_ROOM;
            if (duet_eth_tx_from_json(out, &out_len, (const char *) m, k)
                != DUET_ERR_TRUNCATED)
            {
                bad++;
            }
            free(m);
        }
        ok(bad == 0, "tx %zu: every truncated JSON is TRUNCATED", i);

        accepted = bad = 0;
        for (k = 0; k < 200; k++) {
            m = exact_copy(json, len);
            m[random_below(len)] = (uint8_t) random_below(256);
            out_len = TX_ROOM;
            res = duet_eth_tx_from_json(out, &out_len, (const char *) m, len);
            if (res == 0) {
                accepted++;
                if (duet_eth_tx_sighash(hash, NULL, NULL, out, out_len)
                    != 0)
                {
                    bad++;
                }
            }
            free(m);
        }
        ok(bad == 0, "tx %zu: 200 JSON edits, %zu accepted, all hashable",
            i, accepted);
    }
    free(out);
}


/* Messages. */

static void
test_personal(void)
{
    uint8_t *msg, want[32], hash[32];
    size_t len, i;
    int res;

    for (i = 0; i < NELEM(eth_personal_vectors); i++) {
        const struct eth_personal_vector *t = &eth_personal_vectors[i];

        msg = unhex(t->message, &len);
        unhex32(want, t->hash);
        res = duet_eth_personal_hash(hash, len > 0 ? msg : NULL, len);
        ok(res == 0 && memcmp(hash, want, 32) == 0,
            "personal_hash: %s", t->comment);
        free(msg);
    }
}


static void
test_typed(void)
{
    uint8_t want[32], hash[32], *json;
    size_t i, len;
    int res;

    for (i = 0; i < NELEM(eth_typed_vectors); i++) {
        const struct eth_typed_vector *t = &eth_typed_vectors[i];

        len = strlen(t->json);
        json = exact_copy(t->json, len);
        unhex32(want, t->hash);
        res = duet_eth_typed_data_hash(hash, (const char *) json, len);
        ok(res == 0 && memcmp(hash, want, 32) == 0,
            "typed %zu: %s (%s)", i, t->comment, errname(res));
        free(json);
    }
}


static void
test_typed_invalid(void)
{
    uint8_t hash[32], zero[32], *json;
    size_t i, len;
    int res;

    memset(zero, 0, sizeof(zero));
    for (i = 0; i < NELEM(eth_typed_invalid_vectors); i++) {
        const struct eth_typed_invalid_vector *t =
            &eth_typed_invalid_vectors[i];

        len = strlen(t->json);
        json = exact_copy(t->json, len);
        memset(hash, 0xaa, sizeof(hash));
        res = duet_eth_typed_data_hash(hash, (const char *) json, len);
        ok(res == t->error && memcmp(hash, zero, 32) == 0,
            "typed refuses %s%s: %s (want %s)", t->comment,
            t->policy ? " (policy)" : "", errname(res), errname(t->error));
        free(json);
    }
}


/* Hash a typed-data text; returns the result code. */
static int
typed(uint8_t hash[32], const char *json)
{
    uint8_t *copy = exact_copy(json, strlen(json));
    int r;

    r = duet_eth_typed_data_hash(hash, (const char *) copy, strlen(json));
    free(copy);

    return r;
}


/* Typed data whose one struct T has the fields and message given. */
static char *
typed_text(const char *fields, const char *message)
{
    size_t n = strlen(fields) + strlen(message) + 128;
    char *s = bmalloc(n);

    snprintf(s, n, "{\"types\":{\"T\":[%s]},\"primaryType\":\"T\","
        "\"domain\":{},\"message\":{%s}}", fields, message);

    return s;
}


/* What JSON text cannot show in the vectors: raw bytes, limits. */
static void
test_json_rules(void)
{
    uint8_t h1[32], h2[32], out[64];
    char *a, *b, *fields, *msg, *p;
    size_t i, out_len;
    int res;

    /* A raw UTF-8 string hashes as its \u escapes do. */
    a = typed_text("{\"name\":\"s\",\"type\":\"string\"}",
        "\"s\":\"\xc3\xa9\xe2\x98\x83\xf0\x9f\x98\x80\"");
    b = typed_text("{\"name\":\"s\",\"type\":\"string\"}",
        "\"s\":\"\\u00e9\\u2603\\ud83d\\ude00\"");
    ok(typed(h1, a) == 0 && typed(h2, b) == 0 && memcmp(h1, h2, 32) == 0,
        "raw UTF-8 and \\u escapes hash alike");
    free(a);
    free(b);

    /* Invalid UTF-8, raw control bytes, NUL. */
    {
        static const struct {
            const char *bytes;
            const char *what;
            int err;
        } bad[] = {
            { "\xc0\xaf", "overlong 2-byte form", DUET_ERR_BAD_ENCODING },
            { "\xe0\x80\xaf", "overlong 3-byte form", DUET_ERR_BAD_ENCODING },
            { "\xed\xa0\x80", "UTF-8 surrogate", DUET_ERR_BAD_ENCODING },
            { "\xf4\x90\x80\x80", "above U+10FFFF", DUET_ERR_BAD_ENCODING },
            { "\xf5\x80\x80\x80", "lead byte f5", DUET_ERR_BAD_ENCODING },
            { "\x80", "a lone continuation byte", DUET_ERR_BAD_ENCODING },
            { "\xe2\x82x", "a cut sequence", DUET_ERR_BAD_ENCODING },
            { "\x01", "a raw control byte", DUET_ERR_BAD_ENCODING },
            { "\x7f", "DEL (allowed raw)", 0 },
            { "\xef\xbf\xbf", "U+FFFF (allowed)", 0 },
            { "\xf4\x8f\xbf\xbf", "U+10FFFF (allowed)", 0 },
        };

        for (i = 0; i < NELEM(bad); i++) {
            char m[64];

            snprintf(m, sizeof(m), "\"s\":\"%s\"", bad[i].bytes);
            a = typed_text("{\"name\":\"s\",\"type\":\"string\"}", m);
            res = typed(h1, a);
            ok(res == bad[i].err, "JSON string with %s: %s", bad[i].what,
                errname(res));
            free(a);
        }
    }
    a = typed_text("{\"name\":\"s\",\"type\":\"string\"}", "\"s\":\"x\"");
    p = strchr(a, 'x');
    *p = '\0';
    res = duet_eth_typed_data_hash(h1, a, strlen(a) + 1 + strlen(p + 1));
    ok(res == DUET_ERR_BAD_ENCODING, "a NUL byte inside the text: %s",
        errname(res));
    free(a);
    res = duet_eth_typed_data_hash(h1, "{} ", 3);
    ok(res == DUET_ERR_INVALID_ARGUMENT, "trailing whitespace is fine: %s",
        errname(res));
    res = duet_eth_typed_data_hash(h1, "\xef\xbb\xbf{}", 5);
    ok(res == DUET_ERR_BAD_ENCODING, "a byte-order mark is refused: %s",
        errname(res));
    res = duet_eth_typed_data_hash(h1, "{}", DUET_ETH_JSON_MAX_SIZE + 1);
    ok(res == DUET_ERR_LIMIT_EXCEEDED, "text over the maximum size: %s",
        errname(res));

    /* Depth: 32 levels parse (and fail on shape), 33 do not. */
    for (i = 31; i <= 32; i++) {
        size_t d;

        a = bmalloc(2 * i + 64);
        p = a + sprintf(a, "{\"x\":");
        for (d = 0; d < i; d++) {
            *p++ = '[';
        }
        for (d = 0; d < i; d++) {
            *p++ = ']';
        }
        strcpy(p, "}");
        out_len = sizeof(out);
        res = duet_eth_tx_from_json(out, &out_len, a, strlen(a));
        ok(res == (i == 31 ? DUET_ERR_INVALID_ARGUMENT
            : DUET_ERR_LIMIT_EXCEEDED),
            "JSON nested %zu deep: %s", i + 1, errname(res));
        free(a);
    }

    /* EIP-712 limits. */
    fields = bmalloc(64 * (DUET_EIP712_MAX_FIELDS + 1) + 64);
    msg = bmalloc(16 * (DUET_EIP712_MAX_FIELDS + 1) + 64);
    for (i = DUET_EIP712_MAX_FIELDS; i <= DUET_EIP712_MAX_FIELDS + 1; i++) {
        size_t k;
        char *f = fields, *m = msg;

        for (k = 0; k < i; k++) {
            f += sprintf(f, "%s{\"name\":\"f%zu\",\"type\":\"bool\"}",
                k ? "," : "", k);
            m += sprintf(m, "%s\"f%zu\":true", k ? "," : "", k);
        }
        a = typed_text(fields, msg);
        res = typed(h1, a);
        ok(res == (i == DUET_EIP712_MAX_FIELDS ? 0
            : DUET_ERR_LIMIT_EXCEEDED), "a struct of %zu fields: %s", i,
            errname(res));
        free(a);
    }
    free(fields);
    free(msg);

    {
        static const struct {
            const char *field;
            const char *value;
            int err;
            const char *what;
        } lim[] = {
            { "{\"name\":\"a\",\"type\":\"bool[1048576]\"}", "\"a\":[]",
              DUET_ERR_INVALID_ARGUMENT,
              "the longest fixed array (and the wrong length)" },
            { "{\"name\":\"a\",\"type\":\"bool[1048577]\"}", "\"a\":[]",
              DUET_ERR_LIMIT_EXCEEDED, "a fixed array one too long" },
            { "{\"name\":\"a\",\"type\":\"bool[99999999999999999999999]\"}",
              "\"a\":[]", DUET_ERR_LIMIT_EXCEEDED, "a huge fixed array" },
            { "{\"name\":\"a\",\"type\":\"bool[][][][][][][][]\"}",
              "\"a\":[[[[[[[[true]]]]]]]]", 0, "eight dimensions" },
            { "{\"name\":\"a\",\"type\":\"bool[]]\"}", "\"a\":[]",
              DUET_ERR_INVALID_ARGUMENT, "a stray ]" },
            { "{\"name\":\"a\",\"type\":\"bool[x]\"}", "\"a\":[]",
              DUET_ERR_INVALID_ARGUMENT, "a non-digit length" },
            { "{\"name\":\"a\",\"type\":\"[]\"}", "\"a\":[]",
              DUET_ERR_INVALID_ARGUMENT, "no base type" },
            { "{\"name\":\"a\",\"type\":\"bool []\"}", "\"a\":[]",
              DUET_ERR_INVALID_ARGUMENT, "a space before []" },
            { "{\"name\":\"a\",\"type\":\"int\"}", "\"a\":1",
              DUET_ERR_INVALID_ARGUMENT, "the alias int" },
            { "{\"name\":\"a\",\"type\":\"uint08\"}", "\"a\":1",
              DUET_ERR_INVALID_ARGUMENT, "uint08" },
            { "{\"name\":\"a\",\"type\":\"EIP712Domain\"}", "\"a\":{}",
              DUET_ERR_INVALID_ARGUMENT, "a field of type EIP712Domain" },
            { "{\"name\":\"9a\",\"type\":\"bool\"}", "\"9a\":true",
              DUET_ERR_INVALID_ARGUMENT, "a name starting with a digit" },
            { "{\"name\":\"\",\"type\":\"bool\"}", "\"\":true",
              DUET_ERR_INVALID_ARGUMENT, "an empty name" },
            { "{\"name\":\"a\",\"type\":\"int256\"}",
              "\"a\":\"-57896044618658097711785492504343953926634992332820"
              "282019728792003956564819968\"", 0, "int256 minimum" },
            { "{\"name\":\"a\",\"type\":\"int256\"}", "\"a\":\"-0x1\"",
              DUET_ERR_BAD_ENCODING, "negative hex" },
            { "{\"name\":\"a\",\"type\":\"int256\"}", "\"a\":\"0x-1\"",
              DUET_ERR_BAD_ENCODING, "0x-1" },
            { "{\"name\":\"a\",\"type\":\"int256\"}", "\"a\":\"--1\"",
              DUET_ERR_BAD_ENCODING, "--1" },
            { "{\"name\":\"a\",\"type\":\"uint256\"}", "\"a\":\"-0\"", 0,
              "-0 for a uint" },
            { "{\"name\":\"a\",\"type\":\"uint256\"}", "\"a\":-0", 0,
              "JSON -0 for a uint" },
            { "{\"name\":\"a\",\"type\":\"uint256\"}",
              "\"a\":9007199254740991", 0, "2^53 - 1 as a JSON number" },
            { "{\"name\":\"a\",\"type\":\"int64\"}",
              "\"a\":-9007199254740991", 0, "-(2^53 - 1) as a JSON number" },
            { "{\"name\":\"a\",\"type\":\"int64\"}",
              "\"a\":-9007199254740992", DUET_ERR_LIMIT_EXCEEDED,
              "-2^53 as a JSON number" },
        };

        for (i = 0; i < NELEM(lim); i++) {
            a = typed_text(lim[i].field, lim[i].value);
            res = typed(h1, a);
            ok(res == lim[i].err, "typed: %s: %s", lim[i].what,
                errname(res));
            free(a);
        }
    }

    /* Names of the longest length and one more. */
    for (i = DUET_EIP712_MAX_NAME; i <= DUET_EIP712_MAX_NAME + 1; i++) {
        char name[DUET_EIP712_MAX_NAME + 2], f[160], m[160];

        memset(name, 'n', i);
        name[i] = '\0';
        snprintf(f, sizeof(f), "{\"name\":\"%s\",\"type\":\"bool\"}", name);
        snprintf(m, sizeof(m), "\"%s\":true", name);
        a = typed_text(f, m);
        res = typed(h1, a);
        ok(res == (i == DUET_EIP712_MAX_NAME ? 0 : DUET_ERR_LIMIT_EXCEEDED),
            "a field name of %zu characters: %s", i, errname(res));
        free(a);
        snprintf(f, sizeof(f), "{\"name\":\"x\",\"type\":\"%s\"}", name);
        a = typed_text(f, "\"x\":{}");
        p = strstr(a, "{\"T\":[");
        b = bmalloc(strlen(a) + 2 * i + 64);
        snprintf(b, strlen(a) + 2 * i + 64, "%.*s{\"%s\":[],%s",
            (int) (p - a), a, name, p + 1);
        res = typed(h1, b);
        ok(res == (i == DUET_EIP712_MAX_NAME ? 0 : DUET_ERR_LIMIT_EXCEEDED),
            "a type name of %zu characters: %s", i, errname(res));
        free(a);
        free(b);
    }

    /* Two's complement: int8 -1 as a number and as a string. */
    a = typed_text("{\"name\":\"a\",\"type\":\"int8\"}", "\"a\":-1");
    b = typed_text("{\"name\":\"a\",\"type\":\"int8\"}",
        "\"a\":\"-01\"");
    ok(typed(h1, a) == 0 && typed(h2, b) == 0 && memcmp(h1, h2, 32) == 0,
        "int8 -1 as a number and as the string -01");
    free(a);
    free(b);

    /* A non-empty domain needs its EIP712Domain entry; an empty one not. */
    a = bmalloc(256);
    snprintf(a, 256, "{\"types\":{\"T\":[]},\"primaryType\":\"T\","
        "\"domain\":{\"chainId\":1},\"message\":{}}");
    b = bmalloc(256);
    snprintf(b, 256, "{\"types\":{\"EIP712Domain\":[{\"name\":\"chainId\","
        "\"type\":\"uint256\"}],\"T\":[]},\"primaryType\":\"T\","
        "\"domain\":{\"chainId\":1},\"message\":{}}");
    ok(typed(h1, a) == DUET_ERR_INVALID_ARGUMENT && typed(h2, b) == 0,
        "a domain with chainId needs EIP712Domain in types");
    free(a);
    free(b);
}


/* Every duet_alloc in the JSON paths fails cleanly in turn. */
static void
test_alloc_failures(void)
{
    const char *json = eth_typed_vectors[NELEM(eth_typed_vectors) - 1].json;
    const char *txj = eth_tx_vectors[1].json;
    uint8_t hash[32], out[512];
    size_t out_len;
    unsigned long n;
    int res, bad = 0;

    for (n = 1; n < 64; n++) {
        duet_mem_test_fail_alloc(n);
        res = typed(hash, json);
        duet_mem_test_fail_alloc(0);
        if (res == 0) {
            break;
        }
        bad += res != DUET_ERR_NO_MEMORY;
    }
    ok(bad == 0 && n > 1 && n < 64,
        "typed data: allocations 1..%lu fail with NO_MEMORY", n - 1);

    bad = 0;
    for (n = 1; n < 64; n++) {
        duet_mem_test_fail_alloc(n);
        out_len = sizeof(out);
        res = duet_eth_tx_from_json(out, &out_len, txj, strlen(txj));
        duet_mem_test_fail_alloc(0);
        if (res == 0) {
            break;
        }
        bad += res != DUET_ERR_NO_MEMORY || out_len != 0;
    }
    ok(bad == 0 && n > 1 && n < 64,
        "tx JSON: allocations 1..%lu fail with NO_MEMORY", n - 1);
}


/* Truncations and byte edits of every typed-data text. */
static void
test_typed_mutation(void)
{
    uint8_t hash[32], h2[32], *m;
    size_t i, k, len, bad, accepted;
    int res;

    for (i = 0; i < NELEM(eth_typed_vectors); i++) {
        const char *json = eth_typed_vectors[i].json;

        len = strlen(json);
        bad = 0;
        for (k = 0; k < len; k++) {
            m = exact_copy(json, k);
            if (duet_eth_typed_data_hash(hash, (const char *) m, k)
                != DUET_ERR_TRUNCATED)
            {
                bad++;
            }
            free(m);
        }
        ok(bad == 0, "typed %zu: every truncation is TRUNCATED", i);

        bad = accepted = 0;
        for (k = 0; k < 300; k++) {
            m = exact_copy(json, len);
            m[random_below(len)] = (uint8_t) random_below(256);
            res = duet_eth_typed_data_hash(hash, (const char *) m, len);
            if (res == 0) {
                accepted++;
                /* Deterministic: the same text, the same hash. */
                if (duet_eth_typed_data_hash(h2, (const char *) m, len) != 0
                    || memcmp(hash, h2, 32) != 0)
                {
                    bad++;
                }
            }
            free(m);
        }
        ok(bad == 0, "typed %zu: 300 edits, %zu accepted", i, accepted);
    }
}


/* Keys and addresses. */

static void
test_addresses(void)
{
    uint8_t *pub, *want, addr[20];
    char text[DUET_ETH_ADDRESS_TEXT_SIZE], lower[DUET_ETH_ADDRESS_TEXT_SIZE];
    size_t plen, alen, i, k;
    int res;

    for (i = 0; i < NELEM(eth_address_vectors); i++) {
        const struct eth_address_vector *t = &eth_address_vectors[i];

        pub = unhex(t->pubkey, &plen);
        want = unhex(t->address, &alen);
        res = duet_eth_address(addr, pub);
        ok(res == 0 && plen == 33 && memcmp(addr, want, 20) == 0,
            "address of %s", t->comment);
        res = duet_eth_address_checksum(text, addr);
        is_str(t->checksum, text, "EIP-55 form of %s", t->comment);
        free(pub);
        free(want);
    }

    for (i = 0; i < NELEM(eth_checksum_vectors); i++) {
        const struct eth_checksum_vector *t = &eth_checksum_vectors[i];

        want = unhex(t->address, &alen);
        res = duet_eth_address_checksum(text, want);
        ok(res == 0 && strcmp(text, t->checksum) == 0, "%s", t->comment);
        memset(addr, 0xaa, sizeof(addr));
        res = duet_eth_address_parse(addr, t->checksum,
            strlen(t->checksum));
        ok(res == 0 && memcmp(addr, want, 20) == 0,
            "parse %s", t->checksum);
        /* All lower case and all upper case carry no checksum. */
        strcpy(lower, t->checksum);
        for (k = 2; lower[k] != '\0'; k++) {
            lower[k] = (char) (lower[k] >= 'A' && lower[k] <= 'F'
                ? lower[k] - 'A' + 'a' : lower[k]);
        }
        res = duet_eth_address_parse(addr, lower, strlen(lower));
        ok(res == 0 && memcmp(addr, want, 20) == 0, "parse %s", lower);
        for (k = 2; lower[k] != '\0'; k++) {
            lower[k] = (char) (lower[k] >= 'a' && lower[k] <= 'f'
                ? lower[k] - 'a' + 'A' : lower[k]);
        }
        res = duet_eth_address_parse(addr, lower, strlen(lower));
        ok(res == 0 && memcmp(addr, want, 20) == 0, "parse %s", lower);
        free(want);
    }

    for (i = 0; i < NELEM(eth_address_invalid_vectors); i++) {
        const struct eth_address_invalid_vector *t =
            &eth_address_invalid_vectors[i];
        uint8_t zero[20];

        memset(zero, 0, sizeof(zero));
        memset(addr, 0xaa, sizeof(addr));
        res = duet_eth_address_parse(addr, t->text, strlen(t->text));
        ok(res == DUET_ERR_BAD_ENCODING && memcmp(addr, zero, 20) == 0,
            "parse refuses %s: %s", t->comment, errname(res));
    }

    /* Public keys that have no address. */
    {
        uint8_t key[33], zero[20];

        memset(zero, 0, sizeof(zero));
        pub = unhex(eth_address_vectors[0].pubkey, &plen);
        memcpy(key, pub, 33);
        key[0] = 0x04;
        res = duet_eth_address(addr, key);
        ok(res == DUET_ERR_BAD_ENCODING && memcmp(addr, zero, 20) == 0,
            "prefix 0x04 refused: %s", errname(res));
        memset(key, 0, sizeof(key));
        ok(duet_eth_address(addr, key) == DUET_ERR_INFINITY,
            "33 zero bytes (infinity) refused");
        memset(key, 0xff, sizeof(key));
        key[0] = 0x02;
        ok(duet_eth_address(addr, key) == DUET_ERR_NON_CANONICAL,
            "x >= p refused");
        memset(key, 0, sizeof(key));
        key[0] = 0x02;
        key[32] = 5;
        ok(duet_eth_address(addr, key) == DUET_ERR_BAD_ENCODING,
            "x = 5 (not on the curve) refused");
        free(pub);
    }
}


static void
test_v(void)
{
    static const struct {
        int kind, recid;
        uint64_t chain_id;
        int err;
        uint64_t v;
    } cases[] = {
        { DUET_ETH_V_MESSAGE, 0, 0, 0, 27 },
        { DUET_ETH_V_MESSAGE, 1, 5, 0, 28 },
        { DUET_ETH_V_MESSAGE, 2, 0, 0, 29 },
        { DUET_ETH_V_MESSAGE, 3, 0, 0, 30 },
        { DUET_ETH_V_EIP155, 0, 1, 0, 37 },
        { DUET_ETH_V_EIP155, 1, 1, 0, 38 },
        { DUET_ETH_V_EIP155, 1, 137, 0, 310 },
        { DUET_ETH_V_EIP155, 1, DUET_ETH_LEGACY_CHAIN_ID_MAX, 0,
            UINT64_MAX - 1 },
        { DUET_ETH_V_EIP155, 0, DUET_ETH_LEGACY_CHAIN_ID_MAX + 1,
            DUET_ERR_LIMIT_EXCEEDED, 0 },
        { DUET_ETH_V_EIP155, 0, UINT64_MAX, DUET_ERR_LIMIT_EXCEEDED, 0 },
        { DUET_ETH_V_EIP155, 0, 0, DUET_ERR_UNSUPPORTED, 0 },
        { DUET_ETH_V_EIP155, 2, 1, DUET_ERR_UNSUPPORTED, 0 },
        { DUET_ETH_V_EIP155, 3, 1, DUET_ERR_UNSUPPORTED, 0 },
        { DUET_ETH_V_TYPED, 0, 1, 0, 0 },
        { DUET_ETH_V_TYPED, 1, 0, 0, 1 },
        { DUET_ETH_V_TYPED, 2, 1, DUET_ERR_UNSUPPORTED, 0 },
        { DUET_ETH_V_TYPED, 3, 1, DUET_ERR_UNSUPPORTED, 0 },
    };
    uint64_t v;
    size_t i;
    int res;

    for (i = 0; i < NELEM(cases); i++) {
        v = 12345;
        res = duet_eth_v(&v, cases[i].kind, cases[i].recid,
            cases[i].chain_id);
        ok(res == cases[i].err && v == cases[i].v,
            "v: kind %d, recid %d, chain %llu: %s, %llu", cases[i].kind,
            cases[i].recid, (unsigned long long) cases[i].chain_id,
            errname(res), (unsigned long long) v);
    }
}


static void
test_illegal(void)
{
    uint8_t hash[32], out[8], addr[20], key[33], one[32];
    char text[DUET_ETH_ADDRESS_TEXT_SIZE];
    size_t out_len = sizeof(out);
    uint64_t v;

    memset(one, 1, sizeof(one));
    memset(key, 2, sizeof(key));
    CHECK_ILLEGAL(duet_eth_tx_sighash(NULL, NULL, NULL, one, 1),
        "sighash hash NULL");
    CHECK_ILLEGAL(duet_eth_tx_sighash(hash, NULL, NULL, NULL, 1),
        "sighash tx NULL with len 1");
    CHECK_ILLEGAL(duet_eth_tx_encode_signed(out, NULL, one, 1, one, one, 0),
        "encode_signed out_len NULL");
    CHECK_ILLEGAL(duet_eth_tx_encode_signed(NULL, &out_len, one, 1, one,
        one, 0), "encode_signed out NULL with room");
    CHECK_ILLEGAL(duet_eth_tx_encode_signed(out, &out_len, NULL, 1, one,
        one, 0), "encode_signed tx NULL");
    CHECK_ILLEGAL(duet_eth_tx_encode_signed(out, &out_len, one, 1, NULL,
        one, 0), "encode_signed r NULL");
    CHECK_ILLEGAL(duet_eth_tx_encode_signed(out, &out_len, one, 1, one,
        NULL, 0), "encode_signed s NULL");
    CHECK_ILLEGAL(duet_eth_tx_encode_signed(out, &out_len, one, 1, one,
        one, 4), "encode_signed recid 4");
    CHECK_ILLEGAL(duet_eth_tx_encode_signed(out, &out_len, one, 1, one,
        one, -1), "encode_signed recid -1");
    CHECK_ILLEGAL(duet_eth_tx_from_json(out, NULL, "{}", 2),
        "from_json out_len NULL");
    CHECK_ILLEGAL(duet_eth_tx_from_json(NULL, &out_len, "{}", 2),
        "from_json out NULL with room");
    CHECK_ILLEGAL(duet_eth_tx_from_json(out, &out_len, NULL, 2),
        "from_json json NULL");
    CHECK_ILLEGAL(duet_eth_personal_hash(NULL, one, 1), "personal hash NULL");
    CHECK_ILLEGAL(duet_eth_personal_hash(hash, NULL, 1),
        "personal msg NULL with len 1");
    CHECK_ILLEGAL(duet_eth_typed_data_hash(NULL, "{}", 2), "typed hash NULL");
    CHECK_ILLEGAL(duet_eth_typed_data_hash(hash, NULL, 2), "typed json NULL");
    CHECK_ILLEGAL(duet_eth_address(NULL, key), "address addr NULL");
    CHECK_ILLEGAL(duet_eth_address(addr, NULL), "address pubkey NULL");
    CHECK_ILLEGAL(duet_eth_address_checksum(NULL, addr), "checksum out NULL");
    CHECK_ILLEGAL(duet_eth_address_checksum(text, NULL),
        "checksum addr NULL");
    CHECK_ILLEGAL(duet_eth_address_parse(NULL, "0x", 2), "parse addr NULL");
    CHECK_ILLEGAL(duet_eth_address_parse(addr, NULL, 2), "parse text NULL");
    CHECK_ILLEGAL(duet_eth_v(NULL, DUET_ETH_V_TYPED, 0, 1), "v NULL");
    CHECK_ILLEGAL(duet_eth_v(&v, 3, 0, 1), "v kind 3");
    CHECK_ILLEGAL(duet_eth_v(&v, DUET_ETH_V_MESSAGE, 4, 1), "v recid 4");
    CHECK_ILLEGAL(duet_eth_v(&v, DUET_ETH_V_MESSAGE, -1, 1), "v recid -1");
    ok(out_len == sizeof(out), "misuse leaves outputs alone");
}


int
main(int argc, char **argv)
{
    tap_init(argc, argv);
    plan_lazy();
    duet_rand_test_seed(tap_seed());
    duet_set_illegal_callback(counting_illegal, &illegal_count);
    if (duet_init() != 0) {
        bail("duet_init failed");
    }
    diag("vectors from ethers %s", ETH_VECTORS_ETHERS);

    test_tx_vectors();
    test_tx_signature_range();
    test_tx_invalid();
    test_tx_json_invalid();
    test_tx_limits();
    test_tx_mutation();
    test_tx_json_mutation();

    test_personal();
    test_typed();
    test_typed_invalid();
    test_json_rules();
    test_typed_mutation();
    test_alloc_failures();

    test_addresses();
    test_v();
    test_illegal();

    return 0;
}
