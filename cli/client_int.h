/*
 * client_int.h -- what the parts of the client library share: the client
 * handle, the HTTP exchange (client_http.c) and the message routing that
 * drives the local protocol parties (client_proto.c).  Not installed; the
 * unit test of the routing includes it.
 */

#ifndef DUET_CLIENT_INT_H
#define DUET_CLIENT_INT_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

#include "duet.h"
#include "duet_session.h"
#include "client.h"

#define DUET_CLIENT_ERROR_SIZE      512
#define DUET_CLIENT_MAX_RESPONSE    (16u << 20)   /* bytes of one answer   */
#define DUET_CLIENT_MAX_MESSAGES    32            /* in one JSON array     */
#define DUET_CLIENT_MAX_MESSAGE     (4u << 20)    /* bytes of one envelope */
#define DUET_CLIENT_CONNECT_TIMEOUT 10            /* seconds               */
#define DUET_CLIENT_TIMEOUT         300           /* seconds, a whole call;
                                                     a level-128 aux round
                                                     takes duetd seconds  */
#define DUET_CLIENT_ROUND_TRIES     5
#define DUET_CLIENT_RETRY_MAX       10            /* seconds to wait       */
#define DUET_CLIENT_SESSION_ID_MAX  48            /* + "/presign" <= 64    */

/* The party duetd plays in every flow. */
#define DUET_CLIENT_SERVER_PARTY    DUET_PARTY_SERVER

struct duet_client {
    void        *curl;            /* CURL easy handle (curl.h: void)      */
    char        *base_url;
    char        *ca_file;
    char        *operator_token;  /* SECRET                               */
    char        *api_key;         /* SECRET                               */
    int          status;          /* of the last response                 */
    int          curl_code;       /* CURLcode of the last transfer        */
    unsigned     retry_after;     /* seconds, 0 if the answer had none    */
    int          no_broadcast;    /* complete with {"broadcast": false}   */
    void       (*round_hook)(void *arg, const char *session_id, int round);
    void        *round_hook_arg;
    char         error[DUET_CLIENT_ERROR_SIZE];
    char         violations[DUET_CLIENT_ERROR_SIZE];  /* of the last 403 */
};

