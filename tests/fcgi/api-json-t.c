/*
 * api-json-t.c -- duetd's pure route pieces: strict request JSON and the
 * errors that name fields (api_json.c), the round-body parser, response
 * helpers, token hashing and API keys (auth.c), the handler state codecs
 * (proto_state.c), the share container (server_share.c) and UUIDs.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "basic.h"
#include "duet.h"
#include "duet_eth.h"
#include "duet_util.h"
#include "api_json.h"
#include "auth.h"
#include "options.h"
#include "proto_state.h"
#include "server_share.h"
#include "uuid.h"


/* Parse text; return the status, leave the message in err. */
static int
parse(const char *text, struct json_object **root, char *err, size_t size)
{
    err[0] = '\0';
    return duetd_json_parse(root, text, strlen(text), err, size);
}


/* {"a": [[...]]} with n arrays. */
static void
deep_text(char *out, size_t size, size_t n)
{
    size_t  i, k = 0;

    k += (size_t) snprintf(out + k, size - k, "{\"a\":");
    for (i = 0; i < n; i++) {
        out[k++] = '[';
    }
    for (i = 0; i < n; i++) {
        out[k++] = ']';
    }
    snprintf(out + k, size - k, "}");
}


static void
test_parse(void)
{
    static const struct {
        const char  *text;
        int          status;
        const char  *what;
    } cases[] = {
        { "{\"a\":1}", 0, "an object" },
        { " \n{ } \t", 0, "an empty object with blanks" },
        { "{\"a\":1,\"a\":2}", 400, "duplicate key" },
        { "{\"a\":1} x", 400, "trailing data" },
        { "[1]", 400, "an array at the top" },
        { "{\"a\":NaN}", 400, "NaN" },
        { "{'a':1}", 400, "single quotes" },
        { "{\"a\":1,}", 400, "trailing comma" },
        { "{\"a\":\"\\u0000\"}", 400, "escaped U+0000" },
        { "{\"a\":\"\\ud800\"}", 400, "unpaired surrogate" },
        { "{\"a\":\"\xc0\xaf\"}", 400, "overlong UTF-8" },
        { "{\"a\":", 400, "truncated" },
        { "", 400, "empty body" },
        { "{\"a\":/*c*/1}", 400, "a comment" },
    };
    struct json_object  *root;
    char                 err[DUETD_ERR_SIZE], deep[200];
    size_t               i;
    int                  st;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        root = NULL;
        st = parse(cases[i].text, &root, err, sizeof(err));
        is_int(cases[i].status, st, "parse: %s", cases[i].what);
        ok((st == 0) == (root != NULL), "parse: %s: tree iff accepted",
           cases[i].what);
        ok(st == 0 || err[0] != '\0', "parse: %s: a message", cases[i].what);
        json_object_put(root);
    }

    /* Nesting: 32 levels pass, 33 do not (the object is one). */
    deep_text(deep, sizeof(deep), 31);
    root = NULL;
    is_int(0, parse(deep, &root, err, sizeof(err)), "parse: depth 32");
    json_object_put(root);
    deep_text(deep, sizeof(deep), 32);
    root = NULL;
    is_int(400, parse(deep, &root, err, sizeof(err)), "parse: depth 33");
    json_object_put(root);
}


static int
fields(const char *text, struct duetd_json_field *f, size_t n, char *err,
    size_t size, struct json_object **root)
{
    int  st;

    *root = NULL;
    st = parse(text, root, err, size);
    if (st != 0) {
        return -st;
    }
    return duetd_json_fields(*root, "tx.", f, n, err, size);
}


