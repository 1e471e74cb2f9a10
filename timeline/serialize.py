"""The JSON form of a Timeline: the export contract, documented field by field in the README."""

from __future__ import annotations

import dataclasses
from datetime import date
from enum import Enum
from typing import Any

from timeline.model import Article, Event, EventMention, SourceError, TimeExpression, Timeline

SCHEMA_VERSION = 1


def _plain(value: Any) -> Any:
    """Dates as ISO strings, enums as their values, tuples as lists."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def expression_to_dict(expr: TimeExpression) -> dict[str, Any]:
    out = {f.name: _plain(getattr(expr, f.name)) for f in dataclasses.fields(expr) if f.name != "parts"}
    out["parts"] = [expression_to_dict(p) for p in expr.parts]
    return out


def article_to_dict(article: Article) -> dict[str, Any]:
    out = {
        f.name: _plain(getattr(article, f.name)) for f in dataclasses.fields(article) if f.name != "furniture"
    }
    out["furniture"] = [{"start": f.start, "end": f.end, "reason": f.reason} for f in article.furniture]
    return out


def mention_to_dict(mention: EventMention) -> dict[str, Any]:
    return {
        "id": mention.id,
        "article_id": mention.article_id,
        "sentence": mention.sentence,
        "sentence_start": mention.sentence_start,
        "sentence_end": mention.sentence_end,
        "trigger": mention.trigger,
        "trigger_start": mention.trigger_start,
        "trigger_end": mention.trigger_end,
        "event_type": mention.event_type,
        "label": mention.label,
        "participants": list(mention.participants),
        "place": mention.place,
        "country": mention.country,
        "status": mention.status.value,
        "time": expression_to_dict(mention.time) if mention.time else None,
    }


def event_to_dict(event: Event) -> dict[str, Any]:
    out = {f.name: _plain(getattr(event, f.name)) for f in dataclasses.fields(event) if f.name != "mentions"}
    out["mentions"] = [mention_to_dict(m) for m in event.mentions]
    out["sources"] = len(event.article_ids)
    return out


def error_to_dict(error: SourceError) -> dict[str, Any]:
    return {"source": error.source, "reason": error.reason}


def timeline_to_dict(timeline: Timeline) -> dict[str, Any]:
    """The whole timeline as JSON-ready data: articles, events (with mentions) and errors."""
    return {
        "schema_version": SCHEMA_VERSION,
        "articles": [article_to_dict(a) for a in timeline.articles],
        "events": [event_to_dict(e) for e in timeline.events],
        "errors": [error_to_dict(e) for e in timeline.errors],
    }
