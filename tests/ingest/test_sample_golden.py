"""Golden test: what ingestion must make of each sample page dump (issue 4's checklist)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from timeline.ingest import mark_corpus_furniture, read_sources
from timeline.model import Article, PublishedHow
from timeline.settings import Settings

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"


@pytest.fixture(scope="module")
def articles() -> dict[str, Article]:
    found, errors = read_sources([SAMPLE], Settings())
    assert errors == []
    found = mark_corpus_furniture(found, Settings())
    return {Path(a.source_path or "").name[:3]: a for a in found}


def furniture_text(article: Article) -> str:
    return "\n".join(article.text[s.start : s.end] for s in article.furniture)


def proper_text(article: Article) -> str:
    """The article proper: text from body_start with furniture cut out."""
    keep, pos = [], article.body_start
    for span in sorted(article.furniture, key=lambda s: s.start):
        if span.end <= pos:
            continue
        keep.append(article.text[pos : max(pos, span.start)])
        pos = max(pos, span.end)
    keep.append(article.text[pos:])
    return "".join(keep)


def test_only_the_five_articles_are_read(articles: dict[str, Article]) -> None:
    assert sorted(articles) == ["000", "001", "002", "003", "004"]


@pytest.mark.parametrize(
    ("key", "published", "how", "outlet", "agency", "title"),
    [
        (
            "000",
            date(2024, 11, 10),
            PublishedHow.HEADER,
            "The Moscow Times",
            "AFP",
            "Russia’s Shoigu To Visit China Next Week",
        ),
        (
            "001",
            date(2025, 2, 28),
            PublishedHow.DATELINE,
            "SpaceWar",
            "AFP",
            "Russia security chief Shoigu lands in Beijing: Russian agencies",
        ),
        ("002", None, PublishedHow.UNKNOWN, "The Moscow Times", None, None),
        (
            "003",
            None,
            PublishedHow.UNKNOWN,
            "The Moscow Times",
            None,
            "China Minister Hails 'Strong' Russia Ties in Putin Meeting",
        ),
        (
            "004",
            date(2023, 4, 14),
            PublishedHow.HEADER,
            "The Hill",
            "AP",
            "China defense minister to meet Russian counterpart in Moscow",
        ),
    ],
)
def test_metadata(
    *,
    articles: dict[str, Article],
    key: str,
    published: date | None,
    how: PublishedHow,
    outlet: str,
    agency: str | None,
    title: str | None,
) -> None:
    article = articles[key]
    assert article.published == published
    assert article.published_how == how
    assert article.published_inferred is False
    assert article.outlet == outlet
    assert article.agency == agency
    assert article.title == title
    assert article.id and article.language == "en"


@pytest.mark.parametrize(
    ("key", "reason_part"),
    [
        ("000", "header 'date 2024-11-10'"),
        ("001", "dateline 'Moscow (AFP) Feb 28, 2025'"),
        ("004", "byline 'by AP - 04/14/23 4:47 AM ET' agrees"),
    ],
)
def test_published_reason_and_span(articles: dict[str, Article], key: str, reason_part: str) -> None:
    article = articles[key]
    assert reason_part in article.published_reason
    assert article.published_span is not None
    start, end = article.published_span
    assert article.published is not None
    assert article.text[start:end] in ("2024-11-10", "Feb 28, 2025", "2023-04-14")
    assert 0.8 <= article.published_confidence <= 1.0


@pytest.mark.parametrize(
    ("key", "body_starts_with"),
    [
        ("000", "The secretary of Russia's Security Council"),
        ("001", "Top Russian security official"),
        ("002", "Russian Security Council chief"),
        ("003", "Chinese Defense Minister Li Shangfu on Sunday"),
        ("004", "Chinese Defense Minister Gen. Li Shangfu will visit"),  # after the dateline
    ],
)
def test_body_start(articles: dict[str, Article], key: str, body_starts_with: str) -> None:
    article = articles[key]
    assert article.text[article.body_start :].startswith(body_starts_with)


FURNITURE = [
    ("000", " date 2024-11-10 ", None),
    ("000", "Support The Moscow Times!", "donation appeal"),
    ("000", "kremlin.ru", "photo caption/credit"),
    ("000", "Read more about: Shoigu , China", None),
    ("000", "Our weekly newsletter contains", "newsletter box"),
    ("000", "Dear readers,", "donation appeal"),
    ("000", "Remind me later.", "donation appeal"),
    ("000", "Sergei Shoigu on Wednesday reiterated", "read-more teaser list"),
    ("000", "1\u00a0Min read", None),
    ("001", "Russian News", "navigation"),
    ("001", "MILPLEX", None),
    ("001", "Related Links", None),
    ("001", "Subscribe Free To Our Daily Newsletters", "newsletter box"),
    ("001", "Washington (AFP) Feb 28, 2025", None),
    ("001", "Five former US defense secretaries", None),
    ("001", "Shenzhou 19 Crew", None),
    ("001", "Copyright 1995-2024", "copyright notice"),
    ("001", "May 25, 2018", None),
    ("002", "A Message from The Moscow Times:", "donation appeal"),
    ("002", "Remind me later.", "donation appeal"),
    ("003", "Since July 1, 2024", "donation appeal"),
    ("003", "Pavel Bednyakov/POOL/TASS", "photo caption/credit"),
    ("003", "we have a small favor to ask", "donation appeal"),
    ("003", "Remind me later.", "donation appeal"),
    ("004", "trending:", None),
    ("004", "View all Load more", None),
    ("004", "AP International\n", None),
    ("004", "(AP Photo/Mark Schiefelbein, File)", "photo caption/credit"),
    ("004", "Tags", None),
    ("004", "Copyright 2023 The Associated Press", "copyright notice"),
    ("004", "More AP International News", None),
    ("004", "Trump answered questions", "most-popular list"),
    ("004", "pudding fingers", "most-popular list"),
    ("004", "See all Video", None),
]


@pytest.mark.parametrize(("key", "snippet", "reason"), FURNITURE)
def test_furniture_marked(articles: dict[str, Article], key: str, snippet: str, reason: str | None) -> None:
    article = articles[key]
    start = article.text.index(snippet)
    end = start + len(snippet.rstrip("\n"))
    covering = [s for s in article.furniture if s.start <= start and end <= s.end]
    assert covering, f"{snippet!r} is not inside one furniture span"
    if reason:
        assert covering[0].reason == reason


def test_duplicated_title_and_byline_are_furniture(articles: dict[str, Article]) -> None:
    a001 = articles["001"]
    second_title = a001.text.index(a001.title or "", a001.text.index(a001.title or "") + 1)
    assert a001.is_furniture(second_title, second_title + 10)
    a004 = articles["004"]
    second_byline = a004.text.index("by AP", a004.text.index("by AP") + 1)
    assert a004.is_furniture(second_byline, second_byline + 5)


@pytest.mark.parametrize(
    ("key", "kept"),
    [
        ("000", ["Shoigu will visit China on Nov.\u00a011-14", "Chen Wenqing"]),
        ("001", ["landed in Beijing on Friday", "Jakarta this week."]),
        ("002", ["arrived in Beijing on Friday", "enabler"]),
        (
            "003",
            ["will last until April 19", "Xi Jinping last month", "counterbalance U.S. global dominance"],
        ),
        ("004", ["April 16-19 trip", "ceremonial legislature."]),
    ],
)
def test_article_proper_is_kept(articles: dict[str, Article], key: str, kept: list[str]) -> None:
    proper = proper_text(articles[key])
    for snippet in kept:
        assert snippet in proper


@pytest.mark.parametrize(
    "forbidden",
    [
        "Since July 1, 2024",
        "May 25, 2018",
        "Dear readers",
        "Remind me later",
        "dirty bomb",
        "Dirty Bomb",
        "1 Min read",
        "pudding fingers",
        "Trump answered questions",
        "Former US defense chiefs",
        "Shenzhou 19",
    ],
)
def test_forbidden_evidence_is_never_article_proper(articles: dict[str, Article], forbidden: str) -> None:
    for article in articles.values():
        assert forbidden not in proper_text(article)
