"""Drill-down data: how a date was resolved, highlighted sentences, furniture, escaping."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest

from tests.ui.synthetic import small_timeline
from timeline.drilldown import (
    DATE,
    FURNITURE,
    MENTION,
    PARTICIPANT,
    TRIGGER,
    Segment,
    escape_markdown,
    event_detail,
    format_interval,
    index_timeline,
    split_segments,
    to_markdown,
)


@pytest.fixture(scope="module")
def visit():
    return event_detail(small_timeline(), "ev-visit")


def test_unknown_event_is_none():
    assert event_detail(small_timeline(), "nope") is None


def test_how_resolved_names_expression_outlet_anchor_and_narrowing(visit):
    assert visit.how_resolved[0].startswith(
        '"next week" in The Moscow Times of 2024-11-10 → 2024-11-11…2024-11-17'
    )
    assert visit.how_resolved[-1] == 'narrowed by "Nov. 11-14" to 2024-11-11…2024-11-14'
    assert visit.when == "2024-11-11…2024-11-14"


def test_undated_event_says_so():
    detail = event_detail(small_timeline(), "ev-month")
    assert "no source states a date" in detail.how_resolved[0]
    assert detail.when == "2024-10-01…2024-10-31 (month)"


@pytest.mark.parametrize(
    ("source", "kind", "text"),
    [(0, DATE, "next week"), (0, PARTICIPANT, "Sergei Shoigu"), (0, TRIGGER, "visit"),
     (1, DATE, "Nov. 11-14"), (1, PARTICIPANT, "Wang Yi"), (1, PARTICIPANT, "Shoigu")],
)  # fmt: skip
def test_sentence_highlights(visit, source, kind, text):
    assert Segment(text, kind) in visit.sources[source].sentence


def test_sentence_segments_rebuild_the_sentence(visit):
    assert (
        "".join(s.text for s in visit.sources[0].sentence) == small_timeline().events[0].mentions[0].sentence
    )


def test_full_article_marks_furniture_and_cited_sentences(visit):
    kinds = {s.kind for paragraph in visit.sources[0].article for s in paragraph}
    assert {FURNITURE, MENTION} <= kinds
    first = visit.sources[0].article[0]
    assert first == (Segment("Support us! Donate today", FURNITURE),)


@pytest.mark.parametrize(
    ("article_id", "expected"),
    [("ev-visit", "stated (header): the 'date 2024-11-10' header line"),
     ("ev-lands", "inferred (inferred-from-corroboration): same events as another article")],
)  # fmt: skip
def test_published_how(article_id, expected):
    assert event_detail(small_timeline(), article_id).sources[0].published_how == expected


@pytest.mark.parametrize(
    "text",
    ["<script>alert(1)</script>", "[x](javascript:alert(1))", "**bold** _it_ `code`", ":red[colour]",
     "$x^2$", "# heading", "1. list", "&amp; &lt;", "a\\b", "|table|"],
)  # fmt: skip
def test_escape_leaves_no_markup(text):
    escaped = escape_markdown(text)
    unescaped_rest = re.sub(r"\\[!-/:-@\[-`{-~]", "", escaped)
    assert re.search(r"[!-/:-@\[-`{-~]", unescaped_rest) is None
    assert re.sub(r"\\(.)", r"\1", escaped) == text


def test_to_markdown_marks_only_with_our_markup():
    md = to_markdown((Segment("said "), Segment(" on Friday ", DATE), Segment("[*x*]", PARTICIPANT)))
    assert md == "said  :orange-background[on Friday] **\\[\\*x\\*\\]**"


@pytest.mark.parametrize(
    ("marks", "expected"),
    [
        ([], (Segment("abcdef"),)),
        ([(1, 3, DATE)], (Segment("a"), Segment("bc", DATE), Segment("def"))),
        ([(1, 3, DATE), (2, 4, PARTICIPANT)], (Segment("a"), Segment("bc", DATE), Segment("def"))),
        ([(0, 6, FURNITURE), (1, 2, MENTION)], (Segment("abcdef", FURNITURE),)),
        ([(3, 3, DATE)], (Segment("abcdef"),)),
    ],
)
def test_split_segments(marks, expected):
    assert split_segments("abcdef", marks) == expected


@pytest.mark.parametrize(
    ("start", "end", "granularity", "expected"),
    [(None, None, None, "undated"), (date(2024, 1, 2), date(2024, 1, 2), "day", "2024-01-02"),
     (date(2024, 1, 1), date(2024, 1, 31), "month", "2024-01-01…2024-01-31 (month)")],
)  # fmt: skip
def test_format_interval(start, end, granularity, expected):
    assert format_interval(start, end, granularity) == expected


@pytest.mark.parametrize("event_id", ["ev-visit", "ev-lands", "ev-month", "nope"])
def test_indexed_detail_equals_scanned_detail(event_id):
    tl = small_timeline()
    assert event_detail(tl, event_id, index_timeline(tl)) == event_detail(tl, event_id)


def test_index_keeps_the_scans_winners_for_duplicate_ids():
    tl = small_timeline()
    first, second = tl.events[0], replace(tl.events[1], id=tl.events[0].id)
    doubled = replace(
        tl, events=(first, second), articles=(*tl.articles, replace(tl.articles[0], title="Later"))
    )
    index = index_timeline(doubled)
    assert index.events[first.id] is first
    assert index.articles[tl.articles[0].id].title == "Later"
    assert event_detail(doubled, first.id, index) == event_detail(doubled, first.id)
