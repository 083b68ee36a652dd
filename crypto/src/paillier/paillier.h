/*
 * paillier.h -- Paillier encryption over a Paillier-Blum modulus N = p q
 * (spec sections 0.2 and 3.9): keys built from two given safe primes,
 * encryption with signed plaintexts, CRT encryption and decryption with
 * the factorisation, and the homomorphic operations.
 *
 *   enc(m; r) = (1 + m N) r^N mod N^2,   m in (-N/2, N/2],  r in Z*_N
 *   C1 (+) C2 = C1 C2 mod N^2,           k (.) C = C^k mod N^2
 *
 * Plaintexts are signed: m < 0 is encrypted as N + m, and decryption maps
 * M > N/2 to M - N.  (N is odd, so (-N/2, N/2] is [-(N-1)/2, (N-1)/2].)
 *
 * Every ciphertext argument must lie in Z*_{N^2}: 0 < C < N^2 and
 * gcd(C, N) = 1.  Anything else (zero, >= N^2, negative, a multiple of p
 * or q) is refused with DUET_PAILLIER_ERR_NOT_UNIT before any arithmetic:
 * ciphertexts come from peers, and a non-unit one is an attack (spec
 * sections 3.7 and 6.7).
 *
 * Constant time: the plaintext, r and the key's p, q and CRT data are
 * handled only through the bn _sec functions (mpn_sec_* underneath), so no
 * branch or memory index depends on their values.  Under valgrind with
 * those inputs marked undefined (the ctime-t method), encryption is clean;
 * CRT encryption and decryption are clean except inside GMP, which indexes
 * its limb-inversion tables by a few top and bottom bits of the secret
 * moduli p, q, p^2, q^2 (see bn.h).  The homomorphic operations come in a
 * _sec form for a secret scalar and a _var form for public data.
 *
 * CRT for r^N (encryption, and a verifier's check under its own key).
 * Z*_{p^2} is the product of the subgroup of order p - 1 and the subgroup
 * 1 + pZ of order p.  p divides N, so r^N has no component in the second,
 * and the first is determined by residues mod p: r^N mod p^2 depends only
 * on r mod p, and equals T(b) for b = (r mod p)^(N mod (p-1)) mod p, with
 * T(b) = b^p mod p^2 the lift of b into the subgroup of order p - 1 (b^p
 * = b mod p, and (b^p)^(p-1) = 1 mod p^2).  Two exponents of |p| bits, one
 * mod p and one mod p^2, instead of one of 2|p| bits mod p^2: 37% less at
 * level 128, about half at level 112 (r^N by CRT: 17 ms against 27 ms,
 * 4.1 against 8.7 ms).  The same holds for q.
 *
 * Hazard (inherent in mpz_t): the limb count and sign of a secret held in
 * an mpz_t are public; only values are protected.  A decrypted plaintext's
 * sign is therefore visible.
 *
 * duet_init() must have run (GMP frees then wipe the limbs of p, q and the
 * CRT data).
 */

#ifndef DUET_PAILLIER_H
#define DUET_PAILLIER_H

#include <gmp.h>

#include "duet.h"
#include "bn/level.h"

/*
 * A ciphertext outside Z*_{N^2} (or randomness outside Z*_N).  Callers that
 * received the value from a peer report it as that peer's fault.
 */
#define DUET_PAILLIER_ERR_NOT_UNIT  DUET_ERR_INVALID_ARGUMENT

/*
 * Why a modulus or a pair of primes was refused (the "why" out-parameter
 * of the checks below); the function itself returns DUET_ERR_PROTOCOL for
 * a peer's modulus and DUET_ERR_INVALID_ARGUMENT for own primes.
 */
