"""benchmarks/load.py's bookkeeping (no browser): percentiles, pacing, steady state, server logs, report."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from benchmarks.cpu_split import _owner
from benchmarks.load import PAGE_LOADS, Results, _think, percentile, report, server_runs


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [
        ([], 95, 0.0),
        ([3.0], 50, 3.0),
        ([1.0, 2.0, 3.0, 4.0], 50, 2.0),
        ([float(v) for v in range(1, 21)], 95, 19.0),
        ([5.0, 1.0, 4.0, 2.0, 3.0], 100, 5.0),
    ],
)
def test_percentile_nearest_rank(values, q, expected):
    assert percentile(values, q) == expected


@pytest.mark.parametrize(("text", "expected"), [("1,3", (1.0, 3.0)), ("0", (0.0, 0.0)), ("2", (2.0, 2.0))])
def test_think_parses_min_max(text, expected):
    assert _think(text) == expected


@pytest.mark.parametrize("text", ["3,1", "-1,2"])
def test_think_rejects_bad_ranges(text):
    with pytest.raises(argparse.ArgumentTypeError):
        _think(text)


def test_steady_state_keeps_interactions_begun_after_the_last_page_opened():
    out = Results()
    # (kind, end time, seconds): the last page opened at t=10.
    out.timeline = [("open", 5.0, 5.0), ("click", 8.0, 2.0), ("open", 10.0, 10.0), ("filter", 12.5, 2.0),
                    ("click", 11.0, 0.5), ("link", 20.0, 3.0)]  # fmt: skip
    assert out.steady() == [2.0, 0.5]
    assert "link" in PAGE_LOADS and "open" in PAGE_LOADS


def test_server_runs_skips_the_bytes_before_the_sessions(tmp_path: Path):
    log = tmp_path / "runs.tsv"
    log.write_text("full\t100.0\t90.0\nfragment\t12.5\t6.0\nbroken line\nfull\t40.0\t30.0\n")
    assert server_runs(log) == [("full", 100.0, 90.0), ("fragment", 12.5, 6.0), ("full", 40.0, 30.0)]
    assert server_runs(log, skip_bytes=len("full\t100.0\t90.0\n")) == [
        ("fragment", 12.5, 6.0),
        ("full", 40.0, 30.0),
    ]
    assert server_runs(tmp_path / "missing.tsv") == []


@pytest.mark.parametrize(
    ("pid", "expected"),
    [(30, "server"), (31, "server"), (40, "chromium"), (41, "driver"), (50, "other"), (99, "other")],
)
def test_owner_by_ancestry(pid, expected, monkeypatch):
    me = 20
    monkeypatch.setattr("benchmarks.cpu_split.os.getpid", lambda: me)
    table = {
        1: (0, "init", 0.0), me: (1, "python", 0.0), 30: (me, "python", 0.0), 31: (30, "python", 0.0),
        40: (me, "chromium", 0.0), 41: (me, "node", 0.0), 50: (1, "python", 0.0),
    }  # fmt: skip
    assert _owner(pid, table, server_pid=30) == expected


def test_report_states_the_think_time_and_the_cpu_split():
    out = Results()
    for kind, seconds in [("open", 3.0), ("click", 0.2), ("filter", 0.4), ("link", 2.0)]:
        out.add(kind, seconds)
    out.server_runs = [("fragment", 12.0, 6.0), ("full", 50.0, 40.0)]
    out.cpu = {"server": 1.0, "chromium": 20.0, "driver": 0.5, "other": 3.0, "available": 60.0}
    text = report(out, 3, 20.0, (1.0, 3.0))
    assert "think time 1-3 s uniform" in text
    assert "interactions (filter+click) n=    2" in text and "page loads (open+link)   n=    2" in text
    assert "server fragment run wall" in text and "chromium 20, driver 0, other 3 of 60 available" in text
    assert "no think time" in report(out, 3, 20.0, (0.0, 0.0))
