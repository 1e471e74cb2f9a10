"""Every rule of every language: its examples match it, its counter-examples match nothing."""

from __future__ import annotations

from datetime import date

import pytest

from timeline.dates.engine import tag
from timeline.dates.grammar import Rule, load_grammar
from timeline.dates.values import REGISTRY
from timeline.settings import Settings

LANGUAGES = ["en", "ru"]
ANCHOR = date(2023, 4, 14)


def _rules() -> list[tuple[str, Rule]]:
    return [(language, rule) for language in LANGUAGES for rule in load_grammar(language).rules]


def _rule_id(item: tuple[str, Rule]) -> str:
    return f"{item[0]}:{item[1].name}"


RULES = _rules()
EXAMPLES = [(lang, rule, example) for lang, rule in RULES for example in rule.examples]
COUNTER = [(lang, rule, example) for lang, rule in RULES for example in rule.counter_examples]


@pytest.mark.parametrize("item", RULES, ids=[_rule_id(item) for item in RULES])
def test_rule_is_well_formed(item: tuple[str, Rule]) -> None:
    language, rule = item
    assert rule.normaliser in REGISTRY, f"{language}:{rule.name} names an unknown normaliser"
    assert rule.examples, f"{language}:{rule.name} has no examples"


@pytest.mark.parametrize(
    ("language", "rule", "example"), EXAMPLES, ids=[f"{lang}:{rule.name}:{ex}" for lang, rule, ex in EXAMPLES]
)
def test_example_is_matched_by_its_rule(language: str, rule: Rule, example: str) -> None:
    assert rule.regex.search(example), f"{rule.name} does not match {example!r}"
    found = tag(example, ANCHOR, Settings(language=language), include_latent=True)
    assert any(e.rule.split("+")[0] == rule.name for e in found), (
        f"{rule.name}: {example!r} tagged as {[(e.text, e.rule) for e in found]}"
    )


@pytest.mark.parametrize(
    ("language", "rule", "example"), COUNTER, ids=[f"{lang}:{rule.name}:{ex}" for lang, rule, ex in COUNTER]
)
def test_counter_example_is_matched_by_no_rule(language: str, rule: Rule, example: str) -> None:
    found = tag(example, ANCHOR, Settings(language=language))
    assert found == [], f"{example!r} tagged as {[(e.text, e.rule) for e in found]}"


def test_unknown_language_falls_back_to_english() -> None:
    assert load_grammar("xx").language == "en"
