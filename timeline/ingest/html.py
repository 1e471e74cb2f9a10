"""HTML pages: trafilatura for the main text and metadata, htmldate for the stated date.

The Article's text is the extracted main text (with the title) followed by the page's
other visible text, which the extractor removed, as one furniture span: the drill-down
can show it greyed, and nothing in it is used for dates or events.
"""

from __future__ import annotations

import logging
import re
from datetime import date

from timeline.errors import SourceReadError
from timeline.ingest.page import Evidence, PageMeta, analyse_page
from timeline.model import Article, PublishedHow
from timeline.settings import Settings

log = logging.getLogger(__name__)

#: htmldate compares against "today" unless given a ceiling; the library never reads the clock.
MAX_DATE = "2100-12-31"
_BLOCK_TAGS = (
    "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "td", "th", "section",
    "article", "header", "footer", "nav", "aside", "figcaption", "figure", "blockquote", "pre",
    "dt", "dd", "ul", "ol", "table", "form", "button", "a", "span", "time", "label", "option",
)  # fmt: skip
_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "head", "iframe", "select")
_URL_DATE = re.compile(r"/(?P<y>(?:19|20)\d{2})[/-](?P<m>\d{1,2})[/-](?P<d>\d{1,2})(?:/|-|$)")
_LANG = re.compile(r"<html[^>]*\blang\s*=\s*[\"']?(?P<lang>[A-Za-z]{2,3})", re.IGNORECASE)
#: Characters XML forbids: lxml refuses to set them as element text, so they are dropped before parsing.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def visible_lines(html: str) -> list[str]:
    """The visible text of a page, one stripped line per block element (scripts, styles, head dropped)."""
    import lxml.html
    from lxml import etree

    html = _NOT_XML.sub("", html)  # feeds and tables call this directly, not through read_html
    try:
        tree = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return []
    etree.strip_elements(tree, *_DROP_TAGS, with_tail=False)
    for element in tree.iter(*_BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
        element.text = "\n" + (element.text or "")
    text = tree.text_content()
    return [line for line in (re.sub(r"\s+", " ", ln).strip() for ln in text.split("\n")) if line]


def url_date(url: str | None) -> date | None:
    """A date written in a URL path (/2023/04/14/ or /2023-04-14-)."""
    match = _URL_DATE.search(url or "")
    if not match:
        return None
    try:
        return date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None


def html_evidence(html: str, url: str | None) -> tuple[Evidence, ...]:
    """The stated date: meta, JSON-LD, <time> (original, not updated); else the URL; else a weak guess."""
    from htmldate import find_date

    found = find_date(html, original_date=True, extensive_search=False, max_date=MAX_DATE)
    if found:
        return (
            Evidence(date.fromisoformat(found), PublishedHow.HTML_META, f"html-meta {found} (htmldate)", 0.8),
        )
    from_url = url_date(url)
    if from_url:
        return (Evidence(from_url, PublishedHow.URL, f"url '{url}'", 0.7),)
    found = find_date(html, original_date=True, extensive_search=True, max_date=MAX_DATE)
    if found:
        reason = f"html-meta {found} (htmldate extensive search; may be a copyright or footer year)"
        return (Evidence(date.fromisoformat(found), PublishedHow.HTML_META, reason, 0.3),)
    return ()


def _main_text(html: str, url: str | None) -> tuple[str, dict[str, str | None]]:
    import trafilatura

    params = {"max_date": MAX_DATE, "original_date": True, "extensive_search": False}
    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, date_extraction_params=params
    )
    if doc is None or isinstance(doc, dict):
        return "", {}
    fields = {k: getattr(doc, k, None) for k in ("title", "author", "sitename", "hostname")}
    return (doc.text or "").strip(), fields


def read_html(
    html: str,
    settings: Settings,
    source_path: str | None = None,
    url: str | None = None,
    extra: PageMeta | None = None,
) -> Article:
    """One Article from an HTML page; raises SourceReadError when the page has no readable text."""
    name = source_path or url or "HTML page"
    html = _NOT_XML.sub("", html)
    main, fields = _main_text(html, url)
    visible = visible_lines(html)
    warnings: list[str] = []
    if not main:
        if not visible:
            raise SourceReadError(name, "no readable text in the HTML page (empty, truncated or malformed)")
        main, visible = "\n\n".join(visible), []
        warnings.append("the extractor found no main text: the whole visible text is kept")
    title = fields.get("title")
    if title and main.split("\n", 1)[0].strip() != title.strip():
        main = f"{title}\n\n{main}"
    kept = {re.sub(r"\s+", " ", ln).strip() for ln in main.split("\n")}
    removed = list(dict.fromkeys(ln for ln in visible if ln not in kept))
    text = main + ("\n\n" + "\n".join(removed) if removed else "")
    lang = _LANG.search(html[:5000])
    meta = PageMeta(
        source_path=source_path,
        url=url,
        title=title,
        byline=fields.get("author"),
        outlet=(extra.outlet if extra else None)
        or fields.get("sitename")
        or _known_host(fields.get("hostname")),
        language=lang["lang"].lower()[:2] if lang else None,
        evidence=(extra.evidence if extra else ()) + html_evidence(html, url),
        boilerplate_from=len(main) + 2 if removed else None,
        warnings=tuple(warnings) + (extra.warnings if extra else ()),
    )
    return analyse_page(text, settings, meta)


def _known_host(host: str | None) -> str | None:
    from timeline.ingest.outlets import gazetteer

    known = gazetteer().from_url(host) if host else None
    return known.name if known else None
