/*
 * prime.h -- safe-prime generation for Paillier and ring-Pedersen moduli
 * (spec section 2.1, 2.2), and the checks made on such moduli (spec
 * section 6.1, corrections C7 and C8).
 *
 * A safe prime is p = 2p' + 1 with p' prime.  Then p = 3 mod 4 (a Blum
 * prime), which the Paillier-Blum modulus proof needs.
 *
 * Generation: a random odd p' of exactly bits - 1 bits is the start of a
 * window of candidates p', p' + 2, p' + 4, ...  The residues of the start
 * modulo a table of small odd primes r are computed once; a segmented sieve
 * then removes, without any bignum arithmetic per candidate, every
 * candidate with r | p' or r | 2p' + 1 (p' mod r == 0 or (r - 1) / 2).
 * Survivors get a base-2 Fermat test on p', then on p = 2p' + 1, and the
 * first pair to pass both gets the full probable-prime test below.  A
 * window holds about eight times the expected number of candidates; if it
 * holds no safe prime the search restarts from a fresh random start.
 *
 * Cost (bench/bench-prime.c): the Fermat tests on sieve survivors are
 * nearly all of it; sieving with more primes leaves fewer survivors but
 * costs a word division per prime at each start.  The defaults, 2^18
 * primes (up to ~3.7 million) at 1024 bits and 2^20 (up to ~16.7 million)
 * at 1536 bits, were the fastest measured.  Memory: the table takes 4.3 MB
 * once per process, and a generation 4 bytes per sieving prime (4 MB at
 * 1536 bits) plus a 32 KiB bitmap.
 *
 * Full probable-prime test: mpz_probab_prime_p(x, DUET_PRIME_REPS).  In
 * GMP >= 6.2 that is trial division, a Baillie-PSW test (for which no
 * counterexample is known) and then DUET_PRIME_REPS - 24 Miller-Rabin
 * rounds with pseudo-random bases.  We use 30, so 6 extra rounds: for a
 * random k-bit candidate, Miller-Rabin alone errs with probability below
 * 2^-128 after 6 rounds at k = 1023 and 4 rounds at k = 1535 (Damgard,
 * Landrock and Pomerance, "Average case error estimates for the strong
 * probable prime test", 1993), so the result does not lean on BPSW's
 * unproven strength.  The spec's crate uses 25 (BPSW and one round).  For
 * p = 2p' + 1 the test is in fact redundant: once p' is prime, 2^(p-1) = 1
 * mod p proves p prime (Pocklington, with the factor p' of p - 1 and
 * gcd(2^2 - 1, p) = 1); it costs one exponentiation per generated prime.
 *
 * TIMING.  Generation is variable-time in the secret it produces, as every
 * sieve-based generator is: how many candidates are tried, which sieve
 * entries are written and which tests run all depend on the random start
 * and so on the prime found.  What is and is not exposed:
 * - the duration reveals only the distance from a random start (never
 *   used again) to the prime found;
 * - candidates that are rejected are discarded: what is learned about
 *   them says nothing about the output;
 * - the Fermat pre-tests, which every survivor (so also the prime finally
 *   found) goes through, use OpenSSL's BN_mod_exp_mont_consttime with
 *   BN_FLG_CONSTTIME set, built so that its memory access pattern depends
 *   on neither the exponent nor the modulus (both are the candidate): the
 *   classic exponent leak of a sliding-window exponentiation is closed;
 * - not closed: the sieve's writes depend on the start's residues, and the
 *   final full test (mpz_probab_prime_p) runs on the chosen prime in
 *   variable time.  An attacker who can watch this core's caches at fine
 *   grain while a prime is made could learn about it.  So generate primes
 *   where no untrusted code shares the core or its caches, e.g. in the
 *   key-holding process's pregeneration pool (spec section 2.2), never in
 *   a worker serving other tenants at the same time.
 * The scratch memory (residues, sieve, candidates) is wiped before return.
 * duet_init() must have run so that GMP wipes the limbs it frees.
 *
 * The checks (duet_prime_check_modulus_var, duet_prime_check_own_var)
 * return a negative DUET_ERR_* code and say through an enum
 * duet_prime_check which check failed; duet_prime_check_str() names it.
 */

#ifndef DUET_BN_PRIME_H
#define DUET_BN_PRIME_H

#include <stddef.h>
#include <stdint.h>

#include <gmp.h>

/* Bit lengths duet_prime_safe_generate() accepts. */
#define DUET_PRIME_MIN_BITS        64
#define DUET_PRIME_MAX_BITS        4096

