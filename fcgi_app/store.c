/*
 * store.c -- see store.h.  The backend-neutral front: checks every argument
 * once, for all backends, then dispatches through the backend's table of
 * operations (store_impl.h).  Also the audit chains' canonical hashes,
 * which every backend must compute the same way, and the check of what a
 * guardrails decision hands back before any backend writes it.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "duet.h"
#include "duet_audit.h"
#include "log.h"
#include "store.h"
#include "store_impl.h"

#define DUETD_AUDIT_HASH_TAG_V1  "duet-audit-v1"

#define DUETD_AUDIT_LIMIT_MAX    100

/* now_ms is refused beyond this (year ~292 million; no overflow below). */
#define DUETD_STORE_MS_MAX       (INT64_MAX / 4)


/*
 * The backend for this configuration.  There is one so far; a PostgreSQL
 * backend adds a config key and a second table here, nothing else.
 */
static const struct duetd_store_ops *
duetd_store_backend(const struct duetd_config *cfg)
{
    (void) cfg;
    return &duetd_store_sqlite_ops;
}


/* A caller's string argument: present and shorter than size. */
static int
duetd_store_arg(const char *v, size_t size, const char *what)
{
    if (v == NULL) {
        duetd_log_error("store: %s missing", what);
        return -1;
    }
    if (strnlen(v, size) >= size) {
        duetd_log_error("store: %s longer than %zu bytes", what, size - 1);
        return -1;
    }
    return 0;
}


