"""The persistent store: data sets of articles, expressions, mentions and events in one DuckDB file.

This is the only module that imports duckdb. Rows carry query columns (the app's event
table, lists of participants and outlets) for SQL filters, and a JSON `record` of the full
dataclass, so that `load` gives back exactly what `ingest` was given even as the model grows
fields. Every ingest is one transaction: a crash mid-ingest leaves the previous state readable.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from timeline import frames, records
from timeline.errors import TimelineError
from timeline.model import Article, Event, EventMention, SourceError, TimeExpression, Timeline
from timeline.settings import Settings

logger = logging.getLogger(__name__)

#: Where the app and the CLI keep their store unless told otherwise.
DEFAULT_STORE_PATH = Path("data/timeline.duckdb")
#: Bumped whenever a table changes; a store written by a newer version is refused.
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS datasets (name VARCHAR PRIMARY KEY, extraction_version VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS article_texts (id VARCHAR PRIMARY KEY, text VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    dataset VARCHAR, pos INTEGER, id VARCHAR, source_path VARCHAR, url VARCHAR, outlet VARCHAR,
    agency VARCHAR, title VARCHAR, published DATE, published_how VARCHAR, published_inferred BOOLEAN,
    published_reason VARCHAR, published_confidence DOUBLE, warnings VARCHAR, has_expressions BOOLEAN,
    record JSON);
CREATE TABLE IF NOT EXISTS furniture (
    dataset VARCHAR, article_id VARCHAR, start INTEGER, "end" INTEGER, reason VARCHAR);
CREATE TABLE IF NOT EXISTS expressions (
    dataset VARCHAR, article_id VARCHAR, pos INTEGER, text VARCHAR, char_start INTEGER,
    char_end INTEGER, type VARCHAR, value VARCHAR, rule VARCHAR, start_date DATE, end_date DATE,
    record JSON);
CREATE TABLE IF NOT EXISTS mentions (
    dataset VARCHAR, event_id VARCHAR, pos INTEGER, id VARCHAR, article_id VARCHAR,
    sentence_start INTEGER, sentence_end INTEGER, trigger_start INTEGER, trigger_end INTEGER,
    event_type VARCHAR, time_start DATE, time_end DATE, record JSON);
CREATE TABLE IF NOT EXISTS events (
    dataset VARCHAR, pos INTEGER, id VARCHAR, label VARCHAR, type VARCHAR, status VARCHAR,
    start DATE, "end" DATE, granularity VARCHAR, participants VARCHAR, place VARCHAR,
    country VARCHAR, confidence DOUBLE, n_sources INTEGER, outlets VARCHAR, n_mentions INTEGER,
    parent_id VARCHAR, disagreements VARCHAR, date_text VARCHAR, participant_list VARCHAR[],
    outlet_list VARCHAR[], article_ids VARCHAR[], search_text VARCHAR, record JSON);
CREATE TABLE IF NOT EXISTS source_errors (dataset VARCHAR, pos INTEGER, source VARCHAR, reason VARCHAR);
"""
_EVENT_SELECT = ", ".join(
    f'"{c}"::TIMESTAMP_MS AS "{c}"' if c in ("start", "end") else f'"{c}"' for c in frames.EVENT_COLUMNS
)
#: Rows built and inserted at a time within an ingest's transaction (bounds peak memory).
_SLICE = 5_000
_DATASET_TABLES = ("articles", "furniture", "expressions", "mentions", "events", "source_errors")


class StoreError(TimelineError):
    """The store cannot do what was asked; the message says what to do instead."""


# ---- public values ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventFilters:
    """The app's filters, each optional; `query_events` turns them into SQL parameters.

    Dates select events whose interval overlaps [start, end]; actors and outlets match any of
    the names given; text is a case-insensitive substring of the label or of a sentence.
    """

    start: date | None = None
    end: date | None = None
    actors: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    min_sources: int = 0
    text: str = ""
    include_undated: bool = False
    limit: int | None = None


@dataclass(frozen=True)
class IngestReport:
    """What one ingest changed, for the CLI to print and the tests to check."""

    dataset: str
    extraction_version: str
    articles_added: int
    articles_skipped: int
    mentions_added: int
    events_before: int
    events_after: int
    merged: bool


