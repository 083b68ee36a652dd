/*
 * buf.c -- bounded binary reader and writer; see buf.h for the format.
 *
 * Every call starts with a sanity check of the structure (as sshbuf does):
 * a corrupted position or length is a bug, reported as DUET_ERR_INTERNAL
 * instead of being trusted.  A compound field (string, bn, sbn) is taken
 * whole or not at all: on failure the position goes back to its start.
 */

#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "duet.h"
#include "codec/buf.h"
#include "util/check.h"
#include "util/mem.h"

/*
 * Stands in for a NULL input of length 0, so that reader pointers are
 * never NULL and never offset from NULL.
 */
static const uint8_t duet_buf_empty[1];

/* First allocation of a growable writer. */
#define DUET_BUF_INITIAL_CAP    256


static void
duet_buf_store_be(uint8_t *dst, uint64_t v, size_t n)
{
    while (n > 0) {
        dst[--n] = (uint8_t) v;
        v >>= 8;
    }
}


static uint64_t
duet_buf_load_be(const uint8_t *src, size_t n)
{
    uint64_t v = 0;
    size_t i;

    for (i = 0; i < n; i++) {
        v = (v << 8) | src[i];
    }

    return v;
}


/* Make err the reader's sticky error unless it already has one. */
static int
duet_buf_reader_fail(struct duet_buf_reader *rd, int err)
{
    if (rd->err == 0) {
        rd->err = err;
    }

    return rd->err;
}


/* Returns: the sticky error, DUET_ERR_INTERNAL if *rd is corrupt, or 0. */
static int
duet_buf_reader_check(struct duet_buf_reader *rd)
{
    if (rd->err != 0) {
        return rd->err;
    }
    if (rd->p == NULL || rd->len > DUET_BUF_MAX || rd->off > rd->len) {
        return duet_buf_reader_fail(rd, DUET_ERR_INTERNAL);
    }

    return 0;
}


/*
 * Consume n bytes.
 *
 * Returns: 0, DUET_ERR_TRUNCATED, or the sticky error.
 * Out:     p: the consumed bytes (NULL on failure).
 */
static int
duet_buf_take(struct duet_buf_reader *rd, size_t n, const uint8_t **p)
{
    int r = DUET_ERR_INTERNAL;

    *p = NULL;
    if ((r = duet_buf_reader_check(rd)) != 0) {
        goto out;
    }
    if (n > rd->len - rd->off) {
        r = duet_buf_reader_fail(rd, DUET_ERR_TRUNCATED);
        goto out;
    }
    *p = rd->p + rd->off;
    rd->off += n;
    r = 0;

out:
    return r;
}


/* Read an n-byte big-endian integer, n <= 8. */
static int
duet_buf_get_be(struct duet_buf_reader *rd, uint64_t *v, size_t n)
{
    const uint8_t *p;
    int r = DUET_ERR_INTERNAL;

    *v = 0;
    if ((r = duet_buf_take(rd, n, &p)) != 0) {
        goto out;
    }
    *v = duet_buf_load_be(p, n);
    r = 0;

out:
    return r;
}


void
duet_buf_reader_init(struct duet_buf_reader *rd, const uint8_t *p,
    size_t len)
{
    VERIFY_CHECK(rd != NULL);
    VERIFY_CHECK(p != NULL || len == 0);

    rd->p = p != NULL ? p : duet_buf_empty;
    rd->len = len;
    rd->off = 0;
    rd->err = 0;
    if (len > DUET_BUF_MAX) {
        rd->len = 0;
        rd->err = DUET_ERR_LIMIT_EXCEEDED;
    }
}


int
duet_buf_reader_error(const struct duet_buf_reader *rd)
{
    return rd->err;
}


size_t
duet_buf_reader_remaining(const struct duet_buf_reader *rd)
{
    if (rd->err != 0 || rd->off > rd->len) {
        return 0;
    }

    return rd->len - rd->off;
}


int
duet_buf_reader_end(struct duet_buf_reader *rd)
{
    int r = DUET_ERR_INTERNAL;

    if ((r = duet_buf_reader_check(rd)) != 0) {
        goto out;
    }
    if (rd->off != rd->len) {
        r = duet_buf_reader_fail(rd, DUET_ERR_TRAILING_DATA);
        goto out;
    }
    r = 0;

out:
    return r;
}


int
duet_buf_get_u8(struct duet_buf_reader *rd, uint8_t *v)
{
    uint64_t x;
    int r;

    r = duet_buf_get_be(rd, &x, 1);
    *v = (uint8_t) x;

    return r;
}


