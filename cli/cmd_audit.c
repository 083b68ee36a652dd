/*
 * cmd_audit.c -- `duet audit [--export FILE]` and `duet audit verify`:
 * the signer's audit log as the API key may read it, and the check of its
 * hash chain (duet_audit.h) done here, so the server's word is not taken
 * for it.
 */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "duet_audit.h"
#include "duet_util.h"
#include "cmd.h"

#define DUET_AUDIT_PAGE       100
#define DUET_AUDIT_ROWS_MAX   100000


/*
 * Every row of the signer, pages of 100, into one array (newest first, as
 * the API gives them).
 */
static int
duet_audit_fetch(struct duet_ctx *ctx, struct duet_client *c,
    struct json_object **rows)
{
    struct json_object  *resp = NULL, *data, *meta, *tp;
    char                 path[200];
    size_t               i, n;
    int                  page = 1, pages = 1, rc = DUET_EXIT_OK;

    *rows = json_object_new_array();
    for (page = 1; page <= pages; page++) {
        snprintf(path, sizeof(path), "/api/v1/audit-log?signerId=%s&page=%d"
                 "&limit=%d", ctx->profile.signer_id, page, DUET_AUDIT_PAGE);
        if ((rc = duet_ctx_call(ctx, c, "GET", path, NULL, &resp))
            != DUET_EXIT_OK)
        {
            break;
        }
        if (!json_object_object_get_ex(resp, "data", &data)
            || !json_object_is_type(data, json_type_array)
            || !json_object_object_get_ex(resp, "meta", &meta)
            || !json_object_object_get_ex(meta, "totalPages", &tp))
        {
            rc = duet_fail(ctx, DUET_EXIT_FAILURE, "%s: not an audit page",
                           path);
            break;
        }
        pages = json_object_get_int(tp);
        n = json_object_array_length(data);
        for (i = 0; i < n; i++) {
            json_object_array_add(*rows,
                json_object_get(json_object_array_get_idx(data, i)));
        }
        json_object_put(resp);
        resp = NULL;
        if (json_object_array_length(*rows) > DUET_AUDIT_ROWS_MAX) {
            rc = duet_fail(ctx, DUET_EXIT_FAILURE, "more than %d audit rows",
                           DUET_AUDIT_ROWS_MAX);
            break;
        }
    }
    json_object_put(resp);
    if (rc != DUET_EXIT_OK) {
        json_object_put(*rows);
        *rows = NULL;
    }
    return rc;
}


static int
duet_audit_export(struct duet_ctx *ctx, struct duet_client *c,
    const char *file)
{
    char  path[160], *csv = NULL;
    int   status = 0, r, rc;

    snprintf(path, sizeof(path), "/api/v1/audit-log/export?signerId=%s",
             ctx->profile.signer_id);
    if ((r = duet_client_request(c, "GET", path, NULL, &status, &csv)) != 0)
    {
        return duet_ctx_client_fail(ctx, c, r, "audit export");
    }
    if (status != 200) {
        rc = duet_fail(ctx, status == 401 || status == 403
                            ? DUET_EXIT_CREDENTIALS : DUET_EXIT_FAILURE,
                       "GET %s: %d", path, status);
    } else if (duet_write_atomic(file, csv, strlen(csv), 0600, 0) != 0) {
        rc = duet_fail(ctx, DUET_EXIT_FAILURE, "%s: %s", file,
                       strerror(errno));
    } else {
        duet_out(ctx, "exported", "%s", file);
        rc = DUET_EXIT_OK;
    }
    free(csv);
    return rc;
}


int
duet_cmd_audit(struct duet_ctx *ctx)
{
    struct json_object  *rows = NULL, *r, *v;
    struct duet_client  *c = NULL;
    const char          *file = duet_opt(ctx, "export");
    static const char   *cols[] = { "seq", "createdAt", "requestType",
                                    "status", "to", "valueWei", "txHash",
                                    NULL };
    size_t               i, n, k;
    int                  rc;

    if ((rc = duet_ctx_profile(ctx)) != DUET_EXIT_OK
        || (rc = duet_ctx_client(ctx, NULL, NULL, DUET_AUTH_KEY, &c))
           != DUET_EXIT_OK)
    {
        return rc;
    }
    if (file != NULL) {
        rc = duet_audit_export(ctx, c, file);
        duet_client_free(c);
        return rc;
    }
    if ((rc = duet_audit_fetch(ctx, c, &rows)) != DUET_EXIT_OK) {
        duet_client_free(c);
        return rc;
    }
    duet_client_free(c);
    if (ctx->json) {
        json_object_object_add(ctx->out, "rows", rows);
        return DUET_EXIT_OK;
    }
    n = json_object_array_length(rows);
    for (i = 0; i < n; i++) {
        r = json_object_array_get_idx(rows, i);
        for (k = 0; cols[k] != NULL; k++) {
            printf("%s%s", k ? "  " : "",
                   json_object_object_get_ex(r, cols[k], &v) && v != NULL
                   ? json_object_get_string(v) : "-");
        }
        printf("\n");
    }
    json_object_put(rows);
    return DUET_EXIT_OK;
}


