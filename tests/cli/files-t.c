/*
 * files-t.c -- the CLI's files and secrets: cli/home.c, cli/sharefile.c,
 * cli/passphrase.c.
 *
 * Everything runs under a fresh test_tmpdir as DUET_HOME.  Share files use
 * scrypt at 2^10 (DUET_TEST_SCRYPT_LOG2N=10, set here) so that the byte
 * flip and truncation sweeps stay fast; the blobs are random bytes, since
 * the file layer never looks inside them.  The terminal prompt is driven
 * through a real pseudo-terminal made the child's controlling terminal.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <dirent.h>
#include <unistd.h>

#include "basic.h"
#include "duet_util.h"
#include "home.h"
#include "passphrase.h"
#include "sharefile.h"

#define ID_A  "2f1c7a4e-0b6d-4c1e-9a57-3d2e8f901234"
#define ID_B  "2f1c7a4e-0b6d-4c1e-9a57-3d2e8f901235"
#define ADDR  "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"

static char  *tmp;


static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *f)
{
    (void) st;
    (void) f;
    return flag == FTW_DP ? rmdir(path) : unlink(path);
}


/* Empty the test directory (test_tmpdir_free removes only an empty one). */
static void
rm_contents(const char *dir)
{
    char  path[4096];
    DIR  *d;
    struct dirent  *e;

    if ((d = opendir(dir)) == NULL) {
        return;
    }
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
            continue;
        }
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        (void) nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    }
    closedir(d);
}


static void
set_mode(const char *path, mode_t mode)
{
    if (chmod(path, mode) == -1) {
        sysbail("chmod %s", path);
    }
}


static mode_t
mode_of(const char *path)
{
    struct stat  st;

    if (stat(path, &st) == -1) {
        return (mode_t) -1;
    }
    return st.st_mode & 07777;
}


/* Files in dir whose name contains ".tmp-". */
static int
count_tmp(const char *dir)
{
    DIR            *d;
    struct dirent  *e;
    int             n = 0;

    if ((d = opendir(dir)) == NULL) {
        sysbail("opendir %s", dir);
    }
    while ((e = readdir(d)) != NULL) {
        if (strstr(e->d_name, ".tmp-") != NULL) {
            n++;
        }
    }
    closedir(d);
    return n;
}


static void
fill_profile(struct duet_profile *p, const char *name, const char *home)
{
    memset(p, 0, sizeof(*p));
    snprintf(p->name, sizeof(p->name), "%s", name);
    snprintf(p->server, sizeof(p->server), "https://duet.example:8443");
    snprintf(p->signer_id, sizeof(p->signer_id), "%s", ID_A);
    snprintf(p->address, sizeof(p->address), "%s", ADDR);
    p->level = 128;
    snprintf(p->network, sizeof(p->network), "sepolia");
    snprintf(p->api_key_file, sizeof(p->api_key_file), "%s/api-keys/%s.key",
        home, name);
    snprintf(p->share_file, sizeof(p->share_file), "/elsewhere/%s.share",
        name);
}


static void
write_text(const char *path, const char *text)
{
    FILE  *f = fopen(path, "w");

    if (f == NULL || fputs(text, f) == EOF || fclose(f) == EOF) {
        sysbail("write %s", path);
    }
}


