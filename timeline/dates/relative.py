"""Normalisers of expressions resolved against the anchor or the sentence's tense.

today, on Friday, next week, last month, last February, in March, the 19th,
this summer, the second quarter, three years ago, two days later, days after.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from timeline.dates import intervals as iv
from timeline.dates.absolute import read_year, valid_date, with_part, year_for
from timeline.dates.values import Context, Value, normaliser
from timeline.model import Granularity, Resolution, TimexType

# Months whose names are also common words or names: alone, with no preposition, they are latent.
_AMBIGUOUS_MONTHS = {"may", "march", "august", "june", "april"}
_MONTH_PREPOSITIONS = {
    "in",
    "since",
    "until",
    "by",
    "from",
    "of",
    "during",
    "early",
    "late",
    "mid",
    "through",
    "till",
    "before",
    "after",
    "to",
    "and",
    "between",
    "last",
    "next",
    "this",
    "each",
    "every",
}


@normaliser
def day_word(ctx: Context) -> Value | None:
    """today, yesterday, tomorrow, tonight: a day relative to the anchor."""
    offset = ctx.lookup("day_word")
    if offset is None:
        return None
    if ctx.anchor is None:
        return Value("PRESENT_REF" if offset == "0" else "XXXX-XX-XX", None, None, Resolution.UNRESOLVED)
    day = ctx.anchor + timedelta(days=int(offset))
    part = next(
        (code for word, code in _DAY_PARTS.items() if word in (ctx.get("day_word") or "").lower()), ""
    )
    # TimeML types a part of a day ("this morning", "tonight", "last night") as a TIME.
    timex_type = TimexType.TIME if part else None
    return Value(day.isoformat() + part, Granularity.DAY, (day, day), Resolution.ANCHOR, type=timex_type)


_DAY_PARTS = {"morning": "TMO", "afternoon": "TAF", "evening": "TEV", "night": "TNI"}


@normaliser
def same_day(ctx: Context) -> Value | None:
    """ "the day", "the same day": the day of the sentence's previous date, else the anchor's.

    "the start of the day" / "late in the day" keep that day and say which part (mod START/END).
    """
    found = _same_day(ctx)
    part = ctx.lookup("part") or ctx.lookup("part2", "part")
    return replace(found, mod=iv.PART_MODS[part]) if part else found


def _same_day(ctx: Context) -> Value:
    previous = ctx.previous
    if (
        previous is not None
        and previous.granularity is not None
        and previous.granularity.day_or_finer
        and previous.start_date is not None
    ):
        day = previous.start_date
        return Value(day.isoformat(), Granularity.DAY, (day, day), Resolution.EXPRESSION, reference=day)
    if ctx.last_day is not None:
        day = ctx.last_day
        return Value(day.isoformat(), Granularity.DAY, (day, day), Resolution.EXPRESSION, reference=day)
    if ctx.anchor is None:
        return Value("XXXX-XX-XX", Granularity.DAY, None, Resolution.UNRESOLVED)
    return Value(ctx.anchor.isoformat(), Granularity.DAY, (ctx.anchor, ctx.anchor), Resolution.ANCHOR)


def _unit_day(anchor: date, unit: str, shift: int) -> date:
    step = {
        "week": "W",
        "weekend": "W",
        "month": "M",
        "quarter": "Q",
        "year": "Y",
        "day": "D",
        "decade": "DE",
        "century": "CE",
    }[unit]
    return iv.shift(anchor, step, shift)


_UNIT_GRANULARITY = {
    "week": Granularity.WEEK,
    "weekend": Granularity.WEEK,
    "month": Granularity.MONTH,
    "quarter": Granularity.QUARTER,
    "year": Granularity.YEAR,
    "day": Granularity.DAY,
    "decade": Granularity.DECADE,
    "century": Granularity.CENTURY,
}


_UNRESOLVED_UNIT = {
    "week": "XXXX-WXX",
    "weekend": "XXXX-WXX-WE",
    "month": "XXXX-XX",
    "quarter": "XXXX-QX",
    "year": "XXXX",
    "day": "XXXX-XX-XX",
    "decade": "XXX",
    "century": "XX",
}


@normaliser
def relative_unit(ctx: Context) -> Value | None:
    """this week, next week, last month, this year, early last year, the weekend."""
    unit = ctx.lookup("cunit", "calendar_unit")
    shift = int(ctx.lookup("shift", "relative_shift") or 0)
    beyond = (ctx.get("beyond") or "").lower()
    if beyond:  # the week after next, the month before last
        shift = 2 if beyond.startswith("after") else -2
    if unit is None:
        return None
    if ctx.anchor is None:
        # Without an anchor the unit is known but not which one: an unresolved calendar value,
        # so that the expression still dates its clause once an anchor is found.
        return Value(_UNRESOLVED_UNIT[unit], _UNIT_GRANULARITY[unit], None, Resolution.UNRESOLVED)
    granularity = _UNIT_GRANULARITY[unit]
    base, resolution = ctx.anchor, Resolution.ANCHOR
    if (ctx.get("shift") or "").lower().split()[-1:] in (
        ["previous"],
        ["prior"],
        ["preceding"],
        ["following"],
    ):
        # "the previous year", "the following week" count from the date the sentence is about.
        base, resolution = _reference(ctx, granularity) or (base, resolution)
    day = _unit_day(base, unit, shift)
    if unit == "weekend" and ctx.get("shift") is None and not beyond and ctx.anchor.isoweekday() < 6:
        # "over the weekend": the last one in a past sentence, the coming one in a future one.
        day = ctx.anchor + timedelta(days=-7 if (ctx.direction or "past") == "past" else 0)
    if unit == "weekend":
        value = Value(
            iv.iso_week_value(day) + "-WE", Granularity.WEEK, iv.weekend_interval(day), Resolution.ANCHOR
        )
    else:
        interval = iv.unit_interval(day, granularity)
        value = Value(iv.format_value(day, granularity), granularity, interval, resolution)
    return with_part(ctx, value)


def _reference(ctx: Context, granularity: Granularity) -> tuple[date, Resolution] | None:
    """The start of the sentence's previous date when it is at least as fine as `granularity`."""
    previous = ctx.previous
    if (
        previous is None
        or previous.start_date is None
        or previous.granularity is None
        or previous.granularity.rank > granularity.rank
    ):
        return None
    return previous.start_date, Resolution.EXPRESSION


