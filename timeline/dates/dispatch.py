"""Prefix analysis of rule patterns, so the engine tries only the rules that can start at a position.

From each parsed pattern we compute the set of its possible first `PREFIX_LENGTH`
characters (lower-cased). At a trigger word, the engine takes the text's next
three characters and runs one combined pattern made of the rules whose prefixes
fit them ("the" tries the rules that can start with "the", not every rule that
starts with "t"). Combined patterns are compiled on first use and kept.
"""

from __future__ import annotations

import re
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

PREFIX_LENGTH = 3
# After a short word and a space ("a ", "the ", "one "), the key reaches into the next word:
# "the" starts twenty rules, "the same" only a few and "the comp" none. Eight, not more: every
# new key costs a prefix check on first use (about 200 ms more per process than six, measured
# on the development corpus; ten cost a second more for no faster tagging).
LONG_PREFIX_LENGTH = 8
_OPEN = "\x00"  # ends a prefix after which any character may follow
_DIGITS = frozenset("0123456789")
# A number followed by a lookahead over numbers and units ("60 and 90 days") has a few thousand
# eight-character prefixes; past this many a pattern is cut short (any continuation may match).
_MOST_PREFIXES = 20_000
# Every whitespace character but the newline counts as one space in a prefix; the engine
# folds the text's whitespace the same way (`fold_spaces`) before it looks a key up.
_SPACES = frozenset(" \n")
SPACE_FOLD = {c: " " for c in range(0x3001) if chr(c).isspace() and chr(c) != "\n"}


# Every Unicode whitespace character but "\n" and " " (str.isspace), listed: a class of
# literals is a bitmap to the regex engine, much faster to scan with than [^\S\n ].
_ODD_SPACE = re.compile("[\t\r\x0b\x0c\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")


def fold_spaces(text: str) -> str:
    """`text` with every whitespace character except the newline replaced by a space (same length)."""
    return _ODD_SPACE.sub(" ", text) if _ODD_SPACE.search(text) else text


# Every digit counts as "0" in a key and in a prefix: "2024 " and "1995 " share the key "0000 ",
# and a number's key can reach past it into the next word ("3 billion" is "0 bill", which no
# rule can start with) without the prefix sets of digit patterns blowing up.
_DIGITS_TO_ZERO = bytes.maketrans(b"123456789", b"000000000")


def shape(lowered: str) -> str:
    """`lowered` with every ASCII digit replaced by "0" (same length): what keys are read from.

    Done on the UTF-8 bytes: an ASCII digit is one byte there and no byte of a longer
    character is a digit, so the character offsets stay the same; bytes.translate runs in
    C over a table, several times faster than str.translate or a regex substitution.
    ("surrogatepass" keeps a lone surrogate, which pasted or fuzzed text may hold.)
    """
    encoded = lowered.encode("utf-8", "surrogatepass")
    return encoded.translate(_DIGITS_TO_ZERO).decode("utf-8", "surrogatepass")


def _char(code: int) -> str:
    char = chr(code).lower()
    if code in SPACE_FOLD:
        return " "
    return "0" if char in _DIGITS else char


def _charset(items: list[tuple[Any, Any]]) -> set[str] | None:
    found: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL:
            found.add(_char(av))
        elif op is sre.RANGE and av[1] - av[0] <= 200:
            found.update(_char(c) for c in range(av[0], av[1] + 1))
        elif op is sre.CATEGORY and av is sre.CATEGORY_DIGIT:
            found.add("0")
        elif op is sre.CATEGORY and av is sre.CATEGORY_SPACE:
            found.update(_SPACES)
        else:
            return None
    return found


def _concat(heads: set[str], tails: set[str], length: int) -> set[str]:
    """Every head followed by every tail, cut at `length`; open or full heads stay as they are."""
    result = set()
    for head in heads:
        if head.endswith(_OPEN) or len(head) >= length:
            result.add(head)
            continue
        for tail in tails:
            joined = head + tail
            result.add(joined if joined.endswith(_OPEN) else joined[:length])
        if len(result) > _MOST_PREFIXES:
            # Too many (digits after digits): stop here, any continuation of the heads may match.
            return {h if h.endswith(_OPEN) or len(h) >= length else h + _OPEN for h in heads}
    return result


def _repeat(low: int, high: int, body: set[str], length: int) -> set[str]:
    found: set[str] = set()
    current = {""}
    for count in range(min(high, length + 1) + 1):
        if count >= low:
            found |= current
        current = _concat(current, body, length)
        if count >= low and current <= found:
            break  # nothing new: longer repeats only add prefixes already there
    if high > length + 1:
        found |= current
    return found


def _item(op: Any, av: Any, length: int) -> set[str]:  # noqa: PLR0911  (one return per opcode kind)
    """The possible prefixes of one parsed item ("" when it can match nothing)."""
    if op is sre.LITERAL:
        return {_char(av)}
    if op is sre.IN:
        chars = _charset(av)
        return {_OPEN} if chars is None else chars
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return {""}
    if op is sre.BRANCH:
        return set().union(*(sequence(branch, length) for branch in av[1]))
    if op is sre.SUBPATTERN:
        return sequence(av[3], length)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)):
        return _repeat(av[0], av[1], sequence(av[2], length), length)
    return {_OPEN}


def sequence(items: Any, length: int = PREFIX_LENGTH) -> set[str]:
    """The possible prefixes (up to `length` characters) of a parsed sequence."""
    found = {""}
    for op, av in items:
        if all(p.endswith(_OPEN) or len(p) >= length for p in found):
            break
        if op is sre.ASSERT and av[0] == 1:
            # A lookahead: the text must go on with it, though what follows re-reads that text;
            # its prefixes still bound the key, and anything may follow them.
            found = _concat(found, sequence(av[1], length), length)
            return {p if p.endswith(_OPEN) or len(p) >= length else p + _OPEN for p in found}
        found = _concat(found, _item(op, av, length), length)
    return found


def prefixes(pattern: str, length: int = PREFIX_LENGTH) -> frozenset[str]:
    """The lower-cased starts (up to `length` characters) of any match of `pattern`.

    A prefix shorter than `length` matches any continuation; "" matches anything.
    """
    return frozenset(p.rstrip(_OPEN) for p in sequence(sre_parse.parse(pattern, re.IGNORECASE), length))


def key_at(shaped: str, position: int) -> str:
    """The dispatch key of the text at `position` (lower-cased, spaces folded, digits as "0", see `shape`).

    The next LONG_PREFIX_LENGTH characters: a long word's key is its start ("monday a"),
    a short word's reaches into the next word ("the same", "a month ", not "a messag"), and a
    number's shows what follows it ("0 years" can start a rule, "0 billio" cannot).
    """
    return shaped[position : position + LONG_PREFIX_LENGTH]


def fits(key: str, starts: frozenset[str]) -> bool:
    """Whether text beginning with `key` (lower-cased, spaces folded) can match."""
    return any(key[:length] in starts for length in range(len(key) + 1))
