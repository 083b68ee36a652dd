/*
 * codec-t.c -- tests for crypto/src/codec: the bounded reader and writer,
 * hex and base64url.  Besides known answers and every error path, a
 * deterministic mutation pass (bit flips and truncations of valid
 * encodings) checks that damaged input is rejected or decodes to something
 * else, and never crashes (run it under ASan or valgrind to mean that).
 */

#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "basic.h"
#include "duet.h"
#include "duet_util.h"
#include "codec/buf.h"
#include "util/mem.h"
#include "util/rand.h"

static unsigned long illegal_count;

/* Reports of the wiping free, from free_observer(). */
static unsigned long freed_blocks;
static unsigned long freed_dirty;

static const char b64url_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* One of each field type, in the order sample_write() puts them. */
struct sample {
    uint8_t u8;
    uint16_t u16;
    uint32_t u32;
    uint64_t u64;
    uint8_t fixed[5];
    const uint8_t *str;
    size_t str_len;
    const uint8_t *empty;
    size_t empty_len;
    const uint8_t *bn;
    size_t bn_len;
    const uint8_t *zero;
    size_t zero_len;
    int neg;
    const uint8_t *sbn;
    size_t sbn_len;
    int neg0;
    const uint8_t *sbn0;
    size_t sbn0_len;
};

/* The sample's encoding, field by field (see buf.h for the format). */
static const char sample_hex[] =
    "ab"                            /* u8 */
    "beef"                          /* u16 */
    "deadbeef"                      /* u32 */
    "0123456789abcdef"              /* u64 */
    "68656c6c6f"                    /* bytes[5] "hello" */
    "0000000568656c6c6f"            /* string "hello" */
    "00000000"                      /* string "" */
    "00000003010203"                /* bn 0x010203 (given as 0000010203) */
    "00000000"                      /* bn 0 */
    "010000000180"                  /* sbn -0x80 */
    "0000000000";                   /* sbn "-0" written as 0 */


static void
counting_illegal(const char *message, void *data)
{
    (void) message;
    (*(unsigned long *) data)++;
}


/* Check that call triggers one ARG_CHECK and returns INVALID_ARGUMENT. */
#define CHECK_ILLEGAL(call, desc)  do {                                      \
    unsigned long before_ = illegal_count;                                   \
    int r_ = (call);                                                         \
    ok(illegal_count - before_ == 1 && r_ == DUET_ERR_INVALID_ARGUMENT,      \
        "ARG_CHECK fires once, INVALID_ARGUMENT: %s", desc);                 \
} while (0)


static void
free_observer(const void *p, size_t n)
{
    const unsigned char *c = p;
    size_t i;

    freed_blocks++;
    for (i = 0; i < n; i++) {
        if (c[i] != 0) {
            freed_dirty++;
            break;
        }
    }
}


/* Test-side hex decoding, independent of the code under test. */
static size_t
unhex(uint8_t *out, const char *hex)
{
    size_t i, n = strlen(hex) / 2;
    char pair[3] = { 0, 0, 0 };

    for (i = 0; i < n; i++) {
        pair[0] = hex[2 * i];
        pair[1] = hex[2 * i + 1];
        out[i] = (uint8_t) strtoul(pair, NULL, 16);
    }

    return n;
}


static void
random_fill(uint8_t *p, size_t n)
{
    if (duet_random_bytes(p, n) != 0) {
        bail("duet_random_bytes failed");
    }
}


/* A uniform-enough number in [0, n) from the seeded stream. */
static size_t
random_below(size_t n)
{
    uint32_t v;

    random_fill((uint8_t *) &v, sizeof(v));

    return n == 0 ? 0 : v % n;
}


static int
all_zero(const uint8_t *p, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (p[i] != 0) {
            return 0;
        }
    }

    return 1;
}


/* Parse a sample, checking for errors only once, at the end. */
static int
sample_parse(const uint8_t *p, size_t len, struct sample *s)
{
    struct duet_buf_reader rd;

    memset(s, 0, sizeof(*s));
    duet_buf_reader_init(&rd, p, len);
    (void) duet_buf_get_u8(&rd, &s->u8);
    (void) duet_buf_get_u16(&rd, &s->u16);
    (void) duet_buf_get_u32(&rd, &s->u32);
    (void) duet_buf_get_u64(&rd, &s->u64);
    (void) duet_buf_get_bytes(&rd, s->fixed, sizeof(s->fixed));
    (void) duet_buf_get_string_direct(&rd, &s->str, &s->str_len, 64);
    (void) duet_buf_get_string_direct(&rd, &s->empty, &s->empty_len, 64);
    (void) duet_buf_get_bn_direct(&rd, &s->bn, &s->bn_len, 32);
    (void) duet_buf_get_bn_direct(&rd, &s->zero, &s->zero_len, 32);
    (void) duet_buf_get_sbn_direct(&rd, &s->neg, &s->sbn, &s->sbn_len, 32);
    (void) duet_buf_get_sbn_direct(&rd, &s->neg0, &s->sbn0, &s->sbn0_len, 32);

    return duet_buf_reader_end(&rd);
}


static int
sample_write(struct duet_buf_writer *w, const struct sample *s)
{
    (void) duet_buf_put_u8(w, s->u8);
    (void) duet_buf_put_u16(w, s->u16);
    (void) duet_buf_put_u32(w, s->u32);
    (void) duet_buf_put_u64(w, s->u64);
    (void) duet_buf_put_bytes(w, s->fixed, sizeof(s->fixed));
    (void) duet_buf_put_string(w, s->str, s->str_len);
    (void) duet_buf_put_string(w, s->empty, s->empty_len);
    (void) duet_buf_put_bn(w, s->bn, s->bn_len);
    (void) duet_buf_put_bn(w, s->zero, s->zero_len);
    (void) duet_buf_put_sbn(w, s->neg, s->sbn, s->sbn_len);
    (void) duet_buf_put_sbn(w, s->neg0, s->sbn0, s->sbn0_len);

    return duet_buf_writer_error(w);
}


