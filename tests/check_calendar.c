/* SPDX-License-Identifier: Apache-2.0 */
/* Business-day calendar (SPEC R-CAL-1 … R-CAL-4). Expected values come from the Federal
 * Reserve's published holiday schedules (federalreserve.gov "Holidays Observed by the Federal
 * Reserve System"), not from the code. */
#include <pthread.h>
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

static bool is_bd(ach_date d)
{
    bool yes = false;
    ck_assert_int_eq(ach_calendar_is_business_day(&yes, cal, d, NULL), ACH_OK);
    return yes;
}

static ach_date add(ach_date d, int32_t n)
{
    ach_date out = 0;
    ck_assert_int_eq(ach_calendar_add_business_days(&out, cal, d, n, NULL), ACH_OK);
    return out;
}

static int32_t between(ach_date a, ach_date b)
{
    int32_t n = 0;
    ck_assert_int_eq(ach_calendar_business_days_between(&n, cal, a, b, NULL), ACH_OK);
    return n;
}

static ach_date processing(const char *instant)
{
    ach_instant t = 0;
    ach_date d = 0;
    ck_assert_int_eq(ach_instant_parse(&t, instant, strlen(instant), NULL), ACH_OK);
    ck_assert_int_eq(ach_calendar_processing_date(&d, cal, t, NULL), ACH_OK);
    return d;
}

/* R-CAL-1/R-CAL-2: the published closure lists of whole years. */
struct year_case {
    int year;
    const char *closures[12];
};

static const struct year_case years[] = {
    {2021, {"2021-01-01 New Year's Day", "2021-01-18 Martin Luther King Jr. Day",
            "2021-02-15 Washington's Birthday", "2021-05-31 Memorial Day",
            "2021-07-05 Independence Day", "2021-09-06 Labor Day", "2021-10-11 Columbus Day",
            "2021-11-11 Veterans Day", "2021-11-25 Thanksgiving Day", NULL}},
    {2022, {"2022-01-17 Martin Luther King Jr. Day", "2022-02-21 Washington's Birthday",
            "2022-05-30 Memorial Day", "2022-06-20 Juneteenth National Independence Day",
            "2022-07-04 Independence Day", "2022-09-05 Labor Day", "2022-10-10 Columbus Day",
            "2022-11-11 Veterans Day", "2022-11-24 Thanksgiving Day", "2022-12-26 Christmas Day",
            NULL}},
    {2023, {"2023-01-02 New Year's Day", "2023-01-16 Martin Luther King Jr. Day",
            "2023-02-20 Washington's Birthday", "2023-05-29 Memorial Day",
            "2023-06-19 Juneteenth National Independence Day", "2023-07-04 Independence Day",
            "2023-09-04 Labor Day", "2023-10-09 Columbus Day", "2023-11-23 Thanksgiving Day",
            "2023-12-25 Christmas Day", NULL}},
    {2025, {"2025-01-01 New Year's Day", "2025-01-20 Martin Luther King Jr. Day",
            "2025-02-17 Washington's Birthday", "2025-05-26 Memorial Day",
            "2025-06-19 Juneteenth National Independence Day", "2025-07-04 Independence Day",
            "2025-09-01 Labor Day", "2025-10-13 Columbus Day", "2025-11-11 Veterans Day",
            "2025-11-27 Thanksgiving Day", "2025-12-25 Christmas Day", NULL}},
    {2026, {"2026-01-01 New Year's Day", "2026-01-19 Martin Luther King Jr. Day",
            "2026-02-16 Washington's Birthday", "2026-05-25 Memorial Day",
            "2026-06-19 Juneteenth National Independence Day", "2026-09-07 Labor Day",
            "2026-10-12 Columbus Day", "2026-11-11 Veterans Day", "2026-11-26 Thanksgiving Day",
            "2026-12-25 Christmas Day", NULL}},
    {2027, {"2027-01-01 New Year's Day", "2027-01-18 Martin Luther King Jr. Day",
            "2027-02-15 Washington's Birthday", "2027-05-31 Memorial Day",
            "2027-07-05 Independence Day", "2027-09-06 Labor Day", "2027-10-11 Columbus Day",
            "2027-11-11 Veterans Day", "2027-11-25 Thanksgiving Day", NULL}},
};

