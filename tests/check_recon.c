/* SPDX-License-Identifier: Apache-2.0 */
/* Tests of the reconciliation engine (ach/recon.h; issue 6, SPEC §10, §11, R-BAL-1, R-SEC-1).
 *
 * - the sample ledger's full report, every figure derived by hand from the rules (comments);
 * - one fixture per finding kind (tests/data/recon/<kind>.csv), and the return-entry kinds;
 * - conservation on generated ledgers of several seeds (bench/ledger_gen.c as a library);
 * - identical results from a file, a mapped file, a buffer and a pipe;
 * - the API's contracts (arguments, buffers, caps, events) and the hash tables inside. */
#include <pthread.h>
#include <unistd.h>
#include "testing.h"
#include "idmap.h"
#include "../bench/ledger_gen.h"

static ach_calendar *cal;

static void cal_setup(void)
{
    ck_assert_int_eq(ach_calendar_new_default(&cal, NULL), ACH_OK);
}

static void cal_teardown(void)
{
    ach_calendar_free(cal);
    cal = NULL;
}

/* ---- helpers -------------------------------------------------------------------------------- */

static char *slurp(const char *rel, size_t *len)
{
    char path[1024];
    ach_test_srcpath(path, sizeof path, rel);
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    char *buf = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n == cap) {
            cap = cap ? cap * 2 : 65536;
            buf = realloc(buf, cap);
            ck_assert_ptr_nonnull(buf);
        }
        size_t k = fread(buf + n, 1, cap - n, f);
        if (!k) break;
        n += k;
    }
    fclose(f);
    *len = n;
    return buf;
}

/* Runs an engine over a reader to its end. */
static ach_recon *run_reader(ach_ledger_reader *r, const ach_recon_options *o)
{
    ach_recon *e = NULL;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_recon_new(&e, cal, o, &err), ACH_OK);
    ck_assert_msg(ach_recon_read(e, r, &err) == ACH_OK, "read: %s", err.message);
    return e;
}

/* Runs an engine over a ledger in memory (`name` in errors) to its end. */
static ach_recon *run_text(const char *text, size_t len, const char *name)
{
    ach_ledger_reader *r = NULL;
    ck_assert_int_eq(ach_ledger_reader_open_buffer(&r, text, len, name, NULL), ACH_OK);
    ach_recon *e = run_reader(r, NULL);
    ach_ledger_reader_free(r);
    return e;
}

static ach_recon *run_file(const char *rel, const ach_recon_options *o)
{
    char path[1024];
    ach_ledger_reader *r = NULL;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_msg(ach_ledger_reader_open_file(&r, ach_test_srcpath(path, sizeof path, rel), &err) ==
                      ACH_OK,
                  "%s: %s", rel, err.message);
    ach_recon *e = run_reader(r, o);
    ach_ledger_reader_free(r);
    return e;
}

static ach_recon_report report(const ach_recon *e, ach_date as_of)
{
    ach_recon_report r;
    ck_assert_int_eq(ach_recon_report_compute(&r, e, as_of, NULL), ACH_OK);
    return r;
}

static ach_recon_finding finding_at(const ach_recon *e, size_t i)
{
    ach_recon_finding f;
    ck_assert_int_eq(ach_recon_finding_get(&f, e, i, NULL), ACH_OK);
    return f;
}

/* Everything an engine reports, as text, for comparing runs. */
static char *serialize(const ach_recon *e, ach_date as_of)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    ck_assert_ptr_nonnull(f);
    ach_recon_report r = report(e, as_of);
    fprintf(f, "records %llu applied %llu rejected %llu flagged %llu malformed %llu\n",
            (unsigned long long)r.records, (unsigned long long)r.applied,
            (unsigned long long)r.rejected, (unsigned long long)r.flagged,
            (unsigned long long)r.malformed);
    for (int t = 0; t < ACH_LEDGER_TYPE_COUNT; t++)
        fprintf(f, "type %d %llu %llu\n", t, (unsigned long long)r.records_by_type[t],
                (unsigned long long)r.applied_by_type[t]);
    for (int k = 1; k < ACH_RECON_KIND_COUNT; k++)
        fprintf(f, "kind %s %llu\n", ach_recon_kind_name((ach_recon_kind)k),
                (unsigned long long)r.findings_by_kind[k]);
    fprintf(f, "as_of %d charges %llu %llu %llu %llu refunded %llu\n", (int)r.as_of,
            (unsigned long long)r.charges_by_status[1], (unsigned long long)r.charges_by_status[2],
            (unsigned long long)r.charges_by_status[3], (unsigned long long)r.charges_by_status[4],
            (unsigned long long)r.charges_refunded);
    fprintf(f, "amounts %lld %lld %lld %lld %lld %lld %lld balance %lld %lld %lld %lld\n",
            (long long)r.gross, (long long)r.fees, (long long)r.net, (long long)r.reversed,
            (long long)r.disputed, (long long)r.refunded, (long long)r.transferred,
            (long long)r.balance.pending, (long long)r.balance.available,
            (long long)r.connected.pending, (long long)r.connected.available);
    fprintf(f, "rates %llu %llu %llu %llu\n", (unsigned long long)r.return_rates.debits,
            (unsigned long long)r.return_rates.unauthorized.count,
            (unsigned long long)r.return_rates.administrative.count,
            (unsigned long long)r.return_rates.overall.count);
    for (int t = 1; t <= ACH_EVENT_TYPE_COUNT; t++)
        fprintf(f, "events %d %llu\n", t, (unsigned long long)r.events_by_type[t]);
    for (size_t i = 0; i < ach_recon_finding_count(e); i++) {
        ach_recon_finding x = finding_at(e, i);
        fprintf(f, "finding %" PRIu64 " %u %s %s %s\n", x.line, x.column, ach_recon_kind_name(x.kind), x.id,
                x.message);
    }
    size_t n = 0;
    ach_status s = ach_recon_balance_days(NULL, 0, &n, e, as_of, NULL);
    ck_assert(s == ACH_OK || s == ACH_EBUFS);
    ach_recon_day *days = calloc(n + 1, sizeof *days);
    ck_assert_int_eq(ach_recon_balance_days(days, n, &n, e, as_of, NULL), ACH_OK);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "day %d %lld %lld\n", (int)days[i].date, (long long)days[i].balance.pending,
                (long long)days[i].balance.available);
    free(days);
    fclose(f);
    return text;
}

/* ---- the sample ledger (data/samples/ledger.csv; see data/samples/README.md) -------------------
 * Fees (R-CHG-3, default schedule): 0.8 % rounded half up, capped at $5.00; $4.00 per failure,
 * $15.00 per dispute. Dates are 2025; 03-08 is a Saturday, 05-26 Memorial Day. */

typedef struct expected_finding {
    uint32_t line;
    ach_recon_kind kind;
    const char *id;
    uint32_t column;
} expected_finding;

static const expected_finding sample_findings[] = {
    {19, ACH_RECON_UNVERIFIED_ACCOUNT, "ch_early", 0},    /* ba_jane still new (R-CHG-1) */
    {21, ACH_RECON_REFUND_NOT_SUCCEEDED, "re_pending", 0}, /* ch_zoe1 pending (R-REF-1) */
    {32, ACH_RECON_ILLEGAL_TRANSITION, "ch_acme1", 0},    /* failed -> succeeded (R-CHG-8) */
    {33, ACH_RECON_REFUND_NOT_SUCCEEDED, "re_failed", 0}, /* ch_bob1 failed (R-REF-1) */
    {34, ACH_RECON_UNKNOWN_CHARGE, "ch_ghost", 0},
    {41, ACH_RECON_UNVERIFIED_ACCOUNT, "ch_dave1", 0},    /* ba_lock failed 3 times (R-ACC-4) */
    {45, ACH_RECON_NON_USD, "ch_jane_eur", 0},            /* R-CHG-2 */
    {46, ACH_RECON_UNKNOWN_ID, "ch_nobody", 0},           /* no account ba_ghost */
    {47, ACH_RECON_DUPLICATE_ID, "ba_jane", 0},
    {50, ACH_RECON_NO_MICRODEPOSITS, "ba_nomicro", 0},    /* live account, no micro-deposits */
    {53, ACH_RECON_NO_MANDATE, "ch_finn1", 0},            /* mandate_finn comes on 03-10 */
    {60, ACH_RECON_OUT_OF_WINDOW_DISPUTE, "dp_bakery", 0}, /* company: window 03-03 + 2 bd = 03-05 */
    {65, ACH_RECON_REFUND_ABOVE_AMOUNT, "re_zoe1b", 0},   /* 3000 + 2500 > 5000 */
    {66, ACH_RECON_MALFORMED, "ch_bad_amount", 53},       /* '.' of 12.50 */
    {67, ACH_RECON_MALFORMED, "ch_bad_type", 22},         /* chargeback */
    {68, ACH_RECON_MALFORMED, "ch_bad_time", 12},         /* hour 25 */
    {69, ACH_RECON_MALFORMED, "ch_bad_fields", 64},       /* 11 fields */
    {71, ACH_RECON_OUT_OF_ORDER, "ch_jane3", 0},          /* 09:45 after 09:50 */
    {74, ACH_RECON_NO_MANDATE, "ch_carl2", 0},            /* mandate_carl revoked at line 73 */
    {81, ACH_RECON_DOUBLE_CREDIT, "dp_zoe2", 0},          /* ch_zoe2 refunded in full (R-DSP-3) */
    {82, ACH_RECON_LATE_RETURN, "ch_jane2", 0},           /* R01 6 days after 03-11 (R-RET-1) */
    {105, ACH_RECON_OUT_OF_WINDOW_DISPUTE, "dp_zoe_late", 0}, /* 03-04 + 60 = 05-03 < 05-20 */
    {110, ACH_RECON_REFUND_AFTER_WINDOW, "re_jane1", 0},  /* 03-05 + 90 = 06-03 < 06-10 */
    {111, ACH_RECON_INVALID_ACCOUNT, "ba_typo", 0},       /* routing checksum (R-ACC-2) */
    {112, ACH_RECON_VERIFICATION_LOCKED, "ba_lock", 0},   /* after 3 wrong pairs (R-ACC-4) */
    {113, ACH_RECON_INVALID_VALUE, "ch_zero", 0},         /* amount 0 (R-CHG-2) */
    /* issue 18 (lines 114-131) */
    {119, ACH_RECON_INVALID_CURRENCY, "ch_gail1", 0},     /* test number 000444444440 */
    {123, ACH_RECON_TEST_OUTCOME_MISMATCH, "ch_acme2", 0}, /* NSF test number succeeded */
    {126, ACH_RECON_EARLY_VERIFICATION, "ba_hugo", 0},    /* amounts the day they were sent */
    {130, ACH_RECON_OUT_OF_WINDOW_DISPUTE, "ch_jane4", 0}, /* R10 after success: a dispute */
    {131, ACH_RECON_LATE_OUTCOME, "ch_finn7", 0},         /* resolve-by 06-06, success 06-10 */
    {132, ACH_RECON_MALFORMED, "", 75},                   /* unterminated quote, last line */
};

START_TEST(test_sample_counts)
{
    ach_recon *e = run_file("data/samples/ledger.csv", NULL);
    ach_recon_report r = report(e, ACH_DATE_NONE);
    /* 131 data lines: 5 malformed, 18 refused by the rules (README), 108 applied */
    ck_assert_uint_eq(r.records, 131);
    ck_assert_uint_eq(r.applied, 108);
    ck_assert_uint_eq(r.rejected, 23);
    ck_assert_uint_eq(r.malformed, 5);
    /* lines 60, 71, 81, 82, 105, 123, 126, 130, 131: one flag each */
    ck_assert_uint_eq(r.flagged, 9);
    ck_assert(r.lines_conserved);
    ck_assert_uint_eq(r.reader_records, 131);
    /* records by type (applied): accounts 15 (13: line 47 is a duplicate, 111 fails its
     * routing checksum); micro-deposits 6 (line 129 says one failed); verifications 14 (12:
     * lines 50 and 112 refused; the wrong pairs of 36-38 are applied attempts); mandates 10
     * (all); charges 37 well formed + line 66 (38; 29 applied); outcomes 32 (30: lines 32 and
     * 34); refunds 7 (3: 64, 78, 79); refund failures 1; disputes 4; 4 malformed lines whose
     * type the reader could not tell (67 chargeback, 68, 69, 132) */
    static const uint64_t records[ACH_LEDGER_TYPE_COUNT] = {4, 15, 6, 14, 10, 38, 32, 7, 1, 4};
    static const uint64_t applied[ACH_LEDGER_TYPE_COUNT] = {0, 13, 6, 12, 10, 29, 30, 3, 1, 4};
    for (int t = 0; t < ACH_LEDGER_TYPE_COUNT; t++) {
        ck_assert_uint_eq(r.records_by_type[t], records[t]);
        ck_assert_uint_eq(r.applied_by_type[t], applied[t]);
    }
    /* findings: exactly the README's, in line order */
    size_t n = sizeof sample_findings / sizeof *sample_findings;
    /* and two of the report's date (R-CHG-9, R-ACC-4b): ch_zoe7 pending since 06-02 is 4 days
     * overdue, ba_kai's micro-deposits of 05-27 are 10 business days old and unverified */
    ck_assert_uint_eq(r.findings, n + 2);
    ck_assert_uint_eq(r.charges_overdue, 1);
    ck_assert_uint_eq(r.accounts_unverified, 1);
    ck_assert_uint_eq(ach_recon_finding_count(e), n);
    for (size_t i = 0; i < n; i++) {
        ach_recon_finding f = finding_at(e, i);
        const expected_finding *x = &sample_findings[i];
        ck_assert_msg(f.line == x->line && f.kind == x->kind,
                      "finding %zu: line %" PRIu64 " kind %s, expected line %u kind %s", i, f.line,
                      ach_recon_kind_name(f.kind), x->line, ach_recon_kind_name(x->kind));
        ck_assert_str_eq(f.id, x->id);
        ck_assert_uint_eq(f.column, x->column);
        ck_assert_int_eq(f.severity, ach_recon_kind_severity(x->kind));
        ck_assert(f.message[0] != '\0');
    }
    ck_assert_uint_eq(r.findings_by_kind[ACH_RECON_MALFORMED], 5);
    ck_assert_uint_eq(r.findings_by_kind[ACH_RECON_UNVERIFIED_ACCOUNT], 2);
    ck_assert_uint_eq(r.findings_by_kind[ACH_RECON_NO_MANDATE], 2);
    ck_assert_uint_eq(r.findings_by_kind[ACH_RECON_REFUND_NOT_SUCCEEDED], 2);
    ck_assert_uint_eq(r.findings_by_kind[ACH_RECON_OUT_OF_WINDOW_DISPUTE], 3);
    /* each of these once, at the end of the ledger (lines 111-113) */
    ck_assert_uint_eq(r.findings_by_kind[ACH_RECON_VERIFICATION_LOCKED], 1);
    ck_assert_uint_eq(r.findings_by_kind[ACH_RECON_INVALID_ACCOUNT], 1);
    ck_assert_uint_eq(r.findings_by_kind[ACH_RECON_INVALID_VALUE], 1);
    /* events (SPEC §7): 29 charge.pending; 24 charge.succeeded (30 outcomes applied, less 4
     * failures and the late R01 and R10); 4 charge.failed (ch_acme1, ch_bob1, ch_carl1,
     * ch_jane5); 6 charge.dispute.created (4 disputes + the late failure of ch_jane2, R-CHG-7,
     * and the R10 of ch_jane4, a dispute by the bank); 1 charge.refunded (ch_zoe2 in full); 1
     * refund.failed; 11 customer.source.updated (9 verified: zoe, acme, closed, unauth, bakery,
     * jane, finn, gail, hugo; ba_lock and ba_ivy verification_failed) */
    ck_assert_uint_eq(r.events_by_type[ACH_EVENT_CHARGE_PENDING], 29);
    ck_assert_uint_eq(r.events_by_type[ACH_EVENT_CHARGE_SUCCEEDED], 24);
    ck_assert_uint_eq(r.events_by_type[ACH_EVENT_CHARGE_FAILED], 4);
    ck_assert_uint_eq(r.events_by_type[ACH_EVENT_CHARGE_DISPUTE_CREATED], 6);
    ck_assert_uint_eq(r.events_by_type[ACH_EVENT_CHARGE_REFUNDED], 1);
    ck_assert_uint_eq(r.events_by_type[ACH_EVENT_REFUND_FAILED], 1);
    ck_assert_uint_eq(r.events_by_type[ACH_EVENT_CUSTOMER_SOURCE_UPDATED], 11);
    ach_recon_free(e);
}
END_TEST

