"""The absence of related rows (docs/semantic-query.md): `is_null` on the key of an entity the counted rows have many
of compiles to NOT EXISTS with that entity's other filters and its dates inside. Golden SQL per dialect, every
statement accepted by the guard, and results on the demo warehouse against hand-written NOT EXISTS / LEFT JOIN
queries that share nothing with the compiler."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import sqlglot

from assistant.engines import Engine
from assistant.guard import guard_sql
from semantic_layer import SemanticQuery, compile_query, load_model
from semantic_layer.describe import describe_query
from tests.conftest import AS_OF

SNAPSHOTS = Path(__file__).parent / "snapshots" / "compiler_absence"
NO_ORDER = {"field": "order.order_id", "op": "is_null"}
NO_TICKET = {"field": "ticket.ticket_id", "op": "is_null"}
SINCE_JULY = {"field": "ticket.created_at", "start": "2026-07-01", "end": "2026-11-22"}

CASES: dict[str, dict[str, Any]] = {
    "never_ordered": {"metrics": ["customers"], "filters": [NO_ORDER]},
    "members_no_complaint_in_period": {
        "metrics": ["customers"],
        "segments": ["members"],
        "filters": [{"field": "ticket.is_complaint", "op": "=", "values": [True]}, NO_TICKET],
        "time_range": SINCE_JULY,
    },
    "signed_up_in_period_no_completed_order": {
        "metrics": ["customers"],
        "filters": [{"field": "order.status", "op": "=", "values": ["completed"]}, NO_ORDER],
        "time_range": {"field": "customer.signup_date", "start": "2025-01-01", "end": "2025-12-31"},
    },
    "churn_rate_without_tickets": {"metrics": ["churn_rate"], "filters": [NO_TICKET]},
    "records_no_ticket_in_period": {
        "kind": "records",
        "dimensions": [{"name": "customer.customer_id"}, {"name": "customer.tier"}],
        "segments": ["high_value_customers"],
        "filters": [NO_TICKET],
        "time_range": {"field": "ticket.created_at", "start": "2026-08-25", "end": "2026-11-22"},
        "order_by": [{"field": "customer.customer_id", "direction": "asc"}],
        "limit": 10,
    },
    "orders_of_customers_without_tickets": {"metrics": ["orders"], "filters": [NO_TICKET]},
}
DIALECTS = ("duckdb", "postgres", "spark")


@pytest.fixture(scope="module")
def model() -> Any:
    return load_model(as_of=AS_OF)


def compiled_sql(model: Any, case: str, dialect: str = "duckdb") -> str:
    return compile_query(model, SemanticQuery.model_validate(CASES[case]), as_of=AS_OF, dialect=dialect).sql


@pytest.mark.parametrize(("dialect", "case"), [(d, c) for d in DIALECTS for c in CASES])
def test_compiled_sql_matches_snapshot_and_passes_the_guard(model: Any, dialect: str, case: str) -> None:
    sql = compiled_sql(model, case, dialect) + "\n"
    snapshot = SNAPSHOTS / f"{case}.{dialect}.sql"
    if os.environ.get("UPDATE_SNAPSHOTS") or not snapshot.exists():
        snapshot.parent.mkdir(parents=True, exist_ok=True)
        snapshot.write_text(sql, encoding="utf-8")
    assert sql == snapshot.read_text(encoding="utf-8")
    sqlglot.parse_one(sql, read=dialect)
    guard_sql(sql, allowed_tables=model.tables(), row_cap=100, dialect=dialect)


def test_no_snapshot_is_orphaned() -> None:
    assert {p.name for p in SNAPSHOTS.glob("*.sql")} == {f"{c}.{d}.sql" for d in DIALECTS for c in CASES}


def test_the_related_conditions_and_dates_sit_inside_the_not_exists(model: Any) -> None:
    tree = sqlglot.parse_one(compiled_sql(model, "members_no_complaint_in_period"), read="duckdb")
    (negated,) = [n for n in tree.find_all(sqlglot.exp.Not) if isinstance(n.this, sqlglot.exp.Exists)]
    inside = negated.this.sql()
    assert "is_complaint" in inside and "created_at" in inside
    outside = tree.sql().replace(negated.sql(), "")
    assert "is_complaint" not in outside and "created_at" not in outside and "is_member" in outside


def test_is_not_null_on_the_key_stays_the_semi_join(model: Any) -> None:
    query = SemanticQuery.model_validate({"metrics": ["customers"], "filters": [{**NO_ORDER, "op": "is_not_null"}]})
    tree = sqlglot.parse_one(compile_query(model, query, as_of=AS_OF).sql, read="duckdb")
    assert tree.find(sqlglot.exp.Exists) is not None
    assert not any(isinstance(n.this, sqlglot.exp.Exists) for n in tree.find_all(sqlglot.exp.Not))


def test_is_null_on_a_key_reached_many_to_one_is_a_plain_null_test(model: Any) -> None:
    """The anti-join is only for rows the counted row has many of; a ticket's customer stays a joined column."""
    query = SemanticQuery.model_validate(
        {"metrics": ["tickets"], "filters": [{"field": "customer.customer_id", "op": "is_null"}]}
    )
    sql = compile_query(model, query, as_of=AS_OF).sql
    assert "EXISTS" not in sql and "customer_id IS NULL" in sql


