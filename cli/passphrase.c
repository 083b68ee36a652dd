/*
 * passphrase.c -- see passphrase.h.
 *
 * While echo is off on the terminal, a signal that ends the process would
 * leave the user's shell without echo.  A handler for SIGINT, SIGTERM,
 * SIGHUP and SIGQUIT puts the saved settings back, restores the previous
 * disposition and raises the signal again, so the process still ends (or
 * the previous handler still runs) as it would have.  SIGTSTP is left as
 * it is: the shell restores the terminal of a stopped job.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "duet_util.h"
#include "passphrase.h"

#define DUET_PASSPHRASE_MIN  8

static const int  duet_pass_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
#define DUET_PASS_NSIGNALS \
    (sizeof(duet_pass_signals) / sizeof(duet_pass_signals[0]))

/* What the handler needs; written only while the signals are blocked. */
static volatile sig_atomic_t  duet_pass_tty_fd = -1;
static struct termios         duet_pass_saved;
static struct sigaction       duet_pass_old[DUET_PASS_NSIGNALS];


static void
duet_pass_err(char *err, size_t errlen, const char *fmt, ...)
{
    va_list  ap;

    if (err == NULL || errlen == 0) {
        return;
    }
    va_start(ap, fmt);
    (void) vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}


static void
duet_pass_signal(int sig)
{
    size_t  i;
    int     saved = errno;

    if (duet_pass_tty_fd != -1) {
        (void) tcsetattr(duet_pass_tty_fd, TCSAFLUSH, &duet_pass_saved);
        /* Best effort: the line the user was typing on is left open. */
        if (write(duet_pass_tty_fd, "\n", 1) == -1) {
            /* nothing to do in a handler */;
        }
        duet_pass_tty_fd = -1;
    }
    for (i = 0; i < DUET_PASS_NSIGNALS; i++) {
        if (duet_pass_signals[i] == sig) {
            (void) sigaction(sig, &duet_pass_old[i], NULL);
        }
    }
    errno = saved;
    (void) raise(sig);
}


/*
 * Read one line from fd into out (at most DUET_PASSPHRASE_MAX bytes, the
 * newline dropped), a byte at a time so that nothing after the line is
 * consumed.  Returns the length, -1 on error (errno), -2 when too long,
 * -3 at end of file before any byte.
 */
static ssize_t
duet_pass_read_line(int fd, char *out)
{
    size_t   n = 0;
    ssize_t  rd;
    char     c;

    for (;;) {
        rd = read(fd, &c, 1);
        if (rd == -1 && errno == EINTR) {
            continue;
        }
        if (rd == -1) {
            return -1;
        }
        if (rd == 0) {
            if (n == 0) {
                return -3;
            }
            break;
        }
        if (c == '\n') {
            break;
        }
        if (n == DUET_PASSPHRASE_MAX) {
            /* Drain the rest of the line so it is not read as a command. */
            while ((rd = read(fd, &c, 1)) == 1 && c != '\n') {
                /* nothing */;
            }
            c = 0;
            out[n] = '\0';
            return -2;
        }
        out[n++] = c;
    }
    out[n] = '\0';
    c = 0;

    return (ssize_t) n;
}


/* Prompt on the terminal tty with echo off and read a line into out. */
static int
duet_pass_tty_ask(int tty, const char *prompt, char *out, char *err,
    size_t errlen)
{
    struct sigaction  sa;
    struct termios    noecho;
    sigset_t          block, old;
    ssize_t           n;
    size_t            i;
    int               installed = 0, r = -1;

    if (tcgetattr(tty, &duet_pass_saved) == -1) {
        duet_pass_err(err, errlen, "cannot read the terminal settings: %s",
            strerror(errno));
        return -1;
    }
    noecho = duet_pass_saved;
    noecho.c_lflag &= ~(tcflag_t) (ECHO | ECHOE | ECHOK);
    noecho.c_lflag |= ECHONL | ICANON;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = duet_pass_signal;
    (void) sigemptyset(&sa.sa_mask);
    (void) sigemptyset(&block);
    for (i = 0; i < DUET_PASS_NSIGNALS; i++) {
        (void) sigaddset(&block, duet_pass_signals[i]);
        (void) sigaddset(&sa.sa_mask, duet_pass_signals[i]);
    }
    /* The handler must never see the state half set up. */
    (void) sigprocmask(SIG_BLOCK, &block, &old);
    for (i = 0; i < DUET_PASS_NSIGNALS; i++) {
        if (sigaction(duet_pass_signals[i], &sa, &duet_pass_old[i]) == -1) {
            break;
        }
    }
    installed = (int) i;
    if (installed != (int) DUET_PASS_NSIGNALS) {
        duet_pass_err(err, errlen, "sigaction: %s", strerror(errno));
        goto out;
    }
    if (tcsetattr(tty, TCSAFLUSH, &noecho) == -1) {
        duet_pass_err(err, errlen, "cannot turn the terminal echo off: %s",
            strerror(errno));
        goto out;
    }
    duet_pass_tty_fd = tty;
    (void) sigprocmask(SIG_SETMASK, &old, NULL);

    if (write(tty, prompt, strlen(prompt)) == -1) {
        duet_pass_err(err, errlen, "cannot write to the terminal: %s",
            strerror(errno));
    } else if ((n = duet_pass_read_line(tty, out)) == -2) {
        duet_pass_err(err, errlen, "the passphrase is longer than %d bytes",
            DUET_PASSPHRASE_MAX);
    } else if (n == -3) {
        duet_pass_err(err, errlen, "no passphrase entered");
    } else if (n < 0) {
        duet_pass_err(err, errlen, "cannot read the terminal: %s",
            strerror(errno));
    } else {
        r = 0;
    }

    (void) sigprocmask(SIG_BLOCK, &block, NULL);
    if (duet_pass_tty_fd != -1) {
        (void) tcsetattr(tty, TCSAFLUSH, &duet_pass_saved);
        duet_pass_tty_fd = -1;
    }

out:
    for (i = 0; i < (size_t) installed; i++) {
        (void) sigaction(duet_pass_signals[i], &duet_pass_old[i], NULL);
    }
    (void) sigprocmask(SIG_SETMASK, &old, NULL);
    if (r == -1) {
        duet_memclear(out, DUET_PASSPHRASE_MAX + 1);
    }
    return r;
}


