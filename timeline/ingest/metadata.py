"""Stated metadata of a page dump: the date header, bylines, datelines and their dates.

Only dates the page states are read here (never inferred): a `date YYYY-MM-DD` header,
a dateline such as `Moscow (AFP) Feb 28, 2025`, a byline such as
`by AP - 04/14/23 4:47 AM ET`. Patterns live in resources/metadata.toml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from timeline.ingest.rules import Rule, load_rules

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

_ISO = re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})")
_NUMERIC = re.compile(r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})")
_MONTH_FIRST = re.compile(r"(?P<mon>[A-Za-z]{3,9})\.? (?P<d>\d{1,2}),? (?P<y>\d{4})")
_DAY_FIRST = re.compile(r"(?P<d>\d{1,2}) (?P<mon>[A-Za-z]{3,9})\.? (?P<y>\d{4})")
_DOTTED = re.compile(r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})")  # day first wherever it is written
# dateparser reads what the forms above do not (other languages, weekdays, times): only an
# isolated date string (a table cell, a meta value), never running text, and never a relative
# one ("yesterday", "vor 3 Tagen" would be read against today's date).
_LONGEST_ISOLATED = 64
_DATEPARSER_SETTINGS = {
    "STRICT_PARSING": True,
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
    "RETURN_AS_TIMEZONE_AWARE": False,
}


def _month(name: str) -> int | None:
    key = name.lower()
    return MONTHS.get(key[:4] if key.startswith("sept") else key[:3])


def safe_date(year: int, month: int | None, day: int) -> date | None:
    """The date, or None when there is no such day (30 February, a month not read)."""
    try:
        return date(year, month, day) if month else None
    except ValueError:
        return None


def parse_stated_date(text: str, day_first: bool = False) -> date | None:
    """A full date (year, month, day) written in one of the forms news pages state dates in.

    Two-digit years are read as 20YY: pages state the current century (dateparser reads
    "04/14/23" as 1923). Ambiguous numeric dates follow `day_first`, unless one reading
    is impossible. Forms these patterns do not know go to dateparser (`_parse_with_dateparser`).
    """
    text = text.strip()
    if m := _ISO.fullmatch(text[:10]):
        return safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    if m := _NUMERIC.fullmatch(text):
        year = int(m["y"]) + (2000 if len(m["y"]) == 2 else 0)
        a, b = int(m["a"]), int(m["b"])
        month, day = (b, a) if (day_first and b <= 12) or a > 12 else (a, b)
        return safe_date(year, month, day)
    if m := _MONTH_FIRST.fullmatch(text):
        return safe_date(int(m["y"]), _month(m["mon"]), int(m["d"]))
    if m := _DAY_FIRST.fullmatch(text):
        return safe_date(int(m["y"]), _month(m["mon"]), int(m["d"]))
    if m := _DOTTED.fullmatch(text):
        return safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    return _parse_with_dateparser(text, day_first)


_MONTH_DAY = re.compile(r"(?P<mon>[A-Za-z]{3,9})\.? (?P<d>\d{1,2})")


def parse_month_day(text: str) -> tuple[int, int] | None:
    """(month, day) of a date stated without a year ("Sept 19" in a wire dateline)."""
    m = _MONTH_DAY.fullmatch(text.strip())
    month = _month(m["mon"]) if m else None
    if m is None or month is None or safe_date(2000, month, int(m["d"])) is None:  # 2000: 29 Feb exists
        return None
    return month, int(m["d"])


def _parse_with_dateparser(text: str, day_first: bool) -> date | None:
    """A full date in any language dateparser knows ("5 марта 2024", "Tuesday, March 5, 2024")."""
    if len(text) > _LONGEST_ISOLATED or sum(c.isdigit() for c in text) < 2:
        return None  # running text, or no day and year: not an isolated full date
    import dateparser  # here, not at the top: its language data loads on first use, only when needed

    settings = {**_DATEPARSER_SETTINGS, "DATE_ORDER": "DMY" if day_first else "MDY"}
    try:
        found = dateparser.parse(text, settings=settings)
    except (ValueError, OverflowError, RecursionError):
        return None
    return found.date() if found is not None else None


@dataclass(frozen=True)
class Stated:
    """One piece of stated metadata found on a line: what rule, which groups, where."""

    rule: Rule
    match: re.Match[str]
    offset: int  # offset of the line in the article text

    def group(self, name: str) -> str | None:
        value = self.match.groupdict().get(name)
        return value.strip() if value else None

    def span(self, name: str | None = None) -> tuple[int, int]:
        start, end = self.match.span(name) if name else self.match.span()
        return self.offset + start, self.offset + end

    def stated_date(self, day_first: bool) -> date | None:
        value = self.group("date")
        return parse_stated_date(value, day_first) if value else None

    def stated_month_day(self) -> tuple[int, int] | None:
        """(month, day) when the line states a date without its year ("SEOUL, Sept 19 (Reuters) -")."""
        value = self.group("monthday")
        return parse_month_day(value) if value else None


def _find(kind: str, line: str, offset: int) -> Stated | None:
    for rule in load_rules("metadata.toml", kind):
        match = rule.pattern.search(line)
        if match:
            return Stated(rule, match, offset)
    return None


def find_header(line: str, offset: int = 0) -> Stated | None:
    """The `date YYYY-MM-DD` header some page dumps start with."""
    return _find("header", line, offset)


def find_byline(line: str, offset: int = 0) -> Stated | None:
    """A byline (`By NAME`, `by AP - 04/14/23 4:47 AM ET`, `NAME | Reuters`, `Published: ...`)."""
    return _find("byline", line, offset)


def find_dateline(line: str, offset: int = 0) -> Stated | None:
    """A dateline (`Moscow (AFP) Feb 28, 2025`, `BEIJING (AP) —`, `CITY, Month D, YYYY /PRNewswire/`)."""
    return _find("dateline", line, offset)


def find_email_field(kind: str, line: str, offset: int = 0) -> Stated | None:
    """An e-mail header line of a saved newsletter: `email_subject` (the title) or `email_from`."""
    return _find(kind, line, offset)
