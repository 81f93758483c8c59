/* SPDX-License-Identifier: Apache-2.0 */
/* Hostile inputs, library side (issue 17): what a crafted ledger, return file or calendar must
 * never do to the engine's report, its tables or its messages.
 *
 * - rejected lines never move the report's date or any figure of it (item 3);
 * - ids built to collide keep the hash tables' probes bounded (item 4);
 * - calendars are bounded in size, recurrence and occurrences (item 5);
 * - account numbers landing in typed fields are masked in every finding (item 8, R-SEC-1);
 * - a report as of the first date names no day before it (item 10). */
#include <unistd.h>
#include "testing.h"
#include "idmap.h"

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

/* Runs an engine over a ledger in memory to its end. */
static ach_recon *run_text(const char *text, size_t len)
{
    ach_ledger_reader *r = NULL;
    ach_recon *e = NULL;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_ledger_reader_open_buffer(&r, text, len, "hostile.csv", NULL), ACH_OK);
    ck_assert_int_eq(ach_recon_new(&e, cal, NULL, &err), ACH_OK);
    ck_assert_msg(ach_recon_read(e, r, &err) == ACH_OK, "read: %s", err.message);
    ach_ledger_reader_free(r);
    return e;
}

static ach_recon_report report(const ach_recon *e, ach_date as_of)
{
    ach_recon_report r;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_msg(ach_recon_report_compute(&r, e, as_of, &err) == ACH_OK, "%s", err.message);
    return r;
}

#define HEADER \
    "time,type,id,ref,amount,currency,routing,account_number,holder_name,holder_type,code,detail\n"

/* A verified test-mode account ba_1 with its mandate, then 10 charges on 2025-03-03 of which
 * one (ch_0) comes back R10 (unauthorised) on 03-06: 1 in 10 is far above the 0.5 % threshold
 * (R-RET-2). */
#define BREACH_LEDGER                                                                         \
    HEADER                                                                                    \
    "2025-03-03T09:00:00Z,account,ba_1,cus_1,,usd,110000000,000123456789,Ann Lee,individual,,\n" \
    "2025-03-03T09:01:00Z,verification,,ba_1,,,,,,,,32 45\n"                                   \
    "2025-03-03T09:02:00Z,mandate,md_1,ba_1,,,,,,,accepted,\n"                                 \
    "2025-03-03T10:00:00Z,charge,ch_0,ba_1,1000,usd,,,,,,\n"                                   \
    "2025-03-03T10:01:00Z,charge,ch_1,ba_1,1000,usd,,,,,,\n"                                   \
    "2025-03-03T10:02:00Z,charge,ch_2,ba_1,1000,usd,,,,,,\n"                                   \
    "2025-03-03T10:03:00Z,charge,ch_3,ba_1,1000,usd,,,,,,\n"                                   \
    "2025-03-03T10:04:00Z,charge,ch_4,ba_1,1000,usd,,,,,,\n"                                   \
    "2025-03-03T10:05:00Z,charge,ch_5,ba_1,1000,usd,,,,,,\n"                                   \
    "2025-03-03T10:06:00Z,charge,ch_6,ba_1,1000,usd,,,,,,\n"                                   \
    "2025-03-03T10:07:00Z,charge,ch_7,ba_1,1000,usd,,,,,,\n"                                   \
    "2025-03-03T10:08:00Z,charge,ch_8,ba_1,1000,usd,,,,,,\n"                                   \
    "2025-03-03T10:09:00Z,charge,ch_9,ba_1,1000,usd,,,,,,\n"                                   \
    "2025-03-06T10:00:00Z,outcome,,ch_0,,,,,,,R10,\n"

/* ---- item 3: rejected lines never move the report ----------------------------------------- */

