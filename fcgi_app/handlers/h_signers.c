/*
 * h_signers.c -- the signer resource: creation (which starts the DKG as
 * party 1, docs/api-flows.md), reading, renaming, pausing, revoking and
 * API-key rotation.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "duet.h"
#include "duet_aux.h"
#include "duet_keygen.h"
#include "duet_session.h"
#include "duet_util.h"
#include "../api_json.h"
#include "../auth.h"
#include "../kms.h"
#include "../log.h"
#include "../prime_pool.h"
#include "../proto_state.h"
#include "../server_share.h"
#include "../uuid.h"
#include "handlers.h"

#define DUETD_SIGNERS_LIST_MAX  1000


static int
duetd_h_copy(char *dst, size_t size, struct json_object *v, const char *def)
{
    const char  *s = v != NULL ? json_object_get_string(v) : def;

    if (strlen(s) >= size) {
        return -1;
    }
    memcpy(dst, s, strlen(s) + 1);
    return 0;
}


int
duetd_h_signer_create(struct duetd_request *r, const struct duetd_app *app)
{
    struct duetd_json_field     f[] = {
        { "name", DUETD_JT_STRING, 1, DUETD_NAME_SIZE - 1, NULL },
        { "type", DUETD_JT_STRING, 0, DUETD_TYPE_SIZE - 1, NULL },
        { "description", DUETD_JT_STRING, 0, DUETD_DESC_SIZE - 1, NULL },
        { "network", DUETD_JT_STRING, 0, DUETD_NETWORK_SIZE - 1, NULL },
    };
    struct json_object         *root = NULL, *resp = NULL, *dkg, *msgs, *pc,
                               *idx;
    struct duetd_signer         sg;
    struct duetd_session_meta   meta;
    struct duetd_dkg_state      st;
    struct duet_session        *kg = NULL, *ax = NULL;
    uint8_t                     primes[4][DUETD_PRIME_MAX_BYTES];
    size_t                      lens[4];
    const uint8_t              *pp[4];
    uint8_t                    *blob = NULL;
    size_t                      blen = 0;
    char                        sid[DUETD_SID_TEXT_MAX];
    char                        esid[DUET_SID_MAX + 1];
    unsigned                    avail = 0;
    int                         status, rc, opened = 0, inserted = 0, i;

    memset(primes, 0, sizeof(primes));
    memset(&sg, 0, sizeof(sg));

    if ((status = duetd_h_read_json(r, &root)) != 0
        || (status = duetd_json_fields(root, "", f, 4, r->err_message,
                                       sizeof(r->err_message))) != 0)
    {
        goto out;
    }
    if (duetd_uuid_v4(sg.id) != 0
        || duetd_h_copy(sg.name, sizeof(sg.name), f[0].value, "") != 0
        || duetd_h_copy(sg.type, sizeof(sg.type), f[1].value, "ai_agent")
        || duetd_h_copy(sg.description, sizeof(sg.description), f[2].value,
                        "") != 0
        || duetd_h_copy(sg.network, sizeof(sg.network), f[3].value, ""))
    {
        status = duetd_request_fail(r, 500, "internal error");
        goto out;
    }
    if (sg.network[0] != '\0'
        && duetd_config_network(app->cfg, sg.network) == NULL)
    {
        status = duetd_request_fail(r, 400, "network is not a configured"
                                    " network");
        goto out;
    }
    memcpy(sg.status, DUETD_SIGNER_PENDING, sizeof(DUETD_SIGNER_PENDING));
    memcpy(sg.owner, "operator", sizeof("operator"));
    sg.level = app->cfg->level;

    /*
     * An empty pool is refused before a session is opened for nothing
     * (the claim below still decides when workers race for the last).
     */
    if (duetd_prime_pool_size(app->store, app->cfg->level, &avail) == 0
        && avail < 4)
    {
        r->err_retry_after = DUETD_RETRY_PRIMES;
        status = duetd_request_fail(r, 503, "the prime pool is empty: retry"
                                    " later");
        goto out;
    }

    /* The session id first: the engine sids are derived from it. */
    memset(&meta, 0, sizeof(meta));
    meta.kind = DUETD_SESSION_DKG;
    memcpy(meta.owner, "operator", sizeof("operator"));
    if ((status = duetd_h_session_open(r, app, &meta, sid)) != 0) {
        goto out;
    }
    opened = 1;

    rc = duetd_prime_pool_claim(app->store, app->kms, app->cfg->level,
                                primes, lens);
    if (rc == DUETD_PRIME_EMPTY) {
        r->err_retry_after = DUETD_RETRY_PRIMES;
        status = duetd_request_fail(r, 503, "the prime pool is empty: retry"
                                    " later");
        goto out;
    }
    if (rc != DUETD_PRIME_OK) {
        status = duetd_request_fail(r, 500, "cannot claim primes");
        goto out;
    }
    for (i = 0; i < 4; i++) {
        pp[i] = primes[i];
    }

    if (duetd_h_engine_sid(esid, sizeof(esid), sid, "keygen") != 0
        || duet_keygen_start(&kg, (const uint8_t *) esid, strlen(esid),
                             app->cfg->level, DUET_PARTY_SERVER) != 0
        || duetd_h_engine_sid(esid, sizeof(esid), sid, "aux") != 0
        || duet_aux_start(&ax, (const uint8_t *) esid, strlen(esid),
                          app->cfg->level, DUET_PARTY_SERVER, pp, lens) != 0)
    {
        duetd_log_error("cannot start key creation for signer %s", sg.id);
        status = duetd_request_fail(r, 500, "cannot start key creation");
        goto out;
    }
    duet_memclear(primes, sizeof(primes));

    memset(&st, 0, sizeof(st));
    memcpy(st.signer_id, sg.id, sizeof(sg.id));
    st.level = app->cfg->level;
    if (duetd_h_dkg_save(&st, kg, ax, &blob, &blen) != 0) {
        status = duetd_request_fail(r, 500, "cannot save the session");
        goto out;
    }

    /*
     * The answer is built before anything durable happens.  Each object
     * is attached as soon as it exists, so a failure leaks nothing.
     */
    dkg = msgs = pc = idx = NULL;
    if ((resp = json_object_new_object()) == NULL
        || duetd_json_add(resp, "signerId", json_object_new_string(sg.id))
        || duetd_json_add(resp, "status",
                          json_object_new_string(DUETD_SIGNER_PENDING))
        || duetd_json_add(resp, "dkg", dkg = json_object_new_object())
        || duetd_json_add(dkg, "sessionId", json_object_new_string(sid))
        || duetd_json_add(dkg, "messages", msgs = json_object_new_array())
        || duetd_h_add_outgoing(msgs, kg) != 0
        || duetd_h_add_outgoing(msgs, ax) != 0
        || duetd_json_add(dkg, "roundsRemaining",
                          json_object_new_int(DUETD_DKG_ROUNDS))
        || duetd_json_add(dkg, "partyConfig", pc = json_object_new_object())
        || duetd_json_add(pc, "serverPartyIndex", json_object_new_int(1))
        || duetd_json_add(pc, "clientPartyIndices",
                          idx = json_object_new_array())
        || json_object_array_add(idx, json_object_new_int(0))
        || json_object_array_add(idx, json_object_new_int(2))
        || duetd_json_add(pc, "threshold", json_object_new_int(2))
        || duetd_json_add(pc, "parties", json_object_new_int(3))
        || duetd_json_add(pc, "level", json_object_new_int(app->cfg->level)))
    {
        status = duetd_request_fail(r, 500, "out of memory");
        goto out;
    }

    duetd_timestamp(sg.created_at);
    memcpy(sg.updated_at, sg.created_at, sizeof(sg.updated_at));
    rc = duetd_store_signer_insert(app->store, &sg);
    if (rc != DUETD_STORE_OK) {
        status = duetd_h_store_error(r, rc == DUETD_STORE_NOT_FOUND
                                        ? DUETD_STORE_ERROR : rc);
        goto out;
    }
    inserted = 1;

    meta.round = 0;
    rc = duetd_table_release(app->table, sid, &meta, blob, blen);
    opened = 0;
    if (rc != DUETD_TABLE_OK) {
        status = duetd_h_table_error(r, rc);
        goto out;
    }

    duetd_log_info("signer %s: key creation started, session %s (state %zu"
                   " bytes)", sg.id, sid, blen);
    status = duetd_h_send(r, 201, resp);
    resp = NULL;

