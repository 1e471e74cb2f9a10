"""Fuzz targets shared by the CI property tests and benchmarks/fuzz.py: strategies and invariant checks.

Each target is a hypothesis strategy of inputs and a `check` function that raises
AssertionError when an invariant breaks (any other exception is a crash). The CI
tests run them with a small profile; the benchmark runs the same targets with a
large one and counts crashes instead of stopping at the first.
"""

from __future__ import annotations

import io
import json
import warnings
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

from hypothesis import strategies as st

from timeline.errors import SourceReadError
from timeline.events.lexicon import load_lexicon
from timeline.ingest.rules import load_rules
from timeline.model import (
    Article,
    EventMention,
    EventStatus,
    Granularity,
    Resolution,
    SourceError,
    TimeExpression,
    Timeline,
    TimexType,
)
from timeline.settings import Settings

ANCHOR_MIN, ANCHOR_MAX = date(1900, 1, 1), date(2100, 12, 31)
#: Every extension the reader registry knows, plus plain text, zip and none at all.
EXTENSIONS = (
    ".csv", ".tsv", ".tab", ".json", ".jsonl", ".ndjson", ".rss", ".atom", ".xml", ".urls",
    ".htm", ".html", ".xhtml", ".parquet", ".txt", ".zip", ".md", "",
)  # fmt: skip

_TOKENS = [
    "on", "Friday", "Nov.", "11-14", "2022", "04/14/23", "last", "next", "week", "month", "three",
    "years", "ago", "since", "until", "April", "19th", "1990s", "early", "mid-", "March", "said",
    "Q2", "between", "and", "4:47", "AM", "ET", "Mr.", "Gen.", "U.S.", "a.m.", "Dr", "...", "…",
    "!", "?", ".", ",", ";", "—", "-", "(", ")", '"', "”", "'", "\n", "\n\n", "\t", " ", "\u00a0",
    "\u202e", "\u200b", "<p>", "</p>", "<html>", "<script>", "http://example.org/a", "---",
    "Moscow (AFP)", "By Jane Doe", "Reuters", "visited", "met", "talks", "Beijing", "Xi", "Putin",
    "Li Shangfu", "Shoigu", "China", "Russia", "will", "arrived", "yesterday", "today", "tomorrow",
    "вчера", "апреля", "02/30/2023", "9999", "0001-01-01", "Feb", "29", "31", "date", "2024-11-10",
]  # fmt: skip


def rule_vocabulary() -> list[str]:
    """Examples and counter-examples of every furniture, metadata and trigger rule: realistic lines."""
    found: list[str] = []
    for filename, kinds in (
        ("furniture.toml", ("line", "region", "heading", "tail")),
        ("metadata.toml", ("header", "byline", "dateline")),
    ):
        for kind in kinds:
            for rule in load_rules(filename, kind):
                found += [*rule.examples, *rule.counter_examples]
    for event_type in load_lexicon().types.values():
        found += [*event_type.examples, *event_type.counter_examples]
    return found


_LINES = st.sampled_from(rule_vocabulary())
_WORD_SOUP = st.lists(st.sampled_from(_TOKENS), max_size=40).map(" ".join)
#: Arbitrary unicode, token soup, and pages of rule examples (one per line, some blank).
TEXTS = st.one_of(
    st.text(max_size=300),
    _WORD_SOUP,
    st.lists(st.one_of(_LINES, _WORD_SOUP, st.just("")), max_size=25).map("\n".join),
)
ANCHORS = st.one_of(st.none(), st.dates(min_value=ANCHOR_MIN, max_value=ANCHOR_MAX))


@dataclass(frozen=True)
class Target:
    """One fuzz target: what to generate and what must hold for every input."""

    name: str
    strategy: st.SearchStrategy[Any]
    check: Callable[[Any], None]


# --- tag_dates -------------------------------------------------------------------------------------


def check_expression(text: str, expr: TimeExpression, parent: TimeExpression | None = None) -> None:
    """Offsets inside the text and the parent, surface equal to the slice, interval ordered."""
    assert 0 <= expr.char_start < expr.char_end <= len(text), (expr.char_start, expr.char_end, len(text))
    surface = text[expr.char_start : expr.char_end]
    assert surface == expr.text, (surface, expr.text)
    if expr.start_date is not None or expr.end_date is not None:
        assert expr.start_date is not None and expr.end_date is not None
        assert expr.start_date <= expr.end_date, (expr.text, expr.start_date, expr.end_date)
    if parent is not None:
        assert parent.char_start <= expr.char_start and expr.char_end <= parent.char_end, (parent, expr)
    for part in expr.parts:
        check_expression(text, part, expr)


def check_tag_dates(args: tuple[str, date | None, bool]) -> None:
    from timeline.dates import tag_dates

    text, anchor, day_first = args
    found = tag_dates(text, anchor, settings=Settings(day_first=day_first))
    for expr in found:
        check_expression(text, expr)
    starts = [e.char_start for e in found]
    assert starts == sorted(starts)


TAG_DATES = Target("tag_dates", st.tuples(TEXTS, ANCHORS, st.booleans()), check_tag_dates)


