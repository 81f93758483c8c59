#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The validator subcommands of the CLI (issue 3): output lines, JSON and exit codes.
ach="${ACH_TOP_BUILDDIR:-.}/tools/ach"
fails=0
tab=$(printf '\t')

# expect NAME WANT_EXIT WANT_STDOUT -- CMD...   (stdout compared exactly)
expect() {
    name=$1 want_rc=$2 want_out=$3
    shift 4
    out=$("$@" 2>/dev/null)
    rc=$?
    if [ "$rc" -ne "$want_rc" ] || [ "$out" != "$want_out" ]; then
        echo "FAIL $name: exit $rc (want $want_rc)"
        echo "  got:  $out"
        echo "  want: $want_out"
        fails=$((fails + 1))
    else
        echo "ok   $name"
    fi
}

expect "routing valid (R-ACC-2)" 0 "021000021${tab}valid" -- "$ach" routing check 021000021
expect "routing checksum names the right digit" 1 \
    "021000022${tab}invalid${tab}ACH_EROUTING_CHECKSUM${tab}routing number checksum fails: check digit 2 should be 1" \
    -- "$ach" routing check 021000022
expect "routing several, one bad" 1 "$(printf '026009593\tvalid\n800000006\tinvalid\tACH_EROUTING_TRAVELLER\trouting prefix 80 is for traveller'"'"'s cheques and cannot be used for ACH debits')" \
    -- "$ach" routing check 026009593 800000006
expect "routing --stdin bulk, CRLF and blank lines" 1 \
    "$(printf '011000015\tvalid\n110000000\tvalid\n0210\\x09\tinvalid\tACH_EROUTING_DIGIT\trouting number character 5 is byte 0x09, not an ASCII digit')" \
    -- sh -c "printf '011000015\r\n\n110000000\n0210\t' | '$ach' routing check --stdin"
expect "routing usage" 2 "" -- "$ach" routing check
expect "routing unknown verb" 2 "" -- "$ach" routing verify 021000021

expect "name individual (R-ACC-3)" 0 "JOSE MULLER" -- "$ach" name normalize "José Müller"
expect "name truncated at 22" 0 "MAXIMILIAN ALEXANDER F" -- "$ach" name normalize "Maximilian Alexander Featherstonehaugh"
expect "name company at 22 (R-ACC-3)" 0 "INTERNATIONAL BUSINESS" -- "$ach" name normalize --company "International Business Machines"
expect "name originator at 16 (R-ACC-3)" 0 "INTERNATIONAL BU" -- "$ach" name normalize --originator "International Business Machines"
expect "name originator json" 0 '{"name":"ACME CORPORATION","normalized":"ACME CORPORATION HOLDINGS","truncated":true,"holder_type":"originator","error":null}' \
    -- "$ach" name normalize --originator --json "Acme Corporation Holdings"
expect "name company and originator" 2 "" -- "$ach" name normalize --company --originator "Acme"
expect "name refused" 1 "" -- "$ach" name normalize "山田太郎"
expect "name json" 0 '{"name":"SOREN ORSTED","normalized":"SOREN ORSTED","truncated":false,"holder_type":"individual","error":null}' \
    -- "$ach" name normalize --json "Søren Ørsted"
expect "name json refused" 1 '{"name":null,"normalized":null,"truncated":false,"holder_type":"company","error":{"code":"ACH_ENAME_SCRIPT","column":5,"message":"U+1F600 at byte offset 4 cannot be written in the Nacha character set"}}' \
    -- "$ach" name normalize --company --json "Bob $(printf '\360\237\230\200')"
expect "name usage" 2 "" -- "$ach" name normalize
note=$("$ach" name normalize --originator "Acme Corporation Holdings" 2>&1 >/dev/null)
case $note in
*"truncated to 16 characters (full form: ACME CORPORATION HOLDINGS)"*) echo "ok   name truncation note" ;;
*) echo "FAIL name truncation note: $note"; fails=$((fails + 1)) ;;
esac

expect "account test NSF (R-ACC-6)" 0 "$(printf 'routing\tvalid\naccount\tvalid\ntest_mode\tinsufficient_funds\tR01')" \
    -- "$ach" account check 110000000 000222222227
expect "account test invalid currency" 0 "$(printf 'routing\tvalid\naccount\tvalid\ntest_mode\tinvalid_currency\trefused before any debit')" \
    -- "$ach" account check 110000000 000444444440
expect "account live" 0 "$(printf 'routing\tvalid\naccount\tvalid')" -- "$ach" account check 021000021 123456789
expect "account bad (R-SEC-1: number not echoed)" 1 \
    "$(printf 'routing\tvalid\naccount\tinvalid\tACH_EACCOUNT_DIGIT\taccount number character 5 is '"'"'-'"'"', not an ASCII digit')" \
    -- "$ach" account check 021000021 1234-5678
expect "account json" 0 '{"routing":{"valid":true},"account_number":{"valid":true},"test_mode":{"outcome":"no_account","return_code":"R03","refuses_currency":false}}' \
    -- "$ach" account check --json 110000000 000111111116
expect "account usage" 2 "" -- "$ach" account check 021000021

[ "$fails" -eq 0 ] || { echo "$fails failed"; exit 1; }
echo "all CLI checks passed"
