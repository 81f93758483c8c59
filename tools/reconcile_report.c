/* SPDX-License-Identifier: Apache-2.0 */
/* The report of `ach reconcile` as of a date (issue 6): the lists it shows (balance by date,
 * retries, overdue and pending charges, unverified accounts, Connect accounts; issue 18) and
 * its printing as text or as JSON (schema in `ach help reconcile`,
 * docs/schema/report.schema.json), of one ledger with its --returns files or of a total of
 * several ledgers. R-SEC-1: nothing printed holds an account number (the engine keeps only the
 * last 4 digits, the NACHA reader masks its findings). */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "reconcile.h"

/* ---- returns files in the report (issue 7) ------------------------------------------------ */

/* The returns file a kept finding of origin ACH_RECON_RETURN was made on. */
const char *returns_finding_file(const returns_input *in, size_t i)
{
    for (size_t k = 0; k < in->n; k++)
        if (i >= in->files[k].findings_from && i < in->files[k].findings_to)
            return in->files[k].path;
    return "?";
}

/* Return entries: the engine's counts agree with the files' and nothing is lost. */
bool returns_conserved(const returns_input *in, const ach_recon_report *r)
{
    return r->returns == in->given && r->returns_applied == in->applied &&
           r->returns_rejected == in->rejected && in->applied + in->rejected == in->given &&
           in->given + in->unusable == in->entries;
}

/* ---- the report's lists (issue 18) -------------------------------------------------------- */

/* The report of `e` as of `as_of`, with its balance by date and its retries (malloc()ed). */
ach_status report_lists(ach_recon_report *report, ach_recon_day **days, size_t *ndays,
                        ach_recon_retry **retries, size_t *nretries, const ach_recon *e,
                        ach_date as_of, ach_error *err)
{
    ach_status s = ach_recon_report_compute(report, e, as_of, err);
    if (s == ACH_OK && ach_recon_balance_days(NULL, 0, ndays, e, as_of, NULL) != ACH_OK &&
        *ndays) {
        *days = malloc(*ndays * sizeof **days);
        s = *days ? ach_recon_balance_days(*days, *ndays, ndays, e, as_of, err) : ACH_ENOMEM;
    }
    if (s == ACH_OK && ach_recon_retries(NULL, 0, nretries, e, as_of, NULL) != ACH_OK &&
        *nretries) {
        *retries = malloc(*nretries * sizeof **retries);
        s = *retries ? ach_recon_retries(*retries, *nretries, nretries, e, as_of, err)
                     : ACH_ENOMEM;
    }
    return s;
}

/* Every Connect account's balance (R-CON-1). */
static ach_status list_connected(charge_lists *cl, const ach_recon *e, ach_date as_of,
                                 ach_error *err)
{
    size_t n = 0;
    ach_status s = ach_recon_connected_balances(NULL, 0, &n, e, as_of, err);
    if (s != ACH_OK && s != ACH_EBUFS) return s;
    if (!n) return ACH_OK;
    cl->connected = malloc(n * sizeof *cl->connected);
    if (!cl->connected) return ACH_ENOMEM;
    s = ach_recon_connected_balances(cl->connected, n, &n, e, as_of, err);
    if (s != ACH_OK) return s;
    cl->nconnected = n;
    return ACH_OK;
}

/* The unverified accounts (R-ACC-4b), at most `keep` of them. */
static ach_status list_unverified(charge_lists *cl, const ach_recon *e, ach_date as_of,
                                  uint64_t keep, ach_error *err)
{
    ach_status s = ach_recon_unverified_accounts(NULL, 0, &cl->unverified_total, e, as_of, err);
    if (s != ACH_OK && s != ACH_EBUFS) return s;
    size_t n = cl->unverified_total < keep ? cl->unverified_total : (size_t)keep;
    if (!n) return ACH_OK;
    cl->unverified = malloc(n * sizeof *cl->unverified);
    if (!cl->unverified) return ACH_ENOMEM;
    s = ach_recon_unverified_accounts(cl->unverified, n, &cl->unverified_total, e, as_of, NULL);
    if (s != ACH_OK && s != ACH_EBUFS) return s;
    cl->nunverified = n;
    return ACH_OK;
}


