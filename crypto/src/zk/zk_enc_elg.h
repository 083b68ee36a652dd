/*
 * zk_enc_elg.h -- Pi^enc-elg[R]: Paillier encryption in range with an
 * El-Gamal commitment (spec section 3.7, paper Fig. 24).
 *
 * Statement, for the prover's Paillier key N_0 and the VERIFIER's
 * ring-Pedersen parameters R = (N^, s, t):
 *
 *   C = enc_{N_0}(x; rho),  x in +-2^ell,  A = a G,  B = b G,
 *   X = (a b + x) G,  i.e. X = b A + x G.
 *
 * Witness (x, rho, b); a is not needed.  In presigning round 1 (spec 3.1)
 * A is the prover's El-Gamal key Y_i, (B, X) is (A_{i,1}, A_{i,2}) with
 * b = a_i and x = k_i (discriminator 0), or (B_{i,1}, B_{i,2}) with
 * b = b_i and x = gamma_i (discriminator 1).
 *
 * Protocol ("+-X" is the half range of bn.h, boundaries included):
 *
 *   prover   alpha <- +-2^(ell+eps),  mu <- +-2^ell N^,  r <- Z*_{N_0},
 *            beta <- Z_q \ {0},  gamma <- +-2^(ell+eps) N^;
 *            S = s^x t^mu,  T = s^alpha t^gamma  (mod N^),
 *            D = enc_{N_0}(alpha; r),  Y = beta A + alpha G,  Z = beta G
 *   challenge e <- +-q from the transcript (signed, correction C6)
 *   response z1 = alpha + e x,  z2 = r rho^e mod N_0,  z3 = gamma + e mu,
 *            w = beta + e b mod q
 *   verifier C in Z*_{N_0^2};  S, T in Z*_N^;  D in Z*_{N_0^2};
 *            z2 in Z*_{N_0};  |z1| <= 2^(ell+eps-1);
 *            |z3| < 2^rp_y_max_bits (a size ceiling against CPU DoS, spec
 *            6.6 F4; honest z3 are far below it);
 *            enc_{N_0}(z1; z2) = D (+) (e (.) C),
 *            w A + z1 G = Y + e X,  w G = Z + e B,
 *            s^z1 t^z3 = T S^e (mod N^).
 *   Every range and membership check runs before any exponentiation.
 *
 * The challenge is bound (spec 4.3) to the context of zk.h (tag
 * "duet.zk.enc_elg", version 1, sid, prover index, discriminator, level),
 * the verifier's (N^, s, t), the statement (N_0, C, A, B, X) and the
 * commitment (S, T, D, Y, Z).
 *
 * Infinity.  A, the El-Gamal key, is refused (DUET_ERR_INVALID_ARGUMENT,
 * by prove and verify alike): with A = infinity, X = x G would publish
 * the plaintext's point; an honest key is never the identity.  B and X,
 * images of the witness, may be infinity (the proof stays sound; the
 * protocol decides what it accepts).  The commitment points Y, Z are
 * never infinity: the prover draws beta != 0 and redraws in the 1/q case
 * Y = infinity; encode, parse and verify refuse an infinite Y or Z.
 *
 * Wire form (codec/buf, in this order):
 *   S, T          bn, at most ceil(modulus_max_bits / 8) bytes
 *   D             bn, at most ceil(2 modulus_max_bits / 8) bytes
 *   Y, Z          33 bytes each, SEC1 compressed
 *   z1            sbn, at most ceil((ell + eps) / 8) bytes
 *   z2            bn, at most ceil(modulus_max_bits / 8) bytes
 *   z3            sbn, at most ceil(rp_y_max_bits / 8) bytes
 *   w             32 bytes, a canonical scalar
 * At most 2621 bytes at level 128 and 1821 at level 112; an honest proof
 * is a byte or two shorter (its values' minimal encodings).
 */

#ifndef DUET_ZK_ENC_ELG_H
#define DUET_ZK_ENC_ELG_H

#include <gmp.h>

#include "codec/buf.h"
#include "curve/curve.h"
#include "paillier/paillier.h"
#include "paillier/ring_pedersen.h"
#include "zk/zk.h"

#define DUET_ZK_ENC_ELG_TAG      "duet.zk.enc_elg"
#define DUET_ZK_ENC_ELG_VERSION  1

/* Discriminators of the two round-1 slots (spec 3.1, "num"). */
#define DUET_ZK_ENC_ELG_K        0      /* psi^0: K_i, k_i, (A_i1, A_i2) */
#define DUET_ZK_ENC_ELG_GAMMA    1      /* psi^1: G_i, gamma_i, (B_i1, B_i2) */

/* Public statement.  Every pointer must stay valid during the call. */
struct duet_zk_enc_elg_stmt {
    const struct duet_paillier_pk *pk;  /* N_0: the prover's key */
    const struct duet_rp_params *rp;    /* the VERIFIER's (N^, s, t) */
    mpz_srcptr c;                       /* C */
    const struct duet_point *a;         /* A, the El-Gamal key */
    const struct duet_point *b;         /* B */
    const struct duet_point *x;         /* X */
};