out:
    if (opened) {
        (void) duetd_table_finish(app->table, sid);
    }
    if (status != 0 && inserted
        && duetd_store_signer_set_status(app->store, sg.id,
                                         DUETD_SIGNER_PENDING,
                                         DUETD_SIGNER_FAILED)
           != DUETD_STORE_OK)
    {
        duetd_log_error("signer %s: cannot mark the failed creation",
                        sg.id);
    }
    duet_memclear(primes, sizeof(primes));
    duet_session_destroy(kg);
    duet_session_destroy(ax);
    duetd_pstate_free(blob, blen);
    duetd_json_put_wiped(resp);
    json_object_put(root);
    return status;
}


int
duetd_h_signer_list(struct duetd_request *r, const struct duetd_app *app)
{
    struct json_object   *resp = NULL, *arr = NULL, *meta = NULL;
    struct duetd_signer  *list = NULL, one;
    size_t                n = 0, i;
    int                   rc, status;

    if (r->caller.kind == DUETD_CALLER_SIGNER) {
        /* An API key sees exactly its own signer. */
        rc = duetd_store_signer_get(app->store, r->caller.signer_id, &one);
        if (rc == DUETD_STORE_OK) {
            list = &one;
            n = 1;
        } else if (rc != DUETD_STORE_NOT_FOUND) {
            return duetd_h_store_error(r, rc);
        }
    } else {
        rc = duetd_store_signer_list(app->store, NULL,
                                     DUETD_SIGNERS_LIST_MAX, &list, &n);
        if (rc != DUETD_STORE_OK) {
            return duetd_h_store_error(r, rc);
        }
    }
    for (i = 0; i < n; i++) {
        duetd_h_signer_settle(app, &list[i]);
    }

    status = duetd_request_fail(r, 500, "out of memory");
    if ((resp = json_object_new_object()) == NULL
        || (arr = json_object_new_array()) == NULL)
    {
        goto out;
    }
    for (i = 0; i < n; i++) {
        if (json_object_array_add(arr, duetd_h_signer_json(&list[i])) != 0
            || json_object_array_get_idx(arr, i) == NULL)
        {
            goto out;
        }
    }
    if ((meta = json_object_new_object()) == NULL
        || duetd_json_add(meta, "total", json_object_new_uint64(n)) != 0)
    {
        goto out;
    }
    rc = duetd_json_add(resp, "data", arr);
    arr = NULL;
    if (rc != 0) {
        goto out;
    }
    rc = duetd_json_add(resp, "meta", meta);
    meta = NULL;
    if (rc != 0) {
        goto out;
    }
    r->err_message[0] = '\0';
    status = duetd_h_send(r, 200, resp);
    resp = NULL;

out:
    json_object_put(meta);
    json_object_put(arr);
    duetd_json_put_wiped(resp);
    if (list != &one) {
        free(list);
    }
    return status;
}


