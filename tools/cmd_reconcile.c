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
 * The report's lists and its text and JSON printing are in tools/reconcile_report.c, --state and
 * --show in tools/reconcile_state.c, several ledgers in tools/reconcile_many.c (tools/reconcile.h).
 *
 * R-SEC-1: nothing printed holds an account number; the engine keeps only last 4 digits and
 * its messages show none; client secrets never reach a ledger. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/random.h>
#include "cli.h"
#include "report_html.h"
#include "events_json.h"
#include "reconcile.h"

#define USAGE                                                                                  \
    "ach reconcile LEDGER [--returns FILE.ach]... [--as-of DATE] [--json] [--events FILE]\n"   \
    "       [--quiet] [--strict] [--max-findings N|all] [--calendar FILE.ics] [--lenient]\n"  \
    "       [--fees FILE] [--verify-within N] [--html FILE] [--state FILE]\n"                 \
    "       ach reconcile LEDGER LEDGER... [--as-of DATE] [--json] [...]\n"                   \
    "       ach reconcile --state FILE --show [TYPE:]ID [--json]"

void cli_help_reconcile(FILE *out);
int cli_cmd_reconcile(int argc, char **argv);
extern const cli_spec cli_spec_reconcile;

/* The JSON report's schema and the events file's format: part of `ach help reconcile`, so that
 * an installed binary documents its own output. */
static const char json_schema[] =
    "JSON output (--json): one object, money in integer cents, dates \"YYYY-MM-DD\", null where a date\n"
    "does not exist (nothing applied). Readers ignore keys they do not know: new keys keep\n"
    "schema_version, a removed or renamed key increments it (docs/schema/report.schema.json).\n"
    "\n"
    "  schema_version           1\n"
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
    "  charges.overdue          charges still pending after their resolve-by date (R-CHG-9)\n"
    "  overdue_charges          [{charge, amount, created, processing, resolve_by, available_on,\n"
    "                           overdue, days_overdue}] those overdue charges (resolve_by:\n"
    "                           processing + 4 business days; days_overdue: calendar days after\n"
    "                           it), at most --max-findings of them\n"
    "  pending_charges          the same for every charge pending as of as_of (available_on:\n"
    "                           processing + 7 business days, when its funds become available if\n"
    "                           it succeeds by then, R-CHG-5), at most --max-findings of them\n"
    "  accounts_unverified      accounts still unverified although their micro-deposits were\n"
    "                           sent --verify-within business days before as_of or more\n"
    "                           (R-ACC-4b)\n"
    "  unverified_accounts      [{account, sent, expected_by, business_days}] those accounts\n"
    "                           (expected_by: sent + 2 business days), at most --max-findings\n"
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
    "  balance.connected_accounts  [{account, pending, available}] each Connect account named by\n"
    "                           a charge's detail, in order of appearance (R-CON-1)\n"
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
    "  findings_by_kind         {kind: count} for every kind, zeros included; overdue_charge and\n"
    "                           unverified_microdeposits are findings of the report's date (the\n"
    "                           lists above), the other kinds findings of a line or return entry\n"
    "  findings_total           all findings; findings lists at most --max-findings of those of\n"
    "                           lines and return entries (100000 unless given)\n"
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
    "failure_message, reason, return_code, descriptor, flags, resolve_by, available_on,\n"
    "dispute_deadline, refund_expected_from, refund_expected_by} (empty strings, zero amounts\n"
    "and dates an event does not have left out); an event of a return entry has {file,\n"
    "record} instead of line. customer.source.updated caused by micro-deposits has descriptor\n"
    "\"ACCTVERIFY\" (R-ACC-4).\n"
    "Derived dates: charge.pending has resolve_by (processing + 4 business days, R-CHG-4),\n"
    "available_on (+ 7, R-CHG-5) and dispute_deadline (R-DSP-1); charge.succeeded available_on;\n"
    "charge.dispute.created dispute_deadline when the customer's bank disputed (a dispute record,\n"
    "or an unauthorised return after success, R-CHG-7); charge.refunded the refund's expected\n"
    "arrival, 2 to 5 business days (R-REF-2).\n"
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
            "  --lenient         read the --returns files leniently (see `ach help nacha`):\n"
            "                    tolerated deviations are warnings on stderr, not findings\n"
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
            "  --calendar FILE   business days from this iCalendar file\n"
            "  --fees FILE       the merchant's fee schedule (R-CHG-3) instead of the default\n"
            "                    (0.8 %% capped at $5.00, $4.00 a failure, $15.00 a dispute):\n"
            "                    one 'key value' a line, '#' comments, keys not given keep the\n"
            "                    default, each at most once:\n"
            "                      percent 0.8        percentage of the amount, up to 4 decimals\n"
            "                      fixed 0            cents per charge\n"
            "                      cap 500            cents, or 'none'\n"
            "                      failure_fee 400    cents per failed debit\n"
            "                      dispute_fee 1500   cents per dispute\n"
            "                    a bad file is an error naming its line and column (exit 3)\n"
            "  --verify-within N an account still unverified when its micro-deposits are N\n"
            "                    business days old is reported (R-ACC-4b); default 10\n"
            "  --threads N       read the ledger on a second thread, ahead of the engine, when N\n"
            "                    is 2 or more (the same results; more than 2 gain nothing);\n"
            "                    default 1: on an idle 2-core machine 2 are slower today\n\n"
            "Ledger (docs/ledger-format.md): a microdeposits record with code 'failed' (or the\n"
            "return reason R01..R85 of the returned deposit) says a deposit failed: the account\n"
            "is verification_failed at once (R-ACC-4b). A charge's detail is\n"
            "'[direct |destination ]acct_ID[ FEE]': a Connect charge, direct (created on the\n"
            "connected account) or destination (the default for a lone acct_ID), with an\n"
            "application fee in cents (R-CON-1).\n"
            "  --state FILE      incremental run: load the engine's state from FILE when it\n"
            "                    exists (made by an earlier run with the same calendar and fee\n"
            "                    schedule), apply LEDGER on top, and write the new state back\n"
            "                    atomically (temporary file, fsync, rename: a crash or kill at\n"
            "                    any point leaves the old or the new state). Line numbers are\n"
            "                    those of each run's LEDGER. Format: docs/state-format.md\n"
            "  --show [TYPE:]ID  with --state and no LEDGER: print the object with this id\n"
            "                    (TYPE: account, mandate, charge, refund or dispute; without it\n"
            "                    the first of charge, refund, dispute, mandate, account), its\n"
            "                    status and dates (resolve-by, available-on, dispute window\n"
            "                    end); account numbers as their last 4 digits only\n\n"
            "Several LEDGERs (independent partitions, e.g. one per merchant) are reconciled\n"
            "each apart, as of one date (--as-of, default the latest last date of them all),\n"
            "and printed each, then their total: counts, amounts and balances by date add,\n"
            "return rates are computed from the added counts. With --json the output is\n"
            "{\"ledgers\": [report, ...], \"total\": report}: each report as below (the\n"
            "total's source \"total\", its findings listed with their own ledger only, its\n"
            "retries those of all ledgers). --returns, --events, --html, --state: one LEDGER.\n\n"
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
    events_json w;    /* issue 23 */
} events_out;

