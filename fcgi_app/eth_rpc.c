/*
 * eth_rpc.c -- see eth_rpc.h.
 *
 * One libcurl easy handle per network keeps its connection alive between
 * requests (curl's per-handle connection cache).  Every request is one
 * JSON-RPC 2.0 call over HTTP POST; the reply must be:
 *
 *   - HTTP 2xx (anything else: UNREACHABLE, "HTTP 503 from the node");
 *   - at most DUETD_RPC_REPLY_MAX bytes;
 *   - one JSON object by duet_eth_json_check's strict rules (no duplicate
 *     keys, so json-c reads what any other reader would), with
 *     "jsonrpc": "2.0", the request's integer id, and exactly one of
 *     "result" and "error" ({"code": integer, "message": string});
 *   - a result of the method's type: quantities 0x(0|[1-9a-f][0-9a-f]*)
 *     (the execution-apis pattern: lower case, no leading zero), data
 *     0x([0-9a-f]{2})*, hashes 0x and 64 digits.
 *
 * Quantities go out as decimal text: the conversion is a small 256-bit
 * number here (eight 32-bit words), so this file needs nothing but libc,
 * libcurl, json-c and libduet.
 *
 * Error messages name the method and the reason and never the URL: an RPC
 * URL may carry an API key, so curl's error buffer (which names hosts) is
 * never used, only curl_easy_strerror's fixed texts.  An argument refused
 * before anything is sent (a malformed address or value) is REFUSED with
 * code 0.
 *
 * The reply parser (duetd_rpc_parse_reply) and the result readers take
 * no handle: tests/fuzz/fuzz-duetd-rpc.c includes this file and drives
 * them without curl.
 */

#include "config.h"

#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>
#include <json-c/json.h>

#include "duet.h"
#include "duet_eth.h"
#include "duet_util.h"
#include "eth_rpc.h"
#include "http_body.h"
#include "u256.h"

#define DUETD_RPC_REPLY_MAX       (1u << 20)
#define DUETD_RPC_URL_MAX         2048
#define DUETD_RPC_TIMEOUT_DEFAULT 10
#define DUETD_RPC_QTY_DIGITS      64        /* hex digits of 256 bits     */
#define DUETD_RPC_U64_DIGITS      16
#define DUETD_RPC_ADDRESS_HEX     40
#define DUETD_RPC_FEE_PERCENTILE  50

struct duetd_rpc {
    CURL               *curl;
    struct curl_slist  *headers;
    char               *url;            /* may carry a key: wiped        */
    unsigned            timeout;
    int64_t             next_id;
};

/* --- errors ------------------------------------------------------------- */

static int
duetd_rpc_fail(struct duetd_rpc_error *err, int rc, long code,
    const char *method, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static int
duetd_rpc_fail(struct duetd_rpc_error *err, int rc, long code,
    const char *method, const char *fmt, ...)
{
    va_list  ap;
    int      n;

    if (err == NULL) {
        return rc;
    }
    err->code = code;
    n = snprintf(err->message, sizeof(err->message), "%s: ", method);
    if (n < 0 || (size_t) n >= sizeof(err->message)) {
        n = 0;
    }
    va_start(ap, fmt);
    (void) vsnprintf(err->message + n, sizeof(err->message) - (size_t) n,
                     fmt, ap);
    va_end(ap);
    return rc;
}


/* The node's own message, printable ASCII only, after "method: ". */
static int
duetd_rpc_refused(struct duetd_rpc_error *err, long code, const char *method,
    const char *text)
{
    size_t  i, n;

    (void) duetd_rpc_fail(err, DUETD_RPC_REFUSED, code, method, "%s", "");
    if (err == NULL) {
        return DUETD_RPC_REFUSED;
    }
    n = strlen(err->message);
    for (i = 0; text[i] != '\0' && n + 1 < sizeof(err->message); i++) {
        unsigned char  ch = (unsigned char) text[i];

        err->message[n++] = (ch >= 0x20 && ch < 0x7f) ? (char) ch : '?';
    }
    if (i == 0 && n + sizeof("(no message)") <= sizeof(err->message)) {
        memcpy(err->message + n, "(no message)", sizeof("(no message)"));
        n += sizeof("(no message)") - 1;
    }
    err->message[n] = '\0';
    return DUETD_RPC_REFUSED;
}


/*
 * json-c's adders take a NULL value as JSON null: these refuse it, and
 * drop the value when it cannot be added.  Return 0 or -1.
 */
static int
duetd_rpc_add(struct json_object *o, const char *key, struct json_object *v)
{
    if (o == NULL || v == NULL || json_object_object_add(o, key, v) != 0) {
        json_object_put(v);
        return -1;
    }
    return 0;
}


static int
duetd_rpc_push(struct json_object *a, struct json_object *v)
{
    if (a == NULL || v == NULL || json_object_array_add(a, v) != 0) {
        json_object_put(v);
        return -1;
    }
    return 0;
}


/* --- hex digits --------------------------------------------------------- */
/* --- reading results ---------------------------------------------------- */

/*
 * A quantity: 0x0 or 0x[1-9a-f][0-9a-f]*, at most max_digits digits.
 * Returns the digits (after 0x) and their count, or NULL.
 */
static const char *
duetd_rpc_qty_digits(const struct json_object *o, size_t max_digits,
    size_t *n)
{
    const char  *s;
    size_t       i, len;

    if (o == NULL || !json_object_is_type(o, json_type_string)) {
        return NULL;
    }
    s = json_object_get_string((struct json_object *) o);
    len = (size_t) json_object_get_string_len(o);
    if (len < 3 || len - 2 > max_digits || s[0] != '0' || s[1] != 'x'
        || strlen(s) != len || (s[2] == '0' && len != 3))
    {
        return NULL;
    }
    for (i = 2; i < len; i++) {
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) {
            return NULL;
        }
    }
    *n = len - 2;
    return s + 2;
}


