/*
 * zk_fac.c -- Pi^fac, the no-small-factor proof; see zk_fac.h.
 */

#include "config.h"

#include <stddef.h>
#include <string.h>

#include <gmp.h>

#include "duet.h"
#include "bn/bn.h"
#include "codec/buf.h"
#include "paillier/paillier.h"
#include "paillier/ring_pedersen.h"
#include "paillier/rp_table.h"
#include "transcript/transcript.h"
#include "util/checkmem.h"
#include "zk/zk.h"
#include "zk/zk_fac.h"

#define ZK_FAC_TAG          "duet.zk.fac"
#define ZK_FAC_VERSION      1

#define ZK_FAC_FIELD_N      (DUET_ZK_FIELD_PROOF + 0)
#define ZK_FAC_FIELD_SQRT_N (DUET_ZK_FIELD_PROOF + 1)
#define ZK_FAC_FIELD_P      (DUET_ZK_FIELD_PROOF + 2)
#define ZK_FAC_FIELD_Q      (DUET_ZK_FIELD_PROOF + 3)
#define ZK_FAC_FIELD_A      (DUET_ZK_FIELD_PROOF + 4)
#define ZK_FAC_FIELD_B      (DUET_ZK_FIELD_PROOF + 5)
#define ZK_FAC_FIELD_T      (DUET_ZK_FIELD_PROOF + 6)


void
duet_zk_fac_proof_init(struct duet_zk_fac_proof *proof)
{
    mpz_inits(proof->P, proof->Q, proof->A, proof->B, proof->T, proof->z1,
        proof->z2, proof->w1, proof->w2, proof->v, NULL);
}


void
duet_zk_fac_proof_clear(struct duet_zk_fac_proof *proof)
{
    mpz_clears(proof->P, proof->Q, proof->A, proof->B, proof->T, proof->z1,
        proof->z2, proof->w1, proof->w2, proof->v, NULL);
}


static void
fac_proof_reset(struct duet_zk_fac_proof *proof)
{
    mpz_set_ui(proof->P, 0);
    mpz_set_ui(proof->Q, 0);
    mpz_set_ui(proof->A, 0);
    mpz_set_ui(proof->B, 0);
    mpz_set_ui(proof->T, 0);
    mpz_set_ui(proof->z1, 0);
    mpz_set_ui(proof->z2, 0);
    mpz_set_ui(proof->w1, 0);
    mpz_set_ui(proof->w2, 0);
    mpz_set_ui(proof->v, 0);
}


/*
 * Mark the limbs of x, computed from secrets, as public: x is part of the
 * proof.  Only a marker for the constant-time test (util/checkmem.h).
 */
static void
fac_declassify_bn(const mpz_t x)
{
    duet_declassify(x, sizeof(*x));
    duet_declassify(mpz_limbs_read(x), mpz_size(x) * sizeof(mp_limb_t));
}


/*
 * The challenge e in +-2^ell over (ctx, verifier's R, N, sqrt(N), P, Q, A,
 * B, T).  The prover and the verifier both come here.
 */
static int
fac_challenge(const struct duet_zk_ctx *ctx,
    const struct duet_zk_fac_stmt *stmt, const mpz_t sqrt_n,
    const struct duet_zk_fac_proof *proof, mpz_t e)
{
    struct duet_transcript t;
    int r = DUET_ERR_INTERNAL;

    memset(&t, 0, sizeof(t));
    if ((r = duet_zk_transcript_start(&t, ZK_FAC_TAG, ZK_FAC_VERSION,
            ctx)) != 0)
    {
        goto out;
    }
    (void) duet_zk_absorb_rp(&t, stmt->rp);
    (void) duet_transcript_absorb_bn(&t, ZK_FAC_FIELD_N, stmt->n);
    (void) duet_transcript_absorb_bn(&t, ZK_FAC_FIELD_SQRT_N, sqrt_n);
    (void) duet_transcript_absorb_bn(&t, ZK_FAC_FIELD_P, proof->P);
    (void) duet_transcript_absorb_bn(&t, ZK_FAC_FIELD_Q, proof->Q);
    (void) duet_transcript_absorb_bn(&t, ZK_FAC_FIELD_A, proof->A);
    (void) duet_transcript_absorb_bn(&t, ZK_FAC_FIELD_B, proof->B);
    (void) duet_transcript_absorb_bn(&t, ZK_FAC_FIELD_T, proof->T);
    r = duet_transcript_challenge_pm_pow2(&t, e, ctx->level->ell);

out:
    duet_transcript_clear(&t);
    return r;
}


