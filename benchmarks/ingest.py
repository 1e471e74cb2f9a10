"""Ingestion throughput: text dumps and HTML pages (articles/s), side by side with bare trafilatura.extract.

Usage: python benchmarks/ingest.py [--quick] [--pages N]

Pages are generated from real article text (sample_data and tests/ingest/pages.py) in
several site templates. Also prints the quality figures on the generated HTML pages
(stated date recovered, main text kept, furniture marked), which ingest_floors.json pins.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.ingest.pages import FURNITURE, Page, build_pages  # noqa: E402
from timeline.ingest import read_uploads  # noqa: E402
from timeline.model import Article  # noqa: E402
from timeline.settings import Settings  # noqa: E402

FLOORS = Path(__file__).with_name("ingest_floors.json")


def text_pages(count: int) -> list[tuple[str, bytes]]:
    """Page dumps from the sample's real text, each made unique (a numbered line) so nothing is cached."""
    samples = [p.read_bytes() for p in sorted((ROOT / "sample_data").glob("[0-9]*.txt"))]
    return [
        (f"dump-{i:05d}.txt", samples[i % len(samples)] + f"\n\nPage {i}.\n".encode()) for i in range(count)
    ]


def quality(pages: list[Page], articles: list[Article]) -> dict[str, float]:
    """Share of pages whose date, main text and furniture were recovered.

    Uploads carry no URL, so pages dated only in their URL are left out of the date figure.
    """
    in_markup = [(p, a) for p, a in zip(pages, articles, strict=True) if p.url is None]
    dated = sum(a.published == p.published for p, a in in_markup) / max(len(in_markup), 1)
    kept = sum(
        all((i := a.text.find(para)) >= 0 and not a.is_furniture(i, i + len(para)) for para in p.paragraphs)
        for p, a in zip(pages, articles, strict=True)
    )
    marked = total = 0
    for a in articles:
        for snippet in FURNITURE:
            i = a.text.find(snippet)
            if i >= 0:
                total += 1
                marked += a.is_furniture(i, i + len(snippet))
    n = max(len(pages), 1)
    return {"date_accuracy": dated, "main_text_recall": kept / n, "furniture_marked": marked / max(total, 1)}


def timed(label: str, func, count: int) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    func()
    elapsed = time.perf_counter() - start
    rate = count / elapsed
    print(f"{label:<42} {count:>6} pages in {elapsed:7.2f} s = {rate:8.1f} articles/s")
    return rate


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="300 pages instead of 10,000")
    parser.add_argument("--pages", type=int, default=None)
    args = parser.parse_args()
    count = args.pages or (300 if args.quick else 10_000)
    settings = Settings()
    import trafilatura

    texts = text_pages(count)
    pages = build_pages(count)
    uploads = [(p.name, p.html.encode()) for p in pages]
    read_uploads(uploads[:5], settings)  # warm up imports and caches
    trafilatura.extract(pages[0].html)

    text_rate = timed("text dumps (read_uploads)", lambda: read_uploads(texts, settings), count)
    results: list[Article] = []
    html_rate = timed(
        "HTML pages (read_uploads)", lambda: results.extend(read_uploads(uploads, settings)[0]), count
    )
    peer_rate = timed(
        "HTML pages (bare trafilatura.extract)", lambda: [trafilatura.extract(p.html) for p in pages], count
    )
    print(
        f"ratio ours/trafilatura.extract on HTML: {html_rate / peer_rate:.2f} "
        "(ours also runs htmldate, keeps the boilerplate and marks furniture)"
    )
    print(f"peak memory (max RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    figures = quality(pages, results)
    floors = json.loads(FLOORS.read_text())
    failed = False
    for key, value in figures.items():
        ok = value >= floors[key]
        failed |= not ok
        print(f"{key:<20} {value:.3f} (floor {floors[key]:.3f}) {'ok' if ok else 'BELOW FLOOR'}")
    print(f"text rate {text_rate:.0f}/s, HTML rate {html_rate:.0f}/s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
