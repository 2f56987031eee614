"""Causes of wrong answers of blind sets 14 and 15 (round 9, p12b), each tested with phrasings of my own and near-misses
that must not change: values said to be included, a share within a restricted whole, a share over the rows that have a
score, a time grain on the date the period is on, values pooled by 'combined' after their rows' noun or by 'one
total', 'current' said of another entity's state, a dated count of a population through a demonstrative or in a
themes question, complaints asked as 哪些抱怨, and how many of a population have related rows."""

from __future__ import annotations

from typing import Any

import pytest

from semantic_layer import load_model
from tests.planner_cases import filters_of, plan, query_of

MODEL = load_model()


def _fields(query: dict[str, Any]) -> set[str]:
    return {f["field"] for f in query.get("filters", [])}


# --- values said to be included are no condition ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "how many orders did we get last month, including returned and cancelled ones",
        "orders placed in October, cancelled ones count too",
        "how many orders last quarter? returned and cancelled orders are included",
        "上个月一共多少订单，退货的和取消的也算",
        "本季度APP渠道的订单数（包括退货的、取消的）",
        "近7天官网下了多少单？取消的都算上",
    ],
)
def test_values_said_to_be_included_are_no_condition(question: str) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == ["orders"]
    assert "order.status" not in _fields(query)
    assert not any(d["name"] == "order.status" for d in query.get("dimensions", []))


@pytest.mark.parametrize(
    ("question", "op"),
    [
        ("how many returned and cancelled orders last month", "in"),
        ("上个月退货和取消的订单一共有多少", "in"),
        ("how many orders last month excluding cancelled", "!="),
        ("orders last month not including cancelled ones", "!="),
        ("本季度不包括取消的订单有多少", "!="),
    ],
)
def test_values_asked_about_stay_conditions(question: str, op: str) -> None:
    query = query_of(MODEL, question)
    assert any(field == "order.status" and o == op for field, o, _ in filters_of(query))


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ("churned customers whose reason was anything but delivery - count by reason", "customer.churn_reason"),
        ("华北和华东都算一下上个月的订单数", "customer.region"),
    ],
)
def test_a_count_word_after_values_includes_nothing(question: str, field: str) -> None:
    assert field in _fields(query_of(MODEL, question))


# --- a share within a restricted whole is the rate over that whole -----------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "what percentage of delivered messages converted last month?",
        "Of the delivered touches, what share converted in the last 7 days?",
        "what proportion of delivered marketing messages ended in a conversion this quarter",
    ],
)
def test_a_share_of_the_delivered_is_the_conversion_rate(question: str) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == ["conversion_rate"]
    assert not query.get("filters")


@pytest.mark.parametrize(
    ("question", "metric"),
    [
        ("what percentage of messages were delivered last month?", "delivery_rate"),
        ("what share of messages converted last month", "conversion_rate"),
        ("of the settled orders, what share were returned?", "return_rate"),
    ],
)
def test_shares_of_all_rows_keep_their_rate(question: str, metric: str) -> None:
    assert query_of(MODEL, question)["metrics"] == [metric]


def test_a_share_of_the_converted_is_not_the_conversion_rate() -> None:
    query = query_of(MODEL, "what share of converted messages were delivered")
    assert query["metrics"] == ["delivery_rate"]
    assert filters_of(query) == [("touch.converted", "=", [True])]


# --- rows said to have a score: the score filled in, also in a share's whole -----------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "Of the responses that gave a CSAT score, what share were 5 or below?",
        "among survey responses with a CSAT score last quarter, what fraction were 4 or lower",
        "有CSAT评分的问卷里，5分及以下的占多少",
    ],
)
def test_a_share_over_the_rows_with_a_score(question: str) -> None:
    query = query_of(MODEL, question)
    assert ("survey.csat_score", "is_not_null", []) in filters_of(query)
    share = query["share"]["filters"]
    assert [(f["field"], f["op"]) for f in share] == [("survey.csat_score", "<=")]


@pytest.mark.parametrize(
    "question", ["how many survey responses had a CSAT score last month", "上个月有多少问卷填了CSAT评分"]
)
def test_a_count_of_the_rows_with_a_score(question: str) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == ["survey_responses"]
    assert filters_of(query) == [("survey.csat_score", "is_not_null", [])]


def test_a_score_with_a_bound_stays_a_threshold() -> None:
    query = query_of(MODEL, "how many responses with a CSAT score of 5 or below last month")
    assert filters_of(query) == [("survey.csat_score", "<=", [5.0])]


# --- a time grain follows the date the period is on ------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "how many customers did we lose each month in the first half of 2026?",
        "number of customers we lost per month in 2026",
        "how many customers churned each month this year",
    ],
)
def test_a_grain_follows_the_dated_event_of_the_counted_rows(question: str) -> None:
    query = query_of(MODEL, question)
    assert query["time_range"]["field"] == "customer.churn_date"
    assert query["dimensions"] == [{"name": "customer.churn_date", "grain": "month"}]


