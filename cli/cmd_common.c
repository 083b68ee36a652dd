/*
 * cmd_common.c -- what the commands share: the home and profile, a client
 * with its credentials, share 0, JSON requests to duetd and to a node,
 * and the mapping of failures to exit codes (cmd.h).
 */

#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "duet_util.h"
#include "cmd.h"
#include "passphrase.h"
#include "sharefile.h"

#define DUET_SECRET_FILE_MAX  4096
#define DUET_RPC_ANSWER_MAX   (4 * 1024 * 1024)


int
duet_ctx_home(struct duet_ctx *ctx, int create)
{
    char  err[DUET_HOME_ERR_SIZE];

    if (ctx->home_dir != NULL && setenv("DUET_HOME", ctx->home_dir, 1) != 0)
    {
        return duet_fail(ctx, DUET_EXIT_FAILURE, "setenv: %s",
                         strerror(errno));
    }
    if (duet_home_open(&ctx->home, create, err, sizeof(err)) != 0) {
        return duet_fail(ctx, DUET_EXIT_FAILURE, "%s", err);
    }
    return DUET_EXIT_OK;
}


int
duet_ctx_profile(struct duet_ctx *ctx)
{
    char  err[DUET_HOME_ERR_SIZE];
    int   rc;

    if ((rc = duet_ctx_home(ctx, 0)) != DUET_EXIT_OK) {
        return rc;
    }
    if (duet_profile_load(&ctx->home, ctx->profile_name, &ctx->profile, err,
                          sizeof(err)) != 0)
    {
        return duet_fail(ctx, errno == ENOENT ? DUET_EXIT_FAILURE
                                              : DUET_EXIT_CORRUPT,
                         "%s", err);
    }
    return DUET_EXIT_OK;
}


/* A one-line secret file (API key, operator token), trailing space cut. */
static int
duet_read_secret(struct duet_ctx *ctx, const char *path, const char *what,
    char **out)
{
    uint8_t  *data = NULL;
    size_t    len;
    char      err[DUET_HOME_ERR_SIZE];

    *out = NULL;
    /* Refused, as ssh refuses such keys, when others may read it. */
    if (duet_read_private_file(path, DUET_SECRET_FILE_MAX, &data, &len, err,
                               sizeof(err)) != 0)
    {
        return duet_fail(ctx, DUET_EXIT_CREDENTIALS, "the %s file: %s",
                         what, err);
    }
    while (len > 0 && isspace(data[len - 1])) {
        data[--len] = '\0';
    }
    if (len == 0 || memchr(data, '\0', len) != NULL) {
        duet_memclear(data, len);
        free(data);
        return duet_fail(ctx, DUET_EXIT_CORRUPT, "the %s file %s is empty"
                         " or not text", what, path);
    }
    *out = (char *) data;
    return DUET_EXIT_OK;
}


static void
duet_secret_free(char *s)
{
    if (s != NULL) {
        duet_memclear(s, strlen(s));
        free(s);
    }
}


int
duet_ctx_client(struct duet_ctx *ctx, const char *server,
    const char *ca_file, int auth, struct duet_client **c)
{
    const char  *path, *env;
    char        *secret = NULL;
    int          rc = DUET_EXIT_FAILURE;

    *c = NULL;
    if (server == NULL) {
        server = ctx->profile.server;
        ca_file = ctx->profile.ca_file[0] ? ctx->profile.ca_file : NULL;
    }
    if (duet_client_new(c, server, ca_file) != 0) {
        return duet_fail(ctx, DUET_EXIT_FAILURE,
                         "cannot make a client for %s", server);
    }
    if (auth == DUET_AUTH_KEY) {
        if ((rc = duet_read_secret(ctx, ctx->profile.api_key_file, "API key",
                                   &secret)) != DUET_EXIT_OK)
        {
            goto out;
        }
        duet_client_set_api_key(*c, secret);
    } else if (auth == DUET_AUTH_OPERATOR) {
        path = duet_opt(ctx, "operator-token-file");
        if (path != NULL) {
            if ((rc = duet_read_secret(ctx, path, "operator token",
                                       &secret)) != DUET_EXIT_OK)
            {
                goto out;
            }
            duet_client_set_operator_token(*c, secret);
        } else if ((env = getenv("DUET_OPERATOR_TOKEN")) != NULL
                   && env[0] != '\0')
        {
            duet_client_set_operator_token(*c, env);
        } else {
            rc = duet_fail(ctx, DUET_EXIT_CREDENTIALS, "'duet %s' needs the"
                           " operator token: --operator-token-file FILE or"
                           " DUET_OPERATOR_TOKEN", ctx->cmd->name);
            goto out;
        }
    }
    rc = DUET_EXIT_OK;

out:
    duet_secret_free(secret);
    if (rc != DUET_EXIT_OK) {
        duet_client_free(*c);
        *c = NULL;
    }
    return rc;
}


