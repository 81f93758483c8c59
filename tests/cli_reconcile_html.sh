#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# `ach reconcile --html FILE` (issue 24): the page's figures are the JSON report's (charts,
# tables, findings), it loads nothing and runs only its own script, ledger values are escaped,
# and no account number is in it (R-SEC-1). The checks of the page are in cli_reconcile_html.py;
# the browser test is browser_report.sh.
ach="${ACH_TOP_BUILDDIR:-.}/tools/ach"
top="${ACH_TOP_SRCDIR:-..}"
sample="$top/data/samples/ledger.csv"
. "$top/tests/cli_check.sh"
py=python3
if ! command -v "$py" > /dev/null 2>&1; then
    # build.sh installs python3 for the tests: without it, say so rather than pass
    echo "FAIL python3 is missing (./build.sh test installs it)"
    exit 1
fi
page() { "$py" "$top/tests/cli_reconcile_html.py" "$@"; }

# the sample, with its returns file: text on stdout as before, the page beside it
"$ach" reconcile "$sample" --returns "$top/data/samples/returns.ach" --html "$tmp/r.html" \
    > "$tmp/r.txt"
check "--html: exit 0" [ $? -eq 0 ]
check "--html: the text report still on stdout" has "$tmp/r.txt" "Reconciliation of"
"$ach" reconcile "$sample" --returns "$top/data/samples/returns.ach" --json > "$tmp/r.json"
check "--html and --json together" sh -c \
    "'$ach' reconcile '$sample' --returns '$top/data/samples/returns.ach' --json --html '$tmp/r2.html' | cmp -s - '$tmp/r.json' && cmp -s '$tmp/r.html' '$tmp/r2.html'"
page report "$tmp/r.html" "$tmp/r.json" || fail "the sample's page against its JSON report"
page safe "$tmp/r.html" 9876543210 000123456789 000222222227 000111111113 000333333335 \
    0001234567 445566778899 5556667777 1234567890 ||
    fail "the sample's page is self-contained and holds no account number"

# --as-of: the page follows the date (a breach in March)
"$ach" reconcile "$sample" --as-of 2025-03-31 --html "$tmp/march.html" > /dev/null
"$ach" reconcile "$sample" --as-of 2025-03-31 --json > "$tmp/march.json"
page report "$tmp/march.html" "$tmp/march.json" || fail "the March page against its JSON"
check "--as-of: the unauthorized breach is marked" has "$tmp/march.html" \
    'data-x="2025-03-31" data-y="0.071429" data-count="1" data-breach="true"'

# hostile ids, names, messages and file name: all escaped, nothing runs (the browser test loads
# this page too)
hostile="$tmp/a&<b>'\"x.csv"
cp "$top/tests/data/recon/html_escape.csv" "$hostile"
"$ach" reconcile "$hostile" --html "$tmp/esc.html" > /dev/null
check "hostile ledger: exit 0" [ $? -eq 0 ]
"$ach" reconcile "$hostile" --json > "$tmp/esc.json"
page report "$tmp/esc.html" "$tmp/esc.json" || fail "the hostile page against its JSON"
page safe "$tmp/esc.html" 000123456789 000222222227 || fail "the hostile page is safe"
for s in 'ch_&quot;&gt;&lt;svg/onload=alert(1)&gt;' \
    '&lt;/td&gt;&lt;script&gt;alert(2)&lt;/script&gt;' 'charge&lt;script&gt;alert(3)&lt;/script&gt;' \
    "re_&#39;onmouseover=&#39;alert(4)" 'a&amp;&lt;b&gt;&#39;&quot;x.csv'; do
    check "escaped: $s" has "$tmp/esc.html" "$s"
done
check "no raw <svg/onload" sh -c "! grep -qF '<svg/onload' '$tmp/esc.html'"

# a ledger without a record has no report date: every date on the page reads "-" (ASan and
# valgrind caught a date buffer printed unfilled here)
head -n 1 "$sample" > "$tmp/empty.csv"
"$ach" reconcile "$tmp/empty.csv" --html "$tmp/empty.html" > /dev/null
check "empty ledger: exit 0" [ $? -eq 0 ]
check "empty ledger: the title says as of -" has "$tmp/empty.html" "as of -</title>"
check "empty ledger: the rates as of -" has "$tmp/empty.html" "As of - (window - .. -, 0 debits)"

# usage and output errors
"$ach" reconcile "$sample" --html > /dev/null 2>&1
check "--html without a file: usage error" [ $? -eq 2 ]
"$ach" reconcile "$sample" --html "$tmp/no/such/dir/r.html" > /dev/null 2> "$tmp/err"
check "--html to an unwritable path: exit 3" [ $? -eq 3 ]
check "--html: the error names the file" has "$tmp/err" "$tmp/no/such/dir/r.html"
# issue 17: the page is an output like --events: never one of the inputs, nor another output
cp "$sample" "$tmp/ledger.csv"
"$ach" reconcile "$tmp/ledger.csv" --html "$tmp/ledger.csv" > /dev/null 2> "$tmp/err"
check "--html onto the ledger: refused (exit 2)" [ $? -eq 2 ]
check "--html onto the ledger: the ledger untouched" cmp -s "$sample" "$tmp/ledger.csv"
"$ach" reconcile "$sample" --returns "$tmp/ledger.csv" --html "$tmp/ledger.csv" > /dev/null 2>&1
check "--html onto a returns file: refused (exit 2)" [ $? -eq 2 ]
: > "$tmp/same"
"$ach" reconcile "$sample" --events "$tmp/same" --html "$tmp/same" > /dev/null 2>&1
check "--html onto the --events file: refused (exit 2)" [ $? -eq 2 ]
"$ach" reconcile "$sample" --html "$tmp/out.txt" > "$tmp/out.txt" 2> /dev/null
check "--html onto standard output: refused (exit 2)" [ $? -eq 2 ]
if [ -w /dev/full ]; then
    "$ach" reconcile "$sample" --html /dev/full > /dev/null 2> "$tmp/err"
    check "--html: a write error is exit 3" [ $? -eq 3 ]
fi

# 100000 findings: the table lists the first 1000 with the count, and the page stays small
awk 'BEGIN { print "time,type,id,ref"; for (i = 0; i < 100003; i++) print "x" }' > "$tmp/bad.csv"
"$ach" reconcile "$tmp/bad.csv" --html "$tmp/bad.html" > /dev/null
check "100003 findings: the first 1000 listed" has "$tmp/bad.html" \
    "The table lists the first 1000 of 100003 findings"
check "100003 findings: 1000 rows" [ "$(grep -o '<tr><td data-k=' "$tmp/bad.html" | wc -l)" -eq 1000 ]
check "100003 findings: the page under 1 MB" [ "$(wc -c < "$tmp/bad.html")" -lt 1000000 ]
finish
