/* SPDX-License-Identifier: Apache-2.0 */
/* A charge's timeline and dispute window: every date that follows from the instant a charge is
 * created, for an individual's and a company's account.
 *
 *   ./timeline [INSTANT]     INSTANT as YYYY-MM-DDTHH:MM:SSZ (default 2025-11-26T22:30:00Z,
 *                            after the cutoff on the eve of Thanksgiving)
 *
 * Build against an installed libach: cc timeline.c $(pkg-config --cflags --libs libach) */
#include <stdio.h>
#include <string.h>
#include <ach.h>

static int fail(const char *what, const ach_error *err)
{
    fprintf(stderr, "timeline: %s: %s\n", what, err->message);
    return 1;
}

int main(int argc, char **argv)
{
    const char *text = argc > 1 ? argv[1] : "2025-11-26T22:30:00Z";
    ach_error err = ACH_ERROR_INIT;
    ach_instant created;
    if (ach_instant_parse(&created, text, strlen(text), &err) != ACH_OK)
        return fail(text, &err);

    /* The Federal Reserve calendar compiled into the library (R-CAL-1, R-CAL-2). */
    ach_calendar *cal;
    if (ach_calendar_new_default(&cal, &err) != ACH_OK) return fail("calendar", &err);

    static const ach_holder_type holders[] = {ACH_HOLDER_INDIVIDUAL, ACH_HOLDER_COMPANY};
    int rc = 0;
    for (size_t i = 0; i < sizeof holders / sizeof holders[0]; i++) {
        ach_timeline t;
        if (ach_charge_timeline_compute(&t, cal, created, holders[i], &err) != ACH_OK) {
            rc = fail("timeline", &err);
            break;
        }
        char d[ACH_DATE_FORMAT_SIZE];
        printf("charge created %s, %s account\n", text, ach_holder_type_name(holders[i]));
        printf("  created on       %s\n", ach_date_format(d, t.created));
        printf("  processing date  %s  (22:00 UTC cutoff, business days only: R-CAL-4)\n",
               ach_date_format(d, t.processing));
        printf("  outcome due by   %s  (processing + 4 business days: R-CHG-4)\n",
               ach_date_format(d, t.resolve_by));
        printf("  available on     %s  (processing + 7 business days: R-CHG-5)\n",
               ach_date_format(d, t.available_on));
        printf("  refundable until %s  (created + 90 days: R-REF-1)\n",
               ach_date_format(d, t.refund_deadline));
        printf("  dispute window   %s  (%s: R-DSP-1)\n", ach_date_format(d, t.dispute_deadline),
               holders[i] == ACH_HOLDER_INDIVIDUAL ? "processing + 60 calendar days"
                                                   : "processing + 2 business days");
    }
    ach_calendar_free(cal);
    return rc;
}
