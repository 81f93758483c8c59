/* SPDX-License-Identifier: Apache-2.0 */
/* Dates and instants: civil conversion, weekdays, leap years, ISO 8601 parsing and formatting. */
#include "testing.h"

START_TEST(known_dates_convert_both_ways)
{
    ck_assert_int_eq(D(1970, 1, 1), 0);
    ck_assert_int_eq(D(1969, 12, 31), -1);
    ck_assert_int_eq(D(2000, 3, 1), 11017);
    ck_assert_int_eq(D(2026, 11, 26), 20783);
    ck_assert_int_eq(D(1, 1, 1), ACH_DATE_MIN);
    ck_assert_int_eq(D(9999, 12, 31), ACH_DATE_MAX);
    ach_civil c = ach_date_civil(20783);
    ck_assert_int_eq(c.year, 2026);
    ck_assert_int_eq(c.month, 11);
    ck_assert_int_eq(c.day, 26);
}
END_TEST

/* Days round-trip and consecutive days are consecutive civil dates (day+1, or the first of the
 * next month or year): every day of 1890-2210 (leap rules of 1900, 2000, 2100 included), and
 * every 97th day over the whole supported range 0001-9999. */
static void check_span(ach_date from, ach_date to, ach_date stride)
{
    ach_civil prev = ach_date_civil(from);
    for (ach_date d = from + stride; d <= to; d += stride) {
        ach_civil c = ach_date_civil(d);
        ach_date back = 0;
        ck_assert_int_eq(ach_date_make(&back, c.year, c.month, c.day, NULL), ACH_OK);
        if (back != d) ck_abort_msg("round trip of %d gave %d", d, back);
        if (stride == 1) {
            bool next_day = c.year == prev.year && c.month == prev.month && c.day == prev.day + 1;
            bool next_month = c.year == prev.year && c.month == prev.month + 1 && c.day == 1 &&
                              prev.day == ach_days_in_month(prev.year, prev.month);
            bool next_year = c.year == prev.year + 1 && c.month == 1 && c.day == 1 &&
                             prev.month == 12 && prev.day == 31;
            if (!(next_day || next_month || next_year)) ck_abort_msg("discontinuity at %d", d);
        }
        prev = c;
    }
}

START_TEST(whole_range_round_trips)
{
    ck_assert_int_eq(ach_date_civil(ACH_DATE_MIN).year, 1);
    check_span(D(1890, 1, 1), D(2210, 12, 31), 1);
    check_span(ACH_DATE_MIN, ACH_DATE_MAX, 97);
    check_span(ACH_DATE_MAX - 400, ACH_DATE_MAX, 1);
    check_span(ACH_DATE_MIN, ACH_DATE_MIN + 400, 1);
}
END_TEST

START_TEST(leap_years)
{
    ck_assert(!ach_is_leap_year(1900));
    ck_assert(ach_is_leap_year(2000));
    ck_assert(ach_is_leap_year(2024));
    ck_assert(!ach_is_leap_year(2100));
    ck_assert_int_eq(ach_days_in_month(1900, 2), 28);
    ck_assert_int_eq(ach_days_in_month(2000, 2), 29);
    ck_assert_int_eq(ach_days_in_month(2024, 2), 29);
    ck_assert_int_eq(ach_days_in_month(2100, 2), 28);
    ck_assert_int_eq(ach_days_in_month(2026, 13), 0);
    ach_date d;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_date_make(&d, 1900, 2, 29, &err), ACH_ERANGE);
    ck_assert_str_eq(err.field, "day");
    ck_assert_int_eq(ach_date_make(&d, 2000, 2, 29, NULL), ACH_OK);
    ck_assert_int_eq(D(2024, 3, 1) - D(2024, 2, 28), 2);
    ck_assert_int_eq(D(2100, 3, 1) - D(2100, 2, 28), 1);
}
END_TEST

