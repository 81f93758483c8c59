/* SPDX-License-Identifier: Apache-2.0 */
/* The --events writer (issue 23): a run with --events took about 4 times as long as one without,
 * nearly all of it in fprintf() (a format parsed and a lock taken per field). Here a line is
 * built with stores into a buffer: strings escaped as cli_json_string() escapes them, integers
 * and dates formatted by hand (ach_date_format() and ach_instant_format() are such already). */
#include "events_json.h"
#include <stdlib.h>
#include <string.h>

void events_json_init(events_json *w, FILE *f)
{
    w->f = f;
    w->buf = malloc(EVENTS_JSON_BUFFER);
    w->len = 0;
}

static void drain(events_json *w)
{
    if (w->len && w->f) fwrite(w->buf, 1, w->len, w->f);
    w->len = 0;
}

void events_json_finish(events_json *w)
{
    if (w->buf) drain(w);
    free(w->buf);
    w->buf = NULL;
}

/* Room for `n` more bytes: false when a single piece is larger than the buffer (written
 * through stdio instead). */
static bool room(events_json *w, size_t n)
{
    if (w->len + n <= EVENTS_JSON_BUFFER) return true;
    drain(w);
    return n <= EVENTS_JSON_BUFFER;
}

static void put(events_json *w, const char *s, size_t n)
{
    if (!w->buf || !room(w, n)) { /* no buffer could be had, or a huge piece: stdio */
        fwrite(s, 1, n, w->f);
        return;
    }
    memcpy(w->buf + w->len, s, n);
    w->len += n;
}

#define PUT_LIT(w, lit) put((w), (lit), sizeof(lit) - 1)

/* A JSON string, as cli_json_string_n() writes it: quotes, backslashes and \n \r \t escaped,
 * other control characters as \u00XX, everything else (UTF-8 included) as is. */
static void put_string(events_json *w, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    char piece[256 * 6 + 2];
    size_t done = 0;
    PUT_LIT(w, "\"");
    while (done < n) {
        size_t take = n - done < 256 ? n - done : 256, k = 0;
        for (size_t i = 0; i < take; i++) {
            unsigned char c = (unsigned char)s[done + i];
            if (c >= 0x20 && c != '"' && c != '\\') {
                piece[k++] = (char)c;
                continue;
            }
            piece[k++] = '\\';
            switch (c) {
            case '"': piece[k++] = '"'; break;
            case '\\': piece[k++] = '\\'; break;
            case '\n': piece[k++] = 'n'; break;
            case '\r': piece[k++] = 'r'; break;
            case '\t': piece[k++] = 't'; break;
            default:
                memcpy(piece + k, "u00", 3);
                piece[k + 3] = hex[c >> 4];
                piece[k + 4] = hex[c & 15];
                k += 5;
            }
        }
        put(w, piece, k);
        done += take;
    }
    PUT_LIT(w, "\"");
}

static void put_u64(events_json *w, uint64_t v)
{
    char d[24];
    size_t i = sizeof d;
    do {
        d[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    put(w, d + i, sizeof d - i);
}

static void put_i64(events_json *w, int64_t v)
{
    if (v < 0) {
        PUT_LIT(w, "-");
        put_u64(w, (uint64_t)0 - (uint64_t)v);
    } else {
        put_u64(w, (uint64_t)v);
    }
}

/* `,"key":` then the value, the key a literal without anything to escape */
static void put_key(events_json *w, const char *key)
{
    PUT_LIT(w, ",\"");
    put(w, key, strlen(key));
    PUT_LIT(w, "\":");
}

/* `,"key":"value"`, left out when the value is empty */
static void put_field(events_json *w, const char *key, const char *value)
{
    if (!value || !value[0]) return;
    put_key(w, key);
    put_string(w, value, strlen(value));
}

static void put_date(events_json *w, ach_date date)
{
    char d[ACH_DATE_FORMAT_SIZE];
    PUT_LIT(w, "\"");
    ach_date_format(d, date);
    put(w, d, strlen(d));
    PUT_LIT(w, "\"");
}

void events_json_put(events_json *w, const char *file, const ach_event *ev)
{
    if (!w->f) return;
    if (file) {
        PUT_LIT(w, "{\"file\":");
        put_string(w, file, strlen(file));
        PUT_LIT(w, ",\"record\":");
    } else {
        PUT_LIT(w, "{\"line\":");
    }
    put_u64(w, ev->line);
    PUT_LIT(w, ",\"type\":\"");
    const char *type = ach_event_type_name(ev->type);
    put(w, type, strlen(type));
    PUT_LIT(w, "\",\"created\":\"");
    char t[ACH_INSTANT_FORMAT_SIZE];
    ach_instant_format(t, ev->created);
    put(w, t, strlen(t));
    PUT_LIT(w, "\",\"business_date\":");
    put_date(w, ev->business_date);
    put_field(w, "id", ev->id);
    put_field(w, "charge", ev->charge);
    put_field(w, "customer", ev->customer);
    if (ev->amount) {
        put_key(w, "amount");
        put_i64(w, ev->amount);
    }
    if (ev->amount_refunded) {
        put_key(w, "amount_refunded");
        put_i64(w, ev->amount_refunded);
    }
    put_field(w, "status", ev->status);
    put_field(w, "failure_code", ev->failure_code);
    put_field(w, "failure_message", ev->failure_message);
    put_field(w, "reason", ev->reason);
    put_field(w, "return_code", ev->return_code);
    put_field(w, "descriptor", ev->descriptor);
    bool oow = ev->flags & ACH_FX_OUT_OF_WINDOW, dc = ev->flags & ACH_FX_DOUBLE_CREDIT;
    if (oow || dc) {
        PUT_LIT(w, ",\"flags\":[");
        if (oow) PUT_LIT(w, "\"out_of_window\"");
        if (oow && dc) PUT_LIT(w, ",");
        if (dc) PUT_LIT(w, "\"double_credit\"");
        PUT_LIT(w, "]");
    }
    /* the derived dates (issue 18), where the event has them */
    const struct {
        const char *key;
        ach_date date;
    } dates[] = {{"resolve_by", ev->resolve_by},
                 {"available_on", ev->available_on},
                 {"dispute_deadline", ev->dispute_deadline},
                 {"refund_expected_from", ev->refund_expected_from},
                 {"refund_expected_by", ev->refund_expected_by}};
    for (size_t i = 0; i < sizeof dates / sizeof *dates; i++) {
        if (dates[i].date == ACH_DATE_NONE) continue;
        put_key(w, dates[i].key);
        put_date(w, dates[i].date);
    }
    PUT_LIT(w, "}\n");
}
