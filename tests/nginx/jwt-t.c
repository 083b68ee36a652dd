/*
 * jwt-t.c -- the module's session-token verifier (ngx_module/duet_jwt.c),
 * without nginx.  Tokens are minted here with OpenSSL (ES256 through
 * EVP_DigestSign, DER turned into raw r||s; HS256 through HMAC) from
 * header and payload texts written out in full, so that each forged-token
 * class of the module's specification is checked at its boundary, reason
 * text included: exp/nbf/iat with and without leeway, iss/aud, sub, key
 * selection by kid, algorithm pinning (the libjwt 1.10.2 key-confusion
 * hole), typ, crit, signature sizes, base64url strictness, every bit flip
 * and every truncation of a valid token, and seeded random mutations
 * (STYLE.md practice 14).  Then duet_jwt_claim, and the key-file loader
 * (PEM and JWKS) with each malformed class, its messages and its
 * all-or-nothing rule.
 *
 * Tokens are passed in heap buffers of their exact length (no NUL), so
 * that valgrind and ASan see a read past the end.
 *
 * The private keys below are test keys generated for this file.
 */

#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/obj_mac.h>
#include <openssl/pem.h>

#include "basic.h"
#include "duet_jwt.h"
#include "duet_util.h"

#define NOW          ((long long) 1800000000)
#define FLIP_SHOWN   5          /* failures listed per class */
#define MUTATIONS    2000

