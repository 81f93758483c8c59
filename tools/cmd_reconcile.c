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
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/random.h>
#include "cli.h"
#include "report_html.h"
#include "events_json.h"

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

/* `,"key":"value"` */
static void json_member(FILE *f, const char *key, const char *value)
{
    fprintf(f, ",\"%s\":", key);
    cli_json_string(f, value);
}

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
    bool lenient;              /* --lenient: read them with ACH_NACHA_LENIENT */
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

/* ---- the report's lists of charges (issue 18) ---------------------------------------------- */

/* Pending charges as of the report date (each with its derived dates), at most `keep` of them,
 * and the overdue ones among them (R-CHG-9). */
typedef struct charge_lists {
    ach_recon_pending *pending, *overdue;
    size_t npending, noverdue;       /* listed */
    size_t pending_total, overdue_total;
    ach_recon_unverified *unverified; /* R-ACC-4b */
    size_t nunverified, unverified_total;
    ach_recon_connected *connected; /* R-CON-1: every Connect account */
    size_t nconnected;
} charge_lists;

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
static ach_status charge_lists_fill(charge_lists *cl, const ach_recon *e, ach_date as_of,
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

static void charge_lists_free(charge_lists *cl)
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

static void print_text(const char *source, const ach_recon_report *r, const ach_recon *e,
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
        if (f.origin == ACH_RECON_RETURN) printf("  %s record %" PRIu64 ": ", finding_file(rin, i), f.line);
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

static void print_json(const char *source, const ach_recon_report *r, const ach_recon *e,
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

/* ---- issue 21: --state, --show, several ledgers ------------------------------------------- */

static ach_status file_write(void *ctx, const void *p, size_t n)
{
    return fwrite(p, 1, n, (FILE *)ctx) == n ? ACH_OK : ACH_EIO;
}

static ach_status file_read(void *ctx, void *buf, size_t cap, size_t *got)
{
    FILE *f = ctx;
    *got = fread(buf, 1, cap, f);
    return *got == 0 && ferror(f) ? ACH_EIO : ACH_OK;
}

/* The engine of an incremental run: loaded from `path` when it exists, else new. */
static ach_status state_open(ach_recon **out, const char *path, const ach_calendar *cal,
                             const ach_recon_options *opts, ach_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f && errno == ENOENT) return ach_recon_new(out, cal, opts, err);
    if (!f) {
        snprintf(err->message, sizeof err->message, "%s: cannot read the state: %s", path,
                 strerror(errno));
        return err->code = ACH_EIO;
    }
    ach_status s = ach_recon_load(out, cal, opts, file_read, f, err);
    fclose(f);
    if (s != ACH_OK) fprintf(stderr, "ach: %s: the state is refused\n", path);
    return s;
}

/* Writes the state atomically: a temporary file next to `path`, written, flushed and fsync()ed,
 * then renamed over it, then the directory fsync()ed, so that a crash or a kill at any point
 * leaves either the old state or the new one, never a torn one. */
static ach_status state_save(const ach_recon *e, const char *path, ach_error *err)
{
    size_t n = strlen(path);
    char *tmp = malloc(n + 8);
    if (!tmp) return err->code = ACH_ENOMEM;
    memcpy(tmp, path, n);
    memcpy(tmp + n, ".XXXXXX", 8);
    int fd = mkstemp(tmp);
    FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
    ach_status s = f ? ach_recon_save(e, file_write, f, err) : ACH_EIO;
    bool ok = s == ACH_OK && fflush(f) == 0 && fsync(fileno(f)) == 0;
    if (f) ok = fclose(f) == 0 && ok;
    else if (fd >= 0) close(fd);
    ok = ok && rename(tmp, path) == 0;
    if (!ok && s == ACH_OK) {
        snprintf(err->message, sizeof err->message, "%s: cannot write the state: %s", path,
                 strerror(errno));
        s = err->code = ACH_EIO;
    }
    if (!ok && fd >= 0) unlink(tmp);
    free(tmp);
    if (s != ACH_OK) return s;
    /* the rename itself lasts once the directory is on disk */
    char *dir = strdup(path);
    char *slash = dir ? strrchr(dir, '/') : NULL;
    int dfd = dir ? open(slash ? (slash == dir ? "/" : (*slash = '\0', dir)) : ".", O_RDONLY) : -1;
    if (dfd >= 0) {
        (void)fsync(dfd); /* some file systems refuse it on a directory: nothing more to do */
        close(dfd);
    }
    free(dir);
    return ACH_OK;
}

static void show_date(FILE *f, const char *key, ach_date d, bool json)
{
    char b[ACH_DATE_FORMAT_SIZE];
    if (d == ACH_DATE_NONE) return;
    if (json) fprintf(f, ",\"%s\":\"%s\"", key, ach_date_format(b, d));
    else fprintf(f, "  %-20s %s\n", key, ach_date_format(b, d));
}

static void show_text(FILE *f, const char *key, const char *v, bool json)
{
    if (!v || !v[0]) return;
    if (json) json_member(f, key, v);
    else fprintf(f, "  %-20s %s\n", key, v);
}

static void show_cents(FILE *f, const char *key, int64_t v, bool json)
{
    char m[40];
    if (json) fprintf(f, ",\"%s\":%lld", key, (long long)v);
    else fprintf(f, "  %-20s %s\n", key, money(m, v));
}

/* `ach reconcile --state FILE --show [TYPE:]ID`: one object of a saved engine (R-SEC-1: an
 * account shows its last 4 digits only; the engine keeps no more). */
static int show_object(const char *state_path, const char *arg, const char *cal_path, bool json)
{
    ach_recon_object_type type = ACH_RECON_OBJECT_ANY;
    const char *id = arg, *colon = strchr(arg, ':');
    for (int t = ACH_RECON_OBJECT_ACCOUNT; colon && t < ACH_RECON_OBJECT_TYPE_COUNT; t++) {
        const char *name = ach_recon_object_type_name((ach_recon_object_type)t);
        if ((size_t)(colon - arg) == strlen(name) && strncmp(arg, name, strlen(name)) == 0) {
            type = (ach_recon_object_type)t;
            id = colon + 1;
        }
    }
    ach_error err = ACH_ERROR_INIT;
    ach_calendar *cal = NULL;
    ach_status s = cal_path ? ach_calendar_load_file(&cal, cal_path, NULL, &err)
                            : ach_calendar_new_default(&cal, &err);
    if (s) return cli_fail(&err);
    FILE *in = fopen(state_path, "rb");
    ach_recon *e = NULL;
    ach_recon_object o;
    if (!in) {
        fprintf(stderr, "ach: %s: cannot read the state: %s\n", state_path, strerror(errno));
        ach_calendar_free(cal);
        return CLI_DATA;
    }
    ach_recon_options opts = ACH_RECON_OPTIONS_INIT;
    opts.max_findings = 0; /* only objects are asked for */
    s = ach_recon_load(&e, cal, &opts, file_read, in, &err);
    fclose(in);
    if (s == ACH_OK) s = ach_recon_lookup(&o, e, type, id, strlen(id), &err);
    int rc = CLI_OK;
    if (s == ACH_EUNKNOWN_ID) {
        fprintf(stderr, "ach: %s: %s\n", state_path, err.message);
        rc = CLI_NEGATIVE;
    } else if (s != ACH_OK) {
        fprintf(stderr, "ach: %s: the state is refused\n", state_path);
        rc = cli_fail(&err);
    } else {
        FILE *f = stdout;
        char t[ACH_INSTANT_FORMAT_SIZE];
        bool money_kind = o.type >= ACH_RECON_OBJECT_CHARGE;
        if (json) {
            fprintf(f, "{\"type\":\"%s\",\"id\":", ach_recon_object_type_name(o.type));
            cli_json_string(f, o.id);
        } else {
            fprintf(f, "%s %s\n", ach_recon_object_type_name(o.type), o.id);
        }
        show_text(f, "status", o.status, json);
        static const char *const refs[] = {"", "customer", "account", "", "charge", "charge"};
        show_text(f, refs[o.type], o.ref, json);
        show_text(f, "mandate", o.mandate, json);
        if (o.type == ACH_RECON_OBJECT_ACCOUNT) {
            char masked[12];
            snprintf(masked, sizeof masked, "****%s", o.last4);
            show_text(f, "account_number", masked, json);
            show_text(f, "holder_type", ach_holder_type_name(o.holder_type), json);
            if (json) fprintf(f, ",\"test\":%s,\"failed_attempts\":%u", o.test ? "true" : "false",
                              o.failed_attempts);
            else fprintf(f, "  %-20s %s\n  %-20s %u\n", "test", o.test ? "yes" : "no",
                         "failed_attempts", o.failed_attempts);
        }
        show_text(f, o.type == ACH_RECON_OBJECT_MANDATE ? "type" : "reason", o.kind_name, json);
        if (money_kind) show_cents(f, "amount", o.amount, json);
        if (o.type == ACH_RECON_OBJECT_CHARGE) {
            show_cents(f, "fee", o.fee, json);
            show_cents(f, "refunded", o.refunded, json);
            show_text(f, "return_code", o.return_code, json);
        }
        if (o.created != ACH_INSTANT_NONE)
            show_text(f, o.type == ACH_RECON_OBJECT_MANDATE ? "accepted" : "created",
                      ach_instant_format(t, o.created), json);
        if (o.revoked != ACH_INSTANT_NONE)
            show_text(f, "revoked", ach_instant_format(t, o.revoked), json);
        show_date(f, "processing", o.processing, json);
        show_date(f, o.type == ACH_RECON_OBJECT_REFUND ? "expected_by" : "resolve_by",
                  o.resolve_by, json);
        show_date(f, "available_on", o.available_on, json);
        show_date(f, "refund_deadline", o.refund_deadline, json);
        show_date(f, "dispute_window_end", o.dispute_window_end, json);
        if (json) fputs("}\n", f);
        if (fflush(f) != 0) rc = CLI_DATA;
    }
    ach_recon_free(e);
    ach_calendar_free(cal);
    return rc;
}

/* The report of `e` as of `as_of`, with its balance by date and its retries (malloc()ed). */
static ach_status report_lists(ach_recon_report *report, ach_recon_day **days, size_t *ndays,
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

typedef struct many_opts {
    bool json, quiet, strict;
    ach_date as_of;
    uint64_t max_findings;
    const ach_recon_options *engine; /* --fees, --verify-within, the hash key */
} many_opts;

/* One ledger of several. */
typedef struct part {
    const char *path;
    ach_ledger_reader *reader;
    ach_recon *engine;
    ach_recon_report report;
    ach_recon_day *days;
    size_t ndays;
    ach_recon_retry *retries;
    size_t nretries;
    charge_lists cl;
} part;

/* The balances by date of the total: on each date any part's balance changed, the sum of every
 * part's balance at the end of that day. */
static ach_recon_day *total_days(const part *parts, size_t n, size_t *count)
{
    size_t all = 0;
    for (size_t i = 0; i < n; i++) all += parts[i].ndays;
    ach_recon_day *out = malloc((all ? all : 1) * sizeof *out);
    size_t *at = calloc(n ? n : 1, sizeof *at);
    if (!out || !at) {
        free(out);
        free(at);
        return NULL;
    }
    size_t k = 0;
    for (;;) {
        ach_date next = ACH_DATE_NONE;
        for (size_t i = 0; i < n; i++)
            if (at[i] < parts[i].ndays &&
                (next == ACH_DATE_NONE || parts[i].days[at[i]].date < next))
                next = parts[i].days[at[i]].date;
        if (next == ACH_DATE_NONE) break;
        ach_recon_day d;
        memset(&d, 0, sizeof d);
        d.date = next;
        for (size_t i = 0; i < n; i++) {
            while (at[i] < parts[i].ndays && parts[i].days[at[i]].date <= next) at[i]++;
            if (!at[i]) continue;
            const ach_recon_day *x = &parts[i].days[at[i] - 1];
            d.balance.pending += x->balance.pending;
            d.balance.available += x->balance.available;
            d.connected.pending += x->connected.pending;
            d.connected.available += x->connected.available;
        }
        out[k++] = d;
    }
    free(at);
    *count = k;
    return out;
}

/* `ach reconcile A B ...`: each ledger by its own engine, all as of one date, each printed,
 * then the total (ach_recon_report_merge()). */
static int reconcile_many(int n, const char *const *paths, const ach_calendar *cal,
                          const many_opts *mo)
{
    part *parts = calloc((size_t)n, sizeof *parts);
    if (!parts) return CLI_DATA;
    ach_error err = ACH_ERROR_INIT;
    ach_status s = ACH_OK;
    ach_date as_of = mo->as_of;
    returns_input rin;
    memset(&rin, 0, sizeof rin);
    for (int i = 0; i < n && s == ACH_OK; i++) {
        part *p = &parts[i];
        p->path = paths[i];
        ach_recon_options opts = *mo->engine;
        opts.max_findings = mo->max_findings;
        s = strcmp(p->path, "-") == 0 ? ach_ledger_reader_open_fd(&p->reader, 0, "-", &err)
                                      : ach_ledger_reader_open_file(&p->reader, p->path, &err);
        if (s == ACH_OK) s = ach_recon_new(&p->engine, cal, &opts, &err);
        if (s == ACH_OK) s = ach_recon_read(p->engine, p->reader, &err);
        ach_recon_report r;
        if (s == ACH_OK && mo->as_of == ACH_DATE_NONE &&
            ach_recon_report_compute(&r, p->engine, ACH_DATE_NONE, NULL) == ACH_OK &&
            r.last_date != ACH_DATE_NONE && (as_of == ACH_DATE_NONE || r.last_date > as_of))
            as_of = r.last_date; /* one date for all: the latest */
    }
    ach_recon_report total;
    ach_recon_report_init(&total);
    for (int i = 0; i < n && s == ACH_OK; i++) {
        part *p = &parts[i];
        s = report_lists(&p->report, &p->days, &p->ndays, &p->retries, &p->nretries, p->engine,
                         as_of, &err);
        if (s == ACH_OK)
            s = charge_lists_fill(&p->cl, p->engine, as_of, mo->max_findings, mo->json, &err);
        if (s == ACH_OK) s = ach_recon_report_merge(&total, &p->report, &err);
    }
    size_t ndays = 0, nretries = 0;
    ach_recon_day *days = s == ACH_OK ? total_days(parts, (size_t)n, &ndays) : NULL;
    ach_recon_retry *retries = NULL;
    if (s == ACH_OK && !days) s = err.code = ACH_ENOMEM;
    for (int i = 0; i < n && s == ACH_OK; i++) nretries += parts[i].nretries;
    if (s == ACH_OK && !(retries = malloc((nretries ? nretries : 1) * sizeof *retries)))
        s = err.code = ACH_ENOMEM;
    int rc = CLI_DATA;
    if (s == ACH_OK) {
        nretries = 0;
        for (int i = 0; i < n; i++) {
            if (parts[i].nretries)
                memcpy(retries + nretries, parts[i].retries, parts[i].nretries * sizeof *retries);
            nretries += parts[i].nretries;
        }
        if (mo->json) fputs("{\"ledgers\":[", stdout);
        for (int i = 0; i < n; i++) {
            part *p = &parts[i];
            if (mo->json) {
                if (i) fputc(',', stdout);
                print_json(p->path, &p->report, p->engine, p->days, p->ndays, p->retries,
                           p->nretries, p->reader, &rin, &p->cl);
            } else {
                print_text(p->path, &p->report, p->engine, p->days, p->ndays, p->retries,
                           p->nretries, p->reader, &rin, &p->cl);
                printf("\n\n");
            }
        }
        char title[64];
        snprintf(title, sizeof title, "the %d ledgers above together", n);
        /* the total lists nothing: each object is listed with its own ledger, above */
        charge_lists none;
        memset(&none, 0, sizeof none);
        if (mo->json) {
            /* ... but its count of unverified accounts adds up, as findings_by_kind does */
            for (int i = 0; i < n; i++) none.unverified_total += parts[i].cl.unverified_total;
            fputs("],\"total\":", stdout);
            print_json("total", &total, NULL, days, ndays, retries, nretries, NULL, &rin, &none);
            fputs("}\n", stdout);
        } else {
            print_text(title, &total, NULL, days, ndays, retries, nretries, NULL, &rin, &none);
        }
        rc = mo->strict && total.rejected ? CLI_NEGATIVE : CLI_OK;
        if (fflush(stdout) != 0) rc = CLI_DATA;
    } else if (err.code && err.code != ACH_ENOMEM) {
        cli_fail(&err);
    } else {
        fputs("ach: out of memory\n", stderr);
    }
    for (int i = 0; i < n; i++) {
        free(parts[i].days);
        free(parts[i].retries);
        charge_lists_free(&parts[i].cl);
        ach_recon_free(parts[i].engine);
        ach_ledger_reader_free(parts[i].reader);
    }
    free(parts);
    free(days);
    free(retries);
    return rc;
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
        return show_object(state_path, show_id, cal_path, json);
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
            print_json(path, &report, engine, days, ndays, retries, nretries, reader, &rin, &cl);
        else
            print_text(path, &report, engine, days, ndays, retries, nretries, reader, &rin, &cl);
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
