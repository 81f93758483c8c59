/* SPDX-License-Identifier: Apache-2.0 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

int cli_fail(const ach_error *err)
{
    char buf[512];
    ach_error_format(buf, sizeof buf, err);
    fprintf(stderr, "ach: %s\n", buf);
    return CLI_DATA;
}

int cli_usage(const char *usage, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("ach: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nusage: %s\n", usage);
    return CLI_USAGE;
}

void cli_json_string_n(FILE *out, const char *s, size_t len)
{
    fputc('"', out);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\t': fputs("\\t", out); break;
        default:
            if (c < 0x20) fprintf(out, "\\u%04x", c);
            else fputc(c, out);
        }
    }
    fputc('"', out);
}

void cli_json_string(FILE *out, const char *s) { cli_json_string_n(out, s, strlen(s)); }

static void remove_args(int *argc, char **argv, int at, int n)
{
    memmove(argv + at, argv + at + n, (size_t)(*argc - at - n + 1) * sizeof *argv);
    *argc -= n;
}

bool cli_take_flag(int *argc, char **argv, const char *name)
{
    bool found = false;
    for (int i = 0; i < *argc;) {
        if (strcmp(argv[i], "--") == 0) break;
        if (strcmp(argv[i], name) == 0) {
            remove_args(argc, argv, i, 1);
            found = true;
        } else {
            i++;
        }
    }
    return found;
}

const char *cli_take_option(int *argc, char **argv, const char *name, bool *missing)
{
    size_t n = strlen(name);
    const char *value = NULL;
    for (int i = 0; i < *argc;) {
        if (strcmp(argv[i], "--") == 0) break;
        if (strcmp(argv[i], name) == 0) {
            if (i + 1 >= *argc) {
                if (missing) *missing = true;
                remove_args(argc, argv, i, 1);
                return NULL;
            }
            value = argv[i + 1];
            remove_args(argc, argv, i, 2);
        } else if (strncmp(argv[i], name, n) == 0 && argv[i][n] == '=') {
            value = argv[i] + n + 1;
            remove_args(argc, argv, i, 1);
        } else {
            i++;
        }
    }
    return value;
}

int cli_reject_unknown_options(int argc, char **argv, const char *usage)
{
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) return CLI_OK;
        if (strncmp(argv[i], "--", 2) == 0)
            return cli_usage(usage, "unknown option '%s'", argv[i]);
    }
    return CLI_OK;
}

bool cli_parse_int64(const char *s, int64_t *out)
{
    if (!s || !*s) return false;
    char *end = NULL;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end) return false;
    *out = v;
    return true;
}

const char *cli_money(char buf[40], int64_t cents)
{
    uint64_t v = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
    char digits[32];
    int n = snprintf(digits, sizeof digits, "%llu", (unsigned long long)(v / 100));
    char *p = buf;
    if (cents < 0) *p++ = '-';
    *p++ = '$';
    for (int i = 0; i < n; i++) {
        *p++ = digits[i];
        if ((n - 1 - i) % 3 == 0 && i != n - 1) *p++ = ',';
    }
    snprintf(p, 8, ".%02u", (unsigned)(v % 100));
    return buf;
}
