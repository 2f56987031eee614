"""Round 9, p12a: words attached to the wrong field or role (wrong answers of blind sets 11 and 13 and causes left
from round 8). Sentences of our own, each cause with paraphrases and near-misses that must not change."""

from __future__ import annotations

import pytest

from assistant.contracts import detect_language
from assistant.planner import plan_question
from semantic_layer import load_model
from tests.planner_cases import AS_OF, history_of, query_of

MODEL = load_model()


def _plan(question: str, *earlier: str):  # type: ignore[no-untyped-def]
    return plan_question(question, history_of(MODEL, *earlier), MODEL, AS_OF, detect_language(question))


def _query(question: str, *earlier: str) -> dict:
    return query_of(MODEL, question, history_of(MODEL, *earlier))


def _fields(query: dict) -> set[str]:
    return {f["field"] for f in query.get("filters", [])}


# 1. The team that does a metric's event (who replies, who resolves) is part of the metric, not a value.
@pytest.mark.parametrize(
    ("question", "metric"),
    [
        ("客服上周平均要多久才第一次回复工单", "avg_first_response_hours"),
        ("客服团队本月平均多久解决一张工单", "avg_resolution_hours"),
        ("客服的平均首次响应时长是多少", "avg_first_response_hours"),
        ("how long does customer service usually take to reply?", "avg_first_response_hours"),
        ("how quickly did support respond to tickets in October", "avg_first_response_hours"),
        ("support's average resolution time this quarter", "avg_resolution_hours"),
        ("average first response time of our support team last week", "avg_first_response_hours"),
    ],
)
def test_the_team_doing_the_event_is_no_filter(question: str, metric: str) -> None:
    query = _query(question)
    assert query["metrics"] == [metric]
    assert not query.get("filters"), query


def test_the_team_keeps_the_period_beside_it() -> None:
    query = _query("客服上个月平均多久回复")
    assert (query["time_range"]["start"], query["time_range"]["end"]) == ("2026-11-01", "2026-11-30")


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ("因为客服原因流失的客户有多少", "customer.churn_reason"),  # the churn reason, as said
        ("客服原因流失的客户平均首响时长", "customer.churn_reason"),  # a cause before a noun, not the team
        ("customers who left because of support: their average first response time", "customer.churn_reason"),
        ("average resolution time for delivery tickets", "ticket.category"),
    ],
)
def test_a_value_said_as_a_cause_or_category_stays(question: str, field: str) -> None:
    planned = _plan(question)
    if planned.status == "ok":
        assert planned.query is not None
        assert field in _fields(planned.query.model_dump(mode="json")) or planned.query.segments


# 2. A bracket or 'i.e.' clause spelling out what a negation leaves restates it: no breakdown, no extra exclusion.
@pytest.mark.parametrize(
    "question",
    [
        "How many orders in 2025 were not completed (i.e. returned or cancelled)?",
        "orders last month that never got completed, that is cancelled or returned",
        "今年没完成的订单（也就是退货和取消的）一共多少单",
        "上季度未完成的订单有多少，即取消或退货的",
    ],
)
def test_values_restating_a_negation_add_nothing(question: str) -> None:
    query = _query(question)
    assert query["metrics"] == ["orders"]
    assert not query.get("dimensions")
    assert query["filters"] == [{"field": "order.status", "op": "!=", "values": ["completed"]}]


@pytest.mark.parametrize(
    "question", ["非A类客户（即B、C、D类）有多少", "how many customers outside tier A (i.e. B, C or D)"]
)
def test_a_restated_tier_complement_adds_nothing(question: str) -> None:
    query = _query(question)
    assert query["filters"] == [{"field": "customer.tier", "op": "!=", "values": ["A"]}]


def test_listed_values_without_a_negation_keep_their_reading() -> None:
    query = _query("how many orders were returned or cancelled this year")
    statuses = [f for f in query["filters"] if f["field"] == "order.status"]
    assert statuses == [{"field": "order.status", "op": "in", "values": ["returned", "cancelled"]}]


# 3. Chinese record lists: '最近…的N个X是哪几位 / 是哪些 / 是谁' lists N rows, '哪几' is no 'how many'.
@pytest.mark.parametrize(
    ("question", "order", "limit"),
    [
        ("最近注册的4个华东区会员是哪几位？列出客户编号", ("customer.signup_date", "desc"), 4),
        ("最近注册的5个北京会员是哪些", ("customer.signup_date", "desc"), 5),
        ("最早注册的2个华北客户是哪几位", ("customer.signup_date", "asc"), 2),
        ("最新流失的3个B类客户是哪几个？要客户编号", ("customer.churn_date", "desc"), 3),
    ],
)
def test_which_ones_after_recent_n_lists_rows(question: str, order: tuple[str, str], limit: int) -> None:
    query = _query(question)
    assert query["kind"] == "records" and query["limit"] == limit
    assert (query["order_by"][0]["field"], query["order_by"][0].get("direction", "desc")) == order
    assert not query.get("metrics")


