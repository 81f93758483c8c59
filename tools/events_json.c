/* SPDX-License-Identifier: Apache-2.0 */
/* The --events writer (issue 23): a run with --events took about 4 times as long as one without,
 * nearly all of it in fprintf() (a format parsed and a lock taken per field). Here a line is
 * built with plain stores into a large buffer, room for the whole line made once: strings
 * escaped as cli_json_string() escapes them, integers formatted by hand, dates through a small
 * cache (the events of a ledger come on a few dates at a time). */
#include "events_json.h"
#include <stdlib.h>
#include <string.h>

void events_json_init(events_json *w, FILE *f)
{
    memset(w, 0, sizeof *w);
    w->f = f;
    w->cap = EVENTS_JSON_BUFFER;
    w->buf = malloc(w->cap);
    for (size_t i = 0; i < EVENTS_JSON_DATES; i++) w->dates[i].date = ACH_DATE_NONE;
}

static void drain(events_json *w)
{
    if (w->len && w->f) fwrite(w->buf, 1, w->len, w->f);
    w->len = 0;
}

bool events_json_finish(events_json *w)
{
    if (w->buf) drain(w);
    free(w->buf);
    w->buf = NULL;
    return !w->lost;
}

/* Room for `n` more bytes; false when none can be had. */
static bool room(events_json *w, size_t n)
{
    if (w->buf && w->len + n <= w->cap) return true;
    if (w->buf) drain(w);
    if (w->buf && n <= w->cap) return true;
    char *b = realloc(w->buf, n); /* a line longer than the buffer: made to fit */
    if (!b) return false;
    w->buf = b;
    w->cap = n;
    return true;
}

#define PUT_LIT(p, lit) (memcpy((p), (lit), sizeof(lit) - 1), (p) + sizeof(lit) - 1)

/* A JSON string, as cli_json_string_n() writes it: quotes, backslashes and \n \r \t escaped,
 * other control characters as \u00XX, everything else (UTF-8 included) as is. At most
 * 2 + 6 * n bytes. */
/* No byte of the 8 in x needs escaping (no control character, quote or backslash): the
 * has-a-byte-less-than tests on words, exact for presence. */
static inline bool plain8(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    uint64_t quote = x ^ (ones * '"'), slash = x ^ (ones * '\\');
    uint64_t hit = ((x - ones * 0x20) & ~x) | ((quote - ones) & ~quote) |
                   ((slash - ones) & ~slash);
    return !(hit & highs);
}

static char *put_string(char *p, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    *p++ = '"';
    size_t i = 0;
    for (; i + 8 <= n; i += 8) { /* ids, names, messages: 8 plain bytes at a time */
        uint64_t x;
        memcpy(&x, s + i, 8);
        if (!plain8(x)) break;
        memcpy(p, &x, 8);
        p += 8;
    }
    for (; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') {
            *p++ = (char)c;
            continue;
        }
        *p++ = '\\';
        switch (c) {
        case '"': *p++ = '"'; break;
        case '\\': *p++ = '\\'; break;
        case '\n': *p++ = 'n'; break;
        case '\r': *p++ = 'r'; break;
        case '\t': *p++ = 't'; break;
        default:
            *p++ = 'u';
            *p++ = '0';
            *p++ = '0';
            *p++ = hex[c >> 4];
            *p++ = hex[c & 15];
        }
    }
    *p++ = '"';
    return p;
}

