/*
 * point_ct.c -- constant-time point arithmetic for secret-derived points
 * (see point_ct.h), and duet_point_lincomb_gen on top of it.
 *
 * Field elements mod p = 2^256 - 2^32 - 977 are DUET_FE_LIMBS GMP limbs,
 * always fully reduced.  Products are reduced with mpn_sec_div_r and the
 * inverse is a Fermat power with mpn_sec_powm: both take time that depends
 * on the sizes only, and the only tables GMP indexes in them are indexed
 * by bits of p, which is public.  Sums and differences correct their
 * overflow with mpn_cnd_add_n, whose condition never steers a branch.
 *
 * HAZARD for whoever edits this file: valgrind's memcheck (ctime-t) loses
 * the secret mark on the carry and borrow that mpn_add_n / mpn_sub_n
 * return, so a branch on one of them would go unreported.  Never test
 * them; hand them to mpn_cnd_* as below.
 */

#include "config.h"

#include <stdint.h>
#include <string.h>

#include <gmp.h>
#include <secp256k1.h>
#include <secp256k1_ecdh.h>

#include "duet.h"
#include "duet_util.h"
#include "curve/curve.h"
#include "curve/point_ct.h"
#include "util/check.h"
#include "util/checkmem.h"
#include "util/mem.h"

STATIC_ASSERT(GMP_NAIL_BITS == 0, "point_ct.c assumes GMP without nails");
STATIC_ASSERT(256 % GMP_NUMB_BITS == 0,
    "point_ct.c assumes limbs that divide 256 bits");

#define DUET_FE_N         ((mp_size_t) DUET_FE_LIMBS)
#define DUET_LIMB_BYTES   (GMP_NUMB_BITS / 8)

/*
 * GMP scratch for the largest call (mpn_sec_powm: 80 limbs on 64-bit
 * hosts, 160 on 32-bit ones); duet_fe_ctx_init checks it against the
 * _itch functions.
 */
#define DUET_FE_SCRATCH   (32 * DUET_FE_LIMBS)

/* The field prime p and the Fermat exponent p - 2, big-endian. */
static const uint8_t duet_fe_p_bytes[32] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xfe, 0xff, 0xff, 0xfc, 0x2f
};

static const uint8_t duet_fe_p_minus_2_bytes[32] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xfe, 0xff, 0xff, 0xfc, 0x2d
};

/* 3*b for y^2 = x^3 + 7: the only curve constant the formulas use. */
static const uint8_t duet_fe_b3_bytes[32] = { [31] = 21 };

static const uint8_t duet_fe_one_bytes[32] = { [31] = 1 };

/* The generator, uncompressed (SEC 2). */
static const uint8_t duet_point_g_bytes[65] = {
    0x04,
    0x79, 0xbe, 0x66, 0x7e, 0xf9, 0xdc, 0xbb, 0xac,
    0x55, 0xa0, 0x62, 0x95, 0xce, 0x87, 0x0b, 0x07,
    0x02, 0x9b, 0xfc, 0xdb, 0x2d, 0xce, 0x28, 0xd9,
    0x59, 0xf2, 0x81, 0x5b, 0x16, 0xf8, 0x17, 0x98,
    0x48, 0x3a, 0xda, 0x77, 0x26, 0xa3, 0xc4, 0x65,
    0x5d, 0xa4, 0xfb, 0xfc, 0x0e, 0x11, 0x08, 0xa8,
    0xfd, 0x17, 0xb4, 0x48, 0xa6, 0x85, 0x54, 0x19,
    0x9c, 0x47, 0xd0, 0x8f, 0xfb, 0x10, 0xd4, 0xb8
};

static const uint8_t duet_scalar_one_bytes[DUET_SCALAR_BYTES] = {
    [DUET_SCALAR_BYTES - 1] = 1
};

