/*
 * curve-t.c -- tests for crypto/src/curve: scalar arithmetic against GMP
 * mod q, the zero and infinity outcomes, correction C6's signed mapping,
 * k*G against libsecp256k1 directly, the point group law with infinity,
 * the constant-time projective arithmetic of point_ct.h and
 * duet_point_lincomb_gen against the variable-time path (doubling,
 * opposite points and infinity included), and the strictness of point
 * parsing (with a bit-flip mutation pass).
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gmp.h>
#include <secp256k1.h>

#include "basic.h"
#include "duet.h"
#include "duet_util.h"
#include "curve/curve.h"
#include "curve/point_ct.h"
#include "util/mem.h"
#include "util/rand.h"

#define G_HEX \
    "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
#define G2_HEX \
    "02c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5"
#define G3_HEX \
    "02f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9"
#define Q_HEX \
    "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"
#define P_HEX \
    "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f"

static mpz_t q, p;


static void
unhex(uint8_t *out, size_t n, const char *hex)
{
    size_t len = 0;

    if (duet_hex_decode(out, n, &len, hex, strlen(hex)) != 0 || len != n) {
        bail("bad hex in the test: %s", hex);
    }
}


/* Export 0 <= x < 2^256 as 32 big-endian bytes. */
static void
mpz_to32(uint8_t out[32], const mpz_t x)
{
    size_t n = 0;

    if (mpz_sgn(x) < 0 || mpz_sizeinbase(x, 2) > 256) {
        bail("mpz_to32: out of range");
    }
    memset(out, 0, 32);
    if (mpz_sgn(x) != 0) {
        mpz_export(out + 32 - (mpz_sizeinbase(x, 2) + 7) / 8, &n, 1, 1, 0,
            0, x);
    }
}


/* Scalar from an mpz reduced mod q; the test's own reference mapping. */
static void
scalar_from_mpz(struct duet_scalar *s, const mpz_t x)
{
    uint8_t b[32];
    mpz_t t;

    mpz_init(t);
    mpz_mod(t, x, q);
    mpz_to32(b, t);
    if (duet_scalar_from_bytes(s, b) != 0) {
        bail("scalar_from_mpz");
    }
    mpz_clear(t);
}


/* Returns: 1 if s holds x mod q. */
static int
scalar_is(const struct duet_scalar *s, const mpz_t x)
{
    struct duet_scalar e;

    scalar_from_mpz(&e, x);
    return memcmp(e.b, s->b, 32) == 0;
}


static void
test_constants(void)
{
    uint8_t qb[32];
    const secp256k1_context *ctx = NULL;
    mpz_t x;

    unhex(qb, 32, Q_HEX);
    is_blob(qb, duet_curve_order_bytes, 32, "duet_curve_order_bytes is q");
    mpz_init(x);
    duet_curve_order(x);
    ok(mpz_cmp(x, q) == 0, "duet_curve_order");
    mpz_clear(x);
    is_int(0, duet_curve_context(&ctx), "curve_context");
    ok(ctx != NULL, "and gives a context");
}


static void
test_scalar_bytes(void)
{
    uint8_t b[32], out[32];
    struct duet_scalar s;
    mpz_t x;

    mpz_init(x);

    memset(b, 0, 32);
    is_int(0, duet_scalar_from_bytes(&s, b), "from_bytes(0)");
    ok(duet_scalar_is_zero(&s), "zero is zero");
    b[31] = 1;
    is_int(0, duet_scalar_from_bytes(&s, b), "from_bytes(1)");
    ok(!duet_scalar_is_zero(&s), "one is not zero");

    mpz_sub_ui(x, q, 1);
    mpz_to32(b, x);
    is_int(0, duet_scalar_from_bytes(&s, b), "from_bytes(q - 1)");
    duet_scalar_to_bytes(out, &s);
    is_blob(b, out, 32, "to_bytes gives the input back");

    memset(&s, 0x77, sizeof(s));
    unhex(b, 32, Q_HEX);
    is_int(DUET_ERR_NON_CANONICAL, duet_scalar_from_bytes(&s, b),
        "from_bytes(q) is refused");
    ok(duet_scalar_is_zero(&s), "and leaves zero behind");
    mpz_add_ui(x, q, 1);
    mpz_to32(b, x);
    is_int(DUET_ERR_NON_CANONICAL, duet_scalar_from_bytes(&s, b),
        "from_bytes(q + 1) is refused");
    memset(b, 0xff, 32);
    is_int(DUET_ERR_NON_CANONICAL, duet_scalar_from_bytes(&s, b),
        "from_bytes(2^256 - 1) is refused");
    /* A value that differs from q only in the last byte, below it. */
    unhex(b, 32, Q_HEX);
    b[31] = 0x40;
    is_int(0, duet_scalar_from_bytes(&s, b), "from_bytes(q - 1) via bytes");

    duet_scalar_set_u64(&s, UINT64_C(0x0123456789abcdef));
    mpz_set_str(x, "123456789abcdef", 16);
    ok(scalar_is(&s, x), "set_u64");
    duet_scalar_to_bn(x, &s);
    ok(mpz_cmp_ui(x, 0) > 0 && scalar_is(&s, x), "to_bn round trip");
    duet_scalar_clear(&s);
    ok(duet_scalar_is_zero(&s), "clear makes zero");

    mpz_clear(x);
}


