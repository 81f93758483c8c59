#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The Python package (python/, issue 22) against the library just built: its pytest suite,
# with LIBACH_LIBRARY pointing the binding at build/.libs/libach.so and the tests comparing
# with build/tools/ach. Debian's interpreter explicitly: the first python3 on PATH may be
# another one without Debian's cffi, pytest and distributed (build.sh installs them).
top=${ACH_TOP_SRCDIR:-.}
build=${ACH_TOP_BUILDDIR:-.}
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
LIBACH_LIBRARY="$lib" PYTHONDONTWRITEBYTECODE=1 \
    exec "$py" -m pytest -q -p no:cacheprovider "$top/python/tests"