@normaliser
def anaphoric_unit(ctx: Context) -> Value | None:
    """ "the year previous", "the year earlier", "for the entire year": the unit of the date the
    sentence is about (its previous date), one back for previous/earlier; the anchor's without one."""
    unit = ctx.lookup("cunit", "calendar_unit") or ctx.lookup("cunit2", "calendar_unit")
    if unit is None or unit == "weekend":
        return None
    granularity = _UNIT_GRANULARITY[unit]
    shift = -1 if (ctx.get("which") or "").lower() in ("previous", "prior", "earlier", "before") else 0
    found = _reference(ctx, granularity)
    if found is None:
        if ctx.anchor is None:
            return Value(_UNRESOLVED_UNIT[unit], granularity, None, Resolution.UNRESOLVED)
        found = (ctx.anchor, Resolution.ANCHOR)
    base, resolution = found
    day = _unit_day(base, unit, shift)
    reference = base if resolution is Resolution.EXPRESSION else None
    interval = iv.unit_interval(day, granularity)
    return Value(iv.format_value(day, granularity), granularity, interval, resolution, reference=reference)


@normaliser
def within_unit(ctx: Context) -> Value | None:
    """earlier this month, later this year: the part of the unit before or after the anchor.

    "later in the week" counts from the last day the text named, when there is one ("signed on
    Monday. Later in the week, ..." in a story told a week later), unless the sentence looks ahead
    from a day before the anchor."""
    unit = ctx.lookup("cunit", "calendar_unit")
    if unit is None or ctx.anchor is None:
        return None
    day, resolution = ctx.anchor, Resolution.ANCHOR
    if (
        ctx.get("anaphoric")
        and ctx.last_day is not None
        and not (ctx.direction == "future" and ctx.last_day < day)
    ):
        day, resolution = ctx.last_day, Resolution.EXPRESSION
    granularity = _UNIT_GRANULARITY[unit]
    start, end = iv.unit_interval(day, granularity)
    earlier = (ctx.get("which") or "").lower().startswith("earl")
    interval = (start, day) if earlier else (day, end)
    value = iv.format_value(day, granularity)
    reference = day if resolution is Resolution.EXPRESSION else None
    return Value(
        value, granularity, interval, resolution, mod="START" if earlier else "END", reference=reference
    )


