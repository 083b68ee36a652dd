/*
 * transcript-t.c -- tests for crypto/src/transcript.
 *
 * - The construction is pinned: the test builds the documented encoding
 *   and stream by hand and compares digests and stream bytes, and replays
 *   the samplers' rejection rules on raw stream bytes.
 * - Injectivity (spec 6.3, "hash-ambiguity collisions must be
 *   impossible"): pairs of field sequences that naive concatenation would
 *   merge give different digests and challenges; each header field
 *   changes the challenge; equal values in canonical form agree.
 * - Samplers stay in range and reach both ends of small analogues of the
 *   +-q and +-2^ell ranges; Z*_N draws are units; correction C1: over 1000
 *   transcripts every one of 128 Pi^prm bit positions takes both values.
 * - State rules and sticky errors.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gmp.h>
#include <openssl/evp.h>

#include "basic.h"
#include "duet.h"
#include "duet_util.h"
#include "curve/curve.h"
#include "transcript/transcript.h"
#include "util/mem.h"
#include "util/rand.h"

#define G_HEX \
    "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"

/* One absorb call, for table-driven transcripts. */
enum op_kind {
    OP_BYTES,           /* data, len */
    OP_U64,             /* u */
    OP_BN,              /* the integer with magnitude data, through mpz */
    OP_BN_BYTES,        /* data, len through absorb_bn_bytes */
    OP_SBN,             /* (neg ? -1 : 1) * magnitude data, through mpz */
    OP_SCALAR,          /* u as a scalar */
    OP_POINT            /* u*G (u = 0: infinity) */
};

struct op {
    enum op_kind kind;
    uint16_t id;
    const char *data;
    size_t len;
    uint64_t u;
    int neg;
};

struct header {
    const char *tag;
    uint32_t version;
    const uint8_t *sid;
    size_t sid_len;
    uint16_t prover;
    uint32_t disc;
};

#define BYTES(id, s)    { OP_BYTES, (id), (s), sizeof(s) - 1, 0, 0 }
#define U64(id, v)      { OP_U64, (id), NULL, 0, (v), 0 }
#define BN(id, s)       { OP_BN, (id), (s), sizeof(s) - 1, 0, 0 }
#define BNB(id, s)      { OP_BN_BYTES, (id), (s), sizeof(s) - 1, 0, 0 }
#define SBN(id, s, n)   { OP_SBN, (id), (s), sizeof(s) - 1, 0, (n) }
#define SCALAR(id, v)   { OP_SCALAR, (id), NULL, 0, (v), 0 }
#define POINT(id, k)    { OP_POINT, (id), NULL, 0, (k), 0 }

#define NOPS(a)         (sizeof(a) / sizeof((a)[0]))

static uint8_t sid_a[32];
static const struct header hdr_a = {
    "duet.test.proof", 1, sid_a, sizeof(sid_a), 1, 0
};


static void
unhex(uint8_t *out, size_t n, const char *hex)
{
    size_t len = 0;

    if (duet_hex_decode(out, n, &len, hex, strlen(hex)) != 0 || len != n) {
        bail("bad hex in the test: %s", hex);
    }
}


static void
sha256_ref(uint8_t out[32], const uint8_t *in, size_t len)
{
    unsigned int n = 0;

    if (EVP_Digest(in, len, out, &n, EVP_sha256(), NULL) != 1 || n != 32) {
        bail("reference SHA-256");
    }
}


static int
start(struct duet_transcript *t, const struct header *h)
{
    return duet_transcript_init(t, h->tag, h->version, h->sid, h->sid_len,
        h->prover, h->disc);
}


static int
apply(struct duet_transcript *t, const struct op *o)
{
    struct duet_scalar s;
    struct duet_point p;
    mpz_t x;
    int r = DUET_ERR_INTERNAL;

    mpz_init(x);
    switch (o->kind) {
    case OP_BYTES:
        r = duet_transcript_absorb_bytes(t, o->id, (const uint8_t *) o->data,
            o->len);
        break;
    case OP_U64:
        r = duet_transcript_absorb_u64(t, o->id, o->u);
        break;
    case OP_BN:
        if (o->len > 0) {
            mpz_import(x, o->len, 1, 1, 0, 0, o->data);
        }
        r = duet_transcript_absorb_bn(t, o->id, x);
        break;
    case OP_BN_BYTES:
        r = duet_transcript_absorb_bn_bytes(t, o->id,
            (const uint8_t *) o->data, o->len);
        break;
    case OP_SBN:
        if (o->len > 0) {
            mpz_import(x, o->len, 1, 1, 0, 0, o->data);
        }
        if (o->neg) {
            mpz_neg(x, x);
        }
        r = duet_transcript_absorb_sbn(t, o->id, x);
        break;
    case OP_SCALAR:
        duet_scalar_set_u64(&s, o->u);
        r = duet_transcript_absorb_scalar(t, o->id, &s);
        break;
    case OP_POINT:
        duet_scalar_set_u64(&s, o->u);
        if (duet_point_mul_gen(&p, &s) != 0) {
            bail("mul_gen");
        }
        r = duet_transcript_absorb_point(t, o->id, &p);
        break;
    }
    mpz_clear(x);
    return r;
}


