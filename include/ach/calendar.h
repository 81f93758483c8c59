/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file ach/calendar.h
 * @brief The business-day calendar of FedACH (SPEC R-CAL-1 … R-CAL-4).
 *
 * A calendar is built once from iCalendar (RFC 5545) data — one VEVENT per closure rule, with
 * RRULE/RDATE/EXDATE expanded by libical — over a range of whole years, and is then immutable:
 * every query below is O(1) (a bitmap of business days with per-word prefix counts, plus the
 * list of business days for jumps) and may run concurrently from any number of threads.
 *
 * A business day is neither Saturday, nor Sunday, nor a closure listed in the data. A date
 * outside the loaded range is an error (ACH_ERANGE), never a guess.
 *
 * The default calendar (the Federal Reserve's holidays, data/fed-holidays.ics) is compiled into
 * the library: it needs no installed file and does no I/O.
 */
#ifndef ACH_CALENDAR_H
#define ACH_CALENDAR_H

#include "ach/common.h"
#include "ach/error.h"

ACH_BEGIN_DECL

/** An immutable business-day calendar. Opaque; built by ach_calendar_new_default() or a
 * loader, released by ach_calendar_free(). */
typedef struct ach_calendar ach_calendar;

/** The ACH processing cutoff (R-CAL-4): 22:00:00 UTC, in seconds after midnight. */
#define ACH_CUTOFF_SECOND_OF_DAY (22 * 3600)

/** Default first and last year of a calendar's range. */
#define ACH_CALENDAR_DEFAULT_FIRST_YEAR 1970
#define ACH_CALENDAR_DEFAULT_LAST_YEAR 2199

/** The largest iCalendar text the loaders accept, in bytes (4 MiB; the Federal Reserve's
 * calendar is 4 KB). ach_calendar_load_file() stops reading past it. */
#define ACH_CALENDAR_MAX_BYTES ((size_t)4 << 20)

/** The most occurrences the loaders expand, over all events of a calendar: every date a
 * recurrence rule steps on (in the range or not, up to its end), every RDATE and DTSTART. A
 * yearly rule over the default range steps on 230 dates. */
#define ACH_CALENDAR_MAX_OCCURRENCES 200000u

/** Options of the loaders. Initialise with ACH_CALENDAR_OPTIONS_INIT. */
typedef struct ach_calendar_options {
    unsigned int version; /**< ACH_CALENDAR_OPTIONS_VERSION */
    int32_t first_year;   /**< first year of the range, >= 1 */
    int32_t last_year;    /**< last year of the range, <= 9999, >= first_year */
} ach_calendar_options;

#define ACH_CALENDAR_OPTIONS_VERSION 1
#define ACH_CALENDAR_OPTIONS_INIT \
    {ACH_CALENDAR_OPTIONS_VERSION, ACH_CALENDAR_DEFAULT_FIRST_YEAR, ACH_CALENDAR_DEFAULT_LAST_YEAR}

/** A closure: its date and its name (the VEVENT's SUMMARY; owned by the calendar). */
typedef struct ach_holiday {
    ach_date date;
    const char *name;
} ach_holiday;

/**
 * Builds the Federal Reserve calendar compiled into the library, over 1970–2199.
 * @param[out] out the new calendar, owned by the caller (free with ach_calendar_free()).
 * @return ACH_OK, or ACH_ENOMEM.
 */
ACH_EXTERN ach_status ach_calendar_new_default(ach_calendar **out, ach_error *err) ACH_WARN_UNUSED;

/**
 * Builds a calendar from iCalendar text.
 * Closures recur by days at the finest: an RRULE with FREQ=SECONDLY, MINUTELY or HOURLY, or with
 * BYSECOND, BYMINUTE or BYHOUR, is refused, and so is EXRULE (deprecated by RFC 5545).
 * @param[out] out   the new calendar, owned by the caller; untouched on failure.
 * @param data       the text (need not be NUL-terminated), `len` bytes; not kept.
 * @param name       a name for messages (for example the file name); may be NULL.
 * @param opts       range options, or NULL for the default range.
 * @return ACH_OK; ACH_ECALENDAR when the data is not iCalendar, has no VEVENT, or an event has no
 *         DTSTART, a DTSTART that is not a DATE, an RRULE libical refuses or that recurs finer
 *         than daily, an EXRULE (the message names the line, else the event by UID or SUMMARY),
 *         or when its events expand to more than ACH_CALENDAR_MAX_OCCURRENCES occurrences;
 *         ACH_ETOOLONG when `len` is above ACH_CALENDAR_MAX_BYTES; ACH_EINVAL for bad options;
 *         ACH_ENOMEM.
 */
ACH_EXTERN ach_status ach_calendar_load_buffer(ach_calendar **out, const char *data, size_t len,
                                               const char *name, const ach_calendar_options *opts,
                                               ach_error *err) ACH_WARN_UNUSED;

/**
 * Builds a calendar from an iCalendar file (reads it once; this is the only call that does I/O).
 * Reads at most ACH_CALENDAR_MAX_BYTES + 1 bytes: a longer file (or an endless one, such as
 * /dev/zero) is refused once that much has been read.
 * @return as ach_calendar_load_buffer(); ACH_ETOOLONG when the file holds more than
 *         ACH_CALENDAR_MAX_BYTES bytes; ACH_EIO when the file cannot be read.
 */
ACH_EXTERN ach_status ach_calendar_load_file(ach_calendar **out, const char *path,
                                             const ach_calendar_options *opts,
                                             ach_error *err) ACH_WARN_UNUSED;

/** Releases a calendar. Accepts NULL. */
ACH_EXTERN void ach_calendar_free(ach_calendar *cal);

/** The first and last date of the loaded range (both inclusive). Either pointer may be NULL. */
ACH_EXTERN void ach_calendar_range(const ach_calendar *cal, ach_date *first, ach_date *last);

/**
 * Whether `day` is a business day (R-CAL-1).
 * @return ACH_OK with *out set, or ACH_ERANGE when `day` is outside the range.
 */
ACH_EXTERN ach_status ach_calendar_is_business_day(bool *out, const ach_calendar *cal,
                                                   ach_date day, ach_error *err) ACH_WARN_UNUSED;

/**
 * The date `n` business days after `day` (before it when n < 0). n = 0 gives `day` itself.
 * `day` need not be a business day: +1 is the first business day strictly after it, -1 the last
 * one strictly before it.
 * @return ACH_OK, or ACH_ERANGE when `day` or the result lies outside the range.
 */
ACH_EXTERN ach_status ach_calendar_add_business_days(ach_date *out, const ach_calendar *cal,
                                                     ach_date day, int32_t n,
                                                     ach_error *err) ACH_WARN_UNUSED;

/** The first business day strictly after `day`. @return ACH_OK or ACH_ERANGE. */
ACH_EXTERN ach_status ach_calendar_next_business_day(ach_date *out, const ach_calendar *cal,
                                                     ach_date day, ach_error *err) ACH_WARN_UNUSED;

/** The last business day strictly before `day`. @return ACH_OK or ACH_ERANGE. */
ACH_EXTERN ach_status ach_calendar_previous_business_day(ach_date *out, const ach_calendar *cal,
                                                         ach_date day,
                                                         ach_error *err) ACH_WARN_UNUSED;

/**
 * The number of business days after `from` up to and including `to`. When to < from it is
 * negative: minus the business days from `to` (included) up to `from` (excluded). In both
 * directions it counts the business days a walk from `from` to `to` lands on, so for every
 * date d and n, between(d, add(d, n)) == n.
 * @return ACH_OK or ACH_ERANGE.
 */
ACH_EXTERN ach_status ach_calendar_business_days_between(int32_t *out, const ach_calendar *cal,
                                                         ach_date from, ach_date to,
                                                         ach_error *err) ACH_WARN_UNUSED;

/**
 * The processing date of something created at `instant` (R-CAL-4): its UTC date when that is a
 * business day and the time is before 22:00:00 UTC; otherwise the next business day.
 * @return ACH_OK or ACH_ERANGE.
 */
ACH_EXTERN ach_status ach_calendar_processing_date(ach_date *out, const ach_calendar *cal,
                                                   ach_instant instant,
                                                   ach_error *err) ACH_WARN_UNUSED;

/**
 * The closures (weekday holidays that close FedACH) from `from` to `to`, both inclusive, sorted.
 * Holidays on a weekend are not closures (R-CAL-2) and are not listed.
 * @param[out] out    array of `cap` entries (may be NULL when cap is 0); names stay owned by
 *                    the calendar and live as long as it does.
 * @param[out] count  the number of closures in the range (also when the buffer is too small).
 * @return ACH_OK; ACH_EBUFS when cap < *count (the first `cap` are written); ACH_ERANGE when the
 *         range is outside the calendar; ACH_EINVAL when to < from.
 */
ACH_EXTERN ach_status ach_calendar_holidays(ach_holiday *out, size_t cap, size_t *count,
                                            const ach_calendar *cal, ach_date from, ach_date to,
                                            ach_error *err) ACH_WARN_UNUSED;

ACH_END_DECL

#endif /* ACH_CALENDAR_H */