/*
 * Returns: 1 if p[0..len) is rejected, or accepted and re-encoded to
 *          exactly p[0..len) (canonical form: one value, one encoding).
 */
static int
sample_reject_or_canonical(const uint8_t *p, size_t len)
{
    struct duet_buf_writer w;
    struct sample s;
    int good;

    if (sample_parse(p, len, &s) != 0) {
        return 1;
    }
    duet_buf_writer_init_alloc(&w, DUET_BUF_MAX);
    good = sample_write(&w, &s) == 0 && duet_buf_writer_len(&w) == len
        && memcmp(duet_buf_writer_ptr(&w), p, len) == 0;
    duet_buf_writer_free(&w);

    return good;
}


static void
test_buf_roundtrip(uint8_t *enc, size_t *enc_len)
{
    static const uint8_t bn_in[] = { 0, 0, 1, 2, 3 };
    static const uint8_t zero_in[] = { 0, 0 };
    static const uint8_t b80[] = { 0x80 };
    static const uint8_t z1[] = { 0 };
    struct duet_buf_writer w;
    struct sample s, t;
    uint8_t expect[128];
    size_t n;

    memset(&s, 0, sizeof(s));
    s.u8 = 0xab;
    s.u16 = 0xbeef;
    s.u32 = 0xdeadbeef;
    s.u64 = 0x0123456789abcdefULL;
    memcpy(s.fixed, "hello", 5);
    s.str = (const uint8_t *) "hello";
    s.str_len = 5;
    s.bn = bn_in;
    s.bn_len = sizeof(bn_in);
    s.zero = zero_in;
    s.zero_len = sizeof(zero_in);
    s.neg = 1;
    s.sbn = b80;
    s.sbn_len = sizeof(b80);
    s.neg0 = 1;
    s.sbn0 = z1;
    s.sbn0_len = sizeof(z1);

    duet_buf_writer_init_alloc(&w, 1024);
    is_int(0, sample_write(&w, &s), "writer: every field type");
    n = unhex(expect, sample_hex);
    is_int((long long) n, (long long) duet_buf_writer_len(&w),
        "writer: encoded length");
    is_blob(expect, duet_buf_writer_ptr(&w), n,
        "writer: the encoding is the documented one");
    memcpy(enc, duet_buf_writer_ptr(&w), n);
    *enc_len = n;
    duet_buf_writer_free(&w);
    duet_buf_writer_free(&w);
    ok(w.p == NULL && w.len == 0, "writer_free resets, and twice is safe");

    is_int(0, sample_parse(enc, n, &t), "reader: parses it all, end ok");
    ok(t.u8 == 0xab && t.u16 == 0xbeef && t.u32 == 0xdeadbeef
        && t.u64 == 0x0123456789abcdefULL, "reader: fixed-width integers");
    is_blob("hello", t.fixed, 5, "reader: fixed bytes");
    ok(t.str_len == 5 && memcmp(t.str, "hello", 5) == 0 && t.empty_len == 0,
        "reader: strings");
    ok(t.bn_len == 3 && memcmp(t.bn, bn_in + 2, 3) == 0 && t.zero_len == 0,
        "reader: bn (minimal magnitude) and zero");
    ok(t.neg == 1 && t.sbn_len == 1 && t.sbn[0] == 0x80 && t.neg0 == 0
        && t.sbn0_len == 0, "reader: sbn, and zero is never negative");
    ok(t.str >= enc && t.str + t.str_len <= enc + n,
        "reader: direct pointers point into the input");
}


static void
test_buf_truncation(const uint8_t *enc, size_t n)
{
    struct sample s;
    size_t len;
    unsigned long bad = 0;
    uint8_t *copy;
    int r;

    /* Every prefix: a heap copy of exactly len bytes, for ASan. */
    for (len = 0; len < n; len++) {
        copy = bmalloc(len);
        memcpy(copy, enc, len);
        r = sample_parse(copy, len, &s);
        if (r != DUET_ERR_TRUNCATED) {
            bad++;
            diag("prefix of %zu bytes: %s", len, duet_errname(r));
        }
        free(copy);
    }
    is_int(0, (long long) bad, "every proper prefix (%zu) is TRUNCATED", n);

    copy = bmalloc(n + 1);
    memcpy(copy, enc, n);
    copy[n] = 0;
    is_int(DUET_ERR_TRAILING_DATA, sample_parse(copy, n + 1, &s),
        "one byte too many is TRAILING_DATA");
    free(copy);
}


