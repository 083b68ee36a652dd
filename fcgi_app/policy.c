/*
 * policy.c -- see policy.h.
 *
 * A document is checked completely when it is parsed, so evaluation
 * works on typed values only: addresses as 20 bytes, selectors as 32-bit
 * numbers, wei amounts as 256-bit integers, IP ranges as masks.  The
 * normalized text (what the store keeps) is built at the same time and
 * kept with the parsed form.
 */

#include "config.h"

#include <arpa/inet.h>
#include <float.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "duet.h"
#include "duet_eth.h"
#include "api_json.h"
#include "policy.h"

/* The largest integer every JSON reader holds exactly, 2^53 - 1. */
#define DUETD_POL_SAFE_INT       9007199254740991LL

#define DUETD_POL_MAX_DESCRIPTION  512  /* bytes of a description        */
#define DUETD_POL_ECHO           48     /* characters of a value quoted
                                           in an error or a reason      */

#define DUETD_POL_MSG_POLICY     "Transaction blocked by policy"
#define DUETD_POL_MSG_SECURITY   "Transaction blocked by security check"

/* Criterion kinds; 0 is never produced by the parser. */
#define DUETD_CRIT_UNKNOWN           0
#define DUETD_CRIT_ETH_VALUE         1
#define DUETD_CRIT_EVM_ADDRESS       2
#define DUETD_CRIT_EVM_NETWORK       3
#define DUETD_CRIT_EVM_FUNCTION      4
#define DUETD_CRIT_IP_ADDRESS        5
#define DUETD_CRIT_RATE_LIMIT        6
#define DUETD_CRIT_TIME_WINDOW       7
#define DUETD_CRIT_DAILY_LIMIT       8
#define DUETD_CRIT_MONTHLY_LIMIT     9
#define DUETD_CRIT_MAX_PER_TX_USD    10
#define DUETD_CRIT_DAILY_LIMIT_USD   11
#define DUETD_CRIT_MONTHLY_LIMIT_USD 12
#define DUETD_CRIT_BLOCK_INFINITE    13
#define DUETD_CRIT_MAX_SLIPPAGE      14
#define DUETD_CRIT_MEV_PROTECTION    15
#define DUETD_CRIT_ADDRESS_BLOCKED   16 /* parsed as EVM_ADDRESS, not_in */

/* Operators. */
#define DUETD_OP_LE                  1
#define DUETD_OP_LT                  2
#define DUETD_OP_GE                  3
#define DUETD_OP_GT                  4
#define DUETD_OP_EQ                  5
#define DUETD_OP_IN                  6
#define DUETD_OP_NOT_IN              7

/* Parameters a criterion type may have (bits of its field set). */
#define DUETD_F_OPERATOR             0x0001
#define DUETD_F_VALUE                0x0002
#define DUETD_F_ADDRESSES            0x0004
#define DUETD_F_ALLOW_DEPLOY         0x0008
#define DUETD_F_CHAIN_IDS            0x0010
#define DUETD_F_SELECTORS            0x0020
#define DUETD_F_ALLOW_PLAIN          0x0040
#define DUETD_F_IPS                  0x0080
#define DUETD_F_MAX_PER_HOUR         0x0100
#define DUETD_F_HOURS                0x0200
#define DUETD_F_MAX_WEI              0x0400
#define DUETD_F_MAX_USD              0x0800
#define DUETD_F_ENABLED              0x1000
#define DUETD_F_MAX_PERCENT          0x2000

struct duetd_pol_type {
    const char  *name;
    int          kind;
    unsigned     fields;        /* DUETD_F_*                           */
    unsigned     needs;         /* DUETD_POLICY_NEEDS_*                */
    const char  *reason;        /* the short reason (API-key callers)  */
};

static const struct duetd_pol_type  duetd_pol_types[] = {
    { "ethValue", DUETD_CRIT_ETH_VALUE, DUETD_F_OPERATOR | DUETD_F_VALUE,
      0, "ETH value limit exceeded" },
    { "evmAddress", DUETD_CRIT_EVM_ADDRESS,
      DUETD_F_OPERATOR | DUETD_F_ADDRESSES | DUETD_F_ALLOW_DEPLOY, 0,
      "Address not approved" },
    { "evmAddressBlocked", DUETD_CRIT_ADDRESS_BLOCKED, DUETD_F_ADDRESSES,
      0, "Blocked address" },
    { "evmNetwork", DUETD_CRIT_EVM_NETWORK,
      DUETD_F_OPERATOR | DUETD_F_CHAIN_IDS, 0, "Network not allowed" },
    { "evmFunction", DUETD_CRIT_EVM_FUNCTION,
      DUETD_F_SELECTORS | DUETD_F_ALLOW_PLAIN, 0, "Function not allowed" },
    { "ipAddress", DUETD_CRIT_IP_ADDRESS, DUETD_F_OPERATOR | DUETD_F_IPS,
      0, "IP not allowed" },
    { "rateLimit", DUETD_CRIT_RATE_LIMIT, DUETD_F_MAX_PER_HOUR,
      DUETD_POLICY_NEEDS_COUNTERS, "Rate limit exceeded" },
    { "timeWindow", DUETD_CRIT_TIME_WINDOW, DUETD_F_HOURS, 0,
      "Outside trading hours" },
    { "dailyLimit", DUETD_CRIT_DAILY_LIMIT, DUETD_F_MAX_WEI,
      DUETD_POLICY_NEEDS_COUNTERS, "Daily ETH limit exceeded" },
    { "monthlyLimit", DUETD_CRIT_MONTHLY_LIMIT, DUETD_F_MAX_WEI,
      DUETD_POLICY_NEEDS_COUNTERS, "Monthly ETH limit exceeded" },
    { "maxPerTxUsd", DUETD_CRIT_MAX_PER_TX_USD, DUETD_F_MAX_USD,
      DUETD_POLICY_NEEDS_USD, "Per-transaction limit exceeded" },
    { "dailyLimitUsd", DUETD_CRIT_DAILY_LIMIT_USD, DUETD_F_MAX_USD,
      DUETD_POLICY_NEEDS_USD | DUETD_POLICY_NEEDS_COUNTERS,
      "Daily spending limit exceeded" },
    { "monthlyLimitUsd", DUETD_CRIT_MONTHLY_LIMIT_USD, DUETD_F_MAX_USD,
      DUETD_POLICY_NEEDS_USD | DUETD_POLICY_NEEDS_COUNTERS,
      "Monthly spending limit exceeded" },
    { "blockInfiniteApprovals", DUETD_CRIT_BLOCK_INFINITE, DUETD_F_ENABLED,
      0, "Unlimited approval blocked" },
    { "maxSlippage", DUETD_CRIT_MAX_SLIPPAGE, DUETD_F_MAX_PERCENT, 0,
      NULL /* "Slippage exceeds N%" */ },
    { "mevProtection", DUETD_CRIT_MEV_PROTECTION, DUETD_F_ENABLED, 0,
      "MEV protection required" },
};

/* Parameter names, in the order they are checked and written out. */
static const struct {
    unsigned     bit;
    const char  *name;
} duetd_pol_fields[] = {
    { DUETD_F_OPERATOR, "operator" },
    { DUETD_F_VALUE, "value" },
    { DUETD_F_ADDRESSES, "addresses" },
    { DUETD_F_ALLOW_DEPLOY, "allowDeploy" },
    { DUETD_F_CHAIN_IDS, "chainIds" },
    { DUETD_F_SELECTORS, "selectors" },
    { DUETD_F_ALLOW_PLAIN, "allowPlainTransfer" },
    { DUETD_F_IPS, "ips" },
    { DUETD_F_MAX_PER_HOUR, "maxPerHour" },
    { DUETD_F_HOURS, "startHour" },
    { DUETD_F_HOURS, "endHour" },
    { DUETD_F_MAX_WEI, "maxWei" },
    { DUETD_F_MAX_USD, "maxUsd" },
    { DUETD_F_ENABLED, "enabled" },
    { DUETD_F_MAX_PERCENT, "maxPercent" },
};

/* One entry of an ipAddress list. */
struct duetd_pol_ip {
    int       v6;               /* 1: an IPv6 address, matched exactly  */
    uint32_t  net;              /* IPv4, host order                     */
    uint32_t  mask;
    uint8_t   addr6[16];
    char      text[48];         /* as written                           */
};

struct duetd_pol_crit {
    int                    kind;        /* DUETD_CRIT_*                 */
    const char            *type;        /* the stored type name         */
    int                    op;          /* DUETD_OP_*                   */
    int                    flag;        /* allowDeploy, allowPlain-
                                           Transfer, enabled            */
    struct duetd_u256      wei;         /* value, maxWei                */
    double                 num;         /* maxUsd, maxPercent           */
    uint64_t               limit;       /* maxPerHour; maxSlippage: the
                                           bps allowed                  */
    int                    start_hour;
    int                    end_hour;
    size_t                 n;           /* list items                   */
    uint8_t              (*addrs)[20];
    uint64_t              *chains;
    uint32_t              *selectors;
    struct duetd_pol_ip   *ips;
};

