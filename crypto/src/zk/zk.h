/*
 * zk.h -- what the seven CGGMP24 proofs share (spec sections 2.4-2.6, 3.7,
 * 4.3): the context every proof binds besides its statement, and the
 * transcript preamble built from it.
 *
 * Every proof lives in its own file with one shape (STYLE.md section 9):
 *
 *   duet_zk_X_proof_init / _clear        the proof object (mpz_t fields)
 *   duet_zk_X_prove(ctx, proof, stmt, wit)
 *   duet_zk_X_verify(ctx, stmt, proof)   0 or DUET_ERR_PROOF_INVALID
 *                                        (DUET_ERR_INVALID_ARGUMENT when the
 *                                        statement itself is malformed)
 *   duet_zk_X_encode(w, proof)           through codec/buf
 *   duet_zk_X_parse(r, ctx, proof)       bounded by ctx->level's sizes
 *
 * The challenge of every proof is derived from a transcript started with
 * duet_zk_transcript_start(): proof tag and version, session id, prover
 * index, discriminator, the joint random string (rho, or keygen's rid)
 * where the proof has one, and the security level's parameters.  The proof then absorbs, each
 * under its own field id (>= DUET_ZK_FIELD_PROOF), the verifier's
 * ring-Pedersen parameters where it uses them (duet_zk_absorb_rp), the
 * whole statement and every commitment value.
 */

#ifndef DUET_ZK_H
#define DUET_ZK_H

#include <stddef.h>
#include <stdint.h>

#include "bn/level.h"
#include "paillier/ring_pedersen.h"
#include "transcript/transcript.h"

/* Field ids below this are the shared preamble's; proofs use the rest. */
#define DUET_ZK_FIELD_RHO        1
#define DUET_ZK_FIELD_LEVEL      2
#define DUET_ZK_FIELD_ELL        3
#define DUET_ZK_FIELD_ELL_PRIME  4
#define DUET_ZK_FIELD_EPSILON    5
#define DUET_ZK_FIELD_M          6
#define DUET_ZK_FIELD_RP_N       7
#define DUET_ZK_FIELD_RP_S       8
#define DUET_ZK_FIELD_RP_T       9
#define DUET_ZK_FIELD_PROOF      16

/*
 * Everything a proof is bound to besides its statement.  The same context
 * must be given to prove and to verify; a proof made under another session
 * id, prover index, discriminator, rho or level does not verify.
 */
struct duet_zk_ctx {
    const struct duet_level  *level;
    const uint8_t            *sid;           /* execution id */
    size_t                    sid_len;
    uint16_t                  prover;        /* prover's party index */
    uint32_t                  discriminator; /* slot: enc 0/1, aff-g hat,
                                                elog prime; 0 if unused */
    const uint8_t            *rho;           /* joint random string: rho
                                                of aux-info (Pi^mod, Pi^fac),
                                                rid of keygen (Pi^sch); NULL
                                                when the proof has none */
    size_t                    rho_len;
};

/*
 * Start t for proof `tag` (e.g. "duet.zk.mod") at `version`: the transcript
 * header from ctx, then rho (if ctx->rho) and the level's id, ell, ell',
 * epsilon and m.
 * Returns: 0, DUET_ERR_INVALID_ARGUMENT (no level, bad sid), or a
 *          transcript error.  t must be cleared on every path.
 */
int duet_zk_transcript_start(struct duet_transcript *t, const char *tag,
    uint32_t version, const struct duet_zk_ctx *ctx);

/*
 * Absorb the VERIFIER's ring-Pedersen parameters (N^, s, t) under the
 * shared field ids (spec 4.3, attack C3 of section 6.3).
 * Returns: 0 or the transcript's sticky error.
 */
int duet_zk_absorb_rp(struct duet_transcript *t,
    const struct duet_rp_params *rp);

#endif /* DUET_ZK_H */
