/*
 * basic.c -- the TAP library declared in basic.h.
 *
 * Everything goes to stdout, line-buffered, so that test lines and
 * diagnostics stay in order (the driver runs with --merge anyway).  The
 * plan check and the exit status are settled in an atexit handler.
 */

#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "basic.h"

enum tap_plan_kind {
    TAP_PLAN_NONE = 0,
    TAP_PLAN_FIXED,
    TAP_PLAN_LAZY
};

static enum tap_plan_kind tap_plan_kind;
static unsigned long tap_planned;
static unsigned long tap_run;
static unsigned long tap_failed;
static int tap_initialised;
/* Set by bail and skip_all: the exit handler then stays silent. */
static int tap_done;
static pid_t tap_pid;

static const char *tap_seed_arg;
static int tap_seed_known;
static uint64_t tap_seed_value;

/* Rows and bytes per row that is_blob shows around the first difference. */
#define TAP_BLOB_ROWS   4
#define TAP_BLOB_WIDTH  16


static char *tap_vformat(const char *fmt, va_list ap) TAP_PRINTF(1, 0);


/* Returns: the formatted text (malloc'd); bails out on failure. */
static char *
tap_vformat(const char *fmt, va_list ap)
{
    va_list ap2;
    char *s;
    int n;

    va_copy(ap2, ap);
    n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) {
        bail("vsnprintf failed for format \"%s\"", fmt);
    }
    s = bmalloc((size_t) n + 1);
    (void) vsnprintf(s, (size_t) n + 1, fmt, ap);

    return s;
}


/* Print text as TAP diagnostics: "# " before every line. */
static void
tap_print_diag(const char *text)
{
    const char *nl;

    do {
        nl = strchr(text, '\n');
        if (nl == NULL) {
            printf("# %s\n", text);
        } else {
            printf("# %.*s\n", (int) (nl - text), text);
            text = nl + 1;
        }
    } while (nl != NULL && *text != '\0');
    fflush(stdout);
}


/*
 * Print a test description: on one line, with '#' escaped so that it is
 * not read as a directive.
 */
static void
tap_print_desc(const char *desc)
{
    const char *c;

    if (*desc == '\0') {
        return;
    }
    fputs(" - ", stdout);
    for (c = desc; *c != '\0'; c++) {
        if (*c == '#') {
            fputs("\\#", stdout);
        } else if (*c == '\n' || *c == '\r') {
            putchar(' ');
        } else {
            putchar(*c);
        }
    }
}


static void
tap_finish(void)
{
    int bad = 0;

    /* A forked child's exit is not the end of the test. */
    if (!tap_initialised || tap_done || getpid() != tap_pid) {
        return;
    }

    switch (tap_plan_kind) {
    case TAP_PLAN_LAZY:
        printf("1..%lu\n", tap_run);
        break;
    case TAP_PLAN_FIXED:
        if (tap_run != tap_planned) {
            diag("Looks like you planned %lu test%s but ran %lu",
                tap_planned, tap_planned == 1 ? "" : "s", tap_run);
            bad = 1;
        }
        break;
    case TAP_PLAN_NONE:
        printf("1..%lu\n", tap_run);
        diag("No plan was declared (call plan or plan_lazy)");
        bad = 1;
        break;
    }
    if (tap_failed > 0) {
        diag("Looks like you failed %lu test%s of %lu", tap_failed,
            tap_failed == 1 ? "" : "s", tap_run);
        bad = 1;
    }
    fflush(stdout);

    /* From an exit handler only _exit may change the status. */
    if (bad) {
        _exit(1);
    }
}


static void
tap_setup(void)
{
    if (tap_initialised) {
        return;
    }
    tap_initialised = 1;
    tap_pid = getpid();
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (atexit(tap_finish) != 0) {
        bail("atexit failed");
    }
}


void
tap_init(int argc, char **argv)
{
    int i;

    tap_setup();
    for (i = 1; i < argc; i++) {
        if (strncmp(argv[i], "--seed=", 7) == 0) {
            tap_seed_arg = argv[i] + 7;
        }
    }
}


void
plan(unsigned long n)
{
    tap_setup();
    if (tap_plan_kind != TAP_PLAN_NONE) {
        bail("plan declared twice");
    }
    tap_plan_kind = TAP_PLAN_FIXED;
    tap_planned = n;
    printf("1..%lu\n", n);
    fflush(stdout);
}


void
plan_lazy(void)
{
    tap_setup();
    if (tap_plan_kind != TAP_PLAN_NONE) {
        bail("plan declared twice");
    }
    tap_plan_kind = TAP_PLAN_LAZY;
}


void
skip_all(const char *fmt, ...)
{
    va_list ap;
    char *why;

    tap_setup();
    va_start(ap, fmt);
    why = tap_vformat(fmt, ap);
    va_end(ap);
    printf("1..0 # SKIP %s\n", why);
    fflush(stdout);
    free(why);
    tap_done = 1;
    exit(0);
}


