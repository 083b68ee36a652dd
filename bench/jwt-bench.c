#include "config.h"

/*
 * jwt-bench: what ngx_http_duet_module's token check costs per request.
 *
 *   duet_jwt_verify      the module's verifier: header pinned to ES256
 *                        (jansson), libjwt's signature check, claims
 *   libjwt jwt_decode    the peer: libjwt alone with the same key, which
 *                        is what an unpinned module such as TeslaGov's
 *                        does (and no claim checks)
 *   OpenSSL ES256        the floor: one ECDSA P-256 verification with a
 *                        key parsed once
 *   forged (alg none)    a refusal before any cryptography
 *
 * The ratios say what pinning and the claim checks add to libjwt, and
 * what libjwt (a PEM parse per call) adds to the bare verification.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jwt.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "bench.h"
#include "duet_jwt.h"
#include "duet_util.h"


struct jwt_bench {
    duet_jwt_keys_t   *keys;
    duet_jwt_check_t   chk;
    EVP_PKEY          *pkey;
    char              *pem;
    long               pem_len;
    char               token[1024];
    char               forged[1024];
    size_t             signed_len;        /* header.payload          */
    unsigned char      der[80];
    size_t             der_len;
};


/* out has room: the callers' buffers are sized for the token */
static void
b64url(const unsigned char *in, size_t len, char *out)
{
    if (duet_base64url_encode(out, DUET_BASE64URL_ENCODED_SIZE(len), in, len)
        != 0)
    {
        fprintf(stderr, "jwt-bench: base64url encoding failed\n");
        exit(1);
    }
}


static int
setup(struct jwt_bench *b)
{
    BIO            *bio;
    char           *p, hdr[256], pay[512];
    size_t          siglen;
    ECDSA_SIG      *sig;
    EVP_MD_CTX     *md;
    unsigned char   raw[64], *q;
    const BIGNUM   *r, *s;
    char            err[DUET_JWT_ERRLEN];
    const char     *h = "{\"alg\":\"ES256\",\"typ\":\"JWT\"}";
    time_t          now = time(NULL);

    b->pkey = EVP_EC_gen("P-256");
    bio = BIO_new(BIO_s_mem());
    if (b->pkey == NULL || bio == NULL
        || PEM_write_bio_PUBKEY(bio, b->pkey) != 1)
    {
        return -1;
    }
    b->pem_len = BIO_get_mem_data(bio, &p);
    b->pem = malloc((size_t) b->pem_len + 1);
    memcpy(b->pem, p, (size_t) b->pem_len);
    b->pem[b->pem_len] = '\0';
    BIO_free(bio);

    b->keys = duet_jwt_keys_new();
    if (duet_jwt_keys_add(b->keys, (unsigned char *) b->pem,
                          (size_t) b->pem_len, err, sizeof(err)) != 0)
    {
        fprintf(stderr, "jwt-bench: %s\n", err);
        return -1;
    }
    b->chk.now = now;
    b->chk.leeway = 30;
    b->chk.issuer = "https://wallet.example";
    b->chk.audience = "duet";

    b64url((const unsigned char *) h, strlen(h), hdr);
    snprintf(pay, sizeof(pay), "{\"sub\":\"6f1c2d3e-alice\",\"iss\":"
             "\"https://wallet.example\",\"aud\":\"duet\",\"exp\":%lld,"
             "\"iat\":%lld,\"jti\":\"Qm9vdHN0cmFwcGluZy1qdGk\","
             "\"sid\":\"s-1\",\"token_use\":\"session\"}",
             (long long) now + 600, (long long) now);
    p = b->token + sprintf(b->token, "%s.", hdr);
    b64url((const unsigned char *) pay, strlen(pay), p);
    b->signed_len = strlen(b->token);

    md = EVP_MD_CTX_new();
    b->der_len = sizeof(b->der);
    if (md == NULL
        || EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, b->pkey) != 1
        || EVP_DigestSign(md, b->der, &b->der_len,
                          (unsigned char *) b->token, b->signed_len) != 1)
    {
        return -1;
    }
    EVP_MD_CTX_free(md);

    q = b->der;
    sig = d2i_ECDSA_SIG(NULL, (const unsigned char **) &q, (long) b->der_len);
    if (sig == NULL) {
        return -1;
    }
    ECDSA_SIG_get0(sig, &r, &s);
    BN_bn2binpad(r, raw, 32);
    BN_bn2binpad(s, raw + 32, 32);
    ECDSA_SIG_free(sig);
    siglen = strlen(b->token);
    b->token[siglen] = '.';
    b64url(raw, sizeof(raw), b->token + siglen + 1);

    /* the same claims under {"alg":"none"} with an empty signature */
    b64url((const unsigned char *) "{\"alg\":\"none\"}", 14, pay);
    snprintf(b->forged, sizeof(b->forged), "%s%.*s.", pay,
             (int) (b->signed_len - strlen(hdr)), b->token + strlen(hdr));
    return 0;
}


