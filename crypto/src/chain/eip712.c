/*
 * eip712.c -- the EIP-712 hash of typed structured data, from the JSON of
 * eth_signTypedData_v4 (duet_eth_typed_data_hash in duet_eth.h, which
 * states what is accepted).
 *
 * In four passes over the input:
 *
 *   1. load every type of "types" into a table (at most
 *      DUET_EIP712_MAX_TYPES, so struct sets fit in a uint64_t), parsing
 *      each field's type into a base and its array dimensions;
 *   2. walk the types from primaryType, refusing cycles, and note for each
 *      the set of struct types it reaches; a type the walk never reaches
 *      is refused (as ethers does);
 *   3. hash encodeType of each struct: its own "Name(type name,...)" and
 *      then those of the types it reaches, sorted by name;
 *   4. hash the domain and the message, each value exactly once.
 *
 * Every value becomes one 32-byte word: atomic types are padded, bytes
 * and string are hashed, a struct is its hashStruct and an array the hash
 * of its elements' words.  The recursion follows the JSON, which
 * duet_eth_json_parse() has limited to DUET_ETH_JSON_MAX_DEPTH levels.
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
#include "chain/keccak.h"
#include "util/check.h"
#include "util/mem.h"

/* Kinds of type. */
#define DUET_EIP712_UINT     1
#define DUET_EIP712_INT      2
#define DUET_EIP712_BYTESN   3
#define DUET_EIP712_ADDRESS  4
#define DUET_EIP712_BOOL     5
#define DUET_EIP712_BYTES    6
#define DUET_EIP712_STRING   7
#define DUET_EIP712_STRUCT   8

/* Where a type stands in the walk of pass 2. */
#define DUET_EIP712_UNSEEN   0
#define DUET_EIP712_OPEN     1
#define DUET_EIP712_DONE     2

#define DUET_EIP712_DOMAIN   "EIP712Domain"

STATIC_ASSERT(DUET_EIP712_MAX_TYPES <= 64,
    "sets of struct types are uint64_t bit masks");

/* A field's type: a base, then array dimensions. */
struct duet_eip712_type {
    int kind;                   /* DUET_EIP712_* */
    unsigned width;             /* bits of (u)intN, bytes of bytesN */
    size_t strct;               /* the struct, for DUET_EIP712_STRUCT */
    unsigned ndims;
    /* dims[0] is the innermost; 0 for a dynamic "[]". */
    uint32_t dims[DUET_EIP712_MAX_ARRAY_DIMS];
};

struct duet_eip712_field {
    const char *name;           /* inside the JSON tree, NUL-terminated */
    size_t name_len;
    const char *type;           /* as written, for encodeType */
    size_t type_len;
    struct duet_eip712_type t;
};

struct duet_eip712_struct {
    const char *name;           /* the key in "types" */
    size_t name_len;
    struct json_object *def;    /* its array of fields */
    struct duet_eip712_field *fields;
    size_t nfields;
    uint64_t reach;             /* struct types it uses, directly or not */
    int mark;                   /* DUET_EIP712_UNSEEN, _OPEN, _DONE */
    uint8_t typehash[DUET_KECCAK256_SIZE];
};

struct duet_eip712 {
    struct duet_eip712_struct st[DUET_EIP712_MAX_TYPES];
    size_t n;
    size_t order[DUET_EIP712_MAX_TYPES];   /* st sorted by name */
};

/* The domain fields ethers knows, in the order it writes them. */
static const struct {
    const char *name;
    const char *type;
    struct duet_eip712_type t;
} duet_eip712_domain_fields[] = {
    { "name", "string", { DUET_EIP712_STRING, 0, 0, 0, { 0 } } },
    { "version", "string", { DUET_EIP712_STRING, 0, 0, 0, { 0 } } },
    { "chainId", "uint256", { DUET_EIP712_UINT, 256, 0, 0, { 0 } } },
    { "verifyingContract", "address",
        { DUET_EIP712_ADDRESS, 0, 0, 0, { 0 } } },
    { "salt", "bytes32", { DUET_EIP712_BYTESN, 32, 0, 0, { 0 } } },
};

