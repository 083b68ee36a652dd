/*
 * zk_aff_g.c -- Pi^aff-g, see zk_aff_g.h.
 */

#include "config.h"

#include <string.h>

#include <gmp.h>

#include "duet.h"
#include "bn/bn.h"
#include "bn/level.h"
#include "codec/buf.h"
#include "curve/curve.h"
#include "paillier/paillier.h"
#include "paillier/ring_pedersen.h"
#include "paillier/rp_table.h"
#include "transcript/transcript.h"
#include "util/checkmem.h"
#include "zk/zk.h"
#include "zk/zk_aff_g.h"

/* Transcript fields after the shared preamble and the verifier's R. */
#define AFF_G_FIELD_NJ       (DUET_ZK_FIELD_PROOF + 0)
#define AFF_G_FIELD_NI       (DUET_ZK_FIELD_PROOF + 1)
#define AFF_G_FIELD_C        (DUET_ZK_FIELD_PROOF + 2)
#define AFF_G_FIELD_D        (DUET_ZK_FIELD_PROOF + 3)
#define AFF_G_FIELD_Y        (DUET_ZK_FIELD_PROOF + 4)
#define AFF_G_FIELD_X        (DUET_ZK_FIELD_PROOF + 5)
#define AFF_G_FIELD_A        (DUET_ZK_FIELD_PROOF + 6)
#define AFF_G_FIELD_BX       (DUET_ZK_FIELD_PROOF + 7)
#define AFF_G_FIELD_BY       (DUET_ZK_FIELD_PROOF + 8)
#define AFF_G_FIELD_E        (DUET_ZK_FIELD_PROOF + 9)
#define AFF_G_FIELD_S        (DUET_ZK_FIELD_PROOF + 10)
#define AFF_G_FIELD_F        (DUET_ZK_FIELD_PROOF + 11)
#define AFF_G_FIELD_T        (DUET_ZK_FIELD_PROOF + 12)

/* |e| <= (q - 1) / 2 < 2^255: the bound of the _sec powers rho^|e|. */
#define AFF_G_E_BITS         256

/*
 * Draws of alpha before giving up on a finite B_x (each fails with
 * probability about 1/q).
 */
#define AFF_G_MASK_TRIES     8

#ifdef DUET_TEST_HOOKS
static mpz_t aff_g_test_alpha, aff_g_test_beta;
static int aff_g_test_alpha_set, aff_g_test_beta_set;
static int aff_g_test_unchecked;


void
duet_zk_aff_g_test_next(const mpz_t alpha, const mpz_t beta, int unchecked)
{
    if (alpha != NULL) {
        if (!aff_g_test_alpha_set) {
            mpz_init(aff_g_test_alpha);
        }
        mpz_set(aff_g_test_alpha, alpha);
        aff_g_test_alpha_set = 1;
    }
    if (beta != NULL) {
        if (!aff_g_test_beta_set) {
            mpz_init(aff_g_test_beta);
        }
        mpz_set(aff_g_test_beta, beta);
        aff_g_test_beta_set = 1;
    }
    aff_g_test_unchecked = unchecked != 0;
}
#endif


void
duet_zk_aff_g_proof_init(struct duet_zk_aff_g_proof *proof)
{
    mpz_inits(proof->a, proof->b_y, proof->e, proof->s, proof->f, proof->t,
              proof->z1, proof->z2, proof->z3, proof->z4, proof->w,
              proof->w_y, NULL);
    duet_point_set_infinity(&proof->b_x);
}


void
duet_zk_aff_g_proof_clear(struct duet_zk_aff_g_proof *proof)
{
    mpz_clears(proof->a, proof->b_y, proof->e, proof->s, proof->f,
               proof->t, proof->z1, proof->z2, proof->z3, proof->z4,
               proof->w, proof->w_y, NULL);
    duet_point_set_infinity(&proof->b_x);
}


/* Zero every field of an initialised proof (the failure state). */
static void
aff_g_proof_zero(struct duet_zk_aff_g_proof *proof)
{
    mpz_set_ui(proof->a, 0);
    mpz_set_ui(proof->b_y, 0);
    mpz_set_ui(proof->e, 0);
    mpz_set_ui(proof->s, 0);
    mpz_set_ui(proof->f, 0);
    mpz_set_ui(proof->t, 0);
    mpz_set_ui(proof->z1, 0);
    mpz_set_ui(proof->z2, 0);
    mpz_set_ui(proof->z3, 0);
    mpz_set_ui(proof->z4, 0);
    mpz_set_ui(proof->w, 0);
    mpz_set_ui(proof->w_y, 0);
    duet_point_set_infinity(&proof->b_x);
}


