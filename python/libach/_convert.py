# SPDX-License-Identifier: Apache-2.0
"""Python values to and from libach's units, with TypeError for a value of the wrong type
(before anything reaches C, so no Python value can crash the process)."""
from __future__ import annotations

import datetime as _dt
import functools
from typing import Optional

_EPOCH = _dt.date(1970, 1, 1).toordinal()
DATE_NONE = -(2 ** 31)  # ACH_DATE_NONE
_I32 = (-(2 ** 31), 2 ** 31 - 1)


def text(value: object, name: str) -> bytes:
    """UTF-8 bytes of a ``str`` argument. Lone surrogates pass through as the invalid bytes
    they are, for libach to refuse with its own error (ENAME_UTF8, ...)."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be str, not {type(value).__name__}")
    return value.encode("utf-8", "surrogatepass")


def integer(value: object, name: str, lo: int = _I32[0], hi: int = _I32[1]) -> int:
    """An ``int`` (``bool`` refused) within lo..hi (ValueError outside: C would truncate it)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be int, not {type(value).__name__}")
    if not lo <= value <= hi:
        raise ValueError(f"{name} must be in {lo}..{hi}, not {value}")
    return value


def to_date(value: object, name: str = "date") -> int:
    """A ``datetime.date`` (not a ``datetime``: say which day you mean) as days since 1970."""
    if isinstance(value, _dt.datetime) or not isinstance(value, _dt.date):
        raise TypeError(f"{name} must be datetime.date, not {type(value).__name__}")
    return value.toordinal() - _EPOCH


def from_date(days: int) -> Optional[_dt.date]:
    """Days since 1970 as a ``datetime.date``; None for ACH_DATE_NONE."""
    if days == DATE_NONE:
        return None
    return _dt.date.fromordinal(days + _EPOCH)


@functools.lru_cache(maxsize=65536)  # a report repeats few dates many times
def iso_date(days: int) -> Optional[str]:
    """Days since 1970 as ``YYYY-MM-DD`` (the JSON report's form); None for ACH_DATE_NONE."""
    d = from_date(days)
    return None if d is None else d.isoformat()


def to_instant(value: object, name: str = "when") -> int:
    """A ``datetime`` as UTC seconds since 1970. A naive datetime is taken as UTC (libach
    never consults a time zone); an aware one is converted."""
    if not isinstance(value, _dt.datetime):
        raise TypeError(f"{name} must be datetime.datetime, not {type(value).__name__}")
    if value.tzinfo is not None:
        value = value.astimezone(_dt.timezone.utc).replace(tzinfo=None)
    delta = value - _dt.datetime(1970, 1, 1)
    return delta.days * 86400 + delta.seconds


def instant_text(value: _dt.datetime) -> str:
    """A ``datetime`` as the ledger's ``YYYY-MM-DDTHH:MM:SSZ``."""
    secs = to_instant(value)
    d = _dt.datetime(1970, 1, 1) + _dt.timedelta(seconds=secs)
    return d.strftime("%Y-%m-%dT%H:%M:%SZ")
