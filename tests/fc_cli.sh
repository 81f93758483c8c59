#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# `ach fc` from the outside: outputs, exit codes (0 ok, 1 negative, 2 usage, 3 bad data), JSON,
# and R-FC-3: no client secret in any output, including usage and error messages.
ach="${ACH_TOP_BUILDDIR:-.}/tools/ach"
[ -x "$ach" ] || { echo "missing $ach"; exit 1; }
failures=0
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

# expect CODE STDOUT-EXPECTED -- ARGS...   (STDOUT-EXPECTED "*" = not checked)
expect() {
    code=$1 want=$2
    shift 3
    "$ach" "$@" >"$tmp/out" 2>"$tmp/err"
    got=$?
    if [ "$got" -ne "$code" ]; then
        echo "FAIL: ach $* exited $got, expected $code"; cat "$tmp/err"; failures=$((failures + 1))
    elif [ "$want" != "*" ] && [ "$(cat "$tmp/out")" != "$want" ]; then
        echo "FAIL: ach $*"; echo "  got:      $(cat "$tmp/out")"; echo "  expected: $want"
        failures=$((failures + 1))
    fi
}

# no_leak TEXT: neither stdout nor stderr of the last command holds TEXT
no_leak() {
    if grep -q -- "$1" "$tmp/out" "$tmp/err"; then
        echo "FAIL: output shows '$1' (R-FC-3)"; failures=$((failures + 1))
    fi
}

# R-FC-5: ownership match
expect 0 "match (score 100): the same names in a different order" -- fc match "MÜLLER, JOSÉ" "Jose Muller"
expect 0 '{"verdict":"match","score":100,"reason":"reordered","notes":["reordered"],"customer":"MULLER, JOSE","owner":"JOSE MULLER","explanation":"match (score 100): the same names in a different order"}' -- fc match --json "MÜLLER, JOSÉ" "Jose Muller"
expect 0 "match (score 85): every name pairs, some only by an initial" -- fc match "J. Smith" "John Smith"
expect 1 "partial (score 50): each side has names the other lacks" -- fc match "John Smith" "Jane Smith"
expect 1 "no_match (score 0): no name in common" -- fc match "John Smith" "Robert Jones"
expect 3 "" -- fc match "Иван Петров" "Ivan Petrov"
expect 2 "" -- fc match "John Smith"
expect 2 "" -- fc match a b --bogus
expect 2 "" -- fc

# R-FC-1, R-FC-7: permission review
expect 0 "*" -- fc permissions transactions,balances --use-case lending
expect 1 "*" -- fc permissions balances,transactions,ownership --use-case lending
grep -q "^flagged    ownership$" "$tmp/out" || { echo "FAIL: ownership not flagged"; failures=$((failures + 1)); }
expect 1 '{"verdict":"mixed","requested":["balances"],"prefetch":[],"minimal":["payment_method"],"flagged":["balances"],"missing":["payment_method"]}' -- fc permissions balances --use-case ach_payments --json
expect 0 "*" -- fc permissions ownership,payment_method --use-case fraud_reduction,ach_payments --prefetch ownership
expect 3 "" -- fc permissions payment_method --use-case ach_payments --prefetch payment_method
expect 2 "" -- fc permissions balance --use-case lending
expect 2 "" -- fc permissions balances

# R-FC-3: a client secret never appears in any output
tail=Zq9xT4kLmN0pRsUvWy
secret="fcsess_123_secret_$tail"
expect 2 "" -- fc match "$secret" "John Smith"
no_leak "$tail"
expect 2 "" -- fc match --json "John Smith" "x$secret"
no_leak "$tail"
expect 2 "" -- fc permissions balances --use-case "$secret"
no_leak "$tail"
expect 2 "" -- fc permissions "$secret" --use-case lending
no_leak "$tail"
expect 2 "" -- fc "$secret"
no_leak "$tail"
printf 'POST /v1/financial_connections/sessions -> {"id":"fcsess_123","client_secret":"%s"}\nnext line\n' "$secret" |
    "$ach" fc redact >"$tmp/out" 2>"$tmp/err"
[ $? -eq 0 ] || { echo "FAIL: redact exit"; failures=$((failures + 1)); }
no_leak "$tail"
want='POST /v1/financial_connections/sessions -> {"id":"fcsess_123","client_secret":"[REDACTED]"}
next line'
[ "$(cat "$tmp/out")" = "$want" ] || { echo "FAIL: redact gave: $(cat "$tmp/out")"; failures=$((failures + 1)); }
printf '' | "$ach" fc redact >"$tmp/out" 2>"$tmp/err" && [ ! -s "$tmp/out" ] ||
    { echo "FAIL: redact of empty input"; failures=$((failures + 1)); }

[ "$failures" -eq 0 ] && echo "fc cli ok"
exit "$failures"
