"""The app's reads of a stored data set: filters, option lists and drill-down, in SQL.

The app keeps one events frame per data set and asks the store which rows pass its
filters (positions, a numpy array: no Python object per row). The filters have the
semantics of `timeline.view.filter_events`; the evidence of an event (mentions, articles
with their text) is read for the events asked for only, never for the whole data set.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from timeline import frames, records
from timeline.model import Article, Event, EventMention, SourceError, TimeExpression, Timeline

#: The event columns as the app's frame has them (dates as millisecond timestamps).
EVENT_SELECT = ", ".join(
    f'"{c}"::TIMESTAMP_MS AS "{c}"' if c in ("start", "end") else f'"{c}"' for c in frames.EVENT_COLUMNS
)
#: SQL of the list items of each filterable column (the joined cells split, as `frames.split_list`).
ITEM_SQL = {
    "participants": "participant_list",
    "outlets": "outlet_list",
    "country": "list_filter(string_split(coalesce(country, ''), '; '), lambda x: x <> '')",
    "type": "list_filter(string_split(coalesce(type, ''), '; '), lambda x: x <> '')",
}


@dataclass(frozen=True)
class EventFilters:
    """The app's filters, each optional; `where_sql` turns them into SQL and parameters.

    Dates select events whose interval overlaps [start, end] (undated ones only with
    `include_undated`); actors, countries and outlets match any of the names given; text is a
    case-insensitive substring of the label, the participants or a sentence. The semantics
    are those of `timeline.view.filter_events`, which the tests check on generated data.
    """

    start: date | None = None
    end: date | None = None
    actors: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    min_sources: int = 0
    include_background: bool = True
    include_announced: bool = True
    text: str = ""
    include_undated: bool = False
    limit: int | None = None


def where_sql(f: EventFilters) -> tuple[str, list[Any]]:
    """SQL conditions (fixed text) and their parameters (the user's values) for the filters."""
    clauses: list[str] = []
    params: list[Any] = []
    undated = " OR start IS NULL" if f.include_undated else ""
    if f.start is not None:
        clauses.append(f'("end" >= ?{undated})')
        params.append(f.start)
    if f.end is not None:
        clauses.append(f"(start <= ?{undated})")
        params.append(f.end)
    for column, values in (
        ("participants", f.actors),
        ("country", f.countries),
        ("outlets", f.outlets),
        ("type", f.types),
    ):
        if values:
            test = "list_contains(?::VARCHAR[], type)" if column == "type" else None
            clauses.append(test or f"list_has_any({ITEM_SQL[column]}, ?::VARCHAR[])")
            params.append(list(values))
    if f.min_sources > 0:
        clauses.append("n_sources >= ?")
        params.append(f.min_sources)
    for status, kept in (("background", f.include_background), ("announced", f.include_announced)):
        if not kept:
            clauses.append("status IS DISTINCT FROM ?")
            params.append(status)
    if f.text.strip():
        clauses.append("contains(search_text, ?)")
        params.append(f.text.strip().lower())
    return "".join(f" AND {c}" for c in clauses), params


def typed(frame: pd.DataFrame, dates: Sequence[str], ints: Sequence[str]) -> pd.DataFrame:
    """The dtypes `timeline.frames` gives, so the app sees one kind of frame from either source."""
    for column in dates:
        frame[column] = pd.to_datetime(frame[column], errors="coerce").astype("datetime64[ms]")
    for column in ints:
        frame[column] = frame[column].astype("int64")
    return frame


def _arrow_frame(cur: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> pd.DataFrame:
    """A query as a frame through Arrow: strings and timestamps convert without a Python object per cell."""
    return cur.sql(sql, params=params).to_arrow_table().to_pandas()


def query_events(cur: duckdb.DuckDBPyConnection, dataset: str, f: EventFilters) -> pd.DataFrame:
    """The events passing the filters, by start date, with `frames.events_frame`'s columns."""
    where, params = where_sql(f)
    limit = "" if f.limit is None else f" LIMIT {int(f.limit)}"
    sql = (
        f"SELECT {EVENT_SELECT} FROM events WHERE dataset = ?{where} "  # noqa: S608 - values are parameters
        f"ORDER BY start NULLS LAST, pos{limit}"
    )
    return typed(_arrow_frame(cur, sql, [dataset, *params]), (), ("n_sources", "n_mentions"))


def events_frame(cur: duckdb.DuckDBPyConnection, dataset: str) -> pd.DataFrame:
    """Every event, in the stored order, indexed by position: `frames.events_frame` of the data set."""
    sql = f"SELECT pos, {EVENT_SELECT} FROM events WHERE dataset = ? ORDER BY pos"  # noqa: S608
    frame = typed(_arrow_frame(cur, sql, [dataset]), (), ("n_sources", "n_mentions"))
    positions = frame.pop("pos").to_numpy(dtype="int64")
    frame.index = (
        pd.RangeIndex(len(frame))
        if np.array_equal(positions, np.arange(len(frame)))
        else pd.Index(positions, dtype="int64")
    )
    return frame


def event_positions(cur: duckdb.DuckDBPyConnection, dataset: str, f: EventFilters) -> np.ndarray:
    """The positions (the index of `events_frame`) of the events passing the filters, ascending."""
    where, params = where_sql(f)
    sql = f"SELECT pos FROM events WHERE dataset = ?{where} ORDER BY pos"  # noqa: S608 - parameters
    column = cur.sql(sql, params=[dataset, *params]).fetchnumpy()["pos"]
    return np.asarray(column, dtype="int64")


def distinct_items(cur: duckdb.DuckDBPyConnection, dataset: str, column: str) -> list[str]:
    """`frames.distinct_values` of an events column: its sorted distinct list items."""
    if column not in ITEM_SQL:
        raise ValueError(f"no option list for {column!r}: choose one of {', '.join(ITEM_SQL)}")
    sql = f"SELECT DISTINCT unnest({ITEM_SQL[column]}) AS v FROM events WHERE dataset = ?"  # noqa: S608
    values = cur.sql(sql, params=[dataset]).fetchnumpy()["v"]
    return sorted((str(v) for v in values if v), key=str.casefold)


_MENTION_SQL = """
SELECT m.event_id, m.id AS mention_id, m.article_id,
       CASE WHEN a.outlet <> '' THEN a.outlet ELSE a.agency END AS outlet, a.title,
       a.published::TIMESTAMP_MS AS published, a.published_how,
       coalesce(a.published_inferred, false) AS published_inferred,
       m.record->>'sentence' AS sentence, m.sentence_start, m.sentence_end,
       m.record->>'trigger' AS trigger, m.trigger_start, m.trigger_end,
       m.record->'time'->>'text' AS time_text,
       (m.record->'time'->>'char_start')::BIGINT AS time_char_start,
       (m.record->'time'->>'char_end')::BIGINT AS time_char_end,
       m.time_start::TIMESTAMP_MS AS time_start, m.time_end::TIMESTAMP_MS AS time_end,
       m.record->'time'->>'value' AS time_value, m.record->'time'->>'rule' AS time_rule,
       m.record->'time'->>'resolution' AS time_resolution, m.record->>'status' AS status
FROM (SELECT unnest(?::VARCHAR[]) AS id, generate_subscripts(?::VARCHAR[], 1) AS n) w
JOIN events e ON e.dataset = ? AND e.id = w.id
JOIN mentions m ON m.dataset = e.dataset AND m.event_id = e.id
LEFT JOIN articles a ON a.dataset = m.dataset AND a.id = m.article_id
ORDER BY e.pos, m.pos
"""


def mentions_frame(cur: duckdb.DuckDBPyConnection, dataset: str, event_ids: Sequence[str]) -> pd.DataFrame:
    """`frames.mentions_frame` of some events (exports, briefings), from the query columns.

    The sentences and dates come out of the mention records in SQL: no mention is decoded
    in Python, so the evidence of thousands of filtered events is read in a fraction of a second.
    """
    ids = list(dict.fromkeys(event_ids))
    frame = _arrow_frame(cur, _MENTION_SQL, [ids, ids, dataset])
    frame = frame[list(frames.MENTION_COLUMNS)]
    for column in ("sentence_start", "sentence_end", "trigger_start", "trigger_end"):
        frame[column] = frame[column].astype("int64")
    for column in ("time_char_start", "time_char_end"):
        frame[column] = frame[column].astype("Int64")
    frame["published_inferred"] = frame["published_inferred"].astype(bool)
    return typed(frame, ("published", "time_start", "time_end"), ())


def event_timeline(cur: duckdb.DuckDBPyConnection, dataset: str, event_ids: Sequence[str]) -> Timeline:
    """A Timeline of just these events, their mentions and the articles they cite, with texts.

    What the drill-down needs (`timeline.drilldown.event_detail`), read by id: the cost does
    not grow with the size of the data set.
    """
    ids = list(dict.fromkeys(event_ids))
    if not ids:
        return Timeline()
    events = read_events(cur, dataset, ids)
    wanted = list(dict.fromkeys(m.article_id for e in events for m in e.mentions))
    articles = [a for a, _ in read_articles(cur, dataset, wanted)] if wanted else []
    return Timeline(articles=tuple(articles), events=tuple(events))


def read_articles(
    cur: duckdb.DuckDBPyConnection, dataset: str, ids: list[str] | None = None
) -> list[tuple[Article, bool]]:
    """Articles with their text and whether they have stored expressions, in stored order."""
    only = "" if ids is None else " AND a.id IN (SELECT unnest(?::VARCHAR[]))"
    rows = cur.execute(
        f"""SELECT a.record, t.text, a.has_expressions FROM articles a
            JOIN article_texts t ON t.id = a.id WHERE a.dataset = ?{only} ORDER BY a.pos""",  # noqa: S608
        [dataset] if ids is None else [dataset, ids],
    ).fetchall()
    return [(records.decode(Article, {**json.loads(r), "text": text}), bool(has)) for r, text, has in rows]


def read_events(cur: duckdb.DuckDBPyConnection, dataset: str, ids: list[str] | None = None) -> list[Event]:
    """Events with their mentions, in stored order (all of them, or those with the ids given)."""
    only = "" if ids is None else " AND {c} IN (SELECT unnest(?::VARCHAR[]))"
    params = [dataset] if ids is None else [dataset, ids]
    mentions: dict[str, list[EventMention]] = {}
    for event_id, record in cur.execute(
        f"SELECT event_id, record FROM mentions WHERE dataset = ?{only.format(c='event_id')} "  # noqa: S608
        "ORDER BY event_id, pos",
        params,
    ).fetchall():
        mentions.setdefault(event_id, []).append(records.loads(EventMention, record))
    rows = cur.execute(
        f"SELECT id, record FROM events WHERE dataset = ?{only.format(c='id')} ORDER BY pos",  # noqa: S608
        params,
    ).fetchall()
    return [replace(records.loads(Event, r), mentions=tuple(mentions.get(i, ()))) for i, r in rows]


def source_errors(cur: duckdb.DuckDBPyConnection, dataset: str) -> tuple[SourceError, ...]:
    """The sources of a data set that could not be read, in the order they were met."""
    rows = cur.execute(
        "SELECT source, reason FROM source_errors WHERE dataset = ? ORDER BY pos", [dataset]
    ).fetchall()
    return tuple(SourceError(source, reason) for source, reason in rows)


def read_timeline(cur: duckdb.DuckDBPyConnection, dataset: str) -> Timeline:
    """The whole data set as the Timeline that was ingested (articles, events, expressions, errors)."""
    articles = read_articles(cur, dataset)
    expressions: dict[str, list[TimeExpression]] = {a.id: [] for a, has in articles if has}
    for article_id, record in cur.execute(
        "SELECT article_id, record FROM expressions WHERE dataset = ? ORDER BY article_id, pos", [dataset]
    ).fetchall():
        expressions.setdefault(article_id, []).append(records.loads(TimeExpression, record))
    return Timeline(
        articles=tuple(a for a, _ in articles),
        events=tuple(read_events(cur, dataset)),
        errors=source_errors(cur, dataset),
        expressions={k: tuple(v) for k, v in expressions.items()},
    )
