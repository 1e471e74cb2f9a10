"""Event mentions of hand-written news sentences: one row per behaviour of timeline/events/mentions.py.

Each row is an article (optional context sentences, then the sentence under test) with its
publication date, and what the mentions whose trigger lies in the sentence under test must say:
event type, a subset of participants, place, interval (or a bound on it), status, label.
Rows that fail because of a known bug are xfail(strict=True) with the bug named in the reason;
the expectation itself is never weakened.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from timeline.model import Article, EventMention, EventStatus, PublishedHow
from timeline.pipeline import extract_article
from timeline.settings import Settings

SETTINGS = Settings()
ANY = "<any>"
POSITIVE = frozenset({EventStatus.OCCURRED, EventStatus.ANNOUNCED, EventStatus.REPORTED})


@dataclass(frozen=True)
class Expect:
    """What one mention must say; ANY (or None for bounds) leaves a part unchecked."""

    event_type: str
    participants: tuple[str, ...] = ()
    place: str | None = ANY
    start: date | None = None
    end: date | None = None
    ends_before: date | None = None
    status: EventStatus | None = None
    label: str | None = None
    label_lacks: str | None = None

    def problems(self, m: EventMention) -> list[str]:
        """Why `m` does not match (empty when it does)."""
        time = m.time
        checks = [
            (m.event_type == self.event_type, f"type {m.event_type}"),
            (set(self.participants) <= set(m.participants), f"participants {m.participants}"),
            (self.place in (ANY, m.place), f"place {m.place}"),
            (self.start is None or (time is not None and time.start_date == self.start), f"time {time}"),
            (self.end is None or (time is not None and time.end_date == self.end), f"time {time}"),
            (
                self.ends_before is None
                or (time is not None and time.end_date is not None and time.end_date < self.ends_before),
                f"time {time and (time.start_date, time.end_date)}",
            ),
            (self.status is None or m.status == self.status, f"status {m.status}"),
            (self.label is None or m.label == self.label, f"label {m.label!r}"),
            (self.label_lacks is None or self.label_lacks not in m.label, f"label {m.label!r}"),
        ]
        return [why for ok, why in checks if not ok]


def mentions_of(context: str, sentence: str, published: date) -> list[EventMention]:
    """Event mentions (dated statements left out) whose trigger lies in `sentence`."""
    text = f"{context} {sentence}" if context else sentence
    article = Article(id="case", text=text, published=published, published_how=PublishedHow.HEADER)
    result = extract_article(article, SETTINGS)
    offset = len(text) - len(sentence)
    return [m for m in result.mentions if m.trigger_start >= offset and m.event_type != "dated-statement"]


FEB28 = date(2025, 2, 28)
SHOIGU_INTRO = "Russian Security Council secretary Sergei Shoigu arrived on Thursday."
XI_INTRO = "Chinese President Xi Jinping welcomed Russian Security Council secretary Sergei Shoigu."
XI_CALL = "Shoigu's trip comes days after Xi spoke with his Russian counterpart Vladimir Putin."
SHOIGU_VISIT = "Shoigu will visit China on Nov. 11-14 for talks with Foreign Minister Wang Yi."
NOV10 = date(2024, 11, 10)

# (context, sentence, publication date, expected mentions in any order)
FOUND = [
    pytest.param(
        "",
        "The Federal Trade Commission sued on Thursday to block Microsoft's purchase of Activision Blizzard.",
        date(2022, 12, 8),
        [Expect("lawsuit", ("Federal Trade Commission", "Microsoft"), start=date(2022, 12, 8),
                end=date(2022, 12, 8))],
        id="companies-and-regulators-take-part-in-suits-and-deals",
    ),
    pytest.param(
        "",
        "A magnitude 6.4 earthquake struck Turkey's southern Hatay province on Monday.",
        date(2023, 2, 20),
        [Expect("disaster", place="Turkey", start=date(2023, 2, 20), end=date(2023, 2, 20)),
         Expect("disaster", place="Hatay", start=date(2023, 2, 20), end=date(2023, 2, 20))],
        id="a-disaster-is-where-it-struck-a-place-inside-a-place-too-and-struck-is-no-attack",
    ),
    pytest.param(
        "Belarus President Alexander Lukashenko spoke. Vladimir Putin was silent.",
        "On Saturday evening, Lukashenko's office announced that he had negotiated with Yevgeny Prigozhin.",
        date(2023, 6, 25),
        [Expect("statement", ("Alexander Lukashenko",)),
         Expect("meeting", ("Alexander Lukashenko", "Yevgeny Prigozhin"), start=date(2023, 6, 24),
                end=date(2023, 6, 24))],
        id="a-dated-statement-dates-what-it-reports-and-he-is-the-sentence-s-last-person",
    ),
    pytest.param(
        "Vladimir Putin spoke on Saturday.",
        "In a televised address that morning, Putin called the mutiny treason.",
        date(2023, 6, 25),
        [Expect("address", ("Vladimir Putin",), start=date(2023, 6, 24), end=date(2023, 6, 24))],
        id="the-speaker-of-an-address-follows-its-phrase-and-that-morning-is-the-day-before",
    ),
    pytest.param(
        "",
        "Kim Jong Un arrived in Russia on Tuesday for a summit with President Vladimir Putin that allies "
        "fear could bring shells for the war in Ukraine.",
        date(2023, 9, 12),
        [Expect("arrival", ("Kim Jong Un",), "Russia", date(2023, 9, 12), date(2023, 9, 12))],
        id="a-folded-clause-adds-no-second-place-to-a-placed-event",
    ),
    pytest.param(
        "North Korean leader Kim Jong Un arrived in Russia to meet President Vladimir Putin. Kim was greeted "
        "by officials.",
        "Agencies said the two leaders were expected to meet as early as Wednesday.", date(2023, 9, 12),
        [Expect("meeting", ("Kim Jong Un", "Vladimir Putin"), start=date(2023, 9, 13),
                end=date(2023, 9, 13))],
        id="the-two-leaders-are-the-two-people-named-most",
    ),
    pytest.param(
        "North Korean leader Kim Jong Un is in Russia.",
        "Kim left Pyongyang on Sunday evening, state media said.",
        date(2023, 9, 12),
        [Expect("departure", ("Kim Jong Un",), "Pyongyang", date(2023, 9, 10), date(2023, 9, 10))],
        id="left-a-named-place-is-a-departure",
    ),
    pytest.param(
        "", "The visit came a day after Kim Jong Un toured an aircraft plant on Friday.", date(2023, 9, 16),
        [Expect("visit", ("Kim Jong Un",), start=date(2023, 9, 15), end=date(2023, 9, 15))],
        id="a-stated-date-outranks-a-distance-to-another-event",
    ),
    pytest.param(
        "", "Sergei Shoigu landed in Beijing on Friday.", FEB28,
        [Expect("arrival", ("Sergei Shoigu",), "Beijing", FEB28, FEB28, status=EventStatus.OCCURRED)],
        id="arrival-weekday-is-the-publication-day",
    ),
    pytest.param(
        "", SHOIGU_VISIT, NOV10,
        [Expect("visit", ("Wang Yi",), "China", date(2024, 11, 11), date(2024, 11, 14),
                status=EventStatus.ANNOUNCED)],
        id="announced-visit-range-and-counterpart-from-the-folded-clause",
    ),
    pytest.param(
        SHOIGU_INTRO, SHOIGU_VISIT, NOV10,
        [Expect("visit", ("Sergei Shoigu", "Wang Yi"), "China", date(2024, 11, 11), date(2024, 11, 14),
                status=EventStatus.ANNOUNCED, label="Sergei Shoigu visits China")],
        id="short-name-resolved-to-the-full-name-as-agent",
    ),
    pytest.param(
        "", SHOIGU_VISIT, NOV10,
        [Expect("visit", label_lacks="Wang Yi visits")],
        id="counterpart-never-labelled-as-the-visitor",
    ),
    pytest.param(
        XI_INTRO, XI_CALL, FEB28,
        [Expect("call", ("Xi Jinping", "Vladimir Putin"), ends_before=FEB28, status=EventStatus.OCCURRED)],
        id="days-after-dates-the-following-call-before-the-anchor",
    ),
    pytest.param(
        "", XI_CALL, FEB28,
        [Expect("call", ("Xi", "Vladimir Putin"), ends_before=FEB28)],
        id="bare-surname-subject-of-a-call-is-a-person",
    ),
    pytest.param(
        "", "Sergei Shoigu did not meet Xi Jinping on Friday.", FEB28,
        [Expect("meeting", ("Sergei Shoigu", "Xi Jinping"), start=FEB28, status=EventStatus.NEGATED)],
        id="negated-meeting",
    ),
    pytest.param(
        "", "Sergei Shoigu never visited China in 2023.", FEB28,
        [Expect("visit", ("Sergei Shoigu",), "China", date(2023, 1, 1), date(2023, 12, 31),
                status=EventStatus.NEGATED)],
        id="never-negates",
    ),
    pytest.param(
        "", "Russia denied that Sergei Shoigu met Xi Jinping on Friday.", FEB28,
        [Expect("meeting", ("Sergei Shoigu", "Xi Jinping"), start=FEB28, status=EventStatus.NEGATED)],
        id="denied-that-negates-the-reported-meeting",
    ),
    pytest.param(
        "",
        "Defense Minister Sergei Shoigu met Prime Minister Anwar Ibrahim in Kuala Lumpur this week, "
        "as well as Defense Minister Sjafrie Sjamsoeddin in Jakarta.",
        FEB28,
        [Expect("meeting", ("Sergei Shoigu", "Anwar Ibrahim"), "Kuala Lumpur", date(2025, 2, 24)),
         Expect("meeting", ("Sergei Shoigu", "Sjafrie Sjamsoeddin"), "Jakarta", date(2025, 2, 24))],
        id="two-cities-two-meetings",
    ),
    pytest.param(
        "",
        "Defense Minister Sergei Shoigu met Prime Minister Anwar Ibrahim in Kuala Lumpur on Thursday, "
        "as well as Defense Minister Sjafrie Sjamsoeddin in Jakarta on Wednesday.",
        FEB28,
        [Expect("meeting", ("Anwar Ibrahim",), "Kuala Lumpur", date(2025, 2, 27), date(2025, 2, 27)),
         Expect("meeting", ("Sjafrie Sjamsoeddin",), "Jakarta", date(2025, 2, 26), date(2025, 2, 26))],
        id="two-cities-each-with-its-own-day",
    ),
    pytest.param(
        "",
        "Russian Defense Minister Sergei Shoigu met Chinese President Xi Jinping in Beijing on Friday, "
        "three days after talks in Kuala Lumpur.",
        FEB28,
        [Expect("meeting", ("Sergei Shoigu", "Xi Jinping"), "Beijing", FEB28, FEB28),
         Expect("meeting", (), "Kuala Lumpur", ends_before=FEB28)],
        id="earlier-talks-elsewhere-not-dated-like-the-main-clause",
    ),
    pytest.param(
        "",
        "Russian Defense Minister Sergei Shoigu held talks on Thursday with Malaysian Prime Minister "
        "Anwar Ibrahim in Kuala Lumpur.",
        FEB28,
        [Expect("meeting", ("Sergei Shoigu", "Anwar Ibrahim"), "Kuala Lumpur", date(2025, 2, 27),
                date(2025, 2, 27), status=EventStatus.OCCURRED)],
        id="held-talks-day-before",
    ),
    pytest.param(
        "", "Russian Defense Minister Sergei Shoigu will travel to Beijing next week.", FEB28,
        [Expect("visit", ("Sergei Shoigu",), "Beijing", date(2025, 3, 3), date(2025, 3, 9),
                status=EventStatus.ANNOUNCED)],
        id="next-week-announced",
    ),
    pytest.param(
        "", "Russia launched its full-scale invasion of Ukraine in February 2022.", FEB28,
        [Expect("attack", ("Russia",), start=date(2022, 2, 1), end=date(2022, 2, 28),
                status=EventStatus.BACKGROUND)],
        id="invasion-years-before-is-background",
    ),
    pytest.param(
        "", '"We met Xi Jinping on Friday," Sergei Shoigu told reporters.', FEB28,
        [Expect("meeting", ("Xi Jinping",), start=FEB28, status=EventStatus.REPORTED)],
        id="inside-quotes-is-reported",
    ),
    pytest.param(
        "", "Russian President Vladimir Putin phoned Chinese President Xi Jinping on Monday.", FEB28,
        [Expect("call", ("Vladimir Putin", "Xi Jinping"), None, date(2025, 2, 24), date(2025, 2, 24),
                label="Vladimir Putin speaks with Xi Jinping by phone")],
        id="phone-call-no-place",
    ),
    pytest.param(
        "Chinese Defense Minister Li Shangfu arrived in Moscow on Sunday.",
        "Li will visit Russia until April 19, the ministry said.", date(2023, 4, 16),
        [Expect("visit", ("Li Shangfu",), "Russia", end=date(2023, 4, 19), status=EventStatus.ANNOUNCED)],
        id="until-date-ends-the-visit",
    ),
    pytest.param(
        "", "Putin met Chinese Defense Minister Li Shangfu in Moscow on Sunday.", date(2023, 4, 18),
        [Expect("meeting", ("Putin", "Li Shangfu"), "Moscow", date(2023, 4, 16), date(2023, 4, 16))],
        id="bare-surname-sentence-subject-is-the-agent",
    ),
    pytest.param(
        "", "Mohammad Javad Zarif resigned on Monday.", date(2025, 3, 5),
        [Expect("resignation", ("Mohammad Javad Zarif",), start=date(2025, 3, 3), label_lacks="appointed")],
        id="resignation-not-labelled-appointed",
    ),
]  # fmt: skip

# (context, sentence, publication date): no positive event may come out of these.
NOT_POSITIVE = [
    pytest.param("", "China would not be helping Russia with weapons.", FEB28, id="would-not-help"),
    pytest.param(
        "",
        "China said on Friday it would not be helping Russia with weapons.",
        FEB28,
        id="said-would-not-help",
    ),
    pytest.param(
        "", "The Kremlin denied on Friday that Sergei Shoigu met Xi Jinping.", FEB28, id="denied-meeting"
    ),
]


@pytest.mark.parametrize(("context", "sentence", "published", "expected"), FOUND)
def test_mentions(context: str, sentence: str, published: date, expected: list[Expect]) -> None:
    found = mentions_of(context, sentence, published)
    assert len(found) == len(expected), [(m.event_type, m.trigger, m.place) for m in found]
    unmatched = list(found)
    for want in expected:
        match = next((m for m in unmatched if not want.problems(m)), None)
        assert match is not None, {m.trigger: want.problems(m) for m in unmatched}
        unmatched.remove(match)


@pytest.mark.parametrize(("context", "sentence", "published"), NOT_POSITIVE)
def test_no_positive_event(context: str, sentence: str, published: date) -> None:
    found = mentions_of(context, sentence, published)
    positive = [(m.event_type, m.trigger, m.status) for m in found if m.status in POSITIVE]
    assert positive == []


def test_two_city_mentions_keep_their_own_places_and_share_the_trigger() -> None:
    found = mentions_of(
        "",
        "Shoigu met Prime Minister Anwar Ibrahim in Kuala Lumpur this week, as well as "
        "Defense Minister Sjafrie Sjamsoeddin in Jakarta.",
        FEB28,
    )
    assert {m.place for m in found} == {"Kuala Lumpur", "Jakarta"}
    assert {m.country for m in found} == {"Malaysia", "Indonesia"}
    assert len({m.trigger_start for m in found}) == 1