static int
duetd_rpc_read_num(const char *method, const struct json_object *o,
    struct duetd_u256 *x, struct duetd_rpc_error *err)
{
    size_t  n;

    if (duetd_rpc_qty_digits(o, DUETD_RPC_QTY_DIGITS, &n) == NULL
        || duetd_u256_parse(x, json_object_get_string(
                                   (struct json_object *) o)) != 0)
    {
        return duetd_rpc_fail(err, DUETD_RPC_BAD_REPLY, 0, method,
                              "the node's answer is not a 256-bit "
                              "quantity");
    }
    return DUETD_RPC_OK;
}


static int
duetd_rpc_read_u64(const char *method, const struct json_object *o,
    uint64_t *v, struct duetd_rpc_error *err)
{
    const char  *d;
    size_t       n, i;

    d = duetd_rpc_qty_digits(o, DUETD_RPC_U64_DIGITS, &n);
    if (d == NULL) {
        return duetd_rpc_fail(err, DUETD_RPC_BAD_REPLY, 0, method,
                              "the node's answer is not a 64-bit "
                              "quantity");
    }
    *v = 0;
    for (i = 0; i < n; i++) {
        *v = (*v << 4) | (uint64_t) duet_hex_char_value(d[i]);
    }
    return DUETD_RPC_OK;
}


static int
duetd_rpc_read_dec(const char *method, const struct json_object *o,
    char out[DUETD_QTY_SIZE], struct duetd_rpc_error *err)
{
    struct duetd_u256  x;
    int                rc;

    rc = duetd_rpc_read_num(method, o, &x, err);
    if (rc != DUETD_RPC_OK) {
        return rc;
    }
    duetd_u256_to_dec(out, &x);
    return DUETD_RPC_OK;
}


/* Data: 0x and pairs of lower-case hex digits; *out is malloc'd. */
static int
duetd_rpc_read_data(const char *method, const struct json_object *o,
    uint8_t **out, size_t *len, struct duetd_rpc_error *err)
{
    const char  *s;
    uint8_t     *b;
    size_t       n, i, got;

    *out = NULL;
    *len = 0;
    if (o == NULL || !json_object_is_type(o, json_type_string)) {
        goto bad;
    }
    s = json_object_get_string((struct json_object *) o);
    n = (size_t) json_object_get_string_len(o);
    if (n < 2 || s[0] != '0' || s[1] != 'x' || n % 2 != 0
        || strlen(s) != n)
    {
        goto bad;
    }
    for (i = 2; i < n; i++) {
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) {
            goto bad;
        }
    }
    b = malloc(n > 2 ? (n - 2) / 2 : 1);
    if (b == NULL) {
        return duetd_rpc_fail(err, DUETD_RPC_UNREACHABLE, 0, method,
                              "out of memory");
    }
    if (duet_hex_decode(b, n > 2 ? (n - 2) / 2 : 1, &got, s + 2, n - 2)
        != 0)
    {
        free(b);
        goto bad;
    }
    *out = b;
    *len = got;
    return DUETD_RPC_OK;

bad:
    return duetd_rpc_fail(err, DUETD_RPC_BAD_REPLY, 0, method,
                          "the node's answer is not 0x-hex data");
}


static int
duetd_rpc_read_hash(const char *method, const struct json_object *o,
    uint8_t hash[32], struct duetd_rpc_error *err)
{
    uint8_t  *b = NULL;
    size_t    n = 0;
    int       rc;

    rc = duetd_rpc_read_data(method, o, &b, &n, err);
    if (rc != DUETD_RPC_OK) {
        return rc;
    }
    if (n != 32) {
        free(b);
        return duetd_rpc_fail(err, DUETD_RPC_BAD_REPLY, 0, method,
                              "the node's answer is not a 32-byte hash");
    }
    memcpy(hash, b, 32);
    free(b);
    return DUETD_RPC_OK;
}


