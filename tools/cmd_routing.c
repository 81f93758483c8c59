/* SPDX-License-Identifier: Apache-2.0 */
/* `ach routing check NUMBER... | --stdin`: ABA routing numbers, one verdict a line (R-ACC-2). */
#include <stdlib.h>
#include <string.h>
#include "cmd_validators.h"

#define USAGE "ach routing check [--json] NUMBER... | ach routing check [--json] --stdin"

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
            "            ending (LF or CRLF) is not part of the number; empty lines are skipped\n"
            "  --json    one JSON object a line: {\"routing\": NUMBER, \"valid\": true} or\n"
            "            {\"routing\", \"valid\": false, \"code\", \"column\", \"message\"}\n\n"
            "Exit: 0 when every number is valid, 1 when any is not, 2 usage, 3 unreadable input.\n");
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

void cli_json_verdict_members(FILE *out, ach_status status, const ach_error *err)
{
    if (status == ACH_OK) {
        fputs("\"valid\":true", out);
        return;
    }
    fprintf(out, "\"valid\":false,\"code\":\"%s\",\"column\":%u,\"message\":",
            ach_status_name(status), (unsigned)err->column);
    cli_json_string(out, err->message);
}

void cli_json_verdict(FILE *out, ach_status status, const ach_error *err)
{
    fputc('{', out);
    cli_json_verdict_members(out, status, err);
    fputc('}', out);
}

typedef struct routing_args {
    bool from_stdin;
} routing_args;

static const cli_opt routing_opts[] = {
    CLI_OPT_FLAG("stdin", routing_args, from_stdin),
    CLI_OPT_END,
};

const cli_spec cli_spec_routing = {USAGE, cli_help_routing, routing_opts, sizeof(routing_args)};

/* Checks one number and prints its line; returns whether it is valid. */
static bool check_one(const char *text, size_t len, bool json)
{
    ach_error err = ACH_ERROR_INIT;
    ach_status st = ach_routing_validate(text, len, &err);
    if (json) {
        fputs("{\"routing\":", stdout);
        cli_json_string_n(stdout, text, len);
        fputc(',', stdout);
        cli_json_verdict_members(stdout, st, &err);
        fputs("}\n", stdout);
        return st == ACH_OK;
    }
    cli_print_field(stdout, text, len);
    cli_print_verdict(stdout, st, &err);
    fputc('\n', stdout);
    return st == ACH_OK;
}

static int routing(cli_args *a, void *opts)
{
    const routing_args *o = opts;
    static const char *const verbs[] = {"check", NULL};
    size_t verb;
    int rc = cli_take_verb(a, verbs, &verb, USAGE);
    if (rc != CLI_GO) return rc;
    size_t n = a->operands.n;
    if (o->from_stdin && n > 0) return cli_usage(USAGE, "give numbers or --stdin, not both");
    if (!o->from_stdin && n == 0) return cli_usage(USAGE, "no routing number given");
    static const char *const from_stdin[] = {"-"};
    rc = cli_check_files(a, from_stdin, o->from_stdin ? 1 : 0, NULL, 0);
    if (rc != CLI_GO) return rc;

    bool all_valid = true;
    for (size_t i = 0; i < n; i++)
        all_valid &= check_one(a->operands.items[i], strlen(a->operands.items[i]), a->json);
    if (o->from_stdin) {
        char *line = NULL;
        size_t cap = 0;
        ssize_t got;
        while ((got = getline(&line, &cap, stdin)) >= 0) {
            size_t len = (size_t)got;
            if (len && line[len - 1] == '\n') len--;
            if (len && line[len - 1] == '\r') len--;
            if (len == 0) continue;
            all_valid &= check_one(line, len, a->json);
        }
        free(line);
        if (ferror(stdin)) return cli_error("routing check: standard input could not be read");
    }
    return all_valid ? CLI_OK : CLI_NEGATIVE;
}

int cli_cmd_routing(int argc, char **argv) { return cli_run(&cli_spec_routing, argc, argv, routing); }
