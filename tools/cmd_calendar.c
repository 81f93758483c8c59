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
extern const cli_spec cli_spec_calendar;

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
            "  --json                  print JSON (errors too, on standard error)\n"
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

typedef struct calendar_args {
    const char *calendar;
} calendar_args;

static const cli_opt calendar_opts[] = {
    CLI_OPT_VALUE("calendar", calendar_args, calendar, "FILE.ics", CLI_IN),
    CLI_OPT_END,
};

const cli_spec cli_spec_calendar = {USAGE, cli_help_calendar, calendar_opts,
                                    sizeof(calendar_args)};

static int calendar(cli_args *args, void *opts)
{
    static const char *const verbs[] = {"holidays", "is-business-day", "add", "between",
                                        "processing-date", NULL};
    static const int nargs[] = {2, 1, 2, 2, 1};
    size_t verb;
    int rc = cli_take_verb(args, verbs, &verb, USAGE);
    if (rc != CLI_GO) return rc;
    const char *what = verbs[verb], *file = ((const calendar_args *)opts)->calendar;
    const bool json = args->json;
    const char *const *argv = args->operands.items;
    if (args->operands.n != (size_t)nargs[verb])
        return cli_usage(USAGE, "'%s' takes %d argument(s), got %zu", what, nargs[verb],
                         args->operands.n);
    if ((rc = cli_check_files(args, NULL, 0, NULL, 0)) != CLI_GO) return rc;

    ach_error err = ACH_ERROR_INIT;
    ach_calendar *cal = NULL;
    ach_status s = file ? ach_calendar_load_file(&cal, file, NULL, &err)
                        : ach_calendar_new_default(&cal, &err);
    if (s) return cli_fail(&err);

    ach_date a = 0, b = 0;
    if (strcmp(what, "holidays") == 0) {
        if ((rc = parse_date_arg(&a, argv[0], "FROM")) || (rc = parse_date_arg(&b, argv[1], "TO")))
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
        if ((rc = parse_date_arg(&a, argv[0], "DATE"))) goto out;
        if (ach_calendar_is_business_day(&yes, cal, a, &err)) {
            rc = cli_fail(&err);
            goto out;
        }
        if (json) printf("{\"business_day\":%s}\n", yes ? "true" : "false");
        else printf("%s\n", yes ? "yes" : "no");
        rc = yes ? CLI_OK : CLI_NEGATIVE;
    } else if (strcmp(what, "add") == 0) {
        int64_t n = 0;
        if ((rc = parse_date_arg(&a, argv[0], "DATE"))) goto out;
        if (!cli_parse_int64(argv[1], &n) || n < INT32_MIN || n > INT32_MAX) {
            rc = cli_usage(USAGE, "N '%s' is not a whole number", argv[1]);
            goto out;
        }
        if (ach_calendar_add_business_days(&b, cal, a, (int32_t)n, &err)) {
            rc = cli_fail(&err);
            goto out;
        }
        rc = print_date(b, json, "date");
    } else if (strcmp(what, "between") == 0) {
        int32_t n = 0;
        if ((rc = parse_date_arg(&a, argv[0], "FROM")) || (rc = parse_date_arg(&b, argv[1], "TO")))
            goto out;
        if (ach_calendar_business_days_between(&n, cal, a, b, &err)) {
            rc = cli_fail(&err);
            goto out;
        }
        if (json) printf("{\"business_days\":%ld}\n", (long)n);
        else printf("%ld\n", (long)n);
    } else { /* processing-date */
        ach_instant t = 0;
        if (ach_instant_parse(&t, argv[0], strlen(argv[0]), &err)) {
            char msg[400];
            ach_error_format(msg, sizeof msg, &err);
            rc = cli_usage(USAGE, "INSTANT '%s': %s", argv[0], msg);
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

int cli_cmd_calendar(int argc, char **argv)
{
    return cli_run(&cli_spec_calendar, argc, argv, calendar);
}
