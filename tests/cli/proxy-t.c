/*
 * proxy-t.c -- `duet proxy`'s engine (cli/proxy.c), served from a forked
 * child on 127.0.0.1 and driven over real sockets:
 *
 *   - with a node that is not there (a closed port): the local methods,
 *     JSON-RPC errors (-32700, -32600, -32601, 4100, -32603 "node
 *     unavailable"), batches, notifications, HTTP refusals (405, 411, 413),
 *     keep-alive, a clean stop on SIGTERM; and non-loopback binds refused;
 *   - with ganache (tests/chain/ganache-run): forwarded methods answered
 *     by the node, eth_sendTransaction translated and mined, a refusal
 *     relayed as 4001, and tests/chain/proxy-client.mjs, an ordinary
 *     ethers.js program that sends a transaction and signs a message and
 *     typed data through the proxy.  Skipped, with the reason, when node
 *     or tests/chain/node_modules is missing.
 *
 * THE SIGNER HERE IS A TEST STAND-IN for duet's threshold signer: one
 * fixed private key, signing with libsecp256k1 in this process, filling a
 * transaction's missing fields from the node as duetd does, and
 * broadcasting with eth_sendRawTransaction.  The lead's end-to-end tests
 * run the proxy with the real signer (duetd through nginx).
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <curl/curl.h>
#include <json-c/json.h>
#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include "basic.h"
#include "ganache.h"
#include "duet.h"
#include "duet_eth.h"
#include "duet_util.h"
#include "proxy.h"

#define ANSWER_MAX    65536
#define GANACHE_0     "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
#define GANACHE_1     "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
#define TYPED_BODY(q) \
    "{" q "types" q ":{" q "EIP712Domain" q ":[{" q "name" q ":" q "name" q \
    "," q "type" q ":" q "string" q "}]," q "Note" q ":[{" q "name" q ":" \
    q "text" q "," q "type" q ":" q "string" q "}]}," q "primaryType" q ":" \
    q "Note" q "," q "domain" q ":{" q "name" q ":" q "duet" q "}," \
    q "message" q ":{" q "text" q ":" q "hi" q "}}"
#define TYPED         TYPED_BODY("\"")
#define TYPED_STR     TYPED_BODY("\\\"")

/* The test stand-in for duet's threshold signer. */
struct standin {
    secp256k1_context  *ctx;
    uint8_t             key[32];
    char                address[DUET_ETH_ADDRESS_TEXT_SIZE];
    char                node[128];        /* the node it broadcasts to   */
    char                record[1024];     /* the last tx JSON it was given */
};

static struct standin   signer_state;
static char            *tmpdir;


/* --- HTTP helpers -------------------------------------------------------- */

struct answer {
    char    data[ANSWER_MAX];
    size_t  len;
};


static size_t
answer_write(char *p, size_t size, size_t n, void *arg)
{
    struct answer  *a = arg;
    size_t          k = size * n;

    if (k > sizeof(a->data) - 1 - a->len) {
        return 0;
    }
    memcpy(a->data + a->len, p, k);
    a->len += k;
    a->data[a->len] = '\0';
    return k;
}


/* POST body to url; the HTTP status, or -1 when nothing answered. */
static long
post(const char *url, const char *body, size_t len, struct answer *a)
{
    struct curl_slist  *h;
    CURL               *c;
    long                status = -1;

    memset(a, 0, sizeof(*a));
    if ((c = curl_easy_init()) == NULL) {
        return -1;
    }
    h = curl_slist_append(NULL, "Content-Type: application/json");
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) len);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, answer_write);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, a);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    if (curl_easy_perform(c) == CURLE_OK) {
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    }
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    return status;
}


static long
post_str(const char *url, const char *body, struct answer *a)
{
    return post(url, body, strlen(body), a);
}


/* Send raw bytes on a new connection and read until the server closes. */
static int
raw_exchange(int port, const char *req, size_t len, char *out, size_t size)
{
    struct sockaddr_in  sa;
    struct timeval      tv = { 10, 0 };
    size_t              n = 0;
    ssize_t             r;
    int                 fd;

    if ((fd = socket(AF_INET, SOCK_STREAM, 0)) < 0) {
        sysbail("socket");
    }
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t) port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    if (connect(fd, (struct sockaddr *) &sa, sizeof(sa)) != 0) {
        close(fd);
        return -1;
    }
    if (len > 0 && send(fd, req, len, MSG_NOSIGNAL) < 0) {
        /* The server may refuse before reading all: read what it said. */
        diag("send: %s", strerror(errno));
    }
    while (n < size - 1 && (r = recv(fd, out + n, size - 1 - n, 0)) > 0) {
        n += (size_t) r;
    }
    out[n] = '\0';
    close(fd);
    return 0;
}


