/*
 * fuzz-duetd-kms.c -- libFuzzer harness for what duetd's KMS backends
 * read back from storage it does not fully trust: the local-file
 * envelope (fcgi_app/kms_file.c) and Vault's KV v2 answers
 * (fcgi_app/kms_vault.c).
 *
 * Byte 0 of an input picks the parser (mod 3), the rest is the text:
 *
 *   0  an envelope file, through duetd_kms_file_parse (the in-memory
 *      part of duetd_kms_file_load; the rest of load is fstat and read)
 *      and then the two AES-256-GCM openings load does, under a fixed
 *      master key, for the object "signers/<fixed id>";
 *   1  the body of a 200 answer to GET .../data/..., through
 *      duetd_vault_parse;
 *   2  the body of an error answer, through duetd_vault_errors (what is
 *      logged, and whether it is Vault's check-and-set refusal).
 *
 * Vault bodies are fed through duetd_vault_write, libcurl's write
 * callback, in pieces of a size taken from the input.  Checked: results
 * are documented codes and refusals leave nothing allocated; an accepted
 * envelope rebuilt by duetd_kms_file_envelope parses to the same fields;
 * an envelope that opens was sealed under the fixed key (the seeds); a
 * Vault blob accepted is exactly the canonical base64url in data.data;
 * the error text logged is bounded printable ASCII.
 *
 * With DUET_FUZZ_WRITE_SEEDS=DIR set, the first input also writes
 * envelopes sealed under the fixed key to DIR (how the envelope seeds in
 * tests/fuzz/corpus/duetd-kms/ were made).
 */

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "fuzz-duetd-log.h"

#include "kms.c"
#include "kms_file.c"
#include "kms_vault.c"
#include "http_body.c"

#define FUZZ_KMS_MAX_INPUT  (256u << 10)
#define FUZZ_KMS_NAME       "signers/6f1c2a4e-9b3d-4c8e-a1f0-2d7e5b9c3a18"

static const uint8_t fuzz_master[DUETD_KMS_KEY_BYTES] = {
    0x6b, 0x6d, 0x73, 0x2d, 0x66, 0x75, 0x7a, 0x7a,
    0x2d, 0x6d, 0x61, 0x73, 0x74, 0x65, 0x72, 0x2d,
    0x6b, 0x65, 0x79, 0x2d, 0x6e, 0x6f, 0x74, 0x2d,
    0x61, 0x2d, 0x73, 0x65, 0x63, 0x72, 0x65, 0x74
};

static int ready;


/* Seal data as duetd_kms_file_store does, with fixed IVs and DEK. */
static void
write_envelope(const char *dir, const char *file, const uint8_t *data,
    size_t len)
{
    uint8_t dek[DUETD_KMS_KEY_BYTES], wdek[DUETD_KMS_KEY_BYTES];
    uint8_t iv[DUETD_KMS_IV_BYTES], kiv[DUETD_KMS_IV_BYTES];
    uint8_t tag[DUETD_KMS_TAG_BYTES], ktag[DUETD_KMS_TAG_BYTES];
    uint8_t *ct;
    char *text, path[4096];
    FILE *f;

    memset(dek, 0xd1, sizeof(dek));
    memset(iv, 0x11, sizeof(iv));
    memset(kiv, 0x22, sizeof(kiv));
    ct = fuzz_alloc(len);
    fuzz_assert(duetd_kms_gcm_seal(dek, iv, FUZZ_KMS_NAME, data, len, ct,
        tag) == 0);
    fuzz_assert(duetd_kms_gcm_seal(fuzz_master, kiv, FUZZ_KMS_NAME, dek,
        sizeof(dek), wdek, ktag) == 0);
    text = duetd_kms_file_envelope(kiv, wdek, ktag, iv, ct, len, tag);
    fuzz_assert(text != NULL);
    snprintf(path, sizeof(path), "%s/%s", dir, file);
    if ((f = fopen(path, "wb")) != NULL) {
        fputc(0, f);
        fputs(text, f);
        fclose(f);
    }
    free(text);
    free(ct);
}


static void
write_seeds(const char *dir)
{
    uint8_t big[1500];
    size_t i;

    for (i = 0; i < sizeof(big); i++) {
        big[i] = (uint8_t) (i * 7 + 3);
    }
    write_envelope(dir, "env-empty", NULL, 0);
    write_envelope(dir, "env-1", (const uint8_t *) "D", 1);
    write_envelope(dir, "env-small", (const uint8_t *) "DSH1 share", 10);
    write_envelope(dir, "env-1500", big, sizeof(big));
}


