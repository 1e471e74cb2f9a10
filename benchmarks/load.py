"""Load: N simultaneous browser sessions against one `streamlit run app.py` server.

One Debian chromium, one Playwright context per session (no shared state). After its page
has opened, each session repeats for --seconds: change a filter through a widget (the Lanes
selectbox or the background-events checkbox), select an event by clicking its mark on the
chart, or open a `?event=ID` link taken from the app's own JSON export; every interaction
waits until the script run has finished and the drill-down shows the selected event.
Recorded: each interaction's latency and every error (page errors, Streamlit exception
boxes, timeouts). Target (issue 8): 0 errors and p95 < 1 s with 20 sessions on 2 cores.

    python benchmarks/load.py [--sessions 20] [--seconds 60] [--quick] [--url URL]

The server (started unless --url is given) listens on 127.0.0.1 only; --url must be local.
Exits 1 when any error was recorded.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import random
import statistics
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlparse

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, app_url  # noqa: E402
from tests.browser.test_app_browser import POINTS_JS  # noqa: E402

log = logging.getLogger("load")
#: One interaction may take this long before it counts as a timeout error (ms).
TIMEOUT_MS = 30_000
#: Opening a page (plotly.js parse, first chart) may take longer under load (ms).
OPEN_TIMEOUT_MS = 120_000
#: The share of each action in a session's mix (a link is a full page load: rarer).
MIX = (("filter", 0.4), ("click", 0.4), ("link", 0.2))
LANES = ("type", "actor", "country", "outlet", "none")

CHART_READY = """() => { const gd = document.querySelector('.js-plotly-plot');
  const app = document.querySelector('[data-testid=stApp]');
  return !!(gd && gd._fullLayout && gd._fullLayout._size && gd.data && gd.data.length)
    && app && app.dataset.testScriptState === 'notRunning'; }"""
#: The run ended, the URL holds the wanted parameter, and (for events) the drill-down shows it.
SETTLED = """([key, value, labels]) => {
  const app = document.querySelector('[data-testid=stApp]');
  if (!app || app.dataset.testScriptState !== 'notRunning') return false;
  const got = new URLSearchParams(location.search).get(key);
  if (value === '*changed*' ? (got === null || got === window.__lastEvent) : got !== value) return false;
  if (key !== 'event') return true;
  const h3 = document.querySelector('h3'), quote = document.querySelector('blockquote');
  const want = labels[got];
  return !!(h3 && quote && want !== undefined
            && h3.innerText.replace(/\\s+/g, ' ').trim().startsWith(want));
}"""


@dataclass
class Results:
    """Latencies (s) by kind of interaction, and every error seen, across sessions."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def add(self, kind: str, seconds: float) -> None:
        self.latencies.setdefault(kind, []).append(seconds)


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by the nearest-rank method; 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def _flat(text: str) -> str:
    return " ".join(text.split())


def _labels(export_json: bytes) -> dict[str, str]:
    """Event id -> label as the drill-down shows it, from the app's JSON export."""
    return {str(e["id"]): _flat(str(e["label"])) for e in json.loads(export_json)["events"]}


async def _exceptions(page: Any) -> int:
    return int(await page.locator('[data-testid="stException"]').count())


async def _open(page: Any, url: str) -> None:
    await page.goto(url, timeout=OPEN_TIMEOUT_MS)
    await page.wait_for_function(CHART_READY, timeout=OPEN_TIMEOUT_MS)


async def fetch_export(browser: Any, url: str) -> dict[str, str]:
    """Download the app's JSON export once (the ids and labels the sessions open links to)."""
    context = await browser.new_context(viewport={"width": 1400, "height": 2100}, accept_downloads=True)
    try:
        page = await context.new_page()
        await _open(page, url)
        await page.get_by_text("Export the filtered timeline").click()
        async with page.expect_download(timeout=OPEN_TIMEOUT_MS) as info:
            await page.get_by_role("button", name="JSON", exact=True).click()
        path = await (await info.value).path()
        return _labels(Path(path).read_bytes())
    finally:
        await context.close()


async def _filter(page: Any, rng: random.Random, labels: dict[str, str]) -> None:
    """Change one filter through its widget and wait for the run to end with the URL updated."""
    if rng.random() < 0.5:
        current = await page.evaluate("() => new URLSearchParams(location.search).get('lanes') || 'type'")
        lane = rng.choice([lane for lane in LANES if lane != current])
        box = page.locator('[data-testid="stSelectbox"]').filter(has_text="Lanes").locator("input")
        await box.click(timeout=TIMEOUT_MS)
        await page.get_by_role("option", name=lane, exact=True).click(timeout=TIMEOUT_MS)
        wanted = None if lane == "type" else lane
        await page.wait_for_function(SETTLED, arg=["lanes", wanted, labels], timeout=TIMEOUT_MS)
        return
    background = await page.evaluate("() => new URLSearchParams(location.search).get('background')")
    await page.get_by_text("Include background events").click(timeout=TIMEOUT_MS)
    wanted = None if background == "0" else "0"
    await page.wait_for_function(SETTLED, arg=["background", wanted, labels], timeout=TIMEOUT_MS)


