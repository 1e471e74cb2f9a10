"""News to timeline: read a pile of articles and build a timeline of what they report happened.

The public API. The pipeline and the tagger load on first use, so that importing one
module of the library (the model, the tagger) does not import all of it.
"""

from __future__ import annotations

import importlib
from typing import Any

from timeline.errors import SourceReadError, TimelineError
from timeline.model import (
    Article,
    Event,
    EventMention,
    EventStatus,
    Granularity,
    PublishedHow,
    SourceError,
    TimeExpression,
    Timeline,
    TimexType,
)
from timeline.settings import Settings

_LAZY = {
    "tag_dates": "timeline.dates",
    "STAGES": "timeline.pipeline",
    "build_timeline": "timeline.pipeline",
    "build_timeline_from_articles": "timeline.pipeline",
    "extract_article": "timeline.pipeline",
    "timeline_to_dict": "timeline.serialize",
}

__all__ = [
    "STAGES",
    "Article",
    "Event",
    "EventMention",
    "EventStatus",
    "Granularity",
    "PublishedHow",
    "Settings",
    "SourceError",
    "SourceReadError",
    "TimeExpression",
    "Timeline",
    "TimelineError",
    "TimexType",
    "build_timeline",
    "build_timeline_from_articles",
    "extract_article",
    "tag_dates",
    "timeline_to_dict",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'timeline' has no attribute {name!r}")