START_TEST(test_sample_report_last_date)
{
    ach_recon *e = run_file("data/samples/ledger.csv", NULL);
    /* default date: the last date of an applied line (line 131, 2025-06-10); refused lines never
     * move it (issue 17) */
    ach_recon_report r = report(e, ACH_DATE_NONE);
    ck_assert_int_eq(r.as_of, D(2025, 6, 10));
    ck_assert_int_eq(r.first_date, D(2025, 3, 3));
    ck_assert_int_eq(r.last_date, D(2025, 6, 10));
    /* the figures below are as of 06-10 */
    r = report(e, D(2025, 6, 10));
    /* 29 charges: failed ch_acme1 (R01), ch_bob1 (R02), ch_carl1 (R10), ch_jane5 (R09);
     * disputed ch_bakery1, ch_zoe2, ch_zoe_sat, ch_zoe_late, ch_jane2 (late R01, R-CHG-7) and
     * ch_jane4 (R10 after success: a dispute, R-CHG-7); ch_zoe7 pending (overdue); the other
     * 18 succeeded. Refunded: ch_zoe1, ch_zoe2, ch_bakery2. */
    ck_assert_uint_eq(r.charges, 29);
    ck_assert_uint_eq(r.charges_by_status[ACH_CHARGE_PENDING], 1);
    ck_assert_uint_eq(r.charges_by_status[ACH_CHARGE_SUCCEEDED], 18);
    ck_assert_uint_eq(r.charges_by_status[ACH_CHARGE_FAILED], 4);
    ck_assert_uint_eq(r.charges_by_status[ACH_CHARGE_DISPUTED], 6);
    ck_assert_uint_eq(r.charges_refunded, 3);
    /* gross: 5000 + 120000 + 3000 + 4500 + 80000 + 1500 (03-03) + 5000 (03-05) + 7500 + 10000
     * + 25000 (03-07) + 2000 (03-08) + 3000 + 4000 (03-10) + 2000 (03-11) + 3 x (5000 + 5000 +
     * 2000) + 30000 + 30000 + 12000 (04-07, 05-05, 05-19) = 380500, + 20000 + 4000 + 2500
     * (06-02) = 407000 */
    ck_assert_int_eq(r.gross, 407000);
    /* fees: processing fees 2444 (40 500 24 36 500 12 40 60 80 200 16 24 32 16 40 40 240 16 40
     * 40 240 16 40 40 96 16), less those of the 4 failed charges (500 24 36 40), + 5 failure
     * fees of 400 (4 failures, 1 late failure) + 4 dispute fees of 1500 = 1844 + 2000 + 6000;
     * then 160 + 32 + 20 of the charges of 06-02 and the dispute fee of ch_jane4's R10 (R-CHG-7:
     * not the failure fee) */
    ck_assert_int_eq(r.fees, 9844 + 212 + 1500);
    ck_assert_int_eq(r.reversed, 132500);    /* 120000 + 3000 + 4500 + 5000 */
    ck_assert_int_eq(r.disputed, 106000);    /* 80000 + 7500 + 10000 + 2000 + 1500 + 5000 */
    ck_assert_int_eq(r.refunded, 20500);     /* 3000 + 7500 + 10000 */
    ck_assert_int_eq(r.refund_failed, 10000); /* re_bakery2 (R-REF-2) */
    /* Connect (R-CON-1): transfers of ch_bakery1, 4, 5 (80000 + 30000 + 30000), the first
     * reversed by its dispute */
    ck_assert_int_eq(r.transferred, 60000);
    ck_assert_int_eq(r.application_fees, 0);
    /* net = 407000 - 11556 - 132500 - 106000 - 20500 + 10000 - 60000 */
    ck_assert_int_eq(r.net, 86444);
    /* R-BAL-1: every entry of May available by 05-29 (ch_zoe6 .. ch_finn6: 05-19 + 7 business
     * days, Memorial Day skipped); those of 06-02 (3968 + 19840 + 2480) wait for 06-11 */
    ck_assert_int_eq(r.balance.pending, 26288);
    ck_assert_int_eq(r.balance.available, 86444 - 26288);
    ck_assert_int_eq(r.transactions_net, 86444);
    ck_assert(r.balance_conserved);
    ck_assert_int_eq(r.connected.pending, 0);
    ck_assert_int_eq(r.connected.available, 60000);
    /* R-RET-2 over 04-12 .. 06-10: the 8 debits of 05-05 and 05-19 and 3 of 06-02, two
     * returns (R09; R10, a return although it is handled as a dispute, R-CHG-7) */
    ck_assert_int_eq(r.rates_from, D(2025, 4, 12));
    ck_assert_uint_eq(r.return_rates.debits, 11);
    ck_assert_uint_eq(r.return_rates.overall.count, 2);
    ck_assert_uint_eq(r.return_rates.unauthorized.count, 1);
    ck_assert_uint_eq(r.return_rates.administrative.count, 0);
    ck_assert(r.return_rates.overall.breach); /* 18.2 % > 15 % */
    ck_assert(r.return_rates.unauthorized.breach && !r.return_rates.administrative.breach);
    ck_assert_uint_eq(r.retries, 2);
    ach_recon_free(e);
}
END_TEST

START_TEST(test_sample_balance_by_date)
{
    ach_recon *e = run_file("data/samples/ledger.csv", NULL);
    size_t n = 0;
    const ach_date june10 = D(2025, 6, 10);
    ck_assert_int_eq(ach_recon_balance_days(NULL, 0, &n, e, june10, NULL), ACH_EBUFS);
    /* dates with balance transactions: creations 03-03 03-05 03-07 03-08 03-10 03-11 04-07 05-05
     * 05-19 06-02; failures 03-04 05-06; refunds 03-10 03-12; disputes 03-10 03-14 03-25 05-20
     * 06-09; late failure and refund failure 03-17; releases 03-12 03-13 03-14 03-18 03-19
     * 03-20 04-16 05-14 05-29: 25 distinct dates */
    ck_assert_uint_eq(n, 25);
    ach_recon_day days[25];
    ck_assert_int_eq(ach_recon_balance_days(days, 25, &n, e, june10, NULL), ACH_OK);
    /* 03-03: nets pending: 4960 + 119500 + 2976 + 4464 + (79500 - 80000 transfer) + 1488 */
    ck_assert_int_eq(days[0].date, D(2025, 3, 3));
    ck_assert_int_eq(days[0].balance.pending, 132888);
    ck_assert_int_eq(days[0].balance.available, 0);
    ck_assert_int_eq(days[0].connected.pending, 80000);
    /* 03-04: R01, R02, R10 reverse 119500 + 2976 + 4464; three failure fees */
    ck_assert_int_eq(days[1].date, D(2025, 3, 4));
    ck_assert_int_eq(days[1].balance.pending, 5948);
    ck_assert_int_eq(days[1].balance.available, -1200);
    /* 03-05: ch_jane1 +4960 */
    ck_assert_int_eq(days[2].balance.pending, 10908);
    /* 03-10 (index 5): refund 3000; dispute of ch_bakery1 -80000, fee -1500, transfer back
     * +80000 */
    ck_assert_int_eq(days[5].date, D(2025, 3, 10));
    ck_assert_int_eq(days[5].balance.available, -5700);
    /* 03-12: releases of ch_zoe1 (+4960) and ch_bakery1 (-500: its fee, R-CON-1); refunds of
     * ch_zoe2 (7500) and ch_bakery2 (10000) */
    ck_assert_int_eq(days[7].date, D(2025, 3, 12));
    ck_assert_int_eq(days[7].balance.available, -18740);
    ck_assert_int_eq(days[22].date, D(2025, 5, 29));
    ck_assert_int_eq(days[22].balance.pending, 0);
    ck_assert_int_eq(days[22].balance.available, 66656);
    /* a short buffer gets the first entries and ACH_EBUFS */
    ach_recon_day two[2];
    ck_assert_int_eq(ach_recon_balance_days(two, 2, &n, e, june10, NULL), ACH_EBUFS);
    ck_assert_uint_eq(n, 25);
    ck_assert_int_eq(two[1].balance.pending, 5948);
    ach_recon_free(e);
}
END_TEST

START_TEST(test_sample_report_march)
{
    ach_recon *e = run_file("data/samples/ledger.csv", NULL);
    ach_recon_report r = report(e, D(2025, 3, 31));
    /* 14 charges by 03-31: failed ch_acme1, ch_bob1, ch_carl1; disputed ch_bakery1 (03-10),
     * ch_zoe2 (03-14), ch_jane2 (03-17), ch_zoe_sat (03-25); ch_zoe_late is still succeeded (its
     * dispute comes on 05-20); 7 succeeded */
    ck_assert_uint_eq(r.charges, 14);
    ck_assert_uint_eq(r.charges_by_status[ACH_CHARGE_PENDING], 0);
    ck_assert_uint_eq(r.charges_by_status[ACH_CHARGE_SUCCEEDED], 7);
    ck_assert_uint_eq(r.charges_by_status[ACH_CHARGE_FAILED], 3);
    ck_assert_uint_eq(r.charges_by_status[ACH_CHARGE_DISPUTED], 4);
    ck_assert_int_eq(r.gross, 272500);
    /* fees: 1580 of processing less 560 for the failed, 4 x 400, 3 x 1500 */
    ck_assert_int_eq(r.fees, 7120);
    /* net = 272500 - 7120 - 127500 - 99500 - 20500 + 10000 */
    ck_assert_int_eq(r.net, 27880);
    ck_assert_int_eq(r.balance.pending, 0);
    ck_assert_int_eq(r.balance.available, 27880);
    ck_assert(r.balance_conserved);
    /* R-RET-2 over 01-31 .. 03-31: 14 debits; R10 unauthorised (1/14 > 0.5 %), R02
     * administrative (1/14 > 3 %), R01 R02 R10 and the late R01 (4/14 > 15 %) */
    ck_assert_uint_eq(r.return_rates.debits, 14);
    ck_assert_uint_eq(r.return_rates.unauthorized.count, 1);
    ck_assert_uint_eq(r.return_rates.administrative.count, 1);
    ck_assert_uint_eq(r.return_rates.overall.count, 4);
    ck_assert(r.return_rates.unauthorized.breach);
    ck_assert(r.return_rates.administrative.breach);
    ck_assert(r.return_rates.overall.breach);
    ck_assert_uint_eq(r.retries, 1); /* ch_jane5's R09 comes on 05-06 */
    /* the input counts are those of the whole pass */
    ck_assert_uint_eq(r.records, 131);

    /* as of 03-04: 6 charges created 03-03, 3 failed that day, 3 pending */
    r = report(e, D(2025, 3, 4));
    ck_assert_uint_eq(r.charges, 6);
    ck_assert_uint_eq(r.charges_by_status[ACH_CHARGE_PENDING], 3);
    ck_assert_uint_eq(r.charges_by_status[ACH_CHARGE_FAILED], 3);
    ck_assert_int_eq(r.balance.pending, 5948);
    ck_assert_int_eq(r.balance.available, -1200);
    ck_assert(r.balance_conserved);
    ach_recon_free(e);
}
END_TEST

START_TEST(test_sample_retries)
{
    ach_recon *e = run_file("data/samples/ledger.csv", NULL);
    ach_recon_retry t[4];
    size_t n = 0;
    ck_assert_int_eq(ach_recon_retries(t, 4, &n, e, ACH_DATE_NONE, NULL), ACH_OK);
    /* R-RET-3: R01 (line 29) and R09 (line 97) failed their debits; the late R01 of ch_jane2
     * is a dispute (R-CHG-7) and gets none */
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(t[0].charge, "ch_acme1");
    ck_assert_str_eq(t[0].code, "R01");
    ck_assert_int_eq(t[0].returned, D(2025, 3, 4));
    ck_assert_int_eq(t[0].settlement, D(2025, 3, 3));
    ck_assert_int_eq(t[0].advice.verdict, ACH_RETRY_ALLOWED);
    ck_assert_int_eq(t[0].advice.remaining, 2);
    /* 03-03 + 180 days = Saturday 08-30: the last business day before is Friday 08-29 */
    ck_assert_int_eq(t[0].advice.until, D(2025, 8, 29));
    ck_assert_str_eq(t[1].charge, "ch_jane5");
    ck_assert_str_eq(t[1].code, "R09");
    /* 05-05 + 180 = Saturday 11-01 -> Friday 10-31 */
    ck_assert_int_eq(t[1].advice.until, D(2025, 10, 31));
    /* asked in 2026, the window has passed */
    ck_assert_int_eq(ach_recon_retries(t, 4, &n, e, D(2026, 1, 5), NULL), ACH_OK);
    ck_assert_int_eq(t[0].advice.verdict, ACH_RETRY_WINDOW_PASSED);
    ck_assert_int_eq(ach_recon_retries(t, 1, &n, e, ACH_DATE_NONE, NULL), ACH_EBUFS);
    ck_assert_uint_eq(n, 2);
    ach_recon_free(e);
}
END_TEST

