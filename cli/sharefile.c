/*
 * sharefile.c -- see sharefile.h.
 *
 * Every length is checked against the bytes present before it is used,
 * and the KDF parameters are bounded before scrypt runs: r and p must be
 * the only values we write (8 and 1), and log2N at most
 * DUET_SHAREFILE_LOG2N_MAX, so a file can make us spend at most
 * 128 * 8 * 2^20 bytes (1 GiB) and the matching time.
 *
 * DUET_TEST_SCRYPT_LOG2N (tests and fuzzing only; never set it for real
 * files) lowers the smallest log2N accepted, and used, from 15 to its
 * value (1..15), so that the test suite does not spend 32 MiB and a tenth
 * of a second on each scrypt.
 */

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "duet_util.h"
#include "home.h"
#include "sharefile.h"

#define DUET_SHAREFILE_MAGIC      "DUETSHR1"
#define DUET_SHAREFILE_VERSION    1
#define DUET_SHAREFILE_R          8
#define DUET_SHAREFILE_P          1
#define DUET_SHAREFILE_SALT       16
#define DUET_SHAREFILE_NONCE      12
#define DUET_SHAREFILE_TAG        16
#define DUET_SHAREFILE_KEY        32
#define DUET_SHAREFILE_ID         36
/* magic, version, log2N, r, p, salt, nonce, id, party, level, length */
#define DUET_SHAREFILE_HEADER     (8 + 1 + 1 + 4 + 4 + DUET_SHAREFILE_SALT \
    + DUET_SHAREFILE_NONCE + DUET_SHAREFILE_ID + 1 + 2 + 4)
/* The blobs of a level-128 share are tens of KiB; leave ample room. */
#define DUET_SHAREFILE_PLAIN_MAX  ((size_t) 4 << 20)
#define DUET_SHAREFILE_FILE_MAX   (DUET_SHAREFILE_HEADER \
    + DUET_SHAREFILE_PLAIN_MAX + DUET_SHAREFILE_TAG)


static void
duet_sharefile_put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t) (v >> 24);
    p[1] = (uint8_t) (v >> 16);
    p[2] = (uint8_t) (v >> 8);
    p[3] = (uint8_t) v;
}


static uint32_t
duet_sharefile_get32(const uint8_t *p)
{
    return (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16
        | (uint32_t) p[2] << 8 | (uint32_t) p[3];
}


/* The smallest log2N accepted: 15, or the test override. */
static int
duet_sharefile_log2n_min(void)
{
    const char  *env;
    char        *end;
    long         v;

    env = getenv("DUET_TEST_SCRYPT_LOG2N");
    if (env == NULL || env[0] == '\0') {
        return DUET_SHAREFILE_LOG2N_MIN;
    }
    v = strtol(env, &end, 10);
    if (*end != '\0' || v < 1 || v > DUET_SHAREFILE_LOG2N_MIN) {
        return DUET_SHAREFILE_LOG2N_MIN;
    }

    return (int) v;
}


static int
duet_sharefile_id_ok(const uint8_t *s)
{
    size_t  i;

    for (i = 0; i < DUET_SHAREFILE_ID; i++) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (s[i] != '-') {
                return 0;
            }
        } else if (!((s[i] >= '0' && s[i] <= '9')
                     || (s[i] >= 'a' && s[i] <= 'f')))
        {
            return 0;
        }
    }

    return 1;
}


/* key = scrypt(passphrase, salt, 2^log2n, 8, 1).  0 or -1. */
static int
duet_sharefile_kdf(uint8_t key[DUET_SHAREFILE_KEY], const char *passphrase,
    const uint8_t *salt, int log2n)
{
    uint64_t  n = (uint64_t) 1 << log2n;
    /* OpenSSL's own count: V is 128 r (N + 2) bytes, B 128 r p. */
    uint64_t  maxmem = 128 * DUET_SHAREFILE_R * (n + 2)
        + 128 * DUET_SHAREFILE_R * DUET_SHAREFILE_P + 4096;

    if (EVP_PBE_scrypt(passphrase, strlen(passphrase), salt,
            DUET_SHAREFILE_SALT, n, DUET_SHAREFILE_R, DUET_SHAREFILE_P,
            maxmem, key, DUET_SHAREFILE_KEY) != 1)
    {
        return -1;
    }

    return 0;
}


