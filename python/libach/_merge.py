# SPDX-License-Identifier: Apache-2.0
"""Adding up the reports of independent ledgers (one per merchant) with the library's exact
merge, ach_recon_report_merge(): counts and amounts add, rates are computed again from the
added counts (R-RET-2), never averaged."""
from __future__ import annotations

from typing import Any, Dict, Iterable, List, Mapping

from . import _report
from ._errors import check
from ._ffi import ffi, lib

_REPORT_SIZE = ffi.sizeof("ach_recon_report")


def merge_parts(parts: Iterable[Dict[str, Any]], source: str = "total") -> Dict[str, Any]:
    """The total report (a dict, as ``ach reconcile A B --json`` prints its ``total``) of the
    parts of ``Reconciler.report_part()``, all computed as of one date."""
    total = ffi.new("ach_recon_report *")
    lib.ach_recon_report_init_sized(total, _REPORT_SIZE)
    part = ffi.new("ach_recon_report *")
    err = ffi.new("ach_error *")
    days: List[List[_report.Day]] = []
    retries: List[Dict[str, Any]] = []
    for p in parts:
        if not isinstance(p, Mapping) or not {"report", "days", "retries"} <= set(p):
            raise TypeError("each part must be a dict of Reconciler.report_part()")
        raw = p["report"]
        if not isinstance(raw, bytes) or len(raw) != _REPORT_SIZE:
            raise ValueError("a part's report must be the bytes of Reconciler.report_part()")
        ffi.memmove(part, raw, _REPORT_SIZE)
        check(lib.ach_recon_report_merge(total, part, err), err)
        days.append([tuple(d) for d in p["days"]])  # type: ignore[misc]
        retries.extend(p["retries"])
    lists = _report.no_lists()
    lists["days"] = _report.total_days(days)
    lists["retries"] = retries
    # the accounts are listed with their ledgers, but their count adds up (as findings_by_kind)
    lists["accounts_unverified"] = int(total.accounts_unverified)
    return _report.build(total, source, 0, [], lists, [])