static void
test_home(void)
{
    struct duet_home     h;
    struct duet_profile  p, q;
    char                 err[DUET_HOME_ERR_SIZE], path[8192], def[65];
    char               (*names)[65];
    size_t               n;
    uint8_t             *data;
    size_t               len;

    snprintf(path, sizeof(path), "%s/home", tmp);
    setenv("DUET_HOME", path, 1);
    is_int(-1, duet_home_open(&h, 0, err, sizeof(err)),
        "home: missing home refused without create");
    ok(strstr(err, "duet init") != NULL, "home: ... says to run duet init "
        "(%s)", err);
    is_int(0, duet_home_open(&h, 1, err, sizeof(err)), "home: created");
    is_str(path, h.dir, "home: $DUET_HOME used");
    is_int(0700, mode_of(h.dir), "home: mode 0700");
    snprintf(path, sizeof(path), "%s/profiles", h.dir);
    is_int(0700, mode_of(path), "home: profiles/ 0700");
    snprintf(path, sizeof(path), "%s/shares", h.dir);
    is_int(0700, mode_of(path), "home: shares/ 0700");
    snprintf(path, sizeof(path), "%s/api-keys", h.dir);
    is_int(0700, mode_of(path), "home: api-keys/ 0700");
    is_int(0, duet_home_open(&h, 1, err, sizeof(err)), "home: reopened");

    set_mode(h.dir, 0755);
    is_int(-1, duet_home_open(&h, 0, err, sizeof(err)),
        "home: 0755 refused");
    ok(strstr(err, "too open") != NULL && strstr(err, "0755") != NULL,
        "home: ... saying the permissions are too open (%s)", err);
    set_mode(h.dir, 0710);
    is_int(-1, duet_home_open(&h, 0, err, sizeof(err)),
        "home: 0710 refused");
    set_mode(h.dir, 0700);
    is_int(0, duet_home_open(&h, 0, err, sizeof(err)), "home: 0700 again");

    /* Profiles. */
    is_int(-1, duet_profile_load(&h, NULL, &p, err, sizeof(err)),
        "profile: no default yet");
    ok(strstr(err, "no default profile") != NULL, "profile: ... said (%s)",
        err);
    ok(duet_profile_name_ok("bot-1_a") && duet_profile_name_ok("0")
       && !duet_profile_name_ok("") && !duet_profile_name_ok("Bot")
       && !duet_profile_name_ok("-x") && !duet_profile_name_ok("a/b")
       && !duet_profile_name_ok("a.b")
       && duet_profile_name_ok("a23456789012345678901234567890123456789"
           "0123456789012345678901234")
       && !duet_profile_name_ok("a23456789012345678901234567890123456789"
           "01234567890123456789012345"), "profile: names");

    fill_profile(&p, "bot", h.dir);
    is_int(0, duet_profile_save(&h, &p, 0, 0, err, sizeof(err)),
        "profile: saved (%s)", err);
    snprintf(path, sizeof(path), "%s/profiles/bot.conf", h.dir);
    is_int(0600, mode_of(path), "profile: file 0600");
    snprintf(path, sizeof(path), "%s/profiles", h.dir);
    is_int(0, count_tmp(path), "profile: no tmp file left");
    snprintf(path, sizeof(path), "%s/profiles/bot.conf", h.dir);
    if (duet_read_file(path, 65536, &data, &len) != 0) {
        sysbail("read %s", path);
    }
    ok(strstr((char *) data, "api_key_file = api-keys/bot.key\n") != NULL
       && strstr((char *) data, "share_file = /elsewhere/bot.share\n")
          != NULL, "profile: paths under the home stored relative");
    free(data);

    is_int(0, duet_profile_load(&h, NULL, &q, err, sizeof(err)),
        "profile: the first one became the default (%s)", err);
    is_str("bot", q.name, "profile: default name");
    is_str(p.server, q.server, "profile: server");
    is_str(ID_A, q.signer_id, "profile: signer id");
    is_str(ADDR, q.address, "profile: address");
    is_int(128, q.level, "profile: level");
    is_str("sepolia", q.network, "profile: network");
    is_str(p.api_key_file, q.api_key_file, "profile: api key file absolute");
    is_str(p.share_file, q.share_file, "profile: share file kept");
    is_str("", q.ca_file, "profile: no CA file");

    is_int(-1, duet_profile_save(&h, &p, 0, 0, err, sizeof(err)),
        "profile: existing one not replaced without replace");
    ok(strstr(err, "exists") != NULL, "profile: ... said (%s)", err);
    p.level = 112;
    is_int(0, duet_profile_save(&h, &p, 1, 0, err, sizeof(err)),
        "profile: replaced with replace");
    is_int(0, duet_profile_load(&h, "bot", &q, err, sizeof(err)),
        "profile: loaded by name");
    is_int(112, q.level, "profile: the replacement is what is read");

    fill_profile(&p, "alpha", h.dir);
    is_int(0, duet_profile_save(&h, &p, 0, 0, err, sizeof(err)),
        "profile: second saved");
    fill_profile(&p, "zed", h.dir);
    is_int(0, duet_profile_save(&h, &p, 0, 1, err, sizeof(err)),
        "profile: third saved as default");
    is_int(0, duet_profile_list(&h, &names, &n, def, sizeof(def)),
        "profile: listed");
    ok(n == 3 && strcmp(names[0], "alpha") == 0
       && strcmp(names[1], "bot") == 0 && strcmp(names[2], "zed") == 0,
        "profile: list sorted (%zu)", n);
    is_str("zed", def, "profile: the default is the last made default");
    free(names);
    is_int(0, duet_profile_load(&h, NULL, &q, err, sizeof(err)),
        "profile: default loads");
    is_str("zed", q.name, "profile: ... the new default");

    /* A secret file (an API key) must be closed to group and others. */
    snprintf(path, sizeof(path), "%s/api-keys/bot.key", h.dir);
    if (duet_write_atomic(path, "duet_live_x\n", 12, 0644, 1) == -1) {
        sysbail("write %s", path);
    }
    errno = 0;
    is_int(-1, duet_read_private_file(path, 256, &data, &len, err,
        sizeof(err)), "secret: 0644 API key file refused");
    ok(errno == EPERM && strstr(err, "too open") != NULL
       && strstr(err, "chmod 600") != NULL, "secret: ... as ssh says it "
        "(%s)", err);
    set_mode(path, 0600);
    is_int(0, duet_read_private_file(path, 256, &data, &len, err,
        sizeof(err)), "secret: 0600 read");
    ok(len == 12 && memcmp(data, "duet_live_x\n", 12) == 0,
        "secret: ... its content");
    free(data);

    /* Without DUET_HOME: $HOME/.duet. */
    snprintf(path, sizeof(path), "%s/userhome", tmp);
    if (mkdir(path, 0755) == -1) {
        sysbail("mkdir %s", path);
    }
    unsetenv("DUET_HOME");
    setenv("HOME", path, 1);
    is_int(0, duet_home_open(&h, 1, err, sizeof(err)),
        "home: created under $HOME");
    strcat(path, "/.duet");
    is_str(path, h.dir, "home: ... as ~/.duet");
    snprintf(path, sizeof(path), "%s/home", tmp);
    setenv("DUET_HOME", path, 1);
    is_int(0, duet_home_open(&h, 0, err, sizeof(err)), "home: back");

    /* Bad profiles: validation errors name file:line. */
    fill_profile(&p, "bad", h.dir);
    p.level = 100;
    is_int(-1, duet_profile_save(&h, &p, 0, 0, err, sizeof(err)),
        "profile: level 100 not saved");
    fill_profile(&p, "bad", h.dir);
    snprintf(p.address, sizeof(p.address),
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD");
    is_int(-1, duet_profile_save(&h, &p, 0, 0, err, sizeof(err)),
        "profile: bad EIP-55 checksum not saved");
    snprintf(path, sizeof(path), "%s/profiles/bad.conf", h.dir);
    write_text(path, "# a comment\n\nserver = https://x\n"
        "signer_id = " ID_A "\naddress = " ADDR "\nlevel = 128\n"
        "colour = blue\n");
    is_int(-1, duet_profile_load(&h, "bad", &q, err, sizeof(err)),
        "profile: unknown key refused");
    ok(strstr(err, "bad.conf:7: unknown key") != NULL,
        "profile: ... with file:line (%s)", err);
    write_text(path, "server = https://x\nserver = https://y\n");
    is_int(-1, duet_profile_load(&h, "bad", &q, err, sizeof(err)),
        "profile: repeated key refused");
    ok(strstr(err, "bad.conf:2: server given twice") != NULL,
        "profile: ... with file:line (%s)", err);
    write_text(path, "server = https://x\nlevel = 128\n");
    is_int(-1, duet_profile_load(&h, "bad", &q, err, sizeof(err)),
        "profile: missing signer_id refused (%s)", err);
    write_text(path, "  # indented comment\n\t\nserver=https://x  \n"
        "signer_id =" ID_A "\n  address = " ADDR "\nlevel = 112");
    is_int(0, duet_profile_load(&h, "bad", &q, err, sizeof(err)),
        "profile: spacing, comments, no final newline (%s)", err);
    snprintf(path, sizeof(path), "%s/shares/bad.share", h.dir);
    is_str(path, q.share_file, "profile: share file defaults under home");
    snprintf(path, sizeof(path), "%s/profiles/bad.conf", h.dir);
    write_text(path, "server = https://x\r\n");
    is_int(-1, duet_profile_load(&h, "bad", &q, err, sizeof(err)),
        "profile: CR refused (%s)", err);
    is_int(-1, duet_profile_load(&h, "../bad", &q, err, sizeof(err)),
        "profile: a path as a name refused");
    is_int(-1, duet_profile_load(&h, "nope", &q, err, sizeof(err)),
        "profile: a missing one");
    ok(strstr(err, "no such profile") != NULL, "profile: ... said (%s)",
        err);
}


static void
test_atomic(void)
{
    char      path[4096], dir[2048];
    uint8_t  *data;
    size_t    len;

    snprintf(dir, sizeof(dir), "%s/atomic", tmp);
    if (mkdir(dir, 0700) == -1) {
        sysbail("mkdir %s", dir);
    }
    snprintf(path, sizeof(path), "%s/f", dir);
    umask(077);
    is_int(0, duet_write_atomic(path, "one", 3, 0644, 1), "atomic: written");
    is_int(0644, mode_of(path), "atomic: exact mode despite the umask");
    umask(022);
    errno = 0;
    is_int(-1, duet_write_atomic(path, "two", 3, 0600, 1),
        "atomic: excl refuses an existing file");
    is_int(EEXIST, errno, "atomic: ... with EEXIST");
    is_int(0, duet_read_file(path, 100, &data, &len), "atomic: read");
    ok(len == 3 && memcmp(data, "one", 3) == 0,
        "atomic: the existing file was not replaced");
    free(data);
    is_int(0, count_tmp(dir), "atomic: no tmp left after the refusal");
    is_int(0, duet_write_atomic(path, "three", 5, 0600, 0),
        "atomic: replaced without excl");
    is_int(0, duet_read_file(path, 100, &data, &len), "atomic: read again");
    ok(len == 5 && memcmp(data, "three", 5) == 0 && data[5] == '\0',
        "atomic: new content, NUL-terminated");
    free(data);
    is_int(0600, mode_of(path), "atomic: new mode");
    errno = 0;
    is_int(-1, duet_read_file(path, 4, &data, &len),
        "read: over max refused");
    is_int(EFBIG, errno, "read: ... EFBIG");
    snprintf(path, sizeof(path), "%s/no-such-dir/f", dir);
    is_int(-1, duet_write_atomic(path, "x", 1, 0600, 0),
        "atomic: missing directory fails");
    is_int(0, count_tmp(dir), "atomic: no tmp left at all");
}


static void
make_share(struct duet_client_share *s, int index, size_t klen, size_t alen)
{
    s->index = index;
    s->keyshare_len = klen;
    s->aux_len = alen;
    s->keyshare = bmalloc(klen);
    s->aux = bmalloc(alen);
    if (duet_random_bytes(s->keyshare, klen) != 0
        || duet_random_bytes(s->aux, alen) != 0)
    {
        bail("random");
    }
}


/*
 * Flip each byte of the file at path (all of them, or with ends > 0 the
 * header and ends bytes at each end of the rest) and cut it at every
 * length: all refused, never a crash.
 */
static void
sweep(const char *path, const char *pass, size_t ends)
{
    struct duet_client_share    g;
    struct duet_sharefile_info  info;
    uint8_t                    *file, *copy;
    size_t                      len, i, tag = 0, corrupt = 0, other = 0;
    size_t                      tfail = 0, tried = 0;
    int                         rc;

    if (duet_read_file(path, 1 << 20, &file, &len) != 0) {
        sysbail("read %s", path);
    }
    copy = bmalloc(len);
    for (i = 0; i < len; i++) {
        if (ends > 0 && i >= 89 + ends && i < len - ends) {
            continue;
        }
        tried++;
        memcpy(copy, file, len);
        copy[i] ^= (uint8_t) (1u << (i % 8));
        rc = duet_sharefile_open(copy, len, pass, &g, &info);
        if (rc == DUET_SHAREFILE_BAD_PASSPHRASE) {
            tag++;
        } else if (rc == DUET_SHAREFILE_CORRUPT) {
            corrupt++;
        } else {
            other++;
            duet_sharefile_share_clear(&g);
        }
    }
    is_int(0, (long long) other, "share: each of %zu flipped bytes of a "
        "%zu-byte file refused (%zu tag, %zu corrupt)", tried, len, tag,
        corrupt);
    /*
     * At least the magic, version, r, p and the length fail the checks
     * before the tag, and the salt, nonce, ciphertext and tag fail the tag.
     */
    ok(corrupt >= 8 + 1 + 4 + 4 + 4
       && tag >= 16 + 12 + (ends > 0 ? 2 * ends : len - 89),
        "share: ... both kinds of refusal seen");
    for (i = 0; i < len; i++) {
        rc = duet_sharefile_open(file, i, pass, &g, &info);
        if (rc != DUET_SHAREFILE_CORRUPT) {
            tfail++;
            duet_sharefile_share_clear(&g);
        }
    }
    is_int(0, (long long) tfail, "share: each of %zu truncations is CORRUPT",
        len);
    free(copy);
    free(file);
}


static void
test_sharefile(void)
{
    struct duet_client_share    s0, s2, g;
    struct duet_sharefile_info  info;
    char                        p0[4096], p2[4096], pb[4096];
    uint8_t                    *file, *copy;
    size_t                      len;
    int                         rc;

    snprintf(p0, sizeof(p0), "%s/home/shares/s0.share", tmp);
    snprintf(p2, sizeof(p2), "%s/home/shares/s2.share", tmp);
    snprintf(pb, sizeof(pb), "%s/home/shares/bad.share", tmp);
    make_share(&s0, 0, 1500, 3000);
    make_share(&s2, 2, 1, 17);

    is_int(DUET_SHAREFILE_OK, duet_sharefile_write(p0, &s0, ID_A, 128,
        "correct horse", 10), "share: party 0 written");
    is_int(0600, mode_of(p0), "share: mode 0600");
    is_int(DUET_SHAREFILE_OK, duet_sharefile_write(p2, &s2, ID_A, 112,
        "battery staple", 10), "share: party 2 written");
    is_int(DUET_SHAREFILE_IO, duet_sharefile_write(p0, &s0, ID_A, 128,
        "correct horse", 10), "share: never over an existing file");

    rc = duet_sharefile_read(p0, "correct horse", &g, &info);
    is_int(DUET_SHAREFILE_OK, rc, "share: party 0 read back");
    ok(g.index == 0 && g.keyshare_len == s0.keyshare_len
       && g.aux_len == s0.aux_len
       && memcmp(g.keyshare, s0.keyshare, s0.keyshare_len) == 0
       && memcmp(g.aux, s0.aux, s0.aux_len) == 0, "share: party 0 blobs");
    ok(strcmp(info.signer_id, ID_A) == 0 && info.party == 0
       && info.level == 128 && info.log2n == 10, "share: party 0 info");
    duet_sharefile_share_clear(&g);
    ok(g.keyshare == NULL && g.aux == NULL && g.keyshare_len == 0,
        "share: cleared");
    rc = duet_sharefile_read(p2, "battery staple", &g, &info);
    is_int(DUET_SHAREFILE_OK, rc, "share: party 2 read back");
    ok(g.index == 2 && g.keyshare_len == 1 && g.aux_len == 17
       && memcmp(g.keyshare, s2.keyshare, 1) == 0
       && memcmp(g.aux, s2.aux, 17) == 0 && info.party == 2
       && info.level == 112, "share: party 2 blobs and info");
    duet_sharefile_share_clear(&g);

    is_int(DUET_SHAREFILE_BAD_PASSPHRASE, duet_sharefile_read(p0,
        "correct horsf", &g, &info), "share: wrong passphrase");
    ok(g.keyshare == NULL && g.aux == NULL, "share: ... nothing returned");
    is_str("wrong passphrase, or the file was altered",
        duet_sharefile_strerror(DUET_SHAREFILE_BAD_PASSPHRASE),
        "share: the message");

    set_mode(p0, 0644);
    is_int(DUET_SHAREFILE_PERMS, duet_sharefile_read(p0, "correct horse",
        &g, &info), "share: 0644 refused");
    set_mode(p0, 0640);
    is_int(DUET_SHAREFILE_PERMS, duet_sharefile_read(p0, "correct horse",
        &g, &info), "share: 0640 refused");
    set_mode(p0, 0600);
    is_int(DUET_SHAREFILE_IO, duet_sharefile_read(pb, "x", &g, &info),
        "share: missing file is IO");

    /*
     * Every byte flipped (one bit each, rotating) and every truncation of
     * the small party-2 file: each flip costs a scrypt, so the large file
     * gets the header and the ends of its ciphertext only.
     */
    sweep(p2, "battery staple", 0);
    sweep(p0, "correct horse", 200);

    if (duet_read_file(p0, 1 << 20, &file, &len) != 0) {
        sysbail("read %s", p0);
    }
    copy = bmalloc(len);
    memcpy(copy, file, len);
    copy = realloc(copy, len + 1);
    copy[len] = 0;
    is_int(DUET_SHAREFILE_CORRUPT, duet_sharefile_open(copy, len + 1,
        "correct horse", &g, &info), "share: a trailing byte is CORRUPT");

    /* Bound header fields: a valid other value still fails the tag. */
    memcpy(copy, file, len);
    copy[46 + 35] = '5';                        /* ID_A -> ID_B */
    is_int(DUET_SHAREFILE_BAD_PASSPHRASE, duet_sharefile_open(copy, len,
        "correct horse", &g, &info), "share: another signer id fails");
    memcpy(copy, file, len);
    copy[82] = 2;
    is_int(DUET_SHAREFILE_BAD_PASSPHRASE, duet_sharefile_open(copy, len,
        "correct horse", &g, &info), "share: another party fails");
    memcpy(copy, file, len);
    copy[84] = 112;
    is_int(DUET_SHAREFILE_BAD_PASSPHRASE, duet_sharefile_open(copy, len,
        "correct horse", &g, &info), "share: another level fails");
    memcpy(copy, file, len);
    copy[9] = 11;
    is_int(DUET_SHAREFILE_BAD_PASSPHRASE, duet_sharefile_open(copy, len,
        "correct horse", &g, &info), "share: another log2N fails");
    memcpy(copy, file, len);
    copy[17] = 2;
    is_int(DUET_SHAREFILE_CORRUPT, duet_sharefile_open(copy, len,
        "correct horse", &g, &info), "share: p = 2 refused");
    memcpy(copy, file, len);
    copy[13] = 16;
    is_int(DUET_SHAREFILE_CORRUPT, duet_sharefile_open(copy, len,
        "correct horse", &g, &info), "share: r = 16 refused");
    memcpy(copy, file, len);
    copy[9] = 21;
    is_int(DUET_SHAREFILE_CORRUPT, duet_sharefile_open(copy, len,
        "correct horse", &g, &info), "share: log2N 21 refused before "
        "any scrypt");
    memcpy(copy, file, len);
    copy[9] = 9;
    is_int(DUET_SHAREFILE_CORRUPT, duet_sharefile_open(copy, len,
        "correct horse", &g, &info), "share: log2N 9 refused under "
        "DUET_TEST_SCRYPT_LOG2N=10");

    /* log2N bounds without the test override. */
    unsetenv("DUET_TEST_SCRYPT_LOG2N");
    is_int(DUET_SHAREFILE_CORRUPT, duet_sharefile_open(file, len,
        "correct horse", &g, &info), "share: log2N 10 refused for real");
    is_int(DUET_SHAREFILE_INVALID, duet_sharefile_write(pb, &s0, ID_A, 128,
        "correct horse", 14), "share: writing log2N 14 refused");
    is_int(DUET_SHAREFILE_INVALID, duet_sharefile_write(pb, &s0, ID_A, 128,
        "correct horse", 21), "share: writing log2N 21 refused");
    is_int(DUET_SHAREFILE_OK, duet_sharefile_write(pb, &s2, ID_B, 128,
        "correct horse", DUET_SHAREFILE_LOG2N_DEFAULT),
        "share: written at the default 2^15");
    is_int(DUET_SHAREFILE_OK, duet_sharefile_read(pb, "correct horse", &g,
        &info), "share: ... and read (OpenSSL's memory limit raised)");
    ok(info.log2n == 15 && strcmp(info.signer_id, ID_B) == 0,
        "share: ... its info");
    duet_sharefile_share_clear(&g);
    setenv("DUET_TEST_SCRYPT_LOG2N", "10", 1);
    unlink(pb);

    /* Arguments. */
    is_int(DUET_SHAREFILE_INVALID, duet_sharefile_write(pb, &s0,
        "2F1C7A4E-0B6D-4C1E-9A57-3D2E8F901234", 128, "correct horse", 10),
        "share: upper-case signer id refused");
    is_int(DUET_SHAREFILE_INVALID, duet_sharefile_write(pb, &s0, ID_A, 127,
        "correct horse", 10), "share: level 127 refused");
    is_int(DUET_SHAREFILE_INVALID, duet_sharefile_write(pb, &s0, ID_A, 128,
        "", 10), "share: empty passphrase refused");
    s0.index = 1;
    is_int(DUET_SHAREFILE_INVALID, duet_sharefile_write(pb, &s0, ID_A, 128,
        "correct horse", 10), "share: party 1 refused");
    s0.index = 0;
    ok(access(pb, F_OK) == -1, "share: nothing written on refusals");

    free(copy);
    free(file);
    duet_sharefile_share_clear(&s0);
    duet_sharefile_share_clear(&s2);
}


static void
test_passphrase_sources(void)
{
    struct duet_passphrase_src  src;
    char                        out[DUET_PASSPHRASE_MAX + 1];
    char                        err[256], big[DUET_PASSPHRASE_MAX + 8];
    int                         fds[2];
    char                        rest[16];
    ssize_t                     n;

    memset(&src, 0, sizeof(src));
    src.fd = -1;
    src.env = "DUET_TEST_PASS";
    src.prompt = "Passphrase: ";
    setenv("DUET_TEST_PASS", "from the env", 1);
    is_int(0, duet_passphrase_get(&src, out, err, sizeof(err)),
        "pass: from the environment");
    is_str("from the env", out, "pass: ... its value");
    src.confirm = 1;
    setenv("DUET_TEST_PASS", "short", 1);
    is_int(-1, duet_passphrase_get(&src, out, err, sizeof(err)),
        "pass: a new one under 8 characters refused");
    ok(strstr(err, "at least 8") != NULL, "pass: ... said (%s)", err);
    src.confirm = 0;
    setenv("DUET_TEST_PASS", "", 1);
    is_int(-1, duet_passphrase_get(&src, out, err, sizeof(err)),
        "pass: empty refused");
    unsetenv("DUET_TEST_PASS");

    if (pipe(fds) == -1) {
        sysbail("pipe");
    }
    if (write(fds[1], "pipe secret\nnext line\n", 22) != 22) {
        sysbail("write");
    }
    src.fd = fds[0];
    setenv("DUET_TEST_PASS", "ignored: the fd comes first", 1);
    is_int(0, duet_passphrase_get(&src, out, err, sizeof(err)),
        "pass: from a pipe");
    is_str("pipe secret", out, "pass: ... one line, newline stripped");
    n = read(fds[0], rest, 10);
    ok(n == 10 && memcmp(rest, "next line\n", 10) == 0,
        "pass: ... nothing after the line consumed");
    if (write(fds[1], "no newline", 10) != 10) {
        sysbail("write");
    }
    close(fds[1]);
    is_int(0, duet_passphrase_get(&src, out, err, sizeof(err)),
        "pass: a last line without newline");
    is_str("no newline", out, "pass: ... its value");
    is_int(-1, duet_passphrase_get(&src, out, err, sizeof(err)),
        "pass: end of file refused");
    ok(strstr(err, "end of file") != NULL, "pass: ... said (%s)", err);
    close(fds[0]);

    if (pipe(fds) == -1) {
        sysbail("pipe");
    }
    memset(big, 'a', sizeof(big));
    big[sizeof(big) - 1] = '\n';
    if (write(fds[1], big, sizeof(big)) != (ssize_t) sizeof(big)) {
        sysbail("write");
    }
    close(fds[1]);
    src.fd = fds[0];
    is_int(-1, duet_passphrase_get(&src, out, err, sizeof(err)),
        "pass: over %d bytes refused", DUET_PASSPHRASE_MAX);
    is_str("", out, "pass: ... nothing left in out");
    close(fds[0]);
    unsetenv("DUET_TEST_PASS");
}


/*
 * Run duet_passphrase_get in a child whose controlling terminal is the
 * slave of a new pty; *master is the parent's end.  The child writes
 * "OK:<passphrase>" or "ERR:<err>" to the pipe res.
 */
static pid_t
spawn_tty_child(int confirm, int *master, int *res)
{
    struct duet_passphrase_src  src;
    char                        out[DUET_PASSPHRASE_MAX + 1], err[256];
    char                        line[DUET_PASSPHRASE_MAX + 300];
    int                         m, s, p[2];
    pid_t                       pid;

    if ((m = posix_openpt(O_RDWR | O_NOCTTY)) == -1 || grantpt(m) == -1
        || unlockpt(m) == -1 || pipe(p) == -1)
    {
        sysbail("pty");
    }
    if ((pid = fork()) == -1) {
        sysbail("fork");
    }
    if (pid == 0) {
        close(p[0]);
        /*
         * A shell runs background jobs with SIGINT ignored, and the
         * passphrase code rightly keeps an ignored signal ignored: the
         * SIGINT case below needs the default.
         */
        (void) signal(SIGINT, SIG_DFL);
        if (setsid() == -1 || (s = open(ptsname(m), O_RDWR)) == -1
            || ioctl(s, TIOCSCTTY, 0) == -1)
        {
            _exit(3);
        }
        close(m);
        memset(&src, 0, sizeof(src));
        src.fd = -1;
        src.env = "DUET_TEST_PASS_UNSET";
        src.prompt = "Passphrase for share 0: ";
        src.confirm = confirm;
        if (duet_passphrase_get(&src, out, err, sizeof(err)) == 0) {
            snprintf(line, sizeof(line), "OK:%s", out);
        } else {
            snprintf(line, sizeof(line), "ERR:%s", err);
        }
        if (write(p[1], line, strlen(line)) < 0) {
            _exit(4);
        }
        _exit(0);
    }
    close(p[1]);
    *master = m;
    *res = p[0];
    return pid;
}


/* Read from the pty master until want appears (or 5 s pass). */
static int
pty_wait_for(int m, const char *want, char *seen, size_t size)
{
    size_t  got = 0;
    ssize_t n;
    int     i;

    seen[0] = '\0';
    for (i = 0; i < 500; i++) {
        n = read(m, seen + got, size - 1 - got);
        if (n > 0) {
            got += (size_t) n;
            seen[got] = '\0';
            if (strstr(seen, want) != NULL) {
                return 1;
            }
            continue;
        }
        usleep(10000);
    }
    return 0;
}


static void
read_result(int res, char *buf, size_t size)
{
    ssize_t  n;
    size_t   got = 0;

    while ((n = read(res, buf + got, size - 1 - got)) > 0) {
        got += (size_t) n;
    }
    buf[got] = '\0';
    close(res);
}


static void
test_passphrase_tty(void)
{
    struct termios  t;
    char            seen[4096], result[2048];
    int             m, res, status, fl;
    pid_t           pid;

    /* No controlling terminal: a clear error. */
    pid = fork();
    if (pid == -1) {
        sysbail("fork");
    }
    if (pid == 0) {
        struct duet_passphrase_src  src;
        char  out[DUET_PASSPHRASE_MAX + 1], err[256];

        memset(&src, 0, sizeof(src));
        src.fd = -1;
        src.env = "DUET_PASSPHRASE_UNSET_IN_TEST";
        if (setsid() == -1) {
            _exit(3);
        }
        if (duet_passphrase_get(&src, out, err, sizeof(err)) == 0) {
            _exit(1);
        }
        _exit(strstr(err, "no TTY to ask for the passphrase: use "
            "--passphrase-fd or DUET_PASSPHRASE_UNSET_IN_TEST") != NULL
            ? 0 : 2);
    }
    waitpid(pid, &status, 0);
    ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
        "tty: no terminal gives the clear error (status %d)", status);

    /* A prompt on the terminal, echo off, then restored. */
    pid = spawn_tty_child(0, &m, &res);
    fl = fcntl(m, F_GETFL);
    fcntl(m, F_SETFL, fl | O_NONBLOCK);
    ok(pty_wait_for(m, "Passphrase for share 0: ", seen, sizeof(seen)),
        "tty: the prompt appears on the terminal");
    ok(tcgetattr(m, &t) == 0 && !(t.c_lflag & ECHO),
        "tty: echo is off while asking");
    if (write(m, "tty secret 1\n", 13) != 13) {
        sysbail("write pty");
    }
    read_result(res, result, sizeof(result));
    waitpid(pid, &status, 0);
    is_str("OK:tty secret 1", result, "tty: the passphrase read");
    (void) pty_wait_for(m, "\n", seen, sizeof(seen));
    ok(strstr(seen, "secret") == NULL, "tty: the passphrase was not echoed");
    ok(tcgetattr(m, &t) == 0 && (t.c_lflag & ECHO),
        "tty: echo restored after");
    close(m);

    /* Confirmation: the two differ. */
    pid = spawn_tty_child(1, &m, &res);
    fcntl(m, F_SETFL, fcntl(m, F_GETFL) | O_NONBLOCK);
    ok(pty_wait_for(m, "Passphrase for share 0: ", seen, sizeof(seen)),
        "tty confirm: first prompt");
    if (write(m, "first one 12\n", 13) != 13) {
        sysbail("write pty");
    }
    ok(pty_wait_for(m, "again", seen, sizeof(seen)),
        "tty confirm: asked again");
    if (write(m, "first one 13\n", 13) != 13) {
        sysbail("write pty");
    }
    read_result(res, result, sizeof(result));
    waitpid(pid, &status, 0);
    is_str("ERR:the passphrases differ", result,
        "tty confirm: different answers refused");
    close(m);

    /* Confirmation: the same twice. */
    pid = spawn_tty_child(1, &m, &res);
    fcntl(m, F_SETFL, fcntl(m, F_GETFL) | O_NONBLOCK);
    (void) pty_wait_for(m, "Passphrase for share 0: ", seen, sizeof(seen));
    if (write(m, "same one 123\n", 13) != 13) {
        sysbail("write pty");
    }
    (void) pty_wait_for(m, "again", seen, sizeof(seen));
    if (write(m, "same one 123\n", 13) != 13) {
        sysbail("write pty");
    }
    read_result(res, result, sizeof(result));
    waitpid(pid, &status, 0);
    is_str("OK:same one 123", result, "tty confirm: the same twice");
    close(m);

    /* SIGINT at the prompt: the child dies of it, echo is back on. */
    pid = spawn_tty_child(0, &m, &res);
    fcntl(m, F_SETFL, fcntl(m, F_GETFL) | O_NONBLOCK);
    ok(pty_wait_for(m, "Passphrase for share 0: ", seen, sizeof(seen)),
        "tty SIGINT: prompt");
    ok(tcgetattr(m, &t) == 0 && !(t.c_lflag & ECHO),
        "tty SIGINT: echo off before the signal");
    kill(pid, SIGINT);
    waitpid(pid, &status, 0);
    ok(WIFSIGNALED(status) && WTERMSIG(status) == SIGINT,
        "tty SIGINT: the process still dies of SIGINT");
    ok(tcgetattr(m, &t) == 0 && (t.c_lflag & ECHO),
        "tty SIGINT: echo restored");
    read_result(res, result, sizeof(result));
    close(m);
}


int
main(int argc, char **argv)
{
    tap_init(argc, argv);
    plan_lazy();
    if (setenv("DUET_TEST_SCRYPT_LOG2N", "10", 1) == -1) {
        sysbail("setenv");
    }
    tmp = test_tmpdir();

    test_home();
    test_atomic();
    test_sharefile();
    test_passphrase_sources();
    test_passphrase_tty();

    rm_contents(tmp);
    test_tmpdir_free(tmp);
    return 0;
}
