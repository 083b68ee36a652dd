/*
 * proxy.c -- see proxy.h.
 *
 * One process, one thread: poll(2) over a self-pipe (signals), the
 * listening socket and up to DUET_PROXY_CONNS keep-alive connections;
 * each complete request is answered before the next is read, so a slow
 * node or signer stalls every client (a local wallet endpoint has one
 * user).  Nothing that passes through here is secret: requests,
 * transactions, signatures and the node's answers are all public.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <curl/curl.h>
#include <json-c/json.h>

#include "duet.h"
#include "duet_eth.h"
#include "proxy.h"

/* Request bodies: JSON-RPC requests, batches included. */
#define DUET_PROXY_BODY_MAX      (1024 * 1024)
/* Request line and headers. */
#define DUET_PROXY_HEAD_MAX      16384
#define DUET_PROXY_CONNS         32
/* An idle keep-alive connection is closed after this long. */
#define DUET_PROXY_IDLE_S        120
/* A client that does not read its answer for this long is dropped. */
#define DUET_PROXY_WRITE_MS      10000
/* The node's answers: eth_getLogs can be large. */
#define DUET_PROXY_NODE_MAX      (64 * 1024 * 1024)
#define DUET_PROXY_TIMEOUT_S     30
#define DUET_PROXY_BATCH_MAX     1000
#define DUET_PROXY_ERR_MAX       512

/* JSON-RPC error codes (2.0 and EIP-1193). */
#define DUET_PROXY_PARSE_ERROR       -32700
#define DUET_PROXY_INVALID_REQUEST   -32600
#define DUET_PROXY_METHOD_NOT_FOUND  -32601
#define DUET_PROXY_INVALID_PARAMS    -32602
#define DUET_PROXY_INTERNAL_ERROR    -32603
#define DUET_PROXY_UNAUTHORIZED      4100


struct duet_proxy_buf {
    char    *data;
    size_t   len;
    size_t   cap;
    size_t   max;
    int      overflow;
    int      nomem;
};

struct duet_proxy_conn {
    int      fd;
    char    *buf;
    size_t   len;
    time_t   last;
    int      continued;   /* "100 Continue" sent for the current request */
};

struct duet_proxy {
    const struct duet_proxy_config  *cfg;
    const struct duet_proxy_signer  *signer;
    uint8_t                          addr[DUET_ETH_ADDRESS_BYTES];
    CURL                            *curl;
    struct duet_proxy_conn           conns[DUET_PROXY_CONNS];
};

/* One HTTP request head, as far as the proxy needs it. */
struct duet_proxy_req {
    int      post;
    int      has_length;
    int      keep_alive;
    int      expect_continue;
    size_t   head_len;
    size_t   body_len;
};


/* Written by the signal handler, read by the poll loop. */
static int  duet_proxy_sigfd[2] = { -1, -1 };


static int
duet_proxy_fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list  ap;

    if (err != NULL && errlen > 0) {
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return -1;
}


static void
duet_proxy_on_signal(int sig)
{
    int   saved = errno;
    char  c = (char) sig;

    /* A full pipe already holds a wake-up: losing this byte is fine. */
    (void) !write(duet_proxy_sigfd[1], &c, 1);
    errno = saved;
}


/* --- growing buffers ----------------------------------------------------- */