/* Random or special values as the i-th test operand. */
static void
operand(mpz_t x, struct duet_scalar *s, unsigned i)
{
    switch (i % 8) {
    case 0:
        mpz_set_ui(x, 0);
        break;
    case 1:
        mpz_set_ui(x, 1);
        break;
    case 2:
        mpz_sub_ui(x, q, 1);
        break;
    case 3:
        mpz_fdiv_q_2exp(x, q, 1);
        break;
    default:
        if (duet_scalar_random(s) != 0) {
            bail("scalar_random");
        }
        duet_scalar_to_bn(x, s);
        return;
    }
    scalar_from_mpz(s, x);
}


static void
test_scalar_arith(void)
{
    struct duet_scalar a, b, r, t, one;
    mpz_t x, y, z;
    unsigned long bad_add = 0, bad_sub = 0, bad_mul = 0, bad_neg = 0;
    unsigned long bad_inv = 0, bad_alias = 0, bad_eq = 0;
    unsigned i, j;
    int ret;

    mpz_inits(x, y, z, NULL);
    duet_scalar_set_u64(&one, 1);

    for (i = 0; i < 24; i++) {
        for (j = 0; j < 24; j++) {
            operand(x, &a, i);
            operand(y, &b, j * 5 + 3);

            duet_scalar_add(&r, &a, &b);
            mpz_add(z, x, y);
            bad_add += !scalar_is(&r, z);

            duet_scalar_sub(&r, &a, &b);
            mpz_sub(z, x, y);
            bad_sub += !scalar_is(&r, z);

            duet_scalar_mul(&r, &a, &b);
            mpz_mul(z, x, y);
            bad_mul += !scalar_is(&r, z);

            duet_scalar_negate(&r, &a);
            mpz_neg(z, x);
            bad_neg += !scalar_is(&r, z);

            /* Outputs aliasing inputs. */
            t = a;
            duet_scalar_mul(&t, &t, &b);
            mpz_mul(z, x, y);
            bad_alias += !scalar_is(&t, z);
            t = b;
            duet_scalar_add(&t, &a, &t);
            mpz_add(z, x, y);
            bad_alias += !scalar_is(&t, z);
            t = a;
            duet_scalar_add(&t, &t, &t);
            mpz_add(z, x, x);
            bad_alias += !scalar_is(&t, z);

            bad_eq += duet_scalar_eq(&a, &b) != (mpz_cmp(x, y) == 0);
        }

        operand(x, &a, i);
        ret = duet_scalar_inverse(&r, &a);
        if (mpz_sgn(x) == 0) {
            bad_inv += ret != DUET_ERR_ZERO_SCALAR;
            continue;
        }
        mpz_invert(z, x, q);
        bad_inv += ret != 0 || !scalar_is(&r, z);
        duet_scalar_mul(&t, &r, &a);
        bad_inv += !duet_scalar_eq(&t, &one);
        t = a;
        bad_inv += duet_scalar_inverse(&t, &t) != 0 || !scalar_is(&t, z);
    }
    is_int(0, (long long) bad_add, "add matches GMP mod q (576 pairs)");
    is_int(0, (long long) bad_sub, "sub matches GMP mod q");
    is_int(0, (long long) bad_mul, "mul matches GMP mod q");
    is_int(0, (long long) bad_neg, "negate matches GMP mod q");
    is_int(0, (long long) bad_alias, "results may alias the operands");
    is_int(0, (long long) bad_eq, "eq agrees with GMP");
    is_int(0, (long long) bad_inv,
        "inverse matches mpz_invert, inverse * x = 1, in place too");

    /* The zero outcomes, explicitly. */
    mpz_sub_ui(x, q, 1);
    scalar_from_mpz(&a, x);
    duet_scalar_add(&r, &a, &one);
    ok(duet_scalar_is_zero(&r), "(q - 1) + 1 = 0");
    duet_scalar_sub(&r, &a, &a);
    ok(duet_scalar_is_zero(&r), "a - a = 0");
    duet_scalar_set_u64(&a, 0);
    duet_scalar_negate(&r, &a);
    ok(duet_scalar_is_zero(&r), "-0 = 0");
    memset(&r, 0x55, sizeof(r));
    is_int(DUET_ERR_ZERO_SCALAR, duet_scalar_inverse(&r, &a),
        "inverse(0) is DUET_ERR_ZERO_SCALAR");
    ok(duet_scalar_is_zero(&r), "and writes zero");

    /* cmov. */
    duet_scalar_set_u64(&a, 5);
    duet_scalar_set_u64(&b, 9);
    t = a;
    duet_scalar_cmov(&t, &b, 0);
    ok(duet_scalar_eq(&t, &a), "cmov(0) keeps");
    duet_scalar_cmov(&t, &b, 1);
    ok(duet_scalar_eq(&t, &b), "cmov(1) moves");

    mpz_clears(x, y, z, NULL);
}


