/*
 * eth_json.c -- a strict RFC 8259 check in front of json-c; see
 * eth_json.h for why.
 *
 * The check is a recursive descent over the bytes.  It nests at most
 * DUET_ETH_JSON_MAX_DEPTH calls deep, which is also the limit it enforces,
 * and it builds nothing: json-c builds the tree afterwards, from a text
 * that is by then known to be plain JSON.
 */

#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <json-c/json.h>

#include "duet.h"
#include "duet_eth.h"
#include "chain/eth_json.h"
#include "chain/eth_text.h"
#include "util/check.h"

/* Where the check stands in the text. */
struct duet_eth_json_scan {
    const uint8_t *p;
    size_t len;
    size_t off;
    size_t members;         /* "key": value pairs seen, in all objects */
    unsigned depth;         /* arrays and objects open */
};

static int duet_eth_json_scan_value(struct duet_eth_json_scan *sc);


static void
duet_eth_json_skip_ws(struct duet_eth_json_scan *sc)
{
    while (sc->off < sc->len
        && (sc->p[sc->off] == ' ' || sc->p[sc->off] == '\t'
            || sc->p[sc->off] == '\n' || sc->p[sc->off] == '\r'))
    {
        sc->off++;
    }
}


/*
 * Read the 4 hex digits of a \u escape at sc->off.
 *
 * Returns: 0, DUET_ERR_TRUNCATED or DUET_ERR_BAD_ENCODING.
 */
static int
duet_eth_json_scan_u16(struct duet_eth_json_scan *sc, unsigned *cp)
{
    unsigned d;
    size_t i;
    uint8_t c;

    *cp = 0;
    for (i = 0; i < 4; i++) {
        if (sc->off >= sc->len) {
            return DUET_ERR_TRUNCATED;
        }
        c = sc->p[sc->off++];
        if (c >= '0' && c <= '9') {
            d = c - '0';
        } else if (c >= 'a' && c <= 'f') {
            d = c - 'a' + 10u;
        } else if (c >= 'A' && c <= 'F') {
            d = c - 'A' + 10u;
        } else {
            return DUET_ERR_BAD_ENCODING;
        }
        *cp = (*cp << 4) | d;
    }

    return 0;
}


/*
 * Check one UTF-8 sequence of two to four bytes whose lead byte c was just
 * read (RFC 3629 table: no overlong forms, no surrogates, nothing above
 * U+10FFFF).
 */
static int
duet_eth_json_scan_utf8(struct duet_eth_json_scan *sc, uint8_t c)
{
    uint8_t lo = 0x80, hi = 0xbf;
    size_t more, i;

    if (c >= 0xc2 && c <= 0xdf) {
        more = 1;
    } else if (c >= 0xe0 && c <= 0xef) {
        more = 2;
        lo = c == 0xe0 ? 0xa0 : 0x80;
        hi = c == 0xed ? 0x9f : 0xbf;
    } else if (c >= 0xf0 && c <= 0xf4) {
        more = 3;
        lo = c == 0xf0 ? 0x90 : 0x80;
        hi = c == 0xf4 ? 0x8f : 0xbf;
    } else {
        return DUET_ERR_BAD_ENCODING;
    }

    for (i = 0; i < more; i++) {
        if (sc->off >= sc->len) {
            return DUET_ERR_TRUNCATED;
        }
        c = sc->p[sc->off++];
        if (c < lo || c > hi) {
            return DUET_ERR_BAD_ENCODING;
        }
        lo = 0x80;
        hi = 0xbf;
    }

    return 0;
}


