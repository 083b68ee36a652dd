/*
 * party.c -- evaluation points, signer pairs and Lagrange weights (spec
 * 1.7).
 */

#include "config.h"

#include "duet.h"
#include "curve/curve.h"
#include "protocol/party.h"
#include "protocol/share.h"


int
duet_party_check_pair(const int signers[2])
{
    if (signers[0] < 0 || signers[0] >= DUET_N_PARTIES
        || signers[1] < 0 || signers[1] >= DUET_N_PARTIES
        || signers[0] == signers[1])
    {
        return DUET_ERR_INVALID_ARGUMENT;
    }
    return 0;
}


/* out = (x - I_b) / (I_a - I_b) mod q: the weight of a at x. */
static void
duet_party_weight(struct duet_scalar *out, int a, int b, unsigned x)
{
    struct duet_scalar num, den, t;

    duet_scalar_set_u64(&num, x);
    duet_scalar_set_u64(&t, (uint64_t) b + 1);
    duet_scalar_sub(&num, &num, &t);
    duet_scalar_set_u64(&den, (uint64_t) a + 1);
    duet_scalar_sub(&den, &den, &t);
    /* a != b, both < 3: den is one of +-1, +-2, never zero. */
    (void) duet_scalar_inverse(&den, &den);
    duet_scalar_mul(out, &num, &den);
}


void
duet_party_lagrange(struct duet_scalar *lambda, int a, int b)
{
    duet_party_weight(lambda, a, b, 0);
}


void
duet_party_interpolate(struct duet_point *out, int a,
    const struct duet_point *pa, int b, const struct duet_point *pb,
    unsigned x)
{
    struct duet_scalar la, lb;
    struct duet_point ta, tb;

    duet_party_weight(&la, a, b, x);
    duet_party_weight(&lb, b, a, x);
    duet_point_mul(&ta, &la, pa);
    duet_point_mul(&tb, &lb, pb);
    duet_point_add(out, &ta, &tb);
}


int
duet_party_additive(struct duet_scalar *w, struct duet_point *w_me,
    struct duet_point *w_peer, const struct duet_keyshare *ks, int peer)
{
    struct duet_scalar l_me, l_peer;
    struct duet_point sum;
    int me = ks->index;

    duet_party_lagrange(&l_me, me, peer);
    duet_party_lagrange(&l_peer, peer, me);
    duet_scalar_mul(w, &l_me, &ks->x);
    duet_point_mul(w_me, &l_me, &ks->X[me]);
    duet_point_mul(w_peer, &l_peer, &ks->X[peer]);
    duet_point_add(&sum, w_me, w_peer);
    if (!duet_point_eq_var(&sum, &ks->Y)) {
        duet_scalar_clear(w);
        return DUET_ERR_INTERNAL;
    }
    return 0;
}