static void
test_buf_reader_errors(void)
{
    struct duet_buf_reader rd;
    uint8_t in[64], out[8];
    const uint8_t *p;
    size_t len, n;
    uint32_t v32;
    uint8_t v8;
    int neg;

    /* A length over the limit is refused before the data is looked at. */
    n = unhex(in, "ffffffff616263");
    duet_buf_reader_init(&rd, in, n);
    is_int(DUET_ERR_LIMIT_EXCEEDED,
        duet_buf_get_string_direct(&rd, &p, &len, 16),
        "string: length 2^32-1 with max 16 is LIMIT_EXCEEDED");
    ok(p == NULL && len == 0, "string: outputs cleared on failure");

    n = unhex(in, "0000000a616263");
    duet_buf_reader_init(&rd, in, n);
    is_int(DUET_ERR_TRUNCATED, duet_buf_get_string_direct(&rd, &p, &len, 16),
        "string: length 10, 3 bytes present: TRUNCATED");
    ok(rd.off == 0, "string: a failed field does not move the position");

    n = unhex(in, "0000000a00010203040506070809");
    duet_buf_reader_init(&rd, in, n);
    ok(duet_buf_get_string_direct(&rd, &p, &len, 10) == 0 && len == 10
        && duet_buf_reader_end(&rd) == 0, "string: length == max is fine");
    duet_buf_reader_init(&rd, in, n);
    is_int(DUET_ERR_LIMIT_EXCEEDED,
        duet_buf_get_string_direct(&rd, &p, &len, 9),
        "string: length == max + 1 is LIMIT_EXCEEDED");

    memset(out, 0xee, sizeof(out));
    n = unhex(in, "000000050102030405");
    duet_buf_reader_init(&rd, in, n);
    is_int(DUET_ERR_BUFFER_TOO_SMALL,
        duet_buf_get_string(&rd, out, 4, &len, 16),
        "string copy: 5 bytes into 4 is BUFFER_TOO_SMALL");
    ok(all_zero(out, 4) && out[4] == 0xee && len == 0,
        "string copy: out wiped (only its out_size bytes) on failure");
    is_int(0, (long long) rd.off,
        "string copy: BUFFER_TOO_SMALL does not move the position");
    duet_buf_reader_init(&rd, in, n);
    ok(duet_buf_get_string(&rd, out, 5, &len, 16) == 0 && len == 5
        && memcmp(out, in + 4, 5) == 0, "string copy: exact fit");

    /* A maximum above DUET_BUF_MAX acts as DUET_BUF_MAX. */
    in[0] = 0x00;
    in[1] = 0x10;
    in[2] = 0x00;
    in[3] = 0x01;
    duet_buf_reader_init(&rd, in, 4);
    is_int(DUET_ERR_LIMIT_EXCEEDED,
        duet_buf_get_string_direct(&rd, &p, &len, SIZE_MAX),
        "string: DUET_BUF_MAX + 1 is over any caller maximum");

    /* Fixed fields. */
    memset(out, 0xee, sizeof(out));
    n = unhex(in, "010203");
    duet_buf_reader_init(&rd, in, n);
    is_int(DUET_ERR_TRUNCATED, duet_buf_get_bytes(&rd, out, 4),
        "bytes: 4 of 3 is TRUNCATED");
    ok(all_zero(out, 4), "bytes: out wiped on failure");

    /* Stickiness. */
    duet_buf_reader_init(&rd, in, n);
    is_int(DUET_ERR_TRUNCATED, duet_buf_get_u32(&rd, &v32),
        "u32 from 3 bytes is TRUNCATED");
    v8 = 0x77;
    is_int(DUET_ERR_TRUNCATED, duet_buf_get_u8(&rd, &v8),
        "sticky: a u8 that would fit still fails, with the first error");
    ok(v8 == 0 && v32 == 0, "sticky: outputs zeroed");
    is_int(0, (long long) duet_buf_reader_remaining(&rd),
        "sticky: nothing remains");
    is_int(DUET_ERR_TRUNCATED, duet_buf_get_bn_direct(&rd, &p, &len, 8),
        "sticky: another kind of field, still the first error");
    is_int(DUET_ERR_TRUNCATED, duet_buf_reader_end(&rd),
        "sticky: reader_end reports it");
    is_int(DUET_ERR_TRUNCATED, duet_buf_reader_error(&rd),
        "sticky: reader_error reports it");

    duet_buf_reader_init(&rd, in, n);
    (void) duet_buf_get_u8(&rd, &v8);
    is_int(DUET_ERR_TRAILING_DATA, duet_buf_reader_end(&rd),
        "reader_end with 2 bytes left is TRAILING_DATA");
    is_int(DUET_ERR_TRAILING_DATA, duet_buf_get_u8(&rd, &v8),
        "and TRAILING_DATA is sticky too");

    duet_buf_reader_init(&rd, NULL, 0);
    ok(duet_buf_reader_end(&rd) == 0 && duet_buf_get_bytes_direct(&rd, &p, 0)
        == 0 && p != NULL, "an empty reader over NULL is fine");
    duet_buf_reader_init(&rd, in, DUET_BUF_MAX + 1);
    is_int(DUET_ERR_LIMIT_EXCEEDED, duet_buf_reader_error(&rd),
        "an input over DUET_BUF_MAX fails at once");

    /* Corruption of the structure is caught, not trusted. */
    duet_buf_reader_init(&rd, in, n);
    rd.off = n + 1;
    is_int(DUET_ERR_INTERNAL, duet_buf_get_u8(&rd, &v8),
        "a corrupt reader (off > len) is INTERNAL");

    /* bn */
    n = unhex(in, "000000020001");
    duet_buf_reader_init(&rd, in, n);
    is_int(DUET_ERR_NON_CANONICAL, duet_buf_get_bn_direct(&rd, &p, &len, 8),
        "bn: a leading zero byte is NON_CANONICAL");
    ok(rd.off == 0 && p == NULL && len == 0,
        "bn: failure restores the position and clears outputs");
    n = unhex(in, "0000000100");
    duet_buf_reader_init(&rd, in, n);
    is_int(DUET_ERR_NON_CANONICAL, duet_buf_get_bn_direct(&rd, &p, &len, 8),
        "bn: zero as a single 00 byte is NON_CANONICAL");
    n = unhex(in, "00000000");
    duet_buf_reader_init(&rd, in, n);
    ok(duet_buf_get_bn_direct(&rd, &p, &len, 8) == 0 && len == 0,
        "bn: zero is the empty string");
    n = unhex(in, "000000050102030405");
    duet_buf_reader_init(&rd, in, n);
    is_int(DUET_ERR_LIMIT_EXCEEDED, duet_buf_get_bn_direct(&rd, &p, &len, 4),
        "bn: 5 bytes with max 4 is LIMIT_EXCEEDED");

    /* sbn */
    n = unhex(in, "0100000000");
    duet_buf_reader_init(&rd, in, n);
    is_int(DUET_ERR_NON_CANONICAL,
        duet_buf_get_sbn_direct(&rd, &neg, &p, &len, 8),
        "sbn: negative zero is NON_CANONICAL");
    ok(rd.off == 0 && neg == 0 && p == NULL,
        "sbn: failure restores the position and clears outputs");
    n = unhex(in, "020000000105");
    duet_buf_reader_init(&rd, in, n);
    is_int(DUET_ERR_NON_CANONICAL,
        duet_buf_get_sbn_direct(&rd, &neg, &p, &len, 8),
        "sbn: sign byte 2 is NON_CANONICAL");
    n = unhex(in, "00000000020005");
    duet_buf_reader_init(&rd, in, n);
    is_int(DUET_ERR_NON_CANONICAL,
        duet_buf_get_sbn_direct(&rd, &neg, &p, &len, 8),
        "sbn: a leading zero in the magnitude is NON_CANONICAL");
    n = unhex(in, "010000000105");
    duet_buf_reader_init(&rd, in, n);
    ok(duet_buf_get_sbn_direct(&rd, &neg, &p, &len, 8) == 0 && neg == 1
        && len == 1 && p[0] == 5, "sbn: -5");
}