/*
 * One computation's constants and GMP scratch.  On the stack, so that
 * nothing fails and threads share nothing; the product and scratch areas
 * see secrets, so the context is wiped when done.
 */
struct duet_fe_ctx {
    mp_limb_t p[DUET_FE_LIMBS];
    mp_limb_t p_minus_2[DUET_FE_LIMBS];
    mp_limb_t b3[DUET_FE_LIMBS];
    mp_limb_t one[DUET_FE_LIMBS];
    mp_limb_t prod[2 * DUET_FE_LIMBS];
    mp_limb_t scratch[DUET_FE_SCRATCH];
};


/* 32 big-endian bytes to limbs.  Fixed loops: no branch on the value. */
static void
duet_fe_from_b32(mp_limb_t r[DUET_FE_LIMBS], const uint8_t in[32])
{
    mp_limb_t limb;
    size_t i, j;

    for (i = 0; i < DUET_FE_LIMBS; i++) {
        limb = 0;
        for (j = 0; j < DUET_LIMB_BYTES; j++) {
            limb = (limb << 8) | in[32 - (i + 1) * DUET_LIMB_BYTES + j];
        }
        r[i] = limb;
    }
}


static void
duet_fe_to_b32(uint8_t out[32], const mp_limb_t a[DUET_FE_LIMBS])
{
    mp_limb_t limb;
    size_t i, j;

    for (i = 0; i < DUET_FE_LIMBS; i++) {
        limb = a[i];
        for (j = 0; j < DUET_LIMB_BYTES; j++) {
            out[31 - i * DUET_LIMB_BYTES - j] = (uint8_t) limb;
            limb >>= 8;
        }
    }
}


static void
duet_fe_ctx_init(struct duet_fe_ctx *c)
{
    /* Sizes only: the _itch functions are cheap and data-independent. */
    CHECK(mpn_sec_mul_itch(DUET_FE_N, DUET_FE_N) <= DUET_FE_SCRATCH
        && mpn_sec_div_r_itch(2 * DUET_FE_N, DUET_FE_N) <= DUET_FE_SCRATCH
        && mpn_sec_powm_itch(DUET_FE_N, 256, DUET_FE_N) <= DUET_FE_SCRATCH);

    duet_fe_from_b32(c->p, duet_fe_p_bytes);
    duet_fe_from_b32(c->p_minus_2, duet_fe_p_minus_2_bytes);
    duet_fe_from_b32(c->b3, duet_fe_b3_bytes);
    duet_fe_from_b32(c->one, duet_fe_one_bytes);
}


static void
duet_fe_ctx_clear(struct duet_fe_ctx *c)
{
    duet_memclear(c, sizeof(*c));
}


/* r = a + b mod p (r may alias a or b). */
static void
duet_fe_add(const struct duet_fe_ctx *c, mp_limb_t *r, const mp_limb_t *a,
    const mp_limb_t *b)
{
    mp_limb_t carry, borrow;

    /*
     * a + b < 2p.  Subtract p unconditionally, then add it back exactly
     * when the true sum was below p: no carry out of a + b, and a borrow
     * out of the subtraction.
     */
    carry = mpn_add_n(r, a, b, DUET_FE_N);
    borrow = mpn_sub_n(r, r, c->p, DUET_FE_N);
    (void) mpn_cnd_add_n(borrow & (carry ^ 1), r, r, c->p, DUET_FE_N);
}


/* r = a - b mod p (r may alias a or b). */
static void
duet_fe_sub(const struct duet_fe_ctx *c, mp_limb_t *r, const mp_limb_t *a,
    const mp_limb_t *b)
{
    mp_limb_t borrow;

    borrow = mpn_sub_n(r, a, b, DUET_FE_N);
    (void) mpn_cnd_add_n(borrow, r, r, c->p, DUET_FE_N);
}


