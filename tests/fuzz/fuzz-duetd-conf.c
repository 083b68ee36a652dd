/*
 * fuzz-duetd-conf.c -- libFuzzer harness for duetd's config-file parser
 * (fcgi_app/options.c): the input is the whole of duetd.conf.
 *
 * The parser only reads files, so each input is written to one memfd
 * (mode 0600, rewritten in place) that duetd_conf_load opens by its
 * /proc/self/fd path, as SIGHUP's reload does (errors to the log, here
 * fuzz-duetd-log.h).  No temporary file is made per input.  Checked:
 *
 *   - a refused file logged at least one error, an accepted one none;
 *   - an error about operator_token_sha256 never quotes the value (the
 *     hash of the operator token), i.e. has no run of 16 hex digits;
 *   - an accepted file's effective settings (duetd_options_print), with
 *     the masked operator hash and the networks' masked RPC URLs written
 *     back, form a file that is accepted again with exactly the same
 *     settings (control characters other than tab are refused, so no
 *     value can hide a CR); every printed network line shows its RPC URL
 *     as "(set)", in the third word.
 *
 * options.c interns every string for the life of the process; the
 * harness frees its list after each input so that fuzzing stays bounded.
 */

#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"
#include "fuzz-duetd-log.h"

#include "options.c"

#define FUZZ_CONF_MAX_INPUT  65536

static int fuzz_fd = -1;
static char fuzz_path[64];
static int fuzz_token_leak;


static void
intern_free(void)
{
    struct duetd_string *e, *next;

    for (e = duetd_strings; e != NULL; e = next) {
        next = e->next;
        free(e);
    }
    duetd_strings = NULL;
}


/* Errors about the operator hash are "<file>:<line>: operator_...: ". */
static void
token_hook(enum duetd_log_level level, const char *msg)
{
    static const char key[] = "operator_token_sha256: ";
    size_t n = strlen(fuzz_path), run = 0;
    const char *p;

    (void) level;
    if (strncmp(msg, fuzz_path, n) != 0 || msg[n] != ':') {
        return;
    }
    p = msg + n + 1;
    while (*p >= '0' && *p <= '9') {
        p++;
    }
    if (strncmp(p, ": ", 2) != 0 || strncmp(p + 2, key, sizeof(key) - 1)) {
        return;
    }
    for (p += 2 + sizeof(key) - 1; *p != '\0'; p++) {
        run = isxdigit((unsigned char) *p) ? run + 1 : 0;
        if (run >= 16) {
            fuzz_token_leak = 1;
        }
    }
}


static void
put_file(const void *p, size_t n)
{
    const uint8_t *b = p;
    ssize_t w;
    size_t off = 0;

    fuzz_assert(ftruncate(fuzz_fd, 0) == 0);
    while (off < n) {
        w = pwrite(fuzz_fd, b + off, n - off, (off_t) off);
        fuzz_assert(w > 0);
        off += (size_t) w;
    }
}


/* The settings as duetd --check-config prints them, minus the header. */
static char *
settings_text(const struct duetd_config *cfg, size_t *len)
{
    char *buf = NULL, *nl;
    size_t size = 0;
    FILE *f;

    f = open_memstream(&buf, &size);
    fuzz_assert(f != NULL);
    duetd_options_print(cfg, f);
    fuzz_assert(fclose(f) == 0);
    nl = strchr(buf, '\n');
    fuzz_assert(buf[0] == '#' && nl != NULL);
    memmove(buf, nl + 1, size - (size_t) (nl + 1 - buf) + 1);
    *len = strlen(buf);
    return buf;
}


/* The printed settings, with the operator hash written out in full. */
static char *
settings_file(const struct duetd_config *cfg, const char *text, size_t *len)
{
    static const char masked[] = "operator_token_sha256 = (set)\n";
    const char *at;
    char *out, hex[65];
    size_t n = strlen(text), pre;

    /* At the start of a line: a path may hold the same text. */
    out = fuzz_alloc(n + sizeof(hex) + 1);
    at = strstr(text, "\noperator_token_sha256 = (set)\n");
    if (at != NULL) {
        at++;
    }
    fuzz_assert((at != NULL) == (cfg->have_operator != 0));
    if (at == NULL) {
        memcpy(out, text, n + 1);
        *len = n;
        return out;
    }
    fuzz_assert(duet_hex_encode(hex, sizeof(hex), cfg->operator_token_sha256,
        32) == 0);
    pre = (size_t) (at - text) + sizeof("operator_token_sha256 = ") - 1;
    memcpy(out, text, pre);
    memcpy(out + pre, hex, 64);
    memcpy(out + pre + 64, at + sizeof(masked) - 2,
        n - (size_t) (at + sizeof(masked) - 2 - text) + 1);
    *len = strlen(out);
    return out;
}