/* The lines are made by tools/events_json.c (issue 23: buffered, no stdio call per field). */
static void write_event(void *ctx, const ach_event *ev)
{
    events_out *o = ctx;
    events_json_put(&o->w, o->file, ev);
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
    if (f->warning) { /* --lenient: shown, not counted as a finding */
        char line[256];
        ach_nacha_finding_format(line, sizeof line, f);
        fprintf(stderr, "ach: %s:%s\n", in->files[in->current].path, line);
        return;
    }
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
    o.profile = in->lenient ? ACH_NACHA_LENIENT : ACH_NACHA_STRICT;
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
/* Reads and parses a fee file (--fees). Returns CLI_OK or CLI_DATA (printed). */
static int read_fees(ach_fee_schedule *out, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "ach: %s: cannot read the fee file\n", path);
        return CLI_DATA;
    }
    char buf[65536];
    size_t n = fread(buf, 1, sizeof buf, f);
    bool big = n == sizeof buf, bad = ferror(f) != 0;
    fclose(f);
    if (big || bad) {
        fprintf(stderr, "ach: %s: %s\n", path, big ? "a fee file is at most 64 KiB" : "read error");
        return CLI_DATA;
    }
    ach_error err = ACH_ERROR_INIT;
    if (ach_fee_schedule_parse(out, buf, n, &err) != ACH_OK) {
        snprintf(err.source, sizeof err.source, "%s", path);
        return cli_fail(&err);
    }
    return CLI_OK;
}


