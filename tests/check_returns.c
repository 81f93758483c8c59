/* SPDX-License-Identifier: Apache-2.0 */
/* NACHA return reason codes and change codes (SPEC §11, R-RET-1 … R-RET-4). Expected values come
 * from the Nacha Operating Rules (Appendix Four and Five), SPEC R-RET-*, and the Federal
 * Reserve's published holiday schedule for the calendar arithmetic (2026: Thanksgiving Thu 11-26,
 * Christmas Fri 12-25, Independence Day on a Saturday closes nothing; 2027-01-01 is a Friday). */
#include "testing.h"

static ach_calendar *cal;

static void setup(void)
{
    ach_error err = ACH_ERROR_INIT;
    ck_assert_msg(ach_calendar_new_default(&cal, &err) == ACH_OK, "%s", err.message);
}

static void teardown(void)
{
    ach_calendar_free(cal);
    cal = NULL;
}

static const ach_return_code *rc(const char *code) { return ach_return_code_lookup(code, strlen(code)); }

/* ---- the table ---------------------------------------------------------------------------- */

/* The assigned codes of Appendix Four: R01-R47, R50-R53, R61, R62, R67-R77, R80-R85. */
START_TEST(table_holds_exactly_the_assigned_codes)
{
    static const char *unassigned[] = {"R00", "R48", "R49", "R54", "R60", "R63", "R64",
                                       "R65", "R66", "R78", "R79", "R86", "R99"};
    int n = 0;
    for (int i = 0; i <= 100; i++) {
        const ach_return_code *c = ach_return_code_by_number(i);
        if (!c) continue;
        n++;
        char want[8];
        snprintf(want, sizeof want, "R%02d", i);
        ck_assert_str_eq(c->code, want);
        ck_assert_ptr_eq(rc(want), c);
        ck_assert_ptr_nonnull(c->title);
        ck_assert_int_gt((int)strlen(c->title), 5);
    }
    ck_assert_int_eq(n, 47 + 4 + 2 + 11 + 6);
    for (size_t i = 0; i < sizeof unassigned / sizeof *unassigned; i++)
        ck_assert_msg(rc(unassigned[i]) == NULL, "%s should not exist", unassigned[i]);
}
END_TEST

START_TEST(titles_of_common_codes)
{
    ck_assert_str_eq(rc("R01")->title, "Insufficient Funds");
    ck_assert_str_eq(rc("R02")->title, "Account Closed");
    ck_assert_str_eq(rc("R03")->title, "No Account/Unable to Locate Account");
    ck_assert_str_eq(rc("R04")->title, "Invalid Account Number Structure");
    ck_assert_str_eq(rc("R08")->title, "Payment Stopped");
    ck_assert_str_eq(rc("R09")->title, "Uncollected Funds");
    ck_assert_str_eq(rc("R29")->title, "Corporate Customer Advises Not Authorized");
    ck_assert_str_eq(rc("R62")->title, "Return of Erroneous or Reversing Debit");
    ck_assert_str_eq(rc("R85")->title, "Incorrectly Coded Outbound International Payment");
}
END_TEST

