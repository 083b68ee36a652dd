/*
 * home.c -- see home.h.
 *
 * The home is refused when group or others have any access to it, as ssh
 * refuses ~/.ssh keys: the API key files and the share files inside are
 * secrets, and a directory others may enter lets them read what a
 * careless umask left readable.  The subdirectories need no check of
 * their own once the home itself is closed.
 */

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "duet_eth.h"
#include "duet_util.h"
#include "home.h"

#define DUET_HOME_DEFAULT_DIR   ".duet"
#define DUET_HOME_DEFAULT_FILE  "default"
#define DUET_PROFILE_FILE_MAX   65536
#define DUET_PROFILE_LINE_MAX   (DUET_HOME_PATH_MAX + 64)
#define DUET_ATOMIC_TRIES       16
#define DUET_PROFILE_TEXT_MAX   (4 * DUET_HOME_PATH_MAX + 1024)

static const char  *duet_home_subdirs[] = { "profiles", "shares",
    "api-keys" };


static void
duet_home_err(char *err, size_t errlen, const char *fmt, ...)
{
    va_list  ap;

    if (err == NULL || errlen == 0) {
        return;
    }
    va_start(ap, fmt);
    (void) vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}


/* "dir/name" into out; -1 (ENAMETOOLONG) when it does not fit. */
static int
duet_home_path(char *out, size_t size, const char *dir, const char *name)
{
    int  n;

    n = snprintf(out, size, "%s/%s", dir, name);
    if (n < 0 || (size_t) n >= size) {
        errno = ENAMETOOLONG;
        return -1;
    }

    return 0;
}


/*
 * A file or directory only its owner (this user) may use: st describes
 * it.  Returns 0, or -1 with err and errno EPERM.
 */
static int
duet_home_private(const struct stat *st, const char *path, char *err,
    size_t errlen)
{
    if (st->st_uid != geteuid()) {
        duet_home_err(err, errlen, "%s is owned by uid %lu, not by this "
            "user", path, (unsigned long) st->st_uid);
        errno = EPERM;
        return -1;
    }
    if ((st->st_mode & 077) != 0) {
        duet_home_err(err, errlen, "permissions %04o for %s are too open: "
            "group and others must have no access (chmod %s %s)",
            (unsigned) (st->st_mode & 07777), path,
            S_ISDIR(st->st_mode) ? "700" : "600", path);
        errno = EPERM;
        return -1;
    }

    return 0;
}


int
duet_home_open(struct duet_home *h, int create, char *err, size_t errlen)
{
    const char     *env, *base;
    struct passwd  *pw;
    struct stat     st;
    char            sub[DUET_HOME_PATH_MAX];
    size_t          i;
    int             n;

    memset(h, 0, sizeof(*h));

    env = getenv("DUET_HOME");
    if (env != NULL && env[0] != '\0') {
        n = snprintf(h->dir, sizeof(h->dir), "%s", env);
    } else {
        base = getenv("HOME");
        if (base == NULL || base[0] == '\0') {
            pw = getpwuid(geteuid());
            if (pw == NULL || pw->pw_dir == NULL) {
                duet_home_err(err, errlen, "no home directory: set "
                    "DUET_HOME or HOME");
                return -1;
            }
            base = pw->pw_dir;
        }
        n = snprintf(h->dir, sizeof(h->dir), "%s/%s", base,
            DUET_HOME_DEFAULT_DIR);
    }
    if (n < 0 || (size_t) n >= sizeof(h->dir) - 2 * DUET_PROFILE_NAME_MAX) {
        duet_home_err(err, errlen, "the duet home path is too long");
        return -1;
    }
    if (h->dir[0] != '/') {
        duet_home_err(err, errlen, "the duet home %s is not an absolute "
            "path", h->dir);
        return -1;
    }
    /* "/x/" and "/x" name the same home; keep one spelling. */
    while (n > 1 && h->dir[n - 1] == '/') {
        h->dir[--n] = '\0';
    }

    if (create && mkdir(h->dir, 0700) == -1 && errno != EEXIST) {
        duet_home_err(err, errlen, "cannot create %s: %s", h->dir,
            strerror(errno));
        return -1;
    }
    if (stat(h->dir, &st) == -1) {
        duet_home_err(err, errlen, "%s: %s%s", h->dir, strerror(errno),
            errno == ENOENT ? " (run duet init first)" : "");
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        duet_home_err(err, errlen, "%s is not a directory", h->dir);
        return -1;
    }
    if (duet_home_private(&st, h->dir, err, errlen) == -1) {
        return -1;
    }

    for (i = 0; i < sizeof(duet_home_subdirs) / sizeof(duet_home_subdirs[0]);
         i++)
    {
        if (duet_home_path(sub, sizeof(sub), h->dir, duet_home_subdirs[i])
            == -1)
        {
            duet_home_err(err, errlen, "the duet home path is too long");
            return -1;
        }
        if (create && mkdir(sub, 0700) == -1 && errno != EEXIST) {
            duet_home_err(err, errlen, "cannot create %s: %s", sub,
                strerror(errno));
            return -1;
        }
        if (!create) {
            continue;
        }
        if (stat(sub, &st) == -1 || !S_ISDIR(st.st_mode)) {
            duet_home_err(err, errlen, "%s is not a directory", sub);
            return -1;
        }
    }

    return 0;
}


