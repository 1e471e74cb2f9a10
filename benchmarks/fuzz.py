"""Fuzzing with the large profile: every target of tests/hardening/targets.py, crashes counted per target.

Usage: python benchmarks/fuzz.py [--examples N] [--target NAME ...] [--show K]

The CI property tests run the same targets with ~150 examples each; this runs >= 10,000
(the default) and keeps going after a failure, so one run counts every distinct crash
(exception type and the innermost line of library code it came from). 0 crashes expected.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
import traceback
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402

from tests.hardening.targets import TARGETS, Target  # noqa: E402

DEFAULT_EXAMPLES = 10_000


def _where(exc: BaseException) -> str:
    """The innermost frame of project code (timeline/ or tests/) that the exception passed through."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/timeline/" in f.filename or "/tests/" in f.filename]
    frame = (ours or frames)[-1]
    return f"{Path(frame.filename).name}:{frame.lineno} {frame.name}"


def run_target(target: Target, examples: int) -> tuple[int, Counter[str], dict[str, str]]:
    """Run one target for `examples` generated inputs; return examples run, crash counts, one input each."""
    crashes: Counter[str] = Counter()
    first_input: dict[str, str] = {}
    ran = 0

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=(Phase.generate,),  # no shrinking: a crash is recorded, not minimised
        suppress_health_check=list(HealthCheck),
    )
    @given(target.strategy)
    def run(value: Any) -> None:
        nonlocal ran
        ran += 1
        try:
            target.check(value)
        except Exception as exc:  # every crash is counted, none stops the run
            key = f"{type(exc).__name__} at {_where(exc)}: {str(exc)[:120]}"
            crashes[key] += 1
            first_input.setdefault(key, repr(value)[:400])

    run()
    return ran, crashes, first_input


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=DEFAULT_EXAMPLES, help="examples per target")
    parser.add_argument("--target", action="append", help="run only these targets (repeatable)")
    parser.add_argument("--show", type=int, default=3, help="crash kinds shown per target")
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)  # trafilatura logs every page it discards
    chosen = [t for t in TARGETS if not args.target or t.name in args.target]
    print(f"{'target':<16} {'examples':>9} {'crashes':>8} {'kinds':>6} {'seconds':>8} {'ms/example':>10}")
    total = 0
    for target in chosen:
        began = time.perf_counter()
        ran, crashes, inputs = run_target(target, args.examples)
        took = time.perf_counter() - began
        count = sum(crashes.values())
        total += count
        print(
            f"{target.name:<16} {ran:>9,} {count:>8,} {len(crashes):>6} {took:>8.1f} "
            f"{1000 * took / max(ran, 1):>10.2f}",
            flush=True,
        )
        for key, n in crashes.most_common(args.show):
            print(f"    {n:>6} x {key}\n           input: {inputs[key]}")
    print(f"total crashes: {total}")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
