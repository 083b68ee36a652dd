/*
 * curve.c -- secp256k1 scalars and points over libsecp256k1's public API.
 *
 * Scalar arithmetic goes through the seckey functions, which take only
 * non-zero canonical operands.  Zero is handled around them without
 * branches: a zero operand is swapped for one with a constant-time move,
 * the call is made, and the result is patched with further moves.  The
 * seckey functions' own verdicts are secret-dependent in general; where
 * this code knows they cannot fail it declassifies them before CHECKing.
 */

#include "config.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gmp.h>
#include <secp256k1.h>
#include <secp256k1_ecdh.h>

#include "duet.h"
#include "duet_util.h"
#include "bn/bn.h"
#include "codec/buf.h"
#include "curve/curve.h"
#include "util/check.h"
#include "util/checkmem.h"
#include "util/mem.h"
#include "util/rand.h"

/* Most functions need no precomputed tables: see curve.h. */
#define DUET_SECP_STATIC  secp256k1_context_static

/* Attempts of the rejection samplers before blaming the random source. */
#define DUET_SCALAR_RANDOM_TRIES  64

const uint8_t duet_curve_order_bytes[DUET_SCALAR_BYTES] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
    0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48, 0xa0, 0x3b,
    0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41
};

/* q - 2, the Fermat exponent for inversion. */
static const uint8_t duet_curve_order_minus_2[DUET_SCALAR_BYTES] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
    0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48, 0xa0, 0x3b,
    0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x3f
};

/* The field prime p: an x-coordinate must be below it. */
static const uint8_t duet_curve_field_prime[32] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xfe, 0xff, 0xff, 0xfc, 0x2f
};

static const uint8_t duet_scalar_zero_bytes[DUET_SCALAR_BYTES];

static const uint8_t duet_scalar_one_bytes[DUET_SCALAR_BYTES] = {
    [DUET_SCALAR_BYTES - 1] = 1
};

/* 2^248 (below q): the radix of duet_scalar_from_bytes_mod's chunks. */
static const uint8_t duet_scalar_r248_bytes[DUET_SCALAR_BYTES] = {
    [0] = 1
};

#define DUET_SCALAR_CHUNK  31

static const secp256k1_pubkey duet_pubkey_zero;

static pthread_once_t duet_curve_once = PTHREAD_ONCE_INIT;
static secp256k1_context *duet_curve_ctx;
static int duet_curve_ctx_err = DUET_ERR_INTERNAL;


/*
 * libsecp256k1 reports misuse and internal errors through callbacks that by
 * default print to stderr; crypto/ does no I/O, and either event is a bug.
 */
static void
duet_curve_abort(const char *message, void *data)
{
    (void) message;
    (void) data;
    abort();
}


static void
duet_curve_ctx_create(void)
{
    uint8_t seed[32];
    secp256k1_context *ctx = NULL;
    int r = DUET_ERR_INTERNAL;

    if ((ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE)) == NULL) {
        r = DUET_ERR_NO_MEMORY;
        goto out;
    }
    secp256k1_context_set_illegal_callback(ctx, duet_curve_abort, NULL);
    secp256k1_context_set_error_callback(ctx, duet_curve_abort, NULL);
    if ((r = duet_random_bytes_system(seed, sizeof(seed))) != 0) {
        goto out;
    }
    if (!secp256k1_context_randomize(ctx, seed)) {
        r = DUET_ERR_INTERNAL;
        goto out;
    }
    duet_curve_ctx = ctx;
    ctx = NULL;
    r = 0;

out:
    duet_memclear(seed, sizeof(seed));
    if (ctx != NULL) {
        secp256k1_context_destroy(ctx);
    }
    duet_curve_ctx_err = r;
}


int
duet_curve_context(const secp256k1_context **ctx)
{
    VERIFY_CHECK(ctx != NULL);

    *ctx = NULL;
    if (pthread_once(&duet_curve_once, duet_curve_ctx_create) != 0) {
        return DUET_ERR_INTERNAL;
    }
    if (duet_curve_ctx_err != 0) {
        return duet_curve_ctx_err;
    }
    *ctx = duet_curve_ctx;
    return 0;
}


void
duet_curve_order(mpz_t q)
{
    duet_bn_import(q, duet_curve_order_bytes, DUET_SCALAR_BYTES);
}


