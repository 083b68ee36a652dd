/*
 * rlp.h -- Ethereum's Recursive Length Prefix encoding (Yellow Paper,
 * appendix B), strict in both directions.
 *
 * An item is a byte string or a list of items.  Its header says which and
 * how long the payload is:
 *
 *   00..7f          a one-byte string holding that byte, no header
 *   80..b7          a string of 0..55 bytes: 0x80 + length, then the bytes
 *   b8..bf          a longer string: 0xb7 + L, the length in L big-endian
 *                   bytes, then the bytes
 *   c0..f7          a list whose items take 0..55 bytes: 0xc0 + length
 *   f8..ff          a longer list: 0xf7 + L, then the length in L bytes
 *
 * The decoder accepts only the one canonical encoding of each value and
 * rejects everything else with a distinct code:
 *
 *   DUET_ERR_NON_CANONICAL   a single byte below 0x80 behind a 0x81 header;
 *                            a long form for a length below 56; a length
 *                            with a leading zero byte; an integer with a
 *                            leading zero byte
 *   DUET_ERR_TRUNCATED       a header or payload running past its input, or
 *                            past the end of the list that holds it
 *   DUET_ERR_TRAILING_DATA   bytes left over after the last item of the
 *                            input or of a list (duet_rlp_reader_end)
 *   DUET_ERR_LIMIT_EXCEEDED  input over DUET_RLP_MAX_SIZE, a length over
 *                            that or over the caller's maximum, or lists
 *                            nested deeper than DUET_RLP_MAX_DEPTH
 *   DUET_ERR_BAD_ENCODING    a list where a string was expected, or the
 *                            reverse
 *
 * so re-encoding whatever was accepted reproduces the input byte for byte.
 * Integers are minimal big-endian byte strings: zero is the empty string
 * (0x80), and 0x00 or 0x8200ff are not integers.
 *
 * Reading goes through struct duet_rlp_reader, a bounded cursor over one
 * list's payload built on the codec's duet_buf_reader: a list read from it
 * gives a new reader over just that list's payload, so an item can never
 * reach past the list that contains it.  Errors are sticky, as in buf.h:
 * after the first failure a reader refuses every further call with the
 * same code, its position does not move, and outputs are cleared
 * (pointers NULL, lengths 0).
 *
 * Writing appends to a codec duet_buf_writer, whose errors are sticky too.
 * A put that fails may leave part of an item in the writer: check
 * duet_buf_writer_error() before using the output.
 */

#ifndef DUET_CHAIN_RLP_H
#define DUET_CHAIN_RLP_H

#include <stddef.h>
#include <stdint.h>

#include "duet.h"
#include "codec/buf.h"

/*
 * Largest input the reader parses (the codec's DUET_BUF_MAX, 1 MiB).  A
 * signed Ethereum transaction is at most 128 KiB in geth's pool; the rest
 * is room for calldata-heavy messages.
 */
#define DUET_RLP_MAX_SIZE   DUET_BUF_MAX

/*
 * Most lists an item may sit inside.  A typed transaction nests 4 deep
 * (the transaction, its access list, an entry, the entry's storage keys);
 * 16 leaves room and keeps a hostile input from nesting its way into a
 * deep walk.
 */
#define DUET_RLP_MAX_DEPTH  16

/* Longest header: one byte plus up to 8 length bytes. */
#define DUET_RLP_MAX_HEADER 9

/* What the next item is (duet_rlp_peek_kind). */
#define DUET_RLP_BYTES      0
#define DUET_RLP_LIST       1

struct duet_rlp_reader {
    struct duet_buf_reader buf; /* the items still to read */
    unsigned depth;             /* lists enclosing those items */
    int err;                    /* first error, 0 while healthy */
};


/* Reader. */

/*
 * Start reading the len bytes at p as a sequence of items at depth 0.
 * Input longer than DUET_RLP_MAX_SIZE makes the reader fail at once with
 * DUET_ERR_LIMIT_EXCEEDED.  Most callers expect exactly one item and then
 * call duet_rlp_reader_end().
 *
 * Args: rd: the reader to initialise.
 *       p:  the input (may be NULL when len is 0); must outlive rd, every
 *           reader taken from it, and every pointer they return.
 */
void duet_rlp_reader_init(struct duet_rlp_reader *rd, const uint8_t *p,
    size_t len);

/* Returns: the reader's sticky error, or 0 if no call has failed. */
int duet_rlp_reader_error(const struct duet_rlp_reader *rd);

/* Returns: the number of unread bytes (0 after a failure). */
size_t duet_rlp_reader_remaining(const struct duet_rlp_reader *rd);

/*
 * Finish a reader: every item must have been read.
 *
 * Returns: 0, the sticky error, or DUET_ERR_TRAILING_DATA (which becomes
 *          sticky) if bytes remain.
 */
int duet_rlp_reader_end(struct duet_rlp_reader *rd);

