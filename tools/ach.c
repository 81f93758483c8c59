/* SPDX-License-Identifier: Apache-2.0 */
/* `ach`: the command-line shell over libach. Dispatches `ach NAME ...` to a subcommand. */
#include <stdio.h>
#include <stdlib.h>
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
                 "Every command takes -h/--help and --json (errors then come as JSON on stderr too).\n"
                 "Exit codes: 0 ok, 1 a negative answer or findings, 2 usage error,\n"
                 "3 bad input data, an unreadable file or a failed write.\n");
}

static const cli_command *find(const char *name)
{
    for (const cli_command *c = commands; c->name; c++)
        if (strcmp(c->name, name) == 0) return c;
    return NULL;
}

#define USAGE_MAIN "ach COMMAND [ARGS...] [--json] | ach help [COMMAND] | ach --version"
#define USAGE_HELP "ach help [COMMAND] [--json]"
#define USAGE_VERSION "ach --version [--json]"

static void help_help(FILE *out)
{
    fprintf(out, "usage: " USAGE_HELP "\n\nThe list of commands, or a command's full help "
                 "(also `ach COMMAND -h`).\n  --json  the same as a JSON object\n");
}

static void help_version(FILE *out)
{
    fprintf(out, "usage: " USAGE_VERSION "\n\nThe library's version.\n"
                 "  --json  print {\"version\": \"X.Y.Z\"}\n");
}

static const cli_spec help_spec = {USAGE_HELP, help_help, NULL, 0};
static const cli_spec version_spec = {USAGE_VERSION, help_version, NULL, 0};

/* `ach help [COMMAND] [--json]` */
static int help(int argc, char **argv)
{
    cli_args a;
    int rc = cli_parse(&a, NULL, &help_spec, argc, argv);
    if (rc == CLI_GO && a.operands.n > 1) rc = cli_usage(USAGE_HELP, "give at most one COMMAND");
    const cli_command *c = NULL;
    if (rc == CLI_GO && a.operands.n == 1 && !(c = find(a.operands.items[0])))
        rc = cli_usage(USAGE_HELP, "unknown command '%s'", a.operands.items[0]);
    if (rc == CLI_GO && !a.json) {
        if (c) c->help(stdout);
        else print_help(stdout);
    } else if (rc == CLI_GO) {
        char *text = NULL;
        size_t len = 0;
        FILE *m = open_memstream(&text, &len);
        if (m) {
            if (c) c->help(m);
            else print_help(m);
            fclose(m);
        }
        fputs("{\"version\":", stdout);
        cli_json_string(stdout, ach_version_string());
        fputs(",\"commands\":[", stdout);
        for (const cli_command *k = commands; k->name; k++) {
            fputs(k == commands ? "{\"name\":" : ",{\"name\":", stdout);
            cli_json_string(stdout, k->name);
            fputs(",\"summary\":", stdout);
            cli_json_string(stdout, k->summary);
            fputc('}', stdout);
        }
        fputs("],\"help\":", stdout);
        cli_json_string_n(stdout, text ? text : "", text ? len : 0);
        fputs("}\n", stdout);
        free(text);
        if (!m) rc = cli_error("out of memory");
    }
    cli_args_free(&a, NULL, &help_spec);
    return rc == CLI_GO ? CLI_OK : rc;
}

/* `ach --version [--json]` */
static int version(int argc, char **argv)
{
    cli_args a;
    int rc = cli_parse(&a, NULL, &version_spec, argc, argv);
    if (rc == CLI_GO && a.operands.n) rc = cli_usage(USAGE_VERSION, "no argument expected");
    if (rc == CLI_GO) {
        if (a.json) printf("{\"version\":\"%s\"}\n", ach_version_string());
        else printf("ach (libach) %s\n", ach_version_string());
        rc = CLI_OK;
    }
    cli_args_free(&a, NULL, &version_spec);
    return rc;
}

static int dispatch(int argc, char **argv)
{
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (strcmp(argv[i], "--json") == 0) cli_set_json_errors(true);
    if (argc < 2 || strcmp(argv[1], "--json") == 0)
        return cli_usage(USAGE_MAIN, "missing command (see `ach help`)");
    const char *name = argv[1];
    if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0)
        return version(argc - 2, argv + 2);
    if (strcmp(name, "help") == 0 || strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0)
        return help(argc - 2, argv + 2);
    const cli_command *c = find(name);
    if (!c)
        return cli_usage(USAGE_MAIN, "unknown command '%s' (see `ach help`)", name);
    return c->run(argc - 2, argv + 2);
}

int main(int argc, char **argv)
{
    int rc = dispatch(argc, argv);
    /* every write to stdout is checked here, once, for every command (issue 17) */
    int written = cli_close_output(stdout, "standard output");
    return written ? written : rc;
}
