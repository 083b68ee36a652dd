/*
 * h_audit.c -- the audit log (spec/api.md sections 3 and 4):
 *
 *   GET /api/v1/audit-log          ?signerId&status&requestType&from&to
 *                                   &page&limit (limit <= 100)
 *   GET /api/v1/audit-log/export   the same filters, CSV
 *
 * The operator sees every row with its detail (detailed reasons, the
 * caller's IP); an API key sees only its own signer's rows, with the
 * short reasons only (duet's fix).  Every row carries what
 * duet_audit_chain_verify needs (seq, detailSha256, prevHash, hash), so a
 * client can check the chain without trusting this server.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "duet_audit.h"
#include "duet_util.h"
#include "../api_json.h"
#include "../csv.h"
#include "../log.h"
#include "../query.h"
#include "../store.h"
#include "../uuid.h"
#include "handlers.h"

enum { Q_SIGNER, Q_STATUS, Q_TYPE, Q_FROM, Q_TO, Q_PAGE, Q_LIMIT, Q_N };

struct duetd_audit_query {
    struct duetd_query_param   p[Q_N];
    struct duetd_audit_filter  f;
    char                       from[DUETD_TIME_SIZE];
    char                       to[DUETD_TIME_SIZE];
    int                        detailed;      /* the operator            */
};


static int
duetd_audit_one_of(const char *v, const char *const *set)
{
    for (; *set != NULL; set++) {
        if (strcmp(v, *set) == 0) {
            return 1;
        }
    }
    return 0;
}


/*
 * A time bound as the store compares it, "YYYY-MM-DDTHH:MM:SS.mmmZ":
 * given as a date (the day's first or last millisecond), or a time with
 * or without milliseconds.  Returns 0 or -1.
 */
static int
duetd_audit_time(char out[DUETD_TIME_SIZE], const char *v, int upper)
{
    static const char  shape[] = "dddd-dd-ddTdd:dd:dd";
    size_t             n = strlen(v), i;

    if (n != 10 && n != 20 && n != 24) {
        return -1;
    }
    for (i = 0; i < n && i < sizeof(shape) - 1; i++) {
        if (shape[i] == 'd' ? v[i] < '0' || v[i] > '9' : v[i] != shape[i]) {
            return -1;
        }
    }
    if (n == 10) {
        snprintf(out, DUETD_TIME_SIZE, "%sT%s", v,
                 upper ? "23:59:59.999Z" : "00:00:00.000Z");
        return 0;
    }
    if (n == 20) {
        if (v[19] != 'Z') {
            return -1;
        }
        snprintf(out, DUETD_TIME_SIZE, "%.19s.%sZ", v, upper ? "999" : "000");
        return 0;
    }
    if (v[19] != '.' || v[23] != 'Z' || strspn(v + 20, "0123456789") != 3) {
        return -1;
    }
    memcpy(out, v, 25);
    return 0;
}


