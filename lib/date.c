/* SPDX-License-Identifier: Apache-2.0 */
/* Civil-date arithmetic after Howard Hinnant's "chrono-compatible low-level date algorithms":
 * branch-light, exact over the whole proleptic Gregorian range, no tables. Written by hand
 * because it is a few lines and on the hot path of every calendar query. */
#include <string.h>
#include "ach/date.h"
#include "internal.h"

bool ach_is_leap_year(int32_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int32_t ach_days_in_month(int32_t year, int32_t month)
{
    static const int8_t days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12) return 0;
    return month == 2 && ach_is_leap_year(year) ? 29 : days[month - 1];
}

static ach_date days_from_civil(int32_t y, int32_t m, int32_t d)
{
    y -= m <= 2;
    const int32_t era = (y >= 0 ? y : y - 399) / 400;
    const int32_t yoe = y - era * 400;
    const int32_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int32_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

ach_civil ach_date_civil(ach_date z)
{
    z += 719468;
    const int32_t era = (z >= 0 ? z : z - 146096) / 146097;
    const int32_t doe = z - era * 146097;
    const int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int32_t mp = (5 * doy + 2) / 153;
    ach_civil c;
    c.day = doy - (153 * mp + 2) / 5 + 1;
    c.month = mp < 10 ? mp + 3 : mp - 9;
    c.year = yoe + era * 400 + (c.month <= 2);
    return c;
}

ach_weekday ach_date_weekday(ach_date d)
{
    /* 1970-01-01 was a Thursday (ISO 4). */
    int32_t w = (d + 3) % 7;
    if (w < 0) w += 7;
    return (ach_weekday)(w + 1);
}

static ach_status check_civil(int32_t y, int32_t m, int32_t d, ach_error *err, uint32_t ycol,
                              uint32_t mcol, uint32_t dcol, const char *field)
{
    if (y < 1 || y > 9999)
        return ach__fail(err, ACH_ERANGE, field ? field : "year", 0, ycol,
                         "year %d is outside 1-9999", (int)y);
    if (m < 1 || m > 12)
        return ach__fail(err, ACH_ERANGE, field ? field : "month", 0, mcol,
                         "month %d is not 1-12", (int)m);
    if (d < 1 || d > ach_days_in_month(y, m))
        return ach__fail(err, ACH_ERANGE, field ? field : "day", 0, dcol,
                         "day %d does not exist in %04d-%02d (it has %d days)", (int)d, (int)y,
                         (int)m, (int)ach_days_in_month(y, m));
    return ACH_OK;
}

ach_status ach_date_make(ach_date *out, int32_t y, int32_t m, int32_t d, ach_error *err)
{
    ach_status s = check_civil(y, m, d, err, 0, 0, 0, NULL);
    if (s) return s;
    *out = days_from_civil(y, m, d);
    return ACH_OK;
}

/* Reads `n` ASCII digits at text[pos]; reports the first non-digit. */
static ach_status read_digits(int32_t *out, const char *text, size_t len, size_t pos, size_t n,
                              const char *field, const char *what, ach_error *err)
{
    int32_t v = 0;
    for (size_t i = pos; i < pos + n; i++) {
        if (i >= len)
            return ach__fail(err, ACH_EPARSE, field, 0, (uint32_t)i + 1,
                             "input ends at character %u, expected %s", (unsigned)i + 1, what);
        unsigned char c = (unsigned char)text[i];
        if (c < '0' || c > '9')
            return ach__fail(err, ACH_EPARSE, field, 0, (uint32_t)i + 1,
                             "expected a digit of the %s at character %u, found %s%c%s", what,
                             (unsigned)i + 1, c >= 0x20 && c < 0x7f ? "'" : "byte 0x",
                             c >= 0x20 && c < 0x7f ? c : '?', c >= 0x20 && c < 0x7f ? "'" : "");
        v = v * 10 + (c - '0');
    }
    *out = v;
    return ACH_OK;
}

static ach_status expect_char(const char *text, size_t len, size_t pos, char want,
                              const char *field, ach_error *err)
{
    if (pos >= len)
        return ach__fail(err, ACH_EPARSE, field, 0, (uint32_t)pos + 1,
                         "input ends at character %u, expected '%c'", (unsigned)pos + 1, want);
    if (text[pos] != want) {
        unsigned char c = (unsigned char)text[pos];
        if (c >= 0x20 && c < 0x7f)
            return ach__fail(err, ACH_EPARSE, field, 0, (uint32_t)pos + 1,
                             "expected '%c' at character %u, found '%c'", want,
                             (unsigned)pos + 1, c);
        return ach__fail(err, ACH_EPARSE, field, 0, (uint32_t)pos + 1,
                         "expected '%c' at character %u, found byte 0x%02X", want,
                         (unsigned)pos + 1, c);
    }
    return ACH_OK;
}

/* Parses the common "YYYY-MM-DD" prefix without checking what follows. */
static ach_status parse_date_part(ach_date *out, const char *text, size_t len, const char *field,
                                  ach_error *err)
{
    int32_t y = 0, m = 0, d = 0;
    ach_status s;
    if ((s = read_digits(&y, text, len, 0, 4, field, "year", err))) return s;
    if ((s = expect_char(text, len, 4, '-', field, err))) return s;
    if ((s = read_digits(&m, text, len, 5, 2, field, "month", err))) return s;
    if ((s = expect_char(text, len, 7, '-', field, err))) return s;
    if ((s = read_digits(&d, text, len, 8, 2, field, "day", err))) return s;
    if ((s = check_civil(y, m, d, err, 1, 6, 9, field))) return s;
    *out = days_from_civil(y, m, d);
    return ACH_OK;
}

static ach_status trailing(size_t len, size_t expected, const char *field, const char *what,
                           ach_error *err)
{
    if (len > expected)
        return ach__fail(err, ACH_EPARSE, field, 0, (uint32_t)expected + 1,
                         "unexpected %u trailing byte(s) after the %s", (unsigned)(len - expected),
                         what);
    return ACH_OK;
}

ach_status ach_date_parse(ach_date *out, const char *text, size_t len, ach_error *err)
{
    ach_date d;
    ach_status s = parse_date_part(&d, text, len, "date", err);
    if (!s) s = trailing(len, 10, "date", "date", err);
    if (s) return s;
    *out = d;
    return ACH_OK;
}

ach_status ach_instant_parse(ach_instant *out, const char *text, size_t len, ach_error *err)
{
    static const char field[] = "time";
    ach_date d = 0;
    int32_t hh = 0, mm = 0, ss = 0;
    ach_status s;
    if ((s = parse_date_part(&d, text, len, field, err))) return s;
    if ((s = expect_char(text, len, 10, 'T', field, err))) return s;
    if ((s = read_digits(&hh, text, len, 11, 2, field, "hour", err))) return s;
    if ((s = expect_char(text, len, 13, ':', field, err))) return s;
    if ((s = read_digits(&mm, text, len, 14, 2, field, "minute", err))) return s;
    if ((s = expect_char(text, len, 16, ':', field, err))) return s;
    if ((s = read_digits(&ss, text, len, 17, 2, field, "second", err))) return s;
    if (hh > 23)
        return ach__fail(err, ACH_ERANGE, field, 0, 12, "hour %02d is not 00-23", (int)hh);
    if (mm > 59)
        return ach__fail(err, ACH_ERANGE, field, 0, 15, "minute %02d is not 00-59", (int)mm);
    if (ss > 59)
        return ach__fail(err, ACH_ERANGE, field, 0, 18,
                         "second %02d is not 00-59 (leap seconds are not represented)", (int)ss);
    if (len <= 19)
        return ach__fail(err, ACH_EPARSE, field, 0, 20,
                         "missing 'Z' at character 20: instants must be UTC");
    if (text[19] != 'Z')
        return ach__fail(err, ACH_EPARSE, field, 0, 20,
                         "expected 'Z' (UTC) at character 20; offsets and fractions are not accepted");
    if ((s = trailing(len, 20, field, "instant", err))) return s;
    *out = ach_instant_make(d, hh, mm, ss);
    return ACH_OK;
}

ach_instant ach_instant_make(ach_date date, int32_t hour, int32_t minute, int32_t second)
{
    return (ach_instant)date * ACH_SECONDS_PER_DAY + (ach_instant)hour * 3600 +
           (ach_instant)minute * 60 + second;
}

ach_date ach_instant_date(ach_instant t)
{
    return ach__instant_date(t);
}

int32_t ach_instant_second_of_day(ach_instant t)
{
    return ach__instant_second_of_day(t);
}

/* Writes `n` digits of v (zero-padded) at p. */
static char *put_digits(char *p, int32_t v, int n)
{
    for (int i = n - 1; i >= 0; i--) {
        p[i] = (char)('0' + v % 10);
        v /= 10;
    }
    return p + n;
}

char *ach_date_format(char buf[ACH_DATE_FORMAT_SIZE], ach_date date)
{
    ach_civil c = ach_date_civil(date);
    char *p = buf;
    p = put_digits(p, c.year, 4);
    *p++ = '-';
    p = put_digits(p, c.month, 2);
    *p++ = '-';
    p = put_digits(p, c.day, 2);
    *p = '\0';
    return buf;
}

char *ach_instant_format(char buf[ACH_INSTANT_FORMAT_SIZE], ach_instant t)
{
    int32_t sod = ach_instant_second_of_day(t);
    ach_date_format(buf, ach_instant_date(t));
    char *p = buf + 10;
    *p++ = 'T';
    p = put_digits(p, sod / 3600, 2);
    *p++ = ':';
    p = put_digits(p, sod / 60 % 60, 2);
    *p++ = ':';
    p = put_digits(p, sod % 60, 2);
    *p++ = 'Z';
    *p = '\0';
    return buf;
}
