/* SPDX-License-Identifier: Apache-2.0 */
/* `ach reconcile LEDGER [--returns FILE.ach ...]`: the main job of libach (issues 6 and 7). Reads
 * a ledger (SPEC §10) in one pass through the reconciliation engine (ach/recon.h), then each NACHA
 * returns file (SPEC §12) in command-line order, and prints the report.
 *
 * Returns files (issue 7): each is streamed with the NACHA reader (ach/nacha.h). Every return
 * entry (an entry detail with an addenda 99) goes to the engine through
 * ach_recon_return_from_nacha() and ach_recon_apply_return(): matched to the charge whose ledger
 * `code` carried its original trace number, applied as an outcome through the same rules (window
 * R-RET-1, late failure R-CHG-7), or rejected (unmatched_return, duplicate_return,
 * amount_mismatch, invalid_value); it is dated by its batch's settlement date (its effective date
 * when the file was not settled). Every return entry is counted as applied or rejected, apart
 * from the ledger's lines. The NACHA reader's own findings on a returns file (a bad control, an
 * unknown return reason code, ...) are listed as they are: they do not stop the entries of that
 * file from being applied, the engine judges each entry itself. An addenda 99 that follows no
 * entry detail cannot be read as a return entry: it is counted as "unusable" (the NACHA reader
 * reports it). Notifications of change (addenda 98) are listed, never capped, with the date to
 * apply them by: the 6th banking day after the NOC's settlement (effective) date (R-RET-4,
 * ach_noc_deadline()). With returns files, the default report date is the latest date of the
 * ledger's records and of the return entries (ach_recon_report_compute()).
 *
 * The JSON report's schema and the --events format: json_schema below, printed by
 * `ach help reconcile`.
 *
 * R-SEC-1: nothing printed holds an account number; the engine keeps only last 4 digits and
 * its messages show none; client secrets never reach a ledger. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/random.h>
#include "cli.h"
#include "report_html.h"

#define USAGE                                                                                  \
    "ach reconcile LEDGER [--returns FILE.ach]... [--as-of DATE] [--json] [--events FILE]\n"   \
    "       [--quiet] [--strict] [--max-findings N|all] [--calendar FILE.ics] [--html FILE]"

void cli_help_reconcile(FILE *out);
int cli_cmd_reconcile(int argc, char **argv);
extern const cli_spec cli_spec_reconcile;

/* The JSON report's schema and the events file's format: part of `ach help reconcile`, so that
 * an installed binary documents its own output. */
