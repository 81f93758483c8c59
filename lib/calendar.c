/* SPDX-License-Identifier: Apache-2.0 */
/* The business-day calendar (SPEC R-CAL-1 … R-CAL-4).
 *
 * Loading: libical parses the iCalendar text and expands every VEVENT's RRULE/RDATE/EXDATE with
 * icalcomponent_foreach_recurrence(), once. Querying: the expanded closures become three flat,
 * immutable arrays so that every query is O(1) with no branches on the data:
 *   bits[w]    bit b set  <=> day (first + 64w + b) is a business day
 *   before[d]  number of business days before day d (prefix counts, one more entry than days)
 *   bdays[k]   the offset (from first) of the k-th business day
 * bdays[before[d] ± n] jumps n business days: two loads. Over the default 230 years this is
 * about 580 KB, shared by every engine and thread; a ledger's dates use a few lines of it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <libical/ical.h>

#include "ach/calendar.h"
#include "ach/date.h"
#include "internal.h"

struct ach_calendar {
    ach_date first;        /* first day of the range */
    ach_date last;         /* last day of the range */
    uint32_t ndays;        /* last - first + 1 */
    uint32_t nbdays;       /* business days in the range */
    uint64_t *bits;        /* ndays bits, rounded up to whole words */
    uint32_t *before;      /* ndays + 1 prefix counts */
    uint32_t *bdays;       /* nbdays offsets from first */
    ach_holiday *holidays; /* weekday closures, sorted by date */
    size_t nholidays;
    char *names;           /* NUL-separated distinct names the holidays point into */
};

/* ---- building ------------------------------------------------------------------------------ */

/* A closure found while expanding; `name` indexes the builder's name list. */
typedef struct closure {
    ach_date date;
    uint32_t name;
} closure;

typedef struct builder {
    ach_date first, last;
    closure *closures;
    size_t nclosures, cap;
    const char **names; /* borrowed from libical components until the calendar copies them */
    size_t nnames, names_cap;
    uint32_t current_name;
    size_t steps; /* occurrences expanded so far (ACH_CALENDAR_MAX_OCCURRENCES) */
    bool oom;
} builder;

static bool builder_push(builder *b, ach_date date)
{
    if (b->nclosures == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 512;
        closure *c = realloc(b->closures, cap * sizeof *c);
        if (!c) return false;
        b->closures = c;
        b->cap = cap;
    }
    b->closures[b->nclosures++] = (closure){date, b->current_name};
    return true;
}

static bool builder_add_name(builder *b, const char *name)
{
    for (size_t i = 0; i < b->nnames; i++)
        if (strcmp(b->names[i], name) == 0) {
            b->current_name = (uint32_t)i;
            return true;
        }
    if (b->nnames == b->names_cap) {
        size_t cap = b->names_cap ? b->names_cap * 2 : 16;
        const char **n = realloc(b->names, cap * sizeof *n);
        if (!n) return false;
        b->names = n;
        b->names_cap = cap;
    }
    b->current_name = (uint32_t)b->nnames;
    b->names[b->nnames++] = name;
    return true;
}

/* Adds an occurrence (a DATE, or the date of a date-time) when it lies in the range. */
static void add_occurrence(builder *b, struct icaltimetype t)
{
    ach_date d;
    if (ach_date_make(&d, t.year, t.month, t.day, NULL) != ACH_OK) return;
    if (d < b->first || d > b->last) return;
    if (!b->oom && !builder_push(b, d)) b->oom = true;
}

static int compare_closures(const void *a, const void *b)
{
    const closure *x = a, *y = b;
    return (x->date > y->date) - (x->date < y->date);
}

/* Names an event for messages: its UID, else its SUMMARY, else its position. */
static void event_label(char *buf, size_t cap, icalcomponent *ev, unsigned index)
{
    const char *uid = icalcomponent_get_uid(ev);
    const char *summary = icalcomponent_get_summary(ev);
    if (uid && *uid) snprintf(buf, cap, "event '%s'", uid);
    else if (summary && *summary) snprintf(buf, cap, "event '%s'", summary);
    else snprintf(buf, cap, "event #%u", index);
}

