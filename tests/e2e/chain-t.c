/*
 * chain-t.c -- duet on a real local chain: ganache (tests/chain, from npm
 * with a lockfile) on a loopback port, nginx and duetd (scripts/run-local)
 * with that chain as a configured network, and the client library as
 * party 0 of Signer+Server.
 *
 * Signed with pair {0,1} and mined: an EIP-1559 transfer, a legacy
 * (EIP-155) transfer, an EIP-2930 transaction, a contract deployment (an
 * ERC-20 compiled by solc-js) and an ERC-20 transfer to it.  duetd fills
 * nonce, gas and fees.  For each, ethers.js re-derives the hash of the
 * raw transaction and recovers its signer, and the receipt must be mined
 * with status 1 from the signer's address (a differential check: not our
 * code judging our code).
 *
 * Guardrails on the way: a deployment refused while the policy does not
 * allow deploys (403 with violations, nothing signed), then allowed; 8
 * parallel sessions against a daily limit that admits 3 -> exactly 3,
 * with 3 different nonces; a session ended by a pause releases its
 * reservation; the node down -> 502 naming it, nothing signed; bad
 * transactions -> 400 naming the field.  The audit log has a row per
 * request, the API key sees short reasons only, its chain verifies with
 * duet_audit_chain_verify, and an edit made in SQLite is caught.
 */

#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>
#include <sqlite3.h>

#include "duet.h"
#include "duet_audit.h"
#include "duet_util.h"
#include "client.h"
#include "e2e-util.h"
#include "basic.h"
#include "ganache.h"

#define CHAIN_LEVEL        DUET_LEVEL_112
#define CHAIN_WORKERS      3
#define CHAIN_POOL_WAIT    180
#define CHAIN_PARALLEL     8
#define CHAIN_ACCOUNT1     "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"

static char                 dir[256];
static struct e2e_service   svc;
static char                 rpc[64];
static const char          *node_dir;        /* tests/chain              */


/* --- the chain and ethers ----------------------------------------------- */

/* Start ganache (tests/chain); skip_all when node or ganache is absent. */
static void
chain_start(void)
{
    static char  chain[512];
    char         why[256], path[700];
    int          port;

    snprintf(chain, sizeof(chain), "%s/tests/chain", e2e_top_srcdir);
    node_dir = chain;
    if (!ganache_available(e2e_top_srcdir, why, sizeof(why))) {
        skip_all("%s", why);
    }
    snprintf(path, sizeof(path), "%s/node_modules/solc/package.json", chain);
    if (access(path, R_OK) != 0) {
        skip_all("solc-js is not installed (scripts/bootstrap runs npm ci"
                 " in tests/chain)");
    }
    if ((port = ganache_start(e2e_top_srcdir, dir)) < 0) {
        bail("ganache did not start or listen within 60 s");
    }
    snprintf(rpc, sizeof(rpc), "http://127.0.0.1:%d", port);
    diag("ganache on %s", rpc);
}


/* Run chain-check.mjs with the arguments; its JSON line, or NULL. */
static struct json_object *
ethers(const char *fmt, ...)
{
    struct json_object  *o = NULL;
    va_list              ap;
    char                 args[16384], cmd[17000];
    char                *line = NULL;
    size_t               cap = 0;
    FILE                *p;

    va_start(ap, fmt);
    vsnprintf(args, sizeof(args), fmt, ap);
    va_end(ap);
    snprintf(cmd, sizeof(cmd), "node '%s/chain-check.mjs' %s", node_dir,
             args);
    if ((p = popen(cmd, "r")) == NULL) {
        sysbail("popen");
    }
    if (getline(&line, &cap, p) > 0) {
        o = json_tokener_parse(line);
    }
    (void) pclose(p);
    if (o != NULL && json_object_object_get_ex(o, "error", NULL)) {
        struct json_object  *e;

        json_object_object_get_ex(o, "error", &e);
        diag("chain-check %.40s: %s", args, json_object_get_string(e));
        json_object_put(o);
        o = NULL;
    }
    free(line);
    return o;
}


static const char *
jstr(struct json_object *o, const char *key)
{
    struct json_object  *v;

    if (o == NULL || !json_object_object_get_ex(o, key, &v) || v == NULL) {
        return NULL;
    }
    return json_object_get_string(v);
}


/* The compact JSON text of o ("" for NULL). */
static const char *
jtext(struct json_object *o)
{
    return o != NULL ? json_object_to_json_string_ext(o,
                           JSON_C_TO_STRING_PLAIN
                           | JSON_C_TO_STRING_NOSLASHESCAPE) : "";
}


