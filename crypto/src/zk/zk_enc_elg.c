/*
 * zk_enc_elg.c -- Pi^enc-elg, see zk_enc_elg.h.
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
#include "zk/zk_enc_elg.h"

/* Transcript fields after the shared preamble and the verifier's R. */
#define ENC_ELG_FIELD_N0     (DUET_ZK_FIELD_PROOF + 0)
#define ENC_ELG_FIELD_C      (DUET_ZK_FIELD_PROOF + 1)
#define ENC_ELG_FIELD_A      (DUET_ZK_FIELD_PROOF + 2)
#define ENC_ELG_FIELD_B      (DUET_ZK_FIELD_PROOF + 3)
#define ENC_ELG_FIELD_X      (DUET_ZK_FIELD_PROOF + 4)
#define ENC_ELG_FIELD_S      (DUET_ZK_FIELD_PROOF + 5)
#define ENC_ELG_FIELD_T      (DUET_ZK_FIELD_PROOF + 6)
#define ENC_ELG_FIELD_D      (DUET_ZK_FIELD_PROOF + 7)
#define ENC_ELG_FIELD_Y      (DUET_ZK_FIELD_PROOF + 8)
#define ENC_ELG_FIELD_Z      (DUET_ZK_FIELD_PROOF + 9)

/* |e| <= (q - 1) / 2 < 2^255: the bound of the _sec powers rho^|e|. */
#define ENC_ELG_E_BITS       256

/*
 * Draws of (alpha, beta) before giving up on a finite Y (each fails with
 * probability about 1/q).
 */
#define ENC_ELG_MASK_TRIES   8

#ifdef DUET_TEST_HOOKS
static mpz_t enc_elg_test_alpha;
static int enc_elg_test_alpha_set;
static int enc_elg_test_unchecked;


void
duet_zk_enc_elg_test_next(const mpz_t alpha, int unchecked)
{
    if (alpha != NULL) {
        if (!enc_elg_test_alpha_set) {
            mpz_init(enc_elg_test_alpha);
        }
        mpz_set(enc_elg_test_alpha, alpha);
        enc_elg_test_alpha_set = 1;
    }
    enc_elg_test_unchecked = unchecked != 0;
}
#endif


void
duet_zk_enc_elg_proof_init(struct duet_zk_enc_elg_proof *proof)
{
    mpz_inits(proof->s, proof->t, proof->d, proof->z1, proof->z2, proof->z3,
              NULL);
    duet_point_set_infinity(&proof->y);
    duet_point_set_infinity(&proof->z);
    duet_scalar_clear(&proof->w);
}


void
duet_zk_enc_elg_proof_clear(struct duet_zk_enc_elg_proof *proof)
{
    mpz_clears(proof->s, proof->t, proof->d, proof->z1, proof->z2,
               proof->z3, NULL);
    duet_point_set_infinity(&proof->y);
    duet_point_set_infinity(&proof->z);
    duet_scalar_clear(&proof->w);
}


/* Zero every field of an initialised proof (the failure state). */
static void
enc_elg_proof_zero(struct duet_zk_enc_elg_proof *proof)
{
    mpz_set_ui(proof->s, 0);
    mpz_set_ui(proof->t, 0);
    mpz_set_ui(proof->d, 0);
    mpz_set_ui(proof->z1, 0);
    mpz_set_ui(proof->z2, 0);
    mpz_set_ui(proof->z3, 0);
    duet_point_set_infinity(&proof->y);
    duet_point_set_infinity(&proof->z);
    duet_scalar_clear(&proof->w);
}


/*
 * The statement checks prover and verifier share: everything present, the
 * keys at ctx's level, C in Z*_{N_0^2}, A finite.
 */
static int
enc_elg_stmt_check(const struct duet_zk_ctx *ctx,
    const struct duet_zk_enc_elg_stmt *stmt)
{
    const struct duet_paillier_pk *pk;
    const struct duet_rp_params *rp;

    if (ctx == NULL || ctx->level == NULL || stmt == NULL
        || stmt->pk == NULL || stmt->rp == NULL || stmt->c == NULL
        || stmt->a == NULL || stmt->b == NULL || stmt->x == NULL)
    {
        return DUET_ERR_INVALID_ARGUMENT;
    }
    pk = stmt->pk;
    rp = stmt->rp;
    if (pk->level == NULL || pk->level->id != ctx->level->id
        || rp->level == NULL || rp->level->id != ctx->level->id
        || mpz_sgn(pk->n) <= 0 || mpz_sgn(rp->n) <= 0)
    {
        return DUET_ERR_INVALID_ARGUMENT;
    }
    if (duet_paillier_ct_check_var(pk, stmt->c) != 0) {
        return DUET_ERR_INVALID_ARGUMENT;
    }
    /* An El-Gamal key at infinity would publish x G in X. */
    if (duet_point_is_infinity(stmt->a)) {
        return DUET_ERR_INVALID_ARGUMENT;
    }

    return 0;
}