static ach_status check_event(icalcomponent *ev, unsigned index, const char *source,
                              ach_error *err)
{
    char label[160];
    icalproperty *p = icalcomponent_get_first_property(ev, ICAL_XLICERROR_PROPERTY);
    if (p) {
        event_label(label, sizeof label, ev, index);
        ach__fail(err, ACH_ECALENDAR, "VEVENT", 0, 0, "%s: %s", label,
                  icalproperty_get_xlicerror(p));
        ach__error_set_source(err, source);
        return ACH_ECALENDAR;
    }
    if (!icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY)) {
        event_label(label, sizeof label, ev, index);
        ach__fail(err, ACH_ECALENDAR, "DTSTART", 0, 0, "%s has no DTSTART", label);
        ach__error_set_source(err, source);
        return ACH_ECALENDAR;
    }
    struct icaltimetype start = icalcomponent_get_dtstart(ev);
    if (icaltime_is_null_time(start) || !start.is_date) {
        event_label(label, sizeof label, ev, index);
        ach__fail(err, ACH_ECALENDAR, "DTSTART", 0, 0,
                  "%s: DTSTART must be a DATE (DTSTART;VALUE=DATE:YYYYMMDD), not a date-time",
                  label);
        ach__error_set_source(err, source);
        return ACH_ECALENDAR;
    }
    return ACH_OK;
}

static int compare_dates(const void *a, const void *b)
{
    ach_date x = *(const ach_date *)a, y = *(const ach_date *)b;
    return (x > y) - (x < y);
}

static ach_status event_fail(ach_error *err, icalcomponent *ev, unsigned index, const char *source,
                             const char *field, const char *what)
{
    char label[160];
    event_label(label, sizeof label, ev, index);
    ach__fail(err, ACH_ECALENDAR, field, 0, 0, "%s: %s", label, what);
    ach__error_set_source(err, source);
    return ACH_ECALENDAR;
}

/* Whether a rule recurs finer than by days (prescan() checks the text; this the parsed rule, for
 * a line it could not read whole, such as a folded one). */
static bool finer_than_daily(const struct icalrecurrencetype *r)
{
    return r->freq < ICAL_DAILY_RECURRENCE || r->by_second[0] != ICAL_RECURRENCE_ARRAY_MAX ||
           r->by_minute[0] != ICAL_RECURRENCE_ARRAY_MAX ||
           r->by_hour[0] != ICAL_RECURRENCE_ARRAY_MAX;
}

/* Counts one occurrence against the calendar's budget; false past it. */
static bool step(builder *b)
{
    return ++b->steps <= ACH_CALENDAR_MAX_OCCURRENCES;
}

static ach_status too_many(ach_error *err, icalcomponent *ev, unsigned index, const char *source)
{
    char what[128];
    snprintf(what, sizeof what, "the calendar expands to more than %u occurrences",
             ACH_CALENDAR_MAX_OCCURRENCES);
    return event_fail(err, ev, index, source, "RRULE", what);
}

/* The closures of one event, as icalcomponent_foreach_recurrence() gives them for a DATE event
 * (DTSTART, then each RRULE's dates from the range's start, then each RDATE, less the EXDATEs),
 * but with every date a rule steps on counted against the calendar's budget: libical's own loop
 * cannot be stopped, and checks each date against every EXDATE (here a sorted list). */
