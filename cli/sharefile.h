/*
 * sharefile.h -- a party's key share at rest: the keyshare and aux blobs
 * of struct duet_client_share, sealed with AES-256-GCM under
 * scrypt(passphrase, 16-byte salt, N >= 2^15, r = 8, p = 1).
 *
 * Format (all integers big-endian):
 *   "DUETSHR1" | version u8 = 1 | log2N u8 | r u32 | p u32 | salt[16]
 *   | nonce[12] | signer id (36 bytes, lower-case UUID) | party u8 (0, 2)
 *   | level u16 | ciphertext length u32 | ciphertext | tag[16]
 * The whole header (everything before the ciphertext) is the AEAD's
 * associated data: the signer id, the party and the KDF parameters cannot
 * be changed without the tag failing.  The plaintext is the keyshare
 * blob length (u32), the keyshare blob, the aux blob length (u32), the
 * aux blob.  The recovery file of `duet init` (share 2) is the same
 * format under its own passphrase.
 */

#ifndef DUET_CLI_SHAREFILE_H
#define DUET_CLI_SHAREFILE_H

#include <stddef.h>
#include <stdint.h>

#include "client.h"

#define DUET_SHAREFILE_OK             0
#define DUET_SHAREFILE_BAD_PASSPHRASE -1   /* the tag failed: wrong
                                              passphrase (or tampering)   */
#define DUET_SHAREFILE_CORRUPT        -2   /* not a share file, truncated,
                                              bad parameters              */
#define DUET_SHAREFILE_IO             -3   /* errno says                  */
#define DUET_SHAREFILE_MEMORY         -4
#define DUET_SHAREFILE_PERMS          -5   /* not the user's, or group or
                                              others have access          */
#define DUET_SHAREFILE_INVALID        -6   /* bad arguments (write)       */

#define DUET_SHAREFILE_LOG2N_DEFAULT  15
#define DUET_SHAREFILE_LOG2N_MIN      15   /* refused below (TEST ONLY:
                                              env DUET_TEST_SCRYPT_LOG2N
                                              = 1..15 lowers it)          */
#define DUET_SHAREFILE_LOG2N_MAX      20   /* 128 r N = 1 GiB at r = 8:
                                              the most a file may make us
                                              allocate                    */

struct duet_sharefile_info {
    char  signer_id[37];
    int   party;                           /* 0 or 2                      */
    int   level;
    int   log2n;
};

/*
 * Seal share (its index is the party) for signer_id into path, written
 * atomically, mode 0600, never over an existing file.
 */
int duet_sharefile_write(const char *path, const struct duet_client_share *s,
    const char *signer_id, int level, const char *passphrase, int log2n);

/*
 * Open path with passphrase into *s (malloc'd blobs: wipe and free with
 * duet_sharefile_share_clear) and *info.  The file must be the user's
 * and closed to group and others (else DUET_SHAREFILE_PERMS, as ssh
 * refuses such keys).
 */
int duet_sharefile_read(const char *path, const char *passphrase,
    struct duet_client_share *s, struct duet_sharefile_info *info);

/* The same on bytes already read (also what the fuzzer drives). */
int duet_sharefile_open(const uint8_t *file, size_t len,
    const char *passphrase, struct duet_client_share *s,
    struct duet_sharefile_info *info);

/* Wipe and free the blobs of a share read by this module; s zeroed. */
void duet_sharefile_share_clear(struct duet_client_share *s);

/* A line for the user about rc ("wrong passphrase, or the file was
 * altered"). */
const char *duet_sharefile_strerror(int rc);

#endif /* DUET_CLI_SHAREFILE_H */
