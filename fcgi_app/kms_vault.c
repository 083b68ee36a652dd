/*
 * kms_vault.c -- the HashiCorp Vault KV v2 KMS backend (kms.h), over
 * libcurl.  Facts: /work/shared/spec/edge.md section 6.
 *
 *   store   POST   {addr}/v1/{mount}/data/{prefix}/{name}
 *                  {"data":{"v":1,"blob":"<base64url>"},"options":{"cas":0}}
 *                  cas 0 = create only; Vault's 400 "check-and-set ..."
 *                  answer is DUETD_KMS_EXISTS.
 *   load    GET    the same path; 404 is DUETD_KMS_NOT_FOUND; data.data
 *                  must be exactly {"v":1,"blob":...}.
 *   delete  DELETE {addr}/v1/{mount}/metadata/{prefix}/{name}: every
 *                  version.  Vault answers 204 whether or not the name
 *                  existed, so this backend never reports NOT_FOUND here.
 *   health  GET    {addr}/v1/sys/health: 200 active, 429 standby and 473
 *                  performance standby are healthy (a standby forwards our
 *                  requests to the active node); 472 (DR secondary, which
 *                  serves no client requests), 501 (not initialised) and
 *                  503 (sealed) are DUETD_KMS_UNAVAILABLE.
 *
 * Statuses: 401 and 403 are DENIED; 412, 429 and 5xx, timeouts and
 * connection or TLS failures are UNAVAILABLE.  TLS peer and host
 * verification are always on (vault_ca_file adds a CA bundle); plain http
 * is accepted only to a loopback address.  The token is read from
 * vault_token_file at open, is never logged, and is wiped at destroy.
 *
 * Hazard: libcurl, OpenSSL and json-c keep transient copies of what
 * crosses the wire in buffers we do not own; we wipe every buffer of ours
 * that held a blob, and json-c's parse buffer and string for the blob.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>
#include <json-c/json.h>
#include <json-c/printbuf.h>

#include "duet_util.h"
#include "http_body.h"
#include "kms_impl.h"
#include "log.h"


#define DUETD_VAULT_RESPONSE_MAX  (4u << 20)
#define DUETD_VAULT_TOKEN_MAX     4096
#define DUETD_VAULT_URL_MAX       2048
#define DUETD_VAULT_PATH_MAX      256
#define DUETD_VAULT_CAS_ERROR     "check-and-set parameter did not match"

#define DUETD_VAULT_BODY_HEAD     "{\"data\":{\"v\":1,\"blob\":\""
#define DUETD_VAULT_BODY_TAIL     "\"},\"options\":{\"cas\":0}}"

struct duetd_kms_vault {
    CURL               *curl;
    struct curl_slist  *headers;    /* holds the token: wipe before free */
    char               *addr;       /* without a trailing slash          */
    char               *mount;
    char               *prefix;     /* "" for none                       */
    char               *ca_file;    /* NULL: the system's CAs            */
    long                timeout;
    char                errbuf[CURL_ERROR_SIZE];
};

/*
 * A path of segments [A-Za-z0-9._-]+ joined by single slashes, none of
 * them "." or "..": safe to splice into a URL.  Empty only if allow_empty.
 */
static int
duetd_vault_path_ok(const char *s, int allow_empty)
{
    size_t  i, seg = 0, dots = 0;

    if (s[0] == '\0') {
        return allow_empty;
    }
    for (i = 0; s[i] != '\0'; i++) {
        if (s[i] == '/') {
            if (seg == 0 || seg == dots) {
                return 0;
            }
            seg = dots = 0;
            continue;
        }
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')
              || (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '-'
              || s[i] == '.'))
        {
            return 0;
        }
        seg++;
        dots += s[i] == '.';
    }
    /* A segment of dots only is "." or ".." (or worse). */
    return seg > 0 && seg != dots && i <= DUETD_VAULT_PATH_MAX;
}


/*
 * vault_addr: https://host[:port][/path], or http:// to a loopback host
 * only (the token would cross the network in clear).
 */
