"""The app on $TIMELINE_SYNTHETIC_EVENTS synthetic events, for the browser timings of benchmarks/ui.py.

It swaps `timeline.build_timeline` for a generator and runs app.py unchanged, so the
app carries no benchmark hook.
"""

from __future__ import annotations

import os
import runpy
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import timeline  # noqa: E402
from tests.ui.synthetic import many_timeline  # noqa: E402

N_EVENTS = int(os.environ.get("TIMELINE_SYNTHETIC_EVENTS", "10000"))
timeline.build_timeline = lambda sources, settings=None: many_timeline(N_EVENTS)  # type: ignore[attr-defined]
runpy.run_path(str(ROOT / "app.py"), run_name="__main__")
