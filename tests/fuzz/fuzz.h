/*
 * fuzz.h -- what every libFuzzer harness in tests/fuzz/ shares: the entry
 * point's prototype and two helpers.  A harness defines
 * LLVMFuzzerTestOneInput and reports a broken property by aborting, which
 * both libFuzzer and the corpus replay (replay.c) treat as a failure.
 */

#ifndef DUET_TESTS_FUZZ_H
#define DUET_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);


static inline void
fuzz_assert(int cond)
{
    if (!cond) {
        abort();
    }
}


/* malloc that never returns NULL; exact sizes let ASan see any overrun. */
static inline void *
fuzz_alloc(size_t n)
{
    void *p = malloc(n != 0 ? n : 1);

    fuzz_assert(p != NULL);

    return p;
}

#endif /* DUET_TESTS_FUZZ_H */
