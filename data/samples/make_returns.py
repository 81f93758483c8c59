#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes data/samples/returns.ach, the NACHA return file that the README's main command
reconciles with data/samples/ledger.csv (issue 7). Not run by the build: the file is committed;
run `python3 data/samples/make_returns.py` to regenerate it. Record layouts, controls and
padding come from tests/data/nacha/make_fixtures.py.

The ledger's charges ch_acme1 (120000 cents) and ch_jane1 (5000) carry the trace numbers
021000020000001 and 021000020000002 in their `code` column. A PPD batch of returns, settled
Tuesday 2025-04-01 (Julian day 091):
  record 4   R10 on ch_jane1, which succeeded on 2025-03-07: applied as a late failure (R-CHG-7)
  record 6   R01 on ch_acme1, already returned R01 by the ledger: duplicate_return
  record 8   R01 on trace 021000020000099, which no charge carried: unmatched_return
and a COR batch, settled the same day:
  record 12  NOC C02 (incorrect routing number) on ch_acme1's debit: apply by 2025-04-09, the
             6th banking day after 2025-04-01 (R-RET-4)
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "data", "nacha"))
from make_fixtures import Batch, Entry, File  # noqa: E402

RDFI = "11000000"  # the bank that returns the debits


def ret(seq, amount, code, original):
    return Entry(26, "021000021", "000000001234", amount, "cus_sample", "SAMPLE", 110000000000000 + seq,
                 addenda=[("99", code, original, "", RDFI, "")])


def main():
    f = File([
        Batch(225, "LIBACH SAMPLE", "1234567890", "PPD", "DEBITS", "250401", RDFI, 1, [
            ret(1, 5000, "R10", 21000020000002),
            ret(2, 120000, "R01", 21000020000001),
            ret(3, 700, "R01", 21000020000099),
        ], settlement="091"),
        Batch(225, "LIBACH SAMPLE", "1234567890", "COR", "DEBITS", "250401", RDFI, 2, [
            Entry(26, "021000021", "000000001234", 0, "cus_sample", "SAMPLE", 110000000000004,
                  addenda=[("98", "C02", 21000020000001, RDFI, "026009593")]),
        ], settlement="091"),
    ], dest=" 021000021", origin=" 110000000", date="250401", time="0800",
        dest_name="SAMPLE ODFI", origin_name="SAMPLE RDFI")
    lines = f.finish(f.body())
    with open(os.path.join(HERE, "returns.ach"), "wb") as out:
        out.write(("\n".join(lines) + "\n").encode("ascii"))


if __name__ == "__main__":
    main()
