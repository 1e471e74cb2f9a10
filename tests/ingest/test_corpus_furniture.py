"""Cross-article furniture: paragraphs repeated in several articles of one outlet."""

from __future__ import annotations

import pytest

from timeline.ingest import mark_corpus_furniture
from timeline.ingest.page import PageMeta, analyse_page
from timeline.model import Article
from timeline.settings import Settings

PROMO = "Our reporters in the region rely on readers like you to keep this coverage free for everyone."
STORIES = [
    "Officials said the talks would continue next week in the capital, according to a statement.",
    "The harbour authority approved the expansion of the terminal after two years of hearings.",
    "The central bank left its benchmark rate unchanged, saying inflation had eased over the summer.",
]


def _article(i: int, outlet: str | None, promo: bool = True) -> Article:
    text = f"Headline number {i} here\n\n{STORIES[i % 3]}\n\n{STORIES[(i + 1) % 3]} Plus {i}.\n"
    if promo:
        text += f"\n{PROMO}\n"
    return analyse_page(text, Settings(), PageMeta(source_path=f"{i}.txt", outlet=outlet))


def _promo_marked(article: Article) -> bool:
    start = article.text.find(PROMO)
    return any(
        s.start <= start and s.end >= start + len(PROMO) and "repeated across" in s.reason
        for s in article.furniture
    )


def test_repeated_paragraph_of_one_outlet_is_furniture() -> None:
    marked = mark_corpus_furniture([_article(0, "Example News"), _article(1, "Example News")], Settings())
    assert all(_promo_marked(a) for a in marked)
    assert marked[0].furniture[-1].reason == "repeated across articles of Example News"
    story = marked[0].text.find(STORIES[0])
    assert not marked[0].is_furniture(story, story + 10)


@pytest.mark.parametrize(
    ("outlets", "enabled"),
    [(["A", "B"], True), ([None, None], True), (["A", "A"], False)],
)
def test_not_marked(outlets: list[str | None], enabled: bool) -> None:
    articles = [_article(i, o) for i, o in enumerate(outlets)]
    marked = mark_corpus_furniture(articles, Settings(cross_article_furniture=enabled))
    assert not any(_promo_marked(a) for a in marked)


def test_duplicate_articles_are_not_blanked() -> None:
    one = _article(0, "A", promo=False)
    copy = analyse_page(one.text + "\n", Settings(), PageMeta(source_path="copy.txt", outlet="A"))
    marked = mark_corpus_furniture([one, copy], Settings())
    assert all(len(a.furniture) == len(b.furniture) for a, b in zip(marked, [one, copy], strict=True))
    assert "duplicate" in marked[0].warnings[-1]
