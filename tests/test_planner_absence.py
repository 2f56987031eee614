"""Populations defined by having NO rows of another entity (absence.py): 'customers who never placed an order',
'会员里从来没投诉过的', dated by the period next to the event, read as `is_null` on the other entity's key (the anti-join
the compiler writes as NOT EXISTS). Phrasings of my own, not in any eval set, with near-misses: 'not' on a field value
or a population keeps its reading, and an absence whose period could date either side is asked back."""

from __future__ import annotations

from typing import Any

import pytest

from semantic_layer import load_model
from tests.planner_cases import plan, query_of


@pytest.fixture(scope="module")
def model() -> Any:
    return load_model()


NO_ORDER = ("order.order_id", "is_null", [])
NO_TICKET = ("ticket.ticket_id", "is_null", [])
COMPLAINT = ("ticket.is_complaint", "=", [True])
COMPLETED = ("order.status", "=", ["completed"])


def _filters(query: dict[str, Any]) -> set[tuple[str, str, tuple[Any, ...]]]:
    return {(f["field"], f["op"], tuple(f.get("values", []))) for f in query.get("filters", [])}


def _wanted(*filters: tuple[str, str, list[Any]]) -> set[tuple[str, str, tuple[Any, ...]]]:
    return {(field, op, tuple(values)) for field, op, values in filters}


def _dated(query: dict[str, Any]) -> tuple[str | None, str, str] | None:
    found = query.get("time_range")
    return (found.get("field"), found["start"], found["end"]) if found else None


# -- 1. rows with no rows of another entity at all ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "segments", "absent"),
    [
        ("how many customers have never placed an order?", [], [NO_ORDER]),
        ("number of customers with no orders", [], [NO_ORDER]),
        ("count the customers without any order", [], [NO_ORDER]),
        ("how many customers don't have a ticket", [], [NO_TICKET]),
        ("members who never opened a ticket: how many", ["members"], [NO_TICKET]),
        ("how many churned customers never filed a complaint", ["churned_customers"], [COMPLAINT, NO_TICKET]),
        ("how many customers have no completed orders", [], [COMPLETED, NO_ORDER]),
        ("从来没下过单的客户有几个", [], [NO_ORDER]),
        ("从没下过订单的会员有多少", ["members"], [NO_ORDER]),
        ("有多少会员从来没有投诉过", ["members"], [COMPLAINT, NO_TICKET]),
    ],
)  # fmt: skip
def test_a_population_with_no_related_rows_is_the_anti_join(
    model: Any, question: str, segments: list[str], absent: list[tuple[str, str, list[Any]]]
) -> None:
    query = query_of(model, question)
    assert query["metrics"] == ["customers"], question
    assert query.get("segments", []) == segments and _filters(query) == _wanted(*absent), question
    assert "time_range" not in query, question


def test_the_denial_is_explained_as_the_absence_filter(model: Any) -> None:
    result = plan(model, "how many members have never placed an order?")
    said = {(s.text, s.role, s.target) for s in result.interpretation}
    assert ("never", "filter", "order.order_id") in said


# -- 2. the period next to the event dates the absent rows; one against the population's own event dates it -------


@pytest.mark.parametrize(
    ("question", "absent", "dated"),
    [
        ("how many members did not open a ticket last month", [NO_TICKET],
         ("ticket.created_at", "2026-11-01", "2026-11-30")),
        ("how many customers haven't placed an order since September", [NO_ORDER],
         ("order.ordered_at", "2026-09-01", "2026-12-04")),
        ("上个月没有下单的会员有多少", [NO_ORDER], ("order.ordered_at", "2026-11-01", "2026-11-30")),
        ("今年没投诉过的客户有多少", [COMPLAINT, NO_TICKET], ("ticket.created_at", "2026-01-01", "2026-12-04")),
        ("how many customers who signed up in 2025 never ordered", [NO_ORDER],
         ("customer.signup_date", "2025-01-01", "2025-12-31")),
        ("去年注册但从没下过单的客户有多少", [NO_ORDER], ("customer.signup_date", "2025-01-01", "2025-12-31")),
        ("2025年注册的客户中，从没下过单的有多少", [NO_ORDER], ("customer.signup_date", "2025-01-01", "2025-12-31")),
    ],
)  # fmt: skip
def test_the_period_dates_the_event_it_stands_next_to(
    model: Any, question: str, absent: list[tuple[str, str, list[Any]]], dated: tuple[str, str, str]
) -> None:
    query = query_of(model, question)
    assert query["metrics"] == ["customers"] and _filters(query) - {("customer.status", "=", ("active",))} == _wanted(
        *absent
    ), question
    assert _dated(query) == dated, question


