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
    export.add_argument("paths", nargs="*", help="article files, folders or zip archives")
    export.add_argument("--db", help="export a data set of this store instead of reading files")
    export.add_argument("--dataset", default="default", help="the data set to export with --db")
    export.add_argument("-o", "--output", required=True, help="file to write ('-' for standard output)")
    export.add_argument("--format", choices=("json", "csv"), default=None, help="default: from -o's suffix")
    export.add_argument("--day-first", action="store_true", help="read 04/05/2023 as 4 May")

    ingest = commands.add_parser("ingest", help="add articles to a data set of a store (one transaction)")
    ingest.add_argument("paths", nargs="+", help="article files, folders or zip archives")
    ingest.add_argument("--db", required=True, help="the DuckDB store file (created when missing)")
    ingest.add_argument("--dataset", default="default", help="the data set to add to (default: default)")
    ingest.add_argument(
        "--dask",
        metavar="SCHEDULER",
        help="run reading and extraction on Dask: local:N (N worker processes) or a scheduler address",
    )
    ingest.add_argument(
        "--replace", action="store_true", help="rebuild a data set made by older extraction code"
    )
    ingest.add_argument(
        "--batch-size",
        type=int,
        default=2000,
        help=(
            "source files read and extracted per step; several steps may be stored together in one "
            "transaction (bounds memory; default 2000)"
        ),
    )
    ingest.add_argument("--day-first", action="store_true")

    datasets = commands.add_parser("datasets", help="list the data sets of a store")
    datasets.add_argument("--db", required=True, help="the DuckDB store file")

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
    if bool(args.paths) == bool(args.db):
        print("error: give either article paths or --db FILE --dataset NAME", file=sys.stderr)
        return 2
    missing = [p for p in args.paths if not Path(p).exists()]
    for path in missing:
        print(f"error: {path}: no such file or folder", file=sys.stderr)
    if args.db:
        from timeline.store import Store, StoreError

        try:
            with Store.open(args.db, read_only=True) as store:
                timeline = store.load(args.dataset)
        except StoreError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    else:
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


def _ingest(args: argparse.Namespace) -> int:
    from timeline.distributed import ingest_in_batches
    from timeline.model import SourceError
    from timeline.pipeline import extraction_version
    from timeline.store import IngestReport, Store, StoreError

    missing = [p for p in args.paths if not Path(p).exists()]
    for path in missing:
        print(f"error: {path}: no such file or folder", file=sys.stderr)
    if len(missing) == len(args.paths):
        return 2
    if args.batch_size < 1:
        print("error: --batch-size must be at least 1", file=sys.stderr)
        return 2

    def progress(report: IngestReport, errors: Sequence[SourceError]) -> None:
        for error in errors:
            print(f"warning: {error.source}: {error.reason}", file=sys.stderr)
        print(f"batch: +{report.articles_added} articles, {report.events_after} events", file=sys.stderr)

    settings = Settings(day_first=args.day_first)
    try:
        with Store.open(args.db) as store:
            reports = ingest_in_batches(
                args.paths, store, args.dataset, extraction_version(), settings,
                batch_size=args.batch_size, scheduler=args.dask, replace_all=args.replace, progress=progress,
            )  # fmt: skip
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    first, last = reports[0], reports[-1]
    added = sum(r.articles_added for r in reports)
    skipped = sum(r.articles_skipped for r in reports)
    print(
        f"{last.dataset}: {added} articles added, {skipped} already there; "
        f"events {first.events_before} -> {last.events_after} (extraction {last.extraction_version}, "
        f"{len(reports)} batches)"
    )
    return 0


def _datasets(args: argparse.Namespace) -> int:
    from timeline.store import Store, StoreError

    if not Path(args.db).exists():
        print(f"error: {args.db}: no such store", file=sys.stderr)
        return 2
    try:
        with Store.open(args.db, read_only=True) as store:
            table = store.datasets()
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(table.to_string(index=False) if len(table) else "no data sets")
    return 0


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
    handlers = {"export": _export, "ingest": _ingest, "datasets": _datasets, "tag": _tag}
    return handlers[args.command](args)
