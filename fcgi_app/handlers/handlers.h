/*
 * handlers.h -- every HTTP handler, grouped by resource under handlers/,
 * and the helpers they share (h_common.c).
 */

#ifndef DUETD_HANDLERS_H
#define DUETD_HANDLERS_H

#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

#include "duet.h"
#include "duet_session.h"
#include "../api_json.h"
#include "../app.h"
#include "../proto_state.h"
#include "../request.h"
#include "../session_table.h"
#include "../store.h"

/* Retry-After (seconds) for the 503s and the 409 of a busy session. */
#define DUETD_RETRY_TABLE_FULL    5
#define DUETD_RETRY_PRIMES        30
#define DUETD_RETRY_KMS           5
#define DUETD_RETRY_BUSY          1

/* Key creation: keygen and aux-info side by side, four rounds each. */
#define DUETD_DKG_ROUNDS          4

/* h_health.c, h_metrics.c */
int duetd_h_health(struct duetd_request *r, const struct duetd_app *app);
int duetd_h_metrics(struct duetd_request *r, const struct duetd_app *app);

/* h_signers.c */
int duetd_h_signer_create(struct duetd_request *r,
    const struct duetd_app *app);
int duetd_h_signer_list(struct duetd_request *r,
    const struct duetd_app *app);
int duetd_h_signer_get(struct duetd_request *r, const struct duetd_app *app);
int duetd_h_signer_update(struct duetd_request *r,
    const struct duetd_app *app);
int duetd_h_signer_pause(struct duetd_request *r,
    const struct duetd_app *app);
int duetd_h_signer_resume(struct duetd_request *r,
    const struct duetd_app *app);
int duetd_h_signer_revoke(struct duetd_request *r,
    const struct duetd_app *app);
int duetd_h_signer_regenerate_key(struct duetd_request *r,
    const struct duetd_app *app);

/* h_dkg.c */
int duetd_h_dkg_round(struct duetd_request *r, const struct duetd_app *app);

/* h_sign.c */
int duetd_h_sign_create_tx(struct duetd_request *r,
    const struct duetd_app *app);
int duetd_h_sign_create_message(struct duetd_request *r,
    const struct duetd_app *app);
int duetd_h_sign_round(struct duetd_request *r, const struct duetd_app *app);
int duetd_h_sign_complete(struct duetd_request *r,
    const struct duetd_app *app);

/* h_policy.c: policies, backtests, networks. */
int duetd_h_policy_get(struct duetd_request *r, const struct duetd_app *app);
int duetd_h_policy_put(struct duetd_request *r, const struct duetd_app *app);
int duetd_h_policy_backtest(struct duetd_request *r,
    const struct duetd_app *app);
int duetd_h_networks(struct duetd_request *r, const struct duetd_app *app);

/* h_audit.c: the audit log. */
int duetd_h_audit_list(struct duetd_request *r, const struct duetd_app *app);
int duetd_h_audit_export(struct duetd_request *r,
    const struct duetd_app *app);


/* h_common.c: helpers of the handlers above. */

/*
 * Read the body with the route's limit and parse it as one strict JSON
 * object.  Returns 0 with *root, or an HTTP status (message recorded).
 */
int duetd_h_read_json(struct duetd_request *r, struct json_object **root);

/*
 * Read a round body {"messages": [...]}.  Returns 0 with *m (free with
 * duetd_msgs_free), or an HTTP status (message recorded).
 */
int duetd_h_read_messages(struct duetd_request *r, struct duetd_msgs *m);

/* Send obj with status; releases obj.  Returns 0 or 500. */
int duetd_h_send(struct duetd_request *r, int status,
    struct json_object *obj);

/*
 * Map a session-table code to an HTTP status and record the message
 * (404, 410, 409 + Retry-After, 503 + Retry-After, 500).
 */
int duetd_h_table_error(struct duetd_request *r, int rc);

/*
 * Map a store code: NOT_FOUND to 404 "signer not found", others to 500.
 */
int duetd_h_store_error(struct duetd_request *r, int rc);

/*
 * Claim session r->sid: allocate a slot-sized buffer, acquire into it.
 * Returns 0 with *buf (free with duetd_h_state_free(*buf, *size)), *len
 * and *meta; or an HTTP status (message recorded).
 */
int duetd_h_acquire(struct duetd_request *r, const struct duetd_app *app,
    struct duetd_session_meta *meta, uint8_t **buf, size_t *size,
    size_t *len);

