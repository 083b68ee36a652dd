/*
 * router.h -- the route table and dispatch.  Routes are a static table
 * {method, path, handler, flags, max_body}; anything not in it is a 404 or
 * 405 JSON error, never a handler's concern.
 */

#ifndef DUETD_ROUTER_H
#define DUETD_ROUTER_H

#include <stddef.h>

#include "app.h"
#include "request.h"

/* A handler writes exactly one response and returns 0, or returns an HTTP
 * status >= 400 without writing, and the router answers with that error. */
typedef int (*duetd_handler_fn)(struct duetd_request *r,
    const struct duetd_app *app);

struct duetd_route {
    const char        *method;
    const char        *path;
    duetd_handler_fn   handler;
    unsigned           flags;       /* reserved for auth requirements     */
    size_t             max_body;    /* larger bodies are refused with 413 */
};

/* Route r through the table; always leaves a response written. */
void duetd_router_dispatch(struct duetd_request *r,
    const struct duetd_app *app);

#endif /* DUETD_ROUTER_H */
