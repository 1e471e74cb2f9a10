"""Concurrent writers and readers of one store, and a small browser load test.

DuckDB lets one process write a file: two `python -m timeline ingest` at once must each
either complete or fail cleanly (a clear message, exit 2, no traceback), and the store must
then hold, for every data set, exactly what single ingests give, never a half-written one.
Within one process, threads querying a Store while another thread ingests see each data set
either absent or complete. The browser test runs benchmarks/load.py briefly (3 sessions).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from benchmarks.corpus import generate
from benchmarks.crash import StoreState, ingest_command, snapshot_code, start_ingest, store_state, timed_run
from tests.browser.conftest import CHROMIUM, app_url  # noqa: F401 - the server fixture, reused
from tests.store.builders import make_timeline
from timeline.store import Store, StoreError

BUSY = "in use by another process"


@dataclass(frozen=True)
class Corpora:
    """Two article folders, a frozen copy of the code, and the state single ingests give."""

    work: Path
    code: Path
    folders: dict[str, Path]
    single: dict[str, StoreState]  # "A", "B", "AB" (A then B into one data set), "BA"


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> Corpora:
    """Single ingests: A then B into one store (states after A and after AB), B then A likewise."""
    work = tmp_path_factory.mktemp("concurrency")
    code = snapshot_code(work)
    folders = {"A": work / "A", "B": work / "B"}
    generate(60, folders["A"], seed=21)
    generate(60, folders["B"], seed=22)
    single: dict[str, StoreState] = {}
    for order in ("AB", "BA"):
        db = work / f"ref-{order}.duckdb"
        for i, name in enumerate(order):
            timed_run(ingest_command([folders[name]], db, "d"), db, code)
            single[order[: i + 1]] = store_state(db)
            if i == 0:
                shutil.copyfile(db, work / f"ref-{name}.duckdb")
    return Corpora(work, code, folders, single)


def _finished_cleanly(proc: subprocess.Popen[bytes]) -> bool:
    """True when it completed; False when it failed cleanly; raises on any other outcome."""
    _, err = proc.communicate(timeout=300)
    stderr = err.decode(errors="replace")
    if proc.returncode == 0:
        return True
    assert proc.returncode == 2, stderr
    assert BUSY in stderr and "Traceback" not in stderr, stderr
    return False


@pytest.mark.parametrize(
    ("runs", "label"),
    [
        ((("A", "a"), ("B", "b")), "different data sets"),
        ((("A", "x"), ("A", "x")), "same data set, same articles"),
        ((("A", "y"), ("B", "y")), "same data set, other articles"),
    ],
)
def test_two_ingest_processes_serialise_or_fail_cleanly(
    corpora: Corpora, tmp_path: Path, runs: tuple[tuple[str, str], ...], label: str
) -> None:
    db = tmp_path / "shared.duckdb"
    procs = [
        start_ingest(
            ingest_command([corpora.folders[c]], db, d),
            corpora.code,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for c, d in runs
    ]
    done = [_finished_cleanly(p) for p in procs]
    assert any(done), f"{label}: neither ingest completed"
    state = store_state(db)  # opens: nothing half-written can make it unreadable
    ok = [run for run, d in zip(runs, done, strict=True) if d]
    names = {d for _, d in ok}
    assert set(state) == names, label
    for name in names:
        corpus_order = [c for c, d in ok if d == name]
        # Several completed into one data set: the result of either order of single ingests.
        allowed = {"".join(corpus_order), "".join(reversed(corpus_order))}
        if len(set(corpus_order)) == 1:
            allowed = {corpus_order[0]}
        expected = [corpora.single[o]["d"] for o in allowed]
        assert state[name] in expected, f"{label}: data set {name} is not what single ingests give"


@pytest.mark.parametrize("command", ["ingest", "datasets"])
def test_a_held_store_gives_a_clear_error_and_stays_unchanged(
    corpora: Corpora, tmp_path: Path, command: str
) -> None:
    db = tmp_path / "held.duckdb"
    shutil.copyfile(corpora.work / "ref-A.duckdb", db)
    before = store_state(db)
    args = ingest_command([corpora.folders["B"]], db, "d")
    if command == "datasets":
        args = [*args[:3], "datasets", "--db", str(db)]
    with Store.open(db):  # this process holds the write lock, as a long ingest would
        proc = start_ingest(args, corpora.code, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert not _finished_cleanly(proc)
    assert store_state(db) == before


def test_store_error_not_duckdb_error_when_the_lock_is_held(tmp_path: Path) -> None:
    db = tmp_path / "lock.duckdb"
    hold = f"import duckdb, sys; c = duckdb.connect({str(db)!r}); print('held', flush=True); sys.stdin.read()"
    holder = start_ingest(
        [sys.executable, "-c", hold], tmp_path, stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == b"held"
        for read_only in (False, True):
            with pytest.raises(StoreError, match=BUSY):
                Store.open(db, read_only=read_only)
    finally:
        holder.kill()
        holder.wait(timeout=30)


def test_threads_query_while_another_thread_ingests(tmp_path: Path) -> None:
    db = tmp_path / "threads.duckdb"
    base, big = make_timeline(200), make_timeline(1500, first=10_000)
    errors: list[str] = []
    reads = [0]
    writing = threading.Event()
    with Store.open(db) as store:
        store.ingest("base", base, "v1")
        base_events = len(store.query_events("base"))
        names = [f"big{i}" for i in range(3)]

        def write() -> None:
            writing.set()
            for name in names:
                store.ingest(name, big, "v1")

        def read() -> None:
            writing.wait()
            while writer.is_alive():
                try:
                    table = store.datasets().set_index("name")
                    assert set(table.index) <= {"base", *names}
                    for name in set(table.index) - {"base"}:  # present means complete
                        assert table.loc[name, "articles"] == len(big.articles)
                        assert len(store.query_events(name)) == len(big.events)
                    assert len(store.query_events("base")) == base_events
                    assert store.load("base") == base
                    reads[0] += 1
                except Exception as exc:  # collected: an assert in a thread would be lost
                    errors.append(f"{type(exc).__name__}: {exc}")
                    return

        writer = threading.Thread(target=write)
        readers = [threading.Thread(target=read) for _ in range(3)]
        for thread in (writer, *readers):
            thread.start()
        for thread in (writer, *readers):
            thread.join(timeout=300)
        assert errors == []
        assert reads[0] > 0
        for name in names:
            assert store.load(name) == big


@pytest.mark.browser
@pytest.mark.slow
def test_three_browser_sessions_for_ten_seconds_without_errors(app_url: str) -> None:  # noqa: F811
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing (CI=true, so this is a failure, not a skip)")
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (make browser-deps)")
    from benchmarks.load import run

    # In a thread of its own: asyncio.run must not meet the sync Playwright of other browser tests.
    with ThreadPoolExecutor(max_workers=1) as pool:
        results = pool.submit(run, app_url, 3, 10.0).result(timeout=300)
    assert results.errors == []
    interactions = [v for k, vs in results.latencies.items() if k != "open" for v in vs]
    assert len(interactions) >= 3
