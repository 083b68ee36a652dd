/*
 * client.c -- key creation and signing against duetd (docs/api-flows.md):
 * the HTTP calls of each flow, the checks of what duetd answers, and the
 * local parties driven round by round (client_proto.c).
 *
 * A client signs only what it meant to sign: messageHash is recomputed
 * from the caller's request before the first protocol message leaves, an
 * unsigned transaction is rebuilt from the caller's fields and compared
 * byte for byte, and the final signature, public key and address are the
 * client's own results, compared with duetd's.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "duet.h"
#include "duet_aux.h"
#include "duet_eth.h"
#include "duet_keygen.h"
#include "duet_keyshare.h"
#include "duet_session.h"
#include "duet_sign.h"
#include "duet_util.h"
#include "client_int.h"

#define DUET_CLIENT_ROUNDS       4
#define DUET_CLIENT_PATH_MAX     160
#define DUET_CLIENT_WHY_SIZE     256
#define DUET_CLIENT_API_KEY_PFX  "duet_live_"
#define DUET_CLIENT_JSON_FLAGS   (JSON_C_TO_STRING_PLAIN \
                                  | JSON_C_TO_STRING_NOSLASHESCAPE)
#define DUET_CLIENT_THREADS      2      /* stepping at once: parties 0, 2 */

/* The transaction fields duetd's API takes (api.md "Transactions"). */
static const char *const  duet_client_tx_keys[] = {
    "to", "value", "data", "chainId", "network", "gasLimit", "gasPrice",
    "maxFeePerGas", "maxPriorityFeePerGas", "nonce", "accessList"
};

#define DUET_CLIENT_NTX_KEYS \
    (sizeof(duet_client_tx_keys) / sizeof(duet_client_tx_keys[0]))


/* JSON access. */

static struct json_object *
duet_client_get(struct json_object *o, const char *key, json_type type)
{
    struct json_object  *v;

    if (o == NULL || !json_object_object_get_ex(o, key, &v)
        || !json_object_is_type(v, type))
    {
        return NULL;
    }
    return v;
}


static const char *
duet_client_get_str(struct json_object *o, const char *key, size_t *len)
{
    struct json_object  *v;

    if ((v = duet_client_get(o, key, json_type_string)) == NULL) {
        return NULL;
    }
    if (len != NULL) {
        *len = (size_t) json_object_get_string_len(v);
    }
    return json_object_get_string(v);
}


static int
duet_client_get_int(struct json_object *o, const char *key, int64_t *out)
{
    struct json_object  *v;

    if ((v = duet_client_get(o, key, json_type_int)) == NULL) {
        return -1;
    }
    *out = json_object_get_int64(v);
    return 0;
}


static int
duet_client_is_hex(int ch)
{
    return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f')
           || (ch >= 'A' && ch <= 'F');
}


/*
 * "0x" and 2 * n hex digits into out[0..n).  Returns 0 or -1.
 */
static int
duet_client_hex_exact(uint8_t *out, size_t n, const char *text, size_t len)
{
    size_t  got;

    if (len != 2 + 2 * n || text[0] != '0' || (text[1] != 'x'
                                                && text[1] != 'X'))
    {
        return -1;
    }
    if (duet_hex_decode(out, n, &got, text + 2, len - 2) != 0 || got != n) {
        return -1;
    }
    return 0;
}


/*
 * A 256-bit number as duetd writes r and s: "0x" and 1 to 64 hex digits,
 * into 32 big-endian bytes.  Returns 0 or -1.
 */
static int
duet_client_hex_word(uint8_t out[32], const char *text, size_t len)
{
    char    digits[65];
    size_t  i, n, got;

    if (len < 3 || len > 66 || text[0] != '0' || text[1] != 'x') {
        return -1;
    }
    n = len - 2;
    memset(digits, '0', 64);
    for (i = 0; i < n; i++) {
        if (!duet_client_is_hex((unsigned char) text[2 + i])) {
            return -1;
        }
        digits[64 - n + i] = text[2 + i];
    }
    digits[64] = '\0';
    if (duet_hex_decode(out, 32, &got, digits, 64) != 0 || got != 32) {
        return -1;
    }
    return 0;
}


/* "0x" and the hex of n bytes, malloc'd. */
static char *
duet_client_to_hex0x(const uint8_t *in, size_t n)
{
    char  *s;

    if ((s = malloc(DUET_HEX_ENCODED_SIZE(n) + 2)) == NULL) {
        return NULL;
    }
    s[0] = '0';
    s[1] = 'x';
    if (duet_hex_encode(s + 2, DUET_HEX_ENCODED_SIZE(n), in, n) != 0) {
        free(s);
        return NULL;
    }
    return s;
}


/* duetd's session ids go into URLs and engine sids: keep them plain. */
static int
duet_client_session_id_ok(const char *s, size_t len)
{
    size_t  i;

    if (s == NULL || len == 0 || len > DUET_CLIENT_SESSION_ID_MAX) {
        return 0;
    }
    for (i = 0; i < len; i++) {
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')
              || (s[i] >= '0' && s[i] <= '9') || s[i] == '.' || s[i] == '_'
              || s[i] == '-'))
        {
            return 0;
        }
    }
    return 1;
}


static int
duet_client_uuid_ok(const char *s, size_t len)
{
    size_t  i;

    if (s == NULL || len != 36) {
        return 0;
    }
    for (i = 0; i < len; i++) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (s[i] != '-') {
                return 0;
            }
        } else if (!duet_client_is_hex((unsigned char) s[i])) {
            return 0;
        }
    }
    return 1;
}


/* "<session id>/<protocol>", the engine sid of docs/api-flows.md. */
static int
duet_client_engine_sid(char out[DUET_SID_MAX + 1], const char *session_id,
    int proto)
{
    int  n;

    n = snprintf(out, DUET_SID_MAX + 1, "%s/%s", session_id,
                 duet_client_proto_name(proto));
    return n >= DUET_SID_MIN && n <= DUET_SID_MAX ? 0 : -1;
}


/* The messages of an answer, roundsRemaining and complete. */
static int
duet_client_round_answer(struct duet_client *c, const char *what,
    struct json_object *resp, int remaining, struct duet_client_msgs *in)
{
    struct json_object  *v;
    char                 why[DUET_CLIENT_WHY_SIZE];
    int64_t              left;
    int                  r, done;

    if ((r = duet_client_msgs_from_json(in,
             duet_client_get(resp, "messages", json_type_array), why,
             sizeof(why))) != 0)
    {
        return duet_client_fail(c, r, "%s: %s", what, why);
    }
    if (duet_client_get_int(resp, "roundsRemaining", &left) != 0
        || left != remaining)
    {
        return duet_client_fail(c, DUET_CLIENT_ERR_MISMATCH,
                                "%s: roundsRemaining is not %d", what,
                                remaining);
    }
    v = duet_client_get(resp, "complete", json_type_boolean);
    done = remaining == 0;
    if (remaining < DUET_CLIENT_ROUNDS
        && (v == NULL || json_object_get_boolean(v) != done))
    {
        return duet_client_fail(c, DUET_CLIENT_ERR_MISMATCH,
                                "%s: complete is not %s", what,
                                done ? "true" : "false");
    }
    if (done && in->n != 0) {
        return duet_client_fail(c, DUET_CLIENT_ERR_MISMATCH,
                                "%s: messages after the last round", what);
    }
    return 0;
}


/*
 * POST <prefix>/<session id>/rounds with out; retried as
 * duet_client_retryable allows.  The round hook runs first.
 */
static int
duet_client_round_post(struct duet_client *c, const char *prefix,
    const char *session_id, int round, const struct duet_client_msgs *out,
    struct json_object **resp)
{
    char      path[DUET_CLIENT_PATH_MAX];
    char     *body = NULL;
    size_t    body_len = 0;
    unsigned  wait;
    int       r, n, tries;

