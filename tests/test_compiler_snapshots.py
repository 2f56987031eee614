"""Golden SQL for a representative set of queries, reviewed in the diff.

Regenerate after an intended change with: UPDATE_SNAPSHOTS=1 make test
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlglot
from sqlglot import exp

from assistant.guard import guard_sql
from semantic_layer import SemanticQuery, compile_query, load_model
from tests.conftest import AS_OF

SNAPSHOTS = Path(__file__).parent / "snapshots" / "compiler"
LAST_3_MONTHS = {"start": "2026-08-23", "end": "2026-11-22", "label": "last 3 months"}

CASES: dict[str, dict[str, Any]] = {
    "single_metric": {"metrics": ["revenue"]},
    "metric_by_joined_dimension": {
        "metrics": ["complaints"],
        "dimensions": [{"name": "customer.region"}],
        "segments": ["churned_customers"],
        "time_range": LAST_3_MONTHS,
        "order_by": [{"field": "complaints"}],
        "limit": 10,
    },
    "ratio_by_month": {
        "metrics": ["return_rate"],
        "dimensions": [{"name": "order.ordered_at", "grain": "month"}],
        "time_range": LAST_3_MONTHS,
    },
    "churn_rate_by_month": {
        "metrics": ["churn_rate"],
        "dimensions": [{"name": "metric_time", "grain": "month"}],
        "time_range": {"start": "2026-01-15", "end": "2026-11-22"},
    },
    "churn_rate_no_period": {"metrics": ["churn_rate"], "dimensions": [{"name": "customer.tier"}]},
    "multi_entity_metrics": {
        "metrics": ["revenue", "complaints", "nps"],
        "dimensions": [{"name": "customer.region"}],
        "time_range": LAST_3_MONTHS,
    },
    "derived_nps_by_touchpoint": {"metrics": ["nps", "avg_csat"], "dimensions": [{"name": "survey.touchpoint"}]},
    "repurchase_rate": {
        "metrics": ["repurchase_rate", "customer_lifetime_value"],
        "dimensions": [{"name": "customer.acquisition_channel"}],
    },
    "silent_customers_snapshot": {
        "metrics": ["silent_customers", "active_customers"],
        "dimensions": [{"name": "customer.tier"}],
        "time_range": LAST_3_MONTHS,
    },
    "semi_join_filter": {
        "metrics": ["customers"],
        "filters": [
            {"field": "order.category", "op": "in", "values": ["electronics", "home"]},
            {"field": "order.channel", "op": "=", "values": ["app"]},
        ],
    },
    "action_time_on_population": {
        "metrics": ["customers"],
        "segments": ["churned_customers"],
        "time_range": {"field": "ticket.created_at", **LAST_3_MONTHS},
    },
    "filters_all_operators": {
        "metrics": ["tickets"],
        "filters": [
            {"field": "ticket.priority", "op": "!=", "values": ["low"]},
            {"field": "ticket.subject", "op": "contains", "values": ["100%_off"]},
            {"field": "ticket.first_response_at", "op": "is_not_null"},
            {"field": "ticket.created_at", "op": "between", "values": ["2026-01-01", "2026-03-31"]},
            {"field": "customer.tier", "op": "not_in", "values": ["D"]},
            {"field": "customer.signup_date", "op": ">", "values": ["2024-12-31"]},
            {"field": "ticket.is_complaint", "op": "=", "values": [True]},
        ],
    },
    "records_recent_churners": {
        "kind": "records",
        "dimensions": [{"name": "customer.customer_id"}, {"name": "customer.region"}, {"name": "customer.churn_date"}],
        "segments": ["churned_customers", "high_value_customers"],
        "order_by": [{"field": "customer.churn_date", "direction": "desc"}],
        "limit": 10,
    },
    "records_with_joined_column": {
        "kind": "records",
        "dimensions": [{"name": "ticket.ticket_id"}, {"name": "ticket.created_at"}, {"name": "customer.tier"}],
        "filters": [{"field": "ticket.status", "op": "=", "values": ["open"]}],
        "limit": 5,
    },
    "themes_churned_vs_active": {
        "kind": "themes",
        "text_field": "complaint_text",
        "segments": ["churned_customers"],
        "time_range": {"field": "ticket.created_at", **LAST_3_MONTHS},
        "compare": {"segments": ["active_customers"]},
    },
    "themes_previous_period": {
        "kind": "themes",
        "text_field": "survey_comment",
        "time_range": LAST_3_MONTHS,
        "compare": {"previous_period": True},
    },
    "compare_previous_period": {
        "metrics": ["revenue", "average_order_value"],
        "dimensions": [{"name": "order.category"}],
        "time_range": {"start": "2026-07-01", "end": "2026-09-30"},
        "compare": {"previous_period": True},
    },
    "compare_same_period_last_year": {
        "metrics": ["complaints", "churn_rate"],
        "dimensions": [{"name": "customer.region"}],
        "time_range": {"start": "2026-11-01", "end": "2026-11-22"},
        "compare": {"previous_period": True, "year_over_year": True},
    },
    "compare_segments": {
        "metrics": ["churn_rate"],
        "segments": ["members"],
        "compare": {"segments": ["high_value_customers"]},
        "time_range": LAST_3_MONTHS,
    },
    "share_of_segment": {
        "metrics": ["revenue", "completed_orders"],
        "dimensions": [{"name": "customer.region"}],
        "time_range": LAST_3_MONTHS,
        "share": {"segments": ["members"], "filters": [{"field": "order.channel", "op": "=", "values": ["app"]}]},
    },
    "share_by_group": {
        "metrics": ["buying_customers"],
        "dimensions": [{"name": "order.category"}],
        "order_by": [{"field": "buying_customers"}],
        "limit": 3,
        "share": {},
    },
}
DIALECTS = {
    "duckdb": list(CASES),
    "postgres": list(CASES),
    "spark": [
        "multi_entity_metrics",
        "churn_rate_by_month",
        "filters_all_operators",
        "compare_previous_period",
        "compare_same_period_last_year",
        "share_of_segment",
        "share_by_group",
    ],
}


@pytest.fixture(scope="module")
def model() -> Any:
    return load_model(as_of=AS_OF)


@pytest.mark.parametrize(("dialect", "case"), [(d, c) for d, cases in DIALECTS.items() for c in cases])
def test_compiled_sql_matches_snapshot(model: Any, dialect: str, case: str) -> None:
    sql = compile_query(model, SemanticQuery.model_validate(CASES[case]), as_of=AS_OF, dialect=dialect).sql + "\n"
    snapshot = SNAPSHOTS / f"{case}.{dialect}.sql"
    if os.environ.get("UPDATE_SNAPSHOTS") or not snapshot.exists():
        snapshot.write_text(sql, encoding="utf-8")
    assert sql == snapshot.read_text(encoding="utf-8")
    sqlglot.parse_one(sql, read=dialect)  # every snapshot is valid SQL in its dialect


def test_no_snapshot_is_orphaned() -> None:
    expected = {f"{case}.{dialect}.sql" for dialect, cases in DIALECTS.items() for case in cases}
    assert {p.name for p in SNAPSHOTS.glob("*.sql")} == expected


def test_values_are_bound_as_literals_not_pasted(model: Any) -> None:
    hostile = "x' OR 1=1; DROP TABLE customers; --"
    query = SemanticQuery(metrics=["tickets"], filters=[{"field": "ticket.subject", "op": "=", "values": [hostile]}])
    sql = compile_query(model, query, as_of=AS_OF).sql
    statements = sqlglot.parse(sql, read="duckdb")
    assert len(statements) == 1
    literal = "'x'' OR 1=1; DROP TABLE customers; --'"
    assert literal in sql


def test_compiling_is_deterministic(model: Any) -> None:
    query = SemanticQuery.model_validate(CASES["multi_entity_metrics"])
    assert len({compile_query(model, query, as_of=date(2026, 11, 22)).sql for _ in range(3)}) == 1


@pytest.mark.parametrize("case", list(CASES))
def test_declared_columns_match_the_sql_columns(model: Any, case: str) -> None:
    """Consumers pair columns[i] with row[i]: the declared order must be the SQL's own."""
    compiled = compile_query(model, SemanticQuery.model_validate(CASES[case]), as_of=AS_OF)
    select = sqlglot.parse_one(compiled.sql, read="duckdb")
    names = [projection.alias_or_name for projection in select.selects]
    if names == ["*"]:  # populations wrapped around a union: the first branch names the columns
        names = [p.alias_or_name for p in select.find(sqlglot.exp.Union).left.selects[:1]]
        assert [c.name for c in compiled.columns][:1] == names
        return
    assert [c.name for c in compiled.columns] == names


@pytest.mark.parametrize(("dialect", "case"), [(d, c) for d, cases in DIALECTS.items() for c in cases])
def test_compiled_sql_passes_the_guard_of_its_dialect(model: Any, dialect: str, case: str) -> None:
    """The compiler uses nothing the guard refuses on any engine (no engine-only series functions)."""
    sql = compile_query(model, SemanticQuery.model_validate(CASES[case]), as_of=AS_OF, dialect=dialect).sql
    guarded = guard_sql(sql, allowed_tables=model.tables(), row_cap=10, dialect=dialect)
    assert guarded.dialect == dialect
    assert not list(sqlglot.parse_one(sql, read=dialect).find_all(exp.Explode, exp.GenerateSeries))
