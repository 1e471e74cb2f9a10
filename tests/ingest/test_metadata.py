"""Stated dates, bylines and datelines of page dumps."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from timeline.ingest.metadata import find_byline, find_dateline, find_header, parse_stated_date
from timeline.ingest.page import analyse_page
from timeline.model import PublishedHow
from timeline.settings import Settings


@pytest.mark.parametrize(
    ("text", "day_first", "expected"),
    [
        ("2024-11-10", False, date(2024, 11, 10)),
        ("2023-04-14T10:00:00Z", False, date(2023, 4, 14)),
        ("04/14/23", False, date(2023, 4, 14)),  # two-digit years are this century (dateparser: 1923)
        ("04/05/2023", False, date(2023, 4, 5)),
        ("04/05/2023", True, date(2023, 5, 4)),
        ("14/04/2023", False, date(2023, 4, 14)),  # only one reading is possible
        ("Feb 28, 2025", False, date(2025, 2, 28)),
        ("February 28 2025", False, date(2025, 2, 28)),
        ("Sept. 3, 2024", False, date(2024, 9, 3)),
        ("28 February 2025", False, date(2025, 2, 28)),
        ("Feb 30, 2025", False, None),
        ("Friday", False, None),
        ("2025", False, None),
        ("05.03.2024", False, date(2024, 3, 5)),  # dotted dates are day first
        # other forms and languages, through dateparser
        ("5 марта 2024", False, date(2024, 3, 5)),
        ("5. März 2024", False, date(2024, 3, 5)),
        ("12 de marzo de 2024", False, date(2024, 3, 12)),
        ("Tuesday, March 5, 2024", False, date(2024, 3, 5)),
        ("March 5, 2024 10:00 AM", False, date(2024, 3, 5)),
        ("Tue, 05 Mar 2024 10:00:00 GMT", False, date(2024, 3, 5)),
        # never a relative date, a date without its day or year, or running text
        ("vor 3 Tagen", False, None),
        ("3 days ago", False, None),
        ("March 2024", False, None),
        ("not a date at all", False, None),
        ("Talks began on March 5, 2024 and ended three days later in Moscow, officials said", False, None),
    ],
)
def test_parse_stated_date(text: str, day_first: bool, expected: date | None) -> None:
    assert parse_stated_date(text, day_first) == expected


@pytest.mark.parametrize(
    ("line", "who", "when"),
    [
        ("By AFP", "AFP", None),
        ("by AFP Staff Writers", "AFP", None),
        ("by AP - 04/14/23 4:47 AM ET", "AP", date(2023, 4, 14)),
        ("Jane Doe | Reuters", "Jane Doe", None),
        ("Published: April 14, 2023 10:00 AM", None, date(2023, 4, 14)),
    ],
)
def test_byline(line: str, who: str | None, when: date | None) -> None:
    found = find_byline(line)
    assert found is not None
    assert found.group("who") == who
    assert found.stated_date(False) == when


@pytest.mark.parametrize(
    ("line", "agency", "when"),
    [
        ("Moscow (AFP) Feb 28, 2025", "AFP", date(2025, 2, 28)),
        ("BEIJING (AP) — Chinese Defense Minister", "AP", None),
        ("WASHINGTON, April 14 (Reuters) - The U.S. said", "Reuters", None),
        ("LONDON, March 3, 2024 (Reuters) - Britain said", "Reuters", date(2024, 3, 3)),
        ("NEW YORK, April 14, 2023 /PRNewswire/ -- Acme", "PRNewswire", date(2023, 4, 14)),
        ("MOSCOW/SEOUL, Sept 15 (Reuters) - Kim toured", "Reuters", None),
        ("VLADIVOSTOK, Russia (AP) — North Korean leader", "AP", None),
    ],
)
def test_dateline(line: str, agency: str, when: date | None) -> None:
    found = find_dateline(line)
    assert found is not None
    assert found.group("agency") == agency
    assert found.stated_date(False) == when


@pytest.mark.parametrize(
    ("line", "month_day"),
    [
        ("SEOUL, Sept 19 (Reuters) - North Korean leader", (9, 19)),
        ("WASHINGTON, Feb 29 (Reuters) - The U.S. said", (2, 29)),
        ("WASHINGTON, Feb 30 (Reuters) - The U.S. said", None),  # no such day
        ("BEIJING (AP) — Chinese Defense Minister", None),
        ("LONDON, March 3, 2024 (Reuters) - Britain said", None),  # the year is stated
    ],
)
def test_dateline_day_without_year(line: str, month_day: tuple[int, int] | None) -> None:
    found = find_dateline(line)
    assert found is not None
    assert found.stated_month_day() == month_day


def test_header_only_at_the_start() -> None:
    assert find_header(" date 2024-11-10 Support us") is not None
    assert find_header("The date 2024-11-10 was set") is None


BODY = "Officials said the talks would continue next week in the capital, according to a statement."


@pytest.mark.parametrize(
    ("text", "published", "how", "agency", "outlet"),
    [
        (
            f"Title of the story here\nBy Jane Doe | Reuters\n\nLONDON (Reuters) - {BODY}",
            None,
            PublishedHow.UNKNOWN,
            "Reuters",
            "Reuters",
        ),
        (
            f"Title of the story here\n\nLONDON, March 3, 2024 (Reuters) - {BODY}",
            date(2024, 3, 3),
            PublishedHow.DATELINE,
            "Reuters",
            "Reuters",
        ),
        (
            f"Title of the story here\nPublished: April 14, 2023\n\n{BODY}",
            date(2023, 4, 14),
            PublishedHow.BYLINE,
            None,
            None,
        ),
        (f"WASHINGTON (CNN) — {BODY}", None, PublishedHow.UNKNOWN, None, "CNN"),
        (  # a news-database export: date-only line above the body, the agency in the body's dateline
            f"Kim inspects fighter jet factory\nBy Jane Doe\n506 words\n15 September 2023\n11:52\n"
            f"Reuters News\nEnglish\n\nMOSCOW/SEOUL, Sept 15 (Reuters) - {BODY}\n\n"
            "Document LBA000020230915ej9f00abc",
            date(2023, 9, 15),
            PublishedHow.DATELINE,
            "Reuters",
            "Reuters",
        ),
        (
            f"Headline words here\n\n{BODY}\n\nRELATED CONTENT\nOther story\nParis (AFP) Jan 2, 2020\n",
            None,
            PublishedHow.UNKNOWN,
            None,
            None,
        ),  # a teaser's dateline is not the article's
    ],
)
def test_page_metadata(
    text: str, published: date | None, how: PublishedHow, agency: str | None, outlet: str | None
) -> None:
    article = analyse_page(text, Settings())
    assert article.published == published
    assert article.published_how == how
    assert article.agency == agency
    assert article.outlet == outlet


def test_disagreeing_stated_dates_warn() -> None:
    text = f"date 2023-04-14 \nA headline for the story\nby AP - 04/15/23 4:47 AM ET\n\n{BODY}"
    article = analyse_page(text, Settings())
    assert article.published == date(2023, 4, 14)
    assert article.published_how == PublishedHow.HEADER
    assert any("disagree" in w for w in article.warnings)


GENERIC_FURNITURE = [
    ("Advertisement", "advertisement"),
    ("Share this article", "share buttons"),
    ("Follow us on Twitter", "share buttons"),
    ("Sign up for our morning briefing", "newsletter box"),
    ("Click here to read the full report", "share buttons"),
    ("© 2024 Example Media. All rights reserved.", "copyright notice"),
    ("We use cookies to personalise content and ads.", "cookie/GDPR notice"),
    ("Accept all", "cookie/GDPR notice"),
    ("Related: Kremlin denies the report", "read-more teaser"),
    ("Also read: Putin meets Xi", "read-more teaser"),
]


@pytest.mark.parametrize(("line", "reason"), GENERIC_FURNITURE)
def test_generic_furniture_in_a_body(line: str, reason: str) -> None:
    text = f"A headline for the story\n\n{BODY}\n\n{line}\n\n{BODY}"
    article = analyse_page(text, Settings())
    start = text.index(line)
    spans = [s for s in article.furniture if s.start <= start < s.end]
    assert spans and spans[0].reason == reason
    assert not article.is_furniture(text.rindex(BODY), len(text))


@pytest.mark.parametrize(
    "heading", ["Most read", "You may also like", "Trending", "Related stories", "Read more"]
)
def test_teaser_lists_end_when_the_article_resumes(heading: str) -> None:
    teasers = "Putin meets Xi in Beijing\n\nKremlin says talks went well\n"
    text = f"A headline for the story\n\n{BODY}\n\n{heading}\n{teasers}\n{BODY}\n\n{BODY} Again.\n"
    article = analyse_page(text, Settings())
    assert article.is_furniture(text.index("Kremlin says"), text.index("Kremlin says") + 5)
    tail = text.rindex("Again.")
    assert not article.is_furniture(tail, tail + 5)


def test_a_dateline_without_a_year_keeps_its_day_for_inference() -> None:
    article = analyse_page(f"Kim returns home after trip\n\nSEOUL, Sept 19 (Reuters) - {BODY}", Settings())
    assert article.published is None
    assert article.stated_month_day == (9, 19)
    assert "states the day but not the year" in article.published_reason


def test_an_access_banner_is_neither_title_nor_date() -> None:
    text = (
        "Still reading us from Russia?\nSince March 1, 2022, access to our website from Russia has been "
        "restricted. Use a VPN or our mirror site to keep reading.\n\n"
        f"Kim Inspects Bombers With Shoigu\n\n{BODY}"
    )
    article = analyse_page(text, Settings())
    assert article.title == "Kim Inspects Bombers With Shoigu"
    assert article.is_furniture(text.index("Since March"), text.index("Since March") + 5)


def test_a_saved_newsletter_reads_its_email_headers() -> None:
    text = (
        "From: Clearance Desk <briefing@example.com>\nTo: reader@example.com\n"
        "Subject: Microsoft's Plan B hands Ubisoft the cloud keys\nDate: Wed, 23 Aug 2023 06:00:00 -0400\n\n"
        f"{BODY}"
    )
    article = analyse_page(text, Settings())
    assert article.title == "Microsoft's Plan B hands Ubisoft the cloud keys"
    assert article.outlet == "Clearance Desk"
    assert article.published == date(2023, 8, 23)
    spans = [(f.start, f.end) for f in article.furniture]
    assert spans == sorted(spans) and all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
