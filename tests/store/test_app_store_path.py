"""The app on a stored data set queries the store: it never loads the data set whole (AppTest)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st

from tests.store.test_storeview import varied_timeline
from tests.ui.apprun import run_app
from timeline import frames, view
from timeline.model import Timeline
from timeline.store import Store
from timeline.view import ViewState


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Timeline]:
    db = tmp_path_factory.mktemp("app") / "t.duckdb"
    tl = varied_timeline(60)
    with Store.open(db) as store:
        store.ingest("gen", tl, "v1")
    return db, tl


@pytest.fixture
def app_on(stored: tuple[Path, Timeline], monkeypatch: pytest.MonkeyPatch) -> Iterator[Timeline]:
    db, tl = stored
    monkeypatch.setattr(sys, "argv", ["app.py", "--db", str(db)])

    def refuse(*args: object) -> None:
        raise AssertionError("the app loaded a whole stored data set")

    monkeypatch.setattr(Store, "load", refuse)
    st.cache_resource.clear()
    yield tl
    st.cache_resource.clear()


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"actor": "Wang Yi"},
        {"q": "haystack"},
        {"country": "Russia", "background": "0"},
        {"from": "2024-02-01", "to": "2024-03-31", "type": ["meeting", "visit"]},
    ],
    ids=["all", "actor", "search", "country-no-background", "dates-types"],
)
def test_the_caption_counts_the_events_filter_events_keeps(
    app_on: Timeline, params: dict[str, str | list[str]]
) -> None:
    tl = app_on
    at = run_app({"dataset": "store:gen", **params})
    state = view.ViewState.from_query_params({"dataset": "store:gen", **params})
    want = view.filter_events(frames.events_frame(tl), frames.mentions_frame(tl), state)
    assert at.caption[0].value.startswith(
        f"{len(want)} of {len(tl.events)} events · {len(tl.articles)} articles"
    )


def test_the_filter_widgets_offer_the_stored_values(app_on: Timeline) -> None:
    at = run_app({"dataset": "store:gen"})
    events = frames.events_frame(app_on)
    actors = next(w for w in at.multiselect if w.key == "w_actors")
    assert list(actors.options) == frames.distinct_values(events, "participants")


def test_the_drill_down_of_a_linked_event_shows_its_sources(app_on: Timeline) -> None:
    event = app_on.events[5]
    at = run_app({"dataset": "store:gen", "event": event.id})
    assert any(event.label.split(" (")[0] in h.value for h in at.subheader)
    assert any(f"Sources ({len(event.mentions)})" in m.value for m in at.markdown)


def test_a_view_state_round_trips_through_the_app(app_on: Timeline) -> None:
    at = run_app({"dataset": "store:gen", "actor": "Li", "min_sources": "2"})
    assert ViewState.from_query_params(dict(at.query_params)).actors == ("Li",)
