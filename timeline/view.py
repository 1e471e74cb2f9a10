"""The analyst's view as one frozen value: query-parameter round trip and event filtering.

Everything a shared link must reproduce (data set, filters, lanes, zoom, selected
event, presentation mode) lives in `ViewState`; the app reads it from and writes it
to the URL, so the same URL on the same server shows the same view.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date

import pandas as pd

from timeline.frames import LIST_SEP

log = logging.getLogger(__name__)

LANES = ("type", "actor", "country", "outlet", "none")
#: Zoom presets as (label, months back from the last event day); None zooms out to everything.
#: They set zoom_from/zoom_to, so a preset's view is in the shared link (Plotly's own in-chart
#: range buttons are client-side and never reach the server or the URL).
ZOOM_PRESETS: tuple[tuple[str, int | None], ...] = (
    ("month", 1), ("quarter", 3), ("year", 12), ("5 years", 60), ("all", None),
)  # fmt: skip
DEFAULT_DATASET = "sample"

#: Query-parameter name of each list field (repeated keys: ?actor=A&actor=B).
_LIST_PARAMS = {"actors": "actor", "countries": "country", "types": "type", "outlets": "outlet"}
_DATE_PARAMS = {"date_from": "from", "date_to": "to", "zoom_from": "zoom_from", "zoom_to": "zoom_to"}
_BOOL_PARAMS = {
    "include_background": "background",
    "include_announced": "announced",
    "presentation": "presentation",
}
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
_MAX_PARAM_LEN = 500


@dataclass(frozen=True)
class ViewState:
    """What the analyst is looking at; every field has a default so an empty URL is a valid view."""

    dataset: str = DEFAULT_DATASET
    date_from: date | None = None
    date_to: date | None = None
    actors: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    min_sources: int = 1
    include_background: bool = True
    include_announced: bool = True
    search: str = ""
    lanes: str = "type"
    zoom_from: date | None = None
    zoom_to: date | None = None
    event: str | None = None
    presentation: bool = False

    def to_query_params(self) -> dict[str, str | list[str]]:
        """The non-default fields as query parameters (lists as repeated keys)."""
        default = ViewState()
        params: dict[str, str | list[str]] = {}
        if self.dataset != default.dataset:
            params["dataset"] = self.dataset
        for name, key in _DATE_PARAMS.items():
            value = getattr(self, name)
            if value is not None:
                params[key] = value.isoformat()
        for name, key in _LIST_PARAMS.items():
            if getattr(self, name):
                params[key] = list(getattr(self, name))
        if self.min_sources != default.min_sources:
            params["min_sources"] = str(self.min_sources)
        for name, key in _BOOL_PARAMS.items():
            if getattr(self, name) != getattr(default, name):
                params[key] = "1" if getattr(self, name) else "0"
        if self.search:
            params["q"] = self.search
        if self.lanes != default.lanes:
            params["lanes"] = self.lanes
        if self.event:
            params["event"] = self.event
        return params

    @classmethod
    def from_query_params(cls, mapping: Mapping[str, object]) -> ViewState:
        """Parse query parameters; bad values are dropped with a logged warning, never raised."""
        return parse_query_params(mapping)[0]


def _values(mapping: Mapping[str, object], key: str) -> list[str]:
    """All values of one parameter, whatever the mapping (dict of str or lists, st.query_params)."""
    get_all = getattr(mapping, "get_all", None)
    raw: object = get_all(key) if callable(get_all) else mapping.get(key)
    if raw is None:
        return []
    items = [raw] if isinstance(raw, str) else list(raw) if isinstance(raw, Iterable) else [raw]
    return [str(v)[:_MAX_PARAM_LEN] for v in items]


def _last(mapping: Mapping[str, object], key: str) -> str | None:
    values = _values(mapping, key)
    return values[-1] if values else None


def _parse_field(name: str, key: str, raw: str) -> object:
    """One scalar field from its text; raises ValueError when the text is not valid."""
    if name in _DATE_PARAMS:
        return date.fromisoformat(raw)
    if name in _BOOL_PARAMS:
        low = raw.strip().lower()
        if low not in _TRUE | _FALSE:
            raise ValueError(f"{key} must be 1 or 0")
        return low in _TRUE
    if name == "min_sources":
        number = int(raw) if raw.strip().isdigit() else 0
        if not 1 <= number <= 10_000:
            raise ValueError("min_sources must be a whole number from 1 to 10000")
        return number
    if name == "lanes":
        if raw not in LANES:
            raise ValueError(f"lanes must be one of {', '.join(LANES)}")
        return raw
    return raw


_SCALAR_KEYS = {
    **_DATE_PARAMS,
    **_BOOL_PARAMS,
    "dataset": "dataset",
    "min_sources": "min_sources",
    "search": "q",
    "lanes": "lanes",
    "event": "event",
}


def parse_query_params(mapping: Mapping[str, object]) -> tuple[ViewState, tuple[str, ...]]:
    """The view encoded in `mapping` and one warning per value that was dropped."""
    changes: dict[str, object] = {}
    warnings: list[str] = []
    for name, key in _SCALAR_KEYS.items():
        raw = _last(mapping, key)
        if raw is None or raw == "":
            continue
        try:
            changes[name] = _parse_field(name, key, raw)
        except ValueError as exc:
            warnings.append(f"ignored ?{key}={raw!r}: {exc}")
    for name, key in _LIST_PARAMS.items():
        values = tuple(dict.fromkeys(v for v in _values(mapping, key) if v))
        if values:
            changes[name] = values
    state = replace(ViewState(), **changes)  # type: ignore[arg-type]
    if state.date_from and state.date_to and state.date_from > state.date_to:
        warnings.append("ignored the date range: 'from' is after 'to'")
        state = replace(state, date_from=None, date_to=None)
    for message in warnings:
        log.warning("%s", message)
    return state, tuple(warnings)


def _list_pattern(values: Iterable[str]) -> str:
    """A regex matching any of `values` as a whole item of a LIST_SEP-joined cell."""
    alternatives = "|".join(re.escape(v) for v in values)
    sep = re.escape(LIST_SEP)
    return rf"(?:^|{sep})(?:{alternatives})(?:{sep}|$)"


def _search_mask(events: pd.DataFrame, mentions: pd.DataFrame, text: str) -> pd.Series:
    needle = text.strip()
    in_label = events["label"].fillna("").str.contains(needle, case=False, regex=False)
    in_participants = events["participants"].fillna("").str.contains(needle, case=False, regex=False)
    if mentions.empty:
        return in_label | in_participants
    hits = mentions.loc[
        mentions["sentence"].fillna("").str.contains(needle, case=False, regex=False), "event_id"
    ]
    return in_label | in_participants | events["id"].isin(set(hits))


def filter_events(events: pd.DataFrame, mentions: pd.DataFrame, view: ViewState) -> pd.DataFrame:
    """The events the view shows: date overlap, list filters, minimum sources, statuses, search."""
    mask = pd.Series(True, index=events.index)
    if view.date_from is not None:
        mask &= events["end"] >= pd.Timestamp(view.date_from)
    if view.date_to is not None:
        mask &= events["start"] <= pd.Timestamp(view.date_to)
    for name, column in (("actors", "participants"), ("countries", "country"), ("outlets", "outlets")):
        chosen = getattr(view, name)
        if chosen:
            mask &= events[column].fillna("").str.contains(_list_pattern(chosen), regex=True)
    if view.types:
        mask &= events["type"].isin(view.types)
    if view.min_sources > 1:
        mask &= events["n_sources"] >= view.min_sources
    if not view.include_background:
        mask &= events["status"] != "background"
    if not view.include_announced:
        mask &= events["status"] != "announced"
    if view.search.strip():
        mask &= _search_mask(events, mentions, view.search)
    return events.loc[mask]


def zoom_preset(months: int | None, last_day: date | None) -> tuple[date | None, date | None]:
    """(zoom_from, zoom_to) for a preset of `months` ending on the data's last day; (None, None) = all."""
    if months is None or last_day is None:
        return None, None
    first = (pd.Timestamp(last_day) - pd.DateOffset(months=months) + pd.Timedelta(days=1)).date()
    return first, last_day


DATASET_KINDS = ("sample", "path", "upload", "paste", "urls", "store")


def dataset_kind(dataset: str) -> tuple[str, str]:
    """('sample', '') or (kind, value) of an id like 'upload:<hash>'; unknown kinds raise ValueError."""
    if dataset == DEFAULT_DATASET:
        return DEFAULT_DATASET, ""
    kind, _, value = dataset.partition(":")
    if kind not in DATASET_KINDS or not value:
        raise ValueError(
            f"unknown data set {dataset!r}: expected 'sample' or one of {', '.join(DATASET_KINDS[1:])}:<id>"
        )
    return kind, value
