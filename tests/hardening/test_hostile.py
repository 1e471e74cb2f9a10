"""Hostile content at the library level: markup, scripts and Unicode tricks load as inert, verbatim text.

The library never interprets article text: a text dump keeps every payload character for
character; an HTML page gives its visible text (scripts dropped, attributes never text);
titles and outlets from a table keep their payload verbatim for the app to escape.
Processing stays bounded: a 1 MB single line runs through the whole pipeline.
"""

from __future__ import annotations

import csv
import faulthandler
import io
import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date

import pytest

from tests.hardening.targets import check_article, check_timeline
from timeline.ingest import read_pasted, read_uploads
from timeline.model import Article
from timeline.pipeline import build_timeline_from_articles
from timeline.sentences import MAX_SENTENCE_CHARS, split_sentences
from timeline.settings import Settings

PAYLOADS = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(document.cookie)">',
    '<a href="javascript:alert(1)">click me</a>',
    "[click](javascript:alert(1)) **bold** _it_ # Heading ![img](http://evil.example/x.png)",
    "| a | b |\n|---|---|",
    "{{7*7}} ${7*7} <%= 7*7 %> `rm -rf /` $(reboot)",
    '=HYPERLINK("http://evil.example","x") +1 -1 @SUM(A1)',
    "Putin\u202egnp.exe met Xi",  # RIGHT-TO-LEFT OVERRIDE
    "Sho\u200bigu vis\u200dited Bei\u2060jing\ufeff on Friday",  # zero-width characters
    "e\u0301\u0301\u0301\u0301 Z\u0351\u0352\u0353\u0354\u0355algo",  # combining marks
    "\U0001f4a3 \U0001f1f7\U0001f1fa emoji and flags",
]
BODY = "Sergei Shoigu visited Beijing on April 14, 2023, for talks with Li Shangfu, officials said."
ANCHOR = date(2023, 4, 16)


@pytest.fixture(autouse=True)
def watchdog() -> Iterator[None]:
    """Kill the run with a traceback if a test hangs (a runaway regex cannot be interrupted otherwise)."""
    faulthandler.dump_traceback_later(300, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


def _dump(payload: str) -> str:
    """A page dump quoting the payload once (a text with many tags is sniffed as HTML: see below)."""
    return f"Talks in Beijing\n\n{BODY}\n\nThe post read: {payload} and was removed.\n"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_text_dump_keeps_payload_verbatim(payload: str) -> None:
    text = _dump(payload)
    articles, errors = read_uploads([("hostile.txt", text.encode())], Settings())
    assert errors == [] and len(articles) == 1
    article = articles[0]
    check_article(article)
    assert article.text == text  # nothing stripped, decoded or interpreted
    assert article.text.count(payload) == 1


def test_text_full_of_markup_is_read_as_html_and_loses_only_markup() -> None:
    """Content decides the reader: a .txt holding a page is parsed as HTML, its scripts dropped."""
    link = '<a href="javascript:alert(1)">click me</a>'
    text = f"<p>{BODY}</p>\n<p>{link} {link}</p>\n<script>alert('INJECTED')</script><p>{link}</p>"
    articles, errors = read_uploads([("page.txt", text.encode())], Settings())
    assert errors == [] and len(articles) == 1
    check_article(articles[0])
    assert BODY in articles[0].text and "click me" in articles[0].text
    assert "javascript:" not in articles[0].text and "INJECTED" not in articles[0].text


@pytest.mark.parametrize("payload", PAYLOADS)
def test_pipeline_on_hostile_text_keeps_offsets_and_verbatim_text(payload: str) -> None:
    text = _dump(payload)
    article = replace(read_pasted(text, Settings())[0][0], published=ANCHOR)
    timeline = build_timeline_from_articles([article], (), Settings())
    check_timeline(timeline)
    assert timeline.articles[0].text == text
    for event in timeline.events:
        for mention in event.mentions:
            assert mention.sentence in text


HOSTILE_HTML = """<!doctype html><html><head><title>Talks &lt;script&gt;alert(1)&lt;/script&gt;</title>
<script>document.write('INJECTED-BY-SCRIPT')</script><style>body{background:url(javascript:alert(2))}</style>
</head><body><article><h1>Talks &lt;script&gt;alert(1)&lt;/script&gt;</h1>
<p>{body} The page quoted &lt;img src=x onerror=alert(3)&gt; as text.</p>
<p>Officials said the talks went well <img src=x onerror="alert('INJECTED-BY-ONERROR')"> and
<a href="javascript:alert('INJECTED-BY-HREF')">read the statement</a> afterwards.</p>
<noscript>FALLBACK-NOSCRIPT</noscript><iframe src="javascript:alert(4)">FALLBACK-IFRAME</iframe>
</article></body></html>"""


def test_html_page_keeps_visible_text_and_drops_active_content() -> None:
    page = HOSTILE_HTML.replace("{body}", BODY)
    articles, errors = read_uploads([("hostile.html", page.encode())], Settings())
    assert errors == [] and len(articles) == 1
    article = articles[0]
    check_article(article)
    assert "INJECTED" not in article.text  # scripts, styles, handlers and hrefs are never text
    assert "javascript:" not in article.text and "document.write" not in article.text
    assert "<img src=x onerror=alert(3)>" in article.text  # escaped markup is shown as the text it is
    assert "read the statement" in article.text and BODY in article.text
    assert article.title is not None and "<script>alert(1)</script>" in article.title


def test_table_title_and_outlet_are_kept_verbatim() -> None:
    rows = [{"title": p, "outlet": p, "text": f"{BODY} {p}", "date": "2023-04-14"} for p in PAYLOADS]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["title", "outlet", "text", "date"])
    writer.writeheader()
    writer.writerows(rows)
    for name, data in (("hostile.csv", buffer.getvalue()), ("hostile.json", json.dumps(rows))):
        articles, errors = read_uploads([(name, data.encode())], Settings())
        assert errors == [] and len(articles) == len(PAYLOADS), name
        for article, payload in zip(articles, PAYLOADS, strict=True):
            check_article(article)
            assert article.title == payload.strip() or article.title == payload
            assert article.outlet == payload.strip() or article.outlet == payload
            assert payload in article.text


