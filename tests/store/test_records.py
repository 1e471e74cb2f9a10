"""The JSON codec and column builders behind the store and the Dask partitions."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.store.builders import make_article, make_expression, make_mention, make_timeline
from timeline import records
from timeline.model import Article, Event, EventMention, PublishedHow, TextSpan, TimeExpression, TimexType

ARTICLE = make_article(3)
MENTION = make_mention(ARTICLE, 3)
EVENT = make_timeline(4).events[0]


@pytest.mark.parametrize(
    ("cls", "value"),
    [
        (Article, ARTICLE),
        (Article, make_article(7)),  # no publication date, no span
        (TimeExpression, make_expression(ARTICLE)),  # nested parts, dates, enums
        (EventMention, MENTION),  # nested time expression and entities
        (EventMention, make_mention(make_article(7), 7)),
        (Event, EVENT),
        (TextSpan, TextSpan(0, 5, "footer")),
    ],
)
def test_json_round_trip(cls: type, value: object) -> None:
    text = records.dumps(value)
    assert records.loads(cls, text) == value
    assert json.loads(text)  # plain JSON, readable by DuckDB's JSON functions


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"id": "a", "text": "t"}, Article("a", "t")),  # missing fields take their defaults
        ({"id": "a", "text": "t", "field_from_the_future": 1}, Article("a", "t")),  # unknown ones are ignored
        (
            {"id": "a", "text": "t", "published": "2024-02-29", "published_how": "dateline"},
            Article("a", "t", published=date(2024, 2, 29), published_how=PublishedHow.DATELINE),
        ),
        ({"id": "a", "text": "t", "published_span": [1, 9]}, Article("a", "t", published_span=(1, 9))),
    ],
)
def test_decode_tolerates_a_changing_model(data: dict, expected: Article) -> None:
    assert records.decode(Article, data) == expected


def test_decode_builds_enums_and_nested_tuples() -> None:
    expr = records.decode(
        TimeExpression,
        {"text": "May 1", "char_start": 0, "char_end": 5, "type": "DATE", "value": "2024-05-01",
         "rule": "r", "parts": [{"text": "May", "char_start": 0, "char_end": 3, "type": "DATE",
                                 "value": "2024-05", "rule": "m"}]},
    )  # fmt: skip
    assert expr.type is TimexType.DATE
    assert isinstance(expr.parts, tuple) and expr.parts[0].value == "2024-05"


def _keys(mention: EventMention) -> list[str]:
    return [f"meeting|p:{p}" for p in mention.participants]


@pytest.mark.parametrize(
    ("build", "rows"),
    [
        (lambda t: records.article_columns("d", t.articles, t.expressions, 0), 6),
        (lambda t: records.furniture_columns("d", t.articles), 6),
        (lambda t: records.expression_columns("d", t.articles, t.expressions), 5),
        (lambda t: records.event_columns("d", t.events, t.articles), 3),
        (lambda t: records.mention_columns("d", t.events, records.mention_row_keys(t.events)), 6),
        (lambda t: records.mention_key_columns("d", t.events, _keys, records.mention_row_keys(t.events)), 12),
    ],
)
def test_columns_have_one_length(build, rows: int) -> None:
    columns = build(make_timeline(6))
    assert {len(v) for v in columns.values()} == {rows}
    assert "dataset" in columns


@pytest.mark.parametrize(
    ("ids", "keys"),
    [
        ([["a", "b"], ["c"]], [["a.0", "b.0"], ["c.0"]]),
        ([["a", "a"], ["a"]], [["a.0", "a.1"], ["a.2"]]),  # extraction may give two mentions one id
        ([], []),
    ],
)
def test_mention_row_keys_are_unique(ids: list[list[str]], keys: list[list[str]]) -> None:
    class Fake:
        def __init__(self, mention_ids: list[str]) -> None:
            self.mentions = [type("M", (), {"id": i})() for i in mention_ids]

    assert records.mention_row_keys([Fake(row) for row in ids]) == keys  # type: ignore[arg-type]