START_TEST(weekdays)
{
    ck_assert_int_eq(ach_date_weekday(D(1970, 1, 1)), ACH_THURSDAY);
    ck_assert_int_eq(ach_date_weekday(D(2026, 11, 26)), ACH_THURSDAY);
    ck_assert_int_eq(ach_date_weekday(D(2026, 7, 4)), ACH_SATURDAY);
    ck_assert_int_eq(ach_date_weekday(D(2022, 6, 19)), ACH_SUNDAY);
    ck_assert_int_eq(ach_date_weekday(D(1969, 12, 29)), ACH_MONDAY);
    ck_assert_int_eq(ach_date_weekday(D(1, 1, 1)), ACH_MONDAY);
}
END_TEST

START_TEST(parse_and_format_dates)
{
    ach_date d = 0;
    ck_assert_int_eq(ach_date_parse(&d, "2026-11-26", 10, NULL), ACH_OK);
    ck_assert_int_eq(d, 20783);
    char buf[ACH_DATE_FORMAT_SIZE];
    ck_assert_str_eq(ach_date_format(buf, d), "2026-11-26");
    ck_assert_str_eq(ach_date_format(buf, ACH_DATE_MIN), "0001-01-01");
    ck_assert_str_eq(ach_date_format(buf, ACH_DATE_MAX), "9999-12-31");
    ck_assert_str_eq(ach_date_format(buf, -1), "1969-12-31");
}
END_TEST

struct parse_case {
    const char *text;
    ach_status status;
    uint32_t column;
    const char *needle; /* a phrase the message must contain */
};

/* Every parse-error kind, with the 1-based character it names. */
static const struct parse_case date_errors[] = {
    {"2026-13-01", ACH_ERANGE, 6, "month 13"},
    {"2026-00-10", ACH_ERANGE, 6, "month 0"},
    {"2026-02-30", ACH_ERANGE, 9, "day 30 does not exist in 2026-02"},
    {"2023-02-29", ACH_ERANGE, 9, "day 29"},
    {"2026-04-31", ACH_ERANGE, 9, "day 31"},
    {"0000-01-01", ACH_ERANGE, 1, "year 0"},
    {"2026-11-26x", ACH_EPARSE, 11, "trailing"},
    {"2026-11-2", ACH_EPARSE, 10, "input ends"},
    {"", ACH_EPARSE, 1, "input ends"},
    {"2026/11/26", ACH_EPARSE, 5, "expected '-'"},
    {"20a6-11-26", ACH_EPARSE, 3, "digit of the year"},
    {"2026-1-26", ACH_EPARSE, 7, "digit of the month"},
    {" 2026-11-26", ACH_EPARSE, 1, "digit of the year"},
    {"２026-11-26", ACH_EPARSE, 1, "byte 0x"},
};

START_TEST(date_parse_errors)
{
    const struct parse_case *c = &date_errors[_i];
    ach_date d = 777;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_date_parse(&d, c->text, strlen(c->text), &err), c->status);
    ck_assert_int_eq(d, 777); /* output untouched on failure */
    ck_assert_int_eq(err.code, c->status);
    ck_assert_uint_eq(err.column, c->column);
    ck_assert_str_eq(err.field, "date");
    ck_assert_msg(strstr(err.message, c->needle), "'%s': message '%s' lacks '%s'", c->text,
                  err.message, c->needle);
}
END_TEST