/* Fills one list with at most `keep` entries (the counts stay whole). */
static ach_status list_charges(ach_recon_pending **items, size_t *listed, size_t *total,
                               const ach_recon *e, ach_date as_of, uint64_t keep, bool overdue,
                               ach_error *err)
{
    ach_status (*get)(ach_recon_pending *, size_t, size_t *, const ach_recon *, ach_date,
                      ach_error *) = overdue ? ach_recon_overdue_charges : ach_recon_pending_charges;
    ach_status s = get(NULL, 0, total, e, as_of, err);
    if (s != ACH_OK && s != ACH_EBUFS) return s;
    size_t n = *total < keep ? *total : (size_t)keep;
    *listed = 0;
    if (!n) return ACH_OK;
    *items = malloc(n * sizeof **items);
    if (!*items) return ACH_ENOMEM;
    s = get(*items, n, total, e, as_of, NULL);
    if (s != ACH_OK && s != ACH_EBUFS) return s;
    *listed = n;
    return ACH_OK;
}

/* Every list printed with a report as of `as_of`: overdue charges, pending ones (JSON only),
 * unverified accounts, each at most `keep`; every Connect account's balance. */
ach_status charge_lists_fill(charge_lists *cl, const ach_recon *e, ach_date as_of,
                             uint64_t keep, bool json, ach_error *err)
{
    ach_status s = list_charges(&cl->overdue, &cl->noverdue, &cl->overdue_total, e, as_of, keep,
                                true, err);
    if (s == ACH_OK && json)
        s = list_charges(&cl->pending, &cl->npending, &cl->pending_total, e, as_of, keep, false,
                         err);
    if (s == ACH_OK) s = list_unverified(cl, e, as_of, keep, err);
    if (s == ACH_OK) s = list_connected(cl, e, as_of, err);
    return s;
}

void charge_lists_free(charge_lists *cl)
{
    free(cl->overdue);
    free(cl->pending);
    free(cl->unverified);
    free(cl->connected);
}

/* The findings of the pass alone: the report also counts what it finds as of its date. */
static uint64_t pass_findings(const ach_recon_report *r)
{
    return r->findings - r->charges_overdue - r->accounts_unverified;
}

/* ---- text report -------------------------------------------------------------------------- */

static const char *date_str(char buf[ACH_DATE_FORMAT_SIZE], ach_date d)
{
    if (d == ACH_DATE_NONE) return "-";
    return ach_date_format(buf, d);
}

static const char *money(char buf[40], int64_t cents) { return cli_money(buf, cents); }

static void print_rate(const char *name, const ach_return_rate *r)
{
    printf("  %-15s %6llu  %6.2f%%  (threshold %.2f%%)  %s\n", name, (unsigned long long)r->count,
           100.0 * r->rate, (double)r->threshold_bps / 100.0, r->breach ? "BREACH" : "ok");
}

static void print_returns_input(const returns_input *in, const ach_recon_report *r)
{
    printf("  return entries %8llu   (addenda 99 in %zu returns file%s)\n",
           (unsigned long long)in->entries, in->n, in->n == 1 ? "" : "s");
    printf("  applied      %10llu   (%llu flagged)\n", (unsigned long long)in->applied,
           (unsigned long long)in->flagged);
    printf("  rejected     %10llu\n", (unsigned long long)in->rejected);
    if (in->unusable)
        printf("  unusable     %10llu   (following no entry detail)\n",
               (unsigned long long)in->unusable);
    printf("  conservation applied + rejected%s = %llu = return entries: %s\n",
           in->unusable ? " + unusable" : "",
           (unsigned long long)in->applied + in->rejected + in->unusable,
           returns_conserved(in, r) ? "holds" : "BROKEN");
}

