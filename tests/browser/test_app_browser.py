"""Real-browser tests: Playwright drives Debian's chromium against `streamlit run app.py`.

What only a browser shows: the chart is drawn with the sample's events, a click on an
event reaches Python and opens its sources, a copied link reproduces the view in a
fresh context, presentation mode has no sidebar, and every export downloads a valid file.
"""

from __future__ import annotations

import base64
import io
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

import timeline
from tests.browser.conftest import ARTIFACTS, ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]
TIMEOUT = 90_000

#: Pixel position of every selectable point: markers at (x, y), horizontal bars at their middle.
POINTS_JS = """() => {
  const gd = document.querySelector('.js-plotly-plot');
  const fl = gd._fullLayout, box = gd.getBoundingClientRect(), out = [];
  for (const t of gd._fullData) {
    if (!t.customdata || t.name === 'selected' || t.name === 'published') continue;
    for (let j = 0; j < t.customdata.length; j++) {
      const x = t.type === 'bar' ? t.base[j] + t.x[j] / 2 : t.x[j];
      const px = box.left + fl._size.l + fl.xaxis.l2p(x), py = box.top + fl._size.t + fl.yaxis.l2p(t.y[j]);
      out.push({id: t.customdata[j][0], type: t.type, x: px, y: py});
    }
  }
  return out;
}"""


@pytest.fixture(scope="session")
def sample_sentences() -> dict[str, list[str]]:
    """Each sample event's source sentences, from the library itself (what the drill-down must show)."""
    tl = timeline.build_timeline([str(ROOT / "sample_data")])
    return {e.id: [m.sentence for m in e.mentions] for e in tl.events}


def _open(page, url: str) -> None:
    page.goto(url, timeout=TIMEOUT)
    page.wait_for_function(
        "() => { const gd = document.querySelector('.js-plotly-plot');"
        " return !!(gd && gd._fullLayout && gd._fullLayout._size && gd.data && gd.data.length); }",
        timeout=TIMEOUT,
    )


def _shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_chart_renders_with_sample_events(page, app_url, sample_sentences):
    _open(page, app_url)
    points = page.evaluate(POINTS_JS)
    assert {p["id"] for p in points} <= set(sample_sentences)
    assert len({p["id"] for p in points}) >= 3
    shot = _shot(page, "chart")
    shutil.copyfile(shot, ARTIFACTS / "screenshot-for-docs.png")


def _click_first_marker(page) -> str:
    points = [p for p in page.evaluate(POINTS_JS) if p["type"] in ("scatter", "scattergl")]
    target = points[0]
    page.mouse.move(target["x"], target["y"])
    page.mouse.click(target["x"], target["y"])
    return str(target["id"])


def test_click_shows_source_sentences_and_link_reproduces_view(page, browser, app_url, sample_sentences):
    _open(page, app_url)
    event_id = _click_first_marker(page)
    page.wait_for_function(
        "(id) => new URLSearchParams(location.search).get('event') === id", arg=event_id, timeout=TIMEOUT
    )
    page.wait_for_selector("blockquote", timeout=TIMEOUT)
    quotes = [_flat(q) for q in page.locator("blockquote").all_inner_texts()]
    assert any(_flat(s) in quotes for s in sample_sentences[event_id]), quotes
    _shot(page, "drilldown")
    label = page.locator("h3").first.inner_text()

    link = page.url
    assert parse_qs(urlparse(link).query)["event"] == [event_id]
    fresh = browser.new_context(viewport={"width": 1400, "height": 2100})
    try:
        other = fresh.new_page()
        _open(other, link)
        other.wait_for_selector("blockquote", timeout=TIMEOUT)
        assert other.locator("h3").first.inner_text() == label
        assert [_flat(q) for q in other.locator("blockquote").all_inner_texts()] == quotes
        _shot(other, "shared-link")
    finally:
        fresh.close()


def test_filter_link_reproduces_view(page, app_url):
    _open(page, app_url + "?lanes=actor&background=0")
    caption = page.get_by_text(re.compile(r"\d+ of \d+ events")).first.inner_text()
    ticks = page.evaluate("() => document.querySelector('.js-plotly-plot')._fullLayout.yaxis.ticktext")
    assert "published" in ticks and len(ticks) >= 2
    shown, total = (int(n) for n in re.findall(r"\d+", caption)[:2])
    assert shown <= total


def test_presentation_mode_hides_sidebar(page, app_url):
    _open(page, app_url + "?presentation=1")
    assert (
        page.locator('[data-testid="stSidebar"]').count() == 0
        or not page.locator('[data-testid="stSidebar"]').is_visible()
    )
    assert page.get_by_text("Export the filtered timeline").count() == 0
    _shot(page, "presentation")


def _idle(page) -> None:
    """Wait until Streamlit is connected and has finished its rerun: a click during a rerun can be dropped."""
    page.wait_for_function(
        "() => { const app = document.querySelector('[data-testid=\"stApp\"]');"
        " const state = app && app.getAttribute('data-test-script-state');"
        " return app && app.getAttribute('data-test-connection-state') === 'CONNECTED'"
        " && state !== 'running' && state !== 'rerunRequested'; }",
        timeout=TIMEOUT,
    )


def _download(page, label: str) -> bytes:
    """Click a download button and return the file; a click the app dropped is tried once more."""
    button = page.get_by_role("button", name=label, exact=True)
    button.wait_for(state="visible", timeout=TIMEOUT)
    for attempt in (1, 2):
        _idle(page)
        try:
            with page.expect_download(timeout=TIMEOUT / 2) as info:
                button.click()
            return Path(info.value.path()).read_bytes()
        except PlaywrightTimeout:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


