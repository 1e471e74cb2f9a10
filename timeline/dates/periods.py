"""Normalisers of periods: quarters, halves, seasons, and points a distance away ("three years ago").

Vague and approximate distances become fuzzy intervals with a TIMEX3 mod: the
chosen window is half a unit either side of the shifted day ("nearly three years
ago" from 2024-11-10 is 2021-05..2022-05, value 2021), clipped to the anchor.
"""

from __future__ import annotations

from datetime import date, timedelta

from timeline.dates import intervals as iv
from timeline.dates.absolute import read_year, with_part, year_for
from timeline.dates.amounts import comparative_before
from timeline.dates.values import Context, Value, normaliser
from timeline.model import Granularity, Resolution

# How far back "days after", "weeks before", ... reach: (nearest, farthest) in days.
_VAGUE_REACH = {"D": (1, 13), "W": (7, 41), "M": (28, 340), "Y": (365, 3650)}


def unit_year(ctx: Context, first_month: int) -> tuple[int | None, Resolution]:
    """The year of a quarter/half/season: written, shifted (last/this/next year), or by tense."""
    written = read_year(ctx)
    if written is not None:
        return written, Resolution.ABSOLUTE
    if ctx.anchor is None:
        return None, Resolution.UNRESOLVED
    shift = ctx.lookup("shift", "relative_shift") or ctx.lookup("yshift", "relative_shift")
    if shift is not None:
        return ctx.anchor.year + int(shift), Resolution.ANCHOR
    if ctx.direction is not None:
        return iv.month_near(ctx.anchor, first_month, ctx.direction), Resolution.ANCHOR
    return nearest_period_year(ctx.anchor, first_month), Resolution.ANCHOR


def nearest_period_year(anchor: date, first_month: int) -> int:
    """The year whose period starting in `first_month` (a quarter, half, season) lies nearest the anchor.

    A period is three months long here; the one under way or just ended wins ties.
    """

    def gap(year: int) -> int:
        start = date(year, first_month, 1)
        end = iv.add_months(start, 3) - timedelta(days=1)
        return 0 if start <= anchor <= end else min(abs((start - anchor).days), abs((end - anchor).days))

    return min((anchor.year, anchor.year - 1, anchor.year + 1), key=gap)


@normaliser
def fiscal_year(ctx: Context) -> Value | None:
    """fiscal 2009, the current fiscal year -> FY2009 (the calendar year stands in for its interval)."""
    year = read_year(ctx) or read_year(ctx, "year2") or read_year(ctx, "year3")
    resolution = Resolution.ABSOLUTE
    if year is None:
        if ctx.anchor is None:
            return Value("FYXXXX", Granularity.YEAR, None, Resolution.UNRESOLVED)
        year = ctx.anchor.year + int(ctx.lookup("shift", "relative_shift") or 0)
        resolution = Resolution.ANCHOR
    return with_part(ctx, Value(f"FY{year:04d}", Granularity.YEAR, iv.year_interval(year), resolution))


# The month each part of the year is taken to fall in, to find the year nearest the anchor.
_YEAR_PART_MONTH = {"START": 1, "MID": 6, "END": 12}


@normaliser
def year_part(ctx: Context) -> Value | None:
    """year-end, mid-year: that part of the written year, else of the year nearest the anchor in
    the sentence's tense ("profits at year-end" in January are last year's; "will close by year-end"
    is this year's)."""
    part = ctx.lookup("year_part")
    if part is None:
        return None
    year, resolution = read_year(ctx), Resolution.ABSOLUTE
    if year is None:
        if ctx.anchor is None:
            return Value("XXXX", Granularity.YEAR, None, Resolution.UNRESOLVED, mod=part)
        year, resolution = iv.month_near(ctx.anchor, _YEAR_PART_MONTH[part], ctx.direction), Resolution.ANCHOR
    interval = iv.part_of(iv.year_interval(year), part)
    return Value(f"{year:04d}", Granularity.YEAR, interval, resolution, mod=part)