START_TEST(closures_of_a_year_match_the_published_schedule)
{
    const struct year_case *c = &years[_i];
    ach_holiday list[32];
    size_t n = 0;
    ck_assert_int_eq(ach_calendar_holidays(list, 32, &n, cal, D(c->year, 1, 1), D(c->year, 12, 31),
                                           NULL),
                     ACH_OK);
    size_t want = 0;
    while (c->closures[want]) want++;
    ck_assert_uint_eq(n, want);
    for (size_t i = 0; i < n; i++) {
        char line[96], d[ACH_DATE_FORMAT_SIZE];
        snprintf(line, sizeof line, "%s %s", ach_date_format(d, list[i].date), list[i].name);
        ck_assert_str_eq(line, c->closures[i]);
        ck_assert(!is_bd(list[i].date));
    }
}
END_TEST

struct day_case {
    int y, m, d;
    bool business;
    const char *why;
};

static const struct day_case days[] = {
    {2022, 6, 20, false, "R-CAL-2 Juneteenth on Sunday 2022-06-19 closes Monday"},
    {2022, 6, 19, false, "Sunday"},
    {2023, 1, 2, false, "R-CAL-2 New Year's Day on Sunday closes Monday 2023-01-02"},
    {2021, 12, 31, true, "R-CAL-2 New Year's Day 2022 on Saturday: Friday open"},
    {2026, 7, 3, true, "R-CAL-2 Independence Day 2026 on Saturday: Friday open"},
    {2026, 7, 4, false, "Saturday"},
    {2027, 6, 18, true, "R-CAL-2 Juneteenth 2027 on Saturday: Friday open"},
    {2027, 12, 24, true, "R-CAL-2 Christmas 2027 on Saturday: Friday open"},
    {2021, 6, 18, true, "Juneteenth is no closure before 2022 (2021-06-19 was a Saturday anyway)"},
    {2020, 6, 19, true, "R-CAL-1 Juneteenth before 2022: a Friday, open"},
    {2021, 6, 21, true, "no Monday closure for Juneteenth 2021"},
    {2025, 1, 9, true, "R-CAL-2b day of mourning closes federal offices, not FedACH"},
    {2026, 12, 24, true, "R-CAL-2b Christmas Eve is not a holiday"},
    {2026, 11, 26, false, "Thanksgiving"},
    {2026, 11, 27, true, "day after Thanksgiving"},
    {1985, 1, 21, true, "R-CAL-1 no Martin Luther King Jr. Day before 1986"},
    {1986, 1, 20, false, "first Martin Luther King Jr. Day"},
    {1975, 10, 27, false, "Veterans Day on the 4th Monday of October 1971-1977"},
    {1975, 11, 11, true, "Veterans Day 1975 was in October"},
    {1979, 11, 12, false, "Veterans Day 1979 on Sunday closes Monday"},
    {1978, 11, 10, true, "Veterans Day 1978 on Saturday: Friday open"},
    {1970, 2, 23, false, "Washington's Birthday 1970 (Feb 22, a Sunday)"},
    {1970, 2, 16, true, "third Monday of February 1970 was no holiday yet"},
    {2199, 12, 25, false, "Christmas at the end of the default range (a Wednesday)"},
};

START_TEST(single_days)
{
    const struct day_case *c = &days[_i];
    ck_assert_msg(is_bd(D(c->y, c->m, c->d)) == c->business, "%04d-%02d-%02d: %s", c->y, c->m,
                  c->d, c->why);
}
END_TEST

START_TEST(cutoff_at_22_utc_r_cal_4)
{
    /* Wednesday before Thanksgiving 2026: the next business day is Friday 11-27. */
    ck_assert_int_eq(processing("2026-11-25T21:59:59Z"), D(2026, 11, 25));
    ck_assert_int_eq(processing("2026-11-25T22:00:00Z"), D(2026, 11, 27));
    /* Friday: after the cutoff it is Monday. */
    ck_assert_int_eq(processing("2026-11-27T21:59:59Z"), D(2026, 11, 27));
    ck_assert_int_eq(processing("2026-11-27T22:00:00Z"), D(2026, 11, 30));
    /* weekend and holiday */
    ck_assert_int_eq(processing("2026-11-28T09:00:00Z"), D(2026, 11, 30));
    ck_assert_int_eq(processing("2026-11-26T08:00:00Z"), D(2026, 11, 27));
    /* eve of Christmas 2026 (Friday) */
    ck_assert_int_eq(processing("2026-12-24T21:59:59Z"), D(2026, 12, 24));
    ck_assert_int_eq(processing("2026-12-24T22:00:00Z"), D(2026, 12, 28));
    /* New Year's Eve 2026, then New Year's Day 2027 (Friday) closed */
    ck_assert_int_eq(processing("2026-12-31T22:00:00Z"), D(2027, 1, 4));
    ck_assert_int_eq(processing("2026-12-31T00:00:00Z"), D(2026, 12, 31));
}
END_TEST

