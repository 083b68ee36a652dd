/*
 * api-matrix-t.c -- bad input for every route of duetd's table
 * (fcgi_app/router.c), through the real nginx in front of the real duetd
 * (scripts/run-local), and the proof that nothing changed afterwards.
 *
 * Every refusal must be duetd's error object {statusCode, message,
 * timestamp} with the right status and a message naming the field or the
 * problem, and after every batch the state is read back: the signers
 * (GET /signers and GET /signers/{id} byte for byte), their KMS objects
 * (data/kms/signers/<id>.json byte for byte), the sessions created and
 * live (/metrics); an open session must still take its next round.
 *
 *   bodies   malformed, truncated, non-object JSON, unknown fields, wrong
 *            types, oversized fields, oversized bodies (nginx answers 413
 *            itself, in duet's error shape (nginx-conf's error_page),
 *            above its client_max_body_size: 1m, 8m for
 *            the DKG rounds; duetd's own limits are the same, so only the
 *            0-byte limit of a GET and the 64-byte one of the other
 *            body-less routes are duetd's), wrong Content-Type, a body on
 *            a body-less route;
 *   auth     none, a wrong operator token, an API key of the wrong shape,
 *            an unknown one, another signer's, the operator token where an
 *            API key is wanted and the reverse;
 *   sessions unknown, another node's, malformed, expired, completed,
 *            another signer's, another kind's; a replayed round (the same
 *            bytes back), rounds out of order, a message twice, too many,
 *            not base64url, of another session, protocol or party;
 *   abort    a tampered DKG message (party 2) and a tampered presign proof
 *            (party 0): 422 with the culprit, the session wiped, the DKG's
 *            signer failed;
 *   states   paused (before and during a session), resumed, revoked
 *            (share gone from the KMS, key dead, every change refused),
 *            a regenerated key;
 *   limits   a second configuration on the same data (session_capacity 2,
 *            session_idle 5 s, no prime generation): a full table answers
 *            503 with Retry-After and its sessions still complete; expired
 *            sessions answer 410; an empty prime pool answers 503 and
 *            leaves no signer behind; /health and /metrics count.
 *
 * The client parties are run here with libduet (as cli/client.c does), so
 * that messages can be replayed, reordered and tampered with.  Skips
 * without nginx, duetd or the nginx module.  DUET_KEEP_TMP=1 keeps the
 * directory.
 */

#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include <curl/curl.h>
#include <json-c/json.h>

#include "duet.h"
#include "duet_aux.h"
#include "duet_keygen.h"
#include "duet_keyshare.h"
#include "duet_session.h"
#include "duet_sign.h"
#include "duet_util.h"
#include "basic.h"
#include "client.h"
#include "client_int.h"
#include "e2e-util.h"

#define M_LEVEL        DUET_LEVEL_112
#define M_WORKERS      2
#define M_POOL_WAIT    90          /* seconds for 4 primes                */
#define M_MSGS         32          /* messages of one call, at most       */
#define M_RESP_MAX     (1u << 20)  /* bytes of one answer                 */
#define M_TRACKED      4           /* signers whose state is compared     */
#define M_CAPACITY_B   2           /* session_capacity of the second run  */
#define M_IDLE_B       5           /* session_idle of the second run      */
#define M_TTL_B        10          /* session_ttl of the second run       */

static struct e2e_service   svc;
static struct duet_client  *cop;             /* for /health: the pool  */
static CURL                *curl;
static char                 dir[256];
static char                 op[64];           /* the operator token       */

/* Credentials that are wrong in each way the router tells apart. */
static const char  bad_op[] =
    "duet_op_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
static const char  bad_shape_key[] = "duet_live_short";
static const char  unknown_key[] =
    "duet_live_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

/* Signers whose public state must not move when a request is refused. */
static const char  *tracked[M_TRACKED];
static size_t       ntracked;


/* HTTP, with every header and byte under the test's control. */

struct resp {
    int                  status;
    char                *body;
    size_t               len;
    char                 retry_after[16];
    char                 allow[64];
    char                 ctype[96];
    struct json_object  *json;       /* the body, when it is JSON          */
};


static size_t
on_body(char *p, size_t size, size_t n, void *arg)
{
    struct resp  *r = arg;
    size_t        k = size * n;
    char         *b;

    if (r->len + k > M_RESP_MAX || (b = realloc(r->body, r->len + k + 1))
        == NULL)
    {
        return 0;
    }
    memcpy(b + r->len, p, k);
    r->body = b;
    r->len += k;
    r->body[r->len] = '\0';
    return k;
}


/* Copy the value of header `name` out of the line p[0..k), if it is. */
static void
header_value(const char *p, size_t k, const char *name, char *out,
    size_t size)
{
    size_t  n = strlen(name), v;

    if (k <= n || strncasecmp(p, name, n) != 0 || p[n] != ':') {
        return;
    }
    p += n + 1;
    k -= n + 1;
    while (k > 0 && (*p == ' ' || *p == '\t')) {
        p++;
        k--;
    }
    while (k > 0 && (p[k - 1] == '\r' || p[k - 1] == '\n' || p[k - 1] == ' '))
    {
        k--;
    }
    v = k < size - 1 ? k : size - 1;
    memcpy(out, p, v);
    out[v] = '\0';
}


static size_t
on_header(char *p, size_t size, size_t n, void *arg)
{
    struct resp  *r = arg;
    size_t        k = size * n;

    header_value(p, k, "Retry-After", r->retry_after,
                 sizeof(r->retry_after));
    header_value(p, k, "Allow", r->allow, sizeof(r->allow));
    header_value(p, k, "Content-Type", r->ctype, sizeof(r->ctype));
    return k;
}


static void
resp_free(struct resp *r)
{
    json_object_put(r->json);
    free(r->body);
    memset(r, 0, sizeof(*r));
}


/*
 * One request.  opt: the operator token (Authorization: Bearer), key: the
 * x-api-key header, ctype: the Content-Type of body (NULL: JSON), body of
 * len bytes (NULL: none).
 */
static void
call(struct resp *r, const char *method, const char *path, const char *opt,
    const char *key, const char *ctype, const char *body, size_t len)
{
    struct curl_slist  *h = NULL;
    char                url[700], line[200];
    CURLcode            rc;
    long                code = 0;

    memset(r, 0, sizeof(*r));
    curl_easy_reset(curl);
    snprintf(url, sizeof(url), "%s%s", svc.url, path);
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_CAINFO, svc.ca);
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 120L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, r);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, r);
    if (body != NULL) {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                         (curl_off_t) len);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
        snprintf(line, sizeof(line), "Content-Type: %s",
                 ctype != NULL ? ctype : "application/json");
        h = curl_slist_append(h, line);
    } else if (strcmp(method, "GET") != 0) {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) 0);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, "");
        h = curl_slist_append(h, "Content-Type:");
    }
    if (opt != NULL) {
        snprintf(line, sizeof(line), "Authorization: Bearer %s", opt);
        h = curl_slist_append(h, line);
    }
    if (key != NULL) {
        snprintf(line, sizeof(line), "x-api-key: %s", key);
        h = curl_slist_append(h, line);
    }
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, h);
    rc = curl_easy_perform(curl);
    curl_slist_free_all(h);
    if (rc != CURLE_OK) {
        diag("%s %s: %s", method, path, curl_easy_strerror(rc));
        return;
    }
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
    r->status = (int) code;
    if (r->body != NULL && strncmp(r->ctype, "application/json", 16) == 0) {
        r->json = json_tokener_parse(r->body);
    }
}


/* A JSON request (or none when body is NULL). */
static void
callj(struct resp *r, const char *method, const char *path, const char *opt,
    const char *key, const char *body)
{
    call(r, method, path, opt, key, NULL, body,
         body != NULL ? strlen(body) : 0);
}


static struct json_object *
get(struct json_object *o, const char *k)
{
    struct json_object  *v = NULL;

    if (o == NULL || !json_object_object_get_ex(o, k, &v)) {
        return NULL;
    }
    return v;
}


static const char *
get_str(struct json_object *o, const char *k)
{
    struct json_object  *v = get(o, k);

    return v != NULL && json_object_is_type(v, json_type_string)
           ? json_object_get_string(v) : NULL;
}