static int
duet_proxy_buf_add(struct duet_proxy_buf *b, const char *p, size_t n)
{
    size_t   cap;
    char    *d;

    if (b->overflow || b->nomem) {
        return -1;
    }
    if (n > b->max - b->len) {
        b->overflow = 1;
        return -1;
    }
    if (b->len + n + 1 > b->cap) {
        cap = b->cap != 0 ? b->cap : 4096;
        while (cap < b->len + n + 1) {
            cap *= 2;
        }
        if ((d = realloc(b->data, cap)) == NULL) {
            b->nomem = 1;
            return -1;
        }
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}


static int
duet_proxy_buf_str(struct duet_proxy_buf *b, const char *s)
{
    return duet_proxy_buf_add(b, s, strlen(s));
}


static void
duet_proxy_buf_free(struct duet_proxy_buf *b)
{
    free(b->data);
    memset(b, 0, sizeof(*b));
}


/* --- JSON-RPC answers ---------------------------------------------------- */

/* Append {"jsonrpc":"2.0","id":ID,...} with result or error; takes result. */
static int
duet_proxy_answer(struct duet_proxy_buf *out, struct json_object *id,
    struct json_object *result, int code, const char *message)
{
    struct json_object  *ans, *e;
    const char          *text;
    int                  r = -1;

    if ((ans = json_object_new_object()) == NULL) {
        json_object_put(result);
        return -1;
    }
    json_object_object_add(ans, "jsonrpc", json_object_new_string("2.0"));
    json_object_object_add(ans, "id", json_object_get(id));
    if (result != NULL) {
        json_object_object_add(ans, "result", result);
    } else {
        if ((e = json_object_new_object()) == NULL) {
            goto out;
        }
        json_object_object_add(e, "code", json_object_new_int(code));
        json_object_object_add(e, "message",
                               json_object_new_string(message));
        json_object_object_add(ans, "error", e);
    }
    text = json_object_to_json_string_ext(ans, JSON_C_TO_STRING_PLAIN
                                          | JSON_C_TO_STRING_NOSLASHESCAPE);
    if (text == NULL || duet_proxy_buf_str(out, text) != 0) {
        goto out;
    }
    r = 0;
out:
    json_object_put(ans);
    return r;
}


static int
duet_proxy_error(struct duet_proxy_buf *out, struct json_object *id,
    int code, const char *fmt, ...)
{
    char     msg[DUET_PROXY_ERR_MAX];
    va_list  ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    return duet_proxy_answer(out, id, NULL, code, msg);
}


/* --- forwarding ---------------------------------------------------------- */

static size_t
duet_proxy_curl_write(char *p, size_t size, size_t n, void *arg)
{
    struct duet_proxy_buf  *b = arg;

    if (duet_proxy_buf_add(b, p, size * n) != 0) {
        return 0;
    }
    return size * n;
}


/* The text without surrounding JSON whitespace. */
static void
duet_proxy_trim(const char **p, size_t *n)
{
    while (*n > 0 && strchr(" \t\r\n", (*p)[0]) != NULL) {
        (*p)++;
        (*n)--;
    }
    while (*n > 0 && strchr(" \t\r\n", (*p)[*n - 1]) != NULL) {
        (*n)--;
    }
}


/*
 * POST one request object to the node; its answer (an object) is appended
 * to out as is, unless the request was a notification.
 */
static int
duet_proxy_forward(struct duet_proxy *px, struct json_object *id,
    int notification, const char *text, size_t len,
    struct duet_proxy_buf *out)
{
    struct duet_proxy_buf   body;
    struct curl_slist      *hdr = NULL, *h;
    CURLcode                cc;
    const char             *p;
    size_t                  n, mark = out->len;
    long                    status = 0;
    int                     r = -1;

    memset(&body, 0, sizeof(body));
    body.max = DUET_PROXY_NODE_MAX;
    if ((h = curl_slist_append(hdr, "Content-Type: application/json"))
        == NULL)
    {
        goto out;
    }
    hdr = h;
    if ((h = curl_slist_append(hdr, "Expect:")) == NULL) {
        goto out;
    }
    hdr = h;
    curl_easy_setopt(px->curl, CURLOPT_HTTPHEADER, hdr);
    curl_easy_setopt(px->curl, CURLOPT_POSTFIELDS, text);
    curl_easy_setopt(px->curl, CURLOPT_POSTFIELDSIZE_LARGE,
                     (curl_off_t) len);
    curl_easy_setopt(px->curl, CURLOPT_WRITEFUNCTION, duet_proxy_curl_write);
    curl_easy_setopt(px->curl, CURLOPT_WRITEDATA, &body);
    cc = curl_easy_perform(px->curl);
    curl_easy_setopt(px->curl, CURLOPT_HTTPHEADER, NULL);
    if (cc != CURLE_OK) {
        if (body.overflow) {
            r = duet_proxy_error(out, id, DUET_PROXY_INTERNAL_ERROR,
                                 "node unavailable: its answer is over"
                                 " %d MiB", DUET_PROXY_NODE_MAX >> 20);
        } else {
            r = duet_proxy_error(out, id, DUET_PROXY_INTERNAL_ERROR,
                                 "node unavailable: %s",
                                 curl_easy_strerror(cc));
        }
        goto out;
    }
    if (body.nomem) {
        goto out;
    }
    curl_easy_getinfo(px->curl, CURLINFO_RESPONSE_CODE, &status);
    p = body.data != NULL ? body.data : "";
    n = body.len;
    duet_proxy_trim(&p, &n);
    /* Nodes answer JSON-RPC errors with 4xx/5xx too: an object is relayed. */
    if (n < 2 || p[0] != '{' || p[n - 1] != '}') {
        r = duet_proxy_error(out, id, DUET_PROXY_INTERNAL_ERROR,
                             "node unavailable: HTTP %ld without a"
                             " JSON-RPC answer", status);
        goto out;
    }
    r = notification ? 0 : duet_proxy_buf_add(out, p, n);
out:
    if (notification) {
        /* A notification gets no answer, not even an error. */
        out->len = mark;
    }
    curl_slist_free_all(hdr);
    duet_proxy_buf_free(&body);
    return r;
}


/* --- the signing methods ------------------------------------------------- */

/*
 * Is v an address string, and is it the signer's?  Returns 1 (the
 * signer's), 0 (another address), -1 (not an address).
 */
static int
duet_proxy_is_signer(struct duet_proxy *px, struct json_object *v)
{
    uint8_t      a[DUET_ETH_ADDRESS_BYTES];
    const char  *s;

    if (v == NULL || json_object_get_type(v) != json_type_string) {
        return -1;
    }
    s = json_object_get_string(v);
    if (duet_eth_address_parse(a, s, strlen(s)) != 0) {
        return -1;
    }
    return memcmp(a, px->addr, sizeof(a)) == 0;
}


static int
duet_proxy_unauthorized(struct duet_proxy *px, struct json_object *id,
    struct json_object *v, struct duet_proxy_buf *out)
{
    return duet_proxy_error(out, id, DUET_PROXY_UNAUTHORIZED,
                            "unauthorized: %.64s is not this signer's"
                            " address (%s)", json_object_get_string(v),
                            px->signer->address);
}


/* Hand the signer's answer (or its refusal) back to the client. */
static int
duet_proxy_signed(struct duet_proxy_buf *out, struct json_object *id,
    int rc, char *ans, int code, const char *err)
{
    struct json_object  *res;
    int                  r;

    if (rc != 0 || ans == NULL) {
        free(ans);
        return duet_proxy_error(out, id,
                                code != 0 ? code : DUET_PROXY_INTERNAL_ERROR,
                                "%s", err[0] != '\0' ? err
                                : "the signer failed");
    }
    res = json_object_new_string(ans);
    free(ans);
    if (res == NULL) {
        return -1;
    }
    r = duet_proxy_answer(out, id, res, 0, NULL);
    return r;
}


/*
 * ethers / viem field names (0x quantities) to duet's transaction JSON
 * (docs/api-flows.md): `gas` becomes `gasLimit`, `input` is `data`, `from`
 * is checked and dropped, `type` becomes a number, nulls are left out so
 * that duetd fills them.  Returns 0, or -1 with msg (and *code).
 */
static int
duet_proxy_tx_translate(struct duet_proxy *px, struct json_object *in,
    struct json_object **txp, int *code, char *msg, size_t msglen)
{
    static const struct {
        const char  *from;
        const char  *to;
    } map[] = {
        { "to", "to" }, { "value", "value" }, { "data", "data" },
        { "input", "data" }, { "gas", "gasLimit" },
        { "gasLimit", "gasLimit" }, { "gasPrice", "gasPrice" },
        { "maxFeePerGas", "maxFeePerGas" },
        { "maxPriorityFeePerGas", "maxPriorityFeePerGas" },
        { "nonce", "nonce" }, { "chainId", "chainId" },
        { "accessList", "accessList" },
    };
    struct json_object  *tx, *old;
    const char          *s;
    char                *end;
    unsigned long        t;
    size_t               i;
    int                  r = -1, is;

    *txp = NULL;
    *code = DUET_PROXY_INVALID_PARAMS;
    if ((tx = json_object_new_object()) == NULL) {
        *code = DUET_PROXY_INTERNAL_ERROR;
        return duet_proxy_fail(msg, msglen, "out of memory");
    }
    json_object_object_foreach(in, key, val) {
        if (strcmp(key, "from") == 0) {
            if (val == NULL) {
                continue;
            }
            if ((is = duet_proxy_is_signer(px, val)) < 0) {
                duet_proxy_fail(msg, msglen, "eth_sendTransaction: `from`"
                                " is not an address");
                goto out;
            }
            if (is == 0) {
                *code = DUET_PROXY_UNAUTHORIZED;
                duet_proxy_fail(msg, msglen, "unauthorized: %.64s is not"
                                " this signer's address (%s)",
                                json_object_get_string(val),
                                px->signer->address);
                goto out;
            }
            continue;
        }
        if (strcmp(key, "type") == 0) {
            if (val == NULL) {
                continue;
            }
            errno = 0;
            t = ULONG_MAX;
            if (json_object_get_type(val) == json_type_int
                && json_object_get_int64(val) >= 0)
            {
                t = (unsigned long) json_object_get_int64(val);
            } else if (json_object_get_type(val) == json_type_string) {
                s = json_object_get_string(val);
                if (strncmp(s, "0x", 2) == 0 && s[2] != '\0'
                    && strchr("+- ", s[2]) == NULL)
                {
                    t = strtoul(s + 2, &end, 16);
                    if (*end != '\0' || errno != 0) {
                        t = ULONG_MAX;
                    }
                }
            }
            if (t > 0x7f) {
                duet_proxy_fail(msg, msglen, "eth_sendTransaction: `type`"
                                " must be a quantity (\"0x2\")");
                goto out;
            }
            json_object_object_add(tx, "type",
                                   json_object_new_int((int) t));
            continue;
        }
        for (i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
            if (strcmp(key, map[i].from) == 0) {
                break;
            }
        }
        if (i == sizeof(map) / sizeof(map[0])) {
            duet_proxy_fail(msg, msglen, "eth_sendTransaction: field"
                            " \"%.64s\" is not supported", key);
            goto out;
        }
        if (val == NULL) {
            continue;
        }
        if (json_object_object_get_ex(tx, map[i].to, &old)) {
            if (strcmp(json_object_to_json_string(old),
                       json_object_to_json_string(val)) != 0)
            {
                duet_proxy_fail(msg, msglen, "eth_sendTransaction: \"%s\""
                                " and \"%s\" disagree", map[i].from,
                                map[i].to);
                goto out;
            }
            continue;
        }
        json_object_object_add(tx, map[i].to, json_object_get(val));
    }
    *txp = tx;
    tx = NULL;
    r = 0;
out:
    json_object_put(tx);
    return r;
}


static int
duet_proxy_send_transaction(struct duet_proxy *px, struct json_object *id,
    struct json_object *params, struct duet_proxy_buf *out)
{
    struct json_object  *p0, *tx = NULL;
    const char          *text;
    char                 msg[DUET_PROXY_ERR_MAX] = "", *hash = NULL;
    int                  code = 0, rc, r;

    if (params == NULL || json_object_get_type(params) != json_type_array
        || json_object_array_length(params) < 1
        || (p0 = json_object_array_get_idx(params, 0)) == NULL
        || json_object_get_type(p0) != json_type_object)
    {
        return duet_proxy_error(out, id, DUET_PROXY_INVALID_PARAMS,
                                "eth_sendTransaction: params must be"
                                " [transaction object]");
    }
    if (duet_proxy_tx_translate(px, p0, &tx, &code, msg, sizeof(msg)) != 0) {
        return duet_proxy_error(out, id, code, "%s", msg);
    }
    text = json_object_to_json_string_ext(tx, JSON_C_TO_STRING_PLAIN
                                          | JSON_C_TO_STRING_NOSLASHESCAPE);
    if (text == NULL) {
        json_object_put(tx);
        return -1;
    }
    code = 0;
    rc = px->signer->send_transaction(px->signer->arg, text, &hash, &code,
                                      msg, sizeof(msg));
    r = duet_proxy_signed(out, id, rc, hash, code, msg);
    json_object_put(tx);
    return r;
}


static int
duet_proxy_personal_sign(struct duet_proxy *px, struct json_object *id,
    struct json_object *params, struct duet_proxy_buf *out)
{
    struct json_object  *p0, *p1, *data;
    char                 msg[DUET_PROXY_ERR_MAX] = "", *sig = NULL;
    int                  code = 0, rc, a0, a1;
    size_t               n;

    n = params != NULL && json_object_get_type(params) == json_type_array
        ? json_object_array_length(params) : 0;
    if (n < 2 || n > 3) {
        return duet_proxy_error(out, id, DUET_PROXY_INVALID_PARAMS,
                                "personal_sign: params must be [data,"
                                " address]");
    }
    p0 = json_object_array_get_idx(params, 0);
    p1 = json_object_array_get_idx(params, 1);
    a0 = duet_proxy_is_signer(px, p0);
    a1 = duet_proxy_is_signer(px, p1);
    /* [data, address] is the standard; some tools send [address, data]. */
    if (a1 == 1) {
        data = p0;
    } else if (a0 == 1) {
        data = p1;
    } else if (a1 == 0) {
        return duet_proxy_unauthorized(px, id, p1, out);
    } else if (a0 == 0) {
        return duet_proxy_unauthorized(px, id, p0, out);
    } else {
        return duet_proxy_error(out, id, DUET_PROXY_INVALID_PARAMS,
                                "personal_sign: neither parameter is an"
                                " address");
    }
    if (data == NULL || json_object_get_type(data) != json_type_string) {
        return duet_proxy_error(out, id, DUET_PROXY_INVALID_PARAMS,
                                "personal_sign: data must be a string");
    }
    rc = px->signer->personal_sign(px->signer->arg,
                                   json_object_get_string(data), &sig,
                                   &code, msg, sizeof(msg));
    return duet_proxy_signed(out, id, rc, sig, code, msg);
}


static int
duet_proxy_sign_typed_data(struct duet_proxy *px, struct json_object *id,
    struct json_object *params, struct duet_proxy_buf *out)
{
    struct json_object  *p0, *p1;
    const char          *text;
    char                 msg[DUET_PROXY_ERR_MAX] = "", *sig = NULL;
    int                  code = 0, rc, is;

    if (params == NULL || json_object_get_type(params) != json_type_array
        || json_object_array_length(params) != 2)
    {
        return duet_proxy_error(out, id, DUET_PROXY_INVALID_PARAMS,
                                "eth_signTypedData_v4: params must be"
                                " [address, typed data]");
    }
    p0 = json_object_array_get_idx(params, 0);
    p1 = json_object_array_get_idx(params, 1);
    if ((is = duet_proxy_is_signer(px, p0)) < 0) {
        return duet_proxy_error(out, id, DUET_PROXY_INVALID_PARAMS,
                                "eth_signTypedData_v4: the first parameter"
                                " must be the signer's address");
    }
    if (is == 0) {
        return duet_proxy_unauthorized(px, id, p0, out);
    }
    if (p1 != NULL && json_object_get_type(p1) == json_type_string) {
        text = json_object_get_string(p1);
    } else if (p1 != NULL && json_object_get_type(p1) == json_type_object) {
        text = json_object_to_json_string_ext(p1, JSON_C_TO_STRING_PLAIN
                                            | JSON_C_TO_STRING_NOSLASHESCAPE);
        if (text == NULL) {
            return -1;
        }
    } else {
        return duet_proxy_error(out, id, DUET_PROXY_INVALID_PARAMS,
                                "eth_signTypedData_v4: the typed data must"
                                " be an object or a JSON string");
    }
    rc = px->signer->sign_typed_data(px->signer->arg, text, &sig, &code,
                                     msg, sizeof(msg));
    return duet_proxy_signed(out, id, rc, sig, code, msg);
}


/* --- requests ------------------------------------------------------------ */

/*
 * Methods a node would answer with its own keys (ganache and geth --dev
 * unlock accounts), or that sign raw digests: never forwarded.
 */
static const char *const duet_proxy_refused[] = {
    "eth_sign", "eth_signTransaction", "eth_signTypedData",
    "eth_signTypedData_v1", "eth_signTypedData_v3",
    "personal_sendTransaction", "personal_signTransaction",
    "personal_unlockAccount", "personal_importRawKey",
};


/*
 * Answer one request object (appending to out, or nothing for a
 * notification).  raw is its exact text when it came alone, else NULL.
 * Returns -1 only when out of memory.
 */
static int
duet_proxy_one(struct duet_proxy *px, struct json_object *req,
    const char *raw, size_t rawlen, struct duet_proxy_buf *out)
{
    struct json_object  *id = NULL, *v, *method, *params = NULL, *res;
    const char          *m;
    json_type            t;
    size_t               i;
    int                  has_id, note;

    if (json_object_get_type(req) != json_type_object) {
        return duet_proxy_error(out, NULL, DUET_PROXY_INVALID_REQUEST,
                                "invalid request: not a JSON object");
    }
    has_id = json_object_object_get_ex(req, "id", &id);
    if (has_id && id != NULL) {
        t = json_object_get_type(id);
        if (t != json_type_string && t != json_type_int
            && t != json_type_double)
        {
            return duet_proxy_error(out, NULL, DUET_PROXY_INVALID_REQUEST,
                                    "invalid request: id must be a"
                                    " string, a number or null");
        }
    }
    if (!json_object_object_get_ex(req, "jsonrpc", &v) || v == NULL
        || json_object_get_type(v) != json_type_string
        || strcmp(json_object_get_string(v), "2.0") != 0)
    {
        return duet_proxy_error(out, id, DUET_PROXY_INVALID_REQUEST,
                                "invalid request: \"jsonrpc\" must be"
                                " \"2.0\"");
    }
    if (!json_object_object_get_ex(req, "method", &method) || method == NULL
        || json_object_get_type(method) != json_type_string)
    {
        return duet_proxy_error(out, id, DUET_PROXY_INVALID_REQUEST,
                                "invalid request: \"method\" must be a"
                                " string");
    }
    if (json_object_object_get_ex(req, "params", &params) && params != NULL
        && json_object_get_type(params) != json_type_array
        && json_object_get_type(params) != json_type_object)
    {
        return duet_proxy_error(out, id, DUET_PROXY_INVALID_REQUEST,
                                "invalid request: \"params\" must be an"
                                " array or an object");
    }
    m = json_object_get_string(method);
    note = !has_id;

    for (i = 0; i < sizeof(duet_proxy_refused) / sizeof(char *); i++) {
        if (strcmp(m, duet_proxy_refused[i]) == 0) {
            return note ? 0
                   : duet_proxy_error(out, id, DUET_PROXY_METHOD_NOT_FOUND,
                                      "%s is not supported by duet: use"
                                      " personal_sign,"
                                      " eth_signTypedData_v4 or"
                                      " eth_sendTransaction", m);
        }
    }
    if (strcmp(m, "eth_accounts") == 0
        || strcmp(m, "eth_requestAccounts") == 0)
    {
        if (note) {
            return 0;
        }
        if ((res = json_object_new_array()) == NULL) {
            return -1;
        }
        json_object_array_add(res,
                              json_object_new_string(px->signer->address));
        return duet_proxy_answer(out, id, res, 0, NULL);
    }
    /*
     * A notification that would sign is not run: its outcome (a hash, a
     * refusal) could never reach the caller.
     */
    if (strcmp(m, "eth_sendTransaction") == 0) {
        return note ? 0 : duet_proxy_send_transaction(px, id, params, out);
    }
    if (strcmp(m, "personal_sign") == 0) {
        return note ? 0 : duet_proxy_personal_sign(px, id, params, out);
    }
    if (strcmp(m, "eth_signTypedData_v4") == 0) {
        return note ? 0 : duet_proxy_sign_typed_data(px, id, params, out);
    }
    if (raw == NULL) {
        raw = json_object_to_json_string_ext(req, JSON_C_TO_STRING_PLAIN
                                             | JSON_C_TO_STRING_NOSLASHESCAPE);
        if (raw == NULL) {
            return -1;
        }
        rawlen = strlen(raw);
    }
    return duet_proxy_forward(px, id, note, raw, rawlen, out);
}


static const char *
duet_proxy_json_reason(int rc)
{
    switch (rc) {
    case DUET_ERR_TRUNCATED:
        return "the JSON text ends early";
    case DUET_ERR_LIMIT_EXCEEDED:
        return "the JSON is too large or nested too deeply";
    case DUET_ERR_NO_MEMORY:
        return "out of memory";
    default:
        return "not valid JSON (RFC 8259, no duplicate keys)";
    }
}


/*
 * Answer a request body: one request or a batch.  out stays empty when
 * nothing is to be answered (notifications only).  Returns -1 only when
 * out of memory.
 */
static int
duet_proxy_rpc(struct duet_proxy *px, const char *body, size_t len,
    struct duet_proxy_buf *out)
{
    struct duet_proxy_buf   wrap, part;
    struct json_tokener    *tok = NULL;
    struct json_object     *root = NULL, *v;
    size_t                  i, n, answered = 0;
    int                     rc, r = -1;

    memset(&wrap, 0, sizeof(wrap));
    memset(&part, 0, sizeof(part));
    wrap.max = DUET_PROXY_BODY_MAX + 16;
    part.max = SIZE_MAX / 2;
    /*
     * duet_eth_json_check takes objects only: the body is checked as the
     * value of a one-member object, and the parsed object must have just
     * that member (a body such as `1, "x": 2` would otherwise pass).  The
     * wrapper's 6 bytes count against the check's 1 MiB: surrounding
     * whitespace is dropped first, so only a body of over 1 MiB - 6 bytes
     * of JSON proper is refused (-32700, too large).
     */
    duet_proxy_trim(&body, &len);
    if (duet_proxy_buf_str(&wrap, "{\"r\":") != 0
        || duet_proxy_buf_add(&wrap, body, len) != 0
        || duet_proxy_buf_str(&wrap, "}") != 0)
    {
        goto out;
    }
    rc = duet_eth_json_check(wrap.data, wrap.len);
    if (rc == DUET_ERR_NO_MEMORY) {
        goto out;
    }
    if (rc == 0) {
        if ((tok = json_tokener_new_ex(DUET_ETH_JSON_MAX_DEPTH + 1))
            == NULL)
        {
            goto out;
        }
        root = json_tokener_parse_ex(tok, wrap.data, (int) wrap.len);
        if (json_tokener_get_error(tok) != json_tokener_success
            || root == NULL || json_object_object_length(root) != 1
            || !json_object_object_get_ex(root, "r", &v))
        {
            rc = DUET_ERR_BAD_ENCODING;
        }
    }
    if (rc != 0) {
        r = duet_proxy_error(out, NULL, DUET_PROXY_PARSE_ERROR,
                             "parse error: %s", duet_proxy_json_reason(rc));
        goto out;
    }
    if (v == NULL || json_object_get_type(v) != json_type_array) {
        r = duet_proxy_one(px, v, body, len, out);
        goto out;
    }
    n = json_object_array_length(v);
    if (n == 0 || n > DUET_PROXY_BATCH_MAX) {
        r = duet_proxy_error(out, NULL, DUET_PROXY_INVALID_REQUEST,
                             "invalid request: a batch holds 1 to %d"
                             " requests", DUET_PROXY_BATCH_MAX);
        goto out;
    }
    for (i = 0; i < n; i++) {
        part.len = 0;
        if (duet_proxy_one(px, json_object_array_get_idx(v, i), NULL, 0,
                           &part) != 0)
        {
            goto out;
        }
        if (part.len == 0) {
            continue;
        }
        if (duet_proxy_buf_str(out, answered++ == 0 ? "[" : ",") != 0
            || duet_proxy_buf_add(out, part.data, part.len) != 0)
        {
            goto out;
        }
    }
    if (answered > 0 && duet_proxy_buf_str(out, "]") != 0) {
        goto out;
    }
    r = 0;
out:
    json_object_put(root);
    if (tok != NULL) {
        json_tokener_free(tok);
    }
    duet_proxy_buf_free(&wrap);
    duet_proxy_buf_free(&part);
    return r;
}


/* --- HTTP ---------------------------------------------------------------- */

static int
duet_proxy_token_has(const char *v, size_t n, const char *token)
{
    size_t   tl = strlen(token), i = 0, s;

    while (i < n) {
        while (i < n && (v[i] == ' ' || v[i] == '\t' || v[i] == ',')) {
            i++;
        }
        s = i;
        while (i < n && v[i] != ',' && v[i] != ' ' && v[i] != '\t') {
            i++;
        }
        if (i - s == tl && strncasecmp(v + s, token, tl) == 0) {
            return 1;
        }
    }
    return 0;
}


/*
 * Parse a request head.  Returns 1 (complete), 0 (more bytes needed) or
 * -1 with *status the HTTP status to answer before closing.
 */
static int
duet_proxy_parse_head(const char *buf, size_t len,
    struct duet_proxy_req *req, int *status)
{
    const char  *end = NULL, *p, *eol, *colon, *v;
    size_t       i, n, vn;
    int          minor;
    char        *e;
    unsigned long long  cl;

    memset(req, 0, sizeof(*req));
    for (i = 0; i + 3 < len && i < DUET_PROXY_HEAD_MAX; i++) {
        if (memcmp(buf + i, "\r\n\r\n", 4) == 0) {
            end = buf + i + 2;
            break;
        }
    }
    if (end == NULL) {
        if (len >= DUET_PROXY_HEAD_MAX) {
            *status = 431;
            return -1;
        }
        return 0;
    }
    req->head_len = (size_t) (end - buf) + 2;
    *status = 400;
    if ((eol = memchr(buf, '\r', (size_t) (end - buf))) == NULL) {
        return -1;
    }
    n = (size_t) (eol - buf);
    if (n < 14 || memcmp(eol - 9, " HTTP/1.", 8) != 0
        || memchr(buf, ' ', n) == NULL)
    {
        return -1;
    }
    minor = eol[-1] - '0';
    if (minor != 0 && minor != 1) {
        *status = 505;
        return -1;
    }
    req->post = n > 5 && memcmp(buf, "POST ", 5) == 0;
    req->keep_alive = minor == 1;
    for (p = eol + 2; p < end; p = eol + 2) {
        eol = memchr(p, '\r', (size_t) (end - p));
        if (eol == NULL || eol[1] != '\n' || p[0] == ' ' || p[0] == '\t') {
            return -1;
        }
        if ((colon = memchr(p, ':', (size_t) (eol - p))) == NULL
            || colon == p)
        {
            return -1;
        }
        v = colon + 1;
        while (v < eol && (*v == ' ' || *v == '\t')) {
            v++;
        }
        vn = (size_t) (eol - v);
        while (vn > 0 && (v[vn - 1] == ' ' || v[vn - 1] == '\t')) {
            vn--;
        }
        n = (size_t) (colon - p);
        if (n == 14 && strncasecmp(p, "Content-Length", n) == 0) {
            if (vn == 0 || vn > 18 || strspn(v, "0123456789") < vn) {
                return -1;
            }
            cl = strtoull(v, &e, 10);
            if (req->has_length && cl != req->body_len) {
                return -1;
            }
            req->has_length = 1;
            req->body_len = (size_t) cl;
        } else if (n == 17 && strncasecmp(p, "Transfer-Encoding", n) == 0) {
            /* Chunked bodies are not read: the length must be known. */
            *status = 411;
            return -1;
        } else if (n == 10 && strncasecmp(p, "Connection", n) == 0) {
            if (duet_proxy_token_has(v, vn, "close")) {
                req->keep_alive = 0;
            } else if (duet_proxy_token_has(v, vn, "keep-alive")) {
                req->keep_alive = 1;
            }
        } else if (n == 6 && strncasecmp(p, "Expect", n) == 0) {
            if (vn != 12 || strncasecmp(v, "100-continue", 12) != 0) {
                *status = 417;
                return -1;
            }
            req->expect_continue = 1;
        }
    }
    return 1;
}


/* Write all of p, waiting at most DUET_PROXY_WRITE_MS for room each time. */
static int
duet_proxy_write(int fd, const char *p, size_t n)
{
    struct pollfd  pfd;
    ssize_t        w;

    while (n > 0) {
        w = send(fd, p, n, MSG_NOSIGNAL);
        if (w > 0) {
            p += w;
            n -= (size_t) w;
            continue;
        }
        if (w < 0 && errno == EINTR) {
            continue;
        }
        if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            pfd.fd = fd;
            pfd.events = POLLOUT;
            if (poll(&pfd, 1, DUET_PROXY_WRITE_MS) > 0) {
                continue;
            }
        }
        return -1;
    }
    return 0;
}


