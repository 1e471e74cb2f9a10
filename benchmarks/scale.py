"""Scale benchmark: end-to-end throughput single process vs Dask, peak RSS, store size, query latency.

Each build runs in a fresh child process so that its peak RSS is its own:
  read -> events -> stored, for a generated corpus of N articles, single process and Dask local:2.
Then the store's app queries (`Store.query_events`) are timed on a data set of 100k events.
Targets (issue 7): >= 200 articles/s end to end on 2 cores; peak RSS < 2 GB at 100k articles;
filter queries over 100k events < 100 ms; opening a 100k-event data set < 2 s.

    python benchmarks/scale.py            # 10k and 100k articles (long)
    python benchmarks/scale.py --quick    # 1k articles, and the 100k-event query table
    python benchmarks/scale.py --queries [--db FILE]   # the query table only; reuses FILE's data set
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the timeline package and tests.store.builders, run from anywhere


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children (Dask workers): robust on a busy machine."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def run_build(mode: str, corpus: Path, db: Path, batch_size: int) -> dict[str, float]:
    """In this (child) process: ingest the corpus in batches (read -> events, stored); figures."""
    from timeline.distributed import ingest_in_batches
    from timeline.settings import Settings
    from timeline.store import Store

    start = time.perf_counter()
    with Store.open(db) as store:
        timed = _TimedStore(store)
        reports = ingest_in_batches(
            [corpus], timed, "bench", "bench", Settings(),
            batch_size=batch_size, scheduler=None if mode == "single" else mode,
        )  # fmt: skip
    done = time.perf_counter()
    return {
        "articles": sum(r.articles_added for r in reports),
        "events": reports[-1].events_after,
        "build_s": done - start - timed.seconds,
        "store_s": timed.seconds,
        "last_store_s": timed.last,
        "total_s": done - start,
        "peak_rss_mb": _peak_rss_mb(),
        "cpu_s": _cpu_seconds(),
        "db_mb": sum(p.stat().st_size for p in db.parent.glob(db.name + "*")) / 1e6,
    }


class _TimedStore:
    """The store, with the time spent in `ingest` (merge into stored events + writing) counted."""

    def __init__(self, store: object) -> None:
        self.store, self.seconds, self.last = store, 0.0, 0.0

    def ingest(self, *args: object, **kwargs: object) -> object:
        start = time.perf_counter()
        report = self.store.ingest(*args, **kwargs)  # type: ignore[attr-defined]
        self.last = time.perf_counter() - start
        self.seconds += self.last
        return report

    def __getattr__(self, name: str) -> object:
        return getattr(self.store, name)


def child_build(mode: str, corpus: Path, db: Path, batch_size: int) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(corpus), str(db), str(batch_size)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _median_ms(fn: object, repeat: int = 15) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def ensure_query_store(db: Path, n_events: int) -> None:
    """A store with a data set 'events' of `n_events` synthetic events (one article each), built once."""
    from tests.store.builders import make_timeline
    from timeline.store import Store

    with Store.open(db) as store:
        table = store.datasets()
        have = table.loc[table["name"] == "events", "events"].tolist()
        if have == [n_events]:
            print(f"\nstore: reusing {db} ({n_events:,} events)")
            return
        start = time.perf_counter()
        store.ingest("events", make_timeline(n_events, group=1), "bench", replace_all=True)
        print(f"\nstore: ingest of {n_events:,} articles/events: {time.perf_counter() - start:.1f} s")


VIEWS = {
    "no filter": {},
    "date range (1 month)": {"date_from": date(2024, 3, 1), "date_to": date(2024, 3, 31)},
    "actors (1 of 5)": {"actors": ("Wang Yi",)},
    "countries (1)": {"countries": ("China",)},
    "types (2 of 4)": {"types": ("meeting", "visit")},
    "outlets (1 of 3)": {"outlets": ("AP",)},
    "min sources 2": {"min_sources": 2},
    "no background, no announced": {"include_background": False, "include_announced": False},
    "text search": {"search": "talks number 4242 "},
    "all combined": {
        "date_from": date(2024, 2, 1), "date_to": date(2024, 6, 30), "actors": ("Wang Yi", "Xi Jinping"),
        "types": ("meeting",), "outlets": ("AP", "The Moscow Times"), "search": "beijing",
    },
}  # fmt: skip


def query_table(db: Path, n_events: int) -> None:
    """Time the app's store-backed path on a data set of `n_events` events: open, filters, drill-down."""
    from timeline.storeview import StoredDataset
    from timeline.view import ViewState

    ensure_query_store(db, n_events)
    source = StoredDataset(db, "events")
    start = time.perf_counter()
    opened = source.open()
    options = source.options()
    events = source.filter(opened.events, ViewState())
    opened_ms = (time.perf_counter() - start) * 1000
    print(f"open a data set of {len(opened.events):,} events, {len(opened.articles):,} articles "
          f"(frames, {sum(map(len, options.values()))} options, first filter): {opened_ms:.0f} ms "
          f"(target < 2000 ms)")  # fmt: skip
    print(f"{'filter over ' + format(len(events), ',') + ' events (open + SQL + rows)':<48}{'rows':>9}"
          f"{'median ms':>11}")  # fmt: skip
    for name, fields in VIEWS.items():
        state = ViewState(**fields)  # type: ignore[arg-type]
        rows = len(source.filter(opened.events, state))
        ms = _median_ms(lambda s=state: source.filter(opened.events, s))
        print(f"{name:<48}{rows:>9,}{ms:>11.1f}{'' if ms < 100 else '  over the 100 ms target'}")
    ids = opened.events["id"].tolist()
    middle = ids[len(ids) // 2 : len(ids) // 2 + 1]
    for name, fn in {
        "option lists (4 columns)": source.options,
        "drill-down: one event, its mentions and articles": lambda: source.detail(middle),
        "mentions of 1,000 events (export)": lambda: source.mentions(ids[:1000]),
    }.items():  # fmt: skip
        print(f"{name:<48}{'':>9}{_median_ms(fn, repeat=5):>11.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="1k articles instead of 10k and 100k")
    parser.add_argument("--sizes", type=int, nargs="*", help="corpus sizes to build")
    parser.add_argument("--events", type=int, default=100_000, help="events for the query table")
    parser.add_argument("--dask", default="local:2", help="Dask scheduler (local:N or an address)")
    parser.add_argument("--batch-size", type=int, default=2000, help="source files per ingest batch")
    parser.add_argument("--no-dask", action="store_true", help="single process only")
    parser.add_argument("--no-queries", action="store_true", help="skip the 100k-event query table")
    parser.add_argument("--queries", action="store_true", help="only the query table (no corpus build)")
    parser.add_argument("--db", type=Path, help="store file of the query table, reused when it is there")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, corpus, db, batch = args.child
        print(json.dumps(run_build(mode, Path(corpus), Path(db), int(batch))))
        return
    if args.queries:
        db = args.db or Path(tempfile.gettempdir()) / f"timeline-queries-{args.events}.duckdb"
        query_table(db, args.events)
        return
    from corpus import generate  # benchmarks/corpus.py, next to this script

    sizes = args.sizes or ([1000] if args.quick else [10_000, 100_000])
    with tempfile.TemporaryDirectory() as tmp:
        print(
            f"batches of {args.batch_size} files; 'store s' is merging into the stored events + writing, "
            f"'last' its last batch"
        )
        print(f"{'articles':>9} {'mode':<9}{'events':>8}{'art/s':>8}{'build s':>9}{'store s':>9}{'last':>7}"
              f"{'peak RSS MB':>13}{'store MB':>10}{'art/CPU-s':>11}")  # fmt: skip
        for n in sizes:
            corpus = Path(tmp) / f"corpus-{n}"
            generate(n, corpus, seed=n)
            rates = {}
            modes = ("single",) if args.no_dask else ("single", args.dask)
            for mode in modes:
                db = Path(tmp) / f"{n}-{mode.replace(':', '-')}.duckdb"
                r = child_build(mode, corpus, db, args.batch_size)
                rates[mode] = r["articles"] / r["total_s"]
                print(f"{n:>9,} {mode:<9}{r['events']:>8,}{rates[mode]:>8.0f}{r['build_s']:>9.1f}"
                      f"{r['store_s']:>9.1f}{r['last_store_s']:>7.1f}{r['peak_rss_mb']:>13.0f}"
                      f"{r['db_mb']:>10.1f}{r['articles'] / r['cpu_s']:>11.0f}")  # fmt: skip
            if not args.no_dask:
                ratio = rates[args.dask] / rates["single"]
                print(f"{'':>9} Dask / single: {ratio:.2f}x  (target >= 200 art/s)")
        if not args.no_queries:
            query_table(args.db or Path(tmp) / "events.duckdb", args.events)
    print("\npeak RSS of a Dask build is the client's; each worker process has its own")


if __name__ == "__main__":
    main()
