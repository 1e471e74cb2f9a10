"""Small SQL helpers of the store: first rows, column lists registered as views, Arrow inserts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb
import pyarrow as pa


def one(cur: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
    """The first row of a query; fetches every row, as duckdb 2 refuses new work on a half-read result."""
    rows = cur.execute(sql, list(params)).fetchall()
    return rows[0] if rows else None


def registered(cur: duckdb.DuckDBPyConnection, name: str, columns: dict[str, list[Any]]) -> Any:
    """A context manager that registers column lists as a view `name` for one statement."""
    return Registered(cur, name, columns)


class Registered:
    def __init__(self, cur: duckdb.DuckDBPyConnection, name: str, columns: dict[str, list[Any]]) -> None:
        self.cur, self.name, self.table = cur, name, pa.table(columns)

    def __enter__(self) -> None:
        self.cur.register(self.name, self.table)

    def __exit__(self, *exc: object) -> None:
        self.cur.unregister(self.name)


def append(columns: dict[str, list[Any]], **row: Any) -> None:
    for name, value in row.items():
        columns[name].append(value)


def insert(cur: duckdb.DuckDBPyConnection, table: str, columns: dict[str, list[Any]], tail: str = "") -> None:
    """Insert column lists through Arrow: one statement however many rows."""
    if not next(iter(columns.values())):
        return
    cur.register("_incoming", pa.table(columns))
    try:
        cur.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _incoming {tail}")  # noqa: S608
    finally:
        cur.unregister("_incoming")
