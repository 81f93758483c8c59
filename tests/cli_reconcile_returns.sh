#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# `ach reconcile LEDGER --returns FILE.ach ...` (issue 7): NACHA return entries matched to charges
# by trace number and applied through the rules, findings naming file and record, the counts and
# their conservation, NOCs with their deadline (R-RET-4), exit codes, and no account number in
# any output (R-SEC-1).
#
# Fixtures (tests/data/recon, written by make_returns.py): nacha_returns.csv has ch_1..ch_5 of
# 1000, 2500, 3000, 4000, 5000 cents created Monday 2025-03-03 (processed that day) with trace
# numbers 091000010000001..5, and ch_6 (6000, no trace); ch_5 and ch_6 succeed on 03-07.
# returns-1.ach (settled 2025-03-05): record 4 R01 ch_1 (on time), record 6 R03 for 9999 cents on
# ch_2 (amount mismatch), record 8 R01 on trace ...99 (unmatched), record 10 R01 ch_1 again
# (duplicate). returns-2.ach (settled 2025-03-20): record 4 R01 ch_1 (duplicate across files),
# record 6 R02 ch_4 (late: due 03-05, R-RET-1), record 8 R10 ch_5 (on time within 60 days, after
# success: R-CHG-7), record 12 NOC C01 on ch_2's debit. returns-bad.ach (settled 03-05): record 4
# R48 on ch_3 (not an assigned code).
#
# Expected values, by hand from the SPEC (fees R-CHG-3: 0.8 % of the amount, $4.00 a failure):
# processing fees 8, 20, 24, 32, 40, 48 cents; nets 992, 2480, 2976, 3968, 4960, 5952.
# With returns-1 and returns-2, as of 2025-03-20 (the latest date, a return entry's):
#   ch_1 failed (R-CHG-6), ch_4 failed, ch_5 disputed (R-CHG-7), ch_2 and ch_3 pending,
#   ch_6 succeeded. gross 21500; fees 20+24+40+48 (not failed) + 3 x 400 = 1332;
#   reversed 1000+4000; disputed 5000; net 21500-1332-5000-5000 = 10168.
#   Balances by date (R-BAL-1, available 7 business days after processing = 03-12):
#   03-03 pending 21328; 03-05 ch_1 fails: pending 20336, available -400; 03-12 ch_5 and ch_6
#   become available: pending 9424, available 10512; 03-20 ch_4 fails (pending 5456, -400) and
#   ch_5's late failure withdraws 5000 + 400: available 4712.
#   Rates over 2025-01-20..03-20 (R-RET-2): 6 debits; R10 unauthorized 1/6, R02 administrative
#   1/6, overall 3/6: all three breached. Retry (R-RET-3): ch_1 R01 allowed twice more until the
#   last business day on or before 03-03 + 180 days = Sat 2025-08-30, so Fri 2025-08-29.
#   NOC received 03-20 (Thursday): apply by the 6th banking day after, Friday 2025-03-28.
ach="$(cd "${ACH_TOP_BUILDDIR:-.}" && pwd)/tools/ach"
top="$(cd "${ACH_TOP_SRCDIR:-..}" && pwd)"
. "$top/tests/cli_check.sh"

# Runs from the fixtures' directory so that file names in the output are short and exact.
cd "$top/tests/data/recon" || exit 1
ledger=nacha_returns.csv

# ---- ledger, returns-1.ach, returns-2.ach: text ------------------------------------------------
"$ach" reconcile "$ledger" --returns returns-1.ach --returns returns-2.ach > "$tmp/text" 2> "$tmp/err"
check "text: exit 0 with findings" [ $? -eq 0 ]
check "text: nothing on stderr" [ ! -s "$tmp/err" ]
check "text: as of the latest return entry" has "$tmp/text" "as of 2025-03-20"
check "text: ledger conservation" has "$tmp/text" "conservation applied + rejected = 11 = data lines: holds"
check "text: return entries read" has "$tmp/text" "  return entries        7   (addenda 99 in 2 returns files)"
check "text: return entries applied" has "$tmp/text" "  applied               3   (1 flagged)"
check "text: return entries rejected" has "$tmp/text" "  rejected              4"
check "text: returns conservation" has "$tmp/text" "conservation applied + rejected = 7 = return entries: holds"
check "text: net" has "$tmp/text" "  net                       \$101.68"
check "text: available" has "$tmp/text" "  available                  \$47.12"
check "text: amount mismatch names file and record" has "$tmp/text" \
    "  returns-1.ach record 6: rejected amount_mismatch ch_2: amount: the return is for 9999 cents, charge ch_2 was for 2500"