struct duetd_pol_rule {
    int                     reject;
    int                     enabled;
    char                   *description;
    size_t                  ncrit;
    struct duetd_pol_crit  *crit;
};

struct duetd_policy {
    int                     allow_raw_digest;
    size_t                  nrules;
    struct duetd_pol_rule  *rules;
    char                   *json;       /* the normalized document      */
};

/* Where the parser is, for messages. */
struct duetd_pol_parse {
    char    *err;
    size_t   errlen;
    size_t   rule;                      /* 1-based; 0: the document     */
    size_t   crit;                      /* 1-based; 0: the rule itself  */
};


/* A value fit to quote: printable ASCII only, bounded. */
static void
duetd_pol_echo(char out[DUETD_POL_ECHO + 4], const char *s, size_t len)
{
    size_t  i, n;

    n = len < DUETD_POL_ECHO ? len : DUETD_POL_ECHO;
    for (i = 0; i < n; i++) {
        out[i] = (s[i] >= 0x20 && s[i] < 0x7f && s[i] != '"'
                  && s[i] != '\\') ? s[i] : '?';
    }
    if (n < len) {
        memcpy(out + n, "...", 3);
        n += 3;
    }
    out[n] = '\0';
}


/*
 * Report a parse error at field (NULL: the element itself) and item
 * (-1: none) of the current rule and criterion: "Rule 2, criterion 1
 * (rules[1].criteria[0].addresses[0]): invalid address "0x12"".
 * Returns 400.
 */
static int
duetd_pol_err(struct duetd_pol_parse *pp, const char *field, long item,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int
duetd_pol_err(struct duetd_pol_parse *pp, const char *field, long item,
    const char *fmt, ...)
{
    char     where[64], path[160], msg[160], name[DUETD_POL_ECHO + 4];
    char     idx[32];
    va_list  ap;

    name[0] = '\0';
    if (field != NULL) {
        duetd_pol_echo(name, field, strlen(field));
    }
    idx[0] = '\0';
    if (item >= 0) {
        snprintf(idx, sizeof(idx), "[%ld]", item);
    }
    if (pp->rule == 0) {
        snprintf(where, sizeof(where), "Policy");
        snprintf(path, sizeof(path), "%s%s",
                 field != NULL ? name : "(document)", idx);
    } else if (pp->crit == 0) {
        snprintf(where, sizeof(where), "Rule %zu", pp->rule);
        snprintf(path, sizeof(path), "rules[%zu]%s%s%s", pp->rule - 1,
                 field != NULL ? "." : "", field != NULL ? name : "", idx);
    } else {
        snprintf(where, sizeof(where), "Rule %zu, criterion %zu", pp->rule,
                 pp->crit);
        snprintf(path, sizeof(path), "rules[%zu].criteria[%zu]%s%s%s",
                 pp->rule - 1, pp->crit - 1, field != NULL ? "." : "",
                 field != NULL ? name : "", idx);
    }
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    snprintf(pp->err, pp->errlen, "%s (%s): %s", where, path, msg);
    return 400;
}


/* Append v to arr, taking v.  Returns 0, or -1 (v released). */
static int
duetd_pol_append(struct json_object *arr, struct json_object *v)
{
    if (v == NULL) {
        return -1;
    }
    if (json_object_array_add(arr, v) != 0) {
        json_object_put(v);
        return -1;
    }
    return 0;
}


/* A JSON integer in [min, max] (json-c clamps what it cannot hold). */
static int
duetd_pol_int(struct json_object *v, int64_t min, int64_t max, int64_t *out)
{
    int64_t  i;

    if (v == NULL || json_object_get_type(v) != json_type_int) {
        return -1;
    }
    i = json_object_get_int64(v);
    if (i < min || i > max || i > DUETD_POL_SAFE_INT) {
        return -1;
    }
    *out = i;
    return 0;
}


/* A JSON number (integer or not) in [0, max]. */
static int
duetd_pol_number(struct json_object *v, double max, double *out)
{
    int64_t  i;
    double   d;

    if (v == NULL) {
        return -1;
    }
    switch (json_object_get_type(v)) {
    case json_type_int:
        if (duetd_pol_int(v, 0, DUETD_POL_SAFE_INT, &i) != 0) {
            return -1;
        }
        d = (double) i;
        break;
    case json_type_double:
        d = json_object_get_double(v);
        break;
    default:
        return -1;
    }
    /* Written so that a NaN fails too. */
    if (!(d >= 0.0 && d <= max)) {
        return -1;
    }
    *out = d;
    return 0;
}


/*
 * The JSON form of a number read by duetd_pol_number: an integer when it
 * is one below 2^53 (100.0 and 1e2 become 100, -0.0 becomes 0), else the
 * shortest text that reads back as the same double and as a fraction,
 * so that a normalized document normalizes to itself.
 */
static struct json_object *
duetd_pol_number_json(struct json_object *orig, double d)
{
    char  buf[40];
    int   prec;

    if (json_object_get_type(orig) == json_type_int) {
        return json_object_new_int64(json_object_get_int64(orig));
    }
    if (d < (double) DUETD_POL_SAFE_INT && (double) (int64_t) d == d) {
        return json_object_new_int64((int64_t) d);
    }
    for (prec = 1; prec <= 17; prec++) {
        snprintf(buf, sizeof(buf), "%.*g", prec, d);
        if (strtod(buf, NULL) == d) {
            break;
        }
    }
    /* Past 2^53 "%g" may print digits only: keep it a fraction. */
    if (strpbrk(buf, ".e") == NULL) {
        strcat(buf, ".0");
    }
    return json_object_new_double_s(d, buf);
}


/* A quoted string value for a message, or a word for other types. */
static const char *
duetd_pol_quote(struct json_object *v, char out[DUETD_POL_ECHO + 8])
{
    char  e[DUETD_POL_ECHO + 4];

    if (v == NULL || json_object_get_type(v) != json_type_string) {
        snprintf(out, DUETD_POL_ECHO + 8, "(not a string)");
        return out;
    }
    duetd_pol_echo(e, json_object_get_string(v),
                   (size_t) json_object_get_string_len(v));
    snprintf(out, DUETD_POL_ECHO + 8, "\"%s\"", e);
    return out;
}


/* A strict dotted quad: four decimal octets, no leading zeros. */
static int
duetd_pol_ipv4(const char *s, size_t len, uint32_t *out)
{
    uint32_t  v = 0, part;
    size_t    i = 0, digits;
    int       k;

    for (k = 0; k < 4; k++) {
        if (k > 0) {
            if (i >= len || s[i] != '.') {
                return -1;
            }
            i++;
        }
        part = 0;
        digits = 0;
        while (i < len && s[i] >= '0' && s[i] <= '9' && digits < 4) {
            part = part * 10 + (uint32_t) (s[i] - '0');
            i++;
            digits++;
        }
        if (digits == 0 || digits > 3 || part > 255
            || (digits > 1 && s[i - digits] == '0'))
        {
            return -1;
        }
        v = (v << 8) | part;
    }
    if (i != len) {
        return -1;
    }
    *out = v;
    return 0;
}


/* An IPv6 address (no zone, no prefix). */
static int
duetd_pol_ipv6(const char *s, size_t len, uint8_t out[16])
{
    char  buf[INET6_ADDRSTRLEN + 1];

    if (len == 0 || len >= sizeof(buf) || memchr(s, '\0', len) != NULL) {
        return -1;
    }
    memcpy(buf, s, len);
    buf[len] = '\0';
    return inet_pton(AF_INET6, buf, out) == 1 ? 0 : -1;
}


/* An ipAddress entry: IPv4, IPv4/prefix or IPv6. */
static int
duetd_pol_ip_entry(const char *s, size_t len, struct duetd_pol_ip *ip)
{
    const char  *slash;
    size_t       alen, i;
    unsigned     prefix = 32;

    memset(ip, 0, sizeof(*ip));
    if (len == 0 || len >= sizeof(ip->text)) {
        return -1;
    }
    memcpy(ip->text, s, len);
    slash = memchr(s, '/', len);
    alen = slash != NULL ? (size_t) (slash - s) : len;
    if (slash != NULL) {
        i = alen + 1;
        if (i == len || len - i > 2 || (len - i == 2 && s[i] == '0')) {
            return -1;
        }
        prefix = 0;
        for (; i < len; i++) {
            if (s[i] < '0' || s[i] > '9') {
                return -1;
            }
            prefix = prefix * 10 + (unsigned) (s[i] - '0');
        }
        if (prefix > 32) {
            return -1;
        }
    }
    if (duetd_pol_ipv4(s, alen, &ip->net) == 0) {
        ip->mask = prefix == 0 ? 0 : 0xffffffffu << (32 - prefix);
        ip->net &= ip->mask;
        return 0;
    }
    if (slash == NULL && duetd_pol_ipv6(s, len, ip->addr6) == 0) {
        ip->v6 = 1;
        return 0;
    }
    return -1;
}


/* A selector: "0x" and 8 hex digits, either case. */
static int
duetd_pol_selector(const char *s, size_t len, uint32_t *out)
{
    uint32_t  v = 0;
    size_t    i;
    int       c, d;

    if (len != 10 || s[0] != '0' || s[1] != 'x') {
        return -1;
    }
    for (i = 2; i < len; i++) {
        c = (unsigned char) s[i];
        if (c >= '0' && c <= '9') {
            d = c - '0';
        } else if (c >= 'a' && c <= 'f') {
            d = c - 'a' + 10;
        } else if (c >= 'A' && c <= 'F') {
            d = c - 'A' + 10;
        } else {
            return -1;
        }
        v = (v << 4) | (uint32_t) d;
    }
    *out = v;
    return 0;
}


/* A wei amount: a string of decimal digits, below 2^256. */
static int
duetd_pol_wei(struct json_object *v, struct duetd_u256 *out)
{
    const char  *s;
    size_t       i, n;

    if (v == NULL || json_object_get_type(v) != json_type_string) {
        return -1;
    }
    s = json_object_get_string(v);
    n = (size_t) json_object_get_string_len(v);
    if (n == 0 || n > DUET_ETH_QUANTITY_MAX_TEXT) {
        return -1;
    }
    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return -1;
        }
    }
    return duetd_u256_parse(out, s);
}