/* r = a * b mod p (r may alias a or b). */
static void
duet_fe_mul(struct duet_fe_ctx *c, mp_limb_t *r, const mp_limb_t *a,
    const mp_limb_t *b)
{
    mpn_sec_mul(c->prod, a, DUET_FE_N, b, DUET_FE_N, c->scratch);
    mpn_sec_div_r(c->prod, 2 * DUET_FE_N, c->p, DUET_FE_N, c->scratch);
    mpn_copyi(r, c->prod, DUET_FE_N);
}


static int
duet_fe_is_zero(const mp_limb_t *a)
{
    return duet_ct_is_zero(a, DUET_FE_LIMBS * sizeof(mp_limb_t));
}


void
duet_point_ct_set_infinity(struct duet_point_ct *r)
{
    VERIFY_CHECK(r != NULL);

    memset(r, 0, sizeof(*r));
    r->y[0] = 1;
}


void
duet_point_ct_clear(struct duet_point_ct *p)
{
    duet_memclear(p, sizeof(*p));
}


/*
 * An ECDH "hash" that returns the product's affine coordinates, x || y,
 * so that secp256k1_ecdh serves as a constant-time k*P whose result never
 * passes through a secp256k1_pubkey.
 */
static int
duet_point_ct_ecdh_xy(unsigned char *output, const unsigned char *x32,
    const unsigned char *y32, void *data)
{
    (void) data;
    memcpy(output, x32, 32);
    memcpy(output + 32, y32, 32);
    return 1;
}


void
duet_point_ct_mul(struct duet_point_ct *r, const struct duet_scalar *k,
    const struct duet_point *p)
{
    struct duet_point_ct inf;
    uint8_t tk[DUET_SCALAR_BYTES], xy[64];
    int kz, ok;

    VERIFY_CHECK(r != NULL && k != NULL && p != NULL);

    if (duet_point_is_infinity(p)) {
        duet_point_ct_set_infinity(r);
        return;
    }

    /* ECDH refuses k = 0: multiply by 1 instead and select O afterwards. */
    kz = duet_scalar_is_zero(k);
    memcpy(tk, k->b, sizeof(tk));
    duet_ct_cmov(tk, duet_scalar_one_bytes, sizeof(tk), kz);
    ok = secp256k1_ecdh(secp256k1_context_static, xy, &p->pk, tk,
        duet_point_ct_ecdh_xy, NULL);
    /* A valid key, a non-zero canonical scalar: it cannot fail. */
    duet_declassify(&ok, sizeof(ok));
    CHECK(ok == 1);

    duet_fe_from_b32(r->x, xy);
    duet_fe_from_b32(r->y, xy + 32);
    memset(r->z, 0, sizeof(r->z));
    r->z[0] = 1;
    duet_point_ct_set_infinity(&inf);
    duet_ct_cmov(r, &inf, sizeof(*r), kz);

    duet_memclear(tk, sizeof(tk));
    duet_memclear(xy, sizeof(xy));
}


void
duet_point_ct_mul_gen(struct duet_point_ct *r, const struct duet_scalar *k)
{
    struct duet_point g;
    int ok;

    VERIFY_CHECK(r != NULL && k != NULL);

    /* Parsing a known-good uncompressed key costs one curve check. */
    ok = secp256k1_ec_pubkey_parse(secp256k1_context_static, &g.pk,
        duet_point_g_bytes, sizeof(duet_point_g_bytes));
    CHECK(ok == 1);
    g.finite = 1;
    duet_point_ct_mul(r, k, &g);
}


void
duet_point_ct_from_point(struct duet_point_ct *r, const struct duet_point *p)
{
    uint8_t xy[65];
    size_t len = sizeof(xy);
    int ok;

    VERIFY_CHECK(r != NULL && p != NULL);

    if (duet_point_is_infinity(p)) {
        duet_point_ct_set_infinity(r);
        return;
    }
    ok = secp256k1_ec_pubkey_serialize(secp256k1_context_static, xy, &len,
        &p->pk, SECP256K1_EC_UNCOMPRESSED);
    CHECK(ok == 1 && len == sizeof(xy));
    duet_fe_from_b32(r->x, xy + 1);
    duet_fe_from_b32(r->y, xy + 33);
    memset(r->z, 0, sizeof(r->z));
    r->z[0] = 1;
}


