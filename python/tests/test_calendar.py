# SPDX-License-Identifier: Apache-2.0
"""Calendar and validators through the binding (R-CAL-1..4, R-ACC-2, R-ACC-3)."""
import datetime as dt
import pickle

import pytest

import libach
from conftest import TOP


def test_default_calendar_business_days():
    cal = libach.Calendar()
    assert cal.is_business_day(dt.date(2025, 12, 24))
    assert not cal.is_business_day(dt.date(2025, 12, 25))   # Christmas (R-CAL-2)
    assert not cal.is_business_day(dt.date(2025, 12, 27))   # Saturday
    assert cal.add_business_days(dt.date(2025, 12, 24), 1) == dt.date(2025, 12, 26)
    assert cal.add_business_days(dt.date(2025, 12, 26), -1) == dt.date(2025, 12, 24)


def test_processing_date_cutoff():
    cal = libach.Calendar()
    # R-CAL-4: before 22:00 UTC on a business day it is that day, after it the next one
    assert cal.processing_date(dt.datetime(2025, 12, 24, 21, 59, 59)) == dt.date(2025, 12, 24)
    assert cal.processing_date(dt.datetime(2025, 12, 24, 22, 0, 0)) == dt.date(2025, 12, 26)
    eastern = dt.timezone(dt.timedelta(hours=-5))
    # 17:30 at UTC-5 is 22:30 UTC: after the cutoff
    assert cal.processing_date(dt.datetime(2025, 12, 24, 17, 30, tzinfo=eastern)) == \
        dt.date(2025, 12, 26)


def test_holidays():
    days = libach.Calendar().holidays(dt.date(2025, 12, 1), dt.date(2025, 12, 31))
    assert [(h.date, h.name) for h in days] == [(dt.date(2025, 12, 25), "Christmas Day")]


def test_from_ics_and_pickle(tmp_path):
    ics = TOP / "tests" / "data" / "calendar" / "custom.ics"
    cal = libach.Calendar.from_ics(ics, 2020, 2030)
    assert cal.range == (dt.date(2020, 1, 1), dt.date(2030, 12, 31))
    copy = pickle.loads(pickle.dumps(cal))
    assert copy.range == cal.range
    day = dt.date(2025, 6, 2)
    assert copy.is_business_day(day) == cal.is_business_day(day)
    with pytest.raises(libach.RangeError) as e:
        cal.is_business_day(dt.date(2031, 1, 2))
    assert e.value.status == -3 and e.value.name == "ACH_ERANGE"


def test_calendar_wrong_types():
    cal = libach.Calendar()
    for bad in ("2025-01-02", 20250102, None, dt.datetime(2025, 1, 2)):
        with pytest.raises(TypeError):
            cal.is_business_day(bad)
    with pytest.raises(TypeError):
        cal.add_business_days(dt.date(2025, 1, 2), 1.5)
    with pytest.raises(TypeError):
        cal.add_business_days(dt.date(2025, 1, 2), True)
    with pytest.raises(ValueError):
        cal.add_business_days(dt.date(2025, 1, 2), 2 ** 40)
    with pytest.raises(TypeError):
        cal.processing_date(dt.date(2025, 1, 2))
    with pytest.raises(TypeError):
        libach.Calendar.from_ics(42)
    with pytest.raises(libach.CalendarError):
        libach.Calendar.from_ics_bytes(b"not an ics")


def test_check_routing():
    libach.check_routing("021000021")
    with pytest.raises(libach.RoutingChecksumError) as e:
        libach.check_routing("021000022")
    err = e.value
    assert isinstance(err, libach.ValidationError) and isinstance(err, libach.Error)
    assert (err.status, err.field, err.column) == (-103, "routing", 9)
    assert "check digit" in err.message
    with pytest.raises(libach.RoutingDigitError) as e:
        libach.check_routing("021-00002")
    assert e.value.column == 4
    with pytest.raises(TypeError):
        libach.check_routing(21000021)


def test_check_account_never_shows_the_number():
    libach.check_account("021000021", "9876543210")
    with pytest.raises(libach.AccountDigitError) as e:
        libach.check_account("021000021", "98765-43210")
    assert "98765" not in str(e.value) and e.value.field == "account_number"
    with pytest.raises(libach.AccountLengthError):
        libach.check_account("021000021", "123")
    with pytest.raises(libach.RoutingLengthError):
        libach.check_account("0210", "123456")
    with pytest.raises(TypeError):
        libach.check_account("021000021", None)


def test_normalize_name():
    assert libach.normalize_name("Zoë Müller") == "ZOE MULLER"
    long = "Þórunn Guðmundsdóttir-Smith of Reykjavík"
    assert len(libach.normalize_name(long)) <= 22
    assert len(libach.normalize_name(long, fit=False)) > 22
    assert libach.normalize_name("Acme, Inc.", company=True)
    with pytest.raises(libach.NameEmptyError):
        libach.normalize_name("!!!")
    with pytest.raises(libach.NameUtf8Error):
        libach.normalize_name("bad \udcff surrogate")
    with pytest.raises(TypeError):
        libach.normalize_name(b"bytes")
    with pytest.raises(TypeError):
        libach.normalize_name("x", company="yes")


def test_every_status_has_its_class():
    assert libach.CLASSES[-1] is libach.InvalidArgumentError
    assert libach.CLASSES[-600] is libach.SnapshotError
    names = [cls.__name__ for cls in libach.CLASSES.values()]
    assert len(names) == len(set(names))  # one class per status, none shadows another
    assert issubclass(libach.SnapshotError, libach.StateError)
    assert issubclass(libach.CLASSES[-302], libach.LedgerError)
    assert issubclass(libach.CLASSES[-205], libach.RuleError)
    err = libach.CLASSES[-103](-103, "msg", "routing", 2, 9, "f.csv")
    assert str(err) == "f.csv:2:9: routing: msg"
    copy = pickle.loads(pickle.dumps(err))
    assert (type(copy), copy.status, copy.line, copy.column) == (type(err), -103, 2, 9)
