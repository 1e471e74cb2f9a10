"""The data model: frozen dataclasses shared by every stage of the pipeline.

Every value that reaches the screen keeps its provenance: an article id, a
character span into that article's text, and the rule or step that made it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class TimexType(StrEnum):
    """TIMEX3 types."""

    DATE = "DATE"
    TIME = "TIME"
    DURATION = "DURATION"
    SET = "SET"


class Granularity(StrEnum):
    """How precise a resolved interval is; ordered from fine to coarse by `rank`."""

    TIME = "time"
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    SEASON = "season"
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"
    DECADE = "decade"
    CENTURY = "century"
    VAGUE = "vague"

    @property
    def rank(self) -> int:
        return list(Granularity).index(self)

    @property
    def day_or_finer(self) -> bool:
        """A day or a time of day: an expression that names one day ("the morning of Sept. 13" too)."""
        return self in (Granularity.TIME, Granularity.DAY)


class Resolution(StrEnum):
    """How a time expression's interval was obtained."""

    ABSOLUTE = "absolute"
    ANCHOR = "relative-to-anchor"
    EXPRESSION = "relative-to-expression"
    UNRESOLVED = "unresolved"


class PublishedHow(StrEnum):
    """Which step of the publication-date cascade found an article's date."""

    HEADER = "header"
    DATELINE = "dateline"
    BYLINE = "byline"
    HTML_META = "html-meta"
    URL = "url"
    FEED = "feed"
    TABLE = "table"
    INFERRED_FROM_TEXT = "inferred-from-text"
    INFERRED_FROM_CORROBORATION = "inferred-from-corroboration"
    UNKNOWN = "unknown"

    @property
    def inferred(self) -> bool:
        return self in (PublishedHow.INFERRED_FROM_TEXT, PublishedHow.INFERRED_FROM_CORROBORATION)


class EventStatus(StrEnum):
    """What the source says about whether an event happened."""

    OCCURRED = "occurred"
    ANNOUNCED = "announced"
    REPORTED = "reported"
    NEGATED = "negated"
    BACKGROUND = "background"
    STATEMENT = "statement"


@dataclass(frozen=True)
class TextSpan:
    """A character span of an article's text with the reason it was marked."""

    start: int
    end: int
    reason: str


@dataclass(frozen=True)
class TimeExpression:
    """One date or time expression found in a text, with its resolved interval.

    `start_date`/`end_date` are inclusive; both are None when the expression could
    not be resolved (no anchor, or a duration with nothing to attach it to).
    A range keeps its two ends in `parts`, each with its own offsets and value.
    """

    text: str
    char_start: int
    char_end: int
    type: TimexType
    value: str
    rule: str
    mod: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    granularity: Granularity | None = None
    resolution: Resolution = Resolution.UNRESOLVED
    anchor: date | None = None
    direction: str | None = None
    latent: bool = False
    parts: tuple[TimeExpression, ...] = ()

    @property
    def resolved(self) -> bool:
        return self.start_date is not None and self.end_date is not None

    @property
    def span_days(self) -> int | None:
        if self.start_date is None or self.end_date is None:
            return None
        return (self.end_date - self.start_date).days + 1


def content_id(*parts: str) -> str:
    """A stable id: the first 16 hex digits of the SHA-256 of the parts."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Article:
    """One news article: its full text (article proper and page furniture) and metadata.

    `furniture` marks spans of `text` that are not the article proper (donation
    appeals, teasers, footers); they are kept for display and never used for dates
    or events.
    """

    id: str
    text: str
    source_path: str | None = None
    url: str | None = None
    outlet: str | None = None
    agency: str | None = None
    title: str | None = None
    byline: str | None = None
    language: str = "en"
    furniture: tuple[TextSpan, ...] = ()
    body_start: int = 0
    published: date | None = None
    published_how: PublishedHow = PublishedHow.UNKNOWN
    published_inferred: bool = False
    published_reason: str = ""
    published_confidence: float = 0.0
    published_span: tuple[int, int] | None = None
    #: (month, day) a dateline states without a year ("SEOUL, Sept 19 (Reuters) -"): an inferred
    #: publication date must fall on it.
    stated_month_day: tuple[int, int] | None = None
    warnings: tuple[str, ...] = ()

    def is_furniture(self, start: int, end: int) -> bool:
        """True when the span [start, end) overlaps any furniture span."""
        return any(f.start < end and start < f.end for f in self.furniture)


@dataclass(frozen=True)
class Sentence:
    """A sentence of an article, by character offsets into the article's text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Entity:
    """A named entity found in a text: PERSON, ORG, GPE (country/city), LOC or NORP (demonym).

    `canonical` is the full name short references resolve to ("Li" -> "Li Shangfu");
    `country` is the country a place, demonym or organisation belongs to; `role` the
    title or office stated with a person ("Defense Minister").
    """

    text: str
    char_start: int
    char_end: int
    kind: str
    canonical: str
    country: str | None = None
    role: str | None = None


@dataclass(frozen=True)
class EventMention:
    """One sentence's report of an event, with the evidence for each part."""

    article_id: str
    sentence: str
    sentence_start: int
    sentence_end: int
    trigger: str
    trigger_start: int
    trigger_end: int
    event_type: str
    label: str
    participants: tuple[str, ...] = ()
    place: str | None = None
    country: str | None = None
    time: TimeExpression | None = None
    status: EventStatus = EventStatus.OCCURRED
    entities: tuple[Entity, ...] = ()

    @property
    def id(self) -> str:
        """Unique per article, trigger and place: one trigger naming two places gives two mentions."""
        return content_id(
            self.article_id,
            str(self.sentence_start),
            str(self.trigger_start),
            self.event_type,
            self.place or "",
        )


@dataclass(frozen=True)
class Event:
    """One real-world event, merged from every mention that reports it."""

    id: str
    label: str
    type: str
    start: date | None
    end: date | None
    granularity: Granularity | None
    participants: tuple[str, ...]
    place: str | None
    mentions: tuple[EventMention, ...]
    status: EventStatus = EventStatus.OCCURRED
    status_history: tuple[str, ...] = ()
    confidence: float = 0.0
    disagreements: tuple[str, ...] = ()
    parent_id: str | None = None
    country: str | None = None

    @property
    def article_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.article_id for m in self.mentions))


@dataclass(frozen=True)
class SourceError:
    """A source that could not be read, by name, with a reason the user can act on."""

    source: str
    reason: str


@dataclass(frozen=True)
class Timeline:
    """The result of a build: articles, merged events and per-source errors."""

    articles: tuple[Article, ...] = ()
    events: tuple[Event, ...] = ()
    errors: tuple[SourceError, ...] = ()
    expressions: dict[str, tuple[TimeExpression, ...]] = field(default_factory=dict)

    def article(self, article_id: str) -> Article | None:
        return next((a for a in self.articles if a.id == article_id), None)
