
/*
 * duet_jwt.c: ES256 session tokens: strict parsing, the algorithm pinned,
 * the signature checked by OpenSSL with a key parsed once, every claim
 * checked here.
 *
 * Why not libjwt's jwt_decode: its 1.10.2 API takes the key as PEM text
 * on every call, and OpenSSL 3 parses PEM slowly.  Measured on the CI
 * machine (bench/jwt-bench), jwt_decode costs about 1 ms, ten times the
 * ES256 verification itself; and everything else it does (base64url,
 * JSON, the alg check it gets wrong) has to be done here anyway.  libjwt
 * stays the test oracle (tests/nginx/jwt-t).
 */


#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

#include "duet_jwt.h"


#define DUET_JWT_KID_MAX     128
#define DUET_JWT_COORD       32         /* bytes of a P-256 coordinate  */
#define DUET_JWT_SIG         64         /* ES256: r || s                 */


typedef struct {
    char              *kid;             /* NULL: a PEM key, no kid      */
    EVP_PKEY          *pkey;            /* P-256, checked on the curve  */
} duet_jwt_key_t;


struct duet_jwt_keys_s {
    duet_jwt_key_t     key[DUET_JWT_MAX_KEYS];
    size_t             n;
};


struct duet_jwt_claims_s {
    json_t            *payload;
};


static int duet_jwt_b64url_decode(const char *in, size_t len,
    unsigned char **out, size_t *outlen);
static json_t *duet_jwt_json_object(const unsigned char *b, size_t len);
static int duet_jwt_es256_verify(EVP_PKEY *pkey, const char *msg,
    size_t len, const unsigned char *sig);
static int duet_jwt_add_pem(duet_jwt_keys_t *ks, size_t *n,
    duet_jwt_key_t *add, const unsigned char *data, size_t len, char *err,
    size_t errlen);
static int duet_jwt_add_jwks(duet_jwt_keys_t *ks, size_t *n,
    duet_jwt_key_t *add, const unsigned char *data, size_t len, char *err,
    size_t errlen);
static EVP_PKEY *duet_jwt_jwk_pkey(json_t *jwk, size_t i, char *err,
    size_t errlen);
static int duet_jwt_kid_taken(const duet_jwt_keys_t *ks,
    const duet_jwt_key_t *add, size_t n, const char *kid);
static const duet_jwt_key_t *duet_jwt_pick_key(const duet_jwt_keys_t *ks,
    json_t *header, const char **reason);
static const char *duet_jwt_check_claims(json_t *payload,
    const duet_jwt_check_t *chk);
static void duet_jwt_key_clear(duet_jwt_key_t *k);


static const signed char  duet_jwt_b64[256] = {
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 62, -1, -1,
    52, 53, 54, 55, 56, 57, 58, 59, 60, 61, -1, -1, -1, -1, -1, -1,
    -1,  0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12, 13, 14,
    15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, -1, -1, -1, -1, 63,
    -1, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
    41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1
};


duet_jwt_keys_t *
duet_jwt_keys_new(void)
{
    return calloc(1, sizeof(duet_jwt_keys_t));
}


void
duet_jwt_keys_free(duet_jwt_keys_t *ks)
{
    size_t  i;

    if (ks == NULL) {
        return;
    }

    for (i = 0; i < ks->n; i++) {
        duet_jwt_key_clear(&ks->key[i]);
    }

    free(ks);
}


size_t
duet_jwt_keys_count(const duet_jwt_keys_t *ks)
{
    return ks->n;
}


int
duet_jwt_keys_add(duet_jwt_keys_t *ks, const unsigned char *data, size_t len,
    char *err, size_t errlen)
{
    size_t          i, n;
    duet_jwt_key_t  add[DUET_JWT_MAX_KEYS];

    memset(add, 0, sizeof(add));
    n = 0;

    for (i = 0; i < len && isspace(data[i]); i++) {
        /* void */
    }

    if (i < len && data[i] == '{') {
        if (duet_jwt_add_jwks(ks, &n, add, data, len, err, errlen) != 0) {
            goto failed;
        }

    } else if (duet_jwt_add_pem(ks, &n, add, data, len, err, errlen) != 0) {
        goto failed;
    }

    /* all or nothing: the set changes only when every key was good */

    memcpy(&ks->key[ks->n], add, n * sizeof(duet_jwt_key_t));
    ks->n += n;

    return 0;

failed:

    for (i = 0; i < n; i++) {
        duet_jwt_key_clear(&add[i]);
    }

    return -1;
}


