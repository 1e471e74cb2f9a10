"""A small pipeline with the real one's interface (BuildState, STAGES, extract_article, ArticleResult).

It has corpus stages before and after extraction, like the real pipeline, so a distributed
build that ran a stage on a partition instead of the whole corpus would give other events.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from timeline.model import Article, Event, EventMention, SourceError, TextSpan, Timeline, content_id
from timeline.settings import Settings

WORD = re.compile(r"\b(?P<name>[A-Z][a-z]+) (?P<verb>said|announced|visited|met)\b")


@dataclass(frozen=True)
class ArticleResult:
    article: Article
    mentions: tuple[EventMention, ...]


@dataclass
class BuildState:
    settings: Settings
    sources: Sequence[str | os.PathLike[str]] = ()
    articles: list[Article] = field(default_factory=list)
    errors: list[SourceError] = field(default_factory=list)
    results: list[ArticleResult] = field(default_factory=list)
    timeline: Timeline = field(default_factory=Timeline)


def read(state: BuildState) -> None:
    for source in state.sources:
        path = Path(source)
        for file in sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]:
            try:
                text = file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                state.errors.append(SourceError(str(file), type(exc).__name__))
                continue
            state.articles.append(Article(id=content_id(text), text=text, source_path=str(file)))


def mark_furniture(state: BuildState) -> None:
    """Corpus stage: a first line shared by several articles is furniture."""
    firsts = Counter(a.text.split("\n", 1)[0] for a in state.articles)
    state.articles = [
        replace(a, furniture=(TextSpan(0, len(first), "repeated"),)) if firsts[first] > 1 else a
        for a in state.articles
        if (first := a.text.split("\n", 1)[0]) is not None
    ]


def extract_article(article: Article, settings: Settings) -> ArticleResult:
    mentions = tuple(
        EventMention(article.id, m.group(0), m.start(), m.end(), m["verb"], m.start("verb"), m.end("verb"),
                     m["verb"], f"{m['name']} {m['verb']}", participants=(m["name"],))
        for m in WORD.finditer(article.text)
        if not article.is_furniture(m.start(), m.end())
    )  # fmt: skip
    return ArticleResult(article, mentions)


def extract(state: BuildState) -> None:
    state.results = [extract_article(a, state.settings) for a in state.articles]


def merge(state: BuildState) -> None:
    """Corpus stage: one event per label across all articles."""
    groups: dict[str, list[EventMention]] = {}
    for mention in (m for r in state.results for m in r.mentions):
        groups.setdefault(mention.label, []).append(mention)
    events = tuple(
        Event(
            content_id(label), label, ms[0].event_type, None, None, None, ms[0].participants, None, tuple(ms)
        )
        for label, ms in groups.items()
    )
    state.timeline = Timeline(tuple(r.article for r in state.results), events, tuple(state.errors))


STAGES = (read, mark_furniture, extract, merge)


def build_timeline(sources: Sequence[str | os.PathLike[str]], settings: Settings | None = None) -> Timeline:
    state = BuildState(settings or Settings(), sources)
    for stage in STAGES:
        stage(state)
    return state.timeline
