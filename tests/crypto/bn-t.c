/*
 * bn-t.c -- tests for crypto/src/bn: byte and wire conversion, sampling and
 * the half-range convention (spec C9), the range predicates, the _sec
 * exponentiation and reduction against plain GMP, the _var helpers, and the
 * security levels.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gmp.h>

#include "basic.h"
#include "duet.h"
#include "duet_util.h"
#include "bn/bn.h"
#include "bn/level.h"
#include "codec/buf.h"
#include "util/mem.h"
#include "util/rand.h"

static unsigned long illegal_count;


static void
counting_illegal(const char *message, void *data)
{
    (void) message;
    (*(unsigned long *) data)++;
}


/* A test-side random number below 2^32 (through the seeded stream). */
static uint32_t
rand_u32(void)
{
    uint8_t b[4];

    if (duet_random_bytes(b, sizeof(b)) != 0) {
        bail("duet_random_bytes failed");
    }
    return (uint32_t) b[0] << 24 | (uint32_t) b[1] << 16
        | (uint32_t) b[2] << 8 | b[3];
}


static void
rand_bits(mpz_t x, unsigned bits)
{
    if (duet_bn_random_bits(x, bits) != 0) {
        bail("duet_bn_random_bits failed");
    }
}


/* A random odd modulus of exactly bits bits (bits >= 2). */
static void
rand_odd_modulus(mpz_t m, unsigned bits)
{
    rand_bits(m, bits);
    mpz_setbit(m, bits - 1);
    mpz_setbit(m, 0);
}


static void
test_import_export(void)
{
    uint8_t in[70], out[80], expect[80];
    mpz_t x;
    size_t len, bad = 0;
    int r;

    mpz_init(x);

    duet_bn_import(x, NULL, 0);
    is_int(0, mpz_sgn(x), "import of nothing is zero");
    is_int(0, (long long) duet_bn_bytes(x), "bytes(0) is 0");
    memset(out, 0xaa, sizeof(out));
    memset(expect, 0, sizeof(expect));
    is_int(0, duet_bn_export_fixed(out, 8, x), "export zero");
    is_blob(expect, out, 8, "zero exports as zero bytes");
    is_int(0, duet_bn_export_fixed(out, 0, x), "zero fits in 0 bytes");

    for (len = 1; len <= sizeof(in); len++) {
        if (duet_random_bytes(in, len) != 0) {
            bail("random");
        }
        /* Every third length starts with zero bytes. */
        if (len % 3 == 0) {
            in[0] = 0;
            if (len > 1) {
                in[1] = 0;
            }
        }
        in[len - 1] |= 1;
        duet_bn_import(x, in, len);
        memset(out, 0xaa, sizeof(out));
        r = duet_bn_export_fixed(out, len, x);
        if (r != 0 || memcmp(in, out, len) != 0) {
            bad++;
        }
        /* Wider output is left-padded with zeros. */
        memset(out, 0xaa, sizeof(out));
        memset(expect, 0, sizeof(expect));
        memcpy(expect + 10, in, len);
        r = duet_bn_export_fixed(out, len + 10, x);
        if (r != 0 || memcmp(expect, out, len + 10) != 0) {
            bad++;
        }
    }
    is_int(0, (long long) bad, "import/export round trips, 1..70 bytes");

    in[0] = 0x01;
    in[1] = 0x00;
    in[2] = 0x00;
    duet_bn_import(x, in, 3);
    is_int(65536, (long long) mpz_get_ui(x), "import is big-endian");
    is_int(3, (long long) duet_bn_bytes(x), "bytes(65536) is 3");
    is_int(DUET_ERR_BUFFER_TOO_SMALL, duet_bn_export_fixed(out, 2, x),
        "export into too few bytes");
    mpz_neg(x, x);
    is_int(3, (long long) duet_bn_bytes(x), "bytes counts the magnitude");
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_bn_export_fixed(out, 8, x),
        "export of a negative number");

    mpz_clear(x);
}


/* Encode then decode x through the wire form; signed or not. */
static int
wire_roundtrip(const mpz_t x, int is_signed)
{
    struct duet_buf_writer w;
    struct duet_buf_reader rd;
    mpz_t y;
    int ok_ = 0;

    mpz_init(y);
    duet_buf_writer_init_alloc(&w, DUET_BUF_MAX);
    if ((is_signed ? duet_bn_put_signed(&w, x) : duet_bn_put(&w, x)) != 0) {
        goto out;
    }
    duet_buf_reader_init(&rd, duet_buf_writer_ptr(&w),
        duet_buf_writer_len(&w));
    if ((is_signed ? duet_bn_get_signed(&rd, y, DUET_BN_MAX_BYTES)
        : duet_bn_get(&rd, y, DUET_BN_MAX_BYTES)) != 0)
    {
        goto out;
    }
    if (duet_buf_reader_end(&rd) != 0) {
        goto out;
    }
    /* Length prefix, optional sign byte, minimal magnitude. */
    if (duet_buf_writer_len(&w)
        != 4 + (size_t) is_signed + duet_bn_bytes(x))
    {
        goto out;
    }
    ok_ = mpz_cmp(x, y) == 0;

out:
    duet_buf_writer_free(&w);
    mpz_clear(y);
    return ok_;
}


/* Parse len bytes at p with get (signed or not) and max; returns code. */
static int
wire_parse(const uint8_t *p, size_t len, int is_signed, size_t max,
    mpz_t x)
{
    struct duet_buf_reader rd;

    mpz_set_ui(x, 12345);
    duet_buf_reader_init(&rd, p, len);
    return is_signed ? duet_bn_get_signed(&rd, x, max)
        : duet_bn_get(&rd, x, max);
}


