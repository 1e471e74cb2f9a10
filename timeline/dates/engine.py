"""The tagging engine: one regex pass per TIMEX3 type, longest match wins, then normalisation.

Requires a compiled Grammar (grammar.py) and the registered normalisers; assigns
TimeExpressions in text order. After the rule pass, the passes of joins.py read the
words around the expressions: a clock time takes the day after it, a signal in front
("since 2022", "until April 19") opens the interval, and "between X and Y" / "from X
to Y" joins two dates into a range that keeps both ends as parts.
"""

from __future__ import annotations

import bisect
import logging
import re
from dataclasses import dataclass
from datetime import date

from timeline.dates import absolute, amounts, anaphora, holidays, periods, relative  # noqa: F401  (register normalisers)
from timeline.dates.dispatch import fold_spaces, shape
from timeline.dates.grammar import Grammar, Rule, load_grammar
from timeline.dates.joins import apply_signals, attach_times, join_ranges
from timeline.dates.patterns import sentence_boundary
from timeline.dates.values import REGISTRY, Context, Value
from timeline.model import Granularity, Resolution, TimeExpression, TimexType
from timeline.sentences import abbreviations
from timeline.settings import Settings

logger = logging.getLogger(__name__)

# Tense cues farther than this many characters from an expression govern another clause.
_CUE_REACH = 80
# A sentence ends at . ! ? before a capital, or at a line break, but not after "Gen." or "U.S.".
_BOUNDARY = sentence_boundary(abbreviations())
_DEFAULT_SETTINGS = Settings()
# Granularities of the periods financial news compares ("the same period a year earlier").
_PERIODS = frozenset({Granularity.WEEK, Granularity.MONTH, Granularity.QUARTER, Granularity.HALF})


class _Tense:
    """Tense cues of one text, found once, and the sentence boundaries they may not cross."""

    def __init__(self, text: str, grammar: Grammar, lowered: str) -> None:
        self.text = lowered
        self.spaced = " " + lowered  # what grammar.cues runs on (it reads the character before a cue)
        self.grammar = grammar
        self._cues: dict[int, list[tuple[int, int, str]]] = {}
        self.boundaries = [m.end() for m in _BOUNDARY.finditer(text)]

    def cues(self, sentence: int) -> list[tuple[int, int, str]]:
        """The tense cues of one sentence (found on first use, then kept)."""
        if sentence not in self._cues:
            start = self.boundaries[sentence - 1] if sentence > 0 else 0
            end = self.boundaries[sentence] if sentence < len(self.boundaries) else len(self.text)
            # In `spaced` the text starts one character later: its [start, end + 1) is the sentence
            # with the character before it, and a cue's offsets there are one more than in the text.
            self._cues[sentence] = [
                (
                    m.start("cue") - 1,
                    m.end("cue") - 1,
                    "future" if m.group("future") else ("past" if m.group("past") else "weak"),
                )
                for m in self.grammar.cues.finditer(self.spaced, start, end + 1)
            ]
        return self._cues[sentence]

    def sentence_of(self, position: int) -> int:
        return bisect.bisect_right(self.boundaries, position)

    def direction(self, start: int, end: int) -> str | None:
        """The kind of the nearest strong cue in the same sentence before [start, end), else of the
        nearest after it ("met Wang on Tuesday and will meet Xi on Thursday": the verb before a date
        governs it); a weak cue (an auxiliary) only when there is no strong one."""
        sentence = self.sentence_of(start)
        best: tuple[int, int, int, str] | None = None
        for cue_start, cue_end, kind in self.cues(sentence):
            if cue_start < end and start < cue_end:
                continue
            distance = start - cue_end if cue_end <= start else cue_start - end
            if distance > _CUE_REACH:
                continue
            rank = (kind == "weak", 0 if cue_end <= start else 1, distance)
            if best is None or rank < best[:3]:
                best = (*rank, kind)
        if best is None:
            return None
        return "past" if best[3] == "weak" else best[3]