static void
test_scalar_random(void)
{
    struct duet_scalar s[64];
    unsigned long bad = 0, dup = 0, zero = 0;
    int i, j;

    for (i = 0; i < 64; i++) {
        bad += duet_scalar_random(&s[i]) != 0;
        for (j = 0; j < i; j++) {
            dup += duet_scalar_eq(&s[i], &s[j]);
        }
    }
    is_int(0, (long long) bad, "scalar_random");
    is_int(0, (long long) dup, "64 random scalars are distinct");
    for (i = 0; i < 64; i++) {
        bad += duet_scalar_random_nonzero(&s[i]) != 0;
        zero += duet_scalar_is_zero(&s[i]);
    }
    is_int(0, (long long) bad, "scalar_random_nonzero");
    is_int(0, (long long) zero, "and none is zero");
}


/* Correction C6: a signed integer maps to (-1)^sign (|v| mod q). */
static void
test_signed_mapping(void)
{
    static const char *fixed[] = {
        "0", "1", "-1", "5", "-5",
        "0x" Q_HEX,                                             /* q */
        "-0x" Q_HEX,                                            /* -q */
        "-0x"
        "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364146",
        "-0x"
        "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140",
        "0x10000000000000000000000000000000000000000000000000000000000000000",
        "-0x10000000000000000000000000000000000000000000000000000000000000000",
    };
    struct duet_scalar s, e, five, t;
    struct duet_point p1, p2;
    uint8_t buf[1025];
    gmp_randstate_t rs;
    mpz_t v, z;
    unsigned long bad = 0, bad_bytes = 0;
    size_t i, len;
    int r;

    mpz_inits(v, z, NULL);
    gmp_randinit_default(rs);
    gmp_randseed_ui(rs, (unsigned long) tap_seed());

    for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
        if (mpz_set_str(v, fixed[i], 0) != 0) {
            bail("bad number in the test: %s", fixed[i]);
        }
        r = duet_scalar_from_bn(&s, v);
        mpz_mod(z, v, q);    /* the mathematical residue, always >= 0 */
        if (r != 0 || !scalar_is(&s, z)) {
            bad++;
            diag("C6 mapping of %s", fixed[i]);
        }
    }
    is_int(0, (long long) bad, "C6: fixed values (0, +-1, +-q, -(q+5), ...)");

    mpz_set_si(v, -1);
    (void) duet_scalar_from_bn(&s, v);
    mpz_sub_ui(z, q, 1);
    ok(scalar_is(&s, z), "C6: -1 maps to q - 1");
    mpz_set(v, q);
    mpz_neg(v, v);
    (void) duet_scalar_from_bn(&s, v);
    ok(duet_scalar_is_zero(&s), "C6: -q maps to 0");

    /* Random signed values up to 800 bytes, against mpz_mod. */
    bad = 0;
    for (i = 0; i < 300; i++) {
        mpz_urandomb(v, rs, (mp_bitcnt_t) (i * 61 % 6400));
        if (i % 2) {
            mpz_neg(v, v);
        }
        r = duet_scalar_from_bn(&s, v);
        mpz_mod(z, v, q);
        bad += r != 0 || !scalar_is(&s, z);

        /* The byte-level entry point, with its own sign argument. */
        len = (mpz_sizeinbase(v, 2) + 7) / 8;
        if (mpz_sgn(v) == 0) {
            len = 0;
        }
        mpz_abs(z, v);
        memset(buf, 0, sizeof(buf));
        if (len > 0) {
            mpz_export(buf + 3, NULL, 1, 1, 0, 0, z);
        }
        /* Three leading zero bytes change nothing. */
        duet_scalar_from_bytes_mod(&t, buf, len + 3, mpz_sgn(v) < 0);
        bad_bytes += !duet_scalar_eq(&s, &t);
    }
    is_int(0, (long long) bad, "C6: 300 random signed values up to 6400 bits");
    is_int(0, (long long) bad_bytes,
        "from_bytes_mod agrees, leading zeros ignored");
    duet_scalar_from_bytes_mod(&t, NULL, 0, 1);
    ok(duet_scalar_is_zero(&t), "from_bytes_mod of nothing, negated, is 0");

    mpz_set_ui(v, 0);
    mpz_setbit(v, 8 * 1024 + 3);
    memset(&s, 0x11, sizeof(s));
    is_int(DUET_ERR_LIMIT_EXCEEDED, duet_scalar_from_bn(&s, v),
        "from_bn of a 1025-byte value is refused");
    ok(duet_scalar_is_zero(&s), "and writes zero");
    mpz_neg(v, v);
    is_int(DUET_ERR_LIMIT_EXCEEDED, duet_scalar_from_bn(&s, v),
        "likewise negative");

    /* A forced negative challenge in a curve equation: e = -5. */
    mpz_set_si(v, -5);
    is_int(0, duet_scalar_from_bn(&e, v), "from_bn(-5)");
    duet_scalar_set_u64(&five, 5);
    if (duet_point_mul_gen(&p1, &e) != 0 || duet_point_mul_gen(&p2, &five))
    {
        bail("mul_gen");
    }
    duet_point_negate(&p2, &p2);
    ok(duet_point_eq_var(&p1, &p2), "C6: (-5)*G = -(5*G)");
    duet_scalar_add(&t, &e, &five);
    ok(duet_scalar_is_zero(&t), "C6: -5 + 5 = 0 in Z_q");

    gmp_randclear(rs);
    mpz_clears(v, z, NULL);
}


