/*
 * curve.h -- secp256k1 scalars and points over libsecp256k1's PUBLIC API.
 *
 * Scalars are integers mod q (q the group order) held as 32 big-endian
 * bytes, always canonical (< q).  Zero is an ordinary scalar value.
 * Points are group elements, the point at infinity included: libsecp256k1's
 * secp256k1_pubkey cannot hold it, so struct duet_point carries it as an
 * explicit flag.  A zero-initialised struct duet_point is the point at
 * infinity.  In a multi-party protocol infinity and a zero scalar are
 * possible OUTCOMES (P + (-P), a share that cancels out) and never silent
 * errors: operations that can represent them return them; those that
 * cannot (inverting zero, serialising infinity where it is not allowed,
 * handing infinity to libsecp256k1) fail with DUET_ERR_ZERO_SCALAR or
 * DUET_ERR_INFINITY.
 *
 * Constant time: scalar arithmetic, duet_scalar_from_bytes and the scalar
 * side of duet_point_mul_gen / duet_point_mul run in time independent of
 * the scalar values (libsecp256k1's seckey functions, ecmult_gen and, via
 * secp256k1_ecdh, ecmult_const underneath; the zero cases handled by
 * constant-time selects).  Points are treated as public: point operations
 * branch on whether a point is infinity, and the product k*P is public
 * once computed (every protocol use publishes it).  duet_point_add is
 * VARIABLE TIME in the coordinates (secp256k1_ec_pubkey_combine): to add
 * products that are not published on their own, use
 * duet_point_lincomb_gen, or the constant-time projective arithmetic of
 * point_ct.h for other combinations.  Functions that may take longer on
 * some public inputs end in _var.
 *
 * Contexts: duet_point_mul_gen needs the process's one randomized
 * libsecp256k1 context, created on first use (duet_curve_context()).
 * Everything else uses secp256k1_context_static, which needs no
 * precomputation and cannot fail, which is why those functions return
 * void.  Besides the core API, only the ECDH module's secp256k1_ecdh is
 * used (public API, part of Debian's libsecp256k1 0.2.0).
 */

#ifndef DUET_CURVE_H
#define DUET_CURVE_H

#include <stddef.h>
#include <stdint.h>

#include <gmp.h>
#include <secp256k1.h>

#include "duet.h"

#define DUET_SCALAR_BYTES   32
#define DUET_POINT_BYTES    33      /* SEC1 compressed */

/*
 * Flag for duet_point_encode / duet_point_parse: the point at infinity is
 * acceptable and travels as 33 zero bytes (prefix 0x00, which no finite
 * point uses, so the encoding stays injective).  Without it, infinity is
 * refused with DUET_ERR_INFINITY.
 */
#define DUET_POINT_ALLOW_INFINITY  0x1u

/* An integer mod q: 32 big-endian bytes, always < q. */
struct duet_scalar {
    uint8_t b[DUET_SCALAR_BYTES];
};

/*
 * A point of secp256k1.  finite == 0 means the point at infinity (pk is
 * then all zero); otherwise pk is a valid libsecp256k1 public key.
 */
struct duet_point {
    secp256k1_pubkey pk;
    int finite;
};

/* The group order q, big-endian. */
extern const uint8_t duet_curve_order_bytes[DUET_SCALAR_BYTES];


/*
 * The process's randomized libsecp256k1 context, created on first use
 * (thread-safe) with a 32-byte seed from duet_random_bytes() and callbacks
 * that abort without printing.  For code in the curve area that calls
 * libsecp256k1 functions needing a non-static context (signing).
 *
 * Returns: 0, DUET_ERR_RANDOM or DUET_ERR_NO_MEMORY.  A failure is
 *          remembered: the context is attempted once per process.
 * Out:     ctx: the context (NULL on failure).
 */
int duet_curve_context(const secp256k1_context **ctx);

/*
 * Set q to the group order.
 * Args: q: an initialised mpz_t.
 */
void duet_curve_order(mpz_t q);


/* Scalars. */

/*
 * Parse a scalar from 32 big-endian bytes, in constant time.
 *
 * Returns: 0, or DUET_ERR_NON_CANONICAL if the value is >= q (then *s is
 *          zero).
 */
int duet_scalar_from_bytes(struct duet_scalar *s,
    const uint8_t in[DUET_SCALAR_BYTES]);

