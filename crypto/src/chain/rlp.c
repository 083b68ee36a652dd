/*
 * rlp.c -- strict RLP reader and writer; see rlp.h for the format and the
 * error for each non-canonical form.
 *
 * The reader never parses from its live cursor: each call works on a copy
 * of the underlying duet_buf_reader and stores it back only when the whole
 * item was accepted.  So a failed call leaves the position where it was,
 * and the error (kept in the rlp reader, sticky) is the only trace.
 */

#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "duet.h"
#include "chain/rlp.h"
#include "codec/buf.h"
#include "util/check.h"

/* First bytes of the four header forms. */
#define DUET_RLP_STRING_BASE    0x80
#define DUET_RLP_LIST_BASE      0xc0
/* Payloads up to this length use the one-byte (short) header. */
#define DUET_RLP_SHORT_MAX      55

/* What duet_rlp_get_item() is asked for. */
#define DUET_RLP_WANT_BYTES     0
#define DUET_RLP_WANT_UINT      1
#define DUET_RLP_WANT_LIST      2

STATIC_ASSERT(DUET_RLP_MAX_SIZE <= DUET_BUF_MAX,
    "the rlp reader relies on the codec reader's bound");


/* Make err the reader's sticky error unless it already has one. */
static int
duet_rlp_fail(struct duet_rlp_reader *rd, int err)
{
    if (rd->err == 0) {
        rd->err = err;
    }

    return rd->err;
}


/* Returns: the sticky error, DUET_ERR_INTERNAL if *rd is corrupt, or 0. */
static int
duet_rlp_reader_check(struct duet_rlp_reader *rd)
{
    int r;

    if (rd->err != 0) {
        return rd->err;
    }
    if ((r = duet_buf_reader_error(&rd->buf)) != 0) {
        return duet_rlp_fail(rd, r);
    }
    if (rd->depth > DUET_RLP_MAX_DEPTH) {
        return duet_rlp_fail(rd, DUET_ERR_INTERNAL);
    }

    return 0;
}


/*
 * Parse the header of the next item, leaving b at its payload.
 *
 * Returns: 0, DUET_ERR_TRUNCATED, DUET_ERR_NON_CANONICAL (a long form that
 *          a short one would fit, a length with a leading zero), or
 *          DUET_ERR_LIMIT_EXCEEDED (a length over DUET_RLP_MAX_SIZE).
 * Out:     kind: DUET_RLP_BYTES or DUET_RLP_LIST.
 *          len:  the payload's length.
 *          self: for a byte below 0x80, which is its own payload, that
 *                byte inside the input; else NULL.
 */
static int
duet_rlp_header(struct duet_buf_reader *b, int *kind, size_t *len,
    const uint8_t **self)
{
    const uint8_t *hp, *lp;
    uint64_t n;
    size_t ll, i;
    int r = DUET_ERR_INTERNAL;

    *kind = DUET_RLP_BYTES;
    *len = 0;
    *self = NULL;

    if ((r = duet_buf_get_bytes_direct(b, &hp, 1)) != 0) {
        goto out;
    }
    if (hp[0] < DUET_RLP_STRING_BASE) {
        *self = hp;
        *len = 1;
        r = 0;
        goto out;
    }
    if (hp[0] >= DUET_RLP_LIST_BASE) {
        *kind = DUET_RLP_LIST;
        n = hp[0] - DUET_RLP_LIST_BASE;
    } else {
        n = hp[0] - DUET_RLP_STRING_BASE;
    }
    if (n <= DUET_RLP_SHORT_MAX) {
        *len = (size_t) n;
        r = 0;
        goto out;
    }

    /* Long form: the next 1..8 bytes hold the length. */
    ll = (size_t) n - DUET_RLP_SHORT_MAX;
    if ((r = duet_buf_get_bytes_direct(b, &lp, ll)) != 0) {
        goto out;
    }
    if (lp[0] == 0) {
        r = DUET_ERR_NON_CANONICAL;
        goto out;
    }
    for (n = 0, i = 0; i < ll; i++) {
        n = (n << 8) | lp[i];
    }
    if (n <= DUET_RLP_SHORT_MAX) {
        r = DUET_ERR_NON_CANONICAL;
        goto out;
    }
    /* Such a payload could never be present; say why, not "truncated". */
    if (n > DUET_RLP_MAX_SIZE) {
        r = DUET_ERR_LIMIT_EXCEEDED;
        goto out;
    }
    *len = (size_t) n;
    r = 0;

out:
    return r;
}


