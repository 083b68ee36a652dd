/*
 * http_body.c -- see http_body.h.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "duet_util.h"
#include "http_body.h"


size_t
duetd_http_body_write(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    struct duetd_http_body  *b = userdata;
    size_t                   n = size * nmemb, cap;
    char                    *q;

    if (nmemb != 0 && n / nmemb != size) {
        b->over = 1;
        return 0;
    }
    if (b->len > b->max || n > b->max - b->len) {
        b->over = 1;
        return 0;
    }
    /* One byte more than the body: it stays NUL-terminated. */
    if (b->len + n + 1 > b->cap) {
        cap = b->cap > 0 ? b->cap : 4096;
        while (cap < b->len + n + 1) {
            cap *= 2;
        }
        if (cap > b->max + 1) {
            cap = b->max + 1;
        }
        if ((q = malloc(cap)) == NULL) {
            return 0;
        }
        if (b->len > 0) {
            memcpy(q, b->p, b->len);
        }
        if (b->p != NULL) {
            duet_memclear(b->p, b->cap);
            free(b->p);
        }
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->len, ptr, n);
    b->len += n;
    b->p[b->len] = '\0';
    return n;
}


void
duetd_http_body_wipe(struct duetd_http_body *b)
{
    size_t  max = b->max;

    if (b->p != NULL) {
        duet_memclear(b->p, b->cap);
        free(b->p);
    }
    memset(b, 0, sizeof(*b));
    b->max = max;
}
