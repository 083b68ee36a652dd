/*
 * kms.c -- see kms.h.  Checks what every backend relies on (object names,
 * sizes) and dispatches to the backend the config chose.
 */

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "duet_util.h"
#include "kms_impl.h"
#include "log.h"


#define DUETD_KMS_ID_MAX  64

struct duetd_kms {
    const struct duetd_kms_ops  *ops;
    void                        *state;
};


static const struct duetd_kms_ops *
duetd_kms_backend(const struct duetd_config *cfg)
{
    switch (cfg->kms_backend) {
    case DUETD_KMS_FILE:
        return &duetd_kms_file_ops;
    case DUETD_KMS_VAULT:
        return &duetd_kms_vault_ops;
    }
    duetd_log_error("unknown KMS backend %d", (int) cfg->kms_backend);
    return NULL;
}


int
duetd_kms_name_valid(const char *name)
{
    size_t  i, kind, id;

    if (name == NULL) {
        return 0;
    }
    for (i = 0; name[i] >= 'a' && name[i] <= 'z'; i++) {
        /* the kind */
    }
    kind = i;
    if (kind == 0 || name[i] != '/') {
        return 0;
    }
    for (i++, id = 0; name[i] != '\0'; i++, id++) {
        if (!((name[i] >= 'a' && name[i] <= 'z')
              || (name[i] >= 'A' && name[i] <= 'Z')
              || (name[i] >= '0' && name[i] <= '9')
              || name[i] == '_' || name[i] == '-')
            || id == DUETD_KMS_ID_MAX)
        {
            return 0;
        }
    }
    return id > 0 && i < DUETD_KMS_NAME_MAX;
}


uint8_t *
duetd_kms_alloc(size_t len)
{
    return malloc(len > 0 ? len : 1);
}


int
duetd_kms_check_secret_file(int fd, const char *path, const char *what,
    size_t max_size, size_t *size)
{
    struct stat  st;

    if (fstat(fd, &st) != 0) {
        duetd_log_error("%s %s: %s", what, path, strerror(errno));
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        duetd_log_error("%s %s is not a regular file", what, path);
        return -1;
    }
    if (st.st_uid != geteuid() || (st.st_mode & 077) != 0) {
        duetd_log_error("%s %s must be owned by uid %ld and closed to group "
                        "and others (mode 0600); it is owned by uid %ld "
                        "with mode %04o", what, path, (long) geteuid(),
                        (long) st.st_uid, (unsigned) (st.st_mode & 07777));
        return -1;
    }
    if (st.st_size < 0 || (uintmax_t) st.st_size > max_size) {
        duetd_log_error("%s %s is too large (%jd bytes, at most %zu)", what,
                        path, (intmax_t) st.st_size, max_size);
        return -1;
    }
    *size = (size_t) st.st_size;
    return 0;
}


int
duetd_kms_read_file(int fd, const char *path, uint8_t *buf,
    size_t buf_size, size_t size)
{
    size_t   got = 0;
    ssize_t  n;
    uint8_t  extra;

    if (size > buf_size) {
        duetd_log_error("%s is too large", path);
        return -1;
    }
    while (got < size) {
        n = read(fd, buf + got, size - got);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            duetd_log_error("cannot read %s: %s", path,
                            n < 0 ? strerror(errno) : "file shrank");
            return -1;
        }
        got += (size_t) n;
    }
    /* The file must not have grown since fstat: one more byte is an error. */
    do {
        n = read(fd, &extra, 1);
    } while (n < 0 && errno == EINTR);
    if (n != 0) {
        duet_memclear(&extra, sizeof(extra));
        duetd_log_error("cannot read %s: %s", path,
                        n < 0 ? strerror(errno) : "file grew while read");
        return -1;
    }
    return 0;
}


int
duetd_kms_prepare(const struct duetd_config *cfg)
{
    const struct duetd_kms_ops  *ops;

    ops = duetd_kms_backend(cfg);
    if (ops == NULL) {
        return -1;
    }
    return ops->prepare(cfg);
}


int
duetd_kms_open(const struct duetd_config *cfg, struct duetd_kms **out)
{
    const struct duetd_kms_ops  *ops;
    struct duetd_kms            *k;

    *out = NULL;
    ops = duetd_kms_backend(cfg);
    if (ops == NULL) {
        return -1;
    }
    k = calloc(1, sizeof(*k));
    if (k == NULL) {
        duetd_log_error("out of memory");
        return -1;
    }
    k->ops = ops;
    if (ops->open(cfg, &k->state) != 0) {
        free(k);
        return -1;
    }
    *out = k;
    return 0;
}


static int
duetd_kms_check_name(const char *name)
{
    if (!duetd_kms_name_valid(name)) {
        /* The name may be anything here: log none of it. */
        duetd_log_error("refusing a malformed KMS object name");
        return DUETD_KMS_ERROR;
    }
    return DUETD_KMS_OK;
}


int
duetd_kms_store(struct duetd_kms *k, const char *name, const uint8_t *data,
    size_t len)
{
    int  rc;

    rc = duetd_kms_check_name(name);
    if (rc != DUETD_KMS_OK) {
        return rc;
    }
    if (len > DUETD_KMS_OBJECT_MAX || (data == NULL && len > 0)) {
        duetd_log_error("KMS object %s: %zu bytes, at most %u", name, len,
                        DUETD_KMS_OBJECT_MAX);
        return DUETD_KMS_ERROR;
    }
    return k->ops->store(k->state, name, data, len);
}


int
duetd_kms_load(struct duetd_kms *k, const char *name, uint8_t **data,
    size_t *len)
{
    int  rc;

    *data = NULL;
    *len = 0;
    rc = duetd_kms_check_name(name);
    if (rc != DUETD_KMS_OK) {
        return rc;
    }
    return k->ops->load(k->state, name, data, len);
}


int
duetd_kms_delete(struct duetd_kms *k, const char *name)
{
    int  rc;

    rc = duetd_kms_check_name(name);
    if (rc != DUETD_KMS_OK) {
        return rc;
    }
    return k->ops->del(k->state, name);
}


int
duetd_kms_health(struct duetd_kms *k)
{
    return k->ops->health(k->state);
}


void
duetd_kms_free(uint8_t *data, size_t len)
{
    if (data == NULL) {
        return;
    }
    duet_memclear(data, len);
    free(data);
}


void
duetd_kms_destroy(struct duetd_kms *k)
{
    if (k == NULL) {
        return;
    }
    k->ops->destroy(k->state);
    duet_memclear(k, sizeof(*k));
    free(k);
}


const char *
duetd_kms_strerror(int rc)
{
    switch (rc) {
    case DUETD_KMS_OK:
        return "success";
    case DUETD_KMS_NOT_FOUND:
        return "not found";
    case DUETD_KMS_EXISTS:
        return "already exists";
    case DUETD_KMS_CORRUPT:
        return "fails to authenticate or is malformed";
    case DUETD_KMS_DENIED:
        return "permission denied";
    case DUETD_KMS_UNAVAILABLE:
        return "backend unavailable";
    case DUETD_KMS_ERROR:
        return "error";
    }
    return "unknown KMS error";
}
