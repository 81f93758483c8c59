/* SPDX-License-Identifier: Apache-2.0 */
/* `ach reconcile --html FILE` (issue 24): the reconciliation report as one self-contained HTML
 * page, written in one pass from the report data (ach/recon.h), never from the ledger again. */
#ifndef ACH_REPORT_HTML_H
#define ACH_REPORT_HTML_H

#include <stdio.h>
#include "ach.h"

/* Findings (and retry advice) listed in the page's tables at most, the first ones; the counts
 * cover them all. A browser sorts this many rows at once; the text and JSON reports list more. */
#define REPORT_HTML_MAX_ROWS 1000u

/* What the page is made of: borrowed for the call. */
typedef struct report_html {
    const char *source;                /* the ledger's name as given ("-" for stdin) */
    const ach_recon_report *report;    /* as of its date */
    const ach_recon *engine;           /* the kept findings, the rates over time */
    const ach_recon_day *days;         /* balance by date (ach_recon_balance_days()) */
    size_t ndays;
    const ach_recon_retry *retries;    /* retry advice (ach_recon_retries()) */
    size_t nretries;
    size_t returns_files;              /* --returns files read */
    bool returns_conserved;            /* their entries all accounted for */
    /* the returns file of kept finding i when its origin is ACH_RECON_RETURN */
    const char *(*finding_file)(const void *ctx, size_t i);
    const void *ctx;
} report_html;

/* Writes the page to `out`. Every value from the ledger is HTML-escaped; no account number is
 * in the data (R-SEC-1). Returns ACH_OK, ACH_ENOMEM (err says so) or ACH_EIO when `out` has a
 * write error. */
ach_status report_html_write(FILE *out, const report_html *in, ach_error *err);

#endif /* ACH_REPORT_HTML_H */
