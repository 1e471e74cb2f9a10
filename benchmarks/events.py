"""Benchmark of event extraction and merging: articles/s for mentions + merge, and merge growth.

Two measurements:
1. articles/s of the mention stage and the merge on 10k generated articles (1k with --quick).
   Articles recombine real sentences (sample_data and, when present, MEANTIME) with templated
   sentences carrying varied people, places and dates, so that mentions find entities and dates.
   Sentence splitting and date tagging run first and are timed apart: they belong to the tagger.
2. merge_mentions on 1k, 10k and 100k synthetic EventMention objects (random participants from a
   pool, places, event types, dates over several years at day/week/month precision): the time per
   mention at each size and the ratio between sizes show that merging is not quadratic
   (candidates are blocked by event family and month).
Peak memory comes from tracemalloc, in separate passes so that tracing does not skew the timings.

    python benchmarks/events.py [--quick] [--seed N]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import TypeVar
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make the library importable without installing it
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402 - benchmarks/corpus.py, the team's generator of real news text

from timeline.events import merge as merge_module  # noqa: E402
from timeline.events.lexicon import load_lexicon  # noqa: E402
from timeline.events.mentions import find_mentions  # noqa: E402
from timeline.events.merge import merge_mentions  # noqa: E402
from timeline.model import (  # noqa: E402
    Article,
    EventMention,
    Granularity,
    PublishedHow,
    Resolution,
    TimeExpression,
    TimexType,
)
from timeline.pipeline import ArticleDoc, split_into_sentences, tag_time_expressions  # noqa: E402
from timeline.settings import Settings  # noqa: E402

T = TypeVar("T")
#: Peak memory is traced only for merges that ran faster than this (tracing multiplies the time).
MAX_TRACED_SECONDS = 20.0

FIRST_NAMES = (
    "Anna", "Boris", "Carlos", "Dmitri", "Elena", "Farid", "Grace", "Hiroshi", "Ines", "Jamal",
    "Karin", "Liang", "Maria", "Nikolai", "Olga", "Pedro", "Qian", "Rashid", "Sofia", "Tomas",
    "Umar", "Vera", "Wang", "Ximena", "Yusuf", "Zhang", "Amara", "Bruno", "Chen", "Dara",
)  # fmt: skip
LAST_NAMES = (
    "Petrov", "Alvarez", "Novak", "Haddad", "Tanaka", "Moreau", "Schmidt", "Kowalski", "Rossi", "Ivanova",
    "Okafor", "Lindqvist", "Sato", "Mendes", "Khan", "Horvat", "Dubois", "Nguyen", "Fischer", "Costa",
    "Suzuki", "Romero", "Jensen", "Popescu", "Aziz", "Weber",
)  # fmt: skip
#: Places with their country, as the gazetteer knows them.
PLACES = (
    ("Beijing", "China"), ("Moscow", "Russia"), ("Jakarta", "Indonesia"), ("Kuala Lumpur", "Malaysia"),
    ("Paris", "France"), ("Berlin", "Germany"), ("Tokyo", "Japan"), ("Washington", "United States"),
    ("London", "United Kingdom"), ("New Delhi", "India"), ("Ankara", "Turkey"), ("Cairo", "Egypt"),
    ("Brasilia", "Brazil"), ("Nairobi", "Kenya"), ("Canberra", "Australia"), ("Ottawa", "Canada"),
)  # fmt: skip
TITLES = ("Defense Minister", "Foreign Minister", "President", "Prime Minister", "Security Council secretary")
TEMPLATES = (
    "{title} {a} met {b} in {city} on {weekday}.",
    "{title} {a} landed in {city} on {weekday} for talks with {b}.",
    "{a} will visit {country} on {month} {day}-{day2} for talks with {title} {b}.",
    "{a} spoke by phone with {b} on {weekday}, the ministry said.",
    "{a} signed an agreement with {b} in {city} last week.",
    "The visit comes days after {a} held talks with {b} in {city2}.",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")


def _sentence_pool() -> list[str]:
    """Real news sentences from the team's sources, split by the library's own splitter."""
    from timeline.sentences import split_sentences

    docs = corpus.sample_docs() + (corpus.meantime_docs() if corpus.MEANTIME_DIR.exists() else [])
    pool = [s.text for d in docs for p in d.paragraphs for s in split_sentences(p) if len(s.text) > 30]
    if not pool:
        raise SystemExit(f"no source text found in {corpus.SAMPLE_DIR}")
    return pool


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _templated(rng: random.Random) -> str:
    (city, country), (city2, _) = rng.sample(PLACES, 2)
    day = rng.randint(1, 25)
    return rng.choice(TEMPLATES).format(
        title=rng.choice(TITLES),
        a=_person(rng),
        b=_person(rng),
        city=city,
        city2=city2,
        country=country,
        weekday=rng.choice(WEEKDAYS),
        month=rng.choice(MONTHS),
        day=day,
        day2=day + rng.randint(1, 3),
    )


def make_articles(n: int, seed: int = 0) -> list[Article]:
    """`n` articles of 6-14 sentences: real sentences mixed with templated ones, varied dates."""
    rng = random.Random(seed)
    pool = _sentence_pool()
    first = date(2019, 1, 1)
    articles = []
    for i in range(n):
        sentences = rng.sample(pool, rng.randint(4, 10)) + [_templated(rng) for _ in range(rng.randint(2, 4))]
        rng.shuffle(sentences)
        title = _templated(rng).rstrip(".")
        text = title + "\n\n" + "\n".join(" ".join(sentences[k : k + 2]) for k in range(0, len(sentences), 2))
        articles.append(
            Article(
                id=f"bench-{i:06d}",
                text=text,
                outlet=f"Outlet {rng.randint(1, 40)}",
                title=title,
                published=first + timedelta(days=rng.randint(0, 6 * 365)),
                published_how=PublishedHow.HEADER,
            )
        )
    return articles


def _when(start: date, granularity: Granularity) -> TimeExpression:
    if granularity is Granularity.WEEK:
        start, end = start - timedelta(days=start.weekday()), start - timedelta(days=start.weekday() - 6)
    elif granularity is Granularity.MONTH:
        start = start.replace(day=1)
        end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    else:
        end = start
    value = start.isoformat()
    return TimeExpression(
        text=value,
        char_start=0,
        char_end=len(value),
        type=TimexType.DATE,
        value=value,
        rule="bench",
        start_date=start,
        end_date=end,
        granularity=granularity,
        resolution=Resolution.ANCHOR,
    )


def make_mentions(n: int, seed: int = 0) -> tuple[list[EventMention], list[Article]]:
    """`n` synthetic mentions over six years, from a pool of people, places and event types."""
    rng = random.Random(seed)
    people = [_person(rng) for _ in range(400)]
    types = [t for t in load_lexicon().types if not load_lexicon().types[t].speech]
    articles = [Article(id=f"m{i:05d}", text="", outlet=f"Outlet {i % 50}") for i in range(max(1, n // 10))]
    first = date(2019, 1, 1)
    granularities = (Granularity.DAY,) * 6 + (Granularity.WEEK,) * 2 + (Granularity.MONTH,)
    mentions = []
    for i in range(n):
        city, country = rng.choice(PLACES)
        mentions.append(
            EventMention(
                article_id=articles[i % len(articles)].id,
                sentence=f"synthetic sentence {i}",
                sentence_start=i,
                sentence_end=i + 1,
                trigger="met",
                trigger_start=i,
                trigger_end=i + 1,
                event_type=rng.choice(types),
                label=f"synthetic {i}",
                participants=tuple(rng.sample(people, rng.randint(1, 3))),
                place=city if rng.random() < 0.7 else None,
                country=country,
                time=_when(first + timedelta(days=rng.randint(0, 6 * 365)), rng.choice(granularities)),
            )
        )
    return mentions, articles


def _timed(func: Callable[[], T]) -> tuple[T, float]:
    began = time.perf_counter()
    result = func()
    return result, time.perf_counter() - began


def _peak_mb(func: Callable[[], object]) -> float:
    tracemalloc.start()
    try:
        func()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def bench_articles(n: int, seed: int, settings: Settings) -> None:
    """Mentions + merge throughput on `n` generated articles (tagging timed apart)."""
    articles, gen_s = _timed(lambda: make_articles(n, seed))
    docs = [ArticleDoc(a) for a in articles]

    def tag() -> None:
        for doc in docs:
            split_into_sentences(doc, settings)
            tag_time_expressions(doc, settings)

    def mentions() -> list[EventMention]:
        return [m for d in docs for m in find_mentions(d.article, d.sentences, d.expressions, settings)]

    _, tag_s = _timed(tag)
    found, mention_s = _timed(mentions)
    events, merge_s = _timed(lambda: merge_mentions(found, articles, settings))
    sample = docs[: min(len(docs), 1000)]
    mention_mb = _peak_mb(
        lambda: [find_mentions(d.article, d.sentences, d.expressions, settings) for d in sample]
    )
    merge_mb = _peak_mb(lambda: merge_mentions(found, articles, settings))
    print(f"{n} generated articles ({gen_s:.1f} s to generate), {len(found)} mentions, {len(events)} events")
    print(f"  {'stage':<28}{'seconds':>9}{'articles/s':>12}{'peak MB':>9}")
    print(f"  {'split + tag dates (tagger)':<28}{tag_s:9.2f}{n / tag_s:12.0f}{'':>9}")
    print(f"  {'find_mentions':<28}{mention_s:9.2f}{n / mention_s:12.0f}{mention_mb:9.1f}  (1k articles)")
    print(f"  {'merge_mentions':<28}{merge_s:9.2f}{n / merge_s:12.0f}{merge_mb:9.1f}")
    both = mention_s + merge_s
    print(f"  {'mentions + merge':<28}{both:9.2f}{n / both:12.0f}")


def _merge_without_parents(mentions: list[EventMention], articles: list[Article], settings: Settings) -> int:
    """The merge with sub-event linking switched off, to show which part grows faster."""
    with mock.patch.object(merge_module, "_link_parents", lambda events: events):
        return len(merge_mentions(mentions, articles, settings))


def bench_merge(sizes: Sequence[int], seed: int, settings: Settings) -> None:
    """Merge time per mention at each size; a constant time per mention means linear growth."""
    print(f"\nmerge_mentions on synthetic mentions (seed {seed}); 'clustering' = without sub-event linking")
    header = ("mentions", 9), ("events", 9), ("seconds", 9), ("µs/mention", 12), ("x time", 8), ("x size", 8)
    print(
        "  " + "".join(f"{name:>{width}}" for name, width in header) + f"{'clustering s':>14}{'peak MB':>9}"
    )
    previous: tuple[int, float] | None = None
    for size in sizes:
        mentions, articles = make_mentions(size, seed)
        merge = partial(merge_mentions, mentions, articles, settings)
        events, seconds = _timed(merge)
        _, clustering = _timed(partial(_merge_without_parents, mentions, articles, settings))
        # tracemalloc slows Python several times over: trace only the sizes that run quickly.
        peak = f"{_peak_mb(merge):9.1f}" if seconds < MAX_TRACED_SECONDS else f"{'skipped':>9}"
        ratio = f"{seconds / previous[1]:8.1f}{size / previous[0]:8.0f}" if previous else f"{'':>8}{'':>8}"
        per_mention = seconds / size * 1e6
        print(f"  {size:9d}{len(events):9d}{seconds:9.2f}{per_mention:12.1f}{ratio}{clustering:14.2f}{peak}")
        previous = (size, seconds)
    print("  (linear growth keeps µs/mention flat; quadratic growth multiplies the time by 100 per 10x)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="1k articles and merge sizes up to 10k")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    settings = Settings()
    bench_articles(1_000 if args.quick else 10_000, args.seed, settings)
    bench_merge((1_000, 10_000) if args.quick else (1_000, 10_000, 100_000), args.seed, settings)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
