/*
 * kms-t.c -- the KMS (fcgi_app/kms*.c).
 *
 * The local-file backend runs for real in a temp directory: round trips,
 * the envelope's binding to the object name and to the master key,
 * tampering, refusals of malformed key files (with their log lines),
 * modes, no plaintext on disk, concurrent stores of one name.
 *
 * The Vault backend runs against tests/fcgi/vault-kv2-double.py, a TEST
 * DOUBLE of Vault's KV v2 HTTP API started here with /usr/bin/python3
 * (not a real Vault: none can run on the build machines).  Where
 * python3-hvac is installed, hvac -- an independent client -- is run
 * against the same double and must agree with ours.
 *
 * Built as vault-real-t (DUET_KMS_T_REAL_VAULT), it runs the Vault round
 * trip against a real Vault at DUET_TEST_VAULT_ADDR with the token in
 * DUET_TEST_VAULT_TOKEN, and reports itself skipped when they are unset.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <netinet/in.h>

#include <curl/curl.h>
#include <json-c/json.h>

#include "basic.h"
#include "duet_util.h"
#include "kms.h"

#define PYTHON  "/usr/bin/python3"

static char      *tmp;
static uint64_t   rng_state;


/* ---- helpers --------------------------------------------------------- */

static void
rng_fill(uint8_t *p, size_t n)
{
    size_t  i;

    for (i = 0; i < n; i++) {
        rng_state ^= rng_state << 13;
        rng_state ^= rng_state >> 7;
        rng_state ^= rng_state << 17;
        p[i] = (uint8_t) (rng_state >> 24);
    }
}


/* a, sep and b joined, malloc'd. */
static char *
path_of(const char *a, const char *sep, const char *b)
{
    char  *p;
    int    n;

    n = snprintf(NULL, 0, "%s%s%s", a, sep, b);
    p = bmalloc((size_t) n + 1);
    snprintf(p, (size_t) n + 1, "%s%s%s", a, sep, b);
    return p;
}


static void
write_file(const char *path, const void *p, size_t n, mode_t mode)
{
    int  fd;

    (void) unlink(path);
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
    if (fd < 0 || write(fd, p, n) != (ssize_t) n || fchmod(fd, mode) != 0
        || close(fd) != 0)
    {
        sysbail("write %s", path);
    }
}


static uint8_t *
read_whole(const char *path, size_t *len)
{
    struct stat  st;
    uint8_t     *p;
    int          fd;

    fd = open(path, O_RDONLY);
    if (fd < 0 || fstat(fd, &st) != 0) {
        sysbail("read %s", path);
    }
    p = bmalloc((size_t) st.st_size + 1);
    if (read(fd, p, (size_t) st.st_size) != st.st_size) {
        sysbail("read %s", path);
    }
    p[st.st_size] = 0;
    close(fd);
    *len = (size_t) st.st_size;
    return p;
}


/* Capture what the code under test logs to stderr. */
static int   cap_saved = -1;
static char *cap_path;


static void
cap_begin(void)
{
    int  fd;

    fflush(stderr);
    cap_path = path_of(tmp, "/", "stderr.log");
    fd = open(cap_path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    cap_saved = dup(STDERR_FILENO);
    if (fd < 0 || cap_saved < 0 || dup2(fd, STDERR_FILENO) < 0) {
        sysbail("capture stderr");
    }
    close(fd);
}


/* Returns what was logged (also echoed as diagnostics); free it. */
static char *
cap_end(void)
{
    uint8_t  *p;
    size_t    n;

    fflush(stderr);
    if (dup2(cap_saved, STDERR_FILENO) < 0) {
        sysbail("restore stderr");
    }
    close(cap_saved);
    p = read_whole(cap_path, &n);
    unlink(cap_path);
    free(cap_path);
    if (n > 0) {
        diag("logged: %s", (char *) p);
    }
    return (char *) p;
}


/* ---- the shared object checks (both backends) ------------------------ */

static void
check_round_trips(struct duetd_kms *k, const char *tag)
{
    static const size_t  sizes[] = {
        0, 1, 15, 16, 17, 32, 1000, 4096, 65537, DUETD_KMS_OBJECT_MAX
    };
    uint8_t  *in, *out;
    size_t    i, len;
    char      name[64];
    int       rc;

    in = bmalloc(DUETD_KMS_OBJECT_MAX);
    for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        rng_fill(in, sizes[i]);
        snprintf(name, sizeof(name), "signers/rt-%zu", sizes[i]);
        is_int(DUETD_KMS_OK, duetd_kms_store(k, name, in, sizes[i]),
               "%s: store %zu bytes", tag, sizes[i]);
        out = NULL;
        rc = duetd_kms_load(k, name, &out, &len);
        is_int(DUETD_KMS_OK, rc, "%s: load %zu bytes", tag, sizes[i]);
        ok(rc == 0 && out != NULL && len == sizes[i]
           && memcmp(in, out, len) == 0, "%s: %zu bytes come back intact",
           tag, sizes[i]);
        duetd_kms_free(out, len);
    }
    free(in);
}


static void
check_exists_missing_delete(struct duetd_kms *k, const char *tag,
    int delete_reports_missing)
{
    uint8_t  *out = (uint8_t *) "x";
    size_t    len = 7;

    is_int(DUETD_KMS_OK, duetd_kms_store(k, "signers/dup",
                                         (const uint8_t *) "first", 5),
           "%s: store a new name", tag);
    is_int(DUETD_KMS_EXISTS, duetd_kms_store(k, "signers/dup",
                                             (const uint8_t *) "second", 6),
           "%s: a second store of the name is EXISTS", tag);
    ok(duetd_kms_load(k, "signers/dup", &out, &len) == DUETD_KMS_OK
       && len == 5 && memcmp(out, "first", 5) == 0,
       "%s: and the first data stays", tag);
    duetd_kms_free(out, len);

    out = (uint8_t *) "x";
    is_int(DUETD_KMS_NOT_FOUND,
           duetd_kms_load(k, "signers/missing", &out, &len),
           "%s: load of a missing name is NOT_FOUND", tag);
    ok(out == NULL && len == 0, "%s: with no buffer", tag);

    is_int(DUETD_KMS_OK, duetd_kms_delete(k, "signers/dup"),
           "%s: delete", tag);
    is_int(DUETD_KMS_NOT_FOUND, duetd_kms_load(k, "signers/dup", &out, &len),
           "%s: a deleted name is NOT_FOUND", tag);
    is_int(delete_reports_missing ? DUETD_KMS_NOT_FOUND : DUETD_KMS_OK,
           duetd_kms_delete(k, "signers/dup"),
           "%s: delete of a missing name is %s", tag,
           delete_reports_missing ? "NOT_FOUND" : "OK (Vault answers 204)");
    is_int(DUETD_KMS_OK, duetd_kms_store(k, "signers/dup",
                                         (const uint8_t *) "again", 5),
           "%s: the name can be stored again after delete", tag);
    ok(duetd_kms_load(k, "signers/dup", &out, &len) == DUETD_KMS_OK
       && len == 5 && memcmp(out, "again", 5) == 0,
       "%s: with the new data", tag);
    duetd_kms_free(out, len);
    is_int(DUETD_KMS_OK, duetd_kms_delete(k, "signers/dup"),
           "%s: delete again", tag);
}