/* At most 20 bytes, 21 with a sign. */
static char *put_i64(char *p, int64_t v)
{
    uint64_t u = (uint64_t)v;
    if (v < 0) {
        *p++ = '-';
        u = (uint64_t)0 - u;
    }
    char d[20];
    size_t i = sizeof d;
    do {
        d[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    memcpy(p, d + i, sizeof d - i);
    return p + (sizeof d - i);
}

static char *put_u64(char *p, uint64_t u)
{
    char d[20];
    size_t i = sizeof d;
    do {
        d[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    memcpy(p, d + i, sizeof d - i);
    return p + (sizeof d - i);
}

/* "YYYY-MM-DD" of a date (ach_date_format()), from the cache. At most ACH_DATE_FORMAT_SIZE. */
static char *put_date_text(events_json *w, char *p, ach_date date)
{
    events_json_date *c = &w->dates[(uint32_t)date % EVENTS_JSON_DATES];
    if (c->date != date) {
        ach_date_format(c->text, date);
        c->len = (uint8_t)strlen(c->text);
        c->date = date;
    }
    memcpy(p, c->text, ACH_DATE_FORMAT_SIZE);
    return p + c->len;
}

/* `,"key":"YYYY-MM-DD"` for a date the event has; nothing for ACH_DATE_NONE. */
static char *put_date_member(events_json *w, char *p, const char *prefix, size_t n, ach_date d)
{
    if (d == ACH_DATE_NONE) return p;
    memcpy(p, prefix, n);
    p = put_date_text(w, p + n, d);
    *p++ = '"';
    return p;
}
#define PUT_DATE(w, p, key, d) \
    put_date_member((w), (p), ",\"" key "\":\"", sizeof(",\"" key "\":\"") - 1, (d))

/* Two digits of 0..99. */
static char *put2(char *p, int32_t v)
{
    *p++ = (char)('0' + v / 10);
    *p++ = (char)('0' + v % 10);
    return p;
}

/* ach_instant_format(): the date, then THH:MM:SSZ. */
static char *put_instant(events_json *w, char *p, ach_instant t)
{
    int32_t sod = ach_instant_second_of_day(t);
    p = put_date_text(w, p, ach_instant_date(t));
    *p++ = 'T';
    p = put2(p, sod / 3600);
    *p++ = ':';
    p = put2(p, sod / 60 % 60);
    *p++ = ':';
    p = put2(p, sod % 60);
    *p++ = 'Z';
    return p;
}

/* `,"key":"value"`, left out when the value is empty; `n`: strlen(value) */
static char *put_field(char *p, const char *key, size_t klen, const char *value, size_t n)
{
    if (!n) return p;
    *p++ = ',';
    *p++ = '"';
    memcpy(p, key, klen);
    p += klen;
    *p++ = '"';
    *p++ = ':';
    return put_string(p, value, n);
}

#define FIELD(p, key, value, n) put_field((p), (key), sizeof(key) - 1, (value), (n))

static size_t len_of(const char *s) { return s ? strlen(s) : 0; }

void events_json_put(events_json *w, const char *file, const ach_event *ev)
{
    if (!w->f) return;
    enum { ID, CHARGE, CUSTOMER, STATUS, FCODE, FMSG, REASON, RCODE, DESC, NSTR };
    const char *str[NSTR] = {ev->id,     ev->charge,          ev->customer,
                             ev->status, ev->failure_code,    ev->failure_message,
                             ev->reason, ev->return_code,     ev->descriptor};
    size_t len[NSTR], flen = file ? strlen(file) : 0;
    /* the longest line these can make: every string escaped at 6 bytes a byte, and the rest
     * (keys, numbers, dates, flags) in well under 512 bytes */
    size_t bound = 512 + 6 * flen;
    for (int i = 0; i < NSTR; i++) {
        len[i] = len_of(str[i]);
        bound += 16 + 6 * len[i];
    }
    if (!room(w, bound)) {
        w->lost = true;
        return;
    }
    char *p = w->buf + w->len;
    if (file) {
        p = PUT_LIT(p, "{\"file\":");
        p = put_string(p, file, flen);
        p = PUT_LIT(p, ",\"record\":");
    } else {
        p = PUT_LIT(p, "{\"line\":");
    }
    p = put_u64(p, ev->line);
    p = PUT_LIT(p, ",\"type\":\"");
    for (const char *type = ach_event_type_name(ev->type); *type;) *p++ = *type++;
    p = PUT_LIT(p, "\",\"created\":\"");
    p = put_instant(w, p, ev->created);
    p = PUT_LIT(p, "\",\"business_date\":\"");
    p = put_date_text(w, p, ev->business_date);
    *p++ = '"';
    p = FIELD(p, "id", str[ID], len[ID]);
    p = FIELD(p, "charge", str[CHARGE], len[CHARGE]);
    p = FIELD(p, "customer", str[CUSTOMER], len[CUSTOMER]);
    if (ev->amount) {
        p = PUT_LIT(p, ",\"amount\":");
        p = put_i64(p, ev->amount);
    }
    if (ev->amount_refunded) {
        p = PUT_LIT(p, ",\"amount_refunded\":");
        p = put_i64(p, ev->amount_refunded);
    }
    p = FIELD(p, "status", str[STATUS], len[STATUS]);
    p = FIELD(p, "failure_code", str[FCODE], len[FCODE]);
    p = FIELD(p, "failure_message", str[FMSG], len[FMSG]);
    p = FIELD(p, "reason", str[REASON], len[REASON]);
    p = FIELD(p, "return_code", str[RCODE], len[RCODE]);
    p = FIELD(p, "descriptor", str[DESC], len[DESC]);
    bool oow = ev->flags & ACH_FX_OUT_OF_WINDOW, dc = ev->flags & ACH_FX_DOUBLE_CREDIT;
    if (oow || dc) {
        p = PUT_LIT(p, ",\"flags\":[");
        if (oow) p = PUT_LIT(p, "\"out_of_window\"");
        if (oow && dc) *p++ = ',';
        if (dc) p = PUT_LIT(p, "\"double_credit\"");
        *p++ = ']';
    }
    /* the derived dates (issue 18), where the event has them */
    p = PUT_DATE(w, p, "resolve_by", ev->resolve_by);
    p = PUT_DATE(w, p, "available_on", ev->available_on);
    p = PUT_DATE(w, p, "dispute_deadline", ev->dispute_deadline);
    p = PUT_DATE(w, p, "refund_expected_from", ev->refund_expected_from);
    p = PUT_DATE(w, p, "refund_expected_by", ev->refund_expected_by);
    p = PUT_LIT(p, "}\n");
    w->len = (size_t)(p - w->buf);
}
