/*
 * zk_elog.c -- Pi^elog, knowledge of a discrete log committed under
 * El-Gamal; see zk_elog.h.
 */

#include "config.h"

#include <string.h>

#include "duet.h"
#include "duet_util.h"
#include "codec/buf.h"
#include "curve/curve.h"
#include "transcript/transcript.h"
#include "util/check.h"
#include "util/checkmem.h"
#include "zk/zk.h"
#include "zk/zk_elog.h"

/*
 * Draws of (alpha, m) before giving up on N = m*G + alpha*X != infinity.
 * Each draw fails with probability 1/q, so running out means the random
 * source is broken.
 */
#define DUET_ZK_ELOG_MASK_TRIES  8


/* The statement's bases are usable (see zk_elog.h on infinity). */
static int
duet_zk_elog_stmt_ok(const struct duet_zk_ctx *ctx,
    const struct duet_zk_elog_stmt *stmt)
{
    return ctx->level != NULL && !duet_point_is_infinity(&stmt->x)
        && !duet_point_is_infinity(&stmt->h);
}


/* e = the challenge for (ctx, statement, A, N, B). */
static int
duet_zk_elog_challenge(const struct duet_zk_ctx *ctx,
    const struct duet_zk_elog_stmt *stmt,
    const struct duet_zk_elog_proof *proof, struct duet_scalar *e)
{
    struct duet_transcript t;
    int r = DUET_ERR_INTERNAL;

    memset(&t, 0, sizeof(t));
    if ((r = duet_zk_transcript_start(&t, DUET_ZK_ELOG_TAG,
            DUET_ZK_ELOG_VERSION, ctx)) != 0)
    {
        goto out;
    }
    (void) duet_transcript_absorb_point(&t, DUET_ZK_ELOG_FIELD_L, &stmt->l);
    (void) duet_transcript_absorb_point(&t, DUET_ZK_ELOG_FIELD_M, &stmt->m);
    (void) duet_transcript_absorb_point(&t, DUET_ZK_ELOG_FIELD_X, &stmt->x);
    (void) duet_transcript_absorb_point(&t, DUET_ZK_ELOG_FIELD_Y, &stmt->y);
    (void) duet_transcript_absorb_point(&t, DUET_ZK_ELOG_FIELD_H, &stmt->h);
    (void) duet_transcript_absorb_point(&t, DUET_ZK_ELOG_FIELD_A, &proof->a);
    (void) duet_transcript_absorb_point(&t, DUET_ZK_ELOG_FIELD_N, &proof->n);
    (void) duet_transcript_absorb_point(&t, DUET_ZK_ELOG_FIELD_B, &proof->b);
    /* Absorb errors are sticky: the sampler reports them. */
    r = duet_transcript_challenge_scalar(&t, e);

out:
    duet_transcript_clear(&t);
    return r;
}


/*
 * res = a*G + b*P by the variable-time path, for the verifier: every input
 * and the two products are public there.  Provers, whose products are
 * secret, use duet_point_lincomb_gen.
 */
static int
duet_zk_elog_mul2_var(struct duet_point *res, const struct duet_scalar *a,
    const struct duet_scalar *b, const struct duet_point *p)
{
    struct duet_point t;
    int r = DUET_ERR_INTERNAL;

    if ((r = duet_point_mul_gen(res, a)) != 0) {
        goto out;
    }
    duet_point_mul(&t, b, p);
    duet_point_add(res, res, &t);
    r = 0;

out:
    return r;
}


/*
 * Whether wit satisfies stmt: L == lambda*G, M == y*G + lambda*X,
 * Y == y*H.  Only the verdict is made public.
 */
static int
duet_zk_elog_wit_ok(int *ok, const struct duet_zk_elog_stmt *stmt,
    const struct duet_zk_elog_wit *wit)
{
    struct duet_point p;
    int r = DUET_ERR_INTERNAL, good;

    *ok = 0;
    if ((r = duet_point_mul_gen(&p, &wit->lambda)) != 0) {
        goto out;
    }
    duet_declassify(&p, sizeof(p));
    good = duet_point_eq_var(&p, &stmt->l);
    if ((r = duet_point_lincomb_gen(&p, &wit->y, &wit->lambda,
            &stmt->x)) != 0)
    {
        goto out;
    }
    good &= duet_point_eq_var(&p, &stmt->m);
    duet_point_mul(&p, &wit->y, &stmt->h);
    duet_declassify(&p, sizeof(p));
    good &= duet_point_eq_var(&p, &stmt->y);
    *ok = good;
    r = 0;

out:
    return r;
}