/* The reps argument given to mpz_probab_prime_p (see above). */
#define DUET_PRIME_REPS            30

/*
 * The small-prime table holds every odd prime below this bound.  The
 * generator sieves with a prefix of it whose length depends on the size
 * (tuned by measurement, see bench/bench-prime.c); the modulus check
 * trial-divides by the primes below DUET_PRIME_CHECK_BOUND.
 */
#define DUET_PRIME_TABLE_BOUND     (UINT32_C(1) << 24)
#define DUET_PRIME_CHECK_BOUND     (UINT32_C(1) << 16)

/*
 * Candidates per sieve segment: the bitmap is 32 KiB, an L1 cache.  Larger
 * segments spread the per-prime cost of a segment over more candidates
 * (measured at 1536 bits with 2^20 primes: 73, 38 and 21 ns per candidate
 * for 2^16, 2^17 and 2^18, against ~3.6 us per candidate of Fermat tests);
 * it is also the progress callback's granularity.
 */
#define DUET_PRIME_SEGMENT         262144

/*
 * Progress callback: candidates is the number of candidates p' examined so
 * far in this call (sieved out or tested), over all restarts.  It is called
 * after each segment that did not yield the prime, so every
 * DUET_PRIME_SEGMENT candidates: about every 1 s at 1536 bits and 0.3 s at
 * 1024 bits.  A non-zero return cancels the generation.
 */
typedef int (*duet_prime_progress_fn)(void *arg, unsigned long candidates);

/* Counters of one generation, for benchmarks and tests. */
struct duet_prime_stats {
    unsigned long candidates;   /* p' examined, as passed to progress     */
    unsigned long survivors;    /* passed the sieve: Fermat tests on p'   */
    unsigned long fermat_pq;    /* p' passed Fermat: Fermat tests on p    */
    unsigned long full_tests;   /* pairs given the full test              */
    unsigned long restarts;     /* windows exhausted without a prime      */
};

/*
 * Options for duet_prime_safe_generate().  A NULL pointer, or all fields
 * zero, means the defaults.  The tuning fields exist for tests and the
 * benchmark; production code leaves them zero.
 */
struct duet_prime_gen_opts {
    duet_prime_progress_fn progress;    /* NULL: none                      */
    void *progress_arg;
    struct duet_prime_stats *stats;     /* NULL: not collected             */

    size_t sieve_primes;        /* table primes to sieve with; 0: tuned
                                   default for the size; capped at the
                                   table's length */
    unsigned long window;       /* candidates per random start; 0: about
                                   8 times the expected distance */
    int fermat;                 /* DUET_PRIME_FERMAT_*: how to pre-test */
};

/* Engines for the base-2 Fermat pre-test (see TIMING). */
#define DUET_PRIME_FERMAT_OPENSSL  0    /* BN_mod_exp_mont_consttime     */
#define DUET_PRIME_FERMAT_GMP      1    /* mpz_powm_sec (for comparison) */
#define DUET_PRIME_FERMAT_NONE     2    /* no pre-test: the full test on
                                           every survivor (comparison)  */

/*
 * The table of small odd primes, 3, 5, 7, ... below DUET_PRIME_TABLE_BOUND,
 * built on first use (thread-safe, once per process) and never freed.
 *
 * Returns: 0, or DUET_ERR_NO_MEMORY (then on every later call too).
 * Out:     primes: the table, increasing; count: its length.
 */
int duet_prime_table(const uint32_t **primes, size_t *count);

/*
 * Generate a random safe prime p of exactly bits bits: p = 2p' + 1 with p'
 * prime, 2^(bits-1) < p < 2^bits, hence p = 3 mod 4.  Variable-time: read
 * TIMING above.  All randomness comes from duet_random_bytes().
 *
 * Returns: 0; DUET_ERR_INVALID_ARGUMENT if bits is outside
 *          [DUET_PRIME_MIN_BITS, DUET_PRIME_MAX_BITS]; DUET_ERR_RANDOM;
 *          DUET_ERR_NO_MEMORY; DUET_ERR_LIMIT_EXCEEDED if the progress
 *          callback cancelled.  On error p is set to 0.
 * Out:     p:    the prime (an initialised mpz_t).
 * In:      bits: its size.
 *          opts: NULL, or options (above).
 */
int duet_prime_safe_generate(mpz_t p, unsigned bits,
    const struct duet_prime_gen_opts *opts);

/*
 * Test whether p is a safe prime: p odd, p > 5, and both p and (p - 1) / 2
 * pass the full probable-prime test.  Variable-time in p.
 *
 * Returns: 1 if p is a safe prime (with the error bound above), else 0.
 */
