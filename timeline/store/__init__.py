"""The persistent store: data sets of articles, expressions, mentions and events in one DuckDB file.

This package is the only code that imports duckdb. Rows carry query columns (the app's event
table, lists of participants and outlets) for SQL filters, and a JSON `record` of the full
dataclass, so that `load` gives back exactly what `ingest` was given even as the model grows
fields. Every ingest is one transaction: a crash mid-ingest leaves the previous state readable.

Modules: `schema` (tables, version, shared connections), `sql` (small helpers), `write` (rows
in), `merge` (a batch merged into the stored events), `ingest` (one ingest's steps), `query`
(reads: the app's filters, option lists, drill-down, whole data sets); `Store` ties them together.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from timeline import frames, records
from timeline.model import Article, EventMention, SourceError, Timeline
from timeline.settings import Settings
from timeline.store import ingest, merge, query, sql, write
from timeline.store.ingest import IngestReport
from timeline.store.query import EventFilters
from timeline.store.schema import DEFAULT_STORE_PATH, SCHEMA, SCHEMA_VERSION, Shared, StoreError

__all__ = ["DEFAULT_STORE_PATH", "SCHEMA_VERSION", "EventFilters", "IngestReport", "Store", "StoreError"]

logger = logging.getLogger(__name__)


class Store:
    """A DuckDB file of data sets; one connection per process, one cursor per thread."""

    def __init__(self, path: str | Path = DEFAULT_STORE_PATH, *, read_only: bool = False) -> None:
        self.path = Path(path).resolve()
        self.read_only = read_only
        if read_only and not self.path.exists():
            raise StoreError(f"{self.path}: no store here; run an ingest first to create it")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._conn: duckdb.DuckDBPyConnection | None = Shared.acquire(self.path, read_only)
        self._memo: merge.Memo = Shared.scratch[id(self._conn)].setdefault("merge", merge.Memo())
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
            Shared.release(self.path, self.read_only)

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
            cur.execute(SCHEMA)
            if sql.one(cur, "SELECT count(*) FROM schema_version") == (0,):
                cur.execute("INSERT INTO schema_version VALUES (?)", [SCHEMA_VERSION])
        row = sql.one(cur, "SELECT max(version) FROM schema_version")
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
        row = sql.one(cur, "SELECT extraction_version FROM datasets WHERE name = ?", [dataset])
        return None if row is None else str(row[0])

    def _require(self, dataset: str) -> None:
        if self.extraction_version(dataset) is None:
            names = ", ".join(self.datasets()["name"]) or "none yet"
            raise StoreError(f"{self.path}: no data set named {dataset!r} (data sets: {names})")

    def load(self, dataset: str) -> Timeline:
        """The data set as a Timeline equal to the one stored (articles and events in order)."""
        self._require(dataset)
        return query.read_timeline(self._cursor(), dataset)

    def query_events(self, dataset: str, filters: EventFilters | None = None) -> pd.DataFrame:
        """The events passing the filters, by start date, with `frames.events_frame`'s columns."""
        self._require(dataset)
        return query.query_events(self._cursor(), dataset, filters or EventFilters())

    def events_frame(self, dataset: str) -> pd.DataFrame:
        """Every event as `frames.events_frame` gives it, in stored order, indexed by position."""
        self._require(dataset)
        return query.events_frame(self._cursor(), dataset)

    def event_positions(self, dataset: str, filters: EventFilters) -> np.ndarray:
        """The positions (`events_frame`'s index) of the events passing the filters, ascending."""
        return query.event_positions(self._cursor(), dataset, filters)

    def distinct(self, dataset: str, column: str) -> list[str]:
        """The sorted distinct items of an events column (participants, country, type, outlets)."""
        return query.distinct_items(self._cursor(), dataset, column)

    def event_timeline(self, dataset: str, event_ids: Sequence[str]) -> Timeline:
        """Just these events, with their mentions and cited articles (texts included): the drill-down."""
        self._require(dataset)
        return query.event_timeline(self._cursor(), dataset, event_ids)

    def source_errors(self, dataset: str) -> tuple[SourceError, ...]:
        """The sources of the data set that could not be read."""
        return query.source_errors(self._cursor(), dataset)

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
        return query.typed(frame[list(frames.ARTICLE_COLUMNS)], ("published",), ("n_events",))

    def mentions_frame(self, dataset: str, event_ids: Sequence[str]) -> pd.DataFrame:
        """The evidence of some events (the drill-down), with `frames.mentions_frame`'s columns."""
        self._require(dataset)
        return query.mentions_frame(self._cursor(), dataset, event_ids)

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
        with sql.registered(cur, "_names", {"name": names}):
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
        articles = merge.article_records(cur, dataset, set(by_article))
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
            try:
                report = ingest.ingest(
                    cur,
                    dataset,
                    timeline,
                    extraction_version,
                    settings,
                    replace_all=replace_all,
                    memo=self._memo,
                )
            except BaseException:
                self._memo.clear()  # rolled back: what it read may not be what is stored
                raise
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
        self._memo.clear()
        with self._transaction() as cur:
            write.delete_dataset(cur, dataset)
            cur.execute("DELETE FROM datasets WHERE name = ?", [dataset])
