#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The conventions every `ach` command follows (issue 20 item 6): -h/--help on every command and
# subcommand (help on stdout, exit 0, no file opened), --json on every command (output that
# parses, and errors as one JSON object on stderr), one usage-error format (exit 2, "ach: ..."
# then "usage: ach ..."), and operands that only look like options ("-3", "-", after "--").
ach="$(cd "${ACH_TOP_BUILDDIR:-.}" && pwd)/tools/ach"
top="$(cd "${ACH_TOP_SRCDIR:-..}" && pwd)"
. "$top/tests/cli_check.sh"
sample="$top/data/samples/ledger.csv"
nacha="$top/tests/data/nacha"
cd "$tmp" || exit 1
py=$(command -v python3 || true)

# ---- -h and --help everywhere ------------------------------------------------------------------
# help_ok NAME ARGS...: exit 0, the help on stdout starting with "usage: ach", nothing on stderr
help_ok() {
    what=$1
    shift
    "$ach" "$@" > out 2> err
    rc=$?
    check "$what: exit 0" [ "$rc" -eq 0 ]
    check "$what: usage on stdout" sh -c 'head -n 1 out | grep -q "^usage: ach"'
    check "$what: nothing on stderr" [ ! -s err ]
}
for cmd in "reconcile" "nacha" "nacha validate" "nacha show" "nacha returns" "calendar" \
    "calendar holidays" "calendar add" "routing" "routing check" "name" "name normalize" \
    "account" "account check" "fc" "fc match" "fc permissions" "fc redact" "help" "--version"; do
    # shellcheck disable=SC2086
    help_ok "$cmd -h" $cmd -h
    # shellcheck disable=SC2086
    help_ok "$cmd --help" $cmd --help
done
help_ok "help after other arguments" reconcile ledger.csv --json --help
help_ok "help bundled" calendar -h 2025-01-01
"$ach" reconcile -h > /dev/null 2>&1
check "reconcile -h opens no file named -h" [ ! -e ./-h ]

# ---- --json everywhere -------------------------------------------------------------------------
# json_ok NAME WANT_EXIT ARGS...: the exit status, and stdout parses as JSON (one value, or one
# a line for routing check)
json_ok() {
    what=$1 want=$2
    shift 2
    "$ach" "$@" > out 2> err
    rc=$?
    check "$what: exit $want" [ "$rc" -eq "$want" ]
    check "$what: output" [ -s out ]
    if [ -n "$py" ]; then
        check "$what: JSON" "$py" -c '
import json, sys
text = open("out", encoding="utf-8").read()
try:
    json.loads(text)
except ValueError:
    for line in text.splitlines():
        json.loads(line)' 
    fi
}
json_ok "calendar holidays" 0 calendar holidays 2025-01-01 2025-12-31 --json
json_ok "calendar is-business-day" 1 calendar --json is-business-day 2025-01-01
json_ok "calendar add" 0 calendar add 2025-01-06 -3 --json
json_ok "calendar between" 0 calendar between --json 2025-01-01 2025-02-01
json_ok "calendar processing-date" 0 calendar processing-date 2025-01-06T23:00:00Z --json
json_ok "routing check" 1 routing check --json 021000021 021000022
printf '021000021\n12\n' > numbers
json_ok "routing check --stdin" 1 routing check --stdin --json < numbers
json_ok "name normalize" 0 name normalize --json "José Müller"
json_ok "account check" 0 account check --json 021000021 123456789
json_ok "fc match" 0 fc match --json "Jose Muller" "MULLER, JOSE"
json_ok "fc permissions" 0 fc permissions transactions,balances --use-case lending --json
printf 'hello\n' > text
json_ok "fc redact" 0 fc redact --json < text
check "fc redact --json: the text" has out '{"text":"hello\n"}'
json_ok "reconcile" 0 reconcile --json "$sample"
json_ok "nacha validate" 0 nacha validate --json "$nacha/ppd-debit.ach"
json_ok "nacha show" 0 nacha show --json "$nacha/ppd-debit.ach"
json_ok "nacha returns" 0 nacha returns --json "$nacha/returns.ach"
json_ok "help" 0 help --json
json_ok "help COMMAND" 0 help reconcile --json
json_ok "version" 0 --version --json
"$ach" routing check --json 021000021 > out
check "routing check --json: one object a line" has out '{"routing":"021000021","valid":true}'