/* A record's fixed-size field must hold its NUL. */
#define duetd_store_field(rec, f)                                            \
    duetd_store_arg((rec)->f, sizeof((rec)->f), #f)


static int
duetd_store_status_known(const char *status)
{
    static const char *const  known[] = {
        DUETD_SIGNER_PENDING, DUETD_SIGNER_ACTIVE, DUETD_SIGNER_PAUSED,
        DUETD_SIGNER_REVOKED, DUETD_SIGNER_FAILED
    };
    size_t                    i;

    for (i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
        if (strcmp(status, known[i]) == 0) {
            return 0;
        }
    }
    duetd_log_error("store: unknown signer status \"%.16s\"", status);
    return -1;
}


static int
duetd_store_handle(const struct duetd_store *s)
{
    if (s == NULL || s->ops == NULL) {
        duetd_log_error("store: no connection");
        return -1;
    }
    return 0;
}


int
duetd_store_prepare(const struct duetd_config *cfg)
{
    if (cfg == NULL) {
        return -1;
    }
    return duetd_store_backend(cfg)->prepare(cfg);
}


int
duetd_store_open(const struct duetd_config *cfg, struct duetd_store **out)
{
    if (out == NULL) {
        return -1;
    }
    *out = NULL;
    if (cfg == NULL) {
        return -1;
    }
    return duetd_store_backend(cfg)->open(cfg, out);
}


void
duetd_store_close(struct duetd_store *s)
{
    if (s == NULL || s->ops == NULL) {
        return;
    }
    s->ops->close(s);
}


int
duetd_store_ping(struct duetd_store *s)
{
    if (duetd_store_handle(s) != 0) {
        return -1;
    }
    return s->ops->ping(s);
}


int
duetd_store_signer_insert(struct duetd_store *s,
    const struct duetd_signer *sg)
{
    if (duetd_store_handle(s) != 0 || sg == NULL
        || duetd_store_field(sg, id) != 0
        || duetd_store_field(sg, name) != 0
        || duetd_store_field(sg, description) != 0
        || duetd_store_field(sg, type) != 0
        || duetd_store_field(sg, network) != 0
        || duetd_store_field(sg, status) != 0
        || duetd_store_field(sg, eth_address) != 0
        || duetd_store_field(sg, public_key) != 0
        || duetd_store_field(sg, owner) != 0
        || duetd_store_field(sg, created_at) != 0
        || duetd_store_field(sg, updated_at) != 0
        || duetd_store_status_known(sg->status) != 0)
    {
        return DUETD_STORE_ERROR;
    }
    return s->ops->signer_insert(s, sg);
}


int
duetd_store_signer_get(struct duetd_store *s, const char *id,
    struct duetd_signer *out)
{
    if (duetd_store_handle(s) != 0 || out == NULL
        || duetd_store_arg(id, DUETD_UUID_SIZE, "signer id") != 0)
    {
        return DUETD_STORE_ERROR;
    }
    memset(out, 0, sizeof(*out));
    return s->ops->signer_get(s, id, out);
}


int
duetd_store_signer_list(struct duetd_store *s, const char *owner,
    size_t max, struct duetd_signer **out, size_t *n)
{
    if (out == NULL || n == NULL) {
        return DUETD_STORE_ERROR;
    }
    *out = NULL;
    *n = 0;
    if (duetd_store_handle(s) != 0
        || (owner != NULL
            && duetd_store_arg(owner, DUETD_OWNER_SIZE, "owner") != 0))
    {
        return DUETD_STORE_ERROR;
    }
    if (max == 0) {
        return DUETD_STORE_OK;
    }
    return s->ops->signer_list(s, owner, max, out, n);
}


int
duetd_store_signer_update(struct duetd_store *s, const char *id,
    const char *name, const char *description)
{
    if (duetd_store_handle(s) != 0
        || duetd_store_arg(id, DUETD_UUID_SIZE, "signer id") != 0
        || (name != NULL
            && duetd_store_arg(name, DUETD_NAME_SIZE, "name") != 0)
        || (description != NULL
            && duetd_store_arg(description, DUETD_DESC_SIZE, "description")
               != 0))
    {
        return DUETD_STORE_ERROR;
    }
    return s->ops->signer_update(s, id, name, description);
}


int
duetd_store_signer_count(struct duetd_store *s, const char *status,
    uint64_t *n)
{
    if (n == NULL) {
        return DUETD_STORE_ERROR;
    }
    *n = 0;
    if (duetd_store_handle(s) != 0
        || duetd_store_arg(status, DUETD_STATUS_SIZE, "status") != 0
        || duetd_store_status_known(status) != 0)
    {
        return DUETD_STORE_ERROR;
    }
    return s->ops->signer_count(s, status, n);
}


int
duetd_store_signer_set_status(struct duetd_store *s, const char *id,
    const char *from, const char *to)
{
    if (duetd_store_handle(s) != 0
        || duetd_store_arg(id, DUETD_UUID_SIZE, "signer id") != 0
        || duetd_store_arg(from, DUETD_STATUS_SIZE, "status") != 0
        || duetd_store_arg(to, DUETD_STATUS_SIZE, "status") != 0
        || duetd_store_status_known(from) != 0
        || duetd_store_status_known(to) != 0)
    {
        return DUETD_STORE_ERROR;
    }
    return s->ops->signer_set_status(s, id, from, to);
}


int
duetd_store_signer_activate(struct duetd_store *s, const char *id,
    const char *eth_address, const char *public_key,
    const uint8_t key_hash[32])
{
    if (duetd_store_handle(s) != 0 || key_hash == NULL
        || duetd_store_arg(id, DUETD_UUID_SIZE, "signer id") != 0
        || duetd_store_arg(eth_address, DUETD_ADDRESS_SIZE, "eth_address")
           != 0
        || duetd_store_arg(public_key, DUETD_PUBKEY_SIZE, "public_key") != 0)
    {
        return DUETD_STORE_ERROR;
    }
    return s->ops->signer_activate(s, id, eth_address, public_key, key_hash);
}


int
duetd_store_apikey_lookup(struct duetd_store *s, const uint8_t key_hash[32],
    char signer_id[DUETD_UUID_SIZE], uint8_t stored_hash[32])
{
    if (duetd_store_handle(s) != 0 || key_hash == NULL || signer_id == NULL
        || stored_hash == NULL)
    {
        return DUETD_STORE_ERROR;
    }
    memset(signer_id, 0, DUETD_UUID_SIZE);
    memset(stored_hash, 0, 32);
    return s->ops->apikey_lookup(s, key_hash, signer_id, stored_hash);
}


int
duetd_store_apikey_replace(struct duetd_store *s, const char *signer_id,
    const uint8_t key_hash[32])
{
    if (duetd_store_handle(s) != 0 || key_hash == NULL
        || duetd_store_arg(signer_id, DUETD_UUID_SIZE, "signer id") != 0)
    {
        return DUETD_STORE_ERROR;
    }
    return s->ops->apikey_replace(s, signer_id, key_hash);
}


int
duetd_store_apikey_revoke_all(struct duetd_store *s, const char *signer_id)
{
    if (duetd_store_handle(s) != 0
        || duetd_store_arg(signer_id, DUETD_UUID_SIZE, "signer id") != 0)
    {
        return DUETD_STORE_ERROR;
    }
    return s->ops->apikey_revoke_all(s, signer_id);
}


/* The caller-filled fields of an audit row fit their arrays. */
static int
duetd_store_audit_fields(const struct duetd_audit *a)
{
    if (duetd_store_field(a, signer_id) != 0
        || duetd_store_field(a, request_id) != 0
        || duetd_store_field(a, path) != 0
        || duetd_store_field(a, request_type) != 0
        || duetd_store_field(a, status) != 0
        || duetd_store_field(a, to_address) != 0
        || duetd_store_field(a, value_wei) != 0
        || duetd_store_field(a, value_usd) != 0
        || duetd_store_field(a, decoded_action) != 0
        || duetd_store_field(a, tx_hash) != 0
        || duetd_store_field(a, caller_ip) != 0)
    {
        return -1;
    }
    if (a->detail_json != NULL && strlen(a->detail_json) > UINT32_MAX) {
        duetd_log_error("store: audit detail too long");
        return -1;
    }
    return 0;
}


int
duetd_store_audit_append(struct duetd_store *s, struct duetd_audit *a)
{
    if (duetd_store_handle(s) != 0 || a == NULL
        || duetd_store_audit_fields(a) != 0)
    {
        return DUETD_STORE_ERROR;
    }
    return s->ops->audit_append(s, a);
}


unsigned
duetd_store_audit_mask(const struct duetd_audit_filter *f)
{
    return (f->signer_id != NULL ? DUETD_AUDIT_F_SIGNER : 0)
           | (f->status != NULL ? DUETD_AUDIT_F_STATUS : 0)
           | (f->request_type != NULL ? DUETD_AUDIT_F_TYPE : 0)
           | (f->from != NULL ? DUETD_AUDIT_F_FROM : 0)
           | (f->to != NULL ? DUETD_AUDIT_F_TO : 0);
}


/* The filter's strings fit the fields they are compared with. */
static int
duetd_store_audit_filter(const struct duetd_audit_filter *f)
{
    struct duetd_audit  a;

    if (f == NULL) {
        duetd_log_error("store: audit filter missing");
        return -1;
    }
    if ((f->signer_id != NULL
         && duetd_store_arg(f->signer_id, sizeof(a.signer_id), "signer id")
            != 0)
        || (f->status != NULL
            && duetd_store_arg(f->status, sizeof(a.status), "status") != 0)
        || (f->request_type != NULL
            && duetd_store_arg(f->request_type, sizeof(a.request_type),
                               "request type") != 0)
        || (f->from != NULL
            && duetd_store_arg(f->from, sizeof(a.created_at), "from") != 0)
        || (f->to != NULL
            && duetd_store_arg(f->to, sizeof(a.created_at), "to") != 0))
    {
        return -1;
    }
    return 0;
}


int
duetd_store_audit_list(struct duetd_store *s,
    const struct duetd_audit_filter *f, struct duetd_audit **rows,
    size_t *n, uint64_t *total)
{
    if (rows == NULL || n == NULL || total == NULL) {
        return DUETD_STORE_ERROR;
    }
    *rows = NULL;
    *n = 0;
    *total = 0;
    if (duetd_store_handle(s) != 0 || duetd_store_audit_filter(f) != 0) {
        return DUETD_STORE_ERROR;
    }
    if (f->page < 1 || f->limit < 1 || f->limit > DUETD_AUDIT_LIMIT_MAX) {
        duetd_log_error("store: audit page %u of %u rows is out of range",
                        f->page, f->limit);
        return DUETD_STORE_ERROR;
    }
    return s->ops->audit_list(s, f, rows, n, total);
}


void
duetd_store_audit_free(struct duetd_audit *rows, size_t n)
{
    size_t  i;

    if (rows == NULL) {
        return;
    }
    for (i = 0; i < n; i++) {
        /* Only list results own their detail: malloc'd by the backend. */
        free((char *) rows[i].detail_json);
    }
    free(rows);
}


int
duetd_store_audit_each(struct duetd_store *s,
    const struct duetd_audit_filter *f,
    int (*fn)(void *arg, const struct duetd_audit *a), void *arg)
{
    if (duetd_store_handle(s) != 0 || fn == NULL
        || duetd_store_audit_filter(f) != 0)
    {
        return DUETD_STORE_ERROR;
    }
    return s->ops->audit_each(s, f, fn, arg);
}


int
duetd_store_audit_verify(struct duetd_store *s, const char *signer_id,
    int64_t *bad_id)
{
    if (bad_id == NULL) {
        return DUETD_STORE_ERROR;
    }
    *bad_id = 0;
    if (duetd_store_handle(s) != 0
        || (signer_id != NULL
            && duetd_store_arg(signer_id, DUETD_UUID_SIZE, "signer id")
               != 0))
    {
        return DUETD_STORE_ERROR;
    }
    return s->ops->audit_verify(s, signer_id, bad_id);
}


/* --- guarded requests ---------------------------------------------------- */

/* What guard_decide's wrapper needs to know of the call. */
struct duetd_store_decision {
    duetd_store_decide_fn   decide;
    void                   *arg;
    const char             *signer_id;
    int64_t                 now_ms;
};


/* A non-empty run of decimal digits (a wei amount). */
static int
duetd_store_decimal(const char *v)
{
    size_t  i;

    for (i = 0; v[i] != '\0'; i++) {
        if (v[i] < '0' || v[i] > '9') {
            return -1;
        }
    }
    return i > 0 ? 0 : -1;
}


/* Fields the store owns, written before and again after the callback. */
static void
duetd_store_decision_own(const struct duetd_store_decision *d,
    struct duetd_audit *a, struct duetd_spend *sp)
{
    size_t  len = strlen(d->signer_id) + 1;

    memcpy(a->signer_id, d->signer_id, len);
    memcpy(sp->signer_id, d->signer_id, len);
    sp->created_ms = d->now_ms;
    sp->nonce = 0;
}


/*
 * The backend's decide: run the caller's, then refuse (-1, logged) a
 * verdict whose row or reservation could not be written as it stands,
 * before anything is written.
 */
static int
duetd_store_decide_checked(void *arg, const struct duetd_spend_row *rows,
    size_t n, struct duetd_audit *a, struct duetd_spend *sp)
{
    const struct duetd_store_decision  *d = arg;
    int                                 v;

    v = d->decide(d->arg, rows, n, a, sp);
    if (v != 0 && v != 1) {
        return -1;
    }
    duetd_store_decision_own(d, a, sp);
    if (duetd_store_audit_fields(a) != 0) {
        return -1;
    }
    /* The audit row must say what the verdict was. */
    if ((strcmp(a->status, "approved") == 0) != (v == 1)) {
        duetd_log_error("store: decision %d with audit status \"%s\"", v,
                        a->status);
        return -1;
    }
    if (v == 0) {
        return 0;
    }
    sp->want_nonce = sp->want_nonce != 0;
    if (duetd_store_field(sp, request_id) != 0
        || duetd_store_field(sp, value_wei) != 0)
    {
        return -1;
    }
    if (sp->request_id[0] == '\0'
        || duetd_store_decimal(sp->value_wei) != 0
        || sp->expires_ms <= d->now_ms
        || (sp->usd_known && !(sp->value_usd >= 0.0))
        || (sp->want_nonce
            && (sp->chain_id > INT64_MAX || sp->pending >= INT64_MAX)))
    {
        duetd_log_error("store: an approved reservation is malformed "
                        "(request id, value, expiry, usd or nonce)");
        return -1;
    }
    return 1;
}


int
duetd_store_guard_decide(struct duetd_store *s, const char *signer_id,
    int64_t now_ms, duetd_store_decide_fn decide, void *arg,
    struct duetd_audit *a, struct duetd_spend *sp, int *decided)
{
    struct duetd_store_decision  d;

    if (decided == NULL) {
        return DUETD_STORE_ERROR;
    }
    *decided = 0;
    if (duetd_store_handle(s) != 0 || decide == NULL || a == NULL
        || sp == NULL
        || duetd_store_arg(signer_id, DUETD_UUID_SIZE, "signer id") != 0)
    {
        return DUETD_STORE_ERROR;
    }
    if (now_ms < DUETD_STORE_WINDOW_MS || now_ms > DUETD_STORE_MS_MAX) {
        duetd_log_error("store: decision time %lld out of range",
                        (long long) now_ms);
        return DUETD_STORE_ERROR;
    }
    d.decide = decide;
    d.arg = arg;
    d.signer_id = signer_id;
    d.now_ms = now_ms;
    duetd_store_decision_own(&d, a, sp);
    return s->ops->guard_decide(s, signer_id, now_ms,
                                duetd_store_decide_checked, &d, a, sp,
                                decided);
}


int
duetd_store_spend_settle(struct duetd_store *s, const char *request_id,
    int spent)
{
    if (duetd_store_handle(s) != 0
        || duetd_store_arg(request_id, DUETD_UUID_SIZE, "request id") != 0)
    {
        return DUETD_STORE_ERROR;
    }
    return s->ops->spend_settle(s, request_id, spent != 0);
}


int
duetd_store_nonce_release(struct duetd_store *s, const char *request_id)
{
    if (duetd_store_handle(s) != 0
        || duetd_store_arg(request_id, DUETD_UUID_SIZE, "request id") != 0)
    {
        return DUETD_STORE_ERROR;
    }
    return s->ops->nonce_release(s, request_id);
}


int
duetd_store_policy_get(struct duetd_store *s, const char *signer_id,
    char **json)
{
    if (json == NULL) {
        return DUETD_STORE_ERROR;
    }
    *json = NULL;
    if (duetd_store_handle(s) != 0
        || duetd_store_arg(signer_id, DUETD_UUID_SIZE, "signer id") != 0)
    {
        return DUETD_STORE_ERROR;
    }
    return s->ops->policy_get(s, signer_id, json);
}


int
duetd_store_policy_put(struct duetd_store *s, const char *signer_id,
    const char *json)
{
    if (duetd_store_handle(s) != 0 || json == NULL
        || duetd_store_arg(signer_id, DUETD_UUID_SIZE, "signer id") != 0)
    {
        return DUETD_STORE_ERROR;
    }
    return s->ops->policy_put(s, signer_id, json);
}


int
duetd_store_prime_add(struct duetd_store *s, const char *id, unsigned bits)
{
    if (duetd_store_handle(s) != 0 || bits == 0
        || duetd_store_arg(id, DUETD_UUID_SIZE, "prime id") != 0)
    {
        return DUETD_STORE_ERROR;
    }
    return s->ops->prime_add(s, id, bits);
}


int
duetd_store_prime_claim(struct duetd_store *s, unsigned bits,
    size_t n, char ids[][DUETD_UUID_SIZE])
{
    if (duetd_store_handle(s) != 0 || ids == NULL || bits == 0) {
        return DUETD_STORE_ERROR;
    }
    if (n == 0 || n > DUETD_STORE_CLAIM_MAX) {
        duetd_log_error("store: cannot claim %zu primes at once", n);
        return DUETD_STORE_ERROR;
    }
    memset(ids, 0, n * DUETD_UUID_SIZE);
    return s->ops->prime_claim(s, bits, n, ids);
}


int
duetd_store_prime_forget(struct duetd_store *s, const char *id)
{
    if (duetd_store_handle(s) != 0
        || duetd_store_arg(id, DUETD_UUID_SIZE, "prime id") != 0)
    {
        return DUETD_STORE_ERROR;
    }
    return s->ops->prime_forget(s, id);
}


int
duetd_store_prime_count(struct duetd_store *s, unsigned bits, unsigned *n)
{
    if (n == NULL) {
        return DUETD_STORE_ERROR;
    }
    *n = 0;
    if (duetd_store_handle(s) != 0) {
        return DUETD_STORE_ERROR;
    }
    return s->ops->prime_count(s, bits, n);
}


/* --- the audit chain's canonical encoding -------------------------------- */

static int
duetd_audit_put_u64(EVP_MD_CTX *md, uint64_t v)
{
    uint8_t  b[8];
    int      i;

    for (i = 7; i >= 0; i--) {
        b[i] = (uint8_t) v;
        v >>= 8;
    }
    return EVP_DigestUpdate(md, b, sizeof(b)) == 1 ? 0 : -1;
}


static int
duetd_audit_put_str(EVP_MD_CTX *md, const char *v)
{
    size_t   len = strlen(v);
    uint8_t  b[4];

    b[0] = (uint8_t) (len >> 24);
    b[1] = (uint8_t) (len >> 16);
    b[2] = (uint8_t) (len >> 8);
    b[3] = (uint8_t) len;
    if (EVP_DigestUpdate(md, b, sizeof(b)) != 1
        || (len > 0 && EVP_DigestUpdate(md, v, len) != 1))
    {
        return -1;
    }
    return 0;
}


int
duetd_store_audit_hash_v1(const struct duetd_audit *a, uint8_t out[32])
{
    EVP_MD_CTX     *md;
    unsigned int    len = 0;
    const uint8_t   present = a->detail_json != NULL;
    int             r = -1;

    md = EVP_MD_CTX_new();
    if (md == NULL
        || EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1
        || EVP_DigestUpdate(md, DUETD_AUDIT_HASH_TAG_V1,
                            sizeof(DUETD_AUDIT_HASH_TAG_V1) - 1) != 1
        || duetd_audit_put_u64(md, (uint64_t) a->id) != 0
        || duetd_audit_put_str(md, a->signer_id) != 0
        || duetd_audit_put_str(md, a->path) != 0
        || duetd_audit_put_str(md, a->request_type) != 0
        || duetd_audit_put_str(md, a->status) != 0
        || duetd_audit_put_str(md, a->to_address) != 0
        || duetd_audit_put_str(md, a->value_wei) != 0
        || duetd_audit_put_u64(md, (uint64_t) a->chain_id) != 0
        || duetd_audit_put_str(md, a->tx_hash) != 0
        || EVP_DigestUpdate(md, &present, 1) != 1
        || (present && duetd_audit_put_str(md, a->detail_json) != 0)
        || duetd_audit_put_str(md, a->created_at) != 0
        || EVP_DigestUpdate(md, a->prev_hash, 32) != 1
        || EVP_DigestFinal_ex(md, out, &len) != 1
        || len != 32)
    {
        duetd_log_error("store: SHA-256 of an audit row failed");
        goto out;
    }
    r = 0;
out:
    EVP_MD_CTX_free(md);
    return r;
}


void
duetd_store_audit_view(const struct duetd_audit *a,
    struct duet_audit_row *row)
{
    row->id = a->id;
    row->seq = a->seq;
    row->signer_id = a->signer_id;
    row->request_id = a->request_id;
    row->path = a->path;
    row->request_type = a->request_type;
    row->status = a->status;
    row->to_address = a->to_address;
    row->value_wei = a->value_wei;
    row->value_usd = a->value_usd;
    row->chain_id = a->chain_id;
    row->decoded_action = a->decoded_action;
    row->tx_hash = a->tx_hash;
    row->rules_evaluated = a->rules_evaluated;
    row->eval_micros = a->eval_micros;
    row->created_at = a->created_at;
    memcpy(row->prev_hash, a->prev_hash, 32);
    memcpy(row->hash, a->hash, 32);
}


int
duetd_store_audit_hash(const struct duetd_audit *a, uint8_t out[32])
{
    struct duet_audit_row  row;
    int                    rc;

    duetd_store_audit_view(a, &row);
    if ((rc = duet_audit_detail_hash(row.detail_sha256, a->detail_json))
        != 0
        || (rc = duet_audit_row_hash(out, &row)) != 0)
    {
        duetd_log_error("store: hashing an audit row: %s",
                        duet_strerror(rc));
        return -1;
    }
    return 0;
}
