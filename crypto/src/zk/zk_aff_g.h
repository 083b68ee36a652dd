/*
 * zk_aff_g.h -- Pi^aff-g[R]: Paillier affine operation with a group
 * commitment, in range (spec section 3.7, paper Fig. 25).
 *
 * Statement, for N_j (the owner of C: the verifier in presigning), N_i
 * (the prover) and the VERIFIER's ring-Pedersen parameters R = (N^, s, t):
 *
 *   D = (x (.) C) (+) enc_{N_j}(y; rho),  Y = enc_{N_i}(y; rho_y),
 *   X = x G,  x in +-2^ell,  y in +-2^ell'.
 *
 * x G takes x into Z_q by its sign (correction C6).  Witness (x, y, rho,
 * rho_y).  y may be negative: presigning passes y = -beta (spec 3.3),
 * with D = D_{j,i}, Y = F_{j,i}, X = Gamma_i, C = K_j (discriminator 0),
 * or D^, F^, X = W_i (discriminator 1, "hat").
 *
 * Protocol ("+-X" is the half range of bn.h, boundaries included; the
 * masks are drawn as the crate draws them, correction C9):
 *
 *   prover   alpha <- +-2^(ell+eps),  beta <- +-2^(ell'+eps),
 *            r <- Z*_{N_j},  r_y <- Z*_{N_i},
 *            gamma, delta <- +-2^(ell+eps) N^,  m, mu <- +-2^ell N^;
 *            A = (alpha (.) C) (+) enc_{N_j}(beta; r),  B_x = alpha G,
 *            B_y = enc_{N_i}(beta; r_y),
 *            E = s^alpha t^gamma,  S = s^x t^m,  F = s^beta t^delta,
 *            T = s^y t^mu  (mod N^)
 *   challenge e <- +-q from the transcript (signed, correction C6)
 *   response z1 = alpha + e x,  z2 = beta + e y,  z3 = gamma + e m,
 *            z4 = delta + e mu,  w = r rho^e mod N_j,
 *            w_y = r_y rho_y^e mod N_i
 *   verifier C, D, A in Z*_{N_j^2};  Y, B_y in Z*_{N_i^2};
 *            E, S, F, T in Z*_N^ (correction C9);  w in Z*_{N_j};
 *            w_y in Z*_{N_i};  |z1| <= 2^(ell+eps-1);
 *            |z2| <= 2^(ell'+eps-1);  |z3|, |z4| < 2^rp_y_max_bits (a
 *            size ceiling against CPU DoS, spec 6.6 F4);
 *            A (+) (e (.) D) = (z1 (.) C) (+) enc_{N_j}(z2; w),
 *            z1 G = B_x + e X,
 *            B_y (+) (e (.) Y) = enc_{N_i}(z2; w_y),
 *            s^z1 t^z3 = E S^e,  s^z2 t^z4 = F T^e  (mod N^).
 *   Every range and membership check runs before any exponentiation.
 *
 * The challenge is bound (spec 4.3) to the context of zk.h (tag
 * "duet.zk.aff_g", version 1, sid, prover index, discriminator, level),
 * the verifier's (N^, s, t), the statement (N_j, N_i, C, D, Y, X) and the
 * commitment (A, B_x, B_y, E, S, F, T).
 *
 * Infinity.  X, the image x G of the witness, may be infinity (the proof
 * stays sound; whether Gamma_i or W_i may be, is the protocol's
 * decision).  The commitment B_x is never infinity: the prover redraws
 * alpha in the 1/q case alpha = 0 mod q; encode, parse and verify refuse
 * an infinite B_x.
 *
 * Wire form (codec/buf, in this order):
 *   A             bn, at most ceil(2 modulus_max_bits / 8) bytes
 *   B_x           33 bytes, SEC1 compressed
 *   B_y           bn, at most ceil(2 modulus_max_bits / 8) bytes
 *   E, S, F, T    bn, at most ceil(modulus_max_bits / 8) bytes each
 *   z1            sbn, at most ceil((ell + eps) / 8) bytes
 *   z2            sbn, at most ceil((ell' + eps) / 8) bytes
 *   z3, z4        sbn, at most ceil(rp_y_max_bits / 8) bytes each
 *   w, w_y        bn, at most ceil(modulus_max_bits / 8) bytes each
 * At most 5207 bytes at level 128 and 3591 at level 112; an honest proof
 * is a few bytes shorter (its values' minimal encodings).
 */

#ifndef DUET_ZK_AFF_G_H
#define DUET_ZK_AFF_G_H

