"""Unit tests of the calendar helpers and value builders the normalisers are made of."""

from __future__ import annotations

from datetime import date

import pytest

from timeline.dates import intervals as iv
from timeline.dates.amounts import duration_value
from timeline.dates.evaluation import _iso_date
from timeline.model import Granularity

D = date.fromisoformat


@pytest.mark.parametrize(
    ("anchor", "weekday", "direction", "expected"),
    [
        ("2025-02-28", 5, "past", "2025-02-28"),  # the anchor's own day is included
        ("2025-02-28", 4, "past", "2025-02-27"),
        ("2025-02-28", 6, "past", "2025-02-22"),
        ("2025-02-26", 5, "future", "2025-02-28"),
        ("2025-02-28", 1, "future", "2025-03-03"),
        ("2023-04-16", 7, None, "2023-04-16"),
    ],
)
def test_weekday_near(anchor: str, weekday: int, direction: str | None, expected: str) -> None:
    assert iv.weekday_near(D(anchor), weekday, direction) == D(expected)


@pytest.mark.parametrize(
    ("anchor", "month", "direction", "year"),
    [
        ("2023-04-14", 3, "past", 2023),
        ("2023-04-14", 7, "past", 2022),
        ("2023-04-14", 3, "future", 2024),
        ("2023-04-14", 4, "future", 2023),
        ("2023-12-20", 1, None, 2024),
    ],
)
def test_month_near(anchor: str, month: int, direction: str | None, year: int) -> None:
    assert iv.month_near(D(anchor), month, direction) == year


@pytest.mark.parametrize(
    ("value", "anchor", "year"),
    [
        (23, "2023-04-14", 2023),
        (7, "2007-07-08", 2007),
        (82, "2009-01-01", 1982),
        (30, "2025-01-01", 2030),
        # an anchor late in a century: the window runs into the next one
        (98, "1998-01-08", 1998),
        (90, "1998-01-08", 1990),
        (5, "1998-01-08", 2005),
        (8, "1998-01-08", 2008),
        (9, "1998-01-08", 1909),
    ],
)
def test_two_digit_year_is_never_a_century_off(value: int, anchor: str, year: int) -> None:
    assert iv.two_digit_year(value, D(anchor)) == year


@pytest.mark.parametrize(
    ("day", "granularity", "value", "interval"),
    [
        ("2024-11-11", Granularity.WEEK, "2024-W46", ("2024-11-11", "2024-11-17")),
        ("2025-02-28", Granularity.WEEK, "2025-W09", ("2025-02-24", "2025-03-02")),
        ("2023-03-15", Granularity.MONTH, "2023-03", ("2023-03-01", "2023-03-31")),
        ("2023-05-15", Granularity.QUARTER, "2023-Q2", ("2023-04-01", "2023-06-30")),
        ("1994-05-15", Granularity.DECADE, "199", ("1990-01-01", "1999-12-31")),
        ("2022-05-15", Granularity.YEAR, "2022", ("2022-01-01", "2022-12-31")),
    ],
)
def test_unit_value_and_interval(
    day: str, granularity: Granularity, value: str, interval: tuple[str, str]
) -> None:
    assert iv.format_value(D(day), granularity) == value
    assert iv.unit_interval(D(day), granularity) == (D(interval[0]), D(interval[1]))


@pytest.mark.parametrize(
    ("season", "year", "interval"),
    [("SU", 2023, ("2023-06-01", "2023-08-31")), ("WI", 2023, ("2023-12-01", "2024-02-29"))],
)
def test_season_interval(season: str, year: int, interval: tuple[str, str]) -> None:
    assert iv.season_interval(year, season) == (D(interval[0]), D(interval[1]))


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        ("START", ("2023-03-01", "2023-03-10")),
        ("MID", ("2023-03-11", "2023-03-21")),
        ("END", ("2023-03-22", "2023-03-31")),
    ],
)
def test_part_of_month(part: str, expected: tuple[str, str]) -> None:
    assert iv.part_of(iv.month_interval(2023, 3), part) == (D(expected[0]), D(expected[1]))


@pytest.mark.parametrize(
    ("day", "unit", "amount", "expected"),
    [
        ("2024-03-31", "M", -1, "2024-02-29"),
        ("2024-11-10", "Y", -3, "2021-11-10"),
        ("2025-02-28", "W", 1, "2025-03-07"),
        ("2025-02-28", "D", -13, "2025-02-15"),
    ],
)
def test_shift(day: str, unit: str, amount: float, expected: str) -> None:
    assert iv.shift(D(day), unit, amount) == D(expected)


@pytest.mark.parametrize(
    ("amount", "unit", "value"),
    [
        (3, "Y", "P3Y"),
        (2.5, "Y", "P2.5Y"),
        (7, "H", "PT7H"),
        (None, "Y", "PXY"),
        (1, "DE", "P10Y"),
        (30, "MIN", "PT30M"),
    ],
)
def test_duration_value(amount: float | None, unit: str, value: str) -> None:
    assert duration_value(amount, unit) == value


@pytest.mark.parametrize(
    ("raw", "expected"), [("2008-03-01", date(2008, 3, 1)), ("03-02-2009", date(2009, 2, 3)), ("XXXX", None)]
)
def test_dct_values(raw: str, expected: date | None) -> None:
    assert _iso_date(raw) == expected
