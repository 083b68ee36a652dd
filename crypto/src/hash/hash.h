/*
 * hash.h -- SHA-256 and HMAC-SHA256 through OpenSSL's EVP interface.
 * libduet has no hash implementation of its own (DESIGN.md section 6).
 *
 * The incremental context owns an OpenSSL digest context.  Whatever path a
 * caller takes, duet_sha256_final() or duet_sha256_clear() must run once
 * per successful duet_sha256_init() / duet_sha256_copy(), or the context
 * leaks.  Both are safe to call again and on a zeroed struct.  OpenSSL's
 * default provider wipes the digest state when the context is freed
 * (OPENSSL_clear_free), so hashed secrets do not linger in the heap.
 */

#ifndef DUET_HASH_H
#define DUET_HASH_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "duet.h"

#define DUET_SHA256_BYTES  32

/* Incremental SHA-256.  Zero it (or init it) before anything else. */
struct duet_sha256 {
    EVP_MD_CTX *md;         /* NULL: not started, finished, or cleared */
};


/*
 * One-shot SHA-256.
 *
 * Returns: 0, DUET_ERR_NO_MEMORY, or DUET_ERR_INTERNAL (OpenSSL failed).
 * Out:     out: the 32-byte digest (zeroed on failure).
 * In:      in:  len bytes (may be NULL when len is 0).
 */
int duet_sha256(uint8_t out[DUET_SHA256_BYTES], const void *in, size_t len);

/*
 * Start an incremental SHA-256.
 *
 * Returns: 0, DUET_ERR_NO_MEMORY or DUET_ERR_INTERNAL; on failure *h is
 *          left cleared.
 * Out:     h: the context; any previous contents are overwritten without
 *             being freed, so clear a used context first.
 */
int duet_sha256_init(struct duet_sha256 *h);

/*
 * Absorb len bytes.
 *
 * Returns: 0, DUET_ERR_BAD_STATE if h was never started or is finished,
 *          or DUET_ERR_INTERNAL.
 * In:      in: len bytes (may be NULL when len is 0).
 */
int duet_sha256_update(struct duet_sha256 *h, const void *in, size_t len);

/*
 * Finish: write the digest and release the context (h is cleared on every
 * path, so it cannot be updated or finished again).
 *
 * Returns: 0, DUET_ERR_BAD_STATE (not started / already finished), or
 *          DUET_ERR_INTERNAL.
 * Out:     out: the 32-byte digest (zeroed on failure).
 */
int duet_sha256_final(struct duet_sha256 *h, uint8_t out[DUET_SHA256_BYTES]);

/*
 * Duplicate a running context, e.g. to take the digest of a prefix and
 * keep absorbing.
 *
 * Returns: 0, DUET_ERR_BAD_STATE (src not running), DUET_ERR_NO_MEMORY or
 *          DUET_ERR_INTERNAL; on failure *dst is left cleared.
 * Out:     dst: an independent context (its previous contents are not
 *               freed).
 */
int duet_sha256_copy(struct duet_sha256 *dst, const struct duet_sha256 *src);

/* Release h (wiping the digest state).  NULL or cleared h: no-op. */
void duet_sha256_clear(struct duet_sha256 *h);

/*
 * One-shot HMAC-SHA256 (RFC 2104).
 *
 * Returns: 0, DUET_ERR_LIMIT_EXCEEDED (key over INT_MAX bytes), or
 *          DUET_ERR_INTERNAL (OpenSSL failed).
 * Out:     out: the 32-byte tag (zeroed on failure).
 * In:      key: key_len bytes (may be NULL when key_len is 0).
 *          msg: msg_len bytes (may be NULL when msg_len is 0).
 */
int duet_hmac_sha256(uint8_t out[DUET_SHA256_BYTES], const uint8_t *key,
    size_t key_len, const uint8_t *msg, size_t msg_len);

#endif /* DUET_HASH_H */
