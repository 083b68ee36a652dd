/*
 * audit-t.c -- tests for the audit chain (duet_audit.h,
 * crypto/src/audit/audit_chain.c): the row hash against the documented
 * encoding written out independently with OpenSSL, every field reaching
 * the hash, and the chain check against edits, deletions, swaps, wrong
 * seqs, a forged start, a foreign row, and a page that starts mid-chain.
 */

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "basic.h"
#include "duet.h"
#include "duet_audit.h"

#define CHAIN  6

static unsigned long  illegal_count;

/* Backing store for one row's strings, so that tests can edit them. */
struct row_text {
    char  signer_id[40];
    char  request_id[40];
    char  path[24];
    char  request_type[32];
    char  status[16];
    char  to_address[48];
    char  value_wei[80];
    char  value_usd[32];
    char  decoded_action[32];
    char  tx_hash[72];
    char  created_at[32];
};


static void
counting_illegal(const char *message, void *data)
{
    (void) message;
    (*(unsigned long *) data)++;
}


static void
put_u64(EVP_MD_CTX *md, uint64_t v)
{
    uint8_t  b[8];
    int      i;

    for (i = 7; i >= 0; i--, v >>= 8) {
        b[i] = (uint8_t) v;
    }
    EVP_DigestUpdate(md, b, 8);
}


static void
put_str(EVP_MD_CTX *md, const char *s)
{
    uint32_t  n = (uint32_t) strlen(s);
    uint8_t   b[4] = { (uint8_t) (n >> 24), (uint8_t) (n >> 16),
                       (uint8_t) (n >> 8), (uint8_t) n };

    EVP_DigestUpdate(md, b, 4);
    EVP_DigestUpdate(md, s, n);
}


/* docs/store.md's encoding, written out without libduet. */
static void
expected_hash(const struct duet_audit_row *a, uint8_t out[32])
{
    EVP_MD_CTX  *md = EVP_MD_CTX_new();

    if (md == NULL || EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1) {
        bail("EVP");
    }
    EVP_DigestUpdate(md, "duet-audit-v2", 13);
    put_u64(md, (uint64_t) a->id);
    put_u64(md, (uint64_t) a->seq);
    put_str(md, a->signer_id);
    put_str(md, a->request_id);
    put_str(md, a->path);
    put_str(md, a->request_type);
    put_str(md, a->status);
    put_str(md, a->to_address);
    put_str(md, a->value_wei);
    put_str(md, a->value_usd);
    put_u64(md, (uint64_t) a->chain_id);
    put_str(md, a->decoded_action);
    put_str(md, a->tx_hash);
    put_u64(md, a->rules_evaluated);
    put_u64(md, a->eval_micros);
    put_str(md, a->created_at);
    EVP_DigestUpdate(md, a->detail_sha256, 32);
    EVP_DigestUpdate(md, a->prev_hash, 32);
    EVP_DigestFinal_ex(md, out, NULL);
    EVP_MD_CTX_free(md);
}


