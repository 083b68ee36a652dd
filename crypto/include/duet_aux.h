/*
 * duet_aux.h -- auxiliary info (spec section 2): every party's Paillier-
 * Blum modulus N_i and ring-Pedersen parameters (N^_i, s_i, t_i), proven
 * well formed with Pi^prm, Pi^mod and Pi^fac.  Three parties.  Rounds:
 *   1 commitment (bcast)  2 echo (bcast)
 *   3 N, N^, s, t, Pi^prm, rho (bcast)
 *   4 Pi^mod + Pi^fac against the recipient's parameters (p2p) -> aux blob
 *
 * The four safe primes are an input, so that they can be generated ahead
 * of time (duet_safe_prime_generate, or a pool).  Every party must use its
 * own fresh primes: anyone who knows a party's p, q decrypts its nonce
 * shares.  The aux blob (duet_keyshare.h) holds p, q: it is SECRET.
 */

#ifndef DUET_AUX_H
#define DUET_AUX_H

#include <stddef.h>
#include <stdint.h>

#include "duet.h"
#include "duet_session.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Bytes of one safe prime at each level (1536 and 1024 bits). */
#define DUET_PRIME_BYTES_128  192
#define DUET_PRIME_BYTES_112  128

/*
 * Start aux-info generation as party me.
 * Returns: 0; DUET_ERR_INVALID_ARGUMENT (sid length, me > 2, unknown
 *          level, a prime of the wrong size, not a safe prime, two equal
 *          primes, or N = N^); DUET_ERR_NO_MEMORY; DUET_ERR_RANDOM.
 * In:      primes: four big-endian safe primes of the level's size:
 *          p, q (Paillier) then p^, q^ (ring-Pedersen); prime_lens their
 *          lengths.  They are copied; the caller wipes its copies.
 */
DUET_API DUET_WARN_UNUSED_RESULT int duet_aux_start(
    struct duet_session **s, const uint8_t *sid, size_t sid_len, int level,
    int me, const uint8_t *const primes[4], const size_t prime_lens[4])
    DUET_ARG_NONNULL(1, 2, 6, 7);

/*
 * Progress callback for duet_safe_prime_generate: candidates examined so
 * far.  A non-zero return cancels.
 */
typedef int (*duet_progress_fn)(void *arg, unsigned long candidates);

/*
 * Generate one random safe prime for level (SECRET once used).  Takes
 * seconds to minutes (about 12 s on average at level 128, widely spread).
 * Returns: 0; DUET_ERR_INVALID_ARGUMENT (unknown level);
 *          DUET_ERR_BUFFER_TOO_SMALL (*len is the size needed);
 *          DUET_ERR_LIMIT_EXCEEDED (cancelled); DUET_ERR_RANDOM;
 *          DUET_ERR_NO_MEMORY.
 * Out:     out, len: the prime, big-endian, exactly the level's size.
 */
DUET_API DUET_WARN_UNUSED_RESULT int duet_safe_prime_generate(
    uint8_t *out, size_t *len, int level, duet_progress_fn progress,
    void *progress_arg) DUET_ARG_NONNULL(2);

#ifdef __cplusplus
}
#endif

#endif /* DUET_AUX_H */