static void
check_bad_names(struct duetd_kms *k, const char *tag)
{
    static const char *const  bad[] = {
        "", "signers", "signers/", "/x", "Signers/x", "signers/../x",
        "../x/y", "signers/a/b", "signers/a.json", "signers/a b",
        "signers/.", "signers/..", "sign3rs/x", "signers//x",
        "signers/0123456789012345678901234567890123456789012345678901234567"
        "890123456789"
    };
    static const char  id64[] = "kind/0123456789012345678901234567890123"
                                "456789012345678901234567890123";
    uint8_t  *out;
    size_t    i, len;
    char     *log;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        cap_begin();
        ok(duetd_kms_store(k, bad[i], (const uint8_t *) "x", 1)
           == DUETD_KMS_ERROR
           && duetd_kms_load(k, bad[i], &out, &len) == DUETD_KMS_ERROR
           && duetd_kms_delete(k, bad[i]) == DUETD_KMS_ERROR,
           "%s: the name \"%s\" is refused", tag, bad[i]);
        log = cap_end();
        ok(strstr(log, "malformed KMS object name") != NULL,
           "%s: and the refusal is logged", tag);
        free(log);
    }
    cap_begin();
    ok(duetd_kms_store(k, "signers/too-big", (const uint8_t *) tmp,
                       DUETD_KMS_OBJECT_MAX + 1) == DUETD_KMS_ERROR,
       "%s: an object over DUETD_KMS_OBJECT_MAX is refused", tag);
    free(cap_end());
    ok(duetd_kms_store(k, id64, (const uint8_t *) "x", 1) == DUETD_KMS_OK,
       "%s: a 64-character id is accepted", tag);
    is_int(DUETD_KMS_OK, duetd_kms_delete(k, id64), "%s: and deleted", tag);
}


static char *
token_file(const char *name, const char *text, mode_t mode)
{
    char  *p;

    p = path_of(tmp, "/", name);
    write_file(p, text, strlen(text), mode);
    return p;
}


static void
cfg_vault(struct duetd_config *cfg, const char *addr, const char *token)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->data_dir = tmp;
    cfg->kms_backend = DUETD_KMS_VAULT;
    cfg->vault_addr = addr;
    cfg->vault_token_file = token;
    cfg->vault_prefix = "duet";
    cfg->vault_timeout = 5;
}



#ifndef DUET_KMS_T_REAL_VAULT

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void) st;
    (void) ftw;
    if (flag == FTW_DP) {
        return rmdir(path);
    }
    return unlink(path);
}


static void
rm_rf(const char *path)
{
    (void) nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}


/* Where a byte string occurs in the files below a directory. */
static const uint8_t  *scan_needle;
static size_t          scan_len;
static int             scan_hits;
static int             scan_files;


static int
scan_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    uint8_t  *p;
    size_t    n;

    (void) ftw;
    if (flag != FTW_F || !S_ISREG(st->st_mode)) {
        return 0;
    }
    scan_files++;
    p = read_whole(path, &n);
    if (n >= scan_len && memmem(p, n, scan_needle, scan_len) != NULL) {
        scan_hits++;
        diag("found in %s", path);
    }
    free(p);
    return 0;
}


static int
scan_dir(const char *dir, const void *needle, size_t len)
{
    scan_needle = needle;
    scan_len = len;
    scan_hits = 0;
    scan_files = 0;
    if (nftw(dir, scan_one, 16, FTW_PHYS) != 0) {
        sysbail("scan %s", dir);
    }
    return scan_hits;
}


static void
cfg_file(struct duetd_config *cfg, const char *data_dir, const char *kms_dir)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->data_dir = data_dir;
    cfg->kms_backend = DUETD_KMS_FILE;
    cfg->kms_dir = kms_dir;
}


static int
mode_of(const char *path)
{
    struct stat  st;

    return lstat(path, &st) == 0 ? (int) (st.st_mode & 07777) : -1;
}


/* ---- local-file backend --------------------------------------------- */

static char *
envelope_set(const char *text, const char *member, const char *sub,
    struct json_object *value)
{
    struct json_object  *o, *d;
    char                *s;

    o = json_tokener_parse(text);
    if (o == NULL) {
        bail("cannot parse an envelope");
    }
    d = o;
    if (sub != NULL && !json_object_object_get_ex(o, sub, &d)) {
        bail("envelope has no %s", sub);
    }
    if (value == NULL) {
        json_object_object_del(d, member);
    } else {
        json_object_object_add(d, member, value);
    }
    s = strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
    json_object_put(o);
    return s;
}


/* Flip one bit of a base64url member, keeping the encoding canonical. */
static char *
envelope_flip(const char *text, const char *member, const char *sub)
{
    struct json_object  *o, *d, *m;
    uint8_t              buf[8192];
    char                 enc[DUET_BASE64URL_ENCODED_SIZE(8192)];
    size_t               n;
    char                *s;

    o = json_tokener_parse(text);
    d = o;
    if (o == NULL || (sub != NULL && !json_object_object_get_ex(o, sub, &d))
        || !json_object_object_get_ex(d, member, &m)
        || duet_base64url_decode(buf, sizeof(buf), &n,
                                 json_object_get_string(m),
                                 (size_t) json_object_get_string_len(m)) != 0
        || n == 0)
    {
        bail("cannot decode envelope member %s", member);
    }
    buf[n / 2] ^= 0x01;
    if (duet_base64url_encode(enc, sizeof(enc), buf, n) != 0) {
        bail("cannot encode");
    }
    json_object_put(o);
    s = envelope_set(text, member, sub, json_object_new_string(enc));
    return s;
}


static void
check_envelope_shape(const char *path, size_t len)
{
    struct json_object  *o, *m, *d;
    uint8_t              *text;
    size_t               n;
    int                  good;

    text = read_whole(path, &n);
    o = json_tokener_parse((char *) text);
    good = o != NULL && json_object_object_length(o) == 6
        && json_object_object_get_ex(o, "v", &m)
        && json_object_get_int(m) == 1
        && json_object_object_get_ex(o, "alg", &m)
        && strcmp(json_object_get_string(m), "A256GCM") == 0
        && json_object_object_get_ex(o, "dek", &d)
        && json_object_object_length(d) == 3
        && json_object_object_get_ex(d, "iv", &m)
        && json_object_get_string_len(m) == 16
        && json_object_object_get_ex(d, "ct", &m)
        && json_object_get_string_len(m) == 43
        && json_object_object_get_ex(d, "tag", &m)
        && json_object_get_string_len(m) == 22
        && json_object_object_get_ex(o, "iv", &m)
        && json_object_get_string_len(m) == 16
        && json_object_object_get_ex(o, "tag", &m)
        && json_object_get_string_len(m) == 22
        && json_object_object_get_ex(o, "ct", &m)
        && (size_t) json_object_get_string_len(m)
           == DUET_BASE64URL_ENCODED_SIZE(len) - 1;
    ok(good, "the envelope is {v:1, alg:A256GCM, dek:{iv,ct,tag}, iv, ct, "
       "tag} with 12-byte IVs, 16-byte tags, a 32-byte wrapped key");
    json_object_put(o);
    free(text);
}