    *resp = NULL;
    n = snprintf(path, sizeof(path), "%s/%s/rounds", prefix, session_id);
    if (n < 0 || (size_t) n >= sizeof(path)) {
        return duet_client_fail(c, DUET_CLIENT_ERR_ARGUMENT,
                                "session id too long");
    }
    if ((r = duet_client_msgs_to_json(out, &body, &body_len)) != 0) {
        return duet_client_fail(c, r, "out of memory");
    }
    if (c->round_hook != NULL) {
        c->round_hook(c->round_hook_arg, session_id, round);
    }
    for (tries = 1;; tries++) {
        r = duet_client_call(c, "POST", path, body, body_len, resp);
        if (r == 0 || tries >= DUET_CLIENT_ROUND_TRIES
            || !duet_client_retryable(c, r))
        {
            break;
        }
        wait = c->retry_after == 0 ? 1 : c->retry_after;
        sleep(wait < DUET_CLIENT_RETRY_MAX ? wait : DUET_CLIENT_RETRY_MAX);
    }
    duet_memclear(body, body_len);
    free(body);
    return r;
}


/*
 * The local parties' step on one round, run on a thread of its own: the
 * sessions s[0..n) of parties party[0..n).
 */
struct duet_client_step {
    struct duet_session *const     *s;
    const int                      *party;
    size_t                          n;
    const struct duet_client_msgs  *local;
    const struct duet_client_msgs  *in;
    char                            why[DUET_CLIENT_WHY_SIZE];
};


static int
duet_client_step_run(void *arg)
{
    struct duet_client_step  *st = arg;

    return duet_client_advance(st->s, st->party, st->n, st->local, st->in,
                               st->why, sizeof(st->why));
}


/*
 * Round k of a flow: POST the local parties' round-k messages and step the
 * local parties on duetd's round-k messages (in).  The step needs nothing
 * the request brings back, and duetd's step in that request needs nothing
 * the local step makes, so the two overlap: with threads > 0 the sessions
 * are stepped on that many threads (split evenly, in order: a party's
 * sessions must stay together) while the main thread does the request.
 * With threads 0 the step comes first and the request only after it
 * succeeded.  Either way duetd's messages are checked for shape first,
 * and nothing is sent if they do not fit.
 *
 * Out: *resp: duetd's answer (NULL on failure); *sent: 1 if duetd took
 *      the round (a 2xx answer), even if the local step then failed.
 */
static int
duet_client_round(struct duet_client *c, const char *prefix,
    const char *session_id, int round, const char *what,
    struct duet_session *const *s, const int *party, size_t n,
    size_t threads, const struct duet_client_msgs *in,
    struct json_object **resp, int *sent)
{
    struct duet_client_step   step[DUET_CLIENT_THREADS];
    struct duet_client_task   task[DUET_CLIENT_THREADS];
    struct duet_client_msgs   local, out;
    char                      why[DUET_CLIENT_WHY_SIZE];
    size_t                    i, per, started = 0;
    int                       r, e, failed = -1;

    *resp = NULL;
    *sent = 0;
    duet_client_msgs_init(&local);
    duet_client_msgs_init(&out);
    if (threads > DUET_CLIENT_THREADS || (threads > 0 && n % threads != 0)) {
        r = duet_client_fail(c, DUET_CLIENT_ERR_ARGUMENT, "%s: %zu sessions "
                             "on %zu threads", what, n, threads);
        goto out;
    }
    if ((r = duet_client_collect(s, party, n, &local, &out, why,
                                 sizeof(why))) != 0
        || (r = duet_client_check_inbound(s, party, n, in, why,
                                          sizeof(why))) != 0)
    {
        r = duet_client_fail(c, r, "%s: %s", what, why);
        goto out;
    }
    if (threads == 0) {
        if ((r = duet_client_advance(s, party, n, &local, in, why,
                                     sizeof(why))) != 0)
        {
            r = duet_client_fail(c, r, "%s: %s", what, why);
            goto out;
        }
    } else {
        per = n / threads;
        for (started = 0; started < threads; started++) {
            step[started].s = s + started * per;
            step[started].party = party + started * per;
            step[started].n = per;
            step[started].local = &local;
            step[started].in = in;
            step[started].why[0] = '\0';
            duet_client_task_start(&task[started], duet_client_step_run,
                                   &step[started]);
        }
    }

    r = duet_client_round_post(c, prefix, session_id, round, &out, resp);
    *sent = r == 0;

    /* Every thread is joined before local, in or a session is touched. */
    for (i = 0; i < started; i++) {
        if ((e = duet_client_task_join(&task[i])) != 0 && failed < 0) {
            failed = (int) i;
            r = e;
        }
    }
    if (failed >= 0) {
        /* The local failure is about an earlier round: it comes first. */
        duet_client_json_put(*resp);
        *resp = NULL;
        r = duet_client_fail(c, r, "%s: %s", what, step[failed].why);
        goto out;
    }

out:
    duet_client_msgs_clear(&local);
    duet_client_msgs_clear(&out);
    return r;
}


/* Copy a DONE session's result into a malloc'd buffer. */
static int
duet_client_result(struct duet_session *s, uint8_t **out, size_t *len)
{
    uint8_t  *buf;
    size_t    n = 0;

    *out = NULL;
    *len = 0;
    if (duet_session_status(s) != DUET_SESSION_DONE
        || duet_session_result(s, NULL, &n) != DUET_ERR_BUFFER_TOO_SMALL
        || n == 0)
    {
        return DUET_CLIENT_ERR_PROTOCOL;
    }
    if ((buf = malloc(n)) == NULL) {
        return DUET_CLIENT_ERR_MEMORY;
    }
    if (duet_session_result(s, buf, &n) != 0) {
        duet_memclear(buf, n);
        free(buf);
        return DUET_CLIENT_ERR_PROTOCOL;
    }
    *out = buf;
    *len = n;
    return 0;
}


static void
duet_client_share_clear(struct duet_client_share *sh)
{
    if (sh->keyshare != NULL) {
        duet_memclear(sh->keyshare, sh->keyshare_len);
        free(sh->keyshare);
    }
    if (sh->aux != NULL) {
        duet_memclear(sh->aux, sh->aux_len);
        free(sh->aux);
    }
    memset(sh, 0, sizeof(*sh));
}


void
duet_client_signer_clear(struct duet_client_signer *s)
{
    if (s == NULL) {
        return;
    }
    duet_client_share_clear(&s->share[0]);
    duet_client_share_clear(&s->share[1]);
    duet_memclear(s, sizeof(*s));
}


void
duet_client_signature_clear(struct duet_client_signature *s)
{
    if (s == NULL) {
        return;
    }
    if (s->raw_tx != NULL) {
        free(s->raw_tx);
    }
    memset(s, 0, sizeof(*s));
}


/* Key creation. */

static int
duet_client_check_dkg_config(struct json_object *pc, int level)
{
    struct json_object  *idx, *a, *b;
    int64_t              server, threshold, parties, lvl;

    idx = duet_client_get(pc, "clientPartyIndices", json_type_array);
    if (duet_client_get_int(pc, "serverPartyIndex", &server) != 0
        || duet_client_get_int(pc, "threshold", &threshold) != 0
        || duet_client_get_int(pc, "parties", &parties) != 0
        || duet_client_get_int(pc, "level", &lvl) != 0
        || idx == NULL || json_object_array_length(idx) != 2)
    {
        return -1;
    }
    a = json_object_array_get_idx(idx, 0);
    b = json_object_array_get_idx(idx, 1);
    if (!json_object_is_type(a, json_type_int)
        || !json_object_is_type(b, json_type_int))
    {
        return -1;
    }
    return server == DUET_PARTY_SERVER && threshold == 2 && parties == 3
           && lvl == level && json_object_get_int64(a) == DUET_PARTY_SIGNER
           && json_object_get_int64(b) == DUET_PARTY_USER ? 0 : -1;
}