/*
 * Read the next item, which must be what want says, with a payload of at
 * most max bytes.  All or nothing: on failure rd does not move and its
 * sticky error is set.
 *
 * Out: p, len: the payload inside the input (NULL and 0 on failure).
 */
static int
duet_rlp_get_item(struct duet_rlp_reader *rd, int want, size_t max,
    const uint8_t **p, size_t *len)
{
    struct duet_buf_reader b;
    const uint8_t *self;
    size_t n;
    int kind, r = DUET_ERR_INTERNAL;

    *p = NULL;
    *len = 0;
    if ((r = duet_rlp_reader_check(rd)) != 0) {
        goto out;
    }
    b = rd->buf;

    if ((r = duet_rlp_header(&b, &kind, &n, &self)) != 0) {
        goto out;
    }
    if (kind != (want == DUET_RLP_WANT_LIST ? DUET_RLP_LIST : DUET_RLP_BYTES)) {
        r = DUET_ERR_BAD_ENCODING;
        goto out;
    }
    if (kind == DUET_RLP_LIST && rd->depth >= DUET_RLP_MAX_DEPTH) {
        r = DUET_ERR_LIMIT_EXCEEDED;
        goto out;
    }
    /* The limit is checked before the payload: a huge claim is an attack. */
    if (n > max) {
        r = DUET_ERR_LIMIT_EXCEEDED;
        goto out;
    }

    if (self != NULL) {
        *p = self;
    } else {
        if ((r = duet_buf_get_bytes_direct(&b, p, n)) != 0) {
            goto out;
        }
        /* A byte below 0x80 is its own encoding, never 0x81 then it. */
        if (kind == DUET_RLP_BYTES && n == 1
            && (*p)[0] < DUET_RLP_STRING_BASE)
        {
            r = DUET_ERR_NON_CANONICAL;
            goto out;
        }
    }
    if (want == DUET_RLP_WANT_UINT && n > 0 && (*p)[0] == 0) {
        r = DUET_ERR_NON_CANONICAL;
        goto out;
    }
    *len = n;
    r = 0;

out:
    if (r != 0) {
        *p = NULL;
        r = duet_rlp_fail(rd, r);
    } else {
        rd->buf = b;
    }
    return r;
}


/* Reader. */

void
duet_rlp_reader_init(struct duet_rlp_reader *rd, const uint8_t *p,
    size_t len)
{
    VERIFY_CHECK(rd != NULL);
    VERIFY_CHECK(p != NULL || len == 0);

    duet_buf_reader_init(&rd->buf, p, len);
    rd->depth = 0;
    rd->err = duet_buf_reader_error(&rd->buf);
}


int
duet_rlp_reader_error(const struct duet_rlp_reader *rd)
{
    return rd->err != 0 ? rd->err : duet_buf_reader_error(&rd->buf);
}


size_t
duet_rlp_reader_remaining(const struct duet_rlp_reader *rd)
{
    if (rd->err != 0) {
        return 0;
    }

    return duet_buf_reader_remaining(&rd->buf);
}


int
duet_rlp_reader_end(struct duet_rlp_reader *rd)
{
    int r = DUET_ERR_INTERNAL;

    if ((r = duet_rlp_reader_check(rd)) != 0) {
        goto out;
    }
    if ((r = duet_buf_reader_end(&rd->buf)) != 0) {
        r = duet_rlp_fail(rd, r);
        goto out;
    }
    r = 0;

out:
    return r;
}


