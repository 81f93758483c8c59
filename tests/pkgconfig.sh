#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# libach.pc (issue 20): users' compile flags carry nothing from the private dependencies (no
# -DUTF8PROC_EXPORTS), a static link gets libical and utf8proc, and the build made both the
# shared and the static library.
build=${ACH_TOP_BUILDDIR:-.}
command -v pkg-config >/dev/null 2>&1 || { echo "pkg-config not installed: skipped"; exit 77; }
fail=0
cflags=$(PKG_CONFIG_PATH="$build" pkg-config --cflags libach) || { echo "pkg-config --cflags libach failed"; exit 1; }
case "$cflags" in
*UTF8PROC_EXPORTS*|*ical*) echo "FAIL: --cflags leaks a private dependency's flags: $cflags"; fail=1 ;;
*) echo "ok: --cflags: $cflags" ;;
esac
libs=$(PKG_CONFIG_PATH="$build" pkg-config --libs libach)
case "$libs" in
*-lach*) case "$libs" in *-lical*|*-lutf8proc*) echo "FAIL: --libs names private libraries: $libs"; fail=1 ;;
         *) echo "ok: --libs: $libs" ;; esac ;;
*) echo "FAIL: --libs lacks -lach: $libs"; fail=1 ;;
esac
static=$(PKG_CONFIG_PATH="$build" pkg-config --libs --static libach)
for l in -lach -lical -lutf8proc; do
    case " $static " in *" $l "*) ;; *) echo "FAIL: --libs --static lacks $l: $static"; fail=1 ;; esac
done
[ $fail -eq 0 ] && echo "ok: --libs --static: $static"
for f in "$build/.libs/libach.so" "$build/.libs/libach.a"; do
    [ -f "$f" ] || { echo "FAIL: $f was not built"; fail=1; }
done
exit $fail