static const char json_schema[] =
    "JSON output (--json): one object, money in integer cents, dates \"YYYY-MM-DD\", null where a date\n"
    "does not exist (nothing applied):\n"
    "\n"
    "  input.source             the file name (\"-\" for stdin)\n"
    "  input.lines              data records read (a quoted field may span physical lines)\n"
    "  input.applied            records applied (flagged ones included)\n"
    "  input.rejected           records rejected (malformed ones included)\n"
    "  input.flagged            applied records with at least one flag\n"
    "  input.malformed          rejected by the reader (a subset of rejected)\n"
    "  input.conserved          applied + rejected == lines, checked by the engine and against the\n"
    "                           reader's own count\n"
    "  input.bytes              bytes read\n"
    "  input.first_date, input.last_date   dates of the first and last applied records and\n"
    "                           return entries (rejected ones never move them)\n"
    "  input.unknown_columns    header columns the SPEC does not name (ignored)\n"
    "  input.by_type.TYPE       {records, applied} for each SPEC §10 type\n"
    "  input.returns            NACHA return entries of the --returns files (all zero without):\n"
    "                           {files, entries, applied, rejected, flagged, unusable, conserved}:\n"
    "                           entries = addenda 99 records read; applied + rejected = entries -\n"
    "                           unusable (those following no entry detail), checked against the\n"
    "                           engine's own counts (conserved)\n"
    "  as_of                    the date of everything below (--as-of, default input.last_date)\n"
    "  charges.{pending,succeeded,failed,disputed}  charges created by as_of, each once, in its\n"
    "                           state that day (R-CHG-8)\n"
    "  charges.total            their sum\n"
    "  charges.refunded         charges with at least one refund\n"
    "  amounts.{gross,fees,net} cents: amounts debited; processing fees of charges that did not\n"
    "                           fail plus failure and dispute fees (R-CHG-3); the platform's balance\n"
    "  amounts.{reversed,disputed,refunded,refund_failed,transferred,application_fees}  the rest of\n"
    "                           gross - fees - reversed - disputed - refunded + refund_failed -\n"
    "                           transferred + application_fees = net\n"
    "  balance.{pending,available}          the platform's balances (R-BAL-1)\n"
    "  balance.transactions_net             sum of the balance transactions dated by as_of\n"
    "  balance.conserved        transactions_net == pending + available == net (and on the\n"
    "                           Connect side)\n"
    "  balance.connected.{pending,available}  Connect accounts together (R-CON-1)\n"
    "  balance_by_date          [{date, pending, available}] end-of-day platform balances on each\n"
    "                           date a balance changed, up to as_of\n"
    "  return_rates.window      {from, to}: the 60 days ending as_of (R-RET-2)\n"
    "  return_rates.debits      charges created in the window\n"
    "  return_rates.{unauthorized,administrative,overall}.{count,rate,threshold,breach}\n"
    "                           returns received in the window; rate and threshold as fractions\n"
    "                           (0.005 is 0.5 %); breach when rate > threshold\n"
    "  retries                  [{charge, code, returned, settlement, verdict, allowed,\n"
    "                           remaining, until}] for charges failed with R01/R09 (R-RET-3)\n"
    "  events                   {type: count} of the events the rules emitted (SPEC §7)\n"
    "  findings_by_kind         {kind: count} for every kind, zeros included\n"
    "  findings_total           all findings; findings lists at most --max-findings of them\n"
    "                           (100000 unless given)\n"
    "  findings                 [{line, column, kind, severity, type, id, message}] in line order,\n"
    "                           then the return entries' findings [{file, record, column, kind,\n"
    "                           severity, type, id, message}] (record: the addenda 99's record\n"
    "                           number) in file and record order\n"
    "  returns_files            [{file, records, entries, applied, rejected, flagged, unusable, nocs,\n"
    "                           nacha_findings}] for each --returns file in order (nacha_findings:\n"
    "                           the NACHA reader's findings on the file)\n"
    "  nacha_findings_total     the NACHA reader's findings on all returns files\n"
    "  nacha_findings           [{file, record, column, check, field, expected, found}], at most\n"
    "                           --max-findings of them (account numbers masked by the reader)\n"
    "  nocs                     [{file, record, trace, original_trace, charge, code, meaning,\n"
    "                           account, correction, received, apply_by}] every notification of\n"
    "                           change (addenda 98), never capped: charge the ledger's charge that\n"
    "                           carried original_trace (null when none did), account \"****\" and\n"
    "                           its last 4 digits,\n"
    "                           correction what it corrects with account numbers masked\n"
    "                           (ach_nacha_noc_describe()), apply_by the R-RET-4 deadline\n"
    "\n"
    "--events FILE writes one JSON object a line for each event: {line, type, created,\n"
    "business_date, id, charge, customer, amount, amount_refunded, status, failure_code,\n"
    "failure_message, reason, return_code, flags} (empty strings and zero amounts left out); an\n"
    "event of a return entry has {file, record} instead of line.\n"
    "\n";