check "text: unmatched return" has "$tmp/text" \
    "  returns-1.ach record 8: rejected unmatched_return 091000010000099: trace: no charge carried trace number 091000010000099"
check "text: duplicate in the same file" has "$tmp/text" \
    "  returns-1.ach record 10: rejected duplicate_return ch_1: charge ch_1 was already returned with R01"
check "text: duplicate across files" has "$tmp/text" \
    "  returns-2.ach record 4: rejected duplicate_return ch_1: charge ch_1 was already returned with R01"
check "text: late return (R-RET-1)" has "$tmp/text" \
    "  returns-2.ach record 6: flagged late_return ch_4: R02 return of charge ch_4 on 2025-03-20 is 15 days after its deadline 2025-03-05"
check "text: per-file counts" has "$tmp/text" \
    "  returns-2.ach: 20 records, 3 return entries (2 applied, 1 flagged, 1 rejected), 1 NOC, 0 NACHA findings"
check "text: NOC with its deadline (R-RET-4)" has "$tmp/text" \
    "  returns-2.ach record 12: C01 Incorrect DFI Account Number, original trace 091000010000002 (charge ch_2), account ****6789: account ****6777; apply by 2025-03-28 (received 2025-03-20)"
check "text: retry advice from a return entry" has "$tmp/text" \
    "  ch_1 R01 returned 2025-03-05: allowed, 2 more presentments until 2025-08-29"

# ---- the same, JSON and events -----------------------------------------------------------------
"$ach" reconcile --json --events "$tmp/events" "$ledger" --returns returns-1.ach \
    --returns=returns-2.ach > "$tmp/json"
check "json: exit 0" [ $? -eq 0 ]
for key in \
    '"lines":11,"applied":11,"rejected":0,"flagged":0,"malformed":0,"conserved":true' \
    '"first_date":"2025-03-03","last_date":"2025-03-20"' \
    '"returns":{"files":2,"entries":7,"applied":3,"rejected":4,"flagged":1,"unusable":0,"conserved":true}}' \
    '"as_of":"2025-03-20"' \
    '"charges":{"pending":2,"succeeded":1,"failed":2,"disputed":1,"total":6,"refunded":0}' \
    '"amounts":{"gross":21500,"fees":1332,"net":10168,"reversed":5000,"disputed":5000,"refunded":0,' \
    '"balance":{"pending":5456,"available":4712,"transactions_net":10168,"conserved":true' \
    '"balance_by_date":[{"date":"2025-03-03","pending":21328,"available":0},{"date":"2025-03-05","pending":20336,"available":-400},{"date":"2025-03-12","pending":9424,"available":10512},{"date":"2025-03-20","pending":5456,"available":4712}]' \
    '"window":{"from":"2025-01-20","to":"2025-03-20"},"debits":6,"unauthorized":{"count":1,"rate":0.166667,"threshold":0.0050,"breach":true},"administrative":{"count":1,"rate":0.166667,"threshold":0.0300,"breach":true},"overall":{"count":3,"rate":0.500000,"threshold":0.1500,"breach":true}' \
    '"retries":[{"charge":"ch_1","code":"R01","returned":"2025-03-05","settlement":"2025-03-03","verdict":"allowed","allowed":true,"remaining":2,"until":"2025-08-29"}]' \
    '"charge.failed":2,' '"charge.dispute.created":1,' \
    '"unmatched_return":1,"duplicate_return":2,"amount_mismatch":1,' '"late_return":1,' \
    '"findings_total":5' \
    '{"file":"returns-1.ach","record":6,"column":0,"kind":"amount_mismatch","severity":"rejected","type":"outcome","id":"ch_2","message":"amount: the return is for 9999 cents, charge ch_2 was for 2500"}' \
    '{"file":"returns-1.ach","record":8,"column":0,"kind":"unmatched_return","severity":"rejected","type":"outcome","id":"091000010000099",' \
    '{"file":"returns-1.ach","record":10,"column":0,"kind":"duplicate_return","severity":"rejected","type":"outcome","id":"ch_1",' \
    '{"file":"returns-2.ach","record":4,"column":0,"kind":"duplicate_return","severity":"rejected","type":"outcome","id":"ch_1",' \
    '{"file":"returns-2.ach","record":6,"column":0,"kind":"late_return","severity":"flagged","type":"outcome","id":"ch_4",' \
    '"returns_files":[{"file":"returns-1.ach","records":20,"entries":4,"applied":1,"rejected":3,"flagged":0,"unusable":0,"nocs":0,"nacha_findings":0},{"file":"returns-2.ach","records":20,"entries":3,"applied":2,"rejected":1,"flagged":1,"unusable":0,"nocs":1,"nacha_findings":0}]' \
    '"nacha_findings_total":0,"nacha_findings":[]' \
    '"nocs":[{"file":"returns-2.ach","record":12,"trace":"110000000000301","original_trace":"091000010000002","charge":"ch_2","code":"C01","meaning":"Incorrect DFI Account Number","account":"****6789","correction":"account ****6777","received":"2025-03-20","apply_by":"2025-03-28"}]}'; do
    check "json has $key" has "$tmp/json" "$key"
