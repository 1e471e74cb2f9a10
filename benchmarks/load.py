"""Load: N simultaneous browser sessions against one `streamlit run app.py` server.

One Debian chromium, one Playwright context per session (no shared state). After its page
has opened, each session repeats for --seconds: change a filter through a widget (the Lanes
selectbox or the background-events checkbox), select an event by clicking its mark on the
chart, or open a `?event=ID` link taken from the app's own JSON export; then it thinks for
a random --think time (uniform, 1-3 s by default, printed in the report; `--think 0` runs
back to back). A latency runs from the user's last action (the option or checkbox click,
the click on the mark, the navigation) until the result is on screen: the script run has
ended, the URL holds the new state, the drill-down shows the selected event, and the
browser has painted twice since. Interactions (filter, click) and page loads (open, link:
plotly.js is parsed again) are reported apart.
Recorded: each interaction's latency and every error (page errors, Streamlit exception
boxes, timeouts); when this script starts the server (benchmarks/timed_app.py), the server's
own time per script run (full or fragment-only); and the CPU seconds used by the server, by
chromium and by everything else on the machine, against the cores available.
Target (issue 8): 0 errors and p95 < 1 s with 20 sessions on 2 cores.

    python benchmarks/load.py [--sessions 20] [--seconds 60] [--think 1,3] [--ramp 0] [--events N]
                              [--quick] [--url URL]

The server (started unless --url is given) listens on 127.0.0.1 only; --url must be local.
Exits 1 when any error was recorded.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlparse

from playwright.async_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.cpu_split import cpu_sampler  # noqa: E402
from tests.browser.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    _free_port,
    _wait_healthy,
    stop_server,
)
from tests.browser.test_app_browser import POINTS_JS  # noqa: E402

log = logging.getLogger("load")
#: One interaction may take this long before it counts as a timeout error (ms).
TIMEOUT_MS = 30_000
#: Opening a page (plotly.js parse, first chart) may take longer under load (ms).
OPEN_TIMEOUT_MS = 120_000
#: The share of each action in a session's mix (a link is a full page load: rarer).
MIX = (("filter", 0.4), ("click", 0.4), ("link", 0.2))
LANES = ("type", "actor", "country", "outlet", "none")
#: Seconds a session waits between interactions, drawn uniformly (people read before they click).
THINK = (1.0, 3.0)
PAGE_LOADS = ("open", "link")
#: How long a click may take to select a mark before it counts as missed (ms).
PICK_TIMEOUT_MS = 5_000
#: Resolves after the browser has painted twice: the settled DOM is then on screen.
PAINTED = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))"

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
    #: (kind "full" or "fragment", wall ms, CPU ms) per server script run, when the server was timed.
    server_runs: list[tuple[str, float, float]] = field(default_factory=list)
    #: Clicks that picked the event already shown or nothing (overlapping marks): not latencies.
    missed: int = 0
    #: CPU seconds by owner ("server", "chromium", "other", "available") over the sessions.
    cpu: dict[str, float] = field(default_factory=dict)

    #: (kind, monotonic time the latency ended, seconds) of every latency, to tell steady state apart.
    timeline: list[tuple[str, float, float]] = field(default_factory=list)

    def add(self, kind: str, seconds: float) -> None:
        self.latencies.setdefault(kind, []).append(seconds)
        self.timeline.append((kind, time.monotonic(), seconds))

    def steady(self) -> list[float]:
        """Interaction latencies that began once every session's first page load had ended.

        Opening N pages at once parses plotly.js N times on the same cores: interactions during
        that stampede measure the page loads around them more than the app.
        """
        opened = [end for kind, end, _ in self.timeline if kind == "open"]
        if not opened:
            return []
        last_open = max(opened)
        return [s for kind, end, s in self.timeline if kind not in PAGE_LOADS and end - s >= last_open]


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by the nearest-rank method; 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(q / 100 * len(ordered))))
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


async def _filter(page: Any, rng: random.Random, labels: dict[str, str]) -> float:
    """Change one filter through its widget; seconds from the final click to the updated view."""
    if rng.random() < 0.5:
        current = await page.evaluate("() => new URLSearchParams(location.search).get('lanes') || 'type'")
        lane = rng.choice([lane for lane in LANES if lane != current])
        box = page.locator('[data-testid="stSelectbox"]').filter(has_text="Lanes").locator("input")
        await box.click(timeout=TIMEOUT_MS)
        option = page.get_by_role("option", name=lane, exact=True)
        await option.wait_for(timeout=TIMEOUT_MS)
        started = time.monotonic()
        await option.click(timeout=TIMEOUT_MS)
        return await _settled(page, started, ["lanes", None if lane == "type" else lane, labels])
    background = await page.evaluate("() => new URLSearchParams(location.search).get('background')")
    checkbox = page.get_by_text("Include background events")
    await checkbox.wait_for(timeout=TIMEOUT_MS)
    started = time.monotonic()
    await checkbox.click(timeout=TIMEOUT_MS)
    return await _settled(page, started, ["background", None if background == "0" else "0", labels])


async def _settled(page: Any, started: float, arg: list[Any]) -> float:
    """Seconds from `started` until the run has ended with the wanted URL state, and was painted."""
    await page.wait_for_function(SETTLED, arg=arg, timeout=TIMEOUT_MS)
    await page.evaluate(PAINTED)
    return time.monotonic() - started


#: The event Plotly selected on the last click (marks overlap: it may not be the one aimed at).
PICKED = """() => { const gd = document.querySelector('.js-plotly-plot');
  for (const t of (gd && gd._fullData) || []) {
    if (t.selectedpoints && t.selectedpoints.length && t.customdata && t.name !== 'published')
      return String(t.customdata[t.selectedpoints[0]][0]);
  }
  return null; }"""


async def _click(page: Any, rng: random.Random, labels: dict[str, str], out: Results) -> float | None:
    """Click a mark on the chart: seconds to its drill-down.

    Marks overlap: targets near a mark of the event already shown are skipped, and a click that
    still picks that event, or toggles its selected mark off, changes nothing. Such a click is
    counted in `Results.missed` (and reported), not waited for: it would only time out.
    None when the filters leave no other event to click, or for a missed click.
    """
    await page.evaluate("() => { window.__lastEvent = new URLSearchParams(location.search).get('event'); }")
    current = await page.evaluate("() => window.__lastEvent")
    everything = await page.evaluate(POINTS_JS)
    shown = [p for p in everything if p["id"] == current]
    points = [p for p in everything if p["id"] != current and not any(_near(p, q) for q in shown)]
    if not points:
        return None
    target = rng.choice(points)
    await page.mouse.move(target["x"], target["y"])
    started = time.monotonic()
    await page.mouse.click(target["x"], target["y"])
    try:  # Plotly selects in the click's own event handler: this resolves at once unless nothing was picked
        picked = await (await page.wait_for_function(PICKED, timeout=PICK_TIMEOUT_MS)).json_value()
    except PlaywrightTimeout:
        picked = None
    if picked is None or picked == current:
        out.missed += 1
        return None
    return await _settled(page, started, ["event", "*changed*", labels])


def _near(a: dict[str, Any], b: dict[str, Any], pixels: float = 12.0) -> bool:
    return abs(a["x"] - b["x"]) <= pixels and abs(a["y"] - b["y"]) <= pixels


async def _link(page: Any, base: str, rng: random.Random, labels: dict[str, str]) -> float:
    """Open a shared `?event=` link: seconds from navigation to its drill-down (a full page load)."""
    event_id = rng.choice(sorted(labels))
    started = time.monotonic()
    await _open(page, f"{base}?{urlencode({'event': event_id})}")
    return await _settled(page, started, ["event", event_id, labels])


async def _interact(
    page: Any, kind: str, base: str, rng: random.Random, labels: dict[str, str], *, out: Results
) -> float | None:
    """One interaction of `kind`: its latency in seconds, or None when there was nothing to do."""
    if kind == "filter":
        return await _filter(page, rng, labels)
    if kind == "click":
        return await _click(page, rng, labels, out)
    return await _link(page, base, rng, labels)


async def session(
    browser: Any,
    base: str,
    labels: dict[str, str],
    seconds: float,
    *,
    seed: int,
    out: Results,
    think: tuple[float, float] = THINK,
    delay: float = 0.0,
) -> None:
    """One analyst: after `delay` s, open the app, then filter, click and follow links for `seconds`."""
    rng = random.Random(seed)
    context = await browser.new_context(viewport={"width": 1400, "height": 2100})
    page = await context.new_page()
    page.on("pageerror", lambda exc: out.errors.append(f"session {seed}: page error: {exc}"))
    try:
        await asyncio.sleep(delay)
        started = time.monotonic()
        await _open(page, base)
        out.add("open", time.monotonic() - started)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            kind = rng.choices([k for k, _ in MIX], weights=[w for _, w in MIX])[0]
            try:
                latency = await _interact(page, kind, base, rng, labels, out=out)
            except Exception as exc:  # a timeout or a vanished element: record it, reload, go on
                out.errors.append(f"session {seed}: {kind}: {type(exc).__name__}: {str(exc)[:200]}")
                await _open(page, base)
                continue
            if latency is not None:
                out.add(kind, latency)
            if think[1] > 0:
                await asyncio.sleep(rng.uniform(*think))
            if await _exceptions(page):
                out.errors.append(f"session {seed}: {kind}: a Streamlit exception box is shown")
                await _open(page, base)
    except Exception as exc:
        out.errors.append(f"session {seed}: {type(exc).__name__}: {str(exc)[:200]}")
    finally:
        await context.close()


async def run_async(
    base: str,
    sessions: int,
    seconds: float,
    seed: int = 0,
    *,
    think: tuple[float, float] = THINK,
    server_pid: int | None = None,
    ramp: float = 0.0,
) -> Results:
    """Launch chromium, read the export once, then run `sessions` sessions at once (CPU sampled)."""
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
            stop = asyncio.Event()
            sampler = asyncio.create_task(cpu_sampler(server_pid, stop))
            tasks = [
                session(
                    browser,
                    base,
                    labels,
                    seconds,
                    seed=seed + i,
                    out=out,
                    think=think,
                    delay=ramp * i / sessions,
                )
                for i in range(sessions)
            ]
            await asyncio.gather(*tasks)
            stop.set()
            out.cpu = await sampler
        finally:
            await browser.close()
    return out


def run(base: str, sessions: int, seconds: float, seed: int = 0, **options: Any) -> Results:
    """The load test against a running server (options as `run_async`); safe from a thread with no loop."""
    return asyncio.run(run_async(base, sessions, seconds, seed, **options))


@dataclass(frozen=True)
class Server:
    """A server this script started: its URL, process id and the file its script runs are timed into."""

    url: str
    pid: int
    run_log: Path


@contextlib.contextmanager
def server(synthetic_events: int = 0) -> Iterator[Server]:
    """`streamlit run benchmarks/timed_app.py` (app.py, each script run timed) on 127.0.0.1, a free port."""
    port = _free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "benchmarks/timed_app.py"),
               "--server.headless", "true", "--server.address", "127.0.0.1", "--server.port", str(port),
               "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        run_log = Path(tmp) / "runs.tsv"
        env = {**os.environ, "BROWSER_PATH": CHROMIUM, "TIMELINE_RUN_LOG": str(run_log)}
        if synthetic_events:
            env["TIMELINE_SYNTHETIC_EVENTS"] = str(synthetic_events)
        proc = subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
        )
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_healthy(url, proc, timeout=300)
            yield Server(url, proc.pid, run_log)
        finally:
            stop_server(proc)


def server_runs(run_log: Path, skip_bytes: int = 0) -> list[tuple[str, float, float]]:
    """The (kind, wall ms, CPU ms) lines timed_app.py wrote after the first `skip_bytes`."""
    if not run_log.exists():
        return []
    with run_log.open(encoding="utf-8") as lines:
        lines.seek(skip_bytes)
        rows = [line.split("\t") for line in lines if line.count("\t") == 2]
    return [(kind, float(wall), float(cpu)) for kind, wall, cpu in rows]


def _line(name: str, values: list[float], unit: str = "s") -> str:
    return (
        f"  {name:24s} n={len(values):5d}  p50 {percentile(values, 50):7.2f} {unit}  "
        f"p95 {percentile(values, 95):7.2f} {unit}  max {max(values, default=0.0):7.2f} {unit}"
        + (f"  mean {statistics.fmean(values):.2f} {unit}" if values else "")
    )


def report(out: Results, sessions: int, seconds: float, think: tuple[float, float] = THINK) -> str:
    """Latencies by kind, interactions and page loads apart, server run times and the CPU split."""
    pacing = f"think time {think[0]:g}-{think[1]:g} s uniform" if think[1] > 0 else "no think time"
    lines = [f"{sessions} sessions x {seconds:.0f} s, {pacing} between interactions (not counted)"]
    interactions = [v for k, vs in out.latencies.items() if k not in PAGE_LOADS for v in vs]
    loads = [v for k, vs in out.latencies.items() if k in PAGE_LOADS for v in vs]
    for kind, values in sorted(out.latencies.items()):
        lines.append(_line(kind, values))
    lines.append(_line("interactions (filter+click)", interactions))
    lines.append(_line("  after all pages opened", out.steady()))
    lines.append(_line("page loads (open+link)", loads))
    for kind in ("full", "fragment"):
        runs = [run for run in out.server_runs if run[0] == kind]
        lines.append(_line(f"server {kind} run wall", [r[1] for r in runs], "ms"))
        lines.append(_line(f"server {kind} run CPU", [r[2] for r in runs], "ms"))
    if out.cpu:
        split = ", ".join(f"{k} {out.cpu[k]:.0f}" for k in ("server", "chromium", "driver", "other"))
        lines.append(
            f"  CPU seconds: {split} of {out.cpu['available']:.0f} available ({os.cpu_count()} cores)"
        )
    lines.append(
        f"  interactions done: {len(interactions)}; page loads: {len(loads)}; clicks that picked the shown"
        f" event or nothing (overlapping marks, not timed): {out.missed}; errors: {len(out.errors)}"
    )
    lines.extend(f"    {e}" for e in out.errors[:20])
    return "\n".join(lines)


def _think(text: str) -> tuple[float, float]:
    """'1,3' -> (1.0, 3.0); '0' -> (0.0, 0.0)."""
    parts = [float(v) for v in text.split(",")]
    low, high = (parts[0], parts[-1]) if parts else (0.0, 0.0)
    if not 0 <= low <= high:
        raise argparse.ArgumentTypeError("--think takes MIN,MAX seconds with 0 <= MIN <= MAX")
    return low, high


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--think", type=_think, default=THINK, help="MIN,MAX seconds between interactions")
    parser.add_argument(
        "--ramp",
        type=float,
        default=0.0,
        help="start the sessions evenly over this many seconds (0: all at once)",
    )
    parser.add_argument("--events", type=int, default=0, help="synthetic events instead of the sample")
    parser.add_argument("--quick", action="store_true", help="3 sessions x 10 s")
    parser.add_argument("--url", help="a running local server instead of starting one")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    sessions, seconds = (
        (3, 10.0) if args.quick else (max(1, min(args.sessions, 100)), min(args.seconds, 3600))
    )
    logging.basicConfig(level=logging.INFO)
    with contextlib.ExitStack() as stack:
        started_server = None if args.url else stack.enter_context(server(args.events))
        base = args.url or started_server.url  # type: ignore[union-attr]
        skip = (
            started_server.run_log.stat().st_size if started_server and started_server.run_log.exists() else 0
        )
        started = time.monotonic()
        pid = started_server.pid if started_server else None
        out = run(
            base.rstrip("/"), sessions, seconds, args.seed, think=args.think, server_pid=pid, ramp=args.ramp
        )
        if started_server:
            out.server_runs = server_runs(started_server.run_log, skip)
        print(report(out, sessions, seconds, args.think))
        print(f"  sessions started {'all at once' if not args.ramp else f'evenly over {args.ramp:g} s'}")
        print(f"  wall time {time.monotonic() - started:.0f} s")
    return 1 if out.errors else 0


if __name__ == "__main__":
    sys.exit(main())