START_TEST(test_sample_charges)
{
    ach_recon *e = run_file("data/samples/ledger.csv", NULL);
    ach_charge c;
    /* ch_zoe1: $50.00, fee 40, refunded 3000 (re_zoe1b refused), succeeded */
    ck_assert_int_eq(ach_recon_charge_get(&c, e, "ch_zoe1", 7, NULL), ACH_OK);
    ck_assert_int_eq(c.amount, 5000);
    ck_assert_int_eq(c.fee, 40);
    ck_assert_int_eq(c.refunded, 3000);
    ck_assert_int_eq(c.status, ACH_CHARGE_SUCCEEDED);
    /* ch_zoe_late: created after the cutoff on Monday, processed Tuesday (R-CAL-4) */
    ck_assert_int_eq(ach_recon_charge_get(&c, e, "ch_zoe_late", 11, NULL), ACH_OK);
    ck_assert_int_eq(c.processing, D(2025, 3, 4));
    ck_assert_int_eq(c.status, ACH_CHARGE_DISPUTED);
    /* ch_zoe_sat: Saturday -> Monday 03-10 */
    ck_assert_int_eq(ach_recon_charge_get(&c, e, "ch_zoe_sat", 10, NULL), ACH_OK);
    ck_assert_int_eq(c.processing, D(2025, 3, 10));
    /* ch_acme1: capped fee; failed with R01 */
    ck_assert_int_eq(ach_recon_charge_get(&c, e, "ch_acme1", 8, NULL), ACH_OK);
    ck_assert_int_eq(c.fee, 500);
    ck_assert_int_eq(c.status, ACH_CHARGE_FAILED);
    ck_assert_int_eq(c.return_code, 1);
    ck_assert_int_eq(c.holder_type, ACH_HOLDER_COMPANY);
    ck_assert_int_eq(c.connect, ACH_CONNECT_NONE);
    ck_assert_int_eq(ach_recon_charge_get(&c, e, "ch_bakery1", 10, NULL), ACH_OK);
    ck_assert_int_eq(c.connect, ACH_CONNECT_DESTINATION);
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_recon_charge_get(&c, e, "ch_early", 8, &err), ACH_EUNKNOWN_ID);
    ck_assert_int_eq(ach_recon_charge_get(&c, e, "ch_dave1", 8, NULL), ACH_EUNKNOWN_ID);
    ach_recon_free(e);
}
END_TEST

/* R-SEC-1: no account number of the sample in any finding or event. */
typedef struct sink {
    char *text;
    size_t len;
    FILE *f;
    uint64_t events;
    uint64_t last_line;
    bool lines_ok;
    ach_recon **engine;
} sink;

static void sink_event(void *ctx, const ach_event *ev)
{
    sink *s = ctx;
    s->events++;
    uint64_t line = ach_recon_line(*s->engine);
    if (ev->line != line || ev->from_return) s->lines_ok = false; /* the event carries it */
    if (line == 0 || line < s->last_line) s->lines_ok = false;
    s->last_line = line;
    fprintf(s->f, "%s %s %s %s %s %s %s %s\n", ach_event_type_name(ev->type), ev->id, ev->charge,
            ev->customer, ev->status, ev->failure_code, ev->failure_message, ev->reason);
}

static void sink_finding(void *ctx, const ach_recon_finding *f)
{
    sink *s = ctx;
    fprintf(s->f, "%" PRIu64 " %s %s\n", f->line, f->id, f->message);
}

START_TEST(test_sample_no_account_numbers)
{
    sink s = {NULL, 0, NULL, 0, 0, true, NULL};
    s.f = open_memstream(&s.text, &s.len);
    ach_recon *e = NULL;
    s.engine = &e;
    ach_recon_options o = ACH_RECON_OPTIONS_INIT;
    o.on_event = sink_event;
    o.event_ctx = &s;
    o.on_finding = sink_finding;
    o.finding_ctx = &s;
    ach_ledger_reader *r = NULL;
    char path[1024];
    ck_assert_int_eq(ach_ledger_reader_open_file(
                         &r, ach_test_srcpath(path, sizeof path, "data/samples/ledger.csv"), NULL),
                     ACH_OK);
    ck_assert_int_eq(ach_recon_new(&e, cal, &o, NULL), ACH_OK);
    ck_assert_int_eq(ach_recon_read(e, r, NULL), ACH_OK);
    fclose(s.f);
    /* every event was delivered during a record, in line order */
    ck_assert(s.lines_ok);
    ck_assert_uint_eq(s.events, 29 + 24 + 4 + 6 + 1 + 1 + 11);
    static const char *const numbers[] = {"9876543210",   "000123456789", "000222222227",
                                          "000111111113", "000333333335", "0001234567",
                                          "445566778899", "5556667777",   "1234567890",
                                          "4445556667"};
    for (size_t i = 0; i < sizeof numbers / sizeof *numbers; i++)
        ck_assert_msg(strstr(s.text, numbers[i]) == NULL, "account number %s printed",
                      numbers[i]);
    ck_assert_ptr_nonnull(strstr(s.text, "charge.pending ch_zoe1 ch_zoe1"));
    ck_assert_ptr_nonnull(strstr(s.text, "customer.source.updated ba_lock  cus_dave "
                                         "verification_failed"));
    free(s.text);
    ach_recon_free(e);
    ach_ledger_reader_free(r);
}
END_TEST

/* A line with a field too many, or too few, has its fields under the wrong columns: under a
 * header with account_number before id, the account number of such a line lands in `id`. Its
 * finding then names no id, and nothing of it shows the number (R-SEC-1). A line split right,
 * and a misaligned one whose id has a letter (the sample's ch_bad_fields), still name it. */
START_TEST(test_misaligned_line_shows_no_account_number)
{
    static const char ledger[] =
        "time,type,account_number,id,ref,amount,currency,routing,holder_name,holder_type,code,"
        "detail\n"
        /* one field too many, before account_number: 000987654321 falls under id */
        "2025-03-03T09:00:00Z,account,x,000987654321,ba_1,cus_1,,usd,110000000,Ann Lee,"
        "individual,,\n"
        /* one too few: ba_2 falls under account_number, 000555666777 under id */
        "2025-03-03T09:01:00Z,account,ba_2,000555666777,cus_2,,usd,110000000,Bo Li,individual,\n"
        /* split right, with a bad holder type: named by its id */
        "2025-03-03T09:02:00Z,account,000444333222,ba_3,cus_3,,usd,110000000,Cy Wu,nobody,,\n"
        /* one too many at the end: its id is in place */
        "2025-03-03T09:03:00Z,account,000222111000,ba_4,cus_4,,usd,110000000,Di Xu,individual,,"
        ",\n";
    ach_recon *e = run_text(ledger, sizeof ledger - 1, "m.csv");
    ach_recon_report rep = report(e, ACH_DATE_NONE);
    ck_assert_uint_eq(rep.rejected, 4);
    ck_assert_uint_eq(rep.findings_by_kind[ACH_RECON_MALFORMED], 4);
    static const char *const numbers[] = {"000987654321", "000555666777", "000444333222",
                                          "000222111000"};
    static const char *const ids[] = {"", "", "ba_3", "ba_4"};
    static const ach_ledger_fault faults[] = {
        ACH_LEDGER_FAULT_FIELD_COUNT, ACH_LEDGER_FAULT_FIELD_COUNT, ACH_LEDGER_FAULT_FIELD,
        ACH_LEDGER_FAULT_FIELD_COUNT};
    for (size_t i = 0; i < 4; i++) {
        ach_recon_finding f = finding_at(e, i);
        ck_assert_uint_eq(f.line, i + 2);
        ck_assert_int_eq(f.fault, faults[i]);
        ck_assert_str_eq(f.id, ids[i]);
        for (size_t k = 0; k < 4; k++) {
            ck_assert_msg(strstr(f.id, numbers[k]) == NULL, "line %" PRIu64 ": id %s", f.line, f.id);
            ck_assert_msg(strstr(f.message, numbers[k]) == NULL, "line %" PRIu64 ": %s", f.line,
                          f.message);
        }
    }
    ach_recon_free(e);
}
END_TEST

/* ---- one fixture per finding kind ----------------------------------------------------------- */

typedef struct kind_case {
    const char *file; /* tests/data/recon/<file>.csv */
    ach_recon_kind kind;
    uint32_t line;    /* of the single finding */
    const char *id;
    uint64_t applied, rejected;
    const char *says; /* a part of its message */
} kind_case;

/* Every fixture opens (unless said) with ba_1, a test-mode account verified with 32 45
 * (R-ACC-6), and its mandate md_1 (lines 2-4). */
static const kind_case kind_cases[] = {
    /* line 5: amount 12x, the 'x' at column 41 */
    {"malformed", ACH_RECON_MALFORMED, 5, "ch_1", 3, 1, "bad_amount"},
    {"unknown_id", ACH_RECON_UNKNOWN_ID, 5, "ch_1", 3, 1, "ba_none"},
    {"duplicate_id", ACH_RECON_DUPLICATE_ID, 5, "ba_1", 3, 1, "already exists"},
    /* a live account with a mandate but never verified (R-CHG-1) */
    {"unverified_account", ACH_RECON_UNVERIFIED_ACCOUNT, 4, "ch_1", 2, 1, "must be verified"},
    {"no_mandate", ACH_RECON_NO_MANDATE, 4, "ch_1", 2, 1, "R-MAN-1"},
    {"non_usd", ACH_RECON_NON_USD, 5, "ch_1", 3, 1, "eur"},
    {"unknown_charge", ACH_RECON_UNKNOWN_CHARGE, 5, "ch_none", 3, 1, "ch_none"},
    /* R01 fails the charge; a later success is failed -> succeeded (R-CHG-8) */
    {"illegal_transition", ACH_RECON_ILLEGAL_TRANSITION, 7, "ch_1", 5, 1, "failed to succeeded"},
    /* charge of 03-03: refundable through 06-01; refund on 06-02 (R-REF-1) */
    {"refund_after_window", ACH_RECON_REFUND_AFTER_WINDOW, 7, "re_1", 5, 1, "2025-06-01"},
    {"refund_above_amount", ACH_RECON_REFUND_ABOVE_AMOUNT, 7, "re_1", 5, 1, "1001"},
    {"refund_not_succeeded", ACH_RECON_REFUND_NOT_SUCCEEDED, 6, "re_1", 4, 1, "pending"},
    /* a live account (routing 021000021) has no micro-deposits record */
    {"no_microdeposits", ACH_RECON_NO_MICRODEPOSITS, 3, "ba_2", 1, 1, "no micro-deposits"},
    /* three wrong pairs (applied attempts, R-ACC-4) lock it; the right pair comes too late */
    {"verification_locked", ACH_RECON_VERIFICATION_LOCKED, 7, "ba_2", 5, 1, "3 times"},
    /* routing 021000022 fails the ABA checksum (R-ACC-2) */
    {"invalid_account", ACH_RECON_INVALID_ACCOUNT, 2, "ba_2", 0, 1, "routing"},
    /* amount 0 (R-CHG-2) */
    {"invalid_value", ACH_RECON_INVALID_VALUE, 5, "ch_1", 3, 1, "amount"},
    /* 2250 is past the calendar (1970-2199) */
    {"out_of_range", ACH_RECON_OUT_OF_RANGE, 5, "ch_1", 3, 1, ""},
    /* individual: processed 03-03, window through 05-02; disputed 05-05 (R-DSP-1) */
    {"out_of_window_dispute", ACH_RECON_OUT_OF_WINDOW_DISPUTE, 7, "dp_1", 6, 0, "2025-05-02"},
    /* refund of 400, then a dispute of the whole charge: 400 may be credited twice (R-DSP-3) */
    {"double_credit", ACH_RECON_DOUBLE_CREDIT, 8, "dp_1", 7, 0, "400 cents at risk"},
    /* R01 settled 03-03: due by 03-05 (2 banking days); returned 03-10, 5 days late (R-RET-1) */
    {"late_return", ACH_RECON_LATE_RETURN, 7, "ch_1", 6, 0, "5 days after its deadline 2025-03-05"},
    {"out_of_order", ACH_RECON_OUT_OF_ORDER, 6, "ch_2", 5, 0, "line 5"},
    /* R48 is not assigned by Nacha: applied as could_not_process (R-CHG-6), flagged */
    {"unknown_return_code", ACH_RECON_UNKNOWN_RETURN_CODE, 6, "ch_1", 5, 0, "could_not_process"},
    /* a USD charge on the test number 000444444440 fails as invalid_currency, not non_usd
     * (R-ACC-6, R-CHG-6) */
    {"invalid_currency", ACH_RECON_INVALID_CURRENCY, 8, "ch_1", 6, 1, "invalid_currency"},
    /* created 03-03 at 22:00 (processed 03-04), resolve-by 03-10; succeeded 03-20 (R-CHG-9) */
    {"late_outcome", ACH_RECON_LATE_OUTCOME, 6, "ch_1", 5, 0,
     "10 days after its resolve-by date 2025-03-10"},
    /* 000222222227 is scripted to fail R01 (R-ACC-6): a success contradicts it (R-CHG-9) */
    {"test_outcome_mismatch", ACH_RECON_TEST_OUTCOME_MISMATCH, 9, "ch_1", 8, 0,
     "scripted outcome R01: insufficient_funds"},
    /* ch_1 of 03-03 22:00, resolve-by 03-10, still pending on 03-11 (the report's date): not a
     * finding of a line, but of the report (R-CHG-9); line 5 is the charge */
    {"overdue_charge", ACH_RECON_OVERDUE_CHARGE, 5, "ch_1", 5, 0, "1 day"},
    /* micro-deposits sent 03-04 08:00 post from 03-05; amounts entered 03-04 (R-ACC-4b) */
    {"early_verification", ACH_RECON_EARLY_VERIFICATION, 7, "ba_2", 6, 0,
     "before its micro-deposits (sent 2025-03-04, descriptor ACCTVERIFY)"},
    /* micro-deposits sent Tuesday 03-04, no verification by 03-18, 10 business days later
     * (R-ACC-4b): a finding of the report, like overdue_charge */
    {"unverified_microdeposits", ACH_RECON_UNVERIFIED_MICRODEPOSITS, 6, "ba_2", 6, 0, ""},
};

