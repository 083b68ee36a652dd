/*
 * ct.h -- branch-free mask helpers for constant-time code.
 *
 * A mask is 0 or all ones.  Masks are built with arithmetic only and passed
 * through duet_ct_barrier_u32() so that the optimiser cannot see that they
 * take just two values and turn the selection back into a branch.  The
 * ctime test (tests/crypto/ctime-t.c) checks the result under valgrind.
 */

#ifndef DUET_UTIL_CT_H
#define DUET_UTIL_CT_H

#include <stdint.h>


/* Hide x from the optimiser's value analysis. */
static inline uint32_t
duet_ct_barrier_u32(uint32_t x)
{
#if defined(__GNUC__)
    __asm__ ("" : "+r" (x));
    return x;
#else
    volatile uint32_t v = x;

    return v;
#endif
}


/*
 * Returns: all ones if lo <= x <= hi, else 0.
 * Args:    x, lo, hi: each below 2^31 (callers pass bytes).
 */
static inline uint32_t
duet_ct_range_mask_u32(uint32_t x, uint32_t lo, uint32_t hi)
{
    /* Either difference wraps (top bit set) exactly when x is outside. */
    uint32_t out = ((x - lo) | (hi - x)) >> 31;

    return duet_ct_barrier_u32(out) - 1;
}


/* Returns: all ones if a == b, else 0. */
static inline uint32_t
duet_ct_eq_mask_u32(uint32_t a, uint32_t b)
{
    uint32_t d = a ^ b;

    /* d | -d has its top bit set exactly when d is non-zero. */
    return duet_ct_barrier_u32((d | (0u - d)) >> 31) - 1;
}

#endif /* DUET_UTIL_CT_H */
