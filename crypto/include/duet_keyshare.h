/*
 * duet_keyshare.h -- the key-share and aux-info blobs: what keygen,
 * refresh and aux sessions return and what presigning takes.
 *
 * Both blobs are versioned and magic-tagged, and both are SECRET (the
 * share x_i; the Paillier factors p, q).  Every parse validates fully
 * (spec 1.6, 2.7): x_i*G = X_i, the public shares lie on one line
 * through Y, sizes and level; moduli in the level's window, N_i = p*q,
 * ring-Pedersen elements units.  A blob that fails is refused whole.
 */

#ifndef DUET_KEYSHARE_H
#define DUET_KEYSHARE_H

#include <stddef.h>
#include <stdint.h>

#include "duet.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Public facts of a key share. */
struct duet_keyshare_info {
    int level;                  /* DUET_LEVEL_* */
    int index;                  /* this party's index 0..2 */
    uint32_t epoch;             /* 0 after keygen, +1 per refresh */
    uint8_t pubkey[33];         /* Y, SEC1 compressed */
    uint8_t public_shares[3][33];   /* X_0, X_1, X_2 */
};

/* Public facts of an aux-info blob. */
struct duet_aux_info {
    int level;
    int index;
    uint8_t id[32];             /* SHA-256 over every party's public
                                   N, N^, s, t: equal for all three */
};

/*
 * Parse and validate a key-share blob.
 * Returns: 0; DUET_ERR_BAD_MAGIC, DUET_ERR_BAD_VERSION, DUET_ERR_TRUNCATED,
 *          DUET_ERR_TRAILING_DATA, DUET_ERR_UNSUPPORTED (level),
 *          DUET_ERR_NON_CANONICAL, DUET_ERR_BAD_ENCODING, DUET_ERR_INFINITY,
 *          DUET_ERR_ZERO_SCALAR, DUET_ERR_PROTOCOL (inconsistent shares).
 * Out:     info: may be NULL.
 */
DUET_API DUET_WARN_UNUSED_RESULT int duet_keyshare_inspect(
    struct duet_keyshare_info *info, const uint8_t *blob, size_t len)
    DUET_ARG_NONNULL(2);

/*
 * Parse and validate an aux-info blob.
 * Returns: as duet_keyshare_inspect; DUET_ERR_LIMIT_EXCEEDED (a modulus
 *          outside the level's window).
 * Out:     info: may be NULL.
 */
DUET_API DUET_WARN_UNUSED_RESULT int duet_aux_inspect(
    struct duet_aux_info *info, const uint8_t *blob, size_t len)
    DUET_ARG_NONNULL(2);

#ifdef __cplusplus
}
#endif

#endif /* DUET_KEYSHARE_H */
