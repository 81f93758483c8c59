# SPDX-License-Identifier: Apache-2.0
"""reconcile_many on a real LocalCluster of 2 worker processes: the merged report is the
single-process one (each ledger reconciled here, merged with ach_recon_report_merge()) and
the one of `ach reconcile A B C --json`."""
import json
import subprocess

import pytest

import libach

distributed = pytest.importorskip("distributed")
from libach.dask import main, reconcile_many  # noqa: E402


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=":0")
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


@pytest.fixture
def ledgers(sample, tmp_path):
    """Three merchants: the sample, its first 60 lines, and its lines from 61 (a ledger of
    its own with charges whose accounts it does not know)."""
    lines = sample.read_text(encoding="utf-8").splitlines(keepends=True)
    paths = [sample, tmp_path / "head.csv", tmp_path / "tail.csv"]
    paths[1].write_text("".join(lines[:60]), encoding="utf-8")
    paths[2].write_text(lines[0] + "".join(lines[60:]), encoding="utf-8")
    return [str(p) for p in paths]


def single_process(paths, as_of):
    parts, reports = [], []
    for p in paths:
        r = libach.Reconciler()
        r.read(p)
        parts.append(r.report_part(as_of))
        reports.append(r.report(as_of))
    return reports, libach.merge_parts(parts)


def test_merged_equals_single_process(client, ledgers, ach_tool):
    out = reconcile_many(ledgers, client)
    as_of = max(_last(p) for p in ledgers)
    reports, total = single_process(ledgers, as_of)
    assert out["total"] == total
    assert out["ledgers"] == reports
    assert total["input"]["lines"] == sum(r["input"]["lines"] for r in reports)
    assert total["amounts"]["gross"] == sum(r["amounts"]["gross"] for r in reports) > 0
    # and the CLI's total of the same ledgers, key for key
    cli = json.loads(subprocess.run([str(ach_tool), "reconcile", "--json", *ledgers],
                                    capture_output=True, text=True).stdout)
    assert json.dumps(out["total"]) == json.dumps(cli["total"])
    assert json.dumps(out["ledgers"]) == json.dumps(cli["ledgers"])


def _last(path):
    r = libach.Reconciler()
    r.read(path)
    return r.last_date


def test_errors_cross_the_cluster(client, tmp_path):
    (tmp_path / "bad.csv").write_text("time,type\n")
    with pytest.raises(libach.LedgerHeaderError) as e:
        reconcile_many([str(tmp_path / "bad.csv")], client)
    assert "ref" in e.value.message
    with pytest.raises(TypeError):
        reconcile_many("one.csv", client)


def test_command_line(ledgers, capsys):
    assert main(ledgers[1:] + ["--local", "2", "--total-only"]) == 0
    total = json.loads(capsys.readouterr().out)
    _, expected = single_process(ledgers[1:], max(_last(p) for p in ledgers[1:]))
    assert total == expected


def test_command_line_with_a_scheduler_address(client, ledgers, capsys):
    address = client.scheduler.address  # a running scheduler, as on a multi-machine cluster
    assert main(ledgers + ["--scheduler", address]) == 0
    out = json.loads(capsys.readouterr().out)
    reports, total = single_process(ledgers, max(_last(p) for p in ledgers))
    assert out == {"ledgers": reports, "total": total}


def test_given_report_date(client, ledgers):
    import datetime as dt
    day = dt.date(2025, 4, 30)
    out = reconcile_many(ledgers, client, as_of=day, ledgers=False)
    assert list(out) == ["total"]
    assert out["total"] == single_process(ledgers, day)[1]
    assert out["total"]["as_of"] == "2025-04-30"


def test_parts_carry_their_date(ledgers):
    """report_part() says its date: reconcile_many asks again only the engines whose ledger
    ends before the latest date (here the head of the sample ends earlier)."""
    import libach.dask as ld
    dates = [_last(p) for p in ledgers]
    assert dates[1] < dates[0] == max(dates)
    for p, d in zip(ledgers, dates):
        r = libach.Reconciler()
        r.read(p)
        assert r.report_part()["as_of"] == d
        assert ld._part(r, None, False)["as_of"] == d
    assert libach.Reconciler().report_part()["as_of"] is None


def test_same_day_and_empty_ledgers(client, ledgers, tmp_path):
    """Ledgers that end on one day are merged from the first parts; an empty ledger (no
    record, so no date of its own) is reported as of the others' date."""
    empty = tmp_path / "empty.csv"
    empty.write_text(open(ledgers[0], encoding="utf-8").readline(), encoding="utf-8")
    paths = [ledgers[0], ledgers[0], str(empty)]
    out = reconcile_many(paths, client)
    reports, total = single_process(paths, _last(ledgers[0]))
    assert out == {"ledgers": reports, "total": total}
    assert out["ledgers"][2]["as_of"] == out["ledgers"][0]["as_of"]
    alone = reconcile_many([str(empty)], client)["total"]
    assert alone["input"]["lines"] == 0 and alone["as_of"] is None