#define DUET_EIP712_DOMAIN_FIELDS \
    (sizeof(duet_eip712_domain_fields) / sizeof(duet_eip712_domain_fields[0]))

static const char *const duet_eip712_keys[] = {
    "types", "primaryType", "domain", "message",
};

static const char *const duet_eip712_field_keys[] = { "name", "type" };

static int duet_eip712_hash_struct(const struct duet_eip712 *td, size_t i,
    struct json_object *v, uint8_t word[DUET_KECCAK256_SIZE],
    unsigned depth);


/*
 * A type or field name: an identifier of at most DUET_EIP712_MAX_NAME
 * characters.  (This also keeps "(", "," and spaces out of encodeType.)
 * Only field names may hold "$": eth-sig-util finds a field's struct type
 * by its leading word characters (\w), which stop at a "$".
 *
 * Returns: 0, DUET_ERR_INVALID_ARGUMENT or DUET_ERR_LIMIT_EXCEEDED.
 */
static int
duet_eip712_check_name(const char *s, size_t len, int dollar)
{
    size_t i;
    char c;

    if (len > DUET_EIP712_MAX_NAME) {
        return DUET_ERR_LIMIT_EXCEEDED;
    }
    if (len == 0 || (s[0] >= '0' && s[0] <= '9')) {
        return DUET_ERR_INVALID_ARGUMENT;
    }
    for (i = 0; i < len; i++) {
        c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
            || (c >= '0' && c <= '9') || c == '_' || (dollar && c == '$')))
        {
            return DUET_ERR_INVALID_ARGUMENT;
        }
    }

    return 0;
}


/*
 * Read the decimal number s[0..len) of at most 3 digits with no leading
 * zero.  Returns: its value, or 0 if it is no such number.
 */
static unsigned
duet_eip712_small_number(const char *s, size_t len)
{
    unsigned v = 0;
    size_t i;

    if (len == 0 || len > 3 || s[0] == '0') {
        return 0;
    }
    for (i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return 0;
        }
        v = v * 10 + (unsigned) (s[i] - '0');
    }

    return v;
}


/* Returns: 1 if s[0..len) starts with the NUL-terminated prefix p. */
static int
duet_eip712_prefix(const char *s, size_t len, const char *p)
{
    size_t n = strlen(p);

    return len >= n && memcmp(s, p, n) == 0;
}


/* Returns: 1 if s[0..len) equals the NUL-terminated word w. */
static int
duet_eip712_is(const char *s, size_t len, const char *w)
{
    return len == strlen(w) && memcmp(s, w, len) == 0;
}


/*
 * Classify an atomic type name.
 *
 * Returns: 1 and fills t (kind, width) for an atomic type; 0 otherwise,
 *          with *reserved set to 1 if the name merely looks like one
 *          ("uint", "uint7", "bytes33"), which no struct may be called.
 */
static int
duet_eip712_atomic(struct duet_eip712_type *t, int *reserved,
    const char *s, size_t len)
{
    const char *digits = NULL;
    size_t i, nd = 0;
    unsigned w;
    int kind = 0;

    *reserved = 0;
    if (duet_eip712_is(s, len, "address")) {
        kind = DUET_EIP712_ADDRESS;
    } else if (duet_eip712_is(s, len, "bool")) {
        kind = DUET_EIP712_BOOL;
    } else if (duet_eip712_is(s, len, "string")) {
        kind = DUET_EIP712_STRING;
    } else if (duet_eip712_is(s, len, "bytes")) {
        kind = DUET_EIP712_BYTES;
    }
    if (kind != 0) {
        t->kind = kind;
        t->width = 0;
        *reserved = 1;
        return 1;
    }

    if (duet_eip712_prefix(s, len, "uint")) {
        kind = DUET_EIP712_UINT;
        digits = s + 4;
        nd = len - 4;
    } else if (duet_eip712_prefix(s, len, "int")) {
        kind = DUET_EIP712_INT;
        digits = s + 3;
        nd = len - 3;
    } else if (duet_eip712_prefix(s, len, "bytes")) {
        kind = DUET_EIP712_BYTESN;
        digits = s + 5;
        nd = len - 5;
    } else {
        return 0;
    }
    for (i = 0; i < nd; i++) {
        if (digits[i] < '0' || digits[i] > '9') {
            return 0;
        }
    }
    *reserved = 1;

    w = duet_eip712_small_number(digits, nd);
    if (kind == DUET_EIP712_BYTESN ? w < 1 || w > 32
        : w < 8 || w > 256 || w % 8 != 0)
    {
        return 0;
    }
    t->kind = kind;
    t->width = w;

    return 1;
}