@normaliser
def quarter(ctx: Context) -> Value | None:
    """the second quarter, Q3 2023, the final quarter of 2009 -> 2023-Q2."""
    number = ctx.integer("ordinal", "ordinal") or ctx.integer("qnum")
    if number is None or not 1 <= number <= 4:
        return None
    year, resolution = unit_year(ctx, 3 * number - 2)
    if year is None:
        return Value(f"XXXX-Q{number}", Granularity.QUARTER, None, resolution)
    return with_part(
        ctx,
        Value(f"{year:04d}-Q{number}", Granularity.QUARTER, iv.quarter_interval(year, number), resolution),
    )


@normaliser
def week_of_month(ctx: Context) -> Value | None:
    """the last week of March, the first week of May 2024: the ISO week whose Thursday is the month's
    first (second, ..., last) Thursday, so that most of its days lie in that month."""
    month = ctx.integer("month", "month")
    which = ctx.integer("which", "week_of_month")
    if month is None or which is None:
        return None
    year, resolution = read_year(ctx), Resolution.ABSOLUTE
    if year is None:
        year, resolution, _ = year_for(ctx, month, None)
    if year is None:
        return Value("XXXX-WXX", Granularity.WEEK, None, Resolution.UNRESOLVED)
    thursday = iv.nth_weekday(year, month, 4, which)
    if thursday is None:
        return None
    return Value(iv.iso_week_value(thursday), Granularity.WEEK, iv.week_interval(thursday), resolution)


@normaliser
def half(ctx: Context) -> Value | None:
    """the first half of 2023 -> 2023-H1."""
    number = ctx.integer("half", "half") or ctx.integer("hnum")
    if number is None:
        return None
    year, resolution = unit_year(ctx, 1 if number == 1 else 7)
    if year is None:
        return Value(f"XXXX-H{number}", Granularity.HALF, None, resolution)
    return with_part(
        ctx, Value(f"{year:04d}-H{number}", Granularity.HALF, iv.half_interval(year, number), resolution)
    )


@normaliser
def season(ctx: Context) -> Value | None:
    """this summer, spring 2009, last winter -> 2012-SU."""
    code = ctx.lookup("season")
    if code is None:
        return None
    year, resolution = unit_year(ctx, iv.SEASON_MONTHS[code][0])
    if year is None:
        return Value(f"XXXX-{code}", Granularity.SEASON, None, resolution)
    found = Value(f"{year:04d}-{code}", Granularity.SEASON, iv.season_interval(year, code), resolution)
    return with_part(ctx, found)


def _distance(ctx: Context) -> tuple[float | None, str | None]:
    if ctx.get("unit2"):  # "in two years' time"
        return ctx.number("num2"), ctx.lookup("unit2", "unit")
    return ctx.number("num"), ctx.lookup("unit")


def _fuzzy(day: date, unit: str, anchor: date, sign: int) -> tuple[date, date]:
    """Half a unit either side of `day`, never on the far side of the anchor."""
    start, end = iv.shift(day, unit, -0.5), iv.shift(day, unit, 0.5)
    return (start, min(end, anchor)) if sign < 0 else (max(start, anchor), end)


@normaliser
def ago(ctx: Context) -> Value | None:
    """three years ago -> 2021 (granularity of the unit); "nearly"/"about" make it APPROX and fuzzy,
    "more than"/"over" make it BEFORE (AFTER for "less than"). "two years from now" and "in two
    years' time" are the same distance ahead."""
    amount, unit = _distance(ctx)
    sign = 1 if ctx.get("ahead") or ctx.get("unit2") else -1  # from_now: "from now", "in ... time"
    reference = "FUTURE_REF" if sign > 0 else "PAST_REF"
    direction = "future" if sign > 0 else "past"
    if unit is not None and (ctx.get("vague") or (amount is None and sign < 0)):
        # several years ago, decades ago
        resolution = Resolution.ANCHOR if ctx.anchor else Resolution.UNRESOLVED
        return Value(reference, Granularity.VAGUE, None, resolution, direction=direction)
    if amount is None or unit not in iv.UNIT_GRANULARITY:
        return None
    # Days and weeks ago name a day ("a week ago" is 2011-03-11 in TimeML), longer units their unit.
    granularity = Granularity.DAY if unit in ("W", "FN") else iv.UNIT_GRANULARITY[unit]
    approx = ctx.lookup("approx", "approx")
    mod = approx or comparative_before(ctx)
    if mod in ("MORE_THAN", "LESS_THAN"):
        # A point, not a length: "more than two years ago" lies before 2022, "less than a month ago" after.
        mod = "BEFORE" if (mod == "MORE_THAN") == (sign < 0) else "AFTER"
        approx = None
    if ctx.anchor is None:
        return Value(reference, Granularity.VAGUE, None, Resolution.UNRESOLVED, mod=mod)
    day = iv.shift(ctx.anchor, unit, sign * amount)
    interval = (
        _fuzzy(day, unit, ctx.anchor, sign) if approx is not None else iv.unit_interval(day, granularity)
    )
    return Value(
        iv.format_value(day, granularity),
        granularity,
        interval,
        Resolution.ANCHOR,
        mod=mod,
        direction=direction,
    )


