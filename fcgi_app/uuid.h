/*
 * uuid.h -- random (version 4) UUIDs for signer ids.
 */

#ifndef DUETD_UUID_H
#define DUETD_UUID_H

/* "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx" and its NUL. */
#define DUETD_UUID_TEXT_SIZE  37

/* Write a fresh v4 UUID from the CSPRNG, lower case.  Returns 0 or -1. */
int duetd_uuid_v4(char out[DUETD_UUID_TEXT_SIZE]);

#endif /* DUETD_UUID_H */
