#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes the NACHA test fixtures of tests/check_nacha.c from the record layouts of the Nacha
Operating Rules (Appendix Three). Not run by the build: the fixtures are committed; run this to
regenerate them after changing it (`python3 make_fixtures.py` in this directory).

Valid files are built from a model (file, batches, entries, addenda); the controls (counts, entry
hash, totals, batch count, block count, padding) are computed from the model. Each invalid file is
a valid one with exactly one defect, so that it raises exactly one finding: a mutation of a field
leaves the controls as the model computed them.

Routing numbers are real published ones with their check digits (asserted below):
091000019 Wells Fargo (MN), 021000021 JPMorgan Chase (NY), 121000248 Wells Fargo (CA),
322271627 JPMorgan Chase (CA), 026009593 Bank of America (NY), 011000015 Federal Reserve Bank of
Boston.
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def check_digit(eight):
    w = [3, 7, 1, 3, 7, 1, 3, 7]
    return (10 - sum(int(d) * k for d, k in zip(eight, w)) % 10) % 10


for rt in ["091000019", "021000021", "121000248", "322271627", "026009593", "011000015"]:
    assert check_digit(rt[:8]) == int(rt[8]), rt


def fit(s, n, right=False, fill=" "):
    s = str(s)
    assert len(s) <= n, (s, n)
    return s.rjust(n, fill) if right else s.ljust(n, fill)


def num(v, n):
    return fit(str(v), n, right=True, fill="0")


def rec(s):
    assert len(s) == 94, (len(s), s)
    return s


class Entry:
    def __init__(self, tc, rdfi9, account, amount, ident, name, trace, disc="  ", addenda=()):
        self.tc, self.rdfi9, self.account, self.amount = tc, rdfi9, account, amount
        self.ident, self.name, self.trace, self.disc = ident, name, trace, disc
        self.addenda = list(addenda)  # ("05", info) | ("98", code, orig_trace, orig_rdfi8, data)
        self.indicator = None         # | ("99", code, orig_trace, dod, orig_rdfi8, info)

    def lines(self):
        ind = self.indicator if self.indicator is not None else ("1" if self.addenda else "0")
        out = [rec("6" + num(self.tc, 2) + self.rdfi9 + fit(self.account, 17) + num(self.amount, 10)
                   + fit(self.ident, 15) + fit(self.name, 22) + fit(self.disc, 2) + ind
                   + num(self.trace, 15))]
        seq = 0
        for a in self.addenda:
            seq += 1
            if a[0] == "05":
                out.append(rec("705" + fit(a[1], 80) + num(seq, 4) + num(self.trace % 10**7, 7)))
            elif a[0] == "98":
                _, code, orig, ordfi, data = a
                out.append(rec("798" + code + num(orig, 15) + " " * 6 + ordfi + fit(data, 29)
                               + " " * 15 + num(self.trace, 15)))
            elif a[0] == "02T":  # terminal location
                _, ref1, ref2, term, serial, mmdd, auth, loc, city, state = a
                out.append(rec("702" + fit(ref1, 7) + fit(ref2, 3) + fit(term, 6) + fit(serial, 6)
                               + mmdd + fit(auth, 6) + fit(loc, 27) + fit(city, 15) + state
                               + num(self.trace, 15)))
            elif a[0] == "98R":  # refused NOC: the refused NOC's change code and trace sequence
                _, code, orig, ordfi, data, change, seq7 = a
                out.append(rec("798" + code + num(orig, 15) + " " * 6 + ordfi + fit(data, 29)
                               + change + num(seq7, 7) + " " * 5 + num(self.trace, 15)))
            elif a[0] == "99":
                _, code, orig, dod, ordfi, info = a
                out.append(rec("799" + code + num(orig, 15) + fit(dod, 6) + ordfi + fit(info, 44)
                               + num(self.trace, 15)))
            else:  # a raw addenda type, for the invalid files
                out.append(rec("7" + a[0] + fit(a[1], 80) + num(seq, 4)
                               + num(self.trace % 10**7, 7)))
        return out

    def debit(self):
        return self.tc % 10 >= 5


