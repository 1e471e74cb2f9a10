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
_OPEN = "\x00"  # ends a prefix after which any character may follow
_DIGITS = frozenset("0123456789")
_SPACES = frozenset(" \t\n\r\f\v\u00a0")


def _charset(items: list[tuple[Any, Any]]) -> set[str] | None:
    found: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL:
            found.add(chr(av).lower())
        elif op is sre.RANGE and av[1] - av[0] <= 200:
            found.update(chr(c).lower() for c in range(av[0], av[1] + 1))
        elif op is sre.CATEGORY and av is sre.CATEGORY_DIGIT:
            found.update(_DIGITS)
        elif op is sre.CATEGORY and av is sre.CATEGORY_SPACE:
            found.update(_SPACES)
        else:
            return None
    return found


def _concat(heads: set[str], tails: set[str]) -> set[str]:
    """Every head followed by every tail, cut at PREFIX_LENGTH; open or full heads stay as they are."""
    result = set()
    for head in heads:
        if head.endswith(_OPEN) or len(head) >= PREFIX_LENGTH:
            result.add(head)
            continue
        for tail in tails:
            joined = head + tail
            result.add(joined if joined.endswith(_OPEN) else joined[:PREFIX_LENGTH])
    return result


def _repeat(low: int, high: int, body: set[str]) -> set[str]:
    found: set[str] = set()
    current = {""}
    for count in range(min(high, PREFIX_LENGTH + 1) + 1):
        if count >= low:
            found |= current
        current = _concat(current, body)
    if high > PREFIX_LENGTH + 1:
        found |= current
    return found


def _item(op: Any, av: Any) -> set[str]:  # noqa: PLR0911  (one return per opcode kind)
    """The possible prefixes of one parsed item ("" when it can match nothing)."""
    if op is sre.LITERAL:
        return {chr(av).lower()}
    if op is sre.IN:
        chars = _charset(av)
        return {_OPEN} if chars is None else chars
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return {""}
    if op is sre.BRANCH:
        return set().union(*(sequence(branch) for branch in av[1]))
    if op is sre.SUBPATTERN:
        return sequence(av[3])
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)):
        return _repeat(av[0], av[1], sequence(av[2]))
    return {_OPEN}


def sequence(items: Any) -> set[str]:
    """The possible prefixes of a parsed sequence."""
    found = {""}
    for op, av in items:
        if all(p.endswith(_OPEN) or len(p) >= PREFIX_LENGTH for p in found):
            break
        found = _concat(found, _item(op, av))
    return found


def prefixes(pattern: str) -> frozenset[str]:
    """The lower-cased starts (up to PREFIX_LENGTH characters) of any match of `pattern`.

    A prefix shorter than PREFIX_LENGTH matches any continuation; "" matches anything.
    """
    return frozenset(p.rstrip(_OPEN) for p in sequence(sre_parse.parse(pattern, re.IGNORECASE)))


def fits(key: str, starts: frozenset[str]) -> bool:
    """Whether text beginning with `key` (PREFIX_LENGTH lower-cased characters) can match."""
    return any(key[:length] in starts for length in range(PREFIX_LENGTH + 1))