/* Record and print one result; desc may be NULL. */
static int
tap_result(int cond, const char *desc)
{
    tap_setup();
    tap_run++;
    if (!cond) {
        tap_failed++;
    }
    printf("%sok %lu", cond ? "" : "not ", tap_run);
    if (desc != NULL) {
        tap_print_desc(desc);
    }
    putchar('\n');
    fflush(stdout);

    return cond ? 1 : 0;
}


int
ok(int cond, const char *fmt, ...)
{
    va_list ap;
    char *desc;
    int r;

    va_start(ap, fmt);
    desc = tap_vformat(fmt, ap);
    va_end(ap);
    r = tap_result(cond, desc);
    free(desc);

    return r;
}


int
is_int(long long expected, long long got, const char *fmt, ...)
{
    va_list ap;
    char *desc;
    int r;

    va_start(ap, fmt);
    desc = tap_vformat(fmt, ap);
    va_end(ap);
    r = tap_result(expected == got, desc);
    if (!r) {
        diag("  expected: %lld\n       got: %lld", expected, got);
    }
    free(desc);

    return r;
}


int
is_str(const char *expected, const char *got, const char *fmt, ...)
{
    va_list ap;
    char *desc;
    int same, r;

    if (expected == NULL || got == NULL) {
        same = expected == got;
    } else {
        same = strcmp(expected, got) == 0;
    }

    va_start(ap, fmt);
    desc = tap_vformat(fmt, ap);
    va_end(ap);
    r = tap_result(same, desc);
    if (!r) {
        diag("  expected: %s%s%s\n       got: %s%s%s",
            expected != NULL ? "\"" : "",
            expected != NULL ? expected : "(null)",
            expected != NULL ? "\"" : "",
            got != NULL ? "\"" : "", got != NULL ? got : "(null)",
            got != NULL ? "\"" : "");
    }
    free(desc);

    return r;
}


/* One row of an is_blob dump: offset, hex bytes, '^' under differences. */
static void
tap_blob_row(const unsigned char *e, const unsigned char *g, size_t off,
    size_t len)
{
    char ebuf[TAP_BLOB_WIDTH * 3 + 1], gbuf[TAP_BLOB_WIDTH * 3 + 1];
    char mbuf[TAP_BLOB_WIDTH * 3 + 1];
    size_t i, n = len - off < TAP_BLOB_WIDTH ? len - off : TAP_BLOB_WIDTH;

    for (i = 0; i < n; i++) {
        snprintf(ebuf + 3 * i, 4, " %02x", e[off + i]);
        snprintf(gbuf + 3 * i, 4, " %02x", g[off + i]);
        snprintf(mbuf + 3 * i, 4, " %s",
            e[off + i] != g[off + i] ? "^^" : "  ");
    }
    ebuf[3 * n] = gbuf[3 * n] = mbuf[3 * n] = '\0';
    for (i = 3 * n; i > 0 && mbuf[i - 1] == ' '; i--) {
        mbuf[i - 1] = '\0';
    }
    diag("  %06zx expected:%s\n  %6s      got:%s\n  %6s         %s", off,
        ebuf, "", gbuf, "", mbuf);
}


int
is_blob(const void *expected, const void *got, size_t len, const char *fmt,
    ...)
{
    const unsigned char *e = expected, *g = got;
    va_list ap;
    char *desc;
    size_t i, first = len, ndiff = 0, row;
    int r;

    if (e == NULL || g == NULL) {
        ndiff = (e == g) ? 0 : 1;
        first = 0;
    } else {
        for (i = 0; i < len; i++) {
            if (e[i] != g[i]) {
                ndiff++;
                if (first == len) {
                    first = i;
                }
            }
        }
    }

    va_start(ap, fmt);
    desc = tap_vformat(fmt, ap);
    va_end(ap);
    r = tap_result(ndiff == 0, desc);
    if (!r && (e == NULL || g == NULL)) {
        diag("  expected: %s\n       got: %s", e != NULL ? "(bytes)" : "NULL",
            g != NULL ? "(bytes)" : "NULL");
    } else if (!r) {
        diag("  %zu of %zu bytes differ, the first at offset %zu", ndiff,
            len, first);
        row = first - first % TAP_BLOB_WIDTH;
        for (i = 0; i < TAP_BLOB_ROWS && row < len; i++) {
            tap_blob_row(e, g, row, len);
            row += TAP_BLOB_WIDTH;
        }
    }
    free(desc);

    return r;
}


void
skip(const char *fmt, ...)
{
    va_list ap;
    char *why;

    tap_setup();
    va_start(ap, fmt);
    why = tap_vformat(fmt, ap);
    va_end(ap);
    tap_run++;
    printf("ok %lu # skip %s\n", tap_run, why);
    fflush(stdout);
    free(why);
}


void
skip_block(unsigned long count, const char *fmt, ...)
{
    va_list ap;
    char *why;
    unsigned long i;

    tap_setup();
    va_start(ap, fmt);
    why = tap_vformat(fmt, ap);
    va_end(ap);
    for (i = 0; i < count; i++) {
        tap_run++;
        printf("ok %lu # skip %s\n", tap_run, why);
    }
    fflush(stdout);
    free(why);
}