static int
duetd_audit_parse_query(struct duetd_request *r, struct duetd_audit_query *q,
    int paged)
{
    static const char *const  statuses[] = {
        "approved", "blocked", "failed", "broadcast", NULL
    };
    static const char *const  types[] = {
        "dkg", "sign_tx", "sign_message", NULL
    };
    static const char *const  names[Q_N] = {
        "signerId", "status", "requestType", "from", "to", "page", "limit"
    };
    unsigned long             v;
    size_t                    i;
    int                       status;

    memset(q, 0, sizeof(*q));
    for (i = 0; i < Q_N; i++) {
        q->p[i].name = names[i];
    }
    if ((status = duetd_query_parse(duetd_request_param(r, "QUERY_STRING"),
                                    q->p, paged ? Q_N : Q_PAGE,
                                    r->err_message,
                                    sizeof(r->err_message))) != 0)
    {
        return status;            /* err_message is set */
    }
    q->f.page = 1;
    q->f.limit = 20;
    if (q->p[Q_PAGE].present) {
        if ((status = duetd_query_uint(&q->p[Q_PAGE], 1, 1000000, &v,
                                       r->err_message,
                                       sizeof(r->err_message))) != 0)
        {
            return status;            /* err_message is set */
        }
        q->f.page = (uint32_t) v;
    }
    if (q->p[Q_LIMIT].present) {
        if ((status = duetd_query_uint(&q->p[Q_LIMIT], 1, 100, &v,
                                       r->err_message,
                                       sizeof(r->err_message))) != 0)
        {
            return status;            /* err_message is set */
        }
        q->f.limit = (uint32_t) v;
    }
    if (q->p[Q_STATUS].present) {
        if (!duetd_audit_one_of(q->p[Q_STATUS].value, statuses)) {
            return duetd_request_fail(r, 400, "query parameter \"status\""
                                      " must be approved, blocked, failed or"
                                      " broadcast");
        }
        q->f.status = q->p[Q_STATUS].value;
    }
    if (q->p[Q_TYPE].present) {
        if (!duetd_audit_one_of(q->p[Q_TYPE].value, types)) {
            return duetd_request_fail(r, 400, "query parameter"
                                      " \"requestType\" must be dkg, sign_tx"
                                      " or sign_message");
        }
        q->f.request_type = q->p[Q_TYPE].value;
    }
    if (q->p[Q_FROM].present) {
        if (duetd_audit_time(q->from, q->p[Q_FROM].value, 0) != 0) {
            return duetd_request_fail(r, 400, "query parameter \"from\" must"
                                      " be an ISO-8601 UTC date or time"
                                      " (2026-11-22 or"
                                      " 2026-11-22T07:59:04Z)");
        }
        q->f.from = q->from;
    }
    if (q->p[Q_TO].present) {
        if (duetd_audit_time(q->to, q->p[Q_TO].value, 1) != 0) {
            return duetd_request_fail(r, 400, "query parameter \"to\" must"
                                      " be an ISO-8601 UTC date or time"
                                      " (2026-11-22 or"
                                      " 2026-11-22T07:59:04Z)");
        }
        q->f.to = q->to;
    }
    if (q->p[Q_SIGNER].present) {
        if (!duetd_uuid_ok(q->p[Q_SIGNER].value,
                           strlen(q->p[Q_SIGNER].value))) {
            return duetd_request_fail(r, 400, "query parameter \"signerId\""
                                      " must be a signer id (a lower-case"
                                      " UUID)");
        }
        q->f.signer_id = q->p[Q_SIGNER].value;
    }

    /* An API key reads its own signer's rows, and short reasons only. */
    if (r->caller.kind == DUETD_CALLER_SIGNER) {
        if (q->f.signer_id != NULL
            && strcmp(q->f.signer_id, r->caller.signer_id) != 0)
        {
            return duetd_request_fail(r, 403, "this API key belongs to"
                                      " another signer");
        }
        q->f.signer_id = r->caller.signer_id;
    } else if (r->caller.kind == DUETD_CALLER_OPERATOR) {
        q->detailed = 1;
    } else {
        return duetd_request_fail(r, 401, "missing credentials");
    }
    return 0;
}


/* The violations of a detail, with the reasons the caller may see. */
static struct json_object *
duetd_audit_violations(struct json_object *detail, int detailed)
{
    struct json_object  *arr, *in, *out, *x, *t, *reason;
    size_t               i, n;

    if ((arr = json_object_new_array()) == NULL) {
        return NULL;
    }
    if (detail == NULL || !json_object_object_get_ex(detail, "violations",
                                                     &in)
        || json_object_get_type(in) != json_type_array)
    {
        return arr;
    }
    n = json_object_array_length(in);
    for (i = 0; i < n; i++) {
        x = json_object_array_get_idx(in, i);
        if (!json_object_object_get_ex(x, "type", &t)
            || !json_object_object_get_ex(x, detailed ? "reason"
                                                      : "shortReason",
                                          &reason))
        {
            continue;
        }
        if ((out = json_object_new_object()) == NULL
            || json_object_array_add(arr, out) != 0
            || duetd_json_add(out, "type", json_object_get(t))
            || duetd_json_add(out, "reason", json_object_get(reason)))
        {
            json_object_put(arr);
            return NULL;
        }
    }
    return arr;
}


static struct json_object *
duetd_audit_str(const char *s)
{
    return s[0] != '\0' ? json_object_new_string(s) : NULL;
}


