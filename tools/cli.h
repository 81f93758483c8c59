/* SPDX-License-Identifier: Apache-2.0 */
/* Shared plumbing of the `ach` command-line tool. Only the CLI prints and exits; the library
 * never does. */
#ifndef ACH_CLI_H
#define ACH_CLI_H

#include <stdio.h>
#include "ach.h"

/* Exit codes, the same for every subcommand. */
enum {
    CLI_OK = 0,       /* success */
    CLI_NEGATIVE = 1, /* a negative answer, or findings */
    CLI_USAGE = 2,    /* usage error (a usage line is printed) */
    CLI_DATA = 3      /* bad input data or an unreadable file (the error is printed) */
};

/* A subcommand: `ach NAME ...`. `run` gets argv starting at the subcommand's first argument. */
typedef struct cli_command {
    const char *name;
    const char *summary; /* one line for `ach help` */
    int (*run)(int argc, char **argv);
    void (*help)(FILE *out); /* full help for `ach help NAME` */
} cli_command;

/* Prints "ach: <formatted error>" to stderr and returns CLI_DATA. */
int cli_fail(const ach_error *err);

/* Prints "ach: <message>\nusage: <usage>" to stderr and returns CLI_USAGE. */
int cli_usage(const char *usage, const char *fmt, ...) ACH_PRINTF(2, 3);

/* Writes `s` as a JSON string literal (with quotes) to `out`. */
void cli_json_string(FILE *out, const char *s);
void cli_json_string_n(FILE *out, const char *s, size_t len);

/* Removes flag `name` (e.g. "--json") from argv wherever it stands; returns whether it was
 * there. argc is updated. */
bool cli_take_flag(int *argc, char **argv, const char *name);

/* Removes `name VALUE` (or `name=VALUE`) from argv; returns the value or NULL. Sets *missing
 * when the flag is present without a value. */
const char *cli_take_option(int *argc, char **argv, const char *name, bool *missing);

/* Rejects any remaining argument that starts with "--" (returns CLI_USAGE after printing). */
int cli_reject_unknown_options(int argc, char **argv, const char *usage);

/* Parses a decimal int64 argument; false when not a whole number in range. */
bool cli_parse_int64(const char *s, int64_t *out);

/* Cents as dollars with a sign, thousands separators and 2 decimals: "-$1,234.56". Returns
 * buf. */
const char *cli_money(char buf[40], int64_t cents);

#endif /* ACH_CLI_H */
