# SPDX-License-Identifier: Apache-2.0
"""No Python value crashes the process: every entry point, given values of every kind, either
works or raises TypeError, ValueError, OSError or a libach.Error. Threads sharing one engine
wait for each other (an engine is used by one thread at a time, ach/recon.h)."""
import datetime as dt
import math
import threading

import pytest

import libach

VALUES = [None, True, 0, -1, 2 ** 70, -(2 ** 70), 1.5, math.nan, "", "x" * 100000, "\0",
          "bad \udcff", "021000021", b"021000021", bytearray(b"x"), [], {}, (), object(),
          dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.datetime(1, 1, 1),
          dt.datetime(9999, 12, 31, 23, 59, 59), dt.timedelta(days=1), "2025-01-02"]
EXPECTED = (TypeError, ValueError, OSError, OverflowError, libach.Error)


def call(fn, *args, **kwargs):
    try:
        fn(*args, **kwargs)
    except EXPECTED:
        pass


def test_every_entry_point_with_every_value(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # save("2025-01-02") and the like write here, not in the tree
    cal = libach.Calendar()
    r = libach.Reconciler()
    for v in VALUES:
        call(cal.is_business_day, v)
        call(cal.add_business_days, dt.date(2025, 1, 2), v)
        call(cal.add_business_days, v, 1)
        call(cal.processing_date, v)
        call(cal.holidays, v, dt.date(2025, 1, 2))
        call(libach.Calendar.from_ics, v)
        call(libach.Calendar.from_ics_bytes, v)
        call(libach.check_routing, v)
        call(libach.check_account, "021000021", v)
        call(libach.normalize_name, v)
        call(libach.normalize_name, "Jane", company=v)
        call(libach.Reconciler, fees=v)
        call(libach.Reconciler, calendar=v)
        call(libach.Reconciler, max_findings=v)
        call(libach.Reconciler, verify_within_days=v)
        call(libach.Reconciler, hash_seed=v)
        call(r.read, v)
        call(r.apply, v)
        call(r.report, v)
        call(r.lookup, v)
        call(r.lookup, "x", v)
        call(r.save, v)
        call(libach.Reconciler.load, v)
        call(libach.Reconciler.from_bytes, v)
        call(libach.merge_parts, [v])
        for column in libach.COLUMNS:
            call(r.apply, {"time": "2025-01-02T10:00:00Z", "type": "charge", column: v})
    assert r.report()["input"]["lines"] > 0  # the rows of str values were counted, not lost


def test_nul_in_a_path_is_refused(sample):
    with pytest.raises(ValueError):
        libach.Reconciler().read(str(sample) + "\0ignored")


def test_threads_share_an_engine(sample):
    rows = [{"time": "2025-03-03T09:00:00Z", "type": "account", "id": f"ba_{i}",
             "ref": f"cus_{i}", "routing": "021000021", "account_number": "9876543210",
             "holder_name": "Jane Public", "holder_type": "individual", "currency": "usd"}
            for i in range(400)]
    r = libach.Reconciler()

    def work(part):
        for row in part:
            r.apply(row)
            r.lookup(row["id"])

    threads = [threading.Thread(target=work, args=(rows[i::4],)) for i in range(4)]
    for t in threads:
        t.start()
    readers = [threading.Thread(target=lambda: [r.report() for _ in range(5)])]
    for t in readers:
        t.start()
    for t in threads + readers:
        t.join()
    report = r.report()
    assert report["input"]["applied"] == 400 and report["input"]["conserved"]
