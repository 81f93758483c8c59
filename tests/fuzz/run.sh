#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds every libFuzzer harness tests/fuzz/fuzz_<name>.c with clang (ASan + UBSan + libFuzzer)
# against the library sources, then runs each for SECONDS (default 30) on a copy of its seed
# corpus tests/fuzz/corpus/<name>/. Fails on any crash, leak or sanitizer report.
# Usage: tests/fuzz/run.sh [SECONDS] [BUILD_DIR]   (BUILD_DIR: a configured build, for version.h)
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
secs=${1:-30}
build=$(cd "${2:-$top/build}" && pwd)
out="$build/fuzz"
mkdir -p "$out"
cc=${FUZZ_CC:-clang}
flags=(-g -O1 -std=c11 -D_DEFAULT_SOURCE -DACH_BUILDING -fsanitize=fuzzer,address,undefined
       -fno-sanitize-recover=undefined -I"$top/include" -I"$build/include" -I"$top/lib")
deps=$(pkg-config --cflags --libs libical libutf8proc)
[ -f "$build/lib/fed_holidays_data.c" ] || make -C "$build" -s lib/fed_holidays_data.c
srcs=("$top"/lib/*.c "$build/lib/fed_holidays_data.c")
status=0
for h in "$top"/tests/fuzz/fuzz_*.c; do
    name=$(basename "$h" .c); name=${name#fuzz_}
    echo "== fuzz $name: building"
    # more sources: patterns relative to the top on the harness's "fuzz-sources:" lines, less
    # the files on its "fuzz-skip:" lines
    extra=()
    skip=" $(sed -n 's/^.*fuzz-skip: *//p' "$h" | sed 's#[*]/.*##' | tr '\n' ' ') "
    for pattern in $(sed -n 's/^.*fuzz-sources: *//p' "$h" | sed 's#[*]/.*##'); do
        for f in "$top"/$pattern; do
            case $skip in *" ${f#"$top"/} "*) ;; *) extra+=("$f") ;; esac
        done
    done
    # shellcheck disable=SC2086
    "$cc" "${flags[@]}" -I"$top/tools" "$h" "${srcs[@]}" ${extra[@]+"${extra[@]}"} $deps \
        -o "$out/fuzz_$name"
    corpus="$out/corpus-$name"
    rm -rf "$corpus"; mkdir -p "$corpus"
    [ -d "$top/tests/fuzz/corpus/$name" ] && cp "$top/tests/fuzz/corpus/$name"/* "$corpus"/ 2>/dev/null || true
    # a harness may have a dictionary of the tokens it must reach: tests/fuzz/<name>.dict
    dict=()
    [ -f "$top/tests/fuzz/$name.dict" ] && dict=(-dict="$top/tests/fuzz/$name.dict")
    echo "== fuzz $name: running ${secs}s"
    if ! (cd "$out" && ASAN_OPTIONS=detect_leaks=1 "./fuzz_$name" -max_total_time="$secs" \
            -max_len=65536 -rss_limit_mb=2048 -print_final_stats=1 "${dict[@]}" "$corpus" \
            > "$out/fuzz_$name.log" 2>&1); then
        echo "FUZZ FAILURE in $name:"; tail -n 60 "$out/fuzz_$name.log"; status=1
    fi
    grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$out/fuzz_$name.log" |
        sed "s/^/   $name /" || true
done
exit $status
