/*
 * query.h -- the query string of a GET request, decoded strictly:
 * name=value pairs joined by '&', percent-encoding and '+' for space,
 * only the names a route accepts, each at most once.  Errors name the
 * parameter.  Pure (libc only).
 */

#ifndef DUETD_QUERY_H
#define DUETD_QUERY_H

#include <stddef.h>

#define DUETD_QUERY_VALUE_MAX  128      /* decoded bytes of one value     */

struct duetd_query_param {
    const char  *name;
    int          present;                       /* out                   */
    char         value[DUETD_QUERY_VALUE_MAX + 1];  /* out, decoded      */
};

/*
 * Decode qs (NULL or "" is no parameters) into params.
 * Returns: 0, or 400 with err ("unknown query parameter \"x\"",
 *          "query parameter \"page\" is repeated", ...).
 */
int duetd_query_parse(const char *qs, struct duetd_query_param *params,
    size_t n, char *err, size_t errlen);

/*
 * A decimal integer in [min, max] from a present parameter.
 * Returns 0 with *v, or 400 with err naming it.
 */
int duetd_query_uint(const struct duetd_query_param *p, unsigned long min,
    unsigned long max, unsigned long *v, char *err, size_t errlen);

#endif /* DUETD_QUERY_H */