@pytest.mark.parametrize(
    "question",
    ["new customers by month this year", "tickets each month from customers who signed up this year"],
)
def test_a_grain_on_the_metrics_own_date_is_unchanged(question: str) -> None:
    query = query_of(MODEL, question)
    assert query["dimensions"] == [{"name": "metric_time", "grain": "month"}]


# --- values pooled: 'combined' after their rows' noun, or 'one total' -------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "complaints last month from North and East customers together",
        "open tickets for West and South customers, one total please",
        "high priority tickets of Central and East customers combined",
        "华东和华南的客户一共下了多少单，给我一个总数",
    ],
)
def test_values_pooled_give_one_total(question: str) -> None:
    query = query_of(MODEL, question)
    assert not query.get("dimensions")
    assert any(field == "customer.region" and op == "in" for field, op, _ in filters_of(query))


def test_values_listed_without_pooling_are_compared() -> None:
    query = query_of(MODEL, "revenue from North and East customers last month")
    assert query["dimensions"] == [{"name": "customer.region"}]


# --- 'current' said of another entity's state restricts nothing -------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "split"),
    [
        ("what's our current backlog of open tickets by channel", "ticket.channel"),
        ("current open tickets by priority", "ticket.priority"),
        ("split the current open-ticket backlog by priority", "ticket.priority"),
    ],
)
def test_current_of_a_ticket_state_is_no_customer_status(question: str, split: str) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == ["open_tickets"]
    assert query["dimensions"] == [{"name": split}]
    assert "customer.status" not in _fields(query)
    assert not query.get("segments")


@pytest.mark.parametrize("question", ["current customers by region", "how many current members are in the North"])
def test_current_customers_stay_active(question: str) -> None:
    query = query_of(MODEL, question)
    active = "active_customers" in query["metrics"] or ("customer.status", "=", ["active"]) in filters_of(query)
    assert active


# --- a dated count naming a population: through a demonstrative, and whose complaints are read ------------------------


@pytest.mark.parametrize(
    "question",
    [
        "上个月新注册的那批客户，到现在一共下了多少单",
        "上个月新注册的这些客户，截至目前一共下了多少单",
    ],
)
def test_a_dated_cohort_through_a_demonstrative(question: str) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == ["orders"]
    assert query["time_range"]["field"] == "customer.signup_date"
    assert (query["time_range"]["start"], query["time_range"]["end"]) == ("2026-11-01", "2026-11-30")


def test_a_count_of_the_cohort_itself_is_kept() -> None:
    assert query_of(MODEL, "上个月新注册的那批客户有多少")["metrics"] == ["new_customers"]


@pytest.mark.parametrize(
    "question",
    ["今年新注册的客户都有哪些抱怨？", "上个月新注册的那批客户有什么不满", "本季度新增的客户都吐槽了些什么"],
)
def test_complaints_of_a_dated_cohort_are_themes_dated_by_signup(question: str) -> None:
    query = query_of(MODEL, question)
    assert query["kind"] == "themes"
    assert query["time_range"]["field"] == "customer.signup_date"


@pytest.mark.parametrize("question", ["会员都有哪些抱怨", "华东的客户都有些什么样的吐槽"])
def test_which_complaints_asks_for_themes(question: str) -> None:
    assert query_of(MODEL, question)["kind"] == "themes"


def test_complaints_dated_by_their_own_date_stay_so() -> None:
    query = query_of(MODEL, "上个月的投诉主要是什么问题")
    assert query["kind"] == "themes"
    assert query["time_range"].get("field") in (None, "ticket.created_at")


# --- how many of a population have related rows ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "related", "dated"),
    [
        ("Of the members, how many have placed at least one order?", "order.order_id", False),
        ("Of the customers who signed up this year, how many have ever filed a ticket?", "ticket.ticket_id", True),
        ("how many customers who joined in Q3 2026 have opened at least one ticket", "ticket.ticket_id", True),
        ("how many customers in the North who joined this year have placed an order", "order.order_id", True),
        ("今年注册的客户里，有多少人提过至少一张工单", "ticket.ticket_id", True),
        ("会员里有多少人下过至少一笔订单", "order.order_id", False),
    ],
)
def test_how_many_of_a_population_have_related_rows(question: str, related: str, dated: bool) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == ["customers"]
    assert (related, "is_not_null", []) in filters_of(query)
    assert (query.get("time_range", {}).get("field") == "customer.signup_date") is dated


def test_a_count_of_the_related_rows_themselves_is_kept() -> None:
    query = query_of(MODEL, "Of the customers who joined last quarter, how many tickets have they raised?")
    assert query["metrics"] == ["tickets"]
    assert query["time_range"]["field"] == "customer.signup_date"


def test_a_state_of_the_population_is_no_related_rows() -> None:
    query = query_of(MODEL, "Of the customers who joined last quarter, how many have churned?")
    assert query["metrics"] == ["churned_customers"]
    assert not any(f.endswith("_id") for f in _fields(query))


def test_the_answer_is_never_a_row_per_customer() -> None:
    result = plan(MODEL, "Of the customers who signed up in 2025, how many have raised at least one ticket?")
    assert result.status == "ok" and result.query is not None
    assert not result.query.dimensions
