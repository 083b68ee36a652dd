/*
 * u256-t.c -- fcgi_app/u256.c: parsing and printing of 256-bit amounts,
 * the boundaries (0, 2^64, 2^256 - 1 and one past it), and the
 * arithmetic checked against GMP on random values (seeded: replay with
 * DUET_TEST_SEED).
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gmp.h>

#include "basic.h"
#include "u256.h"

#define MAX_DEC  "1157920892373161954235709850086879078532699846656405640" \
                 "39457584007913129639935"
#define TWO256   "1157920892373161954235709850086879078532699846656405640" \
                 "39457584007913129639936"

static uint64_t  rng_state;


static uint64_t
rng(void)
{
    /* splitmix64: enough for test values. */
    uint64_t  z = (rng_state += 0x9e3779b97f4a7c15ULL);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}


/* A random value with a random number of significant limbs and bits. */
static void
rand_u256(struct duetd_u256 *a)
{
    int  limbs = (int) (rng() % 5), bits, i;

    memset(a, 0, sizeof(*a));
    for (i = 0; i < limbs; i++) {
        a->w[i] = rng();
    }
    if (limbs > 0 && rng() % 2) {
        bits = (int) (rng() % 64);
        a->w[limbs - 1] >>= bits;
    }
}


static void
to_mpz(mpz_t z, const struct duetd_u256 *a)
{
    mpz_import(z, 4, -1, sizeof(uint64_t), 0, 0, a->w);
}


static int
eq_mpz(const struct duetd_u256 *a, const mpz_t z)
{
    mpz_t  t;
    int    r;

    mpz_init(t);
    to_mpz(t, a);
    r = mpz_cmp(t, z) == 0;
    mpz_clear(t);
    return r;
}


/* d is within half a unit in the last place of z (nearest, to 53 bits). */
static int
nearest_double(double d, const mpz_t z)
{
    mpz_t   zd, diff;
    size_t  bits = mpz_sizeinbase(z, 2);
    int     r;

    if (mpz_sgn(z) == 0) {
        return d == 0.0;
    }
    mpz_inits(zd, diff, NULL);
    mpz_set_d(zd, d);
    mpz_sub(diff, zd, z);
    mpz_abs(diff, diff);
    /* 2 * |d - z| <= 2^(bits - 53), exact below 2^53. */
    mpz_mul_2exp(diff, diff, 1);
    if (bits <= 53) {
        r = mpz_sgn(diff) == 0;
    } else {
        mpz_set_ui(zd, 1);
        mpz_mul_2exp(zd, zd, bits - 53);
        r = mpz_cmp(diff, zd) <= 0;
    }
    mpz_clears(zd, diff, NULL);
    return r;
}


