/*
 * ctime-t.c -- constant-time checks of the util and codec primitives that
 * handle secrets (STYLE.md practices 4 and 5).
 *
 * Secret inputs are marked undefined for valgrind's memcheck; any branch or
 * memory index computed from them is then a memcheck error.  Each test
 * compares memcheck's error count before and after one call.  Values the
 * code deliberately makes public (a decoder's verdict) pass through
 * duet_declassify() inside the library.
 *
 * The program needs valgrind: started without it, it runs itself under
 * $VALGRIND (default: valgrind from PATH) and relays the result, or skips
 * if valgrind cannot run it.
 */

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "basic.h"
#include "duet.h"
#include "duet_util.h"
#include "util/checkmem.h"
#include "util/mem.h"

/* Set in the environment of the copy this program starts under valgrind. */
#define CTIME_REEXEC_ENV  "DUET_CTIME_REEXEC"

#if defined(__SANITIZE_ADDRESS__)
#define CTIME_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CTIME_ASAN 1
#endif
#endif

static unsigned long ctime_errors;


/* Start counting errors for one check. */
static void
ctime_begin(void)
{
    ctime_errors = DUET_CHECKMEM_ERRORS();
}


/* Returns: the number of memcheck errors since ctime_begin. */
static unsigned long
ctime_end(void)
{
    return DUET_CHECKMEM_ERRORS() - ctime_errors;
}


/*
 * Run ourselves under valgrind as a child and relay its TAP.  If valgrind
 * cannot run us at all (not installed, or unable to read the binary, as
 * valgrind 3.19 cannot read clang 14's DWARF 5), there is no TAP to relay:
 * skip, pointing at valgrind's messages, rather than fail.
 */