int duet_prime_is_safe_var(const mpz_t p);

/* Which check rejected a modulus or a pair of factors. */
enum duet_prime_check {
    DUET_PRIME_CHECK_OK = 0,
    /* duet_prime_check_modulus_var */
    DUET_PRIME_CHECK_NOT_POSITIVE,      /* N <= 0                          */
    DUET_PRIME_CHECK_EVEN,              /* 2 | N                           */
    DUET_PRIME_CHECK_TOO_SHORT,         /* fewer than min_bits bits        */
    DUET_PRIME_CHECK_TOO_LONG,          /* more than max_bits bits (C7)    */
    DUET_PRIME_CHECK_SMALL_FACTOR,      /* an odd prime < 2^16 divides N   */
    DUET_PRIME_CHECK_SQUARE,            /* N is a perfect square (p = q)   */
    DUET_PRIME_CHECK_PRIME,             /* N is (probably) prime           */
    /* duet_prime_check_own_var */
    DUET_PRIME_CHECK_FACTOR_SIZE,       /* p or q not exactly prime_bits   */
    DUET_PRIME_CHECK_FACTOR_NOT_3_MOD_4,/* p or q != 3 mod 4               */
    DUET_PRIME_CHECK_FACTORS_EQUAL,     /* p == q                          */
    DUET_PRIME_CHECK_FACTOR_COMPOSITE,  /* p or q is not prime             */
    DUET_PRIME_CHECK_FACTOR_NOT_SAFE    /* (p-1)/2 or (q-1)/2 not prime    */
};

/*
 * Returns: a static English description of a check ("N is even"), or
 *          "unknown check".  Never NULL.
 */
const char *duet_prime_check_str(enum duet_prime_check check);

/*
 * The checks a verifier makes on a Paillier or ring-Pedersen modulus N it
 * received (spec sections 2.1, 6.1 A1-A3, correction C7), cheapest first,
 * so an over-long N is refused before any work proportional to its size:
 * N > 0; N odd; min_bits <= bits(N) <= max_bits; no odd prime factor
 * below DUET_PRIME_CHECK_BOUND; N not a perfect square; N not prime.
 * These are necessary, not sufficient: Pi^mod and Pi^fac prove the rest.
 * N is public: variable-time.
 *
 * Returns: 0 if N passes; DUET_ERR_PROTOCOL if a check failed (the sender
 *          broke the protocol); DUET_ERR_INVALID_ARGUMENT if min_bits is 0,
 *          min_bits > max_bits or max_bits > 2 * DUET_PRIME_MAX_BITS;
 *          DUET_ERR_NO_MEMORY (the prime table).
 * Out:     check: the check that failed, DUET_PRIME_CHECK_OK on success
 *          (may be NULL).
 * In:      n: the modulus; min_bits, max_bits: the level's window, e.g.
 *          3071 and 3072 at level 128 (C7).
 */
int duet_prime_check_modulus_var(const mpz_t n, unsigned min_bits,
    unsigned max_bits, enum duet_prime_check *check);

/*
 * The checks on one's own factors p, q before using N = pq (spec section
 * 2.1): both have exactly prime_bits bits, both are 3 mod 4, p != q, and
 * both are safe primes.  Variable-time in p and q, which are SECRET: run it
 * where generation runs (see TIMING).  Checking that the Paillier and
 * ring-Pedersen primes are pairwise distinct (C8) is the caller's job.
 *
 * Returns: 0 if p, q pass; DUET_ERR_INVALID_ARGUMENT if a check failed (the
 *          caller passed unusable key material) or prime_bits is outside
 *          [DUET_PRIME_MIN_BITS, DUET_PRIME_MAX_BITS].
 * Out:     check: the check that failed, or DUET_PRIME_CHECK_OK (may be
 *          NULL).
 */
int duet_prime_check_own_var(const mpz_t p, const mpz_t q,
    unsigned prime_bits, enum duet_prime_check *check);

#ifdef DUET_TEST_HOOKS
/*
 * TEST ONLY.  Run the generator's sieve with the first nprimes table primes
 * over count candidates start, start + 2, ..., start + 2(count - 1), across
 * segment boundaries exactly as the generator does.  survive[i] becomes 1
 * if candidate i passed the sieve, else 0.  start must be odd and larger
 * than the largest prime used.
 *
 * Returns: 0, DUET_ERR_INVALID_ARGUMENT or DUET_ERR_NO_MEMORY.
 */
int duet_prime_test_sieve(uint8_t *survive, size_t count, const mpz_t start,
    size_t nprimes);
#endif

#endif /* DUET_BN_PRIME_H */
