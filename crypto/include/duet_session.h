/*
 * duet_session.h -- the one shape every duet protocol has: a session that
 * starts, steps round by round, and ends with a result or a blame record.
 *
 * Protocols (each with its own start function):
 *   DUET_PROTO_KEYGEN   duet_keygen.h   3 parties -> a key share each
 *   DUET_PROTO_AUX      duet_aux.h      3 parties -> aux info each
 *   DUET_PROTO_REFRESH  duet_keygen.h   3 parties -> a new-epoch key share
 *   DUET_PROTO_PRESIGN  duet_sign.h     2 signers -> a presignature each
 *   DUET_PROTO_SIGN     duet_sign.h     2 signers -> the ECDSA signature
 *
 * Usage.  A start function returns a session holding the first round's
 * outgoing messages.  Deliver each (duet_session_outgoing) to its
 * recipient party, or to every other party if it is a broadcast.  When all
 * messages of the round addressed to this party have arrived (use
 * duet_msg_peek to route them), pass them, in any order, to
 * duet_session_step.  Repeat until duet_session_status says DONE (then
 * read duet_session_result) or ABORTED (then read duet_session_blame).
 *
 * Messages are duet's binary envelope: version, protocol, session id,
 * round, sender, recipient (a party index or broadcast) and payload.  The
 * envelope carries no authentication: the transport must authenticate
 * every message end to end and keep point-to-point messages confidential
 * (spec section 5, F5).  Otherwise "blame" names whoever a forger chose.
 *
 * Identifiable abort.  Every failure caused by a message names its sender
 * in a struct duet_blame {party, round, reason} (for
 * DUET_ERR_UNKNOWN_SENDER, party is the index the message claimed, which
 * may lie outside 0..2; for an envelope too malformed to trust, party is
 * the sender it names if that is a peer, else nobody), with reason one of
 * the DUET_ERR_* protocol codes (duet.h), and ABORTS the session: its secrets
 * are wiped and every later step returns DUET_ERR_ABORTED.  Two outcomes
 * do not abort: DUET_ERR_MISSING_MESSAGE (the set was incomplete; call
 * again with all of it; blame names a party whose message is missing) and
 * caller misuse (DUET_ERR_INVALID_ARGUMENT).
 *
 * Retries.  Calling duet_session_step again with the same messages returns
 * 0 and the same outgoing messages, byte for byte, without sampling new
 * randomness.  A different message for a round already processed is
 * equivocation: the session aborts, blaming its sender.  All randomness of
 * a round is derived from the session's secret seed and the round's input,
 * so even a step retried from an OLDER serialized state, with the same
 * input, gives the same bytes.
 *
 * Persistence.  duet_session_serialize writes a versioned, magic-tagged
 * blob from which duet_session_parse resumes in any process.  THE BLOB
 * HOLDS SECRETS (shares, nonces, Paillier factors, the seed): seal it
 * before it leaves memory, keep exactly one current copy, and never feed
 * a step an older blob with different input.
 *
 * Thread safety: a session may be used by one thread at a time.
 */

#ifndef DUET_SESSION_H
#define DUET_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "duet.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Protocols. */
#define DUET_PROTO_KEYGEN    1
#define DUET_PROTO_AUX       2
#define DUET_PROTO_PRESIGN   3
#define DUET_PROTO_SIGN      4
#define DUET_PROTO_REFRESH   5

/* Security levels (bits).  128 is the default and the production level. */
#define DUET_LEVEL_112     112
#define DUET_LEVEL_128     128

/* Session id length bounds, bytes.  Every run needs a fresh, agreed sid. */
#define DUET_SID_MIN        16
#define DUET_SID_MAX        64

/* The recipient of a broadcast message. */
#define DUET_BROADCAST     255

/* Session status. */
#define DUET_SESSION_RUNNING  1
#define DUET_SESSION_DONE     2
#define DUET_SESSION_ABORTED  3

struct duet_session;

/* What duet_msg_peek reads from an envelope. */
struct duet_msg_info {
    int proto;                  /* DUET_PROTO_* */
    int round;                  /* 1, 2, ... */
    int sender;                 /* party index */
    int recipient;              /* party index, or DUET_BROADCAST */
    uint8_t sid[DUET_SID_MAX];
    size_t sid_len;
    size_t payload_len;
};

/*
 * Read a message's envelope, for routing.  Nothing is verified beyond the
 * envelope's own shape: the session that steps on the message checks the
 * rest.
 * Returns: 0; DUET_ERR_TRUNCATED, DUET_ERR_TRAILING_DATA,
 *          DUET_ERR_BAD_MAGIC, DUET_ERR_BAD_VERSION, DUET_ERR_UNSUPPORTED
 *          (unknown protocol), DUET_ERR_LIMIT_EXCEEDED (sid length).
 */