static void
check_tampering(struct duetd_kms *k, const char *kms_dir)
{
    static const struct {
        const char  *member, *sub;
    } flips[] = {
        { "ct", NULL }, { "tag", NULL }, { "iv", NULL },
        { "ct", "dek" }, { "tag", "dek" }, { "iv", "dek" }
    };
    uint8_t   data[100], *out, *orig;
    size_t    i, len, olen;
    char     *path, *bad, *log;

    rng_fill(data, sizeof(data));
    is_int(DUETD_KMS_OK, duetd_kms_store(k, "signers/tamper", data,
                                         sizeof(data)),
           "file: store an object to tamper with");
    path = path_of(kms_dir, "/", "signers/tamper.json");
    orig = read_whole(path, &olen);
    check_envelope_shape(path, sizeof(data));

    for (i = 0; i < sizeof(flips) / sizeof(flips[0]); i++) {
        bad = envelope_flip((char *) orig, flips[i].member, flips[i].sub);
        write_file(path, bad, strlen(bad), 0600);
        cap_begin();
        out = (uint8_t *) "x";
        is_int(DUETD_KMS_CORRUPT,
               duetd_kms_load(k, "signers/tamper", &out, &len),
               "file: one bit flipped in %s%s%s is CORRUPT",
               flips[i].sub ? flips[i].sub : "", flips[i].sub ? "." : "",
               flips[i].member);
        ok(out == NULL, "file: and returns no data");
        log = cap_end();
        ok(strstr(log, "signers/tamper.json") != NULL
           && (strstr(log, "fails to authenticate") != NULL
               || strstr(log, "does not unwrap") != NULL),
           "file: the log names the file and the failure");
        free(log);
        free(bad);
    }

    {
        struct {
            const char  *what;
            char        *text;
        } shapes[] = {
            { "an unknown member",
              envelope_set((char *) orig, "x", NULL, json_object_new_int(1)) },
            { "version 2",
              envelope_set((char *) orig, "v", NULL, json_object_new_int(2)) },
            { "version \"1\"",
              envelope_set((char *) orig, "v", NULL,
                           json_object_new_string("1")) },
            { "another algorithm",
              envelope_set((char *) orig, "alg", NULL,
                           json_object_new_string("A128GCM")) },
            { "a missing tag", envelope_set((char *) orig, "tag", NULL, NULL) },
            { "a wrapped key without its IV",
              envelope_set((char *) orig, "iv", "dek", NULL) },
            { "an unknown member in dek",
              envelope_set((char *) orig, "x", "dek",
                           json_object_new_string("")) },
            { "padded base64",
              envelope_set((char *) orig, "iv", NULL,
                           json_object_new_string("AAAAAAAAAAAAAAAA=")) },
            { "standard base64 characters",
              envelope_set((char *) orig, "iv", NULL,
                           json_object_new_string("AAAAAAAAAAAAAA+/")) },
            { "a 13-byte IV",
              envelope_set((char *) orig, "iv", NULL,
                           json_object_new_string("AAAAAAAAAAAAAAAAAQ")) },
            { "non-canonical base64 (trailing bits)",
              envelope_set((char *) orig, "tag", NULL,
                           json_object_new_string("AAAAAAAAAAAAAAAAAAAAAB")) },
            { "a tag of the wrong type",
              envelope_set((char *) orig, "tag", NULL,
                           json_object_new_int(0)) },
        };
        char  *cut, *trail;

        for (i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
            write_file(path, shapes[i].text, strlen(shapes[i].text), 0600);
            cap_begin();
            is_int(DUETD_KMS_CORRUPT,
                   duetd_kms_load(k, "signers/tamper", &out, &len),
                   "file: an envelope with %s is CORRUPT", shapes[i].what);
            free(cap_end());
            free(shapes[i].text);
        }
        cut = strndup((char *) orig, olen / 2);
        write_file(path, cut, strlen(cut), 0600);
        cap_begin();
        is_int(DUETD_KMS_CORRUPT,
               duetd_kms_load(k, "signers/tamper", &out, &len),
               "file: a truncated envelope is CORRUPT");
        free(cap_end());
        trail = path_of((char *) orig, "", "x");
        write_file(path, trail, strlen(trail), 0600);
        cap_begin();
        is_int(DUETD_KMS_CORRUPT,
               duetd_kms_load(k, "signers/tamper", &out, &len),
               "file: trailing bytes after the envelope are CORRUPT");
        free(cap_end());
        write_file(path, "", 0, 0600);
        cap_begin();
        is_int(DUETD_KMS_CORRUPT,
               duetd_kms_load(k, "signers/tamper", &out, &len),
               "file: an empty envelope file is CORRUPT");
        free(cap_end());
        free(cut);
        free(trail);
    }

    write_file(path, orig, olen, 0600);
    ok(duetd_kms_load(k, "signers/tamper", &out, &len) == DUETD_KMS_OK
       && len == sizeof(data) && memcmp(out, data, len) == 0,
       "file: the untouched envelope still opens");
    duetd_kms_free(out, len);
    free(orig);
    free(path);
}


static void
check_aad(struct duetd_kms *k, const char *kms_dir)
{
    uint8_t  *text, *out;
    size_t    n, len;
    char     *a, *b, *c, *pdir, *log;

    is_int(DUETD_KMS_OK, duetd_kms_store(k, "signers/aad-a",
                                         (const uint8_t *) "bound", 5),
           "file: store signers/aad-a");
    a = path_of(kms_dir, "/", "signers/aad-a.json");
    b = path_of(kms_dir, "/", "signers/aad-b.json");
    pdir = path_of(kms_dir, "/", "primes");
    c = path_of(kms_dir, "/", "primes/aad-a.json");
    text = read_whole(a, &n);
    write_file(b, text, n, 0600);
    cap_begin();
    out = (uint8_t *) "x";
    is_int(DUETD_KMS_CORRUPT, duetd_kms_load(k, "signers/aad-b", &out, &len),
           "file: an envelope copied to another id is CORRUPT");
    ok(out == NULL, "file: and returns no data");
    log = cap_end();
    ok(strstr(log, "does not unwrap") != NULL,
       "file: the log says the key does not unwrap for this name");
    free(log);
    if (mkdir(pdir, 0700) != 0 && errno != EEXIST) {
        sysbail("mkdir %s", pdir);
    }
    write_file(c, text, n, 0600);
    cap_begin();
    is_int(DUETD_KMS_CORRUPT, duetd_kms_load(k, "primes/aad-a", &out, &len),
           "file: an envelope moved to another kind is CORRUPT");
    free(cap_end());
    ok(duetd_kms_load(k, "signers/aad-a", &out, &len) == DUETD_KMS_OK
       && len == 5, "file: the original still opens");
    duetd_kms_free(out, len);
    unlink(b);
    unlink(c);
    free(text);
    free(a);
    free(b);
    free(c);
    free(pdir);
}


static void
check_bad_key_files(const struct duetd_config *cfg, const char *key_path)
{
    static const struct {
        const char  *what, *text, *expect;
        mode_t       mode;
    } cases[] = {
        { "63 hex digits",
          "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1",
          "64 hex digits", 0600 },
        { "a non-hex digit",
          "g00102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
          "64 hex digits", 0600 },
        { "64 hex digits and a space",
          "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f ",
          "64 hex digits", 0600 },
        { "two newlines",
          "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
          "\n\n", "too large", 0600 },
        { "raw 32 bytes (the old format)",
          "0123456789abcdef0123456789abcdef", "64 hex digits", 0600 },
        { "nothing", "", "64 hex digits", 0600 },
        { "mode 0644",
          "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n",
          "mode 0600", 0644 },
        { "mode 0640",
          "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n",
          "mode 0600", 0640 },
    };
    struct duetd_kms  *k2;
    size_t             i, n;
    uint8_t           *saved;
    char              *log, *target;

    saved = read_whole(key_path, &n);
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        write_file(key_path, cases[i].text, strlen(cases[i].text),
                   cases[i].mode);
        cap_begin();
        k2 = NULL;
        ok(duetd_kms_open(cfg, &k2) == -1 && k2 == NULL,
           "file: a master key file with %s is refused by open",
           cases[i].what);
        ok(duetd_kms_prepare(cfg) == -1, "file: and by prepare");
        log = cap_end();
        ok(strstr(log, key_path) != NULL
           && strstr(log, cases[i].expect) != NULL,
           "file: the log names the file and says \"%s\"", cases[i].expect);
        free(log);
    }
    ok(mode_of(key_path) == 0640, "file: prepare left the bad key alone");

    target = path_of(key_path, ".", "real");
    write_file(target, saved, n, 0600);
    unlink(key_path);
    if (symlink(target, key_path) != 0) {
        sysbail("symlink");
    }
    cap_begin();
    ok(duetd_kms_open(cfg, &k2) == -1, "file: a symbolic link is refused");
    log = cap_end();
    ok(strstr(log, "symbolic link") != NULL, "file: and the log says so");
    free(log);
    unlink(key_path);
    unlink(target);
    free(target);

    if (mkdir(key_path, 0700) != 0) {
        sysbail("mkdir");
    }
    cap_begin();
    ok(duetd_kms_open(cfg, &k2) == -1, "file: a directory is refused");
    log = cap_end();
    ok(strstr(log, "not a regular file") != NULL, "file: and the log says so");
    free(log);
    rmdir(key_path);

    if (geteuid() == 0) {
        write_file(key_path, saved, n, 0600);
        if (chown(key_path, 1, 1) != 0) {
            sysbail("chown");
        }
        cap_begin();
        ok(duetd_kms_open(cfg, &k2) == -1,
           "file: a key owned by another user is refused");
        log = cap_end();
        ok(strstr(log, "owned by uid 0") != NULL, "file: and the log says so");
        free(log);
    } else {
        skip_block(2, "chown needs root");
    }

    write_file(key_path, saved, n, 0600);
    free(saved);
}