static int
duet_jwt_add_pem(duet_jwt_keys_t *ks, size_t *n, duet_jwt_key_t *add,
    const unsigned char *data, size_t len, char *err, size_t errlen)
{
    int        rc;
    BIO       *bio;
    char       group[64];
    size_t     glen;
    EVP_PKEY  *pkey, *extra;

    rc = -1;
    pkey = NULL;

    if (ks->n >= DUET_JWT_MAX_KEYS) {
        snprintf(err, errlen, "more than %d keys", DUET_JWT_MAX_KEYS);
        return -1;
    }

    if (len > INT32_MAX) {
        snprintf(err, errlen, "not a PEM public key or a JWKS");
        return -1;
    }

    bio = BIO_new_mem_buf(data, (int) len);
    if (bio == NULL) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }

    pkey = PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL);

    if (pkey == NULL) {
        BIO_free(bio);
        snprintf(err, errlen, "not a PEM public key or a JWKS");
        goto done;
    }

    /* OpenSSL would read the first key and ignore the rest silently */

    extra = PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL);
    BIO_free(bio);
    ERR_clear_error();

    if (extra != NULL) {
        EVP_PKEY_free(extra);
        snprintf(err, errlen, "more than one key in a PEM file (use one "
                 "file per key, or a JWKS with kids)");
        goto done;
    }

    if (EVP_PKEY_get_base_id(pkey) != EVP_PKEY_EC
        || EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME,
                                          group, sizeof(group), &glen) != 1
        || strcmp(group, SN_X9_62_prime256v1) != 0)
    {
        snprintf(err, errlen, "not an EC P-256 public key (ES256)");
        goto done;
    }

    add[*n].kid = NULL;
    add[*n].pkey = pkey;
    pkey = NULL;
    (*n)++;
    rc = 0;

done:

    EVP_PKEY_free(pkey);

    return rc;
}


static int
duet_jwt_add_jwks(duet_jwt_keys_t *ks, size_t *n, duet_jwt_key_t *add,
    const unsigned char *data, size_t len, char *err, size_t errlen)
{
    int           rc;
    size_t        i;
    json_t       *root, *keys, *jwk, *kid;
    EVP_PKEY     *pkey;
    json_error_t  jerr;

    rc = -1;

    root = json_loadb((const char *) data, len, JSON_REJECT_DUPLICATES,
                      &jerr);
    if (root == NULL || !json_is_object(root)) {
        snprintf(err, errlen, "not a JWKS: malformed JSON");
        goto done;
    }

    keys = json_object_get(root, "keys");
    if (!json_is_array(keys) || json_array_size(keys) == 0) {
        snprintf(err, errlen, "not a JWKS: no \"keys\" array");
        goto done;
    }

    for (i = 0; i < json_array_size(keys); i++) {
        jwk = json_array_get(keys, i);

        if (ks->n + *n >= DUET_JWT_MAX_KEYS) {
            snprintf(err, errlen, "keys[%zu]: more than %d keys", i,
                     DUET_JWT_MAX_KEYS);
            goto done;
        }

        if (!json_is_object(jwk)) {
            snprintf(err, errlen, "keys[%zu]: not an object", i);
            goto done;
        }

        kid = json_object_get(jwk, "kid");
        if (!json_is_string(kid) || json_string_length(kid) == 0
            || json_string_length(kid) > DUET_JWT_KID_MAX)
        {
            snprintf(err, errlen, "keys[%zu]: no kid (1 to %d characters)",
                     i, DUET_JWT_KID_MAX);
            goto done;
        }

        if (duet_jwt_kid_taken(ks, add, *n, json_string_value(kid))) {
            snprintf(err, errlen, "keys[%zu]: duplicate kid", i);
            goto done;
        }

        pkey = duet_jwt_jwk_pkey(jwk, i, err, errlen);
        if (pkey == NULL) {
            goto done;
        }

        add[*n].pkey = pkey;
        add[*n].kid = malloc(json_string_length(kid) + 1);
        (*n)++;

        if (add[*n - 1].kid == NULL) {
            snprintf(err, errlen, "out of memory");
            goto done;
        }

        memcpy(add[*n - 1].kid, json_string_value(kid),
               json_string_length(kid) + 1);
    }

    rc = 0;

done:

    json_decref(root);

    return rc;
}


