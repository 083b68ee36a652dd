/*
 * paillier-t.c -- tests for crypto/src/paillier: Paillier keys from safe
 * primes and their refusals (spec 6.1), the rebuild from primes checked
 * before (same key; every refusal but primality, and N != p q), key copy,
 * encryption and decryption with signed plaintexts and their boundaries,
 * CRT against plain encryption, r^N by CRT against mpz_powm, the unit
 * check and sampler by residues, the homomorphic operations, refusal of ciphertexts
 * outside Z*_{N^2}; ring-Pedersen parameters, the verifier's checks (spec
 * 6.2) and the commitments against direct computation.
 *
 * Most cases run on a toy level (256-bit safe primes drawn here from the
 * seeded stream, so a run replays from its seed).  One full-size check per
 * level runs on the pregenerated primes in
 * $top_srcdir/tests/vectors/safe-primes-{1024,1536}.txt, and is skipped if
 * those files are missing.
 */

#include "config.h"

#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gmp.h>

#include "basic.h"
#include "duet.h"
#include "duet_util.h"
#include "bn/bn.h"
#include "bn/level.h"
#include "paillier/paillier.h"
#include "paillier/ring_pedersen.h"
#include "util/mem.h"
#include "util/rand.h"

#define TOY_PRIME_BITS  256

static unsigned long illegal_count;

/* A level with toy sizes: the parameter object makes this possible. */
static struct duet_level toy;

/* Toy primes: two for Paillier, two for ring-Pedersen. */
static mpz_t tp, tq, tph, tqh;


static void
counting_illegal(const char *message, void *data)
{
    (void) message;
    (*(unsigned long *) data)++;
}


static uint32_t
rand_u32(void)
{
    uint8_t b[4];

    if (duet_random_bytes(b, sizeof(b)) != 0) {
        bail("duet_random_bytes failed");
    }
    return (uint32_t) b[0] << 24 | (uint32_t) b[1] << 16
        | (uint32_t) b[2] << 8 | b[3];
}


static void
rand_bits(mpz_t x, unsigned bits)
{
    if (duet_bn_random_bits(x, bits) != 0) {
        bail("duet_bn_random_bits failed");
    }
}


/* A random integer of exactly bits bits. */
static void
rand_exact(mpz_t x, unsigned bits)
{
    rand_bits(x, bits);
    mpz_setbit(x, bits - 1);
}


/*
 * A safe prime p = 2h + 1 of exactly bits bits, from the seeded stream:
 * sieve h against the small odd primes (h mod r must be neither 0 nor
 * (r - 1)/2), then BPSW on h and p.
 */
static void
gen_safe_prime(mpz_t p, unsigned bits)
{
    static const unsigned small[] = {
        3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67,
        71, 73, 79, 83, 89, 97, 101, 103, 107, 109, 113, 127, 131, 137, 139,
        149, 151, 157, 163, 167, 173, 179, 181, 191, 193, 197, 199, 211, 223,
        227, 229, 233, 239, 241, 251, 257, 263, 269, 271, 277, 281, 283, 293
    };
    mpz_t h;
    size_t i;
    unsigned long rem;
    int good;

    mpz_init(h);
    for (;;) {
        rand_exact(h, bits - 1);
        mpz_setbit(h, 0);
        for (good = 1, i = 0; i < sizeof(small) / sizeof(small[0]); i++) {
            rem = mpz_fdiv_ui(h, small[i]);
            if (rem == 0 || rem == (small[i] - 1) / 2) {
                good = 0;
                break;
            }
        }
        if (!good || !mpz_probab_prime_p(h, 1)) {
            continue;
        }
        mpz_mul_2exp(p, h, 1);
        mpz_add_ui(p, p, 1);
        if (mpz_probab_prime_p(p, 1)) {
            break;
        }
    }
    mpz_clear(h);
}


/* A prime of exactly bits bits with p = want mod 4 (want 1 or 3). */
static void
gen_prime_mod4(mpz_t p, unsigned bits, unsigned want)
{
    do {
        rand_exact(p, bits);
        mpz_setbit(p, bits - 2);
        mpz_setbit(p, 0);
        if (want == 1) {
            mpz_clrbit(p, 1);
        } else {
            mpz_setbit(p, 1);
        }
        while (!mpz_probab_prime_p(p, 1)) {
            mpz_add_ui(p, p, 4);
        }
    } while (mpz_sizeinbase(p, 2) != bits);
}


/* Read up to max primes (hex, one a line, '#' comments) from a file. */
static size_t
read_primes(const char *path, mpz_t *out, size_t max)
{
    FILE *f;
    char line[1024];
    size_t n = 0, len;

    if ((f = fopen(path, "r")) == NULL) {
        return 0;
    }
    while (n < max && fgets(line, sizeof(line), f) != NULL) {
        len = strcspn(line, "#\r\n \t");
        line[len] = '\0';
        if (len == 0) {
            continue;
        }
        if (mpz_set_str(out[n], line, 16) != 0) {
            diag("%s: not a hex number: %.40s", path, line);
            continue;
        }
        n++;
    }
    fclose(f);

    return n;
}


static void
setup_toy(void)
{
    toy = *duet_level_get(DUET_LEVEL_112);
    toy.id = 0;
    toy.prime_bits = TOY_PRIME_BITS;
    toy.modulus_bits = 2 * TOY_PRIME_BITS;
    toy.modulus_min_bits = 2 * TOY_PRIME_BITS - 1;
    toy.modulus_max_bits = 2 * TOY_PRIME_BITS;
    mpz_inits(tp, tq, tph, tqh, NULL);
    gen_safe_prime(tp, TOY_PRIME_BITS);
    do {
        gen_safe_prime(tq, TOY_PRIME_BITS);
    } while (mpz_cmp(tp, tq) == 0);
    gen_safe_prime(tph, TOY_PRIME_BITS);
    gen_safe_prime(tqh, TOY_PRIME_BITS);
}


/* Reference encryption straight from the formula, with mpz_powm. */
static void
enc_reference(mpz_t c, const struct duet_paillier_pk *pk, const mpz_t m,
    const mpz_t r)
{
    mpz_t g;

    mpz_init(g);
    mpz_mod(g, m, pk->n);
    mpz_mul(g, g, pk->n);
    mpz_add_ui(g, g, 1);
    mpz_powm(c, r, pk->n, pk->nn);
    mpz_mul(c, c, g);
    mpz_mod(c, c, pk->nn);
    mpz_clear(g);
}


