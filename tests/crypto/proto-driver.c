/*
 * proto-driver.c -- in-process driver for duet protocol sessions (see
 * proto-driver.h).  Test code only.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gmp.h>

#include "duet.h"
#include "duet_aux.h"
#include "duet_keygen.h"
#include "duet_session.h"
#include "duet_sign.h"
#include "bn/level.h"
#include "codec/buf.h"
#include "protocol/share.h"
#include "proto-driver.h"
#include "basic.h"

#define TP_MAILBOX  (2 * TP_MAX)

struct tp_mail {
    uint8_t *msg[TP_MAILBOX];
    size_t len[TP_MAILBOX];
    size_t n;
};


void
tp_run_init(struct tp_run *run)
{
    int i;

    memset(run, 0, sizeof(*run));
    for (i = 0; i < TP_MAX; i++) {
        run->party[i] = -1;
        duet_blame_clear(&run->blame[i]);
    }
    run->stop_on_abort = 1;
}


void
tp_run_free(struct tp_run *run)
{
    int i;

    for (i = 0; i < TP_MAX; i++) {
        duet_session_destroy(run->s[i]);
        run->s[i] = NULL;
    }
}


static double
tp_cpu_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}


static void
tp_mail_free(struct tp_mail *m)
{
    size_t k;

    for (k = 0; k < m->n; k++) {
        free(m->msg[k]);
    }
    m->n = 0;
}


static void
tp_resume(struct duet_session **s)
{
    uint8_t *blob;
    size_t len = 0;
    int r;

    if (duet_session_serialize(*s, NULL, &len) != DUET_ERR_BUFFER_TOO_SMALL
        || (blob = malloc(len)) == NULL
        || duet_session_serialize(*s, blob, &len) != 0)
    {
        bail("cannot serialize a session");
    }
    duet_session_destroy(*s);
    *s = NULL;
    if ((r = duet_session_parse(s, blob, len)) != 0) {
        bail("cannot parse a serialized session: %s", duet_errname(r));
    }
    memset(blob, 0, len);
    free(blob);
}


/* Copy of session s's outgoing messages, for the retry comparison. */
static size_t
tp_snapshot(struct duet_session *s, uint8_t **msg, size_t *len)
{
    size_t k, n = duet_session_outgoing_count(s);
    const uint8_t *p;

    for (k = 0; k < n && k < TP_MAILBOX; k++) {
        if (duet_session_outgoing(s, k, &p, &len[k], NULL) != 0
            || (msg[k] = malloc(len[k])) == NULL)
        {
            bail("outgoing");
        }
        memcpy(msg[k], p, len[k]);
    }
    return n;
}


