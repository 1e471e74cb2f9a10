"""Holiday rules: Western Easter, nth weekdays and the rule strings of the vocabulary."""

from __future__ import annotations

from datetime import date

import pytest

from timeline.dates.grammar import load_grammar
from timeline.dates.holidays import easter, holiday_date
from timeline.dates.intervals import nth_weekday

D = date.fromisoformat


@pytest.mark.parametrize(
    ("year", "day"),
    [
        (1998, "1998-04-12"),
        (2000, "2000-04-23"),
        (2008, "2008-03-23"),  # early: the earliest Easter in the century's first half
        (2011, "2011-04-24"),  # late
        (2019, "2019-04-21"),
        (2024, "2024-03-31"),
        (2025, "2025-04-20"),
        (2038, "2038-04-25"),  # the latest possible date
    ],
)
def test_easter_is_the_gregorian_computus(year: int, day: str) -> None:
    assert easter(year) == D(day)


@pytest.mark.parametrize(
    ("year", "month", "weekday", "nth", "expected"),
    [
        (2024, 11, 4, 4, "2024-11-28"),  # Thanksgiving
        (2023, 11, 4, 4, "2023-11-23"),
        (2024, 5, 1, -1, "2024-05-27"),  # Memorial Day: the last Monday
        (2024, 9, 1, 1, "2024-09-02"),  # Labor Day: the first Monday
        (2024, 3, 5, 5, "2024-03-29"),  # a fifth Friday exists in March 2024
        (2024, 2, 5, 5, None),  # but not in February
    ],
)
def test_nth_weekday(year: int, month: int, weekday: int, nth: int, expected: str | None) -> None:
    assert nth_weekday(year, month, weekday, nth) == (D(expected) if expected else None)


@pytest.mark.parametrize(
    ("rule", "year", "expected"),
    [
        ("12-25", 2024, "2024-12-25"),
        ("easter-2", 2024, "2024-03-29"),  # Good Friday
        ("easter+49", 2024, "2024-05-19"),  # Pentecost
        ("11:4:4+1", 2024, "2024-11-29"),  # Black Friday
        ("02-29", 2023, None),  # no such day that year
        ("nonsense", 2024, None),
    ],
)
def test_holiday_rule_strings(rule: str, year: int, expected: str | None) -> None:
    assert holiday_date(rule, year) == (D(expected) if expected else None)


def test_every_vocabulary_holiday_has_a_rule_that_resolves() -> None:
    holidays = load_grammar("en").vocabulary.classes["holiday"]
    unresolved = sorted({rule for rule in holidays.values() if holiday_date(rule, 2024) is None})
    assert unresolved == []
