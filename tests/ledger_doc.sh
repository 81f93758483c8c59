#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The examples of docs/ledger-format.md read as the page says: the first two ledgers reconcile
# with every line applied, the third (columns reordered, an unknown column, a quoted "") is one
# well-formed record rejected as unknown_id, and the malformed line gives the finding shown.
top=${ACH_TOP_SRCDIR:-.}
build=${ACH_TOP_BUILDDIR:-.}
ach="$build/tools/ach"
doc="$top/docs/ledger-format.md"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
# every ```csv block into $tmp/1.csv, $tmp/2.csv, ...
awk -v dir="$tmp" '/^```csv$/ {n++; on = 1; next} /^```$/ {on = 0} on {print > (dir "/" n ".csv")}' "$doc"
fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=1; }
for n in 1 2; do
    if "$ach" reconcile --strict "$tmp/$n.csv" > "$tmp/$n.out" 2>&1; then ok "example $n: every line applied"
    else bad "example $n is not applied whole:"; cat "$tmp/$n.out"; fi
done
"$ach" reconcile --strict "$tmp/3.csv" > "$tmp/3.out" 2>&1
[ $? -eq 1 ] && grep -q "rejected unknown_id dp_1" "$tmp/3.out" && grep -q "unknown column 8 'note' ignored" "$tmp/3.out" &&
    ok "example 3: one record, unknown column reported, rejected as unknown_id" || { bad "example 3:"; cat "$tmp/3.out"; }
# the malformed line after the first example's lines is its line 8
cat "$tmp/1.csv" "$tmp/4.csv" > "$tmp/5.csv"
"$ach" reconcile "$tmp/5.csv" > "$tmp/5.out" 2>&1
expected=$(grep '^line 8: rejected malformed' "$doc")
[ -n "$expected" ] && grep -qF "  $expected" "$tmp/5.out" && ok "the malformed line's finding is the one shown" ||
    { bad "the malformed line's finding differs from the page ('$expected'):"; cat "$tmp/5.out"; }
exit $fail
