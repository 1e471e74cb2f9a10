"""Normalisers of amounts of time and clock times: durations (P3Y), sets (every Friday) and TIME (4:47 AM ET).

A duration has no interval unless it is anchored ("the past three months" ends
on the anchor). A clock time takes its day from the previous date of the same
sentence, else from the anchor.
"""

from __future__ import annotations

from datetime import date, timedelta

from timeline.dates import intervals as iv
from timeline.dates.absolute import calendar_date
from timeline.dates.relative import day_word, weekday
from timeline.dates.values import Context, Value, normaliser
from timeline.model import Granularity, Resolution, TimexType

_TIME_UNITS = {"H": "H", "MIN": "M"}
_YEARS_PER_UNIT = {"DE": 10, "CE": 100}


# Half of a unit written in the unit below it: "half an hour" is PT30M, "half a year" P6M.
_HALF_UNITS = {"H": (30, "MIN"), "D": (12, "H"), "Y": (6, "M"), "DE": (5, "Y"), "CE": (50, "Y")}


def duration_value(amount: float | None, unit: str) -> str:
    """P3Y, P2.5Y, PT7H, PXY (unknown amount); half a unit in the unit below (PT30M)."""
    if amount == 0.5 and unit in _HALF_UNITS:
        amount, unit = _HALF_UNITS[unit]
    if unit == "FN":  # a fortnight is two weeks
        amount, unit = (None if amount is None else amount * 2), "W"
    if amount is None:
        number = "X"
    elif float(amount).is_integer():
        number = str(int(amount))
    else:
        number = f"{amount:g}"
    if unit in _TIME_UNITS:
        return f"PT{number}{_TIME_UNITS[unit]}"
    if unit in _YEARS_PER_UNIT and amount is not None:
        # TimeML writes decades and centuries as years: "the past decade" is P10Y.
        return f"P{amount * _YEARS_PER_UNIT[unit]:g}Y"
    return f"P{number}{unit}"


def _amount(ctx: Context) -> float | None:
    if ctx.get("halfof"):  # half an hour, a half-hour
        return 0.5
    amount = ctx.number("num")
    # two and a half years, a year and a half
    if amount is not None and (ctx.get("half") or ctx.get("half2")):
        amount += 0.5
    return amount


def comparative_before(ctx: Context) -> str | None:
    """MORE_THAN / LESS_THAN from "more than", "within", ... just before the match (outside its span)."""
    words = ctx.text[max(0, ctx.start - 16) : ctx.start].lower().split()
    for size in (2, 1):
        if len(words) >= size:
            found = ctx.vocabulary.lookup("comparative", " ".join(words[-size:]))
            if found:
                return found
    return None


@normaliser
def duration(ctx: Context) -> Value | None:
    """three years, the three-year conflict, over 30 years, nearly five months, several years."""
    unit = ctx.lookup("unit") or ctx.lookup("unit2", "unit")
    if unit is None:
        return None
    vague = ctx.get("vague") or ctx.get("plural") or ctx.get("plural2")
    amount = None if vague else _amount(ctx)
    if amount is None and not vague:
        return None
    mod = ctx.lookup("approx", "approx") or comparative_before(ctx)
    return Value(
        duration_value(amount, unit), None, None, Resolution.UNRESOLVED, type=TimexType.DURATION, mod=mod
    )


@normaliser
def anchored_duration(ctx: Context) -> Value | None:
    """the past three months, the next four years: a duration that ends (or starts) at the anchor."""
    unit = ctx.lookup("unit")
    found_shift = ctx.lookup("shift", "relative_shift")
    if unit is None:
        return None
    plural = (ctx.get("unit") or "").lower().endswith("s")
    amount = _amount(ctx) if ctx.get("num") else (None if ctx.get("vague") or plural else 1.0)
    value = duration_value(amount, unit)
    # "the first two years" names no point to hang the duration on.
    if ctx.anchor is None or amount is None or unit in _TIME_UNITS or found_shift is None:
        return Value(value, None, None, Resolution.UNRESOLVED, type=TimexType.DURATION)
    shift = int(found_shift)
    if shift < 0:
        interval = (iv.shift(ctx.anchor, unit, -amount) + timedelta(days=1), ctx.anchor)
    else:
        interval = (ctx.anchor, iv.shift(ctx.anchor, unit, amount) - timedelta(days=1))
    granularity = iv.UNIT_GRANULARITY.get(unit, Granularity.DAY)
    return Value(
        value,
        granularity,
        interval,
        Resolution.ANCHOR,
        type=TimexType.DURATION,
        direction="past" if shift < 0 else "future",
    )


