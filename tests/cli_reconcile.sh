#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# `ach reconcile` (issue 6): exit codes, the JSON keys, --events, --max-findings, --strict,
# --as-of, stdin, and no account number anywhere in the output (R-SEC-1).
ach="${ACH_TOP_BUILDDIR:-.}/tools/ach"
top="${ACH_TOP_SRCDIR:-..}"
sample="$top/data/samples/ledger.csv"
. "$top/tests/cli_check.sh"

"$ach" reconcile "$sample" > "$tmp/text" 2> "$tmp/err"
check "text report, exit 0 with findings" [ $? -eq 0 ]
# the default date is that of the last applied line (05-21): the refused lines of 06-10 never
# move it (issue 17)
check "text: as of the last applied line's date" has "$tmp/text" "as of 2025-05-21"
check "text: conservation holds" has "$tmp/text" "applied + rejected = 113 = data lines: holds"
check "text: rejected line listed" has "$tmp/text" "line 19: rejected unverified_account ch_early"
check "no progress bar when stderr is not a terminal" [ ! -s "$tmp/err" ]
# On a terminal the bar first shows 0.2 s into a run: a small pipe (of unknown size, so not
# ruled out by its size) draws nothing, not even at its end.
if command -v script > /dev/null 2>&1; then
    script -qec "cat '$sample' | '$ach' reconcile - > /dev/null" "$tmp/tty" > /dev/null 2>&1
    check "a short run on a terminal draws no progress bar" sh -c "! grep -qF MB/s \"$tmp/tty\""
fi

# The whole report of the sample, text and JSON, against the expected files (read from stdin so
# that the source name does not depend on where the tree is). After a deliberate change, make
# them again with: ach reconcile [--json] - < data/samples/ledger.csv
"$ach" reconcile - < "$sample" > "$tmp/whole.txt"
check "the sample's text report is the expected one" \
    diff -u "$top/tests/data/recon/sample_report.txt" "$tmp/whole.txt"
"$ach" reconcile --json - < "$sample" > "$tmp/whole.json"
check "the sample's JSON report is the expected one" \
    cmp "$tmp/whole.json" "$top/tests/data/recon/sample_report.json"

"$ach" reconcile --json --events "$tmp/events" "$sample" > "$tmp/json"
check "json exit 0" [ $? -eq 0 ]
for key in '"input":{' '"lines":113' '"applied":91' '"rejected":22' '"flagged":5' \
    '"as_of":"2025-05-21"' '"charges":{"pending":0,"succeeded":17,"failed":4,"disputed":5' \
    '"refunded":3' '"amounts":{"gross":380500,"fees":9844,"net":66656' \
    '"balance":{"pending":23808,"available":42848' \
    '"unauthorized":{"count":0,"rate":0.000000,"threshold":0.0050,"breach":false}' \
    '"overall":{"count":1,"rate":0.083333,"threshold":0.1500,"breach":false}' \
    '"findings_by_kind":{"malformed":5,' '"findings_total":27' \
    '{"line":19,"column":0,"kind":"unverified_account","severity":"rejected","type":"charge","id":"ch_early","message":'; do
    check "json has $key" has "$tmp/json" "$key"
done
if command -v python3 > /dev/null 2>&1; then
    check "json parses" python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$tmp/json"
fi
check "events: one line per event (67)" [ "$(wc -l < "$tmp/events")" -eq 67 ]
check "events: charge.pending of ch_zoe1 at line 20" \
    has "$tmp/events" '{"line":20,"type":"charge.pending","created":"2025-03-03T11:30:00Z","business_date":"2025-03-03","id":"ch_zoe1","charge":"ch_zoe1","amount":5000,"status":"pending"}'

# R-SEC-1: none of the sample's account numbers in any output
for n in 9876543210 000123456789 000222222227 000111111113 000333333335 0001234567 \
    445566778899 5556667777 1234567890; do
    check "account number $n never printed" sh -c "! grep -qF $n '$tmp/text' '$tmp/json' '$tmp/events'"
done

"$ach" reconcile --json --max-findings 2 "$sample" > "$tmp/capped"
check "--max-findings caps the list" [ "$(grep -o '"line":[0-9]*,"column"' "$tmp/capped" | wc -l)" -eq 2 ]
check "--max-findings keeps the counts" has "$tmp/capped" '"findings_total":27'
# Without --max-findings at most 100000 findings are kept and listed (memory stays bounded when
# every line is malformed); 'all' lists every one.
awk 'BEGIN { print "time,type,id,ref"; for (i = 0; i < 100003; i++) print "x" }' > "$tmp/bad.csv"
"$ach" reconcile "$tmp/bad.csv" > "$tmp/bad.txt"
check "default: 100000 findings listed, the rest counted" has "$tmp/bad.txt" "... 3 more (--max-findings)"
check "default: every line counted" has "$tmp/bad.txt" "rejected         100003"
"$ach" reconcile --json --max-findings all "$tmp/bad.csv" > "$tmp/bad.json"
check "--max-findings all lists every finding" \
    [ "$(grep -o '"kind":"malformed"' "$tmp/bad.json" | wc -l)" -eq 100003 ]
"$ach" reconcile --max-findings some "$sample" > /dev/null 2>&1
check "--max-findings takes a count or 'all'" [ $? -eq 2 ]

"$ach" reconcile --json --as-of 2025-03-31 "$sample" > "$tmp/march"
check "--as-of: rates breached" has "$tmp/march" '"debits":14,"unauthorized":{"count":1,"rate":0.071429,"threshold":0.0050,"breach":true}'

"$ach" reconcile --strict "$sample" > /dev/null
check "--strict exits 1 on rejected lines" [ $? -eq 1 ]
"$ach" reconcile --strict "$top/tests/data/recon/late_return.csv" > /dev/null
check "--strict exits 0 with flags only" [ $? -eq 0 ]

"$ach" reconcile --json - < "$sample" | sed 's/"source":"[^"]*"/"source":""/' > "$tmp/stdin"
sed 's/"source":"[^"]*"/"source":""/' "$tmp/json" > "$tmp/json2"
check "stdin gives the same report" cmp -s "$tmp/stdin" "$tmp/json2"

"$ach" reconcile "$tmp/missing.csv" > /dev/null 2>&1
check "unreadable file exits 3" [ $? -eq 3 ]
printf 'time,type\n' > "$tmp/noref.csv"
"$ach" reconcile "$tmp/noref.csv" > /dev/null 2>&1
check "missing required columns exit 3" [ $? -eq 3 ]
"$ach" reconcile > /dev/null 2>&1
check "no LEDGER is a usage error" [ $? -eq 2 ]
"$ach" reconcile --as-of 2025-13-01 "$sample" > /dev/null 2>&1
check "bad --as-of is a usage error" [ $? -eq 2 ]
"$ach" reconcile --max-findings x "$sample" > /dev/null 2>&1
check "bad --max-findings is a usage error" [ $? -eq 2 ]
"$ach" help reconcile > "$tmp/help"
check "help" has "$tmp/help" "usage: ach reconcile LEDGER"
check "help documents the JSON schema" has "$tmp/help" "findings_by_kind         {kind: count}"
check "help documents the events file" has "$tmp/help" "--events FILE writes one JSON object a line"

finish