/* Returns: the index of the struct called s[0..len), or td->n. */
static size_t
duet_eip712_find(const struct duet_eip712 *td, const char *s, size_t len)
{
    size_t i;

    for (i = 0; i < td->n; i++) {
        if (td->st[i].name_len == len
            && memcmp(td->st[i].name, s, len) == 0)
        {
            break;
        }
    }

    return i;
}


/*
 * Parse a field's type: a base (atomic or a struct of td) and up to
 * DUET_EIP712_MAX_ARRAY_DIMS of "[]" or "[k]".
 *
 * Returns: 0, DUET_ERR_INVALID_ARGUMENT or DUET_ERR_LIMIT_EXCEEDED.
 */
static int
duet_eip712_parse_type(const struct duet_eip712 *td,
    struct duet_eip712_type *t, const char *s, size_t len)
{
    uint32_t outer_first[DUET_EIP712_MAX_ARRAY_DIMS];
    size_t end = len, open, i, nd;
    uint64_t k;
    unsigned n = 0;
    int reserved, r;

    memset(t, 0, sizeof(*t));
    if (len > DUET_EIP712_MAX_TYPE_TEXT) {
        return DUET_ERR_LIMIT_EXCEEDED;
    }

    /* Dimensions, from the outermost (the last) inwards. */
    while (end > 0 && s[end - 1] == ']') {
        open = end - 1;
        while (open > 0 && s[open - 1] != '[') {
            open--;
        }
        if (open == 0) {
            return DUET_ERR_INVALID_ARGUMENT;
        }
        open--;
        if (n == DUET_EIP712_MAX_ARRAY_DIMS) {
            return DUET_ERR_LIMIT_EXCEEDED;
        }
        nd = end - 1 - (open + 1);
        k = 0;
        for (i = 0; i < nd; i++) {
            if (s[open + 1 + i] < '0' || s[open + 1 + i] > '9') {
                return DUET_ERR_INVALID_ARGUMENT;
            }
            if (k <= DUET_EIP712_MAX_ARRAY_LEN) {
                k = k * 10 + (uint64_t) (s[open + 1 + i] - '0');
            }
        }
        /* "[0]" and "[01]" are refused; "[]" is dynamic. */
        if (nd > 0 && s[open + 1] == '0') {
            return DUET_ERR_INVALID_ARGUMENT;
        }
        if (k > DUET_EIP712_MAX_ARRAY_LEN) {
            return DUET_ERR_LIMIT_EXCEEDED;
        }
        outer_first[n++] = (uint32_t) k;
        end = open;
    }
    t->ndims = n;
    for (i = 0; i < n; i++) {
        t->dims[i] = outer_first[n - 1 - i];
    }

    if (duet_eip712_atomic(t, &reserved, s, end)) {
        return 0;
    }
    if (reserved || duet_eip712_is(s, end, DUET_EIP712_DOMAIN)) {
        return DUET_ERR_INVALID_ARGUMENT;
    }
    if ((r = duet_eip712_check_name(s, end, 0)) != 0) {
        return r == DUET_ERR_LIMIT_EXCEEDED ? DUET_ERR_INVALID_ARGUMENT : r;
    }
    t->kind = DUET_EIP712_STRUCT;
    t->strct = duet_eip712_find(td, s, end);
    if (t->strct == td->n) {
        return DUET_ERR_INVALID_ARGUMENT;
    }

    return 0;
}


/*
 * Read a {"name": ..., "type": ...} object.
 *
 * Returns: 0 or DUET_ERR_INVALID_ARGUMENT.
 */