static struct json_object *
duetd_pol_wei_json(const struct duetd_u256 *v)
{
    char  dec[DUETD_U256_DEC_SIZE];

    duetd_u256_to_dec(dec, v);
    return json_object_new_string(dec);
}


static const char *
duetd_pol_op_name(int op)
{
    switch (op) {
    case DUETD_OP_LE:
        return "<=";
    case DUETD_OP_LT:
        return "<";
    case DUETD_OP_GE:
        return ">=";
    case DUETD_OP_GT:
        return ">";
    case DUETD_OP_EQ:
        return "=";
    case DUETD_OP_IN:
        return "in";
    case DUETD_OP_NOT_IN:
        return "not_in";
    default:
        return "?";
    }
}


/* The operator of a criterion: a comparison (cmp) or in / not_in. */
static int
duetd_pol_operator(struct duetd_pol_parse *pp, struct json_object *v,
    int cmp, int *op)
{
    static const int  cmps[] = { DUETD_OP_LE, DUETD_OP_LT, DUETD_OP_GE,
                                 DUETD_OP_GT, DUETD_OP_EQ };
    static const int  sets[] = { DUETD_OP_IN, DUETD_OP_NOT_IN };
    const int        *ops = cmp ? cmps : sets;
    size_t            i, n = cmp ? 5 : 2;
    char              q[DUETD_POL_ECHO + 8];

    if (v != NULL && json_object_get_type(v) == json_type_string) {
        for (i = 0; i < n; i++) {
            if (strcmp(json_object_get_string(v), duetd_pol_op_name(ops[i]))
                == 0)
            {
                *op = ops[i];
                return 0;
            }
        }
    }
    return duetd_pol_err(pp, "operator", -1,
                         cmp ? "invalid operator %s (one of <=, <, >=, >, =)"
                             : "invalid operator %s (in or not_in)",
                         duetd_pol_quote(v, q));
}


/* A list parameter: an array of at most DUETD_POLICY_MAX_LIST items. */
static int
duetd_pol_list(struct duetd_pol_parse *pp, const char *name,
    struct json_object *v, size_t *n)
{
    if (json_object_get_type(v) != json_type_array) {
        return duetd_pol_err(pp, name, -1, "must be an array");
    }
    *n = json_object_array_length(v);
    if (*n > DUETD_POLICY_MAX_LIST) {
        return duetd_pol_err(pp, name, -1, "at most %d items",
                             DUETD_POLICY_MAX_LIST);
    }
    return 0;
}


/* The list parameters: parsed into c, written out into out. */
static int
duetd_pol_items(struct duetd_pol_parse *pp, const char *name,
    struct json_object *v, struct duetd_pol_crit *c, struct json_object *out)
{
    struct json_object  *item, *arr;
    char                 q[DUETD_POL_ECHO + 8];
    char                 text[DUET_ETH_ADDRESS_TEXT_SIZE + 2];
    const char          *s;
    size_t               i, n = 0, len;
    int64_t              id;
    int                  r;

    if ((r = duetd_pol_list(pp, name, v, &n)) != 0) {
        return r;
    }
    if ((arr = json_object_new_array_ext((int) n)) == NULL) {
        return 500;
    }
    if (duetd_json_add(out, name, arr) != 0) {
        return 500;
    }
    c->n = n;
    if (n == 0) {
        return 0;
    }
    if (strcmp(name, "addresses") == 0) {
        c->addrs = calloc(n, sizeof(*c->addrs));
    } else if (strcmp(name, "chainIds") == 0) {
        c->chains = calloc(n, sizeof(*c->chains));
    } else if (strcmp(name, "selectors") == 0) {
        c->selectors = calloc(n, sizeof(*c->selectors));
    } else {
        c->ips = calloc(n, sizeof(*c->ips));
    }
    if (c->addrs == NULL && c->chains == NULL && c->selectors == NULL
        && c->ips == NULL)
    {
        return 500;
    }

    for (i = 0; i < n; i++) {
        item = json_object_array_get_idx(v, i);
        if (c->chains != NULL) {
            if (duetd_pol_int(item, 1, DUETD_POL_SAFE_INT, &id) != 0) {
                return duetd_pol_err(pp, name, (long) i,
                                     "must be a positive integer below"
                                     " 2^53");
            }
            c->chains[i] = (uint64_t) id;
            if (duetd_pol_append(arr, json_object_new_int64(id)) != 0) {
                return 500;
            }
            continue;
        }
        if (json_object_get_type(item) != json_type_string) {
            return duetd_pol_err(pp, name, (long) i, "must be a string");
        }
        s = json_object_get_string(item);
        len = (size_t) json_object_get_string_len(item);
        if (c->addrs != NULL) {
            if (duet_eth_address_parse(c->addrs[i], s, len) != 0) {
                return duetd_pol_err(pp, name, (long) i,
                                     "invalid address %s",
                                     duetd_pol_quote(item, q));
            }
            if (duet_eth_address_checksum(text, c->addrs[i]) != 0) {
                return 500;
            }
        } else if (c->selectors != NULL) {
            if (duetd_pol_selector(s, len, &c->selectors[i]) != 0) {
                return duetd_pol_err(pp, name, (long) i,
                                     "invalid selector %s (0x and 8 hex"
                                     " digits)", duetd_pol_quote(item, q));
            }
            snprintf(text, sizeof(text), "0x%08x",
                     (unsigned) c->selectors[i]);
        } else {
            if (duetd_pol_ip_entry(s, len, &c->ips[i]) != 0) {
                return duetd_pol_err(pp, name, (long) i,
                                     "invalid IP address or IPv4 CIDR %s",
                                     duetd_pol_quote(item, q));
            }
        }
        if (duetd_pol_append(arr, json_object_new_string(
                c->ips != NULL ? c->ips[i].text : text)) != 0)
        {
            return 500;
        }
    }
    return 0;
}


/* A bool parameter with a default, written out. */
static int
duetd_pol_bool(struct duetd_pol_parse *pp, const char *name,
    struct json_object *v, int dflt, int *out, struct json_object *norm)
{
    if (v == NULL) {
        *out = dflt;
    } else if (json_object_get_type(v) != json_type_boolean) {
        return duetd_pol_err(pp, name, -1, "must be true or false");
    } else {
        *out = json_object_get_boolean(v) ? 1 : 0;
    }
    return duetd_json_add(norm, name, json_object_new_boolean(*out)) == 0
           ? 0 : 500;
}


static const struct duetd_pol_type *
duetd_pol_type_find(const char *name)
{
    size_t  i;

    for (i = 0; i < sizeof(duetd_pol_types) / sizeof(duetd_pol_types[0]);
         i++)
    {
        if (strcmp(duetd_pol_types[i].name, name) == 0) {
            return &duetd_pol_types[i];
        }
    }
    return NULL;
}


static const struct duetd_pol_type *
duetd_pol_type_of(int kind)
{
    size_t  i;

    for (i = 0; i < sizeof(duetd_pol_types) / sizeof(duetd_pol_types[0]);
         i++)
    {
        if (duetd_pol_types[i].kind == kind) {
            return &duetd_pol_types[i];
        }
    }
    return NULL;
}


/* The value of member name of obj, or NULL (absent or null). */
static struct json_object *
duetd_pol_get(struct json_object *obj, const char *name)
{
    struct json_object  *v;

    if (!json_object_object_get_ex(obj, name, &v)) {
        return NULL;
    }
    return v;
}


