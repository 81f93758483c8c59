#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The programs in examples/ (built by `make check` against the public headers and the shared
# library only) run and print the values the rules give.
build=${ACH_TOP_BUILDDIR:-.}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # check WHAT FILE TEXT: FILE holds the line TEXT (fixed string)
    if grep -qxF -- "$3" "$2"; then echo "ok   $1"; else echo "FAIL $1: no line '$3' in:"; cat "$2"; fail=1; fi
}
run() { # run NAME [ARGS]: exit 0 and output in $tmp/NAME
    name=$1; shift
    if ! "$build/examples/$name" "$@" > "$tmp/$name" 2> "$tmp/$name.err"; then
        echo "FAIL examples/$name exits non-zero:"; cat "$tmp/$name.err"; fail=1
    fi
}

# After the 22:00 cutoff on the eve of Thanksgiving 2025: processed Friday 2025-11-28.
run timeline
check "timeline: processing date" "$tmp/timeline" \
    "  processing date  2025-11-28  (22:00 UTC cutoff, business days only: R-CAL-4)"
check "timeline: outcome due" "$tmp/timeline" \
    "  outcome due by   2025-12-04  (processing + 4 business days: R-CHG-4)"
check "timeline: available" "$tmp/timeline" \
    "  available on     2025-12-09  (processing + 7 business days: R-CHG-5)"
check "timeline: refund deadline" "$tmp/timeline" \
    "  refundable until 2026-02-24  (created + 90 days: R-REF-1)"
check "timeline: individual dispute window" "$tmp/timeline" \
    "  dispute window   2026-01-27  (processing + 60 calendar days: R-DSP-1)"
check "timeline: company dispute window" "$tmp/timeline" \
    "  dispute window   2025-12-02  (processing + 2 business days: R-DSP-1)"
run timeline 2025-07-03T21:59:59Z
check "timeline: before the cutoff, the day itself" "$tmp/timeline" \
    "  processing date  2025-07-03  (22:00 UTC cutoff, business days only: R-CAL-4)"
check "timeline: over Independence Day" "$tmp/timeline" \
    "  outcome due by   2025-07-10  (processing + 4 business days: R-CHG-4)"
if "$build/examples/timeline" 2025-13-01T00:00:00Z > /dev/null 2>&1; then
    echo "FAIL timeline accepts month 13"; fail=1
fi

run validate
check "validate: a valid routing number" "$tmp/validate" "routing 021000021    valid"
check "validate: a checksum failure" "$tmp/validate" \
    "routing 021000022    ACH_EROUTING_CHECKSUM: routing number checksum fails: check digit 2 should be 1"
check "validate: prefix 80" "$tmp/validate" \
    "routing 800000080    ACH_EROUTING_TRAVELLER: routing prefix 80 is for traveller's cheques and cannot be used for ACH debits"
check "validate: account, last 4 only" "$tmp/validate" "account ****6789 valid"
check "validate: a dash in an account number" "$tmp/validate" \
    "account (7 characters) ACH_EACCOUNT_DIGIT: account number character 3 is '-', not an ASCII digit"
check "validate: a name transliterated and fitted" "$tmp/validate" \
    'name "Zoë Müller-Lüdenscheidt" -> "ZOE MULLER-LUDENSCHEIDT"; individual field (22): "ZOE MULLER-LUDENSCHEID" (truncated)'
check "validate: an empty name refused" "$tmp/validate" \
    'name "   " refused: name has no letter or digit that can be written in the Nacha character set'
if grep -q 000123456789 "$tmp/validate"; then echo "FAIL validate prints an account number"; fail=1; fi

run reconcile
check "reconcile: an event with its line" "$tmp/reconcile" "  line 5: charge.pending ch_1 5000 cents"
check "reconcile: a failure" "$tmp/reconcile" \
    "  line 9: charge.failed ch_2 120000 cents (insufficient_funds)"
check "reconcile: a rejected line" "$tmp/reconcile" \
    "  line 7: rejected non_usd: currency: currency 'eur' is not accepted: ACH debits are in USD only (R-CHG-2)"
check "reconcile: every line accounted for" "$tmp/reconcile" \
    "  lines 9 = applied 8 + rejected 1 (conserved)"
check "reconcile: amounts" "$tmp/reconcile" "  gross 125000, fees 440, net 2560 cents"
check "reconcile: balance" "$tmp/reconcile" "  balance: pending 0, available 2560 cents"

# The README's example (examples/readme.c is cut out of README.md at build time).
run readme
check "README example: processing date after the cutoff, over Thanksgiving" "$tmp/readme" "2026-11-27"
exit $fail
