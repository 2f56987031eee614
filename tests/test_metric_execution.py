"""Every metric of DESIGN.md §6, compiled and run on a generated warehouse, against an independent pandas
computation: alone, by a dimension, with a time range, with a segment (and combinations)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
import pytest

from assistant.engines import Engine, connect
from assistant.guard import guard_sql
from semantic_layer import SemanticQuery, compile_query, load_model
from tests.conftest import AS_OF, SPARK
from tests.reference_metrics import REFERENCES, SPECIAL, Tables, close, expected

METRICS = sorted([*REFERENCES, *SPECIAL])
ENGINES = ["duckdb", "parquet", "postgresql", pytest.param("spark", marks=SPARK)]
LAST_90_DAYS = (date(2026, 8, 25), AS_OF)
FIRST_HALF = (date(2026, 1, 1), date(2026, 6, 30))
VARIANTS: dict[str, dict[str, Any]] = {
    "alone": {},
    "by_region": {"by": "region"},
    "last_90_days": {"period": LAST_90_DAYS},
    "churned": {"segment": "churned_customers"},
    "high_value_first_half_by_region": {"segment": "high_value_customers", "period": FIRST_HALF, "by": "region"},
    "members_last_90_days": {"segment": "members", "period": LAST_90_DAYS},
}


@pytest.fixture(scope="module")
def tables(demo_warehouse: Engine) -> Tables:
    return Tables.load(demo_warehouse, AS_OF)


class Runner:
    """Compiled SQL through the guard and the sandboxed engine, as the product runs it."""

    def __init__(self, warehouse: Engine, tables: list[str]) -> None:
        self.warehouse, self.tables = warehouse, tables
        self.dialect = warehouse.dialect

    def compile(self, model: Any, query: SemanticQuery) -> str:
        return compile_query(model, query, as_of=AS_OF, dialect=self.dialect).sql

    def execute(self, sql: str) -> Runner:
        guarded = guard_sql(sql, allowed_tables=self.tables, row_cap=100_000, dialect=self.dialect)
        self._rows = [
            tuple(_plain(v) for v in row)
            for row in self.warehouse.run(guarded).frame.itertuples(index=False, name=None)
        ]
        return self

    def fetchall(self) -> list[tuple[Any, ...]]:
        return self._rows


def _plain(value: Any) -> Any:
    if value is None or value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, Decimal):
        return float(value)
    return value.item() if hasattr(value, "item") else value


@pytest.fixture(scope="module", params=ENGINES)
def connection(request: pytest.FixtureRequest, demo_warehouse: Engine, model: Any) -> Iterator[Runner]:
    """The same demo data on every engine form: DuckDB file, Parquet folder, PostgreSQL, Spark local."""
    if request.param == "duckdb":
        yield Runner(demo_warehouse, model.tables())
        return
    if request.param == "spark":
        yield Runner(request.getfixturevalue("demo_spark"), model.tables())
        return
    location = request.getfixturevalue("demo_parquet_dir" if request.param == "parquet" else "demo_postgres_url")
    with connect(location) as engine:
        yield Runner(engine, model.tables())


@pytest.fixture(scope="module")
def model() -> Any:
    return load_model(as_of=AS_OF)


def run(model: Any, con: Runner, metric: str, by: str | None = None,
        period: tuple[date, date] | None = None, segment: str | None = None) -> list[tuple[Any, ...]]:  # fmt: skip
    query = SemanticQuery(
        metrics=[metric],
        dimensions=[{"name": f"customer.{by}"}] if by else [],
        segments=[segment] if segment else [],
        time_range={"start": period[0], "end": period[1]} if period else None,
    )
    return con.execute(con.compile(model, query)).fetchall()


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("metric", METRICS)
def test_metric_matches_independent_computation(
    metric: str, variant: str, model: Any, connection: Any, tables: Tables
) -> None:
    options = VARIANTS[variant]
    rows = run(model, connection, metric, **options)
    wanted = expected(tables, metric, **options)
    if isinstance(wanted, dict):
        actual = {str(key): value for key, value in rows}
        # A group with no matching rows is absent from a GROUP BY: the same as 0 (or unknown, for averages).
        for key, value in wanted.items():
            assert close(actual.get(key), value) or (key not in actual and (value == 0 or np.isnan(value))), (
                key,
                actual.get(key),
                value,
            )
        assert set(actual) <= set(wanted), f"groups without rows: {set(actual) - set(wanted)}"
    else:
        ((value,),) = rows
        assert close(value, wanted), (value, wanted)


def test_every_design_metric_is_checked(model: Any) -> None:
    visible = {name for name, metric in model.metrics.items() if not metric.hidden}
    assert visible <= set(METRICS), f"metrics without an independent check: {visible - set(METRICS)}"


def test_references_are_not_trivially_zero(tables: Tables) -> None:
    """A check against zeros proves nothing: every reference is non-zero on the demo data."""
    for metric in METRICS:
        value = expected(tables, metric, period=LAST_90_DAYS)
        assert isinstance(value, float) and value != 0, metric


def test_churn_rate_by_month_uses_each_month_start(model: Any, connection: Any, tables: Tables) -> None:
    query = SemanticQuery(
        metrics=["churn_rate", "churned_customers"],
        dimensions=[{"name": "metric_time", "grain": "month"}],
        time_range={"start": date(2026, 2, 15), "end": date(2026, 5, 31)},
    )
    rows = connection.execute(connection.compile(model, query)).fetchall()
    assert [row[0] for row in rows] == [date(2026, 2, 1), date(2026, 3, 1), date(2026, 4, 1), date(2026, 5, 1)]
    # The first month is partial: counted from the range start, as DESIGN.md §6 defines a period.
    bounds = [(date(2026, 2, 15), date(2026, 2, 28)), (date(2026, 3, 1), date(2026, 3, 31)),
              (date(2026, 4, 1), date(2026, 4, 30)), (date(2026, 5, 1), date(2026, 5, 31))]  # fmt: skip
    for (_, rate, churned), period in zip(rows, bounds, strict=True):
        assert close(rate, expected(tables, "churn_rate", period=period))
        assert churned == expected(tables, "churned_customers", period=period)


def test_metrics_from_two_entities_are_not_double_counted(model: Any, connection: Any, tables: Tables) -> None:
    query = SemanticQuery(metrics=["revenue", "complaints", "customers"], dimensions=[{"name": "customer.region"}])
    rows = connection.execute(connection.compile(model, query)).fetchall()
    for metric, index in (("revenue", 1), ("complaints", 2), ("customers", 3)):
        wanted = expected(tables, metric, by="region")
        assert isinstance(wanted, dict)
        assert {row[0]: row[index] for row in rows} == pytest.approx(wanted)


def test_filter_across_one_to_many_is_a_semi_join(model: Any, connection: Any, tables: Tables) -> None:
    query = SemanticQuery(
        metrics=["customers"], filters=[{"field": "order.category", "op": "=", "values": ["electronics"]}]
    )
    sql = connection.compile(model, query)
    assert "EXISTS" in sql and "JOIN" not in sql
    ((count,),) = connection.execute(sql).fetchall()
    buyers = tables.orders[tables.orders.category == "electronics"].customer_id.nunique()
    assert count == buyers


def test_previous_period_comparison(model: Any, connection: Any, tables: Tables) -> None:
    query = SemanticQuery(
        metrics=["complaints"],
        time_range={"start": date(2026, 7, 1), "end": date(2026, 9, 30)},
        compare={"previous_period": True},
    )
    ((now, before, change),) = connection.execute(connection.compile(model, query)).fetchall()
    assert now == expected(tables, "complaints", period=(date(2026, 7, 1), date(2026, 9, 30)))
    assert before == expected(tables, "complaints", period=(date(2026, 4, 1), date(2026, 6, 30)))
    assert change == now - before


def test_segment_comparison_rows(model: Any, connection: Any, tables: Tables) -> None:
    query = SemanticQuery(
        metrics=["complaints"], segments=["churned_customers"], compare={"segments": ["active_customers"]}
    )
    rows = connection.execute(connection.compile(model, query)).fetchall()
    assert rows == [
        ("churned_customers", expected(tables, "complaints", segment="churned_customers")),
        ("active_customers", expected(tables, "complaints", segment="active_customers")),
    ]


def test_records_list_most_recent_high_value_churners(model: Any, connection: Any, tables: Tables) -> None:
    query = SemanticQuery(
        kind="records",
        dimensions=[{"name": "customer.customer_id"}, {"name": "customer.churn_date"}],
        segments=["churned_customers", "high_value_customers"],
        order_by=[{"field": "customer.churn_date", "direction": "desc"}],
        limit=10,
    )
    rows = connection.execute(connection.compile(model, query)).fetchall()
    c = tables.customers
    wanted = (
        c[(c.status == "churned") & (c.tier == "A")]
        .sort_values(["churn_date", "customer_id"], ascending=[False, True])
        .head(10)
    )
    assert [row[0] for row in rows] == list(wanted.customer_id)


def test_themes_population_texts(model: Any, connection: Any, tables: Tables) -> None:
    query = SemanticQuery(
        kind="themes", text_field="complaint_text", segments=["churned_customers"],
        time_range={"field": "customer.churn_date", "start": LAST_90_DAYS[0], "end": LAST_90_DAYS[1]},
    )  # fmt: skip
    rows = connection.execute(connection.compile(model, query)).fetchall()
    c, k = tables.customers, tables.tickets
    recent = c[(c.status == "churned") & (c.churn_date >= "2026-08-25")].customer_id
    wanted = k[k.is_complaint.astype(bool) & k.customer_id.isin(recent)]
    assert sorted(row[1] for row in rows) == sorted(wanted.ticket_id)
    assert {row[0] for row in rows} == {"current"}
