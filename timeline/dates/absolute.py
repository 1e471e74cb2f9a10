"""Normalisers of calendar dates: day, month, year, range, decade, century, quarter, half, season.

A missing year is taken from the anchor by the sentence's tense (see `year_for`);
everything else here is absolute.
"""

from __future__ import annotations

import calendar
from datetime import date

from timeline.dates import intervals as iv
from timeline.dates.values import Context, Value, normaliser
from timeline.model import Granularity, Resolution, TimexType

#: How close to the anchor a year-less date must be for its nearest occurrence to win over tense.
NEAR_DAYS = 62


def valid_date(year: int, month: int, day: int) -> date | None:
    """The date, or None when it does not exist (Feb 30, month 13)."""
    if not (1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]):
        return None
    return date(year, month, day)


def read_year(ctx: Context, name: str = "year") -> int | None:
    """A four-digit year, a two-digit one ('82, 23), or None."""
    surface = ctx.get(name)
    if surface is None:
        return None
    digits = surface.strip("'’ ")
    if not digits.isdigit():
        return None
    return int(digits) if len(digits) == 4 else iv.two_digit_year(int(digits), ctx.anchor)


def year_for(ctx: Context, month: int, day: int | None) -> tuple[int | None, Resolution, str | None]:
    """The year of a month(-day) written without one, from the anchor.

    The occurrence nearest the anchor wins when it lies within `NEAR_DAYS` (news
    rarely names a day months away without its year); beyond that, the
    sentence's tense decides (past by default).
    """
    if ctx.anchor is None:
        return None, Resolution.UNRESOLVED, None
    nearest = iv.nearest_year(ctx.anchor, month, day or 15)
    gap = abs((date(nearest, month, min(day or 15, 28)) - ctx.anchor).days)
    if gap <= NEAR_DAYS + (0 if day else 15):
        return nearest, Resolution.ANCHOR, None
    direction = ctx.direction or "past"
    if day is None:
        return iv.month_near(ctx.anchor, month, direction), Resolution.ANCHOR, direction
    candidate = valid_date(ctx.anchor.year, month, day) or date(ctx.anchor.year, month, 1)
    year = ctx.anchor.year
    if direction == "past" and candidate > ctx.anchor:
        year -= 1
    elif direction == "future" and candidate < ctx.anchor:
        year += 1
    return year, Resolution.ANCHOR, direction


def day_value(ctx: Context, month: int, day: int, year: int | None) -> Value | None:
    """A day, its year given or resolved by tense; unresolved days keep XXXX."""
    resolution, direction = Resolution.ABSOLUTE, None
    if year is None:
        year, resolution, direction = year_for(ctx, month, day)
    if year is None:
        if valid_date(2000, month, day) is None:
            return None
        return Value(f"XXXX-{month:02d}-{day:02d}", Granularity.DAY, None, Resolution.UNRESOLVED)
    found = valid_date(year, month, day)
    if found is None:
        return None
    return Value(found.isoformat(), Granularity.DAY, (found, found), resolution, direction=direction)


@normaliser
def iso_date(ctx: Context) -> Value | None:
    year, month, day = ctx.integer("year"), ctx.integer("month_num"), ctx.integer("day")
    if year is None or month is None or day is None:
        return None
    return day_value(ctx, month, day, year)


@normaliser
def iso_datetime(ctx: Context) -> Value | None:
    """2024-11-12T10:00:00Z -> 2024-11-12T10:00Z (a zone other than UTC is kept as an offset)."""
    day = iso_date(ctx)
    hour, minute = ctx.integer("hour"), ctx.integer("minute")
    if day is None or day.interval is None or hour is None or minute is None:
        return None
    zone = ctx.get("zone") or ""
    if zone and zone != "Z":
        zone = "Z" if zone.replace(":", "") in ("+0000", "-0000") else zone[:3] + ":" + zone[-2:]
    value = f"{day.value}T{hour:02d}:{minute:02d}{zone}"
    return Value(value, Granularity.TIME, day.interval, Resolution.ABSOLUTE, type=TimexType.TIME)


def _numeric(ctx: Context, day_first: bool) -> Value | None:
    """Two numbers and a year: day first or month first as asked, swapped when only the other
    reading is a valid date."""
    first, second, year = ctx.integer("first"), ctx.integer("second"), read_year(ctx)
    if first is None or second is None or year is None:
        return None
    month, day = (second, first) if day_first else (first, second)
    if valid_date(year, month, day) is None:
        month, day = day, month
    return day_value(ctx, month, day, year)


@normaliser
def numeric_date(ctx: Context) -> Value | None:
    """04/14/23 or 14/04/2023: month first unless the setting or the value's validity says day first."""
    return _numeric(ctx, ctx.settings.day_first)


@normaliser
def dotted_date(ctx: Context) -> Value | None:
    """14.04.2023, 5.3.2024: day first, the dotted form's convention wherever it is written."""
    return _numeric(ctx, day_first=True)


@normaliser
def month_range(ctx: Context) -> Value | None:
    """ "January-March", "from Jan. to March", "October-December 2023": two months, the year of the
    second (written or nearest in the sentence's tense), the first in the year before when it comes
    later in the calendar ("November-February")."""
    month, month2 = ctx.integer("month", "month"), ctx.integer("month2", "month")
    if month is None or month2 is None or month == month2:
        return None
    year, resolution = read_year(ctx), Resolution.ABSOLUTE
    if year is None:
        year, resolution, _ = year_for(ctx, month2, None)
    if year is None:
        one = Value(f"XXXX-{month:02d}", Granularity.MONTH, None, Resolution.UNRESOLVED)
        two = Value(f"XXXX-{month2:02d}", Granularity.MONTH, None, Resolution.UNRESOLVED)
        return range_value(ctx, one, two, ("month",), ("month2",))
    first_year = year - 1 if month > month2 else year
    one = Value(
        f"{first_year:04d}-{month:02d}", Granularity.MONTH, iv.month_interval(first_year, month), resolution
    )
    two = Value(f"{year:04d}-{month2:02d}", Granularity.MONTH, iv.month_interval(year, month2), resolution)
    return range_value(ctx, one, two, ("month",), ("month2",))


