/*
 * zk_fac.h -- Pi^fac: N has no factor below 2^ell (spec section 2.6,
 * attacks A1-A2 of section 6.1, C3 of section 6.3).
 *
 * Statement: the prover knows p, q with N = p q and |p|, |q| <=
 * 2^(ell+eps) sqrt(N); with N > 2^(4 ell) and the level's size window this
 * leaves no factor below 2^ell (bn/level.h, constraint (c)).  The proof is
 * made against the VERIFIER's ring-Pedersen parameters (N^, s, t): only
 * the verifier knows they bind, so each peer gets its own proof.
 *
 * Ranges use the half-range convention (bn.h: "x in +-X" means
 * |x| <= floor(X/2)), with sqrt(N) = floor(sqrt(N)):
 *
 *   alpha, beta <- +-2^(ell+eps) sqrt(N)     mu, nu <- +-2^ell N^
 *   r <- +-2^(ell+eps) N N^                  x, y <- +-2^(ell+eps) N^
 *   P = s^p t^mu,  Q = s^q t^nu,  A = s^alpha t^x,  B = s^beta t^y,
 *   T = Q^alpha t^r                          (all mod N^)
 *   e <- +-2^ell from the transcript
 *   z1 = alpha + e p,  z2 = beta + e q,  w1 = x + e mu,  w2 = y + e nu,
 *   v = r - e nu p                           (over the integers)
 *
 * Prover (correction C3): every exponentiation has a SECRET exponent and
 * goes through duet_rp_commit_sec_if_cached (the constant-time comb table
 * of the verifier's parameters if the process has it cached, else
 * duet_rp_commit_sec; rp_table.h) or duet_bn_powm_sec_signed, with public
 * bit bounds derived from the ranges above.
 *
 * Verifier, cheapest first: N in the level's window (C7), odd, without a
 * factor below 2^16, longer than 4 ell bits; P, Q, A, B, T in Z*_N^;
 * |z1|, |z2| <= 2^(ell+eps-1) sqrt(N) (BEFORE any exponentiation); w1, w2
 * and v no longer than their honest maxima (ell + eps + |N^| and
 * ell + eps + |N| + |N^| bits: a bound on the work, not on soundness);
 * then s^z1 t^w1 = A P^e, s^z2 t^w2 = B Q^e, Q^z1 t^v = T s^(N e).  The
 * two s^z t^w use the comb table of (N^, s, t) if it is cached, and are
 * computed directly otherwise: verify never builds one (zk_fac.c says
 * why).
 *
 * Binding: the transcript "duet.zk.fac" (version 1) starts with ctx (sid,
 * prover index, discriminator, rho -- aux-info passes its joint rho --
 * and the level with ell, ell', eps), then the verifier's (N^, s, t)
 * (duet_zk_absorb_rp), N, sqrt(N), P, Q, A, B, T.
 *
 * Wire form (codec/buf): bn P, Q, A, B, T (each up to the level's modulus
 * size), then sbn z1, z2 (up to ell + eps + |N|max / 2 bits), sbn w1, w2
 * (ell + eps + |N|max bits), sbn v (ell + eps + 2 |N|max bits).  About
 * 4.4 KB at level 128.
 */

#ifndef DUET_ZK_FAC_H
#define DUET_ZK_FAC_H

#include <gmp.h>

#include "codec/buf.h"
#include "paillier/ring_pedersen.h"
#include "zk/zk.h"

struct duet_zk_fac_stmt {
    mpz_srcptr n;                       /* N, the prover's modulus */
    const struct duet_rp_params *rp;    /* the VERIFIER's (N^, s, t) */
};

/* SECRET. */
struct duet_zk_fac_wit {
    mpz_srcptr p;                       /* N = p q */
    mpz_srcptr q;
};

/* Public.  Names as in the spec. */
struct duet_zk_fac_proof {
    mpz_t P, Q, A, B, T;                /* commitments, in Z*_N^ */
    mpz_t z1, z2, w1, w2, v;            /* signed responses */
};


/* Initialise an empty proof (all zero). */
void duet_zk_fac_proof_init(struct duet_zk_fac_proof *proof);

/* Release a proof; it may be initialised again afterwards. */
void duet_zk_fac_proof_clear(struct duet_zk_fac_proof *proof);

/*
 * Prove that stmt->n has no small factor, against the verifier's
 * ring-Pedersen parameters stmt->rp.
 *
 * The witness is checked only for p, q > 1 and p q = N; the sizes of p and
 * q are what the proof is about, so a witness with a small factor gives a
 * proof that the verifier rejects (z1 or z2 out of range).
 *
 * Returns: 0;
 *          DUET_ERR_INVALID_ARGUMENT  no level, empty rp, a bad sid, or a
 *                                     witness that does not fit N;
 *          DUET_ERR_RANDOM, DUET_ERR_NO_MEMORY, or a transcript error.
 *          On failure proof is left all zero.
 * Out:     proof: an initialised proof object.
 * In:      ctx:   what the proof is bound to (with rho in aux-info).
 *          stmt:  N and the verifier's parameters.
 *          wit:   p, q (SECRET).
 */
int duet_zk_fac_prove(const struct duet_zk_ctx *ctx,
    struct duet_zk_fac_proof *proof, const struct duet_zk_fac_stmt *stmt,
    const struct duet_zk_fac_wit *wit);

/*
 * Verify proof for stmt under ctx, with stmt->rp the verifier's OWN
 * parameters (the checks listed at the top).  Public data: variable time.
 *
 * Returns: 0 if the proof is valid;
 *          DUET_ERR_PROOF_INVALID     for any failed check, on the proof
 *                                     or on N (the peer's claim);
 *          DUET_ERR_INVALID_ARGUMENT  no level, empty rp, or a bad sid;
 *          DUET_ERR_NO_MEMORY.
 */
int duet_zk_fac_verify(const struct duet_zk_ctx *ctx,
    const struct duet_zk_fac_stmt *stmt,
    const struct duet_zk_fac_proof *proof);

/*
 * Append the wire form of proof to w.
 *
 * Returns: 0, DUET_ERR_INVALID_ARGUMENT (a negative commitment), or the
 *          writer's error.
 */
int duet_zk_fac_encode(struct duet_buf_writer *w,
    const struct duet_zk_fac_proof *proof);

/*
 * Read one proof from rd, consuming exactly its bytes (the caller checks
 * for trailing data).  Only canonical encodings are accepted.
 *
 * Returns: 0;
 *          DUET_ERR_LIMIT_EXCEEDED    a field longer than its maximum;
 *          DUET_ERR_NON_CANONICAL, DUET_ERR_TRUNCATED;
 *          DUET_ERR_INVALID_ARGUMENT  no level.
 *          On failure proof is left all zero.
 */
int duet_zk_fac_parse(struct duet_buf_reader *rd,
    const struct duet_zk_ctx *ctx, struct duet_zk_fac_proof *proof);

#ifdef DUET_TEST_HOOKS
/*
 * TEST ONLY.  The challenge e for (ctx, stmt, proof's commitments),
 * through the prover's and verifier's code.
 *
 * Returns: 0, DUET_ERR_INVALID_ARGUMENT, or the transcript's error.
 * Out:     e: an initialised mpz_t.
 */
int duet_zk_fac_test_challenge(const struct duet_zk_ctx *ctx,
    const struct duet_zk_fac_stmt *stmt,
    const struct duet_zk_fac_proof *proof, mpz_t e);
#endif

#endif /* DUET_ZK_FAC_H */