static void
test_wire(void)
{
    static const uint8_t leading_zero[] = { 0, 0, 0, 2, 0x00, 0x01 };
    static const uint8_t one[] = { 0, 0, 0, 1, 0x01 };
    static const uint8_t neg_zero[] = { 1, 0, 0, 0, 0 };
    static const uint8_t pos_zero[] = { 0, 0, 0, 0, 0 };
    static const uint8_t bad_sign[] = { 2, 0, 0, 0, 1, 0x05 };
    static const uint8_t s_leading_zero[] = { 1, 0, 0, 0, 2, 0x00, 0x05 };
    static const uint8_t neg_five[] = { 1, 0, 0, 0, 1, 0x05 };
    static const uint8_t truncated[] = { 0, 0, 0, 3, 0x01, 0x02 };
    static const uint8_t three[] = { 0, 0, 0, 3, 0x01, 0x02, 0x03 };
    struct duet_buf_writer w;
    mpz_t x;
    unsigned i, bits;
    unsigned long bad = 0;
    uint8_t small[8];

    mpz_init(x);

    mpz_set_ui(x, 0);
    ok(wire_roundtrip(x, 0), "wire round trip: 0");
    ok(wire_roundtrip(x, 1), "wire round trip: signed 0");
    mpz_set_ui(x, 255);
    ok(wire_roundtrip(x, 0), "wire round trip: 255");
    mpz_set_ui(x, 256);
    ok(wire_roundtrip(x, 0), "wire round trip: 256");
    mpz_set_si(x, -1);
    ok(wire_roundtrip(x, 1), "wire round trip: -1");
    for (i = 0; i < 200; i++) {
        bits = rand_u32() % 8192 + 1;
        rand_bits(x, bits);
        bad += !wire_roundtrip(x, 0);
        if (rand_u32() & 1) {
            mpz_neg(x, x);
        }
        bad += !wire_roundtrip(x, 1);
    }
    is_int(0, (long long) bad, "wire round trips of random values");

    is_int(0, wire_parse(one, sizeof(one), 0, 1, x), "bn 1 parses");
    is_int(1, (long long) mpz_get_ui(x), "bn 1 value");
    is_int(DUET_ERR_NON_CANONICAL,
        wire_parse(leading_zero, sizeof(leading_zero), 0, 8, x),
        "bn with a leading zero byte rejected");
    is_int(0, mpz_sgn(x), "rejected bn leaves zero");
    is_int(DUET_ERR_NON_CANONICAL,
        wire_parse(neg_zero, sizeof(neg_zero), 1, 8, x),
        "negative zero rejected");
    is_int(0, mpz_sgn(x), "rejected sbn leaves zero");
    is_int(0, wire_parse(pos_zero, sizeof(pos_zero), 1, 8, x),
        "signed zero parses");
    is_int(0, mpz_sgn(x), "signed zero value");
    is_int(DUET_ERR_NON_CANONICAL,
        wire_parse(bad_sign, sizeof(bad_sign), 1, 8, x),
        "sign byte 2 rejected");
    is_int(DUET_ERR_NON_CANONICAL,
        wire_parse(s_leading_zero, sizeof(s_leading_zero), 1, 8, x),
        "sbn with a leading zero byte rejected");
    is_int(0, wire_parse(neg_five, sizeof(neg_five), 1, 8, x),
        "sbn -5 parses");
    is_int(-5, (long long) mpz_get_si(x), "sbn -5 value");
    is_int(DUET_ERR_TRUNCATED,
        wire_parse(truncated, sizeof(truncated), 0, 8, x),
        "truncated bn rejected");
    is_int(0, wire_parse(three, sizeof(three), 0, 3, x),
        "bn at exactly max bytes accepted");
    is_int(DUET_ERR_LIMIT_EXCEEDED,
        wire_parse(three, sizeof(three), 0, 2, x),
        "bn over max bytes rejected");
    is_int(0, mpz_sgn(x), "over-long bn leaves zero");

    duet_buf_writer_init(&w, small, sizeof(small));
    mpz_set_si(x, -7);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_bn_put(&w, x),
        "unsigned put of a negative number refused");
    is_int(0, (long long) duet_buf_writer_len(&w), "nothing written");
    mpz_set_ui(x, 0);
    mpz_setbit(x, 8 * DUET_BN_MAX_BYTES);
    duet_buf_writer_init_alloc(&w, DUET_BUF_MAX);
    is_int(DUET_ERR_LIMIT_EXCEEDED, duet_bn_put(&w, x),
        "put of a bn over DUET_BN_MAX_BYTES");
    is_int(DUET_ERR_LIMIT_EXCEEDED, duet_buf_writer_error(&w),
        "... and the writer's error is sticky");
    duet_buf_writer_free(&w);
    duet_buf_writer_init_alloc(&w, DUET_BUF_MAX);
    mpz_neg(x, x);
    is_int(DUET_ERR_LIMIT_EXCEEDED, duet_bn_put_signed(&w, x),
        "signed put over DUET_BN_MAX_BYTES");
    duet_buf_writer_free(&w);
    mpz_set_ui(x, 1);
    mpz_mul_2exp(x, x, 8 * DUET_BN_MAX_BYTES - 1);
    ok(wire_roundtrip(x, 0), "wire round trip at exactly DUET_BN_MAX_BYTES");

    mpz_clear(x);
}


static void
test_random_ranges(void)
{
    mpz_t x, bound, lo, hi;
    unsigned i, k;
    unsigned long bad = 0, top = 0;
    int hit[16], v, all;

    mpz_inits(x, bound, lo, hi, NULL);

    /* random_bits: below 2^bits, and the top bit does occur. */
    for (i = 0; i < 400; i++) {
        k = 1 + i % 133;
        rand_bits(x, k);
        bad += mpz_sgn(x) < 0 || mpz_sizeinbase(x, 2) > k;
        top += mpz_tstbit(x, k - 1);
    }
    is_int(0, (long long) bad, "random_bits stays below 2^bits");
    ok(top > 100 && top < 300, "random_bits sets the top bit about half "
        "the time (%lu of 400)", top);
    is_int(0, duet_bn_random_bits(x, 0), "random_bits(0)");
    is_int(0, mpz_sgn(x), "random_bits(0) is 0");

    /* random_below(7): exactly 0..6, every value. */
    memset(hit, 0, sizeof(hit));
    mpz_set_ui(bound, 7);
    bad = 0;
    for (i = 0; i < 700; i++) {
        if (duet_bn_random_below(x, bound) != 0) {
            bad++;
            continue;
        }
        if (mpz_sgn(x) < 0 || mpz_cmp(x, bound) >= 0) {
            bad++;
            continue;
        }
        hit[mpz_get_ui(x)]++;
    }
    for (all = 1, v = 0; v < 7; v++) {
        all &= hit[v] > 0;
    }
    is_int(0, (long long) bad, "random_below(7) stays in [0, 7)");
    ok(all, "random_below(7) hits every value");
    mpz_set_ui(bound, 1);
    is_int(0, duet_bn_random_below(x, bound), "random_below(1)");
    is_int(0, mpz_sgn(x), "random_below(1) is 0");
    mpz_set_ui(bound, 0);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_bn_random_below(x, bound),
        "random_below(0) refused");
    mpz_set_si(bound, -5);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_bn_random_below(x, bound),
        "random_below(-5) refused");

    /* Large bounds: below, and not always small. */
    rand_odd_modulus(bound, 3000);
    bad = 0;
    for (i = 0; i < 50; i++) {
        if (duet_bn_random_below(x, bound) != 0 || mpz_cmp(x, bound) >= 0
            || mpz_sgn(x) < 0)
        {
            bad++;
        }
    }
    is_int(0, (long long) bad, "random_below(3000-bit bound)");

    /* pm_pow2(3): exactly [-4, 4], both ends included (C9). */
    memset(hit, 0, sizeof(hit));
    bad = 0;
    for (i = 0; i < 2000; i++) {
        if (duet_bn_random_pm_pow2(x, 3) != 0 || mpz_cmp_si(x, -4) < 0
            || mpz_cmp_si(x, 4) > 0)
        {
            bad++;
            continue;
        }
        hit[mpz_get_si(x) + 4]++;
    }
    for (all = 1, v = 0; v < 9; v++) {
        all &= hit[v] > 0;
    }
    is_int(0, (long long) bad, "random_pm_pow2(3) stays in [-4, 4]");
    ok(all, "random_pm_pow2(3) hits every value, -4 and 4 included");
    is_int(0, duet_bn_random_pm_pow2(x, 1), "random_pm_pow2(1)");
    ok(mpz_cmpabs_ui(x, 1) <= 0, "random_pm_pow2(1) in [-1, 1]");
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_bn_random_pm_pow2(x, 0),
        "random_pm_pow2(0) refused");

    /* pm(X): X = 8 gives [-4, 4]; X = 7 gives [-3, 3]. */
    for (k = 7; k <= 8; k++) {
        memset(hit, 0, sizeof(hit));
        bad = 0;
        mpz_set_ui(bound, k);
        for (i = 0; i < 2000; i++) {
            if (duet_bn_random_pm(x, bound) != 0
                || mpz_cmpabs_ui(x, k / 2) > 0)
            {
                bad++;
                continue;
            }
            hit[mpz_get_si(x) + 4]++;
        }
        for (all = 1, v = 4 - (int) k / 2; v <= 4 + (int) k / 2; v++) {
            all &= hit[v] > 0;
        }
        is_int(0, (long long) bad, "random_pm(%u) stays in [-%u, %u]", k,
            k / 2, k / 2);
        ok(all, "random_pm(%u) hits every value, both ends included", k);
    }
    mpz_set_ui(bound, 1);
    is_int(0, duet_bn_random_pm(x, bound), "random_pm(1)");
    is_int(0, mpz_sgn(x), "random_pm(1) is 0");
    mpz_set_ui(bound, 0);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_bn_random_pm(x, bound),
        "random_pm(0) refused");

    /* Large ranges: within bounds and both signs occur. */
    bad = 0;
    top = 0;
    for (i = 0; i < 100; i++) {
        if (duet_bn_random_pm_pow2(x, 1280) != 0
            || !duet_bn_in_pm_pow2_var(x, 1280))
        {
            bad++;
        }
        top += mpz_sgn(x) < 0;
    }
    is_int(0, (long long) bad, "random_pm_pow2(1280) in range");
    ok(top > 20 && top < 80, "random_pm_pow2(1280) gives both signs");

    mpz_clears(x, bound, lo, hi, NULL);
}


