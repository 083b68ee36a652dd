/*
 * client_http.c -- the client handle and one HTTPS call to duetd over
 * libcurl: bounded answers, timeouts, TLS verified against the given CA,
 * credentials in headers, and duetd's error objects turned into one line.
 *
 * Secrets pass through here (the operator token and API key in headers,
 * API keys and p2p messages in bodies): every buffer of ours is wiped
 * before it is freed.  libcurl keeps its own copies of the header lines
 * (curl_slist_append copies) and frees them without wiping; nothing in its
 * API avoids that.
 */

#include "config.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>
#include <json-c/json.h>

#include "duet.h"
#include "duet_util.h"
#include "client_int.h"

#define DUET_CLIENT_URL_MAX       2048
#define DUET_CLIENT_HEADER_MAX    512
#define DUET_CLIENT_REASON_MAX    200

/* A growing answer body, bounded by DUET_CLIENT_MAX_RESPONSE. */
struct duet_client_body {
    char    *data;
    size_t   len;
    size_t   cap;
    int      overflow;
    int      nomem;
};


int
duet_client_fail(struct duet_client *c, int err, const char *fmt, ...)
{
    va_list  ap;

    va_start(ap, fmt);
    vsnprintf(c->error, sizeof(c->error), fmt, ap);
    va_end(ap);
    return err;
}


static char *
duet_client_strdup(const char *s)
{
    size_t   n = strlen(s) + 1;
    char    *p;

    if ((p = malloc(n)) != NULL) {
        memcpy(p, s, n);
    }
    return p;
}


static void
duet_client_free_secret(char *s)
{
    if (s != NULL) {
        duet_memclear(s, strlen(s));
        free(s);
    }
}


/*
 * libduet's GMP hooks, installed once per process: mp_set_memory_functions
 * is a plain write to GMP's globals, and a second client made while
 * another thread computes (two bots, or a client's own stepping threads)
 * must not race with GMP's reads of them.
 */
static pthread_once_t  duet_client_init_once = PTHREAD_ONCE_INIT;
static int             duet_client_init_err;


static void
duet_client_init(void)
{
    /* libcurl brings GnuTLS, which installs its own GMP hooks. */
    duet_client_init_err = duet_init_displacing();
}


int
duet_client_new(struct duet_client **cp, const char *base_url,
    const char *ca_file)
{
    struct duet_client  *c = NULL;
    size_t               n;
    int                  r = DUET_CLIENT_ERR_MEMORY;

    if (cp == NULL) {
        return DUET_CLIENT_ERR_ARGUMENT;
    }
    *cp = NULL;
    if (base_url == NULL || strncasecmp(base_url, "https://", 8) != 0
        || (n = strlen(base_url)) > DUET_CLIENT_URL_MAX / 2)
    {
        return DUET_CLIENT_ERR_ARGUMENT;
    }
    if (pthread_once(&duet_client_init_once, duet_client_init) != 0
        || duet_client_init_err != 0)
    {
        return DUET_CLIENT_ERR_PROTOCOL;
    }
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        return DUET_CLIENT_ERR_TRANSPORT;
    }
    if ((c = calloc(1, sizeof(*c))) == NULL) {
        goto out;
    }
    if ((c->base_url = duet_client_strdup(base_url)) == NULL
        || (ca_file != NULL
            && (c->ca_file = duet_client_strdup(ca_file)) == NULL)
        || (c->curl = curl_easy_init()) == NULL)
    {
        goto out;
    }
    /* "https://host/" and "https://host" name the same API. */
    while (n > 8 && c->base_url[n - 1] == '/') {
        c->base_url[--n] = '\0';
    }
    *cp = c;
    c = NULL;
    r = 0;

out:
    if (c != NULL) {
        duet_client_free(c);
    } else if (r != 0) {
        curl_global_cleanup();
    }
    return r;
}


void
duet_client_free(struct duet_client *c)
{
    if (c == NULL) {
        return;
    }
    if (c->curl != NULL) {
        curl_easy_cleanup(c->curl);
    }
    free(c->base_url);
    free(c->ca_file);
    duet_client_free_secret(c->operator_token);
    duet_client_free_secret(c->api_key);
    duet_memclear(c, sizeof(*c));
    free(c);
    curl_global_cleanup();
}


static void
duet_client_set_secret(char **slot, const char *value)
{
    duet_client_free_secret(*slot);
    *slot = value != NULL ? duet_client_strdup(value) : NULL;
}


void
duet_client_set_operator_token(struct duet_client *c, const char *tok)
{
    duet_client_set_secret(&c->operator_token, tok);
}


