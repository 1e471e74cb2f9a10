"""Named entities in news prose: people with their roles, places with their country, organisations.

The default recogniser is rules over lexicons (gazetteer.py): it cuts the text into tokens, groups
capitalised tokens into runs, splits each run by dictionary look-ups into places, demonyms, known
organisations, titles and roles, and decides what the remaining name-like chunks are from the evidence
around them (a title or role before, "said" after, an organisation head word at the end, the same name
elsewhere in the article). It does dictionary look-ups only, so it runs at thousands of articles a second.
When an official spaCy English model is installed, `recognise_entities` uses it instead (spacy_adapter.py).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import NamedTuple

from timeline.events.gazetteer import Gazetteer, load_gazetteer, tokenize
from timeline.model import Entity
from timeline.settings import Settings

logger = logging.getLogger(__name__)

#: Which recogniser runs: "auto" (spaCy when an official English model is installed, else rules),
#: "rules" or "spacy". Read from `Settings.entity_backend` when that field exists.
DEFAULT_BACKEND = "auto"

#: Lower-case words that join capitalised words into one name ("Ministry of Defence", "bin Salman").
CONNECTORS = frozenset(
    {"of", "and", "&", "de", "du", "da", "del", "der", "van", "von", "bin", "al", "la", "le"}
)
#: Verbs of saying: a name-like chunk right before one is a person ("Tan said").
SPEECH_VERBS = frozenset(
    (
        *("said", "says", "told", "added", "stated", "noted", "explained"),
        *("insisted", "wrote", "argued", "warned", "recalled", "replied", "asked"),
    )
)
#: Verbs whose subject is a person, not an organisation: a lone name-shaped word right before one is a
#: person even at the start of a sentence ("Putin met ...", "Xi spoke with ..."; "Apple said" stays unknown).
PERSON_AGENT_VERBS = frozenset(
    (
        *("met", "meets", "spoke", "speaks", "phoned", "telephoned", "greeted", "shook"),
        *("told", "tells", "chatted", "hugged"),
    )
)
#: What follows such a verb when its subject is a person ("met Li", "spoke with", "told reporters");
#: "Google met the deadline" does not qualify.
_PERSON_VERB_FOLLOWERS = frozenset({"with", "to", "his", "her", "reporters", "journalists", "lawmakers"})
_SENTENCE_END = frozenset({".", "!", "?", "…"})
_OPENERS = frozenset({'"', "“", "‘", "'", "(", "[", "—", "–", "-", "«"})


class _Tok(NamedTuple):
    text: str
    start: int
    end: int
    cap: bool
    initial: bool


@dataclass(frozen=True)
class _Found:
    """An entity under construction: token range, kind, and what the evidence said."""

    i: int
    j: int
    kind: str
    canonical: str | None = None
    country: str | None = None
    role: str | None = None
    tentative: bool = False


def recognise_entities(text: str, *, settings: Settings | None = None) -> list[Entity]:
    """Entities of `text` in text order, offsets into `text`, short names linked to full ones.

    Uses spaCy when `settings.entity_backend` (default "auto") allows it and an official English model
    is installed; otherwise the rule recogniser. Both return the same `Entity` values.
    """
    backend = getattr(settings, "entity_backend", DEFAULT_BACKEND) if settings else DEFAULT_BACKEND
    if backend == "spacy" or (backend == "auto" and _spacy_model_available()):
        from timeline.events.spacy_adapter import load_model, recognise_with_spacy

        return link_aliases(recognise_with_spacy(text, load_model()))
    return link_aliases(recognise_with_rules(text))


@lru_cache(maxsize=1)
def _spacy_model_available() -> bool:
    from timeline.events.spacy_adapter import model_available

    return model_available()


def recognise_with_rules(text: str) -> list[Entity]:
    """The rule recogniser alone (no alias linking): see the module docstring."""
    gaz = load_gazetteer()
    toks = _tokens(text)
    lower_seen = {t.text.lower() for t in toks if t.text[:1].islower() and not t.cap}
    found: list[_Found] = []
    for i, j in _runs(toks):
        found.extend(_read_run(toks, i, j, gaz, lower_seen=lower_seen, text=text))
    found = _settle_tentative(toks, found)
    return [_entity(text, toks, f) for f in sorted(found, key=lambda f: f.i)]


def _tokens(text: str) -> list[_Tok]:
    """Tokens with two flags: capitalised, and first of a sentence or line."""
    out: list[_Tok] = []
    prev_text, prev_end, opener_initial = ".", 0, False
    find = text.find
    for word, start, end in tokenize(text):
        initial = opener_initial or prev_text in _SENTENCE_END or find("\n", prev_end, start) >= 0
        out.append(_Tok(word, start, end, word[0].isupper() or bool(_ARABIC_ARTICLE.match(word)), initial))
        if word in _OPENERS:
            opener_initial = initial
        else:
            prev_text, prev_end, opener_initial = word, end, False
    return out


def _runs(toks: list[_Tok]) -> list[tuple[int, int]]:
    """Maximal runs [i, j) of capitalised tokens on one line, joined by connectors and possessives."""
    runs: list[tuple[int, int]] = []
    i, n = 0, len(toks)
    while i < n:
        if not toks[i].cap:
            i += 1
            continue
        j = i + 1
        while j < n:
            if toks[j].cap and _same_line(toks[j - 1], toks[j]):
                j += 1
                continue
            k = j
            while k < n and (toks[k].text in CONNECTORS or toks[k].text in ("'s", "’s", "the")):
                k += 1
            if k > j and k < n and toks[k].cap and toks[j].text != "the":
                j = k + 1
                continue
            break
        runs.append((i, j))
        i = j
    return runs


def _same_line(a: _Tok, b: _Tok) -> bool:
    return b.start - a.end <= 2 and not b.initial


def _read_run(
    toks: list[_Tok], i: int, j: int, gaz: Gazetteer, *, lower_seen: set[str], text: str
) -> list[_Found]:
    """Entities of one capitalised run: organisation spans first, then look-ups, then names."""
    for kind, heads, leads in (("ORG", gaz.org_heads, gaz.org_leads), ("LOC", gaz.loc_heads, frozenset())):
        span = _headed_span(toks, i, j, gaz, head_words=heads, leads=leads)
        if span is not None:
            s, e = span
            country = _country_inside(toks, s, e, gaz) or _country_before(toks, s, gaz)
            left = _read_run(toks, i, s, gaz, lower_seen=lower_seen, text=text) if s > i else []
            right = _read_run(toks, e, j, gaz, lower_seen=lower_seen, text=text) if e < j else []
            return [*left, _Found(s, e, kind, country=country), *right]
    return _read_plain(toks, i, j, gaz, lower_seen=lower_seen, text=text)


def _headed_span(
    toks: list[_Tok], i: int, j: int, gaz: Gazetteer, *, head_words: frozenset[str], leads: frozenset[str]
) -> tuple[int, int] | None:
    """The organisation (or place) a run ends in ("... Commission", "Ministry of ...", "... Sea")."""
    lead = next((k for k in range(i, j - 2) if toks[k].text in leads and toks[k + 1].text == "of"), None)
    heads = [k for k in range(i + 1, j) if toks[k].text.rstrip(".") in head_words]
    if lead is None and not heads:
        return None
    end = heads[-1] + 1 if heads else j
    anchor = lead if lead is not None and (not heads or lead < heads[-1]) else end - 1
    if lead is not None and lead == anchor:
        end = next((k for k in range(lead + 2, j) if toks[k].text in ("'s", "’s", "and")), j)
    elif end < j - 1 and toks[end].text == "of":
        end = next((k for k in range(end + 1, j) if toks[k].text in ("'s", "’s")), j)
    start = anchor
    while start > i:
        prev = toks[start - 1]
        key = (prev.text,)
        if prev.text in ("'s", "’s") and _place_ending_at(toks, start - 2, i, gaz):
            break
        if key in gaz.demonyms and end - start > 1:
            break
        if prev.text.lower() in gaz.common_words and prev.initial:
            break
        start -= 1
    while start < end and (toks[start].text in CONNECTORS or toks[start].text in ("'s", "’s", "the")):
        start += 1
    if end - start < 2 or _place_start(toks, end - 1, start, gaz) == start:
        return None
    return start, end


def _place_ending_at(toks: list[_Tok], k: int, floor: int, gaz: Gazetteer) -> str | None:
    """The country of a place whose name ends at token k (searching back no further than floor)."""
    if k < 0 or toks[k].text not in gaz.place_last_words:
        return None
    for s in range(max(floor, k - gaz.max_phrase + 1), k + 1):
        key = tuple(t.text for t in toks[s : k + 1])
        place = gaz.places.get(key)
        if place is not None:
            return place.country
        if key in gaz.demonyms:
            return gaz.demonyms[key]
    return None


def _place_start(toks: list[_Tok], k: int, floor: int, gaz: Gazetteer) -> int | None:
    """Where the longest place name ending at token k starts, or None."""
    if k < 0 or toks[k].text not in gaz.place_last_words:
        return None
    for s in range(max(floor, k - gaz.max_phrase + 1), k + 1):
        if tuple(t.text for t in toks[s : k + 1]) in gaz.places:
            return s
    return None


def _country_inside(toks: list[_Tok], s: int, e: int, gaz: Gazetteer) -> str | None:
    for k in range(s, e):
        country = _place_ending_at(toks, k, s, gaz)
        if country:
            return country
    return None


def _country_before(toks: list[_Tok], s: int, gaz: Gazetteer) -> str | None:
    """The country just before a name: "Chinese ...", "China's ...", "US ..."."""
    k = s - 1
    if k >= 0 and toks[k].text in ("'s", "’s"):
        k -= 1
    if k < 0:
        return None
    return _place_ending_at(toks, k, max(0, k - gaz.max_phrase), gaz)


def _lookup(toks: list[_Tok], p: int, j: int, gaz: Gazetteer) -> tuple[int, str] | None:
    """Longest dictionary match starting at token p: (length, what) with what in PLACE/NORP/ORG/HON."""
    if toks[p].text not in gaz.first_words:
        return None
    for length in range(min(gaz.max_phrase, j - p), 0, -1):
        key = tuple(t.text for t in toks[p : p + length])
        if key in gaz.places:
            return length, "PLACE"
        if key in gaz.demonyms:
            return length, "NORP"
        if key in gaz.organisations:
            return length, "ORG"
        if key in gaz.honorifics:
            return length, "HON"
    return None


def _role_length(toks: list[_Tok], p: int, j: int, gaz: Gazetteer) -> int:
    """Length of the longest role phrase at p that ends in a role head ("Defense Minister")."""
    best = 0
    for k in range(p, j):
        word = toks[k].text.lower()
        if word not in gaz.role_words:
            break
        if word in gaz.role_heads:
            best = k - p + 1
    return best


#: What a name-like chunk with no evidence becomes: one token, or two and more (None: not reported).
UNKNOWN_SINGLE_KIND: str | None = "ORG"
UNKNOWN_MULTI_KIND: str | None = "PERSON"
UNKNOWN_SHAPELESS_KIND: str | None = "ORG"
#: Particles that may sit inside a person's name ("Mohammed bin Salman", "Ursula von der Leyen").
_NAME_WORD = re.compile(
    r"(?:(?:al|el|ad|ar|as|ash|at|az|an)-)?[A-Z](?:\.|[a-z]+(?:['’-][A-Z][a-z]+)?|[a-z]*['’][A-Z][a-z]+|c[A-Z][a-z]+)"
)
_NAME_PARTICLES = frozenset({"bin", "al", "van", "von", "der", "de", "da", "del", "la", "le", "du"})
#: A name part with the Arabic article written on ("al-Assad", "Bab al-Hawa", "el-Sisi"): capitalised.
_ARABIC_ARTICLE = re.compile(r"(?:al|el|ad|ar|as|ash|at|az|an)-[A-Z]")


def _read_plain(
    toks: list[_Tok], i: int, j: int, gaz: Gazetteer, *, lower_seen: set[str], text: str
) -> list[_Found]:
    """Split a run with no organisation by look-ups; name-like chunks go to `_read_name`."""
    found: list[_Found] = []
    headline = text.rfind("\n", 0, toks[i].start) + 1 in _headline_starts(text)
    p, evidence = i, False
    while p < j:
        tok = toks[p]
        if tok.text in CONNECTORS or tok.text in ("'s", "’s", "the"):
            p += 1
            continue
        hit = _lookup(toks, p, j, gaz)
        role = _role_length(toks, p, j, gaz)
        if role and (hit is None or role > hit[0]):
            evidence, p = True, p + role
            continue
        if hit is not None:
            length, what = hit
            if what != "HON":
                found.append(_looked_up(toks, p, p + length, what, gaz))
            evidence, p = what == "HON", p + length
            continue
        q = p + 1
        while q < j and _name_continues(toks, q, j, gaz):
            q += 1
        if q < j and toks[q].text.lower() == "minister" and _role_length(toks, q, j, gaz):
            # A portfolio before its office ("Natural Resources Minister Alexander Kozlov"): part
            # of the role, not a name. Only ministers: "Federal Reserve Chairman" names an employer.
            evidence, p = True, q
            continue
        found.extend(_read_name(toks, p, q, gaz, lower_seen, evidence=evidence, headline=headline))
        evidence, p = False, q
    return found


def _name_continues(toks: list[_Tok], q: int, j: int, gaz: Gazetteer) -> bool:
    tok = toks[q]
    if tok.text in _NAME_PARTICLES:
        return q + 1 < j and toks[q + 1].cap
    if not tok.cap or tok.text in CONNECTORS:
        return False
    return _lookup(toks, q, j, gaz) is None and not _role_length(toks, q, j, gaz)


def _looked_up(toks: list[_Tok], s: int, e: int, what: str, gaz: Gazetteer) -> _Found:
    key = tuple(t.text for t in toks[s:e])
    if what == "PLACE":
        place = gaz.places[key]
        return _Found(s, e, place.kind, canonical=place.canonical, country=place.country)
    if what == "NORP":
        return _Found(s, e, "NORP", country=gaz.demonyms[key])
    return _Found(s, e, "ORG", country=_country_before(toks, s, gaz))


def _read_name(
    toks: list[_Tok], p: int, q: int, gaz: Gazetteer, lower_seen: set[str], *, evidence: bool, headline: bool
) -> list[_Found]:
    """Decide what name-like chunks are; common words split them and are dropped.

    In a title-case headline every word is capitalised, so titles and capitals prove nothing there:
    each word is left for the whole-article pass ("Putin Meets ..." -> "Putin" if named elsewhere).
    """
    if headline:
        return [
            _Found(k, k + 1, "HEADWORD", tentative=True)
            for k in range(p, q)
            if toks[k].text.lower() not in gaz.common_words and toks[k].text.lower() not in lower_seen
        ]
    out: list[_Found] = []
    s = p
    for k in range(p, q + 1):
        if k < q and toks[k].text.lower() not in gaz.common_words:
            continue
        a, b = s, k
        if not evidence:
            while a < b and toks[a].text.lower() in lower_seen:
                a += 1
            while b > a and toks[b - 1].text.lower() in lower_seen:
                b -= 1
        if b - a == 1 and toks[a].text in gaz.not_acronyms:
            a = b
        if a < b and toks[b - 1].text not in gaz.not_heads:
            out.append(_classify_name(toks, a, b, gaz, evidence=evidence and a == p))
        s = k + 1
    return out


def _classify_name(toks: list[_Tok], a: int, b: int, gaz: Gazetteer, *, evidence: bool) -> _Found:
    role, country, titled = _role_before(toks, a, gaz)
    if evidence or titled or role:
        return _Found(a, b, "PERSON", role=role, country=country)
    word = toks[a].text
    if b - a == 1 and _is_acronym(word):
        return _Found(a, b, "ORG", country=_country_before(toks, a, gaz))
    if b < len(toks) and toks[b].text in SPEECH_VERBS and 2 <= b - a <= 3 and _name_shaped(toks, a, b):
        return _Found(a, b, "PERSON")
    if b - a == 1 and _before_person_verb(toks, b) and _name_shaped(toks, a, b):
        return _Found(a, b, "PERSON")
    return _Found(a, b, "NAME", tentative=True)


def _before_person_verb(toks: list[_Tok], b: int) -> bool:
    """A verb whose subject is a person starts at token b, with a person-like object after it."""
    if b + 1 >= len(toks) or toks[b].text not in PERSON_AGENT_VERBS:
        return False
    after = toks[b + 1]
    return after.cap or after.text in _PERSON_VERB_FOLLOWERS


def _name_shaped(toks: list[_Tok], a: int, b: int) -> bool:
    """Every word looks like a personal name: "Paul", "O'Leary", "J.", "bin" (not "A380", "MacBook")."""
    return all(_NAME_WORD.fullmatch(t.text) or t.text in _NAME_PARTICLES for t in toks[a:b])


def _is_acronym(word: str) -> bool:
    letters = word.replace(".", "").replace("&", "")
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()


def _role_before(toks: list[_Tok], a: int, gaz: Gazetteer) -> tuple[str | None, str | None, bool]:
    """(role, country, titled) stated just before a name: "Chinese Defense Minister Gen. <name>"."""
    k, titled = a - 1, False
    while k >= 0 and (toks[k].text,) in gaz.honorifics and toks[k].text.lower() not in gaz.role_heads:
        titled, k = True, k - 1
    of_country, place_start = None, _place_start(toks, k, max(0, k - gaz.max_phrase), gaz)
    if place_start is not None and place_start >= 2:
        m = place_start - 1 - (toks[place_start - 1].text == "the")
        if m > 0 and toks[m].text == "of" and toks[m - 1].text.lower() in gaz.role_heads:
            of_country, k = _place_ending_at(toks, k, place_start, gaz), m - 1
    end = k
    while k >= 0 and toks[k].text.lower() in gaz.role_words and not toks[k + 1].initial:
        k -= 1
    role_toks = toks[k + 1 : end + 1]
    if not role_toks or role_toks[-1].text.lower() not in gaz.role_heads:
        return None, None, titled
    role = " ".join(t.text for t in role_toks)
    return role, of_country or _country_before(toks, k + 1, gaz), titled


def role_before_offset(prefix: str, gaz: Gazetteer) -> tuple[str | None, str | None]:
    """(role, country) stated at the end of `prefix`, for a name that starts right after it."""
    toks = _tokens(prefix + " X")
    role, country, _titled = _role_before(toks, len(toks) - 1, gaz)
    return role, country


@lru_cache(maxsize=8)
def _headline_starts(text: str) -> frozenset[int]:
    """Start offsets of the lines in title case (headlines, where titles and capitals prove nothing).

    A headline has no final period and capitalises at least 80% of its words of three letters or more,
    short function words aside ("Shoigu To Visit China Next Week", "China's Xi meets ... in Beijing").
    """
    starts, pos = set(), 0
    for line in text.split("\n"):
        stripped = line.rstrip()
        if len(stripped) < 200 and not stripped.endswith("."):
            words = [w for w in stripped.split() if w[:1].isalpha() and len(w) > 2 and w not in _SMALL_WORDS]
            if len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words):
                starts.add(pos)
        pos += len(line) + 1
    return frozenset(starts)


_SMALL_WORDS = frozenset(
    {"the", "and", "for", "with", "from", "into", "over", "amid", "after", "says", "but"}
)


def _settle_tentative(toks: list[_Tok], found: list[_Found]) -> list[_Found]:
    """Decide name-like chunks from the whole article: a name that recurs by a part is a person."""
    singles = {toks[f.i].text for f in found if f.tentative and f.j - f.i == 1}
    family_first = load_gazetteer().family_first
    inside = {toks[f.i].text for f in found if f.kind == "NAME" and f.j - f.i == 1 and not toks[f.i].initial}
    person_parts: set[str] = set()
    for f in found:
        # "Kim Jong Un" ... "Kim": the family name comes first in Chinese and Korean names.
        recurs = (
            f.tentative
            and f.j - f.i > 1
            and (
                toks[f.j - 1].text in singles
                or (toks[f.i].text in singles and toks[f.i].text in family_first)
            )
            and _name_shaped(toks, f.i, f.j)
        )
        if f.kind == "PERSON" or recurs:
            person_parts.update({toks[f.i].text, toks[f.j - 1].text})
    out: list[_Found] = []
    for f in found:
        if not f.tentative:
            out.append(f)
            continue
        parts = {toks[f.i].text, toks[f.j - 1].text}
        if parts & person_parts:
            kind: str | None = "PERSON"
        elif _in_place_context(toks, f.i, f.j):
            kind = "LOC"
        elif f.j - f.i == 1:
            word = toks[f.i]
            alone = (word.initial or f.kind == "HEADWORD") and word.text not in inside
            kind = None if alone else UNKNOWN_SINGLE_KIND
        else:
            kind = UNKNOWN_MULTI_KIND if _name_shaped(toks, f.i, f.j) else UNKNOWN_SHAPELESS_KIND
        if kind is not None:
            out.append(replace(f, kind=kind, tentative=False))
    return out


#: Words before a name that make it a place: "near Vladivostok", "in the Amur region".
_PLACE_PREPOSITIONS = frozenset({"in", "near", "outside", "inside", "through", "via"})
#: Words before "in" that make the name after it a company ("a stake in Rosneft"), not a place.
_HOLDING_WORDS = frozenset(
    {
        "stake",
        "stakes",
        "shares",
        "share",
        "invested",
        "invest",
        "investing",
        "investment",
        "investments",
        "interest",
        "interests",
        "holding",
        "holdings",
        "role",
        "part",
    }
)
#: Lower-case words after a name that make it a place's name ("the Amur region", "the Knevichi airfield").
_PLACE_NOUNS = frozenset(
    {"region", "province", "oblast", "krai", "territory", "district", "county", "state", "city"}
)


def _in_place_context(toks: list[_Tok], i: int, j: int) -> bool:
    """An unknown name is a place after "in"/"near" (not "a stake in") or before "region"."""
    if j < len(toks) and toks[j].text in _PLACE_NOUNS:
        return True
    k = i - 1 - (i > 0 and toks[i - 1].text == "the")
    if k < 0 or toks[k].text not in _PLACE_PREPOSITIONS:
        return False
    return not (toks[k].text == "in" and k > 0 and toks[k - 1].text.lower() in _HOLDING_WORDS)


def _entity(text: str, toks: list[_Tok], f: _Found) -> Entity:
    start, end = toks[f.i].start, toks[f.j - 1].end
    surface = text[start:end]
    canonical = f.canonical or (surface[4:] if surface.startswith("The ") else surface)
    return Entity(surface, start, end, f.kind, canonical, country=f.country, role=f.role)


def link_aliases(entities: Sequence[Entity]) -> list[Entity]:
    """Resolve short person references in one article to the full name they stand for.

    A one-word PERSON ("Li", "Shoigu") takes the canonical of the closest earlier PERSON whose name starts
    or ends with that word ("Li Shangfu", "Sergei Shoigu"); with none earlier, the first later one (a
    headline names "Shoigu" before the body names "Sergei Shoigu"). Entities must be in text order.
    """
    full = [(n, e.canonical) for n, e in enumerate(entities) if e.kind == "PERSON" and " " in e.canonical]
    out: list[Entity] = []
    for n, entity in enumerate(entities):
        if entity.kind != "PERSON" or " " in entity.canonical:
            out.append(entity)
            continue
        word = entity.canonical.rstrip(".")
        matches = [(m, name) for m, name in full if word in (name.split()[0], name.split()[-1])]
        earlier = [name for m, name in matches if m < n]
        later = [name for m, name in matches if m > n]
        target = earlier[-1] if earlier else later[0] if later else None
        out.append(replace(entity, canonical=target) if target else entity)
    return out
