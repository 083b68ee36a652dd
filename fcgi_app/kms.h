/*
 * kms.h -- where the server keeps its secrets at rest: share 1 of every
 * signer (key share and aux-info blobs) and the prime pool's safe primes.
 * One interface, two backends chosen by the config (kms_backend):
 *
 *   file   local-file envelope under kms_dir: one JSON file per object,
 *          {"v":1, "alg":"A256GCM", "dek":{iv,ct,tag}, "iv","ct","tag"}
 *          (base64url); a random 256-bit DEK per object encrypts the data
 *          with AES-256-GCM and is itself wrapped with AES-256-GCM under
 *          the 32-byte master key (kms_master_key_file: 64 hex digits and
 *          an optional newline, mode 0600, owned by us).
 *          The associated data of both layers is the object's name, so a
 *          file moved to another name fails to open.  Writes are atomic
 *          (temp file, fsync, link() so an existing object is never
 *          replaced, fsync of the directory), mode 0600.
 *   vault  HashiCorp Vault KV v2 over libcurl: {mount}/data/{prefix}/{name}
 *          with X-Vault-Token (read from vault_token_file), optional
 *          X-Vault-Namespace, X-Vault-Request: true; delete removes the
 *          metadata (every version); health is GET /v1/sys/health (active
 *          and standby nodes are healthy).  The data is stored as
 *          {"data":{"v":1,"blob":"<base64url>"}}.
 *
 * Object names are "<kind>/<id>" with kind in [a-z]+ and id a UUID or
 * [A-Za-z0-9_-]{1,64} ("signers/2f1c...", "primes/9a0b...").
 *
 * Handles are per process, opened after fork.  Loaded plaintext is
 * returned in memory the caller must release with duetd_kms_free (which
 * wipes it); the backends wipe every intermediate copy.
 */

#ifndef DUETD_KMS_H
#define DUETD_KMS_H

#include <stddef.h>
#include <stdint.h>

#include "options.h"

#define DUETD_KMS_OK            0
#define DUETD_KMS_NOT_FOUND    -1   /* no such object                        */
#define DUETD_KMS_EXISTS       -2   /* store would overwrite an object       */
#define DUETD_KMS_CORRUPT      -3   /* fails to authenticate / bad envelope  */
#define DUETD_KMS_DENIED       -4   /* backend refused us (403, permissions) */
#define DUETD_KMS_UNAVAILABLE  -5   /* backend down, sealed, 5xx, timeout    */
#define DUETD_KMS_ERROR        -6   /* anything else (logged)                */

#define DUETD_KMS_NAME_MAX      96
#define DUETD_KMS_OBJECT_MAX    (1u << 20)

struct duetd_kms;

/*
 * Supervisor, before fork: create what a first start needs (the file
 * backend's directory and master key, made from the CSPRNG if missing and
 * never overwritten) and check what exists.  Returns 0 or -1 (logged).
 */
int duetd_kms_prepare(const struct duetd_config *cfg);

/* Open this process's handle.  Returns 0 with *out, or -1 (logged). */
int duetd_kms_open(const struct duetd_config *cfg, struct duetd_kms **out);

/* Store data under name; never overwrites.  Returns DUETD_KMS_*. */
int duetd_kms_store(struct duetd_kms *k, const char *name,
    const uint8_t *data, size_t len);

/*
 * Load name into a fresh buffer *data of *len bytes; release it with
 * duetd_kms_free.  Returns DUETD_KMS_*.
 */
int duetd_kms_load(struct duetd_kms *k, const char *name, uint8_t **data,
    size_t *len);

/*
 * Delete name (every version).  Returns DUETD_KMS_OK, NOT_FOUND, ...
 * (Vault answers alike for a missing name: that backend returns OK.)
 */
int duetd_kms_delete(struct duetd_kms *k, const char *name);

/* Probe the backend.  Returns DUETD_KMS_OK or the failure. */
int duetd_kms_health(struct duetd_kms *k);

/* Wipe and free a buffer from duetd_kms_load (NULL is ignored). */
void duetd_kms_free(uint8_t *data, size_t len);

/* Wipe the handle's keys and tokens and free it (NULL is ignored). */
void duetd_kms_destroy(struct duetd_kms *k);

/* "not found", "already exists", ... for DUETD_KMS_* codes. */
const char *duetd_kms_strerror(int rc);

#endif /* DUETD_KMS_H */
