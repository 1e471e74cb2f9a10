"""Normaliser of named holidays ("Christmas", "Thanksgiving", "Easter 2024", "Victory Day").

A holiday's vocabulary value says how its day is found in a given year, so that
new holidays are data, not code:

- `MM-DD`: a fixed day (Christmas is `12-25`);
- `easter+N` / `easter-N`: N days from Western Easter Sunday (Good Friday is `easter-2`);
- `MM:W:N` with an optional `+D`: the Nth ISO weekday W of month MM (N = -1 is the last),
  then D days on (Thanksgiving is `11:4:4`, US Election Day `11:1:1+1`).

Without a written year the holiday takes the year nearest the anchor in the
sentence's tense, like a month and day written without one.
"""

from __future__ import annotations

import calendar
import functools
import re
from datetime import date, timedelta

from timeline.dates import intervals as iv
from timeline.dates.absolute import read_year, year_for
from timeline.dates.values import Context, Value, normaliser
from timeline.model import Granularity, Resolution

_FIXED = re.compile(r"^(?P<month>\d\d)-(?P<day>\d\d)$")
_EASTER = re.compile(r"^easter(?P<offset>[+-]\d+)$")
_NTH_WEEKDAY = re.compile(r"^(?P<month>\d\d):(?P<weekday>[1-7]):(?P<nth>-1|[1-5])(?P<offset>[+-]\d+)?$")


def easter(year: int) -> date:
    """Western (Gregorian) Easter Sunday: the anonymous Gregorian algorithm (Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


def holiday_date(rule: str, year: int) -> date | None:
    """The day of a holiday rule (see the module docstring) in `year`, or None for a malformed rule."""
    if found := _FIXED.match(rule):
        month, day_of_month = int(found["month"]), int(found["day"])
        if day_of_month > calendar.monthrange(year, month)[1]:
            return None
        return date(year, month, day_of_month)
    if found := _EASTER.match(rule):
        return easter(year) + timedelta(days=int(found["offset"]))
    if found := _NTH_WEEKDAY.match(rule):
        weekday = iv.nth_weekday(year, int(found["month"]), int(found["weekday"]), int(found["nth"]))
        return None if weekday is None else weekday + timedelta(days=int(found["offset"] or 0))
    return None


@functools.cache
def _typical_day(rule: str) -> tuple[int, int]:
    """A month and day near the holiday in any year, to pick the year nearest the anchor."""
    day = holiday_date(rule, 2001)
    return (day.month, day.day) if day is not None else (1, 1)


@normaliser
def holiday(ctx: Context) -> Value | None:
    """Christmas, Thanksgiving, Easter 2024: the holiday's day in the written or the nearest year."""
    rule = ctx.lookup("holiday")
    if rule is None:
        return None
    year, resolution = read_year(ctx), Resolution.ABSOLUTE
    if year is None:
        year, resolution, _ = year_for(ctx, *_typical_day(rule))
    if year is None:
        return Value("XXXX-XX-XX", Granularity.DAY, None, Resolution.UNRESOLVED)
    day = holiday_date(rule, year)
    if day is None:
        return None
    return Value(day.isoformat(), Granularity.DAY, (day, day), resolution)
