"""Round 9 (p12d): query shapes that were asked back, with sentences of our own and near-misses that must not change:
a breakdown said first and closed by a comma, a period pointed back to beside a breakdown, a clause restating a
rate's denominator, 'rank our N <groups>', 'today' said of an undated state, 'is enough' after the columns asked,
values the warehouse holds for a listed field, 'which <people> <population verb>' and 'whether each is <state>'."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.contracts import detect_language
from assistant.engines.base import Engine
from assistant.planner import plan_question
from assistant.warehouse_values import with_warehouse_values
from semantic_layer import SemanticModel, load_model
from tests.planner_cases import AS_OF, query_of

MODEL = load_model()


def _plan(question: str, model: SemanticModel = MODEL) -> Any:
    return plan_question(question, [], model, AS_OF, detect_language(question))


def _query(question: str, model: SemanticModel = MODEL) -> dict[str, Any]:
    return query_of(model, question)


def _dims(query: dict[str, Any]) -> list[str]:
    return [d["name"] for d in query.get("dimensions", [])]


def _filters(query: dict[str, Any]) -> dict[str, tuple[str, list[Any]]]:
    return {f["field"]: (f["op"], f["values"]) for f in query.get("filters", [])}


def _compares_previous(query: dict[str, Any]) -> bool:
    return bool((query.get("compare") or {}).get("previous_period"))


@pytest.mark.parametrize(
    ("question", "metric", "field"),
    [
        ("For each channel, complaints in October", "complaints", "ticket.channel"),
        ("per tier, complaints last quarter", "complaints", "customer.tier"),
        ("For every region, complaints this year", "complaints", "customer.region"),
        ("For each category, revenue in 2025", "revenue", "order.category"),
    ],
)
def test_a_breakdown_said_first_is_followed_by_the_measure(question: str, metric: str, field: str) -> None:
    query = _query(question)
    assert query["metrics"] == [metric]
    assert _dims(query) == [field]
    assert not _filters(query)


def test_a_breakdown_list_still_chains_after_a_measure() -> None:
    query = _query("revenue by region, channel")
    assert query["metrics"] == ["revenue"]
    assert len(_dims(query)) == 2


@pytest.mark.parametrize(
    "question",
    [
        "For each tier, complaints in Q2 2026 compared with Q1 2026",
        "complaints by tier last month next to the month before",
        "For each region, complaints last week alongside the week before",
        "revenue by channel in September beside the month before",
    ],
)
def test_a_period_pointed_back_to_is_compared_beside_a_breakdown(question: str) -> None:
    query = _query(question)
    assert _compares_previous(query)
    assert _dims(query)


def test_groups_set_against_each_other_in_one_window_are_no_period_comparison() -> None:
    query = _query("app vs web revenue last month")
    assert not _compares_previous(query)


@pytest.mark.parametrize(
    "question",
    [
        "churn rate by quarter this year, using the opening customer base as the denominator",
        "monthly churn rate in 2025 - use each month's opening base as the denominator",
        "今年每个月的流失率，以期初客户数为分母",
        "今年每个月的流失率，分母是月初活跃客户数",
        "share of tickets answered within 3 hours last month, denominator = all tickets",
    ],
)
def test_a_clause_restating_the_rates_denominator_is_excused(question: str) -> None:
    query = _query(question)
    assert len(query["metrics"]) == 1
    assert query["metrics"][0] in ("churn_rate", "responded_within_3h_rate")


@pytest.mark.parametrize(
    "question",
    [
        "churn rate by quarter this year, using all customers as the denominator",
        "今年每个月的流失率，分母用全部客户",
    ],
)
def test_another_denominator_is_still_asked_back(question: str) -> None:
    assert _plan(question).status == "clarify"


@pytest.mark.parametrize(
    ("question", "metric", "field", "limit"),
    [
        ("Rank our three marketing channels by delivery rate in 2025", "delivery_rate", "touch.channel", 3),
        ("rank the 5 regions by revenue last quarter", "revenue", "customer.region", 5),
        ("sort our five product categories by return rate", "return_rate", "order.category", 5),
    ],
)
def test_rank_our_n_groups_ranks_those_groups(question: str, metric: str, field: str, limit: int) -> None:
    query = _query(question)
    assert query["metrics"] == [metric]
    assert _dims(query) == [field]
    assert query["limit"] == limit
    assert query["order_by"][0]["field"] == metric


def test_ranking_without_a_number_keeps_every_group() -> None:
    query = _query("rank our channels by conversion rate this year")
    assert "limit" not in query or query["limit"] is None


@pytest.mark.parametrize(
    "question",
    [
        "Of the customers who joined via the app in 2024, how many are still active today?",
        "how many members who signed up in Q1 2026 are active today",
        "2024年注册的客户里，今天还活跃的有多少",
    ],
)
def test_today_said_of_an_undated_state_is_the_state_now(question: str) -> None:
    query = _query(question)
    time_range = query["time_range"]
    assert time_range.get("field", "customer.signup_date") == "customer.signup_date"  # the metric's own: sign-up
    assert time_range["start"].endswith("-01-01") and time_range["start"] != AS_OF.isoformat()


def test_active_today_alone_is_no_sign_up_date() -> None:
    query = _query("how many customers are active today")
    assert "time_range" not in query


def test_churned_today_keeps_its_date() -> None:
    query = _query("how many customers churned today")
    assert query["time_range"]["field"] == "customer.churn_date"
    assert query["time_range"]["start"] == AS_OF.isoformat()


@pytest.mark.parametrize(
    "question",
    [
        "list the 4 most recent returned orders from members - order id and amount is enough",
        "show the 3 latest complaints from Shanghai customers; ticket id and date will suffice",
    ],
)
def test_enough_after_the_columns_asked_says_nothing_of_the_data(question: str) -> None:
    query = _query(question)
    assert query["kind"] == "records"


@pytest.fixture(scope="module")
def warehouse_model(demo_warehouse: Engine) -> SemanticModel:
    return with_warehouse_values(MODEL, demo_warehouse)


def test_the_warehouse_adds_values_a_listed_field_lacks(warehouse_model: SemanticModel) -> None:
    listed = set(MODEL.entities["customer"].dimensions["city"].sample_values)
    held = set(warehouse_model.entities["customer"].dimensions["city"].sample_values)
    assert listed < held
    assert MODEL.entities["customer"].dimensions["region"].exhaustive or (
        warehouse_model.entities["customer"].dimensions["region"].sample_values
        == MODEL.entities["customer"].dimensions["region"].sample_values
    )


def test_a_city_the_warehouse_holds_is_read_as_the_city(warehouse_model: SemanticModel) -> None:
    assert _plan("revenue in Hefei last month").status == "clarify"  # the model's list alone lacks it
    query = _query("revenue in Hefei last month", warehouse_model)
    assert _filters(query) == {"customer.city": ("=", ["Hefei"])}
    query = _query("how many tier B customers do we have in hangzhou", warehouse_model)
    assert _filters(query)["customer.city"] == ("=", ["Hangzhou"])


def test_a_place_no_field_holds_is_still_asked_back(warehouse_model: SemanticModel) -> None:
    planned = _plan("revenue in Gotham last month", warehouse_model)
    assert planned.status == "clarify" and "gotham" in planned.unrecognized


@pytest.mark.parametrize(
    ("question", "segment"),
    [
        ("Which customers churned last quarter because of price? IDs please", "churned_customers"),
        ("which customers in Shanghai churned in 2025", "churned_customers"),
    ],
)
def test_which_people_did_a_population_event_lists_them(question: str, segment: str) -> None:
    query = _query(question)
    assert query["kind"] == "records"
    assert segment in query.get("segments", [])
    assert query["time_range"]["field"] == "customer.churn_date"


def test_which_people_ranked_by_a_measure_is_still_a_ranking() -> None:
    query = _query("which customers in Wuhan placed the most orders")
    assert query.get("kind", "metrics") == "metrics" and query["metrics"] == ["orders"]


@pytest.mark.parametrize(
    "question",
    [
        "list the tier-B customers in Chengdu with their IDs and whether each is still active",
        "show the members in Beijing and whether they are still active",
    ],
)
def test_whether_each_is_a_state_shows_it_for_every_row(question: str) -> None:
    query = _query(question)
    assert query["kind"] == "records"
    assert "active_customers" not in query.get("segments", [])
    assert "customer.status" not in _filters(query)


def test_a_state_asked_as_a_condition_still_filters() -> None:
    query = _query("list the active members in Beijing")
    assert query["kind"] == "records"
    assert "active_customers" in query.get("segments", []) or _filters(query).get("customer.status") == (
        "=",
        ["active"],
    )