static int
duetd_vault_addr_ok(const char *addr)
{
    const char  *host;
    size_t       i, n;

    for (i = 0; addr[i] != '\0'; i++) {
        if ((unsigned char) addr[i] <= ' ' || (unsigned char) addr[i] >= 0x7f
            || addr[i] == '?' || addr[i] == '#' || addr[i] == '@')
        {
            duetd_log_error("vault_addr: invalid character at offset %zu", i);
            return 0;
        }
    }
    if (i > DUETD_VAULT_PATH_MAX) {
        duetd_log_error("vault_addr: too long");
        return 0;
    }
    if (strncmp(addr, "https://", 8) == 0 && addr[8] != '\0'
        && addr[8] != '/')
    {
        return 1;
    }
    if (strncmp(addr, "http://", 7) == 0) {
        host = addr + 7;
        n = host[0] == '[' ? strcspn(host, "]") + 1 : strcspn(host, ":/");
        if ((n == 9 && strncmp(host, "127.0.0.1", n) == 0)
            || (n == 9 && strncmp(host, "localhost", n) == 0)
            || (n == 5 && strncmp(host, "[::1]", n) == 0))
        {
            return 1;
        }
    }
    duetd_log_error("vault_addr %s: must be https:// (plain http:// only to "
                    "127.0.0.1, [::1] or localhost)", addr);
    return 0;
}


static int
duetd_vault_config_ok(const struct duetd_config *cfg)
{
    const char  *ns = cfg->vault_namespace;
    size_t       i;

    if (cfg->vault_addr == NULL || cfg->vault_addr[0] == '\0') {
        duetd_log_error("kms_backend vault needs vault_addr");
        return 0;
    }
    if (cfg->vault_token_file == NULL || cfg->vault_token_file[0] == '\0') {
        duetd_log_error("kms_backend vault needs vault_token_file");
        return 0;
    }
    if (!duetd_vault_addr_ok(cfg->vault_addr)) {
        return 0;
    }
    if (cfg->vault_mount != NULL && !duetd_vault_path_ok(cfg->vault_mount, 0))
    {
        duetd_log_error("vault_mount %s: expected segments of "
                        "[A-Za-z0-9._-] joined by '/'", cfg->vault_mount);
        return 0;
    }
    if (cfg->vault_prefix != NULL
        && !duetd_vault_path_ok(cfg->vault_prefix, 1))
    {
        duetd_log_error("vault_prefix %s: expected segments of "
                        "[A-Za-z0-9._-] joined by '/'", cfg->vault_prefix);
        return 0;
    }
    if (ns != NULL) {
        for (i = 0; ns[i] != '\0'; i++) {
            if (!((ns[i] >= 'a' && ns[i] <= 'z')
                  || (ns[i] >= 'A' && ns[i] <= 'Z')
                  || (ns[i] >= '0' && ns[i] <= '9') || ns[i] == '_'
                  || ns[i] == '-' || ns[i] == '.' || ns[i] == '/')
                || i == DUETD_VAULT_PATH_MAX)
            {
                duetd_log_error("vault_namespace: expected [A-Za-z0-9._/-], "
                                "at most %d characters", DUETD_VAULT_PATH_MAX);
                return 0;
            }
        }
    }
    if (cfg->vault_ca_file != NULL && access(cfg->vault_ca_file, R_OK) != 0) {
        duetd_log_error("vault_ca_file %s: %s", cfg->vault_ca_file,
                        strerror(errno));
        return 0;
    }
    return 1;
}


/*
 * Read the token: a file of ours closed to group and others, one line of
 * printable ASCII without spaces.  Returns 0 with token (NUL-terminated,
 * in a buffer of DUETD_VAULT_TOKEN_MAX + 1 bytes), or -1 (logged; the
 * token's bytes never are).
 */
static int
duetd_vault_read_token(const char *path, char *token)
{
    size_t  size, i;
    int     fd, r = -1;

    fd = open(path, O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        duetd_log_error("vault_token_file %s: %s", path,
                        errno == ELOOP ? "is a symbolic link"
                                       : strerror(errno));
        return -1;
    }
    if (duetd_kms_check_secret_file(fd, path, "vault_token_file",
                                    DUETD_VAULT_TOKEN_MAX, &size) != 0
        || duetd_kms_read_file(fd, path, (uint8_t *) token,
                               DUETD_VAULT_TOKEN_MAX, size) != 0)
    {
        goto out;
    }
    while (size > 0 && strchr(" \t\r\n", token[size - 1]) != NULL) {
        size--;
    }
    token[size] = '\0';
    for (i = 0; i < size; i++) {
        if ((unsigned char) token[i] <= ' '
            || (unsigned char) token[i] >= 0x7f)
        {
            break;
        }
    }
    if (size == 0 || i < size) {
        duetd_log_error("vault_token_file %s must hold one token of "
                        "printable characters and nothing else", path);
        goto out;
    }
    r = 0;
out:
    if (r != 0) {
        duet_memclear(token, DUETD_VAULT_TOKEN_MAX + 1);
    }
    close(fd);
    return r;
}


