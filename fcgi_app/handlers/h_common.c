/*
 * h_common.c -- what the handlers share: reading bodies, claiming
 * sessions, mapping table and store codes to HTTP, the public signer
 * object, culprits and audit rows.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "duet.h"
#include "duet_session.h"
#include "duet_util.h"
#include "../api_json.h"
#include "../log.h"
#include "../proto_state.h"
#include "handlers.h"


int
duetd_h_read_json(struct duetd_request *r, struct json_object **root)
{
    char    *body = NULL;
    size_t   len = 0;
    int      status;

    *root = NULL;
    if ((status = duetd_request_body(r, &body, &len)) != 0) {
        return duetd_request_fail(r, status, "%s", status == 413
                                  ? "request body too large"
                                  : "could not read the request body");
    }
    status = duetd_json_parse(root, body, len, r->err_message,
                              sizeof(r->err_message));
    duetd_request_body_free(body, len);
    return status;
}


int
duetd_h_read_messages(struct duetd_request *r, struct duetd_msgs *m)
{
    char    *body = NULL;
    size_t   len = 0;
    int      status;

    memset(m, 0, sizeof(*m));
    if ((status = duetd_request_body(r, &body, &len)) != 0) {
        return duetd_request_fail(r, status, "%s", status == 413
                                  ? "request body too large"
                                  : "could not read the request body");
    }
    status = duetd_msgs_parse(m, body, len, r->err_message,
                              sizeof(r->err_message));
    duetd_request_body_free(body, len);
    return status;
}


int
duetd_h_send(struct duetd_request *r, int status, struct json_object *obj)
{
    int  rc;

    if (obj == NULL) {
        return 500;
    }
    rc = duetd_respond_json(r, status, NULL, obj);
    duetd_json_put_wiped(obj);
    if (rc != 0) {
        duetd_log_warn("could not send %d to nginx", status);
    }
    /* A written response is the handler's answer, sent or not. */
    return r->responded ? 0 : 500;
}


int
duetd_h_table_error(struct duetd_request *r, int rc)
{
    switch (rc) {
    case DUETD_TABLE_NOT_FOUND:
        return duetd_request_fail(r, 404, "session not found");
    case DUETD_TABLE_EXPIRED:
        return duetd_request_fail(r, 410, "session expired");
    case DUETD_TABLE_FINISHED:
        return duetd_request_fail(r, 410, "session already completed or"
                                  " aborted");
    case DUETD_TABLE_BUSY:
        r->err_retry_after = DUETD_RETRY_BUSY;
        return duetd_request_fail(r, 409, "a round of this session is being"
                                  " computed");
    case DUETD_TABLE_FULL:
        r->err_retry_after = DUETD_RETRY_TABLE_FULL;
        return duetd_request_fail(r, 503, "too many sessions in progress");
    case DUETD_TABLE_TOO_BIG:
        duetd_log_error("session state larger than a table slot");
        return duetd_request_fail(r, 500, "session state too large");
    default:
        return duetd_request_fail(r, 500, "session table error");
    }
}


int
duetd_h_store_error(struct duetd_request *r, int rc)
{
    if (rc == DUETD_STORE_NOT_FOUND) {
        return duetd_request_fail(r, 404, "signer not found");
    }
    return duetd_request_fail(r, 500, "store error");
}


int
duetd_h_acquire(struct duetd_request *r, const struct duetd_app *app,
    struct duetd_session_meta *meta, uint8_t **buf, size_t *size,
    size_t *len)
{
    uint8_t  *b;
    size_t    n;
    int       rc;

    *buf = NULL;
    *size = 0;
    *len = 0;
    n = duetd_table_slot_bytes(app->table);
    if (n == 0 || (b = malloc(n)) == NULL) {
        return duetd_request_fail(r, 500, "out of memory");
    }
    memset(meta, 0, sizeof(*meta));
    rc = duetd_table_acquire(app->table, r->sid, meta, b, n, len);
    if (rc != DUETD_TABLE_OK) {
        duetd_h_state_free(b, n);
        *len = 0;
        return duetd_h_table_error(r, rc);
    }
    *buf = b;
    *size = n;
    return 0;
}



void
duetd_h_let_go(struct duetd_request *r, const struct duetd_app *app,
    int finish)
{
    if (finish) {
        (void) duetd_table_finish(app->table, r->sid);
    } else {
        (void) duetd_table_abandon(app->table, r->sid);
    }
}

void
duetd_h_state_free(uint8_t *buf, size_t size)
{
    if (buf != NULL) {
        duet_memclear(buf, size);
        free(buf);
    }
}