/*
 * Write each network's RPC URL back over the "(set)" of its line,
 * "network = NAME CHAIN_ID (set) ...", in order.  Frees text.
 */
static char *
unmask_networks(const struct duetd_config *cfg, char *text, size_t *len)
{
    const char *line, *set, *next;
    char *out, *p;
    size_t i = 0, n, extra = 0;

    for (i = 0; i < cfg->nnetworks; i++) {
        extra += strlen(cfg->networks[i].rpc_url);
    }
    out = fuzz_alloc(strlen(text) + extra + 1);
    p = out;
    i = 0;
    for (line = text; *line != '\0'; line = next) {
        next = strchr(line, '\n');
        next = next != NULL ? next + 1 : line + strlen(line);
        if (strncmp(line, "network = ", 10) == 0) {
            fuzz_assert(i < cfg->nnetworks);
            /* NAME and CHAIN_ID hold no blank: the third word. */
            set = strstr(line, " (set)");
            fuzz_assert(set != NULL && set < next);
            fuzz_assert(strchr(line + 10, ' ') != NULL
                        && strchr(strchr(line + 10, ' ') + 1, ' ') == set);
            n = (size_t) (set + 1 - line);
            memcpy(p, line, n);
            p += n;
            n = strlen(cfg->networks[i].rpc_url);
            memcpy(p, cfg->networks[i].rpc_url, n);
            p += n;
            n = (size_t) (next - (set + 6));
            memcpy(p, set + 6, n);
            p += n;
            i++;
            continue;
        }
        memcpy(p, line, (size_t) (next - line));
        p += next - line;
    }
    *p = '\0';
    fuzz_assert(i == cfg->nnetworks);
    free(text);
    *len = (size_t) (p - out);
    return out;
}


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct duetd_config cfg, again;
    char *text, *file, *text2;
    size_t len, flen, len2;
    int r;

    if (size > FUZZ_CONF_MAX_INPUT) {
        return 0;
    }
    if (fuzz_fd < 0) {
        fuzz_fd = memfd_create("duetd.conf", MFD_CLOEXEC);
        fuzz_assert(fuzz_fd >= 0 && fchmod(fuzz_fd, 0600) == 0);
        snprintf(fuzz_path, sizeof(fuzz_path), "/proc/self/fd/%d", fuzz_fd);
        fuzz_log_hook = token_hook;
    }

    put_file(data, size);
    fuzz_log_reset();
    fuzz_token_leak = 0;
    r = duetd_conf_load(&cfg, fuzz_path, 1, 1);
    fuzz_assert(r == 0 || r == -1);
    fuzz_assert(!fuzz_token_leak);
    fuzz_assert((r != 0) == (fuzz_log_count[DUETD_LOG_ERROR] > 0));
    if (r != 0) {
        intern_free();
        return 0;
    }

    fuzz_assert(cfg.config_file != NULL && cfg.data_dir != NULL
        && cfg.store_path != NULL && cfg.kms_dir != NULL
        && cfg.kms_master_key_file != NULL);
    text = settings_text(&cfg, &len);
    file = settings_file(&cfg, text, &flen);
    file = unmask_networks(&cfg, file, &flen);

    put_file(file, flen);
    fuzz_log_reset();
    fuzz_assert(duetd_conf_load(&again, fuzz_path, 1, 1) == 0);
    text2 = settings_text(&again, &len2);
    fuzz_assert(len2 == len && memcmp(text2, text, len) == 0);
    fuzz_assert(again.have_operator == cfg.have_operator
        && memcmp(again.operator_token_sha256, cfg.operator_token_sha256,
                  32) == 0);

    free(text2);
    free(file);
    free(text);
    duet_memclear(&cfg, sizeof(cfg));
    duet_memclear(&again, sizeof(again));
    intern_free();
    return 0;
}
