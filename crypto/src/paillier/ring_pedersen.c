/*
 * ring_pedersen.c -- ring-Pedersen parameters and commitments; see
 * ring_pedersen.h.
 */

#include "config.h"

#include <stddef.h>

#include <gmp.h>

#include "duet.h"
#include "duet_util.h"
#include "bn/bn.h"
#include "bn/level.h"
#include "paillier/paillier.h"
#include "paillier/ring_pedersen.h"

/* Draws of (r, lambda) before giving up: a retry has probability ~2^-1500. */
#define DUET_RP_GEN_TRIES  8


static void
rp_set_why(enum duet_rp_reject *why, enum duet_rp_reject v)
{
    if (why != NULL) {
        *why = v;
    }
}


void
duet_rp_params_init(struct duet_rp_params *rp)
{
    mpz_inits(rp->n, rp->s, rp->t, rp->s_inv, rp->t_inv, NULL);
    rp->n_bits = 0;
    rp->level = NULL;
}


void
duet_rp_params_clear(struct duet_rp_params *rp)
{
    mpz_clears(rp->n, rp->s, rp->t, rp->s_inv, rp->t_inv, NULL);
    rp->n_bits = 0;
    rp->level = NULL;
}


static void
rp_params_reset(struct duet_rp_params *rp)
{
    mpz_set_ui(rp->n, 0);
    mpz_set_ui(rp->s, 0);
    mpz_set_ui(rp->t, 0);
    mpz_set_ui(rp->s_inv, 0);
    mpz_set_ui(rp->t_inv, 0);
    rp->n_bits = 0;
    rp->level = NULL;
}


/* Returns: 1 if x is 1 or n - 1 (the elements of order at most 2 a
 * verifier can name). */
static int
rp_is_trivial(const mpz_t x, const mpz_t n)
{
    mpz_t m1;
    int trivial;

    mpz_init(m1);
    mpz_sub_ui(m1, n, 1);
    trivial = mpz_cmp_ui(x, 1) == 0 || mpz_cmp(x, m1) == 0;
    mpz_clear(m1);

    return trivial;
}


int
duet_rp_params_set_var(struct duet_rp_params *rp, const mpz_t n,
    const mpz_t s, const mpz_t t, const struct duet_level *level,
    enum duet_rp_reject *why)
{
    enum duet_paillier_reject nwhy = DUET_PAILLIER_OK;
    int r = DUET_ERR_INTERNAL;

    rp_set_why(why, DUET_RP_OK);
    if (level == NULL) {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    /* The modulus checks are the Paillier ones. */
    if ((r = duet_paillier_check_modulus_var(n, level, &nwhy)) != 0) {
        switch (nwhy) {
        case DUET_PAILLIER_N_TOO_SHORT:
            rp_set_why(why, DUET_RP_N_TOO_SHORT);
            break;
        case DUET_PAILLIER_N_TOO_LONG:
            rp_set_why(why, DUET_RP_N_TOO_LONG);
            break;
        case DUET_PAILLIER_N_EVEN:
            rp_set_why(why, DUET_RP_N_EVEN);
            break;
        case DUET_PAILLIER_N_SMALL_FACTOR:
            rp_set_why(why, DUET_RP_N_SMALL_FACTOR);
            break;
        default:
            r = DUET_ERR_INTERNAL;
            break;
        }
        goto out;
    }
    r = DUET_ERR_PROTOCOL;
    if (!duet_bn_is_unit_var(s, n)) {
        rp_set_why(why, DUET_RP_S_NOT_UNIT);
        goto out;
    }
    if (!duet_bn_is_unit_var(t, n)) {
        rp_set_why(why, DUET_RP_T_NOT_UNIT);
        goto out;
    }
    if (rp_is_trivial(s, n)) {
        rp_set_why(why, DUET_RP_S_TRIVIAL);
        goto out;
    }
    if (rp_is_trivial(t, n)) {
        rp_set_why(why, DUET_RP_T_TRIVIAL);
        goto out;
    }
    if (mpz_cmp(s, t) == 0) {
        rp_set_why(why, DUET_RP_S_EQUALS_T);
        goto out;
    }
    mpz_set(rp->n, n);
    mpz_set(rp->s, s);
    mpz_set(rp->t, t);
    if ((r = duet_bn_invert_var(rp->s_inv, s, n)) != 0
        || (r = duet_bn_invert_var(rp->t_inv, t, n)) != 0)
    {
        /* Units have inverses: unreachable. */
        r = DUET_ERR_INTERNAL;
        goto out;
    }
    rp->n_bits = (unsigned) mpz_sizeinbase(n, 2);
    rp->level = level;
    r = 0;

out:
    if (r != 0) {
        rp_params_reset(rp);
    }
    return r;
}


void
duet_rp_secret_init(struct duet_rp_secret *sec)
{
    duet_rp_params_init(&sec->pub);
    mpz_inits(sec->lambda, sec->phi, sec->p, sec->q, NULL);
}


void
duet_rp_secret_clear(struct duet_rp_secret *sec)
{
    mpz_clears(sec->lambda, sec->phi, sec->p, sec->q, NULL);
    duet_rp_params_clear(&sec->pub);
    duet_memclear(sec, sizeof(*sec));
}


static void
rp_secret_reset(struct duet_rp_secret *sec)
{
    mpz_set_ui(sec->lambda, 0);
    mpz_set_ui(sec->phi, 0);
    mpz_set_ui(sec->p, 0);
    mpz_set_ui(sec->q, 0);
    rp_params_reset(&sec->pub);
}


int
duet_rp_secret_from_primes(struct duet_rp_secret *sec, const mpz_t p,
    const mpz_t q, const struct duet_level *level,
    enum duet_paillier_reject *why)
{
    mpz_t n, rr, s, t, bound;
    unsigned i, lbits;
    int r = DUET_ERR_INTERNAL;