static int
duet_eip712_field_def(struct json_object *def, const char **name,
    size_t *name_len, const char **type, size_t *type_len)
{
    int r;

    if (json_object_get_type(def) != json_type_object) {
        return DUET_ERR_INVALID_ARGUMENT;
    }
    r = duet_eth_json_only_keys(def, duet_eip712_field_keys,
        sizeof(duet_eip712_field_keys) / sizeof(duet_eip712_field_keys[0]));
    if (r != 0) {
        return r;
    }
    if ((r = duet_eth_json_string(name, name_len,
            duet_eth_json_get(def, "name"))) != 0
        || (r = duet_eth_json_string(type, type_len,
            duet_eth_json_get(def, "type"))) != 0)
    {
        return r;
    }

    return 0;
}


/* Pass 1, second half: the fields of struct i. */
static int
duet_eip712_load_fields(struct duet_eip712 *td, size_t i)
{
    struct duet_eip712_struct *st = &td->st[i];
    struct duet_eip712_field *f;
    size_t j, k;
    int r;

    st->nfields = json_object_array_length(st->def);
    if (st->nfields == 0) {
        return 0;
    }
    st->fields = duet_alloc(st->nfields * sizeof(*st->fields));
    if (st->fields == NULL) {
        st->nfields = 0;
        return DUET_ERR_NO_MEMORY;
    }
    memset(st->fields, 0, st->nfields * sizeof(*st->fields));

    for (j = 0; j < st->nfields; j++) {
        f = &st->fields[j];
        r = duet_eip712_field_def(json_object_array_get_idx(st->def, j),
            &f->name, &f->name_len, &f->type, &f->type_len);
        if (r != 0) {
            return r;
        }
        if ((r = duet_eip712_check_name(f->name, f->name_len, 1)) != 0) {
            return r;
        }
        for (k = 0; k < j; k++) {
            if (st->fields[k].name_len == f->name_len
                && memcmp(st->fields[k].name, f->name, f->name_len) == 0)
            {
                return DUET_ERR_INVALID_ARGUMENT;
            }
        }
        if ((r = duet_eip712_parse_type(td, &f->t, f->type, f->type_len))
            != 0)
        {
            return r;
        }
    }

    return 0;
}


/*
 * Pass 1: every entry of "types" but EIP712Domain, which is handed back
 * in *domain_def (NULL if absent) for duet_eip712_hash_domain().
 */
static int
duet_eip712_load(struct duet_eip712 *td, struct json_object *types,
    struct json_object **domain_def)
{
    struct json_object_iterator it, end;
    struct duet_eip712_struct *st;
    struct duet_eip712_type dummy;
    struct json_object *def;
    const char *name;
    size_t len, i;
    int reserved, r;

    *domain_def = NULL;
    if (json_object_object_length(types) > DUET_EIP712_MAX_TYPES) {
        return DUET_ERR_LIMIT_EXCEEDED;
    }

    it = json_object_iter_begin(types);
    end = json_object_iter_end(types);
    while (!json_object_iter_equal(&it, &end)) {
        name = json_object_iter_peek_name(&it);
        def = json_object_iter_peek_value(&it);
        json_object_iter_next(&it);
        len = strlen(name);

        if (json_object_get_type(def) != json_type_array) {
            return DUET_ERR_INVALID_ARGUMENT;
        }
        if (json_object_array_length(def) > DUET_EIP712_MAX_FIELDS) {
            return DUET_ERR_LIMIT_EXCEEDED;
        }
        if (duet_eip712_is(name, len, DUET_EIP712_DOMAIN)) {
            *domain_def = def;
            continue;
        }
        if ((r = duet_eip712_check_name(name, len, 0)) != 0) {
            return r;
        }
        if (duet_eip712_atomic(&dummy, &reserved, name, len) || reserved) {
            return DUET_ERR_INVALID_ARGUMENT;
        }
        st = &td->st[td->n++];
        st->name = name;
        st->name_len = len;
        st->def = def;
    }

    for (i = 0; i < td->n; i++) {
        if ((r = duet_eip712_load_fields(td, i)) != 0) {
            return r;
        }
    }

    return 0;
}


