/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer harness: the option parsing of every `ach` command (tools/cli.c cli_parse() over each
 * command's table), without running the command: no file is opened. The first byte picks the
 * command, the rest is its argv, one argument a NUL-separated piece. Promises checked: the parse
 * ends with go on, help, a usage error (or out of memory); every operand and value it hands out is
 * (part of) an argument; an argument that looks like a client secret never gets through and no
 * message shows one (R-FC-3); nothing leaks (ASan).
 * Built with every source of the tool but its main() (tests/fuzz/run.sh reads these lines):
 * fuzz-sources: tools/?*.c
 * fuzz-skip: tools/ach.c */
#define FUZZ_NAME "fuzz_cli_options"
#include <string.h>
#include "cli.h"
#include "cmd_validators.h"
#include "fuzz_util.h"

extern const cli_spec cli_spec_calendar, cli_spec_fc, cli_spec_nacha, cli_spec_reconcile;

static const cli_spec *const specs[] = {&cli_spec_calendar, &cli_spec_routing, &cli_spec_name,
                                        &cli_spec_account,  &cli_spec_fc,      &cli_spec_reconcile,
                                        &cli_spec_nacha};

/* `s` lies within one of the arguments. */
static bool within(const char *s, char **argv, int argc)
{
    for (int i = 0; i < argc; i++)
        if (s >= argv[i] && s <= argv[i] + strlen(argv[i])) return true;
    return false;
}

static void check_list(const cli_list *l, char **argv, int argc)
{
    check(l->n <= (size_t)argc, "no more items than arguments");
    for (size_t i = 0; i < l->n; i++) {
        check(l->items[i] != NULL, "an item");
        check(within(l->items[i], argv, argc), "an item is part of an argument");
        check(!cli_looks_secret(l->items[i]), "no secret gets through (R-FC-3)");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 4096) return 0;
    const cli_spec *spec = specs[data[0] % (sizeof specs / sizeof *specs)];
    /* the arguments: NUL-separated pieces of the rest, each its own allocation for ASan */
    char *copy = malloc(size);
    char **argv = malloc((size + 1) * sizeof *argv);
    check(copy && argv, "memory");
    memcpy(copy, data + 1, size - 1);
    copy[size - 1] = '\0';
    int argc = 0;
    for (size_t at = 0; at < size - 1;) {
        size_t len = strlen(copy + at);
        argv[argc] = malloc(len + 1);
        check(argv[argc] != NULL, "memory");
        memcpy(argv[argc++], copy + at, len + 1);
        at += len + 1;
    }
    argv[argc] = NULL;

    char *text = NULL;
    size_t len = 0;
    FILE *messages = open_memstream(&text, &len);
    check(messages != NULL, "memory");
    cli_set_streams(messages, messages);
    cli_set_json_errors(false);
    void *opts = calloc(1, spec->size ? spec->size : 1);
    check(opts != NULL, "memory");
    cli_args a;
    int rc = cli_parse(&a, opts, spec, argc, argv);
    check(rc == CLI_GO || rc == CLI_OK || rc == CLI_USAGE || rc == CLI_DATA, "an exit code");
    if (rc == CLI_GO) {
        check_list(&a.operands, argv, argc);
        check_list(&a.inputs, argv, argc);
        check_list(&a.outputs, argv, argc);
        for (const cli_opt *o = spec->opts; o && o->name; o++) {
            const char *member = (const char *)opts + o->offset;
            if (o->kind == CLI_VALUE) {
                const char *v = *(const char *const *)(const void *)member;
                check(!v || (within(v, argv, argc) && *v), "a value is a non-empty argument");
            } else if (o->kind == CLI_LIST) {
                check_list((const cli_list *)(const void *)member, argv, argc);
            }
        }
        static const char *const verbs[] = {"check", "show", "add", NULL};
        size_t which = 0;
        if (cli_take_verb(&a, verbs, &which, spec->usage) == CLI_GO)
            check(which < 3, "a verb of the list");
    }
    cli_args_free(&a, opts, spec);
    check(a.operands.n == 0 && a.inputs.items == NULL, "freed");
    fclose(messages);
    /* what was printed (help or errors) never shows a secret */
    check(!text || !cli_looks_secret(text), "no secret in any message (R-FC-3)");
    cli_set_streams(NULL, NULL);
    free(text);
    free(opts);
    for (int i = 0; i < argc; i++) free(argv[i]);
    free(argv);
    free(copy);
    return 0;
}
