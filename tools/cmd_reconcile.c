/* `ach reconcile LEDGER`: the main job of libach (issue 6). Reads a ledger (SPEC §10) in one pass
 * through the reconciliation engine (ach/recon.h) and prints its report.
 *
 * JSON output (--json): one object, money in integer cents, dates "YYYY-MM-DD", null where a date
 * does not exist (nothing applied):
 *
 *   input.source             the file name ("-" for stdin)
 *   input.lines              data records read (a quoted field may span physical lines)
 *   input.applied            records applied (flagged ones included)
 *   input.rejected           records rejected (malformed ones included)
 *   input.flagged            applied records with at least one flag
 *   input.malformed          rejected by the reader (a subset of rejected)
 *   input.conserved          applied + rejected == lines, checked by the engine and against the
 *                            reader's own count
 *   input.bytes              bytes read
 *   input.first_date, input.last_date   dates of the first and last well-formed records
 *   input.unknown_columns    header columns the SPEC does not name (ignored)
 *   input.by_type.TYPE       {records, applied} for each SPEC §10 type
 *   as_of                    the date of everything below (--as-of, default input.last_date)
 *   charges.{pending,succeeded,failed,disputed}  charges created by as_of, each once, in its
 *                            state that day (R-CHG-8)
 *   charges.total            their sum
 *   charges.refunded         charges with at least one refund
 *   amounts.{gross,fees,net} cents: amounts debited; processing fees of charges that did not
 *                            fail plus failure and dispute fees (R-CHG-3); the platform's balance
 *   amounts.{reversed,disputed,refunded,refund_failed,transferred,application_fees}  the rest of
 *                            gross - fees - reversed - disputed - refunded + refund_failed -
 *                            transferred + application_fees = net
 *   balance.{pending,available}          the platform's balances (R-BAL-1)
 *   balance.transactions_net             sum of the balance transactions dated by as_of
 *   balance.conserved        transactions_net == pending + available == net (and on the
 *                            Connect side)
 *   balance.connected.{pending,available}  Connect accounts together (R-CON-1)
 *   balance_by_date          [{date, pending, available}] end-of-day platform balances on each
 *                            date a balance changed, up to as_of
 *   return_rates.window      {from, to}: the 60 days ending as_of (R-RET-2)
 *   return_rates.debits      charges created in the window
 *   return_rates.{unauthorized,administrative,overall}.{count,rate,threshold,breach}
 *                            returns received in the window; rate and threshold as fractions
 *                            (0.005 is 0.5 %); breach when rate > threshold
 *   retries                  [{charge, code, returned, settlement, verdict, allowed,
 *                            remaining, until}] for charges failed with R01/R09 (R-RET-3)
 *   events                   {type: count} of the events the rules emitted (SPEC §7)
 *   findings_by_kind         {kind: count} for every kind, zeros included
 *   findings_total           all findings; findings lists at most --max-findings of them
 *   findings                 [{line, column, kind, severity, type, id, message}] in line order
 *
 * --events FILE writes one JSON object a line for each event: {line, type, created,
 * business_date, id, charge, customer, amount, amount_refunded, status, failure_code,
 * failure_message, reason, return_code, flags} (empty strings and zero amounts left out).
 *
 * R-SEC-1: nothing printed holds an account number; the engine keeps only last 4 digits and
 * its messages show none; client secrets never reach a ledger. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "cli.h"

#define USAGE                                                                                  \
    "ach reconcile LEDGER [--as-of DATE] [--json] [--events FILE] [--quiet] [--strict]\n"      \
    "       [--max-findings N] [--calendar FILE.ics]"

void cli_help_reconcile(FILE *out);
int cli_cmd_reconcile(int argc, char **argv);

void cli_help_reconcile(FILE *out)
{
    fprintf(out,
            "usage: " USAGE "\n\n"
            "Reconciles a ledger (CSV, SPEC section 10; '-' reads stdin) in one pass: every line\n"
            "is applied through the payment rules or rejected with its line and reason, and the\n"
            "report gives, as of a date, charges by status, gross, fees and net, the pending and\n"
            "available balances and their history, the three NACHA return rates over 60 days\n"
            "with breaches, and retry advice for R01/R09 returns.\n\n"
            "  --as-of DATE      report as of DATE (YYYY-MM-DD); default: the ledger's last date\n"
            "  --json            print the report as JSON (schema: tools/cmd_reconcile.c)\n"
            "  --events FILE     write every event as one JSON object a line to FILE\n"
            "  --quiet           no progress bar (it shows only on a terminal, for large input)\n"
            "  --strict          exit 1 when any line was rejected\n"
            "  --max-findings N  list at most N findings (the counts stay complete)\n"
            "  --calendar FILE   business days from this iCalendar file\n\n"
            "Findings are results: the exit status is 0 when the whole input was processed,\n"
            "1 with --strict and a rejected line, 2 for a usage error, 3 when the ledger cannot\n"
            "be read. Account numbers are never printed (R-SEC-1).\n");
}

/* ---- events and progress ------------------------------------------------------------------ */