START_TEST(test_kind_fixture)
{
    const kind_case *k = &kind_cases[_i];
    char rel[256];
    snprintf(rel, sizeof rel, "tests/data/recon/%s.csv", k->file);
    ach_recon *e = run_file(rel, NULL);
    ach_recon_report r = report(e, ACH_DATE_NONE);
    ck_assert_msg(r.findings == 1, "%s: %llu findings", k->file, (unsigned long long)r.findings);
    ck_assert_uint_eq(r.findings_by_kind[k->kind], 1);
    ck_assert_uint_eq(r.applied, k->applied);
    ck_assert_uint_eq(r.rejected, k->rejected);
    if (k->kind == ACH_RECON_OVERDUE_CHARGE) { /* as of the report's date, not of a line */
        ck_assert_uint_eq(r.flagged, 0);
        ck_assert_uint_eq(ach_recon_finding_count(e), 0);
        ck_assert_uint_eq(r.charges_overdue, 1);
        ach_recon_pending o;
        size_t n = 0;
        ck_assert_int_eq(ach_recon_overdue_charges(&o, 1, &n, e, ACH_DATE_NONE, NULL), ACH_OK);
        ck_assert_uint_eq(n, 1);
        ck_assert_str_eq(o.charge, k->id);
        ck_assert_int_eq(o.resolve_by, D(2025, 3, 10));
        ck_assert_int_eq(o.days_overdue, 1);
        ck_assert_int_eq(o.processing, D(2025, 3, 4));
        ck_assert_uint_eq(report(e, D(2025, 3, 10)).charges_overdue, 0);
        ach_recon_free(e);
        return;
    }
    if (k->kind == ACH_RECON_UNVERIFIED_MICRODEPOSITS) {
        ck_assert_uint_eq(r.flagged, 0);
        ck_assert_uint_eq(ach_recon_finding_count(e), 0);
        ck_assert_uint_eq(r.accounts_unverified, 1);
        ach_recon_unverified u;
        size_t n = 0;
        ck_assert_int_eq(ach_recon_unverified_accounts(&u, 1, &n, e, ACH_DATE_NONE, NULL),
                         ACH_OK);
        ck_assert_uint_eq(n, 1);
        ck_assert_str_eq(u.account, k->id);
        ck_assert_int_eq(u.sent, D(2025, 3, 4));
        ck_assert_int_eq(u.expected_by, D(2025, 3, 6));
        ck_assert_int_eq(u.business_days, 10);
        /* 9 business days on 03-17: not yet */
        ck_assert_uint_eq(report(e, D(2025, 3, 17)).accounts_unverified, 0);
        ach_recon_free(e);
        /* N is an option: 11 business days, and 03-18 is not late yet */
        ach_recon_options o = ACH_RECON_OPTIONS_INIT;
        o.verify_within_days = 11;
        e = run_file(rel, &o);
        ck_assert_uint_eq(report(e, ACH_DATE_NONE).accounts_unverified, 0);
        ck_assert_uint_eq(report(e, D(2025, 3, 19)).accounts_unverified, 1);
        ach_recon_free(e);
        return;
    }
    ck_assert_uint_eq(r.flagged, ach_recon_kind_severity(k->kind) == ACH_RECON_FLAGGED ? 1 : 0);
    ck_assert(r.lines_conserved && r.balance_conserved);
    ach_recon_finding f = finding_at(e, 0);
    ck_assert_int_eq(f.kind, k->kind);
    ck_assert_uint_eq(f.line, k->line);
    ck_assert_str_eq(f.id, k->id);
    ck_assert_str_eq(ach_recon_kind_name(f.kind), k->file);
    ck_assert_int_eq(f.origin, ACH_RECON_LEDGER);
    ck_assert_msg(strstr(f.message, k->says) != NULL, "%s: message '%s' lacks '%s'", k->file,
                  f.message, k->says);
    if (k->kind == ACH_RECON_MALFORMED) {
        ck_assert_uint_eq(f.column, 41);
        ck_assert_int_eq(f.fault, ACH_LEDGER_FAULT_AMOUNT);
        ck_assert_int_eq(f.status, ACH_ELEDGER_RECORD);
    }
    ach_recon_free(e);
}
END_TEST

/* R-MAN-1 through the account's copy of its mandate's state (lib/recon.c): a newer mandate
 * replaces the older one, revoking the older one changes nothing, revoking the current one
 * refuses later charges with a message naming it, and a charge before its acceptance is refused
 * naming it too. */
START_TEST(test_mandate_lifecycle)
{
    static const char ledger[] =
        "time,type,id,ref,amount,currency,routing,account_number,holder_name,holder_type,code,"
        "detail\n"
        "2025-03-03T09:00:00Z,account,ba_1,cus_1,,usd,110000000,000123456789,Ann Lee,individual,,\n"
        "2025-03-03T09:01:00Z,verification,,ba_1,,,,,,,,32 45\n"
        "2025-03-03T09:02:00Z,mandate,md_old,ba_1,,,,,,,accepted,\n"
        "2025-03-03T10:00:00Z,charge,ch_1,ba_1,1000,usd,,,,,,\n"         /* 5: md_old */
        "2025-03-04T09:00:00Z,mandate,md_new,ba_1,,,,,,,accepted,\n"
        "2025-03-04T09:30:00Z,mandate,md_old,ba_1,,,,,,,revoked,\n"      /* 7: not current */
        "2025-03-04T10:00:00Z,charge,ch_2,ba_1,1000,usd,,,,,,\n"         /* 8: md_new */
        "2025-03-05T09:00:00Z,mandate,md_new,ba_1,,,,,,,revoked,\n"      /* 9 */
        "2025-03-05T10:00:00Z,charge,ch_3,ba_1,1000,usd,,,,,,\n"         /* 10: refused */
        "2025-03-05T08:30:00Z,charge,ch_3b,ba_1,1000,usd,,,,,,\n" /* 11: before the revocation */
        "2025-03-06T09:00:00Z,mandate,md_late,ba_1,,,,,,,accepted,\n"
        "2025-03-06T08:00:00Z,charge,ch_4,ba_1,1000,usd,,,,,,\n"         /* 13: refused */
        "2025-03-06T10:00:00Z,charge,ch_5,ba_1,1000,usd,,,,,,\n";        /* 14: md_late */
    ach_recon *e = run_text(ledger, sizeof ledger - 1, "m.csv");
    ach_recon_report rep = report(e, ACH_DATE_NONE);
    ck_assert_uint_eq(rep.records, 13);
    ck_assert_uint_eq(rep.rejected, 2);
    ck_assert_uint_eq(rep.findings_by_kind[ACH_RECON_NO_MANDATE], 2);
    /* line 11 is applied (md_new was still in force at 08:30) and flagged out of order; a
     * refused line (13) is not also out of order */
    ck_assert_uint_eq(rep.findings_by_kind[ACH_RECON_OUT_OF_ORDER], 1);
    ck_assert_uint_eq(rep.findings, 3);
    bool revoked = false, early = false;
    for (size_t i = 0; i < ach_recon_finding_count(e); i++) {
        ach_recon_finding f = finding_at(e, i);
        if (f.kind == ACH_RECON_OUT_OF_ORDER) ck_assert_uint_eq(f.line, 11);
        if (f.kind != ACH_RECON_NO_MANDATE) continue;
        if (f.line == 10) {
            ck_assert_str_eq(f.id, "ch_3");
            ck_assert_msg(strstr(f.message, "mandate md_new was revoked at 2025-03-05T09:00:00Z"),
                          "%s", f.message);
            revoked = true;
        } else {
            ck_assert_uint_eq(f.line, 13);
            ck_assert_msg(strstr(f.message, "mandate md_late was not yet accepted: it was "
                                            "accepted at 2025-03-06T09:00:00Z"),
                          "%s", f.message);
            early = true;
        }
    }
    ck_assert(revoked && early);
    ach_charge c;
    for (int i = 0; i < 4; i++) {
        static const char *const ok[] = {"ch_1", "ch_2", "ch_5", "ch_3b"};
        ck_assert_int_eq(ach_recon_charge_get(&c, e, ok[i], strlen(ok[i]), NULL), ACH_OK);
        ck_assert_int_eq(c.status, ACH_CHARGE_PENDING);
    }
    ck_assert_int_eq(ach_recon_charge_get(&c, e, "ch_3", 4, NULL), ACH_EUNKNOWN_ID);
    ach_recon_free(e);
}
END_TEST

START_TEST(test_every_kind_has_a_case)
{
    /* every ledger kind has a fixture above; the three return kinds are in test_returns */
    for (int k = 1; k < ACH_RECON_KIND_COUNT; k++) {
        bool found = k == ACH_RECON_UNMATCHED_RETURN || k == ACH_RECON_DUPLICATE_RETURN ||
                     k == ACH_RECON_AMOUNT_MISMATCH;
        for (size_t i = 0; i < sizeof kind_cases / sizeof *kind_cases; i++)
            if (kind_cases[i].kind == (ach_recon_kind)k) found = true;
        ck_assert_msg(found, "no case for %s", ach_recon_kind_name((ach_recon_kind)k));
    }
    ck_assert_str_eq(ach_recon_kind_name(ACH_RECON_KIND_COUNT), "");
    ck_assert_str_eq(ach_recon_kind_name((ach_recon_kind)0), "");
    ck_assert_int_eq(ach_recon_kind_severity(ACH_RECON_KIND_COUNT), 0);
    ck_assert_str_eq(ach_recon_severity_name(ACH_RECON_REJECTED), "rejected");
    ck_assert_str_eq(ach_recon_severity_name(ACH_RECON_FLAGGED), "flagged");
    ck_assert_str_eq(ach_recon_severity_name((ach_recon_severity)7), "");
}
END_TEST

/* ---- NACHA return entries (issue 7's way in) ------------------------------------------------ */

static ach_recon_return ret_entry(const char *trace, const char *code, int64_t amount,
                                  ach_date day, uint64_t position)
{
    ach_recon_return r;
    memset(&r, 0, sizeof r);
    snprintf(r.trace, sizeof r.trace, "%s", trace);
    snprintf(r.code, sizeof r.code, "%s", code);
    r.amount = amount;
    r.at = (ach_instant)day * 86400 + 12 * 3600;
    r.position = position;
    return r;
}

