"""The tagger's case table: one row per behaviour (text, anchor, expected span, type, value, interval)."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from timeline.dates import tag_dates
from timeline.model import Granularity, TimeExpression
from timeline.settings import Settings

D = date.fromisoformat
NOV10 = D("2024-11-10")  # a Sunday
NOV13 = D("2024-11-13")  # a Wednesday
JAN8 = D("1998-01-08")  # a Thursday (TimeBank-era financial news)
FEB28 = D("2025-02-28")  # a Friday
APR14 = D("2023-04-14")  # a Friday
APR16 = D("2023-04-16")  # a Sunday

# text, anchor, span, type, value, start, end (None: not checked)
CASES = [
    # ranges: one expression, both ends as parts
    (
        "Shoigu will visit China on Nov. 11-14 for talks",
        NOV10,
        "Nov. 11-14",
        "DATE",
        "2024-11-11/2024-11-14",
        "2024-11-11",
        "2024-11-14",
    ),
    (
        "Li will also visit the academy during his April 16-19 trip",
        APR14,
        "April 16-19",
        "DATE",
        "2023-04-16/2023-04-19",
        "2023-04-16",
        "2023-04-19",
    ),
    (
        "talks from March 3 to 5, 2025",
        FEB28,
        "March 3 to 5, 2025",
        "DATE",
        "2025-03-03/2025-03-05",
        "2025-03-03",
        "2025-03-05",
    ),
    (
        "Copyright 1995-2024 Space Media Network",
        FEB28,
        "1995-2024",
        "DATE",
        "1995/2024",
        "1995-01-01",
        "2024-12-31",
    ),
    (
        "sanctions imposed between 2014 and 2016 remain",
        FEB28,
        "2014 and 2016",
        "DATE",
        "2014/2016",
        "2014-01-01",
        "2016-12-31",
    ),
    (
        "They will meet the week of Feb. 24.",
        D("2025-02-20"),
        "the week of Feb. 24",
        "DATE",
        "2025-W09",
        "2025-02-24",
        "2025-03-02",
    ),
    # weeks and months relative to the anchor
    (
        "Shoigu will visit China next week for talks",
        NOV10,
        "next week",
        "DATE",
        "2024-W46",
        "2024-11-11",
        "2024-11-17",
    ),
    (
        "He also met Prabowo in Jakarta this week.",
        FEB28,
        "this week",
        "DATE",
        "2025-W09",
        "2025-02-24",
        "2025-03-02",
    ),
    (
        "an official visit to Moscow last month by Xi",
        APR14,
        "last month",
        "DATE",
        "2023-03",
        "2023-03-01",
        "2023-03-31",
    ),
    (
        "Putin launched an offensive in Ukraine last February.",
        APR16,
        "last February",
        "DATE",
        "2022-02",
        "2022-02-01",
        "2022-02-28",
    ),
    (
        "He was appointed minister in March at the meeting",
        APR14,
        "March",
        "DATE",
        "2023-03",
        "2023-03-01",
        "2023-03-31",
    ),
    ("Profits rose this year.", APR14, "this year", "DATE", "2023", "2023-01-01", "2023-12-31"),
    ("The deal was signed last year.", APR14, "last year", "DATE", "2022", "2022-01-01", "2022-12-31"),
    (
        "Sales fell earlier this month.",
        APR14,
        "earlier this month",
        "DATE",
        "2023-04",
        "2023-04-01",
        "2023-04-14",
    ),
    # clock times said as words, on the day written after them
    ("The vote is expected at noon Friday.", JAN8, "noon Friday", "TIME", "1998-01-09T12:00", None, None),
    ("The deadline passed at midnight.", APR14, "midnight", "TIME", "2023-04-14T24:00", None, None),
    # two-digit years and decades near the end of a century
    ("shares bought on 1/5/98", JAN8, "1/5/98", "DATE", "1998-01-05", "1998-01-05", "1998-01-05"),
    ("the boom of the early '90s", JAN8, "the early '90s", "DATE", "199", "1990-01-01", None),
    (
        "by the end of the first quarter",
        JAN8,
        "the end of the first quarter",
        "DATE",
        "1998-Q1",
        None,
        "1998-03-31",
    ),
    (
        "the start of the second half of 2024",
        APR14,
        "the start of the second half of 2024",
        "DATE",
        "2024-H2",
        "2024-07-01",
        None,
    ),
    # "hours later", "days later": after the date before them, by a vague amount
    (
        "On Monday troops entered. Hours later, they withdrew.",
        JAN8,
        "Hours later",
        "DATE",
        "1998-01-05",
        "1998-01-05",
        "1998-01-06",
    ),
    (
        "Talks began on Jan. 2. Days later, they collapsed.",
        JAN8,
        "Days later",
        "DATE",
        "PAST_REF",
        "1998-01-03",
        "1998-01-08",
    ),
    (
        "He will land on Friday. Weeks later, we will know.",
        JAN8,
        "Weeks later",
        "DATE",
        "FUTURE_REF",
        "1998-01-16",
        None,
    ),
    # business calendars: half and fiscal-year codes, month ranges, seasons across two years
    ("Profit doubled in H1 2024.", NOV13, "H1 2024", "DATE", "2024-H1", "2024-01-01", "2024-06-30"),
    ("Guidance for FY2025 was cut.", NOV13, "FY2025", "DATE", "FY2025", None, None),
    ("Sales in FY24 rose.", NOV13, "FY24", "DATE", "FY2024", None, None),
    (
        "Sales rose in January-March.",
        NOV13,
        "January-March",
        "DATE",
        "2024-01/2024-03",
        "2024-01-01",
        "2024-03-31",
    ),
    ("orders from Jan. to March", NOV13, "Jan. to March", "DATE", "2024-01/2024-03", None, None),
    (
        "the November-February period",
        NOV13,
        "November-February",
        "DATE",
        "2023-11/2024-02",
        "2023-11-01",
        "2024-02-29",
    ),
    ("the 2024/25 season", NOV13, "2024/25", "DATE", "2024/2025", "2024-01-01", "2025-12-31"),
    ("the 2022-23 fiscal year", NOV13, "2022-23", "DATE", "2022/2023", None, None),
    # 24-hour clock times after a preposition of time, on the day of the sentence
    # "resume" schedules: the coming Monday
    (
        "Talks resume at 15:00 local time on Monday.",
        NOV13,
        "15:00 local time",
        "TIME",
        "2024-11-18T15:00",
        None,
        None,
    ),
    ("The bells rang at nine o’clock.", NOV13, "nine o’clock", "TIME", "2024-11-13T09:00", None, None),
    # ISO timestamps
    (
        "Updated 2024-11-12T10:00:00Z",
        NOV13,
        "2024-11-12T10:00:00Z",
        "TIME",
        "2024-11-12T10:00Z",
        "2024-11-12",
        "2024-11-12",
    ),
    (
        "posted 2023-04-14T16:47+03:00",
        NOV13,
        "2023-04-14T16:47+03:00",
        "TIME",
        "2023-04-14T16:47+03:00",
        None,
        None,
    ),
    # a part of a named day
    (
        "Shelling began on the night of Jan. 5.",
        JAN8,
        "the night of Jan. 5",
        "TIME",
        "1998-01-05TNI",
        None,
        None,
    ),
    # a part of a day is a TIME (TimeML)
    ("The vote is tonight.", NOV13, "tonight", "TIME", "2024-11-13TNI", "2024-11-13", "2024-11-13"),
    ("Shelling resumed last night.", NOV13, "last night", "TIME", "2024-11-12TNI", None, None),
    # "ago" and its future: vague, bounded, ahead
    ("The dispute began decades ago.", NOV13, "decades ago", "DATE", "PAST_REF", None, None),
    ("It happened more than two years ago.", NOV13, "two years ago", "DATE", "2022", None, None),
    (
        "The plant will open two years from now.",
        NOV13,
        "two years from now",
        "DATE",
        "2026",
        "2026-01-01",
        "2026-12-31",
    ),
    ("The plant will open in two years' time.", NOV13, "two years' time", "DATE", "2026", None, None),
    # two units away
    (
        "Talks resume the week after next.",
        NOV13,
        "the week after next",
        "DATE",
        "2024-W48",
        "2024-11-25",
        "2024-12-01",
    ),
    ("Prices peaked the month before last.", NOV13, "the month before last", "DATE", "2024-09", None, None),
    # a fortnight is two weeks
    ("The talks collapsed a fortnight ago.", NOV13, "a fortnight ago", "DATE", "2024-10-30", None, None),
    ("The strike lasted a fortnight.", NOV13, "a fortnight", "DURATION", "P2W", None, None),
    # halves of units
    ("The talks lasted half an hour.", NOV13, "half an hour", "DURATION", "PT30M", None, None),
    ("The meeting lasted an hour and a half.", NOV13, "an hour and a half", "DURATION", "PT1.5H", None, None),
    ("He spent a year and a half in prison.", NOV13, "a year and a half", "DURATION", "P1.5Y", None, None),
    ("a two-and-a-half years delay", NOV13, "two-and-a-half years", "DURATION", "P2.5Y", None, None),
    ("after half a century of rule", NOV13, "half a century", "DURATION", "P50Y", None, None),
    # recurring times
    ("The market is open on Sundays.", NOV13, "Sundays", "SET", "XXXX-WXX-7", None, None),
    ("They meet every other week.", NOV13, "every other week", "SET", "P2W", None, None),
    ("The festival returns every summer.", NOV13, "every summer", "SET", "XXXX-SU", None, None),
    ("Elections are held every few years.", NOV13, "every few years", "SET", "PXY", None, None),
    # a quantity over a period is a DURATION; a recurring event a SET
    ("GM posted its first annual loss since 1992.", NOV13, "annual", "DURATION", "P1Y", None, None),
    ("Monthly sales rose 5%.", NOV13, "Monthly", "DURATION", "P1M", None, None),
    ("at the annual meeting of shareholders", NOV13, "annual", "SET", "P1Y", None, None),
    # "the last quarter" is the one before the anchor's; "the last quarter of 2009" the fourth
    (
        "Sales rose in the last quarter.",
        NOV13,
        "the last quarter",
        "DATE",
        "2024-Q3",
        "2024-07-01",
        "2024-09-30",
    ),
    (
        "In the last financial quarter, sales rose.",
        NOV13,
        "the last financial quarter",
        "DATE",
        "2024-Q3",
        None,
        None,
    ),
    ("in the last quarter of 2009", NOV13, "the last quarter of 2009", "DATE", "2009-Q4", None, None),
    # dotted numeric dates are day-first
    ("signed on 5.3.2024 in Minsk", NOV13, "5.3.2024", "DATE", "2024-03-05", "2024-03-05", "2024-03-05"),
    # the same period of a fiscal year is in the fiscal year before
    (
        "Sales rose in fiscal 1997, up from the same period a year earlier.",
        JAN8,
        "the same period a year earlier",
        "DATE",
        "FY1996",
        "1996-01-01",
        "1996-12-31",
    ),
    # "the same period" in the next sentence still compares with the quarter named before it
    (
        "It lost $2.2 billion in the third quarter. In the same period a year earlier, it gained.",
        NOV13,
        "the same period a year earlier",
        "DATE",
        "2023-Q3",
        "2023-07-01",
        "2023-09-30",
    ),
    # named holidays, in the year nearest the anchor in the sentence's tense, or the written one
    ("Sales rose before Christmas.", JAN8, "Christmas", "DATE", "1997-12-25", "1997-12-25", "1997-12-25"),
    ("The store will open after Thanksgiving.", APR14, "Thanksgiving", "DATE", "2023-11-23", None, None),
    ("The ceasefire held over Easter 2024.", APR14, "Easter 2024", "DATE", "2024-03-31", None, None),
    (
        "Troops marched in the Victory Day parade.",
        D("2024-05-10"),
        "Victory Day",
        "DATE",
        "2024-05-09",
        None,
        None,
    ),
    # a week of a month: the ISO week of the month's first (last, ...) Thursday
    (
        "Sales fell in the last week of March.",
        D("2009-04-01"),
        "the last week of March",
        "DATE",
        "2009-W13",
        "2009-03-23",
        "2009-03-29",
    ),
    (
        "the first week of May 2024",
        APR14,
        "the first week of May 2024",
        "DATE",
        "2024-W18",
        "2024-04-29",
        "2024-05-05",
    ),
    # a part of the year as one word: the year nearest the anchor in the sentence's tense
    ("The plant will close at year-end.", JAN8, "year-end", "DATE", "1998", None, "1998-12-31"),
    ("Debt stood at $5 billion at year-end.", JAN8, "year-end", "DATE", "1997", None, "1997-12-31"),
    ("The deal should close by mid-year.", APR14, "mid-year", "DATE", "2023", None, None),
    ("year-end 2008 results", APR14, "year-end 2008", "DATE", "2008", None, "2008-12-31"),
    # "year-earlier"/"year-ago": one year before the period the sentence is about
    (
        "Profit in the third quarter rose 5% from the year-earlier quarter.",
        JAN8,
        "the year-earlier quarter",
        "DATE",
        "1996-Q3",
        "1996-07-01",
        "1996-09-30",
    ),
    ("Net income was higher than year-ago levels.", APR14, "year-ago", "DATE", "2022", None, None),
    # decades and centuries as calendar units; "the past decade" is the ten years before the anchor
    ("Prices rose this decade.", APR14, "this decade", "DATE", "202", "2020-01-01", "2029-12-31"),
    ("It was built last decade.", APR14, "last decade", "DATE", "201", "2010-01-01", "2019-12-31"),
    ("by the end of the decade", APR14, "the end of the decade", "DATE", "202", None, "2029-12-31"),
    ("Rates fell earlier this decade.", APR14, "earlier this decade", "DATE", "202", "2020-01-01", None),
    ("Output doubled over the past decade.", APR14, "the past decade", "DURATION", "P10Y", None, None),
    ("the worst war of this century", APR14, "this century", "DATE", "20", "2000-01-01", "2099-12-31"),
    (
        "The strike started over the weekend.",
        D("2025-03-03"),
        "the weekend",
        "DATE",
        "2025-W09-WE",
        "2025-03-01",
        "2025-03-02",
    ),
    # tense-aware weekdays: the anchor's own day is that day
    (
        "Sergei Shoigu landed in Beijing on Friday, agencies reported",
        FEB28,
        "Friday",
        "DATE",
        "2025-02-28",
        "2025-02-28",
        "2025-02-28",
    ),
    (
        "Shoigu held talks on Thursday with Anwar Ibrahim",
        FEB28,
        "Thursday",
        "DATE",
        "2025-02-27",
        "2025-02-27",
        "2025-02-27",
    ),
    (
        "China's Defense Ministry said Friday.",
        APR14,
        "Friday",
        "DATE",
        "2023-04-14",
        "2023-04-14",
        "2023-04-14",
    ),
    ("He will visit on Friday.", D("2025-02-26"), "Friday", "DATE", "2025-02-28", "2025-02-28", "2025-02-28"),
    # the verb before a weekday governs it, not one after it in the next clause
    (
        "Shoigu met Wang on Tuesday and will meet Xi on Thursday.",
        NOV13,
        "Tuesday",
        "DATE",
        "2024-11-12",
        None,
        None,
    ),
    (
        "Shoigu met Wang on Tuesday and will meet Xi on Thursday.",
        NOV13,
        "Thursday",
        "DATE",
        "2024-11-14",
        None,
        None,
    ),
    ("On Friday, he met Xi.", NOV13, "Friday", "DATE", "2024-11-08", None, None),
    # present forms that schedule
    ("The summit begins Monday.", NOV13, "Monday", "DATE", "2024-11-18", None, None),
    ("Voters go to the polls on Sunday.", NOV13, "Sunday", "DATE", "2024-11-17", None, None),
    ("The deal, signed Tuesday, takes effect Thursday.", NOV13, "Thursday", "DATE", "2024-11-14", None, None),
    (
        "Li Shangfu on Sunday hailed ties with Moscow",
        APR16,
        "Sunday",
        "DATE",
        "2023-04-16",
        "2023-04-16",
        "2023-04-16",
    ),
    (
        "The markets will stay closed until Friday.",
        D("2008-09-18"),
        "Friday",
        "DATE",
        "2008-09-19",
        None,
        None,
    ),
    ("They met last Friday.", FEB28, "last Friday", "DATE", "2025-02-21", "2025-02-21", "2025-02-21"),
    ("They meet next Tuesday.", FEB28, "next Tuesday", "DATE", "2025-03-04", "2025-03-04", "2025-03-04"),
    ("It happened yesterday.", FEB28, "yesterday", "DATE", "2025-02-27", "2025-02-27", "2025-02-27"),
    ("It happens today.", FEB28, "today", "DATE", "2025-02-28", "2025-02-28", "2025-02-28"),
    ("It happens tomorrow.", FEB28, "tomorrow", "DATE", "2025-03-01", "2025-03-01", "2025-03-01"),
    # anchored and vague distances
    (
        "troops went into Ukraine nearly three years ago, with",
        NOV10,
        "nearly three years ago",
        "DATE",
        "2021",
        "2021-05-10",
        "2022-05-10",
    ),
    (
        "Shoigu's trip comes days after Xi spoke with Putin",
        FEB28,
        "days after",
        "DATE",
        "PAST_REF",
        "2025-02-15",
        "2025-02-27",
    ),
    (
        "They met on May 3, 2021 and signed two days later.",
        FEB28,
        "two days later",
        "DATE",
        "2021-05-05",
        "2021-05-05",
        "2021-05-05",
    ),
    (
        "his second visit in the past three months, according",
        FEB28,
        "the past three months",
        "DURATION",
        "P3M",
        "2024-11-29",
        "2025-02-28",
    ),
    (
        "Li's trip to Russia — which will last until April 19 — comes",
        APR16,
        "April 19",
        "DATE",
        "2023-04-19",
        "2023-04-16",
        "2023-04-19",
    ),
    ("ties have grown since 2022, officials said", FEB28, "2022", "DATE", "2022", "2022-01-01", "2025-02-28"),
    ("It fell two weeks ago.", FEB28, "two weeks ago", "DATE", "2025-02-14", "2025-02-14", "2025-02-14"),
    # absolute dates in the common news forms
    (
        "China's Defense Ministry said Friday, April 14, 2023.",
        APR14,
        "Friday, April 14, 2023",
        "DATE",
        "2023-04-14",
        "2023-04-14",
        "2023-04-14",
    ),
    # no anchor: the unit is known, not which one; the expression stays to be resolved later
    ("met Anwar in Kuala Lumpur this week", None, "this week", "DATE", "XXXX-WXX", None, None),
    ("an official visit last month", None, "last month", "DATE", "XXXX-XX", None, None),
    ("Moscow (AFP) Feb 28, 2025", FEB28, "Feb 28, 2025", "DATE", "2025-02-28", None, None),
    (
        "the Great Hall of the People in Beijing, on Oct. 18, 2017.",
        APR14,
        "Oct. 18, 2017",
        "DATE",
        "2017-10-18",
        None,
        None,
    ),
    ("by AP - 04/14/23 4:47 AM ET", APR14, "04/14/23", "DATE", "2023-04-14", None, None),
    ("published 14/04/2023 in print", APR14, "14/04/2023", "DATE", "2023-04-14", None, None),
    ("updated 2025-02-28 at noon", FEB28, "2025-02-28", "DATE", "2025-02-28", None, None),
    ("stop using the websites from May 25, 2018.", FEB28, "May 25, 2018", "DATE", "2018-05-25", None, None),
    (
        "Since July 1, 2024, we have disabled all ads",
        FEB28,
        "July 1, 2024",
        "DATE",
        "2024-07-01",
        "2024-07-01",
        "2025-02-28",
    ),
    ("on 28 February 2025 the minister", FEB28, "28 February 2025", "DATE", "2025-02-28", None, None),
    (
        "Moscow (AFP) Feb\u00a028,\u00a02025",
        FEB28,
        "Feb\u00a028,\u00a02025",
        "DATE",
        "2025-02-28",
        None,
        None,
    ),
    ("the vote on April 19th passed", APR14, "April 19th", "DATE", "2023-04-19", None, None),
    ("The plenum opened on the 19th.", D("2023-04-21"), "the 19th", "DATE", "2023-04-19", None, None),
    # times attach to the date of their line
    (
        "by AP - 04/14/23 4:47 AM ET",
        APR14,
        "4:47 AM ET",
        "TIME",
        "2023-04-14T04:47",
        "2023-04-14",
        "2023-04-14",
    ),
    (
        "The take-off, at 08:30 UTC, was normal.",
        D("2005-04-27"),
        "08:30 UTC",
        "TIME",
        "2005-04-27T08:30Z",
        None,
        None,
    ),
    # years, decades, parts, quarters, seasons
    ("a 2022 visit to Beijing", APR14, "2022", "DATE", "2022", "2022-01-01", "2022-12-31"),
    ("It began in the 1990s.", APR14, "the 1990s", "DATE", "199", "1990-01-01", "1999-12-31"),
    ("Growth slowed in early 2023.", APR14, "early 2023", "DATE", "2023", "2023-01-01", None),
    ("Fighting resumed in mid-March.", APR14, "mid-March", "DATE", "2023-03", None, None),
    ("Talks stalled late last year.", APR14, "late last year", "DATE", "2022", None, "2022-12-31"),
    (
        "Sales fell in the second quarter.",
        D("2023-08-01"),
        "the second quarter",
        "DATE",
        "2023-Q2",
        "2023-04-01",
        "2023-06-30",
    ),
    ("They will travel this summer.", APR14, "this summer", "DATE", "2023-SU", "2023-06-01", "2023-08-31"),
    ("in the 19th century", APR14, "the 19th century", "DATE", "18", "1800-01-01", "1899-12-31"),
    # durations and sets
    ("amid the three-year conflict.", FEB28, "three-year", "DURATION", "P3Y", None, None),
    (
        "defense minister for the first two years of its offensive",
        NOV10,
        "the first two years",
        "DURATION",
        "P2Y",
        None,
        None,
    ),
    (
        "an independent news source for over 30 years, has",
        APR14,
        "over 30 years",
        "DURATION",
        "P30Y",
        None,
        None,
    ),
    ("You will receive it every Friday.", NOV10, "every Friday", "SET", "XXXX-WXX-5", None, None),
    ("This commitment costs us $10,000 a month.", FEB28, "a month", "SET", "P1M", None, None),
    ("decades-old rules for several years", FEB28, "several years", "DURATION", "PXY", None, None),
]


def _find(found: list[TimeExpression], span: str) -> TimeExpression:
    matches = [e for e in found if e.text == span]
    assert matches, f"{span!r} not found in {[e.text for e in found]}"
    return matches[0]


@pytest.mark.parametrize("case", CASES, ids=[f"{c[2]}@{c[1]}" for c in CASES])
def test_case_table(case: tuple[str, date, str, str, str, str | None, str | None]) -> None:
    text, anchor, span, type_, value, start, end = case
    found = _find(tag_dates(text, anchor), span)
    assert (str(found.type), found.value) == (type_, value)
    assert text[found.char_start : found.char_end] == span
    if start is not None:
        assert found.start_date == D(start)
    if end is not None:
        assert found.end_date == D(end)


def test_range_keeps_each_end_with_its_own_offsets() -> None:
    text = "Shoigu will visit China on Nov. 11-14 for talks"
    found = _find(tag_dates(text, NOV10), "Nov. 11-14")
    assert [(p.text, p.value) for p in found.parts] == [("Nov. 11", "2024-11-11"), ("14", "2024-11-14")]
    assert all(text[p.char_start : p.char_end] == p.text for p in found.parts)
    assert found.granularity is Granularity.DAY


@pytest.mark.parametrize(
    "case",
    [
        (
            "troops went in nearly three years ago.",
            NOV10,
            "nearly three years ago",
            "APPROX",
            "year",
            "relative-to-anchor",
            "past",
        ),
        ("comes days after Xi spoke", FEB28, "days after", "BEFORE", "vague", "relative-to-anchor", "past"),
        ("which will last until April 19", APR16, "April 19", "BEFORE", "day", "relative-to-anchor", None),
        ("landed in Beijing on Friday", FEB28, "Friday", None, "day", "relative-to-anchor", "same"),
        ("held talks on Thursday", FEB28, "Thursday", None, "day", "relative-to-anchor", "past"),
        ("He will visit on Friday.", D("2025-02-26"), "Friday", None, "day", "relative-to-anchor", "future"),
        ("next week", NOV10, "next week", None, "week", "relative-to-anchor", None),
        ("Feb 28, 2025", None, "Feb 28, 2025", None, "day", "absolute", None),
        (
            "They met on May 3, 2021 and signed two days later.",
            FEB28,
            "two days later",
            None,
            "day",
            "relative-to-expression",
            None,
        ),
    ],
)
def test_provenance_fields(case: tuple[str, date | None, str, str | None, str, str, str | None]) -> None:
    text, anchor, span, mod, granularity, resolution, direction = case
    found = _find(tag_dates(text, anchor), span)
    assert (found.mod, str(found.granularity), str(found.resolution), found.direction) == (
        mod,
        granularity,
        resolution,
        direction,
    )


@pytest.mark.parametrize(
    ("text", "value"),
    [("He arrived on Friday.", "XXXX-WXX-5"), ("in March", "XXXX-03"), ("on April 19", "XXXX-04-19")],
)
def test_without_anchor_values_stay_unresolved(text: str, value: str) -> None:
    (found,) = tag_dates(text, None)
    assert found.value == value
    assert found.start_date is None and found.end_date is None


# Text that must not yield a date (negative corpus); "7 hours" may be a DURATION, never a DATE/TIME.
NEGATIVES = [
    "We are facing unprecedented challenges.",
    "we strive to provide accurate reporting",
    "As you may have heard, the paper",
    "they march on the capital",
    "The Sun reported it first.",
    "1 Min read",
    "2 Min read",
    "Call +1 202-555-0147 for details.",
    "Update to v2.3.1 today.",
    "5G networks",
    "Communications with 5G.MIL Integration",
    "The final score was 3-2.",
    "Shenzhou 19 Crew Advances Scientific Research",
    "the opening ceremony of China's 19th Party Congress at",
    "fighter jets such as the Su-35",
    "support us monthly starting from just $2.",
    "Trump answered questions for more than 7 hours in New York",
    "This commitment costs us $10,000 a month.",
    "The Russell 2000 Index of smaller companies dropped.",
    "Apple unveils iLife '11 software suite",
    "the antenna on their most recent iPhone model",
    "It will cut 789, or about a quarter, of its dealers.",
    "the worst crash since Black Monday",
    "The Dow posted its best day of the quarter.",
    "At that time nobody knew.",
    "He said that month, prices fell.",  # no date named before: which month is unknown
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_negative_corpus_yields_no_date(text: str) -> None:
    found = tag_dates(text.replace(" today", ""), APR14)
    assert [e.text for e in found if str(e.type) in ("DATE", "TIME")] == []


def test_bare_ambiguous_month_is_latent() -> None:
    from timeline.dates.engine import tag

    assert tag_dates("May was hot.", APR14) == []
    (latent,) = tag("May was hot.", APR14, include_latent=True)
    assert latent.latent and latent.value == "2023-05"


def test_day_first_setting_reads_ambiguous_numeric_dates() -> None:
    (found,) = tag_dates("on 04/05/2023", APR14, settings=Settings(day_first=True))
    assert found.value == "2023-05-04"
    (found,) = tag_dates("on 04/05/2023", APR14)
    assert found.value == "2023-04-05"


def test_results_are_sorted_and_do_not_overlap() -> None:
    text = "On Friday, April 14, 2023, he said the April 16-19 trip follows last month's visit."
    found = tag_dates(text, APR14)
    assert [e.char_start for e in found] == sorted(e.char_start for e in found)
    assert all(a.char_end <= b.char_start for a, b in itertools.pairwise(found))


@pytest.mark.parametrize(
    ("text", "anchor", "span", "value"),
    [
        # the year named after the month decides it, and stays its own expression (TimeML)
        ("won't be renewed after October of next year.", D("2009-05-15"), "October", "2010-10"),
        ("the 5,350 high hit in September last year", D("2009-10-12"), "September", "2008-09"),
        ("in May, last year's champion", D("2009-10-12"), "May", "2009-05"),
        ("The transaction should be completed in October.", D("2009-06-05"), "October", "2009-10"),
        # a date near the anchor keeps the anchor's year even against a weak past cue
        (
            "It arrives on November 11, three days later than originally planned.",
            D("2005-11-05"),
            "November 11",
            "2005-11-11",
        ),
        # "the day" is the last day named before it, even in an earlier sentence
        ("Stocks rose on Friday. Gains were broad during the day.", D("2009-04-04"), "the day", "2009-04-03"),
        ("The take-off, at 16:15 UTC, was normal.", D("2009-06-04"), "16:15 UTC", "2009-06-04T16:15Z"),
        ("Shares fell in the morning.", D("2010-03-02"), "morning", "2010-03-02TMO"),
    ],
)
def test_contextual_resolution(text: str, anchor: date, span: str, value: str) -> None:
    assert _find(tag_dates(text, anchor), span).value == value


@pytest.mark.parametrize(
    ("text", "anchor", "value"),
    [
        ("In a press conference at 16:15 UTC, June 1st, he spoke.", D("2009-06-04"), "2009-06-01T16:15Z"),
        ("The plane will land at 4:47 AM ET on Friday.", D("2023-04-12"), "2023-04-14T04:47"),
    ],
)
def test_time_takes_the_day_that_follows_it(text: str, anchor: date, value: str) -> None:
    (time,) = [e for e in tag_dates(text, anchor) if str(e.type) == "TIME"]
    assert time.value == value


# More rows of the same table: ranges that borrow a year, other numeric forms, days next to a named one.
MORE_CASES = [
    (
        "Sales fell from January to March 2024.",
        FEB28,
        "January to March 2024",
        "DATE",
        "2024-01/2024-03",
        "2024-01-01",
        "2024-03-31",
    ),
    ("Posted 2025/02/28 by staff", FEB28, "2025/02/28", "DATE", "2025-02-28", None, None),
    (
        "They met this past weekend.",
        FEB28,
        "this past weekend",
        "DATE",
        "2025-W08-WE",
        "2025-02-22",
        "2025-02-23",
    ),
    (
        "They met on Feb. 3. The previous day, talks failed.",
        FEB28,
        "The previous day",
        "DATE",
        "2025-02-02",
        "2025-02-02",
        "2025-02-02",
    ),
    (
        "Talks run from Monday to Wednesday.",
        D("2025-03-02"),
        "Monday to Wednesday",
        "DATE",
        "2025-02-24/2025-02-26",
        "2025-02-24",
        "2025-02-26",
    ),
    ("Q3 2024 results beat forecasts", FEB28, "Q3 2024", "DATE", "2024-Q3", "2024-07-01", "2024-09-30"),
    (
        "in the first half of 2024",
        FEB28,
        "the first half of 2024",
        "DATE",
        "2024-H1",
        "2024-01-01",
        "2024-06-30",
    ),
    ("Friday afternoon talks", FEB28, "Friday afternoon", "TIME", "2025-02-28TAF", None, None),
    ("He was born on 5 May 1960.", FEB28, "5 May 1960", "DATE", "1960-05-05", None, None),
    (
        "The plant closes during the fourth quarter.",
        D("2006-08-19"),
        "the fourth quarter",
        "DATE",
        "2006-Q4",
        None,
        None,
    ),
    # "the same month/period a year ago": the compared date's unit, one year back
    (
        "Sales fell 35% in January, compared to the same month a year ago.",
        FEB28,
        "the same month a year ago",
        "DATE",
        "2024-01",
        "2024-01-01",
        "2024-01-31",
    ),
    (
        "Sales rose 43% in February compared to the same period last year.",
        D("2010-03-03"),
        "the same period last year",
        "DATE",
        "2009-02",
        "2009-02-01",
        "2009-02-28",
    ),
    (
        "Profit fell from the same quarter a year earlier.",
        FEB28,
        "the same quarter a year earlier",
        "DATE",
        "2024-Q1",
        None,
        None,
    ),
    # "the previous year", "the year previous", "the entire year": from the sentence's date
    (
        "It lost $5 billion in 2008, up from $2 billion the previous year.",
        FEB28,
        "the previous year",
        "DATE",
        "2007",
        None,
        None,
    ),
    (
        "Costs fell last year, $19.8 billion less than the year previous.",
        D("2010-01-28"),
        "the year previous",
        "DATE",
        "2008",
        None,
        None,
    ),
    (
        "A loss in the fourth quarter of 2005 and $8.6 billion for the entire year.",
        D("2006-01-27"),
        "the entire year",
        "DATE",
        "2005",
        "2005-01-01",
        "2005-12-31",
    ),
    (
        "The index rebounded late in the day.",
        D("2007-08-10"),
        "late in the day",
        "DATE",
        "2007-08-10",
        None,
        None,
    ),
    (
        "Following a large fall at the start of the day, the Dow recovered.",
        D("2008-10-10"),
        "the start of the day",
        "DATE",
        "2008-10-10",
        None,
        None,
    ),
    # "late in the day" is the day itself, even before "after"
    (
        "The Dow rebounded late in the day after falling 250 points.",
        D("2007-08-10"),
        "late in the day",
        "DATE",
        "2007-08-10",
        None,
        None,
    ),
    # "by that time": the date the text last named
    (
        "The deadline is June 10. If no price is agreed by that time, Fiat will pay the average.",
        D("2011-05-29"),
        "that time",
        "DATE",
        "2011-06-10",
        "2011-06-10",
        "2011-06-10",
    ),
    # a run of units: the current one (the sentence's date's, else the anchor's)
    (
        "Trading has been suspended for a second consecutive day.",
        D("2008-09-17"),
        "a second consecutive day",
        "DATE",
        "2008-09-17",
        None,
        None,
    ),
    (
        "US stocks log gains for fourth week in a row",
        D("2009-04-04"),
        "fourth week",
        "DATE",
        "2009-W14",
        None,
        None,
    ),
    (
        "Stocks rose on Friday for the third straight session.",
        D("2009-04-04"),
        "the third straight session",
        "DATE",
        "2009-04-03",
        None,
        None,
    ),
    ("Stocks had their best week since November.", D("2009-03-13"), "week", "DATE", "2009-W11", None, None),
    # "between 60 and 90 days": both numbers are amounts of days
    ("The process would take between 60 and 90 days.", FEB28, "60", "DURATION", "P60D", None, None),
    ("The process would take between 60 and 90 days.", FEB28, "90 days", "DURATION", "P90D", None, None),
    ("It lasted two or three years.", FEB28, "two", "DURATION", "P2Y", None, None),
    # a part of the day in market reports: the day the sentence is about
    (
        "Ford rose on Tuesday to a five-year high in morning trading.",
        D("2010-03-03"),
        "morning",
        "TIME",
        "2010-03-02TMO",
        None,
        None,
    ),
    # fiscal years: TimeML FY values
    (
        "The very beginning of the financial year marked a double increase.",
        D("2007-01-18"),
        "The very beginning of the financial year",
        "DATE",
        "FY2007",
        None,
        None,
    ),
    ("Revenue for fiscal 2009 fell.", FEB28, "fiscal 2009", "DATE", "FY2009", "2009-01-01", "2009-12-31"),
    (
        "Profit will rise in the next fiscal year.",
        FEB28,
        "the next fiscal year",
        "DATE",
        "FY2026",
        None,
        None,
    ),
    # "decades-long": the amount, though "-long" follows
    ("Apple settled its decades-long dispute.", FEB28, "decades", "DURATION", "PXDE", None, None),
    # "the remainder of the week": the anchor's week, its end
    (
        "The index could gain for the remainder of the week.",
        D("2009-10-12"),
        "the remainder of the week",
        "DATE",
        "2009-W42",
        None,
        "2009-10-18",
    ),
    # a weekday of a named week
    ("He arrived on Tuesday of last week.", NOV13, "Tuesday of last week", "DATE", "2024-11-05", None, None),
    ("Talks resume on Wednesday next week.", NOV13, "Wednesday next week", "DATE", "2024-11-20", None, None),
    ("Monday of this week", NOV13, "Monday of this week", "DATE", "2024-11-11", None, None),
    ("He left Friday last weekend.", NOV13, "Friday", "DATE", "2024-11-08", None, None),
    # halves of a month or week keep the unit's value, with the half's interval
    (
        "Sales rose in the second half of the month.",
        NOV13,
        "the second half of the month",
        "DATE",
        "2024-11",
        "2024-11-16",
        "2024-11-30",
    ),
    (
        "It opens in the first half of March.",
        NOV13,
        "the first half of March",
        "DATE",
        "2025-03",
        "2025-03-01",
        "2025-03-15",
    ),
    # "later in the week" counts from the last day named; "later this week" from the anchor
    (
        "The deal was signed on Monday, Nov. 4. Later in the week, the board resigned.",
        NOV13,
        "Later in the week",
        "DATE",
        "2024-W45",
        "2024-11-04",
        "2024-11-10",
    ),
    (
        "The board meets later this week.",
        NOV13,
        "later this week",
        "DATE",
        "2024-W46",
        "2024-11-13",
        "2024-11-17",
    ),
    # "that day/week/year": the unit of the date the text last named; untagged without one
    (
        "He landed on Nov. 5. Later that day he met Kozlov.",
        NOV13,
        "Later that day",
        "DATE",
        "2024-11-05",
        None,
        None,
    ),
    (
        "He landed on Nov. 5. That week, he toured a frigate.",
        NOV13,
        "That week",
        "DATE",
        "2024-W45",
        None,
        None,
    ),
    ("In March 2019 he won. That year, sales fell.", NOV13, "That year", "DATE", "2019", None, None),
    # a time of day names its day: a bare part of day after it is on that day
    (
        "The talks began on the morning of Nov. 5 and ran late into the evening.",
        NOV13,
        "evening",
        "TIME",
        "2024-11-05TEV",
        None,
        None,
    ),
    # "a.m." before a capital does not end the sentence, and a zone in words sits between a time and its day
    (
        "The ceasefire is due to expire at 6 a.m. Moscow time on Thursday.",
        NOV13,
        "6 a.m.",
        "TIME",
        "2024-11-14T06:00",
        None,
        None,
    ),
    # British order with a weekday: one date; a part of such a day; "three days later" after a sentence
    (
        "By the early hours of Saturday 24 June, they had left.",
        D("2023-08-23"),
        "Saturday 24 June",
        "DATE",
        "2023-06-24",
        None,
        None,
    ),
    (
        "On the evening of Friday 23 June, he spoke.",
        D("2023-08-23"),
        "the evening of Friday 23 June",
        "TIME",
        "2023-06-23TEV",
        None,
        None,
    ),
    (
        "On 24 June, talks ended. Three days later, he left.",
        D("2023-08-23"),
        "Three days later",
        "DATE",
        "2023-06-27",
        None,
        None,
    ),
    # a present form that schedules governs the weekday after it, even after a past cue
    ("Talks began Monday and conclude Friday.", NOV13, "Friday", "DATE", "2024-11-15", None, None),
    # a headline's last word and the dateline under it are two expressions
    (
        "Markets to remain closed until Friday\nSeptember 18, 2008\nThe government said",
        D("2008-09-18"),
        "Friday",
        "DATE",
        "2008-09-19",
        None,
        None,
    ),
]


@pytest.mark.parametrize("case", MORE_CASES, ids=[f"{c[2]}@{c[1]}" for c in MORE_CASES])
def test_more_cases(case: tuple[str, date, str, str, str, str | None, str | None]) -> None:
    test_case_table(case)


@pytest.mark.parametrize(
    ("text", "anchor", "span", "reference"),
    [
        ("They met on May 3, 2021 and signed two days later.", FEB28, "two days later", "2021-05-03"),
        ("at 16:15 UTC, June 1st", D("2009-06-04"), "16:15 UTC", "2009-06-01"),
        ("He left on Friday.", FEB28, "Friday", "2025-02-28"),
        ("Feb 28, 2025", FEB28, "Feb 28, 2025", None),
    ],
)
def test_anchor_field_is_the_date_used(text: str, anchor: date, span: str, reference: str | None) -> None:
    found = _find(tag_dates(text, anchor), span)
    assert found.anchor == (D(reference) if reference else None)
