/*
 * mem.c -- the wipe primitive, constant-time comparisons and moves, the
 * allocator for secret-bearing buffers, and GMP's allocator hooks.
 */

#include "config.h"

/* Ask for memset_s where the C library has Annex K. */
#define __STDC_WANT_LIB_EXT1__ 1

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gmp.h>

#include "duet.h"
#include "duet_util.h"
#include "util/check.h"
#include "util/ct.h"
#include "util/mem.h"

#if defined(HAVE_EXPLICIT_BZERO) || (defined(__GLIBC__)                    \
    && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 25)))
#define DUET_USE_EXPLICIT_BZERO 1
#endif

#ifdef DUET_TEST_HOOKS
static unsigned long duet_mem_fail_countdown;
static void (*duet_mem_free_observer)(const void *p, size_t n);
#endif


void
duet_memclear(void *p, size_t n)
{
    ARG_CHECK_VOID(p != NULL || n == 0);

    if (n == 0) {
        return;
    }

#if defined(DUET_USE_EXPLICIT_BZERO)
    explicit_bzero(p, n);
#elif defined(HAVE_MEMSET_S)
    (void) memset_s(p, n, 0, n);
#elif defined(__GNUC__)
    memset(p, 0, n);
    /* The compiler must assume the asm reads *p, so the stores stay. */
    __asm__ __volatile__ ("" : : "r" (p) : "memory");
#else
    {
        /* A call through a volatile pointer cannot be proven dead. */
        void *(*volatile memset_v)(void *, int, size_t) = memset;

        memset_v(p, 0, n);
    }
#endif
}


int
duet_ct_memeq(const void *a, const void *b, size_t n)
{
    const unsigned char *pa = a;
    const unsigned char *pb = b;
    uint64_t wa, wb, d = 0;
    size_t i = 0;

    ARG_CHECK_RET(a != NULL, 0);
    ARG_CHECK_RET(b != NULL, 0);

    /*
     * Accumulate differences without ever looking at them; only the final
     * fold decides.  Word loads keep this close to memcmp's speed.
     */
    for (; n - i >= sizeof(wa); i += sizeof(wa)) {
        memcpy(&wa, pa + i, sizeof(wa));
        memcpy(&wb, pb + i, sizeof(wb));
        d |= wa ^ wb;
    }
    for (; i < n; i++) {
        d |= (uint64_t) (pa[i] ^ pb[i]);
    }

    return (int) (duet_ct_eq_mask_u32((uint32_t) (d | (d >> 32)), 0) & 1);
}


int
duet_ct_is_zero(const void *p, size_t n)
{
    const unsigned char *pp = p;
    uint32_t d = 0;
    size_t i;

    VERIFY_CHECK(p != NULL || n == 0);

    for (i = 0; i < n; i++) {
        d |= pp[i];
    }

    return (int) (duet_ct_eq_mask_u32(d, 0) & 1);
}


void
duet_ct_cmov(void *dst, const void *src, size_t n, int flag)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    unsigned char mask;
    uint32_t f;
    size_t i;

    VERIFY_CHECK((dst != NULL && src != NULL) || n == 0);

    /*
     * flag is secret: no VERIFY_CHECK on its value (that would branch).
     * Any non-zero value counts as 1: f | -f has its top bit set.
     */
    f = (uint32_t) flag;
    mask = (unsigned char) (0u - duet_ct_barrier_u32((f | (0u - f)) >> 31));
    for (i = 0; i < n; i++) {
        d[i] ^= mask & (d[i] ^ s[i]);
    }
}


void *
duet_alloc(size_t n)
{
    if (n == 0) {
        return NULL;
    }

#ifdef DUET_TEST_HOOKS
    if (duet_mem_fail_countdown != 0 && --duet_mem_fail_countdown == 0) {
        return NULL;
    }
#endif

    return malloc(n);
}


/* The one place that wipes and frees; the GMP hooks come through here. */
static void
duet_wipe_and_free(void *p, size_t n)
{
    duet_memclear(p, n);
#ifdef DUET_TEST_HOOKS
    if (duet_mem_free_observer != NULL) {
        duet_mem_free_observer(p, n);
    }
#endif
    free(p);
}