START_TEST(test_returns)
{
    /* returns.csv: ch_1 (1000, trace ...001), ch_2 (2500, trace ...002), ch_3 (no trace), all
     * created Monday 2025-03-03 and pending */
    ach_recon *e = run_file("tests/data/recon/returns.csv", NULL);
    /* trace -> charge, before any return built the index (a NOC names its charge this way) */
    char id[ACH_ID_SIZE] = "unchanged";
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_recon_charge_by_trace(id, e, "021000020000002", 15, NULL), ACH_OK);
    ck_assert_str_eq(id, "ch_2");
    ck_assert_int_eq(ach_recon_charge_by_trace(id, e, "021000020000001", 15, NULL), ACH_OK);
    ck_assert_str_eq(id, "ch_1");
    strcpy(id, "unchanged");
    ck_assert_int_eq(ach_recon_charge_by_trace(id, e, "021000020000099", 15, &err),
                     ACH_EUNKNOWN_ID);
    ck_assert_ptr_nonnull(strstr(err.message, "021000020000099"));
    ck_assert_int_eq(ach_recon_charge_by_trace(id, e, "02100002000000", 14, NULL), ACH_EPARSE);
    ck_assert_int_eq(ach_recon_charge_by_trace(id, e, "02100002000000x", 15, NULL), ACH_EPARSE);
    ck_assert_int_eq(ach_recon_charge_by_trace(id, e, "0210000200000011", 16, NULL), ACH_EPARSE);
    ck_assert_int_eq(ach_recon_charge_by_trace(id, e, NULL, 15, NULL), ACH_EINVAL);
    ck_assert_str_eq(id, "unchanged");
    ach_recon_verdict v;
    ach_recon_return x = ret_entry("021000020000001", "R01", 1000, D(2025, 3, 4), 3);
    ck_assert_int_eq(ach_recon_apply_return(&v, e, &x, NULL), ACH_OK);
    ck_assert_int_eq(v, ACH_RECON_APPLIED);
    ach_charge c;
    ck_assert_int_eq(ach_recon_charge_get(&c, e, "ch_1", 4, NULL), ACH_OK);
    ck_assert_int_eq(c.status, ACH_CHARGE_FAILED); /* R-CHG-6 */
    ck_assert_int_eq(c.return_code, 1);
    /* the same return again: duplicate */
    x.position = 4;
    ck_assert_int_eq(ach_recon_apply_return(&v, e, &x, NULL), ACH_OK);
    ck_assert_int_eq(v, ACH_RECON_REFUSED);
    /* no charge with that trace */
    x = ret_entry("021000020000099", "R01", 1000, D(2025, 3, 4), 5);
    ck_assert_int_eq(ach_recon_apply_return(&v, e, &x, NULL), ACH_OK);
    ck_assert_int_eq(v, ACH_RECON_REFUSED);
    /* the amount of another entry */
    x = ret_entry("021000020000002", "R02", 2400, D(2025, 3, 4), 6);
    ck_assert_int_eq(ach_recon_apply_return(&v, e, &x, NULL), ACH_OK);
    ck_assert_int_eq(v, ACH_RECON_REFUSED);
    /* not a trace; not a return reason */
    x = ret_entry("02100002x", "R02", -1, D(2025, 3, 4), 7);
    ck_assert_int_eq(ach_recon_apply_return(&v, e, &x, NULL), ACH_OK);
    ck_assert_int_eq(v, ACH_RECON_REFUSED);
    x = ret_entry("021000020000002", "R99", -1, D(2025, 3, 4), 8);
    ck_assert_int_eq(ach_recon_apply_return(&v, e, &x, NULL), ACH_OK);
    ck_assert_int_eq(v, ACH_RECON_REFUSED);
    /* R10 returned 03-20, within its 60 days (R-RET-1), amount not checked (-1); but after the
     * charge's resolve-by date 03-07 (03-03 + 4 business days): a late outcome (R-CHG-9) */
    x = ret_entry("021000020000002", "R10", -1, D(2025, 3, 20), 9);
    ck_assert_int_eq(ach_recon_apply_return(&v, e, &x, NULL), ACH_OK);
    ck_assert_int_eq(v, ACH_RECON_APPLIED_FLAGGED);

    ach_recon_report r = report(e, D(2025, 3, 20));
    ck_assert_uint_eq(r.returns, 7);
    ck_assert_uint_eq(r.returns_applied, 2);
    ck_assert_uint_eq(r.returns_rejected, 5);
    ck_assert_uint_eq(r.records, 6); /* the ledger's lines are counted apart */
    ck_assert_uint_eq(r.findings_by_kind[ACH_RECON_DUPLICATE_RETURN], 1);
    ck_assert_uint_eq(r.findings_by_kind[ACH_RECON_UNMATCHED_RETURN], 1);
    ck_assert_uint_eq(r.findings_by_kind[ACH_RECON_AMOUNT_MISMATCH], 1);
    ck_assert_uint_eq(r.findings_by_kind[ACH_RECON_INVALID_VALUE], 2);
    ck_assert_uint_eq(r.findings_by_kind[ACH_RECON_LATE_OUTCOME], 1);
    /* ch_3, pending since 03-03, is 13 days past its resolve-by date 03-07 (R-CHG-9) */
    ck_assert_uint_eq(r.charges_overdue, 1);
    ck_assert_uint_eq(r.findings_by_kind[ACH_RECON_OVERDUE_CHARGE], 1);
    /* 5 refusals of the returns, the late outcome, and ch_3 overdue as of 03-20 */
    ck_assert_uint_eq(r.findings, 5 + 1 + 1);
    ach_recon_pending od[2];
    size_t nod = 0;
    ck_assert_int_eq(ach_recon_overdue_charges(od, 2, &nod, e, D(2025, 3, 20), NULL), ACH_OK);
    ck_assert_uint_eq(nod, 1);
    ck_assert_str_eq(od[0].charge, "ch_3");
    ck_assert_int_eq(od[0].resolve_by, D(2025, 3, 7));
    ck_assert_int_eq(od[0].days_overdue, 13);
    ck_assert_int_eq(od[0].available_on, D(2025, 3, 12));
    ck_assert(od[0].overdue);
    /* as of 03-07 nothing is overdue yet; ch_2 and ch_3 were pending (ch_1 failed 03-04) */
    ck_assert_int_eq(ach_recon_overdue_charges(od, 2, &nod, e, D(2025, 3, 7), NULL), ACH_OK);
    ck_assert_uint_eq(nod, 0);
    ck_assert_uint_eq(report(e, D(2025, 3, 7)).charges_overdue, 0);
    ck_assert_int_eq(ach_recon_pending_charges(od, 2, &nod, e, D(2025, 3, 7), NULL), ACH_OK);
    ck_assert_uint_eq(nod, 2);
    ck_assert_str_eq(od[0].charge, "ch_2");
    ck_assert_str_eq(od[1].charge, "ch_3");
    ck_assert(!od[1].overdue);
    ck_assert_int_eq(ach_recon_pending_charges(od, 1, &nod, e, D(2025, 3, 7), NULL), ACH_EBUFS);
    ck_assert_uint_eq(nod, 2);
    ck_assert_int_eq(ach_recon_pending_charges(NULL, 0, &nod, e, D(2025, 3, 3), NULL), ACH_EBUFS);
    ck_assert_uint_eq(nod, 3);
    ck_assert_int_eq(ach_recon_pending_charges(NULL, 0, NULL, e, D(2025, 3, 3), NULL), ACH_EINVAL);
    ck_assert_int_eq(ach_recon_overdue_charges(NULL, 0, &nod, e, D(2025, 3, 20), NULL), ACH_EBUFS);
    ck_assert_int_eq(ach_recon_overdue_charges(od, 2, &nod, NULL, D(2025, 3, 20), NULL),
                     ACH_EINVAL);
    ach_recon_unverified uv;
    ck_assert_int_eq(ach_recon_unverified_accounts(&uv, 1, &nod, e, D(2025, 3, 20), NULL), ACH_OK);
    ck_assert_uint_eq(nod, 0); /* instant verification: no micro-deposits to wait for */
    ck_assert_int_eq(ach_recon_unverified_accounts(&uv, 1, NULL, e, D(2025, 3, 20), NULL),
                     ACH_EINVAL);
    ach_recon_connected cxs;
    ck_assert_int_eq(ach_recon_connected_balances(&cxs, 1, &nod, e, D(2025, 3, 20), NULL), ACH_OK);
    ck_assert_uint_eq(nod, 0);
    ck_assert_int_eq(ach_recon_connected_balances(&cxs, 1, NULL, e, D(2025, 3, 20), NULL),
                     ACH_EINVAL);
    ck_assert_uint_eq(r.charges_by_status[ACH_CHARGE_FAILED], 2);
    ck_assert_uint_eq(r.charges_by_status[ACH_CHARGE_PENDING], 1);
    ck_assert_uint_eq(r.return_rates.unauthorized.count, 1);
    ck_assert_uint_eq(r.retries, 1); /* the R01 */
    ach_recon_finding f = finding_at(e, 0);
    ck_assert_int_eq(f.kind, ACH_RECON_DUPLICATE_RETURN);
    ck_assert_int_eq(f.origin, ACH_RECON_RETURN);
    ck_assert_uint_eq(f.line, 4);
    ck_assert_str_eq(f.id, "ch_1");
    f = finding_at(e, 1);
    ck_assert_int_eq(f.kind, ACH_RECON_UNMATCHED_RETURN);
    ck_assert_str_eq(f.id, "021000020000099");
    f = finding_at(e, 2);
    ck_assert_int_eq(f.kind, ACH_RECON_AMOUNT_MISMATCH);
    ck_assert_ptr_nonnull(strstr(f.message, "2400"));
    ck_assert(r.balance_conserved);
    ach_recon_free(e);
}
END_TEST

/* ---- R-CHG-7 exception: one unauthorised debit, one treatment ---------------------------------
 * A debit the customer did not authorise reaches the ledger as an outcome R10 (or R29 for a
 * company) after success, as a dispute line with reason debit_not_authorized, or as a NACHA
 * return entry through ach_recon_apply_return(). All three must give the same balances, fees,
 * events and flags: the dispute fee ($15, not the $4 failure fee) and the R-DSP-1 window check. */

typedef struct seen_event {
    ach_event_type type;
    char reason[32], status[16];
    int64_t amount;
    uint32_t flags;
    ach_date dispute_deadline;
} seen_event;

typedef struct seen_events {
    seen_event items[16];
    size_t n;
} seen_events;

static void keep_event(void *ctx, const ach_event *ev)
{
    seen_events *s = ctx;
    if (s->n >= 16) return;
    seen_event *x = &s->items[s->n++];
    memset(x, 0, sizeof *x);
    x->type = ev->type;
    snprintf(x->reason, sizeof x->reason, "%s", ev->reason);
    snprintf(x->status, sizeof x->status, "%s", ev->status);
    x->amount = ev->amount;
    x->flags = ev->flags;
    x->dispute_deadline = ev->dispute_deadline;
}

/* way 0: outcome line; 1: dispute line; 2: return entry. Returns the engine; *ev its events. */
static ach_recon *unauthorised_way(int way, bool company, const char *when, seen_events *ev)
{
    char ledger[2048];
    const char *code = company ? "R29" : "R10";
    int n = snprintf(ledger, sizeof ledger,
                     "time,type,id,ref,amount,currency,routing,account_number,holder_name,"
                     "holder_type,code,detail\n"
                     "2025-03-03T09:00:00Z,account,ba_1,cus_1,,usd,021000021,9876543210,Ann Lee,%s,,\n"
                     "2025-03-03T09:01:00Z,verification,,ba_1,,,,,,,,instant\n"
                     "2025-03-03T09:02:00Z,mandate,md_1,ba_1,,,,,,,accepted,\n"
                     "2025-03-03T10:00:00Z,charge,ch_1,ba_1,20000,usd,,,,,021000020000001,\n"
                     "2025-03-04T10:00:00Z,outcome,,ch_1,,,,,,,succeeded,\n",
                     company ? "company" : "individual");
    if (way == 0)
        n += snprintf(ledger + n, sizeof ledger - (size_t)n, "%sT10:00:00Z,outcome,,ch_1,,,,,,,%s,\n",
                      when, code);
    else if (way == 1)
        n += snprintf(ledger + n, sizeof ledger - (size_t)n,
                      "%sT10:00:00Z,dispute,dp_1,ch_1,,,,,,,debit_not_authorized,\n", when);
    ach_ledger_reader *r = NULL;
    ck_assert_int_eq(ach_ledger_reader_open_buffer(&r, ledger, (size_t)n, "u.csv", NULL), ACH_OK);
    ach_recon_options o = ACH_RECON_OPTIONS_INIT;
    memset(ev, 0, sizeof *ev);
    o.on_event = keep_event;
    o.event_ctx = ev;
    ach_recon *e = run_reader(r, &o);
    ach_ledger_reader_free(r);
    if (way == 2) {
        ach_date d;
        ck_assert_int_eq(ach_date_parse(&d, when, 10, NULL), ACH_OK);
        ach_recon_return x = ret_entry("021000020000001", code, 20000, d, 4);
        x.at = (ach_instant)d * 86400 + 10 * 3600;
        ach_recon_verdict v;
        ck_assert_int_eq(ach_recon_apply_return(&v, e, &x, NULL), ACH_OK);
        ck_assert_int_ne(v, ACH_RECON_REFUSED);
    }
    return e;
}

/* R-ACC-4b: a failed micro-deposit makes the account verification_failed at once; the ledger
 * says so with `code` failed or the deposit's return reason on a micro-deposits record. */
START_TEST(test_microdeposit_failure)
{
    static const char ledger[] =
        "time,type,id,ref,amount,currency,routing,account_number,holder_name,holder_type,code,"
        "detail\n"
        "2025-03-03T09:00:00Z,account,ba_1,cus_1,,usd,021000021,5556667777,Bo Park,individual,,\n"
        "2025-03-03T09:01:00Z,microdeposits,,ba_1,,,,,,,,12 87\n"
        "2025-03-05T09:00:00Z,microdeposits,,ba_1,,,,,,,R03,12 87\n"   /* 4: failed */
        "2025-03-06T09:00:00Z,verification,,ba_1,,,,,,,,12 87\n"       /* 5: locked */
        "2025-03-06T09:01:00Z,mandate,md_1,ba_1,,,,,,,accepted,\n"
        "2025-03-06T09:02:00Z,charge,ch_1,ba_1,1000,usd,,,,,,\n"        /* 7: unverified */
        "2025-03-06T10:00:00Z,account,ba_2,cus_2,,usd,021000021,5556667778,Cy Park,individual,,\n"
        "2025-03-06T10:01:00Z,microdeposits,,ba_2,,,,,,,failed,12 87\n" /* 9: failed */
        "2025-03-06T10:02:00Z,account,ba_3,cus_3,,usd,021000021,5556667779,Di Park,individual,,\n"
        "2025-03-06T10:03:00Z,microdeposits,,ba_3,,,,,,,bounced,12 87\n" /* 11: invalid */
        "2025-04-30T10:03:00Z,microdeposits,,ba_1,,,,,,,failed,12 87\n"; /* 12: not new */
    ach_event evs[16];
    ach_event_buffer buf = ACH_EVENT_BUFFER_INIT(evs, 16);
    ach_recon_options o = ACH_RECON_OPTIONS_INIT;
    o.on_event = ach_event_buffer_push;
    o.event_ctx = &buf;
    ach_ledger_reader *rd = NULL;
    ck_assert_int_eq(ach_ledger_reader_open_buffer(&rd, ledger, sizeof ledger - 1, "m.csv", NULL),
                     ACH_OK);
    ach_recon *e = run_reader(rd, &o);
    ach_ledger_reader_free(rd);
    ach_recon_report r = report(e, ACH_DATE_NONE);
    ck_assert_uint_eq(r.records, 11);
    ck_assert_uint_eq(r.rejected, 4); /* lines 5, 7, 11, 12 */
    ck_assert_uint_eq(r.findings_by_kind[ACH_RECON_VERIFICATION_LOCKED], 1);
    ck_assert_uint_eq(r.findings_by_kind[ACH_RECON_UNVERIFIED_ACCOUNT], 1);
    ck_assert_uint_eq(r.findings_by_kind[ACH_RECON_INVALID_VALUE], 1);
    ck_assert_uint_eq(r.findings_by_kind[ACH_RECON_ILLEGAL_TRANSITION], 1);
    /* settled at once: never reported as unverified (R-ACC-4b), even 40 business days on */
    ck_assert_uint_eq(r.accounts_unverified, 0);
    /* ba_3's deposits were never sent (line 11 refused): nothing to wait for either */
    size_t failed = 0;
    for (size_t i = 0; i < buf.count; i++)
        if (evs[i].type == ACH_EVENT_CUSTOMER_SOURCE_UPDATED &&
            strcmp(evs[i].status, "verification_failed") == 0)
            failed++;
    ck_assert_uint_eq(failed, 2);
    ach_recon_free(e);
}
END_TEST

/* R-CON-1 in the ledger (issue 18): `detail` says direct or destination, the account and the
 * application fee; each Connect account's balance is reported (tests/data/recon/connect.csv). */