/* Count the occurrences of needle in hay. */
static int
count(const char *hay, const char *needle)
{
    int  k = 0;

    while ((hay = strstr(hay, needle)) != NULL) {
        k++;
        hay += strlen(needle);
    }
    return k;
}


/* A JSON-RPC answer's member as JSON text ("" when absent). */
static const char *
member(struct json_object **keep, const char *text, const char *key)
{
    struct json_object  *v;

    json_object_put(*keep);
    *keep = json_tokener_parse(text);
    if (*keep == NULL || !json_object_object_get_ex(*keep, key, &v)) {
        return "";
    }
    return json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN
                                          | JSON_C_TO_STRING_NOSLASHESCAPE);
}


static int
error_code(const char *text)
{
    struct json_object  *o, *e, *c;
    int                  code = 0;

    o = json_tokener_parse(text);
    if (o != NULL && json_object_object_get_ex(o, "error", &e)
        && json_object_object_get_ex(e, "code", &c))
    {
        code = json_object_get_int(c);
    }
    json_object_put(o);
    return code;
}


/* Call the node directly; the "result" as text (strings unquoted). */
static int
node_call(const char *url, const char *method, const char *params,
    char *out, size_t size)
{
    struct json_object  *o = NULL, *v;
    struct answer       *a;
    char                 body[4096];
    int                  r = -1;

    a = bmalloc(sizeof(*a));
    snprintf(body, sizeof(body), "{\"jsonrpc\":\"2.0\",\"id\":1,"
             "\"method\":\"%s\",\"params\":%s}", method, params);
    if (post_str(url, body, a) != 200
        || (o = json_tokener_parse(a->data)) == NULL
        || !json_object_object_get_ex(o, "result", &v) || v == NULL)
    {
        if (out != NULL && size > 0) {
            snprintf(out, size, "%.*s", (int) (size - 1), a->data);
        }
        goto out;
    }
    snprintf(out, size, "%s", json_object_get_string(v));
    r = 0;
out:
    json_object_put(o);
    free(a);
    return r;
}


/* --- the stand-in signer ------------------------------------------------- */

static int
standin_sign(struct standin *s, const uint8_t hash[32], char **sig)
{
    secp256k1_ecdsa_recoverable_signature  rs;
    uint8_t                                out[65];
    char                                   hex[DUET_HEX_ENCODED_SIZE(65)];
    int                                    recid;

    if (!secp256k1_ecdsa_sign_recoverable(s->ctx, &rs, hash, s->key, NULL,
                                          NULL)
        || !secp256k1_ecdsa_recoverable_signature_serialize_compact(
               s->ctx, out, &recid, &rs))
    {
        return -1;
    }
    out[64] = (uint8_t) (27 + recid);
    if (duet_hex_encode(hex, sizeof(hex), out, 65) != 0
        || (*sig = malloc(strlen(hex) + 3)) == NULL)
    {
        return -1;
    }
    snprintf(*sig, strlen(hex) + 3, "0x%s", hex);
    return 0;
}


static int
standin_personal_sign(void *arg, const char *data, char **sig, int *code,
    char *err, size_t errlen)
{
    struct standin  *s = arg;
    uint8_t          hash[32], *msg;
    size_t           n = strlen(data), len = 0;
    int              r;

    if (strcmp(data, "refuse me") == 0) {
        *code = 4001;
        snprintf(err, errlen, "refused by policy: test refusal");
        return -1;
    }
    msg = bmalloc(n + 1);
    if (n > 2 && n % 2 == 0 && strncmp(data, "0x", 2) == 0
        && duet_hex_decode(msg, n, &len, data + 2, n - 2) == 0)
    {
        r = duet_eth_personal_hash(hash, msg, len);
    } else {
        r = duet_eth_personal_hash(hash, (const uint8_t *) data, n);
    }
    free(msg);
    if (r != 0 || standin_sign(s, hash, sig) != 0) {
        snprintf(err, errlen, "stand-in: cannot sign");
        return -1;
    }
    return 0;
}


static int
standin_sign_typed_data(void *arg, const char *json, char **sig, int *code,
    char *err, size_t errlen)
{
    struct standin  *s = arg;
    uint8_t          hash[32];
    int              rc;

    if ((rc = duet_eth_typed_data_hash(hash, json, strlen(json))) != 0) {
        *code = -32602;
        snprintf(err, errlen, "typed data: %s", duet_strerror(rc));
        return -1;
    }
    return standin_sign(s, hash, sig);
}


/* Fill key from the node (method, params) unless tx has it. */
static int
standin_fill(struct standin *s, struct json_object *tx, const char *key,
    const char *method, const char *params)
{
    char  v[128];

    if (json_object_object_get_ex(tx, key, NULL)) {
        return 0;
    }
    if (node_call(s->node, method, params, v, sizeof(v)) != 0) {
        return -1;
    }
    json_object_object_add(tx, key, json_object_new_string(v));
    return 0;
}