/*
 * Run header + ops; give the digest and the first 32 challenge bytes.
 * Bails out on any error: these transcripts are all valid.
 */
static void
run(const struct header *h, const struct op *ops, size_t n,
    uint8_t digest[32], uint8_t chal[32])
{
    struct duet_transcript t;
    size_t i;

    if (start(&t, h) != 0) {
        bail("transcript_init");
    }
    for (i = 0; i < n; i++) {
        if (apply(&t, &ops[i]) != 0) {
            bail("absorb op %zu", i);
        }
    }
    if (duet_transcript_digest(&t, digest) != 0
        || duet_transcript_challenge_bytes(&t, chal, 32) != 0)
    {
        bail("digest/challenge");
    }
    duet_transcript_clear(&t);
}


/* Returns: 1 if the two transcripts differ in digest AND challenge. */
static int
differ(const struct header *ha, const struct op *a, size_t na,
    const struct header *hb, const struct op *b, size_t nb)
{
    uint8_t da[32], ca[32], db[32], cb[32];

    run(ha, a, na, da, ca);
    run(hb, b, nb, db, cb);
    return memcmp(da, db, 32) != 0 && memcmp(ca, cb, 32) != 0;
}


static int
same(const struct header *ha, const struct op *a, size_t na,
    const struct header *hb, const struct op *b, size_t nb)
{
    uint8_t da[32], ca[32], db[32], cb[32];

    run(ha, a, na, da, ca);
    run(hb, b, nb, db, cb);
    return memcmp(da, db, 32) == 0 && memcmp(ca, cb, 32) == 0;
}


/* The documented encoding, rebuilt by hand. */
static void
test_pinned_construction(void)
{
    static const char enc_hex[] =
        "0000000a" "647565742e66732e7631"            /* "duet.fs.v1" */
        "00000009" "647565742e74657374"             /* "duet.test" */
        "00000007"                                  /* version */
        "00000020"
        "1111111111111111111111111111111111111111111111111111111111111111"
        "0002"                                      /* prover */
        "00000001"                                  /* discriminator */
        "0001" "01" "00000003" "616263"
        "0002" "02" "00000008" "0102030405060708"
        "0003" "03" "00000002" "0102"
        "0004" "04" "00000002" "0105"
        "0005" "05" "00000020"
        "0000000000000000000000000000000000000000000000000000000000000001"
        "0006" "06" "00000021" G_HEX
        "0007" "06" "00000021"
        "000000000000000000000000000000000000000000000000000000000000000000"
        "0008" "03" "00000000"
        "0009" "04" "00000001" "00"
        "000a" "03" "00000001" "05"
        "ffff" "ff" "00000008" "000000000000000a";
    static const struct op ops[] = {
        BYTES(1, "abc"),
        U64(2, UINT64_C(0x0102030405060708)),
        BN(3, "\x01\x02"),
        SBN(4, "\x05", 1),
        SCALAR(5, 1),
        POINT(6, 1),
        POINT(7, 0),
        BN(8, ""),
        SBN(9, "", 1),
        BNB(10, "\x00\x00\x05"),
    };
    uint8_t sid[32], enc[sizeof(enc_hex) / 2], seed[32], digest[32];
    uint8_t msg[4 + 17 + 8 + 32], expect[96], got[96], chal[32];
    struct header h = { "duet.test", 7, sid, sizeof(sid), 2, 1 };
    struct duet_transcript t;
    size_t i;
    int k;

    memset(sid, 0x11, sizeof(sid));
    unhex(enc, sizeof(enc), enc_hex);
    sha256_ref(seed, enc, sizeof(enc));
    for (k = 0; k < 3; k++) {
        memcpy(msg, "\x00\x00\x00\x11" "duet.fs.stream.v1", 21);
        memset(msg + 21, 0, 8);
        msg[28] = (uint8_t) k;
        memcpy(msg + 29, seed, 32);
        sha256_ref(expect + 32 * k, msg, sizeof(msg));
    }

    is_int(0, start(&t, &h), "init");
    for (i = 0; i < NOPS(ops); i++) {
        if (apply(&t, &ops[i]) != 0) {
            bail("absorb");
        }
    }
    is_int(0, duet_transcript_digest(&t, digest), "digest");
    is_blob(seed, digest, 32, "digest = SHA-256 of the documented encoding");
    /* Split reads see one continuous stream. */
    is_int(0, duet_transcript_challenge_bytes(&t, got, 10), "10 bytes");
    is_int(0, duet_transcript_challenge_bytes(&t, got + 10, 0), "0 bytes");
    is_int(0, duet_transcript_challenge_bytes(&t, got + 10, 45), "45 more");
    is_int(0, duet_transcript_challenge_bytes(&t, got + 55, 41), "41 more");
    is_blob(expect, got, 96, "stream = block_0 || block_1 || block_2 as "
        "documented");
    is_int(0, duet_transcript_digest(&t, digest), "digest again");
    is_blob(seed, digest, 32, "the digest does not move the stream");
    duet_transcript_clear(&t);

    run(&h, ops, NOPS(ops), digest, chal);
    is_blob(expect, chal, 32, "determinism: same input, same challenge");
}