int
duet_ctx_client_fail(struct duet_ctx *ctx, struct duet_client *c, int rc,
    const char *what)
{
    int  status = duet_client_last_status(c), code;

    switch (rc) {
    case DUET_CLIENT_ERR_TRANSPORT:
        code = DUET_EXIT_UNREACHABLE;
        break;
    case DUET_CLIENT_ERR_HTTP:
        if (status == 401 || status == 403) {
            code = DUET_EXIT_CREDENTIALS;
        } else if (status == 502 || status == 503 || status == 504) {
            /* nginx answers for a duetd that is down. */
            code = DUET_EXIT_UNREACHABLE;
        } else if (status == 422) {
            code = DUET_EXIT_PARTY;
        } else {
            code = DUET_EXIT_FAILURE;
        }
        break;
    case DUET_CLIENT_ERR_PROTOCOL:
    case DUET_CLIENT_ERR_MISMATCH:
        code = DUET_EXIT_PARTY;
        break;
    default:
        code = DUET_EXIT_FAILURE;
    }
    return duet_fail(ctx, code, "%s: %s", what, duet_client_error(c));
}


void
duet_share_free(struct duet_client_share *s)
{
    if (s->keyshare != NULL) {
        duet_memclear(s->keyshare, s->keyshare_len);
        free(s->keyshare);
    }
    if (s->aux != NULL) {
        duet_memclear(s->aux, s->aux_len);
        free(s->aux);
    }
    memset(s, 0, sizeof(*s));
}


int
duet_ctx_share(struct duet_ctx *ctx, struct duet_client_share *s)
{
    struct duet_passphrase_src  src;
    struct duet_sharefile_info  info;
    char                        pass[DUET_PASSPHRASE_MAX + 1];
    char                        prompt[128], err[256];
    int                         r, rc = DUET_EXIT_FAILURE;

    memset(s, 0, sizeof(*s));
    snprintf(prompt, sizeof(prompt), "Passphrase for share 0 of %s: ",
             ctx->profile.name);
    src.fd = ctx->passphrase_fd;
    src.env = "DUET_PASSPHRASE";
    src.prompt = prompt;
    src.confirm = 0;
    if (duet_passphrase_get(&src, pass, err, sizeof(err)) != 0) {
        rc = duet_fail(ctx, DUET_EXIT_CREDENTIALS, "%s", err);
        goto out;
    }
    r = duet_sharefile_read(ctx->profile.share_file, pass, s, &info);
    if (r != DUET_SHAREFILE_OK) {
        rc = duet_fail(ctx, r == DUET_SHAREFILE_BAD_PASSPHRASE
                            || r == DUET_SHAREFILE_PERMS
                            ? DUET_EXIT_CREDENTIALS
                            : r == DUET_SHAREFILE_CORRUPT ? DUET_EXIT_CORRUPT
                            : DUET_EXIT_FAILURE,
                       "%s: %s%s%s", ctx->profile.share_file,
                       duet_sharefile_strerror(r),
                       r == DUET_SHAREFILE_IO ? ": " : "",
                       r == DUET_SHAREFILE_IO ? strerror(errno) : "");
        goto out;
    }
    if (info.party != 0 || s->index != 0
        || strcmp(info.signer_id, ctx->profile.signer_id) != 0)
    {
        rc = duet_fail(ctx, DUET_EXIT_CORRUPT, "%s holds party %d of signer"
                       " %s, not share 0 of %s", ctx->profile.share_file,
                       info.party, info.signer_id, ctx->profile.signer_id);
        goto out;
    }
    rc = DUET_EXIT_OK;

out:
    duet_memclear(pass, sizeof(pass));
    if (rc != DUET_EXIT_OK) {
        duet_share_free(s);
    }
    return rc;
}