static void
run_duet(void *arg, uint64_t iters)
{
    struct jwt_bench   *b = arg;
    const char         *reason;
    duet_jwt_claims_t  *c;
    uint64_t            i;

    for (i = 0; i < iters; i++) {
        if (duet_jwt_verify(b->keys, &b->chk, b->token, strlen(b->token),
                            &c, &reason) != 0)
        {
            fprintf(stderr, "jwt-bench: refused: %s\n", reason);
            exit(1);
        }
        duet_jwt_claims_free(c);
        BENCH_CLOBBER();
    }
}


static void
run_libjwt(void *arg, uint64_t iters)
{
    struct jwt_bench  *b = arg;
    jwt_t             *j;
    uint64_t           i;

    for (i = 0; i < iters; i++) {
        if (jwt_decode(&j, b->token, (unsigned char *) b->pem,
                       (int) b->pem_len) != 0)
        {
            fprintf(stderr, "jwt-bench: libjwt refused the token\n");
            exit(1);
        }
        jwt_free(j);
        BENCH_CLOBBER();
    }
}


static void
run_openssl(void *arg, uint64_t iters)
{
    struct jwt_bench  *b = arg;
    EVP_MD_CTX        *md;
    uint64_t           i;

    md = EVP_MD_CTX_new();
    for (i = 0; i < iters; i++) {
        if (EVP_DigestVerifyInit(md, NULL, EVP_sha256(), NULL, b->pkey) != 1
            || EVP_DigestVerify(md, b->der, b->der_len,
                                (unsigned char *) b->token,
                                b->signed_len) != 1)
        {
            fprintf(stderr, "jwt-bench: OpenSSL refused the signature\n");
            exit(1);
        }
        BENCH_CLOBBER();
    }
    EVP_MD_CTX_free(md);
}


static void
run_forged(void *arg, uint64_t iters)
{
    struct jwt_bench   *b = arg;
    const char         *reason;
    duet_jwt_claims_t  *c;
    uint64_t            i;

    for (i = 0; i < iters; i++) {
        if (duet_jwt_verify(b->keys, &b->chk, b->forged, strlen(b->forged),
                            &c, &reason) == 0)
        {
            fprintf(stderr, "jwt-bench: an unsigned token passed\n");
            exit(1);
        }
        BENCH_CLOBBER();
    }
}


int
main(int argc, char **argv)
{
    struct jwt_bench  b;
    double            duet, peer, floor_, forged;

    memset(&b, 0, sizeof(b));
    bench_init("jwt", argc, argv);

    if (setup(&b) != 0) {
        fprintf(stderr, "jwt-bench: setup failed\n");
        return 1;
    }

    duet = bench_run("duet_jwt_verify ES256 (pinned, claims)", run_duet,
                     &b, 0);
    peer = bench_run("peer: libjwt jwt_decode ES256", run_libjwt, &b, 0);
    floor_ = bench_run("floor: OpenSSL ES256 verify, key parsed once",
                       run_openssl, &b, 0);
    forged = bench_run("refusal: alg none", run_forged, &b, 0);

    bench_note(duet / peer, "duet_jwt_verify / libjwt jwt_decode");
    bench_note(duet / floor_, "duet_jwt_verify / OpenSSL verify");
    bench_note(forged / duet, "refusal / verification");

    duet_jwt_keys_free(b.keys);
    EVP_PKEY_free(b.pkey);
    free(b.pem);
    return bench_finish();
}