/* Write s as 32 big-endian bytes. */
void duet_scalar_to_bytes(uint8_t out[DUET_SCALAR_BYTES],
    const struct duet_scalar *s);

/*
 * Reduce a big-endian integer of any length mod q and, if negative is
 * non-zero, negate the result: s = (-1)^negative * in mod q.  Constant time
 * in the value and in negative; the time depends on len only.  For hashes
 * reduced to scalars and for signed values from other layers.
 *
 * Args: in:       len bytes (may be NULL when len is 0; the value is then 0).
 *       negative: the sign, 0 or non-zero.
 */
void duet_scalar_from_bytes_mod(struct duet_scalar *s, const uint8_t *in,
    size_t len, int negative);

/*
 * Map a signed big integer into Z_q as correction C6 prescribes: reduce |v|
 * mod q, then negate if v < 0.  The time depends only on the byte length
 * of |v| (which GMP's representation reveals anyway), not on its value or
 * sign.
 *
 * Returns: 0, or DUET_ERR_LIMIT_EXCEEDED if |v| is longer than
 *          DUET_BN_MAX_BYTES (then *s is zero).
 */
int duet_scalar_from_bn(struct duet_scalar *s, const mpz_t v);

/*
 * Set out to the integer 0 <= out < q that s holds.
 * Args: out: an initialised mpz_t.
 */
void duet_scalar_to_bn(mpz_t out, const struct duet_scalar *s);

/* Set s to the integer v (always < q). */
void duet_scalar_set_u64(struct duet_scalar *s, uint64_t v);

/* Wipe s (it becomes zero). */
void duet_scalar_clear(struct duet_scalar *s);

/* Returns: 1 if s is zero, else 0.  Constant time. */
int duet_scalar_is_zero(const struct duet_scalar *s);

/* Returns: 1 if a == b, else 0.  Constant time. */
int duet_scalar_eq(const struct duet_scalar *a, const struct duet_scalar *b);

/* r = flag ? a : r, in constant time (flag: 0 or non-zero). */
void duet_scalar_cmov(struct duet_scalar *r, const struct duet_scalar *a,
    int flag);

/*
 * r = a + b, a - b, a * b, -a (mod q).  Any of r, a, b may be the same
 * object.  Zero operands and zero results are handled, in constant time.
 */
void duet_scalar_add(struct duet_scalar *r, const struct duet_scalar *a,
    const struct duet_scalar *b);
void duet_scalar_sub(struct duet_scalar *r, const struct duet_scalar *a,
    const struct duet_scalar *b);
void duet_scalar_mul(struct duet_scalar *r, const struct duet_scalar *a,
    const struct duet_scalar *b);
void duet_scalar_negate(struct duet_scalar *r, const struct duet_scalar *a);

/*
 * r = a^-1 mod q, by Fermat: a^(q-2) with a fixed left-to-right
 * square-and-multiply chain over the PUBLIC exponent q-2 (256 squarings,
 * 196 multiplications through secp256k1_ec_seckey_tweak_mul, about 50 us),
 * so the time does not depend on a.
 * r and a may be the same object.
 *
 * Returns: 0, or DUET_ERR_ZERO_SCALAR if a is zero (then r is zero).  Only
 *          that verdict is made public.
 */
int duet_scalar_inverse(struct duet_scalar *r, const struct duet_scalar *a);

/*
 * Draw s uniformly from Z_q (zero included) with duet_random_bytes(), by
 * rejection of 32-byte strings >= q (probability about 2^-128 each).
 *
 * Returns: 0, or DUET_ERR_RANDOM (the source failed, or returned values
 *          >= q 64 times running); *s is zero on failure.
 */
int duet_scalar_random(struct duet_scalar *s);

/* As duet_scalar_random, uniform in Z_q \ {0} (zero is rejected too). */
int duet_scalar_random_nonzero(struct duet_scalar *s);


/* Points. */

/* Set P to the point at infinity. */
void duet_point_set_infinity(struct duet_point *p);

/* Returns: 1 if P is the point at infinity, else 0. */
int duet_point_is_infinity(const struct duet_point *p);

/*
 * R = k*G.  k = 0 gives the point at infinity (not an error).  Constant
 * time in k (libsecp256k1's blinded ecmult_gen).
 *
 * Returns: 0, or an error from duet_curve_context() (then R is infinity).
 */
int duet_point_mul_gen(struct duet_point *r, const struct duet_scalar *k);