/* "2024-05-01T12:00:00.000Z", within ten minutes of now. */
static int
iso8601_ok(const char *s)
{
    static const char  shape[] = "dddd-dd-ddTdd:dd:dd.dddZ";
    struct tm          tm;
    size_t             i;
    time_t             t;

    if (s == NULL || strlen(s) != sizeof(shape) - 1) {
        return 0;
    }
    for (i = 0; shape[i] != '\0'; i++) {
        if (shape[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != shape[i]) {
            return 0;
        }
    }
    memset(&tm, 0, sizeof(tm));
    if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon,
               &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
    {
        return 0;
    }
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    t = timegm(&tm);
    return t > time(NULL) - 600 && t < time(NULL) + 600;
}


/*
 * r is duetd's error object with status, its message holding needle;
 * timestamp ISO-8601; no members but statusCode, message, timestamp and
 * (on 422 and policy 403s) culprit or violations.
 */
static int
is_err(const struct resp *r, int status, const char *needle,
    const char *fmt, ...)
{
    struct json_object  *sc;
    const char          *m = NULL;
    char                 what[256];
    va_list              ap;
    int                  good, members;

    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    sc = get(r->json, "statusCode");
    members = 3 + (get(r->json, "culprit") != NULL)
              + (get(r->json, "violations") != NULL);
    good = r->status == status && r->json != NULL
           && json_object_is_type(r->json, json_type_object)
           && json_object_object_length(r->json) == members
           && sc != NULL && json_object_is_type(sc, json_type_int)
           && json_object_get_int(sc) == status
           && (m = get_str(r->json, "message")) != NULL && m[0] != '\0'
           && iso8601_ok(get_str(r->json, "timestamp"))
           && (needle == NULL || strstr(m, needle) != NULL);
    ok(good, "%s: %d \"%s\"", what, r->status, m != NULL ? m : "");
    if (!good) {
        diag("wanted %d with \"%s\", got %d: %.400s", status,
             needle != NULL ? needle : "", r->status,
             r->body != NULL ? r->body : "(no body)");
    }
    return good;
}


/* Call, check the error, release. */
static void
expect(const char *method, const char *path, const char *opt,
    const char *key, const char *ctype, const char *body, int status,
    const char *needle, const char *what)
{
    struct resp  r;

    call(&r, method, path, opt, key, ctype, body,
         body != NULL ? strlen(body) : 0);
    is_err(&r, status, needle, "%s", what);
    resp_free(&r);
}


/* A 413 of nginx's own (duetd never saw the body), in duet's shape. */
static void
expect_nginx_413(const char *path, const char *opt, const char *key,
    size_t size, const char *what)
{
    struct resp  r;
    char        *body;

    body = bmalloc(size + 1);
    memset(body, 'A', size);
    memcpy(body, "{\"messages\":[\"", 14);
    memcpy(body + size - 3, "\"]}", 3);
    body[size] = '\0';
    call(&r, "POST", path, opt, key, NULL, body, size);
    is_err(&r, 413, "request body too large",
           "%s: nginx answers 413 itself for %zu bytes "
           "(client_max_body_size)", what, size);
    resp_free(&r);
    free(body);
}


/* State that a refused request must leave alone. */

static double
metric(const char *text, const char *name)
{
    const char  *p = text;
    size_t       n = strlen(name);

    while (p != NULL && *p != '\0') {
        if (strncmp(p, name, n) == 0 && p[n] == ' ') {
            return strtod(p + n + 1, NULL);
        }
        p = strchr(p, '\n');
        p = p != NULL ? p + 1 : NULL;
    }
    return -1;
}


/* A signers-by-status gauge of /metrics, or -1. */
static double
signers_metric(const char *status)
{
    struct resp  r;
    char         name[64];
    double       v;

    snprintf(name, sizeof(name), "duetd_signers{status=\"%s\"}", status);
    call(&r, "GET", "/metrics", NULL, NULL, NULL, NULL, 0);
    v = r.body != NULL ? metric(r.body, name) : -1;
    resp_free(&r);
    return v;
}


struct snap {
    char     *list;                  /* GET /signers                     */
    char     *one[M_TRACKED];        /* GET /signers/{id}                */
    uint8_t  *kms[M_TRACKED];        /* data/kms/signers/<id>.json       */
    size_t    kms_len[M_TRACKED];
    double    created, live;         /* /metrics                         */
};


static uint8_t *
read_all(const char *path, size_t *len)
{
    struct stat   sb;
    uint8_t      *b;
    FILE         *f;

    *len = 0;
    if ((f = fopen(path, "rb")) == NULL) {
        return NULL;
    }
    if (fstat(fileno(f), &sb) != 0) {
        fclose(f);
        return NULL;
    }
    b = bmalloc((size_t) sb.st_size + 1);
    *len = fread(b, 1, (size_t) sb.st_size, f);
    fclose(f);
    return b;
}


static void
kms_path(char *out, size_t size, const char *signer_id)
{
    snprintf(out, size, "%s/data/kms/signers/%s.json", svc.state, signer_id);
}


static char *
get_body(const char *path)
{
    struct resp   r;
    char         *b;

    callj(&r, "GET", path, op, NULL, NULL);
    b = r.status == 200 && r.body != NULL ? strdup(r.body) : NULL;
    resp_free(&r);
    return b;
}


static void
snap_take(struct snap *s)
{
    struct resp  r;
    char         path[400];
    size_t       i;

    memset(s, 0, sizeof(*s));
    s->list = get_body("/api/v1/signers");
    for (i = 0; i < ntracked; i++) {
        snprintf(path, sizeof(path), "/api/v1/signers/%s", tracked[i]);
        s->one[i] = get_body(path);
        kms_path(path, sizeof(path), tracked[i]);
        s->kms[i] = read_all(path, &s->kms_len[i]);
    }
    call(&r, "GET", "/metrics", NULL, NULL, NULL, NULL, 0);
    s->created = r.body != NULL
                 ? metric(r.body, "duetd_sessions_created_total") : -1;
    s->live = r.body != NULL ? metric(r.body, "duetd_sessions_live") : -1;
    resp_free(&r);
}


static void
snap_free(struct snap *s)
{
    size_t  i;

    free(s->list);
    for (i = 0; i < M_TRACKED; i++) {
        free(s->one[i]);
        free(s->kms[i]);
    }
    memset(s, 0, sizeof(*s));
}


static int
same_str(const char *a, const char *b)
{
    return a != NULL && b != NULL && strcmp(a, b) == 0;
}


/* Take a new snapshot and compare it with before (which is released). */
static void
snap_check(struct snap *before, const char *what)
{
    struct snap  now;
    size_t       i;
    int          good, same_kms = 1, same_one = 1;

    snap_take(&now);
    for (i = 0; i < ntracked; i++) {
        same_one &= same_str(before->one[i], now.one[i]);
        same_kms &= before->kms_len[i] == now.kms_len[i]
                    && (before->kms[i] == NULL) == (now.kms[i] == NULL)
                    && (before->kms[i] == NULL
                        || memcmp(before->kms[i], now.kms[i],
                                  now.kms_len[i]) == 0);
    }
    good = same_str(before->list, now.list) && same_one && same_kms
           && before->created >= 0 && before->created == now.created
           && before->live == now.live;
    ok(good, "%s: nothing changed (%zu signers, their KMS objects, "
       "%.0f sessions created, %.0f live)", what, ntracked, now.created,
       now.live);
    if (!good) {
        diag("list %s, signers %s, KMS %s, created %.0f -> %.0f, live "
             "%.0f -> %.0f", same_str(before->list, now.list) ? "same"
             : "changed", same_one ? "same" : "changed",
             same_kms ? "same" : "changed", before->created, now.created,
             before->live, now.live);
    }
    snap_free(before);
    snap_free(&now);
}


static void
track(const char *signer_id)
{
    if (ntracked == M_TRACKED) {
        bail("too many tracked signers");
    }
    tracked[ntracked++] = signer_id;
}


/* Protocol messages. */

struct mlist {
    uint8_t  *m[M_MSGS];
    size_t    len[M_MSGS];
    size_t    n;
};


static void
ml_add(struct mlist *l, const uint8_t *m, size_t len)
{
    if (l->n == M_MSGS) {
        bail("more than %d messages", M_MSGS);
    }
    l->m[l->n] = bmalloc(len);
    memcpy(l->m[l->n], m, len);
    l->len[l->n++] = len;
}


static void
ml_clear(struct mlist *l)
{
    size_t  i;

    for (i = 0; i < l->n; i++) {
        duet_memclear(l->m[i], l->len[i]);
        free(l->m[i]);
    }
    memset(l, 0, sizeof(*l));
}


static void
ml_copy(struct mlist *to, const struct mlist *from)
{
    size_t  i;

    memset(to, 0, sizeof(*to));
    for (i = 0; i < from->n; i++) {
        ml_add(to, from->m[i], from->len[i]);
    }
}


/* {"messages": [...]} of l, malloc'd. */
static char *
ml_json(const struct mlist *l)
{
    size_t   i, size = 32, n;
    char    *s, *p;

    for (i = 0; i < l->n; i++) {
        size += DUET_BASE64URL_ENCODED_SIZE(l->len[i]) + 3;
    }
    s = bmalloc(size);
    p = s;
    p += sprintf(p, "{\"messages\":[");
    for (i = 0; i < l->n; i++) {
        if (i > 0) {
            *p++ = ',';
        }
        *p++ = '"';
        n = DUET_BASE64URL_ENCODED_SIZE(l->len[i]);
        if (duet_base64url_encode(p, n, l->m[i], l->len[i]) != 0) {
            bail("base64url");
        }
        p += strlen(p);
        *p++ = '"';
    }
    strcpy(p, "]}");
    return s;
}


static int
ml_from_json(struct mlist *l, struct json_object *arr)
{
    const char  *t;
    uint8_t     *b;
    size_t       i, n, len;

    memset(l, 0, sizeof(*l));
    if (arr == NULL || !json_object_is_type(arr, json_type_array)) {
        return -1;
    }
    n = json_object_array_length(arr);
    for (i = 0; i < n; i++) {
        t = json_object_get_string(json_object_array_get_idx(arr, i));
        b = bmalloc(strlen(t) + 1);
        if (duet_base64url_decode(b, strlen(t) + 1, &len, t, strlen(t))
            != 0)
        {
            free(b);
            return -1;
        }
        ml_add(l, b, len);
        free(b);
    }
    return 0;
}


/*
 * The envelope (duet_session.h; crypto/src/protocol/session.c): magic (2),
 * version (1), protocol (1), sid length (1), sid, round (1), sender (1),
 * recipient (1), payload length (4, big-endian), payload.
 */
#define ENV_SID       5
#define ENV_FIXED     12

static uint8_t  env_head[3];         /* magic and version, from duetd */


/* A message of our making, shaped like any other. */
static void
craft(struct mlist *l, int proto, const char *esid, int round, int sender,
    int recipient, const uint8_t *payload, size_t plen)
{
    size_t    sl = strlen(esid), n = ENV_FIXED + sl + plen;
    uint8_t  *b = bmalloc(n);

    memcpy(b, env_head, 3);
    b[3] = (uint8_t) proto;
    b[4] = (uint8_t) sl;
    memcpy(b + ENV_SID, esid, sl);
    b[ENV_SID + sl] = (uint8_t) round;
    b[ENV_SID + sl + 1] = (uint8_t) sender;
    b[ENV_SID + sl + 2] = (uint8_t) recipient;
    b[ENV_SID + sl + 3] = (uint8_t) (plen >> 24);
    b[ENV_SID + sl + 4] = (uint8_t) (plen >> 16);
    b[ENV_SID + sl + 5] = (uint8_t) (plen >> 8);
    b[ENV_SID + sl + 6] = (uint8_t) plen;
    if (plen > 0) {
        memcpy(b + ENV_FIXED + sl, payload, plen);
    }
    ml_add(l, b, n);
    free(b);
}


/* The one message of l from sender of proto; bails if there is none. */
static size_t
ml_find(const struct mlist *l, int sender, int proto, int p2p)
{
    struct duet_msg_info  info;
    size_t                i;

    for (i = 0; i < l->n; i++) {
        if (duet_msg_peek(&info, l->m[i], l->len[i]) == 0
            && info.sender == sender && info.proto == proto
            && (info.recipient != DUET_BROADCAST) == p2p)
        {
            return i;
        }
    }
    bail("no %s message of party %d, protocol %d", p2p ? "p2p" : "bcast",
         sender, proto);
}


/*
 * Flip one bit of message i's payload (the envelope stays intact, so the
 * sender is the culprit), back bytes before its end: the last bytes of a
 * payload are a proof's response, the middle of a short one its value.
 */
static size_t
tamper(struct mlist *l, size_t i, size_t back)
{
    struct duet_msg_info  info;
    size_t                at;

    if (duet_msg_peek(&info, l->m[i], l->len[i]) != 0
        || info.payload_len <= back)
    {
        bail("tamper: not a message");
    }
    at = l->len[i] - back;
    l->m[i][at] ^= 0x10;
    return info.payload_len;
}


/* Give message i the round number `round` (its payload unchanged). */
static void
relabel(struct mlist *l, size_t i, int round)
{
    size_t  sl = l->m[i][4];

    l->m[i][ENV_SID + sl] = (uint8_t) round;
}


/* The client parties: a DKG (0 and 2) or a signing (0), one call a time. */

#define RUN_CALLS  4

struct run {
    int                        dkg;
    const char                *name;
    char                       sid[64];
    char                       signer_id[40];
    struct duet_session       *s[4];
    int                        party[4];
    size_t                     ns;
    struct mlist               in;         /* duetd's, for the next step  */
    struct mlist               out;        /* ours for duetd, this call   */
    int                        call;       /* the call prepared, 1..4     */
    char                      *body[RUN_CALLS + 1];
    char                      *reply[RUN_CALLS + 1];
    const char                *key;        /* signing: the API key        */
    const struct duet_client_share  *share;
    const char                *text;       /* signing: personal_sign data */
    struct duet_client_share   mine;       /* DKG: party 0's result       */
    char                       api_key[64];
    char                       pubkey[70];
};


static void
run_path(const struct run *r, char *out, size_t size, const char *sid,
    const char *tail)
{
    snprintf(out, size, "/api/v1/%s/sessions/%s/%s", r->dkg ? "dkg" : "sign",
             sid != NULL ? sid : r->sid, tail);
}


static void
run_free(struct run *r)
{
    size_t  i;

    for (i = 0; i < 4; i++) {
        duet_session_destroy(r->s[i]);
    }
    ml_clear(&r->in);
    ml_clear(&r->out);
    for (i = 0; i <= RUN_CALLS; i++) {
        free(r->body[i]);
        free(r->reply[i]);
    }
    if (r->mine.keyshare != NULL) {
        duet_memclear(r->mine.keyshare, r->mine.keyshare_len);
        duet_memclear(r->mine.aux, r->mine.aux_len);
    }
    free(r->mine.keyshare);
    free(r->mine.aux);
    duet_memclear(r->api_key, sizeof(r->api_key));
    memset(r, 0, sizeof(*r));
}


/* The answer of a creation: remember duetd's first messages. */
static int
run_created(struct run *r, struct json_object *o, struct json_object *msgs)
{
    const char  *sid = get_str(o, "sessionId");

    if (sid == NULL || strlen(sid) >= sizeof(r->sid)
        || ml_from_json(&r->in, msgs) != 0 || r->in.n == 0)
    {
        return -1;
    }
    memcpy(r->sid, sid, strlen(sid) + 1);
    memcpy(env_head, r->in.m[0], 3);
    return 0;
}


/* POST /signers and start parties 0 and 2 on primes p0..p0+7. */
static int
dkg_open(struct run *r, const char *name, unsigned p0)
{
    static const int   parties[2] = { DUET_PARTY_SIGNER, DUET_PARTY_USER };
    struct json_object *dkg;
    struct resp        rs;
    const uint8_t     *pp[8];
    uint8_t            pb[8][E2E_PRIME_BYTES];
    size_t             pl[8];
    char               body[200], esid[2][DUET_SID_MAX + 16];
    const char        *id;
    int                i, good;

    memset(r, 0, sizeof(*r));
    r->dkg = 1;
    r->name = name;
    r->call = 1;
    if (e2e_pool_wait(cop, 4, M_POOL_WAIT) < 4) {
        diag("%s: the prime pool stays below 4", name);
    }
    snprintf(body, sizeof(body), "{\"name\":\"%s\"}", name);
    callj(&rs, "POST", "/api/v1/signers", op, NULL, body);
    dkg = get(rs.json, "dkg");
    id = get_str(rs.json, "signerId");
    good = rs.status == 201 && id != NULL && strlen(id) == 36
           && run_created(r, dkg, get(dkg, "messages")) == 0;
    ok(good, "%s: POST /signers -> 201, session %s", name,
       good ? r->sid : "none");
    if (!good) {
        diag("%d: %s", rs.status, rs.body != NULL ? rs.body : "");
        resp_free(&rs);
        return -1;
    }
    memcpy(r->signer_id, id, 37);
    resp_free(&rs);

    for (i = 0; i < 8; i++) {
        e2e_load_prime(pb[i], &pl[i], p0 + (unsigned) i);
        pp[i] = pb[i];
    }
    snprintf(esid[0], sizeof(esid[0]), "%s/keygen", r->sid);
    snprintf(esid[1], sizeof(esid[1]), "%s/aux", r->sid);
    for (i = 0; i < 2; i++) {
        r->party[i] = parties[i];
        r->party[2 + i] = parties[i];
        if (duet_keygen_start(&r->s[i], (const uint8_t *) esid[0],
                              strlen(esid[0]), M_LEVEL, parties[i]) != 0
            || duet_aux_start(&r->s[2 + i], (const uint8_t *) esid[1],
                              strlen(esid[1]), M_LEVEL, parties[i],
                              pp + 4 * i, pl + 4 * i) != 0)
        {
            bail("%s: cannot start the client parties", name);
        }
    }
    r->ns = 4;
    duet_memclear(pb, sizeof(pb));
    return 0;
}


/* POST /sign-message/sessions (personal_sign) and start party 0. */
static int
sign_open(struct run *r, const char *name, const char *key,
    const struct duet_client_share *share, const char *text)
{
    static const int  pair[2] = { DUET_PARTY_SIGNER, DUET_PARTY_SERVER };
    struct resp       rs;
    char              body[300], esid[DUET_SID_MAX + 16];
    int               good;

    memset(r, 0, sizeof(*r));
    r->name = name;
    r->call = 1;
    r->key = key;
    r->share = share;
    r->text = text;
    snprintf(body, sizeof(body), "{\"message\":{\"kind\":\"personal_sign\","
             "\"data\":\"%s\"}}", text);
    callj(&rs, "POST", "/api/v1/sign-message/sessions", NULL, key, body);
    good = rs.status == 201
           && run_created(r, rs.json, get(rs.json, "messages")) == 0;
    ok(good, "%s: POST /sign-message/sessions -> 201, session %s", name,
       good ? r->sid : "none");
    if (!good) {
        diag("%d: %s", rs.status, rs.body != NULL ? rs.body : "");
        resp_free(&rs);
        return -1;
    }
    resp_free(&rs);
    snprintf(esid, sizeof(esid), "%s/presign", r->sid);
    r->party[0] = DUET_PARTY_SIGNER;
    r->ns = 1;
    if (share == NULL
        || duet_presign_start(&r->s[0], (const uint8_t *) esid, strlen(esid),
                              share->keyshare, share->keyshare_len,
                              share->aux, share->aux_len, pair, NULL) != 0)
    {
        bail("%s: cannot start presigning", name);
    }
    return 0;
}


/*
 * Prepare call r->call: take our parties' messages for duetd into r->out
 * and r->body, then step each party with the round's messages (duetd's
 * and the other local party's).  Signing at call 3 turns the finished
 * presignature into the partial signature.
 */
static int
run_prepare(struct run *r)
{
    struct duet_msg_info  info;
    struct duet_presig   *token = NULL;
    struct duet_blame     blame;
    struct mlist          local;
    const uint8_t        *set[M_MSGS], *p;
    uint8_t              *pre;
    size_t                setl[M_MSGS], i, k, n, cnt, len, pre_len = 0;
    int                   e, proto, round;

    memset(&local, 0, sizeof(local));
    ml_clear(&r->out);
    for (i = 0; i < r->ns; i++) {
        cnt = duet_session_outgoing_count(r->s[i]);
        for (k = 0; k < cnt; k++) {
            if (duet_session_outgoing(r->s[i], k, &p, &len, NULL) != 0) {
                bail("outgoing");
            }
            ml_add(&local, p, len);
        }
    }
    for (k = 0; k < local.n; k++) {
        if (duet_msg_peek(&info, local.m[k], local.len[k]) != 0) {
            bail("peek");
        }
        if (info.recipient == DUET_PARTY_SERVER
            || info.recipient == DUET_BROADCAST)
        {
            ml_add(&r->out, local.m[k], local.len[k]);
        }
    }
    for (i = 0; i < r->ns; i++) {
        proto = duet_session_proto(r->s[i]);
        round = duet_session_round(r->s[i]);
        n = 0;
        for (k = 0; k < local.n + r->in.n; k++) {
            p = k < local.n ? local.m[k] : r->in.m[k - local.n];
            len = k < local.n ? local.len[k] : r->in.len[k - local.n];
            if (duet_msg_peek(&info, p, len) != 0) {
                bail("peek");
            }
            if (info.proto == proto && info.sender != r->party[i]
                && (info.recipient == r->party[i]
                    || info.recipient == DUET_BROADCAST)
                && (k >= local.n || info.round == round))
            {
                set[n] = p;
                setl[n++] = len;
            }
        }
        e = duet_session_step(r->s[i], set, setl, n, &blame);
        if (e != 0) {
            diag("%s call %d: party %d's step: %s (blame %d)", r->name,
                 r->call, r->party[i], duet_errname(e), blame.party);
            ml_clear(&local);
            return -1;
        }
    }
    ml_clear(&local);
    ml_clear(&r->in);

    if (!r->dkg && r->call == 3) {
        if (duet_session_result(r->s[0], NULL, &pre_len)
            != DUET_ERR_BUFFER_TOO_SMALL)
        {
            bail("%s: presigning did not finish", r->name);
        }
        pre = bmalloc(pre_len);
        if (duet_session_result(r->s[0], pre, &pre_len) != 0
            || duet_presig_take(&token, pre, pre_len) != 0)
        {
            bail("%s: no presignature", r->name);
        }
        duet_memclear(pre, pre_len);
        free(pre);
        duet_session_destroy(r->s[0]);
        r->s[0] = NULL;
        if (duet_sign_start(&r->s[0], token, DUET_SIGN_ETH_PERSONAL,
                            (const uint8_t *) r->text, strlen(r->text), NULL)
            != 0)
        {
            bail("%s: sign start", r->name);
        }
    }
    free(r->body[r->call]);
    r->body[r->call] = ml_json(&r->out);
    return 0;
}


static void
run_auth(const struct run *r, const char **opt, const char **key)
{
    *opt = r->dkg ? op : NULL;
    *key = r->dkg ? NULL : r->key;
}


/* POST the prepared call: 200, the right roundsRemaining; next call. */
static int
run_post(struct run *r)
{
    struct json_object  *left, *done;
    struct resp          rs;
    const char          *opt, *key;
    char                 path[200];
    int                  good;

    run_path(r, path, sizeof(path), NULL, "rounds");
    run_auth(r, &opt, &key);
    callj(&rs, "POST", path, opt, key, r->body[r->call]);
    left = get(rs.json, "roundsRemaining");
    done = get(rs.json, "complete");
    good = rs.status == 200 && left != NULL
           && json_object_get_int(left) == RUN_CALLS - r->call
           && done != NULL
           && json_object_get_boolean(done) == (r->call == RUN_CALLS)
           && ml_from_json(&r->in, get(rs.json, "messages")) == 0;
    ok(good, "%s: call %d -> 200, roundsRemaining %d", r->name, r->call,
       RUN_CALLS - r->call);
    if (!good) {
        diag("%d: %.400s", rs.status, rs.body != NULL ? rs.body : "");
        resp_free(&rs);
        return -1;
    }
    r->reply[r->call] = strdup(rs.body);
    if (r->dkg && r->call == RUN_CALLS) {
        snprintf(r->api_key, sizeof(r->api_key), "%s",
                 get_str(rs.json, "apiKey") != NULL
                 ? get_str(rs.json, "apiKey") : "");
        snprintf(r->pubkey, sizeof(r->pubkey), "%s",
                 get_str(rs.json, "publicKey") != NULL
                 ? get_str(rs.json, "publicKey") : "");
    }
    resp_free(&rs);
    r->call++;
    return 0;
}


/* Prepare and post the remaining calls. */
static int
run_to_end(struct run *r)
{
    while (r->call <= RUN_CALLS) {
        if (run_prepare(r) != 0 || run_post(r) != 0) {
            return -1;
        }
    }
    return 0;
}


/* The DKG is over: party 0's share, the same key as duetd's. */
static int
dkg_result(struct run *r)
{
    struct duet_keyshare_info  info;
    char                       hex[67];
    size_t                     n = 0;
    int                        good;

    if (duet_session_result(r->s[0], NULL, &n) != DUET_ERR_BUFFER_TOO_SMALL)
    {
        return -1;
    }
    r->mine.index = DUET_PARTY_SIGNER;
    r->mine.keyshare = bmalloc(n);
    r->mine.keyshare_len = n;
    n = 0;
    if (duet_session_result(r->s[0], r->mine.keyshare, &r->mine.keyshare_len)
        != 0
        || duet_session_result(r->s[2], NULL, &n)
           != DUET_ERR_BUFFER_TOO_SMALL)
    {
        return -1;
    }
    r->mine.aux = bmalloc(n);
    r->mine.aux_len = n;
    good = duet_session_result(r->s[2], r->mine.aux, &r->mine.aux_len) == 0
           && duet_keyshare_inspect(&info, r->mine.keyshare,
                                    r->mine.keyshare_len) == 0
           && duet_hex_encode(hex, sizeof(hex), info.pubkey, 33) == 0
           && strncmp(r->pubkey, "0x", 2) == 0
           && strcasecmp(r->pubkey + 2, hex) == 0
           && strncmp(r->api_key, "duet_live_", 10) == 0;
    ok(good, "%s: the key duetd reports is the parties' key (%.20s...)",
       r->name, r->pubkey);
    return good ? 0 : -1;
}


/* POST complete: duetd's signature is the one party 0 computed. */
static int
sign_complete(struct run *r)
{
    struct json_object  *sig;
    struct resp          rs;
    uint8_t              mine[65];
    char                 path[200], hr[67], hs[67];
    size_t               n = sizeof(mine);
    int                  good;

    run_path(r, path, sizeof(path), NULL, "complete");
    /* No chain here: duetd returns the transaction without sending it. */
    callj(&rs, "POST", path, NULL, r->key, "{\"broadcast\":false}");
    sig = get(rs.json, "signature");
    hr[0] = hr[1] = hs[0] = hs[1] = '\0';
    good = rs.status == 200 && sig != NULL
           && duet_session_status(r->s[0]) == DUET_SESSION_DONE
           && duet_session_result(r->s[0], mine, &n) == 0
           && duet_hex_encode(hr, sizeof(hr), mine, 32) == 0
           && duet_hex_encode(hs, sizeof(hs), mine + 32, 32) == 0
           && get_str(sig, "r") != NULL && get_str(sig, "s") != NULL
           && strcasecmp(get_str(sig, "r") + 2, hr) == 0
           && strcasecmp(get_str(sig, "s") + 2, hs) == 0;
    ok(good, "%s: complete -> 200, duetd's signature is party 0's", r->name);
    if (!good) {
        diag("%d: %.300s", rs.status, rs.body != NULL ? rs.body : "");
    }
    resp_free(&rs);
    return good ? 0 : -1;
}


/* The route table of fcgi_app/router.c, with the credentials it takes. */

#define R_OP    0x01
#define R_KEY   0x02
#define R_BODY  0x04

static const struct route {
    const char  *method;
    const char  *path;          /* {id}: a signer, {dsid}, {sid}: sessions */
    unsigned     flags;
    size_t       empty_max;     /* body-less routes: duetd's body limit    */
} routes[] = {
    { "GET", "/health", 0, 0 },
    { "GET", "/metrics", 0, 0 },
    { "POST", "/api/v1/signers", R_OP | R_BODY, 0 },
    { "GET", "/api/v1/signers", R_OP | R_KEY, 0 },
    { "GET", "/api/v1/signers/{id}", R_OP | R_KEY, 0 },
    { "PATCH", "/api/v1/signers/{id}", R_OP | R_BODY, 0 },
    { "DELETE", "/api/v1/signers/{id}", R_OP, 64 },
    { "POST", "/api/v1/signers/{id}/pause", R_OP, 64 },
    { "POST", "/api/v1/signers/{id}/resume", R_OP, 64 },
    { "POST", "/api/v1/signers/{id}/regenerate-key", R_OP, 64 },
    { "POST", "/api/v1/dkg/sessions/{dsid}/rounds", R_OP | R_BODY, 0 },
    { "POST", "/api/v1/sign/sessions", R_KEY | R_BODY, 0 },
    { "POST", "/api/v1/sign-message/sessions", R_KEY | R_BODY, 0 },
    { "POST", "/api/v1/sign/sessions/{sid}/rounds", R_KEY | R_BODY, 0 },
    { "POST", "/api/v1/sign/sessions/{sid}/complete", R_KEY | R_BODY, 0 },
    { "GET", "/api/v1/signers/{id}/policy", R_OP | R_KEY, 0 },
    { "PUT", "/api/v1/signers/{id}/policy", R_OP | R_BODY, 0 },
    { "POST", "/api/v1/signers/{id}/policy/backtest", R_OP | R_KEY | R_BODY,
      0 },
    { "GET", "/api/v1/audit-log", R_OP | R_KEY, 0 },
    { "GET", "/api/v1/audit-log/export", R_OP | R_KEY, 0 },
    { "GET", "/api/v1/networks", R_OP | R_KEY, 0 },
};

#define NROUTES  (sizeof(routes) / sizeof(routes[0]))


/* A route's path with its parameters. */
static void
route_path(char *out, size_t size, const struct route *rt, const char *id,
    const char *dsid, const char *sid)
{
    const char  *p = rt->path, *b;
    size_t       n = 0;

    while (*p != '\0' && n + 1 < size) {
        if (*p == '{') {
            b = strncmp(p, "{id}", 4) == 0 ? id
                : strncmp(p, "{dsid}", 6) == 0 ? dsid : sid;
            n += (size_t) snprintf(out + n, size - n, "%s", b);
            p = strchr(p, '}') + 1;
        } else {
            out[n++] = *p++;
        }
    }
    out[n < size ? n : size - 1] = '\0';
}


/* Valid credentials for a route: the operator's or key's. */
static void
route_creds(const struct route *rt, const char *key, const char **opt,
    const char **k)
{
    *opt = rt->flags & R_OP ? op : NULL;
    *k = !(rt->flags & R_OP) && (rt->flags & R_KEY) ? key : NULL;
}


/* Every way of calling each route without the right credentials. */
static void
test_auth(const char *id, const char *dsid, const char *sid,
    const char *key)
{
    const struct route  *rt;
    struct snap          s;
    const char          *body;
    char                 path[200], what[300];
    size_t               i;
    int                  dkg;

    snap_take(&s);
    for (i = 0; i < NROUTES; i++) {
        rt = &routes[i];
        if (!(rt->flags & (R_OP | R_KEY))) {
            continue;
        }
        route_path(path, sizeof(path), rt, id, dsid, sid);
        body = rt->flags & R_BODY ? "{}" : NULL;
        /*
         * nginx refuses first what its duet_auth can tell (nginx-conf/
         * duet.conf: /api/v1/dkg/ takes jwt or operator, the signing
         * routes api_key or jwt, the rest of /api/v1/ all three; a
         * credential of the wrong shape never passes); duetd refuses
         * what only it can (unknown keys and tokens, the route's kinds).
         */
        dkg = strncmp(rt->path, "/api/v1/dkg/", 12) == 0;
#define AUTH(o, k, status, needle, how) \
        snprintf(what, sizeof(what), "%s %s %s", rt->method, rt->path, how); \
        expect(rt->method, path, o, k, NULL, body, status, needle, what)

        AUTH(NULL, NULL, 401, "authentication required",
             "without credentials");
        if (rt->flags & R_OP) {
            AUTH(bad_op, NULL, 401, "invalid operator token",
                 "with a wrong operator token");
        }
        if ((rt->flags & R_OP) && !(rt->flags & R_KEY)) {
            AUTH(NULL, bad_shape_key, 401,
                 dkg ? "API keys are not accepted here"
                     : "malformed API key",
                 "with an API key of the wrong shape");
            AUTH(NULL, unknown_key, 401,
                 dkg ? "API keys are not accepted here"
                     : "needs the operator token",
                 "with an unknown API key");
            AUTH(NULL, key, 401,
                 dkg ? "API keys are not accepted here"
                     : "needs the operator token",
                 "with a signer's API key");
        }
        if (rt->flags & R_KEY) {
            AUTH(NULL, bad_shape_key, 401, "malformed API key",
                 "with an API key of the wrong shape");
            AUTH(NULL, unknown_key, 401, "invalid API key",
                 "with an unknown API key");
        }
        if ((rt->flags & R_KEY) && !(rt->flags & R_OP)) {
            AUTH(op, NULL, 401, "operator tokens are not accepted here",
                 "with the operator token");
            AUTH(bad_op, NULL, 401, "operator tokens are not accepted here",
                 "with a wrong operator token");
        }
#undef AUTH
    }
    snap_check(&s, "every refused credential");
}


/* A body where none is taken: refused before the route acts. */
static void
test_bodyless(const char *id, const char *sid, const char *key)
{
    static const char    big[] =
        "{\"padding\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}";
    const struct route  *rt;
    struct snap          s;
    const char          *opt, *k;
    char                 path[200], what[300], limit[64];
    size_t               i;

    snap_take(&s);
    for (i = 0; i < NROUTES; i++) {
        rt = &routes[i];
        if (rt->flags & R_BODY) {
            continue;
        }
        route_path(path, sizeof(path), rt, id, "", sid);
        route_creds(rt, key, &opt, &k);
        snprintf(what, sizeof(what), "%s %s with a JSON body", rt->method,
                 rt->path);
        snprintf(limit, sizeof(limit), "over the %zu-byte limit",
                 rt->empty_max);
        /* A GET takes no body at all; the others an empty object. */
        expect(rt->method, path, opt, k, NULL, "{\"force\":true}",
               rt->empty_max > 0 ? 400 : 413,
               rt->empty_max > 0 ? "takes no request fields" : limit, what);
        snprintf(what, sizeof(what), "%s %s with a %zu-byte body",
                 rt->method, rt->path, strlen(big));
        expect(rt->method, path, opt, k, NULL, big, 413, limit, what);
        snprintf(what, sizeof(what), "%s %s with a form body", rt->method,
                 rt->path);
        expect(rt->method, path, opt, k,
               "application/x-www-form-urlencoded", "force=1", 415,
               "application/json", what);
    }
    snap_check(&s, "bodies on body-less routes");
}


/* Bad bodies every JSON-object route refuses alike. */
static const struct bad {
    const char  *what;
    const char  *body;
    int          status;
    const char  *needle;
} bad_objects[] = {
    { "malformed JSON", "{\"name\" \"x\"}", 400, "malformed JSON" },
    { "truncated JSON", "{\"name\":\"x", 400, "malformed JSON" },
    { "not JSON", "name=x", 400, "malformed JSON" },
    { "an array", "[{\"name\":\"x\"}]", 400, "must be a JSON object" },
    { "a string", "\"x\"", 400, "must be a JSON object" },
    { "an empty body", "", 400, "JSON object" },
    { "a duplicate key", "{\"bogus\":1,\"bogus\":2}", 400, "duplicate" },
    { "an unknown field", "{\"bogus\":1}", 400, "unknown field \"bogus\"" },
}, bad_rounds[] = {
    { "malformed JSON", "{\"messages\" [\"AAAA\"]}", 400, "malformed JSON" },
    { "truncated JSON", "{\"messages\":[\"AAAA", 400, "malformed JSON" },
    { "not JSON", "messages=AAAA", 400, "must be a JSON object" },
    { "an array", "[\"AAAA\"]", 400, "must be a JSON object" },
    { "an empty body", "", 400, "JSON object" },
    { "no messages", "{}", 400, "messages is required" },
    { "an unknown field", "{\"messages\":[\"AAAA\"],\"round\":1}", 400,
      "unknown field \"round\"" },
    { "a duplicate key", "{\"messages\":[\"AAAA\"],\"messages\":[\"AAAA\"]}",
      400, "duplicate key" },
    { "messages of the wrong type", "{\"messages\":\"AAAA\"}", 400,
      "messages must be an array" },
    { "a message of the wrong type", "{\"messages\":[1]}", 400,
      "messages[0] must be a base64url string" },
    { "an empty array", "{\"messages\":[]}", 400,
      "messages must not be empty" },
    { "a message not base64url", "{\"messages\":[\"AA+/AA==\"]}", 400,
      "messages[0] is not unpadded base64url" },
    { "a message not an envelope", "{\"messages\":[\"AAAAAAAA\"]}", 400,
      "messages[0] is not a duet message" },
};


static void
test_bad_list(const char *method, const char *path, const char *opt,
    const char *key, const struct bad *list, size_t n, const char *route)
{
    char    what[300];
    size_t  i;

    for (i = 0; i < n; i++) {
        snprintf(what, sizeof(what), "%s %s: %s", method, route,
                 list[i].what);
        expect(method, path, opt, key, NULL, list[i].body, list[i].status,
               list[i].needle, what);
    }
    snprintf(what, sizeof(what), "%s %s: text/plain", method, route);
    expect(method, path, opt, key, "text/plain", "{}", 415,
           "application/json", what);
}


/* A string of n copies of c, in a static buffer (one at a time). */
static const char *
many(char c, size_t n)
{
    static char  buf[2048];

    if (n >= sizeof(buf)) {
        bail("many: %zu", n);
    }
    memset(buf, c, n);
    buf[n] = '\0';
    return buf;
}


static void
test_bodies(const char *id, const char *key)
{
    static const char  tx[] =
        "\"chainId\":1,\"nonce\":0,\"gasLimit\":21000,"
        "\"maxFeePerGas\":\"30000000000\",\"maxPriorityFeePerGas\":\"1\","
        "\"to\":\"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\"";
    const struct {
        const char  *method, *path, *opt, *key, *route;
        const char  *body;
        const char  *needle;
        int          status;
    } *c, cases[] = {
#define S  "/api/v1/signers"
        { "POST", S, op, NULL, S, "{\"name\":5}", "name must be a string",
          400 },
        { "POST", S, op, NULL, S, "{}", "name is required", 400 },
        { "POST", S, op, NULL, S, "{\"name\":\"\"}", "name must not be empty",
          400 },
        { "POST", S, op, NULL, S, "{\"name\":\"x\",\"description\":[\"d\"]}",
          "description must be a string", 400 },
        { "POST", S, op, NULL, S, "{\"name\":\"x\",\"network\":\"nowhere\"}",
          "network is not a configured network", 400 },
        { "POST", S, op, NULL, S, "{\"name\":\"x\",\"owner\":\"me\"}",
          "unknown field \"owner\"", 400 },
        { "POST", S, op, NULL, S, NULL, "name is longer than 128 bytes",
          400 },
        { "POST", S, op, NULL, S, NULL, "description is longer than 1024 "
          "bytes", 400 },
        { "POST", S, op, NULL, S, NULL, "type is longer than 32 bytes", 400 },
#undef S
#define S  "/api/v1/signers/{id}"
        { "PATCH", NULL, op, NULL, S, "{\"name\":true}",
          "name must be a string", 400 },
        { "PATCH", NULL, op, NULL, S, "{}", "nothing to change", 400 },
        { "PATCH", NULL, op, NULL, S, "{\"name\":\"\"}",
          "name must not be empty", 400 },
        { "PATCH", NULL, op, NULL, S, "{\"status\":\"active\"}",
          "unknown field \"status\"", 400 },
        { "PATCH", NULL, op, NULL, S, NULL, "name is longer than 128 bytes",
          400 },
        { "PATCH", NULL, op, NULL, S, NULL, "description is longer than "
          "1024 bytes", 400 },
#undef S
#define S  "/api/v1/sign/sessions"
        { "POST", S, NULL, key, S, "{\"transaction\":\"0x02\"}",
          "transaction must be an object", 400 },
        { "POST", S, NULL, key, S, "{}", "transaction is required", 400 },
        { "POST", S, NULL, key, S, "{\"transaction\":{\"foo\":1}}",
          "unknown field \"transaction.foo\"", 400 },
        { "POST", S, NULL, key, S, "{\"transaction\":{\"nonce\":-1}}",
          "transaction.nonce must be an integer below 2^53 or a string", 400 },
        { "POST", S, NULL, key, S, "{\"transaction\":{\"type\":\"2\"}}",
          "transaction.type must be an integer", 400 },
        { "POST", S, NULL, key, S, "{\"transaction\":{\"value\":1.5}}",
          "transaction.value must be", 400 },
        { "POST", S, NULL, key, S,
          "{\"transaction\":{\"gasLimit\":9007199254740993}}",
          "transaction.gasLimit must be", 400 },
        { "POST", S, NULL, key, S, "{\"transaction\":{\"to\":"
          "\"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed00\"}}",
          "transaction.to is longer than 42 bytes", 400 },
        { "POST", S, NULL, key, S, NULL, "transaction.chainId or "
          "transaction.network is required", 400 },
        { "POST", S, NULL, key, S, NULL, "transaction:", 400 },
#undef S
#define S  "/api/v1/sign-message/sessions"
        { "POST", S, NULL, key, S, "{\"message\":1}",
          "message must be an object", 400 },
        { "POST", S, NULL, key, S, "{\"message\":{\"kind\":\"personal_sign\""
          "}}", "message.data is required", 400 },
        { "POST", S, NULL, key, S, "{\"message\":{\"kind\":5,\"data\":\"x\""
          "}}", "message.kind must be a string", 400 },
        { "POST", S, NULL, key, S, "{\"message\":{\"kind\":\"personal_sign\""
          ",\"data\":5}}", "message.data must be", 400 },
        { "POST", S, NULL, key, S, "{\"message\":{\"kind\":\"eth_sign\","
          "\"data\":\"x\"}}", "message.kind must be personal_sign, "
          "typed_data or raw_digest", 400 },
        { "POST", S, NULL, key, S, "{\"message\":{\"kind\":\"raw_digest\","
          "\"data\":\"0x00\"}}", "raw digests are refused: the signer's"
          " policy does not set allowRawDigest", 403 },
        { "POST", S, NULL, key, S, "{\"message\":{\"kind\":\"typed_data\","
          "\"data\":\"x\"}}", "message.data must be an object for typed_data",
          400 },
        { "POST", S, NULL, key, S, "{\"message\":{\"kind\":\"typed_data\","
          "\"data\":{\"types\":{}}}}", "message.data:", 400 },
        { "POST", S, NULL, key, S, "{\"message\":{\"kind\":\"personal_sign\""
          ",\"data\":\"x\",\"extra\":1}}", "unknown field \"message.extra\"",
          400 },
        { "POST", S, NULL, key, S, NULL, "message.kind is longer than 32 "
          "bytes", 400 },
#undef S
    };
    struct snap  s;
    char         path[200], what[400], *body;
    size_t       i;

    snap_take(&s);
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        c = &cases[i];
        if (c->path == NULL) {
            snprintf(path, sizeof(path), "/api/v1/signers/%s", id);
        } else {
            snprintf(path, sizeof(path), "%s", c->path);
        }
        body = bmalloc(4096);
        if (c->body != NULL) {
            snprintf(body, 4096, "%s", c->body);
        } else if (strstr(c->needle, "name is longer") != NULL) {
            snprintf(body, 4096, "{\"name\":\"%s\"}", many('n', 129));
        } else if (strstr(c->needle, "description is longer") != NULL) {
            snprintf(body, 4096, "{\"name\":\"x\",\"description\":\"%s\"}",
                     many('d', 1025));
        } else if (strstr(c->needle, "type is longer") != NULL) {
            snprintf(body, 4096, "{\"name\":\"x\",\"type\":\"%s\"}",
                     many('t', 33));
        } else if (strstr(c->needle, "kind is longer") != NULL) {
            snprintf(body, 4096, "{\"message\":{\"kind\":\"%s\",\"data\":"
                     "\"x\"}}", many('k', 33));
        } else if (strstr(c->needle, "chainId or") != NULL) {
            /* Everything but the chain. */
            snprintf(body, 4096, "{\"transaction\":{%s}}", tx + 12);
        } else {
            /* A transaction libduet refuses: a malformed access list. */
            snprintf(body, 4096, "{\"transaction\":{%s,\"accessList\":"
                     "[{\"address\":\"0x12\",\"storageKeys\":[]}]}}", tx);
        }
        snprintf(what, sizeof(what), "%s %s: %.60s%s", c->method, c->route,
                 body, strlen(body) > 60 ? "..." : "");
        expect(c->method, path, c->opt, c->key, NULL, body, c->status,
               c->needle, what);
        free(body);
    }

    /* The battery every JSON route refuses alike, 415 and nginx's 413. */
    test_bad_list("POST", "/api/v1/signers", op, NULL, bad_objects,
                  sizeof(bad_objects) / sizeof(bad_objects[0]),
                  "/api/v1/signers");
    snprintf(path, sizeof(path), "/api/v1/signers/%s", id);
    test_bad_list("PATCH", path, op, NULL, bad_objects,
                  sizeof(bad_objects) / sizeof(bad_objects[0]),
                  "/api/v1/signers/{id}");
    test_bad_list("POST", "/api/v1/sign/sessions", NULL, key, bad_objects,
                  sizeof(bad_objects) / sizeof(bad_objects[0]),
                  "/api/v1/sign/sessions");
    test_bad_list("POST", "/api/v1/sign-message/sessions", NULL, key,
                  bad_objects, sizeof(bad_objects) / sizeof(bad_objects[0]),
                  "/api/v1/sign-message/sessions");
    expect_nginx_413("/api/v1/signers", op, NULL, (1u << 20) + 1,
                     "POST /api/v1/signers");
    expect_nginx_413(path, op, NULL, (1u << 20) + 1,
                     "PATCH /api/v1/signers/{id}");
    expect_nginx_413("/api/v1/sign/sessions", NULL, key, (1u << 20) + 1,
                     "POST /api/v1/sign/sessions");
    expect_nginx_413("/api/v1/sign-message/sessions", NULL, key,
                     (1u << 20) + 1, "POST /api/v1/sign-message/sessions");

    /* Changing an unknown signer: valid body, 404. */
    snprintf(path, sizeof(path),
             "/api/v1/signers/00000000-0000-4000-8000-000000000000");
    expect("PATCH", path, op, NULL, NULL, "{\"name\":\"ghost\"}", 404,
           "signer not found", "PATCH an unknown signer");
    snap_check(&s, "bad bodies of the JSON routes");
}


