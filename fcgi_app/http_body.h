/*
 * http_body.h -- a response body collected by libcurl's write callback:
 * bounded (a body over max stops the transfer and sets over), always
 * NUL-terminated, grown by copy and wipe so a body that carried a secret
 * (a Vault answer) leaves no stale copy in freed memory.  One for every
 * HTTP client of duetd: Vault, the Ethereum nodes, the price source.
 */

#ifndef DUETD_HTTP_BODY_H
#define DUETD_HTTP_BODY_H

#include <stddef.h>

struct duetd_http_body {
    char    *p;                 /* NUL-terminated; NULL while empty       */
    size_t   len;
    size_t   cap;
    size_t   max;               /* set before the transfer                */
    int      over;              /* the body was longer than max           */
};

/* CURLOPT_WRITEFUNCTION with CURLOPT_WRITEDATA a struct duetd_http_body. */
size_t duetd_http_body_write(char *ptr, size_t size, size_t nmemb,
    void *userdata);

/* Wipe and release the body; b can collect another one (same max). */
void duetd_http_body_wipe(struct duetd_http_body *b);

#endif /* DUETD_HTTP_BODY_H */