/* Witness.  Everything here is SECRET. */
struct duet_zk_enc_elg_wit {
    /*
     * The prover's own secret key for N_0 (CRT encryption), or NULL to
     * encrypt with the public key alone.  If set, sk->pk.n must be N_0.
     */
    const struct duet_paillier_sk *sk;
    mpz_srcptr x;                       /* in +-2^ell */
    mpz_srcptr rho;                     /* in Z*_{N_0} */
    const struct duet_scalar *b;
};

struct duet_zk_enc_elg_proof {
    mpz_t s;                            /* S = s^x t^mu mod N^ */
    mpz_t t;                            /* T = s^alpha t^gamma mod N^ */
    mpz_t d;                            /* D = enc_{N_0}(alpha; r) */
    struct duet_point y;                /* Y = beta A + alpha G */
    struct duet_point z;                /* Z = beta G */
    mpz_t z1, z2, z3;
    struct duet_scalar w;
};


/* Initialise an empty proof (all zero). */
void duet_zk_enc_elg_proof_init(struct duet_zk_enc_elg_proof *proof);

/*
 * Release a proof.  A proof holds no secret, but its values are wiped by
 * the GMP hooks all the same.  proof may be re-initialised afterwards.
 */
void duet_zk_enc_elg_proof_clear(struct duet_zk_enc_elg_proof *proof);

/*
 * Prove the statement with the witness, under ctx (zk.h).  Secret
 * exponentiations run with the _sec functions and public bit bounds
 * (correction C3); D is encrypted by CRT when wit->sk is given.  The
 * witness is checked only for what the prover can check cheaply: |x| <=
 * 2^(ell-1), rho in Z*_{N_0}; it is not re-encrypted against C.
 *
 * Returns: 0;
 *          DUET_ERR_INVALID_ARGUMENT  a missing value, keys of another
 *                                     level than ctx's, wit->sk not for
 *                                     N_0, x out of range, rho not a unit,
 *                                     C not in Z*_{N_0^2}, A infinity;
 *          DUET_ERR_RANDOM, DUET_ERR_NO_MEMORY, or a transcript error.
 *          On failure proof is zeroed.
 * Args:    ctx:   the proof context; ctx->level must be the keys' level.
 * Out:     proof: an initialised proof, overwritten.
 * In:      stmt, wit.
 */
int duet_zk_enc_elg_prove(const struct duet_zk_ctx *ctx,
    struct duet_zk_enc_elg_proof *proof,
    const struct duet_zk_enc_elg_stmt *stmt,
    const struct duet_zk_enc_elg_wit *wit);

/*
 * Verify a proof under ctx.  All values are public (variable time).
 *
 * Returns: 0 if the proof is valid;
 *          DUET_ERR_PROOF_INVALID     any check on the proof failed;
 *          DUET_ERR_INVALID_ARGUMENT  the statement is malformed: a missing
 *                                     value, keys of another level than
 *                                     ctx's, C not in Z*_{N_0^2}, A
 *                                     infinity;
 *          DUET_ERR_NO_MEMORY, or a transcript error.
 *          C comes from the prover, so a caller blames the prover for
 *          either of the first two.
 */
int duet_zk_enc_elg_verify(const struct duet_zk_ctx *ctx,
    const struct duet_zk_enc_elg_stmt *stmt,
    const struct duet_zk_enc_elg_proof *proof);

/*
 * Append the wire form of proof (see above) to w.  The level's maxima are
 * not applied here (parse applies them); only values the wire form cannot
 * hold are refused.
 *
 * Returns: 0, DUET_ERR_INVALID_ARGUMENT (a negative unsigned field),
 *          DUET_ERR_INFINITY (Y or Z is infinity: not a proof), or the
 *          writer's error (DUET_ERR_LIMIT_EXCEEDED for a value over
 *          DUET_BN_MAX_BYTES).
 */
int duet_zk_enc_elg_encode(struct duet_buf_writer *w,
    const struct duet_zk_enc_elg_proof *proof);

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
 *          zero, scalar >= q, x >= p in a point), DUET_ERR_BAD_ENCODING (a
 *          point not on the curve or with a bad prefix),
 *          DUET_ERR_INFINITY (Y or Z is the infinity encoding), or the
 *          reader's sticky error;
 *          DUET_ERR_INVALID_ARGUMENT  ctx has no level.
 *          On failure proof is zeroed.
 * Out:     proof: an initialised proof, overwritten.
 */
int duet_zk_enc_elg_parse(struct duet_buf_reader *r,
    const struct duet_zk_ctx *ctx, struct duet_zk_enc_elg_proof *proof);

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
int duet_zk_enc_elg_test_challenge(const struct duet_zk_ctx *ctx,
    const struct duet_zk_enc_elg_stmt *stmt,
    const struct duet_zk_enc_elg_proof *proof, mpz_t e);

/*
 * TEST ONLY (libduet-test.a).  Make the next duet_zk_enc_elg_prove() use
 * alpha instead of a fresh draw (if alpha is not NULL), and skip its
 * witness range check (if unchecked is non-zero): with x = 0 a test can
 * place z1 = alpha exactly on the verifier's boundary, and with an
 * out-of-range x it can make the proof a cheating prover would send.
 * The setting is used once.  Not thread-safe.
 */
void duet_zk_enc_elg_test_next(const mpz_t alpha, int unchecked);
#endif

#endif /* DUET_ZK_ENC_ELG_H */
