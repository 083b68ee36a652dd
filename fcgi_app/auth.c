/*
 * auth.c -- see auth.h.
 */

#include "config.h"

#include <string.h>
#include <strings.h>

#include <openssl/evp.h>

#include "auth.h"
#include "duet_util.h"


int
duetd_sha256(uint8_t out[32], const void *in, size_t len)
{
    unsigned int  n = 0;

    if (EVP_Digest(in, len, out, &n, EVP_sha256(), NULL) != 1 || n != 32) {
        duet_memclear(out, 32);
        return -1;
    }
    return 0;
}


int
duetd_auth_apikey_new(char key[DUETD_APIKEY_SIZE], uint8_t hash[32])
{
    uint8_t  raw[DUETD_APIKEY_RANDOM];
    int      r = -1;

    if (duet_random_bytes(raw, sizeof(raw)) != 0) {
        goto out;
    }
    memcpy(key, DUETD_APIKEY_PREFIX, DUETD_APIKEY_PREFIX_LEN);
    if (duet_base64url_encode(key + DUETD_APIKEY_PREFIX_LEN,
                              DUETD_APIKEY_SIZE - DUETD_APIKEY_PREFIX_LEN,
                              raw, sizeof(raw)) != 0
        || strlen(key) != DUETD_APIKEY_LEN
        || duetd_sha256(hash, key, DUETD_APIKEY_LEN) != 0)
    {
        goto out;
    }
    r = 0;

out:
    duet_memclear(raw, sizeof(raw));
    if (r != 0) {
        duet_memclear(key, DUETD_APIKEY_SIZE);
    }
    return r;
}


int
duetd_auth_apikey_shape(const char *key, size_t len)
{
    size_t  i;
    int     bad = 0;
    char    c;

    if (len != DUETD_APIKEY_LEN
        || memcmp(key, DUETD_APIKEY_PREFIX, DUETD_APIKEY_PREFIX_LEN) != 0)
    {
        return 0;
    }
    /* No early exit: the time must not tell which character was wrong. */
    for (i = DUETD_APIKEY_PREFIX_LEN; i < len; i++) {
        c = key[i];
        bad |= !((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
                 || (c >= '0' && c <= '9') || c == '-' || c == '_');
    }
    return !bad;
}


int
duetd_auth_bearer(const char *value, const char **tok, size_t *len)
{
    const char  *p;

    *tok = NULL;
    *len = 0;
    if (value == NULL || strncasecmp(value, "Bearer ", 7) != 0) {
        return -1;
    }
    p = value + 7;
    while (*p == ' ') {
        p++;
    }
    if (*p == '\0') {
        return -1;
    }
    *tok = p;
    *len = strlen(p);
    while (*len > 0 && (p[*len - 1] == ' ' || p[*len - 1] == '\t')) {
        (*len)--;
    }
    return 0;
}


int
duetd_auth_operator_ok(const struct duetd_config *cfg, const char *tok,
    size_t len)
{
    uint8_t  h[32];
    int      eq;

    if (!cfg->have_operator || len <= strlen(DUETD_OPTOKEN_PREFIX)
        || strncmp(tok, DUETD_OPTOKEN_PREFIX, strlen(DUETD_OPTOKEN_PREFIX))
           != 0
        || duetd_sha256(h, tok, len) != 0)
    {
        return 0;
    }
    eq = duet_ct_memeq(h, cfg->operator_token_sha256, sizeof(h));
    duet_memclear(h, sizeof(h));
    return eq;
}