static void
test_parse(void)
{
    static const struct {
        const char  *text;
        int          rc;
        uint64_t     w0;
        const char  *what;
    } cases[] = {
        { "0", 0, 0, "zero" },
        { "000123", 0, 123, "leading zeros" },
        { "18446744073709551615", 0, UINT64_MAX, "2^64 - 1" },
        { "0x0", 0, 0, "0x0" },
        { "0xfF", 0, 255, "hex, either case" },
        { "0x0000000000000000000000000000000000000000000000000000000000000"
          "001", 0, 1, "64 hex digits" },
        { "0x00000000000000000000000000000000000000000000000000000000000000"
          "001", -1, 0, "65 hex digits" },
        { "", -1, 0, "empty" },
        { "0x", -1, 0, "0x alone" },
        { "0X1", -1, 0, "0X" },
        { "-1", -1, 0, "a sign" },
        { "+1", -1, 0, "a plus" },
        { " 1", -1, 0, "a leading blank" },
        { "1 ", -1, 0, "a trailing blank" },
        { "1e3", -1, 0, "an exponent" },
        { "1.0", -1, 0, "a fraction" },
        { "0xg", -1, 0, "a non-hex digit" },
        { TWO256, -1, 0, "2^256" },
        { "9" MAX_DEC, -1, 0, "far beyond 2^256" },
    };
    struct duetd_u256  v;
    char               dec[DUETD_U256_DEC_SIZE];
    size_t             i;
    int                rc;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        memset(&v, 0x5a, sizeof(v));
        rc = duetd_u256_parse(&v, cases[i].text);
        is_int(cases[i].rc, rc, "parse: %s", cases[i].what);
        if (rc == 0) {
            ok(v.w[0] == cases[i].w0 && v.w[1] == 0 && v.w[2] == 0
               && v.w[3] == 0, "parse: %s: value", cases[i].what);
        } else {
            ok(duetd_u256_is_zero(&v), "parse: %s: zero on failure",
               cases[i].what);
        }
    }
    is_int(-1, duetd_u256_parse(&v, NULL), "parse: NULL");

    is_int(0, duetd_u256_parse(&v, MAX_DEC), "parse: 2^256 - 1");
    ok(v.w[0] == UINT64_MAX && v.w[1] == UINT64_MAX && v.w[2] == UINT64_MAX
       && v.w[3] == UINT64_MAX, "parse: 2^256 - 1: all ones");
    duetd_u256_to_dec(dec, &v);
    is_str(MAX_DEC, dec, "to_dec: 2^256 - 1 (78 digits)");
    is_int(0, duetd_u256_parse(&v, "0xffffffffffffffffffffffffffffffff"
                                  "ffffffffffffffffffffffffffffffff"),
           "parse: 2^256 - 1 in hex");
    duetd_u256_to_dec(dec, &v);
    is_str(MAX_DEC, dec, "to_dec: 2^256 - 1 from hex");
}


static void
test_to_dec(void)
{
    static const char *const  texts[] = {
        "0", "1", "9", "10", "9999999999999999999", "10000000000000000000",
        "10000000000000000001", "18446744073709551616",
        "100000000000000000000000000000000000000",
        "340282366920938463463374607431768211456",
    };
    struct duetd_u256  v;
    char               dec[DUETD_U256_DEC_SIZE];
    size_t             i;

    for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
        if (duetd_u256_parse(&v, texts[i]) != 0) {
            ok(0, "to_dec: parse %s", texts[i]);
            continue;
        }
        duetd_u256_to_dec(dec, &v);
        is_str(texts[i], dec, "to_dec: %s", texts[i]);
    }
    is_int(0, duetd_u256_parse(&v, "0007"), "to_dec: parse 0007");
    duetd_u256_to_dec(dec, &v);
    is_str("7", dec, "to_dec: no leading zeros");
}


static void
test_to_hex(void)
{
    static const char *const  texts[] = {
        "0x0", "0x1", "0xf", "0x10", "0xffffffffffffffff",
        "0x10000000000000000", "0xde0b6b3a7640000",
        "0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    };
    struct duetd_u256  v;
    char               hex[DUETD_U256_HEX_SIZE];
    size_t             i;

    for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
        if (duetd_u256_parse(&v, texts[i]) != 0) {
            ok(0, "to_hex: parse %s", texts[i]);
            continue;
        }
        duetd_u256_to_hex(hex, &v);
        is_str(texts[i], hex, "to_hex: %s", texts[i]);
    }
    is_int(0, duetd_u256_parse(&v, "1000000000000000000"), "to_hex: 1 ETH");
    duetd_u256_to_hex(hex, &v);
    is_str("0xde0b6b3a7640000", hex, "to_hex: 1 ETH in wei");
}