static void
check_wrong_master_key(struct duetd_kms *k, const struct duetd_config *cfg,
    const char *key_path)
{
    struct duetd_kms  *k2 = NULL;
    uint8_t           *saved, *out;
    size_t             n, len, i;
    char               upper[66];
    char              *log;

    saved = read_whole(key_path, &n);
    write_file(key_path, "ff0102030405060708090a0b0c0d0e0f10111213141516171"
               "8191a1b1c1d1e1f\n", 65, 0600);
    is_int(0, duetd_kms_open(cfg, &k2), "file: open with another master key");
    cap_begin();
    out = (uint8_t *) "x";
    is_int(DUETD_KMS_CORRUPT, duetd_kms_load(k2, "signers/rt-1", &out, &len),
           "file: under another master key an object is CORRUPT");
    ok(out == NULL, "file: and returns no data");
    free(cap_end());
    cap_begin();
    is_int(DUETD_KMS_UNAVAILABLE, duetd_kms_health(k),
           "file: health fails when the key file no longer holds our key");
    log = cap_end();
    ok(strstr(log, "changed since") != NULL, "file: and says why");
    free(log);
    duetd_kms_destroy(k2);
    k2 = NULL;

    /* The same key in upper case is the same key. */
    for (i = 0; i < 64; i++) {
        upper[i] = (char) ((saved[i] >= 'a' && saved[i] <= 'f')
                           ? saved[i] - 'a' + 'A' : saved[i]);
    }
    upper[64] = '\0';
    write_file(key_path, upper, 64, 0400);
    ok(duetd_kms_open(cfg, &k2) == 0
       && duetd_kms_load(k2, "signers/rt-1", &out, &len) == DUETD_KMS_OK
       && len == 1, "file: an upper-case key without newline, mode 0400, "
       "opens the same objects");
    duetd_kms_free(out, len);
    duetd_kms_destroy(k2);

    write_file(key_path, saved, n, 0600);
    is_int(DUETD_KMS_OK, duetd_kms_health(k),
           "file: health is back with the key restored");
    free(saved);
}


static void
race_child(const struct duetd_config *cfg, int i)
{
    struct duetd_kms  *k;
    uint8_t            data[64];
    int                rc;

    memset(data, i, sizeof(data));
    if (duetd_kms_open(cfg, &k) != 0) {
        _exit(100);
    }
    rc = duetd_kms_store(k, "signers/race", data, sizeof(data));
    duetd_kms_destroy(k);
    _exit(rc == DUETD_KMS_OK ? 0 : rc == DUETD_KMS_EXISTS ? 1 : 99);
}


static void
check_race(struct duetd_kms *k, const struct duetd_config *cfg)
{
    pid_t     pids[6];
    int       i, st, oks = 0, exists = 0;
    uint8_t  *out;
    size_t    len;

    for (i = 0; i < 6; i++) {
        pids[i] = fork();
        if (pids[i] < 0) {
            sysbail("fork");
        }
        if (pids[i] == 0) {
            race_child(cfg, i + 1);
        }
    }
    for (i = 0; i < 6; i++) {
        if (waitpid(pids[i], &st, 0) != pids[i] || !WIFEXITED(st)) {
            continue;
        }
        oks += WEXITSTATUS(st) == 0;
        exists += WEXITSTATUS(st) == 1;
    }
    ok(oks == 1 && exists == 5, "file: six processes store one name at once: "
       "one wins, five get EXISTS (%d, %d)", oks, exists);
    ok(duetd_kms_load(k, "signers/race", &out, &len) == DUETD_KMS_OK
       && len == 64 && out[0] >= 1 && out[0] <= 6
       && out[63] == out[0], "file: and the winner's data is whole");
    duetd_kms_free(out, len);
}


static int  count_files;


static int
count_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void) path;
    (void) st;
    (void) ftw;
    count_files += flag == FTW_F;
    return 0;
}


static int
count_entries(const char *dir)
{
    count_files = 0;
    (void) nftw(dir, count_one, 16, FTW_PHYS);
    return count_files;
}


static void
test_file_backend(void)
{
    struct duetd_config  cfg;
    struct duetd_kms    *k = NULL;
    char                *data_dir, *kms_dir, *key_path, *p, *log;
    uint8_t             *key1, *key2, plain[4096], master[32], *out;
    char                 enc[DUET_BASE64URL_ENCODED_SIZE(48)];
    char                 hex[DUET_HEX_ENCODED_SIZE(48)];
    size_t               n1, n2, n, len, i;
    int                  before;

    data_dir = path_of(tmp, "/", "file");
    kms_dir = path_of(data_dir, "/", "kms");
    key_path = path_of(kms_dir, "/", "master.key");
    if (mkdir(data_dir, 0700) != 0) {
        sysbail("mkdir %s", data_dir);
    }
    cfg_file(&cfg, data_dir, kms_dir);

    /* First start: the directory and a key are made. */
    cap_begin();
    is_int(0, duetd_kms_prepare(&cfg), "file: prepare on a fresh data dir");
    log = cap_end();
    ok(strstr(log, "created a new KMS master key") != NULL,
       "file: prepare logs that it made a master key");
    free(log);
    is_int(0700, mode_of(kms_dir), "file: kms_dir is 0700");
    is_int(0600, mode_of(key_path), "file: the master key file is 0600");
    key1 = read_whole(key_path, &n1);
    ok(n1 == 65 && key1[64] == '\n'
       && strspn((char *) key1, "0123456789abcdef") == 64,
       "file: the master key file is 64 hex digits and a newline");
    ok(duet_hex_decode(master, sizeof(master), &n, (char *) key1, 64) == 0
       && n == 32, "file: which decode to 32 bytes");
    is_int(0, duetd_kms_prepare(&cfg), "file: prepare again");
    key2 = read_whole(key_path, &n2);
    ok(n1 == n2 && memcmp(key1, key2, n1) == 0,
       "file: prepare never replaces an existing key");
    free(key2);
    is_int(1, count_entries(kms_dir),
           "file: no temporary file is left beside the key");

    is_int(0, duetd_kms_open(&cfg, &k), "file: open");
    is_int(DUETD_KMS_OK, duetd_kms_health(k), "file: health");

    check_round_trips(k, "file");
    is_int(0700, mode_of(p = path_of(kms_dir, "/", "signers")),
           "file: the kind directory is 0700");
    free(p);
    is_int(0600, mode_of(p = path_of(kms_dir, "/", "signers/rt-1.json")),
           "file: an object file is 0600");
    free(p);
    check_exists_missing_delete(k, "file", 1);
    ok(access(p = path_of(kms_dir, "/", "signers/dup.json"), F_OK) != 0,
       "file: delete removed the file");
    free(p);

    before = count_entries(kms_dir);
    check_bad_names(k, "file");
    is_int(before, count_entries(kms_dir),
           "file: refused names created no file");

    /* No plaintext (raw, hex or base64url) and no master key on disk. */
    rng_fill(plain, sizeof(plain));
    memcpy(plain + 1000, "DUET-KMS-PLAINTEXT-MARKER", 25);
    is_int(DUETD_KMS_OK, duetd_kms_store(k, "signers/plain", plain,
                                         sizeof(plain)),
           "file: store a marked plaintext");
    ok(scan_dir(kms_dir, "DUET-KMS-PLAINTEXT-MARKER", 25) == 0,
       "file: the marker appears in no file under kms_dir (%d files)",
       scan_files);
    for (i = 0; i + 48 <= sizeof(plain); i += 1023) {
        if (scan_dir(kms_dir, plain + i, 32) != 0) {
            break;
        }
        if (duet_base64url_encode(enc, sizeof(enc), plain + i / 3 * 3, 48)
            != 0 || scan_dir(kms_dir, enc, 64) != 0)
        {
            break;
        }
        if (duet_hex_encode(hex, sizeof(hex), plain + i, 48) != 0
            || scan_dir(kms_dir, hex, 96) != 0)
        {
            break;
        }
    }
    ok(i + 48 > sizeof(plain), "file: no plaintext window, raw, base64url or "
       "hex, appears on disk");
    ok(scan_dir(p = path_of(kms_dir, "/", "signers"), master, 32) == 0,
       "file: nor does the master key in any envelope");
    free(p);
    p = path_of(kms_dir, "/", "signers/plain.json");
    check_envelope_shape(p, sizeof(plain));
    free(p);

    check_aad(k, kms_dir);
    check_tampering(k, kms_dir);
    check_wrong_master_key(k, &cfg, key_path);
    check_bad_key_files(&cfg, key_path);
    check_race(k, &cfg);

    /* Health: kms_dir must stay ours and writable; the key must stay. */
    chmod(kms_dir, 0500);
    cap_begin();
    is_int(DUETD_KMS_UNAVAILABLE, duetd_kms_health(k),
           "file: health fails when kms_dir is not writable");
    free(cap_end());
    chmod(kms_dir, 0755);
    cap_begin();
    is_int(DUETD_KMS_UNAVAILABLE, duetd_kms_health(k),
           "file: health fails when kms_dir is open to others");
    ok(duetd_kms_prepare(&cfg) == -1, "file: prepare refuses it too");
    log = cap_end();
    ok(strstr(log, "mode 0700") != NULL, "file: and says it wants 0700");
    free(log);
    chmod(kms_dir, 0700);
    rename(key_path, p = path_of(key_path, ".", "away"));
    cap_begin();
    is_int(DUETD_KMS_UNAVAILABLE, duetd_kms_health(k),
           "file: health fails when the key file is gone");
    free(cap_end());
    rename(p, key_path);
    free(p);
    is_int(DUETD_KMS_OK, duetd_kms_health(k), "file: and recovers");

    /* A key file configured outside kms_dir. */
    {
        struct duetd_config  cfg2;
        struct duetd_kms    *k2 = NULL;
        char                *dir2, *key2p;

        dir2 = path_of(tmp, "/", "file2");
        key2p = path_of(tmp, "/", "file2.key");
        cfg_file(&cfg2, tmp, dir2);
        cfg2.kms_master_key_file = key2p;
        cap_begin();
        ok(duetd_kms_prepare(&cfg2) == 0 && mode_of(key2p) == 0600
           && mode_of(dir2) == 0700 && duetd_kms_open(&cfg2, &k2) == 0,
           "file: kms_master_key_file outside kms_dir is made and used");
        free(cap_end());
        ok(k2 != NULL
           && duetd_kms_store(k2, "primes/p1", (const uint8_t *) "p", 1) == 0
           && duetd_kms_load(k2, "primes/p1", &out, &len) == 0 && len == 1,
           "file: and round-trips");
        duetd_kms_free(out, len);
        duetd_kms_destroy(k2);
        rm_rf(dir2);
        unlink(key2p);
        free(dir2);
        free(key2p);
    }

    duetd_kms_destroy(k);
    free(key1);
    rm_rf(data_dir);
    free(data_dir);
    free(kms_dir);
    free(key_path);
}


