#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The Python package (python/, issue 22) against the library just built: its pytest suite,
# with LIBACH_LIBRARY pointing the binding at build/.libs/libach.so and the tests comparing
# with build/tools/ach. Debian's interpreter explicitly: the first python3 on PATH may be
# another one without Debian's cffi, pytest and distributed (build.sh installs them).
top=${ACH_TOP_SRCDIR:-.}
build=$(cd "${ACH_TOP_BUILDDIR:-.}" && pwd) || exit 1
py=/usr/bin/python3
lib="$build/.libs/libach.so"
if [ ! -f "$lib" ]; then
    echo "SKIP: no shared library at $lib (configured with --disable-shared?)"
    exit 77
fi
# a sanitizer build's library cannot be loaded into an interpreter built without the runtime
if grep -q -- '-fsanitize' "$build/Makefile"; then
    echo "SKIP: sanitizer build: $lib cannot be loaded by $py"
    exit 77
fi
for m in cffi pytest; do
    if ! "$py" -c "import $m" 2>/dev/null; then
        echo "SKIP: $py has no $m module (Debian package python3-$m; build.sh installs it)"
        exit 77
    fi
done
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
# The tests run against the package as `pip install ./python` installs it, offline (no index,
# no build isolation: Debian's setuptools builds it), from a copy so that the source tree
# stays untouched. Without pip they run against the source tree.
cp -R "$top/python" "$tmp/src" && chmod -R u+w "$tmp/src" || exit 1
if "$py" -m pip --version >/dev/null 2>&1; then
    "$py" -m pip install -q --no-index --no-build-isolation --no-deps --no-compile \
        --target "$tmp/site" "$tmp/src" >"$tmp/pip.log" 2>&1 || { cat "$tmp/pip.log"; exit 1; }
    test -f "$tmp/site/libach/py.typed" || { echo "py.typed was not installed"; exit 1; }
    export PYTHONPATH="$tmp/site" LIBACH_TEST_INSTALLED=1
else
    echo "note: $py has no pip (python3-pip): testing the source tree"
fi
# from a directory of its own: a test that writes to a relative path (the hostile values given
# to save()) leaves nothing in the build tree (make distcheck checks it stays clean)
mkdir "$tmp/cwd" && cd "$tmp/cwd" || exit 1
LIBACH_LAYOUT="$build/tests/python_layout" LIBACH_LIBRARY="$lib" PYTHONDONTWRITEBYTECODE=1 \
    "$py" -m pytest -q -p no:cacheprovider "$tmp/src/tests"
