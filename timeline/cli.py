"""The command line: `python -m timeline export|tag ...`; the only module that prints."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from timeline.dates import tag_dates
from timeline.pipeline import build_timeline
from timeline.serialize import expression_to_dict, timeline_to_dict
from timeline.settings import Settings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="timeline", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    export = commands.add_parser("export", help="build the timeline of articles and write it as JSON or CSV")
    export.add_argument("paths", nargs="+", help="article files, folders or zip archives")
    export.add_argument("-o", "--output", required=True, help="file to write ('-' for standard output)")
    export.add_argument("--format", choices=("json", "csv"), default=None, help="default: from -o's suffix")
    export.add_argument("--day-first", action="store_true", help="read 04/05/2023 as 4 May")

    tag = commands.add_parser("tag", help="print every time expression of a text file, one JSON per line")
    tag.add_argument("file", help="a UTF-8 text file ('-' for standard input)")
    tag.add_argument("--anchor", type=date.fromisoformat, default=None, help="publication date, YYYY-MM-DD")
    tag.add_argument("--language", default="en")
    tag.add_argument("--day-first", action="store_true")
    return parser


def _write_atomically(path: str, text: str) -> None:
    """Write to a temporary file beside the target, then rename: never a half-written file."""
    if path == "-":
        sys.stdout.write(text)
        return
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        Path(tmp).replace(target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _export(args: argparse.Namespace) -> int:
    missing = [p for p in args.paths if not Path(p).exists()]
    for path in missing:
        print(f"error: {path}: no such file or folder", file=sys.stderr)
    timeline = build_timeline(args.paths, Settings(day_first=args.day_first))
    for error in timeline.errors:
        print(f"warning: {error.source}: {error.reason}", file=sys.stderr)
    fmt = args.format or ("csv" if args.output.endswith(".csv") else "json")
    if fmt == "csv":
        from timeline.frames import events_frame

        text = events_frame(timeline).to_csv(index=False)
    else:
        text = json.dumps(timeline_to_dict(timeline), ensure_ascii=False, indent=2) + "\n"
    _write_atomically(args.output, text)
    print(
        f"{len(timeline.articles)} articles, {len(timeline.events)} events, "
        f"{len(timeline.errors)} unreadable sources -> {args.output}",
        file=sys.stderr,
    )
    return 1 if missing and not timeline.articles else 0


def _tag(args: argparse.Namespace) -> int:
    try:
        text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"error: {args.file}: {exc}", file=sys.stderr)
        return 2
    settings = Settings(language=args.language, day_first=args.day_first)
    for expr in tag_dates(text, args.anchor, settings=settings):
        print(json.dumps(expression_to_dict(expr), ensure_ascii=False))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handlers = {"export": _export, "tag": _tag}
    return handlers[args.command](args)