class _Shared:
    """One duckdb connection per (file, mode) in this process, shared by every Store on it."""

    lock = threading.Lock()
    connections: dict[tuple[str, bool], list[Any]] = {}  # noqa: RUF012 - a process-wide registry

    @classmethod
    def acquire(cls, path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
        key = (str(path), read_only)
        with cls.lock:
            if read_only and (str(path), False) in cls.connections:
                key = (str(path), False)  # duckdb allows one configuration per file and process
            entry = cls.connections.get(key)
            if entry is None:
                entry = [duckdb.connect(str(path), read_only=read_only), 0]
                cls.connections[key] = entry
            entry[1] += 1
            return entry[0]

    @classmethod
    def release(cls, path: Path, read_only: bool) -> None:
        key = (str(path), read_only)
        with cls.lock:
            if key not in cls.connections:
                key = (str(path), False)
            entry = cls.connections.get(key)
            if entry is not None:
                entry[1] -= 1
                if entry[1] <= 0:
                    entry[0].close()
                    del cls.connections[key]


class Store:
    """A DuckDB file of data sets; one connection per process, one cursor per thread."""

    def __init__(self, path: str | Path = DEFAULT_STORE_PATH, *, read_only: bool = False) -> None:
        self.path = Path(path).resolve()
        self.read_only = read_only
        if read_only and not self.path.exists():
            raise StoreError(f"{self.path}: no store here; run an ingest first to create it")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._conn: duckdb.DuckDBPyConnection | None = _Shared.acquire(self.path, read_only)
        self._local = threading.local()
        self._check_schema()

    @classmethod
    def open(cls, path: str | Path = DEFAULT_STORE_PATH, *, read_only: bool = False) -> Store:
        return cls(path, read_only=read_only)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._conn is not None:
            self._conn = None
            _Shared.release(self.path, self.read_only)

    def _cursor(self) -> duckdb.DuckDBPyConnection:
        """This thread's cursor: a duckdb connection object must not be used by two threads."""
        if self._conn is None:
            raise StoreError(f"{self.path}: the store is closed; open it again")
        if getattr(self._local, "conn", None) is not self._conn:
            self._local.cursor, self._local.conn = self._conn.cursor(), self._conn
        return self._local.cursor

    def _check_schema(self) -> None:
        cur = self._cursor()
        if not self.read_only:
            cur.execute(_SCHEMA)
            if _one(cur, "SELECT count(*) FROM schema_version") == (0,):
                cur.execute("INSERT INTO schema_version VALUES (?)", [SCHEMA_VERSION])
        row = _one(cur, "SELECT max(version) FROM schema_version")
        version = row[0] if row else None
        if version != SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: schema version {version} is not the one this version reads "
                f"({SCHEMA_VERSION}); use the matching news-timeline version or another store file"
            )

    @contextmanager
    def _transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        cur = self._cursor()
        cur.execute("BEGIN TRANSACTION")
        try:
            yield cur
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        cur.execute("COMMIT")

    # ---- reading ----------------------------------------------------------------------------------

    def datasets(self) -> pd.DataFrame:
        """One row per data set: name, extraction version and counts."""
        return (
            self._cursor()
            .execute("""
            SELECT d.name, d.extraction_version,
                   (SELECT count(*) FROM articles a WHERE a.dataset = d.name) AS articles,
                   (SELECT count(*) FROM events e WHERE e.dataset = d.name) AS events,
                   (SELECT count(*) FROM mentions m WHERE m.dataset = d.name) AS mentions
            FROM datasets d ORDER BY d.name""")
            .df()
        )

    def extraction_version(self, dataset: str) -> str | None:
        """The extraction version a data set was built with, or None when it does not exist."""
        cur = self._cursor()
        row = _one(cur, "SELECT extraction_version FROM datasets WHERE name = ?", [dataset])
        return None if row is None else str(row[0])

    def _require(self, dataset: str) -> None:
        if self.extraction_version(dataset) is None:
            names = ", ".join(self.datasets()["name"]) or "none yet"
            raise StoreError(f"{self.path}: no data set named {dataset!r} (data sets: {names})")

    def load(self, dataset: str) -> Timeline:
        """The data set as a Timeline equal to the one stored (articles and events in order)."""
        self._require(dataset)
        return _read_timeline(self._cursor(), dataset)

    def query_events(self, dataset: str, filters: EventFilters | None = None) -> pd.DataFrame:
        """The events passing the filters, by start date, with `frames.events_frame`'s columns."""
        self._require(dataset)
        f = filters or EventFilters()
        where, params = _filter_sql(f)
        limit = "" if f.limit is None else f" LIMIT {int(f.limit)}"
        sql = (
            f"SELECT {_EVENT_SELECT} FROM events WHERE dataset = ?{where} "  # noqa: S608 - values are parameters
            f"ORDER BY start NULLS LAST, pos{limit}"
        )
        # Arrow, not .df(): strings and ms timestamps convert without a Python object per cell
        frame = self._cursor().sql(sql, params=[dataset, *params]).to_arrow_table().to_pandas()
        return _typed(frame, (), ("n_sources", "n_mentions"))

    def articles_frame(self, dataset: str) -> pd.DataFrame:
        """One row per article, with `frames.articles_frame`'s columns, in ingest order."""
        self._require(dataset)
        columns = ", ".join(f'a."{c}"' for c in frames.ARTICLE_COLUMNS if c != "n_events")
        frame = (
            self._cursor()
            .execute(
                f"""SELECT {columns}, coalesce(n.n_events, 0) AS n_events  -- noqa: S608
                FROM articles a LEFT JOIN (
                    SELECT unnest(article_ids) AS id, count(*) AS n_events FROM events
                    WHERE dataset = ? GROUP BY 1) n ON n.id = a.id
                WHERE a.dataset = ? ORDER BY a.pos""",  # noqa: S608 - fixed column names
                [dataset, dataset],
            )
            .df()
        )
        return _typed(frame[list(frames.ARTICLE_COLUMNS)], ("published",), ("n_events",))

    def mentions_frame(self, dataset: str, event_ids: Sequence[str]) -> pd.DataFrame:
        """The evidence of some events (the drill-down), with `frames.mentions_frame`'s columns."""
        self._require(dataset)
        cur = self._cursor()
        events = _read_events(cur, dataset, list(event_ids))
        wanted = list({m.article_id for e in events for m in e.mentions})
        articles = [a for a, _ in _read_articles(cur, dataset, wanted)]
        return frames.mentions_frame(Timeline(articles=tuple(articles), events=tuple(events)))

    # ---- writing ----------------------------------------------------------------------------------

    def ingest(
        self,
        dataset: str,
        timeline: Timeline,
        extraction_version: str,
        settings: Settings | None = None,
        *,
        replace_all: bool = False,
    ) -> IngestReport:
        """Add a timeline's articles to a data set in one transaction; known articles are skipped.

        When the timeline holds every article already in the data set (a full rebuild), its
        events replace the stored ones; otherwise the new articles' mentions are merged with
        the stored ones. A different extraction version is refused unless `replace_all` is set.
        """
        stored_version = self.extraction_version(dataset)
        if stored_version not in (None, extraction_version) and not replace_all:
            raise StoreError(
                f"data set {dataset!r} was extracted with version {stored_version}, not "
                f"{extraction_version}: re-extract it (Store.reextract) or ingest with replace_all"
            )
        with self._transaction() as cur:
            report = _ingest(cur, dataset, timeline, extraction_version, settings, replace_all=replace_all)
        logger.info("ingest: %s", report)
        return report

    def reextract(
        self, dataset: str, fn: Callable[[tuple[Article, ...]], Timeline], extraction_version: str
    ) -> IngestReport:
        """Run new extraction code `fn` over the stored articles and replace the data set with it."""
        articles = self.load(dataset).articles
        return self.ingest(dataset, fn(articles), extraction_version, replace_all=True)

    def delete(self, dataset: str) -> None:
        """Remove a data set (article texts stay: other data sets may share them)."""
        with self._transaction() as cur:
            _delete_dataset(cur, dataset)
            cur.execute("DELETE FROM datasets WHERE name = ?", [dataset])