/*
 * The four sessions of a DKG, a party's two side by side (each party's
 * pair is stepped on a thread of its own): keygen and aux of party 0,
 * then of party 2.
 */
#define DUET_CLIENT_DKG_SESSIONS  4

static const int  duet_client_dkg_party[DUET_CLIENT_DKG_SESSIONS] = {
    DUET_PARTY_SIGNER, DUET_PARTY_SIGNER, DUET_PARTY_USER, DUET_PARTY_USER
};


/* One party's start, on a thread of its own. */
struct duet_client_dkg_start {
    struct duet_session  **s;            /* keygen, aux                  */
    int                    party;
    int                    level;
    const char            *ksid, *asid;
    const uint8_t *const  *primes;       /* four                         */
    const size_t          *prime_lens;
    char                   why[DUET_CLIENT_WHY_SIZE];
};


static int
duet_client_dkg_start_run(void *arg)
{
    struct duet_client_dkg_start  *st = arg;
    int                            e;

    e = duet_keygen_start(&st->s[0], (const uint8_t *) st->ksid,
                          strlen(st->ksid), st->level, st->party);
    if (e != 0) {
        snprintf(st->why, sizeof(st->why), "keygen start as party %d: %s",
                 st->party, duet_errname(e));
        return DUET_CLIENT_ERR_PROTOCOL;
    }
    /* The Paillier and ring-Pedersen setup: the costly part. */
    e = duet_aux_start(&st->s[1], (const uint8_t *) st->asid,
                       strlen(st->asid), st->level, st->party, st->primes,
                       st->prime_lens);
    if (e != 0) {
        snprintf(st->why, sizeof(st->why), "aux-info start as party %d: %s",
                 st->party, duet_errname(e));
        return DUET_CLIENT_ERR_PROTOCOL;
    }
    return 0;
}


/* Both parties' sessions, started side by side. */
static int
duet_client_dkg_start(struct duet_client *c, const char *session_id,
    int level, const uint8_t *const primes[8], const size_t prime_lens[8],
    struct duet_session *s[DUET_CLIENT_DKG_SESSIONS])
{
    struct duet_client_dkg_start  st[2];
    struct duet_client_task       task[2];
    char                          ksid[DUET_SID_MAX + 1];
    char                          asid[DUET_SID_MAX + 1];
    int                           i, e, r = 0;

    if (duet_client_engine_sid(ksid, session_id, DUET_PROTO_KEYGEN) != 0
        || duet_client_engine_sid(asid, session_id, DUET_PROTO_AUX) != 0)
    {
        return duet_client_fail(c, DUET_CLIENT_ERR_MISMATCH,
                                "duetd's session id does not make an engine "
                                "session id");
    }
    for (i = 0; i < 2; i++) {
        st[i].s = s + 2 * i;
        st[i].party = duet_client_dkg_party[2 * i];
        st[i].level = level;
        st[i].ksid = ksid;
        st[i].asid = asid;
        st[i].primes = primes + 4 * i;
        st[i].prime_lens = prime_lens + 4 * i;
        st[i].why[0] = '\0';
        duet_client_task_start(&task[i], duet_client_dkg_start_run, &st[i]);
    }
    for (i = 0; i < 2; i++) {
        if ((e = duet_client_task_join(&task[i])) != 0 && r == 0) {
            r = duet_client_fail(c, e, "%s", st[i].why);
        }
    }
    return r;
}


/* Take the DKG's results into out and check they agree. */
static int
duet_client_dkg_results(struct duet_client *c, int level,
    struct duet_session *s[DUET_CLIENT_DKG_SESSIONS],
    struct duet_client_signer *out, uint8_t pubkey[33])
{
    struct duet_keyshare_info  ki[2];
    struct duet_aux_info       ai[2];
    struct duet_client_share  *sh;
    int                        i, e;

    for (i = 0; i < 2; i++) {
        sh = &out->share[i];
        sh->index = duet_client_dkg_party[2 * i];
        if ((e = duet_client_result(s[2 * i], &sh->keyshare,
                                    &sh->keyshare_len)) != 0
            || (e = duet_client_result(s[2 * i + 1], &sh->aux, &sh->aux_len))
               != 0)
        {
            return duet_client_fail(c, e, "party %d's key creation did not "
                                    "finish", sh->index);
        }
        if (duet_keyshare_inspect(&ki[i], sh->keyshare, sh->keyshare_len)
            != 0
            || duet_aux_inspect(&ai[i], sh->aux, sh->aux_len) != 0
            || ki[i].index != sh->index || ai[i].index != sh->index
            || ki[i].level != level || ai[i].level != level
            || ki[i].epoch != 0)
        {
            return duet_client_fail(c, DUET_CLIENT_ERR_PROTOCOL,
                                    "party %d's key share or aux info does "
                                    "not validate", sh->index);
        }
    }
    if (memcmp(ki[0].pubkey, ki[1].pubkey, 33) != 0
        || memcmp(ki[0].public_shares, ki[1].public_shares,
                  sizeof(ki[0].public_shares)) != 0
        || memcmp(ai[0].id, ai[1].id, 32) != 0)
    {
        return duet_client_fail(c, DUET_CLIENT_ERR_PROTOCOL,
                                "parties 0 and 2 finished with different "
                                "keys");
    }
    memcpy(pubkey, ki[0].pubkey, 33);
    return 0;
}


/* Compare duetd's final answer with our own key; fill out's public part. */
static int
duet_client_dkg_final(struct duet_client *c, struct json_object *resp,
    const char *signer_id, const uint8_t pubkey[33],
    struct duet_client_signer *out)
{
    uint8_t      addr[DUET_ETH_ADDRESS_BYTES], their[33];
    uint8_t      their_addr[DUET_ETH_ADDRESS_BYTES];
    const char  *id, *pk, *eth, *key;
    char        *hex;
    size_t       id_len, pk_len, eth_len, key_len, i, pfx;

    id = duet_client_get_str(resp, "signerId", &id_len);
    pk = duet_client_get_str(resp, "publicKey", &pk_len);
    eth = duet_client_get_str(resp, "ethAddress", &eth_len);
    key = duet_client_get_str(resp, "apiKey", &key_len);
    if (id == NULL || pk == NULL || eth == NULL || key == NULL) {
        return duet_client_fail(c, DUET_CLIENT_ERR_MISMATCH,
                                "the last DKG round's answer lacks signerId, "
                                "publicKey, ethAddress or apiKey");
    }
    if (strcmp(id, signer_id) != 0) {
        return duet_client_fail(c, DUET_CLIENT_ERR_MISMATCH,
                                "duetd completed another signer");
    }
    if (duet_eth_address(addr, pubkey) != 0
        || duet_eth_address_checksum(out->eth_address, addr) != 0)
    {
        return duet_client_fail(c, DUET_CLIENT_ERR_PROTOCOL,
                                "the new public key has no address");
    }
    if (duet_client_hex_exact(their, 33, pk, pk_len) != 0
        || memcmp(their, pubkey, 33) != 0)
    {
        return duet_client_fail(c, DUET_CLIENT_ERR_MISMATCH,
                                "duetd's publicKey differs from ours");
    }
    if (duet_eth_address_parse(their_addr, eth, eth_len) != 0
        || memcmp(their_addr, addr, sizeof(addr)) != 0)
    {
        return duet_client_fail(c, DUET_CLIENT_ERR_MISMATCH,
                                "duetd's ethAddress differs from ours");
    }
    pfx = sizeof(DUET_CLIENT_API_KEY_PFX) - 1;
    if (key_len <= pfx || key_len >= sizeof(out->api_key)
        || strncmp(key, DUET_CLIENT_API_KEY_PFX, pfx) != 0)
    {
        return duet_client_fail(c, DUET_CLIENT_ERR_MISMATCH,
                                "duetd's apiKey has the wrong shape");
    }
    for (i = pfx; i < key_len; i++) {
        if (!((key[i] >= 'a' && key[i] <= 'z')
              || (key[i] >= 'A' && key[i] <= 'Z')
              || (key[i] >= '0' && key[i] <= '9') || key[i] == '-'
              || key[i] == '_'))
        {
            return duet_client_fail(c, DUET_CLIENT_ERR_MISMATCH,
                                    "duetd's apiKey has the wrong shape");
        }
    }
    if ((hex = duet_client_to_hex0x(pubkey, 33)) == NULL) {
        return duet_client_fail(c, DUET_CLIENT_ERR_MEMORY, "out of memory");
    }
    memcpy(out->public_key, hex, strlen(hex) + 1);
    free(hex);
    memcpy(out->signer_id, id, id_len + 1);
    memcpy(out->api_key, key, key_len + 1);
    return 0;
}