static void
test_point_mul_gen(void)
{
    const secp256k1_context *ctx = NULL;
    secp256k1_pubkey pk;
    struct duet_scalar k, k2;
    struct duet_point a, b;
    uint8_t expect[33], got[33];
    size_t len;
    unsigned long bad = 0;
    mpz_t x;
    int i;

    mpz_init(x);
    if (duet_curve_context(&ctx) != 0) {
        bail("curve_context");
    }

    duet_scalar_set_u64(&k, 1);
    is_int(0, duet_point_mul_gen(&a, &k), "1*G");
    unhex(expect, 33, G_HEX);
    is_int(0, duet_point_encode(got, &a, 0), "encode G");
    is_blob(expect, got, 33, "1*G is the generator");
    duet_scalar_set_u64(&k, 2);
    (void) duet_point_mul_gen(&a, &k);
    unhex(expect, 33, G2_HEX);
    (void) duet_point_encode(got, &a, 0);
    is_blob(expect, got, 33, "2*G known answer");
    duet_scalar_set_u64(&k, 3);
    (void) duet_point_mul_gen(&a, &k);
    unhex(expect, 33, G3_HEX);
    (void) duet_point_encode(got, &a, 0);
    is_blob(expect, got, 33, "3*G known answer");

    mpz_sub_ui(x, q, 1);
    scalar_from_mpz(&k, x);
    (void) duet_point_mul_gen(&a, &k);
    duet_scalar_set_u64(&k, 1);
    (void) duet_point_mul_gen(&b, &k);
    duet_point_negate(&b, &b);
    ok(duet_point_eq_var(&a, &b), "(q - 1)*G = -G");

    duet_scalar_set_u64(&k, 0);
    memset(&a, 0x33, sizeof(a));
    is_int(0, duet_point_mul_gen(&a, &k), "0*G is not an error");
    ok(duet_point_is_infinity(&a), "0*G is infinity");

    /* Against libsecp256k1 directly. */
    for (i = 0; i < 64; i++) {
        if (duet_scalar_random_nonzero(&k) != 0
            || duet_point_mul_gen(&a, &k) != 0
            || duet_point_encode(got, &a, 0) != 0)
        {
            bad++;
            continue;
        }
        len = sizeof(expect);
        if (!secp256k1_ec_pubkey_create(ctx, &pk, k.b)
            || !secp256k1_ec_pubkey_serialize(ctx, expect, &len, &pk,
                SECP256K1_EC_COMPRESSED))
        {
            bail("libsecp256k1 reference");
        }
        bad += memcmp(expect, got, 33) != 0;

        /* k*G by the generic multiplication, and (k*k2)*G = k2*(k*G). */
        duet_scalar_set_u64(&k2, 1);
        (void) duet_point_mul_gen(&b, &k2);
        duet_point_mul(&b, &k, &b);
        bad += !duet_point_eq_var(&a, &b);
        if (duet_scalar_random(&k2) != 0) {
            bail("random");
        }
        duet_point_mul(&b, &k2, &a);
        duet_scalar_mul(&k, &k, &k2);
        (void) duet_point_mul_gen(&a, &k);
        bad += !duet_point_eq_var(&a, &b);
    }
    is_int(0, (long long) bad,
        "64 random k: k*G = libsecp256k1's, = k*(1*G), (k k2)G = k2(kG)");

    mpz_clear(x);
}