/* --- the envelope ------------------------------------------------------- */

/*
 * Parse a reply to the request numbered id.  Returns DUETD_RPC_OK with
 * *root (json_object_put it) and *result inside it (NULL for a JSON
 * null), DUETD_RPC_REFUSED for an error object (err holds the node's code
 * and message), or DUETD_RPC_BAD_REPLY.
 */
static int
duetd_rpc_parse_reply(const char *method, int64_t id, const char *body,
    size_t len, struct json_object **root, struct json_object **result,
    struct duetd_rpc_error *err)
{
    struct json_tokener  *tok = NULL;
    struct json_object   *o = NULL, *v, *res = NULL, *e = NULL, *code, *msg;
    int                   has_result, has_error, rc = DUETD_RPC_BAD_REPLY;
    int64_t               c;

    *root = NULL;
    *result = NULL;
    if (len == 0) {
        (void) duetd_rpc_fail(err, rc, 0, method, "empty reply");
        goto out;
    }
    if (len > DUETD_RPC_REPLY_MAX || len > INT_MAX
        || duet_eth_json_check(body, len) != 0)
    {
        (void) duetd_rpc_fail(err, rc, 0, method,
                              "the reply is not a JSON object");
        goto out;
    }
    tok = json_tokener_new_ex(DUET_ETH_JSON_MAX_DEPTH + 1);
    if (tok == NULL) {
        (void) duetd_rpc_fail(err, rc, 0, method, "out of memory");
        goto out;
    }
    o = json_tokener_parse_ex(tok, body, (int) len);
    if (o == NULL || !json_object_is_type(o, json_type_object)) {
        (void) duetd_rpc_fail(err, rc, 0, method,
                              "the reply is not a JSON object");
        goto out;
    }
    if (!json_object_object_get_ex(o, "jsonrpc", &v)
        || !json_object_is_type(v, json_type_string)
        || strcmp(json_object_get_string(v), "2.0") != 0
        || json_object_get_string_len(v) != 3)
    {
        (void) duetd_rpc_fail(err, rc, 0, method,
                              "the reply is not JSON-RPC 2.0");
        goto out;
    }
    if (!json_object_object_get_ex(o, "id", &v)
        || !json_object_is_type(v, json_type_int)
        || json_object_get_int64(v) != id)
    {
        (void) duetd_rpc_fail(err, rc, 0, method,
                              "the reply's id does not match the request");
        goto out;
    }
    has_result = json_object_object_get_ex(o, "result", &res);
    has_error = json_object_object_get_ex(o, "error", &e);
    if (has_result == has_error) {
        (void) duetd_rpc_fail(err, rc, 0, method, "the reply has %s",
                              has_result ? "both a result and an error"
                                         : "neither a result nor an error");
        goto out;
    }
    if (has_error) {
        if (e == NULL || !json_object_is_type(e, json_type_object)
            || !json_object_object_get_ex(e, "code", &code)
            || !json_object_is_type(code, json_type_int)
            || !json_object_object_get_ex(e, "message", &msg)
            || !json_object_is_type(msg, json_type_string))
        {
            (void) duetd_rpc_fail(err, rc, 0, method,
                                  "the reply's error is malformed");
            goto out;
        }
        c = json_object_get_int64(code);
        if (c < LONG_MIN || c > LONG_MAX) {
            (void) duetd_rpc_fail(err, rc, 0, method,
                                  "the reply's error is malformed");
            goto out;
        }
        rc = duetd_rpc_refused(err, (long) c, method,
                               json_object_get_string(msg));
        goto out;
    }
    *root = o;
    *result = res;
    o = NULL;
    rc = DUETD_RPC_OK;
out:
    json_object_put(o);
    if (tok != NULL) {
        json_tokener_free(tok);
    }
    return rc;
}


/* --- transport ---------------------------------------------------------- */

/* "http://" or "https://", bounded, with no blank or control character. */
static int
duetd_rpc_url_ok(const char *url)
{
    size_t  i, n = strlen(url), skip;

    if (strncasecmp(url, "https://", 8) == 0) {
        skip = 8;
    } else if (strncasecmp(url, "http://", 7) == 0) {
        skip = 7;
    } else {
        return 0;
    }
    if (n <= skip || n > DUETD_RPC_URL_MAX || url[skip] == '/') {
        return 0;
    }
    for (i = 0; i < n; i++) {
        unsigned char  ch = (unsigned char) url[i];

        if (ch <= ' ' || ch >= 0x7f) {
            return 0;
        }
    }
    return 1;
}