@normaliser
def weekday(ctx: Context) -> Value | None:
    """A bare weekday: the anchor's own day if it matches, else the nearest one in the sentence's tense."""
    number = ctx.integer("weekday", "weekday")
    if number is None:
        return None
    if ctx.anchor is None:
        return Value(f"XXXX-WXX-{number}", Granularity.DAY, None, Resolution.UNRESOLVED)
    if number == ctx.anchor.isoweekday():
        return Value(
            ctx.anchor.isoformat(),
            Granularity.DAY,
            (ctx.anchor, ctx.anchor),
            Resolution.ANCHOR,
            direction="same",
        )
    direction = ctx.direction or "past"
    day = iv.weekday_near(ctx.anchor, number, direction)
    return Value(day.isoformat(), Granularity.DAY, (day, day), Resolution.ANCHOR, direction=direction)


@normaliser
def weekday_part(ctx: Context) -> Value | None:
    """Friday morning, Thursday night: a TIME with a TIMEX3 part of day."""
    found = weekday(ctx)
    part = ctx.lookup("day_part")
    if found is None or part is None:
        return None
    return Value(
        f"{found.value}T{part}",
        found.granularity,
        found.interval,
        found.resolution,
        type=TimexType.TIME,
        direction=found.direction,
    )


@normaliser
def relative_weekday(ctx: Context) -> Value | None:
    """last Friday (strictly before the anchor), next Friday (strictly after), this Friday (its week)."""
    number = ctx.integer("weekday", "weekday")
    shift = int(ctx.lookup("shift", "relative_shift") or 0)
    if number is None:
        return None
    if ctx.anchor is None:
        return Value(f"XXXX-WXX-{number}", Granularity.DAY, None, Resolution.UNRESOLVED)
    if shift < 0:
        day = iv.weekday_near(ctx.anchor - timedelta(days=1), number, "past")
    elif shift > 0:
        day = iv.weekday_near(ctx.anchor + timedelta(days=1), number, "future")
    else:
        day = iv.week_interval(ctx.anchor)[0] + timedelta(days=number - 1)
    return _day_from_anchor(day, ctx.anchor)


@normaliser
def weekday_of_week(ctx: Context) -> Value | None:
    """Tuesday of last week, Wednesday next week: that weekday in the ISO week `shift` weeks away."""
    number = ctx.integer("weekday", "weekday")
    shift = ctx.lookup("shift", "relative_shift")
    if number is None or shift is None:
        return None
    if ctx.anchor is None:
        return Value(f"XXXX-WXX-{number}", Granularity.DAY, None, Resolution.UNRESOLVED)
    day = iv.week_interval(iv.shift(ctx.anchor, "W", int(shift)))[0] + timedelta(days=number - 1)
    return _day_from_anchor(day, ctx.anchor)


def _day_from_anchor(day: date, anchor: date) -> Value:
    """A day resolved against the anchor, with the direction it lies in."""
    direction = "past" if day < anchor else ("future" if day > anchor else "same")
    return Value(day.isoformat(), Granularity.DAY, (day, day), Resolution.ANCHOR, direction=direction)


def _month_value(month: int, year: int, resolution: Resolution, direction: str | None) -> Value:
    return Value(
        f"{year:04d}-{month:02d}",
        Granularity.MONTH,
        iv.month_interval(year, month),
        resolution,
        direction=direction,
    )