/* Scalars. */

/*
 * Returns: 1 if the 32-byte big-endian a < b, else 0, in constant time:
 * the borrow out of a - b.
 */
static int
duet_be32_lt(const uint8_t a[32], const uint8_t b[32])
{
    uint32_t borrow = 0;
    int i;

    for (i = 31; i >= 0; i--) {
        borrow = ((uint32_t) a[i] - (uint32_t) b[i] - borrow) >> 31;
    }
    return (int) borrow;
}


/* r = a * b for non-zero canonical a, b (r may alias either). */
static void
duet_sc_mul_nonzero(uint8_t r[32], const uint8_t a[32], const uint8_t b[32])
{
    uint8_t ta[32], tb[32];
    int ret;

    memcpy(ta, a, 32);
    memcpy(tb, b, 32);
    ret = secp256k1_ec_seckey_tweak_mul(DUET_SECP_STATIC, ta, tb);
    /* Both operands are valid seckeys, so the call cannot fail. */
    duet_declassify(&ret, sizeof(ret));
    CHECK(ret == 1);
    memcpy(r, ta, 32);
    duet_memclear(ta, sizeof(ta));
    duet_memclear(tb, sizeof(tb));
}


/* r = a * b mod q for any canonical a, b. */
static void
duet_sc_mul(uint8_t r[32], const uint8_t a[32], const uint8_t b[32])
{
    uint8_t ta[32], tb[32];
    int az, bz;

    az = duet_ct_is_zero(a, 32);
    bz = duet_ct_is_zero(b, 32);
    memcpy(ta, a, 32);
    memcpy(tb, b, 32);
    duet_ct_cmov(ta, duet_scalar_one_bytes, 32, az);
    duet_ct_cmov(tb, duet_scalar_one_bytes, 32, bz);
    duet_sc_mul_nonzero(ta, ta, tb);
    duet_ct_cmov(ta, duet_scalar_zero_bytes, 32, az | bz);
    memcpy(r, ta, 32);
    duet_memclear(ta, sizeof(ta));
    duet_memclear(tb, sizeof(tb));
}


/* r = a + b mod q for any canonical a, b. */
static void
duet_sc_add(uint8_t r[32], const uint8_t a[32], const uint8_t b[32])
{
    uint8_t ta[32], tb[32];
    int az, bz, ret;

    az = duet_ct_is_zero(a, 32);
    bz = duet_ct_is_zero(b, 32);
    memcpy(ta, a, 32);
    memcpy(tb, b, 32);
    duet_ct_cmov(ta, duet_scalar_one_bytes, 32, az);
    duet_ct_cmov(tb, duet_scalar_one_bytes, 32, bz);

    /*
     * With both operands valid the only failure is a zero sum, after which
     * ta is unspecified: set it to zero.  ret is secret (a == -b), so it
     * only steers a move.
     */
    ret = secp256k1_ec_seckey_tweak_add(DUET_SECP_STATIC, ta, tb);
    duet_ct_cmov(ta, duet_scalar_zero_bytes, 32, ret ^ 1);

    /* Undo the substitutions: 0 + b = b, a + 0 = a, 0 + 0 = 0. */
    duet_ct_cmov(ta, b, 32, az);
    duet_ct_cmov(ta, a, 32, bz);
    duet_ct_cmov(ta, duet_scalar_zero_bytes, 32, az & bz);
    memcpy(r, ta, 32);
    duet_memclear(ta, sizeof(ta));
    duet_memclear(tb, sizeof(tb));
}


/* r = -a mod q for any canonical a. */
static void
duet_sc_neg(uint8_t r[32], const uint8_t a[32])
{
    uint8_t ta[32];
    int az, ret;

    az = duet_ct_is_zero(a, 32);
    memcpy(ta, a, 32);
    duet_ct_cmov(ta, duet_scalar_one_bytes, 32, az);
    ret = secp256k1_ec_seckey_negate(DUET_SECP_STATIC, ta);
    duet_declassify(&ret, sizeof(ret));
    CHECK(ret == 1);
    duet_ct_cmov(ta, duet_scalar_zero_bytes, 32, az);
    memcpy(r, ta, 32);
    duet_memclear(ta, sizeof(ta));
}