static void print_returns_files(const returns_input *in)
{
    char d1[ACH_DATE_FORMAT_SIZE], d2[ACH_DATE_FORMAT_SIZE];
    printf("\nReturns files\n");
    for (size_t i = 0; i < in->n; i++) {
        const returns_file *f = &in->files[i];
        printf("  %s: %llu records, %llu return entries (%llu applied, %llu flagged, %llu "
               "rejected", f->path, (unsigned long long)f->sum.records,
               (unsigned long long)f->sum.returns, (unsigned long long)f->applied,
               (unsigned long long)f->flagged, (unsigned long long)f->rejected);
        if (f->unusable) printf(", %llu unusable", (unsigned long long)f->unusable);
        printf("), %llu NOC%s, %llu NACHA finding%s\n", (unsigned long long)f->nocs,
               f->nocs == 1 ? "" : "s", (unsigned long long)f->sum.findings,
               f->sum.findings == 1 ? "" : "s");
    }
    if (in->nfound) putchar('\n');
    for (size_t i = 0; i < in->nfound; i++) {
        char line[320];
        ach_nacha_finding_format(line, sizeof line, &in->found[i].f);
        printf("  %s:%s\n", in->files[in->found[i].file].path, line);
    }
    if (in->nacha_findings > in->nfound)
        printf("  ... %llu more NACHA findings (--max-findings)\n",
               (unsigned long long)(in->nacha_findings - in->nfound));
    printf("\nNotifications of change (R-RET-4): %zu\n", in->nnocs);
    for (size_t i = 0; i < in->nnocs; i++) {
        const noc_item *n = &in->nocs[i];
        const ach_nacha_entry_info *x = &n->noc.info;
        printf("  %s record %" PRIu64 ": %s %s, original trace %s (%s%s), account ****%s: %s; apply by %s "
               "(received %s)\n",
               in->files[n->file].path, x->record, x->code,
               n->noc.change ? n->noc.change->title : "unknown change code", x->original_trace,
               n->charge[0] ? "charge " : "no charge in the ledger", n->charge, x->account_last4,
               n->correction, date_str(d1, n->apply_by), date_str(d2, n->received));
    }
}

