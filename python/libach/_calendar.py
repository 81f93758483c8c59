# SPDX-License-Identifier: Apache-2.0
"""The business-day calendar of FedACH (R-CAL-1 ... R-CAL-4)."""
from __future__ import annotations

import datetime as _dt
import os
from typing import List, NamedTuple, Optional, Tuple, Union

from . import _convert as cv
from ._errors import check
from ._ffi import ffi, lib


class Holiday(NamedTuple):
    """A closure day of the calendar."""
    date: _dt.date
    name: str


class Calendar:
    """An immutable business-day calendar: ``Calendar()`` is the Federal Reserve's (compiled
    into libach, no I/O); ``Calendar.from_ics(path)`` loads iCalendar closures. Dates outside
    the calendar's range raise ``libach.RangeError``. Thread-safe; picklable (a loaded one
    carries its iCalendar text)."""

    def __init__(self) -> None:
        self._ics: Optional[Tuple[bytes, str, int, int]] = None
        self._ptr = self._new_default()

    @staticmethod
    def _new_default():  # type: ignore[no-untyped-def]
        out = ffi.new("ach_calendar **")
        err = ffi.new("ach_error *")
        check(lib.ach_calendar_new_default(out, err), err)
        return ffi.gc(out[0], lib.ach_calendar_free)

    @classmethod
    def from_ics(cls, path: Union[str, "os.PathLike[str]"], first_year: int = 1970,
                 last_year: int = 2199) -> "Calendar":
        """Loads closures from an iCalendar (RFC 5545) file over first_year..last_year
        (40-100 ms for the Federal Reserve's rules over 230 years: load once, share)."""
        if not isinstance(path, (str, os.PathLike)):
            raise TypeError(f"path must be str or os.PathLike, not {type(path).__name__}")
        with open(path, "rb") as f:
            data = f.read()
        return cls.from_ics_bytes(data, os.fsdecode(path), first_year, last_year)

    @classmethod
    def from_ics_bytes(cls, data: bytes, name: str = "<ics>", first_year: int = 1970,
                       last_year: int = 2199) -> "Calendar":
        """Loads closures from iCalendar text held in memory."""
        if not isinstance(data, (bytes, bytearray)):
            raise TypeError(f"data must be bytes, not {type(data).__name__}")
        bname = cv.text(name, "name")
        opts = ffi.new("ach_calendar_options *", [1, cv.integer(first_year, "first_year"),
                                                  cv.integer(last_year, "last_year")])
        out = ffi.new("ach_calendar **")
        err = ffi.new("ach_error *")
        data = bytes(data)
        check(lib.ach_calendar_load_buffer(out, data, len(data), bname, opts, err), err)
        self = cls.__new__(cls)
        self._ics = (data, name, first_year, last_year)
        self._ptr = ffi.gc(out[0], lib.ach_calendar_free)
        return self

    def __reduce__(self):  # type: ignore[no-untyped-def]
        if self._ics is None:
            return (Calendar, ())
        return (Calendar.from_ics_bytes, self._ics)

    @property
    def range(self) -> Tuple[_dt.date, _dt.date]:
        """The first and last date the calendar covers."""
        first = ffi.new("ach_date *")
        last = ffi.new("ach_date *")
        lib.ach_calendar_range(self._ptr, first, last)
        return cv.from_date(first[0]), cv.from_date(last[0])  # type: ignore[return-value]

    def is_business_day(self, date: _dt.date) -> bool:
        """Whether ``date`` is neither a weekend nor a closure (R-CAL-1)."""
        out = ffi.new("bool *")
        err = ffi.new("ach_error *")
        check(lib.ach_calendar_is_business_day(out, self._ptr, cv.to_date(date), err), err)
        return bool(out[0])

    def add_business_days(self, date: _dt.date, n: int) -> _dt.date:
        """The business day ``n`` business days after ``date`` (before it when n < 0)."""
        out = ffi.new("ach_date *")
        err = ffi.new("ach_error *")
        check(lib.ach_calendar_add_business_days(out, self._ptr, cv.to_date(date),
                                                 cv.integer(n, "n"), err), err)
        return cv.from_date(out[0])  # type: ignore[return-value]

    def processing_date(self, when: _dt.datetime) -> _dt.date:
        """The business day a debit submitted at ``when`` is processed on: that day before the
        22:00 UTC cutoff on a business day, else the next business day (R-CAL-4). A naive
        datetime is UTC."""
        out = ffi.new("ach_date *")
        err = ffi.new("ach_error *")
        check(lib.ach_calendar_processing_date(out, self._ptr, cv.to_instant(when), err), err)
        return cv.from_date(out[0])  # type: ignore[return-value]

    def holidays(self, start: _dt.date, end: _dt.date) -> List[Holiday]:
        """The closures from ``start`` to ``end`` inclusive, in date order."""
        a, b = cv.to_date(start, "start"), cv.to_date(end, "end")
        count = ffi.new("size_t *")
        err = ffi.new("ach_error *")
        status = lib.ach_calendar_holidays(ffi.NULL, 0, count, self._ptr, a, b, err)
        if status not in (0, -6):  # ACH_EBUFS: the count is there
            check(status, err)
        items = ffi.new("ach_holiday[]", max(count[0], 1))
        check(lib.ach_calendar_holidays(items, count[0], count, self._ptr, a, b, err), err)
        return [Holiday(cv.from_date(items[i].date),  # type: ignore[arg-type]
                        ffi.string(items[i].name).decode()) for i in range(count[0])]
