/*
 * paillier.c -- Paillier keys, encryption (plain and CRT), CRT decryption
 * and the homomorphic operations; see paillier.h.
 */

#include "config.h"

#include <pthread.h>
#include <stddef.h>
#include <string.h>

#include <gmp.h>

#include "duet.h"
#include "duet_util.h"
#include "bn/bn.h"
#include "bn/level.h"
#include "paillier/paillier.h"
#include "util/check.h"

/*
 * duet_paillier_sk_copy copies field by field: these catch a field added
 * to the structs without a line there.
 */
STATIC_ASSERT(offsetof(struct duet_paillier_sk, p)
    == sizeof(struct duet_paillier_pk), "duet_paillier_sk: pk first");
STATIC_ASSERT(offsetof(struct duet_paillier_sk, prime_bits)
    == offsetof(struct duet_paillier_sk, p) + 14 * sizeof(mpz_t),
    "duet_paillier_sk: fourteen mpz_t after pk");
STATIC_ASSERT(sizeof(struct duet_paillier_sk)
    <= offsetof(struct duet_paillier_sk, prime_bits) + sizeof(void *),
    "duet_paillier_sk: nothing after prime_bits");
STATIC_ASSERT(sizeof(struct duet_paillier_pk)
    <= 3 * sizeof(mpz_t) + 2 * sizeof(void *),
    "duet_paillier_pk: n, nn, half, n_bits, level");

/* Trial-division bound of the modulus check: every prime below 2^16. */
#define DUET_PAILLIER_SMALL_PRIME_BOUND  65536UL

/*
 * Candidates duet_paillier_random_unit draws before giving up (a candidate
 * fails with probability below 2^-(prime_bits - 1)).
 */
#define DUET_PAILLIER_UNIT_TRIES  16

/*
 * Miller-Rabin repetitions for the key checks.  GMP 6.2 runs BPSW for any
 * count up to 24 and adds Miller-Rabin rounds only above it; BPSW has no
 * known counterexample, and the primes come from our own generator.
 */
#define DUET_PAILLIER_PRIME_REPS  24


static void
paillier_set_why(enum duet_paillier_reject *why, enum duet_paillier_reject v)
{
    if (why != NULL) {
        *why = v;
    }
}


/*
 * The product of the primes below DUET_PAILLIER_SMALL_PRIME_BOUND, built
 * once (0.5 ms, about a dozen times per presignature otherwise: every
 * Paillier and ring-Pedersen modulus of the aux info is checked when it
 * is loaded) and kept for the life of the process.  Public; read-only
 * once built.
 */
static mpz_t paillier_primorial;
static pthread_once_t paillier_primorial_once = PTHREAD_ONCE_INIT;


static void
paillier_primorial_build(void)
{
    mpz_init(paillier_primorial);
    mpz_primorial_ui(paillier_primorial, DUET_PAILLIER_SMALL_PRIME_BOUND);
}


void
duet_paillier_pk_init(struct duet_paillier_pk *pk)
{
    mpz_inits(pk->n, pk->nn, pk->half, NULL);
    pk->n_bits = 0;
    pk->level = NULL;
}


void
duet_paillier_pk_clear(struct duet_paillier_pk *pk)
{
    mpz_clears(pk->n, pk->nn, pk->half, NULL);
    pk->n_bits = 0;
    pk->level = NULL;
}


/* Fill pk from an N that passed the checks. */
static void
paillier_pk_fill(struct duet_paillier_pk *pk, const mpz_t n,
    const struct duet_level *level)
{
    mpz_set(pk->n, n);
    mpz_mul(pk->nn, n, n);
    mpz_sub_ui(pk->half, n, 1);
    mpz_fdiv_q_2exp(pk->half, pk->half, 1);
    pk->n_bits = (unsigned) mpz_sizeinbase(n, 2);
    pk->level = level;
}


static void
paillier_pk_reset(struct duet_paillier_pk *pk)
{
    mpz_set_ui(pk->n, 0);
    mpz_set_ui(pk->nn, 0);
    mpz_set_ui(pk->half, 0);
    pk->n_bits = 0;
    pk->level = NULL;
}


