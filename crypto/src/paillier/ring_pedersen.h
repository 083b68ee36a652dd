/*
 * ring_pedersen.h -- ring-Pedersen parameters (N^, s, t) and commitments
 * s^x t^y mod N^ (spec sections 0.2, 2.1, 2.5, 3.9).
 *
 * The owner builds the parameters from two safe primes p^, q^:
 * N^ = p^ q^, t = r^2 for r <- Z*_N^, lambda <- [0, phi^/4), s = t^lambda,
 * and keeps lambda and phi^ secret (Pi^prm proves s in <t>).  A verifier
 * checks a peer's (N^, s, t) with duet_rp_params_set_var before anything
 * is committed under them (correction C8), then verifies Pi^prm (zk/).
 *
 * Commitments:
 * - duet_rp_commit_sec, for SECRET signed exponents: two
 *   duet_bn_powm_sec_signed calls, s^x and t^y, each constant-time in its
 *   exponent, then a constant-time product.  The provers (the S, T, E, F,
 *   P, Q, A, B of Pi^enc-elg, Pi^aff-g and Pi^fac) do not call it
 *   directly: they commit through the constant-time fixed-base comb
 *   tables of rp_table.h (duet_rp_commit_sec_cached, or _if_cached for
 *   Pi^fac), which fall back to it when no table applies.
 * - duet_rp_commit_var, for PUBLIC exponents: one simultaneous (Straus)
 *   exponentiation, duet_bn_powm2_var, using the precomputed s^-1, t^-1
 *   for negative exponents.  The verifiers' s^z1 t^w1 go through the
 *   tables too where they pay (duet_rp_commit_var_cached for Pi^enc-elg
 *   and Pi^aff-g; Pi^fac uses a table only if one is cached), and through
 *   this function otherwise.
 */

#ifndef DUET_PAILLIER_RING_PEDERSEN_H
#define DUET_PAILLIER_RING_PEDERSEN_H

#include <gmp.h>

#include "duet.h"
#include "bn/level.h"
#include "paillier/paillier.h"

/*
 * Why a peer's (N^, s, t) was refused (spec 6.2, 6.7); the function
 * returns DUET_ERR_PROTOCOL, and the reason says which check failed.  The
 * last three are the own-key checks of duet_aux_check_own_keys (C8),
 * which returns DUET_ERR_INVALID_ARGUMENT with them.
 */
enum duet_rp_reject {
    DUET_RP_OK = 0,
    DUET_RP_N_EVEN,
    DUET_RP_N_TOO_SHORT,            /* C7 / Alpha-Rays */
    DUET_RP_N_TOO_LONG,             /* C7 (DoS) */
    DUET_RP_N_SMALL_FACTOR,         /* a prime factor below 2^16 */
    DUET_RP_S_NOT_UNIT,             /* s = 0, s >= N^, gcd(s, N^) != 1 */
    DUET_RP_T_NOT_UNIT,
    DUET_RP_S_TRIVIAL,              /* s = 1 or s = N^ - 1 */
    DUET_RP_T_TRIVIAL,              /* t = 1 or t = N^ - 1 */
    DUET_RP_S_EQUALS_T,
    DUET_RP_LEVEL_MISMATCH,         /* C8: Paillier and r-P levels differ */
    DUET_RP_N_EQUALS_PAILLIER_N,    /* C8: N^ = N */
    DUET_RP_SHARED_PRIME            /* C8: {p, q} and {p^, q^} intersect */
};

/* Public parameters; everything here is public. */
struct duet_rp_params {
    mpz_t n;                    /* N^ */
    mpz_t s, t;
    mpz_t s_inv, t_inv;         /* s^-1, t^-1 mod N^, for signed exponents */
    unsigned n_bits;
    const struct duet_level *level;
};

/*
 * The owner's parameters with the trapdoor.  Everything but pub is SECRET:
 * lambda, phi^ and the primes (kept for CRT in the Pi^prm prover).  Never
 * copy it by value.
 */
struct duet_rp_secret {
    struct duet_rp_params pub;
    mpz_t lambda;               /* s = t^lambda, 0 <= lambda < phi^/4 */
    mpz_t phi;                  /* (p^ - 1)(q^ - 1) */
    mpz_t p, q;
};


/* Initialise empty parameters. */
void duet_rp_params_init(struct duet_rp_params *rp);

/* Release parameters; rp may be re-initialised afterwards. */
void duet_rp_params_clear(struct duet_rp_params *rp);

