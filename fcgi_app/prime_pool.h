/*
 * prime_pool.h -- the server's own safe primes for aux-info, made ahead of
 * time because a level-128 prime takes seconds (DESIGN.md section 3: every
 * party generates its own; the server never uses anyone else's).
 *
 * The supervisor forks one keeper process (restarted if it dies).  The
 * keeper opens its own store and KMS handles and, whenever the pool holds
 * fewer than prime_low_watermark available primes of the configured level's
 * size, forks generator children (at most prime_generators at a time) until
 * it holds prime_target again.  A generator computes one safe prime with
 * duet_safe_prime_generate, writes it to the keeper over a pipe and exits;
 * the keeper stores it encrypted through the KMS ("primes/<uuid>") and
 * indexes it in the store.  Workers claim primes four at a time, each once.
 */

#ifndef DUETD_PRIME_POOL_H
#define DUETD_PRIME_POOL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "kms.h"
#include "options.h"
#include "store.h"

#define DUETD_PRIME_MAX_BYTES  192      /* level 128: 1536-bit primes */

#define DUETD_PRIME_OK          0
#define DUETD_PRIME_EMPTY      -1       /* fewer than 4 available: 503 */
#define DUETD_PRIME_ERROR      -2       /* logged                      */

/*
 * Supervisor: fork the keeper, which closes listen_fd (it serves no
 * requests).  Returns its pid, or -1 (logged).  The supervisor calls it
 * again when the keeper exits.
 */
pid_t duetd_prime_keeper_start(const struct duetd_config *cfg,
    int listen_fd);

/*
 * Worker: claim four primes of the configured level (p, q, p-hat, q-hat
 * for duet_aux_start), load them from the KMS into primes[] and delete
 * them there.  The caller wipes primes[] after use.
 * Returns: DUETD_PRIME_OK, DUETD_PRIME_EMPTY or DUETD_PRIME_ERROR.
 */
int duetd_prime_pool_claim(struct duetd_store *s, struct duetd_kms *k,
    int level, uint8_t primes[4][DUETD_PRIME_MAX_BYTES], size_t lens[4]);

/* Available primes of the configured level, for /health and /metrics. */
int duetd_prime_pool_size(struct duetd_store *s, int level, unsigned *n);

/* Bits of one safe prime at a level (1024 at 112, 1536 at 128). */
unsigned duetd_prime_bits(int level);

#endif /* DUETD_PRIME_POOL_H */