static void
duetd_vault_free_headers(struct curl_slist *h)
{
    struct curl_slist  *l;

    for (l = h; l != NULL; l = l->next) {
        duet_memclear(l->data, strlen(l->data));
    }
    curl_slist_free_all(h);
}


static int
duetd_vault_prepare(const struct duetd_config *cfg)
{
    char  *token;
    int    r;

    if (!duetd_vault_config_ok(cfg)) {
        return -1;
    }
    /* Once, in the supervisor, before any fork or thread. */
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        duetd_log_error("libcurl failed to initialise");
        return -1;
    }
    token = malloc(DUETD_VAULT_TOKEN_MAX + 1);
    if (token == NULL) {
        duetd_log_error("out of memory");
        return -1;
    }
    r = duetd_vault_read_token(cfg->vault_token_file, token);
    duet_memclear(token, DUETD_VAULT_TOKEN_MAX + 1);
    free(token);
    return r;
}


static void
duetd_vault_destroy(void *state)
{
    struct duetd_kms_vault  *v = state;

    if (v == NULL) {
        return;
    }
    if (v->curl != NULL) {
        curl_easy_cleanup(v->curl);
    }
    duetd_vault_free_headers(v->headers);
    free(v->addr);
    free(v->mount);
    free(v->prefix);
    free(v->ca_file);
    duet_memclear(v, sizeof(*v));
    free(v);
}


static struct curl_slist *
duetd_vault_append(struct curl_slist *h, const char *line, int *failed)
{
    struct curl_slist  *n;

    if (*failed) {
        return h;
    }
    n = curl_slist_append(h, line);
    if (n == NULL) {
        *failed = 1;
        return h;
    }
    return n;
}


static int
duetd_vault_open(const struct duetd_config *cfg, void **state)
{
    struct duetd_kms_vault  *v;
    char                    *token = NULL, *line = NULL;
    size_t                   n;
    int                      failed = 0, r = -1;

    *state = NULL;
    if (!duetd_vault_config_ok(cfg)) {
        return -1;
    }
    v = calloc(1, sizeof(*v));
    token = malloc(DUETD_VAULT_TOKEN_MAX + 1);
    line = malloc(DUETD_VAULT_TOKEN_MAX + 64);
    if (v == NULL || token == NULL || line == NULL) {
        duetd_log_error("out of memory");
        goto out;
    }
    v->timeout = cfg->vault_timeout > 0 ? (long) cfg->vault_timeout
                                        : DUETD_KMS_VAULT_TIMEOUT;
    v->addr = strdup(cfg->vault_addr);
    v->mount = strdup(cfg->vault_mount != NULL ? cfg->vault_mount
                                               : DUETD_KMS_VAULT_MOUNT);
    v->prefix = strdup(cfg->vault_prefix != NULL ? cfg->vault_prefix
                                                 : DUETD_KMS_VAULT_PREFIX);
    v->ca_file = cfg->vault_ca_file != NULL ? strdup(cfg->vault_ca_file)
                                            : NULL;
    if (v->addr == NULL || v->mount == NULL || v->prefix == NULL
        || (cfg->vault_ca_file != NULL && v->ca_file == NULL))
    {
        duetd_log_error("out of memory");
        goto out;
    }
    for (n = strlen(v->addr); n > 0 && v->addr[n - 1] == '/'; n--) {
        v->addr[n - 1] = '\0';
    }

    if (duetd_vault_read_token(cfg->vault_token_file, token) != 0) {
        goto out;
    }
    snprintf(line, DUETD_VAULT_TOKEN_MAX + 64, "X-Vault-Token: %s", token);
    v->headers = duetd_vault_append(v->headers, line, &failed);
    v->headers = duetd_vault_append(v->headers, "X-Vault-Request: true",
                                    &failed);
    if (cfg->vault_namespace != NULL && cfg->vault_namespace[0] != '\0') {
        snprintf(line, DUETD_VAULT_TOKEN_MAX + 64, "X-Vault-Namespace: %s",
                 cfg->vault_namespace);
        v->headers = duetd_vault_append(v->headers, line, &failed);
    }
    v->headers = duetd_vault_append(v->headers,
                                    "Content-Type: application/json",
                                    &failed);
    /* Large bodies: no 100-continue round trip. */
    v->headers = duetd_vault_append(v->headers, "Expect:", &failed);
    if (failed) {
        duetd_log_error("out of memory");
        goto out;
    }
    v->curl = curl_easy_init();
    if (v->curl == NULL) {
        duetd_log_error("libcurl: cannot create a handle");
        goto out;
    }
    *state = v;
    v = NULL;
    r = 0;
out:
    if (token != NULL) {
        duet_memclear(token, DUETD_VAULT_TOKEN_MAX + 1);
        free(token);
    }
    if (line != NULL) {
        duet_memclear(line, DUETD_VAULT_TOKEN_MAX + 64);
        free(line);
    }
    duetd_vault_destroy(v);
    return r;
}