def test_a_verb_that_is_also_a_value_is_the_verb(model: Any) -> None:
    """'did not open a ticket': any ticket, not an open one; 'no open tickets' keeps the status."""
    assert ("ticket.status", "=", ("open",)) not in _filters(query_of(model, "how many members did not open a ticket"))
    assert ("ticket.status", "=", ("open",)) in _filters(query_of(model, "how many customers have no open tickets"))


# -- 3. other answers over the same population: rates, other metrics, records ----------------------------------


@pytest.mark.parametrize(
    ("question", "metric", "absent"),
    [
        ("what is the churn rate of customers who never placed an order", "churn_rate", [NO_ORDER]),
        ("没有投诉过的客户流失率是多少", "churn_rate", [COMPLAINT, NO_TICKET]),
        ("revenue from members who never complained", "revenue", [COMPLAINT, NO_TICKET]),
    ],
)
def test_rates_and_other_metrics_over_the_absent_population(
    model: Any, question: str, metric: str, absent: list[tuple[str, str, list[Any]]]
) -> None:
    query = query_of(model, question)
    assert query["metrics"] == [metric] and _wanted(*absent) <= _filters(query), question


def test_listed_rows_are_the_population_not_the_absent_rows(model: Any) -> None:
    query = query_of(model, "show 5 high-value customers that had no ticket in the last 30 days")
    assert query["kind"] == "records" and query["limit"] == 5
    assert {d["name"].partition(".")[0] for d in query["dimensions"]} == {"customer"}
    assert _filters(query) == _wanted(NO_TICKET) and query["segments"] == ["high_value_customers"]
    assert _dated(query) == ("ticket.created_at", "2026-11-05", "2026-12-04")


def test_the_absence_the_model_names_is_its_population(model: Any) -> None:
    query = query_of(model, "how many active customers have had no completed order in the last 90 days")
    assert "silent_customers" in query["segments"] and not query.get("filters") and "time_range" not in query


# -- 4. near-misses: a denial of a value or a population, an unclear period --------------------------------------


@pytest.mark.parametrize(
    ("question", "kept"),
    [
        ("how many orders were not completed", ("order.status", "!=", ("completed",))),
        ("how many customers are not active", ("customer.status", "!=", ("active",))),
        ("未关闭的工单有多少", ("ticket.status", "!=", ("closed",))),
        ("how many tickets are not complaints", ("ticket.is_complaint", "=", (False,))),
    ],
)
def test_not_on_a_field_value_keeps_its_reading(model: Any, question: str, kept: tuple[str, str, tuple[Any]]) -> None:
    query = query_of(model, question)
    assert kept in _filters(query) and not any(op == "is_null" for _, op, _ in _filters(query)), question


@pytest.mark.parametrize(
    "question",
    [
        "revenue last month from customers who never complained",  # the month of the revenue or of the complaints?
        "上个月从没投诉过的客户贡献了多少营收",
        "orders last quarter from members who never complained",  # never the count of those members
        "how many tickets had no response",  # no related rows of a ticket
    ],
)
def test_an_absence_it_cannot_place_is_asked_back(model: Any, question: str) -> None:
    assert plan(model, question).status == "clarify", question


def test_the_question_back_names_the_period_and_the_absence(model: Any) -> None:
    text = plan(model, "revenue this quarter from members who never complained").clarification or ""
    assert "this quarter" in text and "never complained" in text


def test_a_rejected_answer_form_denies_no_rows(model: Any) -> None:
    query = query_of(model, "complaint count this year - the total, not the number of complaining customers")
    assert not any(op == "is_null" for _, op, _ in _filters(query))


def test_the_positive_semi_join_is_unchanged(model: Any) -> None:
    query = query_of(model, "how many customers had a ticket last month")
    assert ("ticket.ticket_id", "is_not_null", ()) in _filters(query)