/* Pass 2: the walk from struct i; refuses a cycle. */
static int
duet_eip712_visit(struct duet_eip712 *td, size_t i)
{
    struct duet_eip712_struct *st = &td->st[i];
    size_t j, c;
    int r;

    st->mark = DUET_EIP712_OPEN;
    for (j = 0; j < st->nfields; j++) {
        if (st->fields[j].t.kind != DUET_EIP712_STRUCT) {
            continue;
        }
        c = st->fields[j].t.strct;
        if (td->st[c].mark == DUET_EIP712_OPEN) {
            return DUET_ERR_INVALID_ARGUMENT;
        }
        if (td->st[c].mark == DUET_EIP712_UNSEEN
            && (r = duet_eip712_visit(td, c)) != 0)
        {
            return r;
        }
        st->reach |= ((uint64_t) 1 << c) | td->st[c].reach;
    }
    st->mark = DUET_EIP712_DONE;

    return 0;
}


/* Returns: <0, 0, >0 as the name of a sorts before, with or after b's. */
static int
duet_eip712_name_cmp(const struct duet_eip712_struct *a,
    const struct duet_eip712_struct *b)
{
    size_t n = a->name_len < b->name_len ? a->name_len : b->name_len;
    int c = memcmp(a->name, b->name, n);

    if (c != 0) {
        return c;
    }

    return a->name_len < b->name_len ? -1 : a->name_len > b->name_len;
}


/* Absorb "Name(type name,type name)" of st. */
static void
duet_eip712_absorb_type(struct duet_keccak256 *k,
    const struct duet_eip712_struct *st)
{
    size_t j;

    duet_keccak256_update(k, (const uint8_t *) st->name, st->name_len);
    duet_keccak256_update(k, (const uint8_t *) "(", 1);
    for (j = 0; j < st->nfields; j++) {
        if (j > 0) {
            duet_keccak256_update(k, (const uint8_t *) ",", 1);
        }
        duet_keccak256_update(k, (const uint8_t *) st->fields[j].type,
            st->fields[j].type_len);
        duet_keccak256_update(k, (const uint8_t *) " ", 1);
        duet_keccak256_update(k, (const uint8_t *) st->fields[j].name,
            st->fields[j].name_len);
    }
    duet_keccak256_update(k, (const uint8_t *) ")", 1);
}


/*
 * Pass 3: each struct's typeHash, keccak256(encodeType): its own
 * definition, then those of the structs it uses, sorted by name.  Names
 * are ASCII identifiers, so byte order is the UTF-16 order ethers sorts
 * in.
 */
static void
duet_eip712_typehashes(struct duet_eip712 *td)
{
    struct duet_keccak256 k;
    size_t i, j, t;

    for (i = 0; i < td->n; i++) {
        td->order[i] = i;
        for (j = i; j > 0 && duet_eip712_name_cmp(&td->st[td->order[j]],
            &td->st[td->order[j - 1]]) < 0; j--)
        {
            t = td->order[j];
            td->order[j] = td->order[j - 1];
            td->order[j - 1] = t;
        }
    }

    for (i = 0; i < td->n; i++) {
        duet_keccak256_init(&k);
        duet_eip712_absorb_type(&k, &td->st[i]);
        for (j = 0; j < td->n; j++) {
            t = td->order[j];
            if (t != i && (td->st[i].reach >> t) & 1) {
                duet_eip712_absorb_type(&k, &td->st[t]);
            }
        }
        duet_keccak256_final(&k, td->st[i].typehash);
    }
}


/*
 * An integer value of type t, range-checked, as a 256-bit word (two's
 * complement if negative).
 */