/*
 * AES-256-GCM of in (len bytes) into out with aad; enc: seal (tag out),
 * else open (tag in).  0, or -1 (on open: the tag did not match).
 */
static int
duet_sharefile_gcm(int enc, const uint8_t key[DUET_SHAREFILE_KEY],
    const uint8_t *nonce, const uint8_t *aad, size_t aadlen,
    const uint8_t *in, size_t len, uint8_t *out, uint8_t *tag)
{
    EVP_CIPHER_CTX  *ctx;
    int              n, r = -1;

    if (len > DUET_SHAREFILE_PLAIN_MAX
        || (ctx = EVP_CIPHER_CTX_new()) == NULL)
    {
        return -1;
    }
    if (EVP_CipherInit_ex(ctx, EVP_aes_256_gcm(), NULL, NULL, NULL, enc) != 1
        || EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN,
               DUET_SHAREFILE_NONCE, NULL) != 1
        || EVP_CipherInit_ex(ctx, NULL, NULL, key, nonce, enc) != 1
        || EVP_CipherUpdate(ctx, NULL, &n, aad, (int) aadlen) != 1
        || (len > 0
            && EVP_CipherUpdate(ctx, out, &n, in, (int) len) != 1))
    {
        goto out;
    }
    if (!enc && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG,
                    DUET_SHAREFILE_TAG, tag) != 1)
    {
        goto out;
    }
    /* GCM writes nothing at the end; n is 0. */
    if (EVP_CipherFinal_ex(ctx, out + len, &n) != 1) {
        goto out;
    }
    if (enc && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG,
                   DUET_SHAREFILE_TAG, tag) != 1)
    {
        goto out;
    }
    r = 0;

out:
    EVP_CIPHER_CTX_free(ctx);
    return r;
}


