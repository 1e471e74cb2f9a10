"""The figure: typed arrays, lanes, bands for coarse dates, markers for days, aggregation, selection ids."""

from __future__ import annotations

import json
from datetime import date

import numpy as np
import pytest

from tests.ui.synthetic import many_timeline, small_timeline
from timeline.frames import articles_frame, events_frame
from timeline.plot import DAY_MS, PlotOptions, selection_box_dates, selection_ids, timeline_figure


@pytest.fixture(scope="module")
def small():
    tl = small_timeline()
    return events_frame(tl), articles_frame(tl)


def _trace(fig, name, kind):
    return next(t for t in fig.data if t.name == name and t.type == kind)


def test_single_day_is_a_marker_interval_and_coarse_are_bars(small):
    fig = timeline_figure(*small, PlotOptions())
    marker = _trace(fig, "arrival", "scatter")
    assert list(marker.customdata[:, 0]) == ["ev-lands"]
    visit = _trace(fig, "visit", "bar")
    month = _trace(fig, "meeting", "bar")
    assert visit.orientation == "h" and visit.base[0] == np.datetime64("2024-11-11", "ms").astype("int64")
    assert visit.x[0] == 4 * DAY_MS  # 11..14 inclusive
    assert month.width[0] > visit.width[0]  # coarse: a wider band
    assert month.marker.opacity < visit.marker.opacity  # ... and lighter
    assert visit.marker.pattern.shape == "/"  # announced, styled apart
    assert month.marker.pattern.shape == ""


@pytest.mark.parametrize(
    ("lanes", "ticks"),
    [
        ("type", ["arrival", "meeting", "visit", "published"]),
        ("actor", ["Wang Yi", "Sergei Shoigu", "published"]),
        ("country", ["China", "Russia", "published"]),
        ("outlet", ["=HYPERLINK(evil)", "The Moscow Times", "published"]),
        ("none", ["events", "published"]),
    ],
)
def test_lanes(small, lanes, ticks):
    fig = timeline_figure(*small, PlotOptions(lanes=lanes))
    assert list(fig.layout.yaxis.ticktext) == ticks


def test_every_event_trace_carries_ids(small):
    fig = timeline_figure(*small, PlotOptions())
    ids = {row[0] for t in fig.data if t.customdata is not None for row in t.customdata}
    assert {"ev-visit", "ev-lands", "ev-month"} <= ids


def test_hover_escapes_text_and_shows_dates(small):
    fig = timeline_figure(*small, PlotOptions(lanes="outlet"))
    hover = " ".join(_trace(fig, "visit", "bar").hovertext)
    assert "2024-11-11 … 2024-11-14" in hover and "Nov. 11-14" in hover and "1 source(s)" in hover
    published = _trace(fig, "published", "scatter")
    assert all("<script" not in h for h in published.hovertext)


def test_json_uses_typed_arrays(small):
    spec = json.loads(timeline_figure(*small, PlotOptions()).to_json())
    bar = next(t for t in spec["data"] if t["type"] == "bar")
    marker = next(t for t in spec["data"] if t["type"] == "scatter")
    assert "bdata" in bar["x"] and "bdata" in bar["y"]  # `base` is not a data array for plotly.py
    assert "bdata" in marker["x"] and "bdata" in marker["y"]


@pytest.mark.parametrize(("n", "aggregated"), [(50, False), (4000, True)])
def test_aggregates_beyond_max_marks(n, aggregated):
    tl = many_timeline(n)
    fig = timeline_figure(events_frame(tl), articles_frame(tl), PlotOptions(max_marks=3000))
    assert any(t.name.startswith("events per") for t in fig.data) is aggregated
    if aggregated:
        counts = next(t for t in fig.data if t.name.startswith("events per")).marker.color
        assert int(np.sum(counts)) == n


def test_zoom_and_presentation(small):
    fig = timeline_figure(
        *small, PlotOptions(zoom_from=date(2024, 11, 1), zoom_to=date(2024, 11, 30), presentation=True)
    )
    assert tuple(fig.layout.xaxis.range) == ("2024-11-01", "2024-12-01")
    assert fig.layout.font.size > 12


def test_selected_event_is_ringed(small):
    fig = timeline_figure(*small, PlotOptions(selected_id="ev-lands"))
    assert _trace(fig, "selected", "scatter").customdata[0][0] == "ev-lands"