static int
standin_send_transaction(void *arg, const char *tx_json, char **hash,
    int *code, char *err, size_t errlen)
{
    struct standin      *s = arg;
    struct json_object  *tx, *v;
    const char          *text;
    uint8_t              utx[DUET_ETH_TX_MAX_SIZE], h[32], rsb[64];
    uint8_t              stx[DUET_ETH_TX_MAX_SIZE
                             + DUET_ETH_TX_SIGNATURE_OVERHEAD];
    char                 params[4096], res[128], *hex = NULL;
    size_t               ulen = sizeof(utx), slen = sizeof(stx);
    FILE                *fp;
    int                  recid, rc, r = -1;
    secp256k1_ecdsa_recoverable_signature  rs;

    if ((fp = fopen(s->record, "w")) != NULL) {
        fputs(tx_json, fp);
        fclose(fp);
    }
    if ((tx = json_tokener_parse(tx_json)) == NULL) {
        snprintf(err, errlen, "stand-in: not JSON");
        return -1;
    }
    if (json_object_object_get_ex(tx, "value", &v)
        && strcmp(json_object_get_string(v), "0x3e7") == 0)
    {
        *code = 4001;
        snprintf(err, errlen, "refused by policy: value over the limit");
        goto out;
    }
    snprintf(params, sizeof(params), "[\"%s\",\"pending\"]", s->address);
    if (standin_fill(s, tx, "chainId", "eth_chainId", "[]") != 0
        || standin_fill(s, tx, "nonce", "eth_getTransactionCount", params)
           != 0)
    {
        snprintf(err, errlen, "stand-in: node unavailable");
        goto out;
    }
    if (!json_object_object_get_ex(tx, "gasLimit", NULL)) {
        snprintf(params, sizeof(params), "[{\"from\":\"%s\",\"to\":%s,"
                 "\"value\":%s,\"data\":%s}]", s->address,
                 json_object_object_get_ex(tx, "to", &v)
                 ? json_object_to_json_string(v) : "null",
                 json_object_object_get_ex(tx, "value", &v)
                 ? json_object_to_json_string(v) : "\"0x0\"",
                 json_object_object_get_ex(tx, "data", &v)
                 ? json_object_to_json_string(v) : "\"0x\"");
        if (standin_fill(s, tx, "gasLimit", "eth_estimateGas", params) != 0) {
            snprintf(err, errlen, "stand-in: eth_estimateGas failed");
            goto out;
        }
    }
    if (!json_object_object_get_ex(tx, "gasPrice", NULL)
        && !json_object_object_get_ex(tx, "maxFeePerGas", NULL))
    {
        if (node_call(s->node, "eth_gasPrice", "[]", res, sizeof(res)) != 0) {
            goto out;
        }
        json_object_object_add(tx, "maxFeePerGas",
                               json_object_new_string(res));
        json_object_object_add(tx, "maxPriorityFeePerGas",
                               json_object_new_string(res));
    }
    if (!json_object_object_get_ex(tx, "type", NULL)) {
        json_object_object_add(tx, "type", json_object_new_int(
            json_object_object_get_ex(tx, "gasPrice", NULL) ? 0 : 2));
    }
    if (!json_object_object_get_ex(tx, "to", NULL)) {
        json_object_object_add(tx, "to", NULL);
    }
    text = json_object_to_json_string_ext(tx, JSON_C_TO_STRING_PLAIN);
    if ((rc = duet_eth_tx_from_json(utx, &ulen, text, strlen(text))) != 0
        || (rc = duet_eth_tx_sighash(h, NULL, NULL, utx, ulen)) != 0)
    {
        *code = -32602;
        snprintf(err, errlen, "stand-in: transaction: %s",
                 duet_strerror(rc));
        goto out;
    }
    if (!secp256k1_ecdsa_sign_recoverable(s->ctx, &rs, h, s->key, NULL,
                                          NULL)
        || !secp256k1_ecdsa_recoverable_signature_serialize_compact(
               s->ctx, rsb, &recid, &rs)
        || duet_eth_tx_encode_signed(stx, &slen, utx, ulen, rsb, rsb + 32,
                                     recid) != 0)
    {
        snprintf(err, errlen, "stand-in: cannot sign");
        goto out;
    }
    hex = bmalloc(DUET_HEX_ENCODED_SIZE(slen));
    if (duet_hex_encode(hex, DUET_HEX_ENCODED_SIZE(slen), stx, slen) != 0) {
        goto out;
    }
    if (snprintf(params, sizeof(params), "[\"0x%s\"]", hex)
        >= (int) sizeof(params))
    {
        goto out;
    }
    if (node_call(s->node, "eth_sendRawTransaction", params, res,
                  sizeof(res)) != 0)
    {
        *code = -32000;
        snprintf(err, errlen, "broadcast: %.200s", res);
        goto out;
    }
    *hash = strdup(res);
    r = *hash != NULL ? 0 : -1;
out:
    free(hex);
    json_object_put(tx);
    return r;
}


