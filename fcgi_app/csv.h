/*
 * csv.h -- CSV for spreadsheets (RFC 4180 with CRLF): every field quoted,
 * quotes doubled, and a field a spreadsheet would run as a formula (one
 * that starts with = + - @ tab or CR) prefixed with an apostrophe.
 * Pure (libc only).
 */

#ifndef DUETD_CSV_H
#define DUETD_CSV_H

#include <stddef.h>

struct duetd_csv {
    char    *p;                 /* the text so far, NUL-terminated        */
    size_t   len;
    size_t   size;
    int      bad;               /* out of memory: everything after is lost */
};

/* Append one field; last ends the record. */
void duetd_csv_field(struct duetd_csv *c, const char *s, int last);

/* Append raw text (a header line written by hand). */
void duetd_csv_put(struct duetd_csv *c, const char *s, size_t n);

/* Release the text. */
void duetd_csv_free(struct duetd_csv *c);

#endif /* DUETD_CSV_H */