/*
 * One request.  Returns DUETD_KMS_OK with *status and the body in resp,
 * or UNAVAILABLE (no answer: connection, TLS, timeout) or ERROR (logged).
 */
static int
duetd_vault_request(struct duetd_kms_vault *v, const char *method,
    const char *url, const char *what, const char *body, size_t body_len,
    long *status, struct duetd_http_body *resp)
{
    CURL      *c = v->curl;
    CURLcode   rc;

    *status = 0;
    curl_easy_reset(c);
    v->errbuf[0] = '\0';
    if (curl_easy_setopt(c, CURLOPT_URL, url) != CURLE_OK
        || curl_easy_setopt(c, CURLOPT_HTTPHEADER, v->headers) != CURLE_OK
        || curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https")
           != CURLE_OK
        || curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L) != CURLE_OK
        || curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L) != CURLE_OK
        || (v->ca_file != NULL
            && curl_easy_setopt(c, CURLOPT_CAINFO, v->ca_file) != CURLE_OK)
        || curl_easy_setopt(c, CURLOPT_TIMEOUT, v->timeout) != CURLE_OK
        || curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, v->timeout)
           != CURLE_OK
        || curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L) != CURLE_OK
        || curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L) != CURLE_OK
        || curl_easy_setopt(c, CURLOPT_USERAGENT, "duetd/" PACKAGE_VERSION)
           != CURLE_OK
        || curl_easy_setopt(c, CURLOPT_ERRORBUFFER, v->errbuf) != CURLE_OK
        || curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, duetd_http_body_write)
           != CURLE_OK
        || curl_easy_setopt(c, CURLOPT_WRITEDATA, resp) != CURLE_OK)
    {
        duetd_log_error("libcurl: cannot set the request options");
        return DUETD_KMS_ERROR;
    }
    if (strcmp(method, "POST") == 0) {
        if (curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
                             (curl_off_t) body_len) != CURLE_OK
            || curl_easy_setopt(c, CURLOPT_POSTFIELDS, body) != CURLE_OK)
        {
            duetd_log_error("libcurl: cannot set the request body");
            return DUETD_KMS_ERROR;
        }
    } else if (strcmp(method, "GET") != 0
               && curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method)
                  != CURLE_OK)
    {
        duetd_log_error("libcurl: cannot set the method");
        return DUETD_KMS_ERROR;
    }

    rc = curl_easy_perform(c);
    if (resp->over) {
        duetd_log_error("vault: %s %s: the response exceeds %u bytes",
                        method, what, DUETD_VAULT_RESPONSE_MAX);
        return DUETD_KMS_ERROR;
    }
    if (rc != CURLE_OK) {
        duetd_log_error("vault: %s %s: %s%s%s", method, what,
                        curl_easy_strerror(rc), v->errbuf[0] ? ": " : "",
                        v->errbuf);
        return rc == CURLE_OUT_OF_MEMORY ? DUETD_KMS_ERROR
                                         : DUETD_KMS_UNAVAILABLE;
    }
    if (curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status) != CURLE_OK) {
        duetd_log_error("vault: %s %s: no status", method, what);
        return DUETD_KMS_ERROR;
    }
    return DUETD_KMS_OK;
}