START_TEST(add_next_previous_between)
{
    ach_date wed = D(2026, 11, 25);
    ck_assert_int_eq(add(wed, 1), D(2026, 11, 27));
    ck_assert_int_eq(add(wed, 2), D(2026, 11, 30));
    ck_assert_int_eq(add(D(2026, 11, 27), -1), wed);
    ck_assert_int_eq(add(wed, 0), wed);
    ck_assert_int_eq(add(D(2026, 11, 28), 0), D(2026, 11, 28));
    ck_assert_int_eq(add(D(2026, 11, 28), 1), D(2026, 11, 30)); /* from a Saturday */
    ck_assert_int_eq(add(D(2026, 11, 28), -1), D(2026, 11, 27));
    /* processing + 4 and + 7 business days across Christmas and New Year (R-CHG-4/5) */
    ck_assert_int_eq(add(D(2026, 12, 24), 4), D(2026, 12, 31));
    ck_assert_int_eq(add(D(2026, 12, 24), 7), D(2027, 1, 6));
    ach_date next = 0, prev = 0;
    ck_assert_int_eq(ach_calendar_next_business_day(&next, cal, D(2026, 12, 24), NULL), ACH_OK);
    ck_assert_int_eq(next, D(2026, 12, 28));
    ck_assert_int_eq(ach_calendar_previous_business_day(&prev, cal, D(2027, 1, 4), NULL), ACH_OK);
    ck_assert_int_eq(prev, D(2026, 12, 31));
    ck_assert_int_eq(between(wed, D(2026, 11, 30)), 2);
    ck_assert_int_eq(between(D(2026, 11, 30), wed), -2);
    ck_assert_int_eq(between(wed, wed), 0);
    /* 2026 has 365 days, 104 weekend days and 10 weekday closures */
    ck_assert_int_eq(between(D(2025, 12, 31), D(2026, 12, 31)), 365 - 104 - 10);
}
END_TEST

/* add and between are inverses, and add agrees with a day-by-day walk. */
START_TEST(add_between_inverse_over_random_dates)
{
    uint64_t x = 0x9E3779B97F4A7C15u;
    ach_date lo = D(1971, 1, 1), span = D(2198, 12, 31) - lo;
    for (int i = 0; i < 20000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        ach_date d = lo + (ach_date)(x % (uint64_t)span);
        int32_t n = (int32_t)((x >> 32) % 61) - 30;
        ach_date e = add(d, n);
        ck_assert_int_eq(between(d, e), n);
        if (n != 0) ck_assert(is_bd(e));
        if (is_bd(d)) ck_assert_int_eq(add(e, -n), d);
        if (i % 50 == 0) { /* slow oracle: walk day by day */
            ach_date w = d;
            for (int32_t k = 0; k < (n < 0 ? -n : n);) {
                w += n < 0 ? -1 : 1;
                if (is_bd(w)) k++;
            }
            ck_assert_int_eq(w, e);
        }
    }
}
END_TEST