typedef struct events_out {
    FILE *f;
    ach_recon **engine;
} events_out;

static void json_field(FILE *f, const char *key, const char *value)
{
    if (!value || !value[0]) return;
    fprintf(f, ",\"%s\":", key);
    cli_json_string(f, value);
}

static void write_event(void *ctx, const ach_event *ev)
{
    events_out *o = ctx;
    char t[ACH_INSTANT_FORMAT_SIZE], d[ACH_DATE_FORMAT_SIZE];
    fprintf(o->f, "{\"line\":%u,\"type\":\"%s\",\"created\":\"%s\",\"business_date\":\"%s\"",
            ach_recon_line(*o->engine), ach_event_type_name(ev->type),
            ach_instant_format(t, ev->created), ach_date_format(d, ev->business_date));
    json_field(o->f, "id", ev->id);
    json_field(o->f, "charge", ev->charge);
    json_field(o->f, "customer", ev->customer);
    if (ev->amount) fprintf(o->f, ",\"amount\":%lld", (long long)ev->amount);
    if (ev->amount_refunded)
        fprintf(o->f, ",\"amount_refunded\":%lld", (long long)ev->amount_refunded);
    json_field(o->f, "status", ev->status);
    json_field(o->f, "failure_code", ev->failure_code);
    json_field(o->f, "failure_message", ev->failure_message);
    json_field(o->f, "reason", ev->reason);
    json_field(o->f, "return_code", ev->return_code);
    if (ev->flags & (ACH_FX_OUT_OF_WINDOW | ACH_FX_DOUBLE_CREDIT)) {
        fprintf(o->f, ",\"flags\":[%s%s%s]", ev->flags & ACH_FX_OUT_OF_WINDOW ? "\"out_of_window\"" : "",
                (ev->flags & ACH_FX_OUT_OF_WINDOW) && (ev->flags & ACH_FX_DOUBLE_CREDIT) ? "," : "",
                ev->flags & ACH_FX_DOUBLE_CREDIT ? "\"double_credit\"" : "");
    }
    fputs("}\n", o->f);
}

/* Input this large (or of unknown size) gets a progress bar on a terminal. */
#define PROGRESS_MIN_BYTES ((uint64_t)32 << 20)

typedef struct progress {
    bool on, shown;
    double start, last;
} progress;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void show_progress(void *ctx, const ach_ledger_stats *s)
{
    progress *p = ctx;
    double t = now_s();
    if (!p->on || t - p->last < 0.2) return;
    p->last = t;
    double mb = (double)s->bytes / 1e6, rate = t > p->start ? mb / (t - p->start) : 0;
    if (s->size)
        fprintf(stderr, "\r  %8.1f MB  %3.0f%%  %7.1f MB/s  ", mb,
                100.0 * (double)s->bytes / (double)s->size, rate);
    else
        fprintf(stderr, "\r  %8.1f MB  %7.1f MB/s  ", mb, rate);
    p->shown = true;
}

/* ---- text report -------------------------------------------------------------------------- */

static const char *date_str(char buf[ACH_DATE_FORMAT_SIZE], ach_date d)
{
    if (d == ACH_DATE_NONE) return "-";
    return ach_date_format(buf, d);
}

