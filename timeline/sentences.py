"""Sentence splitting with character offsets, robust to abbreviations and initials.

Hand-written because the peers either split after "Mr." and "Gen." (blingfire) or
after "a.m. ET" and are slow (pysbd); news needs "Gen. Li", "Nov. 11", "U.S.".
Every line break is a hard boundary: page dumps and extracted HTML put one
paragraph, title or teaser per line, and a sentence never spans two of them.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from timeline.model import Sentence

# A candidate end: terminal punctuation, optional closing quotes/brackets, then space.
# It starts only at the first mark of a run and never gives back what it took (possessive), so a
# line of 100,000 dots is one failed attempt, not 100,000 overlapping ones (quadratic).
_END = re.compile(r"""(?<![.!?])(?P<stop>[.!?]++)(?P<close>["'”’)\]]*+)(?P<space>[ \t]++)(?=(?P<next>\S))""")
_WORD_BEFORE = re.compile(r"(?<![\w.])(?P<word>[\w.]++)$")
#: How far back from a full stop the word before it is looked for (abbreviations are short).
WORD_WINDOW = 64
_INITIALS = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]?$")
_LINE = re.compile(r"[^\n]+")
#: Longest sentence kept whole. News sentences stay far below it; a run-on line (a pasted list, a
#: megabyte of text without a full stop) is cut at a clause break or space near this length, so
#: the per-sentence stages (clauses, entities, dates) work on bounded pieces and stay linear.
MAX_SENTENCE_CHARS = 2_000
#: Where a run-on sentence is cut, best first: after a clause break, else after any space.
_CUT_AFTER = ("; ", ", ", " ")


@cache
def abbreviations() -> frozenset[str]:
    """Lower-cased words that take a full stop without ending a sentence."""
    text = resources.files("timeline.resources").joinpath("abbreviations.txt").read_text("utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def _is_boundary(line: str, match: re.Match[str]) -> bool:
    """Whether a candidate end really ends the sentence."""
    nxt = match.group("next")
    if nxt.islower() or nxt in ",;:":
        return False
    if match.group("stop") != ".":
        return True
    # Only the last WORD_WINDOW characters: searching from the line start at every candidate end
    # is quadratic on a long line ("Mr. Mr. Mr. ..."); no abbreviation or initials run is that long.
    word_match = _WORD_BEFORE.search(line, max(0, match.start() - WORD_WINDOW), match.start())
    word = word_match.group("word") if word_match else ""
    if word.lower() in abbreviations():
        return False
    # A lone capital is an initial ("J. R. Smith"); an upper-case dotted acronym ("U.S. Army")
    # more often modifies the next word than ends the sentence; "p.m." before a capital ends it.
    if len(word) == 1 and word.isupper():
        return False
    return not (_INITIALS.match(word + ".") and (word.isupper() or nxt.isdigit()))


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Sentence]:
    """Sentences of text[start:end] with offsets into `text`, stripped of outer blanks."""
    stop = len(text) if end is None else end
    sentences: list[Sentence] = []
    for line in _LINE.finditer(text, start, stop):
        offset = line.start()
        body = line.group()
        cut = 0
        for match in _END.finditer(body):
            if _is_boundary(body, match):
                _append(sentences, text, offset + cut, offset + match.end("close"))
                cut = match.end()
        _append(sentences, text, offset + cut, offset + len(body))
    return sentences


def _append(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    while end - start > MAX_SENTENCE_CHARS:
        cut = _cut_point(text, start, start + MAX_SENTENCE_CHARS)
        _append_one(sentences, text, start, cut)
        start = cut
    _append_one(sentences, text, start, end)


def _cut_point(text: str, start: int, limit: int) -> int:
    """Where to cut a run-on sentence before `limit`: in its second half, at a clause break or space."""
    for separator in _CUT_AFTER:
        at = text.rfind(separator, start + MAX_SENTENCE_CHARS // 2, limit)
        if at >= 0:
            return at + len(separator)
    return limit


def _append_one(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        sentences.append(Sentence(start, end, text[start:end]))
