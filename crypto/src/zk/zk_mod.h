/*
 * zk_mod.h -- Pi^mod: N is a Paillier-Blum modulus (spec section 2.4).
 *
 * Statement: N = p^a q^b with p = q = 3 (mod 4) and gcd(N, phi(N)) = 1.
 * Together with Pi^fac (no factor below 2^ell) and the size window this
 * leaves only N = p q with two large primes.
 *
 * Proof: w in Z*_N with Jacobi(w, N) = -1, then m = level->m entries
 * (x_i, a_i, b_i, z_i) answering the challenges y_1 .. y_m in Z*_N, all
 * drawn from ONE Fiat-Shamir stream over (ctx, N, w) (spec 6.1 A4: never
 * re-seed per repetition):
 *
 *   x_i^4 = (-1)^a_i w^b_i y_i  (mod N),     z_i^N = y_i  (mod N).
 *
 * Prover (correction C3): every exponent is derived from p, q and is
 * SECRET, so each exponentiation is a duet_bn_powm_sec, done by CRT mod p
 * and mod q.  x_i is the principal fourth root (the one in QR_N), which is
 * what taking the Blum square root twice gives; z_i = y_i^(N^-1 mod phi).
 * The choice of (a_i, b_i) is published, so it is declassified.
 *
 * Verifier, cheapest first: the entry count; N odd, in the level's window
 * (C7), without a factor below 2^16, not a square, not prime; 0 < w < N,
 * gcd(w, N) = 1, Jacobi(w, N) = -1; every a_i, b_i a bit, every x_i, z_i in
 * Z*_N; then the x_i^4 equations (two squarings each) and last the
 * z_i^N equations (one exponentiation each).
 *
 * Binding: the transcript "duet.zk.mod" (version 1) starts with ctx
 * (sid, prover index, discriminator, rho -- aux-info passes its joint rho
 * here, spec 2.3 -- and the level), then N and w.
 *
 * Wire form (codec/buf): u16 m, bn w, then m times (bn x_i, bn z_i,
 * u8 a_i, u8 b_i).  The parser takes m only if it equals level->m, every
 * integer only up to the level's modulus size, a_i and b_i only as 0 or 1.
 * At level 128 a proof is about 100 KB.
 */

#ifndef DUET_ZK_MOD_H
#define DUET_ZK_MOD_H

#include <stddef.h>
#include <stdint.h>

#include <gmp.h>

#include "codec/buf.h"
#include "zk/zk.h"

/* The largest m any level uses; the proof object has room for this many. */
#define DUET_ZK_MOD_M_MAX  128

struct duet_zk_mod_stmt {
    mpz_srcptr n;               /* N, the prover's Paillier modulus */
};

/* SECRET. */
struct duet_zk_mod_wit {
    mpz_srcptr p;               /* N = p q, p = q = 3 (mod 4), p != q */
    mpz_srcptr q;
};

/* Public.  m entries are in use; the rest of the arrays stay zero. */
struct duet_zk_mod_proof {
    mpz_t w;
    unsigned m;
    mpz_t x[DUET_ZK_MOD_M_MAX];
    mpz_t z[DUET_ZK_MOD_M_MAX];
    uint8_t a[DUET_ZK_MOD_M_MAX];
    uint8_t b[DUET_ZK_MOD_M_MAX];
};


/* Initialise an empty proof (m = 0). */
void duet_zk_mod_proof_init(struct duet_zk_mod_proof *proof);

/* Release a proof; it may be initialised again afterwards. */
void duet_zk_mod_proof_clear(struct duet_zk_mod_proof *proof);

/*
 * Prove that stmt->n is a Paillier-Blum modulus.
 *
 * The witness is checked first: p, q > 3, p = q = 3 (mod 4), p != q,
 * p q = N, gcd(N, (p - 1)(q - 1)) = 1; a composite p or q is caught when
 * an x_i fails its equation.  The size of N is not checked: that is the
 * verifier's policy (the level's window).
 *
 * Returns: 0;
 *          DUET_ERR_INVALID_ARGUMENT  no level, level->m over
 *                                     DUET_ZK_MOD_M_MAX, a bad sid, or a
 *                                     witness that does not fit N;
 *          DUET_ERR_RANDOM, DUET_ERR_NO_MEMORY, or a transcript error.
 *          On failure proof is left empty (m = 0).
 * Args:    ctx:   what the proof is bound to (with rho in aux-info).
 * Out:     proof: an initialised proof object.
 * In:      stmt:  N.
 *          wit:   p, q (SECRET).
 */
int duet_zk_mod_prove(const struct duet_zk_ctx *ctx,
    struct duet_zk_mod_proof *proof, const struct duet_zk_mod_stmt *stmt,
    const struct duet_zk_mod_wit *wit);

/*
 * Verify proof for stmt under ctx (the checks listed at the top).  All
 * inputs are public: variable time.
 *
 * Returns: 0 if the proof is valid;
 *          DUET_ERR_PROOF_INVALID     for any failed check, on the proof
 *                                     or on N (N is the peer's claim);
 *          DUET_ERR_INVALID_ARGUMENT  no level or a bad sid (the caller's
 *                                     mistake, not the prover's);
 *          DUET_ERR_NO_MEMORY.
 */
int duet_zk_mod_verify(const struct duet_zk_ctx *ctx,
    const struct duet_zk_mod_stmt *stmt,
    const struct duet_zk_mod_proof *proof);

/*
 * Append the wire form of proof to w.
 *
 * Returns: 0, DUET_ERR_INVALID_ARGUMENT (m over DUET_ZK_MOD_M_MAX, a
 *          negative integer, a flag over 1), or the writer's error.
 */
int duet_zk_mod_encode(struct duet_buf_writer *w,
    const struct duet_zk_mod_proof *proof);

/*
 * Read one proof from rd.  It consumes exactly the proof's bytes; the
 * caller checks for trailing data (duet_buf_reader_end) when the proof is
 * the last field.  Only canonical encodings are accepted, so encoding what
 * was parsed reproduces the input.
 *
 * Returns: 0;
 *          DUET_ERR_BAD_ENCODING      the count is not level->m;
 *          DUET_ERR_LIMIT_EXCEEDED    an integer longer than the level's
 *                                     modulus;
 *          DUET_ERR_NON_CANONICAL     a flag byte other than 0 or 1, or a
 *                                     non-minimal integer;
 *          DUET_ERR_TRUNCATED;
 *          DUET_ERR_INVALID_ARGUMENT  no level.
 *          On failure proof is left empty.
 * In:      ctx: gives the level (the sizes and m).
 */
int duet_zk_mod_parse(struct duet_buf_reader *rd,
    const struct duet_zk_ctx *ctx, struct duet_zk_mod_proof *proof);

#ifdef DUET_TEST_HOOKS
/*
 * TEST ONLY.  The challenges y_1 .. y_m the prover and the verifier derive
 * for (ctx, N, w), through the same code.
 *
 * Returns: 0, or the transcript's error.
 * Out:     y: m initialised mpz_t's.
 */
int duet_zk_mod_test_challenges(const struct duet_zk_ctx *ctx,
    const struct duet_zk_mod_stmt *stmt, const mpz_t w, mpz_t *y, size_t m);
#endif

#endif /* DUET_ZK_MOD_H */
