"""One test per reader: text dumps, HTML, tables, feeds, URL lists, folders, zips, uploads, pasted text."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from pathlib import Path

import pytest

from tests.ingest.conftest import LocalServer
from tests.ingest.pages import build_pages
from timeline.ingest import read_pasted, read_sources, read_uploads, read_urls
from timeline.ingest.registry import sniff
from timeline.model import PublishedHow
from timeline.settings import Settings

LOCAL = Settings(allow_private_urls=True, fetch_timeout=5.0)
BODY = "Officials said the talks would continue next week in the capital, according to a statement."
DUMP = f"date 2024-03-01 \nA headline about the talks\n\nBy Jane Doe\n\n{BODY}\n\nAdvertisement\n\n{BODY}\n"
PAGE = build_pages(1)[0]


def _rows() -> list[dict[str, str]]:
    return [
        {
            "Title": "Talks continue",
            "Body": BODY,
            "URL": "https://www.reuters.com/world/a",
            "pubDate": "2024-03-01",
            "Source": "Reuters",
        },
        {"Title": "Second story", "Body": BODY + " More.", "URL": "", "pubDate": "03/02/2024", "Source": ""},
    ]


def _csv(sep: str) -> bytes:
    rows = _rows()
    lines = [sep.join(rows[0])] + [sep.join(f'"{v}"' if sep == "," else v for v in r.values()) for r in rows]
    return "\n".join(lines).encode()


def _parquet() -> bytes:
    import pandas as pd

    buffer = io.BytesIO()
    pd.DataFrame(_rows()).to_parquet(buffer)
    return buffer.getvalue()


RSS = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>The Guardian World</title>
<link>https://www.theguardian.com/world</link>
<item><title>Talks continue</title><link>https://www.theguardian.com/a</link>
<pubDate>Fri, 01 Mar 2024 10:00:00 GMT</pubDate><description>{BODY * 8}</description></item>
<item><title>Second story</title><pubDate>Sat, 02 Mar 2024 10:00:00 GMT</pubDate>
<description>&lt;p&gt;{BODY * 8}&lt;/p&gt;</description></item></channel></rss>""".encode()
ATOM = f"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Example</title>
<entry><title>Atom story</title><id>urn:1</id><published>2024-03-05T08:00:00Z</published>
<updated>2024-03-09T08:00:00Z</updated><content type="text">{BODY * 8}</content></entry></feed>""".encode()


@pytest.mark.parametrize(
    ("name", "data", "count", "published", "how"),
    [
        ("dump.txt", DUMP.encode(), 1, date(2024, 3, 1), PublishedHow.HEADER),
        ("dump.md", DUMP.encode(), 1, date(2024, 3, 1), PublishedHow.HEADER),
        ("page.html", PAGE.html.encode(), 1, PAGE.published, PublishedHow.HTML_META),
        (
            "page.txt",
            PAGE.html.encode(),
            1,
            PAGE.published,
            PublishedHow.HTML_META,
        ),  # sniffed, not by extension
        ("table.csv", _csv(","), 2, date(2024, 3, 1), PublishedHow.TABLE),
        ("table.tsv", _csv("\t"), 2, date(2024, 3, 1), PublishedHow.TABLE),
        ("table.json", json.dumps({"articles": _rows()}).encode(), 2, date(2024, 3, 1), PublishedHow.TABLE),
        (
            "table.jsonl",
            "\n".join(json.dumps(r) for r in _rows()).encode(),
            2,
            date(2024, 3, 1),
            PublishedHow.TABLE,
        ),
        ("table.parquet", _parquet(), 2, date(2024, 3, 1), PublishedHow.TABLE),
        ("feed.rss", RSS, 2, date(2024, 3, 1), PublishedHow.FEED),
        ("feed.xml", ATOM, 1, date(2024, 3, 5), PublishedHow.FEED),  # published, not updated
    ],
)
def test_reader(
    *, tmp_path: Path, name: str, data: bytes, count: int, published: date, how: PublishedHow
) -> None:
    (tmp_path / name).write_bytes(data)
    articles, errors = read_sources([tmp_path / name], Settings())
    assert errors == []
    assert len(articles) == count
    first = articles[0]
    assert first.published == published
    assert first.published_how == how
    assert BODY[:40] in first.text or PAGE.paragraphs[0][:40] in first.text
    assert first.id and first.source_path and str(tmp_path) in first.source_path


def test_table_columns_mapped() -> None:
    articles, _ = read_uploads([("t.csv", _csv(","))], Settings())
    first, second = articles
    assert (first.title, first.url, first.outlet) == (
        "Talks continue",
        "https://www.reuters.com/world/a",
        "Reuters",
    )
    assert second.published == date(2024, 3, 2) and second.source_path == "t.csv#row=2"
    assert first.text[first.body_start :].startswith(BODY[:20])


def test_feed_outlet_and_html_summary() -> None:
    articles, _ = read_uploads([("f.rss", RSS)], Settings())
    assert articles[0].outlet == "The Guardian"
    assert "<p>" not in articles[1].text


@pytest.mark.parametrize(
    ("name", "text", "kind"),
    [
        ("a.txt", "<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
        ("a.txt", '<?xml version="1.0"?><rss version="2.0"></rss>', "feed"),
        ("a", "https://a.example/1\nhttps://a.example/2\n", "urls"),
        ("a.urls", "# my links\nhttps://a.example/1\n", "urls"),
        ("a", '[{"text": "x"}]', "json"),
        ("a", '{"text": "x"}\n{"text": "y"}\n', "jsonl"),
        ("a.csv", "title,text\nA,B\n", "csv"),
        ("a.txt", "Just a story. It has words.", "text"),
        ("a.html", "Plain words in a file named .html", "text"),
    ],
)
def test_sniff(name: str, text: str, kind: str) -> None:
    assert sniff(name, text) == kind


def test_folder_recursive_skips_hidden_and_readme(tmp_path: Path) -> None:
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "a.txt").write_text(DUMP)
    (tmp_path / "sub" / "deeper" / "b.txt").write_text(DUMP.replace("talks", "meetings"))
    (tmp_path / ".hidden.txt").write_text(DUMP)
    (tmp_path / "README.md").write_text("# About these files")
    articles, errors = read_sources([tmp_path], Settings())
    assert errors == []
    assert sorted(Path(a.source_path or "").name for a in articles) == ["a.txt", "b.txt"]


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_zip_archive(tmp_path: Path) -> None:
    inner = _zip({"inner.txt": DUMP.encode()})
    data = _zip(
        {
            "a/one.txt": DUMP.encode(),
            "two.html": PAGE.html.encode(),
            "nested.zip": inner,
            "__MACOSX/._one.txt": b"\x00\x01",
        }
    )
    (tmp_path / "bundle.zip").write_bytes(data)
    articles, errors = read_sources([tmp_path / "bundle.zip"], Settings())
    assert errors == []
    assert sorted(a.source_path or "" for a in articles) == [
        f"{tmp_path}/bundle.zip!/a/one.txt",
        f"{tmp_path}/bundle.zip!/nested.zip!/inner.txt",
        f"{tmp_path}/bundle.zip!/two.html",
    ]


def test_uploads_same_dispatch() -> None:
    articles, errors = read_uploads(
        [("a.txt", DUMP.encode()), ("b.zip", _zip({"c.txt": DUMP.encode()})), ("d.csv", _csv(","))],
        Settings(),
    )
    assert errors == []
    assert [a.source_path for a in articles] == ["a.txt", "b.zip!/c.txt", "d.csv#row=1", "d.csv#row=2"]


def test_pasted_text_and_separators() -> None:
    one, errors = read_pasted(DUMP, Settings())
    assert errors == [] and len(one) == 1 and one[0].published == date(2024, 3, 1)
    two, _ = read_pasted(f"{DUMP}\n---\nAnother headline here\n\n{BODY}", Settings())
    assert len(two) == 2 and two[1].title == "Another headline here"
    assert read_pasted("   ", Settings())[1][0].reason == "nothing was pasted"


def test_urls_fetched_from_a_local_server(server: LocalServer, tmp_path: Path) -> None:
    page = server.add("/2024/03/01/story.html", PAGE.html.encode())
    text = server.add("/dump.txt", DUMP.encode(), "text/plain")
    moved = server.redirect("/old", "/dump.txt")
    (tmp_path / "links.urls").write_text(f"{page}\n{text}\n{moved}\n")
    articles, errors = read_sources([tmp_path / "links.urls"], LOCAL)
    assert errors == []
    assert [a.url for a in articles] == [page, text, text]
    assert articles[0].published == PAGE.published and articles[1].published == date(2024, 3, 1)


def test_pasted_urls_and_read_urls(server: LocalServer) -> None:
    url = server.add("/a.txt", DUMP.encode(), "text/plain")
    articles, errors = read_pasted(f"{url}\n", LOCAL)
    assert errors == [] and articles[0].url == url
    assert read_urls([url], LOCAL)[0][0].id == articles[0].id


def test_feed_summaries_fetch_the_linked_page(server: LocalServer) -> None:
    link = server.add("/story.html", PAGE.html.encode())
    feed = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Example</title><item><title>T</title>
<link>{link}</link><pubDate>Fri, 01 Mar 2024 10:00:00 GMT</pubDate><description>Short.</description></item>
</channel></rss>""".encode()
    articles, errors = read_uploads([("f.rss", feed)], LOCAL)
    assert errors == []
    assert PAGE.paragraphs[0] in articles[0].text
    assert articles[0].published == date(2024, 3, 1) and articles[0].published_how == PublishedHow.FEED


def test_table_dates_in_other_languages_and_forms_are_read() -> None:
    """A news-database export states dates as its locale writes them; dateparser reads each cell."""
    header = "Title,Body,pubDate"
    rows = [
        f'"Переговоры","{BODY}","5 марта 2024"',
        f'"Gespräche","{BODY} Mehr.","5. März 2024"',
        f'"Talks","{BODY} Again.","Tuesday, March 5, 2024 10:00 AM"',
    ]
    articles, errors = read_uploads([("export.csv", "\n".join([header, *rows]).encode())], Settings())
    assert errors == []
    assert [(a.published, a.published_how) for a in articles] == [(date(2024, 3, 5), PublishedHow.TABLE)] * 3