/* Every member of obj is one of names[0..n) (NULL entries skipped). */
static int
duetd_pol_known(struct duetd_pol_parse *pp, struct json_object *obj,
    const char *const *names, size_t n)
{
    struct json_object_iter  it;
    size_t                   i;

    json_object_object_foreachC(obj, it) {
        for (i = 0; i < n; i++) {
            if (names[i] != NULL && strcmp(it.key, names[i]) == 0) {
                break;
            }
        }
        if (i == n) {
            return duetd_pol_err(pp, it.key, -1, "unknown field");
        }
    }
    return 0;
}


static int
duetd_pol_criterion(struct duetd_pol_parse *pp, struct json_object *jc,
    struct duetd_pol_crit *c, struct json_object **out)
{
    const struct duetd_pol_type  *t;
    struct json_object           *norm, *v, *f[16];
    const char                   *names[16];
    char                          q[DUETD_POL_ECHO + 8];
    size_t                        i, n;
    int64_t                       h;
    int                           r;

    *out = NULL;
    if (json_object_get_type(jc) != json_type_object) {
        return duetd_pol_err(pp, NULL, -1, "must be an object");
    }
    v = duetd_pol_get(jc, "type");
    if (v == NULL) {
        return duetd_pol_err(pp, "type", -1, "missing");
    }
    if (json_object_get_type(v) != json_type_string
        || (t = duetd_pol_type_find(json_object_get_string(v))) == NULL)
    {
        return duetd_pol_err(pp, "type", -1, "unknown criterion type %s",
                             duetd_pol_quote(v, q));
    }

    /* The parameters this type has, each present unless optional. */
    n = 0;
    names[n++] = "type";
    for (i = 0; i < sizeof(duetd_pol_fields) / sizeof(duetd_pol_fields[0]);
         i++)
    {
        if (t->fields & duetd_pol_fields[i].bit) {
            names[n++] = duetd_pol_fields[i].name;
        }
    }
    if ((r = duetd_pol_known(pp, jc, names, n)) != 0) {
        return r;
    }
    for (i = 0; i < n; i++) {
        f[i] = duetd_pol_get(jc, names[i]);
        if (f[i] == NULL && strcmp(names[i], "allowDeploy") != 0
            && strcmp(names[i], "allowPlainTransfer") != 0
            && strcmp(names[i], "enabled") != 0)
        {
            return duetd_pol_err(pp, names[i], -1, "missing");
        }
    }

    if ((norm = json_object_new_object()) == NULL) {
        return 500;
    }
    c->kind = t->kind;
    c->type = t->name;
    r = 500;
    if (t->kind == DUETD_CRIT_ADDRESS_BLOCKED) {
        /* The dashboard's pseudo-type: stored as evmAddress, not_in. */
        c->kind = DUETD_CRIT_EVM_ADDRESS;
        c->type = "evmAddress";
        c->op = DUETD_OP_NOT_IN;
        if (duetd_json_add(norm, "type", json_object_new_string(c->type))
            != 0
            || duetd_json_add(norm, "operator",
                             json_object_new_string("not_in")) != 0)
        {
            goto out;
        }
        if ((r = duetd_pol_items(pp, "addresses", f[1], c, norm)) != 0) {
            goto out;
        }
        c->flag = 0;
        r = duetd_json_add(norm, "allowDeploy", json_object_new_boolean(0))
            == 0 ? 0 : 500;
        goto out;
    }
    if (duetd_json_add(norm, "type", json_object_new_string(c->type)) != 0) {
        goto out;
    }

    switch (t->kind) {
    case DUETD_CRIT_ETH_VALUE:
        if ((r = duetd_pol_operator(pp, f[1], 1, &c->op)) != 0) {
            goto out;
        }
        if (duetd_pol_wei(f[2], &c->wei) != 0) {
            r = duetd_pol_err(pp, "value", -1, "must be a string of decimal"
                              " digits (wei, below 2^256)");
            goto out;
        }
        r = 500;
        if (duetd_json_add(norm, "operator",
                          json_object_new_string(duetd_pol_op_name(c->op)))
            != 0
            || duetd_json_add(norm, "value", duetd_pol_wei_json(&c->wei))
               != 0)
        {
            goto out;
        }
        r = 0;
        break;

    case DUETD_CRIT_EVM_ADDRESS:
    case DUETD_CRIT_EVM_NETWORK:
    case DUETD_CRIT_IP_ADDRESS:
        if ((r = duetd_pol_operator(pp, f[1], 0, &c->op)) != 0) {
            goto out;
        }
        r = 500;
        if (duetd_json_add(norm, "operator",
                          json_object_new_string(duetd_pol_op_name(c->op)))
            != 0)
        {
            goto out;
        }
        if ((r = duetd_pol_items(pp, names[2], f[2], c, norm)) != 0) {
            goto out;
        }
        if (t->kind == DUETD_CRIT_EVM_ADDRESS) {
            r = duetd_pol_bool(pp, "allowDeploy", f[3], 0, &c->flag, norm);
        }
        break;

    case DUETD_CRIT_EVM_FUNCTION:
        if ((r = duetd_pol_items(pp, "selectors", f[1], c, norm)) != 0) {
            goto out;
        }
        r = duetd_pol_bool(pp, "allowPlainTransfer", f[2], 1, &c->flag,
                           norm);
        break;

    case DUETD_CRIT_RATE_LIMIT:
        if (duetd_pol_int(f[1], 1, DUETD_POL_SAFE_INT, &h) != 0) {
            r = duetd_pol_err(pp, "maxPerHour", -1,
                              "must be a positive integer");
            goto out;
        }
        c->limit = (uint64_t) h;
        r = duetd_json_add(norm, "maxPerHour", json_object_new_int64(h)) == 0
            ? 0 : 500;
        break;

    case DUETD_CRIT_TIME_WINDOW:
        for (i = 1; i <= 2; i++) {
            if (duetd_pol_int(f[i], 0, 23, &h) != 0) {
                r = duetd_pol_err(pp, names[i], -1, "invalid hour (an"
                                  " integer from 0 to 23, UTC)");
                goto out;
            }
            if (i == 1) {
                c->start_hour = (int) h;
            } else {
                c->end_hour = (int) h;
            }
            if (duetd_json_add(norm, names[i], json_object_new_int64(h))
                != 0)
            {
                r = 500;
                goto out;
            }
        }
        r = 0;
        break;

    case DUETD_CRIT_DAILY_LIMIT:
    case DUETD_CRIT_MONTHLY_LIMIT:
        if (duetd_pol_wei(f[1], &c->wei) != 0) {
            r = duetd_pol_err(pp, "maxWei", -1, "must be a string of"
                              " decimal digits (wei, below 2^256)");
            goto out;
        }
        r = duetd_json_add(norm, "maxWei", duetd_pol_wei_json(&c->wei)) == 0
            ? 0 : 500;
        break;

    case DUETD_CRIT_MAX_PER_TX_USD:
    case DUETD_CRIT_DAILY_LIMIT_USD:
    case DUETD_CRIT_MONTHLY_LIMIT_USD:
        if (duetd_pol_number(f[1], DBL_MAX, &c->num) != 0) {
            r = duetd_pol_err(pp, "maxUsd", -1, "must be a number >= 0");
            goto out;
        }
        r = duetd_json_add(norm, "maxUsd",
                          duetd_pol_number_json(f[1], c->num)) == 0
            ? 0 : 500;
        break;

    case DUETD_CRIT_MAX_SLIPPAGE:
        if (duetd_pol_number(f[1], 100.0, &c->num) != 0) {
            r = duetd_pol_err(pp, "maxPercent", -1,
                              "must be a number from 0 to 100");
            goto out;
        }
        /* round(maxPercent * 100) as JavaScript's Math.round does. */
        c->limit = (uint64_t) (c->num * 100.0);
        if (c->num * 100.0 - (double) c->limit >= 0.5) {
            c->limit++;
        }
        r = duetd_json_add(norm, "maxPercent",
                          duetd_pol_number_json(f[1], c->num)) == 0
            ? 0 : 500;
        break;

    case DUETD_CRIT_BLOCK_INFINITE:
    case DUETD_CRIT_MEV_PROTECTION:
        /* Absent: on (naming the criterion asks for it). */
        r = duetd_pol_bool(pp, "enabled", f[1], 1, &c->flag, norm);
        break;
    }

out:
    if (r != 0) {
        json_object_put(norm);
        return r;
    }
    *out = norm;
    return 0;
}


static void
duetd_pol_crit_free(struct duetd_pol_crit *c)
{
    free(c->addrs);
    free(c->chains);
    free(c->selectors);
    free(c->ips);
}