/* Malformed text never matches: exact length 3, uppercase R, two ASCII digits. */
START_TEST(lookup_refuses_malformed_codes)
{
    static const char *bad[] = {"", "R", "R1", "R001", "r01", "X01", "R0A", "R 1", "01R", "C01"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        ck_assert_msg(rc(bad[i]) == NULL, "'%s' should not match", bad[i]);
    ck_assert_ptr_null(ach_return_code_lookup(NULL, 3));
    ck_assert_ptr_eq(ach_return_code_lookup("R01xyz", 3), rc("R01"));
    ck_assert_ptr_null(ach_return_code_lookup("R01 ", 4));
    ck_assert_ptr_null(ach_return_code_by_number(-1));
}
END_TEST

/* R-RET-2 groups and R-RET-1 time frames, over the whole table. */
START_TEST(categories_and_time_frames_follow_the_spec)
{
    static const char *adm = "R02 R03 R04";
    static const char *una = "R05 R07 R10 R11 R29 R51";
    static const char *d60 = "R05 R07 R10 R11 R33 R37 R38 R51 R52 R53";
    for (int i = 1; i <= 85; i++) {
        const ach_return_code *c = ach_return_code_by_number(i);
        if (!c) continue;
        ach_return_category want = strstr(adm, c->code)   ? ACH_RETURN_ADMINISTRATIVE
                                   : strstr(una, c->code) ? ACH_RETURN_UNAUTHORIZED
                                                          : ACH_RETURN_OTHER;
        ck_assert_msg(c->category == want, "%s category", c->code);
        ach_return_timeframe tf =
            strstr(d60, c->code) ? ACH_RETURN_60_CALENDAR_DAYS : ACH_RETURN_2_BANKING_DAYS;
        ck_assert_msg(c->timeframe == tf, "%s time frame", c->code);
    }
    ck_assert_str_eq(ach_return_category_name(ACH_RETURN_UNAUTHORIZED), "unauthorized");
    ck_assert_str_eq(ach_return_category_name(ACH_RETURN_ADMINISTRATIVE), "administrative");
    ck_assert_str_eq(ach_return_category_name(ACH_RETURN_OTHER), "other");
}
END_TEST

/* ---- R-RET-1 return windows --------------------------------------------------------------- */

struct window_case {
    const char *code, *settled, *returned, *deadline;
    bool late;
    int days_late;
};

static const struct window_case windows[] = {
    /* two banking days: Fri 11-20 -> Mon 11-23, Tue 11-24 */
    {"R01", "2026-11-20", "2026-11-24", "2026-11-24", false, 0},
    {"R01", "2026-11-20", "2026-11-25", "2026-11-24", true, 1},
    {"R01", "2026-11-20", "2026-11-20", "2026-11-24", false, 0},
    /* across Thanksgiving (Thu 11-26): Wed 11-25 -> Fri 11-27, Mon 11-30 */
    {"R02", "2026-11-25", "2026-11-30", "2026-11-30", false, 0},
    {"R02", "2026-11-25", "2026-12-01", "2026-11-30", true, 1},
    /* Christmas (Fri 12-25) closes; Christmas Eve does not (R-CAL-2b) */
    {"R03", "2026-12-23", "2026-12-28", "2026-12-28", false, 0},
    {"R03", "2026-12-23", "2026-12-29", "2026-12-28", true, 1},
    /* New Year's Day 2027 (Fri) */
    {"R09", "2026-12-30", "2027-01-04", "2027-01-04", false, 0},
    /* 2026-07-04 is a Saturday: Friday 07-03 is open (R-CAL-2) */
    {"R01", "2026-07-02", "2026-07-06", "2026-07-06", false, 0},
    {"R01", "2026-07-02", "2026-07-07", "2026-07-06", true, 1},
    /* R29 is unauthorised but corporate: two banking days */
    {"R29", "2026-11-20", "2026-11-24", "2026-11-24", false, 0},
    {"R29", "2026-11-20", "2026-11-27", "2026-11-24", true, 3},
    /* sixty calendar days */
    {"R10", "2026-01-15", "2026-03-16", "2026-03-16", false, 0},
    {"R10", "2026-01-15", "2026-03-17", "2026-03-16", true, 1},
    {"R05", "2024-01-15", "2024-03-15", "2024-03-15", false, 0}, /* leap February */
    {"R07", "2026-11-25", "2027-01-24", "2027-01-24", false, 0}, /* deadline on a Sunday */
    {"R11", "2026-11-25", "2027-01-25", "2027-01-24", true, 1},
    {"R51", "2026-03-02", "2026-05-01", "2026-05-01", false, 0},
    {"R53", "2026-03-02", "2026-05-02", "2026-05-01", true, 1},
    {"R33", "2026-03-02", "2026-04-01", "2026-05-01", false, 0},
};

START_TEST(return_windows_at_their_boundaries)
{
    const struct window_case *c = &windows[_i];
    ach_date settled, returned, deadline;
    ck_assert_int_eq(ach_date_parse(&settled, c->settled, 10, NULL), ACH_OK);
    ck_assert_int_eq(ach_date_parse(&returned, c->returned, 10, NULL), ACH_OK);
    ck_assert_int_eq(ach_date_parse(&deadline, c->deadline, 10, NULL), ACH_OK);
    ach_return_window w;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_msg(ach_return_window_check(&w, cal, c->code, settled, returned, &err) == ACH_OK,
                  "%s", err.message);
    char buf[ACH_DATE_FORMAT_SIZE];
    ck_assert_msg(w.deadline == deadline, "%s settled %s: deadline %s, want %s", c->code,
                  c->settled, ach_date_format(buf, w.deadline), c->deadline);
    ck_assert_msg(w.late == c->late, "%s %s->%s late", c->code, c->settled, c->returned);
    ck_assert_int_eq(w.days_late, c->days_late);
    ck_assert_str_eq(w.code->code, c->code);
}
END_TEST

START_TEST(return_window_errors)
{
    ach_return_window w = {NULL, 7, false, 7};
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_return_window_check(&w, cal, "R63", D(2026, 1, 5), D(2026, 1, 6), &err),
                     ACH_ENOTFOUND);
    ck_assert_str_eq(err.field, "code");
    ck_assert_ptr_nonnull(strstr(err.message, "R63"));
    ck_assert_int_eq(ach_return_window_check(&w, cal, "R01", D(2026, 1, 5), D(2026, 1, 4), &err),
                     ACH_EINVAL);
    ck_assert_str_eq(err.field, "returned");
    ck_assert_int_eq(ach_return_window_check(&w, cal, "R01", D(2199, 12, 30), D(2199, 12, 31), &err),
                     ACH_ERANGE);
    ck_assert_int_eq(ach_return_window_check(&w, cal, NULL, 0, 0, NULL), ACH_EINVAL);
    ck_assert_int_eq(ach_return_window_check(&w, NULL, "R01", 0, 0, NULL), ACH_EINVAL);
    /* outputs untouched on failure */
    ck_assert_int_eq(w.deadline, 7);
    ck_assert_int_eq(w.days_late, 7);
}
END_TEST

