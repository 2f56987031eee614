"""A condition on a measure that picks groups ('which cities have an AOV above 500') is asked back, never read as a
filter on the rows' number column (each order's amount): assistant/planner/group_conditions.py. Found in the chat."""

from __future__ import annotations

import pytest

from semantic_layer import load_model
from tests.planner_cases import plan, query_of

MODEL = load_model()


@pytest.mark.parametrize(
    "question",
    [
        "哪些城市的客单价超过500",
        "which cities have an AOV above 500",
        "which channels had csat below 3",
        "regions where churn rate is over 5%",
        "哪些大区的流失率高于5%",
        "which categories have a return rate over 10%",
    ],
)
def test_groups_picked_by_their_measure_are_asked_back(question: str) -> None:
    result = plan(MODEL, question)
    assert result.status == "clarify" and result.query is None, result.query
    assert "rank" in (result.clarification or "") or "排序" in (result.clarification or "")


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ("orders over 500 yuan by city", "order.amount"),  # a count of rows: the rows' amount
        ("客单价超过500的订单有多少", "order.amount"),  # the orders themselves, no group picked
        ("how many orders above 500 yuan in each region", "order.amount"),
    ],
)
def test_rows_over_a_value_are_still_filtered(question: str, field: str) -> None:
    query = query_of(MODEL, question)
    assert query["filters"][0]["field"] == field and query["filters"][0]["op"] == ">"
