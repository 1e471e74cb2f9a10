"""The Dask build gives exactly the events of the single-process build (LocalCluster of 2 processes)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import ROOT
from tests.store import toy_pipeline
from timeline.distributed import build_with_dask, expand_sources, partition
from timeline.settings import Settings


def load_corpus_generator() -> ModuleType:
    """benchmarks/corpus.py is a script, not a package: load it by path."""
    spec = importlib.util.spec_from_file_location("bench_corpus", ROOT / "benchmarks" / "corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    generator = load_corpus_generator()
    generator.generate(2000, out, seed=7)  # sample text, and MEANTIME text when ../shared is there
    (out / "unreadable.txt").write_bytes(b"\xff\xfe\xfa not utf-8")
    return out


@pytest.mark.parametrize(
    ("n", "workers", "sizes"),
    [
        (0, 2, []),
        (3, 2, [1, 1, 1]),
        (10, 2, [3, 3, 3, 1]),
        (1200, 1, [400, 400, 400]),
        (1200, 2, [300, 300, 300, 300]),
    ],
)
def test_partitions_keep_order_and_cover_everything(n: int, workers: int, sizes: list[int]) -> None:
    items = list(range(n))
    chunks = partition(items, workers)
    assert [len(c) for c in chunks] == sizes
    assert [x for c in chunks for x in c] == items


def test_sources_expand_like_the_reader_walks_folders(tmp_path: Path) -> None:
    for name in ("b/2.txt", "a/1.txt", "c.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    assert expand_sources([tmp_path, "http://example.org/x"]) == [
        str(tmp_path / "a/1.txt"),
        str(tmp_path / "b/2.txt"),
        str(tmp_path / "c.txt"),
        "http://example.org/x",
    ]


@pytest.mark.slow
def test_dask_build_equals_single_process_build_with_corpus_stages(corpus: Path) -> None:
    settings = Settings()
    single = toy_pipeline.build_timeline([corpus], settings)
    distributed = build_with_dask([corpus], settings, "local:2", pipeline="tests.store.toy_pipeline")
    assert len(single.articles) == 2000 and len(single.errors) == 1
    assert any(a.furniture for a in single.articles)  # the corpus stage before extraction ran
    assert distributed == single


@pytest.mark.slow
def test_dask_build_equals_the_real_pipeline(corpus: Path) -> None:
    pipeline = pytest.importorskip("timeline.pipeline", reason="the pipeline does not import yet")
    settings = Settings()
    single = pipeline.build_timeline([corpus], settings)
    assert single.events
    assert build_with_dask([corpus], settings, "local:2") == single