/*
 * duetd has completed the signer (it took the last round) but the client
 * keeps no shares of it: revoke it rather than leave an active signer
 * nobody can sign with.  Best effort; the error line keeps the cause and
 * says what became of the signer, and the status stays the cause's.
 */
static void
duet_client_dkg_revoke(struct duet_client *c, const char *signer_id)
{
    struct json_object  *resp = NULL;
    char                 cause[DUET_CLIENT_ERROR_SIZE];
    char                 path[DUET_CLIENT_PATH_MAX];
    unsigned             retry_after;
    int                  status, curl_code, e;

    memcpy(cause, c->error, sizeof(cause));
    status = c->status;
    curl_code = c->curl_code;
    retry_after = c->retry_after;
    snprintf(path, sizeof(path), "/api/v1/signers/%s", signer_id);
    e = duet_client_call(c, "DELETE", path, NULL, 0, &resp);
    duet_client_json_put(resp);
    (void) duet_client_fail(c, e, "%s; signer %s %s", cause, signer_id,
                            e == 0 ? "revoked"
                                   : "is active at duetd: revoke it");
    c->status = status;
    c->curl_code = curl_code;
    c->retry_after = retry_after;
}


int
duet_client_create_signer(struct duet_client *c, const char *name,
    int level, const uint8_t *const primes[8], const size_t prime_lens[8],
    void (*progress)(void *arg, int round, int rounds), void *arg,
    struct duet_client_signer *out)
{
    struct duet_session      *s[DUET_CLIENT_DKG_SESSIONS] = { NULL };
    struct duet_client_msgs   in;
    struct json_object       *req = NULL, *resp = NULL, *dkg, *pc;
    const char               *body, *sid, *id, *status;
    char                      session_id[DUET_CLIENT_SESSION_ID_MAX + 1];
    char                      signer_id[37];
    char                      what[DUET_CLIENT_PATH_MAX];
    char                      why[DUET_CLIENT_WHY_SIZE];
    uint8_t                   pubkey[33];
    size_t                    sid_len, id_len, prime_bytes;
    int64_t                   left;
    int                       r, k, i, sent, completed = 0;

    duet_client_msgs_init(&in);
    if (c == NULL) {
        return DUET_CLIENT_ERR_ARGUMENT;
    }
    c->error[0] = '\0';
    if (out == NULL || name == NULL || primes == NULL || prime_lens == NULL
        || (level != DUET_LEVEL_112 && level != DUET_LEVEL_128))
    {
        return duet_client_fail(c, DUET_CLIENT_ERR_ARGUMENT,
                                "create signer: bad arguments");
    }
    memset(out, 0, sizeof(*out));
    prime_bytes = level == DUET_LEVEL_128 ? DUET_PRIME_BYTES_128
                                          : DUET_PRIME_BYTES_112;
    for (i = 0; i < 8; i++) {
        if (primes[i] == NULL || prime_lens[i] != prime_bytes) {
            return duet_client_fail(c, DUET_CLIENT_ERR_ARGUMENT,
                                    "prime %d is not %zu bytes", i,
                                    prime_bytes);
        }
    }

    /* 1. POST /signers: duetd starts its party 1. */
    if ((req = json_object_new_object()) == NULL
        || json_object_object_add(req, "name",
                                  json_object_new_string(name)) != 0
        || (body = json_object_to_json_string_ext(req,
                                                  DUET_CLIENT_JSON_FLAGS))
           == NULL)
    {
        r = duet_client_fail(c, DUET_CLIENT_ERR_MEMORY, "out of memory");
        goto out;
    }
    if ((r = duet_client_call(c, "POST", "/api/v1/signers", body,
                              strlen(body), &resp)) != 0)
    {
        goto out;
    }
    id = duet_client_get_str(resp, "signerId", &id_len);
    status = duet_client_get_str(resp, "status", NULL);
    dkg = duet_client_get(resp, "dkg", json_type_object);
    sid = duet_client_get_str(dkg, "sessionId", &sid_len);
    pc = duet_client_get(dkg, "partyConfig", json_type_object);
    if (c->status != 201 || !duet_client_uuid_ok(id, id_len)
        || status == NULL || strcmp(status, "pending") != 0
        || !duet_client_session_id_ok(sid, sid_len)
        || duet_client_get_int(dkg, "roundsRemaining", &left) != 0
        || left != DUET_CLIENT_ROUNDS)
    {
        r = duet_client_fail(c, DUET_CLIENT_ERR_MISMATCH,
                             "POST /api/v1/signers: unexpected answer (%d)",
                             c->status);
        goto out;
    }
    if (duet_client_check_dkg_config(pc, level) != 0) {
        r = duet_client_fail(c, DUET_CLIENT_ERR_MISMATCH,
                             "POST /api/v1/signers: partyConfig is not "
                             "{server 1, clients [0, 2], 2 of 3, level %d}",
                             level);
        goto out;
    }
    memcpy(session_id, sid, sid_len + 1);
    memcpy(signer_id, id, id_len + 1);
    if ((r = duet_client_msgs_from_json(&in,
             duet_client_get(dkg, "messages", json_type_array), why,
             sizeof(why))) != 0)
    {
        r = duet_client_fail(c, r, "POST /api/v1/signers: %s", why);
        goto out;
    }
    duet_client_json_put(resp);
    resp = NULL;

    /* 2. Parties 0 and 2, keygen and aux-info side by side. */
    if ((r = duet_client_dkg_start(c, session_id, level, primes, prime_lens,
                                   s)) != 0)
    {
        goto out;
    }
    for (k = 1; k <= DUET_CLIENT_ROUNDS; k++) {
        if (progress != NULL) {
            progress(arg, k, DUET_CLIENT_ROUNDS);
        }
        snprintf(what, sizeof(what), "DKG %s round %d", session_id, k);
        r = duet_client_round(c, "/api/v1/dkg/sessions", session_id, k, what,
                              s, duet_client_dkg_party,
                              DUET_CLIENT_DKG_SESSIONS, 2, &in, &resp, &sent);
        duet_client_msgs_clear(&in);
        completed = k == DUET_CLIENT_ROUNDS && sent;
        if (r != 0) {
            goto out;
        }
        if ((r = duet_client_round_answer(c, what, resp,
                                          DUET_CLIENT_ROUNDS - k, &in)) != 0)
        {
            goto out;
        }
        if (k < DUET_CLIENT_ROUNDS) {
            duet_client_json_put(resp);
            resp = NULL;
        }
    }

    /* 3. Our shares, then duetd's view of the same key. */
    if ((r = duet_client_dkg_results(c, level, s, out, pubkey)) != 0
        || (r = duet_client_dkg_final(c, resp, signer_id, pubkey, out)) != 0)
    {
        goto out;
    }
    r = 0;

out:
    if (r != 0 && completed) {
        duet_client_dkg_revoke(c, signer_id);
    }
    for (i = 0; i < DUET_CLIENT_DKG_SESSIONS; i++) {
        duet_session_destroy(s[i]);
    }
    duet_client_msgs_clear(&in);
    duet_client_json_put(resp);
    json_object_put(req);
    if (r != 0) {
        duet_client_signer_clear(out);
    }
    return r;
}