static const char  key_a_pem[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgdZJgJudJyA+JqVUe\n"
    "nighab6UGGrIvm+VtI00TZU647WhRANCAAS9/rpNSn4kA7kA8HkSiYB0b0JttLXm\n"
    "FjE9keZA0pNl7UZeo9+4iXnoJkJiRBA15qlgenSbXb+UwwR/mUu+PglT\n"
    "-----END PRIVATE KEY-----\n";

static const char  key_b_pem[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgH9OOAkHBxXF5xlFw\n"
    "7p8QJpZz6p+FJgPFTS7kguDNC1KhRANCAARMn+EF6ZAPrTV62VvvTSZwTNgIOx+r\n"
    "PGukZSKyNLsQoCY83dgvdd9WTPA5UzNSVFJdPSEyL3oY5XVdamZI1IUg\n"
    "-----END PRIVATE KEY-----\n";

static const char  p384_pub_pem[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEMMIh9gBiY4glwPFXLJJyEwu5vBWsLunI\n"
    "iBiBczSkIplx/iWwdrHqSXM+rEDF/0ZTTrFu49In0r+/dCcYL1LEa9jGZbDab/Az\n"
    "iAvVPog8MIDbRgKvHTqGgmdOJQwG0Zkc\n"
    "-----END PUBLIC KEY-----\n";

static const char  k1_pub_pem[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MFYwEAYHKoZIzj0CAQYFK4EEAAoDQgAETDMwTQVkPSIACo3J7nNdZh4KKjuxDoNV\n"
    "Vd2hv1FeFurkWAytIKjJUYJNaNpH4NS5K6eMOblJmEa1YlM6R814Sg==\n"
    "-----END PUBLIC KEY-----\n";

static const char  rsa_pub_pem[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQCi3Sv2sYOJxw2CvpHtoI47zVFD\n"
    "6K6g9mkR4moEkmP8MSO4nvm5qdCcENAD9yavqOPqJgiZyyVMhv3KsHVULc87IlvJ\n"
    "WT38tvXnSzDUJ8m1h6T6vzwQEGB5djcNm2ruOdFACVljiiwFmOwcRTKKRQxeWTMt\n"
    "Liupakr8XghV+SjyrwIDAQAB\n"
    "-----END PUBLIC KEY-----\n";

/* Every reason a JWT can be refused with (the specification's list). */
static const char  *jwt_reasons[] = {
    "malformed token", "malformed token header", "algorithm not allowed",
    "unsupported token type", "unsupported critical header",
    "unknown key id", "token has no kid", "bad signature",
    "token has no expiry", "token expired", "token not yet valid",
    "wrong issuer", "wrong audience", "token has no subject", NULL
};

static char *xasprintf(const char *fmt, ...) TAP_PRINTF(1, 2);
static char *payf(const char *fmt, ...) TAP_PRINTF(1, 2);

static EVP_PKEY  *key_a, *key_b;
static char      *pub_a, *pub_b;        /* their PEM public keys */
static char      *xa, *ya, *xb, *yb;    /* their JWK coordinates */
static uint64_t   rng_state;


/* --- helpers ------------------------------------------------------------- */

static char *
xasprintf(const char *fmt, ...)
{
    va_list  ap;
    char    *s;
    int      n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        bail("vsnprintf");
    }
    s = bmalloc((size_t) n + 1);
    va_start(ap, fmt);
    vsnprintf(s, (size_t) n + 1, fmt, ap);
    va_end(ap);

    return s;
}


static char *
b64url(const void *data, size_t len)
{
    char  *out;

    out = bmalloc(DUET_BASE64URL_ENCODED_SIZE(len));
    if (duet_base64url_encode(out, DUET_BASE64URL_ENCODED_SIZE(len), data,
                              len) != 0)
    {
        bail("base64url encoding failed");
    }

    return out;
}


static EVP_PKEY *
load_private(const char *pem)
{
    BIO       *b;
    EVP_PKEY  *k;

    b = BIO_new_mem_buf(pem, -1);
    k = b != NULL ? PEM_read_bio_PrivateKey(b, NULL, NULL, NULL) : NULL;
    BIO_free(b);
    if (k == NULL) {
        bail("cannot load a test key");
    }

    return k;
}


static char *
public_pem(EVP_PKEY *k)
{
    BIO   *b;
    char  *p, *s;
    long   n;

    b = BIO_new(BIO_s_mem());
    if (b == NULL || !PEM_write_bio_PUBKEY(b, k)) {
        bail("cannot write a public key");
    }
    n = BIO_get_mem_data(b, &p);
    s = bmalloc((size_t) n + 1);
    memcpy(s, p, (size_t) n);
    s[n] = '\0';
    BIO_free(b);

    return s;
}


static void
jwk_coords(EVP_PKEY *k, char **x, char **y)
{
    unsigned char  pt[65];
    size_t         n;

    if (!EVP_PKEY_get_octet_string_param(k, OSSL_PKEY_PARAM_PUB_KEY, pt,
                                         sizeof(pt), &n)
        || n != 65 || pt[0] != 4)
    {
        bail("cannot read a public point");
    }
    *x = b64url(pt + 1, 32);
    *y = b64url(pt + 33, 32);
}


/* The raw r||s ES256 signature of msg. */
static void
es256_sign(EVP_PKEY *k, const char *msg, unsigned char sig[64])
{
    EVP_MD_CTX           *md;
    ECDSA_SIG            *es;
    const BIGNUM         *r, *s;
    unsigned char         der[80];
    const unsigned char  *p = der;
    size_t                dlen = sizeof(der);

    md = EVP_MD_CTX_new();
    if (md == NULL
        || EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, k) != 1
        || EVP_DigestSign(md, der, &dlen, (const unsigned char *) msg,
                          strlen(msg)) != 1)
    {
        bail("EVP_DigestSign");
    }
    EVP_MD_CTX_free(md);
    es = d2i_ECDSA_SIG(NULL, &p, (long) dlen);
    if (es == NULL) {
        bail("d2i_ECDSA_SIG");
    }
    ECDSA_SIG_get0(es, &r, &s);
    if (BN_bn2binpad(r, sig, 32) != 32 || BN_bn2binpad(s, sig + 32, 32) != 32)
    {
        bail("BN_bn2binpad");
    }
    ECDSA_SIG_free(es);
}


/* header.payload, each segment base64url-encoded from the text given. */
static char *
signing_input(const char *hdr, const char *pay)
{
    char  *h, *p, *s;

    h = b64url(hdr, strlen(hdr));
    p = b64url(pay, strlen(pay));
    s = xasprintf("%s.%s", h, p);
    free(h);
    free(p);

    return s;
}


static char *
with_sig(char *input, const void *sig, size_t len)
{
    char  *e, *t;

    e = b64url(sig, len);
    t = xasprintf("%s.%s", input, e);
    free(e);
    free(input);

    return t;
}


static char *
mint_es(EVP_PKEY *k, const char *hdr, const char *pay)
{
    unsigned char   sig[64];
    char           *in;

    in = signing_input(hdr, pay);
    es256_sign(k, in, sig);

    return with_sig(in, sig, sizeof(sig));
}


static char *
mint_hs(const void *key, size_t klen, const char *hdr, const char *pay)
{
    unsigned char   mac[32];
    unsigned int    mlen = sizeof(mac);
    char           *in;

    in = signing_input(hdr, pay);
    if (HMAC(EVP_sha256(), key, (int) klen, (const unsigned char *) in,
             strlen(in), mac, &mlen) == NULL)
    {
        bail("HMAC");
    }

    return with_sig(in, mac, mlen);
}


/* mint_es for a payload built by xasprintf or payf, which it frees. */
static char *
es(EVP_PKEY *k, const char *hdr, char *pay)
{
    char  *t = mint_es(k, hdr, pay);

    free(pay);

    return t;
}


/* A payload with sub "alice", exp NOW + 300 and the members from fmt. */
static char *
payf(const char *fmt, ...)
{
    va_list  ap;
    char     more[512];

    va_start(ap, fmt);
    vsnprintf(more, sizeof(more), fmt, ap);
    va_end(ap);

    return xasprintf("{\"sub\":\"alice\",\"exp\":%lld,%s}", NOW + 300,
                     more);
}


static char *
pay0(void)
{
    return xasprintf("{\"sub\":\"alice\",\"exp\":%lld}", NOW + 300);
}


static int
known_reason(const char *r)
{
    size_t  i;

    for (i = 0; jwt_reasons[i] != NULL; i++) {
        if (r != NULL && strcmp(r, jwt_reasons[i]) == 0) {
            return 1;
        }
    }

    return 0;
}


/*
 * Verify token[0..len) from an exact-size copy.  Returns "ok" or the
 * reason; *out gets the claims when wanted (else they are freed).  A
 * contract violation (claims on failure, none on success, a reason not in
 * the list) is returned as a text that no test expects.
 */
static const char *
vfy_n(const duet_jwt_keys_t *ks, const duet_jwt_check_t *chk,
    const char *token, size_t len, duet_jwt_claims_t **out)
{
    duet_jwt_claims_t  *cl = NULL;
    const char         *reason = NULL;
    char               *copy;
    int                 rc;

    copy = bmalloc(len != 0 ? len : 1);
    memcpy(copy, token, len);
    rc = duet_jwt_verify(ks, chk, copy, len, &cl, &reason);
    free(copy);
    if (rc == 0) {
        if (cl == NULL) {
            return "CONTRACT: 0 without claims";
        }
        if (out != NULL) {
            *out = cl;
        } else {
            duet_jwt_claims_free(cl);
        }
        return "ok";
    }
    if (rc != -1 || cl != NULL) {
        duet_jwt_claims_free(cl);
        return "CONTRACT: failure with claims or rc not -1";
    }
    if (!known_reason(reason)) {
        diag("unknown reason: %s", reason != NULL ? reason : "(null)");
        return "CONTRACT: reason not in the specification";
    }

    return reason;
}


static const char *
vfy(const duet_jwt_keys_t *ks, const duet_jwt_check_t *chk,
    const char *token)
{
    return vfy_n(ks, chk, token, strlen(token), NULL);
}


/* Verify a token (freed here) and compare the outcome. */
static void
expect(const duet_jwt_keys_t *ks, const duet_jwt_check_t *chk, char *token,
    const char *want, const char *name)
{
    is_str(want, vfy(ks, chk, token), "%s", name);
    free(token);
}


/* Like expect, for the cases the specification leaves two readings. */
static void
expect2(const duet_jwt_keys_t *ks, const duet_jwt_check_t *chk,
    char *token, const char *w1, const char *w2, const char *name)
{
    const char  *got = vfy(ks, chk, token);

    if (!ok(strcmp(got, w1) == 0 || strcmp(got, w2) == 0, "%s", name)) {
        diag("want \"%s\" or \"%s\", got \"%s\"", w1, w2, got);
    }
    free(token);
}


static duet_jwt_keys_t *
keys_of(const char *file1, const char *file2)
{
    duet_jwt_keys_t  *ks;
    char              err[DUET_JWT_ERRLEN];

    ks = duet_jwt_keys_new();
    if (ks == NULL) {
        bail("duet_jwt_keys_new");
    }
    if (file1 != NULL
        && duet_jwt_keys_add(ks, (const unsigned char *) file1,
                             strlen(file1), err, sizeof(err)) != 0)
    {
        bail("test key file refused: %s", err);
    }
    if (file2 != NULL
        && duet_jwt_keys_add(ks, (const unsigned char *) file2,
                             strlen(file2), err, sizeof(err)) != 0)
    {
        bail("test key file refused: %s", err);
    }

    return ks;
}


static char *
jwk(const char *kid, const char *x, const char *y, const char *more)
{
    return xasprintf("{\"kty\":\"EC\",\"crv\":\"P-256\"%s%s%s,\"x\":\"%s\","
                     "\"y\":\"%s\"%s%s}",
                     kid != NULL ? ",\"kid\":\"" : "",
                     kid != NULL ? kid : "", kid != NULL ? "\"" : "",
                     x, y, more[0] != '\0' ? "," : "", more);
}


static uint64_t
rng_next(void)
{
    uint64_t  z;

    z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;

    return z ^ (z >> 31);
}


/* --- times --------------------------------------------------------------- */

static void
test_times(void)
{
    duet_jwt_keys_t   *ks = keys_of(pub_a, NULL);
    duet_jwt_check_t   c0 = { NOW, 0, NULL, NULL };
    duet_jwt_check_t   c30 = { NOW, 30, NULL, NULL };
    const char        *h = "{\"alg\":\"ES256\",\"typ\":\"JWT\"}";

#define T(chk, payload, want, name)                                          \
    expect(ks, chk, es(key_a, h, payload), want, name)

    T(&c0, pay0(), "ok", "valid token");
    T(&c0, xasprintf("{\"sub\":\"alice\",\"exp\":%lld}", NOW), "token expired",
      "exp == now: expired");
    T(&c0, xasprintf("{\"sub\":\"alice\",\"exp\":%lld}", NOW + 1), "ok",
      "exp == now + 1: valid");
    T(&c0, xasprintf("{\"sub\":\"alice\",\"exp\":%lld}", NOW - 1),
      "token expired", "exp == now - 1: expired");
    T(&c30, xasprintf("{\"sub\":\"alice\",\"exp\":%lld}", NOW - 30),
      "token expired", "leeway 30, exp == now - 30: expired");
    T(&c30, xasprintf("{\"sub\":\"alice\",\"exp\":%lld}", NOW - 29), "ok",
      "leeway 30, exp == now - 29: valid");
    T(&c30, xasprintf("{\"sub\":\"alice\",\"exp\":%lld}",
                      (long long) INT64_MAX), "ok",
      "leeway 30, exp == INT64_MAX: valid (no overflow in exp + leeway)");
    T(&c30, xasprintf("{\"sub\":\"alice\",\"exp\":%lld}",
                      (long long) INT64_MIN), "token expired",
      "leeway 30, exp == INT64_MIN: expired");

    T(&c0, xasprintf("{\"sub\":\"alice\"}"), "token has no expiry",
      "exp missing");
    T(&c0, xasprintf("{\"sub\":\"alice\",\"exp\":\"%lld\"}", NOW + 300),
      "token has no expiry", "exp a string");
    T(&c0, xasprintf("{\"sub\":\"alice\",\"exp\":%lld.0}", NOW + 300),
      "token has no expiry", "exp a real (2e9.0)");
    T(&c0, xasprintf("{\"sub\":\"alice\",\"exp\":null}"),
      "token has no expiry", "exp null");
    T(&c0, xasprintf("{\"sub\":\"alice\",\"exp\":true}"),
      "token has no expiry", "exp true");

    T(&c0, payf("\"nbf\":%lld", NOW), "ok", "nbf == now: valid");
    T(&c0, payf("\"nbf\":%lld", NOW + 1), "token not yet valid",
      "nbf == now + 1: not yet valid");
    T(&c30, payf("\"nbf\":%lld", NOW + 30), "ok",
      "leeway 30, nbf == now + 30: valid");
    T(&c30, payf("\"nbf\":%lld", NOW + 31), "token not yet valid",
      "leeway 30, nbf == now + 31: not yet valid");
    T(&c30, payf("\"nbf\":%lld", (long long) INT64_MAX),
      "token not yet valid", "nbf == INT64_MAX: not yet valid");
    T(&c30, payf("\"nbf\":%lld", (long long) INT64_MIN), "ok",
      "nbf == INT64_MIN: valid");

    T(&c0, payf("\"iat\":%lld", NOW), "ok", "iat == now: valid");
    T(&c0, payf("\"iat\":%lld", NOW + 1), "token not yet valid",
      "iat == now + 1: not yet valid");
    T(&c30, payf("\"iat\":%lld", NOW + 30), "ok",
      "leeway 30, iat == now + 30: valid");
    T(&c30, payf("\"iat\":%lld", NOW + 31), "token not yet valid",
      "leeway 30, iat == now + 31: not yet valid");
    T(&c0, payf("\"iat\":%lld", NOW - 86400), "ok",
      "iat a day ago: valid");

    /*
     * The specification names no reason for an nbf or iat that is not an
     * integer; refusing is the only safe reading, and the reason must be
     * one of its list (vfy_n reports any other text).
     */
    T(&c0, payf("\"nbf\":\"%lld\"", NOW + 3600), "token not yet valid",
      "nbf a string (in the future): not yet valid");
    T(&c0, payf("\"nbf\":%lld.5", NOW - 10), "token not yet valid",
      "nbf a real: not yet valid");
    T(&c0, payf("\"iat\":\"%lld\"", NOW), "token not yet valid",
      "iat a string: not yet valid");

#undef T
    duet_jwt_keys_free(ks);
}


/* --- iss, aud, sub ------------------------------------------------------- */

static void
test_claims(void)
{
    duet_jwt_keys_t   *ks = keys_of(pub_a, NULL);
    duet_jwt_check_t   cn = { NOW, 0, NULL, NULL };
    duet_jwt_check_t   ci = { NOW, 0, "https://duet.example", NULL };
    duet_jwt_check_t   ca = { NOW, 0, NULL, "duet-api" };
    const char        *h = "{\"alg\":\"ES256\"}";
    size_t             i;

    static const struct {
        const char  *more;
        const char  *want;
        const char  *name;
    } t[] = {
        { "\"iss\":\"https://duet.example\"", "ok", "iss exact" },
        { "\"iss\":\"https://DUET.example\"", "wrong issuer",
          "iss different case" },
        { "\"iss\":\"https://duet.example/\"", "wrong issuer",
          "iss with a suffix" },
        { "\"iss\":\"https://duet.exampl\"", "wrong issuer",
          "iss a prefix" },
        { "\"iss\":5", "wrong issuer", "iss a number" },
        { "\"iss\":[\"https://duet.example\"]", "wrong issuer",
          "iss an array" },
        { "\"aud\":\"x\"", "wrong issuer", "iss missing" },
    }, u[] = {
        { "\"aud\":\"duet-api\"", "ok", "aud exact" },
        { "\"aud\":\"Duet-API\"", "wrong audience",
          "aud different case" },
        { "\"aud\":[\"x\",\"duet-api\"]", "ok",
          "aud array containing it" },
        { "\"aud\":[\"x\",\"y\"]", "wrong audience",
          "aud array without it" },
        { "\"aud\":[\"DUET-API\"]", "wrong audience",
          "aud array with it in another case" },
        { "\"aud\":[]", "wrong audience", "aud empty array" },
        { "\"aud\":5", "wrong audience", "aud a number" },
        { "\"aud\":{\"duet-api\":1}", "wrong audience",
          "aud an object" },
        { "\"aud\":[[\"duet-api\"]]", "wrong audience",
          "aud a nested array" },
        { "\"iss\":\"x\"", "wrong audience", "aud missing" },
    };

    for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        expect(ks, &ci, es(key_a, h, payf("%s", t[i].more)), t[i].want,
               t[i].name);
    }
    for (i = 0; i < sizeof(u) / sizeof(u[0]); i++) {
        expect(ks, &ca, es(key_a, h, payf("%s", u[i].more)), u[i].want,
               u[i].name);
    }
    /*
     * jansson refuses \u0000 in strings (libjwt's parse of the payload
     * fails: "bad signature") unless a reader asks for JSON_ALLOW_NUL, and
     * then a C-string compare would see the issuer; either refusal will do.
     */
    expect2(ks, &ci, es(key_a, h,
                        payf("%s", "\"iss\":\"https://duet.example"
                                   "\\u0000x\"")),
            "wrong issuer", "bad signature",
            "iss with an embedded NUL after the issuer: refused");
    expect2(ks, &ca, es(key_a, h, payf("%s", "\"aud\":\"duet-api\\u0000\"")),
            "wrong audience", "bad signature",
            "aud with an embedded NUL: refused");
    expect(ks, &cn, es(key_a, h, payf("\"iss\":5,\"aud\":5")), "ok",
           "iss and aud not checked when not configured");

    expect(ks, &cn, es(key_a, h, xasprintf("{\"exp\":%lld}", NOW + 9)),
           "token has no subject", "sub missing");
    expect(ks, &cn, es(key_a, h,
                       xasprintf("{\"sub\":\"\",\"exp\":%lld}", NOW + 9)),
           "token has no subject", "sub \"\"");
    expect(ks, &cn, es(key_a, h,
                       xasprintf("{\"sub\":5,\"exp\":%lld}", NOW + 9)),
           "token has no subject", "sub 5");
    expect(ks, &cn, es(key_a, h,
                       xasprintf("{\"sub\":null,\"exp\":%lld}", NOW + 9)),
           "token has no subject", "sub null");

    duet_jwt_keys_free(ks);
}


/* --- header: alg, typ, crit ---------------------------------------------- */

static void
test_header(void)
{
    duet_jwt_keys_t   *ks = keys_of(pub_a, NULL);
    duet_jwt_check_t   c0 = { NOW, 0, NULL, NULL };
    char              *p = pay0(), *in;
    size_t             i;

    static const struct {
        const char  *hdr;
        const char  *want;
        const char  *name;
    } t[] = {
        { "{\"alg\":\"ES256\"}", "ok", "alg ES256, no typ" },
        { "{\"alg\":\"ES256\",\"typ\":\"JWT\"}", "ok", "typ JWT" },
        { "{\"typ\":\"JWT\",\"alg\":\"ES256\",\"x\":{\"y\":[1,2]}}", "ok",
          "other header members ignored" },
        { "{\"alg\":\"ES384\"}", "algorithm not allowed", "alg ES384" },
        { "{\"alg\":\"es256\"}", "algorithm not allowed", "alg es256 (case)" },
        { "{\"alg\":\"ES256 \"}", "algorithm not allowed",
          "alg with a trailing space" },
        { "{\"alg\":\"RS256\"}", "algorithm not allowed", "alg RS256" },
        { "{\"alg\":\"HS256\"}", "algorithm not allowed",
          "alg HS256 on an ES256 signature" },
        { "{\"typ\":\"JWT\"}", "algorithm not allowed", "alg missing" },
        { "{\"alg\":256}", "algorithm not allowed", "alg a number" },
        { "{\"alg\":[\"ES256\"]}", "algorithm not allowed", "alg an array" },
        { "{\"alg\":null}", "algorithm not allowed", "alg null" },
        { "{\"alg\":\"ES256\",\"typ\":\"jwt\"}", "unsupported token type",
          "typ jwt (the specification says absent or JWT)" },
        { "{\"alg\":\"ES256\",\"typ\":\"at+jwt\"}", "unsupported token type",
          "typ at+jwt" },
        { "{\"alg\":\"ES256\",\"typ\":\"\"}", "unsupported token type",
          "typ empty" },
        { "{\"alg\":\"ES256\",\"typ\":1}", "unsupported token type",
          "typ a number" },
        { "{\"alg\":\"ES256\",\"crit\":[\"exp\"]}",
          "unsupported critical header", "crit [\"exp\"]" },
        { "{\"alg\":\"ES256\",\"crit\":[]}", "unsupported critical header",
          "crit [] (present)" },
        { "[\"ES256\"]", "malformed token header", "header an array" },
        { "\"ES256\"", "malformed token header", "header a string" },
        { "{\"alg\":\"ES256\"", "malformed token header",
          "header truncated JSON" },
        { "alg=ES256", "malformed token header", "header not JSON" },
        { "{\"alg\":\"ES256\"} x", "malformed token header",
          "header with trailing text" },
    };

    for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        expect(ks, &c0, mint_es(key_a, t[i].hdr, p), t[i].want, t[i].name);
    }

    expect2(ks, &c0, mint_es(key_a, "{\"alg\":\"ES256\\u0000\"}", p),
            "algorithm not allowed", "malformed token header",
            "alg with an embedded NUL");
    expect2(ks, &c0, mint_es(key_a, "{\"alg\":\"ES256\",\"alg\":\"none\"}",
                             p),
            "algorithm not allowed", "malformed token header",
            "alg duplicated, none last");

    /* The libjwt 1.10.2 holes (spec/edge.md 4.2). */
    in = signing_input("{\"alg\":\"none\"}", p);
    expect(ks, &c0, xasprintf("%s.", in), "algorithm not allowed",
           "alg none, empty signature");
    expect(ks, &c0, xasprintf("%s.AAAA", in), "algorithm not allowed",
           "alg none, some signature");
    free(in);
    expect(ks, &c0, mint_hs(pub_a, strlen(pub_a), "{\"alg\":\"HS256\"}", p),
           "algorithm not allowed",
           "HS256 with the configured PEM as secret (key confusion)");
    expect(ks, &c0, mint_hs(pub_a, strlen(pub_a) - 1, "{\"alg\":\"HS256\"}",
                            p),
           "algorithm not allowed",
           "HS256 with the PEM without its last newline as secret");
    expect(ks, &c0, mint_hs("", 0, "{\"alg\":\"HS256\",\"typ\":\"JWT\"}", p),
           "algorithm not allowed", "HS256 with the empty key");

    /* The payload is only parsed by what the signature protects. */
    expect(ks, &c0, mint_es(key_a, "{\"alg\":\"ES256\"}", "{\"sub\":"),
           "bad signature", "payload not JSON (signed)");

    free(p);
    duet_jwt_keys_free(ks);
}


/* --- kid selection ------------------------------------------------------- */

static void
test_kid(void)
{
    duet_jwt_keys_t   *pem, *two, *one, *mix, *none;
    duet_jwt_check_t   c0 = { NOW, 0, NULL, NULL };
    const char        *h = "{\"alg\":\"ES256\"}";
    const char        *ha = "{\"alg\":\"ES256\",\"kid\":\"a\"}";
    const char        *hb = "{\"alg\":\"ES256\",\"kid\":\"b\"}";
    const char        *hc = "{\"alg\":\"ES256\",\"kid\":\"c\"}";
    char              *j2, *j1, *ja, *jb, *p = pay0();

    ja = jwk("a", xa, ya, "");
    jb = jwk("b", xb, yb, "");
    j2 = xasprintf("{\"keys\":[%s,%s]}", ja, jb);
    j1 = xasprintf("{\"keys\":[%s]}", ja);
    pem = keys_of(pub_a, NULL);
    two = keys_of(j2, NULL);
    one = keys_of(j1, NULL);
    mix = keys_of(pub_b, j1);
    none = keys_of(NULL, NULL);

    is_int(1, (long long) duet_jwt_keys_count(pem), "PEM file: one key");
    is_int(2, (long long) duet_jwt_keys_count(two), "JWKS of two: two keys");
    is_int(2, (long long) duet_jwt_keys_count(mix), "PEM + JWKS: two keys");

    expect(pem, &c0, mint_es(key_a, h, p), "ok", "one PEM key, no kid");
    expect(pem, &c0, mint_es(key_a, hc, p), "ok",
           "one PEM key (no kid), token with a kid: that key");
    expect(pem, &c0, mint_es(key_b, h, p), "bad signature",
           "one PEM key, token signed by another key");
    expect(pem, &c0, mint_es(key_b, hc, p), "bad signature",
           "one PEM key, kid, signed by another key");

    expect(two, &c0, mint_es(key_a, ha, p), "ok", "JWKS of two, kid a");
    expect(two, &c0, mint_es(key_b, hb, p), "ok", "JWKS of two, kid b");
    expect(two, &c0, mint_es(key_b, ha, p), "bad signature",
           "JWKS of two, kid a signed by b");
    expect(two, &c0, mint_es(key_a, hc, p), "unknown key id",
           "JWKS of two, unknown kid");
    expect(two, &c0, mint_es(key_a, "{\"alg\":\"ES256\",\"kid\":\"A\"}", p),
           "unknown key id", "JWKS of two, kid in another case");
    expect(two, &c0, mint_es(key_a, h, p), "token has no kid",
           "JWKS of two, no kid");

    expect(one, &c0, mint_es(key_a, h, p), "ok",
           "JWKS of one, token without kid: the only key");
    expect(one, &c0, mint_es(key_a, hc, p), "unknown key id",
           "JWKS of one (with kid), unknown kid");

    expect(mix, &c0, mint_es(key_a, ha, p), "ok", "PEM + JWKS, kid a");
    expect(mix, &c0, mint_es(key_b, h, p), "token has no kid",
           "PEM + JWKS, no kid");
    expect(mix, &c0, mint_es(key_b, hc, p), "unknown key id",
           "PEM + JWKS, unknown kid (the PEM key is not a wildcard)");

    expect(none, &c0, mint_es(key_a, h, p), "token has no kid",
           "no keys, no kid");
    expect(none, &c0, mint_es(key_a, ha, p), "unknown key id",
           "no keys, kid");

    expect2(two, &c0, mint_es(key_a, "{\"alg\":\"ES256\",\"kid\":1}", p),
            "unknown key id", "malformed token header",
            "kid a number refused");

    free(p);
    free(ja);
    free(jb);
    free(j1);
    free(j2);
    duet_jwt_keys_free(pem);
    duet_jwt_keys_free(two);
    duet_jwt_keys_free(one);
    duet_jwt_keys_free(mix);
    duet_jwt_keys_free(none);
}


/* --- signature sizes and values ------------------------------------------ */

static void
test_signature(void)
{
    duet_jwt_keys_t   *ks = keys_of(pub_a, NULL);
    duet_jwt_check_t   c0 = { NOW, 0, NULL, NULL };
    unsigned char      sig[65], hi[64], lo[64];
    BIGNUM            *n, *s, *ns;
    char              *in, *p = pay0();
    int                high;

    in = signing_input("{\"alg\":\"ES256\"}", p);
    es256_sign(key_a, in, sig);

    expect(ks, &c0, with_sig(xasprintf("%s", in), sig, 64), "ok",
           "64-byte signature");
    expect(ks, &c0, with_sig(xasprintf("%s", in), sig, 63), "bad signature",
           "63-byte signature");
    sig[64] = 0;
    expect(ks, &c0, with_sig(xasprintf("%s", in), sig, 65), "bad signature",
           "65-byte signature");
    expect(ks, &c0, with_sig(xasprintf("%s", in), sig, 32), "bad signature",
           "32-byte signature");
    expect(ks, &c0, xasprintf("%s.", in), "bad signature",
           "ES256, empty signature");
    memset(hi, 0, sizeof(hi));
    expect(ks, &c0, with_sig(xasprintf("%s", in), hi, 64), "bad signature",
           "all-zero signature");

    /*
     * (r, n - s) is the other valid signature of the same message.  ECDSA
     * P-256 (and JWS ES256) has no low-s rule, so both verify: a token's
     * signature is malleable and must not serve as its identity (jti does).
     * Both forms are tried by name, whichever one OpenSSL drew.
     */
    n = BN_new();
    s = BN_bin2bn(sig + 32, 32, NULL);
    ns = BN_new();
    if (n == NULL || s == NULL || ns == NULL
        || !BN_hex2bn(&n, "FFFFFFFF00000000FFFFFFFFFFFFFFFF"
                          "BCE6FAADA7179E84F3B9CAC2FC632551")
        || !BN_sub(ns, n, s))
    {
        bail("BN");
    }
    memcpy(hi, sig, 32);
    if (BN_bn2binpad(ns, hi + 32, 32) != 32) {
        bail("BN_bn2binpad");
    }
    BN_rshift1(n, n);
    high = BN_cmp(ns, n) > 0;       /* hi holds the high-s form */
    if (!high) {
        memcpy(lo, hi, 64);
        memcpy(hi, sig, 64);
    } else {
        memcpy(lo, sig, 64);
    }
    expect(ks, &c0, with_sig(xasprintf("%s", in), lo, 64), "ok",
           "low-s signature: accepted");
    expect(ks, &c0, with_sig(xasprintf("%s", in), hi, 64), "ok",
           "high-s signature (r, n - s): accepted, as ECDSA verifies it");
    BN_free(n);
    BN_free(s);
    BN_free(ns);

    free(in);
    free(p);
    duet_jwt_keys_free(ks);
}


/* --- base64url and structure --------------------------------------------- */

/* input.sig for a signing input given as text (freed here). */
static char *
sign_text(char *input)
{
    unsigned char  sig[64];

    es256_sign(key_a, input, sig);

    return with_sig(input, sig, sizeof(sig));
}


static size_t
b64len(size_t n)
{
    return (4 * n + 2) / 3;
}


static void
test_encoding(void)
{
    duet_jwt_keys_t   *ks = keys_of(pub_a, NULL);
    duet_jwt_check_t   c0 = { NOW, 0, NULL, NULL };
    const char        *h15 = "{\"alg\":\"ES256\"}";
    char              *hb, *pb, *p, *t, *q, *x;
    size_t             n, len;
    int                k;

    /* Padding, each segment; the padded text is what was signed. */
    hb = b64url("{\"alg\":\"ES256\" }", 16);
    pb = b64url("{\"sub\":\"alice\",\"exp\":1800000300}", 32);
    expect(ks, &c0, sign_text(xasprintf("%s.%s", hb, pb)), "ok",
           "unpadded 16-byte header and 32-byte payload");
    expect(ks, &c0, sign_text(xasprintf("%s==.%s", hb, pb)),
           "malformed token", "header segment padded with ==");
    expect(ks, &c0, sign_text(xasprintf("%s.%s=", hb, pb)),
           "malformed token", "payload segment padded with =");
    t = sign_text(xasprintf("%s.%s", hb, pb));
    expect(ks, &c0, xasprintf("%s==", t), "malformed token",
           "signature segment padded with ==");
    expect(ks, &c0, xasprintf("%sAAA", t), "malformed token",
           "signature segment of 89 characters (4k + 1: no such encoding)");
    expect(ks, &c0, xasprintf("%s\n", t), "malformed token",
           "trailing newline");
    expect(ks, &c0, xasprintf("%s.", t), "malformed token", "four segments");
    expect(ks, &c0, xasprintf("%s.%s", hb, pb), "malformed token",
           "two segments");
    len = strlen(t);
    q = xasprintf("%s", t);
    memmove(q + len - 40, q + len - 41, 41);
    q[len - 41] = ' ';
    is_str("malformed token", vfy_n(ks, &c0, q, len + 1, NULL),
           "a space inside the signature segment");
    q[len - 41] = '\0';
    is_str("malformed token", vfy_n(ks, &c0, q, len + 1, NULL),
           "a NUL inside the signature segment");
    free(q);
    q = bmalloc(len + 1);
    memcpy(q, t, len);
    q[len] = '\0';
    is_str("malformed token", vfy_n(ks, &c0, q, len + 1, NULL),
           "a NUL after the token, inside the length");
    free(q);

    /*
     * The last of 86 signature characters carries 2 bits and 4 zero bits:
     * a character with the same 2 bits and other low bits decodes to the
     * same 64 bytes.  A strict decoder refuses it.
     */
    if (strchr("AQgw", t[len - 1]) == NULL) {
        bail("a 64-byte signature ends in %c", t[len - 1]);
    }
    q = xasprintf("%s", t);
    q[len - 1] = (char) (t[len - 1] + 1);
    expect2(ks, &c0, q, "malformed token", "bad signature",
            "non-canonical last signature character refused");
    free(t);
    free(hb);
    free(pb);

    /* The standard alphabet's '+' and '/' in place of '-' and '_'. */
    for (k = 0; k < 3; k++) {
        /* Aligned, "~~~" encodes to "fn5-" and "???" to "Pz8_". */
        p = xasprintf("{\"sub\":\"alice\",\"exp\":%lld,\"x\":\"%.*s~~~???\"}",
                      NOW + 300, k, "  ");
        pb = b64url(p, strlen(p));
        free(p);
        if (strchr(pb, '-') != NULL && strchr(pb, '_') != NULL) {
            break;
        }
        free(pb);
        pb = NULL;
    }
    if (pb == NULL) {
        bail("no payload encodes to both - and _");
    }
    hb = b64url(h15, strlen(h15));
    expect(ks, &c0, sign_text(xasprintf("%s.%s", hb, pb)), "ok",
           "payload segment with - and _");
    for (x = pb; *x != '\0'; x++) {
        *x = *x == '-' ? '+' : *x == '_' ? '/' : *x;
    }
    expect(ks, &c0, sign_text(xasprintf("%s.%s", hb, pb)), "malformed token",
           "payload segment with + and / (standard base64)");
    free(pb);

    expect(ks, &c0, xasprintf("%s", ""), "malformed token", "empty token");
    expect(ks, &c0, xasprintf("%s", "abc"), "malformed token",
           "one segment");
    expect(ks, &c0, xasprintf("%s", ".."), "malformed token",
           "three empty segments");
    t = mint_es(key_a, h15, "{\"sub\":\"alice\",\"exp\":1800000300}");
    expect2(ks, &c0, xasprintf("%s", strchr(t, '.')), "malformed token",
            "malformed token header", "empty header segment");
    free(t);
    free(hb);

    /*
     * The size limit: DUET_JWT_MAX_TOKEN bytes pass, one more does not.
     * Not every length is an encoding's, so the kid (ignored with one PEM
     * key) and a padding claim are sized together.
     */
    for (k = 0; k < 2; k++) {
        size_t  want = (size_t) DUET_JWT_MAX_TOKEN + (size_t) k, kl;

        p = NULL;
        for (kl = 1; kl < 4 && p == NULL; kl++) {
            hb = xasprintf("{\"alg\":\"ES256\",\"kid\":\"%0*d\"}",
                           (int) kl, 0);
            for (n = 0; n < DUET_JWT_MAX_TOKEN; n++) {
                p = xasprintf("{\"sub\":\"alice\",\"exp\":%lld,"
                              "\"pad\":\"%0*d\"}", NOW + 300, (int) n, 0);
                if (b64len(strlen(hb)) + 1 + b64len(strlen(p)) + 1 + 86
                    == want)
                {
                    break;
                }
                free(p);
                p = NULL;
            }
            if (p == NULL) {
                free(hb);
            }
        }
        if (p == NULL) {
            bail("no token of exactly %zu bytes", want);
        }
        t = mint_es(key_a, hb, p);
        free(hb);
        free(p);
        is_int((long long) want, (long long) strlen(t),
               "token of %zu bytes built", want);
        expect(ks, &c0, t, k == 0 ? "ok" : "malformed token",
               k == 0 ? "token of DUET_JWT_MAX_TOKEN bytes: valid"
                      : "token of DUET_JWT_MAX_TOKEN + 1 bytes: malformed");
    }

    duet_jwt_keys_free(ks);
}


/* --- every flip, every truncation, random mutations ---------------------- */

static int
refused(const duet_jwt_keys_t *ks, const duet_jwt_check_t *chk,
    const char *t, size_t len, unsigned long *bad, const char *what,
    size_t pos)
{
    const char  *r = vfy_n(ks, chk, t, len, NULL);

    if (strcmp(r, "ok") != 0 && strncmp(r, "CONTRACT", 8) != 0) {
        return 1;
    }
    if ((*bad)++ < FLIP_SHOWN) {
        diag("%s at %zu: %s", what, pos, r);
    }

    return 0;
}


static void
test_mutations(void)
{
    duet_jwt_keys_t   *ks = keys_of(pub_a, NULL);
    duet_jwt_check_t   c0 = { NOW, 0, NULL, NULL };
    static const char  alpha[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=";
    unsigned long      bad, tried;
    size_t             len, i, j, pos;
    char              *t, *q;
    int                b, m, k;
    uint64_t           r;

    t = mint_es(key_a, "{\"alg\":\"ES256\",\"typ\":\"JWT\",\"kid\":\"k1\"}",
                "{\"sub\":\"alice\",\"exp\":1800000300,\"jti\":\"j-1\"}");
    len = strlen(t);
    q = bmalloc(len + 8);
    is_str("ok", vfy(ks, &c0, t), "the token mutated below is valid");

    bad = 0;
    for (i = 0; i < len; i++) {
        for (b = 0; b < 8; b++) {
            memcpy(q, t, len);
            q[i] = (char) (q[i] ^ (1 << b));
            refused(ks, &c0, q, len, &bad, "bit flip", i);
        }
    }
    is_int(0, (long long) bad, "all %zu bit flips refused", len * 8);

    bad = 0;
    for (i = 0; i < len; i++) {
        for (j = 0; alpha[j] != '\0'; j++) {
            if (alpha[j] == t[i]) {
                continue;
            }
            memcpy(q, t, len);
            q[i] = alpha[j];
            refused(ks, &c0, q, len, &bad, "substitution", i);
        }
    }
    is_int(0, (long long) bad,
           "every byte replaced by every other base64url character, '.' "
           "and '=': refused");

    bad = 0;
    for (i = 0; i < len; i++) {
        refused(ks, &c0, t, i, &bad, "truncation", i);
    }
    for (j = 0; alpha[j] != '\0'; j++) {
        memcpy(q, t, len);
        q[len] = alpha[j];
        refused(ks, &c0, q, len + 1, &bad, "extension", j);
    }
    is_int(0, (long long) bad, "all %zu truncations and %zu extensions "
           "refused", len, sizeof(alpha) - 1);

    /* Seeded: 1 to 4 random byte changes, insertions or deletions. */
    rng_state = tap_seed();
    bad = tried = 0;
    for (m = 0; m < MUTATIONS; m++) {
        size_t  qlen = len;

        memcpy(q, t, len);
        for (k = 1 + (int) (rng_next() % 4); k > 0; k--) {
            r = rng_next();
            pos = (size_t) (r % qlen);
            switch ((r >> 32) % 4) {
            case 0:
                q[pos] = (char) (r >> 40);
                break;
            case 1:
                q[pos] = alpha[(r >> 40) % (sizeof(alpha) - 1)];
                break;
            case 2:
                if (qlen < len + 7) {
                    memmove(q + pos + 1, q + pos, qlen - pos);
                    q[pos] = alpha[(r >> 40) % (sizeof(alpha) - 1)];
                    qlen++;
                }
                break;
            default:
                if (qlen > 1) {
                    memmove(q + pos, q + pos + 1, qlen - pos - 1);
                    qlen--;
                }
                break;
            }
        }
        if (qlen == len && memcmp(q, t, len) == 0) {
            continue;
        }
        tried++;
        refused(ks, &c0, q, qlen, &bad, "random mutation", (size_t) m);
    }
    is_int(0, (long long) bad, "%lu random mutations refused", tried);

    free(q);
    free(t);
    duet_jwt_keys_free(ks);
}


/* --- duet_jwt_claim ------------------------------------------------------ */

static long
claim(const duet_jwt_claims_t *cl, const char *name, char *buf,
    size_t size)
{
    return duet_jwt_claim(cl, name, strlen(name), buf, size);
}


static void
test_claim_text(void)
{
    duet_jwt_keys_t    *ks = keys_of(pub_a, NULL);
    duet_jwt_check_t    c0 = { NOW, 0, NULL, NULL };
    duet_jwt_claims_t  *cl = NULL;
    char                buf[64], exp[32];
    const char         *r;
    char               *t;
    long                n;
    size_t              i;

    static const struct {
        const char  *name;
        const char  *want;          /* NULL: -1 */
    } t1[] = {
        { "sub", "alice" }, { "jti", "j-1" }, { "n", "42" },
        { "neg", "-7" }, { "big", "9223372036854775807" },
        { "t", "true" }, { "f", "false" }, { "e", "" },
        { "u", "\xc3\xa9t\xc3\xa9" },
        { "o", NULL }, { "arr", NULL }, { "nul", NULL }, { "r", NULL },
        { "absent", NULL }, { "", NULL },
    };

    t = mint_es(key_a, "{\"alg\":\"ES256\"}",
                "{\"sub\":\"alice\",\"exp\":1800000300,\"jti\":\"j-1\","
                "\"n\":42,\"neg\":-7,\"big\":9223372036854775807,"
                "\"t\":true,\"f\":false,\"e\":\"\",\"u\":\"\\u00e9t\\u00e9\","
                "\"o\":{\"a\":1},\"arr\":[1],\"nul\":null,\"r\":1.5,"
                "\"ten\":\"0123456789\"}");
    r = vfy_n(ks, &c0, t, strlen(t), &cl);
    free(t);
    if (!is_str("ok", r, "token with claims of every type verifies")) {
        skip_block(sizeof(t1) / sizeof(t1[0]) + 8, "no claims");
        duet_jwt_keys_free(ks);
        return;
    }

    for (i = 0; i < sizeof(t1) / sizeof(t1[0]); i++) {
        memset(buf, '#', sizeof(buf));
        n = claim(cl, t1[i].name, buf, sizeof(buf));
        if (t1[i].want == NULL) {
            is_int(-1, n, "claim \"%s\": -1", t1[i].name);
        } else {
            ok(n == (long) strlen(t1[i].want)
               && memcmp(buf, t1[i].want, (size_t) n) == 0,
               "claim \"%s\" is \"%s\"", t1[i].name, t1[i].want);
        }
    }

    snprintf(exp, sizeof(exp), "%lld", NOW + 300);
    n = claim(cl, "exp", buf, sizeof(buf));
    ok(n == (long) strlen(exp) && memcmp(buf, exp, (size_t) n) == 0,
       "claim exp in decimal");

    memset(buf, '#', sizeof(buf));
    n = claim(cl, "ten", buf, 10);
    ok(n == 10 && memcmp(buf, "0123456789", 10) == 0 && buf[10] == '#',
       "a 10-byte claim in 10 bytes, nothing written after");
    memset(buf, '#', sizeof(buf));
    is_int(-1, claim(cl, "ten", buf, 9), "a 10-byte claim in 9 bytes: -1");
    ok(buf[9] == '#', "nothing written past the size");
    is_int(-1, claim(cl, "big", buf, 18),
           "a 19-digit integer in 18 bytes: -1");
    is_int(-1, claim(cl, "neg", buf, 1), "\"-7\" in 1 byte: -1");
    is_int(-1, claim(cl, "f", buf, 4), "false in 4 bytes: -1");

    /* Not NUL-terminated: text that fills the buffer exactly fits. */
    ok(claim(cl, "n", buf, 2) == 2 && memcmp(buf, "42", 2) == 0,
       "42 in 2 bytes");
    ok(claim(cl, "big", buf, 19) == 19
       && memcmp(buf, "9223372036854775807", 19) == 0,
       "a 19-digit integer in 19 bytes");
    ok(claim(cl, "t", buf, 4) == 4 && memcmp(buf, "true", 4) == 0,
       "true in 4 bytes");
    ok(claim(cl, "f", buf, 5) == 5 && memcmp(buf, "false", 5) == 0,
       "false in 5 bytes");
    n = duet_jwt_claim(cl, "subject", 3, buf, sizeof(buf));
    ok(n == 5 && memcmp(buf, "alice", 5) == 0,
       "the name is name[0..nlen): \"subject\", 3 is sub");
    is_int(-1, duet_jwt_claim(cl, "sub\0x", 5, buf, sizeof(buf)),
           "a name with a NUL inside nlen is not sub");

    duet_jwt_claims_free(cl);
    duet_jwt_keys_free(ks);
}


/* --- key files ----------------------------------------------------------- */

/*
 * Add a file that must be refused: -1, a message (containing needle when
 * given) and the key count unchanged.
 */
static void
refuse(duet_jwt_keys_t *ks, const char *file, size_t len,
    const char *needle, const char *name)
{
    char    err[DUET_JWT_ERRLEN];
    size_t  before = duet_jwt_keys_count(ks);
    int     rc;

    memset(err, 0, sizeof(err));
    rc = duet_jwt_keys_add(ks, (const unsigned char *) file, len, err,
                           sizeof(err));
    if (!ok(rc == -1 && err[0] != '\0'
            && (needle == NULL || strstr(err, needle) != NULL)
            && duet_jwt_keys_count(ks) == before,
            "%s: refused", name))
    {
        diag("rc %d, count %zu -> %zu, message \"%s\"%s%s", rc, before,
             duet_jwt_keys_count(ks), err, needle != NULL ? ", want " : "",
             needle != NULL ? needle : "");
    } else {
        diag("%s: %s", name, err);
    }
}


static void
refuse_str(duet_jwt_keys_t *ks, char *file, const char *needle,
    const char *name)
{
    refuse(ks, file, strlen(file), needle, name);
    free(file);
}


static int
keys_add_str(duet_jwt_keys_t *ks, const char *file)
{
    char  err[DUET_JWT_ERRLEN];
    int   rc;

    rc = duet_jwt_keys_add(ks, (const unsigned char *) file, strlen(file),
                           err, sizeof(err));
    if (rc != 0) {
        diag("refused: %s", err);
    }

    return rc;
}


static void
test_keys(void)
{
    duet_jwt_keys_t   *ks, *full;
    duet_jwt_check_t   c0 = { NOW, 0, NULL, NULL };
    unsigned char      raw[32];
    char               err[DUET_JWT_ERRLEN + 8];
    char              *ok0, *x31, *yoff, *bad, *j, *many, *o;
    size_t             i;
    int                rc;

    ks = keys_of(NULL, NULL);
    is_int(0, (long long) duet_jwt_keys_count(ks), "a new key set is empty");
    is_int(0, keys_add_str(ks, pub_b), "PEM P-256 public key: added");
    is_int(1, (long long) duet_jwt_keys_count(ks), "one key");

    refuse(ks, rsa_pub_pem, strlen(rsa_pub_pem), NULL, "PEM RSA key");
    refuse(ks, p384_pub_pem, strlen(p384_pub_pem), NULL, "PEM P-384 key");
    refuse(ks, k1_pub_pem, strlen(k1_pub_pem), NULL, "PEM secp256k1 key");
    refuse(ks, key_a_pem, strlen(key_a_pem), NULL,
           "PEM P-256 private key");
    refuse(ks, "garbage\n", 8, NULL, "garbage");
    refuse(ks, "", 0, NULL, "empty file");
    refuse(ks, pub_a, strlen(pub_a) / 2, NULL, "PEM cut in half");
    bad = xasprintf("%s", pub_a);
    i = strlen(bad) - 40;           /* inside the point's y */
    bad[i] = bad[i] == 'A' ? 'B' : 'A';
    refuse_str(ks, bad, NULL, "PEM whose point is off the curve");
    refuse_str(ks, xasprintf("%s%s", pub_a, pub_b), "more than one key",
               "PEM file with two keys (OpenSSL would read the first)");

    /* JWKS: entry [0] is valid, so a refused file must not add it. */
    ok0 = jwk("a0", xa, ya, "");
    memset(raw, 0x11, sizeof(raw));
    x31 = b64url(raw, 31);
    yoff = xasprintf("%s", ya);
    yoff[20] = yoff[20] == 'A' ? 'B' : 'A';
    o = jwk("k", xa, ya, "\"use\":\"sig\",\"alg\":\"ES256\"");
    j = xasprintf("{\"keys\":[%s]}", o);
    is_int(0, keys_add_str(ks, j), "JWKS entry with use sig, alg ES256: added");
    free(j);
    free(o);
    is_int(2, (long long) duet_jwt_keys_count(ks), "two keys");

#define J(entry, needle, name)                                               \
    o = (entry);                                                            \
    refuse_str(ks, xasprintf("{\"keys\":[%s,%s]}", ok0, o), needle, name);  \
    free(o)

    refuse_str(ks, xasprintf("{\"keys\":[%s", ok0), NULL, "JWKS not JSON");
    refuse_str(ks, xasprintf("%s", "{}"), NULL, "JWKS without keys");
    refuse_str(ks, xasprintf("{\"key\":[%s]}", ok0), NULL,
               "JWKS with \"key\" for \"keys\"");
    refuse_str(ks, xasprintf("{\"keys\":%s}", ok0), NULL,
               "keys an object, not an array");
    refuse_str(ks, xasprintf("%s", "{\"keys\":\"x\"}"), NULL,
               "keys a string");
    refuse_str(ks, xasprintf("[%s]", ok0), NULL, "a bare array of keys");
    J(xasprintf("%s", "5"), "keys[1]", "entry not an object");
    J(xasprintf("{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"e\","
                "\"y\":\"%s\"}", ya), "keys[1]", "entry without x");
    J(xasprintf("{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"e\","
                "\"x\":\"%s\"}", xa), "keys[1]", "entry without y");
    J(jwk("e", x31, ya, ""), "keys[1]", "x of 31 bytes");
    J(jwk("e", xa, x31, ""), "keys[1]", "y of 31 bytes");
    J(jwk("e", "!!!", ya, ""), "keys[1]", "x not base64url");
    J(jwk("e", xa, yoff, ""), "keys[1]", "point not on the curve");
    J(xasprintf("{\"kty\":\"RSA\",\"kid\":\"e\",\"n\":\"AQAB\","
                "\"e\":\"AQAB\"}"), "keys[1]", "kty RSA");
    J(xasprintf("{\"kty\":\"EC\",\"crv\":\"P-384\",\"kid\":\"e\","
                "\"x\":\"%s\",\"y\":\"%s\"}", xa, ya), "keys[1]",
      "crv P-384");
    J(xasprintf("{\"kty\":\"EC\",\"crv\":\"secp256k1\",\"kid\":\"e\","
                "\"x\":\"%s\",\"y\":\"%s\"}", xa, ya), "keys[1]",
      "crv secp256k1");
    J(jwk("e", xa, ya, "\"use\":\"enc\""), "keys[1]", "use enc");
    J(jwk("e", xa, ya, "\"alg\":\"RS256\""), "keys[1]", "alg RS256");
    J(jwk("e", xa, ya, "\"alg\":\"ES384\""), "keys[1]", "alg ES384");
    J(jwk("a0", xb, yb, ""), "keys[1]", "duplicate kid in one file");
    J(jwk("k", xb, yb, ""), "keys[1]",
      "kid already configured by an earlier file");
#undef J

    /* A refused file left nothing: kid a0 is unknown, not added. */
    expect(ks, &c0, mint_es(key_a, "{\"alg\":\"ES256\",\"kid\":\"a0\"}",
                            "{\"sub\":\"alice\",\"exp\":1800000300}"),
           "unknown key id", "no entry of a refused file is in the set");

    /* The message fits whatever room it is given. */
    memset(err, '#', sizeof(err));
    rc = duet_jwt_keys_add(ks, (const unsigned char *) "garbage", 7, err, 8);
    ok(rc == -1 && memchr(err, '\0', 8) != NULL && err[8] == '#',
       "a message in 8 bytes: NUL-terminated, nothing past them");
    memset(err, '#', sizeof(err));
    rc = duet_jwt_keys_add(ks, (const unsigned char *) "garbage", 7, err, 1);
    ok(rc == -1 && err[0] == '\0' && err[1] == '#',
       "a message in 1 byte: just the NUL");
    duet_jwt_keys_free(ks);

    /* DUET_JWT_MAX_KEYS: the entry past it is named. */
    for (rc = 0; rc < 2; rc++) {
        int  count = DUET_JWT_MAX_KEYS + rc;

        many = xasprintf("%s", "");
        for (i = 0; i < (size_t) count; i++) {
            char  kid[24];

            snprintf(kid, sizeof(kid), "m%zu", i);
            o = jwk(kid, i % 2 ? xa : xb, i % 2 ? ya : yb, "");
            j = xasprintf("%s%s%s", many, i > 0 ? "," : "", o);
            free(many);
            free(o);
            many = j;
        }
        j = xasprintf("{\"keys\":[%s]}", many);
        free(many);
        full = keys_of(NULL, NULL);
        if (rc == 0) {
            is_int(0, keys_add_str(full, j), "%d keys in one JWKS: added",
                   count);
            refuse(full, pub_a, strlen(pub_a), NULL,
                   "a PEM key past DUET_JWT_MAX_KEYS");
            o = jwk("extra", xa, ya, "");
            refuse_str(full, xasprintf("{\"keys\":[%s]}", o), "keys[0]",
                       "a JWKS key past DUET_JWT_MAX_KEYS");
            free(o);
        } else {
            char  idx[16];

            snprintf(idx, sizeof(idx), "keys[%d]", DUET_JWT_MAX_KEYS);
            refuse(full, j, strlen(j), idx, "DUET_JWT_MAX_KEYS + 1 keys");
        }
        free(j);
        duet_jwt_keys_free(full);
    }

    free(ok0);
    free(x31);
    free(yoff);
}


int
main(int argc, char **argv)
{
    tap_init(argc, argv);
    plan_lazy();
    (void) tap_seed();

    key_a = load_private(key_a_pem);
    key_b = load_private(key_b_pem);
    pub_a = public_pem(key_a);
    pub_b = public_pem(key_b);
    jwk_coords(key_a, &xa, &ya);
    jwk_coords(key_b, &xb, &yb);

    test_times();
    test_claims();
    test_header();
    test_kid();
    test_signature();
    test_encoding();
    test_mutations();
    test_claim_text();
    test_keys();

    EVP_PKEY_free(key_a);
    EVP_PKEY_free(key_b);
    free(pub_a);
    free(pub_b);
    free(xa);
    free(ya);
    free(xb);
    free(yb);

    return 0;
}