/* One row as the API shows it to this caller. */
static struct json_object *
duetd_audit_row_json(const struct duetd_audit *a, int detailed)
{
    struct json_object  *o, *detail = NULL;
    uint8_t              dh[32];

    if (a->detail_json != NULL) {
        detail = json_tokener_parse(a->detail_json);
    }
    if (duet_audit_detail_hash(dh, a->detail_json) != 0
        || (o = json_object_new_object()) == NULL)
    {
        json_object_put(detail);
        return NULL;
    }
    if (duetd_json_add(o, "id", json_object_new_int64(a->id))
        || duetd_json_add(o, "seq", json_object_new_int64(a->seq))
        || duetd_json_add(o, "signerId", json_object_new_string(a->signer_id))
        || json_object_object_add(o, "requestId",
                                  duetd_audit_str(a->request_id)) != 0
        || duetd_json_add(o, "path", json_object_new_string(a->path))
        || duetd_json_add(o, "requestType",
                          json_object_new_string(a->request_type))
        || duetd_json_add(o, "status", json_object_new_string(a->status))
        || json_object_object_add(o, "to", duetd_audit_str(a->to_address))
           != 0
        || duetd_json_add(o, "valueWei", json_object_new_string(a->value_wei))
        || json_object_object_add(o, "valueUsd",
                                  duetd_audit_str(a->value_usd)) != 0
        || duetd_json_add(o, "chainId", json_object_new_int64(a->chain_id))
        || json_object_object_add(o, "decodedAction",
                                  duetd_audit_str(a->decoded_action)) != 0
        || json_object_object_add(o, "txHash", duetd_audit_str(a->tx_hash))
           != 0
        || duetd_json_add(o, "rulesEvaluated",
                          json_object_new_int64(a->rules_evaluated))
        || duetd_json_add(o, "evalMicros",
                          json_object_new_int64(a->eval_micros))
        || duetd_json_add(o, "createdAt",
                          json_object_new_string(a->created_at))
        || duetd_json_add(o, "violations",
                          duetd_audit_violations(detail, detailed))
        || (detailed
            && (json_object_object_add(o, "callerIp",
                                       duetd_audit_str(a->caller_ip)) != 0
                || json_object_object_add(o, "detail",
                                          json_object_get(detail)) != 0))
        || duetd_json_add(o, "detailSha256", duetd_json_hex(dh, 32))
        || duetd_json_add(o, "prevHash", duetd_json_hex(a->prev_hash, 32))
        || duetd_json_add(o, "hash", duetd_json_hex(a->hash, 32)))
    {
        json_object_put(o);
        o = NULL;
    }
    json_object_put(detail);
    return o;
}


int
duetd_h_audit_list(struct duetd_request *r, const struct duetd_app *app)
{
    struct duetd_audit_query   q;
    struct duetd_audit        *rows = NULL;
    struct json_object        *resp = NULL, *data = NULL, *meta = NULL;
    size_t                     n = 0, i;
    uint64_t                   total = 0;
    int                        status, rc;

    if ((status = duetd_audit_parse_query(r, &q, 1)) != 0) {
        return status;
    }
    rc = duetd_store_audit_list(app->store, &q.f, &rows, &n, &total);
    if (rc != DUETD_STORE_OK) {
        return duetd_request_fail(r, 500, "cannot read the audit log");
    }
    status = duetd_request_fail(r, 500, "out of memory");
    if ((resp = json_object_new_object()) == NULL
        || duetd_json_add(resp, "data", data = json_object_new_array())
        || duetd_json_add(resp, "meta", meta = json_object_new_object())
        || duetd_json_add(meta, "total", json_object_new_int64(
                                             (int64_t) total))
        || duetd_json_add(meta, "page", json_object_new_int64(q.f.page))
        || duetd_json_add(meta, "limit", json_object_new_int64(q.f.limit))
        || duetd_json_add(meta, "totalPages", json_object_new_int64(
                              (int64_t) ((total + q.f.limit - 1)
                                         / q.f.limit))))
    {
        goto out;
    }
    for (i = 0; i < n; i++) {
        struct json_object  *row = duetd_audit_row_json(&rows[i],
                                                        q.detailed);

        if (row == NULL || json_object_array_add(data, row) != 0) {
            json_object_put(row);
            goto out;
        }
    }
    status = duetd_h_send(r, 200, resp);
    resp = NULL;

out:
    json_object_put(resp);
    duetd_store_audit_free(rows, n);
    return status;
}


/* --- CSV ---------------------------------------------------------------- */

struct duetd_audit_csv {
    struct duetd_csv  csv;
    int               detailed;
};


