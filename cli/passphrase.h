/*
 * passphrase.h -- where a passphrase comes from, in this order:
 * --passphrase-fd N (one line read from that descriptor), the environment
 * (DUET_PASSPHRASE, or DUET_RECOVERY_PASSPHRASE for the recovery file:
 * documented as less safe, since other processes of the user may read
 * it), else a prompt on /dev/tty with echo off (asked twice when a new
 * passphrase is being set).  No TTY and no other source is an error.
 */

#ifndef DUET_CLI_PASSPHRASE_H
#define DUET_CLI_PASSPHRASE_H

#include <stddef.h>

#define DUET_PASSPHRASE_MAX   1024

struct duet_passphrase_src {
    int          fd;            /* --passphrase-fd, or -1                */
    const char  *env;           /* "DUET_PASSPHRASE", ...                */
    const char  *prompt;        /* "Passphrase for share 0: "            */
    int          confirm;       /* a new one: ask twice, at least 8 chars */
};

/*
 * Get a passphrase into out (NUL-terminated; the caller wipes it).
 * Returns 0, or -1 with err ("no TTY to ask for the passphrase: use
 * --passphrase-fd or DUET_PASSPHRASE", "the passphrases differ", ...).
 */
int duet_passphrase_get(const struct duet_passphrase_src *src,
    char out[DUET_PASSPHRASE_MAX + 1], char *err, size_t errlen);

#endif /* DUET_CLI_PASSPHRASE_H */
