#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Every public header compiles on its own, as strict C11 and as C++ (extern "C" guards), with
# no warnings: a header that silently depends on another one's includes fails here.
top=${ACH_TOP_SRCDIR:-.}
build=${ACH_TOP_BUILDDIR:-.}
cc=${CC:-cc}
cxx=${CXX:-c++}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
n=0
for h in "$top"/include/ach.h "$top"/include/ach/*.h "$build"/include/ach/version.h; do
    [ -f "$h" ] || continue
    case "$h" in "$top"/include/ach.h) inc=ach.h ;; *) inc="ach/$(basename "$h")" ;; esac
    printf '#include <%s>\n#include <%s>\nint main(void) { return 0; }\n' "$inc" "$inc" > "$tmp/t.c"
    cp "$tmp/t.c" "$tmp/t.cpp"
    n=$((n + 1))
    if ! $cc -std=c11 -Wall -Wextra -Wpedantic -Werror -I"$top/include" -I"$build/include" \
        -c "$tmp/t.c" -o "$tmp/t.o" 2> "$tmp/err"; then
        echo "FAIL (C11): $inc"; cat "$tmp/err"; fail=1
    fi
    if command -v "$cxx" >/dev/null 2>&1; then
        if ! $cxx -std=c++11 -Wall -Wextra -Werror -I"$top/include" -I"$build/include" \
            -c "$tmp/t.cpp" -o "$tmp/t.o" 2> "$tmp/err"; then
            echo "FAIL (C++): $inc"; cat "$tmp/err"; fail=1
        fi
    fi
done
echo "$n public headers checked as C11 and C++"
exit $fail
