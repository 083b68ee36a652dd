/*
 * bn.h -- big-integer helpers over GMP for the protocol engine.
 *
 * Conventions:
 * - Every function returns 0 or a negative DUET_ERR_* code.
 * - "Secret" arguments are handled in time that depends only on the public
 *   size bounds passed alongside them (the _sec functions); functions whose
 *   time depends on their inputs end in _var and take public data only.
 * - Range convention (spec section 0.2, the crate's half range, correction
 *   C9): "x in +-X" means -floor(X/2) <= x <= floor(X/2), boundaries
 *   INCLUDED.  "x in +-2^k" means |x| <= 2^(k-1).  Prover and verifier use
 *   the same helpers.
 * - Wire form (through codec/buf): unsigned = minimal big-endian magnitude
 *   (zero is the empty string, no leading zero byte); signed = sign byte
 *   (0 or 1) then the unsigned form, and "negative zero" is rejected.
 *
 * duet_init() must have run so that GMP frees wipe their limbs.
 */

#ifndef DUET_BN_H
#define DUET_BN_H

#include <stddef.h>
#include <stdint.h>

#include <gmp.h>

#include "codec/buf.h"

/* Import an unsigned big-endian byte string (any length, leading zeros
 * allowed) into x. */
void duet_bn_import(mpz_t x, const uint8_t *in, size_t len);

/* Bytes in the minimal unsigned encoding of |x| (0 for zero). */
size_t duet_bn_bytes(const mpz_t x);

/*
 * Export x >= 0 as exactly len big-endian bytes, left-padded with zeros.
 * Returns: 0, DUET_ERR_INVALID_ARGUMENT if x < 0, DUET_ERR_BUFFER_TOO_SMALL
 *          if x does not fit.
 */
int duet_bn_export_fixed(uint8_t *out, size_t len, const mpz_t x);

/*
 * Wire form, see above.  max_bytes bounds the magnitude's length.  A
 * failed get leaves x = 0.  Puts may also fail with DUET_ERR_NO_MEMORY
 * (the magnitude goes through a wiped scratch buffer).
 */
int duet_bn_put(struct duet_buf_writer *w, const mpz_t x);
int duet_bn_get(struct duet_buf_reader *r, mpz_t x, size_t max_bytes);
int duet_bn_put_signed(struct duet_buf_writer *w, const mpz_t x);
int duet_bn_get_signed(struct duet_buf_reader *r, mpz_t x, size_t max_bytes);

/*
 * Sampling through duet_random_bytes().  Candidates are built and
 * compared without a branch on their value; only the number of rejected
 * candidates (independent of the value kept) shows in the timing.  Each
 * returns 0, DUET_ERR_INVALID_ARGUMENT for an empty range, DUET_ERR_RANDOM
 * or DUET_ERR_NO_MEMORY; x is 0 on failure.
 */

/* Uniform in [0, 2^bits). */
int duet_bn_random_bits(mpz_t x, unsigned bits);
/* Uniform in [0, bound), bound > 0 (rejection sampling). */
int duet_bn_random_below(mpz_t x, const mpz_t bound);
/* Uniform in Z*_n: 0 < x < n, gcd(x, n) = 1. */
int duet_bn_random_unit(mpz_t x, const mpz_t n);
/* Uniform in +-2^k, i.e. [-2^(k-1), 2^(k-1)], k >= 1. */
int duet_bn_random_pm_pow2(mpz_t x, unsigned k);
/* Uniform in +-X, i.e. [-floor(X/2), floor(X/2)], X > 0. */
int duet_bn_random_pm(mpz_t x, const mpz_t X);

/* Returns: 1 if x in +-2^k (|x| <= 2^(k-1)), else 0.  Public data. */
int duet_bn_in_pm_pow2_var(const mpz_t x, unsigned k);
/* Returns: 1 if x in +-X, else 0.  Public data. */
int duet_bn_in_pm_var(const mpz_t x, const mpz_t X);
/* Returns: 1 if 0 < a < n and gcd(a, n) = 1, else 0.  Public data. */
int duet_bn_is_unit_var(const mpz_t a, const mpz_t n);