/* ---- Vault backend against the test double -------------------------- */

struct http_buf {
    char    *p;
    size_t   len;
};


static size_t
http_collect(char *ptr, size_t size, size_t nmemb, void *ud)
{
    struct http_buf  *b = ud;
    size_t            n = size * nmemb;

    b->p = realloc(b->p, b->len + n + 1);
    if (b->p == NULL) {
        return 0;
    }
    memcpy(b->p + b->len, ptr, n);
    b->len += n;
    b->p[b->len] = '\0';
    return n;
}


/* A plain HTTP request for the test's own use.  Returns the status. */
static long
http(const char *method, const char *url, const char *token,
    const char *body, char **out)
{
    struct curl_slist  *h = NULL;
    struct http_buf     b = { NULL, 0 };
    char                line[256];
    long                status = -1;
    CURL               *c;

    c = curl_easy_init();
    if (c == NULL) {
        bail("curl_easy_init");
    }
    if (token != NULL) {
        snprintf(line, sizeof(line), "X-Vault-Token: %s", token);
        h = curl_slist_append(h, line);
    }
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, http_collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
    if (body != NULL) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    }
    if (curl_easy_perform(c) == CURLE_OK) {
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    }
    curl_easy_cleanup(c);
    curl_slist_free_all(h);
    if (out != NULL) {
        *out = b.p != NULL ? b.p : strdup("");
    } else {
        free(b.p);
    }
    return status;
}


struct double_proc {
    pid_t   pid;
    int     in;          /* its stdin: closing it stops the double */
    char    addr[128];
};


static int
double_start(struct double_proc *d, const char *scheme, const char *host,
    const char *cert, const char *key)
{
    const char  *top = getenv("top_srcdir");
    char        *script, line[64];
    int          inp[2], outp[2];
    FILE        *f;
    int          port;

    script = path_of(top != NULL ? top : ".", "/",
                     "tests/fcgi/vault-kv2-double.py");
    if (pipe(inp) != 0 || pipe(outp) != 0) {
        sysbail("pipe");
    }
    d->pid = fork();
    if (d->pid < 0) {
        sysbail("fork");
    }
    if (d->pid == 0) {
        dup2(inp[0], STDIN_FILENO);
        dup2(outp[1], STDOUT_FILENO);
        close(inp[1]);
        close(outp[0]);
        if (cert != NULL) {
            execl(PYTHON, PYTHON, script, "--token", "test-token",
                  "--tls-cert", cert, "--tls-key", key, (char *) NULL);
        } else {
            execl(PYTHON, PYTHON, script, "--token", "test-token",
                  (char *) NULL);
        }
        _exit(127);
    }
    close(inp[0]);
    close(outp[1]);
    d->in = inp[1];
    f = fdopen(outp[0], "r");
    if (f == NULL || fgets(line, sizeof(line), f) == NULL
        || sscanf(line, "port=%d", &port) != 1)
    {
        diag("the Vault test double did not start (%s)", script);
        free(script);
        if (f != NULL) {
            fclose(f);
        }
        return -1;
    }
    fclose(f);
    free(script);
    snprintf(d->addr, sizeof(d->addr), "%s://%s:%d", scheme, host, port);
    return 0;
}


static void
double_stop(struct double_proc *d)
{
    int  st;

    close(d->in);
    kill(d->pid, SIGTERM);
    waitpid(d->pid, &st, 0);
}


static void
double_fault(const struct double_proc *d, const char *json)
{
    char  url[256];

    snprintf(url, sizeof(url), "%s/__test_double__/%s", d->addr,
             json != NULL ? "fault" : "reset");
    if (http("POST", url, NULL, json != NULL ? json : "{}", NULL) != 204) {
        bail("the test double refused a fault switch");
    }
}


static char *
double_requests(const struct double_proc *d)
{
    char   url[256], *out;

    snprintf(url, sizeof(url), "%s/__test_double__/requests", d->addr);
    if (http("GET", url, NULL, NULL, &out) != 200) {
        bail("cannot read the test double's request log");
    }
    return out;
}


/*
 * Run tests/fcgi/vault-hvac-client.py (python3-hvac) against addr.
 * Returns its exit status (77: hvac missing) and its stdout in *out.
 */
static int
hvac(const char *addr, const char *token, const char *ns, char **out,
    const char *cmd, const char *arg1, const char *arg2)
{
    const char  *top = getenv("top_srcdir");
    char        *script, buf[8192];
    int          outp[2], st;
    size_t       n = 0;
    ssize_t      r;
    pid_t        pid;

    script = path_of(top != NULL ? top : ".", "/",
                     "tests/fcgi/vault-hvac-client.py");
    if (pipe(outp) != 0) {
        sysbail("pipe");
    }
    pid = fork();
    if (pid < 0) {
        sysbail("fork");
    }
    if (pid == 0) {
        dup2(outp[1], STDOUT_FILENO);
        close(outp[0]);
        setenv("VAULT_ADDR", addr, 1);
        setenv("VAULT_TOKEN", token, 1);
        if (ns != NULL) {
            setenv("VAULT_NAMESPACE", ns, 1);
        }
        execl(PYTHON, PYTHON, script, cmd, arg1, arg2, (char *) NULL);
        _exit(127);
    }
    close(outp[1]);
    while ((r = read(outp[0], buf + n, sizeof(buf) - 1 - n)) > 0) {
        n += (size_t) r;
    }
    buf[n] = '\0';
    while (n > 0 && buf[n - 1] == '\n') {
        buf[--n] = '\0';
    }
    close(outp[0]);
    free(script);
    if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st)) {
        return -1;
    }
    if (out != NULL) {
        *out = strdup(buf);
    }
    return WEXITSTATUS(st);
}


