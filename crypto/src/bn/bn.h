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

/* Wire form, see above.  max_bytes bounds the magnitude's length. */
int duet_bn_put(struct duet_buf_writer *w, const mpz_t x);
int duet_bn_get(struct duet_buf_reader *r, mpz_t x, size_t max_bytes);
int duet_bn_put_signed(struct duet_buf_writer *w, const mpz_t x);
int duet_bn_get_signed(struct duet_buf_reader *r, mpz_t x, size_t max_bytes);

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
 *          m <= 1.
 */
int duet_bn_powm_sec(mpz_t r, const mpz_t b, const mpz_t e, unsigned ebits,
    const mpz_t m);

/*
 * r = b^e mod m for a SECRET signed exponent with |e| < 2^ebits: the base
 * is chosen between b and b_inv = b^-1 mod m (public, precomputed by the
 * caller) by a constant-time select on e's sign, then one duet_bn_powm_sec.
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

#endif /* DUET_BN_H */