static const struct parse_case instant_errors[] = {
    {"2026-11-25T24:00:00Z", ACH_ERANGE, 12, "hour 24"},
    {"2026-11-25T23:60:00Z", ACH_ERANGE, 15, "minute 60"},
    {"2026-11-25T23:59:60Z", ACH_ERANGE, 18, "second 60"},
    {"2026-11-25T22:00:00", ACH_EPARSE, 20, "missing 'Z'"},
    {"2026-11-25T22:00:00+01:00", ACH_EPARSE, 20, "expected 'Z'"},
    {"2026-11-25T22:00:00.5Z", ACH_EPARSE, 20, "expected 'Z'"},
    {"2026-11-25T22:00:00Zx", ACH_EPARSE, 21, "trailing"},
    {"2026-11-25 22:00:00Z", ACH_EPARSE, 11, "expected 'T'"},
    {"2026-11-25t22:00:00Z", ACH_EPARSE, 11, "expected 'T'"},
    {"2026-11-25T22:00:00z", ACH_EPARSE, 20, "expected 'Z'"},
    {"2026-11-25T2:00:00Z", ACH_EPARSE, 13, "digit of the hour"},
    {"2026-11-25T22-00:00Z", ACH_EPARSE, 14, "expected ':'"},
    {"2026-02-30T10:00:00Z", ACH_ERANGE, 9, "day 30"},
    {"2026-13-30T10:00:00Z", ACH_ERANGE, 6, "month 13"},
    {"2026-11-25", ACH_EPARSE, 11, "input ends"},
};

START_TEST(instant_parse_errors)
{
    const struct parse_case *c = &instant_errors[_i];
    ach_instant t = 777;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_instant_parse(&t, c->text, strlen(c->text), &err), c->status);
    ck_assert_int_eq(t, 777);
    ck_assert_uint_eq(err.column, c->column);
    ck_assert_str_eq(err.field, "time");
    ck_assert_msg(strstr(err.message, c->needle), "'%s': message '%s' lacks '%s'", c->text,
                  err.message, c->needle);
}
END_TEST

START_TEST(instants_parse_format_and_split)
{
    ach_instant t = 0;
    const char *s = "2026-11-25T21:59:59Z";
    ck_assert_int_eq(ach_instant_parse(&t, s, strlen(s), NULL), ACH_OK);
    ck_assert_int_eq(t, (int64_t)D(2026, 11, 25) * 86400 + 21 * 3600 + 59 * 60 + 59);
    ck_assert_int_eq(ach_instant_date(t), D(2026, 11, 25));
    ck_assert_int_eq(ach_instant_second_of_day(t), 79199);
    char buf[ACH_INSTANT_FORMAT_SIZE];
    ck_assert_str_eq(ach_instant_format(buf, t), s);
    /* before the epoch the day is found by floor division */
    ck_assert_int_eq(ach_instant_date(-1), -1);
    ck_assert_int_eq(ach_instant_second_of_day(-1), 86399);
    ck_assert_str_eq(ach_instant_format(buf, -1), "1969-12-31T23:59:59Z");
    ck_assert_int_eq(ach_instant_make(D(1970, 1, 2), 0, 0, 0), 86400);
    ck_assert_int_eq(ach_instant_parse(&t, "0001-01-01T00:00:00Z", 20, NULL), ACH_OK);
    ck_assert_int_eq(t, (int64_t)ACH_DATE_MIN * 86400);
    ck_assert_int_eq(ach_instant_parse(&t, "9999-12-31T23:59:59Z", 20, NULL), ACH_OK);
    ck_assert_str_eq(ach_instant_format(buf, t), "9999-12-31T23:59:59Z");
}
END_TEST

static Suite *date_suite(void)
{
    Suite *s = suite_create("date");
    TCase *tc = tcase_create("civil");
    tcase_add_test(tc, known_dates_convert_both_ways);
    tcase_add_test(tc, whole_range_round_trips);
    tcase_add_test(tc, leap_years);
    tcase_add_test(tc, weekdays);
    tcase_set_timeout(tc, 30);
    suite_add_tcase(s, tc);
    tc = tcase_create("iso8601");
    tcase_add_test(tc, parse_and_format_dates);
    tcase_add_loop_test(tc, date_parse_errors, 0, (int)(sizeof date_errors / sizeof *date_errors));
    tcase_add_loop_test(tc, instant_parse_errors, 0,
                        (int)(sizeof instant_errors / sizeof *instant_errors));
    tcase_add_test(tc, instants_parse_format_and_split);
    suite_add_tcase(s, tc);
    return s;
}

ACH_TEST_MAIN(date_suite)
