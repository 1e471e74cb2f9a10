"""ViewState: query-parameter round trip, tolerant parsing, and event filtering."""

from __future__ import annotations

from datetime import date

import pytest

from tests.ui.synthetic import small_timeline
from timeline.frames import events_frame, mentions_frame
from timeline.view import ViewState, dataset_kind, filter_events, parse_query_params, zoom_preset

FULL = ViewState(
    dataset="upload:abc123",
    date_from=date(2024, 1, 1),
    date_to=date(2025, 12, 31),
    actors=("Wang Yi", "Li, Shangfu"),
    countries=("China",),
    types=("visit", "arrival"),
    outlets=("The Moscow Times",),
    min_sources=2,
    include_background=False,
    include_announced=False,
    search="Beijing & co",
    lanes="actor",
    zoom_from=date(2024, 11, 1),
    zoom_to=date(2024, 11, 30),
    event="ev-visit",
    presentation=True,
)


@pytest.mark.parametrize("state", [ViewState(), FULL, ViewState(actors=("a; b",), search="x=1&y=2")])
def test_round_trip(state):
    assert ViewState.from_query_params(state.to_query_params()) == state


def test_default_view_has_empty_query():
    assert ViewState().to_query_params() == {}


@pytest.mark.parametrize(
    ("params", "field", "expected", "n_warnings"),
    [
        ({"lanes": "bogus"}, "lanes", "type", 1),
        ({"min_sources": "many"}, "min_sources", 1, 1),
        ({"min_sources": "0"}, "min_sources", 1, 1),
        ({"from": "2024-13-01"}, "date_from", None, 1),
        ({"presentation": "maybe"}, "presentation", False, 1),
        ({"presentation": "1"}, "presentation", True, 0),
        ({"from": "2025-01-01", "to": "2024-01-01"}, "date_from", None, 1),
        ({"actor": ["A", "B", "A"]}, "actors", ("A", "B"), 0),
        ({"actor": "A"}, "actors", ("A",), 0),
        ({"q": ["old", "new"]}, "search", "new", 0),
        ({"unknown": "x"}, "dataset", "sample", 0),
    ],
)
def test_bad_values_are_dropped_with_a_warning(params, field, expected, n_warnings):
    state, warnings = parse_query_params(params)
    assert getattr(state, field) == expected
    assert len(warnings) == n_warnings


class _Multi(dict):
    """Like st.query_params: get_all returns every value of a repeated key."""

    def get_all(self, key):
        value = self.get(key)
        return [] if value is None else value if isinstance(value, list) else [value]


def test_reads_mappings_with_get_all():
    state = ViewState.from_query_params(_Multi({"type": ["visit", "arrival"], "dataset": "sample"}))
    assert state.types == ("visit", "arrival")


@pytest.fixture(scope="module")
def frames():
    tl = small_timeline()
    return events_frame(tl), mentions_frame(tl)


@pytest.mark.parametrize(
    ("view", "expected"),
    [
        (ViewState(), {"ev-visit", "ev-lands", "ev-month"}),
        (ViewState(types=("visit",)), {"ev-visit"}),
        (ViewState(actors=("Sergei Shoigu",)), {"ev-visit", "ev-lands"}),
        (ViewState(actors=("Shoigu",)), set()),  # whole names only
        (ViewState(countries=("Russia",)), {"ev-month"}),
        (ViewState(outlets=("The Moscow Times",)), {"ev-visit"}),
        (ViewState(date_from=date(2024, 11, 14), date_to=date(2024, 11, 20)), {"ev-visit"}),
        (ViewState(date_from=date(2024, 10, 31), date_to=date(2024, 10, 31)), {"ev-month"}),
        (ViewState(include_background=False), {"ev-visit", "ev-lands"}),
        (ViewState(include_announced=False), {"ev-lands", "ev-month"}),
        (ViewState(min_sources=2), set()),
        (ViewState(search="consultations"), {"ev-visit"}),  # in a sentence, not the label
        (ViewState(search="BEIJING"), {"ev-lands", "ev-month"}),
        (ViewState(search="wang yi"), {"ev-visit", "ev-lands", "ev-month"}),
        (ViewState(search="[*evil"), {"ev-lands", "ev-month"}),  # regex characters are literal
    ],
)
def test_filter_events(frames, view, expected):
    events, mentions = frames
    assert set(filter_events(events, mentions, view)["id"]) == expected


@pytest.mark.parametrize(
    ("dataset", "expected"),
    [("sample", ("sample", "")), ("upload:ab12", ("upload", "ab12")), ("path:/x/y", ("path", "/x/y"))],
)
def test_dataset_kind(dataset, expected):
    assert dataset_kind(dataset) == expected


@pytest.mark.parametrize("dataset", ["", "upload:", "ftp:thing", "sample2"])
def test_dataset_kind_rejects(dataset):
    with pytest.raises(ValueError, match="unknown data set"):
        dataset_kind(dataset)


# months back, last event day, expected (zoom_from, zoom_to)
ZOOM_PRESET_CASES = [
    (1, date(2025, 3, 2), (date(2025, 2, 3), date(2025, 3, 2))),
    (3, date(2025, 3, 31), (date(2025, 1, 1), date(2025, 3, 31))),
    (12, date(2024, 2, 29), (date(2023, 3, 1), date(2024, 2, 29))),
    (60, date(2025, 3, 2), (date(2020, 3, 3), date(2025, 3, 2))),
    (None, date(2025, 3, 2), (None, None)),
    (12, None, (None, None)),
]


@pytest.mark.parametrize(("months", "last_day", "expected"), ZOOM_PRESET_CASES)
def test_zoom_presets_end_on_the_last_event_day(months, last_day, expected):
    assert zoom_preset(months, last_day) == expected