/* Signing. */

/*
 * A minimal RLP reader for an unsigned transaction that
 * duet_eth_tx_sighash has already validated: the top-level items.
 */
#define DUET_CLIENT_TX_ITEMS  9

struct duet_client_rlp {
    const uint8_t  *p;
    size_t          len;
    int             list;
};


static int
duet_client_rlp_item(const uint8_t *p, size_t len, struct duet_client_rlp *it,
    size_t *used)
{
    size_t  hdr, n = 0, i, ll;
    uint8_t b;

    if (len == 0) {
        return -1;
    }
    b = p[0];
    it->list = b >= 0xc0;
    if (b < 0x80) {
        it->p = p;
        it->len = 1;
        *used = 1;
        return 0;
    }
    if (b <= 0xb7 || (b >= 0xc0 && b <= 0xf7)) {
        hdr = 1;
        n = (size_t) (b - (b >= 0xc0 ? 0xc0 : 0x80));
    } else {
        ll = (size_t) (b - (b >= 0xc0 ? 0xf7 : 0xb7));
        if (ll > 4 || 1 + ll > len) {
            return -1;
        }
        for (i = 0; i < ll; i++) {
            n = n << 8 | p[1 + i];
        }
        hdr = 1 + ll;
    }
    if (n > len - hdr) {
        return -1;
    }
    it->p = p + hdr;
    it->len = n;
    *used = hdr + n;
    return 0;
}


/* The top-level items of an unsigned transaction and its type. */
static int
duet_client_tx_items(const uint8_t *tx, size_t len, int *type,
    struct duet_client_rlp items[DUET_CLIENT_TX_ITEMS], size_t *count)
{
    struct duet_client_rlp  list;
    size_t                  used, off;

    *count = 0;
    *type = DUET_ETH_TX_LEGACY;
    if (len > 0 && tx[0] < 0x7f) {
        *type = tx[0];
        tx++;
        len--;
    }
    if (duet_client_rlp_item(tx, len, &list, &used) != 0 || !list.list
        || used != len)
    {
        return -1;
    }
    for (off = 0; off < list.len; off += used) {
        if (*count == DUET_CLIENT_TX_ITEMS
            || duet_client_rlp_item(list.p + off, list.len - off,
                                    &items[*count], &used) != 0)
        {
            return -1;
        }
        (*count)++;
    }
    return 0;
}


/* Field names of each type's items, in order ("" for the EIP-155 zeros). */
static const char *const  duet_client_tx_fields[3][DUET_CLIENT_TX_ITEMS] = {
    { "nonce", "gasPrice", "gasLimit", "to", "value", "data", "chainId",
      "", "" },
    { "chainId", "nonce", "gasPrice", "gasLimit", "to", "value", "data",
      "accessList", NULL },
    { "chainId", "nonce", "maxPriorityFeePerGas", "maxFeePerGas",
      "gasLimit", "to", "value", "data", "accessList" },
};


/* duetd's value of one field, as duet_eth_tx_from_json reads it. */
static struct json_object *
duet_client_tx_field_json(const char *name, const struct duet_client_rlp *it)
{
    struct json_object  *v;
    char                *hex;

    if (it->len == 0 && strcmp(name, "data") != 0) {
        /* The integer zero ("0x" alone is no number). */
        return json_object_new_string("0x0");
    }
    if ((hex = duet_client_to_hex0x(it->p, it->len)) == NULL) {
        return NULL;
    }
    v = json_object_new_string(hex);
    free(hex);
    return v;
}


int
duet_client_tx_matches(struct duet_client *c, struct json_object *asked,
    const uint8_t *utx, size_t utx_len)
{
    struct duet_client_rlp   items[DUET_CLIENT_TX_ITEMS];
    struct json_object      *merged = NULL, *v;
    const char              *text, *name;
    uint8_t                 *rebuilt = NULL;
    size_t                   count, i, rebuilt_len = DUET_ETH_TX_MAX_SIZE;
    int                      r, type, e;

    c->error[0] = '\0';
    if (duet_client_tx_items(utx, utx_len, &type, items, &count) != 0
        || type < 0 || type > 2)
    {
        return duet_client_fail(c, DUET_CLIENT_ERR_MISMATCH,
                                "unsignedTransaction does not parse");
    }
    if ((merged = json_object_new_object()) == NULL
        || json_object_object_add(merged, "type",
                                  json_object_new_int(type)) != 0)
    {
        r = duet_client_fail(c, DUET_CLIENT_ERR_MEMORY, "out of memory");
        goto out;
    }
    for (i = 0; i < DUET_CLIENT_NTX_KEYS; i++) {
        name = duet_client_tx_keys[i];
        if (strcmp(name, "network") != 0
            && json_object_object_get_ex(asked, name, &v)
            && json_object_object_add(merged, name, json_object_get(v)) != 0)
        {
            r = duet_client_fail(c, DUET_CLIENT_ERR_MEMORY, "out of memory");
            goto out;
        }
    }
    for (i = 0; i < count; i++) {
        name = duet_client_tx_fields[type][i];
        if (name == NULL || name[0] == '\0'
            || strcmp(name, "accessList") == 0
            || json_object_object_get_ex(merged, name, NULL))
        {
            continue;
        }
        if (strcmp(name, "to") == 0 && items[i].len == 0) {
            /* A contract creation: "to" is JSON null (json-c's NULL). */
            if (json_object_object_add(merged, name, NULL) != 0) {
                r = duet_client_fail(c, DUET_CLIENT_ERR_MEMORY,
                                     "out of memory");
                goto out;
            }
            continue;
        }
        if ((v = duet_client_tx_field_json(name, &items[i])) == NULL
            || json_object_object_add(merged, name, v) != 0)
        {
            r = duet_client_fail(c, DUET_CLIENT_ERR_MEMORY, "out of memory");
            goto out;
        }
    }
    if ((text = json_object_to_json_string_ext(merged,
                                               DUET_CLIENT_JSON_FLAGS))
        == NULL || (rebuilt = malloc(rebuilt_len)) == NULL)
    {
        r = duet_client_fail(c, DUET_CLIENT_ERR_MEMORY, "out of memory");
        goto out;
    }
    e = duet_eth_tx_from_json(rebuilt, &rebuilt_len, text, strlen(text));
    if (e != 0) {
        r = duet_client_fail(c, DUET_CLIENT_ERR_MISMATCH,
                             "unsignedTransaction (type %d) cannot carry "
                             "the transaction asked for: %s", type,
                             duet_errname(e));
        goto out;
    }
    if (rebuilt_len != utx_len || memcmp(rebuilt, utx, utx_len) != 0) {
        r = duet_client_fail(c, DUET_CLIENT_ERR_MISMATCH,
                             "unsignedTransaction differs from the "
                             "transaction asked for");
        goto out;
    }
    r = 0;

out:
    free(rebuilt);
    json_object_put(merged);
    return r;
}


/* What one signing asks for and how the client checks duetd's answers. */
struct duet_client_want {
    const char          *path;        /* creation route                  */
    const char          *kind;        /* "transaction", "personal_sign",
                                         "typed_data"                     */
    int                  sign_kind;   /* DUET_SIGN_ETH_*                  */
    const uint8_t       *msg;         /* messages: what is signed         */
    size_t               msg_len;
    uint8_t              hash[32];    /* messages: the digest             */
    struct json_object  *tx;          /* transactions: the caller's JSON  */
};


static int
duet_client_check_sign_config(struct json_object *pc)
{
    int64_t  server, client;

    if (duet_client_get_int(pc, "serverPartyIndex", &server) != 0
        || duet_client_get_int(pc, "clientPartyIndex", &client) != 0)
    {
        return -1;
    }
    return server == DUET_PARTY_SERVER && client == DUET_PARTY_SIGNER ? 0
                                                                      : -1;
}


