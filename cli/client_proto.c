/*
 * client_proto.c -- messages between the client's parties and duetd, and
 * the round step that drives the local parties (docs/api-flows.md,
 * "Messages"): what a local party produced goes to the other local party
 * directly and, when party 1 must see it, to duetd; duetd's messages go to
 * the local parties they name.  And the threads that step the local
 * parties while a round's request is under way.
 */

#include "config.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "duet.h"
#include "duet_session.h"
#include "duet_util.h"
#include "client_int.h"


const char *
duet_client_proto_name(int proto)
{
    switch (proto) {
    case DUET_PROTO_KEYGEN:
        return "keygen";
    case DUET_PROTO_AUX:
        return "aux";
    case DUET_PROTO_PRESIGN:
        return "presign";
    case DUET_PROTO_SIGN:
        return "sign";
    case DUET_PROTO_REFRESH:
        return "refresh";
    default:
        return "unknown";
    }
}


static void
duet_client_why(char *why, size_t why_size, const char *fmt, ...)
{
    va_list  ap;

    if (why_size == 0) {
        return;
    }
    va_start(ap, fmt);
    vsnprintf(why, why_size, fmt, ap);
    va_end(ap);
}


void
duet_client_msgs_init(struct duet_client_msgs *m)
{
    m->v = NULL;
    m->n = 0;
    m->cap = 0;
}


void
duet_client_msgs_clear(struct duet_client_msgs *m)
{
    size_t  i;

    for (i = 0; i < m->n; i++) {
        duet_memclear(m->v[i].data, m->v[i].len);
        free(m->v[i].data);
    }
    if (m->v != NULL) {
        duet_memclear(m->v, m->cap * sizeof(m->v[0]));
    }
    free(m->v);
    duet_client_msgs_init(m);
}


/*
 * Append data (malloc'd, len bytes), taking it over even on failure.
 * *peek gets duet_msg_peek's code.
 */
static int
duet_client_msgs_push(struct duet_client_msgs *m, uint8_t *data, size_t len,
    int *peek)
{
    struct duet_client_msg  *v;
    struct duet_msg_info     info;
    size_t                   cap;
    int                      r;

    if ((*peek = duet_msg_peek(&info, data, len)) != 0) {
        r = DUET_CLIENT_ERR_MISMATCH;
        goto fail;
    }
    if (m->n == m->cap) {
        cap = m->cap == 0 ? 8 : 2 * m->cap;
        v = calloc(cap, sizeof(*v));
        if (v == NULL) {
            r = DUET_CLIENT_ERR_MEMORY;
            goto fail;
        }
        if (m->n > 0) {
            memcpy(v, m->v, m->n * sizeof(*v));
            duet_memclear(m->v, m->cap * sizeof(*v));
        }
        free(m->v);
        m->v = v;
        m->cap = cap;
    }
    m->v[m->n].data = data;
    m->v[m->n].len = len;
    m->v[m->n].info = info;
    m->n++;
    return 0;

fail:
    duet_memclear(data, len);
    free(data);
    return r;
}


int
duet_client_msgs_add(struct duet_client_msgs *m, const uint8_t *msg,
    size_t len)
{
    uint8_t  *copy;
    int       peek;

    if (len == 0) {
        return DUET_CLIENT_ERR_MISMATCH;
    }
    if ((copy = malloc(len)) == NULL) {
        return DUET_CLIENT_ERR_MEMORY;
    }
    memcpy(copy, msg, len);
    return duet_client_msgs_push(m, copy, len, &peek);
}


int
duet_client_msgs_from_json(struct duet_client_msgs *m,
    struct json_object *array, char *why, size_t why_size)
{
    struct json_object  *item;
    const char          *text;
    uint8_t             *data;
    size_t               i, n, text_len, size, len;
    int                  e, peek;

