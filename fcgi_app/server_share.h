/*
 * server_share.h -- share 1 of a signer at rest: the key-share blob and the
 * aux-info blob (duet_keyshare.h), kept together in one KMS object named
 * "signers/<signer id>" so that they are written, read and deleted as one.
 *
 * Container (big-endian): "DSH1", version (1 byte, 1), the key-share length
 * (4 bytes) and bytes, the aux length (4 bytes) and bytes; nothing after.
 * The blobs are SECRET: every buffer holding a container is wiped
 * (duetd_server_share_free).  The blobs themselves are validated by
 * libduet when used (duet_presign_start), not here.
 */

#ifndef DUETD_SERVER_SHARE_H
#define DUETD_SERVER_SHARE_H

#include <stddef.h>
#include <stdint.h>

#define DUETD_SERVER_SHARE_VERSION  1
#define DUETD_SERVER_SHARE_NAME_MAX 96      /* DUETD_KMS_NAME_MAX */

/*
 * The KMS object name of a signer's share.
 * Returns: 0, or -1 if the id does not fit (or is empty).
 */
int duetd_server_share_name(char out[DUETD_SERVER_SHARE_NAME_MAX],
    const char *signer_id);

/*
 * Put both blobs into a fresh container *out of *out_len bytes (free it
 * with duetd_server_share_free).  Returns 0, or -1 (no memory, a blob
 * empty or over 4 GiB).
 */
int duetd_server_share_encode(uint8_t **out, size_t *out_len,
    const uint8_t *keyshare, size_t keyshare_len, const uint8_t *aux,
    size_t aux_len);

/*
 * Find both blobs in a container; the pointers point into blob.
 * Returns: 0, or -1 when the container is malformed (nothing set).
 */
int duetd_server_share_decode(const uint8_t *blob, size_t len,
    const uint8_t **keyshare, size_t *keyshare_len, const uint8_t **aux,
    size_t *aux_len);

/* Wipe and free a container (NULL is ignored). */
void duetd_server_share_free(uint8_t *p, size_t len);

#endif /* DUETD_SERVER_SHARE_H */