/* v from the answer: a JSON integer, or a decimal or 0x string. */
static int
duet_client_get_v(struct json_object *sig, uint64_t *v)
{
    struct json_object  *o;
    const char          *s;
    char                *end;
    unsigned long long   u;

    if ((o = duet_client_get(sig, "v", json_type_int)) != NULL) {
        if (json_object_get_int64(o) < 0) {
            return -1;
        }
        *v = (uint64_t) json_object_get_int64(o);
        return 0;
    }
    if ((s = duet_client_get_str(sig, "v", NULL)) == NULL || s[0] == '\0'
        || s[0] == '-' || s[0] == '+' || s[0] == ' ')
    {
        return -1;
    }
    u = strtoull(s, &end, s[0] == '0' && s[1] == 'x' ? 16 : 10);
    if (*end != '\0') {
        return -1;
    }
    *v = (uint64_t) u;
    return 0;
}


/* /complete's answer against our own signature. */
static int
duet_client_sign_final(struct duet_client *c, const struct duet_client_want *w,
    struct json_object *resp, const uint8_t *utx, size_t utx_len,
    int tx_type, uint64_t chain_id, struct duet_client_signature *out)
{
    struct json_object  *sig;
    const char          *rs, *ss, *txh, *raw;
    uint8_t              r32[32], s32[32], hash[32];
    uint8_t             *mine = NULL, *theirs = NULL;
    size_t               rs_len, ss_len, txh_len, raw_len, mine_len, got;
    uint64_t             v, want_v;
    int                  r, vkind;

    sig = duet_client_get(resp, "signature", json_type_object);
    rs = duet_client_get_str(sig, "r", &rs_len);
    ss = duet_client_get_str(sig, "s", &ss_len);
    if (rs == NULL || ss == NULL || duet_client_get_v(sig, &v) != 0
        || duet_client_hex_word(r32, rs, rs_len) != 0
        || duet_client_hex_word(s32, ss, ss_len) != 0)
    {
        return duet_client_fail(c, DUET_CLIENT_ERR_MISMATCH,
                                "complete: no signature {r, s, v}");
    }
    if (w->tx == NULL) {
        vkind = DUET_ETH_V_MESSAGE;
    } else {
        vkind = tx_type == DUET_ETH_TX_LEGACY ? DUET_ETH_V_EIP155
                                              : DUET_ETH_V_TYPED;
    }
    if (duet_eth_v(&want_v, vkind, out->sig[64], chain_id) != 0) {
        return duet_client_fail(c, DUET_CLIENT_ERR_PROTOCOL,
                                "the signature's recovery id %d has no v",
                                out->sig[64]);
    }
    if (memcmp(r32, out->sig, 32) != 0 || memcmp(s32, out->sig + 32, 32) != 0
        || v != want_v)
    {
        return duet_client_fail(c, DUET_CLIENT_ERR_MISMATCH,
                                "duetd's signature differs from ours");
    }
    out->v = want_v;
    if (w->tx == NULL) {
        return 0;
    }

    txh = duet_client_get_str(resp, "txHash", &txh_len);
    raw = duet_client_get_str(resp, "rawTransaction", &raw_len);
    if (txh == NULL || raw == NULL
        || duet_client_hex_exact(hash, 32, txh, txh_len) != 0)
    {
        return duet_client_fail(c, DUET_CLIENT_ERR_MISMATCH,
                                "complete: no txHash or rawTransaction");
    }
    mine_len = utx_len + DUET_ETH_TX_SIGNATURE_OVERHEAD;
    if ((mine = malloc(mine_len)) == NULL
        || (theirs = malloc(raw_len / 2 + 1)) == NULL)
    {
        r = duet_client_fail(c, DUET_CLIENT_ERR_MEMORY, "out of memory");
        goto out;
    }
    if (duet_eth_tx_encode_signed(mine, &mine_len, utx, utx_len, out->sig,
                                  out->sig + 32, out->sig[64]) != 0)
    {
        r = duet_client_fail(c, DUET_CLIENT_ERR_PROTOCOL,
                             "cannot encode the signed transaction");
        goto out;
    }
    if (raw_len < 2 || raw[0] != '0' || raw[1] != 'x'
        || duet_hex_decode(theirs, raw_len / 2 + 1, &got, raw + 2,
                           raw_len - 2) != 0
        || got != mine_len || memcmp(theirs, mine, mine_len) != 0)
    {
        r = duet_client_fail(c, DUET_CLIENT_ERR_MISMATCH,
                             "duetd's rawTransaction differs from ours");
        goto out;
    }
    /*
     * txHash is Keccak-256 of the raw transaction; libduet's public API
     * has no bare Keccak, so its shape is checked and it is passed on.
     */
    if ((out->raw_tx = duet_client_to_hex0x(mine, mine_len)) == NULL) {
        r = duet_client_fail(c, DUET_CLIENT_ERR_MEMORY, "out of memory");
        goto out;
    }
    out->tx_hash[0] = '0';
    out->tx_hash[1] = 'x';
    if (duet_hex_encode(out->tx_hash + 2, sizeof(out->tx_hash) - 2, hash, 32)
        != 0)
    {
        r = duet_client_fail(c, DUET_CLIENT_ERR_PROTOCOL, "txHash");
        goto out;
    }
    r = 0;

out:
    free(mine);
    free(theirs);
    return r;
}


/*
 * The signing flow of docs/api-flows.md: create the session, check
 * messageHash, presign rounds 1-3 (calls 1-3), sign (calls 3-4),
 * /complete, and compare.
 */
static int
duet_client_sign(struct duet_client *c,
    const struct duet_client_share *share0, const char *body,
    size_t body_len, struct duet_client_want *w,
    struct duet_client_signature *out)
{
    static const int          party0[1] = { DUET_PARTY_SIGNER };
    static const int          pair[2] = { DUET_PARTY_SIGNER,
                                          DUET_PARTY_SERVER };
    struct duet_keyshare_info ki;
    struct duet_session      *s = NULL, *signing = NULL;
    struct duet_presig       *token = NULL;
    struct duet_client_msgs   in;
    struct json_object       *resp = NULL, *pc;
    const char               *sid, *kind, *mh, *utx_hex;
    char                      session_id[DUET_CLIENT_SESSION_ID_MAX + 1];
    char                      psid[DUET_SID_MAX + 1];
    char                      path[DUET_CLIENT_PATH_MAX];
    char                      what[DUET_CLIENT_PATH_MAX];
    char                      why[DUET_CLIENT_WHY_SIZE];
    uint8_t                   their_hash[32];
    uint8_t                  *utx = NULL, *presig = NULL;
    size_t                    sid_len, mh_len, utx_hex_len, utx_len = 0;
    size_t                    presig_len = 0;
    uint64_t                  chain_id = 0;
    int64_t                   left;
    int                       r, e, k, sent, tx_type = -1;

    duet_client_msgs_init(&in);
    memset(out, 0, sizeof(*out));
    if (c->api_key == NULL) {
        return duet_client_fail(c, DUET_CLIENT_ERR_ARGUMENT,
                                "signing needs the signer's API key");
    }
    if (share0 == NULL || share0->index != DUET_PARTY_SIGNER
        || share0->keyshare == NULL || share0->aux == NULL
        || duet_keyshare_inspect(&ki, share0->keyshare,
                                 share0->keyshare_len) != 0
        || ki.index != DUET_PARTY_SIGNER)
    {
        return duet_client_fail(c, DUET_CLIENT_ERR_ARGUMENT,
                                "signing needs party 0's key share");
    }

