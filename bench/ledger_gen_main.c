/* SPDX-License-Identifier: Apache-2.0 */
/* `ledger_gen`: writes a synthetic ledger (see ledger_gen.h) to stdout or a file.
 *   ledger_gen [-n EVENTS] [-s SEED] [-o FILE] [--per-day N] [--malformed-ppm N] [--start DATE]
 *              [--crlf] [--stats]
 * Deterministic: the same arguments give the same bytes. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "ledger_gen.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: ledger_gen [-n EVENTS] [-s SEED] [-o FILE] [--per-day N]\n"
            "                  [--malformed-ppm N] [--start YYYY-MM-DD] [--crlf] [--stats]\n"
            "  -n EVENTS          data lines to write (default 1000)\n"
            "  -s SEED            PRNG seed (default 1)\n"
            "  -o FILE            output file (default stdout)\n"
            "  --per-day N        events per day (default 10000)\n"
            "  --malformed-ppm N  malformed lines per million (default 50; 0 for none)\n"
            "  --start DATE       first day (default 2024-01-02)\n"
            "  --crlf             CRLF line ends\n"
            "  --stats            print what was generated to stderr\n");
}

static bool parse_u64(const char *s, uint64_t *out)
{
    if (!s || !*s) return false;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || *s == '-') return false;
    *out = v;
    return true;
}

int main(int argc, char **argv)
{
    ledger_gen_options o = LEDGER_GEN_OPTIONS_INIT;
    const char *path = NULL;
    bool stats = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        uint64_t x;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(a, "--crlf") == 0) {
            o.crlf = true;
        } else if (strcmp(a, "--stats") == 0) {
            stats = true;
        } else if (strcmp(a, "-o") == 0 && v) {
            path = v;
            i++;
        } else if (strcmp(a, "--start") == 0 && v) {
            ach_error err = ACH_ERROR_INIT;
            if (ach_date_parse(&o.start, v, strlen(v), &err)) {
                fprintf(stderr, "ledger_gen: --start: %s\n", err.message);
                return 2;
            }
            i++;
        } else if ((strcmp(a, "-n") == 0 || strcmp(a, "-s") == 0 || strcmp(a, "--per-day") == 0 ||
                    strcmp(a, "--malformed-ppm") == 0) &&
                   parse_u64(v, &x)) {
            if (a[1] == 'n') o.events = x;
            else if (a[1] == 's') o.seed = x;
            else if (a[2] == 'p') o.events_per_day = (uint32_t)(x ? x : 1);
            else o.malformed_ppm = (uint32_t)(x > 1000000 ? 1000000 : x);
            i++;
        } else {
            fprintf(stderr, "ledger_gen: bad argument '%s'\n", a);
            usage(stderr);
            return 2;
        }
    }
    ach_calendar *cal = NULL;
    ach_error err = ACH_ERROR_INIT;
    if (ach_calendar_new_default(&cal, &err)) {
        fprintf(stderr, "ledger_gen: calendar: %s\n", err.message);
        return 3;
    }
    FILE *out = path ? fopen(path, "wb") : stdout;
    if (!out) {
        fprintf(stderr, "ledger_gen: %s: %s\n", path, strerror(errno));
        ach_calendar_free(cal);
        return 3;
    }
    static char buf[1 << 20];
    setvbuf(out, buf, _IOFBF, sizeof buf);
    ledger_gen_stats st;
    int rc = ledger_gen_write(out, &o, cal, &st, NULL, NULL);
    if (fflush(out) != 0) rc = -1;
    if (path && fclose(out) != 0) rc = -1;
    ach_calendar_free(cal);
    if (rc) {
        fprintf(stderr, "ledger_gen: write failed: %s\n", strerror(errno));
        return 3;
    }
    if (stats) {
        char d1[ACH_DATE_FORMAT_SIZE], d2[ACH_DATE_FORMAT_SIZE];
        fprintf(stderr, "lines %llu, bytes %llu, days %s..%s, malformed %llu\n",
                (unsigned long long)st.lines, (unsigned long long)st.bytes,
                ach_date_format(d1, st.first_day), ach_date_format(d2, st.last_day),
                (unsigned long long)st.malformed);
        for (int t = 1; t < ACH_LEDGER_TYPE_COUNT; t++)
            fprintf(stderr, "  %-15s %llu\n", ach_ledger_type_name((ach_ledger_type)t),
                    (unsigned long long)st.by_type[t]);
        fprintf(stderr,
                "  test accounts %llu, wrong pairs %llu, locked %llu, returns %llu, late "
                "failures %llu,\n  refunds %llu, refund failures %llu, disputes %llu, revoked "
                "%llu, foreign currency %llu\n",
                (unsigned long long)st.test_accounts, (unsigned long long)st.wrong_pairs,
                (unsigned long long)st.locked_accounts, (unsigned long long)st.returns,
                (unsigned long long)st.late_failures, (unsigned long long)st.refunds,
                (unsigned long long)st.refund_failures, (unsigned long long)st.disputes,
                (unsigned long long)st.revoked, (unsigned long long)st.foreign_currency);
    }
    return 0;
}