static void
check_hvac(const struct double_proc *d, struct duetd_kms *k,
    struct duetd_kms *kns)
{
    uint8_t   data[300], *out;
    char      b64[DUET_BASE64URL_ENCODED_SIZE(300)], json[512], *s = NULL;
    size_t    len;
    int       rc;

    rc = hvac(d->addr, "test-token", NULL, &s, "health", NULL, NULL);
    if (rc == 77) {
        free(s);
        skip_block(10, "python3-hvac is not installed (Debian python3-hvac)");
        return;
    }
    ok(rc == 0 && s != NULL && strcmp(s, "200") == 0,
       "hvac: sys.read_health_status against the double is 200");
    free(s);

    rng_fill(data, sizeof(data));
    if (duet_base64url_encode(b64, sizeof(b64), data, sizeof(data)) != 0) {
        bail("base64url");
    }
    is_int(DUETD_KMS_OK, duetd_kms_store(k, "signers/by-duetd", data,
                                         sizeof(data)),
           "hvac: duetd stores an object");
    s = NULL;
    rc = hvac(d->addr, "test-token", NULL, &s, "read",
              "duet/signers/by-duetd", NULL);
    snprintf(json, sizeof(json), "{\"blob\":\"%s\",\"v\":1}", b64);
    ok(rc == 0 && s != NULL && strcmp(s, json) == 0,
       "hvac: read_secret_version sees {\"v\":1,\"blob\":base64url} at "
       "{mount}/data/{prefix}/{name}");
    free(s);

    rng_fill(data, sizeof(data));
    if (duet_base64url_encode(b64, sizeof(b64), data, sizeof(data)) != 0) {
        bail("base64url");
    }
    snprintf(json, sizeof(json), "{\"v\":1,\"blob\":\"%s\"}", b64);
    rc = hvac(d->addr, "test-token", NULL, NULL, "write",
              "duet/signers/by-hvac", json);
    ok(rc == 0 && duetd_kms_load(k, "signers/by-hvac", &out, &len) == 0
       && len == sizeof(data) && memcmp(out, data, len) == 0,
       "hvac: what create_or_update_secret writes, duetd loads");
    duetd_kms_free(out, len);
    is_int(2, hvac(d->addr, "test-token", NULL, NULL, "write",
                   "duet/signers/by-hvac", json),
           "hvac: a second cas=0 write is InvalidRequest (400 CAS)");
    is_int(DUETD_KMS_EXISTS, duetd_kms_store(k, "signers/by-hvac", data, 1),
           "hvac: and duetd sees EXISTS there too");
    is_int(0, hvac(d->addr, "test-token", NULL, NULL, "delete",
                   "duet/signers/by-duetd", NULL),
           "hvac: delete_metadata_and_all_versions");
    is_int(DUETD_KMS_NOT_FOUND,
           duetd_kms_load(k, "signers/by-duetd", &out, &len),
           "hvac: after which duetd finds nothing");
    ok(hvac(d->addr, "test-token", "team-a", &s, "read",
            "duet/signers/in-ns", NULL) == 0 && strstr(s, "\"v\":1") != NULL,
       "hvac: with namespace team-a it reads what duetd stored there");
    free(s);
    (void) kns;
    is_int(4, hvac(d->addr, "wrong-token", NULL, NULL, "read",
                   "duet/signers/by-hvac", NULL),
           "hvac: a wrong token is Forbidden (403)");
}


static void
check_vault_strict(const struct double_proc *d, struct duetd_kms *k)
{
    static const struct {
        const char  *what, *body;
        int          rc;
    } cases[] = {
        { "an extra member", "{\"data\":{\"v\":1,\"blob\":\"AQID\",\"x\":1}}",
          DUETD_KMS_CORRUPT },
        { "version 2", "{\"data\":{\"v\":2,\"blob\":\"AQID\"}}",
          DUETD_KMS_CORRUPT },
        { "version \"1\"", "{\"data\":{\"v\":\"1\",\"blob\":\"AQID\"}}",
          DUETD_KMS_CORRUPT },
        { "no blob", "{\"data\":{\"v\":1}}", DUETD_KMS_CORRUPT },
        { "padded base64", "{\"data\":{\"v\":1,\"blob\":\"AQ==\"}}",
          DUETD_KMS_CORRUPT },
        { "standard base64", "{\"data\":{\"v\":1,\"blob\":\"+/+/\"}}",
          DUETD_KMS_CORRUPT },
        { "non-canonical base64", "{\"data\":{\"v\":1,\"blob\":\"AB\"}}",
          DUETD_KMS_CORRUPT },
        { "a blob of the wrong type", "{\"data\":{\"v\":1,\"blob\":7}}",
          DUETD_KMS_CORRUPT },
        { "{v:1, blob:AQID}", "{\"data\":{\"v\":1,\"blob\":\"AQID\"}}",
          DUETD_KMS_OK },
    };
    char      url[256];
    size_t    i, len;
    uint8_t  *out;
    int       rc;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        snprintf(url, sizeof(url), "%s/v1/secret/data/duet/signers/raw-%zu",
                 d->addr, i);
        if (http("POST", url, "test-token", cases[i].body, NULL) != 200) {
            bail("the double refused a raw write");
        }
        snprintf(url, sizeof(url), "signers/raw-%zu", i);
        cap_begin();
        out = NULL;
        rc = duetd_kms_load(k, url, &out, &len);
        free(cap_end());
        is_int(cases[i].rc, rc, "vault: data.data with %s loads as %s",
               cases[i].what, duetd_kms_strerror(cases[i].rc));
        if (rc == DUETD_KMS_OK) {
            ok(len == 3 && out[0] == 1 && out[1] == 2 && out[2] == 3,
               "vault: and decodes to 01 02 03");
        }
        duetd_kms_free(out, len);
    }
}


static int
closed_port(void)
{
    struct sockaddr_in  a;
    socklen_t           n = sizeof(a);
    int                 fd, port;

    fd = socket(AF_INET, SOCK_STREAM, 0);
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || bind(fd, (struct sockaddr *) &a, sizeof(a)) != 0
        || getsockname(fd, (struct sockaddr *) &a, &n) != 0)
    {
        sysbail("socket");
    }
    port = ntohs(a.sin_port);
    close(fd);
    return port;
}


static double
now_s(void)
{
    struct timespec  ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}


