/* SPDX-License-Identifier: Apache-2.0 */
/* Build-time generator of the default calendar (issue 20): loads an .ics file with the library's
 * own loader (libical expands the rules, as for any calendar) over the default range, and writes
 * its query tables as C data for lib/calendar_default.c.
 * Usage: gen_calendar FILE.ics > fed_holidays_data.c   (exit 1 with a message when it fails) */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "ach/calendar.h"
#include "calendar_tables.h"

static void put_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') fprintf(f, "\\%c", c);
        else if (c < 0x20 || c >= 0x7f) fprintf(f, "\\%03o", c);
        else fputc(c, f);
    }
    fputc('"', f);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: gen_calendar FILE.ics\n");
        return 2;
    }
    ach_calendar *cal = NULL;
    ach_error err = ACH_ERROR_INIT;
    if (ach_calendar_load_file(&cal, argv[1], NULL, &err) != ACH_OK) {
        char msg[512];
        ach_error_format(msg, sizeof msg, &err);
        fprintf(stderr, "gen_calendar: %s\n", msg);
        return 1;
    }
    ach__calendar_tables t;
    ach__calendar_tables_of(&t, cal);
    const char *base = strrchr(argv[1], '/');
    FILE *f = stdout;
    fprintf(f, "/* Generated from %s by data/gen_calendar. Do not edit. */\n",
            base ? base + 1 : argv[1]);
    fputs("#include \"calendar_tables.h\"\n\n", f);
    uint32_t nwords = (t.ndays + 63) / 64;
    fputs("static const uint64_t bits[] = {\n", f);
    for (uint32_t i = 0; i < nwords; i++)
        fprintf(f, "0x%016" PRIx64 "u,%s", t.bits[i], i % 4 == 3 ? "\n" : "");
    fputs("\n};\nstatic const uint32_t before[] = {\n", f);
    for (uint32_t i = 0; i <= t.ndays; i++)
        fprintf(f, "%" PRIu32 ",%s", t.before[i], i % 12 == 11 ? "\n" : "");
    fputs("\n};\nstatic const uint32_t bdays[] = {\n", f);
    for (uint32_t i = 0; i < t.nbdays; i++)
        fprintf(f, "%" PRIu32 ",%s", t.bdays[i], i % 12 == 11 ? "\n" : "");
    fputs("\n};\nstatic const ach_holiday holidays[] = {\n", f);
    for (size_t i = 0; i < t.nholidays; i++) {
        fprintf(f, "{%" PRId32 ", ", (int32_t)t.holidays[i].date);
        put_string(f, t.holidays[i].name);
        fputs("},\n", f);
    }
    if (!t.nholidays) fputs("{0, \"\"}\n", f);
    fprintf(f,
            "};\nconst ach__calendar_tables ach__fed_calendar = {%" PRId32 ", %" PRId32
            ", %" PRIu32 ", %" PRIu32 ", bits, before, bdays, holidays, %zu};\n",
            (int32_t)t.first, (int32_t)t.last, t.ndays, t.nbdays, t.nholidays);
    ach_calendar_free(cal);
    if (fflush(f) != 0 || ferror(f)) {
        fprintf(stderr, "gen_calendar: write error\n");
        return 1;
    }
    return 0;
}