static const char *
duet_proxy_reason(int status)
{
    switch (status) {
    case 200: return "OK";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 405: return "Method Not Allowed";
    case 411: return "Length Required";
    case 413: return "Content Too Large";
    case 417: return "Expectation Failed";
    case 431: return "Request Header Fields Too Large";
    case 505: return "HTTP Version Not Supported";
    default:  return "Internal Server Error";
    }
}


static int
duet_proxy_respond(int fd, int status, int keep_alive, const char *body,
    size_t len)
{
    char  head[256];
    int   n;

    n = snprintf(head, sizeof(head),
                 "HTTP/1.1 %d %s\r\n"
                 "%s"
                 "Content-Type: application/json\r\n"
                 "Content-Length: %zu\r\n"
                 "Connection: %s\r\n\r\n",
                 status, duet_proxy_reason(status),
                 status == 405 ? "Allow: POST\r\n" : "",
                 len, keep_alive ? "keep-alive" : "close");
    if (n < 0 || (size_t) n >= sizeof(head)) {
        return -1;
    }
    if (duet_proxy_write(fd, head, (size_t) n) != 0) {
        return -1;
    }
    return len > 0 ? duet_proxy_write(fd, body, len) : 0;
}


/* An HTTP-level refusal, with a JSON-RPC error body saying why. */
static int
duet_proxy_refuse(int fd, int status)
{
    char          body[256];
    const char   *why;
    int           n;

    switch (status) {
    case 405: why = "only POST is served (JSON-RPC over HTTP)"; break;
    case 411: why = "a Content-Length is required (chunked bodies are"
                    " not accepted)"; break;
    case 413: why = "the request body is over 1 MiB"; break;
    case 417: why = "only \\\"Expect: 100-continue\\\" is understood";
              break;
    case 431: why = "the request head is over 16 KiB"; break;
    case 505: why = "HTTP/1.0 or HTTP/1.1 only"; break;
    default:  why = "malformed HTTP request"; break;
    }
    n = snprintf(body, sizeof(body), "{\"jsonrpc\":\"2.0\",\"id\":null,"
                 "\"error\":{\"code\":%d,\"message\":\"%s\"}}",
                 DUET_PROXY_INVALID_REQUEST, why);
    if (n < 0 || (size_t) n >= sizeof(body)) {
        return -1;
    }
    return duet_proxy_respond(fd, status, 0, body, (size_t) n);
}


