/*
 * fuzz-duetd-log.h -- a stand-in for fcgi_app/log.c in the duetd
 * harnesses: every message is formatted (so a bad format argument still
 * shows under ASan) into fuzz_log_last, counted, and dropped, so that
 * fuzzing does not write a line to stderr per refused input.  Include it
 * in exactly one file of a harness, instead of linking log.c.
 */

#ifndef DUET_TESTS_FUZZ_DUETD_LOG_H
#define DUET_TESTS_FUZZ_DUETD_LOG_H

#include <stdarg.h>
#include <stdio.h>

#include "log.h"

static unsigned fuzz_log_count[DUETD_LOG_DEBUG + 1];
static char fuzz_log_last[1024];

/* Called with every message, after it is formatted; may be NULL. */
static void (*fuzz_log_hook)(enum duetd_log_level level, const char *msg);


void
duetd_log_write(enum duetd_log_level level, const char *func,
    const char *fmt, ...)
{
    va_list ap;

    (void) func;
    fuzz_assert(level >= DUETD_LOG_ERROR && level <= DUETD_LOG_DEBUG);
    va_start(ap, fmt);
    (void) vsnprintf(fuzz_log_last, sizeof(fuzz_log_last), fmt, ap);
    va_end(ap);
    fuzz_log_count[level]++;
    if (fuzz_log_hook != NULL) {
        fuzz_log_hook(level, fuzz_log_last);
    }
}


static inline void
fuzz_log_reset(void)
{
    unsigned i;

    for (i = 0; i <= DUETD_LOG_DEBUG; i++) {
        fuzz_log_count[i] = 0;
    }
    fuzz_log_last[0] = '\0';
}

#endif /* DUET_TESTS_FUZZ_DUETD_LOG_H */
