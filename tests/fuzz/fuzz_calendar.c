/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer harness: the .ics loader must never crash or leak, whatever the bytes; a loaded
 * calendar must answer queries consistently.
 *
 * An input that starts with '#' chooses its own range of years with its next 3 bytes (first
 * year 1..9999, then a span; the rest is the text), so that recurrences expanded over thousands
 * of years are reached; others load over 2020-2030, which keeps most runs fast. The dictionary
 * (calendar.dict) and the seed corpus hold the rules that must be refused or bounded (FREQ finer
 * than daily, BYHOUR, EXRULE, COUNT, huge ranges): none may run unbounded (issue 17). */
#include <stdint.h>
#include <stddef.h>
#include "ach.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ach_calendar_options opts = ACH_CALENDAR_OPTIONS_INIT;
    opts.first_year = 2020; /* a short range keeps each run fast */
    opts.last_year = 2030;
    if (size >= 4 && data[0] == '#') {
        opts.first_year = 1 + (int32_t)(((unsigned)data[1] << 8 | data[2]) % 9999u);
        int32_t span = (int32_t)data[3] * 40; /* up to 10 200 years */
        opts.last_year = opts.first_year + span > 9999 ? 9999 : opts.first_year + span;
        data += 4;
        size -= 4;
    }
    ach_calendar *cal = NULL;
    ach_error err = ACH_ERROR_INIT;
    if (ach_calendar_load_buffer(&cal, (const char *)data, size, "fuzz", &opts, &err) != ACH_OK)
        return 0;
    ach_date first, last;
    ach_calendar_range(cal, &first, &last);
    for (ach_date d = first; d <= last; d += 37) {
        ach_date e = 0;
        int32_t n = 0;
        if (ach_calendar_add_business_days(&e, cal, d, 3, NULL) == ACH_OK &&
            (ach_calendar_business_days_between(&n, cal, d, e, NULL) != ACH_OK || n != 3))
            __builtin_trap();
    }
    size_t count = 0;
    (void)ach_calendar_holidays(NULL, 0, &count, cal, first, last, NULL);
    ach_calendar_free(cal);
    return 0;
}