static void
test_bytes(void)
{
    uint8_t            be[33];
    struct duetd_u256  v;
    uint64_t           u;
    size_t             i;

    for (i = 0; i < sizeof(be); i++) {
        be[i] = (uint8_t) (i + 1);
    }
    is_int(0, duetd_u256_from_be(&v, be, 32), "from_be: 32 bytes");
    ok(v.w[3] == 0x0102030405060708ULL && v.w[0] == 0x191a1b1c1d1e1f20ULL,
       "from_be: big-endian limbs");
    is_int(0, duetd_u256_from_be(&v, be, 1), "from_be: 1 byte");
    ok(v.w[0] == 1 && v.w[1] == 0, "from_be: 1 byte value");
    is_int(0, duetd_u256_from_be(&v, be, 9), "from_be: 9 bytes");
    ok(v.w[1] == 1 && v.w[0] == 0x0203040506070809ULL, "from_be: 9 bytes"
       " value");
    is_int(0, duetd_u256_from_be(&v, NULL, 0), "from_be: 0 bytes");
    ok(duetd_u256_is_zero(&v), "from_be: 0 bytes is zero");
    is_int(-1, duetd_u256_from_be(&v, be, 33), "from_be: 33 bytes refused");

    duetd_u256_from_u64(&v, 42);
    ok(duetd_u256_to_u64(&v, &u) == 1 && u == 42, "to_u64: 42");
    v.w[1] = 1;
    is_int(0, duetd_u256_to_u64(&v, &u), "to_u64: 2^64 + 42 does not fit");
}


static void
test_edges(void)
{
    struct duetd_u256  max, one, zero, r;
    uint64_t           hi, rem;

    memset(max.w, 0xff, sizeof(max.w));
    duetd_u256_from_u64(&one, 1);
    duetd_u256_from_u64(&zero, 0);

    is_int(-1, duetd_u256_add(&r, &max, &one), "add: 2^256 - 1 + 1"
           " overflows");
    ok(duetd_u256_cmp(&r, &max) == 0, "add: saturates on overflow");
    is_int(0, duetd_u256_add(&r, &max, &zero), "add: 2^256 - 1 + 0");
    is_int(-1, duetd_u256_sub(&r, &zero, &one), "sub: 0 - 1 underflows");
    ok(duetd_u256_is_zero(&r), "sub: zero on underflow");
    is_int(0, duetd_u256_sub(&r, &max, &max), "sub: max - max");
    ok(duetd_u256_is_zero(&r), "sub: max - max is zero");
    is_int(-1, duetd_u256_mul_u64(&r, &max, 2), "mul: overflow");
    ok(duetd_u256_cmp(&r, &max) == 0, "mul: saturates on overflow");
    is_int(0, duetd_u256_mul_u64(&r, &max, 1), "mul: by one");
    hi = duetd_u256_mul_u64_wide(&r, &max, 10000);
    /* (2^256 - 1) * 10000 = 9999 * 2^256 + (2^256 - 10000). */
    ok(hi == 9999 && r.w[0] == (uint64_t) 0 - 10000
       && r.w[1] == UINT64_MAX, "mul_wide: (2^256 - 1) * 10000");
    rem = duetd_u256_div_u64(&r, &max, UINT64_MAX);
    /* 2^256 - 1 = (2^64 - 1)(2^192 + 2^128 + 2^64 + 1). */
    ok(rem == 0 && r.w[0] == 1 && r.w[1] == 1 && r.w[2] == 1 && r.w[3] == 1,
       "div: (2^256 - 1) / (2^64 - 1)");
    ok(duetd_u256_cmp(&one, &zero) == 1 && duetd_u256_cmp(&zero, &one) == -1
       && duetd_u256_cmp(&max, &max) == 0, "cmp: -1, 0, 1");

    /* Doubles: exact powers, and rounding that sees every bit. */
    ok(duetd_u256_to_double(&one) == 1.0, "to_double: 1");
    r = zero;
    r.w[1] = 1;
    ok(duetd_u256_to_double(&r) == 18446744073709551616.0,
       "to_double: 2^64");
    ok(duetd_u256_to_double(&max) == 0x1p256, "to_double: 2^256 - 1 rounds"
       " to 2^256");
    /* (2^53 + 1) * 2^64 is a tie: rounds to even, 2^117. */
    r = zero;
    r.w[1] = (1ULL << 53) + 1;
    ok(duetd_u256_to_double(&r) == 0x1p117, "to_double: a tie rounds to"
       " even");
    /* One more unit, 130 bits below, breaks the tie upwards. */
    r.w[0] = 1;
    ok(duetd_u256_to_double(&r) == 0x1.0000000000001p117, "to_double: a low"
       " bit breaks the tie");
}