/* jstr, or "" when absent. */
static const char *
jstr0(struct json_object *o, const char *key)
{
    const char  *v = jstr(o, key);

    return v != NULL ? v : "";
}


static int
jbool(struct json_object *o, const char *key)
{
    struct json_object  *v;

    return o != NULL && json_object_object_get_ex(o, key, &v)
           && json_object_get_boolean(v);
}


/*
 * Sign tx with the bot; ethers checks what was mined.  Returns the
 * receipt's contract address (deployments) in addr if asked.
 */
static int
sign_and_check(struct duet_client *bot, const struct duet_client_share *s0,
    const char *from, const char *tx, int type, const char *what,
    char *addr, size_t addr_size)
{
    struct duet_client_signature  sig;
    struct json_object           *o;
    struct timespec               t0, t1;
    const char                   *ca;
    int                           r, good;

    memset(&sig, 0, sizeof(sig));
    (void) clock_gettime(CLOCK_MONOTONIC, &t0);
    r = duet_client_sign_tx(bot, s0, tx, &sig);
    (void) clock_gettime(CLOCK_MONOTONIC, &t1);
    diag("%s: filled, signed and broadcast in %.0f ms", what,
         (double) (t1.tv_sec - t0.tv_sec) * 1e3
         + (double) (t1.tv_nsec - t0.tv_nsec) / 1e6);
    if (!is_int(0, r, "%s: signed through nginx and duetd", what)) {
        diag("%s", duet_client_error(bot));
        return -1;
    }
    o = ethers("check-tx %s %s %s %s", rpc, sig.tx_hash, sig.raw_tx, from);
    ok(jbool(o, "hashMatches"), "%s: ethers derives the same tx hash", what);
    ok(jbool(o, "signerMatches"), "%s: ethers recovers the signer's address"
       " (%s)", what, jstr(o, "recovered") != NULL ? jstr(o, "recovered")
                                                    : "?");
    good = jbool(o, "mined") && jstr(o, "status") != NULL
           && strcmp(jstr(o, "status"), "1") == 0
           && jstr(o, "receiptFrom") != NULL
           && strcasecmp(jstr(o, "receiptFrom"), from) == 0;
    ok(good, "%s: mined with status 1, sent from the signer", what);
    ok(jstr(o, "type") != NULL && atoi(jstr(o, "type")) == type,
       "%s: transaction type %d", what, type);
    if (addr != NULL) {
        ca = jstr(o, "contractAddress");
        snprintf(addr, addr_size, "%s", ca != NULL ? ca : "");
    }
    json_object_put(o);
    duet_client_signature_clear(&sig);
    return good ? 0 : -1;
}


/* --- raw API calls -------------------------------------------------------- */

static int
api(struct duet_client *c, const char *method, const char *path,
    const char *body, struct json_object **out)
{
    char  *resp = NULL;
    int    status = 0;

    *out = NULL;
    if (duet_client_request(c, method, path, body, &status, &resp) != 0) {
        diag("%s %s: %s", method, path, duet_client_error(c));
        return 0;
    }
    if (resp != NULL) {
        *out = json_tokener_parse(resp);
    }
    free(resp);
    return status;
}


static const char *
message_of(struct json_object *o)
{
    const char  *m = jstr(o, "message");

    return m != NULL ? m : "";
}


/* POST /sign/sessions with tx; the status, and the message on errors. */
static int
create_session(struct duet_client *c, const char *tx, char *msg,
    size_t msg_size, struct json_object **resp)
{
    struct json_object  *o;
    char                 body[8192];
    int                  status;

    snprintf(body, sizeof(body), "{\"transaction\":%s}", tx);
    status = api(c, "POST", "/api/v1/sign/sessions", body, &o);
    if (msg != NULL) {
        snprintf(msg, msg_size, "%s", message_of(o));
    }
    if (resp != NULL) {
        *resp = o;
    } else {
        json_object_put(o);
    }
    return status;
}


static void
put_policy(struct duet_client *op, const char *signer_id, const char *doc,
    const char *what)
{
    struct json_object  *o;
    char                 path[128];
    int                  status;

    snprintf(path, sizeof(path), "/api/v1/signers/%s/policy", signer_id);
    status = api(op, "PUT", path, doc, &o);
    if (!is_int(200, status, "policy set: %s", what)) {
        diag("%s", message_of(o));
    }
    json_object_put(o);
}


/* --- the concurrency check ------------------------------------------------ */

