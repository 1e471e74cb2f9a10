"""The time-window partitioned merge gives exactly `merge_mentions`' events, window size aside."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import pytest

from tests.store.mentions import random_mentions
from timeline.events.merge import merge_mentions
from timeline.events.windows import components, merge_by_windows, reach, windows
from timeline.settings import Settings


@pytest.mark.parametrize(
    ("n", "seed", "days", "size"),
    [
        (0, 1, 30, 10),
        (1, 1, 30, 10),
        (60, 2, 30, 10),
        (400, 3, 60, 50),
        (400, 4, 365, 1),  # one component per window
        (1500, 5, 120, 200),
        (1500, 6, 20, 100_000),  # one window
    ],
)
def test_windows_merge_equals_the_global_merge(n: int, seed: int, days: int, size: int) -> None:
    mentions, articles = random_mentions(n, seed, days)
    settings = Settings()
    want = merge_mentions(mentions, articles, settings)
    got = merge_by_windows(mentions, articles, settings, size=size)
    assert got == want
    assert n < 400 or any(e.parent_id for e in want)  # trips and their meetings are exercised
    assert n < 400 or any(len(e.mentions) > 2 for e in want)


@pytest.mark.parametrize(("n", "seed", "size"), [(300, 7, 40), (900, 8, 150)])
def test_windows_hold_whole_components_in_merge_order(n: int, seed: int, size: int) -> None:
    mentions, _ = random_mentions(n, seed, 200)
    cut = windows(mentions, Settings(), size)
    assert sorted(m.id for w in cut for m in w) == sorted(m.id for m in mentions)
    where = {m.id: i for i, w in enumerate(cut) for m in w}
    for group in components([m for w in cut for m in w]):
        assert len({where[m.id] for m in group}) == 1
    assert all(len(w) <= size for w in cut if len(components(w)) > 1)


@pytest.mark.parametrize(
    ("start", "days", "lo", "hi"),
    [
        (date(2024, 3, 10), 1, date(2024, 3, 7), date(2024, 3, 13)),  # a day reaches 3 days out
        (date(2024, 3, 1), 7, date(2024, 2, 21), date(2024, 3, 16)),  # a week reaches 9 days out
    ],
)
def test_reach_grows_with_the_span(start: date, days: int, lo: date, hi: date) -> None:
    mentions, _ = random_mentions(1, 1)
    m = mentions[0]
    assert m.time is not None
    time = m.time.__class__(
        **{**m.time.__dict__, "start_date": start, "end_date": start + timedelta(days - 1)}
    )
    assert reach(m.__class__(**{**m.__dict__, "time": time})) == (lo, hi)


def test_windows_run_through_any_mapper() -> None:
    mentions, articles = random_mentions(600, 9, 90)
    settings = Settings()
    calls: list[int] = []

    def mapper(fn, windows):  # type: ignore[no-untyped-def]
        calls.append(len(windows))
        with ThreadPoolExecutor(max_workers=2) as pool:
            return list(pool.map(fn, windows))

    got = merge_by_windows(mentions, articles, settings, mapper=mapper, size=60)
    assert got == merge_mentions(mentions, articles, settings)
    assert calls and calls[0] > 1


@pytest.mark.slow
def test_windows_merge_on_a_local_cluster_of_two_processes() -> None:
    from timeline.distributed import _client, merge_on_cluster
    from timeline.pipeline import ArticleResult

    mentions, articles = random_mentions(1500, 10, 120)
    settings = Settings()
    by_article: dict[str, list] = {}
    for m in mentions:
        by_article.setdefault(m.article_id, []).append(m)
    results = [ArticleResult(a, (), (), tuple(by_article.get(a.id, ()))) for a in articles]
    ordered = [m for r in results for m in r.mentions]
    with _client("local:2") as client:
        timeline = merge_on_cluster(client, results, [], settings, size=100)
    assert list(timeline.events) == merge_mentions(ordered, articles, settings)
