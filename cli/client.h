/*
 * client.h -- the client side of duet's HTTP protocol flows
 * (docs/api-flows.md) over libcurl and libduet: parties 0 and 2 for key
 * creation, party 0 for Signer+Server signing.  The signer CLI is built on
 * it, and the end-to-end tests drive duetd through nginx with it.
 *
 * Functions return 0 or a negative DUET_CLIENT_ERR_*; on failure the
 * client's last error (duet_client_error) says what happened in one line:
 * the HTTP status and duetd's message, or the local cause.  Key material
 * handed out (share and aux blobs) is malloc'd; the caller wipes it
 * (duet_memclear) before free.
 *
 * Threads.  A client handle is used by one thread at a time; several
 * handles may run flows in different threads at once.  The flows step the
 * local parties on threads of their own while each round's request is
 * under way (two during key creation, one while signing) and join them
 * before they return.  The first duet_client_new installs libduet's GMP
 * hooks (duet_init_displacing): a program that runs libduet on other
 * threads must have done so (or made a client) before starting them.
 */

#ifndef DUET_CLIENT_H
#define DUET_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#define DUET_CLIENT_ERR_HTTP       -1   /* duetd answered 4xx/5xx          */
#define DUET_CLIENT_ERR_TRANSPORT  -2   /* connection, TLS, timeout        */
#define DUET_CLIENT_ERR_PROTOCOL   -3   /* a protocol step failed locally  */
#define DUET_CLIENT_ERR_MISMATCH   -4   /* duetd's answer disagrees with
                                           what we computed or asked for   */
#define DUET_CLIENT_ERR_MEMORY     -5
#define DUET_CLIENT_ERR_ARGUMENT   -6

struct duet_client;

/* Everything one party keeps after key creation. */
struct duet_client_share {
    int       index;             /* 0 or 2                                  */
    uint8_t  *keyshare;          /* duet_keyshare blob                      */
    size_t    keyshare_len;
    uint8_t  *aux;               /* duet_aux blob                           */
    size_t    aux_len;
};

struct duet_client_signer {
    char      signer_id[37];
    char      eth_address[43];
    char      public_key[69];    /* "0x" and 66 hex digits (SEC1)     */
    char      api_key[64];       /* "duet_live_..." (shown once)            */
    struct duet_client_share  share[2];   /* parties 0 and 2             */
};

/* What a signature session produced. */
struct duet_client_signature {
    uint8_t   sig[65];           /* r || s || recovery id                   */
    uint64_t  v;                 /* as Ethereum wants it for this kind      */
    uint8_t   hash[32];          /* the digest that was signed              */
    char      tx_hash[67];       /* transactions only, else ""              */
    char     *raw_tx;            /* transactions only: "0x...", malloc'd    */
};

/*
 * base_url: "https://127.0.0.1:8443" (no trailing /api/v1).
 * ca_file: PEM to trust (NULL: the system store).
 */
int duet_client_new(struct duet_client **c, const char *base_url,
    const char *ca_file);
void duet_client_free(struct duet_client *c);

/* Credentials sent with every request (either may be NULL). */
void duet_client_set_operator_token(struct duet_client *c, const char *tok);
void duet_client_set_api_key(struct duet_client *c, const char *key);

/*
 * hook, if not NULL, is called before every rounds POST of key creation
 * and signing with duetd's session id and the round (1..4): tests use it
 * to kill duetd's workers between rounds.
 */
void duet_client_set_round_hook(struct duet_client *c,
    void (*hook)(void *arg, const char *session_id, int round), void *arg);

/*
 * on (the default): duetd broadcasts a signed transaction when signing
 * completes; off: it only returns it ({"broadcast": false}).
 */
void duet_client_set_broadcast(struct duet_client *c, int on);

/*
 * The reasons of the last guardrail refusal (a 403 with violations), one
 * per line, or "" when the last call was not one.
 */
const char *duet_client_violations(const struct duet_client *c);

/* One line describing the last failure ("" if none). */
const char *duet_client_error(const struct duet_client *c);
/* The HTTP status of the last response (0 if none). */
int duet_client_last_status(const struct duet_client *c);

/*
 * Create a signer: POST /signers, then run keygen and aux-info as parties
 * 0 and 2 against duetd's party 1.  primes[0..3] are party 0's p, q,
 * p-hat, q-hat and primes[4..7] party 2's (big-endian), of the level's
 * size.  level must match the server's (checked against partyConfig).
 * progress, if not NULL, is called before each round.
 */
int duet_client_create_signer(struct duet_client *c, const char *name,
    int level, const uint8_t *const primes[8], const size_t prime_lens[8],
    void (*progress)(void *arg, int round, int rounds), void *arg,
    struct duet_client_signer *out);
void duet_client_signer_clear(struct duet_client_signer *s);

/*
 * Sign as party 0 with duetd (the client's API key must be set).
 * tx_json: the "transaction" object's JSON text (api.md fields, strict
 * JSON).  kind for messages: "personal_sign" with data the text (or
 * "0x..." hex), "typed_data" with data the typed-data JSON object text,
 * "raw_digest" with data "0x" and 64 hex digits (duetd signs those only
 * for a signer whose policy sets allowRawDigest).
 *
 * Nothing is signed unless duetd's messageHash is the hash of what was
 * asked.  A transaction's unsignedTransaction must carry every field the
 * caller gave, byte for byte; the fields left out (nonce, gasLimit, fees,
 * and chainId when "network" names the chain) are duetd's choice.  The
 * signature, v and raw transaction are the client's own, compared with
 * duetd's; tx_hash is duetd's (libduet's public API has no Keccak).
 */
int duet_client_sign_tx(struct duet_client *c,
    const struct duet_client_share *share0, const char *tx_json,
    struct duet_client_signature *out);
int duet_client_sign_message(struct duet_client *c,
    const struct duet_client_share *share0, const char *kind,
    const char *data, struct duet_client_signature *out);
void duet_client_signature_clear(struct duet_client_signature *s);

/*
 * A raw request for tests and tools: method, path (under base_url, e.g.
 * "/api/v1/signers"), optional JSON body.  *status and *resp (malloc'd,
 * NUL-terminated) are set whenever duetd answered.
 * Returns 0 when an HTTP answer arrived, DUET_CLIENT_ERR_TRANSPORT (or
 * _MEMORY) else.
 */
int duet_client_request(struct duet_client *c, const char *method,
    const char *path, const char *body, int *status, char **resp);

#endif /* DUET_CLIENT_H */
