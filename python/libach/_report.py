# SPDX-License-Identifier: Apache-2.0
"""The report as a dict with exactly the keys of ``ach reconcile --json`` (schema_version 1,
docs/schema/report.schema.json), built from the C report and the engine's lists."""
from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from . import _convert as cv
from ._errors import check
from ._ffi import ffi, lib

EBUFS = -6
LEDGER_TYPES = 10   # ACH_LEDGER_TYPE_COUNT: types 1..9
EVENT_TYPES = 8     # ACH_EVENT_TYPE_COUNT: types 1..8
CHARGE_STATUSES = (1, 2, 3, 4)  # pending .. disputed


def _kind_count() -> int:
    # ACH_RECON_KIND_COUNT of the loaded library: kinds are only ever added, and unnamed past it
    k = 1
    while ffi.string(lib.ach_recon_kind_name(k)):
        k += 1
    return k


RECON_KINDS = _kind_count()

Day = Tuple[int, int, int, int, int]  # date, pending, available, connected pending, available


_names: Dict[Tuple[Any, int], str] = {}


def name(fn: Callable[[int], Any], value: int) -> str:
    """The static name a libach function gives an enum value (cached: they never change)."""
    key = (fn, value)
    got = _names.get(key)
    if got is None:
        got = _names[key] = ffi.string(fn(value)).decode()
    return got


def cstr(buf: Any) -> str:
    return ffi.string(buf).decode("utf-8", "replace")


def fetch(fn: Callable[..., int], ctype: str, engine: Any, as_of: int,
          keep: Optional[int] = None) -> Tuple[Any, int, int]:
    """Calls one of the ``(out, cap, count, engine, as_of, err)`` list functions twice (count,
    then fill) and returns (items, listed, total)."""
    count = ffi.new("size_t *")
    err = ffi.new("ach_error *")
    status = fn(ffi.NULL, 0, count, engine, as_of, err)
    if status not in (0, EBUFS):
        check(status, err)
    total = int(count[0])
    n = total if keep is None else min(total, keep)
    items = ffi.new(f"{ctype}[]", max(n, 1))
    if n:
        status = fn(items, n, count, engine, as_of, err)
        if status not in (0, EBUFS):
            check(status, err)
    return items, n, total


def days_of(engine: Any, as_of: int) -> List[Day]:
    items, n, _ = fetch(lib.ach_recon_balance_days, "ach_recon_day", engine, as_of)
    return [(d.date, d.balance.pending, d.balance.available, d.connected.pending,
             d.connected.available) for d in (items[i] for i in range(n))]


def retries_of(engine: Any, as_of: int) -> List[Dict[str, Any]]:
    items, n, _ = fetch(lib.ach_recon_retries, "ach_recon_retry", engine, as_of)
    out = []
    for i in range(n):
        t = items[i]
        out.append({"charge": cstr(t.charge), "code": cstr(t.code),
                    "returned": cv.iso_date(t.returned), "settlement": cv.iso_date(t.settlement),
                    "verdict": name(lib.ach_retry_verdict_name, t.advice.verdict),
                    "allowed": bool(t.advice.allowed), "remaining": int(t.advice.remaining),
                    "until": cv.iso_date(t.advice.until)})
    return out


def charges_of(fn: Callable[..., int], engine: Any, as_of: int,
               keep: int) -> List[Dict[str, Any]]:
    items, n, _ = fetch(fn, "ach_recon_pending", engine, as_of, keep)
    return [{"charge": cstr(o.charge), "amount": int(o.amount),
             "created": cv.iso_date(o.created), "processing": cv.iso_date(o.processing),
             "resolve_by": cv.iso_date(o.resolve_by), "available_on": cv.iso_date(o.available_on),
             "overdue": bool(o.overdue), "days_overdue": int(o.days_overdue)}
            for o in (items[i] for i in range(n))]


def engine_lists(engine: Any, as_of: int, keep: int) -> Dict[str, Any]:
    """Every list of one ledger's report, as ``ach reconcile --json`` prints them."""
    unv, nunv, total_unv = fetch(lib.ach_recon_unverified_accounts, "ach_recon_unverified",
                                 engine, as_of, keep)
    con, ncon, _ = fetch(lib.ach_recon_connected_balances, "ach_recon_connected", engine, as_of)
    return {
        "overdue_charges": charges_of(lib.ach_recon_overdue_charges, engine, as_of, keep),
        "pending_charges": charges_of(lib.ach_recon_pending_charges, engine, as_of, keep),
        "accounts_unverified": total_unv,
        "unverified_accounts": [{"account": cstr(u.account), "sent": cv.iso_date(u.sent),
                                 "expected_by": cv.iso_date(u.expected_by),
                                 "business_days": int(u.business_days)}
                                for u in (unv[i] for i in range(nunv))],
        "connected_accounts": [{"account": cstr(c.account), "pending": int(c.balance.pending),
                                "available": int(c.balance.available)}
                               for c in (con[i] for i in range(ncon))],
        "days": days_of(engine, as_of),
        "retries": retries_of(engine, as_of),
    }