int
duet_ctx_call(struct duet_ctx *ctx, struct duet_client *c,
    const char *method, const char *path, const char *body,
    struct json_object **resp)
{
    char  *text = NULL;
    int    status = 0, r;

    *resp = NULL;
    r = duet_client_request(c, method, path, body, &status, &text);
    if (r != 0) {
        free(text);
        return duet_ctx_client_fail(ctx, c, r, path);
    }
    if (status < 200 || status > 299) {
        struct json_object  *o, *m;
        const char          *msg = "";

        o = json_tokener_parse(text);
        if (o != NULL && json_object_object_get_ex(o, "message", &m)) {
            msg = json_object_get_string(m);
        }
        r = duet_fail(ctx, status == 401 || status == 403
                           ? DUET_EXIT_CREDENTIALS
                           : status >= 502 && status <= 504
                           ? DUET_EXIT_UNREACHABLE : DUET_EXIT_FAILURE,
                      "%s %s: %d %.300s", method, path, status, msg);
        json_object_put(o);
        free(text);
        return r;
    }
    *resp = json_tokener_parse(text[0] ? text : "{}");
    free(text);
    if (*resp == NULL) {
        return duet_fail(ctx, DUET_EXIT_FAILURE, "%s %s: the answer is not"
                         " JSON", method, path);
    }
    return DUET_EXIT_OK;
}


int
duet_ctx_read_text(struct duet_ctx *ctx, const char *path, size_t max,
    char **text)
{
    uint8_t  *data = NULL;
    size_t    len = 0, got;

    *text = NULL;
    if (strcmp(path, "-") != 0) {
        if (duet_read_file(path, max, &data, &len) != 0) {
            return duet_fail(ctx, DUET_EXIT_FAILURE, "cannot read %s: %s",
                             path, strerror(errno));
        }
        *text = (char *) data;
        return DUET_EXIT_OK;
    }
    if ((data = malloc(max + 1)) == NULL) {
        return duet_fail(ctx, DUET_EXIT_FAILURE, "out of memory");
    }
    while ((got = fread(data + len, 1, max + 1 - len, stdin)) > 0) {
        len += got;
        if (len > max) {
            free(data);
            return duet_fail(ctx, DUET_EXIT_FAILURE, "stdin: more than %zu"
                             " bytes", max);
        }
    }
    data[len] = '\0';
    *text = (char *) data;
    return DUET_EXIT_OK;
}


struct duet_rpc_buf {
    char    *data;
    size_t   len;
};


static size_t
duet_rpc_write(char *p, size_t size, size_t n, void *arg)
{
    struct duet_rpc_buf  *b = arg;
    char                 *d;
    size_t                add = size * n;

    if (b->len + add > DUET_RPC_ANSWER_MAX
        || (d = realloc(b->data, b->len + add + 1)) == NULL)
    {
        return 0;
    }
    memcpy(d + b->len, p, add);
    b->data = d;
    b->len += add;
    d[b->len] = '\0';
    return add;
}


int
duet_rpc_call(struct duet_ctx *ctx, const char *url, const char *method,
    const char *params, struct json_object **resp,
    struct json_object **result)
{
    struct duet_rpc_buf  b = { NULL, 0 };
    struct curl_slist   *h = NULL;
    struct json_object  *e, *m;
    CURL                *curl;
    CURLcode             cc;
    char                *body = NULL;
    long                 status = 0;
    int                  rc = DUET_EXIT_FAILURE;