/* Cents as dollars with a sign, thousands separators and 2 decimals: "-$1,234.56". */
static const char *money(char buf[40], int64_t cents)
{
    uint64_t v = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
    char digits[32];
    int n = snprintf(digits, sizeof digits, "%llu", (unsigned long long)(v / 100));
    char *p = buf;
    if (cents < 0) *p++ = '-';
    *p++ = '$';
    for (int i = 0; i < n; i++) {
        *p++ = digits[i];
        if ((n - 1 - i) % 3 == 0 && i != n - 1) *p++ = ',';
    }
    snprintf(p, 8, ".%02u", (unsigned)(v % 100));
    return buf;
}

static void print_rate(const char *name, const ach_return_rate *r)
{
    printf("  %-15s %6llu  %6.2f%%  (threshold %.2f%%)  %s\n", name, (unsigned long long)r->count,
           100.0 * r->rate, (double)r->threshold_bps / 100.0, r->breach ? "BREACH" : "ok");
}

static void print_text(const char *source, const ach_recon_report *r, const ach_recon *e,
                       const ach_recon_day *days, size_t ndays, const ach_recon_retry *retries,
                       size_t nretries, const ach_ledger_reader *reader)
{
    char d1[ACH_DATE_FORMAT_SIZE], d2[ACH_DATE_FORMAT_SIZE], m1[40], m2[40];
    printf("Reconciliation of %s as of %s\n\n", source, date_str(d1, r->as_of));
    printf("Input\n");
    printf("  data lines   %10llu   (%s .. %s)\n", (unsigned long long)r->records,
           date_str(d1, r->first_date), date_str(d2, r->last_date));
    printf("  applied      %10llu   (%llu flagged)\n", (unsigned long long)r->applied,
           (unsigned long long)r->flagged);
    printf("  rejected     %10llu   (%llu malformed)\n", (unsigned long long)r->rejected,
           (unsigned long long)r->malformed);
    printf("  conservation applied + rejected = %llu = data lines: %s\n",
           (unsigned long long)r->applied + r->rejected,
           r->lines_conserved ? "holds" : "BROKEN");
    const ach_ledger_unknown_column *unknown;
    size_t nunknown = ach_ledger_reader_unknown_columns(&unknown, reader);
    for (size_t i = 0; i < nunknown; i++)
        printf("  unknown column %u '%s' ignored\n", unknown[i].position, unknown[i].name);
    printf("\nRecords by type       records    applied\n");
    for (int t = 1; t < ACH_LEDGER_TYPE_COUNT; t++)
        printf("  %-16s %10llu %10llu\n", ach_ledger_type_name((ach_ledger_type)t),
               (unsigned long long)r->records_by_type[t],
               (unsigned long long)r->applied_by_type[t]);
    if (r->records_by_type[0])
        printf("  %-16s %10llu %10s\n", "(no type)", (unsigned long long)r->records_by_type[0],
               "-");

    printf("\nCharges (each once, by status on %s)\n", date_str(d1, r->as_of));
    for (int s = ACH_CHARGE_PENDING; s <= ACH_CHARGE_DISPUTED; s++)
        printf("  %-16s %10llu\n", ach_charge_status_name((ach_charge_status)s),
               (unsigned long long)r->charges_by_status[s]);
    printf("  %-16s %10llu   (%llu with refunds)\n", "total", (unsigned long long)r->charges,
           (unsigned long long)r->charges_refunded);

    printf("\nAmounts\n");
    printf("  gross            %16s\n", money(m1, r->gross));
    printf("  fees             %16s\n", money(m1, -r->fees));
    printf("  reversed         %16s   (failed charges)\n", money(m1, -r->reversed));
    printf("  disputed         %16s\n", money(m1, -r->disputed));
    printf("  refunded         %16s\n", money(m1, -r->refunded));
    if (r->refund_failed) printf("  refunds failed   %16s\n", money(m1, r->refund_failed));
    if (r->transferred) printf("  transferred      %16s   (Connect)\n", money(m1, -r->transferred));
    if (r->application_fees)
        printf("  application fees %16s\n", money(m1, r->application_fees));
    printf("  net              %16s\n", money(m1, r->net));

    printf("\nBalance (R-BAL-1)\n");
    printf("  pending          %16s\n", money(m1, r->balance.pending));
    printf("  available        %16s\n", money(m1, r->balance.available));
    printf("  conservation     transactions %s = pending + available = net: %s\n",
           money(m1, r->transactions_net), r->balance_conserved ? "holds" : "BROKEN");
    if (r->connected.pending || r->connected.available)
        printf("  Connect accounts pending %s, available %s\n", money(m1, r->connected.pending),
               money(m2, r->connected.available));
    if (ndays) {
        printf("\nBalance by date        pending        available\n");
        for (size_t i = 0; i < ndays; i++)
            printf("  %s %16s %16s\n", date_str(d1, days[i].date),
                   money(m1, days[i].balance.pending), money(m2, days[i].balance.available));
    }

    const ach_return_rates *rr = &r->return_rates;
    printf("\nReturn rates %s .. %s (R-RET-2): %llu debits\n", date_str(d1, r->rates_from),
           date_str(d2, r->as_of), (unsigned long long)rr->debits);
    print_rate("unauthorized", &rr->unauthorized);
    print_rate("administrative", &rr->administrative);
    print_rate("overall", &rr->overall);

    if (nretries) {
        printf("\nRetry advice (R-RET-3)\n");
        for (size_t i = 0; i < nretries; i++) {
            const ach_recon_retry *t = &retries[i];
            printf("  %s %s returned %s: %s", t->charge, t->code, date_str(d1, t->returned),
                   ach_retry_verdict_name(t->advice.verdict));
            if (t->advice.until != ACH_NO_DATE)
                printf(", %d more presentment%s until %s", (int)t->advice.remaining,
                       t->advice.remaining == 1 ? "" : "s", date_str(d2, t->advice.until));
            putchar('\n');
        }
    }

    printf("\nEvents\n");
    for (int t = 1; t <= ACH_EVENT_TYPE_COUNT; t++)
        if (r->events_by_type[t])
            printf("  %-28s %10llu\n", ach_event_type_name((ach_event_type)t),
                   (unsigned long long)r->events_by_type[t]);

    printf("\nFindings: %llu (%llu lines rejected, %llu applied lines flagged)\n",
           (unsigned long long)r->findings, (unsigned long long)r->rejected,
           (unsigned long long)r->flagged);
    for (int k = 1; k < ACH_RECON_KIND_COUNT; k++)
        if (r->findings_by_kind[k])
            printf("  %-22s %-8s %8llu\n", ach_recon_kind_name((ach_recon_kind)k),
                   ach_recon_severity_name(ach_recon_kind_severity((ach_recon_kind)k)),
                   (unsigned long long)r->findings_by_kind[k]);
    size_t n = ach_recon_finding_count(e);
    if (n) putchar('\n');
    for (size_t i = 0; i < n; i++) {
        ach_recon_finding f;
        if (ach_recon_finding_get(&f, e, i, NULL) != ACH_OK) break;
        printf("  line %u: %s %s", f.line, ach_recon_severity_name(f.severity),
               ach_recon_kind_name(f.kind));
        if (f.id[0]) printf(" %s", f.id);
        if (f.column) printf(" (column %u)", f.column);
        printf(": %s\n", f.message);
    }
    if (r->findings > n)
        printf("  ... %llu more (--max-findings)\n", (unsigned long long)(r->findings - n));
}