/* Rounds and sessions. */

/*
 * Copies of src's messages under session id sid (each protocol's engine
 * sid), optionally with another sender, recipient or protocol (-1: keep).
 */
static void
ml_remake(struct mlist *dst, const struct mlist *src, const char *sid,
    int proto, int sender, int recipient)
{
    struct duet_msg_info  info;
    char                  esid[DUET_SID_MAX + 8];
    size_t                i;
    int                   pr;

    memset(dst, 0, sizeof(*dst));
    for (i = 0; i < src->n; i++) {
        if (duet_msg_peek(&info, src->m[i], src->len[i]) != 0) {
            bail("remake: not a message");
        }
        pr = proto >= 0 ? proto : info.proto;
        snprintf(esid, sizeof(esid), "%s/%s", sid, duet_client_proto_name(pr));
        if (strlen(esid) < DUET_SID_MIN || strlen(esid) > DUET_SID_MAX) {
            bail("remake: engine sid %s", esid);
        }
        craft(dst, pr, esid, info.round, sender >= 0 ? sender : info.sender,
              recipient >= 0 ? recipient : info.recipient,
              src->m[i] + src->len[i] - info.payload_len, info.payload_len);
    }
}


/* POST list to session sid of r's kind with cred; check the error. */
static void
expect_round(const struct run *r, const char *sid, const struct mlist *l,
    const char *opt, const char *key, int status, const char *needle,
    const char *what)
{
    char  path[200], line[300], *body;

    run_path(r, path, sizeof(path), sid, "rounds");
    body = ml_json(l);
    snprintf(line, sizeof(line), "%s call %d: %s", r->name, r->call, what);
    expect("POST", path, opt, key, NULL, body, status, needle, line);
    free(body);
}