START_TEST(range_edges_are_errors_not_guesses)
{
    ach_date first = 0, last = 0, out = 0;
    ach_calendar_range(cal, &first, &last);
    ck_assert_int_eq(first, D(1970, 1, 1));
    ck_assert_int_eq(last, D(2199, 12, 31));
    bool yes;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_calendar_is_business_day(&yes, cal, D(1969, 12, 31), &err), ACH_ERANGE);
    ck_assert_ptr_nonnull(strstr(err.message, "1969-12-31 is outside the calendar's range "
                                              "1970-01-01 to 2199-12-31"));
    ck_assert_int_eq(ach_calendar_is_business_day(&yes, cal, D(2200, 1, 1), NULL), ACH_ERANGE);
    ck_assert_int_eq(ach_calendar_add_business_days(&out, cal, D(2199, 12, 30), 2, &err),
                     ACH_ERANGE);
    /* 1970-01-01 was New Year's Day: the first business day in range is Friday 01-02. */
    ck_assert_int_eq(ach_calendar_add_business_days(&out, cal, D(1970, 1, 2), -1, NULL),
                     ACH_ERANGE);
    ck_assert_int_eq(ach_calendar_add_business_days(&out, cal, D(1970, 1, 5), -1, NULL), ACH_OK);
    ck_assert_int_eq(out, D(1970, 1, 2));
    ck_assert_int_eq(ach_calendar_add_business_days(&out, cal, D(2199, 12, 30), 1, NULL), ACH_OK);
    ck_assert_int_eq(out, D(2199, 12, 31));
    ach_instant t = ach_instant_make(D(2199, 12, 31), 22, 0, 0);
    ck_assert_int_eq(ach_calendar_processing_date(&out, cal, t, NULL), ACH_ERANGE);
    int32_t n;
    ck_assert_int_eq(ach_calendar_business_days_between(&n, cal, D(2026, 1, 1), D(2300, 1, 1), &err),
                     ACH_ERANGE);
    ck_assert_str_eq(err.field, "to");
    size_t count = 0;
    ck_assert_int_eq(ach_calendar_holidays(NULL, 0, &count, cal, D(2026, 2, 1), D(2026, 1, 1), NULL),
                     ACH_EINVAL);
    ach_holiday two[2];
    ck_assert_int_eq(ach_calendar_holidays(two, 2, &count, cal, D(2026, 1, 1), D(2026, 12, 31), NULL),
                     ACH_EBUFS);
    ck_assert_uint_eq(count, 10);
    ck_assert_int_eq(two[1].date, D(2026, 1, 19));
}
END_TEST

/* ---- loading other calendars ---- */

static ach_status load(ach_calendar **out, const char *rel, const ach_calendar_options *opts,
                       ach_error *err)
{
    char path[1024];
    return ach_calendar_load_file(out, ach_test_srcpath(path, sizeof path, rel), opts, err);
}

START_TEST(custom_calendar_with_rdate_exdate_and_range)
{
    ach_calendar_options opts = ACH_CALENDAR_OPTIONS_INIT;
    opts.first_year = 2020;
    opts.last_year = 2030;
    ach_calendar *c = NULL;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_msg(load(&c, "tests/data/calendar/custom.ics", &opts, &err) == ACH_OK, "%s",
                  err.message);
    ach_holiday list[8];
    size_t n = 0;
    ck_assert_int_eq(ach_calendar_holidays(list, 8, &n, c, D(2023, 1, 1), D(2025, 12, 31), NULL),
                     ACH_OK);
    ck_assert_uint_eq(n, 3); /* Saturday "Harvest" never closes anything */
    ck_assert_int_eq(list[0].date, D(2023, 3, 6));
    ck_assert_int_eq(list[1].date, D(2024, 3, 5)); /* RDATE replaces the EXDATE'd 2024-03-04 */
    ck_assert_int_eq(list[2].date, D(2025, 3, 3));
    ck_assert_str_eq(list[1].name, "Founders Day");
    bool yes;
    ck_assert_int_eq(ach_calendar_is_business_day(&yes, c, D(2026, 11, 26), NULL), ACH_OK);
    ck_assert(yes); /* no Thanksgiving in this calendar */
    ck_assert_int_eq(ach_calendar_is_business_day(&yes, c, D(2031, 1, 2), NULL), ACH_ERANGE);
    ach_calendar_free(c);

    /* The same text from a buffer that is not NUL-terminated. */
    const char text[] = "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:x\nBEGIN:VEVENT\nUID:one\n"
                        "SUMMARY:One Day\nDTSTART;VALUE=DATE:20260105\nEND:VEVENT\nEND:VCALENDAR\nJUNK";
    ck_assert_int_eq(ach_calendar_load_buffer(&c, text, sizeof text - 1 - 4, "mem", &opts, &err),
                     ACH_OK);
    ck_assert_int_eq(ach_calendar_is_business_day(&yes, c, D(2026, 1, 5), NULL), ACH_OK);
    ck_assert(!yes);
    ach_calendar_free(c);
    ach_calendar_free(NULL);

    /* Regression (fuzz): events with no closure inside the range give a calendar of weekends. */
    const char old[] = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:old\nDTSTART;VALUE=DATE:19900105\n"
                       "END:VEVENT\nEND:VCALENDAR\n";
    ck_assert_int_eq(ach_calendar_load_buffer(&c, old, sizeof old - 1, "old", &opts, &err), ACH_OK);
    size_t count = 1;
    ck_assert_int_eq(ach_calendar_holidays(NULL, 0, &count, c, D(2020, 1, 1), D(2030, 12, 31), NULL),
                     ACH_OK);
    ck_assert_uint_eq(count, 0);
    ach_calendar_free(c);
}
END_TEST

