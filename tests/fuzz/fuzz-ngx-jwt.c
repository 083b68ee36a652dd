/*
 * fuzz-ngx-jwt.c -- libFuzzer harness for the nginx module's token
 * verifier (ngx_module/duet_jwt.c): the input is a token, verified at a
 * fixed time against two fixed key sets (one PEM key without kid; a JWKS
 * of two keys with kids), once without and once with issuer, audience and
 * leeway.  A fuzzer cannot forge signatures, so an input that starts with
 * '{' is instead "HEADER\nPAYLOAD": both texts are encoded and signed here
 * with key a, which takes the header, key-selection and claim checks
 * behind the signature.
 *
 * Checked: a refusal has no claims and one of the specification's
 * reasons; an acceptance has claims, a non-empty sub that reads back as
 * text, an integer exp later than now - leeway, and duet_jwt_claim
 * returns either -1 or the full text for every size (never a part).  The
 * token is in a buffer of its exact length, so ASan sees a read past it.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "duet_jwt.c"

#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "duet_util.h"
#include "fuzz.h"

#define FUZZ_JWT_NOW  ((time_t) 1800000000)

/* Key a's private half: a test key, as in tests/nginx/jwt-t.c. */
static const char  fuzz_jwt_priv_a[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgdZJgJudJyA+JqVUe\n"
    "nighab6UGGrIvm+VtI00TZU647WhRANCAAS9/rpNSn4kA7kA8HkSiYB0b0JttLXm\n"
    "FjE9keZA0pNl7UZeo9+4iXnoJkJiRBA15qlgenSbXb+UwwR/mUu+PglT\n"
    "-----END PRIVATE KEY-----\n";

/* The same test keys as tests/nginx/jwt-t.c (key a and key b). */
static const char  fuzz_jwt_pem_a[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEvf66TUp+JAO5APB5EomAdG9CbbS1\n"
    "5hYxPZHmQNKTZe1GXqPfuIl56CZCYkQQNeapYHp0m12/lMMEf5lLvj4JUw==\n"
    "-----END PUBLIC KEY-----\n";

static const char  fuzz_jwt_jwks[] =
    "{\"keys\":["
    "{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"a\",\"use\":\"sig\","
    "\"alg\":\"ES256\","
    "\"x\":\"vf66TUp-JAO5APB5EomAdG9CbbS15hYxPZHmQNKTZe0\","
    "\"y\":\"Rl6j37iJeegmQmJEEDXmqWB6dJtdv5TDBH-ZS74-CVM\"},"
    "{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"b\","
    "\"x\":\"TJ_hBemQD601etlb700mcEzYCDsfqzxrpGUisjS7EKA\","
    "\"y\":\"Jjzd2C9131ZM8DlTM1JUUl09ITIvehjldV1qZkjUhSA\"}]}";

static const char  *fuzz_jwt_reasons[] = {
    "malformed token", "malformed token header", "algorithm not allowed",
    "unsupported token type", "unsupported critical header",
    "unknown key id", "token has no kid", "bad signature",
    "token has no expiry", "token expired", "token not yet valid",
    "wrong issuer", "wrong audience", "token has no subject", NULL
};

static duet_jwt_keys_t  *fuzz_jwt_pem, *fuzz_jwt_set;
static EVP_PKEY         *fuzz_jwt_key;


/* Encodes into out (room for the text and a NUL); returns the length */
static size_t
fuzz_jwt_b64(char *out, const uint8_t *p, size_t len)
{
    fuzz_assert(duet_base64url_encode(out, DUET_BASE64URL_ENCODED_SIZE(len),
                                      p, len) == 0);

    return DUET_BASE64URL_ENCODED_SIZE(len) - 1;
}


/* HEADER\nPAYLOAD (texts) into a token signed with key a; NULL if no \n. */
static char *
fuzz_jwt_sign(const uint8_t *data, size_t size, size_t *len)
{
    const uint8_t        *nl;
    unsigned char         der[80], raw[64];
    const unsigned char  *dp = der;
    const BIGNUM         *r, *s;
    ECDSA_SIG            *es;
    EVP_MD_CTX           *md;
    size_t                hl, dlen = sizeof(der), n;
    char                 *t;

    nl = memchr(data, '\n', size);
    if (nl == NULL) {
        return NULL;
    }
    hl = (size_t) (nl - data);
    t = fuzz_alloc(size / 3 * 4 + 8 + 1 + 87);
    n = fuzz_jwt_b64(t, data, hl);
    t[n++] = '.';
    n += fuzz_jwt_b64(t + n, nl + 1, size - hl - 1);

    md = EVP_MD_CTX_new();
    fuzz_assert(md != NULL
                && EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL,
                                      fuzz_jwt_key) == 1
                && EVP_DigestSign(md, der, &dlen, (unsigned char *) t, n)
                   == 1);
    EVP_MD_CTX_free(md);
    es = d2i_ECDSA_SIG(NULL, &dp, (long) dlen);
    fuzz_assert(es != NULL);
    ECDSA_SIG_get0(es, &r, &s);
    fuzz_assert(BN_bn2binpad(r, raw, 32) == 32
                && BN_bn2binpad(s, raw + 32, 32) == 32);
    ECDSA_SIG_free(es);

    t[n++] = '.';
    n += fuzz_jwt_b64(t + n, raw, sizeof(raw));
    *len = n;

    return t;
}


static duet_jwt_keys_t *
fuzz_jwt_keys(const char *file)
{
    duet_jwt_keys_t  *ks;
    char              err[DUET_JWT_ERRLEN];

    ks = duet_jwt_keys_new();
    fuzz_assert(ks != NULL);
    fuzz_assert(duet_jwt_keys_add(ks, (const unsigned char *) file,
                                  strlen(file), err, sizeof(err)) == 0);

    return ks;
}


/* Every size from 0 to past the text: -1 until it fits, then the text. */
static void
fuzz_jwt_claim_sizes(const duet_jwt_claims_t *cl, const char *name)
{
    char    full[256], *buf;
    long    n, m;
    size_t  size;

    n = duet_jwt_claim(cl, name, strlen(name), full, sizeof(full));
    fuzz_assert(n >= -1 && n <= (long) sizeof(full));
    if (n < 0) {
        return;
    }
    for (size = 0; size <= (size_t) n + 1; size++) {
        buf = fuzz_alloc(size);
        m = duet_jwt_claim(cl, name, strlen(name), buf, size);
        if (size < (size_t) n) {
            fuzz_assert(m == -1);
        } else {
            fuzz_assert(m == n && memcmp(buf, full, (size_t) n) == 0);
        }
        free(buf);
    }
}


static void
fuzz_jwt_one(const duet_jwt_keys_t *ks, const duet_jwt_check_t *chk,
    const char *token, size_t len)
{
    duet_jwt_claims_t  *cl = NULL;
    const char         *reason = NULL;
    char                buf[64];
    long                n, i;
    long long           exp;
    int                 rc;

    rc = duet_jwt_verify(ks, chk, token, len, &cl, &reason);
    if (rc != 0) {
        fuzz_assert(rc == -1 && cl == NULL && reason != NULL);
        for (i = 0; fuzz_jwt_reasons[i] != NULL; i++) {
            if (strcmp(reason, fuzz_jwt_reasons[i]) == 0) {
                return;
            }
        }
        fuzz_assert(0);
    }
    fuzz_assert(cl != NULL && len <= DUET_JWT_MAX_TOKEN);

    fuzz_assert(duet_jwt_claim(cl, "sub", 3, buf, sizeof(buf)) != 0);
    n = duet_jwt_claim(cl, "exp", 3, buf, sizeof(buf) - 1);
    fuzz_assert(n > 0);
    buf[n] = '\0';
    exp = strtoll(buf, NULL, 10);
    fuzz_assert(exp > (long long) chk->now - (long long) chk->leeway);

    fuzz_jwt_claim_sizes(cl, "sub");
    fuzz_jwt_claim_sizes(cl, "exp");
    fuzz_jwt_claim_sizes(cl, "jti");
    fuzz_jwt_claim_sizes(cl, "iss");
    fuzz_jwt_claim_sizes(cl, "aud");
    fuzz_jwt_claim_sizes(cl, "x");
    fuzz_jwt_claim_sizes(cl, "");
    duet_jwt_claims_free(cl);
}


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    duet_jwt_check_t  plain = { FUZZ_JWT_NOW, 0, NULL, NULL };
    duet_jwt_check_t  strict = { FUZZ_JWT_NOW, 60, "https://duet.example",
                                 "duet-api" };
    char             *token;
    BIO              *bio;

    if (size > DUET_JWT_MAX_TOKEN + 64) {
        return 0;
    }
    if (fuzz_jwt_pem == NULL) {
        fuzz_jwt_pem = fuzz_jwt_keys(fuzz_jwt_pem_a);
        fuzz_jwt_set = fuzz_jwt_keys(fuzz_jwt_jwks);
        bio = BIO_new_mem_buf(fuzz_jwt_priv_a, -1);
        fuzz_assert(bio != NULL);
        fuzz_jwt_key = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
        BIO_free(bio);
        fuzz_assert(fuzz_jwt_key != NULL);
    }

    if (size > 0 && data[0] == '{') {
        token = fuzz_jwt_sign(data, size, &size);
        if (token == NULL) {
            return 0;
        }
    } else {
        token = fuzz_alloc(size);
        memcpy(token, data, size);
    }
    fuzz_jwt_one(fuzz_jwt_pem, &plain, token, size);
    fuzz_jwt_one(fuzz_jwt_set, &plain, token, size);
    fuzz_jwt_one(fuzz_jwt_pem, &strict, token, size);
    fuzz_jwt_one(fuzz_jwt_set, &strict, token, size);
    free(token);

    return 0;
}