static int
duetd_csv_row(void *arg, const struct duetd_audit *a)
{
    struct duetd_audit_csv  *ac = arg;
    struct duetd_csv        *c = &ac->csv;
    struct json_object      *detail = NULL, *v = NULL, *x, *t, *reason;
    char                     num[4][24], hex[3][65], viol[2048];
    uint8_t                  dh[32];
    size_t                   i, n, off = 0;

    if (a->detail_json != NULL) {
        detail = json_tokener_parse(a->detail_json);
    }
    v = duetd_audit_violations(detail, ac->detailed);
    viol[0] = '\0';
    n = v != NULL ? json_object_array_length(v) : 0;
    for (i = 0; i < n && off < sizeof(viol); i++) {
        x = json_object_array_get_idx(v, i);
        if (json_object_object_get_ex(x, "type", &t)
            && json_object_object_get_ex(x, "reason", &reason))
        {
            off += (size_t) snprintf(viol + off, sizeof(viol) - off,
                                     "%s%s: %s", i > 0 ? "; " : "",
                                     json_object_get_string(t),
                                     json_object_get_string(reason));
        }
    }
    json_object_put(v);
    json_object_put(detail);

    snprintf(num[0], sizeof(num[0]), "%lld", (long long) a->id);
    snprintf(num[1], sizeof(num[1]), "%lld", (long long) a->seq);
    snprintf(num[2], sizeof(num[2]), "%lld", (long long) a->chain_id);
    snprintf(num[3], sizeof(num[3]), "%u", a->rules_evaluated);
    if (duet_audit_detail_hash(dh, a->detail_json) != 0
        || duet_hex_encode(hex[0], sizeof(hex[0]), dh, 32) != 0
        || duet_hex_encode(hex[1], sizeof(hex[1]), a->prev_hash, 32) != 0
        || duet_hex_encode(hex[2], sizeof(hex[2]), a->hash, 32) != 0)
    {
        return -1;
    }
    duetd_csv_field(c, num[0], 0);
    duetd_csv_field(c, num[1], 0);
    duetd_csv_field(c, a->created_at, 0);
    duetd_csv_field(c, a->signer_id, 0);
    duetd_csv_field(c, a->request_id, 0);
    duetd_csv_field(c, a->path, 0);
    duetd_csv_field(c, a->request_type, 0);
    duetd_csv_field(c, a->status, 0);
    duetd_csv_field(c, a->to_address, 0);
    duetd_csv_field(c, a->value_wei, 0);
    duetd_csv_field(c, a->value_usd, 0);
    duetd_csv_field(c, num[2], 0);
    duetd_csv_field(c, a->decoded_action, 0);
    duetd_csv_field(c, a->tx_hash, 0);
    duetd_csv_field(c, num[3], 0);
    duetd_csv_field(c, viol, 0);
    duetd_csv_field(c, hex[0], 0);
    duetd_csv_field(c, hex[1], 0);
    duetd_csv_field(c, hex[2], 1);
    return c->bad ? -1 : 0;
}


int
duetd_h_audit_export(struct duetd_request *r, const struct duetd_app *app)
{
    static const char   header[] =
        "\"id\",\"seq\",\"createdAt\",\"signerId\",\"requestId\",\"path\","
        "\"requestType\",\"status\",\"to\",\"valueWei\",\"valueUsd\","
        "\"chainId\",\"decodedAction\",\"txHash\",\"rulesEvaluated\","
        "\"violations\",\"detailSha256\",\"prevHash\",\"hash\"\r\n";
    struct duetd_audit_query  q;
    struct duetd_audit_csv    x;
    int                       status;

    if ((status = duetd_audit_parse_query(r, &q, 0)) != 0) {
        return status;
    }
    memset(&x, 0, sizeof(x));
    x.detailed = q.detailed;
    duetd_csv_put(&x.csv, header, sizeof(header) - 1);
    if (duetd_store_audit_each(app->store, &q.f, duetd_csv_row, &x)
        != DUETD_STORE_OK || x.csv.bad)
    {
        duetd_csv_free(&x.csv);
        return duetd_request_fail(r, 500, "cannot export the audit log");
    }
    if (duetd_respond_raw(r, 200, "text/csv; charset=utf-8", x.csv.p,
                          x.csv.len) != 0)
    {
        duetd_log_warn("could not send the audit export to nginx");
    }
    duetd_csv_free(&x.csv);
    return r->responded ? 0 : 500;
}
