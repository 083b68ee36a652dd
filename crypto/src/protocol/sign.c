/*
 * sign.c -- the sign protocol: not written yet.  Its start function
 * returns DUET_ERR_UNSUPPORTED.
 */

#include "config.h"

#include "duet.h"
#include "protocol/protocols.h"
#include "protocol/session.h"

const struct duet_proto_ops duet_sign_ops = {
    DUET_PROTO_SIGN, "sign", NULL, NULL, NULL, 0, NULL, NULL, NULL
};


int
duet_sign_init(struct duet_session *s, const void *arg)
{
    (void) s;
    (void) arg;
    return DUET_ERR_UNSUPPORTED;
}
