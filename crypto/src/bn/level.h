/*
 * level.h -- security levels: the parameter sets of the protocol, as data.
 *
 * A level is chosen at run time (it is recorded in every key share), so the
 * code reads every size from a struct duet_level instead of a compile-time
 * switch.  Two levels exist:
 *
 * Level 128 (the default, the only one a production config accepts) uses
 * exactly the numbers of the cggmp24 crate v0.7 (spec section 0.3):
 * 1536-bit safe primes, N and N^ in [3071, 3072] bits (correction C7),
 * ell = 256, eps = 512, ell' = 1280, m = 128, kappa = 256 bits.
 *
 * Level 112 (comparison with CGGMP21-era 2048-bit deployments) keeps ell,
 * m and kappa and derives eps and ell' for 1024-bit primes, N and N^ in
 * [2047, 2048] bits.  The constraints, all checked by duet_level_check():
 *
 *   (a) ell >= 256: the secrets x, k, gamma are secp256k1 scalars.
 *   (b) Hiding in Pi^enc-elg / Pi^aff-g: the mask alpha <- +-2^(ell+eps)
 *       hides e*x with |e| <= q/2 < 2^255 and |x| <= 2^(ell-1); the
 *       statistical distance is about 2^(256+ell-1) / 2^(ell+eps-1), so
 *       with the paper's guideline eps >= 2 + s + log2 Q (log2 Q = 256 for
 *       the +-q challenge space) we get s = eps - 258 bits.  We ask
 *       s >= the level's bits (112 or 128) -- at level 128 the crate's
 *       eps = 512 gives s = 254.
 *   (c) Soundness of Pi^fac: the verifier learns |p|, |q| <= 2^(ell+eps) *
 *       sqrt(N) (twice the checked bound 2^(ell+eps-1) sqrt(N), from
 *       special soundness).  A factor below 2^ell forces the cofactor above
 *       N / 2^ell, which is ruled out only if N / 2^ell > 2^(ell+eps)
 *       sqrt(N), i.e. sqrt(N) > 2^(2 ell + eps).  With the smallest
 *       accepted N (2^(min_bits - 1)) this is
 *           2 ell + eps < (min_bits - 1) / 2.
 *       Level 128: 1024 < 1535 (511 bits to spare).  Level 112 needs
 *       2 ell + eps < 1023, i.e. eps <= 510: the crate's eps = 512 would
 *       make Pi^fac unsound with 2048-bit moduli, so it cannot be kept.
 *       Pi^fac also wants N > 2^(4 ell) (1024 bits): true at both levels.
 *   (d) ell' >= 3 ell + eps (correction C9; equality at level 128): the
 *       mask beta <- +-2^ell' hides k*x where the peer's k is only known to
 *       lie in +-2^(ell+eps) and |x| < 2^ell, with ell bits of slack; this
 *       also meets the guideline ell' >= 2 ell + eps + s.
 *   (e) No wrap-around in MtA: a plaintext k*x + y that passed the range
 *       proofs satisfies |k x + y| <= 2^(2(ell+eps)) + 2^(ell'+eps), which
 *       must stay below N/2 >= 2^(min_bits - 2):
 *           max(2 (ell + eps), ell' + eps) + 1 < min_bits - 2.
 *   (f) Challenge repetitions m >= the level's bits (Pi^mod, Pi^prm).
 *
 * Level 112 numbers: from (b), eps >= 2 + 112 + 256 = 370; from (c),
 * eps <= 510.  We take eps = 384 (= 1.5 ell): s = 126 by (b),
 * 127 bits to spare in (c).  Then ell' = 3 ell + eps = 1152 by (d), and (e)
 * holds with ell' + eps = 1536 < 2045.  m stays 128 and kappa 256 bits, as
 * at level 128 (both cost little and are not limited by the modulus).
 *
 * Exponent ceilings for ring-Pedersen s^x t^y (the crate's
 * max_exponents_size, spec section 0.3): |x| < 2^x_bits with
 * x_bits = max(ell + eps + prime_bits, ell' + eps) (Pi^fac's z1 = alpha +
 * e p; Pi^aff-g's z2 = beta' + e y), and |y| < 2^y_bits with y_bits =
 * ell + eps + max_bits + 4 (masks drawn from +-2^(ell+eps) N^, plus e mu).
 * Level 128: 2304 and 3844 bits; level 112: 1664 and 2692 bits.
 */

#ifndef DUET_BN_LEVEL_H
#define DUET_BN_LEVEL_H

#define DUET_LEVEL_128  128
#define DUET_LEVEL_112  112

struct duet_level {
    int id;                     /* DUET_LEVEL_128 or DUET_LEVEL_112 */
    unsigned prime_bits;        /* exact bit length of p, q, p^, q^ */
    unsigned modulus_bits;      /* nominal N, N^ size: 2 * prime_bits */
    unsigned modulus_min_bits;  /* accepted window for N and N^ (C7) */
    unsigned modulus_max_bits;
    unsigned ell;               /* range of x-type secrets */
    unsigned ell_prime;         /* range of y-type masks */
    unsigned epsilon;           /* slack */
    unsigned m;                 /* repetitions of Pi^mod and Pi^prm */
    unsigned kappa_bytes;       /* rid, u, rho */
    unsigned stat_bits;         /* statistical security s = eps - 258 */
    unsigned rp_x_max_bits;     /* |x| < 2^rp_x_max_bits in s^x t^y */
    unsigned rp_y_max_bits;     /* |y| < 2^rp_y_max_bits in s^x t^y */
};

/*
 * Returns: the parameter set of level id (DUET_LEVEL_128 or
 *          DUET_LEVEL_112), a static object; NULL for any other id.
 */
const struct duet_level *duet_level_get(int id);

/*
 * Check the constraints (a)-(f) above and the internal consistency of the
 * derived fields.  Used by the tests; cheap.
 *
 * Returns: 0, or DUET_ERR_INTERNAL naming no field (a bug in level.c).
 */
int duet_level_check(const struct duet_level *level);

#endif /* DUET_BN_LEVEL_H */