#ifdef DUET_TEST_HOOKS
int
duet_zk_fac_test_challenge(const struct duet_zk_ctx *ctx,
    const struct duet_zk_fac_stmt *stmt,
    const struct duet_zk_fac_proof *proof, mpz_t e)
{
    mpz_t sqrt_n;
    int r = DUET_ERR_INVALID_ARGUMENT;

    mpz_init(sqrt_n);
    if (ctx->level == NULL || mpz_sgn(stmt->n) <= 0) {
        goto out;
    }
    mpz_sqrt(sqrt_n, stmt->n);
    r = fac_challenge(ctx, stmt, sqrt_n, proof, e);

out:
    mpz_clear(sqrt_n);
    return r;
}
#endif


/*
 * The sampling ranges, from public sizes: X_ab = 2^(ell+eps) sqrt(N),
 * X_mu = 2^ell N^, X_r = 2^(ell+eps) N N^, X_xy = 2^(ell+eps) N^.
 */
struct fac_ranges {
    mpz_t sqrt_n;
    mpz_t ab, mu, r, xy;
};


static void
fac_ranges_init(struct fac_ranges *rg, const struct duet_level *lv,
    const mpz_t n, const mpz_t nhat)
{
    mpz_inits(rg->sqrt_n, rg->ab, rg->mu, rg->r, rg->xy, NULL);
    mpz_sqrt(rg->sqrt_n, n);
    mpz_mul_2exp(rg->ab, rg->sqrt_n, lv->ell + lv->epsilon);
    mpz_mul_2exp(rg->mu, nhat, lv->ell);
    mpz_mul(rg->r, n, nhat);
    mpz_mul_2exp(rg->r, rg->r, lv->ell + lv->epsilon);
    mpz_mul_2exp(rg->xy, nhat, lv->ell + lv->epsilon);
}


static void
fac_ranges_clear(struct fac_ranges *rg)
{
    mpz_clears(rg->sqrt_n, rg->ab, rg->mu, rg->r, rg->xy, NULL);
}


/* Bit length of a sampling range: every |x| <= X/2 is below 2^bits. */
static unsigned
fac_bits(const mpz_t x)
{
    return (unsigned) mpz_sizeinbase(x, 2);
}


