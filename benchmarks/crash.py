"""Crash safety over many kills: SIGKILL an ingest subprocess at random points, lose nothing.

Each round copies a base store (one data set, `base`), runs the real command line
(`python -m timeline ingest BATCH --db COPY --dataset D`) and kills it with SIGKILL after a
random delay. Then the store must open (read-only, as the app opens it, then for writing),
hold exactly the base state (data set counts and a content hash of `Store.load`, record by
record) or, when the kill came after the commit, exactly the full result: never anything in
between. A re-run of the same ingest must give what an uninterrupted run gives. Rounds
alternate between a new data set and articles added to `base` (the stored-merge path).
Half of the kills fall anywhere in the run, half in the time the process holds the store file
open (watched in /proc/PID/fd; the window is timed on an uninterrupted run). The subprocesses run a
snapshot of the `timeline` package, so that edits to the tree during a run cannot change the
extraction version between the kill, the re-run and the reference.

    python benchmarks/crash.py [--kills 20] [--articles 400] [--seed 0]

Prints kills, where they landed, lost and half-written records (0 expected); exits 1 otherwise.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.corpus import generate  # noqa: E402
from timeline.serialize import article_to_dict, error_to_dict, event_to_dict, expression_to_dict  # noqa: E402
from timeline.store import Store  # noqa: E402

#: Per data set: (articles, events, mentions) counts, a hash of the whole load(), one hash per record.
DatasetState = tuple[tuple[int, int, int], str, frozenset[str]]
StoreState = dict[str, DatasetState]
MODES = ("new", "append")


@dataclass(frozen=True)
class Timing:
    """An uninterrupted run: when the store file was first open and when the process ended (s)."""

    store_open: float
    end: float


@dataclass(frozen=True)
class Round:
    """One kill and what the checks found."""

    mode: str
    delay: float
    phase: str  # extracting | store open | store closed (", committed" when it had) | finished
    lost: int
    half_written: int
    rerun_ok: bool
    seconds: float


def _digest(value: object) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def store_state(path: Path) -> StoreState:
    """Every data set's counts, content hash and record hashes, read as the app reads (read-only)."""
    state: StoreState = {}
    with Store.open(path, read_only=True) as store:
        table = store.datasets()
        for row in table.itertuples(index=False):
            tl = store.load(str(row.name))
            items = [("article", article_to_dict(a)) for a in tl.articles]
            items += [("event", event_to_dict(e)) for e in tl.events]
            items += [("error", error_to_dict(e)) for e in tl.errors]
            items += [
                ("expressions", [k, [expression_to_dict(x) for x in v]]) for k, v in tl.expressions.items()
            ]
            records = frozenset(_digest(item) for item in items)
            counts = (int(row.articles), int(row.events), int(row.mentions))
            state[str(row.name)] = (counts, _digest([row.extraction_version, items]), records)
    return state


def differences(before: StoreState, after: StoreState) -> tuple[int, int]:
    """(lost, half_written): records of `before` missing from `after`, records `after` has in excess."""
    lost = extra = 0
    for name in before.keys() | after.keys():
        old = before.get(name, ((0, 0, 0), "", frozenset()))[2]
        new = after.get(name, ((0, 0, 0), "", frozenset()))[2]
        lost += len(old - new)
        extra += len(new - old)
    return lost, extra


def ingest_command(paths: list[Path], db: Path, dataset: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "timeline",
        "ingest",
        *map(str, paths),
        "--db",
        str(db),
        "--dataset",
        dataset,
    ]


def snapshot_code(work: Path) -> Path:
    """A frozen copy of the `timeline` package under `work`; ingest subprocesses import it (cwd first)."""
    code = work / "code"
    shutil.rmtree(code, ignore_errors=True)
    shutil.copytree(ROOT / "timeline", code / "timeline", ignore=shutil.ignore_patterns("__pycache__"))
    return code