/*
 * The complete addition law for y^2 = x^3 + b (Renes, Costello, Batina
 * 2016, a = 0).  With b3 = 3b:
 *
 *   X3 = (X1Y2 + X2Y1)(Y1Y2 - b3 Z1Z2) - (Y1Z2 + Y2Z1) b3 (X1Z2 + X2Z1)
 *   Y3 = (Y1Y2 + b3 Z1Z2)(Y1Y2 - b3 Z1Z2) + 3 X1X2 b3 (X1Z2 + X2Z1)
 *   Z3 = (Y1Z2 + Y2Z1)(Y1Y2 + b3 Z1Z2) + (X1Y2 + X2Y1) 3 X1X2
 *
 * which holds for every pair of points of a prime-order curve.  The mixed
 * sums come from one product each: (X1 + Y1)(X2 + Y2) - X1X2 - Y1Y2 =
 * X1Y2 + X2Y1, and likewise for Y, Z and X, Z: 12 multiplications and two
 * by b3 in all.
 */
static void
duet_point_ct_add_impl(struct duet_fe_ctx *c, struct duet_point_ct *r,
    const struct duet_point_ct *p, const struct duet_point_ct *q)
{
    mp_limb_t xx[DUET_FE_LIMBS], yy[DUET_FE_LIMBS], zz[DUET_FE_LIMBS];
    mp_limb_t xy[DUET_FE_LIMBS], yz[DUET_FE_LIMBS], xz[DUET_FE_LIMBS];
    mp_limb_t plus[DUET_FE_LIMBS], s[DUET_FE_LIMBS], t[DUET_FE_LIMBS];

    duet_fe_mul(c, xx, p->x, q->x);
    duet_fe_mul(c, yy, p->y, q->y);
    duet_fe_mul(c, zz, p->z, q->z);

    duet_fe_add(c, s, p->x, p->y);
    duet_fe_add(c, t, q->x, q->y);
    duet_fe_mul(c, xy, s, t);
    duet_fe_sub(c, xy, xy, xx);
    duet_fe_sub(c, xy, xy, yy);             /* X1Y2 + X2Y1 */

    duet_fe_add(c, s, p->y, p->z);
    duet_fe_add(c, t, q->y, q->z);
    duet_fe_mul(c, yz, s, t);
    duet_fe_sub(c, yz, yz, yy);
    duet_fe_sub(c, yz, yz, zz);             /* Y1Z2 + Y2Z1 */

    duet_fe_add(c, s, p->x, p->z);
    duet_fe_add(c, t, q->x, q->z);
    duet_fe_mul(c, xz, s, t);
    duet_fe_sub(c, xz, xz, xx);
    duet_fe_sub(c, xz, xz, zz);             /* X1Z2 + X2Z1 */

    /* p and q are not read below, so r may alias them. */
    duet_fe_add(c, s, xx, xx);
    duet_fe_add(c, xx, s, xx);              /* 3 X1X2 */
    duet_fe_mul(c, zz, zz, c->b3);          /* b3 Z1Z2 */
    duet_fe_mul(c, xz, xz, c->b3);          /* b3 (X1Z2 + X2Z1) */
    duet_fe_add(c, plus, yy, zz);           /* Y1Y2 + b3 Z1Z2 */
    duet_fe_sub(c, yy, yy, zz);             /* Y1Y2 - b3 Z1Z2 */

    duet_fe_mul(c, s, xy, yy);
    duet_fe_mul(c, t, yz, xz);
    duet_fe_sub(c, r->x, s, t);

    duet_fe_mul(c, s, plus, yy);
    duet_fe_mul(c, t, xx, xz);
    duet_fe_add(c, r->y, s, t);

    duet_fe_mul(c, s, yz, plus);
    duet_fe_mul(c, t, xy, xx);
    duet_fe_add(c, r->z, s, t);

    duet_memclear(xx, sizeof(xx));
    duet_memclear(yy, sizeof(yy));
    duet_memclear(zz, sizeof(zz));
    duet_memclear(xy, sizeof(xy));
    duet_memclear(yz, sizeof(yz));
    duet_memclear(xz, sizeof(xz));
    duet_memclear(plus, sizeof(plus));
    duet_memclear(s, sizeof(s));
    duet_memclear(t, sizeof(t));
}