/* ---- R-RET-3 retries ---------------------------------------------------------------------- */

struct retry_case {
    const char *code, *settled;
    int presentments;
    const char *today;
    ach_retry_verdict verdict;
    int remaining;
    const char *until; /* NULL: ACH_DATE_NONE */
};

static const struct retry_case retries[] = {
    /* 2026-01-05 + 180 = Sat 2026-07-04 (no closure): last business day Fri 07-03 */
    {"R01", "2026-01-05", 1, "2026-01-08", ACH_RETRY_ALLOWED, 2, "2026-07-03"},
    {"R01", "2026-01-05", 2, "2026-02-10", ACH_RETRY_ALLOWED, 1, "2026-07-03"},
    {"R01", "2026-01-05", 3, "2026-02-10", ACH_RETRY_LIMIT_REACHED, 0, "2026-07-03"},
    {"R01", "2026-01-05", 9, "2026-02-10", ACH_RETRY_LIMIT_REACHED, 0, "2026-07-03"},
    {"R09", "2026-01-05", 1, "2026-07-03", ACH_RETRY_ALLOWED, 2, "2026-07-03"},
    {"R09", "2026-01-05", 1, "2026-07-04", ACH_RETRY_WINDOW_PASSED, 0, "2026-07-03"},
    /* 2026-06-01 + 180 = Sat 11-28: the Friday after Thanksgiving is open */
    {"R01", "2026-06-01", 1, "2026-06-03", ACH_RETRY_ALLOWED, 2, "2026-11-27"},
    /* 2026-04-15 + 180 = Columbus Day, Mon 10-12 (closed): back to Fri 10-09 */
    {"R09", "2026-04-15", 2, "2026-10-09", ACH_RETRY_ALLOWED, 1, "2026-10-09"},
    {"R09", "2026-04-15", 2, "2026-10-12", ACH_RETRY_WINDOW_PASSED, 0, "2026-10-09"},
    {"R08", "2026-01-05", 1, "2026-01-08", ACH_RETRY_NEW_AUTHORIZATION, 0, NULL},
    {"R02", "2026-01-05", 1, "2026-01-08", ACH_RETRY_CORRECT_CAUSE, 0, NULL},
    {"R10", "2026-01-05", 1, "2026-01-08", ACH_RETRY_CORRECT_CAUSE, 0, NULL},
    {"R29", "2026-01-05", 1, "2026-01-08", ACH_RETRY_CORRECT_CAUSE, 0, NULL},
};

