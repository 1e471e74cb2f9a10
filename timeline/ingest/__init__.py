"""Reading article sources (files, folders, zips, tables, feeds, URLs, uploads, pasted text) into Articles.

Readers are chosen by content (registry.sniff); each Article keeps its page furniture as
marked spans and its stated publication date with provenance (never inferred here).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

from timeline.errors import SourceReadError
from timeline.ingest.corpus import mark_corpus_furniture
from timeline.ingest.decode import check_size
from timeline.ingest.page import PageMeta, analyse_page
from timeline.ingest.registry import read_bytes, read_urls, url_lines
from timeline.model import Article, SourceError
from timeline.settings import Settings

__all__ = ["mark_corpus_furniture", "read_pasted", "read_sources", "read_uploads", "read_urls"]

_SEPARATOR = re.compile(r"^\s*-{3,}\s*$", re.MULTILINE)
#: Files a folder of articles often also holds that are not articles (read only when named explicitly).
_NOT_ARTICLES = re.compile(
    r"^(?:readme|licen[cs]e|changelog|contributing|notice|manifest)(?:\.\w+)?$", re.IGNORECASE
)


def files_below(folder: Path) -> list[Path]:
    """Files of a folder, recursively, in a stable order, hidden files and folders left out."""
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and not _NOT_ARTICLES.match(p.name)
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def _read_path(path: Path, settings: Settings) -> tuple[list[Article], list[SourceError]]:
    name = str(path)
    try:
        check_size(name, path.stat().st_size, settings.max_file_bytes)
        data = path.read_bytes()
    except OSError as exc:
        return [], [SourceError(name, f"the file could not be read ({exc.strerror or exc})")]
    except SourceReadError as exc:
        return [], [SourceError(exc.source, exc.reason)]
    return read_bytes(name, data, settings)


def read_sources(
    sources: Sequence[str | os.PathLike[str]], settings: Settings
) -> tuple[list[Article], list[SourceError]]:
    """Articles from files, folders (recursive), zips and URL lists; one SourceError per unreadable source."""
    articles: list[Article] = []
    errors: list[SourceError] = []
    for source in sources:
        text = os.fspath(source)
        if url_lines(text):
            found, failed = read_urls([text], settings)
        else:
            path = Path(text)
            if not path.exists():
                found, failed = [], [SourceError(text, "no such file or folder")]
            elif path.is_dir():
                found, failed = [], []
                for file in files_below(path):
                    more, bad = _read_path(file, settings)
                    found += more
                    failed += bad
            else:
                found, failed = _read_path(path, settings)
        articles.extend(found)
        errors.extend(failed)
    return articles, errors


def read_uploads(
    items: Sequence[tuple[str, bytes]], settings: Settings
) -> tuple[list[Article], list[SourceError]]:
    """Articles from uploaded files (name, bytes): the same readers as files, zips included."""
    articles: list[Article] = []
    errors: list[SourceError] = []
    for name, data in items:
        found, failed = read_bytes(name, data, settings)
        articles.extend(found)
        errors.extend(failed)
    return articles, errors


def read_pasted(
    text: str, settings: Settings, name: str = "pasted text"
) -> tuple[list[Article], list[SourceError]]:
    """Articles from pasted text: a list of URLs (fetched), HTML, or articles separated by lines of ---."""
    if not text.strip():
        return [], [SourceError(name, "nothing was pasted")]
    urls = url_lines(text)
    if urls:
        return read_urls(urls, settings)
    parts = [p for p in _SEPARATOR.split(text) if p.strip()]
    if len(parts) == 1:
        return read_bytes(name, text.encode("utf-8"), settings)
    articles = [
        analyse_page(part.strip("\n"), settings, PageMeta(source_path=f"{name} #{i + 1}"))
        for i, part in enumerate(parts)
    ]
    return articles, []
