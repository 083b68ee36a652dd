/*
 * zk_prm.h -- Pi^prm: ring-Pedersen parameters are well formed, s in <t>
 * (spec section 2.5, attacks B1-B3 of section 6.2).
 *
 * Statement: (N^, s, t) with s = t^lambda mod N^.  The prover knows lambda
 * and the factorisation of N^.
 *
 * Proof: m = level->m repetitions of a Schnorr proof with a ONE-BIT
 * challenge each, in the group of unknown order Z*_N^:
 *
 *   alpha_i <- Z_phi^,   A_i = t^alpha_i,   z_i = alpha_i + e_i lambda
 *   (mod phi^),          verifier: t^z_i = A_i s^e_i  (mod N^).
 *
 * The bits e_1 .. e_m are m independent uniform bits from the Fiat-Shamir
 * stream over (ctx, N^, s, t, A_1 .. A_m) (correction C1: the crate's
 * derivation left bits 32..127 at 0).  Never replace them by one large
 * challenge: Z*_N^ has even order with small factors (TSSHOCK c-split),
 * and never use fewer than m (c-guess).
 *
 * Prover (correction C3): alpha_i is SECRET, so t^alpha_i is two
 * half-size duet_bn_powm_sec by CRT mod p^ and q^.  alpha_i is drawn 128
 * bits longer than phi^ and reduced mod phi^ in constant time (no
 * rejection loop on the secret bound).
 *
 * Verifier: the entry count; N^ in the level's window (C7), odd, without a
 * factor below 2^16; s, t in Z*_N^, neither 1 nor N^ - 1 (elements of
 * order at most 2, which generate nothing), s != t; every A_i in Z*_N^,
 * every 0 <= z_i < N^; then the m equations.  Note the direction (spec
 * 6.2 B2): hiding of s^x t^y needs s in <t>, so the check is t^z = A s^e.
 *
 * Binding: the transcript "duet.zk.prm" (version 1) starts with ctx (sid,
 * prover index, discriminator, rho if any, level), then N^, s, t and
 * every A_i.
 *
 * Wire form (codec/buf): u16 m, then m times (bn A_i, bn z_i).  The parser
 * takes m only if it equals level->m and every integer only up to the
 * level's modulus size.  At level 128 a proof is about 99 KB.
 */

#ifndef DUET_ZK_PRM_H
#define DUET_ZK_PRM_H

#include <stddef.h>
#include <stdint.h>

#include <gmp.h>

#include "codec/buf.h"
#include "zk/zk.h"

/* The largest m any level uses; the proof object has room for this many. */
#define DUET_ZK_PRM_M_MAX  128

struct duet_zk_prm_stmt {
    mpz_srcptr n;               /* N^ */
    mpz_srcptr s;
    mpz_srcptr t;
};

/* SECRET (e.g. from a struct duet_rp_secret). */
struct duet_zk_prm_wit {
    mpz_srcptr lambda;          /* s = t^lambda mod N^ */
    mpz_srcptr p;               /* N^ = p q, odd primes */
    mpz_srcptr q;
};

/* Public.  m entries are in use; the rest of the arrays stay zero. */
struct duet_zk_prm_proof {
    unsigned m;
    mpz_t a[DUET_ZK_PRM_M_MAX];     /* A_i */
    mpz_t z[DUET_ZK_PRM_M_MAX];
};


/* Initialise an empty proof (m = 0). */
void duet_zk_prm_proof_init(struct duet_zk_prm_proof *proof);

/* Release a proof; it may be initialised again afterwards. */
void duet_zk_prm_proof_clear(struct duet_zk_prm_proof *proof);

/*
 * Prove that s is in <t> mod N^.
 *
 * The witness is checked first: p, q odd and > 1, p q = N^, t in Z*_N^,
 * s = t^lambda (by CRT, constant time).  The size of N^ is not checked:
 * that is the verifier's policy.
 *
 * Returns: 0;
 *          DUET_ERR_INVALID_ARGUMENT  no level, level->m over
 *                                     DUET_ZK_PRM_M_MAX, a bad sid, or a
 *                                     witness that does not fit;
 *          DUET_ERR_RANDOM, DUET_ERR_NO_MEMORY, or a transcript error.
 *          On failure proof is left empty (m = 0).
 * Out:     proof: an initialised proof object.
 * In:      ctx:   what the proof is bound to.
 *          stmt:  (N^, s, t).
 *          wit:   lambda, p, q (SECRET).
 */
int duet_zk_prm_prove(const struct duet_zk_ctx *ctx,
    struct duet_zk_prm_proof *proof, const struct duet_zk_prm_stmt *stmt,
    const struct duet_zk_prm_wit *wit);

/*
 * Verify proof for stmt under ctx (the checks listed at the top).  All
 * inputs are public: variable time.
 *
 * Returns: 0 if the proof is valid;
 *          DUET_ERR_PROOF_INVALID     for any failed check, on the proof
 *                                     or on (N^, s, t) (the peer's claim);
 *          DUET_ERR_INVALID_ARGUMENT  no level or a bad sid;
 *          DUET_ERR_NO_MEMORY.
 */
int duet_zk_prm_verify(const struct duet_zk_ctx *ctx,
    const struct duet_zk_prm_stmt *stmt,
    const struct duet_zk_prm_proof *proof);

/*
 * Append the wire form of proof to w.
 *
 * Returns: 0, DUET_ERR_INVALID_ARGUMENT (m over DUET_ZK_PRM_M_MAX, a
 *          negative integer), or the writer's error.
 */
int duet_zk_prm_encode(struct duet_buf_writer *w,
    const struct duet_zk_prm_proof *proof);

/*
 * Read one proof from rd, consuming exactly its bytes (the caller checks
 * for trailing data).  Only canonical encodings are accepted.
 *
 * Returns: 0;
 *          DUET_ERR_BAD_ENCODING      the count is not level->m;
 *          DUET_ERR_LIMIT_EXCEEDED    an integer longer than the level's
 *                                     modulus;
 *          DUET_ERR_NON_CANONICAL, DUET_ERR_TRUNCATED;
 *          DUET_ERR_INVALID_ARGUMENT  no level.
 *          On failure proof is left empty.
 */
int duet_zk_prm_parse(struct duet_buf_reader *rd,
    const struct duet_zk_ctx *ctx, struct duet_zk_prm_proof *proof);

#ifdef DUET_TEST_HOOKS
/*
 * TEST ONLY.  The challenge bits for (ctx, stmt, proof->a[0 .. level->m)),
 * through the prover's and verifier's code: bit i is
 * (bits[i / 8] >> (i % 8)) & 1.
 *
 * Returns: 0, DUET_ERR_INVALID_ARGUMENT, or the transcript's error.
 * Out:     bits: DUET_ZK_PRM_M_MAX / 8 bytes.
 */
int duet_zk_prm_test_challenge(const struct duet_zk_ctx *ctx,
    const struct duet_zk_prm_stmt *stmt,
    const struct duet_zk_prm_proof *proof, uint8_t *bits);
#endif

#endif /* DUET_ZK_PRM_H */