START_TEST(retry_limits_and_windows)
{
    const struct retry_case *c = &retries[_i];
    ach_date settled, today;
    ck_assert_int_eq(ach_date_parse(&settled, c->settled, 10, NULL), ACH_OK);
    ck_assert_int_eq(ach_date_parse(&today, c->today, 10, NULL), ACH_OK);
    ach_retry r;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_msg(ach_retry_eligibility(&r, cal, c->code, settled, c->presentments, today, &err) ==
                      ACH_OK, "%s", err.message);
    ck_assert_msg(r.verdict == c->verdict, "%s x%d on %s: %s", c->code, c->presentments, c->today,
                  ach_retry_verdict_name(r.verdict));
    ck_assert(r.allowed == (c->verdict == ACH_RETRY_ALLOWED));
    ck_assert_int_eq(r.remaining, c->remaining);
    if (c->until) {
        ach_date until;
        ck_assert_int_eq(ach_date_parse(&until, c->until, 10, NULL), ACH_OK);
        char buf[ACH_DATE_FORMAT_SIZE];
        ck_assert_msg(r.until == until, "until %s, want %s", ach_date_format(buf, r.until),
                      c->until);
    } else {
        ck_assert_int_eq(r.until, ACH_DATE_NONE);
    }
}
END_TEST

START_TEST(retry_errors_and_names)
{
    ach_retry r = {NULL, ACH_RETRY_ALLOWED, true, 42, 42};
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_retry_eligibility(&r, cal, "R01", D(2026, 1, 5), 0, D(2026, 1, 6), &err),
                     ACH_EINVAL);
    ck_assert_str_eq(err.field, "presentments");
    ck_assert_int_eq(ach_retry_eligibility(&r, cal, "R01", D(2026, 1, 5), 1, D(2026, 1, 4), &err),
                     ACH_EINVAL);
    ck_assert_str_eq(err.field, "today");
    ck_assert_int_eq(ach_retry_eligibility(&r, cal, "R99", D(2026, 1, 5), 1, D(2026, 1, 6), &err),
                     ACH_ENOTFOUND);
    ck_assert_int_eq(ach_retry_eligibility(&r, cal, "R01", D(2199, 12, 1), 1, D(2199, 12, 2), &err),
                     ACH_ERANGE);
    ck_assert_int_eq(r.remaining, 42);
    ck_assert_str_eq(ach_retry_verdict_name(ACH_RETRY_ALLOWED), "allowed");
    ck_assert_str_eq(ach_retry_verdict_name(ACH_RETRY_LIMIT_REACHED), "limit-reached");
    ck_assert_str_eq(ach_retry_verdict_name(ACH_RETRY_WINDOW_PASSED), "window-passed");
    ck_assert_str_eq(ach_retry_verdict_name(ACH_RETRY_NEW_AUTHORIZATION), "new-authorization");
    ck_assert_str_eq(ach_retry_verdict_name(ACH_RETRY_CORRECT_CAUSE), "correct-cause");
}
END_TEST

/* ---- R-RET-4 notifications of change ------------------------------------------------------ */

