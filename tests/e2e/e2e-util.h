/*
 * e2e-util.h -- what the end-to-end tests share: finding the built
 * service, running it with scripts/run-local under a test directory,
 * the operator token, the prime pool, the test primes.
 *
 * Every function bails (tests/tap/basic.h) on a failure of the test's
 * own machinery; the service's answers are left to the caller to judge.
 */

#ifndef DUET_E2E_UTIL_H
#define DUET_E2E_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "duet_aux.h"
#include "client.h"

/* The level-112 primes of tests/vectors/safe-primes-1024.txt. */
#define E2E_PRIME_BYTES    DUET_PRIME_BYTES_112

/* From make check's environment (e2e_require). */
extern const char  *e2e_top_srcdir, *e2e_top_builddir, *e2e_nginx;

/* One service: duetd behind nginx, run by scripts/run-local. */
struct e2e_service {
    char  state[320];             /* --state-dir                          */
    char  logpath[400];           /* run-local's own output               */
    char  url[64];                /* https://127.0.0.1:<port>             */
    char  ca[400];                /* nginx's self-signed certificate      */
    int   port;
    int   running;
};

/*
 * Read the environment of make check; skip_all when nginx, duetd or the
 * nginx module are missing.  Call after tap_init.
 */
void e2e_require(void);

/* mkdtemp "/tmp/<prefix>-XXXXXX", mode 0755 (nginx's workers enter it). */
void e2e_mkdir(char *dir, size_t size, const char *prefix);

/* Remove a tree (the test directory at the end). */
void e2e_rm_tree(const char *path);

/*
 * A fresh operator token "duet_op_..." and the hex SHA-256 that duetd's
 * config takes.  The caller wipes token.
 */
void e2e_operator_token(char token[64], char sha256_hex[65]);

/* Write text to path, mode 0644 (duetd may run as another user). */
void e2e_write_file(const char *path, const char *text);

/* Does the file at path hold text? */
int e2e_file_has(const char *path, const char *text);

/* Name the service's files: state dir <dir>/<name>, log <dir>/<name>.log. */
void e2e_service_init(struct e2e_service *svc, const char *dir,
    const char *name);

/*
 * scripts/run-local start with duetd's config file conf and `workers`
 * workers, on a free port; bails with run-local's log if it fails.
 * Stopped at exit if still running.
 */
void e2e_service_start(struct e2e_service *svc, const char *conf,
    int workers);

/* A client of the service (bails if libcurl cannot make one). */
struct duet_client *e2e_client(const struct e2e_service *svc);

/* scripts/run-local stop.  Returns its exit status (0 also when idle). */
int e2e_service_stop(struct e2e_service *svc);

/* Print run-local's log as diagnostics (after a failed start). */
void e2e_service_show_log(const struct e2e_service *svc);

/* Primes available in duetd's pool (GET /health), or -1. */
int e2e_pool_size(struct duet_client *c);

/*
 * Wait until the pool holds at least want primes, at most seconds.
 * Returns: the last size seen (-1: /health did not answer).
 */
int e2e_pool_wait(struct duet_client *c, int want, int seconds);

/* Sleep ms milliseconds. */
void e2e_sleep_ms(long ms);

/* Prime idx (0-based) of tests/vectors/safe-primes-1024.txt. */
void e2e_load_prime(uint8_t out[E2E_PRIME_BYTES], size_t *len,
    unsigned idx);

#endif /* DUET_E2E_UTIL_H */