done
if command -v python3 > /dev/null 2>&1; then
    check "json parses" python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$tmp/json"
fi
check "events: ch_1 failed by returns-1.ach record 4" has "$tmp/events" \
    '{"file":"returns-1.ach","record":4,"type":"charge.failed","created":"2025-03-05T00:00:00Z","business_date":"2025-03-05","id":"ch_1","charge":"ch_1","amount":1000,"status":"failed","failure_code":"insufficient_funds",'
check "events: ch_5's late failure is a dispute (R-CHG-7)" has "$tmp/events" \
    '{"file":"returns-2.ach","record":8,"type":"charge.dispute.created","created":"2025-03-20T00:00:00Z","business_date":"2025-03-20","charge":"ch_5","amount":5000,"status":"lost","reason":"bank_cannot_process","return_code":"R10"}'
check "events: ledger events keep their line" has "$tmp/events" '{"line":5,"type":"charge.pending",'

# ---- what the returns change: the ledger alone, and returns-1.ach alone --------------------------
"$ach" reconcile --json "$ledger" > "$tmp/alone"
check "ledger alone: as of its last line" has "$tmp/alone" '"as_of":"2025-03-07"'
check "ledger alone: no returns" has "$tmp/alone" \
    '"returns":{"files":0,"entries":0,"applied":0,"rejected":0,"flagged":0,"unusable":0,"conserved":true}'
check "ledger alone: 4 pending, 2 succeeded" has "$tmp/alone" '"charges":{"pending":4,"succeeded":2,"failed":0,'
check "ledger alone: net 21328" has "$tmp/alone" '"amounts":{"gross":21500,"fees":172,"net":21328,'
check "ledger alone: empty returns lists" has "$tmp/alone" '"returns_files":[],"nacha_findings_total":0,"nacha_findings":[],"nocs":[]}'
"$ach" reconcile --json "$ledger" --returns returns-1.ach > "$tmp/one"
check "returns before the ledger's last date: as of the ledger's" has "$tmp/one" '"as_of":"2025-03-07"'
# ch_1 fails: its fee of 8 is given back, 400 charged, 1000 reversed: 21500 - 564 - 1000
check "returns-1.ach: ch_1 failed, net 19936" has "$tmp/one" \
    '"amounts":{"gross":21500,"fees":564,"net":19936,"reversed":1000,'

# ---- order: returns-2.ach first -----------------------------------------------------------------
"$ach" reconcile "$ledger" --returns returns-2.ach --returns returns-1.ach > "$tmp/swapped"
check "order: ch_1 failed by returns-2.ach, late" has "$tmp/swapped" \
    "  returns-2.ach record 4: flagged late_return ch_1: R01 return of charge ch_1 on 2025-03-20 is 15 days after its deadline 2025-03-05"
check "order: then returns-1.ach's R01 is the duplicate" has "$tmp/swapped" \
    "  returns-1.ach record 4: rejected duplicate_return ch_1"
check "order: retry counted from the later return" has "$tmp/swapped" "  ch_1 R01 returned 2025-03-20: allowed"
check "order: counts" has "$tmp/swapped" "  applied               3   (2 flagged)"

