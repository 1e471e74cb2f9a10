"""Merging a batch's mentions into the stored events: only the stored mentions they can reach are read.

The result equals merging every mention again (`timeline.events.windows` says why the
reach is enough); only the events that change are rewritten.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import duckdb

from timeline import records
from timeline.model import Article, Event, EventMention, PublishedHow, Timeline
from timeline.settings import Settings
from timeline.store import sql, write

logger = logging.getLogger(__name__)


def merge_in(
    cur: duckdb.DuckDBPyConnection,
    dataset: str,
    timeline: Timeline,
    new_ids: set[str],
    settings: Settings,
    *,
    memo: Memo | None = None,
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
        write.write_events(cur, dataset, fresh, timeline.articles, drop=(), first_pos=len(stored))
        return False
    new_keys = [k for row in records.mention_row_keys(timeline.events) for k in row]
    new_keys = [k for k, m in zip(new_keys, (m for e in timeline.events for m in e.mentions), strict=True)
                if m.article_id in new_ids]  # fmt: skip
    memo = Memo() if memo is None else memo
    memo.trim()
    reached = reachable(cur, dataset, new_mentions, new_keys, memo)
    cited = {m.article_id for _, _, m in reached} - new_ids
    new_articles = [a for a in timeline.articles if a.id in new_ids]
    articles = [*merge_articles(cur, dataset, cited, memo), *new_articles]
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
    write.write_events(cur, dataset, events, articles, keys=keys, drop=dropped, moved=moved)
    _set_parents(cur, dataset, changed)
    renumber_events(cur, dataset)
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
    with sql.registered(cur, "_drop", {"id": sorted(dropped)}):
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


#: Most decoded stored mentions a process keeps between ingests (about 1 KB each).
MEMO_MENTIONS = 200_000


class Memo:
    """Stored rows decoded for the merge, kept between the ingests of one process.

    A stored mention's record never changes for its row key, nor an article's merge fields
    for its id (only a replace or a delete of the data set removes them, and clears the memo):
    each batch then decodes only the rows it has not seen, however often a growing event is
    merged again.
    """

    def __init__(self, limit: int | None = None) -> None:
        self.limit = MEMO_MENTIONS if limit is None else limit
        self.mentions: dict[tuple[str, str], EventMention] = {}
        self.articles: dict[tuple[str, str], Article] = {}
        self.used: set[tuple[str, str]] = set()  # mentions the last merge read

    def clear(self) -> None:
        self.mentions.clear()
        self.articles.clear()
        self.used.clear()

    def trim(self) -> None:
        """Before a merge: over the limit, keep only the mentions the last merge read (then all go)."""
        if len(self.mentions) > self.limit:
            kept = {k: self.mentions[k] for k in self.used if k in self.mentions}
            self.mentions = kept if len(kept) <= self.limit else {}
        if len(self.articles) > self.limit:
            self.articles = {}
        self.used = set()


def reachable(
    cur: duckdb.DuckDBPyConnection,
    dataset: str,
    mentions: Sequence[EventMention],
    keys: Sequence[str],
    memo: Memo | None = None,
) -> list[tuple[str, str, EventMention]]:
    """(row key, event id, mention) of the stored mentions in the windows components of `mentions`.

    Probes the `mention_keys` table around each mention's reach, then around each stored
    mention found to be connected, until no new one turns up. Records are read once each,
    and not at all when `memo` has them from an earlier batch.
    """
    from timeline.events.windows import component_labels

    memo = Memo() if memo is None else memo
    fetched: dict[str, tuple[str, EventMention]] = {}
    pool, ids = list(mentions), list(keys)
    fresh, frontier, kept = set(ids), list(mentions), set[str]()
    while frontier:
        for key, event_id, mention in _probe(cur, dataset, frontier, set(fetched) | fresh, memo):
            fetched[key] = (event_id, mention)
            pool.append(mention)
            ids.append(key)
        labels = component_labels(pool)
        wanted = {label for label, i in zip(labels, ids, strict=True) if i in fresh}
        connected = {i for label, i in zip(labels, ids, strict=True) if label in wanted} - fresh
        frontier = [fetched[i][1] for i in connected - kept]
        kept |= connected
    return [(i, *fetched[i]) for i in sorted(kept)]


def _probe(
    cur: duckdb.DuckDBPyConnection,
    dataset: str,
    mentions: Sequence[EventMention],
    known: set[str],
    memo: Memo,
) -> list[tuple[str, str, EventMention]]:
    """(row key, event id, mention) of stored mentions, not yet known, sharing a block key within reach."""
    from timeline.events.windows import REACH_MARGIN_DAYS, block_keys, reach

    probes: dict[str, list[Any]] = {"key": [], "lo": [], "hi": []}
    for m in mentions:
        lo, hi = reach(m, REACH_MARGIN_DAYS)
        for key in block_keys(m):
            sql.append(probes, key=key, lo=lo, hi=hi)
    if not probes["key"]:
        return []
    with sql.registered(cur, "_probes", probes):
        found = cur.execute(
            """SELECT DISTINCT k.mention_id, k.event_id FROM mention_keys k JOIN _probes p
               ON k.key = p.key AND k.lo <= p.hi AND k.hi >= p.lo WHERE k.dataset = ?""",
            [dataset],
        ).fetchall()
    event_of = {i: e for i, e in found if i not in known}
    unread = sorted(i for i in event_of if (dataset, i) not in memo.mentions)
    if unread:
        with sql.registered(cur, "_new", {"id": unread}):
            rows = cur.execute(
                "SELECT key, record FROM mentions WHERE dataset = ? AND key IN (SELECT id FROM _new)",
                [dataset],
            ).fetchall()
        for key, record in rows:
            memo.mentions[dataset, key] = records.light_mention(record)
    found_ids = [i for i in sorted(event_of) if (dataset, i) in memo.mentions]
    memo.used.update((dataset, i) for i in found_ids)
    return [(i, event_of[i], memo.mentions[dataset, i]) for i in found_ids]


def article_records(cur: duckdb.DuckDBPyConnection, dataset: str, ids: set[str]) -> list[Article]:
    """Stored articles without their text, from their full records (corroboration reads these)."""
    if not ids:
        return []
    with sql.registered(cur, "_ids", {"id": sorted(ids)}):
        rows = cur.execute(
            "SELECT record FROM articles WHERE dataset = ? AND id IN (SELECT id FROM _ids) ORDER BY pos",
            [dataset],
        ).fetchall()
    return [records.loads(Article, r) for (r,) in rows]


#: The article fields the merge and the event rows read (outlet, dates), as stored columns.
_MERGE_ARTICLE_COLUMNS = (
    "id", "source_path", "url", "outlet", "agency", "title", "published", "published_how",
    "published_inferred", "published_reason", "published_confidence",
)  # fmt: skip


def merge_articles(cur: duckdb.DuckDBPyConnection, dataset: str, ids: set[str], memo: Memo) -> list[Article]:
    """Stored articles as the merge needs them: text-less, from the query columns, not the JSON records.

    Outlets and publication dates are all the merge and the event rows read of an article.
    """
    unread = sorted(i for i in ids if (dataset, i) not in memo.articles)
    if unread:
        columns = ", ".join(f'"{c}"' for c in _MERGE_ARTICLE_COLUMNS)
        with sql.registered(cur, "_ids", {"id": unread}):
            rows = cur.execute(
                f"SELECT {columns} FROM articles WHERE dataset = ? AND id IN (SELECT id FROM _ids)",  # noqa: S608
                [dataset],
            ).fetchall()
        for row in rows:
            fields = dict(zip(_MERGE_ARTICLE_COLUMNS, row, strict=True))
            memo.articles[dataset, row[0]] = Article(
                text="", **fields | {"published_how": PublishedHow(fields["published_how"])}
            )
    return [memo.articles[dataset, i] for i in sorted(ids) if (dataset, i) in memo.articles]


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
            sql.append(spans, lo=e.start, hi=e.end or e.start)
    with sql.registered(cur, "_drop", {"id": sorted(dropped) or [""]}):
        for lo, hi in cur.execute(
            'SELECT start, "end" FROM events WHERE dataset = ? AND id IN (SELECT id FROM _drop)', [dataset]
        ).fetchall():
            if lo is not None:
                sql.append(spans, lo=lo, hi=hi or lo)
        if not spans["lo"]:
            return []
        with sql.registered(cur, "_spans", spans):
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
        row = sql.one(cur, "SELECT record FROM events WHERE dataset = ? AND id = ?", [dataset, event_id])
        if row is None:
            continue
        record = json.loads(row[0]) | {"parent_id": parent}
        cur.execute(
            "UPDATE events SET parent_id = ?, record = ? WHERE dataset = ? AND id = ?",
            [parent, json.dumps(record, ensure_ascii=False, separators=(",", ":")), dataset, event_id],
        )


def renumber_events(cur: duckdb.DuckDBPyConnection, dataset: str) -> None:
    """Positions by date then label, the order `merge_mentions` gives (ties broken by id)."""
    cur.execute(
        """UPDATE events SET pos = r.rn FROM (
               SELECT id, (row_number() OVER (ORDER BY start NULLS FIRST, "end" NULLS FIRST, label, id)) - 1
               AS rn FROM events WHERE dataset = ?) r
           WHERE events.dataset = ? AND events.id = r.id""",
        [dataset, dataset],
    )
