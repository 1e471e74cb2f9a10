"""The temporal tagger: finds date expressions in text and resolves them against an anchor.

`tag_dates` is the only entry point the pipeline uses. The rules and their
vocabularies live in resources/<language>/ (TOML); the normalisers that build
TIMEX3 values are small named functions in absolute, relative, periods, amounts, anaphora
and holidays.
"""

from __future__ import annotations

from datetime import date

from timeline.dates.engine import Narrative, tag
from timeline.model import TimeExpression
from timeline.settings import Settings

__all__ = ["Narrative", "tag_dates"]


def tag_dates(
    text: str, anchor: date | None, *, settings: Settings | None = None, narrative: Narrative | None = None
) -> list[TimeExpression]:
    """Every time expression in `text`, resolved against `anchor` (the publication date) when given.

    Expressions are sorted by `char_start` and never overlap (the longest match wins);
    latent (ambiguous) matches such as a bare "May" are left out. Tagging a text sentence by
    sentence, pass one `Narrative` to every call: "three days later" then counts from the day the
    sentences before named, as it does when the whole text is tagged at once.
    """
    return tag(text, anchor, settings, narrative=narrative)
