/*
 * eth_text.h -- the text forms Ethereum tools exchange values in, parsed
 * strictly (the rules are stated once, at the top of duet_eth.h):
 *
 *   quantity   ["-"] decimal digits, or "0x" hex digits (no sign: ethers
 *              reads "-0x10" as -16, MetaMask's eth-sig-util does not);
 *              at most DUET_ETH_QUANTITY_MAX_TEXT characters, magnitude
 *              below 2^256
 *   bytes      "0x" and an even number of hex digits, either case
 *   address    "0x" and 40 hex digits, with an EIP-55 checksum when the
 *              letters are of mixed case
 *
 * Values here are public (transactions, typed data), so nothing is
 * constant time.  The public parts (duet_eth_address_checksum,
 * duet_eth_address_parse) are declared in duet_eth.h.
 */

#ifndef DUET_CHAIN_ETH_TEXT_H
#define DUET_CHAIN_ETH_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "duet.h"
#include "duet_eth.h"

/* A 256-bit magnitude, big-endian. */
#define DUET_ETH_WORD_BYTES  32

/*
 * Parse a quantity.
 *
 * Returns: 0;
 *          DUET_ERR_BAD_ENCODING   empty, a lone "-" or "0x", a character
 *                                  that is not a digit of the base, "+",
 *                                  spaces, "0X", "-0x";
 *          DUET_ERR_LIMIT_EXCEEDED len over DUET_ETH_QUANTITY_MAX_TEXT, or
 *                                  a magnitude of 2^256 or more.
 *          On failure mag is zeroed and *negative is 0.
 * Out:     mag:      the magnitude, 32 big-endian bytes.
 *          negative: 1 if there was a "-" and the value is not zero, else
 *                    0 (so "-0" is plain zero).  The caller decides whether
 *                    negative values are allowed.
 * In:      s:        len characters (may be NULL when len is 0).
 */
int duet_eth_quantity_parse(uint8_t mag[DUET_ETH_WORD_BYTES], int *negative,
    const char *s, size_t len);

/*
 * Check the form of a byte string without decoding it.
 *
 * Returns: 0, or DUET_ERR_BAD_ENCODING (no "0x", an odd number of digits;
 *          the digits themselves are checked when decoding).
 * Out:     n: the number of bytes it holds (0 on failure).
 */
int duet_eth_hex_len(size_t *n, const char *s, size_t len);

/*
 * Decode a byte string.
 *
 * Returns: 0, DUET_ERR_BAD_ENCODING, or DUET_ERR_BUFFER_TOO_SMALL (more
 *          than cap bytes).
 * Out:     out: cap bytes of room (may be NULL when cap is 0).
 *          n:   the bytes written (0 on failure).
 */
int duet_eth_hex_parse(uint8_t *out, size_t cap, size_t *n, const char *s,
    size_t len);

/*
 * Keccak-256 of the bytes a byte string holds, decoded piece by piece so
 * that a long one needs no buffer (EIP-712's dynamic "bytes").
 *
 * Returns: 0 or DUET_ERR_BAD_ENCODING (then out is zeroed).
 */
int duet_eth_hex_keccak(uint8_t out[DUET_ETH_WORD_BYTES], const char *s,
    size_t len);

/*
 * Parse an address; duet_eth_address_parse() without the argument checks.
 *
 * Returns: 0 or DUET_ERR_BAD_ENCODING (then addr is zeroed).
 */
int duet_eth_address_from_text(uint8_t addr[DUET_ETH_ADDRESS_BYTES],
    const char *s, size_t len);

/* Write the EIP-55 form of addr: "0x", 40 characters, NUL. */
void duet_eth_address_to_text(char out[DUET_ETH_ADDRESS_TEXT_SIZE],
    const uint8_t addr[DUET_ETH_ADDRESS_BYTES]);

#endif /* DUET_CHAIN_ETH_TEXT_H */