void report_text(const char *source, const ach_recon_report *r, const ach_recon *e,
                 const ach_recon_day *days, size_t ndays, const ach_recon_retry *retries,
                 size_t nretries, const ach_ledger_reader *reader, const returns_input *rin,
                 const charge_lists *cl)
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
    const ach_ledger_unknown_column *unknown = NULL;
    size_t nunknown = reader ? ach_ledger_reader_unknown_columns(&unknown, reader) : 0;
    for (size_t i = 0; i < nunknown; i++)
        printf("  unknown column %u '%s' ignored\n", unknown[i].position, unknown[i].name);
    if (rin->n) print_returns_input(rin, r);
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
    printf("  %-16s %10llu   (pending after their resolve-by date, R-CHG-9)\n", "overdue",
           (unsigned long long)r->charges_overdue);
    for (size_t i = 0; i < cl->noverdue; i++) {
        const ach_recon_pending *o = &cl->overdue[i];
        printf("    %s %s: resolve by %s, %d day%s overdue (processing %s)\n", o->charge,
               money(m1, o->amount), date_str(d1, o->resolve_by), (int)o->days_overdue,
               o->days_overdue == 1 ? "" : "s", date_str(d2, o->processing));
    }
    if (cl->overdue_total > cl->noverdue)
        printf("    ... %zu more (--max-findings)\n", cl->overdue_total - cl->noverdue);
    if (cl->unverified_total) {
        printf("\nAccounts unverified since their micro-deposits (R-ACC-4b): %zu\n",
               cl->unverified_total);
        for (size_t i = 0; i < cl->nunverified; i++) {
            const ach_recon_unverified *u = &cl->unverified[i];
            printf("  %s: micro-deposits sent %s, expected by %s, %d business days ago\n",
                   u->account, date_str(d1, u->sent), date_str(d2, u->expected_by),
                   (int)u->business_days);
        }
        if (cl->unverified_total > cl->nunverified)
            printf("  ... %zu more (--max-findings)\n", cl->unverified_total - cl->nunverified);
    }

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
    for (size_t i = 0; i < cl->nconnected; i++)
        printf("    %s pending %s, available %s\n", cl->connected[i].account,
               money(m1, cl->connected[i].balance.pending),
               money(m2, cl->connected[i].balance.available));
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
            if (t->advice.until != ACH_DATE_NONE)
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

    printf("\nFindings: %llu (%llu lines rejected, %llu applied lines flagged",
           (unsigned long long)r->findings, (unsigned long long)r->rejected,
           (unsigned long long)r->flagged);
    if (rin->n)
        printf("; %llu return entries rejected, %llu applied entries flagged",
               (unsigned long long)rin->rejected, (unsigned long long)rin->flagged);
    printf(")\n");
    for (int k = 1; k < ACH_RECON_KIND_COUNT; k++)
        if (r->findings_by_kind[k])
            printf("  %-24s %-8s %8llu\n", ach_recon_kind_name((ach_recon_kind)k),
                   ach_recon_severity_name(ach_recon_kind_severity((ach_recon_kind)k)),
                   (unsigned long long)r->findings_by_kind[k]);
    size_t n = ach_recon_finding_count(e);
    if (n) putchar('\n');
    for (size_t i = 0; i < n; i++) {
        ach_recon_finding f;
        if (ach_recon_finding_get(&f, e, i, NULL) != ACH_OK) break;
        if (f.origin == ACH_RECON_RETURN)
            printf("  %s record %" PRIu64 ": ", returns_finding_file(rin, i), f.line);
        else printf("  line %" PRIu64 ": ", f.line);
        printf("%s %s", ach_recon_severity_name(f.severity), ach_recon_kind_name(f.kind));
        if (f.id[0]) printf(" %s", f.id);
        if (f.column) printf(" (column %u)", f.column);
        printf(": %s\n", f.message);
    }
    if (e && pass_findings(r) > n)
        printf("  ... %llu more (--max-findings)\n", (unsigned long long)(pass_findings(r) - n));
    if (rin->n) print_returns_files(rin);
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

static void json_returns_input(FILE *f, const returns_input *in, const ach_recon_report *r)
{
    fprintf(f,
            "\"returns\":{\"files\":%zu,\"entries\":%llu,\"applied\":%llu,\"rejected\":%llu,"
            "\"flagged\":%llu,\"unusable\":%llu,\"conserved\":%s}",
            in->n, (unsigned long long)in->entries, (unsigned long long)in->applied,
            (unsigned long long)in->rejected, (unsigned long long)in->flagged,
            (unsigned long long)in->unusable, returns_conserved(in, r) ? "true" : "false");
}