/*
 * Let go of a claimed session r->sid: finish it (it is over), or abandon
 * the claim (the table keeps the state of before the request).
 */
void duetd_h_let_go(struct duetd_request *r, const struct duetd_app *app,
    int finish);

/* Wipe and free a state buffer (NULL ignored). */
void duetd_h_state_free(uint8_t *buf, size_t size);

/*
 * Create a session holding the placeholder state, and claim it: the
 * session id exists (and is written to sid) before the protocol starts.
 * Returns 0, or an HTTP status (message recorded).
 */
int duetd_h_session_open(struct duetd_request *r,
    const struct duetd_app *app, const struct duetd_session_meta *meta,
    char sid[DUETD_SID_TEXT_MAX]);

/* The engine session id "<sid>/<suffix>" into out (DUET_SID_MAX + 1). */
int duetd_h_engine_sid(char *out, size_t size, const char *sid,
    const char *suffix);

/*
 * Serialize a session, or copy its result, into a fresh buffer (SECRET:
 * free with duetd_pstate_free).  Returns 0 or -1.
 */
int duetd_h_serialize(const struct duet_session *s, uint8_t **out,
    size_t *len);
int duetd_h_result(const struct duet_session *s, uint8_t **out, size_t *len);

/*
 * The DKG state st with the sessions kg and ax in it, encoded into a
 * fresh buffer (SECRET: free with duetd_pstate_free).  st's own session
 * fields are ignored.  Returns 0 or -1.
 */
int duetd_h_dkg_save(const struct duetd_dkg_state *st,
    const struct duet_session *kg, const struct duet_session *ax,
    uint8_t **out, size_t *len);

/* Append every outgoing message of s to arr.  Returns 0 or -1. */
int duetd_h_add_outgoing(struct json_object *arr,
    const struct duet_session *s);

/*
 * Record a 422 for a misbehaving party: message and
 * culprit {party, round, reason}.  Returns 422.
 */
int duetd_h_culprit(struct duetd_request *r, const char *what,
    const struct duet_blame *blame, int err);

/*
 * Judge the outcome rc of a step of protocol proto.  Returns 0 (fine), or
 * a status with *fatal telling whether the session is dead (422: a party
 * misbehaved) or untouched (the table keeps the state from before this
 * request).
 */
int duetd_h_judge(struct duetd_request *r, int proto, int rc,
    const struct duet_blame *blame, int *fatal);

/* The public JSON of a signer (spec/api.md section 3), or NULL. */
struct json_object *duetd_h_signer_json(const struct duetd_signer *sg);

/*
 * Load signer id and check the caller may see it: the operator sees all,
 * an API key only its own (403).  Returns 0 with *sg, or a status.
 */
int duetd_h_signer_load(struct duetd_request *r, const struct duetd_app *app,
    const char *id, struct duetd_signer *sg);

/*
 * A pending signer older than session_ttl lost its key creation (its
 * session expired or was wiped): it can never become active, so it turns
 * failed when it is next read.  sg is read back after the change.
 */
void duetd_h_signer_settle(const struct duetd_app *app,
    struct duetd_signer *sg);

/*
 * Append an audit row.  Returns 0 or -1 (logged).  detail_json may be
 * NULL.
 */
int duetd_h_audit(const struct duetd_app *app, const char *signer_id,
    const char *path, const char *request_type, const char *status,
    const char *detail_json);

/* messages[i] peeked into *info.  Returns 0, or 400 (not a message). */
int duetd_h_msg_peek(struct duetd_request *r, const struct duetd_msgs *m,
    size_t i, struct duet_msg_info *info);

/* A party's bit in the senders mask of duetd_h_msg_route. */
#define DUETD_H_PARTY(p)  (1u << (p))

/*
 * Check the routing of messages[i], peeked into *info: it belongs to the
 * engine session esid, comes from one of senders (DUETD_H_PARTY bits,
 * named who in the message: "the signer (0)") and goes to the server or
 * to all.  Returns 0, or 400 (message recorded).
 */
int duetd_h_msg_route(struct duetd_request *r, size_t i,
    const struct duet_msg_info *info, const char *esid, unsigned senders,
    const char *who);

/* The name of a protocol for messages ("keygen", "aux-info", ...). */
const char *duetd_h_proto_name(int proto);

/* The session-table owner of a signer's sessions: "signer:<id>". */
void duetd_h_signer_owner(char out[DUETD_OWNER_MAX], const char *signer_id);

#endif /* DUETD_HANDLERS_H */
