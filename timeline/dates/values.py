"""What a rule normaliser receives (a Context) and returns (a Value), and the registry of normalisers.

Normalisers are small named functions, one per kind of expression, registered by
name so that a rule file can say which one builds its value. They never read the
clock: everything relative comes from the context's anchor and tense.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from timeline.dates.grammar import Vocabulary
from timeline.dates.intervals import Interval
from timeline.model import Granularity, Resolution, TimeExpression, TimexType
from timeline.settings import Settings

_DIGITS = re.compile(r"^\d+(?:,\d{3})*(?:\.\d+)?$")


@dataclass(frozen=True)
class Value:
    """A normaliser's result; the engine adds offsets, surface text and the rule name."""

    value: str
    granularity: Granularity | None = None
    interval: Interval | None = None
    resolution: Resolution = Resolution.ABSOLUTE
    type: TimexType | None = None
    mod: str | None = None
    direction: str | None = None
    latent: bool = False
    #: (char_start, char_end, Value) of each end of a range, offsets into the text.
    parts: tuple[tuple[int, int, Value], ...] = ()
    #: The date it was resolved from when that is not the anchor (another expression's day).
    reference: date | None = None


@dataclass
class Context:
    """One regex match of one rule, with what its normaliser may need to resolve it."""

    groups: dict[str, str]
    spans: dict[str, tuple[int, int]]
    start: int
    end: int
    text: str
    anchor: date | None
    vocabulary: Vocabulary
    settings: Settings
    tense: Callable[[int, int], str | None]
    previous: TimeExpression | None = None
    #: The last resolved day of the text before the match, in any sentence ("the day" refers to it).
    last_day: date | None = None
    #: The last resolved week, month, quarter or half of the text before the match, in any sentence.
    last_period: TimeExpression | None = None
    cache: dict[str, object] = field(default_factory=dict)

    def get(self, name: str) -> str | None:
        return self.groups.get(name)

    def lookup(self, name: str, cls: str | None = None) -> str | None:
        """The vocabulary value of group `name` (class = the name without trailing digits)."""
        surface = self.groups.get(name)
        if surface is None:
            return None
        return self.vocabulary.lookup(cls or name.rstrip("0123456789"), surface.strip(" .-"))

    def integer(self, name: str, cls: str | None = None) -> int | None:
        """Group `name` as an integer, from digits or from the vocabulary."""
        number = self.number(name, cls or "number")
        return int(number) if number is not None and float(number).is_integer() else None

    def number(self, name: str, cls: str = "number") -> float | None:
        surface = self.groups.get(name)
        if surface is None:
            return None
        cleaned = surface.strip()
        if cleaned.isascii() and cleaned.isdigit():  # the common case, without the regex
            return float(cleaned)
        if _DIGITS.match(cleaned):
            return float(cleaned.replace(",", ""))
        found = self.vocabulary.lookup(cls, cleaned)
        return float(found) if found is not None and found.lstrip("-").isdigit() else None

    @property
    def direction(self) -> str | None:
        """The tense of the sentence around the match: "past", "future" or None (no cue)."""
        if "direction" not in self.cache:
            self.cache["direction"] = self.tense(self.start, self.end)
        found = self.cache["direction"]
        return found if isinstance(found, str) else None

    def preceding_word(self) -> str:
        """The word just before the match, lower-cased ("" at the start)."""
        words = self.text[max(0, self.start - 20) : self.start].split()
        return words[-1].lower().strip(",;:(") if words else ""


Normaliser = Callable[[Context], Value | None]
REGISTRY: dict[str, Normaliser] = {}


def normaliser(function: Normaliser) -> Normaliser:
    """Register `function` under its own name, the name rule files refer to."""
    REGISTRY[function.__name__] = function
    return function
