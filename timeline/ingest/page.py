"""Turning one page's text into an Article: furniture spans, title, byline, agency, outlet, stated date.

Every reader ends here: plain-text dumps directly, HTML pages, table rows and feed entries
with the metadata their container states (`PageMeta`). The stated date follows a cascade
(container metadata, header, dateline, byline); nothing is inferred here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from timeline.ingest import furniture as fu
from timeline.ingest.metadata import Stated, find_byline, find_dateline, find_email_field, find_header
from timeline.ingest.outlets import agency_in, copyright_holder, gazetteer, outlet_in, outlet_name
from timeline.model import Article, PublishedHow, TextSpan, content_id
from timeline.settings import Settings

HEADER_REASON = "site header (date line)"
CONFIDENCE = {PublishedHow.HEADER: 0.95, PublishedHow.DATELINE: 0.9, PublishedHow.BYLINE: 0.85}


@dataclass(frozen=True)
class Evidence:
    """One stated publication date with where it came from."""

    published: date
    how: PublishedHow
    reason: str
    confidence: float
    span: tuple[int, int] | None = None


@dataclass(frozen=True)
class PageMeta:
    """What a container (HTML page, table row, feed entry, URL) states about the page."""

    source_path: str | None = None
    url: str | None = None
    title: str | None = None
    byline: str | None = None
    outlet: str | None = None
    language: str | None = None
    evidence: tuple[Evidence, ...] = ()
    #: Offset from which the text is boilerplate the extractor removed (marked as one span).
    boilerplate_from: int | None = None
    warnings: tuple[str, ...] = ()


@dataclass
class _Head:
    """What the lines before the article body say."""

    title: str | None = None
    title_index: int | None = None
    byline: Stated | None = None
    dateline: Stated | None = None
    body_index: int = 0
    evidence: list[Evidence] = field(default_factory=list)
    #: The site's name above its menu ("The Northern Standard" over "News | Opinion | Sport").
    masthead: str | None = None
    #: A byline line that states a date below one that names the writer only.
    dated_byline: Stated | None = None
    #: A date header further down than the first line (an e-mail's "Date:" line).
    header: Stated | None = None


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


def _read_head(lines: list[fu.Line], reasons: list[str | None], end: int, known_title: str | None) -> _Head:
    """Title, byline and standalone dateline above the first article paragraph; marks head furniture."""
    head = _Head(body_index=-1)
    guessed: set[int] = set()  # lines this reading marked (not the furniture rules)
    for i in range(end):
        line = lines[i]
        if not line.blank and _email_field(head, i, line, reasons):  # before the furniture rules' say
            continue
        if line.blank or reasons[i]:
            if reasons[i] == "navigation" and i not in guessed:
                _site_header(head, lines, reasons, i, guessed)
            continue
        if known_title and head.title_index is None and _norm(line.text) == _norm(known_title):
            head.title_index, head.title = i, line.text
            continue
        if (byline := find_byline(line.text, line.start)) is not None:
            _byline_line(head, i, byline, reasons)
            continue
        dateline = find_dateline(line.text, line.start)
        if dateline is not None and dateline.match.end() == len(line.text) and head.dateline is None:
            head.dateline = dateline
            continue
        if fu.is_body_like(line.text) or dateline is not None:
            head.body_index = i
            break
        reasons[i] = _head_line(head, i, line.text)
        if reasons[i]:
            guessed.add(i)
    if head.body_index < 0:
        _body_without_prose(head, lines, reasons, end)
    return head


def _byline_line(head: _Head, index: int, byline: Stated, reasons: list[str | None]) -> None:
    """The first byline; a later one that states a date when the first did not ("By X" then
    "Published Apr 26, 2023"); any other repeat is furniture."""
    if head.byline is None:
        head.byline = byline
    elif head.byline.group("date") is None and byline.group("date") is not None:
        head.dated_byline = head.dated_byline or byline
    else:
        reasons[index] = "duplicated byline"


def _email_field(head: _Head, index: int, line: fu.Line, reasons: list[str | None]) -> bool:
    """A saved newsletter's headers: "Subject:" is the title, "From:" names the outlet, "Date:" is
    a stated date. True when the line was one of them (marked as e-mail headers)."""
    if (subject := find_email_field("email_subject", line.text, line.start)) is not None:
        if head.title is None:
            head.title_index, head.title = index, subject.group("title")
    elif (sender := find_email_field("email_from", line.text, line.start)) is not None:
        head.masthead = head.masthead or sender.group("who")
    elif head.header is None and (dated := find_header(line.text, line.start)) is not None:
        head.header = dated
    else:
        return False
    reasons[index] = "e-mail headers"
    return True


#: Most lines of a site's name and tagline above its menu, and most words in the name.
_SITE_HEADER_LINES, _MASTHEAD_WORDS = 3, 5


def _site_header(
    head: _Head, lines: list[fu.Line], reasons: list[str | None], menu: int, guessed: set[int]
) -> None:
    """The short lines right above a site menu are the site's name and tagline, not the title.

    The first of them is the masthead (the outlet's name); a title taken among them is dropped."""
    block: list[int] = []
    k = menu - 1
    while k >= 0 and not lines[k].blank and (reasons[k] is None or k in guessed):
        block.insert(0, k)
        k -= 1
    if not block or len(block) > _SITE_HEADER_LINES or len(lines[block[0]].text.split()) > _MASTHEAD_WORDS:
        return
    head.masthead = head.masthead or lines[block[0]].text.strip()
    for k in block:
        reasons[k] = "site header"
        guessed.add(k)
    if head.title_index in block:
        head.title_index, head.title = None, None


def _head_line(head: _Head, index: int, text: str) -> str | None:
    """A short line above the body: the title, its repeat, navigation before it or a standfirst after it."""
    if head.title_index is None and len(text.split()) >= 3:
        head.title_index, head.title = index, text
        return None
    if head.title is not None and _norm(text) == _norm(head.title):
        return "duplicated title"
    return "navigation" if head.title_index is None else None


def _body_without_prose(head: _Head, lines: list[fu.Line], reasons: list[str | None], end: int) -> None:
    """No paragraph reads like prose: the body starts after the title (a lone title line is the body)."""
    rest = [i for i in range(end) if not lines[i].blank and not reasons[i] and i != head.title_index]
    head.body_index = rest[0] if rest else (head.title_index if head.title_index is not None else 0)
    if head.title_index is not None and not rest:
        head.title = None


def _evidence_from(stated: Stated, how: PublishedHow, settings: Settings) -> Evidence | None:
    when = stated.stated_date(settings.day_first)
    if when is None:
        return None
    quote = stated.match.group(0).strip()
    return Evidence(when, how, f"{how.value} '{quote}'", CONFIDENCE[how], stated.span("date"))


def _choose_date(evidence: list[Evidence]) -> tuple[Evidence | None, list[str]]:
    """The first (most reliable) stated date; later ones that agree raise its confidence, others warn."""
    if not evidence:
        return None, []
    best, warnings = evidence[0], []
    agree = [e for e in evidence[1:] if e.published == best.published]
    for other in evidence[1:]:
        if other.published != best.published:
            warnings.append(f"stated dates disagree: {best.reason} vs {other.reason}; kept the first")
    if agree:
        reason = best.reason + "; " + "; ".join(f"{e.reason} agrees" for e in agree)
        best = replace(best, reason=reason, confidence=min(1.0, best.confidence + 0.04 * len(agree)))
    return best, warnings


def _outlet(
    meta: PageMeta,
    furniture_texts: list[str],
    dateline_agency: str | None,
    agency: str | None,
    masthead: str | None = None,
) -> str | None:
    """Outlet from what the container states, the masthead, the page's own furniture, a dateline,
    the URL, a copyright line, the agency."""
    gaz = gazetteer()
    if meta.outlet:
        known = gaz.lookup(meta.outlet)
        return known.name if known else meta.outlet
    if masthead and not ((known := gaz.lookup(masthead)) and known.agency):
        return known.name if known else outlet_name(masthead)
    found = outlet_in(furniture_texts)
    if found:
        return found
    if dateline_agency and (known := gaz.lookup(dateline_agency)) and not known.agency:
        return known.name
    if meta.url and (known := gaz.from_url(meta.url)):
        return known.name
    holder = next((h for text in furniture_texts if (h := copyright_holder(text))), None)
    return holder or agency


def analyse_page(text: str, settings: Settings, meta: PageMeta | None = None) -> Article:
    """The Article of one page's text: furniture marked, metadata and stated date read."""
    meta = meta or PageMeta()
    header = find_header(text.split("\n", 1)[0])
    first = header.match.end() if header else 0
    lines = fu.split_lines(text, first)
    limit = len(lines)
    if meta.boilerplate_from is not None:
        limit = next((i for i, ln in enumerate(lines) if ln.start >= meta.boilerplate_from), len(lines))
    lines = lines[:limit]
    reasons = fu.line_reasons(lines)
    head = _read_head(lines, reasons, len(lines), meta.title)
    fu.mark_teasers(lines, reasons, head.body_index)
    fu.mark_tails(lines, reasons, head.body_index)
    body_line = lines[head.body_index] if lines else fu.Line(0, 0, "")
    inline = find_dateline(body_line.text, body_line.start)
    dateline = head.dateline or inline
    page_header, header = header, header or head.header  # an e-mail's Date line is marked with its headers
    stated = [
        _evidence_from(found, how, settings)
        for found, how in (
            (header, PublishedHow.HEADER),
            (dateline, PublishedHow.DATELINE),
            (head.dated_byline or head.byline, PublishedHow.BYLINE),
        )
        if found is not None
    ]
    strong = [e for e in meta.evidence if e.confidence >= 0.5]
    weak = [e for e in meta.evidence if e.confidence < 0.5]
    evidence = strong + [e for e in stated if e is not None] + weak
    spans = fu.merge_spans(lines, reasons)
    if page_header:
        spans.insert(0, TextSpan(*page_header.span(), HEADER_REASON))
    if meta.boilerplate_from is not None and meta.boilerplate_from < len(text):
        spans.append(TextSpan(meta.boilerplate_from, len(text), "page boilerplate removed by extractor"))
    furniture_texts = [text[s.start : s.end] for s in spans]
    byline = head.byline.group("who") if head.byline else meta.byline
    agency = agency_in(head.byline.match.group(0)) if head.byline else None
    # The agency of either dateline: a date-only line above the body names none, the body's may.
    dateline_agency = next((d.group("agency") for d in (dateline, inline) if d and d.group("agency")), None)
    agency = agency or (agency_in(dateline_agency) if dateline_agency else None)
    best, warnings = _choose_date(evidence)
    month_day = dateline.stated_month_day() if dateline is not None and best is None else None
    reason = "no publication date stated"
    if month_day is not None and dateline is not None:
        reason = f"dateline '{dateline.match.group(0).strip()}' states the day but not the year"
    return Article(
        id=content_id(text),
        text=text,
        source_path=meta.source_path,
        url=meta.url,
        outlet=_outlet(meta, furniture_texts, dateline_agency, agency, head.masthead),
        agency=agency,
        title=meta.title or head.title,
        byline=byline,
        language=meta.language or settings.language,
        furniture=tuple(spans),
        # A dateline opening the body ("SEOUL, Sept 19 (Reuters) - ") is metadata, not what the
        # article reports: its date must not date the first sentence's events.
        body_start=inline.match.end() + body_line.start if inline is not None else body_line.start,
        published=best.published if best else None,
        published_how=best.how if best else PublishedHow.UNKNOWN,
        published_reason=best.reason if best else reason,
        published_confidence=best.confidence if best else 0.0,
        published_span=best.span if best else None,
        stated_month_day=month_day,
        warnings=(*meta.warnings, *warnings),
    )
