/*
 * duet_sign.h -- presigning (spec section 3.1-3.5) and the one-round
 * online signing (3.6) between two signers of a 2-of-3 key.
 *
 * Rounds (sessions of the shape in duet_session.h):
 *   presign  1 K, G, El-Gamal commitments (bcast) + two Pi^enc-elg (p2p)
 *            2 Gamma, D, F, D^, F^, Pi^elog, two Pi^aff-g (p2p)
 *            3 delta, S, Delta, Pi^elog (bcast)          -> presignature
 *   sign     1 partial signature sigma (bcast)           -> (r, s, recid)
 * With two signers the echo round of spec 3.2 is vacuous (each broadcast
 * has one recipient) and is not run.
 *
 * A presignature is ONE-SHOT.  Using one for two messages reveals the key.
 * The blob a presign session returns holds (Gamma, k~, chi~); to sign:
 *   1. duet_presig_take(blob) moves the secrets into a token and
 *      overwrites the blob in place with its consumed form;
 *   2. the caller stores the consumed blob durably (replacing the old);
 *   3. duet_sign_start(token, message) computes the partial signature;
 *      only then may its message leave the process.
 * A consumed blob, taken again, gives DUET_ERR_ALREADY_USED.  Never copy
 * a presignature blob, back it up, or move it between hosts.
 *
 * The signer set is an ordered pair of distinct keygen indices, e.g.
 * {0, 1}; both signers must pass the same pair.  An additive derivation
 * shift (an HD path's tweak) is bound into the presignature (correction
 * C2): the signature then verifies under Y + shift*G, and signing refuses
 * a presignature made for another shift.
 *
 * Failures name the culprit (duet_session.h).  A delta*G != Delta or
 * delta*Y != S mismatch, which no single message reveals, gives
 * DUET_ERR_UNATTRIBUTED with blame naming the peer as the only possible
 * culprit of a two-party run: retry with another signer pair.  A bad
 * partial signature gives DUET_ERR_BAD_PARTIAL_SIG naming its sender.
 */

#ifndef DUET_SIGN_H
#define DUET_SIGN_H

#include <stddef.h>
#include <stdint.h>

#include "duet.h"
#include "duet_session.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * What is signed: the library hashes it, except for DUET_SIGN_RAW_DIGEST,
 * the 32 bytes given (spec E9: a service must never offer that kind
 * unless its owner opted in; duetd does only under a policy with
 * "allowRawDigest": true).
 */
#define DUET_SIGN_ETH_TX        1   /* unsigned serialized transaction */
#define DUET_SIGN_ETH_PERSONAL  2   /* EIP-191 personal message bytes  */
#define DUET_SIGN_ETH_TYPED     3   /* EIP-712 typed data, JSON text   */
#define DUET_SIGN_RAW_DIGEST    4   /* exactly 32 bytes, signed as is  */

/* The result of a sign session: r || s || recid. */
#define DUET_SIGNATURE_BYTES   65

struct duet_presig;

/*
 * Start presigning as one of two signers.
 * Returns: 0; DUET_ERR_INVALID_ARGUMENT (sid length, a bad signer pair:
 *          duplicate, index > 2, this party not in it); a key-share or aux
 *          parse/validation error; DUET_ERR_EPOCH_MISMATCH (key share and
 *          aux of different parties or levels); DUET_ERR_NO_MEMORY;
 *          DUET_ERR_RANDOM.
 * In:      keyshare, aux: this party's blobs (duet_keyshare.h).
 *          signers: the ordered pair of keygen indices.
 *          shift: NULL, or a 32-byte big-endian scalar < q to add to the
 *          key (a derivation tweak).
 */
DUET_API DUET_WARN_UNUSED_RESULT int duet_presign_start(
    struct duet_session **s, const uint8_t *sid, size_t sid_len,
    const uint8_t *keyshare, size_t keyshare_len,
    const uint8_t *aux, size_t aux_len, const int signers[2],
    const uint8_t *shift) DUET_ARG_NONNULL(1, 2, 4, 6, 8);

/*
 * Take a presignature for one signature: parse blob, move its secrets
 * into *token and overwrite blob in place with the consumed form (same
 * length).  Store that form durably before releasing the partial
 * signature.
 * Returns: 0; DUET_ERR_ALREADY_USED (the blob is consumed); a parse error
 *          (nothing changed); DUET_ERR_NO_MEMORY.
 */
DUET_API DUET_WARN_UNUSED_RESULT int duet_presig_take(
    struct duet_presig **token, uint8_t *blob, size_t len)
    DUET_ARG_NONNULL(1, 2);

/* Wipe and free a token that will not be used (NULL is ignored). */
DUET_API void duet_presig_destroy(struct duet_presig *token);

/*
 * Start the online signing round with token, which is consumed (freed)
 * whatever the outcome.  The session id is the presignature's.
 * Returns: 0; DUET_ERR_INVALID_ARGUMENT (unknown kind, bad message);
 *          DUET_ERR_BAD_STATE (shift differs from the presignature's);
 *          DUET_ERR_ZERO_SCALAR (r = 0: no signature with this
 *          presignature); an Ethereum encoding error for a bad message.
 * In:      kind, msg, msg_len: what to sign (DUET_SIGN_*).
 *          shift: the derivation tweak the caller expects, or NULL; must
 *          equal the presignature's.
 */
DUET_API DUET_WARN_UNUSED_RESULT int duet_sign_start(
    struct duet_session **s, struct duet_presig *token, int kind,
    const uint8_t *msg, size_t msg_len, const uint8_t *shift)
    DUET_ARG_NONNULL(1, 2);

#ifdef __cplusplus
}
#endif

#endif /* DUET_SIGN_H */
