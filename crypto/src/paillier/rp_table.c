/*
 * rp_table.c -- fixed-base comb tables for ring-Pedersen commitments and
 * their process-wide cache; see rp_table.h.
 *
 * Arithmetic is Montgomery's mod N^ with R = 2^(GMP_NUMB_BITS mn), mn the
 * limb count of N^, on mpn limb vectors of exactly mn limbs.  Values are
 * kept "almost reduced": below R but not necessarily below N^.  A product
 * of two such values reduces to below R + N^, and one conditional
 * subtraction on the carry brings it below R again; the final conversion
 * out of Montgomery form gives a value <= N^, and a last conditional
 * subtraction makes it canonical.
 *
 * Window size, by measurement (thread CPU time, median of 11 commitments,
 * three rounds, of Pi^aff-g's E = s^alpha t^gamma; 2 cores, load ~2):
 *
 *          level 112 (640, 2688 bits)      level 128 (768, 3840 bits)
 *     w    commit   table     build         commit   table      build
 *     3    1.98 ms   3.2 MiB   25 ms        6.2 ms    6.8 MiB    70 ms
 *     4    1.80 ms   4.5 MiB   33 ms        6.0 ms    9.6 MiB    95 ms
 *     5    1.82 ms   7.0 MiB   51 ms        5.1 ms   14.9 MiB   175 ms
 *     6    2.07 ms  11.5 MiB   96 ms        6.1 ms   24.4 MiB   280 ms
 *
 * (rp_commit_sec: 6.5 ms and 17.6 ms.)  Each window costs one Montgomery
 * product (mpn_sec_mul and the reduction, about 2 + 2 us at 48 limbs on
 * that machine) plus a scan of 2^w entries, which stops paying at w = 6
 * once the table no longer fits the caches.  w = 5 gains up to 15% at
 * level 128 for 1.55 times the memory; w = 4 is the default.
 */

#include "config.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include <gmp.h>

#include "duet.h"
#include "hash/hash.h"
#include "paillier/ring_pedersen.h"
#include "paillier/rp_table.h"
#include "util/check.h"
#include "util/checkmem.h"
#include "util/mem.h"

STATIC_ASSERT(GMP_NAIL_BITS == 0, "rp_table.c assumes GMP without nails");

#define RP_LIMB_BITS  ((unsigned) GMP_NUMB_BITS)

struct duet_rp_table {
    struct duet_rp_params rp;       /* a copy: the cache key, and the
                                       fallback of commit_var */
    unsigned x_level_bits;          /* the level's ceilings it was built */
    unsigned y_level_bits;          /* for (part of the key) */
    unsigned w;                     /* window bits */
    unsigned xw, yw;                /* windows of the s and t combs */
    mp_size_t mn;                   /* limbs of N^ */
    mp_size_t tn;                   /* scratch of a product: 2 mn + itch */
    mp_limb_t ninv;                 /* -N^-1 mod 2^GMP_NUMB_BITS */
    mp_limb_t *np;                  /* N^ */
    mp_limb_t *one;                 /* R mod N^ */
    mp_limb_t *sx;                  /* xw windows of 2^w entries */
    mp_limb_t *sneg;                /* xw + 1 entries: s^-2^(w i) R */
    mp_limb_t *ty;                  /* yw windows of 2^w entries */
    mp_limb_t *tneg;                /* yw + 1 entries */
    mp_limb_t *block;               /* all of the above vectors */
    size_t bytes;
    uint8_t key[DUET_SHA256_BYTES];
    unsigned long refs;             /* under rp_cache_mutex once cached */
};


/* -m^-1 mod 2^GMP_NUMB_BITS for odd m0 (Newton: each step doubles the
 * correct low bits, from 3 since m0 m0 = 1 mod 8). */
static mp_limb_t
rp_limb_ninv(mp_limb_t m0)
{
    mp_limb_t inv = m0;
    unsigned i;

    for (i = 0; i < 6; i++) {
        inv *= (mp_limb_t) 2 - m0 * inv;
    }

    return (mp_limb_t) 0 - inv;
}


/*
 * rp = tp / R mod N^, almost reduced, for a 2 mn-limb tp < R^2
 * (destroyed).  Montgomery's REDC a limb at a time: mpn_addmul_1 zeroes
 * the low limb and its carry is parked there, then added back in one
 * pass; the carry out selects a subtraction of N^.  The loop and every
 * GMP call run the same way for any value of tp.
 */
