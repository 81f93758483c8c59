/* SPDX-License-Identifier: Apache-2.0 */
/* A calendar's query tables as plain data (lib/calendar.c): what data/gen_calendar.c writes out
 * at build time for the default calendar, and what ach_calendar_new_default() borrows. */
#ifndef ACH_CALENDAR_TABLES_H
#define ACH_CALENDAR_TABLES_H

#include "ach/calendar.h"

typedef struct ach__calendar_tables {
    ach_date first, last;        /* the range */
    uint32_t ndays, nbdays;      /* days, business days */
    const uint64_t *bits;        /* (ndays + 63) / 64 words: bit set <=> business day */
    const uint32_t *before;      /* ndays + 1 prefix counts */
    const uint32_t *bdays;       /* nbdays offsets from first */
    const ach_holiday *holidays; /* weekday closures, by date */
    size_t nholidays;
} ach__calendar_tables;

/* A calendar that borrows `t` (static storage: ach_calendar_free() frees only the calendar). */
ach_status ach__calendar_from_tables(ach_calendar **out, const ach__calendar_tables *t,
                                     ach_error *err);

/* The tables of `cal` (valid while it lives). */
void ach__calendar_tables_of(ach__calendar_tables *t, const ach_calendar *cal);

/* The default calendar's tables, generated at build time (lib/fed_holidays_data.c). */
extern const ach__calendar_tables ach__fed_calendar;

#endif /* ACH_CALENDAR_TABLES_H */