int
duetd_rpc_open(struct duetd_rpc **out, const char *url,
    unsigned timeout_seconds)
{
    struct duetd_rpc   *rpc;
    struct curl_slist  *h;
    CURL               *c;
    int                 r = -1;

    *out = NULL;
    if (url == NULL || !duetd_rpc_url_ok(url)) {
        return -1;
    }
    rpc = calloc(1, sizeof(*rpc));
    if (rpc == NULL) {
        return -1;
    }
    rpc->timeout = timeout_seconds > 0 ? timeout_seconds
                                       : DUETD_RPC_TIMEOUT_DEFAULT;
    rpc->next_id = 1;
    rpc->url = strdup(url);
    if (rpc->url == NULL) {
        goto out;
    }
    h = curl_slist_append(NULL, "Content-Type: application/json");
    if (h == NULL) {
        goto out;
    }
    rpc->headers = h;
    h = curl_slist_append(rpc->headers, "Accept: application/json");
    if (h == NULL) {
        goto out;
    }
    /* A large raw transaction: no 100-continue round trip. */
    h = curl_slist_append(rpc->headers, "Expect:");
    if (h == NULL) {
        goto out;
    }

    c = rpc->curl = curl_easy_init();
    if (c == NULL
        || curl_easy_setopt(c, CURLOPT_URL, rpc->url) != CURLE_OK
        || curl_easy_setopt(c, CURLOPT_HTTPHEADER, rpc->headers) != CURLE_OK
        || curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https")
           != CURLE_OK
        || curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
           != CURLE_OK
        || curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L) != CURLE_OK
        || curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L) != CURLE_OK
        || curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L) != CURLE_OK
        || curl_easy_setopt(c, CURLOPT_TIMEOUT, (long) rpc->timeout)
           != CURLE_OK
        || curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long) rpc->timeout)
           != CURLE_OK
        || curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L) != CURLE_OK
        || curl_easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L) != CURLE_OK
        || curl_easy_setopt(c, CURLOPT_USERAGENT, "duetd/" PACKAGE_VERSION)
           != CURLE_OK
        || curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, duetd_http_body_write)
           != CURLE_OK
        || curl_easy_setopt(c, CURLOPT_POST, 1L) != CURLE_OK)
    {
        goto out;
    }
    *out = rpc;
    rpc = NULL;
    r = 0;
out:
    duetd_rpc_close(rpc);
    return r;
}


void
duetd_rpc_close(struct duetd_rpc *rpc)
{
    if (rpc == NULL) {
        return;
    }
    if (rpc->curl != NULL) {
        curl_easy_cleanup(rpc->curl);
    }
    curl_slist_free_all(rpc->headers);
    if (rpc->url != NULL) {
        duet_memclear(rpc->url, strlen(rpc->url));
        free(rpc->url);
    }
    duet_memclear(rpc, sizeof(*rpc));
    free(rpc);
}


/* What went wrong on the way, in words that name no host. */
static int
duetd_rpc_transport(struct duetd_rpc *rpc, const char *method, CURLcode rc,
    struct duetd_rpc_error *err)
{
    switch (rc) {
    case CURLE_OPERATION_TIMEDOUT:
        return duetd_rpc_fail(err, DUETD_RPC_UNREACHABLE, 0, method,
                              "the node did not answer within %u s",
                              rpc->timeout);
    case CURLE_COULDNT_CONNECT:
        return duetd_rpc_fail(err, DUETD_RPC_UNREACHABLE, 0, method,
                              "cannot connect to the node");
    case CURLE_COULDNT_RESOLVE_HOST:
        return duetd_rpc_fail(err, DUETD_RPC_UNREACHABLE, 0, method,
                              "cannot resolve the node's host name");
    default:
        return duetd_rpc_fail(err, DUETD_RPC_UNREACHABLE, 0, method,
                              "cannot reach the node (%s)",
                              curl_easy_strerror(rc));
    }
}


/*
 * Call method with params (taken over, put here).  Returns DUETD_RPC_OK
 * with *root (json_object_put it) and *result, or an error code with err
 * filled.
 */
static int
duetd_rpc_request(struct duetd_rpc *rpc, const char *method,
    struct json_object *params, struct json_object **root,
    struct json_object **result, struct duetd_rpc_error *err)
{
    struct duetd_http_body resp;
    struct json_object    *req = NULL;
    const char            *body;
    size_t                 body_len;
    CURLcode               crc;
    long                   status = 0;
    int64_t                id;
    int                    rc = DUETD_RPC_UNREACHABLE;

    *root = NULL;
    *result = NULL;
    memset(&resp, 0, sizeof(resp));
    resp.max = DUETD_RPC_REPLY_MAX;
    if (err != NULL) {
        err->code = 0;
        err->message[0] = '\0';
    }
    id = rpc->next_id++;
    if (rpc->next_id > INT32_MAX) {
        rpc->next_id = 1;
    }

