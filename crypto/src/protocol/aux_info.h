/*
 * aux_info.h -- test hooks of the aux-info protocol (aux_info.c).  The
 * protocol itself is reached through duet_aux_ops / duet_aux_init
 * (protocols.h) and the public duet_aux_start (duet_aux.h).
 *
 * Everything here exists only in the test archives (DUET_TEST_HOOKS):
 * it makes ONE party misbehave, so that the negative tests of spec
 * sections 6.1-6.2 can check that the honest parties refuse, blaming it.
 * The hook is process-wide and not thread-safe; it is consumed by the
 * next duet_aux_init of the named party.
 */

#ifndef DUET_PROTOCOL_AUX_INFO_H
#define DUET_PROTOCOL_AUX_INFO_H

#ifdef DUET_TEST_HOOKS

#include <gmp.h>

#include "protocol/session.h"

enum duet_aux_test_mode {
    DUET_AUX_TEST_OFF = 0,
    /*
     * N = a b from the given factors, unchecked (any sizes, composite
     * allowed); Pi^mod and Pi^fac are made from them as well as the
     * provers allow, and a proof the prover refuses is sent empty
     * (A1, A2: small factors, a modulus outside the window).
     */
    DUET_AUX_TEST_PAILLIER,
    /*
     * Publish s = a, t = b under the own N^ with a forged Pi^prm: each
     * repetition answers a guessed challenge bit (B1: s not in <t>, or
     * s, t in {0, 1, N^ - 1}).
     */
    DUET_AUX_TEST_RP_FORGE,
    /*
     * Publish (s', t') = (t, s) of the honest parameters with a correct
     * proof of t' in <s'> under the published statement: the check in
     * the wrong direction (B2).  a, b unused.
     */
    DUET_AUX_TEST_RP_SWAP,
    /* The round-3 message without Pi^prm (B3).  a, b unused. */
    DUET_AUX_TEST_NO_PRM,
    /*
     * Publish another party's N, N^, s, t and Pi^prm (armed with
     * duet_aux_test_arm_copy) with own rho and u (B4).
     */
    DUET_AUX_TEST_COPY,
    /* Publish N^ = N (the own Paillier modulus) with the own s, t and a
     * forged Pi^prm (B4, N = N^).  a, b unused. */
    DUET_AUX_TEST_NH_IS_N
};

/*
 * TEST ONLY.  Make the next duet_aux_init of party misbehave as mode
 * says, with the values a, b (copied; NULL where unused).
 * Returns: 0, DUET_ERR_INVALID_ARGUMENT.
 */
int duet_aux_test_arm(int party, enum duet_aux_test_mode mode, mpz_srcptr a,
    mpz_srcptr b);

/*
 * TEST ONLY.  Make the next duet_aux_init of party publish victim's N, N^,
 * s, t and Pi^prm (victim: an aux session before its round 3).
 * Returns: 0, DUET_ERR_INVALID_ARGUMENT, DUET_ERR_BAD_STATE.
 */
int duet_aux_test_arm_copy(int party, const struct duet_session *victim);

/* TEST ONLY.  Drop an armed hook. */
void duet_aux_test_disarm(void);

/*
 * TEST ONLY.  How many Pi^fac proofs (commitments under a peer's R_j) aux
 * sessions of party have made in this process: correction C8 says none
 * before every peer's Pi^prm verified.
 */
unsigned long duet_aux_test_fac_count(int party);

#endif /* DUET_TEST_HOOKS */

#endif /* DUET_PROTOCOL_AUX_INFO_H */