@normaliser
def calendar_date(ctx: Context) -> Value | None:
    """Month and day, with or without a year ("Feb 28, 2025", "28 February", "April 19th")."""
    month, day = ctx.integer("month", "month"), ctx.integer("day")
    if month is None or day is None:
        return None
    return day_value(ctx, month, day, read_year(ctx))


@normaliser
def date_range(ctx: Context) -> Value | None:
    """ "Nov. 11-14", "from March 3 to 5", "11-14 November 2024": one interval, two parts."""
    month = ctx.integer("month", "month")
    month2 = ctx.integer("month2", "month") or month
    day, day2 = ctx.integer("day"), ctx.integer("day2")
    if month is None or month2 is None or day is None or day2 is None:
        return None
    year = read_year(ctx)
    first = day_value(ctx, month, day, year)
    if first is None:
        return None
    year = year or (int(first.value[:4]) if first.interval else None)
    second = day_value(ctx, month2, day2, year)
    if second is None or (first.interval and second.interval and second.interval[0] < first.interval[0]):
        return None
    return range_value(ctx, first, second, ("day", "month"), ("day2", "month2"))


def range_value(
    ctx: Context, first: Value, second: Value, left: tuple[str, ...], right: tuple[str, ...]
) -> Value:
    """A range of two resolved ends, each keeping its own offsets (the union of its groups' spans)."""
    parts = tuple(
        (min(spans), max(ends), part)
        for names, part in ((left, first), (right, second))
        if (spans := [ctx.spans[n][0] for n in names if n in ctx.spans])
        and (ends := [ctx.spans[n][1] for n in names if n in ctx.spans])
    )
    interval = None
    if first.interval and second.interval:
        interval = (first.interval[0], second.interval[1])
    return Value(
        f"{first.value}/{second.value}",
        first.granularity,
        interval,
        first.resolution,
        direction=first.direction,
        parts=parts,
    )


@normaliser
def month_year(ctx: Context) -> Value | None:
    month, year = ctx.integer("month", "month"), read_year(ctx)
    if month is None or year is None:
        return None
    return with_part(ctx, Value(f"{year:04d}-{month:02d}", Granularity.MONTH, iv.month_interval(year, month)))


@normaliser
def year(ctx: Context) -> Value | None:
    """2022, '82, early 2023 (with a part: START/MID/END)."""
    found = read_year(ctx) or read_year(ctx, "short_year")
    if found is None or (ctx.get("short_year") and _after_name(ctx)):
        return None
    return with_part(ctx, Value(f"{found:04d}", Granularity.YEAR, iv.year_interval(found)))


def _after_name(ctx: Context) -> bool:
    """Whether the match follows a capitalised name ("iLife '11", "Office '97": a version, not a year)."""
    words = ctx.text[max(0, ctx.start - 20) : ctx.start].split()
    if not words or not ctx.text[ctx.start - 1 : ctx.start].isspace():
        return False
    word = words[-1]
    return any(c.isupper() for c in word) and ctx.vocabulary.lookup("month", word.strip(".,")) is None


@normaliser
def year_range(ctx: Context) -> Value | None:
    """ "2022-2024", "1995-2024", "from 2009 to 2011"."""
    first, second = read_year(ctx), ctx.get("year2")
    if first is None or second is None:
        return None
    last = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
    if not first < last <= first + 200:
        return None
    if ctx.get("slash") and last != first + 1:
        return None  # "2024/25" is a season; "2024/2030" is not a range of years
    one = Value(f"{first:04d}", Granularity.YEAR, iv.year_interval(first))
    two = Value(f"{last:04d}", Granularity.YEAR, iv.year_interval(last))
    return range_value(ctx, one, two, ("year",), ("year2",))


@normaliser
def decade(ctx: Context) -> Value | None:
    """ "the 1990s" -> 199 (TIMEX3 decade), "the '80s" -> 198."""
    surface = ctx.get("decade") or ""
    digits = surface.strip("'’")
    if len(digits) == 2:
        start = iv.two_digit_year(int(digits), ctx.anchor)
        start = start if start <= (ctx.anchor.year if ctx.anchor else 2025) else start - 100
    else:
        start = int(digits)
    value = Value(f"{start // 10:03d}", Granularity.DECADE, iv.decade_interval(start // 10 * 10))
    return with_part(ctx, value)


@normaliser
def century(ctx: Context) -> Value | None:
    """ "the 19th century" -> 18 (TIMEX3 counts centuries from zero)."""
    ordinal = ctx.integer("century")
    if ordinal is None or not 1 <= ordinal <= 21:
        return None
    return Value(f"{ordinal - 1:02d}", Granularity.CENTURY, iv.century_interval(ordinal - 1))


def with_part(ctx: Context, value: Value) -> Value:
    """Apply an early/mid/late group: TIMEX3 mod START/MID/END and the matching third of the interval."""
    part = ctx.lookup("part")
    if part is None or value.interval is None:
        return value
    return Value(
        value.value,
        value.granularity,
        iv.part_of(value.interval, part),
        value.resolution,
        mod=iv.PART_MODS[part],
        direction=value.direction,
    )
