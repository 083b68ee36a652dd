/*
 * api_json.c -- see api_json.h.
 */

#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api_json.h"
#include "duet.h"
#include "duet_eth.h"
#include "duet_util.h"

/* The largest integer every JSON reader holds exactly, 2^53 - 1. */
#define DUETD_JSON_SAFE_INT  9007199254740991LL

/* Longest field name echoed back in an error message. */
#define DUETD_JSON_NAME_ECHO 64

#define DUETD_JSON_EMPTY     "the request body is empty: it must be a JSON" \
                             " object"
#define DUETD_JSON_EARLY     "malformed JSON: the body ends early"


static int
duetd_json_err(char *err, size_t errsize, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
duetd_json_err(char *err, size_t errsize, const char *fmt, ...)
{
    va_list  ap;

    va_start(ap, fmt);
    vsnprintf(err, errsize, fmt, ap);
    va_end(ap);
    return 400;
}


/* A member name fit to quote in an error: printable ASCII, bounded. */
static void
duetd_json_echo(char out[DUETD_JSON_NAME_ECHO + 4], const char *name,
    size_t len)
{
    size_t  i, n;

    n = len < DUETD_JSON_NAME_ECHO ? len : DUETD_JSON_NAME_ECHO;
    for (i = 0; i < n; i++) {
        out[i] = (name[i] >= 0x20 && name[i] < 0x7f && name[i] != '"'
                  && name[i] != '\\') ? name[i] : '?';
    }
    if (n < len) {
        memcpy(out + n, "...", 3);
        n += 3;
    }
    out[n] = '\0';
}


int
duetd_json_parse(struct json_object **root, const char *text, size_t len,
    char *err, size_t errsize)
{
    struct json_tokener  *tok;
    struct json_object   *obj;
    int                   rc;

    *root = NULL;
    if (len == 0) {
        return duetd_json_err(err, errsize, DUETD_JSON_EMPTY);
    }
    rc = duet_eth_json_check(text, len);
    switch (rc) {
    case 0:
        break;
    case DUET_ERR_NO_MEMORY:
        return 500;
    case DUET_ERR_TRUNCATED:
        return duetd_json_err(err, errsize,
                              "malformed JSON: the body ends inside a value");
    case DUET_ERR_TRAILING_DATA:
        return duetd_json_err(err, errsize,
                              "malformed JSON: data after the object");
    case DUET_ERR_LIMIT_EXCEEDED:
        return duetd_json_err(err, errsize,
                              "JSON too large or nested deeper than %d",
                              DUET_ETH_JSON_MAX_DEPTH);
    case DUET_ERR_INVALID_ARGUMENT:
        return duetd_json_err(err, errsize,
                              "the request body must be a JSON object");
    default:
        return duetd_json_err(err, errsize,
                              "malformed JSON (RFC 8259 UTF-8, no duplicate"
                              " keys, no U+0000)");
    }

    /* The text passed the strict check: json-c only builds the tree. */
    if ((tok = json_tokener_new_ex(DUET_ETH_JSON_MAX_DEPTH + 1)) == NULL) {
        return 500;
    }
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
    obj = json_tokener_parse_ex(tok, text, (int) len);
    rc = json_tokener_get_error(tok) == json_tokener_success && obj != NULL
         && json_object_get_type(obj) == json_type_object;
    json_tokener_free(tok);
    if (!rc) {
        json_object_put(obj);
        return duetd_json_err(err, errsize, "malformed JSON");
    }
    *root = obj;
    return 0;
}


static int
duetd_json_safe_int(struct json_object *v)
{
    int64_t  i;

    if (json_object_get_type(v) != json_type_int) {
        return 0;
    }
    /* json-c clamps what it cannot hold: clamped values fall outside. */
    i = json_object_get_int64(v);
    return i >= -DUETD_JSON_SAFE_INT && i <= DUETD_JSON_SAFE_INT;
}


static const char *
duetd_json_type_name(int type)
{
    switch (type) {
    case DUETD_JT_STRING:
        return "a string";
    case DUETD_JT_OBJECT:
        return "an object";
    case DUETD_JT_ARRAY:
        return "an array";
    case DUETD_JT_BOOL:
        return "true or false";
    case DUETD_JT_INTEGER:
        return "an integer below 2^53";
    case DUETD_JT_QUANTITY:
        return "an integer below 2^53 or a string of digits";
    default:
        return "a string, an object or an array";
    }
}


static int
duetd_json_type_ok(struct json_object *v, int type)
{
    json_type  t = json_object_get_type(v);

    switch (type) {
    case DUETD_JT_STRING:
        return t == json_type_string;
    case DUETD_JT_OBJECT:
        return t == json_type_object;
    case DUETD_JT_ARRAY:
        return t == json_type_array;
    case DUETD_JT_BOOL:
        return t == json_type_boolean;
    case DUETD_JT_INTEGER:
        return duetd_json_safe_int(v);
    case DUETD_JT_QUANTITY:
        return t == json_type_string
               || (duetd_json_safe_int(v) && json_object_get_int64(v) >= 0);
    case DUETD_JT_ANY:
        return t == json_type_string || t == json_type_object
               || t == json_type_array;
    default:
        return 0;
    }
}


int
duetd_json_fields(struct json_object *obj, const char *prefix,
    struct duetd_json_field *f, size_t n, char *err, size_t errsize)
{
    struct json_object_iter  it;
    char                     echo[DUETD_JSON_NAME_ECHO + 4];
    size_t                   i, len;

    for (i = 0; i < n; i++) {
        f[i].value = NULL;
    }
    json_object_object_foreachC(obj, it) {
        for (i = 0; i < n; i++) {
            if (strcmp(it.key, f[i].name) == 0) {
                break;
            }
        }
        if (i == n) {
            duetd_json_echo(echo, it.key, strlen(it.key));
            return duetd_json_err(err, errsize, "unknown field \"%s%s\"",
                                  prefix, echo);
        }
        if (it.val == NULL) {
            continue;
        }
        if (!duetd_json_type_ok(it.val, f[i].type)) {
            return duetd_json_err(err, errsize, "%s%s must be %s", prefix,
                                  f[i].name, duetd_json_type_name(f[i].type));
        }
        if (f[i].type == DUETD_JT_STRING) {
            len = (size_t) json_object_get_string_len(it.val);
            if (f[i].max != 0 && len > f[i].max) {
                return duetd_json_err(err, errsize,
                                      "%s%s is longer than %zu bytes",
                                      prefix, f[i].name, f[i].max);
            }
            if (f[i].required && len == 0) {
                return duetd_json_err(err, errsize, "%s%s must not be empty",
                                      prefix, f[i].name);
            }
        }
        f[i].value = it.val;
    }
    for (i = 0; i < n; i++) {
        if (f[i].required && f[i].value == NULL) {
            return duetd_json_err(err, errsize, "%s%s is required", prefix,
                                  f[i].name);
        }
    }
    return 0;
}


static int
duetd_json_numbers_walk(struct json_object *v, char *path, size_t plen,
    size_t psize, char *err, size_t errsize)
{
    struct json_object_iter  it;
    char                     echo[DUETD_JSON_NAME_ECHO + 4];
    size_t                   i, n;
    int                      w, rc;

    switch (json_object_get_type(v)) {
    case json_type_double:
        return duetd_json_err(err, errsize,
                              "%s: numbers must be integers", path);
    case json_type_int:
        if (!duetd_json_safe_int(v)) {
            return duetd_json_err(err, errsize,
                                  "%s: integers of 2^53 or more must be"
                                  " written as strings", path);
        }
        return 0;
    case json_type_array:
        n = json_object_array_length(v);
        for (i = 0; i < n; i++) {
            w = snprintf(path + plen, psize - plen, "[%zu]", i);
            rc = duetd_json_numbers_walk(json_object_array_get_idx(v, i),
                     path, w > 0 && (size_t) w < psize - plen
                           ? plen + (size_t) w : plen,
                     psize, err, errsize);
            path[plen] = '\0';
            if (rc != 0) {
                return rc;
            }
        }
        return 0;
    case json_type_object:
        json_object_object_foreachC(v, it) {
            if (it.val == NULL) {
                continue;
            }
            /* A client's member name: echoed only as printable ASCII. */
            duetd_json_echo(echo, it.key, strlen(it.key));
            w = snprintf(path + plen, psize - plen, ".%s", echo);
            rc = duetd_json_numbers_walk(it.val, path,
                     w > 0 && (size_t) w < psize - plen
                     ? plen + (size_t) w : plen, psize, err, errsize);
            path[plen] = '\0';
            if (rc != 0) {
                return rc;
            }
        }
        return 0;
    default:
        return 0;
    }
}


int
duetd_json_check_numbers(struct json_object *v, const char *path, char *err,
    size_t errsize)
{
    char    p[160];
    size_t  n;

    n = strlen(path);
    if (n >= sizeof(p)) {
        n = sizeof(p) - 1;
    }
    memcpy(p, path, n);
    p[n] = '\0';
    return duetd_json_numbers_walk(v, p, n, sizeof(p), err, errsize);
}


int
duetd_json_content_type_ok(const char *ct)
{
    const char  *p;

    if (ct == NULL || strncasecmp(ct, "application/json", 16) != 0) {
        return 0;
    }
    p = ct + 16;
    while (*p == ' ' || *p == '\t') {
        p++;
    }
    if (*p == '\0') {
        return 1;
    }
    if (*p++ != ';') {
        return 0;
    }
    while (*p == ' ' || *p == '\t') {
        p++;
    }
    if (strncasecmp(p, "charset=", 8) != 0) {
        return 0;
    }
    p += 8;
    if (strncasecmp(p, "utf-8", 5) == 0) {
        p += 5;
    } else if (strncasecmp(p, "\"utf-8\"", 7) == 0) {
        p += 7;
    } else {
        return 0;
    }
    while (*p == ' ' || *p == '\t') {
        p++;
    }
    return *p == '\0';
}


/* Round bodies. */

struct duetd_scan {
    const char  *p;
    size_t       len;
    size_t       off;
};


static void
duetd_scan_ws(struct duetd_scan *s)
{
    while (s->off < s->len && (s->p[s->off] == ' ' || s->p[s->off] == '\t'
                               || s->p[s->off] == '\n'
                               || s->p[s->off] == '\r'))
    {
        s->off++;
    }
}


static int
duetd_scan_is(struct duetd_scan *s, char c)
{
    duetd_scan_ws(s);
    if (s->off < s->len && s->p[s->off] == c) {
        s->off++;
        return 1;
    }
    return 0;
}


/* At the end of the body (blanks aside)? */
static int
duetd_scan_eof(struct duetd_scan *s)
{
    duetd_scan_ws(s);
    return s->off >= s->len;
}


/*
 * The error for a token that is not at s: a body that ends there is
 * truncated, and is named so rather than by the field being read.
 */
static int
duetd_scan_fail(struct duetd_scan *s, char *err, size_t errsize,
    const char *what)
{
    return duetd_json_err(err, errsize, "%s",
                          duetd_scan_eof(s) ? DUETD_JSON_EARLY : what);
}


static int
duetd_b64url_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
           || (c >= '0' && c <= '9') || c == '-' || c == '_';
}


