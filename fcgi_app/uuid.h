/*
 * uuid.h -- random (version 4) UUIDs for signer and request ids.
 */

#ifndef DUETD_UUID_H
#define DUETD_UUID_H

#include <stddef.h>

/* "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx" and its NUL. */
#define DUETD_UUID_TEXT_SIZE  37

/* Write a fresh v4 UUID from the CSPRNG, lower case.  Returns 0 or -1. */
int duetd_uuid_v4(char out[DUETD_UUID_TEXT_SIZE]);

/* s[0..n) is a UUID as the store writes them (lower case).  1 or 0. */
int duetd_uuid_ok(const char *s, size_t n);

#endif /* DUETD_UUID_H */