int
duet_rlp_peek_kind(const struct duet_rlp_reader *rd, int *kind)
{
    struct duet_buf_reader b;
    const uint8_t *hp;
    int r = DUET_ERR_INTERNAL;

    *kind = DUET_RLP_BYTES;
    if ((r = duet_rlp_reader_error(rd)) != 0) {
        goto out;
    }
    b = rd->buf;
    if ((r = duet_buf_get_bytes_direct(&b, &hp, 1)) != 0) {
        goto out;
    }
    *kind = hp[0] >= DUET_RLP_LIST_BASE ? DUET_RLP_LIST : DUET_RLP_BYTES;
    r = 0;

out:
    return r;
}


int
duet_rlp_get_bytes(struct duet_rlp_reader *rd, const uint8_t **p,
    size_t *len, size_t max)
{
    if (max > DUET_RLP_MAX_SIZE) {
        max = DUET_RLP_MAX_SIZE;
    }

    return duet_rlp_get_item(rd, DUET_RLP_WANT_BYTES, max, p, len);
}


int
duet_rlp_get_uint(struct duet_rlp_reader *rd, const uint8_t **p,
    size_t *len, size_t max)
{
    if (max > DUET_RLP_MAX_SIZE) {
        max = DUET_RLP_MAX_SIZE;
    }

    return duet_rlp_get_item(rd, DUET_RLP_WANT_UINT, max, p, len);
}


int
duet_rlp_get_u64(struct duet_rlp_reader *rd, uint64_t *v)
{
    const uint8_t *p;
    size_t len, i;
    int r = DUET_ERR_INTERNAL;

    *v = 0;
    if ((r = duet_rlp_get_uint(rd, &p, &len, sizeof(*v))) != 0) {
        goto out;
    }
    for (i = 0; i < len; i++) {
        *v = (*v << 8) | p[i];
    }
    r = 0;

out:
    return r;
}


int
duet_rlp_get_list(struct duet_rlp_reader *rd, struct duet_rlp_reader *list)
{
    const uint8_t *p;
    size_t len;
    int r = DUET_ERR_INTERNAL;

    VERIFY_CHECK(list != rd);

    r = duet_rlp_get_item(rd, DUET_RLP_WANT_LIST, DUET_RLP_MAX_SIZE, &p,
        &len);
    duet_buf_reader_init(&list->buf, p, len);
    /* On success rd->depth < DUET_RLP_MAX_DEPTH (duet_rlp_get_item). */
    list->depth = r == 0 ? rd->depth + 1 : rd->depth;
    list->err = r;

    return r;
}


/*
 * Read one item from rd.  A list is opened in *next and *top goes up by
 * one; the caller then walks next.
 */
static int
duet_rlp_check_item(struct duet_rlp_reader *rd, struct duet_rlp_reader *next,
    size_t *top)
{
    const uint8_t *p;
    size_t len;
    int kind, r = DUET_ERR_INTERNAL;

    if ((r = duet_rlp_peek_kind(rd, &kind)) != 0) {
        goto out;
    }
    if (kind == DUET_RLP_LIST) {
        if ((r = duet_rlp_get_list(rd, next)) != 0) {
            goto out;
        }
        (*top)++;
    } else if ((r = duet_rlp_get_bytes(rd, &p, &len, DUET_RLP_MAX_SIZE))
        != 0)
    {
        goto out;
    }
    r = 0;

out:
    return r;
}


int
duet_rlp_check(const uint8_t *p, size_t len)
{
    /*
     * st[d] walks the list open at depth d (st[0]: the input).  One spare
     * entry: at the depth limit get_list still fills in the failed child.
     */
    struct duet_rlp_reader st[DUET_RLP_MAX_DEPTH + 2];
    size_t top = 0;
    int r = DUET_ERR_INTERNAL;

    duet_rlp_reader_init(&st[0], p, len);

    /* Exactly one item at the top. */
    if ((r = duet_rlp_check_item(&st[0], &st[1], &top)) != 0) {
        goto out;
    }
    while (top > 0) {
        VERIFY_CHECK(top <= DUET_RLP_MAX_DEPTH && st[top].depth == top);
        if (duet_rlp_reader_remaining(&st[top]) == 0) {
            if ((r = duet_rlp_reader_end(&st[top])) != 0) {
                goto out;
            }
            top--;
            continue;
        }
        if ((r = duet_rlp_check_item(&st[top], &st[top + 1], &top)) != 0) {
            goto out;
        }
    }
    if ((r = duet_rlp_reader_end(&st[0])) != 0) {
        goto out;
    }
    r = 0;

out:
    return r;
}