void
duet_client_set_api_key(struct duet_client *c, const char *key)
{
    duet_client_set_secret(&c->api_key, key);
}


void
duet_client_set_round_hook(struct duet_client *c,
    void (*hook)(void *arg, const char *session_id, int round), void *arg)
{
    c->round_hook = hook;
    c->round_hook_arg = arg;
}


void
duet_client_set_broadcast(struct duet_client *c, int on)
{
    c->no_broadcast = !on;
}


const char *
duet_client_violations(const struct duet_client *c)
{
    return c->violations;
}


const char *
duet_client_error(const struct duet_client *c)
{
    return c->error;
}


int
duet_client_last_status(const struct duet_client *c)
{
    return c->status;
}


static size_t
duet_client_write_cb(char *ptr, size_t size, size_t nmemb, void *arg)
{
    struct duet_client_body  *b = arg;
    size_t                    n = size * nmemb, cap;
    char                     *p;

    if (n > DUET_CLIENT_MAX_RESPONSE - b->len) {
        b->overflow = 1;
        return 0;
    }
    if (b->len + n + 1 > b->cap) {
        cap = b->cap == 0 ? 16384 : b->cap;
        while (cap < b->len + n + 1) {
            cap *= 2;
        }
        if (cap > DUET_CLIENT_MAX_RESPONSE + 1) {
            cap = DUET_CLIENT_MAX_RESPONSE + 1;
        }
        /* Not realloc: the old block may hold an API key. */
        if ((p = malloc(cap)) == NULL) {
            b->nomem = 1;
            return 0;
        }
        if (b->data != NULL) {
            memcpy(p, b->data, b->len);
            duet_memclear(b->data, b->cap);
            free(b->data);
        }
        b->data = p;
        b->cap = cap;
    }
    memcpy(b->data + b->len, ptr, n);
    b->len += n;
    b->data[b->len] = '\0';
    return n;
}


static size_t
duet_client_header_cb(char *ptr, size_t size, size_t nmemb, void *arg)
{
    struct duet_client  *c = arg;
    size_t               n = size * nmemb, i;
    unsigned long        v = 0;
    static const char    name[] = "retry-after:";

    if (n > sizeof(name) - 1
        && strncasecmp(ptr, name, sizeof(name) - 1) == 0)
    {
        for (i = sizeof(name) - 1; i < n && ptr[i] == ' '; i++) {
            /* skip */
        }
        for (; i < n && ptr[i] >= '0' && ptr[i] <= '9' && v < 100000; i++) {
            v = v * 10 + (unsigned long) (ptr[i] - '0');
        }
        c->retry_after = (unsigned) v;
    }
    return n;
}


static const char *
duet_client_status_text(int status)
{
    switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default:  return "";
    }
}


/* Append a header line "name: value" (value NULL: "name:"), wiping our
 * copy of it. */
static int
duet_client_header(struct curl_slist **list, const char *name,
    const char *value)
{
    char                line[DUET_CLIENT_HEADER_MAX];
    struct curl_slist  *l;
    int                 n;

    /* "Name:" with nothing after it removes a header libcurl adds. */
    n = value != NULL ? snprintf(line, sizeof(line), "%s: %s", name, value)
                      : snprintf(line, sizeof(line), "%s:", name);
    if (n < 0 || (size_t) n >= sizeof(line)) {
        duet_memclear(line, sizeof(line));
        return -1;
    }
    l = curl_slist_append(*list, line);
    duet_memclear(line, sizeof(line));
    if (l == NULL) {
        return -1;
    }
    *list = l;
    return 0;
}


/*
 * Send one request; *status is set whenever duetd answered, body holds the
 * answer.  Returns 0, DUET_CLIENT_ERR_TRANSPORT, DUET_CLIENT_ERR_MEMORY or
 * DUET_CLIENT_ERR_ARGUMENT, with the error line set.
 */
static int
duet_client_perform(struct duet_client *c, const char *method,
    const char *path, const char *body, size_t body_len,
    struct duet_client_body *b)
{
    CURL               *h = c->curl;
    struct curl_slist  *headers = NULL;
    char                url[DUET_CLIENT_URL_MAX];
    char                bearer[DUET_CLIENT_HEADER_MAX];
    char                curl_err[CURL_ERROR_SIZE];
    long                code = 0;
    CURLcode            e;
    int                 n, r = DUET_CLIENT_ERR_MEMORY;

    c->status = 0;
    c->curl_code = 0;
    c->retry_after = 0;
    c->error[0] = '\0';
    c->violations[0] = '\0';
    curl_err[0] = '\0';

