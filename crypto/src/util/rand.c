/*
 * rand.c -- duet_random_bytes: the kernel CSPRNG via getrandom(2), and in
 * the test library only, a seeded deterministic stream.
 */

#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/random.h>
#include <sys/types.h>

#ifdef DUET_TEST_RNG
#include <openssl/evp.h>
#endif

#include "duet.h"
#include "duet_util.h"
#include "util/check.h"
#include "util/rand.h"

#ifdef DUET_TEST_RNG

#define DUET_RAND_TEST_TAG       "duet test rng v1"
#define DUET_RAND_TEST_TAG_LEN   (sizeof(DUET_RAND_TEST_TAG) - 1)
#define DUET_RAND_TEST_BLOCK     32

static int duet_rand_test_active;
static uint64_t duet_rand_test_key;
static uint64_t duet_rand_test_counter;
static uint8_t duet_rand_test_block[DUET_RAND_TEST_BLOCK];
/* Bytes of the current block already handed out. */
static size_t duet_rand_test_used = DUET_RAND_TEST_BLOCK;


static void
duet_rand_store_be64(uint8_t *p, uint64_t v)
{
    int i;

    for (i = 7; i >= 0; i--) {
        p[i] = (uint8_t) v;
        v >>= 8;
    }
}


void
duet_rand_test_seed(uint64_t seed)
{
    duet_rand_test_active = 1;
    duet_rand_test_key = seed;
    duet_rand_test_counter = 0;
    duet_rand_test_used = DUET_RAND_TEST_BLOCK;
}


void
duet_rand_test_reset(void)
{
    duet_rand_test_active = 0;
    duet_rand_test_key = 0;
    duet_rand_test_counter = 0;
    duet_rand_test_used = DUET_RAND_TEST_BLOCK;
}


/* Next block: SHA-256(tag || be64(seed) || be64(counter)). */
static int
duet_rand_test_refill(void)
{
    uint8_t msg[DUET_RAND_TEST_TAG_LEN + 16];
    unsigned int md_len = 0;
    int r = DUET_ERR_RANDOM;

    memcpy(msg, DUET_RAND_TEST_TAG, DUET_RAND_TEST_TAG_LEN);
    duet_rand_store_be64(msg + DUET_RAND_TEST_TAG_LEN, duet_rand_test_key);
    duet_rand_store_be64(msg + DUET_RAND_TEST_TAG_LEN + 8,
        duet_rand_test_counter);

    if (EVP_Digest(msg, sizeof(msg), duet_rand_test_block, &md_len,
            EVP_sha256(), NULL) != 1 || md_len != DUET_RAND_TEST_BLOCK)
    {
        goto out;
    }
    duet_rand_test_counter++;
    duet_rand_test_used = 0;
    r = 0;

out:
    return r;
}


static int
duet_rand_test_bytes(uint8_t *out, size_t n)
{
    size_t off = 0, take;
    int r = DUET_ERR_INTERNAL;

    while (off < n) {
        if (duet_rand_test_used == DUET_RAND_TEST_BLOCK
            && (r = duet_rand_test_refill()) != 0)
        {
            goto out;
        }
        take = DUET_RAND_TEST_BLOCK - duet_rand_test_used;
        if (take > n - off) {
            take = n - off;
        }
        memcpy(out + off, duet_rand_test_block + duet_rand_test_used, take);
        duet_rand_test_used += take;
        off += take;
    }
    r = 0;

out:
    return r;
}

#endif /* DUET_TEST_RNG */


int
duet_random_bytes(void *out, size_t n)
{
    uint8_t *p = out;
    size_t off = 0;
    ssize_t got;
    int r = DUET_ERR_INTERNAL;

    ARG_CHECK(out != NULL);

#ifdef DUET_TEST_RNG
    if (duet_rand_test_active) {
        r = duet_rand_test_bytes(p, n);
        goto out;
    }
#endif

    while (off < n) {
        /*
         * flags 0: block until the kernel pool is initialised (only ever at
         * early boot), rather than fail or, worse, return weak bytes.
         * Large requests may come back short, and a signal may interrupt.
         */
        got = getrandom(p + off, n - off, 0);
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got <= 0) {
            r = DUET_ERR_RANDOM;
            goto out;
        }
        off += (size_t) got;
    }
    r = 0;

out:
    /* Never leave a partial fill that a careless caller might use. */
    if (r != 0) {
        duet_memclear(out, n);
    }
    return r;
}