def no_lists() -> Dict[str, Any]:
    """The lists of a total: each object is listed with its own ledger."""
    return {"overdue_charges": [], "pending_charges": [], "accounts_unverified": 0,
            "unverified_accounts": [], "connected_accounts": [], "days": [], "retries": []}


def total_days(parts: Sequence[List[Day]]) -> List[Day]:
    """The balances by date of a total: on each date any part's balance changed, the sum of
    every part's balance at the end of that day (as ``ach reconcile A B`` computes it)."""
    dates = sorted({d[0] for part in parts for d in part})
    at = [0] * len(parts)
    out: List[Day] = []
    for date in dates:
        sums = [0, 0, 0, 0]
        for i, part in enumerate(parts):
            while at[i] < len(part) and part[at[i]][0] <= date:
                at[i] += 1
            if at[i]:
                for k in range(4):
                    sums[k] += part[at[i] - 1][k + 1]
        out.append((date, sums[0], sums[1], sums[2], sums[3]))
    return out


def _rate(r: Any) -> Dict[str, Any]:
    return {"count": int(r.count), "rate": round(float(r.rate), 6),
            "threshold": round(r.threshold_bps / 10000.0, 4), "breach": bool(r.breach)}


def build(r: Any, source: str, nbytes: int, unknown: List[str], lists: Dict[str, Any],
          findings: List[Dict[str, Any]]) -> Dict[str, Any]:
    """The report dict of the C report ``r`` (an ``ach_recon_report *``)."""
    by_type = {name(lib.ach_ledger_type_name, t): {"records": int(r.records_by_type[t]),
                                                   "applied": int(r.applied_by_type[t])}
               for t in range(1, LEDGER_TYPES)}
    charges: Dict[str, int] = {name(lib.ach_charge_status_name, s): int(r.charges_by_status[s])
                               for s in CHARGE_STATUSES}
    charges.update(total=int(r.charges), refunded=int(r.charges_refunded),
                   overdue=int(r.charges_overdue))
    rr = r.return_rates
    return {
        "schema_version": 1,
        "input": {
            "source": source, "lines": int(r.records), "applied": int(r.applied),
            "rejected": int(r.rejected), "flagged": int(r.flagged),
            "malformed": int(r.malformed), "conserved": bool(r.lines_conserved),
            "bytes": nbytes, "first_date": cv.iso_date(r.first_date),
            "last_date": cv.iso_date(r.last_date), "unknown_columns": list(unknown),
            "by_type": by_type,
            # no NACHA returns files come through the binding
            "returns": {"files": 0, "entries": 0, "applied": 0, "rejected": 0, "flagged": 0,
                        "unusable": 0, "conserved": int(r.returns) == 0},
        },
        "as_of": cv.iso_date(r.as_of),
        "charges": charges,
        "overdue_charges": lists["overdue_charges"],
        "pending_charges": lists["pending_charges"],
        "accounts_unverified": lists["accounts_unverified"],
        "unverified_accounts": lists["unverified_accounts"],
        "amounts": {"gross": int(r.gross), "fees": int(r.fees), "net": int(r.net),
                    "reversed": int(r.reversed), "disputed": int(r.disputed),
                    "refunded": int(r.refunded), "refund_failed": int(r.refund_failed),
                    "transferred": int(r.transferred),
                    "application_fees": int(r.application_fees)},
        "balance": {"pending": int(r.balance.pending), "available": int(r.balance.available),
                    "transactions_net": int(r.transactions_net),
                    "conserved": bool(r.balance_conserved),
                    "connected": {"pending": int(r.connected.pending),
                                  "available": int(r.connected.available)},
                    "connected_accounts": lists["connected_accounts"]},
        "balance_by_date": [{"date": cv.iso_date(d[0]), "pending": d[1], "available": d[2]}
                            for d in lists["days"]],
        "return_rates": {"window": {"from": cv.iso_date(r.rates_from),
                                    "to": cv.iso_date(r.as_of)},
                         "debits": int(rr.debits), "unauthorized": _rate(rr.unauthorized),
                         "administrative": _rate(rr.administrative),
                         "overall": _rate(rr.overall)},
        "retries": lists["retries"],
        "events": {name(lib.ach_event_type_name, t): int(r.events_by_type[t])
                   for t in range(1, EVENT_TYPES + 1)},
        "findings_by_kind": {name(lib.ach_recon_kind_name, k): int(r.findings_by_kind[k])
                             for k in range(1, RECON_KINDS)},
        "findings_total": int(r.findings),
        "findings": findings,
        "returns_files": [], "nacha_findings_total": 0, "nacha_findings": [], "nocs": [],
    }