static ach_status expand_event(builder *b, icalcomponent *ev, unsigned index, const char *source,
                               struct icaltimetype from, struct icaltimetype to, ach_error *err)
{
    struct icaltimetype start = icalcomponent_get_dtstart(ev);
    if (icalcomponent_get_first_property(ev, ICAL_EXRULE_PROPERTY))
        return event_fail(err, ev, index, source, "EXRULE",
                          "EXRULE is not supported (deprecated by RFC 5545): list EXDATEs");
    for (icalproperty *p = icalcomponent_get_first_property(ev, ICAL_RRULE_PROPERTY); p;
         p = icalcomponent_get_next_property(ev, ICAL_RRULE_PROPERTY)) {
        struct icalrecurrencetype r = icalproperty_get_rrule(p);
        if (finer_than_daily(&r))
            return event_fail(err, ev, index, source, "RRULE",
                              "a closure recurs by days at the finest: FREQ=SECONDLY, MINUTELY "
                              "or HOURLY, BYSECOND, BYMINUTE and BYHOUR are refused");
    }
    size_t nex = 0;
    for (icalproperty *p = icalcomponent_get_first_property(ev, ICAL_EXDATE_PROPERTY); p;
         p = icalcomponent_get_next_property(ev, ICAL_EXDATE_PROPERTY))
        nex++;
    ach_date *ex = malloc((nex ? nex : 1) * sizeof *ex);
    if (!ex) return ACH_ENOMEM;
    size_t n = 0;
    for (icalproperty *p = icalcomponent_get_first_property(ev, ICAL_EXDATE_PROPERTY); p;
         p = icalcomponent_get_next_property(ev, ICAL_EXDATE_PROPERTY)) {
        struct icaltimetype t = icalproperty_get_exdate(p);
        if (ach_date_make(&ex[n], t.year, t.month, t.day, NULL) == ACH_OK) n++;
    }
    qsort(ex, n, sizeof *ex, compare_dates);
#define EXCLUDED(t)                                                                            \
    (ach_date_make(&day, (t).year, (t).month, (t).day, NULL) == ACH_OK &&                       \
     bsearch(&day, ex, n, sizeof *ex, compare_dates) != NULL)
    ach_date day;
    ach_status s = ACH_OK;
    if (!step(b)) s = too_many(err, ev, index, source);
    else if (!EXCLUDED(start)) add_occurrence(b, start);
    for (icalproperty *p = icalcomponent_get_first_property(ev, ICAL_RRULE_PROPERTY); p && !s;
         p = icalcomponent_get_next_property(ev, ICAL_RRULE_PROPERTY)) {
        struct icalrecurrencetype r = icalproperty_get_rrule(p);
        icalrecur_iterator *it = icalrecur_iterator_new(r, start);
        if (!it) continue; /* as libical's own loop: a rule it cannot iterate adds nothing */
        struct icaltimetype first = from;
        icaltime_adjust(&first, -1, 0, 0, 0); /* a DATE event lasts a day */
        if (!r.count) (void)icalrecur_iterator_set_start(it, first);
        for (struct icaltimetype t = icalrecur_iterator_next(it); !icaltime_is_null_time(t);
             t = icalrecur_iterator_next(it)) {
            if (!step(b)) {
                s = too_many(err, ev, index, source);
                break;
            }
            if (icaltime_compare(t, to) >= 0) break;
            if (icaltime_compare(start, t) == 0) continue; /* DTSTART was added above */
            if (!EXCLUDED(t)) add_occurrence(b, t);
        }
        icalrecur_iterator_free(it);
    }
    for (icalproperty *p = icalcomponent_get_first_property(ev, ICAL_RDATE_PROPERTY); p && !s;
         p = icalcomponent_get_next_property(ev, ICAL_RDATE_PROPERTY)) {
        struct icaldatetimeperiodtype rd = icalproperty_get_rdate(p);
        struct icaltimetype t = icaltime_is_null_time(rd.time) ? rd.period.start : rd.time;
        if (!step(b)) s = too_many(err, ev, index, source);
        else if (!icaltime_is_null_time(t) && !EXCLUDED(t)) add_occurrence(b, t);
    }
#undef EXCLUDED
    free(ex);
    if (!s && b->oom) s = ACH_ENOMEM;
    return s;
}

static ach_status expand(builder *b, icalcomponent *root, const char *source, ach_error *err)
{
    icalcomponent *only = icalcomponent_isa(root) == ICAL_VEVENT_COMPONENT ? root : NULL;
    struct icaltimetype from = icaltime_null_date(), to = icaltime_null_date();
    ach_civil a = ach_date_civil(b->first), z = ach_date_civil(b->last);
    from.year = a.year, from.month = 1, from.day = 1;
    to.year = z.year + 1, to.month = 1, to.day = 1;

    unsigned index = 0;
    icalcomponent *ev = only ? only : icalcomponent_get_first_component(root, ICAL_VEVENT_COMPONENT);
    for (; ev; ev = only ? NULL : icalcomponent_get_next_component(root, ICAL_VEVENT_COMPONENT)) {
        index++;
        ach_status s = check_event(ev, index, source, err);
        if (s) return s;
        const char *summary = icalcomponent_get_summary(ev);
        if (!builder_add_name(b, summary && *summary ? summary : "Holiday")) return ACH_ENOMEM;
        s = expand_event(b, ev, index, source, from, to, err);
        if (s) return s;
    }
    if (index == 0) {
        ach__fail(err, ACH_ECALENDAR, "VEVENT", 0, 0, "the calendar has no VEVENT");
        ach__error_set_source(err, source);
        return ACH_ECALENDAR;
    }
    return ACH_OK;
}

