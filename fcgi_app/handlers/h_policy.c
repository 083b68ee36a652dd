/*
 * h_policy.c -- a signer's guardrail policy (spec/api.md section 4) and
 * the configured networks:
 *
 *   GET  /api/v1/signers/{id}/policy            the active document
 *   PUT  /api/v1/signers/{id}/policy            replace it (operator)
 *   POST /api/v1/signers/{id}/policy/backtest   {rules?} against the last
 *                                               20 approved requests
 *   GET  /api/v1/networks                       without RPC URLs
 *
 * A document is checked and normalized by policy.c before it is stored;
 * an invalid one is a 400 naming the rule, the criterion and the path.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "duet_eth.h"
#include "duet_util.h"
#include "../api_json.h"
#include "../calldata.h"
#include "../log.h"
#include "../policy.h"
#include "../store.h"
#include "../u256.h"
#include "handlers.h"

#define DUETD_BACKTEST_ROWS   20


/* The signer r->params names, readable by this caller and not over. */
static int
duetd_policy_signer(struct duetd_request *r, const struct duetd_app *app,
    struct duetd_signer *sg, int writing)
{
    int  status;

    if ((status = duetd_h_signer_load(r, app, r->id, sg)) != 0) {
        return status;
    }
    if (writing && (strcmp(sg->status, DUETD_SIGNER_REVOKED) == 0
                    || strcmp(sg->status, DUETD_SIGNER_FAILED) == 0))
    {
        return duetd_request_fail(r, 409, "signer is %s", sg->status);
    }
    return 0;
}


/* Send a stored (normalized) document as the response. */
static int
duetd_policy_send(struct duetd_request *r, int status, const char *json)
{
    struct json_object  *doc;

    if ((doc = json_tokener_parse(json)) == NULL) {
        duetd_log_error("a stored policy is not JSON");
        return duetd_request_fail(r, 500, "internal error");
    }
    return duetd_h_send(r, status, doc);
}


int
duetd_h_policy_get(struct duetd_request *r, const struct duetd_app *app)
{
    struct duetd_signer  sg;
    char                *json = NULL;
    int                  status, rc;

    if ((status = duetd_policy_signer(r, app, &sg, 0)) != 0) {
        return status;
    }
    rc = duetd_store_policy_get(app->store, sg.id, &json);
    if (rc == DUETD_STORE_NOT_FOUND) {
        return duetd_request_fail(r, 404, "signer %s has no policy: its"
                                  " requests pass only the always-on"
                                  " checks", sg.id);
    }
    if (rc != DUETD_STORE_OK) {
        return duetd_h_store_error(r, rc);
    }
    status = duetd_policy_send(r, 200, json);
    free(json);
    return status;
}


int
duetd_h_policy_put(struct duetd_request *r, const struct duetd_app *app)
{
    struct duetd_signer   sg;
    struct duetd_policy  *p = NULL;
    char                 *body = NULL, *json = NULL;
    size_t                len = 0;
    int                   status, rc;

    if ((status = duetd_policy_signer(r, app, &sg, 1)) != 0
        || (status = duetd_request_body(r, &body, &len)) != 0)
    {
        goto out;
    }
    status = duetd_policy_parse(&p, body, len, r->err_message,
                                sizeof(r->err_message));
    if (status != 0) {
        goto out;                       /* err_message names the error */
    }
    if (duetd_policy_to_json(p, &json) != 0) {
        status = duetd_request_fail(r, 500, "out of memory");
        goto out;
    }
    rc = duetd_store_policy_put(app->store, sg.id, json);
    if (rc != DUETD_STORE_OK) {
        status = duetd_h_store_error(r, rc);
        goto out;
    }
    duetd_log_info("signer %s: policy replaced", sg.id);
    status = duetd_policy_send(r, 200, json);

out:
    duetd_policy_free(p);
    free(json);
    duetd_request_body_free(body, len);
    return status;
}


/* "2026-11-22T07:59:04.123Z" -> 7. */
static int
duetd_policy_hour(const char *iso)
{
    if (strlen(iso) < 13 || iso[11] < '0' || iso[11] > '2' || iso[12] < '0'
        || iso[12] > '9')
    {
        return 0;
    }
    return (iso[11] - '0') * 10 + (iso[12] - '0');
}


/*
 * The context of an approved row as it was: to, value, chain, calldata
 * (kept in the detail when short enough), caller IP, hour, USD value.
 * Counters are not kept per row: a backtest sees them at zero.
 */
