"""'Which region grew the most?': a ranking by the change between two periods. Found in the chat: after
"revenue by region this year vs last year", "which grew the most" ranked regions by this year's revenue, and
"which region's revenue grew the most compared with last year" answered last year's top region — confidently
wrong. Now the ranking orders by the metric's change (`order_by: <metric>_change`, allowed with a comparison
with the previous period), is asked back when there is only one period, and the summary says rise or fall."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest

from assistant.contracts import Turn
from assistant.pipeline import final_answer, run_question
from assistant.runtime import Runtime
from assistant.settings import load_settings
from semantic_layer import SemanticQuery, compile_query, load_model
from semantic_layer.errors import QueryError
from tests.planner_cases import plan, query_of

AS_OF = date(2026, 12, 4)


@pytest.fixture(scope="module")
def model() -> Any:
    return load_model()


def after(model: Any, question: str) -> list[Turn]:
    return [Turn(question=question, query=plan(model, question).query)]


@pytest.mark.parametrize(
    ("first", "follow_up", "order"),
    [
        ("revenue by region this year vs last year", "which grew the most", ("revenue_change", "desc")),
        ("revenue by region this year vs last year", "which one had the biggest increase?", ("revenue_change", "desc")),
        ("本季度各品类订单数环比", "哪个下降最多", ("orders_change", "asc")),
        ("本季度各品类订单数环比", "哪个品类涨幅最大", ("orders_change", "desc")),
        ("churn rate by region this quarter vs last quarter", "which got worse the most", ("churn_rate_change", "desc")),
        ("churn rate by region this quarter vs last quarter", "which improved the most", ("churn_rate_change", "asc")),
    ],
)  # fmt: skip
def test_a_growth_ranking_after_a_comparison_orders_by_the_change(
    model: Any, first: str, follow_up: str, order: tuple[str, str]
) -> None:
    query = query_of(model, follow_up, after(model, first))
    assert query["compare"]["previous_period"] is True, query
    assert (query["order_by"][0]["field"], query["order_by"][0].get("direction", "desc")) == order
    assert query["limit"] == 1


@pytest.mark.parametrize(
    "question",
    [
        "which region's revenue grew the most compared with last year",
        "which category's orders dropped the most vs last month",
        "哪个区域的销售额同比增长最多",
        "哪个渠道的订单下滑得最快",
    ],
)
def test_a_growth_ranking_without_two_periods_is_asked_back(model: Any, question: str) -> None:
    result = plan(model, question)
    assert result.status == "clarify", result.query


@pytest.mark.parametrize("question", ["which region has the most revenue", "哪个区域销售额最高"])
def test_a_ranking_by_level_is_unchanged(model: Any, question: str) -> None:
    assert query_of(model, question)["order_by"][0]["field"] == "revenue"


def test_ordering_by_a_change_needs_a_comparison(model: Any) -> None:
    ranked = {"metrics": ["revenue"], "dimensions": [{"name": "customer.region"}],
              "order_by": [{"field": "revenue_change"}], "limit": 1}  # fmt: skip
    with pytest.raises(QueryError, match="Cannot order by 'revenue_change'"):
        compile_query(model, SemanticQuery.model_validate(ranked), as_of=AS_OF)
    compared = {
        **ranked,
        "time_range": {"start": "2026-10-01", "end": "2026-12-04"},
        "compare": {"previous_period": True},
    }
    sql = compile_query(model, SemanticQuery.model_validate(compared), as_of=AS_OF).sql
    assert "ORDER BY revenue_change DESC" in " ".join(sql.replace('"', "").split())


def test_the_lead_is_the_largest_change_computed_independently(demo_warehouse_path: Path, tmp_path: Path) -> None:
    settings = load_settings(warehouse=demo_warehouse_path, llm="offline", as_of=AS_OF, audit_log=tmp_path / "a.jsonl")
    question = "revenue by region this quarter vs last quarter, which grew the most"
    answer = final_answer(run_question(Runtime(settings), question))
    assert answer.status == "answered" and answer.row_count == 1, answer.message
    sums = """SELECT c.region, SUM(CASE WHEN o.ordered_at >= DATE '2026-10-01' THEN o.amount ELSE 0 END)
                - SUM(CASE WHEN o.ordered_at < DATE '2026-09-05' THEN o.amount ELSE 0 END) AS change
              FROM orders o JOIN customers c USING (customer_id)
              WHERE o.status = 'completed' AND o.ordered_at >= DATE '2026-07-01' AND o.ordered_at < DATE '2026-12-05'
              GROUP BY 1 ORDER BY 2 DESC LIMIT 1"""
    copy = tmp_path / "independent.duckdb"  # another connection in this process may hold the file
    shutil.copyfile(demo_warehouse_path, copy)
    with duckdb.connect(str(copy), read_only=True) as con:
        region, change = con.execute(sums).fetchall()[0]
    assert answer.rows[0][0] == region
    assert answer.rows[0][answer.columns.index("revenue_change")] == pytest.approx(float(change))
    assert answer.summary.startswith(f"{region} had the largest increase in revenue"), answer.summary
    assert any("change" in a for a in answer.assumptions)
