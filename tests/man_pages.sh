#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# man/ach.1 keeps up with the tool: it has a section for every command of tools/ach.c's table
# and names every long option the tools' sources spell out; man/libach.3 names every public
# header, and every function it names is declared (or defined as a macro) in one; both man
# pages format without a groff warning when groff is there.
top=${ACH_TOP_SRCDIR:-.}
man1="$top/man/ach.1"
fail=0
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
sed 's/\\-/-/g' "$man1" > "$tmp/ach.1"
commands=$(sed -n 's/^ *{"\([a-z][a-z-]*\)", ".*/\1/p' "$top/tools/ach.c")
[ -n "$commands" ] || { echo "FAIL: no command found in tools/ach.c"; exit 1; }
for c in $commands; do
    grep -qx "\.SS ach $c" "$tmp/ach.1" || { echo "FAIL: man/ach.1 has no section for 'ach $c'"; fail=1; }
done
options=$(grep -ohE '"[^"]*' "$top"/tools/*.c | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u)
for o in $options; do
    grep -qe "$o" "$tmp/ach.1" || { echo "FAIL: man/ach.1 does not describe $o"; fail=1; }
done
for code in 0 1 2 3; do
    sed -n '/^\.SH EXIT STATUS/,/^\.SH /p' "$tmp/ach.1" | grep -qx "\.B $code" ||
        { echo "FAIL: man/ach.1 does not explain exit status $code"; fail=1; }
done
man3="$top/man/libach.3"
for h in "$top"/include/ach/*.h "$top"/include/ach/*.h.in; do
    [ -e "$h" ] || continue
    name=ach/$(basename "$h" .in)
    grep -qF "$name" "$man3" || { echo "FAIL: man/libach.3 does not name $name"; fail=1; }
done
functions=$(grep -oE '\bach_[a-z0-9_]+ \(\)' "$man3" | sed 's/ ()//' | sort -u)
for f in $functions; do
    grep -qE "\b$f[[:space:]]*\(" "$top"/include/ach/*.h "$top"/include/ach/*.h.in ||
        { echo "FAIL: man/libach.3 names $f(), which no public header declares"; fail=1; }
done
if command -v groff > /dev/null 2>&1; then
    for m in "$man1" "$top/man/libach.3"; do
        out=$(groff -man -ww -z "$m" 2>&1)
        [ -z "$out" ] || { echo "FAIL: groff warns on $m: $out"; fail=1; }
    done
fi
echo "$(echo "$commands" | wc -w) commands and $(echo "$options" | wc -w) options checked in man/ach.1," \
    "$(echo "$functions" | wc -w) functions in man/libach.3"
exit $fail
