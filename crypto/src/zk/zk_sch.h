/*
 * zk_sch.h -- Pi^sch: Schnorr proof of knowledge of a discrete log
 * (spec sections 1.5, 3.7 end, 7.2-7.3), for keygen and key refresh.
 *
 * Statement: a point X.  Witness: x in Z_q with X = x*G.
 *   Prover:    tau <- Z_q \ {0}, A = tau*G;
 *              e = challenge in Z_q (transcript's scalar sampler);
 *              z = tau + e*x mod q.
 *   Verifier:  z*G == A + e*X.
 *   Proof:     (A, z).
 *
 * Transcript "duet.zk.sch" version 1: the zk.h preamble (sid, prover,
 * discriminator, rho, level), then X and A, each under its own field id,
 * then e = duet_transcript_challenge_scalar().
 *
 * rid: spec 4.3 requires the keygen (and refresh) Schnorr challenge to
 * bind rid, the XOR of every party's rid_j, so that a proof can be neither
 * precomputed nor replayed.  The caller passes rid as ctx->rho; prove and
 * verify REFUSE a context without it (ctx->rho == NULL or rho_len !=
 * level->kappa_bytes) with DUET_ERR_INVALID_ARGUMENT.  The discriminator
 * separates several proofs of one prover in one session (refresh proves
 * one per non-constant coefficient: use the coefficient index).
 *
 * Infinity: X must be finite (a public share X_j or a Feldman coefficient
 * is never the identity; spec 1.5, 6.4 D6) -- an infinite X is a malformed
 * statement, refused with DUET_ERR_INVALID_ARGUMENT by prove and verify.
 * A is never infinity (tau != 0); parse and verify refuse it.
 *
 * Keygen commits to A in round 1, long before x is known (x is the sum of
 * the shares received in round 2).  For that, the proof splits in two:
 * duet_zk_sch_commit() draws tau and A once, the caller commits to and
 * later publishes nonce.a, and duet_zk_sch_respond() computes z when x is
 * known.  duet_zk_sch_prove() does both at once.
 *
 * Wire format (duet_zk_sch_encode / _parse), 65 bytes:
 *   A   33 bytes  SEC1 compressed, never infinity
 *   z   32 bytes  big-endian, canonical (< q)
 * Every accepted proof has one encoding: z + q, A's other encodings
 * (uncompressed, hybrid, x >= p) and infinity are all refused.
 */

#ifndef DUET_ZK_SCH_H
#define DUET_ZK_SCH_H

#include <stdint.h>

#include "codec/buf.h"
#include "curve/curve.h"
#include "zk/zk.h"

#define DUET_ZK_SCH_TAG          "duet.zk.sch"
#define DUET_ZK_SCH_VERSION      1
#define DUET_ZK_SCH_PROOF_BYTES  (DUET_POINT_BYTES + DUET_SCALAR_BYTES)

/* Transcript field ids (>= DUET_ZK_FIELD_PROOF). */
#define DUET_ZK_SCH_FIELD_X      (DUET_ZK_FIELD_PROOF + 0)
#define DUET_ZK_SCH_FIELD_A      (DUET_ZK_FIELD_PROOF + 1)

/* Marks a nonce that has not been used yet. */
#define DUET_ZK_SCH_NONCE_MAGIC  0x7363684eu        /* "schN" */

/* Public. */
struct duet_zk_sch_stmt {
    struct duet_point x;        /* X = x*G, finite */
};

/* SECRET. */
struct duet_zk_sch_wit {
    struct duet_scalar x;
};

/* Public. */
struct duet_zk_sch_proof {
    struct duet_point a;        /* A = tau*G */
    struct duet_scalar z;       /* z = tau + e*x mod q */
};

/*
 * The prover's commitment state between commit and respond.  tau is
 * SECRET and ONE-SHOT: two responses under one tau reveal x.  NEVER copy
 * this struct, and never persist it twice or restore it from a backup.
 * duet_zk_sch_respond() consumes it on every path.
 */
struct duet_zk_sch_nonce {
    uint32_t magic;             /* DUET_ZK_SCH_NONCE_MAGIC until used */
    struct duet_scalar tau;     /* SECRET */
    struct duet_point a;        /* A = tau*G, public */
};


/* Set proof to (infinity, 0), which no verifier accepts. */
void duet_zk_sch_proof_init(struct duet_zk_sch_proof *proof);

/* Wipe proof (it becomes as after init). */
void duet_zk_sch_proof_clear(struct duet_zk_sch_proof *proof);

