"""The trigger lexicon: every type's examples match it, its counter-examples match nothing of it."""

from __future__ import annotations

import pytest

from timeline.events.lexicon import load_lexicon

LEXICON = load_lexicon()
EXAMPLES = [(name, ex) for name, t in LEXICON.types.items() for ex in t.examples]
COUNTER_EXAMPLES = [(name, ex) for name, t in LEXICON.types.items() for ex in t.counter_examples]


def test_every_type_has_examples() -> None:
    assert all(t.examples for t in LEXICON.types.values())


@pytest.mark.parametrize(("type_name", "sentence"), EXAMPLES)
def test_example_is_matched_by_its_type(type_name: str, sentence: str) -> None:
    assert type_name in {t.type.name for t in LEXICON.find_triggers(sentence)}


@pytest.mark.parametrize(("type_name", "sentence"), COUNTER_EXAMPLES)
def test_counter_example_is_not_matched_by_its_type(type_name: str, sentence: str) -> None:
    assert type_name not in {t.type.name for t in LEXICON.find_triggers(sentence)}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Xi held a phone call with Putin.", [("phone call", "call")]),  # the longest phrase wins
        ("Shoigu held talks on Thursday.", [("held talks", "meeting")]),
        ("He landed in Beijing.", [("landed", "arrival")]),
        ("Russia ordered troops into Ukraine.", [("ordered troops", "deployment")]),
        ("The metal detector beeped.", []),
    ],
)
def test_find_triggers(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert [(t.text, t.type.name) for t in LEXICON.find_triggers(sentence)] == expected


def test_trigger_offsets_point_at_the_text() -> None:
    text = "Sergei Shoigu landed in Beijing on Friday for a flying visit to meet Xi."
    for trig in LEXICON.find_triggers(text):
        assert text[trig.start : trig.end] == trig.text


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        ("future", "Shoigu will visit China", True),
        ("future", "He is scheduled to meet Xi", True),
        ("future", "He visited China", False),
        ("negation", "China would not be helping Russia", True),
        ("negation", "China denied the claims", True),
        ("negation", "Nothing here is notable", False),
    ],
)
def test_status_cues(kind: str, text: str, expected: bool) -> None:
    assert LEXICON.has_cue(kind, text) is expected