static void
test_random_unit(void)
{
    mpz_t x, n, g;
    unsigned i;
    unsigned long bad = 0;
    int hit[15];

    mpz_inits(x, n, g, NULL);

    /* Z*_15 = {1,2,4,7,8,11,13,14}: all hit, nothing else. */
    memset(hit, 0, sizeof(hit));
    mpz_set_ui(n, 15);
    for (i = 0; i < 800; i++) {
        if (duet_bn_random_unit(x, n) != 0) {
            bad++;
            continue;
        }
        mpz_gcd(g, x, n);
        if (mpz_sgn(x) <= 0 || mpz_cmp(x, n) >= 0
            || mpz_cmp_ui(g, 1) != 0)
        {
            bad++;
            continue;
        }
        hit[mpz_get_ui(x)]++;
    }
    is_int(0, (long long) bad, "random_unit(15) gives units of Z_15");
    ok(hit[1] && hit[2] && hit[4] && hit[7] && hit[8] && hit[11] && hit[13]
        && hit[14], "random_unit(15) hits every unit");

    /* Even modulus (the plain-gcd path). */
    bad = 0;
    mpz_set_ui(n, 12);
    for (i = 0; i < 200; i++) {
        if (duet_bn_random_unit(x, n) != 0) {
            bad++;
            continue;
        }
        mpz_gcd(g, x, n);
        bad += mpz_sgn(x) <= 0 || mpz_cmp_ui(g, 1) != 0;
    }
    is_int(0, (long long) bad, "random_unit(12) gives units");

    rand_odd_modulus(n, 2048);
    bad = 0;
    for (i = 0; i < 20; i++) {
        bad += duet_bn_random_unit(x, n) != 0 || !duet_bn_is_unit_var(x, n);
    }
    is_int(0, (long long) bad, "random_unit mod a 2048-bit number");

    mpz_set_ui(n, 1);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_bn_random_unit(x, n),
        "random_unit(1) refused");
    mpz_set_ui(n, 0);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_bn_random_unit(x, n),
        "random_unit(0) refused");

    mpz_clears(x, n, g, NULL);
}


static void
test_predicates(void)
{
    mpz_t x, X, n;

    mpz_inits(x, X, n, NULL);

    /* +-2^5: |x| <= 16. */
    mpz_set_si(x, 16);
    ok(duet_bn_in_pm_pow2_var(x, 5), "16 in +-2^5 (inclusive)");
    mpz_set_si(x, -16);
    ok(duet_bn_in_pm_pow2_var(x, 5), "-16 in +-2^5 (inclusive)");
    mpz_set_si(x, 17);
    ok(!duet_bn_in_pm_pow2_var(x, 5), "17 not in +-2^5");
    mpz_set_si(x, -17);
    ok(!duet_bn_in_pm_pow2_var(x, 5), "-17 not in +-2^5");
    mpz_set_si(x, 0);
    ok(duet_bn_in_pm_pow2_var(x, 0), "0 in +-2^0");
    mpz_set_si(x, 1);
    ok(!duet_bn_in_pm_pow2_var(x, 0), "1 not in +-2^0");
    /* Large boundary: 2^1279 in, 2^1279 + 1 out. */
    mpz_set_ui(x, 0);
    mpz_setbit(x, 1279);
    ok(duet_bn_in_pm_pow2_var(x, 1280), "2^1279 in +-2^1280");
    mpz_neg(x, x);
    ok(duet_bn_in_pm_pow2_var(x, 1280), "-2^1279 in +-2^1280");
    mpz_sub_ui(x, x, 1);
    ok(!duet_bn_in_pm_pow2_var(x, 1280), "-2^1279 - 1 not in +-2^1280");
    mpz_neg(x, x);
    ok(!duet_bn_in_pm_pow2_var(x, 1280), "2^1279 + 1 not in +-2^1280");

    /* +-X: X = 9 -> |x| <= 4; X = 10 -> |x| <= 5. */
    mpz_set_ui(X, 9);
    mpz_set_si(x, 4);
    ok(duet_bn_in_pm_var(x, X), "4 in +-9");
    mpz_set_si(x, -4);
    ok(duet_bn_in_pm_var(x, X), "-4 in +-9");
    mpz_set_si(x, 5);
    ok(!duet_bn_in_pm_var(x, X), "5 not in +-9");
    mpz_set_ui(X, 10);
    ok(duet_bn_in_pm_var(x, X), "5 in +-10 (inclusive, C9)");
    mpz_set_si(x, -5);
    ok(duet_bn_in_pm_var(x, X), "-5 in +-10 (inclusive, C9)");
    mpz_set_si(x, -6);
    ok(!duet_bn_in_pm_var(x, X), "-6 not in +-10");
    mpz_set_ui(X, 0);
    mpz_set_si(x, 0);
    ok(!duet_bn_in_pm_var(x, X), "nothing is in +-0");

    mpz_set_ui(n, 15);
    mpz_set_ui(x, 2);
    ok(duet_bn_is_unit_var(x, n), "2 is a unit mod 15");
    mpz_set_ui(x, 6);
    ok(!duet_bn_is_unit_var(x, n), "6 is not a unit mod 15");
    mpz_set_ui(x, 0);
    ok(!duet_bn_is_unit_var(x, n), "0 is not a unit");
    mpz_set_ui(x, 15);
    ok(!duet_bn_is_unit_var(x, n), "n is out of range");
    mpz_set_ui(x, 16);
    ok(!duet_bn_is_unit_var(x, n), "n + 1 is out of range");
    mpz_set_si(x, -1);
    ok(!duet_bn_is_unit_var(x, n), "-1 is out of range");

    mpz_clears(x, X, n, NULL);
}