static void
duet_proxy_conn_close(struct duet_proxy_conn *c)
{
    if (c->fd >= 0) {
        close(c->fd);
    }
    free(c->buf);
    c->fd = -1;
    c->buf = NULL;
    c->len = 0;
    c->continued = 0;
}


/*
 * Answer every complete request in the connection's buffer.  Returns 0 to
 * keep the connection, -1 to close it.
 */
static int
duet_proxy_conn_serve(struct duet_proxy *px, struct duet_proxy_conn *c)
{
    struct duet_proxy_req  req;
    struct duet_proxy_buf  out;
    size_t                 total;
    int                    rc, status, r;

    for ( ;; ) {
        rc = duet_proxy_parse_head(c->buf, c->len, &req, &status);
        if (rc == 0) {
            return 0;
        }
        if (rc < 0) {
            (void) duet_proxy_refuse(c->fd, status);
            return -1;
        }
        if (!req.post) {
            (void) duet_proxy_refuse(c->fd, 405);
            return -1;
        }
        if (!req.has_length) {
            (void) duet_proxy_refuse(c->fd, 411);
            return -1;
        }
        if (req.body_len > DUET_PROXY_BODY_MAX) {
            (void) duet_proxy_refuse(c->fd, 413);
            return -1;
        }
        total = req.head_len + req.body_len;
        if (c->len < total) {
            if (req.expect_continue && !c->continued) {
                c->continued = 1;
                if (duet_proxy_write(c->fd, "HTTP/1.1 100 Continue\r\n\r\n",
                                     25) != 0)
                {
                    return -1;
                }
            }
            return 0;
        }
        memset(&out, 0, sizeof(out));
        out.max = SIZE_MAX / 2;
        if (duet_proxy_rpc(px, c->buf + req.head_len, req.body_len, &out)
            != 0)
        {
            duet_proxy_buf_free(&out);
            out.max = SIZE_MAX / 2;
            (void) duet_proxy_error(&out, NULL, DUET_PROXY_INTERNAL_ERROR,
                                    "out of memory");
        }
        r = duet_proxy_respond(c->fd, out.len > 0 ? 200 : 204,
                               req.keep_alive, out.data, out.len);
        duet_proxy_buf_free(&out);
        if (r != 0 || !req.keep_alive) {
            return -1;
        }
        memmove(c->buf, c->buf + total, c->len - total);
        c->len -= total;
        c->continued = 0;
    }
}