int
duet_scalar_from_bytes(struct duet_scalar *s,
    const uint8_t in[DUET_SCALAR_BYTES])
{
    int lt;

    VERIFY_CHECK(s != NULL && in != NULL);

    lt = duet_be32_lt(in, duet_curve_order_bytes);
    memcpy(s->b, in, DUET_SCALAR_BYTES);
    duet_ct_cmov(s->b, duet_scalar_zero_bytes, DUET_SCALAR_BYTES, lt ^ 1);
    duet_declassify(&lt, sizeof(lt));
    return lt ? 0 : DUET_ERR_NON_CANONICAL;
}


void
duet_scalar_to_bytes(uint8_t out[DUET_SCALAR_BYTES],
    const struct duet_scalar *s)
{
    VERIFY_CHECK(out != NULL && s != NULL);

    memcpy(out, s->b, DUET_SCALAR_BYTES);
}


void
duet_scalar_from_bytes_mod(struct duet_scalar *s, const uint8_t *in,
    size_t len, int negative)
{
    uint8_t acc[32], chunk[32], neg[32];
    size_t off, take;

    VERIFY_CHECK(s != NULL);
    VERIFY_CHECK(in != NULL || len == 0);

    /*
     * Horner's rule in radix 2^248: every 31-byte chunk is below q, so it
     * is a canonical scalar as it stands.  The first chunk takes the
     * remainder so that the others are full.
     */
    memset(acc, 0, sizeof(acc));
    take = len % DUET_SCALAR_CHUNK;
    if (take == 0) {
        take = DUET_SCALAR_CHUNK;
    }
    for (off = 0; off < len; off += take, take = DUET_SCALAR_CHUNK) {
        memset(chunk, 0, sizeof(chunk));
        memcpy(chunk + sizeof(chunk) - take, in + off, take);
        duet_sc_mul(acc, acc, duet_scalar_r248_bytes);
        duet_sc_add(acc, acc, chunk);
    }

    duet_sc_neg(neg, acc);
    duet_ct_cmov(acc, neg, 32, negative);
    memcpy(s->b, acc, DUET_SCALAR_BYTES);
    duet_memclear(acc, sizeof(acc));
    duet_memclear(chunk, sizeof(chunk));
    duet_memclear(neg, sizeof(neg));
}


int
duet_scalar_from_bn(struct duet_scalar *s, const mpz_t v)
{
    uint8_t buf[DUET_BN_MAX_BYTES];
    const mp_limb_t *lp;
    mp_limb_t limb;
    size_t nl, len = 0, i, j;
    int r = DUET_ERR_INTERNAL;

    VERIFY_CHECK(s != NULL);

    duet_scalar_clear(s);
    /*
     * v may be secret (a prover's mask): take its length from the limb
     * count, which an mpz_t shows anyway, never from its bit length
     * (mpz_sizeinbase and mpz_export branch on the top limb's value), and
     * copy the limbs out by hand.  Leading zero bytes are harmless below.
     */
    nl = mpz_size(v);
    if (nl > sizeof(buf) / sizeof(mp_limb_t)) {
        r = DUET_ERR_LIMIT_EXCEEDED;
        goto out;
    }
    len = nl * sizeof(mp_limb_t);
    lp = mpz_limbs_read(v);
    for (i = 0; i < nl; i++) {
        limb = lp[i];
        for (j = 0; j < sizeof(mp_limb_t); j++) {
            buf[len - 1 - i * sizeof(mp_limb_t) - j] = (uint8_t) limb;
            limb >>= 8;
        }
    }
    duet_scalar_from_bytes_mod(s, buf, len, v->_mp_size < 0);
    r = 0;

out:
    duet_memclear(buf, len);
    return r;
}


void
duet_scalar_to_bn(mpz_t out, const struct duet_scalar *s)
{
    VERIFY_CHECK(s != NULL);

    duet_bn_import(out, s->b, DUET_SCALAR_BYTES);
}


void
duet_scalar_set_u64(struct duet_scalar *s, uint64_t v)
{
    int i;

    VERIFY_CHECK(s != NULL);

    memset(s->b, 0, DUET_SCALAR_BYTES);
    for (i = DUET_SCALAR_BYTES - 1; i >= DUET_SCALAR_BYTES - 8; i--) {
        s->b[i] = (uint8_t) v;
        v >>= 8;
    }
}


