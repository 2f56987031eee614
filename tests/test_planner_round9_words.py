"""English words users write for what the model has (round 9, p12c), fixed as general readings and tested with
phrasings of my own: particles of generic verbs, durations asked in their unit, words that only lay the answer out,
shorthand of the trade, a population said to be included, a negated count named by its value, a record and the clause
saying its owners made it, the commonest value of a field, a measure's own rows said again and a share's base said
again (assistant/planner/inclusions.py, relative_records.py, commonest.py, restated_rows.py, denominators.py and the
shared word files)."""

from __future__ import annotations

from typing import Any

import pytest

from semantic_layer import load_model
from tests.planner_cases import dimension_names, filters_of, plan, query_of

MODEL = load_model()


def _period(query: dict[str, Any]) -> tuple[str, str] | None:
    time_range = query.get("time_range")
    return (time_range["start"], time_range["end"]) if time_range else None


# --- a particle of a generic verb adds nothing ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "how much in discounts did we give away in Q3 2026",
        "discounts handed out on completed orders last month",
        "total discounts we gave out this year",
    ],
)
def test_a_particle_of_giving_adds_nothing(question: str) -> None:
    assert query_of(MODEL, question)["metrics"][0] == "discounts"


# --- a duration asked in its unit, with who takes the time ----------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "how many hours is it taking the support team to resolve a ticket this month",
        "how many days is it taking us to get tickets resolved?",
        "on average how many hours does it take our service team to resolve tickets",
    ],
)
def test_a_duration_asked_in_hours_with_its_subject(question: str) -> None:
    assert query_of(MODEL, question)["metrics"] == ["avg_resolution_hours"]


def test_hours_taken_to_respond_is_the_first_response_time() -> None:
    query = query_of(MODEL, "how many hours did it take the support team to respond to tickets last week")
    assert query["metrics"] == ["avg_first_response_hours"]


# --- a measure's own rows said again are no filter ------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "average resolution time last month, only tickets that actually got resolved",
        "how long does it take to resolve tickets? count only the ones that were resolved",
        "avg resolution time of resolved tickets in Q3 2026",
    ],
)
def test_resolved_restates_the_resolution_time(question: str) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == ["avg_resolution_hours"]
    assert filters_of(query) == []


@pytest.mark.parametrize(
    ("question", "metric"),
    [
        ("average resolution time of closed tickets last month", "avg_resolution_hours"),
        ("how many tickets were resolved last month", "tickets"),
    ],
)
def test_another_state_or_a_count_still_filters(question: str, metric: str) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == [metric]
    assert [f[0] for f in filters_of(query)] == ["ticket.status"]


# --- words that only lay the answer out -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "average CSAT this year for members and non-members separately",
        "avg csat this year, members and non members individually",
    ],
)
def test_separately_splits_by_the_yes_no_field(question: str) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == ["avg_csat"]
    assert dimension_names(query) == ["customer.is_member"]


def test_each_combination_of_two_breakdowns() -> None:
    query = query_of(MODEL, "messages sent in October 2026 by campaign and by channel, one number per combination")
    assert query["metrics"] == ["touches_sent"]
    assert sorted(dimension_names(query)) == ["touch.campaign", "touch.channel"]


def test_sends_are_the_messages_sent() -> None:
    query = query_of(MODEL, "how many marketing sends last week")
    assert query["metrics"] == ["touches_sent"]


@pytest.mark.parametrize(
    ("question", "direction"),
    [
        ("tickets by channel this quarter, busiest first", None),
        ("rank the product categories by orders in 2025, busiest first", None),
        ("orders by channel last month, quietest first", "asc"),
    ],
)
def test_busiest_and_quietest_order_the_counts(question: str, direction: str | None) -> None:
    query = query_of(MODEL, question)
    order = query["order_by"][0]
    assert order["field"] == query["metrics"][0]
    assert order.get("direction") == direction


# --- shorthand of the trade -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "metric", "period"),
    [
        ("FRT last month", "avg_first_response_hours", ("2026-11-01", "2026-11-30")),
        ("avg TTR by priority this quarter", "avg_resolution_hours", ("2026-10-01", "2026-12-04")),
        ("TTM revenue", "revenue", ("2025-12-05", "2026-12-04")),
        ("revenue over the trailing twelve months", "revenue", ("2025-12-05", "2026-12-04")),
        ("orders, rolling 6 months", "orders", ("2026-06-05", "2026-12-04")),
        ("3h resp rate this month", "responded_within_3h_rate", ("2026-12-01", "2026-12-04")),
        ("order volume last month", "orders", ("2026-11-01", "2026-11-30")),
        ("complaint volume in October 2026", "complaints", ("2026-10-01", "2026-10-31")),
        ("sales volume last month", "orders", ("2026-11-01", "2026-11-30")),
    ],
)
def test_trade_shorthand(question: str, metric: str, period: tuple[str, str]) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"][0] == metric
    assert _period(query) == period


