/*
 * zk_elog.h -- Pi^elog: knowledge of a discrete log committed under
 * El-Gamal (spec section 3.7 "Pi^elog", paper Fig. 23).
 *
 * Statement: points L, M, X, Y, H.  Witness: y, lambda in Z_q with
 *   L = lambda*G,  M = y*G + lambda*X,  Y = y*H.
 * That is, (L, M) is an El-Gamal encryption of y*G under the key X, and
 * Y is y times the base H.
 *   Prover:    alpha, m <- Z_q \ {0};
 *              A = alpha*G,  N = m*G + alpha*X,  B = m*H;
 *              e = challenge in Z_q (transcript's scalar sampler);
 *              z = alpha + e*lambda,  u = m + e*y  (mod q).
 *   Verifier:  z*G == A + e*L,  u*G + z*X == N + e*M,  u*H == B + e*Y.
 *   Proof:     (A, N, B, z, u).
 *
 * In presigning (spec 3.3, 3.4) with El-Gamal key Y_i = y_i*G:
 *   psi~_i (discriminator 0, "prime = false"): L = B_{i,1}, M = B_{i,2},
 *     X = Y_i, Y = Gamma_i, H = G; witness (gamma_i, b_i).
 *   psi'_i (discriminator 1, "prime = true"):  L = A_{i,1}, M = A_{i,2},
 *     X = Y_i, Y = Delta_i, H = Gamma; witness (k_i, a_i).
 *
 * Transcript "duet.zk.elog" version 1: the zk.h preamble (sid, prover,
 * discriminator, rho if any, level), then L, M, X, Y, H, A, N, B, each
 * under its own field id, then e = duet_transcript_challenge_scalar().
 *
 * Infinity in the statement.  Refused (DUET_ERR_INVALID_ARGUMENT, by prove
 * and verify alike):
 *   H  the base of Y = y*H.  H = infinity makes that relation hold for
 *      every y, so the proof would no longer tie Y to the committed y;
 *      in the protocol H = Gamma, which must be non-zero (spec 3.5).
 *   X  the El-Gamal key.  X = infinity turns M into y*G in the clear; an
 *      honest key y_i*G is never the identity.
 * Accepted:
 *   L, M, Y  images of the witness (lambda*G, y*G + lambda*X, y*H).  They
 *      are infinity only for a zero witness value (or lambda*X = -y*G),
 *      which an honest party meets with probability about 2^-256; the
 *      proof stays sound for them, and the protocol checks the sums it
 *      needs (Gamma, Delta) itself.
 * No commitment (A, N, B) is ever infinity: the prover draws alpha, m
 * non-zero and redraws in the 1/q case N = infinity; parse and verify
 * refuse an infinite commitment.
 *
 * Wire format (duet_zk_elog_encode / _parse), 163 bytes:
 *   A, N, B   33 bytes each, SEC1 compressed, never infinity
 *   z, u      32 bytes each, big-endian, canonical (< q)
 */

#ifndef DUET_ZK_ELOG_H
#define DUET_ZK_ELOG_H

#include "codec/buf.h"
#include "curve/curve.h"
#include "zk/zk.h"

#define DUET_ZK_ELOG_TAG          "duet.zk.elog"
#define DUET_ZK_ELOG_VERSION      1
#define DUET_ZK_ELOG_PROOF_BYTES  (3 * DUET_POINT_BYTES \
                                   + 2 * DUET_SCALAR_BYTES)

/* Discriminators of the two presigning slots (spec 3.3, 3.4). */
#define DUET_ZK_ELOG_GAMMA        0     /* psi~, prime = false, H = G */
#define DUET_ZK_ELOG_DELTA        1     /* psi', prime = true, H = Gamma */

/* Transcript field ids (>= DUET_ZK_FIELD_PROOF). */
#define DUET_ZK_ELOG_FIELD_L      (DUET_ZK_FIELD_PROOF + 0)
#define DUET_ZK_ELOG_FIELD_M      (DUET_ZK_FIELD_PROOF + 1)
#define DUET_ZK_ELOG_FIELD_X      (DUET_ZK_FIELD_PROOF + 2)
#define DUET_ZK_ELOG_FIELD_Y      (DUET_ZK_FIELD_PROOF + 3)
#define DUET_ZK_ELOG_FIELD_H      (DUET_ZK_FIELD_PROOF + 4)
#define DUET_ZK_ELOG_FIELD_A      (DUET_ZK_FIELD_PROOF + 5)
#define DUET_ZK_ELOG_FIELD_N      (DUET_ZK_FIELD_PROOF + 6)
#define DUET_ZK_ELOG_FIELD_B      (DUET_ZK_FIELD_PROOF + 7)