static const struct duet_proxy_signer  standin_signer = {
    signer_state.address, &signer_state, standin_send_transaction,
    standin_personal_sign, standin_sign_typed_data
};


static void
standin_init(void)
{
    secp256k1_pubkey  pk;
    uint8_t           ser[33], addr[20];
    size_t            n = sizeof(ser), i;

    signer_state.ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    for (i = 0; i < 32; i++) {
        signer_state.key[i] = (uint8_t) (0x11 + i);
    }
    if (signer_state.ctx == NULL
        || !secp256k1_ec_pubkey_create(signer_state.ctx, &pk,
                                       signer_state.key)
        || !secp256k1_ec_pubkey_serialize(signer_state.ctx, ser, &n, &pk,
                                          SECP256K1_EC_COMPRESSED)
        || duet_eth_address(addr, ser) != 0
        || duet_eth_address_checksum(signer_state.address, addr) != 0)
    {
        bail("stand-in signer key");
    }
    snprintf(signer_state.record, sizeof(signer_state.record),
             "%s/last-tx.json", tmpdir);
}


/* --- the proxy in a child ------------------------------------------------ */

static pid_t
proxy_start(const char *rpc_url, int *port)
{
    struct duet_proxy_config  cfg;
    char                      err[256], line[16];
    ssize_t                   n;
    pid_t                     pid;
    int                       fds[2];

    if (pipe(fds) != 0) {
        sysbail("pipe");
    }
    fflush(stdout);
    if ((pid = fork()) < 0) {
        sysbail("fork");
    }
    if (pid == 0) {
        close(fds[0]);
        memset(&cfg, 0, sizeof(cfg));
        cfg.listen = "127.0.0.1:0";
        cfg.rpc_url = rpc_url;
        cfg.timeout_s = 10;
        cfg.ready_fd = fds[1];
        if (duet_proxy_serve(&cfg, &standin_signer, err, sizeof(err)) != 0) {
            fprintf(stderr, "proxy: %s\n", err);
            _exit(1);
        }
        _exit(0);
    }
    close(fds[1]);
    n = read(fds[0], line, sizeof(line) - 1);
    close(fds[0]);
    if (n <= 0) {
        waitpid(pid, NULL, 0);
        return -1;
    }
    line[n] = '\0';
    *port = atoi(line);
    return pid;
}


/* SIGTERM; 1 when the child stopped cleanly (exit 0). */
static int
proxy_stop(pid_t pid)
{
    int  status;

    if (kill(pid, SIGTERM) != 0 || waitpid(pid, &status, 0) != pid) {
        return 0;
    }
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}


/* A port on which nothing listens (bound, then closed). */
static int
dead_port(void)
{
    struct sockaddr_in  sa;
    socklen_t           sl = sizeof(sa);
    int                 fd, port;

    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if ((fd = socket(AF_INET, SOCK_STREAM, 0)) < 0
        || bind(fd, (struct sockaddr *) &sa, sizeof(sa)) != 0
        || getsockname(fd, (struct sockaddr *) &sa, &sl) != 0)
    {
        sysbail("dead port");
    }
    port = ntohs(sa.sin_port);
    close(fd);
    return port;
}


/* --- tests --------------------------------------------------------------- */

static void
test_listen_refused(void)
{
    static const char *const  bad[] = {
        "0.0.0.0:0", "192.0.2.1:0", "[::]:0", "10.1.2.3:8545"
    };
    struct duet_proxy_config  cfg;
    char                      err[256];
    size_t                    i;

    memset(&cfg, 0, sizeof(cfg));
    cfg.rpc_url = "http://127.0.0.1:1";
    cfg.ready_fd = -1;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        cfg.listen = bad[i];
        err[0] = '\0';
        ok(duet_proxy_serve(&cfg, &standin_signer, err, sizeof(err)) == -1
           && strstr(err, "not loopback") != NULL,
           "listen on %s refused: %s", bad[i], err);
    }
    cfg.listen = "example.com:8545";
    ok(duet_proxy_serve(&cfg, &standin_signer, err, sizeof(err)) == -1,
       "a host name other than localhost refused: %s", err);
    cfg.listen = "127.0.0.1";
    ok(duet_proxy_serve(&cfg, &standin_signer, err, sizeof(err)) == -1
       && strstr(err, "HOST:PORT") != NULL, "no port refused: %s", err);
}


