/* SPDX-License-Identifier: Apache-2.0 */
/* `ach`: the command-line shell over libach. Dispatches `ach NAME ...` to a subcommand. */
#include <string.h>
#include "cli.h"

/* ---- subcommand declarations (one per line) ---- */
int cli_cmd_calendar(int argc, char **argv);
void cli_help_calendar(FILE *out);
int cli_cmd_routing(int argc, char **argv); void cli_help_routing(FILE *out);
int cli_cmd_name(int argc, char **argv); void cli_help_name(FILE *out);
int cli_cmd_account(int argc, char **argv); void cli_help_account(FILE *out);
int cli_cmd_fc(int argc, char **argv); void cli_help_fc(FILE *out);
int cli_cmd_reconcile(int argc, char **argv); void cli_help_reconcile(FILE *out);
int cli_cmd_nacha(int argc, char **argv); void cli_help_nacha(FILE *out);
/* ---- end subcommand declarations ---- */

static const cli_command commands[] = {
    /* ---- subcommand table (one per line) ---- */
    {"calendar", "business days, holidays and processing dates", cli_cmd_calendar, cli_help_calendar},
    {"routing", "check ABA routing numbers (one or in bulk)", cli_cmd_routing, cli_help_routing},
    {"name", "account-holder names in the Nacha character set", cli_cmd_name, cli_help_name},
    {"account", "check a routing and account number pair", cli_cmd_account, cli_help_account},
    {"fc", "Financial Connections: ownership match, permission review, redaction", cli_cmd_fc, cli_help_fc},
    {"reconcile", "reconcile a ledger: applied and rejected lines, balances, return rates", cli_cmd_reconcile, cli_help_reconcile},
    {"nacha", "validate and show NACHA files, list returns and NOCs", cli_cmd_nacha, cli_help_nacha},
    /* ---- end subcommand table ---- */
    {NULL, NULL, NULL, NULL},
};

static void print_help(FILE *out)
{
    fprintf(out, "usage: ach COMMAND [ARGS...]\n\n"
                 "Business rules and reconciliation of US ACH direct debits (libach %s).\n\n"
                 "Commands:\n",
            ach_version_string());
    for (const cli_command *c = commands; c->name; c++)
        fprintf(out, "  %-12s %s\n", c->name, c->summary);
    fprintf(out, "\n  help [COMMAND]  this text, or a command's full help\n"
                 "  --version       the library version\n\n"
                 "Exit codes: 0 ok, 1 a negative answer or findings, 2 usage error,\n"
                 "3 bad input data or an unreadable file.\n");
}

static const cli_command *find(const char *name)
{
    for (const cli_command *c = commands; c->name; c++)
        if (strcmp(c->name, name) == 0) return c;
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        print_help(stderr);
        return CLI_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
        printf("ach (libach) %s\n", ach_version_string());
        return CLI_OK;
    }
    if (strcmp(name, "help") == 0 || strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
        if (argc > 2) {
            const cli_command *c = find(argv[2]);
            if (!c) return cli_usage("ach help [COMMAND]", "unknown command '%s'", argv[2]);
            c->help(stdout);
        } else {
            print_help(stdout);
        }
        return CLI_OK;
    }
    const cli_command *c = find(name);
    if (!c) return cli_usage("ach COMMAND [ARGS...] (see `ach help`)", "unknown command '%s'", name);
    return c->run(argc - 2, argv + 2);
}