int
duetd_h_signer_get(struct duetd_request *r, const struct duetd_app *app)
{
    struct duetd_signer  sg;
    int                  status;

    if ((status = duetd_h_signer_load(r, app, r->id, &sg)) != 0) {
        return status;
    }
    return duetd_h_send(r, 200, duetd_h_signer_json(&sg));
}


int
duetd_h_signer_update(struct duetd_request *r, const struct duetd_app *app)
{
    struct duetd_json_field  f[] = {
        { "name", DUETD_JT_STRING, 0, DUETD_NAME_SIZE - 1, NULL },
        { "description", DUETD_JT_STRING, 0, DUETD_DESC_SIZE - 1, NULL },
    };
    struct json_object      *root = NULL;
    struct duetd_signer      sg;
    const char              *name = NULL, *desc = NULL;
    int                      status, rc;

    if ((status = duetd_h_read_json(r, &root)) != 0
        || (status = duetd_json_fields(root, "", f, 2, r->err_message,
                                       sizeof(r->err_message))) != 0)
    {
        goto out;
    }
    if (f[0].value != NULL) {
        name = json_object_get_string(f[0].value);
        if (name[0] == '\0') {
            status = duetd_request_fail(r, 400, "name must not be empty");
            goto out;
        }
    }
    if (f[1].value != NULL) {
        desc = json_object_get_string(f[1].value);
    }
    if (name == NULL && desc == NULL) {
        status = duetd_request_fail(r, 400, "nothing to change: give name or"
                                    " description");
        goto out;
    }
    if ((status = duetd_h_signer_load(r, app, r->id, &sg)) != 0) {
        goto out;
    }
    if (strcmp(sg.status, DUETD_SIGNER_REVOKED) == 0) {
        status = duetd_request_fail(r, 409, "signer is revoked");
        goto out;
    }
    rc = duetd_store_signer_update(app->store, r->id, name, desc);
    if (rc == DUETD_STORE_OK) {
        rc = duetd_store_signer_get(app->store, r->id, &sg);
    }
    if (rc != DUETD_STORE_OK) {
        status = duetd_h_store_error(r, rc);
        goto out;
    }
    status = duetd_h_send(r, 200, duetd_h_signer_json(&sg));

out:
    json_object_put(root);
    return status;
}