static void
check_envelope(const char *text, size_t size)
{
    struct duetd_kms_env e, e2;
    uint8_t dek[DUETD_KMS_KEY_BYTES], *out;
    const char *why = NULL;
    char *again;
    int r;

    memset(&e, 0, sizeof(e));
    if (duetd_kms_file_parse(text, size, &e, &why) != 0) {
        fuzz_assert(e.ct == NULL && why != NULL);
        return;
    }
    fuzz_assert(e.ct != NULL && e.len <= DUETD_KMS_OBJECT_MAX);

    /* One envelope per set of fields: rebuilt, it parses the same. */
    again = duetd_kms_file_envelope(e.kiv, e.wdek, e.ktag, e.iv, e.ct, e.len,
        e.tag);
    fuzz_assert(again != NULL);
    memset(&e2, 0, sizeof(e2));
    fuzz_assert(duetd_kms_file_parse(again, strlen(again), &e2, &why) == 0);
    fuzz_assert(e2.len == e.len && memcmp(e2.ct, e.ct, e.len) == 0
        && memcmp(e2.kiv, e.kiv, sizeof(e.kiv)) == 0
        && memcmp(e2.wdek, e.wdek, sizeof(e.wdek)) == 0
        && memcmp(e2.ktag, e.ktag, sizeof(e.ktag)) == 0
        && memcmp(e2.iv, e.iv, sizeof(e.iv)) == 0
        && memcmp(e2.tag, e.tag, sizeof(e.tag)) == 0);
    free(e2.ct);
    free(again);

    /* What duetd_kms_file_load does next. */
    r = duetd_kms_gcm_open(fuzz_master, e.kiv, FUZZ_KMS_NAME, e.wdek,
        sizeof(e.wdek), e.ktag, dek);
    fuzz_assert(r == DUETD_KMS_OK || r == DUETD_KMS_CORRUPT);
    if (r == DUETD_KMS_OK) {
        fuzz_assert(dek[0] == 0xd1 && dek[31] == 0xd1);
        out = duetd_kms_alloc(e.len);
        fuzz_assert(out != NULL);
        r = duetd_kms_gcm_open(dek, e.iv, FUZZ_KMS_NAME, e.ct, e.len, e.tag,
            out);
        fuzz_assert(r == DUETD_KMS_OK || r == DUETD_KMS_CORRUPT);
        duetd_kms_free(out, e.len);
    }
    duet_memclear(dek, sizeof(dek));
    free(e.ct);
}


/* The body as libcurl would hand it over, in pieces of piece bytes. */
static void
feed(struct duetd_http_body *b, const uint8_t *p, size_t n, size_t piece)
{
    size_t off, k;

    memset(b, 0, sizeof(*b));
    b->max = DUETD_VAULT_RESPONSE_MAX;
    for (off = 0; off < n; off += k) {
        k = n - off < piece ? n - off : piece;
        fuzz_assert(duetd_http_body_write((char *) p + off, 1, k, b) == k);
    }
    fuzz_assert(b->len == n && (n == 0 || b->p[n] == '\0'));
}


/* The blob member of data.data, read again with json-c. */
static void
vault_agree(const struct duetd_http_body *b, const uint8_t *blob,
    size_t len)
{
    struct json_object *o, *d, *kv, *s;
    char *enc;
    size_t size;

    o = json_tokener_parse((const char *) b->p);
    fuzz_assert(o != NULL
        && json_object_object_get_ex(o, "data", &d)
        && json_object_object_get_ex(d, "data", &kv)
        && json_object_object_get_ex(kv, "blob", &s)
        && json_object_is_type(s, json_type_string));
    size = DUET_BASE64URL_ENCODED_SIZE(len);
    enc = fuzz_alloc(size);
    fuzz_assert(duet_base64url_encode(enc, size, blob, len) == 0);
    fuzz_assert((size_t) json_object_get_string_len(s) == size - 1
        && memcmp(json_object_get_string(s), enc, size - 1) == 0);
    free(enc);
    json_object_put(o);
}


static void
check_vault_read(const uint8_t *p, size_t n, size_t piece)
{
    struct duetd_http_body b;
    uint8_t *out = NULL;
    size_t len = 0;
    int r;

    feed(&b, p, n, piece);
    r = duetd_vault_parse(FUZZ_KMS_NAME, &b, &out, &len);
    fuzz_assert(r == DUETD_KMS_OK || r == DUETD_KMS_NOT_FOUND
        || r == DUETD_KMS_CORRUPT);
    if (r != DUETD_KMS_OK) {
        fuzz_assert(out == NULL);
    } else {
        fuzz_assert(out != NULL && len <= DUETD_KMS_OBJECT_MAX);
        vault_agree(&b, out, len);
        duetd_kms_free(out, len);
    }
    duetd_http_body_wipe(&b);
}


static void
check_vault_errors(const uint8_t *p, size_t n, size_t piece)
{
    struct duetd_http_body b;
    char msg[160];
    size_t i, len;
    int found;

    feed(&b, p, n, piece);
    memset(msg, 0x7f, sizeof(msg));
    found = duetd_vault_errors(&b, DUETD_VAULT_CAS_ERROR, msg, sizeof(msg));
    fuzz_assert(found == 0 || found == 1);
    len = strnlen(msg, sizeof(msg));
    fuzz_assert(len < sizeof(msg));
    for (i = 0; i < len; i++) {
        fuzz_assert(msg[i] >= ' ' && msg[i] < 0x7f);
    }
    if (found) {
        fuzz_assert(memmem(p, n, "check-and-set", 13) != NULL);
    }
    duetd_http_body_wipe(&b);
}


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *dir;
    char *text;
    size_t n, piece;

    if (!ready) {
        if ((dir = getenv("DUET_FUZZ_WRITE_SEEDS")) != NULL) {
            write_seeds(dir);
        }
        ready = 1;
    }
    if (size < 1 || size > FUZZ_KMS_MAX_INPUT) {
        return 0;
    }
    n = size - 1;
    /* libcurl's pieces: up to 16 KiB, smaller ones for some inputs. */
    piece = data[0] < 0x80 ? 16384 : (size_t) (data[0] & 0x3f) + 1;

    switch (data[0] % 3) {
    case 0:
        text = fuzz_alloc(n);
        memcpy(text, data + 1, n);
        check_envelope(text, n);
        free(text);
        break;
    case 1:
        check_vault_read(data + 1, n, piece);
        break;
    default:
        check_vault_errors(data + 1, n, piece);
        break;
    }
    return 0;
}
