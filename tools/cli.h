/* SPDX-License-Identifier: Apache-2.0 */
/* Shared plumbing of the `ach` command-line tool. Only the CLI prints and exits; the library
 * never does. */
#ifndef ACH_CLI_H
#define ACH_CLI_H

#include <stddef.h>
#include <stdio.h>
#include "ach.h"

/* Exit codes, the same for every subcommand. */
enum {
    CLI_GO = -1,      /* (cli_parse only) the options are parsed: go on */
    CLI_OK = 0,       /* success */
    CLI_NEGATIVE = 1, /* a negative answer, or findings */
    CLI_USAGE = 2,    /* usage error (a usage line is printed) */
    CLI_DATA = 3      /* bad input data, an unreadable file or a failed write (printed) */
};

/* A subcommand: `ach NAME ...`. `run` gets argv starting at the subcommand's first argument. */
typedef struct cli_command {
    const char *name;
    const char *summary; /* one line for `ach help` */
    int (*run)(int argc, char **argv);
    void (*help)(FILE *out); /* full help for `ach help NAME` and `ach NAME -h` */
} cli_command;

/* ---- errors: every message on stderr goes through these ------------------------------------
 * Each message is redacted with ach_fc_redact() before it is printed, so that an argument that
 * looks like a client secret never reaches the terminal (R-FC-3). After cli_parse() saw --json,
 * errors are printed as one JSON object a line instead:
 *   {"error":{"exit":2,"message":"...","usage":"..."}}               (usage errors)
 *   {"error":{"exit":3,"code":"ACH_...","message":"...","line":N,"column":N}} (data errors) */

/* Prints the formatted ach_error and returns CLI_DATA. */
int cli_fail(const ach_error *err);

/* Prints "ach: <message>\nusage: <usage>\n" (or its JSON form) and returns CLI_USAGE. */
int cli_usage(const char *usage, const char *fmt, ...) ACH_PRINTF(2, 3);

/* Prints "ach: <message>" (or its JSON form) and returns CLI_DATA. */
int cli_error(const char *fmt, ...) ACH_PRINTF(1, 2);

/* Errors as JSON from now on (cli_parse() calls it for --json). */
void cli_set_json_errors(bool on);

/* Where cli_parse() prints the help (NULL: stdout) and where errors go (NULL: stderr); for the
 * option-parsing fuzz harness. */
void cli_set_streams(FILE *out, FILE *err);

/* R-FC-3: true when `s` holds something ach_fc_redact() would hide. */
bool cli_looks_secret(const char *s);

/* ---- options: getopt_long over a table ------------------------------------------------------
 * A command lists its options in a table, one line each, naming the member of its own
 * arguments struct that receives the value:
 *
 *   typedef struct my_args { bool quiet; const char *as_of; cli_list returns; } my_args;
 *   static const cli_opt my_opts[] = {
 *       CLI_OPT_FLAG("quiet", my_args, quiet),
 *       CLI_OPT_VALUE("as-of", my_args, as_of, "DATE", 0),
 *       CLI_OPT_LIST("returns", my_args, returns, "FILE", CLI_IN),
 *       CLI_OPT_END};
 *
 * Every command also takes -h/--help and --json (in cli_args). Options and operands may come in
 * any order; "--" ends the options; `--name=VALUE` and `--name VALUE` both work, as do unique
 * abbreviations of long names; an operand that is a negative number ("-3") is an operand. */

typedef struct cli_list {
    const char **items; /* in command-line order (the strings are argv's) */
    size_t n;
} cli_list;

typedef enum cli_opt_kind { CLI_FLAG, CLI_VALUE, CLI_LIST } cli_opt_kind;

/* What a value names, for the same-file check (cli_check_files()). */
enum { CLI_IN = 1, CLI_OUT = 2 };

typedef struct cli_opt {
    const char *name;  /* long name without "--"; NULL ends the table */
    cli_opt_kind kind; /* bool, const char * (the last one given wins), or cli_list (all) */
    size_t offset;     /* of the member in the command's arguments struct */
    const char *what;  /* the value's name in messages ("FILE"); NULL for a flag */
    unsigned file;     /* CLI_IN, CLI_OUT, both (a file read then rewritten), or 0 */
} cli_opt;

