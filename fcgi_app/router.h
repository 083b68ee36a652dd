/*
 * router.h -- the route table and dispatch.  Routes are a static table
 * {method, path, handler, flags, max_body}; paths may hold parameters
 * ("{id}", a signer UUID; "{sid}", a session id) that the router checks
 * and copies into the request.  Anything not in the table is a 404 or
 * 405 JSON error, and authentication, content type and body size are the
 * router's concern, never a handler's.
 */

#ifndef DUETD_ROUTER_H
#define DUETD_ROUTER_H

#include <stddef.h>

#include "app.h"
#include "request.h"

/*
 * A handler writes exactly one response and returns 0, or returns an HTTP
 * status >= 400 without writing, and the router answers with that error
 * (and what the handler left in r->err_*: see duetd_request_fail).
 */
typedef int (*duetd_handler_fn)(struct duetd_request *r,
    const struct duetd_app *app);

/* Route flags.  A route without OPERATOR or APIKEY is public. */
#define DUETD_ROUTE_OPERATOR   0x01     /* the operator token may call it  */
#define DUETD_ROUTE_APIKEY     0x02     /* a signer's API key may call it  */
#define DUETD_ROUTE_BODY       0x04     /* takes a JSON body; without it a
                                           route takes none, or "{}"      */

/* Body limits (docs/api-flows.md: DKG rounds 8 MiB, the rest 1 MiB). */
#define DUETD_BODY_MAX         (1u << 20)
#define DUETD_BODY_MAX_DKG     (8u << 20)
#define DUETD_BODY_MAX_EMPTY   64

struct duetd_route {
    const char        *method;
    const char        *path;
    duetd_handler_fn   handler;
    unsigned           flags;       /* DUETD_ROUTE_*                      */
    size_t             max_body;    /* larger bodies are refused with 413 */
};

/* Route r through the table; always leaves a response written. */
void duetd_router_dispatch(struct duetd_request *r,
    const struct duetd_app *app);

#endif /* DUETD_ROUTER_H */
