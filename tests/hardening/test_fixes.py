"""Regression rows for the bugs the hardening work found; each failed before its fix.

The backtracking fixes (sentence-end regex, word-before scan, gazetteer subdomains,
photo-credit rule) are pinned by test_backtracking.py; these rows pin behaviour.
"""

from __future__ import annotations

import pytest

from timeline.ingest import read_uploads
from timeline.ingest.outlets import gazetteer
from timeline.sentences import MAX_SENTENCE_CHARS, split_sentences
from timeline.settings import Settings

BODY = "Sergei Shoigu visited Beijing on April 14, 2023, for talks with Li Shangfu, officials said."


@pytest.mark.parametrize(
    "page",
    [
        f"<html><body><h1>\x08Talks\x18</h1><p>{BODY}</p></body></html>",  # raised ValueError in lxml
        f"<html><body><p>{BODY}\x0b\x0c\x1f</p><div>\x01</div></body></html>",
        f"<html><body><p>{BODY}\ufffe\uffff</p></body></html>",
    ],
)
def test_html_with_xml_forbidden_characters_loads(page: str) -> None:
    articles, errors = read_uploads([("page.html", page.encode())], Settings())
    assert errors == [] and len(articles) == 1
    assert BODY in articles[0].text


@pytest.mark.parametrize(
    ("name", "data"),
    [
        (
            "feed.htm",
            f"<rss><channel><item><title>A\x01b</title><description>{BODY}<\x01j</description>"
            "</item></channel></rss>",
        ),  # visible_lines of a feed summary raised ValueError
        ("table.csv", f'title,text\nTalks,"<p>{BODY}</p><b>\x02</b>"\n'),
    ],
)
def test_html_fragments_in_feeds_and_tables_with_control_characters_load(name: str, data: str) -> None:
    articles, errors = read_uploads([(name, data.encode())], Settings())
    assert errors == [] and len(articles) == 1
    assert BODY in articles[0].text


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("word " * 1_000, 3),  # 5,000 chars without a full stop: cut at spaces
        ("clause one; " * 500, 4),  # 6,000 chars: cut after clause breaks
        ("x" * 4_500, 3),  # no space at all: hard cuts at the limit
        ("Short sentence. Another one.", 2),  # normal text is untouched
    ],
)
def test_run_on_sentences_are_cut_to_a_bounded_length(text: str, pieces: int) -> None:
    sentences = split_sentences(text)
    assert len(sentences) == pieces
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in sentences)
    assert all(text[s.start : s.end] == s.text for s in sentences)
    assert "".join(s.text for s in sentences).replace(" ", "") == text.replace(" ", "")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Photo via www.reuters.com today", ["Reuters"]),
        ("see news.bbc.co.uk and apnews.com", ["BBC News", "AP"]),
        ("notreuters.com is not an outlet", []),
    ],
)
def test_gazetteer_still_finds_domains_after_subdomains(text: str, expected: list[str]) -> None:
    found = [o.name for o in gazetteer().find_all(text)]
    assert found == expected
