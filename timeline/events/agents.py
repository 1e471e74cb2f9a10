"""Who acts in a clause: the person before its trigger, the person a pronoun or "the two
leaders" stands for, the speaker after an address's phrase; a quoted source is no participant.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from timeline.events.clauses import Clause
from timeline.events.lexicon import Lexicon, TriggerMatch
from timeline.model import Entity, Sentence


def people_of(sentence: Sentence, clause: Clause) -> list[Entity]:
    """The clause's people. A quoted source is no participant of what he reports, but is the agent
    of his own statement."""
    speech = clause.trigger.type.speech
    return [e for e in clause.entities if e.kind == "PERSON" and (speech or not _is_source(sentence, e))]


def agent_of(
    sentence: Sentence, clause: Clause, people: list[Entity], salient: tuple[str, ...], lexicon: Lexicon
) -> tuple[str | None, tuple[str, ...]]:
    """(agent, the other of a pair) of the clause.

    `salient` holds the people the text points back at, most likely first: "he" is the first,
    "the two leaders" the first two."""
    trig = clause.trigger
    agent = next((p.canonical for p in people if p.char_start < trig.start), None)
    if agent is not None:
        return agent, ()
    if len(salient) == 2 and _pair_subject(sentence, clause, lexicon.cues["pair_subjects"]):
        return salient[0], salient[1:]
    if salient and _has_subject(sentence, clause, lexicon.cues["pronoun_subjects"]):
        return salient[0], ()
    if trig.type.family in lexicon.cues["speaker_after"]:
        # "In a televised address that morning, Putin called ...": the speaker follows the phrase.
        return next((p.canonical for p in people), None) or _pronoun_after(sentence, trig, salient), ()
    return None, ()


def _is_source(sentence: Sentence, ent: Entity) -> bool:
    """A person quoted as the source ("according to X", "X said") is not a participant."""
    before = sentence.text[: ent.char_start - sentence.start].lower()
    after = sentence.text[ent.char_end - sentence.start :].lower()
    return before.rstrip().endswith("according to") or bool(
        re.match(r"\s*(?:said|says|told|added|was quoted)\b", after)
    )


def _has_subject(sentence: Sentence, clause: Clause, subjects: Sequence[str]) -> bool:
    """Whether the clause, or failing a subject there the sentence, opens with one of `subjects`
    ("he", "the minister", "the two leaders")."""
    heads = (
        sentence.text[clause.start - sentence.start : clause.trigger.start - sentence.start],
        sentence.text,
    )
    for raw in heads:
        head = re.sub(r"^[\s,;:—–-]+(?:also\s+)?", "", raw.lower())
        if any(re.match(rf"{re.escape(p)}\b", head) for p in subjects):
            return True
    return False


def _pronoun_after(sentence: Sentence, trig: TriggerMatch, salient: tuple[str, ...]) -> str | None:
    """The most named person, when "he" or "she" opens the clause after the trigger's phrase."""
    after = sentence.text[trig.end - sentence.start :]
    return salient[0] if salient and re.search(r"^[^.;]*?,\s*(?:he|she)\s", after) else None


def _pair_subject(sentence: Sentence, clause: Clause, subjects: Sequence[str]) -> bool:
    """Whether "the two leaders" (one of `subjects`) is the subject of the trigger: at most four
    lower-case words before it ("said the two leaders were expected to meet")."""
    head = sentence.text[: clause.trigger.start - sentence.start]
    words = "|".join(re.escape(p) for p in subjects)
    return re.search(rf"\b(?i:{words})\s+(?:[a-z'’]+\s+){{0,4}}$", head) is not None
