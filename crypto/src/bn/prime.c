/*
 * prime.c -- safe-prime generation and modulus checks (bn/prime.h).
 *
 * The sieve.  Candidate i of a window is p'_i = s + 2i for a random odd
 * start s.  For a table prime r let a = s mod r; then
 *     r | p'_i       <=>  i = -s/2       (mod r)
 *     r | 2p'_i + 1  <=>  i = -(2s+1)/4  (mod r)
 * (r odd, so 2 and 4 are invertible).  The second offset is the first
 * minus 1/4 (mod r), whatever s is, so only the first is stored: it is
 * found once per start from a; after that each prime strikes out every
 * r-th entry of a segment bitmap from both offsets, and carries the first
 * into the next segment by subtraction.  No bignum arithmetic happens per
 * candidate, and none per segment.
 *
 * The residues s mod r are computed with one mpz_fdiv_ui per group of
 * consecutive primes whose product fits an unsigned long, then one word
 * division per prime.
 */

#include "config.h"

#include <limits.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gmp.h>
#include <openssl/bn.h>

#include "duet.h"
#include "duet_util.h"
#include "bn/prime.h"
#include "util/check.h"
#include "util/mem.h"

#define DUET_PRIME_SEG_WORDS   (DUET_PRIME_SEGMENT / 64)

STATIC_ASSERT(DUET_PRIME_SEGMENT % 64 == 0, "segment is whole words");
STATIC_ASSERT(DUET_PRIME_TABLE_BOUND <= (UINT32_C(1) << 30),
    "offsets plus a prime stay below 2^32");
STATIC_ASSERT(DUET_PRIME_CHECK_BOUND <= DUET_PRIME_TABLE_BOUND,
    "the check's primes are a prefix of the table");

/*
 * Survivors are checked against this many table primes by direct division
 * in VERIFY builds (the full table for the prime that is returned).
 */
#define DUET_PRIME_VERIFY_PRIMES  64

/* The table: built once, read-only afterwards. */
static pthread_once_t duet_prime_table_once = PTHREAD_ONCE_INIT;
static uint32_t *duet_prime_table_p;
static size_t duet_prime_table_n;

/*
 * Sieve state for one start.  off[k] is the position, relative to the
 * current segment, of the next candidate p' divisible by primes[k].  It
 * reveals s mod r, hence the start: the state is wiped when freed.
 */
struct duet_prime_sieve {
    const uint32_t *primes;
    size_t nprimes;
    uint32_t *off;
    uint64_t bits[DUET_PRIME_SEG_WORDS];    /* set bit: candidate rejected */
};


static void
duet_prime_table_build(void)
{
    /* Bit k of composite stands for the odd number 2k + 1. */
    size_t nodd = DUET_PRIME_TABLE_BOUND / 2;
    uint64_t *composite;
    uint32_t *t;
    size_t i, j, n = 0;

    composite = calloc(nodd / 64 + 1, sizeof(uint64_t));
    if (composite == NULL) {
        return;
    }
    for (i = 1; (2 * i + 1) * (2 * i + 1) < DUET_PRIME_TABLE_BOUND; i++) {
        if (composite[i / 64] >> (i % 64) & 1) {
            continue;
        }
        /* (2i+1)^2 = 2(2i^2 + 2i) + 1; step 2(2i+1) over odd numbers. */
        for (j = 2 * i * (i + 1); j < nodd; j += 2 * i + 1) {
            composite[j / 64] |= UINT64_C(1) << (j % 64);
        }
    }
    for (i = 1; i < nodd; i++) {
        n += !(composite[i / 64] >> (i % 64) & 1);
    }
    t = malloc(n * sizeof(*t));
    if (t != NULL) {
        for (i = 1, j = 0; i < nodd; i++) {
            if (!(composite[i / 64] >> (i % 64) & 1)) {
                t[j++] = (uint32_t) (2 * i + 1);
            }
        }
        duet_prime_table_p = t;
        duet_prime_table_n = n;
    }
    free(composite);
}