@normaliser
def later(ctx: Context) -> Value | None:
    """two days later / a week earlier: from the previous date of the sentence, else from the last
    day the text named ("On 24 June ... . Three days later, ..."), else from the anchor."""
    amount, unit = _distance(ctx)
    if amount is None or unit not in iv.UNIT_GRANULARITY:
        return None
    sign = -1 if (ctx.get("which") or "").lower().startswith(("earl", "bef", "prior")) else 1
    base, resolution = ctx.anchor, Resolution.ANCHOR
    previous = ctx.previous
    if previous is not None and previous.start_date is not None and previous.end_date is not None:
        base = previous.start_date if sign < 0 else previous.end_date
        resolution = Resolution.EXPRESSION
    elif ctx.last_day is not None:
        base, resolution = ctx.last_day, Resolution.EXPRESSION
    if base is None:
        return Value("XXXX-XX-XX", None, None, Resolution.UNRESOLVED)
    granularity = iv.UNIT_GRANULARITY[unit]
    day = iv.shift(base, unit, sign * amount)
    interval = iv.unit_interval(day, granularity)
    return Value(iv.format_value(day, granularity), granularity, interval, resolution, reference=base)


@normaliser
def vague_after(ctx: Context) -> Value | None:
    """ "comes days after", "weeks after": a fuzzy window before the anchor (1-13 days, 1-5 weeks...)."""
    unit = ctx.lookup("unit")
    if unit not in _VAGUE_REACH:
        return None
    if ctx.anchor is None:
        return Value("PAST_REF", Granularity.VAGUE, None, Resolution.UNRESOLVED, mod="APPROX")
    nearest, farthest = _VAGUE_REACH[unit]
    interval = (ctx.anchor - timedelta(days=farthest), ctx.anchor - timedelta(days=nearest))
    return Value("PAST_REF", Granularity.VAGUE, interval, Resolution.ANCHOR, mod="BEFORE", direction="past")


# How long after its reference "minutes/hours later" can be: the same day, or the next.
_SAME_DAY_REACH = {"MIN": 0, "MOMENT": 0, "H": 1}


