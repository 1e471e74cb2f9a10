"""Reading article sources (files, folders, archives, tables, feeds, URLs) into Articles.

Placeholder: plain-text files only, until the readers land.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from timeline.model import Article, SourceError, content_id
from timeline.settings import Settings


def read_sources(
    sources: Sequence[str | os.PathLike[str]], settings: Settings
) -> tuple[list[Article], list[SourceError]]:
    """Read every file below the given paths; one Article per readable file."""
    articles: list[Article] = []
    errors: list[SourceError] = []
    for source in sources:
        path = Path(source)
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            try:
                text = file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                errors.append(SourceError(str(file), str(exc)))
                continue
            articles.append(Article(id=content_id(text), text=text, source_path=str(file)))
    return articles, errors
