/*
 * uuid.h -- random (version 4) UUIDs for row and object ids.
 */

#ifndef DUETD_UUID_H
#define DUETD_UUID_H

/* "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx" and its NUL. */
#define DUETD_UUID_STR_SIZE  37

/*
 * Write a fresh RFC 9562 version-4 UUID (122 bits from the CSPRNG),
 * lower-case, into out.  Returns: 0, or -1 (logged) if the CSPRNG failed.
 */
int duetd_uuid_v4(char out[DUETD_UUID_STR_SIZE]);

#endif /* DUETD_UUID_H */
