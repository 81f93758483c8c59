#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The HTML report in a real browser (issue 24): headless Chromium loads the sample's page and a
# page of hostile ledger values, without console errors or policy violations, with every SVG
# data point, sortable tables, and a screenshot (how: tests/browser_report.py).
# `./build.sh test` installs Chromium (Debian package chromium). Without it the test is skipped
# (exit 77) on a developer's machine, and FAILS under CI=true: the browser test never silently
# skips in CI. CHROMIUM names another binary.
ach="${ACH_TOP_BUILDDIR:-.}/tools/ach"
top="${ACH_TOP_SRCDIR:-..}"
. "$top/tests/cli_check.sh"

exe=${CHROMIUM:-}
[ -n "$exe" ] || exe=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$exe" ] || ! command -v python3 > /dev/null 2>&1; then
    if [ "${CI:-}" = true ]; then
        echo "FAIL chromium or python3 missing under CI=true (./build.sh test installs both)"
        exit 1
    fi
    echo "SKIP chromium or python3 missing (./build.sh test installs both)"
    exit 77
fi

returns="$top/data/samples/returns.ach"
"$ach" reconcile "$top/data/samples/ledger.csv" --returns "$returns" --html "$tmp/sample.html" \
    --json > "$tmp/sample.json"
check "the sample's page written" [ -s "$tmp/sample.html" ]
mkdir "$tmp/s"
python3 "$top/tests/browser_report.py" "$exe" "$tmp/s" "$tmp/sample.html" "$tmp/sample.json" \
    "${ACH_REPORT_SCREENSHOT:-$tmp/s/shot.png}" || fail "the sample's page in Chromium"

"$ach" reconcile "$top/tests/data/recon/html_escape.csv" --html "$tmp/hostile.html" \
    --json > "$tmp/hostile.json"
mkdir "$tmp/h"
python3 "$top/tests/browser_report.py" "$exe" "$tmp/h" "$tmp/hostile.html" "$tmp/hostile.json" - ||
    fail "the hostile page in Chromium: nothing runs but the page's own script"
finish