    /* 1. Create the session; check what duetd will sign. */
    if ((r = duet_client_call(c, "POST", w->path, body, body_len, &resp))
        != 0)
    {
        goto out;
    }
    sid = duet_client_get_str(resp, "sessionId", &sid_len);
    kind = duet_client_get_str(resp, "kind", NULL);
    mh = duet_client_get_str(resp, "messageHash", &mh_len);
    pc = duet_client_get(resp, "partyConfig", json_type_object);
    if (c->status != 201 || !duet_client_session_id_ok(sid, sid_len)
        || kind == NULL || strcmp(kind, w->kind) != 0 || mh == NULL
        || duet_client_hex_exact(their_hash, 32, mh, mh_len) != 0
        || duet_client_get_int(resp, "roundsRemaining", &left) != 0
        || left != DUET_CLIENT_ROUNDS
        || duet_client_check_sign_config(pc) != 0)
    {
        r = duet_client_fail(c, DUET_CLIENT_ERR_MISMATCH,
                             "POST %s: unexpected answer (%d)", w->path,
                             c->status);
        goto out;
    }
    memcpy(session_id, sid, sid_len + 1);

    if (w->tx != NULL) {
        utx_hex = duet_client_get_str(resp, "unsignedTransaction",
                                      &utx_hex_len);
        if (utx_hex == NULL || utx_hex_len < 4 || utx_hex[0] != '0'
            || utx_hex[1] != 'x'
            || utx_hex_len > 2 + 2 * (size_t) DUET_ETH_TX_MAX_SIZE
            || (utx = malloc(utx_hex_len / 2)) == NULL
            || duet_hex_decode(utx, utx_hex_len / 2, &utx_len, utx_hex + 2,
                               utx_hex_len - 2) != 0)
        {
            r = duet_client_fail(c, DUET_CLIENT_ERR_MISMATCH,
                                 "POST %s: no unsignedTransaction", w->path);
            goto out;
        }
        if ((e = duet_eth_tx_sighash(w->hash, &tx_type, &chain_id, utx,
                                     utx_len)) != 0)
        {
            r = duet_client_fail(c, DUET_CLIENT_ERR_MISMATCH,
                                 "unsignedTransaction is not a transaction "
                                 "duet signs: %s", duet_errname(e));
            goto out;
        }
        if ((r = duet_client_tx_matches(c, w->tx, utx, utx_len)) != 0) {
            goto out;
        }
        w->msg = utx;
        w->msg_len = utx_len;
    }
    if (memcmp(their_hash, w->hash, 32) != 0) {
        r = duet_client_fail(c, DUET_CLIENT_ERR_MISMATCH,
                             "duetd's messageHash is not the hash of what "
                             "was asked for");
        goto out;
    }
    memcpy(out->hash, w->hash, 32);
    if ((r = duet_client_msgs_from_json(&in,
             duet_client_get(resp, "messages", json_type_array), why,
             sizeof(why))) != 0)
    {
        r = duet_client_fail(c, r, "POST %s: %s", w->path, why);
        goto out;
    }
    duet_client_json_put(resp);
    resp = NULL;

    /* 2. Presign (calls 1-3), then the partial signatures (calls 3-4). */
    if (duet_client_engine_sid(psid, session_id, DUET_PROTO_PRESIGN) != 0) {
        r = duet_client_fail(c, DUET_CLIENT_ERR_MISMATCH,
                             "duetd's session id does not make an engine "
                             "session id");
        goto out;
    }
    e = duet_presign_start(&s, (const uint8_t *) psid, strlen(psid),
                           share0->keyshare, share0->keyshare_len,
                           share0->aux, share0->aux_len, pair, NULL);
    if (e != 0) {
        r = duet_client_fail(c, DUET_CLIENT_ERR_PROTOCOL,
                             "presign start: %s", duet_errname(e));
        goto out;
    }
    for (k = 1; k <= DUET_CLIENT_ROUNDS; k++) {
        snprintf(what, sizeof(what), "signing %s round %d", session_id, k);
        /*
         * Presign rounds (calls 1-3) overlap with duetd's step.  Call 4
         * does not (its step takes a millisecond): our partial signature
         * leaves only once duetd's has combined with it into a signature
         * that verifies, as it always has.
         */
        r = duet_client_round(c, "/api/v1/sign/sessions", session_id, k,
                              what, &s, party0, 1,
                              k < DUET_CLIENT_ROUNDS ? 1 : 0, &in, &resp,
                              &sent);
        duet_client_msgs_clear(&in);
        if (r != 0) {
            goto out;
        }
        if (k == 3) {
            /*
             * Presigning is done (the step was joined); the presignature
             * is used once, here, and never stored.  Our partial
             * signature goes out with call 4.
             */
            if ((r = duet_client_result(s, &presig, &presig_len)) != 0) {
                r = duet_client_fail(c, r, "%s: presigning did not finish",
                                     what);
                goto out;
            }
            e = duet_presig_take(&token, presig, presig_len);
            duet_memclear(presig, presig_len);
            free(presig);
            presig = NULL;
            if (e != 0) {
                r = duet_client_fail(c, DUET_CLIENT_ERR_PROTOCOL,
                                     "%s: %s", what, duet_errname(e));
                goto out;
            }
            e = duet_sign_start(&signing, token, w->sign_kind, w->msg,
                                w->msg_len, NULL);
            token = NULL;
            if (e != 0) {
                r = duet_client_fail(c, DUET_CLIENT_ERR_PROTOCOL,
                                     "%s: sign start: %s", what,
                                     duet_errname(e));
                goto out;
            }
            duet_session_destroy(s);
            s = signing;
            signing = NULL;
        }
        if (k == DUET_CLIENT_ROUNDS) {
            size_t  n = sizeof(out->sig);

            if (duet_session_status(s) != DUET_SESSION_DONE
                || duet_session_result(s, out->sig, &n) != 0
                || n != sizeof(out->sig))
            {
                r = duet_client_fail(c, DUET_CLIENT_ERR_PROTOCOL,
                                     "%s: signing did not finish", what);
                goto out;
            }
        }
        r = duet_client_round_answer(c, what, resp, DUET_CLIENT_ROUNDS - k,
                                     &in);
        duet_client_json_put(resp);
        resp = NULL;
        if (r != 0) {
            goto out;
        }
    }

    /* 3. duetd's signature must be ours. */
    snprintf(path, sizeof(path), "/api/v1/sign/sessions/%s/complete",
             session_id);
    if ((r = duet_client_call(c, "POST", path,
                              c->no_broadcast ? "{\"broadcast\":false}"
                                              : NULL,
                              c->no_broadcast ? 19 : 0, &resp)) != 0)
    {
        goto out;
    }
    if ((r = duet_client_sign_final(c, w, resp, utx, utx_len, tx_type,
                                    chain_id, out)) != 0)
    {
        goto out;
    }
    r = 0;

out:
    duet_presig_destroy(token);
    duet_session_destroy(signing);
    duet_session_destroy(s);
    if (presig != NULL) {
        duet_memclear(presig, presig_len);
        free(presig);
    }
    free(utx);
    w->msg = NULL;
    duet_client_msgs_clear(&in);
    duet_client_json_put(resp);
    if (r != 0) {
        duet_client_signature_clear(out);
    }
    return r;
}


int
duet_client_sign_tx(struct duet_client *c,
    const struct duet_client_share *share0, const char *tx_json,
    struct duet_client_signature *out)
{
    struct duet_client_want   w;
    struct json_object       *tx = NULL;
    char                     *body = NULL;
    size_t                    len, body_len, i, probe_len = 0;
    int                       r, e, known;
    static const char         head[] = "{\"transaction\":";