int
duet_sharefile_write(const char *path, const struct duet_client_share *s,
    const char *signer_id, int level, const char *passphrase, int log2n)
{
    uint8_t   key[DUET_SHAREFILE_KEY];
    uint8_t  *plain = NULL, *file = NULL, *h;
    size_t    plen = 0, flen = 0;
    int       r = DUET_SHAREFILE_INVALID;

    if (s == NULL || signer_id == NULL || passphrase == NULL
        || passphrase[0] == '\0' || (s->index != 0 && s->index != 2)
        || s->keyshare == NULL || s->keyshare_len == 0
        || s->aux == NULL || s->aux_len == 0
        || strlen(signer_id) != DUET_SHAREFILE_ID
        || !duet_sharefile_id_ok((const uint8_t *) signer_id)
        || (level != 112 && level != 128)
        || log2n < duet_sharefile_log2n_min()
        || log2n > DUET_SHAREFILE_LOG2N_MAX
        || s->keyshare_len > DUET_SHAREFILE_PLAIN_MAX
        || s->aux_len > DUET_SHAREFILE_PLAIN_MAX - 8 - s->keyshare_len)
    {
        return DUET_SHAREFILE_INVALID;
    }

    plen = 4 + s->keyshare_len + 4 + s->aux_len;
    flen = DUET_SHAREFILE_HEADER + plen + DUET_SHAREFILE_TAG;
    r = DUET_SHAREFILE_MEMORY;
    if ((plain = malloc(plen)) == NULL || (file = malloc(flen)) == NULL) {
        goto out;
    }
    duet_sharefile_put32(plain, (uint32_t) s->keyshare_len);
    memcpy(plain + 4, s->keyshare, s->keyshare_len);
    duet_sharefile_put32(plain + 4 + s->keyshare_len, (uint32_t) s->aux_len);
    memcpy(plain + 8 + s->keyshare_len, s->aux, s->aux_len);

    h = file;
    memcpy(h, DUET_SHAREFILE_MAGIC, 8);
    h[8] = DUET_SHAREFILE_VERSION;
    h[9] = (uint8_t) log2n;
    duet_sharefile_put32(h + 10, DUET_SHAREFILE_R);
    duet_sharefile_put32(h + 14, DUET_SHAREFILE_P);
    r = DUET_SHAREFILE_IO;
    /* A fresh salt and nonce per file: the key is never used twice. */
    if (duet_random_bytes(h + 18, DUET_SHAREFILE_SALT + DUET_SHAREFILE_NONCE)
        != 0)
    {
        errno = EIO;
        goto out;
    }
    memcpy(h + 46, signer_id, DUET_SHAREFILE_ID);
    h[82] = (uint8_t) s->index;
    h[83] = (uint8_t) (level >> 8);
    h[84] = (uint8_t) level;
    duet_sharefile_put32(h + 85, (uint32_t) plen);

    r = DUET_SHAREFILE_MEMORY;
    if (duet_sharefile_kdf(key, passphrase, h + 18, log2n) == -1) {
        goto out;
    }
    if (duet_sharefile_gcm(1, key, h + 34, h, DUET_SHAREFILE_HEADER, plain,
            plen, file + DUET_SHAREFILE_HEADER,
            file + DUET_SHAREFILE_HEADER + plen) == -1)
    {
        goto out;
    }
    if (duet_write_atomic(path, file, flen, 0600, 1) == -1) {
        r = DUET_SHAREFILE_IO;
        goto out;
    }
    r = DUET_SHAREFILE_OK;

out:
    duet_memclear(key, sizeof(key));
    if (plain != NULL) {
        duet_memclear(plain, plen);
        free(plain);
    }
    free(file);
    return r;
}


int
duet_sharefile_open(const uint8_t *file, size_t len, const char *passphrase,
    struct duet_client_share *s, struct duet_sharefile_info *info)
{
    uint8_t        key[DUET_SHAREFILE_KEY];
    uint8_t       *plain = NULL;
    const uint8_t *h = file;
    size_t         plen = 0, klen, alen;
    int            log2n, party, level, r = DUET_SHAREFILE_CORRUPT;

    memset(s, 0, sizeof(*s));
    memset(info, 0, sizeof(*info));
    if (passphrase == NULL) {
        return DUET_SHAREFILE_INVALID;
    }

    if (len < DUET_SHAREFILE_HEADER + DUET_SHAREFILE_TAG
        || memcmp(h, DUET_SHAREFILE_MAGIC, 8) != 0
        || h[8] != DUET_SHAREFILE_VERSION)
    {
        return DUET_SHAREFILE_CORRUPT;
    }
    log2n = h[9];
    party = h[82];
    level = h[83] << 8 | h[84];
    plen = duet_sharefile_get32(h + 85);
    if (log2n < duet_sharefile_log2n_min()
        || log2n > DUET_SHAREFILE_LOG2N_MAX
        || duet_sharefile_get32(h + 10) != DUET_SHAREFILE_R
        || duet_sharefile_get32(h + 14) != DUET_SHAREFILE_P
        || !duet_sharefile_id_ok(h + 46)
        || (party != 0 && party != 2)
        || (level != 112 && level != 128)
        || plen < 8 || plen > DUET_SHAREFILE_PLAIN_MAX
        || len != DUET_SHAREFILE_HEADER + plen + DUET_SHAREFILE_TAG)
    {
        return DUET_SHAREFILE_CORRUPT;
    }