static int
duetd_h_signer_move(struct duetd_request *r, const struct duetd_app *app,
    const char *from, const char *to)
{
    struct duetd_signer  sg;
    int                  status, rc;

    if ((status = duetd_h_signer_load(r, app, r->id, &sg)) != 0) {
        return status;
    }
    rc = duetd_store_signer_set_status(app->store, r->id, from, to);
    if (rc == DUETD_STORE_CONFLICT) {
        if (duetd_store_signer_get(app->store, r->id, &sg) != DUETD_STORE_OK)
        {
            return duetd_request_fail(r, 409, "signer is not %s", from);
        }
        return duetd_request_fail(r, 409, "signer is %s, not %s", sg.status,
                                  from);
    }
    if (rc == DUETD_STORE_OK) {
        rc = duetd_store_signer_get(app->store, r->id, &sg);
    }
    if (rc != DUETD_STORE_OK) {
        return duetd_h_store_error(r, rc);
    }
    duetd_log_info("signer %s: %s -> %s", r->id, from, to);
    return duetd_h_send(r, 200, duetd_h_signer_json(&sg));
}


int
duetd_h_signer_pause(struct duetd_request *r, const struct duetd_app *app)
{
    return duetd_h_signer_move(r, app, DUETD_SIGNER_ACTIVE,
                               DUETD_SIGNER_PAUSED);
}


int
duetd_h_signer_resume(struct duetd_request *r, const struct duetd_app *app)
{
    return duetd_h_signer_move(r, app, DUETD_SIGNER_PAUSED,
                               DUETD_SIGNER_ACTIVE);
}