class Batch:
    def __init__(self, sc, company, company_id, sec, desc, effective, odfi8, number, entries,
                 settlement="   ", discretionary="", desc_date=""):
        self.sc, self.company, self.company_id, self.sec = sc, company, company_id, sec
        self.desc, self.effective, self.odfi8, self.number = desc, effective, odfi8, number
        self.entries, self.settlement = entries, settlement
        self.discretionary, self.desc_date = discretionary, desc_date

    def header(self):
        return rec("5" + num(self.sc, 3) + fit(self.company, 16) + fit(self.discretionary, 20)
                   + fit(self.company_id, 10) + self.sec + fit(self.desc, 10)
                   + fit(self.desc_date, 6) + self.effective + self.settlement + "1" + self.odfi8
                   + num(self.number, 7))

    def count(self):
        return sum(1 + len(e.addenda) for e in self.entries)

    def hash(self):
        return sum(int(e.rdfi9[:8]) for e in self.entries)

    def debit(self):
        return sum(e.amount for e in self.entries if e.debit())

    def credit(self):
        return sum(e.amount for e in self.entries if not e.debit())

    def control(self):
        return rec("8" + num(self.sc, 3) + num(self.count(), 6) + num(self.hash() % 10**10, 10)
                   + num(self.debit(), 12) + num(self.credit(), 12) + fit(self.company_id, 10)
                   + " " * 19 + " " * 6 + self.odfi8 + num(self.number, 7))


class File:
    def __init__(self, batches, dest=" 091000019", origin="1234567890", date="261123",
                 time="1015", dest_name="WELLS FARGO BANK", origin_name="ACME GYM LLC"):
        self.batches, self.dest, self.origin, self.date, self.time = batches, dest, origin, date, time
        self.dest_name, self.origin_name = dest_name, origin_name

    def header(self):
        return rec("101" + self.dest + self.origin + self.date + self.time + "A094101"
                   + fit(self.dest_name, 23) + fit(self.origin_name, 23) + " " * 8)

    def body(self):
        out = [self.header()]
        for b in self.batches:
            out.append(b.header())
            for e in b.entries:
                out.extend(e.lines())
            out.append(b.control())
        return out

    def finish(self, body):
        """The file control and the padding for `body` (which may have been mutated)."""
        n = len(body) + 1
        blocks = (n + 9) // 10
        count = sum(b.count() for b in self.batches)
        ehash = sum(b.hash() for b in self.batches) % 10**10
        ctrl = rec("9" + num(len(self.batches), 6) + num(blocks, 6) + num(count, 8)
                   + num(ehash, 10) + num(sum(b.debit() for b in self.batches), 12)
                   + num(sum(b.credit() for b in self.batches), 12) + " " * 39)
        return body + [ctrl] + ["9" * 94] * ((10 - n % 10) % 10)


def write(name, lines, eol="\n", final=True):
    data = eol.join(lines) + (eol if final else "")
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data.encode("latin-1"))


def put(line, col, text):
    """`line` with `text` written from 1-based column `col`."""
    return line[:col - 1] + text + line[col - 1 + len(text):]


# ---- the valid files -------------------------------------------------------------------------

ODFI = "09100001"


def ppd_entries():
    return [
        Entry(27, "021000021", "000123456789", 12500, "CUST-0001", "JANE DOE", 91000010000001,
              addenda=[("05", "MEMBERSHIP NOVEMBER 2026")]),
        Entry(37, "121000248", "4455667788", 4999, "CUST-0002", "JOSE MULLER", 91000010000002),
        Entry(28, "322271627", "99887766554433", 0, "CUST-0003", "SOREN ORSTED", 91000010000003),
    ]


def ppd_file(entries=None, **kw):
    b = Batch(225, "ACME GYM", "1234567890", "PPD", "MEMBERSHIP", "261124", ODFI, 1,
              entries if entries is not None else ppd_entries(), **kw)
    return File([b])


def noc_file(first_amount=0):
    """Notifications of change on the debits of ppd-debit.ach and others."""
    return File([
        Batch(225, "ACME GYM", "1234567890", "COR", "MEMBERSHIP", "261125", "02100002", 1, [
            Entry(26, "091000019", "000123456789", first_amount, "CUST-0001", "JANE DOE",
                  21000020000201,
                  addenda=[("98", "C01", 91000010000001, "02100002", "000123456780")]),
            Entry(26, "091000019", "5550001111", 0, "CUST-0009", "PAT KIM", 21000020000202,
                  addenda=[("98", "C05", 91000010000009, "02100002", "37")]),
            Entry(26, "091000019", "7001002003", 0, "CUST-0011", "SAM LEE", 21000020000203,
                  addenda=[("98", "C03", 91000010000011, "02100002",
                            "026009593   000998877665")]),
        ], settlement="329"),
    ], origin=" 011000015", origin_name="FEDERAL RESERVE BANK")