/*
 * Set rp to a PEER's (N^, s, t) after the checks of spec 6.2/6.7, in this
 * order: N^ in the level's window (C7), N^ odd, no prime factor of N^
 * below 2^16, s in Z*_N^, t in Z*_N^, s not in {1, N^-1}, t not in
 * {1, N^-1}, s != t.  Precomputes s^-1 and t^-1.  Variable time: all
 * public.
 *
 * Returns: 0, DUET_ERR_PROTOCOL if refused (*why names the check; rp is
 *          left empty), DUET_ERR_INVALID_ARGUMENT if level is NULL.
 * Out:     why: DUET_RP_OK or the reason (may be NULL).
 */
int duet_rp_params_set_var(struct duet_rp_params *rp, const mpz_t n,
    const mpz_t s, const mpz_t t, const struct duet_level *level,
    enum duet_rp_reject *why);

/* Initialise an empty secret. */
void duet_rp_secret_init(struct duet_rp_secret *sec);

/* Wipe and release a secret (limbs through the GMP hook, then the struct). */
void duet_rp_secret_clear(struct duet_rp_secret *sec);

/*
 * Build parameters from two safe primes (spec 2.1): the primes pass
 * duet_paillier_check_primes, then r <- Z*_N^, t = r^2, lambda <-
 * [0, phi^/4), s = t^lambda (constant-time in r and lambda).  Draws again
 * in the negligible case that the result fails duet_rp_params_set_var.
 *
 * Returns: 0, DUET_ERR_INVALID_ARGUMENT if the primes are refused (*why
 *          says why; sec is left empty), DUET_ERR_RANDOM,
 *          DUET_ERR_NO_MEMORY.
 * Out:     why: DUET_PAILLIER_OK or the reason (may be NULL).
 */
int duet_rp_secret_from_primes(struct duet_rp_secret *sec, const mpz_t p,
    const mpz_t q, const struct duet_level *level,
    enum duet_paillier_reject *why);

/*
 * out = s^x t^y mod N^ for SECRET signed x, y with |x| < 2^xbits and
 * |y| < 2^ybits (the bounds are public; see the level's rp_x_max_bits and
 * rp_y_max_bits).  Time depends on xbits, ybits and N^ only.
 *
 * Returns: 0, DUET_ERR_INVALID_ARGUMENT if |x| or |y| is over its bound or
 *          rp is empty, DUET_ERR_NO_MEMORY.
 */
int duet_rp_commit_sec(const struct duet_rp_params *rp, mpz_t out,
    const mpz_t x, unsigned xbits, const mpz_t y, unsigned ybits);

/*
 * out = s^x t^y mod N^ for PUBLIC signed x, y (the verifier's side).
 * Returns: 0, DUET_ERR_INVALID_ARGUMENT if rp is empty,
 *          DUET_ERR_NO_MEMORY.
 */
int duet_rp_commit_var(const struct duet_rp_params *rp, mpz_t out,
    const mpz_t x, const mpz_t y);

/*
 * Check a party's OWN aux-info key material before it is published
 * (correction C8, spec 2.1 and 2.7), in this order: both keys at the same
 * level (same id and prime size), N != N^, and {p, q} and {p^, q^}
 * disjoint.  Both moduli are published, so a shared prime lets anyone
 * factor both by gcd(N, N^): Paillier secrecy and the binding of
 * ring-Pedersen commitments are lost.  N = N^ is the extreme case, where
 * the Paillier key and the ring-Pedersen trapdoor are one.
 *
 * The prime test is gcd(N, N^) != 1 on the PUBLIC moduli, not a
 * comparison of the primes: both keys come from the _from_primes
 * constructors (duet_paillier_sk_from_primes and
 * duet_rp_secret_from_primes), which build N = p q and N^ = p^ q^ from
 * checked primes, so the moduli share a factor exactly when the prime
 * sets intersect.  mpz_gcd and mpz_cmp run in variable time, but on
 * public inputs only, and reveal nothing beyond the verdict (itself
 * public: a refused key is never published).  The secret primes are not
 * read.
 *
 * Returns: 0 if the keys may be used together, DUET_ERR_INVALID_ARGUMENT
 *          if refused (*why names the check) or if either key is NULL or
 *          empty (*why is DUET_RP_OK).
 * Out:     why: DUET_RP_OK or the reason (may be NULL).
 */
int duet_aux_check_own_keys(const struct duet_paillier_sk *paillier,
    const struct duet_rp_secret *rp, enum duet_rp_reject *why);

#endif /* DUET_PAILLIER_RING_PEDERSEN_H */
