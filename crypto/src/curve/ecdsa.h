/*
 * ecdsa.h -- assembling a threshold ECDSA signature (spec section 3.6):
 * r from the nonce point, low-s normalisation, the recovery id, and the
 * final checks with libsecp256k1 (verify and recover) before a signature
 * leaves the library.
 *
 * Everything here is PUBLIC data (the nonce point R, the combined s, the
 * public key): variable time is fine.
 *
 * Signature form: 65 bytes r || s || recid, r and s 32-byte big-endian,
 * s <= (q - 1) / 2 (libsecp256k1 accepts only low-s), recid in 0..3 with
 * bit 0 the parity of y(R) -- flipped when s was negated, since -s
 * corresponds to -R -- and bit 1 set when x(R) >= q (about 2^-127 on
 * secp256k1).
 */

#ifndef DUET_CURVE_ECDSA_H
#define DUET_CURVE_ECDSA_H

#include <stdint.h>

#include "curve/curve.h"

#define DUET_ECDSA_SIG_BYTES   65
#define DUET_ECDSA_DIGEST_BYTES 32

/*
 * r = x(R) mod q.
 *
 * Returns: 0, DUET_ERR_INFINITY (R is infinity), DUET_ERR_ZERO_SCALAR
 *          (x(R) = 0 mod q: no signature with this nonce).  r is zero on
 *          failure.
 */
int duet_ecdsa_r(struct duet_scalar *r, const struct duet_point *R);

/*
 * The message scalar m = digest mod q (libsecp256k1 reduces the same way
 * when it verifies).
 */
void duet_ecdsa_m(struct duet_scalar *m,
    const uint8_t digest[DUET_ECDSA_DIGEST_BYTES]);

/*
 * Build the signature (r, s) for the nonce point R: r = x(R) mod q,
 * s normalised to low-s, the recovery id; then verify it against pubkey
 * and digest with secp256k1_ecdsa_verify and check that
 * secp256k1_ecdsa_recover with the id gives pubkey.
 *
 * Returns: 0;
 *          DUET_ERR_INFINITY      R or pubkey is infinity;
 *          DUET_ERR_ZERO_SCALAR   r = 0 or s = 0;
 *          DUET_ERR_BAD_SIGNATURE the signature does not verify, or the
 *                                 recovery id does not recover pubkey;
 *          an error of duet_curve_context().
 *          On failure sig is zeroed.
 * Out:     sig:     r || s || recid.
 *          flipped: 1 if s was replaced by q - s, else 0 (may be NULL).
 */
int duet_ecdsa_finish(uint8_t sig[DUET_ECDSA_SIG_BYTES], int *flipped,
    const struct duet_point *R, const struct duet_scalar *s,
    const struct duet_point *pubkey,
    const uint8_t digest[DUET_ECDSA_DIGEST_BYTES]);

#endif /* DUET_CURVE_ECDSA_H */
