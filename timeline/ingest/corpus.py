"""Cross-article furniture: paragraphs that several articles of one outlet share belong to the site."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from timeline.ingest.furniture import split_lines
from timeline.model import Article, TextSpan
from timeline.settings import Settings

#: Paragraphs shorter than this (characters) are too common to mean anything when repeated.
MIN_CHARS = 20
#: An article whose article-proper paragraphs are mostly shared is a duplicate, not furniture-laden.
DUPLICATE_SHARE = 0.5


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


def _paragraphs(article: Article) -> list[tuple[int, int, str]]:
    """(start, end, key) of each paragraph of the article not already furniture."""
    return [
        (ln.start, ln.end, _key(ln.text))
        for ln in split_lines(article.text)
        if len(ln.text) >= MIN_CHARS and not article.is_furniture(ln.start, ln.end)
    ]


def mark_corpus_furniture(articles: Sequence[Article], settings: Settings) -> list[Article]:
    """Mark paragraphs repeated in two or more articles of the same outlet as furniture.

    An article sharing most of its paragraphs with another is left alone (it is a copy
    of the same story, and its text is the article), with a warning.
    """
    if not settings.cross_article_furniture:
        return list(articles)
    paragraphs = [_paragraphs(a) for a in articles]
    seen: dict[tuple[str, str], set[int]] = defaultdict(set)
    for index, (article, paras) in enumerate(zip(articles, paragraphs, strict=True)):
        if article.outlet:
            for _, _, key in paras:
                seen[(article.outlet, key)].add(index)
    result: list[Article] = []
    for article, paras in zip(articles, paragraphs, strict=True):
        shared = [(s, e) for s, e, k in paras if article.outlet and len(seen[(article.outlet, k)]) >= 2]
        if not shared:
            result.append(article)
        elif len(shared) > DUPLICATE_SHARE * len(paras):
            warning = (
                f"most paragraphs also appear in another article of {article.outlet}: probably a duplicate"
            )
            result.append(replace(article, warnings=(*article.warnings, warning)))
        else:
            reason = f"repeated across articles of {article.outlet}"
            extra = tuple(TextSpan(s, e, reason) for s, e in shared)
            spans = tuple(sorted((*article.furniture, *extra), key=lambda t: (t.start, t.end)))
            result.append(replace(article, furniture=spans))
    return result
