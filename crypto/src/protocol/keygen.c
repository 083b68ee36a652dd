/*
 * keygen.c -- the keygen protocol: not written yet.  Its start function
 * returns DUET_ERR_UNSUPPORTED.
 */

#include "config.h"

#include "duet.h"
#include "protocol/protocols.h"
#include "protocol/session.h"

const struct duet_proto_ops duet_keygen_ops = {
    DUET_PROTO_KEYGEN, "keygen", NULL, NULL, NULL, 0, NULL, NULL, NULL
};


int
duet_keygen_init(struct duet_session *s, const void *arg)
{
    (void) s;
    (void) arg;
    return DUET_ERR_UNSUPPORTED;
}
