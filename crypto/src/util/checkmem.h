/*
 * checkmem.h -- memory-definedness annotations for the constant-time tests
 * (STYLE.md practices 4 and 5).
 *
 * A ctime test marks secret inputs as undefined with DUET_CHECKMEM_UNDEFINE
 * and runs the code under valgrind: every branch or memory index computed
 * from a secret is then reported.  Where a secret-derived value becomes
 * public on purpose (a decoder's accept/reject verdict), the code calls
 * duet_declassify() on it first.
 *
 * The annotations are compiled in only under VERIFY (the test library) and
 * only when valgrind's header is available; otherwise they cost nothing.
 * Outside valgrind the client requests are a few no-op instructions.
 */

#ifndef DUET_UTIL_CHECKMEM_H
#define DUET_UTIL_CHECKMEM_H

#include <stddef.h>

#if defined(VERIFY)
#if defined(HAVE_VALGRIND_MEMCHECK_H)
#define DUET_HAVE_CHECKMEM 1
#elif defined(__has_include)
#if __has_include(<valgrind/memcheck.h>)
#define DUET_HAVE_CHECKMEM 1
#endif
#endif
#endif

#ifdef DUET_HAVE_CHECKMEM
#include <valgrind/memcheck.h>
#define DUET_CHECKMEM_RUNNING()         (RUNNING_ON_VALGRIND != 0)
#define DUET_CHECKMEM_UNDEFINE(p, n)    \
    ((void) VALGRIND_MAKE_MEM_UNDEFINED((p), (n)))
#define DUET_CHECKMEM_DEFINE(p, n)      \
    ((void) VALGRIND_MAKE_MEM_DEFINED((p), (n)))
#define DUET_CHECKMEM_ERRORS()          ((unsigned long) VALGRIND_COUNT_ERRORS)
#else
#define DUET_CHECKMEM_RUNNING()         0
#define DUET_CHECKMEM_UNDEFINE(p, n)    ((void) (p), (void) (n))
#define DUET_CHECKMEM_DEFINE(p, n)      ((void) (p), (void) (n))
#define DUET_CHECKMEM_ERRORS()          0UL
#endif


/*
 * Declare that the n bytes at p, though computed from secrets, are now
 * public (a verdict that is returned to the caller anyway).  Only a marker
 * for the ctime test; it changes nothing at run time.
 */
static inline void
duet_declassify(const void *p, size_t n)
{
    DUET_CHECKMEM_DEFINE(p, n);
}

#endif /* DUET_UTIL_CHECKMEM_H */
