/*
 * h_dkg.c -- POST /api/v1/dkg/sessions/{sid}/rounds: one round of key
 * creation as party 1 (docs/api-flows.md).  Keygen and aux-info run side
 * by side, four rounds each; the client's messages are grouped by
 * protocol and each engine session steps with its set.  At the end share
 * 1 goes to the KMS, the signer becomes active and its API key is shown
 * once.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "duet.h"
#include "duet_eth.h"
#include "duet_keyshare.h"
#include "duet_session.h"
#include "duet_util.h"
#include "../api_json.h"
#include "../auth.h"
#include "../kms.h"
#include "../log.h"
#include "../proto_state.h"
#include "../server_share.h"
#include "handlers.h"

#define DUETD_DKG_KEYGEN   0
#define DUETD_DKG_AUX      1

/* The messages of one request, by protocol. */
struct duetd_dkg_sets {
    const uint8_t  *msg[2][DUETD_MESSAGES_MAX];
    size_t          len[2][DUETD_MESSAGES_MAX];
    size_t          n[2];
};


/*
 * Sort the messages by protocol and refuse any that cannot be for this
 * session's party 1: another protocol or session, a sender that is not a
 * client party, another recipient, a repeat.
 */
static int
duetd_dkg_sort(struct duetd_request *r, const struct duetd_msgs *m,
    struct duetd_dkg_sets *sets)
{
    struct duet_msg_info  info;
    char                  sid[2][DUET_SID_MAX + 1];
    unsigned              seen[2][3][2];
    size_t                i, g;
    int                   p2p, status;

    memset(sets, 0, sizeof(*sets));
    memset(seen, 0, sizeof(seen));
    if (duetd_h_engine_sid(sid[DUETD_DKG_KEYGEN], sizeof(sid[0]), r->sid,
                           "keygen") != 0
        || duetd_h_engine_sid(sid[DUETD_DKG_AUX], sizeof(sid[0]), r->sid,
                              "aux") != 0)
    {
        return duetd_request_fail(r, 404, "session not found");
    }
    for (i = 0; i < m->count; i++) {
        if ((status = duetd_h_msg_peek(r, m, i, &info)) != 0) {
            return status;
        }
        if (info.proto == DUET_PROTO_KEYGEN) {
            g = DUETD_DKG_KEYGEN;
        } else if (info.proto == DUET_PROTO_AUX) {
            g = DUETD_DKG_AUX;
        } else {
            return duetd_request_fail(r, 400, "messages[%zu] is a %s message,"
                                      " not keygen or aux-info", i,
                                      duetd_h_proto_name(info.proto));
        }
        if ((status = duetd_h_msg_route(r, i, &info, sid[g],
                                        DUETD_H_PARTY(DUET_PARTY_SIGNER)
                                        | DUETD_H_PARTY(DUET_PARTY_USER),
                                        "a client party (0, 2)")) != 0)
        {
            return status;
        }
        p2p = info.recipient != DUET_BROADCAST;
        if (seen[g][info.sender][p2p]++) {
            return duetd_request_fail(r, 400, "messages[%zu] repeats party"
                                      " %d's %s %s message", i, info.sender,
                                      duetd_h_proto_name(info.proto),
                                      p2p ? "point-to-point" : "broadcast");
        }
        sets->msg[g][sets->n[g]] = m->msg[i];
        sets->len[g][sets->n[g]] = m->len[i];
        sets->n[g]++;
    }
    return 0;
}


/* The key creation failed for good: mark the signer, audit the culprit. */
static void
duetd_dkg_failed(struct duetd_request *r, const struct duetd_app *app,
    const char *signer_id, const struct duet_blame *blame)
{
    char  detail[160];
    int   reason = blame->reason;

    if (duetd_store_signer_set_status(app->store, signer_id,
                                      DUETD_SIGNER_PENDING,
                                      DUETD_SIGNER_FAILED) != DUETD_STORE_OK)
    {
        duetd_log_warn("signer %s: not pending any more", signer_id);
    }
    snprintf(detail, sizeof(detail),
             "{\"culprit\":{\"party\":%d,\"round\":%d,\"reason\":\"%s\"}}",
             blame->party, blame->round, duet_errname(reason));
    (void) duetd_h_audit(app, signer_id, "signer+server+user", "dkg",
                         "failed", detail);
    duetd_log_info("signer %s: key creation failed, party %d (%s)",
                   signer_id, blame->party, duet_errname(reason));
    (void) r;
}


