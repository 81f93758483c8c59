/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file ach/date.h
 * @brief Civil dates (days since 1970-01-01) and UTC instants: conversion, parsing, formatting.
 *
 * Dates are proleptic Gregorian and supported from 0001-01-01 to 9999-12-31 (ACH_DATE_MIN ..
 * ACH_DATE_MAX). Instants are UTC seconds; libach never consults a time zone or the locale.
 * All functions are pure.
 */
#ifndef ACH_DATE_H
#define ACH_DATE_H

#include "ach/common.h"
#include "ach/error.h"

ACH_BEGIN_DECL

/** 0001-01-01 as days since 1970-01-01. */
#define ACH_DATE_MIN (-719162)
/** 9999-12-31 as days since 1970-01-01. */
#define ACH_DATE_MAX 2932896
/** Seconds in a day. */
#define ACH_SECONDS_PER_DAY 86400

/** Buffer size for ach_date_format(): "YYYY-MM-DD" plus NUL. */
#define ACH_DATE_FORMAT_SIZE 11
/** Buffer size for ach_instant_format(): "YYYY-MM-DDTHH:MM:SSZ" plus NUL. */
#define ACH_INSTANT_FORMAT_SIZE 21

/** ISO 8601 weekdays. */
typedef enum ach_weekday {
    ACH_MONDAY = 1, ACH_TUESDAY, ACH_WEDNESDAY, ACH_THURSDAY, ACH_FRIDAY, ACH_SATURDAY, ACH_SUNDAY
} ach_weekday;

/** A civil date broken into its parts. */
typedef struct ach_civil {
    int32_t year;  /**< 1..9999 */
    int32_t month; /**< 1..12 */
    int32_t day;   /**< 1..31 */
} ach_civil;

/** True when `year` is a Gregorian leap year. */
ACH_EXTERN bool ach_is_leap_year(int32_t year) ACH_CONST;

/** Days in `month` (1-12) of `year`; 0 when month is out of range. */
ACH_EXTERN int32_t ach_days_in_month(int32_t year, int32_t month) ACH_CONST;

/**
 * Makes a date from year, month and day, checking each part.
 * @param[out] out the date; untouched on failure.
 * @return ACH_OK, or ACH_ERANGE (year outside 1..9999, month outside 1..12, day not in the
 *         month, e.g. Feb 30) with the part named in err->field ("year", "month" or "day").
 */
ACH_EXTERN ach_status ach_date_make(ach_date *out, int32_t year, int32_t month, int32_t day,
                                    ach_error *err) ACH_WARN_UNUSED;

/** The year, month and day of `date`. `date` must lie in ACH_DATE_MIN..ACH_DATE_MAX. */
ACH_EXTERN ach_civil ach_date_civil(ach_date date) ACH_CONST;

/** The ISO weekday of `date`. */
ACH_EXTERN ach_weekday ach_date_weekday(ach_date date) ACH_CONST;

/**
 * Parses exactly `len` bytes of `text` as `YYYY-MM-DD`.
 * @param[out] out the date; untouched on failure.
 * @return ACH_OK; ACH_EPARSE with err->column at the offending character (1-based) for a wrong
 *         character, a short input or trailing bytes; ACH_ERANGE (column of the part) for month 13,
 *         day 0, Feb 30 and the like. err->field is "date".
 */
ACH_EXTERN ach_status ach_date_parse(ach_date *out, const char *text, size_t len,
                                     ach_error *err) ACH_WARN_UNUSED;
/** ach_date_parse() of a NUL-terminated `text`. */
static inline ACH_WARN_UNUSED ach_status ach_date_parse_cstr(ach_date *out, const char *text,
                                                             ach_error *err)
{
    return ach_date_parse(out, text, text ? strlen(text) : 0, err);
}

/**
 * Writes `date` as `YYYY-MM-DD` and a NUL into `buf` (at least ACH_DATE_FORMAT_SIZE bytes).
 * @return `buf`.
 */
ACH_EXTERN char *ach_date_format(char buf[ACH_DATE_FORMAT_SIZE], ach_date date);

/** The instant at `hour`:`minute`:`second` UTC of `date` (no range check on the parts). */
ACH_EXTERN ach_instant ach_instant_make(ach_date date, int32_t hour, int32_t minute,
                                        int32_t second) ACH_CONST;

/** The UTC date on which `instant` falls (floor division, correct before 1970). */
ACH_EXTERN ach_date ach_instant_date(ach_instant instant) ACH_CONST;

/** Seconds since midnight UTC of `instant`, 0..86399. */
ACH_EXTERN int32_t ach_instant_second_of_day(ach_instant instant) ACH_CONST;

/**
 * Parses exactly `len` bytes of `text` as `YYYY-MM-DDTHH:MM:SSZ` (UTC only; a lowercase `t`/`z`,
 * fractions and offsets are refused).
 * @param[out] out the instant; untouched on failure.
 * @return ACH_OK; ACH_EPARSE (wrong character, missing `Z`, trailing bytes) or ACH_ERANGE
 *         (month 13, Feb 30, hour 24, minute or second 60) with err->column at the offending
 *         character and err->field "time".
 */
ACH_EXTERN ach_status ach_instant_parse(ach_instant *out, const char *text, size_t len,
                                        ach_error *err) ACH_WARN_UNUSED;
/** ach_instant_parse() of a NUL-terminated `text`. */
static inline ACH_WARN_UNUSED ach_status ach_instant_parse_cstr(ach_instant *out, const char *text,
                                                                ach_error *err)
{
    return ach_instant_parse(out, text, text ? strlen(text) : 0, err);
}

/**
 * Writes `instant` as `YYYY-MM-DDTHH:MM:SSZ` and a NUL into `buf` (ACH_INSTANT_FORMAT_SIZE bytes).
 * @return `buf`.
 */
ACH_EXTERN char *ach_instant_format(char buf[ACH_INSTANT_FORMAT_SIZE], ach_instant instant);

ACH_END_DECL

#endif /* ACH_DATE_H */