    req = json_object_new_object();
    if (duetd_rpc_add(req, "jsonrpc", json_object_new_string("2.0")) != 0
        || duetd_rpc_add(req, "id", json_object_new_int64(id)) != 0
        || duetd_rpc_add(req, "method", json_object_new_string(method)) != 0)
    {
        json_object_put(params);
        (void) duetd_rpc_fail(err, rc, 0, method, "out of memory");
        goto out;
    }
    if (duetd_rpc_add(req, "params", params) != 0) {
        (void) duetd_rpc_fail(err, rc, 0, method, "out of memory");
        goto out;
    }
    body = json_object_to_json_string_length(req,
               JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE,
               &body_len);
    if (body == NULL) {
        (void) duetd_rpc_fail(err, rc, 0, method, "out of memory");
        goto out;
    }

    if (curl_easy_setopt(rpc->curl, CURLOPT_POSTFIELDSIZE_LARGE,
                         (curl_off_t) body_len) != CURLE_OK
        || curl_easy_setopt(rpc->curl, CURLOPT_POSTFIELDS, body) != CURLE_OK
        || curl_easy_setopt(rpc->curl, CURLOPT_WRITEDATA, &resp)
           != CURLE_OK)
    {
        (void) duetd_rpc_fail(err, rc, 0, method, "cannot set up the "
                              "request");
        goto out;
    }
    crc = curl_easy_perform(rpc->curl);
    if (resp.over) {
        rc = duetd_rpc_fail(err, DUETD_RPC_BAD_REPLY, 0, method,
                            "the reply is larger than %u bytes",
                            DUETD_RPC_REPLY_MAX);
        goto out;
    }
    if (crc != CURLE_OK) {
        rc = duetd_rpc_transport(rpc, method, crc, err);
        goto out;
    }
    if (curl_easy_getinfo(rpc->curl, CURLINFO_RESPONSE_CODE, &status)
        != CURLE_OK)
    {
        (void) duetd_rpc_fail(err, rc, 0, method, "no HTTP status");
        goto out;
    }
    if (status < 200 || status > 299) {
        rc = duetd_rpc_fail(err, DUETD_RPC_UNREACHABLE, 0, method,
                            "HTTP %ld from the node", status);
        goto out;
    }
    rc = duetd_rpc_parse_reply(method, id, resp.p != NULL ? resp.p : "",
                               resp.len, root, result, err);
out:
    json_object_put(req);
    duetd_http_body_wipe(&resp);
    return rc;
}


/* "0x" and 40 hex digits, sent in lower case. */
static struct json_object *
duetd_rpc_address(const char *s)
{
    char    a[2 + DUETD_RPC_ADDRESS_HEX + 1];
    size_t  i;

    if (s == NULL || strlen(s) != sizeof(a) - 1 || s[0] != '0'
        || (s[1] != 'x' && s[1] != 'X'))
    {
        return NULL;
    }
    a[0] = '0';
    a[1] = 'x';
    for (i = 2; i < sizeof(a) - 1; i++) {
        if (duet_hex_char_value(s[i]) < 0) {
            return NULL;
        }
        a[i] = (char) tolower((unsigned char) s[i]);
    }
    a[i] = '\0';
    return json_object_new_string(a);
}


static struct json_object *
duetd_rpc_data_string(const uint8_t *data, size_t len)
{
    struct json_object  *o;
    char                *s;
    size_t               n;

    if (len > (SIZE_MAX - 3) / 2) {
        return NULL;
    }
    n = 2 * len + 3;
    s = malloc(n);
    if (s == NULL) {
        return NULL;
    }
    s[0] = '0';
    s[1] = 'x';
    if (len > 0 && duet_hex_encode(s + 2, n - 2, data, len) != 0) {
        free(s);
        return NULL;
    }
    s[2 * len + 2] = '\0';
    o = json_object_new_string_len(s, (int) (2 * len + 2));
    free(s);
    return o;
}


/* A params array holding one address and a block tag. */
static int
duetd_rpc_address_params(const char *method, const char *address,
    const char *tag, struct json_object **params,
    struct duetd_rpc_error *err)
{
    struct json_object  *p, *a;

    *params = NULL;
    a = duetd_rpc_address(address);
    if (a == NULL) {
        return duetd_rpc_fail(err, DUETD_RPC_REFUSED, 0, method,
                              "the address is not 0x and 40 hex digits");
    }
    p = json_object_new_array();
    if (p == NULL) {
        json_object_put(a);
        return duetd_rpc_fail(err, DUETD_RPC_UNREACHABLE, 0, method,
                              "out of memory");
    }
    if (duetd_rpc_push(p, a) != 0
        || duetd_rpc_push(p, json_object_new_string(tag)) != 0)
    {
        json_object_put(p);
        return duetd_rpc_fail(err, DUETD_RPC_UNREACHABLE, 0, method,
                              "out of memory");
    }
    *params = p;
    return DUETD_RPC_OK;
}


