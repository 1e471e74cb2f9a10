"""Scale-out: ingest in batches of bounded memory, and reading and extraction as Dask tasks.

`ingest_in_batches` streams the sources in batches; each batch is read, extracted, merged
and stored in its own transaction, the store merging its mentions into the stored events.
`build_with_dask` runs `read` and `extract` as Dask tasks over partitions; the pipeline's
corpus stages (cross-article furniture, date inference from corroboration) run on the client
in the pipeline's own order, and the merge runs window by window on the cluster
(`timeline.events.windows`). Partitions travel as Parquet files of JSON records in a scratch
folder (which the workers of a remote cluster must share), so the scheduler never holds
article text. The result equals the single-process build.
"""

from __future__ import annotations

import importlib
import logging
import math
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from pathlib import Path
from types import ModuleType
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from timeline import records
from timeline.model import Article, SourceError, Timeline
from timeline.settings import Settings

logger = logging.getLogger(__name__)

#: The pipeline whose stages run; a test can name another module with the same interface.
PIPELINE = "timeline.pipeline"
#: Most articles (or source files) per Dask task: large enough to amortise task overhead.
PARTITION_SIZE = 500

Source = str | os.PathLike[str]


def build_with_dask(
    sources: Sequence[Source] | Source,
    settings: Settings | None = None,
    scheduler: str | None = "local:2",
    *,
    workdir: Source | None = None,
    pipeline: str = PIPELINE,
) -> Timeline:
    """Build the timeline of `sources` with reading and extraction spread over a Dask cluster.

    `scheduler` is "local:N" (a LocalCluster of N worker processes, the default), None
    (local:2) or an existing scheduler's address ("tcp://host:8786"). `workdir` holds the
    intermediate Parquet partitions (a temporary folder by default).
    """
    settings = settings or Settings()
    if isinstance(sources, str | os.PathLike):
        sources = [sources]
    with _client(scheduler) as client:
        state = _build_state(client, expand_sources(sources), settings, workdir=workdir, pipeline=pipeline)
        return _finish(client, state, importlib.import_module(pipeline))


def _build_state(
    client: Any, files: list[str], settings: Settings, *, workdir: Source | None, pipeline: str
) -> Any:
    """Read and extract `files` on the cluster and run the corpus stages before the merge."""
    pipe = importlib.import_module(pipeline)
    extract_at = pipe.STAGES.index(pipe.extract)
    with tempfile.TemporaryDirectory(dir=workdir) as scratch:
        workers = max(1, len(client.scheduler_info()["workers"]))
        chunks = partition(files, workers)
        logger.info("reading %d files in %d partitions on %d workers", len(files), len(chunks), workers)
        paths = [str(Path(scratch) / f"articles-{i:05d}.parquet") for i in range(len(chunks))]
        read = client.gather(
            client.map(_read_partition, chunks, paths, settings=settings, pipeline=pipeline, pure=False)
        )
        state = pipe.BuildState(settings, files)
        state.articles = [a for path in paths for a in _load(path, Article)]
        state.errors = [SourceError(s, r) for errors in read for s, r in errors]
        _run(pipe, [s for s in pipe.STAGES[:extract_at] if s is not pipe.read], state)
        logger.info("extracting %d articles on %d workers", len(state.articles), workers)
        chunks_of_articles = partition(state.articles, workers)
        inputs = [str(Path(scratch) / f"extract-in-{i:05d}.parquet") for i in range(len(chunks_of_articles))]
        outputs = [str(Path(scratch) / f"extract-out-{i:05d}.parquet") for i in range(len(inputs))]
        for chunk, path in zip(chunks_of_articles, inputs, strict=True):
            _save(chunk, path)
        client.gather(
            client.map(_extract_partition, inputs, outputs, settings=settings, pipeline=pipeline, pure=False)
        )
        state.results = [r for path in outputs for r in _load(path, pipe.ArticleResult)]
    return state


def _finish(client: Any, state: Any, pipe: ModuleType) -> Timeline:
    """The corpus stages after extraction; the real pipeline's merge runs window by window."""
    extract_at = pipe.STAGES.index(pipe.extract)
    logger.info("corpus stages after extraction on the client")
    for stage in pipe.STAGES[extract_at + 1 :]:
        if stage is getattr(pipe, "merge", None) and pipe.__name__ == PIPELINE:
            state.timeline = merge_on_cluster(client, state.results, state.errors, state.settings)
        else:
            stage(state)
    return state.timeline


