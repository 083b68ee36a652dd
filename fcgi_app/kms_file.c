/*
 * kms_file.c -- the local-file KMS backend (kms.h): one AES-256-GCM
 * envelope per object under kms_dir, the data under a fresh data key (DEK)
 * and the DEK under the master key, both bound to the object's name.
 *
 *   kms_dir/                     0700, owned by us
 *       master.key               0600: 64 hex digits (+ newline)
 *       <kind>/                  0700
 *           <id>.json            0600: the envelope, never rewritten
 *
 * Each process reads the master key once, at open, and holds it in its
 * handle until destroy.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>
#include <openssl/evp.h>

#include "duet_util.h"
#include "kms_impl.h"
#include "log.h"


#define DUETD_KMS_HEX_BYTES     (2 * DUETD_KMS_KEY_BYTES)
#define DUETD_KMS_IV_BYTES      12
#define DUETD_KMS_TAG_BYTES     16
#define DUETD_KMS_ALG           "A256GCM"
#define DUETD_KMS_VERSION       1

/* Base64url of the largest object, plus the fixed fields, with room. */
#define DUETD_KMS_ENVELOPE_MAX  \
    (DUET_BASE64URL_ENCODED_SIZE(DUETD_KMS_OBJECT_MAX) + 1024)

struct duetd_kms_file {
    char     dir[PATH_MAX];
    char     key_path[PATH_MAX];
    uint8_t  master[DUETD_KMS_KEY_BYTES];
};

/* The paths of one object. */
struct duetd_kms_file_obj {
    char     kind_dir[PATH_MAX];
    char     path[PATH_MAX];
    char     tmp[PATH_MAX];
};


static int
duetd_kms_file_paths(const struct duetd_config *cfg, char *dir, char *key)
{
    int  a, b;

    if (cfg->kms_dir != NULL) {
        a = snprintf(dir, PATH_MAX, "%s", cfg->kms_dir);
    } else {
        a = snprintf(dir, PATH_MAX, "%s/%s", cfg->data_dir, DUETD_KMS_DIR);
    }
    if (cfg->kms_master_key_file != NULL) {
        b = snprintf(key, PATH_MAX, "%s", cfg->kms_master_key_file);
    } else {
        b = snprintf(key, PATH_MAX, "%s/%s", dir, DUETD_KMS_KEY_FILE);
    }
    if (a < 0 || b < 0 || a >= PATH_MAX || b >= PATH_MAX) {
        duetd_log_error("kms_dir or kms_master_key_file: path too long");
        return -1;
    }
    return 0;
}


/* A temporary name beside path, unique across processes. */
static int
duetd_kms_file_tmp_name(char *tmp, size_t size, const char *path)
{
    const char  *slash;
    uint8_t      rnd[8];
    char         hex[DUET_HEX_ENCODED_SIZE(sizeof(rnd))];
    int          n;

    if (duet_random_bytes(rnd, sizeof(rnd)) != 0
        || duet_hex_encode(hex, sizeof(hex), rnd, sizeof(rnd)) != 0)
    {
        duetd_log_error("the CSPRNG failed");
        return -1;
    }
    slash = strrchr(path, '/');
    if (slash == NULL) {
        n = snprintf(tmp, size, ".%s.%s.tmp", path, hex);
    } else {
        n = snprintf(tmp, size, "%.*s/.%s.%s.tmp", (int) (slash - path),
                     path, slash + 1, hex);
    }
    if (n < 0 || (size_t) n >= size) {
        duetd_log_error("%s: path too long", path);
        return -1;
    }
    return 0;
}


static int
duetd_kms_file_sync_dir(const char *dir)
{
    int  fd, r = 0;

    fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0 || fsync(fd) != 0) {
        duetd_log_error("cannot sync %s: %s", dir, strerror(errno));
        r = -1;
    }
    if (fd >= 0) {
        close(fd);
    }
    return r;
}


/* The directory holding path ("." if none). */
static int
duetd_kms_file_parent(char *out, size_t size, const char *path)
{
    const char  *slash;
    int          n;

    slash = strrchr(path, '/');
    if (slash == NULL) {
        n = snprintf(out, size, ".");
    } else if (slash == path) {
        n = snprintf(out, size, "/");
    } else {
        n = snprintf(out, size, "%.*s", (int) (slash - path), path);
    }
    return n < 0 || (size_t) n >= size ? -1 : 0;
}