int
diag(const char *fmt, ...)
{
    va_list ap;
    char *text;

    va_start(ap, fmt);
    text = tap_vformat(fmt, ap);
    va_end(ap);
    tap_print_diag(text);
    free(text);

    return 1;
}


/* Print "Bail out!" and leave with 255. */
static void TAP_NORETURN
tap_bail_out(const char *why, const char *suffix)
{
    fflush(stdout);
    printf("Bail out! %s%s\n", why, suffix);
    fflush(stdout);
    tap_done = 1;
    exit(255);
}


void
bail(const char *fmt, ...)
{
    va_list ap;
    char buf[512];

    /* No allocation: bail must work when memory has run out. */
    va_start(ap, fmt);
    (void) vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    tap_bail_out(buf, "");
}


void
sysbail(const char *fmt, ...)
{
    va_list ap;
    char buf[512], suffix[256];
    int saved = errno;

    va_start(ap, fmt);
    (void) vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    (void) snprintf(suffix, sizeof(suffix), ": %s", strerror(saved));
    tap_bail_out(buf, suffix);
}


unsigned long
tap_tests_run(void)
{
    return tap_run;
}


unsigned long
tap_tests_failed(void)
{
    return tap_failed;
}


/* Parse 1 to 16 hex digits, with an optional 0x.  Returns: 0 or -1. */
static int
tap_parse_seed(const char *s, uint64_t *v)
{
    size_t i, n;
    int d;

    *v = 0;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        s += 2;
    }
    n = strlen(s);
    if (n == 0 || n > 16) {
        return -1;
    }
    for (i = 0; i < n; i++) {
        if (s[i] >= '0' && s[i] <= '9') {
            d = s[i] - '0';
        } else if (s[i] >= 'a' && s[i] <= 'f') {
            d = s[i] - 'a' + 10;
        } else if (s[i] >= 'A' && s[i] <= 'F') {
            d = s[i] - 'A' + 10;
        } else {
            return -1;
        }
        *v = (*v << 4) | (uint64_t) d;
    }

    return 0;
}


uint64_t
tap_seed(void)
{
    const char *src = tap_seed_arg;
    const char *what = "--seed";
    uint64_t v;
    ssize_t got;

    if (tap_seed_known) {
        return tap_seed_value;
    }
    tap_setup();

    if (src == NULL) {
        src = getenv("DUET_TEST_SEED");
        what = "DUET_TEST_SEED";
    }
    if (src != NULL && *src != '\0') {
        if (tap_parse_seed(src, &v) != 0) {
            bail("%s=%s is not 1 to 16 hex digits", what, src);
        }
    } else {
        do {
            got = getrandom(&v, sizeof(v), 0);
        } while (got < 0 && errno == EINTR);
        if (got != (ssize_t) sizeof(v)) {
            sysbail("getrandom");
        }
    }

    tap_seed_value = v;
    tap_seed_known = 1;
    printf("# seed=%016" PRIx64 "\n", v);
    fflush(stdout);

    return v;
}


char *
test_tmpdir(void)
{
    const char *builddir = getenv("top_builddir");
    const char *tmp = getenv("TMPDIR");
    char *base = NULL, *path;
    size_t n;

    if (builddir != NULL && *builddir != '\0') {
        n = strlen(builddir) + sizeof("/tests/tmp");
        base = bmalloc(n);
        snprintf(base, n, "%s/tests/tmp", builddir);
        if (mkdir(base, 0700) != 0 && errno != EEXIST) {
            sysbail("mkdir %s", base);
        }
    } else {
        n = strlen(tmp != NULL && *tmp != '\0' ? tmp : "/tmp") + 1;
        base = bmalloc(n);
        snprintf(base, n, "%s", tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
    }

    n = strlen(base) + sizeof("/tap-XXXXXX");
    path = bmalloc(n);
    snprintf(path, n, "%s/tap-XXXXXX", base);
    if (mkdtemp(path) == NULL) {
        sysbail("mkdtemp %s", path);
    }
    free(base);

    return path;
}


void
test_tmpdir_free(char *path)
{
    char *slash;

    if (path == NULL) {
        return;
    }
    if (rmdir(path) != 0) {
        diag("cannot remove %s: %s", path, strerror(errno));
    } else if ((slash = strrchr(path, '/')) != NULL && slash != path) {
        /* Also the shared parent, if this was its last user. */
        *slash = '\0';
        if (strlen(path) >= 10
            && strcmp(path + strlen(path) - 10, "/tests/tmp") == 0)
        {
            (void) rmdir(path);
        }
    }
    free(path);
}


void *
bmalloc(size_t n)
{
    void *p = malloc(n != 0 ? n : 1);

    if (p == NULL) {
        bail("out of memory allocating %zu bytes", n);
    }

    return p;
}


void *
bcalloc(size_t n, size_t size)
{
    void *p = calloc(n != 0 ? n : 1, size != 0 ? size : 1);

    if (p == NULL) {
        bail("out of memory allocating %zu x %zu bytes", n, size);
    }

    return p;
}
