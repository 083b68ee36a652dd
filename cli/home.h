/*
 * home.h -- the CLI's configuration directory: $DUET_HOME, else ~/.duet,
 * mode 0700 (refused if group or others can enter it).  One profile per
 * signer, profiles/<name>.conf, `key = value` lines:
 *
 *   server = https://duet.example:8443
 *   ca_file = /etc/ssl/duet-ca.pem           (optional)
 *   signer_id = 2f1c...                       (a UUID)
 *   address = 0x5aAe...                       (EIP-55)
 *   level = 128
 *   network = sepolia                         (optional default network)
 *   api_key_file = api-keys/<name>.key        (relative to the home)
 *   share_file = shares/<name>.share          (share 0, encrypted)
 *
 * Lines starting with # and blank lines are ignored; an unknown or
 * repeated key is refused with file:line.  api_key_file and share_file
 * default to the paths shown.
 * `default` names the default profile.  Every file is written whole:
 * a temporary file in the same directory, fsync, rename, fsync of the
 * directory, mode 0600.  Nothing half-written is ever visible.
 */

#ifndef DUET_CLI_HOME_H
#define DUET_CLI_HOME_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define DUET_HOME_PATH_MAX     4096
#define DUET_PROFILE_NAME_MAX  64      /* [a-z0-9][a-z0-9_-]{0,63}        */
#define DUET_HOME_ERR_SIZE     256

struct duet_home {
    char  dir[DUET_HOME_PATH_MAX];
};

struct duet_profile {
    char  name[DUET_PROFILE_NAME_MAX + 1];
    char  server[512];
    char  ca_file[DUET_HOME_PATH_MAX];          /* "" for the system CAs  */
    char  signer_id[37];
    char  address[43];
    int   level;
    char  network[65];                          /* "" when none           */
    char  api_key_file[DUET_HOME_PATH_MAX];     /* absolute once loaded   */
    char  share_file[DUET_HOME_PATH_MAX];       /* absolute once loaded   */
};

/*
 * Find (and with create, make) the directory and its profiles/, shares/
 * and api-keys/ subdirectories.  Returns 0, or -1 with err.
 */
int duet_home_open(struct duet_home *h, int create, char *err, size_t errlen);

/* A profile name is valid.  1 or 0. */
int duet_profile_name_ok(const char *name);

/*
 * Load profile name (NULL: the default one).  Relative file paths are
 * made absolute under the home.  Returns 0, or -1 with err naming the file
 * and line.
 */
int duet_profile_load(const struct duet_home *h, const char *name,
    struct duet_profile *p, char *err, size_t errlen);

/*
 * Write p atomically (refusing to overwrite an existing profile unless
 * replace); make it the default if make_default or if there is none yet.
 * Returns 0, or -1 with err.
 */
int duet_profile_save(const struct duet_home *h, const struct duet_profile *p,
    int replace, int make_default, char *err, size_t errlen);

/* The profiles' names, sorted, malloc'd array of n (free with free()). */
int duet_profile_list(const struct duet_home *h, char (**names)[65],
    size_t *n, char *default_name, size_t default_size);

/*
 * Write data to path atomically with mode (tmp + fsync + rename + fsync
 * of the directory); excl: fail with EEXIST if path exists.
 * Returns 0, or -1 with errno set.
 */
int duet_write_atomic(const char *path, const void *data, size_t len,
    mode_t mode, int excl);

/*
 * Read a whole file of at most max bytes; *data malloc'd and NUL-
 * terminated (wiped and freed by the caller for secrets).  Returns 0, or
 * -1 with errno set (EFBIG when over max).
 */
int duet_read_file(const char *path, size_t max, uint8_t **data,
    size_t *len);

/*
 * duet_read_file for a secret (an API key file): also refused, with err
 * saying so as ssh does and errno EPERM, when the file is not the user's
 * or group or others have any access to it.  Returns 0, or -1 with err.
 */
int duet_read_private_file(const char *path, size_t max, uint8_t **data,
    size_t *len, char *err, size_t errlen);

#endif /* DUET_CLI_HOME_H */
