"""What the drill-down panel shows for one event, as plain data (no Streamlit), and its safe markdown.

The panel must say exactly how a date was resolved and show every source sentence
with the date expression and participants highlighted. Article text is untrusted:
`to_markdown` escapes every ASCII punctuation character of it, so the only markup
in the result is ours.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from timeline.model import Article, Event, EventMention, Granularity, TimeExpression, Timeline

#: Segment kinds, in the order that wins when spans overlap.
DATE, PARTICIPANT, TRIGGER, FURNITURE, MENTION, PLAIN = (
    "date",
    "participant",
    "trigger",
    "furniture",
    "mention",
    "",
)
_MARKUP = {
    DATE: ":orange-background[{}]",
    PARTICIPANT: "**{}**",
    TRIGGER: "_{}_",
    FURNITURE: ":gray[{}]",
    MENTION: ":blue-background[{}]",
}
_PUNCT = re.compile(r"(?P<punct>[!-/:-@\[-`{-~])")


@dataclass(frozen=True)
class Segment:
    """A piece of text and how to mark it (PLAIN, DATE, PARTICIPANT, TRIGGER, FURNITURE, MENTION)."""

    text: str
    kind: str = PLAIN


@dataclass(frozen=True)
class SourceDetail:
    """One mention of the event as the analyst checks it: who said it, when published, the sentence."""

    article_id: str
    outlet: str
    title: str
    url: str | None
    published: date | None
    published_how: str
    date_text: str
    sentence: tuple[Segment, ...]
    article: tuple[tuple[Segment, ...], ...]


@dataclass(frozen=True)
class EventDetail:
    """Everything the drill-down shows for one event."""

    id: str
    label: str
    type: str
    status: str
    participants: tuple[str, ...]
    place: str | None
    country: str | None
    when: str
    how_resolved: tuple[str, ...]
    disagreements: tuple[str, ...]
    sources: tuple[SourceDetail, ...]


def escape_markdown(text: str) -> str:
    """Backslash-escape all ASCII punctuation (CommonMark keeps it literal) and fold newlines."""
    return _PUNCT.sub(r"\\\g<punct>", text.replace("\r", " ").replace("\n", " "))


def to_markdown(segments: tuple[Segment, ...] | list[Segment]) -> str:
    """Segments as Streamlit markdown: escaped text, with our markup only; marks never wrap edge spaces."""
    parts: list[str] = []
    for segment in segments:
        text = segment.text
        core = text.strip()
        if not core or segment.kind not in _MARKUP:
            parts.append(escape_markdown(text))
            continue
        lead = text[: len(text) - len(text.lstrip())]
        tail = text[len(text.rstrip()) :]
        parts.append(
            escape_markdown(lead)
            + _MARKUP[segment.kind].format(escape_markdown(core))
            + escape_markdown(tail)
        )
    return "".join(parts)


def format_interval(start: date | None, end: date | None, granularity: object = None) -> str:
    """'2024-11-11…2024-11-14' or one day, with the granularity when it is coarser than a day."""
    if start is None:
        return "undated"
    text = start.isoformat() if end is None or end == start else f"{start.isoformat()}…{end.isoformat()}"
    fine = (None, Granularity.DAY, Granularity.TIME, "day", "time")
    return text if granularity in fine else f"{text} ({granularity})"


def published_how_text(article: Article | None) -> str:
    """How the publication date was found, in words: stated or inferred, which step, and why."""
    if article is None or article.published is None:
        return "publication date unknown"
    kind = "inferred" if article.published_inferred or article.published_how.inferred else "stated"
    reason = f": {article.published_reason}" if article.published_reason else ""
    return f"{kind} ({article.published_how}){reason}"


def _outlet(article: Article | None) -> str:
    if article is None:
        return "unknown source"
    return article.outlet or article.agency or article.source_path or article.id


def _time_line(time: TimeExpression, article: Article | None) -> str:
    published = article.published.isoformat() if article and article.published else "an unknown date"
    interval = format_interval(time.start_date, time.end_date, time.granularity)
    if not time.resolved:
        interval = "not resolved"
    how = f"rule {time.rule}, {time.resolution}"
    return f'"{time.text}" in {_outlet(article)} of {published} → {interval} ({how})'


def how_resolved(event: Event, articles: Mapping[str, Article]) -> tuple[str, ...]:
    """One line per dated mention, and which expression narrowed the event to its final interval."""
    timed = [(m.time, articles.get(m.article_id)) for m in event.mentions if m.time is not None]
    if not timed:
        return ("no source states a date for this event: it is placed by its article's publication date",)
    lines = [_time_line(t, a) for t, a in dict.fromkeys(timed)]
    exact = [t for t, _ in timed if t.start_date == event.start and t.end_date == event.end]
    wider = [
        t
        for t, _ in timed
        if t.resolved and t.span_days and exact and t.span_days > (exact[0].span_days or 0)
    ]
    if exact and wider:
        lines.append(
            f'narrowed by "{exact[0].text}" to {format_interval(event.start, event.end, event.granularity)}'
        )
    return tuple(lines)


def _name_spans(sentence: str, names: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where the participants' names (full, or their last word) occur in the sentence."""
    spans: list[tuple[int, int]] = []
    for name in names:
        variants = dict.fromkeys([name, name.split()[-1]] if name.split() else [name])
        for variant in variants:
            if len(variant) < 3:
                continue
            pattern = rf"(?<!\w){re.escape(variant)}(?!\w)"
            spans.extend((m.start(), m.end()) for m in re.finditer(pattern, sentence, flags=re.IGNORECASE))
    return spans