/* Turns the sorted closures into the query arrays. */
static ach_status freeze(ach_calendar *cal, builder *b)
{
    uint32_t nwords = (cal->ndays + 63) / 64;
    cal->bits = calloc(nwords, sizeof *cal->bits);
    cal->before = malloc(((size_t)cal->ndays + 1) * sizeof *cal->before);
    cal->holidays = calloc(b->nclosures ? b->nclosures : 1, sizeof *cal->holidays);
    size_t names_len = 0;
    for (size_t i = 0; i < b->nnames; i++) names_len += strlen(b->names[i]) + 1;
    cal->names = malloc(names_len ? names_len : 1);
    if (!cal->bits || !cal->before || !cal->holidays || !cal->names) return ACH_ENOMEM;

    const char **copied = calloc(b->nnames ? b->nnames : 1, sizeof *copied);
    if (!copied) return ACH_ENOMEM;
    char *p = cal->names;
    for (size_t i = 0; i < b->nnames; i++) {
        size_t n = strlen(b->names[i]) + 1;
        memcpy(p, b->names[i], n);
        copied[i] = p;
        p += n;
    }

    /* Weekdays are business days unless closed. */
    for (uint32_t i = 0; i < cal->ndays; i++)
        if (ach_date_weekday(cal->first + (ach_date)i) < ACH_SATURDAY)
            cal->bits[i >> 6] |= UINT64_C(1) << (i & 63);
    if (b->nclosures) qsort(b->closures, b->nclosures, sizeof *b->closures, compare_closures);
    for (size_t i = 0; i < b->nclosures; i++) {
        const closure *c = &b->closures[i];
        uint32_t off = (uint32_t)(c->date - cal->first);
        uint64_t mask = UINT64_C(1) << (off & 63);
        /* A holiday on a weekend closes nothing (R-CAL-2); two rules on one day close it once. */
        if (!(cal->bits[off >> 6] & mask)) continue;
        cal->bits[off >> 6] &= ~mask;
        cal->holidays[cal->nholidays++] = (ach_holiday){c->date, copied[c->name]};
    }
    free(copied);

    uint32_t total = 0;
    for (uint32_t i = 0; i < cal->ndays; i++) {
        cal->before[i] = total;
        total += (uint32_t)(cal->bits[i >> 6] >> (i & 63) & 1u);
    }
    cal->before[cal->ndays] = total;
    cal->nbdays = total;
    cal->bdays = malloc((total ? total : 1) * sizeof *cal->bdays);
    if (!cal->bdays) return ACH_ENOMEM;
    uint32_t k = 0;
    for (uint32_t w = 0; w < nwords; w++)
        for (uint64_t word = cal->bits[w]; word; word &= word - 1)
            cal->bdays[k++] = w * 64 + (uint32_t)__builtin_ctzll(word);
    return ACH_OK;
}

/* Whether `line` (n bytes) holds `word` (ASCII, case-insensitive) where a rule part starts. */
static bool has_part(const char *line, size_t n, const char *word)
{
    size_t w = strlen(word);
    for (size_t i = 0; i + w <= n; i++)
        if ((i == 0 || line[i - 1] == ':' || line[i - 1] == ';') &&
            strncasecmp(line + i, word, w) == 0)
            return true;
    return false;
}

/* Refuses, naming the line, a recurrence finer than by days (it would expand without bound:
 * 86 400 dates a day for FREQ=SECONDLY) and EXRULE (libical checks every date against it from
 * the start: quadratic). expand_event() checks the parsed rules again, for folded lines. */