int
duet_paillier_check_modulus_var(const mpz_t n,
    const struct duet_level *level, enum duet_paillier_reject *why)
{
    mpz_t g;
    size_t bits;
    int r = DUET_ERR_INTERNAL;

    mpz_init(g);
    paillier_set_why(why, DUET_PAILLIER_OK);
    if (level == NULL) {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    bits = mpz_sgn(n) > 0 ? mpz_sizeinbase(n, 2) : 0;
    if (bits < level->modulus_min_bits) {
        paillier_set_why(why, DUET_PAILLIER_N_TOO_SHORT);
        r = DUET_ERR_PROTOCOL;
        goto out;
    }
    if (bits > level->modulus_max_bits) {
        paillier_set_why(why, DUET_PAILLIER_N_TOO_LONG);
        r = DUET_ERR_PROTOCOL;
        goto out;
    }
    if (mpz_even_p(n)) {
        paillier_set_why(why, DUET_PAILLIER_N_EVEN);
        r = DUET_ERR_PROTOCOL;
        goto out;
    }
    /* BitForge-style moduli carry many small factors: one gcd finds any. */
    if (pthread_once(&paillier_primorial_once, paillier_primorial_build)
        != 0)
    {
        goto out;
    }
    mpz_gcd(g, paillier_primorial, n);
    if (mpz_cmp_ui(g, 1) != 0) {
        paillier_set_why(why, DUET_PAILLIER_N_SMALL_FACTOR);
        r = DUET_ERR_PROTOCOL;
        goto out;
    }
    r = 0;

out:
    mpz_clear(g);
    return r;
}


int
duet_paillier_pk_set_var(struct duet_paillier_pk *pk, const mpz_t n,
    const struct duet_level *level, enum duet_paillier_reject *why)
{
    int r = DUET_ERR_INTERNAL;

    if ((r = duet_paillier_check_modulus_var(n, level, why)) != 0) {
        paillier_pk_reset(pk);
        goto out;
    }
    paillier_pk_fill(pk, n, level);
    r = 0;

out:
    return r;
}


void
duet_paillier_sk_init(struct duet_paillier_sk *sk)
{
    duet_paillier_pk_init(&sk->pk);
    mpz_inits(sk->p, sk->q, sk->pp, sk->qq, sk->p_minus_1, sk->q_minus_1,
        sk->hp, sk->hq, sk->q_inv_p, sk->neg_q_inv_p, sk->qq_inv_pp,
        sk->neg_qq_inv_pp, sk->n_pm1, sk->n_qm1, NULL);
    sk->prime_bits = 0;
}


void
duet_paillier_sk_clear(struct duet_paillier_sk *sk)
{
    /* duet_init()'s GMP hooks wipe every limb array freed here. */
    mpz_clears(sk->p, sk->q, sk->pp, sk->qq, sk->p_minus_1, sk->q_minus_1,
        sk->hp, sk->hq, sk->q_inv_p, sk->neg_q_inv_p, sk->qq_inv_pp,
        sk->neg_qq_inv_pp, sk->n_pm1, sk->n_qm1, NULL);
    duet_paillier_pk_clear(&sk->pk);
    /* The struct holds limb pointers and sizes: zero those too. */
    duet_memclear(sk, sizeof(*sk));
}


/* Set every field of sk to zero (a refused or failed construction). */
static void
paillier_sk_reset(struct duet_paillier_sk *sk)
{
    mpz_set_ui(sk->p, 0);
    mpz_set_ui(sk->q, 0);
    mpz_set_ui(sk->pp, 0);
    mpz_set_ui(sk->qq, 0);
    mpz_set_ui(sk->p_minus_1, 0);
    mpz_set_ui(sk->q_minus_1, 0);
    mpz_set_ui(sk->hp, 0);
    mpz_set_ui(sk->hq, 0);
    mpz_set_ui(sk->q_inv_p, 0);
    mpz_set_ui(sk->neg_q_inv_p, 0);
    mpz_set_ui(sk->qq_inv_pp, 0);
    mpz_set_ui(sk->neg_qq_inv_pp, 0);
    mpz_set_ui(sk->n_pm1, 0);
    mpz_set_ui(sk->n_qm1, 0);
    sk->prime_bits = 0;
    paillier_pk_reset(&sk->pk);
}


/* Returns: 1 if x and (x - 1) / 2 are (probable) primes. */
static int
paillier_is_prime(const mpz_t x)
{
    return mpz_probab_prime_p(x, DUET_PAILLIER_PRIME_REPS) != 0;
}


static int
paillier_is_safe(const mpz_t x)
{
    mpz_t h;
    int safe;

    mpz_init(h);
    mpz_fdiv_q_2exp(h, x, 1);
    safe = mpz_probab_prime_p(h, DUET_PAILLIER_PRIME_REPS) != 0;
    mpz_clear(h);

    return safe;
}


/*
 * The checks of duet_paillier_check_primes that need no primality test,
 * in its order: p != q, sizes, Blum, N's window.  n is set to p q.
 */
static int
paillier_check_shape(mpz_t n, const mpz_t p, const mpz_t q,
    const struct duet_level *level, enum duet_paillier_reject *why)
{
    size_t bits;
    int r = DUET_ERR_INVALID_ARGUMENT;

    paillier_set_why(why, DUET_PAILLIER_OK);
    if (level == NULL) {
        goto out;
    }
    if (mpz_cmp(p, q) == 0) {
        paillier_set_why(why, DUET_PAILLIER_P_EQUALS_Q);
        goto out;
    }
    if (mpz_sgn(p) <= 0 || mpz_sgn(q) <= 0
        || mpz_sizeinbase(p, 2) != level->prime_bits
        || mpz_sizeinbase(q, 2) != level->prime_bits)
    {
        paillier_set_why(why, DUET_PAILLIER_PRIME_SIZE);
        goto out;
    }
    if (mpz_fdiv_ui(p, 4) != 3 || mpz_fdiv_ui(q, 4) != 3) {
        paillier_set_why(why, DUET_PAILLIER_NOT_BLUM);
        goto out;
    }
    /* Two primes of prime_bits bits give 2 prime_bits - 1 or 2 prime_bits. */
    mpz_mul(n, p, q);
    bits = mpz_sizeinbase(n, 2);
    if (bits < level->modulus_min_bits) {
        paillier_set_why(why, DUET_PAILLIER_N_TOO_SHORT);
        goto out;
    }
    if (bits > level->modulus_max_bits) {
        paillier_set_why(why, DUET_PAILLIER_N_TOO_LONG);
        goto out;
    }
    r = 0;

out:
    return r;
}


int
duet_paillier_check_primes(const mpz_t p, const mpz_t q,
    const struct duet_level *level, enum duet_paillier_reject *why)
{
    mpz_t n;
    int r = DUET_ERR_INVALID_ARGUMENT;

    mpz_init(n);
    if ((r = paillier_check_shape(n, p, q, level, why)) != 0) {
        goto out;
    }
    r = DUET_ERR_INVALID_ARGUMENT;
    if (!paillier_is_prime(p) || !paillier_is_prime(q)) {
        paillier_set_why(why, DUET_PAILLIER_NOT_PRIME);
        goto out;
    }
    if (!paillier_is_safe(p) || !paillier_is_safe(q)) {
        paillier_set_why(why, DUET_PAILLIER_NOT_SAFE_PRIME);
        goto out;
    }
    r = 0;

out:
    mpz_clear(n);
    return r;
}


/*
 * Fill sk from checked primes p, q with N = p q: the CRT and decryption
 * data, all through the _sec functions.  On failure sk is left empty.
 */
static int
paillier_sk_build(struct duet_paillier_sk *sk, const mpz_t p, const mpz_t q,
    const mpz_t n, const struct duet_level *level)
{
    mpz_t t, two;
    int r = DUET_ERR_INTERNAL;

    mpz_init(t);
    mpz_init_set_ui(two, 2);
    mpz_set(sk->p, p);
    mpz_set(sk->q, q);
    mpz_mul(sk->pp, p, p);
    mpz_mul(sk->qq, q, q);
    mpz_sub_ui(sk->p_minus_1, p, 1);
    mpz_sub_ui(sk->q_minus_1, q, 1);
    /*
     * One inversion, q^-1 mod p; the other constants follow from it:
     * - h_p = L_p((1 + N)^(p-1) mod p^2)^-1 = (-q)^-1 mod p, because
     *   (1 + N)^(p-1) = 1 + (p-1) N (mod p^2) and (p-1) N / p = (p-1) q
     *   = -q (mod p): h_p = p - q^-1 mod p;
     * - p^-1 mod q = (N + 1 - q (q^-1 mod p)) / p (the two CRT
     *   coefficients p (p^-1 mod q) + q (q^-1 mod p) add up to N + 1),
     *   and h_q = q - p^-1 mod q likewise;
     * - q^-1 mod p^2 = u (2 - q u) for u = q^-1 mod p (a Newton step:
     *   q u = 1 + k p gives q u (2 - q u) = 1 - k^2 p^2), squared for
     *   q^-2 mod p^2.
     */
    if ((r = duet_bn_invert_sec(sk->q_inv_p, q, p)) != 0
        || (r = duet_bn_sub_sec(sk->neg_q_inv_p, p, sk->q_inv_p)) != 0)
    {
        goto out;
    }
    mpz_set(sk->hp, sk->neg_q_inv_p);
    mpz_mul(t, q, sk->q_inv_p);
    mpz_add_ui(sk->hq, n, 1);
    if ((r = duet_bn_sub_sec(t, sk->hq, t)) != 0
        || (r = duet_bn_div_sec(t, t, p)) != 0
        || (r = duet_bn_sub_sec(sk->hq, q, t)) != 0)
    {
        goto out;
    }
    if ((r = duet_bn_mulmod_sec(t, q, sk->q_inv_p, sk->pp)) != 0
        || (r = duet_bn_sub_sec(t, sk->pp, t)) != 0
        || (r = duet_bn_addmod_sec(t, t, two, sk->pp)) != 0
        || (r = duet_bn_mulmod_sec(t, t, sk->q_inv_p, sk->pp)) != 0
        || (r = duet_bn_mulmod_sec(sk->qq_inv_pp, t, t, sk->pp)) != 0
        || (r = duet_bn_sub_sec(sk->neg_qq_inv_pp, sk->pp,
            sk->qq_inv_pp)) != 0
        || (r = duet_bn_mod_sec(sk->n_pm1, n, sk->p_minus_1)) != 0
        || (r = duet_bn_mod_sec(sk->n_qm1, n, sk->q_minus_1)) != 0)
    {
        goto out;
    }
    sk->prime_bits = level->prime_bits;
    paillier_pk_fill(&sk->pk, n, level);
    r = 0;

out:
    if (r != 0) {
        paillier_sk_reset(sk);
    }
    mpz_clears(t, two, NULL);
    return r;
}


int
duet_paillier_sk_from_primes(struct duet_paillier_sk *sk, const mpz_t p,
    const mpz_t q, const struct duet_level *level,
    enum duet_paillier_reject *why)
{
    mpz_t n;
    int r = DUET_ERR_INTERNAL;

    mpz_init(n);
    if ((r = duet_paillier_check_primes(p, q, level, why)) != 0) {
        paillier_sk_reset(sk);
        goto out;
    }
    mpz_mul(n, p, q);
    r = paillier_sk_build(sk, p, q, n, level);

out:
    mpz_clear(n);
    return r;
}


int
duet_paillier_sk_from_checked_primes(struct duet_paillier_sk *sk,
    const mpz_t p, const mpz_t q, const mpz_t n,
    const struct duet_level *level, enum duet_paillier_reject *why)
{
    mpz_t pq;
    int r = DUET_ERR_INTERNAL;

    mpz_init(pq);
    if ((r = paillier_check_shape(pq, p, q, level, why)) != 0) {
        paillier_sk_reset(sk);
        goto out;
    }
    /* N is public: an ordinary comparison. */
    if (n != NULL && mpz_cmp(pq, n) != 0) {
        paillier_set_why(why, DUET_PAILLIER_N_MISMATCH);
        paillier_sk_reset(sk);
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    r = paillier_sk_build(sk, p, q, pq, level);

out:
    mpz_clear(pq);
    return r;
}


int
duet_paillier_sk_copy(struct duet_paillier_sk *dst,
    const struct duet_paillier_sk *src)
{
    if (src->pk.level == NULL || mpz_sgn(src->pk.n) <= 0) {
        paillier_sk_reset(dst);
        return DUET_ERR_INVALID_ARGUMENT;
    }
    mpz_set(dst->pk.n, src->pk.n);
    mpz_set(dst->pk.nn, src->pk.nn);
    mpz_set(dst->pk.half, src->pk.half);
    dst->pk.n_bits = src->pk.n_bits;
    dst->pk.level = src->pk.level;
    mpz_set(dst->p, src->p);
    mpz_set(dst->q, src->q);
    mpz_set(dst->pp, src->pp);
    mpz_set(dst->qq, src->qq);
    mpz_set(dst->p_minus_1, src->p_minus_1);
    mpz_set(dst->q_minus_1, src->q_minus_1);
    mpz_set(dst->hp, src->hp);
    mpz_set(dst->hq, src->hq);
    mpz_set(dst->q_inv_p, src->q_inv_p);
    mpz_set(dst->neg_q_inv_p, src->neg_q_inv_p);
    mpz_set(dst->qq_inv_pp, src->qq_inv_pp);
    mpz_set(dst->neg_qq_inv_pp, src->neg_qq_inv_pp);
    mpz_set(dst->n_pm1, src->n_pm1);
    mpz_set(dst->n_qm1, src->n_qm1);
    dst->prime_bits = src->prime_bits;
    return 0;
}


int
duet_paillier_ct_check_var(const struct duet_paillier_pk *pk, const mpz_t c)
{
    mpz_t g;
    int r = DUET_PAILLIER_ERR_NOT_UNIT;

    mpz_init(g);
    if (mpz_sgn(c) <= 0 || mpz_cmp(c, pk->nn) >= 0) {
        goto out;
    }
    /* gcd(c, N^2) = 1 exactly when gcd(c, N) = 1. */
    mpz_gcd(g, c, pk->n);
    if (mpz_cmp_ui(g, 1) != 0) {
        goto out;
    }
    r = 0;

out:
    mpz_clear(g);
    return r;
}


/*
 * Check the plaintext and, if check_r, the randomness of an encryption,
 * without a branch on their limbs; only the verdict is public.  The _rand
 * functions skip the randomness check: their sampler has made it.
 */
static int
paillier_enc_args(const struct duet_paillier_pk *pk, const mpz_t m,
    const mpz_t r, int check_r)
{
    mpz_t inv;
    int ret = DUET_ERR_INVALID_ARGUMENT;

    mpz_init(inv);
    if (mpz_sgn(pk->n) == 0 || duet_bn_cmpabs_sec(m, pk->half) > 0) {
        goto out;
    }
    if (!check_r) {
        ret = 0;
        goto out;
    }
    if (mpz_sgn(r) <= 0 || duet_bn_cmpabs_sec(r, pk->n) >= 0) {
        goto out;
    }
    ret = duet_bn_invert_sec(inv, r, pk->n);

out:
    mpz_clear(inv);
    return ret;
}


/*
 * c = (1 + m N) x mod N^2, with x = r^N mod N^2 already computed.  The
 * sign of m (public in its mpz_t) picks the factor N or N^2 - N = -N, so
 * that only |m| enters the arithmetic.
 */
static int
paillier_enc_finish(const struct duet_paillier_pk *pk, mpz_t c,
    const mpz_t m, const mpz_t x)
{
    mpz_t abs_m, f, g, one;
    int r = DUET_ERR_INTERNAL;

    mpz_inits(abs_m, f, g, NULL);
    mpz_init_set_ui(one, 1);
    /* A copy, not mpz_roinit_n: that would normalise, reading the limbs. */
    mpz_abs(abs_m, m);
    if (mpz_sgn(m) < 0) {
        mpz_sub(f, pk->nn, pk->n);
    } else {
        mpz_set(f, pk->n);
    }
    if ((r = duet_bn_mulmod_sec(g, abs_m, f, pk->nn)) != 0
        || (r = duet_bn_addmod_sec(g, g, one, pk->nn)) != 0)
    {
        goto out;
    }
    r = duet_bn_mulmod_sec(c, g, x, pk->nn);

out:
    mpz_clears(abs_m, f, g, one, NULL);
    return r;
}


static int
paillier_enc(const struct duet_paillier_pk *pk, mpz_t c, const mpz_t m,
    const mpz_t r, int check_r)
{
    mpz_t x;
    int ret = DUET_ERR_INTERNAL;

    mpz_init(x);
    if ((ret = paillier_enc_args(pk, m, r, check_r)) != 0) {
        goto out;
    }
    /* r is a witness: constant-time even though N is public. */
    if ((ret = duet_bn_powm_sec(x, r, pk->n, pk->n_bits, pk->nn)) != 0) {
        goto out;
    }
    ret = paillier_enc_finish(pk, c, m, x);

out:
    mpz_clear(x);
    return ret;
}


int
duet_paillier_enc(const struct duet_paillier_pk *pk, mpz_t c, const mpz_t m,
    const mpz_t r)
{
    return paillier_enc(pk, c, m, r, 1);
}


int
duet_paillier_enc_rand(const struct duet_paillier_pk *pk, mpz_t c, mpz_t r,
    const mpz_t m)
{
    mpz_t rr;
    int ret = DUET_ERR_INTERNAL;

    mpz_init(rr);
    if (mpz_sgn(pk->n) == 0) {
        ret = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    if ((ret = duet_bn_random_unit(rr, pk->n)) != 0) {
        goto out;
    }
    if ((ret = paillier_enc(pk, c, m, rr, 0)) != 0) {
        goto out;
    }
    if (r != NULL) {
        mpz_swap(r, rr);
    }

out:
    mpz_clear(rr);
    return ret;
}


/*
 * out = r^N mod x^2 for one prime x of the key (paillier.h): b = (r mod
 * x)^(N mod (x-1)) mod x, then b^x mod x^2.  Both exponents are below
 * 2^prime_bits.
 */
static int
paillier_pow_n_half(mpz_t out, const mpz_t r, const mpz_t x, const mpz_t xx,
    const mpz_t n_xm1, unsigned prime_bits)
{
    mpz_t b;
    int ret = DUET_ERR_INTERNAL;

    mpz_init(b);
    if ((ret = duet_bn_mod_sec(b, r, x)) != 0
        || (ret = duet_bn_powm_sec(b, b, n_xm1, prime_bits, x)) != 0)
    {
        goto out;
    }
    ret = duet_bn_powm_sec(out, b, x, prime_bits, xx);

out:
    mpz_clear(b);
    return ret;
}


int
duet_paillier_pow_n_crt(const struct duet_paillier_sk *sk, mpz_t out,
    const mpz_t r)
{
    mpz_t xp, xq, t;
    int ret = DUET_ERR_INTERNAL;

    mpz_inits(xp, xq, t, NULL);
    if (mpz_sgn(sk->pk.n) == 0 || mpz_sgn(r) < 0) {
        ret = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    if ((ret = paillier_pow_n_half(xp, r, sk->p, sk->pp, sk->n_pm1,
            sk->prime_bits)) != 0
        || (ret = paillier_pow_n_half(xq, r, sk->q, sk->qq, sk->n_qm1,
            sk->prime_bits)) != 0)
    {
        goto out;
    }
    /*
     * x = xq + q^2 ((xp - xq) q^-2 mod p^2) < N^2, with -q^-2 precomputed
     * so that nothing is subtracted.
     */
    if ((ret = duet_bn_mulmod_sec(t, xp, sk->qq_inv_pp, sk->pp)) != 0
        || (ret = duet_bn_mulmod_sec(xp, xq, sk->neg_qq_inv_pp,
            sk->pp)) != 0
        || (ret = duet_bn_addmod_sec(t, t, xp, sk->pp)) != 0
        || (ret = duet_bn_mulmod_sec(t, t, sk->qq, sk->pk.nn)) != 0
        || (ret = duet_bn_addmod_sec(out, t, xq, sk->pk.nn)) != 0)
    {
        goto out;
    }
    ret = 0;

out:
    mpz_clears(xp, xq, t, NULL);
    return ret;
}


/*
 * Returns: 0 if r is in Z*_N, DUET_ERR_INVALID_ARGUMENT if not (or the
 * key is empty), DUET_ERR_NO_MEMORY.  Only the verdict, and the limb
 * counts that every mpz_t shows (bn.h), become public: r mod p is zero
 * exactly when r is refused.
 */
static int
paillier_unit_check(const struct duet_paillier_sk *sk, const mpz_t r)
{
    mpz_t t;
    int ret = DUET_ERR_INVALID_ARGUMENT;

    mpz_init(t);
    if (mpz_sgn(sk->pk.n) == 0 || mpz_sgn(r) <= 0
        || duet_bn_cmpabs_sec(r, sk->pk.n) >= 0)
    {
        goto out;
    }
    if ((ret = duet_bn_mod_sec(t, r, sk->p)) != 0) {
        goto out;
    }
    if (mpz_sgn(t) != 0) {
        ret = duet_bn_mod_sec(t, r, sk->q);
    }
    if (ret == 0 && mpz_sgn(t) == 0) {
        ret = DUET_ERR_INVALID_ARGUMENT;
    }

out:
    mpz_clear(t);
    return ret;
}


int
duet_paillier_is_unit_sec(const struct duet_paillier_sk *sk, const mpz_t r)
{
    return paillier_unit_check(sk, r) == 0;
}


int
duet_paillier_random_unit(const struct duet_paillier_sk *sk, mpz_t r)
{
    unsigned i;
    int ret = DUET_ERR_INVALID_ARGUMENT;

    if (mpz_sgn(sk->pk.n) == 0) {
        goto out;
    }
    for (i = 0; i < DUET_PAILLIER_UNIT_TRIES; i++) {
        if ((ret = duet_bn_random_below(r, sk->pk.n)) != 0) {
            goto out;
        }
        /* A refused candidate is thrown away: only the count shows. */
        ret = paillier_unit_check(sk, r);
        if (ret != DUET_ERR_INVALID_ARGUMENT) {
            goto out;
        }
    }
    ret = DUET_ERR_RANDOM;

out:
    if (ret != 0) {
        mpz_set_ui(r, 0);
    }
    return ret;
}


static int
paillier_enc_crt(const struct duet_paillier_sk *sk, mpz_t c, const mpz_t m,
    const mpz_t r, int check_r)
{
    mpz_t x;
    int ret = DUET_ERR_INTERNAL;

    mpz_init(x);
    /* The unit check by residues: no inversion mod N (paillier.h). */
    if ((ret = paillier_enc_args(&sk->pk, m, r, 0)) != 0
        || (check_r && (ret = paillier_unit_check(sk, r)) != 0)
        || (ret = duet_paillier_pow_n_crt(sk, x, r)) != 0)
    {
        goto out;
    }
    ret = paillier_enc_finish(&sk->pk, c, m, x);

out:
    mpz_clear(x);
    return ret;
}


int
duet_paillier_enc_crt(const struct duet_paillier_sk *sk, mpz_t c,
    const mpz_t m, const mpz_t r)
{
    return paillier_enc_crt(sk, c, m, r, 1);
}


int
duet_paillier_enc_crt_rand(const struct duet_paillier_sk *sk, mpz_t c,
    mpz_t r, const mpz_t m)
{
    mpz_t rr;
    int ret = DUET_ERR_INTERNAL;

    mpz_init(rr);
    if ((ret = duet_paillier_random_unit(sk, rr)) != 0
        || (ret = paillier_enc_crt(sk, c, m, rr, 0)) != 0)
    {
        goto out;
    }
    if (r != NULL) {
        mpz_swap(r, rr);
    }

out:
    mpz_clear(rr);
    return ret;
}


/*
 * mx = L_x(c^(x-1) mod x^2) hx mod x for one prime x of the key, with
 * L_x(u) = (u - 1) / x.
 */
static int
paillier_dec_half(mpz_t mx, const mpz_t c, const mpz_t x, const mpz_t xx,
    const mpz_t x_minus_1, const mpz_t hx, unsigned prime_bits)
{
    mpz_t u;
    int r = DUET_ERR_INTERNAL;

    mpz_init(u);
    /* c is public but the modulus x^2 is not: reduce in constant time. */
    if ((r = duet_bn_mod_sec(u, c, xx)) != 0
        || (r = duet_bn_powm_sec(u, u, x_minus_1, prime_bits, xx)) != 0)
    {
        goto out;
    }
    /* c is a unit, so u = 1 (mod x): (u - 1) / x = floor(u / x). */
    if ((r = duet_bn_div_sec(u, u, x)) != 0) {
        goto out;
    }
    r = duet_bn_mulmod_sec(mx, u, hx, x);

out:
    mpz_clear(u);
    return r;
}


int
duet_paillier_dec(const struct duet_paillier_sk *sk, mpz_t m, const mpz_t c)
{
    mpz_t mp, mq, t;
    int r = DUET_ERR_INTERNAL;

    mpz_inits(mp, mq, t, NULL);
    if (mpz_sgn(sk->pk.n) == 0) {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    if ((r = duet_paillier_ct_check_var(&sk->pk, c)) != 0) {
        goto out;
    }
    if ((r = paillier_dec_half(mp, c, sk->p, sk->pp, sk->p_minus_1, sk->hp,
            sk->prime_bits)) != 0
        || (r = paillier_dec_half(mq, c, sk->q, sk->qq, sk->q_minus_1,
            sk->hq, sk->prime_bits)) != 0)
    {
        goto out;
    }
    /* M = mq + q ((mp - mq) q^-1 mod p) < N, as in enc_crt. */
    if ((r = duet_bn_mulmod_sec(t, mp, sk->q_inv_p, sk->p)) != 0
        || (r = duet_bn_mulmod_sec(mp, mq, sk->neg_q_inv_p, sk->p)) != 0
        || (r = duet_bn_addmod_sec(t, t, mp, sk->p)) != 0
        || (r = duet_bn_mulmod_sec(t, t, sk->q, sk->pk.n)) != 0
        || (r = duet_bn_addmod_sec(t, t, mq, sk->pk.n)) != 0
        /* Signed: M > (N-1)/2 stands for M - N. */
        || (r = duet_bn_center_sec(t, t, sk->pk.n)) != 0)
    {
        goto out;
    }
    mpz_swap(m, t);
    r = 0;

out:
    if (r != 0) {
        mpz_set_ui(m, 0);
    }
    mpz_clears(mp, mq, t, NULL);
    return r;
}


int
duet_paillier_add_var(const struct duet_paillier_pk *pk, mpz_t out,
    const mpz_t c1, const mpz_t c2)
{
    int r = DUET_ERR_INTERNAL;

    if ((r = duet_paillier_ct_check_var(pk, c1)) != 0
        || (r = duet_paillier_ct_check_var(pk, c2)) != 0)
    {
        goto out;
    }
    mpz_mul(out, c1, c2);
    mpz_mod(out, out, pk->nn);
    r = 0;

out:
    return r;
}


int
duet_paillier_mul_var(const struct duet_paillier_pk *pk, mpz_t out,
    const mpz_t c, const mpz_t k)
{
    int r = DUET_ERR_INTERNAL;

    if ((r = duet_paillier_ct_check_var(pk, c)) != 0) {
        goto out;
    }
    /* c is a unit, so a negative k (inverting c) cannot fail. */
    r = duet_bn_powm_var(out, c, k, pk->nn);

out:
    return r;
}


int
duet_paillier_mul_sec(const struct duet_paillier_pk *pk, mpz_t out,
    const mpz_t c, const mpz_t k, unsigned kbits)
{
    mpz_t c_inv;
    int r = DUET_ERR_INTERNAL;

    mpz_init(c_inv);
    if ((r = duet_paillier_ct_check_var(pk, c)) != 0) {
        goto out;
    }
    if ((r = duet_bn_invert_var(c_inv, c, pk->nn)) != 0) {
        goto out;
    }
    r = duet_bn_powm_sec_signed(out, c, c_inv, k, kbits, pk->nn);

out:
    mpz_clear(c_inv);
    return r;
}