/*
 * Create tmp (which must not exist) holding p[0..n) with mode 0600 and
 * flush it to disk.  Returns 0, or -1 with errno set (logged).
 */
static int
duetd_kms_file_write_tmp(const char *tmp, const uint8_t *p, size_t n)
{
    ssize_t  w;
    int      fd, saved;

    fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
              0600);
    if (fd < 0) {
        saved = errno;
        duetd_log_error("cannot create %s: %s", tmp, strerror(saved));
        errno = saved;
        return -1;
    }
    while (n > 0) {
        w = write(fd, p, n);
        if (w < 0 && errno == EINTR) {
            continue;
        }
        if (w <= 0) {
            goto fail;
        }
        p += w;
        n -= (size_t) w;
    }
    /* The umask may only have removed bits; never more than 0600. */
    if (fchmod(fd, 0600) != 0 || fsync(fd) != 0) {
        goto fail;
    }
    if (close(fd) != 0) {
        fd = -1;
        goto fail;
    }
    return 0;
fail:
    saved = errno != 0 ? errno : EIO;
    duetd_log_error("cannot write %s: %s", tmp, strerror(saved));
    if (fd >= 0) {
        close(fd);
    }
    (void) unlink(tmp);
    errno = saved;
    return -1;
}


/* kms_dir must be a directory of ours, closed to group and others. */
static int
duetd_kms_file_check_dir(const char *dir)
{
    struct stat  st;

    if (lstat(dir, &st) != 0) {
        duetd_log_error("kms_dir %s: %s", dir, strerror(errno));
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        duetd_log_error("kms_dir %s is not a directory", dir);
        return -1;
    }
    if (st.st_uid != geteuid() || (st.st_mode & 0777) != 0700) {
        duetd_log_error("kms_dir %s must be owned by uid %ld with mode 0700; "
                        "it is owned by uid %ld with mode %04o", dir,
                        (long) geteuid(), (long) st.st_uid,
                        (unsigned) (st.st_mode & 07777));
        return -1;
    }
    return 0;
}


/*
 * Read and check the master key file: ours, 0600 (or tighter), exactly 64
 * hex digits with an optional newline.  Returns 0 with key[], or -1
 * (logged, naming the file and the fault, never the contents).
 */
static int
duetd_kms_file_read_key(const char *path, uint8_t key[DUETD_KMS_KEY_BYTES])
{
    uint8_t  buf[DUETD_KMS_HEX_BYTES + 1];
    size_t   size, n;
    int      fd, r = -1;

    fd = open(path, O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        duetd_log_error("KMS master key %s: %s", path,
                        errno == ELOOP ? "is a symbolic link"
                                       : strerror(errno));
        return -1;
    }
    if (duetd_kms_check_secret_file(fd, path, "KMS master key",
                                    sizeof(buf), &size) != 0)
    {
        goto out;
    }
    if (size < DUETD_KMS_HEX_BYTES) {
        duetd_log_error("KMS master key %s must hold 64 hex digits and an "
                        "optional newline; it has %zu bytes", path, size);
        goto out;
    }
    if (duetd_kms_read_file(fd, path, buf, sizeof(buf), size) != 0) {
        goto out;
    }
    if ((size == DUETD_KMS_HEX_BYTES + 1 && buf[DUETD_KMS_HEX_BYTES] != '\n')
        || duet_hex_decode(key, DUETD_KMS_KEY_BYTES, &n, (const char *) buf,
                           DUETD_KMS_HEX_BYTES) != 0
        || n != DUETD_KMS_KEY_BYTES)
    {
        duetd_log_error("KMS master key %s must hold 64 hex digits and an "
                        "optional newline, nothing else", path);
        goto out;
    }
    r = 0;
out:
    duet_memclear(buf, sizeof(buf));
    if (r != 0) {
        duet_memclear(key, DUETD_KMS_KEY_BYTES);
    }
    close(fd);
    return r;
}