    if (array == NULL || !json_object_is_type(array, json_type_array)) {
        duet_client_why(why, why_size, "messages is not an array");
        return DUET_CLIENT_ERR_MISMATCH;
    }
    n = json_object_array_length(array);
    if (n > DUET_CLIENT_MAX_MESSAGES) {
        duet_client_why(why, why_size, "%zu messages (at most %d)", n,
                        DUET_CLIENT_MAX_MESSAGES);
        return DUET_CLIENT_ERR_MISMATCH;
    }
    for (i = 0; i < n; i++) {
        item = json_object_array_get_idx(array, i);
        if (!json_object_is_type(item, json_type_string)) {
            duet_client_why(why, why_size, "messages[%zu] is not a string",
                            i);
            return DUET_CLIENT_ERR_MISMATCH;
        }
        text = json_object_get_string(item);
        text_len = (size_t) json_object_get_string_len(item);
        if (text_len == 0
            || text_len > DUET_BASE64URL_ENCODED_SIZE(DUET_CLIENT_MAX_MESSAGE))
        {
            duet_client_why(why, why_size, "messages[%zu] has %zu characters",
                            i, text_len);
            return DUET_CLIENT_ERR_MISMATCH;
        }
        size = text_len / 4 * 3 + 3;
        if ((data = malloc(size)) == NULL) {
            return DUET_CLIENT_ERR_MEMORY;
        }
        if (duet_base64url_decode(data, size, &len, text, text_len) != 0) {
            free(data);
            duet_client_why(why, why_size, "messages[%zu] is not base64url",
                            i);
            return DUET_CLIENT_ERR_MISMATCH;
        }
        e = duet_client_msgs_push(m, data, len, &peek);
        if (e == DUET_CLIENT_ERR_MISMATCH) {
            duet_client_why(why, why_size,
                            "messages[%zu] is not a duet envelope: %s", i,
                            duet_errname(peek));
        }
        if (e != 0) {
            return e;
        }
    }
    return 0;
}


static int
duet_client_for_server(const struct duet_msg_info *info)
{
    return info->recipient == DUET_BROADCAST
           || info->recipient == DUET_CLIENT_SERVER_PARTY;
}


int
duet_client_msgs_to_json(const struct duet_client_msgs *m, char **json,
    size_t *json_len)
{
    static const char  head[] = "{\"messages\":[";
    static const char  tail[] = "]}";
    char              *buf, *p;
    size_t             i, size, left, enc, count = 0;

    *json = NULL;
    *json_len = 0;
    size = sizeof(head) + sizeof(tail);
    for (i = 0; i < m->n; i++) {
        if (duet_client_for_server(&m->v[i].info)) {
            size += DUET_BASE64URL_ENCODED_SIZE(m->v[i].len) + 3;
        }
    }
    if ((buf = malloc(size)) == NULL) {
        return DUET_CLIENT_ERR_MEMORY;
    }
    memcpy(buf, head, sizeof(head) - 1);
    p = buf + sizeof(head) - 1;
    for (i = 0; i < m->n; i++) {
        if (!duet_client_for_server(&m->v[i].info)) {
            continue;
        }
        if (count++ > 0) {
            *p++ = ',';
        }
        *p++ = '"';
        left = size - (size_t) (p - buf);
        if (duet_base64url_encode(p, left, m->v[i].data, m->v[i].len) != 0) {
            /* The size above is exact: unreachable. */
            duet_memclear(buf, size);
            free(buf);
            return DUET_CLIENT_ERR_MEMORY;
        }
        enc = strlen(p);
        p += enc;
        *p++ = '"';
    }
    memcpy(p, tail, sizeof(tail));
    *json = buf;
    *json_len = (size_t) (p - buf) + sizeof(tail) - 1;
    return 0;
}


/* Is party one of the n local parties? */
static int
duet_client_is_local(const int *party, size_t n, int p)
{
    size_t  i;

    for (i = 0; i < n; i++) {
        if (party[i] == p) {
            return 1;
        }
    }
    return 0;
}