int
duetd_h_session_open(struct duetd_request *r, const struct duetd_app *app,
    const struct duetd_session_meta *meta, char sid[DUETD_SID_TEXT_MAX])
{
    struct duetd_session_meta  got;
    const uint8_t             *ph;
    uint8_t                    buf[64];
    size_t                     phlen, len;
    int                        rc;

    ph = duetd_pstate_placeholder(&phlen);
    rc = duetd_table_insert(app->table, meta, ph, phlen, sid);
    if (rc != DUETD_TABLE_OK) {
        return duetd_h_table_error(r, rc);
    }
    /* Nobody else knows the id yet: the claim cannot meet a rival. */
    rc = duetd_table_acquire(app->table, sid, &got, buf, sizeof(buf), &len);
    if (rc != DUETD_TABLE_OK) {
        duetd_log_error("cannot claim the session just created (%d)", rc);
        return duetd_h_table_error(r, rc == DUETD_TABLE_BUSY
                                      ? DUETD_TABLE_ERROR : rc);
    }
    return 0;
}


int
duetd_h_engine_sid(char *out, size_t size, const char *sid,
    const char *suffix)
{
    int  n;

    n = snprintf(out, size, "%s/%s", sid, suffix);
    if (n < DUET_SID_MIN || n > DUET_SID_MAX || (size_t) n >= size) {
        return -1;
    }
    return 0;
}


int
duetd_h_serialize(const struct duet_session *s, uint8_t **out, size_t *len)
{
    size_t  n = 0;

    *out = NULL;
    *len = 0;
    if (duet_session_serialize(s, NULL, &n) != DUET_ERR_BUFFER_TOO_SMALL
        || n == 0 || (*out = malloc(n)) == NULL)
    {
        return -1;
    }
    if (duet_session_serialize(s, *out, &n) != 0) {
        duetd_pstate_free(*out, n);
        *out = NULL;
        return -1;
    }
    *len = n;
    return 0;
}


int
duetd_h_result(const struct duet_session *s, uint8_t **out, size_t *len)
{
    size_t  n = 0;

    *out = NULL;
    *len = 0;
    if (duet_session_result(s, NULL, &n) != DUET_ERR_BUFFER_TOO_SMALL
        || n == 0 || (*out = malloc(n)) == NULL)
    {
        return -1;
    }
    if (duet_session_result(s, *out, &n) != 0) {
        duetd_pstate_free(*out, n);
        *out = NULL;
        return -1;
    }
    *len = n;
    return 0;
}



int
duetd_h_dkg_save(const struct duetd_dkg_state *st,
    const struct duet_session *kg, const struct duet_session *ax,
    uint8_t **out, size_t *len)
{
    struct duetd_dkg_state  s;
    uint8_t                *kgb = NULL, *axb = NULL;
    size_t                  kgl = 0, axl = 0;
    int                     r = -1;

    *out = NULL;
    *len = 0;
    if (duetd_h_serialize(kg, &kgb, &kgl) != 0
        || duetd_h_serialize(ax, &axb, &axl) != 0)
    {
        goto out;
    }
    s = *st;
    s.keygen = kgb;
    s.keygen_len = kgl;
    s.aux = axb;
    s.aux_len = axl;
    if (duetd_dkg_state_encode(&s, out, len) != 0) {
        goto out;
    }
    r = 0;

out:
    duetd_pstate_free(kgb, kgl);
    duetd_pstate_free(axb, axl);
    return r;
}

int
duetd_h_add_outgoing(struct json_object *arr, const struct duet_session *s)
{
    const uint8_t  *msg;
    size_t          i, n, len;

    n = duet_session_outgoing_count(s);
    for (i = 0; i < n; i++) {
        if (duet_session_outgoing(s, i, &msg, &len, NULL) != 0
            || duetd_json_array_add_b64(arr, msg, len) != 0)
        {
            return -1;
        }
    }
    return 0;
}



int
duetd_h_msg_peek(struct duetd_request *r, const struct duetd_msgs *m,
    size_t i, struct duet_msg_info *info)
{
    if (duet_msg_peek(info, m->msg[i], m->len[i]) != 0) {
        return duetd_request_fail(r, 400, "messages[%zu] is not a duet"
                                  " message", i);
    }
    return 0;
}


