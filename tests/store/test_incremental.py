"""Adding articles batch by batch gives the events of merging every mention at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.store.mentions import random_mentions
from timeline.events.merge import merge_mentions
from timeline.model import Article, EventMention, Timeline
from timeline.settings import Settings
from timeline.store import Store


def batches(
    mentions: list[EventMention], articles: list[Article], count: int, settings: Settings
) -> list[Timeline]:
    """The articles cut into `count` batches, each with its own mentions merged (as a build does)."""
    size = -(-len(articles) // count)
    out = []
    for at in range(0, len(articles), size):
        part = articles[at : at + size]
        ids = {a.id for a in part}
        own = [m for m in mentions if m.article_id in ids]
        out.append(Timeline(articles=tuple(part), events=tuple(merge_mentions(own, part, settings))))
    return out


@pytest.mark.parametrize(
    ("n", "seed", "days", "count"),
    [
        (90, 1, 20, 2),
        (600, 2, 60, 3),
        (600, 3, 365, 6),  # sparse: batches touch few stored events
        (1200, 4, 90, 10),
    ],
)
def test_batches_give_the_events_of_one_merge(
    tmp_path: Path, n: int, seed: int, days: int, count: int
) -> None:
    settings = Settings()
    mentions, articles = random_mentions(n, seed, days)
    want = merge_mentions(mentions, articles, settings)
    with Store.open(tmp_path / "t.duckdb") as store:
        reports = [store.ingest("d", t, "v1", settings) for t in batches(mentions, articles, count, settings)]
        got = store.load("d").events
    assert all(r.merged for r in reports[1:])
    assert reports[-1].events_after == len(want)
    assert set(got) == set(want)
    key = [(e.start, e.end, e.label) for e in want]
    assert [(e.start, e.end, e.label) for e in got] == key


def test_a_batch_reads_only_the_mentions_it_can_reach(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings()
    mentions, articles = random_mentions(900, 5, 365)
    seen: list[int] = []
    import timeline.store.merge as store_module

    reachable = store_module.reachable

    def counting(*args: object) -> object:
        found = reachable(*args)  # type: ignore[arg-type]
        seen.append(len(found))
        return found

    monkeypatch.setattr(store_module, "reachable", counting)
    with Store.open(tmp_path / "t.duckdb") as store:
        for t in batches(mentions, articles, 3, settings):
            store.ingest("d", t, "v1", settings)
    assert 0 < max(seen) < len(mentions) // 2
