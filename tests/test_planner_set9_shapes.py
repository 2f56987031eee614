"""Causes of blind set 9 (planner helper 'p9-en-shapes'): query shapes the planner could not express. Phrased unlike
set 9, with near-misses that must keep their old reading or be asked back."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.planner import grounding
from semantic_layer import load_model
from tests.planner_cases import plan, query_of


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


# ------------------------------------------------------------- distinct people who did an event in a period


@pytest.mark.parametrize(
    ("question", "condition", "dated_by"),
    [
        (
            "how many distinct customers made a completed purchase last month?",
            {"field": "order.status", "op": "=", "values": ["completed"]},
            "order.ordered_at",
        ),
        (
            "how many unique clients completed purchases in the past 2 weeks?",
            {"field": "order.status", "op": "=", "values": ["completed"]},
            "order.ordered_at",
        ),
        (
            "how many customers made a returned purchase in 2025?",
            {"field": "order.status", "op": "=", "values": ["returned"]},
            "order.ordered_at",
        ),
        (
            "how many members raised a high priority ticket this quarter?",
            {"field": "ticket.priority", "op": "=", "values": ["high"]},
            "ticket.created_at",
        ),
    ],
)
def test_people_with_described_rows_in_a_period(
    model: Any, question: str, condition: dict[str, Any], dated_by: str
) -> None:
    """The value before the object's noun describes the object's rows; the period dates them, not the sign-up."""
    query = query_of(model, question)
    assert query["metrics"] == ["customers"]
    assert condition in query["filters"]
    assert query["time_range"]["field"] == dated_by


@pytest.mark.parametrize(
    "question",
    [
        "how many different customers filed a complaint in the last 2 weeks?",
        "number of unique customers who complained in the past 30 days",
    ],
)
def test_different_customers_who_complained_are_counted_once(model: Any, question: str) -> None:
    query = query_of(model, question)
    if query["metrics"] == ["customers"]:
        assert query["filters"] == [{"field": "ticket.is_complaint", "op": "=", "values": [True]}]
        assert query["time_range"]["field"] == "ticket.created_at"
    else:
        assert query["metrics"] == ["complaining_customers"]
    assert query["time_range"]["start"] in ("2026-11-21", "2026-11-05")


@pytest.mark.parametrize(
    "question", ["how many different orders did members place last week?", "how many completed orders last month?"]
)
def test_rows_counted_stay_rows(model: Any, question: str) -> None:
    assert query_of(model, question)["metrics"] in (["orders"], ["completed_orders"])


# ------------------------------------------------------------------------ two named periods set against each other


@pytest.mark.parametrize(
    ("question", "start", "previous"),
    [
        ("was revenue higher in November or in October?", "2026-11-01", True),
        ("were complaints lower in Q2 or Q1 this year?", "2026-04-01", True),
        ("compare the NPS in Q3 with Q2", "2026-07-01", True),
        ("was AOV better in September, or in August?", "2026-09-01", True),
    ],
)
def test_two_periods_contrasted_by_or_are_compared(model: Any, question: str, start: str, previous: bool) -> None:
    query = query_of(model, question)
    assert query["time_range"]["start"] == start
    assert query["compare"]["previous_period"] is previous


@pytest.mark.parametrize("question", ["was revenue higher in October or in June?", "revenue in October or November"])
def test_periods_that_cannot_be_compared_or_are_not_contrasted_are_asked_back(model: Any, question: str) -> None:
    assert plan(model, question).status == "clarify"


# ------------------------------------------------------------------ the NPS question in the customer's words


@pytest.mark.parametrize(
    ("question", "op", "value"),
    [
        ("list survey responses from last month that scored 3 or below on would you recommend us", "<=", 3),
        ("how many responses rated 2 or less on how likely they are to recommend us in Q3?", "<=", 2),
        ("survey responses this year with a 'would you recommend us' score of 9 or more", ">=", 9),
    ],
)
def test_the_recommend_question_is_the_nps_score(model: Any, question: str, op: str, value: int) -> None:
    query = query_of(model, question)
    assert {"field": "survey.nps_score", "op": op, "values": [value]} in query["filters"]


# ------------------------------------------------------------------ shorthand that reads only once a typo is fixed


@pytest.mark.parametrize(
    ("question", "metric", "dims"),
    [
        ("avg ordr value by chnl last qtr", "average_order_value", ["order.channel"]),
        ("avg ordr value ytd", "average_order_value", []),
        ("avg rsltn time lst mnth", "avg_resolution_hours", []),
    ],
)
def test_abbreviation_before_a_typo_expands(model: Any, question: str, metric: str, dims: list[str]) -> None:
    result = plan(model, question)
    query = query_of(model, question)
    assert query["metrics"] == [metric]
    assert [d["name"] for d in query.get("dimensions", [])] == dims
    assert any(s.role == "correction" and s.text == "avg" for s in result.interpretation)


def test_order_value_alone_is_still_the_amount_field(model: Any) -> None:
    assert plan(model, "ordr value").status != "ok"


# ------------------------------------------------------------------------- a total per another count: the ratio


@pytest.mark.parametrize(
    ("question", "metric"),
    [
        ("what is the mean lifetime spend per paying customer?", "customer_lifetime_value"),
        ("revenue per buyer by region, all time", "customer_lifetime_value"),
        ("sales per completed order last quarter", "average_order_value"),
    ],
)
def test_a_total_per_a_count_is_the_models_ratio(model: Any, question: str, metric: str) -> None:
    result = plan(model, question)
    assert query_of(model, question)["metrics"] == [metric]
    assert grounding.unbacked(result.query, result.interpretation) == []


@pytest.mark.parametrize("question", ["what's the average revenue per customer", "average orders per member"])
def test_a_total_per_a_count_without_a_ratio_is_still_asked_back(model: Any, question: str) -> None:
    assert plan(model, question).status == "clarify"


# ------------------------------------------------------------------ 'take the longest / least time' ranks a duration


@pytest.mark.parametrize(
    ("question", "metric", "direction"),
    [
        ("which 2 ticket priorities take the longest to get resolved?", "avg_resolution_hours", "desc"),
        ("which categories take the most time to get resolved on average?", "avg_resolution_hours", "desc"),
        ("which ticket channel takes the least time to respond?", "avg_first_response_hours", "asc"),
    ],
)
def test_taking_the_longest_ranks_the_duration(model: Any, question: str, metric: str, direction: str) -> None:
    query = query_of(model, question)
    assert query["metrics"] == [metric]
    assert [(o["field"], o.get("direction", "desc")) for o in query["order_by"]] == [(metric, direction)]
    assert not query.get("filters")


def test_the_most_resolved_tickets_stay_a_count(model: Any) -> None:
    query = query_of(model, "which categories have the most resolved tickets?")
    assert query["metrics"] == ["tickets"]
    assert query["filters"] == [{"field": "ticket.status", "op": "=", "values": ["resolved"]}]


# ------------------------------------------------------------------ a period named again by pointing back at it


@pytest.mark.parametrize(
    ("question", "start", "end"),
    [
        ("revenue in Q3 from customers who signed up during that same period", "2026-07-01", "2026-09-30"),
        ("how many tickets did customers who joined this year open in that same period?", "2026-01-01", "2026-12-04"),
        ("over the last 30 days, how many orders came from customers who registered in those same 30 days?",
         "2026-11-05", "2026-12-04"),
    ],
)  # fmt: skip
def test_same_period_dates_the_population_too(model: Any, question: str, start: str, end: str) -> None:
    query = query_of(model, question)
    assert {"field": "customer.signup_date", "op": "between", "values": [start, end]} in query["filters"]
    assert (query["time_range"]["start"], query["time_range"]["end"]) == (start, end)


def test_a_pointer_with_no_period_before_it_is_asked_back(model: Any) -> None:
    assert plan(model, "orders in those same 7 days").status == "clarify"


# ------------------------------------------------ customers without any rows of an entity (now read: absence.py)


@pytest.mark.parametrize(
    ("question", "key"),
    [
        ("How many customers have never placed a single order?", "order.order_id"),
        ("how many members have never opened even a single ticket?", "ticket.ticket_id"),
    ],
)
def test_absence_over_all_time_is_the_anti_join(model: Any, question: str, key: str) -> None:
    query = query_of(model, question)
    assert query["metrics"] == ["customers"] and {"field": key, "op": "is_null"} in query["filters"]
    assert "time_range" not in query


def test_single_as_a_word_of_its_own_is_still_asked_back(model: Any) -> None:
    assert "single" in (plan(model, "single orders last month").clarification or "")
