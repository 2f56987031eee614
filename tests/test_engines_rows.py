"""An answer's rows straight from the engine (Engine.run_rows): the same JSON values, byte for byte, as the rows
read back out of the engine's frame (`json_rows(run(...).frame)`), for every column type DuckDB's column arrays
serve and for the types that still go through the frame."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import duckdb
import pandas as pd
import pytest

from assistant.engines import Engine, Limits, connect
from assistant.engines.base import frame_from_rows
from assistant.engines.duckdb_file import DuckDBEngine
from assistant.engines.rows import ARRAY_TYPES, array_types, json_rows, json_value, rows_from_driver
from assistant.guard import GuardedSQL, capped_sql
from tests.test_engines_fetch import _compiled_dev_set

# One column per case: (a DuckDB list of values, unnested into rows). Missing values, NaN, extremes, empties.
COLUMNS = {
    "int": "[1, 2, -3]::INTEGER[]",
    "int_null": "[1, NULL, 3]::INTEGER[]",
    "bigint_big": "[9007199254740993, -9223372036854775808, NULL]::BIGINT[]",
    "smallint": "[1, NULL]::SMALLINT[]",
    "tinyint": "[-1, 2]::TINYINT[]",
    "ubigint": "[18446744073709551615, NULL]::UBIGINT[]",
    "utinyint": "[1, 255]::UTINYINT[]",
    "usmallint": "[1, NULL]::USMALLINT[]",
    "uinteger": "[4294967295, 0]::UINTEGER[]",
    "hugeint": "[170141183460469231731687303715884105727::HUGEINT, 9007199254740993, NULL]",
    "decimal": "[1.25::DECIMAL(18,2), NULL, -0.01]",
    "decimal_wide": "[12345678901234567890.123::DECIMAL(38,3), 0.1, NULL]",
    "decimal_narrow": "[1.5::DECIMAL(4,1), 2]",
    "double": "['nan'::DOUBLE, NULL, 1.5, 'inf', -0.0, 1e308]",
    "float": "[0.1::FLOAT, NULL, 'nan']",
    "varchar": "['a', NULL, '', '中文', 'nan']",
    "date": "['2026-01-01'::DATE, NULL, '1500-02-28', '2262-04-12']",
    "timestamp": "['2026-01-01 12:00:00.123456'::TIMESTAMP, NULL, '2026-01-01 00:00:00']",
    "boolean": "[true, NULL, false]",
    # Not in ARRAY_TYPES: read through the frame, as before.
    "timestamptz": "['2026-01-01 12:00:00+00'::TIMESTAMPTZ, NULL]",
    "list": "[[1, 2], NULL, []]",
    "struct": "[{'k': 1.5::DECIMAL(4,1)}, NULL]",
    "enum": "['x'::ENUM('x', 'y'), NULL]",
}


@pytest.fixture(scope="module")
def engine() -> Iterator[DuckDBEngine]:
    with DuckDBEngine(duckdb.connect(), Limits(timeout_s=30.0)) as memory:
        yield memory


def _capped(sql: str, row_cap: int = 100) -> GuardedSQL:
    """A statement in the guard's capped form (the form the engines read in one fetch)."""
    return GuardedSQL(capped_sql(sql, row_cap), sql, frozenset(), row_cap, "duckdb")


def _same_as_the_frame(engine: Engine, guarded: GuardedSQL) -> list[list[Any]]:
    rows = engine.run_rows(guarded)
    framed = engine.run(guarded)
    assert rows.columns == [str(column) for column in framed.frame.columns]
    assert json.dumps(rows.rows) == json.dumps(json_rows(framed.frame)), guarded.query_sql
    assert rows.truncated == framed.truncated
    return rows.rows


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_each_column_type_gives_the_frames_json(engine: DuckDBEngine, name: str) -> None:
    _same_as_the_frame(engine, _capped(f"SELECT unnest({COLUMNS[name]}) AS v, 1 AS n"))


def test_several_columns_named_alike_empty_results_and_the_cap(engine: DuckDBEngine) -> None:
    sql = "SELECT 1 AS a, DATE '2026-03-01' AS a, 2.5::DECIMAL(9,2) AS A, 'x' AS b FROM range(7)"
    rows = _same_as_the_frame(engine, _capped(sql, row_cap=5))
    assert rows == [[1, "2026-03-01T00:00:00", 2.5, "x"]] * 5
    assert engine.run_rows(_capped(sql, row_cap=5)).truncated
    assert engine.run_rows(_capped(sql, row_cap=5)).columns == ["a", "a_1", "A_2", "b"]
    assert not engine.run_rows(_capped(sql, row_cap=7)).truncated
    empty = _same_as_the_frame(engine, _capped("SELECT 1 AS a, DATE '2026-03-01' AS d WHERE false"))
    assert empty == []