/* A string; sc->off is at its opening quote. */
static int
duet_eth_json_scan_string(struct duet_eth_json_scan *sc)
{
    unsigned cp, lo;
    uint8_t c;
    int r;

    sc->off++;
    for ( ;; ) {
        if (sc->off >= sc->len) {
            return DUET_ERR_TRUNCATED;
        }
        c = sc->p[sc->off++];
        if (c == '"') {
            return 0;
        }
        if (c < 0x20) {
            /* Raw control characters (NUL included) must be escaped. */
            return DUET_ERR_BAD_ENCODING;
        }
        if (c >= 0x80) {
            if ((r = duet_eth_json_scan_utf8(sc, c)) != 0) {
                return r;
            }
            continue;
        }
        if (c != '\\') {
            continue;
        }

        if (sc->off >= sc->len) {
            return DUET_ERR_TRUNCATED;
        }
        c = sc->p[sc->off++];
        if (c != 'u') {
            if (strchr("\"\\/bfnrt", c) == NULL || c == '\0') {
                return DUET_ERR_BAD_ENCODING;
            }
            continue;
        }
        if ((r = duet_eth_json_scan_u16(sc, &cp)) != 0) {
            return r;
        }
        /* json-c would cut a key at U+0000: refuse it everywhere. */
        if (cp == 0 || (cp >= 0xdc00 && cp <= 0xdfff)) {
            return DUET_ERR_BAD_ENCODING;
        }
        if (cp >= 0xd800 && cp <= 0xdbff) {
            /* json-c would turn an unpaired half into U+FFFD. */
            if (sc->len - sc->off < 2) {
                return sc->len - sc->off == 0
                    || sc->p[sc->off] == '\\' ? DUET_ERR_TRUNCATED
                    : DUET_ERR_BAD_ENCODING;
            }
            if (sc->p[sc->off] != '\\' || sc->p[sc->off + 1] != 'u') {
                return DUET_ERR_BAD_ENCODING;
            }
            sc->off += 2;
            if ((r = duet_eth_json_scan_u16(sc, &lo)) != 0) {
                return r;
            }
            if (lo < 0xdc00 || lo > 0xdfff) {
                return DUET_ERR_BAD_ENCODING;
            }
        }
    }
}


/* Returns: 1 if the next byte is c (never NUL), else 0. */
static int
duet_eth_json_at(const struct duet_eth_json_scan *sc, uint8_t c)
{
    return sc->off < sc->len && sc->p[sc->off] == c;
}


/* One or more decimal digits. */
static int
duet_eth_json_scan_digits(struct duet_eth_json_scan *sc)
{
    size_t start = sc->off;

    while (sc->off < sc->len && sc->p[sc->off] >= '0'
        && sc->p[sc->off] <= '9')
    {
        sc->off++;
    }
    if (sc->off == start) {
        return sc->off >= sc->len ? DUET_ERR_TRUNCATED
            : DUET_ERR_BAD_ENCODING;
    }

    return 0;
}


/* A number (RFC 8259 section 6); sc->off is at its first character. */
static int
duet_eth_json_scan_number(struct duet_eth_json_scan *sc)
{
    int r;

    if (duet_eth_json_at(sc, '-')) {
        sc->off++;
    }
    if (duet_eth_json_at(sc, '0')) {
        /* A leading zero stands alone: "01" fails at the caller. */
        sc->off++;
    } else if ((r = duet_eth_json_scan_digits(sc)) != 0) {
        return r;
    }
    if (duet_eth_json_at(sc, '.')) {
        sc->off++;
        if ((r = duet_eth_json_scan_digits(sc)) != 0) {
            return r;
        }
    }
    if (duet_eth_json_at(sc, 'e') || duet_eth_json_at(sc, 'E')) {
        sc->off++;
        if (duet_eth_json_at(sc, '+') || duet_eth_json_at(sc, '-')) {
            sc->off++;
        }
        if ((r = duet_eth_json_scan_digits(sc)) != 0) {
            return r;
        }
    }

    return 0;
}


/* true, false or null; sc->off is at its first letter. */
static int
duet_eth_json_scan_literal(struct duet_eth_json_scan *sc, const char *word)
{
    size_t n = strlen(word), have = sc->len - sc->off;

    if (memcmp(sc->p + sc->off, word, have < n ? have : n) != 0) {
        return DUET_ERR_BAD_ENCODING;
    }
    if (have < n) {
        return DUET_ERR_TRUNCATED;
    }
    sc->off += n;

    return 0;
}


