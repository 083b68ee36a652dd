/*
 * buf.h -- bounded binary reader and writer (STYLE.md practice 8).  Every
 * byte of wire data that libduet parses goes through a duet_buf_reader.
 *
 * Wire format (all integers big-endian):
 *
 *   u8, u16, u32, u64   1, 2, 4, 8 bytes
 *   bytes[n]            n raw bytes, n fixed by the caller
 *   string              u32 length L, then L bytes; L <= a caller maximum
 *   bn                  a non-negative integer: a string holding its
 *                       minimal big-endian magnitude.  Zero is the empty
 *                       string; a leading 0x00 byte is non-canonical.
 *   sbn                 a signed integer: u8 sign (0 = non-negative,
 *                       1 = negative), then the magnitude as a bn.
 *                       "Negative zero" (sign 1, empty magnitude) is
 *                       non-canonical.
 *
 * Every accepted value has exactly one encoding, so re-encoding what a
 * reader accepted reproduces the input byte for byte.
 *
 * Errors are sticky: after the first failure a reader or writer refuses
 * every further call with the same code, so a caller may make a series of
 * calls and check once, at duet_buf_reader_end() or
 * duet_buf_writer_error().  On failure outputs are zeroed (pointers NULL,
 * lengths 0) and the position does not move.
 *
 * Hazard: encodings are variable-length, so the length of a bn reveals the
 * byte length of the value.  That is inherent in the format, not a leak of
 * the implementation.
 *
 * No GMP type appears here: the bignum layer converts to and from bytes.
 */

#ifndef DUET_CODEC_BUF_H
#define DUET_CODEC_BUF_H

#include <stddef.h>
#include <stdint.h>

#include "duet.h"

/* Largest buffer a reader will parse or a writer will produce: 1 MiB. */
#define DUET_BUF_MAX            ((size_t) 1 << 20)

/*
 * Largest bn magnitude, in bytes, a reader accepts or a writer emits:
 * 8192 bits.  The largest integers in CGGMP24 at the 128-bit level are
 * elements of Z_{N^2} for a 3072-bit N (768 bytes) and range-proof
 * responses of about ell + eps + |N| bits; 1024 bytes covers them with room.
 * Callers pass a tighter per-field maximum.
 */
#define DUET_BN_MAX_BYTES       1024

struct duet_buf_reader {
    const uint8_t *p;       /* input, not owned */
    size_t len;             /* bytes at p */
    size_t off;             /* bytes consumed */
    int err;                /* first error, 0 while healthy */
};

struct duet_buf_writer {
    uint8_t *p;             /* output; owned when growable */
    size_t len;             /* bytes written */
    size_t cap;             /* bytes available at p */
    size_t max;             /* hard limit on len */
    int growable;           /* p is ours to grow and free */
    int err;                /* first error, 0 while healthy */
};


/* Reader. */

/*
 * Start reading len bytes at p.  An input longer than DUET_BUF_MAX makes
 * the reader fail at once with DUET_ERR_LIMIT_EXCEEDED.
 *
 * Args: rd: the reader to initialise.
 *       p:  the input (may be NULL when len is 0); must outlive rd and
 *           every pointer the _direct functions return.
 */
void duet_buf_reader_init(struct duet_buf_reader *rd, const uint8_t *p,
    size_t len);

/* Returns: the reader's sticky error, or 0 if no call has failed. */
int duet_buf_reader_error(const struct duet_buf_reader *rd);

/* Returns: the number of unread bytes (0 after a failure). */
size_t duet_buf_reader_remaining(const struct duet_buf_reader *rd);

/*
 * Finish parsing: the input must have been consumed exactly.
 *
 * Returns: 0, the sticky error, or DUET_ERR_TRAILING_DATA (which then
 *          becomes sticky) if unread bytes remain.
 */
int duet_buf_reader_end(struct duet_buf_reader *rd);

/*
 * Read a fixed-width big-endian unsigned integer.
 *
 * Returns: 0, DUET_ERR_TRUNCATED, or the sticky error.
 * Out:     v: the value (0 on failure).
 */
int duet_buf_get_u8(struct duet_buf_reader *rd, uint8_t *v);
int duet_buf_get_u16(struct duet_buf_reader *rd, uint16_t *v);
int duet_buf_get_u32(struct duet_buf_reader *rd, uint32_t *v);
int duet_buf_get_u64(struct duet_buf_reader *rd, uint64_t *v);

/*
 * Read exactly n raw bytes (a fixed-size field).
 *
 * Returns: 0, DUET_ERR_TRUNCATED, or the sticky error.
 * Out:     out: n bytes (wiped on failure); may be NULL when n is 0.
 */
int duet_buf_get_bytes(struct duet_buf_reader *rd, uint8_t *out, size_t n);

/*
 * As duet_buf_get_bytes, without a copy.
 *
 * Out: p: points at the n bytes inside the reader's input (NULL on
 *         failure).
 */
int duet_buf_get_bytes_direct(struct duet_buf_reader *rd, const uint8_t **p,
    size_t n);

/*
 * Read a u32-length-prefixed string of at most max bytes.
 *
 * Returns: 0, DUET_ERR_TRUNCATED, DUET_ERR_LIMIT_EXCEEDED (length over max),
 *          DUET_ERR_BUFFER_TOO_SMALL (within max but over out_size: a
 *          caller bug), or the sticky error.
 * Args:    out_size: bytes available at out (out may be NULL if 0).
 *          max:      the field's limit; values above DUET_BUF_MAX act as
 *                    DUET_BUF_MAX.
 * Out:     out:      the bytes (the whole out_size wiped on failure).
 *          out_len:  the length (0 on failure).
 */