static void
test_fields(void)
{
    struct duetd_json_field  f[] = {
        { "name", DUETD_JT_STRING, 1, 8, NULL },
        { "n", DUETD_JT_INTEGER, 0, 0, NULL },
        { "q", DUETD_JT_QUANTITY, 0, 0, NULL },
        { "o", DUETD_JT_OBJECT, 0, 0, NULL },
        { "b", DUETD_JT_BOOL, 0, 0, NULL },
    };
    struct json_object      *root;
    char                     err[DUETD_ERR_SIZE];

    is_int(0, fields("{\"name\":\"x\",\"n\":5,\"q\":\"0x10\",\"o\":{},"
                     "\"b\":true}", f, 5, err, sizeof(err), &root),
           "fields: all good");
    ok(f[0].value != NULL && f[4].value != NULL, "fields: values found");
    json_object_put(root);

    is_int(0, fields("{\"name\":\"x\",\"o\":null}", f, 5, err, sizeof(err),
                     &root), "fields: null is absent");
    ok(f[3].value == NULL, "fields: null gives no value");
    json_object_put(root);

    is_int(400, fields("{\"name\":\"x\",\"from\":1}", f, 5, err,
                       sizeof(err), &root), "fields: unknown field");
    is_str("unknown field \"tx.from\"", err, "fields: it is named");
    json_object_put(root);

    is_int(400, fields("{\"name\":\"x\",\"n\":\"5\"}", f, 5, err,
                       sizeof(err), &root), "fields: wrong type");
    is_str("tx.n must be an integer below 2^53", err,
           "fields: field and type named");
    json_object_put(root);

    is_int(400, fields("{\"name\":\"x\",\"n\":1.5}", f, 5, err,
                       sizeof(err), &root), "fields: a fraction");
    json_object_put(root);

    is_int(400, fields("{\"name\":\"x\",\"n\":9007199254740992}", f, 5, err,
                       sizeof(err), &root), "fields: 2^53 as a number");
    json_object_put(root);

    is_int(0, fields("{\"name\":\"x\",\"n\":-9007199254740991}", f, 5, err,
                     sizeof(err), &root), "fields: -(2^53 - 1)");
    json_object_put(root);

    is_int(400, fields("{\"name\":\"x\",\"q\":-1}", f, 5, err, sizeof(err),
                       &root), "fields: negative quantity");
    json_object_put(root);

    is_int(400, fields("{\"name\":\"123456789\"}", f, 5, err, sizeof(err),
                       &root), "fields: string over its limit");
    is_str("tx.name is longer than 8 bytes", err, "fields: limit named");
    json_object_put(root);

    is_int(400, fields("{\"n\":1}", f, 5, err, sizeof(err), &root),
           "fields: required missing");
    is_str("tx.name is required", err, "fields: missing one named");
    json_object_put(root);

    is_int(400, fields("{\"name\":\"\"}", f, 5, err, sizeof(err), &root),
           "fields: required empty");
    json_object_put(root);

    is_int(400, fields("{\"name\":\"x\",\"b\":1}", f, 5, err, sizeof(err),
                       &root), "fields: bool as number");
    json_object_put(root);

    is_int(400, fields("{\"name\":\"x\",\"\\u0001\\\"k\":1}", f, 5, err,
                       sizeof(err), &root), "fields: odd unknown name");
    is_str("unknown field \"tx.??k\"", err,
           "fields: control characters not echoed");
    json_object_put(root);
}


static void
test_numbers(void)
{
    static const struct {
        const char  *text;
        int          status;
        const char  *err;
    } cases[] = {
        { "{\"a\":[1,{\"b\":2}]}", 0, NULL },
        { "{\"a\":[1,{\"b\":2.5}]}", 400,
          "d.a[1].b: numbers must be integers" },
        { "{\"a\":{\"c\":18446744073709551616}}", 400,
          "d.a.c: integers of 2^53 or more must be written as strings" },
        { "{\"a\":9007199254740991}", 0, NULL },
        { "{\"a\":1e3}", 400, "d.a: numbers must be integers" },
        { "{\"a\":\"99999999999999999999999\"}", 0, NULL },
    };
    struct json_object  *root;
    char                 err[DUETD_ERR_SIZE];
    size_t               i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        root = NULL;
        if (parse(cases[i].text, &root, err, sizeof(err)) != 0) {
            ok(0, "numbers %zu: parse", i);
            continue;
        }
        is_int(cases[i].status,
               duetd_json_check_numbers(root, "d", err, sizeof(err)),
               "numbers %zu: status", i);
        if (cases[i].err != NULL) {
            is_str(cases[i].err, err, "numbers %zu: path named", i);
        }
        json_object_put(root);
    }
}


static void
test_content_type(void)
{
    ok(duetd_json_content_type_ok("application/json"), "ct: plain");
    ok(duetd_json_content_type_ok("Application/JSON; charset=UTF-8"),
       "ct: charset, any case");
    ok(duetd_json_content_type_ok("application/json;charset=\"utf-8\""),
       "ct: quoted charset");
    ok(!duetd_json_content_type_ok("application/json; charset=latin1"),
       "ct: other charset");
    ok(!duetd_json_content_type_ok("text/plain"), "ct: text");
    ok(!duetd_json_content_type_ok("application/jsonx"), "ct: prefix only");
    ok(!duetd_json_content_type_ok(NULL), "ct: none");
}