/* ---- HTML report (issue 24) --------------------------------------------------------------- */

static const char *html_finding_file(const void *ctx, size_t i)
{
    return returns_finding_file(ctx, i);
}

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
    bool quiet, strict, lenient;
    const char *as_of, *events, *max_findings, *calendar;
    const char *fees, *verify_within; /* issue 18 */
    cli_list returns;
    const char *state, *show; /* issue 21 */
    const char *html; /* issue 24 */
    const char *threads; /* issue 23 */
} recon_args;

static const cli_opt recon_opts[] = {
    CLI_OPT_LIST("returns", recon_args, returns, "FILE.ach", CLI_IN),
    CLI_OPT_VALUE("as-of", recon_args, as_of, "DATE", 0),
    CLI_OPT_VALUE("events", recon_args, events, "FILE", CLI_OUT),
    CLI_OPT_FLAG("quiet", recon_args, quiet),
    CLI_OPT_FLAG("strict", recon_args, strict),
    CLI_OPT_FLAG("lenient", recon_args, lenient),
    CLI_OPT_VALUE("max-findings", recon_args, max_findings, "count or 'all'", 0),
    CLI_OPT_VALUE("calendar", recon_args, calendar, "FILE.ics", CLI_IN),
    CLI_OPT_VALUE("state", recon_args, state, "FILE", CLI_IN | CLI_OUT),
    CLI_OPT_VALUE("show", recon_args, show, "[TYPE:]ID", 0),
    CLI_OPT_VALUE("fees", recon_args, fees, "FILE", CLI_IN),
    CLI_OPT_VALUE("verify-within", recon_args, verify_within, "business days", 0),
    CLI_OPT_VALUE("html", recon_args, html, "FILE", CLI_OUT),
    CLI_OPT_VALUE("threads", recon_args, threads, "N", 0),
    CLI_OPT_END,
};

const cli_spec cli_spec_reconcile = {USAGE, cli_help_reconcile, recon_opts, sizeof(recon_args)};