/* An EC P-256 public key from a JWK, the point checked to be on the curve */

static EVP_PKEY *
duet_jwt_jwk_pkey(json_t *jwk, size_t i, char *err, size_t errlen)
{
    json_t         *v, *x, *y;
    size_t          xlen, ylen;
    EVP_PKEY       *pkey, *checked;
    OSSL_PARAM     *params;
    EVP_PKEY_CTX   *ctx;
    unsigned char  *xb, *yb, point[1 + 2 * DUET_JWT_COORD];
    OSSL_PARAM_BLD *bld;

    pkey = NULL;
    checked = NULL;
    params = NULL;
    ctx = NULL;
    bld = NULL;
    xb = NULL;
    yb = NULL;

    v = json_object_get(jwk, "kty");
    if (!json_is_string(v) || strcmp(json_string_value(v), "EC") != 0) {
        snprintf(err, errlen, "keys[%zu]: kty is not EC", i);
        return NULL;
    }

    v = json_object_get(jwk, "crv");
    if (!json_is_string(v) || strcmp(json_string_value(v), "P-256") != 0) {
        snprintf(err, errlen, "keys[%zu]: crv is not P-256", i);
        return NULL;
    }

    v = json_object_get(jwk, "use");
    if (v != NULL
        && (!json_is_string(v) || strcmp(json_string_value(v), "sig") != 0))
    {
        snprintf(err, errlen, "keys[%zu]: use is not sig", i);
        return NULL;
    }

    v = json_object_get(jwk, "alg");
    if (v != NULL
        && (!json_is_string(v) || strcmp(json_string_value(v), "ES256") != 0))
    {
        snprintf(err, errlen, "keys[%zu]: alg is not ES256", i);
        return NULL;
    }

    if (json_object_get(jwk, "d") != NULL) {
        snprintf(err, errlen, "keys[%zu]: a private key (has d): nginx "
                 "needs only the public key", i);
        return NULL;
    }

    x = json_object_get(jwk, "x");
    y = json_object_get(jwk, "y");

    if (!json_is_string(x) || !json_is_string(y)
        || duet_jwt_b64url_decode(json_string_value(x),
                                  json_string_length(x), &xb, &xlen) != 0
        || duet_jwt_b64url_decode(json_string_value(y),
                                  json_string_length(y), &yb, &ylen) != 0
        || xlen != DUET_JWT_COORD || ylen != DUET_JWT_COORD)
    {
        snprintf(err, errlen, "keys[%zu]: x and y must be %d bytes of "
                 "base64url each", i, DUET_JWT_COORD);
        goto done;
    }

    point[0] = 0x04;
    memcpy(point + 1, xb, DUET_JWT_COORD);
    memcpy(point + 1 + DUET_JWT_COORD, yb, DUET_JWT_COORD);

    bld = OSSL_PARAM_BLD_new();
    if (bld == NULL
        || OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME,
                                           SN_X9_62_prime256v1, 0) != 1
        || OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY,
                                            point, sizeof(point)) != 1
        || (params = OSSL_PARAM_BLD_to_param(bld)) == NULL
        || (ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL)) == NULL
        || EVP_PKEY_fromdata_init(ctx) != 1
        || EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) != 1)
    {
        snprintf(err, errlen, "keys[%zu]: not a point on P-256", i);
        goto done;
    }

    EVP_PKEY_CTX_free(ctx);
    ctx = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);

    if (ctx == NULL || EVP_PKEY_public_check(ctx) != 1) {
        snprintf(err, errlen, "keys[%zu]: not a point on P-256", i);
        goto done;
    }

    checked = pkey;
    pkey = NULL;

