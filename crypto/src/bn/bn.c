/*
 * bn.c -- big-integer helpers over GMP: byte and wire conversion, uniform
 * sampling, range predicates, and exponentiation and reduction that are
 * constant-time in secret operands (GMP's mpn_sec_* family).
 */

#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <string.h>

#include <gmp.h>

#include "duet.h"
#include "duet_util.h"
#include "bn/bn.h"
#include "codec/buf.h"
#include "util/check.h"
#include "util/checkmem.h"
#include "util/mem.h"

/*
 * Rejection sampling draws at most this many candidates.  Every sampler
 * below accepts a candidate with probability at least 1/2 (a unit of Z*_n
 * for n with no tiny factor: nearly 1), so reaching the limit means the
 * random source is broken, not bad luck (probability < 2^-1000).
 */
#define DUET_BN_SAMPLE_TRIES  1000

STATIC_ASSERT(sizeof(int) * CHAR_BIT == 32, "int is 32 bits");


void
duet_bn_import(mpz_t x, const uint8_t *in, size_t len)
{
    if (len == 0) {
        mpz_set_ui(x, 0);
        return;
    }
    mpz_import(x, len, 1, 1, 0, 0, in);
}


size_t
duet_bn_bytes(const mpz_t x)
{
    if (mpz_sgn(x) == 0) {
        return 0;
    }

    return (mpz_sizeinbase(x, 2) + 7) / 8;
}


