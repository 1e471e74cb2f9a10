"""Sentence ends the tagger's tense cues may not cross: a fast regex, so its cases are a table."""

from __future__ import annotations

import pytest

from timeline.dates.patterns import sentence_boundary
from timeline.sentences import abbreviations

BOUNDARY = sentence_boundary(abbreviations())


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("He won. They lost.", ["He won. ", "They lost."]),
        ("Why? Because.", ["Why? ", "Because."]),
        ("A headline\nThe body", ["A headline\n", "The body"]),
        ('He said "yes." Then he left.', ['He said "yes." ', "Then he left."]),
        ("It expires at 6 a.m. Moscow time on Thursday.", ["It expires at 6 a.m. Moscow time on Thursday."]),
        ("The U.S. Army left.", ["The U.S. Army left."]),
        ("Gen. Li met Mr. Putin.", ["Gen. Li met Mr. Putin."]),
        ("J. R. Smith said so.", ["J. R. Smith said so."]),
        (
            "It rose 5 p.c. in Jan. Sales fell.",
            ["It rose 5 p.c. in Jan. Sales fell."],
        ),  # kept whole: safe side
        ("prices fell. the end", ["prices fell. the end"]),  # no capital after: not an end
    ],
)
def test_sentence_boundary(text: str, sentences: list[str]) -> None:
    ends = [m.end() for m in BOUNDARY.finditer(text)]
    starts = [0, *ends]
    pieces = [text[a:b] for a, b in zip(starts, [*ends, len(text)], strict=True) if a < b]
    assert pieces == sentences