static void
test_point_group(void)
{
    struct duet_scalar a, b, c, zero;
    struct duet_point pa, pb, pc, r, s, inf, t;
    unsigned long bad = 0;
    int i;

    duet_point_set_infinity(&inf);
    ok(duet_point_is_infinity(&inf), "set_infinity");
    memset(&t, 0, sizeof(t));
    ok(duet_point_is_infinity(&t), "a zeroed point is infinity");
    duet_scalar_set_u64(&zero, 0);

    for (i = 0; i < 32; i++) {
        if (duet_scalar_random_nonzero(&a) != 0
            || duet_scalar_random_nonzero(&b) != 0
            || duet_point_mul_gen(&pa, &a) != 0
            || duet_point_mul_gen(&pb, &b) != 0)
        {
            bail("setup");
        }
        /* aG + bG = (a + b)G */
        duet_point_add(&r, &pa, &pb);
        duet_scalar_add(&c, &a, &b);
        (void) duet_point_mul_gen(&pc, &c);
        bad += !duet_point_eq_var(&r, &pc);
        /* aG - bG = (a - b)G */
        duet_point_sub(&r, &pa, &pb);
        duet_scalar_sub(&c, &a, &b);
        (void) duet_point_mul_gen(&pc, &c);
        bad += !duet_point_eq_var(&r, &pc);
        /* Doubling through add. */
        duet_point_add(&r, &pa, &pa);
        duet_scalar_add(&c, &a, &a);
        (void) duet_point_mul_gen(&pc, &c);
        bad += !duet_point_eq_var(&r, &pc);
        /* In place. */
        s = pa;
        duet_point_add(&s, &s, &pb);
        duet_point_add(&r, &pa, &pb);
        bad += !duet_point_eq_var(&r, &s);
        /* Negation: -(aG) = (-a)G */
        duet_point_negate(&r, &pa);
        duet_scalar_negate(&c, &a);
        (void) duet_point_mul_gen(&pc, &c);
        bad += !duet_point_eq_var(&r, &pc);
        bad += duet_point_eq_var(&pa, &pb);
    }
    is_int(0, (long long) bad,
        "32 random pairs: add, sub, double, negate agree with scalars");

    (void) duet_point_mul_gen(&pa, &a);
    duet_point_negate(&r, &pa);
    duet_point_add(&s, &pa, &r);
    ok(duet_point_is_infinity(&s), "P + (-P) = infinity (an outcome)");
    duet_point_sub(&s, &pa, &pa);
    ok(duet_point_is_infinity(&s), "P - P = infinity");
    duet_point_add(&s, &inf, &pa);
    ok(duet_point_eq_var(&s, &pa), "infinity + P = P");
    duet_point_add(&s, &pa, &inf);
    ok(duet_point_eq_var(&s, &pa), "P + infinity = P");
    duet_point_add(&s, &inf, &inf);
    ok(duet_point_is_infinity(&s), "infinity + infinity = infinity");
    duet_point_sub(&s, &inf, &pa);
    ok(duet_point_eq_var(&s, &r), "infinity - P = -P");
    duet_point_negate(&s, &inf);
    ok(duet_point_is_infinity(&s), "-infinity = infinity");
    duet_point_mul(&s, &a, &inf);
    ok(duet_point_is_infinity(&s), "k*infinity = infinity");
    duet_point_mul(&s, &zero, &pa);
    ok(duet_point_is_infinity(&s), "0*P = infinity");
    ok(duet_point_eq_var(&inf, &s), "eq: infinity = infinity");
    ok(!duet_point_eq_var(&inf, &pa), "eq: infinity != P");
    ok(!duet_point_eq_var(&pa, &inf), "eq: P != infinity");
    ok(!duet_point_eq_var(&pa, &r), "eq: P != -P");
}


/* R = P + Q through point_ct.h: load, complete addition, back. */
static void
ct_add_points(struct duet_point *r, const struct duet_point *x,
    const struct duet_point *y)
{
    struct duet_point_ct cp, cq;

    duet_point_ct_from_point(&cp, x);
    duet_point_ct_from_point(&cq, y);
    duet_point_ct_add(&cp, &cp, &cq);
    duet_point_ct_to_point(r, &cp);
}


static void
test_point_ct(void)
{
    struct duet_scalar a, b, c, zero, one;
    struct duet_point pa, pb, pc, na, nb, inf, r, want, g;
    struct duet_point_ct ca, cb, cs, ct2;
    unsigned long bad = 0;
    int i;

    duet_point_set_infinity(&inf);
    duet_scalar_set_u64(&zero, 0);
    duet_scalar_set_u64(&one, 1);
    (void) duet_point_mul_gen(&g, &one);

    for (i = 0; i < 32; i++) {
        if (duet_scalar_random_nonzero(&a) != 0
            || duet_scalar_random_nonzero(&b) != 0
            || duet_scalar_random_nonzero(&c) != 0
            || duet_point_mul_gen(&pa, &a) != 0
            || duet_point_mul_gen(&pb, &b) != 0
            || duet_point_mul_gen(&pc, &c) != 0)
        {
            bail("setup");
        }
        duet_point_negate(&na, &pa);
        duet_point_negate(&nb, &pb);

        /* Affine inputs, against duet_point_add. */
        ct_add_points(&r, &pa, &pb);
        duet_point_add(&want, &pa, &pb);
        bad += !duet_point_eq_var(&r, &want);
        ct_add_points(&r, &pa, &pa);
        duet_point_add(&want, &pa, &pa);
        bad += !duet_point_eq_var(&r, &want);
        ct_add_points(&r, &pa, &na);
        bad += !duet_point_is_infinity(&r);
        ct_add_points(&r, &inf, &pa);
        bad += !duet_point_eq_var(&r, &pa);
        ct_add_points(&r, &pa, &inf);
        bad += !duet_point_eq_var(&r, &pa);

        /*
         * Projective inputs (Z != 1): (A + B) + C, (A + B) doubled,
         * (A + B) + (-A) + (-B) = O, and an O with an arbitrary Y,
         * (A + (-A)), plus C.
         */
        duet_point_ct_from_point(&ca, &pa);
        duet_point_ct_from_point(&cb, &pb);
        duet_point_ct_add(&cs, &ca, &cb);
        duet_point_ct_from_point(&ct2, &pc);
        duet_point_ct_add(&ct2, &cs, &ct2);
        duet_point_ct_to_point(&r, &ct2);
        duet_point_add(&want, &pa, &pb);
        duet_point_add(&want, &want, &pc);
        bad += !duet_point_eq_var(&r, &want);

        duet_point_ct_add(&ct2, &cs, &cs);
        duet_point_ct_to_point(&r, &ct2);
        duet_point_add(&want, &pa, &pb);
        duet_point_add(&want, &want, &want);
        bad += !duet_point_eq_var(&r, &want);

        duet_point_ct_from_point(&ct2, &na);
        duet_point_ct_add(&ct2, &cs, &ct2);
        duet_point_ct_from_point(&ca, &nb);
        duet_point_ct_add(&ct2, &ct2, &ca);
        duet_point_ct_to_point(&r, &ct2);
        bad += !duet_point_is_infinity(&r);
        duet_point_ct_from_point(&cb, &pc);
        duet_point_ct_add(&ct2, &ct2, &cb);
        duet_point_ct_to_point(&r, &ct2);
        bad += !duet_point_eq_var(&r, &pc);

        /* Products against duet_point_mul_gen / duet_point_mul. */
        duet_point_ct_mul_gen(&ca, &a);
        duet_point_ct_to_point(&r, &ca);
        bad += !duet_point_eq_var(&r, &pa);
        duet_point_ct_mul(&cb, &b, &pc);
        duet_point_ct_to_point(&r, &cb);
        duet_point_mul(&want, &b, &pc);
        bad += !duet_point_eq_var(&r, &want);
    }
    is_int(0, (long long) bad, "32 random triples: ct add (affine and "
        "projective inputs, doubling, P + (-P), infinity) and ct products "
        "agree with the variable-time path");

    duet_point_ct_mul_gen(&ca, &zero);
    duet_point_ct_to_point(&r, &ca);
    ok(duet_point_is_infinity(&r), "ct_mul_gen: 0*G = infinity");
    duet_point_ct_mul(&ca, &zero, &pa);
    duet_point_ct_to_point(&r, &ca);
    ok(duet_point_is_infinity(&r), "ct_mul: 0*P = infinity");
    duet_point_ct_mul(&ca, &a, &inf);
    duet_point_ct_to_point(&r, &ca);
    ok(duet_point_is_infinity(&r), "ct_mul: k*infinity = infinity");
    duet_point_ct_mul_gen(&ca, &one);
    duet_point_ct_to_point(&r, &ca);
    ok(duet_point_eq_var(&r, &g), "ct_mul_gen: 1*G = G");
    ct_add_points(&r, &inf, &inf);
    ok(duet_point_is_infinity(&r), "ct: infinity + infinity = infinity");
    ct_add_points(&r, &g, &g);
    duet_scalar_set_u64(&c, 2);
    (void) duet_point_mul_gen(&want, &c);
    ok(duet_point_eq_var(&r, &want), "ct: G + G = 2G");
    duet_point_negate(&na, &g);
    ct_add_points(&r, &g, &na);
    ok(duet_point_is_infinity(&r), "ct: G + (-G) = infinity");

    duet_point_ct_clear(&ca);
    duet_point_ct_clear(&cb);
    duet_point_ct_clear(&cs);
    duet_point_ct_clear(&ct2);
}