void cli_help_reconcile(FILE *out)
{
    fprintf(out,
            "usage: " USAGE "\n\n"
            "Reconciles a ledger (CSV, SPEC section 10; '-' reads stdin) in one pass: every line\n"
            "is applied through the payment rules or rejected with its line and reason, and the\n"
            "report gives, as of a date, charges by status, gross, fees and net, the pending and\n"
            "available balances and their history, the three NACHA return rates over 60 days\n"
            "with breaches, and retry advice for R01/R09 returns.\n\n"
            "  --returns FILE    a NACHA returns file, read after the ledger; repeat it for more\n"
            "                    files (read in the order given). Each return entry (addenda 99)\n"
            "                    is matched to the charge whose ledger code carried its original\n"
            "                    trace number and applied as an outcome dated by its batch's\n"
            "                    settlement date, or rejected (unmatched, duplicate, amount\n"
            "                    mismatch); findings name FILE and the record. The NACHA\n"
            "                    reader's findings on the file are listed too (its entries are\n"
            "                    still applied). Notifications of change (addenda 98) are\n"
            "                    listed with the date to apply them by (6 banking days).\n"
            "  --as-of DATE      report as of DATE (YYYY-MM-DD); default: the last date of the\n"
            "                    ledger and of the return entries\n"
            "  --json            print the report as JSON (schema below)\n"
            "  --events FILE     write every event as one JSON object a line to FILE\n"
            "  --html FILE       also write the report as one self-contained HTML page (charts\n"
            "                    of balance and return rates, sortable findings) to FILE\n"
            "  --quiet           no progress bar (it shows only on a terminal, for large input)\n"
            "  --strict          exit 1 when any line or return entry was rejected, or a returns\n"
            "                    file has NACHA findings or unusable return addenda\n"
            "  --max-findings N  list (and keep in memory) at most N findings, and at most N\n"
            "                    NACHA findings of the returns files: 100000 by default, 'all'\n"
            "                    for no limit (the counts stay complete; NOCs are all listed)\n"
            "  --calendar FILE   business days from this iCalendar file\n\n"
            "Findings are results: the exit status is 0 when the whole input was processed,\n"
            "1 with --strict and a rejected line (see --strict), 2 for a usage error, 3 when the\n"
            "ledger or a returns file cannot be read. Account numbers are never printed, only\n"
            "their last 4 digits (R-SEC-1).\n\n");
    fputs(json_schema, out);
}

/* ---- events and progress ------------------------------------------------------------------ */

typedef struct events_out {
    FILE *f;
    ach_recon **engine;
    const char *file; /* the returns file being applied; NULL for the ledger */
} events_out;

/* `,"key":"value"` */
static void json_member(FILE *f, const char *key, const char *value)
{
    fprintf(f, ",\"%s\":", key);
    cli_json_string(f, value);
}

/* The same, left out when the value is empty. */
static void json_field(FILE *f, const char *key, const char *value)
{
    if (value && value[0]) json_member(f, key, value);
}