/*
 * The member name at s (after its opening quote): its span, or -1 when it
 * holds an escape or a control character (no name of ours does).
 */
static int
duetd_scan_key(struct duetd_scan *s, size_t *start, size_t *klen)
{
    *start = s->off;
    while (s->off < s->len && s->p[s->off] != '"') {
        if (s->p[s->off] == '\\' || (unsigned char) s->p[s->off] < 0x20) {
            return -1;
        }
        s->off++;
    }
    if (s->off == s->len) {
        return -1;
    }
    *klen = s->off - *start;
    s->off++;
    return 0;
}


int
duetd_msgs_parse(struct duetd_msgs *m, const char *body, size_t len,
    char *err, size_t errsize)
{
    struct duetd_scan  s;
    char               echo[DUETD_JSON_NAME_ECHO + 4], what[64];
    size_t             start[DUETD_MESSAGES_MAX], slen[DUETD_MESSAGES_MAX];
    size_t             i, ks, kl, total, got, n = 0;
    int                seen = 0, rc;

    memset(m, 0, sizeof(*m));
    memset(&s, 0, sizeof(s));
    s.p = body;
    s.len = len;

    if (duetd_scan_eof(&s)) {
        return duetd_json_err(err, errsize, DUETD_JSON_EMPTY);
    }
    if (!duetd_scan_is(&s, '{')) {
        return duetd_json_err(err, errsize,
                              "the request body must be a JSON object");
    }
    if (duetd_scan_is(&s, '}')) {
        return duetd_json_err(err, errsize, "messages is required");
    }
    for ( ;; ) {
        if (!duetd_scan_is(&s, '"') || duetd_scan_key(&s, &ks, &kl) != 0) {
            return duetd_scan_fail(&s, err, errsize, "malformed JSON");
        }
        if (kl != 8 || memcmp(body + ks, "messages", 8) != 0) {
            duetd_json_echo(echo, body + ks, kl);
            return duetd_json_err(err, errsize, "unknown field \"%s\"",
                                  echo);
        }
        if (seen++) {
            return duetd_json_err(err, errsize,
                                  "malformed JSON: duplicate key"
                                  " \"messages\"");
        }
        if (!duetd_scan_is(&s, ':')) {
            return duetd_scan_fail(&s, err, errsize, "malformed JSON");
        }
        if (!duetd_scan_is(&s, '[')) {
            return duetd_scan_fail(&s, err, errsize, "messages must be an"
                                   " array of base64url strings");
        }
        if (duetd_scan_is(&s, ']')) {
            return duetd_json_err(err, errsize, "messages must not be empty");
        }
        for ( ;; ) {
            if (!duetd_scan_is(&s, '"')) {
                snprintf(what, sizeof(what), "messages[%zu] must be a"
                         " base64url string", n);
                return duetd_scan_fail(&s, err, errsize, what);
            }
            if (n == DUETD_MESSAGES_MAX) {
                return duetd_json_err(err, errsize,
                                      "more than %d messages",
                                      DUETD_MESSAGES_MAX);
            }
            start[n] = s.off;
            while (s.off < s.len && duetd_b64url_char(s.p[s.off])) {
                s.off++;
            }
            if (s.off == s.len) {
                return duetd_json_err(err, errsize, DUETD_JSON_EARLY);
            }
            if (s.p[s.off] != '"') {
                return duetd_json_err(err, errsize,
                                      "messages[%zu] is not unpadded"
                                      " base64url", n);
            }
            slen[n] = s.off - start[n];
            s.off++;
            if (slen[n] == 0) {
                return duetd_json_err(err, errsize,
                                      "messages[%zu] is empty", n);
            }
            n++;
            if (duetd_scan_is(&s, ']')) {
                break;
            }
            if (!duetd_scan_is(&s, ',')) {
                return duetd_scan_fail(&s, err, errsize, "malformed JSON");
            }
        }
        if (duetd_scan_is(&s, '}')) {
            break;
        }
        if (!duetd_scan_is(&s, ',')) {
            return duetd_scan_fail(&s, err, errsize, "malformed JSON");
        }
    }
    duetd_scan_ws(&s);
    if (s.off != s.len) {
        return duetd_json_err(err, errsize,
                              "malformed JSON: data after the object");
    }

    total = 0;
    for (i = 0; i < n; i++) {
        total += slen[i] / 4 * 3 + 3;
    }
    if ((m->buf = malloc(total)) == NULL) {
        return 500;
    }
    m->buf_size = total;
    got = 0;
    for (i = 0; i < n; i++) {
        rc = duet_base64url_decode(m->buf + got, total - got, &m->len[i],
                                   body + start[i], slen[i]);
        if (rc != 0 || m->len[i] == 0) {
            duetd_msgs_free(m);
            return duetd_json_err(err, errsize,
                                  "messages[%zu] is not unpadded base64url",
                                  i);
        }
        m->msg[i] = m->buf + got;
        got += m->len[i];
    }
    m->count = n;
    return 0;
}