    r = DUET_SHAREFILE_MEMORY;
    if ((plain = malloc(plen)) == NULL
        || duet_sharefile_kdf(key, passphrase, h + 18, log2n) == -1)
    {
        goto out;
    }
    if (duet_sharefile_gcm(0, key, h + 34, h, DUET_SHAREFILE_HEADER,
            h + DUET_SHAREFILE_HEADER, plen, plain,
            (uint8_t *) (uintptr_t) (h + DUET_SHAREFILE_HEADER + plen)) == -1)
    {
        r = DUET_SHAREFILE_BAD_PASSPHRASE;
        goto out;
    }

    /* Authentic, so only our own writer can have made these wrong. */
    r = DUET_SHAREFILE_CORRUPT;
    klen = duet_sharefile_get32(plain);
    if (klen == 0 || klen > plen - 8) {
        goto out;
    }
    alen = duet_sharefile_get32(plain + 4 + klen);
    if (alen == 0 || alen != plen - 8 - klen) {
        goto out;
    }
    r = DUET_SHAREFILE_MEMORY;
    if ((s->keyshare = malloc(klen)) == NULL
        || (s->aux = malloc(alen)) == NULL)
    {
        free(s->keyshare);
        memset(s, 0, sizeof(*s));
        goto out;
    }
    memcpy(s->keyshare, plain + 4, klen);
    s->keyshare_len = klen;
    memcpy(s->aux, plain + 8 + klen, alen);
    s->aux_len = alen;
    s->index = party;

    memcpy(info->signer_id, h + 46, DUET_SHAREFILE_ID);
    info->signer_id[DUET_SHAREFILE_ID] = '\0';
    info->party = party;
    info->level = level;
    info->log2n = log2n;
    r = DUET_SHAREFILE_OK;

out:
    duet_memclear(key, sizeof(key));
    if (plain != NULL) {
        duet_memclear(plain, plen);
        free(plain);
    }
    return r;
}


int
duet_sharefile_read(const char *path, const char *passphrase,
    struct duet_client_share *s, struct duet_sharefile_info *info)
{
    uint8_t  *file = NULL;
    size_t    len = 0;
    int       r;

    memset(s, 0, sizeof(*s));
    memset(info, 0, sizeof(*info));
    if (duet_read_private_file(path, DUET_SHAREFILE_FILE_MAX, &file, &len,
            NULL, 0) == -1)
    {
        if (errno == EPERM) {
            return DUET_SHAREFILE_PERMS;
        }
        return errno == EFBIG ? DUET_SHAREFILE_CORRUPT : DUET_SHAREFILE_IO;
    }
    r = duet_sharefile_open(file, len, passphrase, s, info);
    free(file);

    return r;
}


void
duet_sharefile_share_clear(struct duet_client_share *s)
{
    if (s->keyshare != NULL) {
        duet_memclear(s->keyshare, s->keyshare_len);
        free(s->keyshare);
    }
    if (s->aux != NULL) {
        duet_memclear(s->aux, s->aux_len);
        free(s->aux);
    }
    memset(s, 0, sizeof(*s));
}


const char *
duet_sharefile_strerror(int rc)
{
    switch (rc) {
    case DUET_SHAREFILE_OK:
        return "success";
    case DUET_SHAREFILE_BAD_PASSPHRASE:
        return "wrong passphrase, or the file was altered";
    case DUET_SHAREFILE_CORRUPT:
        return "not a duet share file, or truncated or corrupted";
    case DUET_SHAREFILE_IO:
        return "cannot read or write the file";
    case DUET_SHAREFILE_MEMORY:
        return "out of memory (or the key derivation failed)";
    case DUET_SHAREFILE_PERMS:
        return "the file is not yours or group or others can read it "
            "(chmod 600)";
    case DUET_SHAREFILE_INVALID:
        return "invalid arguments (share, signer id, level, passphrase or "
            "scrypt cost)";
    }

    return "unknown share file error";
}
