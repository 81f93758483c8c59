/* SPDX-License-Identifier: Apache-2.0 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli.h"

/* The tool's one process-wide setting: set once by cli_parse() before any error can be
 * printed. (The library has no global state; the CLI is single-threaded.) */
static bool json_errors;
static FILE *help_stream, *error_stream;

void cli_set_json_errors(bool on) { json_errors = on; }

void cli_set_streams(FILE *out, FILE *err)
{
    help_stream = out;
    error_stream = err;
}

/* ---- errors ---------------------------------------------------------------------------------- */

bool cli_looks_secret(const char *s)
{
    size_t n = strlen(s), out_len = 0;
    char small[1];
    if (ach_fc_redact(small, sizeof small, &out_len, NULL, s, n, NULL) == ACH_OK) return false;
    if (out_len != n) return true;
    /* same length: compare the full redaction */
    char *buf = malloc(n + 1);
    if (!buf) return true;
    bool differs = ach_fc_redact(buf, n + 1, NULL, NULL, s, n, NULL) != ACH_OK ||
                   memcmp(buf, s, n) != 0;
    free(buf);
    return differs;
}

/* The message, formatted and redacted (R-FC-3); NULL when out of memory. */
static char *format_redacted(const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    char *raw = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (raw) vsnprintf(raw, (size_t)n + 1, fmt, again);
    va_end(again);
    if (!raw) return NULL;
    size_t need = 0;
    char *safe = NULL;
    if (ach_fc_redact(NULL, 0, &need, NULL, raw, (size_t)n, NULL) == ACH_EBUFS || need == 0)
        safe = malloc(need + 1);
    if (safe && ach_fc_redact(safe, need + 1, NULL, NULL, raw, (size_t)n, NULL) != ACH_OK) {
        free(safe);
        safe = NULL;
    }
    free(raw);
    return safe;
}

static void print_error(int code, const char *msg, const char *usage, const ach_error *err)
{
    FILE *f = error_stream ? error_stream : stderr;
    if (!msg) msg = "out of memory";
    if (!json_errors) {
        fprintf(f, "ach: %s\n", msg);
        if (usage) fprintf(f, "usage: %s\n", usage);
        return;
    }
    fprintf(f, "{\"error\":{\"exit\":%d", code);
    if (err && err->code) fprintf(f, ",\"code\":\"%s\"", ach_status_name(err->code));
    fputs(",\"message\":", f);
    cli_json_string(f, msg);
    if (err && err->line) fprintf(f, ",\"line\":%llu", (unsigned long long)err->line);
    if (err && err->column) fprintf(f, ",\"column\":%llu", (unsigned long long)err->column);
    if (usage) {
        fputs(",\"usage\":", f);
        cli_json_string(f, usage);
    }
    fputs("}}\n", f);
}

/* Formats, redacts and prints; returns `code`. */
static int report(int code, const char *usage, const ach_error *err, const char *fmt, ...)
    ACH_PRINTF(4, 5);
static int report(int code, const char *usage, const ach_error *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = format_redacted(fmt, ap);
    va_end(ap);
    print_error(code, msg, usage, err);
    free(msg);
    return code;
}

int cli_fail(const ach_error *err)
{
    char buf[1024];
    ach_error_format(buf, sizeof buf, err);
    return report(CLI_DATA, NULL, err, "%s", buf);
}

int cli_usage(const char *usage, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = format_redacted(fmt, ap);
    va_end(ap);
    print_error(CLI_USAGE, msg, usage, NULL);
    free(msg);
    return CLI_USAGE;
}

int cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = format_redacted(fmt, ap);
    va_end(ap);
    print_error(CLI_DATA, msg, NULL, NULL);
    free(msg);
    return CLI_DATA;
}

/* ---- options --------------------------------------------------------------------------------- */

enum { VAL_OPERAND = 1, VAL_JSON = 2, VAL_HELP = 'h', VAL_TABLE = 256 };

static bool list_add(cli_list *l, const char *s)
{
    const char **p = realloc(l->items, (l->n + 1) * sizeof *p);
    if (!p) return false;
    l->items = p;
    p[l->n++] = s;
    return true;
}

