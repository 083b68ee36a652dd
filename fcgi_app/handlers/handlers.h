/*
 * handlers.h -- every HTTP handler, one file each under handlers/.
 */

#ifndef DUETD_HANDLERS_H
#define DUETD_HANDLERS_H

#include "../app.h"
#include "../request.h"

int duetd_h_health(struct duetd_request *r, const struct duetd_app *app);

#endif /* DUETD_HANDLERS_H */