static void
ctime_reexec(int argc, char **argv)
{
    const char *vg = getenv("VALGRIND");
    char **args, line[1024];
    FILE *in;
    pid_t pid;
    int fds[2], i, status = 0, saw_tap = 0;

    if (getenv(CTIME_REEXEC_ENV) != NULL) {
        skip_all("started under valgrind but not running on it");
    }
    if (vg == NULL || *vg == '\0') {
        vg = "valgrind";
    }

    args = bcalloc((size_t) argc + 5, sizeof(*args));
    args[0] = (char *) vg;
    args[1] = (char *) "-q";
    args[2] = (char *) "--tool=memcheck";
    args[3] = (char *) "--track-origins=yes";
    for (i = 0; i < argc; i++) {
        args[4 + i] = argv[i];
    }

    if (pipe(fds) != 0) {
        sysbail("pipe");
    }
    fflush(stdout);
    if ((pid = fork()) < 0) {
        sysbail("fork");
    }
    if (pid == 0) {
        if (dup2(fds[1], STDOUT_FILENO) < 0
            || setenv(CTIME_REEXEC_ENV, "1", 1) != 0)
        {
            _exit(127);
        }
        close(fds[0]);
        close(fds[1]);
        execvp(vg, args);
        _exit(127);
    }
    close(fds[1]);
    free(args);

    if ((in = fdopen(fds[0], "r")) == NULL) {
        sysbail("fdopen");
    }
    while (fgets(line, sizeof(line), in) != NULL) {
        if (strncmp(line, "1..", 3) == 0 || strncmp(line, "ok ", 3) == 0
            || strncmp(line, "not ok ", 7) == 0
            || strncmp(line, "Bail out!", 9) == 0)
        {
            saw_tap = 1;
        }
        fputs(line, stdout);
        fflush(stdout);
    }
    fclose(in);
    if (waitpid(pid, &status, 0) != pid) {
        sysbail("waitpid");
    }

    if (!saw_tap) {
        skip_all("%s could not run this test (status %d): see its messages; "
            "apt-get install valgrind, and build clang code with -gdwarf-4",
            vg, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    }
    exit(WIFEXITED(status) ? WEXITSTATUS(status) : 1);
}


/*
 * A deliberate leak, a table lookup indexed by a secret, which the harness
 * must see.  (A plain "p[0] == x ? a : b" is no good: the compiler makes it
 * branch-free.)
 */
static int
ctime_leaky(const uint8_t *p)
{
    static volatile uint8_t table[256];

    return table[p[0]];
}


static void
test_harness(void)
{
    uint8_t secret[4] = { 0x42, 1, 2, 3 };
    volatile int sink;

    /*
     * Only in the copy we started ourselves: under an outer valgrind that
     * counts errors in its exit status (make check-valgrind), the
     * deliberate error would fail the run.
     */
    if (getenv(CTIME_REEXEC_ENV) == NULL) {
        skip("harness self-test runs only when ctime-t starts valgrind");
        return;
    }
    diag("memcheck reports ctime_leaky below or above: that is expected");
    ctime_begin();
    DUET_CHECKMEM_UNDEFINE(secret, sizeof(secret));
    sink = ctime_leaky(secret);
    DUET_CHECKMEM_DEFINE(secret, sizeof(secret));
    (void) sink;
    ok(ctime_end() > 0, "the harness detects a secret-indexed lookup");
}


static void
test_mem(void)
{
    uint8_t a[67], b[67], dst[33], src[33];
    int eq, zero, flag = 1;

    memset(a, 0x11, sizeof(a));
    memcpy(b, a, sizeof(b));
    b[40] ^= 4;

    ctime_begin();
    DUET_CHECKMEM_UNDEFINE(a, sizeof(a));
    DUET_CHECKMEM_UNDEFINE(b, sizeof(b));
    eq = duet_ct_memeq(a, b, sizeof(a));
    DUET_CHECKMEM_DEFINE(&eq, sizeof(eq));
    ok(ctime_end() == 0 && eq == 0, "ct_memeq: constant time");

    ctime_begin();
    zero = duet_ct_is_zero(a, sizeof(a));
    DUET_CHECKMEM_DEFINE(&zero, sizeof(zero));
    ok(ctime_end() == 0 && zero == 0, "ct_is_zero: constant time");

    memset(dst, 1, sizeof(dst));
    memset(src, 2, sizeof(src));
    ctime_begin();
    DUET_CHECKMEM_UNDEFINE(&flag, sizeof(flag));
    DUET_CHECKMEM_UNDEFINE(src, sizeof(src));
    duet_ct_cmov(dst, src, sizeof(dst), flag);
    DUET_CHECKMEM_DEFINE(dst, sizeof(dst));
    DUET_CHECKMEM_DEFINE(&flag, sizeof(flag));
    ok(ctime_end() == 0 && dst[0] == 2, "ct_cmov: constant time in flag");

    ctime_begin();
    duet_memclear(a, sizeof(a));
    ok(ctime_end() == 0, "memclear: constant time");
    DUET_CHECKMEM_DEFINE(a, sizeof(a));
    DUET_CHECKMEM_DEFINE(b, sizeof(b));
}


/* Decode text (marked secret) and report errors beyond the verdict. */
static void
check_decode(int base64, const char *text, int expect, const char *what)
{
    char in[128];
    uint8_t out[96];
    size_t len, n = strlen(text);
    int r;

    memcpy(in, text, n);
    ctime_begin();
    DUET_CHECKMEM_UNDEFINE(in, n);
    r = base64 ? duet_base64url_decode(out, sizeof(out), &len, in, n)
        : duet_hex_decode(out, sizeof(out), &len, in, n);
    DUET_CHECKMEM_DEFINE(out, sizeof(out));
    DUET_CHECKMEM_DEFINE(in, n);
    ok(ctime_end() == 0 && r == expect, "%s decode, %s: constant time",
        base64 ? "base64url" : "hex", what);
}


static void
test_codec(void)
{
    uint8_t data[64];
    char text[160];
    size_t i;
    int r;

    for (i = 0; i < sizeof(data); i++) {
        data[i] = (uint8_t) (i * 73 + 5);
    }

    ctime_begin();
    DUET_CHECKMEM_UNDEFINE(data, sizeof(data));
    r = duet_hex_encode(text, sizeof(text), data, sizeof(data));
    DUET_CHECKMEM_DEFINE(text, sizeof(text));
    ok(ctime_end() == 0 && r == 0, "hex encode: constant time");

    ctime_begin();
    r = duet_base64url_encode(text, sizeof(text), data, sizeof(data) - 1);
    DUET_CHECKMEM_DEFINE(text, sizeof(text));
    ok(ctime_end() == 0 && r == 0, "base64url encode: constant time");
    DUET_CHECKMEM_DEFINE(data, sizeof(data));

    check_decode(0, "00ff7A9bC3dE", 0, "valid, mixed case");
    check_decode(0, "00ff7g9b", DUET_ERR_BAD_ENCODING, "a bad character");
    check_decode(1, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
        "0123456789-_", 0, "the whole alphabet");
    check_decode(1, "Zm9vYmE", 0, "valid with a 3-character tail");
    check_decode(1, "Zm9vYg", 0, "valid with a 2-character tail");
    check_decode(1, "Zm9vYmF", DUET_ERR_NON_CANONICAL, "stray bits");
    check_decode(1, "Zm9v+mE", DUET_ERR_BAD_ENCODING, "a bad character");
}


int
main(int argc, char **argv)
{
#if defined(CTIME_ASAN)
    const char *why = "valgrind cannot run an AddressSanitizer build";
#elif !defined(DUET_HAVE_CHECKMEM)
    const char *why = "built without valgrind/memcheck.h (apt-get install "
        "valgrind) or without VERIFY";
#else
    const char *why = NULL;
#endif

    if (why != NULL) {
        skip_all("%s", why);
    }
    if (!DUET_CHECKMEM_RUNNING()) {
        ctime_reexec(argc, argv);
    }
    tap_init(argc, argv);
    plan_lazy();

    test_harness();
    test_mem();
    test_codec();

    return 0;
}
