/*
 * log.h -- duetd's log: one line per event on stderr, with time, pid, level
 * and the calling function; with log_syslog = yes, also to syslog (ident
 * "duetd", LOG_PID, facility daemon).
 *
 * Never pass secrets (shares, keys, API keys, OTPs, passphrases) to these
 * macros: log identifiers and error codes, not values.
 */

#ifndef DUETD_LOG_H
#define DUETD_LOG_H

enum duetd_log_level {
    DUETD_LOG_ERROR = 0,
    DUETD_LOG_WARN,
    DUETD_LOG_INFO,
    DUETD_LOG_DEBUG
};

/* Size of a timestamp from duetd_timestamp(), NUL included. */
#define DUETD_TIMESTAMP_SIZE  25

/* Write the current UTC time as ISO-8601 with milliseconds
 * ("2026-11-22T07:59:04.123Z") into out. */
void duetd_timestamp(char out[DUETD_TIMESTAMP_SIZE]);

/* Messages above this level are dropped. */
void duetd_log_set_level(enum duetd_log_level level);

/*
 * Also send every message that passes the level filter to syslog (on), or
 * stop doing so (off).  Call it in the supervisor: workers inherit it.
 */
void duetd_log_set_syslog(int on);

void duetd_log_write(enum duetd_log_level level, const char *func,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#define duetd_log_error(...)  duetd_log_write(DUETD_LOG_ERROR, __func__, __VA_ARGS__)
#define duetd_log_warn(...)   duetd_log_write(DUETD_LOG_WARN, __func__, __VA_ARGS__)
#define duetd_log_info(...)   duetd_log_write(DUETD_LOG_INFO, __func__, __VA_ARGS__)
#define duetd_log_debug(...)  duetd_log_write(DUETD_LOG_DEBUG, __func__, __VA_ARGS__)

#endif /* DUETD_LOG_H */