static void
fill_row(struct duet_audit_row *a, struct row_text *t, int64_t id,
    int64_t seq, const char *signer, const char *detail)
{
    memset(a, 0, sizeof(*a));
    memset(t, 0, sizeof(*t));
    snprintf(t->signer_id, sizeof(t->signer_id), "%s", signer);
    snprintf(t->request_id, sizeof(t->request_id),
             "00000000-0000-4000-8000-%012lld", (long long) id);
    snprintf(t->path, sizeof(t->path), "signer+server");
    snprintf(t->request_type, sizeof(t->request_type), "sign_tx");
    snprintf(t->status, sizeof(t->status), seq % 3 ? "approved" : "blocked");
    snprintf(t->to_address, sizeof(t->to_address),
             "0x52908400098527886E0F7030069857D2E4169EE7");
    snprintf(t->value_wei, sizeof(t->value_wei), "%lld000000000",
             (long long) seq);
    snprintf(t->value_usd, sizeof(t->value_usd), "%lld.25", (long long) seq);
    snprintf(t->decoded_action, sizeof(t->decoded_action), "transfer");
    snprintf(t->tx_hash, sizeof(t->tx_hash), "0x%064lld", (long long) id);
    snprintf(t->created_at, sizeof(t->created_at),
             "2026-11-22T07:59:%02lld.123Z", (long long) seq % 60);
    a->id = id;
    a->seq = seq;
    a->signer_id = t->signer_id;
    a->request_id = t->request_id;
    a->path = t->path;
    a->request_type = t->request_type;
    a->status = t->status;
    a->to_address = t->to_address;
    a->value_wei = t->value_wei;
    a->value_usd = t->value_usd;
    a->chain_id = 11155111;
    a->decoded_action = t->decoded_action;
    a->tx_hash = t->tx_hash;
    a->rules_evaluated = (uint32_t) seq + 2;
    a->eval_micros = 1000u + (uint32_t) id;
    a->created_at = t->created_at;
    if (duet_audit_detail_hash(a->detail_sha256, detail) != 0) {
        bail("detail hash");
    }
}


/* A well-formed chain of CHAIN rows of one signer; ids 10, 12, 14, ... */
static void
make_chain(struct duet_audit_row *rows, struct row_text *text)
{
    size_t  i;

    for (i = 0; i < CHAIN; i++) {
        fill_row(&rows[i], &text[i], 10 + 2 * (int64_t) i,
                 (int64_t) i + 1, "00000000-0000-4000-8000-00000000000a",
                 i % 2 ? "{\"violations\":[]}" : NULL);
        if (i > 0) {
            memcpy(rows[i].prev_hash, rows[i - 1].hash, 32);
        }
        if (duet_audit_row_hash(rows[i].hash, &rows[i]) != 0) {
            bail("row hash");
        }
    }
}


static void
test_encoding(void)
{
    struct duet_audit_row  a;
    struct row_text        t;
    uint8_t                got[32], want[32], d1[32], d2[32];

    fill_row(&a, &t, 7, 3, "00000000-0000-4000-8000-00000000000a",
             "{\"culprit\":0}");
    memset(a.prev_hash, 0xab, 32);
    is_int(0, duet_audit_row_hash(got, &a), "row hash");
    expected_hash(&a, want);
    is_blob(want, got, 32, "follows the documented encoding");

    EVP_Digest("{\"culprit\":0}", 13, want, NULL, EVP_sha256(), NULL);
    is_blob(want, a.detail_sha256, 32, "the detail is hashed as its text");
    is_int(0, duet_audit_detail_hash(d1, NULL), "detail hash of NULL");
    is_int(0, duet_audit_detail_hash(d2, ""), "detail hash of \"\"");
    is_blob(d1, d2, 32, "no detail and an empty one hash alike");

    /* Length prefixes: shifting a byte between fields changes the hash. */
    snprintf(t.path, sizeof(t.path), "signer+serve");
    snprintf(t.request_type, sizeof(t.request_type), "rsign_tx");
    is_int(0, duet_audit_row_hash(want, &a), "hash of the shifted row");
    ok(memcmp(want, got, 32) != 0, "a byte moved across fields is seen");

    /* A NULL field is an incomplete row, not an abort. */
    fill_row(&a, &t, 7, 3, "x", NULL);
    a.tx_hash = NULL;
    memset(got, 0x55, 32);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_audit_row_hash(got, &a),
           "a NULL field is INVALID_ARGUMENT");
    ok(got[0] == 0 && memcmp(got, got + 1, 31) == 0, "out is zeroed");
    is_int(0, (long long) illegal_count, "without the illegal callback");

    is_int(DUET_ERR_INVALID_ARGUMENT, duet_audit_row_hash(got, NULL),
           "a NULL row is refused");
    is_int(1, (long long) illegal_count, "through ARG_CHECK");
    illegal_count = 0;
}


