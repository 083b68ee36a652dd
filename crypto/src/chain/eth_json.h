/*
 * eth_json.h -- JSON input for the Ethereum helpers, through json-c.
 *
 * json-c is lenient where a signer must not be: even with
 * JSON_TOKENER_STRICT it takes NaN, 'single-quoted' keys and raw control
 * characters, keeps the last of two equal keys, cuts keys at an escaped
 * U+0000, replaces an unpaired surrogate escape with U+FFFD, and clamps an
 * integer literal over 2^64 - 1 to 2^64 - 1.  Two readers of one text
 * could then see two different transactions.  So duet_eth_json_parse()
 * first checks the text against RFC 8259 itself (duet_eth.h lists the
 * rules), counting object members on the way; json-c then only builds the
 * tree, and a tree with fewer members than the text had keys had a
 * duplicate.
 *
 * Only chain/ uses json-c, and only through this header; the objects
 * returned belong to the tree the caller holds.
 */

#ifndef DUET_CHAIN_ETH_JSON_H
#define DUET_CHAIN_ETH_JSON_H

#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

#include "duet.h"
#include "chain/eth_text.h"

/*
 * Largest integer a JSON number may hold, 2^53 - 1 (JavaScript's
 * Number.MAX_SAFE_INTEGER): every reader holds integers up to it exactly.
 */
#define DUET_ETH_JSON_MAX_SAFE_INT  9007199254740991LL

/*
 * Check and parse a JSON text whose top level must be an object.
 *
 * Returns: 0;
 *          DUET_ERR_BAD_ENCODING     not RFC 8259 JSON, or breaking one of
 *                                    the rules of duet_eth.h (duplicate
 *                                    keys, U+0000, unpaired surrogates);
 *          DUET_ERR_TRUNCATED        the text ends inside the value;
 *          DUET_ERR_TRAILING_DATA    more than whitespace after it;
 *          DUET_ERR_LIMIT_EXCEEDED   len over DUET_ETH_JSON_MAX_SIZE, or
 *                                    nesting over DUET_ETH_JSON_MAX_DEPTH;
 *          DUET_ERR_INVALID_ARGUMENT valid JSON, but not an object;
 *          DUET_ERR_NO_MEMORY.
 * Out:     root: the object (NULL on failure); release it with
 *                json_object_put().
 * In:      text: len bytes (may be NULL when len is 0).
 */
int duet_eth_json_parse(struct json_object **root, const char *text,
    size_t len);

/*
 * Check that every key of obj is one of the n names in keys.
 *
 * Returns: 0 or DUET_ERR_INVALID_ARGUMENT.
 */
int duet_eth_json_only_keys(struct json_object *obj,
    const char *const *keys, size_t n);

/*
 * Returns: the value of key in obj, or NULL when the key is absent or its
 *          value is null.
 */
struct json_object *duet_eth_json_get(struct json_object *obj,
    const char *key);

/*
 * Read a number: a JSON integer of magnitude at most
 * DUET_ETH_JSON_MAX_SAFE_INT, or a string duet_eth_quantity_parse()
 * takes.
 *
 * Returns: 0;
 *          DUET_ERR_INVALID_ARGUMENT v is null, a number with a fraction
 *                                    or exponent, or neither number nor
 *                                    string;
 *          DUET_ERR_LIMIT_EXCEEDED   a JSON integer over the maximum;
 *          the errors of duet_eth_quantity_parse() for a string.
 * Out:     mag:      the magnitude (zero on failure).
 *          negative: 1 for a value below zero (0 on failure).
 */
int duet_eth_json_number(uint8_t mag[DUET_ETH_WORD_BYTES], int *negative,
    struct json_object *v);

/*
 * Read a number that must lie in 0 .. 2^64 - 1.
 *
 * Returns: as duet_eth_json_number(), with DUET_ERR_LIMIT_EXCEEDED also for
 *          a negative value or one of 2^64 or more.
 * Out:     out: the value (0 on failure).
 */
int duet_eth_json_u64(uint64_t *out, struct json_object *v);

/*
 * Read a string.
 *
 * Returns: 0 or DUET_ERR_INVALID_ARGUMENT (v is not a string).
 * Out:     s, len: its UTF-8 bytes inside the tree, NUL-terminated, with no
 *                  NUL inside (duet_eth_json_parse() refuses U+0000); NULL
 *                  and 0 on failure.
 */
int duet_eth_json_string(const char **s, size_t *len, struct json_object *v);

#endif /* DUET_CHAIN_ETH_JSON_H */
