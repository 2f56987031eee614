"""`share` (DESIGN §3): compiled, guarded and run on the demo warehouse, against hand-written SQL that shares
nothing with the compiler; and the combinations that have no share are refused with a clear message."""

from __future__ import annotations

import math
from typing import Any

import pytest
from pydantic import ValidationError

from assistant.engines import Engine
from assistant.guard import guard_sql
from semantic_layer import SemanticQuery, compile_query, load_model
from semantic_layer.errors import QueryError
from tests.conftest import AS_OF


@pytest.fixture(scope="module")
def model() -> Any:
    return load_model(as_of=AS_OF)


def run(model: Any, warehouse: Engine, query: dict[str, Any]) -> tuple[list[str], list[tuple[Any, ...]]]:
    compiled = compile_query(model, SemanticQuery.model_validate(query), as_of=AS_OF)
    guarded = guard_sql(compiled.sql, allowed_tables=model.tables(), row_cap=10_000, dialect="duckdb")
    frame = warehouse.run(guarded).frame
    return [c.name for c in compiled.columns], [tuple(row) for row in frame.itertuples(index=False, name=None)]


def independent(warehouse: Engine, sql: str) -> list[tuple[Any, ...]]:
    guarded = guard_sql(sql, allowed_tables=["customers", "orders", "tickets"], row_cap=10_000, dialect="duckdb")
    return [tuple(row) for row in warehouse.run(guarded).frame.itertuples(index=False, name=None)]


def same(left: list[tuple[Any, ...]], right: list[tuple[Any, ...]]) -> bool:
    if len(left) != len(right):
        return False
    for a, b in zip(sorted(left, key=str), sorted(right, key=str), strict=True):
        for x, y in zip(a, b, strict=True):
            if isinstance(x, str) or isinstance(y, str) or x is None or y is None:
                if x != y:
                    return False
            elif not math.isclose(float(x), float(y), rel_tol=1e-9):
                return False
    return True


def test_a_segments_share_of_a_sum_per_group_in_a_period(model: Any, demo_warehouse: Engine) -> None:
    columns, rows = run(
        model,
        demo_warehouse,
        {
            "metrics": ["revenue"],
            "dimensions": [{"name": "customer.tier"}],
            "time_range": {"start": "2026-06-01", "end": "2026-09-30"},
            "share": {"segments": ["members"]},
        },
    )
    assert columns == ["tier", "revenue", "revenue_total", "revenue_share"]
    expected = independent(
        demo_warehouse,
        """SELECT c.tier, COALESCE(SUM(o.amount) FILTER (WHERE c.is_member), 0), SUM(o.amount),
                  COALESCE(SUM(o.amount) FILTER (WHERE c.is_member), 0) / SUM(o.amount)
           FROM orders AS o JOIN customers AS c ON c.customer_id = o.customer_id
           WHERE o.status = 'completed' AND o.ordered_at >= DATE '2026-06-01' AND o.ordered_at < DATE '2026-10-01'
           GROUP BY c.tier""",
    )
    assert same(rows, expected), (rows, expected)
    assert all(0 < row[3] < 1 for row in rows)


def test_a_conditions_share_of_a_count_without_breakdown(model: Any, demo_warehouse: Engine) -> None:
    flt = {"field": "ticket.priority", "op": "in", "values": ["high", "medium"]}
    _, rows = run(model, demo_warehouse, {"metrics": ["tickets"], "share": {"filters": [flt]}})
    expected = independent(
        demo_warehouse,
        """SELECT COUNT(*) FILTER (WHERE priority IN ('high', 'medium')), COUNT(*),
                  COUNT(*) FILTER (WHERE priority IN ('high', 'medium')) * 1.0 / COUNT(*) FROM tickets""",
    )
    assert same(rows, expected), (rows, expected)


def test_each_groups_share_of_a_distinct_count_counts_each_key_once_in_the_total(
    model: Any, demo_warehouse: Engine
) -> None:
    """Customers buying in several categories are in several groups; the total counts them once."""
    columns, rows = run(
        model,
        demo_warehouse,
        {"metrics": ["buying_customers"], "dimensions": [{"name": "order.category"}], "share": {}},
    )
    assert columns == ["category", "buying_customers", "buying_customers_total", "buying_customers_share"]
    expected = independent(
        demo_warehouse,
        """SELECT o.category, COUNT(DISTINCT o.customer_id), t.n, COUNT(DISTINCT o.customer_id) * 1.0 / t.n
           FROM orders AS o
           CROSS JOIN (SELECT COUNT(DISTINCT customer_id) AS n FROM orders WHERE status = 'completed') AS t
           WHERE o.status = 'completed' GROUP BY o.category, t.n""",
    )
    assert same(rows, expected), (rows, expected)
    assert sum(row[3] for row in rows) > 1  # shares of a distinct count need not add up to 1


def test_each_groups_share_of_a_count_adds_up_to_one_and_keeps_order_and_limit(
    model: Any, demo_warehouse: Engine
) -> None:
    query = {"metrics": ["orders"], "dimensions": [{"name": "order.channel"}], "share": {}}
    _, every = run(model, demo_warehouse, query)
    assert math.isclose(sum(row[3] for row in every), 1.0)
    ranked = {**query, "order_by": [{"field": "orders", "direction": "desc"}], "limit": 1}
    _, top = run(model, demo_warehouse, ranked)
    assert top == [max(every, key=lambda row: row[1])]  # the share is of all groups, not of the one shown


@pytest.mark.parametrize("metric", ["average_order_value", "return_rate", "avg_csat", "nps"])
def test_a_rate_or_an_average_has_no_share(model: Any, metric: str) -> None:
    query = SemanticQuery.model_validate({"metrics": [metric], "share": {"segments": ["members"]}})
    with pytest.raises(QueryError, match="A share needs a count or a sum"):
        compile_query(model, query, as_of=AS_OF)


@pytest.mark.parametrize(
    "query",
    [
        {"metrics": ["orders"], "share": {}},  # no part and no groups
        {"kind": "records", "dimensions": [{"name": "order.order_id"}], "share": {"segments": ["members"]}},
        {"metrics": ["orders"], "segments": ["members"], "compare": {"segments": ["churned_customers"]}, "share": {}},
    ],
)
def test_a_share_needs_a_part_and_a_metrics_query(query: dict[str, Any]) -> None:
    with pytest.raises(ValidationError, match="share"):
        SemanticQuery.model_validate(query)
