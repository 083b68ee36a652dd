/*
 * guardrails.c -- see guardrails.h.
 *
 * What the policy sees of a request is built here: the decoded calldata,
 * the USD value (known only when every part of the outflow has a price:
 * the native value by the network's currency, an ERC-20 transfer by the
 * token's "CHAINID:0xaddress" price; any other call moves what we cannot
 * price, so its USD value is unknown and USD criteria fail closed), the
 * caller's IP and the UTC hour.  The counters come from the store's
 * reservations, inside its write transaction.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "duet_eth.h"
#include "duet_util.h"
#include "api_json.h"
#include "app.h"
#include "chain.h"
#include "guardrails.h"
#include "log.h"
#include "options.h"
#include "prices.h"
#include "uuid.h"

#define DUETD_MS_HOUR          3600000LL
#define DUETD_MS_DAY           (24 * DUETD_MS_HOUR)

/* The calldata an audit row keeps for a later backtest (hex digits). */
#define DUETD_AUDIT_DATA_MAX   4096

struct duetd_guard_eval {
    const struct duetd_guard_request  *req;
    const struct duetd_policy         *policy;      /* NULL: none        */
    struct duetd_calldata              call;
    struct duetd_policy_ctx            ctx;
    int64_t                            now_ms;
    int64_t                            expires_ms;
    struct duetd_guard_result         *res;
    char                              *detail;      /* the audit detail  */
};


int64_t
duetd_now_ms(void)
{
    struct timespec  ts;

    (void) clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}


static long
duetd_guard_monotonic(void)
{
    struct timespec  ts;

    (void) clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long) ts.tv_sec;
}


/* amount / 10^decimals * usd, or -1 when the price is not known. */
static int
duetd_guard_price(const struct duetd_app *app, const char *key,
    const struct duetd_u256 *amount, double *out)
{
    double    usd, scale = 1;
    unsigned  decimals, i;
    int       rc;

    rc = duetd_prices_get(duetd_chain_prices(app->chain), key,
                          duetd_guard_monotonic(), &usd, &decimals);
    if (rc != DUETD_PRICE_OK || decimals > 36) {
        return -1;
    }
    for (i = 0; i < decimals; i++) {
        scale *= 10;
    }
    *out = duetd_u256_to_double(amount) / scale * usd;
    return 0;
}


/* The USD value of the request's outflow, if every part has a price. */
static void
duetd_guard_value_usd(const struct duetd_app *app,
    struct duetd_guard_eval *e)
{
    const struct duetd_guard_request  *q = e->req;
    char                               key[96], hex[41];
    double                             native = 0, token = 0;

    e->ctx.usd_known = 0;
    e->ctx.value_usd = 0;
    if (q->is_message) {
        e->ctx.usd_known = 1;
        return;
    }
    if (!duetd_u256_is_zero(&q->value)
        && duetd_guard_price(app, q->network->currency, &q->value, &native)
           != 0)
    {
        return;
    }
    if (q->has_to && q->data_len > 0) {
        if (!e->call.token_transfer || !e->call.transfer_ok
            || duet_hex_encode(hex, sizeof(hex), q->to, 20) != 0)
        {
            return;                       /* an outflow we cannot price */
        }
        snprintf(key, sizeof(key), "%llu:0x%s",
                 (unsigned long long) q->network->chain_id, hex);
        if (duetd_guard_price(app, key, &e->call.amount, &token) != 0) {
            return;
        }
    }
    e->ctx.value_usd = native + token;
    e->ctx.usd_known = 1;
}