    if (c == NULL) {
        return DUET_CLIENT_ERR_ARGUMENT;
    }
    c->error[0] = '\0';
    if (tx_json == NULL || out == NULL) {
        return duet_client_fail(c, DUET_CLIENT_ERR_ARGUMENT,
                                "sign: no transaction");
    }
    memset(out, 0, sizeof(*out));
    len = strlen(tx_json);
    /*
     * libduet's strict reader first (no duplicate keys, no extensions):
     * json-c, more lenient, must not read something duetd would not.  Its
     * shape errors (no "type": the API infers it) are expected here.
     */
    e = duet_eth_tx_from_json(NULL, &probe_len, tx_json, len);
    if (e == DUET_ERR_BAD_ENCODING || e == DUET_ERR_TRUNCATED
        || e == DUET_ERR_TRAILING_DATA || e == DUET_ERR_LIMIT_EXCEEDED)
    {
        r = duet_client_fail(c, DUET_CLIENT_ERR_ARGUMENT,
                             "sign: the transaction is not strict JSON: %s",
                             duet_errname(e));
        goto out;
    }
    if ((tx = duet_client_json_parse(tx_json, len)) == NULL
        || !json_object_is_type(tx, json_type_object))
    {
        r = duet_client_fail(c, DUET_CLIENT_ERR_ARGUMENT,
                             "sign: the transaction is not a JSON object");
        goto out;
    }
    json_object_object_foreach(tx, key, val) {
        (void) val;
        known = 0;
        for (i = 0; i < DUET_CLIENT_NTX_KEYS; i++) {
            known |= strcmp(key, duet_client_tx_keys[i]) == 0;
        }
        if (!known) {
            r = duet_client_fail(c, DUET_CLIENT_ERR_ARGUMENT,
                                 "sign: unknown transaction field");
            goto out;
        }
    }
    /* The caller's own text goes to duetd, so both read the same JSON. */
    body_len = sizeof(head) - 1 + len + 1;
    if ((body = malloc(body_len + 1)) == NULL) {
        r = duet_client_fail(c, DUET_CLIENT_ERR_MEMORY, "out of memory");
        goto out;
    }
    memcpy(body, head, sizeof(head) - 1);
    memcpy(body + sizeof(head) - 1, tx_json, len);
    body[body_len - 1] = '}';
    body[body_len] = '\0';

    memset(&w, 0, sizeof(w));
    w.path = "/api/v1/sign/sessions";
    w.kind = "transaction";
    w.sign_kind = DUET_SIGN_ETH_TX;
    w.tx = tx;
    r = duet_client_sign(c, share0, body, body_len, &w, out);

out:
    free(body);
    json_object_put(tx);
    return r;
}


int
duet_client_sign_message(struct duet_client *c,
    const struct duet_client_share *share0, const char *kind,
    const char *data, struct duet_client_signature *out)
{
    static const char         head[] =
        "{\"message\":{\"kind\":\"typed_data\",\"data\":";
    struct duet_client_want   w;
    struct json_object       *req = NULL, *msg = NULL;
    const char               *text;
    uint8_t                  *bytes = NULL;
    char                     *body = NULL;
    size_t                    len, n, body_len = 0;
    int                       r, e;

    if (c == NULL) {
        return DUET_CLIENT_ERR_ARGUMENT;
    }
    c->error[0] = '\0';
    if (kind == NULL || data == NULL || out == NULL) {
        return duet_client_fail(c, DUET_CLIENT_ERR_ARGUMENT,
                                "sign: no message");
    }
    memset(out, 0, sizeof(*out));
    memset(&w, 0, sizeof(w));
    w.path = "/api/v1/sign-message/sessions";
    len = strlen(data);

    if (strcmp(kind, "personal_sign") == 0) {
        w.kind = "personal_sign";
        w.sign_kind = DUET_SIGN_ETH_PERSONAL;
        /* "0x" and hex digits are bytes; anything else is the text. */
        if (len >= 2 && data[0] == '0' && data[1] == 'x' && len % 2 == 0) {
            if ((bytes = malloc(len / 2 + 1)) == NULL) {
                r = duet_client_fail(c, DUET_CLIENT_ERR_MEMORY,
                                     "out of memory");
                goto out;
            }
            if (duet_hex_decode(bytes, len / 2 + 1, &n, data + 2, len - 2)
                == 0)
            {
                w.msg = bytes;
                w.msg_len = n;
            }
        }
        if (w.msg == NULL) {
            w.msg = (const uint8_t *) data;
            w.msg_len = len;
        }
        if (duet_eth_personal_hash(w.hash, w.msg, w.msg_len) != 0) {
            r = duet_client_fail(c, DUET_CLIENT_ERR_ARGUMENT,
                                 "sign: bad message");
            goto out;
        }
        if ((req = json_object_new_object()) == NULL
            || (msg = json_object_new_object()) == NULL
            || json_object_object_add(msg, "kind",
                   json_object_new_string("personal_sign")) != 0
            || json_object_object_add(msg, "data",
                   json_object_new_string_len(data, (int) len)) != 0
            || json_object_object_add(req, "message", msg) != 0)
        {
            json_object_put(msg);
            r = duet_client_fail(c, DUET_CLIENT_ERR_MEMORY, "out of memory");
            goto out;
        }
        if ((text = json_object_to_json_string_ext(req,
                                                   DUET_CLIENT_JSON_FLAGS))
            == NULL)
        {
            r = duet_client_fail(c, DUET_CLIENT_ERR_MEMORY, "out of memory");
            goto out;
        }
        body_len = strlen(text);
        if ((body = malloc(body_len + 1)) == NULL) {
            r = duet_client_fail(c, DUET_CLIENT_ERR_MEMORY, "out of memory");
            goto out;
        }
        memcpy(body, text, body_len + 1);

    } else if (strcmp(kind, "typed_data") == 0) {
        w.kind = "typed_data";
        w.sign_kind = DUET_SIGN_ETH_TYPED;
        w.msg = (const uint8_t *) data;
        w.msg_len = len;
        /* Strict JSON (duet_eth.h): safe to embed as it is. */
        if ((e = duet_eth_typed_data_hash(w.hash, data, len)) != 0) {
            r = duet_client_fail(c, DUET_CLIENT_ERR_ARGUMENT,
                                 "sign: the typed data does not hash: %s",
                                 duet_errname(e));
            goto out;
        }
        body_len = sizeof(head) - 1 + len + 2;
        if ((body = malloc(body_len + 1)) == NULL) {
            r = duet_client_fail(c, DUET_CLIENT_ERR_MEMORY, "out of memory");
            goto out;
        }
        memcpy(body, head, sizeof(head) - 1);
        memcpy(body + sizeof(head) - 1, data, len);
        memcpy(body + body_len - 2, "}}", 3);

    } else if (strcmp(kind, "raw_digest") == 0) {
        /* Only under a policy with allowRawDigest (duetd's call). */
        w.kind = "raw_digest";
        w.sign_kind = DUET_SIGN_RAW_DIGEST;
        if (len != 66 || data[0] != '0' || data[1] != 'x'
            || (bytes = malloc(32)) == NULL
            || duet_hex_decode(bytes, 32, &n, data + 2, 64) != 0)
        {
            r = duet_client_fail(c, bytes == NULL && len == 66
                                    ? DUET_CLIENT_ERR_MEMORY
                                    : DUET_CLIENT_ERR_ARGUMENT,
                                 "sign: a raw digest is 0x and 64 hex"
                                 " digits");
            goto out;
        }
        w.msg = bytes;
        w.msg_len = 32;
        memcpy(w.hash, bytes, 32);
        body_len = sizeof("{\"message\":{\"kind\":\"raw_digest\","
                          "\"data\":\"\"}}") - 1 + len;
        if ((body = malloc(body_len + 1)) == NULL) {
            r = duet_client_fail(c, DUET_CLIENT_ERR_MEMORY, "out of memory");
            goto out;
        }
        snprintf(body, body_len + 1, "{\"message\":{\"kind\":"
                 "\"raw_digest\",\"data\":\"%s\"}}", data);

    } else {
        r = duet_client_fail(c, DUET_CLIENT_ERR_ARGUMENT,
                             "sign: kind is personal_sign, typed_data or"
                             " raw_digest");
        goto out;
    }

    r = duet_client_sign(c, share0, body, body_len, &w, out);

out:
    free(body);
    free(bytes);
    json_object_put(req);
    return r;
}
