#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The shared library exports exactly the ach_ symbols listed in tests/exports.expected: nothing
# internal leaks (ach__, libical, utf8proc), and no public symbol disappears unnoticed (ABI).
# After adding a public function on purpose, regenerate the list:
#     make update-exports
top=${ACH_TOP_SRCDIR:-.}
so="${ACH_TOP_BUILDDIR:-.}/.libs/libach.so"
[ -f "$so" ] || { echo "missing $so"; exit 1; }
# A --enable-coverage build links gcov's runtime, which exports its own symbols: not ours.
# nm shows a symbol's version node after @@ (lib/libach.map): every ach_ symbol must have one
# when the library was linked with the version script.
raw=$(nm -D --defined-only "$so" | awk '$2 ~ /^[TDBR]$/ {print $3}' |
      grep -v -E '^(__gcov_|mangle_path)(@|$)')
if printf '%s\n' "$raw" | grep -q '@@'; then
    unversioned=$(printf '%s\n' "$raw" | grep -v -E '@@LIBACH_[0-9.]+$|^LIBACH_' || true)
    if [ -n "$unversioned" ]; then
        echo "symbols without a LIBACH_ version node:"; printf '%s\n' "$unversioned"; exit 1
    fi
fi
syms=$(printf '%s\n' "$raw" | sed 's/@.*//' | grep -v '^LIBACH_' | LC_ALL=C sort)
[ -n "$syms" ] || { echo "no exported symbols"; exit 1; }
bad=$(printf '%s\n' "$syms" | grep -v '^ach_[a-z0-9]' || true)
if [ -n "$bad" ]; then
    echo "symbols exported that are not public ach_ API:"; printf '%s\n' "$bad"; exit 1
fi
expected="$top/tests/exports.expected"
if ! printf '%s\n' "$syms" | diff -u "$expected" - ; then
    echo "exported symbols differ from tests/exports.expected (+ new, - missing)"; exit 1
fi
echo "exports ok: $(printf '%s\n' "$syms" | wc -l) ach_ symbols, as expected"