/* Returns: 1 if every pointer of the statement is set, else 0. */
static int
aff_g_stmt_present(const struct duet_zk_ctx *ctx,
    const struct duet_zk_aff_g_stmt *stmt)
{
    return ctx != NULL && ctx->level != NULL && stmt != NULL
        && stmt->pk_j != NULL && stmt->pk_i != NULL && stmt->rp != NULL
        && stmt->c != NULL && stmt->d != NULL && stmt->y != NULL
        && stmt->x != NULL;
}


/* Returns: 1 if pk is a key at level id, else 0. */
static int
aff_g_pk_ok(const struct duet_paillier_pk *pk, int id)
{
    return pk->level != NULL && pk->level->id == id && mpz_sgn(pk->n) > 0;
}


/*
 * The statement checks prover and verifier share: everything present, the
 * keys at ctx's level, C, D in Z*_{N_j^2} and Y in Z*_{N_i^2}.
 */
static int
aff_g_stmt_check(const struct duet_zk_ctx *ctx,
    const struct duet_zk_aff_g_stmt *stmt)
{
    int id;

    if (!aff_g_stmt_present(ctx, stmt)) {
        return DUET_ERR_INVALID_ARGUMENT;
    }
    id = ctx->level->id;
    if (!aff_g_pk_ok(stmt->pk_j, id) || !aff_g_pk_ok(stmt->pk_i, id)
        || stmt->rp->level == NULL || stmt->rp->level->id != id
        || mpz_sgn(stmt->rp->n) <= 0)
    {
        return DUET_ERR_INVALID_ARGUMENT;
    }
    if (duet_paillier_ct_check_var(stmt->pk_j, stmt->c) != 0
        || duet_paillier_ct_check_var(stmt->pk_j, stmt->d) != 0
        || duet_paillier_ct_check_var(stmt->pk_i, stmt->y) != 0)
    {
        return DUET_ERR_INVALID_ARGUMENT;
    }

    return 0;
}