/*
 * Both protocols are done: keep share 1, activate the signer, answer with
 * the API key.  *finish says whether the session is over (else the table
 * keeps the state of before this round, and a retry of the same round
 * computes the same shares again).
 */
static int
duetd_dkg_complete(struct duetd_request *r, const struct duetd_app *app,
    const struct duetd_dkg_state *st, const struct duet_session *kg,
    const struct duet_session *ax, int *finish)
{
    struct duet_keyshare_info  info;
    struct json_object        *resp = NULL;
    uint8_t                   *ks = NULL, *aux = NULL, *box = NULL;
    size_t                     kslen = 0, auxlen = 0, boxlen = 0;
    uint8_t                    addr[DUET_ETH_ADDRESS_BYTES], hash[32];
    char                       address[DUET_ETH_ADDRESS_TEXT_SIZE];
    /* "0x" and 66 hex digits: store.h's DUETD_PUBKEY_SIZE (67) is short. */
    char                       pubkey[2 + DUET_HEX_ENCODED_SIZE(33)];
    char                       name[DUETD_SERVER_SHARE_NAME_MAX];
    char                       key[DUETD_APIKEY_SIZE];
    int                        status, rc, stored = 0;

    *finish = 0;
    memset(key, 0, sizeof(key));
    memset(hash, 0, sizeof(hash));

    if (duetd_h_result(kg, &ks, &kslen) != 0
        || duetd_h_result(ax, &aux, &auxlen) != 0
        || duet_keyshare_inspect(&info, ks, kslen) != 0
        || info.index != DUET_PARTY_SERVER
        || duet_eth_address(addr, info.pubkey) != 0
        || duet_eth_address_checksum(address, addr) != 0
        || duetd_server_share_encode(&box, &boxlen, ks, kslen, aux, auxlen)
           != 0
        || duetd_server_share_name(name, st->signer_id) != 0)
    {
        duetd_log_error("signer %s: cannot take the key creation's result",
                        st->signer_id);
        status = duetd_request_fail(r, 500, "internal error");
        goto out;
    }
    pubkey[0] = '0';
    pubkey[1] = 'x';
    if (duet_hex_encode(pubkey + 2, sizeof(pubkey) - 2, info.pubkey,
                        sizeof(info.pubkey)) != 0)
    {
        status = duetd_request_fail(r, 500, "internal error");
        goto out;
    }

    rc = duetd_kms_store(app->kms, name, box, boxlen);
    if (rc == DUETD_KMS_EXISTS) {
        /*
         * A retry after a failure past this point: the signer is still
         * pending and this session the only writer, so the object holds
         * the same share (rounds are deterministic) or a dead one.
         */
        if ((rc = duetd_kms_delete(app->kms, name)) == DUETD_KMS_OK) {
            rc = duetd_kms_store(app->kms, name, box, boxlen);
        }
    }
    if (rc != DUETD_KMS_OK) {
        duetd_log_error("signer %s: cannot store share 1: %s", st->signer_id,
                        duetd_kms_strerror(rc));
        if (rc == DUETD_KMS_UNAVAILABLE) {
            r->err_retry_after = DUETD_RETRY_KMS;
            status = duetd_request_fail(r, 503, "KMS unavailable: retry the"
                                        " round");
        } else {
            status = duetd_request_fail(r, 500, "cannot store the key share");
        }
        goto out;
    }
    stored = 1;

    if (duetd_auth_apikey_new(key, hash) != 0) {
        status = duetd_request_fail(r, 500, "cannot make an API key");
        goto out;
    }
    rc = duetd_store_signer_activate(app->store, st->signer_id, address,
                                     pubkey, hash);
    if (rc == DUETD_STORE_CONFLICT || rc == DUETD_STORE_NOT_FOUND) {
        /* Revoked while the rounds ran: the share must not stay. */
        *finish = 1;
        status = duetd_request_fail(r, 403, "signer was revoked during key"
                                    " creation");
        goto out;
    }
    if (rc != DUETD_STORE_OK) {
        status = duetd_h_store_error(r, DUETD_STORE_ERROR);
        goto out;
    }
    stored = 0;                 /* the share is the signer's now */
    *finish = 1;

    (void) duetd_h_audit(app, st->signer_id, "signer+server+user", "dkg",
                         "approved", NULL);
    duetd_log_info("signer %s: active, address %s", st->signer_id, address);

    if ((resp = json_object_new_object()) == NULL
        || duetd_json_add(resp, "messages", json_object_new_array())
        || duetd_json_add(resp, "roundsRemaining", json_object_new_int(0))
        || duetd_json_add(resp, "complete", json_object_new_boolean(1))
        || duetd_json_add(resp, "signerId",
                          json_object_new_string(st->signer_id))
        || duetd_json_add(resp, "ethAddress", json_object_new_string(address))
        || duetd_json_add(resp, "publicKey", json_object_new_string(pubkey))
        || duetd_json_add(resp, "apiKey",
                          json_object_new_string_len(key,
                                                     DUETD_APIKEY_LEN)))
    {
        /* The signer is active; the operator regenerates the key. */
        status = duetd_request_fail(r, 500, "signer %s is active, but its API"
                                    " key could not be shown: regenerate it",
                                    st->signer_id);
        goto out;
    }
    if (duetd_respond_json_secret(r, 200, resp) != 0) {
        duetd_log_warn("could not send the API key to nginx");
    }
    status = 0;

out:
    if (stored && duetd_kms_delete(app->kms, name) != DUETD_KMS_OK) {
        duetd_log_error("signer %s: share 1 left in the KMS", st->signer_id);
    }
    duetd_json_put_wiped(resp);
    duet_memclear(key, sizeof(key));
    duet_memclear(hash, sizeof(hash));
    duetd_pstate_free(ks, kslen);
    duetd_pstate_free(aux, auxlen);
    duetd_server_share_free(box, boxlen);
    return status;
}


