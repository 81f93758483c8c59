#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# `ach nacha` over the fixtures: exit codes (0 valid, 1 findings, 2 usage, 3 unreadable), the
# exact lines of a few answers, JSON that parses (when python3 is there), and R-SEC-1: no full
# account number of any fixture ever appears in any output.
top=${ACH_TOP_SRCDIR:-.}
ach="${ACH_TOP_BUILDDIR:-.}/tools/ach"
data="$top/tests/data/nacha"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
runs=0
bad() { echo "FAIL: $*"; fail=1; }

# run WANT COMMAND...: runs it, checks the exit code, keeps all its output for the checks below
# (JSON output also in its own file).
run() {
    want=$1; shift
    runs=$((runs + 1))
    "$@" > "$tmp/out.$runs" 2> "$tmp/err.$runs"
    rc=$?
    [ "$rc" -eq "$want" ] || bad "exit $rc, want $want: $*"
    case " $* " in *" --json "*) cp "$tmp/out.$runs" "$tmp/json.$runs" ;; esac
}

valid=""
for f in "$data"/*.ach; do
    case $(basename "$f") in bad-*) ;; *) valid="$valid $f" ;; esac
done
invalid=$(ls "$data"/bad-*.ach)
# A few invalid files for show and returns (their findings go to stderr, exit 1).
some_invalid="$data/bad-record-order.ach $data/bad-return-code.ach $data/bad-alphanumeric.ach"

# shellcheck disable=SC2086
{
    run 0 "$ach" nacha validate $valid
    run 0 "$ach" nacha validate --json $valid
    run 1 "$ach" nacha validate $invalid
    run 1 "$ach" nacha validate --json $invalid
}
# (Each run of the libtool wrapper costs a fraction of a second: a sample, not every file.)
for f in ppd-debit ccd-debit web-debit mixed-batches returns noc; do
    run 0 "$ach" nacha show "$data/$f.ach"
    run 0 "$ach" nacha show --json "$data/$f.ach"
done
for f in returns noc; do
    run 0 "$ach" nacha returns "$data/$f.ach"
    run 0 "$ach" nacha returns --json "$data/$f.ach"
done
for f in $some_invalid; do
    run 1 "$ach" nacha show --json "$f"
    run 1 "$ach" nacha returns --json "$f"
done

# Every invalid file gave its one finding and its summary line.
n_invalid=$(echo "$invalid" | wc -l)
n_lines=$(grep -c ': 1 finding$' "$tmp/out.3")
[ "$n_lines" -eq "$n_invalid" ] || bad "validate: $n_lines of $n_invalid invalid files with 1 finding"

# Exact answers.
grep -qx ".*bad-entry-hash.ach:7:11: entry-hash: entry hash: expected 0046427188, found 0046427189" \
    "$tmp/out.3" || bad "validate bad-entry-hash.ach"
grep -n . "$tmp"/out.* | grep -q "$(printf 'return\t021000020000101\tR01\tInsufficient Funds\t091000010000001\t125.00$')" ||
    bad "returns returns.ach: no R01 line"
grep -n . "$tmp"/out.* | grep -qF "$(printf 'noc\t021000020000201\tC01\tIncorrect DFI Account Number\t091000010000001\t0.00\taccount ****6780\tapply by 2026-12-04')" ||
    bad "returns noc.ach: no C01 line"

# Exit codes of mixed and wrong calls.
run 1 "$ach" nacha validate "$data/ppd-debit.ach" "$data/bad-blank.ach"
run 3 "$ach" nacha validate "$data/ppd-debit.ach" "$tmp/missing.ach"
run 3 "$ach" nacha show "$tmp/missing.ach"
run 2 "$ach" nacha
run 2 "$ach" nacha frobnicate "$data/ppd-debit.ach"
run 2 "$ach" nacha show "$data/ppd-debit.ach" "$data/noc.ach"
run 2 "$ach" nacha validate --bogus "$data/ppd-debit.ach"
run 0 "$ach" help nacha

# The lenient profile (issue 19): the same bank file is 7 findings (exit 1) strictly, 7 warnings
# and valid (exit 0) with --lenient, on every nacha command; JSON marks each "severity".
bank="$data/lenient/bank-file.ach"
run 1 "$ach" nacha validate "$bank"
run 0 "$ach" nacha validate --lenient "$bank"
grep -q "bank-file.ach:1:76: warning: record-length: record: expected 94 characters, found 75 characters" \
    "$tmp/out.$runs" || bad "validate --lenient: no warning line"
grep -q "bank-file.ach: valid (records 8, batches 1, entries 3, addenda 1), 7 warnings" \
    "$tmp/out.$runs" || bad "validate --lenient: no summary line"
run 0 "$ach" nacha validate --lenient --json "$bank"
[ "$(grep -o '"severity":"warning"' "$tmp/out.$runs" | wc -l)" -eq 7 ] || bad "--json: 7 warnings"
run 1 "$ach" nacha show "$bank"
run 0 "$ach" nacha show --lenient "$bank"
run 0 "$ach" nacha returns --lenient "$bank"

# reconcile --returns reads them leniently too: warnings on stderr, not findings (--strict).
head -1 "$top/data/samples/ledger.csv" > "$tmp/empty-ledger.csv"
run 1 "$ach" reconcile "$tmp/empty-ledger.csv" --returns "$bank" --strict
run 0 "$ach" reconcile "$tmp/empty-ledger.csv" --returns "$bank" --strict --lenient
grep -q "bank-file.ach:9:0: warning: padding" "$tmp/err.$runs" || bad "reconcile --lenient: no warning"

# Issue 17: a returns file truncated after `reconcile` opened it, before it is read, never kills
# the process (a mapped file would raise SIGBUS). The ledger comes through a FIFO, so the
# truncation happens while `ach` waits for the ledger's records, after it opened the returns.
# A small file was read whole when opened; a large one is an error naming it (exit 3).
samples="$top/data/samples"
if mkfifo "$tmp/ledger.fifo" 2> /dev/null; then
    for size in small large; do
        if [ $size = small ]; then
            cp "$samples/returns.ach" "$tmp/r.ach"
        else
            for i in $(seq 300); do cat "$samples/returns.ach"; done > "$tmp/r.ach"
        fi
        "$ach" reconcile "$tmp/ledger.fifo" --returns "$tmp/r.ach" > "$tmp/trunc.out" 2> "$tmp/trunc.err" &
        pid=$!
        exec 3> "$tmp/ledger.fifo"
        head -1 "$samples/ledger.csv" >&3
        sleep 1
        : > "$tmp/r.ach"
        tail -n +2 "$samples/ledger.csv" >&3
        exec 3>&-
        wait $pid
        rc=$?
        runs=$((runs + 1))
        [ $rc -lt 128 ] || bad "reconcile with a returns file truncated ($size): killed, exit $rc"
        if [ $rc -eq 3 ]; then
            grep -q "r.ach.*changed while it was read" "$tmp/trunc.err" ||
                bad "reconcile with a returns file truncated ($size): $(cat "$tmp/trunc.err")"
        fi
        [ $size = small ] && [ $rc -ne 0 ] && bad "small returns file truncated: exit $rc, want 0"
        [ $size = large ] && [ $rc -ne 3 ] && bad "large returns file truncated: exit $rc, want 3"
    done
fi

# IAT (issue 19): show, returns and --json cover the IAT layouts; the foreign receivers'
# account numbers and IBANs are masked (checked with the others below).
for f in iat-debit iat-remittance iat-return iat-noc; do
    run 0 "$ach" nacha show "$data/$f.ach"
    run 0 "$ach" nacha show --json "$data/$f.ach"
done
run 0 "$ach" nacha show "$data/iat-remittance.ach"
grep -qxF "$(printf 'iat-batch\tFF\t3\tCA\tUSD\tCAD\t')" "$tmp/out.$runs" || bad "show iat: no iat-batch line"
grep -qxF "$(printf 'entry\t091000010000001\t27\tdebit\t021000021\t****0123\t2500.00\t\t\t0011\t  ')" \
    "$tmp/out.$runs" || bad "show iat: no entry line"
grep -qxF "$(printf 'iat\t10\tSAL\tPIERRE TREMBLAY\t\t3400.00')" "$tmp/out.$runs" || bad "show iat: no 10"
grep -qxF "$(printf 'iat\t18\tDEUTSCHE BANK\t02\tDEUTDEFF\tDE')" "$tmp/out.$runs" || bad "show iat: no 18"
run 0 "$ach" nacha show --json "$data/iat-debit.ach"
grep -qF '"iat":{"indicator":"","foreign_exchange":"FF","foreign_exchange_reference_indicator":"3","foreign_exchange_reference":"","destination_country":"CA","originating_currency":"USD","destination_currency":"CAD"}' \
    "$tmp/out.$runs" || bad "show --json iat: no iat member"
grep -qF '"type":"14","rdfi_name":"HSBC BANK CANADA","id_qualifier":"03","bank_id":"****6819","branch_country":"CA","entry_sequence":2' \
    "$tmp/out.$runs" || bad "show --json iat: IBAN not masked in addenda 14"
run 0 "$ach" nacha returns "$data/iat-return.ach"
grep -qxF "$(printf 'return\t021000020000301\tR01\tInsufficient Funds\t091000010000001\t2500.00')" \
    "$tmp/out.$runs" || bad "returns iat-return.ach: no R01 line"
run 0 "$ach" nacha returns --json "$data/iat-return.ach"
grep -qF '"original_amount_cents":250000' "$tmp/out.$runs" || bad "returns --json iat: no original amount"
run 0 "$ach" nacha returns "$data/iat-noc.ach"
grep -qF "$(printf 'noc\t021000020000401\tC01\tIncorrect DFI Account Number\t091000010000002\t0.00\taccount ****6780')" \
    "$tmp/out.$runs" || bad "returns iat-noc.ach: no C01 line"
run 1 "$ach" nacha validate "$data/malformed/iat.ach"
grep -qx ".*iat.ach: 5 findings" "$tmp/out.$runs" || bad "validate malformed/iat.ach: not 5 findings"
grep -qx ".*iat.ach:10:13: addenda-count: number of addenda records: expected 0007 (the addenda that follow), found 0009" \
    "$tmp/out.$runs" || bad "validate malformed/iat.ach: no addenda count finding"
run 1 "$ach" nacha show --json "$data/malformed/iat.ach"

# R-SEC-1: the account numbers (and corrected account numbers) written in the fixtures.
if grep -E -l '000123456789|4455667788|99887766554433|8765432109|55500012345|30001234567|7001002003|5550001111|000123456780|000998877665|CA7700011234567890123|GB29NWBK60161331926819|770001123456780' \
    "$tmp"/out.* "$tmp"/err.* > "$tmp/leaks"; then
    bad "full account numbers in the output of runs: $(cat "$tmp/leaks")"
fi

# JSON parses.
if command -v python3 > /dev/null 2>&1; then
    python3 - "$tmp"/json.* <<'EOF' || bad "output of --json that is not JSON"
import json, sys
for path in sys.argv[1:]:
    try:
        json.load(open(path, encoding="utf-8"))
    except ValueError as e:
        print("not JSON:", path, e)
        sys.exit(1)
EOF
fi

echo "$runs nacha CLI runs checked"
exit $fail
