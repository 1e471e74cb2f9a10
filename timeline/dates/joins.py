"""Passes over the expressions the rules found: a clock time takes the day written after it,
a signal in front ("since 2022", "until April 19") opens an interval, and "between X and Y" /
"from X to Y" joins two dates into one range that keeps both ends as parts."""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import replace
from datetime import date

from timeline.dates.grammar import Grammar, load_grammar
from timeline.model import Granularity, Resolution, TimeExpression, TimexType

# Between a clock time and its day: a comma, "on", or a zone named in words ("6 a.m. Moscow time on").
_TIME_TO_DAY = re.compile(r"\s*(?:[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s+time\s*)?(?:,\s*)?(?:on\s+)?$")
_RANGE = re.compile(r"^\s*(?:-|–|—|to|until|through|and)\s*$", re.IGNORECASE)
_RANGE_OPENERS = ("between", "from")
_MOST_RANGE_GAP = 20  # longer than any text _RANGE matches between the two ends ("  through ")


def attach_times(text: str, found: list[TimeExpression]) -> list[TimeExpression]:
    """A clock time right before a day ("at 16:15 UTC, June 1st", "4:47 AM ET on Friday") is on that day."""
    result = list(found)
    for index, (time, day) in enumerate(itertools.pairwise(found)):
        if (
            time.type is TimexType.TIME
            and day.type is TimexType.DATE
            and day.granularity is Granularity.DAY
            and day.start_date is not None
            and day.start_date == day.end_date
            and _TIME_TO_DAY.match(text, time.char_end, day.char_start)
            and len(time.value) > 10
        ):
            result[index] = replace(
                time,
                value=day.start_date.isoformat() + time.value[10:],
                start_date=day.start_date,
                end_date=day.start_date,
                resolution=Resolution.EXPRESSION,
                anchor=day.start_date,
            )
    return result


def apply_signals(
    text: str, found: list[TimeExpression], grammar: Grammar, anchor: date | None
) -> list[TimeExpression]:
    """ "since 2022" runs from 2022 to the anchor, "until April 19" from the anchor to April 19."""
    signal_regex = _signal_regex(grammar.language)
    result = []
    for expression in found:
        if expression.type is not TimexType.DATE or expression.parts:
            result.append(expression)
            continue
        start = expression.char_start
        signal = signal_regex.search(text, max(0, start - _SIGNAL_REACH), start)
        mod = grammar.signals.get(" ".join(signal.group("signal").lower().split())) if signal else None
        result.append(expression if mod is None else _opened(expression, mod, anchor))
    return result


# How far before an expression its signal may start ("ever since " is eleven characters).
_SIGNAL_REACH = 14


@functools.cache
def _signal_regex(language: str) -> re.Pattern[str]:
    """A signal word or two ("since", "up until") right before the end of the searched text, after
    a space or no-break space, and not the end of a longer word."""
    forms = sorted(load_grammar(language).signals, key=len, reverse=True)
    alternation = "|".join(re.escape(form).replace(r"\ ", r"\s+") for form in forms) or "(?!)"
    return re.compile(rf"(?<!\S)(?P<signal>{alternation})\s*[ \u00a0]$", re.IGNORECASE)


def _opened(expression: TimeExpression, mod: str, anchor: date | None) -> TimeExpression:
    start, end = expression.start_date, expression.end_date
    if anchor is not None and start is not None and end is not None:
        if mod == "AFTER" and anchor >= start:
            end = anchor
        elif mod == "BEFORE" and anchor <= end:
            start = anchor
    return replace(expression, mod=mod, start_date=start, end_date=end)


def _in_year_of(first: TimeExpression, second: TimeExpression) -> TimeExpression:
    """ "from January to March 2024": a year-less first end takes the year just before the second."""
    if (
        second.resolution is not Resolution.ABSOLUTE
        or first.start_date is None
        or first.end_date is None
        or second.start_date is None
        or first.granularity not in (Granularity.DAY, Granularity.MONTH)
    ):
        return first
    year = second.start_date.year - (
        1 if first.start_date.replace(year=2000) > second.start_date.replace(year=2000) else 0
    )
    shift = year - first.start_date.year
    if shift == 0:
        return first
    try:
        start, end = (
            first.start_date.replace(year=year),
            first.end_date.replace(year=first.end_date.year + shift),
        )
    except ValueError:  # 29 February
        return first
    return replace(
        first,
        value=f"{year:04d}{first.value[4:]}",
        start_date=start,
        end_date=end,
        resolution=Resolution.EXPRESSION,
    )


def join_ranges(text: str, found: list[TimeExpression]) -> list[TimeExpression]:
    """Join "between May and July" / "from 2009 to 2011" into one range with two parts."""
    result: list[TimeExpression] = []
    index = 0
    while index < len(found):
        first = found[index]
        second = found[index + 1] if index + 1 < len(found) else None
        joined = _range_of(text, first, second) if second is not None else None
        if joined is not None:
            result.append(joined)
            index += 2
            continue
        result.append(first)
        index += 1
    return result


def _range_of(text: str, first: TimeExpression, second: TimeExpression) -> TimeExpression | None:
    """The range "from/between FIRST to/and SECOND", or None when the two are not one."""
    if second.char_start - first.char_end > _MOST_RANGE_GAP:
        return None  # most pairs: too far apart to be joined by " - " / " and " / " through "
    opener = text[max(0, first.char_start - 9) : first.char_start].lower().split()
    if not (
        opener
        and opener[-1] in _RANGE_OPENERS
        and first.type is second.type is TimexType.DATE
        and not first.parts
        and not second.parts
        and _RANGE.match(text[first.char_end : second.char_start])
    ):
        return None
    if first.resolution is Resolution.ANCHOR:
        first = _in_year_of(first, second)
    if first.start_date is None or second.end_date is None or first.start_date > second.end_date:
        return None
    return replace(
        first,
        text=text[first.char_start : second.char_end],
        char_end=second.char_end,
        value=f"{first.value}/{second.value}",
        end_date=second.end_date,
        rule=f"{first.rule}+range",
        parts=(first, second),
    )