static ach_status check_rule_line(const char *line, size_t n, uint32_t at, ach_error *err)
{
    bool rrule = n > 6 && strncasecmp(line, "RRULE", 5) == 0 && (line[5] == ':' || line[5] == ';');
    bool exrule = n > 7 && strncasecmp(line, "EXRULE", 6) == 0 &&
                  (line[6] == ':' || line[6] == ';');
    if (exrule)
        return ach__fail(err, ACH_ECALENDAR, "EXRULE", at, 1,
                         "EXRULE is not supported (deprecated by RFC 5545): list EXDATEs");
    if (!rrule) return ACH_OK;
    static const char *const finer[] = {"FREQ=SECONDLY", "FREQ=MINUTELY", "FREQ=HOURLY",
                                        "BYSECOND=",     "BYMINUTE=",     "BYHOUR="};
    for (size_t i = 0; i < sizeof finer / sizeof finer[0]; i++)
        if (has_part(line, n, finer[i]))
            return ach__fail(err, ACH_ECALENDAR, "RRULE", at, 1,
                             "%.*s: a closure recurs by days at the finest (FREQ=DAILY or "
                             "coarser, no BYHOUR, BYMINUTE or BYSECOND)",
                             (int)(n > 80 ? 80 : n), line);
    return ACH_OK;
}

/* A structural pre-check of the text before libical sees it: content lines (after unfolding)
 * must have a ':' and BEGIN/END must nest. Written by hand because libical reports these faults
 * by printing to stderr, which a library must not do, and gives no line numbers; here the
 * error names the line and column. */
static ach_status prescan(const char *text, size_t len, const char *source, ach_error *err)
{
    enum { MAX_DEPTH = 16 };
    struct { const char *name; size_t len; } stack[MAX_DEPTH];
    size_t depth = 0;
    uint32_t line = 0, logical_line = 0;
    bool seen_any = false, has_colon = true;
    size_t pos = 0;
    ach_status s = ACH_OK;
    while (pos <= len && !s) {
        const char *start = text + pos;
        const char *nl = memchr(start, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - start) : len - pos;
        pos += n + 1;
        line++;
        if (n && start[n - 1] == '\r') n--;
        bool folded = n && (start[0] == ' ' || start[0] == '\t');
        if (folded) {
            if (!has_colon && memchr(start, ':', n)) has_colon = true;
            continue;
        }
        if (!has_colon) {
            s = ach__fail(err, ACH_ECALENDAR, NULL, logical_line, 1,
                          "content line has no ':' between name and value");
            break;
        }
        if (n == 0) {
            if (!nl) break;
            continue;
        }
        logical_line = line;
        has_colon = memchr(start, ':', n) != NULL;
        s = check_rule_line(start, n, line, err);
        if (s) break;
        bool begin = n > 6 && strncasecmp(start, "BEGIN:", 6) == 0;
        bool end = n > 4 && strncasecmp(start, "END:", 4) == 0;
        if (!seen_any && !begin) {
            s = ach__fail(err, ACH_ECALENDAR, NULL, line, 1,
                          "not iCalendar data: expected BEGIN:VCALENDAR");
            break;
        }
        seen_any = true;
        if (begin) {
            if (depth == MAX_DEPTH) {
                s = ach__fail(err, ACH_ECALENDAR, NULL, line, 1,
                              "components nested deeper than %d", MAX_DEPTH);
                break;
            }
            stack[depth].name = start + 6;
            stack[depth++].len = n - 6;
        } else if (end) {
            if (depth == 0) {
                s = ach__fail(err, ACH_ECALENDAR, NULL, line, 1, "END:%.*s without a BEGIN",
                              (int)(n - 4 > 40 ? 40 : n - 4), start + 4);
                break;
            }
            depth--;
            if (stack[depth].len != n - 4 ||
                strncasecmp(stack[depth].name, start + 4, n - 4) != 0) {
                s = ach__fail(err, ACH_ECALENDAR, NULL, line, 5, "END:%.*s closes BEGIN:%.*s",
                              (int)(n - 4 > 40 ? 40 : n - 4), start + 4,
                              (int)(stack[depth].len > 40 ? 40 : stack[depth].len),
                              stack[depth].name);
                break;
            }
        }
        if (!nl) break;
    }
    if (!s && !seen_any)
        s = ach__fail(err, ACH_ECALENDAR, NULL, 0, 0, "not iCalendar data: expected BEGIN:VCALENDAR");
    if (!s && !has_colon)
        s = ach__fail(err, ACH_ECALENDAR, NULL, logical_line, 1,
                      "content line has no ':' between name and value");
    if (!s && depth)
        s = ach__fail(err, ACH_ECALENDAR, NULL, line, 0, "BEGIN:%.*s is never closed by END",
                      (int)(stack[depth - 1].len > 40 ? 40 : stack[depth - 1].len),
                      stack[depth - 1].name);
    if (s) ach__error_set_source(err, source);
    return s;
}

