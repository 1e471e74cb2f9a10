"""Catastrophic backtracking: adversarial strings against every rule, the lexicon, splitter and tagger.

Every compiled pattern is collected from the rule files (through their loaders), the
trigger lexicon, the outlet gazetteer and the module-level regexes of the ingest,
sentence and merge code, so a new rule is covered without editing this test. Each
input must finish within a generous bound; a quadratic scan of a 100k line does not.
"""

from __future__ import annotations

import faulthandler
import importlib
import pkgutil
import re
import time
from collections.abc import Callable, Iterator
from datetime import date

import pytest

import timeline.ingest
from timeline.dates import tag_dates
from timeline.events.lexicon import load_lexicon
from timeline.ingest.outlets import gazetteer
from timeline.ingest.rules import load_rules
from timeline.sentences import split_sentences

#: Seconds one input may take through one pattern or function. A linear scan takes milliseconds to
#: ~1 s (a 500-word alternation tried at each of 100k positions); a quadratic one takes minutes.
BOUND = 3.0

ADVERSARIAL: dict[str, str] = {
    "digits": "1" * 50_000,
    "digit-words": "12 " * 33_000,
    "digit-dashes": "1-" * 50_000,
    "digit-slashes": "1/" * 50_000,
    "spaces": " " * 100_000 + "!",
    "tabs-spaces": " \t" * 50_000 + "x",
    "dots": "." * 100_000,
    "dot-space": ". " * 50_000,
    "capitalised-words": "Abc " * 25_000,
    "capitalised-no-space": "A" * 50_000 + "!",
    "initials": "A. " * 33_000,
    "abbreviations": "Mr. " * 25_000,
    "a-50000": "a" * 50_000,
    "a-dot": "a." * 50_000,
    "subdomains": "www." * 25_000 + "x",
    "nested-punctuation": "([{<\"'" * 8_000 + ")]}>\"'" * 8_000,
    "quotes-dots": '."' * 50_000,
    "dashes": "-" * 100_000,
    "em-dashes": "— " * 50_000,
    "by-capitals": "By " + "Abc " * 25_000 + ",",
    "dateline-like": "Moscow " * 14_000 + "(AFP",
    "place-comma": "NEW YORK, " * 10_000 + "April",
    "months": "April 14, " * 10_000,
    "month-runs": "March " * 16_000 + "x",
    "published": "Published " + "on " * 30_000,
    "pipes": "Abc | " * 16_000,
    "read-more": "read more " * 10_000 + "x",
    "numbers-commas": "1,000," * 16_000,
    "line-100k": ("word " * 20_000)[:100_000],
    "unicode-letters": "é" * 50_000 + "!",
    "zero-width": "a\u200b" * 50_000,
}


@pytest.fixture(autouse=True)
def watchdog() -> Iterator[None]:
    """Exit with every thread's traceback if a pattern hangs: a regex in C cannot be interrupted."""
    faulthandler.dump_traceback_later(240, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


def rule_patterns() -> dict[str, re.Pattern[str]]:
    """Every compiled pattern of the ingest rule files, the gazetteer and the trigger lexicon."""
    found: dict[str, re.Pattern[str]] = {}
    for filename, kinds in (
        ("furniture.toml", ("line", "region", "heading", "tail")),
        ("metadata.toml", ("header", "byline", "dateline")),
    ):
        for kind in kinds:
            for rule in load_rules(filename, kind):
                found[f"{filename}:{kind}:{rule.name}"] = rule.pattern
                if rule.end is not None:
                    found[f"{filename}:{kind}:{rule.name}:end"] = rule.end
    found["outlets.toml:gazetteer"] = gazetteer().alias_pattern
    lexicon = load_lexicon()
    found["lexicon:words"] = lexicon.word_pattern
    for i, (pattern, type_name) in enumerate(lexicon.patterns):
        found[f"lexicon:{type_name}:{i}"] = pattern
    for kind, pattern in lexicon.cue_patterns.items():
        found[f"lexicon:cue:{kind}"] = pattern
    return found


def module_patterns() -> dict[str, re.Pattern[str]]:
    """Module-level compiled regexes of the ingest package, the sentence splitter, merge and pubdate."""
    names = [f"timeline.ingest.{m.name}" for m in pkgutil.iter_modules(timeline.ingest.__path__)]
    names += ["timeline.sentences", "timeline.events.merge", "timeline.pubdate"]
    found: dict[str, re.Pattern[str]] = {}
    for name in names:
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            if isinstance(value, re.Pattern) and value.pattern and isinstance(value.pattern, str):
                found[f"{name}.{attr}"] = value
    return found


PATTERNS = {**rule_patterns(), **module_patterns()}


def _timed(run: Callable[[], object]) -> float:
    began = time.perf_counter()
    run()
    return time.perf_counter() - began


def test_patterns_were_collected() -> None:
    assert len(rule_patterns()) >= 25 and len(module_patterns()) >= 10


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_pattern_is_linear_on_adversarial_input(name: str) -> None:
    pattern = PATTERNS[name]
    slow = {}
    for label, text in ADVERSARIAL.items():
        took = _timed(lambda t=text: (pattern.search(t), sum(1 for _ in pattern.finditer(t))))
        if took > BOUND:
            slow[label] = round(took, 2)
    assert not slow, f"{name} ({pattern.pattern[:80]}...) is slow on {slow}"


@pytest.mark.parametrize("label", sorted(ADVERSARIAL))
def test_splitter_and_tagger_are_bounded(label: str) -> None:
    text = ADVERSARIAL[label]
    assert _timed(lambda: split_sentences(text)) < BOUND
    assert _timed(lambda: tag_dates(text, date(2023, 4, 14))) < BOUND * 5  # the tagger runs ~200 rules
