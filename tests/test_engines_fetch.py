"""How engines fetch the guard's capped statements: one fetch (DuckDB) or one page in one round trip (PostgreSQL)
when the statement's own LIMIT bounds it, the same frames as the paged fetch, and the driver-rows frame's Decimal
columns decided as before (benchmarks/bench_engines.py measures the saving)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from assistant.contracts import detect_language
from assistant.engines import Engine, Limits, connect
from assistant.engines.base import frame_from_rows
from assistant.errors import WarehouseError
from assistant.evaluation import load_eval_set
from assistant.guard import GuardedSQL, capped_sql, guard_sql, guard_tree
from assistant.guard_columns import column_policy
from assistant.pipeline import ranking_query
from assistant.planner import plan_question
from semantic_layer import compile_query, load_model

DEMO_TABLES = ["customers", "orders", "tickets", "surveys", "touches"]
AS_OF = date(2026, 11, 22)
DEV_SET = Path(__file__).parent / "eval" / "dev_set.yml"


def reference_frame(rows: Sequence[Sequence[Any]], names: list[str]) -> pd.DataFrame:
    """frame_from_rows as it was: the Decimal columns found with pandas operations per column."""
    frame = pd.DataFrame.from_records([tuple(row) for row in rows], columns=names)
    for index in range(frame.shape[1]):
        column = frame.iloc[:, index]
        values = column.dropna()
        if column.dtype == object and len(values) and all(isinstance(v, Decimal) for v in values):
            frame.isetitem(index, column.astype(float).to_numpy())
    return frame


@pytest.mark.parametrize(
    "rows",
    [
        [],
        [(Decimal("1.50"), "a", 3)],
        [(Decimal("1.5"), None, None), (None, None, 2)],
        [(Decimal("NaN"), 1.5, "x"), (Decimal("2"), float("nan"), None)],
        [(Decimal("NaN"), None, Decimal("1")), (Decimal("NaN"), None, 2.5)],
        [(date(2026, 1, 1), datetime(2026, 1, 1, 12), Decimal("-0.001")), (date(2026, 2, 1), None, Decimal("1E+3"))],
        [([1, 2], {"k": Decimal("1")}, Decimal("1")), (None, None, Decimal("Infinity"))],
        [(Decimal("1"), "1", True), (float("nan"), "2", False)],
    ],
)
def test_driver_rows_become_the_same_frame_as_before(rows: list[tuple[Any, ...]]) -> None:
    names = ["a", "b", "a"]  # two columns named alike: by position
    got, expected = frame_from_rows(rows, names), reference_frame(rows, names)
    assert list(got.dtypes) == list(expected.dtypes)
    assert got.equals(expected)


def test_only_the_guards_own_capped_statement_counts_as_capped() -> None:
    for dialect in ("duckdb", "postgres"):
        guarded = guard_sql("SELECT region FROM customers", allowed_tables=DEMO_TABLES, row_cap=7, dialect=dialect)
        assert guarded.capped and guarded.sql == capped_sql(guarded.query_sql, 7)
        assert not GuardedSQL(guarded.sql, guarded.query_sql, guarded.tables, 70, dialect).capped  # another cap
        assert not GuardedSQL(guarded.query_sql, guarded.query_sql, guarded.tables, 7, dialect).capped  # no cap
    spark = guard_sql("SELECT region FROM customers", allowed_tables=DEMO_TABLES, row_cap=7, dialect="spark")
    assert not spark.capped  # Spark's cap is built as a tree: its engine pages


def _compiled_dev_set(dialect: str) -> list[GuardedSQL]:
    model = load_model(as_of=AS_OF)
    policy = column_policy(model)
    guarded = []
    for item in load_eval_set(DEV_SET).items:
        if item.history or item.expect == "abstain":
            continue
        plan = plan_question(item.question, [], model, AS_OF, detect_language(item.question))
        if plan.status != "ok" or plan.query is None:
            continue
        query = ranking_query(plan.query) or plan.query
        compiled = compile_query(model, query, as_of=AS_OF, dialect=dialect)
        rules = policy.for_themes() if query.kind == "themes" else policy
        for cap in (5000, 3):  # uncut, and cut by the cap (truncated)
            guarded.append(guard_tree(compiled.expression.copy(), compiled.sql, allowed_tables=model.tables(),
                                      row_cap=cap, dialect=dialect, columns=rules))  # fmt: skip
    return guarded


def test_duckdb_one_fetch_gives_the_paged_frames(demo_warehouse: Engine) -> None:
    for guarded in _compiled_dev_set("duckdb"):
        assert guarded.capped
        result = demo_warehouse.run(guarded)
        # The same statement, not recognised as the guard's capped form: fetched chunk by chunk up to the cap.
        paged = demo_warehouse.run(replace(guarded, query_sql=guarded.query_sql + " "))
        assert result.truncated == paged.truncated
        assert list(result.frame.dtypes) == list(paged.frame.dtypes), guarded.query_sql
        assert result.frame.equals(paged.frame), guarded.query_sql


@pytest.fixture(scope="module")
def postgres(demo_postgres_url: str) -> Iterator[Engine]:
    with connect(demo_postgres_url, Limits(timeout_s=30.0)) as engine:
        yield engine


def test_postgres_one_page_gives_the_server_cursors_frames(postgres: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    import assistant.engines.postgres as postgres_module

    queries = _compiled_dev_set("postgres")
    fast = [postgres.run(guarded) for guarded in queries]
    monkeypatch.setattr(postgres_module, "_CHUNKED", False)  # the server-side cursor, page by page
    for guarded, result in zip(queries, fast, strict=True):
        paged = postgres.run(guarded)
        assert result.truncated == paged.truncated
        assert list(result.frame.dtypes) == list(paged.frame.dtypes), guarded.query_sql
        assert result.frame.equals(paged.frame), guarded.query_sql


def test_postgres_one_page_runs_one_statement_only(postgres: Engine) -> None:
    """A forged GuardedSQL in the capped form with a second statement inside: the extended protocol refuses it
    (a plain execute would run both, the second one outside the read-only transaction's reach)."""
    inner = "SELECT 1 AS a) AS t; SET default_transaction_read_only = off; SELECT * FROM (SELECT 1 AS a"
    forged = GuardedSQL(capped_sql(inner, 5), inner, frozenset(), 5, "postgres")
    assert forged.capped
    with pytest.raises(WarehouseError):
        postgres.run(forged)
    shown = postgres.run(guard_sql("SELECT 1 AS one", allowed_tables=DEMO_TABLES, row_cap=1, dialect="postgres"))
    assert shown.frame.one[0] == 1