void
duetd_msgs_free(struct duetd_msgs *m)
{
    if (m->buf != NULL) {
        duet_memclear(m->buf, m->buf_size);
        free(m->buf);
    }
    memset(m, 0, sizeof(*m));
}


/* Responses. */

int
duetd_json_add(struct json_object *obj, const char *key,
    struct json_object *v)
{
    if (v == NULL) {
        return -1;
    }
    if (json_object_object_add(obj, key, v) != 0) {
        json_object_put(v);
        return -1;
    }
    return 0;
}


static void
duetd_json_wipe(struct json_object *v, int depth)
{
    struct json_object_iter  it;
    size_t                   i, n;

    if (v == NULL || depth > 64) {
        return;
    }
    switch (json_object_get_type(v)) {
    case json_type_string:
        /* json-c owns the bytes; they are writable, only typed const. */
        duet_memclear((char *) json_object_get_string(v),
                      (size_t) json_object_get_string_len(v));
        break;
    case json_type_array:
        n = json_object_array_length(v);
        for (i = 0; i < n; i++) {
            duetd_json_wipe(json_object_array_get_idx(v, i), depth + 1);
        }
        break;
    case json_type_object:
        json_object_object_foreachC(v, it) {
            duetd_json_wipe(it.val, depth + 1);
        }
        break;
    default:
        break;
    }
}