int
duet_prime_table(const uint32_t **primes, size_t *count)
{
    int r = DUET_ERR_INTERNAL;

    if (pthread_once(&duet_prime_table_once, duet_prime_table_build) != 0) {
        goto out;
    }
    if (duet_prime_table_p == NULL) {
        r = DUET_ERR_NO_MEMORY;
        goto out;
    }
    *primes = duet_prime_table_p;
    *count = duet_prime_table_n;
    r = 0;

out:
    return r;
}


/*
 * Returns: 1 and *next = a * b if the product fits an unsigned long,
 *          else 0.
 */
static int
duet_prime_mul_fits(unsigned long a, unsigned long b, unsigned long *next)
{
#if defined(__GNUC__)
    return !__builtin_mul_overflow(a, b, next);
#else
    if (b != 0 && a > ULONG_MAX / b) {
        return 0;
    }
    *next = a * b;
    return 1;
#endif
}


/*
 * Call fn(arg, k, x mod primes[k]) for k = 0 .. n - 1, with one bignum
 * division per group of primes.  x >= 0.
 */
static void
duet_prime_residues(const mpz_t x, const uint32_t *primes, size_t n,
    void (*fn)(void *arg, size_t k, uint32_t rem), void *arg)
{
    unsigned long prod, next, rem;
    size_t k = 0, end;

    while (k < n) {
        prod = primes[k];
        for (end = k + 1;
            end < n && duet_prime_mul_fits(prod, primes[end], &next);
            end++)
        {
            prod = next;
        }
        rem = mpz_fdiv_ui(x, prod);
        for (; k < end; k++) {
            fn(arg, k, (uint32_t) (rem % primes[k]));
        }
    }
}


/* Returns: the index of the lowest set bit of w != 0. */
static unsigned
duet_prime_ctz64(uint64_t w)
{
#if defined(__GNUC__)
    return (unsigned) __builtin_ctzll(w);
#else
    unsigned n = 0;

    while (!(w & 1)) {
        w >>= 1;
        n++;
    }
    return n;
#endif
}


/*
 * Returns: x / 2 mod r, for r odd and x < r.  Branch-free only because a
 * mispredicted branch per prime and segment would cost more than the rest
 * of the sieve's work for the large primes.
 */
static uint32_t
duet_prime_half_mod(uint32_t x, uint32_t r)
{
    return (uint32_t) (((uint64_t) x + (r & (0u - (x & 1)))) >> 1);
}


/* Residue callback of duet_prime_sieve_start: a = s mod r. */
static void
duet_prime_sieve_set(void *arg, size_t k, uint32_t a)
{
    struct duet_prime_sieve *sv = arg;
    uint32_t r = sv->primes[k], x;

    /* First i with r | s + 2i: i = -a/2. */
    x = duet_prime_half_mod(a, r);
    sv->off[k] = x == 0 ? 0 : r - x;
}


/*
 * Returns: the first i >= 0 with r | 2(s + 2i) + 1, given i0, the first
 *          with r | s + 2i: i0 - 1/4 (mod r).
 */
static uint32_t
duet_prime_second_offset(uint32_t i0, uint32_t r)
{
    uint32_t quarter = duet_prime_half_mod((r + 1) / 2, r);
    uint32_t i1 = i0 + (r - quarter);

    /* i1 < 2r: subtract r if i1 >= r, without a branch. */
    return i1 - (r & (0u - (uint32_t) (i1 >= r)));
}


/* Set up the offsets for the window starting at s (odd, > every prime). */
static void
duet_prime_sieve_start(struct duet_prime_sieve *sv, const mpz_t s)
{
    duet_prime_residues(s, sv->primes, sv->nprimes, duet_prime_sieve_set, sv);
}


/*
 * Fill the bitmap for the next len <= DUET_PRIME_SEGMENT candidates and
 * move the offsets past them.  (A short segment is the last of a window:
 * a small window should not pay for sieving a whole segment.)
 */