struct racer {
    struct duet_client  *c;
    const char          *tx;
    int                  status;
    char                 sid[80];
    char                 utx[1024];
    char                 text[512];
};


static void *
racer_run(void *arg)
{
    struct racer        *r = arg;
    struct json_object  *o = NULL;

    r->status = create_session(r->c, r->tx, NULL, 0, &o);
    snprintf(r->sid, sizeof(r->sid), "%s", jstr0(o, "sessionId"));
    snprintf(r->utx, sizeof(r->utx), "%s", jstr0(o, "unsignedTransaction"));
    snprintf(r->text, sizeof(r->text), "%s", jtext(o));
    json_object_put(o);
    return NULL;
}


static void
test_concurrency(struct duet_client *op, const char *api_key,
    const char *signer_id, const char *spent_so_far)
{
    struct racer        r[CHAIN_PARALLEL];
    pthread_t           t[CHAIN_PARALLEL];
    struct json_object *o;
    char                doc[512], path[160], nonces[CHAIN_PARALLEL][24];
    char                limit[80];
    int                 i, j, created = 0, blocked = 0, distinct = 1;
    unsigned long long  base;
    static const char   tx[] = "{\"network\":\"dev\",\"to\":\""
                               CHAIN_ACCOUNT1 "\",\"value\":\"1000\"}";

    /* Room for exactly three more of 1000 wei. */
    base = strtoull(spent_so_far, NULL, 10);
    if (base > UINT64_MAX - 3000) {
        bail("the test's spending does not fit 64 bits");
    }
    snprintf(limit, sizeof(limit), "%llu", base + 3000);
    snprintf(doc, sizeof(doc),
             "{\"rules\":[{\"action\":\"accept\",\"criteria\":["
             "{\"type\":\"dailyLimit\",\"maxWei\":\"%s\"}]}]}", limit);
    put_policy(op, signer_id, doc, "a daily limit with room for 3");

    for (i = 0; i < CHAIN_PARALLEL; i++) {
        r[i].c = e2e_client(&svc);
        duet_client_set_api_key(r[i].c, api_key);
        r[i].tx = tx;
        if (pthread_create(&t[i], NULL, racer_run, &r[i]) != 0) {
            bail("pthread_create");
        }
    }
    for (i = 0; i < CHAIN_PARALLEL; i++) {
        pthread_join(t[i], NULL);
        created += r[i].status == 201;
        blocked += r[i].status == 403;
    }
    if (!is_int(3, created, "8 sessions at once against a limit for 3:"
                " exactly 3 start"))
    {
        for (i = 0; i < CHAIN_PARALLEL; i++) {
            diag("session %d: %d %.300s", i, r[i].status, r[i].text);
        }
    }
    is_int(CHAIN_PARALLEL - 3, blocked, "... and the other 5 get 403");

    /* Their nonces differ (ethers reads the unsigned transactions). */
    for (i = j = 0; i < CHAIN_PARALLEL; i++) {
        if (r[i].status != 201) {
            continue;
        }
        o = ethers("tx-nonce %s", r[i].utx);
        snprintf(nonces[j], sizeof(nonces[j]), "%s",
                 jstr(o, "nonce") != NULL ? jstr(o, "nonce") : "?");
        json_object_put(o);
        j++;
    }
    for (i = 0; i < j; i++) {
        int k;

        for (k = i + 1; k < j; k++) {
            distinct &= strcmp(nonces[i], nonces[k]) != 0
                        && strcmp(nonces[i], "?") != 0;
        }
    }
    ok(j == 3 && distinct, "the 3 sessions reserved 3 different nonces"
       " (%s %s %s)", j > 0 ? nonces[0] : "", j > 1 ? nonces[1] : "",
       j > 2 ? nonces[2] : "");

    /* A session ended by a pause gives its reservation back. */
    for (i = 0; i < CHAIN_PARALLEL && r[i].status != 201; i++) {
        /* the first one started */
    }
    snprintf(path, sizeof(path), "/api/v1/signers/%s/pause", signer_id);
    is_int(200, api(op, "POST", path, NULL, &o), "pause the signer");
    json_object_put(o);
    if (i < CHAIN_PARALLEL) {
        snprintf(path, sizeof(path), "/api/v1/sign/sessions/%s/complete",
                 r[i].sid);
        is_int(403, api(r[i].c, "POST", path, NULL, &o),
               "a paused signer's session -> 403, the session ends");
        json_object_put(o);
    }
    snprintf(path, sizeof(path), "/api/v1/signers/%s/resume", signer_id);
    is_int(200, api(op, "POST", path, NULL, &o), "resume the signer");
    json_object_put(o);
    is_int(201, create_session(r[0].c, tx, NULL, 0, NULL),
           "the released reservation admits one more session");
    is_int(403, create_session(r[0].c, tx, NULL, 0, NULL),
           "... and only one");
    for (i = 0; i < CHAIN_PARALLEL; i++) {
        duet_client_free(r[i].c);
    }
}