/* Replay each sampler's rejection rule on raw stream bytes. */
static void
test_pinned_samplers(void)
{
    struct duet_transcript t, raw;
    struct duet_scalar s, s_ref;
    uint8_t b[64], bits[2];
    mpz_t x, n, ref, pow;
    size_t off;
    int v, i;

    mpz_inits(x, n, ref, pow, NULL);

    /* pm(5): 3-bit draws (bytes & 7) until < 5, minus 2. */
    if (start(&t, &hdr_a) != 0 || start(&raw, &hdr_a) != 0
        || duet_transcript_challenge_bytes(&raw, b, sizeof(b)) != 0)
    {
        bail("setup");
    }
    mpz_set_ui(n, 5);
    for (i = 0, off = 0; i < 10; i++) {
        while ((v = b[off++] & 7) >= 5) {
            continue;
        }
        if (duet_transcript_challenge_pm(&t, x, n) != 0
            || mpz_cmp_si(x, v - 2) != 0)
        {
            break;
        }
    }
    is_int(10, i, "pm(5) draws replay from the raw stream (%zu bytes)", off);
    duet_transcript_clear(&t);
    duet_transcript_clear(&raw);

    /* unit(15): 4-bit draws until a unit. */
    if (start(&t, &hdr_a) != 0 || start(&raw, &hdr_a) != 0
        || duet_transcript_challenge_bytes(&raw, b, sizeof(b)) != 0)
    {
        bail("setup");
    }
    mpz_set_ui(n, 15);
    for (i = 0, off = 0; i < 10; i++) {
        do {
            v = b[off++] & 15;
        } while (v == 0 || v % 3 == 0 || v % 5 == 0);
        if (duet_transcript_challenge_unit(&t, x, n) != 0
            || mpz_cmp_si(x, v) != 0)
        {
            break;
        }
    }
    is_int(10, i, "unit(15) draws replay from the raw stream");
    duet_transcript_clear(&t);
    duet_transcript_clear(&raw);

    /* scalar: the first 32-byte block below q. */
    if (start(&t, &hdr_a) != 0 || start(&raw, &hdr_a) != 0
        || duet_transcript_challenge_bytes(&raw, b, 32) != 0)
    {
        bail("setup");
    }
    is_int(0, duet_transcript_challenge_scalar(&t, &s), "challenge_scalar");
    ok(duet_scalar_from_bytes(&s_ref, b) == 0 && duet_scalar_eq(&s, &s_ref),
        "a scalar challenge is the first 32 stream bytes (when < q)");
    duet_transcript_clear(&t);
    duet_transcript_clear(&raw);

    /* bits(12): two stream bytes, the top nibble of the second cleared. */
    if (start(&t, &hdr_a) != 0 || start(&raw, &hdr_a) != 0
        || duet_transcript_challenge_bytes(&raw, b, 2) != 0)
    {
        bail("setup");
    }
    is_int(0, duet_transcript_challenge_bits(&t, bits, 12), "bits(12)");
    ok(bits[0] == b[0] && bits[1] == (b[1] & 0x0f),
        "bits are the stream bits, unused high bits cleared");
    duet_transcript_clear(&t);
    duet_transcript_clear(&raw);

    /* pm_q is pm(q); pm_pow2(k) is pm(2^k). */
    if (start(&t, &hdr_a) != 0 || start(&raw, &hdr_a) != 0) {
        bail("setup");
    }
    duet_curve_order(n);
    mpz_setbit(pow, 256);
    for (i = 0; i < 20; i++) {
        if (duet_transcript_challenge_pm_q(&t, x) != 0
            || duet_transcript_challenge_pm(&raw, ref, n) != 0
            || mpz_cmp(x, ref) != 0)
        {
            break;
        }
        if (duet_transcript_challenge_pm_pow2(&t, x, 256) != 0
            || duet_transcript_challenge_pm(&raw, ref, pow) != 0
            || mpz_cmp(x, ref) != 0)
        {
            break;
        }
    }
    is_int(20, i, "pm_q = pm(q) and pm_pow2(256) = pm(2^256), interleaved");
    duet_transcript_clear(&t);
    duet_transcript_clear(&raw);

    mpz_clears(x, n, ref, pow, NULL);
}