@normaliser
def set_every(ctx: Context) -> Value | None:
    """every week, each year, every two months, every other week, every few years, $10,000 a month
    -> P1W, P1Y, P2M, P2W, PXY, P1M."""
    unit = ctx.lookup("unit")
    if unit is None:
        return None
    if ctx.get("vague"):
        amount: float | None = None  # every few years: PXY
    elif ctx.get("other"):
        amount = 2.0  # every other week: P2W
    else:
        amount = ctx.number("num") if ctx.get("num") else 1.0
    return Value(duration_value(amount, unit), None, None, Resolution.UNRESOLVED, type=TimexType.SET)


@normaliser
def set_named(ctx: Context) -> Value | None:
    """every Friday, on Sundays, every summer, each March, every weekend -> XXXX-WXX-5, XXXX-WXX-7,
    XXXX-SU, XXXX-03, XXXX-WXX-WE."""
    if ctx.get("season"):
        code = ctx.lookup("season")
        value = f"XXXX-{code}" if code else None
    elif ctx.get("month"):
        month = ctx.integer("month", "month")
        value = f"XXXX-{month:02d}" if month else None
    elif ctx.get("weekday"):
        number = ctx.integer("weekday", "weekday")
        value = f"XXXX-WXX-{number}" if number else None
    else:
        value = "XXXX-WXX-WE"
    if value is None:
        return None
    return Value(value, None, None, Resolution.UNRESOLVED, type=TimexType.SET)


def _adverb_period(ctx: Context, timex_type: TimexType) -> Value | None:
    value = ctx.lookup("adverb", "set_adverb")
    if value is None:
        return None
    return Value(value, None, None, Resolution.UNRESOLVED, type=timex_type)


@normaliser
def set_adverb(ctx: Context) -> Value | None:
    """daily, weekly, annual -> P1D, P1W, P1Y (recurring: "an annual meeting")."""
    return _adverb_period(ctx, TimexType.SET)


@normaliser
def measure_period(ctx: Context) -> Value | None:
    """annual profit, monthly sales: the period the quantity covers, a DURATION (P1Y, P1M)."""
    return _adverb_period(ctx, TimexType.DURATION)


def _day_of(ctx: Context) -> tuple[str, Resolution, tuple[date, date] | None]:
    """The day a time belongs to: the sentence's previous date, else the anchor, else XXXX-XX-XX."""
    previous = ctx.previous
    if (
        previous is not None
        and previous.granularity is not None
        and previous.granularity.day_or_finer
        and previous.start_date is not None
    ):
        return (
            previous.start_date.isoformat(),
            Resolution.EXPRESSION,
            (previous.start_date, previous.start_date),
        )
    if ctx.last_day is not None:
        return ctx.last_day.isoformat(), Resolution.EXPRESSION, (ctx.last_day, ctx.last_day)
    if ctx.anchor is None:
        return "XXXX-XX-XX", Resolution.UNRESOLVED, None
    return ctx.anchor.isoformat(), Resolution.ANCHOR, (ctx.anchor, ctx.anchor)


def _named_day(ctx: Context) -> tuple[str, Resolution, tuple[date, date] | None] | None:
    """The day written with the time ("16:00 UTC today", "12:00 UTC Monday", "the night of Jan. 5")."""
    if ctx.get("day_word"):
        found = day_word(ctx)
    elif ctx.get("month") and ctx.get("day"):  # "the evening of Friday 23 June": the date decides
        found = calendar_date(ctx)
    elif ctx.get("weekday"):
        found = weekday(ctx)
    else:
        return None
    if found is None:
        return None
    return found.value[:10], found.resolution, found.interval


def _clock(ctx: Context) -> tuple[int, int] | None:
    said = ctx.lookup("clock_word")
    if said is not None:  # noon, midnight
        hour_text, minute_text = said.split(":")
        return int(hour_text), int(minute_text)
    hour, minute = ctx.integer("hour"), ctx.integer("minute") or ctx.integer("minute2") or 0
    if hour is None:
        return None
    meridiem = ctx.lookup("ampm")
    if meridiem is not None:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem == "PM" else 0)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return hour, minute


@normaliser
def clock_time(ctx: Context) -> Value | None:
    """4:47 AM ET, 16:00 UTC, 6:40 p.m.: the day of the sentence's previous date, else the anchor's."""
    part = ctx.lookup("day_part")
    clock = _clock(ctx)
    if part is not None:
        suffix = f"T{part}"
    elif clock is not None:
        zone = "Z" if ctx.lookup("tz", "timezone") == "UTC" else ""
        suffix = f"T{clock[0]:02d}:{clock[1]:02d}{zone}"
    else:
        return None
    day, resolution, interval = _named_day(ctx) or _day_of(ctx)
    reference = interval[0] if interval and resolution is Resolution.EXPRESSION else None
    return Value(day + suffix, Granularity.TIME, interval, resolution, reference=reference)
