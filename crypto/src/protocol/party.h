/*
 * party.h -- evaluation points, signer pairs and Lagrange weights (spec
 * 1.7).  Party i's Shamir point is I(i) = i + 1, never taken from the
 * wire (attack D3).
 */

#ifndef DUET_PROTOCOL_PARTY_H
#define DUET_PROTOCOL_PARTY_H

#include "curve/curve.h"
#include "protocol/share.h"

/*
 * Check an ordered signer pair: two distinct indices < 3.
 * Returns: 0 or DUET_ERR_INVALID_ARGUMENT.
 */
int duet_party_check_pair(const int signers[2]);

/*
 * lambda = I_b / (I_b - I_a) mod q: the weight of signer a in the pair
 * {a, b} (a != b, both < 3).
 */
void duet_party_lagrange(struct duet_scalar *lambda, int a, int b);

/*
 * The additive share of ks's holder in the pair {me, peer}: w = lambda x
 * (SECRET), and both signers' public W = lambda X, asserting
 * W_me + W_peer = Y (spec 1.7).
 * Returns: 0, DUET_ERR_INTERNAL (the assertion failed: ks inconsistent).
 */
int duet_party_additive(struct duet_scalar *w, struct duet_point *w_me,
    struct duet_point *w_peer, const struct duet_keyshare *ks, int peer);

/*
 * Interpolate the degree-1 polynomial through (I(a), Pa), (I(b), Pb) at
 * point x (any integer; x = 0 gives the constant term).
 */
void duet_party_interpolate(struct duet_point *out, int a,
    const struct duet_point *pa, int b, const struct duet_point *pb,
    unsigned x);

#endif /* DUET_PROTOCOL_PARTY_H */
