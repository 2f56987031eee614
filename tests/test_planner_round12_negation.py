"""Round 12 (p15b): negation, absence and two-group splits. A group set against everyone outside it ('members vs
everybody else', '会员和其他人'), both sides of a yes/no field beside another breakdown ('with and without … in each
region') or written as its answers ('yes / no', 'y/n', '是/否'), and an answer form or measure the asker turns down
('not the count this time', 'count please, not NPS'). Sentences of our own, with near-misses that must not change."""

from __future__ import annotations

from pathlib import Path

import pytest

from semantic_layer import load_model
from tests.planner_cases import asked_back, dimension_names, filters_of, query_of

MODEL = load_model(Path("semantic_layer/models/customer_analytics.yml"))


@pytest.mark.parametrize(
    ("question", "field", "metric"),
    [
        ("members vs everybody else, average order value this year", "customer.is_member", "average_order_value"),
        ("return rate last quarter: members compared with the rest", "customer.is_member", "return_rate"),
        ("app bound customers vs all the others - repurchase rate in 2026", "customer.app_bound", "repurchase_rate"),
        ("average first response time last month, complaints vs everything else", "ticket.is_complaint",
         "avg_first_response_hours"),
        ("会员和其他人的退货率对比", "customer.is_member", "return_rate"),
        ("投诉工单跟其余的比，今年平均解决时长", "ticket.is_complaint", "avg_resolution_hours"),
    ],
)  # fmt: skip
def test_a_yes_no_group_against_the_rest_is_a_split_by_its_field(question: str, field: str, metric: str) -> None:
    query = query_of(MODEL, question)
    assert dimension_names(query) == [field]
    assert query["metrics"] == [metric]
    assert not query.get("segments") and not [f for f in filters_of(query) if f[0] == field]
    assert not query.get("compare")  # 'vs' is the two groups, not the previous period


@pytest.mark.parametrize(
    "question",
    [
        "tier A customers vs everyone else, revenue in Q3 2026",
        "North vs other regions: orders last month",
        "华东和其他区域的销售额对比",
    ],
)
def test_one_value_of_a_field_of_many_against_the_rest_is_asked_back(question: str) -> None:
    """Two groups (the value and not the value) no breakdown gives: the question back offers the breakdown."""
    assert asked_back(MODEL, question)


def test_a_period_against_the_rest_is_no_group() -> None:
    query = query_of(MODEL, "members: revenue this month vs last month")
    assert query.get("segments") == ["members"] and not query.get("dimensions")


@pytest.mark.parametrize(
    ("question", "other"),
    [
        ("how many customers with and without a membership in each city", "customer.city"),
        ("churn rate by tier, app bound or not", "customer.tier"),
    ],
)
def test_both_sides_of_a_yes_no_field_beside_another_breakdown(question: str, other: str) -> None:
    query = query_of(MODEL, question)
    assert other in dimension_names(query) and len(dimension_names(query)) == 2
    assert not filters_of(query) and not query.get("segments")


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ("customer count, member yes/no", "customer.is_member"),
        ("revenue this year, app bound y/n", "customer.app_bound"),
        ("active customers, app bound yes or no", "customer.app_bound"),
        ("客户数，是否会员 是/否", "customer.is_member"),
    ],
)
def test_a_yes_no_field_said_with_both_answers_is_a_split(question: str, field: str) -> None:
    query = query_of(MODEL, question)
    assert field in dimension_names(query)
    assert not [f for f in filters_of(query) if f[0] == field]


def test_a_yes_no_field_said_with_one_answer_stays_a_filter() -> None:
    query = query_of(MODEL, "active customers with the app bound")
    assert ("customer.app_bound", "=", [True]) in filters_of(query)


@pytest.mark.parametrize(
    ("question", "metric"),
    [
        ("Not the count this time - what was the churn rate in 2025?", "churn_rate"),
        ("not the number anymore: return rate last quarter please", "return_rate"),
        ("how many promoters did we have last month? count please, not NPS", "promoters"),
        ("number of complaints this quarter - the number, not the complaint rate", "complaints"),
    ],
)
def test_a_rejected_answer_form_or_measure_excludes_no_rows(question: str, metric: str) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == [metric]
    assert not filters_of(query) and not query.get("segments")


def test_a_population_after_a_rejection_keeps_its_negation() -> None:
    query = query_of(MODEL, "how many customers, count please, not churned")
    assert ("customer.status", "!=", ["churned"]) in filters_of(query)


@pytest.mark.parametrize(
    ("question", "field", "metric"),
    [
        ("Does being a member make any difference to average order value?", "customer.is_member", "average_order_value"),
        ("does having the app bound make a difference to churn rate? both groups please", "customer.app_bound",
         "churn_rate"),
        ("is there a difference in return rate for members this year?", "customer.is_member", "return_rate"),
        ("会员的客单价有没有区别", "customer.is_member", "average_order_value"),
    ],
)  # fmt: skip
def test_whether_one_population_makes_a_difference_is_a_split(question: str, field: str, metric: str) -> None:
    query = query_of(MODEL, question)
    assert dimension_names(query) == [field]
    assert query["metrics"] == [metric] and not query.get("segments")


def test_a_population_asked_alone_stays_a_population() -> None:
    query = query_of(MODEL, "what was the average order value of members this year?")
    assert query.get("segments") == ["members"] and not query.get("dimensions")


@pytest.mark.parametrize(
    "question",
    ["今年注册的会员里，入会的和没入会的各有多少人", "入了会的和没入会的客户分别多少", "没入会的客户今年的客单价"],
)
def test_joining_the_membership_is_the_member_field(question: str) -> None:
    query = query_of(MODEL, question)
    split = "customer.is_member" in dimension_names(query)
    assert split or ("customer.is_member", "=", [False]) in filters_of(query)


@pytest.mark.parametrize(
    ("question", "segments"),
    [
        ("去年注册的客户里，一单都没下过的有几个", []),
        ("会员里一单也没下过的有多少", ["members"]),
    ],
)
def test_not_one_order_placed_is_an_absence_of_orders(question: str, segments: list[str]) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == ["customers"] and query.get("segments", []) == segments
    assert ("order.order_id", "is_null", []) in filters_of(query)


def test_an_order_count_of_one_is_no_absence() -> None:
    query = query_of(MODEL, "去年注册的客户里，只下过一单的有几个")
    assert ("order.order_id", "is_null", []) not in filters_of(query)