static void
test_without_node(void)
{
    struct json_object  *keep = NULL;
    struct answer       *a = bmalloc(sizeof(*a));
    char                 url[64], nodeurl[64], req[2048], raw[8192];
    char                 sig[160], *big;
    long                 st;
    pid_t                pid;
    int                  port;

    snprintf(nodeurl, sizeof(nodeurl), "http://127.0.0.1:%d", dead_port());
    if ((pid = proxy_start(nodeurl, &port)) < 0) {
        ok(0, "the proxy starts and reports its port");
        free(a);
        return;
    }
    ok(port > 0, "the proxy listens on 127.0.0.1:%d", port);
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/", port);

    st = post_str(url, "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":"
                  "\"eth_accounts\"}", a);
    snprintf(req, sizeof(req), "[\"%s\"]", signer_state.address);
    ok(st == 200 && strcmp(member(&keep, a->data, "result"), req) == 0
       && strcmp(member(&keep, a->data, "id"), "7") == 0,
       "eth_accounts: [the signer's address], id echoed: %s", a->data);
    st = post_str(url, "{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"method\":"
                  "\"eth_requestAccounts\",\"params\":[]}", a);
    ok(strcmp(member(&keep, a->data, "result"), req) == 0
       && strcmp(member(&keep, a->data, "id"), "\"x\"") == 0,
       "eth_requestAccounts too, string id echoed");

    st = post_str(url, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":", a);
    ok(st == 200 && error_code(a->data) == -32700
       && strcmp(member(&keep, a->data, "id"), "null") == 0,
       "malformed JSON: -32700, id null: %s", a->data);
    st = post_str(url, "{\"a\":1,\"a\":2}", a);
    ok(error_code(a->data) == -32700, "duplicate keys: -32700");
    st = post_str(url, "{\"jsonrpc\":\"2.0\",\"id\":1} , \"x\":1", a);
    ok(error_code(a->data) == -32700, "trailing members: -32700");
    st = post_str(url, "", a);
    ok(error_code(a->data) == -32700, "empty body: -32700");
    st = post_str(url, "{\"jsonrpc\":\"2.0\",\"id\":3}", a);
    ok(error_code(a->data) == -32600
       && strcmp(member(&keep, a->data, "id"), "3") == 0
       && strstr(a->data, "method") != NULL,
       "no method: -32600 naming it, id echoed: %s", a->data);
    st = post_str(url, "{\"jsonrpc\":\"1.0\",\"id\":3,\"method\":\"x\"}", a);
    ok(error_code(a->data) == -32600, "jsonrpc 1.0: -32600");
    st = post_str(url, "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"x\"}", a);
    ok(error_code(a->data) == -32600
       && strcmp(member(&keep, a->data, "id"), "null") == 0,
       "an object id: -32600, id null");
    st = post_str(url, "42", a);
    ok(error_code(a->data) == -32600, "a number: -32600");
    st = post_str(url, "[]", a);
    ok(error_code(a->data) == -32600, "an empty batch: -32600");

    st = post_str(url, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":"
                  "\"eth_blockNumber\",\"params\":[]}", a);
    ok(st == 200 && error_code(a->data) == -32603
       && strstr(a->data, "node unavailable") != NULL
       && strcmp(member(&keep, a->data, "id"), "2") == 0,
       "a forwarded method, node down: -32603 node unavailable: %s",
       a->data);

    st = post_str(url, "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":"
                  "\"eth_sign\",\"params\":[\"0x00\",\"0x00\"]}", a);
    ok(error_code(a->data) == -32601 && strstr(a->data, "eth_sign") != NULL,
       "eth_sign refused: -32601: %s", a->data);
    st = post_str(url, "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":"
                  "\"eth_signTransaction\",\"params\":[{}]}", a);
    ok(error_code(a->data) == -32601, "eth_signTransaction refused too");

    snprintf(req, sizeof(req), "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":"
             "\"eth_sendTransaction\",\"params\":[{\"from\":\"%s\","
             "\"to\":\"%s\",\"value\":\"0x1\"}]}", GANACHE_0, GANACHE_1);
    st = post_str(url, req, a);
    ok(error_code(a->data) == 4100 && strstr(a->data, "unauthorized") != NULL,
       "eth_sendTransaction from another address: 4100: %s", a->data);
    snprintf(req, sizeof(req), "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":"
             "\"eth_sendTransaction\",\"params\":[{\"to\":\"%s\","
             "\"blobs\":[]}]}", GANACHE_1);
    st = post_str(url, req, a);
    ok(error_code(a->data) == -32602 && strstr(a->data, "blobs") != NULL,
       "an unknown transaction field: -32602 naming it: %s", a->data);
    snprintf(req, sizeof(req), "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":"
             "\"personal_sign\",\"params\":[\"0x68656c6c6f\",\"%s\"]}",
             GANACHE_0);
    st = post_str(url, req, a);
    ok(error_code(a->data) == 4100, "personal_sign for another address:"
       " 4100");
    st = post_str(url, "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":"
                  "\"personal_sign\",\"params\":[\"hello\"]}", a);
    ok(error_code(a->data) == -32602, "personal_sign without an address:"
       " -32602");
    snprintf(req, sizeof(req), "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":"
             "\"personal_sign\",\"params\":[\"refuse me\",\"%s\"]}",
             signer_state.address);
    st = post_str(url, req, a);
    ok(error_code(a->data) == 4001 && strstr(a->data, "test refusal"),
       "the signer's refusal relayed (4001, its message): %s", a->data);
    snprintf(req, sizeof(req), "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":"
             "\"eth_signTypedData_v4\",\"params\":[\"%s\",{}]}", GANACHE_1);
    st = post_str(url, req, a);
    ok(error_code(a->data) == 4100, "typed data for another address: 4100");

    /* Deterministic (RFC 6979) signatures: both orders sign the same. */
    snprintf(req, sizeof(req), "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":"
             "\"personal_sign\",\"params\":[\"0x68656c6c6f\",\"%s\"]}",
             signer_state.address);
    st = post_str(url, req, a);
    snprintf(sig, sizeof(sig), "%s", member(&keep, a->data, "result"));
    snprintf(req, sizeof(req), "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":"
             "\"personal_sign\",\"params\":[\"%s\",\"0x68656c6c6f\"]}",
             signer_state.address);
    st = post_str(url, req, a);
    ok(strlen(sig) == 134 && strncmp(sig, "\"0x", 3) == 0
       && strcmp(sig, member(&keep, a->data, "result")) == 0,
       "personal_sign: [data, address] and [address, data] sign the same"
       " data: %s", sig);
    snprintf(req, sizeof(req), "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":"
             "\"eth_signTypedData_v4\",\"params\":[\"%s\",%s]}",
             signer_state.address, TYPED);
    st = post_str(url, req, a);
    snprintf(sig, sizeof(sig), "%s", member(&keep, a->data, "result"));
    ok(strlen(sig) == 134, "eth_signTypedData_v4 with an object: %s",
       a->data);
    snprintf(req, sizeof(req), "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":"
             "\"eth_signTypedData_v4\",\"params\":[\"%s\",\"%s\"]}",
             signer_state.address, TYPED_STR);
    st = post_str(url, req, a);
    ok(strcmp(sig, member(&keep, a->data, "result")) == 0,
       "and with the same typed data as a JSON string: the same signature");

    /* A batch: local, forwarded, invalid and a notification. */
    st = post_str(url, "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":"
                  "\"eth_accounts\"},{\"jsonrpc\":\"2.0\",\"method\":"
                  "\"eth_blockNumber\"},{\"jsonrpc\":\"2.0\",\"id\":\"b\","
                  "\"method\":\"eth_chainId\"},5]", a);
    json_object_put(keep);
    keep = json_tokener_parse(a->data);
    ok(st == 200 && keep != NULL
       && json_object_get_type(keep) == json_type_array
       && json_object_array_length(keep) == 3
       && strstr(a->data, signer_state.address) != NULL
       && count(a->data, "-32603") == 1 && count(a->data, "-32600") == 1
       && strstr(a->data, "\"id\":\"b\"") != NULL,
       "a batch: three answers for four requests (one notification): %s",
       a->data);
    st = post_str(url, "{\"jsonrpc\":\"2.0\",\"method\":\"eth_accounts\"}",
                  a);
    ok(st == 204 && a->len == 0, "a notification: 204, no body");
    st = post_str(url, "[{\"jsonrpc\":\"2.0\",\"method\":\"eth_chainId\"}]",
                  a);
    ok(st == 204 && a->len == 0, "a batch of notifications: 204");

    /* HTTP refusals. */
    snprintf(req, sizeof(req), "POST / HTTP/1.1\r\nHost: x\r\n"
             "Content-Type: application/json\r\n"
             "Content-Length: 2000000\r\n\r\n{");
    raw_exchange(port, req, strlen(req), raw, sizeof(raw));
    ok(strncmp(raw, "HTTP/1.1 413 ", 13) == 0, "a body over 1 MiB: 413");
    big = bmalloc(1048577 + 1);
    memset(big, ' ', 1048577);
    big[1048577] = '\0';
    memcpy(big, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_accounts\"}",
           48);
    st = post(url, big, 1048577, a);
    ok(st == 413, "and through curl (Expect: 100-continue): %ld", st);
    st = post(url, big, 1048576, a);
    ok(st == 200 && strstr(a->data, signer_state.address) != NULL,
       "exactly 1 MiB (trailing whitespace) is served");
    free(big);
    snprintf(req, sizeof(req), "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    raw_exchange(port, req, strlen(req), raw, sizeof(raw));
    ok(strncmp(raw, "HTTP/1.1 405 ", 13) == 0
       && strstr(raw, "Allow: POST") != NULL, "GET: 405, Allow: POST");
    snprintf(req, sizeof(req), "POST / HTTP/1.1\r\nHost: x\r\n"
             "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n");
    raw_exchange(port, req, strlen(req), raw, sizeof(raw));
    ok(strncmp(raw, "HTTP/1.1 411 ", 13) == 0, "a chunked body: 411");
    snprintf(req, sizeof(req), "POST / HTTP/1.1\r\nHost: x\r\n\r\n");
    raw_exchange(port, req, strlen(req), raw, sizeof(raw));
    ok(strncmp(raw, "HTTP/1.1 411 ", 13) == 0, "no Content-Length: 411");
    snprintf(req, sizeof(req), "garbage\r\n\r\n");
    raw_exchange(port, req, strlen(req), raw, sizeof(raw));
    ok(strncmp(raw, "HTTP/1.1 400 ", 13) == 0, "not HTTP: 400");

    /* Keep-alive: two requests in one write, one connection. */
    snprintf(req, sizeof(req),
             "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 48\r\n\r\n"
             "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_accounts\"}"
             "POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
             "Content-Length: 48\r\n\r\n"
             "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"eth_accounts\"}");
    raw_exchange(port, req, strlen(req), raw, sizeof(raw));
    ok(count(raw, "HTTP/1.1 200 OK") == 2
       && count(raw, "Content-Type: application/json") == 2
       && strstr(raw, "\"id\":1") != NULL && strstr(raw, "\"id\":2") != NULL,
       "keep-alive: two requests answered on one connection");

    ok(proxy_stop(pid), "SIGTERM: the proxy stops cleanly (exit 0)");
    ok(raw_exchange(port, "", 0, raw, sizeof(raw)) != 0,
       "and its socket is closed");
    json_object_put(keep);
    free(a);
}


/* --- with ganache -------------------------------------------------------- */
/* The value after "name " on its own line of text. */
static const char *
field(const char *text, const char *name, char *out, size_t size)
{
    const char  *p, *e;
    size_t       n = strlen(name);

    out[0] = '\0';
    for (p = text; p != NULL && *p != '\0'; p = strchr(p, '\n')) {
        if (*p == '\n') {
            p++;
        }
        if (strncmp(p, name, n) == 0 && p[n] == ' ') {
            p += n + 1;
            e = strchr(p, '\n');
            snprintf(out, size, "%.*s",
                     (int) (e != NULL ? (size_t) (e - p) : strlen(p)), p);
            break;
        }
    }
    return out;
}
static void
test_with_ganache(void)
{
    const char          *src = getenv("top_srcdir");
    struct json_object  *keep = NULL, *rec = NULL, *v;
    struct answer       *a;
    char                 url[64], req[2048], out[8192], res[256];
    char                 script[1024], hash[80], *argv[5];
    char                 why[256];
    long                 status;
    pid_t                pid;
    int                  port, nport;

    if (src == NULL || *src == '\0') {
        skip_block(1, "ganache: top_srcdir not set (run through make check)");
        return;
    }
    if (!ganache_available(src, why, sizeof(why))) {
        skip_block(1, "ganache: %s", why);
        return;
    }
    if ((nport = ganache_start(src, tmpdir)) < 0) {
        ok(0, "ganache-run starts and reports its port");
        ganache_stop();
        return;
    }
    a = bmalloc(sizeof(*a));
    snprintf(signer_state.node, sizeof(signer_state.node),
             "http://127.0.0.1:%d", nport);
    /* Fund the stand-in from ganache's unlocked account 0. */
    snprintf(req, sizeof(req), "[{\"from\":\"%s\",\"to\":\"%s\","
             "\"value\":\"0xde0b6b3a7640000\"}]", GANACHE_0,
             signer_state.address);
    ok(node_call(signer_state.node, "eth_sendTransaction", req, res,
                 sizeof(res)) == 0,
       "ganache on port %d; the stand-in signer %s funded", nport,
       signer_state.address);

    if ((pid = proxy_start(signer_state.node, &port)) < 0) {
        ok(0, "the proxy starts");
        goto out;
    }
    snprintf(url, sizeof(url), "http://127.0.0.1:%d", port);

    status = post_str(url, "{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":"
                      "\"web3_clientVersion\",\"params\":[]}", a);
    ok(status == 200 && strstr(a->data, "Ganache") != NULL
       && strcmp(member(&keep, a->data, "id"), "11") == 0,
       "web3_clientVersion forwarded: %s", a->data);
    status = post_str(url, "{\"jsonrpc\":\"2.0\",\"id\":\"q\",\"method\":"
                      "\"duet_noSuchMethod\",\"params\":[]}", a);
    ok(status == 200 && error_code(a->data) != 0
       && strcmp(member(&keep, a->data, "id"), "\"q\"") == 0,
       "an unknown method forwarded, the node's error relayed: %s",
       a->data);
    snprintf(req, sizeof(req), "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":"
             "\"eth_chainId\"},{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":"
             "\"eth_getBalance\",\"params\":[\"%s\",\"latest\"]},"
             "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"eth_accounts\"}]",
             signer_state.address);
    status = post_str(url, req, a);
    ok(status == 200 && strstr(a->data, "\"result\":\"0x539\"") != NULL
       && strstr(a->data, "\"result\":\"0xde0b6b3a7640000\"") != NULL
       && strstr(a->data, signer_state.address) != NULL
       && strstr(a->data, GANACHE_0) == NULL,
       "a batch: chain id and balance from the node, the signer's"
       " accounts: %s", a->data);

    /* eth_sendTransaction in ethers' shape: gas, from, hex type. */
    snprintf(req, sizeof(req), "{\"jsonrpc\":\"2.0\",\"id\":20,\"method\":"
             "\"eth_sendTransaction\",\"params\":[{\"from\":\"%s\","
             "\"to\":\"%s\",\"value\":\"0x64\",\"gas\":\"0x5208\","
             "\"type\":\"0x2\",\"nonce\":null}]}", signer_state.address,
             GANACHE_1);
    status = post_str(url, req, a);
    snprintf(hash, sizeof(hash), "%s", member(&keep, a->data, "result"));
    ok(status == 200 && strlen(hash) == 68,
       "eth_sendTransaction: a transaction hash: %s", a->data);
    rec = json_object_from_file(signer_state.record);
    ok(rec != NULL && json_object_object_get_ex(rec, "gasLimit", &v)
       && strcmp(json_object_get_string(v), "0x5208") == 0
       && !json_object_object_get_ex(rec, "gas", NULL)
       && !json_object_object_get_ex(rec, "from", NULL)
       && !json_object_object_get_ex(rec, "nonce", NULL)
       && json_object_object_get_ex(rec, "type", &v)
       && json_object_get_type(v) == json_type_int
       && json_object_get_int(v) == 2,
       "the signer got duet's JSON: gasLimit, no gas/from/null nonce,"
       " type 2: %s", rec != NULL ? json_object_to_json_string(rec) : "-");
    json_object_put(rec);
    hash[67] = '\0';
    snprintf(req, sizeof(req), "[\"%s\"]", hash + 1);
    ok(node_call(signer_state.node, "eth_getTransactionReceipt", req, out,
                 sizeof(out)) == 0 && strstr(out, "\"status\": \"0x1\"")
       != NULL, "mined by ganache with status 1");
    snprintf(req, sizeof(req), "{\"jsonrpc\":\"2.0\",\"id\":21,\"method\":"
             "\"eth_sendTransaction\",\"params\":[{\"to\":\"%s\","
             "\"value\":\"0x3e7\"}]}", GANACHE_1);
    status = post_str(url, req, a);
    ok(error_code(a->data) == 4001 && strstr(a->data, "refused by policy"),
       "a refusal: 4001 with the reason: %s", a->data);

    /* An ordinary ethers.js program. */
    snprintf(script, sizeof(script), "%s/tests/chain/proxy-client.mjs",
             src);
    argv[0] = (char *) "node";
    argv[1] = script;
    argv[2] = url;
    argv[3] = (char *) GANACHE_1;
    argv[4] = NULL;
    ok(chain_run(argv, out, sizeof(out)) == 0,
       "ethers: proxy-client.mjs runs to the end%s%s",
       *field(out, "error", res, sizeof(res)) != '\0' ? ": " : "", res);
    is_str(signer_state.address, field(out, "address", res, sizeof(res)),
           "ethers: getSigner() is the duet signer");
    ok(*field(out, "balance", res, sizeof(res)) != '\0'
       && strcmp(res, "0") != 0, "ethers: getBalance forwarded (%s)", res);
    ok(atoi(field(out, "block", res, sizeof(res))) >= 2,
       "ethers: getBlockNumber forwarded (%s)", res);
    is_str("1", field(out, "status", res, sizeof(res)),
           "ethers: sendTransaction mined with status 1");
    is_str(signer_state.address, field(out, "from", res, sizeof(res)),
           "ethers: the receipt's from is the signer");
    is_str(signer_state.address,
           field(out, "message-signer", res, sizeof(res)),
           "ethers: verifyMessage(signMessage) is the signer");
    is_str(signer_state.address,
           field(out, "typed-signer", res, sizeof(res)),
           "ethers: verifyTypedData(signTypedData) is the signer");
    if (tap_tests_failed() > 0) {
        diag("proxy-client.mjs said:\n%s", out);
    }
    ok(proxy_stop(pid), "SIGTERM: the proxy stops cleanly");
out:
    json_object_put(keep);
    free(a);
    ganache_stop();
}


int
main(int argc, char **argv)
{
    tap_init(argc, argv);
    plan_lazy();
    tmpdir = test_tmpdir();
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        bail("curl_global_init");
    }
    signal(SIGPIPE, SIG_IGN);
    standin_init();

    test_listen_refused();
    test_without_node();
    test_with_ganache();

    secp256k1_context_destroy(signer_state.ctx);
    curl_global_cleanup();
    unlink(signer_state.record);
    test_tmpdir_free(tmpdir);
    return 0;
}