/* A new master key from the CSPRNG, published with link(): never replaces. */
static int
duetd_kms_file_create_key(const char *path)
{
    uint8_t  key[DUETD_KMS_KEY_BYTES];
    char     text[DUET_HEX_ENCODED_SIZE(DUETD_KMS_KEY_BYTES)];
    char     tmp[PATH_MAX], parent[PATH_MAX];
    int      r = -1, made = 0;

    if (duetd_kms_file_parent(parent, sizeof(parent), path) != 0
        || duetd_kms_file_tmp_name(tmp, sizeof(tmp), path) != 0)
    {
        duetd_log_error("KMS master key %s: path too long", path);
        return -1;
    }
    if (duet_random_bytes(key, sizeof(key)) != 0
        || duet_hex_encode(text, sizeof(text), key, sizeof(key)) != 0)
    {
        duetd_log_error("the CSPRNG failed");
        goto out;
    }
    /* The NUL becomes the newline. */
    text[DUETD_KMS_HEX_BYTES] = '\n';
    if (duetd_kms_file_write_tmp(tmp, (const uint8_t *) text,
                                 sizeof(text)) != 0)
    {
        goto out;
    }
    made = 1;
    if (link(tmp, path) != 0) {
        if (errno == EEXIST) {
            /* Another process made one first: keep that one. */
            r = 0;
            goto out;
        }
        duetd_log_error("cannot create %s: %s", path, strerror(errno));
        goto out;
    }
    if (unlink(tmp) != 0) {
        duetd_log_warn("cannot remove %s: %s", tmp, strerror(errno));
    }
    made = 0;
    if (duetd_kms_file_sync_dir(parent) != 0) {
        goto out;
    }
    duetd_log_info("created a new KMS master key %s", path);
    r = 0;
out:
    duet_memclear(key, sizeof(key));
    duet_memclear(text, sizeof(text));
    if (made) {
        (void) unlink(tmp);
    }
    return r;
}


static int
duetd_kms_file_prepare(const struct duetd_config *cfg)
{
    char         dir[PATH_MAX], key_path[PATH_MAX];
    uint8_t      key[DUETD_KMS_KEY_BYTES];
    struct stat  st;
    int          r;

    if (duetd_kms_file_paths(cfg, dir, key_path) != 0) {
        return -1;
    }
    if (mkdir(dir, 0700) == 0) {
        duetd_log_info("created the KMS directory %s", dir);
    } else if (errno != EEXIST) {
        duetd_log_error("cannot create %s: %s", dir, strerror(errno));
        return -1;
    }
    if (duetd_kms_file_check_dir(dir) != 0) {
        return -1;
    }
    if (lstat(key_path, &st) != 0) {
        if (errno != ENOENT) {
            duetd_log_error("KMS master key %s: %s", key_path,
                            strerror(errno));
            return -1;
        }
        if (duetd_kms_file_create_key(key_path) != 0) {
            return -1;
        }
    }
    r = duetd_kms_file_read_key(key_path, key);
    duet_memclear(key, sizeof(key));
    return r;
}