# ---- helpers: reading ---------------------------------------------------------------------------------


def _one(cur: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
    """The first row of a query; fetches every row, as duckdb 2 refuses new work on a half-read result."""
    rows = cur.execute(sql, list(params)).fetchall()
    return rows[0] if rows else None


def _typed(frame: pd.DataFrame, dates: Sequence[str], ints: Sequence[str]) -> pd.DataFrame:
    """The dtypes `timeline.frames` gives, so the app sees one kind of frame from either source."""
    for column in dates:
        frame[column] = pd.to_datetime(frame[column], errors="coerce").astype("datetime64[ms]")
    for column in ints:
        frame[column] = frame[column].astype("int64")
    return frame


def _read_articles(
    cur: duckdb.DuckDBPyConnection, dataset: str, ids: list[str] | None = None
) -> list[tuple[Article, bool]]:
    only = "" if ids is None else " AND list_contains(?::VARCHAR[], a.id)"
    rows = cur.execute(
        f"""SELECT a.record, t.text, a.has_expressions FROM articles a
            JOIN article_texts t ON t.id = a.id WHERE a.dataset = ?{only} ORDER BY a.pos""",  # noqa: S608
        [dataset] if ids is None else [dataset, ids],
    ).fetchall()
    return [(records.decode(Article, {**json.loads(r), "text": text}), bool(has)) for r, text, has in rows]


def _read_events(cur: duckdb.DuckDBPyConnection, dataset: str, ids: list[str] | None = None) -> list[Event]:
    only, params = ("", [dataset]) if ids is None else (" AND list_contains(?, {c})", [dataset, ids])
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


def _read_timeline(cur: duckdb.DuckDBPyConnection, dataset: str) -> Timeline:
    articles = _read_articles(cur, dataset)
    expressions: dict[str, list[TimeExpression]] = {a.id: [] for a, has in articles if has}
    for article_id, record in cur.execute(
        "SELECT article_id, record FROM expressions WHERE dataset = ? ORDER BY article_id, pos", [dataset]
    ).fetchall():
        expressions.setdefault(article_id, []).append(records.loads(TimeExpression, record))
    errors = cur.execute(
        "SELECT source, reason FROM source_errors WHERE dataset = ? ORDER BY pos", [dataset]
    ).fetchall()
    return Timeline(
        articles=tuple(a for a, _ in articles),
        events=tuple(_read_events(cur, dataset)),
        errors=tuple(SourceError(source, reason) for source, reason in errors),
        expressions={k: tuple(v) for k, v in expressions.items()},
    )


def _filter_sql(f: EventFilters) -> tuple[str, list[Any]]:
    """SQL conditions (fixed text) and their parameters (the user's values) for the filters."""
    clauses: list[str] = []
    params: list[Any] = []
    undated = " OR start IS NULL" if f.include_undated else ""
    if f.start is not None:
        clauses.append(f'(coalesce("end", start) >= ?{undated})')
        params.append(f.start)
    if f.end is not None:
        clauses.append(f"(start <= ?{undated})")
        params.append(f.end)
    for column, values in (("participant_list", f.actors), ("outlet_list", f.outlets)):
        if values:
            clauses.append(f"list_has_any({column}, ?::VARCHAR[])")
            params.append(list(values))
    if f.types:
        clauses.append("list_contains(?::VARCHAR[], type)")
        params.append(list(f.types))
    if f.min_sources > 0:
        clauses.append("n_sources >= ?")
        params.append(f.min_sources)
    if f.text.strip():
        needle = f.text.strip().lower()
        escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        clauses.append("search_text LIKE ? ESCAPE '\\'")
        params.append(f"%{escaped}%")
    return "".join(f" AND {c}" for c in clauses), params


# ---- helpers: writing ---------------------------------------------------------------------------------


def _ingest(
    cur: duckdb.DuckDBPyConnection,
    dataset: str,
    timeline: Timeline,
    version: str,
    settings: Settings | None,
    *,
    replace_all: bool,
) -> IngestReport:
    """The body of `Store.ingest`, inside its transaction."""
    if replace_all:
        _delete_dataset(cur, dataset)
    rows = cur.execute("SELECT id FROM articles WHERE dataset = ? ORDER BY pos", [dataset]).fetchall()
    known = [r[0] for r in rows]
    known_ids = set(known)
    (events_before,) = _one(cur, "SELECT count(*) FROM events WHERE dataset = ?", [dataset]) or (0,)
    new_articles = [a for a in {a.id: a for a in timeline.articles}.values() if a.id not in known_ids]
    new_ids = {a.id for a in new_articles}
    cur.execute(
        "INSERT INTO datasets VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET extraction_version = ?",
        [dataset, version, version],
    )
    events_after, merged = int(events_before), False
    if new_articles or not known:
        events, merged, articles = _combine(cur, dataset, known, timeline, new_ids=new_ids, settings=settings)
        _write_articles(cur, dataset, new_articles, timeline.expressions, len(known))
        _write_events(cur, dataset, events, articles)
        events_after = len(events)
    _write_errors(cur, dataset, timeline.errors)
    return IngestReport(
        dataset=dataset,
        extraction_version=version,
        articles_added=len(new_articles),
        articles_skipped=len(timeline.articles) - len(new_articles),
        mentions_added=sum(1 for e in timeline.events for m in e.mentions if m.article_id in new_ids),
        events_before=int(events_before),
        events_after=events_after,
        merged=merged,
    )


def _combine(
    cur: duckdb.DuckDBPyConnection,
    dataset: str,
    known: list[str],
    timeline: Timeline,
    *,
    new_ids: set[str],
    settings: Settings | None,
) -> tuple[tuple[Event, ...], bool, tuple[Article, ...]]:
    """The data set's events after the ingest, whether the cross-article merge ran, all articles.

    A timeline holding every stored article is a full build: its events are merged already.
    Otherwise the stored mentions and the new ones are merged again, across all articles.
    """
    given = {a.id for a in timeline.articles}
    if all(i in given for i in known):
        return timeline.events, False, timeline.articles
    before = Timeline(  # no expressions: the merge does not need them
        articles=tuple(a for a, _ in _read_articles(cur, dataset)), events=tuple(_read_events(cur, dataset))
    )
    articles = (*before.articles, *(a for a in timeline.articles if a.id in new_ids))
    new_mentions = [m for e in timeline.events for m in e.mentions if m.article_id in new_ids]
    try:
        from timeline.events.merge import merge_mentions
    except ImportError:  # the merge stage is not there yet: keep both sets of events
        logger.warning("timeline.events.merge is missing: the new events are appended, not merged")
        seen = {e.id for e in before.events}
        return (*before.events, *(e for e in timeline.events if e.id not in seen)), False, articles
    old_mentions = [m for e in before.events for m in e.mentions]
    merged = merge_mentions([*old_mentions, *new_mentions], list(articles), settings or Settings())
    return tuple(merged), True, articles


def _delete_dataset(cur: duckdb.DuckDBPyConnection, dataset: str) -> None:
    for table in _DATASET_TABLES:
        cur.execute(f"DELETE FROM {table} WHERE dataset = ?", [dataset])  # noqa: S608 - fixed names


def _insert(
    cur: duckdb.DuckDBPyConnection, table: str, columns: dict[str, list[Any]], tail: str = ""
) -> None:
    """Insert column lists through Arrow: one statement however many rows."""
    if not next(iter(columns.values())):
        return
    cur.register("_incoming", pa.table(columns))
    try:
        cur.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _incoming {tail}")  # noqa: S608
    finally:
        cur.unregister("_incoming")


def _write_articles(
    cur: duckdb.DuckDBPyConnection,
    dataset: str,
    articles: list[Article],
    expressions: dict[str, tuple[TimeExpression, ...]],
    first_pos: int,
) -> None:
    """Insert in slices, so that peak memory does not grow with the size of the ingest."""
    for at in range(0, len(articles), _SLICE):
        part = articles[at : at + _SLICE]
        texts = {"id": [a.id for a in part], "text": [a.text for a in part]}
        _insert(cur, "article_texts", texts, "ON CONFLICT DO NOTHING")
        _insert(cur, "articles", records.article_columns(dataset, part, expressions, first_pos + at))
        _insert(cur, "furniture", records.furniture_columns(dataset, part))
        _insert(cur, "expressions", records.expression_columns(dataset, part, expressions))


def _write_events(
    cur: duckdb.DuckDBPyConnection, dataset: str, events: Sequence[Event], articles: Sequence[Article]
) -> None:
    """Replace the data set's events and mentions with `events`, inserted in slices."""
    cur.execute("DELETE FROM events WHERE dataset = ?", [dataset])
    cur.execute("DELETE FROM mentions WHERE dataset = ?", [dataset])
    by_id = {a.id: a for a in articles}
    for at in range(0, len(events), _SLICE):
        part = events[at : at + _SLICE]
        cited = [by_id[i] for i in dict.fromkeys(i for e in part for i in e.article_ids) if i in by_id]
        _insert(cur, "events", records.event_columns(dataset, part, cited, at))
        _insert(cur, "mentions", records.mention_columns(dataset, part))


def _write_errors(cur: duckdb.DuckDBPyConnection, dataset: str, errors: tuple[SourceError, ...]) -> None:
    """Append the sources that could not be read, once each."""
    rows = cur.execute(
        "SELECT source, reason, pos FROM source_errors WHERE dataset = ? ORDER BY pos", [dataset]
    ).fetchall()
    seen = {(source, reason) for source, reason, _ in rows}
    first = rows[-1][2] + 1 if rows else 0
    fresh = [e for e in dict.fromkeys(errors) if (e.source, e.reason) not in seen]
    _insert(cur, "source_errors", {
        "dataset": [dataset] * len(fresh), "pos": list(range(first, first + len(fresh))),
        "source": [e.source for e in fresh], "reason": [e.reason for e in fresh],
    })  # fmt: skip
