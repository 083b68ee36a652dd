
/*
 * duet_jwt.h: the session-token verifier of ngx_http_duet_module.
 *
 * Pure code: no nginx headers, no clock, no logging, so that the unit test
 * and the fuzz harness can build it without nginx.  jansson (the JSON
 * library of libjwt, which duetd uses to issue tokens) parses the header
 * and the claims; OpenSSL checks keys and signatures.  Unlike libjwt
 * 1.10.2, which lets the token's "alg" pick the verifier (spec/edge.md
 * 4.2) and parses the PEM key on every call, the algorithm is fixed here
 * and keys are parsed once, when nginx reads its configuration.
 *
 * Only ES256 exists here.  The token's "alg" is compared with it before
 * anything else is trusted; "none", HS* and every other value are refused.
 * Every claim check libjwt 1.10.2 does not do is done here: exp (required),
 * nbf, iat, iss, aud, sub (required).
 *
 * Memory comes from malloc: the nginx module frees key sets with a cycle
 * pool cleanup and claims with a request pool cleanup.
 */


#ifndef _DUET_JWT_H_INCLUDED_
#define _DUET_JWT_H_INCLUDED_


#include <stddef.h>
#include <time.h>


#define DUET_JWT_MAX_TOKEN   8192
#define DUET_JWT_MAX_KEYS    16
#define DUET_JWT_ERRLEN      256


typedef struct duet_jwt_keys_s    duet_jwt_keys_t;
typedef struct duet_jwt_claims_s  duet_jwt_claims_t;


typedef struct {
    time_t          now;
    time_t          leeway;       /* clock skew allowed for exp, nbf, iat */
    const char     *issuer;       /* NULL: iss not checked */
    const char     *audience;     /* NULL: aud not checked */
} duet_jwt_check_t;


duet_jwt_keys_t *duet_jwt_keys_new(void);
void duet_jwt_keys_free(duet_jwt_keys_t *ks);

/*
 * Add the keys of one file's contents: a PEM public key (EC P-256, no kid)
 * or a JWKS ({"keys":[{"kty":"EC","crv":"P-256","x":...,"y":...,
 * "kid":...}]}; "use", when present, must be "sig" and "alg" "ES256").
 * Returns 0, or -1 with a message in err (never more than errlen bytes,
 * NUL-terminated) naming what is wrong ("keys[1]: crv is not P-256").
 * The key set is unchanged on error.
 */
int duet_jwt_keys_add(duet_jwt_keys_t *ks, const unsigned char *data,
    size_t len, char *err, size_t errlen);

size_t duet_jwt_keys_count(const duet_jwt_keys_t *ks);

/*
 * Verify token[0..len) against the key set and the checks.
 * Returns 0 with *claims set (free with duet_jwt_claims_free), or -1 with
 * *reason set to a static string naming the failure (the texts of the
 * module's specification: "algorithm not allowed", "token expired", ...).
 * The token need not be NUL-terminated.
 */
int duet_jwt_verify(const duet_jwt_keys_t *ks, const duet_jwt_check_t *chk,
    const char *token, size_t len, duet_jwt_claims_t **claims,
    const char **reason);

void duet_jwt_claims_free(duet_jwt_claims_t *claims);

/*
 * The claim name[0..nlen) as text: a string as it is, an integer in
 * decimal, true or false.  Returns its length with the text in
 * buf[0..size) (not NUL-terminated), or -1 when the claim is absent, of
 * another type, or longer than size.
 */
long duet_jwt_claim(const duet_jwt_claims_t *claims, const char *name,
    size_t nlen, char *buf, size_t size);


#endif /* _DUET_JWT_H_INCLUDED_ */
