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

#include <stdint.h>

#include "duet_util.h"

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
