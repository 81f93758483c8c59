/* SPDX-License-Identifier: Apache-2.0 */
/* Calendar benchmark: ns per is-business-day, add (±1…30) and between over random dates in
 * 1970–2199 (issue 2 goal: under 10 ns per add on one core); the cost of making the default
 * calendar (precomputed at build time, issue 20) against loading the same rules from the .ics
 * (what the default cost before, and what a custom calendar costs).
 * Usage: bench_calendar [N] [FED_HOLIDAYS_ICS] (default: $ACH_TOP_SRCDIR or .. /data/...).
 * Prints figures; asserts nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "ach.h"

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static uint64_t xorshift(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 10000000;
    ach_calendar *cal = NULL;
    ach_error err = ACH_ERROR_INIT;
    double t0 = now_ns();
    if (ach_calendar_new_default(&cal, &err)) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    double first_us = (now_ns() - t0) / 1e3;
    /* the default calendar, made and freed many times: the mean cost of one */
    enum { MAKES = 10000 };
    t0 = now_ns();
    for (int i = 0; i < MAKES; i++) {
        ach_calendar *c = NULL;
        if (ach_calendar_new_default(&c, NULL)) return 1;
        ach_calendar_free(c);
    }
    double make_us = (now_ns() - t0) / 1e3 / MAKES;
    /* the same rules loaded from the .ics: libical parse + RRULE expansion */
    char ics[4096];
    const char *top = getenv("ACH_TOP_SRCDIR");
    if (argc > 2) snprintf(ics, sizeof ics, "%s", argv[2]);
    else snprintf(ics, sizeof ics, "%s/data/fed-holidays.ics", top ? top : "..");
    double load_ms = -1;
    enum { LOADS = 5 };
    t0 = now_ns();
    for (int i = 0; i < LOADS; i++) {
        ach_calendar *c = NULL;
        if (ach_calendar_load_file(&c, ics, NULL, &err)) {
            fprintf(stderr, "%s: %s\n", ics, err.message);
            break;
        }
        ach_calendar_free(c);
        load_ms = (now_ns() - t0) / 1e6 / (i + 1);
    }
    ach_date first, last;
    ach_calendar_range(cal, &first, &last);
    /* keep add(±30) inside the range */
    ach_date lo = first + 60, span = (last - 60) - lo;
    ach_date *dates = malloc(n * sizeof *dates);
    int32_t *steps = malloc(n * sizeof *steps);
    uint64_t x = 88172645463325252u;
    for (size_t i = 0; i < n; i++) {
        dates[i] = lo + (ach_date)(xorshift(&x) % (uint64_t)span);
        int32_t k = (int32_t)(xorshift(&x) % 30) + 1;
        steps[i] = (xorshift(&x) & 1) ? k : -k;
    }

    volatile int64_t sink = 0;
    int64_t acc = 0;
    t0 = now_ns();
    for (size_t i = 0; i < n; i++) {
        bool yes = false;
        if (ach_calendar_is_business_day(&yes, cal, dates[i], NULL)) return 1;
        acc += yes;
    }
    double isbd = (now_ns() - t0) / (double)n;
    sink += acc;

    acc = 0;
    t0 = now_ns();
    for (size_t i = 0; i < n; i++) {
        ach_date out = 0;
        if (ach_calendar_add_business_days(&out, cal, dates[i], steps[i], NULL)) return 1;
        acc += out;
    }
    double addns = (now_ns() - t0) / (double)n;
    sink += acc;

    acc = 0;
    t0 = now_ns();
    for (size_t i = 0; i + 1 < n; i++) {
        int32_t b = 0;
        if (ach_calendar_business_days_between(&b, cal, dates[i], dates[i + 1], NULL)) return 1;
        acc += b;
    }
    double betweenns = (now_ns() - t0) / (double)(n - 1);
    sink += acc;

    acc = 0;
    t0 = now_ns();
    for (size_t i = 0; i < n; i++) {
        ach_date out = 0;
        ach_instant t = (ach_instant)dates[i] * 86400 + (ach_instant)(steps[i] + 30) * 1439;
        if (ach_calendar_processing_date(&out, cal, t, NULL)) return 1;
        acc += out;
    }
    double procns = (now_ns() - t0) / (double)n;
    sink += acc;

    printf("calendar: %zu random dates in 1970-2199 (default Federal Reserve calendar)\n", n);
    printf("  new_default (precomputed) %8.2f us/call (mean of %d; first call %.2f us)\n",
           make_us, MAKES, first_us);
    printf("  load the .ics (libical)   %8.2f ms/call (mean of %d: the default before issue 20, "
           "and a custom calendar of the same rules)\n", load_ms, LOADS);
    printf("  is_business_day          %8.2f ns/op\n", isbd);
    printf("  add_business_days ±1..30 %8.2f ns/op   (goal < 10 ns)\n", addns);
    printf("  business_days_between    %8.2f ns/op\n", betweenns);
    printf("  processing_date          %8.2f ns/op\n", procns);
    printf("  (checksum %lld)\n", (long long)sink);
    free(dates);
    free(steps);
    ach_calendar_free(cal);
    return 0;
}
