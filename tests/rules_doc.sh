#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# docs/rules.md defines every rule id the code cites: each R-… id found in lib/, include/,
# tools/ or the tests has its own "### R-… —" heading there. Every function docs/rules.md names as living
# place of a rule is declared in a public header, so the page cannot point at a renamed one.
top=${ACH_TOP_SRCDIR:-.}
doc="$top/docs/rules.md"
[ -f "$doc" ] || { echo "FAIL: $doc missing"; exit 1; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
{ grep -rhoE 'R-[A-Z]+-[0-9]+[a-z]?' "$top/lib" "$top/include" "$top/tools"
  grep -rhoE --include='*.[ch]' --include='*.sh' 'R-[A-Z]+-[0-9]+[a-z]?' "$top/tests"; } |
    sort -u > "$tmp/cited"
sed -n 's/^### \(R-[A-Z]*-[0-9]*[a-z]*\) .*/\1/p' "$doc" | sort -u > "$tmp/defined"
fail=0
undefined=$(comm -23 "$tmp/cited" "$tmp/defined")
if [ -n "$undefined" ]; then
    echo "FAIL: cited in the code but not defined in docs/rules.md:" $undefined
    fail=1
fi
for f in $(grep -oE '\bach_[a-z0-9_]+\(\)' "$doc" | tr -d '()' | sort -u); do
    grep -qE "\b$f[[:space:]]*\(" "$top"/include/ach/*.h ||
        { echo "FAIL: docs/rules.md names $f(), which no public header declares"; fail=1; }
done
echo "$(wc -l < "$tmp/cited") rule ids cited in the code, $(wc -l < "$tmp/defined") defined in docs/rules.md"
exit $fail