static void
test_key_refusals(void)
{
    struct duet_paillier_sk sk;
    enum duet_paillier_reject why;
    mpz_t a, b;

    duet_paillier_sk_init(&sk);
    mpz_inits(a, b, NULL);

    why = DUET_PAILLIER_N_EVEN;
    is_int(0, duet_paillier_sk_from_primes(&sk, tp, tq, &toy, &why),
        "key from two toy safe primes");
    is_int(DUET_PAILLIER_OK, why, "... why is OK");
    mpz_mul(a, tp, tq);
    ok(mpz_cmp(a, sk.pk.n) == 0, "... N = p q");

    /* Spec 6.1 A3: N = p^2. */
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_paillier_sk_from_primes(&sk, tp, tp, &toy, &why),
        "6.1 p = q refused");
    is_int(DUET_PAILLIER_P_EQUALS_Q, why, "... as P_EQUALS_Q");
    is_int(0, mpz_sgn(sk.pk.n), "... and the key is left empty");

    /* Spec 6.1 A3: p = 1 mod 4 (not Blum). */
    gen_prime_mod4(a, TOY_PRIME_BITS, 1);
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_paillier_sk_from_primes(&sk, a, tq, &toy, &why),
        "6.1 N not Blum (p = 1 mod 4) refused");
    is_int(DUET_PAILLIER_NOT_BLUM, why, "... as NOT_BLUM");
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_paillier_sk_from_primes(&sk, tp, a, &toy, &why),
        "6.1 N not Blum (q = 1 mod 4) refused");
    is_int(DUET_PAILLIER_NOT_BLUM, why, "... as NOT_BLUM");

    /* Spec 6.1 A1: a "prime" with a small factor (3 | p, p = 3 mod 4). */
    rand_exact(a, TOY_PRIME_BITS);
    mpz_setbit(a, TOY_PRIME_BITS - 2);
    mpz_sub_ui(a, a, mpz_fdiv_ui(a, 12));
    mpz_add_ui(a, a, 3);
    ok(mpz_divisible_ui_p(a, 3) && mpz_fdiv_ui(a, 4) == 3
        && mpz_sizeinbase(a, 2) == TOY_PRIME_BITS,
        "(a 3 mod 4 multiple of 3 of the right size)");
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_paillier_sk_from_primes(&sk, a, tq, &toy, &why),
        "6.1 small factor (p = 3 k) refused");
    is_int(DUET_PAILLIER_NOT_PRIME, why, "... as NOT_PRIME");

    /* A Blum prime that is not a safe prime. */
    do {
        gen_prime_mod4(a, TOY_PRIME_BITS, 3);
        mpz_fdiv_q_2exp(b, a, 1);
    } while (mpz_probab_prime_p(b, 1));
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_paillier_sk_from_primes(&sk, tp, a, &toy, &why),
        "Blum prime that is not safe refused");
    is_int(DUET_PAILLIER_NOT_SAFE_PRIME, why, "... as NOT_SAFE_PRIME");

    /* Spec 6.1 A2: primes too short for the level. */
    gen_safe_prime(a, TOY_PRIME_BITS - 8);
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_paillier_sk_from_primes(&sk, a, tq, &toy, &why),
        "6.1 N too short (a prime 8 bits short) refused");
    is_int(DUET_PAILLIER_PRIME_SIZE, why, "... as PRIME_SIZE");
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_paillier_sk_from_primes(&sk, tp, tq,
            duet_level_get(DUET_LEVEL_128), &why),
        "6.1 N too short: toy primes at level 128 refused");
    is_int(DUET_PAILLIER_PRIME_SIZE, why, "... as PRIME_SIZE");
    mpz_mul_2exp(a, tp, 1);
    mpz_add_ui(a, a, 1);
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_paillier_sk_from_primes(&sk, a, tq, &toy, &why),
        "a prime 1 bit too long refused");
    is_int(DUET_PAILLIER_PRIME_SIZE, why, "... as PRIME_SIZE");
    mpz_neg(a, tp);
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_paillier_sk_from_primes(&sk, a, tq, &toy, &why),
        "a negative prime refused");
    is_int(DUET_PAILLIER_PRIME_SIZE, why, "... as PRIME_SIZE");

    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_paillier_sk_from_primes(&sk, tp, tq, NULL, &why),
        "no level refused");

    mpz_clears(a, b, NULL);
    duet_paillier_sk_clear(&sk);
}


static void
test_modulus_checks(void)
{
    static const unsigned long small16[] = {
        65063, 65071, 65089, 65099, 65101, 65111, 65119, 65123, 65129, 65141,
        65147, 65167, 65171, 65173, 65179, 65183
    };
    const struct duet_level *l128 = duet_level_get(DUET_LEVEL_128);
    const struct duet_level *l112 = duet_level_get(DUET_LEVEL_112);
    struct duet_paillier_pk pk;
    enum duet_paillier_reject why;
    mpz_t n, q;
    size_t i;

    duet_paillier_pk_init(&pk);
    mpz_inits(n, q, NULL);

    mpz_mul(n, tp, tq);
    is_int(0, duet_paillier_pk_set_var(&pk, n, &toy, &why),
        "peer modulus p q accepted");
    is_int(DUET_PAILLIER_OK, why, "... why is OK");
    is_int((long long) mpz_sizeinbase(n, 2), (long long) pk.n_bits,
        "... n_bits");

    /* Spec 6.1 A3: even N. */
    rand_exact(n, l128->modulus_max_bits);
    mpz_clrbit(n, 0);
    is_int(DUET_ERR_PROTOCOL, duet_paillier_pk_set_var(&pk, n, l128, &why),
        "6.1 even N refused");
    is_int(DUET_PAILLIER_N_EVEN, why, "... as N_EVEN");
    is_int(0, mpz_sgn(pk.n), "... and pk is left empty");

    /* Spec 6.1 A2: N of 2048 and of 3070 bits at level 128. */
    rand_exact(n, 2048);
    mpz_setbit(n, 0);
    is_int(DUET_ERR_PROTOCOL, duet_paillier_pk_set_var(&pk, n, l128, &why),
        "6.1 N too short (2048 bits at level 128) refused");
    is_int(DUET_PAILLIER_N_TOO_SHORT, why, "... as N_TOO_SHORT");
    rand_exact(n, 3070);
    mpz_setbit(n, 0);
    is_int(DUET_ERR_PROTOCOL, duet_paillier_pk_set_var(&pk, n, l128, &why),
        "6.1 N too short (3070 bits at level 128) refused");
    is_int(DUET_PAILLIER_N_TOO_SHORT, why, "... as N_TOO_SHORT");
    rand_exact(n, 2046);
    mpz_setbit(n, 0);
    is_int(DUET_ERR_PROTOCOL, duet_paillier_pk_set_var(&pk, n, l112, &why),
        "6.1 N too short (2046 bits at level 112) refused");
    is_int(DUET_PAILLIER_N_TOO_SHORT, why, "... as N_TOO_SHORT");
    mpz_set_ui(n, 0);
    is_int(DUET_ERR_PROTOCOL, duet_paillier_pk_set_var(&pk, n, l128, &why),
        "N = 0 refused");
    is_int(DUET_PAILLIER_N_TOO_SHORT, why, "... as N_TOO_SHORT");
    mpz_set_si(n, -3);
    is_int(DUET_ERR_PROTOCOL, duet_paillier_pk_set_var(&pk, n, l128, &why),
        "negative N refused");

    /* C7: N too long. */
    rand_exact(n, 3073);
    mpz_setbit(n, 0);
    is_int(DUET_ERR_PROTOCOL, duet_paillier_pk_set_var(&pk, n, l128, &why),
        "C7 N too long (3073 bits at level 128) refused");
    is_int(DUET_PAILLIER_N_TOO_LONG, why, "... as N_TOO_LONG");

    /* Spec 6.1 A1: BitForge, N = 16 primes near 2^16 times a large Q. */
    mpz_set_ui(n, 1);
    for (i = 0; i < sizeof(small16) / sizeof(small16[0]); i++) {
        mpz_mul_ui(n, n, small16[i]);
    }
    rand_exact(q, l128->modulus_max_bits - (unsigned) mpz_sizeinbase(n, 2));
    mpz_setbit(q, 0);
    mpz_mul(n, n, q);
    ok(mpz_sizeinbase(n, 2) >= l128->modulus_min_bits
        && mpz_sizeinbase(n, 2) <= l128->modulus_max_bits && mpz_odd_p(n),
        "(the BitForge N has an accepted size and is odd)");
    is_int(DUET_ERR_PROTOCOL, duet_paillier_pk_set_var(&pk, n, l128, &why),
        "6.1 small factors (BitForge N) refused");
    is_int(DUET_PAILLIER_N_SMALL_FACTOR, why, "... as N_SMALL_FACTOR");
    rand_exact(q, 2 * TOY_PRIME_BITS - 2);
    mpz_setbit(q, 0);
    mpz_mul_ui(n, q, 3);
    is_int(DUET_ERR_PROTOCOL, duet_paillier_pk_set_var(&pk, n, &toy, &why),
        "6.1 a factor 3 refused");
    is_int(DUET_PAILLIER_N_SMALL_FACTOR, why, "... as N_SMALL_FACTOR");

    mpz_mul(n, tp, tq);
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_paillier_pk_set_var(&pk, n, NULL, &why), "no level refused");

    mpz_clears(n, q, NULL);
    duet_paillier_pk_clear(&pk);
}