static void
test_injectivity(void)
{
    static const struct op ab_c[] = { BYTES(1, "ab"), BYTES(1, "c") };
    static const struct op a_bc[] = { BYTES(1, "a"), BYTES(1, "bc") };
    static const struct op id1[] = { BYTES(1, "x") };
    static const struct op id2[] = { BYTES(2, "x") };
    static const struct op by8[] = { BYTES(1, "\x00\x01\x02\x03\x04\x05"
        "\x06\x07") };
    static const struct op u64[] = { U64(1, UINT64_C(0x0001020304050607)) };
    static const struct op by05z[] = { BYTES(1, "\x00\x05") };
    static const struct op by05[] = { BYTES(1, "\x05") };
    static const struct op bn5[] = { BN(1, "\x05") };
    static const struct op bn5b[] = { BNB(1, "\x05") };
    static const struct op bn5bz[] = { BNB(1, "\x00\x00\x05") };
    static const struct op bn0105[] = { BN(1, "\x01\x05") };
    static const struct op bn01_05[] = { BN(1, "\x01"), BN(1, "\x05") };
    static const struct op sbn5p[] = { SBN(1, "\x05", 0) };
    static const struct op sbn5n[] = { SBN(1, "\x05", 1) };
    static const struct op sbn0[] = { SBN(1, "", 0) };
    static const struct op bn0[] = { BN(1, "") };
    static const struct op empty[] = { BYTES(1, "") };
    static const struct op sc1[] = { SCALAR(1, 1) };
    static const struct op bn1[] = { BN(1, "\x01") };
    static const struct op inf[] = { POINT(1, 0) };
    static const struct op z33[] = { BYTES(1,
        "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
        "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
        "\x00") };
    static const struct op g[] = { POINT(1, 1) };
    static const struct op gbytes[] = { BYTES(1,
        "\x02\x79\xbe\x66\x7e\xf9\xdc\xbb\xac\x55\xa0\x62\x95\xce\x87\x0b"
        "\x07\x02\x9b\xfc\xdb\x2d\xce\x28\xd9\x59\xf2\x81\x5b\x16\xf8\x17"
        "\x98") };
    static const struct op order1[] = { BYTES(1, "a"), BYTES(2, "b") };
    static const struct op order2[] = { BYTES(2, "b"), BYTES(1, "a") };
    /*
     * Fields whose bytes embed a field header: [a || hdr || b, c] and
     * [a, b || hdr || c] agree everywhere except in the lengths, so they
     * catch a length that is missing or wrong (hdr = id 1, BYTES, length
     * 1 or 0).
     */
    static const struct op emb1a[] = { BYTES(1,
        "a\x00\x01\x01\x00\x00\x00\x01" "b"), BYTES(1, "c") };
    static const struct op emb1b[] = { BYTES(1, "a"), BYTES(1,
        "b\x00\x01\x01\x00\x00\x00\x01" "c") };
    static const struct op emb0a[] = { BYTES(1,
        "a\x00\x01\x01\x00\x00\x00\x00" "b"), BYTES(1, "c") };
    static const struct op emb0b[] = { BYTES(1, "a"), BYTES(1,
        "b\x00\x01\x01\x00\x00\x00\x00" "c") };
    /* The same with different field counts: the end marker's count. */
    static const struct op a_b[] = { BYTES(1, "a"), BYTES(1, "b") };

    ok(differ(&hdr_a, ab_c, 2, &hdr_a, a_bc, 2),
        "\"ab\" + \"c\" differs from \"a\" + \"bc\"");
    ok(differ(&hdr_a, id1, 1, &hdr_a, id2, 1), "field ids are bound");
    ok(differ(&hdr_a, by8, 1, &hdr_a, u64, 1),
        "types are bound: 8 BYTES vs a U64 of the same bytes");
    ok(differ(&hdr_a, by05z, 1, &hdr_a, bn5, 1),
        "bytes 00 05 (leading zero) vs the integer 5");
    ok(differ(&hdr_a, by05z, 1, &hdr_a, by05, 1),
        "bytes with vs without a leading zero");
    ok(differ(&hdr_a, by05, 1, &hdr_a, bn5, 1),
        "bytes 05 vs the integer 5 (type)");
    ok(differ(&hdr_a, bn0105, 1, &hdr_a, bn01_05, 2),
        "integer 0x0105 vs integers 1, 5");
    ok(differ(&hdr_a, sbn5p, 1, &hdr_a, sbn5n, 1), "signed +5 vs -5");
    ok(differ(&hdr_a, sbn5p, 1, &hdr_a, bn5, 1), "signed +5 vs unsigned 5");
    ok(differ(&hdr_a, sbn0, 1, &hdr_a, bn0, 1), "signed 0 vs unsigned 0");
    ok(differ(&hdr_a, empty, 1, &hdr_a, NULL, 0), "empty field vs absent");
    ok(differ(&hdr_a, bn0, 1, &hdr_a, NULL, 0), "integer 0 vs absent");
    ok(differ(&hdr_a, sc1, 1, &hdr_a, bn1, 1), "scalar 1 vs integer 1");
    ok(differ(&hdr_a, inf, 1, &hdr_a, z33, 1),
        "point at infinity vs 33 zero bytes");
    ok(differ(&hdr_a, g, 1, &hdr_a, gbytes, 1), "point G vs G's bytes");
    ok(differ(&hdr_a, order1, 2, &hdr_a, order2, 2), "field order is bound");
    ok(differ(&hdr_a, emb1a, 2, &hdr_a, emb1b, 2),
        "fields embedding a field header (length 1) at different places");
    ok(differ(&hdr_a, emb0a, 2, &hdr_a, emb0b, 2),
        "fields embedding a field header (length 0) at different places");
    ok(differ(&hdr_a, emb0a, 1, &hdr_a, a_b, 2),
        "one field embedding a header vs two fields");

    /* Canonical integers: the same value absorbs the same. */
    ok(same(&hdr_a, bn5, 1, &hdr_a, bn5b, 1),
        "integer 5 via mpz and via bytes agree");
    ok(same(&hdr_a, bn5, 1, &hdr_a, bn5bz, 1),
        "integer 5 with leading zero bytes is still 5");
    ok(same(&hdr_a, ab_c, 2, &hdr_a, ab_c, 2), "determinism");
}