int
duet_buf_get_u16(struct duet_buf_reader *rd, uint16_t *v)
{
    uint64_t x;
    int r;

    r = duet_buf_get_be(rd, &x, 2);
    *v = (uint16_t) x;

    return r;
}


int
duet_buf_get_u32(struct duet_buf_reader *rd, uint32_t *v)
{
    uint64_t x;
    int r;

    r = duet_buf_get_be(rd, &x, 4);
    *v = (uint32_t) x;

    return r;
}


int
duet_buf_get_u64(struct duet_buf_reader *rd, uint64_t *v)
{
    return duet_buf_get_be(rd, v, 8);
}


int
duet_buf_get_bytes_direct(struct duet_buf_reader *rd, const uint8_t **p,
    size_t n)
{
    return duet_buf_take(rd, n, p);
}


int
duet_buf_get_bytes(struct duet_buf_reader *rd, uint8_t *out, size_t n)
{
    const uint8_t *p;
    int r = DUET_ERR_INTERNAL;

    VERIFY_CHECK(out != NULL || n == 0);

    if ((r = duet_buf_take(rd, n, &p)) != 0) {
        goto out;
    }
    if (n > 0) {
        memcpy(out, p, n);
    }
    r = 0;

out:
    if (r != 0) {
        duet_memclear(out, n);
    }
    return r;
}


int
duet_buf_get_string_direct(struct duet_buf_reader *rd, const uint8_t **p,
    size_t *len, size_t max)
{
    size_t start = rd->off;
    uint32_t n;
    int r = DUET_ERR_INTERNAL;

    *p = NULL;
    *len = 0;
    if (max > DUET_BUF_MAX) {
        max = DUET_BUF_MAX;
    }

    if ((r = duet_buf_get_u32(rd, &n)) != 0) {
        goto out;
    }
    /* The limit is checked before the data: a huge claim is an attack. */
    if (n > max) {
        r = duet_buf_reader_fail(rd, DUET_ERR_LIMIT_EXCEEDED);
        goto out;
    }
    if ((r = duet_buf_take(rd, n, p)) != 0) {
        goto out;
    }
    *len = n;
    r = 0;

out:
    if (r != 0) {
        rd->off = start;
    }
    return r;
}


int
duet_buf_get_string(struct duet_buf_reader *rd, uint8_t *out,
    size_t out_size, size_t *out_len, size_t max)
{
    const uint8_t *p;
    size_t start = rd->off, n;
    int r = DUET_ERR_INTERNAL;

    VERIFY_CHECK(out != NULL || out_size == 0);

    *out_len = 0;
    if ((r = duet_buf_get_string_direct(rd, &p, &n, max)) != 0) {
        goto out;
    }
    if (n > out_size) {
        r = duet_buf_reader_fail(rd, DUET_ERR_BUFFER_TOO_SMALL);
        goto out;
    }
    if (n > 0) {
        memcpy(out, p, n);
    }
    *out_len = n;
    r = 0;

out:
    if (r != 0) {
        rd->off = start;
        duet_memclear(out, out_size);
    }
    return r;
}


int
duet_buf_get_bn_direct(struct duet_buf_reader *rd, const uint8_t **p,
    size_t *len, size_t max)
{
    size_t start = rd->off;
    int r = DUET_ERR_INTERNAL;

    if (max > DUET_BN_MAX_BYTES) {
        max = DUET_BN_MAX_BYTES;
    }

    if ((r = duet_buf_get_string_direct(rd, p, len, max)) != 0) {
        goto out;
    }
    /* Minimal magnitude only: one value, one encoding. */
    if (*len > 0 && (*p)[0] == 0) {
        r = duet_buf_reader_fail(rd, DUET_ERR_NON_CANONICAL);
        goto out;
    }
    r = 0;

out:
    if (r != 0) {
        rd->off = start;
        *p = NULL;
        *len = 0;
    }
    return r;
}


int
duet_buf_get_sbn_direct(struct duet_buf_reader *rd, int *negative,
    const uint8_t **p, size_t *len, size_t max)
{
    size_t start = rd->off;
    uint8_t sign;
    int r = DUET_ERR_INTERNAL;

    *negative = 0;
    *p = NULL;
    *len = 0;

    if ((r = duet_buf_get_u8(rd, &sign)) != 0) {
        goto out;
    }
    if (sign > 1) {
        r = duet_buf_reader_fail(rd, DUET_ERR_NON_CANONICAL);
        goto out;
    }
    if ((r = duet_buf_get_bn_direct(rd, p, len, max)) != 0) {
        goto out;
    }
    if (sign == 1 && *len == 0) {
        /* Negative zero. */
        r = duet_buf_reader_fail(rd, DUET_ERR_NON_CANONICAL);
        goto out;
    }
    *negative = sign;
    r = 0;

out:
    if (r != 0) {
        rd->off = start;
        *p = NULL;
        *len = 0;
    }
    return r;
}