/* An array or object; sc->off is at its opening bracket. */
static int
duet_eth_json_scan_container(struct duet_eth_json_scan *sc)
{
    uint8_t close = sc->p[sc->off] == '{' ? '}' : ']';
    int r;

    if (sc->depth >= DUET_ETH_JSON_MAX_DEPTH) {
        return DUET_ERR_LIMIT_EXCEEDED;
    }
    sc->depth++;
    sc->off++;

    duet_eth_json_skip_ws(sc);
    if (sc->off < sc->len && sc->p[sc->off] == close) {
        sc->off++;
        sc->depth--;
        return 0;
    }
    for ( ;; ) {
        if (close == '}') {
            duet_eth_json_skip_ws(sc);
            if (sc->off >= sc->len) {
                return DUET_ERR_TRUNCATED;
            }
            if (sc->p[sc->off] != '"') {
                return DUET_ERR_BAD_ENCODING;
            }
            if ((r = duet_eth_json_scan_string(sc)) != 0) {
                return r;
            }
            duet_eth_json_skip_ws(sc);
            if (sc->off >= sc->len) {
                return DUET_ERR_TRUNCATED;
            }
            if (sc->p[sc->off] != ':') {
                return DUET_ERR_BAD_ENCODING;
            }
            sc->off++;
            sc->members++;
        }
        if ((r = duet_eth_json_scan_value(sc)) != 0) {
            return r;
        }
        duet_eth_json_skip_ws(sc);
        if (sc->off >= sc->len) {
            return DUET_ERR_TRUNCATED;
        }
        if (sc->p[sc->off] == close) {
            sc->off++;
            sc->depth--;
            return 0;
        }
        if (sc->p[sc->off] != ',') {
            return DUET_ERR_BAD_ENCODING;
        }
        sc->off++;
    }
}


static int
duet_eth_json_scan_value(struct duet_eth_json_scan *sc)
{
    uint8_t c;

    duet_eth_json_skip_ws(sc);
    if (sc->off >= sc->len) {
        return DUET_ERR_TRUNCATED;
    }
    c = sc->p[sc->off];
    switch (c) {
    case '{':
    case '[':
        return duet_eth_json_scan_container(sc);
    case '"':
        return duet_eth_json_scan_string(sc);
    case 't':
        return duet_eth_json_scan_literal(sc, "true");
    case 'f':
        return duet_eth_json_scan_literal(sc, "false");
    case 'n':
        return duet_eth_json_scan_literal(sc, "null");
    default:
        if (c == '-' || (c >= '0' && c <= '9')) {
            return duet_eth_json_scan_number(sc);
        }
        return DUET_ERR_BAD_ENCODING;
    }
}


/*
 * Returns: the members of all objects in the tree under v.  Recursion
 *          follows the tree, which the scan has bounded in depth.
 */
static size_t
duet_eth_json_count_members(struct json_object *v)
{
    struct json_object_iterator it, end;
    size_t n = 0, i, len;

    switch (json_object_get_type(v)) {
    case json_type_object:
        it = json_object_iter_begin(v);
        end = json_object_iter_end(v);
        while (!json_object_iter_equal(&it, &end)) {
            n += 1 + duet_eth_json_count_members(
                json_object_iter_peek_value(&it));
            json_object_iter_next(&it);
        }
        break;
    case json_type_array:
        len = json_object_array_length(v);
        for (i = 0; i < len; i++) {
            n += duet_eth_json_count_members(
                json_object_array_get_idx(v, i));
        }
        break;
    default:
        break;
    }

    return n;
}


int
duet_eth_json_parse(struct json_object **root, const char *text,
    size_t len)
{
    struct duet_eth_json_scan sc;
    struct json_tokener *tok = NULL;
    struct json_object *obj = NULL;
    enum json_tokener_error jerr;
    int r = DUET_ERR_INTERNAL;

    *root = NULL;

    if (len > DUET_ETH_JSON_MAX_SIZE) {
        r = DUET_ERR_LIMIT_EXCEEDED;
        goto out;
    }
    memset(&sc, 0, sizeof(sc));
    sc.p = (const uint8_t *) text;
    sc.len = len;
    if ((r = duet_eth_json_scan_value(&sc)) != 0) {
        goto out;
    }
    duet_eth_json_skip_ws(&sc);
    if (sc.off != len) {
        r = DUET_ERR_TRAILING_DATA;
        goto out;
    }
    VERIFY_CHECK(sc.depth == 0);

    /* The first non-blank byte; the scan saw a value there. */
    sc.off = 0;
    duet_eth_json_skip_ws(&sc);
    if (sc.p[sc.off] != '{') {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }

    /*
     * json-c only builds the tree now.  Its depth count includes the
     * top level, hence the + 1; the scan already kept within the limit.
     */
    if ((tok = json_tokener_new_ex(DUET_ETH_JSON_MAX_DEPTH + 1)) == NULL) {
        r = DUET_ERR_NO_MEMORY;
        goto out;
    }
    json_tokener_set_flags(tok,
        JSON_TOKENER_STRICT | JSON_TOKENER_ALLOW_TRAILING_CHARS);
    obj = json_tokener_parse_ex(tok, text, (int) len);
    jerr = json_tokener_get_error(tok);
    if (obj == NULL) {
        r = jerr == json_tokener_success ? DUET_ERR_NO_MEMORY
            : jerr == json_tokener_error_depth ? DUET_ERR_LIMIT_EXCEEDED
            : DUET_ERR_BAD_ENCODING;
        goto out;
    }
    if (jerr != json_tokener_success
        || json_object_get_type(obj) != json_type_object)
    {
        r = DUET_ERR_INTERNAL;
        goto out;
    }

    /* json-c keeps the last of two equal keys; count them back. */
    if (duet_eth_json_count_members(obj) != sc.members) {
        r = DUET_ERR_BAD_ENCODING;
        goto out;
    }
    *root = obj;
    obj = NULL;
    r = 0;

out:
    json_object_put(obj);
    if (tok != NULL) {
        json_tokener_free(tok);
    }
    return r;
}