#include <gmp.h>

#include "codec/buf.h"
#include "curve/curve.h"
#include "paillier/paillier.h"
#include "paillier/ring_pedersen.h"
#include "zk/zk.h"

#define DUET_ZK_AFF_G_TAG      "duet.zk.aff_g"
#define DUET_ZK_AFF_G_VERSION  1

/* Discriminators of the two round-2 slots (spec 3.3, "hat"). */
#define DUET_ZK_AFF_G_GAMMA    0        /* psi: D, F, X = Gamma_i */
#define DUET_ZK_AFF_G_HAT      1        /* psi^: D^, F^, X = W_i */

/* Public statement.  Every pointer must stay valid during the call. */
struct duet_zk_aff_g_stmt {
    const struct duet_paillier_pk *pk_j;  /* N_j: owner of C and D */
    const struct duet_paillier_pk *pk_i;  /* N_i: the prover's key (Y) */
    const struct duet_rp_params *rp;      /* the VERIFIER's (N^, s, t) */
    mpz_srcptr c;                         /* C in Z*_{N_j^2} */
    mpz_srcptr d;                         /* D in Z*_{N_j^2} */
    mpz_srcptr y;                         /* Y in Z*_{N_i^2} */
    const struct duet_point *x;           /* X = x G */
    /*
     * Optional, the VERIFIER's side only: the secret key of N_j when the
     * verifier owns it (presigning: C = K_j is its own ciphertext), or
     * NULL.  Not part of the statement: it changes how verify computes,
     * never its verdict, and prove ignores it.  If set, sk_j->pk.n must
     * be N_j.
     */
    const struct duet_paillier_sk *sk_j;
};

/* Witness.  Everything here is SECRET. */
struct duet_zk_aff_g_wit {
    /*
     * The prover's own secret key for N_i (CRT encryption of B_y), or NULL
     * to encrypt with the public key alone.  If set, sk_i->pk.n must be
     * N_i.
     */
    const struct duet_paillier_sk *sk_i;
    mpz_srcptr x;                         /* in +-2^ell */
    mpz_srcptr y;                         /* in +-2^ell', any sign */
    mpz_srcptr rho;                       /* in Z*_{N_j} */
    mpz_srcptr rho_y;                     /* in Z*_{N_i} */
};

struct duet_zk_aff_g_proof {
    mpz_t a;                    /* A = (alpha (.) C) (+) enc_{N_j}(beta; r) */
    struct duet_point b_x;      /* B_x = alpha G */
    mpz_t b_y;                  /* B_y = enc_{N_i}(beta; r_y) */
    mpz_t e, s, f, t;           /* E, S, F, T (mod N^) */
    mpz_t z1, z2, z3, z4;
    mpz_t w, w_y;
};


/* Initialise an empty proof (all zero). */
void duet_zk_aff_g_proof_init(struct duet_zk_aff_g_proof *proof);

/* Release a proof; proof may be re-initialised afterwards. */
void duet_zk_aff_g_proof_clear(struct duet_zk_aff_g_proof *proof);

/*
 * Prove the statement with the witness, under ctx (zk.h).  Secret
 * exponentiations run with the _sec functions and public bit bounds
 * (correction C3); B_y is encrypted by CRT when wit->sk_i is given.  The
 * witness is checked only for what the prover can check cheaply: |x| <=
 * 2^(ell-1), |y| <= 2^(ell'-1), rho and rho_y units; D and Y are not
 * recomputed.
 *
 * Returns: 0;
 *          DUET_ERR_INVALID_ARGUMENT  a missing value, keys of another
 *                                     level than ctx's, wit->sk_i not for
 *                                     N_i, x or y out of range, rho or
 *                                     rho_y not a unit, a statement
 *                                     ciphertext outside its Z*_{N^2};
 *          DUET_ERR_RANDOM, DUET_ERR_NO_MEMORY, or a transcript error.
 *          On failure proof is zeroed.
 * Args:    ctx:   the proof context; ctx->level must be the keys' level.
 * Out:     proof: an initialised proof, overwritten.
 * In:      stmt, wit.
 */
int duet_zk_aff_g_prove(const struct duet_zk_ctx *ctx,
    struct duet_zk_aff_g_proof *proof, const struct duet_zk_aff_g_stmt *stmt,
    const struct duet_zk_aff_g_wit *wit);