static void
test_random(void)
{
    struct duetd_u256  a, b, r, back;
    char               dec[DUETD_U256_DEC_SIZE];
    char               ref[100];
    mpz_t              za, zb, zr, lim;
    uint64_t           m, rem, hi;
    int                i, rc, bad_dec = 0, bad_add = 0, bad_sub = 0;
    int                bad_mul = 0, bad_div = 0, bad_cmp = 0, bad_dbl = 0;
    int                bad_wide = 0, bad_hex = 0;

    rng_state = tap_seed();
    mpz_inits(za, zb, zr, lim, NULL);
    mpz_ui_pow_ui(lim, 2, 256);
    for (i = 0; i < 3000; i++) {
        rand_u256(&a);
        rand_u256(&b);
        m = rng() >> (rng() % 64);
        to_mpz(za, &a);
        to_mpz(zb, &b);

        duetd_u256_to_dec(dec, &a);
        mpz_get_str(ref, 10, za);
        bad_dec += strcmp(dec, ref) != 0
                   || duetd_u256_parse(&back, dec) != 0
                   || duetd_u256_cmp(&back, &a) != 0;
        gmp_snprintf(ref, sizeof(ref), "0x%Zx", za);
        bad_hex += duetd_u256_parse(&back, ref) != 0
                   || duetd_u256_cmp(&back, &a) != 0;

        bad_cmp += duetd_u256_cmp(&a, &b) != (mpz_cmp(za, zb) > 0)
                   - (mpz_cmp(za, zb) < 0);

        rc = duetd_u256_add(&r, &a, &b);
        mpz_add(zr, za, zb);
        bad_add += mpz_cmp(zr, lim) >= 0 ? rc != -1 : (rc != 0
                                                       || !eq_mpz(&r, zr));

        rc = duetd_u256_sub(&r, &a, &b);
        mpz_sub(zr, za, zb);
        bad_sub += mpz_sgn(zr) < 0 ? rc != -1 || !duetd_u256_is_zero(&r)
                                   : rc != 0 || !eq_mpz(&r, zr);

        rc = duetd_u256_mul_u64(&r, &a, m);
        mpz_mul_ui(zr, za, m);
        bad_mul += mpz_cmp(zr, lim) >= 0 ? rc != -1 : (rc != 0
                                                       || !eq_mpz(&r, zr));
        hi = duetd_u256_mul_u64_wide(&r, &a, m);
        mpz_tdiv_r_2exp(za, zr, 256);
        mpz_tdiv_q_2exp(zr, zr, 256);
        bad_wide += !eq_mpz(&r, za) || mpz_get_ui(zr) != hi;
        to_mpz(za, &a);

        if (m != 0) {
            rem = duetd_u256_div_u64(&r, &a, m);
            bad_div += mpz_fdiv_q_ui(zr, za, m) != rem || !eq_mpz(&r, zr);
        }

        bad_dbl += !nearest_double(duetd_u256_to_double(&a), za);
    }
    mpz_clears(za, zb, zr, lim, NULL);
    is_int(0, bad_dec, "random: to_dec and parse agree with GMP");
    is_int(0, bad_hex, "random: hex parse agrees with GMP");
    is_int(0, bad_cmp, "random: cmp");
    is_int(0, bad_add, "random: add (and its overflow)");
    is_int(0, bad_sub, "random: sub (and its underflow)");
    is_int(0, bad_mul, "random: mul_u64 (and its overflow)");
    is_int(0, bad_wide, "random: mul_u64_wide");
    is_int(0, bad_div, "random: div_u64");
    is_int(0, bad_dbl, "random: to_double is the nearest double");
}


int
main(int argc, char **argv)
{
    tap_init(argc, argv);
    plan_lazy();

    test_parse();
    test_to_dec();
    test_to_hex();
    test_bytes();
    test_edges();
    test_random();
    return 0;
}