static void
check_vault_tls(void)
{
    const char          *openssl = getenv("DUET_OPENSSL");
    struct double_proc   d;
    struct duetd_config  cfg;
    struct duetd_kms    *k = NULL;
    char                *cert, *key, *tok, *cmd, *log, addr[160];
    uint8_t             *out;
    size_t               len;
    int                  port;

    cert = path_of(tmp, "/", "tls-cert.pem");
    key = path_of(tmp, "/", "tls-key.pem");
    cmd = bmalloc(2048);
    snprintf(cmd, 2048, "'%s' req -x509 -newkey ec -pkeyopt "
             "ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=localhost "
             "-addext subjectAltName=DNS:localhost -keyout '%s' -out '%s' "
             ">/dev/null 2>&1", openssl != NULL && openssl[0] ? openssl
                                                              : "openssl",
             key, cert);
    if (system(cmd) != 0) {
        skip_block(6, "openssl cannot make a test certificate");
        goto out;
    }
    if (double_start(&d, "https", "localhost", cert, key) != 0) {
        bail("the TLS test double did not start");
    }
    sscanf(strrchr(d.addr, ':') + 1, "%d", &port);
    tok = token_file("vault-token", "test-token\n", 0600);

    cfg_vault(&cfg, d.addr, tok);
    is_int(0, duetd_kms_open(&cfg, &k), "vault tls: open");
    cap_begin();
    is_int(DUETD_KMS_UNAVAILABLE, duetd_kms_health(k),
           "vault tls: a certificate from an unknown CA is refused");
    log = cap_end();
    free(log);
    duetd_kms_destroy(k);

    cfg.vault_ca_file = cert;
    is_int(0, duetd_kms_open(&cfg, &k), "vault tls: open with vault_ca_file");
    ok(duetd_kms_health(k) == DUETD_KMS_OK
       && duetd_kms_store(k, "signers/tls", (const uint8_t *) "t", 1) == 0
       && duetd_kms_load(k, "signers/tls", &out, &len) == 0 && len == 1
       && out[0] == 't', "vault tls: with the CA bundle, TLS works");
    duetd_kms_free(out, len);
    duetd_kms_destroy(k);

    snprintf(addr, sizeof(addr), "https://127.0.0.1:%d", port);
    cfg.vault_addr = addr;
    is_int(0, duetd_kms_open(&cfg, &k), "vault tls: open by IP address");
    cap_begin();
    is_int(DUETD_KMS_UNAVAILABLE, duetd_kms_health(k),
           "vault tls: a certificate for another name is refused");
    free(cap_end());
    duetd_kms_destroy(k);

    double_stop(&d);
    unlink(tok);
    free(tok);
out:
    unlink(cert);
    unlink(key);
    free(cert);
    free(key);
    free(cmd);
}


static void
test_vault_double(void)
{
    struct double_proc   d;
    struct duetd_config  cfg;
    struct duetd_kms    *k = NULL, *kbad = NULL, *kns = NULL, *kt = NULL;
    char                *tok, *badtok, *log, *reqs, addr[64];
    uint8_t             *out;
    size_t               len;
    double               t0, dt;

    if (access(PYTHON, X_OK) != 0) {
        skip_block(1, PYTHON " is missing: the Vault test double cannot run");
        return;
    }
    if (double_start(&d, "http", "127.0.0.1", NULL, NULL) != 0) {
        bail("the Vault test double did not start");
    }
    diag("Vault backend against vault-kv2-double.py, a test double of "
         "Vault's KV v2 API, not a real Vault");
    tok = token_file("vault-token", "test-token\n", 0600);
    badtok = token_file("vault-bad-token", "not-the-token", 0600);

    cfg_vault(&cfg, d.addr, tok);
    is_int(0, duetd_kms_prepare(&cfg), "vault: prepare");
    is_int(0, duetd_kms_open(&cfg, &k), "vault: open");
    is_int(DUETD_KMS_OK, duetd_kms_health(k), "vault: health");

    check_round_trips(k, "vault");
    check_exists_missing_delete(k, "vault", 0);
    check_bad_names(k, "vault");
    reqs = double_requests(&d);
    ok(strstr(reqs, "\"path\": \"/v1/secret/data/duet/signers/rt-4096\"")
       != NULL && strstr(reqs, "\"path\": \"/v1/secret/metadata/duet/"
                               "signers/dup\"") != NULL,
       "vault: paths are {mount}/data|metadata/{prefix}/{name}");
    ok(strstr(reqs, "\"x_vault_request\": null") == NULL
       && strstr(reqs, "\"has_token\": false") == NULL
       && strstr(reqs, "\"x_vault_request\": \"true\"") != NULL,
       "vault: every request carries X-Vault-Token and X-Vault-Request");
    free(reqs);

    /* Namespaces. */
    cfg.vault_namespace = "team-a";
    is_int(0, duetd_kms_open(&cfg, &kns), "vault: open with a namespace");
    cfg.vault_namespace = NULL;
    is_int(DUETD_KMS_OK, duetd_kms_store(kns, "signers/in-ns",
                                         (const uint8_t *) "ns", 2),
           "vault: store in namespace team-a");
    is_int(DUETD_KMS_NOT_FOUND, duetd_kms_load(k, "signers/in-ns", &out,
                                               &len),
           "vault: the root namespace does not see it");
    ok(duetd_kms_load(kns, "signers/in-ns", &out, &len) == DUETD_KMS_OK
       && len == 2, "vault: team-a does");
    duetd_kms_free(out, len);
    reqs = double_requests(&d);
    ok(strstr(reqs, "\"namespace\": \"team-a\"") != NULL,
       "vault: X-Vault-Namespace: team-a was sent");
    free(reqs);

    check_vault_strict(&d, k);
    check_hvac(&d, k, kns);

    /* A token Vault refuses. */
    cfg.vault_token_file = badtok;
    is_int(0, duetd_kms_open(&cfg, &kbad), "vault: open with a wrong token");
    cap_begin();
    ok(duetd_kms_store(kbad, "signers/x", (const uint8_t *) "x", 1)
       == DUETD_KMS_DENIED
       && duetd_kms_load(kbad, "signers/rt-1", &out, &len) == DUETD_KMS_DENIED
       && duetd_kms_delete(kbad, "signers/rt-1") == DUETD_KMS_DENIED,
       "vault: a wrong token is DENIED (store, load, delete)");
    log = cap_end();
    ok(strstr(log, "HTTP 403: permission denied") != NULL
       && strstr(log, "not-the-token") == NULL,
       "vault: the log says 403 and never shows the token");
    free(log);
    duetd_kms_destroy(kbad);
    cfg.vault_token_file = tok;

    /* Faults. */
    double_fault(&d, "{\"status\":500}");
    cap_begin();
    ok(duetd_kms_store(k, "signers/f", (const uint8_t *) "x", 1)
       == DUETD_KMS_UNAVAILABLE
       && duetd_kms_load(k, "signers/rt-1", &out, &len)
          == DUETD_KMS_UNAVAILABLE
       && duetd_kms_delete(k, "signers/rt-1") == DUETD_KMS_UNAVAILABLE
       && duetd_kms_health(k) == DUETD_KMS_UNAVAILABLE,
       "vault: a 500 is UNAVAILABLE (store, load, delete, health)");
    free(cap_end());
    double_fault(&d, NULL);
    double_fault(&d, "{\"sealed\":true}");
    cap_begin();
    ok(duetd_kms_load(k, "signers/rt-1", &out, &len) == DUETD_KMS_UNAVAILABLE
       && duetd_kms_store(k, "signers/f", (const uint8_t *) "x", 1)
          == DUETD_KMS_UNAVAILABLE
       && duetd_kms_health(k) == DUETD_KMS_UNAVAILABLE,
       "vault: sealed (503) is UNAVAILABLE (load, store, health)");
    log = cap_end();
    ok(strstr(log, "is sealed") != NULL, "vault: the log says sealed");
    free(log);
    double_fault(&d, NULL);
    double_fault(&d, "{\"standby\":true}");
    ok(duetd_kms_health(k) == DUETD_KMS_OK
       && duetd_kms_load(k, "signers/rt-1", &out, &len) == DUETD_KMS_OK,
       "vault: a standby (health 429) is healthy");
    duetd_kms_free(out, len);
    double_fault(&d, NULL);
    double_fault(&d, "{\"huge\":true}");
    cap_begin();
    is_int(DUETD_KMS_ERROR, duetd_kms_load(k, "signers/rt-1", &out, &len),
           "vault: a response over 4 MiB is refused");
    log = cap_end();
    ok(strstr(log, "exceeds") != NULL, "vault: and the log says so");
    free(log);
    double_fault(&d, NULL);

    cfg.vault_timeout = 1;
    is_int(0, duetd_kms_open(&cfg, &kt), "vault: open with a 1 s timeout");
    double_fault(&d, "{\"delay\":3}");
    cap_begin();
    t0 = now_s();
    is_int(DUETD_KMS_UNAVAILABLE, duetd_kms_load(kt, "signers/rt-1", &out,
                                                 &len),
           "vault: a slow Vault is UNAVAILABLE");
    dt = now_s() - t0;
    free(cap_end());
    ok(dt >= 0.9 && dt < 2.5, "vault: after vault_timeout (%.2f s)", dt);
    double_fault(&d, NULL);
    duetd_kms_destroy(kt);
    cfg.vault_timeout = 5;

    snprintf(addr, sizeof(addr), "http://127.0.0.1:%d", closed_port());
    cfg.vault_addr = addr;
    is_int(0, duetd_kms_open(&cfg, &kt), "vault: open towards a closed port");
    cap_begin();
    ok(duetd_kms_health(kt) == DUETD_KMS_UNAVAILABLE
       && duetd_kms_store(kt, "signers/x", (const uint8_t *) "x", 1)
          == DUETD_KMS_UNAVAILABLE,
       "vault: connection refused is UNAVAILABLE");
    free(cap_end());
    duetd_kms_destroy(kt);
    cfg.vault_addr = d.addr;

    cfg.vault_mount = "nomount";
    is_int(0, duetd_kms_open(&cfg, &kt), "vault: open on a missing mount");
    cap_begin();
    is_int(DUETD_KMS_ERROR, duetd_kms_store(kt, "signers/x",
                                            (const uint8_t *) "x", 1),
           "vault: a store on a missing mount (404) is ERROR");
    free(cap_end());
    duetd_kms_destroy(kt);
    cfg.vault_mount = NULL;

    /* Settings and token files refused at open. */
    {
        static const struct {
            const char  *what, *addr, *mount, *prefix, *ns, *expect;
        } bad[] = {
            { "plain http to another host", "http://vault.example:8200",
              NULL, NULL, NULL, "must be https" },
            { "no address", "", NULL, NULL, NULL, "needs vault_addr" },
            { "a mount with ..", NULL, "../sys", NULL, NULL, "vault_mount" },
            { "a prefix with //", NULL, NULL, "a//b", NULL, "vault_prefix" },
            { "a namespace with a newline", NULL, NULL, NULL, "a\nb",
              "vault_namespace" },
        };
        struct duetd_config  c2;
        size_t               i;
        char                *tokbad;

        for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
            c2 = cfg;
            if (bad[i].addr != NULL) {
                c2.vault_addr = bad[i].addr;
            }
            c2.vault_mount = bad[i].mount;
            if (bad[i].prefix != NULL) {
                c2.vault_prefix = bad[i].prefix;
            }
            c2.vault_namespace = bad[i].ns;
            cap_begin();
            kt = NULL;
            ok(duetd_kms_open(&c2, &kt) == -1 && kt == NULL
               && duetd_kms_prepare(&c2) == -1,
               "vault: %s is refused", bad[i].what);
            log = cap_end();
            ok(strstr(log, bad[i].expect) != NULL, "vault: the log says \"%s\"",
               bad[i].expect);
            free(log);
        }

        tokbad = token_file("vault-token-0644", "test-token\n", 0644);
        c2 = cfg;
        c2.vault_token_file = tokbad;
        cap_begin();
        ok(duetd_kms_open(&c2, &kt) == -1, "vault: a token file of mode 0644 "
           "is refused");
        log = cap_end();
        ok(strstr(log, "mode 0600") != NULL
           && strstr(log, "test-token") == NULL,
           "vault: the log says why and never shows the token");
        free(log);
        write_file(tokbad, "test token\n", 11, 0600);
        cap_begin();
        ok(duetd_kms_open(&c2, &kt) == -1, "vault: a token with a space is "
           "refused");
        free(cap_end());
        write_file(tokbad, "\n", 1, 0600);
        cap_begin();
        ok(duetd_kms_open(&c2, &kt) == -1, "vault: an empty token is refused");
        free(cap_end());
        unlink(tokbad);
        free(tokbad);
    }

    duetd_kms_destroy(kns);
    duetd_kms_destroy(k);
    double_stop(&d);
    unlink(tok);
    unlink(badtok);
    free(tok);
    free(badtok);

    check_vault_tls();
}