def run(model: Any, warehouse: Engine, case: str) -> list[tuple[Any, ...]]:
    guarded = guard_sql(compiled_sql(model, case), allowed_tables=model.tables(), row_cap=10_000, dialect="duckdb")
    return [tuple(row) for row in warehouse.run(guarded).frame.itertuples(index=False, name=None)]


def independent(warehouse: Engine, sql: str) -> list[tuple[Any, ...]]:
    guarded = guard_sql(sql, allowed_tables=["customers", "orders", "tickets"], row_cap=10_000, dialect="duckdb")
    return [tuple(row) for row in warehouse.run(guarded).frame.itertuples(index=False, name=None)]


HAND_WRITTEN = {
    "never_ordered": """
        SELECT COUNT(*) FROM customers c LEFT JOIN orders o ON o.customer_id = c.customer_id
        WHERE o.order_id IS NULL""",
    "members_no_complaint_in_period": """
        SELECT COUNT(*) FROM customers c WHERE c.is_member AND NOT EXISTS (
          SELECT 1 FROM tickets t WHERE t.customer_id = c.customer_id AND t.is_complaint
            AND CAST(t.created_at AS DATE) BETWEEN DATE '2026-07-01' AND DATE '2026-11-22')""",
    "signed_up_in_period_no_completed_order": """
        SELECT COUNT(*) FROM customers c
        LEFT JOIN orders o ON o.customer_id = c.customer_id AND o.status = 'completed'
        WHERE o.order_id IS NULL AND c.signup_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'""",
    "churn_rate_without_tickets": """
        SELECT AVG(CASE WHEN c.status = 'churned' THEN 1.0 ELSE 0.0 END) FROM customers c
        WHERE c.customer_id NOT IN (SELECT t.customer_id FROM tickets t)""",
    "records_no_ticket_in_period": """
        SELECT c.customer_id, c.tier FROM customers c WHERE c.tier = 'A' AND c.customer_id NOT IN (
          SELECT t.customer_id FROM tickets t
          WHERE CAST(t.created_at AS DATE) BETWEEN DATE '2026-08-25' AND DATE '2026-11-22')
        ORDER BY c.customer_id LIMIT 10""",
    "orders_of_customers_without_tickets": """
        SELECT COUNT(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM tickets t WHERE t.customer_id = o.customer_id)""",
}


@pytest.mark.parametrize("case", list(HAND_WRITTEN))
def test_results_match_hand_written_anti_joins(model: Any, demo_warehouse: Engine, case: str) -> None:
    got, expected = run(model, demo_warehouse, case), independent(demo_warehouse, HAND_WRITTEN[case])
    assert len(got) == len(expected)
    for row, other in zip(got, expected, strict=True):
        assert row == pytest.approx(other) if isinstance(row[0], float) else row == other


def test_the_absent_population_and_the_present_one_add_up_to_everyone(model: Any, demo_warehouse: Engine) -> None:
    """Members with and without a complaint since July are all the members, once each."""
    absent = run(model, demo_warehouse, "members_no_complaint_in_period")[0][0]
    present_case = {
        **CASES["members_no_complaint_in_period"],
        "filters": [{"field": "ticket.is_complaint", "op": "=", "values": [True]}],
    }
    sql = compile_query(model, SemanticQuery.model_validate(present_case), as_of=AS_OF).sql
    present = demo_warehouse.run(guard_sql(sql, allowed_tables=model.tables(), row_cap=10, dialect="duckdb")).frame
    members = independent(demo_warehouse, "SELECT COUNT(*) FROM customers WHERE is_member")[0][0]
    assert 0 < absent < members
    assert absent + int(present.iloc[0, 0]) == members


@pytest.mark.parametrize(("language", "said"), [("en", "has no service ticket"), ("zh", "没有工单")])
def test_the_stated_conditions_say_the_rows_are_absent(model: Any, language: str, said: str) -> None:
    lines = describe_query(model, SemanticQuery.model_validate(CASES["members_no_complaint_in_period"]), language)
    assert any(said in line for line in lines) and not any("empty" in line or "为空" in line for line in lines)
