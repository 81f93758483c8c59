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
# the default date is that of the last applied line (line 131, 06-10): refused lines never move
# it (issue 17)
check "text: as of the last applied line's date" has "$tmp/text" "as of 2025-06-10"
check "text: conservation holds" has "$tmp/text" "applied + rejected = 131 = data lines: holds"
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
for key in '"input":{' '"lines":131' '"applied":108' '"rejected":23' '"flagged":9' \
    '"as_of":"2025-06-10"' '"charges":{"pending":1,"succeeded":18,"failed":4,"disputed":6' \
    '"refunded":3,"overdue":1}' '"amounts":{"gross":407000,"fees":11556,"net":86444' \
    '"balance":{"pending":26288,"available":60156' \
    '"unauthorized":{"count":1,"rate":0.090909,"threshold":0.0050,"breach":true}' \
    '"overall":{"count":2,"rate":0.181818,"threshold":0.1500,"breach":true}' \
    '"findings_by_kind":{"malformed":5,' '"findings_total":34' \
    '"overdue_charges":[{"charge":"ch_zoe7","amount":4000,"created":"2025-06-02","processing":"2025-06-02","resolve_by":"2025-06-06","available_on":"2025-06-11","overdue":true,"days_overdue":4}]' \
    '"accounts_unverified":1,"unverified_accounts":[{"account":"ba_kai","sent":"2025-05-27","expected_by":"2025-05-29","business_days":10}]' \
    '"invalid_currency":1,"overdue_charge":1,"late_outcome":1,"test_outcome_mismatch":1,"early_verification":1,"unverified_microdeposits":1' \
    '{"line":19,"column":0,"kind":"unverified_account","severity":"rejected","type":"charge","id":"ch_early","message":'; do
    check "json has $key" has "$tmp/json" "$key"
done
if command -v python3 > /dev/null 2>&1; then
    check "json parses" python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$tmp/json"
fi
check "events: one line per event (76)" [ "$(wc -l < "$tmp/events")" -eq 76 ]
check "events: charge.pending of ch_zoe1 at line 20" \
    has "$tmp/events" '{"line":20,"type":"charge.pending","created":"2025-03-03T11:30:00Z","business_date":"2025-03-03","id":"ch_zoe1","charge":"ch_zoe1","amount":5000,"status":"pending","resolve_by":"2025-03-07","available_on":"2025-03-12","dispute_deadline":"2025-05-02"}'

# R-SEC-1: none of the sample's account numbers in any output
for n in 9876543210 000123456789 000222222227 000111111113 000333333335 0001234567 \
    445566778899 5556667777 1234567890; do
    check "account number $n never printed" sh -c "! grep -qF $n '$tmp/text' '$tmp/json' '$tmp/events'"
done

"$ach" reconcile --json --max-findings 2 "$sample" > "$tmp/capped"
check "--max-findings caps the list" [ "$(grep -o '"line":[0-9]*,"column"' "$tmp/capped" | wc -l)" -eq 2 ]
check "--max-findings keeps the counts" has "$tmp/capped" '"findings_total":34'
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
check "help documents --fees" has "$tmp/help" "failure_fee 400    cents per failed debit"

# ---- --fees FILE (issue 18): the merchant's own terms (R-CHG-3) -------------------------------
# 1 % capped at $2.00, $1.00 a failure, $10.00 a dispute on late_return.csv: ch_1 (1000) fee 10;
# its R01 after success is a dispute (R-CHG-7) with the failure fee: 10 + 100
printf '# other terms\npercent 1\ncap 200\nfailure_fee 100\ndispute_fee 1000\n' > "$tmp/fees"
"$ach" reconcile --json --fees "$tmp/fees" "$top/tests/data/recon/late_return.csv" > "$tmp/feesjson"
check "--fees: the file's figures" has "$tmp/feesjson" '"amounts":{"gross":1000,"fees":110,'
printf 'percent 1\ncap 2.00\n' > "$tmp/badfees"
"$ach" reconcile --fees "$tmp/badfees" "$sample" > "$tmp/out" 2> "$tmp/err"
check "--fees: a bad file exits 3" [ $? -eq 3 ]
check "--fees: the error names file, line and column" has "$tmp/err" "$tmp/badfees:2:5: cap: cap '2.00' is not whole cents"
check "--fees: no report" [ ! -s "$tmp/out" ]
"$ach" reconcile --fees "$tmp/nofees" "$sample" > /dev/null 2>&1
check "--fees: a missing file exits 3" [ $? -eq 3 ]

# ---- Connect in the ledger (R-CON-1): direct charges, application fees, each account's balance --
"$ach" reconcile --json "$top/tests/data/recon/connect.csv" > "$tmp/connect"
check "connect: each account's balance" has "$tmp/connect" \
    '"connected_accounts":[{"account":"acct_1Studio","pending":0,"available":9220},{"account":"acct_1Partner","pending":0,"available":5000}]'
check "connect: application fees received" has "$tmp/connect" '"application_fees":300}'

# ---- --verify-within N (R-ACC-4b) -------------------------------------------------------------
"$ach" reconcile --json --verify-within 11 "$sample" > "$tmp/within"
check "--verify-within 11: ba_kai not yet" has "$tmp/within" '"accounts_unverified":0,"unverified_accounts":[]'
"$ach" reconcile --verify-within 0 "$sample" > /dev/null 2>&1
check "--verify-within 0 is a usage error" [ $? -eq 2 ]

# ---- ach name normalize: company 22, originator 16 (R-ACC-3) are in cli_validators.sh -----------

finish
