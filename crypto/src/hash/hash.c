/*
 * hash.c -- SHA-256 and HMAC-SHA256 over OpenSSL EVP.
 */

#include "config.h"

#include <limits.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "duet.h"
#include "duet_util.h"
#include "hash/hash.h"
#include "util/check.h"

/*
 * The SHA-256 implementation, fetched from the default provider once per
 * process.  Passing EVP_sha256() to every init would repeat the fetch (a
 * lookup under a lock) for each of the thousands of blocks a Fiat-Shamir
 * stream may need.
 */
static pthread_once_t duet_sha256_once = PTHREAD_ONCE_INIT;
static EVP_MD *duet_sha256_md;


static void
duet_sha256_fetch(void)
{
    duet_sha256_md = EVP_MD_fetch(NULL, "SHA2-256", NULL);
}


/* Returns: the fetched SHA-256, or NULL if OpenSSL has none. */
static const EVP_MD *
duet_sha256_get_md(void)
{
    if (pthread_once(&duet_sha256_once, duet_sha256_fetch) != 0) {
        return NULL;
    }
    return duet_sha256_md;
}


int
duet_sha256(uint8_t out[DUET_SHA256_BYTES], const void *in, size_t len)
{
    static const uint8_t empty[1];
    const EVP_MD *md;
    unsigned int md_len = 0;
    int r = DUET_ERR_INTERNAL;

    VERIFY_CHECK(out != NULL);
    VERIFY_CHECK(in != NULL || len == 0);

    if ((md = duet_sha256_get_md()) == NULL) {
        goto out;
    }
    if (EVP_Digest(in != NULL ? in : empty, len, out, &md_len, md, NULL)
        != 1 || md_len != DUET_SHA256_BYTES)
    {
        goto out;
    }
    r = 0;

out:
    if (r != 0) {
        duet_memclear(out, DUET_SHA256_BYTES);
    }
    return r;
}


int
duet_sha256_init(struct duet_sha256 *h)
{
    const EVP_MD *md;
    int r = DUET_ERR_INTERNAL;

    VERIFY_CHECK(h != NULL);

    h->md = NULL;
    if ((md = duet_sha256_get_md()) == NULL) {
        goto out;
    }
    if ((h->md = EVP_MD_CTX_new()) == NULL) {
        r = DUET_ERR_NO_MEMORY;
        goto out;
    }
    if (EVP_DigestInit_ex(h->md, md, NULL) != 1) {
        goto out;
    }
    r = 0;

out:
    if (r != 0) {
        duet_sha256_clear(h);
    }
    return r;
}


int
duet_sha256_update(struct duet_sha256 *h, const void *in, size_t len)
{
    VERIFY_CHECK(h != NULL);
    VERIFY_CHECK(in != NULL || len == 0);

    if (h->md == NULL) {
        return DUET_ERR_BAD_STATE;
    }
    if (len == 0) {
        return 0;
    }
    if (EVP_DigestUpdate(h->md, in, len) != 1) {
        return DUET_ERR_INTERNAL;
    }
    return 0;
}


int
duet_sha256_final(struct duet_sha256 *h, uint8_t out[DUET_SHA256_BYTES])
{
    unsigned int md_len = 0;
    int r = DUET_ERR_INTERNAL;

    VERIFY_CHECK(h != NULL && out != NULL);

    if (h->md == NULL) {
        r = DUET_ERR_BAD_STATE;
        goto out;
    }
    if (EVP_DigestFinal_ex(h->md, out, &md_len) != 1
        || md_len != DUET_SHA256_BYTES)
    {
        goto out;
    }
    r = 0;

out:
    duet_sha256_clear(h);
    if (r != 0) {
        duet_memclear(out, DUET_SHA256_BYTES);
    }
    return r;
}


int
duet_sha256_copy(struct duet_sha256 *dst, const struct duet_sha256 *src)
{
    int r = DUET_ERR_INTERNAL;

    VERIFY_CHECK(dst != NULL && src != NULL && dst != src);

    dst->md = NULL;
    if (src->md == NULL) {
        r = DUET_ERR_BAD_STATE;
        goto out;
    }
    if ((dst->md = EVP_MD_CTX_new()) == NULL) {
        r = DUET_ERR_NO_MEMORY;
        goto out;
    }
    if (EVP_MD_CTX_copy_ex(dst->md, src->md) != 1) {
        goto out;
    }
    r = 0;

out:
    if (r != 0) {
        duet_sha256_clear(dst);
    }
    return r;
}


void
duet_sha256_clear(struct duet_sha256 *h)
{
    if (h == NULL) {
        return;
    }
    /* Frees the provider's state with OPENSSL_clear_free. */
    EVP_MD_CTX_free(h->md);
    h->md = NULL;
}


int
duet_hmac_sha256(uint8_t out[DUET_SHA256_BYTES], const uint8_t *key,
    size_t key_len, const uint8_t *msg, size_t msg_len)
{
    /* OpenSSL 3.0 mishandles a NULL key even when its length is 0. */
    static const uint8_t empty[1];
    const EVP_MD *md;
    unsigned int md_len = 0;
    int r = DUET_ERR_INTERNAL;

    VERIFY_CHECK(out != NULL);
    VERIFY_CHECK(key != NULL || key_len == 0);
    VERIFY_CHECK(msg != NULL || msg_len == 0);

    if (key_len > INT_MAX) {
        r = DUET_ERR_LIMIT_EXCEEDED;
        goto out;
    }
    if ((md = duet_sha256_get_md()) == NULL) {
        goto out;
    }
    if (HMAC(md, key != NULL ? key : empty, (int) key_len,
            msg != NULL ? msg : empty, msg_len, out, &md_len) == NULL
        || md_len != DUET_SHA256_BYTES)
    {
        goto out;
    }
    r = 0;

out:
    if (r != 0) {
        duet_memclear(out, DUET_SHA256_BYTES);
    }
    return r;
}