done:

    EVP_PKEY_free(pkey);
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    free(xb);
    free(yb);

    return checked;
}


/* One ES256 signature, r || s, over msg[0..len) */

static int
duet_jwt_es256_verify(EVP_PKEY *pkey, const char *msg, size_t len,
    const unsigned char *sig)
{
    int             ok, dlen;
    BIGNUM         *r, *s;
    ECDSA_SIG      *es;
    EVP_MD_CTX     *md;
    unsigned char  *der;

    ok = 0;
    der = NULL;
    md = NULL;

    es = ECDSA_SIG_new();
    r = BN_bin2bn(sig, DUET_JWT_SIG / 2, NULL);
    s = BN_bin2bn(sig + DUET_JWT_SIG / 2, DUET_JWT_SIG / 2, NULL);

    if (es == NULL || r == NULL || s == NULL || ECDSA_SIG_set0(es, r, s) != 1)
    {
        BN_free(r);
        BN_free(s);
        goto done;
    }

    /* r and s belong to es now */

    dlen = i2d_ECDSA_SIG(es, &der);
    if (dlen <= 0) {
        goto done;
    }

    md = EVP_MD_CTX_new();

    ok = md != NULL
         && EVP_DigestVerifyInit(md, NULL, EVP_sha256(), NULL, pkey) == 1
         && EVP_DigestVerify(md, der, (size_t) dlen,
                             (const unsigned char *) msg, len) == 1;

done:

    EVP_MD_CTX_free(md);
    OPENSSL_free(der);
    ECDSA_SIG_free(es);

    return ok;
}


static int
duet_jwt_kid_taken(const duet_jwt_keys_t *ks, const duet_jwt_key_t *add,
    size_t n, const char *kid)
{
    size_t  i;

    for (i = 0; i < ks->n; i++) {
        if (ks->key[i].kid != NULL && strcmp(ks->key[i].kid, kid) == 0) {
            return 1;
        }
    }

    for (i = 0; i < n; i++) {
        if (add[i].kid != NULL && strcmp(add[i].kid, kid) == 0) {
            return 1;
        }
    }

    return 0;
}


static void
duet_jwt_key_clear(duet_jwt_key_t *k)
{
    free(k->kid);
    EVP_PKEY_free(k->pkey);
    k->kid = NULL;
    k->pkey = NULL;
}