static int
duet_pass_tty(const struct duet_passphrase_src *src, char *out, char *err,
    size_t errlen)
{
    char        *again = NULL;
    const char  *prompt;
    size_t       n;
    int          tty, r = -1;

    tty = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (tty == -1) {
        duet_pass_err(err, errlen, "no TTY to ask for the passphrase: use "
            "--passphrase-fd%s%s", src->env != NULL ? " or " : "",
            src->env != NULL ? src->env : "");
        return -1;
    }
    prompt = src->prompt != NULL ? src->prompt : "Passphrase: ";
    if (duet_pass_tty_ask(tty, prompt, out, err, errlen) == -1) {
        goto out;
    }
    if (!src->confirm) {
        r = 0;
        goto out;
    }
    if (strlen(out) < DUET_PASSPHRASE_MIN) {
        duet_pass_err(err, errlen, "a new passphrase needs at least %d "
            "characters", DUET_PASSPHRASE_MIN);
        goto out;
    }
    if ((again = malloc(DUET_PASSPHRASE_MAX + 1)) == NULL) {
        duet_pass_err(err, errlen, "out of memory");
        goto out;
    }
    if (duet_pass_tty_ask(tty, "Same passphrase again: ", again, err,
            errlen) == -1)
    {
        goto out;
    }
    n = strlen(out);
    if (strlen(again) != n || !duet_ct_memeq(out, again, n)) {
        duet_pass_err(err, errlen, "the passphrases differ");
        goto out;
    }
    r = 0;

out:
    if (again != NULL) {
        duet_memclear(again, DUET_PASSPHRASE_MAX + 1);
        free(again);
    }
    (void) close(tty);
    return r;
}


int
duet_passphrase_get(const struct duet_passphrase_src *src,
    char out[DUET_PASSPHRASE_MAX + 1], char *err, size_t errlen)
{
    const char  *env;
    ssize_t      n;
    size_t       len;
    int          r = -1;

    out[0] = '\0';
    if (src->fd >= 0) {
        n = duet_pass_read_line(src->fd, out);
        if (n == -1) {
            duet_pass_err(err, errlen, "cannot read the passphrase from fd "
                "%d: %s", src->fd, strerror(errno));
            goto out;
        }
        if (n == -2) {
            duet_pass_err(err, errlen, "the passphrase on fd %d is longer "
                "than %d bytes", src->fd, DUET_PASSPHRASE_MAX);
            goto out;
        }
        if (n == -3) {
            duet_pass_err(err, errlen, "no passphrase on fd %d (end of "
                "file)", src->fd);
            goto out;
        }
    } else if (src->env != NULL && (env = getenv(src->env)) != NULL) {
        len = strlen(env);
        if (len > DUET_PASSPHRASE_MAX) {
            duet_pass_err(err, errlen, "%s is longer than %d bytes",
                src->env, DUET_PASSPHRASE_MAX);
            goto out;
        }
        memcpy(out, env, len + 1);
    } else {
        if (duet_pass_tty(src, out, err, errlen) == -1) {
            goto out;
        }
    }

    if (out[0] == '\0') {
        duet_pass_err(err, errlen, "the passphrase is empty");
        goto out;
    }
    if (src->confirm && strlen(out) < DUET_PASSPHRASE_MIN) {
        duet_pass_err(err, errlen, "a new passphrase needs at least %d "
            "characters", DUET_PASSPHRASE_MIN);
        goto out;
    }
    r = 0;

out:
    if (r == -1) {
        duet_memclear(out, DUET_PASSPHRASE_MAX + 1);
    }
    return r;
}