static int
duetd_policy_row_ctx(const struct duetd_audit *a, struct duetd_policy_ctx *c,
    struct duetd_calldata *call, uint8_t **data)
{
    struct json_object  *detail = NULL, *v;
    const char          *hex;
    size_t               n = 0, len;
    int                  r = -1;

    memset(c, 0, sizeof(*c));
    *data = NULL;
    c->is_message = strcmp(a->request_type, "sign_message") == 0;
    if (a->to_address[0] != '\0') {
        if (duet_eth_address_parse(c->to, a->to_address,
                                   strlen(a->to_address)) != 0)
        {
            goto out;
        }
        c->has_to = 1;
    }
    if (duetd_u256_parse(&c->value_wei, a->value_wei) != 0) {
        goto out;
    }
    c->chain_id = (uint64_t) a->chain_id;
    if (a->detail_json != NULL
        && (detail = json_tokener_parse(a->detail_json)) != NULL
        && json_object_object_get_ex(detail, "data", &v)
        && (hex = json_object_get_string(v)) != NULL
        && (len = strlen(hex)) >= 2)
    {
        if ((*data = malloc(len / 2 + 1)) == NULL
            || duet_hex_decode(*data, len / 2 + 1, &n, hex + 2, len - 2)
               != 0)
        {
            goto out;
        }
    }
    duetd_calldata_decode(call, *data, n);
    c->call = call;
    c->caller_ip = a->caller_ip[0] != '\0' ? a->caller_ip : NULL;
    c->hour_utc = duetd_policy_hour(a->created_at);
    c->usd_known = a->value_usd[0] != '\0';
    c->value_usd = c->usd_known ? strtod(a->value_usd, NULL) : 0;
    c->usd_24h_known = c->usd_30d_known = 1;
    r = 0;
out:
    json_object_put(detail);
    return r;
}


/* The candidate: {"rules": ...} of the body, or the active document. */
static int
duetd_policy_candidate(struct duetd_request *r, const struct duetd_app *app,
    const char *signer_id, struct duetd_policy **p)
{
    struct json_object       *root = NULL, *doc = NULL;
    struct duetd_json_field   f[] = {
        { "rules", DUETD_JT_ARRAY, 0, 0, NULL },
    };
    const char               *text;
    char                     *json = NULL;
    int                       status, rc;

    *p = NULL;
    if ((status = duetd_h_read_json(r, &root)) != 0
        || (status = duetd_json_fields(root, "", f, 1, r->err_message,
                                       sizeof(r->err_message))) != 0)
    {
        goto out;
    }
    if (f[0].value != NULL) {
        if ((doc = json_object_new_object()) == NULL
            || duetd_json_add(doc, "rules", json_object_get(f[0].value))
            || (text = json_object_to_json_string_ext(doc,
                           JSON_C_TO_STRING_PLAIN)) == NULL)
        {
            status = duetd_request_fail(r, 500, "out of memory");
            goto out;
        }
        status = duetd_policy_parse(p, text, strlen(text), r->err_message,
                                    sizeof(r->err_message));
        goto out;                       /* err_message is set on errors */
    }
    rc = duetd_store_policy_get(app->store, signer_id, &json);
    if (rc == DUETD_STORE_NOT_FOUND) {
        status = 0;                         /* no document: all pass */
        goto out;
    }
    if (rc != DUETD_STORE_OK) {
        status = duetd_h_store_error(r, rc);
        goto out;
    }
    status = duetd_policy_parse(p, json, strlen(json), r->err_message,
                                sizeof(r->err_message));
    if (status != 0) {
        status = duetd_request_fail(r, 500, "the stored policy is"
                                    " unreadable");
    }

out:
    free(json);
    json_object_put(doc);
    json_object_put(root);
    return status;
}