static int
msgs(const char *text, struct duetd_msgs *m, char *err, size_t size)
{
    err[0] = '\0';
    return duetd_msgs_parse(m, text, strlen(text), err, size);
}


static void
test_messages(void)
{
    static const struct {
        const char  *text;
        const char  *err;
    } bad[] = {
        { "[]", "the request body must be a JSON object" },
        { "{}", "messages is required" },
        { "{\"messages\":[]}", "messages must not be empty" },
        { "{\"messages\":\"AQ\"}",
          "messages must be an array of base64url strings" },
        { "{\"messages\":[1]}", "messages[0] must be a base64url string" },
        { "{\"messages\":[\"AQ==\"]}",
          "messages[0] is not unpadded base64url" },
        { "{\"messages\":[\"AQ\",\"A+\"]}",
          "messages[1] is not unpadded base64url" },
        { "{\"messages\":[\"AR\"]}",
          "messages[0] is not unpadded base64url" },     /* loose bits */
        { "{\"messages\":[\"A\"]}",
          "messages[0] is not unpadded base64url" },
        { "{\"messages\":[\"\"]}", "messages[0] is empty" },
        { "{\"messages\":[\"A\\u0051\"]}",
          "messages[0] is not unpadded base64url" },
        { "{\"messages\":[\"AQ\"],\"x\":1}", "unknown field \"x\"" },
        { "{\"other\":[]}", "unknown field \"other\"" },
        { "{\"messages\":[\"AQ\"],\"messages\":[\"AQ\"]}",
          "malformed JSON: duplicate key \"messages\"" },
        { "{\"messages\":[\"AQ\"]} {}",
          "malformed JSON: data after the object" },
        { "{\"messages\":[\"AQ\",]}",
          "messages[1] must be a base64url string" },
        { "{\"messages\":[\"AQ\"]", "malformed JSON: the body ends early" },
        { "{\"messages\":[\"AQ", "malformed JSON: the body ends early" },
        { "{\"messages\":[", "malformed JSON: the body ends early" },
        { "{\"messages\":", "malformed JSON: the body ends early" },
        { "{ ", "malformed JSON: the body ends early" },
        { " \n", "the request body is empty: it must be a JSON object" },
        { "{\"mess\\u0061ges\":[\"AQ\"]}", "malformed JSON" },
    };
    struct duetd_msgs  m;
    char               err[DUETD_ERR_SIZE], big[2048];
    size_t             i;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        is_int(400, msgs(bad[i].text, &m, err, sizeof(err)),
               "messages: refused: %s", bad[i].text);
        is_str(bad[i].err, err, "messages: error for %s", bad[i].text);
        ok(m.count == 0 && m.buf == NULL, "messages: nothing kept");
    }

    is_int(0, msgs(" {\n \"messages\" : [ \"AQ\" ,\"AQID\", \"-_8\" ] }\r\n",
                   &m, err, sizeof(err)), "messages: three, with blanks");
    is_int(3, (long long) m.count, "messages: count");
    ok(m.len[0] == 1 && m.msg[0][0] == 1, "messages: first decoded");
    ok(m.len[1] == 3 && memcmp(m.msg[1], "\1\2\3", 3) == 0,
       "messages: second decoded");
    ok(m.len[2] == 2 && m.msg[2][0] == 0xfb && m.msg[2][1] == 0xff,
       "messages: the url alphabet");
    duetd_msgs_free(&m);
    ok(m.buf == NULL && m.count == 0, "messages: freed");

    /* 16 pass, 17 do not. */
    strcpy(big, "{\"messages\":[");
    for (i = 0; i < 16; i++) {
        strcat(big, i ? ",\"AQ\"" : "\"AQ\"");
    }
    strcat(big, "]}");
    is_int(0, msgs(big, &m, err, sizeof(err)), "messages: sixteen");
    duetd_msgs_free(&m);
    big[strlen(big) - 2] = '\0';
    strcat(big, ",\"AQ\"]}");
    is_int(400, msgs(big, &m, err, sizeof(err)), "messages: seventeen");
    is_str("more than 16 messages", err, "messages: the limit named");
}