ach_status ach_calendar_load_buffer(ach_calendar **out, const char *data, size_t len,
                                    const char *name, const ach_calendar_options *opts,
                                    ach_error *err)
{
    static const ach_calendar_options defaults = ACH_CALENDAR_OPTIONS_INIT;
    if (!opts) opts = &defaults;
    if (!out || (!data && len))
        return ach__fail(err, ACH_EINVAL, NULL, 0, 0, "out and data must not be NULL");
    if (opts->version != ACH_CALENDAR_OPTIONS_VERSION)
        return ach__fail(err, ACH_EINVAL, "version", 0, 0,
                         "unknown ach_calendar_options version %u", opts->version);
    if (opts->first_year < 1 || opts->last_year > 9999 || opts->last_year < opts->first_year)
        return ach__fail(err, ACH_EINVAL, "first_year", 0, 0,
                         "year range %d-%d is not within 1-9999 in order",
                         (int)opts->first_year, (int)opts->last_year);
    if (!name) name = "<buffer>";
    if (len > ACH_CALENDAR_MAX_BYTES) {
        ach__fail(err, ACH_ETOOLONG, NULL, 0, 0,
                  "the calendar is %zu bytes long; at most %zu are read (ACH_CALENDAR_MAX_BYTES)",
                  len, ACH_CALENDAR_MAX_BYTES);
        ach__error_set_source(err, name);
        return ACH_ETOOLONG;
    }

    /* libical wants a NUL-terminated string; the caller's buffer need not be. */
    char *text = malloc(len + 1);
    if (!text) return ach__fail(err, ACH_ENOMEM, NULL, 0, 0, "out of memory");
    if (len) memcpy(text, data, len);
    text[len] = '\0';

    builder b = {0};
    ach_calendar *cal = NULL;
    icalcomponent *root = NULL;
    ach_status s = prescan(text, len, name, err);
    if (s) goto done;
    root = icalparser_parse_string(text);
    if (!root || (icalcomponent_isa(root) != ICAL_VCALENDAR_COMPONENT &&
                  icalcomponent_isa(root) != ICAL_VEVENT_COMPONENT &&
                  icalcomponent_isa(root) != ICAL_XROOT_COMPONENT)) {
        s = ach__fail(err, ACH_ECALENDAR, NULL, 0, 0,
                      "not iCalendar data: expected BEGIN:VCALENDAR");
        ach__error_set_source(err, name);
        goto done;
    }
    cal = calloc(1, sizeof *cal);
    if (!cal) {
        s = ACH_ENOMEM;
        goto done;
    }
    ach_status ok;
    ok = ach_date_make(&cal->first, opts->first_year, 1, 1, NULL);
    ok |= ach_date_make(&cal->last, opts->last_year, 12, 31, NULL);
    (void)ok; /* both in 1..9999, checked above */
    cal->ndays = (uint32_t)(cal->last - cal->first + 1);
    b.first = cal->first;
    b.last = cal->last;
    s = expand(&b, root, name, err);
    if (!s) s = freeze(cal, &b);
    if (s == ACH_ENOMEM) ach__fail(err, ACH_ENOMEM, NULL, 0, 0, "out of memory");

done:
    if (root) icalcomponent_free(root);
    free(text);
    free(b.closures);
    free(b.names);
    if (s) {
        ach_calendar_free(cal);
        return s;
    }
    *out = cal;
    return ACH_OK;
}