int
duetd_h_policy_backtest(struct duetd_request *r, const struct duetd_app *app)
{
    struct duetd_signer          sg;
    struct duetd_policy         *p = NULL;
    struct duetd_audit_filter    f;
    struct duetd_audit          *rows = NULL;
    struct duetd_policy_ctx      c;
    struct duetd_calldata        call;
    struct duetd_policy_verdict  v;
    struct json_object          *resp = NULL, *blocked = NULL, *o, *arr;
    uint8_t                     *data = NULL;
    uint64_t                     total;
    size_t                       n = 0, i, k, analyzed = 0, pass = 0;
    int                          status;

    if ((status = duetd_policy_signer(r, app, &sg, 0)) != 0
        || (status = duetd_policy_candidate(r, app, sg.id, &p)) != 0)
    {
        goto out;
    }
    memset(&f, 0, sizeof(f));
    f.signer_id = sg.id;
    f.status = "approved";
    f.page = 1;
    f.limit = 100;
    if (duetd_store_audit_list(app->store, &f, &rows, &n, &total)
        != DUETD_STORE_OK)
    {
        status = duetd_request_fail(r, 500, "cannot read the audit log");
        goto out;
    }

    status = duetd_request_fail(r, 500, "out of memory");
    if ((resp = json_object_new_object()) == NULL
        || (blocked = json_object_new_array()) == NULL)
    {
        goto out;
    }
    for (i = 0; i < n && analyzed < DUETD_BACKTEST_ROWS; i++) {
        if (strncmp(rows[i].request_type, "sign_", 5) != 0) {
            continue;
        }
        free(data);
        if (duetd_policy_row_ctx(&rows[i], &c, &call, &data) != 0
            || duetd_policy_evaluate(p, &c, &v) != 0)
        {
            status = duetd_request_fail(r, 500, "audit row %lld cannot be"
                                        " evaluated",
                                        (long long) rows[i].id);
            goto out;
        }
        analyzed++;
        if (v.allow) {
            pass++;
            continue;
        }
        if ((o = json_object_new_object()) == NULL
            || json_object_array_add(blocked, o) != 0
            || duetd_json_add(o, "id", json_object_new_int64(rows[i].id))
            || duetd_json_add(o, "requestId",
                              json_object_new_string(rows[i].request_id))
            || duetd_json_add(o, "createdAt",
                              json_object_new_string(rows[i].created_at))
            || duetd_json_add(o, "requestType",
                              json_object_new_string(rows[i].request_type))
            || json_object_object_add(o, "to", rows[i].to_address[0] != '\0'
                    ? json_object_new_string(rows[i].to_address) : NULL)
            || duetd_json_add(o, "valueWei",
                              json_object_new_string(rows[i].value_wei))
            || duetd_json_add(o, "violations",
                              arr = json_object_new_array()))
        {
            goto out;
        }
        for (k = 0; k < v.nviolations; k++) {
            struct json_object  *x = json_object_new_object();

            if (x == NULL || json_object_array_add(arr, x) != 0
                || duetd_json_add(x, "type",
                                  json_object_new_string(v.v[k].type))
                || duetd_json_add(x, "reason", json_object_new_string(
                       r->caller.kind == DUETD_CALLER_SIGNER
                       ? v.v[k].reason : v.v[k].detail)))
            {
                goto out;
            }
        }
    }
    if (duetd_json_add(resp, "totalAnalyzed",
                       json_object_new_int64((int64_t) analyzed))
        || duetd_json_add(resp, "wouldPass",
                          json_object_new_int64((int64_t) pass))
        || duetd_json_add(resp, "wouldBlock",
                          json_object_new_int64((int64_t) (analyzed - pass))))
    {
        goto out;
    }
    status = duetd_json_add(resp, "blockedRequests", blocked);
    blocked = NULL;
    if (status != 0) {
        status = duetd_request_fail(r, 500, "out of memory");
        goto out;
    }
    status = duetd_h_send(r, 200, resp);
    resp = NULL;

out:
    free(data);
    json_object_put(blocked);
    json_object_put(resp);
    duetd_store_audit_free(rows, n);
    duetd_policy_free(p);
    return status;
}


int
duetd_h_networks(struct duetd_request *r, const struct duetd_app *app)
{
    const struct duetd_network  *nw;
    struct json_object          *resp, *arr = NULL, *o;
    size_t                       i;

    if ((resp = json_object_new_object()) == NULL
        || duetd_json_add(resp, "data", arr = json_object_new_array()))
    {
        json_object_put(resp);
        return duetd_request_fail(r, 500, "out of memory");
    }
    for (i = 0; i < app->cfg->nnetworks; i++) {
        nw = &app->cfg->networks[i];
        if ((o = json_object_new_object()) == NULL
            || json_object_array_add(arr, o) != 0
            || duetd_json_add(o, "name", json_object_new_string(nw->name))
            || duetd_json_add(o, "chainId",
                              json_object_new_uint64(nw->chain_id))
            || json_object_object_add(o, "explorer", nw->explorer != NULL
                    ? json_object_new_string(nw->explorer) : NULL) != 0
            || duetd_json_add(o, "currency",
                              json_object_new_string(nw->currency)))
        {
            json_object_put(resp);
            return duetd_request_fail(r, 500, "out of memory");
        }
    }
    return duetd_h_send(r, 200, resp);
}