/* The call object of eth_estimateGas and eth_call. */
static int
duetd_rpc_call_object(const char *method, const struct duetd_rpc_call *call,
    struct json_object **out, struct duetd_rpc_error *err)
{
    struct duetd_u256     v;
    struct json_object   *o, *f;
    char                  hex[DUETD_U256_HEX_SIZE];

    *out = NULL;
    o = json_object_new_object();
    if (o == NULL) {
        return duetd_rpc_fail(err, DUETD_RPC_UNREACHABLE, 0, method,
                              "out of memory");
    }
    if (call->from != NULL) {
        f = duetd_rpc_address(call->from);
        if (f == NULL) {
            json_object_put(o);
            return duetd_rpc_fail(err, DUETD_RPC_REFUSED, 0, method,
                                  "from is not 0x and 40 hex digits");
        }
        if (duetd_rpc_add(o, "from", f) != 0) {
            goto nomem;
        }
    }
    if (call->to != NULL) {
        f = duetd_rpc_address(call->to);
        if (f == NULL) {
            json_object_put(o);
            return duetd_rpc_fail(err, DUETD_RPC_REFUSED, 0, method,
                                  "to is not 0x and 40 hex digits");
        }
        if (duetd_rpc_add(o, "to", f) != 0) {
            goto nomem;
        }
    }
    if (call->value != NULL) {
        /* Canonical decimal, as duetd_u256_to_dec writes it. */
        if (strspn(call->value, "0123456789") != strlen(call->value)
            || (call->value[0] == '0' && call->value[1] != '\0')
            || duetd_u256_parse(&v, call->value) != 0)
        {
            json_object_put(o);
            return duetd_rpc_fail(err, DUETD_RPC_REFUSED, 0, method,
                                  "value is not a decimal below 2^256");
        }
        duetd_u256_to_hex(hex, &v);
        if (duetd_rpc_add(o, "value", json_object_new_string(hex)) != 0) {
            goto nomem;
        }
    }
    if (call->data_len > 0) {
        if (call->data == NULL || call->data_len > DUETD_RPC_REPLY_MAX) {
            json_object_put(o);
            return duetd_rpc_fail(err, DUETD_RPC_REFUSED, 0, method,
                                  "data is missing or too long");
        }
        if (duetd_rpc_add(o, "data", duetd_rpc_data_string(call->data,
                                                          call->data_len))
            != 0)
        {
            goto nomem;
        }
    }
    *out = o;
    return DUETD_RPC_OK;

nomem:
    json_object_put(o);
    return duetd_rpc_fail(err, DUETD_RPC_UNREACHABLE, 0, method,
                          "out of memory");
}


/* A params array of the call object and, if tag, a block tag. */
static int
duetd_rpc_call_params(const char *method, const struct duetd_rpc_call *call,
    const char *tag, struct json_object **params,
    struct duetd_rpc_error *err)
{
    struct json_object  *p, *o;
    int                  rc;

    *params = NULL;
    rc = duetd_rpc_call_object(method, call, &o, err);
    if (rc != DUETD_RPC_OK) {
        return rc;
    }
    p = json_object_new_array();
    if (p == NULL) {
        json_object_put(o);
        return duetd_rpc_fail(err, DUETD_RPC_UNREACHABLE, 0, method,
                              "out of memory");
    }
    if (duetd_rpc_push(p, o) != 0
        || (tag != NULL
            && duetd_rpc_push(p, json_object_new_string(tag)) != 0))
    {
        json_object_put(p);
        return duetd_rpc_fail(err, DUETD_RPC_UNREACHABLE, 0, method,
                              "out of memory");
    }
    *params = p;
    return DUETD_RPC_OK;
}


/* --- the calls ---------------------------------------------------------- */

int
duetd_rpc_chain_id(struct duetd_rpc *rpc, uint64_t *chain_id,
    struct duetd_rpc_error *err)
{
    static const char    method[] = "eth_chainId";
    struct json_object  *root, *res, *params;
    int                  rc;

    *chain_id = 0;
    params = json_object_new_array();
    if (params == NULL) {
        return duetd_rpc_fail(err, DUETD_RPC_UNREACHABLE, 0, method,
                              "out of memory");
    }
    rc = duetd_rpc_request(rpc, method, params, &root, &res, err);
    if (rc == DUETD_RPC_OK) {
        rc = duetd_rpc_read_u64(method, res, chain_id, err);
        json_object_put(root);
    }
    return rc;
}


