/*
 * uuid.c -- see uuid.h.
 */

#include "config.h"

#include <stdint.h>
#include <stdio.h>

#include "duet_util.h"
#include "uuid.h"


int
duetd_uuid_v4(char out[DUETD_UUID_TEXT_SIZE])
{
    uint8_t  b[16];

    if (duet_random_bytes(b, sizeof(b)) != 0) {
        return -1;
    }
    b[6] = (uint8_t) ((b[6] & 0x0f) | 0x40);     /* version 4     */
    b[8] = (uint8_t) ((b[8] & 0x3f) | 0x80);     /* RFC 4122 variant */
    snprintf(out, DUETD_UUID_TEXT_SIZE,
             "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
             "%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2], b[3], b[4], b[5],
             b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
    return 0;
}


int
duetd_uuid_ok(const char *s, size_t n)
{
    size_t  i;

    if (n != 36) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (s[i] != '-') {
                return 0;
            }
        } else if (!((s[i] >= '0' && s[i] <= '9')
                     || (s[i] >= 'a' && s[i] <= 'f')))
        {
            return 0;
        }
    }
    return 1;
}