int
tp_run(struct tp_run *run)
{
    struct tp_mail mail[TP_MAX];
    struct duet_msg_info info;
    int fresh[TP_MAX], stopped[TP_MAX];
    int i, j, r, progressed, all_done, first;
    size_t k, n, cnt;
    const uint8_t *p;
    size_t plen;
    int rcpt;
    uint8_t *copy;
    size_t clen;
    double t0;

    memset(mail, 0, sizeof(mail));
    for (i = 0; i < run->n; i++) {
        fresh[i] = 1;
        stopped[i] = 0;
        /* Every session has round 1's messages: they name its party. */
        if (run->s[i] != NULL && duet_session_outgoing_count(run->s[i]) > 0
            && duet_session_outgoing(run->s[i], 0, &p, &plen, NULL) == 0
            && duet_msg_peek(&info, p, plen) == 0)
        {
            run->party[i] = info.sender;
        }
    }

    for (;;) {
        /* Route what each session produced last. */
        for (i = 0; i < run->n; i++) {
            if (!fresh[i] || run->s[i] == NULL) {
                continue;
            }
            fresh[i] = 0;
            n = duet_session_outgoing_count(run->s[i]);
            for (k = 0; k < n; k++) {
                if (duet_session_outgoing(run->s[i], k, &p, &plen, &rcpt)
                    != 0 || duet_msg_peek(&info, p, plen) != 0)
                {
                    bail("driver: bad outgoing message");
                }
                run->party[i] = info.sender;
                for (j = 0; j < run->n; j++) {
                    if (j == i) {
                        continue;
                    }
                    if (rcpt != DUET_BROADCAST && run->party[j] != rcpt) {
                        continue;
                    }
                    clen = plen;
                    if ((copy = malloc(clen)) == NULL) {
                        bail("malloc");
                    }
                    memcpy(copy, p, clen);
                    run->bytes_sent[i] += (unsigned long) plen;
                    run->msgs_sent[i]++;
                    if (run->tamper != NULL
                        && run->tamper(run->tamper_arg, info.sender,
                            run->party[j], info.round, &copy, &clen) != 0)
                    {
                        free(copy);
                        continue;
                    }
                    if (mail[j].n >= TP_MAILBOX) {
                        bail("driver: mailbox overflow");
                    }
                    mail[j].msg[mail[j].n] = copy;
                    mail[j].len[mail[j].n] = clen;
                    mail[j].n++;
                }
            }
        }

        /* Step every running session on its mail. */
        progressed = 0;
        for (i = 0; i < run->n; i++) {
            if (stopped[i] || run->s[i] == NULL
                || duet_session_status(run->s[i]) != DUET_SESSION_RUNNING)
            {
                tp_mail_free(&mail[i]);
                continue;
            }
            if (run->resume) {
                tp_resume(&run->s[i]);
            }
            t0 = tp_cpu_now();
            r = duet_session_step(run->s[i],
                (const uint8_t *const *) mail[i].msg, mail[i].len,
                mail[i].n, &run->blame[i]);
            run->cpu_s[i] += tp_cpu_now() - t0;
            run->err[i] = r;
            if (r == 0 && run->retry) {
                uint8_t *a[TP_MAILBOX], *b[TP_MAILBOX];
                size_t al[TP_MAILBOX], bl[TP_MAILBOX], an, bn;
                struct duet_blame bb;

                an = tp_snapshot(run->s[i], a, al);
                if (duet_session_step(run->s[i],
                        (const uint8_t *const *) mail[i].msg, mail[i].len,
                        mail[i].n, &bb) != 0)
                {
                    run->retry_mismatch = 1;
                }
                bn = tp_snapshot(run->s[i], b, bl);
                if (an != bn) {
                    run->retry_mismatch = 1;
                }
                for (k = 0; k < an && k < bn; k++) {
                    if (al[k] != bl[k] || memcmp(a[k], b[k], al[k]) != 0) {
                        run->retry_mismatch = 1;
                    }
                }
                for (k = 0; k < an; k++) {
                    free(a[k]);
                }
                for (k = 0; k < bn; k++) {
                    free(b[k]);
                }
            }
            tp_mail_free(&mail[i]);
            if (r == 0) {
                progressed = 1;
                fresh[i] = 1;
            } else {
                stopped[i] = 1;
                if (run->stop_on_abort
                    && r != DUET_ERR_MISSING_MESSAGE)
                {
                    for (j = 0; j < run->n; j++) {
                        stopped[j] = 1;
                    }
                    for (j = i + 1; j < run->n; j++) {
                        tp_mail_free(&mail[j]);
                    }
                    break;
                }
            }
        }

        all_done = 1;
        for (i = 0; i < run->n; i++) {
            if (run->s[i] == NULL
                || duet_session_status(run->s[i]) != DUET_SESSION_DONE)
            {
                all_done = 0;
            }
        }
        if (all_done) {
            return 0;
        }
        cnt = 0;
        for (i = 0; i < run->n; i++) {
            cnt += fresh[i] && duet_session_outgoing_count(run->s[i]) > 0;
        }
        if (!progressed || cnt == 0) {
            first = 0;
            for (i = 0; i < run->n; i++) {
                if (run->err[i] != 0) {
                    first = run->err[i];
                    break;
                }
            }
            for (i = 0; i < run->n; i++) {
                tp_mail_free(&mail[i]);
            }
            return first != 0 ? first : DUET_ERR_MISSING_MESSAGE;
        }
    }
}


