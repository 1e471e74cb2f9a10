"""Synthetic timelines built from the model's dataclasses, for the UI tests (no pipeline needed)."""

from __future__ import annotations

from datetime import date, timedelta

from timeline.model import (
    Article,
    Event,
    EventMention,
    EventStatus,
    Granularity,
    PublishedHow,
    Resolution,
    TextSpan,
    TimeExpression,
    Timeline,
    TimexType,
)

ART_A_TEXT = (
    "Support us! Donate today\n\n"
    "Shoigu To Visit China Next Week\n\n"
    "Sergei Shoigu will visit China next week for talks, agencies reported.\n\n"
    "Shoigu will visit China on Nov. 11-14 for consultations with Wang Yi.\n\n"
    "Sign up for our newsletter <script>alert(1)</script>\n"
)
ART_B_TEXT = (
    "Moscow (AFP) Feb 28, 2025\n\n"
    "Shoigu lands in Beijing\n\n"
    "Shoigu arrived in Beijing on Friday for talks with Wang Yi [*evil*](http://x) =cmd.\n"
)


def _expr(text: str, source: str, start: date, end: date, gran: Granularity, **kw: object) -> TimeExpression:
    offset = source.index(text)
    return TimeExpression(
        text=text,
        char_start=offset,
        char_end=offset + len(text),
        type=TimexType.DATE,
        value=start.isoformat(),
        rule=str(kw.get("rule", "test-rule")),
        start_date=start,
        end_date=end,
        granularity=gran,
        resolution=Resolution.ANCHOR,
    )


def _mention(
    article: Article, sentence: str, trigger: str, time: TimeExpression | None, **kw: object
) -> EventMention:
    s0 = article.text.index(sentence)
    t0 = article.text.index(trigger, s0)
    return EventMention(
        article_id=article.id,
        sentence=sentence,
        sentence_start=s0,
        sentence_end=s0 + len(sentence),
        trigger=trigger,
        trigger_start=t0,
        trigger_end=t0 + len(trigger),
        event_type=str(kw.get("event_type", "visit")),
        label=str(kw.get("label", trigger)),
        participants=tuple(kw.get("participants", ("Sergei Shoigu",))),  # type: ignore[arg-type]
        time=time,
        status=kw.get("status", EventStatus.OCCURRED),  # type: ignore[arg-type]
    )


def small_timeline() -> Timeline:
    """Two articles, three events: an interval narrowed by a second mention, a single day, a coarse month."""
    art_a = Article(
        id="art-a",
        text=ART_A_TEXT,
        source_path="sample/000_a.txt",
        url="https://example.org/a",
        outlet="The Moscow Times",
        title="Shoigu To Visit China Next Week",
        furniture=(
            TextSpan(0, ART_A_TEXT.index("\n\n"), "donation appeal"),
            TextSpan(ART_A_TEXT.index("Sign up"), len(ART_A_TEXT), "newsletter"),
        ),
        published=date(2024, 11, 10),
        published_how=PublishedHow.HEADER,
        published_reason="the 'date 2024-11-10' header line",
    )
    art_b = Article(
        id="art-b",
        text=ART_B_TEXT,
        source_path="sample/001_b.txt",
        outlet="=HYPERLINK(evil)",
        title="Shoigu lands in Beijing",
        published=date(2025, 2, 28),
        published_how=PublishedHow.INFERRED_FROM_CORROBORATION,
        published_inferred=True,
        published_reason="same events as another article",
    )
    s1 = "Sergei Shoigu will visit China next week for talks, agencies reported."
    s2 = "Shoigu will visit China on Nov. 11-14 for consultations with Wang Yi."
    s3 = "Shoigu arrived in Beijing on Friday for talks with Wang Yi [*evil*](http://x) =cmd."
    next_week = _expr("next week", ART_A_TEXT, date(2024, 11, 11), date(2024, 11, 17), Granularity.WEEK)
    nov = _expr("Nov. 11-14", ART_A_TEXT, date(2024, 11, 11), date(2024, 11, 14), Granularity.DAY)
    friday = _expr("on Friday", ART_B_TEXT, date(2025, 2, 28), date(2025, 2, 28), Granularity.DAY)
    visit = Event(
        id="ev-visit",
        label="Shoigu visits China",
        type="visit",
        start=date(2024, 11, 11),
        end=date(2024, 11, 14),
        granularity=Granularity.DAY,
        participants=("Sergei Shoigu", "Wang Yi"),
        place="China",
        country="China",
        status=EventStatus.ANNOUNCED,
        mentions=(
            _mention(art_a, s1, "visit", next_week, status=EventStatus.ANNOUNCED),
            _mention(art_a, s2, "visit", nov, participants=("Sergei Shoigu", "Wang Yi")),
        ),
        disagreements=("The Moscow Times: next week (2024-11-11…2024-11-17)",),
        confidence=0.9,
    )
    lands = Event(
        id="ev-lands",
        label="Shoigu lands in Beijing",
        type="arrival",
        start=date(2025, 2, 28),
        end=date(2025, 2, 28),
        granularity=Granularity.DAY,
        participants=("Sergei Shoigu", "Wang Yi"),
        place="Beijing",
        country="China",
        mentions=(
            _mention(
                art_b, s3, "arrived", friday, event_type="arrival", participants=("Sergei Shoigu", "Wang Yi")
            ),
        ),
        confidence=0.8,
    )
    month = Event(
        id="ev-month",
        label="Talks held",
        type="meeting",
        start=date(2024, 10, 1),
        end=date(2024, 10, 31),
        granularity=Granularity.MONTH,
        participants=("Wang Yi",),
        place=None,
        country="Russia",
        status=EventStatus.BACKGROUND,
        mentions=(_mention(art_b, s3, "talks", None, event_type="meeting", participants=("Wang Yi",)),),
    )
    return Timeline(articles=(art_a, art_b), events=(visit, lands, month))


def many_timeline(n: int, start: date = date(2020, 1, 1)) -> Timeline:
    """`n` simple single-day events spread over years, one article each, for size tests."""
    types = ("visit", "meeting", "attack", "statement", "election")
    actors = tuple(f"Actor {i}" for i in range(12))
    articles = []
    events = []
    for i in range(n):
        day = start + timedelta(days=(i * 7) % 2000)
        text = f"Actor {i % 12} met someone on that day number {i}."
        art = Article(id=f"a{i}", text=text, outlet=f"Outlet {i % 4}", title=f"Story {i}", published=day)
        mention = EventMention(
            article_id=art.id,
            sentence=text,
            sentence_start=0,
            sentence_end=len(text),
            trigger="met",
            trigger_start=text.index("met"),
            trigger_end=text.index("met") + 3,
            event_type=types[i % 5],
            label=f"Event {i}",
            participants=(actors[i % 12],),
        )
        events.append(
            Event(
                id=f"e{i}",
                label=f"Event {i}",
                type=types[i % 5],
                start=day,
                end=day + timedelta(days=i % 3),
                granularity=Granularity.DAY if i % 4 else Granularity.MONTH,
                participants=(actors[i % 12],),
                place=None,
                mentions=(mention,),
                country=("China", "Russia")[i % 2],
            )
        )
        articles.append(art)
    return Timeline(articles=tuple(articles), events=tuple(events))