# ---- NACHA findings in a returns file ---------------------------------------------------------
"$ach" reconcile --json "$ledger" --returns returns-bad.ach > "$tmp/bad"
check "NACHA findings: exit 0 without --strict" [ $? -eq 0 ]
check "NACHA findings: listed with file, record and column" has "$tmp/bad" \
    '"nacha_findings_total":1,"nacha_findings":[{"file":"returns-bad.ach","record":4,"column":4,"check":"return-code","field":"return reason code","expected":"a return reason code R01-R85","found":"R48"}]'
check "NACHA findings: the entry is still applied, flagged unknown_return_code" has "$tmp/bad" \
    '{"file":"returns-bad.ach","record":4,"column":0,"kind":"unknown_return_code","severity":"flagged","type":"outcome","id":"ch_3",'
check "NACHA findings: ch_3 failed" has "$tmp/bad" '"charges":{"pending":3,"succeeded":2,"failed":1,'
check "NACHA findings: counts" has "$tmp/bad" \
    '"returns":{"files":1,"entries":1,"applied":1,"rejected":0,"flagged":1,"unusable":0,"conserved":true}'
"$ach" reconcile "$ledger" --returns returns-bad.ach > "$tmp/badtext"
check "NACHA findings: text FILE:RECORD:COLUMN" has "$tmp/badtext" \
    "  returns-bad.ach:4:4: return-code: return reason code: expected a return reason code R01-R85, found R48"
"$ach" reconcile --strict "$ledger" --returns returns-bad.ach > /dev/null
check "--strict exits 1 on NACHA findings" [ $? -eq 1 ]
"$ach" reconcile --strict "$ledger" --returns returns-1.ach > /dev/null
check "--strict exits 1 on a rejected return entry" [ $? -eq 1 ]
"$ach" reconcile --strict "$ledger" --returns returns-2.ach > /dev/null
check "--strict exits 0 with flagged return entries only" [ $? -eq 0 ]

# an addenda 99 that follows no entry detail (the entry record removed): unusable
sed 3d returns-bad.ach > "$tmp/orphan.ach"
"$ach" reconcile --json "$ledger" --returns "$tmp/orphan.ach" > "$tmp/orphan"
check "orphan addenda: counted unusable, conservation holds" has "$tmp/orphan" \
    '"returns":{"files":1,"entries":1,"applied":0,"rejected":0,"flagged":0,"unusable":1,"conserved":true}'
"$ach" reconcile "$ledger" --returns "$tmp/orphan.ach" > "$tmp/orphantext"
check "orphan addenda: text conservation" has "$tmp/orphantext" \
    "conservation applied + rejected + unusable = 1 = return entries: holds"
check "orphan addenda: per-file count" has "$tmp/orphantext" \
    "1 return entries (0 applied, 0 flagged, 0 rejected, 1 unusable), 0 NOCs, 9 NACHA findings"
"$ach" reconcile --strict "$ledger" --returns "$tmp/orphan.ach" > /dev/null
check "--strict exits 1 on an unusable addenda" [ $? -eq 1 ]

# ---- --max-findings caps findings, never NOCs ----------------------------------------------------
"$ach" reconcile --json --max-findings 0 "$ledger" --returns returns-bad.ach --returns returns-2.ach \
    > "$tmp/capped"
check "--max-findings 0: no findings listed, counts kept" has "$tmp/capped" '"findings_total":3,"findings":[]'
check "--max-findings 0: NACHA findings counted, not listed" has "$tmp/capped" \
    '"nacha_findings_total":1,"nacha_findings":[]'
check "--max-findings 0: the NOC still listed" has "$tmp/capped" '"nocs":[{"file":"returns-2.ach","record":12,'

# ---- errors -------------------------------------------------------------------------------------
"$ach" reconcile "$ledger" --returns returns-1.ach --returns "$tmp/missing.ach" > "$tmp/out" 2> "$tmp/err"
check "unreadable returns file exits 3" [ $? -eq 3 ]
check "unreadable returns file: named" has "$tmp/err" "$tmp/missing.ach: cannot read the returns file"
check "unreadable returns file: no report" [ ! -s "$tmp/out" ]
"$ach" reconcile "$ledger" --returns > /dev/null 2>&1
check "--returns without a file is a usage error" [ $? -eq 2 ]
"$ach" help reconcile > "$tmp/help"
check "help documents --returns" has "$tmp/help" "--returns FILE"