static void
test_responses(void)
{
    static const uint8_t  b[3] = { 0x00, 0xab, 0xff };
    struct json_object   *v, *arr;
    struct json_object   *q;
    char                  out[80];
    size_t                i;
    static const struct {
        const char  *json;
        const char  *dec;
    } qs[] = {
        { "0", "0" },
        { "12345", "12345" },
        { "\"000123\"", "123" },
        { "\"0x0\"", "0" },
        { "\"0xff\"", "255" },
        { "\"0x0de0b6b3a7640000\"", "1000000000000000000" },
        { "\"0xffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
          "ffffffff\"",
          "11579208923731619542357098500868790785326998466564056403945758"
          "4007913129639935" },
    };

    v = duetd_json_hex(b, sizeof(b));
    is_str("0x00abff", v ? json_object_get_string(v) : NULL, "hex string");
    json_object_put(v);
    v = duetd_json_hex(NULL, 0);
    is_str("0x", v ? json_object_get_string(v) : NULL, "hex of nothing");
    json_object_put(v);

    arr = json_object_new_array();
    is_int(0, duetd_json_array_add_b64(arr, b, sizeof(b)), "b64 add");
    is_str("AKv_", json_object_get_string(json_object_array_get_idx(arr, 0)),
           "b64 text");
    json_object_put(arr);

    for (i = 0; i < sizeof(qs) / sizeof(qs[0]); i++) {
        q = json_tokener_parse(qs[i].json);
        ok(q != NULL && duetd_quantity_decimal(out, sizeof(out), q) == 0,
           "quantity %s converts", qs[i].json);
        is_str(qs[i].dec, out, "quantity %s in decimal", qs[i].json);
        json_object_put(q);
    }
    q = json_tokener_parse("\"0x1g\"");
    ok(duetd_quantity_decimal(out, sizeof(out), q) != 0, "quantity: bad hex");
    json_object_put(q);
    q = json_tokener_parse("\"12a\"");
    ok(duetd_quantity_decimal(out, sizeof(out), q) != 0,
       "quantity: bad decimal");
    json_object_put(q);
    q = json_tokener_parse("-1");
    ok(duetd_quantity_decimal(out, sizeof(out), q) != 0,
       "quantity: negative");
    json_object_put(q);
}


static void
test_auth(void)
{
    /* SHA-256("abc"), FIPS 180-2. */
    static const uint8_t  abc[32] = {
        0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40,
        0xde, 0x5d, 0xae, 0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17,
        0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad
    };
    struct duetd_config  cfg;
    uint8_t              h[32], h2[32];
    char                 key[DUETD_APIKEY_SIZE], key2[DUETD_APIKEY_SIZE];
    const char          *tok;
    size_t               n;

    is_int(0, duetd_sha256(h, "abc", 3), "sha256 runs");
    is_blob(abc, h, 32, "sha256(abc)");

    is_int(0, duetd_auth_apikey_new(key, h), "api key made");
    is_int(DUETD_APIKEY_LEN, (long long) strlen(key), "api key length");
    ok(strncmp(key, "duet_live_", 10) == 0, "api key prefix");
    ok(duetd_auth_apikey_shape(key, strlen(key)), "api key shape");
    duetd_sha256(h2, key, strlen(key));
    is_blob(h2, h, 32, "api key hash is SHA-256 of the whole key");
    is_int(0, duetd_auth_apikey_new(key2, h2), "second key");
    ok(strcmp(key, key2) != 0, "keys differ");

    key[20] = '+';
    ok(!duetd_auth_apikey_shape(key, strlen(key)), "shape: bad character");
    ok(!duetd_auth_apikey_shape(key2, strlen(key2) - 1), "shape: short");
    ok(!duetd_auth_apikey_shape("duet_test_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
                                "AAAAAAAAAA", 53), "shape: prefix");

    ok(duetd_auth_bearer("Bearer abc", &tok, &n) == 0 && n == 3
       && strncmp(tok, "abc", 3) == 0, "bearer");
    ok(duetd_auth_bearer("bearer   abc  ", &tok, &n) == 0 && n == 3,
       "bearer: case, spaces");
    ok(duetd_auth_bearer("Basic abc", &tok, &n) != 0, "bearer: basic");
    ok(duetd_auth_bearer("Bearer ", &tok, &n) != 0, "bearer: empty");
    ok(duetd_auth_bearer(NULL, &tok, &n) != 0, "bearer: none");

    memset(&cfg, 0, sizeof(cfg));
    ok(!duetd_auth_operator_ok(&cfg, "duet_op_x", 9), "operator: none set");
    cfg.have_operator = 1;
    duetd_sha256(cfg.operator_token_sha256, "duet_op_secret", 14);
    ok(duetd_auth_operator_ok(&cfg, "duet_op_secret", 14), "operator: ok");
    ok(!duetd_auth_operator_ok(&cfg, "duet_op_secreT", 14),
       "operator: wrong");
    ok(!duetd_auth_operator_ok(&cfg, "duet_op_secret!", 14 + 1),
       "operator: longer");
    ok(!duetd_auth_operator_ok(&cfg, "duet_op_", 8), "operator: bare prefix");
    duet_memclear(key, sizeof(key));
    duet_memclear(key2, sizeof(key2));
}