/* Every field reaches the hash: change each in turn. */
static void
test_every_field(void)
{
    struct duet_audit_row  a, b;
    struct row_text        t, u;
    uint8_t                base[32], h[32];
    int                    f, changed = 0;
    const int              fields = 19;

    fill_row(&a, &t, 7, 3, "00000000-0000-4000-8000-00000000000a", "{}");
    memset(a.prev_hash, 0x11, 32);
    if (duet_audit_row_hash(base, &a) != 0) {
        bail("base hash");
    }
    for (f = 0; f < fields; f++) {
        b = a;
        u = t;
        b.signer_id = u.signer_id;
        b.request_id = u.request_id;
        b.path = u.path;
        b.request_type = u.request_type;
        b.status = u.status;
        b.to_address = u.to_address;
        b.value_wei = u.value_wei;
        b.value_usd = u.value_usd;
        b.decoded_action = u.decoded_action;
        b.tx_hash = u.tx_hash;
        b.created_at = u.created_at;
        switch (f) {
        case 0:  b.id++;                          break;
        case 1:  b.seq++;                         break;
        case 2:  u.signer_id[0] ^= 1;             break;
        case 3:  u.request_id[3] ^= 1;            break;
        case 4:  u.path[0] ^= 1;                  break;
        case 5:  u.request_type[0] ^= 1;          break;
        case 6:  u.status[0] ^= 1;                break;
        case 7:  u.to_address[5] ^= 1;            break;
        case 8:  u.value_wei[0] ^= 1;             break;
        case 9:  u.value_usd[0] = '\0';           break;
        case 10: b.chain_id = 1;                  break;
        case 11: u.decoded_action[0] ^= 1;        break;
        case 12: u.tx_hash[10] ^= 1;              break;
        case 13: b.rules_evaluated++;             break;
        case 14: b.eval_micros++;                 break;
        case 15: u.created_at[3] ^= 1;            break;
        case 16: b.detail_sha256[31] ^= 1;        break;
        case 17: b.prev_hash[0] ^= 1;             break;
        default:
            /* The stored hash is not an input. */
            memset(b.hash, 0xee, 32);
            break;
        }
        if (duet_audit_row_hash(h, &b) != 0) {
            bail("hash of field %d", f);
        }
        if ((f < fields - 1) != (memcmp(h, base, 32) != 0)) {
            diag("field %d: hash %s", f,
                 f < fields - 1 ? "unchanged" : "changed");
        } else {
            changed++;
        }
    }
    is_int(fields, changed,
           "each of 18 fields changes the hash; the hash field does not");
}


static void
expect_bad(const struct duet_audit_row *rows, size_t n, size_t want,
    const char *what)
{
    size_t  bad = 999;

    is_int(DUET_ERR_PROTOCOL, duet_audit_chain_verify(rows, n, &bad),
           "%s is detected", what);
    is_int((long long) want, (long long) bad, "%s: at index %zu", what,
           want);
}


