/*
 * rp_table.h -- fixed-base comb tables for ring-Pedersen commitments
 * s^x t^y mod N^, and a process-wide cache of them (spec sections 2.5,
 * 3.9; correction C3).
 *
 * A prover commits under the VERIFIER's parameters (N^, s, t), so it
 * cannot use CRT; but s and t are fixed for a given peer, so their powers
 * can be precomputed once.  A table holds, for each w-bit window i of an
 * exponent, the 2^w powers
 *
 *     T_i[d] = b^(d 2^(w i)) mod N^,   d = 0 .. 2^w - 1,
 *
 * of each base b in {s, t}, in Montgomery form, plus U_i = b^(-2^(w i)).
 * Then b^x for |x| < 2^(w k) is the product of T_i[d_i] over the k
 * digits d_i of x mod 2^(w k) (two's complement, so a negative x needs no
 * inverse table) times U_k when x < 0: k multiplications, no squarings.
 *
 * Constant time (C3): a table indexed by a secret digit leaks the digit
 * through the cache.  duet_rp_table_commit_sec therefore reads EVERY entry
 * of each window's sub-table (mpn_sec_tabselect), selects U_k or 1 by a
 * mask computed from the sign, and multiplies with mpn_sec_mul and a
 * Montgomery reduction built from mpn_addmul_1, mpn_add_n and
 * mpn_cnd_sub_n: no branch and no memory index depends on x or y, and
 * the number of multiplications depends only on the public bounds xbits,
 * ybits.  tests/crypto/ctime-t.c checks this under valgrind.
 * duet_rp_table_commit_var is for PUBLIC exponents (a verifier's s^z t^w):
 * direct indexing, zero digits skipped.
 *
 * The tables hold only PUBLIC values (powers of the public s, t modulo the
 * public N^), so sharing them between threads and sessions, caching them
 * for the life of the process and freeing them without a wipe are all
 * safe: nothing of a secret exponent is ever stored in a table.
 *
 * Size: about (ceil(xmax / w) + ceil(ymax / w)) (2^w + 1) limbs(N^) limbs,
 * with xmax, ymax the level's rp_x_max_bits, rp_y_max_bits: 9.6 MiB at
 * level 128 and 4.5 MiB at level 112 for w = 4.
 */

#ifndef DUET_PAILLIER_RP_TABLE_H
#define DUET_PAILLIER_RP_TABLE_H

#include <stddef.h>

#include <gmp.h>

#include "duet.h"
#include "paillier/ring_pedersen.h"

/* The window of the cached tables: the fastest measured (rp_table.c). */
#define DUET_RP_TABLE_WINDOW       4
#define DUET_RP_TABLE_WINDOW_MAX   8

/* The cache keeps at most this many tables and this many bytes. */
#define DUET_RP_CACHE_SLOTS        8
#define DUET_RP_CACHE_MAX_BYTES    ((size_t) 96 << 20)

struct duet_rp_table;

/* Counters of the process-wide cache, since start or the last flush. */
struct duet_rp_cache_stats {
    unsigned long hits;         /* found in the cache */
    unsigned long misses;       /* not found: a table was built */
    unsigned long races;        /* built, but another thread won */
    unsigned long evictions;    /* dropped to make room */
    unsigned long entries;      /* tables cached now */
    size_t bytes;               /* their total size */
};


/*
 * Build the table of rp (a peer's parameters after
 * duet_rp_params_set_var, or an owner's pub), sized for rp->level's
 * rp_x_max_bits and rp_y_max_bits, with w-bit windows (1 <= w <=
 * DUET_RP_TABLE_WINDOW_MAX; 0 means DUET_RP_TABLE_WINDOW).  Variable time:
 * everything is public.  Costs about (ceil(xmax / w) + ceil(ymax / w))
 * 2^w multiplications mod N^ (about 50 ms at level 128 for w = 4).
 *
 * Returns: 0, DUET_ERR_INVALID_ARGUMENT if rp is empty or has no level or
 *          w is out of range, DUET_ERR_NO_MEMORY.
 * Out:     tab: the table, owned by the caller (duet_rp_table_free); NULL
 *               on failure.
 */
int duet_rp_table_build(struct duet_rp_table **tab,
    const struct duet_rp_params *rp, unsigned w);

/* Free a table from duet_rp_table_build (NULL is allowed).  Not for a
 * table from duet_rp_table_get: release those. */
void duet_rp_table_free(struct duet_rp_table *tab);

/* Returns: the bytes a table occupies. */
size_t duet_rp_table_bytes(const struct duet_rp_table *tab);

/* Returns: the largest xbits (ybits) the table accepts: the level's
 * rp_x_max_bits (rp_y_max_bits) rounded up to a multiple of w. */