#else /* DUET_KMS_T_REAL_VAULT */

/* ---- a real Vault (opt-in) ------------------------------------------ */

static void
test_vault_real(void)
{
    const char          *addr = getenv("DUET_TEST_VAULT_ADDR");
    const char          *token = getenv("DUET_TEST_VAULT_TOKEN");
    struct duetd_config  cfg;
    struct duetd_kms    *k = NULL, *kbad = NULL;
    char                *tok, *badtok, prefix[64], text[512];
    uint8_t              rnd[8];
    char                 hex[DUET_HEX_ENCODED_SIZE(8)];
    uint8_t             *out;
    size_t               len;
    int                  rc;

    if (addr == NULL || addr[0] == '\0' || token == NULL || token[0] == '\0')
    {
        skip_all("set DUET_TEST_VAULT_ADDR and DUET_TEST_VAULT_TOKEN to run "
                 "the Vault backend against a real Vault");
    }
    plan_lazy();
    rng_state = tap_seed() | 1;
    tmp = test_tmpdir();
    if (duet_random_bytes(rnd, sizeof(rnd)) != 0
        || duet_hex_encode(hex, sizeof(hex), rnd, sizeof(rnd)) != 0)
    {
        bail("CSPRNG");
    }
    snprintf(prefix, sizeof(prefix), "duet-test/%s", hex);
    snprintf(text, sizeof(text), "%s\n", token);
    tok = token_file("real-vault-token", text, 0600);
    badtok = token_file("real-vault-bad-token", "hvs.not-a-real-token", 0600);

    cfg_vault(&cfg, addr, tok);
    cfg.vault_prefix = prefix;
    cfg.vault_mount = getenv("DUET_TEST_VAULT_MOUNT");
    cfg.vault_namespace = getenv("DUET_TEST_VAULT_NAMESPACE");
    cfg.vault_ca_file = getenv("DUET_TEST_VAULT_CA_FILE");
    cfg.vault_timeout = 10;
    diag("real Vault at %s, mount %s, prefix %s", addr,
         cfg.vault_mount != NULL ? cfg.vault_mount : "secret", prefix);

    is_int(0, duetd_kms_prepare(&cfg), "real vault: prepare");
    if (duetd_kms_open(&cfg, &k) != 0) {
        bail("real vault: cannot open");
    }
    is_int(DUETD_KMS_OK, duetd_kms_health(k), "real vault: health");
    check_round_trips(k, "real vault");
    check_exists_missing_delete(k, "real vault", 0);
    check_bad_names(k, "real vault");

    cfg.vault_token_file = badtok;
    is_int(0, duetd_kms_open(&cfg, &kbad), "real vault: open, wrong token");
    rc = duetd_kms_load(kbad, "signers/rt-1", &out, &len);
    is_int(DUETD_KMS_DENIED, rc, "real vault: a wrong token is DENIED");
    duetd_kms_destroy(kbad);

    {
        static const size_t  sizes[] = {
            0, 1, 15, 16, 17, 32, 1000, 4096, 65537, DUETD_KMS_OBJECT_MAX
        };
        size_t  i;
        char    name[64];

        for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
            snprintf(name, sizeof(name), "signers/rt-%zu", sizes[i]);
            (void) duetd_kms_delete(k, name);
        }
    }
    duetd_kms_destroy(k);
    unlink(tok);
    unlink(badtok);
    free(tok);
    free(badtok);
}


#endif /* DUET_KMS_T_REAL_VAULT */


int
main(int argc, char **argv)
{
    static const char *const  proxies[] = {
        "http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"
    };
    size_t  i;

    tap_init(argc, argv);
    /* The test double is on loopback: no proxy may stand in between. */
    for (i = 0; i < sizeof(proxies) / sizeof(proxies[0]); i++) {
        unsetenv(proxies[i]);
    }
    signal(SIGPIPE, SIG_IGN);
    umask(022);
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        bail("curl_global_init");
    }
#ifdef DUET_KMS_T_REAL_VAULT
    test_vault_real();
#else
    plan_lazy();
    rng_state = tap_seed() | 1;
    tmp = test_tmpdir();
    test_file_backend();
    test_vault_double();
#endif
    test_tmpdir_free(tmp);
    curl_global_cleanup();
    return 0;
}
