"""`python -m timeline ingest` streams sources in batches and stores what one build would."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT
from timeline.cli import main
from timeline.pipeline import build_timeline
from timeline.settings import Settings
from timeline.store import Store

SAMPLE = ROOT / "sample_data"


@pytest.fixture(scope="module")
def whole() -> object:
    return build_timeline([SAMPLE], Settings())


@pytest.mark.parametrize("batch_size", [2000, 3, 2])
def test_batched_ingest_of_the_sample_equals_one_build(tmp_path: Path, whole, batch_size: int) -> None:
    db = tmp_path / "t.duckdb"
    assert main(["ingest", str(SAMPLE), "--db", str(db), "--batch-size", str(batch_size)]) == 0
    with Store.open(db, read_only=True) as store:
        stored = store.load("default")
    assert stored.events == whole.events
    assert set(stored.articles) == set(whole.articles)


def test_a_second_ingest_of_the_same_sources_adds_nothing(tmp_path: Path, whole, capsys) -> None:
    db = tmp_path / "t.duckdb"
    for _ in range(2):
        assert main(["ingest", str(SAMPLE), "--db", str(db), "--batch-size", "2"]) == 0
    assert f"0 articles added, {len(whole.articles)} already there" in capsys.readouterr().out
    with Store.open(db, read_only=True) as store:
        assert store.load("default").events == whole.events


@pytest.mark.parametrize(("size", "message"), [("0", "at least 1")])
def test_a_batch_size_below_one_is_refused(tmp_path: Path, size: str, message: str, capsys) -> None:
    assert main(["ingest", str(SAMPLE), "--db", str(tmp_path / "t.duckdb"), "--batch-size", size]) == 2
    assert message in capsys.readouterr().err


def test_stored_dated_mentions_are_found_by_participant(tmp_path: Path, whole) -> None:
    with Store.open(tmp_path / "t.duckdb") as store:
        store.ingest("d", whole, "v1")
        name = next(p for e in whole.events for p in e.participants)
        found = store.dated_mentions("d", [name])
        assert store.dated_mentions("d", ["Nobody At All"]) == []
        assert store.dated_mentions("missing", [name]) == []
    assert found and all(a.published is not None and a.text == "" for a, _ in found)
    assert all(any(name in m.participants for m in ms) for _, ms in found)


@pytest.mark.slow
def test_batches_on_dask_equal_one_build(tmp_path: Path, whole) -> None:
    from timeline.distributed import ingest_in_batches

    with Store.open(tmp_path / "t.duckdb") as store:
        reports = ingest_in_batches([SAMPLE], store, "d", "v1", Settings(), batch_size=2, scheduler="local:2")
        stored = store.load("d")
    assert sum(r.articles_added for r in reports) == len(whole.articles)
    assert stored.events == whole.events


@pytest.mark.parametrize(
    ("stored", "batch_size", "expected"),
    [
        (0, 2000, 2000),  # an empty store: one batch at a time
        (3000, 2000, 2000),  # half the stored articles is less than a batch
        (20_000, 2000, 10_000),
        (1_000_000, 2000, 16_000),  # at most PENDING_BATCHES batches wait
        (10, 1, 5),
    ],
)
def test_batches_wait_in_proportion_to_the_store(stored: int, batch_size: int, expected: int) -> None:
    from timeline.distributed import _pending_limit

    assert _pending_limit(stored, batch_size) == expected


def test_waiting_batches_are_stored_together_with_the_same_events(
    tmp_path: Path, whole, monkeypatch: pytest.MonkeyPatch
) -> None:
    from timeline import distributed

    counts = []
    for share in (0.0, 1.0):  # every batch stored on its own, then waiting as long as the store
        monkeypatch.setattr(distributed, "PENDING_SHARE", share)
        with Store.open(tmp_path / f"{share}.duckdb") as store:
            reports = distributed.ingest_in_batches([SAMPLE], store, "d", "v1", Settings(), batch_size=1)
            assert store.load("d").events == whole.events
        assert sum(r.articles_added for r in reports) == len(whole.articles)
        counts.append(len(reports))
    assert counts[1] < counts[0]
