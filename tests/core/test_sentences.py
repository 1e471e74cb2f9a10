"""The sentence splitter: one row per behaviour."""

from __future__ import annotations

import pytest

from timeline.sentences import split_sentences

CASES = [
    # (text, expected sentences)
    ("He left. She stayed.", ["He left.", "She stayed."]),
    ("Gen. Li Shangfu will visit.", ["Gen. Li Shangfu will visit."]),
    (
        "Shoigu will visit China on Nov. 11-14 for talks.",
        ["Shoigu will visit China on Nov. 11-14 for talks."],
    ),
    ("They blamed the U.S. and NATO.", ["They blamed the U.S. and NATO."]),
    ("The U.S. Army said so.", ["The U.S. Army said so."]),  # dotted acronym before a name
    ("Col. Tan Kefei said.", ["Col. Tan Kefei said."]),
    ("Mr. J. R. Smith spoke. Then he left.", ["Mr. J. R. Smith spoke.", "Then he left."]),
    ("It began at 4 p.m. Then it rained.", ["It began at 4 p.m.", "Then it rained."]),
    ('"Is it true?" she asked.', ['"Is it true?" she asked.']),  # lower case after the quote
    ('He said "yes." Then he left.', ['He said "yes."', "Then he left."]),
    ("Xi Jinping... and Wang Yi met.", ["Xi Jinping... and Wang Yi met."]),
    ("Title line\nFirst sentence. Second one.", ["Title line", "First sentence.", "Second one."]),
    ("  padded  \n\n", ["padded"]),
    ("", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_split(text: str, expected: list[str]) -> None:
    assert [s.text for s in split_sentences(text)] == expected


@pytest.mark.parametrize(("text", "_"), CASES)
def test_offsets_point_at_the_text(text: str, _: list[str]) -> None:
    for sentence in split_sentences(text):
        assert text[sentence.start : sentence.end] == sentence.text


def test_start_and_end_limit_the_range() -> None:
    text = "Skip this. Keep this. And this."
    got = split_sentences(text, start=11)
    assert [s.text for s in got] == ["Keep this.", "And this."]
    assert got[0].start == 11