void
tp_sid(uint8_t sid[32], const char *label, unsigned n)
{
    size_t i, len = strlen(label);

    memset(sid, 0, 32);
    snprintf((char *) sid, 32, "%s", label);
    for (i = len < 28 ? len : 28; i < 28; i++) {
        sid[i] = '.';
    }
    sid[28] = (uint8_t) (n >> 24);
    sid[29] = (uint8_t) (n >> 16);
    sid[30] = (uint8_t) (n >> 8);
    sid[31] = (uint8_t) n;
}


void
tp_prime(uint8_t *out, size_t *len, unsigned bits, unsigned idx)
{
    const char *top = getenv("top_srcdir");
    char path[4096], line[2048];
    unsigned seen = 0;
    size_t n, k;
    FILE *f;

    snprintf(path, sizeof(path), "%s/tests/vectors/safe-primes-%u.txt",
        top != NULL ? top : ".", bits);
    if ((f = fopen(path, "r")) == NULL) {
        bail("cannot open %s", path);
    }
    while (fgets(line, sizeof(line), f) != NULL) {
        if (line[0] == '#' || line[0] == '\n') {
            continue;
        }
        if (seen++ != idx) {
            continue;
        }
        n = strcspn(line, "\r\n");
        if (n % 2 != 0 || n / 2 > *len) {
            bail("bad prime line in %s", path);
        }
        for (k = 0; k < n / 2; k++) {
            unsigned v;

            if (sscanf(line + 2 * k, "%2x", &v) != 1) {
                bail("bad hex in %s", path);
            }
            out[k] = (uint8_t) v;
        }
        *len = n / 2;
        fclose(f);
        return;
    }
    fclose(f);
    bail("%s has no prime %u", path, idx);
}


uint8_t *
tp_result(struct duet_session *s, size_t *len)
{
    uint8_t *out;

    *len = 0;
    if (s == NULL || duet_session_result(s, NULL, len)
        != DUET_ERR_BUFFER_TOO_SMALL)
    {
        return NULL;
    }
    if ((out = malloc(*len)) == NULL
        || duet_session_result(s, out, len) != 0)
    {
        bail("result");
    }
    return out;
}


void
tp_free_blobs(uint8_t **b, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        free(b[i]);
        b[i] = NULL;
    }
}


int
tp_keygen(int level, const char *label, uint8_t *share[3],
    size_t share_len[3])
{
    struct tp_run run;
    uint8_t sid[32];
    int i, r;

    tp_run_init(&run);
    tp_sid(sid, label, 0);
    for (i = 0; i < 3; i++) {
        share[i] = NULL;
        if ((r = duet_keygen_start(&run.s[i], sid, 32, level, i)) != 0) {
            goto out;
        }
    }
    run.n = 3;
    if ((r = tp_run(&run)) == 0) {
        for (i = 0; i < 3; i++) {
            share[i] = tp_result(run.s[i], &share_len[i]);
        }
    }

out:
    tp_run_free(&run);
    return r;
}


int
tp_aux(int level, const char *label, unsigned prime_base, uint8_t *aux[3],
    size_t aux_len[3])
{
    struct tp_run run;
    uint8_t sid[32], pb[4][256];
    const uint8_t *pp[4];
    size_t pl[4];
    unsigned bits = level == DUET_LEVEL_128 ? 1536 : 1024;
    int i, k, r;

    tp_run_init(&run);
    tp_sid(sid, label, 1);
    for (i = 0; i < 3; i++) {
        aux[i] = NULL;
        for (k = 0; k < 4; k++) {
            pl[k] = sizeof(pb[k]);
            tp_prime(pb[k], &pl[k], bits, prime_base + 4 * (unsigned) i
                + (unsigned) k);
            pp[k] = pb[k];
        }
        if ((r = duet_aux_start(&run.s[i], sid, 32, level, i, pp, pl)) != 0)
        {
            goto out;
        }
    }
    run.n = 3;
    if ((r = tp_run(&run)) == 0) {
        for (i = 0; i < 3; i++) {
            aux[i] = tp_result(run.s[i], &aux_len[i]);
        }
    }

out:
    memset(pb, 0, sizeof(pb));
    tp_run_free(&run);
    return r;
}


