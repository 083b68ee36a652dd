/*
 * request.c -- see request.h.
 */

#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "duet_util.h"
#include "log.h"
#include "request.h"


static const struct {
    int          status;
    const char  *reason;
} duetd_reasons[] = {
    { 200, "OK" },
    { 201, "Created" },
    { 204, "No Content" },
    { 400, "Bad Request" },
    { 401, "Unauthorized" },
    { 403, "Forbidden" },
    { 404, "Not Found" },
    { 405, "Method Not Allowed" },
    { 409, "Conflict" },
    { 410, "Gone" },
    { 413, "Content Too Large" },
    { 414, "URI Too Long" },
    { 415, "Unsupported Media Type" },
    { 422, "Unprocessable Content" },
    { 429, "Too Many Requests" },
    { 500, "Internal Server Error" },
    { 503, "Service Unavailable" },
};


const char *
duetd_http_reason(int status)
{
    size_t  i;

    for (i = 0; i < sizeof(duetd_reasons) / sizeof(duetd_reasons[0]); i++) {
        if (duetd_reasons[i].status == status) {
            return duetd_reasons[i].reason;
        }
    }
    return "Unknown";
}


const char *
duetd_request_param(const struct duetd_request *r, const char *name)
{
    return FCGX_GetParam(name, r->fcgx->envp);
}


int
duetd_request_init(struct duetd_request *r, FCGX_Request *fcgx)
{
    const char     *uri, *cl;
    char           *end;
    size_t          n;
    unsigned long   v;

    memset(r, 0, sizeof(*r));
    r->fcgx = fcgx;

    r->method = duetd_request_param(r, "REQUEST_METHOD");
    if (r->method == NULL || r->method[0] == '\0') {
        r->method = "";
        return 400;
    }

    /* DOCUMENT_URI is nginx's normalised $uri; REQUEST_URI is the raw one. */
    uri = duetd_request_param(r, "DOCUMENT_URI");
    if (uri != NULL && uri[0] != '\0') {
        n = strlen(uri);
    } else {
        uri = duetd_request_param(r, "REQUEST_URI");
        if (uri == NULL || uri[0] != '/') {
            return 400;
        }
        n = strcspn(uri, "?");
    }
    if (n >= sizeof(r->path)) {
        return 414;
    }
    memcpy(r->path, uri, n);
    r->path[n] = '\0';

    cl = duetd_request_param(r, "CONTENT_LENGTH");
    if (cl != NULL && cl[0] != '\0') {
        v = strtoul(cl, &end, 10);
        if (cl[0] < '0' || cl[0] > '9' || *end != '\0' || v > SIZE_MAX / 2) {
            return 400;
        }
        r->content_length = (size_t) v;
    }
    return 0;
}


int
duetd_request_read_body(struct duetd_request *r, size_t max, char **body,
    size_t *len)
{
    char    *buf;
    size_t   got;
    int      n;

    *body = NULL;
    *len = 0;
    if (r->content_length > max) {
        return 413;
    }

    buf = malloc(r->content_length + 1);
    if (buf == NULL) {
        return 500;
    }

    got = 0;
    while (got < r->content_length) {
        n = FCGX_GetStr(buf + got, (int) (r->content_length - got),
                        r->fcgx->in);
        if (n <= 0) {
            duetd_request_body_free(buf, got);
            return 400;
        }
        got += (size_t) n;
    }
    buf[got] = '\0';
    *body = buf;
    *len = got;
    return 0;
}


int
duetd_request_body(struct duetd_request *r, char **body, size_t *len)
{
    return duetd_request_read_body(r, r->max_body, body, len);
}


void
duetd_request_body_free(char *body, size_t len)
{
    if (body != NULL) {
        duet_memclear(body, len + 1);
        free(body);
    }
}


void
duetd_request_done(struct duetd_request *r)
{
    if (r->err_extra != NULL) {
        json_object_put(r->err_extra);
        r->err_extra = NULL;
    }
}


int
duetd_request_fail(struct duetd_request *r, int status, const char *fmt,
    ...)
{
    va_list  ap;

    va_start(ap, fmt);
    vsnprintf(r->err_message, sizeof(r->err_message), fmt, ap);
    va_end(ap);
    return status;
}


