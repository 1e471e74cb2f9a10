"""The temporal tagger: finds date expressions in text and resolves them against an anchor.

Placeholder until the tagger lands.
"""

from __future__ import annotations

from datetime import date

from timeline.model import TimeExpression
from timeline.settings import Settings


def tag_dates(text: str, anchor: date | None, *, settings: Settings | None = None) -> list[TimeExpression]:
    """Every time expression in `text`, resolved against `anchor` when given."""
    return []
