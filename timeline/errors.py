"""The library's exceptions, each with a message that says what to do."""

from __future__ import annotations


class TimelineError(Exception):
    """Base class of every error the library raises on purpose."""


class SourceReadError(TimelineError):
    """A source (file, URL, upload) could not be read; the message names it and why."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class NoTextColumnError(SourceReadError):
    """A table has no column that could hold article text."""


class InvalidAnchorError(TimelineError):
    """An anchor date was given in a form that is not an ISO date."""