@pytest.mark.parametrize(
    ("question", "field", "value"),
    [
        ("avg csat aftersales touchpt this year", "survey.touchpoint", "after_sales"),
        ("nps by touchpt excluding post-sales", "survey.touchpoint", "after_sales"),
        ("revenue in sh last month", "customer.city", "Shanghai"),
        ("tier B cust count in gz", "customer.city", "Guangzhou"),
    ],
)
def test_shorthand_values(question: str, field: str, value: str) -> None:
    assert any(f[0] == field and f[2] == [value] for f in filters_of(query_of(MODEL, question)))


@pytest.mark.parametrize(
    "question",
    [
        "what share of tickets got a first reply inside the 3-hour SLA last month",
        "share of tickets with a first response within our 3h window in October 2026",
    ],
)
def test_an_hours_window_is_within_those_hours(question: str) -> None:
    assert query_of(MODEL, question)["metrics"] == ["responded_within_3h_rate"]


# --- the commonest value of a field ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "what was the most common churn reason among customers who churned in 2025",
        "among churned members, what's the single most frequent churn reason?",
    ],
)
def test_the_most_common_value_is_the_top_one(question: str) -> None:
    query = query_of(MODEL, question)
    assert dimension_names(query) == ["customer.churn_reason"]
    assert query["limit"] == 1


def test_the_most_common_complaints_stay_themes() -> None:
    query = query_of(MODEL, "what are the most common complaints from members this year")
    assert query["kind"] == "themes"


# --- a population said to be included -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "what share of our customers are members, churned ones included?",
        "of all customers on our books, including the churned ones, what share are members",
        "what proportion of customers, including churned, are members",
    ],
)
def test_an_included_population_is_no_filter(question: str) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == ["customers"]
    assert query.get("segments") is None
    assert filters_of(query) == []
    assert query["share"]["segments"] == ["members"]


def test_included_values_count_every_status() -> None:
    query = query_of(MODEL, "orders in November 2026, cancelled ones included")
    assert query["metrics"] == ["orders"]
    assert filters_of(query) == []


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("how many churned customers are members", ("churned_customers", [])),
        ("how many customers, excluding churned ones", ("customers", [("customer.status", "!=", ["churned"])])),
    ],
)
def test_a_population_not_said_to_be_included_still_filters(question: str, expected: tuple[str, list[Any]]) -> None:
    query = query_of(MODEL, question)
    assert (query["metrics"][0], filters_of(query)) == expected


# --- a negated count named by its value -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "orders in Q3 2026 excluding returns and cancellations",
        "orders in Q3 2026 excluding cancellations and returns",
        "revenue in Q3 2026 net of returns and cancellations",
    ],
)
def test_a_negated_list_of_values_leaves_all_of_them_out(question: str) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"][0] in ("orders", "revenue")
    assert [(f, op, sorted(v)) for f, op, v in filters_of(query)] == [
        ("order.status", "not_in", ["cancelled", "returned"])
    ]


def test_a_negated_count_alone_keeps_its_reading() -> None:
    assert filters_of(query_of(MODEL, "orders in Q3 2026 excluding returns")) == [("order.status", "!=", ["returned"])]
    assert plan(MODEL, "NPS leaving out detractors").status == "clarify"


# --- a record and the clause saying its owners made it --------------------------------------------------------------


def test_every_survey_they_answered() -> None:
    query = query_of(
        MODEL, "members who joined in 2025: what's their average nps over every survey they ever filled in?"
    )
    assert query["metrics"] == ["nps"]


@pytest.mark.parametrize(
    "question",
    [
        "the comments people left on app surveys last month: main themes?",
        "what are the themes of the comments customers have left on app surveys last month",
    ],
)
def test_the_comments_people_left(question: str) -> None:
    query = query_of(MODEL, question)
    assert query["kind"] == "themes" and query["text_field"] == "survey_comment"
    assert filters_of(query) == [("survey.touchpoint", "=", ["app"])]  # 'have left' is no churned filter


def test_a_population_making_the_records_is_not_dropped() -> None:
    assert plan(MODEL, "the surveys members answered last month").status == "clarify"


# --- a share's base said again --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "what share of last month's tickets got a first response within 3 hours? denominator = all tickets",
        "share of tickets with a first response within 3 hours in Q3 2026 (base: all tickets)",
    ],
)
def test_a_restated_base_is_no_condition(question: str) -> None:
    assert query_of(MODEL, question)["metrics"] == ["responded_within_3h_rate"]


@pytest.mark.parametrize(
    "question",
    [
        "what percentage of orders last month were returned? denominator: all orders",
        "what share of customers churned in 2025, denominator = all customers",
        "what share of tickets got a reply within 3 hours, denominator = resolved tickets",
    ],
)
def test_another_base_than_the_rate_has_is_asked_back(question: str) -> None:
    result = plan(MODEL, question)
    assert result.status == "clarify"
