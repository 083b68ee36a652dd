/*
 * level.c -- the two parameter sets; the derivation is in level.h.
 */

#include "config.h"

#include <stddef.h>

#include "duet.h"
#include "bn/level.h"

static const struct duet_level duet_level_128 = {
    .id = DUET_LEVEL_128,
    .prime_bits = 1536,
    .modulus_bits = 3072,
    .modulus_min_bits = 3071,
    .modulus_max_bits = 3072,
    .ell = 256,
    .ell_prime = 1280,
    .epsilon = 512,
    .m = 128,
    .kappa_bytes = 32,
    .stat_bits = 512 - 258,
    .rp_x_max_bits = 256 + 512 + 1536,
    .rp_y_max_bits = 256 + 512 + 3072 + 4,
};

static const struct duet_level duet_level_112 = {
    .id = DUET_LEVEL_112,
    .prime_bits = 1024,
    .modulus_bits = 2048,
    .modulus_min_bits = 2047,
    .modulus_max_bits = 2048,
    .ell = 256,
    .ell_prime = 1152,
    .epsilon = 384,
    .m = 128,
    .kappa_bytes = 32,
    .stat_bits = 384 - 258,
    .rp_x_max_bits = 256 + 384 + 1024,
    .rp_y_max_bits = 256 + 384 + 2048 + 4,
};


const struct duet_level *
duet_level_get(int id)
{
    switch (id) {
    case DUET_LEVEL_128:
        return &duet_level_128;
    case DUET_LEVEL_112:
        return &duet_level_112;
    default:
        return NULL;
    }
}


static unsigned
level_max(unsigned a, unsigned b)
{
    return a > b ? a : b;
}


int
duet_level_check(const struct duet_level *l)
{
    unsigned bits;
    int r = DUET_ERR_INTERNAL;

    if (l == NULL) {
        goto out;
    }
    bits = (unsigned) l->id;
    if (l->id != DUET_LEVEL_128 && l->id != DUET_LEVEL_112) {
        goto out;
    }
    /* Sizes: two primes of exactly prime_bits give N in the window. */
    if (l->modulus_bits != 2 * l->prime_bits
        || l->modulus_max_bits != l->modulus_bits
        || l->modulus_min_bits != l->modulus_bits - 1)
    {
        goto out;
    }
    /* (a) */
    if (l->ell < 256) {
        goto out;
    }
    /* (b) eps >= 2 + s + 256, with s >= the level. */
    if (l->epsilon < 258 || l->stat_bits != l->epsilon - 258
        || l->stat_bits < bits)
    {
        goto out;
    }
    /* (c) 2 ell + eps < (min_bits - 1) / 2, and N > 2^(4 ell). */
    if (2 * (2 * l->ell + l->epsilon) >= l->modulus_min_bits - 1
        || l->modulus_min_bits <= 4 * l->ell)
    {
        goto out;
    }
    /* (d) */
    if (l->ell_prime < 3 * l->ell + l->epsilon
        || l->ell_prime < 2 * l->ell + l->epsilon + l->stat_bits)
    {
        goto out;
    }
    /* (e) */
    if (level_max(2 * (l->ell + l->epsilon), l->ell_prime + l->epsilon) + 1
        >= l->modulus_min_bits - 2)
    {
        goto out;
    }
    /* (f) */
    if (l->m < bits || l->kappa_bytes * 8 < bits) {
        goto out;
    }
    /* Exponent ceilings. */
    if (l->rp_x_max_bits != level_max(l->ell + l->epsilon + l->prime_bits,
            l->ell_prime + l->epsilon)
        || l->rp_y_max_bits != l->ell + l->epsilon + l->modulus_max_bits + 4)
    {
        goto out;
    }
    r = 0;

out:
    return r;
}