static void
duet_prime_sieve_segment(struct duet_prime_sieve *sv, uint32_t len)
{
    uint64_t *bits = sv->bits;
    uint32_t *off = sv->off;
    uint32_t r, pos;
    size_t k;

    VERIFY_CHECK(len <= DUET_PRIME_SEGMENT);
    memset(bits, 0, (len + 63) / 64 * sizeof(bits[0]));
    for (k = 0; k < sv->nprimes; k++) {
        r = sv->primes[k];
        for (pos = duet_prime_second_offset(off[k], r); pos < len; pos += r) {
            bits[pos / 64] |= UINT64_C(1) << (pos % 64);
        }
        for (pos = off[k]; pos < len; pos += r) {
            bits[pos / 64] |= UINT64_C(1) << (pos % 64);
        }
        off[k] = pos - len;
    }
}


/*
 * Returns: a sieve for the first nprimes table primes (capped at the
 *          table), or NULL with *err set.
 */
static struct duet_prime_sieve *
duet_prime_sieve_new(size_t nprimes, int *err)
{
    struct duet_prime_sieve *sv = NULL;
    const uint32_t *primes;
    size_t count;
    int r;

    if ((r = duet_prime_table(&primes, &count)) != 0) {
        goto out;
    }
    if (nprimes > count) {
        nprimes = count;
    }
    r = DUET_ERR_NO_MEMORY;
    if ((sv = duet_alloc(sizeof(*sv))) == NULL) {
        goto out;
    }
    sv->primes = primes;
    sv->nprimes = nprimes;
    if ((sv->off = duet_alloc(nprimes * sizeof(uint32_t) + 1)) == NULL) {
        duet_free_wipe(sv, sizeof(*sv));
        sv = NULL;
        goto out;
    }
    r = 0;

out:
    *err = r;
    return sv;
}


static void
duet_prime_sieve_free(struct duet_prime_sieve *sv)
{
    if (sv == NULL) {
        return;
    }
    duet_free_wipe(sv->off, sv->nprimes * sizeof(uint32_t) + 1);
    duet_free_wipe(sv, sizeof(*sv));
}


/*
 * Returns: 1 if no odd prime among the first n of primes divides x or
 *          2x + 1, by direct division (the sieve's specification).
 */
static int
duet_prime_sieve_ok_var(const mpz_t x, const uint32_t *primes, size_t n)
{
    unsigned long rem;
    size_t k;

    for (k = 0; k < n; k++) {
        rem = mpz_fdiv_ui(x, primes[k]);
        if (rem == 0 || rem == (primes[k] - 1) / 2) {
            return 0;
        }
    }

    return 1;
}


/*
 * Scratch for the base-2 Fermat pre-test.  The default engine is OpenSSL's
 * BN_mod_exp_mont_consttime: measured here it is 25-35% faster than GMP's
 * mpz_powm_sec at 1024 and 1536 bits (x86_64 Montgomery code with
 * MULX/ADX, and AVX2 at 1024 bits) and, like it, constant-time in the
 * exponent and the modulus, which are the candidate.  The pre-test is
 * nearly all of the generation's cost.  Every BIGNUM here is flagged
 * BN_FLG_CONSTTIME and freed with BN_clear_free.
 */
struct duet_prime_fermat {
    int engine;
    BN_CTX *ctx;
    BN_MONT_CTX *mont;
    BIGNUM *n, *e, *two, *res;
    mpz_t ze, zt, ztwo;
    uint8_t buf[DUET_PRIME_MAX_BITS / 8 + 1];
};


static int
duet_prime_fermat_init(struct duet_prime_fermat *f, int engine)
{
    int r = DUET_ERR_NO_MEMORY;

    memset(f, 0, sizeof(*f));
    f->engine = engine;
    mpz_inits(f->ze, f->zt, f->ztwo, NULL);
    mpz_set_ui(f->ztwo, 2);
    if (engine != DUET_PRIME_FERMAT_OPENSSL) {
        r = 0;
        goto out;
    }
    if ((f->ctx = BN_CTX_secure_new()) == NULL
        || (f->mont = BN_MONT_CTX_new()) == NULL
        || (f->n = BN_new()) == NULL || (f->e = BN_new()) == NULL
        || (f->two = BN_new()) == NULL || (f->res = BN_new()) == NULL
        || BN_set_word(f->two, 2) != 1)
    {
        goto out;
    }
    BN_set_flags(f->n, BN_FLG_CONSTTIME);
    BN_set_flags(f->e, BN_FLG_CONSTTIME);
    r = 0;

out:
    return r;
}


