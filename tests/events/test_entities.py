"""The rule entity recogniser: one row per behaviour (people and roles, places, organisations, aliases)."""

from __future__ import annotations

import pytest

from timeline.events.entities import link_aliases, recognise_entities, recognise_with_rules
from timeline.events.gazetteer import load_gazetteer, lookup_demonym, lookup_place
from timeline.model import Entity

# text, surface, kind, canonical, country, role  (None in an expectation: not checked)
FOUND = [
    # the Arabic article written on a name part ("al-Assad", "Bab al-Hawa")
    ("Syrian President Bashar al-Assad agreed on Monday.", "Bashar al-Assad", "PERSON", None, None, None),
    ("The convoy crossed through the Bab al-Hawa border crossing.", "Bab al-Hawa", "LOC", None, None, None),
    # unknown names in a place's context, place and organisation heads
    ("Kim met Shoigu at an airfield near Vladivostok.", "Vladivostok", "LOC", None, None, None),
    (
        "They met at the Vostochny Cosmodrome in the Amur region.",
        "Vostochny Cosmodrome",
        "LOC",
        None,
        None,
        None,
    ),
    ("They met at the Vostochny Cosmodrome in the Amur region.", "Amur", "LOC", None, None, None),
    ("Talks were held in Khasan on Tuesday.", "Khasan", "LOC", None, None, None),
    ("It bought a stake in Rosneft last year.", "Rosneft", "ORG", None, None, None),
    ("Kim toured a frigate of the Pacific Fleet.", "Pacific Fleet", "ORG", None, None, None),
    # a portfolio before "Minister" belongs to the role
    (
        "Natural Resources Minister Alexander Kozlov greeted him.",
        "Alexander Kozlov",
        "PERSON",
        None,
        None,
        "Minister",
    ),
    (
        "Chinese Defense Minister Gen. Li Shangfu will visit Russia next week.",
        "Li Shangfu",
        "PERSON",
        "Li Shangfu",
        "China",
        "Defense Minister",
    ),
    (
        "Chinese Defense Minister Gen. Li Shangfu will visit Russia next week.",
        "Chinese",
        "NORP",
        None,
        "China",
        None,
    ),
    (
        "The secretary of Russia's Security Council Sergei Shoigu will visit China.",
        "Security Council",
        "ORG",
        None,
        "Russia",
        None,
    ),
    (
        "Russia's Security Council secretary Sergei Shoigu arrived.",
        "Sergei Shoigu",
        "PERSON",
        None,
        "Russia",
        "Security Council secretary",
    ),
    (
        "He held talks with Malaysian Prime Minister Anwar Ibrahim in Kuala Lumpur.",
        "Anwar Ibrahim",
        "PERSON",
        None,
        "Malaysia",
        "Prime Minister",
    ),
    (
        "He held talks with Malaysian Prime Minister Anwar Ibrahim in Kuala Lumpur.",
        "Kuala Lumpur",
        "GPE",
        "Kuala Lumpur",
        "Malaysia",
        None,
    ),
    (
        "He also met Indonesian President Prabowo Subianto in Jakarta.",
        "Prabowo Subianto",
        "PERSON",
        None,
        "Indonesia",
        "President",
    ),
    (
        "He also met Indonesian President Prabowo Subianto in Jakarta.",
        "Jakarta",
        "GPE",
        None,
        "Indonesia",
        None,
    ),
    (
        "They met Defence Minister Sjafrie Sjamsoeddin on Monday.",
        "Sjafrie Sjamsoeddin",
        "PERSON",
        None,
        None,
        "Defence Minister",
    ),
    (
        "Defense Ministry spokesperson Col. Tan Kefei said.",
        "Tan Kefei",
        "PERSON",
        None,
        None,
        "Defense Ministry spokesperson",
    ),
    ("Defense Ministry spokesperson Col. Tan Kefei said.", "Defense Ministry", "ORG", None, None, None),
    (
        "talks with Chinese Foreign Minister Wang Yi on security",
        "Wang Yi",
        "PERSON",
        None,
        "China",
        "Foreign Minister",
    ),
    (
        "to meet Foreign Minister of the People's Republic of China Wang Yi.",
        "Wang Yi",
        "PERSON",
        None,
        "China",
        "Foreign Minister",
    ),
    (
        "Xi spoke with his Russian counterpart Vladimir Putin.",
        "Vladimir Putin",
        "PERSON",
        None,
        "Russia",
        "counterpart",
    ),
    ("A deal was signed by Mr. John Smith yesterday.", "John Smith", "PERSON", None, None, None),
    ("The report was written by Dr Jane Roe.", "Jane Roe", "PERSON", None, None, None),
    ("Paul Nesbit said the contract was large.", "Paul Nesbit", "PERSON", None, None, None),
    ("Shoigu landed in Beijing on Friday.", "Beijing", "GPE", "Beijing", "China", None),
    ("Troops moved towards Kiev overnight.", "Kiev", "GPE", "Kyiv", "Ukraine", None),
    ("The talks in Washington ended.", "Washington", "GPE", None, "United States", None),
    ("Moscow and Beijing deepened ties.", "Moscow", "GPE", None, "Russia", None),
    ("blamed the U.S. and NATO for it", "U.S.", "GPE", "United States", "United States", None),
    ("blamed the U.S. and NATO for it", "NATO", "ORG", None, None, None),
    ("trade with the US grew", "US", "GPE", "United States", None, None),
    ("trade with the United States grew", "United States", "GPE", "United States", None, None),
    ("Britain and the UK are one country.", "Britain", "GPE", "United Kingdom", None, None),
    ("Seoul is the capital of South Korea.", "South Korea", "GPE", "South Korea", None, None),
    ("Sanctions on Iran were eased.", "Iran", "GPE", "Iran", None, None),
    ("The Russian Federation said so.", "Russian Federation", "GPE", "Russia", None, None),
    ("They met at the Kremlin on Sunday.", "Kremlin", "LOC", "Moscow", "Russia", None),
    (
        "he heads the ruling Communist Party's powerful Central Political and Legal Affairs Commission.",
        "Central Political and Legal Affairs Commission",
        "ORG",
        None,
        None,
        None,
    ),
    (
        "he heads the ruling Communist Party's powerful commission.",
        "Communist Party",
        "ORG",
        None,
        None,
        None,
    ),
    (
        "The Ministry of Foreign Affairs issued a note.",
        "Ministry of Foreign Affairs",
        "ORG",
        None,
        None,
        None,
    ),
    ("the state-run TASS news agency said", "TASS", "ORG", None, None, None),
    ("according to Reuters and AFP reports", "Reuters", "ORG", None, None, None),
    ("the FBI opened an inquiry", "FBI", "ORG", None, None, None),
    ("Ships crossed the South China Sea at night.", "South China Sea", "LOC", None, None, None),
    ("Voters in California and Ontario went to the polls.", "California", "GPE", None, "United States", None),
    ("Sino-Russian ties grew while Europe watched.", "Europe", "LOC", None, None, None),
    ("Putin met Chinese Defense Minister Li Shangfu.", "Putin", "PERSON", None, None, None),
    ("Days later Xi spoke with his counterpart.", "Xi", "PERSON", None, None, None),
    ("Sanchez told reporters the vote was close.", "Sanchez", "PERSON", None, None, None),
]