/* want = a*G + b*P by the variable-time path. */
static void
lincomb_ref(struct duet_point *want, const struct duet_scalar *a,
    const struct duet_scalar *b, const struct duet_point *base)
{
    struct duet_point t;

    if (duet_point_mul_gen(want, a) != 0) {
        bail("mul_gen");
    }
    duet_point_mul(&t, b, base);
    duet_point_add(want, want, &t);
}


static void
test_lincomb(void)
{
    struct duet_scalar a, b, c, zero, one;
    struct duet_point base, r, want, inf, g;
    unsigned long bad = 0;
    int i;

    duet_point_set_infinity(&inf);
    duet_scalar_set_u64(&zero, 0);
    duet_scalar_set_u64(&one, 1);
    (void) duet_point_mul_gen(&g, &one);

    for (i = 0; i < 64; i++) {
        if (duet_scalar_random(&a) != 0 || duet_scalar_random(&b) != 0
            || duet_scalar_random_nonzero(&c) != 0
            || duet_point_mul_gen(&base, &c) != 0)
        {
            bail("setup");
        }
        bad += duet_point_lincomb_gen(&r, &a, &b, &base) != 0;
        lincomb_ref(&want, &a, &b, &base);
        bad += !duet_point_eq_var(&r, &want);
    }
    is_int(0, (long long) bad, "64 random a, b, P: lincomb_gen = "
        "a*G + b*P by mul_gen + mul + add");

    if (duet_scalar_random_nonzero(&a) != 0
        || duet_scalar_random_nonzero(&b) != 0
        || duet_scalar_random_nonzero(&c) != 0
        || duet_point_mul_gen(&base, &c) != 0)
    {
        bail("setup");
    }

    memset(&r, 0x5a, sizeof(r));
    is_int(0, duet_point_lincomb_gen(&r, &zero, &b, &base),
        "a = 0: returns 0");
    duet_point_mul(&want, &b, &base);
    ok(duet_point_eq_var(&r, &want), "a = 0: b*P");
    (void) duet_point_lincomb_gen(&r, &a, &zero, &base);
    (void) duet_point_mul_gen(&want, &a);
    ok(duet_point_eq_var(&r, &want), "b = 0: a*G");
    memset(&r, 0x5a, sizeof(r));
    (void) duet_point_lincomb_gen(&r, &zero, &zero, &base);
    ok(duet_point_is_infinity(&r), "a = b = 0: infinity");
    (void) duet_point_lincomb_gen(&r, &a, &b, &inf);
    (void) duet_point_mul_gen(&want, &a);
    ok(duet_point_eq_var(&r, &want), "P = infinity: a*G");
    (void) duet_point_lincomb_gen(&r, &zero, &b, &inf);
    ok(duet_point_is_infinity(&r), "a = 0, P = infinity: infinity");

    /* P = c*G: a = -b*c cancels, a = b*c doubles. */
    duet_scalar_mul(&a, &b, &c);
    duet_scalar_negate(&a, &a);
    (void) duet_point_lincomb_gen(&r, &a, &b, &base);
    ok(duet_point_is_infinity(&r), "a*G = -b*P: infinity");
    duet_scalar_negate(&a, &a);
    (void) duet_point_lincomb_gen(&r, &a, &b, &base);
    duet_scalar_add(&c, &a, &a);
    (void) duet_point_mul_gen(&want, &c);
    ok(duet_point_eq_var(&r, &want), "a*G = b*P: 2a*G (doubling)");
    duet_scalar_negate(&a, &b);
    (void) duet_point_lincomb_gen(&r, &a, &b, &g);
    ok(duet_point_is_infinity(&r), "P = G, a = -b: infinity");
    (void) duet_point_lincomb_gen(&r, &one, &one, &g);
    duet_scalar_set_u64(&c, 2);
    (void) duet_point_mul_gen(&want, &c);
    ok(duet_point_eq_var(&r, &want), "1*G + 1*G = 2G");

    /* R aliasing P. */
    if (duet_scalar_random(&a) != 0 || duet_scalar_random(&b) != 0) {
        bail("random");
    }
    lincomb_ref(&want, &a, &b, &base);
    r = base;
    (void) duet_point_lincomb_gen(&r, &a, &b, &r);
    ok(duet_point_eq_var(&r, &want), "R may be P");
}


