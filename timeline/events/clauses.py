"""Clauses: a sentence cut into one part per event trigger, each owning its dates and entities.

A later trigger's clause starts after the last clause break (comma, dash, "after",
"that" ...) before it. A time expression ending in "after"/"before" ("days after Xi
spoke") dates the clause that follows it. A clause with no date of its own ("for
talks with Wang Yi") adds its entities to the clause before it, unless it opens with
a linking word ("three days after talks in ..."): that is another event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from timeline.events.lexicon import Lexicon, TriggerMatch
from timeline.model import Entity, Sentence, TimeExpression

#: Entity kinds that can be an event's place.
PLACE_KINDS = frozenset({"GPE", "LOC"})


@dataclass
class Clause:
    """The part of a sentence that one trigger governs."""

    trigger: TriggerMatch
    start: int
    end: int
    expressions: list[TimeExpression] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    #: Where the trigger's own clause ends, before undated clauses were folded into it.
    own_end: int = 0
    #: The clause opens with "after", "before", "since" ...: another event, never folded into the last.
    relational: bool = False

    def __post_init__(self) -> None:
        self.own_end = self.own_end or self.end


def _clause_breaks(lexicon: Lexicon) -> re.Pattern[str]:
    words = lexicon.cues["clause_breaks"]
    alternatives = [re.escape(w) if not w[0].isalpha() else rf"\b{re.escape(w)}\b" for w in words]
    return re.compile("|".join(alternatives), re.IGNORECASE)


def build_clauses(
    sentence: Sentence,
    triggers: list[TriggerMatch],
    expressions: list[TimeExpression],
    entities: list[Entity],
    lexicon: Lexicon,
) -> list[Clause]:
    """Cut the sentence into one clause per trigger and hand out expressions and entities."""
    if not triggers:
        return []
    breaks = _clause_breaks(lexicon)
    starts = [sentence.start]
    opened_by = [""]
    for previous, trig in pairwise(triggers):
        between = sentence.text[previous.end - sentence.start : trig.start - sentence.start]
        found = list(breaks.finditer(between))
        starts.append(previous.end + found[-1].end() if found else trig.start)
        opened_by.append(found[-1].group().lower() if found else "")
    ends = [*starts[1:], sentence.end]
    relational = tuple(lexicon.cues["relational_endings"])
    linking = relational + tuple(lexicon.cues["relational_openers"])
    clauses = [
        Clause(t, s, e, relational=word in linking)
        for t, s, e, word in zip(triggers, starts, ends, opened_by, strict=True)
    ]
    for expr in expressions:
        index = _owner(clauses, expr.char_start)
        last_word = expr.text.rsplit(None, 1)[-1].lower() if expr.text.split() else ""
        if last_word in relational and index + 1 < len(clauses):
            index += 1
        clauses[index].expressions.append(expr)
    for ent in entities:
        clauses[_owner(clauses, ent.char_start)].entities.append(ent)
    return clauses


def _owner(clauses: list[Clause], position: int) -> int:
    for index, clause in enumerate(clauses):
        if clause.start <= position < clause.end:
            return index
    return len(clauses) - 1 if position >= clauses[-1].start else 0


def fold_undated(clauses: list[Clause], lexicon: Lexicon) -> list[Clause]:
    """Fold undated clauses into the event clause before them; drop undated statements. An undated
    event reported by a dated statement just before it takes the statement's date, unless the
    statement denies it."""
    kept: list[Clause] = []
    for clause in clauses:
        if clause.expressions:
            kept.append(clause)
            continue
        if clause.trigger.type.speech or clause.relational:
            continue
        speech = kept[-1] if kept and kept[-1].trigger.type.speech and kept[-1].expressions else None
        if speech is not None and not lexicon.has_cue("negation", speech.trigger.text):
            # What a dated statement reports ("announced on Saturday that he had negotiated with
            # Prigozhin") happened by then: the clause takes the statement's date.
            clause.expressions = list(speech.expressions)
            kept.append(clause)
            continue
        host = next((c for c in reversed(kept) if not c.trigger.type.speech), None)
        if host is not None:
            # Its people are the host's counterparts ("visit China ... for talks with Wang Yi"); its
            # places only when the host names none ("arrived in Russia for a summit ... in Ukraine").
            has_place = any(e.kind in PLACE_KINDS for e in host.entities)
            host.entities.extend(e for e in clause.entities if not (has_place and e.kind in PLACE_KINDS))
            host.end = max(host.end, clause.end)
    return kept