struct bad_case {
    const char *file;
    ach_status status;
    const char *field;
    const char *needle;
    uint32_t line; /* 0: no line to name */
};

static const struct bad_case bad[] = {
    {"tests/data/calendar/missing.ics", ACH_EIO, "", "cannot open", 0},
    {"tests/data/calendar/not-ical.txt", ACH_ECALENDAR, "", "not iCalendar", 1},
    {"tests/data/calendar/no-vevent.ics", ACH_ECALENDAR, "VEVENT", "no VEVENT", 0},
    {"tests/data/calendar/bad-rrule.ics", ACH_ECALENDAR, "VEVENT", "event 'broken-rule@tests.libach'", 0},
    {"tests/data/calendar/datetime-dtstart.ics", ACH_ECALENDAR, "DTSTART",
     "event 'Timed Holiday': DTSTART must be a DATE", 0},
    {"tests/data/calendar/no-dtstart.ics", ACH_ECALENDAR, "DTSTART",
     "event 'no-start@tests.libach' has no DTSTART", 0},
    {"tests/data/calendar/end-before-begin.ics", ACH_ECALENDAR, "", "END:VEVENT closes BEGIN:VCALENDAR", 3},
    {"tests/data/calendar/unclosed.ics", ACH_ECALENDAR, "", "END:VCALENDAR closes BEGIN:VEVENT", 6},
    {"tests/data/calendar/no-colon.ics", ACH_ECALENDAR, "", "no ':'", 5},
};

/* Issue 20: the default calendar is precomputed at build time; it must be exactly what loading
 * data/fed-holidays.ics gives (same range, every day, every closure and its name), so a
 * stale or wrong table cannot go unnoticed. */
START_TEST(precomputed_default_equals_the_ics)
{
    ach_calendar *def = NULL, *ics = NULL;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(ach_calendar_new_default(&def, NULL), ACH_OK);
    ck_assert_msg(load(&ics, "data/fed-holidays.ics", NULL, &err) == ACH_OK, "%s", err.message);
    ach_date f1, l1, f2, l2;
    ach_calendar_range(def, &f1, &l1);
    ach_calendar_range(ics, &f2, &l2);
    ck_assert_int_eq(f1, f2);
    ck_assert_int_eq(l1, l2);
    ck_assert_int_eq(f1, D(ACH_CALENDAR_DEFAULT_FIRST_YEAR, 1, 1));
    ck_assert_int_eq(l1, D(ACH_CALENDAR_DEFAULT_LAST_YEAR, 12, 31));
    for (ach_date d = f1; d <= l1; d++) {
        bool a = false, b = true;
        ck_assert_int_eq(ach_calendar_is_business_day(&a, def, d, NULL), ACH_OK);
        ck_assert_int_eq(ach_calendar_is_business_day(&b, ics, d, NULL), ACH_OK);
        if (a != b) ck_abort_msg("day %ld differs", (long)d);
    }
    int32_t n1 = 0, n2 = 0;
    ck_assert_int_eq(ach_calendar_business_days_between(&n1, def, f1, l1, NULL), ACH_OK);
    ck_assert_int_eq(ach_calendar_business_days_between(&n2, ics, f1, l1, NULL), ACH_OK);
    ck_assert_int_eq(n1, n2);
    size_t c1 = 0, c2 = 0;
    ck_assert_int_eq(ach_calendar_holidays(NULL, 0, &c1, def, f1, l1, NULL), ACH_EBUFS);
    ck_assert_int_eq(ach_calendar_holidays(NULL, 0, &c2, ics, f1, l1, NULL), ACH_EBUFS);
    ck_assert_uint_eq(c1, c2);
    ck_assert_uint_gt(c1, 2000); /* about 10 closures a year over 230 years */
    ach_holiday *h1 = calloc(c1, sizeof *h1), *h2 = calloc(c2, sizeof *h2);
    ck_assert_int_eq(ach_calendar_holidays(h1, c1, &c1, def, f1, l1, NULL), ACH_OK);
    ck_assert_int_eq(ach_calendar_holidays(h2, c2, &c2, ics, f1, l1, NULL), ACH_OK);
    for (size_t i = 0; i < c1; i++) {
        ck_assert_int_eq(h1[i].date, h2[i].date);
        ck_assert_str_eq(h1[i].name, h2[i].name);
    }
    free(h1);
    free(h2);
    ach_calendar_free(ics);
    ach_calendar_free(def);
    ck_assert_int_eq(ach_calendar_new_default(NULL, &err), ACH_EINVAL);
}
END_TEST