START_TEST(test_connect_in_the_ledger)
{
    ach_recon *e = run_file("tests/data/recon/connect.csv", NULL);
    ach_recon_report r = report(e, ACH_DATE_NONE);
    ck_assert_uint_eq(r.applied, 12);
    ck_assert_uint_eq(r.findings_by_kind[ACH_RECON_INVALID_VALUE], 1); /* fee 2000 > 1000 */
    ach_charge c;
    ck_assert_int_eq(ach_recon_charge_get(&c, e, "ch_dir", 6, NULL), ACH_OK);
    ck_assert_int_eq(c.connect, ACH_CONNECT_DIRECT);
    ck_assert_int_eq(c.application_fee, 300);
    ck_assert_int_eq(ach_recon_charge_get(&c, e, "ch_dst", 6, NULL), ACH_OK);
    ck_assert_int_eq(c.connect, ACH_CONNECT_DESTINATION);
    ck_assert_int_eq(c.application_fee, 1000);
    ck_assert_int_eq(ach_recon_charge_get(&c, e, "ch_old", 6, NULL), ACH_OK);
    ck_assert_int_eq(c.connect, ACH_CONNECT_DESTINATION); /* a lone acct_ id, as before */
    ck_assert_int_eq(c.application_fee, 0);
    /* platform: 20000 - 160 - 19000 (ch_dst) + 5000 - 40 - 5000 (ch_old) + 300 (application
     * fee of ch_dir) - 20000 refunded + 19000 transfer reversed = 100 */
    ck_assert_int_eq(r.application_fees, 300);
    ck_assert_int_eq(r.net, 100);
    ck_assert(r.balance_conserved);
    /* acct_1Studio: 10000 - 80 - 300 (ch_dir), 400 failure fee of ch_dir2 (a direct charge's
     * own side); acct_1Partner: 19000 + 5000 transferred, 19000 reversed by the refund */
    ach_recon_connected cx[2];
    size_t n = 0;
    ck_assert_int_eq(ach_recon_connected_balances(cx, 2, &n, e, ACH_DATE_NONE, NULL), ACH_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(cx[0].account, "acct_1Studio");
    ck_assert_int_eq(cx[0].balance.available, 9220);
    ck_assert_int_eq(cx[0].balance.pending, 0);
    ck_assert_str_eq(cx[1].account, "acct_1Partner");
    ck_assert_int_eq(cx[1].balance.available, 5000);
    ck_assert_int_eq(cx[0].balance.available + cx[1].balance.available, r.connected.available);
    /* as of 03-04 all is pending: 9620 - 400 and 19000 + 5000 */
    ck_assert_int_eq(ach_recon_connected_balances(cx, 2, &n, e, D(2025, 3, 4), NULL), ACH_OK);
    ck_assert_int_eq(cx[0].balance.pending, 9620);
    ck_assert_int_eq(cx[0].balance.available, -400);
    ck_assert_int_eq(cx[1].balance.pending, 24000);
    ck_assert_int_eq(ach_recon_connected_balances(cx, 1, &n, e, ACH_DATE_NONE, NULL), ACH_EBUFS);
    ck_assert_uint_eq(n, 2);
    ach_recon_free(e);
}
END_TEST

START_TEST(test_unauthorised_one_treatment)
{
    static const struct {
        bool company;
        const char *when;
        bool out_of_window;
    } cases[] = {
        {false, "2025-04-10", false}, /* individual: 03-03 + 60 days = 05-02 */
        {false, "2025-05-20", true},
        {true, "2025-03-05", false},  /* company: 03-03 + 2 business days = 03-05 */
        {true, "2025-03-12", true},
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        ach_recon_report rep[3];
        seen_events ev[3];
        for (int way = 0; way < 3; way++) {
            ach_recon *e = unauthorised_way(way, cases[c].company, cases[c].when, &ev[way]);
            rep[way] = report(e, ACH_DATE_NONE);
            ach_charge ch;
            ck_assert_int_eq(ach_recon_charge_get(&ch, e, "ch_1", 4, NULL), ACH_OK);
            ck_assert_int_eq(ch.status, ACH_CHARGE_DISPUTED);
            ach_recon_free(e);
        }
        for (int way = 0; way < 3; way++) {
            const ach_recon_report *r = &rep[way];
            /* fee 0.8 % of 20000 = 160; dispute fee 1500, not the 400 failure fee */
            ck_assert_int_eq(r->fees, 160 + 1500);
            ck_assert_int_eq(r->disputed, 20000);
            ck_assert_int_eq(r->net, 20000 - 1660 - 20000);
            ck_assert(r->balance_conserved);
            ck_assert_int_eq(r->balance.pending, rep[0].balance.pending);
            ck_assert_int_eq(r->balance.available, rep[0].balance.available);
            ck_assert_int_eq(r->as_of, rep[0].as_of);
            ck_assert_uint_eq(r->charges_by_status[ACH_CHARGE_DISPUTED], 1);
            ck_assert_uint_eq(r->findings_by_kind[ACH_RECON_OUT_OF_WINDOW_DISPUTE],
                              cases[c].out_of_window ? 1 : 0);
            ck_assert_uint_eq(r->findings_by_kind[ACH_RECON_LATE_RETURN], 0);
            ck_assert_uint_eq(r->findings, cases[c].out_of_window ? 1 : 0);
            ck_assert_uint_eq(r->retries, 0);
            ck_assert_uint_eq(ev[way].n, ev[0].n);
            const seen_event *x = &ev[way].items[ev[way].n - 1], *y = &ev[0].items[ev[0].n - 1];
            ck_assert_int_eq(x->type, ACH_EVENT_CHARGE_DISPUTE_CREATED);
            ck_assert_str_eq(x->reason, "debit_not_authorized");
            ck_assert_str_eq(x->status, y->status);
            ck_assert_int_eq(x->amount, 20000);
            ck_assert_uint_eq(x->flags, y->flags);
            ck_assert_uint_eq(!!(x->flags & ACH_FX_OUT_OF_WINDOW), cases[c].out_of_window);
            ck_assert_int_eq(x->dispute_deadline, cases[c].company ? D(2025, 3, 5) : D(2025, 5, 2));
        }
    }
}
END_TEST

START_TEST(test_return_from_nacha)
{
    /* a return read from a NACHA file: matched by the original entry's trace, dated by the
     * batch's settlement date (or its effective date when unsettled) */
    ach_nacha_return n;
    memset(&n, 0, sizeof n);
    n.info.record = 12;
    memcpy(n.info.code, "R03", 4);
    memcpy(n.info.trace, "091000010000007", 16);
    memcpy(n.info.original_trace, "021000020000002", 16);
    n.info.amount = 2500;
    n.info.effective_date = D(2025, 3, 4);
    n.info.settlement_date = D(2025, 3, 5);
    ach_recon_return x;
    ach_recon_return_from_nacha(&x, &n);
    ck_assert_str_eq(x.trace, "021000020000002");
    ck_assert_str_eq(x.code, "R03");
    ck_assert_int_eq(x.amount, 2500);
    ck_assert_int_eq(x.at, (ach_instant)D(2025, 3, 5) * 86400);
    ck_assert_uint_eq(x.position, 12);
    n.info.settlement_date = ACH_DATE_NONE;
    n.info.amount = -1;
    ach_recon_return_from_nacha(&x, &n);
    ck_assert_int_eq(x.at, (ach_instant)D(2025, 3, 4) * 86400);
    ck_assert_int_eq(x.amount, -1);
    ach_recon *e = run_file("tests/data/recon/returns.csv", NULL);
    ach_recon_verdict v;
    ck_assert_int_eq(ach_recon_apply_return(&v, e, &x, NULL), ACH_OK);
    ck_assert_int_eq(v, ACH_RECON_APPLIED);
    ach_charge c;
    ck_assert_int_eq(ach_recon_charge_get(&c, e, "ch_2", 4, NULL), ACH_OK);
    ck_assert_int_eq(c.status, ACH_CHARGE_FAILED);
    ck_assert_int_eq(c.return_code, 3);
    ach_recon_report r = report(e, ACH_DATE_NONE);
    ck_assert_uint_eq(r.return_rates.administrative.count, 1); /* R03 (R-RET-2) */
    ach_recon_free(e);
}
END_TEST

START_TEST(test_return_late_after_success)
{
    /* ch_1 processed Monday 03-03, succeeded 03-04; its R01 comes as a return entry on 03-10:
     * due by 03-05 (2 banking days, R-RET-1), so late; after success it is a dispute (R-CHG-7) */
    static const char text[] =
        "time,type,id,ref,amount,currency,routing,account_number,holder_name,holder_type,code,"
        "detail\n"
        "2025-03-03T09:00:00Z,account,ba_1,cus_1,,usd,110000000,000123456789,Ann Lee,individual,,\n"
        "2025-03-03T09:01:00Z,verification,,ba_1,,,,,,,,32 45\n"
        "2025-03-03T09:02:00Z,mandate,md_1,ba_1,,,,,,,accepted,\n"
        "2025-03-03T10:00:00Z,charge,ch_1,ba_1,1000,usd,,,,,021000020000001,\n"
        "2025-03-04T10:00:00Z,outcome,,ch_1,,,,,,,succeeded,\n";
    ach_recon *e = run_text(text, sizeof text - 1, "late");
    ach_recon_return x = ret_entry("021000020000001", "R01", 1000, D(2025, 3, 10), 1);
    ach_recon_verdict v;
    ck_assert_int_eq(ach_recon_apply_return(&v, e, &x, NULL), ACH_OK);
    ck_assert_int_eq(v, ACH_RECON_APPLIED_FLAGGED);
    ach_charge c;
    ck_assert_int_eq(ach_recon_charge_get(&c, e, "ch_1", 4, NULL), ACH_OK);
    ck_assert_int_eq(c.status, ACH_CHARGE_DISPUTED);
    ach_recon_report rep = report(e, ACH_DATE_NONE);
    ck_assert_uint_eq(rep.findings_by_kind[ACH_RECON_LATE_RETURN], 1);
    ck_assert_uint_eq(rep.flagged, 0); /* ledger lines only: the return is counted apart */
    ck_assert_uint_eq(rep.returns_applied, 1);
    ck_assert_uint_eq(rep.retries, 0); /* a dispute, not a debit to present again */
    /* fees: 8 (0.8 % of 1000) + 400 failure fee (R-CHG-7: not the dispute fee) */
    ck_assert_int_eq(rep.fees, 408);
    ck_assert_int_eq(rep.disputed, 1000);
    ach_recon_free(e);
}
END_TEST

/* ---- generated ledgers: conservation --------------------------------------------------------- */

static char *generate(uint64_t seed, uint64_t events, ledger_gen_stats *st, size_t *len)
{
    char *text = NULL;
    FILE *f = open_memstream(&text, len);
    ck_assert_ptr_nonnull(f);
    ledger_gen_options o = LEDGER_GEN_OPTIONS_INIT;
    o.seed = seed;
    o.events = events;
    o.events_per_day = 400; /* a few months: outcomes, releases, refunds, disputes */
    o.malformed_ppm = 2000;
    ck_assert_int_eq(ledger_gen_write(f, &o, cal, st, NULL, NULL), 0);
    fclose(f);
    return text;
}

START_TEST(test_generated_conservation)
{
    uint64_t seed = 1 + (uint64_t)_i * 7919;
    ledger_gen_stats st;
    size_t len;
    char *text = generate(seed, 12000, &st, &len);
    ach_ledger_reader *r = NULL;
    ck_assert_int_eq(ach_ledger_reader_open_buffer(&r, text, len, "gen", NULL), ACH_OK);
    ach_recon *e = run_reader(r, NULL);
    ach_recon_report rep = report(e, ACH_DATE_NONE);
    /* every line accounted for, by the engine and against the reader and the generator */
    ck_assert(rep.lines_conserved);
    ck_assert_uint_eq(rep.records, st.lines);
    ck_assert_uint_eq(rep.applied + rep.rejected, st.lines);
    ck_assert_uint_eq(rep.malformed, st.malformed);
    /* the generator's only records the rules refuse: charges in a foreign currency on the
     * invalid-currency test number (R-ACC-6, R-CHG-2) ... */
    ck_assert_uint_eq(rep.findings_by_kind[ACH_RECON_NON_USD], st.foreign_currency);
    /* ... and nothing else: its wrong micro-deposit pairs are never the right pair swapped
     * (R-ACC-4 accepts either order), so no later attempt meets a verified account */
    ck_assert_uint_eq(rep.findings_by_kind[ACH_RECON_ILLEGAL_TRANSITION], 0);
    ck_assert_uint_eq(rep.rejected, rep.malformed + rep.findings_by_kind[ACH_RECON_NON_USD]);
    /* every charge once; the balance transactions sum to pending + available */
    ck_assert_uint_eq(rep.charges, st.by_type[ACH_LEDGER_CHARGE] - st.foreign_currency);
    ck_assert(rep.balance_conserved);
    ck_assert_int_eq(rep.transactions_net, rep.balance.pending + rep.balance.available);
    /* the same holds on every date */
    size_t n = 0;
    ach_status s = ach_recon_balance_days(NULL, 0, &n, e, ACH_DATE_NONE, NULL);
    ck_assert(s == ACH_OK || s == ACH_EBUFS);
    ach_recon_day *days = calloc(n + 1, sizeof *days);
    ck_assert_int_eq(ach_recon_balance_days(days, n, &n, e, ACH_DATE_NONE, NULL), ACH_OK);
    for (size_t i = 0; i < n; i += 1 + n / 8) {
        ach_recon_report at = report(e, days[i].date);
        ck_assert(at.balance_conserved);
        ck_assert_int_eq(at.balance.pending, days[i].balance.pending);
        ck_assert_int_eq(at.balance.available, days[i].balance.available);
        ck_assert_uint_eq(at.charges, at.charges_by_status[1] + at.charges_by_status[2] +
                                          at.charges_by_status[3] + at.charges_by_status[4]);
    }
    /* returns and late failures as generated: the late ones after success are flagged late */
    ck_assert_uint_eq(rep.events_by_type[ACH_EVENT_CHARGE_FAILED] +
                          rep.events_by_type[ACH_EVENT_CHARGE_DISPUTE_CREATED],
                      st.returns + st.late_failures + st.disputes);
    ck_assert_uint_eq(rep.events_by_type[ACH_EVENT_REFUND_FAILED], st.refund_failures);
    free(days);
    ach_recon_free(e);
    ach_ledger_reader_free(r);
    free(text);
}
END_TEST

/* ---- the same results from every source ----------------------------------------------------- */

typedef struct pipe_feed {
    int fd;
    const char *data;
    size_t len;
} pipe_feed;

static void *feed(void *arg)
{
    pipe_feed *p = arg;
    size_t off = 0;
    while (off < p->len) {
        size_t chunk = p->len - off < 3000 ? p->len - off : 3000; /* odd chunks */
        ssize_t w = write(p->fd, p->data + off, chunk);
        if (w <= 0) break;
        off += (size_t)w;
    }
    close(p->fd);
    return NULL;
}

static void same_from_every_source(const char *text, size_t len, const char *path)
{
    ach_ledger_reader *r = NULL;
    ck_assert_int_eq(ach_ledger_reader_open_buffer(&r, text, len, "buf", NULL), ACH_OK);
    ach_recon *e = run_reader(r, NULL);
    char *want = serialize(e, ACH_DATE_NONE);
    ach_recon_free(e);
    ach_ledger_reader_free(r);

    if (path) {
        for (int mapped = 0; mapped < 2; mapped++) {
            ck_assert_int_eq(mapped ? ach_ledger_reader_open_mapped(&r, path, NULL)
                                    : ach_ledger_reader_open_file(&r, path, NULL),
                             ACH_OK);
            e = run_reader(r, NULL);
            char *got = serialize(e, ACH_DATE_NONE);
            ck_assert_str_eq(got, want);
            free(got);
            ach_recon_free(e);
            ach_ledger_reader_free(r);
        }
    }

    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    pipe_feed pf = {fds[1], text, len};
    pthread_t th;
    ck_assert_int_eq(pthread_create(&th, NULL, feed, &pf), 0);
    ck_assert_int_eq(ach_ledger_reader_open_fd(&r, fds[0], "pipe", NULL), ACH_OK);
    e = run_reader(r, NULL);
    pthread_join(th, NULL);
    close(fds[0]);
    char *got = serialize(e, ACH_DATE_NONE);
    ck_assert_str_eq(got, want);
    free(got);
    ach_recon_free(e);
    ach_ledger_reader_free(r);

    /* record by record through ach_recon_apply()/ach_recon_reject(), no lookahead */
    ck_assert_int_eq(ach_ledger_reader_open_buffer(&r, text, len, "buf", NULL), ACH_OK);
    ck_assert_int_eq(ach_recon_new(&e, cal, NULL, NULL), ACH_OK);
    ach_ledger_record rec;
    ach_error rerr = ACH_ERROR_INIT;
    for (;;) {
        ach_status s = ach_ledger_next(&rec, r, &rerr);
        if (s == ACH_LEDGER_END) break;
        if (s == ACH_OK) ck_assert_int_eq(ach_recon_apply(NULL, e, &rec, NULL), ACH_OK);
        else ck_assert_int_eq(ach_recon_reject(e, &rec, &rerr, NULL), ACH_OK);
    }
    got = serialize(e, ACH_DATE_NONE);
    ck_assert_str_eq(got, want);
    free(got);
    ach_recon_report rep = report(e, ACH_DATE_NONE);
    ck_assert(rep.lines_conserved);
    ck_assert_uint_eq(rep.reader_records, 0);
    ach_recon_free(e);
    ach_ledger_reader_free(r);
    free(want);
}

START_TEST(test_sources_sample)
{
    size_t len;
    char *text = slurp("data/samples/ledger.csv", &len);
    char path[1024];
    same_from_every_source(text, len, ach_test_srcpath(path, sizeof path,
                                                       "data/samples/ledger.csv"));
    free(text);
}
END_TEST

START_TEST(test_sources_generated)
{
    ledger_gen_stats st;
    size_t len;
    char *text = generate(4242, 20000, &st, &len);
    char path[] = "/tmp/check_recon_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, text, len), (ssize_t)len);
    close(fd);
    same_from_every_source(text, len, path);
    unlink(path);
    free(text);
}
END_TEST

/* Every bank account id of `text` rewritten: with `quote`, as the quoted field "ba_""..." (an
 * id holding a quote, unescaped by the reader into its per-record scratch), else as ba_'...
 * (the same shape, a plain view). */
static char *rewrite_account_ids(const char *text, size_t len, bool quote, size_t *out_len)
{
    char *out = malloc(len * 2 + 1);
    ck_assert_ptr_nonnull(out);
    size_t k = 0;
    bool field_start = true, in_quotes = false;
    for (size_t i = 0; i < len;) {
        if (field_start && !in_quotes && len - i > 3 && memcmp(text + i, "ba_", 3) == 0) {
            size_t j = i + 3;
            while (j < len && text[j] != ',' && text[j] != '\n') j++;
            if (quote) {
                memcpy(out + k, "\"ba_\"\"", 6);
                k += 6;
            } else {
                memcpy(out + k, "ba_'", 4);
                k += 4;
            }
            memcpy(out + k, text + i + 3, j - i - 3);
            k += j - i - 3;
            if (quote) out[k++] = '"';
            i = j;
            field_start = false;
            continue;
        }
        char c = text[i++];
        out[k++] = c;
        if (c == '"') in_quotes = !in_quotes;
        field_start = !in_quotes && (c == ',' || c == '\n');
    }
    out[k] = '\0';
    *out_len = k;
    return out;
}

/* Ids with escaped quotes take the lookahead's copying paths (lib/recon.c slot_fill() and
 * slot_own()): same results from every source, and the same counts and amounts as the same
 * ledger with plain ids. */
START_TEST(test_sources_escaped_ids)
{
    ledger_gen_stats st;
    size_t len, qlen, plen;
    char *text = generate(77, 20000, &st, &len);
    char *quoted = rewrite_account_ids(text, len, true, &qlen);
    char *plain = rewrite_account_ids(text, len, false, &plen);
    ck_assert_uint_gt(qlen, plen + 10000); /* thousands of ids rewritten */
    same_from_every_source(quoted, qlen, NULL);
    ach_recon_report rq, rp;
    ach_recon *e = run_text(quoted, qlen, "q");
    rq = report(e, ACH_DATE_NONE);
    ach_recon_free(e);
    e = run_text(plain, plen, "p");
    rp = report(e, ACH_DATE_NONE);
    ach_recon_free(e);
    ck_assert_uint_eq(rq.records, 20000);
    ck_assert_uint_eq(rq.records, rp.records);
    ck_assert_uint_eq(rq.applied, rp.applied);
    ck_assert_uint_eq(rq.rejected, rp.rejected);
    ck_assert_uint_eq(rq.flagged, rp.flagged);
    ck_assert_uint_eq(rq.findings, rp.findings);
    ck_assert_uint_eq(rq.charges, rp.charges);
    ck_assert_uint_gt(rq.charges, 1000);
    ck_assert_int_eq(rq.gross, rp.gross);
    ck_assert_int_eq(rq.net, rp.net);
    ck_assert_int_eq(rq.balance.pending, rp.balance.pending);
    ck_assert_int_eq(rq.balance.available, rp.balance.available);
    free(plain);
    free(quoted);
    free(text);
}
END_TEST

/* ---- API contracts ----------------------------------------------------------------------------- */

START_TEST(test_api_arguments)
{
    ach_recon *e = NULL;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_recon_new(&e, NULL, NULL, &err), ACH_EINVAL);
    ck_assert_ptr_null(e);
    ach_recon_options o = ACH_RECON_OPTIONS_INIT;
    o.version = 99;
    ck_assert_int_eq(ach_recon_new(&e, cal, &o, &err), ACH_EINVAL);
    ck_assert_str_eq(err.field, "version");
    ach_fee_schedule bad = ACH_FEE_SCHEDULE_DEFAULT_INIT;
    bad.rate_ppm = 2000000;
    o = (ach_recon_options)ACH_RECON_OPTIONS_INIT;
    o.fees = &bad;
    ck_assert_int_eq(ach_recon_new(&e, cal, &o, &err), ACH_EINVAL);
    ck_assert_ptr_null(e);
    ck_assert_int_eq(ach_recon_new(&e, cal, NULL, &err), ACH_OK);

    ach_ledger_record rec;
    memset(&rec, 0, sizeof rec);
    ck_assert_int_eq(ach_recon_apply(NULL, e, &rec, &err), ACH_EINVAL); /* no type */
    rec.type = ACH_LEDGER_CHARGE;
    rec.fault = ACH_LEDGER_FAULT_AMOUNT;
    ck_assert_int_eq(ach_recon_apply(NULL, e, &rec, &err), ACH_EINVAL);
    ck_assert_int_eq(ach_recon_apply(NULL, NULL, &rec, &err), ACH_EINVAL);
    ck_assert_int_eq(ach_recon_reject(e, &rec, NULL, &err), ACH_EINVAL);
    ck_assert_int_eq(ach_recon_apply_return(NULL, e, NULL, &err), ACH_EINVAL);
    ck_assert_int_eq(ach_recon_read(e, NULL, &err), ACH_EINVAL);

    /* an empty engine reports nothing, and holds */
    ach_recon_report r = report(e, ACH_DATE_NONE);
    ck_assert_uint_eq(r.records, 0);
    ck_assert_int_eq(r.as_of, ACH_DATE_NONE);
    ck_assert(r.lines_conserved && r.balance_conserved);
    size_t n = 7;
    ck_assert_int_eq(ach_recon_balance_days(NULL, 0, &n, e, ACH_DATE_NONE, NULL), ACH_OK);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(ach_recon_retries(NULL, 0, &n, e, ACH_DATE_NONE, NULL), ACH_OK);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(ach_recon_balance_days(NULL, 1, &n, e, ACH_DATE_NONE, NULL), ACH_EINVAL);
    ach_recon_finding f;
    ck_assert_int_eq(ach_recon_finding_get(&f, e, 0, NULL), ACH_ENOTFOUND);
    ck_assert_uint_eq(ach_recon_line(e), 0);
    ck_assert_uint_eq(ach_recon_line(NULL), 0);
    ach_recon_memory m;
    ach_recon_memory_get(&m, e);
    ck_assert_uint_eq(m.charges, 0);
    ck_assert_int_eq(ach_recon_report_compute_sized(NULL, sizeof(ach_recon_report), e,
                                                    ACH_DATE_NONE, NULL), ACH_EINVAL);
    /* ABI (issue 20): a caller built against a newer, longer report gets zeros past what this
     * library knows; one with a report shorter than libach 0.1's is refused */
    struct {
        ach_recon_report r;
        uint64_t later[4];
    } big;
    memset(&big, 0xff, sizeof big);
    ck_assert_int_eq(ach_recon_report_compute_sized(&big.r, sizeof big, e, ACH_DATE_NONE, NULL),
                     ACH_OK);
    ck_assert_uint_eq(big.r.size, sizeof(ach_recon_report));
    for (int i = 0; i < 4; i++) ck_assert_uint_eq(big.later[i], 0);
    ck_assert_uint_eq(big.r.findings_by_kind[ACH_RECON_KIND_COUNT], 0); /* spare capacity */
    ck_assert_int_eq(ach_recon_report_compute_sized(&big.r, offsetof(ach_recon_report, retries),
                                                    e, ACH_DATE_NONE, &err),
                     ACH_EINVAL);
    ach_recon_free(e);
    ach_recon_free(NULL);
}
END_TEST

