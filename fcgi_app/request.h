/*
 * request.h -- the FastCGI adapter: what a handler may read of a request
 * (method, path, the params nginx sends, a bounded body) and the one way to
 * write a response.  No business logic lives here.
 */

#ifndef DUETD_REQUEST_H
#define DUETD_REQUEST_H

#include <stddef.h>

#include <fcgiapp.h>
#include <json-c/json.h>

/* Longest request path the router looks at; longer paths get 414. */
#define DUETD_PATH_MAX   512

struct duetd_request {
    FCGX_Request  *fcgx;
    const char    *method;              /* REQUEST_METHOD                 */
    char           path[DUETD_PATH_MAX]; /* DOCUMENT_URI, or REQUEST_URI
                                           without its query string      */
    size_t         content_length;      /* as announced by nginx          */
    int            responded;           /* a response has been written    */
};

/*
 * Fill r from the accepted FastCGI request.
 * Returns: 0, or an HTTP status (400, 414) when the request line nginx
 *          forwarded is unusable.
 */
int duetd_request_init(struct duetd_request *r, FCGX_Request *fcgx);

/* A FastCGI param, or NULL.  The pointer dies with the request. */
const char *duetd_request_param(const struct duetd_request *r,
    const char *name);

/*
 * Read the whole body, at most max bytes, into a NUL-terminated heap buffer.
 * Returns: 0 with *body (free with free()) and *len, 413 when the body is
 *          larger than max, 400 when it is shorter than announced, or 500.
 */
int duetd_request_read_body(struct duetd_request *r, size_t max, char **body,
    size_t *len);

/*
 * Write a JSON response with the given HTTP status.  extra_headers, if not
 * NULL, is a block of complete "Name: value\r\n" lines.  Takes ownership of
 * nothing.  Returns: 0, or -1 if the connection to nginx failed.
 */
int duetd_respond_json(struct duetd_request *r, int status,
    const char *extra_headers, struct json_object *body);

/*
 * Write the project's error object {statusCode, message, timestamp}.
 * Returns: 0, or -1 if the connection to nginx failed.
 */
int duetd_respond_error(struct duetd_request *r, int status,
    const char *extra_headers, const char *message);

/* The reason phrase of an HTTP status ("Not Found"), or "Unknown". */
const char *duetd_http_reason(int status);

#endif /* DUETD_REQUEST_H */
