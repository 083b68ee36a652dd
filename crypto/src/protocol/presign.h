/*
 * presign.h -- internal declarations of presign.c (the protocol itself is
 * reached through duet_presign_ops / duet_presign_init, protocols.h):
 * wire sizes for tests, and the test-only fault injection.
 */

#ifndef DUET_PROTOCOL_PRESIGN_H
#define DUET_PROTOCOL_PRESIGN_H

#include <stddef.h>

#include "bn/level.h"

/* Byte offsets of fixed-position fields, for tests that edit messages. */
#define DUET_PRESIGN_R1A_FP_OFF      0      /* key fingerprint, 32 bytes */
#define DUET_PRESIGN_R1A_AUX_OFF     32     /* aux id, 32 bytes */
#define DUET_PRESIGN_R1A_SHIFT_OFF   64     /* shift scalar, 32 bytes */
#define DUET_PRESIGN_R1A_PAIR_OFF    96     /* signer pair, 2 bytes */
#define DUET_PRESIGN_R1A_K_OFF       98     /* K: a bn (u32 length, bytes) */
#define DUET_PRESIGN_R2_GAMMA_OFF    0      /* Gamma_i, 33 bytes */
#define DUET_PRESIGN_R3_DELTA_OFF    0      /* delta_i, 32 bytes */
#define DUET_PRESIGN_R3_S_OFF        32     /* S_i, 33 bytes */
#define DUET_PRESIGN_R3_BIGDELTA_OFF 65     /* Delta_i, 33 bytes */

/*
 * The largest payload of a presign message of inbound round (1..3),
 * broadcast (bcast != 0) or point to point, at level; 0 when the round
 * has no such message.  The session core refuses anything longer before
 * parsing (spec 6.6 F4).
 */
size_t duet_presign_max_payload(const struct duet_level *level,
    unsigned round, int bcast);

#ifdef DUET_TEST_HOOKS
/*
 * TEST ONLY (libduet-test.a).  Faults a presign session of party `party`
 * (keygen index) commits from now on, until reset with party -1.  Not
 * thread-safe.  The "cheat" faults make a dishonest prover whose
 * messages the peer must refuse; the "force" faults corrupt the party's
 * own computation to reach an abort path no honest peer can cause.
 */
enum duet_presign_test_fault {
    DUET_PRESIGN_TEST_NONE = 0,
    /* cheat, E4: w and W_me made with the PEER's Lagrange weight, so that
       psi^ proves a W the peer does not expect */
    DUET_PRESIGN_TEST_LAMBDA_SWAP,
    /* cheat, A2.2: K encrypts floor(N/4), out of the range of psi^0 */
    DUET_PRESIGN_TEST_K_RANGE,
    /* cheat, C4: psi^0 made under discriminator 1 and psi^1 under 0 */
    DUET_PRESIGN_TEST_ENC_DISC_SWAP,
    /* cheat, C4: psi made under the hat discriminator, psi^ under the
       plain one */
    DUET_PRESIGN_TEST_AFF_HAT_SWAP,
    /* cheat, C4: psi~ and psi' made with their elog discriminators
       swapped */
    DUET_PRESIGN_TEST_ELOG_DISC_SWAP,
    /* force, E6: Gamma = Gamma_0 + Gamma_1 taken as infinity */
    DUET_PRESIGN_TEST_GAMMA_INFINITY,
    /* force, E6: delta = delta_0 + delta_1 taken as zero */
    DUET_PRESIGN_TEST_DELTA_ZERO
};

void duet_presign_test_fault(int party, enum duet_presign_test_fault fault);
#endif

#endif /* DUET_PROTOCOL_PRESIGN_H */