/*
 * The rebuild from primes checked before (duet_paillier_sk_from_checked_
 * primes): the same key as from_primes, and every refusal of from_primes
 * but the primality ones, plus N != p q.
 */
static void
test_checked_primes(const struct duet_paillier_sk *ref)
{
    struct duet_paillier_sk sk;
    enum duet_paillier_reject why;
    mpz_t a, n, m, m2, r, c, c2;

    duet_paillier_sk_init(&sk);
    mpz_inits(a, n, m, m2, r, c, c2, NULL);
    mpz_mul(n, tp, tq);

    why = DUET_PAILLIER_N_EVEN;
    is_int(0, duet_paillier_sk_from_checked_primes(&sk, tp, tq, n, &toy,
        &why), "checked primes: key from toy primes and N");
    is_int(DUET_PAILLIER_OK, why, "... why is OK");
    mpz_set_si(m, -4242);
    if (duet_bn_random_unit(r, n) != 0) {
        bail("random");
    }
    ok(mpz_cmp(sk.pk.n, ref->pk.n) == 0 && mpz_cmp(sk.pk.nn, ref->pk.nn) == 0
        && mpz_cmp(sk.pk.half, ref->pk.half) == 0
        && sk.pk.n_bits == ref->pk.n_bits && sk.pk.level == ref->pk.level
        && sk.prime_bits == ref->prime_bits
        && duet_paillier_enc_crt(&sk, c, m, r) == 0
        && duet_paillier_enc_crt(ref, c2, m, r) == 0 && mpz_cmp(c, c2) == 0
        && duet_paillier_dec(&sk, m2, c2) == 0 && mpz_cmp(m, m2) == 0,
        "... the key of sk_from_primes (N, CRT encryption, decryption)");
    is_int(0, duet_paillier_sk_from_checked_primes(&sk, tp, tq, NULL, &toy,
        &why), "... without N to compare with");

    /* N != p q: another modulus, and p q + 2. */
    mpz_mul(a, tph, tqh);
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_paillier_sk_from_checked_primes(&sk, tp, tq, a, &toy, &why),
        "checked primes: N of other primes refused");
    is_int(DUET_PAILLIER_N_MISMATCH, why, "... as N_MISMATCH");
    is_int(0, mpz_sgn(sk.pk.n), "... and the key is left empty");
    mpz_add_ui(a, n, 2);
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_paillier_sk_from_checked_primes(&sk, tp, tq, a, &toy, &why),
        "checked primes: N = p q + 2 refused");
    is_int(DUET_PAILLIER_N_MISMATCH, why, "... as N_MISMATCH");

    /* p = q. */
    mpz_mul(a, tp, tp);
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_paillier_sk_from_checked_primes(&sk, tp, tp, a, &toy, &why),
        "checked primes: p = q refused");
    is_int(DUET_PAILLIER_P_EQUALS_Q, why, "... as P_EQUALS_Q");

    /* Sizes: 8 bits short, 1 bit long, another level, negative. */
    gen_safe_prime(a, TOY_PRIME_BITS - 8);
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_paillier_sk_from_checked_primes(&sk, a, tq, NULL, &toy, &why),
        "checked primes: a prime 8 bits short refused");
    is_int(DUET_PAILLIER_PRIME_SIZE, why, "... as PRIME_SIZE");
    mpz_mul_2exp(a, tp, 1);
    mpz_add_ui(a, a, 1);
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_paillier_sk_from_checked_primes(&sk, tp, a, NULL, &toy, &why),
        "checked primes: a prime 1 bit too long refused");
    is_int(DUET_PAILLIER_PRIME_SIZE, why, "... as PRIME_SIZE");
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_paillier_sk_from_checked_primes(&sk, tp, tq, n,
            duet_level_get(DUET_LEVEL_128), &why),
        "checked primes: toy primes at level 128 refused");
    is_int(DUET_PAILLIER_PRIME_SIZE, why, "... as PRIME_SIZE");
    mpz_neg(a, tp);
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_paillier_sk_from_checked_primes(&sk, a, tq, NULL, &toy, &why),
        "checked primes: a negative prime refused");
    is_int(DUET_PAILLIER_PRIME_SIZE, why, "... as PRIME_SIZE");

    /* Not Blum: p = 1 mod 4, then q = 1 mod 4. */
    gen_prime_mod4(a, TOY_PRIME_BITS, 1);
    mpz_mul(n, a, tq);
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_paillier_sk_from_checked_primes(&sk, a, tq, n, &toy, &why),
        "checked primes: p = 1 mod 4 refused");
    is_int(DUET_PAILLIER_NOT_BLUM, why, "... as NOT_BLUM");
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_paillier_sk_from_checked_primes(&sk, tp, a, NULL, &toy, &why),
        "checked primes: q = 1 mod 4 refused");
    is_int(DUET_PAILLIER_NOT_BLUM, why, "... as NOT_BLUM");

    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_paillier_sk_from_checked_primes(&sk, tp, tq, NULL, NULL, &why),
        "checked primes: no level refused");

    mpz_clears(a, n, m, m2, r, c, c2, NULL);
    duet_paillier_sk_clear(&sk);
}


/* duet_paillier_sk_copy: the copy encrypts and decrypts as the original. */
static void
test_sk_copy(const struct duet_paillier_sk *sk)
{
    struct duet_paillier_sk cp, empty;
    mpz_t m, m2, r, c, c2;
    unsigned i;
    unsigned long bad = 0;

    duet_paillier_sk_init(&cp);
    duet_paillier_sk_init(&empty);
    mpz_inits(m, m2, r, c, c2, NULL);

    /* Over a key of other primes, so that every field must change. */
    if (duet_paillier_sk_from_primes(&cp, tph, tqh, &toy, NULL) != 0) {
        bail("second toy key");
    }
    is_int(0, duet_paillier_sk_copy(&cp, sk), "sk_copy");
    ok(mpz_cmp(cp.p, sk->p) == 0 && mpz_cmp(cp.q, sk->q) == 0
        && mpz_cmp(cp.pk.n, sk->pk.n) == 0 && cp.pk.level == sk->pk.level
        && cp.pk.n_bits == sk->pk.n_bits && cp.prime_bits == sk->prime_bits,
        "... p, q, N, level and sizes equal");
    for (i = 0; i < 20; i++) {
        if (duet_bn_random_pm(m, sk->pk.n) != 0
            || duet_bn_random_unit(r, sk->pk.n) != 0)
        {
            bail("random");
        }
        if (duet_paillier_enc_crt(&cp, c, m, r) != 0
            || duet_paillier_enc_crt(sk, c2, m, r) != 0
            || mpz_cmp(c, c2) != 0
            || duet_paillier_enc(&cp.pk, c2, m, r) != 0
            || mpz_cmp(c, c2) != 0)
        {
            bad++;
        }
        if (duet_paillier_dec(&cp, m2, c) != 0 || mpz_cmp(m, m2) != 0
            || duet_paillier_dec(sk, m2, c) != 0 || mpz_cmp(m, m2) != 0)
        {
            bad++;
        }
    }
    is_int(0, (long long) bad, "... the copy encrypts (plain and CRT) and "
        "decrypts as the original");

    is_int(DUET_ERR_INVALID_ARGUMENT, duet_paillier_sk_copy(&cp, &empty),
        "sk_copy of an empty key refused");
    is_int(0, mpz_sgn(cp.pk.n), "... and the destination is left empty");

    mpz_clears(m, m2, r, c, c2, NULL);
    duet_paillier_sk_clear(&empty);
    duet_paillier_sk_clear(&cp);
}


