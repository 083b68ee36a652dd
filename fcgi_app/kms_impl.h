/*
 * kms_impl.h -- private to kms*.c: the backend operations table that kms.c
 * dispatches through, and what the backends share.  kms.c has already
 * checked the object name (duetd_kms_name_valid) and the size bound before
 * a backend's store, load or delete runs.
 */

#ifndef DUETD_KMS_IMPL_H
#define DUETD_KMS_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "kms.h"
#include "options.h"

/* Local-file backend defaults, relative to the data directory. */
#define DUETD_KMS_DIR             "kms"
#define DUETD_KMS_KEY_FILE        "master.key"
#define DUETD_KMS_KEY_BYTES       32

/* Vault backend defaults. */
#define DUETD_KMS_VAULT_MOUNT     "secret"
#define DUETD_KMS_VAULT_PREFIX    "duet"
#define DUETD_KMS_VAULT_TIMEOUT   10

struct duetd_kms_ops {
    const char  *name;

    /* Supervisor, before fork.  Returns 0 or -1 (logged). */
    int   (*prepare)(const struct duetd_config *cfg);

    /* Returns 0 with *state, or -1 (logged). */
    int   (*open)(const struct duetd_config *cfg, void **state);

    /* Each returns DUETD_KMS_*. */
    int   (*store)(void *state, const char *name, const uint8_t *data,
              size_t len);
    int   (*load)(void *state, const char *name, uint8_t **data,
              size_t *len);
    int   (*del)(void *state, const char *name);
    int   (*health)(void *state);

    /* Wipe and free; NULL is ignored. */
    void  (*destroy)(void *state);
};

extern const struct duetd_kms_ops  duetd_kms_file_ops;
extern const struct duetd_kms_ops  duetd_kms_vault_ops;

/*
 * Returns: 1 if name is "<kind>/<id>", kind [a-z]+ and id
 * [A-Za-z0-9_-]{1,64}, shorter than DUETD_KMS_NAME_MAX; 0 otherwise.
 * Such a name is safe as a path below a directory and in a URL.
 */
int duetd_kms_name_valid(const char *name);

/*
 * A fresh buffer of len bytes (at least one byte is allocated, so a
 * zero-length object still has a non-NULL pointer).  Returns NULL if out of
 * memory.  Release with duetd_kms_free.
 */
uint8_t *duetd_kms_alloc(size_t len);

/*
 * Check that fd (opened from path) is a regular file owned by the
 * effective uid and closed to group and others, of at most max_size
 * bytes; what is wrong is logged with the file's name and what (a
 * setting's name) it is for.  Returns: 0, or -1.
 */
int duetd_kms_check_secret_file(int fd, const char *path, const char *what,
    size_t max_size, size_t *size);

/*
 * Read the whole of fd (size bytes, from duetd_kms_check_secret_file) into
 * buf of buf_size bytes.  Returns: 0, or -1 (logged) if it is short, long
 * or unreadable.
 */
int duetd_kms_read_file(int fd, const char *path, uint8_t *buf,
    size_t buf_size, size_t size);

#endif /* DUETD_KMS_IMPL_H */