/* Compare duet_bn_powm_sec with mpz_powm on one input; 1 if equal. */
static int
powm_sec_agrees(const mpz_t b, const mpz_t e, unsigned ebits, const mpz_t m)
{
    mpz_t r1, r2;
    int same;

    mpz_inits(r1, r2, NULL);
    mpz_set_ui(r1, 99);
    if (duet_bn_powm_sec(r1, b, e, ebits, m) != 0) {
        same = 0;
    } else {
        mpz_powm(r2, b, e, m);
        same = mpz_cmp(r1, r2) == 0;
    }
    mpz_clears(r1, r2, NULL);

    return same;
}


static void
test_powm_sec(void)
{
    mpz_t b, e, m, r, binv, ae, r2;
    unsigned i, mbits, ebits;
    unsigned long bad = 0, bad_signed = 0, neg = 0;

    mpz_inits(b, e, m, r, binv, ae, r2, NULL);

    for (i = 0; i < 300; i++) {
        /* Moduli around limb boundaries and up to N^2 at level 128. */
        mbits = i < 20 ? 2 + i : (i % 5 == 0 ? 64 * (1 + i % 8) + i % 3
            : 2 + rand_u32() % 1200);
        if (i % 50 == 0) {
            mbits = 6144;
        }
        rand_odd_modulus(m, mbits);
        ebits = 1 + rand_u32() % 700;
        rand_bits(e, ebits);
        switch (i % 6) {
        case 0:
            /* Base above m: reduced first. */
            rand_bits(b, mbits + 1 + rand_u32() % 200);
            break;
        case 1:
            mpz_set_ui(e, 0);
            rand_bits(b, mbits);
            break;
        case 2:
            /* e much shorter than ebits. */
            mpz_set_ui(e, rand_u32() % 5);
            ebits += 3;
            rand_bits(b, mbits - 1);
            break;
        default:
            rand_bits(b, mbits - 1);
            break;
        }
        if (!powm_sec_agrees(b, e, ebits, m)) {
            bad++;
            diag("powm_sec differs: case %u, %u-bit m, ebits %u, e %zu "
                "bits, b %zu bits", i % 6, mbits, ebits,
                mpz_sizeinbase(e, 2), mpz_sizeinbase(b, 2));
        }

        /* Signed: b_inv chosen by the sign of e. */
        if (mpz_invert(binv, b, m) == 0) {
            continue;
        }
        if (rand_u32() & 1) {
            mpz_neg(e, e);
            neg++;
        }
        if (duet_bn_powm_sec_signed(r, b, binv, e, ebits, m) != 0) {
            bad_signed++;
            continue;
        }
        mpz_abs(ae, e);
        mpz_powm(r2, mpz_sgn(e) < 0 ? binv : b, ae, m);
        bad_signed += mpz_cmp(r, r2) != 0;
    }
    is_int(0, (long long) bad, "powm_sec equals mpz_powm (300 inputs)");
    is_int(0, (long long) bad_signed,
        "powm_sec_signed equals mpz_powm with the inverse for e < 0");
    ok(neg > 50, "signed cases include negative exponents (%lu)", neg);

    /* Edge cases. */
    mpz_set_ui(m, 1000003);
    mpz_set_ui(b, 5);
    mpz_set_ui(e, 0);
    is_int(0, duet_bn_powm_sec(r, b, e, 0, m), "powm_sec with ebits 0");
    is_int(1, (long long) mpz_get_ui(r), "... e = 0 gives 1");
    is_int(0, duet_bn_powm_sec(r, b, e, 256, m), "powm_sec e = 0, ebits 256");
    is_int(1, (long long) mpz_get_ui(r), "... gives 1");
    mpz_set_ui(b, 0);
    mpz_set_ui(e, 5);
    is_int(0, duet_bn_powm_sec(r, b, e, 3, m), "powm_sec of base 0");
    is_int(0, mpz_sgn(r), "... 0^5 = 0");
    mpz_set(b, m);
    ok(powm_sec_agrees(b, e, 3, m), "base = m agrees with mpz_powm");
    mpz_set_ui(e, 0);
    ok(powm_sec_agrees(b, e, 3, m), "base = m, e = 0 agrees");
    mpz_set_si(b, -3);
    mpz_set_ui(e, 7);
    mpz_powm(r2, b, e, m);
    is_int(0, duet_bn_powm_sec(r, b, e, 3, m), "powm_sec of a negative base");
    ok(mpz_cmp(r, r2) == 0, "... (-3)^7 mod m agrees");
    mpz_set_ui(b, 3);
    mpz_set_ui(e, 7);
    is_int(0, duet_bn_powm_sec(b, b, e, 3, m), "powm_sec with r == b");
    is_int(2187, (long long) mpz_get_ui(b), "... 3^7");
    mpz_set_ui(b, 3);
    is_int(0, duet_bn_powm_sec(e, b, e, 3, m), "powm_sec with r == e");
    is_int(2187, (long long) mpz_get_ui(e), "... 3^7");
    mpz_set_ui(b, 3);
    mpz_set_ui(e, 7);
    mpz_set(r, m);
    is_int(0, duet_bn_powm_sec(r, b, e, 3, r), "powm_sec with r == m");
    is_int(2187, (long long) mpz_get_ui(r), "... 3^7");

    /* Invalid arguments. */
    mpz_set_ui(b, 3);
    mpz_set_ui(e, 8);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_bn_powm_sec(r, b, e, 3, m),
        "powm_sec: e = 2^ebits refused");
    mpz_set_ui(e, 7);
    is_int(0, duet_bn_powm_sec(r, b, e, 3, m), "powm_sec: e = 2^ebits - 1 ok");
    mpz_set_si(e, -1);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_bn_powm_sec(r, b, e, 3, m),
        "powm_sec: e < 0 refused");
    mpz_set_ui(e, 1);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_bn_powm_sec(r, b, e, 0, m),
        "powm_sec: e = 1 with ebits 0 refused");
    mpz_set_ui(m, 1000004);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_bn_powm_sec(r, b, e, 3, m),
        "powm_sec: even m refused");
    mpz_set_ui(m, 1);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_bn_powm_sec(r, b, e, 3, m),
        "powm_sec: m = 1 refused");
    mpz_set_ui(m, 0);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_bn_powm_sec(r, b, e, 3, m),
        "powm_sec: m = 0 refused");
    mpz_set_si(m, -7);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_bn_powm_sec(r, b, e, 3, m),
        "powm_sec: m < 0 refused");
    mpz_set_ui(m, 11);
    mpz_set_ui(binv, 4);
    mpz_set_si(e, -8);
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_bn_powm_sec_signed(r, b, binv, e, 3, m),
        "powm_sec_signed: |e| = 2^ebits refused");
    mpz_set_si(e, -7);
    is_int(0, duet_bn_powm_sec_signed(r, b, binv, e, 3, m),
        "powm_sec_signed: |e| = 2^ebits - 1 ok");
    is_int(5, (long long) mpz_get_ui(r), "... 3^-7 mod 11 = 4^7 mod 11 = 5");
    mpz_set_ui(m, 12);
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_bn_powm_sec_signed(r, b, binv, e, 3, m),
        "powm_sec_signed: even m refused");

    /* Allocation failure is reported, not ignored. */
    mpz_set_ui(m, 11);
    mpz_set_ui(e, 5);
    duet_mem_test_fail_alloc(1);
    is_int(DUET_ERR_NO_MEMORY, duet_bn_powm_sec(r, b, e, 3, m),
        "powm_sec: allocation failure -> NO_MEMORY");
    duet_mem_test_fail_alloc(0);

    mpz_clears(b, e, m, r, binv, ae, r2, NULL);
}