ach_status ach_calendar_load_file(ach_calendar **out, const char *path,
                                  const ach_calendar_options *opts, ach_error *err)
{
    if (!path) return ach__fail(err, ACH_EINVAL, "path", 0, 0, "path must not be NULL");
    FILE *f = fopen(path, "rb");
    if (!f) {
        ach__fail(err, ACH_EIO, NULL, 0, 0, "cannot open: %s", strerror(errno));
        ach__error_set_source(err, path);
        return ACH_EIO;
    }
    char *data = NULL;
    size_t len = 0, cap = 0;
    ach_status s = ACH_OK;
    /* read incrementally, and no further than one byte past the bound: a device or pipe that
     * never ends (/dev/zero) is refused, not read until memory runs out */
    const size_t limit = ACH_CALENDAR_MAX_BYTES + 1;
    for (;;) {
        if (len == limit) {
            s = ach__fail(err, ACH_ETOOLONG, NULL, 0, 0,
                          "the calendar is longer than %zu bytes (ACH_CALENDAR_MAX_BYTES)",
                          ACH_CALENDAR_MAX_BYTES);
            ach__error_set_source(err, path);
            break;
        }
        if (cap - len < 4096 && cap < limit) {
            size_t ncap = cap ? cap * 2 : 16384;
            if (ncap > limit) ncap = limit;
            char *n = realloc(data, ncap);
            if (!n) {
                s = ach__fail(err, ACH_ENOMEM, NULL, 0, 0, "out of memory");
                break;
            }
            data = n;
            cap = ncap;
        }
        size_t got = fread(data + len, 1, cap - len, f);
        len += got;
        if (got == 0) {
            if (ferror(f)) {
                s = ach__fail(err, ACH_EIO, NULL, 0, 0, "read error: %s", strerror(errno));
                ach__error_set_source(err, path);
            }
            break;
        }
    }
    fclose(f);
    if (!s) s = ach_calendar_load_buffer(out, data, len, path, opts, err);
    free(data);
    return s;
}

void ach_calendar_free(ach_calendar *cal)
{
    if (!cal) return;
    free(cal->bits);
    free(cal->before);
    free(cal->bdays);
    free(cal->holidays);
    free(cal->names);
    free(cal);
}

/* ---- queries ------------------------------------------------------------------------------- */

static ach_status out_of_range(const ach_calendar *cal, ach_date day, const char *field,
                               ach_error *err)
{
    char d[24], a[ACH_DATE_FORMAT_SIZE], z[ACH_DATE_FORMAT_SIZE];
    if (day >= ACH_DATE_MIN && day <= ACH_DATE_MAX) ach_date_format(d, day);
    else snprintf(d, sizeof d, "day %ld", (long)day);
    return ach__fail(err, ACH_ERANGE, field, 0, 0,
                     "%s is outside the calendar's range %s to %s", d,
                     ach_date_format(a, cal->first), ach_date_format(z, cal->last));
}

static inline bool in_range(const ach_calendar *cal, ach_date day)
{
    return day >= cal->first && day <= cal->last;
}

static inline bool bit(const ach_calendar *cal, uint32_t off)
{
    return (cal->bits[off >> 6] >> (off & 63)) & 1;
}

/* Business days strictly before offset `off` (off may equal ndays). */
static inline uint32_t rank_before(const ach_calendar *cal, uint32_t off)
{
    return cal->before[off];
}

void ach_calendar_range(const ach_calendar *cal, ach_date *first, ach_date *last)
{
    if (first) *first = cal->first;
    if (last) *last = cal->last;
}

ach_status ach_calendar_is_business_day(bool *out, const ach_calendar *cal, ach_date day,
                                        ach_error *err)
{
    if (ACH__UNLIKELY(!in_range(cal, day))) return out_of_range(cal, day, "date", err);
    *out = bit(cal, (uint32_t)(day - cal->first));
    return ACH_OK;
}

ach_status ach_calendar_add_business_days(ach_date *out, const ach_calendar *cal, ach_date day,
                                          int32_t n, ach_error *err)
{
    if (ACH__UNLIKELY(!in_range(cal, day))) return out_of_range(cal, day, "date", err);
    uint32_t off = (uint32_t)(day - cal->first);
    int64_t k;
    if (n > 0) k = (int64_t)rank_before(cal, off + 1) + n - 1;  /* n-th strictly after */
    else if (n < 0) k = (int64_t)rank_before(cal, off) + n;     /* |n|-th strictly before */
    else {
        *out = day;
        return ACH_OK;
    }
    if (ACH__UNLIKELY(k < 0 || k >= cal->nbdays)) {
        char d[ACH_DATE_FORMAT_SIZE];
        return ach__fail(err, ACH_ERANGE, "n", 0, 0,
                         "%ld business day(s) from %s falls outside the calendar's range",
                         (long)n, ach_date_format(d, day));
    }
    *out = cal->first + (ach_date)cal->bdays[k];
    return ACH_OK;
}

