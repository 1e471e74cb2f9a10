"""A corpus of generated HTML pages in varied templates: stated date, main text and furniture recovered."""

from __future__ import annotations

import pytest

from tests.ingest.pages import COOKIE, FOOTER, NAV, RELATED, Page, build_pages
from timeline.ingest.html import read_html
from timeline.model import Article, PublishedHow
from timeline.settings import Settings

PAGES = build_pages(36)


@pytest.fixture(scope="module")
def read() -> dict[str, Article]:
    return {p.name: read_html(p.html, Settings(), p.name, p.url) for p in PAGES}


def test_corpus_is_large_and_varied() -> None:
    assert len(PAGES) >= 30
    assert len({p.name.rsplit("-", 1)[0] for p in PAGES}) >= 6


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_stated_date(read: dict[str, Article], page: Page) -> None:
    article = read[page.name]
    assert article.published == page.published
    expected = PublishedHow.URL if page.url and page.name.startswith("url") else PublishedHow.HTML_META
    assert article.published_how == expected
    assert article.published_confidence >= 0.7
    assert article.published_inferred is False


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_main_text_recovered_and_not_furniture(read: dict[str, Article], page: Page) -> None:
    article = read[page.name]
    assert article.title == page.title
    for paragraph in page.paragraphs:
        start = article.text.find(paragraph)
        assert start >= article.body_start, paragraph[:40]
        assert not article.is_furniture(start, start + len(paragraph))


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_furniture_kept_and_marked(read: dict[str, Article], page: Page) -> None:
    article = read[page.name]
    for snippet in (*NAV[1:], *RELATED, FOOTER):
        start = article.text.find(snippet)
        assert start >= 0, f"{snippet!r} was dropped instead of kept as furniture"
        assert article.is_furniture(start, start + len(snippet)), snippet
    if COOKIE in page.html:
        start = article.text.find(COOKIE)
        assert start >= 0 and article.is_furniture(start, start + len(COOKIE))


def test_original_date_not_modified_date() -> None:
    page = next(p for p in PAGES if p.name.startswith("meta-"))
    article = read_html(page.html, Settings(), page.name)
    assert article.published == page.published  # article:modified_time is three days later


def test_copyright_year_fallback_is_low_confidence() -> None:
    markup = (
        "<html><body><article><p>"
        + "Officials met on a weekday to discuss the plans in detail. " * 5
        + "</p></article><footer>© 2019 Example Media</footer></body></html>"
    )
    article = read_html(markup, Settings(), "fallback.html")
    if article.published is not None:
        assert article.published_confidence < 0.5
        assert "extensive" in article.published_reason


def test_undated_page_stays_unknown() -> None:
    markup = (
        "<html><body><article><p>"
        + "Officials met to discuss the plans in detail. " * 5
        + "</p></article></body></html>"
    )
    article = read_html(markup, Settings(), "undated.html")
    assert article.published is None
    assert article.published_how == PublishedHow.UNKNOWN


def test_outlet_from_site_name_and_domain() -> None:
    markup = (
        '<html><head><meta property="og:site_name" content="Reuters"></head><body><article><p>'
        + "Officials met to discuss the plans in detail. " * 5
        + "</p></article></body></html>"
    )
    assert read_html(markup, Settings(), "x.html").outlet == "Reuters"
    plain = (
        "<html><body><article><p>"
        + "Officials met to discuss the plans in detail. " * 5
        + "</p></article></body></html>"
    )
    assert read_html(plain, Settings(), None, "https://www.aljazeera.com/news/x").outlet == "Al Jazeera"
