/*
 * auth.h -- who is calling: the operator (Authorization: Bearer duet_op_...,
 * compared with the SHA-256 in the config) or one signer (x-api-key:
 * duet_live_..., looked up by its SHA-256 in the store).
 *
 * The pieces here are pure (no store, no request): hashing, key making,
 * shape checks and the operator comparison.  The router combines them with
 * the store lookup.  Tokens and keys are secrets: nothing here logs, and
 * every comparison of secret bytes is constant time.
 */

#ifndef DUETD_AUTH_H
#define DUETD_AUTH_H

#include <stddef.h>
#include <stdint.h>

#include "options.h"

#define DUETD_APIKEY_PREFIX      "duet_live_"
#define DUETD_APIKEY_PREFIX_LEN  10
#define DUETD_APIKEY_RANDOM      32                     /* bytes        */
#define DUETD_APIKEY_LEN         (DUETD_APIKEY_PREFIX_LEN + 43)
#define DUETD_APIKEY_SIZE        (DUETD_APIKEY_LEN + 1)
#define DUETD_OPTOKEN_PREFIX     "duet_op_"

/* Who a request comes from, as the router established it. */
#define DUETD_CALLER_NONE        0
#define DUETD_CALLER_OPERATOR    1
#define DUETD_CALLER_SIGNER      2

#define DUETD_CALLER_ID_SIZE     37

struct duetd_caller {
    int   kind;                              /* DUETD_CALLER_*          */
    char  signer_id[DUETD_CALLER_ID_SIZE];   /* DUETD_CALLER_SIGNER     */
};

/* SHA-256 of in[0..len).  Returns 0 or -1 (OpenSSL failed). */
int duetd_sha256(uint8_t out[32], const void *in, size_t len);

/*
 * Make a new API key, "duet_live_" and the base64url of 32 bytes from the
 * CSPRNG, and its SHA-256 (what the store keeps).  The caller wipes key.
 * Returns 0 or -1.
 */
int duetd_auth_apikey_new(char key[DUETD_APIKEY_SIZE], uint8_t hash[32]);

/*
 * Is key[0..len) shaped like an API key (prefix, length, alphabet)?  A
 * key that is not is refused before any store lookup.  Returns 1 or 0.
 */
int duetd_auth_apikey_shape(const char *key, size_t len);

/*
 * The token of an "Authorization: Bearer <token>" header value (the
 * scheme is case-insensitive, one or more spaces follow it).
 * Returns: 0 with *tok and *len pointing into value, or -1.
 */
int duetd_auth_bearer(const char *value, const char **tok, size_t *len);

/*
 * Does token[0..len) hash to the configured operator token?  Always 0
 * when the config has none.  Returns 1 or 0.
 */
int duetd_auth_operator_ok(const struct duetd_config *cfg, const char *tok,
    size_t len);

#endif /* DUETD_AUTH_H */