void
duet_scalar_clear(struct duet_scalar *s)
{
    duet_memclear(s, sizeof(*s));
}


int
duet_scalar_is_zero(const struct duet_scalar *s)
{
    VERIFY_CHECK(s != NULL);

    return duet_ct_is_zero(s->b, DUET_SCALAR_BYTES);
}


int
duet_scalar_eq(const struct duet_scalar *a, const struct duet_scalar *b)
{
    VERIFY_CHECK(a != NULL && b != NULL);

    return duet_ct_memeq(a->b, b->b, DUET_SCALAR_BYTES);
}


void
duet_scalar_cmov(struct duet_scalar *r, const struct duet_scalar *a,
    int flag)
{
    VERIFY_CHECK(r != NULL && a != NULL);

    duet_ct_cmov(r->b, a->b, DUET_SCALAR_BYTES, flag);
}


void
duet_scalar_add(struct duet_scalar *r, const struct duet_scalar *a,
    const struct duet_scalar *b)
{
    VERIFY_CHECK(r != NULL && a != NULL && b != NULL);

    duet_sc_add(r->b, a->b, b->b);
}


void
duet_scalar_sub(struct duet_scalar *r, const struct duet_scalar *a,
    const struct duet_scalar *b)
{
    uint8_t nb[32];

    VERIFY_CHECK(r != NULL && a != NULL && b != NULL);

    duet_sc_neg(nb, b->b);
    duet_sc_add(r->b, a->b, nb);
    duet_memclear(nb, sizeof(nb));
}


void
duet_scalar_mul(struct duet_scalar *r, const struct duet_scalar *a,
    const struct duet_scalar *b)
{
    VERIFY_CHECK(r != NULL && a != NULL && b != NULL);

    duet_sc_mul(r->b, a->b, b->b);
}


void
duet_scalar_negate(struct duet_scalar *r, const struct duet_scalar *a)
{
    VERIFY_CHECK(r != NULL && a != NULL);

    duet_sc_neg(r->b, a->b);
}


int
duet_scalar_inverse(struct duet_scalar *r, const struct duet_scalar *a)
{
    uint8_t acc[32], base[32];
    int zero, i, bit;
    int ret = DUET_ERR_INTERNAL;

    VERIFY_CHECK(r != NULL && a != NULL);

    zero = duet_scalar_is_zero(a);
    duet_declassify(&zero, sizeof(zero));
    if (zero) {
        ret = DUET_ERR_ZERO_SCALAR;
        goto out;
    }

    /*
     * Left-to-right square-and-multiply over the bits of q - 2.  The
     * exponent is a public constant, so the branch on its bits is the same
     * on every call.
     */
    memcpy(base, a->b, 32);
    memcpy(acc, duet_scalar_one_bytes, 32);
    for (i = 0; i < 256; i++) {
        bit = (duet_curve_order_minus_2[i / 8] >> (7 - i % 8)) & 1;
        duet_sc_mul_nonzero(acc, acc, acc);
        if (bit) {
            duet_sc_mul_nonzero(acc, acc, base);
        }
    }
    memcpy(r->b, acc, 32);
    ret = 0;

out:
    if (ret != 0) {
        duet_scalar_clear(r);
    }
    duet_memclear(acc, sizeof(acc));
    duet_memclear(base, sizeof(base));
    return ret;
}


static int
duet_scalar_random_impl(struct duet_scalar *s, int nonzero)
{
    uint8_t buf[32];
    int tries, good, r = DUET_ERR_INTERNAL;

    VERIFY_CHECK(s != NULL);

    for (tries = 0; tries < DUET_SCALAR_RANDOM_TRIES; tries++) {
        if ((r = duet_random_bytes(buf, sizeof(buf))) != 0) {
            goto out;
        }
        good = duet_be32_lt(buf, duet_curve_order_bytes);
        if (nonzero) {
            good &= duet_ct_is_zero(buf, sizeof(buf)) ^ 1;
        }
        /* A rejected draw is discarded, so its rejection reveals nothing. */
        duet_declassify(&good, sizeof(good));
        if (good) {
            memcpy(s->b, buf, 32);
            r = 0;
            goto out;
        }
    }
    r = DUET_ERR_RANDOM;

out:
    if (r != 0) {
        duet_scalar_clear(s);
    }
    duet_memclear(buf, sizeof(buf));
    return r;
}