static void
duet_prime_fermat_free(struct duet_prime_fermat *f)
{
    BN_clear_free(f->n);
    BN_clear_free(f->e);
    BN_clear_free(f->two);
    BN_clear_free(f->res);
    BN_MONT_CTX_free(f->mont);
    BN_CTX_free(f->ctx);
    mpz_clears(f->ze, f->zt, f->ztwo, NULL);
    duet_memclear(f->buf, sizeof(f->buf));
}


/*
 * Base-2 Fermat test of odd n > 3: is 2^(n-1) = 1 mod n?
 *
 * Returns: 1 if it holds, 0 if not (n is composite), or a negative
 *          DUET_ERR_* code.
 */
static int
duet_prime_fermat2(struct duet_prime_fermat *f, const mpz_t n)
{
    size_t len;
    int r = DUET_ERR_INTERNAL;

    if (f->engine == DUET_PRIME_FERMAT_GMP) {
        mpz_sub_ui(f->ze, n, 1);
        mpz_powm_sec(f->zt, f->ztwo, f->ze, n);
        r = mpz_cmp_ui(f->zt, 1) == 0;
        goto out;
    }

    VERIFY_CHECK(mpz_sizeinbase(n, 2) <= 8 * sizeof(f->buf));
    mpz_export(f->buf, &len, 1, 1, 1, 0, n);
    if (BN_bin2bn(f->buf, (int) len, f->n) == NULL
        || BN_copy(f->e, f->n) == NULL || BN_sub_word(f->e, 1) != 1
        || BN_MONT_CTX_set(f->mont, f->n, f->ctx) != 1
        || BN_mod_exp_mont_consttime(f->res, f->two, f->e, f->n, f->ctx,
            f->mont) != 1)
    {
        r = DUET_ERR_NO_MEMORY;
        goto out;
    }
    r = BN_is_one(f->res);

out:
    return r;
}


/*
 * Tuned by bench/bench-prime.c (see the numbers there): how many table
 * primes to sieve with.  Sieving with more primes removes more candidates
 * before the expensive test but costs a division per prime at each start.
 */
static size_t
duet_prime_default_sieve_primes(unsigned bits)
{
    if (bits <= 256) {
        return 1024;
    }
    if (bits <= 512) {
        return 8192;
    }
    if (bits <= 1024) {
        return (size_t) 1 << 18;
    }
    return (size_t) 1 << 20;
}


/*
 * The expected distance to the next safe prime from a random odd start is
 * about 0.18 bits^2 candidates ((ln 2^bits)^2 / 2.64, from the Hardy-
 * Littlewood estimate with the twin-prime constant); a window of 1.5
 * bits^2 is eight times that, so a restart happens for about one search
 * in 3000.  Restarting at all bounds how far the search walks from its
 * random start.  At least one segment.
 */
static unsigned long
duet_prime_default_window(unsigned bits)
{
    unsigned long w = (unsigned long) bits * bits * 3 / 2;

    /* Whole segments, so that progress always counts in segments. */
    return (w + DUET_PRIME_SEGMENT - 1) / DUET_PRIME_SEGMENT
        * DUET_PRIME_SEGMENT;
}


/*
 * Test one sieve survivor p' = cand: the Fermat pre-tests on p' and then
 * on p = 2p' + 1, and the full test on both.  pp receives p.
 *
 * Returns: 1 if p is a safe prime, 0 if not, or a negative DUET_ERR_*.
 */
static int
duet_prime_try(struct duet_prime_fermat *f, const mpz_t cand, mpz_t pp,
    struct duet_prime_stats *st)
{
    int r;

    if (f->engine != DUET_PRIME_FERMAT_NONE
        && (r = duet_prime_fermat2(f, cand)) <= 0)
    {
        return r;
    }
    mpz_mul_2exp(pp, cand, 1);
    mpz_add_ui(pp, pp, 1);
    if (f->engine != DUET_PRIME_FERMAT_NONE) {
        st->fermat_pq++;
        if ((r = duet_prime_fermat2(f, pp)) <= 0) {
            return r;
        }
    }
    st->full_tests++;