void
duet_point_ct_add(struct duet_point_ct *r, const struct duet_point_ct *p,
    const struct duet_point_ct *q)
{
    struct duet_fe_ctx c;

    VERIFY_CHECK(r != NULL && p != NULL && q != NULL);

    duet_fe_ctx_init(&c);
    duet_point_ct_add_impl(&c, r, p, q);
    duet_fe_ctx_clear(&c);
}


void
duet_point_ct_to_point(struct duet_point *r, const struct duet_point_ct *p)
{
    static const uint8_t zero[64];
    struct duet_fe_ctx c;
    mp_limb_t z[DUET_FE_LIMBS], zinv[DUET_FE_LIMBS], a[DUET_FE_LIMBS];
    uint8_t xy[65];
    int inf, ok;

    VERIFY_CHECK(r != NULL && p != NULL);

    duet_fe_ctx_init(&c);

    /*
     * Z = 0 is infinity.  mpn_sec_powm wants a base > 0, so Z = 0 is
     * swapped for 1 without a branch and its (unused) inverse computed.
     */
    inf = duet_fe_is_zero(p->z);
    memcpy(z, p->z, sizeof(z));
    duet_ct_cmov(z, c.one, sizeof(z), inf);
    mpn_sec_powm(zinv, z, DUET_FE_N, c.p_minus_2, 256, c.p, DUET_FE_N,
        c.scratch);

    xy[0] = 0x04;
    duet_fe_mul(&c, a, p->x, zinv);
    duet_fe_to_b32(xy + 1, a);
    duet_fe_mul(&c, a, p->y, zinv);
    duet_fe_to_b32(xy + 33, a);
    /* Infinity's Y is any non-zero value: never let it out. */
    duet_ct_cmov(xy + 1, zero, sizeof(zero), inf);

    /* The point is public from here on (point_ct.h). */
    duet_declassify(&inf, sizeof(inf));
    duet_declassify(xy, sizeof(xy));
    if (inf) {
        duet_point_set_infinity(r);
    } else {
        /* A point of the curve, so the (public) parse cannot fail. */
        ok = secp256k1_ec_pubkey_parse(secp256k1_context_static, &r->pk, xy,
            sizeof(xy));
        CHECK(ok == 1);
        r->finite = 1;
    }

    duet_fe_ctx_clear(&c);
    duet_memclear(z, sizeof(z));
    duet_memclear(zinv, sizeof(zinv));
    duet_memclear(a, sizeof(a));
    duet_memclear(xy, sizeof(xy));
}


int
duet_point_lincomb_gen(struct duet_point *r, const struct duet_scalar *a,
    const struct duet_scalar *b, const struct duet_point *p)
{
    struct duet_point_ct ag, bp;

    VERIFY_CHECK(r != NULL && a != NULL && b != NULL && p != NULL);

    duet_point_ct_mul_gen(&ag, a);
    duet_point_ct_mul(&bp, b, p);
    duet_point_ct_add(&ag, &ag, &bp);
    duet_point_ct_to_point(r, &ag);
    duet_point_ct_clear(&ag);
    duet_point_ct_clear(&bp);
    return 0;
}