static void
rp_redc(const struct duet_rp_table *tab, mp_limb_t *rp, mp_limb_t *tp)
{
    mp_size_t i, mn = tab->mn;
    mp_limb_t q, cy;

    for (i = 0; i < mn; i++) {
        q = tp[i] * tab->ninv;
        tp[i] = mpn_addmul_1(tp + i, tab->np, mn, q);
    }
    cy = mpn_add_n(rp, tp + mn, tp, mn);
    mpn_cnd_sub_n(cy, rp, rp, tab->np, mn);
}


/* rp = ap bp / R, constant time (mpn_sec_mul is schoolbook, without the
 * sign-dependent branches of Karatsuba/Toom).  tp: tab->tn limbs. */
static void
rp_mont_mul_sec(const struct duet_rp_table *tab, mp_limb_t *rp,
    const mp_limb_t *ap, const mp_limb_t *bp, mp_limb_t *tp)
{
    mpn_sec_mul(tp, ap, tab->mn, bp, tab->mn, tp + 2 * tab->mn);
    rp_redc(tab, rp, tp);
}


/* rp = ap bp / R for public values (GMP's fastest product). */
static void
rp_mont_mul_var(const struct duet_rp_table *tab, mp_limb_t *rp,
    const mp_limb_t *ap, const mp_limb_t *bp, mp_limb_t *tp)
{
    if (ap == bp) {
        mpn_sqr(tp, ap, tab->mn);
    } else {
        mpn_mul_n(tp, ap, bp, tab->mn);
    }
    rp_redc(tab, rp, tp);
}


/* dst = x R mod N^ as mn limbs, for public x >= 0. */
static void
rp_to_mont_var(const struct duet_rp_table *tab, mp_limb_t *dst,
    const mpz_t x)
{
    mpz_t v;
    size_t n;

    mpz_init(v);
    mpz_mul_2exp(v, x, (mp_bitcnt_t) tab->mn * RP_LIMB_BITS);
    mpz_mod(v, v, tab->rp.n);
    n = mpz_size(v);
    mpn_zero(dst, tab->mn);
    if (n > 0) {
        mpn_copyi(dst, mpz_limbs_read(v), (mp_size_t) n);
    }
    mpz_clear(v);
}


/*
 * The comb of one base: tab_out gets nw windows of 2^w entries,
 * neg_out nw + 1 entries U_i = b^-(2^(w i)) R.  bm, bim: b R, b^-1 R.
 * tp: 2 mn limbs.
 */
static void
rp_comb_build(const struct duet_rp_table *tab, mp_limb_t *tab_out,
    mp_limb_t *neg_out, unsigned nw, const mp_limb_t *bm,
    const mp_limb_t *bim, mp_limb_t *tp)
{
    mp_size_t mn = tab->mn, e = (mp_size_t) 1 << tab->w;
    mp_limb_t *win, *u;
    mp_size_t d;
    unsigned i, j;

    for (i = 0; i < nw; i++) {
        win = tab_out + (size_t) i * (size_t) e * (size_t) mn;
        mpn_copyi(win, tab->one, mn);
        if (i == 0) {
            mpn_copyi(win + mn, bm, mn);
        } else {
            /* b^(2^(w i)) = T_{i-1}[2^w - 1] T_{i-1}[1]. */
            rp_mont_mul_var(tab, win + mn, win - mn, win - (e - 1) * mn,
                tp);
        }
        for (d = 2; d < e; d++) {
            rp_mont_mul_var(tab, win + d * mn, win + (d - 1) * mn,
                win + mn, tp);
        }
    }
    mpn_copyi(neg_out, bim, mn);
    for (i = 1; i <= nw; i++) {
        u = neg_out + (size_t) i * (size_t) mn;
        mpn_copyi(u, u - mn, mn);
        for (j = 0; j < tab->w; j++) {
            rp_mont_mul_var(tab, u, u, u, tp);
        }
    }
}


static void
rp_table_destroy(struct duet_rp_table *tab)
{
    if (tab == NULL) {
        return;
    }
    /* Public values only: freed without a wipe. */
    duet_free_wipe(tab->block, 0);
    duet_rp_params_clear(&tab->rp);
    duet_free_wipe(tab, 0);
}