/* duet_paillier_pow_n_crt against mpz_powm, for units and non-units. */
static void
test_pow_n_crt(const struct duet_paillier_sk *sk)
{
    const struct duet_paillier_pk *pk = &sk->pk;
    mpz_t r, x, ref;
    unsigned i;
    unsigned long bad = 0;

    mpz_inits(r, x, ref, NULL);
    for (i = 0; i < 60; i++) {
        switch (i % 6) {
        case 0:
            mpz_set(r, sk->p);          /* r = 0 mod p */
            mpz_mul_ui(r, r, i + 1);
            break;
        case 1:
            mpz_set(r, sk->q);
            break;
        case 2:
            mpz_add_ui(r, pk->n, i);    /* r > N */
            break;
        case 3:
            mpz_set_ui(r, i);           /* small, 0 included */
            break;
        default:
            if (duet_bn_random_unit(r, pk->n) != 0) {
                bail("random");
            }
            break;
        }
        mpz_powm(ref, r, pk->n, pk->nn);
        if (duet_paillier_pow_n_crt(sk, x, r) != 0 || mpz_cmp(x, ref) != 0) {
            bad++;
        }
    }
    is_int(0, (long long) bad, "pow_n_crt = r^N mod N^2 (units, multiples "
        "of p or q, r > N, small r)");
    mpz_set_si(r, -5);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_paillier_pow_n_crt(sk, x, r),
        "pow_n_crt: r < 0 refused");
    mpz_clears(r, x, ref, NULL);
}


/* duet_paillier_is_unit_sec against the definition. */
static void
test_is_unit(const struct duet_paillier_sk *sk)
{
    const struct duet_paillier_pk *pk = &sk->pk;
    struct duet_paillier_sk empty;
    mpz_t r, g, prev;
    unsigned i;
    unsigned long bad = 0;
    int want;

    duet_paillier_sk_init(&empty);
    mpz_inits(r, g, prev, NULL);
    for (i = 0; i < 14; i++) {
        switch (i) {
        case 0: mpz_set_ui(r, 0); break;
        case 1: mpz_set_ui(r, 1); break;
        case 2: mpz_set(r, sk->p); break;
        case 3: mpz_mul_ui(r, sk->q, 3); break;
        case 4: mpz_sub_ui(r, pk->n, 1); break;
        case 5: mpz_set(r, pk->n); break;
        case 6: mpz_add_ui(r, pk->n, 1); break;
        case 7: mpz_set_si(r, -1); break;
        case 8: mpz_sub(r, pk->n, sk->q); break;
        default:
            if (duet_bn_random_below(r, pk->n) != 0) {
                bail("random");
            }
            break;
        }
        mpz_gcd(g, r, pk->n);
        want = mpz_sgn(r) > 0 && mpz_cmp(r, pk->n) < 0
            && mpz_cmp_ui(g, 1) == 0;
        bad += duet_paillier_is_unit_sec(sk, r) != want;
    }
    is_int(0, (long long) bad, "is_unit_sec: 0, 1, p, 3 q, N - 1, N, "
        "N + 1, -1, N - q and random values as gcd says");
    mpz_set_ui(r, 1);
    is_int(0, duet_paillier_is_unit_sec(&empty, r),
        "is_unit_sec: nothing is a unit under an empty key");

    /* The sampler: units below N, and not a constant. */
    bad = 0;
    mpz_set_ui(prev, 0);
    for (i = 0; i < 50; i++) {
        if (duet_paillier_random_unit(sk, r) != 0) {
            bad++;
            continue;
        }
        mpz_gcd(g, r, pk->n);
        bad += mpz_sgn(r) <= 0 || mpz_cmp(r, pk->n) >= 0
            || mpz_cmp_ui(g, 1) != 0 || mpz_cmp(r, prev) == 0;
        mpz_set(prev, r);
    }
    is_int(0, (long long) bad, "random_unit: 50 draws in Z*_N, each new");
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_paillier_random_unit(&empty, r),
        "random_unit: an empty key refused");
    is_int(0, mpz_sgn(r), "... and r is 0");
    mpz_clears(r, g, prev, NULL);
    duet_paillier_sk_clear(&empty);
}


static void
test_enc_dec(const struct duet_paillier_sk *sk)
{
    const struct duet_paillier_pk *pk = &sk->pk;
    mpz_t m, m2, r, c, c2, ref;
    unsigned i;
    unsigned long bad_rt = 0, bad_crt = 0, bad_ref = 0, bad_r = 0;

    mpz_inits(m, m2, r, c, c2, ref, NULL);

    for (i = 0; i < 100; i++) {
        if (duet_bn_random_pm(m, pk->n) != 0) {
            bail("random_pm");
        }
        if (i % 4 == 0) {
            /* Small plaintexts too, of both signs. */
            mpz_set_si(m, (long) (rand_u32() % 2000) - 1000);
        }
        if (duet_paillier_enc_rand(pk, c, r, m) != 0
            || duet_paillier_dec(sk, m2, c) != 0 || mpz_cmp(m, m2) != 0)
        {
            bad_rt++;
        }
        /* Same r: CRT and plain encryption agree, and match the formula. */
        if (duet_paillier_enc_crt(sk, c2, m, r) != 0
            || mpz_cmp(c, c2) != 0)
        {
            bad_crt++;
        }
        enc_reference(ref, pk, m, r);
        bad_ref += mpz_cmp(ref, c) != 0;
        if (duet_paillier_enc_crt_rand(sk, c, r, m) != 0
            || duet_paillier_dec(sk, m2, c) != 0 || mpz_cmp(m, m2) != 0)
        {
            bad_rt++;
        }
        /* The r returned is the r used. */
        if (duet_paillier_enc(pk, c2, m, r) != 0 || mpz_cmp(c, c2) != 0) {
            bad_r++;
        }
    }
    is_int(0, (long long) bad_rt, "enc/dec round trips (plain and CRT)");
    is_int(0, (long long) bad_crt, "CRT and plain encryption agree for the "
        "same r");
    is_int(0, (long long) bad_ref, "encryption equals (1 + mN) r^N mod N^2");
    is_int(0, (long long) bad_r, "enc_rand returns the r it used");

    /* Boundaries: 0, 1, -1, +-(N-1)/2. */
    {
        long small[3] = { 0, 1, -1 };

        for (i = 0; i < 3; i++) {
            mpz_set_si(m, small[i]);
            ok(duet_paillier_enc_rand(pk, c, NULL, m) == 0
                && duet_paillier_dec(sk, m2, c) == 0 && mpz_cmp(m, m2) == 0,
                "round trip of %ld", small[i]);
        }
    }
    mpz_set(m, pk->half);
    ok(duet_paillier_enc_crt_rand(sk, c, NULL, m) == 0
        && duet_paillier_dec(sk, m2, c) == 0 && mpz_cmp(m, m2) == 0,
        "round trip of (N-1)/2, the largest plaintext");
    mpz_neg(m, pk->half);
    ok(duet_paillier_enc_rand(pk, c, NULL, m) == 0
        && duet_paillier_dec(sk, m2, c) == 0 && mpz_cmp(m, m2) == 0,
        "round trip of -(N-1)/2, the smallest plaintext");
    mpz_add_ui(m, pk->half, 1);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_paillier_enc_rand(pk, c, NULL, m),
        "plaintext (N+1)/2 refused");
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_paillier_enc_crt_rand(sk, c, NULL, m),
        "plaintext (N+1)/2 refused by CRT encryption");
    mpz_neg(m, m);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_paillier_enc_rand(pk, c, NULL, m),
        "plaintext -(N+1)/2 refused");
    /* A ciphertext of N - 1 = -1 (mod N) decrypts to -1. */
    mpz_set_si(m, -1);
    mpz_set_ui(r, 1);
    enc_reference(c, pk, m, r);
    is_int(0, duet_paillier_dec(sk, m2, c), "decrypt 1 + (N-1) N");
    is_int(-1, (long long) mpz_get_si(m2), "... is -1");
    mpz_set_ui(c, 1);
    is_int(0, duet_paillier_dec(sk, m2, c), "decrypt 1");
    is_int(0, mpz_sgn(m2), "... is 0");

    /* Randomness outside Z*_N. */
    mpz_set_ui(m, 5);
    mpz_set_ui(r, 0);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_paillier_enc(pk, c, m, r),
        "r = 0 refused");
    mpz_set(r, pk->n);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_paillier_enc(pk, c, m, r),
        "r = N refused");
    mpz_add_ui(r, pk->n, 1);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_paillier_enc(pk, c, m, r),
        "r = N + 1 refused");
    mpz_set(r, sk->p);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_paillier_enc(pk, c, m, r),
        "r = p (not a unit) refused");
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_paillier_enc_crt(sk, c, m, r),
        "r = p refused by CRT encryption");
    mpz_set_si(r, -1);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_paillier_enc(pk, c, m, r),
        "r = -1 refused");

    mpz_clears(m, m2, r, c, c2, ref, NULL);
}


