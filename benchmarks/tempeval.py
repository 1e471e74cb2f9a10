"""TempEval-3-style evaluation of tag_dates on the MEANTIME English corpus in ../shared (read in place).

Usage: .venv/bin/python benchmarks/tempeval.py [--errors N] [--json]
Prints strict/relaxed span P/R/F1, type accuracy and value F1 (DCT excluded).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timeline.dates import tag_dates  # noqa: E402
from timeline.dates.evaluation import Scores, evaluate  # noqa: E402

CORPUS = ROOT.parent / "shared" / "data" / "meantime-en" / "intra_cross-doc_annotation"
FLOORS = Path(__file__).with_name("tempeval_floors.json")


def corpus_paths(corpus: Path = CORPUS) -> list[Path]:
    """Every MEANTIME document, in a stable order."""
    return sorted(corpus.glob("corpus_*/*.xml"))


def run(corpus: Path = CORPUS) -> Scores:
    return evaluate(corpus_paths(corpus), tag_dates)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--errors", type=int, default=0, help="print this many errors of each kind")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON only")
    args = parser.parse_args()
    paths = corpus_paths()
    if not paths:
        sys.exit(f"no MEANTIME documents under {CORPUS}")
    scores = run()
    summary = scores.summary()
    if args.json:
        print(json.dumps(summary, indent=2))
        return
    print(f"documents: {len(paths)}  gold TIMEX3 (DCT excluded): {scores.gold}  system: {scores.system}")
    for key, value in summary.items():
        print(f"{key:>18}: {value:.3f}")
    floors = json.loads(FLOORS.read_text()) if FLOORS.exists() else {}
    for key, floor in floors.items():
        if isinstance(floor, float):
            mark = "ok" if summary.get(key, 0.0) >= floor else "BELOW FLOOR"
            print(f"floor {key:>16}: {floor:.3f}  {mark}")
    print("HeidelTime on TempEval-3 (for scale): strict 0.813, relaxed 0.903, value 0.776")
    if args.errors:
        print(Counter(kind for _, kind, _ in scores.errors))
        for kind in ("missed", "spurious", "value", "span"):
            for name, found_kind, detail in [e for e in scores.errors if e[1] == kind][: args.errors]:
                print(f"{found_kind:>8} {name[:40]:40} {detail}")


if __name__ == "__main__":
    main()