# text, surface that must not be tagged at all
NOT_FOUND = [
    ("Natural Resources Minister Alexander Kozlov greeted him.", "Natural Resources"),
    ("The visit ended. During the talks nothing was agreed.", "During"),
    ("Officially, however, China remains neutral.", "Officially"),
    ("The meeting took place in November on a Monday.", "November"),
    ("The meeting took place in November on a Monday.", "Monday"),
    ("The visit ended. The talks went on.", "The"),
    ("the Defense Ministry said Friday that it would respond.", "Friday"),
    ("Prices rose 3% in GDP terms, the CEO said on TV.", "GDP"),
    ("Prices rose 3% in GDP terms, the CEO said on TV.", "TV"),
    ("The Espionage Act was invoked.", "Espionage Act"),
    ("China Minister Hails Strong Russia Ties In Putin Meeting\nPutin met the minister.", "Hails"),
    ("Google met the deadline.", "Google"),
]


def _find(text: str, surface: str) -> Entity | None:
    return next((e for e in recognise_entities(text) if e.text == surface), None)


@pytest.mark.parametrize(("text", "surface", "kind", "canonical", "country", "role"), FOUND)
def test_found(
    *, text: str, surface: str, kind: str, canonical: str | None, country: str | None, role: str | None
) -> None:
    entity = _find(text, surface)
    assert entity is not None, [(e.text, e.kind) for e in recognise_entities(text)]
    assert entity.kind == kind
    assert text[entity.char_start : entity.char_end] == surface
    if canonical is not None:
        assert entity.canonical == canonical
    if country is not None:
        assert entity.country == country
    if role is not None:
        assert entity.role == role


@pytest.mark.parametrize(("text", "surface"), NOT_FOUND)
def test_not_found(text: str, surface: str) -> None:
    assert all(surface != e.text and surface not in e.text.split() for e in recognise_entities(text))


