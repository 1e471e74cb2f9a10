"""Merging mentions into events: one row per behaviour, on mentions built by hand."""

from __future__ import annotations

from datetime import date

import pytest

from timeline.events.merge import merge_mentions
from timeline.model import (
    Article,
    EventMention,
    EventStatus,
    Granularity,
    PublishedHow,
    Resolution,
    TimeExpression,
    TimexType,
)
from timeline.settings import Settings

ARTICLES = [
    Article(
        id="a1", text="", outlet="Outlet One", published=date(2025, 2, 28), published_how=PublishedHow.HEADER
    ),
    Article(
        id="a2", text="", outlet="Outlet Two", published=date(2025, 2, 28), published_how=PublishedHow.HEADER
    ),
    Article(id="a3", text="", outlet="Outlet Three", published=date(2024, 11, 10)),
]


def when(start: str, end: str | None = None, granularity: Granularity = Granularity.DAY) -> TimeExpression:
    first = date.fromisoformat(start)
    last = date.fromisoformat(end or start)
    return TimeExpression(
        text=start,
        char_start=0,
        char_end=len(start),
        type=TimexType.DATE,
        value=start,
        rule="test",
        start_date=first,
        end_date=last,
        granularity=granularity,
        resolution=Resolution.ANCHOR,
    )


def mention(
    article: str,
    event_type: str,
    time: TimeExpression | None,
    participants: tuple[str, ...],
    place: str | None = None,
    country: str | None = None,
    at: int = 0,
    status: EventStatus = EventStatus.OCCURRED,
) -> EventMention:
    return EventMention(
        article_id=article,
        sentence=f"sentence {article} {at}",
        sentence_start=at,
        sentence_end=at + 10,
        trigger=event_type,
        trigger_start=at,
        trigger_end=at + 3,
        event_type=event_type,
        label=f"{participants[0] if participants else '?'} {event_type}",
        participants=participants,
        place=place,
        country=country,
        time=time,
        status=status,
    )


def merged(*mentions: EventMention) -> list[list[tuple[str, int]]]:
    events = merge_mentions(list(mentions), ARTICLES, Settings())
    return [sorted((m.article_id, m.sentence_start) for m in e.mentions) for e in events]


SHOIGU = "Sergei Shoigu"


@pytest.mark.parametrize(
    ("mentions", "expected"),
    [
        pytest.param(
            [
                mention("a1", "arrival", when("2025-02-28"), (SHOIGU,), "Beijing", "China", at=1),
                mention("a2", "arrival", when("2025-02-28"), (SHOIGU,), "Beijing", "China", at=2),
            ],
            [[("a1", 1), ("a2", 2)]],
            id="two outlets, same arrival",
        ),
        pytest.param(
            [
                mention(
                    "a1",
                    "meeting",
                    when("2025-02-27"),
                    (SHOIGU, "Anwar Ibrahim"),
                    "Kuala Lumpur",
                    "Malaysia",
                    1,
                ),
                mention("a1", "arrival", when("2025-02-28"), (SHOIGU,), "Beijing", "China", at=2),
            ],
            [[("a1", 1)], [("a1", 2)]],
            id="different types on neighbouring days stay apart",
        ),
        pytest.param(
            [
                mention(
                    "a1",
                    "meeting",
                    when("2025-02-27"),
                    (SHOIGU, "Anwar Ibrahim"),
                    "Kuala Lumpur",
                    "Malaysia",
                    1,
                ),
                mention(
                    "a2",
                    "meeting",
                    when("2025-02-24", "2025-03-02", Granularity.WEEK),
                    (SHOIGU, "Prabowo"),
                    "Jakarta",
                    "Indonesia",
                    2,
                ),
            ],
            [[("a1", 1)], [("a2", 2)]],
            id="same kind, same week, different cities stay apart",
        ),
        pytest.param(
            [
                mention(
                    "a2",
                    "meeting",
                    when("2025-02-24", "2025-03-02", Granularity.WEEK),
                    (SHOIGU, "Anwar Ibrahim"),
                    "Kuala Lumpur",
                    "Malaysia",
                    2,
                ),
                mention(
                    "a1",
                    "meeting",
                    when("2025-02-27"),
                    (SHOIGU, "Anwar Ibrahim"),
                    "Kuala Lumpur",
                    "Malaysia",
                    1,
                ),
            ],
            [[("a1", 1), ("a2", 2)]],
            id="a coarse report joins the precise one",
        ),
        pytest.param(
            [
                mention("a3", "visit", when("2024-11-11", "2024-11-14"), (SHOIGU,), "China", "China", 1),
                mention("a1", "visit", when("2025-02-28"), (SHOIGU,), "Beijing", "China", 2),
            ],
            [[("a3", 1)], [("a1", 2)]],
            id="two trips to one country months apart stay apart",
        ),
        pytest.param(
            [
                mention("a1", "visit", when("2025-02-28"), (SHOIGU,), "Beijing", "China", 1),
                mention("a2", "visit", when("2025-02-28"), ("Xi Jinping",), "Beijing", "China", 2),
            ],
            [[("a1", 1)], [("a2", 2)]],
            id="no shared participant, no merge",
        ),
        pytest.param(
            [mention("a1", "visit", None, (SHOIGU,), "Beijing", "China", 1)],
            [],
            id="an undated mention is not placed",
        ),
        pytest.param(
            [
                mention(
                    "a1", "statement", when("2025-02-27"), ("Alexander Lukashenko", "Yevgeny Prigozhin"), at=1
                ),
                mention("a2", "statement", when("2025-02-27"), ("Alexander Lukashenko",), at=2),
                mention("a2", "statement", when("2025-02-26"), ("Alexander Lukashenko",), at=3),
                mention("a2", "statement", when("2025-02-27"), ("Dmitry Peskov",), at=4),
            ],
            [[("a1", 1), ("a2", 2)], [("a2", 3)], [("a2", 4)]],
            id="one speaker on one day is one statement; another day or speaker is not",
        ),
        pytest.param(
            [
                mention("a1", "seizure", when("2025-02-27"), ("Wagner",), "Rostov-on-Don", "Russia", 1),
                mention(
                    "a2", "seizure", when("2025-02-27"), ("Yevgeny Prigozhin",), "Rostov-on-Don", "Russia", 2
                ),
            ],
            [[("a1", 1), ("a2", 2)]],
            id="fighting in one city on one day is one event, whoever is named",
        ),
        pytest.param(
            [
                mention("a1", "lawsuit", when("2025-02-27"), ("Federal Trade Commission", "Microsoft"), at=1),
                mention("a2", "lawsuit", when("2025-02-27"), ("FTC",), at=2),
                mention("a2", "meeting", when("2025-02-27"), ("Sergei Shoigu",), at=3),
                mention("a1", "meeting", when("2025-02-27"), ("Sergei Sobyanin",), at=4),
            ],
            [[("a1", 1), ("a2", 2)], [("a1", 4)], [("a2", 3)]],
            id="a full name meets its acronym; two-word names never meet on initials",
        ),
        pytest.param(
            [
                mention("a1", "meeting", when("2025-02-27"), ("Vladimir Putin",), "Moscow", "Russia", 1),
                mention("a2", "meeting", when("2025-02-27"), ("Sergei Lavrov",), "Moscow", "Russia", 2),
            ],
            [[("a1", 1)], [("a2", 2)]],
            id="two meetings in one city on one day stay apart",
        ),
    ],
)
def test_merge(mentions: list[EventMention], expected: list[list[tuple[str, int]]]) -> None:
    assert sorted(merged(*mentions)) == sorted(expected)