static void
test_buf_bn_limits(void)
{
    struct duet_buf_reader rd;
    struct duet_buf_writer w;
    uint8_t *mag, *enc;
    const uint8_t *p;
    size_t len, n = DUET_BN_MAX_BYTES;

    mag = bcalloc(1, n + 8);
    enc = bcalloc(1, n + 16);
    memset(mag + 8, 0xcc, n);

    /* Leading zeros are stripped, so this is exactly at the limit. */
    duet_buf_writer_init(&w, enc, n + 16);
    is_int(0, duet_buf_put_bn(&w, mag, n + 8),
        "put_bn: DUET_BN_MAX_BYTES after stripping 8 zeros");
    is_int((long long) n + 4, (long long) duet_buf_writer_len(&w),
        "put_bn: written minimally");
    duet_buf_reader_init(&rd, enc, n + 4);
    ok(duet_buf_get_bn_direct(&rd, &p, &len, SIZE_MAX) == 0 && len == n,
        "get_bn: DUET_BN_MAX_BYTES is accepted");

    mag[7] = 1;
    duet_buf_writer_init(&w, enc, n + 16);
    is_int(DUET_ERR_LIMIT_EXCEEDED, duet_buf_put_bn(&w, mag + 7, n + 1),
        "put_bn: DUET_BN_MAX_BYTES + 1 is LIMIT_EXCEEDED");
    is_int(DUET_ERR_LIMIT_EXCEEDED, duet_buf_put_sbn(&w, 1, mag + 7, n + 1),
        "put_sbn: likewise");

    duet_buf_writer_init(&w, enc, n + 16);
    is_int(0, duet_buf_put_string(&w, mag + 7, n + 1),
        "put_string of the same bytes is fine");
    duet_buf_reader_init(&rd, enc, n + 5);
    is_int(DUET_ERR_LIMIT_EXCEEDED,
        duet_buf_get_bn_direct(&rd, &p, &len, SIZE_MAX),
        "get_bn: DUET_BN_MAX_BYTES + 1 is over any caller maximum");

    free(mag);
    free(enc);
}