def _lowered(text: str) -> str:
    """`text` lower-cased, whitespace folded to spaces, offsets unchanged: what cues and
    trigger words are looked for in (case-sensitive patterns are faster than re.IGNORECASE)."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters change length when lower-cased
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return fold_spaces(lowered)


def _candidates(text: str, grammar: Grammar, lowered: str) -> list[tuple[int, int, int, Rule, re.Match[str]]]:
    """Matches of every type that start at a trigger word (a number or a word of the vocabulary)."""
    found = []
    groups = grammar.groups
    for position, patterns in grammar.dispatch(shape(lowered), grammar.trigger_positions(lowered)):
        for priority, regex in patterns:
            match = regex.match(text, position)
            if match is None:
                continue
            end = match.end()
            if end == position or match.lastgroup is None:
                continue
            found.append((position, end, priority, groups[priority].rules[int(match.lastgroup[1:])], match))
    found.sort(key=lambda c: (c[0], c[0] - c[1], c[2]))
    return found


def _context(
    match: re.Match[str],
    rule: Rule,
    text: str,
    *,
    anchor: date | None,
    grammar: Grammar,
    settings: Settings,
    tense: _Tense,
    previous: TimeExpression | None,
) -> Context:
    rule_index = match.lastgroup or ""
    groups: dict[str, str] = {}
    spans: dict[str, tuple[int, int]] = {}
    span = match.span
    for name, number in _group_numbers(match.re, rule_index, rule):
        found = span(number)
        if found[0] >= 0:
            groups[name] = text[found[0] : found[1]]
            spans[name] = found
    start, end = span(rule_index)
    return Context(
        groups, spans, start, end, text, anchor, grammar.vocabulary, settings, tense.direction, previous
    )


# (id of a combined pattern, "r<i>") -> (name, group number) of that rule's named groups. By id: a
# Pattern hashes its whole compiled code; the grammar keeps every combined pattern alive.
_GROUP_NUMBERS: dict[tuple[int, str], tuple[tuple[str, int], ...]] = {}


def _group_numbers(regex: re.Pattern[str], rule_index: str, rule: Rule) -> tuple[tuple[str, int], ...]:
    """(name, group number in `regex`) of the rule's named groups (`r<i>_<name>` in the combined
    pattern), worked out once per pattern and rule: numbers are cheaper to read than names."""
    found = _GROUP_NUMBERS.get((id(regex), rule_index))
    if found is None:
        index = regex.groupindex
        found = tuple(
            (name, index[f"{rule_index}_{name}"])
            for name in rule.group_names
            if f"{rule_index}_{name}" in index
        )
        _GROUP_NUMBERS[(id(regex), rule_index)] = found
    return found


def _expression(
    text: str, span: tuple[int, int], value: Value, *, rule: str, timex_type: TimexType, anchor: date | None
) -> TimeExpression:
    start, end = span
    interval = value.interval or (None, None)
    parts = (
        tuple(
            _expression(text, (s, e), part, rule=f"{rule}.part", timex_type=timex_type, anchor=anchor)
            for s, e, part in value.parts
        )
        if value.parts
        else ()
    )
    return TimeExpression(
        text=text[start:end],
        char_start=start,
        char_end=end,
        type=value.type or timex_type,
        value=value.value,
        rule=rule,
        mod=value.mod,
        start_date=interval[0],
        end_date=interval[1],
        granularity=value.granularity,
        resolution=value.resolution,
        anchor=value.reference
        or (anchor if value.resolution in (Resolution.ANCHOR, Resolution.EXPRESSION) else None),
        direction=value.direction,
        latent=value.latent,
        parts=parts,
    )


def _normalise(rule: Rule, context: Context) -> Value | None:
    function = REGISTRY.get(rule.normaliser)
    if function is None:
        logger.warning("rule %s names an unknown normaliser %s", rule.name, rule.normaliser)
        return None
    try:
        return function(context)
    except (ValueError, OverflowError):
        # Dates near year 1 or 9999 overflow; such a match is not a date we can use.
        logger.debug("rule %s could not normalise %r", rule.name, context.text[context.start : context.end])
        return None


@dataclass
class Narrative:
    """What the text before has named, for expressions that point back ("that day", "three days
    later"): kept across calls when a text is tagged one sentence at a time."""

    last_day: date | None = None
    last_period: TimeExpression | None = None


def tag(
    text: str,
    anchor: date | None,
    settings: Settings | None = None,
    *,
    include_latent: bool = False,
    narrative: Narrative | None = None,
) -> list[TimeExpression]:
    """Every time expression in `text`, sorted, non-overlapping; latent ones only when asked.

    `narrative` carries the last day and period named from one call to the next (and is updated)."""
    settings = settings or _DEFAULT_SETTINGS
    grammar = load_grammar(settings.language)
    lowered = _lowered(text)
    tense = _Tense(text, grammar, lowered)
    accepted: list[TimeExpression] = []
    taken_until = -1
    previous: TimeExpression | None = None
    last_day = narrative.last_day if narrative else None
    last_period = narrative.last_period if narrative else None
    for start, end, priority, rule, match in _candidates(text, grammar, lowered):
        if start < taken_until:
            continue
        if previous is not None and tense.sentence_of(previous.char_start) != tense.sentence_of(start):
            previous = None
        context = _context(
            match,
            rule,
            text,
            anchor=anchor,
            grammar=grammar,
            settings=settings,
            tense=tense,
            previous=previous,
        )
        context.last_day = last_day
        context.last_period = last_period
        value = _normalise(rule, context)
        if value is None:
            continue
        expression = _expression(
            text, (start, end), value, rule=rule.name, timex_type=grammar.groups[priority].type, anchor=anchor
        )
        accepted.append(expression)
        taken_until = end
        if (
            expression.resolved
            and expression.type in (TimexType.DATE, TimexType.TIME)
            and not expression.latent
        ):
            previous = expression
            granularity = expression.granularity
            if (
                granularity is not None
                and granularity.day_or_finer
                and expression.start_date == expression.end_date
            ):
                last_day = expression.start_date
            elif expression.granularity in _PERIODS:
                last_period = expression
    if narrative is not None:
        narrative.last_day, narrative.last_period = last_day, last_period
    accepted = join_ranges(text, apply_signals(text, attach_times(text, accepted), grammar, anchor))
    return [e for e in accepted if include_latent or not e.latent]