/* "-3", "-0.5": an operand, not an option (calendar add DATE -3). */
static bool is_negative_number(const char *s) { return s[0] == '-' && s[1] >= '0' && s[1] <= '9'; }

/* The table's option whose getopt value is `val`; NULL when none. */
static const cli_opt *table_opt(const cli_opt *table, size_t n, int val)
{
    return val >= VAL_TABLE && (size_t)(val - VAL_TABLE) < n ? &table[val - VAL_TABLE] : NULL;
}

/* The long name of the option whose getopt value is `val`. */
static const char *long_name(const cli_opt *table, size_t n, int val)
{
    const cli_opt *o = table_opt(table, n, val);
    return val == VAL_JSON ? "json" : val == VAL_HELP ? "help" : o ? o->name : "?";
}

void cli_args_free(cli_args *a, void *dst, const cli_spec *spec)
{
    free(a->operands.items);
    free(a->inputs.items);
    free(a->outputs.items);
    memset(a, 0, sizeof *a);
    for (const cli_opt *o = spec->opts; o && o->name; o++)
        if (o->kind == CLI_LIST) {
            cli_list *l = (cli_list *)(void *)((char *)dst + o->offset);
            free(l->items);
            memset(l, 0, sizeof *l);
        }
}

/* Stores the value of table option `o`. */
static bool store(cli_args *a, void *dst, const cli_opt *o, const char *value)
{
    char *member = (char *)dst + o->offset;
    bool ok = true;
    switch (o->kind) {
    case CLI_FLAG: *(bool *)(void *)member = true; return true;
    case CLI_VALUE: *(const char **)(void *)member = value; break;
    case CLI_LIST: ok = list_add((cli_list *)(void *)member, value); break;
    }
    if (ok && (o->file & CLI_IN)) ok = list_add(&a->inputs, value);
    if (ok && (o->file & CLI_OUT)) ok = list_add(&a->outputs, value);
    return ok;
}