static void json_returns_files(FILE *f, const returns_input *in)
{
    fputs(",\"returns_files\":[", f);
    for (size_t i = 0; i < in->n; i++) {
        const returns_file *x = &in->files[i];
        fputs(i ? ",{\"file\":" : "{\"file\":", f);
        cli_json_string(f, x->path);
        fprintf(f,
                ",\"records\":%llu,\"entries\":%llu,\"applied\":%llu,\"rejected\":%llu,"
                "\"flagged\":%llu,\"unusable\":%llu,\"nocs\":%llu,\"nacha_findings\":%llu}",
                (unsigned long long)x->sum.records, (unsigned long long)x->sum.returns,
                (unsigned long long)x->applied, (unsigned long long)x->rejected,
                (unsigned long long)x->flagged, (unsigned long long)x->unusable,
                (unsigned long long)x->nocs, (unsigned long long)x->sum.findings);
    }
    fprintf(f, "],\"nacha_findings_total\":%llu,\"nacha_findings\":[",
            (unsigned long long)in->nacha_findings);
    for (size_t i = 0; i < in->nfound; i++) {
        const ach_nacha_finding *x = &in->found[i].f;
        fputs(i ? ",{\"file\":" : "{\"file\":", f);
        cli_json_string(f, in->files[in->found[i].file].path);
        fprintf(f, ",\"record\":%" PRIu64 ",\"column\":%u", x->record, x->column);
        cli_json_member(f, "check", ach_nacha_check_name(x->check));
        cli_json_member(f, "field", x->field ? x->field : "");
        cli_json_member(f, "expected", x->expected);
        cli_json_member(f, "found", x->found);
        fputc('}', f);
    }
    fputs("],\"nocs\":[", f);
    for (size_t i = 0; i < in->nnocs; i++) {
        const noc_item *n = &in->nocs[i];
        const ach_nacha_entry_info *x = &n->noc.info;
        fputs(i ? ",{\"file\":" : "{\"file\":", f);
        cli_json_string(f, in->files[n->file].path);
        fprintf(f, ",\"record\":%" PRIu64, x->record);
        cli_json_member(f, "trace", x->trace);
        cli_json_member(f, "original_trace", x->original_trace);
        if (n->charge[0]) cli_json_member(f, "charge", n->charge);
        else fputs(",\"charge\":null", f);
        cli_json_member(f, "code", x->code);
        cli_json_member(f, "meaning", n->noc.change ? n->noc.change->title : "unknown change code");
        char masked[ACH_NACHA_MASKED_SIZE];
        snprintf(masked, sizeof masked, "****%s", x->account_last4);
        cli_json_member(f, "account", masked);
        cli_json_member(f, "correction", n->correction);
        fputs(",\"received\":", f);
        json_date(f, n->received);
        fputs(",\"apply_by\":", f);
        json_date(f, n->apply_by);
        fputc('}', f);
    }
    fputc(']', f);
}

/* `,"key":[{charge, amount, created, processing, resolve_by, available_on, overdue,
 * days_overdue}]` */
static void json_charges(FILE *f, const char *key, const ach_recon_pending *items, size_t n)
{
    fprintf(f, ",\"%s\":[", key);
    for (size_t i = 0; i < n; i++) {
        const ach_recon_pending *o = &items[i];
        fputs(i ? ",{\"charge\":" : "{\"charge\":", f);
        cli_json_string(f, o->charge);
        fprintf(f, ",\"amount\":%lld,\"created\":", (long long)o->amount);
        json_date(f, o->created);
        fputs(",\"processing\":", f);
        json_date(f, o->processing);
        fputs(",\"resolve_by\":", f);
        json_date(f, o->resolve_by);
        fputs(",\"available_on\":", f);
        json_date(f, o->available_on);
        fprintf(f, ",\"overdue\":%s,\"days_overdue\":%d}", o->overdue ? "true" : "false",
                (int)o->days_overdue);
    }
    fputc(']', f);
}

