"""A kill -9 in the middle of an ingest leaves the previous state readable, and the next run completes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.conftest import ROOT
from tests.store.builders import make_timeline
from timeline.store import Store

CHILD = textwrap.dedent(
    """
    import sys, time
    import timeline.store as store
    import timeline.store.write as write
    from tests.store.builders import make_timeline

    with store.Store.open(sys.argv[1]) as s:
        s.ingest("small", make_timeline(10), "v1")
        write_events = write.write_events

        def write_then_hang(*args, **kwargs):
            write_events(*args, **kwargs)
            print("inside the transaction", flush=True)
            time.sleep(120)

        write.write_events = write_then_hang
        s.ingest("big", make_timeline(int(sys.argv[2])), "v1")
    """
)


def test_sigkill_mid_ingest_keeps_the_previous_state(tmp_path: Path) -> None:
    path = tmp_path / "t.duckdb"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), "4000"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "inside the transaction"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL

    with Store.open(path) as s:
        assert s.datasets()["name"].tolist() == ["small"]
        assert s.load("small") == make_timeline(10)
        big = make_timeline(4000)
        report = s.ingest("big", big, "v1")
        assert report.articles_added == 4000
    with Store.open(path, read_only=True) as s:
        assert s.load("big") == big
