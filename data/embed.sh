#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Usage: embed.sh SYMBOL FILE > out.c
# Writes FILE's bytes as a C string constant SYMBOL plus SYMBOL_len (its length in bytes),
# escaping backslashes and quotes, one source line per input line.
sym=$1
file=$2
printf '/* Generated from %s by data/embed.sh. Do not edit. */\n' "$(basename "$file")"
printf '#include <stddef.h>\n'
printf 'extern const char %s[];\nextern const size_t %s_len;\n' "$sym" "$sym"
printf 'const char %s[] =\n' "$sym"
sed -e 's/\r$//' -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/    "/' -e 's/$/\\n"/' "$file"
printf ';\nconst size_t %s_len = sizeof %s - 1;\n' "$sym" "$sym"