async def _click(page: Any, rng: random.Random, labels: dict[str, str]) -> bool:
    """Click a mark on the chart; False when the current filters leave none to click."""
    await page.evaluate("() => { window.__lastEvent = new URLSearchParams(location.search).get('event'); }")
    current = await page.evaluate("() => window.__lastEvent")
    points = [p for p in await page.evaluate(POINTS_JS) if p["id"] != current]
    if not points:
        return False
    target = rng.choice(points)
    await page.mouse.move(target["x"], target["y"])
    await page.mouse.click(target["x"], target["y"])
    await page.wait_for_function(SETTLED, arg=["event", "*changed*", labels], timeout=TIMEOUT_MS)
    return True


async def _link(page: Any, base: str, rng: random.Random, labels: dict[str, str]) -> None:
    event_id = rng.choice(sorted(labels))
    await _open(page, f"{base}?{urlencode({'event': event_id})}")
    await page.wait_for_function(SETTLED, arg=["event", event_id, labels], timeout=TIMEOUT_MS)


async def _interact(page: Any, kind: str, base: str, rng: random.Random, labels: dict[str, str]) -> bool:
    if kind == "filter":
        await _filter(page, rng, labels)
        return True
    if kind == "click":
        return await _click(page, rng, labels)
    await _link(page, base, rng, labels)
    return True


async def session(
    browser: Any, base: str, labels: dict[str, str], seconds: float, *, seed: int, out: Results
) -> None:
    """One analyst: open the app, then filter, click and follow links for `seconds`."""
    rng = random.Random(seed)
    context = await browser.new_context(viewport={"width": 1400, "height": 2100})
    page = await context.new_page()
    page.on("pageerror", lambda exc: out.errors.append(f"session {seed}: page error: {exc}"))
    try:
        started = time.monotonic()
        await _open(page, base)
        out.add("open", time.monotonic() - started)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            kind = rng.choices([k for k, _ in MIX], weights=[w for _, w in MIX])[0]
            started = time.monotonic()
            try:
                done = await _interact(page, kind, base, rng, labels)
            except Exception as exc:  # a timeout or a vanished element: record it, reload, go on
                out.errors.append(f"session {seed}: {kind}: {type(exc).__name__}: {str(exc)[:200]}")
                await _open(page, base)
                continue
            if done:
                out.add(kind, time.monotonic() - started)
            if await _exceptions(page):
                out.errors.append(f"session {seed}: {kind}: a Streamlit exception box is shown")
                await _open(page, base)
    except Exception as exc:
        out.errors.append(f"session {seed}: {type(exc).__name__}: {str(exc)[:200]}")
    finally:
        await context.close()


async def run_async(base: str, sessions: int, seconds: float, seed: int = 0) -> Results:
    """Launch chromium, read the export once, then run `sessions` sessions at once."""
    from playwright.async_api import async_playwright

    if urlparse(base).hostname not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError(f"{base}: the load test only runs against a local server")
    out = Results()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            labels = await fetch_export(browser, base)
            if not labels:
                raise RuntimeError("the app's JSON export holds no events: nothing to select")
            tasks = [session(browser, base, labels, seconds, seed=seed + i, out=out) for i in range(sessions)]
            await asyncio.gather(*tasks)
        finally:
            await browser.close()
    return out


def run(base: str, sessions: int, seconds: float, seed: int = 0) -> Results:
    """The load test against a running server; safe to call from a thread that has no event loop."""
    return asyncio.run(run_async(base, sessions, seconds, seed))


@contextlib.contextmanager
def server() -> Iterator[str]:
    """`streamlit run app.py` on 127.0.0.1 and a free port: the browser tests' own fixture, reused."""
    with contextlib.contextmanager(app_url.__wrapped__)() as url:
        yield url


def report(out: Results, sessions: int, seconds: float) -> str:
    lines = [f"{sessions} sessions x {seconds:.0f} s"]
    interactions = [v for k, vs in out.latencies.items() if k != "open" for v in vs]
    for kind, values in [*sorted(out.latencies.items()), ("all interactions", interactions)]:
        lines.append(
            f"  {kind:17s} n={len(values):5d}  p50 {percentile(values, 50):6.2f} s  "
            f"p95 {percentile(values, 95):6.2f} s  max {max(values, default=0.0):6.2f} s"
            + (f"  mean {statistics.fmean(values):.2f} s" if values else "")
        )
    lines.append(f"  interactions done: {len(interactions)}; errors: {len(out.errors)}")
    lines.extend(f"    {e}" for e in out.errors[:20])
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--quick", action="store_true", help="3 sessions x 10 s")
    parser.add_argument("--url", help="a running local server instead of starting one")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    sessions, seconds = (
        (3, 10.0) if args.quick else (max(1, min(args.sessions, 100)), min(args.seconds, 3600))
    )
    logging.basicConfig(level=logging.INFO)
    with contextlib.ExitStack() as stack:
        base = args.url or stack.enter_context(server())
        started = time.monotonic()
        out = run(base.rstrip("/"), sessions, seconds, args.seed)
        print(report(out, sessions, seconds))
        print(f"  wall time {time.monotonic() - started:.0f} s")
    return 1 if out.errors else 0


if __name__ == "__main__":
    sys.exit(main())
