"""The app's store-backed path: SQL filters equal `view.filter_events`, options, drill-down, exports."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import timeline
from tests.store.builders import make_timeline
from timeline import drilldown, frames, view
from timeline.model import EventStatus, Timeline
from timeline.store import Store
from timeline.storeview import OPTION_COLUMNS, StoredDataset, filters_of, select_positions
from timeline.view import ViewState

COUNTRIES = (None, "China", "Russia", "China; Russia")
STATUSES = (EventStatus.OCCURRED, EventStatus.BACKGROUND, EventStatus.ANNOUNCED, EventStatus.REPORTED)
PARTICIPANTS = (("Wang Yi",), ("Wang Yi Jr", "Li"), (), ("Xi Jinping", "Wang Yi"), ("Li",))


def varied_timeline(n: int = 120) -> Timeline:
    """Generated events with every kind of value the filters look at: statuses, countries, undated."""
    base = make_timeline(n, group=2)
    events = []
    for i, event in enumerate(base.events):
        mentions = event.mentions
        if i % 9 == 0:  # a sentence the label does not repeat: search must read the mentions
            mentions = (replace(mentions[0], sentence=f"Needle {i} in the HAYSTACK."), *mentions[1:])
        undated = i % 11 == 0
        events.append(
            replace(
                event,
                status=STATUSES[i % 4],
                country=COUNTRIES[i % 4],
                participants=PARTICIPANTS[i % 5],
                label=f"{event.label} ({i})",
                start=None if undated else event.start,
                end=None if undated else event.end,
                mentions=mentions,
            )
        )
    return replace(base, events=tuple(events))


VIEWS = {
    "default": ViewState(),
    "from": ViewState(date_from=date(2024, 3, 1)),
    "to": ViewState(date_to=date(2024, 2, 10)),
    "range": ViewState(date_from=date(2024, 2, 1), date_to=date(2024, 2, 29)),
    "actor": ViewState(actors=("Wang Yi",)),
    "actor not a prefix": ViewState(actors=("Wang",)),
    "two actors": ViewState(actors=("Li", "Xi Jinping")),
    "country": ViewState(countries=("Russia",)),
    "types": ViewState(types=("meeting", "attack")),
    "outlet": ViewState(outlets=("AP",)),
    "min sources 2": ViewState(min_sources=2),
    "min sources 3": ViewState(min_sources=3),
    "no background": ViewState(include_background=False),
    "no announced": ViewState(include_announced=False),
    "search label": ViewState(search="  MEETS li shangfu "),
    "search participants": ViewState(search="yi jr"),
    "search sentence": ViewState(search="haystack"),
    "search percent": ViewState(search="100%"),
    "search underscore": ViewState(search="_agenda_"),
    "search nothing": ViewState(search="1%0"),
    "blank search": ViewState(search="   "),
    "combined": ViewState(
        date_from=date(2024, 1, 5), actors=("Wang Yi", "Li"), countries=("China",), include_announced=False,
        search="needle",
    ),
}  # fmt: skip


@pytest.fixture(scope="module")
def varied(tmp_path_factory: pytest.TempPathFactory) -> tuple[StoredDataset, Timeline]:
    path = tmp_path_factory.mktemp("storeview") / "t.duckdb"
    tl = varied_timeline()
    with Store.open(path) as store:
        store.ingest("d", tl, "v1")
    return StoredDataset(path, "d"), tl


@pytest.mark.parametrize("state", VIEWS.values(), ids=VIEWS.keys())
def test_sql_filters_keep_the_events_filter_events_keeps(
    varied: tuple[StoredDataset, Timeline], state: ViewState
) -> None:
    source, tl = varied
    events = source.open().events
    want = view.filter_events(frames.events_frame(tl), frames.mentions_frame(tl), state)
    got = source.filter(events, state)
    pd.testing.assert_frame_equal(got, want)


def test_the_views_cover_every_filter_and_match_something(varied: tuple[StoredDataset, Timeline]) -> None:
    source, _ = varied
    events = source.open().events
    sizes = {name: len(source.filter(events, state)) for name, state in VIEWS.items()}
    assert 0 < sizes["combined"] < sizes["default"] == len(events)
    assert sizes["search nothing"] == sizes["actor not a prefix"] == 0
    assert all(sizes[k] for k in ("search label", "search participants", "search sentence", "country"))


def test_opening_gives_the_frames_of_the_whole_data_set(varied: tuple[StoredDataset, Timeline]) -> None:
    source, tl = varied
    opened = source.open()
    pd.testing.assert_frame_equal(opened.events, frames.events_frame(tl))
    pd.testing.assert_frame_equal(opened.articles, frames.articles_frame(tl))
    assert opened.timeline == Timeline(errors=tl.errors)


def test_options_are_the_distinct_values(varied: tuple[StoredDataset, Timeline]) -> None:
    source, tl = varied
    events = frames.events_frame(tl)
    assert source.options() == {c: frames.distinct_values(events, c) for c in OPTION_COLUMNS}


def test_the_drill_down_reads_one_event(varied: tuple[StoredDataset, Timeline]) -> None:
    source, tl = varied
    event = tl.events[7]
    small = source.detail([event.id])
    assert small.events == (event,)
    assert {a.id for a in small.articles} == set(event.article_ids)
    assert drilldown.event_detail(small, event.id) == drilldown.event_detail(tl, event.id)
    assert source.detail([]) == Timeline()


@pytest.mark.parametrize("pick", [slice(0, 1), slice(3, 40, 3), slice(None)], ids=["one", "some", "all"])
def test_export_mentions_equal_the_frames_ones(varied: tuple[StoredDataset, Timeline], pick: slice) -> None:
    source, tl = varied
    events = tl.events[pick]
    want = frames.mentions_frame(Timeline(articles=tl.articles, events=events))
    pd.testing.assert_frame_equal(source.mentions([e.id for e in events]), want)


def test_no_events_no_mentions(varied: tuple[StoredDataset, Timeline]) -> None:
    source, _ = varied
    pd.testing.assert_frame_equal(source.mentions([]), frames.mentions_frame(Timeline()))


def test_a_real_pipeline_data_set_filters_alike(tmp_path: Path, sample_dir: Path) -> None:
    tl = timeline.build_timeline([str(sample_dir)])
    with Store.open(tmp_path / "t.duckdb") as store:
        store.ingest("news", tl, "v1")
    source = StoredDataset(tmp_path / "t.duckdb", "news")
    events, mentions = frames.events_frame(tl), frames.mentions_frame(tl)
    opened = source.open()
    pd.testing.assert_frame_equal(opened.events, events)
    pd.testing.assert_frame_equal(source.mentions(events["id"].tolist()), mentions)
    actor = frames.distinct_values(events, "participants")[0]
    for state in (ViewState(), ViewState(actors=(actor,)), ViewState(search="the"), ViewState(min_sources=2)):
        pd.testing.assert_frame_equal(
            source.filter(opened.events, state), view.filter_events(events, mentions, state)
        )


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (ViewState(), {"min_sources": 0, "include_background": True, "text": ""}),
        (ViewState(min_sources=1), {"min_sources": 0}),
        (ViewState(min_sources=4, search=" x "), {"min_sources": 4, "text": " x "}),
        (ViewState(include_background=False, countries=("China",)),
         {"include_background": False, "countries": ("China",)}),
    ],
)  # fmt: skip
def test_filters_of_a_view(state: ViewState, expected: dict[str, object]) -> None:
    got = filters_of(state)
    assert {k: getattr(got, k) for k in expected} == expected


@pytest.mark.parametrize(
    ("index", "positions", "expected"),
    [
        (pd.RangeIndex(5), [1, 3], [1, 3]),
        (pd.RangeIndex(5), [], []),
        (pd.RangeIndex(5), [4, 9], [4]),  # a position the frame lacks (a newer store) is left out
        (pd.Index([2, 5, 7]), [5, 7], [5, 7]),
    ],
)
def test_select_positions(index: pd.Index, positions: list[int], expected: list[int]) -> None:
    frame = pd.DataFrame({"x": range(len(index))}, index=index)
    assert select_positions(frame, np.array(positions, dtype="int64")).index.tolist() == expected