/* --- raw digests ------------------------------------------------------------ */

static void
test_raw_digest(struct duet_client *op, struct duet_client *bot,
    const struct duet_client_signer *signer)
{
    static const char             digest[] =
        "0x5c6f2a1e0d9b8c7a69584736251403f2e1d0c9b8a7968574635241302f1e0d9c";
    struct duet_client_signature  sig;
    struct json_object           *o;
    char                          r[67], s[67], doc[256];
    int                           rc;

    memset(&sig, 0, sizeof(sig));
    rc = duet_client_sign_message(bot, &signer->share[0], "raw_digest",
                                  digest, &sig);
    ok(rc == DUET_CLIENT_ERR_HTTP && duet_client_last_status(bot) == 403
       && strstr(duet_client_error(bot), "allowRawDigest") != NULL,
       "a raw digest is refused without allowRawDigest (%s)",
       duet_client_error(bot));
    snprintf(doc, sizeof(doc), "{\"allowRawDigest\":true,\"rules\":[{"
             "\"action\":\"accept\",\"criteria\":[]}]}");
    put_policy(op, signer->signer_id, doc, "allowRawDigest");
    rc = duet_client_sign_message(bot, &signer->share[0], "raw_digest",
                                  digest, &sig);
    if (!is_int(0, rc, "a raw digest is signed once the policy allows it")) {
        diag("%s", duet_client_error(bot));
        return;
    }
    r[0] = s[0] = '0';
    r[1] = s[1] = 'x';
    if (duet_hex_encode(r + 2, sizeof(r) - 2, sig.sig, 32) != 0
        || duet_hex_encode(s + 2, sizeof(s) - 2, sig.sig + 32, 32) != 0)
    {
        bail("hex");
    }
    o = ethers("recover %s %s %s %llu", digest, r, s,
               (unsigned long long) sig.v);
    ok(jstr(o, "address") != NULL
       && strcasecmp(jstr(o, "address"), signer->eth_address) == 0,
       "ethers recovers the signer from the raw-digest signature");
    json_object_put(o);
    duet_client_signature_clear(&sig);
}


/* --- the audit log ---------------------------------------------------------- */

/* Fill rows[] from a GET /audit-log answer (oldest first). */
static size_t
audit_rows(struct json_object *resp, struct duet_audit_row *rows,
    size_t max)
{
    struct json_object  *data, *x;
    size_t               n, i, k;
    const char          *h;

    if (!json_object_object_get_ex(resp, "data", &data)) {
        return 0;
    }
    n = json_object_array_length(data);
    for (i = 0; i < n && i < max; i++) {
        struct duet_audit_row  *a = &rows[n - 1 - i];
        size_t                  l;

        x = json_object_array_get_idx(data, i);
        memset(a, 0, sizeof(*a));
        a->id = json_object_get_int64(json_object_object_get(x, "id"));
        a->seq = json_object_get_int64(json_object_object_get(x, "seq"));
        a->signer_id = jstr(x, "signerId");
        a->request_id = jstr(x, "requestId") != NULL ? jstr(x, "requestId")
                                                     : "";
        a->path = jstr(x, "path");
        a->request_type = jstr(x, "requestType");
        a->status = jstr(x, "status");
        a->to_address = jstr(x, "to") != NULL ? jstr(x, "to") : "";
        a->value_wei = jstr(x, "valueWei");
        a->value_usd = jstr(x, "valueUsd") != NULL ? jstr(x, "valueUsd") : "";
        a->chain_id = json_object_get_int64(json_object_object_get(x,
                                                                 "chainId"));
        a->decoded_action = jstr(x, "decodedAction") != NULL
                            ? jstr(x, "decodedAction") : "";
        a->tx_hash = jstr(x, "txHash") != NULL ? jstr(x, "txHash") : "";
        a->rules_evaluated = (uint32_t) json_object_get_int64(
            json_object_object_get(x, "rulesEvaluated"));
        a->eval_micros = (uint32_t) json_object_get_int64(
            json_object_object_get(x, "evalMicros"));
        a->created_at = jstr(x, "createdAt");
        for (k = 0; k < 3; k++) {
            static const char *const  f[3] = {
                "detailSha256", "prevHash", "hash"
            };
            uint8_t *dst = k == 0 ? a->detail_sha256
                         : k == 1 ? a->prev_hash : a->hash;

            h = jstr(x, f[k]);
            if (h == NULL || strlen(h) != 66
                || duet_hex_decode(dst, 32, &l, h + 2, 64) != 0)
            {
                return 0;
            }
        }
    }
    return n < max ? n : max;
}


