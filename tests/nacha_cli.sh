#!/bin/sh
# `ach nacha` over every fixture: exit codes (0 valid, 1 findings, 2 usage, 3 unreadable), the
# exact lines of a few answers, JSON that parses (when python3 is there), and R-SEC-1: no full
# account number of any fixture ever appears in any output.
top=${ACH_TOP_SRCDIR:-.}
ach="${ACH_TOP_BUILDDIR:-.}/tools/ach"
data="$top/tests/data/nacha"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# Every account number (and corrected account number) written in the fixtures.
accounts="000123456789 4455667788 99887766554433 8765432109 55500012345 30001234567 7001002003
5550001111 000123456780 000998877665"

expect_rc() { # expect_rc WANT COMMAND...
    want=$1; shift
    "$@" > "$tmp/out" 2> "$tmp/err"
    rc=$?
    [ "$rc" -eq "$want" ] || bad "exit $rc, want $want: $*"
    for a in $accounts; do
        if grep -q "$a" "$tmp/out" "$tmp/err"; then bad "account number $a shown by: $*"; fi
    done
}

json_ok() {
    command -v python3 > /dev/null 2>&1 || return 0
    python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/out" 2> /dev/null ||
        bad "not JSON: $*"
}

n=0
for f in "$data"/*.ach; do
    case $(basename "$f") in bad-*) want=1 ;; *) want=0 ;; esac
    for cmd in validate show returns; do
        expect_rc $want "$ach" nacha $cmd "$f"
        expect_rc $want "$ach" nacha $cmd --json "$f"
        json_ok "$cmd --json $f"
        n=$((n + 2))
    done
done

# Exact answers.
"$ach" nacha validate "$data/bad-entry-hash.ach" > "$tmp/out"
grep -qx ".*bad-entry-hash.ach:7:11: entry-hash: entry hash: expected 0046427188, found 0046427189" \
    "$tmp/out" || bad "validate bad-entry-hash.ach: $(cat "$tmp/out")"
"$ach" nacha returns "$data/returns.ach" > "$tmp/out"
printf 'return\t021000020000101\tR01\tInsufficient Funds\t091000010000001\t125.00\n' > "$tmp/want"
head -n 1 "$tmp/out" | cmp -s - "$tmp/want" || bad "returns returns.ach: $(head -n 1 "$tmp/out")"
"$ach" nacha returns "$data/noc.ach" > "$tmp/out"
printf 'noc\t021000020000201\tC01\tIncorrect DFI Account Number\t091000010000001\t0.00\taccount ****6780\tapply by 2026-12-04\n' > "$tmp/want"
head -n 1 "$tmp/out" | cmp -s - "$tmp/want" || bad "returns noc.ach: $(head -n 1 "$tmp/out")"

# Several files at once: findings in one make the answer 1; an unreadable one makes it 3.
expect_rc 1 "$ach" nacha validate "$data/ppd-debit.ach" "$data/bad-blank.ach"
expect_rc 3 "$ach" nacha validate "$data/ppd-debit.ach" "$tmp/missing.ach"
expect_rc 3 "$ach" nacha show "$tmp/missing.ach"
expect_rc 2 "$ach" nacha
expect_rc 2 "$ach" nacha frobnicate "$data/ppd-debit.ach"
expect_rc 2 "$ach" nacha show "$data/ppd-debit.ach" "$data/noc.ach"
expect_rc 2 "$ach" nacha validate --bogus "$data/ppd-debit.ach"
expect_rc 0 "$ach" help nacha

echo "$n nacha CLI runs checked"
exit $fail