/*
 * Every wrong body and session id for the prepared call of r; the session
 * must be as it was.  other_kind: a live session of the other kind (a
 * DKG's for a signing), or NULL.
 */
static void
test_round_inputs(struct run *r, const char *other_kind)
{
    struct duet_msg_info  info;
    struct mlist          l;
    struct snap           s;
    const char           *opt, *key;
    char                  path[200], sid[64], what[200], route[64];
    size_t                i;

    run_auth(r, &opt, &key);
    run_path(r, path, sizeof(path), NULL, "rounds");
    snprintf(route, sizeof(route), "/api/v1/%s/sessions/{sid}/rounds",
             r->dkg ? "dkg" : "sign");
    snap_take(&s);

    test_bad_list("POST", path, opt, key, bad_rounds,
                  sizeof(bad_rounds) / sizeof(bad_rounds[0]), route);
    if (r->dkg) {
        expect_nginx_413(path, opt, key, (8u << 20) + 1, route);
        /* Above 1 MiB nginx and duetd let a DKG round through. */
        {
            struct resp  rs;
            size_t       size = 2u << 20;
            char        *body = bmalloc(size + 1);

            memset(body, 'A', size);
            memcpy(body, "{\"messages\":[\"", 14);
            memcpy(body + size - 3, "\"]}", 3);
            body[size] = '\0';
            call(&rs, "POST", path, opt, key, NULL, body, size);
            is_err(&rs, 400, "messages[0] is not a duet message",
                   "%s: a 2 MiB body passes nginx and duetd's 8 MiB limit",
                   route);
            resp_free(&rs);
            free(body);
        }
    } else {
        expect_nginx_413(path, opt, key, (1u << 20) + 1, route);
    }

    /* Messages that do not fit this call. */
    memset(&l, 0, sizeof(l));
    for (i = 0; i < 17; i++) {
        ml_add(&l, r->out.m[0], r->out.len[0]);
    }
    expect_round(r, NULL, &l, opt, key, 400, "more than 16 messages",
                 "17 messages");
    ml_clear(&l);

    ml_copy(&l, &r->out);
    ml_add(&l, r->out.m[0], r->out.len[0]);
    expect_round(r, NULL, &l, opt, key, 400, "repeats",
                 "a message twice");
    ml_clear(&l);

    ml_remake(&l, &r->out, "n1.AAAAAAAAAAAAAAAAAAAAAA", -1, -1, -1);
    expect_round(r, NULL, &l, opt, key, 400, "belongs to another session",
                 "the messages of another session");
    ml_clear(&l);

    ml_remake(&l, &r->out, r->sid,
              r->dkg ? DUET_PROTO_PRESIGN : DUET_PROTO_KEYGEN, -1, -1);
    expect_round(r, NULL, &l, opt, key, 400,
                 r->dkg ? "is a presign message" : "is a keygen message",
                 "messages of another protocol");
    ml_clear(&l);

    ml_remake(&l, &r->out, r->sid, -1,
              r->dkg ? DUET_PARTY_SERVER : DUET_PARTY_USER, -1);
    expect_round(r, NULL, &l, opt, key, 400,
                 r->dkg ? "not a client party" : "not the signer (0)",
                 "messages from the wrong party");
    ml_clear(&l);

    ml_remake(&l, &r->out, r->sid, -1, DUET_PARTY_SIGNER, DUET_PARTY_USER);
    expect_round(r, NULL, &l, opt, key, 400, "addressed to party 2",
                 "messages for another party");
    ml_clear(&l);

    /* A later round's body (its envelopes say round + 2). */
    ml_copy(&l, &r->out);
    for (i = 0; i < l.n; i++) {
        relabel(&l, i, r->call + 2);
    }
    snprintf(what, sizeof(what), "another round than %d", r->call);
    expect_round(r, NULL, &l, opt, key, 400, what,
                 "round-(k+2) envelopes at round k");
    ml_clear(&l);

    /* Half a round. */
    memset(&l, 0, sizeof(l));
    for (i = 0; i < r->out.n; i++) {
        if (duet_msg_peek(&info, r->out.m[i], r->out.len[i]) != 0) {
            bail("peek");
        }
        if (r->dkg ? info.proto == DUET_PROTO_KEYGEN : i == 0) {
            ml_add(&l, r->out.m[i], r->out.len[i]);
        }
    }
    expect_round(r, NULL, &l, opt, key, 400, "is missing",
                 r->dkg ? "keygen messages without aux-info's"
                        : "one message of two");
    ml_clear(&l);

    /* Session ids. */
    snprintf(sid, sizeof(sid), "n1.%s", "q3Vf0YqT8pXxM2n8Zb7u4A");
    ml_remake(&l, &r->out, sid, -1, -1, -1);
    expect_round(r, sid, &l, opt, key, 404, "session not found",
                 "an unknown session id");
    ml_clear(&l);
    snprintf(sid, sizeof(sid), "n2.%s", r->sid + 3);
    ml_remake(&l, &r->out, sid, -1, -1, -1);
    expect_round(r, sid, &l, opt, key, 404, "session not found",
                 "the id on another node (n2)");
    ml_clear(&l);
    snprintf(sid, sizeof(sid), "n1.%.21s", r->sid + 3);
    ml_remake(&l, &r->out, sid, -1, -1, -1);
    expect_round(r, sid, &l, opt, key, 404, "session not found",
                 "an id one character short");
    ml_clear(&l);
    expect_round(r, "n1.not*a*session", &r->out, opt, key, 404,
                 "malformed session id", "an id with a '*'");
    if (other_kind != NULL) {
        ml_remake(&l, &r->out, other_kind, -1, -1, -1);
        expect_round(r, other_kind, &l, opt, key, 404,
                     r->dkg ? "no key creation session"
                            : "no signing session",
                     r->dkg ? "a signing session's id"
                            : "a key creation session's id");
        ml_clear(&l);
    }

    if (!r->dkg) {
        run_path(r, path, sizeof(path), NULL, "complete");
        snprintf(what, sizeof(what), "%s: complete before the rounds",
                 r->name);
        expect("POST", path, NULL, key, NULL, NULL, 400,
               "signing is not complete", what);
    }
    snprintf(what, sizeof(what), "%s call %d refused every way", r->name,
             r->call);
    snap_check(&s, what);
}