/* The counters of ctx from the counted reservations of 30 days. */
static void
duetd_guard_counters(struct duetd_guard_eval *e,
    const struct duetd_spend_row *rows, size_t n)
{
    struct duetd_policy_ctx  *c = &e->ctx;
    struct duetd_u256         v;
    size_t                    i;
    int                       day;

    c->requests_1h = 0;
    memset(&c->wei_24h, 0, sizeof(c->wei_24h));
    memset(&c->wei_30d, 0, sizeof(c->wei_30d));
    c->usd_24h_known = c->usd_30d_known = 1;
    c->usd_24h = c->usd_30d = 0;

    for (i = 0; i < n; i++) {
        day = rows[i].created_ms > e->now_ms - DUETD_MS_DAY;
        if (rows[i].created_ms > e->now_ms - DUETD_MS_HOUR) {
            c->requests_1h++;
        }
        if (duetd_u256_parse(&v, rows[i].value_wei) != 0) {
            /* The store wrote it: a corrupt row counts as the maximum. */
            memset(&v, 0xff, sizeof(v));
        }
        (void) duetd_u256_add(&c->wei_30d, &c->wei_30d, &v);
        if (day) {
            (void) duetd_u256_add(&c->wei_24h, &c->wei_24h, &v);
        }
        if (!rows[i].usd_known) {
            c->usd_30d_known = 0;
            if (day) {
                c->usd_24h_known = 0;
            }
        } else {
            c->usd_30d += rows[i].value_usd;
            if (day) {
                c->usd_24h += rows[i].value_usd;
            }
        }
    }
}


/* The audit row's detail: violations, matched rule, calldata. */
static char *
duetd_guard_detail(const struct duetd_guard_eval *e)
{
    const struct duetd_policy_verdict  *v = &e->res->verdict;
    const struct duetd_guard_request   *q = e->req;
    struct json_object                 *o, *arr = NULL, *x;
    char                               *out = NULL, *hex = NULL;
    const char                         *s;
    size_t                              i, n;

    if ((o = json_object_new_object()) == NULL) {
        return NULL;
    }
    if (v->nviolations > 0) {
        if (duetd_json_add(o, "violations", arr = json_object_new_array())) {
            goto out;
        }
        for (i = 0; i < v->nviolations; i++) {
            if ((x = json_object_new_object()) == NULL
                || json_object_array_add(arr, x) != 0
                || duetd_json_add(x, "type",
                                  json_object_new_string(v->v[i].type))
                || duetd_json_add(x, "reason",
                                  json_object_new_string(v->v[i].detail))
                || duetd_json_add(x, "shortReason",
                                  json_object_new_string(v->v[i].reason)))
            {
                goto out;
            }
        }
    }
    if (v->matched_rule > 0
        && duetd_json_add(o, "matchedRule",
                          json_object_new_int(v->matched_rule)))
    {
        goto out;
    }
    if (q->message_kind != NULL
        && duetd_json_add(o, "messageKind",
                          json_object_new_string(q->message_kind)))
    {
        goto out;
    }
    if (q->data_len > 0 && q->data_len * 2 <= DUETD_AUDIT_DATA_MAX) {
        n = q->data_len * 2 + 3;
        if ((hex = malloc(n)) == NULL) {
            goto out;
        }
        hex[0] = '0';
        hex[1] = 'x';
        if (duet_hex_encode(hex + 2, n - 2, q->data, q->data_len) != 0
            || duetd_json_add(o, "data", json_object_new_string(hex)))
        {
            goto out;
        }
    }
    if ((s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN
                                            | JSON_C_TO_STRING_NOSLASHESCAPE))
        != NULL)
    {
        out = strdup(s);
    }
out:
    free(hex);
    json_object_put(o);
    return out;
}


static void
duetd_guard_copy(char *dst, size_t size, const char *src)
{
    snprintf(dst, size, "%s", src != NULL ? src : "");
}