/* Every proper prefix and every one-byte extension must be refused. */
static int
codec_strict(int (*dec)(void *, const uint8_t *, size_t), void *st,
    const uint8_t *blob, size_t len)
{
    uint8_t  *b;
    size_t    i;
    int       good = 1;

    b = bmalloc(len + 1);
    memcpy(b, blob, len);
    for (i = 0; i < len; i++) {
        good &= dec(st, b, i) != 0;
    }
    b[len] = 0;
    good &= dec(st, b, len + 1) != 0;
    free(b);
    return good;
}


static int
dkg_dec(void *st, const uint8_t *b, size_t n)
{
    return duetd_dkg_state_decode(st, b, n);
}


static int
sign_dec(void *st, const uint8_t *b, size_t n)
{
    return duetd_sign_state_decode(st, b, n);
}


static void
test_proto_state(void)
{
    static const uint8_t      kg[5] = "keyg", ax[3] = "ax";
    static const uint8_t      msg[4] = "\x02\xf8\x01", eng[6] = "engin";
    struct duetd_dkg_state    d, d2;
    struct duetd_sign_state   s, s2;
    const uint8_t            *ph, *lm[DUETD_PSTATE_MSGS_MAX];
    const uint8_t            *m3[3] = { (const uint8_t *) "a",
                                        (const uint8_t *) "bb",
                                        (const uint8_t *) "ccc" };
    const uint8_t            *r3[3];
    size_t                    l3[3] = { 1, 2, 3 }, rl3[3];
    size_t                    ll[DUETD_PSTATE_MSGS_MAX];
    uint8_t                  *blob, *list, dg1[32], dg2[32], dg3[32];
    size_t                    len, llen, n, phl;

    ph = duetd_pstate_placeholder(&phl);
    is_int(DUETD_PSTATE_PENDING, duetd_pstate_kind(ph, phl),
           "placeholder kind");
    is_int(DUETD_PSTATE_INVALID, duetd_pstate_kind(ph, phl - 1),
           "short placeholder");

    memset(&d, 0, sizeof(d));
    strcpy(d.signer_id, "2f1c0000-0000-4000-8000-000000000001");
    d.level = 128;
    d.keygen = kg;
    d.keygen_len = sizeof(kg);
    d.aux = ax;
    d.aux_len = sizeof(ax);
    is_int(0, duetd_dkg_state_encode(&d, &blob, &len), "dkg encode");
    is_int(DUETD_PSTATE_DKG, duetd_pstate_kind(blob, len), "dkg kind");
    is_int(0, duetd_dkg_state_decode(&d2, blob, len), "dkg decode");
    is_str(d.signer_id, d2.signer_id, "dkg: signer id");
    is_int(128, d2.level, "dkg: level");
    ok(d2.keygen_len == sizeof(kg) && memcmp(d2.keygen, kg, sizeof(kg)) == 0,
       "dkg: keygen blob");
    ok(d2.aux_len == sizeof(ax) && memcmp(d2.aux, ax, sizeof(ax)) == 0,
       "dkg: aux blob");
    ok(codec_strict(dkg_dec, &d2, blob, len), "dkg: every truncation and"
       " extension refused");
    ok(duetd_sign_state_decode(&s2, blob, len) != 0,
       "dkg blob is no sign state");
    duetd_pstate_free(blob, len);
    d.keygen_len = 0;
    ok(duetd_dkg_state_encode(&d, &blob, &len) != 0 && blob == NULL,
       "dkg: empty keygen refused");

    memset(&s, 0, sizeof(s));
    strcpy(s.signer_id, "2f1c0000-0000-4000-8000-000000000002");
    strcpy(s.request_id, "9a0b0000-0000-4000-8000-00000000000a");
    s.phase = DUETD_SIGN_PRESIGN;
    s.kind = 1;
    s.tx_type = 2;
    s.chain_id = 0x0102030405060708ULL;
    s.calls = 2;
    memset(s.hash, 0x5a, sizeof(s.hash));
    s.msg = msg;
    s.msg_len = sizeof(msg);
    s.engine = eng;
    s.engine_len = sizeof(eng);
    is_int(0, duetd_msglist_encode(m3, l3, 3, &list, &llen),
           "msglist encode");
    s.have_reply = 1;
    memset(s.req_digest, 0x33, sizeof(s.req_digest));
    s.reply = list;
    s.reply_len = llen;
    is_int(0, duetd_sign_state_encode(&s, &blob, &len), "sign encode");
    is_int(DUETD_PSTATE_SIGN, duetd_pstate_kind(blob, len), "sign kind");
    is_int(0, duetd_sign_state_decode(&s2, blob, len), "sign decode");
    is_str(s.request_id, s2.request_id, "sign: request id");
    ok(strcmp(s2.signer_id, s.signer_id) == 0 && s2.phase == s.phase
       && s2.kind == 1 && s2.tx_type == 2 && s2.chain_id == s.chain_id
       && s2.calls == 2 && s2.have_reply == 1, "sign: scalars");
    is_blob(s.hash, s2.hash, 32, "sign: hash");
    is_blob(s.req_digest, s2.req_digest, 32, "sign: request digest");
    ok(s2.msg_len == sizeof(msg) && memcmp(s2.msg, msg, sizeof(msg)) == 0,
       "sign: message");
    ok(s2.engine_len == sizeof(eng)
       && memcmp(s2.engine, eng, sizeof(eng)) == 0, "sign: engine blob");
    is_int(0, duetd_msglist_decode(s2.reply, s2.reply_len, lm, ll, &n),
           "sign: reply decodes");
    ok(n == 3 && ll[2] == 3 && memcmp(lm[2], "ccc", 3) == 0,
       "sign: reply messages");
    ok(codec_strict(sign_dec, &s2, blob, len), "sign: every truncation and"
       " extension refused");
    duetd_pstate_free(blob, len);

    /* Done: the engine blob is dropped, whatever the caller left there. */
    s.phase = DUETD_SIGN_DONE;
    memset(s.sig, 7, sizeof(s.sig));
    is_int(0, duetd_sign_state_encode(&s, &blob, &len), "done encode");
    is_int(0, duetd_sign_state_decode(&s2, blob, len), "done decode");
    ok(s2.engine == NULL && s2.engine_len == 0, "done: no session state");
    is_blob(s.sig, s2.sig, 65, "done: signature");
    duetd_pstate_free(blob, len);

    s.phase = DUETD_SIGN_SIGNING;
    s.engine_len = 0;
    ok(duetd_sign_state_encode(&s, &blob, &len) != 0,
       "signing without a session refused");
    s.engine_len = sizeof(eng);
    s.phase = 9;
    ok(duetd_sign_state_encode(&s, &blob, &len) != 0, "bad phase refused");
    s.phase = DUETD_SIGN_PRESIGN;
    s.calls = 5;
    ok(duetd_sign_state_encode(&s, &blob, &len) != 0, "calls over 4 refused");
    duetd_pstate_free(list, llen);

    ok(duetd_msglist_encode(m3, l3, 0, &list, &llen) == 0
       && duetd_msglist_decode(list, llen, lm, ll, &n) == 0 && n == 0,
       "msglist: empty");
    duetd_pstate_free(list, llen);

    /* Request digests: the set matters, not the order. */
    r3[0] = m3[2];
    r3[1] = m3[0];
    r3[2] = m3[1];
    rl3[0] = 3;
    rl3[1] = 1;
    rl3[2] = 2;
    is_int(0, duetd_pstate_request_digest(dg1, m3, l3, 3), "digest");
    is_int(0, duetd_pstate_request_digest(dg2, r3, rl3, 3),
           "digest, reordered");
    is_blob(dg1, dg2, 32, "digest ignores order");
    is_int(0, duetd_pstate_request_digest(dg3, m3, l3, 2), "digest of two");
    ok(memcmp(dg1, dg3, 32) != 0, "digest sees a missing message");
}


