"""Calendar arithmetic for the tagger: intervals of calendar units and their TIMEX3 values.

Kept apart from the rule normalisers so that every interval the tagger emits comes
from one small, unit-tested place (inclusive start and end dates).
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, timedelta

from timeline.model import Granularity

Interval = tuple[date, date]

SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months, clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


_DAYS_PER_UNIT = {"D": 1, "W": 7, "FN": 14}  # FN: a fortnight


def shift(day: date, unit: str, amount: float) -> date:
    """`day` moved by `amount` units (Y, M, W, FN, D, DE, CE, Q); fractions are rounded to days."""
    if unit in _DAYS_PER_UNIT:
        return day + timedelta(days=round(amount * _DAYS_PER_UNIT[unit]))
    months = {"M": 1, "Q": 3, "Y": 12, "DE": 120, "CE": 1200}.get(unit)
    if months is None:
        return day
    return add_months(day, round(amount * months))


def day_interval(day: date) -> Interval:
    return day, day


def month_interval(year: int, month: int) -> Interval:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def year_interval(year: int) -> Interval:
    return date(year, 1, 1), date(year, 12, 31)


def week_interval(day: date) -> Interval:
    """The ISO week (Monday to Sunday) that contains `day`."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def weekend_interval(day: date) -> Interval:
    """Saturday and Sunday of the ISO week that contains `day`."""
    monday = week_interval(day)[0]
    return monday + timedelta(days=5), monday + timedelta(days=6)


def quarter_interval(year: int, quarter: int) -> Interval:
    first = 3 * (quarter - 1) + 1
    return month_interval(year, first)[0], month_interval(year, first + 2)[1]


def half_interval(year: int, half: int) -> Interval:
    first = 1 if half == 1 else 7
    return month_interval(year, first)[0], month_interval(year, first + 5)[1]


def season_interval(year: int, season: str) -> Interval:
    """Meteorological seasons of the northern hemisphere; winter runs into the next year."""
    first, last = SEASON_MONTHS[season]
    end_year = year + 1 if last < first else year
    return month_interval(year, first)[0], month_interval(end_year, last)[1]


def decade_interval(decade_start: int) -> Interval:
    return date(decade_start, 1, 1), date(decade_start + 9, 12, 31)


def century_interval(century_index: int) -> Interval:
    """Century by its TIMEX3 index: 19 is the years 1900-1999."""
    return date(max(1, century_index * 100), 1, 1), date(century_index * 100 + 99, 12, 31)


#: TIMEX3 mod of each part code of the vocabulary's [part] class: halves have no mod of their own.
PART_MODS = {"START": "START", "MID": "MID", "END": "END", "FIRST_HALF": "START", "SECOND_HALF": "END"}


def part_of(interval: Interval, part: str) -> Interval:
    """The first, middle or last third of an interval (early/mid/late), or its first or second half."""
    start, end = interval
    length = (end - start).days + 1
    if part in ("FIRST_HALF", "SECOND_HALF"):
        half = max(1, length // 2)
        return (
            (start, start + timedelta(days=half - 1))
            if part == "FIRST_HALF"
            else (start + timedelta(days=half), end)
        )
    third = max(1, length // 3)
    if part == "START":
        return start, start + timedelta(days=third - 1)
    if part == "END":
        return end - timedelta(days=third - 1), end
    return start + timedelta(days=third), end - timedelta(days=third)


def iso_week_value(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


_FORMATS: dict[Granularity, Callable[[date], str]] = {
    Granularity.YEAR: lambda d: f"{d.year:04d}",
    Granularity.MONTH: lambda d: f"{d.year:04d}-{d.month:02d}",
    Granularity.WEEK: iso_week_value,
    Granularity.DECADE: lambda d: f"{d.year // 10:03d}",
    Granularity.CENTURY: lambda d: f"{d.year // 100:02d}",
    Granularity.QUARTER: lambda d: f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}",
}
_UNITS: dict[Granularity, Callable[[date], Interval]] = {
    Granularity.WEEK: week_interval,
    Granularity.MONTH: lambda d: month_interval(d.year, d.month),
    Granularity.QUARTER: lambda d: quarter_interval(d.year, (d.month - 1) // 3 + 1),
    Granularity.YEAR: lambda d: year_interval(d.year),
    Granularity.DECADE: lambda d: decade_interval(d.year // 10 * 10),
    Granularity.CENTURY: lambda d: century_interval(d.year // 100),
}


def format_value(day: date, granularity: Granularity) -> str:
    """The TIMEX3 value of the calendar unit of `granularity` that contains `day` (a day by default)."""
    return _FORMATS.get(granularity, date.isoformat)(day)


def unit_interval(day: date, granularity: Granularity) -> Interval:
    """The calendar unit of `granularity` (week, month, quarter, year, decade, century) containing `day`."""
    return _UNITS.get(granularity, day_interval)(day)


UNIT_GRANULARITY = {
    "D": Granularity.DAY,
    "W": Granularity.WEEK,
    "FN": Granularity.WEEK,
    "M": Granularity.MONTH,
    "Q": Granularity.QUARTER,
    "Y": Granularity.YEAR,
    "DE": Granularity.DECADE,
    "CE": Granularity.CENTURY,
}


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date | None:
    """The `nth` ISO `weekday` (Monday = 1) of the month; nth = -1 is the last; None when there is none."""
    first = 1 + (weekday - 1 - calendar.weekday(year, month, 1)) % 7
    days = range(first, calendar.monthrange(year, month)[1] + 1, 7)
    if nth > len(days):
        return None
    return date(year, month, days[nth - 1 if nth > 0 else -1])


def weekday_near(anchor: date, weekday: int, direction: str | None) -> date:
    """The `weekday` (ISO, Monday=1) nearest `anchor` in `direction`, the anchor's own day included.

    "past" (the default for news) gives the most recent such day on or before the
    anchor, "future" the next on or after it.
    """
    delta = weekday - anchor.isoweekday()
    if direction == "future":
        return anchor + timedelta(days=delta % 7)
    return anchor - timedelta(days=(-delta) % 7)


def month_near(anchor: date, month: int, direction: str | None) -> int:
    """The year of the `month` nearest `anchor` in `direction` (the anchor's month included)."""
    if direction == "future":
        return anchor.year if month >= anchor.month else anchor.year + 1
    if direction == "past":
        return anchor.year if month <= anchor.month else anchor.year - 1
    return nearest_year(anchor, month, 15)


def nearest_year(anchor: date, month: int, day: int) -> int:
    """The year that puts month/day closest to the anchor (for undirected month-day dates)."""
    best = anchor.year
    best_gap = 10**6
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        last = calendar.monthrange(year, month)[1]
        gap = abs((date(year, month, min(day, last)) - anchor).days)
        if gap < best_gap:
            best, best_gap = year, gap
    return best


def two_digit_year(value: int, anchor: date | None) -> int:
    """A two-digit year in the hundred years that end ten years after the anchor ("23" -> 2023 from
    2025, "98" -> 1998 from 1998, "05" -> 2005 from 1998)."""
    reference = anchor.year if anchor else 2025
    year = reference // 100 * 100 + value
    if year > reference + 10:
        return year - 100
    if year <= reference - 90:
        return year + 100
    return year