@pytest.mark.parametrize(
    ("question", "metric"), [("上个月有几个客户流失", "churned_customers"), ("华东有几位会员", "customers")]
)
def test_how_many_with_a_measure_word_is_still_a_count(question: str, metric: str) -> None:
    assert _query(question)["metrics"] == [metric]


# 4. A floor on how many events each customer had: the model's metric with that floor, or asked back.
@pytest.mark.parametrize(
    "question",
    [
        "去年下单两次及以上的客户有多少",
        "今年买了至少两单的客户有几个",
        "how many customers placed at least two completed orders in 2025",
        "number of customers with more than one completed order this year",
    ],
)
def test_two_or_more_purchases_is_the_repeat_buyer_count(question: str) -> None:
    query = _query(question)
    assert query["metrics"] == ["repeat_buyers"]
    assert not any(f["field"].startswith("order.") for f in query.get("filters", []))
    assert query.get("time_range", {}).get("field") in (None, "order.ordered_at")


def test_repeat_buyers_keep_the_population() -> None:
    query = _query("how many members placed at least 2 completed orders this year")
    assert query["metrics"] == ["repeat_buyers"] and query["segments"] == ["members"]


@pytest.mark.parametrize(
    "question",
    [
        "今年下单3次及以上的客户有多少",
        "how many customers made 4 or more purchases in 2025",
        "how many customers placed 2 or more orders last year",  # orders of any status: not the repeat buyers
        "去年投诉过多次的客户有多少",
        "how many customers complained more than once last quarter",
    ],
)
def test_another_floor_or_event_is_asked_back(question: str) -> None:
    planned = _plan(question)
    assert planned.status == "clarify", planned.query


@pytest.mark.parametrize(
    ("question", "metric"),
    [("how many customers placed an order last year", "customers"), ("去年有多少复购客户", "repeat_buyers")],
)
def test_counts_without_a_floor_are_unchanged(question: str, metric: str) -> None:
    assert _query(question)["metrics"] == [metric]


# 5a. A population named like a count metric after 'by / from' an entity noun is whose rows, not the metric.
@pytest.mark.parametrize(
    ("question", "metric", "segments"),
    [
        ("orders by churned customers", "orders", ["churned_customers"]),
        ("tickets by churned customers who were members", "tickets", ["churned_customers", "members"]),
        ("orders by lost members", "orders", ["churned_customers", "members"]),
        ("survey responses submitted by churned customers", "survey_responses", ["churned_customers"]),
    ],
)
def test_a_population_after_by_is_whose_rows(question: str, metric: str, segments: list[str]) -> None:
    query = _query(question)
    assert query["metrics"] == [metric]
    churned = [
        f for f in query.get("filters", []) if f == {"field": "customer.status", "op": "=", "values": ["churned"]}
    ]
    assert sorted(query.get("segments", []) + ["churned_customers"] * len(churned)) == sorted(segments)
    assert not query.get("dimensions")


@pytest.mark.parametrize(
    ("question", "dimension"),
    [("churned customers by region", "customer.region"), ("orders by tier", "customer.tier")],
)
def test_a_field_after_by_is_still_a_breakdown(question: str, dimension: str) -> None:
    assert _query(question)["dimensions"] == [{"name": dimension}]


# 5b. The bound of a comparison is no row limit.
@pytest.mark.parametrize(
    ("question", "limit"),
    [
        ("list orders with an amount above 800 newest first", None),
        ("show orders worth over 3000 oldest first", None),
        ("list 6 orders with an amount over 800 oldest first", 6),
    ],
)
def test_a_bound_before_a_sort_word_is_no_limit(question: str, limit: int | None) -> None:
    query = _query(question)
    assert query["kind"] == "records" and query.get("limit") == limit
    assert query["filters"][0]["op"] == ">"


def test_the_latest_n_is_still_a_limit() -> None:
    assert _query("the 7 latest orders with an amount over 500")["limit"] == 7


# 5c. 'the most <people> <verb of a rate>' counts the people, it does not rank by the rate.
@pytest.mark.parametrize(
    ("question", "direction"),
    [
        ("which city had the most customers churn in 2025", "desc"),
        ("which tier had the fewest members churn this year", "asc"),
    ],
)
def test_the_most_people_who_churn_is_a_count(question: str, direction: str) -> None:
    query = _query(question)
    assert query["metrics"] == ["churned_customers"]
    assert query["order_by"][0]["field"] == "churned_customers"
    assert query["order_by"][0].get("direction", "desc") == direction


def test_the_highest_churn_is_still_the_rate() -> None:
    assert _query("which city has the highest churn")["metrics"] == ["churn_rate"]