static void
test_server_share(void)
{
    static const uint8_t  ks[5] = "kshr", ax[7] = "auxblb";
    const uint8_t        *k, *a;
    uint8_t              *box, *b;
    size_t                len, kl, al, i;
    char                  name[DUETD_SERVER_SHARE_NAME_MAX];
    int                   good = 1;

    is_int(0, duetd_server_share_encode(&box, &len, ks, sizeof(ks), ax,
                                        sizeof(ax)), "share encode");
    is_int(0, duetd_server_share_decode(box, len, &k, &kl, &a, &al),
           "share decode");
    ok(kl == sizeof(ks) && memcmp(k, ks, kl) == 0, "share: key share");
    ok(al == sizeof(ax) && memcmp(a, ax, al) == 0, "share: aux");
    for (i = 0; i < len; i++) {
        good &= duetd_server_share_decode(box, i, &k, &kl, &a, &al) != 0;
    }
    ok(good, "share: every truncation refused");
    b = bmalloc(len + 1);
    memcpy(b, box, len);
    b[len] = 0;
    ok(duetd_server_share_decode(b, len + 1, &k, &kl, &a, &al) != 0
       && k == NULL, "share: trailing byte refused");
    b[0] ^= 1;
    ok(duetd_server_share_decode(b, len, &k, &kl, &a, &al) != 0,
       "share: bad magic refused");
    b[0] ^= 1;
    b[4] = 2;
    ok(duetd_server_share_decode(b, len, &k, &kl, &a, &al) != 0,
       "share: other version refused");
    free(b);
    duetd_server_share_free(box, len);
    ok(duetd_server_share_encode(&box, &len, ks, 0, ax, sizeof(ax)) != 0,
       "share: empty key share refused");

    is_int(0, duetd_server_share_name(name, "abc"), "share name");
    is_str("signers/abc", name, "share name text");
    ok(duetd_server_share_name(name, "") != 0, "share name: empty id");
}


