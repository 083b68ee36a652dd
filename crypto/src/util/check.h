/*
 * check.h -- the two kinds of check, kept apart (STYLE.md practice 3).
 *
 * ARG_CHECK      public API boundary only: caller misuse.  Calls the
 *                illegal-argument callback (default: abort) and, if the
 *                callback returns, makes the API function fail.
 * VERIFY_CHECK   internal invariants; compiled in only with -DVERIFY.
 * CHECK          always-on invariant whose failure must never be ignored.
 * STATIC_ASSERT  compile-time invariant.
 * EXPECT         branch hint.
 *
 * util/ includes only libc (and the public duet.h for error codes).
 */

#ifndef DUET_UTIL_CHECK_H
#define DUET_UTIL_CHECK_H

#include <stdlib.h>

#include "duet.h"

#if defined(__GNUC__)
#define EXPECT(x, c)  __builtin_expect((x), (c))
#else
#define EXPECT(x, c)  (x)
#endif

#define STATIC_ASSERT(cond, msg)  _Static_assert(cond, msg)

/*
 * Report an illegal argument to the callback installed with
 * duet_set_illegal_callback() (err.c).  The default callback aborts; a
 * callback installed by a test may count and return.
 *
 * Args: message: the text of the failed condition (never a value).
 */
void duet_illegal_argument(const char *message);

/*
 * The early return is deliberate: an ARG_CHECK stands first in a public
 * function, before anything has been allocated or written, so there is
 * nothing to clean up yet.
 */
#define ARG_CHECK_RET(cond, ret)  do {                                       \
    if (EXPECT(!(cond), 0)) {                                                \
        duet_illegal_argument(#cond);                                        \
        return (ret);                                                        \
    }                                                                        \
} while (0)

#define ARG_CHECK(cond)       ARG_CHECK_RET(cond, DUET_ERR_INVALID_ARGUMENT)

#define ARG_CHECK_VOID(cond)  do {                                           \
    if (EXPECT(!(cond), 0)) {                                                \
        duet_illegal_argument(#cond);                                        \
        return;                                                              \
    }                                                                        \
} while (0)

/* Always on.  No message: crypto/ does no I/O (DESIGN.md section 4). */
#define CHECK(cond)  do {                                                    \
    if (EXPECT(!(cond), 0)) {                                                \
        abort();                                                             \
    }                                                                        \
} while (0)

#ifdef VERIFY
#define VERIFY_CHECK(cond)  CHECK(cond)
#else
/* Not evaluated, so cond may be expensive; still type-checked. */
#define VERIFY_CHECK(cond)  do { (void) sizeof(cond); } while (0)
#endif

#endif /* DUET_UTIL_CHECK_H */