/* Read what the connection has; 0 to keep it, -1 to close it. */
static int
duet_proxy_conn_read(struct duet_proxy *px, struct duet_proxy_conn *c)
{
    const size_t  cap = DUET_PROXY_HEAD_MAX + DUET_PROXY_BODY_MAX;
    ssize_t       n;

    if (c->buf == NULL && (c->buf = malloc(cap)) == NULL) {
        return -1;
    }
    if (c->len == cap) {
        /* Cannot happen: a complete head bounds what is buffered. */
        return -1;
    }
    n = recv(c->fd, c->buf + c->len, cap - c->len, 0);
    if (n < 0) {
        return errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK
               ? 0 : -1;
    }
    if (n == 0) {
        return -1;
    }
    c->len += (size_t) n;
    c->last = time(NULL);
    return duet_proxy_conn_serve(px, c);
}


/* --- the listening socket ------------------------------------------------ */

static int
duet_proxy_is_loopback(const struct sockaddr *sa)
{
    const struct sockaddr_in   *s4;
    const struct sockaddr_in6  *s6;

    if (sa->sa_family == AF_INET) {
        s4 = (const struct sockaddr_in *) (const void *) sa;
        return (ntohl(s4->sin_addr.s_addr) >> 24) == 127;
    }
    if (sa->sa_family == AF_INET6) {
        s6 = (const struct sockaddr_in6 *) (const void *) sa;
        return IN6_IS_ADDR_LOOPBACK(&s6->sin6_addr)
               || (IN6_IS_ADDR_V4MAPPED(&s6->sin6_addr)
                   && s6->sin6_addr.s6_addr[12] == 127);
    }
    return 0;
}


