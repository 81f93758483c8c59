/* SPDX-License-Identifier: Apache-2.0 */
/* `ach calendar ...`: the business-day calendar from the command line. */
#include <stdlib.h>
#include <string.h>
#include "cli.h"

#define USAGE                                                                                  \
    "ach calendar holidays FROM TO | is-business-day DATE | add DATE N | between FROM TO |\n" \
    "       processing-date INSTANT   [--calendar FILE.ics] [--json]"

void cli_help_calendar(FILE *out);
int cli_cmd_calendar(int argc, char **argv);

void cli_help_calendar(FILE *out)
{
    fprintf(out,
            "usage: " USAGE "\n\n"
            "The FedACH business-day calendar (weekends and Federal Reserve holidays closed;\n"
            "a Saturday holiday closes nothing, a Sunday holiday closes the Monday).\n\n"
            "  holidays FROM TO        closures from FROM to TO inclusive: DATE<TAB>NAME a line\n"
            "  is-business-day DATE    prints yes (exit 0) or no (exit 1)\n"
            "  add DATE N              the date N business days later (earlier if N < 0)\n"
            "  between FROM TO         business days after FROM up to and including TO\n"
            "  processing-date INSTANT the processing date of INSTANT (YYYY-MM-DDTHH:MM:SSZ)\n"
            "                          under the 22:00 UTC cutoff\n\n"
            "  --calendar FILE.ics     use this iCalendar file instead of the built-in one\n"
            "  --json                  print JSON\n"
            "Dates are YYYY-MM-DD; the built-in calendar covers 1970-2199.\n");
}

static int parse_date_arg(ach_date *out, const char *arg, const char *what)
{
    ach_error err = ACH_ERROR_INIT;
    if (ach_date_parse(out, arg, strlen(arg), &err) != ACH_OK) {
        char msg[400];
        ach_error_format(msg, sizeof msg, &err);
        return cli_usage(USAGE, "%s '%s': %s", what, arg, msg);
    }
    return CLI_OK;
}

static int print_date(ach_date d, bool json, const char *key)
{
    char buf[ACH_DATE_FORMAT_SIZE];
    ach_date_format(buf, d);
    if (json) printf("{\"%s\":\"%s\"}\n", key, buf);
    else printf("%s\n", buf);
    return CLI_OK;
}

int cli_cmd_calendar(int argc, char **argv)
{
    bool missing = false;
    bool json = cli_take_flag(&argc, argv, "--json");
    const char *file = cli_take_option(&argc, argv, "--calendar", &missing);
    if (missing) return cli_usage(USAGE, "--calendar needs a file");
    int rc = cli_reject_unknown_options(argc, argv, USAGE);
    if (rc) return rc;
    if (argc < 1) return cli_usage(USAGE, "missing calendar command");
    const char *what = argv[0];

    struct { const char *name; int args; } forms[] = {
        {"holidays", 2}, {"is-business-day", 1}, {"add", 2}, {"between", 2},
        {"processing-date", 1},
    };
    int want = -1;
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++)
        if (strcmp(forms[i].name, what) == 0) want = forms[i].args;
    if (want < 0) return cli_usage(USAGE, "unknown calendar command '%s'", what);
    if (argc - 1 != want)
        return cli_usage(USAGE, "'%s' takes %d argument(s), got %d", what, want, argc - 1);

    ach_error err = ACH_ERROR_INIT;
    ach_calendar *cal = NULL;
    ach_status s = file ? ach_calendar_load_file(&cal, file, NULL, &err)
                        : ach_calendar_new_default(&cal, &err);
    if (s) return cli_fail(&err);

    ach_date a = 0, b = 0;
    if (strcmp(what, "holidays") == 0) {
        if ((rc = parse_date_arg(&a, argv[1], "FROM")) || (rc = parse_date_arg(&b, argv[2], "TO")))
            goto out;
        size_t n = 0;
        s = ach_calendar_holidays(NULL, 0, &n, cal, a, b, &err);
        if (s && s != ACH_EBUFS) {
            rc = s == ACH_EINVAL ? cli_usage(USAGE, "%s", err.message) : cli_fail(&err);
            goto out;
        }
        ach_holiday *list = calloc(n ? n : 1, sizeof *list);
        if (!list || ach_calendar_holidays(list, n, &n, cal, a, b, &err)) {
            free(list);
            rc = cli_fail(&err);
            goto out;
        }
        if (json) printf("[");
        for (size_t i = 0; i < n; i++) {
            char d[ACH_DATE_FORMAT_SIZE];
            ach_date_format(d, list[i].date);
            if (json) {
                printf("%s{\"date\":\"%s\",\"name\":", i ? "," : "", d);
                cli_json_string(stdout, list[i].name);
                printf("}");
            } else {
                printf("%s\t%s\n", d, list[i].name);
            }
        }
        if (json) printf("]\n");
        free(list);
    } else if (strcmp(what, "is-business-day") == 0) {
        bool yes = false;
        if ((rc = parse_date_arg(&a, argv[1], "DATE"))) goto out;
        if (ach_calendar_is_business_day(&yes, cal, a, &err)) {
            rc = cli_fail(&err);
            goto out;
        }
        if (json) printf("{\"business_day\":%s}\n", yes ? "true" : "false");
        else printf("%s\n", yes ? "yes" : "no");
        rc = yes ? CLI_OK : CLI_NEGATIVE;
    } else if (strcmp(what, "add") == 0) {
        int64_t n = 0;
        if ((rc = parse_date_arg(&a, argv[1], "DATE"))) goto out;
        if (!cli_parse_int64(argv[2], &n) || n < INT32_MIN || n > INT32_MAX) {
            rc = cli_usage(USAGE, "N '%s' is not a whole number", argv[2]);
            goto out;
        }
        if (ach_calendar_add_business_days(&b, cal, a, (int32_t)n, &err)) {
            rc = cli_fail(&err);
            goto out;
        }
        rc = print_date(b, json, "date");
    } else if (strcmp(what, "between") == 0) {
        int32_t n = 0;
        if ((rc = parse_date_arg(&a, argv[1], "FROM")) || (rc = parse_date_arg(&b, argv[2], "TO")))
            goto out;
        if (ach_calendar_business_days_between(&n, cal, a, b, &err)) {
            rc = cli_fail(&err);
            goto out;
        }
        if (json) printf("{\"business_days\":%ld}\n", (long)n);
        else printf("%ld\n", (long)n);
    } else { /* processing-date */
        ach_instant t = 0;
        if (ach_instant_parse(&t, argv[1], strlen(argv[1]), &err)) {
            char msg[400];
            ach_error_format(msg, sizeof msg, &err);
            rc = cli_usage(USAGE, "INSTANT '%s': %s", argv[1], msg);
            goto out;
        }
        if (ach_calendar_processing_date(&a, cal, t, &err)) {
            rc = cli_fail(&err);
            goto out;
        }
        rc = print_date(a, json, "processing_date");
    }
out:
    ach_calendar_free(cal);
    return rc;
}