/* Writer. */

static int
duet_buf_writer_fail(struct duet_buf_writer *w, int err)
{
    if (w->err == 0) {
        w->err = err;
    }

    return w->err;
}


/* Returns: the sticky error, DUET_ERR_INTERNAL if *w is corrupt, or 0. */
static int
duet_buf_writer_check(struct duet_buf_writer *w)
{
    if (w->err != 0) {
        return w->err;
    }
    if (w->len > w->cap || w->len > w->max || w->max > DUET_BUF_MAX
        || (w->p == NULL && w->cap != 0)
        || (w->growable && w->cap > w->max))
    {
        return duet_buf_writer_fail(w, DUET_ERR_INTERNAL);
    }

    return 0;
}


/* Move a growable writer's contents into a block of at least need bytes. */
static int
duet_buf_grow(struct duet_buf_writer *w, size_t need)
{
    size_t cap = w->cap > DUET_BUF_INITIAL_CAP ? w->cap : DUET_BUF_INITIAL_CAP;
    uint8_t *np = NULL;
    int r = DUET_ERR_INTERNAL;

    /* need <= max <= DUET_BUF_MAX, so doubling cannot overflow. */
    while (cap < need) {
        cap *= 2;
    }
    if (cap > w->max) {
        cap = w->max;
    }

    if ((np = duet_alloc(cap)) == NULL) {
        r = duet_buf_writer_fail(w, DUET_ERR_NO_MEMORY);
        goto out;
    }
    if (w->len > 0) {
        memcpy(np, w->p, w->len);
    }
    /* The old block may hold secrets: wipe it, never realloc in place. */
    duet_free_wipe(w->p, w->cap);
    w->p = np;
    w->cap = cap;
    r = 0;

out:
    return r;
}


/*
 * Claim the next n bytes of output.  A field is reserved whole, so a
 * failed put leaves the output as it was.
 *
 * Returns: 0 or an error (now sticky).
 * Out:     dst: where to write the n bytes (NULL on failure or if n is 0).
 */
static int
duet_buf_reserve(struct duet_buf_writer *w, size_t n, uint8_t **dst)
{
    size_t need;
    int r = DUET_ERR_INTERNAL;

    *dst = NULL;
    if ((r = duet_buf_writer_check(w)) != 0) {
        goto out;
    }
    if (n > DUET_BUF_MAX) {
        r = duet_buf_writer_fail(w, DUET_ERR_LIMIT_EXCEEDED);
        goto out;
    }
    need = w->len + n;
    if (!w->growable && need > w->cap) {
        r = duet_buf_writer_fail(w, DUET_ERR_BUFFER_TOO_SMALL);
        goto out;
    }
    if (need > w->max) {
        r = duet_buf_writer_fail(w, DUET_ERR_LIMIT_EXCEEDED);
        goto out;
    }
    if (need > w->cap && (r = duet_buf_grow(w, need)) != 0) {
        goto out;
    }
    if (n > 0) {
        *dst = w->p + w->len;
        w->len = need;
    }
    r = 0;

out:
    return r;
}


/* Write a u32 length and n bytes at dst (4 + n bytes reserved). */
static void
duet_buf_fill_string(uint8_t *dst, const uint8_t *p, size_t n)
{
    duet_buf_store_be(dst, n, 4);
    if (n > 0) {
        memcpy(dst + 4, p, n);
    }
}


/* Returns: the length of mag[0..n) without its leading zero bytes. */
static size_t
duet_buf_bn_strip(const uint8_t **mag, size_t n)
{
    while (n > 0 && (*mag)[0] == 0) {
        (*mag)++;
        n--;
    }

    return n;
}


void
duet_buf_writer_init(struct duet_buf_writer *w, uint8_t *mem, size_t cap)
{
    VERIFY_CHECK(w != NULL);
    VERIFY_CHECK(mem != NULL || cap == 0);

    w->p = mem;
    w->len = 0;
    w->cap = mem != NULL ? cap : 0;
    w->max = DUET_BUF_MAX;
    w->growable = 0;
    w->err = 0;
}


