/* SPDX-License-Identifier: Apache-2.0 */
/* The Federal Reserve calendar compiled into the library (issue 20). data/gen_calendar, a
 * build-time program linking libical, loads data/fed-holidays.ics with ach_calendar_load_file()
 * and writes the expanded tables (bitmap, prefix counts, business days, closures) as C data
 * (lib/fed_holidays_data.c in the build tree): making the default calendar is one allocation
 * that borrows them (about a microsecond instead of the 43 ms of expanding the rules), and
 * every process shares them read-only. tests/check_calendar.c checks they equal a fresh load. */
#include "ach/calendar.h"
#include "calendar_tables.h"
#include "internal.h"

ach_status ach_calendar_new_default(ach_calendar **out, ach_error *err)
{
    if (!out) return ach__fail(err, ACH_EINVAL, NULL, 0, 0, "out must not be NULL");
    return ach__calendar_from_tables(out, &ach__fed_calendar, err);
}
