/*
 * uuid.c -- see uuid.h.
 */

#include "config.h"

#include <stdint.h>
#include <string.h>

#include "duet_util.h"
#include "log.h"
#include "uuid.h"


int
duetd_uuid_v4(char out[DUETD_UUID_STR_SIZE])
{
    static const char  hex[] = "0123456789abcdef";
    uint8_t            b[16];
    size_t             i, o = 0;

    if (duet_random_bytes(b, sizeof(b)) != 0) {
        duetd_log_error("uuid: the CSPRNG failed");
        memset(out, 0, DUETD_UUID_STR_SIZE);
        return -1;
    }
    b[6] = (uint8_t) ((b[6] & 0x0f) | 0x40);     /* version 4          */
    b[8] = (uint8_t) ((b[8] & 0x3f) | 0x80);     /* variant 10xx       */
    for (i = 0; i < sizeof(b); i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10) {
            out[o++] = '-';
        }
        out[o++] = hex[b[i] >> 4];
        out[o++] = hex[b[i] & 0x0f];
    }
    out[o] = '\0';
    return 0;
}