int
duet_jwt_verify(const duet_jwt_keys_t *ks, const duet_jwt_check_t *chk,
    const char *token, size_t len, duet_jwt_claims_t **claims,
    const char **reason)
{
    int                    rc;
    size_t                 i, dot1, dot2, ndots, siglen, hlen, plen;
    json_t                *header, *payload, *v;
    unsigned char         *sig, *hbytes, *pbytes;
    duet_jwt_claims_t     *c;
    const duet_jwt_key_t  *key;

    rc = -1;
    *claims = NULL;
    *reason = "malformed token";
    header = NULL;
    payload = NULL;
    sig = NULL;
    hbytes = NULL;
    pbytes = NULL;

    if (len == 0 || len > DUET_JWT_MAX_TOKEN) {
        return -1;
    }

    dot1 = 0;
    dot2 = 0;
    ndots = 0;

    for (i = 0; i < len; i++) {
        if (token[i] == '.') {
            if (++ndots == 1) {
                dot1 = i;

            } else {
                dot2 = i;
            }

        } else if (duet_jwt_b64[(unsigned char) token[i]] < 0) {
            return -1;
        }
    }

    /* an empty signature is left to the alg check: "none" says more */

    if (ndots != 2 || dot1 == 0 || dot2 == dot1 + 1) {
        return -1;
    }

    /* every segment canonical base64url before anything is parsed */

    if (duet_jwt_b64url_decode(token + dot2 + 1, len - dot2 - 1, &sig,
                               &siglen) != 0
        || duet_jwt_b64url_decode(token, dot1, &hbytes, &hlen) != 0
        || duet_jwt_b64url_decode(token + dot1 + 1, dot2 - dot1 - 1,
                                  &pbytes, &plen) != 0)
    {
        goto done;
    }

    header = duet_jwt_json_object(hbytes, hlen);
    if (header == NULL) {
        *reason = "malformed token header";
        goto done;
    }

    /*
     * The algorithm is ours, not the token's: libjwt 1.10.2 would verify
     * an HS256 token with our public key's PEM text as the HMAC secret.
     */

    v = json_object_get(header, "alg");
    if (!json_is_string(v) || strcmp(json_string_value(v), "ES256") != 0) {
        *reason = "algorithm not allowed";
        goto done;
    }

    v = json_object_get(header, "typ");
    if (v != NULL
        && (!json_is_string(v) || strcmp(json_string_value(v), "JWT") != 0))
    {
        *reason = "unsupported token type";
        goto done;
    }

    if (json_object_get(header, "crit") != NULL) {
        *reason = "unsupported critical header";
        goto done;
    }

    key = duet_jwt_pick_key(ks, header, reason);
    if (key == NULL) {
        goto done;
    }

    *reason = "bad signature";

    if (siglen != DUET_JWT_SIG) {
        goto done;
    }

    if (!duet_jwt_es256_verify(key->pkey, token, dot2, sig)) {
        goto done;
    }

    payload = duet_jwt_json_object(pbytes, plen);
    if (payload == NULL) {
        goto done;
    }

    *reason = duet_jwt_check_claims(payload, chk);
    if (*reason != NULL) {
        goto done;
    }

    c = malloc(sizeof(duet_jwt_claims_t));
    if (c == NULL) {
        *reason = "out of memory";
        goto done;
    }

    c->payload = payload;
    payload = NULL;
    *claims = c;
    rc = 0;

done:

    json_decref(header);
    json_decref(payload);
    free(sig);
    free(hbytes);
    free(pbytes);

    return rc;
}


static const duet_jwt_key_t *
duet_jwt_pick_key(const duet_jwt_keys_t *ks, json_t *header,
    const char **reason)
{
    size_t   i;
    json_t  *kid;

    kid = json_object_get(header, "kid");

    if (kid == NULL) {
        if (ks->n == 1) {
            return &ks->key[0];
        }

        *reason = "token has no kid";
        return NULL;
    }

    if (!json_is_string(kid)) {
        *reason = "unknown key id";
        return NULL;
    }

    for (i = 0; i < ks->n; i++) {
        if (ks->key[i].kid != NULL
            && strcmp(ks->key[i].kid, json_string_value(kid)) == 0)
        {
            return &ks->key[i];
        }
    }

    /* a lone PEM key has no kid to compare: it answers for any */

    if (ks->n == 1 && ks->key[0].kid == NULL) {
        return &ks->key[0];
    }

    *reason = "unknown key id";
    return NULL;
}


/* Returns NULL when every claim passes, or the reason */