int
duet_scalar_random(struct duet_scalar *s)
{
    return duet_scalar_random_impl(s, 0);
}


int
duet_scalar_random_nonzero(struct duet_scalar *s)
{
    return duet_scalar_random_impl(s, 1);
}


/* Points. */

void
duet_point_set_infinity(struct duet_point *p)
{
    VERIFY_CHECK(p != NULL);

    memset(p, 0, sizeof(*p));
}


int
duet_point_is_infinity(const struct duet_point *p)
{
    VERIFY_CHECK(p != NULL);

    return !p->finite;
}


int
duet_point_mul_gen(struct duet_point *r, const struct duet_scalar *k)
{
    const secp256k1_context *ctx;
    secp256k1_pubkey pk;
    uint8_t tk[32];
    int kz, ret = DUET_ERR_INTERNAL, ok;

    VERIFY_CHECK(r != NULL && k != NULL);

    if ((ret = duet_curve_context(&ctx)) != 0) {
        goto out;
    }
    kz = duet_scalar_is_zero(k);
    memcpy(tk, k->b, 32);
    duet_ct_cmov(tk, duet_scalar_one_bytes, 32, kz);
    ok = secp256k1_ec_pubkey_create(ctx, &pk, tk);
    duet_declassify(&ok, sizeof(ok));
    CHECK(ok == 1);

    /* k = 0: the result is infinity, held as a zeroed key. */
    duet_ct_cmov(&pk, &duet_pubkey_zero, sizeof(pk), kz);
    r->pk = pk;
    r->finite = kz ^ 1;
    ret = 0;

out:
    if (ret != 0) {
        duet_point_set_infinity(r);
    }
    duet_memclear(tk, sizeof(tk));
    return ret;
}


/*
 * An ECDH "hash" that returns the shared point itself, uncompressed, so
 * that secp256k1_ecdh serves as a constant-time k*P.
 */
static int
duet_curve_ecdh_point(unsigned char *output, const unsigned char *x32,
    const unsigned char *y32, void *data)
{
    (void) data;
    output[0] = 0x04;
    memcpy(output + 1, x32, 32);
    memcpy(output + 33, y32, 32);
    return 1;
}


void
duet_point_mul(struct duet_point *r, const struct duet_scalar *k,
    const struct duet_point *p)
{
    secp256k1_pubkey pk;
    uint8_t tk[32], xy[65];
    int kz, ok;

    VERIFY_CHECK(r != NULL && k != NULL && p != NULL);

    if (!p->finite) {
        duet_point_set_infinity(r);
        return;
    }
    kz = duet_scalar_is_zero(k);
    memcpy(tk, k->b, 32);
    duet_ct_cmov(tk, duet_scalar_one_bytes, 32, kz);

    /*
     * Not secp256k1_ec_pubkey_tweak_mul: in libsecp256k1 0.2.0 that runs
     * the variable-time ecmult.  secp256k1_ecdh runs ecmult_const.
     */
    ok = secp256k1_ecdh(DUET_SECP_STATIC, xy, &p->pk, tk,
        duet_curve_ecdh_point, NULL);
    duet_declassify(&ok, sizeof(ok));
    CHECK(ok == 1);

    /* The product is public from here on (see curve.h). */
    duet_declassify(xy, sizeof(xy));
    ok = secp256k1_ec_pubkey_parse(DUET_SECP_STATIC, &pk, xy, sizeof(xy));
    CHECK(ok == 1);
    duet_ct_cmov(&pk, &duet_pubkey_zero, sizeof(pk), kz);
    r->pk = pk;
    r->finite = kz ^ 1;
    duet_memclear(tk, sizeof(tk));
    duet_memclear(xy, sizeof(xy));
}


void
duet_point_add(struct duet_point *r, const struct duet_point *p,
    const struct duet_point *q)
{
    const secp256k1_pubkey *ins[2];
    secp256k1_pubkey sum;

    VERIFY_CHECK(r != NULL && p != NULL && q != NULL);

    if (!p->finite) {
        *r = *q;
        return;
    }
    if (!q->finite) {
        *r = *p;
        return;
    }
    ins[0] = &p->pk;
    ins[1] = &q->pk;
    /* With valid summands, combine fails exactly when the sum is O. */
    if (!secp256k1_ec_pubkey_combine(DUET_SECP_STATIC, &sum, ins, 2)) {
        duet_point_set_infinity(r);
        return;
    }
    r->pk = sum;
    r->finite = 1;
}