/*
 * Vault's {"errors":[...]}: whether one of them contains needle, and the
 * first (printable bytes only, bounded) in msg for the log.
 */
static int
duetd_vault_errors(const struct duetd_http_body *resp, const char *needle,
    char *msg, size_t msg_size)
{
    struct json_tokener  *tok;
    struct json_object   *o = NULL, *errs, *e;
    const char           *s;
    size_t               i, j, n;
    int                  found = 0;

    snprintf(msg, msg_size, "(no message)");
    if (resp->len == 0 || resp->len > INT_MAX) {
        return 0;
    }
    tok = json_tokener_new_ex(8);
    if (tok == NULL) {
        return 0;
    }
    o = json_tokener_parse_ex(tok, (const char *) resp->p, (int) resp->len);
    if (o != NULL && json_object_object_get_ex(o, "errors", &errs)
        && json_object_is_type(errs, json_type_array))
    {
        n = json_object_array_length(errs);
        for (i = 0; i < n; i++) {
            e = json_object_array_get_idx(errs, i);
            if (!json_object_is_type(e, json_type_string)) {
                continue;
            }
            s = json_object_get_string(e);
            if (i == 0) {
                for (j = 0; s[j] != '\0' && j + 1 < msg_size; j++) {
                    msg[j] = (s[j] >= ' ' && s[j] < 0x7f) ? s[j] : ' ';
                }
                msg[j] = '\0';
            }
            if (needle != NULL && strstr(s, needle) != NULL) {
                found = 1;
            }
        }
    }
    json_object_put(o);
    json_tokener_free(tok);
    return found;
}


static int
duetd_vault_status_rc(long status)
{
    if (status == 401 || status == 403) {
        return DUETD_KMS_DENIED;
    }
    if (status == 404) {
        return DUETD_KMS_NOT_FOUND;
    }
    if (status == 412 || status == 429 || status >= 500) {
        return DUETD_KMS_UNAVAILABLE;
    }
    return DUETD_KMS_ERROR;
}


static int
duetd_vault_fail(const char *method, const char *what, long status,
    const struct duetd_http_body *resp)
{
    char  msg[160];

    (void) duetd_vault_errors(resp, NULL, msg, sizeof(msg));
    duetd_log_error("vault: %s %s: HTTP %ld: %s", method, what, status, msg);
    return duetd_vault_status_rc(status);
}


/*
 * Send method to name's KV v2 path under area ("data" or "metadata").
 * Returns OK with *status and *resp (the caller wipes it), or a code.
 */
static int
duetd_vault_kv(struct duetd_kms_vault *v, const char *method,
    const char *area, const char *name, const char *body, size_t body_len,
    long *status, struct duetd_http_body *resp)
{
    char  url[DUETD_VAULT_URL_MAX];
    int   n;

    n = snprintf(url, DUETD_VAULT_URL_MAX, "%s/v1/%s/%s/%s%s%s", v->addr,
                 v->mount, area, v->prefix, v->prefix[0] ? "/" : "", name);
    if (n < 0 || n >= DUETD_VAULT_URL_MAX) {
        duetd_log_error("vault: URL for %s too long", name);
        return DUETD_KMS_ERROR;
    }
    return duetd_vault_request(v, method, url, name, body, body_len, status,
                               resp);
}


static int
duetd_vault_store(void *state, const char *name, const uint8_t *data,
    size_t len)
{
    struct duetd_kms_vault  *v = state;
    struct duetd_http_body   resp;
    char                     msg[160];
    char                    *body = NULL;
    size_t                   head, b64, size;
    long                     status;
    int                      r;

    memset(&resp, 0, sizeof(resp));
    resp.max = DUETD_VAULT_RESPONSE_MAX;
    head = sizeof(DUETD_VAULT_BODY_HEAD) - 1;
    b64 = DUET_BASE64URL_ENCODED_SIZE(len);
    size = head + b64 - 1 + sizeof(DUETD_VAULT_BODY_TAIL);
    body = malloc(size);
    if (body == NULL) {
        duetd_log_error("out of memory");
        return DUETD_KMS_ERROR;
    }
    /* base64url needs no JSON escaping. */
    memcpy(body, DUETD_VAULT_BODY_HEAD, head);
    if (duet_base64url_encode(body + head, b64, data, len) != 0) {
        r = DUETD_KMS_ERROR;
        goto out;
    }
    memcpy(body + head + b64 - 1, DUETD_VAULT_BODY_TAIL,
           sizeof(DUETD_VAULT_BODY_TAIL));

    r = duetd_vault_kv(v, "POST", "data", name, body, size - 1, &status,
                       &resp);
    if (r != DUETD_KMS_OK) {
        goto out;
    }
    if (status == 200 || status == 204) {
        r = DUETD_KMS_OK;
    } else if (status == 400
               && duetd_vault_errors(&resp, DUETD_VAULT_CAS_ERROR, msg,
                                     sizeof(msg)))
    {
        r = DUETD_KMS_EXISTS;
    } else {
        r = duetd_vault_fail("POST", name, status, &resp);
        if (r == DUETD_KMS_NOT_FOUND) {
            /* No such mount: nothing to "not find" on a create. */
            r = DUETD_KMS_ERROR;
        }
    }
out:
    duet_memclear(body, size);
    free(body);
    duetd_http_body_wipe(&resp);
    return r;
}