def merge_on_cluster(
    client: Any,
    results: Sequence[Any],
    errors: Sequence[SourceError],
    settings: Settings,
    *,
    size: int | None = None,
) -> Timeline:
    """`pipeline.assemble_timeline` with the merge's windows as Dask tasks.

    Windows hold whole components of mentions, about `size` mentions each (by default enough
    for two tasks per worker, and at most WINDOW_MENTIONS).
    """
    from timeline.events.windows import WINDOW_MENTIONS, merge_by_windows, merge_window

    mentions = [m for r in results for m in r.mentions]
    workers = max(1, len(client.scheduler_info()["workers"]))
    size = size or min(WINDOW_MENTIONS, max(1_000, math.ceil(len(mentions) / (2 * workers))))

    def mapper(fn: Any, windows: list[Any]) -> list[Any]:
        del fn  # the same function, by reference, so that the workers import it
        futures = client.map(merge_window, windows, settings=settings, pure=False)
        return client.gather(futures)

    articles = [r.article for r in results]
    events = merge_by_windows(mentions, articles, settings, mapper=mapper, size=size)
    return Timeline(
        articles=tuple(articles),
        events=tuple(events),
        errors=tuple(errors),
        expressions={r.article.id: r.expressions for r in results},
    )


def expand_sources(sources: Sequence[Source]) -> list[str]:
    """Every file below the sources, folders walked as the reader walks them (README, hidden left out)."""
    from timeline.ingest import files_below  # the reader's own walk, so both read the same files

    files: list[str] = []
    for source in sources:
        path = Path(os.fspath(source))
        if path.is_dir():
            files.extend(str(p) for p in files_below(path))
        else:
            files.append(os.fspath(source))
    return files


def partition(items: Sequence[Any], workers: int) -> list[list[Any]]:
    """Contiguous chunks (order kept): at least two per worker, at most PARTITION_SIZE items each."""
    if not items:
        return []
    count = max(2 * workers, math.ceil(len(items) / PARTITION_SIZE))
    size = math.ceil(len(items) / min(count, len(items)))
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


def _run(pipe: ModuleType, stages: Sequence[Any], state: Any) -> None:
    for stage in stages:
        logger.info("client stage %s", stage.__name__)
        stage(state)


@contextmanager
def _client(scheduler: str | None) -> Iterator[Any]:
    """A dask.distributed Client on a new LocalCluster ("local:N") or an existing scheduler."""
    from dask.distributed import Client, LocalCluster

    scheduler = scheduler or "local:2"
    if scheduler.startswith("local"):
        _, _, count = scheduler.partition(":")
        cluster = LocalCluster(
            n_workers=int(count or 2),
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # a free port: 8787 may be taken by another cluster
            silence_logs=logging.WARNING,
        )
        with cluster, Client(cluster) as client:
            yield client
    else:
        with Client(scheduler) as client:
            yield client


def _save(items: Sequence[Any], path: str) -> None:
    pq.write_table(pa.table({"record": [records.dumps(x) for x in items]}), path)


def _load(path: str, cls: type[Any]) -> list[Any]:
    return [records.loads(cls, text) for text in pq.read_table(path).column("record").to_pylist()]


def _read_partition(
    files: list[str], path: str, *, settings: Settings, pipeline: str
) -> list[tuple[str, str]]:
    """Task: read some files with the pipeline's `read` stage; articles to Parquet, errors back."""
    pipe = importlib.import_module(pipeline)
    state = pipe.BuildState(settings, files)
    pipe.read(state)
    _save(state.articles, path)
    return [(e.source, e.reason) for e in state.errors]


def _extract_partition(source: str, path: str, *, settings: Settings, pipeline: str) -> int:
    """Task: run the per-article stages on a partition of articles; results to Parquet."""
    pipe = importlib.import_module(pipeline)
    results = [pipe.extract_article(a, settings) for a in _load(source, Article)]
    _save(results, path)
    return len(results)


# ---- ingest in batches ---------------------------------------------------------------------------------