def test_empty_frame_gives_a_message(small):
    events, articles = small
    fig = timeline_figure(events.iloc[0:0], articles.iloc[0:0], PlotOptions())
    assert "No dated events" in fig.layout.annotations[0].text


@pytest.mark.parametrize(
    ("selection", "ids", "span"),
    [
        ({"selection": {"points": [{"customdata": {"0": "ev-1"}}]}}, ["ev-1"], None),
        (
            {"selection": {"points": [{"customdata": ["ev-1"]}, {"customdata": ["ev-2"]}]}},
            ["ev-1", "ev-2"],
            None,
        ),
        ({"selection": {"points": [{"customdata": "ev-3", "x": 5}]}}, ["ev-3"], None),
        ({"selection": {"points": [{"customdata": {"0": "article:a1"}}]}}, [], None),
        (
            {"selection": {"points": [{"customdata": {"0": 86400000.0, "1": 172800000.0}}]}},
            [],
            (86400000, 172800000),
        ),
        ({"selection": {"points": [{"x": 1}]}}, [], None),
        (None, [], None),
        ({}, [], None),
    ],
)
def test_selection_ids(selection, ids, span):
    assert selection_ids(selection) == (ids, span)


@pytest.mark.parametrize("lanes", ["type", "actor", "none"])
@pytest.mark.parametrize("n", [3, 50, 4000])
def test_figures_pass_plotly_validation(lanes, n):
    """The figure is built unvalidated for speed: re-validate it here so a wrong property fails."""
    import plotly.graph_objects as go

    tl = small_timeline() if n == 3 else many_timeline(n)
    fig = timeline_figure(events_frame(tl), articles_frame(tl), PlotOptions(lanes=lanes, selected_id="e1"))
    go.Figure(fig.to_dict())


@pytest.mark.parametrize(
    ("codes", "fanned"),
    [([0, 0, 1], False), ([0] * 9 + [1], True), ([], False)],
)
def test_busy_lanes_fan_out_within_their_lane(codes, fanned):
    from timeline.plot import _spread

    y, busy = _spread(np.array(codes, dtype="int32"))
    assert np.all(np.abs(y - np.array(codes)) <= 0.33)
    assert bool(busy.any()) is fanned
    if fanned:
        assert len(set(y[np.array(codes) == 0])) == 5 and y[-1] == 1.0


def test_actor_lanes_put_an_event_in_each_participants_lane(small):
    fig = timeline_figure(*small, PlotOptions(lanes="actor"))
    marker = _trace(fig, "arrival", "scatter")  # ev-lands has two participants
    assert sorted(marker.y) == [0.0, 1.0]


def test_many_articles_give_one_publication_tick_per_day():
    tl = many_timeline(2500)  # 2,000 distinct days
    fig = timeline_figure(events_frame(tl), articles_frame(tl), PlotOptions())
    strip = next(t for t in fig.data if t.name == "published")
    assert int(np.sum(strip.customdata)) == 2500 and len(strip.x) < 1000  # binned: 2,000 days > 1,000


def _box(x: object) -> dict[str, object]:
    return {"selection": {"points": [], "box": [{"xref": "x", "yref": "y", "x": x, "y": [1.0, 0.0]}]}}


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        # What Streamlit 1.67 sends for a box drawn on a date axis (measured in chromium).
        (
            _box(["2024-01-10 18:02:40.7941", "2024-02-06 17:59:06.402"]),
            (date(2024, 1, 10), date(2024, 2, 6)),
        ),
        (_box(["2024-02-06", "2024-01-10"]), (date(2024, 1, 10), date(2024, 2, 6))),  # drawn right to left
        (_box([1704067200000, 1704153600000.0]), (date(2024, 1, 1), date(2024, 1, 2))),  # epoch ms
        (_box(["not a date", "2024-01-10"]), None),
        (_box(["2024-01-10"]), None),
        (_box(None), None),
        ({"selection": {"points": [{"customdata": {"0": "ev"}}], "box": []}}, None),  # a click, no box
        ({"selection": {"points": []}}, None),
        (None, None),
    ],
)
def test_selection_box_dates(selection, expected):
    assert selection_box_dates(selection) == expected
