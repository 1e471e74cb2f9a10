"""The tagger on MEANTIME (TempEval-3-style scores) stays at or above its pinned floors."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from tests.conftest import ROOT, require_shared

FLOORS = json.loads((ROOT / "benchmarks" / "tempeval_floors.json").read_text())
METRICS = [key for key, value in FLOORS.items() if isinstance(value, float)]


@pytest.fixture(scope="module")
def summary() -> dict[str, float]:
    corpus = require_shared("data", "meantime-en", "intra_cross-doc_annotation")
    spec = importlib.util.spec_from_file_location("tempeval", ROOT / "benchmarks" / "tempeval.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    paths: list[Path] = module.corpus_paths(corpus)
    assert len(paths) == 120
    return module.run(corpus).summary()


@pytest.mark.shared
@pytest.mark.parametrize("metric", METRICS)
def test_score_is_at_or_above_its_floor(summary: dict[str, float], metric: str) -> None:
    assert summary[metric] >= FLOORS[metric], (
        f"{metric} {summary[metric]:.3f} fell below {FLOORS[metric]:.3f}"
    )