int
duet_client_check_inbound(struct duet_session *const *s, const int *party,
    size_t n, const struct duet_client_msgs *in, char *why, size_t why_size)
{
    const struct duet_msg_info  *info;
    size_t                       i, j;

    for (i = 0; i < in->n; i++) {
        info = &in->v[i].info;
        if (info->sender != DUET_CLIENT_SERVER_PARTY) {
            duet_client_why(why, why_size,
                            "duetd sent a message as party %d", info->sender);
            return DUET_CLIENT_ERR_MISMATCH;
        }
        if (info->recipient != DUET_BROADCAST
            && !duet_client_is_local(party, n, info->recipient))
        {
            duet_client_why(why, why_size,
                            "duetd sent a message for party %d",
                            info->recipient);
            return DUET_CLIENT_ERR_MISMATCH;
        }
        for (j = 0; j < n; j++) {
            if (duet_session_proto(s[j]) == info->proto) {
                break;
            }
        }
        if (j == n) {
            duet_client_why(why, why_size,
                            "duetd sent a %s message in this flow",
                            duet_client_proto_name(info->proto));
            return DUET_CLIENT_ERR_MISMATCH;
        }
        if (info->round != duet_session_round(s[j])) {
            duet_client_why(why, why_size,
                            "duetd sent %s round %d where round %d is due",
                            duet_client_proto_name(info->proto), info->round,
                            duet_session_round(s[j]));
            return DUET_CLIENT_ERR_MISMATCH;
        }
    }
    return 0;
}


int
duet_client_collect(struct duet_session *const *s, const int *party,
    size_t n, struct duet_client_msgs *local, struct duet_client_msgs *out,
    char *why, size_t why_size)
{
    const uint8_t  *p;
    size_t          i, k, cnt, len;
    int             r;

    if (why_size > 0) {
        why[0] = '\0';
    }
    for (i = 0; i < n; i++) {
        if (duet_session_status(s[i]) != DUET_SESSION_RUNNING) {
            duet_client_why(why, why_size, "party %d's %s session is not "
                            "running", party[i],
                            duet_client_proto_name(duet_session_proto(s[i])));
            r = DUET_CLIENT_ERR_PROTOCOL;
            goto out;
        }
        cnt = duet_session_outgoing_count(s[i]);
        for (k = 0; k < cnt; k++) {
            if (duet_session_outgoing(s[i], k, &p, &len, NULL) != 0) {
                r = DUET_CLIENT_ERR_PROTOCOL;
                goto out;
            }
            if ((r = duet_client_msgs_add(local, p, len)) != 0) {
                duet_client_why(why, why_size, "party %d's outgoing message",
                                party[i]);
                r = r == DUET_CLIENT_ERR_MEMORY ? r : DUET_CLIENT_ERR_PROTOCOL;
                goto out;
            }
            if (local->v[local->n - 1].info.sender != party[i]) {
                duet_client_why(why, why_size, "party %d's session speaks "
                                "as party %d", party[i],
                                local->v[local->n - 1].info.sender);
                r = DUET_CLIENT_ERR_PROTOCOL;
                goto out;
            }
        }
    }

    for (i = 0; i < local->n; i++) {
        if (duet_client_for_server(&local->v[i].info)
            && duet_client_msgs_add(out, local->v[i].data, local->v[i].len)
               != 0)
        {
            r = DUET_CLIENT_ERR_MEMORY;
            goto out;
        }
    }
    r = 0;

out:
    if (r != 0) {
        duet_client_msgs_clear(local);
        duet_client_msgs_clear(out);
    }
    return r;
}