void
duet_zk_elog_proof_init(struct duet_zk_elog_proof *proof)
{
    VERIFY_CHECK(proof != NULL);

    duet_point_set_infinity(&proof->a);
    duet_point_set_infinity(&proof->n);
    duet_point_set_infinity(&proof->b);
    duet_scalar_clear(&proof->z);
    duet_scalar_clear(&proof->u);
}


void
duet_zk_elog_proof_clear(struct duet_zk_elog_proof *proof)
{
    if (proof == NULL) {
        return;
    }
    duet_memclear(proof, sizeof(*proof));
    duet_zk_elog_proof_init(proof);
}


int
duet_zk_elog_prove(const struct duet_zk_ctx *ctx,
    struct duet_zk_elog_proof *proof, const struct duet_zk_elog_stmt *stmt,
    const struct duet_zk_elog_wit *wit)
{
    struct duet_scalar alpha, m, e, t;
    unsigned tries;
    int r = DUET_ERR_INTERNAL, ok = 0;

    VERIFY_CHECK(ctx != NULL && proof != NULL && stmt != NULL);
    VERIFY_CHECK(wit != NULL);

    duet_scalar_clear(&alpha);
    duet_scalar_clear(&m);
    duet_scalar_clear(&t);
    duet_zk_elog_proof_init(proof);

    if (!duet_zk_elog_stmt_ok(ctx, stmt)) {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    /*
     * Refuse a witness that does not match: the proof would fail at every
     * verifier, which would blame this party for a local bug.
     */
    if ((r = duet_zk_elog_wit_ok(&ok, stmt, wit)) != 0) {
        goto out;
    }
    if (!ok) {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }

    /*
     * alpha, m != 0 keep A and B finite (H is finite); N is infinity only if
     * m = -alpha*log(X), so redraw then.  Whether N is infinity is public.
     */
    for (tries = 0; ; tries++) {
        if (tries == DUET_ZK_ELOG_MASK_TRIES) {
            r = DUET_ERR_RANDOM;
            goto out;
        }
        if ((r = duet_scalar_random_nonzero(&alpha)) != 0
            || (r = duet_scalar_random_nonzero(&m)) != 0
            || (r = duet_point_lincomb_gen(&proof->n, &m, &alpha,
                &stmt->x)) != 0)
        {
            goto out;
        }
        if (!duet_point_is_infinity(&proof->n)) {
            break;
        }
    }
    if ((r = duet_point_mul_gen(&proof->a, &alpha)) != 0) {
        goto out;
    }
    duet_point_mul(&proof->b, &m, &stmt->h);
    duet_declassify(&proof->a, sizeof(proof->a));
    duet_declassify(&proof->b, sizeof(proof->b));

    if ((r = duet_zk_elog_challenge(ctx, stmt, proof, &e)) != 0) {
        goto out;
    }
    duet_scalar_mul(&t, &e, &wit->lambda);
    duet_scalar_add(&proof->z, &alpha, &t);
    duet_scalar_mul(&t, &e, &wit->y);
    duet_scalar_add(&proof->u, &m, &t);
    /* z and u are the published responses. */
    duet_declassify(&proof->z, sizeof(proof->z));
    duet_declassify(&proof->u, sizeof(proof->u));
    r = 0;

out:
    duet_scalar_clear(&alpha);
    duet_scalar_clear(&m);
    duet_scalar_clear(&t);
    if (r != 0) {
        duet_zk_elog_proof_init(proof);
    }
    return r;
}


int
duet_zk_elog_verify(const struct duet_zk_ctx *ctx,
    const struct duet_zk_elog_stmt *stmt,
    const struct duet_zk_elog_proof *proof)
{
    struct duet_scalar e;
    struct duet_point lhs, rhs, t;
    int r = DUET_ERR_INTERNAL;

    VERIFY_CHECK(ctx != NULL && stmt != NULL && proof != NULL);

    if (!duet_zk_elog_stmt_ok(ctx, stmt)) {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    if (duet_point_is_infinity(&proof->a)
        || duet_point_is_infinity(&proof->n)
        || duet_point_is_infinity(&proof->b))
    {
        r = DUET_ERR_PROOF_INVALID;
        goto out;
    }
    if ((r = duet_zk_elog_challenge(ctx, stmt, proof, &e)) != 0) {
        goto out;
    }

    /* z*G == A + e*L */
    if ((r = duet_point_mul_gen(&lhs, &proof->z)) != 0) {
        goto out;
    }
    duet_point_mul(&rhs, &e, &stmt->l);
    duet_point_add(&rhs, &rhs, &proof->a);
    if (!duet_point_eq_var(&lhs, &rhs)) {
        r = DUET_ERR_PROOF_INVALID;
        goto out;
    }

    /* u*G + z*X == N + e*M */
    if ((r = duet_zk_elog_mul2_var(&lhs, &proof->u, &proof->z,
            &stmt->x)) != 0)
    {
        goto out;
    }
    duet_point_mul(&rhs, &e, &stmt->m);
    duet_point_add(&rhs, &rhs, &proof->n);
    if (!duet_point_eq_var(&lhs, &rhs)) {
        r = DUET_ERR_PROOF_INVALID;
        goto out;
    }

    /* u*H == B + e*Y */
    duet_point_mul(&lhs, &proof->u, &stmt->h);
    duet_point_mul(&t, &e, &stmt->y);
    duet_point_add(&rhs, &t, &proof->b);
    if (!duet_point_eq_var(&lhs, &rhs)) {
        r = DUET_ERR_PROOF_INVALID;
        goto out;
    }
    r = 0;

out:
    return r;
}


int
duet_zk_elog_encode(struct duet_buf_writer *w,
    const struct duet_zk_elog_proof *proof)
{
    uint8_t pts[3][DUET_POINT_BYTES];
    int r = DUET_ERR_INTERNAL;

    VERIFY_CHECK(w != NULL && proof != NULL);

    if ((r = duet_point_encode(pts[0], &proof->a, 0)) != 0
        || (r = duet_point_encode(pts[1], &proof->n, 0)) != 0
        || (r = duet_point_encode(pts[2], &proof->b, 0)) != 0)
    {
        goto out;
    }
    (void) duet_buf_put_bytes(w, pts[0], DUET_POINT_BYTES);
    (void) duet_buf_put_bytes(w, pts[1], DUET_POINT_BYTES);
    (void) duet_buf_put_bytes(w, pts[2], DUET_POINT_BYTES);
    (void) duet_buf_put_bytes(w, proof->z.b, sizeof(proof->z.b));
    (void) duet_buf_put_bytes(w, proof->u.b, sizeof(proof->u.b));
    r = duet_buf_writer_error(w);

out:
    return r;
}


/* Read one finite point. */
static int
duet_zk_elog_get_point(struct duet_buf_reader *rd, struct duet_point *p)
{
    const uint8_t *in = NULL;
    int r;

    if ((r = duet_buf_get_bytes_direct(rd, &in, DUET_POINT_BYTES)) != 0) {
        return r;
    }
    return duet_point_parse(p, in, DUET_POINT_BYTES, 0);
}


/* Read one canonical scalar. */
static int
duet_zk_elog_get_scalar(struct duet_buf_reader *rd, struct duet_scalar *s)
{
    const uint8_t *in = NULL;
    int r;

    if ((r = duet_buf_get_bytes_direct(rd, &in, DUET_SCALAR_BYTES)) != 0) {
        return r;
    }
    return duet_scalar_from_bytes(s, in);
}


int
duet_zk_elog_parse(struct duet_buf_reader *rd, const struct duet_zk_ctx *ctx,
    struct duet_zk_elog_proof *proof)
{
    int r = DUET_ERR_INTERNAL;

    VERIFY_CHECK(rd != NULL && ctx != NULL && proof != NULL);
    (void) ctx;

    duet_zk_elog_proof_init(proof);
    if ((r = duet_zk_elog_get_point(rd, &proof->a)) != 0
        || (r = duet_zk_elog_get_point(rd, &proof->n)) != 0
        || (r = duet_zk_elog_get_point(rd, &proof->b)) != 0
        || (r = duet_zk_elog_get_scalar(rd, &proof->z)) != 0
        || (r = duet_zk_elog_get_scalar(rd, &proof->u)) != 0)
    {
        goto out;
    }
    r = 0;

out:
    if (r != 0) {
        duet_zk_elog_proof_init(proof);
    }
    return r;
}
