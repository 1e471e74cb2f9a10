"""Random dated mentions and articles, dense enough that clusters chain, merge and nest (trips)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from timeline.model import (
    Article,
    EventMention,
    EventStatus,
    Granularity,
    Resolution,
    TimeExpression,
    TimexType,
    content_id,
)

ACTORS = ("Wang Yi", "Xi Jinping", "Li Shangfu", "Vladimir Putin", "Sergei Shoigu", "Kim Jong Un")
PLACES = (("Beijing", "China"), ("Moscow", "Russia"), ("Pyongyang", "North Korea"), (None, None))
TYPES = ("meeting", "meeting", "visit", "call", "statement", "attack", "agreement")
#: Spans in days and their granularity: most reports give a day, some a week or a month.
SPANS = ((1, Granularity.DAY), (1, Granularity.DAY), (1, Granularity.DAY), (7, Granularity.WEEK),
         (30, Granularity.MONTH), (5, Granularity.DAY))  # fmt: skip


def random_mentions(n: int, seed: int, days: int = 90) -> tuple[list[EventMention], list[Article]]:
    """`n` mentions over `days` days in n // 3 articles of four outlets."""
    rng = random.Random(seed)
    base = date(2024, 1, 1)
    articles = []
    for i in range(max(1, n // 3)):
        published = base + timedelta(days=rng.randrange(days)) if rng.random() > 0.1 else None
        text = f"article {seed}-{i}"
        articles.append(
            Article(
                id=content_id(text),
                text=text,
                outlet=rng.choice(("AP", "Reuters", "TASS", None)),
                published=published,
                published_inferred=rng.random() < 0.2,
            )
        )
    mentions = []
    for i in range(n):
        article = rng.choice(articles)
        span, granularity = rng.choice(SPANS)
        start = base + timedelta(days=rng.randrange(days))
        time = TimeExpression(
            f"day {i}", 0, 5, TimexType.DATE, start.isoformat(), "test", start_date=start,
            end_date=start + timedelta(days=span - 1), granularity=granularity,
            resolution=rng.choice((Resolution.ABSOLUTE, Resolution.ANCHOR)),
        )  # fmt: skip
        place, country = rng.choice(PLACES)
        kind = rng.choice(TYPES)
        mentions.append(
            EventMention(
                article_id=article.id,
                sentence=f"sentence {rng.randrange(n // 2 + 1)}",
                sentence_start=i * 100,
                sentence_end=i * 100 + 50,
                trigger=kind,
                trigger_start=i * 100 + 5,
                trigger_end=i * 100 + 9,
                event_type=kind,
                label=f"{kind} {i % 7}",
                participants=tuple(rng.sample(ACTORS, rng.choice((0, 1, 1, 2, 2, 3)))),
                place=place,
                country=country,
                time=time,
                status=rng.choice((EventStatus.OCCURRED, EventStatus.ANNOUNCED, EventStatus.REPORTED)),
            )
        )
    return mentions, articles