void
duet_buf_writer_init_alloc(struct duet_buf_writer *w, size_t max)
{
    VERIFY_CHECK(w != NULL);

    w->p = NULL;
    w->len = 0;
    w->cap = 0;
    w->max = max < DUET_BUF_MAX ? max : DUET_BUF_MAX;
    w->growable = 1;
    w->err = 0;
}


void
duet_buf_writer_free(struct duet_buf_writer *w)
{
    if (w->growable) {
        duet_free_wipe(w->p, w->cap);
    }
    w->p = NULL;
    w->len = 0;
    w->cap = 0;
    w->max = 0;
    w->growable = 0;
    w->err = 0;
}


int
duet_buf_writer_error(const struct duet_buf_writer *w)
{
    return w->err;
}


const uint8_t *
duet_buf_writer_ptr(const struct duet_buf_writer *w)
{
    return w->p;
}


size_t
duet_buf_writer_len(const struct duet_buf_writer *w)
{
    return w->len;
}


/* Append an n-byte big-endian integer, n <= 8. */
static int
duet_buf_put_be(struct duet_buf_writer *w, uint64_t v, size_t n)
{
    uint8_t *dst;
    int r = DUET_ERR_INTERNAL;

    if ((r = duet_buf_reserve(w, n, &dst)) != 0) {
        goto out;
    }
    duet_buf_store_be(dst, v, n);
    r = 0;

out:
    return r;
}


int
duet_buf_put_u8(struct duet_buf_writer *w, uint8_t v)
{
    return duet_buf_put_be(w, v, 1);
}


int
duet_buf_put_u16(struct duet_buf_writer *w, uint16_t v)
{
    return duet_buf_put_be(w, v, 2);
}


int
duet_buf_put_u32(struct duet_buf_writer *w, uint32_t v)
{
    return duet_buf_put_be(w, v, 4);
}


int
duet_buf_put_u64(struct duet_buf_writer *w, uint64_t v)
{
    return duet_buf_put_be(w, v, 8);
}


int
duet_buf_put_bytes(struct duet_buf_writer *w, const uint8_t *p, size_t n)
{
    uint8_t *dst;
    int r = DUET_ERR_INTERNAL;

    VERIFY_CHECK(p != NULL || n == 0);

    if ((r = duet_buf_reserve(w, n, &dst)) != 0) {
        goto out;
    }
    if (n > 0) {
        memcpy(dst, p, n);
    }
    r = 0;

out:
    return r;
}


int
duet_buf_put_string(struct duet_buf_writer *w, const uint8_t *p, size_t n)
{
    uint8_t *dst;
    int r = DUET_ERR_INTERNAL;

    VERIFY_CHECK(p != NULL || n == 0);

    /* n <= DUET_BUF_MAX also keeps 4 + n from overflowing. */
    if (n > DUET_BUF_MAX) {
        r = duet_buf_writer_fail(w, DUET_ERR_LIMIT_EXCEEDED);
        goto out;
    }
    if ((r = duet_buf_reserve(w, 4 + n, &dst)) != 0) {
        goto out;
    }
    duet_buf_fill_string(dst, p, n);
    r = 0;

out:
    return r;
}


int
duet_buf_put_bn(struct duet_buf_writer *w, const uint8_t *mag, size_t n)
{
    int r = DUET_ERR_INTERNAL;

    VERIFY_CHECK(mag != NULL || n == 0);

    n = duet_buf_bn_strip(&mag, n);
    if (n > DUET_BN_MAX_BYTES) {
        r = duet_buf_writer_fail(w, DUET_ERR_LIMIT_EXCEEDED);
        goto out;
    }
    r = duet_buf_put_string(w, mag, n);

out:
    return r;
}


int
duet_buf_put_sbn(struct duet_buf_writer *w, int negative, const uint8_t *mag,
    size_t n)
{
    uint8_t *dst;
    int r = DUET_ERR_INTERNAL;

    VERIFY_CHECK(mag != NULL || n == 0);

    n = duet_buf_bn_strip(&mag, n);
    if (n > DUET_BN_MAX_BYTES) {
        r = duet_buf_writer_fail(w, DUET_ERR_LIMIT_EXCEEDED);
        goto out;
    }
    if ((r = duet_buf_reserve(w, 1 + 4 + n, &dst)) != 0) {
        goto out;
    }
    /* Zero is written as non-negative: never emit negative zero. */
    dst[0] = (uint8_t) (negative != 0 && n > 0);
    duet_buf_fill_string(dst + 1, mag, n);
    r = 0;

out:
    return r;
}