def test_hostile_metadata_survives_the_pipeline() -> None:
    articles = [
        Article(id=f"h{i}", text=f"{BODY}\n", title=p, outlet=p, byline=p, url=f"javascript:alert({i})",
                published=ANCHOR)
        for i, p in enumerate(PAYLOADS)
    ]  # fmt: skip
    timeline = build_timeline_from_articles(articles, (), Settings(cross_article_furniture=False))
    check_timeline(timeline)
    by_id = {a.id: a for a in timeline.articles}
    for original in articles:
        kept = by_id.get(original.id)
        assert kept is not None
        assert (kept.title, kept.outlet, kept.byline, kept.url) == (
            original.title, original.outlet, original.byline, original.url,
        )  # fmt: skip


def _long_line(size: int) -> str:
    sentence = "Shoigu met Li in Beijing on April 14, 2023, and said talks went well; "
    return (sentence * (size // len(sentence) + 1))[:size]


@pytest.mark.slow
def test_one_megabyte_single_line_is_processed() -> None:
    """About 20 s on 2 cores; the watchdog stops a runaway at 300 s."""
    line = _long_line(1_000_000)
    articles, errors = read_uploads([("long.txt", line.encode())], Settings())
    assert errors == [] and articles[0].text == line
    article = replace(articles[0], published=ANCHOR)
    check_article(article)
    timeline = build_timeline_from_articles([article], (), Settings())
    check_timeline(timeline)
    expressions = timeline.expressions[article.id]
    assert max(len(s.text) for s in split_sentences(line)) <= MAX_SENTENCE_CHARS
    # The work done is proportional to the text: one date per repeated clause is found.
    assert len(expressions) >= line.count("April 14, 2023") - 1


@pytest.mark.parametrize(
    "text",
    [
        "a" * 1_000_000,
        "." * 200_000,
        " " * 200_000 + "x",
        "Mr. " * 100_000,
        "\u200b" * 200_000,
        "\u202e" * 100_000 + "Putin met Xi on Friday.",
    ],
    ids=["a-1MB", "dots", "spaces", "abbreviations", "zero-width", "rtl"],
)
def test_degenerate_long_lines_split_and_load(text: str) -> None:
    sentences = split_sentences(text)
    assert sum(len(s.text) for s in sentences) <= len(text)
    articles, errors = read_uploads([("degenerate.txt", text.encode())], Settings())
    assert len(articles) + len(errors) == 1
    for article in articles:
        check_article(article)
        assert article.text == text