enum duet_paillier_reject {
    DUET_PAILLIER_OK = 0,
    DUET_PAILLIER_N_EVEN,           /* N even (spec 6.1 A3) */
    DUET_PAILLIER_N_TOO_SHORT,      /* below the level's window (A2, C7) */
    DUET_PAILLIER_N_TOO_LONG,       /* above the level's window (C7) */
    DUET_PAILLIER_N_SMALL_FACTOR,   /* a prime factor below 2^16 (A1) */
    DUET_PAILLIER_P_EQUALS_Q,       /* N = p^2 (A3) */
    DUET_PAILLIER_PRIME_SIZE,       /* p or q not exactly prime_bits */
    DUET_PAILLIER_NOT_BLUM,         /* p or q != 3 mod 4 (A3) */
    DUET_PAILLIER_NOT_PRIME,        /* p or q composite */
    DUET_PAILLIER_NOT_SAFE_PRIME,   /* (p-1)/2 or (q-1)/2 composite */
    DUET_PAILLIER_N_MISMATCH        /* p q is not the expected N */
};

/* Public key: everything here is public. */
struct duet_paillier_pk {
    mpz_t n;
    mpz_t nn;                   /* N^2 */
    mpz_t half;                 /* (N - 1) / 2: the plaintext bound */
    unsigned n_bits;            /* bit length of N */
    const struct duet_level *level;
};

/*
 * Secret key: the public key and the factorisation with the CRT data.
 * Everything but pk is SECRET.  Never copy it by value.
 */
struct duet_paillier_sk {
    struct duet_paillier_pk pk;
    mpz_t p, q;
    mpz_t pp, qq;               /* p^2, q^2 */
    mpz_t p_minus_1, q_minus_1; /* decryption exponents mod p^2, q^2 */
    mpz_t hp, hq;               /* L_p((1+N)^(p-1) mod p^2)^-1 mod p, ... */
    mpz_t q_inv_p, neg_q_inv_p; /* +-q^-1 mod p: CRT mod N */
    mpz_t qq_inv_pp, neg_qq_inv_pp; /* +-q^-2 mod p^2: CRT mod N^2 */
    mpz_t n_pm1, n_qm1;         /* N mod (p-1), N mod (q-1): for r^N */
    unsigned prime_bits;        /* exact bit length of p and q */
};


/* Initialise an empty public key (all zero; no level). */
void duet_paillier_pk_init(struct duet_paillier_pk *pk);

/* Release a public key; pk may be re-initialised afterwards. */
void duet_paillier_pk_clear(struct duet_paillier_pk *pk);

/*
 * Set pk to a PEER's modulus after the checks a receiver can make without
 * proofs: bit length in the level's window, odd, no prime factor below
 * 2^16 (about 0.5 ms).  Pi^mod and Pi^fac establish the rest (zk/).
 * Variable time: N is public.
 *
 * Returns: 0, DUET_ERR_PROTOCOL if N is refused (*why says why),
 *          DUET_ERR_INVALID_ARGUMENT if level is NULL.
 * Out:     why: DUET_PAILLIER_OK or the reason (may be NULL).
 */
int duet_paillier_pk_set_var(struct duet_paillier_pk *pk, const mpz_t n,
    const struct duet_level *level, enum duet_paillier_reject *why);

/* Initialise an empty secret key. */
void duet_paillier_sk_init(struct duet_paillier_sk *sk);

/*
 * Wipe and release a secret key: GMP's free hook wipes every limb and the
 * struct itself is zeroed.  sk may be re-initialised afterwards.
 */
void duet_paillier_sk_clear(struct duet_paillier_sk *sk);

/*
 * Build a key from two safe primes (from the prime pool): N = p q.  Checks,
 * in order: p != q; both exactly level->prime_bits bits; p = q = 3 mod 4
 * (Blum); N's size in the window; p, q and (p-1)/2, (q-1)/2 probable
 * primes (BPSW: four tests, tens of ms at level 128).  The primality
 * tests branch on the secret primes; they run once per key, on the
 * generator's output.
 *
 * Returns: 0, DUET_ERR_INVALID_ARGUMENT if refused (*why says why, sk is
 *          left empty), DUET_ERR_NO_MEMORY.
 * Out:     why: DUET_PAILLIER_OK or the reason (may be NULL).
 */
int duet_paillier_sk_from_primes(struct duet_paillier_sk *sk, const mpz_t p,
    const mpz_t q, const struct duet_level *level,
    enum duet_paillier_reject *why);