int cli_parse(cli_args *a, void *dst, const cli_spec *spec, int argc, char **argv)
{
    memset(a, 0, sizeof *a);
    if (spec->size) memset(dst, 0, spec->size);
    /* --json anywhere (before "--") makes every error JSON, even one found before it */
    for (int i = 0; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (strcmp(argv[i], "--json") == 0) cli_set_json_errors(true);
    /* R-FC-3: an argument that carries a client secret is refused before anything can echo it */
    for (int i = 0; i < argc; i++)
        if (cli_looks_secret(argv[i]))
            return cli_usage(spec->usage, "argument %d looks like a client secret; it is never "
                                          "printed or processed (R-FC-3)", i + 1);
    static const cli_opt no_opts[] = {CLI_OPT_END};
    const cli_opt *table = spec->opts ? spec->opts : no_opts;
    size_t nopts = 0;
    while (table[nopts].name) nopts++;
    struct option *lo = calloc(nopts + 3, sizeof *lo);
    char **v = malloc(((size_t)argc + 2) * sizeof *v);
    int rc = CLI_GO;
    if (!lo || !v) {
        rc = cli_error("out of memory");
        goto out;
    }
    for (size_t i = 0; i < nopts; i++)
        lo[i] = (struct option){table[i].name,
                                table[i].kind == CLI_FLAG ? no_argument : required_argument, NULL,
                                VAL_TABLE + (int)i};
    lo[nopts] = (struct option){"json", no_argument, NULL, VAL_JSON};
    lo[nopts + 1] = (struct option){"help", no_argument, NULL, VAL_HELP};
    static char program[] = "ach";
    v[0] = program;
    if (argc > 0) memcpy(v + 1, argv, (size_t)argc * sizeof *v);
    v[argc + 1] = NULL;
    const int vc = argc + 1;

    /* Operands come back in order ("-"), a missing value as ':' and getopt prints nothing. A
     * first call over no argument resets getopt's state (from an earlier parse). */
    static const char optstring[] = "-:h";
    char *none[] = {program, NULL};
    opterr = 0;
    optind = 0;
    (void)getopt_long(1, none, optstring, lo, NULL);
    optind = 1;
    for (;;) {
        /* getopt never stops inside a bundle of short options here: -h ends the parse */
        if (optind < vc && is_negative_number(v[optind])) {
            if (!list_add(&a->operands, v[optind])) goto oom;
            optind++;
            continue;
        }
        int c = getopt_long(vc, v, optstring, lo, NULL);
        if (c == -1) break;
        if (c == VAL_OPERAND) {
            if (!list_add(&a->operands, optarg)) goto oom;
        } else if (c == VAL_HELP) {
            spec->help(help_stream ? help_stream : stdout);
            rc = CLI_OK;
            goto out;
        } else if (c == VAL_JSON) {
            a->json = true;
            cli_set_json_errors(true);
        } else if (c == ':') {
            const cli_opt *o = table_opt(table, nopts, optopt);
            rc = cli_usage(spec->usage, "option '--%s' needs a %s", o ? o->name : "?",
                           o && o->what ? o->what : "value");
            goto out;
        } else if (c == '?') {
            if (optopt == VAL_JSON || optopt == VAL_HELP || optopt >= VAL_TABLE)
                rc = cli_usage(spec->usage, "option '--%s' takes no value",
                               long_name(table, nopts, optopt));
            else if (optopt > 0x20 && optopt < 0x7f)
                rc = cli_usage(spec->usage, "unknown option '-%c'", optopt);
            else
                rc = cli_usage(spec->usage, "unknown option '%s'", v[optind - 1]);
            goto out;
        } else {
            const cli_opt *o = table_opt(table, nopts, c);
            if (!o) {
                rc = cli_usage(spec->usage, "unknown option '%s'", v[optind - 1]);
                goto out;
            }
            if (o->kind != CLI_FLAG && !*optarg) {
                rc = cli_usage(spec->usage, "option '--%s' needs a %s, not an empty value",
                               o->name, o->what);
                goto out;
            }
            /* `--events --json` is more likely a forgotten value than a file named "--json" */
            if (o->kind != CLI_FLAG && optarg == v[optind - 1] && optarg[0] == '-' &&
                optarg[1] && !is_negative_number(optarg)) {
                rc = cli_usage(spec->usage, "option '--%s' needs a %s, not the option '%s' "
                               "(write --%s=%s for a value that starts with '-')",
                               o->name, o->what, optarg, o->name, optarg);
                goto out;
            }
            if (!store(a, dst, o, optarg)) goto oom;
        }
    }
    for (int i = optind; i < vc; i++)
        if (!list_add(&a->operands, v[i])) goto oom;
    goto out;
oom:
    rc = cli_error("out of memory");
out:
    free(lo);
    free(v);
    return rc;
}

int cli_run(const cli_spec *spec, int argc, char **argv, int (*body)(cli_args *a, void *opts))
{
    cli_args a;
    void *opts = calloc(1, spec->size ? spec->size : 1);
    if (!opts) return cli_error("out of memory");
    int rc = cli_parse(&a, opts, spec, argc, argv);
    if (rc == CLI_GO) rc = body(&a, opts);
    cli_args_free(&a, opts, spec);
    free(opts);
    return rc;
}

int cli_take_verb(cli_args *a, const char *const *verbs, size_t *which, const char *usage)
{
    char list[256] = "";
    for (size_t i = 0; verbs[i]; i++) {
        if (i) strncat(list, ", ", sizeof list - strlen(list) - 1);
        strncat(list, verbs[i], sizeof list - strlen(list) - 1);
    }
    if (!a->operands.n) return cli_usage(usage, "missing command (%s)", list);
    const char *verb = a->operands.items[0];
    for (size_t i = 0; verbs[i]; i++)
        if (strcmp(verbs[i], verb) == 0) {
            *which = i;
            a->operands.n--;
            memmove(a->operands.items, a->operands.items + 1, a->operands.n * sizeof *a->operands.items);
            return CLI_GO;
        }
    return cli_usage(usage, "unknown command '%s' (one of: %s)", verb, list);
}

/* ---- files ----------------------------------------------------------------------------------- */

/* The identity of a file that can be both read and overwritten; false for anything else (a
 * missing file, a terminal, a pipe: these may be an input and an output at once). */
static bool file_id(struct stat *st, const char *path)
{
    int r = strcmp(path, "-") == 0 ? fstat(0, st) : stat(path, st);
    return r == 0 && (S_ISREG(st->st_mode) || S_ISBLK(st->st_mode));
}

static bool same(const struct stat *x, const struct stat *y)
{
    return x->st_dev == y->st_dev && x->st_ino == y->st_ino;
}

/* The input (other than `self`) that is the file `st`; NULL when none. */
static const char *input_like(const struct stat *st, const char *self, const cli_args *a,
                              const char *const *inputs, size_t n)
{
    struct stat in;
    for (size_t i = 0; i < a->inputs.n + n; i++) {
        const char *p = i < a->inputs.n ? a->inputs.items[i] : inputs[i - a->inputs.n];
        if (p != self && file_id(&in, p) && same(st, &in)) return p;
    }
    return NULL;
}

/* `out` is the same file as `other`, an input or another output. NULL names standard output,
 * "-" standard input. */
static int refuse(const char *out, const char *other, bool other_is_input)
{
    bool named = other && strcmp(other, "-") != 0;
    const char *kind = !other ? "standard output"
                       : !named ? "standard input"
                       : other_is_input ? "input '" : "output '";
    return report(CLI_USAGE, NULL, NULL,
                  "%s%s%s is the same file as %s%s%s: refused, so that nothing is overwritten",
                  out ? "output '" : "standard output", out ? out : "", out ? "'" : "", kind,
                  named ? other : "", named ? "'" : "");
}

int cli_check_files(const cli_args *a, const char *const *inputs, size_t ninputs,
                    const char *const *outputs, size_t noutputs)
{
    size_t nout = 1 + a->outputs.n + noutputs;
    for (size_t i = 0; i < nout; i++) {
        const char *p = i == 0 ? NULL
                        : i <= a->outputs.n ? a->outputs.items[i - 1]
                                            : outputs[i - 1 - a->outputs.n];
        struct stat st;
        bool known = p ? file_id(&st, p)
                       : fstat(1, &st) == 0 && (S_ISREG(st.st_mode) || S_ISBLK(st.st_mode));
        if (!known) continue;
        const char *in = input_like(&st, p, a, inputs, ninputs);
        if (in) return refuse(p, in, true);
        for (size_t j = i + 1; j < nout; j++) {
            const char *q = j <= a->outputs.n ? a->outputs.items[j - 1]
                                              : outputs[j - 1 - a->outputs.n];
            struct stat other;
            if (q != p && file_id(&other, q) && same(&st, &other))
                return refuse(q, p, false);
        }
    }
    return CLI_GO;
}

FILE *cli_open_output(const char *path, const cli_args *a, const char *const *inputs,
                      size_t ninputs, int *rc)
{
    /* not truncated on opening: the open file is checked first (a rename since
     * cli_check_files() could have made it an input) */
    int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0) {
        *rc = cli_error("%s: cannot open for writing: %s", path, strerror(errno));
        return NULL;
    }
    struct stat st;
    const char *in = NULL;
    int e = fstat(fd, &st) != 0 ? errno : 0;
    if (!e && S_ISREG(st.st_mode)) {
        in = input_like(&st, path, a, inputs, ninputs);
        if (!in && ftruncate(fd, 0) != 0) e = errno;
    }
    FILE *f = !e && !in ? fdopen(fd, "w") : NULL;
    if (!f) {
        if (!e && !in) e = errno;
        close(fd);
        *rc = in ? refuse(path, in, true)
                 : cli_error("%s: cannot open for writing: %s", path, strerror(e));
    }
    return f;
}

int cli_close_output(FILE *f, const char *name)
{
    int e = fflush(f) != 0 ? errno : 0;
    bool bad = e || ferror(f);
    if (f != stdout && fclose(f) != 0 && !bad) {
        e = errno;
        bad = true;
    }
    if (!bad) return CLI_OK;
    return e ? cli_error("%s: write error: %s", name, strerror(e))
             : cli_error("%s: write error", name);
}

/* ---- output helpers -------------------------------------------------------------------------- */

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

void cli_json_member(FILE *out, const char *key, const char *value)
{
    fprintf(out, ",\"%s\":", key);
    cli_json_string(out, value);
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