static void
test_sec_arith(void)
{
    mpz_t a, b, m, r, r2;
    unsigned i, mbits;
    unsigned long bad_mod = 0, bad_mul = 0, bad_inv = 0, noinv = 0;
    unsigned long bad_div = 0;
    int have;

    mpz_inits(a, b, m, r, r2, NULL);

    for (i = 0; i < 200; i++) {
        mbits = 2 + rand_u32() % 3100;
        rand_odd_modulus(m, mbits);
        if (i % 3 == 0) {
            /* Even moduli for mod and mulmod. */
            mpz_clrbit(m, 0);
        }
        rand_bits(a, rand_u32() % (2 * mbits + 10));
        rand_bits(b, rand_u32() % (mbits + 10));

        if (duet_bn_mod_sec(r, a, m) != 0) {
            bad_mod++;
        } else {
            mpz_mod(r2, a, m);
            bad_mod += mpz_cmp(r, r2) != 0;
        }
        if (duet_bn_div_sec(r, a, m) != 0) {
            bad_div++;
        } else {
            mpz_fdiv_q(r2, a, m);
            bad_div += mpz_cmp(r, r2) != 0;
        }
        if (duet_bn_mulmod_sec(r, a, b, m) != 0) {
            bad_mul++;
        } else {
            mpz_mul(r2, a, b);
            mpz_mod(r2, r2, m);
            bad_mul += mpz_cmp(r, r2) != 0;
        }
        if (mpz_even_p(m) || mpz_cmp_ui(m, 1) <= 0) {
            continue;
        }
        have = mpz_invert(r2, a, m) != 0;
        if (!have) {
            noinv++;
            bad_inv += duet_bn_invert_sec(r, a, m)
                != DUET_ERR_INVALID_ARGUMENT;
            continue;
        }
        if (duet_bn_invert_sec(r, a, m) != 0) {
            bad_inv++;
        } else {
            bad_inv += mpz_cmp(r, r2) != 0;
        }
    }
    is_int(0, (long long) bad_mod, "mod_sec equals mpz_mod");
    is_int(0, (long long) bad_mul, "mulmod_sec equals mpz_mul + mpz_mod");
    is_int(0, (long long) bad_div, "div_sec equals mpz_fdiv_q");
    is_int(0, (long long) bad_inv, "invert_sec equals mpz_invert");

    mpz_set_ui(m, 15);
    mpz_set_ui(a, 6);
    mpz_set_ui(r, 7);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_bn_invert_sec(r, a, m),
        "invert_sec: no inverse of 6 mod 15");
    is_int(0, mpz_sgn(r), "... r is 0");
    mpz_set_ui(a, 0);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_bn_invert_sec(r, a, m),
        "invert_sec: no inverse of 0");
    mpz_set_ui(a, 15);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_bn_invert_sec(r, a, m),
        "invert_sec: no inverse of m");
    mpz_set_ui(a, 17);
    is_int(0, duet_bn_invert_sec(r, a, m), "invert_sec of a > m");
    is_int(8, (long long) mpz_get_ui(r), "... 17^-1 = 2^-1 = 8 mod 15");
    mpz_set_ui(m, 16);
    mpz_set_ui(a, 3);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_bn_invert_sec(r, a, m),
        "invert_sec: even m refused");
    mpz_set_ui(m, 1);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_bn_invert_sec(r, a, m),
        "invert_sec: m = 1 refused");
    mpz_set_si(a, -3);
    mpz_set_ui(m, 15);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_bn_invert_sec(r, a, m),
        "invert_sec: a < 0 refused");
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_bn_mod_sec(r, a, m),
        "mod_sec: a < 0 refused");
    mpz_set_ui(a, 3);
    mpz_set_ui(m, 0);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_bn_mod_sec(r, a, m),
        "mod_sec: m = 0 refused");
    mpz_set_si(b, -1);
    mpz_set_ui(m, 15);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_bn_mulmod_sec(r, a, b, m),
        "mulmod_sec: b < 0 refused");
    mpz_set_ui(a, 100);
    is_int(0, duet_bn_div_sec(r, a, m), "div_sec 100 / 15");
    is_int(6, (long long) mpz_get_ui(r), "... is 6");
    mpz_set_ui(a, 14);
    is_int(0, duet_bn_div_sec(r, a, m), "div_sec 14 / 15");
    is_int(0, mpz_sgn(r), "... is 0");
    mpz_set_ui(a, 15);
    is_int(0, duet_bn_div_sec(a, a, m), "div_sec 15 / 15 with q == a");
    is_int(1, (long long) mpz_get_ui(a), "... is 1");
    mpz_set_ui(m, 0);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_bn_div_sec(r, a, m),
        "div_sec by 0 refused");
    mpz_set_ui(m, 15);
    mpz_set_si(a, -1);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_bn_div_sec(r, a, m),
        "div_sec of a < 0 refused");
    mpz_set_ui(a, 100);
    is_int(0, duet_bn_mod_sec(a, a, m), "mod_sec with r == a");
    is_int(10, (long long) mpz_get_ui(a), "... 100 mod 15");
    mpz_set_ui(a, 3);
    is_int(0, duet_bn_mod_sec(r, a, m), "mod_sec of a < m");
    is_int(3, (long long) mpz_get_ui(r), "... unchanged");

    diag("%lu random inputs had no inverse", noinv);
    mpz_clears(a, b, m, r, r2, NULL);
}