@normaliser
def relative_month(ctx: Context) -> Value | None:
    """last February (the previous year's), next March, this June."""
    month = ctx.integer("month", "month")
    shift = int(ctx.lookup("shift", "relative_shift") or 0)
    year_shift = ctx.lookup("yshift", "relative_shift")
    if month is None:
        return None
    if ctx.anchor is None:
        return Value(f"XXXX-{month:02d}", Granularity.MONTH, None, Resolution.UNRESOLVED)
    year = ctx.anchor.year + (shift if shift <= 0 or month <= ctx.anchor.month else 0)
    if year_shift is not None:  # "October of next year"
        year, shift = ctx.anchor.year + int(year_shift), int(year_shift)
    return _month_value(
        month, year, Resolution.ANCHOR, "past" if shift < 0 else ("future" if shift else None)
    )


@normaliser
def bare_month(ctx: Context) -> Value | None:
    """in March, early June: the month's nearest occurrence in the sentence's tense; latent when ambiguous."""
    month = ctx.integer("month", "month")
    if month is None:
        return None
    surface = (ctx.get("month") or "").lower()
    latent = (
        surface in _AMBIGUOUS_MONTHS
        and ctx.preceding_word() not in _MONTH_PREPOSITIONS
        and not ctx.get("part")
    )
    if ctx.anchor is None:
        return Value(f"XXXX-{month:02d}", Granularity.MONTH, None, Resolution.UNRESOLVED, latent=latent)
    year, _, direction = year_for(ctx, month, None)
    year_shift = ctx.lookup("yshift", "relative_shift")
    if year_shift is not None:  # "October of next year": the year is named right after
        year, direction = ctx.anchor.year + int(year_shift), None
    found = _month_value(month, year or ctx.anchor.year, Resolution.ANCHOR, direction)
    found = with_part(ctx, found)
    return Value(
        found.value,
        found.granularity,
        found.interval,
        found.resolution,
        mod=found.mod,
        direction=direction,
        latent=latent,
    )


@normaliser
def ordinal_day(ctx: Context) -> Value | None:
    """ "the 19th": that day of the anchor's month, moved a month by tense when needed."""
    day = ctx.integer("day")
    if day is None or ctx.anchor is None or not 1 <= day <= 31:
        return None
    direction = ctx.direction or "past"
    base = ctx.anchor
    if direction == "past" and day > ctx.anchor.day:
        base = iv.add_months(ctx.anchor.replace(day=1), -1)
    elif direction == "future" and day < ctx.anchor.day:
        base = iv.add_months(ctx.anchor.replace(day=1), 1)
    found = valid_date(base.year, base.month, day)
    if found is None:
        return None
    return Value(found.isoformat(), Granularity.DAY, (found, found), Resolution.ANCHOR, direction=direction)


@normaliser
def week_of(ctx: Context) -> Value | None:
    """ "the week of Feb. 24": the ISO week containing that day."""
    month, day = ctx.integer("month", "month"), ctx.integer("day")
    if month is None or day is None:
        return None
    year = read_year(ctx) or (ctx.anchor.year if ctx.anchor else None)
    found = valid_date(year, month, day) if year else None
    if found is None:
        return None
    resolution = Resolution.ABSOLUTE if ctx.get("year") else Resolution.ANCHOR
    return Value(iv.iso_week_value(found), Granularity.WEEK, iv.week_interval(found), resolution)


@normaliser
def ref_word(ctx: Context) -> Value | None:
    """now, recently, in the future: TIMEX3 PRESENT_REF / PAST_REF / FUTURE_REF."""
    value = ctx.lookup("ref", "ref_word")
    if value is None:
        return None
    if value == "PRESENT_REF" and ctx.anchor is not None:
        return Value(value, Granularity.DAY, (ctx.anchor, ctx.anchor), Resolution.ANCHOR)
    return Value(value, Granularity.VAGUE, None, Resolution.ANCHOR if ctx.anchor else Resolution.UNRESOLVED)
