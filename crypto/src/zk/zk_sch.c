/*
 * zk_sch.c -- Pi^sch, the Schnorr proof of knowledge of a discrete log;
 * see zk_sch.h.
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
#include "zk/zk_sch.h"


/* The context has a level and rid (see zk_sch.h). */
static int
duet_zk_sch_ctx_ok(const struct duet_zk_ctx *ctx)
{
    return ctx->level != NULL && ctx->rho != NULL
        && ctx->rho_len == ctx->level->kappa_bytes;
}


/* e = the challenge for (ctx, X, A). */
static int
duet_zk_sch_challenge(const struct duet_zk_ctx *ctx,
    const struct duet_zk_sch_stmt *stmt, const struct duet_point *a,
    struct duet_scalar *e)
{
    struct duet_transcript t;
    int r = DUET_ERR_INTERNAL;

    memset(&t, 0, sizeof(t));
    if ((r = duet_zk_transcript_start(&t, DUET_ZK_SCH_TAG,
            DUET_ZK_SCH_VERSION, ctx)) != 0)
    {
        goto out;
    }
    (void) duet_transcript_absorb_point(&t, DUET_ZK_SCH_FIELD_X, &stmt->x);
    (void) duet_transcript_absorb_point(&t, DUET_ZK_SCH_FIELD_A, a);
    /* Absorb errors are sticky: the sampler reports them. */
    r = duet_transcript_challenge_scalar(&t, e);

out:
    duet_transcript_clear(&t);
    return r;
}


void
duet_zk_sch_proof_init(struct duet_zk_sch_proof *proof)
{
    VERIFY_CHECK(proof != NULL);

    duet_point_set_infinity(&proof->a);
    duet_scalar_clear(&proof->z);
}


void
duet_zk_sch_proof_clear(struct duet_zk_sch_proof *proof)
{
    if (proof == NULL) {
        return;
    }
    duet_memclear(proof, sizeof(*proof));
    duet_zk_sch_proof_init(proof);
}


void
duet_zk_sch_nonce_clear(struct duet_zk_sch_nonce *nonce)
{
    if (nonce == NULL) {
        return;
    }
    duet_memclear(nonce, sizeof(*nonce));
}


int
duet_zk_sch_commit(struct duet_zk_sch_nonce *nonce)
{
    int r = DUET_ERR_INTERNAL;

    VERIFY_CHECK(nonce != NULL);

    duet_zk_sch_nonce_clear(nonce);
    /* tau != 0 keeps A finite, so A has a wire encoding. */
    if ((r = duet_scalar_random_nonzero(&nonce->tau)) != 0
        || (r = duet_point_mul_gen(&nonce->a, &nonce->tau)) != 0)
    {
        goto out;
    }
    duet_declassify(&nonce->a, sizeof(nonce->a));
    nonce->magic = DUET_ZK_SCH_NONCE_MAGIC;
    r = 0;

out:
    if (r != 0) {
        duet_zk_sch_nonce_clear(nonce);
    }
    return r;
}


int
duet_zk_sch_nonce_load(struct duet_zk_sch_nonce *nonce,
    const struct duet_scalar *tau)
{
    int r = DUET_ERR_INTERNAL, zero;

    VERIFY_CHECK(nonce != NULL && tau != NULL);

    duet_zk_sch_nonce_clear(nonce);
    zero = duet_scalar_is_zero(tau);
    duet_declassify(&zero, sizeof(zero));
    if (zero) {
        r = DUET_ERR_ZERO_SCALAR;
        goto out;
    }
    nonce->tau = *tau;
    if ((r = duet_point_mul_gen(&nonce->a, &nonce->tau)) != 0) {
        goto out;
    }
    duet_declassify(&nonce->a, sizeof(nonce->a));
    nonce->magic = DUET_ZK_SCH_NONCE_MAGIC;
    r = 0;

out:
    if (r != 0) {
        duet_zk_sch_nonce_clear(nonce);
    }
    return r;
}


