# SPDX-License-Identifier: Apache-2.0
# The checks of the `ach` CLI test scripts, sourced by them (POSIX sh): a temporary directory
# ($tmp, removed on exit), ok/fail lines, and the failure count that `finish` turns into the
# exit status.
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fails=0

ok() { echo "ok   $1"; }
fail() { echo "FAIL $1"; fails=$((fails + 1)); }

# check NAME COND...   (runs COND; ok when it succeeds)
check() {
    name=$1
    shift
    if "$@"; then ok "$name"; else fail "$name"; fi
}

# has FILE TEXT: the file holds TEXT (fixed string)
has() { grep -qF -- "$2" "$1"; }

# The exit status: 1 when any check failed.
finish() { [ "$fails" -eq 0 ] || { echo "$fails failure(s)"; exit 1; }; }