static int
duet_eip712_integer(uint8_t word[DUET_KECCAK256_SIZE],
    const struct duet_eip712_type *t, struct json_object *v)
{
    size_t hi = DUET_ETH_WORD_BYTES - t->width / 8, i;
    unsigned carry;
    int negative, r;

    if ((r = duet_eth_json_number(word, &negative, v)) != 0) {
        return r;
    }
    /* The magnitude fits in width bits ... */
    for (i = 0; i < hi; i++) {
        if (word[i] != 0) {
            return DUET_ERR_LIMIT_EXCEEDED;
        }
    }
    if (t->kind == DUET_EIP712_UINT) {
        return negative ? DUET_ERR_LIMIT_EXCEEDED : 0;
    }

    /* ... and below 2^(width-1), or equal to it when negative. */
    if (word[hi] & 0x80) {
        if (!negative || word[hi] != 0x80) {
            return DUET_ERR_LIMIT_EXCEEDED;
        }
        for (i = hi + 1; i < DUET_ETH_WORD_BYTES; i++) {
            if (word[i] != 0) {
                return DUET_ERR_LIMIT_EXCEEDED;
            }
        }
    }
    if (negative) {
        carry = 1;
        for (i = DUET_ETH_WORD_BYTES; i-- > 0;) {
            carry += (uint8_t) ~word[i];
            word[i] = (uint8_t) carry;
            carry >>= 8;
        }
    }

    return 0;
}


/* An atomic value of type t as its word. */
static int
duet_eip712_atom(uint8_t word[DUET_KECCAK256_SIZE],
    const struct duet_eip712_type *t, struct json_object *v)
{
    const char *s;
    size_t len, n;
    int r = DUET_ERR_INTERNAL;

    memset(word, 0, DUET_KECCAK256_SIZE);

    switch (t->kind) {
    case DUET_EIP712_UINT:
    case DUET_EIP712_INT:
        r = duet_eip712_integer(word, t, v);
        break;

    case DUET_EIP712_BOOL:
        if (json_object_get_type(v) != json_type_boolean) {
            r = DUET_ERR_INVALID_ARGUMENT;
            break;
        }
        word[DUET_KECCAK256_SIZE - 1] = json_object_get_boolean(v) ? 1 : 0;
        r = 0;
        break;

    default:
        if ((r = duet_eth_json_string(&s, &len, v)) != 0) {
            break;
        }
        if (t->kind == DUET_EIP712_STRING) {
            duet_keccak256(word, (const uint8_t *) s, len);
            r = 0;
        } else if (t->kind == DUET_EIP712_BYTES) {
            r = duet_eth_hex_keccak(word, s, len);
        } else if (t->kind == DUET_EIP712_ADDRESS) {
            r = duet_eth_address_from_text(word + DUET_KECCAK256_SIZE
                - DUET_ETH_ADDRESS_BYTES, s, len);
        } else if ((r = duet_eth_hex_len(&n, s, len)) == 0) {
            /* bytesN: exactly N bytes, left-aligned. */
            r = n != t->width ? DUET_ERR_INVALID_ARGUMENT
                : duet_eth_hex_parse(word, t->width, &n, s, len);
        }
        break;
    }

    if (r != 0) {
        memset(word, 0, DUET_KECCAK256_SIZE);
    }
    return r;
}


/*
 * The word of value v of type t, with level array dimensions still to
 * go (t->ndims at the top).
 */
static int
duet_eip712_value(const struct duet_eip712 *td,
    const struct duet_eip712_type *t, unsigned level, struct json_object *v,
    uint8_t word[DUET_KECCAK256_SIZE], unsigned depth)
{
    struct duet_keccak256 k;
    uint8_t w[DUET_KECCAK256_SIZE];
    size_t i, n;
    int r;

    /* The JSON's depth bounds this already; a cheap second fence. */
    if (depth > DUET_ETH_JSON_MAX_DEPTH + 1) {
        return DUET_ERR_LIMIT_EXCEEDED;
    }
    if (level == 0) {
        return t->kind == DUET_EIP712_STRUCT
            ? duet_eip712_hash_struct(td, t->strct, v, word, depth + 1)
            : duet_eip712_atom(word, t, v);
    }

    if (json_object_get_type(v) != json_type_array) {
        return DUET_ERR_INVALID_ARGUMENT;
    }
    n = json_object_array_length(v);
    if (t->dims[level - 1] != 0 && n != t->dims[level - 1]) {
        return DUET_ERR_INVALID_ARGUMENT;
    }
    duet_keccak256_init(&k);
    for (i = 0; i < n; i++) {
        r = duet_eip712_value(td, t, level - 1,
            json_object_array_get_idx(v, i), w, depth + 1);
        if (r != 0) {
            return r;
        }
        duet_keccak256_update(&k, w, sizeof(w));
    }
    duet_keccak256_final(&k, word);

    return 0;
}