def _local(start: int, end: int, mention: EventMention, expected: str) -> tuple[int, int] | None:
    """An article span moved into sentence coordinates, or found by text when the offsets disagree."""
    lo, hi = start - mention.sentence_start, end - mention.sentence_start
    if 0 <= lo < hi <= len(mention.sentence) and mention.sentence[lo:hi] == expected:
        return lo, hi
    found = mention.sentence.find(expected) if expected else -1
    return (found, found + len(expected)) if found >= 0 else None


def split_segments(text: str, marks: list[tuple[int, int, str]]) -> tuple[Segment, ...]:
    """Cut `text` at the marked spans; earlier marks win over later overlapping ones."""
    taken: list[tuple[int, int, str]] = []
    for start, end, kind in marks:
        if start < end and all(end <= s or start >= e for s, e, _ in taken):
            taken.append((start, end, kind))
    taken.sort()
    out: list[Segment] = []
    pos = 0
    for start, end, kind in taken:
        if start > pos:
            out.append(Segment(text[pos:start]))
        out.append(Segment(text[start:end], kind))
        pos = end
    if pos < len(text):
        out.append(Segment(text[pos:]))
    return tuple(out)


def sentence_segments(mention: EventMention, participants: tuple[str, ...]) -> tuple[Segment, ...]:
    """The mention's sentence with its date expression, participants and trigger marked."""
    marks: list[tuple[int, int, str]] = []
    if mention.time is not None:
        span = _local(mention.time.char_start, mention.time.char_end, mention, mention.time.text)
        if span:
            marks.append((*span, DATE))
    names = tuple(dict.fromkeys(participants + mention.participants))
    marks.extend((s, e, PARTICIPANT) for s, e in _name_spans(mention.sentence, names))
    trigger = _local(mention.trigger_start, mention.trigger_end, mention, mention.trigger)
    if trigger:
        marks.append((*trigger, TRIGGER))
    return split_segments(mention.sentence, marks)


def article_paragraphs(
    article: Article, mentions: tuple[EventMention, ...]
) -> tuple[tuple[Segment, ...], ...]:
    """The full article, one tuple of segments per line, furniture and the cited sentences marked."""
    paragraphs: list[tuple[Segment, ...]] = []
    offset = 0
    for line in article.text.split("\n"):
        start, end = offset, offset + len(line)
        offset = end + 1
        if not line.strip():
            continue
        marks = [(max(f.start, start) - start, min(f.end, end) - start, FURNITURE) for f in article.furniture]
        marks += [
            (max(m.sentence_start, start) - start, min(m.sentence_end, end) - start, MENTION)
            for m in mentions
            if m.article_id == article.id
        ]
        paragraphs.append(split_segments(line, [m for m in marks if m[0] < m[1]]))
    return tuple(paragraphs)


def _source(mention: EventMention, event: Event, articles: Mapping[str, Article]) -> SourceDetail:
    article = articles.get(mention.article_id)
    return SourceDetail(
        article_id=mention.article_id,
        outlet=_outlet(article),
        title=(article.title if article and article.title else "(untitled)"),
        url=article.url if article else None,
        published=article.published if article else None,
        published_how=published_how_text(article),
        date_text=mention.time.text if mention.time else "",
        sentence=sentence_segments(mention, event.participants),
        article=article_paragraphs(article, event.mentions) if article else (),
    )


@dataclass(frozen=True)
class TimelineIndex:
    """Events and articles by id: built once per data set, so a drill-down is two lookups, not two scans."""

    events: Mapping[str, Event]
    articles: Mapping[str, Article]


def index_timeline(tl: Timeline) -> TimelineIndex:
    """The id -> event and id -> article maps of a timeline, with the same winners as the scans.

    A duplicate event id resolves to its first event, a duplicate article id to its last article.
    """
    events: dict[str, Event] = {}
    for event in tl.events:
        events.setdefault(event.id, event)
    return TimelineIndex(events=events, articles={a.id: a for a in tl.articles})


def event_detail(tl: Timeline, event_id: str, index: TimelineIndex | None = None) -> EventDetail | None:
    """The drill-down of one event, or None when the id is not in this timeline.

    Pass `index_timeline(tl)` when drilling down repeatedly: without it both lists are scanned.
    """
    if index is None:
        event = next((e for e in tl.events if e.id == event_id), None)
        articles: Mapping[str, Article] = {a.id: a for a in tl.articles} if event else {}
    else:
        event, articles = index.events.get(event_id), index.articles
    if event is None:
        return None
    return EventDetail(
        id=event.id,
        label=event.label,
        type=event.type,
        status=str(event.status),
        participants=event.participants,
        place=event.place,
        country=event.country,
        when=format_interval(event.start, event.end, event.granularity),
        how_resolved=how_resolved(event, articles),
        disagreements=event.disagreements,
        sources=tuple(_source(m, event, articles) for m in event.mentions),
    )