static const char  *duet_row_missing;


static const char *
duet_row_str(struct json_object *o, const char *key, int *missing)
{
    struct json_object  *v;

    if (!json_object_object_get_ex(o, key, &v)) {
        *missing = 1;
        duet_row_missing = key;
        return "";
    }
    return v == NULL ? "" : json_object_get_string(v);
}


static int64_t
duet_row_int(struct json_object *o, const char *key, int *missing)
{
    struct json_object  *v;

    if (!json_object_object_get_ex(o, key, &v)
        || !json_object_is_type(v, json_type_int))
    {
        *missing = 1;
        duet_row_missing = key;
        return 0;
    }
    return json_object_get_int64(v);
}


static void
duet_row_hex32(struct json_object *o, const char *key, uint8_t out[32],
    int *missing)
{
    const char  *s = duet_row_str(o, key, missing);
    size_t       n = 0;

    if (strncmp(s, "0x", 2) == 0) {
        s += 2;
    }
    if (strlen(s) != 64 || duet_hex_decode(out, 32, &n, s, 64) != 0
        || n != 32)
    {
        *missing = 1;
        duet_row_missing = key;
    }
}


static int
duet_seq_cmp(const void *a, const void *b)
{
    const struct duet_audit_row  *x = a, *y = b;

    return x->seq < y->seq ? -1 : x->seq > y->seq;
}


int
duet_cmd_audit_verify(struct duet_ctx *ctx)
{
    struct json_object     *rows = NULL, *o;
    struct duet_audit_row  *a = NULL;
    struct duet_client     *c = NULL;
    size_t                  i, n, bad = 0;
    int                     rc, missing = 0;

    if ((rc = duet_ctx_profile(ctx)) != DUET_EXIT_OK
        || (rc = duet_ctx_client(ctx, NULL, NULL, DUET_AUTH_KEY, &c))
           != DUET_EXIT_OK
        || (rc = duet_audit_fetch(ctx, c, &rows)) != DUET_EXIT_OK)
    {
        goto out;
    }
    n = json_object_array_length(rows);
    if (n == 0) {
        duet_out(ctx, "rows", "%d", 0);
        duet_out(ctx, "chain", "%s", "empty");
        goto out;
    }
    if ((a = calloc(n, sizeof(*a))) == NULL) {
        rc = duet_fail(ctx, DUET_EXIT_FAILURE, "out of memory");
        goto out;
    }
    for (i = 0; i < n; i++) {
        o = json_object_array_get_idx(rows, i);
        a[i].id = duet_row_int(o, "id", &missing);
        a[i].seq = duet_row_int(o, "seq", &missing);
        a[i].signer_id = duet_row_str(o, "signerId", &missing);
        a[i].request_id = duet_row_str(o, "requestId", &missing);
        a[i].path = duet_row_str(o, "path", &missing);
        a[i].request_type = duet_row_str(o, "requestType", &missing);
        a[i].status = duet_row_str(o, "status", &missing);
        a[i].to_address = duet_row_str(o, "to", &missing);
        a[i].value_wei = duet_row_str(o, "valueWei", &missing);
        a[i].value_usd = duet_row_str(o, "valueUsd", &missing);
        a[i].chain_id = duet_row_int(o, "chainId", &missing);
        a[i].decoded_action = duet_row_str(o, "decodedAction", &missing);
        a[i].tx_hash = duet_row_str(o, "txHash", &missing);
        a[i].rules_evaluated = (uint32_t) duet_row_int(o, "rulesEvaluated",
                                                       &missing);
        a[i].eval_micros = (uint32_t) duet_row_int(o, "evalMicros",
                                                   &missing);
        a[i].created_at = duet_row_str(o, "createdAt", &missing);
        duet_row_hex32(o, "detailSha256", a[i].detail_sha256, &missing);
        duet_row_hex32(o, "prevHash", a[i].prev_hash, &missing);
        duet_row_hex32(o, "hash", a[i].hash, &missing);
        if (missing) {
            rc = duet_fail(ctx, DUET_EXIT_CORRUPT, "audit row %lld: no valid"
                           " %s", (long long) a[i].id, duet_row_missing);
            goto out;
        }
    }
    qsort(a, n, sizeof(*a), duet_seq_cmp);
    duet_out(ctx, "rows", "%zu", n);
    if (duet_audit_chain_verify(a, n, &bad) != 0) {
        duet_out(ctx, "chain", "%s", "broken");
        duet_out(ctx, "firstBadSeq", "%lld", (long long) a[bad].seq);
        duet_out(ctx, "firstBadId", "%lld", (long long) a[bad].id);
        rc = duet_fail(ctx, DUET_EXIT_CORRUPT, "the audit chain breaks at"
                       " seq %lld (row %lld, %s)", (long long) a[bad].seq,
                       (long long) a[bad].id, a[bad].created_at);
        goto out;
    }
    duet_out(ctx, "chain", "%s", "intact");
    duet_out(ctx, "headSeq", "%lld", (long long) a[n - 1].seq);

out:
    free(a);
    json_object_put(rows);
    duet_client_free(c);
    return rc;
}
