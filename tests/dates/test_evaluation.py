"""The TempEval-3-style scorer on a document built in code (no corpus needed)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from timeline.dates import tag_dates
from timeline.dates.evaluation import Scores, evaluate, read_meantime, score_document, system_timexes


def _write_document(folder: Path) -> Path:
    words = [
        ("Boeing", 0),
        ("wins", 0),
        ("April", 1),
        ("14", 1),
        (",", 1),
        ("2023", 1),
        ("It", 2),
        ("said", 2),
        ("on", 2),
        ("Friday", 2),
        ("that", 2),
        ("three", 2),
        ("years", 2),
        ("of", 2),
        ("work", 2),
        ("ended", 2),
        ("last", 2),
        ("month", 2),
        (".", 2),
    ]
    tokens = "\n".join(
        f'<token number="{i}" sentence="{s}" t_id="{i + 1}">{w}</token>' for i, (w, s) in enumerate(words)
    )

    def timex(m_id: int, kind: str, value: str, ids: list[int], function: str = "NONE") -> str:
        anchors = "".join(f'<token_anchor t_id="{i}"/>' for i in ids)
        return (
            f'<TIMEX3 functionInDocument="{function}" m_id="{m_id}" type="{kind}" value="{value}">'
            f"{anchors}</TIMEX3>"
        )

    markables = "".join(
        [
            timex(1, "DATE", "2023-04-14", [3, 4, 5, 6], "CREATION_TIME"),
            timex(2, "DATE", "2023-04-14", [10]),
            timex(3, "DURATION", "P3Y", [12, 13]),
            timex(4, "DATE", "2023-03", [17, 18]),
        ]
    )
    path = folder / "1_doc.xml"
    path.write_text(
        f'<?xml version="1.0" ?><Document doc_id="1">{tokens}<Markables>{markables}</Markables></Document>'
    )
    return path


def test_reader_rebuilds_text_offsets_and_dct(tmp_path: Path) -> None:
    document = read_meantime(_write_document(tmp_path))
    assert document.text.splitlines() == [
        "Boeing wins",
        "April 14, 2023",
        "It said on Friday that three years of work ended last month.",
    ]
    assert document.dct == date(2023, 4, 14)
    assert [g.text for g in document.gold] == ["Friday", "three years", "last month"]
    start, end = document.token_spans[9]
    assert document.text[start:end] == "Friday"


def test_perfect_tagger_scores_one(tmp_path: Path) -> None:
    scores = evaluate([_write_document(tmp_path)], tag_dates)
    summary = scores.summary()
    assert summary["strict_f1"] == summary["relaxed_f1"] == summary["value_f1"] == 1.0
    assert summary["type_accuracy"] == 1.0


def test_the_dct_is_not_scored_and_misses_count(tmp_path: Path) -> None:
    document = read_meantime(_write_document(tmp_path))
    found = system_timexes(document, tag_dates(document.text, document.dct))
    assert all(not (s.tokens & document.dct_tokens) for s in found)
    scores = Scores()
    score_document(document, found[:1], scores)
    assert scores.gold == 3 and scores.system == 1
    assert scores.strict_f1 == pytest.approx(2 * 1.0 * (1 / 3) / (1.0 + 1 / 3))
