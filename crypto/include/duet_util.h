/*
 * duet_util.h -- the utility primitives libduet shares with its callers:
 * secret wiping, constant-time comparison, the CSPRNG, and text encodings
 * (hex, base64url) for bytes that cross a text boundary.
 *
 * The encoders and decoders run in time that depends only on the length of
 * their input, never on its value, so they may carry secrets.
 */

#ifndef DUET_UTIL_H
#define DUET_UTIL_H

#include "duet.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Overwrite n bytes at p with zeros in a way the compiler may not elide.
 * The one wipe primitive of the project: use it for every secret.
 * p may be NULL when n is 0.
 */
DUET_API void duet_memclear(void *p, size_t n);

/*
 * Compare n bytes in time independent of their contents.
 * Returns: 1 if equal, 0 otherwise.
 */
DUET_API int duet_ct_memeq(const void *a, const void *b, size_t n)
    DUET_ARG_NONNULL(1, 2);

/*
 * Fill out with n bytes from the operating system CSPRNG (getrandom(2)).
 * Returns: 0, or DUET_ERR_RANDOM if the kernel source failed.
 */
DUET_API DUET_WARN_UNUSED_RESULT int duet_random_bytes(void *out, size_t n)
    DUET_ARG_NONNULL(1);

/* Characters needed to hex-encode n bytes, plus the terminating NUL. */
#define DUET_HEX_ENCODED_SIZE(n)        (2 * (n) + 1)
/* Characters needed to base64url-encode n bytes (no padding), plus NUL. */
#define DUET_BASE64URL_ENCODED_SIZE(n)  (((n) / 3) * 4 + ((n) % 3 ? (n) % 3 + 1 : 0) + 1)

/*
 * Lower-case hex encode in[0..n) into out (out_size bytes, NUL-terminated).
 * Returns: 0, or DUET_ERR_BUFFER_TOO_SMALL.
 */
DUET_API DUET_WARN_UNUSED_RESULT int duet_hex_encode(char *out,
    size_t out_size, const uint8_t *in, size_t n) DUET_ARG_NONNULL(1);

/*
 * The value of one hex digit c (either case), or -1 when c is none.  For
 * public text (quantities, query strings): it branches on c.
 */
DUET_API int duet_hex_char_value(int c);

/*
 * Decode hex text in[0..in_len) (either case, no prefix, even length) into
 * out.  *out_len receives the number of bytes written.
 * Returns: 0, DUET_ERR_BAD_ENCODING (odd length or a non-hex character), or
 *          DUET_ERR_BUFFER_TOO_SMALL.  out is wiped on failure.
 */
DUET_API DUET_WARN_UNUSED_RESULT int duet_hex_decode(uint8_t *out,
    size_t out_size, size_t *out_len, const char *in, size_t in_len)
    DUET_ARG_NONNULL(3);

/*
 * base64url (RFC 4648 section 5) encode without padding.
 * Returns: 0, or DUET_ERR_BUFFER_TOO_SMALL.
 */
DUET_API DUET_WARN_UNUSED_RESULT int duet_base64url_encode(char *out,
    size_t out_size, const uint8_t *in, size_t n) DUET_ARG_NONNULL(1);

/*
 * Decode unpadded base64url.  Rejects padding, characters outside the
 * base64url alphabet, a length of 1 mod 4, and non-canonical trailing bits
 * (so every byte string has exactly one accepted encoding).
 * Returns: 0, DUET_ERR_BAD_ENCODING, DUET_ERR_NON_CANONICAL or
 *          DUET_ERR_BUFFER_TOO_SMALL.  out is wiped on failure.
 */
DUET_API DUET_WARN_UNUSED_RESULT int duet_base64url_decode(uint8_t *out,
    size_t out_size, size_t *out_len, const char *in, size_t in_len)
    DUET_ARG_NONNULL(3);

#ifdef __cplusplus
}
#endif

#endif /* DUET_UTIL_H */