static void
test_header_binding(void)
{
    static const struct op ops[] = { BYTES(1, "statement"), U64(2, 42) };
    uint8_t sid_b[32], sid_long[33], sid16[16], sid17[17];
    struct header h;

    memcpy(sid_b, sid_a, 32);
    sid_b[31] ^= 0x01;
    memcpy(sid_long, sid_a, 32);
    sid_long[32] = 0;

    h = hdr_a;
    h.tag = "duet.test.proog";
    ok(differ(&hdr_a, ops, 2, &h, ops, 2), "the tag is bound");
    h = hdr_a;
    h.version = 2;
    ok(differ(&hdr_a, ops, 2, &h, ops, 2), "the version is bound");
    h = hdr_a;
    h.sid = sid_b;
    ok(differ(&hdr_a, ops, 2, &h, ops, 2), "the sid is bound (one bit)");
    h = hdr_a;
    h.sid = sid_long;
    h.sid_len = sizeof(sid_long);
    ok(differ(&hdr_a, ops, 2, &h, ops, 2),
        "the sid's length is bound (a trailing zero byte)");
    h = hdr_a;
    h.prover = 2;
    ok(differ(&hdr_a, ops, 2, &h, ops, 2), "the prover index is bound");
    h = hdr_a;
    h.disc = 1;
    ok(differ(&hdr_a, ops, 2, &h, ops, 2), "the discriminator is bound");

    /* "tagX" || S  vs  "tag" || ("X" || S): equal under concatenation. */
    {
        struct header h1, h2;

        memset(sid16, 0x42, sizeof(sid16));
        sid17[0] = 'X';
        memcpy(sid17 + 1, sid16, sizeof(sid16));
        h1 = hdr_a;
        h1.tag = "tagX";
        h1.sid = sid16;
        h1.sid_len = sizeof(sid16);
        h2 = hdr_a;
        h2.tag = "tag";
        h2.sid = sid17;
        h2.sid_len = sizeof(sid17);
        ok(differ(&h1, ops, 2, &h2, ops, 2),
            "the tag/sid boundary is bound");
    }
}


