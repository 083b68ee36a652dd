/*
 * router.c -- see router.h.
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "handlers/handlers.h"
#include "log.h"
#include "router.h"


static const struct duetd_route  duetd_routes[] = {
    { "GET", "/health", duetd_h_health, 0, 0 },
};

#define DUETD_NROUTES  (sizeof(duetd_routes) / sizeof(duetd_routes[0]))


static void
duetd_router_error(struct duetd_request *r, int status, const char *headers,
    const char *message)
{
    if (duetd_respond_error(r, status, headers, message) != 0) {
        duetd_log_warn("could not send %d to nginx", status);
    }
}


void
duetd_router_dispatch(struct duetd_request *r, const struct duetd_app *app)
{
    const struct duetd_route  *route;
    char                       allow[128], message[DUETD_PATH_MAX + 64];
    size_t                     i, n;
    int                        status;

    allow[0] = '\0';
    n = 0;
    route = NULL;
    for (i = 0; i < DUETD_NROUTES; i++) {
        if (strcmp(duetd_routes[i].path, r->path) != 0) {
            continue;
        }
        if (strcmp(duetd_routes[i].method, r->method) == 0) {
            route = &duetd_routes[i];
            break;
        }
        n += (size_t) snprintf(allow + n, sizeof(allow) - n, "%s%s",
                               n ? ", " : "", duetd_routes[i].method);
        if (n >= sizeof(allow)) {
            n = sizeof(allow) - 1;
        }
    }

    if (route == NULL && allow[0] != '\0') {
        char headers[sizeof(allow) + 16];

        snprintf(headers, sizeof(headers), "Allow: %s\r\n", allow);
        snprintf(message, sizeof(message), "method %s is not allowed on %s",
                 r->method, r->path);
        duetd_router_error(r, 405, headers, message);
        return;
    }
    if (route == NULL) {
        snprintf(message, sizeof(message), "no route for %s %s", r->method,
                 r->path);
        duetd_router_error(r, 404, NULL, message);
        return;
    }
    if (r->content_length > route->max_body) {
        snprintf(message, sizeof(message),
                 "request body of %zu bytes is over the %zu-byte limit of %s",
                 r->content_length, route->max_body, route->path);
        duetd_router_error(r, 413, NULL, message);
        return;
    }

    status = route->handler(r, app);
    if (status != 0 && !r->responded) {
        duetd_router_error(r, status, NULL, duetd_http_reason(status));
    } else if (!r->responded) {
        duetd_log_error("handler for %s %s wrote no response", r->method,
                        r->path);
        duetd_router_error(r, 500, NULL, "internal error");
    }
}
