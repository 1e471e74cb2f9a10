"""The DuckDB store: round trips, idempotent and incremental ingests, SQL filters, versions, threads."""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from tests.store.builders import make_timeline
from timeline import frames
from timeline.model import Timeline
from timeline.store import EventFilters, Store, StoreError


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store.open(tmp_path / "data" / "t.duckdb") as s:
        yield s


@pytest.fixture
def no_merge(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hide the merge stage: the store must fall back to appending the new events."""
    monkeypatch.setitem(sys.modules, "timeline.events.merge", None)


@pytest.mark.parametrize(
    "timeline",
    [
        Timeline(),
        make_timeline(1),
        make_timeline(12, group=3),
        replace(make_timeline(4), expressions={}),
        replace(make_timeline(5), events=()),
    ],
    ids=["empty", "one", "twelve", "no-expressions", "no-events"],
)
def test_load_gives_back_what_was_ingested(store: Store, timeline: Timeline) -> None:
    store.ingest("d", timeline, "v1")
    assert store.load("d") == timeline


def test_reopening_the_file_keeps_the_data(tmp_path: Path) -> None:
    timeline = make_timeline(6)
    with Store.open(tmp_path / "t.duckdb") as s:
        s.ingest("d", timeline, "v1")
    with Store.open(tmp_path / "t.duckdb", read_only=True) as s:
        assert s.load("d") == timeline


def test_ingesting_the_same_articles_twice_is_a_no_op(store: Store) -> None:
    timeline = make_timeline(8)
    first = store.ingest("d", timeline, "v1")
    second = store.ingest("d", timeline, "v1")
    assert (first.articles_added, first.events_after) == (8, 4)
    assert (second.articles_added, second.articles_skipped, second.events_after) == (0, 8, 4)
    assert store.load("d") == timeline


def test_a_full_rebuild_replaces_the_events(store: Store) -> None:
    store.ingest("d", make_timeline(4), "v1")
    rebuilt = make_timeline(6)  # holds the 4 stored articles and 2 more
    report = store.ingest("d", rebuilt, "v1")
    assert (report.articles_added, report.events_before, report.events_after) == (2, 2, 3)
    assert store.load("d").events == rebuilt.events


def test_new_articles_are_appended_when_the_merge_is_missing(store: Store, no_merge: None) -> None:
    old, new = make_timeline(4), make_timeline(4, first=4)
    store.ingest("d", old, "v1")
    report = store.ingest("d", new, "v1")
    loaded = store.load("d")
    assert not report.merged
    assert loaded.articles == old.articles + new.articles
    assert loaded.events == old.events + new.events
    assert loaded.errors == old.errors + new.errors


def test_data_sets_are_separate_and_share_article_texts(store: Store) -> None:
    store.ingest("a", make_timeline(3), "v1")
    store.ingest("b", make_timeline(5), "v2")
    listing = store.datasets()
    assert listing[["name", "extraction_version", "articles", "events"]].values.tolist() == [
        ["a", "v1", 3, 2],
        ["b", "v2", 5, 3],
    ]
    store.delete("a")
    assert store.datasets()["name"].tolist() == ["b"]
    assert store.load("b") == make_timeline(5)


def test_a_new_extraction_version_must_be_explicit(store: Store) -> None:
    store.ingest("d", make_timeline(4), "v1")
    with pytest.raises(StoreError, match="re-extract"):
        store.ingest("d", make_timeline(4), "v2")
    report = store.reextract("d", lambda articles: make_timeline(len(articles), group=1), "v2")
    assert (report.extraction_version, report.events_after) == ("v2", 4)
    assert store.extraction_version("d") == "v2"
    assert store.load("d") == make_timeline(4, group=1)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (EventFilters(), 10),
        (EventFilters(start=date(2024, 1, 5), end=date(2024, 1, 8)), 2),
        (EventFilters(end=date(2024, 1, 2)), 2),  # article 14 is undated: its date falls back to Jan 1
        (EventFilters(actors=("Wang Yi",)), 4),
        (EventFilters(actors=("Nobody",)), 0),
        (EventFilters(types=("meeting", "attack")), 10),
        (EventFilters(types=("visit",)), 0),
        (EventFilters(outlets=("AP",)), 5),
        (EventFilters(min_sources=2), 10),
        (EventFilters(min_sources=3), 0),
        (EventFilters(text="TALKS NUMBER 13"), 1),
        (EventFilters(text="100%"), 10),  # LIKE wildcards in the user's text are literal
        (EventFilters(text="_agenda_"), 10),
        (EventFilters(text="1%0"), 0),
        (EventFilters(limit=3), 3),
    ],
)
def test_query_events_filters_in_sql(store: Store, filters: EventFilters, expected: int) -> None:
    store.ingest("d", make_timeline(20), "v1")
    assert len(store.query_events("d", filters)) == expected


def test_query_events_has_the_apps_event_columns(store: Store) -> None:
    timeline = make_timeline(20, group=3)
    store.ingest("d", timeline, "v1")
    got = store.query_events("d").sort_values("id").reset_index(drop=True)
    want = frames.events_frame(timeline).sort_values("id").reset_index(drop=True)
    pd.testing.assert_frame_equal(got, want, check_dtype=True)


def test_articles_frame_has_the_apps_article_columns(store: Store) -> None:
    timeline = make_timeline(9)
    store.ingest("d", timeline, "v1")
    pd.testing.assert_frame_equal(store.articles_frame("d"), frames.articles_frame(timeline))


def test_mentions_frame_gives_one_events_evidence(store: Store) -> None:
    timeline = make_timeline(9, group=3)
    store.ingest("d", timeline, "v1")
    event = timeline.events[1]
    want = frames.mentions_frame(Timeline(articles=timeline.articles, events=(event,)))
    pd.testing.assert_frame_equal(store.mentions_frame("d", [event.id]), want)


def test_threads_each_get_a_cursor(store: Store) -> None:
    store.ingest("d", make_timeline(40), "v1")
    filters = [EventFilters(actors=(a,)) for a in ("Wang Yi", "Xi Jinping", "Li Shangfu")] * 8
    with ThreadPoolExecutor(max_workers=6) as pool:
        sizes = list(pool.map(lambda f: len(store.query_events("d", f)), filters))
    assert sizes == [len(store.query_events("d", f)) for f in filters]


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (lambda s: s.load("missing"), "no data set named 'missing'"),
        (lambda s: s.query_events("missing"), "no data set named"),
        (lambda s: s.articles_frame("missing"), "no data set named"),
    ],
)
def test_unknown_data_sets_are_named_in_the_error(store: Store, action, message: str) -> None:
    store.ingest("here", Timeline(), "v1")
    with pytest.raises(StoreError, match=message):
        action(store)


def test_a_store_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "t.duckdb"
    with Store.open(path) as s:
        s._cursor().execute("UPDATE schema_version SET version = 99")
    with pytest.raises(StoreError, match="schema version 99"):
        Store.open(path)


def test_opening_a_missing_store_read_only_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="run an ingest first"):
        Store.open(tmp_path / "nothing.duckdb", read_only=True)


def test_a_failed_ingest_leaves_the_previous_state(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    timeline = make_timeline(6)
    store.ingest("d", timeline, "v1")

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr("timeline.store.write.write_events", explode)
    with pytest.raises(RuntimeError, match="disk full"):
        store.ingest("d", make_timeline(6, first=6), "v1")
    assert store.load("d") == timeline


def test_incremental_ingest_with_the_real_merge_keeps_every_mention(store: Store) -> None:
    pytest.importorskip("timeline.events.merge", reason="the merge stage does not import yet")
    old, new = make_timeline(6, group=1), make_timeline(6, first=6, group=1)
    store.ingest("d", old, "v1")
    report = store.ingest("d", new, "v1")
    loaded = store.load("d")
    assert report.merged
    assert {m.id for e in loaded.events for m in e.mentions} == {
        m.id for t in (old, new) for e in t.events for m in e.mentions
    }


def test_one_connection_per_file_and_process(tmp_path: Path) -> None:
    path = tmp_path / "t.duckdb"
    with Store.open(path) as writer:
        writer.ingest("d", make_timeline(2), "v1")
        with Store.open(path, read_only=True) as reader, Store.open(path) as other:
            assert reader._conn is writer._conn is other._conn
            assert reader.load("d") == make_timeline(2)
        assert writer.load("d") == make_timeline(2)  # closing the others kept the shared connection
    with pytest.raises(StoreError, match="closed"):
        writer.load("d")


def test_ingest_in_slices_keeps_order(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("timeline.store.write.SLICE", 3)
    timeline = make_timeline(10, group=1)
    store.ingest("d", timeline, "v1")
    assert store.load("d") == timeline
    assert store.query_events("d")["id"].tolist() == [
        e.id for e in sorted(timeline.events, key=lambda e: e.start)
    ]
