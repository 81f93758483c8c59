/* SPDX-License-Identifier: Apache-2.0 */
/* `ach fc ...`: Financial Connections decisions from the command line (SPEC §9b). The CLI never
 * prints a client secret (R-FC-3): an argument that looks like one is refused without being
 * echoed, and `ach fc redact` scrubs secrets from text. */
#include <stdlib.h>
#include <string.h>
#include "cli.h"

#define USAGE                                                                                  \
    "ach fc match CUSTOMER_NAME OWNER_NAME [--json]\n"                                         \
    "       ach fc permissions PERMISSIONS --use-case USES [--prefetch PERMISSIONS] [--json]\n" \
    "       ach fc redact [--json]  (text on standard input)"

void cli_help_fc(FILE *out);
int cli_cmd_fc(int argc, char **argv);
extern const cli_spec cli_spec_fc;

void cli_help_fc(FILE *out)
{
    fprintf(out,
            "usage: " USAGE "\n\n"
            "Financial Connections: the decisions a service makes with linked-account data.\n\n"
            "  match CUSTOMER OWNER   ownership match (R-FC-5): compares the customer's name\n"
            "                         with the account owner's name after transliteration,\n"
            "                         ignoring order, titles and company suffixes; prints the\n"
            "                         verdict (match, partial, no_match), a score 0-100 and the\n"
            "                         reason. Exit 0 for a match, 1 for partial or no match.\n"
            "  permissions LIST       checks a session request (R-FC-1) and its least privilege\n"
            "                         for the declared use cases (R-FC-7); exit 1 when a\n"
            "                         permission is flagged as not needed, or one is missing.\n"
            "  redact                 copies standard input to standard output with every\n"
            "                         client secret replaced by [REDACTED] (R-FC-3); with\n"
            "                         --json, as {\"text\": \"...\"}.\n\n"
            "  PERMISSIONS            comma-separated: balances,ownership,payment_method,\n"
            "                         transactions\n"
            "  --use-case USES        comma-separated: personal_finance, lending,\n"
            "                         fraud_reduction, ach_payments\n"
            "  --prefetch PERMISSIONS what to fetch right after linking (no payment_method)\n"
            "  --json                 print JSON (errors too, on standard error)\n\n"
            "An argument that looks like a client secret is refused and never printed.\n");
}

static void print_notes_json(uint32_t notes)
{
    static const struct {
        uint32_t bit;
        const char *name;
    } names[] = {{ACH_FC_NOTE_REORDERED, "reordered"},
                 {ACH_FC_NOTE_INITIALS, "initials"},
                 {ACH_FC_NOTE_EXTRA, "extra"},
                 {ACH_FC_NOTE_DROPPED, "dropped"}};
    printf("[");
    bool first = true;
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (notes & names[i].bit) {
            printf("%s\"%s\"", first ? "" : ",", names[i].name);
            first = false;
        }
    printf("]");
}

static int cmd_match(int argc, const char *const *argv, bool json)
{
    if (argc != 2) return cli_usage(USAGE, "'match' takes 2 arguments, got %d", argc);
    ach_fc_match m;
    ach_error err = ACH_ERROR_INIT;
    if (ach_fc_name_match(&m, argv[0], strlen(argv[0]), argv[1], strlen(argv[1]), &err))
        return cli_fail(&err);
    char why[256];
    ach_fc_match_explain(why, sizeof why, &m);
    if (json) {
        char cn[ACH_NAME_NORMALIZED_MAX], on[ACH_NAME_NORMALIZED_MAX];
        if (ach_name_normalize(cn, sizeof cn, NULL, argv[0], strlen(argv[0]), &err) ||
            ach_name_normalize(on, sizeof on, NULL, argv[1], strlen(argv[1]), &err))
            return cli_fail(&err);
        printf("{\"verdict\":\"%s\",\"score\":%d,\"reason\":\"%s\",\"notes\":",
               ach_fc_match_verdict_name(m.verdict), m.score, ach_fc_match_reason_name(m.reason));
        print_notes_json(m.notes);
        printf(",\"customer\":");
        cli_json_string(stdout, cn);
        printf(",\"owner\":");
        cli_json_string(stdout, on);
        printf(",\"explanation\":");
        cli_json_string(stdout, why);
        printf("}\n");
    } else {
        printf("%s\n", why);
    }
    return m.verdict == ACH_FC_MATCH_FULL ? CLI_OK : CLI_NEGATIVE;
}

static void print_set(const char *key, ach_fc_permissions set, bool json, bool last)
{
    char buf[ACH_FC_PERMISSIONS_FORMAT_SIZE];
    ach_fc_permissions_format(buf, sizeof buf, set);
    if (!json) {
        printf("%-10s %s\n", key, buf[0] ? buf : "-");
        return;
    }
    printf("\"%s\":[", key);
    bool first = true;
    for (uint32_t bit = 1; bit & ACH_FC_PERMISSIONS_ALL; bit <<= 1)
        if (set & bit) {
            printf("%s\"%s\"", first ? "" : ",", ach_fc_permission_name((ach_fc_permission)bit));
            first = false;
        }
    printf("]%s", last ? "" : ",");
}