START_TEST(noc_table)
{
    for (int i = 1; i <= 14; i++) {
        const ach_noc_code *c = ach_noc_code_by_number(i);
        ck_assert_ptr_nonnull(c);
        char want[8];
        snprintf(want, sizeof want, "C%02d", i);
        ck_assert_str_eq(c->code, want);
        ck_assert_ptr_eq(ach_noc_code_lookup(want, 3), c);
        ck_assert_uint_ne(c->corrects, 0);
    }
    ck_assert_ptr_null(ach_noc_code_lookup("C00", 3));
    ck_assert_ptr_null(ach_noc_code_lookup("C15", 3));
    ck_assert_ptr_null(ach_noc_code_lookup("C61", 3)); /* refused-NOC codes are not corrections */
    /* ... but they are known codes (issue 19): C61-C69, correcting nothing. */
    for (int i = 61; i <= 69; i++) {
        char code[8];
        snprintf(code, sizeof code, "C%02d", i);
        const ach_noc_code *c = ach_refused_noc_code_lookup(code, 3);
        ck_assert_ptr_nonnull(c);
        ck_assert_str_eq(c->code, code);
        ck_assert_uint_eq(c->corrects, 0);
    }
    ck_assert_str_eq(ach_refused_noc_code_lookup("C61", 3)->title,
                     "Misrouted Notification of Change");
    ck_assert_ptr_null(ach_refused_noc_code_lookup("C60", 3));
    ck_assert_ptr_null(ach_refused_noc_code_lookup("C70", 3));
    ck_assert_ptr_null(ach_refused_noc_code_lookup("C01", 3));
    ck_assert_ptr_null(ach_refused_noc_code_lookup("C61", 2));
    ck_assert_ptr_null(ach_noc_code_lookup("R01", 3));
    ck_assert_str_eq(ach_noc_code_lookup("C01", 3)->title, "Incorrect DFI Account Number");
    ck_assert_uint_eq(ach_noc_code_lookup("C01", 3)->corrects, ACH_NOC_ACCOUNT);
    ck_assert_uint_eq(ach_noc_code_lookup("C02", 3)->corrects, ACH_NOC_ROUTING);
    ck_assert_uint_eq(ach_noc_code_lookup("C03", 3)->corrects, ACH_NOC_ROUTING | ACH_NOC_ACCOUNT);
    ck_assert_uint_eq(ach_noc_code_lookup("C05", 3)->corrects, ACH_NOC_TRANSACTION_CODE);
    ck_assert_uint_eq(ach_noc_code_lookup("C06", 3)->corrects,
                      ACH_NOC_ACCOUNT | ACH_NOC_TRANSACTION_CODE);
    ck_assert_uint_eq(ach_noc_code_lookup("C07", 3)->corrects,
                      ACH_NOC_ROUTING | ACH_NOC_ACCOUNT | ACH_NOC_TRANSACTION_CODE);
    ck_assert_uint_eq(ach_noc_code_lookup("C09", 3)->corrects, ACH_NOC_INDIVIDUAL_ID);
    ck_assert_uint_eq(ach_noc_code_lookup("C13", 3)->corrects, ACH_NOC_ADDENDA);
    ck_assert_uint_eq(ach_noc_code_lookup("C14", 3)->corrects, ACH_NOC_SEC_CODE);
}
END_TEST

struct noc_deadline_case {
    const char *received, *deadline;
};

static const struct noc_deadline_case noc_deadlines[] = {
    {"2026-11-23", "2026-12-02"}, /* over Thanksgiving */
    {"2026-12-18", "2026-12-29"}, /* over Christmas */
    {"2026-07-04", "2026-07-13"}, /* received on a Saturday */
    {"2026-01-05", "2026-01-13"},
};

START_TEST(noc_deadline_is_six_banking_days)
{
    ach_date received, want, got = 0;
    ck_assert_int_eq(ach_date_parse(&received, noc_deadlines[_i].received, 10, NULL), ACH_OK);
    ck_assert_int_eq(ach_date_parse(&want, noc_deadlines[_i].deadline, 10, NULL), ACH_OK);
    ck_assert_int_eq(ach_noc_deadline(&got, cal, received, NULL), ACH_OK);
    char buf[ACH_DATE_FORMAT_SIZE];
    ck_assert_msg(got == want, "%s: %s, want %s", noc_deadlines[_i].received,
                  ach_date_format(buf, got), noc_deadlines[_i].deadline);
}
END_TEST

START_TEST(noc_deadline_errors)
{
    ach_date d = 5;
    ck_assert_int_eq(ach_noc_deadline(&d, cal, D(2199, 12, 28), NULL), ACH_ERANGE);
    ck_assert_int_eq(ach_noc_deadline(&d, NULL, D(2026, 1, 1), NULL), ACH_EINVAL);
    ck_assert_int_eq(d, 5);
}
END_TEST

