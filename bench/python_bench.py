#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Figures of the Python binding (issue 22), printed, never asserted:

1. read(path) + report() against `ach reconcile --json` on one generated ledger (default
   1 M events): the binding's overhead (goal: within 10 %); CPU seconds (user + sys, less
   disturbed by other load on a shared machine) and wall seconds, best of --repeat;
2. apply(row) from Python: microseconds per row;
3. libach.dask.reconcile_many over --ledgers generated ledgers (one per merchant) on a
   LocalCluster of 1 and one of 2 worker processes, runs alternating between them: events
   per second and the speed-up, the median of the paired runs' ratios (goal: >= 1.7x with 2
   workers on 2 cores). Cluster start-up is not timed.

    make -C build bench/ledger_gen
    /usr/bin/python3 bench/python_bench.py --build build [-n 1000000] [--ledgers 4]
"""
import argparse
import csv
import os
import pathlib
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

TOP = pathlib.Path(__file__).resolve().parent.parent


def child_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def best(fn, repeat):
    """(best CPU seconds, best wall seconds) of fn() over `repeat` runs; fn returns its CPU."""
    cpu, wall = [], []
    for _ in range(repeat):
        t = time.perf_counter()
        cpu.append(fn())
        wall.append(time.perf_counter() - t)
    return min(cpu), min(wall)


def main() -> int:
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="libach-pybench."))
    try:
        return run(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run(tmp: pathlib.Path) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=str(TOP / "build"), help="build directory")
    ap.add_argument("-n", type=int, default=1000000, help="events of the big ledger")
    ap.add_argument("--ledgers", type=int, default=4, help="ledgers for the Dask run")
    ap.add_argument("--rows", type=int, default=20000, help="rows for apply()")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--skip-dask", action="store_true")
    args = ap.parse_args()
    build = pathlib.Path(args.build).resolve()
    os.environ.setdefault("LIBACH_LIBRARY", str(build / ".libs" / "libach.so"))
    sys.path.insert(0, str(TOP / "python"))
    import libach

    gen, ach = build / "bench" / "ledger_gen", build / "tools" / "ach"
    if not gen.exists():
        subprocess.run(["make", "-C", str(build), "-s", "bench/ledger_gen"], check=True)
    big = tmp / "big.csv"
    subprocess.run([str(gen), "-n", str(args.n), "-s", "7", "-o", str(big)], check=True)
    print(f"ledger: {args.n} events, {big.stat().st_size / 1e6:.1f} MB")

    def cli():
        before = child_cpu()
        subprocess.run([str(ach), "reconcile", "--json", str(big)], stdout=subprocess.DEVNULL,
                       check=False)
        return child_cpu() - before

    def binding():
        before = time.process_time()
        r = libach.Reconciler()
        r.read(big)
        r.report()
        return time.process_time() - before

    def read_only():
        before = time.process_time()
        libach.Reconciler().read(big)
        return time.process_time() - before

    c_cpu, c_wall = best(cli, args.repeat)
    p_cpu, p_wall = best(binding, args.repeat)
    r_cpu, r_wall = best(read_only, args.repeat)
    print(f"ach reconcile --json:      cpu {c_cpu:.3f} s  wall {c_wall:.3f} s  "
          f"({args.n / c_cpu / 1e6:.2f} M events/s cpu)")
    print(f"Reconciler.read+report:    cpu {p_cpu:.3f} s  wall {p_wall:.3f} s  "
          f"({args.n / p_cpu / 1e6:.2f} M events/s cpu)")
    print(f"Reconciler.read alone:     cpu {r_cpu:.3f} s  wall {r_wall:.3f} s  "
          f"({args.n / r_cpu / 1e6:.2f} M events/s cpu)")
    print(f"binding overhead:          cpu {100 * (p_cpu / c_cpu - 1):+.1f} %  "
          f"wall {100 * (p_wall / c_wall - 1):+.1f} %  (goal: within 10 %)")

    with open(big, newline="", encoding="utf-8") as f:
        rows = []
        for row in csv.DictReader(f):
            if None in row or None in row.values():
                continue
            rows.append({k: v for k, v in row.items() if v})
            if len(rows) == args.rows:
                break
    def apply_rows():
        r = libach.Reconciler()
        before = time.process_time()
        for row in rows:
            r.apply(row)
        return time.process_time() - before

    a_cpu, a_wall = best(apply_rows, args.repeat)
    print(f"apply(row):                cpu {1e6 * a_cpu / len(rows):.1f} us/row  wall "
          f"{1e6 * a_wall / len(rows):.1f} us/row over {len(rows)} rows "
          f"({len(rows) / a_cpu:.0f} rows/s cpu)")

    if args.skip_dask:
        return 0
    from distributed import Client, LocalCluster
    from libach.dask import reconcile_many

    per = args.n // args.ledgers
    paths = []
    for i in range(args.ledgers):
        p = tmp / f"merchant{i}.csv"
        subprocess.run([str(gen), "-n", str(per), "-s", str(100 + i), "-o", str(p)], check=True)
        paths.append(str(p))
    # Both clusters stay up and the runs alternate, 1 worker then 2, so that each pair of runs
    # sees the same machine: the clock of this virtual machine drifts by tens of percent from
    # one second to the next, and the median of the paired ratios is what drift moves least.
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                      dashboard_address=":0") as c1, Client(c1) as one, \
            LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                         dashboard_address=":0") as c2, Client(c2) as two:
        clients = {1: one, 2: two}
        for client in clients.values():
            reconcile_many(paths[:2], client, ledgers=False)  # warm the workers up
        times = {1: [], 2: []}
        for _ in range(max(args.repeat, 5)):
            for workers, client in clients.items():
                t = time.perf_counter()
                reconcile_many(paths, client, ledgers=False)
                times[workers].append(time.perf_counter() - t)
    events = per * args.ledgers
    for workers in (1, 2):
        print(f"dask, {workers} worker(s):        {events / min(times[workers]) / 1e6:.2f} M "
              f"events/s best, {events / statistics.median(times[workers]) / 1e6:.2f} median "
              f"({args.ledgers} ledgers of {per} events, {len(times[workers])} runs)")
    # what two cores give two independent processes here, without Dask: the same ledgers
    # through `ach reconcile`, one after another, then as two streams of two at once
    real = build / "tools" / ".libs" / "ach"  # not libtool's wrapper script, when there is one
    tool = real if real.exists() else ach
    env = dict(os.environ, LD_LIBRARY_PATH=str(build / ".libs"))

    def streams(groups):
        t = time.perf_counter()
        procs = [subprocess.Popen(["sh", "-c", " && ".join(
            f"'{tool}' reconcile '{p}' >/dev/null" for p in g)], env=env) for g in groups]
        for proc in procs:
            proc.wait()
        return time.perf_counter() - t
    ceiling = sorted(streams([paths]) / streams([paths[0::2], paths[1::2]])
                     for _ in range(max(args.repeat, 5)))
    print(f"two processes, no Dask:    {statistics.median(ceiling):.2f}x median (range "
          f"{ceiling[0]:.2f}-{ceiling[-1]:.2f}x): what 2 cores give here at best")
    ratios = sorted(a / b for a, b in zip(times[1], times[2]))
    print(f"dask speed-up, 2 workers:  {statistics.median(ratios):.2f}x median of "
          f"{len(ratios)} paired runs (range {ratios[0]:.2f}-{ratios[-1]:.2f}x; best against "
          f"best {min(times[1]) / min(times[2]):.2f}x; goal: >= 1.7x on 2 idle cores; load "
          f"average now {os.getloadavg()[0]:.1f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
