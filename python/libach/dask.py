# SPDX-License-Identifier: Apache-2.0
"""Reconciling many ledgers (one per merchant) as tasks of a Dask ``distributed`` cluster,
merged exactly with the library's merge (ach_recon_report_merge()).

Each ledger is read by one task, on a worker, by the C engine; the engines stay on the
workers. A second task, run where its engine is, hands back the engine's report part as of
its own last date. Merging needs every part as of one date (as ``ach reconcile A B`` does):
the latest of those dates; only the engines whose ledger ends earlier are asked again, as of
that date, so a run whose ledgers end on the same day costs one round trip. Only reports
travel, never ledgers: a path must name the ledger on the worker that reads it (a shared file
system, or the same files on every machine).

    python -m libach.dask LEDGER... --scheduler tcp://host:8786
    python -m libach.dask LEDGER... --local 2
"""
from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import sys
from typing import Any, Dict, List, Optional, Sequence

from ._calendar import Calendar
from ._merge import merge_parts
from ._recon import FeesArg, Reconciler


def _reconcile(path: str, fees: FeesArg, calendar: Optional[Calendar],
               max_findings: Optional[int]) -> Reconciler:
    r = Reconciler(fees, calendar, max_findings=max_findings)
    r.read(path)
    return r


def _whole(path: str, fees: FeesArg, calendar: Optional[Calendar], max_findings: Optional[int],
           as_of: Optional[_dt.date], ledger: bool) -> Dict[str, Any]:
    return _part(_reconcile(path, fees, calendar, max_findings), as_of, ledger)


def _part(r: Reconciler, as_of: Optional[_dt.date], ledger: bool) -> Dict[str, Any]:
    part = r.report_part(as_of)
    if ledger:
        part["ledger"] = r.report(as_of)
    return part


def _on(client: Any, engine: Any) -> Dict[str, Any]:
    """Keeps a task on the worker of its engine. Moving an engine costs a snapshot of it, and
    Dask's work stealing would move report tasks to an idle worker: a task restricted to one
    worker (not loosely) is never stolen. An engine that failed has no worker: its task then
    fails with the engine's error."""
    where = client.who_has([engine]).get(engine.key, ())
    return {"workers": list(where), "allow_other_workers": False} if where else {}


def reconcile_many(paths: Sequence[str], client: Any, fees: FeesArg = None,
                   calendar: Optional[Calendar] = None, as_of: Optional[_dt.date] = None,
                   ledgers: bool = True, max_findings: Optional[int] = 100000) -> Dict[str, Any]:
    """Reconciles every ledger of ``paths`` on the cluster of the ``distributed.Client``
    ``client`` and returns ``{"ledgers": [report, ...], "total": report}``, the shape of
    ``ach reconcile A B --json`` (each report a dict as ``Reconciler.report()``). ``as_of``:
    the one report date (default: the latest last date of all ledgers). ``ledgers=False``
    leaves out the per-ledger reports (only the total travels back)."""
    from distributed import as_completed

    if isinstance(paths, (str, bytes)) or not all(isinstance(p, str) for p in paths):
        raise TypeError("paths must be a sequence of str")
    if as_of is not None:  # one task per ledger does it all
        parts: List[Dict[str, Any]] = client.gather(
            [client.submit(_whole, p, fees, calendar, max_findings, as_of, ledgers, pure=False)
             for p in paths])
    else:
        engines = [client.submit(_reconcile, p, fees, calendar, max_findings, pure=False)
                   for p in paths]
        index = {e.key: i for i, e in enumerate(engines)}
        firsts: List[Any] = [None] * len(engines)
        # each engine's first part is asked for as soon as that engine is read, while the
        # others are still reading, on the engine's own worker
        for e in as_completed(engines):
            firsts[index[e.key]] = client.submit(_part, e, None, ledgers, pure=False,
                                                 **_on(client, e))
        parts: List[Dict[str, Any]] = client.gather(firsts)
        dates = [p["as_of"] for p in parts if p["as_of"] is not None]
        day = max(dates) if dates else None
        late = [i for i, p in enumerate(parts) if p["as_of"] != day]
        again = client.gather([client.submit(_part, engines[i], day, ledgers, pure=False,
                                             **_on(client, engines[i])) for i in late])
        for i, p in zip(late, again):
            parts[i] = p
        del engines, firsts
    out: Dict[str, Any] = {}
    if ledgers:
        out["ledgers"] = [p.pop("ledger") for p in parts]
    out["total"] = merge_parts(parts)
    return out


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m libach.dask",
                                 description="Reconcile ledgers on a Dask cluster and print "
                                             "the JSON report of each and their total.")
    ap.add_argument("ledgers", nargs="+", metavar="LEDGER",
                    help="ledger paths, as seen by the workers")
    where = ap.add_mutually_exclusive_group(required=True)
    where.add_argument("--scheduler", metavar="ADDR",
                       help="address of a running scheduler, such as tcp://10.0.0.5:8786")
    where.add_argument("--local", type=int, metavar="N",
                       help="start a LocalCluster of N worker processes (1 thread each)")
    ap.add_argument("--fees", metavar="FILE", help="fee schedule file (as ach reconcile)")
    ap.add_argument("--calendar", metavar="FILE.ics", help="closures (default: the Fed's)")
    ap.add_argument("--as-of", metavar="YYYY-MM-DD", help="report date (default: the latest)")
    ap.add_argument("--total-only", action="store_true", help="print only the total")
    args = ap.parse_args(argv)
    from distributed import Client, LocalCluster

    fees = None
    if args.fees:
        with open(args.fees, encoding="utf-8") as f:
            fees = f.read()
    calendar = Calendar.from_ics(args.calendar) if args.calendar else None
    as_of = _dt.date.fromisoformat(args.as_of) if args.as_of else None
    paths = [os.path.abspath(p) if args.local else p for p in args.ledgers]
    if args.local is not None:
        if args.local < 1:
            ap.error("--local needs at least 1 worker")
        cluster = LocalCluster(n_workers=args.local, threads_per_worker=1, processes=True,
                               dashboard_address=":0")
        client = Client(cluster)
    else:
        cluster = None
        client = Client(args.scheduler)
    try:
        out = reconcile_many(paths, client, fees, calendar, as_of, not args.total_only)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    json.dump(out["total"] if args.total_only else out, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
