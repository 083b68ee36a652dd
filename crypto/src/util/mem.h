/*
 * mem.h -- internal memory helpers: constant-time predicates and moves,
 * and the heap allocator for buffers that may hold secrets.
 *
 * The public part (duet_memclear, duet_ct_memeq) is in duet_util.h; the GMP
 * allocator hooks are installed by duet_init() (duet.h).
 */

#ifndef DUET_UTIL_MEM_H
#define DUET_UTIL_MEM_H

#include <stddef.h>

#include "duet_util.h"

/*
 * Test whether n bytes are all zero, in time independent of their values.
 *
 * Returns: 1 if all n bytes at p are zero (also when n is 0), else 0.
 * Args:    p: the bytes (may be NULL when n is 0).
 */
int duet_ct_is_zero(const void *p, size_t n);

/*
 * If flag is non-zero, copy n bytes from src to dst; if flag is 0, leave
 * dst as it is.  Time and memory accesses are independent of flag.
 *
 * Args: dst, src: n bytes each; may be equal, must not partially overlap.
 *       flag:     the (secret) condition.
 */
void duet_ct_cmov(void *dst, const void *src, size_t n, int flag);

/*
 * Allocate n bytes for data that may be secret.  Release with
 * duet_free_wipe().
 *
 * Returns: the block, or NULL if n is 0 or memory is exhausted.
 */
void *duet_alloc(size_t n);

/*
 * Wipe n bytes at p, then free p.
 *
 * Args: p: a block from duet_alloc(), or NULL (then nothing happens).
 *       n: the number of bytes to wipe, at most the allocated size.
 */
void duet_free_wipe(void *p, size_t n);

#ifdef DUET_TEST_HOOKS
/*
 * Test hooks, compiled only into crypto/libduet-test.a.  Production builds
 * contain no symbol with "_test_" in its name.
 */

/*
 * Make the n-th duet_alloc() call from now fail (n = 1: the next one), so
 * that tests can run every NO_MEMORY path.  n = 0 switches failures off.
 * Each failure disarms the hook.
 */
void duet_mem_test_fail_alloc(unsigned long n);

/*
 * Install fn to be called by every wiping free (duet_free_wipe and the GMP
 * free and realloc hooks) just after the wipe and just before free(3), with
 * the block and the number of bytes wiped.  NULL removes the observer.
 * Lets a test check that freed memory really was zeroed.
 */
void duet_mem_test_set_free_observer(void (*fn)(const void *p, size_t n));
#endif

#endif /* DUET_UTIL_MEM_H */
