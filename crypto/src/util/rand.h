/*
 * rand.h -- internal side of the CSPRNG.  duet_random_bytes() itself is
 * public (duet_util.h).
 *
 * All randomness in libduet goes through duet_random_bytes().  In the
 * production library that is the kernel CSPRNG, always.  The test library
 * (crypto/libduet-test.a, built with -DDUET_TEST_RNG) can switch it to a
 * deterministic stream so that randomized tests replay from a seed
 * (STYLE.md practice 14).
 */

#ifndef DUET_UTIL_RAND_H
#define DUET_UTIL_RAND_H

#include <stddef.h>
#include <stdint.h>

#include "duet_util.h"

/*
 * A deterministic stream for the calling thread: while installed, every
 * duet_random_bytes() call on this thread returns the next bytes of
 * SHA-256("duet.rng.stream.v1" || key || be64(counter)) blocks.  The
 * protocol layer installs one per round step, keyed from the session's
 * secret seed and the round's input, so that a retried step samples the
 * same values (spec section 6.6, F3) instead of fresh ones.  The key must
 * be secret and uniformly random (it is derived from a 32-byte seed drawn
 * from the system source).  Streams nest: end restores the previous one.
 * The struct holds secret bytes; end wipes it.
 */
struct duet_rand_stream {
    uint8_t key[32];
    uint64_t counter;
    uint8_t block[32];
    size_t used;
    struct duet_rand_stream *prev;
};

void duet_rand_stream_begin(struct duet_rand_stream *st, const uint8_t key[32]);
void duet_rand_stream_end(struct duet_rand_stream *st);

/*
 * The kernel CSPRNG, always: neither an installed stream nor the test
 * RNG.  For randomness that must not depend on a stream's position, such
 * as the blinding seed of the process-wide libsecp256k1 context.
 * Returns: 0 or DUET_ERR_RANDOM (out is then zeroed).
 */
int duet_random_bytes_system(void *out, size_t n);

#ifdef DUET_TEST_RNG
/*
 * TEST ONLY.  Make duet_random_bytes() return the deterministic stream
 * named by seed, from its start: SHA-256(tag || seed || counter) blocks,
 * concatenated.  The stream does not depend on how it is split into calls.
 * Calling it again with the same seed restarts the same stream.  Not
 * thread-safe.  The symbol does not exist in the production library.
 */
void duet_rand_test_seed(uint64_t seed);

/* TEST ONLY.  Switch duet_random_bytes() back to the kernel CSPRNG. */
void duet_rand_test_reset(void);
#endif

#endif /* DUET_UTIL_RAND_H */