static int
cmp_u32(const void *a, const void *b)
{
    uint32_t  x = *(const uint32_t *) a, y = *(const uint32_t *) b;

    return x < y ? -1 : x > y;
}


/* The policy evaluation times the rows recorded (informational). */
static void
diag_eval_times(const struct duet_audit_row *rows, size_t n)
{
    uint32_t  us[100];
    size_t    i, k = 0;

    for (i = 0; i < n && k < 100; i++) {
        if (strcmp(rows[i].status, "approved") == 0
            || strcmp(rows[i].status, "blocked") == 0)
        {
            us[k++] = rows[i].eval_micros;
        }
    }
    if (k > 0) {
        qsort(us, k, sizeof(us[0]), cmp_u32);
        diag("policy evaluation: median %u us, max %u us over %zu decisions",
             us[k / 2], us[k - 1], k);
    }
}


static void
test_audit(struct duet_client *op, struct duet_client *bot,
    const char *signer_id)
{
    struct duet_audit_row  rows[100];
    struct json_object    *o = NULL, *k = NULL;
    sqlite3               *db;
    char                   path[256], dbpath[600];
    size_t                 n, bad = 0;
    int                    status;

    snprintf(path, sizeof(path), "/api/v1/audit-log?signerId=%s&limit=100",
             signer_id);
    status = api(op, "GET", path, NULL, &o);
    is_int(200, status, "GET /audit-log as the operator");
    n = audit_rows(o, rows, 100);
    ok(n >= 10, "the audit log holds a row per request (%zu)", n);
    diag_eval_times(rows, n);
    is_int(0, duet_audit_chain_verify(rows, n, &bad),
           "the signer's chain verifies on the client side");
    ok(o != NULL && strstr(jtext(o),
                           "\"status\":\"blocked\"") != NULL
       && strstr(jtext(o), "not in the approved") != NULL,
       "blocked rows carry the detailed reason for the operator");

    status = api(bot, "GET", "/api/v1/audit-log?limit=100", NULL, &k);
    is_int(200, status, "GET /audit-log with the API key");
    ok(k != NULL && strstr(jtext(k),
                           "Address not approved") != NULL
       && strstr(jtext(k), "not in the approved")
          == NULL
       && strstr(jtext(k), "callerIp") == NULL,
       "the API key sees short reasons only, and no caller IPs");
    json_object_put(k);

    /* An attacker with the database file edits an approved row. */
    snprintf(dbpath, sizeof(dbpath), "%s/data/duet.sqlite3", svc.state);
    if (sqlite3_open(dbpath, &db) != SQLITE_OK) {
        bail("sqlite3_open %s", dbpath);
    }
    ok(sqlite3_exec(db, "DROP TRIGGER audit_no_update;"
                    "UPDATE audit SET value_wei = '1' WHERE id ="
                    " (SELECT min(id) FROM audit WHERE status = 'approved'"
                    " AND request_type = 'sign_tx');", NULL, NULL, NULL)
       == SQLITE_OK, "edit an approved row in SQLite");
    sqlite3_close(db);
    json_object_put(o);
    status = api(op, "GET", path, NULL, &o);
    n = audit_rows(o, rows, 100);
    ok(status == 200 && duet_audit_chain_verify(rows, n, &bad) != 0,
       "the edited row breaks the chain (at row %zu of %zu)", bad, n);
    json_object_put(o);

    status = api(op, "GET", "/api/v1/audit-log/export", NULL, &o);
    is_int(200, status, "GET /audit-log/export");
    json_object_put(o);
}


