#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# `ach reconcile --events` against the same run without it (issue 23; goal: within 1.5x), on one
# thread and on two, over a generated ledger (seed 42). Prints the best wall and CPU time (user
# + system) of RUNS runs of each, and the ratios. Prints figures; asserts nothing.
#   bench/bench_events.sh [BUILD_DIR] [EVENTS]   (defaults: build, 1000000)
build=${1:-build}
events=${2:-1000000}
runs=${RUNS:-3}
ach="$build/tools/ach"
gen="$build/tests/ledger_gen"
[ -x /usr/bin/time ] || { echo "bench_events.sh needs GNU time: apt-get install time" >&2; exit 1; }
[ -x "$gen" ] || make -C "$build" -s tests/ledger_gen > /dev/null || exit 1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
"$gen" -n "$events" -s 42 -o "$tmp/l.csv" || exit 1
echo "ledger: $events events, $(($(wc -c < "$tmp/l.csv") / 1000000)) MB; best of $runs runs"

# best wall and CPU seconds of `runs` runs of the command
best() {
    bw=999999; bc=999999
    i=0
    while [ $i -lt "$runs" ]; do
        /usr/bin/time -f "%e %U %S" -o "$tmp/t" "$@" > /dev/null 2>&1
        set -- "$@"
        w=$(awk '{print $1}' "$tmp/t"); c=$(awk '{print $2 + $3}' "$tmp/t")
        bw=$(awk -v a="$bw" -v b="$w" 'BEGIN { print (b < a) ? b : a }')
        bc=$(awk -v a="$bc" -v b="$c" 'BEGIN { print (b < a) ? b : a }')
        i=$((i + 1))
    done
    echo "$bw $bc"
}

for threads in 1 2; do
    set -- $(best "$ach" reconcile --quiet --threads "$threads" "$tmp/l.csv")
    w0=$1; c0=$2
    set -- $(best "$ach" reconcile --quiet --threads "$threads" --events "$tmp/ev" "$tmp/l.csv")
    w1=$1; c1=$2
    awk -v t="$threads" -v w0="$w0" -v c0="$c0" -v w1="$w1" -v c1="$c1" -v n="$(wc -l < "$tmp/ev")" \
        'BEGIN { printf "%d thread(s): without --events %.2f s (CPU %.2f s); with %.2f s (CPU %.2f s), %d events: %.2fx wall, %.2fx CPU\n", t, w0, c0, w1, c1, n, w1 / w0, c1 / c0 }'
done
