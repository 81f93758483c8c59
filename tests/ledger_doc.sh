#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The examples of docs/ledger-format.md read as the page says: the first two ledgers reconcile
# with every line applied, the third (columns reordered, an unknown column, a quoted "") is one
# well-formed record rejected as unknown_id, and the malformed line gives the finding shown; the
# micro-deposit failure and the Connect charges (ledgers 5 and 6) apply whole and do what the page
# says; the table of findings names exactly the kinds the tool reports.
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
cat "$tmp/1.csv" "$tmp/4.csv" > "$tmp/joined.csv"
"$ach" reconcile "$tmp/joined.csv" > "$tmp/joined.out" 2>&1
expected=$(grep '^line 8: rejected malformed' "$doc")
[ -n "$expected" ] && grep -qF "  $expected" "$tmp/joined.out" && ok "the malformed line's finding is the one shown" ||
    { bad "the malformed line's finding differs from the page ('$expected'):"; cat "$tmp/joined.out"; }
# ledger 5: the returned deposit fails the account for good, with the ACCTVERIFY descriptor
if "$ach" reconcile --strict --events "$tmp/5.events" "$tmp/5.csv" > "$tmp/5.out" 2>&1 &&
    grep -q '"line":4,"type":"customer.source.updated".*"status":"verification_failed","descriptor":"ACCTVERIFY"' "$tmp/5.events"
then ok "example 5: the R03 deposit makes the account verification_failed"
else bad "example 5:"; cat "$tmp/5.out" "$tmp/5.events"; fi
# ledger 6: the application fees (300 + 1000) and the connected accounts' pending balances
# (10000 - 80 fee - 300; 20000 - 1000)
if "$ach" reconcile --strict --json "$tmp/6.csv" > "$tmp/6.json" 2>&1 &&
    grep -q '"transferred":19000,"application_fees":300}' "$tmp/6.json" &&
    grep -q '"connected_accounts":\[{"account":"acct_1Studio","pending":9620,"available":0},{"account":"acct_1Partner","pending":19000,"available":0}\]' "$tmp/6.json"
then ok "example 6: direct and destination charges with their application fees"
else bad "example 6:"; cat "$tmp/6.json"; fi
# the page's table of findings and the tool's findings_by_kind name the same kinds
sed -n '/^## Findings/,/^## /s/^| `\([a-z_]*\)` | \(rejected\|flagged\) |.*/\1/p' "$doc" | sort > "$tmp/kinds.doc"
printf 'time,type,id,ref\n' > "$tmp/empty.csv"
"$ach" reconcile --json "$tmp/empty.csv" | sed 's/.*"findings_by_kind":{\([^}]*\)}.*/\1/' |
    tr ',' '\n' | sed 's/^"\([a-z_]*\)":.*/\1/' | sort > "$tmp/kinds.tool"
if [ -s "$tmp/kinds.doc" ] && cmp -s "$tmp/kinds.doc" "$tmp/kinds.tool"; then
    ok "the table of findings has the $(wc -l < "$tmp/kinds.tool") kinds of the tool"
else bad "the table of findings and findings_by_kind differ (< page, > tool):"; diff "$tmp/kinds.doc" "$tmp/kinds.tool"; fi
exit $fail