int
duet_zk_sch_respond(const struct duet_zk_ctx *ctx,
    struct duet_zk_sch_proof *proof, const struct duet_zk_sch_stmt *stmt,
    const struct duet_zk_sch_wit *wit, struct duet_zk_sch_nonce *nonce)
{
    struct duet_scalar tau, e, z;
    struct duet_point a, xg;
    int r = DUET_ERR_INTERNAL, match;

    VERIFY_CHECK(ctx != NULL && proof != NULL && stmt != NULL);
    VERIFY_CHECK(wit != NULL && nonce != NULL);

    duet_scalar_clear(&tau);
    duet_scalar_clear(&z);
    duet_zk_sch_proof_init(proof);

    /*
     * Take tau out and burn the nonce before anything can fail, so that no
     * path (not even an error return the caller retries after) leaves a
     * tau that could answer a second challenge.
     */
    if (nonce->magic != DUET_ZK_SCH_NONCE_MAGIC) {
        duet_zk_sch_nonce_clear(nonce);
        r = DUET_ERR_ALREADY_USED;
        goto out;
    }
    tau = nonce->tau;
    a = nonce->a;
    duet_zk_sch_nonce_clear(nonce);

    if (!duet_zk_sch_ctx_ok(ctx) || duet_point_is_infinity(&stmt->x)) {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    /*
     * Refuse a witness that does not match: the proof would fail at every
     * verifier, which would blame this party for a local bug.
     */
    if ((r = duet_point_mul_gen(&xg, &wit->x)) != 0) {
        goto out;
    }
    duet_declassify(&xg, sizeof(xg));
    match = duet_point_eq_var(&xg, &stmt->x);
    if (!match) {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }

    if ((r = duet_zk_sch_challenge(ctx, stmt, &a, &e)) != 0) {
        goto out;
    }
    duet_scalar_mul(&z, &e, &wit->x);
    duet_scalar_add(&z, &z, &tau);
    /* z is the published response. */
    duet_declassify(&z, sizeof(z));
    proof->a = a;
    proof->z = z;
    r = 0;

out:
    duet_scalar_clear(&tau);
    duet_scalar_clear(&z);
    if (r != 0) {
        duet_zk_sch_proof_init(proof);
    }
    return r;
}


int
duet_zk_sch_prove(const struct duet_zk_ctx *ctx,
    struct duet_zk_sch_proof *proof, const struct duet_zk_sch_stmt *stmt,
    const struct duet_zk_sch_wit *wit)
{
    struct duet_zk_sch_nonce nonce;
    int r = DUET_ERR_INTERNAL;

    VERIFY_CHECK(ctx != NULL && proof != NULL && stmt != NULL);
    VERIFY_CHECK(wit != NULL);

    duet_zk_sch_proof_init(proof);
    if ((r = duet_zk_sch_commit(&nonce)) != 0) {
        goto out;
    }
    r = duet_zk_sch_respond(ctx, proof, stmt, wit, &nonce);

out:
    duet_zk_sch_nonce_clear(&nonce);
    return r;
}


int
duet_zk_sch_verify(const struct duet_zk_ctx *ctx,
    const struct duet_zk_sch_stmt *stmt,
    const struct duet_zk_sch_proof *proof)
{
    struct duet_scalar e;
    struct duet_point lhs, rhs;
    int r = DUET_ERR_INTERNAL;

    VERIFY_CHECK(ctx != NULL && stmt != NULL && proof != NULL);

    if (!duet_zk_sch_ctx_ok(ctx) || duet_point_is_infinity(&stmt->x)) {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    if (duet_point_is_infinity(&proof->a)) {
        r = DUET_ERR_PROOF_INVALID;
        goto out;
    }
    if ((r = duet_zk_sch_challenge(ctx, stmt, &proof->a, &e)) != 0) {
        goto out;
    }

    /* z*G == A + e*X */
    if ((r = duet_point_mul_gen(&lhs, &proof->z)) != 0) {
        goto out;
    }
    duet_point_mul(&rhs, &e, &stmt->x);
    duet_point_add(&rhs, &rhs, &proof->a);
    r = duet_point_eq_var(&lhs, &rhs) ? 0 : DUET_ERR_PROOF_INVALID;

out:
    return r;
}


int
duet_zk_sch_encode(struct duet_buf_writer *w,
    const struct duet_zk_sch_proof *proof)
{
    uint8_t a[DUET_POINT_BYTES];
    int r = DUET_ERR_INTERNAL;

    VERIFY_CHECK(w != NULL && proof != NULL);

    if ((r = duet_point_encode(a, &proof->a, 0)) != 0) {
        goto out;
    }
    (void) duet_buf_put_bytes(w, a, sizeof(a));
    (void) duet_buf_put_bytes(w, proof->z.b, sizeof(proof->z.b));
    r = duet_buf_writer_error(w);

out:
    return r;
}


int
duet_zk_sch_parse(struct duet_buf_reader *rd, const struct duet_zk_ctx *ctx,
    struct duet_zk_sch_proof *proof)
{
    const uint8_t *p = NULL;
    int r = DUET_ERR_INTERNAL;

    VERIFY_CHECK(rd != NULL && ctx != NULL && proof != NULL);
    (void) ctx;

    duet_zk_sch_proof_init(proof);
    if ((r = duet_buf_get_bytes_direct(rd, &p, DUET_POINT_BYTES)) != 0
        || (r = duet_point_parse(&proof->a, p, DUET_POINT_BYTES, 0)) != 0
        || (r = duet_buf_get_bytes_direct(rd, &p, DUET_SCALAR_BYTES)) != 0
        || (r = duet_scalar_from_bytes(&proof->z, p)) != 0)
    {
        goto out;
    }
    r = 0;

out:
    if (r != 0) {
        duet_zk_sch_proof_init(proof);
    }
    return r;
}