def start_ingest(command: list[str], code: Path, **popen: object) -> subprocess.Popen[bytes]:
    """Start `command` on the snapshot `code` (its folder comes first on sys.path)."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    return subprocess.Popen(command, cwd=code, env=env, **popen)  # type: ignore[call-overload]


def _holds(pid: int, path: Path) -> bool:
    """Whether process `pid` has `path` (or its WAL) open, from /proc (Linux)."""
    try:
        fds = list(Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return False
    for fd in fds:
        try:
            if str(fd.readlink()).startswith(str(path)):
                return True
        except OSError:
            continue
    return False


def _start(command: list[str], code: Path) -> subprocess.Popen[bytes]:
    return start_ingest(command, code, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def timed_run(command: list[str], db: Path, code: Path, timeout: float = 600) -> Timing:
    """Run to completion, noting when the store file is first open; raises when the ingest fails."""
    start, opened = time.monotonic(), None
    proc = _start(command, code)
    while proc.poll() is None:
        if opened is None and _holds(proc.pid, db):
            opened = time.monotonic() - start
        if time.monotonic() - start > timeout:
            proc.kill()
        time.sleep(0.005)
    end = time.monotonic() - start
    stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode != 0:
        raise RuntimeError(f"ingest failed ({proc.returncode}): {stderr[-2000:]}")
    return Timing(store_open=end if opened is None else opened, end=end)


def kill_after(command: list[str], db: Path, code: Path, delay: float, *, from_open: bool = False) -> str:
    """Start the ingest and SIGKILL it `delay` s after its start (or after it opened the store).

    Returns where the process was: extracting, store open, store closed (done writing, not yet
    exited), or finished (the kill came too late).
    """
    proc = _start(command, code)
    if from_open:
        while proc.poll() is None and not _holds(proc.pid, db):
            time.sleep(0.002)
    deadline, seen_open = time.monotonic() + delay, from_open
    while proc.poll() is None and time.monotonic() < deadline:
        seen_open = seen_open or _holds(proc.pid, db)
        time.sleep(min(0.002, max(0.0, deadline - time.monotonic())))
    if proc.poll() is not None:
        return "finished"
    phase = "store open" if _holds(proc.pid, db) else "store closed" if seen_open else "extracting"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    return phase


@dataclass(frozen=True)
class Setup:
    """A base store, the batch each round ingests, and the expected state after an uninterrupted run."""

    base: Path
    code: Path
    batch: list[Path]
    base_state: StoreState
    expected: dict[str, StoreState]
    timing: dict[str, Timing]


def dataset_of(mode: str) -> str:
    return "extra" if mode == "new" else "base"


def prepare(work: Path, articles: int, seed: int = 0) -> Setup:
    """Generate two corpora, ingest the first as `base`, time and record an uninterrupted run per mode."""
    code = snapshot_code(work)
    generate(articles, work / "corpus-base", seed=seed)
    generate(articles, work / "corpus-batch", seed=seed + 1)
    base = work / "base.duckdb"
    timed_run(ingest_command([work / "corpus-base"], base, "base"), base, code)
    expected, timing = {}, {}
    for mode in MODES:
        copy = work / f"expected-{mode}.duckdb"
        shutil.copyfile(base, copy)
        command = ingest_command([work / "corpus-batch"], copy, dataset_of(mode))
        timing[mode] = timed_run(command, copy, code)
        expected[mode] = store_state(copy)
    return Setup(base, code, [work / "corpus-batch"], store_state(base), expected, timing)


def one_round(setup: Setup, work: Path, mode: str, delay: float, *, from_open: bool = False) -> Round:
    """Kill one ingest `delay` s after its start (or its opening the store), check, re-run, check again."""
    started = time.monotonic()
    db = work / f"round-{mode}.duckdb"
    for leftover in (db, Path(f"{db}.wal")):
        leftover.unlink(missing_ok=True)
    shutil.copyfile(setup.base, db)
    command = ingest_command(setup.batch, db, dataset_of(mode))
    phase = kill_after(command, db, setup.code, delay, from_open=from_open)
    after = store_state(db)
    if after == setup.expected[mode]:  # killed after its commit (or it finished): the whole result
        lost = extra = 0
        phase = phase if phase == "finished" else f"{phase}, committed"
    else:  # killed before its commit: exactly the previous state, record for record
        lost, extra = differences(setup.expected[mode] if phase == "finished" else setup.base_state, after)
        if after != setup.base_state:
            extra = max(extra, 1)
    with Store.open(db):  # the CLI opens for writing: the WAL of the killed run is replayed or dropped
        pass
    timed_run(command, db, setup.code)
    rerun_ok = store_state(db) == setup.expected[mode]
    return Round(mode, delay, phase, lost, extra, rerun_ok, time.monotonic() - started)


def run(kills: int, articles: int, seed: int, work: Path) -> list[Round]:
    """`kills` rounds, alternating the modes; delays drawn from a seeded generator."""
    setup = prepare(work, articles, seed)
    rng = random.Random(seed)
    rounds = []
    for i in range(kills):
        mode = MODES[i % len(MODES)]
        t = setup.timing[mode]
        from_open = i % 4 >= 2  # half the kills while the store is open: the window that matters
        delay = rng.uniform(0.0, t.end - t.store_open) if from_open else rng.uniform(0.05, t.end)
        rounds.append(one_round(setup, work, mode, delay, from_open=from_open))
    return rounds


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--articles", type=int, default=400, help="articles in the base and in each batch")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="crash-bench-") as tmp:
        started = time.monotonic()
        rounds = run(args.kills, args.articles, args.seed, Path(tmp))
    for r in rounds:
        print(f"{r.mode:7s} kill at {r.delay:5.2f} s ({r.phase:10s}) lost {r.lost} half-written "
              f"{r.half_written} re-run {'ok' if r.rerun_ok else 'WRONG'} ({r.seconds:.1f} s)")  # fmt: skip
    phases: dict[str, int] = {}
    for r in rounds:
        phases[r.phase] = phases.get(r.phase, 0) + 1
    lost, half = sum(r.lost for r in rounds), sum(r.half_written for r in rounds)
    bad_reruns = sum(not r.rerun_ok for r in rounds)
    print(f"kills: {len(rounds)} ({', '.join(f'{v} {k}' for k, v in phases.items())}); "
          f"lost records: {lost}; half-written records: {half}; wrong re-runs: {bad_reruns}; "
          f"{time.monotonic() - started:.0f} s in all")  # fmt: skip
    return 1 if lost or half or bad_reruns else 0


if __name__ == "__main__":
    sys.exit(main())