/* e = the challenge in +-q for (ctx, R, statement, commitment). */
static int
enc_elg_challenge(const struct duet_zk_ctx *ctx,
    const struct duet_zk_enc_elg_stmt *stmt,
    const struct duet_zk_enc_elg_proof *proof, mpz_t e)
{
    struct duet_transcript t;
    int r = DUET_ERR_INTERNAL;

    memset(&t, 0, sizeof(t));
    if (ctx == NULL || stmt == NULL || proof == NULL || stmt->pk == NULL
        || stmt->rp == NULL || stmt->c == NULL || stmt->a == NULL
        || stmt->b == NULL || stmt->x == NULL)
    {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    r = duet_zk_transcript_start(&t, DUET_ZK_ENC_ELG_TAG,
                                 DUET_ZK_ENC_ELG_VERSION, ctx);
    if (r != 0) {
        goto out;
    }
    (void) duet_zk_absorb_rp(&t, stmt->rp);
    (void) duet_transcript_absorb_bn(&t, ENC_ELG_FIELD_N0, stmt->pk->n);
    (void) duet_transcript_absorb_bn(&t, ENC_ELG_FIELD_C, stmt->c);
    (void) duet_transcript_absorb_point(&t, ENC_ELG_FIELD_A, stmt->a);
    (void) duet_transcript_absorb_point(&t, ENC_ELG_FIELD_B, stmt->b);
    (void) duet_transcript_absorb_point(&t, ENC_ELG_FIELD_X, stmt->x);
    (void) duet_transcript_absorb_bn(&t, ENC_ELG_FIELD_S, proof->s);
    (void) duet_transcript_absorb_bn(&t, ENC_ELG_FIELD_T, proof->t);
    (void) duet_transcript_absorb_bn(&t, ENC_ELG_FIELD_D, proof->d);
    (void) duet_transcript_absorb_point(&t, ENC_ELG_FIELD_Y, &proof->y);
    (void) duet_transcript_absorb_point(&t, ENC_ELG_FIELD_Z, &proof->z);
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
duet_zk_enc_elg_test_challenge(const struct duet_zk_ctx *ctx,
    const struct duet_zk_enc_elg_stmt *stmt,
    const struct duet_zk_enc_elg_proof *proof, mpz_t e)
{
    return enc_elg_challenge(ctx, stmt, proof, e);
}
#endif


int
duet_zk_enc_elg_prove(const struct duet_zk_ctx *ctx,
    struct duet_zk_enc_elg_proof *proof,
    const struct duet_zk_enc_elg_stmt *stmt,
    const struct duet_zk_enc_elg_wit *wit)
{
    const struct duet_level *lv;
    const struct duet_rp_params *rp;
    struct duet_scalar beta, sc, esc;
    mpz_t alpha, mu, rr, gamma, bound, e;
    unsigned ell, eps, nb, xbits, tries;
    int unchecked = 0, r = DUET_ERR_INTERNAL;

    mpz_inits(alpha, mu, rr, gamma, bound, e, NULL);
    duet_scalar_clear(&beta);
    duet_scalar_clear(&sc);
    duet_scalar_clear(&esc);
    if (proof == NULL || wit == NULL || wit->x == NULL || wit->rho == NULL
        || wit->b == NULL)
    {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    if ((r = enc_elg_stmt_check(ctx, stmt)) != 0) {
        goto out;
    }
    lv = ctx->level;
    rp = stmt->rp;
    ell = lv->ell;
    eps = lv->epsilon;
    nb = rp->n_bits;
    if (wit->sk != NULL && mpz_cmp(wit->sk->pk.n, stmt->pk->n) != 0) {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
#ifdef DUET_TEST_HOOKS
    unchecked = enc_elg_test_unchecked;
    enc_elg_test_unchecked = 0;
#endif
    /*
     * The honest prover refuses a witness out of range.  The comparison
     * reveals only the verdict (and x's limb count, which its mpz_t shows
     * anyway).
     */
    xbits = ell;
    if (unchecked) {
        xbits = (unsigned) mpz_sizeinbase(wit->x, 2);
        xbits = xbits > ell ? xbits : ell;
    } else if (!duet_bn_in_pm_pow2_var(wit->x, ell)) {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    /* By residues when the key is given: no inversion mod N_0. */
    if (wit->sk != NULL ? !duet_paillier_is_unit_sec(wit->sk, wit->rho)
        : !duet_bn_is_unit_sec(wit->rho, stmt->pk->n))
    {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }

    /*
     * alpha <- +-2^(ell+eps), beta <- Z_q \ {0}: Z = beta G is finite, and
     * Y = beta A + alpha G is redrawn in the 1/q case that it is not
     * (whether it is, is public: it is sent).
     */
    for (tries = 0; ; tries++) {
        if (tries == ENC_ELG_MASK_TRIES) {
            r = DUET_ERR_RANDOM;
            goto out;
        }
        if ((r = duet_bn_random_pm_pow2(alpha, ell + eps)) != 0
            || (r = duet_scalar_random_nonzero(&beta)) != 0)
        {
            goto out;
        }
#ifdef DUET_TEST_HOOKS
        if (enc_elg_test_alpha_set) {
            mpz_set(alpha, enc_elg_test_alpha);
            mpz_clear(enc_elg_test_alpha);
            enc_elg_test_alpha_set = 0;
        }
#endif
        /*
         * alpha enters Z_q with its sign (C6).  beta*A and alpha*G are
         * secret, so the sum is constant time; Y itself is public.
         */
        if ((r = duet_scalar_from_bn(&sc, alpha)) != 0
            || (r = duet_point_lincomb_gen(&proof->y, &sc, &beta,
                stmt->a)) != 0)
        {
            goto out;
        }
        if (!duet_point_is_infinity(&proof->y)) {
            break;
        }
    }
    if ((r = duet_point_mul_gen(&proof->z, &beta)) != 0) {
        goto out;
    }
    duet_declassify(&proof->z, sizeof(proof->z));

    /* mu <- +-2^ell N^, gamma <- +-2^(ell+eps) N^, r <- Z*_{N_0}. */
    mpz_mul_2exp(bound, rp->n, ell);
    if ((r = duet_bn_random_pm(mu, bound)) != 0) {
        goto out;
    }
    mpz_mul_2exp(bound, rp->n, ell + eps);
    if ((r = duet_bn_random_pm(gamma, bound)) != 0
        || (r = wit->sk != NULL ? duet_paillier_random_unit(wit->sk, rr)
            : duet_bn_random_unit(rr, stmt->pk->n)) != 0)
    {
        goto out;
    }

    /*
     * S, T, D.  |x| < 2^xbits, |mu| < 2^(ell + nb - 1),
     * |alpha| < 2^(ell+eps), |gamma| < 2^(ell + eps + nb - 1): the public
     * bounds of the constant-time exponentiations.
     */
    if ((r = duet_rp_commit_sec_cached(rp, proof->s, wit->x, xbits, mu,
            ell + nb)) != 0
        || (r = duet_rp_commit_sec_cached(rp, proof->t, alpha, ell + eps,
            gamma, ell + eps + nb)) != 0)
    {
        goto out;
    }
    if (wit->sk != NULL) {
        r = duet_paillier_enc_crt(wit->sk, proof->d, alpha, rr);
    } else {
        r = duet_paillier_enc(stmt->pk, proof->d, alpha, rr);
    }
    if (r != 0) {
        goto out;
    }

    if ((r = enc_elg_challenge(ctx, stmt, proof, e)) != 0) {
        goto out;
    }

    /*
     * Response.  z1, z3 are public once computed; GMP's signed
     * arithmetic on the way shows the operands' signs and limb counts
     * (the hazard bn.h accepts for secrets held in mpz_t).
     */
    mpz_mul(proof->z1, e, wit->x);
    mpz_add(proof->z1, proof->z1, alpha);
    mpz_mul(proof->z3, e, mu);
    mpz_add(proof->z3, proof->z3, gamma);
    if ((r = duet_bn_mulpow_sec(proof->z2, rr, wit->rho, e, ENC_ELG_E_BITS,
                                stmt->pk->n)) != 0)
    {
        goto out;
    }
    /* w = beta + e b mod q. */
    if ((r = duet_scalar_from_bn(&esc, e)) != 0) {
        goto out;
    }
    duet_scalar_mul(&sc, &esc, wit->b);
    duet_scalar_add(&proof->w, &beta, &sc);
    duet_declassify(&proof->w, sizeof(proof->w));
    r = 0;

out:
    if (r != 0 && proof != NULL) {
        enc_elg_proof_zero(proof);
    }
    /*
     * Any one mask (alpha, mu, r, gamma, beta) with the response gives the
     * witness: the GMP free hook wipes the limbs, the scalars are wiped
     * here.
     */
    mpz_clears(alpha, mu, rr, gamma, bound, e, NULL);
    duet_scalar_clear(&beta);
    duet_scalar_clear(&sc);
    duet_scalar_clear(&esc);
    return r;
}


/*
 * The range and membership checks on the proof, before any
 * exponentiation: S, T in Z*_N^; D in Z*_{N_0^2}; z2 in Z*_{N_0};
 * |z1| <= 2^(ell+eps-1); |z3| < 2^rp_y_max_bits.
 */
static int
enc_elg_proof_check(const struct duet_zk_ctx *ctx,
    const struct duet_zk_enc_elg_stmt *stmt,
    const struct duet_zk_enc_elg_proof *proof)
{
    const struct duet_level *lv = ctx->level;

    if (duet_point_is_infinity(&proof->y)
        || duet_point_is_infinity(&proof->z))
    {
        return DUET_ERR_PROOF_INVALID;
    }
    if (!duet_bn_in_pm_pow2_var(proof->z1, lv->ell + lv->epsilon)) {
        return DUET_ERR_PROOF_INVALID;
    }
    if (mpz_sgn(proof->z3) != 0
        && mpz_sizeinbase(proof->z3, 2) > lv->rp_y_max_bits)
    {
        return DUET_ERR_PROOF_INVALID;
    }
    if (!duet_bn_is_unit_var(proof->s, stmt->rp->n)
        || !duet_bn_is_unit_var(proof->t, stmt->rp->n)
        || duet_paillier_ct_check_var(stmt->pk, proof->d) != 0
        || !duet_bn_is_unit_var(proof->z2, stmt->pk->n))
    {
        return DUET_ERR_PROOF_INVALID;
    }

    return 0;
}


int
duet_zk_enc_elg_verify(const struct duet_zk_ctx *ctx,
    const struct duet_zk_enc_elg_stmt *stmt,
    const struct duet_zk_enc_elg_proof *proof)
{
    const struct duet_paillier_pk *pk;
    struct duet_scalar esc, z1sc;
    struct duet_point lhs, rhs, pt;
    mpz_t e, neg_e, u, v;
    int rc, r = DUET_ERR_INTERNAL;

    mpz_inits(e, neg_e, u, v, NULL);
    duet_point_set_infinity(&lhs);
    duet_point_set_infinity(&rhs);
    duet_point_set_infinity(&pt);
    if (proof == NULL) {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    if ((r = enc_elg_stmt_check(ctx, stmt)) != 0) {
        goto out;
    }
    pk = stmt->pk;
    if ((r = enc_elg_proof_check(ctx, stmt, proof)) != 0) {
        goto out;
    }
    if ((r = enc_elg_challenge(ctx, stmt, proof, e)) != 0) {
        goto out;
    }
    mpz_neg(neg_e, e);

    r = DUET_ERR_PROOF_INVALID;

    /*
     * enc(z1; z2) = D (+) (e (.) C), as (1 + z1 N_0) z2^N_0 C^-e = D
     * mod N_0^2: one simultaneous exponentiation (C is a unit).
     */
    if (duet_bn_powm2_var(u, proof->z2, pk->n, stmt->c, neg_e, pk->nn)
        != 0)
    {
        goto out;
    }
    mpz_mul(v, proof->z1, pk->n);
    mpz_add_ui(v, v, 1);
    mpz_mul(u, u, v);
    mpz_mod(u, u, pk->nn);
    if (mpz_cmp(u, proof->d) != 0) {
        goto out;
    }

    /*
     * s^z1 t^z3 = T S^e (mod N^).  R is the verifier's own, the same in
     * every proof it checks: its comb table is built once and kept
     * (rp_table.h).  Out of memory for the table is our failure, not the
     * prover's.
     */
    if ((rc = duet_rp_commit_var_cached(stmt->rp, u, proof->z1, proof->z3))
        != 0
        || (rc = duet_bn_powm_var(v, proof->s, e, stmt->rp->n)) != 0)
    {
        if (rc == DUET_ERR_NO_MEMORY) {
            r = rc;
        }
        goto out;
    }
    mpz_mul(v, v, proof->t);
    mpz_mod(v, v, stmt->rp->n);
    if (mpz_cmp(u, v) != 0) {
        goto out;
    }

    /* Curve equations, with e and z1 in Z_q by their signs (C6). */
    if (duet_scalar_from_bn(&esc, e) != 0
        || duet_scalar_from_bn(&z1sc, proof->z1) != 0)
    {
        goto out;
    }
    /* w A + z1 G = Y + e X */
    if (duet_point_mul_gen(&lhs, &z1sc) != 0) {
        r = DUET_ERR_INTERNAL;
        goto out;
    }
    duet_point_mul(&pt, &proof->w, stmt->a);
    duet_point_add(&lhs, &lhs, &pt);
    duet_point_mul(&rhs, &esc, stmt->x);
    duet_point_add(&rhs, &rhs, &proof->y);
    if (!duet_point_eq_var(&lhs, &rhs)) {
        goto out;
    }
    /* w G = Z + e B */
    if (duet_point_mul_gen(&lhs, &proof->w) != 0) {
        r = DUET_ERR_INTERNAL;
        goto out;
    }
    duet_point_mul(&rhs, &esc, stmt->b);
    duet_point_add(&rhs, &rhs, &proof->z);
    if (!duet_point_eq_var(&lhs, &rhs)) {
        goto out;
    }
    r = 0;

out:
    mpz_clears(e, neg_e, u, v, NULL);
    return r;
}


int
duet_zk_enc_elg_encode(struct duet_buf_writer *w,
    const struct duet_zk_enc_elg_proof *proof)
{
    uint8_t pt[DUET_POINT_BYTES];
    int r = DUET_ERR_INTERNAL;

    if (w == NULL || proof == NULL) {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    if ((r = duet_bn_put(w, proof->s)) != 0
        || (r = duet_bn_put(w, proof->t)) != 0
        || (r = duet_bn_put(w, proof->d)) != 0)
    {
        goto out;
    }
    if ((r = duet_point_encode(pt, &proof->y, 0)) != 0
        || (r = duet_buf_put_bytes(w, pt, sizeof(pt))) != 0
        || (r = duet_point_encode(pt, &proof->z, 0)) != 0
        || (r = duet_buf_put_bytes(w, pt, sizeof(pt))) != 0)
    {
        goto out;
    }
    if ((r = duet_bn_put_signed(w, proof->z1)) != 0
        || (r = duet_bn_put(w, proof->z2)) != 0
        || (r = duet_bn_put_signed(w, proof->z3)) != 0
        || (r = duet_buf_put_bytes(w, proof->w.b, DUET_SCALAR_BYTES)) != 0)
    {
        goto out;
    }
    r = 0;

out:
    return r;
}


/* Read a 33-byte point; infinity is refused. */
static int
enc_elg_get_point(struct duet_buf_reader *rd, struct duet_point *p)
{
    const uint8_t *b = NULL;
    int r;

    if ((r = duet_buf_get_bytes_direct(rd, &b, DUET_POINT_BYTES)) != 0) {
        duet_point_set_infinity(p);
        return r;
    }
    return duet_point_parse(p, b, DUET_POINT_BYTES, 0);
}


int
duet_zk_enc_elg_parse(struct duet_buf_reader *rd,
    const struct duet_zk_ctx *ctx, struct duet_zk_enc_elg_proof *proof)
{
    const struct duet_level *lv;
    const uint8_t *b = NULL;
    size_t n_max, nn_max, z1_max, z3_max;
    int r = DUET_ERR_INTERNAL;

    if (rd == NULL || proof == NULL || ctx == NULL || ctx->level == NULL) {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    lv = ctx->level;
    n_max = (lv->modulus_max_bits + 7) / 8;
    nn_max = (2 * lv->modulus_max_bits + 7) / 8;
    z1_max = (lv->ell + lv->epsilon + 7) / 8;
    z3_max = (lv->rp_y_max_bits + 7) / 8;

    if ((r = duet_bn_get(rd, proof->s, n_max)) != 0
        || (r = duet_bn_get(rd, proof->t, n_max)) != 0
        || (r = duet_bn_get(rd, proof->d, nn_max)) != 0
        || (r = enc_elg_get_point(rd, &proof->y)) != 0
        || (r = enc_elg_get_point(rd, &proof->z)) != 0
        || (r = duet_bn_get_signed(rd, proof->z1, z1_max)) != 0
        || (r = duet_bn_get(rd, proof->z2, n_max)) != 0
        || (r = duet_bn_get_signed(rd, proof->z3, z3_max)) != 0
        || (r = duet_buf_get_bytes_direct(rd, &b, DUET_SCALAR_BYTES)) != 0
        || (r = duet_scalar_from_bytes(&proof->w, b)) != 0)
    {
        goto out;
    }
    r = 0;

out:
    if (r != 0 && proof != NULL) {
        enc_elg_proof_zero(proof);
    }
    return r;
}