static void
test_buf_writer(void)
{
    struct duet_buf_writer w;
    uint8_t mem[6], *big;
    size_t i;
    unsigned long bad;

    duet_buf_writer_init(&w, mem, sizeof(mem));
    is_int(0, duet_buf_put_u32(&w, 1), "fixed writer: u32 into 6 bytes");
    is_int(DUET_ERR_BUFFER_TOO_SMALL, duet_buf_put_u32(&w, 2),
        "fixed writer: a second u32 does not fit");
    is_int(4, (long long) duet_buf_writer_len(&w),
        "fixed writer: a failed put writes nothing");
    is_int(DUET_ERR_BUFFER_TOO_SMALL, duet_buf_put_u8(&w, 3),
        "fixed writer: sticky, though a u8 would fit");
    is_int(DUET_ERR_BUFFER_TOO_SMALL, duet_buf_writer_error(&w),
        "fixed writer: writer_error reports it");

    duet_buf_writer_init(&w, mem, sizeof(mem));
    ok(duet_buf_put_u16(&w, 0x0102) == 0 && duet_buf_put_u32(&w, 0x03040506)
        == 0 && duet_buf_writer_len(&w) == 6
        && memcmp(mem, "\x01\x02\x03\x04\x05\x06", 6) == 0,
        "fixed writer: an exact fit");
    duet_buf_writer_init(&w, NULL, 0);
    ok(duet_buf_put_bytes(&w, NULL, 0) == 0
        && duet_buf_put_u8(&w, 1) == DUET_ERR_BUFFER_TOO_SMALL,
        "fixed writer over nothing");

    /* Growable, with a small max. */
    duet_buf_writer_init_alloc(&w, 300);
    for (i = 0, bad = 0; i < 300; i++) {
        bad += duet_buf_put_u8(&w, (uint8_t) i) != 0;
    }
    is_int(0, (long long) bad, "growable: 300 bytes with max 300");
    is_int(DUET_ERR_LIMIT_EXCEEDED, duet_buf_put_u8(&w, 0),
        "growable: byte 301 is LIMIT_EXCEEDED");
    for (i = 0, bad = 0; i < 300; i++) {
        bad += duet_buf_writer_ptr(&w)[i] != (uint8_t) i;
    }
    is_int(0, (long long) bad, "growable: contents intact");
    duet_buf_writer_free(&w);

    /* Growth wipes the blocks it leaves behind. */
    freed_blocks = freed_dirty = 0;
    duet_mem_test_set_free_observer(free_observer);
    duet_buf_writer_init_alloc(&w, DUET_BUF_MAX);
    big = bmalloc(5000);
    memset(big, 0xa7, 5000);
    for (i = 0, bad = 0; i < 5000; i += 100) {
        bad += duet_buf_put_bytes(&w, big + i, 100) != 0;
    }
    ok(bad == 0 && duet_buf_writer_len(&w) == 5000
        && memcmp(duet_buf_writer_ptr(&w), big, 5000) == 0,
        "growable: 5000 bytes in pieces");
    duet_buf_writer_free(&w);
    ok(freed_blocks >= 5 && freed_dirty == 0,
        "growable: every old block was wiped (%lu blocks, %lu dirty)",
        freed_blocks, freed_dirty);
    duet_mem_test_set_free_observer(NULL);
    free(big);

    /* Allocation failure, first and on a later growth. */
    duet_buf_writer_init_alloc(&w, DUET_BUF_MAX);
    duet_mem_test_fail_alloc(1);
    is_int(DUET_ERR_NO_MEMORY, duet_buf_put_u8(&w, 1),
        "growable: a failed first allocation is NO_MEMORY");
    is_int(DUET_ERR_NO_MEMORY, duet_buf_put_u8(&w, 1),
        "growable: and sticky");
    duet_buf_writer_free(&w);

    duet_buf_writer_init_alloc(&w, DUET_BUF_MAX);
    for (i = 0, bad = 0; i < 256; i++) {
        bad += duet_buf_put_u8(&w, 0x42) != 0;
    }
    duet_mem_test_fail_alloc(1);
    ok(bad == 0 && duet_buf_put_u8(&w, 0x43) == DUET_ERR_NO_MEMORY
        && duet_buf_writer_len(&w) == 256
        && duet_buf_writer_ptr(&w)[255] == 0x42,
        "growable: a failed growth keeps what was written");
    duet_buf_writer_free(&w);
    duet_mem_test_fail_alloc(0);

    /* max above DUET_BUF_MAX acts as DUET_BUF_MAX. */
    big = bcalloc(1, DUET_BUF_MAX);
    duet_buf_writer_init_alloc(&w, SIZE_MAX);
    ok(duet_buf_put_bytes(&w, big, DUET_BUF_MAX) == 0
        && duet_buf_put_u8(&w, 0) == DUET_ERR_LIMIT_EXCEEDED,
        "growable: DUET_BUF_MAX bytes, and not one more");
    duet_buf_writer_free(&w);
    duet_buf_writer_init_alloc(&w, SIZE_MAX);
    is_int(DUET_ERR_LIMIT_EXCEEDED,
        duet_buf_put_string(&w, big, DUET_BUF_MAX),
        "growable: a string whose prefix pushes it over");
    duet_buf_writer_free(&w);
    free(big);
}


/* Bit flips of a valid sample: rejected, or accepted as canonical. */
static void
test_buf_mutation(const uint8_t *enc, size_t n)
{
    uint8_t *m;
    size_t i, bit, accepted = 0;
    unsigned long bad = 0;

    m = bmalloc(n);
    for (i = 0; i < n; i++) {
        for (bit = 0; bit < 8; bit++) {
            memcpy(m, enc, n);
            m[i] ^= (uint8_t) (1u << bit);
            if (!sample_reject_or_canonical(m, n)) {
                if (bad++ == 0) {
                    diag("flip of bit %zu at %zu accepted non-canonically",
                        bit, i);
                }
            } else {
                struct sample s;

                accepted += sample_parse(m, n, &s) == 0;
            }
        }
    }
    free(m);
    is_int(0, (long long) bad,
        "buf mutation: %zu bit flips rejected or canonical (%zu accepted)",
        n * 8, accepted);
}