static int
duetd_kms_file_open(const struct duetd_config *cfg, void **state)
{
    struct duetd_kms_file  *f;

    *state = NULL;
    f = calloc(1, sizeof(*f));
    if (f == NULL) {
        duetd_log_error("out of memory");
        return -1;
    }
    if (duetd_kms_file_paths(cfg, f->dir, f->key_path) != 0
        || duetd_kms_file_check_dir(f->dir) != 0
        || duetd_kms_file_read_key(f->key_path, f->master) != 0)
    {
        duet_memclear(f, sizeof(*f));
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}


static void
duetd_kms_file_destroy(void *state)
{
    struct duetd_kms_file  *f = state;

    if (f == NULL) {
        return;
    }
    duet_memclear(f, sizeof(*f));
    free(f);
}


/* name is valid (kms.c checked it): "<kind>/<id>". */
static int
duetd_kms_file_obj_paths(const struct duetd_kms_file *f, const char *name,
    struct duetd_kms_file_obj *o)
{
    const char  *slash;
    int          a, b;

    slash = strchr(name, '/');
    a = snprintf(o->kind_dir, sizeof(o->kind_dir), "%s/%.*s", f->dir,
                 (int) (slash - name), name);
    b = snprintf(o->path, sizeof(o->path), "%s/%s.json", f->dir, name);
    if (a < 0 || b < 0 || (size_t) a >= sizeof(o->kind_dir)
        || (size_t) b >= sizeof(o->path)
        || duetd_kms_file_tmp_name(o->tmp, sizeof(o->tmp), o->path) != 0)
    {
        duetd_log_error("KMS object %s: path too long", name);
        return -1;
    }
    return 0;
}


/* A failed file operation: DENIED for permissions, else ERROR. */
static int
duetd_kms_file_errno_rc(int err)
{
    return err == EACCES || err == EPERM || err == EROFS
           ? DUETD_KMS_DENIED : DUETD_KMS_ERROR;
}


/*
 * AES-256-GCM with a 12-byte IV and a 16-byte tag; aad is the object name.
 * out has room for len bytes (ciphertext length = plaintext length).
 * Returns 0, or -1 (logged).
 */
static int
duetd_kms_gcm_seal(const uint8_t key[DUETD_KMS_KEY_BYTES],
    const uint8_t iv[DUETD_KMS_IV_BYTES], const char *aad,
    const uint8_t *in, size_t len, uint8_t *out,
    uint8_t tag[DUETD_KMS_TAG_BYTES])
{
    EVP_CIPHER_CTX  *ctx;
    int              n, r = -1;

    if (len > INT_MAX) {
        return -1;
    }
    ctx = EVP_CIPHER_CTX_new();
    if (ctx == NULL
        || EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, NULL, NULL) != 1
        || EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN,
                               DUETD_KMS_IV_BYTES, NULL) != 1
        || EVP_EncryptInit_ex(ctx, NULL, NULL, key, iv) != 1
        || EVP_EncryptUpdate(ctx, NULL, &n, (const uint8_t *) aad,
                             (int) strlen(aad)) != 1
        || (len > 0 && EVP_EncryptUpdate(ctx, out, &n, in, (int) len) != 1)
        || EVP_EncryptFinal_ex(ctx, out + len, &n) != 1
        || EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG,
                               DUETD_KMS_TAG_BYTES, tag) != 1)
    {
        duetd_log_error("AES-256-GCM encryption failed");
        duet_memclear(out, len);
        goto out;
    }
    r = 0;
out:
    EVP_CIPHER_CTX_free(ctx);
    return r;
}


/*
 * The inverse of duetd_kms_gcm_seal.  Returns 0, or DUETD_KMS_CORRUPT if
 * the tag does not verify (out is wiped: GCM writes plaintext before it
 * checks), or DUETD_KMS_ERROR.
 */
static int
duetd_kms_gcm_open(const uint8_t key[DUETD_KMS_KEY_BYTES],
    const uint8_t iv[DUETD_KMS_IV_BYTES], const char *aad,
    const uint8_t *in, size_t len, const uint8_t tag[DUETD_KMS_TAG_BYTES],
    uint8_t *out)
{
    EVP_CIPHER_CTX  *ctx;
    uint8_t          t[DUETD_KMS_TAG_BYTES];
    int              n, r = DUETD_KMS_ERROR;

    if (len > INT_MAX) {
        return DUETD_KMS_ERROR;
    }
    memcpy(t, tag, sizeof(t));
    ctx = EVP_CIPHER_CTX_new();
    if (ctx == NULL
        || EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, NULL, NULL) != 1
        || EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN,
                               DUETD_KMS_IV_BYTES, NULL) != 1
        || EVP_DecryptInit_ex(ctx, NULL, NULL, key, iv) != 1
        || EVP_DecryptUpdate(ctx, NULL, &n, (const uint8_t *) aad,
                             (int) strlen(aad)) != 1
        || (len > 0 && EVP_DecryptUpdate(ctx, out, &n, in, (int) len) != 1)
        || EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG,
                               DUETD_KMS_TAG_BYTES, t) != 1)
    {
        duetd_log_error("AES-256-GCM decryption failed");
        goto out;
    }
    if (EVP_DecryptFinal_ex(ctx, out + len, &n) != 1) {
        r = DUETD_KMS_CORRUPT;
        goto out;
    }
    r = DUETD_KMS_OK;
