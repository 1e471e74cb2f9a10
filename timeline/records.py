"""Model dataclasses as JSON records and as column lists, for columnar storage (DuckDB, Parquet).

The JSON codec is driven by the model's type hints, so a field added to `model.py` is stored
and read back without touching this module. The column builders give each table of the store
its query columns; they are pure (no database here) so they are tested without one.
"""

from __future__ import annotations

import json
import types
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import fields, is_dataclass, replace
from datetime import date
from enum import Enum
from functools import cache
from typing import Any, Union, get_args, get_origin, get_type_hints

import pandas as pd

from timeline import frames
from timeline.model import Article, Event, EventMention, TimeExpression, Timeline

Columns = dict[str, list[Any]]


def encode(value: Any) -> Any:  # noqa: PLR0911 - one return per kind of value
    """A JSON-ready form of a model value: dataclasses as dicts, dates as ISO strings.

    Strings, numbers, string enums and tuples of them are left for `json` to write as they are.
    """
    kind: Any = type(value)  # a class is hashable; mypy types type[Any] as unhashable
    if kind in _PLAIN:
        return value
    if _field_encoders(kind):
        return _encode_dataclass(kind, value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {k: encode(v) for k, v in value.items()}
    return value


_PLAIN = frozenset({str, int, float, bool, type(None)})
Encoder = Callable[[Any], Any] | None  # None: the value is JSON-ready as it is


def _encode_dataclass(kind: Any, value: Any) -> dict[str, Any]:
    out = {}
    for name, convert in _field_encoders(kind):
        item = getattr(value, name)
        out[name] = item if convert is None or item is None else convert(item)
    return out


@cache
def _field_encoders(kind: Any) -> tuple[tuple[str, Encoder], ...]:
    """Per field of a dataclass, how to make its value JSON-ready (from the type hints)."""
    if not is_dataclass(kind):
        return ()
    hints = get_type_hints(kind)
    return tuple((f.name, _encoder(hints[f.name])) for f in fields(kind))


def _encoder(tp: Any) -> Encoder:  # noqa: PLR0911 - one return per kind of type
    origin, args = get_origin(tp), get_args(tp)
    if origin in (Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return _encoder(inner[0]) if len(inner) == 1 else encode
    if origin is tuple:
        items = [_encoder(a) for a in args if a is not Ellipsis]
        if all(e is None for e in items):
            return None
        return encode
    if origin is dict:
        return None if _encoder(args[1]) is None else encode
    if isinstance(tp, type) and issubclass(tp, Enum):
        return None if issubclass(tp, str) else encode
    if tp in (str, int, float, bool):
        return None
    return encode  # dates, nested dataclasses, anything else: the generic path


def decode(cls: Any, data: dict[str, Any]) -> Any:
    """The dataclass `cls` from `encode`'s output; unknown keys are ignored, missing ones defaulted."""
    names, converters = _field_decoders(cls)
    kwargs = {k: v for k, v in data.items() if k in names}
    for name, convert in converters:  # only the fields whose JSON form is not their value
        value = kwargs.get(name)
        if value is not None:
            kwargs[name] = convert(value)
    return cls(**kwargs)


def dumps(value: Any) -> str:
    """`encode` as compact JSON text."""
    return json.dumps(encode(value), ensure_ascii=False, separators=(",", ":"), default=encode)


def loads(cls: type[Any], text: str) -> Any:
    """`decode` of JSON text."""
    return decode(cls, json.loads(text))


@cache
def _field_decoders(cls: Any) -> tuple[frozenset[str], tuple[tuple[str, Callable[[Any], Any]], ...]]:
    hints = get_type_hints(cls)
    converters = tuple((f.name, fn) for f in fields(cls) if (fn := _decoder(hints[f.name])) is not _identity)
    return frozenset(f.name for f in fields(cls)), converters


def _decoder(tp: Any) -> Callable[[Any], Any]:  # noqa: PLR0911 - one return per kind of type
    """How to turn a JSON value back into type `tp` (None is handled by the caller)."""
    origin, args = get_origin(tp), get_args(tp)
    if origin in (Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return _decoder(inner[0]) if len(inner) == 1 else _identity
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            item = _decoder(args[0])
            return tuple if item is _identity else lambda v: tuple([item(x) for x in v])
        items = [_decoder(a) for a in args]
        return lambda v: tuple([fn(x) for fn, x in zip(items, v, strict=True)])
    if origin is dict:
        val = _decoder(args[1])
        return lambda v: {k: val(x) for k, x in v.items()}
    if tp is date:
        return date.fromisoformat
    if isinstance(tp, type) and issubclass(tp, Enum):
        return tp
    if is_dataclass(tp):
        return lambda v: decode(tp, v)
    return _identity


def _identity(value: Any) -> Any:
    return value


# ---- the store's tables as columns -------------------------------------------------------------------


def _values(column: pd.Series) -> list[Any]:
    """A frame column as Python values, missing ones (NaN, NaT, NA) as None for Arrow."""
    return column.astype(object).where(column.notna(), None).tolist()


def article_columns(
    dataset: str, articles: Sequence[Article], expressions: dict[str, Any], first_pos: int
) -> Columns:
    """The `articles` table: the app's article columns, the position, the record without text."""
    frame = frames.articles_frame(Timeline(articles=tuple(articles)))
    columns: Columns = {c: _values(frame[c]) for c in frames.ARTICLE_COLUMNS if c != "n_events"}
    return columns | {
        "published": [a.published for a in articles],
        "dataset": [dataset] * len(articles),
        "pos": list(range(first_pos, first_pos + len(articles))),
        "published_confidence": [float(a.published_confidence) for a in articles],
        "has_expressions": [a.id in expressions for a in articles],
        "record": [dumps(replace(a, text="")) for a in articles],
    }


def furniture_columns(dataset: str, articles: Sequence[Article]) -> Columns:
    """The `furniture` table: one row per span of page furniture."""
    spans = [(a.id, s) for a in articles for s in a.furniture]
    return {
        "dataset": [dataset] * len(spans),
        "article_id": [i for i, _ in spans],
        "start": [s.start for _, s in spans],
        "end": [s.end for _, s in spans],
        "reason": [s.reason for _, s in spans],
    }


def expression_columns(
    dataset: str, articles: Sequence[Article], expressions: dict[str, tuple[TimeExpression, ...]]
) -> Columns:
    """The `expressions` table: each article's time expressions with offsets, in order."""
    rows = [(a.id, i, x) for a in articles for i, x in enumerate(expressions.get(a.id, ()))]
    xs = [x for *_, x in rows]
    return {
        "dataset": [dataset] * len(rows),
        "article_id": [r[0] for r in rows],
        "pos": [r[1] for r in rows],
        "text": [x.text for x in xs],
        "char_start": [x.char_start for x in xs],
        "char_end": [x.char_end for x in xs],
        "type": [str(x.type) for x in xs],
        "value": [x.value for x in xs],
        "rule": [x.rule for x in xs],
        "start_date": [x.start_date for x in xs],
        "end_date": [x.end_date for x in xs],
        "record": [dumps(x) for x in xs],
    }


def event_columns(
    dataset: str, events: Sequence[Event], articles: Sequence[Article], first_pos: int = 0
) -> Columns:
    """The `events` table: the app's event columns plus lists and text to filter on in SQL."""
    frame = frames.events_frame(Timeline(articles=tuple(articles), events=tuple(events)))
    columns: Columns = {c: _values(frame[c]) for c in frames.EVENT_COLUMNS}
    return columns | {
        "start": [e.start for e in events],
        "end": [e.end if e.end is not None else e.start for e in events],
        "dataset": [dataset] * len(events),
        "pos": list(range(first_pos, first_pos + len(events))),
        # the items the app's list filters match: the joined cells split again (view.filter_events)
        "participant_list": [frames.split_list(p) for p in columns["participants"]],
        "outlet_list": [frames.split_list(o) for o in columns["outlets"]],
        "article_ids": [list(e.article_ids) for e in events],
        "search_text": [
            search_text(e.label, p, (m.sentence for m in e.mentions))
            for e, p in zip(events, columns["participants"], strict=True)
        ],
        "record": [dumps(replace(e, mentions=())) for e in events],
    }


#: Joins the fields of `search_text`: a control character no search text holds, so no match spans two.
SEARCH_SEP = "\x1f"


def search_text(label: str | None, participants: str | None, sentences: Iterable[str | None]) -> str:
    """What the app's text search looks in (label, participants, every sentence), lower-cased once.

    The store matches the lower-cased needle as a substring: `view.filter_events`'s
    case-insensitive search, without reading the mentions.
    """
    return SEARCH_SEP.join([label or "", participants or "", *(s or "" for s in sentences)]).lower()


def mention_row_keys(events: Sequence[Event]) -> list[list[str]]:
    """A unique key per mention of `events` ("<id>.<n>"): extraction may give two mentions one id.

    All mentions sharing an id come from one article, so numbering them in order within one
    ingest gives keys that stay unique across ingests.
    """
    seen: dict[str, int] = {}
    keys = []
    for e in events:
        row = []
        for m in e.mentions:
            n = seen.get(m.id, 0)
            seen[m.id] = n + 1
            row.append(f"{m.id}.{n}")
        keys.append(row)
    return keys


def mention_columns(
    dataset: str, events: Sequence[Event], keys: Sequence[Sequence[str]], skip: Collection[str] = ()
) -> Columns:
    """The `mentions` table: each event's mentions in order, with offsets and the full record.

    `keys` are the mentions' row keys (`mention_row_keys`); those in `skip` (already stored,
    only moved to another event) are left out.
    """
    rows = [
        (e.id, i, m, k)
        for e, ks in zip(events, keys, strict=True)
        for i, (m, k) in enumerate(zip(e.mentions, ks, strict=True))
        if not skip or k not in skip
    ]
    ms = [r[2] for r in rows]
    return {
        "dataset": [dataset] * len(rows),
        "event_id": [r[0] for r in rows],
        "pos": [r[1] for r in rows],
        "id": [m.id for m in ms],
        "key": [r[3] for r in rows],
        "article_id": [m.article_id for m in ms],
        "sentence_start": [m.sentence_start for m in ms],
        "sentence_end": [m.sentence_end for m in ms],
        "trigger_start": [m.trigger_start for m in ms],
        "trigger_end": [m.trigger_end for m in ms],
        "event_type": [m.event_type for m in ms],
        "time_start": [m.time.start_date if m.time else None for m in ms],
        "time_end": [m.time.end_date if m.time else None for m in ms],
        "record": [dumps(m) for m in ms],
    }


def moved_mention_columns(
    events: Sequence[Event], keys: Sequence[Sequence[str]], moved: Collection[str]
) -> Columns:
    """The new event and position of each stored mention (row key in `moved`) after a merge."""
    rows = [(k, e.id, i) for e, ks in zip(events, keys, strict=True) for i, k in enumerate(ks) if k in moved]
    return {"key": [r[0] for r in rows], "event_id": [r[1] for r in rows], "pos": [r[2] for r in rows]}


def light_mention(text: str) -> Any:
    """An EventMention from its record without entities and date parts (what the merge reads)."""
    data = json.loads(text)
    data.pop("entities", None)
    if data.get("time"):
        data["time"].pop("parts", None)
    return decode(EventMention, data)


def mention_key_columns(
    dataset: str,
    events: Sequence[Event],
    keys_of: Callable[[Any], list[str]],
    keys: Sequence[Sequence[str]],
    skip: Collection[str] = (),
) -> Columns:
    """The `mention_keys` table: one row per dated mention and merge block key ("family|p:name").

    `mention_id` is the mention's row key; `name` the block key without its family, for
    looking up mentions by participant; lo and hi the mention's dates, so that the store
    finds the mentions a new one can merge with.
    """
    rows = [
        (e.id, m, k, key)
        for e, ks in zip(events, keys, strict=True)
        for m, k in zip(e.mentions, ks, strict=True)
        if m.time and m.time.start_date and m.time.end_date and (not skip or k not in skip)
        for key in keys_of(m)
    ]
    return {
        "dataset": [dataset] * len(rows),
        "event_id": [r[0] for r in rows],
        "mention_id": [r[2] for r in rows],
        "key": [r[3] for r in rows],
        "name": [r[3].partition("|")[2] for r in rows],
        "lo": [r[1].time.start_date for r in rows],  # type: ignore[union-attr]
        "hi": [r[1].time.end_date for r in rows],  # type: ignore[union-attr]
    }