void
duet_point_sub(struct duet_point *r, const struct duet_point *p,
    const struct duet_point *q)
{
    struct duet_point nq;

    duet_point_negate(&nq, q);
    duet_point_add(r, p, &nq);
}


void
duet_point_negate(struct duet_point *r, const struct duet_point *p)
{
    int ok;

    VERIFY_CHECK(r != NULL && p != NULL);

    *r = *p;
    if (!r->finite) {
        return;
    }
    ok = secp256k1_ec_pubkey_negate(DUET_SECP_STATIC, &r->pk);
    CHECK(ok == 1);
}


int
duet_point_eq_var(const struct duet_point *p, const struct duet_point *q)
{
    VERIFY_CHECK(p != NULL && q != NULL);

    if (!p->finite || !q->finite) {
        return !p->finite && !q->finite;
    }
    return secp256k1_ec_pubkey_cmp(DUET_SECP_STATIC, &p->pk, &q->pk) == 0;
}


int
duet_point_encode(uint8_t out[DUET_POINT_BYTES], const struct duet_point *p,
    unsigned flags)
{
    size_t len = DUET_POINT_BYTES;
    int r = DUET_ERR_INTERNAL;

    VERIFY_CHECK(out != NULL && p != NULL);

    if (!p->finite) {
        memset(out, 0, DUET_POINT_BYTES);
        r = (flags & DUET_POINT_ALLOW_INFINITY) ? 0 : DUET_ERR_INFINITY;
        goto out;
    }
    if (!secp256k1_ec_pubkey_serialize(DUET_SECP_STATIC, out, &len, &p->pk,
            SECP256K1_EC_COMPRESSED) || len != DUET_POINT_BYTES)
    {
        goto out;
    }
    r = 0;

out:
    if (r != 0) {
        memset(out, 0, DUET_POINT_BYTES);
    }
    return r;
}


int
duet_point_parse(struct duet_point *p, const uint8_t *in, size_t len,
    unsigned flags)
{
    int r = DUET_ERR_INTERNAL;

    VERIFY_CHECK(p != NULL);
    VERIFY_CHECK(in != NULL || len == 0);

    duet_point_set_infinity(p);
    if (len != DUET_POINT_BYTES) {
        r = DUET_ERR_BAD_ENCODING;
        goto out;
    }
    if (in[0] == 0x00) {
        if (!duet_ct_is_zero(in + 1, DUET_POINT_BYTES - 1)) {
            r = DUET_ERR_BAD_ENCODING;
        } else if (!(flags & DUET_POINT_ALLOW_INFINITY)) {
            r = DUET_ERR_INFINITY;
        } else {
            r = 0;
        }
        goto out;
    }
    if (in[0] != 0x02 && in[0] != 0x03) {
        r = DUET_ERR_BAD_ENCODING;
        goto out;
    }
    if (!duet_be32_lt(in + 1, duet_curve_field_prime)) {
        r = DUET_ERR_NON_CANONICAL;
        goto out;
    }
    if (!secp256k1_ec_pubkey_parse(DUET_SECP_STATIC, &p->pk, in,
            DUET_POINT_BYTES))
    {
        r = DUET_ERR_BAD_ENCODING;
        goto out;
    }
    p->finite = 1;
    r = 0;

out:
    if (r != 0) {
        duet_point_set_infinity(p);
    }
    return r;
}


int
duet_point_to_pubkey(secp256k1_pubkey *pk, const struct duet_point *p)
{
    VERIFY_CHECK(pk != NULL && p != NULL);

    if (!p->finite) {
        memset(pk, 0, sizeof(*pk));
        return DUET_ERR_INFINITY;
    }
    *pk = p->pk;
    return 0;
}


void
duet_point_from_pubkey(struct duet_point *p, const secp256k1_pubkey *pk)
{
    VERIFY_CHECK(p != NULL && pk != NULL);

    p->pk = *pk;
    p->finite = 1;
}