/* Bind cfg->listen ("127.0.0.1:8545", "[::1]:8545", "localhost:8545"). */
static int
duet_proxy_listen(const char *listen_on, unsigned *port, char *err,
    size_t errlen)
{
    struct addrinfo          hints, *ai = NULL;
    struct sockaddr_storage  ss;
    socklen_t                sl = sizeof(ss);
    const char              *colon;
    char                     host[256], serv[16];
    size_t                   hl;
    int                      fd = -1, one = 1, rc, r = -1;

    if (listen_on == NULL
        || (colon = strrchr(listen_on, ':')) == NULL
        || strlen(colon + 1) == 0 || strlen(colon + 1) >= sizeof(serv)
        || strspn(colon + 1, "0123456789") != strlen(colon + 1))
    {
        return duet_proxy_fail(err, errlen, "listen address \"%.64s\": want"
                               " HOST:PORT, e.g. 127.0.0.1:8545",
                               listen_on != NULL ? listen_on : "");
    }
    hl = (size_t) (colon - listen_on);
    if (hl >= 2 && listen_on[0] == '[' && listen_on[hl - 1] == ']') {
        listen_on++;
        hl -= 2;
    }
    if (hl == 0 || hl >= sizeof(host)) {
        return duet_proxy_fail(err, errlen, "listen address: no host");
    }
    memcpy(host, listen_on, hl);
    host[hl] = '\0';
    snprintf(serv, sizeof(serv), "%s", colon + 1);
    if (atoi(serv) > 65535) {
        return duet_proxy_fail(err, errlen, "listen address: port %s is"
                               " out of range", serv);
    }
    if (strcasecmp(host, "localhost") == 0) {
        snprintf(host, sizeof(host), "127.0.0.1");
    }
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
    if ((rc = getaddrinfo(host, serv, &hints, &ai)) != 0 || ai == NULL) {
        return duet_proxy_fail(err, errlen, "listen address \"%.64s\": %s"
                               " (a numeric loopback address is needed)",
                               host, gai_strerror(rc));
    }
    /* The proxy signs for whoever reaches it: never off this machine. */
    if (!duet_proxy_is_loopback(ai->ai_addr)) {
        duet_proxy_fail(err, errlen, "listen address %s is not loopback:"
                        " the proxy signs for anyone who reaches it, so it"
                        " listens on 127.0.0.1 or ::1 only", host);
        goto out;
    }
    fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK
                | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) {
        duet_proxy_fail(err, errlen, "socket: %s", strerror(errno));
        goto out;
    }
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0
        || bind(fd, ai->ai_addr, ai->ai_addrlen) != 0
        || listen(fd, 64) != 0
        || getsockname(fd, (struct sockaddr *) &ss, &sl) != 0)
    {
        duet_proxy_fail(err, errlen, "cannot listen on %s:%s: %s", host,
                        serv, strerror(errno));
        goto out;
    }
    *port = ntohs(ss.ss_family == AF_INET
                  ? ((struct sockaddr_in *) &ss)->sin_port
                  : ((struct sockaddr_in6 *) &ss)->sin6_port);
    r = fd;
    fd = -1;
