/* SPDX-License-Identifier: Apache-2.0 */
/* `ach name normalize [--company|--originator] [--json] NAME`: the Nacha-safe form of a name (R-ACC-3). */
#include <string.h>
#include "cmd_validators.h"

#define USAGE "ach name normalize [--company|--originator] [--json] NAME"

void cli_help_name(FILE *out)
{
    fprintf(out,
            "usage: " USAGE "\n\n"
            "Prints NAME (UTF-8) transliterated to the Nacha-safe character set (uppercase A-Z,\n"
            "0-9, space and & - . , ' /) and fitted to the receiver's name field of an entry: 22\n"
            "characters for an individual (the default) or a company (R-ACC-3); 16 with\n"
            "--originator, the originator's Company Name of a batch header. When the name had\n"
            "to be cut, a\n"
            "note with the full form goes to standard error. A name that cannot be written\n"
            "(invalid UTF-8, control characters, another script, emoji, no letter left) is\n"
            "refused with the reason, its byte offset and code point.\n\n"
            "  --company     a company holder: the 22-character Receiving Company Name field\n"
            "  --originator  the 16-character originator Company Name of a batch header\n"
            "                (holder_type \"originator\" in --json)\n"
            "  --json        print {\"name\", \"normalized\", \"truncated\", \"holder_type\", \"error\"}\n\n"
            "Exit: 0 ok, 1 the name is refused, 2 usage.\n");
}

int cli_cmd_name(int argc, char **argv)
{
    bool company = cli_take_flag(&argc, argv, "--company");
    bool originator = cli_take_flag(&argc, argv, "--originator");
    bool json = cli_take_flag(&argc, argv, "--json");
    int rc = cli_take_verb(&argc, &argv, "normalize", USAGE);
    if (rc) return rc;
    if (argc != 1) return cli_usage(USAGE, "give exactly one NAME (quote it if it has spaces)");
    if (company && originator) return cli_usage(USAGE, "--company and --originator exclude each other");

    const char *name = argv[0];
    size_t len = strlen(name);
    ach_holder_type type = company ? ACH_HOLDER_COMPANY : ACH_HOLDER_INDIVIDUAL;
    ach_error err = ACH_ERROR_INIT;
    char full[ACH_NAME_NORMALIZED_MAX];
    char fitted[ACH_NAME_FIT_SIZE];
    bool truncated = false;
    ach_status st = ach_name_normalize(full, sizeof full, NULL, name, len, &err);
    if (st == ACH_OK)
        st = originator ? ach_name_fit_originator(fitted, sizeof fitted, &truncated, name, len, &err)
                        : ach_name_fit(fitted, sizeof fitted, &truncated, name, len, type, &err);
    const char *kind = originator ? "originator" : ach_holder_type_name(type);
    size_t width = originator ? ACH_NAME_ORIGINATOR_WIDTH : ach_holder_type_width(type);

    if (json) {
        fputs("{\"name\":", stdout);
        if (st == ACH_OK) cli_json_string(stdout, fitted);
        else fputs("null", stdout);
        fputs(",\"normalized\":", stdout);
        if (st == ACH_OK) cli_json_string(stdout, full);
        else fputs("null", stdout);
        printf(",\"truncated\":%s,\"holder_type\":\"%s\",\"error\":",
               truncated ? "true" : "false", kind);
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
                    width, full);
    } else {
        char msg[512];
        ach_error_format(msg, sizeof msg, &err);
        fprintf(stderr, "ach: %s\n", msg);
    }
    return st == ACH_OK ? CLI_OK : CLI_NEGATIVE;
}