START_TEST(test_max_findings)
{
    ach_recon_options o = ACH_RECON_OPTIONS_INIT;
    o.max_findings = 3;
    ach_recon *e = run_file("data/samples/ledger.csv", &o);
    ach_recon_report r = report(e, ACH_DATE_NONE);
    ck_assert_uint_eq(r.findings, 34); /* the counts stay complete (32 + 2 of the date) */
    ck_assert_uint_eq(r.findings_kept, 3);
    ck_assert_uint_eq(ach_recon_finding_count(e), 3);
    ck_assert_uint_eq(finding_at(e, 2).line, 32);
    ach_recon_free(e);
    o.max_findings = 0;
    e = run_file("data/samples/ledger.csv", &o);
    ck_assert_uint_eq(ach_recon_finding_count(e), 0);
    ck_assert_uint_eq(report(e, ACH_DATE_NONE).findings, 34);
    ach_recon_free(e);
}
END_TEST

static void count_progress(void *ctx, const ach_ledger_stats *st)
{
    uint64_t *calls = ctx;
    (*calls)++;
    ck_assert_uint_le(st->records, 131);
}

START_TEST(test_progress_and_fees)
{
    /* a progress call at the end; a custom fee schedule flows into every rule (R-CHG-3) */
    uint64_t calls = 0;
    ach_fee_schedule fees = {0, 25, ACH_FEE_NO_CAP, 0, 0}; /* 25 cents a charge, nothing else */
    ach_recon_options o = ACH_RECON_OPTIONS_INIT;
    o.on_progress = count_progress;
    o.progress_ctx = &calls;
    o.fees = &fees;
    ach_recon *e = run_file("data/samples/ledger.csv", &o);
    ck_assert_uint_ge(calls, 1);
    ach_recon_report r = report(e, ACH_DATE_NONE);
    /* 25 charges that did not fail, 25 cents each; no failure or dispute fees */
    ck_assert_int_eq(r.fees, 25 * 25);
    ck_assert(r.balance_conserved);
    ach_recon_free(e);
}
END_TEST

/* ---- word-at-a-time digits (lib/internal.h) ------------------------------------------------- */

