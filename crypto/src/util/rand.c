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

#include <openssl/evp.h>

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


/*
 * The calling thread's installed stream, if any (duet_rand_stream_begin).
 */
static _Thread_local struct duet_rand_stream *duet_rand_stream_cur;


void
duet_rand_stream_begin(struct duet_rand_stream *st, const uint8_t key[32])
{
    memcpy(st->key, key, sizeof(st->key));
    st->counter = 0;
    st->used = sizeof(st->block);
    st->prev = duet_rand_stream_cur;
    duet_rand_stream_cur = st;
}


void
duet_rand_stream_end(struct duet_rand_stream *st)
{
    if (duet_rand_stream_cur == st) {
        duet_rand_stream_cur = st->prev;
    }
    duet_memclear(st, sizeof(*st));
}


/* Next block: SHA-256(tag || key || be64(counter)). */
static int
duet_rand_stream_refill(struct duet_rand_stream *st)
{
    static const char tag[] = "duet.rng.stream.v1";
    uint8_t msg[sizeof(tag) - 1 + 32 + 8];
    unsigned int md_len = 0;
    uint64_t c = st->counter;
    int i, r = DUET_ERR_RANDOM;

    memcpy(msg, tag, sizeof(tag) - 1);
    memcpy(msg + sizeof(tag) - 1, st->key, 32);
    for (i = 7; i >= 0; i--) {
        msg[sizeof(tag) - 1 + 32 + (size_t) i] = (uint8_t) c;
        c >>= 8;
    }
    if (EVP_Digest(msg, sizeof(msg), st->block, &md_len, EVP_sha256(),
            NULL) != 1 || md_len != sizeof(st->block))
    {
        goto out;
    }
    st->counter++;
    st->used = 0;
    r = 0;

out:
    duet_memclear(msg, sizeof(msg));
    return r;
}


static int
duet_rand_stream_bytes(struct duet_rand_stream *st, uint8_t *out, size_t n)
{
    size_t off = 0, take;
    int r;

    while (off < n) {
        if (st->used == sizeof(st->block)
            && (r = duet_rand_stream_refill(st)) != 0)
        {
            return r;
        }
        take = sizeof(st->block) - st->used;
        if (take > n - off) {
            take = n - off;
        }
        memcpy(out + off, st->block + st->used, take);
        duet_memclear(st->block + st->used, take);
        st->used += take;
        off += take;
    }
    return 0;
}


int
duet_random_bytes(void *out, size_t n)
{
    int r;

    ARG_CHECK(out != NULL);

    if (duet_rand_stream_cur != NULL) {
        if ((r = duet_rand_stream_bytes(duet_rand_stream_cur, out, n)) != 0) {
            duet_memclear(out, n);
        }
        return r;
    }
#ifdef DUET_TEST_RNG
    if (duet_rand_test_active) {
        if ((r = duet_rand_test_bytes(out, n)) != 0) {
            duet_memclear(out, n);
        }
        return r;
    }
#endif
    return duet_random_bytes_system(out, n);
}


int
duet_random_bytes_system(void *out, size_t n)
{
    uint8_t *p = out;
    size_t off = 0;
    ssize_t got;
    int r = DUET_ERR_INTERNAL;

    ARG_CHECK(out != NULL);

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
