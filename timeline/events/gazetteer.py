"""The entity recogniser's vocabulary: countries, cities, demonyms, landmarks, organisations and roles.

Everything here is data loaded once from `resources/` (and from pycountry for country names), turned
into dictionaries keyed by token tuples so that the recogniser does dictionary look-ups, never scans.
Vocabulary lives apart from the rules that use it (see STYLE.md, "Rules as data").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import pycountry

#: One token: a word (with inner periods, hyphens, ampersands and name apostrophes such as O'Brien,
#: N'Djamena, Xi'an; a trailing period is decided later), a number, a possessive, or one other character.
TOKEN_RE = re.compile(
    r"(?P<word>[^\W\d_][\w]*(?:(?:[.\-&]|['’](?=[^\W\d_]{2}|[A-Z]))[\w]+)*\.?)"
    r"|(?P<poss>['’]s\b)"
    r"|(?P<num>\d[\d,.]*\d|\d)"
    r"|(?P<other>\S)"
)

#: Words that keep their final period: abbreviations whose period is not a sentence end ("Gen. Li").
_KEEP_PERIOD_WORDS = frozenset(
    (
        *("mr", "mrs", "ms", "mx", "dr", "prof", "rev", "fr", "gen", "lt", "col", "maj", "capt", "cmdr"),
        *("adm", "brig", "sgt", "cpl", "pvt", "sen", "rep", "gov", "supt", "insp", "det"),
        *("corp", "inc", "ltd", "co", "jr", "sr", "st", "no", "vs", "mt", "ft"),
    )
)

#: Countries whose states or provinces are named in news without their country ("California", "Ontario").
SUBDIVISION_COUNTRIES = frozenset({"US", "CA", "AU", "IN"})


@dataclass(frozen=True)
class Place:
    """What a place name means: its kind (GPE or LOC), canonical name and country."""

    kind: str
    canonical: str
    country: str | None


@dataclass(frozen=True)
class Gazetteer:
    """Look-up tables keyed by tuples of tokens, as `tokenize` cuts them."""

    places: dict[tuple[str, ...], Place]
    demonyms: dict[tuple[str, ...], str | None]
    organisations: frozenset[tuple[str, ...]]
    org_heads: frozenset[str]
    org_leads: frozenset[str]
    loc_heads: frozenset[str]
    not_heads: frozenset[str]
    not_acronyms: frozenset[str]
    honorifics: frozenset[tuple[str, ...]]
    role_heads: frozenset[str]
    role_words: frozenset[str]
    common_words: frozenset[str]
    #: Family names written first ("Kim" of "Kim Jong Un"): a lone one is that person's short form.
    family_first: frozenset[str] = frozenset()
    country_names: dict[str, str] = field(default_factory=dict)
    first_words: frozenset[str] = frozenset()
    place_last_words: frozenset[str] = frozenset()
    max_phrase: int = 6


def strip_accents(text: str) -> str:
    """ASCII spelling of a name ("Bogotá" -> "Bogota"), so either spelling matches."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def tokenize(text: str) -> Iterator[tuple[str, int, int]]:
    """(token, start, end) for every token; a final period stays only on abbreviations and initialisms."""
    for match in TOKEN_RE.finditer(text):
        token = match.group()
        start, end = match.span()
        if token[-1] == "." and len(token) > 1 and match.lastgroup == "word":
            stem = token[:-1]
            keep = "." in stem or (len(stem) == 1 and stem.isupper()) or stem.lower() in _KEEP_PERIOD_WORDS
            if not keep:
                yield stem, start, end - 1
                yield ".", end - 1, end
                continue
        yield token, start, end


def key_of(phrase: str) -> tuple[str, ...]:
    """The token tuple a phrase is looked up by."""
    return tuple(token for token, _, _ in tokenize(phrase))


def _lines(name: str) -> Iterator[list[str]]:
    """Non-comment, non-empty lines of a resource file, split on tabs."""
    text = resources.files("timeline.events").joinpath("resources", name).read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield [cell.strip() for cell in line.split("\t")]