    return mpz_probab_prime_p(cand, DUET_PRIME_REPS) != 0
        && mpz_probab_prime_p(pp, DUET_PRIME_REPS) != 0;
}


int
duet_prime_safe_generate(mpz_t p, unsigned bits,
    const struct duet_prime_gen_opts *opts)
{
    static const struct duet_prime_gen_opts defaults;
    struct duet_prime_stats st;
    struct duet_prime_sieve *sv = NULL;
    struct duet_prime_fermat fermat;
    uint8_t buf[(DUET_PRIME_MAX_BITS + 7) / 8];
    size_t nbytes, nprimes;
    unsigned long window, cap, base, n, i, w;
    uint64_t word;
    mpz_t s, cand, pp, t;
    int r = DUET_ERR_INTERNAL, found = 0;

    mpz_inits(s, cand, pp, t, NULL);
    memset(&st, 0, sizeof(st));
    if (opts == NULL) {
        opts = &defaults;
    }
    if ((r = duet_prime_fermat_init(&fermat, opts->fermat)) != 0) {
        goto out;
    }
    if (bits < DUET_PRIME_MIN_BITS || bits > DUET_PRIME_MAX_BITS
        || opts->fermat < DUET_PRIME_FERMAT_OPENSSL
        || opts->fermat > DUET_PRIME_FERMAT_NONE)
    {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    nprimes = opts->sieve_primes != 0 ? opts->sieve_primes
        : duet_prime_default_sieve_primes(bits);
    window = opts->window != 0 ? opts->window
        : duet_prime_default_window(bits);
    if ((sv = duet_prime_sieve_new(nprimes, &r)) == NULL) {
        goto out;
    }
    nbytes = (bits - 1 + 7) / 8;

    while (!found) {
        /* A random odd p' of exactly bits - 1 bits. */
        if ((r = duet_random_bytes(buf, nbytes)) != 0) {
            goto out;
        }
        mpz_import(s, nbytes, 1, 1, 1, 0, buf);
        mpz_fdiv_r_2exp(s, s, bits - 2);
        mpz_setbit(s, bits - 2);
        mpz_setbit(s, 0);

        /* Keep p' below 2^(bits-1): (2^(bits-1) - s + 1) / 2 candidates. */
        cap = window;
        mpz_set_ui(t, 0);
        mpz_setbit(t, bits - 1);
        mpz_sub(t, t, s);
        if (mpz_cmp_ui(t, 2 * window) < 0) {
            cap = (mpz_get_ui(t) + 1) / 2;
        }

        duet_prime_sieve_start(sv, s);
        for (base = 0; base < cap && !found; base += n) {
            n = cap - base < DUET_PRIME_SEGMENT ? cap - base
                : DUET_PRIME_SEGMENT;
            duet_prime_sieve_segment(sv, (uint32_t) n);

            /* Survivors are the clear bits, in increasing order. */
            for (w = 0; w * 64 < n && !found; w++) {
                for (word = ~sv->bits[w]; word != 0; word &= word - 1) {
                    i = w * 64 + duet_prime_ctz64(word);
                    if (i >= n) {
                        break;
                    }
                    st.survivors++;
                    mpz_add_ui(cand, s, 2 * (base + i));
                    VERIFY_CHECK(duet_prime_sieve_ok_var(cand, sv->primes,
                        sv->nprimes < DUET_PRIME_VERIFY_PRIMES
                        ? sv->nprimes : DUET_PRIME_VERIFY_PRIMES));
                    if ((r = duet_prime_try(&fermat, cand, pp, &st)) < 0) {
                        goto out;
                    }
                    if (r == 1) {
                        st.candidates += i + 1;
                        found = 1;
                        break;
                    }
                }
            }
            if (found) {
                break;
            }
            st.candidates += n;
            if (opts->progress != NULL
                && opts->progress(opts->progress_arg, st.candidates) != 0)
            {
                r = DUET_ERR_LIMIT_EXCEEDED;
                goto out;
            }
        }
        if (!found) {
            st.restarts++;
        }
    }

    VERIFY_CHECK(mpz_sizeinbase(pp, 2) == bits);
    VERIFY_CHECK(duet_prime_sieve_ok_var(cand, sv->primes, sv->nprimes));
    mpz_swap(p, pp);
    r = 0;

out:
    if (r != 0) {
        mpz_set_ui(p, 0);
    }
    if (opts->stats != NULL) {
        *opts->stats = st;
    }
    duet_memclear(buf, sizeof(buf));
    duet_prime_sieve_free(sv);
    duet_prime_fermat_free(&fermat);
    mpz_clears(s, cand, pp, t, NULL);
    return r;
}


int
duet_prime_is_safe_var(const mpz_t p)
{
    mpz_t h;
    int ok;

    if (mpz_cmp_ui(p, 5) <= 0 || mpz_even_p(p)) {
        return 0;
    }
    mpz_init(h);
    mpz_fdiv_q_2exp(h, p, 1);
    ok = mpz_probab_prime_p(h, DUET_PRIME_REPS) != 0
        && mpz_probab_prime_p(p, DUET_PRIME_REPS) != 0;
    mpz_clear(h);

    return ok;
}


const char *
duet_prime_check_str(enum duet_prime_check check)
{
    switch (check) {
    case DUET_PRIME_CHECK_OK:
        return "ok";
    case DUET_PRIME_CHECK_NOT_POSITIVE:
        return "N is not positive";
    case DUET_PRIME_CHECK_EVEN:
        return "N is even";
    case DUET_PRIME_CHECK_TOO_SHORT:
        return "N is shorter than the level allows";
    case DUET_PRIME_CHECK_TOO_LONG:
        return "N is longer than the level allows";
    case DUET_PRIME_CHECK_SMALL_FACTOR:
        return "N has a small prime factor";
    case DUET_PRIME_CHECK_SQUARE:
        return "N is a perfect square";
    case DUET_PRIME_CHECK_PRIME:
        return "N is prime";
    case DUET_PRIME_CHECK_FACTOR_SIZE:
        return "a factor has the wrong size";
    case DUET_PRIME_CHECK_FACTOR_NOT_3_MOD_4:
        return "a factor is not 3 mod 4";
    case DUET_PRIME_CHECK_FACTORS_EQUAL:
        return "the factors are equal";
    case DUET_PRIME_CHECK_FACTOR_COMPOSITE:
        return "a factor is not prime";
    case DUET_PRIME_CHECK_FACTOR_NOT_SAFE:
        return "a factor is not a safe prime";
    }

    return "unknown check";
}


/* Residue callback of the trial division: remember a zero remainder. */
static void
duet_prime_trial_set(void *arg, size_t k, uint32_t rem)
{
    (void) k;
    *(int *) arg |= rem == 0;
}


int
duet_prime_check_modulus_var(const mpz_t n, unsigned min_bits,
    unsigned max_bits, enum duet_prime_check *check)
{
    enum duet_prime_check c = DUET_PRIME_CHECK_OK;
    const uint32_t *primes;
    size_t count, nbits, k;
    int r = DUET_ERR_INTERNAL, divides = 0;

    if (min_bits == 0 || min_bits > max_bits
        || max_bits > 2 * DUET_PRIME_MAX_BITS)
    {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    if ((r = duet_prime_table(&primes, &count)) != 0) {
        goto out;
    }
    r = DUET_ERR_PROTOCOL;
    if (mpz_sgn(n) <= 0) {
        c = DUET_PRIME_CHECK_NOT_POSITIVE;
        goto out;
    }
    if (mpz_even_p(n)) {
        c = DUET_PRIME_CHECK_EVEN;
        goto out;
    }
    nbits = mpz_sizeinbase(n, 2);
    if (nbits < min_bits) {
        c = DUET_PRIME_CHECK_TOO_SHORT;
        goto out;
    }
    if (nbits > max_bits) {
        c = DUET_PRIME_CHECK_TOO_LONG;
        goto out;
    }
    for (k = 0; k < count && primes[k] < DUET_PRIME_CHECK_BOUND; k++) {
        continue;
    }
    duet_prime_residues(n, primes, k, duet_prime_trial_set, &divides);
    if (divides) {
        c = DUET_PRIME_CHECK_SMALL_FACTOR;
        goto out;
    }
    if (mpz_perfect_square_p(n)) {
        c = DUET_PRIME_CHECK_SQUARE;
        goto out;
    }
    if (mpz_probab_prime_p(n, DUET_PRIME_REPS) != 0) {
        c = DUET_PRIME_CHECK_PRIME;
        goto out;
    }
    r = 0;

out:
    if (check != NULL) {
        *check = c;
    }
    return r;
}


int
duet_prime_check_own_var(const mpz_t p, const mpz_t q, unsigned prime_bits,
    enum duet_prime_check *check)
{
    enum duet_prime_check c = DUET_PRIME_CHECK_OK;
    mpz_t h;
    int r = DUET_ERR_INVALID_ARGUMENT;

    mpz_init(h);
    if (prime_bits < DUET_PRIME_MIN_BITS || prime_bits > DUET_PRIME_MAX_BITS) {
        goto out;
    }
    if (mpz_sgn(p) <= 0 || mpz_sgn(q) <= 0
        || mpz_sizeinbase(p, 2) != prime_bits
        || mpz_sizeinbase(q, 2) != prime_bits)
    {
        c = DUET_PRIME_CHECK_FACTOR_SIZE;
        goto out;
    }
    if (mpz_fdiv_ui(p, 4) != 3 || mpz_fdiv_ui(q, 4) != 3) {
        c = DUET_PRIME_CHECK_FACTOR_NOT_3_MOD_4;
        goto out;
    }
    if (mpz_cmp(p, q) == 0) {
        c = DUET_PRIME_CHECK_FACTORS_EQUAL;
        goto out;
    }
    if (mpz_probab_prime_p(p, DUET_PRIME_REPS) == 0
        || mpz_probab_prime_p(q, DUET_PRIME_REPS) == 0)
    {
        c = DUET_PRIME_CHECK_FACTOR_COMPOSITE;
        goto out;
    }
    mpz_fdiv_q_2exp(h, p, 1);
    if (mpz_probab_prime_p(h, DUET_PRIME_REPS) == 0) {
        c = DUET_PRIME_CHECK_FACTOR_NOT_SAFE;
        goto out;
    }
    mpz_fdiv_q_2exp(h, q, 1);
    if (mpz_probab_prime_p(h, DUET_PRIME_REPS) == 0) {
        c = DUET_PRIME_CHECK_FACTOR_NOT_SAFE;
        goto out;
    }
    r = 0;

out:
    if (check != NULL) {
        *check = c;
    }
    mpz_clear(h);
    return r;
}


#ifdef DUET_TEST_HOOKS
int
duet_prime_test_sieve(uint8_t *survive, size_t count, const mpz_t start,
    size_t nprimes)
{
    struct duet_prime_sieve *sv = NULL;
    size_t base, i;
    uint32_t len;
    int r = DUET_ERR_INVALID_ARGUMENT;

    if (survive == NULL || mpz_even_p(start) || mpz_sgn(start) <= 0) {
        goto out;
    }
    if ((sv = duet_prime_sieve_new(nprimes, &r)) == NULL) {
        goto out;
    }
    if (sv->nprimes > 0
        && mpz_cmp_ui(start, sv->primes[sv->nprimes - 1]) <= 0)
    {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    duet_prime_sieve_start(sv, start);
    for (base = 0; base < count; base += DUET_PRIME_SEGMENT) {
        len = count - base < DUET_PRIME_SEGMENT ? (uint32_t) (count - base)
            : DUET_PRIME_SEGMENT;
        duet_prime_sieve_segment(sv, len);
        for (i = 0; i < len; i++) {
            survive[base + i] = !(sv->bits[i / 64] >> (i % 64) & 1);
        }
    }
    r = 0;

out:
    duet_prime_sieve_free(sv);
    return r;
}
#endif