# ---- usage errors: one format, exit 2; JSON with --json ------------------------------------------
# usage_err NAME ARGS...: exit 2, nothing on stdout, stderr "ach: ..." then "usage: ach ..."; the
# same with --json added gives one JSON object {"error":{"exit":2,...,"usage":...}} on stderr.
usage_err() {
    what=$1
    shift
    "$ach" "$@" > out 2> err
    rc=$?
    check "$what: exit 2" [ "$rc" -eq 2 ]
    check "$what: nothing on stdout" [ ! -s out ]
    check "$what: 'ach: ' then 'usage: ach'" sh -c \
        'head -n 1 err | grep -q "^ach: " && sed -n 2p err | grep -q "^usage: ach "'
    "$ach" "$@" --json > out 2> err
    rc=$?
    check "$what --json: exit 2" [ "$rc" -eq 2 ]
    check "$what --json: an error object" sh -c \
        'head -n 1 err | grep -q "^{\"error\":{\"exit\":2,\"message\":\".*\",\"usage\":\"ach "'
    check "$what --json: one line" [ "$(wc -l < err)" -eq 1 ]
    if [ -n "$py" ]; then
        check "$what --json: JSON" "$py" -c 'import json; json.load(open("err"))'
    fi
}
usage_err "no command"
usage_err "unknown command" frobnicate
usage_err "help unknown command" help frobnicate
usage_err "version with an argument" --version x
usage_err "reconcile unknown option" reconcile --bogus "$sample"
usage_err "reconcile unknown short option" reconcile -x "$sample"
usage_err "reconcile option without its value" reconcile "$sample" --as-of
usage_err "reconcile empty value" reconcile "$sample" --events=
usage_err "reconcile flag with a value" reconcile "$sample" --strict=yes
usage_err "reconcile no ledger" reconcile
usage_err "reconcile two ledgers" reconcile "$sample" "$sample"
usage_err "reconcile bad --as-of" reconcile "$sample" --as-of 2025-13-01
usage_err "nacha no verb" nacha
usage_err "nacha unknown verb" nacha frobnicate
usage_err "nacha unknown option" nacha validate --bogus "$nacha/ppd-debit.ach"
usage_err "calendar unknown verb" calendar frobnicate
usage_err "calendar wrong count" calendar add 2025-01-01
usage_err "calendar bad date" calendar is-business-day 2025-02-30
usage_err "calendar --calendar without file" calendar holidays 2025-01-01 2025-02-01 --calendar
usage_err "routing no number" routing check
usage_err "routing numbers and --stdin" routing check --stdin 021000021
usage_err "routing unknown verb" routing verify 021000021
usage_err "name no name" name normalize
usage_err "account one number" account check 021000021
usage_err "fc no verb" fc
usage_err "fc match one name" fc match "John Smith"
usage_err "fc permissions no use case" fc permissions balances
usage_err "fc permissions bad list" fc permissions balance --use-case lending
"$ach" reconcile --bogus "$sample" --json > out 2> err
check "--json after the error still gives JSON" has err '{"error":{"exit":2,"message":"unknown option '"'"'--bogus'"'"'"'

# ---- data errors with --json ------------------------------------------------------------------
"$ach" reconcile --json missing.csv > out 2> err
check "reconcile unreadable: exit 3" [ $? -eq 3 ]
check "reconcile unreadable: a JSON error with its code" has err '{"error":{"exit":3,"code":"ACH_EIO"'
"$ach" nacha show --json missing.ach > out 2> err
check "nacha unreadable: exit 3" [ $? -eq 3 ]
check "nacha unreadable: a JSON error" has err '{"error":{"exit":3,'

# ---- operands that look like options ------------------------------------------------------------
check "a negative number is an operand" [ "$("$ach" calendar add 2025-01-06 -3)" = 2024-12-31 ]
check "operands after --" [ "$("$ach" calendar add -- 2025-01-06 -1)" = 2025-01-03 ]
check "- reads standard input" sh -c "'$ach' reconcile - < '$sample' > /dev/null"
check "--name=VALUE" sh -c "'$ach' reconcile --as-of=2025-03-31 '$sample' | grep -q 'as of 2025-03-31'"
check "options after operands" sh -c "'$ach' name normalize Acme --company > /dev/null"

finish