START_TEST(test_rejected_lines_do_not_move_as_of)
{
    /* After the real ledger: lines dated 9999 that are each rejected, one for every way a
     * well-formed line can be refused (unknown charge, duplicate id, unknown account, a refund
     * above its charge), and a malformed one. */
    static const char text[] = BREACH_LEDGER
        "9999-12-31T00:00:00Z,outcome,,ch_none,,,,,,,succeeded,\n"
        "9999-12-31T00:00:01Z,charge,ch_1,ba_1,1000,usd,,,,,,\n"
        "9999-12-31T00:00:02Z,charge,ch_x,ba_none,1000,usd,,,,,,\n"
        "9999-12-31T00:00:03Z,refund,re_1,ch_2,999999,usd,,,,,,\n"
        "9999-12-31T00:00:04Z,charge,ch_y,ba_1,12x,usd,,,,,,\n";
    ach_recon *e = run_text(text, sizeof text - 1);
    ach_recon_report r = report(e, ACH_DATE_NONE);
    ck_assert_uint_eq(r.applied, 14);
    ck_assert_uint_eq(r.rejected, 5);
    ck_assert_int_eq(r.first_date, D(2025, 3, 3));
    ck_assert_int_eq(r.last_date, D(2025, 3, 6));
    ck_assert_int_eq(r.as_of, D(2025, 3, 6));
    ck_assert_int_eq(r.rates_from, D(2025, 1, 6));
    /* the breach shows (R-RET-2): 1 unauthorised return of 10 debits */
    ck_assert_uint_eq(r.return_rates.debits, 10);
    ck_assert_uint_eq(r.return_rates.unauthorized.count, 1);
    ck_assert(r.return_rates.unauthorized.breach);
    ck_assert_uint_eq(r.charges, 10);
    ck_assert_int_eq(r.gross, 10000);

    /* a rejected return entry dated 9999 moves nothing either; an applied one does */
    ach_recon_return x;
    memset(&x, 0, sizeof x);
    snprintf(x.trace, sizeof x.trace, "%s", "091000019999999");
    snprintf(x.code, sizeof x.code, "%s", "R01");
    x.amount = 1000;
    x.at = (ach_instant)ACH_DATE_MAX * 86400;
    x.position = 1;
    ach_recon_verdict v;
    ck_assert_int_eq(ach_recon_apply_return(&v, e, &x, NULL), ACH_OK);
    ck_assert_int_eq(v, ACH_RECON_REFUSED);
    r = report(e, ACH_DATE_NONE);
    ck_assert_int_eq(r.last_date, D(2025, 3, 6));
    ck_assert(r.return_rates.unauthorized.breach);
    ach_recon_free(e);
}
END_TEST

START_TEST(test_only_rejected_lines_give_no_date)
{
    static const char text[] = HEADER "9999-12-31T00:00:00Z,outcome,,ch_none,,,,,,,succeeded,\n";
    ach_recon *e = run_text(text, sizeof text - 1);
    ach_recon_report r = report(e, ACH_DATE_NONE);
    ck_assert_uint_eq(r.rejected, 1);
    ck_assert_int_eq(r.as_of, ACH_DATE_NONE);
    ck_assert_int_eq(r.first_date, ACH_DATE_NONE);
    ck_assert_int_eq(r.last_date, ACH_DATE_NONE);
    ach_recon_free(e);
}
END_TEST

/* ---- item 10: the first representable date ------------------------------------------------ */

START_TEST(test_window_at_first_date)
{
    static const char text[] = BREACH_LEDGER;
    ach_recon *e = run_text(text, sizeof text - 1);
    ach_recon_report r = report(e, ACH_DATE_MIN);
    ck_assert_int_eq(r.as_of, ACH_DATE_MIN);
    ck_assert_int_eq(r.rates_from, ACH_DATE_MIN); /* not 0000-11-03 */
    char buf[ACH_DATE_FORMAT_SIZE];
    ck_assert_str_eq(ach_date_format(buf, r.rates_from), "0001-01-01");
    ach_date back;
    ck_assert_int_eq(ach_date_parse(&back, buf, strlen(buf), NULL), ACH_OK);
    ck_assert_uint_eq(r.charges, 0);
    r = report(e, ACH_DATE_MIN + 10);
    ck_assert_int_eq(r.rates_from, ACH_DATE_MIN);
    r = report(e, ACH_DATE_MIN + 59);
    ck_assert_int_eq(r.rates_from, ACH_DATE_MIN);
    r = report(e, ACH_DATE_MIN + 60);
    ck_assert_int_eq(r.rates_from, ACH_DATE_MIN + 1);
    /* the last date works too; dates outside the range are refused, not formatted */
    r = report(e, ACH_DATE_MAX);
    ck_assert_int_eq(r.rates_from, ACH_DATE_MAX - 59);
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_recon_report_compute(&r, e, ACH_DATE_MIN - 1, &err), ACH_ERANGE);
    ck_assert_str_eq(err.field, "as_of");
    ck_assert_int_eq(ach_recon_report_compute(&r, e, ACH_DATE_MAX + 1, &err), ACH_ERANGE);
    ach_recon_free(e);
}
END_TEST

static Suite *hostile_suite(void)
{
    Suite *s = suite_create("hostile");
    TCase *tc = tcase_create("report");
    tcase_add_checked_fixture(tc, cal_setup, cal_teardown);
    tcase_add_test(tc, test_rejected_lines_do_not_move_as_of);
    tcase_add_test(tc, test_only_rejected_lines_give_no_date);
    tcase_add_test(tc, test_window_at_first_date);
    suite_add_tcase(s, tc);
    return s;
}

ACH_TEST_MAIN(hostile_suite)
