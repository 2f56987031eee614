"""Causes of blind set 9 (planner helper 'p9-en-shapes'): query shapes the planner could not express. Phrased unlike
set 9, with near-misses that must keep their old reading or be asked back."""

from __future__ import annotations

from typing import Any

import pytest

from semantic_layer import load_model
from tests.planner_cases import query_of


@pytest.fixture(scope="module")
def model() -> Any:
    return load_model()


# ------------------------------------------------------------------ a share of a population named with a relative clause


@pytest.mark.parametrize(
    ("question", "base_filters", "part_field"),
    [
        ("Out of all customers who have ever churned, what percentage gave price as the reason?", [], "churn_reason"),
        ("among everyone who has churned, what proportion gave delivery as the reason?", [], "churn_reason"),
        ("what share of customers who have churned were tier A?", [], "tier"),
        ("Of everyone who left us, what percentage left because of price?", [], "churn_reason"),
    ],
)
def test_share_of_a_population_named_by_a_relative_clause(
    model: Any, question: str, base_filters: list[Any], part_field: str
) -> None:
    query = query_of(model, question)
    assert query["metrics"] == ["churned_customers"]
    assert query.get("filters", []) == base_filters
    assert [f["field"] for f in query["share"]["filters"]] == [f"customer.{part_field}"]


def test_share_of_everyone_we_lost_keeps_the_churned_as_the_whole(model: Any) -> None:
    query = query_of(model, "Of everyone we have lost, what percentage left because of price?")
    assert "churn_rate" not in query["metrics"]
    assert {"field": "customer.status", "op": "=", "values": ["churned"]} in query.get("filters", [])
    assert query["share"]["filters"] == [{"field": "customer.churn_reason", "op": "=", "values": ["price"]}]


def test_share_of_members_among_customers_who_have_churned(model: Any) -> None:
    query = query_of(model, "what percentage of customers who have churned were members?")
    assert query["metrics"] == ["churned_customers"]
    assert query["share"]["segments"] == ["members"]


@pytest.mark.parametrize("question", ["what share of customers churned?", "what percentage of customers have churned?"])
def test_share_of_customers_that_churned_stays_the_churn_rate(model: Any, question: str) -> None:
    query = query_of(model, question)
    assert query["metrics"] == ["churn_rate"]
    assert "share" not in query