def _country_table() -> tuple[dict[str, str], dict[tuple[str, ...], str]]:
    """alpha_2 -> display name, and every spelling (pycountry's and ours) -> display name."""
    display: dict[str, str] = {}
    spellings: dict[tuple[str, ...], str] = {}
    overrides = {row[0]: row for row in _lines("countries.tsv")}
    for country in pycountry.countries:
        code = country.alpha_2
        row = overrides.get(code)
        common = getattr(country, "common_name", None)
        name = (row[1] if row and len(row) > 1 and row[1] else None) or common or country.name
        display[code] = name
        names = {name, country.name, common, getattr(country, "official_name", None)}
        if row and len(row) > 2:
            names.update(alias for alias in row[2].split("|") if alias)
        for spelling in filter(None, names):
            if "," not in spelling:  # "Korea, Republic of" is an index form, never prose
                spellings[key_of(spelling)] = name
                spellings[key_of(strip_accents(spelling))] = name
    display.setdefault("XK", "Kosovo")
    if "XK" in overrides:
        for alias in overrides["XK"][2].split("|"):
            spellings[key_of(alias)] = "Kosovo"
    return display, spellings


def _places(display: dict[str, str], countries: dict[tuple[str, ...], str]) -> dict[tuple[str, ...], Place]:
    """Countries, cities (with aliases), landmarks, regions and states by token tuple; countries win."""
    places: dict[tuple[str, ...], Place] = {}
    cities: dict[str, Place] = {}
    for name, code, _population, _capital in _lines("cities.tsv"):
        place = Place("GPE", name, display.get(code))
        cities[name] = place
        places.setdefault(key_of(name), place)
        places.setdefault(key_of(strip_accents(name)), place)
    for alias, name in _lines("city_aliases.tsv"):
        if name in cities:
            places[key_of(alias)] = cities[name]
    for name, city, code in _lines("landmarks.tsv"):
        places[key_of(name)] = Place("LOC", city, display.get(code))
    for (name,) in _lines("regions.tsv"):
        places[key_of(name)] = Place("LOC", name, None)
    for sub in pycountry.subdivisions:
        if sub.country_code in SUBDIVISION_COUNTRIES and sub.type in ("State", "Province", "Territory"):
            place = Place("GPE", sub.name, display.get(sub.country_code))
            places.setdefault(key_of(sub.name), place)
            places.setdefault(key_of(strip_accents(sub.name)), place)
    for spelling, country in countries.items():
        places[spelling] = Place("GPE", country, country)
    return places


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """Build every table once per process (about 20 ms); later calls return the same object."""
    display, countries = _country_table()
    demonyms = {key_of(word): display.get(code) for word, code in _lines("demonyms.tsv")}
    orgs = list(_lines("organisations.tsv"))
    roles = list(_lines("roles.txt"))
    common: set[str] = set()
    for (line,) in _lines("common_words.txt"):
        common.update(line.split())
    places = _places(display, countries)
    organisations = frozenset(key_of(text) for kind, text in orgs if kind == "known")
    honorifics = frozenset(key_of(h) for (h,) in _lines("honorifics.txt")) | frozenset(
        key_of(h + ".") for (h,) in _lines("honorifics.txt")
    )
    first_words = {key[0] for table in (places, demonyms, organisations, honorifics) for key in table if key}
    return Gazetteer(
        places=places,
        demonyms=demonyms,
        organisations=organisations,
        org_heads=frozenset(text.rstrip(".") for kind, text in orgs if kind == "head"),
        org_leads=frozenset(text for kind, text in orgs if kind == "lead"),
        not_acronyms=frozenset(text for kind, text in orgs if kind == "notacronym"),
        loc_heads=frozenset(text for kind, text in orgs if kind == "lochead"),
        not_heads=frozenset(text for kind, text in orgs if kind == "nothead"),
        honorifics=honorifics,
        role_heads=frozenset(text.lower() for kind, text in roles if kind == "head"),
        role_words=frozenset(word for _kind, text in roles for word in text.lower().split()),
        common_words=frozenset(common),
        family_first=frozenset(name for (name,) in _lines("family_first_surnames.txt")),
        country_names=dict(display),
        first_words=frozenset(first_words),
        place_last_words=frozenset(key[-1] for table in (places, demonyms) for key in table if key),
    )


def lookup_place(name: str) -> Place | None:
    """The place a name denotes (country, city or landmark), for adapters that find spans elsewhere."""
    gazetteer = load_gazetteer()
    key = key_of(name)
    if key and key[0].lower() == "the":
        key = key[1:]
    return gazetteer.places.get(key)


def lookup_demonym(word: str) -> str | None:
    """The country a demonym belongs to ("Chinese" -> "China"), or None."""
    return load_gazetteer().demonyms.get(key_of(word))
