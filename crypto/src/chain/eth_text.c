/*
 * eth_text.c -- quantities, byte strings and EIP-55 addresses as text; see
 * eth_text.h.
 */

#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "duet.h"
#include "duet_eth.h"
#include "duet_util.h"
#include "chain/eth_text.h"
#include "chain/keccak.h"
#include "util/check.h"

/* Bytes decoded at a time by duet_eth_hex_keccak(). */
#define DUET_ETH_HEX_CHUNK  256

/* Hex digits of an address, without "0x". */
#define DUET_ETH_ADDRESS_DIGITS  (2 * DUET_ETH_ADDRESS_BYTES)

/* mag = mag * 16 + d.  Returns: 1 if the result no longer fits, else 0. */
static int
duet_eth_word_shift_add(uint8_t mag[DUET_ETH_WORD_BYTES], unsigned d)
{
    size_t i;

    if ((mag[0] >> 4) != 0) {
        return 1;
    }
    for (i = 0; i + 1 < DUET_ETH_WORD_BYTES; i++) {
        mag[i] = (uint8_t) ((mag[i] << 4) | (mag[i + 1] >> 4));
    }
    mag[DUET_ETH_WORD_BYTES - 1] =
        (uint8_t) (((unsigned) mag[DUET_ETH_WORD_BYTES - 1] << 4) | d);

    return 0;
}


/* mag = mag * 10 + d.  Returns: 1 if the result no longer fits, else 0. */
static int
duet_eth_word_mul10_add(uint8_t mag[DUET_ETH_WORD_BYTES], unsigned d)
{
    unsigned t, carry = d;
    size_t i;

    for (i = DUET_ETH_WORD_BYTES; i-- > 0;) {
        t = mag[i] * 10u + carry;
        mag[i] = (uint8_t) t;
        carry = t >> 8;
    }

    return carry != 0;
}


int
duet_eth_quantity_parse(uint8_t mag[DUET_ETH_WORD_BYTES], int *negative,
    const char *s, size_t len)
{
    size_t i = 0, j;
    int neg = 0, hex = 0, over = 0, d, r = DUET_ERR_INTERNAL;

    memset(mag, 0, DUET_ETH_WORD_BYTES);
    *negative = 0;

    if (len > DUET_ETH_QUANTITY_MAX_TEXT) {
        r = DUET_ERR_LIMIT_EXCEEDED;
        goto out;
    }
    if (i < len && s[i] == '-') {
        neg = 1;
        i++;
    }
    /* "-0x..." is ethers-only: other readers (eth-sig-util) misread it. */
    if (!neg && len - i >= 2 && s[i] == '0' && s[i + 1] == 'x') {
        hex = 1;
        i += 2;
    }
    if (i == len) {
        r = DUET_ERR_BAD_ENCODING;
        goto out;
    }

    /* A bad character outranks an overflow: keep looking after one. */
    for (; i < len; i++) {
        d = duet_hex_char_value(s[i]);
        if (d < 0 || (!hex && d > 9)) {
            r = DUET_ERR_BAD_ENCODING;
            goto out;
        }
        if (!over) {
            over = hex ? duet_eth_word_shift_add(mag, (unsigned) d)
                : duet_eth_word_mul10_add(mag, (unsigned) d);
        }
    }
    if (over) {
        r = DUET_ERR_LIMIT_EXCEEDED;
        goto out;
    }

    j = 0;
    while (j < DUET_ETH_WORD_BYTES && mag[j] == 0) {
        j++;
    }
    *negative = neg && j < DUET_ETH_WORD_BYTES;
    r = 0;

out:
    if (r != 0) {
        memset(mag, 0, DUET_ETH_WORD_BYTES);
    }
    return r;
}


int
duet_eth_hex_len(size_t *n, const char *s, size_t len)
{
    *n = 0;
    if (len < 2 || s[0] != '0' || s[1] != 'x' || len % 2 != 0) {
        return DUET_ERR_BAD_ENCODING;
    }
    *n = (len - 2) / 2;

    return 0;
}


int
duet_eth_hex_parse(uint8_t *out, size_t cap, size_t *n, const char *s,
    size_t len)
{
    size_t want;
    int r = DUET_ERR_INTERNAL;

    *n = 0;
    if ((r = duet_eth_hex_len(&want, s, len)) != 0) {
        goto out;
    }
    if (want > cap) {
        r = DUET_ERR_BUFFER_TOO_SMALL;
        goto out;
    }
    if ((r = duet_hex_decode(out, cap, n, s + 2, len - 2)) != 0) {
        goto out;
    }
    r = 0;

out:
    return r;
}