/*
 * Rebuild a key from primes that passed duet_paillier_check_primes before:
 * our OWN primes, read back from a blob we produced (aux info, a session
 * state) that the caller keeps sealed against tampering.  Every check of
 * duet_paillier_sk_from_primes runs except the primality tests (the tens
 * of ms of BPSW): p != q, both exactly level->prime_bits bits, p = q = 3
 * mod 4, N = p q in the level's window, and N equal to n if n is given.
 * Do NOT use it for primes of unknown origin: a composite "prime" would
 * give a key whose decryption is wrong and whose Pi^mod / Pi^fac proofs
 * fail only at the peers.
 *
 * Returns: 0, DUET_ERR_INVALID_ARGUMENT if refused (*why says why,
 *          DUET_PAILLIER_N_MISMATCH if p q != n; sk is left empty),
 *          DUET_ERR_NO_MEMORY.
 * In:      n: the modulus the primes must give (the published N), or
 *             NULL.
 * Out:     why: DUET_PAILLIER_OK or the reason (may be NULL).
 */
int duet_paillier_sk_from_checked_primes(struct duet_paillier_sk *sk,
    const mpz_t p, const mpz_t q, const mpz_t n,
    const struct duet_level *level, enum duet_paillier_reject *why);

/*
 * dst = src, every field (both initialised; dst's old value is released
 * through the wiping GMP hooks).  A key held twice, e.g. by a session that
 * outlives the aux info it was started from, costs a copy instead of a
 * rebuild.  dst and src must not be the same key.
 *
 * Returns: 0, DUET_ERR_INVALID_ARGUMENT if src is empty (no level or N =
 *          0; dst is then left empty).
 */
int duet_paillier_sk_copy(struct duet_paillier_sk *dst,
    const struct duet_paillier_sk *src);

/*
 * The checks of duet_paillier_sk_from_primes on a pair of primes, for
 * every modulus built from secret primes (ring-Pedersen too).
 * Returns: 0, or DUET_ERR_INVALID_ARGUMENT with *why set.
 */
int duet_paillier_check_primes(const mpz_t p, const mpz_t q,
    const struct duet_level *level, enum duet_paillier_reject *why);

/*
 * The checks of duet_paillier_pk_set_var on a peer's modulus (also used
 * for ring-Pedersen moduli).
 * Returns: 0, or DUET_ERR_PROTOCOL with *why set.
 */
int duet_paillier_check_modulus_var(const mpz_t n,
    const struct duet_level *level, enum duet_paillier_reject *why);

/*
 * Returns: 0 if c is in Z*_{N^2} (0 < c < N^2, gcd(c, N) = 1), else
 *          DUET_PAILLIER_ERR_NOT_UNIT.  Public data.
 */
int duet_paillier_ct_check_var(const struct duet_paillier_pk *pk,
    const mpz_t c);

/*
 * Returns: 1 if the SECRET r is in Z*_N (0 < r < N, r mod p != 0, r mod q
 *          != 0), else 0 (also for an empty key): two constant-time
 *          reductions with the factorisation, where duet_bn_is_unit_sec
 *          needs an inversion mod N (about 3 ms at level 128).  Only the
 *          verdict becomes public.
 */
int duet_paillier_is_unit_sec(const struct duet_paillier_sk *sk,
    const mpz_t r);

/*
 * r uniform in Z*_N for the own key: duet_bn_random_unit's distribution
 * (uniform candidates below N, the non-units rejected), with the unit
 * test of duet_paillier_is_unit_sec instead of an inversion mod N.  Only
 * the number of rejected candidates is public.
 *
 * Returns: 0, DUET_ERR_INVALID_ARGUMENT if sk is empty, DUET_ERR_RANDOM,
 *          DUET_ERR_NO_MEMORY; r is 0 on failure.
 */
int duet_paillier_random_unit(const struct duet_paillier_sk *sk, mpz_t r);

/*
 * c = enc(m; r) = (1 + m N) r^N mod N^2 with the given r (a SECRET
 * witness), without the factorisation.
 *
 * Returns: 0, DUET_ERR_INVALID_ARGUMENT if m is outside (-N/2, N/2] or r
 *          is not in Z*_N, DUET_ERR_NO_MEMORY.
 */
