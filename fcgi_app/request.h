/*
 * request.h -- the FastCGI adapter: what a handler may read of a request
 * (method, path, the params nginx sends, a bounded body) and the ways to
 * write a response.  No business logic lives here.
 */

#ifndef DUETD_REQUEST_H
#define DUETD_REQUEST_H

#include <stddef.h>

#include <fcgiapp.h>
#include <json-c/json.h>

#include "auth.h"

/* Longest request path the router looks at; longer paths get 414. */
#define DUETD_PATH_MAX        512

/* A path parameter ({id}, {sid}) and its NUL. */
#define DUETD_PARAM_SIZE      65

/* An error message a handler leaves for the router, NUL included. */
#define DUETD_ERR_MESSAGE_SIZE 256

struct duetd_request {
    FCGX_Request         *fcgx;
    const char           *method;              /* REQUEST_METHOD          */
    char                  path[DUETD_PATH_MAX]; /* DOCUMENT_URI, or
                                                  REQUEST_URI without its
                                                  query string            */
    size_t                content_length;      /* as announced by nginx   */
    int                   responded;           /* a response was written  */

    /* Set by the router before the handler runs. */
    size_t                max_body;            /* the route's body limit  */
    char                  id[DUETD_PARAM_SIZE];  /* {id}, or ""           */
    char                  sid[DUETD_PARAM_SIZE]; /* {sid}, or ""          */
    struct duetd_caller   caller;

    /*
     * What a handler returning an error status leaves for the router's
     * error response: a message ("" for the reason phrase), a Retry-After
     * (0: none), and members to add to the error object (culprit,
     * violations), owned by the request.
     */
    char                  err_message[DUETD_ERR_MESSAGE_SIZE];
    unsigned              err_retry_after;
    struct json_object   *err_extra;
};

/*
 * Fill r from the accepted FastCGI request.
 * Returns: 0, or an HTTP status (400, 414) when the request line nginx
 *          forwarded is unusable.
 */
int duetd_request_init(struct duetd_request *r, FCGX_Request *fcgx);

/* Release what the request holds (err_extra).  Safe to call twice. */
void duetd_request_done(struct duetd_request *r);

/* A FastCGI param, or NULL.  The pointer dies with the request. */
const char *duetd_request_param(const struct duetd_request *r,
    const char *name);

/*
 * Read the whole body, at most max bytes, into a NUL-terminated heap buffer.
 * Returns: 0 with *body (free with duetd_request_body_free) and *len, 413
 *          when the body is larger than max, 400 when it is shorter than
 *          announced, or 500.
 */
int duetd_request_read_body(struct duetd_request *r, size_t max, char **body,
    size_t *len);

/* The same with the route's limit (r->max_body). */
int duetd_request_body(struct duetd_request *r, char **body, size_t *len);

/* Wipe and free a body (it may carry protocol messages); NULL ignored. */
void duetd_request_body_free(char *body, size_t len);

/*
 * Record an error for the router to answer with, and return status, so a
 * handler can "return duetd_request_fail(r, 400, "name is required");".
 */
int duetd_request_fail(struct duetd_request *r, int status,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
 * Write a JSON response with the given HTTP status.  extra_headers, if not
 * NULL, is a block of complete "Name: value\r\n" lines.  Takes ownership of
 * nothing; the serialized text json-c keeps in body is wiped afterwards.
 * Returns: 0, or -1 if the connection to nginx failed.
 */
int duetd_respond_json(struct duetd_request *r, int status,
    const char *extra_headers, struct json_object *body);

/*
 * The same for a body holding a secret shown once (an API key); the
 * caller releases body with duetd_json_put_wiped.
 */
int duetd_respond_json_secret(struct duetd_request *r, int status,
    struct json_object *body);

/*
 * Write a response of another type (text of len bytes), or none at all
 * (204: text NULL).  Returns: 0, or -1 if the connection failed.
 */
int duetd_respond_raw(struct duetd_request *r, int status,
    const char *content_type, const char *text, size_t len);

/*
 * Write the project's error object {statusCode, message, timestamp}, with
 * the members of extra (may be NULL; not taken) added.
 * Returns: 0, or -1 if the connection to nginx failed.
 */
int duetd_respond_error_ext(struct duetd_request *r, int status,
    const char *extra_headers, const char *message,
    struct json_object *extra);

/* The same without extra members. */
int duetd_respond_error(struct duetd_request *r, int status,
    const char *extra_headers, const char *message);

/* The reason phrase of an HTTP status ("Not Found"), or "Unknown". */
const char *duetd_http_reason(int status);

#endif /* DUETD_REQUEST_H */