static void
test_hex(void)
{
    static const uint8_t bytes[] = { 0x00, 0x01, 0x7f, 0x80, 0xab, 0xff };
    char text[64];
    uint8_t out[32];
    size_t len;
    unsigned c, bad = 0;
    int r, valid, value;

    is_int(0, duet_hex_encode(text, sizeof(text), bytes, sizeof(bytes)),
        "hex encode");
    is_str("00017f80abff", text, "hex encode: lower case");
    is_int(0, duet_hex_encode(text, 1, NULL, 0), "hex encode of nothing");
    is_str("", text, "hex encode of nothing is \"\"");

    is_int(0, duet_hex_decode(out, sizeof(out), &len, "00017F80aBfF", 12),
        "hex decode, mixed case");
    ok(len == sizeof(bytes) && memcmp(out, bytes, len) == 0,
        "hex decode: the bytes");
    ok(duet_hex_decode(NULL, 0, &len, NULL, 0) == 0 && len == 0,
        "hex decode of nothing");

    /* Every byte value in both positions of a pair. */
    for (c = 0; c < 256; c++) {
        char in[2];

        valid = isxdigit((int) c) && c < 128;
        value = valid ? (int) strtol((char[]) { (char) c, 0 }, NULL, 16) : 0;
        in[0] = (char) c;
        in[1] = '5';
        r = duet_hex_decode(out, sizeof(out), &len, in, 2);
        bad += valid ? (r != 0 || out[0] != (value << 4 | 5))
            : (r != DUET_ERR_BAD_ENCODING || out[0] != 0 || len != 0);
        in[0] = 'a';
        in[1] = (char) c;
        r = duet_hex_decode(out, sizeof(out), &len, in, 2);
        bad += valid ? (r != 0 || out[0] != (0xa0 | value))
            : (r != DUET_ERR_BAD_ENCODING || out[0] != 0 || len != 0);
    }
    is_int(0, (long long) bad,
        "hex decode: all 256 byte values, in both nibble positions");

    memset(out, 0xee, sizeof(out));
    is_int(DUET_ERR_BAD_ENCODING,
        duet_hex_decode(out, sizeof(out), &len, "abc", 3),
        "hex decode: odd length");
    ok(all_zero(out, sizeof(out)) && len == 0,
        "hex decode: out wiped on failure");
    is_int(DUET_ERR_BAD_ENCODING,
        duet_hex_decode(out, sizeof(out), &len, "0x00", 4),
        "hex decode: a 0x prefix is not hex");
    is_int(DUET_ERR_BAD_ENCODING,
        duet_hex_decode(out, sizeof(out), &len, "0g", 2),
        "hex decode: 'g'");
    is_int(DUET_ERR_BAD_ENCODING,
        duet_hex_decode(out, sizeof(out), &len, "00 1", 4),
        "hex decode: a space");
    is_int(DUET_ERR_BAD_ENCODING,
        duet_hex_decode(out, sizeof(out), &len, "0\0", 2),
        "hex decode: an embedded NUL");
    memset(out, 0xee, sizeof(out));
    is_int(DUET_ERR_BUFFER_TOO_SMALL,
        duet_hex_decode(out, 1, &len, "0011", 4),
        "hex decode: 2 bytes into 1");
    ok(out[0] == 0 && out[1] == 0xee && len == 0,
        "hex decode: out_size bytes wiped on BUFFER_TOO_SMALL");

    memset(text, 'x', sizeof(text));
    is_int(DUET_ERR_BUFFER_TOO_SMALL,
        duet_hex_encode(text, 2 * sizeof(bytes), bytes, sizeof(bytes)),
        "hex encode: no room for the NUL");
    is_str("", text, "hex encode: output is \"\" on failure");
    is_int(DUET_ERR_BUFFER_TOO_SMALL, duet_hex_encode(text, 0, NULL, 0),
        "hex encode: out_size 0");
    is_int(DUET_ERR_BUFFER_TOO_SMALL,
        duet_hex_encode(text, sizeof(text), bytes, SIZE_MAX / 2 + 1),
        "hex encode: a length whose size overflows");

    CHECK_ILLEGAL(duet_hex_encode(NULL, 3, bytes, 1),
        "hex_encode(NULL, ...)");
    CHECK_ILLEGAL(duet_hex_encode(text, 3, NULL, 1),
        "hex_encode(in = NULL, n = 1)");
    CHECK_ILLEGAL(duet_hex_decode(out, 1, NULL, "00", 2),
        "hex_decode(out_len = NULL)");
    CHECK_ILLEGAL(duet_hex_decode(NULL, 1, &len, "00", 2),
        "hex_decode(out = NULL, out_size = 1)");
    CHECK_ILLEGAL(duet_hex_decode(out, 1, &len, NULL, 2),
        "hex_decode(in = NULL, in_len = 2)");
}


/* RFC 4648's base64 test vectors, unpadded (section 10). */
static void
test_base64url_vectors(void)
{
    static const struct {
        const char *plain;
        const char *coded;
    } v[] = {
        { "", "" }, { "f", "Zg" }, { "fo", "Zm8" }, { "foo", "Zm9v" },
        { "foob", "Zm9vYg" }, { "fooba", "Zm9vYmE" }, { "foobar", "Zm9vYmFy" },
    };
    static const uint8_t hi[] = { 0xfb, 0xff };
    char text[128];
    uint8_t out[96], back[96];
    size_t i, len;

    for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
        len = strlen(v[i].plain);
        ok(duet_base64url_encode(text, sizeof(text),
            (const uint8_t *) v[i].plain, len) == 0
            && strcmp(text, v[i].coded) == 0,
            "base64url encode \"%s\" = \"%s\"", v[i].plain, v[i].coded);
        ok(duet_base64url_decode(out, sizeof(out), &len, v[i].coded,
            strlen(v[i].coded)) == 0 && len == strlen(v[i].plain)
            && memcmp(out, v[i].plain, len) == 0,
            "base64url decode \"%s\"", v[i].coded);
    }

    ok(duet_base64url_encode(text, sizeof(text), hi, 2) == 0
        && strcmp(text, "-_8") == 0, "base64url uses '-' and '_' (62, 63)");
    ok(duet_base64url_decode(out, sizeof(out), &len, "-_8", 3) == 0
        && len == 2 && memcmp(out, hi, 2) == 0, "and decodes them");

    /* The whole alphabet, in order, is 48 bytes; it must come back. */
    ok(duet_base64url_decode(out, sizeof(out), &len, b64url_alphabet, 64)
        == 0 && len == 48, "base64url decode of the whole alphabet");
    ok(duet_base64url_encode(text, sizeof(text), out, len) == 0
        && strcmp(text, b64url_alphabet) == 0, "encodes back to it");
    ok(duet_base64url_decode(back, sizeof(back), &len, text, strlen(text))
        == 0 && memcmp(back, out, 48) == 0, "and again");
}