static void
test_samplers_range(void)
{
    struct duet_transcript t;
    mpz_t x, n, q, half, lim;
    unsigned long hit[9], bad, neg, pos, big;
    int i, v, all;

    mpz_inits(x, n, q, half, lim, NULL);
    if (start(&t, &hdr_a) != 0) {
        bail("init");
    }

    /* Small analogues: X = 5, 4 (even: boundary included, C9), 2^3. */
    mpz_set_ui(n, 5);
    memset(hit, 0, sizeof(hit));
    for (bad = 0, i = 0; i < 2000; i++) {
        if (duet_transcript_challenge_pm(&t, x, n) != 0
            || mpz_cmp_si(x, -2) < 0 || mpz_cmp_si(x, 2) > 0)
        {
            bad++;
            continue;
        }
        hit[mpz_get_si(x) + 2]++;
    }
    is_int(0, (long long) bad, "pm(5): 2000 draws in [-2, 2]");
    for (all = 1, v = 0; v < 5; v++) {
        all &= hit[v] > 300 && hit[v] < 500;
    }
    ok(all, "pm(5): every value, both boundaries, about 400 times each "
        "(%lu %lu %lu %lu %lu)", hit[0], hit[1], hit[2], hit[3], hit[4]);

    mpz_set_ui(n, 4);
    memset(hit, 0, sizeof(hit));
    for (bad = 0, i = 0; i < 1000; i++) {
        if (duet_transcript_challenge_pm(&t, x, n) != 0
            || mpz_cmp_si(x, -2) < 0 || mpz_cmp_si(x, 2) > 0)
        {
            bad++;
            continue;
        }
        hit[mpz_get_si(x) + 2]++;
    }
    ok(bad == 0 && hit[0] > 0 && hit[4] > 0 && hit[1] > 0 && hit[3] > 0
        && hit[2] > 0, "pm(4) covers [-2, 2], X/2 included");

    memset(hit, 0, sizeof(hit));
    for (bad = 0, i = 0; i < 2000; i++) {
        if (duet_transcript_challenge_pm_pow2(&t, x, 3) != 0
            || mpz_cmp_si(x, -4) < 0 || mpz_cmp_si(x, 4) > 0)
        {
            bad++;
            continue;
        }
        hit[mpz_get_si(x) + 4]++;
    }
    for (all = 1, v = 0; v < 9; v++) {
        all &= hit[v] > 0;
    }
    ok(bad == 0 && all, "pm_pow2(3): 2000 draws cover [-4, 4] exactly");

    mpz_set_ui(n, 1);
    for (bad = 0, i = 0; i < 50; i++) {
        bad += duet_transcript_challenge_below(&t, x, n) != 0
            || mpz_sgn(x) != 0;
    }
    is_int(0, (long long) bad, "below(1) is always 0");

    /* The real +-q: range, both signs, and the upper half reached. */
    duet_curve_order(q);
    mpz_fdiv_q_2exp(half, q, 1);          /* (q - 1) / 2 */
    mpz_fdiv_q_2exp(lim, q, 2);           /* ~ q / 4 */
    for (bad = neg = pos = big = 0, i = 0; i < 1000; i++) {
        if (duet_transcript_challenge_pm_q(&t, x) != 0
            || mpz_cmpabs(x, half) > 0)
        {
            bad++;
            continue;
        }
        neg += mpz_sgn(x) < 0;
        pos += mpz_sgn(x) > 0;
        big += mpz_cmpabs(x, lim) > 0;
    }
    is_int(0, (long long) bad, "pm_q: 1000 draws with |e| <= (q - 1)/2");
    ok(neg > 400 && pos > 400 && big > 400,
        "pm_q: %lu negative, %lu positive, %lu with |e| > q/4", neg, pos,
        big);

    /* +-2^ell, ell = 256, for Pi^fac. */
    mpz_set_ui(lim, 0);
    mpz_setbit(lim, 255);
    for (bad = neg = pos = big = 0, i = 0; i < 500; i++) {
        if (duet_transcript_challenge_pm_pow2(&t, x, 256) != 0
            || mpz_cmpabs(x, lim) > 0)
        {
            bad++;
            continue;
        }
        neg += mpz_sgn(x) < 0;
        pos += mpz_sgn(x) > 0;
        big += mpz_sizeinbase(x, 2) == 255;
    }
    is_int(0, (long long) bad, "pm_pow2(256): |e| <= 2^255");
    ok(neg > 150 && pos > 150 && big > 100,
        "pm_pow2(256): %lu negative, %lu positive, %lu of 255 bits", neg,
        pos, big);

    duet_transcript_clear(&t);
    mpz_clears(x, n, q, half, lim, NULL);
}


static void
test_scalar_and_units(void)
{
    struct duet_transcript t;
    struct duet_scalar s[100];
    gmp_randstate_t rs;
    mpz_t y[128], n, g;
    unsigned long bad = 0, dup = 0;
    int i, j;

    mpz_inits(n, g, NULL);
    gmp_randinit_default(rs);
    gmp_randseed_ui(rs, (unsigned long) tap_seed());
    if (start(&t, &hdr_a) != 0) {
        bail("init");
    }

    for (i = 0; i < 100; i++) {
        bad += duet_transcript_challenge_scalar(&t, &s[i]) != 0;
        for (j = 0; j < i; j++) {
            dup += duet_scalar_eq(&s[i], &s[j]);
        }
    }
    ok(bad == 0 && dup == 0, "100 scalar challenges, canonical and distinct");

    /* A modulus with many small factors: units only, by rejection. */
    mpz_set_ui(n, 3UL * 5 * 7 * 11 * 13);
    for (bad = 0, i = 0; i < 3000; i++) {
        if (duet_transcript_challenge_unit(&t, g, n) != 0
            || mpz_sgn(g) <= 0 || mpz_cmp(g, n) >= 0)
        {
            bad++;
            continue;
        }
        mpz_gcd(g, g, n);
        bad += mpz_cmp_ui(g, 1) != 0;
    }
    is_int(0, (long long) bad, "Z*_15015: 3000 draws, all units");

    /* A 3072-bit N = 105 * odd: m = 128 draws, units, all distinct. */
    mpz_urandomb(n, rs, 3064);
    mpz_setbit(n, 3063);
    mpz_setbit(n, 0);
    mpz_mul_ui(n, n, 105);
    for (i = 0; i < 128; i++) {
        mpz_init(y[i]);
    }
    for (bad = dup = 0, i = 0; i < 128; i++) {
        if (duet_transcript_challenge_unit(&t, y[i], n) != 0) {
            bad++;
            continue;
        }
        mpz_gcd(g, y[i], n);
        bad += mpz_cmp_ui(g, 1) != 0 || mpz_cmp(y[i], n) >= 0;
        for (j = 0; j < i; j++) {
            dup += mpz_cmp(y[i], y[j]) == 0;
        }
    }
    ok(bad == 0 && dup == 0,
        "Pi^mod-like: 128 units mod a 3072-bit N, all distinct");
    for (i = 0; i < 128; i++) {
        mpz_clear(y[i]);
    }

    mpz_set_ui(n, 2);
    is_int(0, duet_transcript_challenge_unit(&t, g, n), "unit mod 2");
    ok(mpz_cmp_ui(g, 1) == 0, "is 1");

    duet_transcript_clear(&t);
    gmp_randclear(rs);
    mpz_clears(n, g, NULL);
}