/* Writer. */

/*
 * Encode the header of an item with an n-byte payload: base is 0x80 for
 * a string, 0xc0 for a list.
 *
 * Returns: the header's length, 1 to DUET_RLP_MAX_HEADER.
 */
static size_t
duet_rlp_header_encode(uint8_t hdr[DUET_RLP_MAX_HEADER], uint8_t base,
    size_t n)
{
    uint64_t v = n;
    size_t ll = 0, i;

    if (n <= DUET_RLP_SHORT_MAX) {
        hdr[0] = (uint8_t) (base + n);
        return 1;
    }
    while (v != 0) {
        ll++;
        v >>= 8;
    }
    hdr[0] = (uint8_t) (base + DUET_RLP_SHORT_MAX + ll);
    for (i = 0, v = n; i < ll; i++, v >>= 8) {
        hdr[ll - i] = (uint8_t) v;
    }

    return ll + 1;
}


int
duet_rlp_put_bytes(struct duet_buf_writer *w, const uint8_t *p, size_t n)
{
    uint8_t hdr[DUET_RLP_MAX_HEADER];
    size_t h;
    int r = DUET_ERR_INTERNAL;

    VERIFY_CHECK(p != NULL || n == 0);

    if (n == 1 && p[0] < DUET_RLP_STRING_BASE) {
        r = duet_buf_put_bytes(w, p, 1);
        goto out;
    }
    h = duet_rlp_header_encode(hdr, DUET_RLP_STRING_BASE, n);
    if ((r = duet_buf_put_bytes(w, hdr, h)) != 0) {
        goto out;
    }
    if ((r = duet_buf_put_bytes(w, p, n)) != 0) {
        goto out;
    }
    r = 0;

out:
    return r;
}


int
duet_rlp_put_uint(struct duet_buf_writer *w, const uint8_t *mag, size_t n)
{
    VERIFY_CHECK(mag != NULL || n == 0);

    while (n > 0 && mag[0] == 0) {
        mag++;
        n--;
    }

    return duet_rlp_put_bytes(w, mag, n);
}


int
duet_rlp_put_u64(struct duet_buf_writer *w, uint64_t v)
{
    uint8_t be[8];
    size_t i;

    for (i = 0; i < sizeof(be); i++) {
        be[sizeof(be) - 1 - i] = (uint8_t) (v >> (8 * i));
    }

    return duet_rlp_put_uint(w, be, sizeof(be));
}


int
duet_rlp_list_begin(struct duet_buf_writer *w, size_t *mark)
{
    int r = DUET_ERR_INTERNAL;

    *mark = 0;
    if ((r = duet_buf_writer_error(w)) != 0) {
        goto out;
    }
    *mark = duet_buf_writer_len(w);
    r = 0;

out:
    return r;
}


int
duet_rlp_list_end(struct duet_buf_writer *w, size_t mark)
{
    uint8_t hdr[DUET_RLP_MAX_HEADER];
    size_t len, n, h;
    int r = DUET_ERR_INTERNAL;

    if ((r = duet_buf_writer_error(w)) != 0) {
        goto out;
    }
    len = duet_buf_writer_len(w);
    if (mark > len) {
        r = DUET_ERR_INTERNAL;
        goto out;
    }
    n = len - mark;
    h = duet_rlp_header_encode(hdr, DUET_RLP_LIST_BASE, n);

    /* Grow by the header's size (the writer may move its storage) ... */
    if ((r = duet_buf_put_bytes(w, hdr, h)) != 0) {
        goto out;
    }
    /*
     * ... then slide the items up and put the header in front of them.
     * This edits bytes the writer already holds, through the fields buf.h
     * documents (p, len); it never changes len or cap.
     */
    memmove(w->p + mark + h, w->p + mark, n);
    memcpy(w->p + mark, hdr, h);
    r = 0;

out:
    return r;
}