ach_status ach_calendar_next_business_day(ach_date *out, const ach_calendar *cal, ach_date day,
                                          ach_error *err)
{
    return ach_calendar_add_business_days(out, cal, day, 1, err);
}

ach_status ach_calendar_previous_business_day(ach_date *out, const ach_calendar *cal,
                                              ach_date day, ach_error *err)
{
    return ach_calendar_add_business_days(out, cal, day, -1, err);
}

ach_status ach_calendar_business_days_between(int32_t *out, const ach_calendar *cal,
                                              ach_date from, ach_date to, ach_error *err)
{
    if (ACH__UNLIKELY(!in_range(cal, from))) return out_of_range(cal, from, "from", err);
    if (ACH__UNLIKELY(!in_range(cal, to))) return out_of_range(cal, to, "to", err);
    /* Walking from `from` towards `to`, count the business days landed on: `to` included,
     * `from` excluded, in either direction. This makes between() the inverse of add(). */
    uint32_t a = (uint32_t)(from - cal->first), b = (uint32_t)(to - cal->first);
    if (to >= from) *out = (int32_t)(rank_before(cal, b + 1) - rank_before(cal, a + 1));
    else *out = -(int32_t)(rank_before(cal, a) - rank_before(cal, b));
    return ACH_OK;
}

ach_status ach_calendar_processing_date(ach_date *out, const ach_calendar *cal,
                                        ach_instant instant, ach_error *err)
{
    ach_date day = ach__instant_date(instant);
    if (ACH__UNLIKELY(!in_range(cal, day))) return out_of_range(cal, day, "time", err);
    /* R-CAL-4: at or after 22:00:00 UTC, or on a non-business day, the next business day. */
    if (ach__instant_second_of_day(instant) < ACH_CUTOFF_SECOND_OF_DAY &&
        bit(cal, (uint32_t)(day - cal->first))) {
        *out = day;
        return ACH_OK;
    }
    return ach_calendar_add_business_days(out, cal, day, 1, err);
}

ach_status ach_calendar_holidays(ach_holiday *out, size_t cap, size_t *count,
                                 const ach_calendar *cal, ach_date from, ach_date to,
                                 ach_error *err)
{
    if (to < from) {
        char a[ACH_DATE_FORMAT_SIZE] = "?", z[ACH_DATE_FORMAT_SIZE] = "?";
        if (from >= ACH_DATE_MIN && from <= ACH_DATE_MAX) ach_date_format(a, from);
        if (to >= ACH_DATE_MIN && to <= ACH_DATE_MAX) ach_date_format(z, to);
        return ach__fail(err, ACH_EINVAL, "to", 0, 0, "range end %s is before its start %s", z, a);
    }
    if (!in_range(cal, from)) return out_of_range(cal, from, "from", err);
    if (!in_range(cal, to)) return out_of_range(cal, to, "to", err);
    /* Binary search for the first closure on or after `from`. */
    size_t lo = 0, hi = cal->nholidays;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cal->holidays[mid].date < from) lo = mid + 1;
        else hi = mid;
    }
    size_t n = 0;
    for (size_t i = lo; i < cal->nholidays && cal->holidays[i].date <= to; i++, n++)
        if (n < cap) out[n] = cal->holidays[i];
    *count = n;
    if (n > cap)
        return ach__fail(err, ACH_EBUFS, NULL, 0, 0,
                         "%zu closures in the range, room for %zu", n, cap);
    return ACH_OK;
}

/* ---- the compiled-in Federal Reserve calendar --------------------------------------------- */

/* Generated at build time from data/fed-holidays.ics (see Makefile.am). */
extern const char ach__fed_holidays_ics[];
extern const size_t ach__fed_holidays_ics_len;

ach_status ach_calendar_new_default(ach_calendar **out, ach_error *err)
{
    return ach_calendar_load_buffer(out, ach__fed_holidays_ics, ach__fed_holidays_ics_len,
                                    "fed-holidays.ics", NULL, err);
}