int
duet_rp_table_build(struct duet_rp_table **tabp,
    const struct duet_rp_params *rp, unsigned w)
{
    struct duet_rp_table *tab = NULL;
    mp_limb_t *bm, *bim, *tp;
    size_t xent, yent, limbs, mn;
    int r = DUET_ERR_INTERNAL;

    if (tabp != NULL) {
        *tabp = NULL;
    }
    if (w == 0) {
        w = DUET_RP_TABLE_WINDOW;
    }
    if (tabp == NULL || rp == NULL || rp->level == NULL
        || mpz_sgn(rp->n) <= 0 || mpz_even_p(rp->n)
        || w > DUET_RP_TABLE_WINDOW_MAX)
    {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    if ((tab = duet_alloc(sizeof(*tab))) == NULL) {
        r = DUET_ERR_NO_MEMORY;
        goto out;
    }
    memset(tab, 0, sizeof(*tab));
    duet_rp_params_init(&tab->rp);
    mpz_set(tab->rp.n, rp->n);
    mpz_set(tab->rp.s, rp->s);
    mpz_set(tab->rp.t, rp->t);
    mpz_set(tab->rp.s_inv, rp->s_inv);
    mpz_set(tab->rp.t_inv, rp->t_inv);
    tab->rp.n_bits = rp->n_bits;
    tab->rp.level = rp->level;
    tab->x_level_bits = rp->level->rp_x_max_bits;
    tab->y_level_bits = rp->level->rp_y_max_bits;
    tab->w = w;
    tab->xw = (tab->x_level_bits + w - 1) / w;
    tab->yw = (tab->y_level_bits + w - 1) / w;
    tab->mn = (mp_size_t) mpz_size(rp->n);
    tab->tn = 2 * tab->mn + mpn_sec_mul_itch(tab->mn, tab->mn);
    tab->ninv = rp_limb_ninv(mpz_getlimbn(rp->n, 0));
    tab->refs = 1;
#ifdef VERIFY
    {
        mpz_t c;

        /* s_inv, t_inv are the inverses: a caller bug otherwise. */
        mpz_init(c);
        mpz_mul(c, rp->s, rp->s_inv);
        mpz_mod(c, c, rp->n);
        VERIFY_CHECK(mpz_cmp_ui(c, 1) == 0);
        mpz_mul(c, rp->t, rp->t_inv);
        mpz_mod(c, c, rp->n);
        VERIFY_CHECK(mpz_cmp_ui(c, 1) == 0);
        mpz_clear(c);
    }
#endif

    mn = (size_t) tab->mn;
    xent = (size_t) tab->xw * ((size_t) 1 << w) + tab->xw + 1;
    yent = (size_t) tab->yw * ((size_t) 1 << w) + tab->yw + 1;
    /* N^, 1, the two combs, and b R, b^-1 R and 2 mn of scratch. */
    limbs = mn * (2 + xent + yent + 4);
    if ((tab->block = duet_alloc(limbs * sizeof(mp_limb_t))) == NULL) {
        r = DUET_ERR_NO_MEMORY;
        goto out;
    }
    tab->np = tab->block;
    tab->one = tab->np + mn;
    tab->sx = tab->one + mn;
    tab->sneg = tab->sx + (size_t) tab->xw * ((size_t) 1 << w) * mn;
    tab->ty = tab->sneg + ((size_t) tab->xw + 1) * mn;
    tab->tneg = tab->ty + (size_t) tab->yw * ((size_t) 1 << w) * mn;
    bm = tab->tneg + ((size_t) tab->yw + 1) * mn;
    bim = bm + mn;
    tp = bim + mn;
    tab->bytes = sizeof(*tab) + limbs * sizeof(mp_limb_t);

    mpn_copyi(tab->np, mpz_limbs_read(rp->n), tab->mn);
    {
        mpz_t one;

        mpz_init_set_ui(one, 1);
        rp_to_mont_var(tab, tab->one, one);
        mpz_clear(one);
    }
    rp_to_mont_var(tab, bm, rp->s);
    rp_to_mont_var(tab, bim, rp->s_inv);
    rp_comb_build(tab, tab->sx, tab->sneg, tab->xw, bm, bim, tp);
    rp_to_mont_var(tab, bm, rp->t);
    rp_to_mont_var(tab, bim, rp->t_inv);
    rp_comb_build(tab, tab->ty, tab->tneg, tab->yw, bm, bim, tp);

    *tabp = tab;
    tab = NULL;
    r = 0;

out:
    rp_table_destroy(tab);
    return r;
}


void
duet_rp_table_free(struct duet_rp_table *tab)
{
    rp_table_destroy(tab);
}


size_t
duet_rp_table_bytes(const struct duet_rp_table *tab)
{
    return tab->bytes;
}


unsigned
duet_rp_table_x_max_bits(const struct duet_rp_table *tab)
{
    return tab->xw * tab->w;
}


unsigned
duet_rp_table_y_max_bits(const struct duet_rp_table *tab)
{
    return tab->yw * tab->w;
}


/* Digit i (w bits) of the limb vector a, which has a limb to spare past
 * the last digit.  Positions are public. */
static mp_size_t
rp_digit(const mp_limb_t *a, unsigned i, unsigned w)
{
    unsigned b = i * w, off = b % RP_LIMB_BITS;
    const mp_limb_t *l = a + b / RP_LIMB_BITS;
    mp_limb_t d = l[0] >> off;

    if (off + w > RP_LIMB_BITS) {
        d |= l[1] << (RP_LIMB_BITS - off);
    }

    return (mp_size_t) (d & (((mp_limb_t) 1 << w) - 1));
}


/*
 * dst (n limbs) = x mod 2^(GMP_NUMB_BITS n) in two's complement, for
 * |x| of at most n limbs.  The magnitude's limb count is public (an
 * mpz_t's size is); its sign is applied with a mask, without a branch.
 * Returns: 1 if x < 0, else 0.
 */
static mp_limb_t
rp_load_twos(mp_limb_t *dst, mp_size_t n, const mpz_t x)
{
    mp_size_t i, xn = (mp_size_t) mpz_size(x);
    mp_limb_t neg, mask, c, v;

    CHECK(xn <= n);
    if (xn > 0) {
        memcpy(dst, mpz_limbs_read(x), (size_t) xn * sizeof(*dst));
    }
    memset(dst + xn, 0, (size_t) (n - xn) * sizeof(*dst));
    /* The sign bit of the size field, without a comparison. */
    neg = (mp_limb_t) ((uint32_t) x->_mp_size >> 31);
    mask = (mp_limb_t) 0 - neg;
    c = neg;
    for (i = 0; i < n; i++) {
        v = (dst[i] ^ mask) + c;
        c = (mp_limb_t) (v < c);
        dst[i] = v;
    }

    return neg;
}


/* Returns: 1 if |x| < 2^bits.  The verdict is public (a caller passes x
 * within its bound), hence declassified. */
static int
rp_fits(const mpz_t x, unsigned bits)
{
    int fits;

    fits = mpz_sgn(x) == 0 || mpz_sizeinbase(x, 2) <= bits;
    duet_declassify(&fits, sizeof(fits));

    return fits;
}


/*
 * x = the mn-limb value at src (public: a commitment), normalised limb
 * count found without a branch on the limbs and then declassified.
 */
static void
rp_store(mpz_t x, const mp_limb_t *src, mp_size_t n)
{
    mp_limb_t *d = mpz_limbs_write(x, n);
    mp_limb_t nz, mask, size = 0;
    mp_size_t i;

    memcpy(d, src, (size_t) n * sizeof(*d));
    for (i = 0; i < n; i++) {
        nz = (d[i] | ((mp_limb_t) 0 - d[i])) >> (RP_LIMB_BITS - 1);
        mask = (mp_limb_t) 0 - nz;
        size = (mask & (mp_limb_t) (i + 1)) | (~mask & size);
    }
    duet_declassify(&size, sizeof(size));
    x->_mp_size = (int) size;
}


/* acc = acc (acc in Montgomery form) / R, reduced to [0, N^): out of
 * Montgomery form.  tp: 2 mn limbs. */
static void
rp_from_mont(const struct duet_rp_table *tab, mp_limb_t *acc, mp_limb_t *tp)
{
    mp_size_t mn = tab->mn;
    mp_limb_t borrow;

    mpn_copyi(tp, acc, mn);
    mpn_zero(tp + mn, mn);
    rp_redc(tab, acc, tp);
    /* acc <= N^ now; subtract N^ once more unless acc < N^. */
    borrow = mpn_sub_n(tp, acc, tab->np, mn);
    mpn_cnd_sub_n(borrow ^ 1, acc, acc, tab->np, mn);
}


/*
 * acc *= b^e for the comb (cw windows, neg table) of one base, with the
 * exponent's two's complement digits in el and its sign neg: k = ceil(bits
 * / w) windows, every entry of each read (mpn_sec_tabselect), then U_k or
 * 1 by a mask.  sel: mn limbs, tp: tab->tn limbs.
 */
static void
rp_comb_sec(const struct duet_rp_table *tab, mp_limb_t *acc,
    const mp_limb_t *comb, const mp_limb_t *neg_tab, const mp_limb_t *el,
    mp_limb_t neg, unsigned bits, mp_limb_t *sel, mp_limb_t *tp)
{
    mp_size_t mn = tab->mn, e = (mp_size_t) 1 << tab->w;
    unsigned i, k = (bits + tab->w - 1) / tab->w;

    for (i = 0; i < k; i++) {
        mpn_sec_tabselect(sel, comb + (size_t) i * (size_t) e * (size_t) mn,
            mn, e, rp_digit(el, i, tab->w));
        rp_mont_mul_sec(tab, acc, acc, sel, tp);
    }
    mpn_copyi(sel, tab->one, mn);
    duet_ct_cmov(sel, neg_tab + (size_t) k * (size_t) mn,
        (size_t) mn * sizeof(*sel), (int) neg);
    rp_mont_mul_sec(tab, acc, acc, sel, tp);
}


int
duet_rp_table_commit_sec(const struct duet_rp_table *tab, mpz_t out,
    const mpz_t x, unsigned xbits, const mpz_t y, unsigned ybits)
{
    mp_limb_t *block = NULL, *acc, *sel, *tp, *xl, *yl, xneg, yneg;
    mp_size_t mn, xn, yn;
    size_t limbs = 0;
    int r = DUET_ERR_INTERNAL;

    if (tab == NULL || xbits > duet_rp_table_x_max_bits(tab)
        || ybits > duet_rp_table_y_max_bits(tab)
        || !rp_fits(x, xbits) || !rp_fits(y, ybits))
    {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    mn = tab->mn;
    /* Digits of ceil(bits / w) w bits, plus a limb to spare. */
    xn = (mp_size_t) ((xbits + tab->w + RP_LIMB_BITS - 1) / RP_LIMB_BITS)
        + 1;
    yn = (mp_size_t) ((ybits + tab->w + RP_LIMB_BITS - 1) / RP_LIMB_BITS)
        + 1;
    limbs = (size_t) (2 * mn + tab->tn + xn + yn);
    if ((block = duet_alloc(limbs * sizeof(*block))) == NULL) {
        limbs = 0;
        r = DUET_ERR_NO_MEMORY;
        goto out;
    }
    acc = block;
    sel = acc + mn;
    tp = sel + mn;
    xl = tp + tab->tn;
    yl = xl + xn;

    xneg = rp_load_twos(xl, xn, x);
    yneg = rp_load_twos(yl, yn, y);
    mpn_copyi(acc, tab->one, mn);
    rp_comb_sec(tab, acc, tab->sx, tab->sneg, xl, xneg, xbits, sel, tp);
    rp_comb_sec(tab, acc, tab->ty, tab->tneg, yl, yneg, ybits, sel, tp);
    rp_from_mont(tab, acc, tp);
    rp_store(out, acc, mn);
    r = 0;

out:
    duet_free_wipe(block, limbs * sizeof(*block));
    return r;
}


/* acc *= b^e for a PUBLIC e: direct indexing, zero digits skipped. */
static void
rp_comb_var(const struct duet_rp_table *tab, mp_limb_t *acc,
    const mp_limb_t *comb, const mp_limb_t *neg_tab, const mp_limb_t *el,
    mp_limb_t neg, unsigned bits, mp_limb_t *tp)
{
    mp_size_t mn = tab->mn, e = (mp_size_t) 1 << tab->w, d;
    unsigned i, k = (bits + tab->w - 1) / tab->w;

    for (i = 0; i < k; i++) {
        d = rp_digit(el, i, tab->w);
        if (d != 0) {
            rp_mont_mul_var(tab, acc, acc,
                comb + ((size_t) i * (size_t) e + (size_t) d) * (size_t) mn,
                tp);
        }
    }
    if (neg) {
        rp_mont_mul_var(tab, acc, acc,
            neg_tab + (size_t) k * (size_t) mn, tp);
    }
}


int
duet_rp_table_commit_var(const struct duet_rp_table *tab, mpz_t out,
    const mpz_t x, const mpz_t y)
{
    mp_limb_t *block = NULL, *acc, *tp, *xl, *yl, xneg, yneg;
    mp_size_t mn, xn, yn;
    unsigned xbits, ybits;
    size_t limbs = 0;
    int r = DUET_ERR_INTERNAL;

    xbits = mpz_sgn(x) == 0 ? 0 : (unsigned) mpz_sizeinbase(x, 2);
    ybits = mpz_sgn(y) == 0 ? 0 : (unsigned) mpz_sizeinbase(y, 2);
    if (xbits > duet_rp_table_x_max_bits(tab)
        || ybits > duet_rp_table_y_max_bits(tab))
    {
        r = duet_rp_commit_var(&tab->rp, out, x, y);
        goto out;
    }
    mn = tab->mn;
    xn = (mp_size_t) ((xbits + tab->w + RP_LIMB_BITS - 1) / RP_LIMB_BITS)
        + 1;
    yn = (mp_size_t) ((ybits + tab->w + RP_LIMB_BITS - 1) / RP_LIMB_BITS)
        + 1;
    limbs = (size_t) (mn + tab->tn + xn + yn);
    if ((block = duet_alloc(limbs * sizeof(*block))) == NULL) {
        limbs = 0;
        r = DUET_ERR_NO_MEMORY;
        goto out;
    }
    acc = block;
    tp = acc + mn;
    xl = tp + tab->tn;
    yl = xl + xn;

    xneg = rp_load_twos(xl, xn, x);
    yneg = rp_load_twos(yl, yn, y);
    mpn_copyi(acc, tab->one, mn);
    rp_comb_var(tab, acc, tab->sx, tab->sneg, xl, xneg, xbits, tp);
    rp_comb_var(tab, acc, tab->ty, tab->tneg, yl, yneg, ybits, tp);
    rp_from_mont(tab, acc, tp);
    rp_store(out, acc, mn);
    r = 0;

out:
    duet_free_wipe(block, limbs * sizeof(*block));
    return r;
}


/*
 * The cache: slot[0] is the most recently used.  The mutex guards the
 * slots, the counters and every cached table's refs.
 */
static pthread_mutex_t rp_cache_mutex = PTHREAD_MUTEX_INITIALIZER;
static struct duet_rp_table *rp_cache_slot[DUET_RP_CACHE_SLOTS];
static struct duet_rp_cache_stats rp_cache_stat;


static void
rp_cache_lock(void)
{
    CHECK(pthread_mutex_lock(&rp_cache_mutex) == 0);
}


static void
rp_cache_unlock(void)
{
    CHECK(pthread_mutex_unlock(&rp_cache_mutex) == 0);
}


/* Hash one public value (its limb count, then its limbs: the key never
 * leaves the process, so the limbs' byte order does not matter). */
static int
rp_key_put(struct duet_sha256 *h, const mpz_t v)
{
    uint64_t n = (uint64_t) mpz_size(v);
    int r;

    if ((r = duet_sha256_update(h, &n, sizeof(n))) != 0) {
        return r;
    }

    return duet_sha256_update(h, mpz_limbs_read(v),
        (size_t) n * sizeof(mp_limb_t));
}


/* key = SHA-256 of the level's ceilings, N^, s and t. */
static int
rp_key(uint8_t key[DUET_SHA256_BYTES], const struct duet_rp_params *rp)
{
    struct duet_sha256 h;
    uint32_t bits[2];
    int r = DUET_ERR_INTERNAL;

    memset(&h, 0, sizeof(h));
    bits[0] = rp->level->rp_x_max_bits;
    bits[1] = rp->level->rp_y_max_bits;
    if ((r = duet_sha256_init(&h)) != 0
        || (r = duet_sha256_update(&h, bits, sizeof(bits))) != 0
        || (r = rp_key_put(&h, rp->n)) != 0
        || (r = rp_key_put(&h, rp->s)) != 0
        || (r = rp_key_put(&h, rp->t)) != 0
        || (r = duet_sha256_final(&h, key)) != 0)
    {
        goto out;
    }
    r = 0;

out:
    duet_sha256_clear(&h);
    return r;
}


/* Returns: 1 if tab is the table of rp (key first, then full values). */
static int
rp_table_matches(const struct duet_rp_table *tab,
    const uint8_t key[DUET_SHA256_BYTES], const struct duet_rp_params *rp)
{
    return memcmp(tab->key, key, DUET_SHA256_BYTES) == 0
        && tab->x_level_bits == rp->level->rp_x_max_bits
        && tab->y_level_bits == rp->level->rp_y_max_bits
        && mpz_cmp(tab->rp.n, rp->n) == 0
        && mpz_cmp(tab->rp.s, rp->s) == 0
        && mpz_cmp(tab->rp.t, rp->t) == 0;
}


/*
 * Under the mutex: find rp's table, move it to slot 0 and take a
 * reference.  Returns: the table, or NULL.
 */
static struct duet_rp_table *
rp_cache_find(const uint8_t key[DUET_SHA256_BYTES],
    const struct duet_rp_params *rp)
{
    struct duet_rp_table *tab;
    size_t i;

    for (i = 0; i < DUET_RP_CACHE_SLOTS; i++) {
        tab = rp_cache_slot[i];
        if (tab != NULL && rp_table_matches(tab, key, rp)) {
            memmove(&rp_cache_slot[1], &rp_cache_slot[0],
                i * sizeof(rp_cache_slot[0]));
            rp_cache_slot[0] = tab;
            tab->refs++;
            return tab;
        }
    }

    return NULL;
}


/*
 * Under the mutex: drop the cache's reference to slot i and close the
 * gap.  Returns: the table if that was its last reference (the caller
 * frees it after unlocking), else NULL.
 */
static struct duet_rp_table *
rp_cache_drop(size_t i)
{
    struct duet_rp_table *tab = rp_cache_slot[i];

    memmove(&rp_cache_slot[i], &rp_cache_slot[i + 1],
        (DUET_RP_CACHE_SLOTS - 1 - i) * sizeof(rp_cache_slot[0]));
    rp_cache_slot[DUET_RP_CACHE_SLOTS - 1] = NULL;
    rp_cache_stat.entries--;
    rp_cache_stat.bytes -= tab->bytes;

    return --tab->refs == 0 ? tab : NULL;
}


/*
 * duet_rp_table_get, and with build = 0 duet_rp_table_peek: on a miss,
 * *tabp is left NULL and 0 returned.
 */
static int
rp_table_lookup(const struct duet_rp_params *rp,
    const struct duet_rp_table **tabp, int build)
{
    struct duet_rp_table *tab = NULL, *fresh = NULL;
    struct duet_rp_table *dead[DUET_RP_CACHE_SLOTS];
    uint8_t key[DUET_SHA256_BYTES];
    size_t i, ndead = 0;
    int r = DUET_ERR_INTERNAL;

    if (tabp != NULL) {
        *tabp = NULL;
    }
    if (tabp == NULL || rp == NULL || rp->level == NULL
        || mpz_sgn(rp->n) <= 0)
    {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    if ((r = rp_key(key, rp)) != 0) {
        goto out;
    }

    rp_cache_lock();
    if ((tab = rp_cache_find(key, rp)) != NULL) {
        rp_cache_stat.hits++;
    } else if (build) {
        rp_cache_stat.misses++;
    }
    rp_cache_unlock();
    if (tab != NULL || !build) {
        r = 0;
        goto out;
    }

    /* Build outside the mutex: it takes tens of milliseconds. */
    if ((r = duet_rp_table_build(&fresh, rp, 0)) != 0) {
        goto out;
    }
    memcpy(fresh->key, key, sizeof(key));

    rp_cache_lock();
    if ((tab = rp_cache_find(key, rp)) != NULL) {
        rp_cache_stat.races++;
    } else if (fresh->bytes <= DUET_RP_CACHE_MAX_BYTES) {
        /* Evict from the tail until the new table fits. */
        for (i = DUET_RP_CACHE_SLOTS; i-- > 0; ) {
            if (rp_cache_slot[i] == NULL) {
                continue;
            }
            if (rp_cache_slot[DUET_RP_CACHE_SLOTS - 1] == NULL
                && rp_cache_stat.bytes + fresh->bytes
                   <= DUET_RP_CACHE_MAX_BYTES)
            {
                break;
            }
            if ((dead[ndead] = rp_cache_drop(i)) != NULL) {
                ndead++;
            }
            rp_cache_stat.evictions++;
        }
        memmove(&rp_cache_slot[1], &rp_cache_slot[0],
            (DUET_RP_CACHE_SLOTS - 1) * sizeof(rp_cache_slot[0]));
        rp_cache_slot[0] = fresh;
        rp_cache_stat.entries++;
        rp_cache_stat.bytes += fresh->bytes;
        fresh->refs = 2;            /* the cache's and the caller's */
        tab = fresh;
        fresh = NULL;
    } else {
        /* Too big to cache: the caller's alone (refs = 1). */
        tab = fresh;
        fresh = NULL;
    }
    rp_cache_unlock();
    r = 0;

out:
    while (ndead > 0) {
        rp_table_destroy(dead[--ndead]);
    }
    rp_table_destroy(fresh);
    if (r == 0) {
        *tabp = tab;
    }
    return r;
}


int
duet_rp_table_get(const struct duet_rp_params *rp,
    const struct duet_rp_table **tabp)
{
    return rp_table_lookup(rp, tabp, 1);
}


int
duet_rp_table_peek(const struct duet_rp_params *rp,
    const struct duet_rp_table **tabp)
{
    return rp_table_lookup(rp, tabp, 0);
}


void
duet_rp_table_release(const struct duet_rp_table *ctab)
{
    /* The cache hands out const pointers to tables it allocated. */
    struct duet_rp_table *tab = (struct duet_rp_table *) (uintptr_t) ctab;
    int last;

    if (tab == NULL) {
        return;
    }
    rp_cache_lock();
    last = --tab->refs == 0;
    rp_cache_unlock();
    if (last) {
        rp_table_destroy(tab);
    }
}


void
duet_rp_cache_stats(struct duet_rp_cache_stats *st)
{
    rp_cache_lock();
    *st = rp_cache_stat;
    rp_cache_unlock();
}


void
duet_rp_cache_flush(void)
{
    struct duet_rp_table *dead[DUET_RP_CACHE_SLOTS];
    size_t ndead = 0;

    rp_cache_lock();
    while (rp_cache_slot[0] != NULL) {
        if ((dead[ndead] = rp_cache_drop(0)) != NULL) {
            ndead++;
        }
    }
    memset(&rp_cache_stat, 0, sizeof(rp_cache_stat));
    rp_cache_unlock();
    while (ndead > 0) {
        rp_table_destroy(dead[--ndead]);
    }
}


int
duet_rp_commit_sec_cached(const struct duet_rp_params *rp, mpz_t out,
    const mpz_t x, unsigned xbits, const mpz_t y, unsigned ybits)
{
    const struct duet_rp_table *tab = NULL;
    int r = DUET_ERR_INTERNAL;

    /* Empty parameters, or none sized for the table: the plain path. */
    if (rp == NULL || rp->level == NULL || mpz_sgn(rp->n) == 0
        || xbits > rp->level->rp_x_max_bits
        || ybits > rp->level->rp_y_max_bits)
    {
        r = duet_rp_commit_sec(rp, out, x, xbits, y, ybits);
        goto out;
    }
    if ((r = duet_rp_table_get(rp, &tab)) != 0) {
        goto out;
    }
    r = duet_rp_table_commit_sec(tab, out, x, xbits, y, ybits);

out:
    duet_rp_table_release(tab);
    return r;
}


int
duet_rp_commit_sec_if_cached(const struct duet_rp_params *rp, mpz_t out,
    const mpz_t x, unsigned xbits, const mpz_t y, unsigned ybits)
{
    const struct duet_rp_table *tab = NULL;
    int r = DUET_ERR_INTERNAL;

    if (rp != NULL && rp->level != NULL && mpz_sgn(rp->n) != 0
        && xbits <= rp->level->rp_x_max_bits
        && ybits <= rp->level->rp_y_max_bits)
    {
        if ((r = duet_rp_table_peek(rp, &tab)) != 0) {
            goto out;
        }
    }
    if (tab != NULL) {
        r = duet_rp_table_commit_sec(tab, out, x, xbits, y, ybits);
    } else {
        r = duet_rp_commit_sec(rp, out, x, xbits, y, ybits);
    }

out:
    duet_rp_table_release(tab);
    return r;
}


int
duet_rp_commit_var_cached(const struct duet_rp_params *rp, mpz_t out,
    const mpz_t x, const mpz_t y)
{
    const struct duet_rp_table *tab = NULL;
    int r = DUET_ERR_INTERNAL;

    if (rp == NULL || rp->level == NULL || mpz_sgn(rp->n) == 0) {
        r = duet_rp_commit_var(rp, out, x, y);
        goto out;
    }
    if ((r = duet_rp_table_get(rp, &tab)) != 0) {
        goto out;
    }
    r = duet_rp_table_commit_var(tab, out, x, y);

out:
    duet_rp_table_release(tab);
    return r;
}