int
duet_profile_name_ok(const char *name)
{
    size_t  i;

    if (name == NULL || !((name[0] >= 'a' && name[0] <= 'z')
                          || (name[0] >= '0' && name[0] <= '9')))
    {
        return 0;
    }
    for (i = 1; name[i] != '\0'; i++) {
        if (i >= DUET_PROFILE_NAME_MAX) {
            return 0;
        }
        if (!((name[i] >= 'a' && name[i] <= 'z')
              || (name[i] >= '0' && name[i] <= '9')
              || name[i] == '_' || name[i] == '-'))
        {
            return 0;
        }
    }

    return 1;
}


/* A lower-case UUID, 8-4-4-4-12. */
static int
duet_home_uuid_ok(const char *s)
{
    size_t  i;

    if (strlen(s) != 36) {
        return 0;
    }
    for (i = 0; i < 36; i++) {
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


/* Printable ASCII, no spaces: a URL or a path as we accept them. */
static int
duet_home_word_ok(const char *s)
{
    for (; *s != '\0'; s++) {
        if (*s <= ' ' || *s > '~') {
            return 0;
        }
    }

    return 1;
}


/*
 * Check the fields of p, the name excepted; returns NULL or what is
 * wrong (a static string).
 */
static const char *
duet_profile_check(const struct duet_profile *p)
{
    uint8_t  addr[DUET_ETH_ADDRESS_BYTES];
    size_t   i;

    if ((strncmp(p->server, "https://", 8) != 0
         && strncmp(p->server, "http://", 7) != 0)
        || !duet_home_word_ok(p->server))
    {
        return "server: not an http:// or https:// URL";
    }
    if (!duet_home_word_ok(p->ca_file)) {
        return "ca_file: not a path";
    }
    if (!duet_home_uuid_ok(p->signer_id)) {
        return "signer_id: not a lower-case UUID";
    }
    if (duet_eth_address_parse(addr, p->address, strlen(p->address)) != 0) {
        return "address: not an Ethereum address (0x, 40 hex digits, "
            "EIP-55 checksum when mixed case)";
    }
    if (p->level != 112 && p->level != 128) {
        return "level: not 112 or 128";
    }
    for (i = 0; p->network[i] != '\0'; i++) {
        if (!((p->network[i] >= 'a' && p->network[i] <= 'z')
              || (p->network[i] >= '0' && p->network[i] <= '9')
              || p->network[i] == '_' || p->network[i] == '-'))
        {
            return "network: not a network name ([a-z0-9_-])";
        }
    }
    if (p->api_key_file[0] == '\0' || !duet_home_word_ok(p->api_key_file)) {
        return "api_key_file: not a path";
    }
    if (p->share_file[0] == '\0' || !duet_home_word_ok(p->share_file)) {
        return "share_file: not a path";
    }

    return NULL;
}


/* Store a value: relative paths under the home when dir is set. */
static int
duet_profile_set(char *field, size_t size, const char *value,
    const char *dir)
{
    int  n;

    if (dir != NULL && value[0] != '/' && value[0] != '\0') {
        n = snprintf(field, size, "%s/%s", dir, value);
    } else {
        n = snprintf(field, size, "%s", value);
    }

    return (n < 0 || (size_t) n >= size) ? -1 : 0;
}


/*
 * Parse a profile held in buf (len bytes; NULs refused) into p; label
 * names the file in errors.  dir is the home that relative paths are
 * under.  The share and API key files default to shares/<name>.share
 * and api-keys/<name>.key.  Returns 0, or -1 with err "label:line: ...".
 * The fuzz harness (tests/fuzz/fuzz-cli-profile.c) includes this file
 * to reach it.
 */
static int
duet_profile_parse(const char *label, const char *name, const char *buf,
    size_t len, const char *dir, struct duet_profile *p, char *err,
    size_t errlen)
{
    static const char  *keys[] = { "server", "ca_file", "signer_id",
        "address", "level", "network", "api_key_file", "share_file" };
    char                line[DUET_PROFILE_LINE_MAX], def[128];
    char               *key, *value, *end;
    const char         *why, *nl;
    unsigned            seen = 0;
    size_t              i, n, lineno = 0, off = 0;
    long                lv;
    int                 rc;

    memset(p, 0, sizeof(*p));
    if (!duet_profile_name_ok(name)) {
        duet_home_err(err, errlen, "%s: not a valid profile name", label);
        return -1;
    }
    (void) snprintf(p->name, sizeof(p->name), "%s", name);
    if (memchr(buf, '\0', len) != NULL) {
        duet_home_err(err, errlen, "%s: contains a NUL byte", label);
        return -1;
    }

    while (off < len) {
        lineno++;
        nl = memchr(buf + off, '\n', len - off);
        n = (nl != NULL ? (size_t) (nl - buf) : len) - off;
        if (n >= sizeof(line)) {
            duet_home_err(err, errlen, "%s:%zu: line too long", label,
                lineno);
            return -1;
        }
        memcpy(line, buf + off, n);
        line[n] = '\0';
        off += n + (nl != NULL);

        for (i = 0; i < n; i++) {
            if ((unsigned char) line[i] < ' ' && line[i] != '\t') {
                duet_home_err(err, errlen, "%s:%zu: control character",
                    label, lineno);
                return -1;
            }
        }
        key = line + strspn(line, " \t");
        if (*key == '\0' || *key == '#') {
            continue;
        }
        value = strchr(key, '=');
        if (value == NULL) {
            duet_home_err(err, errlen, "%s:%zu: expected key = value",
                label, lineno);
            return -1;
        }
        end = value;
        *value++ = '\0';
        while (end > key && (end[-1] == ' ' || end[-1] == '\t')) {
            *--end = '\0';
        }
        value += strspn(value, " \t");
        end = value + strlen(value);
        while (end > value && (end[-1] == ' ' || end[-1] == '\t')) {
            *--end = '\0';
        }

        for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
            if (strcmp(key, keys[i]) == 0) {
                break;
            }
        }
        if (i == sizeof(keys) / sizeof(keys[0])) {
            duet_home_err(err, errlen, "%s:%zu: unknown key \"%.32s\"",
                label, lineno, key);
            return -1;
        }
        if (seen & (1u << i)) {
            duet_home_err(err, errlen, "%s:%zu: %s given twice", label,
                lineno, key);
            return -1;
        }
        seen |= 1u << i;

        switch (i) {
        case 0:
            rc = duet_profile_set(p->server, sizeof(p->server), value, NULL);
            break;
        case 1:
            rc = duet_profile_set(p->ca_file, sizeof(p->ca_file), value, dir);
            break;
        case 2:
            rc = duet_profile_set(p->signer_id, sizeof(p->signer_id), value,
                NULL);
            break;
        case 3:
            rc = duet_profile_set(p->address, sizeof(p->address), value,
                NULL);
            break;
        case 4:
            errno = 0;
            lv = strtol(value, &end, 10);
            rc = (errno != 0 || end == value || *end != '\0'
                  || (lv != 112 && lv != 128)) ? -1 : 0;
            p->level = (int) lv;
            break;
        case 5:
            rc = duet_profile_set(p->network, sizeof(p->network), value,
                NULL);
            break;
        case 6:
            rc = duet_profile_set(p->api_key_file, sizeof(p->api_key_file),
                value, dir);
            break;
        default:
            rc = duet_profile_set(p->share_file, sizeof(p->share_file),
                value, dir);
            break;
        }
        if (rc == -1) {
            duet_home_err(err, errlen, "%s:%zu: %s: bad or too long value",
                label, lineno, key);
            return -1;
        }
    }

    for (i = 0; i < 5; i++) {
        if (i != 1 && !(seen & (1u << i))) {
            duet_home_err(err, errlen, "%s: %s missing", label, keys[i]);
            return -1;
        }
    }
    if (!(seen & (1u << 6))) {
        (void) snprintf(def, sizeof(def), "api-keys/%s.key", name);
        if (duet_profile_set(p->api_key_file, sizeof(p->api_key_file), def,
                dir) == -1)
        {
            duet_home_err(err, errlen, "%s: path too long", label);
            return -1;
        }
    }
    if (!(seen & (1u << 7))) {
        (void) snprintf(def, sizeof(def), "shares/%s.share", name);
        if (duet_profile_set(p->share_file, sizeof(p->share_file), def,
                dir) == -1)
        {
            duet_home_err(err, errlen, "%s: path too long", label);
            return -1;
        }
    }
    if ((why = duet_profile_check(p)) != NULL) {
        duet_home_err(err, errlen, "%s: %s", label, why);
        return -1;
    }

    return 0;
}


/* The default profile's name into out; -1 with errno (ENOENT: none). */
static int
duet_home_default(const struct duet_home *h, char *out, size_t size)
{
    char      path[DUET_HOME_PATH_MAX];
    uint8_t  *data = NULL;
    size_t    len;
    int       r = -1;

    if (duet_home_path(path, sizeof(path), h->dir, DUET_HOME_DEFAULT_FILE)
        == -1)
    {
        return -1;
    }
    if (duet_read_file(path, DUET_PROFILE_NAME_MAX + 2, &data, &len) == -1) {
        return -1;
    }
    if (len > 0 && data[len - 1] == '\n') {
        data[--len] = '\0';
    }
    if (!duet_profile_name_ok((char *) data) || len + 1 > size) {
        errno = EINVAL;
        goto out;
    }
    memcpy(out, data, len + 1);
    r = 0;

out:
    free(data);
    return r;
}


int
duet_profile_load(const struct duet_home *h, const char *name,
    struct duet_profile *p, char *err, size_t errlen)
{
    char      def[DUET_PROFILE_NAME_MAX + 1], path[DUET_HOME_PATH_MAX];
    uint8_t  *data = NULL;
    size_t    len;
    int       r = -1;

    memset(p, 0, sizeof(*p));
    if (name == NULL) {
        if (duet_home_default(h, def, sizeof(def)) == -1) {
            if (errno == ENOENT) {
                duet_home_err(err, errlen, "no default profile in %s: run "
                    "duet init, or name one", h->dir);
            } else {
                duet_home_err(err, errlen, "%s/%s: %s", h->dir,
                    DUET_HOME_DEFAULT_FILE, errno == EINVAL
                    ? "not a profile name" : strerror(errno));
            }
            return -1;
        }
        name = def;
    }
    if (!duet_profile_name_ok(name)) {
        duet_home_err(err, errlen, "\"%.64s\" is not a profile name "
            "([a-z0-9][a-z0-9_-]*, at most %d)", name,
            DUET_PROFILE_NAME_MAX);
        return -1;
    }
    if (snprintf(path, sizeof(path), "%s/profiles/%s.conf", h->dir, name)
        >= (int) sizeof(path))
    {
        duet_home_err(err, errlen, "profile path too long");
        return -1;
    }
    if (duet_read_file(path, DUET_PROFILE_FILE_MAX, &data, &len) == -1) {
        duet_home_err(err, errlen, "%s: %s%s", path, strerror(errno),
            errno == ENOENT ? " (no such profile)" : "");
        return -1;
    }
    if (duet_profile_parse(path, name, (char *) data, len, h->dir, p, err,
            errlen) == -1)
    {
        goto out;
    }
    r = 0;

out:
    free(data);
    return r;
}


/* A path under the home is written relative to it. */
static const char *
duet_home_rel(const struct duet_home *h, const char *path)
{
    size_t  n = strlen(h->dir);

    /* Not "home//x": its tail "/x" would read back as another path. */
    if (strncmp(path, h->dir, n) == 0 && path[n] == '/'
        && path[n + 1] != '\0' && path[n + 1] != '/')
    {
        return path + n + 1;
    }

    return path;
}


/*
 * p as a profile file into text (size bytes), paths under the home
 * relative to it.  Returns the length, or -1 when it does not fit.
 */
static int
duet_profile_format(const struct duet_home *h, const struct duet_profile *p,
    char *text, size_t size)
{
    int  n;

    n = snprintf(text, size,
        "# duet profile %s (written by duet; key = value)\n"
        "server = %s\n"
        "%s%s%s"
        "signer_id = %s\n"
        "address = %s\n"
        "level = %d\n"
        "%s%s%s"
        "api_key_file = %s\n"
        "share_file = %s\n",
        p->name, p->server,
        p->ca_file[0] != '\0' ? "ca_file = " : "",
        p->ca_file[0] != '\0' ? duet_home_rel(h, p->ca_file) : "",
        p->ca_file[0] != '\0' ? "\n" : "",
        p->signer_id, p->address, p->level,
        p->network[0] != '\0' ? "network = " : "", p->network,
        p->network[0] != '\0' ? "\n" : "",
        duet_home_rel(h, p->api_key_file), duet_home_rel(h, p->share_file));

    return (n < 0 || (size_t) n >= size) ? -1 : n;
}


int
duet_profile_save(const struct duet_home *h, const struct duet_profile *p,
    int replace, int make_default, char *err, size_t errlen)
{
    char         path[DUET_HOME_PATH_MAX], def[DUET_PROFILE_NAME_MAX + 1];
    char        *text = NULL;
    const char  *why;
    size_t       size;
    int          n, r = -1;

    if (!duet_profile_name_ok(p->name)) {
        duet_home_err(err, errlen, "\"%.64s\" is not a profile name "
            "([a-z0-9][a-z0-9_-]*, at most %d)", p->name,
            DUET_PROFILE_NAME_MAX);
        return -1;
    }
    if ((why = duet_profile_check(p)) != NULL) {
        duet_home_err(err, errlen, "profile %s: %s", p->name, why);
        return -1;
    }
    if (snprintf(path, sizeof(path), "%s/profiles/%s.conf", h->dir, p->name)
        >= (int) sizeof(path))
    {
        duet_home_err(err, errlen, "profile path too long");
        return -1;
    }

    size = DUET_PROFILE_TEXT_MAX;
    if ((text = malloc(size)) == NULL) {
        duet_home_err(err, errlen, "out of memory");
        return -1;
    }
    n = duet_profile_format(h, p, text, size);
    if (n < 0) {
        duet_home_err(err, errlen, "profile too long");
        goto out;
    }
    if (duet_write_atomic(path, text, (size_t) n, 0600, !replace) == -1) {
        duet_home_err(err, errlen, "%s: %s%s", path, strerror(errno),
            errno == EEXIST ? " (the profile exists)" : "");
        goto out;
    }

    if (!make_default && duet_home_default(h, def, sizeof(def)) == 0) {
        r = 0;
        goto out;
    }
    if (duet_home_path(path, sizeof(path), h->dir, DUET_HOME_DEFAULT_FILE)
        == -1)
    {
        duet_home_err(err, errlen, "default path too long");
        goto out;
    }
    n = snprintf(def, sizeof(def), "%s", p->name);
    (void) snprintf(text, size, "%s\n", def);
    if (duet_write_atomic(path, text, (size_t) n + 1, 0600, 0) == -1) {
        duet_home_err(err, errlen, "%s: %s", path, strerror(errno));
        goto out;
    }
    r = 0;

out:
    free(text);
    return r;
}


static int
duet_home_name_cmp(const void *a, const void *b)
{
    return strcmp((const char *) a, (const char *) b);
}


int
duet_profile_list(const struct duet_home *h, char (**names)[65],
    size_t *n, char *default_name, size_t default_size)
{
    char            path[DUET_HOME_PATH_MAX], name[DUET_PROFILE_NAME_MAX + 1];
    char          (*list)[65] = NULL, (*grown)[65];
    DIR            *d = NULL;
    struct dirent  *e;
    size_t          len, count = 0, cap = 0;
    int             r = -1;

    *names = NULL;
    *n = 0;
    if (default_name != NULL && default_size > 0) {
        default_name[0] = '\0';
        if (duet_home_default(h, name, sizeof(name)) == 0
            && strlen(name) < default_size)
        {
            memcpy(default_name, name, strlen(name) + 1);
        }
    }
    if (duet_home_path(path, sizeof(path), h->dir, "profiles") == -1) {
        return -1;
    }
    if ((d = opendir(path)) == NULL) {
        return -1;
    }
    for (;;) {
        errno = 0;
        if ((e = readdir(d)) == NULL) {
            if (errno != 0) {
                goto out;
            }
            break;
        }
        len = strlen(e->d_name);
        if (len <= 5 || len - 5 > DUET_PROFILE_NAME_MAX
            || strcmp(e->d_name + len - 5, ".conf") != 0)
        {
            continue;
        }
        memcpy(name, e->d_name, len - 5);
        name[len - 5] = '\0';
        if (!duet_profile_name_ok(name)) {
            continue;
        }
        if (count == cap) {
            cap = cap == 0 ? 8 : 2 * cap;
            if ((grown = realloc(list, cap * sizeof(*list))) == NULL) {
                goto out;
            }
            list = grown;
        }
        memcpy(list[count++], name, len - 4);
    }
    if (count > 0) {
        qsort(list, count, sizeof(*list), duet_home_name_cmp);
    }
    *names = list;
    *n = count;
    list = NULL;
    r = 0;

out:
    free(list);
    (void) closedir(d);
    return r;
}


static int
duet_write_all(int fd, const uint8_t *p, size_t len)
{
    ssize_t  w;

    while (len > 0) {
        w = write(fd, p, len);
        if (w == -1) {
            if (errno == EINTR) {
                continue;
            }
            return -1;
        }
        p += w;
        len -= (size_t) w;
    }

    return 0;
}


int
duet_write_atomic(const char *path, const void *data, size_t len,
    mode_t mode, int excl)
{
    char      tmp[DUET_HOME_PATH_MAX], dir[DUET_HOME_PATH_MAX];
    char     *slash;
    uint32_t  rnd;
    int       fd = -1, dfd = -1, made = 0, saved, tries, n, r = -1;

    if (strlen(path) >= sizeof(dir)) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(dir, path, strlen(path) + 1);
    slash = strrchr(dir, '/');
    if (slash == NULL) {
        (void) snprintf(dir, sizeof(dir), ".");
    } else if (slash == dir) {
        dir[1] = '\0';
    } else {
        *slash = '\0';
    }

    for (tries = 0; tries < DUET_ATOMIC_TRIES; tries++) {
        if (duet_random_bytes(&rnd, sizeof(rnd)) != 0) {
            errno = EIO;
            goto out;
        }
        n = snprintf(tmp, sizeof(tmp), "%s.tmp-%ld-%08x", path,
            (long) getpid(), (unsigned) rnd);
        if (n < 0 || (size_t) n >= sizeof(tmp)) {
            errno = ENAMETOOLONG;
            goto out;
        }
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
            mode);
        if (fd != -1 || errno != EEXIST) {
            break;
        }
    }
    if (fd == -1) {
        goto out;
    }
    made = 1;
    /* open's mode went through the umask; the file must have exactly mode. */
    if (fchmod(fd, mode) == -1
        || duet_write_all(fd, data, len) == -1
        || fsync(fd) == -1)
    {
        goto out;
    }
    n = close(fd);
    fd = -1;
    if (n == -1) {
        goto out;
    }

    if (excl) {
        /* link fails with EEXIST rather than replace what is there. */
        if (link(tmp, path) == -1) {
            goto out;
        }
        (void) unlink(tmp);
    } else if (rename(tmp, path) == -1) {
        goto out;
    }
    made = 0;

    if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1
        || fsync(dfd) == -1)
    {
        goto out;
    }
    r = 0;