/* Public.  X and H finite; L, M, Y may be infinity (see above). */
struct duet_zk_elog_stmt {
    struct duet_point l;        /* L = lambda*G */
    struct duet_point m;        /* M = y*G + lambda*X */
    struct duet_point x;        /* X, the El-Gamal key */
    struct duet_point y;        /* Y = y*H */
    struct duet_point h;        /* H, the base of Y */
};

/* SECRET. */
struct duet_zk_elog_wit {
    struct duet_scalar y;
    struct duet_scalar lambda;
};

/* Public. */
struct duet_zk_elog_proof {
    struct duet_point a;        /* A = alpha*G */
    struct duet_point n;        /* N = m*G + alpha*X */
    struct duet_point b;        /* B = m*H */
    struct duet_scalar z;       /* z = alpha + e*lambda */
    struct duet_scalar u;       /* u = m + e*y */
};


/* Set every point of proof to infinity and every scalar to 0. */
void duet_zk_elog_proof_init(struct duet_zk_elog_proof *proof);

/* Wipe proof (it becomes as after init). */
void duet_zk_elog_proof_clear(struct duet_zk_elog_proof *proof);

/*
 * Prove stmt with wit under ctx.  Every scalar operation and scalar
 * multiplication is constant time in the witness and the masks; the two
 * point additions of secret multiples are not (see duet_zk_elog_mul2 in
 * zk_elog.c).
 *
 * Returns: 0;
 *          DUET_ERR_INVALID_ARGUMENT  no level in ctx, X or H infinity, or
 *                                     wit does not satisfy stmt (the prover
 *                                     refuses to make a proof that would
 *                                     not verify);
 *          DUET_ERR_RANDOM, or a transcript or curve error.
 *          On failure proof is as after init.
 */
int duet_zk_elog_prove(const struct duet_zk_ctx *ctx,
    struct duet_zk_elog_proof *proof, const struct duet_zk_elog_stmt *stmt,
    const struct duet_zk_elog_wit *wit);

/*
 * Verify proof for stmt under ctx.  Variable time (public data only).
 *
 * Returns: 0 if the three equations hold;
 *          DUET_ERR_PROOF_INVALID     otherwise, and for an infinite A, N
 *                                     or B;
 *          DUET_ERR_INVALID_ARGUMENT  no level in ctx, X or H infinity;
 *          a transcript or curve error (never 0 for a bad proof).
 */
int duet_zk_elog_verify(const struct duet_zk_ctx *ctx,
    const struct duet_zk_elog_stmt *stmt,
    const struct duet_zk_elog_proof *proof);

/*
 * Append the 163-byte encoding of proof to w.
 *
 * Returns: 0, DUET_ERR_INFINITY (a commitment is infinity: not a proof),
 *          or the writer's error.
 */
int duet_zk_elog_encode(struct duet_buf_writer *w,
    const struct duet_zk_elog_proof *proof);

/*
 * Read one proof (exactly 163 bytes) from rd.  The proof is usually one
 * field of a round message: the caller's duet_buf_reader_end() refuses
 * bytes after the message's last field.
 *
 * Returns: 0;
 *          DUET_ERR_TRUNCATED      input ends inside the proof;
 *          DUET_ERR_INFINITY       A, N or B is the infinity encoding;
 *          DUET_ERR_BAD_ENCODING   a point's prefix is not 02/03, or it is
 *                                  not on the curve;
 *          DUET_ERR_NON_CANONICAL  a point's x >= p, or z or u >= q;
 *          or the reader's error.  On failure proof is as after init
 *          and the message must be abandoned: a value refused after its
 *          bytes were read leaves rd healthy, past those bytes.
 * Args:    ctx: the context the proof will be verified under (the proof
 *               has no level-dependent sizes; kept for the common shape).
 */
int duet_zk_elog_parse(struct duet_buf_reader *rd,
    const struct duet_zk_ctx *ctx, struct duet_zk_elog_proof *proof);

#endif /* DUET_ZK_ELOG_H */
