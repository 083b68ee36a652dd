/*
 * query.c -- see query.h.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "duet_util.h"
#include "query.h"

/*
 * Decode s[0..n) into out (at most max bytes and a NUL).  Control bytes
 * and NUL are refused.  Returns 0 or -1.
 */
static int
duetd_query_decode(char *out, size_t max, const char *s, size_t n)
{
    size_t  i, o = 0;
    int     hi, lo, c;

    for (i = 0; i < n; i++) {
        c = (unsigned char) s[i];
        if (c == '+') {
            c = ' ';
        } else if (c == '%') {
            if (i + 2 >= n) {
                return -1;                  /* needs two hex digits */
            }
            hi = duet_hex_char_value((unsigned char) s[i + 1]);
            lo = duet_hex_char_value((unsigned char) s[i + 2]);
            if (hi < 0 || lo < 0) {
                return -1;
            }
            c = hi << 4 | lo;
            i += 2;
        }
        if (c < 0x20 || c == 0x7f || o >= max) {
            return -1;
        }
        out[o++] = (char) c;
    }
    out[o] = '\0';
    return 0;
}


int
duetd_query_parse(const char *qs, struct duetd_query_param *params,
    size_t n, char *err, size_t errlen)
{
    const char  *p, *amp, *eq;
    char         name[33];
    size_t       len, i;

    for (i = 0; i < n; i++) {
        params[i].present = 0;
        params[i].value[0] = '\0';
    }
    if (qs == NULL) {
        return 0;
    }
    for (p = qs; *p != '\0'; p = *amp != '\0' ? amp + 1 : amp) {
        amp = p + strcspn(p, "&");
        len = (size_t) (amp - p);
        if (len == 0) {
            continue;
        }
        eq = memchr(p, '=', len);
        if (eq == NULL || duetd_query_decode(name, sizeof(name) - 1, p,
                                             (size_t) (eq - p)) != 0)
        {
            snprintf(err, errlen, "malformed query string: expected"
                     " name=value pairs");
            return 400;
        }
        for (i = 0; i < n && strcmp(params[i].name, name) != 0; i++) {
            /* look for it */
        }
        if (i == n) {
            snprintf(err, errlen, "unknown query parameter \"%s\"", name);
            return 400;
        }
        if (params[i].present) {
            snprintf(err, errlen, "query parameter \"%s\" is repeated",
                     name);
            return 400;
        }
        if (duetd_query_decode(params[i].value, DUETD_QUERY_VALUE_MAX,
                               eq + 1, (size_t) (amp - eq - 1)) != 0)
        {
            snprintf(err, errlen, "query parameter \"%s\" is malformed or"
                     " longer than %d bytes", name, DUETD_QUERY_VALUE_MAX);
            return 400;
        }
        params[i].present = 1;
    }
    return 0;
}


int
duetd_query_uint(const struct duetd_query_param *p, unsigned long min,
    unsigned long max, unsigned long *v, char *err, size_t errlen)
{
    const char     *s = p->value;
    unsigned long   x = 0;

    if (*s == '\0' || strspn(s, "0123456789") != strlen(s)
        || strlen(s) > 9)
    {
        goto bad;
    }
    x = strtoul(s, NULL, 10);
    if (x < min || x > max) {
        goto bad;
    }
    *v = x;
    return 0;
bad:
    snprintf(err, errlen, "query parameter \"%s\" must be an integer from"
             " %lu to %lu", p->name, min, max);
    return 400;
}