static void write_event(void *ctx, const ach_event *ev)
{
    events_out *o = ctx;
    char t[ACH_INSTANT_FORMAT_SIZE], d[ACH_DATE_FORMAT_SIZE];
    if (o->file) {
        fputs("{\"file\":", o->f);
        cli_json_string(o->f, o->file);
        fprintf(o->f, ",\"record\":%" PRIu64 ",", ach_recon_line(*o->engine));
    } else {
        fprintf(o->f, "{\"line\":%" PRIu64 ",", ach_recon_line(*o->engine));
    }
    fprintf(o->f, "\"type\":\"%s\",\"created\":\"%s\",\"business_date\":\"%s\"",
            ach_event_type_name(ev->type), ach_instant_format(t, ev->created),
            ach_date_format(d, ev->business_date));
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

/* Findings (and NACHA findings of returns files) kept and listed without --max-findings: the
 * counts always cover all of them, and memory stays bounded (about 100 bytes a kept finding) on
 * a ledger whose every line is malformed. */
#define DEFAULT_MAX_FINDINGS 100000u

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

/* ---- returns files (issue 7) -------------------------------------------------------------- */

/* One --returns file and what became of its entries. */
typedef struct returns_file {
    const char *path;
    ach_nacha_reader *reader;
    ach_nacha_summary sum;         /* the reader's counts, once read to its end */
    uint64_t given;                /* return entries given to the engine */
    uint64_t applied, flagged, rejected;
    uint64_t unusable;             /* addenda 99 following no entry detail */
    uint64_t nocs;
    size_t findings_from, findings_to; /* the engine's kept findings made on this file */
} returns_file;

/* A NACHA reader's finding on a returns file, kept for the report. */
typedef struct nacha_kept {
    size_t file;
    ach_nacha_finding f;
} nacha_kept;

/* A notification of change (R-RET-4). */
typedef struct noc_item {
    size_t file;
    ach_nacha_noc noc;
    char correction[ACH_NACHA_NOC_DESCRIBE_SIZE]; /* masked (ach_nacha_noc_describe()) */
    ach_date received, apply_by;
    char charge[ACH_ID_SIZE]; /* the charge of the original trace; "" when none in the ledger */
} noc_item;

typedef struct returns_input {
    returns_file *files;
    size_t n;
    size_t current;            /* the file being read (for the findings callback) */
    nacha_kept *found;         /* the first `keep` NACHA findings */
    size_t nfound, capfound;
    uint64_t keep;
    uint64_t nacha_findings;   /* all of them */
    noc_item *nocs;            /* every NOC */
    size_t nnocs, capnocs;
    bool oom;
    uint64_t entries, given, applied, flagged, rejected, unusable; /* over all files */
} returns_input;

/* Makes room for one more item of `size` bytes in *items (holding *n of *cap). */
static bool grow(void **items, size_t *cap, size_t n, size_t size)
{
    if (n < *cap) return true;
    size_t c = *cap ? *cap * 2 : 16;
    void *p = realloc(*items, c * size);
    if (!p) return false;
    *items = p;
    *cap = c;
    return true;
}

static void keep_nacha_finding(const ach_nacha_finding *f, void *ctx)
{
    returns_input *in = ctx;
    in->nacha_findings++;
    if (in->nfound >= in->keep) return;
    if (!grow((void **)&in->found, &in->capfound, in->nfound, sizeof *in->found)) {
        in->oom = true;
        return;
    }
    in->found[in->nfound++] = (nacha_kept){in->current, *f};
}

/* Opens every returns file before the ledger is read, so that a missing one fails at once.
 * Returns CLI_OK or CLI_DATA (printed). */
static int open_returns(returns_input *in, const char *const *paths, size_t n)
{
    if (!n) return CLI_OK;
    in->files = calloc(n, sizeof *in->files);
    if (!in->files) return cli_error("out of memory");
    in->n = n;
    ach_nacha_options o = ACH_NACHA_OPTIONS_INIT;
    o.on_finding = keep_nacha_finding;
    o.ctx = in;
    for (size_t i = 0; i < n; i++) {
        ach_error err = ACH_ERROR_INIT;
        in->files[i].path = paths[i];
        if (ach_nacha_reader_open(&in->files[i].reader, paths[i], &o, &err) != ACH_OK)
            return cli_error("%s: cannot read the returns file: %s", paths[i],
                             err.message[0] ? err.message : ach_status_str(err.code));
    }
    return CLI_OK;
}

static void free_returns(returns_input *in)
{
    for (size_t i = 0; i < in->n; i++) ach_nacha_reader_free(in->files[i].reader);
    free(in->files);
    free(in->found);
    free(in->nocs);
}

/* A NOC of file `file`: kept with its masked correction and its deadline (R-RET-4). */
static void keep_noc(returns_input *in, size_t file, const ach_nacha_record *rec,
                     ach_recon *engine, const ach_calendar *cal)
{
    noc_item it;
    memset(&it, 0, sizeof it);
    if (ach_nacha_noc_from_record(&it.noc, rec, NULL) != ACH_OK) return; /* no entry: reported */
    it.file = file;
    ach_nacha_noc_describe(it.correction, &it.noc);
    it.received = ach_nacha_received_date(&it.noc.info);
    (void)ach_nacha_noc_apply_by(&it.apply_by, &it.noc, cal, NULL); /* ACH_DATE_NONE when none */
    const char *orig = it.noc.info.original_trace;
    ach_status found = ach_recon_charge_by_trace(it.charge, engine, orig, strlen(orig), NULL);
    if (found == ACH_ENOMEM) in->oom = true;
    if (found != ACH_OK) it.charge[0] = '\0';
    if (!grow((void **)&in->nocs, &in->capnocs, in->nnocs, sizeof *in->nocs)) {
        in->oom = true;
        return;
    }
    in->nocs[in->nnocs++] = it;
    in->files[file].nocs++;
}

/* Streams each returns file in order and gives each return entry to the engine (the engine
 * decides: no rule is applied here). */
static ach_status apply_returns(returns_input *in, ach_recon *engine, const ach_calendar *cal,
                                events_out *ev, ach_error *err)
{
    for (size_t i = 0; i < in->n; i++) {
        returns_file *rf = &in->files[i];
        in->current = i;
        ev->file = rf->path;
        rf->findings_from = ach_recon_finding_count(engine);
        ach_nacha_record rec;
        do {
            ach_status s = ach_nacha_next(&rec, rf->reader, err);
            if (s != ACH_OK) return s;
            if (rec.type != ACH_NACHA_ADDENDA) continue;
            if (rec.addenda.type == 98) {
                keep_noc(in, i, &rec, engine, cal);
                continue;
            }
            if (rec.addenda.type != 99) continue;
            ach_nacha_return nr;
            if (ach_nacha_return_from_record(&nr, &rec, NULL) != ACH_OK) {
                rf->unusable++;
                continue;
            }
            ach_recon_return r;
            ach_recon_return_from_nacha(&r, &nr);
            ach_recon_verdict v;
            s = ach_recon_apply_return(&v, engine, &r, err);
            if (s != ACH_OK) return s;
            rf->given++;
            if (v == ACH_RECON_REFUSED) {
                rf->rejected++;
            } else {
                rf->applied++;
                if (v == ACH_RECON_APPLIED_FLAGGED) rf->flagged++;
            }
        } while (rec.type != ACH_NACHA_END);
        ach_nacha_reader_summary(&rf->sum, rf->reader);
        rf->findings_to = ach_recon_finding_count(engine);
        in->entries += rf->sum.returns;
        in->given += rf->given;
        in->applied += rf->applied;
        in->flagged += rf->flagged;
        in->rejected += rf->rejected;
        in->unusable += rf->unusable;
        if (in->oom) return ACH_ENOMEM;
    }
    ev->file = NULL;
    return ACH_OK;
}

/* The returns file a kept finding of origin ACH_RECON_RETURN was made on. */
static const char *finding_file(const returns_input *in, size_t i)
{
    for (size_t k = 0; k < in->n; k++)
        if (i >= in->files[k].findings_from && i < in->files[k].findings_to)
            return in->files[k].path;
    return "?";
}

/* Return entries: the engine's counts agree with the files' and nothing is lost. */
static bool returns_conserved(const returns_input *in, const ach_recon_report *r)
{
    return r->returns == in->given && r->returns_applied == in->applied &&
           r->returns_rejected == in->rejected && in->applied + in->rejected == in->given &&
           in->given + in->unusable == in->entries;
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

static void print_text(const char *source, const ach_recon_report *r, const ach_recon *e,
                       const ach_recon_day *days, size_t ndays, const ach_recon_retry *retries,
                       size_t nretries, const ach_ledger_reader *reader, const returns_input *rin)
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
            printf("  %-22s %-8s %8llu\n", ach_recon_kind_name((ach_recon_kind)k),
                   ach_recon_severity_name(ach_recon_kind_severity((ach_recon_kind)k)),
                   (unsigned long long)r->findings_by_kind[k]);
    size_t n = ach_recon_finding_count(e);
    if (n) putchar('\n');
    for (size_t i = 0; i < n; i++) {
        ach_recon_finding f;
        if (ach_recon_finding_get(&f, e, i, NULL) != ACH_OK) break;
        if (f.origin == ACH_RECON_RETURN) printf("  %s record %" PRIu64 ": ", finding_file(rin, i), f.line);
        else printf("  line %" PRIu64 ": ", f.line);
        printf("%s %s", ach_recon_severity_name(f.severity), ach_recon_kind_name(f.kind));
        if (f.id[0]) printf(" %s", f.id);
        if (f.column) printf(" (column %u)", f.column);
        printf(": %s\n", f.message);
    }
    if (r->findings > n)
        printf("  ... %llu more (--max-findings)\n", (unsigned long long)(r->findings - n));
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
        json_member(f, "check", ach_nacha_check_name(x->check));
        json_member(f, "field", x->field ? x->field : "");
        json_member(f, "expected", x->expected);
        json_member(f, "found", x->found);
        fputc('}', f);
    }
    fputs("],\"nocs\":[", f);
    for (size_t i = 0; i < in->nnocs; i++) {
        const noc_item *n = &in->nocs[i];
        const ach_nacha_entry_info *x = &n->noc.info;
        fputs(i ? ",{\"file\":" : "{\"file\":", f);
        cli_json_string(f, in->files[n->file].path);
        fprintf(f, ",\"record\":%" PRIu64, x->record);
        json_member(f, "trace", x->trace);
        json_member(f, "original_trace", x->original_trace);
        if (n->charge[0]) json_member(f, "charge", n->charge);
        else fputs(",\"charge\":null", f);
        json_member(f, "code", x->code);
        json_member(f, "meaning", n->noc.change ? n->noc.change->title : "unknown change code");
        char masked[ACH_NACHA_MASKED_SIZE];
        snprintf(masked, sizeof masked, "****%s", x->account_last4);
        json_member(f, "account", masked);
        json_member(f, "correction", n->correction);
        fputs(",\"received\":", f);
        json_date(f, n->received);
        fputs(",\"apply_by\":", f);
        json_date(f, n->apply_by);
        fputc('}', f);
    }
    fputc(']', f);
}

