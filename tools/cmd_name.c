/* SPDX-License-Identifier: Apache-2.0 */
/* `ach name normalize [--company] [--json] NAME`: the Nacha-safe form of a name (R-ACC-3). */
#include <string.h>
#include "cmd_validators.h"

#define USAGE "ach name normalize [--company] [--json] NAME"

void cli_help_name(FILE *out)
{
    fprintf(out,
            "usage: " USAGE "\n\n"
            "Prints NAME (UTF-8) transliterated to the Nacha-safe character set (uppercase A-Z,\n"
            "0-9, space and & - . , ' /) and fitted to the Nacha name field: 22 characters for\n"
            "an individual (the default), 16 with --company. When the name had to be cut, a\n"
            "note with the full form goes to standard error. A name that cannot be written\n"
            "(invalid UTF-8, control characters, another script, emoji, no letter left) is\n"
            "refused with the reason, its byte offset and code point.\n\n"
            "  --company  fit to the 16-character company name field\n"
            "  --json     print {\"name\", \"normalized\", \"truncated\", \"holder_type\", \"error\"}\n\n"
            "Exit: 0 ok, 1 the name is refused, 2 usage.\n");
}

typedef struct name_args {
    bool company;
} name_args;

static const cli_opt name_opts[] = {
    CLI_OPT_FLAG("company", name_args, company),
    CLI_OPT_END,
};

const cli_spec cli_spec_name = {USAGE, cli_help_name, name_opts, sizeof(name_args)};

static int name_normalize(cli_args *a, void *opts)
{
    static const char *const verbs[] = {"normalize", NULL};
    size_t verb;
    int rc = cli_take_verb(a, verbs, &verb, USAGE);
    if (rc != CLI_GO) return rc;
    if (a->operands.n != 1)
        return cli_usage(USAGE, "give exactly one NAME (quote it if it has spaces)");
    if ((rc = cli_check_files(a, NULL, 0, NULL, 0)) != CLI_GO) return rc;

    const bool company = ((const name_args *)opts)->company, json = a->json;
    const char *name = a->operands.items[0];
    size_t len = strlen(name);
    ach_holder_type type = company ? ACH_HOLDER_COMPANY : ACH_HOLDER_INDIVIDUAL;
    ach_error err = ACH_ERROR_INIT;
    char full[ACH_NAME_NORMALIZED_MAX];
    char fitted[ACH_NAME_FIT_SIZE];
    bool truncated = false;
    ach_status st = ach_name_normalize(full, sizeof full, NULL, name, len, &err);
    if (st == ACH_OK) st = ach_name_fit(fitted, sizeof fitted, &truncated, name, len, type, &err);

    if (json) {
        fputs("{\"name\":", stdout);
        if (st == ACH_OK) cli_json_string(stdout, fitted);
        else fputs("null", stdout);
        fputs(",\"normalized\":", stdout);
        if (st == ACH_OK) cli_json_string(stdout, full);
        else fputs("null", stdout);
        printf(",\"truncated\":%s,\"holder_type\":\"%s\",\"error\":",
               truncated ? "true" : "false", ach_holder_type_name(type));
        if (st == ACH_OK) {
            fputs("null", stdout);
        } else {
            printf("{\"code\":\"%s\",\"column\":%u,\"message\":", ach_status_name(st),
                   (unsigned)err.column);
            cli_json_string(stdout, err.message);
            fputc('}', stdout);
        }
        fputs("}\n", stdout);
    } else if (st == ACH_OK) {
        printf("%s\n", fitted);
        if (truncated)
            fprintf(stderr, "ach: note: name truncated to %zu characters (full form: %s)\n",
                    ach_holder_type_width(type), full);
    } else {
        cli_fail(&err);
    }
    return st == ACH_OK ? CLI_OK : CLI_NEGATIVE;
}

int cli_cmd_name(int argc, char **argv) { return cli_run(&cli_spec_name, argc, argv, name_normalize); }
