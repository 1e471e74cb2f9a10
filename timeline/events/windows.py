"""The cross-article merge partitioned into independent windows of mentions, equal to `merge_mentions`.

`merge_mentions` takes mentions from the most precise date to the least and lets each one join
the best cluster that shares a block key (family + participant, place or sentence) and whose
lead's dates are near its own. A mention of span s joins a cluster whose lead spans at most s
days, so two mentions of one cluster that share a key are at most min(span) + 1 days apart.
Linking every pair of mentions that share a key and lie within min(span) + 2 days of each other
gives components that no cluster crosses and whose clusters no outside mention can change:
merging each component on its own (in the global order) gives exactly the global clusters.
Components are packed into time windows (tasks for Dask, or a loop); parents (a meeting
inside a trip) link across families, so they are linked once over all events at the end.

The same key/reach rule lets the store re-merge only the stored mentions a batch can reach.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date, timedelta

from timeline.events.merge import (
    family_of,
    is_placeable,
    link_parents,
    merge_keys,
    merge_mentions,
    precision_key,
)
from timeline.model import Article, Event, EventMention
from timeline.settings import Settings

#: Mentions per window (task) when components are packed; many small components share a task.
WINDOW_MENTIONS = 20_000
#: Extra days searched around a mention's reach, so that chains are followed in fewer rounds.
REACH_MARGIN_DAYS = 14

Window = tuple[list[EventMention], list[Article]]
Mapper = Callable[[Callable[[Window], list[Event]], list[Window]], Iterable[list[Event]]]


def block_keys(mention: EventMention) -> list[str]:
    """The merge's block keys of a mention, prefixed by its family ("meeting|p:Wang Yi")."""
    family = family_of(mention.event_type)
    return [f"{family}|{k}" for k in merge_keys(family, mention)]


def span_of(mention: EventMention) -> tuple[date, date, int]:
    """First day, last day and length in days of a placeable mention's interval."""
    time = mention.time
    assert time is not None and time.start_date is not None and time.end_date is not None
    return time.start_date, time.end_date, (time.end_date - time.start_date).days + 1


def reach(mention: EventMention, margin: int = 0) -> tuple[date, date]:
    """The days within which a mention sharing a key can be in its component (plus `margin`)."""
    start, end, span = span_of(mention)
    pad = timedelta(days=span + 2 + margin)
    return start - pad, end + pad


def components(mentions: Sequence[EventMention]) -> list[list[EventMention]]:
    """The independent groups of placeable mentions, each in input order, by first member."""
    out: dict[int, list[EventMention]] = {}
    for label, m in zip(component_labels(mentions), mentions, strict=True):
        out.setdefault(label, []).append(m)
    return list(out.values())


def component_labels(mentions: Sequence[EventMention]) -> list[int]:
    """For each placeable mention, a number shared by exactly the mentions of its component."""
    parent = list(range(len(mentions)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    groups: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        for key in block_keys(m):
            groups[key].append(i)
    spans = [span_of(m) for m in mentions]
    for members in groups.values():
        members.sort(key=lambda i: spans[i][:2])
        active: list[int] = []
        same: dict[tuple[date, date], int] = {}  # one member per interval: the others join it directly
        for i in members:
            start, end, span = spans[i]
            first = same.setdefault((start, end), i)
            if first != i:
                parent[find(i)] = find(first)
                continue
            # a member ending more than (its span + 2) days before `start` cannot link to anything later
            active = [j for j in active if (start - spans[j][1]).days <= spans[j][2] + 2]
            for j in active:
                if (start - spans[j][1]).days <= min(span, spans[j][2]) + 2:
                    parent[find(i)] = find(j)
            active.append(i)
    return [find(i) for i in range(len(mentions))]


def windows(
    mentions: Sequence[EventMention], settings: Settings, size: int = WINDOW_MENTIONS
) -> list[list[EventMention]]:
    """Placeable mentions in the merge's order, cut into windows of whole components, by time."""
    dated = sorted((m for m in mentions if is_placeable(m, settings)), key=precision_key)
    groups = components(dated)
    groups.sort(key=lambda g: min(span_of(m)[0] for m in g))
    out: list[list[EventMention]] = []
    for group in groups:
        if out and len(out[-1]) + len(group) <= size:
            out[-1].extend(group)
        else:
            out.append(list(group))
    rank = {id(m): i for i, m in enumerate(dated)}  # by identity: extraction may repeat a mention id
    return [sorted(w, key=lambda m: rank[id(m)]) for w in out]


def merge_window(window: Window, settings: Settings | None = None) -> list[Event]:
    """One task: the events of a window of whole components (parents are linked later)."""
    mentions, articles = window
    events = merge_mentions(mentions, articles, settings or Settings())
    return [replace(e, parent_id=None) if e.parent_id else e for e in events]


def finish(events: Iterable[Event], settings: Settings) -> list[Event]:
    """Link sub-events to trips over all windows and sort as `merge_mentions` does.

    Events are put in the order their clusters were created (their lead mention's place in
    the merge's order), which is the order `merge_mentions` links and breaks sort ties in.
    """
    linked = link_parents(_creation_order(events))
    linked.sort(key=lambda e: (e.start or date.min, e.end or date.min, e.label))
    return linked


def _creation_order(events: Iterable[Event]) -> list[Event]:
    return sorted(events, key=lambda e: precision_key(e.mentions[0]))


def relink(events: Sequence[Event], neighbours: Sequence[Event]) -> tuple[list[Event], dict[str, str | None]]:
    """Link merged events and stored neighbours (each with at least its lead mention) anew.

    Gives the merged events with their parents, and the neighbours whose parent changed.
    Events are matched by position, not id: extraction may give two events one id.
    """
    everything = [replace(e, parent_id=None) for e in (*events, *neighbours)]
    order = sorted(range(len(everything)), key=lambda i: precision_key(everything[i].mentions[0]))
    linked: list[Event] = [everything[0]] * len(everything) if everything else []
    for i, event in zip(order, link_parents([everything[i] for i in order]), strict=True):
        linked[i] = event
    mine, theirs = linked[: len(events)], linked[len(events) :]
    changed = {
        n.id: t.parent_id for n, t in zip(neighbours, theirs, strict=True) if t.parent_id != n.parent_id
    }
    return mine, changed


def merge_by_windows(
    mentions: Sequence[EventMention],
    articles: Sequence[Article],
    settings: Settings,
    *,
    mapper: Mapper | None = None,
    size: int = WINDOW_MENTIONS,
) -> list[Event]:
    """`merge_mentions`, window by window: `mapper` (default the built-in map) runs the windows.

    Each window carries only the articles its mentions cite, without their text (the merge
    reads outlets and dates), so a task ships little data.
    """
    by_id = {a.id: replace(a, text="") for a in articles}
    tasks: list[Window] = []
    for window in windows(mentions, settings, size):
        cited = dict.fromkeys(m.article_id for m in window)
        tasks.append((window, [by_id[i] for i in cited if i in by_id]))
    run = mapper or map
    results = run(lambda w: merge_window(w, settings), tasks)
    return finish((e for part in results for e in part), settings)