int
duetd_h_msg_route(struct duetd_request *r, size_t i,
    const struct duet_msg_info *info, const char *esid, unsigned senders,
    const char *who)
{
    if (info->sid_len != strlen(esid)
        || memcmp(info->sid, esid, info->sid_len) != 0)
    {
        return duetd_request_fail(r, 400, "messages[%zu] belongs to"
                                  " another session", i);
    }
    /* The bound first: a shift past the width is undefined. */
    if (info->sender < 0 || info->sender >= 8
        || (senders & DUETD_H_PARTY(info->sender)) == 0)
    {
        return duetd_request_fail(r, 400, "messages[%zu] is from party"
                                  " %d, not %s", i, info->sender, who);
    }
    if (info->recipient != DUET_PARTY_SERVER
        && info->recipient != DUET_BROADCAST)
    {
        return duetd_request_fail(r, 400, "messages[%zu] is addressed to"
                                  " party %d, not the server (1)", i,
                                  info->recipient);
    }
    return 0;
}

const char *
duetd_h_proto_name(int proto)
{
    switch (proto) {
    case DUET_PROTO_KEYGEN:
        return "keygen";
    case DUET_PROTO_AUX:
        return "aux-info";
    case DUET_PROTO_PRESIGN:
        return "presign";
    case DUET_PROTO_SIGN:
        return "sign";
    case DUET_PROTO_REFRESH:
        return "refresh";
    default:
        return "unknown protocol";
    }
}


int
duetd_h_culprit(struct duetd_request *r, const char *what,
    const struct duet_blame *blame, int err)
{
    struct json_object  *extra, *c;
    int                  reason;

    reason = blame->reason != 0 ? blame->reason : err;
    duetd_request_fail(r, 422, "%s failed: party %d, round %d: %s", what,
                       blame->party, blame->round, duet_strerror(reason));
    extra = json_object_new_object();
    c = json_object_new_object();
    if (extra == NULL || c == NULL
        || duetd_json_add(c, "party", json_object_new_int(blame->party))
        || duetd_json_add(c, "round", json_object_new_int(blame->round))
        || duetd_json_add(c, "reason",
                          json_object_new_string(duet_errname(reason))))
    {
        json_object_put(extra);
        json_object_put(c);
        return 422;
    }
    if (duetd_json_add(extra, "culprit", c) != 0) {
        json_object_put(extra);
        return 422;
    }
    json_object_put(r->err_extra);
    r->err_extra = extra;
    return 422;
}



int
duetd_h_judge(struct duetd_request *r, int proto, int rc,
    const struct duet_blame *blame, int *fatal)
{
    const char  *name = duetd_h_proto_name(proto);

    *fatal = 0;
    switch (rc) {
    case 0:
        return 0;
    case DUET_ERR_MISSING_MESSAGE:
        return duetd_request_fail(r, 400, "%s round %d: the message of party"
                                  " %d is missing", name, blame->round,
                                  blame->party);
    case DUET_ERR_WRONG_ROUND:
        return duetd_request_fail(r, 400, "%s: party %d sent a message of"
                                  " another round than %d", name,
                                  blame->party, blame->round);
    case DUET_ERR_INVALID_ARGUMENT:
        return duetd_request_fail(r, 400, "%s: too many messages", name);
    case DUET_ERR_BAD_STATE:
        return duetd_request_fail(r, 400, "%s is already complete", name);
    case DUET_ERR_NO_MEMORY:
    case DUET_ERR_RANDOM:
    case DUET_ERR_INTERNAL:
        duetd_log_error("%s step failed locally: %s", name,
                        duet_strerror(rc));
        return duetd_request_fail(r, 500, "internal error");
    default:
        if (blame->party == DUET_PARTY_NONE) {
            duetd_log_error("%s step failed: %s", name, duet_strerror(rc));
            return duetd_request_fail(r, 500, "internal error");
        }
        *fatal = 1;
        return duetd_h_culprit(r, name, blame, rc);
    }
}

static struct json_object *
duetd_h_string_or_null(const char *s)
{
    return s[0] != '\0' ? json_object_new_string(s) : json_object_new_null();
}


struct json_object *
duetd_h_signer_json(const struct duetd_signer *sg)
{
    struct json_object  *o;

    if ((o = json_object_new_object()) == NULL) {
        return NULL;
    }
    /* json_object_new_null() is NULL by design: add it directly. */
    if (duetd_json_add(o, "id", json_object_new_string(sg->id))
        || duetd_json_add(o, "name", json_object_new_string(sg->name))
        || duetd_json_add(o, "description",
                          json_object_new_string(sg->description))
        || duetd_json_add(o, "type", json_object_new_string(sg->type))
        || json_object_object_add(o, "ethAddress",
                                  duetd_h_string_or_null(sg->eth_address))
        || json_object_object_add(o, "publicKey",
                                  duetd_h_string_or_null(sg->public_key))
        || duetd_json_add(o, "status", json_object_new_string(sg->status))
        || json_object_object_add(o, "network",
                                  duetd_h_string_or_null(sg->network))
        || duetd_json_add(o, "createdAt",
                          json_object_new_string(sg->created_at))
        || duetd_json_add(o, "updatedAt",
                          json_object_new_string(sg->updated_at)))
    {
        json_object_put(o);
        return NULL;
    }
    return o;
}