@pytest.mark.parametrize(
    ("label", "check"),
    [
        ("CSV", lambda data: data.startswith(b"id,label,type")),
        ("JSON", lambda data: data.lstrip().startswith(b"{") and b'"events"' in data),
        ("HTML", lambda data: b"Plotly.newPlot" in data and b"customdata" in data),
        ("PNG", lambda data: data.startswith(b"\x89PNG\r\n\x1a\n")),
        ("SVG", lambda data: data.startswith(b"<svg")),
    ],
)
def test_exports_download_valid_files(page, app_url, label, check):
    _open(page, app_url)
    page.get_by_text("Export the filtered timeline").click()
    data = _download(page, label)
    assert check(data), data[:200]


def test_pptx_export_reopens_with_expected_slides(page, app_url):
    from pptx import Presentation

    _open(page, app_url)
    caption = page.get_by_text(re.compile(r"\d+ of \d+ events")).first.inner_text()
    shown = int(re.findall(r"\d+", caption)[0])
    page.get_by_text("Export the filtered timeline").click()
    deck = Presentation(io.BytesIO(_download(page, "PPTX")))
    assert len(deck.slides) == 2 + min(shown, 10)  # title, timeline image, one per top event


def test_box_select_zoom_goes_into_the_link(page, app_url):
    """Streamlit reports no drag-zoom, only selections: a box drawn with Box Select becomes the zoom."""
    _open(page, app_url)
    page.locator(".js-plotly-plot").hover()
    page.locator('.modebar-btn[data-val="select"]').click(force=True)
    area = page.evaluate(
        "() => { const gd = document.querySelector('.js-plotly-plot'), r = gd.getBoundingClientRect();"
        " const s = gd._fullLayout._size; return {x: r.left + s.l, y: r.top + s.t, w: s.w, h: s.h}; }"
    )
    page.mouse.move(area["x"] + area["w"] * 0.05, area["y"] + 5)
    page.mouse.down()
    page.mouse.move(area["x"] + area["w"] * 0.95, area["y"] + area["h"] - 5, steps=10)
    page.mouse.up()
    button = page.get_by_role("button", name=re.compile(r"Zoom to the box"))
    button.wait_for(timeout=TIMEOUT)
    lo, hi = re.findall(r"\d{4}-\d{2}-\d{2}", button.inner_text())
    _idle(page)
    button.click()
    page.wait_for_function(
        "([lo, hi]) => { const q = new URLSearchParams(location.search);"
        " return q.get('zoom_from') === lo && q.get('zoom_to') === hi; }",
        arg=[lo, hi],
        timeout=TIMEOUT,
    )
    _idle(page)
    shown = page.evaluate("() => document.querySelector('.js-plotly-plot')._fullLayout.xaxis.range")
    assert str(shown[0]).startswith(lo), shown


#: Keeps every WebSocket message the page receives, base64 (installed before Streamlit's scripts run).
RECORD_MESSAGES = """(() => { window.__rx = []; const Native = window.WebSocket;
  const keep = (data) => { const bytes = new Uint8Array(data); let text = '';
    for (let i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]);
    window.__rx.push(btoa(text)); };
  window.WebSocket = function (...args) {
    const ws = new Native(...args);
    ws.addEventListener('message', (e) => { if (e.data instanceof ArrayBuffer) keep(e.data); }); return ws; };
  window.WebSocket.prototype = Native.prototype; Object.assign(window.WebSocket, Native); })();"""
#: The root containers of a Streamlit delta path.
MAIN, SIDEBAR = 0, 1


def _click_roots(page, exclude: str) -> tuple[str, set[int]]:
    """Click a marker of another event than `exclude`: its id, and the roots of the deltas sent until idle."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    page.evaluate("() => { window.__rx = []; }")
    points = [
        p for p in page.evaluate(POINTS_JS) if p["type"] in ("scatter", "scattergl") and p["id"] != exclude
    ]
    target = points[0]
    page.mouse.move(target["x"], target["y"])
    page.mouse.click(target["x"], target["y"])
    page.wait_for_function(
        "(id) => new URLSearchParams(location.search).get('event') === id", arg=target["id"], timeout=TIMEOUT
    )
    _idle(page)
    roots = set()
    for raw in page.evaluate("() => window.__rx"):
        message = ForwardMsg.FromString(base64.b64decode(raw))
        if message.HasField("delta") and message.metadata.delta_path:
            roots.add(message.metadata.delta_path[0])
    return str(target["id"]), roots


def test_chart_click_reruns_only_the_drilldown(browser, app_url, sample_sentences):
    """A click reruns the drill-down fragment only: nothing is sent to the sidebar, the chart stays as drawn.

    A shared link rings its event on the chart: the first click redraws the chart once without the ring
    (a full rerun, which re-sends the sidebar); the next click is fragment-only.
    """
    context = browser.new_context(viewport={"width": 1400, "height": 2100})
    context.add_init_script(RECORD_MESSAGES)
    try:
        page = context.new_page()
        first = sorted(sample_sentences)[0]
        _open(page, f"{app_url}?event={first}")
        _idle(page)
        clicked, full = _click_roots(page, exclude=first)
        page.evaluate(
            "() => { const gd = document.querySelector('.js-plotly-plot'); gd.__kept = true;"
            " window.__plots = 0; gd.on('plotly_afterplot', () => { window.__plots += 1; }); }"
        )
        _, fragment = _click_roots(page, exclude=clicked)
        page.wait_for_selector("blockquote", timeout=TIMEOUT)
        kept, plots = page.evaluate(
            "() => [document.querySelector('.js-plotly-plot').__kept === true, window.__plots]"
        )
        assert kept and plots == 0
        assert SIDEBAR in full and fragment == {MAIN}, (full, fragment)
    finally:
        context.close()