static int
duetd_respond_head(struct duetd_request *r, int status,
    const char *content_type, size_t n, const char *extra_headers)
{
    char  head[1024];
    int   h;

    if (r->responded) {
        duetd_log_error("second response to one request (status %d)", status);
        return -1;
    }
    r->responded = 1;

    /* libfcgi's own printf knows no %zu: format here, write raw. */
    if (content_type == NULL) {
        h = snprintf(head, sizeof(head),
                     "Status: %d %s\r\n"
                     "Cache-Control: no-store\r\n"
                     "%s\r\n",
                     status, duetd_http_reason(status),
                     extra_headers ? extra_headers : "");
    } else {
        h = snprintf(head, sizeof(head),
                     "Status: %d %s\r\n"
                     "Content-Type: %s\r\n"
                     "Content-Length: %zu\r\n"
                     "Cache-Control: no-store\r\n"
                     "X-Content-Type-Options: nosniff\r\n"
                     "%s\r\n",
                     status, duetd_http_reason(status), content_type, n,
                     extra_headers ? extra_headers : "");
    }
    if (h < 0 || (size_t) h >= sizeof(head)) {
        duetd_log_error("response headers too long");
        return -1;
    }
    return FCGX_PutStr(head, h, r->fcgx->out) < 0 ? -1 : 0;
}


int
duetd_respond_raw(struct duetd_request *r, int status,
    const char *content_type, const char *text, size_t len)
{
    if (text == NULL) {
        return duetd_respond_head(r, status, NULL, 0, NULL);
    }
    if (len > (size_t) INT32_MAX
        || duetd_respond_head(r, status, content_type, len, NULL) != 0
        || FCGX_PutStr(text, (int) len, r->fcgx->out) < 0)
    {
        return -1;
    }
    return 0;
}


int
duetd_respond_json(struct duetd_request *r, int status,
    const char *extra_headers, struct json_object *body)
{
    const char  *text;
    size_t       n;
    int          rc;

    text = json_object_to_json_string_ext(body,
               JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
    if (text == NULL) {
        duetd_log_error("cannot serialize a response");
        return -1;
    }
    n = strlen(text);
    rc = n < (size_t) INT32_MAX
         && duetd_respond_head(r, status, "application/json", n + 1,
                               extra_headers) == 0
         && FCGX_PutStr(text, (int) n, r->fcgx->out) >= 0
         && FCGX_PutStr("\n", 1, r->fcgx->out) >= 0 ? 0 : -1;

    /*
     * The text lives in the object until it is released; it may carry
     * point-to-point protocol messages or an API key shown once.
     */
    duet_memclear((char *) text, n);
    return rc;
}


int
duetd_respond_json_secret(struct duetd_request *r, int status,
    struct json_object *body)
{
    /* duetd_respond_json wipes the text; the caller wipes the tree. */
    return duetd_respond_json(r, status, NULL, body);
}


int
duetd_respond_error_ext(struct duetd_request *r, int status,
    const char *extra_headers, const char *message, struct json_object *extra)
{
    struct json_object_iter   it;
    struct json_object       *o;
    char                      stamp[DUETD_TIMESTAMP_SIZE];
    int                       rc = -1;

    duetd_timestamp(stamp);
    if ((o = json_object_new_object()) == NULL) {
        return -1;
    }
    if (json_object_object_add(o, "statusCode", json_object_new_int(status))
        || json_object_object_add(o, "message",
                                  json_object_new_string(message))
        || json_object_object_add(o, "timestamp",
                                  json_object_new_string(stamp)))
    {
        goto out;
    }
    if (extra != NULL) {
        json_object_object_foreachC(extra, it) {
            if (json_object_object_add(o, it.key, json_object_get(it.val))) {
                goto out;
            }
        }
    }
    rc = duetd_respond_json(r, status, extra_headers, o);

out:
    json_object_put(o);
    return rc;
}


int
duetd_respond_error(struct duetd_request *r, int status,
    const char *extra_headers, const char *message)
{
    return duetd_respond_error_ext(r, status, extra_headers, message, NULL);
}