/*
 * r = b^e mod m for a SECRET exponent 0 <= e < 2^ebits, m odd and > 1,
 * in time that depends only on ebits and the sizes of b and m (mpn_sec_powm
 * underneath: mpz_powm_sec alone leaks the exponent's limb count).  e = 0
 * gives 1.  b is reduced mod m first.
 * Returns: 0, DUET_ERR_INVALID_ARGUMENT if e < 0, e >= 2^ebits, m even or
 *          m <= 1, DUET_ERR_NO_MEMORY (scratch).
 */
int duet_bn_powm_sec(mpz_t r, const mpz_t b, const mpz_t e, unsigned ebits,
    const mpz_t m);

/*
 * r = b^e mod m for a SECRET signed exponent with |e| < 2^ebits: the base
 * is chosen between b and b_inv = b^-1 mod m (public, precomputed by the
 * caller) by a constant-time select on e's sign, then one duet_bn_powm_sec.
 * Returns: as duet_bn_powm_sec, without the e < 0 case.
 */
int duet_bn_powm_sec_signed(mpz_t r, const mpz_t b, const mpz_t b_inv,
    const mpz_t e, unsigned ebits, const mpz_t m);

/*
 * r = b^e mod m for PUBLIC b, e, m; e may be negative (then b is inverted).
 * Returns: 0, or DUET_ERR_INVALID_ARGUMENT if e < 0 and b is not a unit
 *          mod m, or m <= 0.
 */
int duet_bn_powm_var(mpz_t r, const mpz_t b, const mpz_t e, const mpz_t m);

/* r = a^-1 mod m.  Returns 0 or DUET_ERR_INVALID_ARGUMENT (no inverse). */
int duet_bn_invert_var(mpz_t r, const mpz_t a, const mpz_t m);

/*
 * Addition to the interface (Engine I): r = b1^e1 * b2^e2 mod m for PUBLIC
 * values, by simultaneous (Straus) exponentiation: one chain of squarings
 * shared by both exponents, each scanned with its own sliding window.
 * 1.3x-1.8x faster than two duet_bn_powm_var calls for the ring-Pedersen
 * verifier's s^z1 t^w1 (bench-paillier, level 112 and 128).  A negative
 * exponent inverts its base first.  r may alias any input.
 * Returns: 0, DUET_ERR_INVALID_ARGUMENT if m <= 0 or a base with a negative
 *          exponent is not a unit mod m, DUET_ERR_NO_MEMORY.
 */
int duet_bn_powm2_var(mpz_t r, const mpz_t b1, const mpz_t e1,
    const mpz_t b2, const mpz_t e2, const mpz_t m);

/*
 * Additions to the interface (Engine I), for arithmetic with SECRET values
 * or a SECRET modulus (Paillier p, q and the CRT data).  Each runs in time
 * that depends only on the limb counts of its operands (GMP's mpn_sec_*
 * functions with scratch that is wiped), never on their values.
 *
 * Hazard: an mpz_t carries its own limb count (and sign), and copying its
 * limbs in or out takes time proportional to that count.  That much is
 * inherent in holding a secret in an mpz_t; results are stored with their
 * normalised limb count declassified, and the arithmetic leaks nothing
 * more about the VALUES of the operands -- except GMP's handling of a
 * secret MODULUS or divisor: mpn_sec_div_r and mpn_sec_powm index small
 * inversion tables by the top bits (invert_limb) and the low byte
 * (binvert_limb) of the modulus, so a few bits of p^2, q^2 (about 8 of
 * 3072) may show in the cache.  That is far below what factoring attacks
 * need (Coppersmith: half the bits of p).
 */

/*
 * r = a mod m for a >= 0 and m > 0 (mpn_sec_div_r).
 * Returns: 0, DUET_ERR_INVALID_ARGUMENT if a < 0 or m <= 0,
 *          DUET_ERR_NO_MEMORY.
 */
int duet_bn_mod_sec(mpz_t r, const mpz_t a, const mpz_t m);

/*
 * r = a * b mod m for a, b >= 0 and m > 0 (mpn_sec_mul, then
 * mpn_sec_div_r; the product keeps all its limbs, unnormalised).
 * Returns: as duet_bn_mod_sec.
 */