/* Correction C1: 128 independent uniform bits for Pi^prm. */
static void
test_prm_bits(void)
{
    struct duet_transcript t;
    struct header h = hdr_a;
    uint8_t sid[32], bits[16], more[16];
    unsigned ones[128];
    unsigned long bad = 0, both = 0, band = 0, same_next = 0;
    int i, k;

    memset(ones, 0, sizeof(ones));
    h.sid = sid;
    for (i = 0; i < 1000; i++) {
        if (duet_random_bytes(sid, sizeof(sid)) != 0 || start(&t, &h) != 0
            || duet_transcript_absorb_u64(&t, 1, (uint64_t) i) != 0
            || duet_transcript_challenge_bits(&t, bits, 128) != 0
            || duet_transcript_challenge_bits(&t, more, 128) != 0)
        {
            bad++;
            duet_transcript_clear(&t);
            continue;
        }
        for (k = 0; k < 128; k++) {
            ones[k] += (bits[k / 8] >> (k % 8)) & 1;
        }
        same_next += memcmp(bits, more, sizeof(bits)) == 0;
        duet_transcript_clear(&t);
    }
    for (k = 0; k < 128; k++) {
        both += ones[k] > 0 && ones[k] < 1000;
        /* Binomial(1000, 1/2): mean 500, sd 15.8; 400..600 is > 6 sd. */
        band += ones[k] > 400 && ones[k] < 600;
    }
    is_int(0, (long long) bad, "1000 transcripts with random sids");
    is_int(128, (long long) both,
        "C1: every one of the 128 bit positions takes both values");
    is_int(128, (long long) band,
        "C1: every position is 1 in 400..600 of 1000 transcripts");
    is_int(0, (long long) same_next, "a second draw continues the stream");

    if (start(&t, &hdr_a) != 0) {
        bail("init");
    }
    memset(bits, 0xff, sizeof(bits));
    is_int(0, duet_transcript_challenge_bits(&t, bits, 5), "bits(5)");
    ok(bits[0] < 32 && bits[1] == 0xff,
        "bits(5) writes one byte, high bits clear");
    is_int(0, duet_transcript_challenge_bits(&t, bits, 0), "bits(0)");
    duet_transcript_clear(&t);
}


