"""The event-trigger lexicon: loads lexicons/triggers.toml and finds triggers in a sentence."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class EventType:
    """One event type of the lexicon."""

    name: str
    family: str
    label: str
    speech: bool
    has_place: bool
    examples: tuple[str, ...]
    counter_examples: tuple[str, ...]


@dataclass(frozen=True)
class TriggerMatch:
    """A trigger found in a text: its span and event type."""

    start: int
    end: int
    text: str
    type: EventType


@dataclass(frozen=True)
class Lexicon:
    """Event types, their compiled trigger patterns and the status cue words."""

    types: dict[str, EventType]
    word_pattern: re.Pattern[str]
    word_types: dict[str, str]
    patterns: tuple[tuple[re.Pattern[str], str], ...]
    cues: dict[str, tuple[str, ...]]
    cue_patterns: dict[str, re.Pattern[str]]

    def find_triggers(self, text: str) -> list[TriggerMatch]:
        """Every trigger in `text`, non-overlapping, the longest winning, in text order."""
        found: list[TriggerMatch] = []
        for match in self.word_pattern.finditer(text):
            key = _normalise(match.group())
            found.append(self._match(match, self.word_types[key]))
        for pattern, type_name in self.patterns:
            found.extend(self._match(m, type_name) for m in pattern.finditer(text))
        found.sort(key=lambda t: (t.start, -(t.end - t.start)))
        kept: list[TriggerMatch] = []
        for trig in found:
            if kept and trig.start < kept[-1].end:
                continue
            kept.append(trig)
        return kept

    def _match(self, match: re.Match[str], type_name: str) -> TriggerMatch:
        return TriggerMatch(match.start(), match.end(), match.group(), self.types[type_name])

    def has_cue(self, kind: str, text: str) -> bool:
        """Whether `text` contains a cue word of `kind` (future, negation, ...)."""
        return self.cue_patterns[kind].search(text) is not None


def _normalise(phrase: str) -> str:
    return re.sub(r"\s+", " ", phrase.lower())


def _words_regex(words: list[str]) -> str:
    ordered = sorted(set(words), key=len, reverse=True)
    body = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)
    # (?=\w) first: a position that starts no word is rejected before the long alternation is tried.
    return rf"(?=\w)(?<![\w'’-])(?:{body})(?![\w-])"


@cache
def load_lexicon() -> Lexicon:
    """The English trigger lexicon, parsed and compiled once."""
    raw = tomllib.loads(
        resources.files("timeline.events.lexicons").joinpath("triggers.toml").read_text("utf-8")
    )
    types: dict[str, EventType] = {}
    word_types: dict[str, str] = {}
    patterns: list[tuple[re.Pattern[str], str]] = []
    for name, spec in raw["types"].items():
        types[name] = EventType(
            name=name,
            family=spec["family"],
            label=spec["label"],
            speech=bool(spec.get("speech", False)),
            has_place=bool(spec.get("has_place", True)),
            examples=tuple(spec.get("examples", ())),
            counter_examples=tuple(spec.get("counter_examples", ())),
        )
        for word in spec.get("words", ()):
            word_types.setdefault(_normalise(word), name)
        for pattern in spec.get("patterns", ()):
            patterns.append((re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.IGNORECASE), name))
    cues = {kind: tuple(words) for kind, words in raw["status"].items()}
    cue_patterns = {
        kind: re.compile(_words_regex([w for w in words if w[0].isalnum() or w[0] == "'"]), re.IGNORECASE)
        for kind, words in cues.items()
        if kind != "clause_breaks"
    }
    return Lexicon(
        types=types,
        word_pattern=re.compile(_words_regex(list(word_types)), re.IGNORECASE),
        word_types=word_types,
        patterns=tuple(patterns),
        cues=cues,
        cue_patterns=cue_patterns,
    )