int duet_paillier_enc(const struct duet_paillier_pk *pk, mpz_t c,
    const mpz_t m, const mpz_t r);

/*
 * As duet_paillier_enc with r drawn uniformly from Z*_N and returned (the
 * proofs need it).  r may be NULL if the caller does not want it.
 * Returns: as duet_paillier_enc, or DUET_ERR_RANDOM.
 */
int duet_paillier_enc_rand(const struct duet_paillier_pk *pk, mpz_t c,
    mpz_t r, const mpz_t m);

/*
 * out = r^N mod N^2 for r >= 0 by CRT with the key (see above), in time
 * that depends only on the sizes of r and the key: r may be a SECRET
 * witness (encryption) or a public value (a verifier's check of
 * enc(m; w) under its own key, where the result is public too).
 *
 * Returns: 0, DUET_ERR_INVALID_ARGUMENT if r < 0 or sk is empty,
 *          DUET_ERR_NO_MEMORY.
 */
int duet_paillier_pow_n_crt(const struct duet_paillier_sk *sk, mpz_t out,
    const mpz_t r);

/*
 * CRT encryption with the own secret key: r^N mod N^2 by
 * duet_paillier_pow_n_crt, then the plaintext factor; r is checked to be
 * a unit by its residues mod p and q (duet_paillier_is_unit_sec).  About
 * 3x faster than duet_paillier_enc (17 ms against 48 ms at level 128);
 * the same result for the same r.
 * Returns: as duet_paillier_enc.
 */
int duet_paillier_enc_crt(const struct duet_paillier_sk *sk, mpz_t c,
    const mpz_t m, const mpz_t r);

/* As duet_paillier_enc_crt with a fresh r (returned unless NULL). */
int duet_paillier_enc_crt_rand(const struct duet_paillier_sk *sk, mpz_t c,
    mpz_t r, const mpz_t m);

/*
 * m = dec(c), signed in (-N/2, N/2]: m_p = L_p(c^(p-1) mod p^2) h_p mod p,
 * likewise mod q, CRT.
 * Returns: 0, DUET_PAILLIER_ERR_NOT_UNIT if c is not in Z*_{N^2},
 *          DUET_ERR_NO_MEMORY.  m is 0 on failure.
 */
int duet_paillier_dec(const struct duet_paillier_sk *sk, mpz_t m,
    const mpz_t c);

/*
 * out = c1 (+) c2 = c1 c2 mod N^2: dec(out) = dec(c1) + dec(c2) (mod N).
 * Public ciphertexts.  out may alias c1 or c2.
 * Returns: 0, DUET_PAILLIER_ERR_NOT_UNIT if c1 or c2 is not in Z*_{N^2}.
 */
int duet_paillier_add_var(const struct duet_paillier_pk *pk, mpz_t out,
    const mpz_t c1, const mpz_t c2);

/*
 * out = k (.) c = c^k mod N^2 for a PUBLIC k of any sign (k < 0 inverts c
 * first): dec(out) = k dec(c) (mod N).  out may alias c.
 * Returns: 0, DUET_PAILLIER_ERR_NOT_UNIT.
 */
int duet_paillier_mul_var(const struct duet_paillier_pk *pk, mpz_t out,
    const mpz_t c, const mpz_t k);

/*
 * out = k (.) c for a SECRET k with |k| < 2^kbits (kbits public), through
 * duet_bn_powm_sec_signed: the time depends on kbits, not on k or its
 * sign.  c is public.  out may alias c.
 * Returns: 0, DUET_PAILLIER_ERR_NOT_UNIT, DUET_ERR_INVALID_ARGUMENT if
 *          |k| >= 2^kbits, DUET_ERR_NO_MEMORY.
 */
int duet_paillier_mul_sec(const struct duet_paillier_pk *pk, mpz_t out,
    const mpz_t c, const mpz_t k, unsigned kbits);

#endif /* DUET_PAILLIER_H */
