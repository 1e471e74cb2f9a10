"""Prefix dispatch, whitespace folding and trie alternations: the speed-ups must not change matches."""

from __future__ import annotations

import re

import pytest

from timeline.dates.dispatch import LONG_PREFIX_LENGTH, fits, fold_spaces, key_at, prefixes, shape
from timeline.dates.grammar import _inline_spaces, load_grammar
from timeline.dates.patterns import trie


@pytest.mark.parametrize("text", ["a\u00a0b", "x\u2009y\tz", "line\nnext", "no odd spaces", "\u3000"])
def test_fold_spaces_keeps_length_and_newlines(text: str) -> None:
    folded = fold_spaces(text)
    assert len(folded) == len(text)
    assert folded.count("\n") == text.count("\n")
    assert all(c == " " for c, o in zip(folded, text, strict=True) if o.isspace() and o != "\n")


@pytest.mark.parametrize(
    ("lowered", "position", "key"),
    [
        ("the same day", 0, "the same"),
        ("the company", 0, "the comp"),
        ("they said", 0, "they sai"),
        ("monday and", 0, "monday a"),
        ("a bill", 0, "a bill"),
        ("a message", 0, "a messag"),
        ("in 0000 ", 3, "0000 "),
        ("0 billion", 0, "0 billio"),
        ("one day", 0, "one day"),
    ],
)
def test_key_is_the_next_eight_characters(lowered: str, position: int, key: str) -> None:
    assert key_at(lowered, position) == key


_BETWEEN_AMOUNTS = (
    r"(?P<num>\d+)(?=\s*(?:and|or|to|-)\s*"
    r"(?:one|two|three|four|five|\d+)[\s-]+(?:days?|weeks?|months?|years?))"
)


@pytest.mark.parametrize(
    ("pattern", "key", "expected"),
    [
        (_inline_spaces(r"the\s+same\s+day"), "the same", True),
        (_inline_spaces(r"the\s+coming\s+week"), "the comi", True),
        (_inline_spaces(r"the\s+coming\s+week"), "the comp", False),
        # a lookahead's long continuations (numbers, units) stay within bounds: no open prefix
        (_BETWEEN_AMOUNTS, "00, 000", False),
        (_BETWEEN_AMOUNTS, "00 and t", True),
        (_inline_spaces(r"the\s+same\s+day"), "the day ", False),
        (_inline_spaces(r"(?:the\s+)?(?:first|last)\s+quarter"), "the last", True),
        (_inline_spaces(r"(?:the\s+)?(?:first|last)\s+quarter"), "the year", False),
        (r"\d+\s+days", "000 days", True),
        (r"\d+\s+days", "0 billio", False),
        (r"(?:1[6-9]|20)\d\d", "0000 to ", True),
        (r"(?:1[6-9]|20)\d\d", "0,000 pe", False),
        # a lookahead bounds the key like consumed text: "a" alone is no start of this rule
        (r"(?P<num>a|\d+)(?=\s+(?:and|or)\s+\d+\s+days)", "a billio", False),
        (r"(?P<num>a|\d+)(?=\s+(?:and|or)\s+\d+\s+days)", "00 and 0", True),
    ],
)
def test_long_prefixes_decide_which_rules_can_start(pattern: str, key: str, expected: bool) -> None:
    assert (fits(key[:3], prefixes(pattern)) and fits(key, prefixes(pattern, LONG_PREFIX_LENGTH))) is expected


WORDS = ["a", "an", "and", "at", "the", "this", "these", "last week", "last"]


@pytest.mark.parametrize(
    "text", ["and", "an", "a", "the", "thes", "these", "last  week", "lastly", "at", "x"]
)
def test_trie_matches_like_a_longest_first_alternation(text: str) -> None:
    plain = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(WORDS, key=len, reverse=True))
    expected = re.match(f"(?:{plain})", text)
    found = re.match(f"(?:{trie(WORDS)})", text)
    assert (found and found.group()) == (expected and expected.group())


def test_shape_writes_every_digit_as_zero() -> None:
    assert shape("in 2024, 19th") == "in 0000, 00th"


def test_a_trigger_phrase_triggers_only_whole() -> None:
    grammar = load_grammar("en")
    starts = [m.group("word") for m in grammar.trigger_regex.finditer(" so that by that time it was over")]
    assert "that time" in starts and "that" not in starts


def test_trigger_regex_finds_vocabulary_words_and_numbers_only() -> None:
    grammar = load_grammar("en")
    text = "they met the day after the 2nd vote, in '80s style; don't 5g"
    starts = [m.group("word") for m in grammar.trigger_regex.finditer(" " + text)]
    positions = grammar.trigger_positions(text)
    assert [text[p : p + len(s)] for p, s in zip(positions, starts, strict=True)] == starts
    assert "the" in starts and "2nd" in starts and "'" in starts
    assert all(s not in ("they", "met", "t") for s in starts)


@pytest.mark.parametrize(
    "text", ["They met on Friday, 3 May 2024.", "the same day: 250 years ago", "In 1995-2024 (the '80s)"]
)
def test_grammar_dispatch_reads_the_keys_key_at_reads(text: str) -> None:
    grammar = load_grammar("en")
    shaped = shape(fold_spaces(text.lower()))
    positions = grammar.trigger_positions(text.lower())
    expected = [(p, grammar.patterns_for(key_at(shaped, p))) for p in positions]
    assert grammar.dispatch(shaped, positions) == [(p, found) for p, found in expected if found]
