#!/bin/sh
# Only ach_ symbols may be exported by the shared library (ACH_EXTERN + -fvisibility=hidden).
so="${ACH_TOP_BUILDDIR:-.}/.libs/libach.so"
[ -f "$so" ] || { echo "missing $so"; exit 1; }
syms=$(nm -D --defined-only "$so" | awk '$2 ~ /^[TDBR]$/ {print $3}')
[ -n "$syms" ] || { echo "no exported symbols"; exit 1; }
bad=$(printf '%s\n' "$syms" | grep -v '^ach_' || true)
if [ -n "$bad" ]; then
    echo "symbols exported without the ach_ prefix:"; printf '%s\n' "$bad"; exit 1
fi
printf '%s\n' "$syms" | grep -q '^ach__' && { echo "internal ach__ symbols exported"; exit 1; }
echo "exports ok: $(printf '%s\n' "$syms" | wc -l) ach_ symbols"