static const char *
duet_jwt_check_claims(json_t *payload, const duet_jwt_check_t *chk)
{
    size_t   i;
    json_t  *v, *a;

    v = json_object_get(payload, "exp");
    if (!json_is_integer(v)) {
        return "token has no expiry";
    }

    /* written so that no huge claim can overflow: now and leeway are small */

    if (json_integer_value(v) <= (json_int_t) chk->now - chk->leeway) {
        return "token expired";
    }

    v = json_object_get(payload, "nbf");
    if (v != NULL) {
        if (!json_is_integer(v)) {
            return "token not yet valid";
        }

        if (json_integer_value(v) > (json_int_t) chk->now + chk->leeway) {
            return "token not yet valid";
        }
    }

    v = json_object_get(payload, "iat");
    if (v != NULL) {
        if (!json_is_integer(v)) {
            return "token not yet valid";
        }

        if (json_integer_value(v) > (json_int_t) chk->now + chk->leeway) {
            return "token not yet valid";
        }
    }

    if (chk->issuer != NULL) {
        v = json_object_get(payload, "iss");
        if (!json_is_string(v)
            || strcmp(json_string_value(v), chk->issuer) != 0)
        {
            return "wrong issuer";
        }
    }

    if (chk->audience != NULL) {
        v = json_object_get(payload, "aud");

        if (json_is_string(v)) {
            if (strcmp(json_string_value(v), chk->audience) != 0) {
                return "wrong audience";
            }

        } else if (json_is_array(v)) {
            for (i = 0; i < json_array_size(v); i++) {
                a = json_array_get(v, i);
                if (json_is_string(a)
                    && strcmp(json_string_value(a), chk->audience) == 0)
                {
                    break;
                }
            }

            if (i == json_array_size(v)) {
                return "wrong audience";
            }

        } else {
            return "wrong audience";
        }
    }

    v = json_object_get(payload, "sub");
    if (!json_is_string(v) || json_string_length(v) == 0) {
        return "token has no subject";
    }

    return NULL;
}


void
duet_jwt_claims_free(duet_jwt_claims_t *claims)
{
    if (claims == NULL) {
        return;
    }

    json_decref(claims->payload);
    free(claims);
}


long
duet_jwt_claim(const duet_jwt_claims_t *claims, const char *name,
    size_t nlen, char *buf, size_t size)
{
    int      n;
    char     text[24];          /* INT64_MIN, "false" */
    size_t   len;
    json_t  *v;

    v = json_object_getn(claims->payload, name, nlen);
    if (v == NULL) {
        return -1;
    }

    switch (json_typeof(v)) {

    case JSON_STRING:
        len = json_string_length(v);
        if (len > size) {
            return -1;
        }
        memcpy(buf, json_string_value(v), len);
        return (long) len;

    case JSON_INTEGER:
        n = snprintf(text, sizeof(text), "%" JSON_INTEGER_FORMAT,
                     json_integer_value(v));
        break;

    case JSON_TRUE:
        n = snprintf(text, sizeof(text), "true");
        break;

    case JSON_FALSE:
        n = snprintf(text, sizeof(text), "false");
        break;

    default:
        return -1;
    }

    /* buf is not NUL-terminated: text that fills it exactly fits. */
    if (n < 0 || (size_t) n > size) {
        return -1;
    }

    memcpy(buf, text, (size_t) n);

    return n;
}


/*
 * Strict base64url: the URL alphabet only, no padding, no whitespace, and
 * the unused low bits of the last character zero, so that every byte
 * string has exactly one encoding.
 */

static int
duet_jwt_b64url_decode(const char *in, size_t len, unsigned char **out,
    size_t *outlen)
{
    size_t          i, o;
    unsigned int    acc, bits;
    signed char     d;
    unsigned char  *p;

    *out = NULL;
    *outlen = 0;

    if (len % 4 == 1) {
        return -1;
    }

    p = malloc(len * 3 / 4 + 1);
    if (p == NULL) {
        return -1;
    }

    acc = 0;
    bits = 0;
    o = 0;

    for (i = 0; i < len; i++) {
        d = duet_jwt_b64[(unsigned char) in[i]];
        if (d < 0) {
            free(p);
            return -1;
        }

        acc = (acc << 6) | (unsigned int) d;
        bits += 6;

        if (bits >= 8) {
            bits -= 8;
            p[o++] = (unsigned char) (acc >> bits);
            acc &= (1u << bits) - 1;
        }
    }

    if (acc != 0) {
        free(p);
        return -1;
    }

    *out = p;
    *outlen = o;

    return 0;
}


/* One JSON object (duplicate names refused), or NULL */

static json_t *
duet_jwt_json_object(const unsigned char *b, size_t len)
{
    json_t        *j;
    json_error_t   jerr;

    j = json_loadb((const char *) b, len, JSON_REJECT_DUPLICATES, &jerr);

    if (j != NULL && !json_is_object(j)) {
        json_decref(j);
        return NULL;
    }

    return j;
}