int
main(int argc, char **argv)
{
    struct duet_client_signer  signer;
    struct duet_client        *op, *bot;
    struct json_object        *o;
    uint8_t                    pb[8][E2E_PRIME_BYTES];
    const uint8_t             *pp[8];
    size_t                     pl[8];
    char                       token[64], tokhex[65], conf[400];
    char                       text[1024], tx[8192], msg[256];
    char                       token_addr[64], path[200], *bytecode;
    char                       spent[80];
    int                        i, status;

    tap_init(argc, argv);
    e2e_require();
    if (duet_init_displacing() != 0) {
        bail("duet_init");
    }
    plan_lazy();
    e2e_mkdir(dir, sizeof(dir), "duet-chain");
    chain_start();

    e2e_service_init(&svc, dir, "state");
    snprintf(conf, sizeof(conf), "%s/duetd.conf", dir);
    e2e_operator_token(token, tokhex);
    snprintf(text, sizeof(text),
             "# chain-t: a level-112 service on a ganache chain\n"
             "level = 112\n"
             "allow_insecure_level = yes\n"
             "operator_token_sha256 = %s\n"
             "prime_target = 6\n"
             "prime_low_watermark = 4\n"
             "prime_generators = 2\n"
             "network = dev 1337 %s/\n"
             "network = down 1338 http://127.0.0.1:9/\n"
             "price = ETH 2000\n", tokhex, rpc);
    e2e_write_file(conf, text);
    e2e_service_start(&svc, conf, CHAIN_WORKERS);
    op = e2e_client(&svc);
    duet_client_set_operator_token(op, token);
    if (e2e_pool_wait(op, 4, CHAIN_POOL_WAIT) < 4) {
        bail("the prime pool did not fill");
    }

    for (i = 0; i < 8; i++) {
        e2e_load_prime(pb[i], &pl[i], (unsigned) i);
        pp[i] = pb[i];
    }
    if (duet_client_create_signer(op, "chain", CHAIN_LEVEL, pp, pl, NULL,
                                  NULL, &signer) != 0)
    {
        bail("create a signer: %s", duet_client_error(op));
    }
    diag("signer %s at %s", signer.signer_id, signer.eth_address);
    o = ethers("fund %s %s 100000000000000000000", rpc, signer.eth_address);
    ok(o != NULL, "ganache's account 0 funds the signer with 100 ETH");
    json_object_put(o);
    bot = e2e_client(&svc);
    duet_client_set_api_key(bot, signer.api_key);

    /* Transfers of every type, duetd filling nonce, gas and fees. */
    snprintf(tx, sizeof(tx), "{\"network\":\"dev\",\"to\":\"%s\","
             "\"value\":\"1000000000000000000\"}", CHAIN_ACCOUNT1);
    sign_and_check(bot, &signer.share[0], signer.eth_address, tx, 2,
                   "EIP-1559 transfer", NULL, 0);
    snprintf(tx, sizeof(tx), "{\"chainId\":1337,\"to\":\"%s\","
             "\"value\":\"1000\",\"gasPrice\":\"3000000000\"}",
             CHAIN_ACCOUNT1);
    sign_and_check(bot, &signer.share[0], signer.eth_address, tx, 0,
                   "legacy EIP-155 transfer", NULL, 0);
    snprintf(tx, sizeof(tx), "{\"network\":\"dev\",\"to\":\"%s\","
             "\"value\":\"1000\",\"gasPrice\":\"3000000000\","
             "\"accessList\":[{\"address\":\"%s\",\"storageKeys\":[]}]}",
             CHAIN_ACCOUNT1, CHAIN_ACCOUNT1);
    sign_and_check(bot, &signer.share[0], signer.eth_address, tx, 1,
                   "EIP-2930 transaction", NULL, 0);

    /* A deployment: refused until the policy allows deploys. */
    o = ethers("compile-token");
    if (o == NULL || jstr(o, "bytecode") == NULL) {
        bail("solc-js could not compile the test token");
    }
    bytecode = strdup(jstr(o, "bytecode"));
    json_object_put(o);
    snprintf(text, sizeof(text),
             "{\"rules\":[{\"action\":\"accept\",\"criteria\":["
             "{\"type\":\"evmAddress\",\"operator\":\"in\","
             "\"addresses\":[\"%s\"]}]}]}", CHAIN_ACCOUNT1);
    put_policy(op, signer.signer_id, text, "only account 1, no deploys");
    snprintf(tx, sizeof(tx), "{\"network\":\"dev\",\"data\":\"%s\"}",
             bytecode);
    status = create_session(bot, tx, msg, sizeof(msg), &o);
    is_int(403, status, "a deployment is refused by the policy");
    ok(strcmp(msg, "Transaction blocked by policy") == 0
       && strstr(jtext(o), "\"violations\"") != NULL
       && strstr(jtext(o), "Address not approved")
          != NULL, "... with the short reason for the API key (%s)", msg);
    json_object_put(o);

    snprintf(text, sizeof(text),
             "{\"rules\":[{\"action\":\"accept\",\"criteria\":["
             "{\"type\":\"evmAddress\",\"operator\":\"in\","
             "\"addresses\":[\"%s\"],\"allowDeploy\":true}]}]}",
             CHAIN_ACCOUNT1);
    put_policy(op, signer.signer_id, text, "account 1 and deploys");
    token_addr[0] = '\0';
    sign_and_check(bot, &signer.share[0], signer.eth_address, tx, 2,
                   "contract deployment", token_addr, sizeof(token_addr));
    ok(strlen(token_addr) == 42, "the token contract is at %s", token_addr);

    /* An ERC-20 transfer to it: both `to` and the recipient are checked. */
    snprintf(tx, sizeof(tx), "{\"network\":\"dev\",\"to\":\"%s\","
             "\"data\":\"0xa9059cbb000000000000000000000000%s"
             "0000000000000000000000000000000000000000000000000000000000000064"
             "\"}", token_addr, CHAIN_ACCOUNT1 + 2);
    status = create_session(bot, tx, msg, sizeof(msg), NULL);
    is_int(403, status, "an ERC-20 transfer to an unlisted token is refused"
           " (%s)", msg);
    snprintf(text, sizeof(text),
             "{\"rules\":[{\"action\":\"accept\",\"criteria\":["
             "{\"type\":\"evmAddress\",\"operator\":\"in\","
             "\"addresses\":[\"%s\",\"%s\"],\"allowDeploy\":true}]}]}",
             CHAIN_ACCOUNT1, token_addr);
    put_policy(op, signer.signer_id, text, "account 1 and the token");
    sign_and_check(bot, &signer.share[0], signer.eth_address, tx, 2,
                   "ERC-20 transfer", NULL, 0);
    o = ethers("token-balance %s %s %s", rpc, token_addr, CHAIN_ACCOUNT1);
    is_str("100", jstr(o, "balance"), "account 1 holds the 100 tokens");
    json_object_put(o);

    /*
     * Everything approved so far counts against the rolling day: 1 ETH,
     * 1000 wei twice, and the deployment and token transfer (0 each).
     */
    snprintf(spent, sizeof(spent), "%s", "1000000000000002000");
    test_concurrency(op, signer.api_key, signer.signer_id, spent);

    /* The node down: 502 naming it, nothing signed. */
    put_policy(op, signer.signer_id, "{\"rules\":[{\"action\":\"accept\","
               "\"criteria\":[]}]}", "accept everything");
    snprintf(tx, sizeof(tx), "{\"network\":\"down\",\"to\":\"%s\","
             "\"value\":\"1\"}", CHAIN_ACCOUNT1);
    status = create_session(bot, tx, msg, sizeof(msg), NULL);
    is_int(502, status, "a network whose node is down -> 502");
    ok(strstr(msg, "Ethereum node unavailable") != NULL, "... saying so"
       " (%s)", msg);

    /*
     * A broadcast the node refuses (more value than the signer holds):
     * the error carries the signed transaction, and the audit log gets a
     * failed row holding the signature.
     */
    {
        struct duet_client_signature  sig;

        memset(&sig, 0, sizeof(sig));
        snprintf(tx, sizeof(tx), "{\"network\":\"dev\",\"to\":\"%s\","
                 "\"value\":\"1000000000000000000000000\","
                 "\"gasLimit\":21000}", CHAIN_ACCOUNT1);
        i = duet_client_sign_tx(bot, &signer.share[0], tx, &sig);
        ok(i == DUET_CLIENT_ERR_HTTP && duet_client_last_status(bot) == 400
           && strstr(duet_client_error(bot), "the node refused") != NULL,
           "a broadcast the node refuses -> 400 with its reason (%s)",
           duet_client_error(bot));
        duet_client_signature_clear(&sig);
        snprintf(path, sizeof(path), "/api/v1/audit-log?signerId=%s"
                 "&status=failed&requestType=sign_tx", signer.signer_id);
        status = api(op, "GET", path, NULL, &o);
        ok(status == 200 && strstr(jtext(o), "\"rawTransaction\"") != NULL
           && strstr(jtext(o), "\"signature\"") != NULL
           && strstr(jtext(o), "\"txHash\":\"0x") != NULL,
           "... and a failed audit row holds the signed transaction");
        json_object_put(o);
    }

    /* Bad transactions: 400 naming the field, nothing started. */
    {
        static const struct {
            const char  *tx;
            const char  *needle;
        } bad[] = {
            { "{\"network\":\"nowhere\",\"to\":\"" CHAIN_ACCOUNT1 "\"}",
              "transaction.network is not a configured network" },
            { "{\"chainId\":5,\"to\":\"" CHAIN_ACCOUNT1 "\"}",
              "transaction.chainId 5 is not the chain of a configured" },
            { "{\"network\":\"dev\",\"chainId\":1,\"to\":\""
              CHAIN_ACCOUNT1 "\"}", "is not the chain of transaction"
              ".network" },
            { "{\"network\":\"dev\",\"to\":\"0x12\"}",
              "transaction.to is not an address" },
            { "{\"network\":\"dev\",\"to\":\"" CHAIN_ACCOUNT1 "\","
              "\"data\":\"0xzz\"}", "transaction.data is not" },
            { "{\"network\":\"dev\",\"to\":\"" CHAIN_ACCOUNT1 "\","
              "\"value\":\"-1\"}", "transaction.value" },
            { "{\"network\":\"dev\",\"to\":\"" CHAIN_ACCOUNT1 "\","
              "\"value\":\"11579208923731619542357098500868790785326998466"
              "5640564039457584007913129639936\"}",
              "transaction.value is out of range" },
            { "{\"network\":\"dev\"}", "a contract creation needs" },
        };
        size_t  j;

        for (j = 0; j < sizeof(bad) / sizeof(bad[0]); j++) {
            status = create_session(bot, bad[j].tx, msg, sizeof(msg), NULL);
            ok(status == 400 && strstr(msg, bad[j].needle) != NULL,
               "bad transaction %zu -> 400 \"%s\" (%d: %s)", j + 1,
               bad[j].needle, status, msg);
        }
    }

    /* A malformed policy: 400 naming rule, criterion and path; no change. */
    snprintf(path, sizeof(path), "/api/v1/signers/%s/policy",
             signer.signer_id);
    status = api(op, "PUT", path, "{\"rules\":[{\"action\":\"accept\","
                 "\"criteria\":[]},{\"action\":\"accept\",\"criteria\":["
                 "{\"type\":\"evmAddress\",\"operator\":\"in\","
                 "\"addresses\":[\"0x12\"]}]}]}", &o);
    ok(status == 400 && strstr(message_of(o), "Rule 2, criterion 1") != NULL
       && strstr(message_of(o), "rules[1].criteria[0].addresses[0]") != NULL,
       "a bad address in a policy -> 400 naming rule, criterion and path"
       " (%s)", message_of(o));
    json_object_put(o);
    status = api(bot, "PUT", path, "{\"rules\":[]}", &o);
    ok(status == 401 || status == 403, "an API key cannot change its own"
       " policy (%d)", status);
    json_object_put(o);
    status = api(bot, "GET", path, NULL, &o);
    ok(status == 200 && strstr(jtext(o), "\"action\":\"accept\"") != NULL
       && strstr(jtext(o), "0x12") == NULL,
       "GET policy: the previous document is still the active one");
    json_object_put(o);

    /* The networks, without their RPC URLs. */
    status = api(bot, "GET", "/api/v1/networks", NULL, &o);
    ok(status == 200 && strstr(jtext(o),
                               "\"chainId\":1337") != NULL
       && strstr(jtext(o), "127.0.0.1") == NULL,
       "GET /networks lists them without RPC URLs");
    json_object_put(o);

    snprintf(path, sizeof(path), "/api/v1/signers/%s/policy/backtest",
             signer.signer_id);
    snprintf(text, sizeof(text), "{\"rules\":[{\"action\":\"accept\","
             "\"criteria\":[{\"type\":\"ethValue\",\"operator\":\"<=\","
             "\"value\":\"1000\"}]}]}");
    status = api(op, "POST", path, text, &o);
    ok(status == 200 && jstr(o, "totalAnalyzed") != NULL
       && atoi(jstr(o, "wouldBlock")) >= 1,
       "a backtest of a 1000-wei cap blocks the 1 ETH transfer (%s of %s)",
       jstr(o, "wouldBlock") != NULL ? jstr(o, "wouldBlock") : "?",
       jstr(o, "totalAnalyzed") != NULL ? jstr(o, "totalAnalyzed") : "?");
    json_object_put(o);

    test_raw_digest(op, bot, &signer);
    test_audit(op, bot, signer.signer_id);

    free(bytecode);
    duet_client_signer_clear(&signer);
    duet_client_free(bot);
    duet_client_free(op);
    is_int(0, e2e_service_stop(&svc), "run-local stop");
    ganache_stop();
    e2e_rm_tree(dir);
    return 0;
}
