"""The one settings object of the library: a frozen dataclass with documented defaults."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    """Every tunable of the pipeline, with its default.

    The library never reads the clock: relative dates are resolved against an
    article's publication date, never against "today".
    """

    #: Language of the articles when the reader cannot tell (ISO 639-1).
    language: str = "en"
    #: Read ambiguous numeric dates such as 04/05/2023 as day first (05 April).
    day_first: bool = False
    #: Largest source file read, in bytes; larger files are reported, not read.
    max_file_bytes: int = 20 * 1024 * 1024
    #: Largest total uncompressed size of a zip archive, in bytes.
    max_zip_bytes: int = 200 * 1024 * 1024
    #: Most entries read from one zip archive.
    max_zip_entries: int = 10_000
    #: Seconds to wait for one URL.
    fetch_timeout: float = 10.0
    #: Largest response body read from one URL, in bytes.
    fetch_max_bytes: int = 5 * 1024 * 1024
    #: Most redirects followed for one URL.
    fetch_max_redirects: int = 5
    #: Allow fetching loopback, private and link-local addresses (off: SSRF guard).
    allow_private_urls: bool = False
    #: Detect paragraphs repeated across articles of one outlet as furniture.
    cross_article_furniture: bool = True
    #: Infer missing publication dates from the text and from corroborating articles.
    infer_publication_dates: bool = True
    #: How many days around a corroborating event a publication date is searched.
    inference_window_days: int = 10
    #: Keep sentences that carry a date but no recognised event, as dated statements.
    keep_dated_statements: bool = True
    #: Entity recogniser: "auto" (spaCy when en_core_web_sm is installed, else rules), "rules" or "spacy".
    entity_backend: str = "auto"
    #: An event whose date lies this many days or more before the article's date is background.
    background_after_days: int = 180
    #: Mentions whose interval is wider than this many days are not plotted on their own.
    max_event_span_days: int = 400
