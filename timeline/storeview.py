"""The app's view of a stored data set: its filters, option lists and drill-down answered by the store.

A `store:` data set is never loaded whole: the app keeps the events frame (one row per
event, what the chart and the table show) and asks the store, in SQL, which rows pass the
view's filters, which values the filter widgets offer, and the evidence of the events the
analyst opens or exports. Each call opens the store read-only for its own duration, so an
ingest by another process can run between two reruns of the app.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from timeline import frames
from timeline.model import Timeline
from timeline.store import EventFilters, Store
from timeline.view import ViewState

#: The events columns whose distinct items the filter widgets offer.
OPTION_COLUMNS = ("participants", "country", "type", "outlets")


def filters_of(state: ViewState) -> EventFilters:
    """The store's filters for a view: the same events as `view.filter_events` keeps."""
    return EventFilters(
        start=state.date_from,
        end=state.date_to,
        actors=state.actors,
        countries=state.countries,
        types=state.types,
        outlets=state.outlets,
        min_sources=state.min_sources if state.min_sources > 1 else 0,
        include_background=state.include_background,
        include_announced=state.include_announced,
        text=state.search,
    )


@dataclass(frozen=True)
class Opened:
    """What the app keeps of a stored data set between reruns: its events and articles frames."""

    events: pd.DataFrame
    articles: pd.DataFrame
    timeline: Timeline  # the source errors only: events and articles are read on demand


@dataclass(frozen=True)
class StoredDataset:
    """One data set of a store file, queried by the app."""

    path: Path
    name: str

    def _open(self) -> Store:
        return Store.open(self.path, read_only=True)

    def open(self) -> Opened:
        """The frames the first page needs: every event and article row, and the source errors."""
        with self._open() as store:
            return Opened(
                events=store.events_frame(self.name),
                articles=store.articles_frame(self.name),
                timeline=Timeline(errors=store.source_errors(self.name)),
            )

    def filter(self, events: pd.DataFrame, state: ViewState) -> pd.DataFrame:
        """The rows of `events` (this data set's `events_frame`) that the view's filters keep."""
        with self._open() as store:
            positions = store.event_positions(self.name, filters_of(state))
        return select_positions(events, positions)

    def options(self) -> dict[str, list[str]]:
        """The filter widgets' choices, per column of `OPTION_COLUMNS`."""
        with self._open() as store:
            return {column: store.distinct(self.name, column) for column in OPTION_COLUMNS}

    def detail(self, event_ids: Sequence[str]) -> Timeline:
        """Just these events, with their mentions and articles: what the drill-down shows."""
        with self._open() as store:
            return store.event_timeline(self.name, event_ids)

    def mentions(self, event_ids: Sequence[str]) -> pd.DataFrame:
        """`frames.mentions_frame` of these events only (exports of the filtered view)."""
        if not len(event_ids):
            return frames.mentions_frame(Timeline())
        with self._open() as store:
            return store.mentions_frame(self.name, event_ids)


def select_positions(events: pd.DataFrame, positions: Sequence[int] | np.ndarray) -> pd.DataFrame:
    """The rows of an `events_frame` at these stored positions, in the frame's order."""
    index = events.index
    at = np.asarray(positions, dtype="int64")
    dense = isinstance(index, pd.RangeIndex) and (index.start, index.step) == (0, 1)
    if dense and at.size and at[-1] < len(index) and bool(np.all(at[1:] > at[:-1])):
        return events.iloc[at]  # positions are row numbers: no lookup
    return events.loc[index.isin(at)]
