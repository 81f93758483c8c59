#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# One entry point for a fresh Debian machine: installs what is missing (apt packages included),
# builds out of tree, then does the job asked for.
#   ./build.sh run     build, then reconcile the bundled sample ledger (the main job)
#   ./build.sh test    build with -Werror, then run the whole test suite (exit non-zero on failure)
#   ./build.sh bench   build, then run the benchmarks (figures on stdout)
#   ./build.sh build-only   build the library, tool and test programs without running tests
# Environment: BUILD_DIR (default build), CONFIGURE_FLAGS (extra ./configure flags).
set -euo pipefail
cd "$(dirname "$0")"
job=${1:-run}

packages=(build-essential autoconf automake libtool pkg-config libical-dev libutf8proc-dev check)
# tests/json_schemas.sh validates the JSON output with Debian's python3-jsonschema
packages+=(python3-jsonschema)
# the Python package (python/, tests/python.sh): cffi binding, pytest, Dask distributed
packages+=(python3-cffi python3-pytest python3-distributed python3-setuptools python3-pip)

install_missing() {
    local missing=()
    for p in "${packages[@]}" "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "build.sh: installing ${missing[*]}" >&2
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

build() {
    local dir=$1; shift
    if [ ! -x configure ] || [ configure.ac -nt configure ] || [ Makefile.am -nt Makefile.in ]; then
        autoreconf -fi >/dev/null
    fi
    mkdir -p "$dir"
    local flags="$* ${CONFIGURE_FLAGS:-}"
    # Reconfigure when the flags change, so one build directory never mixes builds.
    if [ ! -f "$dir/Makefile" ] || [ "$(cat "$dir/.flags" 2>/dev/null)" != "$flags" ]; then
        (cd "$dir" && eval ../configure -q $flags)
        echo "$flags" > "$dir/.flags"
    fi
    make -C "$dir" -s -j"$(nproc)" all >/dev/null
}

case "$job" in
run)
    install_missing
    dir=${BUILD_DIR:-build}
    build "$dir"
    # The main job: reconcile the bundled sample ledger and its NACHA return file (every line
    # and return entry applied or rejected with its reason, balances as of the last date,
    # return rates, findings, notifications of change with their deadline).
    "$dir/tools/ach" reconcile "$PWD/data/samples/ledger.csv" \
        --returns "$PWD/data/samples/returns.ach"
    status=$?
    # findings are results, not failures (exit 1 would mean --strict); 2/3 are real errors
    [ $status -le 1 ] || exit $status
    ;;
test)
    # python3 and a headless browser for the tests of the HTML report (issue 24)
    install_missing python3 chromium
    dir=${BUILD_DIR:-build}
    build "$dir" --enable-werror
    make -C "$dir" -s -j"$(nproc)" check
    ;;
build-only)
    install_missing
    build "${BUILD_DIR:-build}"
    make -C "${BUILD_DIR:-build}" -s -j"$(nproc)" check TESTS= >/dev/null
    ;;
bench)
    install_missing
    dir=${BUILD_DIR:-build-bench}
    build "$dir"
    make -C "$dir" -s run-bench
    ;;
*)
    echo "usage: ./build.sh run|test|bench" >&2
    exit 2
    ;;
esac
