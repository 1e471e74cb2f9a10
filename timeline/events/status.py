"""A mention's status: announced, occurred, reported, negated, background or statement."""

from __future__ import annotations

from datetime import date

from timeline.events.lexicon import Lexicon, TriggerMatch
from timeline.model import EventStatus, Sentence, TimeExpression
from timeline.settings import Settings

_OPEN_QUOTES = '"“«'
_CLOSE_QUOTES = '"”»'


def mention_status(
    sentence: Sentence,
    *,
    clause: tuple[int, int],
    trigger: TriggerMatch,
    time: TimeExpression | None,
    anchor: date | None,
    lexicon: Lexicon,
    settings: Settings,
) -> EventStatus:
    """Decide the status from the clause's cue words, the date against the anchor, and quotes.

    Negation wins over everything ("would not be helping Russia" is no delivery); a
    future cue or a date after the article's date makes an announcement; a date long
    before the article's makes background; a trigger inside quotation marks is reported.
    """
    clause_text = sentence.text[clause[0] - sentence.start : clause[1] - sentence.start]
    if trigger.type.speech:
        return EventStatus.STATEMENT
    before = sentence.text[: clause[0] - sentence.start]
    if lexicon.has_cue("negation", clause_text) or _opens_with(before, lexicon.cues["negating_frames"]):
        return EventStatus.NEGATED
    if lexicon.has_cue("future", clause_text) or _after_anchor(time, anchor):
        return EventStatus.ANNOUNCED
    if _long_before_anchor(time, anchor, settings.background_after_days):
        return EventStatus.BACKGROUND
    if _inside_quotes(sentence.text, trigger.start - sentence.start):
        return EventStatus.REPORTED
    return EventStatus.OCCURRED


def _opens_with(before: str, frames: tuple[str, ...]) -> bool:
    """Whether the text before a clause ends with a frame such as "denied that"."""
    tail = " ".join(before.lower().split()[-4:])
    return any(tail.endswith(frame) for frame in frames)


def _after_anchor(time: TimeExpression | None, anchor: date | None) -> bool:
    return bool(time and anchor and time.start_date and time.start_date > anchor)


def _long_before_anchor(time: TimeExpression | None, anchor: date | None, days: int) -> bool:
    if not (time and anchor and time.start_date and time.end_date):
        return False
    middle = time.start_date + (time.end_date - time.start_date) / 2
    return (anchor - middle).days >= days


def _inside_quotes(text: str, position: int) -> bool:
    """Whether an odd number of quotation marks opens before the position."""
    before = text[:position]
    straight = before.count('"')
    curly = sum(before.count(q) for q in _OPEN_QUOTES[1:]) - sum(before.count(q) for q in _CLOSE_QUOTES[1:])
    return straight % 2 == 1 or curly > 0
