"""The spaCy-backed entity recogniser, used instead of the rules when an official English model is installed.

spaCy is optional (not a runtime dependency): this module imports it lazily. The official models install
only from spaCy's own release site (`python -m spacy download en_core_web_sm`); third-party re-uploads on
the package index are never used. spaCy finds the spans; the gazetteer adds the country, and the rule
recogniser's role reader adds the title ("Defense Minister"), so both back-ends return the same `Entity`.
"""

from __future__ import annotations

import importlib.util
import logging
from functools import lru_cache
from typing import Any

from timeline.events.gazetteer import load_gazetteer, lookup_demonym, lookup_place
from timeline.model import Entity

logger = logging.getLogger(__name__)

#: The official model tried when the user has installed it.
MODEL_NAME = "en_core_web_sm"
#: spaCy's labels -> ours; labels not listed (DATE, MONEY, PRODUCT ...) are left out.
LABELS = {
    "PERSON": "PERSON",
    "PER": "PERSON",
    "ORG": "ORG",
    "GPE": "GPE",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "NORP",
}


def model_available(name: str = MODEL_NAME) -> bool:
    """True when spaCy is importable and the official model `name` is installed as a package.

    Both are looked up without importing them first, so a machine without the model never pays for
    importing spaCy (about a second).
    """
    if importlib.util.find_spec("spacy") is None or importlib.util.find_spec(name) is None:
        return False
    import spacy

    return bool(spacy.util.is_package(name))


@lru_cache(maxsize=2)
def load_model(name: str = MODEL_NAME) -> Any:
    """The loaded pipeline, once per process; only the parts named-entity recognition needs."""
    import spacy

    logger.info("loading spaCy model %s for entity recognition", name)
    return spacy.load(name, exclude=["lemmatizer", "textcat"])


def recognise_with_spacy(text: str, nlp: Any) -> list[Entity]:
    """Entities of `text` from a spaCy pipeline `nlp` (any pipeline that sets `doc.ents`), in text order."""
    doc = nlp(text)
    return [entity for span in doc.ents if (entity := _entity(text, span)) is not None]


def _entity(text: str, span: Any) -> Entity | None:
    kind = LABELS.get(span.label_)
    if kind is None:
        return None
    surface = span.text
    start, end = span.start_char, span.end_char
    if surface.lower().startswith("the "):
        surface, start = surface[4:], start + 4
    if kind in ("GPE", "LOC"):
        place = lookup_place(surface)
        if place is not None:
            return Entity(surface, start, end, place.kind, place.canonical, country=place.country)
        return Entity(surface, start, end, kind, surface)
    if kind == "NORP":
        return Entity(surface, start, end, kind, surface, country=lookup_demonym(surface))
    if kind == "PERSON":
        role, country = _role_and_country(text, start)
        return Entity(surface, start, end, kind, surface, country=country, role=role)
    return Entity(surface, start, end, kind, surface)


def _role_and_country(text: str, start: int) -> tuple[str | None, str | None]:
    """The role and country stated just before a person, read by the rule recogniser's role reader."""
    from timeline.events.entities import role_before_offset

    window = max(0, text.rfind("\n", 0, start) + 1, start - 200)
    return role_before_offset(text[window:start], load_gazetteer())