@normaliser
def vague_later(ctx: Context) -> Value | None:
    """ "hours later", "days later": after the sentence's previous date (else the last day named, else
    the anchor) by a vague amount. Minutes and hours stay on that day (or the next); days, weeks,
    months and years give the window of `_VAGUE_REACH` after it, a PAST_REF or FUTURE_REF by where
    that window lies from the anchor."""
    unit = ctx.lookup("unit") or ("MOMENT" if (ctx.get("unit") or "").lower() == "moments" else None)
    previous = ctx.previous
    if previous is not None and previous.end_date is not None:
        base, resolution = previous.end_date, Resolution.EXPRESSION
    elif ctx.last_day is not None:
        base, resolution = ctx.last_day, Resolution.EXPRESSION
    elif ctx.anchor is not None:
        base, resolution = ctx.anchor, Resolution.ANCHOR
    else:
        return Value("XXXX-XX-XX", None, None, Resolution.UNRESOLVED)
    reference = base if resolution is Resolution.EXPRESSION else None
    if unit in _SAME_DAY_REACH:
        interval = (base, base + timedelta(days=_SAME_DAY_REACH[unit]))
        mod = "APPROX" if interval[0] != interval[1] else None
        return Value(base.isoformat(), Granularity.DAY, interval, resolution, mod=mod, reference=reference)
    if unit not in _VAGUE_REACH:
        return None
    nearest, farthest = _VAGUE_REACH[unit]
    if reference is None and ctx.direction != "future":
        # "He was arrested days later" with no date before it: later than some earlier event,
        # so somewhere in the window before the anchor.
        interval = (base - timedelta(days=farthest), base)
        return Value("PAST_REF", Granularity.VAGUE, interval, resolution, mod="BEFORE", direction="past")
    interval = (base + timedelta(days=nearest), base + timedelta(days=farthest))
    future = ctx.anchor is not None and interval[0] > ctx.anchor
    if ctx.anchor is not None and not future and ctx.direction != "future":
        interval = (interval[0], min(interval[1], ctx.anchor))  # a past event: not after the article
    return Value(
        "FUTURE_REF" if future else "PAST_REF",
        Granularity.VAGUE,
        interval,
        resolution,
        mod="AFTER",
        direction="future" if future else "past",
        reference=reference,
    )


@normaliser
def adjacent_day(ctx: Context) -> Value | None:
    """the previous day, the next day, the day before: a day next to the last day named, else the anchor."""
    which = (ctx.get("which") or ctx.get("which2") or "").lower()
    step = -1 if which in ("previous", "before") else 1
    previous = ctx.previous
    base, resolution = ctx.anchor, Resolution.ANCHOR
    if (
        previous is not None
        and previous.granularity is not None
        and previous.granularity.day_or_finer
        and previous.start_date is not None
    ):
        base, resolution = previous.start_date, Resolution.EXPRESSION
    elif ctx.last_day is not None:
        base, resolution = ctx.last_day, Resolution.EXPRESSION
    if base is None:
        return Value("XXXX-XX-XX", Granularity.DAY, None, Resolution.UNRESOLVED)
    day = base + timedelta(days=step)
    return Value(day.isoformat(), Granularity.DAY, (day, day), resolution, reference=base)


_SAME_UNIT = {
    "day": Granularity.DAY,
    "week": Granularity.WEEK,
    "month": Granularity.MONTH,
    "quarter": Granularity.QUARTER,
}
_SAME_REFERENCES = (
    Granularity.DAY,
    Granularity.WEEK,
    Granularity.MONTH,
    Granularity.QUARTER,
    Granularity.YEAR,
)


@normaliser
def same_period(ctx: Context) -> Value | None:
    """ "the same month a year ago", "the same period last year": the unit one year before the
    period the sentence compares it with (its previous date; for "period", else the last week,
    month, quarter or half named before it), else one year before the anchor's.

    Financial news compares a month or quarter with the year before; "period" takes the
    granularity of the date it is compared with (a year when there is none).
    """
    unit = (ctx.get("sunit") or "").lower()
    previous = ctx.previous
    if previous is None and unit in ("", "period"):
        # "In the same period a year earlier, ..." after a sentence about the third quarter.
        previous = ctx.last_period
    if previous is not None and previous.granularity in _SAME_REFERENCES and previous.start_date is not None:
        base, resolution = previous.start_date, Resolution.EXPRESSION
        granularity = _SAME_UNIT.get(unit, previous.granularity)
    elif ctx.anchor is not None:
        base, resolution = ctx.anchor, Resolution.ANCHOR
        granularity = _SAME_UNIT.get(unit, Granularity.YEAR)
    else:
        return Value("PAST_REF", Granularity.VAGUE, None, Resolution.UNRESOLVED, direction="past")
    day = iv.shift(base, "Y", -1)
    interval = iv.unit_interval(day, granularity)
    value = iv.format_value(day, granularity)
    if previous is not None and resolution is Resolution.EXPRESSION and previous.value.startswith("FY"):
        value = "FY" + value  # the same period of the previous fiscal year is in a fiscal year too
    return Value(
        value,
        granularity,
        interval,
        resolution,
        direction="past",
        reference=base if resolution is Resolution.EXPRESSION else None,
    )
