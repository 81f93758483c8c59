#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes the NACHA return files that tests/cli_reconcile_returns.sh reconciles against
nacha_returns.csv (issue 7). Not run by the build: the files are committed; run this to
regenerate them (`python3 make_returns.py` in this directory). The record layouts, controls and
padding come from ../nacha/make_fixtures.py.

nacha_returns.csv: account ba_1 (test routing 110000000), charges ch_1..ch_5 of 1000, 2500, 3000,
4000 and 5000 cents created Monday 2025-03-03 with trace numbers 091000010000001..5 in their
`code` column (ODFI 09100001), ch_6 (6000) without one; ch_5 and ch_6 succeed on 2025-03-07.
The returning bank is the customer's (11000000); its traces start with 11000000.

Record numbers (the findings' positions) are given next to each addenda below.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "nacha"))
from make_fixtures import Batch, Entry, File  # noqa: E402

RDFI = "11000000"        # the customer's bank, which sends the returns
ACCOUNT = "000123456789"  # the customer's account: never printed (R-SEC-1)


def write(name, lines):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(("\n".join(lines) + "\n").encode("ascii"))


def trace(n):
    """Trace number n of the original debits (ODFI 09100001)."""
    return 91000010000000 + n


def ret(seq, amount, code, original):
    return Entry(26, "091000019", ACCOUNT, amount, "cus_1", "ANN LEE", 110000000000000 + seq,
                 addenda=[("99", code, original, "", RDFI, "")])


def returns_file(batches, date):
    return File(batches, dest=" 091000019", origin=" 110000000", date=date, time="0800",
                dest_name="WELLS FARGO BANK", origin_name="TEST BANK")


def main():
    files = {}
    # Settled Wednesday 2025-03-05 (Julian day 064): 2 banking days after 03-03, on time.
    files["returns-1.ach"] = returns_file([
        Batch(225, "ACME GYM", "1234567890", "PPD", "MEMBERSHIP", "250305", RDFI, 1, [
            ret(101, 1000, "R01", trace(1)),    # record 4: ch_1 fails (R-CHG-6)
            ret(102, 9999, "R03", trace(2)),    # record 6: amount_mismatch (ch_2 is 2500)
            ret(103, 500, "R01", trace(99)),    # record 8: unmatched_return
            ret(104, 1000, "R01", trace(1)),    # record 10: duplicate_return (same file)
        ], settlement="064"),
    ], "250305")
    # Settled Thursday 2025-03-20 (day 079).
    files["returns-2.ach"] = returns_file([
        Batch(225, "ACME GYM", "1234567890", "PPD", "MEMBERSHIP", "250320", RDFI, 1, [
            ret(201, 1000, "R01", trace(1)),    # record 4: duplicate_return (across files)
            ret(202, 4000, "R02", trace(4)),    # record 6: late (due 03-05), ch_4 fails
            ret(203, 5000, "R10", trace(5)),    # record 8: 60 days, on time; ch_5 had
                                                # succeeded: late failure (R-CHG-7)
        ], settlement="079"),
        # record 12: NOC C01 on ch_2's debit, corrected account 000555666777: apply by
        # 2025-03-28, the 6th banking day after 03-20 (R-RET-4)
        Batch(225, "ACME GYM", "1234567890", "COR", "MEMBERSHIP", "250320", RDFI, 2, [
            Entry(26, "091000019", ACCOUNT, 0, "cus_1", "ANN LEE", 110000000000301,
                  addenda=[("98", "C01", trace(2), RDFI, "000555666777")]),
        ], settlement="079"),
    ], "250320")
    # R48 is not an assigned return reason: a NACHA finding (return-code, record 4 column 4),
    # and the engine applies it as could_not_process with an unknown_return_code flag.
    files["returns-bad.ach"] = returns_file([
        Batch(225, "ACME GYM", "1234567890", "PPD", "MEMBERSHIP", "250305", RDFI, 1, [
            ret(401, 3000, "R48", trace(3)),    # record 4
        ], settlement="064"),
    ], "250305")
    for name, f in files.items():
        write(name, f.finish(f.body()))


if __name__ == "__main__":
    main()