    mpz_inits(n, rr, s, t, bound, NULL);
    if ((r = duet_paillier_check_primes(p, q, level, why)) != 0) {
        goto out;
    }
    mpz_mul(n, p, q);
    mpz_set(sec->p, p);
    mpz_set(sec->q, q);
    mpz_sub_ui(rr, p, 1);
    mpz_sub_ui(t, q, 1);
    mpz_mul(sec->phi, rr, t);
    /* p, q = 3 mod 4 make phi^ a multiple of 4. */
    mpz_fdiv_q_2exp(bound, sec->phi, 2);
    /* lambda < phi^/4 < N^/4 < 2^(modulus_max_bits - 2). */
    lbits = level->modulus_max_bits - 2;

    r = DUET_ERR_RANDOM;
    for (i = 0; i < DUET_RP_GEN_TRIES; i++) {
        if ((r = duet_bn_random_unit(rr, n)) != 0
            || (r = duet_bn_mulmod_sec(t, rr, rr, n)) != 0
            || (r = duet_bn_random_below(sec->lambda, bound)) != 0
            || (r = duet_bn_powm_sec(s, t, sec->lambda, lbits, n)) != 0)
        {
            goto out;
        }
        /* s, t are public from here on; a degenerate pair is redrawn. */
        r = duet_rp_params_set_var(&sec->pub, n, s, t, level, NULL);
        if (r == 0) {
            goto out;
        }
        if (r != DUET_ERR_PROTOCOL) {
            goto out;
        }
    }
    r = DUET_ERR_RANDOM;

out:
    if (r != 0) {
        rp_secret_reset(sec);
    }
    mpz_clears(n, rr, s, t, bound, NULL);
    return r;
}


int
duet_rp_commit_sec(const struct duet_rp_params *rp, mpz_t out,
    const mpz_t x, unsigned xbits, const mpz_t y, unsigned ybits)
{
    mpz_t a, b;
    int r = DUET_ERR_INTERNAL;

    mpz_inits(a, b, NULL);
    if (mpz_sgn(rp->n) == 0) {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    if ((r = duet_bn_powm_sec_signed(a, rp->s, rp->s_inv, x, xbits,
            rp->n)) != 0
        || (r = duet_bn_powm_sec_signed(b, rp->t, rp->t_inv, y, ybits,
            rp->n)) != 0)
    {
        goto out;
    }
    r = duet_bn_mulmod_sec(out, a, b, rp->n);

out:
    mpz_clears(a, b, NULL);
    return r;
}


int
duet_rp_commit_var(const struct duet_rp_params *rp, mpz_t out,
    const mpz_t x, const mpz_t y)
{
    mpz_t ax, ay;
    mpz_srcptr bx, by;
    int r = DUET_ERR_INTERNAL;

    if (mpz_sgn(rp->n) == 0) {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    /* |x|, |y| as read-only views, with the precomputed inverse bases. */
    mpz_roinit_n(ax, mpz_limbs_read(x), (mp_size_t) mpz_size(x));
    mpz_roinit_n(ay, mpz_limbs_read(y), (mp_size_t) mpz_size(y));
    bx = mpz_sgn(x) < 0 ? rp->s_inv : rp->s;
    by = mpz_sgn(y) < 0 ? rp->t_inv : rp->t;
    r = duet_bn_powm2_var(out, bx, ax, by, ay, rp->n);

out:
    return r;
}


int
duet_aux_check_own_keys(const struct duet_paillier_sk *paillier,
    const struct duet_rp_secret *rp, enum duet_rp_reject *why)
{
    const struct duet_level *lp, *lr;
    mpz_t g;
    int r = DUET_ERR_INTERNAL;

    mpz_init(g);
    rp_set_why(why, DUET_RP_OK);
    if (paillier == NULL || rp == NULL
        || (lp = paillier->pk.level) == NULL || (lr = rp->pub.level) == NULL
        || mpz_sgn(paillier->pk.n) <= 0 || mpz_sgn(rp->pub.n) <= 0)
    {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    r = DUET_ERR_INVALID_ARGUMENT;
    if (lp != lr && (lp->id != lr->id || lp->prime_bits != lr->prime_bits))
    {
        rp_set_why(why, DUET_RP_LEVEL_MISMATCH);
        goto out;
    }
    /* N and N^ are public: variable-time mpz on them leaks nothing. */
    if (mpz_cmp(paillier->pk.n, rp->pub.n) == 0) {
        rp_set_why(why, DUET_RP_N_EQUALS_PAILLIER_N);
        goto out;
    }
    mpz_gcd(g, paillier->pk.n, rp->pub.n);
    if (mpz_cmp_ui(g, 1) != 0) {
        rp_set_why(why, DUET_RP_SHARED_PRIME);
        goto out;
    }
    r = 0;

out:
    mpz_clear(g);
    return r;
}
