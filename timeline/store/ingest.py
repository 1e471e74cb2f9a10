"""One ingest inside its transaction: skip known articles, then a full build or an incremental merge."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from timeline.model import Timeline
from timeline.settings import Settings
from timeline.store import merge, write


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


def ingest(
    cur: duckdb.DuckDBPyConnection,
    dataset: str,
    timeline: Timeline,
    version: str,
    settings: Settings | None,
    *,
    replace_all: bool,
    memo: merge.Memo | None = None,
) -> IngestReport:
    """The body of `Store.ingest`, inside its transaction; `memo` keeps decoded rows between ingests."""
    memo = merge.Memo() if memo is None else memo
    if replace_all:
        memo.clear()
        write.delete_dataset(cur, dataset)
    rows = cur.execute("SELECT id FROM articles WHERE dataset = ? ORDER BY pos", [dataset]).fetchall()
    known = [r[0] for r in rows]
    known_ids = set(known)
    events_before = write.count_events(cur, dataset)
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
            write.write_events(cur, dataset, timeline.events, timeline.articles)
        else:
            merged = merge.merge_in(cur, dataset, timeline, new_ids, settings or Settings(), memo=memo)
        write.write_articles(cur, dataset, new_articles, timeline.expressions, len(known))
        events_after = write.count_events(cur, dataset)
    write.write_errors(cur, dataset, timeline.errors)
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