def test_event_takes_the_most_precise_date_and_records_statuses() -> None:
    week = when("2024-11-11", "2024-11-17", Granularity.WEEK)
    days = when("2024-11-11", "2024-11-14")
    events = merge_mentions(
        [
            mention("a3", "visit", week, (SHOIGU,), "China", "China", 1, EventStatus.ANNOUNCED),
            mention("a3", "visit", days, (SHOIGU, "Wang Yi"), "China", "China", 2, EventStatus.ANNOUNCED),
        ],
        ARTICLES,
        Settings(),
    )
    assert len(events) == 1
    event = events[0]
    assert (event.start, event.end, event.granularity) == (
        date(2024, 11, 11),
        date(2024, 11, 14),
        Granularity.DAY,
    )
    assert event.status == EventStatus.ANNOUNCED
    assert set(event.participants) == {SHOIGU, "Wang Yi"}
    assert 0 < event.confidence <= 1


def test_one_day_disagreement_merges_and_is_recorded() -> None:
    events = merge_mentions(
        [
            mention(
                "a1", "meeting", when("2025-02-27"), (SHOIGU, "Anwar Ibrahim"), "Kuala Lumpur", "Malaysia", 1
            ),
            mention(
                "a2", "meeting", when("2025-02-26"), (SHOIGU, "Anwar Ibrahim"), "Kuala Lumpur", "Malaysia", 2
            ),
        ],
        ARTICLES,
        Settings(),
    )
    assert len(events) == 1
    assert events[0].disagreements and "Outlet" in events[0].disagreements[0]


def test_meeting_during_a_trip_is_linked_to_it() -> None:
    events = merge_mentions(
        [
            mention("a1", "visit", when("2025-02-27", "2025-03-01"), (SHOIGU,), "China", "China", 1),
            mention("a1", "meeting", when("2025-02-28"), (SHOIGU, "Xi Jinping"), "Beijing", "China", 2),
        ],
        ARTICLES,
        Settings(),
    )
    trip = next(e for e in events if e.type == "visit")
    meeting = next(e for e in events if e.type == "meeting")
    assert meeting.parent_id == trip.id


def test_more_outlets_mean_more_confidence() -> None:
    one = merge_mentions(
        [mention("a1", "arrival", when("2025-02-28"), (SHOIGU,), "Beijing", "China", 1)], ARTICLES, Settings()
    )
    two = merge_mentions(
        [
            mention("a1", "arrival", when("2025-02-28"), (SHOIGU,), "Beijing", "China", 1),
            mention("a2", "arrival", when("2025-02-28"), (SHOIGU,), "Beijing", "China", 2),
        ],
        ARTICLES,
        Settings(),
    )
    assert two[0].confidence > one[0].confidence
