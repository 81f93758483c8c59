#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# `ach reconcile --events` and `--threads` (issue 23): the buffered event writer writes the bytes
# the fprintf() writer wrote before (files it made: the sample's events, and checksums of the
# events of generated ledgers), and a run with the reader on its own thread prints the same
# report and events as one on a single thread.
ach="${ACH_TOP_BUILDDIR:-.}/tools/ach"
gen="${ACH_TOP_BUILDDIR:-.}/tests/ledger_gen"
top="${ACH_TOP_SRCDIR:-..}"
. "$top/tests/cli_check.sh"
ach=$(cd "$(dirname "$ach")" && pwd)/$(basename "$ach")

# The sample and its returns file (events of both forms: "line" and "file"/"record"), from the
# source tree so that the returns file's name in the events is as recorded.
(cd "$top" && "$ach" reconcile data/samples/ledger.csv --returns data/samples/returns.ach \
    --events "$tmp/sample.ev" > /dev/null)
check "sample: exit 0" [ $? -eq 0 ]
check "sample: the events are the old writer's, byte for byte" \
    cmp "$tmp/sample.ev" "$top/tests/data/recon/sample_events.jsonl"

# Ids with quotes and backslashes (escaped in the JSON), a long amount.
(cd "$top/tests/data/recon" && "$ach" reconcile events_escapes.csv --threads 2 \
    --events "$tmp/esc.ev" > /dev/null)
check "escapes: the events are the old writer's, byte for byte" \
    cmp "$tmp/esc.ev" "$top/tests/data/recon/events_escapes.jsonl"

# Generated ledgers: the checksum and line count of the old writer's events for each seed.
for want in "3 b16774605861a256fcbc3ac6d5a0658d9dc8c0ac50fab562a6674536e08b7507 3705" \
            "19 7b92f147376e71ef337e7e70ec1b1390c4979200dd81bc49d4456a3219340c90 3689"; do
    set -- $want
    seed=$1
    "$gen" -s "$seed" -n 6000 --per-day 200 --malformed-ppm 3000 -o "$tmp/l.csv"
    for threads in 1 2; do
        "$ach" reconcile --json --max-findings all --threads "$threads" --events "$tmp/ev.$threads" \
            "$tmp/l.csv" > "$tmp/json.$threads"
        check "seed $seed, $threads thread(s): exit 0" [ $? -eq 0 ]
        check "seed $seed, $threads thread(s): $3 events" [ "$(wc -l < "$tmp/ev.$threads")" -eq "$3" ]
        check "seed $seed, $threads thread(s): the old writer's events" \
            [ "$(sha256sum < "$tmp/ev.$threads" | cut -c1-64)" = "$2" ]
    done
    check "seed $seed: the same JSON report with 1 and 2 threads" cmp "$tmp/json.1" "$tmp/json.2"
    "$ach" reconcile --threads 2 - < "$tmp/l.csv" > "$tmp/text.2"
    "$ach" reconcile --threads 1 - < "$tmp/l.csv" > "$tmp/text.1"
    check "seed $seed: the same text report from a pipe with 1 and 2 threads" \
        cmp "$tmp/text.1" "$tmp/text.2"
done

"$ach" reconcile --threads 0 "$top/data/samples/ledger.csv" > /dev/null 2> "$tmp/err"
check "--threads 0: usage error (exit 2)" [ $? -eq 2 ]
check "--threads 0: says why" has "$tmp/err" "--threads '0' is not a number of threads"
"$ach" help reconcile > "$tmp/help"
check "help documents --threads" has "$tmp/help" "--threads N"
finish