# An article, the short reference, and the full name it resolves to.
ALIASES = [
    # a family name written first ("Kim Jong Un") is the short form, even at a sentence's start
    ("Vladimir Putin and Kim Jong Un met on Wednesday. Kim arrived on Tuesday.", "Kim", "Kim Jong Un"),
    ("Putin met Kim Jong Un. Later, Kim, speaking through an interpreter, said so.", "Kim", "Kim Jong Un"),
    ("Chinese Defense Minister Li Shangfu met Putin. Li said ties were strong.", "Li", "Li Shangfu"),
    (
        "Russia's Security Council secretary Sergei Shoigu will visit China. Shoigu will meet Wang Yi.",
        "Shoigu",
        "Sergei Shoigu",
    ),
    (
        "Russian President Vladimir Putin met the minister. Putin said it went well.",
        "Putin",
        "Vladimir Putin",
    ),
    ("Chinese President Xi Jinping spoke. Days later Xi spoke with Putin again.", "Xi", "Xi Jinping"),
    (
        "Shoigu lands in Beijing\nTop Russian security official Sergei Shoigu landed on Friday.",
        "Shoigu",
        "Sergei Shoigu",
    ),
    ("Defense Ministry spokesperson Col. Tan Kefei spoke. Tan was quoted as saying so.", "Tan", "Tan Kefei"),
]


@pytest.mark.parametrize(("text", "short", "full"), ALIASES)
def test_short_reference_resolves_to_full_name(text: str, short: str, full: str) -> None:
    entity = _find(text, short)
    assert entity is not None
    assert entity.kind == "PERSON"
    assert entity.canonical == full


def _person(name: str, start: int) -> Entity:
    return Entity(name, start, start + len(name), "PERSON", name)


@pytest.mark.parametrize(
    ("entities", "expected"),
    [
        ([_person("Li Shangfu", 0), _person("Li", 50)], ["Li Shangfu", "Li Shangfu"]),
        ([_person("Shoigu", 0), _person("Sergei Shoigu", 50)], ["Sergei Shoigu", "Sergei Shoigu"]),
        # the closest earlier full name wins when two people share a word
        (
            [_person("Li Wei", 0), _person("Li Shangfu", 20), _person("Li", 50)],
            ["Li Wei", "Li Shangfu", "Li Shangfu"],
        ),
        ([_person("Smith", 0)], ["Smith"]),
        ([Entity("China", 0, 5, "GPE", "China", "China"), _person("Wang", 9)], ["China", "Wang"]),
    ],
)
def test_link_aliases(entities: list[Entity], expected: list[str]) -> None:
    assert [e.canonical for e in link_aliases(entities)] == expected


def test_offsets_match_text_and_are_ordered() -> None:
    text = (
        "BEIJING (AP) — Chinese Defense Minister Gen. Li Shangfu will visit Russia, "
        "China’s Defense Ministry said."
    )
    entities = recognise_entities(text)
    assert [e.char_start for e in entities] == sorted(e.char_start for e in entities)
    assert all(text[e.char_start : e.char_end] == e.text for e in entities)


def test_rules_are_the_default_without_a_spacy_model() -> None:
    text = "Russian President Vladimir Putin met Chinese leader Xi Jinping in Moscow."
    assert recognise_with_rules(text) == [
        e for e in recognise_with_rules(text) if e.kind in {"PERSON", "ORG", "GPE", "LOC", "NORP"}
    ]


@pytest.mark.parametrize(
    ("name", "canonical", "country"),
    [
        ("Kuala Lumpur", "Kuala Lumpur", "Malaysia"),
        ("Beijing", "Beijing", "China"),
        ("Moscow", "Moscow", "Russia"),
        ("Jakarta", "Jakarta", "Indonesia"),
        ("Kyiv", "Kyiv", "Ukraine"),
        ("Kiev", "Kyiv", "Ukraine"),
        ("Washington", "Washington", "United States"),
        ("the Kremlin", "Moscow", "Russia"),
        ("Bogota", "Bogotá", "Colombia"),
        ("Russia", "Russia", "Russia"),
        ("the United States", "United States", "United States"),
        ("UK", "United Kingdom", "United Kingdom"),
        ("Türkiye", "Turkey", "Turkey"),
    ],
)
def test_gazetteer_places(name: str, canonical: str, country: str) -> None:
    place = lookup_place(name)
    assert place is not None
    assert (place.canonical, place.country) == (canonical, country)


@pytest.mark.parametrize(
    ("word", "country"),
    [
        ("Russian", "Russia"),
        ("Chinese", "China"),
        ("Malaysian", "Malaysia"),
        ("Indonesian", "Indonesia"),
        ("American", "United States"),
        ("British", "United Kingdom"),
        ("European", None),
    ],
)
def test_demonyms(word: str, country: str | None) -> None:
    assert lookup_demonym(word) == country


def test_every_capital_has_a_country() -> None:
    gazetteer = load_gazetteer()
    cities = [p for p in gazetteer.places.values() if p.kind == "GPE" and p.canonical != p.country]
    assert len(cities) > 500
    assert all(p.country for p in cities)
