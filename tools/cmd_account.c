/* SPDX-License-Identifier: Apache-2.0 */
/* `ach account check ROUTING ACCOUNT [--json]`: both validations and the test-mode outcome
 * (R-ACC-2, R-ACC-6). The account number is never printed (R-SEC-1). */
#include <string.h>
#include "cmd_validators.h"

#define USAGE "ach account check [--json] ROUTING ACCOUNT"

void cli_help_account(FILE *out)
{
    fprintf(out,
            "usage: " USAGE "\n\n"
            "Validates a routing number and an account number (4-17 digits), and gives the\n"
            "scripted outcome when the pair is a test-mode account (routing " ACH_TEST_ROUTING
            "). Lines:\n"
            "  routing<TAB>valid | routing<TAB>invalid<TAB>CODE<TAB>message\n"
            "  account<TAB>valid | account<TAB>invalid<TAB>CODE<TAB>message\n"
            "  test_mode<TAB>OUTCOME[<TAB>RETURN_CODE]   (only for a test account)\n"
            "The account number itself is never printed.\n\n"
            "  --json  print {\"routing\", \"account_number\", \"test_mode\"}\n\n"
            "Exit: 0 when both are valid, 1 otherwise, 2 usage.\n");
}

const cli_spec cli_spec_account = {USAGE, cli_help_account, NULL, 0};

static int account_check(cli_args *a, void *opts)
{
    (void)opts;
    static const char *const verbs[] = {"check", NULL};
    size_t verb;
    int rc = cli_take_verb(a, verbs, &verb, USAGE);
    if (rc != CLI_GO) return rc;
    if (a->operands.n != 2) return cli_usage(USAGE, "give ROUTING and ACCOUNT");
    if ((rc = cli_check_files(a, NULL, 0, NULL, 0)) != CLI_GO) return rc;

    const bool json = a->json;
    const char *routing = a->operands.items[0], *account = a->operands.items[1];
    size_t rlen = strlen(routing), alen = strlen(account);
    ach_error rerr = ACH_ERROR_INIT, aerr = ACH_ERROR_INIT;
    ach_status rst = ach_routing_validate(routing, rlen, &rerr);
    ach_status ast = ach_account_number_validate(account, alen, &aerr);
    ach_test_account test = ach_test_account_lookup(routing, rlen, account, alen);

    if (json) {
        fputs("{\"routing\":", stdout);
        cli_json_verdict(stdout, rst, &rerr);
        fputs(",\"account_number\":", stdout);
        cli_json_verdict(stdout, ast, &aerr);
        fputs(",\"test_mode\":", stdout);
        if (test.outcome == ACH_TEST_LIVE) {
            fputs("null", stdout);
        } else {
            printf("{\"outcome\":\"%s\",\"return_code\":", ach_test_outcome_name(test.outcome));
            if (test.return_code[0]) printf("\"%s\"", test.return_code);
            else fputs("null", stdout);
            printf(",\"refuses_currency\":%s}", test.refuses_currency ? "true" : "false");
        }
        fputs("}\n", stdout);
    } else {
        fputs("routing", stdout);
        cli_print_verdict(stdout, rst, &rerr);
        fputs("\naccount", stdout);
        cli_print_verdict(stdout, ast, &aerr);
        fputc('\n', stdout);
        if (test.outcome != ACH_TEST_LIVE) {
            printf("test_mode\t%s", ach_test_outcome_name(test.outcome));
            if (test.return_code[0]) printf("\t%s", test.return_code);
            if (test.refuses_currency) fputs("\trefused before any debit", stdout);
            fputc('\n', stdout);
        }
    }
    return rst == ACH_OK && ast == ACH_OK ? CLI_OK : CLI_NEGATIVE;
}

int cli_cmd_account(int argc, char **argv)
{
    return cli_run(&cli_spec_account, argc, argv, account_check);
}