int
tp_presign(const char *label, uint8_t *const share[3],
    const size_t share_len[3], uint8_t *const aux[3],
    const size_t aux_len[3], int a, int b, const uint8_t *shift,
    uint8_t *presig[2], size_t presig_len[2])
{
    struct tp_run run;
    uint8_t sid[32];
    int signers[2] = { a, b }, who[2] = { a, b };
    int i, r;

    tp_run_init(&run);
    tp_sid(sid, label, 2);
    for (i = 0; i < 2; i++) {
        presig[i] = NULL;
        if ((r = duet_presign_start(&run.s[i], sid, 32, share[who[i]],
                share_len[who[i]], aux[who[i]], aux_len[who[i]], signers,
                shift)) != 0)
        {
            goto out;
        }
    }
    run.n = 2;
    if ((r = tp_run(&run)) == 0) {
        for (i = 0; i < 2; i++) {
            presig[i] = tp_result(run.s[i], &presig_len[i]);
        }
    }

out:
    tp_run_free(&run);
    return r;
}


int
tp_sign(uint8_t *presig[2], size_t presig_len[2], const uint8_t *msg,
    size_t msg_len, const uint8_t *shift, uint8_t sig[65])
{
    return tp_sign_kind(presig, presig_len, DUET_SIGN_ETH_PERSONAL, msg,
        msg_len, shift, sig);
}


int
tp_sign_kind(uint8_t *presig[2], size_t presig_len[2], int kind,
    const uint8_t *msg, size_t msg_len, const uint8_t *shift,
    uint8_t sig[65])
{
    struct tp_run run;
    struct duet_presig *tok;
    size_t len;
    uint8_t *res;
    int i, r;

    tp_run_init(&run);
    for (i = 0; i < 2; i++) {
        if ((r = duet_presig_take(&tok, presig[i], presig_len[i])) != 0
            || (r = duet_sign_start(&run.s[i], tok, kind, msg, msg_len,
                shift)) != 0)
        {
            goto out;
        }
    }
    run.n = 2;
    if ((r = tp_run(&run)) == 0) {
        res = tp_result(run.s[0], &len);
        if (res == NULL || len != 65) {
            bail("sign result");
        }
        memcpy(sig, res, 65);
        free(res);
    }

out:
    tp_run_free(&run);
    return r;
}


int
tp_aux_dealt(int level, unsigned prime_base, uint8_t *aux[3],
    size_t aux_len[3])
{
    struct duet_buf_writer w[3];
    uint8_t pb[256];
    size_t pl;
    mpz_t p[12];
    mpz_srcptr pp[12];
    unsigned bits = level == DUET_LEVEL_128 ? 1536 : 1024;
    int i, r;

    for (i = 0; i < 12; i++) {
        pl = sizeof(pb);
        tp_prime(pb, &pl, bits, prime_base + (unsigned) i);
        mpz_init(p[i]);
        mpz_import(p[i], pl, 1, 1, 1, 0, pb);
        pp[i] = p[i];
    }
    for (i = 0; i < 3; i++) {
        duet_buf_writer_init_alloc(&w[i], DUET_BUF_MAX);
        aux[i] = NULL;
    }
    r = duet_share_test_deal_aux(duet_level_get(level), pp, w);
    for (i = 0; i < 3; i++) {
        if (r == 0) {
            aux_len[i] = duet_buf_writer_len(&w[i]);
            if ((aux[i] = malloc(aux_len[i])) == NULL) {
                bail("malloc");
            }
            memcpy(aux[i], duet_buf_writer_ptr(&w[i]), aux_len[i]);
        }
        duet_buf_writer_free(&w[i]);
    }
    for (i = 0; i < 12; i++) {
        mpz_clear(p[i]);
    }
    return r;
}
