"""Bad input: each bad source becomes one SourceError with a clear reason; the other sources still load."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from tests.ingest.conftest import LocalServer
from timeline.ingest import read_sources, read_uploads, read_urls
from timeline.settings import Settings

BODY = "Officials said the talks would continue next week in the capital, according to a statement."
GOOD = f"A headline about the talks\n\n{BODY}\n".encode()


def _zip(entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


BAD = [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \n\n ", "empty"),
    ("nul.txt", b"some text\x00\x00more", "NUL bytes"),
    ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 50, "JPEG image"),
    ("image.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "PNG image"),
    ("doc.pdf", b"%PDF-1.7\n...", "PDF"),
    ("broken.html", b"<html><head><title>x</ti", "no readable text"),
    ("scripts.html", b"<html><head><script>var a=1;</script></head><body></body></html>", "no readable text"),
    ("no-text.csv", b"title,when\nA,2024-01-01\n", "no text column found (columns: title, when)"),
    ("no-text.json", b'[{"headline": "A", "date": "2024-01-01"}]', "columns: headline, date"),
    ("bad.json", b'[{"text": "a"}, 3]', "could not be read"),
    ("not-a-feed.rss", b"<html><body><p>no feed here</p></body></html>", ""),
    ("not-a-feed.xml", b"<?xml version='1.0'?><catalog><book>x</book></catalog>", "not an RSS or Atom feed"),
    ("bomb.zip", _zip({"big.txt": b"a" * 3_000_000}), "zip bomb"),
    ("many.zip", _zip({f"f{i}.txt": GOOD for i in range(6)}), "over the limit of 5"),
    ("corrupt.zip", b"PK\x03\x04" + b"\x00" * 40, "not a readable zip archive"),
]
SMALL = Settings(max_zip_bytes=1_000_000, max_zip_entries=5)


@pytest.mark.parametrize(("name", "data", "reason"), BAD, ids=[b[0] for b in BAD])
def test_bad_source_is_reported_and_others_load(name: str, data: bytes, reason: str) -> None:
    articles, errors = read_uploads([(name, data), ("good.txt", GOOD)], SMALL)
    assert [a.source_path for a in articles] == ["good.txt"] or name == "not-a-feed.rss"
    if name == "not-a-feed.rss":  # HTML named .rss is read as what it is: HTML
        assert len(articles) == 2 and errors == []
        return
    assert len(errors) == 1
    assert errors[0].source == name
    assert reason in errors[0].reason


def test_over_the_size_cap(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_bytes(GOOD * 100)
    (tmp_path / "good.txt").write_bytes(GOOD)
    articles, errors = read_sources([tmp_path], Settings(max_file_bytes=1000))
    assert [Path(a.source_path or "").name for a in articles] == ["good.txt"]
    assert "over the 1,000-byte limit" in errors[0].reason and errors[0].source.endswith("big.txt")


def test_nonexistent_path() -> None:
    articles, errors = read_sources(["/no/such/place", Path(__file__).parent / "missing.txt"], Settings())
    assert articles == []
    assert [e.reason for e in errors] == ["no such file or folder"] * 2


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("cp1252", b""), ("latin-1", b""), ("utf-16", b""), ("utf-8-sig", b"")],
)
def test_non_utf8_is_decoded(encoding: str, prefix: bytes) -> None:
    text = f"Café talks resume — “a new era”\n\n{BODY} The minister’s résumé was noted."
    if encoding == "latin-1":
        text = text.replace("—", "-").replace("“", '"').replace("”", '"').replace("’", "'")
    articles, errors = read_uploads([("story.txt", prefix + text.encode(encoding))], Settings())
    assert errors == []
    assert "résumé" in articles[0].text and "Café" in articles[0].text
    if encoding in ("cp1252", "latin-1"):
        assert articles[0].warnings == ("decoded as cp1252",)


def test_zip_path_traversal_entries_are_refused() -> None:
    data = _zip({"../evil.txt": GOOD, "/abs.txt": GOOD, "ok.txt": GOOD})
    articles, errors = read_uploads([("a.zip", data)], Settings())
    assert [a.source_path for a in articles] == ["a.zip!/ok.txt"]
    assert sorted(e.source for e in errors) == ["a.zip!/../evil.txt", "a.zip!//abs.txt"]
    assert all("leaves the archive" in e.reason for e in errors)


def test_zip_entry_over_the_file_cap() -> None:
    data = _zip({"big.txt": GOOD * 100, "ok.txt": GOOD})
    articles, errors = read_uploads([("a.zip", data)], Settings(max_file_bytes=1000))
    assert [a.source_path for a in articles] == ["a.zip!/ok.txt"]
    assert errors[0].source == "a.zip!/big.txt"


def test_truncated_html_with_text_still_loads() -> None:
    page = f"<html><body><article><h1>A headline about the talks</h1><p>{BODY}</p><p>{BODY} Then".encode()
    articles, errors = read_uploads([("cut.html", page)], Settings())
    assert errors == [] and BODY in articles[0].text


def test_unreachable_and_failing_urls(server: LocalServer) -> None:
    good = server.add("/a.txt", GOOD, "text/plain")
    missing = server.base + "/missing"
    big = server.add("/big.txt", GOOD * 1000, "text/plain")
    loop = server.redirect("/loop", "/loop")
    closed = "http://127.0.0.1:9/nothing"
    settings = Settings(allow_private_urls=True, fetch_timeout=3.0, fetch_max_bytes=10_000)
    articles, errors = read_urls([good, missing, big, loop, closed, "ftp://example.org/x"], settings)
    assert [a.url for a in articles] == [good]
    reasons = {e.source: e.reason for e in errors}
    assert "HTTP 404" in reasons[missing]
    assert "10,000-byte limit" in reasons[big]
    assert "redirect" in reasons[loop]
    assert "could not be reached" in reasons[closed]
    assert "only http" in reasons["ftp://example.org/x"]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/x",
        "http://localhost/x",
        "http://10.0.0.1/x",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/x",
    ],
)
def test_ssrf_guard_refuses_private_addresses(url: str) -> None:
    articles, errors = read_urls([url], Settings())
    assert articles == []
    assert "non-public address" in errors[0].reason


def test_ssrf_guard_checks_redirects() -> None:
    import urllib.request
    from email.message import Message

    from timeline.errors import SourceReadError
    from timeline.ingest.fetch import redirect_handler

    handler = redirect_handler(Settings())
    request = urllib.request.Request("https://example.org/start")
    with pytest.raises(SourceReadError, match="non-public"):
        handler.redirect_request(request, io.BytesIO(), 302, "Found", Message(), "http://10.1.2.3/admin")
