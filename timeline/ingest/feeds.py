"""RSS and Atom feeds (feedparser): one Article per entry; a summary-only entry's linked page is fetched."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import Any

from timeline.errors import SourceReadError
from timeline.ingest.outlets import gazetteer
from timeline.ingest.page import Evidence, PageMeta, analyse_page
from timeline.model import Article, PublishedHow, SourceError
from timeline.settings import Settings

log = logging.getLogger(__name__)

#: An entry whose text is shorter than this is a summary: its linked page is fetched when possible.
SUMMARY_MAX_CHARS = 600

#: Fetches and reads one linked page into an Article (given by the registry, which owns fetching).
PageReader = Callable[[str, PageMeta], Article]


def parse_feed(name: str, data: bytes) -> Any:
    """The parsed feed; SourceReadError when the data is not an RSS or Atom feed."""
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.get("version") and not parsed.get("entries"):
        problem = parsed.get("bozo_exception")
        detail = f" ({problem})" if problem else ""
        raise SourceReadError(name, f"not an RSS or Atom feed{detail}")
    return parsed


def _entry_date(entry: Any) -> Evidence | None:
    for key in ("published_parsed", "created_parsed", "updated_parsed"):
        value = entry.get(key)
        if value:
            when = date(value.tm_year, value.tm_mon, value.tm_mday)
            raw = entry.get(key.removesuffix("_parsed"), "")
            return Evidence(
                when, PublishedHow.FEED, f"feed entry {key.removesuffix('_parsed')} '{raw}'", 0.85
            )
    return None


def _entry_text(entry: Any) -> str:
    from timeline.ingest.html import visible_lines

    contents = entry.get("content") or []
    raw = contents[0].get("value", "") if contents else entry.get("summary", "")
    if "<" in raw:
        return "\n\n".join(visible_lines(f"<div>{raw}</div>"))
    return str(raw).strip()


def _feed_outlet(parsed: Any) -> str | None:
    title = parsed.get("feed", {}).get("title") or ""
    found = [o for o in gazetteer().find_all(title) if not o.agency]
    link = parsed.get("feed", {}).get("link") or ""
    known = gazetteer().from_url(link) if link else None
    return found[0].name if found else (known.name if known else title or None)


def read_feed(
    name: str, data: bytes, settings: Settings, fetch_page: PageReader | None
) -> tuple[list[Article], list[SourceError]]:
    """Articles of a feed's entries; a linked page replaces a short summary when it can be fetched."""
    parsed = parse_feed(name, data)
    outlet = _feed_outlet(parsed)
    articles: list[Article] = []
    errors: list[SourceError] = []
    for i, entry in enumerate(parsed.get("entries", [])):
        evidence = _entry_date(entry)
        link = entry.get("link")
        meta = PageMeta(
            source_path=f"{name}#entry={i + 1}",
            url=link,
            title=entry.get("title"),
            byline=entry.get("author"),
            outlet=outlet,
            evidence=(evidence,) if evidence else (),
        )
        text = _entry_text(entry)
        if len(text) < SUMMARY_MAX_CHARS and link and fetch_page is not None:
            try:
                articles.append(fetch_page(link, meta))
                continue
            except SourceReadError as exc:
                errors.append(SourceError(exc.source, exc.reason + "; the feed's summary is used instead"))
        if not text and not meta.title:
            errors.append(SourceError(meta.source_path or name, "the feed entry has no text"))
            continue
        body = f"{meta.title}\n\n{text}" if meta.title else text
        articles.append(analyse_page(body, settings, meta))
    return articles, errors