int
duet_bn_export_fixed(uint8_t *out, size_t len, const mpz_t x)
{
    size_t n, written = 0;
    int r = DUET_ERR_INTERNAL;

    if (mpz_sgn(x) < 0) {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    n = duet_bn_bytes(x);
    if (n > len) {
        r = DUET_ERR_BUFFER_TOO_SMALL;
        goto out;
    }
    memset(out, 0, len - n);
    if (n > 0) {
        mpz_export(out + (len - n), &written, 1, 1, 0, 0, x);
        CHECK(written == n);
    }
    r = 0;

out:
    return r;
}


/*
 * Export |x| into a fresh duet_alloc() block of exactly duet_bn_bytes(x)
 * bytes (*p NULL for zero).  Release with duet_free_wipe(*p, *n).
 */
static int
bn_export_alloc(const mpz_t x, uint8_t **p, size_t *n)
{
    size_t written = 0;
    int r = DUET_ERR_INTERNAL;

    *p = NULL;
    *n = duet_bn_bytes(x);
    if (*n == 0) {
        r = 0;
        goto out;
    }
    if ((*p = duet_alloc(*n)) == NULL) {
        *n = 0;
        r = DUET_ERR_NO_MEMORY;
        goto out;
    }
    mpz_export(*p, &written, 1, 1, 0, 0, x);
    CHECK(written == *n);
    r = 0;

out:
    return r;
}


int
duet_bn_put(struct duet_buf_writer *w, const mpz_t x)
{
    uint8_t *mag = NULL;
    size_t n = 0;
    int r = DUET_ERR_INTERNAL;

    if (mpz_sgn(x) < 0) {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    if ((r = bn_export_alloc(x, &mag, &n)) != 0) {
        goto out;
    }
    /* Over DUET_BN_MAX_BYTES: the writer fails, sticky, with the limit. */
    r = duet_buf_put_bn(w, mag, n);

out:
    duet_free_wipe(mag, n);
    return r;
}


int
duet_bn_put_signed(struct duet_buf_writer *w, const mpz_t x)
{
    uint8_t *mag = NULL;
    size_t n = 0;
    int r = DUET_ERR_INTERNAL;

    if ((r = bn_export_alloc(x, &mag, &n)) != 0) {
        goto out;
    }
    r = duet_buf_put_sbn(w, mpz_sgn(x) < 0, mag, n);

out:
    duet_free_wipe(mag, n);
    return r;
}


int
duet_bn_get(struct duet_buf_reader *rd, mpz_t x, size_t max_bytes)
{
    const uint8_t *p = NULL;
    size_t len = 0;
    int r = DUET_ERR_INTERNAL;

    if ((r = duet_buf_get_bn_direct(rd, &p, &len, max_bytes)) != 0) {
        mpz_set_ui(x, 0);
        goto out;
    }
    duet_bn_import(x, p, len);
    r = 0;

out:
    return r;
}


int
duet_bn_get_signed(struct duet_buf_reader *rd, mpz_t x, size_t max_bytes)
{
    const uint8_t *p = NULL;
    size_t len = 0;
    int negative = 0;
    int r = DUET_ERR_INTERNAL;

    if ((r = duet_buf_get_sbn_direct(rd, &negative, &p, &len,
        max_bytes)) != 0)
    {
        mpz_set_ui(x, 0);
        goto out;
    }
    duet_bn_import(x, p, len);
    if (negative) {
        mpz_neg(x, x);
    }
    r = 0;

out:
    return r;
}


/* Limb-level helpers for the _sec functions. */

/* Copy |x| into dst as n limbs, zero-padded; x has at most n limbs. */
static void
bn_limbs_load(mp_limb_t *dst, mp_size_t n, const mpz_t x)
{
    mp_size_t xn = (mp_size_t) mpz_size(x);

    CHECK(xn <= n);
    if (xn > 0) {
        memcpy(dst, mpz_limbs_read(x), (size_t) xn * sizeof(*dst));
    }
    memset(dst + xn, 0, (size_t) (n - xn) * sizeof(*dst));
}


/*
 * x = the n-limb value at src (n >= 1, non-negative).  The normalised limb
 * count is found without a branch on the limbs and then declassified: an
 * mpz_t publishes its size (the hazard noted in bn.h), and this is the one
 * place where a _sec result becomes an mpz_t.  (mpz_limbs_finish would
 * branch on the top limbs instead.)
 */
static void
bn_limbs_store(mpz_t x, const mp_limb_t *src, mp_size_t n)
{
    mp_limb_t *d = mpz_limbs_write(x, n);
    mp_limb_t nz, mask, size = 0;
    mp_size_t i;

    memcpy(d, src, (size_t) n * sizeof(*d));
    for (i = 0; i < n; i++) {
        /* mask = all ones if d[i] != 0: (v | -v) has its top bit set. */
        nz = (d[i] | ((mp_limb_t) 0 - d[i])) >> (GMP_NUMB_BITS - 1);
        mask = (mp_limb_t) 0 - nz;
        size = (mask & (mp_limb_t) (i + 1)) | (~mask & size);
    }
    duet_declassify(&size, sizeof(size));
    x->_mp_size = (int) size;
}


static mp_size_t
bn_max_size(mp_size_t a, mp_size_t b)
{
    return a > b ? a : b;
}


/*
 * Returns: 1 if m is odd and m > 1, else 0.  m may be secret (p^2): the
 * verdict is public, so it is computed without a branch on the limbs and
 * declassified.
 */
static int
bn_odd_modulus(const mpz_t m)
{
    mp_limb_t low, ok;

    if (mpz_sgn(m) <= 0) {
        return 0;
    }
    low = mpz_getlimbn(m, 0);
    /* Odd, and either more than one limb or a single limb other than 1. */
    ok = (low & 1) & ((mp_limb_t) (mpz_size(m) > 1) | ((low >> 1) != 0));
    duet_declassify(&ok, sizeof(ok));

    return ok != 0;
}


/*
 * Borrow of a - b for n-limb a and b, without a branch on the limbs.
 * Returns: 1 if a < b, else 0.
 */
static mp_limb_t
bn_limbs_lt(const mp_limb_t *a, const mp_limb_t *b, mp_size_t n)
{
    mp_limb_t borrow = 0, d;
    mp_size_t i;

    for (i = 0; i < n; i++) {
        d = a[i] - b[i] - borrow;
        /* The borrow out of a - b - borrow, from the top bits. */
        borrow = ((~a[i] & b[i]) | (~(a[i] ^ b[i]) & d))
            >> (GMP_NUMB_BITS - 1);
    }

    return borrow;
}


int
duet_bn_cmpabs_sec(const mpz_t a, const mpz_t b)
{
    const mp_limb_t *ap = mpz_limbs_read(a), *bp = mpz_limbs_read(b);
    mp_size_t n = (mp_size_t) mpz_size(a);
    mp_limb_t lt, gt;
    int c;

    /* Limb counts are public in an mpz_t. */
    if (mpz_size(a) != mpz_size(b)) {
        return mpz_size(a) < mpz_size(b) ? -1 : 1;
    }
    lt = bn_limbs_lt(ap, bp, n);
    gt = bn_limbs_lt(bp, ap, n);
    c = (int) gt - (int) lt;
    duet_declassify(&c, sizeof(c));

    return c;
}


int
duet_bn_sub_sec(mpz_t r, const mpz_t a, const mpz_t b)
{
    mp_limb_t *block = NULL, *ap, *bp, *d1, *d2, lt;
    mp_size_t n;
    size_t limbs = 0;
    int ret = DUET_ERR_INTERNAL;

    if (mpz_sgn(a) < 0 || mpz_sgn(b) < 0) {
        ret = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    n = bn_max_size(bn_max_size((mp_size_t) mpz_size(a),
        (mp_size_t) mpz_size(b)), 1);
    limbs = 4 * (size_t) n;
    if ((block = duet_alloc(limbs * sizeof(*block))) == NULL) {
        limbs = 0;
        ret = DUET_ERR_NO_MEMORY;
        goto out;
    }
    ap = block;
    bp = ap + n;
    d1 = bp + n;
    d2 = d1 + n;
    bn_limbs_load(ap, n, a);
    bn_limbs_load(bp, n, b);
    lt = mpn_sub_n(d1, ap, bp, n);
    mpn_sub_n(d2, bp, ap, n);
    /* |a - b|: b - a when a < b. */
    duet_ct_cmov(d1, d2, (size_t) n * sizeof(*d1), (int) lt);
    bn_limbs_store(r, d1, n);
    /* The sign becomes the mpz's sign: public from here on. */
    duet_declassify(&lt, sizeof(lt));
    if (lt != 0) {
        mpz_neg(r, r);
    }
    ret = 0;

out:
    duet_free_wipe(block, limbs * sizeof(*block));
    return ret;
}


int
duet_bn_random_bits(mpz_t x, unsigned bits)
{
    uint8_t *buf = NULL;
    mp_limb_t *limbs = NULL;
    size_t n = ((size_t) bits + 7) / 8, i;
    size_t ln = (n + sizeof(mp_limb_t) - 1) / sizeof(mp_limb_t);
    int r = DUET_ERR_INTERNAL;

    if (n == 0) {
        mpz_set_ui(x, 0);
        r = 0;
        goto out;
    }
    if ((buf = duet_alloc(n)) == NULL
        || (limbs = duet_alloc(ln * sizeof(*limbs))) == NULL)
    {
        r = DUET_ERR_NO_MEMORY;
        goto out;
    }
    if ((r = duet_random_bytes(buf, n)) != 0) {
        goto out;
    }
    if (bits % 8 != 0) {
        buf[0] &= (uint8_t) ((1u << (bits % 8)) - 1);
    }
    /* Big-endian bytes into limbs by hand: mpz_import would branch on
     * leading zeros of the secret. */
    memset(limbs, 0, ln * sizeof(*limbs));
    for (i = 0; i < n; i++) {
        limbs[i / sizeof(mp_limb_t)] |= (mp_limb_t) buf[n - 1 - i]
            << (8 * (i % sizeof(mp_limb_t)));
    }
    bn_limbs_store(x, limbs, (mp_size_t) ln);
    r = 0;

out:
    if (r != 0) {
        mpz_set_ui(x, 0);
    }
    duet_free_wipe(buf, buf != NULL ? n : 0);
    duet_free_wipe(limbs, limbs != NULL ? ln * sizeof(*limbs) : 0);
    return r;
}


int
duet_bn_random_below(mpz_t x, const mpz_t bound)
{
    unsigned bits, i;
    int r = DUET_ERR_INTERNAL;

    if (mpz_sgn(bound) <= 0) {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    /* Candidates of bound's bit length: each accepted with p > 1/2. */
    bits = (unsigned) mpz_sizeinbase(bound, 2);
    for (i = 0; i < DUET_BN_SAMPLE_TRIES; i++) {
        if ((r = duet_bn_random_bits(x, bits)) != 0) {
            goto out;
        }
        /* Accept or reject: independent of the value kept. */
        if (duet_bn_cmpabs_sec(x, bound) < 0) {
            r = 0;
            goto out;
        }
    }
    r = DUET_ERR_RANDOM;

out:
    if (r != 0) {
        mpz_set_ui(x, 0);
    }
    return r;
}


int
duet_bn_random_unit(mpz_t x, const mpz_t n)
{
    mpz_t inv;
    unsigned i;
    int odd, r = DUET_ERR_INTERNAL;

    mpz_init(inv);
    if (mpz_cmp_ui(n, 1) <= 0) {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    odd = mpz_odd_p(n);
    for (i = 0; i < DUET_BN_SAMPLE_TRIES; i++) {
        if ((r = duet_bn_random_below(x, n)) != 0) {
            goto out;
        }
        if (odd) {
            /*
             * The candidate is secret (Paillier randomness): test it with
             * the constant-time inverse.  Only "unit or not" leaks, and a
             * rejected candidate is thrown away.
             */
            r = duet_bn_invert_sec(inv, x, n);
            if (r == 0) {
                goto out;
            }
            if (r != DUET_ERR_INVALID_ARGUMENT) {
                goto out;
            }
        } else if (mpz_sgn(x) != 0) {
            /* Even moduli do not occur with secrets here: plain gcd. */
            mpz_gcd(inv, x, n);
            if (mpz_cmp_ui(inv, 1) == 0) {
                r = 0;
                goto out;
            }
        }
    }
    r = DUET_ERR_RANDOM;

out:
    if (r != 0) {
        mpz_set_ui(x, 0);
    }
    mpz_clear(inv);
    return r;
}


int
duet_bn_random_pm_pow2(mpz_t x, unsigned k)
{
    mpz_t X;
    int r = DUET_ERR_INVALID_ARGUMENT;

    mpz_init(X);
    if (k != 0) {
        /* +-2^k is +-X with X = 2^k: floor(X/2) = 2^(k-1). */
        mpz_setbit(X, k);
        r = duet_bn_random_pm(x, X);
    } else {
        mpz_set_ui(x, 0);
    }
    mpz_clear(X);
    return r;
}


int
duet_bn_random_pm(mpz_t x, const mpz_t X)
{
    mpz_t half, bound;
    int r = DUET_ERR_INTERNAL;

    mpz_inits(half, bound, NULL);
    if (mpz_sgn(X) <= 0) {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    /* u uniform in [0, 2 floor(X/2)], x = u - floor(X/2). */
    mpz_fdiv_q_2exp(half, X, 1);
    mpz_mul_2exp(bound, half, 1);
    mpz_add_ui(bound, bound, 1);
    if ((r = duet_bn_random_below(x, bound)) != 0) {
        goto out;
    }
    r = duet_bn_sub_sec(x, x, half);

out:
    if (r != 0) {
        mpz_set_ui(x, 0);
    }
    mpz_clears(half, bound, NULL);
    return r;
}


int
duet_bn_in_pm_pow2_var(const mpz_t x, unsigned k)
{
    mpz_t half;
    int in;

    if (k == 0) {
        /* +-2^0 is [-1/2, 1/2]: zero alone. */
        return mpz_sgn(x) == 0;
    }
    mpz_init(half);
    mpz_setbit(half, k - 1);
    in = mpz_cmpabs(x, half) <= 0;
    mpz_clear(half);

    return in;
}


int
duet_bn_in_pm_var(const mpz_t x, const mpz_t X)
{
    mpz_t half;
    int in;

    if (mpz_sgn(X) <= 0) {
        return 0;
    }
    mpz_init(half);
    mpz_fdiv_q_2exp(half, X, 1);
    in = mpz_cmpabs(x, half) <= 0;
    mpz_clear(half);

    return in;
}


int
duet_bn_is_unit_var(const mpz_t a, const mpz_t n)
{
    mpz_t g;
    int unit;

    if (mpz_sgn(a) <= 0 || mpz_cmp(a, n) >= 0) {
        return 0;
    }
    mpz_init(g);
    mpz_gcd(g, a, n);
    unit = mpz_cmp_ui(g, 1) == 0;
    mpz_clear(g);

    return unit;
}


/*
 * dst (mn limbs) = a mod m for a >= 0, m with mn limbs.  tmp holds
 * max(size(a), mn) limbs, scratch mpn_sec_div_r_itch(that, mn) limbs.
 */
static void
bn_sec_reduce(mp_limb_t *dst, const mpz_t a, const mp_limb_t *mp,
    mp_size_t mn, mp_limb_t *tmp, mp_limb_t *scratch)
{
    mp_size_t an = bn_max_size((mp_size_t) mpz_size(a), mn);

    bn_limbs_load(tmp, an, a);
    mpn_sec_div_r(tmp, an, mp, mn, scratch);
    memcpy(dst, tmp, (size_t) mn * sizeof(*dst));
}


int
duet_bn_mod_sec(mpz_t r, const mpz_t a, const mpz_t m)
{
    mp_limb_t *block = NULL, *rp, *tmp, *tp;
    mp_size_t mn, an, itch;
    size_t limbs = 0;
    int ret = DUET_ERR_INTERNAL;

    if (mpz_sgn(a) < 0 || mpz_sgn(m) <= 0) {
        ret = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    mn = (mp_size_t) mpz_size(m);
    an = bn_max_size((mp_size_t) mpz_size(a), mn);
    itch = mpn_sec_div_r_itch(an, mn);
    limbs = (size_t) (mn + an + itch);
    if ((block = duet_alloc(limbs * sizeof(*block))) == NULL) {
        limbs = 0;
        ret = DUET_ERR_NO_MEMORY;
        goto out;
    }
    rp = block;
    tmp = rp + mn;
    tp = tmp + an;
    bn_sec_reduce(rp, a, mpz_limbs_read(m), mn, tmp, tp);
    bn_limbs_store(r, rp, mn);
    ret = 0;

out:
    duet_free_wipe(block, limbs * sizeof(*block));
    return ret;
}


int
duet_bn_div_sec(mpz_t q, const mpz_t a, const mpz_t d)
{
    mp_limb_t *block = NULL, *np, *qp, *tp;
    mp_size_t dn, an, qn, itch;
    size_t limbs = 0;
    int ret = DUET_ERR_INTERNAL;

    if (mpz_sgn(a) < 0 || mpz_sgn(d) <= 0) {
        ret = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    dn = (mp_size_t) mpz_size(d);
    an = bn_max_size((mp_size_t) mpz_size(a), dn);
    /* The quotient: an - dn limbs, plus the top limb returned. */
    qn = an - dn + 1;
    itch = mpn_sec_div_qr_itch(an, dn);
    limbs = (size_t) (an + qn + itch);
    if ((block = duet_alloc(limbs * sizeof(*block))) == NULL) {
        limbs = 0;
        ret = DUET_ERR_NO_MEMORY;
        goto out;
    }
    np = block;
    qp = np + an;
    tp = qp + qn;
    bn_limbs_load(np, an, a);
    qp[qn - 1] = mpn_sec_div_qr(qp, np, an, mpz_limbs_read(d), dn, tp);
    bn_limbs_store(q, qp, qn);
    ret = 0;

out:
    duet_free_wipe(block, limbs * sizeof(*block));
    return ret;
}


int
duet_bn_mulmod_sec(mpz_t r, const mpz_t a, const mpz_t b, const mpz_t m)
{
    mp_limb_t *block = NULL, *ap, *bp, *pp, *rp, *tp;
    mp_size_t an, bn, mn, pn, itch, itch_div;
    mpz_srcptr big = a, small = b;
    size_t limbs = 0;
    int ret = DUET_ERR_INTERNAL;

    if (mpz_sgn(a) < 0 || mpz_sgn(b) < 0 || mpz_sgn(m) <= 0) {
        ret = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    /* mpn_sec_mul wants the longer operand first, each >= 1 limb. */
    if (mpz_size(b) > mpz_size(a)) {
        big = b;
        small = a;
    }
    an = bn_max_size((mp_size_t) mpz_size(big), 1);
    bn = bn_max_size((mp_size_t) mpz_size(small), 1);
    mn = (mp_size_t) mpz_size(m);
    /* The product keeps all an + bn limbs (no normalisation), >= mn. */
    pn = bn_max_size(an + bn, mn);
    itch = mpn_sec_mul_itch(an, bn);
    itch_div = mpn_sec_div_r_itch(pn, mn);
    itch = bn_max_size(itch, itch_div);
    limbs = (size_t) (an + bn + pn + mn + itch);
    if ((block = duet_alloc(limbs * sizeof(*block))) == NULL) {
        limbs = 0;
        ret = DUET_ERR_NO_MEMORY;
        goto out;
    }
    ap = block;
    bp = ap + an;
    pp = bp + bn;
    rp = pp + pn;
    tp = rp + mn;
    bn_limbs_load(ap, an, big);
    bn_limbs_load(bp, bn, small);
    memset(pp, 0, (size_t) pn * sizeof(*pp));
    mpn_sec_mul(pp, ap, an, bp, bn, tp);
    mpn_sec_div_r(pp, pn, mpz_limbs_read(m), mn, tp);
    memcpy(rp, pp, (size_t) mn * sizeof(*rp));
    bn_limbs_store(r, rp, mn);
    ret = 0;

out:
    duet_free_wipe(block, limbs * sizeof(*block));
    return ret;
}


int
duet_bn_addmod_sec(mpz_t r, const mpz_t a, const mpz_t b, const mpz_t m)
{
    mp_limb_t *block = NULL, *ap, *bp, *tp, *scratch;
    mp_size_t n, mn, tn, itch;
    size_t limbs = 0;
    int ret = DUET_ERR_INTERNAL;

    if (mpz_sgn(a) < 0 || mpz_sgn(b) < 0 || mpz_sgn(m) <= 0) {
        ret = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    n = bn_max_size(bn_max_size((mp_size_t) mpz_size(a),
        (mp_size_t) mpz_size(b)), 1);
    mn = (mp_size_t) mpz_size(m);
    tn = bn_max_size(n + 1, mn);
    itch = mpn_sec_div_r_itch(tn, mn);
    limbs = (size_t) (2 * n + tn + itch);
    if ((block = duet_alloc(limbs * sizeof(*block))) == NULL) {
        limbs = 0;
        ret = DUET_ERR_NO_MEMORY;
        goto out;
    }
    ap = block;
    bp = ap + n;
    tp = bp + n;
    scratch = tp + tn;
    bn_limbs_load(ap, n, a);
    bn_limbs_load(bp, n, b);
    memset(tp, 0, (size_t) tn * sizeof(*tp));
    tp[n] = mpn_add_n(tp, ap, bp, n);
    mpn_sec_div_r(tp, tn, mpz_limbs_read(m), mn, scratch);
    bn_limbs_store(r, tp, mn);
    ret = 0;

out:
    duet_free_wipe(block, limbs * sizeof(*block));
    return ret;
}


int
duet_bn_center_sec(mpz_t r, const mpz_t a, const mpz_t n)
{
    mpz_t half;
    int ret = DUET_ERR_INTERNAL;

    mpz_init(half);
    if (mpz_sgn(a) < 0 || mpz_sgn(n) <= 0 || mpz_even_p(n)
        || duet_bn_cmpabs_sec(a, n) >= 0)
    {
        ret = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    mpz_fdiv_q_2exp(half, n, 1);
    /* The verdict is the sign of the result: public in the mpz anyway. */
    if (duet_bn_cmpabs_sec(a, half) > 0) {
        ret = duet_bn_sub_sec(r, a, n);
    } else {
        mpz_set(r, a);
        ret = 0;
    }

out:
    mpz_clear(half);
    return ret;
}


int
duet_bn_invert_sec(mpz_t r, const mpz_t a, const mpz_t m)
{
    mp_limb_t *block = NULL, *ap, *rp, *tmp, *tp;
    mp_size_t mn, an, itch, itch_div;
    size_t limbs = 0;
    int found, ret = DUET_ERR_INTERNAL;

    if (mpz_sgn(a) < 0 || !bn_odd_modulus(m)) {
        ret = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    mn = (mp_size_t) mpz_size(m);
    an = bn_max_size((mp_size_t) mpz_size(a), mn);
    itch = mpn_sec_invert_itch(mn);
    itch_div = mpn_sec_div_r_itch(an, mn);
    itch = bn_max_size(itch, itch_div);
    limbs = (size_t) (2 * mn + an + itch);
    if ((block = duet_alloc(limbs * sizeof(*block))) == NULL) {
        limbs = 0;
        ret = DUET_ERR_NO_MEMORY;
        goto out;
    }
    ap = block;
    rp = ap + mn;
    tmp = rp + mn;
    tp = tmp + an;
    bn_sec_reduce(ap, a, mpz_limbs_read(m), mn, tmp, tp);
    /* Both operands are below m, so 2 * bits(m) bounds their bit sum. */
    found = mpn_sec_invert(rp, ap, mpz_limbs_read(m), mn,
        (mp_bitcnt_t) (2 * mn * GMP_NUMB_BITS), tp);
    duet_declassify(&found, sizeof(found));
    if (!found) {
        ret = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    bn_limbs_store(r, rp, mn);
    ret = 0;

out:
    if (ret != 0) {
        mpz_set_ui(r, 0);
    }
    duet_free_wipe(block, limbs * sizeof(*block));
    return ret;
}


/*
 * r = base^|e| mod m where base is b, or b_inv when b_inv is not NULL and
 * e < 0, chosen without a branch on e's sign.  The caller has checked m
 * (odd, > 1) and |e| < 2^ebits.
 */
static int
bn_powm_sec_core(mpz_t r, const mpz_t b, const mpz_t b_inv, const mpz_t e,
    unsigned ebits, const mpz_t m)
{
    mp_limb_t *block = NULL, *base, *base2, *ep, *rp, *tmp, *tp;
    mp_size_t mn, en, bn, tn, itch, itch_div;
    mp_bitcnt_t enb;
    mpz_t bred;
    size_t limbs = 0;
    uint32_t neg;
    int ret = DUET_ERR_INTERNAL;

    mpz_init(bred);
    mn = (mp_size_t) mpz_size(m);
    /* mpn_sec_powm needs enb > 0; e = 0 then is a single zero limb. */
    enb = ebits > 0 ? ebits : 1;
    en = (mp_size_t) ((enb + GMP_NUMB_BITS - 1) / GMP_NUMB_BITS);
    bn = bn_max_size((mp_size_t) mpz_size(b), mn);
    if (b_inv != NULL) {
        bn = bn_max_size(bn, (mp_size_t) mpz_size(b_inv));
    }
    itch = mpn_sec_powm_itch(mn, enb, mn);
    itch_div = mpn_sec_div_r_itch(bn, mn);
    itch = bn_max_size(itch, itch_div);
    tn = bn;
    limbs = (size_t) (3 * mn + en + tn + itch);
    if ((block = duet_alloc(limbs * sizeof(*block))) == NULL) {
        limbs = 0;
        ret = DUET_ERR_NO_MEMORY;
        goto out;
    }
    base = block;
    base2 = base + mn;
    rp = base2 + mn;
    ep = rp + mn;
    tmp = ep + en;
    tp = tmp + tn;

    /* A negative base (public sign) is brought into [0, m) first. */
    if (mpz_sgn(b) < 0) {
        mpz_mod(bred, b, m);
        bn_sec_reduce(base, bred, mpz_limbs_read(m), mn, tmp, tp);
    } else {
        bn_sec_reduce(base, b, mpz_limbs_read(m), mn, tmp, tp);
    }
    if (b_inv != NULL) {
        if (mpz_sgn(b_inv) < 0) {
            mpz_mod(bred, b_inv, m);
            bn_sec_reduce(base2, bred, mpz_limbs_read(m), mn, tmp, tp);
        } else {
            bn_sec_reduce(base2, b_inv, mpz_limbs_read(m), mn, tmp, tp);
        }
        /* The sign bit of e's size field, without a comparison. */
        neg = (uint32_t) e->_mp_size >> 31;
        duet_ct_cmov(base, base2, (size_t) mn * sizeof(*base), (int) neg);
    }
    bn_limbs_load(ep, en, e);

    mpn_sec_powm(rp, base, mn, ep, enb, mpz_limbs_read(m), mn, tp);
    bn_limbs_store(r, rp, mn);
    ret = 0;

out:
    duet_free_wipe(block, limbs * sizeof(*block));
    mpz_clear(bred);
    return ret;
}


/* Returns: 1 if m is odd and > 1 and |e| < 2^ebits, else 0. */
static int
bn_powm_sec_args_ok(const mpz_t e, unsigned ebits, const mpz_t m)
{
    int fits;

    if (!bn_odd_modulus(m)) {
        return 0;
    }
    /* The verdict is public: a caller passes e within its bound. */
    fits = mpz_sgn(e) == 0 || mpz_sizeinbase(e, 2) <= ebits;
    duet_declassify(&fits, sizeof(fits));

    return fits;
}


int
duet_bn_powm_sec(mpz_t r, const mpz_t b, const mpz_t e, unsigned ebits,
    const mpz_t m)
{
    int ret = DUET_ERR_INTERNAL;

    if (mpz_sgn(e) < 0 || !bn_powm_sec_args_ok(e, ebits, m)) {
        ret = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    ret = bn_powm_sec_core(r, b, NULL, e, ebits, m);

out:
    return ret;
}


int
duet_bn_powm_sec_signed(mpz_t r, const mpz_t b, const mpz_t b_inv,
    const mpz_t e, unsigned ebits, const mpz_t m)
{
    int ret = DUET_ERR_INTERNAL;

    if (!bn_powm_sec_args_ok(e, ebits, m)) {
        ret = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
#ifdef VERIFY
    {
        mpz_t t;

        /* b_inv really is b's inverse: a caller bug otherwise. */
        mpz_init(t);
        mpz_mul(t, b, b_inv);
        mpz_mod(t, t, m);
        VERIFY_CHECK(mpz_cmp_ui(t, 1) == 0);
        mpz_clear(t);
    }
#endif
    ret = bn_powm_sec_core(r, b, b_inv, e, ebits, m);

out:
    return ret;
}


int
duet_bn_powm_var(mpz_t r, const mpz_t b, const mpz_t e, const mpz_t m)
{
    mpz_t base, ae;
    int ret = DUET_ERR_INTERNAL;

    mpz_inits(base, ae, NULL);
    if (mpz_sgn(m) <= 0) {
        ret = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    if (mpz_cmp_ui(m, 1) == 0) {
        mpz_set_ui(r, 0);
        ret = 0;
        goto out;
    }
    if (mpz_sgn(e) < 0) {
        if (mpz_invert(base, b, m) == 0) {
            ret = DUET_ERR_INVALID_ARGUMENT;
            goto out;
        }
    } else {
        mpz_mod(base, b, m);
    }
    mpz_abs(ae, e);
    mpz_powm(r, base, ae, m);
    ret = 0;

out:
    mpz_clears(base, ae, NULL);
    return ret;
}


int
duet_bn_invert_var(mpz_t r, const mpz_t a, const mpz_t m)
{
    mpz_t t;
    int ret = DUET_ERR_INTERNAL;

    mpz_init(t);
    if (mpz_cmpabs_ui(m, 1) <= 0 || mpz_invert(t, a, m) == 0) {
        mpz_set_ui(r, 0);
        ret = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    mpz_swap(r, t);
    ret = 0;

out:
    mpz_clear(t);
    return ret;
}


/* Sliding-window width for a public exponent of bits bits. */
static unsigned
bn_window_bits(size_t bits)
{
    if (bits > 1500) {
        return 6;
    }
    if (bits > 400) {
        return 5;
    }
    if (bits > 100) {
        return 4;
    }
    if (bits > 20) {
        return 3;
    }
    return 1;
}


/*
 * Sliding-window recoding of e >= 0 (bits bits): dig[i] is the odd digit
 * (at most w bits) whose lowest bit sits at position i, or 0.
 */
static void
bn_window_digits(uint8_t *dig, const mpz_t e, size_t bits, unsigned w)
{
    size_t i, low, j;
    unsigned d;

    memset(dig, 0, bits);
    i = bits;
    while (i > 0) {
        i--;
        if (!mpz_tstbit(e, i)) {
            continue;
        }
        low = i + 1 >= w ? i + 1 - w : 0;
        while (!mpz_tstbit(e, low)) {
            low++;
        }
        d = 0;
        for (j = i + 1; j > low; j--) {
            d = d << 1 | (unsigned) mpz_tstbit(e, j - 1);
        }
        dig[low] = (uint8_t) d;
        i = low;
    }
}


/*
 * Montgomery arithmetic on limbs for the public-data multi-exponentiation:
 * GMP keeps its own REDC internal, and reducing by division is about 25%
 * slower per multiplication at 3072 bits.  Values are kept fully reduced,
 * in [0, m), in Montgomery form x * B^n mod m (B = 2^GMP_NUMB_BITS).
 */
STATIC_ASSERT(GMP_NAIL_BITS == 0, "GMP built without nails");

struct bn_mont {
    const mp_limb_t *m;         /* the odd modulus, n limbs */
    mp_size_t n;
    mp_limb_t minv;             /* -m^-1 mod B */
    mp_limb_t *t;               /* 2n limbs of scratch */
};


static mp_limb_t
bn_mont_minv(mp_limb_t m0)
{
    mp_limb_t x = m0;
    int i;

    /* m0 * m0 = 1 mod 8 for odd m0; each Newton step doubles the bits. */
    for (i = 0; i < 6; i++) {
        x *= 2 - m0 * x;
    }

    return (mp_limb_t) 0 - x;
}


/* rp = t * B^-n mod m, for the 2n-limb t in ctx->t (t < m * B^n). */
static void
bn_mont_redc(struct bn_mont *ctx, mp_limb_t *rp)
{
    mp_limb_t *up = ctx->t, q, cy;
    mp_size_t i, n = ctx->n;

    for (i = 0; i < n; i++) {
        q = up[i] * ctx->minv;
        /* up[i] is now 0 mod B: keep the carry there, for position i+n. */
        up[i] = mpn_addmul_1(up + i, ctx->m, n, q);
    }
    cy = mpn_add_n(rp, up + n, up, n);
    if (cy != 0 || mpn_cmp(rp, ctx->m, n) >= 0) {
        mpn_sub_n(rp, rp, ctx->m, n);
    }
}


/* rp = a * b * B^-n mod m; rp may alias a or b. */
static void
bn_mont_mul(struct bn_mont *ctx, mp_limb_t *rp, const mp_limb_t *a,
    const mp_limb_t *b)
{
    if (a == b) {
        mpn_sqr(ctx->t, a, ctx->n);
    } else {
        mpn_mul_n(ctx->t, a, b, ctx->n);
    }
    bn_mont_redc(ctx, rp);
}


/* dst = x * B^n mod m, for 0 <= x < m. */
static void
bn_mont_in(struct bn_mont *ctx, mp_limb_t *dst, const mpz_t x,
    const mpz_t m)
{
    mpz_t t;

    mpz_init(t);
    mpz_mul_2exp(t, x, (mp_bitcnt_t) ctx->n * GMP_NUMB_BITS);
    mpz_mod(t, t, m);
    bn_limbs_load(dst, ctx->n, t);
    mpz_clear(t);
}


/*
 * The odd powers b, b^3, ..., b^(2^w - 1) in Montgomery form, into the
 * 2^(w-1) slots of n limbs at tab; sq is n limbs of scratch.
 */
static void
bn_mont_odd_powers(struct bn_mont *ctx, mp_limb_t *tab, mp_limb_t *sq,
    const mpz_t b, unsigned w, const mpz_t m)
{
    size_t k, slots = (size_t) 1 << (w - 1);
    mp_size_t n = ctx->n;

    bn_mont_in(ctx, tab, b, m);
    if (slots > 1) {
        bn_mont_mul(ctx, sq, tab, tab);
    }
    for (k = 1; k < slots; k++) {
        bn_mont_mul(ctx, tab + k * (size_t) n, tab + (k - 1) * (size_t) n,
            sq);
    }
}


int
duet_bn_powm2_var(mpz_t r, const mpz_t b1, const mpz_t e1, const mpz_t b2,
    const mpz_t e2, const mpz_t m)
{
    struct bn_mont ctx;
    mpz_t base[2], ae[2];
    mpz_srcptr b[2], e[2];
    mp_limb_t *block = NULL, *tab[2], *acc, *sq;
    uint8_t *dig[2] = { NULL, NULL };
    size_t bits[2] = { 0, 0 }, slots[2] = { 0, 0 }, top = 0, i, limbs = 0;
    mp_size_t n;
    unsigned w[2] = { 1, 1 }, j, d;
    int started = 0, ret = DUET_ERR_INTERNAL;

    b[0] = b1;
    b[1] = b2;
    e[0] = e1;
    e[1] = e2;
    mpz_inits(base[0], base[1], ae[0], ae[1], NULL);
    if (mpz_sgn(m) <= 0) {
        ret = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    for (j = 0; j < 2; j++) {
        if (mpz_sgn(e[j]) < 0) {
            if (mpz_invert(base[j], b[j], m) == 0) {
                ret = DUET_ERR_INVALID_ARGUMENT;
                goto out;
            }
        } else {
            mpz_mod(base[j], b[j], m);
        }
        mpz_abs(ae[j], e[j]);
        if (mpz_sgn(ae[j]) != 0) {
            bits[j] = mpz_sizeinbase(ae[j], 2);
            w[j] = bn_window_bits(bits[j]);
            slots[j] = (size_t) 1 << (w[j] - 1);
        }
        top = bits[j] > top ? bits[j] : top;
    }

    if (mpz_even_p(m) || top == 0) {
        /* No Montgomery form: two plain exponentiations (rare, public). */
        mpz_powm(base[0], base[0], ae[0], m);
        mpz_powm(base[1], base[1], ae[1], m);
        mpz_mul(base[0], base[0], base[1]);
        mpz_mod(r, base[0], m);
        ret = 0;
        goto out;
    }

    for (j = 0; j < 2; j++) {
        if (bits[j] > 0 && (dig[j] = duet_alloc(bits[j])) == NULL) {
            ret = DUET_ERR_NO_MEMORY;
            goto out;
        }
        if (bits[j] > 0) {
            bn_window_digits(dig[j], ae[j], bits[j], w[j]);
        }
    }
    n = (mp_size_t) mpz_size(m);
    limbs = (slots[0] + slots[1] + 4) * (size_t) n;
    if ((block = duet_alloc(limbs * sizeof(*block))) == NULL) {
        limbs = 0;
        ret = DUET_ERR_NO_MEMORY;
        goto out;
    }
    ctx.m = mpz_limbs_read(m);
    ctx.n = n;
    ctx.minv = bn_mont_minv(ctx.m[0]);
    ctx.t = block;
    acc = ctx.t + 2 * n;
    sq = acc + n;
    tab[0] = sq + n;
    tab[1] = tab[0] + slots[0] * (size_t) n;
    for (j = 0; j < 2; j++) {
        if (bits[j] > 0) {
            bn_mont_odd_powers(&ctx, tab[j], sq, base[j], w[j], m);
        }
    }

    for (i = top; i > 0; i--) {
        if (started) {
            bn_mont_mul(&ctx, acc, acc, acc);
        }
        for (j = 0; j < 2; j++) {
            if (i - 1 >= bits[j] || (d = dig[j][i - 1]) == 0) {
                continue;
            }
            if (started) {
                bn_mont_mul(&ctx, acc, acc, tab[j] + (d >> 1) * (size_t) n);
            } else {
                memcpy(acc, tab[j] + (d >> 1) * (size_t) n,
                    (size_t) n * sizeof(*acc));
                started = 1;
            }
        }
    }
    /* Out of Montgomery form: REDC of acc itself. */
    memcpy(ctx.t, acc, (size_t) n * sizeof(*acc));
    memset(ctx.t + n, 0, (size_t) n * sizeof(*acc));
    bn_mont_redc(&ctx, acc);
    bn_limbs_store(r, acc, n);
    ret = 0;

out:
    for (j = 0; j < 2; j++) {
        duet_free_wipe(dig[j], dig[j] != NULL ? bits[j] : 0);
    }
    duet_free_wipe(block, limbs * sizeof(*block));
    mpz_clears(base[0], base[1], ae[0], ae[1], NULL);
    return ret;
}


int
duet_bn_is_unit_sec(const mpz_t a, const mpz_t n)
{
    mpz_t inv;
    int unit;

    if (mpz_sgn(a) <= 0 || mpz_cmp(a, n) >= 0) {
        return 0;
    }
    mpz_init(inv);
    unit = duet_bn_invert_sec(inv, a, n) == 0;
    mpz_clear(inv);

    return unit;
}


int
duet_bn_mulpow_sec(mpz_t out, const mpz_t r, const mpz_t rho,
    const mpz_t e, unsigned ebits, const mpz_t n)
{
    mpz_t base, ae;
    int ret = DUET_ERR_INTERNAL;

    mpz_inits(base, ae, NULL);
    if (mpz_sgn(e) < 0) {
        if ((ret = duet_bn_invert_sec(base, rho, n)) != 0) {
            goto out;
        }
    } else {
        mpz_set(base, rho);
    }
    mpz_abs(ae, e);
    if ((ret = duet_bn_powm_sec(base, base, ae, ebits, n)) != 0) {
        goto out;
    }
    ret = duet_bn_mulmod_sec(out, r, base, n);

out:
    mpz_clears(base, ae, NULL);
    return ret;
}


int
duet_bn_crt_sec(mpz_t r, const mpz_t rp, const mpz_t rq, const mpz_t p,
    const mpz_t q, const mpz_t q_inv_p)
{
    mpz_t t;
    int ret = DUET_ERR_INTERNAL;

    mpz_init(t);
    /* p - (rq mod p) + rp > 0: no branch on a sign. */
    if ((ret = duet_bn_mod_sec(t, rq, p)) != 0) {
        goto out;
    }
    mpz_sub(t, p, t);
    mpz_add(t, t, rp);
    if ((ret = duet_bn_mulmod_sec(t, t, q_inv_p, p)) != 0) {
        goto out;
    }
    mpz_mul(t, t, q);
    mpz_add(r, t, rq);
    ret = 0;

out:
    mpz_clear(t);
    return ret;
}