static void
test_sec_signed(void)
{
    mpz_t a, b, n, r, r2, half;
    unsigned i, bits;
    unsigned long bad_add = 0, bad_sub = 0, bad_cmp = 0, bad_center = 0;
    int c;

    mpz_inits(a, b, n, r, r2, half, NULL);

    for (i = 0; i < 300; i++) {
        bits = 1 + rand_u32() % 700;
        rand_odd_modulus(n, bits + 1);
        rand_bits(a, i % 10 == 0 ? bits / 2 : bits);
        rand_bits(b, i % 7 == 0 ? 3 : bits + (i % 3));
        if (i % 11 == 0) {
            mpz_set(b, a);
        }
        if (duet_bn_addmod_sec(r, a, b, n) != 0) {
            bad_add++;
        } else {
            mpz_add(r2, a, b);
            mpz_mod(r2, r2, n);
            bad_add += mpz_cmp(r, r2) != 0;
        }
        if (duet_bn_sub_sec(r, a, b) != 0) {
            bad_sub++;
        } else {
            mpz_sub(r2, a, b);
            bad_sub += mpz_cmp(r, r2) != 0;
        }
        if (i % 2 == 0) {
            mpz_neg(a, a);
        }
        c = mpz_cmpabs(a, b);
        c = c < 0 ? -1 : c > 0;
        bad_cmp += duet_bn_cmpabs_sec(a, b) != c;
        mpz_abs(a, a);
        mpz_mod(a, a, n);
        if (duet_bn_center_sec(r, a, n) != 0) {
            bad_center++;
        } else {
            mpz_fdiv_q_2exp(half, n, 1);
            mpz_set(r2, a);
            if (mpz_cmp(r2, half) > 0) {
                mpz_sub(r2, r2, n);
            }
            bad_center += mpz_cmp(r, r2) != 0;
        }
    }
    is_int(0, (long long) bad_add, "addmod_sec equals mpz_add + mpz_mod");
    is_int(0, (long long) bad_sub, "sub_sec equals mpz_sub (both signs)");
    is_int(0, (long long) bad_cmp, "cmpabs_sec equals mpz_cmpabs");
    is_int(0, (long long) bad_center, "center_sec gives (-n/2, n/2]");

    /* Boundaries of center_sec: (n-1)/2 stays, (n+1)/2 wraps. */
    mpz_set_ui(n, 11);
    mpz_set_ui(a, 5);
    is_int(0, duet_bn_center_sec(r, a, n), "center_sec(5, 11)");
    is_int(5, (long long) mpz_get_si(r), "... is 5");
    mpz_set_ui(a, 6);
    is_int(0, duet_bn_center_sec(r, a, n), "center_sec(6, 11)");
    is_int(-5, (long long) mpz_get_si(r), "... is -5");
    mpz_set_ui(a, 0);
    is_int(0, duet_bn_center_sec(r, a, n), "center_sec(0, 11)");
    is_int(0, mpz_sgn(r), "... is 0");
    mpz_set_ui(a, 11);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_bn_center_sec(r, a, n),
        "center_sec: a = n refused");
    mpz_set_ui(a, 3);
    mpz_set_ui(n, 12);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_bn_center_sec(r, a, n),
        "center_sec: even n refused");
    mpz_set_si(a, -3);
    mpz_set_ui(b, 1);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_bn_sub_sec(r, a, b),
        "sub_sec: a < 0 refused");
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_bn_addmod_sec(r, a, b, n),
        "addmod_sec: a < 0 refused");
    mpz_set_ui(a, 3);
    mpz_set_ui(n, 0);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_bn_addmod_sec(r, a, b, n),
        "addmod_sec: m = 0 refused");
    mpz_set_ui(a, 7);
    mpz_set_ui(b, 9);
    is_int(0, duet_bn_sub_sec(a, a, b), "sub_sec with r == a");
    is_int(-2, (long long) mpz_get_si(a), "... 7 - 9");
    mpz_set_ui(a, 9);
    is_int(0, duet_bn_sub_sec(a, a, a), "sub_sec a - a");
    is_int(0, mpz_sgn(a), "... is 0 (not negative zero)");
    is_int(0, (int) mpz_size(a), "... with no limbs");

    mpz_clears(a, b, n, r, r2, half, NULL);
}


static void
test_var(void)
{
    mpz_t b, e, m, r, r2;

    mpz_inits(b, e, m, r, r2, NULL);

    mpz_set_ui(m, 11);
    mpz_set_ui(b, 3);
    mpz_set_si(e, -7);
    is_int(0, duet_bn_powm_var(r, b, e, m), "powm_var with e < 0");
    is_int(5, (long long) mpz_get_ui(r), "... 3^-7 mod 11 = 5");
    mpz_set_ui(e, 7);
    is_int(0, duet_bn_powm_var(r, b, e, m), "powm_var with e > 0");
    is_int(9, (long long) mpz_get_ui(r), "... 3^7 mod 11 = 9");
    mpz_set_ui(e, 0);
    is_int(0, duet_bn_powm_var(r, b, e, m), "powm_var with e = 0");
    is_int(1, (long long) mpz_get_ui(r), "... gives 1");
    mpz_set_ui(m, 12);
    mpz_set_ui(b, 5);
    mpz_set_ui(e, 3);
    is_int(0, duet_bn_powm_var(r, b, e, m), "powm_var with an even m");
    is_int(5, (long long) mpz_get_ui(r), "... 5^3 mod 12 = 5");
    mpz_set_ui(b, 6);
    mpz_set_si(e, -1);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_bn_powm_var(r, b, e, m),
        "powm_var: e < 0 with a non-unit base refused");
    mpz_set_ui(m, 0);
    mpz_set_ui(e, 1);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_bn_powm_var(r, b, e, m),
        "powm_var: m = 0 refused");
    mpz_set_si(m, -5);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_bn_powm_var(r, b, e, m),
        "powm_var: m < 0 refused");
    mpz_set_ui(m, 1);
    is_int(0, duet_bn_powm_var(r, b, e, m), "powm_var mod 1");
    is_int(0, mpz_sgn(r), "... is 0");

    mpz_set_ui(m, 15);
    mpz_set_ui(b, 2);
    is_int(0, duet_bn_invert_var(r, b, m), "invert_var 2 mod 15");
    is_int(8, (long long) mpz_get_ui(r), "... is 8");
    mpz_set_ui(b, 5);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_bn_invert_var(r, b, m),
        "invert_var: no inverse");
    mpz_set_ui(m, 0);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_bn_invert_var(r, b, m),
        "invert_var: m = 0 refused");
    mpz_set_ui(m, 1);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_bn_invert_var(r, b, m),
        "invert_var: m = 1 refused");

    mpz_clears(b, e, m, r, r2, NULL);
}


