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
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
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
SCHEMA_VERSION = 2

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
    dataset VARCHAR, event_id VARCHAR, pos INTEGER, id VARCHAR, key VARCHAR, article_id VARCHAR,
    sentence_start INTEGER, sentence_end INTEGER, trigger_start INTEGER, trigger_end INTEGER,
    event_type VARCHAR, time_start DATE, time_end DATE, record JSON);
CREATE TABLE IF NOT EXISTS events (
    dataset VARCHAR, pos INTEGER, id VARCHAR, label VARCHAR, type VARCHAR, status VARCHAR,
    start DATE, "end" DATE, granularity VARCHAR, participants VARCHAR, place VARCHAR,
    country VARCHAR, confidence DOUBLE, n_sources INTEGER, outlets VARCHAR, n_mentions INTEGER,
    parent_id VARCHAR, disagreements VARCHAR, date_text VARCHAR, participant_list VARCHAR[],
    outlet_list VARCHAR[], article_ids VARCHAR[], search_text VARCHAR, record JSON);
CREATE TABLE IF NOT EXISTS mention_keys (
    dataset VARCHAR, event_id VARCHAR, mention_id VARCHAR, key VARCHAR, name VARCHAR, lo DATE, hi DATE);
CREATE TABLE IF NOT EXISTS source_errors (dataset VARCHAR, pos INTEGER, source VARCHAR, reason VARCHAR);
"""
_EVENT_SELECT = ", ".join(
    f'"{c}"::TIMESTAMP_MS AS "{c}"' if c in ("start", "end") else f'"{c}"' for c in frames.EVENT_COLUMNS
)
#: Rows built and inserted at a time within an ingest's transaction (bounds peak memory).
_SLICE = 5_000
_DATASET_TABLES = (
    "articles",
    "furniture",
    "expressions",
    "mentions",
    "mention_keys",
    "events",
    "source_errors",
)


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
                entry = [_connect(path, read_only), 0]
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


def _connect(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    """Open the file, turning duckdb's errors (a lock held by another process, not a store) into ours.

    DuckDB lets one process write a file, and no other process read it meanwhile: a second
    ingest, or the app while an ingest runs, gets a StoreError saying so, not a traceback.
    """
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as exc:
        if "lock" in str(exc).lower():
            raise StoreError(
                f"{path}: the store is in use by another process (an ingest?); DuckDB allows one "
                f"writer process and no reader beside it: try again when it has finished ({exc})"
            ) from exc
        raise StoreError(f"{path}: cannot open the store: {exc}") from exc


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

    def dated_mentions(
        self, dataset: str, participants: Iterable[str]
    ) -> list[tuple[Article, list[EventMention]]]:
        """Stored mentions naming any of `participants`, of articles with a publication date.

        Each article comes without its text, with its mentions: what date inference from
        corroboration needs to date a new undated article from stored ones.
        """
        names = sorted({f"p:{p}" for p in participants})
        if not names or self.extraction_version(dataset) is None:
            return []
        cur = self._cursor()
        with _registered(cur, "_names", {"name": names}):
            rows = cur.execute(
                """SELECT m.article_id, m.record FROM mentions m WHERE m.dataset = ? AND m.key IN (
                       SELECT mention_id FROM mention_keys WHERE dataset = ?
                       AND name IN (SELECT name FROM _names))
                   ORDER BY m.article_id, m.sentence_start, m.trigger_start""",
                [dataset, dataset],
            ).fetchall()
        by_article: dict[str, list[EventMention]] = {}
        for article_id, record in rows:
            by_article.setdefault(article_id, []).append(records.loads(EventMention, record))
        articles = _article_records(cur, dataset, set(by_article))
        return [(a, by_article[a.id]) for a in articles if a.published is not None]

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
    events_before = _count_events(cur, dataset)
    new_articles = [a for a in {a.id: a for a in timeline.articles}.values() if a.id not in known_ids]
    new_ids = {a.id for a in new_articles}
    cur.execute(
        "INSERT INTO datasets VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET extraction_version = ?",
        [dataset, version, version],
    )
    events_after, merged = events_before, False
    if new_articles or not known:
        given = {a.id for a in timeline.articles}
        if all(i in given for i in known):  # a full build: its events are merged already
            _write_events(cur, dataset, timeline.events, timeline.articles)
        else:
            merged = _merge_in(cur, dataset, timeline, new_ids, settings or Settings())
        _write_articles(cur, dataset, new_articles, timeline.expressions, len(known))
        events_after = _count_events(cur, dataset)
    _write_errors(cur, dataset, timeline.errors)
    return IngestReport(
        dataset=dataset,
        extraction_version=version,
        articles_added=len(new_articles),
        articles_skipped=len(timeline.articles) - len(new_articles),
        mentions_added=sum(1 for e in timeline.events for m in e.mentions if m.article_id in new_ids),
        events_before=events_before,
        events_after=events_after,
        merged=merged,
    )


def _count_events(cur: duckdb.DuckDBPyConnection, dataset: str) -> int:
    (count,) = _one(cur, "SELECT count(*) FROM events WHERE dataset = ?", [dataset]) or (0,)
    return int(count)


def _merge_in(
    cur: duckdb.DuckDBPyConnection, dataset: str, timeline: Timeline, new_ids: set[str], settings: Settings
) -> bool:
    """Merge the new articles' mentions into the stored events; True when the merge ran.

    Only the stored mentions the new ones can reach (same block key, near in time, followed
    from mention to mention; see `timeline.events.windows`) are read and merged again, with
    the new ones; only the events they belonged to are replaced. The result equals merging
    every mention again. Without the merge stage, the new events are appended.
    """
    new_mentions = [m for e in timeline.events for m in e.mentions if m.article_id in new_ids]
    try:
        from timeline.events.merge import merge_mentions
        from timeline.events.windows import relink
    except ImportError:  # the merge stage is not there yet: keep both sets of events
        logger.warning("timeline.events.merge is missing: the new events are appended, not merged")
        stored = {r[0] for r in cur.execute("SELECT id FROM events WHERE dataset = ?", [dataset]).fetchall()}
        fresh = [e for e in timeline.events if e.id not in stored]
        _write_events(cur, dataset, fresh, timeline.articles, drop=(), first_pos=len(stored))
        return False
    new_keys = [k for row in records.mention_row_keys(timeline.events) for k in row]
    new_keys = [k for k, m in zip(new_keys, (m for e in timeline.events for m in e.mentions), strict=True)
                if m.article_id in new_ids]  # fmt: skip
    reached = _reachable(cur, dataset, new_mentions, new_keys)
    cited = {m.article_id for _, _, m in reached} - new_ids
    articles = [*_article_records(cur, dataset, cited), *(a for a in timeline.articles if a.id in new_ids)]
    events = merge_mentions([*(m for _, _, m in reached), *new_mentions], articles, settings)
    dropped = {event_id for _, event_id, _ in reached}
    neighbours = _parent_neighbours(cur, dataset, events, dropped)
    events, changed = relink(events, neighbours)
    owners: dict[int, list[str]] = {}  # the merge keeps the mention objects: find their keys by identity
    for key, mention in [*((k, m) for k, _, m in reached), *zip(new_keys, new_mentions, strict=True)]:
        owners.setdefault(id(mention), []).append(key)
    keys = [[owners[id(m)].pop(0) for m in e.mentions] for e in events]
    same = _unchanged(cur, dataset, events, keys, dropped)
    for i, parent in same.items():  # kept as stored, only their parent may have changed
        if parent != events[i].parent_id:
            changed[events[i].id] = events[i].parent_id
    dropped -= {events[i].id for i in same}
    keys = [k for i, k in enumerate(keys) if i not in same]
    events = [e for i, e in enumerate(events) if i not in same]
    moved = {k for k, _, _ in reached} & {k for row in keys for k in row}
    _write_events(cur, dataset, events, articles, keys=keys, drop=dropped, moved=moved)
    _set_parents(cur, dataset, changed)
    _renumber_events(cur, dataset)
    return True


def _unchanged(
    cur: duckdb.DuckDBPyConnection,
    dataset: str,
    events: Sequence[Event],
    keys: Sequence[Sequence[str]],
    dropped: set[str],
) -> dict[int, str | None]:
    """Merged events that are stored already with the same mentions in the same order.

    An event is a function of its mentions (and their articles), so these need no writing;
    gives their positions in `events` and their stored parents.
    """
    if not dropped:
        return {}
    with _registered(cur, "_drop", {"id": sorted(dropped)}):
        rows = cur.execute(
            """SELECT e.id, any_value(e.parent_id), count(DISTINCT e.pos), list(m.key ORDER BY m.pos)
               FROM events e JOIN mentions m ON m.dataset = e.dataset AND m.event_id = e.id
               WHERE e.dataset = ? AND e.id IN (SELECT id FROM _drop) GROUP BY e.id""",
            [dataset],
        ).fetchall()
    stored = {i: (parent, list(ks)) for i, parent, copies, ks in rows if copies == 1}
    return {
        i: stored[e.id][0]
        for i, (e, ks) in enumerate(zip(events, keys, strict=True))
        if e.id in stored and stored[e.id][1] == list(ks)
    }


def _registered(cur: duckdb.DuckDBPyConnection, name: str, columns: dict[str, list[Any]]) -> Any:
    """A context manager that registers column lists as a view `name` for one statement."""
    return _Registered(cur, name, columns)


class _Registered:
    def __init__(self, cur: duckdb.DuckDBPyConnection, name: str, columns: dict[str, list[Any]]) -> None:
        self.cur, self.name, self.table = cur, name, pa.table(columns)

    def __enter__(self) -> None:
        self.cur.register(self.name, self.table)

    def __exit__(self, *exc: object) -> None:
        self.cur.unregister(self.name)


def _append(columns: dict[str, list[Any]], **row: Any) -> None:
    for name, value in row.items():
        columns[name].append(value)


def _reachable(
    cur: duckdb.DuckDBPyConnection, dataset: str, mentions: Sequence[EventMention], keys: Sequence[str]
) -> list[tuple[str, str, EventMention]]:
    """(row key, event id, mention) of the stored mentions in the windows components of `mentions`.

    Probes the `mention_keys` table around each mention's reach, then around each stored
    mention found to be connected, until no new one turns up. Records are read once each.
    """
    from timeline.events.windows import component_labels

    fetched: dict[str, tuple[str, EventMention]] = {}
    pool, ids = list(mentions), list(keys)
    fresh, frontier, kept = set(ids), list(mentions), set[str]()
    while frontier:
        for key, event_id, record in _probe(cur, dataset, frontier, set(fetched) | fresh):
            fetched[key] = (event_id, records.light_mention(record))
            pool.append(fetched[key][1])
            ids.append(key)
        labels = component_labels(pool)
        wanted = {label for label, i in zip(labels, ids, strict=True) if i in fresh}
        connected = {i for label, i in zip(labels, ids, strict=True) if label in wanted} - fresh
        frontier = [fetched[i][1] for i in connected - kept]
        kept |= connected
    return [(i, *fetched[i]) for i in sorted(kept)]


def _probe(
    cur: duckdb.DuckDBPyConnection, dataset: str, mentions: Sequence[EventMention], known: set[str]
) -> list[tuple[str, str, str]]:
    """(row key, event id, record) of stored mentions, not yet known, sharing a block key within reach."""
    from timeline.events.windows import REACH_MARGIN_DAYS, block_keys, reach

    probes: dict[str, list[Any]] = {"key": [], "lo": [], "hi": []}
    for m in mentions:
        lo, hi = reach(m, REACH_MARGIN_DAYS)
        for key in block_keys(m):
            _append(probes, key=key, lo=lo, hi=hi)
    if not probes["key"]:
        return []
    with _registered(cur, "_probes", probes):
        found = cur.execute(
            """SELECT DISTINCT k.mention_id FROM mention_keys k JOIN _probes p
               ON k.key = p.key AND k.lo <= p.hi AND k.hi >= p.lo WHERE k.dataset = ?""",
            [dataset],
        ).fetchall()
    new = sorted({i for (i,) in found} - known)
    if not new:
        return []
    with _registered(cur, "_new", {"id": new}):
        return cur.execute(
            "SELECT key, event_id, record FROM mentions WHERE dataset = ? AND key IN (SELECT id FROM _new)",
            [dataset],
        ).fetchall()


def _article_records(cur: duckdb.DuckDBPyConnection, dataset: str, ids: set[str]) -> list[Article]:
    """Stored articles without their text (the merge needs outlets and dates only)."""
    if not ids:
        return []
    with _registered(cur, "_ids", {"id": sorted(ids)}):
        rows = cur.execute(
            "SELECT record FROM articles WHERE dataset = ? AND id IN (SELECT id FROM _ids) ORDER BY pos",
            [dataset],
        ).fetchall()
    return [records.loads(Article, r) for (r,) in rows]


def _parent_neighbours(
    cur: duckdb.DuckDBPyConnection, dataset: str, events: Sequence[Event], dropped: set[str]
) -> list[Event]:
    """Stored events that may be a parent or child of the merged ones, each with its lead mention.

    A trip contains its sub-events, so every event whose link can change overlaps the dates of
    a merged event or of one it replaces.
    """
    spans: dict[str, list[Any]] = {"lo": [], "hi": []}
    for e in events:
        if e.start is not None:
            _append(spans, lo=e.start, hi=e.end or e.start)
    with _registered(cur, "_drop", {"id": sorted(dropped) or [""]}):
        for lo, hi in cur.execute(
            'SELECT start, "end" FROM events WHERE dataset = ? AND id IN (SELECT id FROM _drop)', [dataset]
        ).fetchall():
            if lo is not None:
                _append(spans, lo=lo, hi=hi or lo)
        if not spans["lo"]:
            return []
        with _registered(cur, "_spans", spans):
            rows = cur.execute(
                """SELECT e.record, m.record FROM events e JOIN mentions m
                   ON m.dataset = e.dataset AND m.event_id = e.id AND m.pos = 0
                   WHERE e.dataset = ? AND e.id NOT IN (SELECT id FROM _drop) AND e.id IN (
                       SELECT x.id FROM events x JOIN _spans s ON x.start <= s.hi AND x."end" >= s.lo
                       WHERE x.dataset = ?)""",
                [dataset, dataset],
            ).fetchall()
    return [replace(records.loads(Event, e), mentions=(records.loads(EventMention, m),)) for e, m in rows]


def _set_parents(cur: duckdb.DuckDBPyConnection, dataset: str, parents: dict[str, str | None]) -> None:
    """Rewrite the parent of stored events (column and record) whose trip changed."""
    for event_id, parent in parents.items():
        row = _one(cur, "SELECT record FROM events WHERE dataset = ? AND id = ?", [dataset, event_id])
        if row is None:
            continue
        record = json.loads(row[0]) | {"parent_id": parent}
        cur.execute(
            "UPDATE events SET parent_id = ?, record = ? WHERE dataset = ? AND id = ?",
            [parent, json.dumps(record, ensure_ascii=False, separators=(",", ":")), dataset, event_id],
        )


def _renumber_events(cur: duckdb.DuckDBPyConnection, dataset: str) -> None:
    """Positions by date then label, the order `merge_mentions` gives (ties broken by id)."""
    cur.execute(
        """UPDATE events SET pos = r.rn FROM (
               SELECT id, (row_number() OVER (ORDER BY start NULLS FIRST, "end" NULLS FIRST, label, id)) - 1
               AS rn FROM events WHERE dataset = ?) r
           WHERE events.dataset = ? AND events.id = r.id""",
        [dataset, dataset],
    )


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
    cur: duckdb.DuckDBPyConnection,
    dataset: str,
    events: Sequence[Event],
    articles: Sequence[Article],
    *,
    keys: Sequence[Sequence[str]] | None = None,
    drop: Collection[str] | None = None,
    moved: Collection[str] = (),
    first_pos: int | None = None,
) -> None:
    """Write `events` with their mentions and block keys, inserted in slices.

    `drop` None replaces every event of the data set; otherwise the events named are removed
    first and the new ones are appended after the stored ones. `keys` are the mentions' row
    keys (numbered in order when not given); stored mentions (keys in `moved`) that the new
    events took over are re-pointed in SQL, not written again.
    """
    keys = records.mention_row_keys(events) if keys is None else keys
    if drop is None:
        for table in ("events", "mentions", "mention_keys"):
            cur.execute(f"DELETE FROM {table} WHERE dataset = ?", [dataset])  # noqa: S608 - fixed names
        first_pos = 0
    elif drop:
        _drop_events(cur, dataset, drop, moved)
    if moved:
        with _registered(cur, "_moved", records.moved_mention_columns(events, keys, set(moved))):
            cur.execute(
                "UPDATE mentions SET event_id = u.event_id, pos = u.pos FROM _moved u "
                "WHERE mentions.dataset = ? AND mentions.key = u.key",
                [dataset],
            )
            cur.execute(
                "UPDATE mention_keys SET event_id = u.event_id FROM _moved u "
                "WHERE mention_keys.dataset = ? AND mention_keys.mention_id = u.key",
                [dataset],
            )
    if first_pos is None:
        row = _one(cur, "SELECT coalesce(max(pos) + 1, 0) FROM events WHERE dataset = ?", [dataset])
        first_pos = int(row[0]) if row else 0
    try:
        from timeline.events.windows import block_keys
    except ImportError:  # no merge stage: nothing will probe the keys
        block_keys = None  # type: ignore[assignment]
    skip = set(moved)
    by_id = {a.id: a for a in articles}
    for at in range(0, len(events), _SLICE):
        part, part_keys = events[at : at + _SLICE], keys[at : at + _SLICE]
        cited = [by_id[i] for i in dict.fromkeys(i for e in part for i in e.article_ids) if i in by_id]
        _insert(cur, "events", records.event_columns(dataset, part, cited, first_pos + at))
        _insert(cur, "mentions", records.mention_columns(dataset, part, part_keys, skip))
        if block_keys is not None:
            columns = records.mention_key_columns(dataset, part, block_keys, part_keys, skip)
            _insert(cur, "mention_keys", columns)


def _drop_events(
    cur: duckdb.DuckDBPyConnection, dataset: str, drop: Collection[str], keep: Collection[str]
) -> None:
    """Delete events, and their mentions except those (`keep`) that move to new events."""
    with (
        _registered(cur, "_drop", {"id": sorted(drop)}),
        _registered(cur, "_keep", {"id": sorted(keep) or [""]}),
    ):
        cur.execute("DELETE FROM events WHERE dataset = ? AND id IN (SELECT id FROM _drop)", [dataset])
        for table, column in (("mentions", "key"), ("mention_keys", "mention_id")):
            cur.execute(
                f"DELETE FROM {table} WHERE dataset = ? AND event_id IN (SELECT id FROM _drop) "  # noqa: S608
                f"AND {column} NOT IN (SELECT id FROM _keep)",
                [dataset],
            )


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
