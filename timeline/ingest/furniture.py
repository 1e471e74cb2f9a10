"""Page furniture of one page: which lines are appeals, notices, teasers, captions, navigation.

Works on lines (a dumped page puts one paragraph per line) with the rules of
resources/furniture.toml: single-line rules, regions with a start and an end line,
and teaser-list headings that, once the article body has started, turn the lines
after them into furniture until the article text resumes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from timeline.ingest.rules import first_match, load_rules
from timeline.model import TextSpan

_SENTENCE_END = re.compile(r"""[.!?]["'”’)\]]*$|["”’]$""")
_TRAILING_ELLIPSIS = re.compile(r"(?:\.\.\.|…|\bread more)\s*$", re.IGNORECASE)
#: A paragraph with at least this many words that ends a sentence reads as article text.
BODY_MIN_WORDS = 10
#: A teaser list ends when this many article-like paragraphs follow one another.
BODY_RUN_TO_RESUME = 2


@dataclass(frozen=True)
class Line:
    """One line of a text: its offsets (without the newline) and its stripped content."""

    start: int
    end: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text


def split_lines(text: str, first_offset: int = 0) -> list[Line]:
    """The lines of `text` from `first_offset`, with offsets pointing at their stripped content."""
    lines: list[Line] = []
    pos = first_offset
    for raw in text[first_offset:].split("\n"):
        stripped = raw.strip()
        lead = len(raw) - len(raw.lstrip())
        start = pos + lead if stripped else pos
        lines.append(Line(start, start + len(stripped), stripped))
        pos += len(raw) + 1
    return lines


def is_body_like(text: str) -> bool:
    """True for a paragraph that reads like article prose: long enough, ending a sentence."""
    return (
        len(text.split()) >= BODY_MIN_WORDS
        and bool(_SENTENCE_END.search(text))
        and not _TRAILING_ELLIPSIS.search(text)
    )


def line_reasons(lines: Sequence[Line]) -> list[str | None]:
    """Per line, the furniture reason from the single-line and region rules (None: not furniture)."""
    regions = load_rules("furniture.toml", "region")
    singles = load_rules("furniture.toml", "line")
    reasons: list[str | None] = [None] * len(lines)
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.blank:
            i += 1
            continue
        hit = first_match(regions, line.text)
        if hit:
            end = _region_end(lines, i, hit[0].end, hit[0].max_lines)
            for j in range(i, end + 1):
                reasons[j] = hit[0].reason
            i = end + 1
            continue
        single = first_match(singles, line.text)
        reasons[i] = single[0].reason if single else None
        i += 1
    return reasons


def _region_end(lines: Sequence[Line], start: int, end: re.Pattern[str] | None, max_lines: int) -> int:
    """Index of the last line of a region opened at `start` (the start line alone when no end is found)."""
    stop = min(len(lines), start + max_lines + 1)
    for j in range(start + 1, stop):
        if end is None and lines[j].blank:
            return j - 1
        if end is not None and end.search(lines[j].text):
            return j
    return stop - 1 if end is None else start


def mark_teasers(lines: Sequence[Line], reasons: list[str | None], body_index: int) -> None:
    """After the body has started, mark teaser lists: a heading and what follows, until text resumes."""
    headings = load_rules("furniture.toml", "heading")
    current: str | None = None
    run: list[int] = []
    for i in range(max(body_index, 0), len(lines)):
        line = lines[i]
        if line.blank:
            continue
        heading = first_match(headings, line.text)
        if heading:
            current = heading[0].reason
            reasons[i] = reasons[i] or current
            run = []
            continue
        if current is None:
            continue
        if reasons[i] is None and is_body_like(line.text):
            run.append(i)
            if len(run) >= BODY_RUN_TO_RESUME:  # the article text resumes: undo the run, close the list
                for j in run:
                    reasons[j] = None
                current, run = None, []
                continue
        else:
            run = []
        reasons[i] = reasons[i] or current


def mark_tails(lines: Sequence[Line], reasons: list[str | None], body_index: int) -> None:
    """After the body has started, a tail heading ("About Microsoft", "Forward-Looking Statements")
    and everything below it to the end of the page are furniture."""
    tails = load_rules("furniture.toml", "tail")
    for i in range(max(body_index, 0) + 1, len(lines)):
        hit = first_match(tails, lines[i].text) if not lines[i].blank else None
        if hit:
            for j in range(i, len(lines)):
                if not lines[j].blank:
                    reasons[j] = reasons[j] or hit[0].reason
            return


def merge_spans(lines: Sequence[Line], reasons: Sequence[str | None]) -> list[TextSpan]:
    """One span per run of furniture lines with the same reason (blank lines between them included)."""
    spans: list[TextSpan] = []
    for line, reason in zip(lines, reasons, strict=True):
        if reason is None or line.blank:
            continue
        last = spans[-1] if spans else None
        if last and last.reason == reason and _only_blank_between(lines, last.end, line.start):
            spans[-1] = TextSpan(last.start, line.end, reason)
        else:
            spans.append(TextSpan(line.start, line.end, reason))
    return spans


def _only_blank_between(lines: Sequence[Line], start: int, end: int) -> bool:
    return all(ln.blank for ln in lines if start < ln.start < end)