void
duet_free_wipe(void *p, size_t n)
{
    if (p == NULL) {
        return;
    }
    duet_wipe_and_free(p, n);
}


#ifdef DUET_TEST_HOOKS

void
duet_mem_test_fail_alloc(unsigned long n)
{
    duet_mem_fail_countdown = n;
}


void
duet_mem_test_set_free_observer(void (*fn)(const void *p, size_t n))
{
    duet_mem_free_observer = fn;
}

#endif


/*
 * GMP allocator hooks (STYLE.md practice 6).  GMP reallocates and frees limb
 * arrays as numbers grow and shrink; with its default functions the old
 * limbs of a secret would stay in freed heap memory.  These wipe every block
 * GMP gives back.
 *
 * Not covered: GMP's internal temporaries.  With GMP's default
 * --enable-alloca=reentrant, TMP_ALLOC takes scratch for multiplication,
 * division and powm from the stack (alloca) when it is below 0x7f00 bytes,
 * and only larger scratch comes through these hooks.  With Debian 12's
 * libgmp, mpz_mul up to 65536-bit operands and mpz_powm up to a 32768-bit
 * modulus allocate nothing here: at our sizes (N^2 is 6144 bits) all of
 * it is on the stack, so intermediate values of secret computations can
 * stay in dead stack frames.  The mpn_sec_* functions take scratch from
 * the caller, who can wipe it; that is one more reason to use them for
 * secrets.
 *
 * GMP cannot handle a failed allocation: an allocate function must return
 * memory or not return at all, so these abort, as GMP's own defaults do.
 */

static void *
duet_gmp_alloc(size_t n)
{
    void *p = malloc(n != 0 ? n : 1);

    if (p == NULL) {
        abort();
    }

    return p;
}


/*
 * Args: n: the size GMP passes, always the size of the allocation.  (GMP
 *          also passes it when the caller frees a string from
 *          mpz_get_str(NULL, ...); callers must give the true size there.)
 */
static void
duet_gmp_free(void *p, size_t n)
{
    if (p == NULL) {
        return;
    }
    duet_wipe_and_free(p, n);
}


/* Never realloc(3) in place: it could leave the old limbs behind. */
static void *
duet_gmp_realloc(void *p, size_t old_n, size_t new_n)
{
    void *q = duet_gmp_alloc(new_n);

    if (p != NULL) {
        memcpy(q, p, old_n < new_n ? old_n : new_n);
        duet_gmp_free(p, old_n);
    }

    return q;
}


int
duet_init(void)
{
    void *(*cur_alloc)(size_t);
    void *(*cur_realloc)(void *, size_t, size_t);
    void (*cur_free)(void *, size_t);
    void *(*def_alloc)(size_t);
    void *(*def_realloc)(void *, size_t, size_t);
    void (*def_free)(void *, size_t);
    int r = DUET_ERR_INTERNAL;

    /*
     * Not thread-safe (neither is mp_set_memory_functions): call from main()
     * before starting threads and before any mpz_init.
     */
    mp_get_memory_functions(&cur_alloc, &cur_realloc, &cur_free);
    if (cur_alloc == duet_gmp_alloc && cur_realloc == duet_gmp_realloc
        && cur_free == duet_gmp_free)
    {
        r = 0;
        goto out;
    }

    /* GMP has no "default" query: have it reinstate its defaults and look. */
    mp_set_memory_functions(NULL, NULL, NULL);
    mp_get_memory_functions(&def_alloc, &def_realloc, &def_free);
    if (cur_alloc != def_alloc || cur_realloc != def_realloc
        || cur_free != def_free)
    {
        /* Another allocator is in charge: leave it so, and refuse. */
        mp_set_memory_functions(cur_alloc, cur_realloc, cur_free);
        goto out;
    }

    mp_set_memory_functions(duet_gmp_alloc, duet_gmp_realloc, duet_gmp_free);
    r = 0;

out:
    return r;
}


int
duet_init_displacing(void)
{
    /* Not thread-safe either: from main(), before threads and mpz_init. */
    mp_set_memory_functions(duet_gmp_alloc, duet_gmp_realloc, duet_gmp_free);
    return 0;
}