void
duetd_json_put_wiped(struct json_object *v)
{
    if (v != NULL && json_object_get_type(v) != json_type_null) {
        /* Never on a tree sharing nodes with another (responses do not). */
        duetd_json_wipe(v, 0);
    }
    json_object_put(v);
}


struct json_object *
duetd_json_hex(const uint8_t *p, size_t n)
{
    struct json_object  *v = NULL;
    char                *s;
    size_t               size = 2 + DUET_HEX_ENCODED_SIZE(n);

    if ((s = malloc(size)) == NULL) {
        return NULL;
    }
    s[0] = '0';
    s[1] = 'x';
    if (duet_hex_encode(s + 2, size - 2, p, n) == 0) {
        v = json_object_new_string_len(s, (int) (size - 1));
    }
    free(s);
    return v;
}


int
duetd_json_array_add_b64(struct json_object *arr, const uint8_t *p,
    size_t n)
{
    struct json_object  *v = NULL;
    char                *s;
    size_t               size = DUET_BASE64URL_ENCODED_SIZE(n);

    if ((s = malloc(size)) == NULL) {
        return -1;
    }
    if (duet_base64url_encode(s, size, p, n) == 0) {
        v = json_object_new_string_len(s, (int) (size - 1));
    }
    /* Point-to-point messages are confidential: no copy left behind. */
    duet_memclear(s, size);
    free(s);
    if (v == NULL) {
        return -1;
    }
    if (json_object_array_add(arr, v) != 0) {
        json_object_put(v);
        return -1;
    }
    return 0;
}