/* Inside the store's transaction: evaluate, fill the row, reserve. */
static int
duetd_guard_decide_cb(void *arg, const struct duetd_spend_row *rows,
    size_t n, struct duetd_audit *a, struct duetd_spend *sp)
{
    struct duetd_guard_eval           *e = arg;
    const struct duetd_guard_request  *q = e->req;
    struct duetd_policy_verdict       *v = &e->res->verdict;
    struct timespec                    t0, t1;
    long                               us;

    duetd_guard_counters(e, rows, n);

    (void) clock_gettime(CLOCK_MONOTONIC, &t0);
    if (duetd_policy_evaluate(e->policy, &e->ctx, v) != 0) {
        duetd_log_error("signer %s: the policy evaluation failed",
                        q->signer_id);
        return -1;
    }
    (void) clock_gettime(CLOCK_MONOTONIC, &t1);
    us = (t1.tv_sec - t0.tv_sec) * 1000000L
         + (t1.tv_nsec - t0.tv_nsec) / 1000L;

    free(e->detail);
    if ((e->detail = duetd_guard_detail(e)) == NULL) {
        duetd_log_error("signer %s: out of memory", q->signer_id);
        return -1;
    }
    duetd_guard_copy(a->status, sizeof(a->status),
                     v->allow ? "approved" : "blocked");
    a->rules_evaluated = v->rules_evaluated;
    a->eval_micros = us < 0 ? 0 : (uint32_t) us;
    a->detail_json = e->detail;

    e->res->allowed = v->allow;
    if (!v->allow) {
        return 0;
    }
    duetd_guard_copy(sp->request_id, sizeof(sp->request_id),
                     e->res->request_id);
    duetd_guard_copy(sp->signer_id, sizeof(sp->signer_id), q->signer_id);
    duetd_u256_to_dec(sp->value_wei, &q->value);
    sp->usd_known = e->ctx.usd_known;
    sp->value_usd = e->ctx.usd_known ? e->ctx.value_usd : 0;
    sp->created_ms = e->now_ms;
    sp->expires_ms = e->expires_ms;
    sp->want_nonce = q->want_nonce;
    sp->chain_id = q->network != NULL ? q->network->chain_id : 0;
    sp->pending = q->pending;
    return 1;
}


/* The audit row's fixed fields. */
static int
duetd_guard_row(const struct duetd_guard_eval *e, struct duetd_audit *a)
{
    const struct duetd_guard_request  *q = e->req;
    char                               dec[DUETD_U256_DEC_SIZE];

    memset(a, 0, sizeof(*a));
    duetd_guard_copy(a->signer_id, sizeof(a->signer_id), q->signer_id);
    duetd_guard_copy(a->request_id, sizeof(a->request_id),
                     e->res->request_id);
    duetd_guard_copy(a->path, sizeof(a->path), q->path);
    duetd_guard_copy(a->request_type, sizeof(a->request_type),
                     q->request_type);
    if (!q->is_message && q->has_to
        && duet_eth_address_checksum(a->to_address, q->to) != 0)
    {
        return -1;
    }
    duetd_u256_to_dec(dec, &q->value);
    duetd_guard_copy(a->value_wei, sizeof(a->value_wei), dec);
    if (e->ctx.usd_known && !q->is_message) {
        snprintf(a->value_usd, sizeof(a->value_usd), "%.2f",
                 e->ctx.value_usd);
    }
    a->chain_id = q->network != NULL ? (int64_t) q->network->chain_id : 0;
    if (q->is_message) {
        duetd_guard_copy(a->decoded_action, sizeof(a->decoded_action),
                         q->message_kind);
    } else if (!q->has_to) {
        duetd_guard_copy(a->decoded_action, sizeof(a->decoded_action),
                         "deploy");
    } else if (q->data_len == 0) {
        duetd_guard_copy(a->decoded_action, sizeof(a->decoded_action),
                         "nativeTransfer");
    } else {
        duetd_guard_copy(a->decoded_action, sizeof(a->decoded_action),
                         e->call.action);
    }
    duetd_guard_copy(a->caller_ip, sizeof(a->caller_ip), q->caller_ip);
    return 0;
}


/* The signer's document, parsed; *p NULL when it has none. */
static int
duetd_guard_policy(const struct duetd_app *app, const char *signer_id,
    struct duetd_policy **p)
{
    char  *json = NULL, err[DUETD_ERR_SIZE];
    int    rc;

    *p = NULL;
    rc = duetd_store_policy_get(app->store, signer_id, &json);
    if (rc == DUETD_STORE_NOT_FOUND) {
        return 0;
    }
    if (rc != DUETD_STORE_OK) {
        return -1;
    }
    rc = duetd_policy_parse(p, json, strlen(json), err, sizeof(err));
    free(json);
    if (rc != 0) {
        /* It was valid when saved: fail closed, and say why. */
        duetd_log_error("signer %s: stored policy unreadable: %s",
                        signer_id, err);
        return -1;
    }
    return 0;
}