int
duet_eth_hex_keccak(uint8_t out[DUET_ETH_WORD_BYTES], const char *s,
    size_t len)
{
    struct duet_keccak256 k;
    uint8_t buf[DUET_ETH_HEX_CHUNK];
    size_t total, off, chunk, n;
    int r = DUET_ERR_INTERNAL;

    memset(out, 0, DUET_ETH_WORD_BYTES);
    duet_keccak256_init(&k);

    if ((r = duet_eth_hex_len(&total, s, len)) != 0) {
        goto out;
    }
    for (off = 0; off < total; off += chunk) {
        chunk = total - off < sizeof(buf) ? total - off : sizeof(buf);
        r = duet_hex_decode(buf, sizeof(buf), &n, s + 2 + 2 * off, 2 * chunk);
        if (r != 0) {
            goto out;
        }
        duet_keccak256_update(&k, buf, n);
    }
    duet_keccak256_final(&k, out);
    r = 0;

out:
    if (r != 0) {
        memset(out, 0, DUET_ETH_WORD_BYTES);
    }
    return r;
}


void
duet_eth_address_to_text(char out[DUET_ETH_ADDRESS_TEXT_SIZE],
    const uint8_t addr[DUET_ETH_ADDRESS_BYTES])
{
    static const char digits[] = "0123456789abcdef";
    uint8_t h[DUET_KECCAK256_SIZE];
    char *hex = out + 2;
    unsigned nibble;
    size_t i;

    out[0] = '0';
    out[1] = 'x';
    for (i = 0; i < DUET_ETH_ADDRESS_BYTES; i++) {
        hex[2 * i] = digits[addr[i] >> 4];
        hex[2 * i + 1] = digits[addr[i] & 0x0f];
    }

    /*
     * EIP-55: a letter is upper case where its nibble of the hash of the
     * lower-case hex is 8 or more.
     */
    duet_keccak256(h, (const uint8_t *) hex, DUET_ETH_ADDRESS_DIGITS);
    for (i = 0; i < DUET_ETH_ADDRESS_DIGITS; i++) {
        nibble = (i % 2 == 0) ? h[i / 2] >> 4 : h[i / 2] & 0x0fu;
        if (hex[i] >= 'a' && nibble >= 8) {
            hex[i] = (char) (hex[i] - 'a' + 'A');
        }
    }
    out[2 + DUET_ETH_ADDRESS_DIGITS] = '\0';
}


int
duet_eth_address_from_text(uint8_t addr[DUET_ETH_ADDRESS_BYTES],
    const char *s, size_t len)
{
    char want[DUET_ETH_ADDRESS_TEXT_SIZE];
    size_t i, n;
    int lower = 0, upper = 0, r = DUET_ERR_INTERNAL;

    memset(addr, 0, DUET_ETH_ADDRESS_BYTES);

    if (len != 2 + DUET_ETH_ADDRESS_DIGITS) {
        r = DUET_ERR_BAD_ENCODING;
        goto out;
    }
    r = duet_eth_hex_parse(addr, DUET_ETH_ADDRESS_BYTES, &n, s, len);
    if (r != 0) {
        goto out;
    }
    for (i = 2; i < len; i++) {
        lower |= s[i] >= 'a' && s[i] <= 'f';
        upper |= s[i] >= 'A' && s[i] <= 'F';
    }
    if (lower && upper) {
        duet_eth_address_to_text(want, addr);
        if (memcmp(want, s, len) != 0) {
            r = DUET_ERR_BAD_ENCODING;
            goto out;
        }
    }
    r = 0;

out:
    if (r != 0) {
        memset(addr, 0, DUET_ETH_ADDRESS_BYTES);
    }
    return r;
}


int
duet_eth_address_checksum(char out[DUET_ETH_ADDRESS_TEXT_SIZE],
    const uint8_t addr[DUET_ETH_ADDRESS_BYTES])
{
    ARG_CHECK(out != NULL);
    ARG_CHECK(addr != NULL);

    duet_eth_address_to_text(out, addr);

    return 0;
}


int
duet_eth_address_parse(uint8_t addr[DUET_ETH_ADDRESS_BYTES],
    const char *text, size_t len)
{
    ARG_CHECK(addr != NULL);
    ARG_CHECK(text != NULL);

    return duet_eth_address_from_text(addr, text, len);
}