/* Wipe json-c's copies of a parsed string and its parse buffer. */
static void
duetd_vault_json_wipe(struct json_tokener *tok, struct json_object *s)
{
    int  n;

    if (s != NULL && json_object_is_type(s, json_type_string)) {
        n = json_object_get_string_len(s);
        /* json-c's own heap copy: writable although handed out const. */
        duet_memclear((char *) json_object_get_string(s), (size_t) n);
    }
    /* The tokener assembles every string in tok->pb before copying it. */
    if (tok != NULL && tok->pb != NULL && tok->pb->buf != NULL
        && tok->pb->size > 0)
    {
        duet_memclear(tok->pb->buf, (size_t) tok->pb->size);
    }
}


/*
 * Parse a KV v2 read: {"data":{"data":{"v":1,"blob":"..."},...},...}.
 * Returns OK with *out (*len bytes), NOT_FOUND for a deleted version
 * (data.data null), CORRUPT for anything else.
 */
static int
duetd_vault_parse(const char *name, const struct duetd_http_body *resp,
    uint8_t **out, size_t *len)
{
    struct json_tokener  *tok;
    struct json_object   *o = NULL, *d, *kv, *m, *blob = NULL;
    const char           *text;
    uint8_t              *p = NULL;
    size_t                cap = 0, n;
    int                   tlen, r = DUETD_KMS_CORRUPT;

    if (resp->len == 0 || resp->len > INT_MAX
        || memchr(resp->p, '\0', resp->len) != NULL)
    {
        duetd_log_error("vault: GET %s: empty or binary response", name);
        return DUETD_KMS_CORRUPT;
    }
    tok = json_tokener_new_ex(16);
    if (tok == NULL) {
        duetd_log_error("out of memory");
        return DUETD_KMS_ERROR;
    }
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
    o = json_tokener_parse_ex(tok, (const char *) resp->p, (int) resp->len);
    if (o == NULL || json_tokener_get_error(tok) != json_tokener_success
        || strspn((const char *) resp->p + json_tokener_get_parse_end(tok),
                  " \t\r\n")
           != resp->len - json_tokener_get_parse_end(tok)
        || !json_object_is_type(o, json_type_object)
        || !json_object_object_get_ex(o, "data", &d)
        || !json_object_is_type(d, json_type_object)
        || !json_object_object_get_ex(d, "data", &kv))
    {
        duetd_log_error("vault: GET %s: not a KV v2 read response", name);
        goto out;
    }
    if (json_object_is_type(kv, json_type_null)) {
        r = DUETD_KMS_NOT_FOUND;
        goto out;
    }
    /* Found first, so that it is wiped whatever else is wrong. */
    if (!json_object_is_type(kv, json_type_object)
        || !json_object_object_get_ex(kv, "blob", &blob)
        || !json_object_is_type(blob, json_type_string)
        || json_object_object_length(kv) != 2
        || !json_object_object_get_ex(kv, "v", &m)
        || !json_object_is_type(m, json_type_int)
        || json_object_get_int64(m) != 1)
    {
        duetd_log_error("vault: GET %s: data is not {\"v\":1,\"blob\":...}",
                        name);
        goto out;
    }
    text = json_object_get_string(blob);
    tlen = json_object_get_string_len(blob);
    cap = (size_t) tlen / 4 * 3 + 2;
    if (cap > DUETD_KMS_OBJECT_MAX) {
        cap = DUETD_KMS_OBJECT_MAX;
    }
    p = duetd_kms_alloc(cap);
    if (p == NULL) {
        duetd_log_error("out of memory");
        r = DUETD_KMS_ERROR;
        goto out;
    }
    if ((size_t) tlen >= DUET_BASE64URL_ENCODED_SIZE(cap)
        || duet_base64url_decode(p, cap, &n, text, (size_t) tlen) != 0)
    {
        duetd_log_error("vault: GET %s: blob is not canonical base64url of "
                        "at most %u bytes", name, DUETD_KMS_OBJECT_MAX);
        goto out;
    }
    *out = p;
    *len = n;
    p = NULL;
    r = DUETD_KMS_OK;
out:
    if (p != NULL) {
        duetd_kms_free(p, cap);
    }
    duetd_vault_json_wipe(tok, blob);
    json_object_put(o);
    json_tokener_free(tok);
    return r;
}


