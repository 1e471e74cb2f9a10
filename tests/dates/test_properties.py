"""Property tests: tag_dates never raises, offsets cover the surface text, intervals are ordered."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.dates import tag_dates
from timeline.settings import Settings

WORDS = st.sampled_from(
    [
        "on",
        "Friday",
        "Nov.",
        "11-14",
        "2022",
        "04/14/23",
        "last",
        "next",
        "week",
        "month",
        "three",
        "years",
        "ago",
        "since",
        "until",
        "April",
        "19th",
        "the",
        "1990s",
        "early",
        "mid-",
        "March",
        "will",
        "said",
        "$2",
        "5G",
        "-",
        ",",
        ".",
        "\u00a0",
        "days",
        "after",
        "every",
        "4:47",
        "AM",
        "ET",
        "quarter",
        "second",
        "Q2",
        "between",
        "and",
        "вчера",
        "апреля",
        "в",
        "пятницу",
        "31",
        "02/30/2023",
        "9999",
        "0001-01-01",
        "Feb",
        "29",
        "Christmas",
        "Easter",
        "Thanksgiving",
        "year-end",
        "mid-year",
        "decade",
        "century",
        "H1",
        "FY24",
        "January-March",
        "2024/25",
        "5.3.2024",
        "noon",
        "midnight",
        "15:00",
        "hours",
        "later",
        "of",
        "Sundays",
        "other",
        "annual",
        "profit",
        "night",
        "same",
        "period",
        "year-earlier",
    ]
)
TEXTS = st.one_of(st.text(max_size=200), st.lists(WORDS, max_size=30).map(" ".join))
ANCHORS = st.one_of(st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))


def _check(text: str, anchor: date | None, language: str) -> None:
    for found in tag_dates(text, anchor, settings=Settings(language=language)):
        for item in (found, *found.parts):
            assert 0 <= item.char_start < item.char_end <= len(text)
            assert text[item.char_start : item.char_end] == item.text
            if item.start_date is not None or item.end_date is not None:
                assert item.start_date is not None and item.end_date is not None
                assert item.start_date <= item.end_date


@settings(max_examples=200, deadline=None)
@given(TEXTS, ANCHORS, st.sampled_from(["en", "ru"]))
def test_tag_dates_never_raises_and_keeps_offsets(text: str, anchor: date | None, language: str) -> None:
    _check(text, anchor, language)
