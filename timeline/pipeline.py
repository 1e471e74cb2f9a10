"""The pipeline: the explicit, ordered list of stages from sources to a Timeline.

Per-article stages run on one `ArticleDoc` and can run in any process (Dask);
corpus stages see every article at once (cross-article furniture, date inference
from corroborating articles, the merge of mentions into events).
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from timeline import pubdate
from timeline.dates import Narrative, tag_dates
from timeline.events.mentions import find_mentions
from timeline.events.merge import merge_mentions
from timeline.ingest import mark_corpus_furniture, read_sources
from timeline.model import Article, EventMention, Sentence, SourceError, TimeExpression, Timeline
from timeline.sentences import split_sentences
from timeline.settings import Settings

log = logging.getLogger(__name__)

#: Modules and resources whose content decides what extraction produces; the display, export
#: and storage modules are left out, so changing them does not ask for a re-extraction.
_EXTRACTION_SOURCES = ("ingest", "dates", "events", "resources", "pipeline.py", "pubdate.py", "sentences.py")


@cache
def extraction_version() -> str:
    """A content hash of the extraction code and its rules: any change gives a new version."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for name in _EXTRACTION_SOURCES:
        path = root / name
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            if file.is_file() and file.suffix in {".py", ".toml", ".txt", ".tsv", ".json"}:
                digest.update(file.relative_to(root).as_posix().encode())
                digest.update(file.read_bytes())
    return "x" + digest.hexdigest()[:12]


@dataclass
class ArticleDoc:
    """The working document of the per-article stages; each stage fills its own field."""

    article: Article
    sentences: list[Sentence] = field(default_factory=list)
    expressions: list[TimeExpression] = field(default_factory=list)
    mentions: list[EventMention] = field(default_factory=list)


@dataclass(frozen=True)
class ArticleResult:
    """What extraction made of one article: picklable, so it can cross process boundaries."""

    article: Article
    sentences: tuple[Sentence, ...]
    expressions: tuple[TimeExpression, ...]
    mentions: tuple[EventMention, ...]


def split_into_sentences(doc: ArticleDoc, settings: Settings) -> None:
    """Requires the article's furniture; assigns the sentences of the article proper."""
    article = doc.article
    doc.sentences = [
        s
        for s in split_sentences(article.text, article.body_start)
        if not article.is_furniture(s.start, s.end)
    ]


def infer_date_from_text(doc: ArticleDoc, settings: Settings) -> None:
    """Requires sentences; assigns a publication date inferred from the text when none was stated."""
    if doc.article.published is None and settings.infer_publication_dates:
        doc.article = pubdate.infer_from_text(doc.article, doc.sentences, settings)


def tag_time_expressions(doc: ArticleDoc, settings: Settings) -> None:
    """Requires sentences and the publication date; assigns every time expression, article offsets."""
    doc.expressions = tag_sentences(doc.sentences, doc.article.published, settings)


def find_event_mentions(doc: ArticleDoc, settings: Settings) -> None:
    """Requires sentences and expressions; assigns the event mentions."""
    doc.mentions = find_mentions(doc.article, doc.sentences, doc.expressions, settings)


ArticleStage = Callable[[ArticleDoc, Settings], None]

#: The per-article stages, in order.
ARTICLE_STAGES: tuple[ArticleStage, ...] = (
    split_into_sentences,
    infer_date_from_text,
    tag_time_expressions,
    find_event_mentions,
)


def tag_sentences(
    sentences: Sequence[Sentence], anchor: date | None, settings: Settings
) -> list[TimeExpression]:
    """Tag each sentence on its own (its tense decides direction) and shift offsets to the article;
    the day and period each names carry to the next ("On 24 June ... . Three days later, ...")."""
    found: list[TimeExpression] = []
    narrative = Narrative()
    for sentence in sentences:
        for expr in tag_dates(sentence.text, anchor, settings=settings, narrative=narrative):
            found.append(shift_expression(expr, sentence.start))
    return found


def shift_expression(expr: TimeExpression, offset: int) -> TimeExpression:
    """The same expression with offsets moved by `offset` (parts included)."""
    return dataclasses.replace(
        expr,
        char_start=expr.char_start + offset,
        char_end=expr.char_end + offset,
        parts=tuple(shift_expression(p, offset) for p in expr.parts),
    )