/* A description: a string of at most DUETD_POL_MAX_DESCRIPTION bytes. */
static int
duetd_pol_description(struct duetd_pol_parse *pp, struct json_object *v,
    char **copy, struct json_object *norm)
{
    size_t  len;

    if (v == NULL) {
        return 0;
    }
    if (json_object_get_type(v) != json_type_string) {
        return duetd_pol_err(pp, "description", -1, "must be a string");
    }
    len = (size_t) json_object_get_string_len(v);
    if (len > DUETD_POL_MAX_DESCRIPTION) {
        return duetd_pol_err(pp, "description", -1,
                             "longer than %d bytes",
                             DUETD_POL_MAX_DESCRIPTION);
    }
    if (copy != NULL && (*copy = strdup(json_object_get_string(v))) == NULL)
    {
        return 500;
    }
    return duetd_json_add(norm, "description",
                         json_object_new_string_len(json_object_get_string(v),
                                                    (int) len)) == 0
           ? 0 : 500;
}


static int
duetd_pol_rule(struct duetd_pol_parse *pp, struct json_object *jr,
    struct duetd_pol_rule *rule, struct json_object *norm)
{
    static const char *const  names[] = {
        "action", "criteria", "description", "enabled"
    };
    struct json_object       *v, *crit, *arr, *cn;
    char                      q[DUETD_POL_ECHO + 8];
    const char               *a;
    size_t                    i, n;
    int                       r;

    if (json_object_get_type(jr) != json_type_object) {
        return duetd_pol_err(pp, NULL, -1, "must be an object");
    }
    if ((r = duetd_pol_known(pp, jr, names, 4)) != 0) {
        return r;
    }
    v = duetd_pol_get(jr, "action");
    if (v == NULL) {
        return duetd_pol_err(pp, "action", -1, "missing");
    }
    a = json_object_get_type(v) == json_type_string
        ? json_object_get_string(v) : "";
    if (strcmp(a, "accept") != 0 && strcmp(a, "reject") != 0) {
        return duetd_pol_err(pp, "action", -1, "invalid action %s (accept"
                             " or reject)", duetd_pol_quote(v, q));
    }
    rule->reject = a[0] == 'r';
    if (duetd_json_add(norm, "action", json_object_new_string(a)) != 0) {
        return 500;
    }

    crit = duetd_pol_get(jr, "criteria");
    if (crit == NULL) {
        return duetd_pol_err(pp, "criteria", -1, "missing");
    }
    if (json_object_get_type(crit) != json_type_array) {
        return duetd_pol_err(pp, "criteria", -1, "must be an array");
    }
    n = json_object_array_length(crit);
    if (n > DUETD_POLICY_MAX_CRITERIA) {
        return duetd_pol_err(pp, "criteria", -1, "at most %d criteria",
                             DUETD_POLICY_MAX_CRITERIA);
    }
    if ((arr = json_object_new_array_ext((int) n)) == NULL
        || duetd_json_add(norm, "criteria", arr) != 0)
    {
        return 500;
    }
    if (n > 0 && (rule->crit = calloc(n, sizeof(*rule->crit))) == NULL) {
        return 500;
    }
    for (i = 0; i < n; i++) {
        pp->crit = i + 1;
        r = duetd_pol_criterion(pp, json_object_array_get_idx(crit, i),
                                &rule->crit[i], &cn);
        rule->ncrit = i + 1;
        if (r != 0) {
            return r;
        }
        if (duetd_pol_append(arr, cn) != 0) {
            return 500;
        }
    }
    pp->crit = 0;

    if ((r = duetd_pol_description(pp, duetd_pol_get(jr, "description"),
                                   &rule->description, norm)) != 0)
    {
        return r;
    }
    return duetd_pol_bool(pp, "enabled", duetd_pol_get(jr, "enabled"), 1,
                          &rule->enabled, norm);
}


int
duetd_policy_parse(struct duetd_policy **out, const char *json, size_t len,
    char *err, size_t errlen)
{
    static const char *const  names[] = {
        "rules", "description", "allowRawDigest"
    };
    struct duetd_pol_parse    pp;
    struct duetd_policy      *p = NULL;
    struct json_tokener      *tok = NULL;
    struct json_object       *root = NULL, *norm = NULL, *rules, *arr;
    struct json_object       *rn;
    const char               *text;
    size_t                    i, n;
    int                       r = 500, rc;

    *out = NULL;
    if (errlen > 0) {
        err[0] = '\0';
    }
    memset(&pp, 0, sizeof(pp));
    pp.err = err;
    pp.errlen = errlen;

    if (len > DUETD_POLICY_MAX_SIZE) {
        snprintf(err, errlen, "Policy: the document is larger than %d"
                 " bytes", DUETD_POLICY_MAX_SIZE);
        return 400;
    }
    rc = json == NULL ? DUET_ERR_TRUNCATED : duet_eth_json_check(json, len);
    switch (rc) {
    case 0:
        break;
    case DUET_ERR_NO_MEMORY:
        return 500;
    case DUET_ERR_INVALID_ARGUMENT:
        snprintf(err, errlen, "Policy: the document must be a JSON object");
        return 400;
    case DUET_ERR_LIMIT_EXCEEDED:
        snprintf(err, errlen, "Policy: JSON nested deeper than %d",
                 DUET_ETH_JSON_MAX_DEPTH);
        return 400;
    default:
        snprintf(err, errlen, "Policy: malformed JSON (RFC 8259 UTF-8, no"
                 " duplicate keys, no U+0000)");
        return 400;
    }

    /* The text passed the strict check: json-c only builds the tree. */
    if ((tok = json_tokener_new_ex(DUET_ETH_JSON_MAX_DEPTH + 1)) == NULL) {
        goto out;
    }
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
    root = json_tokener_parse_ex(tok, json, (int) len);
    if (json_tokener_get_error(tok) != json_tokener_success || root == NULL
        || json_object_get_type(root) != json_type_object)
    {
        r = 400;
        snprintf(err, errlen, "Policy: malformed JSON");
        goto out;
    }

    if ((p = calloc(1, sizeof(*p))) == NULL
        || (norm = json_object_new_object()) == NULL)
    {
        goto out;
    }
    if ((r = duetd_pol_known(&pp, root, names, 3)) != 0) {
        goto out;
    }
    rules = duetd_pol_get(root, "rules");
    if (rules == NULL) {
        r = duetd_pol_err(&pp, "rules", -1, "missing");
        goto out;
    }
    if (json_object_get_type(rules) != json_type_array) {
        r = duetd_pol_err(&pp, "rules", -1, "must be an array");
        goto out;
    }
    n = json_object_array_length(rules);
    if (n > DUETD_POLICY_MAX_RULES) {
        r = duetd_pol_err(&pp, "rules", -1, "at most %d rules",
                          DUETD_POLICY_MAX_RULES);
        goto out;
    }
    r = 500;
    if ((arr = json_object_new_array_ext((int) n)) == NULL
        || duetd_json_add(norm, "rules", arr) != 0)
    {
        goto out;
    }
    if (n > 0 && (p->rules = calloc(n, sizeof(*p->rules))) == NULL) {
        goto out;
    }
    for (i = 0; i < n; i++) {
        pp.rule = i + 1;
        p->nrules = i + 1;
        if ((rn = json_object_new_object()) == NULL) {
            r = 500;
            goto out;
        }
        r = duetd_pol_rule(&pp, json_object_array_get_idx(rules, i),
                           &p->rules[i], rn);
        if (r != 0) {
            json_object_put(rn);
            goto out;
        }
        if (duetd_pol_append(arr, rn) != 0) {
            r = 500;
            goto out;
        }
    }
    pp.rule = 0;

    if ((r = duetd_pol_description(&pp, duetd_pol_get(root, "description"),
                                   NULL, norm)) != 0
        || (r = duetd_pol_bool(&pp, "allowRawDigest",
                               duetd_pol_get(root, "allowRawDigest"), 0,
                               &p->allow_raw_digest, norm)) != 0)
    {
        goto out;
    }

    r = 500;
    text = json_object_to_json_string_ext(norm, JSON_C_TO_STRING_PLAIN
                                          | JSON_C_TO_STRING_NOSLASHESCAPE);
    if (text == NULL || (p->json = strdup(text)) == NULL) {
        goto out;
    }
    *out = p;
    p = NULL;
    r = 0;

out:
    if (r == 500 && errlen > 0) {
        snprintf(err, errlen, "Policy: out of memory");
    }
    json_object_put(norm);
    json_object_put(root);
    if (tok != NULL) {
        json_tokener_free(tok);
    }
    duetd_policy_free(p);
    return r;
}


void
duetd_policy_free(struct duetd_policy *p)
{
    size_t  i, j;

    if (p == NULL) {
        return;
    }
    for (i = 0; i < p->nrules; i++) {
        for (j = 0; j < p->rules[i].ncrit; j++) {
            duetd_pol_crit_free(&p->rules[i].crit[j]);
        }
        free(p->rules[i].crit);
        free(p->rules[i].description);
    }
    free(p->rules);
    free(p->json);
    free(p);
}


int
duetd_policy_to_json(const struct duetd_policy *p, char **json)
{
    *json = strdup(p->json);
    return *json != NULL ? 0 : -1;
}


int
duetd_policy_allow_raw_digest(const struct duetd_policy *p)
{
    return p != NULL && p->allow_raw_digest;
}


