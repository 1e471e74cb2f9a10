"""Throughput of tag_dates against dateparser.search_dates and Microsoft Recognizers-Text, in one run.

Usage: .venv/bin/python benchmarks/dates.py [--seconds S] [--peer-docs N] [--peer-seconds S]
Prints articles/s and MB/s on one core over sample_data/ and the MEANTIME texts in
../shared (when present), the peers' figures on the same texts, the ratios, and
peak memory (tracemalloc). Recognizers-Text pins an old `emoji`, so it runs in its
own venv (/tmp/recog-venv) through a subprocess; when that venv is missing the
script says how to make it and carries on.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timeline.dates import tag_dates  # noqa: E402
from timeline.dates.evaluation import read_meantime  # noqa: E402
from timeline.dates.grammar import load_grammar  # noqa: E402

MEANTIME = ROOT.parent / "shared" / "data" / "meantime-en" / "intra_cross-doc_annotation"
RECOGNIZERS_PYTHON = Path("/tmp/recog-venv/bin/python")
SAMPLE_ANCHOR = date(2024, 11, 10)
Corpus = list[tuple[str, date]]

_RECOGNIZERS_SCRIPT = """
import json, sys, time
from recognizers_date_time import recognize_datetime, Culture
texts = json.load(open(sys.argv[1]))
recognize_datetime("warm up on Friday", Culture.English)
start = time.process_time()
hits = sum(len(recognize_datetime(t, Culture.English)) for t in texts)
print(json.dumps({"seconds": time.process_time() - start, "hits": hits}))
"""


def sample_corpus() -> Corpus:
    return [
        (p.read_text(encoding="utf-8"), SAMPLE_ANCHOR) for p in sorted((ROOT / "sample_data").glob("*.txt"))
    ]


def meantime_corpus() -> Corpus:
    documents = [read_meantime(p) for p in sorted(MEANTIME.glob("corpus_*/*.xml"))]
    return [(d.text, d.dct or SAMPLE_ANCHOR) for d in documents]


def throughput(
    corpus: Corpus, tagger: Callable[[str, date], object], seconds: float
) -> tuple[float, float, int]:
    """(articles/s, MB/s, passes) of `tagger` over `corpus`, repeated for at least `seconds` of CPU time.

    CPU time of this process (one core), not wall time: the machine is shared, and
    wall time would charge other processes' load to the tagger.
    """
    size = sum(len(text.encode("utf-8")) for text, _ in corpus)
    passes, start = 0, time.process_time()
    while True:
        for text, anchor in corpus:
            tagger(text, anchor)
        passes += 1
        elapsed = time.process_time() - start
        if elapsed >= seconds:
            break
    return passes * len(corpus) / elapsed, passes * size / elapsed / 1e6, passes


def peak_memory(corpus: Corpus, tagger: Callable[[str, date], object]) -> float:
    """Peak traced memory in MB while tagging the corpus once."""
    tracemalloc.start()
    for text, anchor in corpus:
        tagger(text, anchor)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1e6


def dateparser_tagger(text: str, anchor: date) -> object:
    from dateparser.search import search_dates

    base = datetime(anchor.year, anchor.month, anchor.day)
    return search_dates(text, languages=["en"], settings={"RELATIVE_BASE": base})


def recognizers_rate(corpus: Corpus) -> tuple[float, float] | str:
    """(articles/s, MB/s) of Recognizers-Text in its own venv, or why it could not run."""
    if not RECOGNIZERS_PYTHON.exists():
        return (
            "not installed: python3 -m venv /tmp/recog-venv && /tmp/recog-venv/bin/pip install "
            "recognizers-text-date-time==1.0.2a2 'emoji<1.0'"
        )
    texts = [text for text, _ in corpus]
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(texts, handle)
    result = subprocess.run(
        [str(RECOGNIZERS_PYTHON), "-c", _RECOGNIZERS_SCRIPT, handle.name],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    Path(handle.name).unlink()
    if result.returncode != 0:
        return "failed: " + result.stderr.strip().splitlines()[-1]
    seconds = json.loads(result.stdout)["seconds"]
    size = sum(len(t.encode("utf-8")) for t in texts)
    return len(texts) / seconds, size / seconds / 1e6


_WARM_UP = "The minister arrived on Friday, March 3, 2023, and will leave next week after two days of talks."


def report(name: str, corpus: Corpus, seconds: float, peer_docs: int, peer_seconds: float) -> None:
    size = sum(len(t.encode("utf-8")) for t, _ in corpus)
    print(f"\n== {name}: {len(corpus)} articles, {size / 1e3:.0f} KB, mean {size / len(corpus) / 1e3:.1f} KB")
    ours = throughput(corpus, tag_dates, seconds)
    print(
        f"tag_dates            {ours[0]:10.0f} articles/s {ours[1]:8.2f} MB/s "
        f"(= {ours[1] * 1e6 / 4096:.0f} 4-KB articles/s, {ours[2]} passes)  "
        f"peak {peak_memory(corpus, tag_dates):.1f} MB"
    )
    subset = corpus[:peer_docs]
    # Warm dateparser up first: its first call loads language data (about 0.2 s), which would
    # otherwise be charged to the first articles and more than double its time on the sample.
    dateparser_tagger(_WARM_UP, SAMPLE_ANCHOR)
    peer = throughput(subset, dateparser_tagger, peer_seconds)
    print(
        f"dateparser.search    {peer[0]:10.1f} articles/s {peer[1]:8.3f} MB/s  "
        f"peak {peak_memory(subset[:3], dateparser_tagger):.1f} MB   "
        f"ours/dateparser = {ours[1] / peer[1]:.0f}x"
    )
    recognizers = recognizers_rate(subset)
    if isinstance(recognizers, str):
        print(f"recognizers-text     {recognizers}")
    else:
        print(
            f"recognizers-text     {recognizers[0]:10.2f} articles/s {recognizers[1]:8.4f} MB/s  "
            f"ours/recognizers = {ours[1] / recognizers[1]:.0f}x"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=3.0, help="minimum time per tag_dates measurement")
    parser.add_argument("--peer-docs", type=int, default=20, help="articles given to the (slow) peers")
    parser.add_argument(
        "--peer-seconds", type=float, default=2.0, help="least time per dateparser run, after warm-up"
    )
    args = parser.parse_args()
    start = time.perf_counter()
    load_grammar("en")
    elapsed = time.perf_counter() - start
    load_grammar.cache_clear()
    tracemalloc.start()
    load_grammar("en")
    grammar_peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    print(
        f"grammar load (once per process): {elapsed * 1e3:.1f} ms, peak {grammar_peak:.1f} MB; "
        "combined patterns compile on first use (the first article is slower)"
    )
    print(f"load average (shared machine): {Path('/proc/loadavg').read_text().split()[:3]}")
    report("sample_data", sample_corpus(), args.seconds, args.peer_docs, args.peer_seconds)
    if MEANTIME.exists():
        report("MEANTIME texts", meantime_corpus(), args.seconds, args.peer_docs, args.peer_seconds)
    else:
        print(f"\n{MEANTIME} is missing: MEANTIME figures skipped")


if __name__ == "__main__":
    main()
