/* SPDX-License-Identifier: Apache-2.0 */
/* `ach reconcile`, in modules of one job each: tools/cmd_reconcile.c the command (options, the
 * ledger, the --returns files, --events, --html), tools/reconcile_report.c the report as of a
 * date (its lists, text and JSON), tools/reconcile_state.c --state and --show (issue 21),
 * tools/reconcile_many.c several ledgers and their total (issue 21). What they share. */
#ifndef ACH_RECONCILE_H
#define ACH_RECONCILE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "ach.h"

/* ---- the --returns files (issue 7), read by tools/cmd_reconcile.c ------------------------- */

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

/* ---- the report (tools/reconcile_report.c) ------------------------------------------------- */

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

/* The returns file a kept finding of origin ACH_RECON_RETURN (the engine's finding `i`) was made
 * on; "?" when none. */
const char *returns_finding_file(const returns_input *in, size_t i);

/* Return entries: the engine's counts agree with the files' and nothing is lost. */
bool returns_conserved(const returns_input *in, const ach_recon_report *r);

/* The report of `e` as of `as_of`, with its balance by date and its retries (malloc()ed into
 * *days and *retries, the caller frees them, also on failure). */
ach_status report_lists(ach_recon_report *report, ach_recon_day **days, size_t *ndays,
                        ach_recon_retry **retries, size_t *nretries, const ach_recon *e,
                        ach_date as_of, ach_error *err);

/* Every list printed with a report as of `as_of`: overdue charges, pending ones (JSON only),
 * unverified accounts, each at most `keep`; every Connect account's balance. `cl` starts zeroed
 * and is freed by charge_lists_free(), also on failure. */
ach_status charge_lists_fill(charge_lists *cl, const ach_recon *e, ach_date as_of,
                             uint64_t keep, bool json, ach_error *err);
void charge_lists_free(charge_lists *cl);

/* Prints the report of `source` to stdout, as text or as one JSON object (schema in
 * `ach help reconcile`). `e` and `reader` may be NULL (a total of several ledgers: no findings
 * listed, no input bytes); `rin` holds the returns files (none: zeroed). */
void report_text(const char *source, const ach_recon_report *r, const ach_recon *e,
                 const ach_recon_day *days, size_t ndays, const ach_recon_retry *retries,
                 size_t nretries, const ach_ledger_reader *reader, const returns_input *rin,
                 const charge_lists *cl);
void report_json(const char *source, const ach_recon_report *r, const ach_recon *e,
                 const ach_recon_day *days, size_t ndays, const ach_recon_retry *retries,
                 size_t nretries, const ach_ledger_reader *reader, const returns_input *rin,
                 const charge_lists *cl);

/* ---- --state FILE, --show ID (tools/reconcile_state.c) ------------------------------------ */

/* The engine of an incremental run: loaded from `path` when it exists, else new. A state that
 * cannot be read or is refused fails (the refusal also named on stderr). */
ach_status state_open(ach_recon **out, const char *path, const ach_calendar *cal,
                      const ach_recon_options *opts, ach_error *err);

/* Writes the state of `e` to `path` atomically (temporary file, fsync, rename, directory
 * fsync): a crash or a kill at any point leaves the old state or the new one. */
ach_status state_save(const ach_recon *e, const char *path, ach_error *err);

/* `ach reconcile --state FILE --show [TYPE:]ID`: prints one object of a saved engine. Returns
 * CLI_OK, CLI_NEGATIVE when no object has the id, CLI_DATA (printed). */
int state_show(const char *state_path, const char *arg, const char *cal_path, bool json);

/* ---- several ledgers (tools/reconcile_many.c) --------------------------------------------- */

typedef struct many_opts {
    bool json, quiet, strict;
    ach_date as_of;
    uint64_t max_findings;
    const ach_recon_options *engine; /* --fees, --verify-within, the hash key */
} many_opts;

/* `ach reconcile A B ...`: each of the `n` ledgers by its own engine, all as of one date, each
 * printed, then their total. Returns CLI_OK, CLI_NEGATIVE (--strict and a rejected line) or
 * CLI_DATA (printed). */
int reconcile_many(int n, const char *const *paths, const ach_calendar *cal,
                   const many_opts *mo);

#endif /* ACH_RECONCILE_H */
