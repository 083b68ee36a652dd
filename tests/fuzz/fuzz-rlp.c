/*
 * fuzz-rlp.c -- libFuzzer harness for the RLP reader and writer
 * (chain/rlp.c).
 *
 * The input is parsed as one RLP item twice: by duet_rlp_check(), and by a
 * recursive walk with the streaming reader that re-encodes every item it
 * accepts through the writer.  The harness aborts unless:
 *
 *   - both give the same verdict, and a rejection is one of the codes
 *     rlp.h documents for the reader;
 *   - an accepted input re-encodes to exactly itself (one value, one
 *     encoding);
 *   - a failed read is sticky, clears its outputs and leaves nothing to
 *     read;
 *   - for every string, get_uint accepts it exactly when it is empty or
 *     has no leading zero; get_u64 refuses more than 8 bytes as
 *     LIMIT_EXCEEDED, else accepts exactly what get_uint does; and
 *     put_u64 of the value gives the same bytes back.
 *
 * codec/buf.c is included too (rlp.c reads and writes through it), so a
 * clang build instruments both; the replay build links the rest of
 * crypto/libduet-test.a.  The input is copied to a block of exactly its
 * size, so that ASan catches an overread in the replay build as well.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "codec/buf.c"
#include "chain/rlp.c"

/* Larger inputs teach the fuzzer nothing new. */
#define FUZZ_RLP_MAX_INPUT  65536

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);


static void
fuzz_assert(int cond)
{
    if (!cond) {
        abort();
    }
}


static int
fuzz_documented(int r)
{
    return r == DUET_ERR_TRUNCATED || r == DUET_ERR_NON_CANONICAL
        || r == DUET_ERR_TRAILING_DATA || r == DUET_ERR_LIMIT_EXCEEDED;
}


/* After a failure: sticky, nothing left, the next call fails alike. */
static void
fuzz_check_failed(struct duet_rlp_reader *rd, int r)
{
    const uint8_t *p = (const uint8_t *) "";
    size_t len = 1;

    fuzz_assert(r != 0 && duet_rlp_reader_error(rd) == r);
    fuzz_assert(duet_rlp_reader_remaining(rd) == 0);
    fuzz_assert(duet_rlp_get_bytes(rd, &p, &len, SIZE_MAX) == r);
    fuzz_assert(p == NULL && len == 0);
}


/* The integer views of the next item, which is a string of len bytes. */
static void
fuzz_check_uint(const struct duet_rlp_reader *rd, const uint8_t *s,
    size_t len)
{
    struct duet_rlp_reader u = *rd, u64 = *rd;
    struct duet_buf_writer w, ws;
    uint8_t enc[DUET_RLP_MAX_HEADER + 8], encs[DUET_RLP_MAX_HEADER + 8];
    uint8_t be[8];
    const uint8_t *p = NULL;
    size_t n = 1, i;
    uint64_t v = 1;
    int r, r64, canonical = len == 0 || s[0] != 0;

    r = duet_rlp_get_uint(&u, &p, &n, SIZE_MAX);
    fuzz_assert(canonical ? r == 0 && p == s && n == len
        : r == DUET_ERR_NON_CANONICAL && p == NULL && n == 0);

    /* The length limit is checked before the bytes are looked at. */
    r64 = duet_rlp_get_u64(&u64, &v);
    if (len > 8) {
        fuzz_assert(r64 == DUET_ERR_LIMIT_EXCEEDED && v == 0);
        return;
    }
    if (!canonical) {
        fuzz_assert(r64 == DUET_ERR_NON_CANONICAL && v == 0);
        return;
    }
    for (i = 0; i < 8; i++) {
        be[7 - i] = (uint8_t) (v >> (8 * i));
    }
    fuzz_assert(r64 == 0 && memcmp(be + 8 - len, s, len) == 0);

    /* The value written as a u64 is the string written as bytes. */
    duet_buf_writer_init(&w, enc, sizeof(enc));
    duet_buf_writer_init(&ws, encs, sizeof(encs));
    fuzz_assert(duet_rlp_put_u64(&w, v) == 0);
    fuzz_assert(duet_rlp_put_bytes(&ws, s, len) == 0);
    fuzz_assert(duet_buf_writer_len(&w) == duet_buf_writer_len(&ws));
    fuzz_assert(memcmp(enc, encs, duet_buf_writer_len(&w)) == 0);
}


/*
 * Read one item from rd and append its re-encoding to w.
 *
 * Returns: 0 or the reader's error.
 */
static int
fuzz_rlp_item(struct duet_rlp_reader *rd, struct duet_buf_writer *w)
{
    struct duet_rlp_reader list;
    const uint8_t *p = NULL;
    size_t len = 1, mark;
    int kind, r;

    if ((r = duet_rlp_peek_kind(rd, &kind)) != 0) {
        return r;
    }
    if (kind == DUET_RLP_LIST) {
        if ((r = duet_rlp_get_list(rd, &list)) != 0) {
            fuzz_check_failed(rd, r);
            fuzz_assert(duet_rlp_reader_error(&list) == r);
            return r;
        }
        fuzz_assert(duet_rlp_list_begin(w, &mark) == 0);
        while (duet_rlp_reader_remaining(&list) > 0) {
            if ((r = fuzz_rlp_item(&list, w)) != 0) {
                return r;
            }
        }
        fuzz_assert(duet_rlp_reader_end(&list) == 0);
        fuzz_assert(duet_rlp_list_end(w, mark) == 0);
        return 0;
    }

    {
        struct duet_rlp_reader peek = *rd;

        /* Look at the string first, then check its integer views. */
        r = duet_rlp_get_bytes(&peek, &p, &len, SIZE_MAX);
        if (r == 0) {
            fuzz_check_uint(rd, p, len);
        }
    }
    if ((r = duet_rlp_get_bytes(rd, &p, &len, SIZE_MAX)) != 0) {
        fuzz_check_failed(rd, r);
        return r;
    }
    fuzz_assert(p != NULL);
    fuzz_assert(duet_rlp_put_bytes(w, p, len) == 0);

    return 0;
}


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct duet_rlp_reader rd;
    struct duet_buf_writer w;
    uint8_t *in;
    int r, rw;

    if (size > FUZZ_RLP_MAX_INPUT) {
        return 0;
    }
    in = malloc(size != 0 ? size : 1);
    fuzz_assert(in != NULL);
    if (size > 0) {
        memcpy(in, data, size);
    }

    r = duet_rlp_check(in, size);
    fuzz_assert(r == 0 || fuzz_documented(r));

    duet_rlp_reader_init(&rd, in, size);
    duet_buf_writer_init_alloc(&w, FUZZ_RLP_MAX_INPUT);
    rw = fuzz_rlp_item(&rd, &w);
    if (rw == 0) {
        rw = duet_rlp_reader_end(&rd);
    }
    fuzz_assert(rw == r);
    if (r == 0) {
        fuzz_assert(duet_buf_writer_error(&w) == 0);
        fuzz_assert(duet_buf_writer_len(&w) == size);
        fuzz_assert(memcmp(duet_buf_writer_ptr(&w), in, size) == 0);
    }
    duet_buf_writer_free(&w);
    free(in);

    return 0;
}
