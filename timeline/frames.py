"""Timeline dataclasses -> pandas DataFrames, at the edge (tables, plot, CSV export).

The core passes frozen dataclasses between stages; the UI, the plot and the exports
want columns. This module is the one place that flattens a `Timeline` into frames,
so every table shows the same names and every date column has the same dtype.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from timeline.model import Article, Event, EventMention, Timeline

#: Separator of list-valued cells (participants, outlets); also what the filters split on.
LIST_SEP = "; "

EVENT_COLUMNS = (
    "id",
    "label",
    "type",
    "status",
    "start",
    "end",
    "granularity",
    "participants",
    "place",
    "country",
    "confidence",
    "n_sources",
    "outlets",
    "n_mentions",
    "parent_id",
    "disagreements",
    "date_text",
)

MENTION_COLUMNS = (
    "event_id",
    "mention_id",
    "article_id",
    "outlet",
    "title",
    "published",
    "published_how",
    "published_inferred",
    "sentence",
    "sentence_start",
    "sentence_end",
    "trigger",
    "trigger_start",
    "trigger_end",
    "time_text",
    "time_char_start",
    "time_char_end",
    "time_start",
    "time_end",
    "time_value",
    "time_rule",
    "time_resolution",
    "status",
)

ARTICLE_COLUMNS = (
    "id",
    "source_path",
    "url",
    "outlet",
    "agency",
    "title",
    "published",
    "published_how",
    "published_inferred",
    "published_reason",
    "n_events",
    "warnings",
)

_DATE_COLUMNS = {
    "events": ("start", "end"),
    "mentions": ("published", "time_start", "time_end"),
    "articles": ("published",),
}


def _dates(frame: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
    """Give date columns one dtype (datetime64) whatever the Python values were (date or None)."""
    for column in columns:
        frame[column] = pd.to_datetime(frame[column], errors="coerce").astype("datetime64[ms]")
    return frame


def _join(values: Iterable[str | None]) -> str:
    return LIST_SEP.join(dict.fromkeys(v for v in values if v))


def _outlet_of(articles: dict[str, Article], article_id: str) -> str | None:
    article = articles.get(article_id)
    if article is None:
        return None
    return article.outlet or article.agency


def _best_time_text(event: Event) -> str:
    """The written date expression that matches the event's interval best (for hover and tables)."""
    timed = [m.time for m in event.mentions if m.time is not None]
    if not timed:
        return ""
    exact = [t for t in timed if t.start_date == event.start and t.end_date == event.end]
    return (exact or timed)[0].text


def _event_row(event: Event, articles: dict[str, Article]) -> dict[str, object]:
    return {
        "id": event.id,
        "label": event.label,
        "type": event.type,
        "status": str(event.status),
        "start": event.start,
        "end": event.end if event.end is not None else event.start,
        "granularity": str(event.granularity) if event.granularity else None,
        "participants": _join(event.participants),
        "place": event.place,
        "country": event.country,
        "confidence": float(event.confidence),
        "n_sources": len(event.article_ids),
        "outlets": _join(_outlet_of(articles, a) for a in event.article_ids),
        "n_mentions": len(event.mentions),
        "parent_id": event.parent_id,
        "disagreements": _join(event.disagreements),
        "date_text": _best_time_text(event),
    }


def events_frame(tl: Timeline) -> pd.DataFrame:
    """One row per event; list-valued fields joined with `LIST_SEP`; start/end as datetime64."""
    articles = {a.id: a for a in tl.articles}
    rows = [_event_row(e, articles) for e in tl.events]
    frame = pd.DataFrame(rows, columns=list(EVENT_COLUMNS))
    frame["n_sources"] = frame["n_sources"].astype("int64")
    frame["n_mentions"] = frame["n_mentions"].astype("int64")
    frame["confidence"] = frame["confidence"].astype("float64")
    return _dates(frame, _DATE_COLUMNS["events"])


def _mention_row(event_id: str, mention: EventMention, articles: dict[str, Article]) -> dict[str, object]:
    article = articles.get(mention.article_id)
    time = mention.time
    return {
        "event_id": event_id,
        "mention_id": mention.id,
        "article_id": mention.article_id,
        "outlet": _outlet_of(articles, mention.article_id),
        "title": article.title if article else None,
        "published": article.published if article else None,
        "published_how": str(article.published_how) if article else None,
        "published_inferred": bool(article.published_inferred) if article else False,
        "sentence": mention.sentence,
        "sentence_start": mention.sentence_start,
        "sentence_end": mention.sentence_end,
        "trigger": mention.trigger,
        "trigger_start": mention.trigger_start,
        "trigger_end": mention.trigger_end,
        "time_text": time.text if time else None,
        "time_char_start": time.char_start if time else None,
        "time_char_end": time.char_end if time else None,
        "time_start": time.start_date if time else None,
        "time_end": time.end_date if time else None,
        "time_value": time.value if time else None,
        "time_rule": time.rule if time else None,
        "time_resolution": str(time.resolution) if time else None,
        "status": str(mention.status),
    }


def mentions_frame(tl: Timeline) -> pd.DataFrame:
    """One row per (event, mention): the evidence behind each event, for search and the drill-down."""
    articles = {a.id: a for a in tl.articles}
    rows = [_mention_row(e.id, m, articles) for e in tl.events for m in e.mentions]
    frame = pd.DataFrame(rows, columns=list(MENTION_COLUMNS))
    for column in ("time_char_start", "time_char_end"):
        frame[column] = frame[column].astype("Int64")
    return _dates(frame, _DATE_COLUMNS["mentions"])


def _article_row(article: Article, n_events: int) -> dict[str, object]:
    return {
        "id": article.id,
        "source_path": article.source_path,
        "url": article.url,
        "outlet": article.outlet,
        "agency": article.agency,
        "title": article.title,
        "published": article.published,
        "published_how": str(article.published_how),
        "published_inferred": bool(article.published_inferred),
        "published_reason": article.published_reason,
        "n_events": n_events,
        "warnings": _join(article.warnings),
    }


def articles_frame(tl: Timeline) -> pd.DataFrame:
    """One row per article with how its publication date was found and how many events cite it."""
    counts: dict[str, int] = {}
    for event in tl.events:
        for article_id in event.article_ids:
            counts[article_id] = counts.get(article_id, 0) + 1
    rows = [_article_row(a, counts.get(a.id, 0)) for a in tl.articles]
    frame = pd.DataFrame(rows, columns=list(ARTICLE_COLUMNS))
    frame["n_events"] = frame["n_events"].astype("int64")
    return _dates(frame, _DATE_COLUMNS["articles"])


def split_list(cell: object) -> list[str]:
    """The items of a joined list cell ('' and NaN give [])."""
    if not isinstance(cell, str) or not cell:
        return []
    return [part for part in cell.split(LIST_SEP) if part]


def distinct_values(frame: pd.DataFrame, column: str) -> list[str]:
    """Sorted distinct items of a (possibly joined-list) column, for filter choices."""
    seen: set[str] = set()
    for cell in frame[column].dropna().unique():
        seen.update(split_list(cell))
    return sorted(seen, key=str.casefold)
