"""Round 13 (after the merge): a population said first, as the topic of the message ('people who churned this year -
how many of them had …'), or in a relative clause after 'how many customers who …', is the population counted by
the semi-join: its segment is kept, and its own date dates it. Sentences of our own, with near-misses."""

from __future__ import annotations

import pytest

from semantic_layer import load_model
from tests.planner_cases import filters_of, query_of

MODEL = load_model()


@pytest.mark.parametrize(
    ("question", "segment", "condition", "field", "start"),
    [
        (
            "folks who churned last quarter - how many of them had ever raised a complaint?",
            "churned_customers",
            ("ticket.is_complaint", "=", [True]),
            "customer.churn_date",
            "2026-07-01",
        ),
        (
            "How many clients who churned in the past 6 months had filed a complaint?",
            "churned_customers",
            ("ticket.is_complaint", "=", [True]),
            "customer.churn_date",
            "2026-06-05",
        ),
        (
            "members who joined this year: how many of them have placed an order?",
            "members",
            ("order.order_id", "is_not_null", []),
            "customer.signup_date",
            "2026-01-01",
        ),
    ],
)
def test_the_population_of_a_topic_or_a_relative_clause_is_counted_with_its_segment(
    question: str, segment: str, condition: tuple[str, str, list[object]], field: str, start: str
) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == ["customers"] and query["segments"] == [segment]
    assert condition in filters_of(query)
    assert query["time_range"]["field"] == field and query["time_range"]["start"] == start


def test_the_events_of_a_topic_population_are_still_counted_as_events() -> None:
    query = query_of(MODEL, "people who churned this year - how many complaints did they file?")
    assert query["metrics"] == ["complaints"] and query["segments"] == ["churned_customers"]