/* Reference for powm2_var: two mpz_powm with explicit inverses. */
static int
powm2_reference(mpz_t r, const mpz_t b1, const mpz_t e1, const mpz_t b2,
    const mpz_t e2, const mpz_t m)
{
    mpz_t t, a;
    int ok_ = 1;

    mpz_inits(t, a, NULL);
    mpz_abs(a, e1);
    if (mpz_sgn(e1) < 0) {
        ok_ &= mpz_invert(t, b1, m) != 0;
        mpz_powm(r, t, a, m);
    } else {
        mpz_powm(r, b1, a, m);
    }
    mpz_abs(a, e2);
    if (mpz_sgn(e2) < 0) {
        ok_ &= mpz_invert(t, b2, m) != 0;
        mpz_powm(t, t, a, m);
    } else {
        mpz_powm(t, b2, a, m);
    }
    mpz_mul(r, r, t);
    mpz_mod(r, r, m);
    mpz_clears(t, a, NULL);

    return ok_;
}


static void
test_powm2(void)
{
    mpz_t b1, e1, b2, e2, m, r, r2;
    unsigned i, mbits;
    unsigned long bad = 0, skipped = 0;

    mpz_inits(b1, e1, b2, e2, m, r, r2, NULL);

    for (i = 0; i < 200; i++) {
        mbits = 2 + rand_u32() % 1100;
        rand_odd_modulus(m, mbits);
        if (i % 7 == 0) {
            mpz_clrbit(m, 0);
            mpz_setbit(m, 1);
        }
        rand_bits(b1, mbits + (i % 4 == 0 ? 40 : 0));
        rand_bits(b2, mbits);
        rand_bits(e1, i % 5 == 0 ? 0 : rand_u32() % 2400);
        rand_bits(e2, i % 11 == 0 ? 0 : rand_u32() % 3900);
        if (i % 3 == 0) {
            mpz_neg(e1, e1);
        }
        if (i % 2 == 0) {
            mpz_neg(e2, e2);
        }
        if (!powm2_reference(r2, b1, e1, b2, e2, m)) {
            skipped++;
            bad += duet_bn_powm2_var(r, b1, e1, b2, e2, m)
                != DUET_ERR_INVALID_ARGUMENT;
            continue;
        }
        if (duet_bn_powm2_var(r, b1, e1, b2, e2, m) != 0) {
            bad++;
            continue;
        }
        bad += mpz_cmp(r, r2) != 0;
    }
    is_int(0, (long long) bad, "powm2_var equals two mpz_powm (200 inputs, "
        "%lu without an inverse)", skipped);

    mpz_set_ui(m, 11);
    mpz_set_ui(b1, 3);
    mpz_set_si(e1, -7);
    mpz_set_ui(b2, 2);
    mpz_set_ui(e2, 10);
    is_int(0, duet_bn_powm2_var(b1, b1, e1, b2, e2, m),
        "powm2_var with r == b1");
    is_int(5, (long long) mpz_get_ui(b1), "... 3^-7 * 2^10 mod 11 = 5");
    mpz_set_ui(e1, 0);
    mpz_set_ui(e2, 0);
    is_int(0, duet_bn_powm2_var(r, b1, e1, b2, e2, m), "powm2_var e = 0, 0");
    is_int(1, (long long) mpz_get_ui(r), "... gives 1");
    mpz_set_ui(b1, 22);
    mpz_set_si(e1, -1);
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_bn_powm2_var(r, b1, e1, b2, e2, m),
        "powm2_var: e < 0 with a non-unit base refused");
    mpz_set_ui(m, 0);
    mpz_set_ui(e1, 1);
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_bn_powm2_var(r, b1, e1, b2, e2, m), "powm2_var: m = 0 refused");
    mpz_set_ui(m, 1);
    is_int(0, duet_bn_powm2_var(r, b1, e1, b2, e2, m), "powm2_var mod 1");
    is_int(0, mpz_sgn(r), "... is 0");

    mpz_clears(b1, e1, b2, e2, m, r, r2, NULL);
}


/*
 * Make the n-th allocation fail for n = 1, 2, ... until the call
 * succeeds: every failure must be DUET_ERR_NO_MEMORY (STYLE.md 17).
 * Returns: the number of wrong results (0 is good), or -1 if the call
 * never succeeded.
 */
#define ALLOC_SWEEP(result, stmt)  do {                                      \
    unsigned long n_;                                                        \
    long bad_ = 0;                                                           \
    int r_, done_ = 0;                                                       \
                                                                             \
    for (n_ = 1; n_ < 100 && !done_; n_++) {                                 \
        duet_mem_test_fail_alloc(n_);                                        \
        r_ = (stmt);                                                         \
        duet_mem_test_fail_alloc(0);                                         \
        done_ = r_ == 0;                                                     \
        bad_ += r_ != 0 && r_ != DUET_ERR_NO_MEMORY;                         \
    }                                                                        \
    (result) = done_ ? bad_ : -1;                                            \
} while (0)


static void
test_alloc_failures(void)
{
    struct duet_buf_writer w;
    uint8_t mem[200];
    mpz_t a, b, m, r;
    long res;

    mpz_inits(a, b, m, r, NULL);
    rand_odd_modulus(m, 700);
    rand_bits(a, 650);
    rand_bits(b, 900);

    ALLOC_SWEEP(res, duet_bn_random_bits(r, 300));
    is_int(0, res, "random_bits: every allocation failure is NO_MEMORY");
    ALLOC_SWEEP(res, duet_bn_random_pm_pow2(r, 300));
    is_int(0, res, "random_pm_pow2: every allocation failure is NO_MEMORY");
    ALLOC_SWEEP(res, duet_bn_random_unit(r, m));
    is_int(0, res, "random_unit: every allocation failure is NO_MEMORY");
    ALLOC_SWEEP(res, duet_bn_mulmod_sec(r, a, b, m));
    is_int(0, res, "mulmod_sec: every allocation failure is NO_MEMORY");
    ALLOC_SWEEP(res, duet_bn_addmod_sec(r, a, b, m));
    is_int(0, res, "addmod_sec: every allocation failure is NO_MEMORY");
    ALLOC_SWEEP(res, duet_bn_sub_sec(r, a, b));
    is_int(0, res, "sub_sec: every allocation failure is NO_MEMORY");
    ALLOC_SWEEP(res, duet_bn_div_sec(r, b, m));
    is_int(0, res, "div_sec: every allocation failure is NO_MEMORY");
    mpz_set_ui(b, 2);
    ALLOC_SWEEP(res, duet_bn_invert_sec(r, b, m));
    is_int(0, res, "invert_sec: every allocation failure is NO_MEMORY");
    rand_bits(b, 900);
    ALLOC_SWEEP(res, duet_bn_powm2_var(r, a, b, b, a, m));
    is_int(0, res, "powm2_var: every allocation failure is NO_MEMORY");
    ALLOC_SWEEP(res, (duet_buf_writer_init(&w, mem, sizeof(mem)),
        duet_bn_put(&w, a)));
    is_int(0, res, "bn_put: every allocation failure is NO_MEMORY");

    mpz_clears(a, b, m, r, NULL);
}