int
duetd_quantity_decimal(char *out, size_t size, struct json_object *v)
{
    const char  *s;
    uint8_t      b[32];                    /* big-endian, 256 bits        */
    char         d[80];
    size_t       len, i, nd;
    unsigned     rem, cur;
    int          h, nonzero;
    int64_t      iv;

    if (size == 0) {
        return -1;
    }
    out[0] = '\0';
    if (json_object_get_type(v) == json_type_int) {
        iv = json_object_get_int64(v);
        if (!duetd_json_safe_int(v) || iv < 0) {
            return -1;
        }
        h = snprintf(out, size, "%lld", (long long) iv);
        return h > 0 && (size_t) h < size ? 0 : -1;
    }
    if (json_object_get_type(v) != json_type_string) {
        return -1;
    }
    s = json_object_get_string(v);
    len = (size_t) json_object_get_string_len(v);
    if (len == 0) {
        return -1;
    }

    if (len > 2 && s[0] == '0' && s[1] == 'x') {
        s += 2;
        len -= 2;
        while (len > 1 && s[0] == '0') {
            s++;
            len--;
        }
        if (len > 64) {
            return -1;
        }
        memset(b, 0, sizeof(b));
        for (i = 0; i < len; i++) {
            if ((h = duet_hex_char_value(s[len - 1 - i])) < 0) {
                return -1;
            }
            b[31 - i / 2] |= (uint8_t) (i % 2 ? h << 4 : h);
        }
        /* Repeated division by ten of the 256-bit number. */
        nd = 0;
        do {
            rem = 0;
            nonzero = 0;
            for (i = 0; i < sizeof(b); i++) {
                cur = (rem << 8) | b[i];
                b[i] = (uint8_t) (cur / 10);
                rem = cur % 10;
                nonzero |= b[i] != 0;
            }
            d[nd++] = (char) ('0' + rem);
        } while (nonzero && nd < sizeof(d));
        if (nd + 1 > size) {
            return -1;
        }
        for (i = 0; i < nd; i++) {
            out[i] = d[nd - 1 - i];
        }
        out[nd] = '\0';
        return 0;
    }

    for (i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return -1;
        }
    }
    while (len > 1 && s[0] == '0') {
        s++;
        len--;
    }
    if (len > 78 || len + 1 > size) {
        return -1;
    }
    memcpy(out, s, len);
    out[len] = '\0';
    return 0;
}
