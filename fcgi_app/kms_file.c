/*
 * kms_file.c -- see kms_file.h.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "duet_util.h"
#include "kms_file.h"
#include "log.h"


static int
duetd_kms_paths(const char *data_dir, char *dir, char *key, char *tmp,
    size_t size)
{
    int  a, b, c;

    a = snprintf(dir, size, "%s/%s", data_dir, DUETD_KMS_DIR);
    b = snprintf(key, size, "%s/%s/%s", data_dir, DUETD_KMS_DIR,
                 DUETD_KMS_KEY_FILE);
    c = snprintf(tmp, size, "%s/%s/.%s.tmp", data_dir, DUETD_KMS_DIR,
                 DUETD_KMS_KEY_FILE);
    if (a < 0 || b < 0 || c < 0 || (size_t) a >= size || (size_t) b >= size
        || (size_t) c >= size)
    {
        duetd_log_error("data directory path too long: %s", data_dir);
        return -1;
    }
    return 0;
}


static int
duetd_write_all(int fd, const uint8_t *p, size_t n)
{
    ssize_t  w;

    while (n > 0) {
        w = write(fd, p, n);
        if (w < 0 && errno == EINTR) {
            continue;
        }
        if (w <= 0) {
            return -1;
        }
        p += w;
        n -= (size_t) w;
    }
    return 0;
}


int
duetd_kms_file_prepare(const char *data_dir)
{
    char     dir[PATH_MAX], key[PATH_MAX], tmp[PATH_MAX];
    uint8_t  secret[DUETD_KMS_KEY_BYTES];
    int      fd = -1, dfd = -1, r = -1;

    if (duetd_kms_paths(data_dir, dir, key, tmp, sizeof(dir)) != 0) {
        return -1;
    }
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
        duetd_log_error("cannot create %s: %s", dir, strerror(errno));
        return -1;
    }
    if (access(key, F_OK) == 0) {
        return duetd_kms_file_check(data_dir);
    }

    if (duet_random_bytes(secret, sizeof(secret)) != 0) {
        duetd_log_error("the CSPRNG failed");
        goto out;
    }
    (void) unlink(tmp);
    fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        duetd_log_error("cannot create %s: %s", tmp, strerror(errno));
        goto out;
    }
    if (duetd_write_all(fd, secret, sizeof(secret)) != 0 || fsync(fd) != 0) {
        duetd_log_error("cannot write %s: %s", tmp, strerror(errno));
        goto out;
    }
    if (close(fd) != 0) {
        fd = -1;
        duetd_log_error("cannot write %s: %s", tmp, strerror(errno));
        goto out;
    }
    fd = -1;
    /* link() rather than rename(): never replace a key that appeared since. */
    if (link(tmp, key) != 0) {
        duetd_log_error("cannot create %s: %s", key, strerror(errno));
        goto out;
    }
    dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0 || fsync(dfd) != 0) {
        duetd_log_error("cannot sync %s: %s", dir, strerror(errno));
        goto out;
    }
    duetd_log_info("created a new KMS master key in %s", dir);
    r = 0;
out:
    duet_memclear(secret, sizeof(secret));
    if (fd >= 0) {
        close(fd);
    }
    if (dfd >= 0) {
        close(dfd);
    }
    (void) unlink(tmp);
    return r;
}


int
duetd_kms_file_check(const char *data_dir)
{
    char         dir[PATH_MAX], key[PATH_MAX], tmp[PATH_MAX];
    struct stat  st;

    if (duetd_kms_paths(data_dir, dir, key, tmp, sizeof(dir)) != 0) {
        return -1;
    }
    if (lstat(key, &st) != 0) {
        duetd_log_error("KMS key %s: %s", key, strerror(errno));
        return -1;
    }
    if (!S_ISREG(st.st_mode) || st.st_size != DUETD_KMS_KEY_BYTES) {
        duetd_log_error("KMS key %s is not a %d-byte regular file", key,
                        DUETD_KMS_KEY_BYTES);
        return -1;
    }
    if ((st.st_mode & 077) != 0 || st.st_uid != geteuid()) {
        duetd_log_error("KMS key %s must be owned by uid %ld with mode 0600",
                        key, (long) geteuid());
        return -1;
    }
    return 0;
}
