/* SPDX-License-Identifier: Apache-2.0 */
/* `ach routing check NUMBER... | --stdin`: ABA routing numbers, one verdict a line (R-ACC-2). */
#include <stdlib.h>
#include <string.h>
#include "cmd_validators.h"

#define USAGE "ach routing check NUMBER... | ach routing check --stdin"

void cli_help_routing(FILE *out)
{
    fprintf(out,
            "usage: " USAGE "\n\n"
            "Checks ABA routing numbers for ACH: exactly 9 ASCII digits (no trimming), prefix\n"
            "01-12, 21-32 or 61-72, and the 3-7-1 checksum. One line per number:\n"
            "  NUMBER<TAB>valid\n"
            "  NUMBER<TAB>invalid<TAB>CODE<TAB>message\n"
            "CODE is one of ACH_EROUTING_LENGTH, _DIGIT, _ZERO, _GOVERNMENT, _TRAVELLER, _PREFIX,\n"
            "_CHECKSUM. Control bytes in NUMBER are shown as \\xHH.\n\n"
            "  --stdin   read one number a line from standard input (bulk screening); the line\n"
            "            ending (LF or CRLF) is not part of the number; empty lines are skipped\n\n"
            "Exit: 0 when every number is valid, 1 when any is not, 2 usage, 3 unreadable input.\n");
}

int cli_take_verb(int *argc, char ***argv, const char *verb, const char *usage)
{
    int rc = cli_reject_unknown_options(*argc, *argv, usage);
    if (rc) return rc;
    if (*argc < 1) return cli_usage(usage, "missing command '%s'", verb);
    if (strcmp((*argv)[0], verb) != 0) return cli_usage(usage, "unknown command '%s'", (*argv)[0]);
    (*argc)--;
    (*argv)++;
    if (*argc > 0 && strcmp((*argv)[0], "--") == 0) {
        (*argc)--;
        (*argv)++;
    }
    return CLI_OK;
}

void cli_print_field(FILE *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7F) fprintf(out, "\\x%02X", c);
        else fputc(c, out);
    }
}

void cli_print_verdict(FILE *out, ach_status status, const ach_error *err)
{
    if (status == ACH_OK) {
        fputs("\tvalid", out);
        return;
    }
    fprintf(out, "\tinvalid\t%s\t%s", ach_status_name(status), err->message);
}

void cli_json_verdict(FILE *out, ach_status status, const ach_error *err)
{
    if (status == ACH_OK) {
        fputs("{\"valid\":true}", out);
        return;
    }
    fprintf(out, "{\"valid\":false,\"code\":\"%s\",\"column\":%u,\"message\":",
            ach_status_name(status), (unsigned)err->column);
    cli_json_string(out, err->message);
    fputc('}', out);
}

/* Checks one number and prints its line; returns whether it is valid. */
static bool check_one(const char *text, size_t len)
{
    ach_error err = ACH_ERROR_INIT;
    ach_status st = ach_routing_validate(text, len, &err);
    cli_print_field(stdout, text, len);
    cli_print_verdict(stdout, st, &err);
    fputc('\n', stdout);
    return st == ACH_OK;
}

int cli_cmd_routing(int argc, char **argv)
{
    bool from_stdin = cli_take_flag(&argc, argv, "--stdin");
    int rc = cli_take_verb(&argc, &argv, "check", USAGE);
    if (rc) return rc;
    if (from_stdin && argc > 0) return cli_usage(USAGE, "give numbers or --stdin, not both");
    if (!from_stdin && argc == 0) return cli_usage(USAGE, "no routing number given");

    bool all_valid = true;
    for (int i = 0; i < argc; i++) all_valid &= check_one(argv[i], strlen(argv[i]));
    if (from_stdin) {
        char *line = NULL;
        size_t cap = 0;
        ssize_t n;
        while ((n = getline(&line, &cap, stdin)) >= 0) {
            size_t len = (size_t)n;
            if (len && line[len - 1] == '\n') len--;
            if (len && line[len - 1] == '\r') len--;
            if (len == 0) continue;
            all_valid &= check_one(line, len);
        }
        free(line);
        if (ferror(stdin)) {
            fprintf(stderr, "ach: routing check: standard input could not be read\n");
            return CLI_DATA;
        }
    }
    if (fflush(stdout) != 0) return CLI_DATA;
    return all_valid ? CLI_OK : CLI_NEGATIVE;
}