static void
test_homomorphic(const struct duet_paillier_sk *sk)
{
    const struct duet_paillier_pk *pk = &sk->pk;
    mpz_t m1, m2, k, c1, c2, c3, d, expect;
    unsigned i;
    unsigned long bad_add = 0, bad_var = 0, bad_sec = 0, neg = 0;

    mpz_inits(m1, m2, k, c1, c2, c3, d, expect, NULL);

    for (i = 0; i < 40; i++) {
        if (duet_bn_random_pm_pow2(m1, 200) != 0
            || duet_bn_random_pm_pow2(m2, 200) != 0
            || duet_bn_random_pm_pow2(k, 1 + rand_u32() % 250) != 0)
        {
            bail("random");
        }
        neg += mpz_sgn(k) < 0;
        if (duet_paillier_enc_rand(pk, c1, NULL, m1) != 0
            || duet_paillier_enc_crt_rand(sk, c2, NULL, m2) != 0)
        {
            bail("enc");
        }
        mpz_add(expect, m1, m2);
        bad_add += duet_paillier_add_var(pk, c3, c1, c2) != 0
            || duet_paillier_dec(sk, d, c3) != 0 || mpz_cmp(d, expect) != 0;
        mpz_mul(expect, k, m1);
        bad_var += duet_paillier_mul_var(pk, c3, c1, k) != 0
            || duet_paillier_dec(sk, d, c3) != 0 || mpz_cmp(d, expect) != 0;
        bad_sec += duet_paillier_mul_sec(pk, c3, c1, k, 250) != 0
            || duet_paillier_dec(sk, d, c3) != 0 || mpz_cmp(d, expect) != 0;
    }
    is_int(0, (long long) bad_add, "dec(C1 + C2) = m1 + m2");
    is_int(0, (long long) bad_var, "dec(k * C) = k m (mul_var)");
    is_int(0, (long long) bad_sec, "dec(k * C) = k m (mul_sec)");
    ok(neg > 5, "scalars include negative k (%lu)", neg);

    /* Wrap-around is modular: (N-1)/2 + (N-1)/2 = N - 1 = -1. */
    mpz_set(m1, pk->half);
    if (duet_paillier_enc_rand(pk, c1, NULL, m1) != 0) {
        bail("enc");
    }
    is_int(0, duet_paillier_add_var(pk, c3, c1, c1), "add with itself");
    is_int(0, duet_paillier_dec(sk, d, c3), "... decrypts");
    is_int(-1, (long long) mpz_get_si(d), "... (N-1)/2 + (N-1)/2 = -1");
    mpz_set_si(k, -1);
    is_int(0, duet_paillier_mul_sec(pk, c3, c1, k, 1), "mul_sec by -1");
    is_int(0, duet_paillier_dec(sk, d, c3), "... decrypts");
    mpz_neg(m1, pk->half);
    ok(mpz_cmp(d, m1) == 0, "... to -(N-1)/2");
    mpz_set_ui(k, 0);
    is_int(0, duet_paillier_mul_var(pk, c3, c1, k), "mul_var by 0");
    is_int(0, duet_paillier_dec(sk, d, c3), "... decrypts");
    is_int(0, mpz_sgn(d), "... to 0");
    mpz_set_ui(k, 8);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_paillier_mul_sec(pk, c3, c1, k, 3),
        "mul_sec: |k| = 2^kbits refused");
    mpz_set_si(m1, 21);
    mpz_set_si(k, -7);
    if (duet_paillier_enc_rand(pk, c1, NULL, m1) != 0) {
        bail("enc");
    }
    is_int(0, duet_paillier_mul_sec(pk, c1, c1, k, 3),
        "mul_sec: |k| = 2^kbits - 1, out == c");
    is_int(0, duet_paillier_dec(sk, d, c1), "... decrypts");
    is_int(-147, (long long) mpz_get_si(d), "... 21 * -7");

    mpz_clears(m1, m2, k, c1, c2, c3, d, expect, NULL);
}


static void
test_not_unit(const struct duet_paillier_sk *sk)
{
    const struct duet_paillier_pk *pk = &sk->pk;
    mpz_t good, bad[6], out, k;
    const char *name[6] = {
        "0", "N^2", "N^2 + 1", "-1", "a multiple of p", "N"
    };
    size_t i;
    int r;

    mpz_inits(good, out, k, NULL);
    for (i = 0; i < 6; i++) {
        mpz_init(bad[i]);
    }
    mpz_set_ui(k, 3);
    if (duet_paillier_enc_rand(pk, good, NULL, k) != 0) {
        bail("enc");
    }
    mpz_set_ui(bad[0], 0);
    mpz_set(bad[1], pk->nn);
    mpz_add_ui(bad[2], pk->nn, 1);
    mpz_set_si(bad[3], -1);
    mpz_mul(bad[4], good, sk->p);
    mpz_mod(bad[4], bad[4], pk->nn);
    mpz_set(bad[5], pk->n);

    is_int(0, duet_paillier_ct_check_var(pk, good), "a ciphertext is a unit");
    mpz_set_ui(out, 1);
    is_int(0, duet_paillier_ct_check_var(pk, out), "1 is a unit");
    for (i = 0; i < 6; i++) {
        is_int(DUET_PAILLIER_ERR_NOT_UNIT,
            duet_paillier_ct_check_var(pk, bad[i]),
            "ct_check refuses %s", name[i]);
        is_int(DUET_PAILLIER_ERR_NOT_UNIT,
            duet_paillier_add_var(pk, out, bad[i], good),
            "add refuses %s (first)", name[i]);
        is_int(DUET_PAILLIER_ERR_NOT_UNIT,
            duet_paillier_add_var(pk, out, good, bad[i]),
            "add refuses %s (second)", name[i]);
        is_int(DUET_PAILLIER_ERR_NOT_UNIT,
            duet_paillier_mul_var(pk, out, bad[i], k),
            "mul_var refuses %s", name[i]);
        is_int(DUET_PAILLIER_ERR_NOT_UNIT,
            duet_paillier_mul_sec(pk, out, bad[i], k, 8),
            "mul_sec refuses %s", name[i]);
        mpz_set_ui(out, 77);
        r = duet_paillier_dec(sk, out, bad[i]);
        is_int(DUET_PAILLIER_ERR_NOT_UNIT, r, "dec refuses %s", name[i]);
        is_int(0, mpz_sgn(out), "... and leaves 0");
    }

    for (i = 0; i < 6; i++) {
        mpz_clear(bad[i]);
    }
    mpz_clears(good, out, k, NULL);
}