static int parse_list(ach_fc_permissions *out, const char *arg, bool use_cases, const char *what)
{
    ach_error err = ACH_ERROR_INIT;
    ach_status s = use_cases ? ach_fc_use_cases_parse(out, arg, strlen(arg), &err)
                             : ach_fc_permissions_parse(out, arg, strlen(arg), &err);
    if (s == ACH_OK) return CLI_OK;
    return cli_usage(USAGE, "%s, item at column %u: %s", what, (unsigned)err.column, err.message);
}

static int cmd_permissions(int argc, const char *const *argv, const char *uses_arg,
                           const char *prefetch_arg, bool json)
{
    if (argc != 1) return cli_usage(USAGE, "'permissions' takes 1 argument, got %d", argc);
    if (!uses_arg) return cli_usage(USAGE, "'permissions' needs --use-case");
    ach_fc_permissions perms = 0, prefetch = 0;
    ach_fc_use_cases uses = 0;
    int rc;
    if ((rc = parse_list(&perms, argv[0], false, "PERMISSIONS")) ||
        (rc = parse_list(&uses, uses_arg, true, "--use-case")) ||
        (prefetch_arg && (rc = parse_list(&prefetch, prefetch_arg, false, "--prefetch"))))
        return rc;
    ach_error err = ACH_ERROR_INIT;
    ach_fc_request_review r;
    if (ach_fc_permissions_validate(perms, prefetch, &err) ||
        ach_fc_review_request(&r, uses, perms, &err))
        return cli_fail(&err);
    if (json) printf("{\"verdict\":\"%s\",", ach_fc_request_verdict_name(r.verdict));
    print_set("requested", perms, json, false);
    print_set("prefetch", prefetch, json, false);
    print_set("minimal", r.minimal, json, false);
    print_set("flagged", r.excess, json, false);
    print_set("missing", r.missing, json, true);
    if (json) printf("}\n");
    else printf("%-10s %s\n", "verdict", ach_fc_request_verdict_name(r.verdict));
    return r.verdict == ACH_FC_REQUEST_MINIMAL ? CLI_OK : CLI_NEGATIVE;
}

static int cmd_redact(int argc, bool json)
{
    if (argc != 0) return cli_usage(USAGE, "'redact' reads standard input and takes no argument");
    size_t cap = 1 << 16, len = 0;
    char *in = malloc(cap);
    if (!in) return cli_error("out of memory");
    for (;;) {
        if (len == cap) {
            char *bigger = realloc(in, cap * 2);
            if (!bigger) {
                free(in);
                return cli_error("out of memory");
            }
            in = bigger;
            cap *= 2;
        }
        size_t got = fread(in + len, 1, cap - len, stdin);
        len += got;
        if (got == 0) break;
    }
    if (ferror(stdin)) {
        free(in);
        return cli_error("standard input could not be read");
    }
    size_t need = 0;
    ach_error err = ACH_ERROR_INIT;
    char *out = NULL;
    if (ach_fc_redact(NULL, 0, &need, NULL, in, len, NULL) == ACH_EBUFS)
        out = malloc(need + 1);
    if (!out || ach_fc_redact(out, need + 1, NULL, NULL, in, len, &err)) {
        free(in);
        free(out);
        return out ? cli_fail(&err) : cli_error("out of memory");
    }
    if (json) {
        fputs("{\"text\":", stdout);
        cli_json_string_n(stdout, out, need);
        fputs("}\n", stdout);
    } else {
        fwrite(out, 1, need, stdout);
    }
    free(in);
    free(out);
    return CLI_OK;
}

typedef struct fc_args {
    const char *use_case, *prefetch;
} fc_args;

static const cli_opt fc_opts[] = {
    CLI_OPT_VALUE("use-case", fc_args, use_case, "list of use cases", 0),
    CLI_OPT_VALUE("prefetch", fc_args, prefetch, "list of permissions", 0),
    CLI_OPT_END,
};

const cli_spec cli_spec_fc = {USAGE, cli_help_fc, fc_opts, sizeof(fc_args)};

/* Client secrets never get this far: cli_parse() refuses them (R-FC-3). */
static int fc(cli_args *a, void *opts)
{
    const fc_args *o = opts;
    static const char *const verbs[] = {"match", "permissions", "redact", NULL};
    size_t verb;
    int rc = cli_take_verb(a, verbs, &verb, USAGE);
    if (rc != CLI_GO) return rc;
    static const char *const from_stdin[] = {"-"};
    if ((rc = cli_check_files(a, from_stdin, verb == 2 ? 1 : 0, NULL, 0)) != CLI_GO) return rc;
    int argc = (int)a->operands.n;
    const char *const *argv = a->operands.items;
    if (verb == 0) return cmd_match(argc, argv, a->json);
    if (verb == 1) return cmd_permissions(argc, argv, o->use_case, o->prefetch, a->json);
    return cmd_redact(argc, a->json);
}

int cli_cmd_fc(int argc, char **argv) { return cli_run(&cli_spec_fc, argc, argv, fc); }