int
duetd_rpc_nonce(struct duetd_rpc *rpc, const char *address,
    uint64_t *nonce, struct duetd_rpc_error *err)
{
    static const char    method[] = "eth_getTransactionCount";
    struct json_object  *root, *res, *params;
    int                  rc;

    *nonce = 0;
    rc = duetd_rpc_address_params(method, address, "pending", &params, err);
    if (rc != DUETD_RPC_OK) {
        return rc;
    }
    rc = duetd_rpc_request(rpc, method, params, &root, &res, err);
    if (rc == DUETD_RPC_OK) {
        rc = duetd_rpc_read_u64(method, res, nonce, err);
        json_object_put(root);
    }
    return rc;
}


int
duetd_rpc_estimate_gas(struct duetd_rpc *rpc,
    const struct duetd_rpc_call *call, uint64_t *gas,
    struct duetd_rpc_error *err)
{
    static const char    method[] = "eth_estimateGas";
    struct json_object  *root, *res, *params;
    int                  rc;

    *gas = 0;
    rc = duetd_rpc_call_params(method, call, NULL, &params, err);
    if (rc != DUETD_RPC_OK) {
        return rc;
    }
    rc = duetd_rpc_request(rpc, method, params, &root, &res, err);
    if (rc == DUETD_RPC_OK) {
        rc = duetd_rpc_read_u64(method, res, gas, err);
        json_object_put(root);
    }
    return rc;
}


/*
 * eth_feeHistory(1, "latest", [50]): the last baseFeePerGas entry is the
 * base fee of the block after the newest one, the pending block; the
 * reward entry is the newest block's median priority fee.
 */
static int
duetd_rpc_fee_history(struct duetd_rpc *rpc, struct duetd_u256 *base,
    struct duetd_u256 *reward, int *have_reward,
    struct duetd_rpc_error *err)
{
    static const char    method[] = "eth_feeHistory";
    struct json_object  *root = NULL, *res, *params, *pct, *fees, *rw, *r0;
    size_t               n;
    int                  rc;

    *have_reward = 0;
    params = json_object_new_array();
    pct = json_object_new_array();
    if (params == NULL || pct == NULL
        || duetd_rpc_push(pct, json_object_new_int(DUETD_RPC_FEE_PERCENTILE))
           != 0
        || duetd_rpc_push(params, json_object_new_string("0x1")) != 0
        || duetd_rpc_push(params, json_object_new_string("latest")) != 0)
    {
        json_object_put(params);
        json_object_put(pct);
        return duetd_rpc_fail(err, DUETD_RPC_UNREACHABLE, 0, method,
                              "out of memory");
    }
    if (duetd_rpc_push(params, pct) != 0) {
        json_object_put(params);
        return duetd_rpc_fail(err, DUETD_RPC_UNREACHABLE, 0, method,
                              "out of memory");
    }
    rc = duetd_rpc_request(rpc, method, params, &root, &res, err);
    if (rc != DUETD_RPC_OK) {
        return rc;
    }
    if (res == NULL || !json_object_is_type(res, json_type_object)
        || !json_object_object_get_ex(res, "baseFeePerGas", &fees)
        || !json_object_is_type(fees, json_type_array)
        || (n = json_object_array_length(fees)) == 0)
    {
        rc = duetd_rpc_fail(err, DUETD_RPC_BAD_REPLY, 0, method,
                            "the node's answer has no baseFeePerGas");
        goto out;
    }
    rc = duetd_rpc_read_num(method, json_object_array_get_idx(fees, n - 1),
                            base, err);
    if (rc != DUETD_RPC_OK) {
        goto out;
    }
    if (json_object_object_get_ex(res, "reward", &rw)
        && json_object_is_type(rw, json_type_array)
        && json_object_array_length(rw) > 0)
    {
        r0 = json_object_array_get_idx(rw, json_object_array_length(rw) - 1);
        if (r0 == NULL || !json_object_is_type(r0, json_type_array)
            || json_object_array_length(r0) != 1)
        {
            rc = duetd_rpc_fail(err, DUETD_RPC_BAD_REPLY, 0, method,
                                "the node's reward list is malformed");
            goto out;
        }
        rc = duetd_rpc_read_num(method, json_object_array_get_idx(r0, 0),
                                reward, err);
        if (rc != DUETD_RPC_OK) {
            goto out;
        }
        *have_reward = 1;
    }
    rc = DUETD_RPC_OK;
out:
    json_object_put(root);
    return rc;
}


int
duetd_rpc_fees_1559(struct duetd_rpc *rpc,
    char max_fee[DUETD_QTY_SIZE], char priority[DUETD_QTY_SIZE],
    struct duetd_rpc_error *err)
{
    static const char      method[] = "eth_maxPriorityFeePerGas";
    struct duetd_u256      tip, base, reward, max;
    struct json_object    *root, *res, *params;
    int                    rc, have_tip = 0, have_reward;

