/*
 * duet_keygen.h -- distributed key generation and key refresh (spec
 * sections 1 and 7.3): three parties, threshold 2, Feldman VSS.
 *
 * Both are sessions of the shape in duet_session.h.  Rounds:
 *   keygen   1 commitment V_i (bcast)  2 echo of all V (bcast)
 *            3 decommitment (bcast) + share sigma_ij (p2p)
 *            4 Schnorr response (bcast)                -> key share
 *   refresh  1 commitment + fingerprint of the old sharing (bcast)
 *            2 echo (bcast)
 *            3 decommitment (bcast)
 *            4 Schnorr response (bcast) + masked share (p2p): the mask is
 *              derived from rid and the recipient's DH key, both known
 *              only after round 3
 *            5 confirmation of the new public shares (bcast) -> key share
 *
 * Key shares are blobs (duet_keyshare.h), SECRET.  Refresh keeps the
 * public key and the evaluation points, re-randomises every share and
 * increments the epoch.  The old share stays valid: the new one is
 * returned only after every party confirmed the same new public shares
 * (correction C4), and the CALLER must keep the old share until it knows
 * that every party holds the new one.  Shares of different epochs never
 * combine: presigning refuses them (DUET_ERR_EPOCH_MISMATCH).
 */

#ifndef DUET_KEYGEN_H
#define DUET_KEYGEN_H

#include <stddef.h>
#include <stdint.h>

#include "duet.h"
#include "duet_session.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Start threshold key generation as party me.
 * Returns: 0; DUET_ERR_INVALID_ARGUMENT (sid length outside
 *          [DUET_SID_MIN, DUET_SID_MAX], me > 2, unknown level);
 *          DUET_ERR_NO_MEMORY; DUET_ERR_RANDOM.
 * Out:     s: the session with round 1's message.
 * In:      sid: the session id, fresh and agreed by all three parties.
 *          level: DUET_LEVEL_128 or DUET_LEVEL_112, recorded in the share.
 *          me: this party's index (0 signer, 1 server, 2 user).
 */
DUET_API DUET_WARN_UNUSED_RESULT int duet_keygen_start(
    struct duet_session **s, const uint8_t *sid, size_t sid_len, int level,
    int me) DUET_ARG_NONNULL(1, 2);

/*
 * Start a key refresh of the share in keyshare (a key-share blob).
 * Returns: 0; DUET_ERR_INVALID_ARGUMENT (sid length); a key-share parse
 *          or validation error; DUET_ERR_NO_MEMORY; DUET_ERR_RANDOM.
 * Out:     s: the session with round 1's message.
 */
DUET_API DUET_WARN_UNUSED_RESULT int duet_refresh_start(
    struct duet_session **s, const uint8_t *sid, size_t sid_len,
    const uint8_t *keyshare, size_t keyshare_len)
    DUET_ARG_NONNULL(1, 2, 4);

#ifdef __cplusplus
}
#endif

#endif /* DUET_KEYGEN_H */
