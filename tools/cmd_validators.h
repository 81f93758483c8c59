/* SPDX-License-Identifier: Apache-2.0 */
/* The validator subcommands of `ach` (issue 3): `ach routing`, `ach name`, `ach account`. */
#ifndef ACH_CMD_VALIDATORS_H
#define ACH_CMD_VALIDATORS_H

#include "cli.h"

int cli_cmd_routing(int argc, char **argv);
void cli_help_routing(FILE *out);
int cli_cmd_name(int argc, char **argv);
void cli_help_name(FILE *out);
int cli_cmd_account(int argc, char **argv);
void cli_help_account(FILE *out);

/* Their option tables (for the option-parsing fuzz harness). */
extern const cli_spec cli_spec_routing, cli_spec_name, cli_spec_account;

/* Writes `s` (len bytes) with control bytes as \xHH, so one value stays one TSV field. */
void cli_print_field(FILE *out, const char *s, size_t len);

/* Writes the verdict of a validation as TSV fields after a leading tab: "\tvalid", or
 * "\tinvalid\tCODE\tmessage" (CODE is the status name, such as ACH_EROUTING_CHECKSUM). */
void cli_print_verdict(FILE *out, ach_status status, const ach_error *err);

/* Writes the verdict as a JSON object: {"valid":true} or
 * {"valid":false,"code":"ACH_...","column":N,"message":"..."}. */
void cli_json_verdict(FILE *out, ach_status status, const ach_error *err);
/* The same members without the braces. */
void cli_json_verdict_members(FILE *out, ach_status status, const ach_error *err);

#endif /* ACH_CMD_VALIDATORS_H */