int
duet_client_advance(struct duet_session *const *s, const int *party,
    size_t n, const struct duet_client_msgs *local,
    const struct duet_client_msgs *in, char *why, size_t why_size)
{
    const struct duet_msg_info  *info;
    struct duet_blame            blame;
    const uint8_t              **ptr = NULL;
    size_t                      *lens = NULL;
    size_t                       i, k, cnt, total;
    int                          r, e, proto, round;

    if (why_size > 0) {
        why[0] = '\0';
    }
    total = local->n + in->n;
    ptr = calloc(total + 1, sizeof(*ptr));
    lens = calloc(total + 1, sizeof(*lens));
    if (ptr == NULL || lens == NULL) {
        r = DUET_CLIENT_ERR_MEMORY;
        goto out;
    }
    for (i = 0; i < n; i++) {
        proto = duet_session_proto(s[i]);
        round = duet_session_round(s[i]);
        cnt = 0;
        for (k = 0; k < local->n; k++) {
            info = &local->v[k].info;
            if (info->proto == proto && info->round == round
                && info->sender != party[i]
                && (info->recipient == party[i]
                    || info->recipient == DUET_BROADCAST))
            {
                ptr[cnt] = local->v[k].data;
                lens[cnt++] = local->v[k].len;
            }
        }
        for (k = 0; k < in->n; k++) {
            info = &in->v[k].info;
            if (info->proto == proto
                && (info->recipient == party[i]
                    || info->recipient == DUET_BROADCAST))
            {
                ptr[cnt] = in->v[k].data;
                lens[cnt++] = in->v[k].len;
            }
        }
        e = duet_session_step(s[i], ptr, lens, cnt, &blame);
        if (e == 0) {
            continue;
        }
        if (blame.party == DUET_CLIENT_SERVER_PARTY) {
            duet_client_why(why, why_size, "%s round %d: party 1 (duetd) %s: "
                            "%s", duet_client_proto_name(proto), round,
                            e == DUET_ERR_MISSING_MESSAGE
                                ? "sent no message" : "misbehaved",
                            duet_errname(blame.reason != 0 ? blame.reason
                                                           : e));
            r = DUET_CLIENT_ERR_MISMATCH;
        } else {
            duet_client_why(why, why_size, "%s round %d as party %d: %s "
                            "(blame: party %d)",
                            duet_client_proto_name(proto), round, party[i],
                            duet_errname(e), blame.party);
            r = DUET_CLIENT_ERR_PROTOCOL;
        }
        goto out;
    }
    r = 0;

out:
    free(ptr);
    free(lens);
    return r;
}


int
duet_client_exchange(struct duet_session *const *s, const int *party,
    size_t n, const struct duet_client_msgs *in, struct duet_client_msgs *out,
    char *why, size_t why_size)
{
    struct duet_client_msgs  local;
    int                      r;

    duet_client_msgs_init(&local);
    if ((r = duet_client_collect(s, party, n, &local, out, why, why_size))
        != 0
        || (r = duet_client_check_inbound(s, party, n, in, why, why_size))
           != 0
        || (r = duet_client_advance(s, party, n, &local, in, why, why_size))
           != 0)
    {
        duet_client_msgs_clear(out);
    }
    duet_client_msgs_clear(&local);
    return r;
}


/*
 * Threads.  A task runs one function on its own thread; when no thread
 * can be had it runs at once, in the caller's, so a flow only loses the
 * overlap, never its result.
 */

static void *
duet_client_task_main(void *arg)
{
    struct duet_client_task  *t = arg;

    t->r = t->fn(t->arg);
    return NULL;
}


void
duet_client_task_start(struct duet_client_task *t, int (*fn)(void *arg),
    void *arg)
{
    t->fn = fn;
    t->arg = arg;
    t->r = DUET_CLIENT_ERR_PROTOCOL;
    t->threaded = pthread_create(&t->thread, NULL, duet_client_task_main,
                                 t) == 0;
    if (!t->threaded) {
        t->r = fn(arg);
    }
}


int
duet_client_task_join(struct duet_client_task *t)
{
    if (t->threaded) {
        /*
         * It fails only on misuse (EDEADLK, ESRCH); going on would free
         * what the thread may still be using.
         */
        if (pthread_join(t->thread, NULL) != 0) {
            abort();
        }
        t->threaded = 0;
    }
    return t->r;
}