/* Set the client's error line (printf-style); returns err. */
int duet_client_fail(struct duet_client *c, int err, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/*
 * One API call: method and path under base_url, body (may be NULL), with
 * the configured credentials.  On a 2xx answer *resp is the parsed JSON
 * object (NULL for an empty body).  On 4xx/5xx the error line reads
 * "POST /api/v1/signers: 503 Service Unavailable: <duetd's message>
 * (retry after 5 s)".
 * Returns: 0, DUET_CLIENT_ERR_HTTP, DUET_CLIENT_ERR_TRANSPORT,
 *          DUET_CLIENT_ERR_MISMATCH (a 2xx answer that is not a JSON
 *          object), DUET_CLIENT_ERR_MEMORY.
 */
int duet_client_call(struct duet_client *c, const char *method,
    const char *path, const char *body, size_t body_len,
    struct json_object **resp);

/*
 * May a rounds call that failed with err be sent again?  (duetd answers a
 * repeated round with the same reply: docs/api-flows.md.)  Yes for 409,
 * 502, 503, 504 and a connection that broke.
 */
int duet_client_retryable(const struct duet_client *c, int err);

/*
 * Parse text (len bytes) as one strict JSON value with nothing but
 * whitespace after it.  Returns: the value, or NULL.
 */
struct json_object *duet_client_json_parse(const char *text, size_t len);

/*
 * Wipe and release a parsed answer.  Answers carry API keys: every string
 * in it is overwritten before json-c frees it.
 */
void duet_client_json_put(struct json_object *o);


/* Messages in flight. */

struct duet_client_msg {
    uint8_t               *data;
    size_t                 len;
    struct duet_msg_info   info;
};

struct duet_client_msgs {
    struct duet_client_msg  *v;
    size_t                   n;
    size_t                   cap;
};

void duet_client_msgs_init(struct duet_client_msgs *m);

/* Wipe every message (p2p messages carry shares) and empty m. */
void duet_client_msgs_clear(struct duet_client_msgs *m);

/*
 * Append a copy of one envelope, read with duet_msg_peek.
 * Returns: 0, DUET_CLIENT_ERR_MEMORY, or DUET_CLIENT_ERR_MISMATCH (not a
 *          duet envelope).
 */
int duet_client_msgs_add(struct duet_client_msgs *m, const uint8_t *msg,
    size_t len);

/*
 * Decode a JSON array of base64url envelopes (duetd's "messages").
 * Returns: 0, DUET_CLIENT_ERR_MEMORY, or DUET_CLIENT_ERR_MISMATCH with why
 *          (a short public description) filled.
 */
int duet_client_msgs_from_json(struct duet_client_msgs *m,
    struct json_object *array, char *why, size_t why_size);

/*
 * {"messages": [...]} of the messages in m that party 1 must see:
 * broadcasts and those addressed to it.  *json is malloc'd and
 * NUL-terminated; the caller wipes it (it may carry party 1's shares).
 * Returns: 0 or DUET_CLIENT_ERR_MEMORY.
 */
int duet_client_msgs_to_json(const struct duet_client_msgs *m, char **json,
    size_t *json_len);

/*
 * One round of a flow (docs/api-flows.md), in three parts, so that the
 * last can run while the round's request travels (client.c overlaps it
 * with duetd's own step):
 *
 * duet_client_collect copies the current round's outgoing messages of the
 * n local sessions s[] (of parties party[]) into local (all of them) and
 * out (those party 1 must see).  It must come before duet_client_advance,
 * which invalidates the sessions' outgoing messages.
 *
 * duet_client_check_inbound: every message in `in` must come from party
 * 1, belong to one of the sessions' protocols and rounds, and be
 * addressed to a local party or broadcast.
 *
 * duet_client_advance steps each session with the complete set of the
 * round addressed to it: the other local parties' messages (from local)
 * and duetd's (in).  It only reads local and in: several threads may run
 * it at once on disjoint sets of sessions (libduet sessions are
 * independent; a session is used by one thread at a time).
 *
 * duet_client_exchange does the three in turn.
 *
 * Returns: 0, DUET_CLIENT_ERR_MISMATCH (duetd's messages do not fit,
 *          or a session blamed party 1), DUET_CLIENT_ERR_PROTOCOL (a
 *          local failure), DUET_CLIENT_ERR_MEMORY; why says which.  On
 *          failure collect and exchange leave out (and local) empty.
 */
int duet_client_collect(struct duet_session *const *s, const int *party,
    size_t n, struct duet_client_msgs *local, struct duet_client_msgs *out,
    char *why, size_t why_size);
int duet_client_check_inbound(struct duet_session *const *s,
    const int *party, size_t n, const struct duet_client_msgs *in,
    char *why, size_t why_size);
int duet_client_advance(struct duet_session *const *s, const int *party,
    size_t n, const struct duet_client_msgs *local,
    const struct duet_client_msgs *in, char *why, size_t why_size);
int duet_client_exchange(struct duet_session *const *s, const int *party,
    size_t n,
    const struct duet_client_msgs *in, struct duet_client_msgs *out,
    char *why, size_t why_size);


/*
 * A function run on a thread of its own while the caller goes on (with a
 * thread that cannot be had, it runs at once in the caller's: the caller
 * loses the overlap, never the result).  Whatever fn touches belongs to
 * it until duet_client_task_join, which returns fn's result.  fn must
 * not use the client handle (its error line and curl are the caller's).
 */
struct duet_client_task {
    int        (*fn)(void *arg);
    void        *arg;
    pthread_t    thread;
    int          threaded;
    int          r;
};

void duet_client_task_start(struct duet_client_task *t,
    int (*fn)(void *arg), void *arg);
int duet_client_task_join(struct duet_client_task *t);


/*
 * Does duetd's unsigned transaction utx carry exactly what the caller
 * asked for (asked: the caller's transaction object)?  It is rebuilt from
 * the caller's fields, taking from utx only the fields the caller left to
 * duetd (nonce, gas, fees, and the chain id when the caller named a
 * network instead), and compared byte for byte.  An access list the
 * caller did not give must be empty.  utx must have passed
 * duet_eth_tx_sighash.
 * Returns: 0, DUET_CLIENT_ERR_MISMATCH, DUET_CLIENT_ERR_MEMORY.
 */
int duet_client_tx_matches(struct duet_client *c, struct json_object *asked,
    const uint8_t *utx, size_t utx_len);

/* "keygen", "aux", "presign", "sign", "refresh" (engine sid suffixes). */
const char *duet_client_proto_name(int proto);

#endif /* DUET_CLIENT_INT_H */