/* As in bn-t: fail the n-th allocation until the call succeeds. */
#define ALLOC_SWEEP(result, stmt)  do {                                      \
    unsigned long n_;                                                        \
    long bad_ = 0;                                                           \
    int r_, done_ = 0;                                                       \
                                                                             \
    for (n_ = 1; n_ < 200 && !done_; n_++) {                                 \
        duet_mem_test_fail_alloc(n_);                                        \
        r_ = (stmt);                                                         \
        duet_mem_test_fail_alloc(0);                                         \
        done_ = r_ == 0;                                                     \
        bad_ += r_ != 0 && r_ != DUET_ERR_NO_MEMORY;                         \
    }                                                                        \
    (result) = done_ ? bad_ : -1;                                            \
} while (0)


static void
test_alloc_failures(const struct duet_paillier_sk *sk)
{
    const struct duet_paillier_pk *pk = &sk->pk;
    struct duet_paillier_sk sk2;
    struct duet_rp_secret sec;
    mpz_t m, r, c, out, k;
    long res;

    duet_paillier_sk_init(&sk2);
    duet_rp_secret_init(&sec);
    mpz_inits(m, r, c, out, k, NULL);
    mpz_set_si(m, -12345);
    mpz_set_si(k, -77);
    if (duet_paillier_enc_rand(pk, c, r, m) != 0) {
        bail("enc");
    }

    ALLOC_SWEEP(res, duet_paillier_enc(pk, out, m, r));
    is_int(0, res, "enc: every allocation failure is NO_MEMORY");
    ALLOC_SWEEP(res, duet_paillier_enc_crt(sk, out, m, r));
    is_int(0, res, "enc_crt: every allocation failure is NO_MEMORY");
    ALLOC_SWEEP(res, duet_paillier_enc_crt_rand(sk, out, NULL, m));
    is_int(0, res, "enc_crt_rand: every allocation failure is NO_MEMORY");
    ALLOC_SWEEP(res, duet_paillier_dec(sk, out, c));
    is_int(0, res, "dec: every allocation failure is NO_MEMORY");
    ok(mpz_cmp(out, m) == 0, "... and the last decryption is right");
    ALLOC_SWEEP(res, duet_paillier_mul_sec(pk, out, c, k, 8));
    is_int(0, res, "mul_sec: every allocation failure is NO_MEMORY");
    ALLOC_SWEEP(res, duet_paillier_sk_from_primes(&sk2, tp, tq, &toy,
        NULL));
    is_int(0, res, "sk_from_primes: every allocation failure is NO_MEMORY");
    ALLOC_SWEEP(res, duet_paillier_sk_from_checked_primes(&sk2, tp, tq,
        NULL, &toy, NULL));
    is_int(0, res,
        "sk_from_checked_primes: every allocation failure is NO_MEMORY");
    ALLOC_SWEEP(res, duet_paillier_pow_n_crt(sk, out, r));
    is_int(0, res, "pow_n_crt: every allocation failure is NO_MEMORY");
    ALLOC_SWEEP(res, duet_paillier_random_unit(sk, out));
    is_int(0, res, "random_unit: every allocation failure is NO_MEMORY");
    ALLOC_SWEEP(res, duet_rp_secret_from_primes(&sec, tph, tqh, &toy,
        NULL));
    is_int(0, res,
        "rp_secret_from_primes: every allocation failure is NO_MEMORY");
    ALLOC_SWEEP(res, duet_rp_commit_sec(&sec.pub, out, m, 20, k, 10));
    is_int(0, res, "rp_commit_sec: every allocation failure is NO_MEMORY");
    ALLOC_SWEEP(res, duet_rp_commit_var(&sec.pub, out, m, k));
    is_int(0, res, "rp_commit_var: every allocation failure is NO_MEMORY");

    mpz_clears(m, r, c, out, k, NULL);
    duet_rp_secret_clear(&sec);
    duet_paillier_sk_clear(&sk2);
}


static void
test_sk_wipe(void)
{
    struct duet_paillier_sk sk;
    unsigned char zero[sizeof(sk)];

    duet_paillier_sk_init(&sk);
    if (duet_paillier_sk_from_primes(&sk, tp, tq, &toy, NULL) != 0) {
        bail("sk");
    }
    duet_paillier_sk_clear(&sk);
    memset(zero, 0, sizeof(zero));
    is_blob(zero, &sk, sizeof(sk), "sk_clear zeroes the struct");
}


/* Reference s^x t^y mod n with explicit inverses. */
static void
commit_reference(mpz_t out, const struct duet_rp_params *rp, const mpz_t x,
    const mpz_t y)
{
    mpz_t a, b, e;

    mpz_inits(a, b, e, NULL);
    mpz_abs(e, x);
    mpz_powm(a, mpz_sgn(x) < 0 ? rp->s_inv : rp->s, e, rp->n);
    mpz_abs(e, y);
    mpz_powm(b, mpz_sgn(y) < 0 ? rp->t_inv : rp->t, e, rp->n);
    mpz_mul(out, a, b);
    mpz_mod(out, out, rp->n);
    mpz_clears(a, b, e, NULL);
}


static void
test_rp_commit(const struct duet_rp_secret *sec, unsigned xbits,
    unsigned ybits, unsigned rounds, const char *what)
{
    const struct duet_rp_params *rp = &sec->pub;
    mpz_t x, y, c1, c2, ref, tmp;
    unsigned i;
    unsigned long bad_sec = 0, bad_var = 0;

    mpz_inits(x, y, c1, c2, ref, tmp, NULL);

    /* s = t^lambda, and t is a square mod both primes. */
    mpz_powm(tmp, rp->t, sec->lambda, rp->n);
    ok(mpz_cmp(tmp, rp->s) == 0, "%s: s = t^lambda", what);
    mpz_fdiv_q_2exp(tmp, sec->phi, 2);
    ok(mpz_sgn(sec->lambda) >= 0 && mpz_cmp(sec->lambda, tmp) < 0,
        "%s: 0 <= lambda < phi/4", what);
    ok(mpz_legendre(rp->t, sec->p) == 1 && mpz_legendre(rp->t, sec->q) == 1,
        "%s: t is a quadratic residue", what);

    for (i = 0; i < rounds; i++) {
        /* |x| < 2^xbits: draw from +-2^xbits. */
        if (duet_bn_random_pm_pow2(x, xbits) != 0
            || duet_bn_random_pm_pow2(y, ybits) != 0)
        {
            bail("random");
        }
        if (i == 0) {
            mpz_set_ui(x, 0);
        } else if (i == 1) {
            /* The largest magnitudes the bounds allow. */
            mpz_set_ui(x, 0);
            mpz_setbit(x, xbits);
            mpz_sub_ui(x, x, 1);
            mpz_neg(x, x);
            mpz_set_ui(y, 0);
            mpz_setbit(y, ybits);
            mpz_sub_ui(y, y, 1);
        }
        commit_reference(ref, rp, x, y);
        bad_sec += duet_rp_commit_sec(rp, c1, x, xbits, y, ybits) != 0
            || mpz_cmp(c1, ref) != 0;
        bad_var += duet_rp_commit_var(rp, c2, x, y) != 0
            || mpz_cmp(c2, ref) != 0;
    }
    is_int(0, (long long) bad_sec,
        "%s: commit_sec equals s^x t^y (signed, %u rounds)", what, rounds);
    is_int(0, (long long) bad_var,
        "%s: commit_var equals s^x t^y (signed, %u rounds)", what, rounds);

    mpz_set_ui(x, 0);
    mpz_setbit(x, xbits);
    mpz_set_ui(y, 1);
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_rp_commit_sec(rp, c1, x, xbits, y, ybits),
        "%s: commit_sec refuses |x| = 2^xbits", what);
    mpz_set_ui(x, 1);
    mpz_set_ui(y, 0);
    mpz_setbit(y, ybits);
    mpz_neg(y, y);
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_rp_commit_sec(rp, c1, x, xbits, y, ybits),
        "%s: commit_sec refuses |y| = 2^ybits", what);

    mpz_clears(x, y, c1, c2, ref, tmp, NULL);
}


