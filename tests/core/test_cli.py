"""The command line: export formats, tag, and clear errors."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from timeline.cli import main


def test_export_csv_writes_the_events_table(tmp_path: Path, sample_dir: Path) -> None:
    out = tmp_path / "events.csv"
    assert main(["export", str(sample_dir), "-o", str(out)]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows
    assert {"id", "label", "start", "end"} <= set(rows[0])


def test_export_reports_unreadable_sources_and_keeps_the_rest(
    tmp_path: Path, sample_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "ok.txt").write_text((sample_dir / "000_1a835f9a2327f7d7.txt").read_text("utf-8"), "utf-8")
    out = tmp_path / "t.json"
    assert main(["export", str(tmp_path / "empty.txt"), str(tmp_path / "ok.txt"), "-o", str(out)]) == 0
    data = json.loads(out.read_text("utf-8"))
    assert len(data["articles"]) == 1
    assert [e["source"].endswith("empty.txt") for e in data["errors"]] == [True]
    assert "empty.txt" in capsys.readouterr().err


def test_export_of_a_missing_path_fails_clearly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(tmp_path / "nope"), "-o", str(tmp_path / "t.json")]) == 1
    assert "no such file or folder" in capsys.readouterr().err


def test_tag_prints_one_json_object_per_expression(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Shoigu will visit China on Nov. 11-14 and return next week.", "utf-8")
    assert main(["tag", "--anchor", "2024-11-10", str(article)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["text"] for r in rows] == ["Nov. 11-14", "next week"]
    assert rows[0]["start_date"] == "2024-11-11"
    assert rows[0]["end_date"] == "2024-11-14"
    assert rows[1]["value"] == "2024-W46"


def test_ingest_twice_is_a_no_op_and_the_store_exports_the_same_timeline(
    tmp_path: Path, sample_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "t.duckdb")
    first = sorted(sample_dir.glob("00[01]_*.txt"))
    assert main(["ingest", *map(str, first), "--db", db, "--dataset", "news"]) == 0
    assert "2 articles added" in capsys.readouterr().out
    assert main(["ingest", str(sample_dir), "--db", db, "--dataset", "news"]) == 0
    assert "3 articles added, 2 already there" in capsys.readouterr().out
    assert main(["ingest", str(sample_dir), "--db", db, "--dataset", "news"]) == 0
    assert "0 articles added, 5 already there" in capsys.readouterr().out
    assert main(["datasets", "--db", db]) == 0
    assert "news" in capsys.readouterr().out
    from_store, from_files = tmp_path / "store.json", tmp_path / "files.json"
    assert main(["export", "--db", db, "--dataset", "news", "-o", str(from_store)]) == 0
    assert main(["export", str(sample_dir), "-o", str(from_files)]) == 0
    stored, built = (json.loads(p.read_text("utf-8")) for p in (from_store, from_files))
    assert sorted(a["id"] for a in stored["articles"]) == sorted(a["id"] for a in built["articles"])
    assert sorted((e["label"], e["start"], e["end"]) for e in stored["events"]) == sorted(
        (e["label"], e["start"], e["end"]) for e in built["events"]
    )


def test_store_commands_report_a_missing_store_or_data_set(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["datasets", "--db", str(tmp_path / "none.duckdb")]) == 2
    assert "no such store" in capsys.readouterr().err
    db = str(tmp_path / "t.duckdb")
    (tmp_path / "a.txt").write_text("Officials met in Paris on May 3, 2024.", "utf-8")
    assert main(["ingest", str(tmp_path / "a.txt"), "--db", db]) == 0
    assert main(["export", "--db", db, "--dataset", "nope", "-o", str(tmp_path / "x.json")]) == 2
    assert "nope" in capsys.readouterr().err
    assert main(["export", "-o", str(tmp_path / "x.json")]) == 2