/* Milliseconds since the epoch of a store timestamp, or -1. */
static int64_t
duetd_h_timestamp_ms(const char *ts)
{
    struct tm  tm;
    time_t     t;
    int        ms;

    memset(&tm, 0, sizeof(tm));
    if (sscanf(ts, "%4d-%2d-%2dT%2d:%2d:%2d.%3dZ", &tm.tm_year, &tm.tm_mon,
               &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &ms) != 7)
    {
        return -1;
    }
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    if ((t = timegm(&tm)) == (time_t) -1) {
        return -1;
    }
    return (int64_t) t * 1000 + ms;
}


void
duetd_h_signer_settle(const struct duetd_app *app, struct duetd_signer *sg)
{
    struct timespec  now;
    int64_t          created;
    char             id[DUETD_UUID_SIZE];

    if (strcmp(sg->status, DUETD_SIGNER_PENDING) != 0
        || (created = duetd_h_timestamp_ms(sg->created_at)) < 0
        || clock_gettime(CLOCK_REALTIME, &now) != 0
        || (int64_t) now.tv_sec * 1000 + now.tv_nsec / 1000000 - created
           <= (int64_t) app->cfg->session_ttl * 1000)
    {
        return;
    }
    /* The store clears *sg before it reads: the id must be a copy. */
    memcpy(id, sg->id, sizeof(id));
    /* Another worker may settle it first: the swap happens once. */
    if (duetd_store_signer_set_status(app->store, id, DUETD_SIGNER_PENDING,
                                      DUETD_SIGNER_FAILED) == DUETD_STORE_OK)
    {
        duetd_log_info("signer %s: key creation outlived session_ttl:"
                       " failed", id);
        (void) duetd_h_audit(app, id, "signer+server+user", "dkg", "failed",
                             "{\"reason\":\"expired\"}");
    }
    if (duetd_store_signer_get(app->store, id, sg) != DUETD_STORE_OK) {
        duetd_log_warn("signer %s: cannot read it back", id);
    }
}


int
duetd_h_signer_load(struct duetd_request *r, const struct duetd_app *app,
    const char *id, struct duetd_signer *sg)
{
    int  rc;

    if (r->caller.kind == DUETD_CALLER_SIGNER
        && strcmp(r->caller.signer_id, id) != 0)
    {
        return duetd_request_fail(r, 403, "this API key belongs to another"
                                  " signer");
    }
    if (r->caller.kind != DUETD_CALLER_SIGNER
        && r->caller.kind != DUETD_CALLER_OPERATOR)
    {
        return duetd_request_fail(r, 401, "missing credentials");
    }
    rc = duetd_store_signer_get(app->store, id, sg);
    if (rc != DUETD_STORE_OK) {
        return duetd_h_store_error(r, rc);
    }
    duetd_h_signer_settle(app, sg);
    return 0;
}


int
duetd_h_audit(const struct duetd_app *app, const char *signer_id,
    const char *path, const char *request_type, const char *status,
    const char *detail_json)
{
    struct duetd_audit  a;

    memset(&a, 0, sizeof(a));
    if (strlen(signer_id) >= sizeof(a.signer_id)
        || strlen(path) >= sizeof(a.path)
        || strlen(request_type) >= sizeof(a.request_type)
        || strlen(status) >= sizeof(a.status))
    {
        duetd_log_error("audit row field too long");
        return -1;
    }
    memcpy(a.signer_id, signer_id, strlen(signer_id) + 1);
    memcpy(a.path, path, strlen(path) + 1);
    memcpy(a.request_type, request_type, strlen(request_type) + 1);
    memcpy(a.status, status, strlen(status) + 1);
    a.detail_json = detail_json;
    if (duetd_store_audit_append(app->store, &a) != DUETD_STORE_OK) {
        duetd_log_error("audit append failed for signer %s", signer_id);
        return -1;
    }
    return 0;
}


void
duetd_h_signer_owner(char out[DUETD_OWNER_MAX], const char *signer_id)
{
    snprintf(out, DUETD_OWNER_MAX, "signer:%s", signer_id);
}
