"""app.py with every script run timed on the server, for benchmarks/load.py's server-side figures.

Each run (a full rerun, or a fragment-only rerun after a chart click) appends one line
`<kind>\t<wall ms>\t<thread CPU ms>` to $TIMELINE_RUN_LOG. The timing wraps Streamlit's
ScriptRunner._run_script in this server process, so app.py carries no benchmark hook; the
first run is not timed (the wrapper installs itself while it runs).
Set $TIMELINE_SYNTHETIC_EVENTS to run it on synthetic events (as benchmarks/ui_synthetic_app.py).
"""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

from streamlit.runtime.scriptrunner.script_runner import ScriptRunner
from streamlit.runtime.scriptrunner_utils.script_run_context import ScriptRunContext

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks.ui_synthetic_app import run_app  # noqa: E402

LOG = os.environ.get("TIMELINE_RUN_LOG", "")
_LOCK = threading.Lock()
#: What the last pass of the current run executed: a callback's keyed rerun turns a full run into a
#: fragment-only one inside the same _run_script call (Streamlit loops there), so the pass decides.
_PASS = threading.local()


def _install() -> None:
    """Wrap ScriptRunner._run_script once per process (the script itself runs again on every rerun)."""
    original = ScriptRunner._run_script
    if getattr(original, "_timed", False) or not LOG:
        return
    reset = ScriptRunContext.reset

    def noting_reset(self: ScriptRunContext, *args: Any, **kwargs: Any) -> None:
        _PASS.kind = "fragment" if kwargs.get("fragment_ids_this_run") else "full"
        reset(self, *args, **kwargs)

    def timed(self: ScriptRunner, rerun_data: Any) -> None:
        _PASS.kind = "full"
        wall, cpu = time.perf_counter(), time.thread_time()
        try:
            original(self, rerun_data)
        finally:
            kind = _PASS.kind
            wall_ms, cpu_ms = (time.perf_counter() - wall) * 1000, (time.thread_time() - cpu) * 1000
            with _LOCK, Path(LOG).open("a", encoding="utf-8") as out:
                out.write(f"{kind}\t{wall_ms:.1f}\t{cpu_ms:.1f}\n")

    timed._timed = True  # type: ignore[attr-defined]
    ScriptRunner._run_script = timed  # type: ignore[method-assign]
    ScriptRunContext.reset = noting_reset  # type: ignore[method-assign]


_install()
if os.environ.get("TIMELINE_SYNTHETIC_EVENTS"):
    import timeline
    from benchmarks.ui_synthetic_app import N_EVENTS
    from tests.ui.synthetic import many_timeline

    timeline.build_timeline = lambda sources, settings=None: many_timeline(N_EVENTS)  # type: ignore[attr-defined]
run_app()