int
duet_zk_fac_prove(const struct duet_zk_ctx *ctx,
    struct duet_zk_fac_proof *proof, const struct duet_zk_fac_stmt *stmt,
    const struct duet_zk_fac_wit *wit)
{
    const struct duet_level *lv = ctx->level;
    const struct duet_rp_params *rp = stmt->rp;
    struct fac_ranges rg;
    mpz_t alpha, beta, mu, nu, rr, x, y, e, q_inv, u, tmp;
    unsigned pqbits;
    int good, ranges = 0;
    int r = DUET_ERR_INTERNAL;

    mpz_inits(alpha, beta, mu, nu, rr, x, y, e, q_inv, u, tmp, NULL);
    fac_proof_reset(proof);
    r = DUET_ERR_INVALID_ARGUMENT;
    if (lv == NULL || rp == NULL || mpz_sgn(rp->n) == 0
        || mpz_sgn(stmt->n) <= 0)
    {
        goto out;
    }
    mpz_mul(tmp, wit->p, wit->q);
    good = mpz_cmp_ui(wit->p, 1) > 0 && mpz_cmp_ui(wit->q, 1) > 0
        && mpz_cmp(tmp, stmt->n) == 0;
    duet_declassify(&good, sizeof(good));
    if (!good) {
        goto out;
    }
    /* The exponents' public bound: the longer factor's length. */
    pqbits = (unsigned) mpz_sizeinbase(wit->p, 2);
    if (mpz_sizeinbase(wit->q, 2) > pqbits) {
        pqbits = (unsigned) mpz_sizeinbase(wit->q, 2);
    }
    /* The factors' lengths: public for a key of the level's size. */
    duet_declassify(&pqbits, sizeof(pqbits));
    fac_ranges_init(&rg, lv, stmt->n, rp->n);
    ranges = 1;

    if ((r = duet_bn_random_pm(alpha, rg.ab)) != 0
        || (r = duet_bn_random_pm(beta, rg.ab)) != 0
        || (r = duet_bn_random_pm(mu, rg.mu)) != 0
        || (r = duet_bn_random_pm(nu, rg.mu)) != 0
        || (r = duet_bn_random_pm(rr, rg.r)) != 0
        || (r = duet_bn_random_pm(x, rg.xy)) != 0
        || (r = duet_bn_random_pm(y, rg.xy)) != 0)
    {
        goto out;
    }
    if ((r = duet_rp_commit_sec_if_cached(rp, proof->P, wit->p, pqbits,
            mu, fac_bits(rg.mu))) != 0
        || (r = duet_rp_commit_sec_if_cached(rp, proof->Q, wit->q, pqbits,
            nu, fac_bits(rg.mu))) != 0
        || (r = duet_rp_commit_sec_if_cached(rp, proof->A, alpha,
            fac_bits(rg.ab), x, fac_bits(rg.xy))) != 0
        || (r = duet_rp_commit_sec_if_cached(rp, proof->B, beta,
            fac_bits(rg.ab), y, fac_bits(rg.xy))) != 0)
    {
        goto out;
    }
    fac_declassify_bn(proof->P);
    fac_declassify_bn(proof->Q);
    fac_declassify_bn(proof->A);
    fac_declassify_bn(proof->B);
    /* T = Q^alpha t^r; Q is public, so its inverse may be variable-time. */
    if ((r = duet_bn_invert_var(q_inv, proof->Q, rp->n)) != 0) {
        /* A commitment sharing a factor with N^: rp is broken. */
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    if ((r = duet_bn_powm_sec_signed(u, proof->Q, q_inv, alpha,
            fac_bits(rg.ab), rp->n)) != 0
        || (r = duet_bn_powm_sec_signed(tmp, rp->t, rp->t_inv, rr,
            fac_bits(rg.r), rp->n)) != 0
        || (r = duet_bn_mulmod_sec(proof->T, u, tmp, rp->n)) != 0)
    {
        goto out;
    }
    fac_declassify_bn(proof->T);

    if ((r = fac_challenge(ctx, stmt, rg.sqrt_n, proof, e)) != 0) {
        goto out;
    }
    /* Over the integers; e is public, the rest SECRET. */
    mpz_mul(tmp, e, wit->p);
    mpz_add(proof->z1, alpha, tmp);
    mpz_mul(tmp, e, wit->q);
    mpz_add(proof->z2, beta, tmp);
    mpz_mul(tmp, e, mu);
    mpz_add(proof->w1, x, tmp);
    mpz_mul(tmp, e, nu);
    mpz_add(proof->w2, y, tmp);
    mpz_mul(tmp, tmp, wit->p);
    mpz_sub(proof->v, rr, tmp);
    fac_declassify_bn(proof->z1);
    fac_declassify_bn(proof->z2);
    fac_declassify_bn(proof->w1);
    fac_declassify_bn(proof->w2);
    fac_declassify_bn(proof->v);
    r = 0;

out:
    if (r != 0) {
        fac_proof_reset(proof);
    }
    if (ranges) {
        fac_ranges_clear(&rg);
    }
    mpz_clears(alpha, beta, mu, nu, rr, x, y, e, q_inv, u, tmp, NULL);
    return r;
}


/* Returns: 1 if |x| < 2^bits, else 0. */
static int
fac_fits_var(const mpz_t x, unsigned bits)
{
    return mpz_sgn(x) == 0 || mpz_sizeinbase(x, 2) <= bits;
}


/*
 * lhs = s^x t^y mod N^ for public x, y: through the comb table of rp if it
 * is cached, never building one.  The verifier's own parameters in
 * aux-info are fresh, so their table is rarely there yet, and a build (100
 * ms at level 128) costs more than the two proofs it would serve save (4
 * commitments, 10 ms each); a later presignature builds it for Pi^enc-elg
 * and Pi^aff-g.
 */
static int
fac_commit_var(const struct duet_rp_params *rp, mpz_t lhs, const mpz_t x,
    const mpz_t y)
{
    const struct duet_rp_table *tab = NULL;
    int r = DUET_ERR_INTERNAL;

    if (rp->level != NULL && (r = duet_rp_table_peek(rp, &tab)) != 0) {
        goto out;
    }
    if (tab != NULL) {
        r = duet_rp_table_commit_var(tab, lhs, x, y);
    } else {
        r = duet_rp_commit_var(rp, lhs, x, y);
    }

out:
    duet_rp_table_release(tab);
    return r;
}


/* Returns: 1 if lhs = c d^e mod n (public values; d is a unit). */
static int
fac_equal_var(const mpz_t lhs, const mpz_t c, const mpz_t d, const mpz_t e,
    const mpz_t n, mpz_t tmp)
{
    if (duet_bn_powm_var(tmp, d, e, n) != 0) {
        return 0;
    }
    mpz_mul(tmp, tmp, c);
    mpz_mod(tmp, tmp, n);
    return mpz_cmp(lhs, tmp) == 0;
}


int
duet_zk_fac_verify(const struct duet_zk_ctx *ctx,
    const struct duet_zk_fac_stmt *stmt,
    const struct duet_zk_fac_proof *proof)
{
    const struct duet_level *lv = ctx->level;
    const struct duet_rp_params *rp = stmt->rp;
    enum duet_paillier_reject why = DUET_PAILLIER_OK;
    struct fac_ranges rg;
    mpz_t e, lhs, ne, tmp;
    unsigned eps, nbits, nhbits;
    int ranges = 0;
    int r = DUET_ERR_INTERNAL;

    mpz_inits(e, lhs, ne, tmp, NULL);
    if (lv == NULL || rp == NULL || mpz_sgn(rp->n) == 0) {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    /* N: size window (C7), odd, no small factor, before any work. */
    r = duet_paillier_check_modulus_var(stmt->n, lv, &why);
    if (r == DUET_ERR_PROTOCOL) {
        r = DUET_ERR_PROOF_INVALID;
    }
    if (r != 0) {
        goto out;
    }
    r = DUET_ERR_PROOF_INVALID;
    eps = lv->ell + lv->epsilon;
    nbits = (unsigned) mpz_sizeinbase(stmt->n, 2);
    nhbits = (unsigned) mpz_sizeinbase(rp->n, 2);
    if (nbits <= 4 * lv->ell) {
        goto out;
    }
    if (!duet_bn_is_unit_var(proof->P, rp->n)
        || !duet_bn_is_unit_var(proof->Q, rp->n)
        || !duet_bn_is_unit_var(proof->A, rp->n)
        || !duet_bn_is_unit_var(proof->B, rp->n)
        || !duet_bn_is_unit_var(proof->T, rp->n))
    {
        goto out;
    }
    /* The ranges, before any exponentiation. */
    fac_ranges_init(&rg, lv, stmt->n, rp->n);
    ranges = 1;
    if (!duet_bn_in_pm_var(proof->z1, rg.ab)
        || !duet_bn_in_pm_var(proof->z2, rg.ab)
        || !fac_fits_var(proof->w1, eps + nhbits)
        || !fac_fits_var(proof->w2, eps + nhbits)
        || !fac_fits_var(proof->v, eps + nbits + nhbits))
    {
        goto out;
    }

    if ((r = fac_challenge(ctx, stmt, rg.sqrt_n, proof, e)) != 0) {
        goto out;
    }
    /* s^z1 t^w1 = A P^e */
    if ((r = fac_commit_var(rp, lhs, proof->z1, proof->w1)) != 0) {
        goto out;
    }
    r = DUET_ERR_PROOF_INVALID;
    if (!fac_equal_var(lhs, proof->A, proof->P, e, rp->n, tmp)) {
        goto out;
    }
    /* s^z2 t^w2 = B Q^e */
    if ((r = fac_commit_var(rp, lhs, proof->z2, proof->w2)) != 0) {
        goto out;
    }
    r = DUET_ERR_PROOF_INVALID;
    if (!fac_equal_var(lhs, proof->B, proof->Q, e, rp->n, tmp)) {
        goto out;
    }
    /* Q^z1 t^v = T s^(N e) */
    mpz_mul(ne, stmt->n, e);
    if (duet_bn_powm2_var(lhs, proof->Q, proof->z1, rp->t, proof->v,
            rp->n) != 0
        || !fac_equal_var(lhs, proof->T, rp->s, ne, rp->n, tmp))
    {
        goto out;
    }
    r = 0;

out:
    if (ranges) {
        fac_ranges_clear(&rg);
    }
    mpz_clears(e, lhs, ne, tmp, NULL);
    return r;
}


/* Per-field maxima in bytes, from the level (see zk_fac.h). */
struct fac_max {
    size_t com, z, w, v;
};


static void
fac_max_get(struct fac_max *mx, const struct duet_level *lv)
{
    unsigned eps = lv->ell + lv->epsilon;
    unsigned nb = lv->modulus_max_bits;

    mx->com = (nb + 7) / 8;
    mx->z = (eps + (nb + 1) / 2 + 7) / 8;
    mx->w = (eps + nb + 7) / 8;
    mx->v = (eps + 2 * nb + 7) / 8;
}


int
duet_zk_fac_encode(struct duet_buf_writer *w,
    const struct duet_zk_fac_proof *proof)
{
    int r = DUET_ERR_INTERNAL;

    if ((r = duet_bn_put(w, proof->P)) != 0
        || (r = duet_bn_put(w, proof->Q)) != 0
        || (r = duet_bn_put(w, proof->A)) != 0
        || (r = duet_bn_put(w, proof->B)) != 0
        || (r = duet_bn_put(w, proof->T)) != 0
        || (r = duet_bn_put_signed(w, proof->z1)) != 0
        || (r = duet_bn_put_signed(w, proof->z2)) != 0
        || (r = duet_bn_put_signed(w, proof->w1)) != 0
        || (r = duet_bn_put_signed(w, proof->w2)) != 0
        || (r = duet_bn_put_signed(w, proof->v)) != 0)
    {
        goto out;
    }
    r = 0;

out:
    return r;
}


int
duet_zk_fac_parse(struct duet_buf_reader *rd, const struct duet_zk_ctx *ctx,
    struct duet_zk_fac_proof *proof)
{
    const struct duet_level *lv = ctx->level;
    struct fac_max mx;
    int r = DUET_ERR_INTERNAL;

    fac_proof_reset(proof);
    if (lv == NULL) {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    fac_max_get(&mx, lv);
    if ((r = duet_bn_get(rd, proof->P, mx.com)) != 0
        || (r = duet_bn_get(rd, proof->Q, mx.com)) != 0
        || (r = duet_bn_get(rd, proof->A, mx.com)) != 0
        || (r = duet_bn_get(rd, proof->B, mx.com)) != 0
        || (r = duet_bn_get(rd, proof->T, mx.com)) != 0
        || (r = duet_bn_get_signed(rd, proof->z1, mx.z)) != 0
        || (r = duet_bn_get_signed(rd, proof->z2, mx.z)) != 0
        || (r = duet_bn_get_signed(rd, proof->w1, mx.w)) != 0
        || (r = duet_bn_get_signed(rd, proof->w2, mx.w)) != 0
        || (r = duet_bn_get_signed(rd, proof->v, mx.v)) != 0)
    {
        goto out;
    }
    r = 0;

out:
    if (r != 0) {
        fac_proof_reset(proof);
    }
    return r;
}