def extract_article(article: Article, settings: Settings) -> ArticleResult:
    """Run every per-article stage on one article."""
    doc = ArticleDoc(article)
    for stage in ARTICLE_STAGES:
        stage(doc, settings)
    return ArticleResult(doc.article, tuple(doc.sentences), tuple(doc.expressions), tuple(doc.mentions))


@dataclass
class BuildState:
    """The working state of the corpus stages."""

    settings: Settings
    sources: Sequence[str | os.PathLike[str]] = ()
    articles: list[Article] = field(default_factory=list)
    errors: list[SourceError] = field(default_factory=list)
    results: list[ArticleResult] = field(default_factory=list)
    timeline: Timeline = field(default_factory=Timeline)


def read(state: BuildState) -> None:
    """Assigns articles and per-source errors from the sources."""
    articles, errors = read_sources(state.sources, state.settings)
    state.articles.extend(articles)
    state.errors.extend(errors)


def mark_furniture(state: BuildState) -> None:
    """Requires articles; marks paragraphs repeated across one outlet's articles as furniture."""
    state.articles = mark_corpus_furniture(_unique(state.articles), state.settings)


def extract(state: BuildState) -> None:
    """Requires articles; assigns one ArticleResult per article."""
    state.results = [extract_article(a, state.settings) for a in state.articles]


def infer_dates_from_corroboration(state: BuildState) -> None:
    """Requires results; dates undated articles from dated ones that report the same events."""
    if state.settings.infer_publication_dates:
        state.results = pubdate.infer_from_corroboration(state.results, state.settings, reextract)


def merge(state: BuildState) -> None:
    """Requires results; assigns the Timeline with merged events."""
    state.timeline = assemble_timeline(state.results, state.errors, state.settings)


CorpusStage = Callable[[BuildState], None]

#: The corpus stages, in order; `extract` runs ARTICLE_STAGES on each article.
STAGES: tuple[CorpusStage, ...] = (read, mark_furniture, extract, infer_dates_from_corroboration, merge)


def reextract(result: ArticleResult, article: Article, settings: Settings) -> ArticleResult:
    """Re-run the date and mention stages once an article's publication date is known."""
    doc = ArticleDoc(article, list(result.sentences))
    tag_time_expressions(doc, settings)
    find_event_mentions(doc, settings)
    return ArticleResult(doc.article, tuple(doc.sentences), tuple(doc.expressions), tuple(doc.mentions))


def assemble_timeline(
    results: Sequence[ArticleResult], errors: Sequence[SourceError], settings: Settings
) -> Timeline:
    """Merge every article's mentions into events and pack the Timeline."""
    articles = [r.article for r in results]
    mentions = [m for r in results for m in r.mentions]
    events = merge_mentions(mentions, articles, settings)
    return Timeline(
        articles=tuple(articles),
        events=tuple(events),
        errors=tuple(errors),
        expressions={r.article.id: r.expressions for r in results},
    )


def run_stages(state: BuildState, stages: Sequence[CorpusStage] = STAGES) -> BuildState:
    for stage in stages:
        log.debug("stage %s", stage.__name__)
        stage(state)
    return state


def build_timeline(
    sources: Sequence[str | os.PathLike[str]] | str | os.PathLike[str], settings: Settings | None = None
) -> Timeline:
    """Read the sources (files, folders, archives) and build their timeline."""
    if isinstance(sources, str | os.PathLike):
        sources = [sources]
    state = BuildState(settings or Settings(), sources)
    return run_stages(state).timeline


def build_timeline_from_articles(
    articles: Sequence[Article], errors: Sequence[SourceError] = (), settings: Settings | None = None
) -> Timeline:
    """Build a timeline from articles already read (uploads, pasted text)."""
    state = BuildState(settings or Settings(), (), list(articles), list(errors))
    return run_stages(state, STAGES[1:]).timeline


def _unique(articles: Sequence[Article]) -> list[Article]:
    """Drop repeated articles (same content id), keeping the first."""
    seen: dict[str, Article] = {}
    for article in articles:
        seen.setdefault(article.id, article)
    return list(seen.values())
