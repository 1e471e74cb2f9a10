"""The app on $TIMELINE_SYNTHETIC_EVENTS synthetic events, for the browser timings of benchmarks/ui.py.

It swaps `timeline.build_timeline` for a generator and runs app.py unchanged, so the
app carries no benchmark hook. app.py is compiled once per server process, as Streamlit
does for a main script (runpy would compile it again on every rerun: ~10 ms).
"""

from __future__ import annotations

import os
import sys
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import timeline  # noqa: E402
from tests.ui.synthetic import many_timeline  # noqa: E402

N_EVENTS = int(os.environ.get("TIMELINE_SYNTHETIC_EVENTS", "10000"))


def run_app(path: Path = ROOT / "app.py") -> None:
    """Execute app.py as __main__, compiled once per process."""
    cache = sys.modules.setdefault("_app_code_cache", types.ModuleType("_app_code_cache")).__dict__
    code = cache.get(str(path))
    if code is None:
        code = cache[str(path)] = compile(path.read_text(encoding="utf-8"), str(path), "exec")
    exec(code, {"__name__": "__main__", "__file__": str(path)})  # noqa: S102 - our own script


if __name__ == "__main__":
    timeline.build_timeline = lambda sources, settings=None: many_timeline(N_EVENTS)  # type: ignore[attr-defined]
    run_app()