unsigned
duetd_policy_needs(const struct duetd_policy *p)
{
    const struct duetd_pol_type  *t;
    unsigned                      needs = 0;
    size_t                        i, j;

    if (p == NULL) {
        return 0;
    }
    for (i = 0; i < p->nrules; i++) {
        if (!p->rules[i].enabled) {
            continue;
        }
        for (j = 0; j < p->rules[i].ncrit; j++) {
            if ((t = duetd_pol_type_of(p->rules[i].crit[j].kind)) != NULL) {
                needs |= t->needs;
            }
        }
    }
    return needs;
}


/* Evaluation. */

/* What one criterion says: pass, or fail with a reason. */
struct duetd_pol_result {
    int   pass;
    char  reason[sizeof(((struct duetd_policy_violation *) 0)->reason)];
    char  detail[sizeof(((struct duetd_policy_violation *) 0)->detail)];
};


static int
duetd_pol_fail(struct duetd_pol_result *res, const char *reason,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int
duetd_pol_fail(struct duetd_pol_result *res, const char *reason,
    const char *fmt, ...)
{
    va_list  ap;

    res->pass = 0;
    snprintf(res->reason, sizeof(res->reason), "%s", reason);
    va_start(ap, fmt);
    vsnprintf(res->detail, sizeof(res->detail), fmt, ap);
    va_end(ap);
    return 0;
}


static void
duetd_pol_violation(struct duetd_policy_verdict *out, const char *type,
    const char *reason, const char *detail)
{
    struct duetd_policy_violation  *v;

    if (out->nviolations >= DUETD_POLICY_VIOLATIONS_MAX) {
        return;
    }
    v = &out->v[out->nviolations++];
    snprintf(v->type, sizeof(v->type), "%s", type);
    snprintf(v->reason, sizeof(v->reason), "%s", reason);
    snprintf(v->detail, sizeof(v->detail), "%s", detail);
}


static void
duetd_pol_addr_text(char out[DUET_ETH_ADDRESS_TEXT_SIZE],
    const uint8_t addr[20])
{
    if (duet_eth_address_checksum(out, addr) != 0) {
        snprintf(out, DUET_ETH_ADDRESS_TEXT_SIZE, "(address)");
    }
}


/* A dollar amount for a reason: cents, or a short form when huge. */
static void
duetd_pol_usd(char out[32], double v)
{
    if (v >= 0.0 && v < 1e15) {
        snprintf(out, 32, "%.2f", v);
    } else {
        snprintf(out, 32, "%.6g", v);
    }
}


/* The function of a call, for reasons: "approve (0x095ea7b3)". */
static void
duetd_pol_call_name(char out[48], const struct duetd_calldata *call)
{
    if (strncmp(call->action, "unknown(", 8) == 0) {
        snprintf(out, 48, "%s", call->selector_hex);
    } else {
        snprintf(out, 48, "%s (%s)", call->action, call->selector_hex);
    }
}


static int
duetd_pol_addr_in(const struct duetd_pol_crit *c, const uint8_t a[20])
{
    size_t  i;

    for (i = 0; i < c->n; i++) {
        if (memcmp(c->addrs[i], a, 20) == 0) {
            return 1;
        }
    }
    return 0;
}


static int
duetd_pol_eval_address(const struct duetd_pol_crit *c,
    const struct duetd_policy_ctx *ctx, struct duetd_pol_result *res)
{
    const struct duetd_calldata  *call = ctx->call;
    const char                   *reason;
    char                          t[DUET_ETH_ADDRESS_TEXT_SIZE];
    int                           in = c->op == DUETD_OP_IN;

    reason = in ? "Address not approved" : "Blocked address";
    if (c->n == 0) {
        /* in: the spec's "empty list passes"; not_in: nothing blocked. */
        return 0;
    }
    if (!ctx->has_to) {
        if (!in || c->flag) {
            return 0;
        }
        return duetd_pol_fail(res, reason, "Contract creation is not"
                              " allowed (allowDeploy is not true)");
    }
    if (duetd_pol_addr_in(c, ctx->to) != in) {
        duetd_pol_addr_text(t, ctx->to);
        return duetd_pol_fail(res, reason, in ? "Address %s is not in the"
                              " approved list" : "Address %s is blocked", t);
    }
    if (call->token_transfer) {
        if (!call->transfer_ok) {
            return duetd_pol_fail(res, reason, "The token recipient of %s"
                                  " could not be decoded", call->action);
        }
        if (duetd_pol_addr_in(c, call->recipient) != in) {
            duetd_pol_addr_text(t, call->recipient);
            return duetd_pol_fail(res, reason, in ? "Token recipient %s is"
                                  " not in the approved list"
                                  : "Token recipient %s is blocked", t);
        }
    }
    return 0;
}


static int
duetd_pol_eval_network(const struct duetd_pol_crit *c,
    const struct duetd_policy_ctx *ctx, struct duetd_pol_result *res)
{
    size_t  i;
    int     found = 0;

    if (c->op == DUETD_OP_IN && c->n == 0) {
        return 0;
    }
    for (i = 0; i < c->n; i++) {
        if (c->chains[i] == ctx->chain_id) {
            found = 1;
        }
    }
    if (found == (c->op == DUETD_OP_IN)) {
        return 0;
    }
    return duetd_pol_fail(res, "Network not allowed",
                          found ? "Chain %llu is blocked"
                                : "Chain %llu is not in the allowed networks",
                          (unsigned long long) ctx->chain_id);
}


static int
duetd_pol_eval_function(const struct duetd_pol_crit *c,
    const struct duetd_policy_ctx *ctx, struct duetd_pol_result *res)
{
    const struct duetd_calldata  *call = ctx->call;
    char                          name[48];
    size_t                        i;

    if (!call->has_selector) {
        if (c->flag) {
            return 0;
        }
        return duetd_pol_fail(res, "Function not allowed", "Plain transfers"
                              " (no function call) are not allowed");
    }
    for (i = 0; i < c->n; i++) {
        if (c->selectors[i] == call->selector) {
            return 0;
        }
    }
    duetd_pol_call_name(name, call);
    return duetd_pol_fail(res, "Function not allowed", "Function %s is not in"
                          " the allowed list", name);
}


/* The caller's address: IPv4 (also when IPv4-mapped) and IPv6 forms. */
static int
duetd_pol_caller(const char *ip, int *is_v4, uint32_t *v4, uint8_t v6[16])
{
    static const uint8_t  mapped[12] = {
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
    };
    size_t                len;

    *is_v4 = 0;
    len = strlen(ip);
    if (duetd_pol_ipv4(ip, len, v4) == 0) {
        *is_v4 = 1;
        memcpy(v6, mapped, 12);
        v6[12] = (uint8_t) (*v4 >> 24);
        v6[13] = (uint8_t) (*v4 >> 16);
        v6[14] = (uint8_t) (*v4 >> 8);
        v6[15] = (uint8_t) *v4;
        return 0;
    }
    if (duetd_pol_ipv6(ip, len, v6) != 0) {
        return -1;
    }
    if (memcmp(v6, mapped, 12) == 0) {
        *is_v4 = 1;
        *v4 = ((uint32_t) v6[12] << 24) | ((uint32_t) v6[13] << 16)
              | ((uint32_t) v6[14] << 8) | (uint32_t) v6[15];
    }
    return 0;
}


static int
duetd_pol_eval_ip(const struct duetd_pol_crit *c,
    const struct duetd_policy_ctx *ctx, struct duetd_pol_result *res)
{
    char      shown[DUETD_POL_ECHO + 4];
    uint8_t   v6[16];
    uint32_t  v4 = 0;
    size_t    i;
    int       is_v4, found = 0, in = c->op == DUETD_OP_IN;

    if (in && c->n == 0) {
        return 0;
    }
    if (ctx->caller_ip == NULL
        || duetd_pol_caller(ctx->caller_ip, &is_v4, &v4, v6) != 0)
    {
        return duetd_pol_fail(res, "IP not allowed", "The caller's IP"
                              " address is unknown");
    }
    for (i = 0; i < c->n; i++) {
        if (c->ips[i].v6) {
            found |= memcmp(c->ips[i].addr6, v6, 16) == 0;
        } else if (is_v4) {
            found |= (v4 & c->ips[i].mask) == c->ips[i].net;
        }
    }
    if (found == in) {
        return 0;
    }
    duetd_pol_echo(shown, ctx->caller_ip, strlen(ctx->caller_ip));
    return duetd_pol_fail(res, "IP not allowed", in ? "IP %s is not in the"
                          " allowed list" : "IP %s is blocked", shown);
}


static int
duetd_pol_eval_spend(const struct duetd_pol_crit *c,
    const struct duetd_policy_ctx *ctx, struct duetd_pol_result *res)
{
    const struct duetd_u256  *window;
    struct duetd_u256         sum;
    const char               *reason, *what, *period;
    char                      s[DUETD_U256_DEC_SIZE], m[DUETD_U256_DEC_SIZE];

    if (c->kind == DUETD_CRIT_DAILY_LIMIT) {
        window = &ctx->wei_24h;
        reason = "Daily ETH limit exceeded";
        what = "Daily";
        period = "daily";
    } else {
        window = &ctx->wei_30d;
        reason = "Monthly ETH limit exceeded";
        what = "Monthly";
        period = "monthly";
    }
    if (duetd_u256_add(&sum, window, &ctx->value_wei) != 0) {
        snprintf(s, sizeof(s), "over 2^256");
    } else if (duetd_u256_cmp(&sum, &c->wei) <= 0) {
        return 0;
    } else {
        duetd_u256_to_dec(s, &sum);
    }
    duetd_u256_to_dec(m, &c->wei);
    return duetd_pol_fail(res, reason, "%s spend %s wei would exceed %s"
                          " limit of %s wei", what, s, period, m);
}


static int
duetd_pol_eval_usd(const struct duetd_pol_crit *c,
    const struct duetd_policy_ctx *ctx, struct duetd_pol_result *res)
{
    const char  *reason, *what, *period;
    double       sum;
    char         s[32], m[32];
    int          known;

    switch (c->kind) {
    case DUETD_CRIT_MAX_PER_TX_USD:
        reason = "Per-transaction limit exceeded";
        if (!ctx->usd_known) {
            return duetd_pol_fail(res, reason, "USD price unknown: the"
                                  " transaction's value cannot be priced");
        }
        if (ctx->value_usd <= c->num) {
            return 0;
        }
        duetd_pol_usd(s, ctx->value_usd);
        duetd_pol_usd(m, c->num);
        return duetd_pol_fail(res, reason, "Transaction value $%s exceeds"
                              " per-transaction limit of $%s", s, m);
    case DUETD_CRIT_DAILY_LIMIT_USD:
        reason = "Daily spending limit exceeded";
        what = "Daily";
        period = "daily";
        known = ctx->usd_24h_known;
        sum = ctx->usd_24h;
        break;
    default:
        reason = "Monthly spending limit exceeded";
        what = "Monthly";
        period = "monthly";
        known = ctx->usd_30d_known;
        sum = ctx->usd_30d;
        break;
    }
    if (!ctx->usd_known) {
        return duetd_pol_fail(res, reason, "USD price unknown: the"
                              " transaction's value cannot be priced");
    }
    if (!known) {
        return duetd_pol_fail(res, reason, "USD price unknown: the %s spend"
                              " so far cannot be priced", period);
    }
    sum += ctx->value_usd;
    if (sum <= c->num) {
        return 0;
    }
    duetd_pol_usd(s, sum);
    duetd_pol_usd(m, c->num);
    return duetd_pol_fail(res, reason, "%s spend $%s would exceed %s limit"
                          " of $%s", what, s, period, m);
}


/*
 * Infinite approvals: ERC-20 amounts from erc20_min, Permit2 amounts from
 * permit2_min, setApprovalForAll(true); undecodable arguments fail.
 */
static int
duetd_pol_approval(const struct duetd_calldata *call,
    const struct duetd_u256 *erc20_min, const char *erc20_text,
    const struct duetd_u256 *permit2_min, const char *permit2_text,
    struct duetd_pol_result *res)
{
    static const char  reason[] = "Unlimited approval blocked";
    char               amount[DUETD_U256_DEC_SIZE];

    switch (call->approval) {
    case DUETD_APPROVAL_NONE:
        return 0;
    case DUETD_APPROVAL_ALL:
        if (!call->approval_ok) {
            break;
        }
        if (!call->approve_all) {
            return 0;
        }
        return duetd_pol_fail(res, reason, "setApprovalForAll(true) approves"
                              " every token of the collection");
    default:
        if (!call->approval_ok) {
            break;
        }
        if (call->approval == DUETD_APPROVAL_ERC20
            ? duetd_u256_cmp(&call->approval_amount, erc20_min) < 0
            : duetd_u256_cmp(&call->approval_amount, permit2_min) < 0)
        {
            return 0;
        }
        duetd_u256_to_dec(amount, &call->approval_amount);
        return duetd_pol_fail(res, reason, "%s amount %s is unlimited (at"
                              " least %s)", call->action, amount,
                              call->approval == DUETD_APPROVAL_ERC20
                              ? erc20_text : permit2_text);
    }
    return duetd_pol_fail(res, reason, "The arguments of %s (%s) could not"
                          " be decoded", call->action, call->selector_hex);
}


static int
duetd_pol_eval_slippage(const struct duetd_pol_crit *c,
    const struct duetd_calldata *call, struct duetd_pol_result *res)
{
    struct duetd_u256  d, x, y;
    char               reason[48], name[48];
    uint64_t           bps, xh, yh, lo, hi, mid;

    if (call->swap == DUETD_SWAP_NONE || call->swap == DUETD_SWAP_EXACT_OUT) {
        return 0;
    }
    snprintf(reason, sizeof(reason), "Slippage exceeds %g%%", c->num);
    duetd_pol_call_name(name, call);
    if (!call->swap_ok) {
        return duetd_pol_fail(res, reason, "The arguments of swap %s could"
                              " not be decoded", name);
    }
    if (duetd_u256_is_zero(&call->amount_out_min)) {
        return duetd_pol_fail(res, reason, "Swap %s has amountOutMin 0: it"
                              " accepts any price", name);
    }
    if (call->swap == DUETD_SWAP_ETH_IN
        || duetd_u256_cmp(&call->amount_out_min, &call->amount_in) > 0)
    {
        /* Only amountOutMin is known, or the amounts do not compare. */
        return 0;
    }

    /*
     * bps = floor((amountIn - amountOutMin) * 10000 / amountIn), exactly:
     * the products may need 270 bits, so they are compared as a high limb
     * and the low 256 bits while bps is searched for in 0..10000.
     */
    (void) duetd_u256_sub(&d, &call->amount_in, &call->amount_out_min);
    xh = duetd_u256_mul_u64_wide(&x, &d, 10000);
    lo = 0;
    hi = 10000;
    while (lo < hi) {
        mid = (lo + hi + 1) / 2;
        yh = duetd_u256_mul_u64_wide(&y, &call->amount_in, mid);
        if (yh < xh || (yh == xh && duetd_u256_cmp(&y, &x) <= 0)) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    bps = lo;
    if (bps <= c->limit) {
        return 0;
    }
    return duetd_pol_fail(res, reason, "Slippage of swap %s is %llu bps,"
                          " above the %llu bps allowed",
                          name, (unsigned long long) bps,
                          (unsigned long long) c->limit);
}


/*
 * One criterion.  Returns 0 with res->pass set, or -1 for a criterion
 * this evaluator does not know (the caller fails closed).
 */
static int
duetd_pol_eval(const struct duetd_pol_crit *c,
    const struct duetd_policy_ctx *ctx, struct duetd_pol_result *res)
{
    static const struct duetd_u256  two128 = { { 0, 0, 1, 0 } };
    char                            v[DUETD_U256_DEC_SIZE];
    char                            m[DUETD_U256_DEC_SIZE];
    char                            name[48];
    int                             cmp, ok = 0;

    res->pass = 1;
    res->reason[0] = '\0';
    res->detail[0] = '\0';

    if (ctx->is_message) {
        /* What a message can be measured by: who asks, when, how often. */
        switch (c->kind) {
        case DUETD_CRIT_IP_ADDRESS:
        case DUETD_CRIT_RATE_LIMIT:
        case DUETD_CRIT_TIME_WINDOW:
            break;
        case DUETD_CRIT_ETH_VALUE:
        case DUETD_CRIT_EVM_ADDRESS:
        case DUETD_CRIT_EVM_NETWORK:
        case DUETD_CRIT_EVM_FUNCTION:
        case DUETD_CRIT_DAILY_LIMIT:
        case DUETD_CRIT_MONTHLY_LIMIT:
        case DUETD_CRIT_MAX_PER_TX_USD:
        case DUETD_CRIT_DAILY_LIMIT_USD:
        case DUETD_CRIT_MONTHLY_LIMIT_USD:
        case DUETD_CRIT_BLOCK_INFINITE:
        case DUETD_CRIT_MAX_SLIPPAGE:
        case DUETD_CRIT_MEV_PROTECTION:
            return 0;
        default:
            return -1;
        }
    }

    switch (c->kind) {
    case DUETD_CRIT_ETH_VALUE:
        cmp = duetd_u256_cmp(&ctx->value_wei, &c->wei);
        switch (c->op) {
        case DUETD_OP_LE:
            ok = cmp <= 0;
            break;
        case DUETD_OP_LT:
            ok = cmp < 0;
            break;
        case DUETD_OP_GE:
            ok = cmp >= 0;
            break;
        case DUETD_OP_GT:
            ok = cmp > 0;
            break;
        case DUETD_OP_EQ:
            ok = cmp == 0;
            break;
        }
        if (ok) {
            return 0;
        }
        duetd_u256_to_dec(v, &ctx->value_wei);
        duetd_u256_to_dec(m, &c->wei);
        return duetd_pol_fail(res, "ETH value limit exceeded", "Value %s wei"
                              " is not %s %s wei", v,
                              duetd_pol_op_name(c->op), m);

    case DUETD_CRIT_EVM_ADDRESS:
        return duetd_pol_eval_address(c, ctx, res);

    case DUETD_CRIT_EVM_NETWORK:
        return duetd_pol_eval_network(c, ctx, res);

    case DUETD_CRIT_EVM_FUNCTION:
        return duetd_pol_eval_function(c, ctx, res);

    case DUETD_CRIT_IP_ADDRESS:
        return duetd_pol_eval_ip(c, ctx, res);

    case DUETD_CRIT_RATE_LIMIT:
        if (ctx->requests_1h < c->limit) {
            return 0;
        }
        return duetd_pol_fail(res, "Rate limit exceeded", "Rate limit"
                              " exceeded: %llu/%llu requests this hour",
                              (unsigned long long) ctx->requests_1h,
                              (unsigned long long) c->limit);

    case DUETD_CRIT_TIME_WINDOW:
        if (c->start_hour == c->end_hour) {
            return 0;
        }
        if (c->start_hour < c->end_hour) {
            ok = ctx->hour_utc >= c->start_hour && ctx->hour_utc < c->end_hour;
        } else {
            ok = ctx->hour_utc >= c->start_hour || ctx->hour_utc < c->end_hour;
        }
        if (ok) {
            return 0;
        }
        /* The en dash of the reference's message, in UTF-8. */
        return duetd_pol_fail(res, "Outside trading hours", "Current hour %d"
                              " UTC is outside trading window %d:00"
                              "\xe2\x80\x93%d:00", ctx->hour_utc,
                              c->start_hour, c->end_hour);

    case DUETD_CRIT_DAILY_LIMIT:
    case DUETD_CRIT_MONTHLY_LIMIT:
        return duetd_pol_eval_spend(c, ctx, res);

    case DUETD_CRIT_MAX_PER_TX_USD:
    case DUETD_CRIT_DAILY_LIMIT_USD:
    case DUETD_CRIT_MONTHLY_LIMIT_USD:
        return duetd_pol_eval_usd(c, ctx, res);

    case DUETD_CRIT_BLOCK_INFINITE:
        if (!c->flag || !ctx->has_to) {
            return 0;
        }
        return duetd_pol_approval(ctx->call, &two128, "2^128", &two128,
                                  "2^128", res);

    case DUETD_CRIT_MAX_SLIPPAGE:
        if (!ctx->has_to) {
            return 0;
        }
        return duetd_pol_eval_slippage(c, ctx->call, res);

    case DUETD_CRIT_MEV_PROTECTION:
        if (!c->flag || !ctx->has_to || !ctx->call->dex) {
            return 0;
        }
        duetd_pol_call_name(name, ctx->call);
        return duetd_pol_fail(res, "MEV protection required", "%s is a DEX"
                              " swap, and MEV protection is required", name);

    default:
        return -1;
    }
}


/* The always-on checks of a transaction. */
static void
duetd_pol_security(const struct duetd_policy_ctx *ctx,
    struct duetd_policy_verdict *out)
{
    static const uint8_t            zero[20];
    static const uint8_t            dead[20] = {
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xde, 0xad
    };
    /* 2^128 and 2^160 - 1. */
    static const struct duetd_u256  two128 = { { 0, 0, 1, 0 } };
    static const struct duetd_u256  permit2_max = {
        { UINT64_MAX, UINT64_MAX, 0xffffffffULL, 0 }
    };
    const struct duetd_calldata    *call = ctx->call;
    struct duetd_pol_result         res;
    char                            t[DUET_ETH_ADDRESS_TEXT_SIZE];
    char                            name[48];

    /* A creation has no recipient: it is not a transfer to zero. */
    if (!ctx->has_to) {
        return;
    }
    if (memcmp(ctx->to, zero, 20) == 0 || memcmp(ctx->to, dead, 20) == 0) {
        duetd_pol_addr_text(t, ctx->to);
        snprintf(res.detail, sizeof(res.detail), "Recipient %s is %s", t,
                 ctx->to[19] == 0 ? "the zero address" : "a burn address");
        duetd_pol_violation(out, "security", "Burn address blocked",
                            res.detail);
    }
    if (call->uniswap_v2 && (call->swap == DUETD_SWAP_EXACT_IN
                             || call->swap == DUETD_SWAP_ETH_IN))
    {
        duetd_pol_call_name(name, call);
        if (!call->swap_ok) {
            snprintf(res.detail, sizeof(res.detail), "The arguments of swap"
                     " %s could not be decoded", name);
            duetd_pol_violation(out, "security", "Zero slippage swap"
                                " blocked", res.detail);
        } else if (duetd_u256_is_zero(&call->amount_out_min)) {
            snprintf(res.detail, sizeof(res.detail), "Swap %s has"
                     " amountOutMin 0: it accepts any price", name);
            duetd_pol_violation(out, "security", "Zero slippage swap"
                                " blocked", res.detail);
        }
    }
    res.pass = 1;
    (void) duetd_pol_approval(call, &two128, "2^128", &permit2_max,
                              "2^160 - 1", &res);
    if (!res.pass) {
        duetd_pol_violation(out, "security", res.reason, res.detail);
    }
}


/* A description fit for a reason: control characters out, bounded at a
 * UTF-8 character boundary. */
static void
duetd_pol_shown(char *out, size_t size, const char *s)
{
    size_t  i, n = 0, len = strlen(s);

    for (i = 0; i < len && n + 4 < size; i++) {
        if ((unsigned char) s[i] < 0x20 || s[i] == 0x7f) {
            out[n++] = ' ';
        } else {
            out[n++] = s[i];
        }
    }
    if (i < len) {
        /* Cut before a continuation byte's character. */
        while (n > 0 && ((unsigned char) s[i] & 0xc0) == 0x80) {
            n--;
            i--;
        }
        out[n++] = '.';
        out[n++] = '.';
        out[n++] = '.';
    }
    out[n] = '\0';
}


int
duetd_policy_evaluate(const struct duetd_policy *p,
    const struct duetd_policy_ctx *c, struct duetd_policy_verdict *out)
{
    const struct duetd_pol_rule  *rule;
    const struct duetd_pol_crit  *crit;
    struct duetd_pol_result       res, first;
    char                          shown[100];
    const char                   *first_type = NULL;
    size_t                        i, j;
    int                           matched, r;

    memset(out, 0, sizeof(*out));
    memset(&first, 0, sizeof(first));
    out->message = DUETD_POL_MSG_POLICY;
    if (c == NULL || (!c->is_message && c->call == NULL) || c->hour_utc < 0
        || c->hour_utc > 23)
    {
        return -1;
    }

    if (!c->is_message) {
        duetd_pol_security(c, out);
        if (out->nviolations > 0) {
            out->message = DUETD_POL_MSG_SECURITY;
            return 0;
        }
    }
    if (p == NULL) {
        out->allow = 1;
        out->message = NULL;
        return 0;
    }

    for (i = 0; i < p->nrules; i++) {
        rule = &p->rules[i];
        if (!rule->enabled) {
            continue;
        }
        out->rules_evaluated++;
        matched = 1;
        for (j = 0; j < rule->ncrit; j++) {
            crit = &rule->crit[j];
            if ((r = duetd_pol_eval(crit, c, &res)) != 0) {
                snprintf(res.detail, sizeof(res.detail), "Rule %zu,"
                         " criterion %zu: unknown criterion type", i + 1,
                         j + 1);
                duetd_pol_violation(out, "evaluation_error",
                                    "Policy evaluation error", res.detail);
                return 0;
            }
            if (!res.pass) {
                matched = 0;
                if (!rule->reject && first_type == NULL) {
                    first = res;
                    first_type = crit->type;
                }
                break;
            }
        }
        if (!matched) {
            continue;
        }
        out->matched_rule = (int) i + 1;
        if (!rule->reject) {
            out->allow = 1;
            out->message = NULL;
            return 0;
        }
        if (rule->description != NULL && rule->description[0] != '\0') {
            duetd_pol_shown(shown, sizeof(shown), rule->description);
            snprintf(res.detail, sizeof(res.detail), "Rule %zu (\"%s\")"
                     " rejects this request", i + 1, shown);
        } else {
            snprintf(res.detail, sizeof(res.detail), "Rule %zu rejects this"
                     " request", i + 1);
        }
        duetd_pol_violation(out, "reject_rule", "Blocked by policy rule",
                            res.detail);
        return 0;
    }

    /* default_deny: blame the first accept rule's first failed criterion. */
    if (first_type != NULL) {
        duetd_pol_violation(out, first_type, first.reason, first.detail);
    } else {
        duetd_pol_violation(out, "default_deny", "No rule allows this"
                            " request", p->nrules == 0
                            ? "The policy has no rules, so it denies every"
                              " request"
                            : "No enabled accept rule matched this request");
    }
    return 0;
}
