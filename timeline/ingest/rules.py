"""Loading rule files (patterns as data, with examples and counter-examples) from resources/.

Rules live in TOML next to this module so that a new pattern is a data edit with its
own runnable examples; tests load every rule and check each example is matched by
its rule and each counter-example is not.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class Rule:
    """One named pattern with the reason it reports and the examples that pin it down."""

    name: str
    kind: str
    reason: str
    pattern: re.Pattern[str]
    examples: tuple[str, ...] = ()
    counter_examples: tuple[str, ...] = ()
    end: re.Pattern[str] | None = None
    max_lines: int = 1


def _compile(pattern: str, case: bool) -> re.Pattern[str]:
    return re.compile(pattern, 0 if case else re.IGNORECASE)


def _rule(kind: str, raw: dict[str, Any]) -> Rule:
    case = bool(raw.get("case", False))
    end = raw.get("end")
    return Rule(
        name=str(raw["name"]),
        kind=kind,
        reason=str(raw.get("reason", raw["name"])),
        pattern=_compile(str(raw["pattern"]), case),
        examples=tuple(raw.get("examples", ())),
        counter_examples=tuple(raw.get("counter_examples", ())),
        end=_compile(str(end), case) if end and end != "blank" else None,
        max_lines=int(raw.get("max_lines", 1)),
    )


@cache
def load_toml(filename: str) -> dict[str, Any]:
    """The parsed TOML resource file of this package (cached: rule files never change at run time)."""
    text = resources.files("timeline.ingest").joinpath("resources", filename).read_text(encoding="utf-8")
    return tomllib.loads(text)


@cache
def load_rules(filename: str, kind: str) -> tuple[Rule, ...]:
    """The rules of one kind (a TOML array of tables) from a resource file, in file order."""
    return tuple(_rule(kind, raw) for raw in load_toml(filename).get(kind, ()))


def first_match(rules: tuple[Rule, ...], line: str) -> tuple[Rule, re.Match[str]] | None:
    """The first rule (in file order) whose pattern matches the line, with its match."""
    for rule in rules:
        match = rule.pattern.search(line)
        if match:
            return rule, match
    return None
