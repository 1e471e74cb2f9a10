"""Scale-out on Dask: reading and per-article extraction as tasks over partitions of the sources.

The pipeline's corpus stages (cross-article furniture, date inference from corroboration,
the merge) need every article at once and run on the client, in the pipeline's own order;
only `read` and `extract` become Dask tasks. Partitions travel as Parquet files of JSON
records in a scratch folder (which the workers of a remote cluster must share), so the
scheduler never holds article text. The result equals the single-process build.
"""

from __future__ import annotations

import importlib
import logging
import math
import os
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
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
    pipe = importlib.import_module(pipeline)
    files = expand_sources(sources)
    extract_at = pipe.STAGES.index(pipe.extract)
    with _client(scheduler) as client, tempfile.TemporaryDirectory(dir=workdir) as scratch:
        workers = max(1, len(client.scheduler_info()["workers"]))
        chunks = partition(files, workers)
        logger.info("reading %d files in %d partitions on %d workers", len(files), len(chunks), workers)
        paths = [str(Path(scratch) / f"articles-{i:05d}.parquet") for i in range(len(chunks))]
        read = client.gather(
            client.map(_read_partition, chunks, paths, settings=settings, pipeline=pipeline, pure=False)
        )
        state = pipe.BuildState(settings, sources)
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
        logger.info("corpus stages after extraction on the client")
        _run(pipe, pipe.STAGES[extract_at + 1 :], state)
    return state.timeline


def expand_sources(sources: Sequence[Source]) -> list[str]:
    """Every file below the sources, folders walked in sorted order as the reader walks them."""
    files: list[str] = []
    for source in sources:
        path = Path(source)
        if path.is_dir():
            files.extend(str(p) for p in sorted(path.rglob("*")) if p.is_file())
        else:
            files.append(str(source))
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
