/*
 * api_json.h -- the JSON of duet's HTTP API: strict decoding of request
 * bodies, with errors that name the field, and small builders for
 * responses.
 *
 * Request bodies are checked against RFC 8259 by libduet
 * (duet_eth_json_check: UTF-8, no duplicate keys, no U+0000, no unpaired
 * surrogates, bounded depth) before json-c builds the tree, so duetd reads
 * exactly what any strict reader would.  The round bodies of the protocol
 * routes, {"messages": [base64url, ...]}, which may be larger than that
 * check allows, have a parser of their own for exactly that shape.
 *
 * Every function here is pure (json-c and libduet only), so a test can
 * compile this file alone.  Error texts go to the client: they name fields
 * and expected types, never echo values.
 */

#ifndef DUETD_API_JSON_H
#define DUETD_API_JSON_H

#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

#define DUETD_ERR_SIZE            256   /* an error message for a client */
#define DUETD_MESSAGES_MAX        16    /* messages in one round body     */

/* Field types for duetd_json_fields. */
#define DUETD_JT_STRING           1
#define DUETD_JT_OBJECT           2
#define DUETD_JT_ARRAY            3
#define DUETD_JT_BOOL             4
#define DUETD_JT_INTEGER          5     /* a JSON integer, |v| < 2^53     */
#define DUETD_JT_QUANTITY         6     /* an integer, or a string of
                                           decimal or 0x-hex digits      */
#define DUETD_JT_ANY              7     /* string, object or array        */

/* A field an object may have; value is filled by duetd_json_fields. */
struct duetd_json_field {
    const char          *name;
    int                  type;          /* DUETD_JT_*                     */
    int                  required;
    size_t               max;           /* strings: most bytes (0: any)   */
    struct json_object  *value;         /* out: NULL if absent or null    */
};

/* The messages of a round body, decoded. */
struct duetd_msgs {
    size_t          count;
    const uint8_t  *msg[DUETD_MESSAGES_MAX];
    size_t          len[DUETD_MESSAGES_MAX];
    uint8_t        *buf;                /* all of them (wiped on free)    */
    size_t          buf_size;
};

/*
 * Check and parse a request body that must be one JSON object.
 * Returns: 0 with *root (release with json_object_put), or 400 with a
 *          message in err, or 500 (no memory).
 */
int duetd_json_parse(struct json_object **root, const char *text,
    size_t len, char *err, size_t errsize);

/*
 * Match obj's members against the n fields: every member must be listed
 * (else "unknown field"), of its type, within its size; every required
 * one present.  A null value counts as absent.  prefix ("" or
 * "transaction.") is put before names in messages.
 * Returns: 0, or 400 with a message in err.
 */
int duetd_json_fields(struct json_object *obj, const char *prefix,
    struct duetd_json_field *f, size_t n, char *err, size_t errsize);

/*
 * Refuse any number in the tree under v that json-c may not have held
 * exactly: a fraction or exponent, or an integer of magnitude 2^53 or
 * more (such values must be written as strings).  A tree that passes
 * serializes back to text that means the same to any reader.
 * Returns: 0, or 400 with a message naming the path in err.
 */
int duetd_json_check_numbers(struct json_object *v, const char *path,
    char *err, size_t errsize);

/* Is a Content-Type JSON ("application/json", optionally with
 * "; charset=utf-8")?  Returns 1 or 0. */
int duetd_json_content_type_ok(const char *ct);

/*
 * Parse a round body {"messages": [...]}: 1 to DUETD_MESSAGES_MAX
 * unpadded base64url strings, no other member.
 * Returns: 0 with *m (free with duetd_msgs_free), 400 with a message in
 *          err, or 500 (no memory).
 */
int duetd_msgs_parse(struct duetd_msgs *m, const char *body, size_t len,
    char *err, size_t errsize);

/* Wipe and free the decoded messages; *m may be zeroed or parsed. */
void duetd_msgs_free(struct duetd_msgs *m);

/*
 * Add v to obj under key, taking v.  Returns 0, or -1 (v is NULL or json-c
 * failed; v is released).
 */
int duetd_json_add(struct json_object *obj, const char *key,
    struct json_object *v);

/*
 * Wipe every string in the tree, then release it (NULL is ignored): for
 * responses that carried point-to-point messages or an API key.
 */
void duetd_json_put_wiped(struct json_object *v);

/* "0x" and lower-case hex of p[0..n), as a JSON string, or NULL. */
struct json_object *duetd_json_hex(const uint8_t *p, size_t n);

/* Append the unpadded base64url of p[0..n) to arr.  Returns 0 or -1. */
int duetd_json_array_add_b64(struct json_object *arr, const uint8_t *p,
    size_t n);

/*
 * Write a quantity (a JSON integer >= 0, or a string of decimal digits or
 * "0x" and hex digits, at most 2^256 - 1) as decimal digits.
 * Returns: 0, or -1 (not such a quantity, or out too small; 79 bytes
 *          always suffice).
 */
int duetd_quantity_decimal(char *out, size_t size, struct json_object *v);

#endif /* DUETD_API_JSON_H */