START_TEST(noc_corrections_split_by_code)
{
    ach_noc_correction c;
    ach_error err = ACH_ERROR_INIT;
    /* C01: account in 1-17 */
    const char *c01 = "12345678901234567            ";
    ck_assert_int_eq(ach_noc_correction_parse(&c, "C01", c01, 29, &err), ACH_OK);
    ck_assert_str_eq(c.account, "12345678901234567");
    ck_assert_uint_eq(c.present, ACH_NOC_ACCOUNT);
    /* C02: routing in 1-9 */
    ck_assert_int_eq(ach_noc_correction_parse(&c, "C02", "021000021                    ", 29, &err),
                     ACH_OK);
    ck_assert_str_eq(c.routing, "021000021");
    ck_assert_str_eq(c.account, "");
    /* C03: routing 1-9, blanks 10-12, account 13-29 */
    ck_assert_int_eq(
        ach_noc_correction_parse(&c, "C03", "011000015   000123456789     ", 29, &err), ACH_OK);
    ck_assert_str_eq(c.routing, "011000015");
    ck_assert_str_eq(c.account, "000123456789");
    ck_assert_uint_eq(c.present, ACH_NOC_ROUTING | ACH_NOC_ACCOUNT);
    /* C05: transaction code 1-2 */
    ck_assert_int_eq(ach_noc_correction_parse(&c, "C05", "32", 2, &err), ACH_OK);
    ck_assert_int_eq(c.transaction_code, 32);
    /* C06: account 1-17, transaction code 21-22 */
    ck_assert_int_eq(
        ach_noc_correction_parse(&c, "C06", "987654321        " "   " "37" "       ", 29, &err), ACH_OK);
    ck_assert_str_eq(c.account, "987654321");
    ck_assert_int_eq(c.transaction_code, 37);
    /* C07: routing 1-9, account 10-26, transaction code 27-28 */
    ck_assert_int_eq(
        ach_noc_correction_parse(&c, "C07", "021000021" "00012345678      " "27", 28, &err), ACH_OK);
    ck_assert_str_eq(c.routing, "021000021");
    ck_assert_str_eq(c.account, "00012345678");
    ck_assert_int_eq(c.transaction_code, 27);
    /* C09: the id itself */
    ck_assert_int_eq(ach_noc_correction_parse(&c, "C09", "ID-4471       ", 14, &err), ACH_OK);
    ck_assert_str_eq(c.text, "ID-4471");
    ck_assert_uint_eq(c.present, ACH_NOC_INDIVIDUAL_ID);
    /* C13: text only */
    ck_assert_int_eq(ach_noc_correction_parse(&c, "C13", "", 0, &err), ACH_OK);
    ck_assert_uint_eq(c.present, 0);
}
END_TEST

START_TEST(noc_correction_errors)
{
    ach_noc_correction c;
    c.transaction_code = 99;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_noc_correction_parse(&c, "C02", "02100002X", 9, &err), ACH_EPARSE);
    ck_assert_str_eq(err.field, "corrected data");
    ck_assert_int_eq(err.column, 9);
    ck_assert_int_eq(ach_noc_correction_parse(&c, "C01", "                 ", 17, &err), ACH_EPARSE);
    ck_assert_int_eq(err.column, 1);
    ck_assert_int_eq(ach_noc_correction_parse(&c, "C05", "3", 1, &err), ACH_EPARSE);
    ck_assert_int_eq(err.column, 2);
    ck_assert_int_eq(ach_noc_correction_parse(&c, "C15", "x", 1, &err), ACH_ENOTFOUND);
    ck_assert_str_eq(err.field, "change code");
    ck_assert_int_eq(ach_noc_correction_parse(&c, "C09", "   ", 3, &err), ACH_EPARSE);
    ck_assert_int_eq(c.transaction_code, 99);
}
END_TEST

/* ---- R-RET-2 return rates ----------------------------------------------------------------- */

