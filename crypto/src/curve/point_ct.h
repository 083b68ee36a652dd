/*
 * point_ct.h -- constant-time point arithmetic for SECRET-DERIVED points.
 *
 * libsecp256k1's public API treats every secp256k1_pubkey as public: its
 * point addition (secp256k1_ec_pubkey_combine) and its serialisation run
 * variable-time code on the coordinates.  Provers, though, add points
 * that are never published on their own (N = m*G + alpha*X in Pi^elog,
 * Y = beta*A + alpha*G in Pi^enc-elg, the presigning commitments), and
 * correction C3 of the spec asks for constant time there.
 *
 * Such points therefore never enter a secp256k1_pubkey here.  They live in
 * struct duet_point_ct, homogeneous projective coordinates (X:Y:Z) over
 * F_p held as GMP limbs, and are combined with the complete addition law
 * of Renes, Costello and Batina ("Complete addition formulas for prime
 * order elliptic curves", 2016, the a = 0 case with b3 = 3*7): one
 * formula for every pair of inputs -- distinct points, doubling, P + (-P),
 * the point at infinity (0:1:0) on either side -- so nothing branches on
 * which case occurs.  Field arithmetic uses only GMP's side-channel silent
 * functions (mpn_sec_*, mpn_cnd_*, mpn_add_n / mpn_sub_n).
 *
 * Only duet_point_ct_to_point makes a point public: it declassifies the
 * affine result and hands it back as a struct duet_point.
 *
 * What is constant time in what:
 *   duet_point_ct_mul_gen   in k (secp256k1_ecdh, ecmult_const, on G);
 *   duet_point_ct_mul       in k; P is public (ecmult_const builds its
 *                           table from P with variable-time code);
 *   duet_point_ct_add       in both inputs;
 *   duet_point_ct_to_point  in the input up to the result, which becomes
 *                           public (infinity included).
 */

#ifndef DUET_CURVE_POINT_CT_H
#define DUET_CURVE_POINT_CT_H

#include <gmp.h>

#include "curve/curve.h"

/* Limbs of one field element (p < 2^256). */
#define DUET_FE_LIMBS  (256 / GMP_NUMB_BITS)

/*
 * A point as (X:Y:Z) with x = X/Z, y = Y/Z; Z = 0 is the point at
 * infinity, (0:1:0) as produced here.  Coordinates are fully reduced
 * (< p) little-endian limb arrays.  May hold secrets: wipe it with
 * duet_point_ct_clear.
 */
struct duet_point_ct {
    mp_limb_t x[DUET_FE_LIMBS];
    mp_limb_t y[DUET_FE_LIMBS];
    mp_limb_t z[DUET_FE_LIMBS];
};

/* Set R to the point at infinity (0:1:0). */
void duet_point_ct_set_infinity(struct duet_point_ct *r);

/* Wipe P (it becomes all zero, which is not a valid point). */
void duet_point_ct_clear(struct duet_point_ct *p);

/*
 * R = k*G, constant time in k (k = 0 gives infinity, without a branch).
 * k*G stays secret: it goes through secp256k1_ecdh on the generator, not
 * through ecmult_gen, whose secp256k1_pubkey result could only be read
 * back with variable-time serialisation.
 */
void duet_point_ct_mul_gen(struct duet_point_ct *r,
    const struct duet_scalar *k);

/*
 * R = k*P, constant time in k (k = 0 gives infinity, without a branch).
 * P is PUBLIC: whether it is infinity is branched on, and libsecp256k1
 * builds its multiples with variable-time code.
 */
void duet_point_ct_mul(struct duet_point_ct *r, const struct duet_scalar *k,
    const struct duet_point *p);

/*
 * Take a PUBLIC point into projective form (its coordinates are read with
 * libsecp256k1's serialiser, which treats them as public).
 */
void duet_point_ct_from_point(struct duet_point_ct *r,
    const struct duet_point *p);

/*
 * R = P + Q with the complete formulas: the same sequence of field
 * operations for every input, doubling, opposite points and infinity
 * included.  R may be the same object as P or Q.
 */
void duet_point_ct_add(struct duet_point_ct *r, const struct duet_point_ct *p,
    const struct duet_point_ct *q);

/*
 * R = P as a struct duet_point, declared PUBLIC: the affine coordinates and
 * whether P is infinity are declassified here.  Call it only on a value
 * the protocol publishes.  Constant time up to that point (Fermat
 * inversion of Z with mpn_sec_powm).
 */
void duet_point_ct_to_point(struct duet_point *r,
    const struct duet_point_ct *p);

#endif /* DUET_CURVE_POINT_CT_H */
