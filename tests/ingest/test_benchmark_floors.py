"""The quality floors of benchmarks/ingest_floors.json hold on a small run of the benchmark's pages."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.ingest import FLOORS, quality, text_pages
from tests.ingest.pages import build_pages
from timeline.ingest import read_uploads
from timeline.settings import Settings


def test_floors_hold() -> None:
    pages = build_pages(48)
    articles, errors = read_uploads([(p.name, p.html.encode()) for p in pages], Settings())
    assert errors == []
    figures = quality(pages, articles)
    floors = json.loads(Path(FLOORS).read_text())
    for key, value in figures.items():
        assert value >= floors[key], f"{key} = {value:.3f} is below its floor {floors[key]:.3f}"


def test_text_pages_are_real_and_unique() -> None:
    pages = text_pages(10)
    assert len({data for _, data in pages}) == 10
    articles, errors = read_uploads(pages, Settings())
    assert errors == [] and all(a.outlet for a in articles)
