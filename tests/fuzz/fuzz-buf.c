/*
 * fuzz-buf.c -- libFuzzer harness for the bounded reader (codec/buf.c).
 *
 * The input is a small program and its data:
 *
 *   byte 0        number of operations, (b & 15) + 1
 *   next bytes    one byte per operation: low 3 bits pick the field type,
 *                 the high 5 bits a length or limit
 *   the rest      the bytes the reader parses
 *
 * After every operation the harness checks the reader's contract and
 * aborts on a violation: the position never passes the end; a failure is
 * sticky, leaves the position alone and clears outputs; and whatever was
 * accepted re-encodes, through the writer, to exactly the bytes consumed
 * (one value, one encoding).
 *
 * The unit under test is included, so a clang build instruments all of it;
 * the replay build links the rest of crypto/libduet-test.a.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "codec/buf.c"

#include "fuzz.h"

#define FUZZ_BUF_MAX_OPS  16

/* Run one operation; returns its result, with enc/enc_len its re-encoding. */
static int
fuzz_buf_op(struct duet_buf_reader *rd, uint8_t op, uint8_t *enc,
    size_t enc_cap, size_t *enc_len)
{
    struct duet_buf_writer w;
    uint8_t v8, copy[64];
    uint16_t v16;
    uint32_t v32;
    uint64_t v64;
    const uint8_t *p = NULL;
    size_t len = 0, arg = op >> 3;
    int r, neg = 0;

    duet_buf_writer_init(&w, enc, enc_cap);

    switch (op & 7) {
    case 0:
        r = duet_buf_get_u8(rd, &v8);
        fuzz_assert(r == 0 || v8 == 0);
        (void) duet_buf_put_u8(&w, v8);
        break;
    case 1:
        r = duet_buf_get_u16(rd, &v16);
        fuzz_assert(r == 0 || v16 == 0);
        (void) duet_buf_put_u16(&w, v16);
        break;
    case 2:
        r = duet_buf_get_u32(rd, &v32);
        fuzz_assert(r == 0 || v32 == 0);
        (void) duet_buf_put_u32(&w, v32);
        break;
    case 3:
        r = duet_buf_get_u64(rd, &v64);
        fuzz_assert(r == 0 || v64 == 0);
        (void) duet_buf_put_u64(&w, v64);
        break;
    case 4:
        r = duet_buf_get_bytes(rd, copy, arg);
        fuzz_assert(r == 0 || duet_ct_is_zero(copy, arg));
        (void) duet_buf_put_bytes(&w, copy, arg);
        break;
    case 5:
        /* out_size 32 below limits up to 124: BUFFER_TOO_SMALL is reachable. */
        r = duet_buf_get_string(rd, copy, 32, &len, arg * 4);
        fuzz_assert(r == 0 ? len <= 32 && len <= arg * 4
            : len == 0 && duet_ct_is_zero(copy, 32));
        (void) duet_buf_put_string(&w, copy, len);
        break;
    case 6:
        r = duet_buf_get_bn_direct(rd, &p, &len, arg * 2);
        fuzz_assert(r == 0 ? len <= arg * 2 && (len == 0 || p[0] != 0)
            : p == NULL && len == 0);
        (void) duet_buf_put_bn(&w, p, len);
        break;
    default:
        r = duet_buf_get_sbn_direct(rd, &neg, &p, &len, arg);
        fuzz_assert(r == 0 ? len <= arg && (len == 0 || p[0] != 0)
            && (neg == 0 || (neg == 1 && len > 0))
            : p == NULL && len == 0 && neg == 0);
        (void) duet_buf_put_sbn(&w, neg, p, len);
        break;
    }

    fuzz_assert(duet_buf_writer_error(&w) == 0);
    *enc_len = duet_buf_writer_len(&w);

    return r;
}


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct duet_buf_reader rd;
    uint8_t enc[256];
    const uint8_t *ops;
    size_t nops, i, off, enc_len;
    int r, before;

    if (size == 0) {
        return 0;
    }
    nops = (size_t) (data[0] & 15) + 1;
    if (nops > size - 1) {
        nops = size - 1;
    }
    ops = data + 1;
    duet_buf_reader_init(&rd, data + 1 + nops, size - 1 - nops);

    for (i = 0; i < nops && i < FUZZ_BUF_MAX_OPS; i++) {
        before = duet_buf_reader_error(&rd);
        off = rd.off;
        r = fuzz_buf_op(&rd, ops[i], enc, sizeof(enc), &enc_len);

        fuzz_assert(rd.off <= rd.len);
        if (before != 0) {
            /* Sticky: the first error, and nothing moves. */
            fuzz_assert(r == before && rd.off == off);
        } else if (r != 0) {
            fuzz_assert(r == duet_buf_reader_error(&rd) && rd.off == off);
            fuzz_assert(duet_buf_reader_remaining(&rd) == 0);
        } else {
            /* Canonical: the value re-encodes to the bytes consumed. */
            fuzz_assert(rd.off - off == enc_len);
            fuzz_assert(enc_len == 0
                || memcmp(rd.p + off, enc, enc_len) == 0);
        }
    }

    before = duet_buf_reader_error(&rd);
    r = duet_buf_reader_end(&rd);
    if (before != 0) {
        fuzz_assert(r == before);
    } else if (rd.off == rd.len) {
        fuzz_assert(r == 0);
    } else {
        fuzz_assert(r == DUET_ERR_TRAILING_DATA);
    }

    return 0;
}