void report_json(const char *source, const ach_recon_report *r, const ach_recon *e,
                 const ach_recon_day *days, size_t ndays, const ach_recon_retry *retries,
                 size_t nretries, const ach_ledger_reader *reader, const returns_input *rin,
                 const charge_lists *cl)
{
    FILE *f = stdout;
    ach_ledger_stats st;
    memset(&st, 0, sizeof st);
    if (reader) ach_ledger_reader_stats(&st, reader);
    /* docs/schema/report.schema.json: adding keys keeps the version, removing or renaming one
     * increments it */
    fputs("{\"schema_version\":1,\"input\":{\"source\":", f);
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
    const ach_ledger_unknown_column *unknown = NULL;
    size_t nunknown = reader ? ach_ledger_reader_unknown_columns(&unknown, reader) : 0;
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
    fputs("},", f);
    json_returns_input(f, rin, r);
    fputs("},\"as_of\":", f);
    json_date(f, r->as_of);
    fputs(",\"charges\":{", f);
    for (int s = ACH_CHARGE_PENDING; s <= ACH_CHARGE_DISPUTED; s++)
        fprintf(f, "\"%s\":%llu,", ach_charge_status_name((ach_charge_status)s),
                (unsigned long long)r->charges_by_status[s]);
    fprintf(f, "\"total\":%llu,\"refunded\":%llu,\"overdue\":%llu}",
            (unsigned long long)r->charges, (unsigned long long)r->charges_refunded,
            (unsigned long long)r->charges_overdue);
    json_charges(f, "overdue_charges", cl->overdue, cl->noverdue);
    json_charges(f, "pending_charges", cl->pending, cl->npending);
    fprintf(f, ",\"accounts_unverified\":%zu,\"unverified_accounts\":[", cl->unverified_total);
    for (size_t i = 0; i < cl->nunverified; i++) {
        const ach_recon_unverified *u = &cl->unverified[i];
        fputs(i ? ",{\"account\":" : "{\"account\":", f);
        cli_json_string(f, u->account);
        fputs(",\"sent\":", f);
        json_date(f, u->sent);
        fputs(",\"expected_by\":", f);
        json_date(f, u->expected_by);
        fprintf(f, ",\"business_days\":%d}", (int)u->business_days);
    }
    fputs("],", f);
    fprintf(f,
            "\"amounts\":{\"gross\":%lld,\"fees\":%lld,\"net\":%lld,\"reversed\":%lld,"
            "\"disputed\":%lld,\"refunded\":%lld,\"refund_failed\":%lld,\"transferred\":%lld,"
            "\"application_fees\":%lld},",
            (long long)r->gross, (long long)r->fees, (long long)r->net, (long long)r->reversed,
            (long long)r->disputed, (long long)r->refunded, (long long)r->refund_failed,
            (long long)r->transferred, (long long)r->application_fees);
    fprintf(f,
            "\"balance\":{\"pending\":%lld,\"available\":%lld,\"transactions_net\":%lld,"
            "\"conserved\":%s,\"connected\":{\"pending\":%lld,\"available\":%lld},",
            (long long)r->balance.pending, (long long)r->balance.available,
            (long long)r->transactions_net, r->balance_conserved ? "true" : "false",
            (long long)r->connected.pending, (long long)r->connected.available);
    fputs("\"connected_accounts\":[", f);
    for (size_t i = 0; i < cl->nconnected; i++) {
        fputs(i ? ",{\"account\":" : "{\"account\":", f);
        cli_json_string(f, cl->connected[i].account);
        fprintf(f, ",\"pending\":%lld,\"available\":%lld}",
                (long long)cl->connected[i].balance.pending,
                (long long)cl->connected[i].balance.available);
    }
    fputs("]},", f);
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
        json_date(f, t->advice.until == ACH_DATE_NONE ? ACH_DATE_NONE : t->advice.until);
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
        if (x.origin == ACH_RECON_RETURN) {
            fputs(i ? ",{\"file\":" : "{\"file\":", f);
            cli_json_string(f, returns_finding_file(rin, i));
            fprintf(f, ",\"record\":%" PRIu64, x.line);
        } else {
            fprintf(f, "%s{\"line\":%" PRIu64, i ? "," : "", x.line);
        }
        fprintf(f, ",\"column\":%u,\"kind\":\"%s\",\"severity\":\"%s\",\"type\":", x.column,
                ach_recon_kind_name(x.kind), ach_recon_severity_name(x.severity));
        if (x.type) fprintf(f, "\"%s\"", ach_ledger_type_name(x.type));
        else fputs("null", f);
        fputs(",\"id\":", f);
        cli_json_string(f, x.id);
        fputs(",\"message\":", f);
        cli_json_string(f, x.message);
        fputc('}', f);
    }
    fputc(']', f);
    json_returns_files(f, rin);
    fputs("}\n", f);
}
