"""The reader registry: sniff what a source is (by content first, extension second) and read it.

Every source, whatever its origin (path, zip entry, upload, pasted text, URL), goes
through `read_bytes`; a failure becomes a SourceError naming the source and the reason,
and the other sources still load.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import replace
from pathlib import PurePosixPath

from timeline.errors import SourceReadError
from timeline.ingest.archive import zip_entries
from timeline.ingest.decode import check_size, decode, refuse_binary
from timeline.ingest.feeds import PageReader
from timeline.ingest.page import PageMeta, analyse_page
from timeline.model import Article, SourceError
from timeline.settings import Settings

log = logging.getLogger(__name__)

Result = tuple[list[Article], list[SourceError]]
#: Zips inside zips are read this many levels deep.
MAX_ZIP_DEPTH = 2
_FEED = re.compile(r"<(?:rss|feed|rdf:rdf)\b", re.IGNORECASE)
_HTML = re.compile(r"<!doctype\s+html|<html\b|<head\b|<body\b", re.IGNORECASE)
_TAGS = re.compile(r"</?(?:p|div|span|a|br|h[1-6]|article|section|ul|li|table)\b[^>]*>", re.IGNORECASE)
_URL_LINE = re.compile(r"^https?://\S+$", re.IGNORECASE)
_EXTENSION_KINDS = {
    ".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".rss": "feed", ".atom": "feed", ".xml": "feed", ".urls": "urls", ".htm": "html", ".html": "html",
    ".xhtml": "html", ".parquet": "parquet",
}  # fmt: skip


def url_lines(text: str) -> list[str] | None:
    """The URLs of a text that holds only URLs (one a line, # comments allowed), else None."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.strip().startswith("#")]
    return lines if lines and all(_URL_LINE.match(ln) for ln in lines) else None


def sniff(name: str, text: str) -> str:  # noqa: PLR0911 (one return per kind: the order is the rule)
    """The kind of a decoded source: feed, html, json, jsonl, csv, tsv, urls or text."""
    head = text.lstrip()[:4096]
    ext = _EXTENSION_KINDS.get(PurePosixPath(name.lower()).suffix, "")
    if _FEED.search(head[:1024]) and head.startswith("<"):
        return "feed"
    if _HTML.search(head) or (head.startswith("<") and len(_TAGS.findall(head)) >= 3):
        return "html"
    if ext in ("csv", "tsv", "feed"):
        return ext
    if head[:1] in "[{" and head:
        return _json_kind(text) or "text"
    if ext in ("json", "jsonl"):
        return ext
    if ext == "urls" or url_lines(text):
        return "urls"
    if len(_TAGS.findall(head)) >= 5:
        return "html"
    return "text"


def _json_kind(text: str) -> str | None:
    try:
        json.loads(text)
        return "json"
    except ValueError:
        first = text.lstrip().split("\n", 1)[0]
        try:
            json.loads(first)
            return "jsonl"
        except ValueError:
            return None


def read_bytes(
    name: str, data: bytes, settings: Settings, *, url: str | None = None, depth: int = 0
) -> Result:
    """Read one source's bytes into Articles; every failure comes back as a SourceError."""
    try:
        return _read(name, data, settings, url, depth)
    except SourceReadError as exc:
        return [], [SourceError(exc.source, exc.reason)]


def _read(name: str, data: bytes, settings: Settings, url: str | None, depth: int) -> Result:
    check_size(name, len(data), settings.max_file_bytes)
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _read_zip(name, data, settings, depth)
    if data.startswith(b"PAR1"):
        from timeline.ingest.tables import read_table

        return read_table(name, "parquet", data, None, settings)
    refuse_binary(name, data)
    text, encoding = decode(name, data)
    warnings = () if encoding.startswith(("utf-8", "ascii")) else (f"decoded as {encoding}",)
    kind = sniff(name, text)
    log.debug("%s: read as %s (%s)", name, kind, encoding)
    return _read_decoded(kind, name, data, text, settings, url, warnings)


def _read_decoded(  # noqa: PLR0917 (internal: the decoded source, passed along whole)
    kind: str,
    name: str,
    data: bytes,
    text: str,
    settings: Settings,
    url: str | None,
    warnings: tuple[str, ...],
) -> Result:
    source_path = None if url else name
    if kind == "html":
        from timeline.ingest.html import read_html

        return [read_html(text, settings, source_path, url, PageMeta(warnings=warnings))], []
    if kind in ("csv", "tsv", "json", "jsonl"):
        from timeline.ingest.tables import read_table

        return read_table(name, kind, data, text, settings)
    if kind == "feed":
        from timeline.ingest.feeds import read_feed

        return read_feed(name, data, settings, _page_fetcher(settings))
    if kind == "urls" and url is None:  # a fetched page listing URLs is not followed (no fetch loops)
        return read_urls(url_lines(text) or [], settings)
    meta = PageMeta(source_path=source_path, url=url, warnings=warnings)
    return [analyse_page(text.replace("\r\n", "\n").replace("\r", "\n"), settings, meta)], []


def _read_zip(name: str, data: bytes, settings: Settings, depth: int) -> Result:
    if depth >= MAX_ZIP_DEPTH:
        raise SourceReadError(name, f"zip archives nested more than {MAX_ZIP_DEPTH} deep are not read")
    articles: list[Article] = []
    errors: list[SourceError] = []
    for item in zip_entries(name, data, settings):
        if isinstance(item, SourceError):
            errors.append(item)
            continue
        found, failed = read_bytes(item[0], item[1], settings, depth=depth + 1)
        articles.extend(found)
        errors.extend(failed)
    return articles, errors


def _page_fetcher(settings: Settings) -> PageReader:
    """Fetch a feed entry's linked page and read it, keeping the feed's own metadata first."""
    from timeline.ingest.fetch import fetch_url
    from timeline.ingest.html import read_html

    def fetch_page(link: str, meta: PageMeta) -> Article:
        fetched = fetch_url(link, settings)
        text, _ = decode(link, fetched.data)
        article = read_html(text, settings, None, fetched.url, meta)
        return replace(article, source_path=meta.source_path)

    return fetch_page


def read_urls(urls: list[str] | tuple[str, ...], settings: Settings) -> Result:
    """Fetch each URL and read what it returns (HTML, text, feed, table); one error per failed URL."""
    from timeline.ingest.fetch import fetch_url

    articles: list[Article] = []
    errors: list[SourceError] = []
    for url in dict.fromkeys(u.strip() for u in urls if u.strip()):
        try:
            fetched = fetch_url(url, settings)
        except SourceReadError as exc:
            errors.append(SourceError(exc.source, exc.reason))
            continue
        found, failed = read_bytes(url, fetched.data, settings, url=fetched.url)
        articles.extend(found)
        errors.extend(failed)
    return articles, errors