START_TEST(malformed_calendars_name_file_event_and_problem)
{
    const struct bad_case *c = &bad[_i];
    ach_calendar *out = (ach_calendar *)&out; /* must stay untouched */
    ach_calendar *sentinel = out;
    ach_error err = ACH_ERROR_INIT;
    ck_assert_int_eq(load(&out, c->file, NULL, &err), c->status);
    ck_assert_ptr_eq(out, sentinel);
    const char *base = strrchr(c->file, '/') + 1;
    ck_assert_msg(strstr(err.source, base), "source '%s' lacks '%s'", err.source, base);
    ck_assert_str_eq(err.field, c->field);
    ck_assert_msg(strstr(err.message, c->needle), "message '%s' lacks '%s'", err.message,
                  c->needle);
    ck_assert_uint_eq(err.line, c->line);
}
END_TEST

START_TEST(bad_options_are_refused)
{
    ach_calendar *c = NULL;
    ach_calendar_options opts = ACH_CALENDAR_OPTIONS_INIT;
    opts.first_year = 2030;
    opts.last_year = 2020;
    ck_assert_int_eq(ach_calendar_load_buffer(&c, "x", 1, NULL, &opts, NULL), ACH_EINVAL);
    opts = (ach_calendar_options)ACH_CALENDAR_OPTIONS_INIT;
    opts.version = 99;
    ck_assert_int_eq(ach_calendar_load_buffer(&c, "x", 1, NULL, &opts, NULL), ACH_EINVAL);
    ck_assert_int_eq(ach_calendar_load_buffer(&c, "", 0, NULL, NULL, NULL), ACH_ECALENDAR);
    ck_assert_ptr_null(c);
}
END_TEST

/* One calendar shared by several threads (it is immutable once built). */
static void *hammer(void *arg)
{
    const ach_calendar *shared = arg;
    uintptr_t bad_results = 0;
    for (ach_date d = D(2000, 1, 1); d < D(2100, 1, 1); d++) {
        ach_date e = 0;
        int32_t n = 0;
        if (ach_calendar_add_business_days(&e, shared, d, 5, NULL) ||
            ach_calendar_business_days_between(&n, shared, d, e, NULL) || n != 5)
            bad_results++;
    }
    return (void *)bad_results;
}

START_TEST(shared_between_threads)
{
    pthread_t t[4];
    for (int i = 0; i < 4; i++) ck_assert_int_eq(pthread_create(&t[i], NULL, hammer, cal), 0);
    for (int i = 0; i < 4; i++) {
        void *r = NULL;
        pthread_join(t[i], &r);
        ck_assert_ptr_null(r);
    }
}
END_TEST

static Suite *calendar_suite(void)
{
    Suite *s = suite_create("calendar");
    TCase *tc = tcase_create("fed");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, closures_of_a_year_match_the_published_schedule, 0,
                        (int)(sizeof years / sizeof *years));
    tcase_add_loop_test(tc, single_days, 0, (int)(sizeof days / sizeof *days));
    tcase_add_test(tc, cutoff_at_22_utc_r_cal_4);
    tcase_add_test(tc, add_next_previous_between);
    tcase_add_test(tc, add_between_inverse_over_random_dates);
    tcase_add_test(tc, range_edges_are_errors_not_guesses);
    tcase_add_test(tc, shared_between_threads);
    tcase_set_timeout(tc, 30);
    suite_add_tcase(s, tc);
    tc = tcase_create("load");
    tcase_add_test(tc, custom_calendar_with_rdate_exdate_and_range);
    tcase_add_test(tc, precomputed_default_equals_the_ics);
    tcase_add_loop_test(tc, malformed_calendars_name_file_event_and_problem, 0,
                        (int)(sizeof bad / sizeof *bad));
    tcase_add_test(tc, bad_options_are_refused);
    suite_add_tcase(s, tc);
    return s;
}

ACH_TEST_MAIN(calendar_suite)