/*
 * Tell whether the next item is a string or a list, without reading it
 * or checking more than its first byte.
 *
 * Returns: 0, DUET_ERR_TRUNCATED (no item left; not sticky, since it
 *          consumed nothing), or the sticky error.
 * Out:     kind: DUET_RLP_BYTES or DUET_RLP_LIST (DUET_RLP_BYTES on
 *                failure).
 */
int duet_rlp_peek_kind(const struct duet_rlp_reader *rd, int *kind);

/*
 * Read a byte string of at most max bytes.
 *
 * Returns: 0, DUET_ERR_TRUNCATED, DUET_ERR_NON_CANONICAL,
 *          DUET_ERR_LIMIT_EXCEEDED (over max; checked before the payload
 *          is looked for), DUET_ERR_BAD_ENCODING (a list), or the sticky
 *          error.
 * Args:    max: the field's limit; values over DUET_RLP_MAX_SIZE act as
 *               DUET_RLP_MAX_SIZE.
 * Out:     p:   the string inside the input (NULL on failure; non-NULL
 *               with *len 0 for the empty string).
 *          len: its length (0 on failure).
 */
int duet_rlp_get_bytes(struct duet_rlp_reader *rd, const uint8_t **p,
    size_t *len, size_t max);

/*
 * Read a non-negative integer of at most max bytes.
 *
 * Returns: as duet_rlp_get_bytes; DUET_ERR_NON_CANONICAL also for a leading
 *          zero byte (which includes the string 0x00: zero is 0x80).
 * Out:     p:   the minimal big-endian magnitude inside the input (NULL on
 *               failure); p[0] != 0 whenever *len > 0.
 *          len: its length; 0 means the value zero.
 */
int duet_rlp_get_uint(struct duet_rlp_reader *rd, const uint8_t **p,
    size_t *len, size_t max);

/*
 * Read an integer that must fit in 64 bits (a nonce, a gas limit, a chain
 * id).
 *
 * Returns: as duet_rlp_get_uint, with DUET_ERR_LIMIT_EXCEEDED for a value
 *          of more than 8 bytes.
 * Out:     v: the value (0 on failure).
 */
int duet_rlp_get_u64(struct duet_rlp_reader *rd, uint64_t *v);

/*
 * Read a list, giving a reader over its payload.  rd moves past the whole
 * list at once; read its items from list, then call duet_rlp_reader_end()
 * on list to reject trailing bytes inside it.  An error in list does not
 * show in rd: check both.
 *
 * Returns: 0, DUET_ERR_TRUNCATED, DUET_ERR_NON_CANONICAL,
 *          DUET_ERR_LIMIT_EXCEEDED (rd is already DUET_RLP_MAX_DEPTH lists
 *          deep), DUET_ERR_BAD_ENCODING (a string), or the sticky error.
 * Out:     list: a reader one level deeper (failed with the same code on
 *                failure, so that reading from it fails too).
 */
int duet_rlp_get_list(struct duet_rlp_reader *rd,
    struct duet_rlp_reader *list);

/*
 * Check that p[0..len) is exactly one canonical item, with every list in
 * it well formed and nested at most DUET_RLP_MAX_DEPTH deep.  Walks the
 * whole item without recursion.
 *
 * Returns: 0, or the first error a reader meets (see the table above).
 */
int duet_rlp_check(const uint8_t *p, size_t len);


/* Writer. */

/*
 * Append a byte string item.
 *
 * Returns: 0, or the writer's error (DUET_ERR_BUFFER_TOO_SMALL,
 *          DUET_ERR_LIMIT_EXCEEDED, DUET_ERR_NO_MEMORY, or a sticky one).
 *          The same holds for every put below.
 * Args:    p: n bytes (may be NULL when n is 0).
 */
int duet_rlp_put_bytes(struct duet_buf_writer *w, const uint8_t *p,
    size_t n);

/*
 * Append the non-negative integer whose big-endian magnitude is
 * mag[0..n).  Leading zero bytes are dropped, so a fixed-width input (a
 * 32-byte value) is fine, and all zeros (or n = 0) give 0x80.
 */
int duet_rlp_put_uint(struct duet_buf_writer *w, const uint8_t *mag,
    size_t n);

/* Append an integer given as a uint64_t. */
int duet_rlp_put_u64(struct duet_buf_writer *w, uint64_t v);

/*
 * Open a list: append its items after this call, then close it with
 * duet_rlp_list_end().  Lists nest; close them in reverse order.
 *
 * Out: mark: where the list starts, for duet_rlp_list_end() (0 on
 *            failure).
 */
int duet_rlp_list_begin(struct duet_buf_writer *w, size_t *mark);

/*
 * Close the list opened at mark: its header is inserted in front of the
 * items written since (moving them up by 1 to DUET_RLP_MAX_HEADER bytes).
 *
 * Returns: as above; DUET_ERR_INTERNAL if mark is past the end of the
 *          output (a bug in the caller).
 * Args:    mark: from the matching duet_rlp_list_begin().
 */
int duet_rlp_list_end(struct duet_buf_writer *w, size_t mark);

#endif /* DUET_CHAIN_RLP_H */