    *resp = *result = NULL;
    if ((curl = curl_easy_init()) == NULL
        || (h = curl_slist_append(NULL, "Content-Type: application/json"))
           == NULL
        || asprintf(&body, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"%s\","
                    "\"params\":%s}", method, params) < 0)
    {
        body = NULL;
        rc = duet_fail(ctx, DUET_EXIT_FAILURE, "out of memory");
        goto out;
    }
    if (curl_easy_setopt(curl, CURLOPT_URL, url) != CURLE_OK
        || curl_easy_setopt(curl, CURLOPT_HTTPHEADER, h) != CURLE_OK
        || curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body) != CURLE_OK
        || curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L) != CURLE_OK
        || curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https")
           != CURLE_OK
        || curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, duet_rpc_write)
           != CURLE_OK
        || curl_easy_setopt(curl, CURLOPT_WRITEDATA, &b) != CURLE_OK)
    {
        rc = duet_fail(ctx, DUET_EXIT_FAILURE, "curl setup failed");
        goto out;
    }
    if ((cc = curl_easy_perform(curl)) != CURLE_OK) {
        rc = duet_fail(ctx, DUET_EXIT_UNREACHABLE, "%s %s: %s", url, method,
                       curl_easy_strerror(cc));
        goto out;
    }
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    if (status != 200 || b.data == NULL
        || (*resp = json_tokener_parse(b.data)) == NULL)
    {
        rc = duet_fail(ctx, status >= 500 ? DUET_EXIT_UNREACHABLE
                                          : DUET_EXIT_FAILURE,
                       "%s %s: HTTP %ld, no JSON-RPC answer", url, method,
                       status);
        goto out;
    }
    if (json_object_object_get_ex(*resp, "error", &e)) {
        rc = duet_fail(ctx, DUET_EXIT_FAILURE, "%s %s: %.300s", url, method,
                       json_object_object_get_ex(e, "message", &m)
                       ? json_object_get_string(m)
                       : json_object_to_json_string(e));
        goto out;
    }
    if (!json_object_object_get_ex(*resp, "result", result)) {
        rc = duet_fail(ctx, DUET_EXIT_FAILURE, "%s %s: no result", url,
                       method);
        goto out;
    }
    rc = DUET_EXIT_OK;

out:
    if (rc != DUET_EXIT_OK) {
        json_object_put(*resp);
        *resp = *result = NULL;
    }
    free(body);
    free(b.data);
    curl_slist_free_all(h);
    if (curl != NULL) {
        curl_easy_cleanup(curl);
    }
    return rc;
}


/*
 * "1.5" ETH or "123wei" into decimal wei, exactly: the digits are moved,
 * never through a double, so no amount is rounded.
 */
int
duet_parse_amount(const char *s, char *wei, size_t size)
{
    char         digits[128];
    const char  *dot, *p;
    size_t       n = 0, ilen, flen, slen = strlen(s), i;

    if (slen > 3 && strcmp(s + slen - 3, "wei") == 0) {
        slen -= 3;
        if (slen == 0 || slen >= sizeof(digits)) {
            return -1;
        }
        for (i = 0; i < slen; i++) {
            if (!isdigit((unsigned char) s[i])) {
                return -1;
            }
            digits[n++] = s[i];
        }
    } else {
        if (slen > 3 && strcmp(s + slen - 3, "eth") == 0) {
            slen -= 3;
        }
        dot = memchr(s, '.', slen);
        ilen = dot != NULL ? (size_t) (dot - s) : slen;
        flen = dot != NULL ? slen - ilen - 1 : 0;
        if ((ilen == 0 && flen == 0) || flen > 18 || ilen > 60
            || (dot != NULL && flen == 0))
        {
            return -1;
        }
        for (p = s; p < s + ilen; p++) {
            if (!isdigit((unsigned char) *p)) {
                return -1;
            }
            digits[n++] = *p;
        }
        for (i = 0; i < 18; i++) {
            if (i < flen) {
                if (!isdigit((unsigned char) dot[1 + i])) {
                    return -1;
                }
                digits[n++] = dot[1 + i];
            } else {
                digits[n++] = '0';
            }
        }
    }
    digits[n] = '\0';
    for (p = digits; *p == '0' && p[1] != '\0'; p++) {
        /* leading zeros */
    }
    if (strlen(p) + 1 > size || strlen(p) > 78) {
        return -1;
    }
    memcpy(wei, p, strlen(p) + 1);
    return 0;
}
