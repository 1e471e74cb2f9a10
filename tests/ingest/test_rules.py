"""Every rule file's examples are matched by their rule and its counter-examples by none (rules as data)."""

from __future__ import annotations

import pytest

from timeline.ingest.outlets import gazetteer
from timeline.ingest.rules import Rule, load_rules

RULES: list[Rule] = [
    *(r for kind in ("line", "region", "heading", "tail") for r in load_rules("furniture.toml", kind)),
    *(r for kind in ("header", "byline", "dateline") for r in load_rules("metadata.toml", kind)),
]
EXAMPLES = [(r.name, r, e) for r in RULES for e in r.examples]
COUNTER = [(r.name, r, e) for r in RULES for e in r.counter_examples]


def test_every_rule_has_examples_and_counter_examples() -> None:
    for rule in RULES:
        assert rule.examples, rule.name
        assert rule.counter_examples, rule.name


@pytest.mark.parametrize(("name", "rule", "example"), EXAMPLES, ids=[f"{n}:{e[:30]}" for n, _, e in EXAMPLES])
def test_example_matches(name: str, rule: Rule, example: str) -> None:
    assert rule.pattern.search(example.strip()), f"{name} misses {example!r}"


@pytest.mark.parametrize(("name", "rule", "counter"), COUNTER, ids=[f"{n}:{e[:30]}" for n, _, e in COUNTER])
def test_counter_example_does_not_match(name: str, rule: Rule, counter: str) -> None:
    assert not rule.pattern.search(counter.strip()), f"{name} wrongly matches {counter!r}"


def test_region_end_patterns() -> None:
    ends = {r.name: r.end for r in load_rules("furniture.toml", "region")}
    assert ends["donation-appeal-message"] is not None
    assert ends["donation-appeal-message"].search("Remind me later.")
    assert ends["ad-free-banner"] is None  # ends at the next blank line


def test_gazetteer_size_and_kinds() -> None:
    outlets = gazetteer().outlets
    assert len(outlets) >= 60
    names = {o.name for o in outlets}
    assert {"AFP", "AP", "Reuters", "TASS", "Xinhua"} <= {o.name for o in outlets if o.agency}
    assert {"The Moscow Times", "The Hill", "BBC News", "The New York Times", "Al Jazeera"} <= names
    assert len(names) == len(outlets)


OUTLET_EXAMPLES = [(o.name, e) for o in gazetteer().outlets for e in o.examples]


@pytest.mark.parametrize(("name", "example"), OUTLET_EXAMPLES)
def test_outlet_examples(name: str, example: str) -> None:
    assert name in [o.name for o in gazetteer().find_all(example)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Hill", ["The Hill"]),
        ("read it at www.reuters.com today", ["Reuters"]),
        ("the hill was steep", []),  # names are case-sensitive
        ("APPLE announced", []),  # no partial words
        ("The National Security Council met", []),
    ],
)
def test_gazetteer_matching(text: str, expected: list[str]) -> None:
    assert [o.name for o in gazetteer().find_all(text)] == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.themoscowtimes.com/2024/11/10/a", "The Moscow Times"),
        ("https://edition.cnn.com/x", "CNN"),
        ("https://news.bbc.co.uk/x", "BBC News"),
        ("https://example.org/x", None),
    ],
)
def test_outlet_from_url(url: str, expected: str | None) -> None:
    found = gazetteer().from_url(url)
    assert (found.name if found else None) == expected