unsigned duet_rp_table_x_max_bits(const struct duet_rp_table *tab);
unsigned duet_rp_table_y_max_bits(const struct duet_rp_table *tab);

/*
 * out = s^x t^y mod N^ for SECRET signed x, y with |x| < 2^xbits and
 * |y| < 2^ybits: the value duet_rp_commit_sec computes, in time and with
 * memory accesses that depend only on xbits, ybits and N^ (see above).
 * out may alias x or y.
 *
 * Returns: 0, DUET_ERR_INVALID_ARGUMENT if |x| or |y| is over its bound or
 *          a bound is over the table's (duet_rp_table_x_max_bits),
 *          DUET_ERR_NO_MEMORY.
 */
int duet_rp_table_commit_sec(const struct duet_rp_table *tab, mpz_t out,
    const mpz_t x, unsigned xbits, const mpz_t y, unsigned ybits);

/*
 * out = s^x t^y mod N^ for PUBLIC signed x, y (duet_rp_commit_var's
 * value).  An exponent too long for the table is handled by
 * duet_rp_commit_var's method on the table's own copy of the parameters.
 *
 * Returns: 0, DUET_ERR_NO_MEMORY.
 */
int duet_rp_table_commit_var(const struct duet_rp_table *tab, mpz_t out,
    const mpz_t x, const mpz_t y);

/*
 * The process-wide cache.  Tables are keyed by SHA-256 over the level's
 * exponent ceilings, N^, s and t, and a hit is confirmed by comparing the
 * full values.  At most DUET_RP_CACHE_SLOTS tables and
 * DUET_RP_CACHE_MAX_BYTES are kept; the least recently used is evicted.
 *
 * Lifetime rule: every table obtained with duet_rp_table_get (or _peek)
 * is given back with duet_rp_table_release exactly once.  Until then it
 * stays valid and unchanged, even if the cache evicts it (it is freed at
 * the last release).  Tables are immutable once published, so any number
 * of threads may commit with one table at the same time; the cache itself
 * is guarded by a mutex.  A table is built outside the mutex, so a miss
 * does not block hits on other tables; two threads missing on the same
 * parameters at once may both build, and the second discards its copy (a
 * "race").  Do not fork while another thread is inside these functions.
 */

/*
 * Get the shared table of rp, building it on a miss.
 *
 * Returns: 0, or an error of duet_rp_table_build.
 * Out:     tab: the table (NULL on failure).
 */
int duet_rp_table_get(const struct duet_rp_params *rp,
    const struct duet_rp_table **tab);

/*
 * As duet_rp_table_get, but never builds: *tab is NULL (and 0 returned)
 * if rp's table is not cached.  A find counts as a hit; a miss counts
 * nowhere.
 */
int duet_rp_table_peek(const struct duet_rp_params *rp,
    const struct duet_rp_table **tab);

/* Give back a table from duet_rp_table_get or _peek (NULL is allowed). */
void duet_rp_table_release(const struct duet_rp_table *tab);

/* Copy the cache's counters. */
void duet_rp_cache_stats(struct duet_rp_cache_stats *st);

/* Drop every cached table (each is freed once its users release it) and
 * reset the counters. */
void duet_rp_cache_flush(void);

/*
 * The provers' commitment: duet_rp_commit_sec's contract and result,
 * through the cached table of rp (built on first use).  Bounds over the
 * table's fall back to duet_rp_commit_sec.
 *
 * Returns: as duet_rp_commit_sec, or an error of duet_rp_table_get.
 */
int duet_rp_commit_sec_cached(const struct duet_rp_params *rp, mpz_t out,
    const mpz_t x, unsigned xbits, const mpz_t y, unsigned ybits);

/*
 * As duet_rp_commit_sec_cached, but through the table only if it is
 * already cached, never building one: for a prover that commits under
 * some parameters only a few times (Pi^fac in aux-info makes 4
 * commitments per peer, fewer than a table build pays for: 135 ms with a
 * build against 87 ms without at level 128).
 *
 * Returns: as duet_rp_commit_sec.
 */
int duet_rp_commit_sec_if_cached(const struct duet_rp_params *rp,
    mpz_t out, const mpz_t x, unsigned xbits, const mpz_t y,
    unsigned ybits);

/*
 * The verifiers' commitment: out = s^x t^y mod N^ for PUBLIC signed x, y
 * (duet_rp_commit_var's value) through the cached table of rp.  Meant for
 * a verifier's OWN parameters, which are the same in every proof it
 * checks, so the table is built once per process.
 *
 * Returns: as duet_rp_commit_var, or an error of duet_rp_table_get.
 */
int duet_rp_commit_var_cached(const struct duet_rp_params *rp, mpz_t out,
    const mpz_t x, const mpz_t y);

#endif /* DUET_PAILLIER_RP_TABLE_H */
