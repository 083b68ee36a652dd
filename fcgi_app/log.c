/*
 * log.c -- see log.h.
 */

#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "log.h"


static enum duetd_log_level  duetd_log_max = DUETD_LOG_INFO;

static int                   duetd_log_syslog;

static const char *const  duetd_log_names[] = {
    "error", "warn", "info", "debug"
};

static const int  duetd_log_priorities[] = {
    LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG
};


void
duetd_log_set_level(enum duetd_log_level level)
{
    duetd_log_max = level;
}


void
duetd_log_set_syslog(int on)
{
    if (on && !duetd_log_syslog) {
        openlog("duetd", LOG_PID, LOG_DAEMON);
    } else if (!on && duetd_log_syslog) {
        closelog();
    }
    duetd_log_syslog = on;
}


void
duetd_timestamp(char out[DUETD_TIMESTAMP_SIZE])
{
    struct timespec  ts;
    struct tm        tm;
    int              ms;

    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    ms = (int) (ts.tv_nsec / 1000000);
    if (strftime(out, DUETD_TIMESTAMP_SIZE, "%Y-%m-%dT%H:%M:%S.000Z", &tm)
        != DUETD_TIMESTAMP_SIZE - 1)
    {
        memcpy(out, "1970-01-01T00:00:00.000Z", DUETD_TIMESTAMP_SIZE);
        return;
    }
    out[20] = (char) ('0' + ms / 100);
    out[21] = (char) ('0' + ms / 10 % 10);
    out[22] = (char) ('0' + ms % 10);
}


void
duetd_log_write(enum duetd_log_level level, const char *func,
    const char *fmt, ...)
{
    char             line[1024];
    char             stamp[DUETD_TIMESTAMP_SIZE];
    va_list          ap;
    int              head, n, m;

    if (level > duetd_log_max) {
        return;
    }

    duetd_timestamp(stamp);
    head = snprintf(line, sizeof(line), "%s duetd[%ld] ", stamp,
                    (long) getpid());
    if (head < 0 || (size_t) head >= sizeof(line)) {
        return;
    }
    n = snprintf(line + head, sizeof(line) - (size_t) head, "%s %s: ",
                 duetd_log_names[level], func);
    if (n < 0 || (size_t) (head + n) >= sizeof(line)) {
        return;
    }
    n += head;

    va_start(ap, fmt);
    m = vsnprintf(line + n, sizeof(line) - (size_t) n, fmt, ap);
    va_end(ap);
    if (m < 0) {
        return;
    }

    /* Truncated messages keep their newline; one write keeps lines whole. */
    n = (size_t) (n + m) >= sizeof(line) - 1 ? (int) sizeof(line) - 2 : n + m;
    line[n++] = '\n';
    (void) !write(STDERR_FILENO, line, (size_t) n);

    /* syslog adds its own time and "duetd[pid]": send level onwards. */
    if (duetd_log_syslog) {
        line[n - 1] = '\0';
        syslog(duetd_log_priorities[level], "%s", line + head);
    }
}