/* ---- JSON report -------------------------------------------------------------------------- */

static void json_date(FILE *f, ach_date d)
{
    char buf[ACH_DATE_FORMAT_SIZE];
    if (d == ACH_DATE_NONE) fputs("null", f);
    else fprintf(f, "\"%s\"", ach_date_format(buf, d));
}

static void json_rate(FILE *f, const char *name, const ach_return_rate *r, bool last)
{
    fprintf(f, "\"%s\":{\"count\":%llu,\"rate\":%.6f,\"threshold\":%.4f,\"breach\":%s}%s", name,
            (unsigned long long)r->count, r->rate, (double)r->threshold_bps / 10000.0,
            r->breach ? "true" : "false", last ? "" : ",");
}

static void print_json(const char *source, const ach_recon_report *r, const ach_recon *e,
                       const ach_recon_day *days, size_t ndays, const ach_recon_retry *retries,
                       size_t nretries, const ach_ledger_reader *reader)
{
    FILE *f = stdout;
    ach_ledger_stats st;
    ach_ledger_reader_stats(&st, reader);
    fputs("{\"input\":{\"source\":", f);
    cli_json_string(f, source);
    fprintf(f, ",\"lines\":%llu,\"applied\":%llu,\"rejected\":%llu,\"flagged\":%llu,"
               "\"malformed\":%llu,\"conserved\":%s,\"bytes\":%llu,\"first_date\":",
            (unsigned long long)r->records, (unsigned long long)r->applied,
            (unsigned long long)r->rejected, (unsigned long long)r->flagged,
            (unsigned long long)r->malformed, r->lines_conserved ? "true" : "false",
            (unsigned long long)st.bytes);
    json_date(f, r->first_date);
    fputs(",\"last_date\":", f);
    json_date(f, r->last_date);
    fputs(",\"unknown_columns\":[", f);
    const ach_ledger_unknown_column *unknown;
    size_t nunknown = ach_ledger_reader_unknown_columns(&unknown, reader);
    for (size_t i = 0; i < nunknown; i++) {
        if (i) fputc(',', f);
        cli_json_string(f, unknown[i].name);
    }
    fputs("],\"by_type\":{", f);
    for (int t = 1; t < ACH_LEDGER_TYPE_COUNT; t++)
        fprintf(f, "%s\"%s\":{\"records\":%llu,\"applied\":%llu}", t > 1 ? "," : "",
                ach_ledger_type_name((ach_ledger_type)t),
                (unsigned long long)r->records_by_type[t],
                (unsigned long long)r->applied_by_type[t]);
    fputs("}},\"as_of\":", f);
    json_date(f, r->as_of);
    fputs(",\"charges\":{", f);
    for (int s = ACH_CHARGE_PENDING; s <= ACH_CHARGE_DISPUTED; s++)
        fprintf(f, "\"%s\":%llu,", ach_charge_status_name((ach_charge_status)s),
                (unsigned long long)r->charges_by_status[s]);
    fprintf(f, "\"total\":%llu,\"refunded\":%llu},", (unsigned long long)r->charges,
            (unsigned long long)r->charges_refunded);
    fprintf(f,
            "\"amounts\":{\"gross\":%lld,\"fees\":%lld,\"net\":%lld,\"reversed\":%lld,"
            "\"disputed\":%lld,\"refunded\":%lld,\"refund_failed\":%lld,\"transferred\":%lld,"
            "\"application_fees\":%lld},",
            (long long)r->gross, (long long)r->fees, (long long)r->net, (long long)r->reversed,
            (long long)r->disputed, (long long)r->refunded, (long long)r->refund_failed,
            (long long)r->transferred, (long long)r->application_fees);
    fprintf(f,
            "\"balance\":{\"pending\":%lld,\"available\":%lld,\"transactions_net\":%lld,"
            "\"conserved\":%s,\"connected\":{\"pending\":%lld,\"available\":%lld}},",
            (long long)r->balance.pending, (long long)r->balance.available,
            (long long)r->transactions_net, r->balance_conserved ? "true" : "false",
            (long long)r->connected.pending, (long long)r->connected.available);
    fputs("\"balance_by_date\":[", f);
    for (size_t i = 0; i < ndays; i++) {
        fputs(i ? ",{\"date\":" : "{\"date\":", f);
        json_date(f, days[i].date);
        fprintf(f, ",\"pending\":%lld,\"available\":%lld}", (long long)days[i].balance.pending,
                (long long)days[i].balance.available);
    }
    fputs("],\"return_rates\":{\"window\":{\"from\":", f);
    json_date(f, r->rates_from);
    fputs(",\"to\":", f);
    json_date(f, r->as_of);
    fprintf(f, "},\"debits\":%llu,", (unsigned long long)r->return_rates.debits);
    json_rate(f, "unauthorized", &r->return_rates.unauthorized, false);
    json_rate(f, "administrative", &r->return_rates.administrative, false);
    json_rate(f, "overall", &r->return_rates.overall, true);
    fputs("},\"retries\":[", f);
    for (size_t i = 0; i < nretries; i++) {
        const ach_recon_retry *t = &retries[i];
        fprintf(f, "%s{\"charge\":", i ? "," : "");
        cli_json_string(f, t->charge);
        fprintf(f, ",\"code\":\"%s\",\"returned\":", t->code);
        json_date(f, t->returned);
        fputs(",\"settlement\":", f);
        json_date(f, t->settlement);
        fprintf(f, ",\"verdict\":\"%s\",\"allowed\":%s,\"remaining\":%d,\"until\":",
                ach_retry_verdict_name(t->advice.verdict), t->advice.allowed ? "true" : "false",
                (int)t->advice.remaining);
        json_date(f, t->advice.until == ACH_NO_DATE ? ACH_DATE_NONE : t->advice.until);
        fputc('}', f);
    }
    fputs("],\"events\":{", f);
    for (int t = 1; t <= ACH_EVENT_TYPE_COUNT; t++)
        fprintf(f, "%s\"%s\":%llu", t > 1 ? "," : "", ach_event_type_name((ach_event_type)t),
                (unsigned long long)r->events_by_type[t]);
    fputs("},\"findings_by_kind\":{", f);
    for (int k = 1; k < ACH_RECON_KIND_COUNT; k++)
        fprintf(f, "%s\"%s\":%llu", k > 1 ? "," : "", ach_recon_kind_name((ach_recon_kind)k),
                (unsigned long long)r->findings_by_kind[k]);
    fprintf(f, "},\"findings_total\":%llu,\"findings\":[", (unsigned long long)r->findings);
    size_t n = ach_recon_finding_count(e);
    for (size_t i = 0; i < n; i++) {
        ach_recon_finding x;
        if (ach_recon_finding_get(&x, e, i, NULL) != ACH_OK) break;
        fprintf(f, "%s{\"line\":%u,\"column\":%u,\"kind\":\"%s\",\"severity\":\"%s\",\"type\":",
                i ? "," : "", x.line, x.column, ach_recon_kind_name(x.kind),
                ach_recon_severity_name(x.severity));
        if (x.type) fprintf(f, "\"%s\"", ach_ledger_type_name(x.type));
        else fputs("null", f);
        fputs(",\"id\":", f);
        cli_json_string(f, x.id);
        fputs(",\"message\":", f);
        cli_json_string(f, x.message);
        fputc('}', f);
    }
    fputs("]}\n", f);
}

