"""Normalisers of expressions that point back at a date the text already named.

"by that time" is the last date mentioned; "for a second consecutive day" is the
unit (day, week, ...) the sentence is about: its previous date's, else the
anchor's. TimeML anchors such expressions on the narrative's last date, not on the
publication date, so both look at the engine's `previous` / `last_day` first.
"""

from __future__ import annotations

from datetime import date

from timeline.dates import intervals as iv
from timeline.dates.values import Context, Value, normaliser
from timeline.model import Granularity, Resolution

#: Rules whose expressions repeat a day the text named before ("that day", "in the evening"): they
#: add no evidence of their own where dates are compared across articles (pubdate).
ANAPHORIC_RULES = frozenset({"day_part", "same_day", "same_day_part", "that_unit", "that_time"})

_RUN_UNITS = {
    "day": Granularity.DAY,
    "session": Granularity.DAY,
    "week": Granularity.WEEK,
    "month": Granularity.MONTH,
    "quarter": Granularity.QUARTER,
    "year": Granularity.YEAR,
}


@normaliser
def that_time(ctx: Context) -> Value | None:
    """ "by that time": the sentence's previous date, else the last day named; nothing without one."""
    previous = ctx.previous
    if previous is not None and previous.start_date is not None and previous.granularity is not None:
        interval = (previous.start_date, previous.end_date or previous.start_date)
        return Value(
            previous.value,
            previous.granularity,
            interval,
            Resolution.EXPRESSION,
            reference=previous.start_date,
        )
    if ctx.last_day is not None:
        day = ctx.last_day
        return Value(day.isoformat(), Granularity.DAY, (day, day), Resolution.EXPRESSION, reference=day)
    return None


@normaliser
def that_unit(ctx: Context) -> Value | None:
    """ "that week", "later that day": the unit holding the date the text last named (the sentence's
    previous date, else the last day, else the last period), when that date is at least as fine as
    the unit; nothing without one: the text has not said which week."""
    granularity = _RUN_UNITS.get((ctx.get("cunit") or "").lower())  # its rule names day to year
    if granularity is None:
        return None
    named: list[tuple[date | None, Granularity | None]] = []
    if ctx.previous is not None:
        named.append((ctx.previous.start_date, ctx.previous.granularity))
    named.append((ctx.last_day, Granularity.DAY))
    if ctx.last_period is not None:
        named.append((ctx.last_period.start_date, ctx.last_period.granularity))
    for day, named_granularity in named:
        if day is not None and named_granularity is not None and named_granularity.rank <= granularity.rank:
            return Value(
                iv.format_value(day, granularity),
                granularity,
                iv.unit_interval(day, granularity),
                Resolution.EXPRESSION,
                reference=day,
            )
    return None


def _base(ctx: Context, granularity: Granularity) -> tuple[date, Resolution] | None:
    """The day a run of units ends on: the sentence's previous date when fine enough, else the anchor."""
    previous = ctx.previous
    if (
        previous is not None
        and previous.start_date is not None
        and previous.granularity is not None
        and previous.granularity.rank <= granularity.rank
    ):
        return previous.start_date, Resolution.EXPRESSION
    if ctx.anchor is None:
        return None
    return ctx.anchor, Resolution.ANCHOR


@normaliser
def running_unit(ctx: Context) -> Value | None:
    """ "a second consecutive day", "fourth week in a row": the current unit of the run."""
    unit = (ctx.get("cunit") or ctx.get("cunit2") or "").lower()
    granularity = _RUN_UNITS.get(unit)
    if granularity is None:
        return None
    found = _base(ctx, granularity)
    if found is None:
        return Value("XXXX", granularity, None, Resolution.UNRESOLVED)
    day, resolution = found
    reference = day if resolution is Resolution.EXPRESSION else None
    return Value(
        iv.format_value(day, granularity),
        granularity,
        iv.unit_interval(day, granularity),
        resolution,
        reference=reference,
    )
