"""The spaCy adapter, on a pipeline the test builds itself (official models cannot be downloaded in CI).

Skipped only when spaCy itself is not importable (it is a dev dependency, not a runtime one).
"""

from __future__ import annotations

from typing import Any

import pytest

from timeline.events import entities, spacy_adapter

spacy = pytest.importorskip("spacy")

TEXT = (
    "Chinese Defense Minister Gen. Li Shangfu met Russian President Vladimir Putin in the Kremlin, "
    "China's Defense Ministry said. Li later flew to Kuala Lumpur. Shoigu stayed in Moscow."
)
PATTERNS = [
    {"label": "NORP", "pattern": "Chinese"},
    {"label": "NORP", "pattern": "Russian"},
    {"label": "PERSON", "pattern": "Li Shangfu"},
    {"label": "PERSON", "pattern": "Vladimir Putin"},
    {"label": "PERSON", "pattern": "Li"},
    {"label": "FAC", "pattern": [{"LOWER": "the"}, {"TEXT": "Kremlin"}]},
    {"label": "GPE", "pattern": "China"},
    {"label": "ORG", "pattern": "Defense Ministry"},
    {"label": "GPE", "pattern": "Kuala Lumpur"},
    {"label": "GPE", "pattern": "Moscow"},
    {"label": "DATE", "pattern": "later"},
]


@pytest.fixture(scope="module")
def nlp() -> Any:
    pipeline = spacy.blank("en")
    ruler = pipeline.add_pipe("entity_ruler")
    ruler.add_patterns(PATTERNS)
    return pipeline


# surface, kind, canonical, country, role
EXPECTED = [
    ("Chinese", "NORP", "Chinese", "China", None),
    ("Li Shangfu", "PERSON", "Li Shangfu", "China", "Defense Minister"),
    ("Vladimir Putin", "PERSON", "Vladimir Putin", "Russia", "President"),
    ("Kremlin", "LOC", "Moscow", "Russia", None),
    ("Defense Ministry", "ORG", "Defense Ministry", None, None),
    ("Kuala Lumpur", "GPE", "Kuala Lumpur", "Malaysia", None),
    ("Moscow", "GPE", "Moscow", "Russia", None),
]


@pytest.mark.parametrize(("surface", "kind", "canonical", "country", "role"), EXPECTED)
def test_adapter_maps_spans_to_entities(
    *, nlp: Any, surface: str, kind: str, canonical: str, country: str | None, role: str | None
) -> None:
    found = {e.text: e for e in spacy_adapter.recognise_with_spacy(TEXT, nlp)}
    entity = found[surface]
    assert (entity.kind, entity.canonical, entity.country, entity.role) == (kind, canonical, country, role)
    assert TEXT[entity.char_start : entity.char_end] == surface


def test_adapter_drops_labels_outside_our_kinds(nlp: Any) -> None:
    assert "later" not in {e.text for e in spacy_adapter.recognise_with_spacy(TEXT, nlp)}


def test_recognise_entities_uses_spacy_when_chosen(nlp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(entities, "DEFAULT_BACKEND", "spacy")
    monkeypatch.setattr(spacy_adapter, "load_model", lambda name=spacy_adapter.MODEL_NAME: nlp)
    found = entities.recognise_entities(TEXT)
    li = [e for e in found if e.text == "Li"]
    assert li and li[0].canonical == "Li Shangfu"  # aliases are linked on this back-end too
    assert "Shoigu" not in {e.text for e in found}  # the ruler has no such pattern: spaCy's spans, not ours


def test_missing_model_is_not_available() -> None:
    assert spacy_adapter.model_available("no_such_model_for_this_test") is False