/*
 * Verify a proof under ctx.  All values are public (variable time), except
 * stmt->sk_j: with it, the first Paillier equation is checked as
 *
 *   A (+) (e (.) D) (+) ((-z1) (.) C) (+) enc_{N_j}(-z2; 1) = w^N_j
 *
 * (mod N_j^2): the left side has exponents of ell + eps bits at most,
 * with public base, exponent and modulus (variable time), and w^N_j comes
 * from duet_paillier_pow_n_crt, constant-time in the factors of N_j.  The
 * same verdict as without sk_j in about 60% of that equation's time (it
 * otherwise needs a |N_j|-bit exponent mod N_j^2).  The ring-Pedersen
 * equations use the cached comb table of stmt->rp (rp_table.h), built on
 * first use: they are always the verifier's own parameters.
 *
 * Returns: 0 if the proof is valid;
 *          DUET_ERR_PROOF_INVALID     any check on the proof failed;
 *          DUET_ERR_INVALID_ARGUMENT  the statement is malformed: a missing
 *                                     value, keys of another level than
 *                                     ctx's, C or D not in Z*_{N_j^2}, Y
 *                                     not in Z*_{N_i^2}, sk_j not for
 *                                     N_j;
 *          DUET_ERR_NO_MEMORY, or a transcript error.
 *          D and Y come from the prover, so a caller blames the prover for
 *          either of the first two.
 */
int duet_zk_aff_g_verify(const struct duet_zk_ctx *ctx,
    const struct duet_zk_aff_g_stmt *stmt,
    const struct duet_zk_aff_g_proof *proof);

/*
 * Append the wire form of proof (see above) to w.  The level's maxima are
 * not applied here (parse applies them); only values the wire form cannot
 * hold are refused.
 *
 * Returns: 0, DUET_ERR_INVALID_ARGUMENT (a negative unsigned field),
 *          DUET_ERR_INFINITY (B_x is infinity: not a proof), or the
 *          writer's error (DUET_ERR_LIMIT_EXCEEDED for a value over
 *          DUET_BN_MAX_BYTES).
 */
int duet_zk_aff_g_encode(struct duet_buf_writer *w,
    const struct duet_zk_aff_g_proof *proof);

/*
 * Parse a proof from r, each field bounded by ctx->level (see above).  It
 * reads exactly the proof, so that a proof can sit inside a larger
 * message: the caller ends the reader (duet_buf_reader_end) to refuse
 * trailing data.  A value refused after its bytes were read leaves rd
 * healthy past them: abandon the message on any error.
 *
 * Returns: 0;
 *          DUET_ERR_TRUNCATED, DUET_ERR_LIMIT_EXCEEDED (a field over its
 *          maximum), DUET_ERR_NON_CANONICAL (leading zero byte, negative
 *          zero, x >= p in a point), DUET_ERR_BAD_ENCODING (a point not on
 *          the curve or with a bad prefix), DUET_ERR_INFINITY (B_x is the
 *          infinity encoding), or the reader's sticky error;
 *          DUET_ERR_INVALID_ARGUMENT  ctx has no level.
 *          On failure proof is zeroed.
 * Out:     proof: an initialised proof, overwritten.
 */
int duet_zk_aff_g_parse(struct duet_buf_reader *r,
    const struct duet_zk_ctx *ctx, struct duet_zk_aff_g_proof *proof);

#ifdef DUET_TEST_HOOKS
/*
 * TEST ONLY (libduet-test.a).  The challenge e in +-q that prove and
 * verify derive for (ctx, stmt, the commitment part of proof), through
 * the same code.
 *
 * Returns: 0, DUET_ERR_INVALID_ARGUMENT (a missing value), or a
 *          transcript error (e is then 0).
 * Out:     e: an initialised mpz_t.
 */
int duet_zk_aff_g_test_challenge(const struct duet_zk_ctx *ctx,
    const struct duet_zk_aff_g_stmt *stmt,
    const struct duet_zk_aff_g_proof *proof, mpz_t e);

/*
 * TEST ONLY (libduet-test.a).  Make the next duet_zk_aff_g_prove() use
 * alpha and beta instead of fresh draws (each if not NULL), and skip its
 * witness range checks (if unchecked is non-zero): with x = y = 0 a test
 * can place z1 = alpha and z2 = beta exactly on the verifier's boundaries,
 * and with an out-of-range x or y it can make the proof a cheating prover
 * would send.  The setting is used once.  Not thread-safe.
 */
void duet_zk_aff_g_test_next(const mpz_t alpha, const mpz_t beta,
    int unchecked);
#endif

#endif /* DUET_ZK_AFF_G_H */