def valid_files():
    files = {}
    files["ppd-debit.ach"] = ppd_file()
    files["ccd-debit.ach"] = File([Batch(225, "ACME SUPPLY", "9876543210", "CCD", "INVOICES",
                                         "261124", ODFI, 1, [
        Entry(27, "026009593", "8765432109", 250000, "INV-2026-118", "GLOBEX CORP",
              91000010000001, addenda=[("05", "RMR*IV*2026-118**2500.00\\")]),
        Entry(27, "021000021", "55500012345", 99000, "INV-2026-119", "INITECH INC",
              91000010000002, addenda=[("05", "RMR*IV*2026-119**990.00\\")]),
    ])], origin_name="ACME SUPPLY")
    files["web-debit.ach"] = File([Batch(225, "STREAMCO", "5556667777", "WEB", "SUBSCRIBE",
                                         "261124", ODFI, 1, [
        Entry(27, "121000248", "30001234567", 1599, "SUB-88812", "ALEX RIVERA", 91000010000001,
              disc="R "),
        Entry(37, "021000021", "7001002003", 4500, "ORD-55120", "SAM LEE", 91000010000002,
              disc="S "),
    ])], origin_name="STREAMCO")
    files["mixed-batches.ach"] = File([
        Batch(200, "ACME GYM", "1234567890", "PPD", "ADJUSTMENT", "261124", ODFI, 1, [
            Entry(22, "021000021", "000123456789", 2500, "CUST-0001", "JANE DOE", 91000010000001),
            Entry(27, "121000248", "4455667788", 4999, "CUST-0002", "JOSE MULLER", 91000010000002),
        ]),
        Batch(220, "ACME GYM", "1234567890", "CCD", "REFUND", "261124", ODFI, 2, [
            Entry(22, "026009593", "8765432109", 10000, "INV-2026-118", "GLOBEX CORP",
                  91000010000003),
            Entry(32, "322271627", "99887766554433", 777, "CUST-0003", "SOREN ORSTED",
                  91000010000004),
        ]),
    ])
    # Returns of the PPD debits above, from two RDFIs, settled on 2026-11-25 (day 329).
    files["returns.ach"] = File([
        Batch(225, "ACME GYM", "1234567890", "PPD", "MEMBERSHIP", "261125", "02100002", 1, [
            Entry(26, "091000019", "000123456789", 12500, "CUST-0001", "JANE DOE", 21000020000101,
                  addenda=[("99", "R01", 91000010000001, "", "02100002", "")]),
            Entry(26, "091000019", "5550001111", 3000, "CUST-0009", "PAT KIM", 21000020000102,
                  addenda=[("99", "R10", 91000010000009, "", "02100002", "NOT AUTHORIZED")]),
        ], settlement="329"),
        Batch(225, "ACME GYM", "1234567890", "PPD", "MEMBERSHIP", "261125", "12100024", 2, [
            Entry(36, "091000019", "4455667788", 4999, "CUST-0002", "JOSE MULLER", 121000240000555,
                  addenda=[("99", "R03", 91000010000002, "", "12100024", "")]),
        ], settlement="329"),
    ], dest=" 091000019", origin=" 011000015", dest_name="WELLS FARGO BANK",
        origin_name="FEDERAL RESERVE BANK")
    files["noc.ach"] = noc_file()
    # NACHA II (issue 19): SEC codes with their own rules.
    files["tel-debit.ach"] = tel_file()
    files["atx-addenda.ach"] = atx_file()
    files["enr-blank-date.ach"] = File([Batch(220, "ACME GYM", "1234567890", "ENR", "AUTOENROLL",
                                              "      ", ODFI, 1, [
        Entry(22, "021000021", "000123456789", 0, "CUST-0001", "0001JANE DOE", 91000010000001,
              addenda=[("05", "22*02100002*1*000123456789*123456789*DOE*JANE*0\\")]),
    ])])
    files["refused-noc.ach"] = File([
        Batch(225, "ACME GYM", "1234567890", "COR", "MEMBERSHIP", "261125", ODFI, 1, [
            Entry(26, "021000021", "000123456789", 0, "CUST-0001", "JANE DOE", 91000010000001,
                  addenda=[("98R", "C61", 21000020000201, "09100001", "000123456780", "C01",
                            201)]),
        ], settlement="329"),
    ])
    files["pos-terminal.ach"] = pos_file()
    return files