/* e = the challenge in +-q for (ctx, R, statement, commitment). */
static int
aff_g_challenge(const struct duet_zk_ctx *ctx,
    const struct duet_zk_aff_g_stmt *stmt,
    const struct duet_zk_aff_g_proof *proof, mpz_t e)
{
    struct duet_transcript t;
    int r = DUET_ERR_INTERNAL;

    memset(&t, 0, sizeof(t));
    if (!aff_g_stmt_present(ctx, stmt) || proof == NULL) {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    r = duet_zk_transcript_start(&t, DUET_ZK_AFF_G_TAG,
                                 DUET_ZK_AFF_G_VERSION, ctx);
    if (r != 0) {
        goto out;
    }
    (void) duet_zk_absorb_rp(&t, stmt->rp);
    (void) duet_transcript_absorb_bn(&t, AFF_G_FIELD_NJ, stmt->pk_j->n);
    (void) duet_transcript_absorb_bn(&t, AFF_G_FIELD_NI, stmt->pk_i->n);
    (void) duet_transcript_absorb_bn(&t, AFF_G_FIELD_C, stmt->c);
    (void) duet_transcript_absorb_bn(&t, AFF_G_FIELD_D, stmt->d);
    (void) duet_transcript_absorb_bn(&t, AFF_G_FIELD_Y, stmt->y);
    (void) duet_transcript_absorb_point(&t, AFF_G_FIELD_X, stmt->x);
    (void) duet_transcript_absorb_bn(&t, AFF_G_FIELD_A, proof->a);
    (void) duet_transcript_absorb_point(&t, AFF_G_FIELD_BX, &proof->b_x);
    (void) duet_transcript_absorb_bn(&t, AFF_G_FIELD_BY, proof->b_y);
    (void) duet_transcript_absorb_bn(&t, AFF_G_FIELD_E, proof->e);
    (void) duet_transcript_absorb_bn(&t, AFF_G_FIELD_S, proof->s);
    (void) duet_transcript_absorb_bn(&t, AFF_G_FIELD_F, proof->f);
    (void) duet_transcript_absorb_bn(&t, AFF_G_FIELD_T, proof->t);
    /* Absorb errors are sticky: the sampler reports the first. */
    r = duet_transcript_challenge_pm_q(&t, e);

out:
    if (r != 0 && e != NULL) {
        mpz_set_ui(e, 0);
    }
    duet_transcript_clear(&t);
    return r;
}


#ifdef DUET_TEST_HOOKS
int
duet_zk_aff_g_test_challenge(const struct duet_zk_ctx *ctx,
    const struct duet_zk_aff_g_stmt *stmt,
    const struct duet_zk_aff_g_proof *proof, mpz_t e)
{
    return aff_g_challenge(ctx, stmt, proof, e);
}
#endif


/* Returns: the bit bound for a witness value: lo, or its size if larger. */
static unsigned
aff_g_bits(const mpz_t v, unsigned lo)
{
    unsigned bits = (unsigned) mpz_sizeinbase(v, 2);

    return bits > lo ? bits : lo;
}


int
duet_zk_aff_g_prove(const struct duet_zk_ctx *ctx,
    struct duet_zk_aff_g_proof *proof, const struct duet_zk_aff_g_stmt *stmt,
    const struct duet_zk_aff_g_wit *wit)
{
    const struct duet_level *lv;
    const struct duet_rp_params *rp;
    const struct duet_paillier_pk *pk_j, *pk_i;
    struct duet_scalar sc;
    mpz_t alpha, beta, rr, ry, gamma, delta, m, mu, bound, u, v, e;
    unsigned ell, ellp, eps, nb, xbits, ybits, tries;
    int unchecked = 0, r = DUET_ERR_INTERNAL;

    mpz_inits(alpha, beta, rr, ry, gamma, delta, m, mu, bound, u, v, e,
              NULL);
    duet_scalar_clear(&sc);
    if (proof == NULL || wit == NULL || wit->x == NULL || wit->y == NULL
        || wit->rho == NULL || wit->rho_y == NULL)
    {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    if ((r = aff_g_stmt_check(ctx, stmt)) != 0) {
        goto out;
    }
    lv = ctx->level;
    rp = stmt->rp;
    pk_j = stmt->pk_j;
    pk_i = stmt->pk_i;
    ell = lv->ell;
    ellp = lv->ell_prime;
    eps = lv->epsilon;
    nb = rp->n_bits;
    if (wit->sk_i != NULL && mpz_cmp(wit->sk_i->pk.n, pk_i->n) != 0) {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
#ifdef DUET_TEST_HOOKS
    unchecked = aff_g_test_unchecked;
    aff_g_test_unchecked = 0;
#endif
    /*
     * The honest prover refuses a witness out of range.  The comparisons
     * reveal only the verdict (and the limb counts, which the mpz_t's show
     * anyway).
     */
    xbits = ell;
    ybits = ellp;
    if (unchecked) {
        xbits = aff_g_bits(wit->x, ell);
        ybits = aff_g_bits(wit->y, ellp);
    } else if (!duet_bn_in_pm_pow2_var(wit->x, ell)
               || !duet_bn_in_pm_pow2_var(wit->y, ellp))
    {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    /* rho_y under the own key: by residues when the key is given. */
    if (!duet_bn_is_unit_sec(wit->rho, pk_j->n)
        || (wit->sk_i != NULL ? !duet_paillier_is_unit_sec(wit->sk_i,
            wit->rho_y) : !duet_bn_is_unit_sec(wit->rho_y, pk_i->n)))
    {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }

    /*
     * alpha <- +-2^(ell+eps), redrawn in the 1/q case alpha = 0 mod q so
     * that B_x = alpha G is finite (whether it is, is public: it is sent);
     * beta <- +-2^(ell'+eps).
     */
    for (tries = 0; ; tries++) {
        if (tries == AFF_G_MASK_TRIES) {
            r = DUET_ERR_RANDOM;
            goto out;
        }
        if ((r = duet_bn_random_pm_pow2(alpha, ell + eps)) != 0) {
            goto out;
        }
#ifdef DUET_TEST_HOOKS
        if (aff_g_test_alpha_set) {
            mpz_set(alpha, aff_g_test_alpha);
            mpz_clear(aff_g_test_alpha);
            aff_g_test_alpha_set = 0;
        }
#endif
        /* alpha enters Z_q with its sign (C6). */
        if ((r = duet_scalar_from_bn(&sc, alpha)) != 0
            || (r = duet_point_mul_gen(&proof->b_x, &sc)) != 0)
        {
            goto out;
        }
        duet_declassify(&proof->b_x, sizeof(proof->b_x));
        if (!duet_point_is_infinity(&proof->b_x)) {
            break;
        }
    }
    if ((r = duet_bn_random_pm_pow2(beta, ellp + eps)) != 0) {
        goto out;
    }
#ifdef DUET_TEST_HOOKS
    if (aff_g_test_beta_set) {
        mpz_set(beta, aff_g_test_beta);
        mpz_clear(aff_g_test_beta);
        aff_g_test_beta_set = 0;
    }
#endif
    /* gamma, delta <- +-2^(ell+eps) N^, m, mu <- +-2^ell N^. */
    mpz_mul_2exp(bound, rp->n, ell + eps);
    if ((r = duet_bn_random_pm(gamma, bound)) != 0
        || (r = duet_bn_random_pm(delta, bound)) != 0)
    {
        goto out;
    }
    mpz_mul_2exp(bound, rp->n, ell);
    if ((r = duet_bn_random_pm(m, bound)) != 0
        || (r = duet_bn_random_pm(mu, bound)) != 0)
    {
        goto out;
    }
    /* r_y under the own key: unit-tested by residues when it is given. */
    if ((r = wit->sk_i != NULL ? duet_paillier_random_unit(wit->sk_i, ry)
            : duet_bn_random_unit(ry, pk_i->n)) != 0)
    {
        goto out;
    }

    /*
     * A = (alpha (.) C) (+) enc_{N_j}(beta; r): N_j is the peer's key.
     * enc_rand draws r in Z*_{N_j} and skips the unit check that
     * duet_paillier_enc would repeat (an inversion mod N_j).
     */
    if ((r = duet_paillier_mul_sec(pk_j, u, stmt->c, alpha,
            ell + eps)) != 0
        || (r = duet_paillier_enc_rand(pk_j, v, rr, beta)) != 0
        || (r = duet_bn_mulmod_sec(proof->a, u, v, pk_j->nn)) != 0)
    {
        goto out;
    }
    /* B_y = enc_{N_i}(beta; r_y): the own key, by CRT when given. */
    if (wit->sk_i != NULL) {
        r = duet_paillier_enc_crt(wit->sk_i, proof->b_y, beta, ry);
    } else {
        r = duet_paillier_enc(pk_i, proof->b_y, beta, ry);
    }
    if (r != 0) {
        goto out;
    }
    /*
     * E, S, F, T with the public bounds |alpha| < 2^(ell+eps),
     * |x| < 2^xbits, |beta| < 2^(ell'+eps), |y| < 2^ybits,
     * |gamma|, |delta| < 2^(ell+eps+nb-1), |m|, |mu| < 2^(ell+nb-1).
     */
    if ((r = duet_rp_commit_sec_cached(rp, proof->e, alpha, ell + eps,
            gamma, ell + eps + nb)) != 0
        || (r = duet_rp_commit_sec_cached(rp, proof->s, wit->x, xbits, m,
            ell + nb)) != 0
        || (r = duet_rp_commit_sec_cached(rp, proof->f, beta, ellp + eps,
            delta, ell + eps + nb)) != 0
        || (r = duet_rp_commit_sec_cached(rp, proof->t, wit->y, ybits, mu,
            ell + nb)) != 0)
    {
        goto out;
    }

    if ((r = aff_g_challenge(ctx, stmt, proof, e)) != 0) {
        goto out;
    }

    /*
     * Response.  The z's are public once computed; GMP's signed
     * arithmetic on the way shows the operands' signs and limb counts
     * (the hazard bn.h accepts for secrets held in mpz_t).
     */
    mpz_mul(proof->z1, e, wit->x);
    mpz_add(proof->z1, proof->z1, alpha);
    mpz_mul(proof->z2, e, wit->y);
    mpz_add(proof->z2, proof->z2, beta);
    mpz_mul(proof->z3, e, m);
    mpz_add(proof->z3, proof->z3, gamma);
    mpz_mul(proof->z4, e, mu);
    mpz_add(proof->z4, proof->z4, delta);
    if ((r = duet_bn_mulpow_sec(proof->w, rr, wit->rho, e, AFF_G_E_BITS,
                                pk_j->n)) != 0
        || (r = duet_bn_mulpow_sec(proof->w_y, ry, wit->rho_y, e,
                                   AFF_G_E_BITS, pk_i->n)) != 0)
    {
        goto out;
    }
    r = 0;

out:
    if (r != 0 && proof != NULL) {
        aff_g_proof_zero(proof);
    }
    /*
     * Any one mask with the response gives the witness: the GMP free hook
     * wipes the limbs, the scalar is wiped here.
     */
    mpz_clears(alpha, beta, rr, ry, gamma, delta, m, mu, bound, u, v, e,
               NULL);
    duet_scalar_clear(&sc);
    return r;
}


/* Returns: 1 if |z| < 2^bits, else 0.  Public data. */
static int
aff_g_size_ok(const mpz_t z, unsigned bits)
{
    return mpz_sgn(z) == 0 || mpz_sizeinbase(z, 2) <= bits;
}


/*
 * The range and membership checks on the proof, before any
 * exponentiation (correction C9: every ciphertext and every ring-Pedersen
 * element).
 */
static int
aff_g_proof_check(const struct duet_zk_ctx *ctx,
    const struct duet_zk_aff_g_stmt *stmt,
    const struct duet_zk_aff_g_proof *proof)
{
    const struct duet_level *lv = ctx->level;
    const mpz_srcptr nh = stmt->rp->n;

    if (duet_point_is_infinity(&proof->b_x)) {
        return DUET_ERR_PROOF_INVALID;
    }
    if (!duet_bn_in_pm_pow2_var(proof->z1, lv->ell + lv->epsilon)
        || !duet_bn_in_pm_pow2_var(proof->z2, lv->ell_prime + lv->epsilon)
        || !aff_g_size_ok(proof->z3, lv->rp_y_max_bits)
        || !aff_g_size_ok(proof->z4, lv->rp_y_max_bits))
    {
        return DUET_ERR_PROOF_INVALID;
    }
    if (duet_paillier_ct_check_var(stmt->pk_j, proof->a) != 0
        || duet_paillier_ct_check_var(stmt->pk_i, proof->b_y) != 0
        || !duet_bn_is_unit_var(proof->e, nh)
        || !duet_bn_is_unit_var(proof->s, nh)
        || !duet_bn_is_unit_var(proof->f, nh)
        || !duet_bn_is_unit_var(proof->t, nh)
        || !duet_bn_is_unit_var(proof->w, stmt->pk_j->n)
        || !duet_bn_is_unit_var(proof->w_y, stmt->pk_i->n))
    {
        return DUET_ERR_PROOF_INVALID;
    }

    return 0;
}


/*
 * Returns: 1 if s^za t^zb = base_c pw^e (mod N^), else 0 (or an error).
 * R is the verifier's own, the same in every proof it checks: its comb
 * table is built once and kept (rp_table.h).
 */
static int
aff_g_rp_eq(const struct duet_rp_params *rp, const mpz_t za, const mpz_t zb,
    const mpz_t base_c, const mpz_t pw, const mpz_t e)
{
    mpz_t u, v;
    int r;

    mpz_inits(u, v, NULL);
    if ((r = duet_rp_commit_var_cached(rp, u, za, zb)) != 0
        || (r = duet_bn_powm_var(v, pw, e, rp->n)) != 0)
    {
        goto out;
    }
    mpz_mul(v, v, base_c);
    mpz_mod(v, v, rp->n);
    r = mpz_cmp(u, v) == 0;

out:
    mpz_clears(u, v, NULL);
    return r;
}


/*
 * The verdict on an equation helper's result that is not 1: a failed
 * equation (0), or an error computing it, is the proof's fault, except
 * running out of memory (a comb table is megabytes), which is ours.
 */
static int
aff_g_verdict(int eq)
{
    return eq == DUET_ERR_NO_MEMORY ? eq : DUET_ERR_PROOF_INVALID;
}


/*
 * Returns: 1 if A (+) (e (.) D) = (z1 (.) C) (+) enc_{N_j}(z2; w), else 0
 * (or an error).  Public values only; see zk_aff_g.h for the sk_j form.
 */
static int
aff_g_paillier_eq_j(const struct duet_zk_aff_g_stmt *stmt,
    const struct duet_zk_aff_g_proof *proof, const mpz_t e,
    const mpz_t neg_e)
{
    const struct duet_paillier_pk *pk_j = stmt->pk_j;
    mpz_t u, v;
    int r;

    mpz_inits(u, v, NULL);
    if (stmt->sk_j == NULL) {
        /* C^z1 w^N_j (1 + z2 N_j) D^-e = A (C, D are units). */
        if ((r = duet_bn_powm2_var(u, stmt->c, proof->z1, proof->w,
                pk_j->n, pk_j->nn)) != 0
            || (r = duet_bn_powm_var(v, stmt->d, neg_e, pk_j->nn)) != 0)
        {
            goto out;
        }
        mpz_mul(u, u, v);
        mpz_mul(v, proof->z2, pk_j->n);
        mpz_add_ui(v, v, 1);
        mpz_mul(u, u, v);
        mpz_mod(u, u, pk_j->nn);
        r = mpz_cmp(u, proof->a) == 0;
        goto out;
    }

    /*
     * A D^e C^-z1 (1 - z2 N_j) = w^N_j: the same equation, divided by
     * (1 + z2 N_j) = (1 + N_j)^z2 and C^z1.  Every value is public,
     * w^N_j too; only its computation by CRT touches the secret factors,
     * in constant time.
     */
    mpz_neg(v, proof->z1);
    if ((r = duet_bn_powm2_var(u, stmt->d, e, stmt->c, v, pk_j->nn)) != 0) {
        goto out;
    }
    mpz_mul(u, u, proof->a);
    mpz_mul(v, proof->z2, pk_j->n);
    mpz_ui_sub(v, 1, v);
    mpz_mul(u, u, v);
    mpz_mod(u, u, pk_j->nn);
    if ((r = duet_paillier_pow_n_crt(stmt->sk_j, v, proof->w)) != 0) {
        goto out;
    }
    r = mpz_cmp(u, v) == 0;

out:
    mpz_clears(u, v, NULL);
    return r;
}


int
duet_zk_aff_g_verify(const struct duet_zk_ctx *ctx,
    const struct duet_zk_aff_g_stmt *stmt,
    const struct duet_zk_aff_g_proof *proof)
{
    const struct duet_paillier_pk *pk_i;
    struct duet_scalar esc, z1sc;
    struct duet_point lhs, rhs;
    mpz_t e, neg_e, u, v;
    int eq, r = DUET_ERR_INTERNAL;

    mpz_inits(e, neg_e, u, v, NULL);
    duet_point_set_infinity(&lhs);
    duet_point_set_infinity(&rhs);
    if (proof == NULL) {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    if ((r = aff_g_stmt_check(ctx, stmt)) != 0) {
        goto out;
    }
    pk_i = stmt->pk_i;
    if (stmt->sk_j != NULL && mpz_cmp(stmt->sk_j->pk.n, stmt->pk_j->n) != 0)
    {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    if ((r = aff_g_proof_check(ctx, stmt, proof)) != 0) {
        goto out;
    }
    if ((r = aff_g_challenge(ctx, stmt, proof, e)) != 0) {
        goto out;
    }
    mpz_neg(neg_e, e);

    r = DUET_ERR_PROOF_INVALID;

    /* z1 G = B_x + e X, with e and z1 in Z_q by their signs (C6). */
    if (duet_scalar_from_bn(&esc, e) != 0
        || duet_scalar_from_bn(&z1sc, proof->z1) != 0)
    {
        goto out;
    }
    if (duet_point_mul_gen(&lhs, &z1sc) != 0) {
        r = DUET_ERR_INTERNAL;
        goto out;
    }
    duet_point_mul(&rhs, &esc, stmt->x);
    duet_point_add(&rhs, &rhs, &proof->b_x);
    if (!duet_point_eq_var(&lhs, &rhs)) {
        goto out;
    }

    /* A (+) (e (.) D) = (z1 (.) C) (+) enc_{N_j}(z2; w) */
    if ((eq = aff_g_paillier_eq_j(stmt, proof, e, neg_e)) != 1) {
        r = aff_g_verdict(eq);
        goto out;
    }

    /*
     * B_y (+) (e (.) Y) = enc_{N_i}(z2; w_y), as
     * (1 + z2 N_i) w_y^N_i Y^-e = B_y mod N_i^2 (Y is a unit).
     */
    if ((eq = duet_bn_powm2_var(u, proof->w_y, pk_i->n, stmt->y, neg_e,
            pk_i->nn)) != 0)
    {
        r = aff_g_verdict(eq);
        goto out;
    }
    mpz_mul(v, proof->z2, pk_i->n);
    mpz_add_ui(v, v, 1);
    mpz_mul(u, u, v);
    mpz_mod(u, u, pk_i->nn);
    if (mpz_cmp(u, proof->b_y) != 0) {
        goto out;
    }

    /* s^z1 t^z3 = E S^e and s^z2 t^z4 = F T^e (mod N^). */
    if ((eq = aff_g_rp_eq(stmt->rp, proof->z1, proof->z3, proof->e,
            proof->s, e)) != 1
        || (eq = aff_g_rp_eq(stmt->rp, proof->z2, proof->z4, proof->f,
            proof->t, e)) != 1)
    {
        r = aff_g_verdict(eq);
        goto out;
    }
    r = 0;

out:
    mpz_clears(e, neg_e, u, v, NULL);
    return r;
}


int
duet_zk_aff_g_encode(struct duet_buf_writer *w,
    const struct duet_zk_aff_g_proof *proof)
{
    uint8_t pt[DUET_POINT_BYTES];
    int r = DUET_ERR_INTERNAL;

    if (w == NULL || proof == NULL) {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    if ((r = duet_point_encode(pt, &proof->b_x, 0)) != 0
        || (r = duet_bn_put(w, proof->a)) != 0
        || (r = duet_buf_put_bytes(w, pt, sizeof(pt))) != 0
        || (r = duet_bn_put(w, proof->b_y)) != 0
        || (r = duet_bn_put(w, proof->e)) != 0
        || (r = duet_bn_put(w, proof->s)) != 0
        || (r = duet_bn_put(w, proof->f)) != 0
        || (r = duet_bn_put(w, proof->t)) != 0
        || (r = duet_bn_put_signed(w, proof->z1)) != 0
        || (r = duet_bn_put_signed(w, proof->z2)) != 0
        || (r = duet_bn_put_signed(w, proof->z3)) != 0
        || (r = duet_bn_put_signed(w, proof->z4)) != 0
        || (r = duet_bn_put(w, proof->w)) != 0
        || (r = duet_bn_put(w, proof->w_y)) != 0)
    {
        goto out;
    }
    r = 0;

out:
    return r;
}


int
duet_zk_aff_g_parse(struct duet_buf_reader *rd,
    const struct duet_zk_ctx *ctx, struct duet_zk_aff_g_proof *proof)
{
    const struct duet_level *lv;
    const uint8_t *b = NULL;
    size_t n_max, nn_max, z1_max, z2_max, z3_max;
    int r = DUET_ERR_INTERNAL;

    if (rd == NULL || proof == NULL || ctx == NULL || ctx->level == NULL) {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    lv = ctx->level;
    n_max = (lv->modulus_max_bits + 7) / 8;
    nn_max = (2 * lv->modulus_max_bits + 7) / 8;
    z1_max = (lv->ell + lv->epsilon + 7) / 8;
    z2_max = (lv->ell_prime + lv->epsilon + 7) / 8;
    z3_max = (lv->rp_y_max_bits + 7) / 8;

    if ((r = duet_bn_get(rd, proof->a, nn_max)) != 0
        || (r = duet_buf_get_bytes_direct(rd, &b, DUET_POINT_BYTES)) != 0
        || (r = duet_point_parse(&proof->b_x, b, DUET_POINT_BYTES, 0)) != 0
        || (r = duet_bn_get(rd, proof->b_y, nn_max)) != 0
        || (r = duet_bn_get(rd, proof->e, n_max)) != 0
        || (r = duet_bn_get(rd, proof->s, n_max)) != 0
        || (r = duet_bn_get(rd, proof->f, n_max)) != 0
        || (r = duet_bn_get(rd, proof->t, n_max)) != 0
        || (r = duet_bn_get_signed(rd, proof->z1, z1_max)) != 0
        || (r = duet_bn_get_signed(rd, proof->z2, z2_max)) != 0
        || (r = duet_bn_get_signed(rd, proof->z3, z3_max)) != 0
        || (r = duet_bn_get_signed(rd, proof->z4, z3_max)) != 0
        || (r = duet_bn_get(rd, proof->w, n_max)) != 0
        || (r = duet_bn_get(rd, proof->w_y, n_max)) != 0)
    {
        goto out;
    }
    r = 0;

out:
    if (r != 0 && proof != NULL) {
        aff_g_proof_zero(proof);
    }
    return r;
}