    n = snprintf(url, sizeof(url), "%s%s", c->base_url, path);
    if (path[0] != '/' || n < 0 || (size_t) n >= sizeof(url)) {
        return duet_client_fail(c, DUET_CLIENT_ERR_ARGUMENT,
                                "%s: bad path", method);
    }

    if (duet_client_header(&headers, "Accept", "application/json") != 0
        || (body != NULL
            && duet_client_header(&headers, "Content-Type",
                                  "application/json") != 0)
        || duet_client_header(&headers, "Expect", NULL) != 0
        || (c->api_key != NULL
            && duet_client_header(&headers, "x-api-key", c->api_key) != 0))
    {
        r = duet_client_fail(c, DUET_CLIENT_ERR_MEMORY,
                             "%s %s: cannot build the headers", method, path);
        goto out;
    }
    if (c->operator_token != NULL) {
        n = snprintf(bearer, sizeof(bearer), "Bearer %s", c->operator_token);
        if (n < 0 || (size_t) n >= sizeof(bearer)
            || duet_client_header(&headers, "Authorization", bearer) != 0)
        {
            r = duet_client_fail(c, DUET_CLIENT_ERR_MEMORY,
                                 "%s %s: cannot build the headers", method,
                                 path);
            goto out;
        }
    }

    curl_easy_reset(h);
    if (curl_easy_setopt(h, CURLOPT_URL, url) != CURLE_OK
        || curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "https") != CURLE_OK
        || curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L) != CURLE_OK
        || curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L) != CURLE_OK
        || (c->ca_file != NULL
            && curl_easy_setopt(h, CURLOPT_CAINFO, c->ca_file) != CURLE_OK)
        || curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L) != CURLE_OK
        || curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L) != CURLE_OK
        || curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT,
                            (long) DUET_CLIENT_CONNECT_TIMEOUT) != CURLE_OK
        || curl_easy_setopt(h, CURLOPT_TIMEOUT, (long) DUET_CLIENT_TIMEOUT)
           != CURLE_OK
        || curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE,
                            (curl_off_t) DUET_CLIENT_MAX_RESPONSE) != CURLE_OK
        || curl_easy_setopt(h, CURLOPT_USERAGENT, "duet/" PACKAGE_VERSION)
           != CURLE_OK
        || curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers) != CURLE_OK
        || curl_easy_setopt(h, CURLOPT_ERRORBUFFER, curl_err) != CURLE_OK
        || curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, duet_client_write_cb)
           != CURLE_OK
        || curl_easy_setopt(h, CURLOPT_WRITEDATA, b) != CURLE_OK
        || curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, duet_client_header_cb)
           != CURLE_OK
        || curl_easy_setopt(h, CURLOPT_HEADERDATA, c) != CURLE_OK)
    {
        r = duet_client_fail(c, DUET_CLIENT_ERR_TRANSPORT,
                             "%s %s: cannot set up libcurl", method, path);
        goto out;
    }
    if (strcmp(method, "GET") == 0) {
        e = curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    } else {
        if (strcmp(method, "POST") != 0) {
            e = curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
        } else {
            e = curl_easy_setopt(h, CURLOPT_POST, 1L);
        }
        if (e == CURLE_OK && (body != NULL || strcmp(method, "POST") == 0)) {
            e = curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
                                 (curl_off_t) (body != NULL ? body_len : 0));
            if (e == CURLE_OK) {
                e = curl_easy_setopt(h, CURLOPT_POSTFIELDS,
                                     body != NULL ? body : "");
            }
        }
    }
    if (e != CURLE_OK) {
        r = duet_client_fail(c, DUET_CLIENT_ERR_TRANSPORT,
                             "%s %s: cannot set up libcurl", method, path);
        goto out;
    }

    e = curl_easy_perform(h);
    c->curl_code = (int) e;
    if (e != CURLE_OK) {
        if (b->nomem) {
            r = duet_client_fail(c, DUET_CLIENT_ERR_MEMORY,
                                 "%s %s: out of memory", method, path);
        } else if (b->overflow || e == CURLE_FILESIZE_EXCEEDED) {
            r = duet_client_fail(c, DUET_CLIENT_ERR_TRANSPORT,
                                 "%s %s: answer over %u bytes", method, path,
                                 DUET_CLIENT_MAX_RESPONSE);
        } else {
            r = duet_client_fail(c, DUET_CLIENT_ERR_TRANSPORT, "%s %s: %s%s%s",
                                 method, path, curl_easy_strerror(e),
                                 curl_err[0] != '\0' ? ": " : "", curl_err);
        }
        goto out;
    }
    if (curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code) != CURLE_OK
        || code < 100 || code > 599)
    {
        r = duet_client_fail(c, DUET_CLIENT_ERR_TRANSPORT,
                             "%s %s: no HTTP status", method, path);
        goto out;
    }
    c->status = (int) code;
    r = 0;

