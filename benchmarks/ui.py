"""UI benchmark: figure build + JSON for 1k/10k/100k events, filter change -> figure, browser timings.

Peer: `plotly.express.timeline` on the same frame (datetime and string columns), the
usual way to draw such a chart. Targets (issue 6): 100k events build + JSON < 150 ms;
filter change -> new figure < 300 ms; in the browser the 100k first chart within 1.5x
the sample's, click -> drill-down < 1 s at 10k events.

Usage: python benchmarks/ui.py [--no-browser] [--sizes 1000,10000,100000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.express as px

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from timeline.frames import ARTICLE_COLUMNS, EVENT_COLUMNS, MENTION_COLUMNS  # noqa: E402
from timeline.plot import PlotOptions, timeline_figure  # noqa: E402
from timeline.view import ViewState, filter_events  # noqa: E402

TYPES = np.array(["visit", "meeting", "attack", "statement", "election", "arrival", "call", "deployment"])
GRANULARITIES = np.array(["day", "day", "day", "week", "month", "year"])


def _actor(codes: np.ndarray) -> pd.Series:
    return pd.Series(codes).map("Actor {:d}".format)


def synthetic_frames(n: int, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Events, mentions and articles frames shaped like timeline.frames' output, built vectorised."""
    rng = np.random.default_rng(seed)
    start = np.datetime64("2015-01-01", "ms") + rng.integers(0, 3650, n).astype("timedelta64[D]")
    span = rng.choice(np.array([0, 0, 0, 3, 30]), n).astype("timedelta64[D]")
    ids = pd.Series(np.arange(n)).map("e{:d}".format)
    actors = rng.integers(0, 40, n)
    events = pd.DataFrame(dict.fromkeys(EVENT_COLUMNS), index=range(n))
    events = events.assign(
        id=ids, label="Event " + ids, type=TYPES[rng.integers(0, len(TYPES), n)],
        status=np.where(rng.random(n) < 0.1, "announced", "occurred"),
        start=pd.to_datetime(start), end=pd.to_datetime(start + span),
        granularity=GRANULARITIES[rng.integers(0, len(GRANULARITIES), n)],
        participants=_actor(actors) + "; " + _actor((actors + 7) % 40),
        country=np.where(actors % 2, "China", "Russia"), confidence=0.5,
        n_sources=rng.integers(1, 6, n), outlets="Outlet " + pd.Series(actors % 9).astype(str),
        n_mentions=1, date_text="on Friday",
    )  # fmt: skip
    mentions = pd.DataFrame(dict.fromkeys(MENTION_COLUMNS), index=range(n)).assign(
        event_id=ids, article_id=ids, sentence="Actor met someone on Friday in event " + ids
    )
    articles = pd.DataFrame(dict.fromkeys(ARTICLE_COLUMNS), index=range(min(n, 5000))).assign(
        id=ids[: min(n, 5000)], outlet="Outlet", title="Story", published=events["start"][: min(n, 5000)],
        published_how="header", published_inferred=False,
    )  # fmt: skip
    return events, mentions, articles


