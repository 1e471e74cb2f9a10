"""Prefix dispatch, whitespace folding and trie alternations: the speed-ups must not change matches."""

from __future__ import annotations

import re

import pytest

from timeline.dates.dispatch import fits, fold_spaces, key_at, prefixes
from timeline.dates.grammar import _inline_spaces, _trie, load_grammar


@pytest.mark.parametrize("text", ["a\u00a0b", "x\u2009y\tz", "line\nnext", "no odd spaces", "\u3000"])
def test_fold_spaces_keeps_length_and_newlines(text: str) -> None:
    folded = fold_spaces(text)
    assert len(folded) == len(text)
    assert folded.count("\n") == text.count("\n")
    assert all(c == " " for c, o in zip(folded, text, strict=True) if o.isspace() and o != "\n")


@pytest.mark.parametrize(
    ("lowered", "position", "key"),
    [
        ("the same day", 0, "the sa"),
        ("they said", 0, "the"),
        ("in 2024 ", 3, "202"),
        ("one day", 0, "one da"),
    ],
)
def test_key_reaches_into_the_next_word_after_a_three_letter_word(
    lowered: str, position: int, key: str
) -> None:
    assert key_at(lowered, position) == key


@pytest.mark.parametrize(
    ("pattern", "key", "expected"),
    [
        (_inline_spaces(r"the\s+same\s+day"), "the sa", True),
        (_inline_spaces(r"the\s+same\s+day"), "the da", False),
        (_inline_spaces(r"(?:the\s+)?(?:first|last)\s+quarter"), "the la", True),
        (_inline_spaces(r"(?:the\s+)?(?:first|last)\s+quarter"), "the ye", False),
        (r"\d+\s+days", "100 da", True),
    ],
)
def test_long_prefixes_decide_which_rules_can_start(pattern: str, key: str, expected: bool) -> None:
    assert fits(key[:3], prefixes(pattern)) and fits(key, prefixes(pattern, 6)) is expected


WORDS = ["a", "an", "and", "at", "the", "this", "these", "last week", "last"]


@pytest.mark.parametrize(
    "text", ["and", "an", "a", "the", "thes", "these", "last  week", "lastly", "at", "x"]
)
def test_trie_matches_like_a_longest_first_alternation(text: str) -> None:
    plain = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(WORDS, key=len, reverse=True))
    expected = re.match(f"(?:{plain})", text)
    found = re.match(f"(?:{_trie(WORDS)})", text)
    assert (found and found.group()) == (expected and expected.group())


def test_trigger_regex_finds_vocabulary_words_and_numbers_only() -> None:
    grammar = load_grammar("en")
    text = "they met the day after the 2nd vote, in '80s style; don't 5g"
    starts = [m.group() for m in grammar.trigger_regex.finditer(text)]
    assert "the" in starts and "2nd" in starts and "'" in starts
    assert all(s not in ("they", "met", "t") for s in starts)