static void
test_states_and_errors(void)
{
    struct duet_transcript t;
    struct duet_scalar s;
    uint8_t sid[65], out[32], big[1026];
    char tag[257];
    mpz_t x, n;

    mpz_inits(x, n, NULL);
    memset(sid, 0x33, sizeof(sid));
    memset(tag, 'a', sizeof(tag));
    tag[256] = '\0';

    /* Not started. */
    memset(&t, 0, sizeof(t));
    is_int(DUET_ERR_BAD_STATE, duet_transcript_absorb_u64(&t, 1, 1),
        "absorb into a zeroed transcript");
    is_int(DUET_ERR_BAD_STATE, duet_transcript_digest(&t, out),
        "digest of a zeroed transcript");
    is_int(DUET_ERR_BAD_STATE, duet_transcript_challenge_pm_q(&t, x),
        "challenge of a zeroed transcript");
    is_int(DUET_ERR_BAD_STATE, duet_transcript_error(&t), "error()");
    duet_transcript_clear(&t);
    duet_transcript_clear(NULL);

    /* Header validation. */
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_transcript_init(&t, "", 1, sid,
        32, 0, 0), "empty tag");
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_transcript_init(&t, NULL, 1, sid,
        32, 0, 0), "NULL tag");
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_transcript_init(&t, tag, 1, sid,
        32, 0, 0), "256-character tag");
    is_int(DUET_ERR_BAD_STATE, duet_transcript_absorb_u64(&t, 1, 1),
        "a failed init leaves the transcript unstarted");
    is_int(0, duet_transcript_init(&t, tag + 1, 1, sid, 32, 0, 0),
        "255-character tag");
    duet_transcript_clear(&t);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_transcript_init(&t, "x", 1, NULL,
        32, 0, 0), "NULL sid");
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_transcript_init(&t, "x", 1, sid,
        0, 0, 0), "empty sid");
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_transcript_init(&t, "x", 1, sid,
        15, 0, 0), "15-byte sid");
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_transcript_init(&t, "x", 1, sid,
        65, 0, 0), "65-byte sid");
    is_int(0, duet_transcript_init(&t, "x", 1, sid, 16, 0, 0),
        "16-byte sid");
    duet_transcript_clear(&t);
    is_int(0, duet_transcript_init(&t, "x", 1, sid, 64, 0xffff, 0xffffffff),
        "64-byte sid, largest prover and discriminator");
    duet_transcript_clear(&t);

    /* Sticky errors. */
    if (start(&t, &hdr_a) != 0) {
        bail("init");
    }
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_transcript_absorb_u64(&t,
        DUET_TRANSCRIPT_FIELD_END, 1), "field id 0xffff is reserved");
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_transcript_absorb_u64(&t, 1, 1),
        "the error is sticky for absorbs");
    memset(out, 0x44, sizeof(out));
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_transcript_digest(&t, out),
        "and for the digest");
    ok(duet_ct_is_zero(out, sizeof(out)), "which zeroes its output");
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_transcript_challenge_scalar(&t,
        &s), "and for challenges");
    duet_transcript_clear(&t);

    if (start(&t, &hdr_a) != 0) {
        bail("init");
    }
    mpz_set_si(x, -3);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_transcript_absorb_bn(&t, 1, x),
        "absorb_bn of a negative value");
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_transcript_error(&t),
        "is sticky");
    duet_transcript_clear(&t);

    /* No absorbing once squeezing has begun. */
    if (start(&t, &hdr_a) != 0) {
        bail("init");
    }
    is_int(0, duet_transcript_challenge_bytes(&t, out, 4), "squeeze");
    is_int(DUET_ERR_BAD_STATE, duet_transcript_absorb_bytes(&t, 1, out, 4),
        "absorb after a challenge");
    is_int(DUET_ERR_BAD_STATE, duet_transcript_challenge_bytes(&t, out, 4),
        "poisons the transcript");
    duet_transcript_clear(&t);

    /* Size limits. */
    if (start(&t, &hdr_a) != 0) {
        bail("init");
    }
    mpz_set_ui(x, 0);
    mpz_setbit(x, 8 * 1024 - 1);
    is_int(0, duet_transcript_absorb_bn(&t, 1, x), "a 1024-byte integer");
    memset(big, 0, sizeof(big));
    big[1] = 1;
    is_int(0, duet_transcript_absorb_bn_bytes(&t, 1, big + 1, 1024),
        "1024 significant bytes via bytes");
    is_int(0, duet_transcript_absorb_bn_bytes(&t, 1, big, 1025),
        "1025 bytes with a leading zero");
    mpz_setbit(x, 8 * 1024);
    is_int(DUET_ERR_LIMIT_EXCEEDED, duet_transcript_absorb_sbn(&t, 1, x),
        "a 1025-byte integer is refused");
    duet_transcript_clear(&t);
    if (start(&t, &hdr_a) != 0) {
        bail("init");
    }
    big[0] = 1;
    is_int(DUET_ERR_LIMIT_EXCEEDED, duet_transcript_absorb_bn_bytes(&t, 1,
        big, 1025), "1025 significant bytes are refused");
    duet_transcript_clear(&t);

    if (start(&t, &hdr_a) != 0) {
        bail("init");
    }
    mpz_set_ui(n, 0);
    mpz_setbit(n, 8192);
    mpz_sub_ui(n, n, 1);
    is_int(0, duet_transcript_challenge_below(&t, x, n),
        "below(2^8192 - 1)");
    mpz_add_ui(n, n, 1);
    is_int(DUET_ERR_LIMIT_EXCEEDED, duet_transcript_challenge_below(&t, x, n),
        "below(2^8192) is over the limit");
    ok(mpz_sgn(x) == 0, "and outputs 0");
    duet_transcript_clear(&t);

    if (start(&t, &hdr_a) != 0) {
        bail("init");
    }
    mpz_set_ui(n, 0);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_transcript_challenge_pm(&t, x, n),
        "pm(0)");
    duet_transcript_clear(&t);
    if (start(&t, &hdr_a) != 0) {
        bail("init");
    }
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_transcript_challenge_pm_pow2(&t,
        x, 0), "pm_pow2(0)");
    duet_transcript_clear(&t);
    if (start(&t, &hdr_a) != 0) {
        bail("init");
    }
    mpz_set_ui(n, 1);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_transcript_challenge_unit(&t, x,
        n), "unit mod 1");
    duet_transcript_clear(&t);

    mpz_clears(x, n, NULL);
}


int
main(int argc, char **argv)
{
    tap_init(argc, argv);
    plan_lazy();
    duet_rand_test_seed(tap_seed());
    if (duet_init() != 0) {
        bail("duet_init");
    }
    if (duet_random_bytes(sid_a, sizeof(sid_a)) != 0) {
        bail("random_bytes");
    }

    test_pinned_construction();
    test_pinned_samplers();
    test_injectivity();
    test_header_binding();
    test_samplers_range();
    test_scalar_and_units();
    test_prm_bits();
    test_states_and_errors();

    return 0;
}