static void print_json(const char *source, const ach_recon_report *r, const ach_recon *e,
                       const ach_recon_day *days, size_t ndays, const ach_recon_retry *retries,
                       size_t nretries, const ach_ledger_reader *reader, const returns_input *rin)
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
    fputs("},", f);
    json_returns_input(f, rin, r);
    fputs("},\"as_of\":", f);
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
            cli_json_string(f, finding_file(rin, i));
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

/* ---- HTML report (issue 24) --------------------------------------------------------------- */

static const char *html_finding_file(const void *ctx, size_t i) { return finding_file(ctx, i); }

/* Writes the page to `path` (opened before the ledger was read, as `f`) and closes it. A write
 * error is printed here: it returns ACH_EIO with err->code ACH_OK. */
static ach_status write_html(FILE *f, const char *path, const char *source,
                             const ach_recon_report *r, const ach_recon *e,
                             const ach_recon_day *days, size_t ndays,
                             const ach_recon_retry *retries, size_t nretries,
                             const returns_input *rin, ach_error *err)
{
    report_html in = {source, r,  e,  days, ndays, retries, nretries, rin->n,
                      returns_conserved(rin, r), html_finding_file, rin};
    ach_status s = report_html_write(f, &in, err);
    if (s == ACH_EIO) err->code = ACH_OK; /* cli_close_output() says it, naming the file */
    if (cli_close_output(f, path) != CLI_OK && s == ACH_OK) s = ACH_EIO;
    return s;
}

