/*
 * fuzz-ngx-jwt.c -- libFuzzer harness for the nginx module's token
 * verifier (ngx_module/duet_jwt.c): the input is a token, verified at a
 * fixed time against two fixed key sets (one PEM key without kid; a JWKS
 * of two keys with kids), once without and once with issuer, audience and
 * leeway.
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

#include "fuzz.h"

#define FUZZ_JWT_NOW  ((time_t) 1800000000)

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

    if (size > DUET_JWT_MAX_TOKEN + 64) {
        return 0;
    }
    if (fuzz_jwt_pem == NULL) {
        fuzz_jwt_pem = fuzz_jwt_keys(fuzz_jwt_pem_a);
        fuzz_jwt_set = fuzz_jwt_keys(fuzz_jwt_jwks);
    }

    token = fuzz_alloc(size);
    memcpy(token, data, size);
    fuzz_jwt_one(fuzz_jwt_pem, &plain, token, size);
    fuzz_jwt_one(fuzz_jwt_set, &plain, token, size);
    fuzz_jwt_one(fuzz_jwt_pem, &strict, token, size);
    fuzz_jwt_one(fuzz_jwt_set, &strict, token, size);
    free(token);

    return 0;
}