def test_a_statement_not_in_the_capped_form_is_paged_and_gives_the_same_rows(engine: DuckDBEngine) -> None:
    sql = "SELECT range AS i, range * 0.5 AS half FROM range(12)"
    uncapped = GuardedSQL(sql, sql, frozenset(), 10, "duckdb")
    assert not uncapped.capped
    rows = _same_as_the_frame(engine, uncapped)
    assert len(rows) == 10 and engine.run_rows(uncapped).truncated


def test_only_types_checked_here_are_read_from_arrays() -> None:
    checked = {
        "INTEGER", "BIGINT", "SMALLINT", "TINYINT", "UBIGINT", "UTINYINT", "USMALLINT", "UINTEGER", "HUGEINT",
        "DOUBLE", "FLOAT", "VARCHAR", "DATE", "TIMESTAMP", "BOOLEAN",
    }  # fmt: skip
    assert checked == ARRAY_TYPES
    assert array_types(["DECIMAL(38,3)", "VARCHAR"])
    for other in ("TIMESTAMP WITH TIME ZONE", "INTEGER[]", "STRUCT(k DECIMAL(4,1))", "INTERVAL", "UHUGEINT"):
        assert not array_types(["BIGINT", other])


def test_the_rows_of_every_dev_set_query_are_the_frames(demo_warehouse: Engine) -> None:
    for guarded in _compiled_dev_set("duckdb"):
        _same_as_the_frame(demo_warehouse, guarded)


def test_a_missing_value_of_a_nullable_integer_column_is_null() -> None:
    assert json_value(pd.NA) is None
    frame = pd.DataFrame({"n": pd.array([1, None], dtype="Int64")})
    assert json.dumps(json_rows(frame)) == "[[1], [null]]"


def test_run_rows_accepts_only_guarded_sql_for_its_dialect(engine: DuckDBEngine) -> None:
    with pytest.raises(TypeError):
        engine.run_rows("SELECT 1")  # type: ignore[arg-type]
    from assistant.errors import WarehouseError

    with pytest.raises(WarehouseError, match="checked for postgres"):
        engine.run_rows(GuardedSQL("SELECT 1", "SELECT 1", frozenset(), 5, "postgres"))


# ---- driver rows (PostgreSQL): the frame_from_rows frame's JSON values, or None (read through the frame) ----------

PARIS = ZoneInfo("Europe/Paris")
DRIVER_COLUMNS: dict[str, list[Any]] = {
    "text": ["a", None, "", "nan"],
    "all missing": [None, None],
    "booleans": [True, None, False],
    "floats": [1.5, float("nan"), None, float("inf")],
    "decimals": [Decimal("1.25"), None, Decimal("NaN"), Decimal("-1E+3"), Decimal("Infinity")],
    "integers": [1, 2**62, -3],
    "huge integers": [2**64, 1],
    "dates": [date(2026, 1, 1), None, date(1500, 2, 28)],
    "datetimes": [datetime(2026, 1, 1, 12, 0, 0, 5), None],
    "datetimes in one zone": [datetime(2026, 1, 1, tzinfo=PARIS), datetime(2026, 7, 1, tzinfo=PARIS), None],
    "datetimes in UTC": [datetime(2026, 1, 1, tzinfo=UTC), None],
    # Through the frame (None): pandas changes these values, or they are not plain.
    "integers with a missing value": [1, None],
    "only NaN decimals": [Decimal("NaN"), None],
    "integers and floats": [1, 2.5],
    "datetimes in two zones": [datetime(2026, 1, 1, tzinfo=PARIS), datetime(2026, 1, 1, tzinfo=UTC)],
    "dates and datetimes": [date(2026, 1, 1), datetime(2026, 1, 1)],
    "lists": [[1, 2], None],
    "intervals": [timedelta(days=1), None],
}
THROUGH_THE_FRAME = {name for name in DRIVER_COLUMNS if list(DRIVER_COLUMNS).index(name) >= 11}


@pytest.mark.parametrize("name", list(DRIVER_COLUMNS))
def test_driver_columns_give_the_frames_json_or_go_through_it(name: str) -> None:
    values = DRIVER_COLUMNS[name]
    rows = [(value, index) for index, value in enumerate(values)]
    got = rows_from_driver(rows, 2)
    if name in THROUGH_THE_FRAME:
        assert got is None
        return
    assert got is not None
    assert json.dumps(got) == json.dumps(json_rows(frame_from_rows(rows, ["v", "i"])))
    assert rows_from_driver([], 2) == []


def test_postgres_rows_of_every_dev_set_query_are_the_frames(demo_postgres_url: str) -> None:
    with connect(demo_postgres_url, Limits(timeout_s=30.0)) as postgres:
        for guarded in _compiled_dev_set("postgres"):
            _same_as_the_frame(postgres, guarded)