out:
    if (r != DUETD_KMS_OK) {
        duet_memclear(out, len);
    }
    EVP_CIPHER_CTX_free(ctx);
    return r;
}


static int
duetd_kms_json_add_b64(struct json_object *o, const char *key,
    const uint8_t *p, size_t n)
{
    struct json_object  *s;
    char                *text;
    size_t               size;
    int                  r = -1;

    size = DUET_BASE64URL_ENCODED_SIZE(n);
    text = malloc(size);
    if (text == NULL || duet_base64url_encode(text, size, p, n) != 0) {
        goto out;
    }
    s = json_object_new_string_len(text, (int) (size - 1));
    if (s == NULL) {
        goto out;
    }
    if (json_object_object_add(o, key, s) != 0) {
        json_object_put(s);
        goto out;
    }
    r = 0;
out:
    free(text);
    return r;
}


/* Build the envelope's text (ciphertext only: nothing in it is secret). */
static char *
duetd_kms_file_envelope(const uint8_t *kiv, const uint8_t *wdek,
    const uint8_t *ktag, const uint8_t *iv, const uint8_t *ct, size_t len,
    const uint8_t *tag)
{
    struct json_object  *o = NULL, *dek = NULL;
    const char          *s;
    char                *text = NULL;

    o = json_object_new_object();
    dek = json_object_new_object();
    if (o == NULL || dek == NULL
        || duetd_kms_json_add_b64(dek, "iv", kiv, DUETD_KMS_IV_BYTES) != 0
        || duetd_kms_json_add_b64(dek, "ct", wdek, DUETD_KMS_KEY_BYTES) != 0
        || duetd_kms_json_add_b64(dek, "tag", ktag, DUETD_KMS_TAG_BYTES) != 0
        || json_object_object_add(o, "v",
                                  json_object_new_int(DUETD_KMS_VERSION)) != 0
        || json_object_object_add(o, "alg",
                                  json_object_new_string(DUETD_KMS_ALG)) != 0
        || json_object_object_add(o, "dek", dek) != 0)
    {
        json_object_put(dek);
        goto out;
    }
    if (duetd_kms_json_add_b64(o, "iv", iv, DUETD_KMS_IV_BYTES) != 0
        || duetd_kms_json_add_b64(o, "ct", ct, len) != 0
        || duetd_kms_json_add_b64(o, "tag", tag, DUETD_KMS_TAG_BYTES) != 0)
    {
        goto out;
    }
    s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN
                                          | JSON_C_TO_STRING_NOSLASHESCAPE);
    if (s != NULL) {
        text = strdup(s);
    }
out:
    json_object_put(o);
    return text;
}