out:
    /* The handle must not keep pointers to our stack or the slist. */
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, NULL);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, NULL);
    curl_slist_free_all(headers);
    duet_memclear(bearer, sizeof(bearer));
    return r;
}


static void
duet_client_body_free(struct duet_client_body *b)
{
    if (b->data != NULL) {
        duet_memclear(b->data, b->cap);
        free(b->data);
    }
    memset(b, 0, sizeof(*b));
}


struct json_object *
duet_client_json_parse(const char *text, size_t len)
{
    struct json_tokener  *tok;
    struct json_object   *o;
    size_t                end;

    if (len > (size_t) INT32_MAX || (tok = json_tokener_new()) == NULL) {
        return NULL;
    }
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
    o = json_tokener_parse_ex(tok, text, (int) len);
    if (o != NULL && json_tokener_get_error(tok) == json_tokener_success) {
        for (end = json_tokener_get_parse_end(tok); end < len; end++) {
            if (text[end] != ' ' && text[end] != '\n' && text[end] != '\r'
                && text[end] != '\t')
            {
                duet_client_json_put(o);
                o = NULL;
                break;
            }
        }
    } else if (o != NULL) {
        duet_client_json_put(o);
        o = NULL;
    }
    json_tokener_free(tok);
    return o;
}


static void
duet_client_json_wipe(struct json_object *o)
{
    struct json_object  *v;
    size_t               i, n;

    switch (json_object_get_type(o)) {
    case json_type_string:
        duet_memclear((char *) json_object_get_string(o),
                      (size_t) json_object_get_string_len(o));
        break;
    case json_type_array:
        n = json_object_array_length(o);
        for (i = 0; i < n; i++) {
            duet_client_json_wipe(json_object_array_get_idx(o, i));
        }
        break;
    case json_type_object:
        {
            struct json_object_iterator  it, end;

            it = json_object_iter_begin(o);
            end = json_object_iter_end(o);
            while (!json_object_iter_equal(&it, &end)) {
                v = json_object_iter_peek_value(&it);
                if (v != NULL) {
                    duet_client_json_wipe(v);
                }
                json_object_iter_next(&it);
            }
        }
        break;
    default:
        break;
    }
}


void
duet_client_json_put(struct json_object *o)
{
    if (o != NULL) {
        duet_client_json_wipe(o);
        json_object_put(o);
    }
}


/* Copy text into out as printable ASCII, at most max characters. */
static void
duet_client_sanitize(char *out, size_t size, const char *text, size_t max)
{
    size_t  i;

    for (i = 0; i + 1 < size && i < max && text[i] != '\0'; i++) {
        out[i] = text[i] >= 0x20 && text[i] < 0x7f ? text[i] : '?';
    }
    out[i] = '\0';
}


/* A guardrail refusal's reasons, one per line, kept for the caller. */
static void
duet_client_violations_keep(struct duet_client *c, struct json_object *o)
{
    struct json_object  *arr, *x, *reason;
    char                 line[DUET_CLIENT_REASON_MAX + 1];
    size_t               i, n, off = 0;
    int                  k;

    c->violations[0] = '\0';
    if (o == NULL || !json_object_object_get_ex(o, "violations", &arr)
        || !json_object_is_type(arr, json_type_array))
    {
        return;
    }
    n = json_object_array_length(arr);
    for (i = 0; i < n; i++) {
        x = json_object_array_get_idx(arr, i);
        if (!json_object_object_get_ex(x, "reason", &reason)
            || !json_object_is_type(reason, json_type_string))
        {
            continue;
        }
        duet_client_sanitize(line, sizeof(line),
                             json_object_get_string(reason),
                             DUET_CLIENT_REASON_MAX);
        k = snprintf(c->violations + off, sizeof(c->violations) - off,
                     "%s%s", off > 0 ? "\n" : "", line);
        if (k < 0 || (size_t) k >= sizeof(c->violations) - off) {
            break;
        }
        off += (size_t) k;
    }
}