/* The value of 15 bytes as digits, one at a time: the reference for ach__fifteen_digits(). */
static int64_t digits_slowly(const char *s)
{
    int64_t v = 0;
    for (int i = 0; i < 15; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

START_TEST(test_fifteen_digits)
{
    ck_assert_int_eq(ach__fifteen_digits("000000000000000"), 0);
    ck_assert_int_eq(ach__fifteen_digits("999999999999999"), INT64_C(999999999999999));
    ck_assert_int_eq(ach__fifteen_digits("110000000000123"), INT64_C(110000000000123));
    ck_assert_int_eq(ach__fifteen_digits("123456789012345"), INT64_C(123456789012345));
    /* every position, with the bytes next to the digits: '/' ':' ' ' and high bytes */
    const char near[] = {'/', ':', ' ', '\0', 'a', (char)0xB0, (char)0xFF, 0x7F};
    char s[16];
    uint64_t x = 42;
    for (int pos = 0; pos < 15; pos++) {
        for (size_t k = 0; k < sizeof near; k++) {
            for (int i = 0; i < 15; i++) {
                x = x * 6364136223846793005u + 1442695040888963407u;
                s[i] = (char)('0' + (x >> 33) % 10);
            }
            s[15] = '\0';
            ck_assert_int_eq(ach__fifteen_digits(s), digits_slowly(s));
            s[pos] = near[k];
            ck_assert_int_eq(ach__fifteen_digits(s), -1);
        }
    }
}
END_TEST

/* ---- the tables inside (lib/idmap.h) --------------------------------------------------------- */

START_TEST(test_idmap)
{
    ach__arena a;
    memset(&a, 0, sizeof a);
    ach__idmap m;
    ach__idmap_init(&m, &a, 0, ach__hash_key(0));
    enum { N = 20000 }; /* several growths: the first table holds 614 */
    static uint32_t refs[N];
    char id[32];
    for (int i = 0; i < N; i++) {
        int len = snprintf(id, sizeof id, "id_%d", i * 7);
        uint64_t h = ach__id_hash(m.key, id, (size_t)len);
        ck_assert_uint_eq(ach__idmap_find(&m, &a, id, (size_t)len, h), 0);
        /* the first 1000 grow by doubling; then the map is told to expect N entries */
        ck_assert_int_eq(ach__idmap_reserve(&m, &a, i < 1000 ? 0 : N, false), ACH_OK);
        if (i == 0) ck_assert_uint_eq(m.gmask + 1, 64); /* the first table: 614 entries */
        if (i == 999) ck_assert_uint_eq(m.gmask + 1, 128);
        /* at 1229 entries the projection asks for 2084 groups: 4 times 128 at most */
        if (i == 1228) ck_assert_uint_eq(m.gmask + 1, 512);
        ck_assert_int_eq(ach__arena_alloc(&refs[i], &a, 1 + (size_t)len), ACH_OK);
        uint8_t *p = ach__arena_at(&a, refs[i]);
        p[0] = (uint8_t)len;
        memcpy(p + 1, id, (size_t)len);
        ach__idmap_insert(&m, refs[i], h);
        /* at 4916 entries (the bound of 512 groups): 2048, 4 times 512; at 19661 (the bound of
         * 2048): 4096, the first power of two above 2084 */
        if (i == 4915) ck_assert_uint_eq(m.gmask + 1, 2048);
    }
    ck_assert_uint_eq(m.count, N);
    /* load at most 4/5 of the slots */
    ck_assert_uint_le(m.count * 5, (m.gmask + 1) * ACH__IDMAP_GROUP * 4);
    for (int i = 0; i < N; i++) {
        int len = snprintf(id, sizeof id, "id_%d", i * 7);
        ck_assert_uint_eq(ach__idmap_find(&m, &a, id, (size_t)len, ach__id_hash(m.key, id, (size_t)len)),
                          refs[i]);
        len = snprintf(id, sizeof id, "id_%d", i * 7 + 1);
        ck_assert_uint_eq(ach__idmap_find(&m, &a, id, (size_t)len, ach__id_hash(m.key, id, (size_t)len)),
                          0);
    }
    /* references are distinct, non-zero, and records do not move */
    ck_assert_uint_ne(refs[0], 0);
    ck_assert_uint_ne(refs[0], refs[1]);
    ach__idmap_free(&m);

    /* a trusted projection is taken whole, at once: 4096 groups (the first power of two above
     * 2084) for N entries from the first entry, and no growth after */
    ach__idmap_init(&m, &a, 0, ach__hash_key(0));
    for (int i = 0; i < N; i++) {
        const uint8_t *p = ach__arena_at(&a, refs[i]);
        uint64_t h = ach__id_hash(m.key, (const char *)p + 1, p[0]);
        ck_assert_int_eq(ach__idmap_reserve(&m, &a, N, true), ACH_OK);
        ck_assert_uint_eq(m.gmask + 1, 4096);
        ach__idmap_insert(&m, refs[i], h);
    }
    for (int i = 0; i < N; i += 97) {
        const uint8_t *p = ach__arena_at(&a, refs[i]);
        ck_assert_uint_eq(ach__idmap_find(&m, &a, (const char *)p + 1, p[0],
                                          ach__id_hash(m.key, (const char *)p + 1, p[0])),
                          refs[i]);
    }
    ach__idmap_free(&m);
    ach__arena_free(&a);

    ach__u64map u;
    memset(&u, 0, sizeof u);
    for (uint64_t k = 0; k < 5000; k++) {
        ck_assert_int_eq(ach__u64map_reserve(&u, 1), ACH_OK);
        ach__u64map_put(&u, k * 1000003u, (uint32_t)k + 1);
    }
    ck_assert_int_eq(ach__u64map_reserve(&u, 1), ACH_OK);
    ach__u64map_put(&u, 0, 77); /* replaces */
    ck_assert_uint_eq(u.count, 5000);
    ck_assert_uint_eq(ach__u64map_get(&u, 0), 77);
    ck_assert_uint_eq(ach__u64map_get(&u, (uint64_t)4999 * 1000003u), 5000);
    ck_assert_uint_eq(ach__u64map_get(&u, 17), 0);
    ach__u64map_free(&u);

    /* 40-bit fields: the ends of amounts and instants */
    uint8_t b[5];
    static const int64_t vals[] = {0, 1, -1, INT64_C(9999999999), INT64_C(253402300799),
                                   -INT64_C(62167219200), (INT64_C(1) << 39) - 1,
                                   -(INT64_C(1) << 39)};
    for (size_t i = 0; i < sizeof vals / sizeof *vals; i++) {
        ck_assert(ach__fits40(vals[i]));
        ach__st40(b, vals[i]);
        ck_assert_int_eq(ach__ld40(b), vals[i]);
    }
    ck_assert(!ach__fits40(INT64_C(1) << 39));
}
END_TEST

/* Return rates over time (R-RET-2): every date from the first to the last equals the report as
 * of that date, through the entry on or before it (rates only move on the dates given). */
static void check_rate_days(const ach_recon *e)
{
    ach_recon_report last = report(e, ACH_DATE_NONE);
    size_t n = 0;
    ach_status s = ach_recon_rate_days(NULL, 0, &n, e, ACH_DATE_NONE, NULL);
    ck_assert(s == ACH_EBUFS);
    ck_assert_uint_gt(n, 1);
    ach_recon_rate_day *rd = calloc(n, sizeof *rd);
    ck_assert_ptr_nonnull(rd);
    ck_assert_int_eq(ach_recon_rate_days(rd, n, &n, e, ACH_DATE_NONE, NULL), ACH_OK);
    ck_assert_int_eq(rd[n - 1].date, last.as_of);
    size_t k = 0;
    for (ach_date d = last.first_date; d <= last.as_of; d++) {
        while (k < n && rd[k].date <= d) k++;
        ach_recon_report at = report(e, d);
        const ach_return_rates *want = &at.return_rates;
        ach_return_rates zero;
        ach_return_tally none = {0, 0, 0, 0};
        ach_return_rates_compute(&zero, &none);
        const ach_return_rates *got = k ? &rd[k - 1].rates : &zero;
        ck_assert_uint_eq(got->debits, want->debits);
        ck_assert_uint_eq(got->unauthorized.count, want->unauthorized.count);
        ck_assert_uint_eq(got->administrative.count, want->administrative.count);
        ck_assert_uint_eq(got->overall.count, want->overall.count);
        ck_assert(got->overall.breach == want->overall.breach);
        ck_assert(got->unauthorized.breach == want->unauthorized.breach);
        if (k && rd[k - 1].date == d) ck_assert_int_eq(rd[k - 1].from, at.rates_from);
    }
    for (size_t i = 1; i < n; i++) ck_assert_int_lt(rd[i - 1].date, rd[i].date);
    free(rd);
}

START_TEST(test_rate_days_sample)
{
    ach_recon *e = run_file("data/samples/ledger.csv", NULL);
    check_rate_days(e);
    /* as of 03-31 (cli_reconcile.sh): 1 unauthorized return of 14 debits, a breach of 0.5 % */
    ach_date mar31;
    ck_assert_int_eq(ach_date_parse(&mar31, "2025-03-31", 10, NULL), ACH_OK);
    ach_recon_rate_day all[64];
    size_t m = 0;
    ck_assert_int_eq(ach_recon_rate_days(all, 64, &m, e, mar31, NULL), ACH_OK);
    ck_assert_int_eq(all[m - 1].date, mar31);
    ck_assert_uint_eq(all[m - 1].rates.debits, 14);
    ck_assert_uint_eq(all[m - 1].rates.unauthorized.count, 1);
    ck_assert(all[m - 1].rates.unauthorized.breach);
    ck_assert_int_eq(all[m - 1].from, mar31 - 59);
    ach_recon_rate_day rd[4];
    size_t n = 0;
    ck_assert_int_eq(ach_recon_rate_days(rd, 4, &n, e, ACH_DATE_NONE, NULL), ACH_EBUFS);
    ck_assert_int_eq(ach_recon_rate_days(rd, 0, &n, NULL, ACH_DATE_NONE, NULL), ACH_EINVAL);
    ck_assert_int_eq(ach_recon_rate_days(NULL, 1, &n, e, ACH_DATE_NONE, NULL), ACH_EINVAL);
    ach_recon_free(e);
}
END_TEST

START_TEST(test_rate_days_generated)
{
    ledger_gen_stats st;
    size_t len;
    char *text = generate(4242, 6000, &st, &len);
    ach_recon *e = run_text(text, len, "gen");
    check_rate_days(e);
    ach_recon_free(e);
    free(text);
}
END_TEST

/* Issue 17 item 9: positions past 2^32 (a 4.3 G-line input) are reported as they are, not
 * wrapped: a ledger line and a return's record number both reach the findings and
 * ach_recon_line() in full. */
START_TEST(test_positions_past_four_billion)
{
    static const char text[] =
        "time,type,id,ref,amount,currency,routing,account_number,holder_name,holder_type,code,detail\n"
        "2025-03-03T09:00:00Z,charge,ch_1,ba_nope,1000,usd,,,,,,\n";
    const uint64_t far = UINT64_C(4296566102); /* wraps to 1598806 in 32 bits */
    ach_ledger_reader *r = NULL;
    ck_assert_int_eq(ach_ledger_reader_open_buffer(&r, text, sizeof text - 1, "far", NULL), ACH_OK);
    ach_ledger_record rec;
    ck_assert_int_eq(ach_ledger_next(&rec, r, NULL), ACH_OK);
    rec.line = rec.end_line = far;
    ach_recon *e = NULL;
    ck_assert_int_eq(ach_recon_new(&e, cal, NULL, NULL), ACH_OK);
    ach_recon_verdict v;
    ck_assert_int_eq(ach_recon_apply(&v, e, &rec, NULL), ACH_OK);
    ck_assert_int_eq(v, ACH_RECON_REFUSED);
    ach_recon_return x = ret_entry("021000020000099", "R01", 1000, D(2025, 3, 4), far + 1);
    ck_assert_int_eq(ach_recon_apply_return(&v, e, &x, NULL), ACH_OK);
    ck_assert_int_eq(v, ACH_RECON_REFUSED);
    ck_assert_uint_eq(ach_recon_finding_count(e), 2);
    ach_recon_finding f = finding_at(e, 0);
    ck_assert_uint_eq(f.line, far);
    ck_assert_int_eq(f.origin, ACH_RECON_LEDGER);
    f = finding_at(e, 1);
    ck_assert_uint_eq(f.line, far + 1);
    ck_assert_int_eq(f.origin, ACH_RECON_RETURN);
    ach_recon_free(e);
    ach_ledger_reader_free(r);
}
END_TEST

/* Issue 20 item 7: the NUL-terminated (_cstr) forms give what the pointer + length forms give. */
START_TEST(test_cstr_forms)
{
    ach_recon *e = run_file("tests/data/recon/returns.csv", NULL);
    ach_charge a, b;
    ck_assert_int_eq(ach_recon_charge_get_cstr(&a, e, "ch_2", NULL), ACH_OK);
    ck_assert_int_eq(ach_recon_charge_get(&b, e, "ch_2", 4, NULL), ACH_OK);
    ck_assert_int_eq(a.amount, 2500);
    ck_assert_int_eq(a.amount, b.amount);
    ck_assert_int_eq(ach_recon_charge_get_cstr(&a, e, "ch_9", NULL), ACH_EUNKNOWN_ID);
    char id[ACH_ID_SIZE] = "";
    ck_assert_int_eq(ach_recon_charge_by_trace_cstr(id, e, "021000020000002", NULL), ACH_OK);
    ck_assert_str_eq(id, "ch_2");
    ck_assert_int_eq(ach_recon_charge_by_trace_cstr(id, e, NULL, NULL), ACH_EINVAL);
    ach_recon_free(e);

    ach_date d = 0;
    ach_instant t = 0;
    ck_assert_int_eq(ach_date_parse_cstr(&d, "2025-03-04", NULL), ACH_OK);
    ck_assert_int_eq(d, D(2025, 3, 4));
    ck_assert_int_eq(ach_date_parse_cstr(&d, "2025-03-04x", NULL), ACH_EPARSE);
    ck_assert_int_eq(ach_instant_parse_cstr(&t, "2025-03-04T12:00:00Z", NULL), ACH_OK);
    ck_assert_int_eq(t, (ach_instant)D(2025, 3, 4) * 86400 + 12 * 3600);
    ck_assert_int_eq(ach_routing_validate_cstr("110000000", NULL), ACH_OK);
    ck_assert_int_eq(ach_routing_validate_cstr("110000001", NULL), ACH_EROUTING_CHECKSUM);
    ck_assert_int_eq(ach_account_number_validate_cstr("000123456789", NULL), ACH_OK);
    ck_assert_int_eq(ach_account_number_validate_cstr("12", NULL), ACH_EACCOUNT_LENGTH);
    ck_assert_ptr_nonnull(ach_return_code_lookup_cstr("R01"));
    ck_assert_ptr_null(ach_return_code_lookup_cstr("R00"));
    ck_assert_ptr_null(ach_return_code_lookup_cstr(NULL));
}
END_TEST

static Suite *recon_suite(void)
{
    Suite *s = suite_create("recon");
    TCase *tc = tcase_create("sample");
    tcase_add_unchecked_fixture(tc, cal_setup, cal_teardown);
    tcase_add_test(tc, test_sample_counts);
    tcase_add_test(tc, test_sample_report_last_date);
    tcase_add_test(tc, test_sample_balance_by_date);
    tcase_add_test(tc, test_sample_report_march);
    tcase_add_test(tc, test_sample_retries);
    tcase_add_test(tc, test_sample_charges);
    tcase_add_test(tc, test_sample_no_account_numbers);
    tcase_add_test(tc, test_misaligned_line_shows_no_account_number);
    suite_add_tcase(s, tc);

    tc = tcase_create("kinds");
    tcase_add_unchecked_fixture(tc, cal_setup, cal_teardown);
    tcase_add_loop_test(tc, test_kind_fixture, 0, (int)(sizeof kind_cases / sizeof *kind_cases));
    tcase_add_test(tc, test_unauthorised_one_treatment);
    tcase_add_test(tc, test_microdeposit_failure);
    tcase_add_test(tc, test_connect_in_the_ledger);
    tcase_add_test(tc, test_every_kind_has_a_case);
    tcase_add_test(tc, test_mandate_lifecycle);
    tcase_add_test(tc, test_returns);
    tcase_add_test(tc, test_return_late_after_success);
    tcase_add_test(tc, test_return_from_nacha);
    suite_add_tcase(s, tc);

    tc = tcase_create("conservation");
    tcase_add_unchecked_fixture(tc, cal_setup, cal_teardown);
    tcase_add_loop_test(tc, test_generated_conservation, 0, 6);
    tcase_add_test(tc, test_sources_sample);
    tcase_add_test(tc, test_sources_generated);
    tcase_add_test(tc, test_sources_escaped_ids);
    tcase_add_test(tc, test_rate_days_sample);
    tcase_add_test(tc, test_rate_days_generated);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);

    tc = tcase_create("api");
    tcase_add_unchecked_fixture(tc, cal_setup, cal_teardown);
    tcase_add_test(tc, test_api_arguments);
    tcase_add_test(tc, test_max_findings);
    tcase_add_test(tc, test_progress_and_fees);
    tcase_add_test(tc, test_fifteen_digits);
    tcase_add_test(tc, test_idmap);
    tcase_add_test(tc, test_positions_past_four_billion);
    tcase_add_test(tc, test_cstr_forms);
    suite_add_tcase(s, tc);
    return s;
}

ACH_TEST_MAIN(recon_suite)
