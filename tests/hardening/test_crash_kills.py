"""SIGKILL an ingest at random points: the store keeps exactly its previous state, the re-run completes.

The rounds are those of benchmarks/crash.py (which runs 20 of them): a copy of a base store,
`python -m timeline ingest` killed after a random delay, then the store is read record by
record and compared with the base; a re-run must give what an uninterrupted run gives.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from benchmarks.crash import Setup, one_round, prepare

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Setup:
    return prepare(tmp_path_factory.mktemp("crash"), articles=60, seed=11)


@pytest.mark.parametrize(
    ("seed", "mode", "from_open"),
    [
        (1, "new", False),  # anywhere in the run: reading, extracting or writing
        (2, "append", True),  # while the store is open: inside the merge-and-write transaction
        (3, "new", True),  # while the store is open: a new data set half-inserted
    ],
)
def test_kill_keeps_previous_state_and_rerun_completes(
    setup: Setup, tmp_path: Path, seed: int, mode: str, from_open: bool
) -> None:
    timing = setup.timing[mode]
    window = timing.end - timing.store_open if from_open else timing.end
    delay = random.Random(seed).uniform(0.0, window)
    result = one_round(setup, tmp_path, mode, delay, from_open=from_open)
    assert (result.lost, result.half_written) == (0, 0), result
    assert result.rerun_ok, result