static int reconcile(cli_args *a, void *args)
{
    const recon_args *o = args;
    const bool json = a->json, quiet = o->quiet, strict = o->strict;
    const bool lenient = o->lenient; /* of the --returns files */
    const char *as_of_arg = o->as_of, *events_path = o->events, *max_arg = o->max_findings;
    const char *cal_path = o->calendar, *fees_path = o->fees, *within_arg = o->verify_within;
    const char *html_path = o->html;
    const char *const *returns_paths = o->returns.items;
    const size_t nreturns = o->returns.n;
    const char *state_path = o->state, *show_id = o->show;
    const size_t nledgers = a->operands.n;
    if (show_id) {
        if (!state_path || nledgers)
            return cli_usage(USAGE, "--show takes --state FILE and no LEDGER");
        return state_show(state_path, show_id, cal_path, json);
    }
    if (nledgers > 1 && (nreturns || events_path || state_path || html_path))
        return cli_usage(USAGE, "--returns, --events, --html and --state take one LEDGER");
    if (nledgers == 0) return cli_usage(USAGE, "missing LEDGER");
    const char *path = a->operands.items[0];
    /* issue 17: no output may be an input; checked before anything is opened for writing */
    int rc = cli_check_files(a, a->operands.items, nledgers, NULL, 0);
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
    int64_t within = 0;
    if (within_arg && (!cli_parse_int64(within_arg, &within) || within < 1 || within > 3650))
        return cli_usage(USAGE, "--verify-within '%s' is not a number of business days 1..3650",
                         within_arg);
    /* issue 23: the reader on a thread of its own when there is a second core; a third thread
     * would have nothing to do (the engine applies records in file order, on one thread) */
    /* one by default: bench_recon on an idle 2-core machine gives the pipeline 2.0-3.2 M
     * records/s against 3.0-3.6 M on one thread (the reader is ~22 % of the work, less than the
     * hand-over costs); --threads 2 stays for loaded machines, where it measured faster */
    int64_t threads = 1;
    if (o->threads && (!cli_parse_int64(o->threads, &threads) || threads < 1 || threads > 1024))
        return cli_usage(USAGE, "--threads '%s' is not a number of threads 1..1024", o->threads);
    ach_fee_schedule fees = *ach_fee_schedule_default();
    if (fees_path && (rc = read_fees(&fees, fees_path)) != CLI_OK) return rc;

    ach_calendar *cal = NULL;
    ach_status s = cal_path ? ach_calendar_load_file(&cal, cal_path, NULL, &err)
                            : ach_calendar_new_default(&cal, &err);
    if (s) return cli_fail(&err);
    ach_recon_options opts = ACH_RECON_OPTIONS_INIT;
    opts.max_findings = max_findings;
    opts.fees = &fees;
    opts.verify_within_days = (unsigned)within; /* 0: the default */
    opts.threads = (unsigned)threads;
    /* a fresh key for the engine's hash tables each run (issue 17): ids built to collide under
     * one key are spread under another. Without one the tables still bound every probe. */
    uint64_t seed = 0;
    if (getrandom(&seed, sizeof seed, GRND_NONBLOCK) == (ssize_t)sizeof seed)
        opts.hash_seed = seed;
    if (nledgers > 1) {
        many_opts mo = {json, quiet, strict, as_of, max_findings, &opts};
        rc = reconcile_many((int)nledgers, a->operands.items, cal, &mo);
        ach_calendar_free(cal);
        return rc;
    }

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
    rin.lenient = lenient;
    rc = open_returns(&rin, returns_paths, nreturns);
    if (rc) {
        free_returns(&rin);
        ach_ledger_reader_free(reader);
        ach_calendar_free(cal);
        return rc;
    }

    ach_recon *engine = NULL;
    events_out ev = {.f = NULL, .engine = &engine, .file = NULL};
    if (events_path) {
        ev.f = cli_open_output(events_path, a, &path, 1, &rc);
        events_json_init(&ev.w, ev.f);
        if (!ev.f) {
            free_returns(&rin);
            ach_ledger_reader_free(reader);
            ach_calendar_free(cal);
            return rc;
        }
    }
    FILE *html = html_path ? cli_open_output(html_path, a, &path, 1, &rc) : NULL;
    if (html_path && !html) {
        if (ev.f) (void)events_json_finish(&ev.w); /* nothing written yet */
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

    if (ev.f) {
        opts.on_event = write_event;
        opts.event_ctx = &ev;
    }
    opts.on_progress = show_progress;
    opts.progress_ctx = &prog;
    s = state_path ? state_open(&engine, state_path, cal, &opts, &err)
                   : ach_recon_new(&engine, cal, &opts, &err);
    if (s == ACH_OK) s = ach_recon_read(engine, reader, &err);
    if (prog.shown) fputs("\r\033[K", stderr);
    if (s == ACH_OK) s = apply_returns(&rin, engine, cal, &ev, &err);
    if (ev.f && !events_json_finish(&ev.w) && s == ACH_OK) {
        s = ACH_ENOMEM; /* an event could not be written */
        err.code = ACH_OK;
    }
    if (ev.f && cli_close_output(ev.f, events_path) != CLI_OK && s == ACH_OK) {
        s = ACH_EIO; /* printed */
        err.code = ACH_OK;
    }

    if (s == ACH_OK && state_path) s = state_save(engine, state_path, &err);
    ach_recon_report report;
    ach_recon_day *days = NULL;
    ach_recon_retry *retries = NULL;
    size_t ndays = 0, nretries = 0;
    if (s == ACH_OK) s = report_lists(&report, &days, &ndays, &retries, &nretries, engine, as_of, &err);
    charge_lists cl;
    memset(&cl, 0, sizeof cl);
    if (s == ACH_OK) s = charge_lists_fill(&cl, engine, as_of, max_findings, json, &err);
    if (s == ACH_OK && html) {
        s = write_html(html, html_path, path, &report, engine, days, ndays, retries, nretries,
                       &rin, &err);
        html = NULL;
    }
    if (html) fclose(html);
    if (s == ACH_OK) {
        if (json)
            report_json(path, &report, engine, days, ndays, retries, nretries, reader, &rin, &cl);
        else
            report_text(path, &report, engine, days, ndays, retries, nretries, reader, &rin, &cl);
        bool refused = report.rejected || rin.rejected || rin.unusable || rin.nacha_findings;
        rc = strict && refused ? CLI_NEGATIVE : CLI_OK;
    } else {
        if (err.code) cli_fail(&err);
        else if (s == ACH_ENOMEM) cli_error("out of memory");
        rc = CLI_DATA;
    }
    free(days);
    free(retries);
    charge_lists_free(&cl);
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
