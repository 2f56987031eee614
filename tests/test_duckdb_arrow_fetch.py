"""DuckDB's fetch of a large capped result (a theme question's population) through Arrow (text, float and timestamp
columns) builds the very frame fetch_df builds; other column types, and repeated column names, keep fetch_df;
small caps (metric answers) never bind twice."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import duckdb
import pandas as pd
import pytest

from assistant.engines import Engine, duckdb_file
from assistant.engines.duckdb_file import _fetch_through_arrow
from assistant.guard import guard_sql
from tests.test_engines_fetch import DEMO_TABLES

QUERIES = [
    "SELECT 'a' AS s, 1.5::DOUBLE AS d, 2.5::FLOAT AS f, TIMESTAMP '2026-01-01 10:00:00' AS t",
    "SELECT * FROM (VALUES ('a', 1.5::DOUBLE, TIMESTAMP '2026-01-01'), (NULL, NULL, NULL)) v(s, d, t)",
    "SELECT s FROM (VALUES ('x'), ('y')) v(s) WHERE false",  # empty: the text column stays object
    "SELECT 'x' AS a, 'y' AS a",  # repeated names: fetch_df renames the second a_1
    "SELECT 'x' AS a, 'y' AS \"A\"",
    "SELECT 'a' AS s, 1::INTEGER AS i, NULL::BIGINT AS b",  # integers: fetch_df's nullable Int types
    "SELECT 3.25::DECIMAL(10, 2) AS d, DATE '2026-01-02' AS day, true AS yes, NULL::BOOLEAN AS maybe",
    "SELECT '中文 😀' AS s, repeat('x', 10000) AS long, '' AS empty",
]


@pytest.fixture
def cursor() -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect()
    yield con.cursor()
    con.close()


@pytest.mark.parametrize("sql", QUERIES)
def test_the_same_frame_as_fetch_df(cursor: duckdb.DuckDBPyConnection, sql: str) -> None:
    expected = cursor.execute(sql).fetch_df()
    got = _fetch_through_arrow(cursor, sql)
    pd.testing.assert_frame_equal(got, expected)
    assert list(got.columns) == list(expected.columns)


def test_texts_go_through_arrow_and_other_types_do_not(
    cursor: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    through_arrow = []
    original = duckdb.DuckDBPyRelation.to_arrow_table

    def spy(relation: duckdb.DuckDBPyRelation, *args: Any, **kwargs: Any) -> Any:
        through_arrow.append(relation.columns)
        return original(relation, *args, **kwargs)

    monkeypatch.setattr(duckdb.DuckDBPyRelation, "to_arrow_table", spy)
    texts = _fetch_through_arrow(
        cursor, "SELECT 'current' AS population, 'id1' AS id, 'late' AS text, now()::TIMESTAMP AS time"
    )
    assert through_arrow == [["population", "id", "text", "time"]]
    assert texts["text"].tolist() == ["late"]
    _fetch_through_arrow(cursor, "SELECT 'a' AS s, count(*) AS n")
    assert len(through_arrow) == 1
    assert "BIGINT" not in duckdb_file.ARROW_TYPES


def test_the_engine_fetches_large_caps_through_arrow_only(
    demo_warehouse: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    through_arrow = []
    original = duckdb_file._fetch_through_arrow

    def spy(cursor: duckdb.DuckDBPyConnection, sql: str) -> pd.DataFrame:
        through_arrow.append(sql)
        return original(cursor, sql)

    monkeypatch.setattr(duckdb_file, "_fetch_through_arrow", spy)
    sql = "SELECT region, CAST(min(signup_date) AS TIMESTAMP) AS first FROM customers GROUP BY region ORDER BY region"
    small = demo_warehouse.run(guard_sql(sql, allowed_tables=DEMO_TABLES, row_cap=100))
    assert through_arrow == []
    large = demo_warehouse.run(guard_sql(sql, allowed_tables=DEMO_TABLES, row_cap=duckdb_file.ARROW_MIN_CAP))
    assert len(through_arrow) == 1
    pd.testing.assert_frame_equal(large.frame, small.frame)
    assert len(large.frame) > 1 and not large.truncated
