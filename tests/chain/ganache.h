/*
 * ganache.h -- the tests' real local chain: tests/chain/ganache-run
 * (ganache from tests/chain's lockfile) started in a child process on a
 * free loopback port, chain id 1337, ten funded accounts.
 */

#ifndef DUET_TESTS_GANACHE_H
#define DUET_TESTS_GANACHE_H

#include <stddef.h>

/*
 * Is ganache installed under top_srcdir/tests/chain?  Returns 1, or 0
 * with why ("node is not installed", ...) for skip_all.
 */
int ganache_available(const char *top_srcdir, char *why, size_t whylen);

/*
 * Start it, its port file in dir; wait up to 60 s for it to listen.
 * Returns the port, or -1 (the child is gone).  Stopped at exit too.
 */
int ganache_start(const char *top_srcdir, const char *dir);

/* Stop it (nothing if not running). */
void ganache_stop(void);

/*
 * Run argv (argv[0] from PATH), its stdout read into out (NUL-terminated,
 * at most size - 1 bytes).  Returns its exit status, or -1 (it did not
 * exit, or pipe/fork failed).
 */
int chain_run(char *const argv[], char *out, size_t size);

#endif /* DUET_TESTS_GANACHE_H */