/* ---- the command -------------------------------------------------------------------------- */

int cli_cmd_reconcile(int argc, char **argv)
{
    bool missing = false;
    bool json = cli_take_flag(&argc, argv, "--json");
    bool quiet = cli_take_flag(&argc, argv, "--quiet");
    bool strict = cli_take_flag(&argc, argv, "--strict");
    const char *as_of_arg = cli_take_option(&argc, argv, "--as-of", &missing);
    if (missing) return cli_usage(USAGE, "--as-of needs a date");
    const char *events_path = cli_take_option(&argc, argv, "--events", &missing);
    if (missing) return cli_usage(USAGE, "--events needs a file");
    const char *max_arg = cli_take_option(&argc, argv, "--max-findings", &missing);
    if (missing) return cli_usage(USAGE, "--max-findings needs a number");
    const char *cal_path = cli_take_option(&argc, argv, "--calendar", &missing);
    if (missing) return cli_usage(USAGE, "--calendar needs a file");
    int rc = cli_reject_unknown_options(argc, argv, USAGE);
    if (rc) return rc;
    if (argc != 1) return cli_usage(USAGE, argc ? "give one LEDGER" : "missing LEDGER");
    const char *path = argv[0];

    ach_error err = ACH_ERROR_INIT;
    ach_date as_of = ACH_DATE_NONE;
    if (as_of_arg && ach_date_parse(&as_of, as_of_arg, strlen(as_of_arg), &err) != ACH_OK)
        return cli_usage(USAGE, "--as-of '%s': %s", as_of_arg, err.message);
    int64_t max_findings = -1;
    if (max_arg && (!cli_parse_int64(max_arg, &max_findings) || max_findings < 0))
        return cli_usage(USAGE, "--max-findings '%s' is not a count", max_arg);

    ach_calendar *cal = NULL;
    ach_status s = cal_path ? ach_calendar_load_file(&cal, cal_path, NULL, &err)
                            : ach_calendar_new_default(&cal, &err);
    if (s) return cli_fail(&err);

    ach_ledger_reader *reader = NULL;
    s = strcmp(path, "-") == 0 ? ach_ledger_reader_open_fd(&reader, 0, "-", &err)
                               : ach_ledger_reader_open_file(&reader, path, &err);
    if (s) {
        ach_calendar_free(cal);
        return cli_fail(&err);
    }

    ach_recon *engine = NULL;
    events_out ev = {NULL, &engine};
    if (events_path) {
        ev.f = fopen(events_path, "w");
        if (!ev.f) {
            fprintf(stderr, "ach: %s: cannot write the events file\n", events_path);
            ach_ledger_reader_free(reader);
            ach_calendar_free(cal);
            return CLI_DATA;
        }
    }
    ach_ledger_stats st0;
    ach_ledger_reader_stats(&st0, reader);
    progress prog = {false, false, now_s(), 0};
    prog.on = !quiet && isatty(2) && (st0.size == 0 || st0.size >= PROGRESS_MIN_BYTES);

    ach_recon_options opts = ACH_RECON_OPTIONS_INIT;
    if (ev.f) {
        opts.on_event = write_event;
        opts.event_ctx = &ev;
    }
    opts.on_progress = show_progress;
    opts.progress_ctx = &prog;
    if (max_findings >= 0) opts.max_findings = (uint64_t)max_findings;
    s = ach_recon_new(&engine, cal, &opts, &err);
    if (s == ACH_OK) s = ach_recon_read(engine, reader, &err);
    if (prog.shown) fputs("\r\033[K", stderr);
    if (ev.f && fclose(ev.f) != 0 && s == ACH_OK) {
        fprintf(stderr, "ach: %s: write error\n", events_path);
        s = ACH_EIO;
        err.code = ACH_OK;
    }

    ach_recon_report report;
    ach_recon_day *days = NULL;
    ach_recon_retry *retries = NULL;
    size_t ndays = 0, nretries = 0;
    if (s == ACH_OK) s = ach_recon_report_compute(&report, engine, as_of, &err);
    if (s == ACH_OK && ach_recon_balance_days(NULL, 0, &ndays, engine, as_of, NULL) != ACH_OK &&
        ndays) {
        days = malloc(ndays * sizeof *days);
        s = days ? ach_recon_balance_days(days, ndays, &ndays, engine, as_of, &err) : ACH_ENOMEM;
    }
    if (s == ACH_OK && ach_recon_retries(NULL, 0, &nretries, engine, as_of, NULL) != ACH_OK &&
        nretries) {
        retries = malloc(nretries * sizeof *retries);
        s = retries ? ach_recon_retries(retries, nretries, &nretries, engine, as_of, &err)
                    : ACH_ENOMEM;
    }
    if (s == ACH_OK) {
        if (json) print_json(path, &report, engine, days, ndays, retries, nretries, reader);
        else print_text(path, &report, engine, days, ndays, retries, nretries, reader);
        rc = strict && report.rejected ? CLI_NEGATIVE : CLI_OK;
        if (fflush(stdout) != 0) rc = CLI_DATA;
    } else {
        if (err.code) cli_fail(&err);
        else if (s == ACH_ENOMEM) fputs("ach: out of memory\n", stderr);
        rc = CLI_DATA;
    }
    free(days);
    free(retries);
    ach_recon_free(engine);
    ach_ledger_reader_free(reader);
    ach_calendar_free(cal);
    return rc;
}