static void
test_base64url_rejects(void)
{
    static const struct {
        const char *in;
        int err;
        const char *why;
    } bad[] = {
        { "Zg==", DUET_ERR_BAD_ENCODING, "padding" },
        { "Zm8=", DUET_ERR_BAD_ENCODING, "padding, one '='" },
        { "Zm+v", DUET_ERR_BAD_ENCODING, "'+' (standard base64)" },
        { "Zm/v", DUET_ERR_BAD_ENCODING, "'/' (standard base64)" },
        { "Zm9 ", DUET_ERR_BAD_ENCODING, "a space" },
        { "Zm\n9", DUET_ERR_BAD_ENCODING, "a newline" },
        { "Zm9\t", DUET_ERR_BAD_ENCODING, "a tab" },
        { "\rZm9", DUET_ERR_BAD_ENCODING, "a carriage return" },
        { "Z", DUET_ERR_BAD_ENCODING, "length 1" },
        { "Zm9vY", DUET_ERR_BAD_ENCODING, "length 5 (1 mod 4)" },
        { "Zh", DUET_ERR_NON_CANONICAL, "\"Zh\": stray bits (\"Zg\" is f)" },
        { "Zm9", DUET_ERR_NON_CANONICAL, "\"Zm9\": stray bits (\"Zm8\")" },
        { "AB", DUET_ERR_NON_CANONICAL, "\"AB\": stray bits" },
        { "AAB", DUET_ERR_NON_CANONICAL, "\"AAB\": stray bits" },
        { "Z~", DUET_ERR_BAD_ENCODING, "a bad character outranks bits" },
    };
    uint8_t out[16];
    size_t i, len = 99;
    char text[8];
    int r;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        memset(out, 0xee, sizeof(out));
        r = duet_base64url_decode(out, sizeof(out), &len, bad[i].in,
            strlen(bad[i].in));
        ok(r == bad[i].err && len == 0 && all_zero(out, sizeof(out)),
            "base64url rejects %s as %s (got %s), out wiped", bad[i].why,
            duet_errname(bad[i].err), duet_errname(r));
    }

    is_int(DUET_ERR_BAD_ENCODING,
        duet_base64url_decode(out, sizeof(out), &len, "Zm\0v", 4),
        "base64url rejects an embedded NUL");
    memset(out, 0xee, sizeof(out));
    is_int(DUET_ERR_BUFFER_TOO_SMALL,
        duet_base64url_decode(out, 2, &len, "Zm9v", 4),
        "base64url decode: 3 bytes into 2");
    ok(all_zero(out, 2) && out[2] == 0xee && len == 0,
        "base64url decode: out_size bytes wiped on BUFFER_TOO_SMALL");
    ok(duet_base64url_decode(out, 3, &len, "Zm9v", 4) == 0 && len == 3,
        "base64url decode: exact fit");
    is_int(DUET_ERR_BUFFER_TOO_SMALL,
        duet_base64url_encode(text, 4, (const uint8_t *) "foo", 3),
        "base64url encode: no room for the NUL");
    is_str("", text, "base64url encode: output is \"\" on failure");
    is_int(DUET_ERR_BUFFER_TOO_SMALL,
        duet_base64url_encode(text, sizeof(text), out, SIZE_MAX - 1),
        "base64url encode: a length whose size overflows");

    CHECK_ILLEGAL(duet_base64url_encode(NULL, 8, out, 1),
        "base64url_encode(NULL, ...)");
    CHECK_ILLEGAL(duet_base64url_encode(text, 8, NULL, 1),
        "base64url_encode(in = NULL, n = 1)");
    CHECK_ILLEGAL(duet_base64url_decode(out, 8, NULL, "Zg", 2),
        "base64url_decode(out_len = NULL)");
    CHECK_ILLEGAL(duet_base64url_decode(NULL, 8, &len, "Zg", 2),
        "base64url_decode(out = NULL, out_size = 8)");
    CHECK_ILLEGAL(duet_base64url_decode(out, 8, &len, NULL, 2),
        "base64url_decode(in = NULL, in_len = 2)");
}


/* Every character in every position of a final group. */
static void
test_base64url_all_chars(void)
{
    unsigned c;
    unsigned long bad = 0;
    const char *pos;
    uint8_t out[8];
    size_t len;
    char in[4];
    int r, v;

    for (c = 0; c < 256; c++) {
        pos = c != 0 ? strchr(b64url_alphabet, (int) c) : NULL;
        v = pos != NULL ? (int) (pos - b64url_alphabet) : -1;

        /* Last of four: all six bits are data. */
        memcpy(in, "AAA", 3);
        in[3] = (char) c;
        r = duet_base64url_decode(out, sizeof(out), &len, in, 4);
        bad += v >= 0 ? (r != 0 || out[2] != v)
            : (r != DUET_ERR_BAD_ENCODING);

        /* First of two: six data bits; a bad one decides alone. */
        in[0] = (char) c;
        in[1] = 'A';
        r = duet_base64url_decode(out, sizeof(out), &len, in, 2);
        bad += v >= 0 ? (r != 0 || out[0] != v << 2)
            : (r != DUET_ERR_BAD_ENCODING);

        /* Second of two: only the top two bits are data. */
        in[0] = 'A';
        in[1] = (char) c;
        r = duet_base64url_decode(out, sizeof(out), &len, in, 2);
        bad += v < 0 ? (r != DUET_ERR_BAD_ENCODING)
            : (v & 0x0f) != 0 ? (r != DUET_ERR_NON_CANONICAL)
            : (r != 0 || out[0] != v >> 4);
    }
    is_int(0, (long long) bad,
        "base64url decode: all 256 byte values in three positions");
}


