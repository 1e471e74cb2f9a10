"""Tables of articles (CSV, TSV, JSON, JSONL, Parquet): one Article per row, columns found by common names."""

from __future__ import annotations

import io
import json
import math
import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from timeline.errors import NoTextColumnError, SourceReadError
from timeline.ingest.metadata import parse_stated_date
from timeline.ingest.page import Evidence, PageMeta, analyse_page
from timeline.model import Article, PublishedHow, SourceError
from timeline.settings import Settings

#: Column names (normalised: lower case, letters and digits only) per article field, in order of preference.
COLUMNS: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "articletext", "article", "fulltext", "maintext", "story", "bodytext",
             "articlebody", "description", "summary"),
    "title": ("title", "headline", "heading", "name"),
    "url": ("url", "link", "href", "articleurl", "sourceurl"),
    "date": ("published", "date", "pubdate", "publishdate", "publisheddate", "publishedat", "datepublished",
             "publicationdate", "pubdatetime", "datetime", "time", "timestamp", "created", "createdat"),
    "outlet": ("outlet", "source", "publisher", "sitename", "site", "domain", "newspaper", "media",
               "sourcename"),
    "language": ("language", "lang", "languagecode"),
    "byline": ("byline", "author", "authors", "creator", "writer"),
}  # fmt: skip
_LIST_KEYS = ("articles", "items", "data", "results", "records", "rows", "entries", "documents", "docs")


def _norm(name: object) -> str:
    return re.sub(r"[^a-z0-9]", "", str(name).lower())


def map_columns(columns: Sequence[object]) -> dict[str, str]:
    """Article field -> the table's column holding it, by common names."""
    by_norm = {_norm(c): str(c) for c in columns}
    mapping: dict[str, str] = {}
    for field, names in COLUMNS.items():
        hit = next((by_norm[n] for n in names if n in by_norm and by_norm[n] not in mapping.values()), None)
        if hit is not None:
            mapping[field] = hit
    return mapping


def _records_from_json(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        inner = next((value[k] for k in _LIST_KEYS if isinstance(value.get(k), list)), None)
        value = inner if inner is not None else [value]
    if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
        raise ValueError("the JSON holds no list of article objects")
    return value


def load_table(name: str, kind: str, data: bytes, text: str | None) -> Any:
    """A pandas DataFrame of the table (kind: csv, tsv, json, jsonl, parquet)."""
    import pandas as pd

    try:
        if kind == "parquet":
            return pd.read_parquet(io.BytesIO(data))
        assert text is not None
        if kind in ("csv", "tsv"):
            return pd.read_csv(
                io.StringIO(text), sep="\t" if kind == "tsv" else ",", dtype=str, keep_default_na=False
            )
        if kind == "jsonl":
            records = [json.loads(ln) for ln in text.splitlines() if ln.strip()]
            return pd.DataFrame(_records_from_json(records))
        return pd.DataFrame(_records_from_json(json.loads(text)))
    except (ValueError, TypeError, OSError, pd.errors.ParserError) as exc:
        raise SourceReadError(name, f"the {kind.upper()} table could not be read: {exc}") from exc


def _cell(row: dict[str, Any], mapping: dict[str, str], field: str) -> Any:
    column = mapping.get(field)
    value = row.get(column) if column else None
    if isinstance(value, dict):  # a news API's {"id": ..., "name": "Beltway Ledger"}
        value = next((value[k] for k in ("name", "title", "value") if isinstance(value.get(k), str)), None)
    if value is None or (isinstance(value, float) and math.isnan(value)):  # NaN
        return None
    return value.strip() or None if isinstance(value, str) else value


def _row_date(value: Any, column: str, settings: Settings) -> Evidence | None:
    if isinstance(value, datetime):
        when: date | None = value.date()
    elif isinstance(value, date):
        when = value
    else:
        # The whole cell first: its first ten characters would cut "5 марта 2024" to "5 марта 20".
        when = parse_stated_date(str(value), settings.day_first) or parse_stated_date(
            str(value)[:10], settings.day_first
        )
    if when is None:
        return None
    return Evidence(when, PublishedHow.TABLE, f"table column '{column}' = {str(value)[:40]!r}", 0.9)


def _row_article(
    row: dict[str, Any], mapping: dict[str, str], where: str, settings: Settings
) -> Article | None:
    body = _cell(row, mapping, "text")
    if body is None:
        return None
    body = str(body)
    if re.match(r"\s*<", body) and re.search(r"</(?:p|div|span|br)>", body, re.IGNORECASE):
        from timeline.ingest.html import visible_lines

        body = "\n\n".join(visible_lines(body))
    title = _cell(row, mapping, "title")
    text = f"{title}\n\n{body}" if title and not body.startswith(str(title)) else body
    when = _cell(row, mapping, "date")
    evidence = _row_date(when, mapping["date"], settings) if when is not None else None
    url = _cell(row, mapping, "url")
    meta = PageMeta(
        source_path=where,
        url=str(url) if url else None,
        title=str(title) if title else None,
        byline=str(b) if (b := _cell(row, mapping, "byline")) else None,
        outlet=str(o) if (o := _cell(row, mapping, "outlet")) else None,
        language=str(lang)[:2].lower() if (lang := _cell(row, mapping, "language")) else None,
        evidence=(evidence,) if evidence else (),
        warnings=() if when is None or evidence else (f"table date {when!r} could not be read",),
    )
    return analyse_page(text, settings, meta)


def read_table(
    name: str, kind: str, data: bytes, text: str | None, settings: Settings
) -> tuple[list[Article], list[SourceError]]:
    """One Article per row with text; rows without text are counted in one error."""
    frame = load_table(name, kind, data, text)
    mapping = map_columns(list(frame.columns))
    if "text" not in mapping:
        found = ", ".join(map(str, frame.columns)) or "none"
        wanted = ", ".join(COLUMNS["text"][:6])
        raise NoTextColumnError(name, f"no text column found (columns: {found}); name one of: {wanted}")
    articles: list[Article] = []
    empty = 0
    for i, row in enumerate(frame.to_dict(orient="records")):
        article = _row_article(row, mapping, f"{name}#row={i + 1}", settings)
        if article is None:
            empty += 1
        else:
            articles.append(article)
    errors = [SourceError(name, f"{empty} row(s) with an empty text column were skipped")] if empty else []
    return articles, errors