int duet_buf_get_string(struct duet_buf_reader *rd, uint8_t *out,
    size_t out_size, size_t *out_len, size_t max);

/*
 * As duet_buf_get_string, without a copy.
 *
 * Out: p:   the string inside the reader's input (NULL on failure; may be
 *           non-NULL with *len 0).
 *      len: its length (0 on failure).
 */
int duet_buf_get_string_direct(struct duet_buf_reader *rd, const uint8_t **p,
    size_t *len, size_t max);

/*
 * Read a canonical non-negative integer (bn) of at most max magnitude
 * bytes.
 *
 * Returns: 0, DUET_ERR_TRUNCATED, DUET_ERR_LIMIT_EXCEEDED,
 *          DUET_ERR_NON_CANONICAL (leading zero byte), or the sticky error.
 * Args:    max: the field's limit in bytes; values above DUET_BN_MAX_BYTES
 *               act as DUET_BN_MAX_BYTES.
 * Out:     p:   the minimal big-endian magnitude inside the input (NULL on
 *               failure); p[0] != 0 whenever *len > 0.
 *          len: the magnitude's length; 0 means the value zero.
 */
int duet_buf_get_bn_direct(struct duet_buf_reader *rd, const uint8_t **p,
    size_t *len, size_t max);

/*
 * Read a canonical signed integer (sbn): sign byte, then a bn.
 *
 * Returns: as duet_buf_get_bn_direct; DUET_ERR_NON_CANONICAL also for a
 *          sign byte other than 0 or 1 and for negative zero.
 * Out:     negative: 1 if the value is below zero, else 0 (0 on failure).
 *          p, len:   the magnitude, as for duet_buf_get_bn_direct.
 */
int duet_buf_get_sbn_direct(struct duet_buf_reader *rd, int *negative,
    const uint8_t **p, size_t *len, size_t max);


/* Writer. */

/*
 * Start writing into the caller's cap bytes at mem.  Running out of room
 * fails with DUET_ERR_BUFFER_TOO_SMALL; growing past DUET_BUF_MAX with
 * DUET_ERR_LIMIT_EXCEEDED.  On failure mem may hold a partial encoding: a
 * caller writing secrets wipes mem itself.
 *
 * Args: mem: may be NULL when cap is 0.
 */
void duet_buf_writer_init(struct duet_buf_writer *w, uint8_t *mem,
    size_t cap);

/*
 * Start a writer that allocates and grows its own storage up to max bytes
 * (values above DUET_BUF_MAX act as DUET_BUF_MAX).  Each growth copies into
 * a new block and wipes the old one.  Going past max fails with
 * DUET_ERR_LIMIT_EXCEEDED, allocation with DUET_ERR_NO_MEMORY.  Release
 * with duet_buf_writer_free().
 */
void duet_buf_writer_init_alloc(struct duet_buf_writer *w, size_t max);

/*
 * Wipe and free a growable writer's storage and reset *w.  For a writer
 * over caller memory, only *w is reset; the memory is the caller's.
 * Safe to call twice.
 */
void duet_buf_writer_free(struct duet_buf_writer *w);

/* Returns: the writer's sticky error, or 0 if no call has failed. */
int duet_buf_writer_error(const struct duet_buf_writer *w);

/* Returns: the bytes written so far (may be NULL while the length is 0). */
const uint8_t *duet_buf_writer_ptr(const struct duet_buf_writer *w);

/* Returns: the number of bytes written so far. */
size_t duet_buf_writer_len(const struct duet_buf_writer *w);

/*
 * Append a fixed-width big-endian unsigned integer.
 *
 * Returns: 0, DUET_ERR_BUFFER_TOO_SMALL, DUET_ERR_LIMIT_EXCEEDED,
 *          DUET_ERR_NO_MEMORY, or the sticky error.  The same holds for
 *          every put function below.
 */
int duet_buf_put_u8(struct duet_buf_writer *w, uint8_t v);
int duet_buf_put_u16(struct duet_buf_writer *w, uint16_t v);
int duet_buf_put_u32(struct duet_buf_writer *w, uint32_t v);
int duet_buf_put_u64(struct duet_buf_writer *w, uint64_t v);

/* Append n raw bytes (p may be NULL when n is 0). */
int duet_buf_put_bytes(struct duet_buf_writer *w, const uint8_t *p,
    size_t n);

/* Append n bytes with a u32 length prefix. */
int duet_buf_put_string(struct duet_buf_writer *w, const uint8_t *p,
    size_t n);

/*
 * Append the non-negative integer whose big-endian magnitude is mag[0..n).
 * Leading zero bytes are dropped, so fixed-width input (a 32-byte scalar)
 * is fine; the scan for them takes time that depends on how many there
 * are, which the output length reveals anyway.
 *
 * Returns: as above; DUET_ERR_LIMIT_EXCEEDED if the minimal magnitude is
 *          longer than DUET_BN_MAX_BYTES.
 */
int duet_buf_put_bn(struct duet_buf_writer *w, const uint8_t *mag, size_t n);

/*
 * Append a signed integer: sign byte, then the magnitude as by
 * duet_buf_put_bn.  A zero magnitude is written as non-negative whatever
 * negative says, so negative zero is never emitted.
 *
 * Args: negative: non-zero for a value below zero.
 */
int duet_buf_put_sbn(struct duet_buf_writer *w, int negative,
    const uint8_t *mag, size_t n);

#endif /* DUET_CODEC_BUF_H */
