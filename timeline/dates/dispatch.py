"""First-character analysis of rule patterns, so the engine tries only the rules that can start at a position.

A rule can only match where the text has one of its possible first characters
(computed from the parsed pattern, lower-cased). The engine looks at the start of
each trigger word and runs the combined pattern of the rules whose first
characters include that word's first character.
"""

from __future__ import annotations

import re
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

_DIGITS = frozenset("0123456789")
_SPACES = frozenset(" \t\n\r\f\v\u00a0")
# None stands for "any character" (a class we do not enumerate).
First = frozenset[str] | None


def _union(a: First, b: First) -> First:
    return None if a is None or b is None else a | b


def _charset(items: list[tuple[Any, Any]]) -> First:
    found: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL:
            found.add(chr(av).lower())
        elif op is sre.RANGE:
            if av[1] - av[0] > 200:
                return None
            found.update(chr(c).lower() for c in range(av[0], av[1] + 1))
        elif op is sre.CATEGORY and av is sre.CATEGORY_DIGIT:
            found.update(_DIGITS)
        elif op is sre.CATEGORY and av is sre.CATEGORY_SPACE:
            found.update(_SPACES)
        else:
            return None
    return frozenset(found)


def _item(op: Any, av: Any) -> tuple[First, bool]:  # noqa: PLR0911  (one return per opcode kind)
    """(first characters, can match empty) of one parsed item."""
    if op is sre.LITERAL:
        return frozenset(chr(av).lower()), False
    if op is sre.IN:
        return _charset(av), False
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return frozenset(), True
    if op is sre.BRANCH:
        first: First = frozenset()
        nullable = False
        for branch in av[1]:
            branch_first, branch_nullable = sequence(branch)
            first = _union(first, branch_first)
            nullable = nullable or branch_nullable
        return first, nullable
    if op is sre.SUBPATTERN:
        return sequence(av[3])
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)):
        first, nullable = sequence(av[2])
        return first, nullable or av[0] == 0
    return None, False


def sequence(items: Any) -> tuple[First, bool]:
    """(first characters, can match empty) of a parsed sequence."""
    first: First = frozenset()
    for op, av in items:
        item_first, nullable = _item(op, av)
        first = _union(first, item_first)
        if first is None or not nullable:
            return first, False
    return first, True


def first_characters(pattern: str) -> First:
    """The lower-cased characters a match of `pattern` can start with (None: any)."""
    first, nullable = sequence(sre_parse.parse(pattern, re.IGNORECASE))
    return None if nullable else first
