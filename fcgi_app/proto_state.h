/*
 * proto_state.h -- what the protocol handlers park in the session table
 * between two HTTP requests: the libduet session blobs, and the handler's
 * own facts about the session (which signer, what is being signed, the
 * last reply for retries).
 *
 * Every blob starts with a 4-byte magic and a version byte, so a blob of
 * one kind is never read as another:
 *
 *   "DPS0"  a placeholder, parked while the first round is computed (the
 *           session id must exist before the engine sids can be derived)
 *   "DDK1"  a key creation: keygen and aux-info sessions side by side
 *   "DSG1"  a signing: the presign session, then the sign session, then
 *           the finished signature; never the presignature itself
 *
 * Integers are big-endian, byte strings a 4-byte length and the bytes.
 * The blobs hold SECRETS (libduet session state): encode into buffers the
 * caller wipes (duetd_pstate_free), decode into views of the caller's
 * buffer.  Decoding checks every length; nothing is trusted.
 */

#ifndef DUETD_PROTO_STATE_H
#define DUETD_PROTO_STATE_H

#include <stddef.h>
#include <stdint.h>

#define DUETD_PSTATE_INVALID    0
#define DUETD_PSTATE_PENDING    1
#define DUETD_PSTATE_DKG        2
#define DUETD_PSTATE_SIGN       3

#define DUETD_PSTATE_ID_SIZE    37      /* a signer UUID and its NUL      */
#define DUETD_PSTATE_MSGS_MAX   16      /* messages in one stored reply   */

/* Signing phases. */
#define DUETD_SIGN_PRESIGN      1       /* presign running                */
#define DUETD_SIGN_SIGNING      2       /* presignature consumed, sign
                                           session running                */
#define DUETD_SIGN_DONE         3       /* signature made                 */

/* Calls to /rounds a signing takes (presign 1-3, sign 1). */
#define DUETD_SIGN_CALLS        4

struct duetd_dkg_state {
    char            signer_id[DUETD_PSTATE_ID_SIZE];
    int             level;
    const uint8_t  *keygen;             /* session blob (SECRET)          */
    size_t          keygen_len;
    const uint8_t  *aux;                /* session blob (SECRET)          */
    size_t          aux_len;
};

struct duetd_sign_state {
    char            signer_id[DUETD_PSTATE_ID_SIZE];
    char            request_id[DUETD_PSTATE_ID_SIZE];  /* its audit rows
                                           and spend reservation          */
    int             phase;              /* DUETD_SIGN_*                   */
    int             kind;               /* DUET_SIGN_ETH_*                */
    int             tx_type;            /* DUET_ETH_TX_* (transactions)   */
    uint64_t        chain_id;           /* transactions, else 0           */
    uint32_t        calls;              /* /rounds calls answered         */
    uint8_t         hash[32];           /* messageHash                    */
    const uint8_t  *msg;                /* what is signed: the unsigned
                                           transaction, the personal
                                           message bytes or typed JSON   */
    size_t          msg_len;
    const uint8_t  *engine;             /* presign or sign session blob
                                           (SECRET); none when DONE      */
    size_t          engine_len;
    uint8_t         sig[65];            /* r || s || recid when DONE      */
    int             have_reply;         /* the last call's reply is kept  */
    uint8_t         req_digest[32];     /* ... for this request           */
    const uint8_t  *reply;              /* duetd_msglist of the reply     */
    size_t          reply_len;
};

/* Which kind of blob this is (DUETD_PSTATE_*; INVALID for none). */
int duetd_pstate_kind(const uint8_t *blob, size_t len);

/* The placeholder blob (not secret), and its length. */
const uint8_t *duetd_pstate_placeholder(size_t *len);

/*
 * Encode into a fresh buffer *out of *len bytes (free with
 * duetd_pstate_free).  Returns 0 or -1 (no memory, a field too long).
 */
int duetd_dkg_state_encode(const struct duetd_dkg_state *st, uint8_t **out,
    size_t *len);
int duetd_sign_state_encode(const struct duetd_sign_state *st,
    uint8_t **out, size_t *len);

/*
 * Decode a blob; the byte strings of *st point into blob.
 * Returns 0, or -1 when the blob is not a valid one of this kind.
 */
int duetd_dkg_state_decode(struct duetd_dkg_state *st, const uint8_t *blob,
    size_t len);
int duetd_sign_state_decode(struct duetd_sign_state *st,
    const uint8_t *blob, size_t len);

/*
 * A list of up to DUETD_PSTATE_MSGS_MAX messages as one byte string
 * (count, then each length and bytes): encode into *out (free with
 * duetd_pstate_free), decode into views of list.  Returns 0 or -1.
 */
int duetd_msglist_encode(const uint8_t *const *msgs, const size_t *lens,
    size_t n, uint8_t **out, size_t *len);
int duetd_msglist_decode(const uint8_t *list, size_t len,
    const uint8_t *msgs[DUETD_PSTATE_MSGS_MAX],
    size_t lens[DUETD_PSTATE_MSGS_MAX], size_t *n);

/*
 * The digest of a request's set of messages, independent of their order:
 * SHA-256 over the count and the sorted SHA-256 of each message.  Two
 * requests with the same digest carry the same messages.
 * Returns 0 or -1.
 */
int duetd_pstate_request_digest(uint8_t out[32], const uint8_t *const *msgs,
    const size_t *lens, size_t n);

/* Wipe and free an encoded blob (NULL is ignored). */
void duetd_pstate_free(uint8_t *p, size_t len);

#endif /* DUETD_PROTO_STATE_H */