static void
test_rp_checks(const struct duet_rp_secret *sec)
{
    const struct duet_rp_params *good = &sec->pub;
    struct duet_rp_params rp;
    enum duet_rp_reject why;
    mpz_t n, s, t, x;

    duet_rp_params_init(&rp);
    mpz_inits(n, s, t, x, NULL);

    is_int(0, duet_rp_params_set_var(&rp, good->n, good->s, good->t, &toy,
        &why), "peer (N^, s, t) accepted");
    is_int(DUET_RP_OK, why, "... why is OK");
    mpz_mul(x, rp.s, rp.s_inv);
    mpz_mod(x, x, rp.n);
    ok(mpz_cmp_ui(x, 1) == 0, "... s^-1 precomputed");
    mpz_mul(x, rp.t, rp.t_inv);
    mpz_mod(x, x, rp.n);
    ok(mpz_cmp_ui(x, 1) == 0, "... t^-1 precomputed");

#define RP_REFUSED(nn, ss, tt, level, reason, desc)  do {                    \
    mpz_set_ui(x, 7);                                                        \
    is_int(DUET_ERR_PROTOCOL,                                                \
        duet_rp_params_set_var(&rp, nn, ss, tt, level, &why), desc);         \
    is_int(reason, why, "... as " #reason);                                  \
    is_int(DUET_ERR_INVALID_ARGUMENT,                                        \
        duet_rp_commit_var(&rp, x, x, x), "... and rp is left empty");       \
} while (0)

    /* Spec 6.2: s and t must be units. */
    mpz_mul(s, good->s, sec->p);
    mpz_mod(s, s, good->n);
    RP_REFUSED(good->n, s, good->t, &toy, DUET_RP_S_NOT_UNIT,
        "6.2 s sharing a factor with N^ refused");
    mpz_set_ui(s, 0);
    RP_REFUSED(good->n, s, good->t, &toy, DUET_RP_S_NOT_UNIT,
        "6.2 s = 0 refused");
    mpz_add(s, good->s, good->n);
    RP_REFUSED(good->n, s, good->t, &toy, DUET_RP_S_NOT_UNIT,
        "6.2 s >= N^ refused");
    mpz_mul(t, good->t, sec->q);
    mpz_mod(t, t, good->n);
    RP_REFUSED(good->n, good->s, t, &toy, DUET_RP_T_NOT_UNIT,
        "6.2 t sharing a factor with N^ refused");
    mpz_set(t, good->n);
    RP_REFUSED(good->n, good->s, t, &toy, DUET_RP_T_NOT_UNIT,
        "6.2 t = N^ refused");

    /* Spec 6.2: trivial and equal elements. */
    RP_REFUSED(good->n, good->t, good->t, &toy, DUET_RP_S_EQUALS_T,
        "6.2 s = t refused");
    mpz_set_ui(t, 1);
    RP_REFUSED(good->n, good->s, t, &toy, DUET_RP_T_TRIVIAL,
        "6.2 t = 1 refused");
    mpz_sub_ui(t, good->n, 1);
    RP_REFUSED(good->n, good->s, t, &toy, DUET_RP_T_TRIVIAL,
        "6.2 t = N^ - 1 refused");
    mpz_set_ui(s, 1);
    RP_REFUSED(good->n, s, good->t, &toy, DUET_RP_S_TRIVIAL,
        "6.2 s = 1 refused");
    mpz_sub_ui(s, good->n, 1);
    RP_REFUSED(good->n, s, good->t, &toy, DUET_RP_S_TRIVIAL,
        "6.2 s = N^ - 1 refused");

    /* C7 and 6.2: the modulus. */
    mpz_fdiv_q_2exp(n, good->n, 2);
    mpz_setbit(n, 0);
    mpz_mod(s, good->s, n);
    mpz_mod(t, good->t, n);
    RP_REFUSED(n, s, t, &toy, DUET_RP_N_TOO_SHORT,
        "C7 N^ too short refused");
    mpz_mul_2exp(n, good->n, 2);
    mpz_add_ui(n, n, 1);
    RP_REFUSED(n, good->s, good->t, &toy, DUET_RP_N_TOO_LONG,
        "C7 N^ too long refused");
    mpz_add_ui(n, good->n, 1);
    RP_REFUSED(n, good->s, good->t, &toy, DUET_RP_N_EVEN,
        "6.2 even N^ refused");
    rand_exact(n, 2 * TOY_PRIME_BITS - 16);
    mpz_setbit(n, 0);
    mpz_mul_ui(n, n, 65521);
    RP_REFUSED(n, good->s, good->t, &toy, DUET_RP_N_SMALL_FACTOR,
        "N^ with a 16-bit factor refused");
    RP_REFUSED(good->n, good->s, good->t, duet_level_get(DUET_LEVEL_128),
        DUET_RP_N_TOO_SHORT, "toy N^ at level 128 refused");
#undef RP_REFUSED

    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_rp_params_set_var(&rp, good->n, good->s, good->t, NULL, &why),
        "no level refused");

    mpz_clears(n, s, t, x, NULL);
    duet_rp_params_clear(&rp);
}


static void
test_rp_toy(void)
{
    struct duet_rp_secret sec;
    enum duet_paillier_reject why;
    unsigned char zero[sizeof(sec)];
    mpz_t a;

    duet_rp_secret_init(&sec);
    mpz_init(a);

    is_int(0, duet_rp_secret_from_primes(&sec, tph, tqh, &toy, &why),
        "ring-Pedersen parameters from two toy safe primes");
    is_int(0, duet_rp_params_set_var(&sec.pub, sec.pub.n, sec.pub.s,
        sec.pub.t, &toy, NULL), "... pass the verifier's checks");
    test_rp_commit(&sec, 300, 900, 40, "toy");
    test_rp_checks(&sec);

    gen_prime_mod4(a, TOY_PRIME_BITS, 1);
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_rp_secret_from_primes(&sec, a, tqh, &toy, &why),
        "ring-Pedersen from a non-Blum prime refused");
    is_int(DUET_PAILLIER_NOT_BLUM, why, "... as NOT_BLUM");
    is_int(0, mpz_sgn(sec.pub.n), "... and sec is left empty");
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_rp_secret_from_primes(&sec, tph, tph, &toy, &why),
        "ring-Pedersen from p = q refused");
    is_int(DUET_PAILLIER_P_EQUALS_Q, why, "... as P_EQUALS_Q");
    mpz_set_ui(a, 1);
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_rp_commit_sec(&sec.pub, a, a, 8, a, 8),
        "commit_sec under empty parameters refused");

    duet_rp_secret_clear(&sec);
    memset(zero, 0, sizeof(zero));
    is_blob(zero, &sec, sizeof(sec), "rp_secret_clear zeroes the struct");
    mpz_clear(a);
}