out:
    saved = errno;
    if (fd != -1) {
        (void) close(fd);
    }
    if (dfd != -1) {
        (void) close(dfd);
    }
    if (made) {
        (void) unlink(tmp);
    }
    errno = saved;
    return r;
}


/* Read fd whole (at most max bytes) into a malloc'd NUL-terminated copy. */
static int
duet_read_fd(int fd, size_t max, uint8_t **data, size_t *len)
{
    struct stat  st;
    uint8_t     *buf;
    size_t       size, got = 0;
    ssize_t      rd;

    if (fstat(fd, &st) == -1) {
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        errno = EINVAL;
        return -1;
    }
    if ((unsigned long long) st.st_size > max) {
        errno = EFBIG;
        return -1;
    }
    /* One byte more than the size, to see a file growing under us. */
    size = (size_t) st.st_size + 1;
    if ((buf = malloc(size + 1)) == NULL) {
        return -1;
    }
    for (;;) {
        rd = read(fd, buf + got, size - got);
        if (rd == -1 && errno == EINTR) {
            continue;
        }
        if (rd == -1) {
            duet_memclear(buf, size + 1);
            free(buf);
            return -1;
        }
        if (rd == 0) {
            break;
        }
        got += (size_t) rd;
        if (got == size) {
            duet_memclear(buf, size + 1);
            free(buf);
            errno = EAGAIN;
            return -1;
        }
    }
    buf[got] = '\0';
    *data = buf;
    *len = got;

    return 0;
}


int
duet_read_file(const char *path, size_t max, uint8_t **data, size_t *len)
{
    int  fd, saved, r;

    *data = NULL;
    *len = 0;
    if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
        return -1;
    }
    r = duet_read_fd(fd, max, data, len);
    saved = errno;
    (void) close(fd);
    errno = saved;

    return r;
}


int
duet_read_private_file(const char *path, size_t max, uint8_t **data,
    size_t *len, char *err, size_t errlen)
{
    struct stat  st;
    int          fd, saved, r = -1;

    *data = NULL;
    *len = 0;
    if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
        duet_home_err(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    if (fstat(fd, &st) == -1) {
        duet_home_err(err, errlen, "%s: %s", path, strerror(errno));
        goto out;
    }
    if (duet_home_private(&st, path, err, errlen) == -1) {
        goto out;
    }
    if (duet_read_fd(fd, max, data, len) == -1) {
        duet_home_err(err, errlen, "%s: %s", path, errno == EFBIG
            ? "too large" : strerror(errno));
        goto out;
    }
    r = 0;

out:
    saved = errno;
    (void) close(fd);
    errno = saved;
    return r;
}