/*
 * R = k*P.  k = 0 or P = infinity gives infinity.  Constant time in k:
 * secp256k1_ecdh (ecmult_const) with a callback that returns the point,
 * NOT secp256k1_ec_pubkey_tweak_mul, whose ecmult is variable-time in
 * libsecp256k1 0.2.0.  R and P may be the same object.
 */
void duet_point_mul(struct duet_point *r, const struct duet_scalar *k,
    const struct duet_point *p);

/*
 * R = P + Q, infinity handled on either side and as a result (P + (-P)).
 * Doubling (P == Q) works.  Branches on which points are infinity, and
 * variable time in the coordinates: for PUBLIC points only (see
 * duet_point_lincomb_gen).  R may be the same object as P or Q.
 */
void duet_point_add(struct duet_point *r, const struct duet_point *p,
    const struct duet_point *q);

/*
 * R = a*G + b*P in time independent of a, b and of the products a*G and
 * b*P, which stay secret: both are computed with secp256k1_ecdh
 * (ecmult_const) and added with complete projective formulas over
 * side-channel silent GMP arithmetic (point_ct.h), never through a
 * secp256k1_pubkey.  For commitments such as m*G + alpha*X whose summands
 * must not leak.  P itself is PUBLIC (whether it is infinity is branched
 * on).  The RESULT is PUBLIC once returned, including whether it is the
 * point at infinity (a = b = 0, P = infinity with a = 0, or a*G = -b*P):
 * it is declassified.  a = 0, b = 0 and P = infinity need no special
 * care.  About 1.5 times the cost of duet_point_mul_gen +
 * duet_point_mul + duet_point_add (ecmult_const instead of the
 * table-driven ecmult_gen for a*G, and a Fermat inversion at the end).
 * R may be the same object as P.
 *
 * Returns: 0 (the int leaves room for a context failure, as
 *          duet_point_mul_gen has; callers check it).
 */
int duet_point_lincomb_gen(struct duet_point *r, const struct duet_scalar *a,
    const struct duet_scalar *b, const struct duet_point *p);

/* R = P - Q, as duet_point_add. */
void duet_point_sub(struct duet_point *r, const struct duet_point *p,
    const struct duet_point *q);

/* R = -P (infinity stays infinity).  R and P may be the same object. */
void duet_point_negate(struct duet_point *r, const struct duet_point *p);

/*
 * Returns: 1 if P == Q (two infinities are equal), else 0.  Variable time:
 *          for public points.
 */
int duet_point_eq_var(const struct duet_point *p, const struct duet_point *q);

/*
 * Serialise P as 33 bytes: SEC1 compressed, or 33 zero bytes for infinity
 * when flags has DUET_POINT_ALLOW_INFINITY.
 *
 * Returns: 0, or DUET_ERR_INFINITY (P is infinity and not allowed; out is
 *          then zeroed).
 */
int duet_point_encode(uint8_t out[DUET_POINT_BYTES],
    const struct duet_point *p, unsigned flags);

/*
 * Parse a point.  Accepts exactly 33 bytes: prefix 0x02 / 0x03, x < p,
 * x on the curve; and, with DUET_POINT_ALLOW_INFINITY, 33 zero bytes as
 * infinity.  Everything else is refused, so every accepted point has one
 * encoding.
 *
 * Returns: 0;
 *          DUET_ERR_BAD_ENCODING  length other than 33, a prefix other than
 *                                 0x02 / 0x03 (uncompressed and hybrid
 *                                 forms included), 0x00 followed by
 *                                 anything but zeros, or x not on the curve;
 *          DUET_ERR_NON_CANONICAL x >= p;
 *          DUET_ERR_INFINITY      the infinity encoding without the flag.
 *          On failure P is infinity.
 * Args:    in: len bytes (may be NULL when len is 0).
 */
int duet_point_parse(struct duet_point *p, const uint8_t *in, size_t len,
    unsigned flags);

/*
 * Hand P to libsecp256k1 (e.g. for ECDSA verification).
 *
 * Returns: 0, or DUET_ERR_INFINITY (then pk is zeroed).
 */
int duet_point_to_pubkey(secp256k1_pubkey *pk, const struct duet_point *p);

/* Take a valid libsecp256k1 public key as a (finite) point. */
void duet_point_from_pubkey(struct duet_point *p, const secp256k1_pubkey *pk);

#endif /* DUET_CURVE_H */