/* Another signer's API key on r's session: 403, and nothing moves. */
static void
test_other_signer(struct run *r, const char *other_key)
{
    struct snap  s;
    char         path[200], what[200];

    snap_take(&s);
    expect_round(r, NULL, &r->out, NULL, other_key, 403,
                 "another signer's session", "another signer's API key");
    run_path(r, path, sizeof(path), NULL, "complete");
    snprintf(what, sizeof(what), "%s: complete with another signer's API "
             "key", r->name);
    expect("POST", path, NULL, other_key, NULL, NULL, 403,
           "another signer's session", what);
    snap_check(&s, "another signer's key on a session");
}


/* Call k again: the same reply, byte for byte. */
static void
test_replay(struct run *r, int k)
{
    struct resp  rs;
    const char  *opt, *key;
    char         path[200];

    run_path(r, path, sizeof(path), NULL, "rounds");
    run_auth(r, &opt, &key);
    callj(&rs, "POST", path, opt, key, r->body[k]);
    ok(rs.status == 200 && rs.body != NULL && r->reply[k] != NULL
       && strcmp(rs.body, r->reply[k]) == 0,
       "%s: call %d replayed -> 200, the same %zu bytes", r->name, k,
       rs.len);
    if (rs.status != 200) {
        diag("%d: %.300s", rs.status, rs.body != NULL ? rs.body : "");
    }
    resp_free(&rs);
}