/* ---- the command -------------------------------------------------------------------------- */

/* The options of `ach reconcile`: one line each in the table, one member each here. */
typedef struct recon_args {
    bool quiet, strict;
    const char *as_of, *events, *max_findings, *calendar;
    cli_list returns;
    const char *html; /* issue 24 */
} recon_args;

static const cli_opt recon_opts[] = {
    CLI_OPT_LIST("returns", recon_args, returns, "FILE.ach", CLI_IN),
    CLI_OPT_VALUE("as-of", recon_args, as_of, "DATE", 0),
    CLI_OPT_VALUE("events", recon_args, events, "FILE", CLI_OUT),
    CLI_OPT_FLAG("quiet", recon_args, quiet),
    CLI_OPT_FLAG("strict", recon_args, strict),
    CLI_OPT_VALUE("max-findings", recon_args, max_findings, "count or 'all'", 0),
    CLI_OPT_VALUE("calendar", recon_args, calendar, "FILE.ics", CLI_IN),
    CLI_OPT_VALUE("html", recon_args, html, "FILE", CLI_OUT),
    CLI_OPT_END,
};

const cli_spec cli_spec_reconcile = {USAGE, cli_help_reconcile, recon_opts, sizeof(recon_args)};

static int reconcile(cli_args *a, void *args)
{
    const recon_args *o = args;
    const bool json = a->json, quiet = o->quiet, strict = o->strict;
    const char *as_of_arg = o->as_of, *events_path = o->events, *max_arg = o->max_findings;
    const char *cal_path = o->calendar, *html_path = o->html;
    const char *const *returns_paths = o->returns.items;
    const size_t nreturns = o->returns.n;
    if (a->operands.n != 1)
        return cli_usage(USAGE, a->operands.n ? "give one LEDGER" : "missing LEDGER");
    const char *path = a->operands.items[0];
    /* issue 17: no output may be an input; checked before anything is opened for writing */
    int rc = cli_check_files(a, &path, 1, NULL, 0);
    if (rc != CLI_GO) return rc;

    ach_error err = ACH_ERROR_INIT;
    ach_date as_of = ACH_DATE_NONE;
    if (as_of_arg && ach_date_parse(&as_of, as_of_arg, strlen(as_of_arg), &err) != ACH_OK)
        return cli_usage(USAGE, "--as-of '%s': %s", as_of_arg, err.message);
    uint64_t max_findings = DEFAULT_MAX_FINDINGS;
    if (max_arg && strcmp(max_arg, "all") == 0) {
        max_findings = ACH_RECON_KEEP_ALL;
    } else if (max_arg) {
        int64_t n;
        if (!cli_parse_int64(max_arg, &n) || n < 0)
            return cli_usage(USAGE, "--max-findings '%s' is not a count or 'all'", max_arg);
        max_findings = (uint64_t)n;
    }

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
    /* every returns file is opened before the ledger is read: a missing one fails at once */
    returns_input rin;
    memset(&rin, 0, sizeof rin);
    rin.keep = max_findings;
    rc = open_returns(&rin, returns_paths, nreturns);
    if (rc) {
        free_returns(&rin);
        ach_ledger_reader_free(reader);
        ach_calendar_free(cal);
        return rc;
    }

    ach_recon *engine = NULL;
    events_out ev = {NULL, &engine, NULL};
    if (events_path) {
        ev.f = cli_open_output(events_path, a, &path, 1, &rc);
        if (!ev.f) {
            free_returns(&rin);
            ach_ledger_reader_free(reader);
            ach_calendar_free(cal);
            return rc;
        }
    }
    FILE *html = html_path ? cli_open_output(html_path, a, &path, 1, &rc) : NULL;
    if (html_path && !html) {
        if (ev.f) fclose(ev.f);
        free_returns(&rin);
        ach_ledger_reader_free(reader);
        ach_calendar_free(cal);
        return rc;
    }
    ach_ledger_stats st0;
    ach_ledger_reader_stats(&st0, reader);
    /* the first draw comes 0.2 s in, so that a short run (a small pipe, whose size is unknown,
     * or a large file read quickly) draws nothing, not even at its end */
    const double t0 = now_s();
    progress prog = {false, false, t0, t0};
    prog.on = !quiet && isatty(2) && (st0.size == 0 || st0.size >= PROGRESS_MIN_BYTES);

    ach_recon_options opts = ACH_RECON_OPTIONS_INIT;
    if (ev.f) {
        opts.on_event = write_event;
        opts.event_ctx = &ev;
    }
    opts.on_progress = show_progress;
    opts.progress_ctx = &prog;
    opts.max_findings = max_findings;
    /* a fresh key for the engine's hash tables each run (issue 17): ids built to collide under
     * one key are spread under another. Without one the tables still bound every probe. */
    uint64_t seed = 0;
    if (getrandom(&seed, sizeof seed, GRND_NONBLOCK) == (ssize_t)sizeof seed)
        opts.hash_seed = seed;
    s = ach_recon_new(&engine, cal, &opts, &err);
    if (s == ACH_OK) s = ach_recon_read(engine, reader, &err);
    if (prog.shown) fputs("\r\033[K", stderr);
    if (s == ACH_OK) s = apply_returns(&rin, engine, cal, &ev, &err);
    if (ev.f && cli_close_output(ev.f, events_path) != CLI_OK && s == ACH_OK) {
        s = ACH_EIO; /* printed */
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
    if (s == ACH_OK && html) {
        s = write_html(html, html_path, path, &report, engine, days, ndays, retries, nretries,
                       &rin, &err);
        html = NULL;
    }
    if (html) fclose(html);
    if (s == ACH_OK) {
        if (json) print_json(path, &report, engine, days, ndays, retries, nretries, reader, &rin);
        else print_text(path, &report, engine, days, ndays, retries, nretries, reader, &rin);
        bool refused = report.rejected || rin.rejected || rin.unusable || rin.nacha_findings;
        rc = strict && refused ? CLI_NEGATIVE : CLI_OK;
    } else {
        if (err.code) cli_fail(&err);
        else if (s == ACH_ENOMEM) cli_error("out of memory");
        rc = CLI_DATA;
    }
    free(days);
    free(retries);
    free_returns(&rin);
    ach_recon_free(engine);
    ach_ledger_reader_free(reader);
    ach_calendar_free(cal);
    return rc;
}

int cli_cmd_reconcile(int argc, char **argv)
{
    return cli_run(&cli_spec_reconcile, argc, argv, reconcile);
}
