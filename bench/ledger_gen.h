/* SPDX-License-Identifier: Apache-2.0 */
/* Synthetic ledger generator (SPEC §10) for benchmarks and tests. Not part of the library.
 *
 * Deterministic for a seed: the same options give the same bytes on every machine (own PRNG,
 * integer arithmetic, no locale, no clock). The ledger is time-ordered, valid CSV with the SPEC
 * header, and semantically sensible for the reconciliation engine: every id is created before it
 * is referenced; micro-deposits follow their account by 1-2 business days (R-ACC-4); charges come
 * after a verified account and an accepted mandate (R-CHG-1, R-MAN-1); outcomes 1-4 business days
 * after the charge's processing date (R-CAL-4, R-CHG-4), failures within 2; refunds of succeeded
 * charges within 90 days and never above the amount (R-REF-1); disputes of succeeded charges,
 * inside the window of the holder type (R-DSP-1) except the rare company dispute, never on a
 * refunded charge (no double credit).
 *
 * The mix: accounts (about 5 % test-mode, routing 110000000 with the R-ACC-6 numbers), instant
 * and micro-deposit verifications with some wrong pairs (a few accounts lock after three),
 * mandates (some revoked after the last charge), charges (some with a Connect destination or a
 * trace number), about 5 % returns over several R codes, a few late failures after success
 * (R-CHG-7), refunds (some partial, some failing), disputes, and test-mode charges in a foreign
 * currency on the invalid-currency test number (rejected by the rules, never referenced again).
 * Names include non-ASCII letters and, quoted, commas and doubled quotes.
 *
 * Intentionally malformed lines (one of each kind in turn, at `malformed_ppm` per million lines):
 * a bad instant, an unknown type, a non-digit amount, an overflowing amount, invalid UTF-8 in a
 * name, a missing field, an unterminated quote. Each uses fresh ids that nothing references. */
#ifndef LEDGER_GEN_H
#define LEDGER_GEN_H

#include <stdio.h>
#include "ach/calendar.h"
#include "ach/ledger.h"

typedef struct ledger_gen_options {
    uint64_t seed;
    uint64_t events;         /* data lines to write (malformed ones included) */
    uint32_t events_per_day; /* density; sets how many days the ledger spans */
    uint32_t malformed_ppm;  /* malformed lines per million lines */
    ach_date start;          /* first day */
    bool crlf;               /* "\r\n" line ends */
} ledger_gen_options;

/* 2024-01-02 as days since 1970-01-01. */
#define LEDGER_GEN_START 19724
#define LEDGER_GEN_OPTIONS_INIT {1, 1000, 10000, 50, LEDGER_GEN_START, false}

typedef struct ledger_gen_stats {
    uint64_t lines;                            /* data lines written */
    uint64_t bytes;                            /* bytes written, header included */
    uint64_t by_type[ACH_LEDGER_TYPE_COUNT];   /* well-formed lines by type */
    uint64_t malformed;                        /* intentionally malformed lines */
    uint64_t test_accounts, wrong_pairs, locked_accounts, returns, late_failures,
        refunds, refund_failures, disputes, revoked, foreign_currency;
    ach_date first_day, last_day;
} ledger_gen_stats;

/* Told about each malformed line: its physical line number (the header is line 1), the fault
 * the reader must report and its 1-based column. */
typedef void (*ledger_gen_malformed_fn)(void *ctx, uint64_t line, ach_ledger_fault fault,
                                        uint32_t column);

/* Writes a ledger to `out`. `stats`, `fn` may be NULL. Returns 0, or -1 on a write error or when
 * out of memory (errno set). */
int ledger_gen_write(FILE *out, const ledger_gen_options *opts, const ach_calendar *cal,
                     ledger_gen_stats *stats, ledger_gen_malformed_fn fn, void *ctx);

#endif /* LEDGER_GEN_H */
