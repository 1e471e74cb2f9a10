"""The merge's memo of decoded stored rows: the same events with or without it, and kept honest."""

from __future__ import annotations

from pathlib import Path

import pytest

import timeline.store.merge as store_merge
from tests.store.builders import make_timeline
from tests.store.mentions import random_mentions
from tests.store.test_incremental import batches
from timeline import records
from timeline.events.merge import merge_mentions
from timeline.settings import Settings
from timeline.store import Store


@pytest.mark.parametrize(
    ("reopen", "limit"),
    [(False, None), (True, None), (False, 50), (False, 300)],
    ids=["one-store-memo", "reopened-each-batch", "memo-over-its-limit", "memo-keeps-the-last-merges"],
)
def test_the_memo_changes_no_event(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reopen: bool, limit: int | None
) -> None:
    if limit is not None:
        monkeypatch.setattr(store_merge, "MEMO_MENTIONS", limit)
    settings = Settings()
    mentions, articles = random_mentions(600, 7, 60)
    want = merge_mentions(mentions, articles, settings)
    path = tmp_path / "t.duckdb"
    store = Store.open(path)
    for t in batches(mentions, articles, 5, settings):
        if reopen:
            store.close()
            store = Store.open(path)
        store.ingest("d", t, "v1", settings)
    got = store.load("d").events
    store.close()
    assert set(got) == set(want)


def test_a_later_batch_decodes_only_rows_it_has_not_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings()
    mentions, articles = random_mentions(600, 8, 30)
    decoded: list[int] = []
    light = records.light_mention
    monkeypatch.setattr(records, "light_mention", lambda text: decoded.append(1) or light(text))
    with Store.open(tmp_path / "t.duckdb") as store:
        parts = batches(mentions, articles, 4, settings)
        for t in parts:
            store.ingest("d", t, "v1", settings)
        stored = store.datasets()["mentions"].iloc[0]
    assert 0 < len(decoded) <= stored  # each stored mention decoded at most once over all batches


@pytest.mark.parametrize("how", ["replace_all", "delete", "failed ingest"])
def test_the_memo_is_cleared_when_stored_rows_may_differ(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    settings = Settings()
    mentions, articles = random_mentions(300, 9, 20)
    with Store.open(tmp_path / "t.duckdb") as store:
        for t in batches(mentions, articles, 3, settings):
            store.ingest("d", t, "v1", settings)
        memo = store._memo
        assert memo.mentions
        if how == "replace_all":
            store.ingest("d", make_timeline(4), "v2", replace_all=True)
        elif how == "delete":
            store.delete("d")
        else:
            monkeypatch.setattr("timeline.store.write.write_articles", _explode)
            with pytest.raises(RuntimeError, match="disk full"):
                store.ingest("d", make_timeline(4), "v1")
        assert not memo.mentions
        assert not memo.articles


def _explode(*args: object, **kwargs: object) -> None:
    raise RuntimeError("disk full")
