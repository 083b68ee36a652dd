/*
 * fuzz-ngx-jwks.c -- libFuzzer harness for the nginx module's key-file
 * loader (duet_jwt_keys_add in ngx_module/duet_jwt.c): the input is the
 * contents of a duet_jwt_key_file (PEM or JWKS).
 *
 * Checked: success adds 1..DUET_JWT_MAX_KEYS keys; failure leaves the
 * count as it was and writes a non-empty, NUL-terminated message into an
 * error buffer of exactly errlen bytes (errlen taken from the input's
 * first byte, so short buffers are tried too); adding the same file again
 * to a set that holds it never goes past DUET_JWT_MAX_KEYS; a fixed token
 * is then verified against whatever was loaded (a refusal or, when the
 * input holds the right key, an acceptance).
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "duet_jwt.c"

#include "fuzz.h"

/* An ES256 token (no kid) by key a of tests/nginx/jwt-t.c, valid forever. */
static const char  fuzz_jwks_token[] =
    "eyJhbGciOiJFUzI1NiJ9."
    "eyJzdWIiOiJhbGljZSIsImV4cCI6OTIyMzM3MjAzNjg1NDc3NTgwN30."
    "4-GXbsJtGLfIP9hkqw99_sE7aFwB0Rgv-IFA0kSA2wps1hRGzKblg2AhxOiflS1tEwnHS"
    "Cz9p8QDIkEKamvToQ";


static int
fuzz_jwks_add(duet_jwt_keys_t *ks, const uint8_t *data, size_t size,
    size_t errlen)
{
    size_t   before = duet_jwt_keys_count(ks), after;
    char    *err;
    int      rc;

    err = fuzz_alloc(errlen);
    memset(err, 'x', errlen);
    rc = duet_jwt_keys_add(ks, data, size, err, errlen);
    after = duet_jwt_keys_count(ks);
    fuzz_assert(after <= DUET_JWT_MAX_KEYS);
    if (rc == 0) {
        fuzz_assert(after > before);
    } else {
        fuzz_assert(rc == -1 && after == before);
        fuzz_assert(memchr(err, '\0', errlen) != NULL);
        fuzz_assert(errlen == 1 || err[0] != '\0');
    }
    free(err);

    return rc;
}


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    duet_jwt_check_t    chk = { 1800000000, 0, NULL, NULL };
    duet_jwt_claims_t  *cl = NULL;
    duet_jwt_keys_t    *ks;
    const char         *reason = NULL;
    size_t              errlen;
    int                 rc;

    if (size > 65536) {
        return 0;
    }
    errlen = size > 0 ? 1 + data[0] % 64 : 1;

    ks = duet_jwt_keys_new();
    fuzz_assert(ks != NULL);
    fuzz_assert(duet_jwt_keys_count(ks) == 0);
    (void) fuzz_jwks_add(ks, data, size, DUET_JWT_ERRLEN);
    (void) fuzz_jwks_add(ks, data, size, errlen);

    rc = duet_jwt_verify(ks, &chk, fuzz_jwks_token,
                         sizeof(fuzz_jwks_token) - 1, &cl, &reason);
    fuzz_assert(rc == 0 ? cl != NULL : cl == NULL && reason != NULL);
    if (cl != NULL) {
        duet_jwt_claims_free(cl);
    }
    duet_jwt_keys_free(ks);

    return 0;
}