int
duetd_h_signer_revoke(struct duetd_request *r, const struct duetd_app *app)
{
    struct duetd_signer  sg;
    char                 name[DUETD_SERVER_SHARE_NAME_MAX];
    char                 owner[DUETD_OWNER_MAX];
    unsigned             wiped;
    int                  status, rc, tries;

    if ((status = duetd_h_signer_load(r, app, r->id, &sg)) != 0) {
        return status;
    }
    /*
     * Status first, so that no signing starts once this began; then the
     * keys and the share.  A revoked signer is revoked again without
     * complaint, which also retries a KMS delete that failed.
     */
    for (tries = 0; strcmp(sg.status, DUETD_SIGNER_REVOKED) != 0; tries++) {
        rc = duetd_store_signer_set_status(app->store, r->id, sg.status,
                                           DUETD_SIGNER_REVOKED);
        if (rc == DUETD_STORE_OK) {
            break;
        }
        if (rc != DUETD_STORE_CONFLICT || tries == 3
            || (rc = duetd_store_signer_get(app->store, r->id, &sg))
               != DUETD_STORE_OK)
        {
            return duetd_h_store_error(r, rc == DUETD_STORE_CONFLICT
                                          ? DUETD_STORE_ERROR : rc);
        }
    }
    rc = duetd_store_apikey_revoke_all(app->store, r->id);
    if (rc != DUETD_STORE_OK && rc != DUETD_STORE_NOT_FOUND) {
        return duetd_h_store_error(r, DUETD_STORE_ERROR);
    }
    if (duetd_server_share_name(name, r->id) != 0) {
        return duetd_request_fail(r, 500, "internal error");
    }
    rc = duetd_kms_delete(app->kms, name);
    if (rc != DUETD_KMS_OK && rc != DUETD_KMS_NOT_FOUND) {
        duetd_log_error("signer %s revoked, but its share could not be"
                        " deleted: %s", r->id, duetd_kms_strerror(rc));
        r->err_retry_after = DUETD_RETRY_KMS;
        return duetd_request_fail(r, 503, "signer revoked, but the KMS did"
                                  " not delete its share: retry");
    }
    /* Its sessions die with it rather than linger until their TTL. */
    duetd_h_signer_owner(owner, r->id);
    wiped = duetd_table_end_owner(app->table, owner);
    duetd_log_info("signer %s revoked (%u sessions ended)", r->id, wiped);
    if (duetd_respond_raw(r, 204, NULL, NULL, 0) != 0) {
        duetd_log_warn("could not send 204 to nginx");
    }
    return 0;
}


int
duetd_h_signer_regenerate_key(struct duetd_request *r,
    const struct duetd_app *app)
{
    struct json_object   *resp = NULL;
    struct duetd_signer   sg;
    char                  key[DUETD_APIKEY_SIZE];
    uint8_t               hash[32];
    int                   status, rc;

    memset(key, 0, sizeof(key));
    if ((status = duetd_h_signer_load(r, app, r->id, &sg)) != 0) {
        return status;
    }
    if (strcmp(sg.status, DUETD_SIGNER_ACTIVE) != 0
        && strcmp(sg.status, DUETD_SIGNER_PAUSED) != 0)
    {
        return duetd_request_fail(r, 409, "signer is %s", sg.status);
    }
    if (duetd_auth_apikey_new(key, hash) != 0) {
        return duetd_request_fail(r, 500, "cannot make a key");
    }
    rc = duetd_store_apikey_replace(app->store, r->id, hash);
    duet_memclear(hash, sizeof(hash));
    if (rc != DUETD_STORE_OK) {
        status = duetd_h_store_error(r, rc);
        goto out;
    }
    duetd_log_info("signer %s: API key replaced", r->id);

    if ((resp = json_object_new_object()) == NULL
        || duetd_json_add(resp, "signerId", json_object_new_string(r->id))
        || duetd_json_add(resp, "apiKey",
                          json_object_new_string_len(key,
                                                     DUETD_APIKEY_LEN)))
    {
        /* The old key is dead already: say so rather than fail silently. */
        status = duetd_request_fail(r, 500, "the key was replaced but could"
                                    " not be shown: regenerate it again");
        goto out;
    }
    if (duetd_respond_json_secret(r, 200, resp) != 0) {
        duetd_log_warn("could not send the new key to nginx");
    }
    status = 0;

out:
    duet_memclear(key, sizeof(key));
    duetd_json_put_wiped(resp);
    return status;
}