def timed(fn: Callable[[], object], repeat: int = 3) -> tuple[float, object]:
    """Median wall time in ms over `repeat` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), result


def ours(events: pd.DataFrame, articles: pd.DataFrame, lanes: str = "type") -> str:
    return timeline_figure(events, articles, PlotOptions(lanes=lanes)).to_json()


def peer(events: pd.DataFrame) -> str:
    """plotly.express.timeline: the straightforward way (datetimes and strings, SVG bars)."""
    fig = px.timeline(events, x_start="start", x_end="end", y="type", color="type", hover_name="label",
                      custom_data=["id"])  # fmt: skip
    return str(fig.to_json())


def server_side(sizes: list[int]) -> None:
    head = ("events", "ours ms", "JSON MB", "peer ms", "peer MB", "ratio", "actor lanes ms")
    print(" ".join(f"{h:>{w}}" for h, w in zip(head, (8, 9, 8, 9, 8, 6, 15), strict=True)))
    for n in sizes:
        events, _, articles = synthetic_frames(n)
        ms, spec = timed(lambda e=events, a=articles: ours(e, a))
        lane_ms, _ = timed(lambda e=events, a=articles: ours(e, a, "actor"))
        peer_ms, peer_spec = timed(lambda e=events: peer(e), repeat=1 if n > 10_000 else 3)
        print(f"{n:>8,} {ms:>9.1f} {len(str(spec)) / 1e6:>8.2f} {peer_ms:>9.1f} "
              f"{len(str(peer_spec)) / 1e6:>8.2f} {peer_ms / ms:>5.1f}x {lane_ms:>15.1f}")  # fmt: skip


def filter_change(n: int = 100_000) -> None:
    events, mentions, articles = synthetic_frames(n)
    views = {
        "types=visit": ViewState(types=("visit",)),
        "actor + dates": ViewState(actors=("Actor 3",), date_from=pd.Timestamp("2018-01-01").date()),
        "search sentences": ViewState(search="event e123"),
        "min_sources=3": ViewState(min_sources=3),
    }
    print(f"\nfilter change -> new figure + JSON, {n:,} events (target < 300 ms)")
    for name, view in views.items():

        def run(v: ViewState = view) -> tuple[int, str]:
            shown = filter_events(events, mentions, v)
            return len(shown), ours(shown, articles)

        ms, (kept, _) = timed(run)
        print(f"  {name:<18} {ms:8.1f} ms   ({kept:,} events kept)")
    tracemalloc.start()
    ours(events, articles)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"  peak Python memory of one 100k figure build: {peak / 1e6:.1f} MB")


def _serve(script: Path, env: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    from tests.browser.conftest import _free_port, _wait_healthy

    port = _free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
               "--server.address", "127.0.0.1", "--server.port", str(port),
               "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]  # fmt: skip
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, **env})  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    _wait_healthy(url, proc, timeout=300)
    return proc, url


READY_JS = (
    "() => { const gd = document.querySelector('.js-plotly-plot'); return !!(gd && gd._fullLayout"
    " && gd._fullLayout._size && gd._fullData && gd._fullData.length); }"
)


def _first_chart(browser: object, url: str, warm: bool) -> float:
    """Seconds from navigation to a drawn chart in a fresh context (after one warm-up load if asked)."""
    for attempt in range(2 if warm else 1):
        context = browser.new_context(viewport={"width": 1400, "height": 2100})  # type: ignore[attr-defined]
        page = context.new_page()
        t0 = time.perf_counter()
        page.goto(url, timeout=600_000)
        page.wait_for_function(READY_JS, timeout=600_000)
        elapsed = time.perf_counter() - t0
        context.close()
        if attempt == (1 if warm else 0):
            return elapsed
    return float("nan")


CHANGED_AND_SHOWN = """(before) => {
  const app = document.querySelector('[data-testid=stApp]');
  const got = new URLSearchParams(location.search).get('event');
  return got !== null && got !== before && app && app.dataset.testScriptState === 'notRunning'
    && !!document.querySelector('blockquote') && !!document.querySelector('h3');
}"""
#: Resolves after the browser has painted twice: the drill-down is then on screen.
PAINTED = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))"


def _click_latency(browser: object, url: str, clicks: int = 5) -> list[float]:
    """Seconds from a click on an event marker to its drill-down on screen, for `clicks` different marks.

    Like a person, the pointer rests on the mark (its hover label drawn) before the click.
    """
    from tests.browser.test_app_browser import POINTS_JS

    context = browser.new_context(viewport={"width": 1400, "height": 2100})  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(url, timeout=600_000)
    page.wait_for_function(READY_JS, timeout=600_000)
    times = []
    for i in range(clicks):
        before = page.evaluate("() => new URLSearchParams(location.search).get('event')")
        points = [p for p in page.evaluate(POINTS_JS) if p["type"] in ("scatter", "scattergl")]
        points = [p for p in points if p["id"] != before] or points
        target = points[(i * 7919 + len(points) // 2) % len(points)]
        page.mouse.move(target["x"], target["y"])
        time.sleep(0.3)
        t0 = time.perf_counter()
        page.mouse.click(target["x"], target["y"])
        # Marks overlap at 10k: the click may select a neighbour of the target; any other event will do.
        page.wait_for_function(CHANGED_AND_SHOWN, arg=before, timeout=120_000)
        page.evaluate(PAINTED)
        times.append(time.perf_counter() - t0)
    context.close()
    return times


def browser_timings() -> None:
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    synthetic = ROOT / "benchmarks/ui_synthetic_app.py"
    runs = [
        ("sample (5 articles)", ROOT / "app.py", {}, ""),
        ("10k events", synthetic, {"TIMELINE_SYNTHETIC_EVENTS": "10000"}, "?type=visit"),
        ("100k events", synthetic, {"TIMELINE_SYNTHETIC_EVENTS": "100000"}, ""),
    ]
    print("\nbrowser (Debian chromium, headless, software WebGL), warm server cache")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        first: dict[str, float] = {}
        for name, script, env, click_query in runs:
            proc, url = _serve(script, env)
            try:
                first[name] = _first_chart(browser, url, warm=True)
                line = f"  {name:<20} first chart {first[name]:6.2f} s"
                if name != "100k events":
                    clicks = _click_latency(browser, url + click_query)
                    line += f"   click -> drill-down median {statistics.median(clicks):5.2f} s"
                    line += f" max {max(clicks):5.2f} s of {len(clicks)} ({click_query or 'all events'})"
                print(line)
            finally:
                proc.terminate()
                proc.wait(timeout=30)
        browser.close()
    ratio = first["100k events"] / first["sample (5 articles)"]
    print(f"  100k first chart / sample first chart: {ratio:.2f}x (target <= 1.5x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--browser-only", action="store_true")
    args = parser.parse_args()
    if args.browser_only:
        browser_timings()
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    print("figure build + to_json, lanes=type (target at 100k: < 150 ms); peer = plotly.express.timeline")
    server_side(sizes)
    filter_change(max(sizes))
    if not args.no_browser:
        browser_timings()


if __name__ == "__main__":
    main()
