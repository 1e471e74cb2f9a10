"""The app on a store: `streamlit run app.py -- --db FILE` and `?dataset=store:NAME` links."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import streamlit as st

from tests.ui.apprun import run_app
from timeline.cli import main as cli
from timeline.pipeline import build_timeline


@pytest.fixture
def store(tmp_path: Path, sample_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    db = tmp_path / "t.duckdb"
    assert cli(["ingest", str(sample_dir), "--db", str(db), "--dataset", "news"]) == 0
    monkeypatch.setattr(sys, "argv", ["app.py", "--db", str(db)])
    st.cache_resource.clear()
    yield db
    st.cache_resource.clear()


def test_a_link_to_a_stored_data_set_opens_it(store: Path, sample_dir: Path) -> None:
    at = run_app({"dataset": "store:news"})
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["data"]
    n = len(build_timeline(sample_dir).events)  # the stored set is the sample's timeline
    assert at.caption[0].value.startswith(f"{n} of {n} events · 5 articles · store")  # escaped ":"


def test_a_link_to_a_data_set_not_in_the_store_says_so(store: Path) -> None:
    at = run_app({"dataset": "store:elsewhere"})
    assert any("not in this server's store" in e.value for e in at.error)


def test_the_sidebar_offers_the_store(store: Path) -> None:
    at = run_app({})
    assert "Store" in at.radio(key="w_source").options