int duet_bn_mulmod_sec(mpz_t r, const mpz_t a, const mpz_t b,
    const mpz_t m);

/*
 * r = a + b mod m for a, b >= 0 and m > 0.
 * Returns: as duet_bn_mod_sec.
 */
int duet_bn_addmod_sec(mpz_t r, const mpz_t a, const mpz_t b,
    const mpz_t m);

/*
 * r = a - b for a, b >= 0, over the integers.  The magnitude is computed
 * without a branch on the values; the sign becomes public (it is the
 * mpz_t's sign).
 * Returns: 0, DUET_ERR_INVALID_ARGUMENT if a < 0 or b < 0,
 *          DUET_ERR_NO_MEMORY.
 */
int duet_bn_sub_sec(mpz_t r, const mpz_t a, const mpz_t b);

/*
 * The signed representative of a in (-n/2, n/2] for 0 <= a < n, n odd:
 * r = a if a <= (n-1)/2, else a - n (Paillier's signed plaintexts).  Only
 * the sign of the result becomes public.
 * Returns: 0, DUET_ERR_INVALID_ARGUMENT if a is out of [0, n) or n is not
 *          odd and positive, DUET_ERR_NO_MEMORY.
 */
int duet_bn_center_sec(mpz_t r, const mpz_t a, const mpz_t n);

/*
 * Compare |a| with |b|: their limb counts (public in any mpz_t) first,
 * then the limbs without a branch on them.  The result is declassified:
 * use it only for a verdict that becomes public anyway (a range check
 * that must pass, a rejection-sampling decision).
 * Returns: -1, 0 or 1 as |a| <, =, > |b|.
 */
int duet_bn_cmpabs_sec(const mpz_t a, const mpz_t b);

/*
 * q = floor(a / d) for a >= 0 and d > 0 (mpn_sec_div_qr).
 * Returns: as duet_bn_mod_sec.
 */
int duet_bn_div_sec(mpz_t q, const mpz_t a, const mpz_t d);

/*
 * r = a^-1 mod m for a >= 0 (reduced mod m first) and m odd, m > 1
 * (mpn_sec_invert).  Whether an inverse exists is the one bit that
 * becomes public, through the return value.
 * Returns: 0, DUET_ERR_INVALID_ARGUMENT if there is no inverse, a < 0, or m
 *          is even or <= 1, DUET_ERR_NO_MEMORY.  r is 0 on failure.
 */
int duet_bn_invert_sec(mpz_t r, const mpz_t a, const mpz_t m);

/*
 * Returns: 1 if the SECRET a is in Z*_n (0 < a < n and invertible), else
 *          0.  The inversion is constant-time; the comparisons show no more
 *          than a's limb count.  n odd, > 1.
 */
int duet_bn_is_unit_sec(const mpz_t a, const mpz_t n);

/*
 * out = r * rho^e mod n for SECRET r, rho in Z*_n and a PUBLIC signed e
 * with |e| < 2^ebits (a Paillier response z = r rho^e).  A negative e
 * inverts rho first (C6); the branch is on e's public sign only.
 * Returns: 0, DUET_ERR_INVALID_ARGUMENT (rho not invertible, |e| too
 *          large, n even or <= 1), DUET_ERR_NO_MEMORY.
 */
int duet_bn_mulpow_sec(mpz_t out, const mpz_t r, const mpz_t rho,
    const mpz_t e, unsigned ebits, const mpz_t n);

/*
 * Chinese remaindering for SECRET residues and primes: r = the x mod pq
 * with x = rp (mod p), x = rq (mod q), computed as
 * rq + q ((rp - rq) q^-1 mod p) with q_inv_p = q^-1 mod p.  0 <= rp < p,
 * 0 <= rq < q.
 * Returns: 0, or an error of duet_bn_mod_sec / duet_bn_mulmod_sec.
 */
int duet_bn_crt_sec(mpz_t r, const mpz_t rp, const mpz_t rq, const mpz_t p,
    const mpz_t q, const mpz_t q_inv_p);

#endif /* DUET_BN_H */