static void
test_levels(void)
{
    const struct duet_level *l128, *l112;

    l128 = duet_level_get(DUET_LEVEL_128);
    l112 = duet_level_get(DUET_LEVEL_112);
    ok(l128 != NULL && l112 != NULL, "both levels exist");
    if (l128 == NULL || l112 == NULL) {
        return;
    }
    ok(duet_level_get(0) == NULL && duet_level_get(256) == NULL
        && duet_level_get(-128) == NULL, "unknown levels give NULL");

    is_int(128, l128->id, "level 128 id");
    is_int(1536, l128->prime_bits, "level 128: 1536-bit primes");
    is_int(3071, l128->modulus_min_bits, "level 128: N >= 3071 bits (C7)");
    is_int(3072, l128->modulus_max_bits, "level 128: N <= 3072 bits (C7)");
    ok(l128->ell == 256 && l128->epsilon == 512 && l128->ell_prime == 1280
        && l128->m == 128 && l128->kappa_bytes == 32,
        "level 128 uses the crate's ell, eps, ell', m, kappa");
    is_int(2304, l128->rp_x_max_bits, "level 128: x exponents <= 2304 bits");
    is_int(3844, l128->rp_y_max_bits, "level 128: y exponents <= 3844 bits");
    is_int(0, duet_level_check(l128), "level 128 meets its constraints");

    is_int(112, l112->id, "level 112 id");
    is_int(1024, l112->prime_bits, "level 112: 1024-bit primes");
    ok(l112->modulus_min_bits == 2047 && l112->modulus_max_bits == 2048,
        "level 112: N in [2047, 2048] bits");
    ok(l112->ell == 256 && l112->epsilon == 384 && l112->ell_prime == 1152
        && l112->m == 128, "level 112: ell 256, eps 384, ell' 1152, m 128");
    is_int(0, duet_level_check(l112), "level 112 meets its constraints");

    /* The check is not vacuous: the crate's eps at 2048 bits fails. */
    {
        struct duet_level bad = *l112;

        bad.epsilon = 512;
        bad.stat_bits = 512 - 258;
        bad.ell_prime = 1280;
        bad.rp_x_max_bits = 256 + 512 + 1024;
        bad.rp_y_max_bits = 256 + 512 + 2048 + 4;
        is_int(DUET_ERR_INTERNAL, duet_level_check(&bad),
            "eps = 512 with 2048-bit moduli fails (Pi^fac soundness)");
        bad = *l128;
        bad.ell_prime = 1279;
        is_int(DUET_ERR_INTERNAL, duet_level_check(&bad),
            "ell' < 3 ell + eps fails (C9)");
        bad = *l112;
        bad.epsilon = 368;
        bad.stat_bits = 110;
        bad.ell_prime = 3 * 256 + 368;
        bad.rp_x_max_bits = 256 + 368 + 1024;
        bad.rp_y_max_bits = 256 + 368 + 2048 + 4;
        is_int(DUET_ERR_INTERNAL, duet_level_check(&bad),
            "eps below 2 + 112 + 256 fails at level 112");
        is_int(DUET_ERR_INTERNAL, duet_level_check(NULL), "NULL level");
    }
}


static void
test_sec_helpers(void)
{
    mpz_t p, q, n, x, rp, rq, qinv, r, rho, e, want, inv;
    unsigned i;
    unsigned long bad_crt = 0, bad_pow = 0;

    mpz_inits(p, q, n, x, rp, rq, qinv, r, rho, e, want, inv, NULL);

    mpz_set_ui(n, 15);
    mpz_set_ui(x, 2);
    is_int(1, duet_bn_is_unit_sec(x, n), "is_unit_sec: 2 in Z*_15");
    mpz_set_ui(x, 3);
    is_int(0, duet_bn_is_unit_sec(x, n), "is_unit_sec: 3 not in Z*_15");
    mpz_set_ui(x, 0);
    is_int(0, duet_bn_is_unit_sec(x, n), "is_unit_sec: 0 is not a unit");
    is_int(0, duet_bn_is_unit_sec(n, n), "is_unit_sec: n is not a unit");
    mpz_set_si(x, -2);
    is_int(0, duet_bn_is_unit_sec(x, n), "is_unit_sec: negative refused");

    for (i = 0; i < 100; i++) {
        rand_bits(p, 64 + i);
        mpz_setbit(p, 63 + i);
        mpz_nextprime(p, p);
        do {
            rand_bits(q, 64 + i);
            mpz_setbit(q, 63 + i);
            mpz_nextprime(q, q);
        } while (mpz_cmp(p, q) == 0);
        mpz_mul(n, p, q);
        rand_bits(x, 2 * (64 + i));
        mpz_mod(x, x, n);
        mpz_mod(rp, x, p);
        mpz_mod(rq, x, q);
        mpz_invert(qinv, q, p);
        bad_crt += duet_bn_crt_sec(r, rp, rq, p, q, qinv) != 0
                   || mpz_cmp(r, x) != 0;

        /* r * rho^e mod n against mpz_powm, for both signs of e. */
        do {
            rand_bits(rho, 2 * (64 + i));
            mpz_mod(rho, rho, n);
        } while (mpz_sgn(rho) == 0 || !mpz_invert(inv, rho, n));
        rand_bits(e, 200);
        if (i % 2) {
            mpz_neg(e, e);
        }
        mpz_powm(want, rho, e, n);
        mpz_mul(want, want, x);
        mpz_mod(want, want, n);
        bad_pow += duet_bn_mulpow_sec(r, x, rho, e, 200, n) != 0
                   || mpz_cmp(r, want) != 0;
    }
    is_int(0, (long long) bad_crt, "crt_sec recombines 100 random residues");
    is_int(0, (long long) bad_pow,
           "mulpow_sec equals r rho^e for positive and negative e");

    mpz_set_ui(n, 15);
    mpz_set_ui(rho, 3);
    mpz_set_si(e, -1);
    mpz_set_ui(x, 1);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_bn_mulpow_sec(r, x, rho, e, 8, n),
           "mulpow_sec refuses a negative e with a non-unit rho");

    mpz_clears(p, q, n, x, rp, rq, qinv, r, rho, e, want, inv, NULL);
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

    test_import_export();
    test_wire();
    test_random_ranges();
    test_random_unit();
    test_predicates();
    test_powm_sec();
    test_sec_arith();
    test_sec_signed();
    test_sec_helpers();
    test_var();
    test_powm2();
    test_alloc_failures();
    test_levels();

    is_int(0, (long long) illegal_count, "no ARG_CHECK fired");

    return 0;
}