START_TEST(tally_counts_by_category)
{
    ach_return_tally t = {0};
    ach_return_tally_add(&t, rc("R10"));
    ach_return_tally_add(&t, rc("R29"));
    ach_return_tally_add(&t, rc("R03"));
    ach_return_tally_add(&t, rc("R01"));
    ach_return_tally_add(&t, NULL);
    ck_assert_uint_eq(t.returns, 5);
    ck_assert_uint_eq(t.unauthorized, 2);
    ck_assert_uint_eq(t.administrative, 1);
    ck_assert_uint_eq(t.debits, 0);
}
END_TEST

/* Thresholds are "exceeds": exactly 0.5 %, 3.0 %, 15.0 % is not a breach; one more return is. */
START_TEST(rates_breach_only_above_the_thresholds)
{
    ach_return_tally t = {1000, 150, 5, 30};
    ach_return_rates r;
    ach_return_rates_compute(&r, &t);
    ck_assert_uint_eq(r.debits, 1000);
    ck_assert(!r.unauthorized.breach && !r.administrative.breach && !r.overall.breach);
    ck_assert_double_eq_tol(r.unauthorized.rate, 0.005, 1e-12);
    ck_assert_double_eq_tol(r.administrative.rate, 0.03, 1e-12);
    ck_assert_double_eq_tol(r.overall.rate, 0.15, 1e-12);
    ck_assert_uint_eq(r.unauthorized.threshold_bps, 50);
    ck_assert_uint_eq(r.administrative.threshold_bps, 300);
    ck_assert_uint_eq(r.overall.threshold_bps, 1500);
    t = (ach_return_tally){1000, 151, 6, 31};
    ach_return_rates_compute(&r, &t);
    ck_assert(r.unauthorized.breach && r.administrative.breach && r.overall.breach);
    ck_assert_uint_eq(r.unauthorized.count, 6);
    t = (ach_return_tally){0, 3, 1, 1};
    ach_return_rates_compute(&r, &t);
    ck_assert(!r.unauthorized.breach && !r.overall.breach);
    ck_assert_double_eq(r.overall.rate, 0.0);
}
END_TEST

/* Exact at sizes where count * 10000 no longer fits in 64 bits. */
START_TEST(rates_exact_for_huge_counts)
{
    uint64_t unit = UINT64_C(1) << 52;
    ach_return_tally t = {200 * unit, unit, unit, 0};
    ach_return_rates r;
    ach_return_rates_compute(&r, &t);
    ck_assert(!r.unauthorized.breach);
    t.unauthorized++;
    ach_return_rates_compute(&r, &t);
    ck_assert(r.unauthorized.breach);
}
END_TEST

static Suite *returns_suite(void)
{
    Suite *s = suite_create("returns");
    TCase *tc = tcase_create("tables");
    tcase_add_test(tc, table_holds_exactly_the_assigned_codes);
    tcase_add_test(tc, titles_of_common_codes);
    tcase_add_test(tc, lookup_refuses_malformed_codes);
    tcase_add_test(tc, categories_and_time_frames_follow_the_spec);
    tcase_add_test(tc, noc_table);
    suite_add_tcase(s, tc);

    tc = tcase_create("windows");
    tcase_add_unchecked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, return_windows_at_their_boundaries, 0,
                        (int)(sizeof windows / sizeof *windows));
    tcase_add_test(tc, return_window_errors);
    tcase_add_loop_test(tc, retry_limits_and_windows, 0, (int)(sizeof retries / sizeof *retries));
    tcase_add_test(tc, retry_errors_and_names);
    tcase_add_loop_test(tc, noc_deadline_is_six_banking_days, 0,
                        (int)(sizeof noc_deadlines / sizeof *noc_deadlines));
    tcase_add_test(tc, noc_deadline_errors);
    suite_add_tcase(s, tc);

    tc = tcase_create("noc");
    tcase_add_test(tc, noc_corrections_split_by_code);
    tcase_add_test(tc, noc_correction_errors);
    suite_add_tcase(s, tc);

    tc = tcase_create("rates");
    tcase_add_test(tc, tally_counts_by_category);
    tcase_add_test(tc, rates_breach_only_above_the_thresholds);
    tcase_add_test(tc, rates_exact_for_huge_counts);
    suite_add_tcase(s, tc);
    return s;
}

ACH_TEST_MAIN(returns_suite)