int
duetd_h_dkg_round(struct duetd_request *r, const struct duetd_app *app)
{
    struct duetd_msgs           m;
    struct duetd_dkg_sets       sets;
    struct duetd_session_meta   meta;
    struct duetd_dkg_state      st;
    struct duetd_signer         sg;
    struct duet_session        *kg = NULL, *ax = NULL;
    struct duet_blame           blame;
    struct json_object         *resp = NULL, *msgs = NULL;
    uint8_t                    *buf = NULL, *blob = NULL;
    size_t                      size = 0, len = 0;
    size_t                      blen = 0;
    int                         status, rc, claimed = 0, finish = 0;
    int                         fatal, before;

    memset(&m, 0, sizeof(m));

    /* Everything the request alone can be judged on, before the claim. */
    if ((status = duetd_h_read_messages(r, &m)) != 0
        || (status = duetd_dkg_sort(r, &m, &sets)) != 0)
    {
        goto out;
    }

    if ((status = duetd_h_acquire(r, app, &meta, &buf, &size, &len)) != 0) {
        goto out;
    }
    claimed = 1;
    if (meta.kind != DUETD_SESSION_DKG
        || duetd_pstate_kind(buf, len) != DUETD_PSTATE_DKG
        || duetd_dkg_state_decode(&st, buf, len) != 0)
    {
        /* A signing session's id, or one still being created. */
        status = duetd_request_fail(r, 404, "no key creation session %s",
                                    r->sid);
        goto out;
    }
    if (strcmp(meta.owner, "operator") != 0
        || r->caller.kind != DUETD_CALLER_OPERATOR)
    {
        status = duetd_request_fail(r, 403, "another caller's session");
        goto out;
    }

    rc = duetd_store_signer_get(app->store, st.signer_id, &sg);
    if (rc != DUETD_STORE_OK) {
        status = duetd_h_store_error(r, DUETD_STORE_ERROR);
        goto out;
    }
    if (strcmp(sg.status, DUETD_SIGNER_PENDING) != 0) {
        finish = 1;
        status = duetd_request_fail(r, 403, "signer is %s", sg.status);
        goto out;
    }

    if (duet_session_parse(&kg, st.keygen, st.keygen_len) != 0
        || duet_session_parse(&ax, st.aux, st.aux_len) != 0
        || duet_session_proto(kg) != DUET_PROTO_KEYGEN
        || duet_session_proto(ax) != DUET_PROTO_AUX)
    {
        duetd_log_error("session %s: unreadable key creation state", r->sid);
        finish = 1;
        status = duetd_request_fail(r, 500, "corrupt session state");
        goto out;
    }
    before = duet_session_round(kg);

    rc = duet_session_step(kg, sets.msg[DUETD_DKG_KEYGEN],
                           sets.len[DUETD_DKG_KEYGEN], sets.n[DUETD_DKG_KEYGEN],
                           &blame);
    if ((status = duetd_h_judge(r, DUET_PROTO_KEYGEN, rc, &blame, &fatal))
        != 0)
    {
        goto failed;
    }
    rc = duet_session_step(ax, sets.msg[DUETD_DKG_AUX],
                           sets.len[DUETD_DKG_AUX], sets.n[DUETD_DKG_AUX],
                           &blame);
    if ((status = duetd_h_judge(r, DUET_PROTO_AUX, rc, &blame, &fatal))
        != 0)
    {
        goto failed;
    }

    /* One protocol retried while the other moved on: a confused client. */
    if (duet_session_status(kg) != duet_session_status(ax)
        || duet_session_round(kg) != duet_session_round(ax))
    {
        status = duetd_request_fail(r, 400, "keygen and aux-info messages are"
                                    " of different rounds");
        goto out;
    }

    if (duet_session_status(kg) == DUET_SESSION_DONE) {
        status = duetd_dkg_complete(r, app, &st, kg, ax, &finish);
        goto out;
    }

    if (duetd_h_dkg_save(&st, kg, ax, &blob, &blen) != 0) {
        status = duetd_request_fail(r, 500, "cannot save the session");
        goto out;
    }
    if ((resp = json_object_new_object()) == NULL
        || duetd_json_add(resp, "messages", msgs = json_object_new_array())
        || duetd_h_add_outgoing(msgs, kg) != 0
        || duetd_h_add_outgoing(msgs, ax) != 0
        || duetd_json_add(resp, "roundsRemaining",
                          json_object_new_int(DUETD_DKG_ROUNDS + 1
                                              - duet_session_round(kg)))
        || duetd_json_add(resp, "complete", json_object_new_boolean(0)))
    {
        status = duetd_request_fail(r, 500, "out of memory");
        goto out;
    }

    /* The new state is in the table before any of its messages leave. */
    if (duet_session_round(kg) != before) {
        meta.round++;
    }
    duetd_log_debug("session %s: key creation round %u, state %zu bytes",
                    r->sid, (unsigned) meta.round, blen);
    rc = duetd_table_release(app->table, r->sid, &meta, blob, blen);
    claimed = 0;
    if (rc != DUETD_TABLE_OK) {
        status = duetd_h_table_error(r, rc);
        goto out;
    }
    status = duetd_h_send(r, 200, resp);
    resp = NULL;
    goto out;

failed:
    if (fatal) {
        finish = 1;
        duetd_dkg_failed(r, app, st.signer_id, &blame);
    }

out:
    if (claimed) {
        duetd_h_let_go(r, app, finish);
    }
    duetd_msgs_free(&m);
    duet_session_destroy(kg);
    duet_session_destroy(ax);
    duetd_pstate_free(blob, blen);
    duetd_h_state_free(buf, size);
    duetd_json_put_wiped(resp);
    return status;
}
