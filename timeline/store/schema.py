"""The store file: its tables, its schema version, and one shared duckdb connection per file and mode."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import duckdb

from timeline.errors import TimelineError

#: Where the app and the CLI keep their store unless told otherwise.
DEFAULT_STORE_PATH = Path("data/timeline.duckdb")
#: Bumped whenever a table changes; a store written by a newer version is refused.
SCHEMA_VERSION = 2


SCHEMA = """
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


class StoreError(TimelineError):
    """The store cannot do what was asked; the message says what to do instead."""


class Shared:
    """One duckdb connection per (file, mode) in this process, shared by every Store on it."""

    lock = threading.Lock()
    connections: dict[tuple[str, bool], list[Any]] = {}  # noqa: RUF012 - a process-wide registry
    #: Per connection (by id), what its Stores keep between calls (the merge's decoded rows).
    scratch: dict[int, dict[str, Any]] = {}  # noqa: RUF012 - a process-wide registry

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
                cls.scratch[id(entry[0])] = {}
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
                    cls.scratch.pop(id(entry[0]), None)


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
