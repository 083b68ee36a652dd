/*
 * protocols.h -- the five protocols' ops and init functions, for api.c
 * (which validates the caller's arguments and builds the session) and
 * for session.c (which finds a protocol's ops when resuming a blob).
 *
 * Each init runs inside duet_session_begin: the round-0 randomness stream
 * is installed, s->body is zeroed (ops->body_size bytes), and init must
 * copy whatever it needs from arg (arg does not outlive the call).
 */

#ifndef DUET_PROTOCOL_PROTOCOLS_H
#define DUET_PROTOCOL_PROTOCOLS_H

#include <stdint.h>

#include <gmp.h>

#include "curve/curve.h"
#include "protocol/session.h"
#include "protocol/share.h"

extern const struct duet_proto_ops duet_keygen_ops;
extern const struct duet_proto_ops duet_aux_ops;
extern const struct duet_proto_ops duet_presign_ops;
extern const struct duet_proto_ops duet_sign_ops;
extern const struct duet_proto_ops duet_refresh_ops;

/* The ops of proto (DUET_PROTO_*), or NULL. */
const struct duet_proto_ops *duet_proto_ops_get(int proto);

/* keygen: arg is NULL.  Parties {0, 1, 2}. */
int duet_keygen_init(struct duet_session *s, const void *arg);

/* aux: arg is a struct duet_aux_args.  Parties {0, 1, 2}. */
struct duet_aux_args {
    mpz_srcptr primes[4];               /* p, q, p^, q^: SECRET */
};
int duet_aux_init(struct duet_session *s, const void *arg);

/* refresh: arg is a struct duet_refresh_args.  Parties {0, 1, 2}. */
struct duet_refresh_args {
    const struct duet_keyshare *ks;     /* validated, ks->index == s->me */
};
int duet_refresh_init(struct duet_session *s, const void *arg);

/*
 * presign: arg is a struct duet_presign_args.  Parties = the signer pair
 * in the caller's order (s->parties[0], s->parties[1]).
 */
struct duet_presign_args {
    const struct duet_keyshare *ks;     /* validated */
    const struct duet_aux *aux;         /* validated, same index and level */
    const struct duet_scalar *shift;    /* NULL: none */
};
int duet_presign_init(struct duet_session *s, const void *arg);

/* sign: arg is a struct duet_sign_args.  Parties = rec->signers. */
struct duet_sign_args {
    const struct duet_presig_rec *rec;  /* not consumed; SECRET */
    uint8_t digest[32];                 /* the message hash */
};
int duet_sign_init(struct duet_session *s, const void *arg);

#endif /* DUET_PROTOCOL_PROTOCOLS_H */