/* hashStruct of value v as struct i: keccak256(typeHash || words). */
static int
duet_eip712_hash_struct(const struct duet_eip712 *td, size_t i,
    struct json_object *v, uint8_t word[DUET_KECCAK256_SIZE],
    unsigned depth)
{
    const struct duet_eip712_struct *st = &td->st[i];
    const struct duet_eip712_field *f;
    struct json_object *fv;
    struct duet_keccak256 k;
    uint8_t w[DUET_KECCAK256_SIZE];
    size_t j;
    int r;

    /*
     * Field names are unique and the parser let no key appear twice, so
     * equal counts and every field present mean exactly the fields.
     */
    if (json_object_get_type(v) != json_type_object
        || (size_t) json_object_object_length(v) != st->nfields)
    {
        return DUET_ERR_INVALID_ARGUMENT;
    }

    duet_keccak256_init(&k);
    duet_keccak256_update(&k, st->typehash, sizeof(st->typehash));
    for (j = 0; j < st->nfields; j++) {
        f = &st->fields[j];
        if ((fv = duet_eth_json_get(v, f->name)) == NULL) {
            return DUET_ERR_INVALID_ARGUMENT;
        }
        if ((r = duet_eip712_value(td, &f->t, f->t.ndims, fv, w, depth))
            != 0)
        {
            return r;
        }
        duet_keccak256_update(&k, w, sizeof(w));
    }
    duet_keccak256_final(&k, word);

    return 0;
}


/*
 * The domain separator, hashStruct(EIP712Domain, domain), with the type
 * ethers infers from the domain's keys.  def, the EIP712Domain entry of
 * "types", must agree with it; it may be absent (NULL) only for an empty
 * domain, since eth-sig-util then hashes the domain as "EIP712Domain()"
 * whatever it holds, and ethers does not.
 */
static int
duet_eip712_hash_domain(uint8_t sep[DUET_KECCAK256_SIZE],
    struct json_object *domain, struct json_object *def)
{
    const char *names[DUET_EIP712_DOMAIN_FIELDS];
    struct json_object *values[DUET_EIP712_DOMAIN_FIELDS];
    size_t idx[DUET_EIP712_DOMAIN_FIELDS];
    const char *name, *type;
    struct duet_keccak256 k;
    uint8_t typehash[DUET_KECCAK256_SIZE], w[DUET_KECCAK256_SIZE];
    size_t i, n = 0, name_len, type_len;
    int r;

    for (i = 0; i < DUET_EIP712_DOMAIN_FIELDS; i++) {
        names[i] = duet_eip712_domain_fields[i].name;
    }
    if ((r = duet_eth_json_only_keys(domain, names, DUET_EIP712_DOMAIN_FIELDS))
        != 0)
    {
        return r;
    }
    for (i = 0; i < DUET_EIP712_DOMAIN_FIELDS; i++) {
        if ((values[n] = duet_eth_json_get(domain, names[i])) != NULL) {
            idx[n++] = i;
        }
    }

    if (def == NULL && n > 0) {
        return DUET_ERR_INVALID_ARGUMENT;
    }
    if (def != NULL) {
        if (json_object_array_length(def) != n) {
            return DUET_ERR_INVALID_ARGUMENT;
        }
        for (i = 0; i < n; i++) {
            r = duet_eip712_field_def(json_object_array_get_idx(def, i),
                &name, &name_len, &type, &type_len);
            if (r != 0) {
                return r;
            }
            if (!duet_eip712_is(name, name_len,
                    duet_eip712_domain_fields[idx[i]].name)
                || !duet_eip712_is(type, type_len,
                    duet_eip712_domain_fields[idx[i]].type))
            {
                return DUET_ERR_INVALID_ARGUMENT;
            }
        }
    }

