/*
 * keccak.h -- Keccak-256 as Ethereum uses it: the Keccak[c = 512] sponge
 * with the ORIGINAL Keccak padding (domain bits 0x01, then pad10*1), not
 * the FIPS 202 SHA3-256 padding (0x06).  The two give different digests
 * for every input, e.g. for the empty string
 *
 *   Keccak-256("") = c5d2460186f7233c927e7db2dcc703c0
 *                    e500b653ca82273b7bfad8045d85a470
 *   SHA3-256("")   = a7ffc6f8bf1ed76651c14756a061d662
 *                    f580ff4de43b49fa82d80a4b80f8434a
 *
 * so never substitute OpenSSL's SHA3-256 for this.  (OpenSSL 3.0 exposes no
 * Keccak-256 with the old padding; its KECCAK-KMAC-256 is a cSHAKE XOF.)
 *
 * The permutation has no table look-ups or branches that depend on the
 * data, so the functions run in time that depends only on the length of
 * their input.  The state is wiped when a digest is produced.
 */

#ifndef DUET_CHAIN_KECCAK_H
#define DUET_CHAIN_KECCAK_H

#include <stddef.h>
#include <stdint.h>

/* Digest size in bytes. */
#define DUET_KECCAK256_SIZE     32

/*
 * Sponge rate in bytes: (1600 - 2 * 256) / 8.  Input is absorbed in blocks
 * of this size, so lengths around its multiples are the edge cases.
 */
#define DUET_KECCAK256_RATE     136

/* Incremental hashing state.  Treat as opaque. */
struct duet_keccak256 {
    uint64_t st[25];        /* lane x + 5y of the 5x5 state */
    size_t pos;             /* bytes absorbed into the current block */
};

/*
 * Start a new message.
 *
 * Args: ctx: the state to initialise.
 */
void duet_keccak256_init(struct duet_keccak256 *ctx);

/*
 * Absorb n more bytes of the message.  Splitting a message into calls in
 * any way gives the same digest as one call with the whole of it.
 *
 * Args: ctx: a state from duet_keccak256_init.
 *       in:  n bytes (may be NULL when n is 0).
 */
void duet_keccak256_update(struct duet_keccak256 *ctx, const uint8_t *in,
    size_t n);

/*
 * Finish the message and write its digest.  The state is then wiped,
 * which leaves it exactly as duet_keccak256_init would: ready for a new
 * message.
 *
 * Args: ctx: a state from duet_keccak256_init.
 * Out:  out: DUET_KECCAK256_SIZE bytes.
 */
void duet_keccak256_final(struct duet_keccak256 *ctx,
    uint8_t out[DUET_KECCAK256_SIZE]);

/*
 * One-shot Keccak-256 of in[0..n).
 *
 * Out:  out: DUET_KECCAK256_SIZE bytes; may overlap in (the input is fully
 *            absorbed before the digest is written).
 * Args: in:  n bytes (may be NULL when n is 0).
 */
void duet_keccak256(uint8_t out[DUET_KECCAK256_SIZE], const uint8_t *in,
    size_t n);

#endif /* DUET_CHAIN_KECCAK_H */
