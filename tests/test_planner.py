"""The offline planner: questions in English and Chinese -> the SemanticQuery a careful analyst would write."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from assistant.contracts import Turn, detect_language
from assistant.planner import plan_question
from semantic_layer import SemanticQuery, load_model

AS_OF = date(2026, 11, 22)
LAST_3_MONTHS = {"start": "2026-08-23", "end": "2026-11-22"}
LAST_QUARTER = {"start": "2026-07-01", "end": "2026-09-30"}


@pytest.fixture(scope="module")
def model() -> Any:
    return load_model(as_of=AS_OF)


def plan(model: Any, question: str, history: list[Turn] | None = None) -> Any:
    return plan_question(question, history or [], model, AS_OF, detect_language(question))


def query_of(model: Any, question: str, history: list[Turn] | None = None) -> dict[str, Any]:
    result = plan(model, question, history)
    assert result.status == "ok", (question, result.clarification)
    assert result.query is not None
    return result.query.model_dump(mode="json", exclude_defaults=True)


def subset(expected: dict[str, Any], actual: dict[str, Any]) -> None:
    for key, value in expected.items():
        if key == "time_range":
            assert {k: actual[key].get(k) for k in value} == value, (key, actual.get(key))
        else:
            assert actual.get(key) == value, (key, actual.get(key), value)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Revenue by region last quarter", {"metrics": ["revenue"], "dimensions": [{"name": "customer.region"}], "time_range": LAST_QUARTER}),
        ("上季度各区域的销售额", {"metrics": ["revenue"], "dimensions": [{"name": "customer.region"}], "time_range": LAST_QUARTER}),
        ("What is the churn rate by month this year?", {"metrics": ["churn_rate"], "dimensions": [{"name": "metric_time", "grain": "month"}], "time_range": {"start": "2026-01-01", "end": "2026-11-22"}}),
        ("今年每月的流失率", {"metrics": ["churn_rate"], "dimensions": [{"name": "metric_time", "grain": "month"}]}),
        ("revenue and complaints by region", {"metrics": ["revenue", "complaints"], "dimensions": [{"name": "customer.region"}]}),
        ("top 5 cities by revenue", {"dimensions": [{"name": "customer.city"}], "order_by": [{"field": "revenue"}], "limit": 5}),
        ("前3个品类的销售额", {"dimensions": [{"name": "order.category"}], "limit": 3}),
        ("Which region has the highest churn rate?", {"dimensions": [{"name": "customer.region"}], "order_by": [{"field": "churn_rate"}], "limit": 1}),
        ("哪个区域的退货率最低?", {"metrics": ["return_rate"], "order_by": [{"field": "return_rate", "direction": "asc"}], "limit": 1}),
        ("各区域A类客户的投诉数", {"metrics": ["complaints"], "filters": [{"field": "customer.tier", "op": "=", "values": ["A"]}]}),
        ("华东地区电子产品的销售额", {"filters": [{"field": "customer.region", "op": "=", "values": ["East"]}, {"field": "order.category", "op": "=", "values": ["electronics"]}]}),
        ("complaints via phone last week", {"filters": [{"field": "ticket.channel", "op": "=", "values": ["phone"]}], "time_range": {"start": "2026-11-09", "end": "2026-11-15"}}),
        ("revenue this quarter vs the previous quarter", {"compare": {"previous_period": True}, "time_range": {"start": "2026-10-01"}}),
        ("How many silent customers are there by tier?", {"metrics": ["silent_customers"], "dimensions": [{"name": "customer.tier"}]}),
        ("会员的平均客单价", {"metrics": ["average_order_value"], "segments": ["members"]}),
        ("NPS by touchpoint in the last 6 months", {"metrics": ["nps"], "dimensions": [{"name": "survey.touchpoint"}], "time_range": {"start": "2026-05-23"}}),
        ("How many customers churned last month?", {"segments": ["churned_customers"], "time_range": {"field": "customer.churn_date", "start": "2026-10-01", "end": "2026-10-31"}}),
    ],
)  # fmt: skip
def test_metric_questions(model: Any, question: str, expected: dict[str, Any]) -> None:
    subset(expected, query_of(model, question))


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("各渠道的订单数和退货率", {"metrics": ["orders", "return_rate"], "dimensions": [{"name": "order.channel"}]}),
        ("How long does it take us to resolve tickets on average?", {"metrics": ["avg_resolution_hours"]}),
        ("revenue from the app channel vs web", {"dimensions": [{"name": "order.channel"}]}),
        ("Show revenue per week for the past 8 weeks", {"dimensions": [{"name": "metric_time", "grain": "week"}], "time_range": {"start": "2026-09-28"}}),
        ("去年每个季度的新增客户", {"metrics": ["new_customers"], "dimensions": [{"name": "metric_time", "grain": "quarter"}]}),
        ("华南区上个月的流失率是多少", {"metrics": ["churn_rate"], "filters": [{"field": "customer.region", "op": "=", "values": ["South"]}]}),
        ("Top 10 customers by lifetime value", {"dimensions": [{"name": "customer.customer_id"}], "limit": 10}),
        ("Average order value of members versus non-members", {"dimensions": [{"name": "customer.is_member"}]}),
        ("北京有多少客户?", {"metrics": ["customers"], "filters": [{"field": "customer.city", "op": "=", "values": ["Beijing"]}]}),
        # two populations of one column (status) are compared as a breakdown by it, limited to their values
        ("compare churned and active customers revenue by region", {"dimensions": [{"name": "customer.region"}, {"name": "customer.status"}], "filters": [{"field": "customer.status", "op": "in", "values": ["churned", "active"]}]}),
    ],
)  # fmt: skip
def test_questions_outside_the_dev_set(model: Any, question: str, expected: dict[str, Any]) -> None:
    subset(expected, query_of(model, question))


def test_headline_question_in_english_dates_the_complaints(model: Any) -> None:
    query = query_of(model, "What did churned customers complain about in the last three months?")
    subset(
        {
            "kind": "themes",
            "text_field": "complaint_text",
            "segments": ["churned_customers"],
            "time_range": LAST_3_MONTHS,
        },
        query,
    )
    assert "field" not in query["time_range"]  # the action's date: when they complained
    assert query["compare"] == {"previous_period": True, "segments": ["active_customers"]}


def test_headline_question_in_chinese_dates_the_churn(model: Any) -> None:
    query = query_of(model, "最近三个月流失的客户主要反映了哪些问题?")
    subset(
        {
            "kind": "themes",
            "segments": ["churned_customers"],
            "time_range": {**LAST_3_MONTHS, "field": "customer.churn_date"},
        },
        query,
    )
    plan = plan_question("最近三个月流失的客户主要反映了哪些问题?", [], model, AS_OF, "zh")
    assert plan.assumptions == ["“最近三个月”限定的是人群的时间(customer.churn_date),而不是行为发生的时间。"]


def test_population_versus_action_time_in_english(model: Any) -> None:
    population = query_of(model, "What did customers who churned in the last three months complain about?")
    assert population["time_range"]["field"] == "customer.churn_date"
    action = query_of(model, "Complaints from churned customers in the last three months")
    assert "field" not in action["time_range"]


def test_records(model: Any) -> None:
    for question in ("List the 10 most recently churned high-value customers", "列出最近流失的10个高价值客户"):
        query = query_of(model, question)
        subset({"kind": "records", "segments": ["churned_customers", "high_value_customers"], "limit": 10,
                "order_by": [{"field": "customer.churn_date"}]}, query)  # fmt: skip
        assert {"name": "customer.customer_id"} in query["dimensions"]


def test_follow_ups_carry_the_previous_query(model: Any) -> None:
    first = SemanticQuery.model_validate(query_of(model, "revenue last quarter"))
    history = [Turn(question="revenue last quarter", query=first)]
    subset(
        {"metrics": ["revenue"], "dimensions": [{"name": "customer.region"}], "time_range": LAST_QUARTER},
        query_of(model, "and by region?", history),
    )
    subset(
        {"metrics": ["revenue"], "time_range": {"start": "2025-01-01", "end": "2025-12-31"}},
        query_of(model, "what about last year?", history),
    )
    subset(
        {"metrics": ["revenue"], "filters": [{"field": "customer.tier", "op": "=", "values": ["A"]}]},
        query_of(model, "只看A类客户", history),
    )
    subset(
        {"metrics": ["revenue"], "dimensions": [{"name": "metric_time", "grain": "month"}]},
        query_of(model, "换成按月", history),
    )


@pytest.mark.parametrize(
    ("question", "status", "words"),
    [
        ("delete all churned customers", "refused", "only reads"),
        ("send a discount code to all silent customers", "refused", "only reads"),
        ("show me customer emails", "refused", "personal data"),
        ("show customer C0000001's phone", "refused", "Phone is personal data"),
        ("how many customers have a gmail address", "clarify", "'gmail'"),
        ("predict next month's revenue", "unsupported", "forecast"),
        ("how are we doing?", "ok", ""),
        ("写一首诗", "clarify", "首诗"),
        ("revenue by colour", "clarify", "colour"),
        ("revenue by weather", "clarify", "'weather'"),
        ("what's our market share?", "clarify", "'market'"),
        ("churned customers by region, please", "ok", ""),
        ("删除所有流失客户", "refused", "只读取"),
    ],
)
def test_abstains_instead_of_guessing(model: Any, question: str, status: str, words: str) -> None:
    result = plan(model, question)
    assert result.status == status, result
    if status != "ok":
        assert words in (result.clarification or "")
        assert result.suggestions, "a refusal offers questions that work"
        assert all(detect_language(s) == detect_language(question) for s in result.suggestions)


def test_bad_dates_ask_back(model: Any) -> None:
    result = plan(model, "revenue in 2030")
    assert result.status == "clarify" and "2030" in (result.clarification or "")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("orders with amount over 1,000 last month", {"field": "order.amount", "op": ">", "values": [1000.0]}),
        ("金额超过1000元的订单数", {"field": "order.amount", "op": ">", "values": [1000.0]}),
        ("revenue from orders with amount at least 500", {"field": "order.amount", "op": ">=", "values": [500.0]}),
    ],
)
def test_thresholds_on_a_named_number_field(model: Any, question: str, expected: dict[str, Any]) -> None:
    assert expected in query_of(model, question)["filters"]


# (a money unit names the record's one money column: 'orders over 1000 yuan' is tested in test_planner_blind4_causes)
@pytest.mark.parametrize("question", ["how many orders over 1000 last month", "customers with more than 5 orders"])
def test_threshold_on_nothing_named_is_asked_back_not_dropped(model: Any, question: str) -> None:
    result = plan(model, question)
    # 'more than 5 orders' of customers is a floor on each customer's orders (event_counts.py), asked back as such
    assert result.status == "clarify" and any(
        said in (result.clarification or "") for said in ("order.amount", "number of events")
    )
