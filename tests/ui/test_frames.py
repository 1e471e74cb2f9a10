"""Frames: one row per event/mention/article, typed date columns, joined list cells."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.ui.synthetic import small_timeline
from timeline.frames import (
    ARTICLE_COLUMNS,
    EVENT_COLUMNS,
    MENTION_COLUMNS,
    articles_frame,
    distinct_values,
    events_frame,
    mentions_frame,
    split_list,
)
from timeline.model import Timeline


@pytest.mark.parametrize(
    ("make", "columns", "rows"),
    [
        (events_frame, EVENT_COLUMNS, 3),
        (mentions_frame, MENTION_COLUMNS, 4),
        (articles_frame, ARTICLE_COLUMNS, 2),
    ],
)
def test_frame_shapes(make, columns, rows):
    frame = make(small_timeline())
    assert tuple(frame.columns) == columns
    assert len(frame) == rows


@pytest.mark.parametrize("make", [events_frame, mentions_frame, articles_frame])
def test_empty_timeline_gives_empty_typed_frames(make):
    frame = make(Timeline())
    assert frame.empty
    for column in ("start", "end", "published"):
        if column in frame:
            assert pd.api.types.is_datetime64_any_dtype(frame[column])


@pytest.mark.parametrize(
    ("event_id", "column", "expected"),
    [
        ("ev-visit", "participants", "Sergei Shoigu; Wang Yi"),
        ("ev-visit", "n_sources", 1),
        ("ev-visit", "n_mentions", 2),
        ("ev-visit", "outlets", "The Moscow Times"),
        ("ev-visit", "date_text", "Nov. 11-14"),
        ("ev-visit", "status", "announced"),
        ("ev-month", "granularity", "month"),
        ("ev-lands", "start", pd.Timestamp("2025-02-28")),
        ("ev-month", "end", pd.Timestamp("2024-10-31")),
    ],
)
def test_event_cells(event_id, column, expected):
    frame = events_frame(small_timeline()).set_index("id")
    assert frame.loc[event_id, column] == expected


def test_mentions_carry_article_date_and_time_expression():
    frame = mentions_frame(small_timeline())
    row = frame.loc[frame["time_text"] == "next week"].iloc[0]
    assert row["published"] == pd.Timestamp("2024-11-10")
    assert row["time_start"] == pd.Timestamp("2024-11-11")
    assert row["time_end"] == pd.Timestamp("2024-11-17")
    assert row["outlet"] == "The Moscow Times"


def test_articles_count_events_and_inference():
    frame = articles_frame(small_timeline()).set_index("id")
    assert frame.loc["art-b", "n_events"] == 2
    assert bool(frame.loc["art-b", "published_inferred"]) is True


@pytest.mark.parametrize(
    ("cell", "expected"), [("a; b", ["a", "b"]), ("", []), (None, []), (float("nan"), []), ("solo", ["solo"])]
)
def test_split_list(cell, expected):
    assert split_list(cell) == expected


def test_distinct_values_splits_lists():
    assert distinct_values(events_frame(small_timeline()), "participants") == ["Sergei Shoigu", "Wang Yi"]