static int
duetd_kms_file_store(void *state, const char *name, const uint8_t *data,
    size_t len)
{
    struct duetd_kms_file      *f = state;
    struct duetd_kms_file_obj   o;
    uint8_t                     dek[DUETD_KMS_KEY_BYTES];
    uint8_t                     wdek[DUETD_KMS_KEY_BYTES];
    uint8_t                     iv[DUETD_KMS_IV_BYTES];
    uint8_t                     kiv[DUETD_KMS_IV_BYTES];
    uint8_t                     tag[DUETD_KMS_TAG_BYTES];
    uint8_t                     ktag[DUETD_KMS_TAG_BYTES];
    uint8_t                    *ct = NULL;
    char                       *text = NULL;
    struct stat                 st;
    int                         r = DUETD_KMS_ERROR, made = 0;

    if (duetd_kms_file_obj_paths(f, name, &o) != 0) {
        return DUETD_KMS_ERROR;
    }
    /* Cheap early answer; link() below is what guarantees no overwrite. */
    if (lstat(o.path, &st) == 0) {
        return DUETD_KMS_EXISTS;
    }
    if (mkdir(o.kind_dir, 0700) == 0) {
        if (duetd_kms_file_sync_dir(f->dir) != 0) {
            return DUETD_KMS_ERROR;
        }
    } else if (errno != EEXIST) {
        r = duetd_kms_file_errno_rc(errno);
        duetd_log_error("cannot create %s: %s", o.kind_dir, strerror(errno));
        return r;
    }

    ct = duetd_kms_alloc(len);
    if (ct == NULL) {
        duetd_log_error("out of memory");
        goto out;
    }
    if (duet_random_bytes(dek, sizeof(dek)) != 0
        || duet_random_bytes(iv, sizeof(iv)) != 0
        || duet_random_bytes(kiv, sizeof(kiv)) != 0)
    {
        duetd_log_error("the CSPRNG failed");
        goto out;
    }
    if (duetd_kms_gcm_seal(dek, iv, name, data, len, ct, tag) != 0
        || duetd_kms_gcm_seal(f->master, kiv, name, dek, sizeof(dek), wdek,
                              ktag) != 0)
    {
        goto out;
    }
    duet_memclear(dek, sizeof(dek));

    text = duetd_kms_file_envelope(kiv, wdek, ktag, iv, ct, len, tag);
    if (text == NULL) {
        duetd_log_error("KMS object %s: cannot build the envelope", name);
        goto out;
    }
    if (duetd_kms_file_write_tmp(o.tmp, (const uint8_t *) text,
                                 strlen(text)) != 0)
    {
        r = duetd_kms_file_errno_rc(errno);
        goto out;
    }
    made = 1;
    if (link(o.tmp, o.path) != 0) {
        if (errno == EEXIST) {
            r = DUETD_KMS_EXISTS;
            goto out;
        }
        r = duetd_kms_file_errno_rc(errno);
        duetd_log_error("cannot create %s: %s", o.path, strerror(errno));
        goto out;
    }
    if (unlink(o.tmp) != 0) {
        duetd_log_warn("cannot remove %s: %s", o.tmp, strerror(errno));
    }
    made = 0;
    if (duetd_kms_file_sync_dir(o.kind_dir) != 0) {
        goto out;
    }
    r = DUETD_KMS_OK;
out:
    duet_memclear(dek, sizeof(dek));
    if (made) {
        (void) unlink(o.tmp);
    }
    free(text);
    free(ct);
    return r;
}


/*
 * Decode the base64url string member key of o into out, which must come
 * out exactly want bytes (or, if want is 0, at most out_size).
 */
static int
duetd_kms_json_get_b64(struct json_object *o, const char *key, uint8_t *out,
    size_t out_size, size_t want, size_t *got)
{
    struct json_object  *s;
    const char          *text;
    size_t               n;
    int                  len;

    if (!json_object_object_get_ex(o, key, &s)
        || !json_object_is_type(s, json_type_string))
    {
        return -1;
    }
    text = json_object_get_string(s);
    len = json_object_get_string_len(s);
    if (text == NULL || len < 0
        || (size_t) len >= DUET_BASE64URL_ENCODED_SIZE(out_size)
        || duet_base64url_decode(out, out_size, &n, text, (size_t) len) != 0
        || (want != 0 && n != want))
    {
        return -1;
    }
    if (got != NULL) {
        *got = n;
    }
    return 0;
}


/* The parsed envelope. */
struct duetd_kms_env {
    uint8_t   kiv[DUETD_KMS_IV_BYTES];
    uint8_t   wdek[DUETD_KMS_KEY_BYTES];
    uint8_t   ktag[DUETD_KMS_TAG_BYTES];
    uint8_t   iv[DUETD_KMS_IV_BYTES];
    uint8_t   tag[DUETD_KMS_TAG_BYTES];
    uint8_t  *ct;
    size_t    len;
};


/*
 * Parse an envelope strictly: exactly the documented members, version 1,
 * A256GCM, canonical base64url of the right lengths, no trailing bytes but
 * whitespace.  Returns 0 with e->ct allocated, or -1 with *why set.
 */
