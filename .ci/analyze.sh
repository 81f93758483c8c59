#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Static analysis of lib/ and tools/ with the checked-in configurations: .ci/cppcheck.supp and
# .clang-tidy. Prints every finding and exits 1 when there is any (0 when clean, 2 when the tool
# is missing or timed out). Needs a configured build for include/ach/version.h.
# Usage: .ci/analyze.sh cppcheck|clang-tidy [BUILD_DIR]
set -uo pipefail
cd "$(dirname "$0")/.."
tool=${1:-}
build=${2:-build}
log=$(mktemp) || exit 2
trap 'rm -f "$log"' EXIT
[ -f "$build/include/ach/version.h" ] || { echo "analyze: no $build/include/ach/version.h (build first)"; exit 2; }

case "$tool" in
cppcheck)
    command -v cppcheck >/dev/null 2>&1 || { echo "analyze: cppcheck is not installed"; exit 2; }
    timeout 600 cppcheck -q --std=c11 --enable=warning,portability,performance --inline-suppr \
        --suppressions-list=.ci/cppcheck.supp -I include -I "$build/include" -I lib \
        --error-exitcode=1 lib tools > "$log" 2>&1
    rc=$?
    ;;
clang-tidy)
    command -v clang-tidy >/dev/null 2>&1 || { echo "analyze: clang-tidy is not installed"; exit 2; }
    # One file per clang-tidy process (two at a time): in one process clang-tidy 14 carries the
    # analyzer's va_list state from one file to the next and reports "uninitialized va_list" at
    # every vsnprintf that follows a va_start. Each file is bounded to 300 s, the whole to 900 s.
    flags="-std=c11 -D_DEFAULT_SOURCE -DACH_BUILDING -Iinclude -I$build/include -Ilib $(pkg-config --cflags libical libutf8proc)"
    # shellcheck disable=SC2016
    printf '%s\n' lib/*.c tools/*.c | timeout 900 xargs -P 2 -I{} \
        sh -c 'timeout 300 clang-tidy -quiet "$1" -- $2 2>/dev/null || echo "$1: error: clang-tidy exit $?"' \
        sh {} "$flags" > "$log"
    rc=$?
    # clang-tidy exits 0 with warnings: findings are the warning/error lines.
    [ $rc -eq 0 ] && grep -qE ': (warning|error):' "$log" && rc=1
    ;;
*)
    echo "usage: .ci/analyze.sh cppcheck|clang-tidy [BUILD_DIR]" >&2
    exit 2
    ;;
esac

findings=$(grep -cE ': (warning|error|style|portability|performance|information):' "$log")
if [ $rc -eq 0 ]; then
    echo "$tool: clean (0 findings)"
elif [ $rc -eq 124 ] || [ $rc -eq 125 ]; then
    cat "$log"; echo "$tool: timed out"; exit 2
else
    cat "$log"; echo "$tool: $findings finding(s)"; exit 1
fi
