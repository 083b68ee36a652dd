/*
 * query-t.c -- the pure pieces of the audit-log routes: query strings
 * (fcgi_app/query.c: percent-decoding, unknown, repeated and malformed
 * parameters, integer bounds) and CSV (fcgi_app/csv.c: quoting and the
 * spreadsheet formula-injection guard).
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "basic.h"
#include "csv.h"
#include "query.h"

enum { P_SIGNER, P_FROM, P_PAGE, P_N };


static int
parse(const char *qs, struct duetd_query_param *p, char *err, size_t n)
{
    p[P_SIGNER].name = "signerId";
    p[P_FROM].name = "from";
    p[P_PAGE].name = "page";
    err[0] = '\0';
    return duetd_query_parse(qs, p, P_N, err, n);
}


static void
test_query(void)
{
    struct duetd_query_param  p[P_N];
    char                      err[256], big[400];
    unsigned long             v = 0;

    is_int(0, parse(NULL, p, err, sizeof(err)), "no query string");
    ok(!p[0].present && !p[1].present && !p[2].present, "... nothing set");
    is_int(0, parse("", p, err, sizeof(err)), "an empty query string");

    is_int(0, parse("signerId=ab-cd&from=2026-11-22T07%3A59%3A04Z&page=2",
                    p, err, sizeof(err)), "three parameters");
    is_str("ab-cd", p[P_SIGNER].value, "a plain value");
    is_str("2026-11-22T07:59:04Z", p[P_FROM].value, "%%3A decodes to a colon");
    is_int(0, duetd_query_uint(&p[P_PAGE], 1, 100, &v, err, sizeof(err)),
           "page is an integer");
    is_int(2, (long long) v, "... 2");

    is_int(0, parse("from=a+b&&page=1&", p, err, sizeof(err)),
           "empty pairs are skipped, + is a space");
    is_str("a b", p[P_FROM].value, "... 'a b'");

    is_int(400, parse("limit=5", p, err, sizeof(err)), "unknown parameter");
    is_str("unknown query parameter \"limit\"", err, "... named");
    is_int(400, parse("page=1&page=2", p, err, sizeof(err)),
           "repeated parameter");
    is_str("query parameter \"page\" is repeated", err, "... named");
    is_int(400, parse("page", p, err, sizeof(err)), "no '='");
    ok(strstr(err, "name=value") != NULL, "... says what is expected");
    is_int(400, parse("from=%zz", p, err, sizeof(err)), "bad escape");
    ok(strstr(err, "\"from\" is malformed") != NULL, "... named");
    is_int(400, parse("from=%4", p, err, sizeof(err)), "truncated escape");
    is_int(400, parse("from=%0a", p, err, sizeof(err)), "a control byte");
    is_int(400, parse("from=%00", p, err, sizeof(err)), "a NUL byte");
    memset(big, 'x', sizeof(big));
    memcpy(big, "from=", 5);
    big[5 + DUETD_QUERY_VALUE_MAX] = '\0';
    is_int(0, parse(big, p, err, sizeof(err)), "a value of the maximum size");
    big[5 + DUETD_QUERY_VALUE_MAX] = 'x';
    big[6 + DUETD_QUERY_VALUE_MAX] = '\0';
    is_int(400, parse(big, p, err, sizeof(err)), "one byte more");

    p[P_PAGE].name = "page";
    snprintf(p[P_PAGE].value, sizeof(p[P_PAGE].value), "0");
    is_int(400, duetd_query_uint(&p[P_PAGE], 1, 100, &v, err, sizeof(err)),
           "page 0 is below the range");
    is_str("query parameter \"page\" must be an integer from 1 to 100", err,
           "... named with the range");
    snprintf(p[P_PAGE].value, sizeof(p[P_PAGE].value), "101");
    is_int(400, duetd_query_uint(&p[P_PAGE], 1, 100, &v, err, sizeof(err)),
           "101 is above it");
    snprintf(p[P_PAGE].value, sizeof(p[P_PAGE].value), "100");
    is_int(0, duetd_query_uint(&p[P_PAGE], 1, 100, &v, err, sizeof(err)),
           "100 is inside");
    snprintf(p[P_PAGE].value, sizeof(p[P_PAGE].value), "-1");
    is_int(400, duetd_query_uint(&p[P_PAGE], 1, 100, &v, err, sizeof(err)),
           "a sign is refused");
    snprintf(p[P_PAGE].value, sizeof(p[P_PAGE].value), "99999999999999999999");
    is_int(400, duetd_query_uint(&p[P_PAGE], 1, 100, &v, err, sizeof(err)),
           "a number past 64 bits is refused");
}


static void
test_csv(void)
{
    static const struct {
        const char  *in;
        const char  *out;
        const char  *what;
    } cases[] = {
        { "plain", "\"plain\",", "a plain field is quoted" },
        { "", "\"\",", "an empty field" },
        { "a\"b", "\"a\"\"b\",", "a quote is doubled" },
        { "=SUM(A1)", "\"'=SUM(A1)\",", "= is neutralized" },
        { "+1", "\"'+1\",", "+ is neutralized" },
        { "-1", "\"'-1\",", "- is neutralized" },
        { "@cmd", "\"'@cmd\",", "@ is neutralized" },
        { "\tx", "\"'\tx\",", "a leading tab is neutralized" },
        { "\rx", "\"'\rx\",", "a leading CR is neutralized" },
        { "a=b", "\"a=b\",", "= inside a field is left alone" },
        { "\"=x", "\"\"\"=x\",", "a quote first is not a formula" },
    };
    struct duetd_csv  c;
    size_t            i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        memset(&c, 0, sizeof(c));
        duetd_csv_field(&c, cases[i].in, 0);
        is_str(cases[i].out, c.p, "csv: %s", cases[i].what);
        duetd_csv_free(&c);
    }
    memset(&c, 0, sizeof(c));
    duetd_csv_field(&c, "a", 0);
    duetd_csv_field(&c, "b", 1);
    duetd_csv_field(&c, "c", 1);
    is_str("\"a\",\"b\"\r\n\"c\"\r\n", c.p, "csv: records end in CRLF");
    duetd_csv_free(&c);

    memset(&c, 0, sizeof(c));
    for (i = 0; i < 20000; i++) {
        duetd_csv_field(&c, "0123456789", i % 10 == 9);
    }
    ok(!c.bad && c.len == 18000 * 13 + 2000 * 14, "csv: grows past its"
       " first buffer"
       " (%zu bytes)", c.len);
    duetd_csv_free(&c);
}


int
main(int argc, char **argv)
{
    tap_init(argc, argv);
    plan_lazy();
    test_query();
    test_csv();
    return 0;
}