#define CLI_OPT_FLAG(name, type, member) {name, CLI_FLAG, offsetof(type, member), NULL, 0}
#define CLI_OPT_VALUE(name, type, member, what, file) \
    {name, CLI_VALUE, offsetof(type, member), what, file}
#define CLI_OPT_LIST(name, type, member, what, file) \
    {name, CLI_LIST, offsetof(type, member), what, file}
#define CLI_OPT_END {NULL, CLI_FLAG, 0, NULL, 0}

/* A command's options: its usage line, help and table. */
typedef struct cli_spec {
    const char *usage;
    void (*help)(FILE *out);
    const cli_opt *opts;
    size_t size; /* sizeof the command's arguments struct */
} cli_spec;

/* What every command gets besides its own options. */
typedef struct cli_args {
    bool json;         /* --json */
    cli_list operands; /* the arguments that are not options, in order */
    cli_list inputs;   /* values of CLI_IN options, in order */
    cli_list outputs;  /* values of CLI_OUT options, in order */
} cli_args;

/* Parses argv[0..argc) (the arguments after the command's name) into *a and into the struct at
 * `dst` (spec->size bytes, zeroed first). Refuses, without echoing it, any argument that looks
 * like a client secret (R-FC-3). Does no I/O but the messages it prints.
 * Returns CLI_GO to go on; CLI_OK after printing the help (-h, --help) to stdout; CLI_USAGE
 * after printing a usage error; CLI_DATA when out of memory. Free *a with cli_args_free(), in
 * every case. */
int cli_parse(cli_args *a, void *dst, const cli_spec *spec, int argc, char **argv);
void cli_args_free(cli_args *a, void *dst, const cli_spec *spec);

/* Parses argv with `spec` into a fresh arguments struct and, when the parse says go on, runs
 * `body` on them; frees them and returns the exit code. The common front of every command. */
int cli_run(const cli_spec *spec, int argc, char **argv, int (*body)(cli_args *a, void *opts));

/* Takes the first operand as the verb of `ach NOUN VERB ...`: it must be one of `verbs`
 * (NULL-terminated). Returns CLI_GO and its index in *which, or CLI_USAGE (printed). The
 * operands then start after it. */
int cli_take_verb(cli_args *a, const char *const *verbs, size_t *which, const char *usage);

/* ---- files: the same-file check and checked output ----------------------------------------- */

/* Refuses (CLI_USAGE, printed) when an output is the same file (device and inode, through any
 * path or link) as an input or another output. Outputs: a->outputs, `outputs` and standard
 * output; inputs: a->inputs and `inputs` ("-" is standard input). Only regular files and block
 * devices count (a terminal or a pipe can be both). Nothing is opened; call it before opening
 * any output. Returns CLI_GO when no output is an input. */
int cli_check_files(const cli_args *a, const char *const *inputs, size_t ninputs,
                    const char *const *outputs, size_t noutputs);

/* Opens `path` for writing after cli_check_files(), without truncating it before checking again,
 * on the open file, that it is not one of the inputs (a race with a rename); then truncates it.
 * Returns the stream or NULL (error printed: CLI_DATA or CLI_USAGE in *rc). */
FILE *cli_open_output(const char *path, const cli_args *a, const char *const *inputs,
                      size_t ninputs, int *rc);

/* Flushes and closes `f` (or only flushes stdout) and checks that every write to it succeeded:
 * returns CLI_OK, or CLI_DATA after printing "ach: NAME: write error: ...". */
int cli_close_output(FILE *f, const char *name);

/* ---- output helpers ------------------------------------------------------------------------- */

/* Writes `s` as a JSON string literal (with quotes) to `out`. */
void cli_json_string(FILE *out, const char *s);
void cli_json_string_n(FILE *out, const char *s, size_t len);
/* Writes `,"key":` and `value` as a JSON string literal: one member after the first. */
void cli_json_member(FILE *out, const char *key, const char *value);

/* Parses a decimal int64 argument; false when not a whole number in range. */
bool cli_parse_int64(const char *s, int64_t *out);

/* Cents as dollars with a sign, thousands separators and 2 decimals: "-$1,234.56". Returns
 * buf. */
const char *cli_money(char buf[40], int64_t cents);

#endif /* ACH_CLI_H */
