#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Issue 17 items 2, 6 and 7 from the outside, for every command:
# - an output that is the same file as an input (by path, symlink or hard link; the ledger, a
#   returns file, a calendar, standard input) is refused with exit 2 and the input is untouched;
# - a failed write to standard output (/dev/full) or to an output file exits 3 with a message on
#   stderr naming the output;
# - an argument that looks like a client secret is never printed, in any error (R-FC-3).
ach="$(cd "${ACH_TOP_BUILDDIR:-.}" && pwd)/tools/ach"
top="$(cd "${ACH_TOP_SRCDIR:-..}" && pwd)"
. "$top/tests/cli_check.sh"
cd "$tmp" || exit 1
cp "$top/data/samples/ledger.csv" ledger.csv
cp "$top/data/samples/returns.ach" returns.ach
cp "$top/data/fed-holidays.ics" cal.ics
cp "$top/tests/data/nacha/ppd-debit.ach" ppd.ach
for f in ledger.csv returns.ach cal.ics ppd.ach; do cp "$f" "$f.orig"; done
ln -s ledger.csv link.csv
ln ledger.csv hard.csv
mkdir sub

# ---- item 2: an output that is an input is refused ------------------------------------------
# refused NAME FILE ARGS...: exit 2, a message saying "same file", FILE unchanged
refused() {
    what=$1 file=$2
    shift 2
    "$ach" "$@" > /dev/null 2> err
    rc=$?
    check "$what: exit 2" [ "$rc" -eq 2 ]
    check "$what: says why" has err "is the same file as"
    check "$what: $file untouched" cmp -s "$file" "$file.orig"
}
refused "--events is the ledger" ledger.csv reconcile ledger.csv --events ledger.csv
refused "--events is the ledger by another path" ledger.csv reconcile ledger.csv --events sub/../ledger.csv
refused "--events is a symlink to the ledger" ledger.csv reconcile ledger.csv --events link.csv
refused "--events is a hard link to the ledger" ledger.csv reconcile hard.csv --events ledger.csv
refused "--events is a returns file" returns.ach reconcile ledger.csv --returns returns.ach --events returns.ach
refused "--events= is a returns file" returns.ach reconcile ledger.csv --returns=returns.ach --events=link.csv
refused "--events is the calendar" cal.ics reconcile ledger.csv --calendar cal.ics --events cal.ics
"$ach" reconcile - --events ledger.csv < ledger.csv > /dev/null 2> err
check "--events is standard input: exit 2" [ $? -eq 2 ]
check "--events is standard input: ledger untouched" cmp -s ledger.csv ledger.csv.orig
# standard output appended to an input would be read back while it grows
"$ach" reconcile ledger.csv >> ledger.csv 2> err
check "stdout is the ledger: exit 2" [ $? -eq 2 ]
check "stdout is the ledger: untouched" cmp -s ledger.csv ledger.csv.orig
check "stdout is the ledger: says so" has err "standard output is the same file as input 'ledger.csv'"
"$ach" reconcile ledger.csv --events out.json >> out.json 2> err
check "--events is standard output: exit 2" [ $? -eq 2 ]
for cmd in "nacha validate" "nacha show" "nacha returns"; do
    # shellcheck disable=SC2086
    "$ach" $cmd ppd.ach >> ppd.ach 2> err
    check "$cmd: stdout is the input: exit 2" [ $? -eq 2 ]
    check "$cmd: input untouched" cmp -s ppd.ach ppd.ach.orig
done
"$ach" nacha returns returns.ach --calendar cal.ics >> cal.ics 2> err
check "nacha returns: stdout is the calendar: exit 2" [ $? -eq 2 ]
"$ach" calendar holidays 2025-01-01 2025-12-31 --calendar cal.ics >> cal.ics 2> err
check "calendar: stdout is the calendar: exit 2" [ $? -eq 2 ]
check "calendar: the calendar untouched" cmp -s cal.ics cal.ics.orig
printf '021000021\n' > numbers
cp numbers numbers.orig
"$ach" routing check --stdin < numbers >> numbers 2> err
check "routing --stdin: stdout is stdin: exit 2" [ $? -eq 2 ]
check "routing --stdin: input untouched" cmp -s numbers numbers.orig
"$ach" fc redact < numbers >> numbers 2> err
check "fc redact: stdout is stdin: exit 2" [ $? -eq 2 ]
# and what is allowed: distinct files, terminals and pipes, /dev/null on both sides
"$ach" reconcile ledger.csv --events events.json > report.txt
check "distinct files: exit 0" [ $? -eq 0 ]
check "distinct files: events written" [ -s events.json ]
"$ach" reconcile ledger.csv --events events.json > /dev/null
check "an existing events file is rewritten" [ $? -eq 0 ]
check "rewritten, not appended" [ "$(wc -l < events.json)" -eq 67 ]
"$ach" reconcile /dev/null --events /dev/null > /dev/null 2>&1
check "/dev/null as input and output is not refused" [ $? -ne 2 ]
"$ach" reconcile - --events /dev/null < ledger.csv | cat > /dev/null
check "a pipe is not refused" [ $? -eq 0 ]