/* An earlier call's body at the prepared call: 400 naming the round. */
static void
test_old_round(struct run *r, int k)
{
    struct resp  rs;
    const char  *opt, *key;
    char         path[200], needle[64];

    run_path(r, path, sizeof(path), NULL, "rounds");
    run_auth(r, &opt, &key);
    callj(&rs, "POST", path, opt, key, r->body[k]);
    snprintf(needle, sizeof(needle), "another round than %d", r->call);
    is_err(&rs, 400, needle, "%s: call %d's body at call %d", r->name, k,
           r->call);
    resp_free(&rs);
}


/* The session is gone: 410 for a round (and complete). */
static void
test_gone(struct run *r, int status, const char *needle, const char *why)
{
    struct resp  rs;
    const char  *opt, *key;
    char         path[200];
    int          k = r->call <= RUN_CALLS ? r->call : RUN_CALLS;

    run_path(r, path, sizeof(path), NULL, "rounds");
    run_auth(r, &opt, &key);
    callj(&rs, "POST", path, opt, key, r->body[k] != NULL ? r->body[k]
                                                          : r->body[1]);
    is_err(&rs, status, needle, "%s: a round after %s", r->name, why);
    resp_free(&rs);
    if (!r->dkg) {
        run_path(r, path, sizeof(path), NULL, "complete");
        callj(&rs, "POST", path, NULL, r->key, NULL);
        is_err(&rs, status, needle, "%s: complete after %s", r->name, why);
        resp_free(&rs);
    }
}


/* Identifiable abort. */

/* Post r's prepared call with message i tampered: 422 naming party. */
static void
test_tampered(struct run *r, size_t i, size_t back, int party,
    const char *what)
{
    struct json_object  *c, *pa;
    struct mlist         l;
    struct resp          rs;
    const char          *opt, *key, *reason;
    char                 path[200], *body;
    size_t               plen;

    ml_copy(&l, &r->out);
    plen = tamper(&l, i, back);
    body = ml_json(&l);
    ml_clear(&l);
    run_path(r, path, sizeof(path), NULL, "rounds");
    run_auth(r, &opt, &key);
    callj(&rs, "POST", path, opt, key, body);
    free(body);
    c = get(rs.json, "culprit");
    pa = get(c, "party");
    reason = get_str(c, "reason");
    is_err(&rs, 422, "failed: party", "%s call %d: a bit flipped in %s "
           "(party %d's %zu-byte payload)", r->name, r->call, what, party,
           plen);
    ok(pa != NULL && json_object_is_type(pa, json_type_int)
       && json_object_get_int(pa) == party && reason != NULL
       && strncmp(reason, "DUET_ERR_", 9) == 0,
       "%s: culprit {party: %d, reason: %s}", r->name,
       pa != NULL ? json_object_get_int(pa) : -1,
       reason != NULL ? reason : "none");
    resp_free(&rs);
}


/* The status of a signer as the operator sees it ("" if unreadable). */
static void
signer_status(const char *id, char *out, size_t size)
{
    struct resp  rs;
    char         path[200];

    snprintf(path, sizeof(path), "/api/v1/signers/%s", id);
    callj(&rs, "GET", path, op, NULL, NULL);
    snprintf(out, size, "%s", rs.status == 200
             && get_str(rs.json, "status") != NULL
             ? get_str(rs.json, "status") : "");
    resp_free(&rs);
}


static int
kms_has(const char *id)
{
    struct stat  sb;
    char         path[400];

    kms_path(path, sizeof(path), id);
    return stat(path, &sb) == 0;
}


/* Operator actions on a signer: POST /signers/{id}/<action>. */
static void
signer_action(struct resp *rs, const char *method, const char *id,
    const char *action, const char *body)
{
    char  path[200];

    snprintf(path, sizeof(path), "/api/v1/signers/%s%s%s", id,
             action[0] != '\0' ? "/" : "", action);
    callj(rs, method, path, op, NULL, body);
}


/* GET /signers/{id} with a key: status and (on error) the message. */
static void
expect_get(const char *id, const char *key, int status, const char *needle,
    const char *what)
{
    char  path[200];

    snprintf(path, sizeof(path), "/api/v1/signers/%s", id);
    expect("GET", path, NULL, key, NULL, NULL, status, needle, what);
}


/* Sign a message with the client library (a real flow). */
static void
sign_with_client(const char *key, const struct duet_client_share *share,
    const char *what)
{
    struct duet_client_signature  sig;
    struct duet_client           *c;
    int                           rc;

    c = e2e_client(&svc);
    duet_client_set_api_key(c, key);
    memset(&sig, 0, sizeof(sig));
    rc = duet_client_sign_message(c, share, "personal_sign", what, &sig);
    if (!ok(rc == 0, "%s: the client library signs", what)) {
        diag("%s", duet_client_error(c));
    }
    duet_client_signature_clear(&sig);
    duet_client_free(c);
}


/* The sessions counters of /metrics and /health. */
static void
check_counts(int live, int capacity, const char *what)
{
    struct json_object  *sess;
    struct resp          rs;
    double               ml, mc;
    int                  hl = -1, hc = -1;

    callj(&rs, "GET", "/health", NULL, NULL, NULL);
    sess = get(rs.json, "sessions");
    if (get(sess, "live") != NULL && get(sess, "capacity") != NULL) {
        hl = json_object_get_int(get(sess, "live"));
        hc = json_object_get_int(get(sess, "capacity"));
    }
    resp_free(&rs);
    callj(&rs, "GET", "/metrics", NULL, NULL, NULL);
    ml = rs.body != NULL ? metric(rs.body, "duetd_sessions_live") : -1;
    mc = rs.body != NULL ? metric(rs.body, "duetd_sessions_capacity") : -1;
    ok(rs.status == 200 && strncmp(rs.ctype, "text/plain", 10) == 0
       && hl == live && hc == capacity && ml == live && mc == capacity,
       "%s: /health and /metrics count %d live of %d (health %d/%d, "
       "metrics %.0f/%.0f)", what, live, capacity, hl, hc, ml, mc);
    resp_free(&rs);
}


