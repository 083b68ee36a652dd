/*
 * zk.c -- see zk.h.
 */

#include "config.h"

#include "duet.h"
#include "util/check.h"
#include "zk/zk.h"


int
duet_zk_transcript_start(struct duet_transcript *t, const char *tag,
    uint32_t version, const struct duet_zk_ctx *ctx)
{
    const struct duet_level  *lv = ctx->level;
    int                       r = DUET_ERR_INVALID_ARGUMENT;

    if (lv == NULL) {
        goto out;
    }
    r = duet_transcript_init(t, tag, version, ctx->sid, ctx->sid_len,
                             ctx->prover, ctx->discriminator);
    if (r != 0) {
        goto out;
    }
    if (ctx->rho != NULL) {
        (void) duet_transcript_absorb_bytes(t, DUET_ZK_FIELD_RHO, ctx->rho,
                                            ctx->rho_len);
    }
    (void) duet_transcript_absorb_u64(t, DUET_ZK_FIELD_LEVEL,
                                      (uint64_t) lv->id);
    (void) duet_transcript_absorb_u64(t, DUET_ZK_FIELD_ELL, lv->ell);
    (void) duet_transcript_absorb_u64(t, DUET_ZK_FIELD_ELL_PRIME,
                                      lv->ell_prime);
    (void) duet_transcript_absorb_u64(t, DUET_ZK_FIELD_EPSILON, lv->epsilon);
    (void) duet_transcript_absorb_u64(t, DUET_ZK_FIELD_M, lv->m);
    /* Absorb errors are sticky: one check covers them all. */
    r = duet_transcript_error(t);

out:
    return r;
}


int
duet_zk_absorb_rp(struct duet_transcript *t, const struct duet_rp_params *rp)
{
    (void) duet_transcript_absorb_bn(t, DUET_ZK_FIELD_RP_N, rp->n);
    (void) duet_transcript_absorb_bn(t, DUET_ZK_FIELD_RP_S, rp->s);
    (void) duet_transcript_absorb_bn(t, DUET_ZK_FIELD_RP_T, rp->t);
    return duet_transcript_error(t);
}
