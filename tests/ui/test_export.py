"""Exports: CSV safe against formula injection, JSON, offline HTML, PNG/SVG via kaleido, PPTX briefing."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.ui.synthetic import small_timeline
from timeline import export
from timeline.frames import articles_frame, events_frame, mentions_frame
from timeline.plot import PlotOptions, timeline_figure


@pytest.fixture(scope="module")
def frames():
    tl = small_timeline()
    return events_frame(tl), mentions_frame(tl), articles_frame(tl)


@pytest.fixture(scope="module")
def figure(frames):
    return timeline_figure(frames[0], frames[2], PlotOptions())


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=1+1", "'=1+1"), ("+SUM(A1)", "'+SUM(A1)"), ("-2", "'-2"), ("@cmd", "'@cmd"), ("\tx", "'\tx"),
     ("plain", "plain"), ("a=b", "a=b"), (3, 3), (None, None)],
)  # fmt: skip
def test_defuse(value, expected):
    assert export._defuse(value) == expected


def test_events_csv_is_safe_and_complete(frames):
    rows = list(csv.DictReader(io.StringIO(export.events_csv(frames[0]).decode("utf-8"))))
    assert [r["id"] for r in rows] == ["ev-visit", "ev-lands", "ev-month"]
    assert rows[1]["outlets"] == "'=HYPERLINK(evil)"
    assert rows[0]["start"] == "2024-11-11"


def test_events_json(frames):
    data = json.loads(export.events_json(frames[0], frames[1]))
    visit = data["events"][0]
    assert visit["participants"] == ["Sergei Shoigu", "Wang Yi"]
    assert visit["start"] == "2024-11-11" and visit["end"] == "2024-11-14"
    assert [m["time_text"] for m in visit["mentions"]] == ["next week", "Nov. 11-14"]


def test_html_is_self_contained(figure):
    html = export.figure_html(figure).decode("utf-8")
    assert '<script src="http' not in html and "Plotly.newPlot" in html and "ev-visit" in html


def test_no_browser_is_a_plain_error(figure, monkeypatch):
    monkeypatch.setattr(export, "find_browser", lambda: None)
    with pytest.raises(export.ImageExportError, match="no Chromium found"):
        export.figure_image(figure, "png")


def test_bad_format(figure):
    with pytest.raises(export.ImageExportError, match="unsupported"):
        export.figure_image(figure, "gif")


@pytest.mark.slow
@pytest.mark.parametrize(("fmt", "magic"), [("png", b"\x89PNG\r\n\x1a\n"), ("svg", b"<svg")])
def test_images(figure, fmt, magic):
    if export.find_browser() is None:
        pytest.skip("no Chromium on this machine")
    assert export.figure_image(figure, fmt, timeout=90).startswith(magic)


@pytest.mark.parametrize(("with_image", "slides"), [(True, 5), (False, 4)])
def test_pptx_slide_count(frames, with_image, slides):
    from pptx import Presentation

    png = _tiny_png() if with_image else None
    data = export.briefing_pptx("Title", "sub", png, export.briefing_events(frames[0], frames[1]))
    deck = Presentation(io.BytesIO(data))
    assert len(deck.slides) == slides
    texts = [shape.text_frame.text for shape in deck.slides[-1].shapes if shape.has_text_frame]
    assert any("=HYPERLINK(evil), 2025-02-28" in t for t in texts) or any("Wang Yi" in t for t in texts)


def test_briefing_events_order_and_footnotes(frames):
    items = export.briefing_events(frames[0], frames[1], limit=2)
    assert [i.label for i in items] == ["Shoigu visits China", "Talks held"]
    assert items[0].when == "2024-11-11 – 2024-11-14"
    assert items[0].footnotes[0].startswith("The Moscow Times, 2024-11-10: “Sergei Shoigu will visit")


def _tiny_png() -> bytes:
    """A valid 1x1 PNG built by code (no committed binary)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )
