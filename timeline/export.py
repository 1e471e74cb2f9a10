"""Exports of the current filtered timeline: CSV, JSON, offline HTML, PNG/SVG (kaleido) and a PPTX briefing.

Every function returns bytes so the app can hand them to a download button and the
tests can check them without a browser. Images need a Chromium for kaleido; when
there is none, or it hangs, `ImageExportError` says so plainly.
"""

from __future__ import annotations

import io
import json
import logging
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from timeline.errors import TimelineError
from timeline.frames import split_list

log = logging.getLogger(__name__)

#: Cells starting with these are read as formulas by spreadsheets (OWASP CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
BROWSER_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
_POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kaleido")


class ImageExportError(TimelineError):
    """A PNG/SVG could not be made; the message says what to install or try."""


def _defuse(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _dates_iso(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%d").astype(object).where(out[column].notna(), None)
    return out


def events_csv(events: pd.DataFrame) -> bytes:
    """The events table as UTF-8 CSV; text cells that a spreadsheet would run as formulas get a leading '."""
    safe = _dates_iso(events).map(_defuse)
    return safe.to_csv(index=False).encode("utf-8")


def events_json(events: pd.DataFrame, mentions: pd.DataFrame | None = None) -> bytes:
    """The events as JSON records (dates ISO, lists as arrays), each with its mentions when given."""
    records = json.loads(_dates_iso(events).to_json(orient="records", force_ascii=False))
    by_event: dict[str, list[dict[str, object]]] = {}
    if mentions is not None and not mentions.empty:
        for row in json.loads(_dates_iso(mentions).to_json(orient="records", force_ascii=False)):
            by_event.setdefault(str(row["event_id"]), []).append(row)
    for record in records:
        for key in ("participants", "outlets", "disagreements"):
            record[key] = split_list(record.get(key))
        if mentions is not None:
            record["mentions"] = by_event.get(str(record["id"]), [])
    return json.dumps({"events": records}, ensure_ascii=False, indent=1).encode("utf-8")


def figure_html(fig: go.Figure) -> bytes:
    """A self-contained HTML page of the figure (plotly.js inlined: works offline, ~5 MB)."""
    return fig.to_html(include_plotlyjs=True, full_html=True).encode("utf-8")


def find_browser() -> str | None:
    """The Chromium kaleido should drive: $BROWSER_PATH if it exists, else a known Debian path."""
    configured = os.environ.get("BROWSER_PATH")
    if configured and os.path.exists(configured):  # noqa: PTH110 - a plain path string from the environment
        return configured
    for candidate in BROWSER_CANDIDATES:
        if os.path.exists(candidate):  # noqa: PTH110
            return candidate
    return shutil.which("chromium")


def figure_image(fig: go.Figure, fmt: str = "png", timeout: float = 60.0, scale: float = 2.0) -> bytes:
    """PNG or SVG bytes of the whole figure (not the viewport) via kaleido and Chromium."""
    if fmt not in ("png", "svg"):
        raise ImageExportError(f"unsupported image format {fmt!r}: use png or svg")
    browser = find_browser()
    if browser is None:
        raise ImageExportError(
            "no Chromium found for image export: install Debian's chromium (apt-get install chromium) "
            "or set BROWSER_PATH; CSV, JSON and HTML exports still work"
        )
    os.environ["BROWSER_PATH"] = browser
    width = int(fig.layout.width or 1400)
    height = int(fig.layout.height or 600)
    future = _POOL.submit(
        fig.to_image, format=fmt, width=width, height=height, scale=scale if fmt == "png" else 1
    )
    try:
        return bytes(future.result(timeout=timeout))
    except FutureTimeout as exc:
        raise ImageExportError(
            f"image export timed out after {timeout:.0f} s (Chromium at {browser})"
        ) from exc
    except Exception as exc:  # kaleido raises many types; the user needs one plain message
        raise ImageExportError(f"image export failed with Chromium at {browser}: {exc}") from exc


@dataclass(frozen=True)
class BriefingEvent:
    """One event slide: title, date line, participants and footnotes (outlet, date, sentence)."""

    label: str
    when: str
    participants: tuple[str, ...]
    footnotes: tuple[str, ...]


def briefing_events(events: pd.DataFrame, mentions: pd.DataFrame, limit: int = 10) -> list[BriefingEvent]:
    """The slides' content: the given events (selected, or the best-sourced first), with their sources."""
    top = events.sort_values(["n_sources", "n_mentions", "start"], ascending=[False, False, True]).head(limit)
    out = []
    for row in top.itertuples(index=False):
        rows = mentions.loc[mentions["event_id"] == row.id]
        notes = []
        for m in rows.itertuples(index=False):
            pub = m.published.strftime("%Y-%m-%d") if pd.notna(m.published) else "date unknown"
            notes.append(f"{m.outlet or 'unknown outlet'}, {pub}: “{m.sentence}”")
        start = row.start.strftime("%Y-%m-%d") if pd.notna(row.start) else "undated"
        end = row.end.strftime("%Y-%m-%d") if pd.notna(row.end) else start
        when = start if end == start else f"{start} – {end}"
        if isinstance(row.granularity, str) and row.granularity not in ("day", "time"):
            when += f" ({row.granularity})"
        out.append(BriefingEvent(str(row.label), when, tuple(split_list(row.participants)), tuple(notes)))
    return out


def briefing_pptx(title: str, subtitle: str, image_png: bytes | None, slides: list[BriefingEvent]) -> bytes:
    """A PPTX: a title slide, the timeline image (when given), then one slide per event."""
    from pptx import Presentation
    from pptx.util import Inches, Pt

    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    first = deck.slides.add_slide(deck.slide_layouts[0])
    first.shapes.title.text = title
    first.placeholders[1].text = subtitle
    if image_png is not None:
        slide = deck.slides.add_slide(deck.slide_layouts[5])
        slide.shapes.title.text = "Timeline"
        slide.shapes.add_picture(io.BytesIO(image_png), Inches(0.4), Inches(1.4), width=Inches(12.5))
    for item in slides:
        slide = deck.slides.add_slide(deck.slide_layouts[1])
        slide.shapes.title.text = item.label[:120]
        body = slide.placeholders[1].text_frame
        body.text = item.when
        para = body.add_paragraph()
        para.text = "Participants: " + (", ".join(item.participants) or "not stated")
        for note in item.footnotes[:6]:
            para = body.add_paragraph()
            para.text = note[:400]
            para.level = 1
            para.font.size = Pt(12)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()