    max_fee[0] = '\0';
    priority[0] = '\0';
    params = json_object_new_array();
    if (params == NULL) {
        return duetd_rpc_fail(err, DUETD_RPC_UNREACHABLE, 0, method,
                              "out of memory");
    }
    rc = duetd_rpc_request(rpc, method, params, &root, &res, err);
    if (rc == DUETD_RPC_OK) {
        rc = duetd_rpc_read_num(method, res, &tip, err);
        json_object_put(root);
        if (rc != DUETD_RPC_OK) {
            return rc;
        }
        have_tip = 1;
    } else if (rc != DUETD_RPC_REFUSED) {
        return rc;
    }
    /* REFUSED: a node without the method; the fee history has it. */

    rc = duetd_rpc_fee_history(rpc, &base, &reward, &have_reward, err);
    if (rc != DUETD_RPC_OK) {
        return rc;
    }
    if (!have_tip) {
        if (!have_reward) {
            return duetd_rpc_fail(err, DUETD_RPC_BAD_REPLY, 0,
                                  "eth_feeHistory", "the node gives no "
                                  "priority fee (no reward list)");
        }
        tip = reward;
    }
    if (duetd_u256_add(&max, &base, &base) != 0
        || duetd_u256_add(&max, &max, &tip) != 0)
    {
        return duetd_rpc_fail(err, DUETD_RPC_BAD_REPLY, 0, "eth_feeHistory",
                              "the base fee is out of range");
    }
    duetd_u256_to_dec(max_fee, &max);
    duetd_u256_to_dec(priority, &tip);
    return DUETD_RPC_OK;
}


int
duetd_rpc_gas_price(struct duetd_rpc *rpc, char price[DUETD_QTY_SIZE],
    struct duetd_rpc_error *err)
{
    static const char    method[] = "eth_gasPrice";
    struct json_object  *root, *res, *params;
    int                  rc;

    price[0] = '\0';
    params = json_object_new_array();
    if (params == NULL) {
        return duetd_rpc_fail(err, DUETD_RPC_UNREACHABLE, 0, method,
                              "out of memory");
    }
    rc = duetd_rpc_request(rpc, method, params, &root, &res, err);
    if (rc == DUETD_RPC_OK) {
        rc = duetd_rpc_read_dec(method, res, price, err);
        json_object_put(root);
    }
    return rc;
}


int
duetd_rpc_send_raw(struct duetd_rpc *rpc, const uint8_t *raw, size_t len,
    uint8_t hash[32], struct duetd_rpc_error *err)
{
    static const char    method[] = "eth_sendRawTransaction";
    struct json_object  *root, *res, *params;
    int                  rc;

    memset(hash, 0, 32);
    if (raw == NULL || len == 0 || len > DUETD_RPC_REPLY_MAX) {
        return duetd_rpc_fail(err, DUETD_RPC_REFUSED, 0, method,
                              "the transaction is empty or too long");
    }
    params = json_object_new_array();
    if (params == NULL
        || duetd_rpc_push(params, duetd_rpc_data_string(raw, len)) != 0)
    {
        json_object_put(params);
        return duetd_rpc_fail(err, DUETD_RPC_UNREACHABLE, 0, method,
                              "out of memory");
    }
    rc = duetd_rpc_request(rpc, method, params, &root, &res, err);
    if (rc == DUETD_RPC_OK) {
        rc = duetd_rpc_read_hash(method, res, hash, err);
        json_object_put(root);
    }
    return rc;
}


int
duetd_rpc_balance(struct duetd_rpc *rpc, const char *address,
    char wei[DUETD_QTY_SIZE], struct duetd_rpc_error *err)
{
    static const char    method[] = "eth_getBalance";
    struct json_object  *root, *res, *params;
    int                  rc;

    wei[0] = '\0';
    rc = duetd_rpc_address_params(method, address, "latest", &params, err);
    if (rc != DUETD_RPC_OK) {
        return rc;
    }
    rc = duetd_rpc_request(rpc, method, params, &root, &res, err);
    if (rc == DUETD_RPC_OK) {
        rc = duetd_rpc_read_dec(method, res, wei, err);
        json_object_put(root);
    }
    return rc;
}


int
duetd_rpc_call(struct duetd_rpc *rpc, const struct duetd_rpc_call *call,
    uint8_t **out, size_t *len, struct duetd_rpc_error *err)
{
    static const char    method[] = "eth_call";
    struct json_object  *root, *res, *params;
    int                  rc;

    *out = NULL;
    *len = 0;
    rc = duetd_rpc_call_params(method, call, "latest", &params, err);
    if (rc != DUETD_RPC_OK) {
        return rc;
    }
    rc = duetd_rpc_request(rpc, method, params, &root, &res, err);
    if (rc == DUETD_RPC_OK) {
        rc = duetd_rpc_read_data(method, res, out, len, err);
        json_object_put(root);
    }
    return rc;
}