# ---- item 6: failed writes -------------------------------------------------------------------
# full NAME ARGS...: with stdout on /dev/full: exit 3, stderr names standard output
full() {
    what=$1
    shift
    "$ach" "$@" > /dev/full 2> err < numbers
    rc=$?
    check "$what > /dev/full: exit 3" [ "$rc" -eq 3 ]
    check "$what > /dev/full: names standard output" has err "standard output: write error"
}
full "calendar holidays" calendar holidays 2025-01-01 2025-12-31
full "calendar holidays --json" calendar holidays 2025-01-01 2025-12-31 --json
full "calendar is-business-day" calendar is-business-day 2025-01-06
full "calendar add" calendar add 2025-01-06 3
full "calendar between" calendar between 2025-01-01 2025-02-01
full "calendar processing-date" calendar processing-date 2025-01-06T10:00:00Z
full "routing check" routing check 021000021
full "routing check --stdin" routing check --stdin
full "routing check --json" routing check --json 021000021
full "name normalize" name normalize Acme
full "name normalize --json" name normalize --json Acme
full "account check" account check 021000021 123456789
full "account check --json" account check --json 021000021 123456789
full "fc match" fc match "John Smith" "John Smith"
full "fc match --json" fc match --json "John Smith" "John Smith"
full "fc permissions" fc permissions balances --use-case lending
full "fc redact" fc redact
full "reconcile" reconcile ledger.csv
full "reconcile --json" reconcile --json ledger.csv
full "nacha validate" nacha validate ppd.ach
full "nacha validate --json" nacha validate --json ppd.ach
full "nacha show" nacha show ppd.ach
full "nacha returns" nacha returns returns.ach
full "help" help
full "help reconcile" help reconcile
full "reconcile -h" reconcile -h
full "--version" --version
full "--version --json" --version --json
"$ach" reconcile ledger.csv --events /dev/full > /dev/null 2> err
check "--events /dev/full: exit 3" [ $? -eq 3 ]
check "--events /dev/full: names the file" has err "/dev/full: write error"
"$ach" calendar holidays 2025-01-01 2025-12-31 >&- 2> err
check "stdout closed: exit 3" [ $? -eq 3 ]

# ---- item 7: no client secret in any error (R-FC-3) ---------------------------------------------
tail=Zq9xT4kLmN0pRsUvWy
secret="fcsess_1Abc_secret_$tail"
# secret NAME ARGS...: a usage error that shows no part of the secret, in text and in JSON
secret() {
    what=$1
    shift
    "$ach" "$@" > out 2> err
    rc=$?
    check "$what: exit 2" [ "$rc" -eq 2 ]
    check "$what: not echoed" sh -c "! grep -q '$tail' out err"
    "$ach" "$@" --json > out 2> err
    check "$what --json: not echoed" sh -c "! grep -q '$tail' out err"
}
secret "unknown command" "$secret"
secret "unknown command in a word" "x$secret"
secret "help of an unknown command" help "$secret"
secret "--version argument" --version "$secret"
secret "unknown option" reconcile ledger.csv "--$secret"
secret "unknown option with a value" fc match a b "--x=$secret"
secret "unknown short option" reconcile ledger.csv "-$secret"
secret "option value" reconcile ledger.csv --as-of "$secret"
secret "option value after =" reconcile ledger.csv "--max-findings=$secret"
secret "file option" reconcile ledger.csv --events "$secret.json"
secret "returns file" reconcile ledger.csv --returns "sub/$secret.ach"
secret "ledger" reconcile "$secret.csv"
secret "unknown verb" nacha "$secret"
secret "nacha file" nacha show "$secret"
secret "calendar verb" calendar "$secret" 2025-01-01
secret "calendar date" calendar is-business-day "$secret"
secret "calendar count" calendar add 2025-01-01 "$secret"
secret "calendar file" calendar holidays 2025-01-01 2025-02-01 --calendar "$secret"
secret "routing number" routing check "$secret"
secret "routing verb" routing "$secret"
secret "name" name normalize "$secret"
secret "account" account check 021000021 "$secret"
secret "fc match" fc match "$secret" "John Smith"
secret "fc use case" fc permissions balances --use-case "lending,$secret"
secret "missing value" reconcile ledger.csv --as-of "$secret" --events
check "no file was created with the secret in its name" sh -c "! ls | grep -q '$tail'"

finish