static void
test_uuid(void)
{
    char    a[DUETD_UUID_TEXT_SIZE], b[DUETD_UUID_TEXT_SIZE];
    size_t  i;
    int     good = 1;

    is_int(0, duetd_uuid_v4(a), "uuid");
    is_int(0, duetd_uuid_v4(b), "uuid again");
    is_int(36, (long long) strlen(a), "uuid length");
    for (i = 0; i < 36; i++) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            good &= a[i] == '-';
        } else {
            good &= (a[i] >= '0' && a[i] <= '9') || (a[i] >= 'a'
                                                     && a[i] <= 'f');
        }
    }
    ok(good, "uuid shape");
    ok(a[14] == '4', "uuid version 4");
    ok(strchr("89ab", a[19]) != NULL, "uuid variant");
    ok(strcmp(a, b) != 0, "uuids differ");
}


static void
test_keccak(void)
{
    /* Keccak-256("") (Ethereum's empty hash). */
    static const uint8_t  empty[32] = {
        0xc5, 0xd2, 0x46, 0x01, 0x86, 0xf7, 0x23, 0x3c, 0x92, 0x7e, 0x7d,
        0xb2, 0xdc, 0xc7, 0x03, 0xc0, 0xe5, 0x00, 0xb6, 0x53, 0xca, 0x82,
        0x27, 0x3b, 0x7b, 0xfa, 0xd8, 0x04, 0x5d, 0x85, 0xa4, 0x70
    };
    uint8_t  h[32];

    is_int(0, duet_eth_keccak256(h, NULL, 0), "keccak256 of nothing");
    is_blob(empty, h, 32, "keccak256 empty vector");
    is_int(0, duet_eth_json_check("{}", 2), "json check: {}");
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_eth_json_check("1", 1),
           "json check: not an object");
}


int
main(int argc, char **argv)
{
    tap_init(argc, argv);
    plan_lazy();
    if (duet_init() != 0) {
        bail("duet_init");
    }
    test_parse();
    test_fields();
    test_numbers();
    test_content_type();
    test_messages();
    test_responses();
    test_auth();
    test_proto_state();
    test_server_share();
    test_uuid();
    test_keccak();
    return 0;
}