int
duetd_guardrails_decide(const struct duetd_app *app,
    const struct duetd_guard_request *req, int64_t expires_ms,
    struct duetd_guard_result *res)
{
    struct duetd_guard_eval  e;
    struct duetd_policy     *policy = NULL;
    struct duetd_audit       a;
    struct duetd_spend       sp;
    struct tm                tm;
    time_t                   now;
    int                      decided = 0, r = -1;

    memset(res, 0, sizeof(*res));
    memset(&e, 0, sizeof(e));
    memset(&sp, 0, sizeof(sp));
    e.req = req;
    e.res = res;
    e.now_ms = duetd_now_ms();
    e.expires_ms = expires_ms;

    if (duetd_uuid_v4(res->request_id) != 0
        || duetd_guard_policy(app, req->signer_id, &policy) != 0)
    {
        goto out;
    }
    e.policy = policy;

    duetd_calldata_decode(&e.call, req->data, req->data_len);
    now = (time_t) (e.now_ms / 1000);
    if (gmtime_r(&now, &tm) == NULL) {
        goto out;
    }
    e.ctx.is_message = req->is_message;
    e.ctx.has_to = req->has_to;
    memcpy(e.ctx.to, req->to, sizeof(e.ctx.to));
    e.ctx.value_wei = req->value;
    e.ctx.chain_id = req->network != NULL ? req->network->chain_id : 0;
    e.ctx.call = &e.call;
    e.ctx.caller_ip = req->caller_ip;
    e.ctx.hour_utc = tm.tm_hour;
    if (policy != NULL && (duetd_policy_needs(policy) & DUETD_POLICY_NEEDS_USD))
    {
        duetd_guard_value_usd(app, &e);
    }

    if (duetd_guard_row(&e, &a) != 0
        || duetd_store_guard_decide(app->store, req->signer_id, e.now_ms,
                                    duetd_guard_decide_cb, &e, &a, &sp,
                                    &decided) != DUETD_STORE_OK)
    {
        goto out;
    }
    res->allowed = decided == 1;
    res->nonce = sp.nonce;
    r = 0;

out:
    free(e.detail);
    duetd_policy_free(policy);
    if (r != 0) {
        memset(res, 0, sizeof(*res));
    }
    return r;
}


int
duetd_guardrails_settle(const struct duetd_app *app, const char *signer_id,
    const char *request_id, const char *request_type, int spent,
    const char *reason)
{
    struct duetd_audit   a;
    struct json_object  *o;
    int                  rc, r = 0;

    rc = duetd_store_spend_settle(app->store, request_id, spent);
    if (rc != DUETD_STORE_OK && rc != DUETD_STORE_NOT_FOUND) {
        duetd_log_error("request %s: cannot settle its reservation",
                        request_id);
        r = -1;
    }
    if (spent) {
        return r;
    }
    memset(&a, 0, sizeof(a));
    duetd_guard_copy(a.signer_id, sizeof(a.signer_id), signer_id);
    duetd_guard_copy(a.request_id, sizeof(a.request_id), request_id);
    duetd_guard_copy(a.path, sizeof(a.path), "signer+server");
    duetd_guard_copy(a.request_type, sizeof(a.request_type), request_type);
    duetd_guard_copy(a.status, sizeof(a.status), "failed");
    duetd_guard_copy(a.value_wei, sizeof(a.value_wei), "0");
    o = json_object_new_object();
    if (o == NULL
        || duetd_json_add(o, "reason", json_object_new_string(reason))
        || (a.detail_json = json_object_to_json_string_ext(o,
                                JSON_C_TO_STRING_PLAIN)) == NULL
        || duetd_store_audit_append(app->store, &a) != DUETD_STORE_OK)
    {
        duetd_log_error("request %s: cannot write its failed audit row",
                        request_id);
        r = -1;
    }
    json_object_put(o);
    return r;
}
