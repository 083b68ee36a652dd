/*
 * ecdsa.c -- low-s, recovery id and final checks of a threshold ECDSA
 * signature; see ecdsa.h.
 */

#include "config.h"

#include <string.h>

#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include "duet.h"
#include "duet_util.h"
#include "curve/curve.h"
#include "curve/ecdsa.h"


int
duet_ecdsa_r(struct duet_scalar *r, const struct duet_point *R)
{
    uint8_t enc[DUET_POINT_BYTES];
    int rc = DUET_ERR_INTERNAL;

    duet_scalar_clear(r);
    if ((rc = duet_point_encode(enc, R, 0)) != 0) {
        goto out;
    }
    duet_scalar_from_bytes_mod(r, enc + 1, DUET_SCALAR_BYTES, 0);
    if (duet_scalar_is_zero(r)) {
        rc = DUET_ERR_ZERO_SCALAR;
        goto out;
    }
    rc = 0;

out:
    return rc;
}


void
duet_ecdsa_m(struct duet_scalar *m,
    const uint8_t digest[DUET_ECDSA_DIGEST_BYTES])
{
    duet_scalar_from_bytes_mod(m, digest, DUET_ECDSA_DIGEST_BYTES, 0);
}


int
duet_ecdsa_finish(uint8_t sig[DUET_ECDSA_SIG_BYTES], int *flipped,
    const struct duet_point *R, const struct duet_scalar *s,
    const struct duet_point *pubkey,
    const uint8_t digest[DUET_ECDSA_DIGEST_BYTES])
{
    const secp256k1_context *ctx;
    secp256k1_ecdsa_signature es;
    secp256k1_ecdsa_recoverable_signature rs;
    secp256k1_pubkey pk, rec;
    struct duet_scalar r;
    struct duet_point got;
    uint8_t enc[DUET_POINT_BYTES], compact[64];
    int rc = DUET_ERR_INTERNAL, recid, neg;

    memset(sig, 0, DUET_ECDSA_SIG_BYTES);
    if (flipped != NULL) {
        *flipped = 0;
    }
    if ((rc = duet_curve_context(&ctx)) != 0) {
        goto out;
    }
    if ((rc = duet_point_to_pubkey(&pk, pubkey)) != 0
        || (rc = duet_point_encode(enc, R, 0)) != 0
        || (rc = duet_ecdsa_r(&r, R)) != 0)
    {
        goto out;
    }
    if (duet_scalar_is_zero(s)) {
        rc = DUET_ERR_ZERO_SCALAR;
        goto out;
    }

    /* bit 0: y(R) odd; bit 1: x(R) >= q, i.e. x(R) mod q != x(R). */
    recid = enc[0] == 0x03 ? 1 : 0;
    if (memcmp(enc + 1, duet_curve_order_bytes, DUET_SCALAR_BYTES) >= 0) {
        recid |= 2;
    }

    duet_scalar_to_bytes(compact, &r);
    duet_scalar_to_bytes(compact + 32, s);
    rc = DUET_ERR_BAD_SIGNATURE;
    if (!secp256k1_ecdsa_signature_parse_compact(ctx, &es, compact)) {
        goto out;
    }
    /* Returns 1 when s was high and has been replaced by q - s: the
       signature then belongs to -R, whose y has the other parity. */
    neg = secp256k1_ecdsa_signature_normalize(ctx, &es, &es);
    if (neg) {
        recid ^= 1;
    }
    if (!secp256k1_ecdsa_signature_serialize_compact(ctx, compact, &es)
        || !secp256k1_ecdsa_verify(ctx, &es, digest, &pk))
    {
        goto out;
    }
    if (!secp256k1_ecdsa_recoverable_signature_parse_compact(ctx, &rs,
            compact, recid)
        || !secp256k1_ecdsa_recover(ctx, &rec, &rs, digest))
    {
        goto out;
    }
    duet_point_from_pubkey(&got, &rec);
    if (!duet_point_eq_var(&got, pubkey)) {
        goto out;
    }

    memcpy(sig, compact, 64);
    sig[64] = (uint8_t) recid;
    if (flipped != NULL) {
        *flipped = neg;
    }
    rc = 0;

out:
    return rc;
}
