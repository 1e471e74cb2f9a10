"""Inferring missing publication dates, from the text and from corroborating articles."""

from __future__ import annotations

from datetime import date

import pytest

from timeline.model import Article, PublishedHow, content_id
from timeline.pipeline import build_timeline_from_articles, extract_article
from timeline.settings import Settings


def article(text: str, published: date | None = None, outlet: str = "Daily Test") -> Article:
    how = PublishedHow.HEADER if published else PublishedHow.UNKNOWN
    return Article(id=content_id(text), text=text, outlet=outlet, published=published, published_how=how)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "The summit ended on March 3, 2023, in Geneva. Leaders will meet again on May 1, 2023.",
            date(2023, 3, 3),
            id="latest stated date, future sentence ignored",
        ),
        pytest.param(
            "Talks opened on Jan. 5, 2021. They closed on Jan. 9, 2021.", date(2021, 1, 9), id="latest"
        ),
        pytest.param(
            "The minister arrived on Friday and left in March.", None, id="no absolute date: unknown"
        ),
        pytest.param("Prices rose in 2022.", None, id="a year alone is too coarse"),
        pytest.param(
            "Since March 1, 2022, access to the site has been restricted. It met on Jan. 9, 2021.",
            date(2021, 1, 9),
            id="a since-date is a bound, not a reported day",
        ),
    ],
)
def test_infer_from_text(text: str, expected: date | None) -> None:
    result = extract_article(article(text), Settings())
    assert result.article.published == expected
    if expected:
        assert result.article.published_how == PublishedHow.INFERRED_FROM_TEXT
        assert result.article.published_inferred
        assert result.article.published_reason
    else:
        assert result.article.published_how == PublishedHow.UNKNOWN


DATED = (
    "Foreign Minister Anna Berg arrived in Paris on Monday for talks with French President Louis Martin, "
    "officials said."
)
UNDATED = "Foreign Minister Anna Berg landed in Paris on Monday, her ministry said."


def test_infer_from_corroboration_dates_the_article_and_resolves_its_dates() -> None:
    dated = article(DATED, date(2024, 3, 6), "Wire One")  # a Wednesday: Monday is 4 March
    undated = article(UNDATED, None, "Paper Two")
    timeline = build_timeline_from_articles([dated, undated], settings=Settings())
    inferred = next(a for a in timeline.articles if a.id == undated.id)
    assert inferred.published == date(2024, 3, 4)
    assert inferred.published_how == PublishedHow.INFERRED_FROM_CORROBORATION
    assert inferred.published_inferred
    assert "Wire One" in inferred.published_reason
    arrival = next(e for e in timeline.events if e.type == "arrival")
    assert {m.article_id for m in arrival.mentions} == {dated.id, undated.id}
    assert (arrival.start, arrival.end) == (date(2024, 3, 4), date(2024, 3, 4))


def test_without_corroboration_the_date_stays_unknown_and_relative_dates_unresolved() -> None:
    undated = article(UNDATED)
    timeline = build_timeline_from_articles([undated], settings=Settings())
    assert timeline.articles[0].published is None
    assert timeline.articles[0].published_how == PublishedHow.UNKNOWN
    assert timeline.events == ()
    assert all(not x.resolved for x in timeline.expressions[undated.id] if x.text == "Monday")


def test_inference_can_be_switched_off() -> None:
    dated = article(DATED, date(2024, 3, 6))
    undated = article(UNDATED)
    timeline = build_timeline_from_articles(
        [dated, undated], settings=Settings(infer_publication_dates=False)
    )
    assert next(a for a in timeline.articles if a.id == undated.id).published is None


SHOIGU_DATED = "Defence Minister Sergei Shoigu met Kim Jong Un in Vladivostok on Saturday, officials said."
SHOIGU_WIRE = (
    "SEOUL, Sept 19 (Reuters) - Defence Minister Sergei Shoigu met Kim Jong Un in Vladivostok on Saturday."
)


def _read(text: str) -> Article:
    from timeline.ingest.page import analyse_page

    return analyse_page(text, Settings())


def test_a_dateline_day_without_year_takes_the_year_of_the_articles_it_agrees_with() -> None:
    dated = article(SHOIGU_DATED, date(2023, 9, 17), "Wire One")  # a Sunday: Saturday is 16 Sept
    wire = _read(SHOIGU_WIRE)
    assert wire.published is None and wire.stated_month_day == (9, 19)
    timeline = build_timeline_from_articles([dated, wire], settings=Settings())
    inferred = next(a for a in timeline.articles if a.id == wire.id)
    assert inferred.published == date(2023, 9, 19)  # the dateline's day, not the best-agreeing 17th
    assert inferred.published_inferred
    assert "states the day but not the year" in inferred.published_reason


def test_a_dateline_day_without_year_alone_takes_the_year_of_what_the_article_reports() -> None:
    wire = _read(SHOIGU_WIRE.replace("on Saturday.", "on Sept. 16, 2023, officials said."))
    timeline = build_timeline_from_articles([wire], settings=Settings())
    assert timeline.articles[0].published == date(2023, 9, 19)
    assert timeline.articles[0].published_how == PublishedHow.INFERRED_FROM_TEXT


def test_a_dateline_day_without_year_and_nothing_else_stays_unknown() -> None:
    timeline = build_timeline_from_articles([_read(SHOIGU_WIRE)], settings=Settings())
    assert timeline.articles[0].published is None