static int
duetd_kms_file_parse(const char *text, size_t size, struct duetd_kms_env *e,
    const char **why)
{
    struct json_tokener  *tok;
    struct json_object   *o = NULL, *m, *dek;
    size_t                end, cap;
    int                   r = -1;

    e->ct = NULL;
    *why = "not JSON";
    if (memchr(text, '\0', size) != NULL || size > INT_MAX) {
        return -1;
    }
    tok = json_tokener_new_ex(4);
    if (tok == NULL) {
        *why = "out of memory";
        return -1;
    }
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
    o = json_tokener_parse_ex(tok, text, (int) size);
    if (o == NULL || json_tokener_get_error(tok) != json_tokener_success) {
        goto out;
    }
    for (end = json_tokener_get_parse_end(tok); end < size; end++) {
        if (strchr(" \t\r\n", text[end]) == NULL) {
            *why = "trailing bytes after the JSON object";
            goto out;
        }
    }

    *why = "not an envelope of version 1";
    if (!json_object_is_type(o, json_type_object)
        || json_object_object_length(o) != 6
        || !json_object_object_get_ex(o, "v", &m)
        || !json_object_is_type(m, json_type_int)
        || json_object_get_int64(m) != DUETD_KMS_VERSION)
    {
        goto out;
    }
    *why = "unknown algorithm";
    if (!json_object_object_get_ex(o, "alg", &m)
        || !json_object_is_type(m, json_type_string)
        || json_object_get_string_len(m) != (int) strlen(DUETD_KMS_ALG)
        || strcmp(json_object_get_string(m), DUETD_KMS_ALG) != 0)
    {
        goto out;
    }
    *why = "malformed wrapped data key";
    if (!json_object_object_get_ex(o, "dek", &dek)
        || !json_object_is_type(dek, json_type_object)
        || json_object_object_length(dek) != 3
        || duetd_kms_json_get_b64(dek, "iv", e->kiv, sizeof(e->kiv),
                                  sizeof(e->kiv), NULL) != 0
        || duetd_kms_json_get_b64(dek, "ct", e->wdek, sizeof(e->wdek),
                                  sizeof(e->wdek), NULL) != 0
        || duetd_kms_json_get_b64(dek, "tag", e->ktag, sizeof(e->ktag),
                                  sizeof(e->ktag), NULL) != 0)
    {
        goto out;
    }
    *why = "malformed iv, ct or tag";
    if (duetd_kms_json_get_b64(o, "iv", e->iv, sizeof(e->iv), sizeof(e->iv),
                               NULL) != 0
        || duetd_kms_json_get_b64(o, "tag", e->tag, sizeof(e->tag),
                                  sizeof(e->tag), NULL) != 0
        || !json_object_object_get_ex(o, "ct", &m)
        || !json_object_is_type(m, json_type_string))
    {
        goto out;
    }
    /* Room for what the text can decode to, within the object bound. */
    cap = (size_t) json_object_get_string_len(m) / 4 * 3 + 2;
    if (cap > DUETD_KMS_OBJECT_MAX) {
        cap = DUETD_KMS_OBJECT_MAX;
    }
    e->ct = duetd_kms_alloc(cap);
    if (e->ct == NULL) {
        *why = "out of memory";
        goto out;
    }
    if (duetd_kms_json_get_b64(o, "ct", e->ct, cap, 0, &e->len) != 0) {
        goto out;
    }
    r = 0;
out:
    if (r != 0) {
        free(e->ct);
        e->ct = NULL;
    }
    json_object_put(o);
    json_tokener_free(tok);
    return r;
}