/* Wipe nonce; it can no longer be used. */
void duet_zk_sch_nonce_clear(struct duet_zk_sch_nonce *nonce);

/*
 * Draw the commitment: tau uniform in Z_q \ {0}, A = tau*G.
 *
 * Returns: 0, DUET_ERR_RANDOM, or a curve context error (then nonce is
 *          cleared).
 * Out:     nonce: ready for one duet_zk_sch_respond(); nonce->a is the A
 *                 to commit to and publish.
 */
int duet_zk_sch_commit(struct duet_zk_sch_nonce *nonce);

/*
 * Rebuild a nonce from a tau the caller persisted between rounds (its
 * state blob), recomputing A.  The same one-shot rules apply: a tau may be
 * loaded for ONE response only.
 *
 * Returns: 0, DUET_ERR_ZERO_SCALAR (tau is zero), or a curve context error
 *          (then nonce is cleared).
 */
int duet_zk_sch_nonce_load(struct duet_zk_sch_nonce *nonce,
    const struct duet_scalar *tau);

/*
 * Answer the challenge for stmt under nonce, which is consumed (wiped and
 * marked used) on every path, so that no tau ever answers two challenges.
 * Constant time in x and tau (only the witness check's verdict and the
 * published z are declassified).
 *
 * Returns: 0;
 *          DUET_ERR_ALREADY_USED      nonce was used (or never set up);
 *          DUET_ERR_INVALID_ARGUMENT  no level or no rid in ctx, stmt->x
 *                                     infinity, or wit->x*G != stmt->x
 *                                     (the prover refuses to make a
 *                                     proof that would not verify);
 *          a transcript or curve error.
 *          On failure proof is as after init.
 * Out:     proof: (nonce.a, z).
 */
int duet_zk_sch_respond(const struct duet_zk_ctx *ctx,
    struct duet_zk_sch_proof *proof, const struct duet_zk_sch_stmt *stmt,
    const struct duet_zk_sch_wit *wit, struct duet_zk_sch_nonce *nonce);

/*
 * duet_zk_sch_commit() and duet_zk_sch_respond() in one call, for a
 * prover that knows x before it has to commit.
 *
 * Returns: as the two.
 */
int duet_zk_sch_prove(const struct duet_zk_ctx *ctx,
    struct duet_zk_sch_proof *proof, const struct duet_zk_sch_stmt *stmt,
    const struct duet_zk_sch_wit *wit);

/*
 * Verify proof for stmt under ctx.  Variable time (public data only).
 *
 * Returns: 0 if z*G == A + e*X;
 *          DUET_ERR_PROOF_INVALID     otherwise, and for A = infinity;
 *          DUET_ERR_INVALID_ARGUMENT  no level or no rid in ctx, or
 *                                     stmt->x infinity;
 *          a transcript or curve error (never 0 for a bad proof).
 */
int duet_zk_sch_verify(const struct duet_zk_ctx *ctx,
    const struct duet_zk_sch_stmt *stmt,
    const struct duet_zk_sch_proof *proof);

/*
 * Append the 65-byte encoding of proof to w.
 *
 * Returns: 0, DUET_ERR_INFINITY (A is infinity: not a proof), or the
 *          writer's error.
 */
int duet_zk_sch_encode(struct duet_buf_writer *w,
    const struct duet_zk_sch_proof *proof);

/*
 * Read one proof (exactly 65 bytes) from rd.  The proof is usually one
 * field of a round message: the caller's duet_buf_reader_end() refuses
 * bytes after the message's last field.
 *
 * Returns: 0;
 *          DUET_ERR_TRUNCATED      fewer than 65 bytes left;
 *          DUET_ERR_INFINITY       A is the infinity encoding;
 *          DUET_ERR_BAD_ENCODING   A's prefix is not 02/03, or A is not on
 *                                  the curve;
 *          DUET_ERR_NON_CANONICAL  A's x >= p, or z >= q;
 *          or the reader's error.  On failure proof is as after init
 *          and the message must be abandoned: a value refused after its
 *          bytes were read leaves rd healthy, past those bytes.
 * Args:    ctx: the context the proof will be verified under (the proof
 *               has no level-dependent sizes; kept for the common shape).
 */
int duet_zk_sch_parse(struct duet_buf_reader *rd,
    const struct duet_zk_ctx *ctx, struct duet_zk_sch_proof *proof);

#endif /* DUET_ZK_SCH_H */