def adv_lines(first_tc=81):
    """An ADV file (automated accounting advices, service class 280): entries, batch control and
    file control in their own layouts, with 20-digit totals."""
    entries = [(first_tc, "021000021", "000123456789", 125000, "011000015", "ACME GYM", 1),
               (82, "121000248", "4455667788", 49900, "011000015", "ACME GYM", 2)]
    out = [File([]).header(),
           rec("5280" + fit("ACME GYM", 16) + fit("", 20) + fit("1234567890", 10) + "ADV"
               + fit("ADVICES", 10) + fit("", 6) + "261124" + "   " + "1" + ODFI + num(1, 7))]
    for tc, rt, acct, amount, advice, name, seq in entries:
        out.append(rec("6" + num(tc, 2) + rt + fit(acct, 15) + num(amount, 12) + advice
                       + fit("", 5) + " " + fit(name, 22) + "  " + "0" + "01100001" + "328"
                       + num(seq, 4)))
    ehash = sum(int(e[1][:8]) for e in entries)
    debit = sum(e[3] for e in entries if e[0] % 2 == 0)
    credit = sum(e[3] for e in entries if e[0] % 2 == 1)
    out.append(rec("8280" + num(len(entries), 6) + num(ehash, 10) + num(debit, 20)
                   + num(credit, 20) + fit("", 19) + ODFI + num(1, 7)))
    n = len(out) + 1
    out.append(rec("9" + num(1, 6) + num((n + 9) // 10, 6) + num(len(entries), 8) + num(ehash, 10)
                   + num(debit, 20) + num(credit, 20) + " " * 23))
    return out + ["9" * 94] * ((10 - n % 10) % 10)


class IATEntry(Entry):
    """An IAT entry (Nacha Appendix Three; moov-io/ach iatEntryDetail.go, addenda10.go ...
    addenda18.go): number of addenda in 13-16, the foreign receiver's account in 40-74, then
    the mandatory addenda 10-16, up to two 17, up to five 18 and, for a return, a 99 carrying
    the original forward entry's amount in 36-45. `count` overrides positions 13-16."""

    def __init__(self, tc, rdfi9, account, amount, trace, receiver, originator, odfi_bank,
                 rdfi_bank, remittance=(), correspondents=(), ret=None, noc=None, count=None,
                 ofac="  ", ftype="SAL"):
        super().__init__(tc, rdfi9, account, amount, "", "", trace)
        self.receiver, self.originator = receiver, originator
        self.odfi_bank, self.rdfi_bank = odfi_bank, rdfi_bank
        self.remittance, self.correspondents = list(remittance), list(correspondents)
        self.ret, self.noc, self.count_override, self.ofac, self.ftype = ret, noc, count, ofac, ftype
        self.extra = []  # raw addenda lines after the others (invalid files)
        self.skip = set()  # addenda types left out (invalid files)

    def addenda_lines(self):
        seq7 = num(self.trace % 10**7, 7)
        name, rid, street, city, country, famount = self.receiver
        oname, ostreet, ocity, ocountry = self.originator
        out = {
            10: "710" + self.ftype + num(famount, 18) + fit("", 22) + fit(name, 35) + " " * 6 + seq7,
            11: "711" + fit(oname, 35) + fit(ostreet, 35) + " " * 14 + seq7,
            12: "712" + fit(ocity, 35) + fit(ocountry, 35) + " " * 14 + seq7,
            13: "713" + fit(self.odfi_bank[0], 35) + self.odfi_bank[1] + fit(self.odfi_bank[2], 34)
                + fit(self.odfi_bank[3], 3) + " " * 10 + seq7,
            14: "714" + fit(self.rdfi_bank[0], 35) + self.rdfi_bank[1] + fit(self.rdfi_bank[2], 34)
                + fit(self.rdfi_bank[3], 3) + " " * 10 + seq7,
            15: "715" + fit(rid, 15) + fit(street, 35) + " " * 34 + seq7,
            16: "716" + fit(city, 35) + fit(country, 35) + " " * 14 + seq7,
        }
        lines = [rec(out[t]) for t in range(10, 17) if t not in self.skip]
        for i, info in enumerate(self.remittance):
            lines.append(rec("717" + fit(info, 80) + num(i + 1, 4) + seq7))
        for i, (bname, qual, bid, bcountry) in enumerate(self.correspondents):
            lines.append(rec("718" + fit(bname, 35) + qual + fit(bid, 34) + fit(bcountry, 3)
                             + " " * 6 + num(i + 1, 4) + seq7))
        if self.ret:
            code, orig, ordfi, oamount, info = self.ret
            lines.append(rec("799" + code + num(orig, 15) + " " * 6 + ordfi + num(oamount, 10)
                             + fit(info, 34) + num(self.trace, 15)))
        if self.noc:
            code, orig, ordfi, data = self.noc
            lines.append(rec("798" + code + num(orig, 15) + " " * 6 + ordfi + fit(data, 29)
                             + " " * 15 + num(self.trace, 15)))
        return lines + [rec(l) for l in self.extra]

    def lines(self):
        add = self.addenda_lines()
        self.addenda = add  # for Batch.count()
        count = self.count_override if self.count_override is not None else len(add)
        return [rec("6" + num(self.tc, 2) + self.rdfi9 + num(count, 4) + " " * 13
                    + num(self.amount, 10) + fit(self.account, 35) + "  " + self.ofac + "1"
                    + num(self.trace, 15))] + add


class IATBatch(Batch):
    """An IAT batch header (moov-io/ach iatBatchHeader.go): IAT indicator 5-20, foreign exchange
    indicator 21-22, its reference indicator 23 and reference 24-38, ISO destination country
    39-40, originator identification 41-50, ISO currencies 64-66 and 67-69."""

    def __init__(self, sc, originator_id, desc, effective, odfi8, number, entries, sec="IAT",
                 indicator="", fx="FF", fx_ref_ind="3", fx_ref="", country="CA",
                 currencies="USDCAD", settlement="   "):
        super().__init__(sc, "", originator_id, sec, desc, effective, odfi8, number, entries,
                         settlement=settlement)
        self.indicator, self.fx, self.fx_ref_ind, self.fx_ref = indicator, fx, fx_ref_ind, fx_ref
        self.country, self.currencies = country, currencies
        for e in entries:
            e.lines()  # counts its addenda

    def header(self):
        return rec("5" + num(self.sc, 3) + fit(self.indicator, 16) + self.fx + self.fx_ref_ind
                   + fit(self.fx_ref, 15) + self.country + fit(self.company_id, 10) + self.sec
                   + fit(self.desc, 10) + self.currencies + self.effective + self.settlement + "1"
                   + self.odfi8 + num(self.number, 7))


IAT_ODFI_BANK = ("WELLS FARGO BANK", "01", "091000019", "US")
IAT_RDFI_BANK = ("ROYAL BANK OF CANADA", "02", "ROYCCAT2", "CA")


def iat_entries():
    return [
        IATEntry(27, "021000021", "CA7700011234567890123", 250000, 91000010000001,
                 ("PIERRE TREMBLAY", "CUST-0101", "1200 RUE SAINTE-CATHERINE",
                  "MONTREAL*QC\\", "CA*H3B 1K9\\", 340000),
                 ("ACME GYM LLC", "100 MAIN STREET", "MINNEAPOLIS*MN\\", "US*55401\\"),
                 IAT_ODFI_BANK, IAT_RDFI_BANK),
        IATEntry(37, "121000248", "GB29NWBK60161331926819", 4999, 91000010000002,
                 ("ANNE LEBLANC", "CUST-0102", "55 KING STREET WEST", "TORONTO*ON\\",
                  "CA*M5K 1A2\\", 6800),
                 ("ACME GYM LLC", "100 MAIN STREET", "MINNEAPOLIS*MN\\", "US*55401\\"),
                 IAT_ODFI_BANK, ("HSBC BANK CANADA", "03", "GB29NWBK60161331926819", "CA")),
    ]


def iat_file(entries=None, **kw):
    return File([IATBatch(225, "1234567890", "MEMBERSHIP", "261124", ODFI, 1,
                          entries if entries is not None else iat_entries(), **kw)])


def iat_remittance_file():
    e = iat_entries()[0]
    e.remittance = ["INVOICE 2026-11 MEMBERSHIP", "ANNUAL FEE PRORATED"]
    e.correspondents = [("BANK OF MONTREAL", "02", "BOFMCAM2", "CA"),
                        ("DEUTSCHE BANK", "02", "DEUTDEFF", "DE")]
    return iat_file([e])


def iat_return_file():
    """The first debit of iat-debit.ach returned R01 by the receiving bank, through the gateway."""
    e = IATEntry(26, "091000019", "CA7700011234567890123", 250000, 21000020000301,
                 ("PIERRE TREMBLAY", "CUST-0101", "1200 RUE SAINTE-CATHERINE",
                  "MONTREAL*QC\\", "CA*H3B 1K9\\", 340000),
                 ("ACME GYM LLC", "100 MAIN STREET", "MINNEAPOLIS*MN\\", "US*55401\\"),
                 IAT_ODFI_BANK, IAT_RDFI_BANK,
                 ret=("R01", 91000010000001, "02100002", 250000, "INSUFFICIENT FUNDS"))
    return File([IATBatch(225, "1234567890", "MEMBERSHIP", "261128", "02100002", 1, [e],
                          settlement="332")],
                origin=" 011000015", origin_name="FEDERAL RESERVE BANK")


def iat_noc_file():
    """A NOC on the second debit of iat-debit.ach: an IAT COR batch (IAT indicator IATCOR)."""
    e = IATEntry(26, "091000019", "GB29NWBK60161331926819", 0, 21000020000401,
                 ("ANNE LEBLANC", "CUST-0102", "55 KING STREET WEST", "TORONTO*ON\\",
                  "CA*M5K 1A2\\", 6800),
                 ("ACME GYM LLC", "100 MAIN STREET", "MINNEAPOLIS*MN\\", "US*55401\\"),
                 IAT_ODFI_BANK, ("HSBC BANK CANADA", "03", "GB29NWBK60161331926819", "CA"),
                 noc=("C01", 91000010000002, "12100024", "770001123456780"))
    return File([IATBatch(225, "1234567890", "MEMBERSHIP", "261128", "02100002", 1, [e],
                          sec="COR", indicator="IATCOR", settlement="332")],
                origin=" 011000015", origin_name="FEDERAL RESERVE BANK")


def pos_file(mmdd="1123"):
    """A card purchase at a terminal: a POS debit with its addenda 02."""
    return File([Batch(225, "CORNER SHOP", "1234567890", "POS", "PURCHASE", "261124", ODFI, 1, [
        Entry(27, "021000021", "000123456789", 1875, "CARD-0001", "JANE DOE", 91000010000001,
              addenda=[("02T", "", "", "T00042", "000913", mmdd, "A1B2C3", "12 MAIN STREET",
                        "MINNEAPOLIS", "MN")]),
    ])])


def tel_file(tc=27, name="JANE DOE"):
    return File([Batch(225 if tc % 10 >= 5 else 200, "ACME GYM", "1234567890", "TEL",
                       "PHONE PAY", "261124", ODFI, 1, [
        Entry(tc, "021000021", "000123456789", 4200, "CUST-0001", name, 91000010000001),
    ])])


def atx_file(count="0002"):
    """A zero-dollar ATX acknowledgment with two addenda 05; 55-58 count them, 59-74 name."""
    return File([Batch(220, "ACME GYM", "1234567890", "ATX", "ACK", "261124", ODFI, 1, [
        Entry(24, "021000021", "000123456789", 0, "INV-2026-118", count + "GLOBEX CORP",
              91000010000001, addenda=[("05", "RMR*IV*2026-118**0.00\\"),
                                       ("05", "REF*ACK*2026-118\\")]),
    ])])


# ---- the invalid files: (name, base file, body mutation, final mutation) ----------------------
# Lines of ppd-debit.ach: 0 file header, 1 batch header, 2 entry 1, 3 its addenda, 4 entry 2,
# 5 entry 3, 6 batch control, 7 file control, 8-9 padding.

def invalid_files():
    out = []

    def bad(name, base, body=None, final=None):
        out.append((name, base, body, final))

    def at(i, col, text):
        def f(lines):
            lines[i] = put(lines[i], col, text)
            return lines
        return f

    ppd = ppd_file

    bad("bad-record-length.ach", ppd(), at(4, 95, " "))
    bad("bad-record-type.ach", ppd(), lambda l: l[:6] + ["4" + "X" * 93] + l[6:])
    bad("bad-record-order.ach", ppd(), lambda l: l[:6] + l[7:])  # no batch control
    bad("bad-missing-file-header.ach", ppd(), lambda l: l[1:])
    bad("bad-truncated.ach", ppd(), final=lambda l: l[:6])
    bad("bad-numeric.ach", ppd(), at(4, 30, "00000A4999"))
    bad("bad-alphanumeric.ach", ppd(), at(4, 55, "JOS\xe9 MULLER"))
    bad("bad-required.ach", ppd(), at(1, 5, " " * 16))
    bad("bad-blank.ach", ppd(), at(6, 74, "XXXXXX"))
    bad("bad-date.ach", ppd(), at(1, 70, "261332"))
    bad("bad-value.ach", ppd(), at(0, 35, "095"))
    bad("bad-check-digit.ach", ppd(), at(2, 12, "2"))
    bad("bad-destination-check-digit.ach", ppd(), at(0, 13, "8"))
    bad("bad-transaction-code.ach", ppd(), at(4, 2, "25"))
    e = ppd_entries()
    e[1].tc = 32
    bad("bad-service-class-mix.ach", ppd(e))
    bad("bad-service-class.ach", File([Batch(280, "ACME GYM", "1234567890", "PPD", "MEMBERSHIP",
                                             "261124", ODFI, 1, ppd_entries())]))
    bad("bad-sec-code.ach", ppd(), at(1, 51, "XYZ"))
    e = ppd_entries()
    e[2].amount = 100
    bad("bad-prenote-amount.ach", ppd(e))
    bad("bad-addenda-indicator.ach", ppd(), at(2, 79, "0"))
    bad("bad-addenda-missing.ach", ppd(), at(4, 79, "1"))
    e = ppd_entries()
    e[0].addenda = [("02", "POS TERMINAL 42")]
    bad("bad-addenda-type.ach", ppd(e))
    e = ppd_entries()
    e[0].addenda = [("98", "C01", 91000010000001, "02100002", "000123456780")]
    bad("bad-addenda-type-batch.ach", ppd(e))
    e = ppd_entries()
    e[0].addenda = [("05", "MEMBERSHIP NOVEMBER 2026"), ("05", "SECOND LINE")]
    bad("bad-addenda-count.ach", ppd(e))
    bad("bad-addenda-sequence.ach", ppd(), at(3, 84, "0002"))
    bad("bad-addenda-entry-sequence.ach", ppd(), at(3, 88, "0000009"))
    bad("bad-trace-prefix.ach", ppd(), at(2, 80, "02100002"))
    e = ppd_entries()
    e[1].trace, e[2].trace = e[2].trace, e[1].trace
    bad("bad-trace-order.ach", ppd(e))
    bad("bad-batch-number.ach", valid_files()["mixed-batches.ach"], None, None)
    bad("bad-control-mismatch.ach", ppd(), at(6, 45, "1234567899"))
    bad("bad-entry-count.ach", ppd(), at(6, 5, "000005"))
    bad("bad-entry-hash.ach", ppd(), at(6, 11, "0046427189"))
    bad("bad-total-debit.ach", ppd(), at(6, 21, "000000017500"))
    bad("bad-total-credit.ach", ppd(), at(6, 33, "000000000001"))
    bad("bad-batch-count.ach", ppd(), final=at(7, 2, "000002"))
    bad("bad-block-count.ach", ppd(), final=at(7, 8, "000002"))
    bad("bad-padding.ach", ppd(), final=lambda l: l[:8])
    rf = valid_files()["returns.ach"]
    # returns.ach lines: 0 FH, 1 BH, 2 E, 3 A99 (R01), 4 E, 5 A99 (R10), 6 BC, 7 BH, 8 E, 9 A99 ...
    bad("bad-return-code.ach", rf, at(3, 4, "R99"))
    bad("bad-return-trace.ach", rf, at(5, 80, "021000020000109"))
    bad("bad-return-transaction-code.ach", rf, at(2, 2, "27"))
    nf = valid_files()["noc.ach"]
    bad("bad-change-code.ach", nf, at(5, 4, "C99"))
    bad("bad-noc-amount.ach", noc_file(first_amount=100))
    # NACHA II (issue 19): layout rules per SEC code, and what stays strict.
    bad("bad-zero-company-name.ach", ppd(), at(1, 5, "0" * 16))
    bad("bad-zero-entry-description.ach", ppd(), at(1, 54, "0" * 10))
    bad("bad-tel-credit.ach", tel_file(tc=22))
    bad("bad-tel-name.ach", tel_file(name=""))
    bad("bad-ppd-zero-name.ach", ppd(), at(4, 55, "0" * 22))
    bad("bad-atx-count.ach", atx_file(count="0003"))
    bad("bad-effective-zeros.ach", ppd(), at(1, 70, "000000"))
    bad("bad-effective-blank.ach", ppd(), at(1, 70, "      "))
    bad("bad-noc-trace.ach", nf, at(3, 80, "021000020000209"))
    bad("bad-addenda02-date.ach", pos_file(mmdd="1332"))
    # IAT (issue 19): one defect each.
    bad("bad-iat-order.ach", iat_file(), lambda l: l[:5] + [l[6], l[5]] + l[7:])  # 13 before 12
    bad("bad-iat-entry-sequence.ach", iat_file(), at(8, 88, "0000009"))  # the 15's
    bad("bad-iat-remittance-sequence.ach", iat_remittance_file(), at(11, 84, "0001"))
    e = iat_entries()
    e[0].extra = ["705" + fit("NOT AN IAT ADDENDA", 80) + num(1, 4) + num(1, 7)]
    bad("bad-iat-addenda-type.ach", iat_file(e))
    e = ppd_entries()
    e[0].addenda = [("10", "SAL")]
    bad("bad-iat-addenda-in-ppd.ach", ppd(e))
    bad("bad-iat-return-amount.ach", iat_return_file(), at(10, 36, "00002500X0"))
    rn = valid_files()["refused-noc.ach"]
    bad("bad-refused-noc-change-code.ach", rn, at(3, 65, "C99"))
    return out


def main():
    files = valid_files()
    for name, f in files.items():
        write(name, f.finish(f.body()))
    ppd = files["ppd-debit.ach"]
    lines = ppd.finish(ppd.body())
    write("ppd-debit-crlf.ach", lines, eol="\r\n")
    write("ppd-debit-unbroken.ach", lines, eol="", final=False)
    write("ppd-debit-no-final-newline.ach", lines, final=False)
    write("adv.ach", adv_lines())
    # IAT (issue 19): a debit batch with the mandatory addenda 10-16, one with 17 and 18, a
    # return; and a malformed one with several defects, each reported once.
    for name, f in [("iat-debit.ach", iat_file()), ("iat-remittance.ach", iat_remittance_file()),
                    ("iat-return.ach", iat_return_file()), ("iat-noc.ach", iat_noc_file())]:
        write(name, f.finish(f.body()))
    f = iat_file()
    f.batches[0].fx = "XX"                         # 1: foreign exchange indicator
    f.batches[0].entries[0].skip = {12}            # 2: no addenda 12 (the count follows: 0006)
    f.batches[0].entries[1].count_override = 9     # 3: 13-16 says 0009, 7 follow
    f.batches[0].entries[1].ofac = "2 "            # 4: OFAC screening indicator
    for e in f.batches[0].entries:
        e.lines()
    body = f.body()
    assert body[6].startswith("714")
    body[6] = put(body[6], 39, "07")               # 5: the first entry's addenda 14: qualifier
    # several defects: not a bad-*.ach (each of those has exactly one)
    os.makedirs(os.path.join(HERE, "malformed"), exist_ok=True)
    write(os.path.join("malformed", "iat.ach"), f.finish(body))
    write("bad-adv-transaction-code.ach", adv_lines(first_tc=27))
    for name, f, body_fix, final_fix in invalid_files():
        if name == "bad-batch-number.ach":
            f.batches[1].number = 1
        body = f.body()
        if body_fix:
            body = body_fix(body)
        lines = f.finish(body)
        if final_fix:
            lines = final_fix(lines)
        write(name, lines)
    # What bank files in the wild look like (issue 19, the lenient profile): trailing blanks
    # trimmed, a record longer by blanks, a company id padded differently in header and control,
    # no padding, an empty line and a stray CR at the end. Strict: 7 findings; lenient: 7
    # warnings and no finding.
    f = ppd_file()
    f.batches[0].company_id = "123456789"
    body = f.body()
    body[6] = put(body[6], 45, " 123456789")
    lines = f.finish(body)[:8]
    lines = [l.rstrip(" ") for l in lines]
    lines[2] = lines[2] + " " * 6  # 100 characters, the last 6 blanks
    os.makedirs(os.path.join(HERE, "lenient"), exist_ok=True)
    write(os.path.join("lenient", "bank-file.ach"), lines + ["", "\r"])


if __name__ == "__main__":
    main()
