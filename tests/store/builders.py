"""Synthetic timelines built from the model's dataclasses, for the store's tests (no pipeline needed)."""

from __future__ import annotations

from datetime import date, timedelta

from timeline.model import (
    Article,
    Entity,
    Event,
    EventMention,
    EventStatus,
    Granularity,
    PublishedHow,
    Resolution,
    SourceError,
    TextSpan,
    TimeExpression,
    Timeline,
    TimexType,
    content_id,
)

OUTLETS = ("The Moscow Times", "AP", "Reuters", None)
TYPES = ("meeting", "visit", "attack", "statement")
ACTORS = ("Sergei Shoigu", "Wang Yi", "Xi Jinping", "Li Shangfu", "Vladimir Putin")


def make_article(i: int, base: date = date(2024, 1, 1)) -> Article:
    """Article number `i`: text with a furniture line, an outlet and a stated or inferred date."""
    published = base + timedelta(days=i % 300)
    text = (
        f"Support us today\n\nHeadline number {i}\n\n"
        f"{ACTORS[i % 5]} met {ACTORS[(i + 1) % 5]} on {published:%B %d, %Y} in Beijing, "
        f"talks number {i} on 100% of the _agenda_.\n"
        "A second sentence.\n"
    )
    return Article(
        id=content_id(text),
        text=text,
        source_path=f"corpus/{i:05d}.txt",
        outlet=OUTLETS[i % 4],
        agency="AFP" if i % 3 == 0 else None,
        title=f"Headline number {i}",
        furniture=(TextSpan(0, 16, "donation appeal"),),
        body_start=18,
        published=published if i % 7 else None,
        published_how=PublishedHow.HEADER if i % 7 else PublishedHow.UNKNOWN,
        published_inferred=False,
        published_reason="header line" if i % 7 else "",
        published_confidence=0.9 if i % 7 else 0.0,
        published_span=(0, 10) if i % 7 else None,
        warnings=("no byline",) if i % 2 else (),
    )


def make_expression(article: Article) -> TimeExpression:
    """A resolved date with two parts, so nested tuples of dataclasses are exercised."""
    start = article.text.index(" on ") + 4
    end = article.text.index(" in Beijing")
    day = article.published or date(2024, 1, 1)
    part = TimeExpression(article.text[start:end], start, end, TimexType.DATE, day.isoformat(), "absolute")
    return TimeExpression(
        text=article.text[start:end],
        char_start=start,
        char_end=end,
        type=TimexType.DATE,
        value=day.isoformat(),
        rule="month_day_year",
        start_date=day,
        end_date=day,
        granularity=Granularity.DAY,
        resolution=Resolution.ABSOLUTE,
        anchor=article.published,
        parts=(part, part),
    )


def make_mention(article: Article, i: int) -> EventMention:
    sentence_start = article.body_start + len(f"Headline number {i}\n\n")
    sentence_end = article.text.index("\n", sentence_start)
    trigger_start = article.text.index(" met ") + 1
    actors = (ACTORS[i % 5], ACTORS[(i + 1) % 5])
    return EventMention(
        article_id=article.id,
        sentence=article.text[sentence_start:sentence_end],
        sentence_start=sentence_start,
        sentence_end=sentence_end,
        trigger="met",
        trigger_start=trigger_start,
        trigger_end=trigger_start + 3,
        event_type=TYPES[i % 4],
        label=f"{actors[0]} meets {actors[1]}",
        participants=actors,
        place="Beijing",
        country="China",
        time=make_expression(article),
        status=EventStatus.OCCURRED if i % 5 else EventStatus.ANNOUNCED,
        entities=(Entity(actors[0], trigger_start - 14, trigger_start - 1, "PERSON", actors[0], "Russia"),),
    )


def make_timeline(n: int, first: int = 0, group: int = 2) -> Timeline:
    """`n` articles numbered from `first`; every `group` consecutive articles report one event."""
    articles = tuple(make_article(i) for i in range(first, first + n))
    events = []
    for g in range(0, n, group):
        members = [(first + g + k, articles[g + k]) for k in range(min(group, n - g))]
        mentions = tuple(make_mention(a, i) for i, a in members)
        head = mentions[0]
        events.append(
            Event(
                id=content_id(*(m.id for m in mentions)),
                label=head.label,
                type=head.event_type,
                start=head.time.start_date if head.time else None,
                end=head.time.end_date if head.time and g % 3 else None,
                granularity=Granularity.DAY,
                participants=head.participants,
                place=head.place,
                mentions=mentions,
                status=head.status,
                status_history=("announced", "occurred"),
                confidence=0.5 + (g % 5) / 10,
                disagreements=("date differs by 1 day",) if g % 4 == 0 else (),
                parent_id=events[0].id if events and g % 5 == 1 else None,
                country="China",
            )
        )
    expressions = {a.id: (make_expression(a),) if i % 6 else () for i, a in enumerate(articles)}
    errors = (SourceError(f"corpus/broken-{first}.pdf", "not a text file: convert it to text first"),)
    return Timeline(articles=articles, events=tuple(events), errors=errors, expressions=expressions)