out:
    if (fd >= 0) {
        close(fd);
    }
    freeaddrinfo(ai);
    return r;
}


static void
duet_proxy_accept(struct duet_proxy *px, int lfd)
{
    struct duet_proxy_conn  *c, *oldest;
    int                      fd;
    size_t                   i;

    while ((fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC))
           >= 0)
    {
        c = NULL;
        oldest = &px->conns[0];
        for (i = 0; i < DUET_PROXY_CONNS; i++) {
            if (px->conns[i].fd < 0) {
                c = &px->conns[i];
                break;
            }
            if (px->conns[i].last < oldest->last) {
                oldest = &px->conns[i];
            }
        }
        if (c == NULL) {
            /* Full: the longest idle keep-alive connection makes room. */
            duet_proxy_conn_close(oldest);
            c = oldest;
        }
        c->fd = fd;
        c->len = 0;
        c->continued = 0;
        c->last = time(NULL);
    }
}


int
duet_proxy_serve(const struct duet_proxy_config *cfg,
    const struct duet_proxy_signer *signer, char *err, size_t errlen)
{
    struct duet_proxy       *px = NULL;
    struct sigaction         sa, old_int, old_term;
    struct pollfd            pfd[2 + DUET_PROXY_CONNS];
    struct duet_proxy_conn  *map[2 + DUET_PROXY_CONNS];
    unsigned                 port = 0;
    nfds_t                   n, k;
    time_t                   now;
    size_t                   i;
    char                     line[16], c;
    int                      lfd = -1, sigs = 0, curl_init = 0, rc, r = -1;

    if (cfg == NULL || signer == NULL || signer->address == NULL
        || signer->send_transaction == NULL || signer->personal_sign == NULL
        || signer->sign_typed_data == NULL || cfg->rpc_url == NULL)
    {
        return duet_proxy_fail(err, errlen, "proxy: missing configuration");
    }
    if ((px = calloc(1, sizeof(*px))) == NULL) {
        return duet_proxy_fail(err, errlen, "out of memory");
    }
    px->cfg = cfg;
    px->signer = signer;
    for (i = 0; i < DUET_PROXY_CONNS; i++) {
        px->conns[i].fd = -1;
    }
    if (duet_eth_address_parse(px->addr, signer->address,
                               strlen(signer->address)) != 0)
    {
        duet_proxy_fail(err, errlen, "the signer's address %.64s is not an"
                        " address", signer->address);
        goto out;
    }
    if (strncmp(cfg->rpc_url, "http://", 7) != 0
        && strncmp(cfg->rpc_url, "https://", 8) != 0)
    {
        duet_proxy_fail(err, errlen, "--rpc must be an http:// or https://"
                        " URL");
        goto out;
    }
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        duet_proxy_fail(err, errlen, "libcurl cannot start");
        goto out;
    }
    curl_init = 1;
    if ((px->curl = curl_easy_init()) == NULL) {
        duet_proxy_fail(err, errlen, "libcurl cannot start");
        goto out;
    }
    curl_easy_setopt(px->curl, CURLOPT_URL, cfg->rpc_url);
    curl_easy_setopt(px->curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(px->curl, CURLOPT_TIMEOUT,
                     (long) (cfg->timeout_s != 0 ? cfg->timeout_s
                             : DUET_PROXY_TIMEOUT_S));
    curl_easy_setopt(px->curl, CURLOPT_CONNECTTIMEOUT, 10L);
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(px->curl, CURLOPT_PROTOCOLS_STR, "http,https");
#else
    curl_easy_setopt(px->curl, CURLOPT_PROTOCOLS,
                     (long) (CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif

    if ((lfd = duet_proxy_listen(cfg->listen, &port, err, errlen)) < 0) {
        goto out;
    }
    if (pipe2(duet_proxy_sigfd, O_NONBLOCK | O_CLOEXEC) != 0) {
        duet_proxy_fail(err, errlen, "pipe: %s", strerror(errno));
        goto out;
    }
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = duet_proxy_on_signal;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGINT, &sa, &old_int) != 0) {
        duet_proxy_fail(err, errlen, "sigaction: %s", strerror(errno));
        goto out;
    }
    if (sigaction(SIGTERM, &sa, &old_term) != 0) {
        sigaction(SIGINT, &old_int, NULL);
        duet_proxy_fail(err, errlen, "sigaction: %s", strerror(errno));
        goto out;
    }
    sigs = 1;
    if (cfg->ready_fd >= 0) {
        rc = snprintf(line, sizeof(line), "%u\n", port);
        if (write(cfg->ready_fd, line, (size_t) rc) != rc) {
            duet_proxy_fail(err, errlen, "ready fd: %s", strerror(errno));
            close(cfg->ready_fd);
            goto out;
        }
        close(cfg->ready_fd);
    }

    for ( ;; ) {
        pfd[0].fd = duet_proxy_sigfd[0];
        pfd[0].events = POLLIN;
        pfd[1].fd = lfd;
        pfd[1].events = POLLIN;
        n = 2;
        for (i = 0; i < DUET_PROXY_CONNS; i++) {
            if (px->conns[i].fd >= 0) {
                pfd[n].fd = px->conns[i].fd;
                pfd[n].events = POLLIN;
                map[n++] = &px->conns[i];
            }
        }
        rc = poll(pfd, n, 1000);
        if (rc < 0 && errno != EINTR) {
            duet_proxy_fail(err, errlen, "poll: %s", strerror(errno));
            goto out;
        }
        if (rc > 0 && (pfd[0].revents & POLLIN)) {
            while (read(duet_proxy_sigfd[0], &c, 1) == 1) {
                /* drain */
            }
            break;
        }
        if (rc > 0) {
            for (k = 2; k < n; k++) {
                if (pfd[k].revents != 0
                    && duet_proxy_conn_read(px, map[k]) != 0)
                {
                    duet_proxy_conn_close(map[k]);
                }
            }
            if (pfd[1].revents & POLLIN) {
                duet_proxy_accept(px, lfd);
            }
        }
        now = time(NULL);
        for (i = 0; i < DUET_PROXY_CONNS; i++) {
            if (px->conns[i].fd >= 0
                && now - px->conns[i].last > DUET_PROXY_IDLE_S)
            {
                duet_proxy_conn_close(&px->conns[i]);
            }
        }
    }
    r = 0;
out:
    if (sigs) {
        sigaction(SIGINT, &old_int, NULL);
        sigaction(SIGTERM, &old_term, NULL);
    }
    for (i = 0; i < 2; i++) {
        if (duet_proxy_sigfd[i] >= 0) {
            close(duet_proxy_sigfd[i]);
            duet_proxy_sigfd[i] = -1;
        }
    }
    if (lfd >= 0) {
        close(lfd);
    }
    if (px != NULL) {
        for (i = 0; i < DUET_PROXY_CONNS; i++) {
            duet_proxy_conn_close(&px->conns[i]);
        }
        if (px->curl != NULL) {
            curl_easy_cleanup(px->curl);
        }
        free(px);
    }
    if (curl_init) {
        curl_global_cleanup();
    }
    return r;
}
