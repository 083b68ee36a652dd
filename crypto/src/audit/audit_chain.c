/*
 * audit_chain.c -- the per-signer hash chain of duet's audit log
 * (duet_audit.h).  duetd hashes rows with it as it appends them, and the
 * CLI checks what the API returns with the very same code.
 */

#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "duet.h"
#include "duet_audit.h"
#include "duet_util.h"
#include "hash/hash.h"
#include "util/check.h"

/*
 * The domain tag: a v2 row's bytes can never be read as those of another
 * hash duet computes, nor as a row of the v1 chain ("duet-audit-v1",
 * duetd's global chain before per-signer chains).
 */
#define DUET_AUDIT_TAG  "duet-audit-v2"


static int
duet_audit_put_u64(struct duet_sha256 *h, uint64_t v)
{
    uint8_t b[8];
    int i;

    for (i = 7; i >= 0; i--) {
        b[i] = (uint8_t) v;
        v >>= 8;
    }
    return duet_sha256_update(h, b, sizeof(b));
}


/*
 * A length-prefixed string.  The prefix makes the encoding injective:
 * moving bytes from one field into the next changes what is hashed.
 */
static int
duet_audit_put_str(struct duet_sha256 *h, const char *s)
{
    uint8_t b[4];
    size_t len;
    int r;

    if (s == NULL) {
        return DUET_ERR_INVALID_ARGUMENT;
    }
    len = strlen(s);
    if (len > UINT32_MAX) {
        return DUET_ERR_LIMIT_EXCEEDED;
    }
    b[0] = (uint8_t) (len >> 24);
    b[1] = (uint8_t) (len >> 16);
    b[2] = (uint8_t) (len >> 8);
    b[3] = (uint8_t) len;
    if ((r = duet_sha256_update(h, b, sizeof(b))) != 0) {
        return r;
    }
    return duet_sha256_update(h, s, len);
}


int
duet_audit_detail_hash(uint8_t out[32], const char *detail_json)
{
    ARG_CHECK(out != NULL);

    if (detail_json == NULL) {
        detail_json = "";
    }
    return duet_sha256(out, detail_json, strlen(detail_json));
}


int
duet_audit_row_hash(uint8_t out[32], const struct duet_audit_row *row)
{
    struct duet_sha256 h = { NULL };
    int r;

    ARG_CHECK(out != NULL);
    memset(out, 0, 32);
    ARG_CHECK(row != NULL);

    if ((r = duet_sha256_init(&h)) != 0) {
        goto out;
    }
    /* Each call runs only while every one before it succeeded. */
    if ((r = duet_sha256_update(&h, DUET_AUDIT_TAG,
                                sizeof(DUET_AUDIT_TAG) - 1)) != 0
        || (r = duet_audit_put_u64(&h, (uint64_t) row->id)) != 0
        || (r = duet_audit_put_u64(&h, (uint64_t) row->seq)) != 0
        || (r = duet_audit_put_str(&h, row->signer_id)) != 0
        || (r = duet_audit_put_str(&h, row->request_id)) != 0
        || (r = duet_audit_put_str(&h, row->path)) != 0
        || (r = duet_audit_put_str(&h, row->request_type)) != 0
        || (r = duet_audit_put_str(&h, row->status)) != 0
        || (r = duet_audit_put_str(&h, row->to_address)) != 0
        || (r = duet_audit_put_str(&h, row->value_wei)) != 0
        || (r = duet_audit_put_str(&h, row->value_usd)) != 0
        || (r = duet_audit_put_u64(&h, (uint64_t) row->chain_id)) != 0
        || (r = duet_audit_put_str(&h, row->decoded_action)) != 0
        || (r = duet_audit_put_str(&h, row->tx_hash)) != 0
        || (r = duet_audit_put_u64(&h, row->rules_evaluated)) != 0
        || (r = duet_audit_put_u64(&h, row->eval_micros)) != 0
        || (r = duet_audit_put_str(&h, row->created_at)) != 0
        || (r = duet_sha256_update(&h, row->detail_sha256, 32)) != 0
        || (r = duet_sha256_update(&h, row->prev_hash, 32)) != 0)
    {
        goto out;
    }
    r = duet_sha256_final(&h, out);

out:
    duet_sha256_clear(&h);
    if (r != 0) {
        memset(out, 0, 32);
    }
    return r;
}


int
duet_audit_chain_verify(const struct duet_audit_row *rows, size_t n,
    size_t *bad)
{
    static const uint8_t zero[32];
    const struct duet_audit_row *a, *prev = NULL;
    uint8_t want[32];
    size_t i;
    int r;

    ARG_CHECK(bad != NULL);
    *bad = 0;
    ARG_CHECK(rows != NULL || n == 0);

    for (i = 0; i < n; i++) {
        a = &rows[i];
        r = duet_audit_row_hash(want, a);
        if (r == DUET_ERR_INTERNAL || r == DUET_ERR_NO_MEMORY) {
            /* No verdict: the hash could not be computed. */
            return r;
        }
        /*
         * An incomplete row, another signer's row, a seq out of order, a
         * broken link, a first row with a history, or a hash that is not
         * the row's own: the chain breaks here.  Hashes are public, so
         * plain compares are fine.
         */
        if (r != 0
            || a->seq < 1
            || (a->seq == 1 && memcmp(a->prev_hash, zero, 32) != 0)
            || (prev != NULL
                && (strcmp(a->signer_id, prev->signer_id) != 0
                    || prev->seq == INT64_MAX
                    || a->seq != prev->seq + 1
                    || memcmp(a->prev_hash, prev->hash, 32) != 0))
            || memcmp(want, a->hash, 32) != 0)
        {
            *bad = i;
            return DUET_ERR_PROTOCOL;
        }
        prev = a;
    }
    return 0;
}