static int
duetd_kms_file_load(void *state, const char *name, uint8_t **data,
    size_t *len)
{
    struct duetd_kms_file      *f = state;
    struct duetd_kms_file_obj   o;
    struct duetd_kms_env        e;
    struct stat                 st;
    uint8_t                     dek[DUETD_KMS_KEY_BYTES];
    uint8_t                    *text = NULL, *out = NULL;
    const char                 *why;
    size_t                      size;
    int                         fd, r = DUETD_KMS_ERROR;

    memset(&e, 0, sizeof(e));
    if (duetd_kms_file_obj_paths(f, name, &o) != 0) {
        return DUETD_KMS_ERROR;
    }
    fd = open(o.path, O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) {
            return DUETD_KMS_NOT_FOUND;
        }
        r = duetd_kms_file_errno_rc(errno);
        duetd_log_error("cannot open %s: %s", o.path, strerror(errno));
        return r;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)
        || st.st_size > DUETD_KMS_ENVELOPE_MAX)
    {
        duetd_log_error("KMS object %s: not a regular file of at most %d "
                        "bytes", o.path, (int) DUETD_KMS_ENVELOPE_MAX);
        r = DUETD_KMS_CORRUPT;
        goto out;
    }
    size = (size_t) st.st_size;
    text = malloc(size + 1);
    if (text == NULL) {
        duetd_log_error("out of memory");
        goto out;
    }
    if (duetd_kms_read_file(fd, o.path, text, size, size) != 0) {
        goto out;
    }
    if (duetd_kms_file_parse((const char *) text, size, &e, &why) != 0) {
        duetd_log_error("KMS object %s: %s", o.path, why);
        r = DUETD_KMS_CORRUPT;
        goto out;
    }

    r = duetd_kms_gcm_open(f->master, e.kiv, name, e.wdek, sizeof(e.wdek),
                           e.ktag, dek);
    if (r != DUETD_KMS_OK) {
        if (r == DUETD_KMS_CORRUPT) {
            duetd_log_error("KMS object %s: the data key does not unwrap "
                            "under this master key for this name", o.path);
        }
        goto out;
    }
    out = duetd_kms_alloc(e.len);
    if (out == NULL) {
        duetd_log_error("out of memory");
        r = DUETD_KMS_ERROR;
        goto out;
    }
    r = duetd_kms_gcm_open(dek, e.iv, name, e.ct, e.len, e.tag, out);
    if (r != DUETD_KMS_OK) {
        if (r == DUETD_KMS_CORRUPT) {
            duetd_log_error("KMS object %s: the data fails to authenticate",
                            o.path);
        }
        goto out;
    }
    *data = out;
    *len = e.len;
    out = NULL;
    r = DUETD_KMS_OK;
out:
    duet_memclear(dek, sizeof(dek));
    if (out != NULL) {
        duetd_kms_free(out, e.len);
    }
    free(e.ct);
    free(text);
    close(fd);
    return r;
}


static int
duetd_kms_file_delete(void *state, const char *name)
{
    struct duetd_kms_file      *f = state;
    struct duetd_kms_file_obj   o;
    int                         r;

    if (duetd_kms_file_obj_paths(f, name, &o) != 0) {
        return DUETD_KMS_ERROR;
    }
    if (unlink(o.path) != 0) {
        if (errno == ENOENT) {
            return DUETD_KMS_NOT_FOUND;
        }
        r = duetd_kms_file_errno_rc(errno);
        duetd_log_error("cannot remove %s: %s", o.path, strerror(errno));
        return r;
    }
    return duetd_kms_file_sync_dir(o.kind_dir) == 0
           ? DUETD_KMS_OK : DUETD_KMS_ERROR;
}


/*
 * The master key file is still there, sound and the one this process
 * holds; kms_dir is ours and writable.
 */
static int
duetd_kms_file_health(void *state)
{
    struct duetd_kms_file  *f = state;
    uint8_t                 key[DUETD_KMS_KEY_BYTES];
    int                     r = DUETD_KMS_UNAVAILABLE;

    if (duetd_kms_file_check_dir(f->dir) != 0) {
        return DUETD_KMS_UNAVAILABLE;
    }
    if (access(f->dir, W_OK | X_OK) != 0) {
        duetd_log_error("kms_dir %s is not writable: %s", f->dir,
                        strerror(errno));
        return DUETD_KMS_UNAVAILABLE;
    }
    if (duetd_kms_file_read_key(f->key_path, key) != 0) {
        goto out;
    }
    if (!duet_ct_memeq(key, f->master, sizeof(key))) {
        duetd_log_error("KMS master key %s changed since this process read "
                        "it", f->key_path);
        goto out;
    }
    r = DUETD_KMS_OK;
out:
    duet_memclear(key, sizeof(key));
    return r;
}


const struct duetd_kms_ops  duetd_kms_file_ops = {
    "file",
    duetd_kms_file_prepare,
    duetd_kms_file_open,
    duetd_kms_file_store,
    duetd_kms_file_load,
    duetd_kms_file_delete,
    duetd_kms_file_health,
    duetd_kms_file_destroy
};