# --- readers ---------------------------------------------------------------------------------------


def _zip_of(entries: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        warnings.simplefilter("ignore")  # duplicate entry names are part of the hostile input
        for name, data in entries:
            archive.writestr(zipfile.ZipInfo(name.replace("\x00", "") or "x"), data)
    return buffer.getvalue()


def _feed_of(text: str) -> bytes:
    item = f"<item><title>{text[:30]}</title><description>{text}</description></item>"
    return f"<rss><channel>{item}</channel></rss>".encode("utf-8", "replace")


_TEXT_BYTES = TEXTS.map(lambda t: t.encode("utf-8", "surrogatepass"))
_STRUCTURED = st.one_of(
    st.lists(st.lists(TEXTS, max_size=4), max_size=5).map(
        lambda rows: "\n".join(",".join(r) for r in [["title", "text", "date"], *rows]).encode(
            "utf-8", "surrogatepass"
        )
    ),
    TEXTS.map(lambda t: f"<html><body><h1>{t[:40]}</h1><p>{t}</p></body></html>".encode("utf-8", "replace")),
    TEXTS.map(_feed_of),
    TEXTS.map(lambda t: json.dumps([{"text": t, "date": "2024-01-01"}]).encode()),
)
_NAMES = st.tuples(st.text(max_size=12), st.sampled_from(EXTENSIONS)).map(lambda p: p[0] + p[1])
_ZIPS = st.lists(st.tuples(_NAMES, st.one_of(_TEXT_BYTES, st.binary(max_size=200))), max_size=4).map(_zip_of)
_PREFIXED = st.tuples(
    st.sampled_from([b"PK\x03\x04", b"PK\x05\x06", b"PAR1", b"\xef\xbb\xbf", b"\xff\xfe", b"<", b"{", b"["]),
    st.binary(max_size=300),
).map(b"".join)
READER_INPUTS = st.tuples(
    _NAMES, st.one_of(st.binary(max_size=400), _TEXT_BYTES, _STRUCTURED, _ZIPS, _PREFIXED)
)


@contextmanager
def offline() -> Iterator[None]:
    """Replace URL fetching by a refusal: fuzzed URL lists and feeds must never reach the network."""
    from timeline.ingest import fetch

    def refuse(url: str, settings: Settings) -> fetch.Fetched:
        raise SourceReadError(url, "offline (fuzzing)")

    saved = fetch.fetch_url
    fetch.fetch_url = refuse  # type: ignore[assignment]
    try:
        yield
    finally:
        fetch.fetch_url = saved  # type: ignore[assignment]


def check_article(article: Article) -> None:
    """Furniture spans inside the text, each ordered and in text order without overlap."""
    n = len(article.text)
    assert 0 <= article.body_start <= n
    previous_end = 0
    for span in article.furniture:
        assert 0 <= span.start <= span.end <= n, (span, n)
        assert span.start >= previous_end, article.furniture
        previous_end = span.end
    if article.published_span is not None:
        start, end = article.published_span
        assert 0 <= start <= end <= n


def check_readers(args: tuple[str, bytes]) -> None:
    from timeline.ingest import read_uploads

    name, data = args
    with offline():
        articles, errors = read_uploads([(name, data)], Settings(max_zip_bytes=1_000_000))
    assert all(isinstance(e, SourceError) and e.reason for e in errors)
    for article in articles:
        assert isinstance(article, Article)
        check_article(article)


READERS = Target("readers", READER_INPUTS, check_readers)


def check_pasted(text: str) -> None:
    """Pasted text: URL lists (fetched: refused offline here), HTML, or articles separated by ---."""
    from timeline.ingest import read_pasted

    with offline():
        articles, errors = read_pasted(text, Settings())
    assert all(isinstance(e, SourceError) and e.reason for e in errors)
    for article in articles:
        check_article(article)


PASTED = Target(
    "read_pasted",
    st.one_of(TEXTS, st.lists(st.one_of(TEXTS, st.just("---")), max_size=6).map("\n".join)),
    check_pasted,
)


# --- furniture -------------------------------------------------------------------------------------


def check_furniture(text: str) -> None:
    from timeline.ingest.page import analyse_page

    check_article(analyse_page(text, Settings()))


FURNITURE = Target("furniture", TEXTS, check_furniture)


# --- sentences -------------------------------------------------------------------------------------


def check_sentences(args: tuple[str, int, int]) -> None:
    """Each sentence is its slice, stripped, in order; every non-blank character is in one."""
    from timeline.sentences import split_sentences

    text, a, b = args
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    sentences = split_sentences(text, start, end)
    previous = start
    covered = 0
    for s in sentences:
        assert previous <= s.start < s.end <= end, (previous, s, end)
        assert text[s.start : s.end] == s.text and s.text == s.text.strip()
        assert "\n" not in s.text
        covered += sum(1 for c in s.text if not c.isspace())
        previous = s.end
    assert covered == sum(1 for c in text[start:end] if not c.isspace())


SENTENCES = Target(
    "split_sentences", st.tuples(TEXTS, st.integers(0, 400), st.integers(0, 400)), check_sentences
)


# --- merge -----------------------------------------------------------------------------------------

_PEOPLE = st.lists(st.sampled_from(["Xi", "Putin", "Li", "Shoigu", "Blinken", ""]), max_size=3).map(tuple)
_PLACES = st.sampled_from([None, "Beijing", "China", "Moscow", "Russia", "Kyiv", ""])


@st.composite
def _times(draw: st.DrawFn) -> TimeExpression | None:
    if draw(st.booleans()) and draw(st.booleans()):
        return None
    start = draw(st.dates(min_value=ANCHOR_MIN, max_value=ANCHOR_MAX))
    span = draw(st.sampled_from([0, 0, 0, 1, 2, 6, 30, 90, 364, 399, 400, 500, 3650]))
    end = date.fromordinal(min(start.toordinal() + span, ANCHOR_MAX.toordinal()))
    resolved = draw(st.integers(0, 5)) > 0
    return TimeExpression(
        text="t",
        char_start=0,
        char_end=1,
        type=draw(st.sampled_from(list(TimexType))),
        value=start.isoformat(),
        rule="fuzz",
        start_date=start if resolved else None,
        end_date=end if resolved else None,
        granularity=draw(st.one_of(st.none(), st.sampled_from(list(Granularity)))),
        resolution=draw(st.sampled_from(list(Resolution))),
    )


@st.composite
def _mentions(draw: st.DrawFn) -> EventMention:
    types = sorted(load_lexicon().types)
    start = draw(st.integers(0, 50))
    return EventMention(
        article_id=draw(st.sampled_from(["a1", "a2", "a3", "missing"])),
        sentence=draw(st.sampled_from(["S one.", "S two.", ""])),
        sentence_start=start,
        sentence_end=start + 6,
        trigger=draw(st.sampled_from(["met", "visit", "x"])),
        trigger_start=draw(st.integers(start, start + 5)),
        trigger_end=start + 6,
        event_type=draw(st.one_of(st.sampled_from(types), st.text(max_size=5))),
        label="label",
        participants=draw(_PEOPLE),
        place=draw(_PLACES),
        country=draw(_PLACES),
        time=draw(_times()),
        status=draw(st.sampled_from(list(EventStatus))),
    )


_MERGE_ARTICLES = (
    Article(id="a1", text="x", outlet="Reuters", published=date(2023, 4, 14)),
    Article(id="a2", text="y", outlet=None, published_inferred=True),
    Article(id="a3", text="z", outlet="AP"),
)


def check_merge(args: tuple[list[EventMention], int]) -> None:
    """Each placeable mention lands in exactly one event, the others in none; intervals ordered."""
    from timeline.events.merge import merge_mentions

    mentions, max_span = args
    settings = Settings(max_event_span_days=max_span)
    events = merge_mentions(mentions, _MERGE_ARTICLES, settings)
    placed: dict[int, int] = {}
    for event in events:
        assert event.mentions
        assert event.start is not None and event.end is not None and event.start <= event.end, event
        for mention in event.mentions:
            placed[id(mention)] = placed.get(id(mention), 0) + 1
    for mention in mentions:
        time = mention.time
        placeable = time is not None and time.resolved and (time.span_days or 0) <= max_span
        assert placed.get(id(mention), 0) == (1 if placeable else 0), mention
    ids = {e.id for e in events}
    assert all(e.parent_id in ids for e in events if e.parent_id is not None)


MERGE = Target(
    "merge_mentions",
    st.tuples(st.lists(_mentions(), max_size=30), st.sampled_from([0, 1, 30, 400, 5000])),
    check_merge,
)


# --- the whole pipeline ----------------------------------------------------------------------------


def check_timeline(timeline: Timeline) -> None:
    """Every offset the timeline holds points inside its article; every interval is ordered."""
    texts = {a.id: a.text for a in timeline.articles}
    for article in timeline.articles:
        check_article(article)
    for article_id, expressions in timeline.expressions.items():
        for expr in expressions:
            check_expression(texts[article_id], expr)
    for event in timeline.events:
        assert event.start is not None and event.end is not None and event.start <= event.end
        for m in event.mentions:
            text = texts[m.article_id]
            assert 0 <= m.sentence_start <= m.trigger_start < m.trigger_end <= m.sentence_end <= len(text)
            assert text[m.trigger_start : m.trigger_end] == m.trigger


def check_pipeline(args: tuple[list[str], list[date | None]]) -> None:
    from dataclasses import replace

    from timeline.ingest.page import analyse_page
    from timeline.pipeline import build_timeline_from_articles

    texts, published = args
    articles = [
        replace(analyse_page(t, Settings()), published=published[i % len(published)] if published else None)
        for i, t in enumerate(texts)
    ]
    check_timeline(build_timeline_from_articles(articles, (), Settings()))


PIPELINE = Target(
    "pipeline",
    st.tuples(st.lists(TEXTS, min_size=1, max_size=4), st.lists(ANCHORS, max_size=4)),
    check_pipeline,
)

TARGETS: tuple[Target, ...] = (TAG_DATES, READERS, PASTED, FURNITURE, SENTENCES, MERGE, PIPELINE)