/* The error line of a 4xx/5xx answer. */
static int
duet_client_http_error(struct duet_client *c, const char *method,
    const char *path, const struct duet_client_body *b)
{
    struct json_object  *o = NULL, *v, *culprit, *party, *reason;
    char                 msg[DUET_CLIENT_REASON_MAX + 1] = "";
    char                 why[DUET_CLIENT_REASON_MAX + 1] = "";
    char                 blame[DUET_CLIENT_REASON_MAX + 64] = "";
    char                 retry[48] = "";

    if (b->len > 0 && (o = duet_client_json_parse(b->data, b->len)) != NULL
        && json_object_is_type(o, json_type_object))
    {
        if (json_object_object_get_ex(o, "message", &v)
            && json_object_is_type(v, json_type_string))
        {
            duet_client_sanitize(msg, sizeof(msg), json_object_get_string(v),
                                 DUET_CLIENT_REASON_MAX);
        }
        if (json_object_object_get_ex(o, "culprit", &culprit)
            && json_object_is_type(culprit, json_type_object)
            && json_object_object_get_ex(culprit, "party", &party)
            && json_object_is_type(party, json_type_int))
        {
            if (json_object_object_get_ex(culprit, "reason", &reason)
                && json_object_is_type(reason, json_type_string))
            {
                duet_client_sanitize(why, sizeof(why),
                                     json_object_get_string(reason), 80);
            }
            snprintf(blame, sizeof(blame), " (culprit: party %d%s%s)",
                     (int) json_object_get_int(party), why[0] ? ", " : "",
                     why);
        }
    }
    duet_client_violations_keep(c, o);
    duet_client_json_put(o);
    if (c->retry_after > 0) {
        snprintf(retry, sizeof(retry), " (retry after %u s)",
                 c->retry_after);
    }
    return duet_client_fail(c, DUET_CLIENT_ERR_HTTP, "%s %s: %d%s%s%s%s%s%s",
                            method, path, c->status,
                            duet_client_status_text(c->status)[0] ? " " : "",
                            duet_client_status_text(c->status),
                            msg[0] ? ": " : "", msg, blame, retry);
}


int
duet_client_call(struct duet_client *c, const char *method,
    const char *path, const char *body, size_t body_len,
    struct json_object **resp)
{
    struct duet_client_body  b;
    struct json_object      *o = NULL;
    int                      r;

    *resp = NULL;
    memset(&b, 0, sizeof(b));
    if ((r = duet_client_perform(c, method, path, body, body_len, &b)) != 0)
    {
        goto out;
    }
    if (c->status < 200 || c->status > 299) {
        r = duet_client_http_error(c, method, path, &b);
        goto out;
    }
    if (b.len > 0) {
        o = duet_client_json_parse(b.data, b.len);
        if (o == NULL || !json_object_is_type(o, json_type_object)) {
            duet_client_json_put(o);
            r = duet_client_fail(c, DUET_CLIENT_ERR_MISMATCH,
                                 "%s %s: %d answer is not a JSON object",
                                 method, path, c->status);
            goto out;
        }
    }
    *resp = o;
    r = 0;

out:
    duet_client_body_free(&b);
    return r;
}


int
duet_client_retryable(const struct duet_client *c, int err)
{
    if (err == DUET_CLIENT_ERR_HTTP) {
        return c->status == 409 || c->status == 502 || c->status == 503
               || c->status == 504;
    }
    if (err == DUET_CLIENT_ERR_TRANSPORT) {
        /* The connection broke after the request may have arrived. */
        return c->curl_code == CURLE_GOT_NOTHING
               || c->curl_code == CURLE_SEND_ERROR
               || c->curl_code == CURLE_RECV_ERROR
               || c->curl_code == CURLE_PARTIAL_FILE
               || c->curl_code == CURLE_COULDNT_CONNECT;
    }
    return 0;
}


int
duet_client_request(struct duet_client *c, const char *method,
    const char *path, const char *body, int *status, char **resp)
{
    struct duet_client_body  b;
    int                      r;

    *status = 0;
    *resp = NULL;
    memset(&b, 0, sizeof(b));
    r = duet_client_perform(c, method, path, body,
                            body != NULL ? strlen(body) : 0, &b);
    if (r != 0) {
        duet_client_body_free(&b);
        return DUET_CLIENT_ERR_TRANSPORT;
    }
    *status = c->status;
    if (b.data == NULL) {
        if ((*resp = calloc(1, 1)) == NULL) {
            return DUET_CLIENT_ERR_MEMORY;
        }
        return 0;
    }
    /* Handed over as is: the caller owns (and wipes) the answer. */
    *resp = b.data;
    return 0;
}