static void
test_point_encoding(void)
{
    struct duet_point pt, back, inf;
    struct duet_scalar k;
    secp256k1_pubkey pk;
    uint8_t enc[33], bad[65], zeros[33];
    unsigned long fails = 0, accepted_other = 0, total = 0;
    mpz_t x, rhs;
    size_t i;
    int bit, r, n_off;
    static const uint8_t prefixes[] = {
        0x00, 0x01, 0x04, 0x05, 0x06, 0x07, 0x08, 0x12, 0x82, 0x83, 0xff
    };

    mpz_inits(x, rhs, NULL);
    memset(zeros, 0, sizeof(zeros));
    duet_point_set_infinity(&inf);

    /* Round trips, both parities. */
    for (i = 0; i < 64; i++) {
        if (duet_scalar_random_nonzero(&k) != 0
            || duet_point_mul_gen(&pt, &k) != 0)
        {
            bail("setup");
        }
        r = duet_point_encode(enc, &pt, 0);
        fails += r != 0;
        fails += enc[0] != 0x02 && enc[0] != 0x03;
        fails += duet_point_parse(&back, enc, 33, 0) != 0;
        fails += !duet_point_eq_var(&pt, &back);
    }
    is_int(0, (long long) fails, "64 encode/parse round trips");

    /* Infinity. */
    memset(enc, 0x5a, sizeof(enc));
    is_int(DUET_ERR_INFINITY, duet_point_encode(enc, &inf, 0),
        "encode(infinity) without the flag: DUET_ERR_INFINITY");
    is_blob(zeros, enc, 33, "and zeroes the output");
    is_int(0, duet_point_encode(enc, &inf, DUET_POINT_ALLOW_INFINITY),
        "encode(infinity) with the flag");
    is_blob(zeros, enc, 33, "is 33 zero bytes");
    is_int(DUET_ERR_INFINITY, duet_point_parse(&pt, zeros, 33, 0),
        "parse of the infinity encoding without the flag");
    is_int(0, duet_point_parse(&pt, zeros, 33, DUET_POINT_ALLOW_INFINITY),
        "parse of the infinity encoding with the flag");
    ok(duet_point_is_infinity(&pt), "gives infinity");
    is_int(DUET_ERR_BAD_ENCODING, duet_point_parse(&pt, zeros, 1,
        DUET_POINT_ALLOW_INFINITY), "the 1-byte SEC1 infinity is refused");
    memset(bad, 0, sizeof(bad));
    bad[32] = 1;
    is_int(DUET_ERR_BAD_ENCODING, duet_point_parse(&pt, bad, 33,
        DUET_POINT_ALLOW_INFINITY), "0x00 then non-zero bytes is refused");
    is_int(DUET_ERR_INFINITY, duet_point_to_pubkey(&pk, &inf),
        "to_pubkey(infinity) is DUET_ERR_INFINITY");

    /* Prefixes other than 02/03, on a valid x. */
    duet_scalar_set_u64(&k, 1);
    (void) duet_point_mul_gen(&pt, &k);
    (void) duet_point_encode(enc, &pt, 0);
    fails = 0;
    for (i = 0; i < sizeof(prefixes); i++) {
        memcpy(bad, enc, 33);
        bad[0] = prefixes[i];
        r = duet_point_parse(&back, bad, 33, DUET_POINT_ALLOW_INFINITY);
        fails += r != DUET_ERR_BAD_ENCODING;
        fails += !duet_point_is_infinity(&back);
    }
    is_int(0, (long long) fails,
        "prefixes 00 01 04 05 06 07 08 12 82 83 ff are BAD_ENCODING");

    /* Uncompressed and hybrid forms of G. */
    {
        const secp256k1_context *ctx = NULL;
        size_t len = 65;

        if (duet_curve_context(&ctx) != 0
            || duet_point_to_pubkey(&pk, &pt) != 0
            || !secp256k1_ec_pubkey_serialize(ctx, bad, &len, &pk,
                SECP256K1_EC_UNCOMPRESSED))
        {
            bail("uncompressed");
        }
        is_int(DUET_ERR_BAD_ENCODING, duet_point_parse(&back, bad, 65, 0),
            "65-byte uncompressed G is refused");
        bad[0] = 0x06;
        is_int(DUET_ERR_BAD_ENCODING, duet_point_parse(&back, bad, 65, 0),
            "65-byte hybrid G is refused");
        is_int(DUET_ERR_BAD_ENCODING, duet_point_parse(&back, bad, 33, 0),
            "hybrid prefix on 33 bytes is refused");
        duet_point_from_pubkey(&back, &pk);
        ok(duet_point_eq_var(&back, &pt), "to_pubkey / from_pubkey");
    }

    /* Lengths. */
    is_int(DUET_ERR_BAD_ENCODING, duet_point_parse(&back, enc, 32, 0),
        "truncated (32 bytes)");
    is_int(DUET_ERR_BAD_ENCODING, duet_point_parse(&back, enc, 1, 0),
        "truncated (1 byte)");
    is_int(DUET_ERR_BAD_ENCODING, duet_point_parse(&back, NULL, 0, 0),
        "empty");
    memcpy(bad, enc, 33);
    bad[33] = 0;
    is_int(DUET_ERR_BAD_ENCODING, duet_point_parse(&back, bad, 34, 0),
        "a trailing byte");

    /* x >= p, and x with no point on the curve. */
    memset(bad, 0, sizeof(bad));
    bad[0] = 0x02;
    unhex(bad + 1, 32, P_HEX);
    is_int(DUET_ERR_NON_CANONICAL, duet_point_parse(&back, bad, 33, 0),
        "x = p is NON_CANONICAL");
    mpz_add_ui(x, p, 1);
    mpz_to32(bad + 1, x);
    is_int(DUET_ERR_NON_CANONICAL, duet_point_parse(&back, bad, 33, 0),
        "x = p + 1 is NON_CANONICAL");
    memset(bad + 1, 0xff, 32);
    is_int(DUET_ERR_NON_CANONICAL, duet_point_parse(&back, bad, 33, 0),
        "x = 2^256 - 1 is NON_CANONICAL");
    /* The first three x for which x^3 + 7 is not a square mod p. */
    n_off = 0;
    for (mpz_set_ui(x, 1); n_off < 3; mpz_add_ui(x, x, 1)) {
        mpz_powm_ui(rhs, x, 3, p);
        mpz_add_ui(rhs, rhs, 7);
        mpz_mod(rhs, rhs, p);
        if (mpz_legendre(rhs, p) != -1) {
            continue;
        }
        bad[0] = (uint8_t) (0x02 + (n_off & 1));
        mpz_to32(bad + 1, x);
        r = duet_point_parse(&back, bad, 33, DUET_POINT_ALLOW_INFINITY);
        if (!is_int(DUET_ERR_BAD_ENCODING, r, "off-curve x = %lu refused",
            mpz_get_ui(x)))
        {
            break;
        }
        n_off++;
    }

    /*
     * Mutation: every single-bit flip of valid encodings is refused, or
     * decodes to a different point whose encoding is the mutated bytes
     * (so no point has two encodings).
     */
    fails = 0;
    for (i = 0; i < 8; i++) {
        if (duet_scalar_random_nonzero(&k) != 0
            || duet_point_mul_gen(&pt, &k) != 0
            || duet_point_encode(enc, &pt, 0) != 0)
        {
            bail("setup");
        }
        for (bit = 0; bit < 33 * 8; bit++) {
            memcpy(bad, enc, 33);
            bad[bit / 8] ^= (uint8_t) (1u << (bit % 8));
            total++;
            r = duet_point_parse(&back, bad, 33, DUET_POINT_ALLOW_INFINITY);
            if (r != 0) {
                fails += !duet_point_is_infinity(&back);
                continue;
            }
            accepted_other++;
            fails += duet_point_eq_var(&back, &pt);
            fails += duet_point_encode(zeros, &back, 0) != 0
                || memcmp(zeros, bad, 33) != 0;
        }
    }
    is_int(0, (long long) fails, "%lu bit flips: refused, or a different "
        "point encoded exactly so (%lu such)", total, accepted_other);
    ok(accepted_other > 0 && accepted_other < total,
        "the flips exercise both outcomes");

    mpz_clears(x, rhs, NULL);
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

    mpz_init_set_str(q, Q_HEX, 16);
    mpz_init_set_str(p, P_HEX, 16);

    test_constants();
    test_scalar_bytes();
    test_scalar_arith();
    test_scalar_random();
    test_signed_mapping();
    test_point_mul_gen();
    test_point_group();
    test_point_ct();
    test_lincomb();
    test_point_encoding();

    mpz_clears(q, p, NULL);
    return 0;
}
