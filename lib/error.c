/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include <string.h>
#include "internal.h"

const char *ach_status_name(int status)
{
    switch (status) {
#define ACH__STATUS_NAME(name, value, text) case value: return "ACH_" #name;
        ACH_STATUS_MAP(ACH__STATUS_NAME)
#undef ACH__STATUS_NAME
    default: return "ACH_UNKNOWN";
    }
}

const char *ach_status_str(int status)
{
    switch (status) {
#define ACH__STATUS_TEXT(name, value, text) case value: return text;
        ACH_STATUS_MAP(ACH__STATUS_TEXT)
#undef ACH__STATUS_TEXT
    default: return "unknown status";
    }
}

void ach_error_clear(ach_error *err)
{
    if (err) {
        static const ach_error blank = ACH_ERROR_INIT;
        *err = blank;
    }
}

void ach__strlcpy(char *dst, const char *src, size_t cap)
{
    if (cap == 0) return;
    size_t n = src ? strlen(src) : 0;
    if (n >= cap) n = cap - 1;
    if (n) memcpy(dst, src, n);
    dst[n] = '\0';
}

void ach__error_set_source(ach_error *err, const char *source)
{
    if (!err) return;
    if (!source) source = "";
    size_t n = strlen(source);
    /* Keep the end of a long path: the file name is what identifies it. */
    if (n >= sizeof err->source) source += n - (sizeof err->source - 1);
    ach__strlcpy(err->source, source, sizeof err->source);
}

/* Parenthesised: internal.h's analyzer-only ach__fail macro must not expand here. */
ach_status (ach__fail)(ach_error *err, ach_status code, const char *field, uint64_t line,
                       uint32_t column, const char *fmt, ...)
{
    if (!err) return code;
    err->code = code;
    err->line = line;
    err->column = column;
    ach__strlcpy(err->field, field ? field : "", sizeof err->field);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return code;
}

size_t ach_error_format(char *buf, size_t cap, const ach_error *err)
{
    if (!err) {
        if (cap) buf[0] = '\0';
        return 0;
    }
    char pos[128] = "";
    size_t p = 0;
    if (err->source[0]) p += (size_t)snprintf(pos + p, sizeof pos - p, "%s:", err->source);
    if (err->line) p += (size_t)snprintf(pos + p, sizeof pos - p, "%" PRIu64 ":", err->line);
    if (err->line && err->column)
        p += (size_t)snprintf(pos + p, sizeof pos - p, "%u:", (unsigned)err->column);
    int n = snprintf(buf, cap, "%s%s%s%s%s", pos, p ? " " : "", err->field,
                     err->field[0] ? ": " : "",
                     err->message[0] ? err->message : ach_status_str(err->code));
    return n < 0 ? 0 : (size_t)n;
}