int
duet_eth_json_only_keys(struct json_object *obj, const char *const *keys,
    size_t n)
{
    struct json_object_iterator it, end;
    const char *name;
    size_t i;

    it = json_object_iter_begin(obj);
    end = json_object_iter_end(obj);
    while (!json_object_iter_equal(&it, &end)) {
        name = json_object_iter_peek_name(&it);
        for (i = 0; i < n && strcmp(name, keys[i]) != 0; i++) {
            continue;
        }
        if (i == n) {
            return DUET_ERR_INVALID_ARGUMENT;
        }
        json_object_iter_next(&it);
    }

    return 0;
}


struct json_object *
duet_eth_json_get(struct json_object *obj, const char *key)
{
    struct json_object *v = NULL;

    if (!json_object_object_get_ex(obj, key, &v)) {
        return NULL;
    }

    /* NULL also when the value is JSON null. */
    return v;
}


int
duet_eth_json_number(uint8_t mag[DUET_ETH_WORD_BYTES], int *negative,
    struct json_object *v)
{
    const char *s;
    size_t len;
    int64_t i;
    uint64_t u;
    int k, r = DUET_ERR_INTERNAL;

    memset(mag, 0, DUET_ETH_WORD_BYTES);
    *negative = 0;

    switch (json_object_get_type(v)) {
    case json_type_int:
        /*
         * json-c clamps literals beyond 64 bits; every clamped value is
         * far above the maximum, so the clamping never shows.
         */
        i = json_object_get_int64(v);
        if (i > DUET_ETH_JSON_MAX_SAFE_INT
            || i < -DUET_ETH_JSON_MAX_SAFE_INT)
        {
            r = DUET_ERR_LIMIT_EXCEEDED;
            goto out;
        }
        *negative = i < 0;
        u = (uint64_t) (i < 0 ? -i : i);
        for (k = 0; k < 8; k++) {
            mag[DUET_ETH_WORD_BYTES - 1 - k] = (uint8_t) (u >> (8 * k));
        }
        r = 0;
        break;
    case json_type_string:
        if ((r = duet_eth_json_string(&s, &len, v)) != 0) {
            goto out;
        }
        r = duet_eth_quantity_parse(mag, negative, s, len);
        break;
    default:
        r = DUET_ERR_INVALID_ARGUMENT;
        break;
    }

out:
    return r;
}


int
duet_eth_json_u64(uint64_t *out, struct json_object *v)
{
    uint8_t mag[DUET_ETH_WORD_BYTES];
    size_t i;
    int negative, r = DUET_ERR_INTERNAL;

    *out = 0;
    if ((r = duet_eth_json_number(mag, &negative, v)) != 0) {
        goto out;
    }
    if (negative) {
        r = DUET_ERR_LIMIT_EXCEEDED;
        goto out;
    }
    for (i = 0; i < DUET_ETH_WORD_BYTES - 8; i++) {
        if (mag[i] != 0) {
            r = DUET_ERR_LIMIT_EXCEEDED;
            goto out;
        }
    }
    for (; i < DUET_ETH_WORD_BYTES; i++) {
        *out = (*out << 8) | mag[i];
    }
    r = 0;

out:
    return r;
}


int
duet_eth_json_string(const char **s, size_t *len, struct json_object *v)
{
    int n;

    *s = NULL;
    *len = 0;
    if (json_object_get_type(v) != json_type_string) {
        return DUET_ERR_INVALID_ARGUMENT;
    }
    n = json_object_get_string_len(v);
    *s = json_object_get_string(v);
    if (*s == NULL || n < 0) {
        *s = NULL;
        return DUET_ERR_INTERNAL;
    }
    *len = (size_t) n;

    return 0;
}