static void
test_chain(void)
{
    struct duet_audit_row  rows[CHAIN], r2[CHAIN], tmp;
    struct row_text        text[CHAIN], t2;
    size_t                 bad = 999;

    make_chain(rows, text);
    is_int(0, duet_audit_chain_verify(rows, CHAIN, &bad), "a chain verifies");
    is_int(0, duet_audit_chain_verify(rows, 0, &bad), "no rows verify");
    is_int(0, duet_audit_chain_verify(NULL, 0, &bad), "NULL and 0 verify");

    /* An edited field. */
    text[3].value_wei[0] = '9';
    expect_bad(rows, CHAIN, 3, "an edited value");
    text[3].value_wei[0] = '4';
    is_int(0, duet_audit_chain_verify(rows, CHAIN, &bad), "restored");

    /* Edited, with the row's hash recomputed: the next link breaks. */
    text[2].status[0] = 'X';
    if (duet_audit_row_hash(rows[2].hash, &rows[2]) != 0) {
        bail("rehash");
    }
    expect_bad(rows, CHAIN, 3, "an edit rehashed in place");
    make_chain(rows, text);

    /* A deleted middle row. */
    memcpy(r2, rows, sizeof(rows));
    memmove(&r2[2], &r2[3], (CHAIN - 3) * sizeof(r2[0]));
    expect_bad(r2, CHAIN - 1, 2, "a deleted middle row");

    /* Two rows swapped. */
    memcpy(r2, rows, sizeof(rows));
    tmp = r2[3];
    r2[3] = r2[4];
    r2[4] = tmp;
    expect_bad(r2, CHAIN, 3, "swapped rows");

    /* A wrong seq (the rest of the row intact). */
    memcpy(r2, rows, sizeof(rows));
    r2[4].seq = 7;
    expect_bad(r2, CHAIN, 4, "a wrong seq");

    /* seq renumbered and rehashed: the link to it still holds, the seq
     * climb does not. */
    r2[4].seq = 6;
    if (duet_audit_row_hash(r2[4].hash, &r2[4]) != 0) {
        bail("rehash");
    }
    expect_bad(r2, CHAIN, 4, "a renumbered, rehashed seq");

    /* A first row (seq 1) with a history. */
    memcpy(r2, rows, sizeof(rows));
    r2[0].prev_hash[7] = 1;
    if (duet_audit_row_hash(r2[0].hash, &r2[0]) != 0) {
        bail("rehash");
    }
    expect_bad(r2, CHAIN, 0, "a seq-1 row with a nonzero prev_hash");

    /* seq 0 is never valid. */
    memcpy(r2, rows, sizeof(rows));
    r2[0].seq = 0;
    if (duet_audit_row_hash(r2[0].hash, &r2[0]) != 0) {
        bail("rehash");
    }
    expect_bad(r2, 1, 0, "a seq-0 row");

    /* A page that starts mid-chain verifies; its first link is trusted. */
    is_int(0, duet_audit_chain_verify(&rows[2], CHAIN - 2, &bad),
           "a page starting at seq 3 verifies");
    is_int(0, duet_audit_chain_verify(&rows[5], 1, &bad),
           "a page of the last row alone verifies");
    memcpy(r2, rows, sizeof(rows));
    r2[2].value_wei = "1";
    expect_bad(&r2[2], CHAIN - 2, 0, "an edited first row of a page");

    /* Another signer's row spliced in, hashed and linked as if it
     * belonged. */
    memcpy(r2, rows, sizeof(rows));
    fill_row(&r2[3], &t2, rows[3].id, 4,
             "00000000-0000-4000-8000-00000000000b", NULL);
    memcpy(r2[3].prev_hash, r2[2].hash, 32);
    if (duet_audit_row_hash(r2[3].hash, &r2[3]) != 0) {
        bail("rehash");
    }
    expect_bad(r2, 4, 3, "another signer's row");

    /* A row with a missing field does not verify. */
    memcpy(r2, rows, sizeof(rows));
    r2[1].decoded_action = NULL;
    expect_bad(r2, CHAIN, 1, "a row with a NULL field");
    is_int(0, (long long) illegal_count, "no illegal callback for it");

    is_int(DUET_ERR_INVALID_ARGUMENT, duet_audit_chain_verify(rows, 1, NULL),
           "a NULL bad is refused");
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_audit_chain_verify(NULL, 1, &bad),
           "NULL rows with n > 0 are refused");
    is_int(2, (long long) illegal_count, "both through ARG_CHECK");
    illegal_count = 0;
}


int
main(int argc, char **argv)
{
    tap_init(argc, argv);
    plan_lazy();
    duet_set_illegal_callback(counting_illegal, &illegal_count);

    test_encoding();
    test_every_field();
    test_chain();
    return 0;
}