static int
duetd_vault_load(void *state, const char *name, uint8_t **data,
    size_t *len)
{
    struct duetd_kms_vault  *v = state;
    struct duetd_http_body   resp;
    long                     status;
    int                      r;

    memset(&resp, 0, sizeof(resp));
    resp.max = DUETD_VAULT_RESPONSE_MAX;
    r = duetd_vault_kv(v, "GET", "data", name, NULL, 0, &status, &resp);
    if (r != DUETD_KMS_OK) {
        goto out;
    }
    if (status == 200) {
        r = duetd_vault_parse(name, &resp, data, len);
    } else if (status == 404) {
        r = DUETD_KMS_NOT_FOUND;
    } else {
        r = duetd_vault_fail("GET", name, status, &resp);
    }
out:
    duetd_http_body_wipe(&resp);
    return r;
}


static int
duetd_vault_delete(void *state, const char *name)
{
    struct duetd_kms_vault  *v = state;
    struct duetd_http_body   resp;
    long                     status;
    int                      r;

    memset(&resp, 0, sizeof(resp));
    resp.max = DUETD_VAULT_RESPONSE_MAX;
    r = duetd_vault_kv(v, "DELETE", "metadata", name, NULL, 0, &status,
                       &resp);
    if (r == DUETD_KMS_OK && status != 204 && status != 200) {
        r = duetd_vault_fail("DELETE", name, status, &resp);
    }
    duetd_http_body_wipe(&resp);
    return r;
}


static int
duetd_vault_health(void *state)
{
    struct duetd_kms_vault  *v = state;
    struct duetd_http_body   resp;
    char                     url[DUETD_VAULT_URL_MAX];
    long                     status;
    int                      n, r;

    memset(&resp, 0, sizeof(resp));
    resp.max = DUETD_VAULT_RESPONSE_MAX;
    n = snprintf(url, sizeof(url), "%s/v1/sys/health", v->addr);
    if (n < 0 || (size_t) n >= sizeof(url)) {
        return DUETD_KMS_ERROR;
    }
    r = duetd_vault_request(v, "GET", url, "sys/health", NULL, 0, &status,
                            &resp);
    if (r != DUETD_KMS_OK) {
        goto out;
    }
    switch (status) {
    case 200:
    case 429:
    case 473:
        r = DUETD_KMS_OK;
        break;
    case 472:
        duetd_log_error("vault: %s is a DR secondary", v->addr);
        r = DUETD_KMS_UNAVAILABLE;
        break;
    case 501:
        duetd_log_error("vault: %s is not initialised", v->addr);
        r = DUETD_KMS_UNAVAILABLE;
        break;
    case 503:
        duetd_log_error("vault: %s is sealed", v->addr);
        r = DUETD_KMS_UNAVAILABLE;
        break;
    default:
        r = duetd_vault_fail("GET", "sys/health", status, &resp);
        if (r == DUETD_KMS_NOT_FOUND) {
            r = DUETD_KMS_ERROR;
        }
    }
out:
    duetd_http_body_wipe(&resp);
    return r;
}


const struct duetd_kms_ops  duetd_kms_vault_ops = {
    "vault",
    duetd_vault_prepare,
    duetd_vault_open,
    duetd_vault_store,
    duetd_vault_load,
    duetd_vault_delete,
    duetd_vault_health,
    duetd_vault_destroy
};
