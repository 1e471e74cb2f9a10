"""News to timeline: read a pile of articles and build a timeline of what they report happened.

The public API; everything else is an implementation detail of its module.
"""

from timeline.dates import tag_dates
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
from timeline.pipeline import STAGES, build_timeline, build_timeline_from_articles, extract_article
from timeline.serialize import timeline_to_dict
from timeline.settings import Settings

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