DUET_API DUET_WARN_UNUSED_RESULT int duet_msg_peek(
    struct duet_msg_info *info, const uint8_t *msg, size_t len)
    DUET_ARG_NONNULL(1);

/*
 * Feed the complete set of this round's messages addressed to this party.
 * Returns: 0 (outgoing messages of the next round are ready, or the
 *          session is DONE);
 *          DUET_ERR_MISSING_MESSAGE  the set is incomplete (no abort);
 *          DUET_ERR_ABORTED          the session had already aborted;
 *          DUET_ERR_BAD_STATE        the session is DONE;
 *          a protocol code           a party misbehaved: *blame names it,
 *                                    the session is ABORTED;
 *          DUET_ERR_NO_MEMORY, DUET_ERR_RANDOM, DUET_ERR_INTERNAL
 *                                    (local failures: the session is
 *                                    ABORTED, blame names nobody).
 * Args:    msgs, lens: count messages (msgs may be NULL if count is 0).
 * Out:     blame: set on every return (party DUET_PARTY_NONE on success).
 */
DUET_API DUET_WARN_UNUSED_RESULT int duet_session_step(
    struct duet_session *s, const uint8_t *const *msgs, const size_t *lens,
    size_t count, struct duet_blame *blame) DUET_ARG_NONNULL(1, 5);

/* Returns: how many outgoing messages the last start or step produced. */
DUET_API size_t duet_session_outgoing_count(const struct duet_session *s)
    DUET_ARG_NONNULL(1);

/*
 * The i-th outgoing message (i < duet_session_outgoing_count).  The
 * pointer stays valid until the next step, serialize or destroy.
 * Returns: 0, or DUET_ERR_INVALID_ARGUMENT (i out of range).
 * Out:     msg, len: the envelope; recipient: a party or DUET_BROADCAST
 *          (may be NULL).
 */
DUET_API DUET_WARN_UNUSED_RESULT int duet_session_outgoing(
    const struct duet_session *s, size_t i, const uint8_t **msg, size_t *len,
    int *recipient) DUET_ARG_NONNULL(1, 3, 4);

/* Returns: DUET_SESSION_RUNNING, DUET_SESSION_DONE or _ABORTED. */
DUET_API int duet_session_status(const struct duet_session *s)
    DUET_ARG_NONNULL(1);

/* Returns: the round whose messages the session waits for (0 when not
 *          running). */
DUET_API int duet_session_round(const struct duet_session *s)
    DUET_ARG_NONNULL(1);

/* Returns: the session's DUET_PROTO_*. */
DUET_API int duet_session_proto(const struct duet_session *s)
    DUET_ARG_NONNULL(1);

/* Out: blame: why the session aborted (nobody if it did not). */
DUET_API void duet_session_blame(const struct duet_session *s,
    struct duet_blame *blame) DUET_ARG_NONNULL(1, 2);

/*
 * Copy the result of a DONE session: a key-share blob (keygen, refresh),
 * an aux-info blob (aux), a presignature blob (presign), or the 65-byte
 * signature r || s || recid (sign).  Key-share, aux and presignature
 * blobs are SECRET.
 * Returns: 0; DUET_ERR_BAD_STATE (not DONE); DUET_ERR_BUFFER_TOO_SMALL
 *          (*len is then the size needed).
 * Args:    out: may be NULL to ask for the size.
 * In/Out:  len: the space at out / the result's length.
 */
DUET_API DUET_WARN_UNUSED_RESULT int duet_session_result(
    const struct duet_session *s, uint8_t *out, size_t *len)
    DUET_ARG_NONNULL(1, 3);

/*
 * Serialize the session (SECRET, see the top of this file).
 * Returns: 0, DUET_ERR_BUFFER_TOO_SMALL (*len is the size needed),
 *          DUET_ERR_NO_MEMORY.
 * Args:    out: may be NULL to ask for the size.
 */
DUET_API DUET_WARN_UNUSED_RESULT int duet_session_serialize(
    const struct duet_session *s, uint8_t *out, size_t *len)
    DUET_ARG_NONNULL(1, 3);

/*
 * Resume a session from duet_session_serialize's blob.
 * Returns: 0; DUET_ERR_BAD_MAGIC, DUET_ERR_BAD_VERSION, DUET_ERR_TRUNCATED,
 *          DUET_ERR_TRAILING_DATA, or another parse error (the blob is
 *          corrupt: nothing is returned); DUET_ERR_NO_MEMORY.
 * Out:     s: the session, to be destroyed with duet_session_destroy.
 */
DUET_API DUET_WARN_UNUSED_RESULT int duet_session_parse(
    struct duet_session **s, const uint8_t *blob, size_t len)
    DUET_ARG_NONNULL(1, 2);

/* Wipe and free a session (NULL is ignored). */
DUET_API void duet_session_destroy(struct duet_session *s);

#ifdef __cplusplus
}
#endif

#endif /* DUET_SESSION_H */
