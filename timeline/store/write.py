"""Writing a data set's rows: articles, events with their mentions and block keys, source errors.

Every function runs inside the caller's transaction and inserts in slices through Arrow, so
that peak memory does not grow with the size of an ingest.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence

import duckdb

from timeline import records
from timeline.model import Article, Event, SourceError, TimeExpression
from timeline.store import sql

logger = logging.getLogger(__name__)


#: Rows built and inserted at a time within an ingest's transaction (bounds peak memory).
SLICE = 5_000


DATASET_TABLES = (
    "articles",
    "furniture",
    "expressions",
    "mentions",
    "mention_keys",
    "events",
    "source_errors",
)


def count_events(cur: duckdb.DuckDBPyConnection, dataset: str) -> int:
    (count,) = sql.one(cur, "SELECT count(*) FROM events WHERE dataset = ?", [dataset]) or (0,)
    return int(count)


def delete_dataset(cur: duckdb.DuckDBPyConnection, dataset: str) -> None:
    for table in DATASET_TABLES:
        cur.execute(f"DELETE FROM {table} WHERE dataset = ?", [dataset])  # noqa: S608 - fixed names


def write_articles(
    cur: duckdb.DuckDBPyConnection,
    dataset: str,
    articles: list[Article],
    expressions: dict[str, tuple[TimeExpression, ...]],
    first_pos: int,
) -> None:
    """Insert in slices, so that peak memory does not grow with the size of the ingest."""
    for at in range(0, len(articles), SLICE):
        part = articles[at : at + SLICE]
        texts = {"id": [a.id for a in part], "text": [a.text for a in part]}
        sql.insert(cur, "article_texts", texts, "ON CONFLICT DO NOTHING")
        sql.insert(cur, "articles", records.article_columns(dataset, part, expressions, first_pos + at))
        sql.insert(cur, "furniture", records.furniture_columns(dataset, part))
        sql.insert(cur, "expressions", records.expression_columns(dataset, part, expressions))


def write_events(
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
        drop_events(cur, dataset, drop, moved)
    if moved:
        with sql.registered(cur, "_moved", records.moved_mention_columns(events, keys, set(moved))):
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
        row = sql.one(cur, "SELECT coalesce(max(pos) + 1, 0) FROM events WHERE dataset = ?", [dataset])
        first_pos = int(row[0]) if row else 0
    try:
        from timeline.events.windows import block_keys
    except ImportError:  # no merge stage: nothing will probe the keys
        block_keys = None  # type: ignore[assignment]
    skip = set(moved)
    by_id = {a.id: a for a in articles}
    for at in range(0, len(events), SLICE):
        part, part_keys = events[at : at + SLICE], keys[at : at + SLICE]
        cited = [by_id[i] for i in dict.fromkeys(i for e in part for i in e.article_ids) if i in by_id]
        sql.insert(cur, "events", records.event_columns(dataset, part, cited, first_pos + at))
        sql.insert(cur, "mentions", records.mention_columns(dataset, part, part_keys, skip))
        if block_keys is not None:
            columns = records.mention_key_columns(dataset, part, block_keys, part_keys, skip)
            sql.insert(cur, "mention_keys", columns)


def drop_events(
    cur: duckdb.DuckDBPyConnection, dataset: str, drop: Collection[str], keep: Collection[str]
) -> None:
    """Delete events, and their mentions except those (`keep`) that move to new events."""
    with (
        sql.registered(cur, "_drop", {"id": sorted(drop)}),
        sql.registered(cur, "_keep", {"id": sorted(keep) or [""]}),
    ):
        cur.execute("DELETE FROM events WHERE dataset = ? AND id IN (SELECT id FROM _drop)", [dataset])
        for table, column in (("mentions", "key"), ("mention_keys", "mention_id")):
            cur.execute(
                f"DELETE FROM {table} WHERE dataset = ? AND event_id IN (SELECT id FROM _drop) "  # noqa: S608
                f"AND {column} NOT IN (SELECT id FROM _keep)",
                [dataset],
            )


def write_errors(cur: duckdb.DuckDBPyConnection, dataset: str, errors: tuple[SourceError, ...]) -> None:
    """Append the sources that could not be read, once each."""
    rows = cur.execute(
        "SELECT source, reason, pos FROM source_errors WHERE dataset = ? ORDER BY pos", [dataset]
    ).fetchall()
    seen = {(source, reason) for source, reason, _ in rows}
    first = rows[-1][2] + 1 if rows else 0
    fresh = [e for e in dict.fromkeys(errors) if (e.source, e.reason) not in seen]
    sql.insert(cur, "source_errors", {
        "dataset": [dataset] * len(fresh), "pos": list(range(first, first + len(fresh))),
        "source": [e.source for e in fresh], "reason": [e.reason for e in fresh],
    })  # fmt: skip
