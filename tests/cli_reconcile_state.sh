#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# `ach reconcile --state` (issue 21): a generated ledger split into K chunks (several K and
# seeds), reconciled chunk by chunk through a state file, gives the report, findings and events
# of one pass; --show prints one object, masked (R-SEC-1); a kill during a save never loses the
# previous state; several ledgers print each and their total.
ach="${ACH_TOP_BUILDDIR:-.}/tools/ach"
gen="${ACH_TOP_BUILDDIR:-.}/tests/ledger_gen"
top="${ACH_TOP_SRCDIR:-..}"
. "$top/tests/cli_check.sh"

# What must be equal between one pass and a chunked one: everything but the source's name and
# bytes, and the line numbers (each run numbers its own ledger's lines; the findings' messages
# may cite them).
normalize() {
    sed -E 's/"source":"[^"]*",//; s/"bytes":[0-9]+,//; s/"line":[0-9]+,//g;
            s/"message":"([^"\\]|\\.)*"//g' "$1"
}

for seed in 3 11; do
    "$gen" -s "$seed" -n 4000 --per-day 300 --malformed-ppm 5000 -o "$tmp/l.csv"
    "$ach" reconcile --json --max-findings all --events "$tmp/ev.one" "$tmp/l.csv" > "$tmp/one.json"
    check "seed $seed: one pass" [ $? -eq 0 ]
    normalize "$tmp/one.json" > "$tmp/one.norm"
    normalize "$tmp/ev.one" > "$tmp/ev.one.norm"
    for k in 2 3 7; do
        rm -f "$tmp/state" "$tmp"/chunk.* "$tmp"/ev.k.*
        tail -n +2 "$tmp/l.csv" > "$tmp/body"
        split -n "l/$k" -d "$tmp/body" "$tmp/body."
        i=0
        for body in "$tmp"/body.*; do
            { head -n 1 "$tmp/l.csv"; cat "$body"; } > "$tmp/chunk.$i"
            "$ach" reconcile --state "$tmp/state" --json --max-findings all \
                --events "$tmp/ev.k.$i" "$tmp/chunk.$i" > "$tmp/k.json" || break
            i=$((i + 1))
        done
        rm -f "$tmp"/body.* "$tmp/body"
        check "seed $seed, $k chunks: every chunk applied" [ "$i" -eq "$k" ]
        normalize "$tmp/k.json" > "$tmp/k.norm"
        check "seed $seed, $k chunks: the report and findings of one pass" \
            cmp -s "$tmp/one.norm" "$tmp/k.norm"
        cat "$tmp"/ev.k.* > "$tmp/ev.k"
        normalize "$tmp/ev.k" > "$tmp/ev.k.norm"
        check "seed $seed, $k chunks: the events of one pass" cmp -s "$tmp/ev.one.norm" "$tmp/ev.k.norm"
    done
done
check "no temporary state file left" sh -c "! ls '$tmp'/state.* 2> /dev/null | grep -q ."

# --show: one object, its dates, the account number masked
sample="$top/data/samples/ledger.csv"
rm -f "$tmp/s"
"$ach" reconcile --quiet --state "$tmp/s" "$sample" > /dev/null
"$ach" reconcile --state "$tmp/s" --show ch_zoe1 > "$tmp/show"
check "--show prints a charge" has "$tmp/show" "charge ch_zoe1"
check "--show: its status" has "$tmp/show" "succeeded"
check "--show: its resolve-by date (R-CHG-4)" has "$tmp/show" "resolve_by           2025-03-07"
check "--show: its available-on date (R-CHG-5)" has "$tmp/show" "available_on         2025-03-12"
check "--show: its dispute window end (R-DSP-1)" has "$tmp/show" "dispute_window_end   2025-05-02"
"$ach" reconcile --state "$tmp/s" --show account:ba_jane --json > "$tmp/show.json"
check "--show account: the last 4 digits only (R-SEC-1)" has "$tmp/show.json" '"account_number":"****3210"'
check "--show account: never the number" sh -c "! grep -q 9876543210 '$tmp/show.json'"
"$ach" reconcile --state "$tmp/s" --show nothing_here 2> "$tmp/err"
check "--show of an unknown id: exit 1" [ $? -eq 1 ]
"$ach" reconcile --state "$tmp/s" --show ch_zoe1 --calendar "$top/tests/data/calendar/custom.ics" \
    2> "$tmp/err"
check "another calendar: refused, exit 3" [ $? -eq 3 ]
check "another calendar: named" has "$tmp/err" "another calendar"
printf 'not a state' > "$tmp/bad"
"$ach" reconcile --state "$tmp/bad" "$sample" > /dev/null 2> "$tmp/err"
check "a foreign state file: exit 3" [ $? -eq 3 ]
check "a foreign state file: said" has "$tmp/err" "not a libach engine snapshot"
check "a foreign state file is left alone" has "$tmp/bad" "not a state"

# A kill at any point of a run leaves the previous state whole: kill runs at several delays
# and check that the state loads and is either the old one or the new one.
"$gen" -s 5 -n 200000 --per-day 5000 -o "$tmp/big.csv"
cp "$tmp/s" "$tmp/s.old"
"$ach" reconcile --state "$tmp/s" --show ch_zoe1 > "$tmp/before"
for delay in 0.01 0.05 0.1 0.2 0.3 0.5; do
    "$ach" reconcile --quiet --state "$tmp/s" "$tmp/big.csv" > /dev/null 2>&1 &
    pid=$!
    sleep "$delay"
    kill -9 "$pid" 2> /dev/null
    wait "$pid" 2> /dev/null
    "$ach" reconcile --state "$tmp/s" --show ch_zoe1 > "$tmp/after" 2> "$tmp/err"
    check "killed after ${delay}s: the state still loads" [ $? -eq 0 ]
    cp "$tmp/s.old" "$tmp/s"
done

# several ledgers: each, then the total
"$ach" reconcile --json "$top/tests/data/recon/late_return.csv" \
    "$top/tests/data/recon/double_credit.csv" > "$tmp/many.json"
check "several ledgers: exit 0" [ $? -eq 0 ]
check "several ledgers: a list" has "$tmp/many.json" '{"ledgers":[{"schema_version":1,"input":{"source":'
check "several ledgers: a total" has "$tmp/many.json" '"total":{"schema_version":1,"input":{"source":"total","lines":13,'
check "several ledgers: amounts add" has "$tmp/many.json" '"gross":2000,"fees":1916,"net":-2316,'
"$ach" reconcile "$top/tests/data/recon/late_return.csv" \
    "$top/tests/data/recon/double_credit.csv" > "$tmp/many.txt"
check "several ledgers, text: the total" has "$tmp/many.txt" "Reconciliation of the 2 ledgers above together"
"$ach" reconcile --state "$tmp/s" "$sample" "$sample" 2> /dev/null
check "--state with several ledgers: usage error" [ $? -eq 2 ]
finish