#: Source files read, extracted and stored per transaction by `ingest_in_batches`.
BATCH_SIZE = 2_000
#: Undated articles are held back, up to this many batches' worth, to be dated against more stored text.
HOLD_BATCHES = 5
#: Extracted batches wait to be stored together until they are this share of the stored articles
#: (at most PENDING_BATCHES batches' worth): each store merges again the stored mentions the new
#: ones reach, which on a corpus of recurring stories is most of the data set, so storing at a
#: geometric pace keeps the total merge work near linear in the corpus, not quadratic.
PENDING_SHARE = 0.5
#: Most extracted batches waiting to be stored: bounds the memory the pending results take.
PENDING_BATCHES = 8


def ingest_in_batches(
    sources: Sequence[Source],
    store: Any,
    dataset: str,
    extraction_version: str,
    settings: Settings | None = None,
    *,
    batch_size: int = BATCH_SIZE,
    scheduler: str | None = None,
    replace_all: bool = False,
    progress: Callable[[Any, Sequence[SourceError]], None] | None = None,
) -> list[Any]:
    """Read, extract and store the sources `batch_size` files at a time, one transaction each.

    Memory is bounded by a few batches, not the corpus: the store merges each batch's mentions
    into the stored events (the same events as merging them all at once). The trade-off:
    cross-article furniture sees one batch at a time. Undated articles are held back and
    stored after the dated ones (at the end, or when HOLD_BATCHES batches' worth wait), so
    that date inference from corroboration sees the stored dated mentions sharing a
    participant, not only the batch's. `scheduler` (local:N or an address) runs reading and
    extraction of each batch on Dask. Extracted batches are stored together once they are a
    share of the stored articles (PENDING_SHARE, at most PENDING_BATCHES batches), as each store
    merges again the stored mentions the new ones reach. Returns the store's report of each
    store; `progress` is called with each one, and the sources that could not be read.
    """
    settings = settings or Settings()
    files = expand_sources(sources)
    batches = [files[i : i + batch_size] for i in range(0, len(files), max(1, batch_size))] or [[]]
    pipe = importlib.import_module(PIPELINE)
    reports: list[Any] = []
    held: list[Any] = []  # undated articles' results, dated once more of the corpus is stored

    def store_results(results: list[Any], errors: Sequence[SourceError]) -> None:
        state = pipe.BuildState(settings, (), [], list(errors), results)
        _corroborate(state, store, dataset, pipe)
        pipe.merge(state)
        first = replace_all and not reports
        reports.append(store.ingest(dataset, state.timeline, extraction_version, settings, replace_all=first))
        logger.info("batch %d of %d: %s", len(reports), len(batches), reports[-1])
        if progress is not None:
            progress(reports[-1], errors)

    results: list[Any] = []  # extracted dated articles waiting to be stored
    errors: list[SourceError] = []
    files_waiting = 0
    with _client(scheduler) if scheduler else nullcontext() as client:
        for number, batch in enumerate(batches):
            if client is None:
                state = pipe.BuildState(settings, batch)
                pipe.run_stages(state, pipe.STAGES[: pipe.STAGES.index(pipe.extract) + 1])
            else:
                state = _build_state(client, batch, settings, workdir=None, pipeline=PIPELINE)
            held.extend(r for r in state.results if r.article.published is None)
            results.extend(r for r in state.results if r.article.published is not None)
            errors.extend(state.errors)
            files_waiting += len(batch)
            last = number == len(batches) - 1
            flush_held = bool(held) and (len(held) >= HOLD_BATCHES * batch_size or last)
            stored = sum(r.articles_added for r in reports)
            if last or flush_held or files_waiting >= _pending_limit(stored, batch_size):
                store_results(results, errors)
                results, errors, files_waiting = [], [], 0
            if flush_held:
                store_results(held, ())
                held = []
    return reports


def _pending_limit(stored: int, batch_size: int) -> int:
    """How many extracted source files wait before they are stored (see PENDING_SHARE)."""
    return max(batch_size, min(int(PENDING_SHARE * stored), PENDING_BATCHES * batch_size))


def _corroborate(state: Any, store: Any, dataset: str, pipe: ModuleType) -> None:
    """The corroboration stage over the batch and the stored dated mentions sharing a participant."""
    undated = [r for r in state.results if r.article.published is None]
    names = {p for r in undated for m in r.mentions for p in m.participants}
    known = store.dated_mentions(dataset, names) if names and state.settings.infer_publication_dates else []
    count = len(state.results)
    state.results = [*state.results, *(pipe.ArticleResult(a, (), (), tuple(ms)) for a, ms in known)]
    pipe.infer_dates_from_corroboration(state)
    state.results = state.results[:count]