/* Correction C8: own Paillier and ring-Pedersen keys must be disjoint. */
static void
test_c8_own_keys(void)
{
    struct duet_paillier_sk sk;
    struct duet_rp_secret sec;
    struct duet_level toy2;
    enum duet_rp_reject why;

    duet_paillier_sk_init(&sk);
    duet_rp_secret_init(&sec);
    if (duet_paillier_sk_from_primes(&sk, tp, tq, &toy, NULL) != 0) {
        bail("toy key");
    }

#define C8_CASE(p_, q_, level, want_r, want_why, desc)  do {                 \
    if (duet_rp_secret_from_primes(&sec, p_, q_, level, NULL) != 0) {        \
        bail("ring-Pedersen from toy primes");                               \
    }                                                                        \
    why = DUET_RP_N_EVEN;                                                    \
    is_int(want_r, duet_aux_check_own_keys(&sk, &sec, &why), desc);          \
    is_int(want_why, why, "... as " #want_why);                              \
} while (0)

    C8_CASE(tph, tqh, &toy, 0, DUET_RP_OK, "C8: disjoint keys accepted");
    C8_CASE(tp, tqh, &toy, DUET_ERR_INVALID_ARGUMENT, DUET_RP_SHARED_PRIME,
        "C8: shared prime p = p^ refused");
    C8_CASE(tph, tq, &toy, DUET_ERR_INVALID_ARGUMENT, DUET_RP_SHARED_PRIME,
        "C8: q = q^ refused");
    C8_CASE(tph, tp, &toy, DUET_ERR_INVALID_ARGUMENT, DUET_RP_SHARED_PRIME,
        "C8: p = q^ refused");
    C8_CASE(tq, tqh, &toy, DUET_ERR_INVALID_ARGUMENT, DUET_RP_SHARED_PRIME,
        "C8: q = p^ refused");
    C8_CASE(tp, tq, &toy, DUET_ERR_INVALID_ARGUMENT,
        DUET_RP_N_EQUALS_PAILLIER_N, "C8: N == N^ refused");
    C8_CASE(tq, tp, &toy, DUET_ERR_INVALID_ARGUMENT,
        DUET_RP_N_EQUALS_PAILLIER_N, "C8: N == N^ (primes swapped) refused");

    /* Same sizes, another level id. */
    toy2 = toy;
    toy2.id = -1;
    C8_CASE(tph, tqh, &toy2, DUET_ERR_INVALID_ARGUMENT,
        DUET_RP_LEVEL_MISMATCH, "C8: keys of different levels refused");
#undef C8_CASE

    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_aux_check_own_keys(&sk, &sec, NULL),
        "C8: refused with why NULL");
    duet_rp_secret_clear(&sec);
    duet_rp_secret_init(&sec);
    why = DUET_RP_N_EVEN;
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_aux_check_own_keys(&sk, &sec, &why),
        "C8: empty ring-Pedersen secret refused");
    is_int(DUET_RP_OK, why, "... with why OK");
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_aux_check_own_keys(NULL, &sec, &why),
        "C8: NULL Paillier key refused");

    duet_rp_secret_clear(&sec);
    duet_paillier_sk_clear(&sk);
}


/* One full-size pass at a level, on pregenerated primes. */
static void
test_full_size(int id)
{
    const struct duet_level *l = duet_level_get(id);
    struct duet_paillier_sk sk;
    struct duet_rp_secret sec;
    const char *top = getenv("top_srcdir");
    char path[4096];
    mpz_t pr[4], m, m2, c, c2, r;
    size_t i, n;
    int have = 0;

    for (i = 0; i < 4; i++) {
        mpz_init(pr[i]);
    }
    n = 0;
    if (top != NULL) {
        snprintf(path, sizeof(path), "%s/tests/vectors/safe-primes-%u.txt",
            top, l->prime_bits);
        n = read_primes(path, pr, 4);
    }
    have = n >= 2;
    if (!have) {
        skip_block(16, "level %d: no %u-bit safe primes in "
            "tests/vectors (top_srcdir %s)", id, l->prime_bits,
            top != NULL ? "set" : "unset");
        goto out;
    }

    duet_paillier_sk_init(&sk);
    duet_rp_secret_init(&sec);
    mpz_inits(m, m2, c, c2, r, NULL);

    is_int(0, duet_paillier_sk_from_primes(&sk, pr[0], pr[1], l, NULL),
        "level %d: Paillier key from fixture primes", id);
    ok(sk.pk.n_bits >= l->modulus_min_bits
        && sk.pk.n_bits <= l->modulus_max_bits,
        "level %d: N has %u bits", id, sk.pk.n_bits);
    mpz_set(m, sk.pk.half);
    mpz_neg(m, m);
    ok(duet_paillier_enc_rand(&sk.pk, c, r, m) == 0
        && duet_paillier_enc_crt(&sk, c2, m, r) == 0 && mpz_cmp(c, c2) == 0,
        "level %d: CRT and plain encryption agree", id);
    ok(duet_paillier_dec(&sk, m2, c) == 0 && mpz_cmp(m, m2) == 0,
        "level %d: -(N-1)/2 round trip", id);
    mpz_powm(c, r, sk.pk.n, sk.pk.nn);
    ok(duet_paillier_pow_n_crt(&sk, c2, r) == 0 && mpz_cmp(c, c2) == 0,
        "level %d: pow_n_crt = r^N mod N^2", id);
    mpz_set(m, sk.pk.half);
    ok(duet_paillier_enc_crt_rand(&sk, c, NULL, m) == 0
        && duet_paillier_dec(&sk, m2, c) == 0 && mpz_cmp(m, m2) == 0,
        "level %d: (N-1)/2 round trip", id);

    /* Ring-Pedersen on the other two primes if there are four. */
    is_int(0, duet_rp_secret_from_primes(&sec, pr[n >= 4 ? 2 : 0],
        pr[n >= 4 ? 3 : 1], l, NULL),
        "level %d: ring-Pedersen parameters from fixture primes", id);
    test_rp_commit(&sec, l->rp_x_max_bits, l->rp_y_max_bits, 3,
        id == DUET_LEVEL_128 ? "level 128" : "level 112");

    /* C8 on the fixture primes: the disjoint pair, then a shared one. */
    if (n >= 4) {
        is_int(0, duet_aux_check_own_keys(&sk, &sec, NULL),
            "level %d: C8: disjoint fixture keys accepted", id);
        duet_rp_secret_clear(&sec);
        duet_rp_secret_init(&sec);
        if (duet_rp_secret_from_primes(&sec, pr[1], pr[2], l, NULL) != 0) {
            bail("ring-Pedersen from fixture primes");
        }
        is_int(DUET_ERR_INVALID_ARGUMENT,
            duet_aux_check_own_keys(&sk, &sec, NULL),
            "level %d: C8: shared fixture prime (q = p^) refused", id);
    } else {
        skip_block(2, "level %d: C8 needs four fixture primes", id);
    }

    mpz_clears(m, m2, c, c2, r, NULL);
    duet_rp_secret_clear(&sec);
    duet_paillier_sk_clear(&sk);

out:
    for (i = 0; i < 4; i++) {
        mpz_clear(pr[i]);
    }
}


int
main(int argc, char **argv)
{
    struct duet_paillier_sk sk;

    tap_init(argc, argv);
    plan_lazy();
    duet_rand_test_seed(tap_seed());
    duet_set_illegal_callback(counting_illegal, &illegal_count);
    if (duet_init() != 0) {
        bail("duet_init failed");
    }

    setup_toy();
    test_key_refusals();
    test_modulus_checks();

    duet_paillier_sk_init(&sk);
    if (duet_paillier_sk_from_primes(&sk, tp, tq, &toy, NULL) != 0) {
        bail("toy key");
    }
    test_enc_dec(&sk);
    test_checked_primes(&sk);
    test_sk_copy(&sk);
    test_pow_n_crt(&sk);
    test_is_unit(&sk);
    test_homomorphic(&sk);
    test_not_unit(&sk);
    test_alloc_failures(&sk);
    duet_paillier_sk_clear(&sk);
    test_sk_wipe();

    test_rp_toy();
    test_c8_own_keys();

    test_full_size(DUET_LEVEL_112);
    test_full_size(DUET_LEVEL_128);

    is_int(0, (long long) illegal_count, "no ARG_CHECK fired");
    mpz_clears(tp, tq, tph, tqh, NULL);

    return 0;
}