# ---- stdin ledger with returns ------------------------------------------------------------------
"$ach" reconcile --json - --returns returns-1.ach --returns returns-2.ach < "$ledger" |
    sed 's/"source":"[^"]*"/"source":""/' > "$tmp/stdin"
sed 's/"source":"[^"]*"/"source":""/' "$tmp/json" > "$tmp/json2"
check "stdin ledger gives the same report" cmp -s "$tmp/stdin" "$tmp/json2"

# ---- the README's main job: the sample ledger with its return file (data/samples/README.md) --------
# By hand from the sample's README: R10 on ch_jane1 after success (R-CHG-7) withdraws 5000 and
# charges the $4.00 failure fee: fees 9844 -> 10244, disputed 101000 -> 106000, net and available
# 66656 -> 61256; ch_jane1 moves from succeeded to disputed; the R01 on ch_acme1 is a duplicate of
# ledger line 29; trace ...099 matches nothing; the NOC C02 received Tuesday 2025-04-01 is due
# on the 6th banking day after, Wednesday 2025-04-09.
(cd "$top" && "$ach" reconcile --json --as-of 2025-06-10 data/samples/ledger.csv \
    --returns data/samples/returns.ach) > "$tmp/sample"
check "sample: return entries counted" has "$tmp/sample" \
    '"returns":{"files":1,"entries":3,"applied":1,"rejected":2,"flagged":0,"unusable":0,"conserved":true}'
check "sample: charges by status" has "$tmp/sample" \
    '"charges":{"pending":0,"succeeded":16,"failed":4,"disputed":6,"total":26,"refunded":3}'
check "sample: amounts" has "$tmp/sample" '"gross":380500,"fees":10244,"net":61256,'
check "sample: disputed amount" has "$tmp/sample" '"disputed":106000,'
check "sample: balance" has "$tmp/sample" '"balance":{"pending":0,"available":61256,'
check "sample: duplicate return" has "$tmp/sample" \
    '"file":"data/samples/returns.ach","record":6,"column":0,"kind":"duplicate_return","severity":"rejected","type":"outcome","id":"ch_acme1"'
check "sample: unmatched return" has "$tmp/sample" \
    '"file":"data/samples/returns.ach","record":8,"column":0,"kind":"unmatched_return","severity":"rejected"'
check "sample: NOC with its charge and deadline" has "$tmp/sample" \
    '"original_trace":"021000020000001","charge":"ch_acme1","code":"C02","meaning":"Incorrect Routing Number","account":"****1234","correction":"routing 026009593","received":"2025-04-01","apply_by":"2025-04-09"'
(cd "$top" && "$ach" reconcile --json data/samples/ledger.csv) > "$tmp/sample_alone"
check "sample alone: the amounts before the returns" has "$tmp/sample_alone" \
    '"gross":380500,"fees":9844,"net":66656,'

# ---- a NOC names the ledger's charge of its original trace, or says there is none -----------------
# ../nacha/noc.ach: C01 on original trace 091000010000001 (ch_1 here), C05 and C03 on traces
# that no charge of this ledger carried.
"$ach" reconcile "$ledger" --returns ../nacha/noc.ach > "$tmp/noctext"
"$ach" reconcile --json "$ledger" --returns ../nacha/noc.ach > "$tmp/nocjson"
check "NOC text: the charge of its trace" has "$tmp/noctext" \
    "record 4: C01 Incorrect DFI Account Number, original trace 091000010000001 (charge ch_1),"
check "NOC text: no charge carried the trace" has "$tmp/noctext" \
    "record 6: C05 Incorrect Transaction Code, original trace 091000010000009 (no charge in the ledger),"
check "NOC json: the charge of its trace" has "$tmp/nocjson" \
    '"original_trace":"091000010000001","charge":"ch_1","code":"C01"'
check "NOC json: null when none" has "$tmp/nocjson" \
    '"original_trace":"091000010000011","charge":null,"code":"C03"'

# ---- R-SEC-1: the account numbers of the ledger and of the NACHA files, and the NOC's corrected
# account, never printed
for n in 000123456789 123456789 000555666777 555666777; do
    check "account number $n never printed" sh -c "! grep -qF $n '$tmp/text' '$tmp/json' '$tmp/events' '$tmp/bad' '$tmp/badtext' '$tmp/swapped' '$tmp/capped'"
done

finish
