/*
 * server_share.c -- see server_share.h.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "duet_util.h"
#include "server_share.h"

static const uint8_t  duetd_share_magic[4] = { 'D', 'S', 'H', '1' };

#define DUETD_SHARE_HEAD  (4 + 1)


static void
duetd_put_u32(uint8_t *p, size_t v)
{
    p[0] = (uint8_t) (v >> 24);
    p[1] = (uint8_t) (v >> 16);
    p[2] = (uint8_t) (v >> 8);
    p[3] = (uint8_t) v;
}


static size_t
duetd_get_u32(const uint8_t *p)
{
    return ((size_t) p[0] << 24) | ((size_t) p[1] << 16)
           | ((size_t) p[2] << 8) | (size_t) p[3];
}


int
duetd_server_share_name(char out[DUETD_SERVER_SHARE_NAME_MAX],
    const char *signer_id)
{
    int  n;

    if (signer_id[0] == '\0') {
        return -1;
    }
    n = snprintf(out, DUETD_SERVER_SHARE_NAME_MAX, "signers/%s", signer_id);
    return n > 0 && n < DUETD_SERVER_SHARE_NAME_MAX ? 0 : -1;
}


int
duetd_server_share_encode(uint8_t **out, size_t *out_len,
    const uint8_t *keyshare, size_t keyshare_len, const uint8_t *aux,
    size_t aux_len)
{
    uint8_t  *p;
    size_t    n;

    *out = NULL;
    *out_len = 0;
    if (keyshare_len == 0 || aux_len == 0 || keyshare_len > 0xffffffffu
        || aux_len > 0xffffffffu)
    {
        return -1;
    }
    n = DUETD_SHARE_HEAD + 4 + keyshare_len + 4 + aux_len;
    if ((p = malloc(n)) == NULL) {
        return -1;
    }
    memcpy(p, duetd_share_magic, 4);
    p[4] = DUETD_SERVER_SHARE_VERSION;
    duetd_put_u32(p + 5, keyshare_len);
    memcpy(p + 9, keyshare, keyshare_len);
    duetd_put_u32(p + 9 + keyshare_len, aux_len);
    memcpy(p + 13 + keyshare_len, aux, aux_len);
    *out = p;
    *out_len = n;
    return 0;
}


int
duetd_server_share_decode(const uint8_t *blob, size_t len,
    const uint8_t **keyshare, size_t *keyshare_len, const uint8_t **aux,
    size_t *aux_len)
{
    size_t  ks, ax;

    *keyshare = NULL;
    *aux = NULL;
    *keyshare_len = 0;
    *aux_len = 0;
    if (len < DUETD_SHARE_HEAD + 8 || memcmp(blob, duetd_share_magic, 4) != 0
        || blob[4] != DUETD_SERVER_SHARE_VERSION)
    {
        return -1;
    }
    ks = duetd_get_u32(blob + 5);
    if (ks == 0 || ks > len - (DUETD_SHARE_HEAD + 8)) {
        return -1;
    }
    ax = duetd_get_u32(blob + 9 + ks);
    if (ax == 0 || ax != len - (DUETD_SHARE_HEAD + 8) - ks) {
        return -1;
    }
    *keyshare = blob + 9;
    *keyshare_len = ks;
    *aux = blob + 13 + ks;
    *aux_len = ax;
    return 0;
}


void
duetd_server_share_free(uint8_t *p, size_t len)
{
    if (p != NULL) {
        duet_memclear(p, len);
        free(p);
    }
}