/* Random data: our encoders against OpenSSL's, and back again. */
static void
test_roundtrips(void)
{
    uint8_t data[300], back[300];
    unsigned char ref[420];
    char text[620], want[620];
    size_t i, j, n, len, k;
    unsigned long bad_hex = 0, bad_b64 = 0, bad_size = 0;

    for (i = 0; i < 400; i++) {
        n = i < 100 ? i : random_below(sizeof(data) + 1);
        random_fill(data, n);

        for (j = 0; j < n; j++) {
            snprintf(want + 2 * j, 3, "%02x", data[j]);
        }
        want[2 * n] = '\0';
        if (duet_hex_encode(text, sizeof(text), data, n) != 0
            || strcmp(text, want) != 0
            || duet_hex_decode(back, sizeof(back), &len, text, 2 * n) != 0
            || len != n || memcmp(back, data, n) != 0)
        {
            if (bad_hex++ == 0) {
                diag("hex round trip failed for %zu bytes", n);
            }
        }
        bad_size += DUET_HEX_ENCODED_SIZE(n) != strlen(text) + 1;

        /* OpenSSL's base64, translated to base64url without padding. */
        EVP_EncodeBlock(ref, data, (int) n);
        for (j = 0, k = 0; ref[j] != '\0' && ref[j] != '='; j++) {
            want[k++] = ref[j] == '+' ? '-' : ref[j] == '/' ? '_'
                : (char) ref[j];
        }
        want[k] = '\0';
        if (duet_base64url_encode(text, sizeof(text), data, n) != 0
            || strcmp(text, want) != 0
            || duet_base64url_decode(back, sizeof(back), &len, text,
                strlen(text)) != 0
            || len != n || memcmp(back, data, n) != 0)
        {
            if (bad_b64++ == 0) {
                diag("base64url round trip failed for %zu bytes", n);
            }
        }
        bad_size += DUET_BASE64URL_ENCODED_SIZE(n) != strlen(text) + 1;
    }
    is_int(0, (long long) bad_hex,
        "hex: 400 random inputs match snprintf and round-trip");
    is_int(0, (long long) bad_b64,
        "base64url: 400 random inputs match OpenSSL and round-trip");
    is_int(0, (long long) bad_size, "the _ENCODED_SIZE macros are exact");
}


/* The only accepted hex alias of a text is a change of letter case. */
static int
same_ignoring_case(const char *a, const char *b, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (tolower((unsigned char) a[i]) != tolower((unsigned char) b[i])) {
            return 0;
        }
    }

    return 1;
}


/*
 * Bit flips and truncations of valid texts must be rejected or decode to
 * other bytes (for hex, except a pure change of case).
 */
static void
test_text_mutation(void)
{
    uint8_t data[48], out[64];
    char text[128], m[128];
    size_t i, n, tlen, pos, bit, len, cut, total = 0;
    unsigned long bad_hex = 0, bad_b64 = 0;
    int r, which;

    for (i = 0; i < 60; i++) {
        n = i < 12 ? i : random_below(sizeof(data) + 1);
        random_fill(data, n);
        for (which = 0; which < 2; which++) {
            r = which == 0 ? duet_hex_encode(text, sizeof(text), data, n)
                : duet_base64url_encode(text, sizeof(text), data, n);
            if (r != 0) {
                bail("encoding %zu bytes failed: %s", n, duet_errname(r));
            }
            tlen = strlen(text);

            for (pos = 0; pos < tlen; pos++) {
                for (bit = 0; bit < 8; bit++) {
                    memcpy(m, text, tlen);
                    m[pos] = (char) (m[pos] ^ (1 << bit));
                    r = which == 0
                        ? duet_hex_decode(out, sizeof(out), &len, m, tlen)
                        : duet_base64url_decode(out, sizeof(out), &len, m,
                            tlen);
                    total++;
                    if (r != 0 || len != n || memcmp(out, data, n) != 0) {
                        continue;
                    }
                    if (which == 0 && same_ignoring_case(m, text, tlen)) {
                        continue;
                    }
                    if ((which == 0 ? bad_hex++ : bad_b64++) == 0) {
                        diag("%s: flip of bit %zu at %zu of \"%s\" gave the "
                            "same bytes", which == 0 ? "hex" : "base64url",
                            bit, pos, text);
                    }
                }
            }

            for (cut = 0; cut < tlen; cut++) {
                memcpy(m, text, cut);
                r = which == 0
                    ? duet_hex_decode(out, sizeof(out), &len, m, cut)
                    : duet_base64url_decode(out, sizeof(out), &len, m, cut);
                total++;
                if (r == 0 && len == n && memcmp(out, data, n) == 0) {
                    if ((which == 0 ? bad_hex++ : bad_b64++) == 0) {
                        diag("truncation to %zu decoded to the same bytes",
                            cut);
                    }
                }
            }
        }
    }
    is_int(0, (long long) bad_hex,
        "hex mutation: flips and truncations rejected or different");
    is_int(0, (long long) bad_b64,
        "base64url mutation: flips and truncations rejected or different");
    diag("%zu mutated texts decoded", total);
}


int
main(int argc, char **argv)
{
    uint8_t enc[128];
    size_t enc_len = 0;

    tap_init(argc, argv);
    plan_lazy();
    duet_rand_test_seed(tap_seed());
    duet_set_illegal_callback(counting_illegal, &illegal_count);
    if (duet_init() != 0) {
        bail("duet_init failed");
    }

    test_buf_roundtrip(enc, &enc_len);
    test_buf_truncation(enc, enc_len);
    test_buf_reader_errors();
    test_buf_bn_limits();
    test_buf_writer();
    test_buf_mutation(enc, enc_len);
    test_hex();
    test_base64url_vectors();
    test_base64url_rejects();
    test_base64url_all_chars();
    test_roundtrips();
    test_text_mutation();

    return 0;
}