    duet_keccak256_init(&k);
    duet_keccak256_update(&k, (const uint8_t *) DUET_EIP712_DOMAIN "(",
        sizeof(DUET_EIP712_DOMAIN "(") - 1);
    for (i = 0; i < n; i++) {
        type = duet_eip712_domain_fields[idx[i]].type;
        name = duet_eip712_domain_fields[idx[i]].name;
        if (i > 0) {
            duet_keccak256_update(&k, (const uint8_t *) ",", 1);
        }
        duet_keccak256_update(&k, (const uint8_t *) type, strlen(type));
        duet_keccak256_update(&k, (const uint8_t *) " ", 1);
        duet_keccak256_update(&k, (const uint8_t *) name, strlen(name));
    }
    duet_keccak256_update(&k, (const uint8_t *) ")", 1);
    duet_keccak256_final(&k, typehash);

    duet_keccak256_update(&k, typehash, sizeof(typehash));
    for (i = 0; i < n; i++) {
        r = duet_eip712_atom(w, &duet_eip712_domain_fields[idx[i]].t,
            values[i]);
        if (r != 0) {
            return r;
        }
        duet_keccak256_update(&k, w, sizeof(w));
    }
    duet_keccak256_final(&k, sep);

    return 0;
}


int
duet_eth_typed_data_hash(uint8_t hash[DUET_ETH_HASH_BYTES],
    const char *json, size_t len)
{
    struct json_object *root = NULL, *types, *primary, *domain, *message;
    struct json_object *domain_def;
    struct duet_eip712 *td = NULL;
    struct duet_keccak256 k;
    uint8_t sep[DUET_KECCAK256_SIZE], msg[DUET_KECCAK256_SIZE];
    const char *pname;
    size_t plen, p, i;
    int r = DUET_ERR_INTERNAL;

    ARG_CHECK(hash != NULL);
    ARG_CHECK(json != NULL);

    memset(hash, 0, DUET_ETH_HASH_BYTES);

    if ((r = duet_eth_json_parse(&root, json, len)) != 0) {
        goto out;
    }
    r = duet_eth_json_only_keys(root, duet_eip712_keys,
        sizeof(duet_eip712_keys) / sizeof(duet_eip712_keys[0]));
    if (r != 0) {
        goto out;
    }
    types = duet_eth_json_get(root, "types");
    primary = duet_eth_json_get(root, "primaryType");
    domain = duet_eth_json_get(root, "domain");
    message = duet_eth_json_get(root, "message");
    if (json_object_get_type(types) != json_type_object
        || json_object_get_type(domain) != json_type_object
        || json_object_get_type(message) != json_type_object)
    {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    if ((r = duet_eth_json_string(&pname, &plen, primary)) != 0) {
        goto out;
    }

    if ((td = duet_alloc(sizeof(*td))) == NULL) {
        r = DUET_ERR_NO_MEMORY;
        goto out;
    }
    memset(td, 0, sizeof(*td));
    if ((r = duet_eip712_load(td, types, &domain_def)) != 0) {
        goto out;
    }

    if (duet_eip712_is(pname, plen, DUET_EIP712_DOMAIN)) {
        r = DUET_ERR_UNSUPPORTED;
        goto out;
    }
    if ((p = duet_eip712_find(td, pname, plen)) == td->n) {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    if ((r = duet_eip712_visit(td, p)) != 0) {
        goto out;
    }
    for (i = 0; i < td->n; i++) {
        if (td->st[i].mark != DUET_EIP712_DONE) {
            /* Unused: ethers would not know which type is primary. */
            r = DUET_ERR_INVALID_ARGUMENT;
            goto out;
        }
    }
    duet_eip712_typehashes(td);

    if ((r = duet_eip712_hash_domain(sep, domain, domain_def)) != 0) {
        goto out;
    }
    if ((r = duet_eip712_hash_struct(td, p, message, msg, 0)) != 0) {
        goto out;
    }

    duet_keccak256_init(&k);
    duet_keccak256_update(&k, (const uint8_t *) "\x19\x01", 2);
    duet_keccak256_update(&k, sep, sizeof(sep));
    duet_keccak256_update(&k, msg, sizeof(msg));
    duet_keccak256_final(&k, hash);
    r = 0;

out:
    if (td != NULL) {
        for (i = 0; i < td->n; i++) {
            duet_free_wipe(td->st[i].fields,
                td->st[i].nfields * sizeof(*td->st[i].fields));
        }
        duet_free_wipe(td, sizeof(*td));
    }
    json_object_put(root);
    return r;
}