/* 503 with a Retry-After of `after` seconds. */
static void
expect_busy(const char *path, const char *opt, const char *key,
    const char *body, const char *needle, const char *after,
    const char *what)
{
    struct resp  rs;

    callj(&rs, "POST", path, opt, key, body);
    is_err(&rs, 503, needle, "%s", what);
    ok(strcmp(rs.retry_after, after) == 0, "%s: Retry-After: %s", what,
       rs.retry_after);
    resp_free(&rs);
}


/* How many signers GET /signers lists. */
static int
signer_count(void)
{
    struct json_object  *data;
    struct resp          rs;
    int                  n = -1;

    callj(&rs, "GET", "/api/v1/signers", op, NULL, NULL);
    data = get(rs.json, "data");
    if (rs.status == 200 && data != NULL
        && json_object_is_type(data, json_type_array))
    {
        n = (int) json_object_array_length(data);
    }
    resp_free(&rs);
    return n;
}


/* POST /signers as a raw request: 201 with its session, or a status. */
static int
raw_signer(char sid[64], char id[40])
{
    struct json_object  *dkg;
    struct resp          rs;
    int                  status;

    callj(&rs, "POST", "/api/v1/signers", op, NULL, "{\"name\":\"raw\"}");
    dkg = get(rs.json, "dkg");
    status = rs.status;
    if (status == 201 && get_str(dkg, "sessionId") != NULL
        && get_str(rs.json, "signerId") != NULL)
    {
        snprintf(sid, 64, "%s", get_str(dkg, "sessionId"));
        snprintf(id, 40, "%s", get_str(rs.json, "signerId"));
    } else if (status == 201) {
        status = -1;
    }
    resp_free(&rs);
    return status;
}


/* A keygen round-1 broadcast of party 0 for session sid. */
static char *
keygen_body(const char *sid, size_t plen)
{
    struct mlist  l;
    uint8_t       payload[256];
    char          esid[80], *body;

    memset(payload, 0x5a, sizeof(payload));
    memset(&l, 0, sizeof(l));
    snprintf(esid, sizeof(esid), "%s/keygen", sid);
    craft(&l, DUET_PROTO_KEYGEN, esid, 1, DUET_PARTY_SIGNER, DUET_BROADCAST,
          payload, plen < sizeof(payload) ? plen : sizeof(payload));
    body = ml_json(&l);
    ml_clear(&l);
    return body;
}


/* What the phases share: S1 (client library), S2 (run d), the clock. */
struct world {
    struct duet_client_signer  s1;
    char                       key1[64];       /* S1's current API key    */
    struct run                 d;              /* S2's key creation       */
    char                       tokhex[65];     /* the operator token hash */
    time_t                     t0;
};

static const char  tx_body[] =
    "{\"transaction\":{\"chainId\":11155111,\"nonce\":1,"
    "\"gasLimit\":21000,\"maxFeePerGas\":\"30000000000\","
    "\"maxPriorityFeePerGas\":\"1500000000\","
    "\"to\":\"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\","
    "\"value\":\"1\"}}";
static const char  msg_body[] =
    "{\"message\":{\"kind\":\"personal_sign\",\"data\":\"hi\"}}";


static void
elapsed(const struct world *w, const char *what)
{
    diag("%s after %ld s", what, (long) (time(NULL) - w->t0));
}


/* Write a config for duetd (the operator token and extra lines). */
static void
write_conf(const struct world *w, const char *name, const char *extra)
{
    char  conf[400], text[1024];

    snprintf(conf, sizeof(conf), "%s/%s.conf", dir, name);
    snprintf(text, sizeof(text),
             "# api-matrix-t, %s run\n"
             "level = 112\n"
             "allow_insecure_level = yes\n"
             "operator_token_sha256 = %s\n"
             "drain_timeout = 2\n"
             "network = mainnet 1 http://127.0.0.1:9/\n"
             "network = sepolia 11155111 http://127.0.0.1:9/\n"
             "%s", name, w->tokhex, extra);
    e2e_write_file(conf, text);
    e2e_service_start(&svc, conf, M_WORKERS);
    ok(1, "%s run: duetd and nginx on port %d", name, svc.port);
    cop = e2e_client(&svc);
    duet_client_set_operator_token(cop, op);
}


/* First run: a roomy table, a small prime pool that refills; S1. */
static void
first_run(struct world *w)
{
    struct resp     rs;
    uint8_t         pb[8][E2E_PRIME_BYTES];
    const uint8_t  *pp[8];
    size_t          pl[8];
    int             i, rc, size;

    write_conf(w, "first", "session_capacity = 16\n"
                           "prime_target = 8\n"
                           "prime_low_watermark = 8\n"
                           "prime_generators = 2\n");
    size = e2e_pool_wait(cop, 4, M_POOL_WAIT);
    if (!ok(size >= 4, "the prime pool holds %d primes", size)) {
        bail("no primes");
    }
    check_counts(0, 16, "first run, idle");

    /* Paths and methods that are not in the table. */
    expect("GET", "/api/v1/nothing", op, NULL, NULL, NULL, 404,
           "no route for GET /api/v1/nothing", "an unknown route");
    callj(&rs, "POST", "/health", NULL, NULL, "{}");
    is_err(&rs, 405, "method POST is not allowed", "POST /health");
    is_str("GET", rs.allow, "... with Allow: GET");
    resp_free(&rs);
    expect("GET", "/api/v1/signers/NOT-A-UUID", op, NULL, NULL, NULL, 404,
           "malformed signer id", "GET /api/v1/signers/NOT-A-UUID");
    expect("POST", "/api/v1/signers/", op, NULL, NULL, NULL, 404,
           "no route", "POST /api/v1/signers/ (a trailing /)");

    /* S1, by the client library. */
    for (i = 0; i < 8; i++) {
        e2e_load_prime(pb[i], &pl[i], (unsigned) i);
        pp[i] = pb[i];
    }
    rc = duet_client_create_signer(cop, "matrix-s1", M_LEVEL, pp, pl, NULL,
                                   NULL, &w->s1);
    duet_memclear(pb, sizeof(pb));
    if (!is_int(0, rc, "S1: the client library creates a signer")) {
        bail("%s", duet_client_error(cop));
    }
    track(w->s1.signer_id);
    snprintf(w->key1, sizeof(w->key1), "%s", w->s1.api_key);
    elapsed(w, "S1 active");
}


/*
 * The input matrix with live sessions M (S1 signing) and D (S2's key
 * creation), then both to the end with replays and an old round.
 */
static void
test_matrix(struct world *w)
{
    struct run  m;
    struct run *d = &w->d;

    if (sign_open(&m, "signing M", w->key1, &w->s1.share[0], "matrix M")
        != 0 || run_prepare(&m) != 0
        || dkg_open(d, "matrix-s2", 8) != 0 || run_prepare(d) != 0)
    {
        bail("cannot open the sessions to probe");
    }
    test_auth(w->s1.signer_id, d->sid, m.sid, w->key1);
    test_bodyless(w->s1.signer_id, m.sid, w->key1);
    test_bodies(w->s1.signer_id, w->key1);
    test_round_inputs(d, m.sid);
    test_round_inputs(&m, d->sid);
    elapsed(w, "input matrix done");

    /* D to the end: a replay, an old round, then completed. */
    if (run_post(d) != 0) {
        bail("S2's key creation");
    }
    test_replay(d, 1);
    if (run_prepare(d) != 0 || run_post(d) != 0 || run_prepare(d) != 0) {
        bail("S2's key creation");
    }
    test_old_round(d, 1);
    if (run_post(d) != 0 || run_to_end(d) != 0 || dkg_result(d) != 0) {
        bail("S2's key creation");
    }
    track(d->signer_id);
    test_gone(d, 410, "completed or aborted", "completion");
    elapsed(w, "S2 active");

    /* M to the end: another signer, replays, an old round. */
    test_other_signer(&m, d->api_key);
    if (run_post(&m) != 0) {
        bail("signing M");
    }
    test_replay(&m, 1);
    if (run_prepare(&m) != 0 || run_post(&m) != 0) {
        bail("signing M");
    }
    test_replay(&m, 2);
    if (run_prepare(&m) != 0) {
        bail("signing M");
    }
    test_old_round(&m, 1);
    if (run_post(&m) != 0 || run_to_end(&m) != 0) {
        bail("signing M");
    }
    test_replay(&m, 4);
    sign_complete(&m);
    test_gone(&m, 410, "completed or aborted", "completion");
    run_free(&m);

    /* Another signer's resources. */
    expect_get(d->signer_id, w->key1, 403, "belongs to another signer",
               "S1's key on GET /signers/{S2}");
    expect_get(w->s1.signer_id, d->api_key, 403, "belongs to another signer",
               "S2's key on GET /signers/{S1}");
    {
        struct json_object  *data;
        struct resp          rs;

        callj(&rs, "GET", "/api/v1/signers", NULL, d->api_key, NULL);
        data = get(rs.json, "data");
        ok(rs.status == 200 && data != NULL
           && json_object_array_length(data) == 1
           && same_str(get_str(json_object_array_get_idx(data, 0), "id"),
                       d->signer_id),
           "S2's key lists S2 alone");
        resp_free(&rs);
    }
}


/* Identifiable abort in a signing (T) and in a key creation (E). */
static void
test_aborts(struct world *w)
{
    struct run  t, e;
    char        st[32];

    /* A presign proof of party 0. */
    if (sign_open(&t, "signing T", w->key1, &w->s1.share[0], "matrix T")
        != 0 || run_prepare(&t) != 0)
    {
        bail("signing T");
    }
    test_tampered(&t, ml_find(&t.out, DUET_PARTY_SIGNER,
                              DUET_PROTO_PRESIGN, 1), 8, DUET_PARTY_SIGNER,
                  "a proof's response");
    test_gone(&t, 410, "completed or aborted", "the abort");
    signer_status(w->s1.signer_id, st, sizeof(st));
    is_str("active", st, "S1 is still active after its session aborted");
    run_free(&t);

    /* Party 2's keygen echo: the signer fails. */
    if (dkg_open(&e, "matrix-bad", 0) != 0 || run_prepare(&e) != 0
        || run_post(&e) != 0 || run_prepare(&e) != 0)
    {
        bail("key creation E");
    }
    test_tampered(&e, ml_find(&e.out, DUET_PARTY_USER, DUET_PROTO_KEYGEN, 0),
                  16, DUET_PARTY_USER, "the keygen echo");
    test_gone(&e, 410, "completed or aborted", "the abort");
    signer_status(e.signer_id, st, sizeof(st));
    is_str("failed", st, "E's signer is failed after the abort");
    ok(!kms_has(e.signer_id), "E has no KMS object");
    run_free(&e);
    elapsed(w, "aborts done");
}


/* Paused before a session and in the middle of one (P); resumed. */
static void
test_paused(struct world *w)
{
    struct snap  sn;
    struct resp  rs;
    struct run   p;
    const char  *id = w->s1.signer_id, *key = w->key1;
    char         path[200];

    if (sign_open(&p, "signing P", key, &w->s1.share[0], "matrix P") != 0
        || run_prepare(&p) != 0 || run_post(&p) != 0 || run_prepare(&p) != 0)
    {
        bail("signing P");
    }
    signer_action(&rs, "POST", id, "pause", NULL);
    ok(rs.status == 200 && same_str(get_str(rs.json, "status"), "paused"),
       "pause S1 -> 200, paused");
    resp_free(&rs);
    snap_take(&sn);
    expect("POST", "/api/v1/sign/sessions", NULL, key, NULL, tx_body, 403,
           "signer is paused", "a paused signer asks to sign a transaction");
    expect("POST", "/api/v1/sign-message/sessions", NULL, key, NULL,
           msg_body, 403, "signer is paused",
           "a paused signer asks to sign a message");
    snap_check(&sn, "a paused signer: no session started");
    run_path(&p, path, sizeof(path), NULL, "rounds");
    expect("POST", path, NULL, key, NULL, p.body[2], 403, "signer is paused",
           "signing P: a round while paused");
    signer_action(&rs, "POST", id, "pause", NULL);
    is_err(&rs, 409, "signer is paused, not active", "pause twice");
    resp_free(&rs);
    signer_action(&rs, "POST", id, "resume", NULL);
    ok(rs.status == 200 && same_str(get_str(rs.json, "status"), "active"),
       "resume S1 -> 200, active");
    resp_free(&rs);
    test_gone(&p, 410, "completed or aborted", "a pause mid-session");
    signer_action(&rs, "POST", id, "resume", NULL);
    is_err(&rs, 409, "signer is active, not paused", "resume twice");
    resp_free(&rs);
    sign_with_client(key, &w->s1.share[0], "S1 resumed");
    run_free(&p);
}


