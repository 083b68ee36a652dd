/*
 * csv.c -- see csv.h.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "csv.h"


void
duetd_csv_put(struct duetd_csv *c, const char *s, size_t n)
{
    char    *np;
    size_t   ns;

    if (c->bad) {
        return;
    }
    if (c->len + n + 1 > c->size) {
        ns = c->size == 0 ? 65536 : c->size;
        while (ns < c->len + n + 1) {
            ns *= 2;
        }
        if ((np = realloc(c->p, ns)) == NULL) {
            c->bad = 1;
            return;
        }
        c->p = np;
        c->size = ns;
    }
    memcpy(c->p + c->len, s, n);
    c->len += n;
    c->p[c->len] = '\0';
}


void
duetd_csv_field(struct duetd_csv *c, const char *s, int last)
{
    const char  *q;

    duetd_csv_put(c, "\"", 1);
    if (s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL) {
        duetd_csv_put(c, "'", 1);
    }
    for (; (q = strchr(s, '"')) != NULL; s = q + 1) {
        duetd_csv_put(c, s, (size_t) (q - s));
        duetd_csv_put(c, "\"\"", 2);
    }
    duetd_csv_put(c, s, strlen(s));
    duetd_csv_put(c, last ? "\"\r\n" : "\",", last ? 3 : 2);
}


void
duetd_csv_free(struct duetd_csv *c)
{
    free(c->p);
    memset(c, 0, sizeof(*c));
}