/* A new API key: the old one dies at once. */
static void
test_new_key(struct world *w)
{
    struct resp  rs;
    const char  *k;
    char         old[64];

    snprintf(old, sizeof(old), "%s", w->key1);
    signer_action(&rs, "POST", w->s1.signer_id, "regenerate-key", NULL);
    k = get_str(rs.json, "apiKey");
    ok(rs.status == 200 && k != NULL && strncmp(k, "duet_live_", 10) == 0
       && strcmp(k, old) != 0, "regenerate S1's key -> 200, a new key");
    snprintf(w->key1, sizeof(w->key1), "%s", k != NULL ? k : "");
    resp_free(&rs);
    expect_get(w->s1.signer_id, old, 401, "invalid API key",
               "S1's old key reads");
    expect("POST", "/api/v1/sign-message/sessions", NULL, old, NULL,
           msg_body, 401, "invalid API key", "S1's old key signs");
    sign_with_client(w->key1, &w->s1.share[0], "S1's new key");
    duet_memclear(old, sizeof(old));
}


/* S2 revoked with a session in the middle (R). */
static void
test_revoked(struct world *w)
{
    struct snap  sn;
    struct resp  rs;
    struct run   rv;
    const char  *id = w->d.signer_id, *key = w->d.api_key;
    char         st[32], path[200];
    double       active, revoked;

    if (sign_open(&rv, "signing R", key, &w->d.mine, "matrix R") != 0
        || run_prepare(&rv) != 0 || run_post(&rv) != 0
        || run_prepare(&rv) != 0)
    {
        bail("signing R");
    }
    ok(kms_has(id), "S2's share is in the KMS");
    active = signers_metric("active");
    revoked = signers_metric("revoked");
    ok(active >= 1 && revoked >= 0, "/metrics counts signers by status "
       "(%.0f active, %.0f revoked)", active, revoked);
    signer_action(&rs, "DELETE", id, "", NULL);
    ok(rs.status == 204 && rs.len == 0, "DELETE S2 -> 204, no body");
    resp_free(&rs);
    ok(signers_metric("active") == active - 1
       && signers_metric("revoked") == revoked + 1,
       "/metrics: one active signer fewer, one revoked more");
    ok(!kms_has(id), "S2's KMS object signers/%s is gone", id);
    signer_status(id, st, sizeof(st));
    is_str("revoked", st, "GET shows S2 revoked");
    expect_get(id, key, 401, "invalid API key",
               "the revoked signer's key reads");
    expect("POST", "/api/v1/sign-message/sessions", NULL, key, NULL,
           msg_body, 401, "invalid API key",
           "the revoked signer's key signs");

    run_path(&rv, path, sizeof(path), NULL, "rounds");
    callj(&rs, "POST", path, NULL, key, rv.body[2]);
    /* The key died with the signer, and the revocation ended R at once. */
    is_err(&rs, 401, "invalid API key",
           "signing R: a round with the revoked key after the revocation");
    expect("POST", path, NULL, w->key1, NULL, rv.body[2], 410,
           "completed or aborted",
           "signing R: the revocation ended the session (another key "
           "finds it gone)");
    resp_free(&rs);
    run_free(&rv);

    snap_take(&sn);
    signer_action(&rs, "PATCH", id, "", "{\"name\":\"back\"}");
    is_err(&rs, 409, "signer is revoked", "rename a revoked signer");
    resp_free(&rs);
    signer_action(&rs, "POST", id, "pause", NULL);
    is_err(&rs, 409, "signer is revoked", "pause a revoked signer");
    resp_free(&rs);
    signer_action(&rs, "POST", id, "resume", NULL);
    is_err(&rs, 409, "signer is revoked", "resume a revoked signer");
    resp_free(&rs);
    signer_action(&rs, "POST", id, "regenerate-key", NULL);
    is_err(&rs, 409, "signer is revoked", "a new key for a revoked signer");
    resp_free(&rs);
    signer_action(&rs, "DELETE", id, "", NULL);
    ok(rs.status == 204, "DELETE a revoked signer again -> 204 (a retry of "
       "the KMS delete; nothing else happens)");
    resp_free(&rs);
    snap_check(&sn, "a revoked signer: every change refused");
    elapsed(w, "signer states done");
}


/* A full table: 503 with Retry-After; its sessions (X, Y) still finish. */
static void
test_full_table(struct world *w)
{
    struct snap  sn;
    struct run   x, y;
    const char  *key = w->key1;
    int          i, n;

    if (sign_open(&x, "signing X", key, &w->s1.share[0], "matrix X") != 0
        || run_prepare(&x) != 0
        || sign_open(&y, "signing Y", key, &w->s1.share[0], "matrix Y") != 0
        || run_prepare(&y) != 0)
    {
        bail("cannot fill the table");
    }
    check_counts(2, M_CAPACITY_B, "a full table");
    snap_take(&sn);
    n = signer_count();
    expect_busy("/api/v1/sign/sessions", NULL, key, tx_body,
                "too many sessions in progress", "5",
                "a transaction to sign, table full");
    expect_busy("/api/v1/sign-message/sessions", NULL, key, msg_body,
                "too many sessions in progress", "5",
                "a message to sign, table full");
    expect_busy("/api/v1/signers", op, NULL, "{\"name\":\"later\"}",
                "too many sessions in progress", "5",
                "a new signer, table full");
    is_int(n, signer_count(), "no signer row from the refused creation");
    snap_check(&sn, "a full table");
    for (i = 0; i < RUN_CALLS; i++) {
        if ((i > 0 && run_prepare(&x) != 0) || run_post(&x) != 0
            || (i > 0 && run_prepare(&y) != 0) || run_post(&y) != 0)
        {
            bail("the sessions of a full table");
        }
    }
    sign_complete(&x);
    sign_complete(&y);
    check_counts(0, M_CAPACITY_B, "both sessions complete");
    run_free(&x);
    run_free(&y);
}


/*
 * Expiry of a signing (Z) and of a key creation idle for session_idle;
 * an empty prime pool; the expired key creation's signer, failed.
 */
static void
test_expiry_and_pool(struct world *w)
{
    struct snap  sn;
    struct run   z;
    time_t       tb;
    char         path[200], dsid[64], did[40], st[32], *body;
    int          i, n, rc, size;

    if (sign_open(&z, "signing Z", w->key1, &w->s1.share[0], "matrix Z")
        != 0 || run_prepare(&z) != 0)
    {
        bail("signing Z");
    }
    size = e2e_pool_size(cop);
    rc = raw_signer(dsid, did);
    tb = time(NULL);
    if (!ok(rc == 201, "a key creation to let expire -> %d (pool %d)", rc,
            size))
    {
        did[0] = dsid[0] = '\0';
    }
    e2e_sleep_ms(1000L * (M_IDLE_B + 1));
    run_path(&z, path, sizeof(path), NULL, "rounds");
    expect("POST", path, NULL, w->key1, NULL, z.body[1], 410,
           "session expired", "signing Z: call 1 after 6 s idle");
    expect("POST", path, NULL, w->key1, NULL, z.body[1], 410,
           "session expired", "signing Z: call 1 again");
    run_free(&z);
    if (dsid[0] != '\0') {
        snprintf(path, sizeof(path), "/api/v1/dkg/sessions/%s/rounds", dsid);
        body = keygen_body(dsid, 32);
        expect("POST", path, op, NULL, NULL, body, 410, "session expired",
               "key creation: round 1 after 6 s idle");
        free(body);
    }
    check_counts(0, M_CAPACITY_B, "the expired sessions are gone");

    /* Drain the pool (each creation aborted at once), then 503. */
    for (i = 0; i < 8 && e2e_pool_size(cop) >= 4; i++) {
        char  sid2[64], id2[40];

        if (raw_signer(sid2, id2) != 201) {
            break;
        }
        snprintf(path, sizeof(path), "/api/v1/dkg/sessions/%s/rounds", sid2);
        body = keygen_body(sid2, 100);
        expect("POST", path, op, NULL, NULL, body, 422, "party 0",
               "drain: an oversized keygen message ends a key creation");
        free(body);
    }
    size = e2e_pool_size(cop);
    n = signer_count();
    snap_take(&sn);
    expect_busy("/api/v1/signers", op, NULL, "{\"name\":\"no primes\"}",
                "prime pool is empty", "30",
                "a new signer with fewer than 4 primes");
    is_int(n, signer_count(), "no signer row left behind (pool %d)", size);
    snap_check(&sn, "an empty prime pool");

    /* The key creation that expired: its signer is failed, not pending. */
    if (did[0] != '\0') {
        while (time(NULL) < tb + M_TTL_B + 1) {
            e2e_sleep_ms(200);
        }
        signer_status(did, st, sizeof(st));
        is_str("failed", st, "an expired key creation's signer is failed "
               "once session_ttl has passed");
    }
    elapsed(w, "limits done");
}


int
main(int argc, char **argv)
{
    struct world  w;
    char          extra[256];
    int           size;

    tap_init(argc, argv);
    e2e_require();
    /* libcurl loads GnuTLS, which installs its own GMP hooks. */
    if (duet_init_displacing() != 0) {
        bail("duet_init");
    }
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0
        || (curl = curl_easy_init()) == NULL)
    {
        bail("libcurl");
    }
    plan_lazy();
    memset(&w, 0, sizeof(w));
    w.t0 = time(NULL);
    e2e_mkdir(dir, sizeof(dir), "duet-matrix");
    e2e_service_init(&svc, dir, "state");
    diag("test directory %s", dir);
    e2e_operator_token(op, w.tokhex);

    first_run(&w);
    test_matrix(&w);
    test_aborts(&w);
    test_paused(&w);
    test_new_key(&w);
    test_revoked(&w);

    /* The second run needs four primes. */
    size = e2e_pool_wait(cop, 4, M_POOL_WAIT);
    ok(size >= 4, "the pool holds %d primes for the second run", size);
    duet_client_free(cop);
    is_int(0, e2e_service_stop(&svc), "first run stopped");

    /* Second run, same data: 2 slots, 5 s idle, no new primes. */
    snprintf(extra, sizeof(extra),
             "session_capacity = %d\n"
             "session_ttl = %d\n"
             "session_idle = %d\n"
             "prime_target = 1\n"
             "prime_low_watermark = 0\n"
             "prime_generators = 1\n", M_CAPACITY_B, M_TTL_B, M_IDLE_B);
    write_conf(&w, "second", extra);
    check_counts(0, M_CAPACITY_B, "second run, idle");
    test_full_table(&w);
    test_expiry_and_pool(&w);
    is_int(0, e2e_service_stop(&svc), "second run stopped");

    run_free(&w.d);
    duet_client_signer_clear(&w.s1);
    duet_memclear(w.key1, sizeof(w.key1));
    duet_memclear(op, sizeof(op));
    duet_client_free(cop);
    curl_easy_cleanup(curl);
    curl_global_cleanup();
    if (getenv("DUET_KEEP_TMP") == NULL && tap_tests_failed() == 0) {
        e2e_rm_tree(dir);
    } else {
        diag("kept %s", dir);
    }
    elapsed(&w, "all done");
    return 0;
}
