"""Round 8, p11chat: the context users wrap around a clear request (assistant/planner/framing/, open_fields.py) —
who they are, who asks, what they prepare and why, forwarded requests, hedges, the model's currency, a field left
whole — read as no element of the question, while a word naming something outside the data still asks back."""

from __future__ import annotations

from typing import Any

import pytest

from semantic_layer import load_model
from tests.planner_cases import plan, query_of

MODEL = load_model()
_PLAN_KEYS = ("metrics", "dimensions", "filters", "segments", "time_range", "compare")


def _same_plan(question: str, plain: str) -> None:
    """The question with its context is planned as the plain question."""
    said, meant = query_of(MODEL, question), query_of(MODEL, plain)
    assert {k: said.get(k) for k in _PLAN_KEYS} == {k: meant.get(k) for k in _PLAN_KEYS}


def _not_answered(question: str) -> Any:
    result = plan(MODEL, question)
    assert result.status != "ok", (question, result.query)
    return result


@pytest.mark.parametrize(
    ("question", "plain"),
    [
        # who the user is: a clause ending in a group of people, whatever names the group
        ("I'm on the support team. How many tickets were opened last week?", "How many tickets were opened last week?"),
        ("we're in the finance department - what was AOV in 2025?", "what was AOV in 2025?"),
        ("I'm with the ops team and we need the number of orders last month", "number of orders last month"),
        # who asks, with a topic the question restates
        ("my manager keeps asking about complaints: how many complaints came in last month?",
         "how many complaints came in last month?"),
        ("the execs were asking about churn. what was the churn rate last quarter?", "what was the churn rate last quarter?"),
        # what is prepared, for whom: a word of the model modifying people or a deliverable names no condition
        ("I'm preparing the monthly review for Friday's app team sync - how many orders were returned last month?",
         "how many orders were returned last month?"),
        ("working on the exec summary for the board: revenue by region this year", "revenue by region this year"),
        # why: a purpose whose topic restates the question
        ("trying to understand the complaint volume - how many complaints did we get last week?",
         "how many complaints did we get last week?"),
        ("we're trying to gauge what we lost: how many customers churned this quarter?",
         "how many customers churned this quarter?"),
    ],
)  # fmt: skip
def test_english_frames_ask_for_nothing(question: str, plain: str) -> None:
    _same_plan(question, plain)


def test_a_period_only_the_frame_names_dates_the_question() -> None:
    said = query_of(MODEL, "prepping the recap for Q1 2026 - how many tickets came in that quarter?")
    assert said["metrics"] == ["tickets"] or "tickets" in said["metrics"][0]
    assert (said["time_range"]["start"], said["time_range"]["end"]) == ("2026-01-01", "2026-03-31")


@pytest.mark.parametrize(
    ("question", "plain"),
    [
        ("I run the East region. How many orders did each of my cities place last month?",
         "How many orders did each city in the East region place last month?"),
        ("we look after the North region - revenue for each of our cities this year",
         "revenue for each city in the North region this year"),
    ],
)  # fmt: skip
def test_what_the_user_answers_for_is_the_scope(question: str, plain: str) -> None:
    query = query_of(MODEL, question)
    _same_plan(question, plain)
    assert any(f["field"] == "customer.region" for f in query["filters"])


@pytest.mark.parametrize(
    ("question", "plain"),
    [
        ("老板刚在群里问上个月的退货率是多少", "上个月的退货率是多少"),
        ("领导早上问今年新增了多少会员客户", "今年新增了多少会员客户"),
        ("CFO办公室要一个数：去年的销售额是多少", "去年的销售额是多少"),
        ("运营总监想看上周每天的订单数", "上周每天的订单数"),
        ("转领导的问题：“上个月投诉有多少？”", "上个月投诉有多少？"),
        ("转发经理的需求：今年各大区的客单价", "今年各大区的客单价"),
    ],
)
def test_chinese_requesters_and_forwarded_requests_ask_for_nothing(question: str, plain: str) -> None:
    _same_plan(question, plain)


@pytest.mark.parametrize(
    ("question", "plain"),
    [
        ("how many orders did we actually get last week?", "how many orders did we get last week?"),
        ("revenue last quarter obviously only completed orders", "revenue last quarter only completed orders"),
        ("what was the total spend of members back in 2025?", "what was the total spend of members in 2025?"),
        ("how much revenue did we make last month, in yuan", "how much revenue did we make last month"),
        ("上个月的销售额是多少（人民币）", "上个月的销售额是多少"),
        ("AOV last quarter in RMB", "AOV last quarter"),
    ],
)
def test_hedges_and_the_models_currency_ask_for_nothing(question: str, plain: str) -> None:
    _same_plan(question, plain)


@pytest.mark.parametrize(
    ("question", "plain"),
    [
        ("how many tickets were opened last month, all channels included?", "how many tickets were opened last month?"),
        ("orders in 2025, every category combined", "orders in 2025"),
        ("上个月全品类的销售额", "上个月的销售额"),
        ("上周所有渠道一共多少订单", "上周一共多少订单"),
    ],
)
def test_a_field_left_whole_is_no_condition(question: str, plain: str) -> None:
    _same_plan(question, plain)


def test_a_field_left_whole_but_broken_down_is_still_the_breakdown() -> None:
    said = query_of(MODEL, "revenue last month, all categories included, by category")
    assert [d["name"] for d in said["dimensions"]] == ["order.category"]
    _not_answered("上个月所有渠道的订单分别是多少")  # each channel's own count: 'all' is no whole field here


@pytest.mark.parametrize(
    "question",
    [
        "how much revenue last month in dollars",  # another currency: no conversion, asked back
        "my boss keeps asking about gross margin for our cs team: what's the breakdown by region?",
        "I'm on the ops team - what's our stock price today?",
        "trying to understand agent performance - how many tickets did each agent close last month?",
        "老板刚在群里问上个月的毛利率是多少",
        "老板要看华东的情况，上个月销售额多少",  # the topic may be what is asked (East's revenue?)
    ],
)
def test_a_word_outside_the_data_still_asks_back(question: str) -> None:
    _not_answered(question)


def test_messages_joined_by_plus_are_channel_values_not_personal_data() -> None:
    result = plan(MODEL, "how many messages went out by sms + email last quarter")
    assert result.status == "ok" and result.query is not None
    assert {v for f in result.query.filters for v in f.values or []} == {"sms", "email"}
    assert plan(MODEL, "list the email + phone of churned customers").status == "refused"


@pytest.mark.parametrize(
    ("question", "values"),
    [
        ("total touches sent last quarter, sms and email combined", {"sms", "email"}),
        ("how many messages went out in Q3 2026 via app push + sms all together", {"sms", "app_push"}),
        ("上个月短信和邮件加起来发了多少条触达", {"sms", "email"}),
    ],
)
def test_values_pooled_together_give_one_total(question: str, values: set[str]) -> None:
    query = query_of(MODEL, question)
    assert not query.get("dimensions")
    assert {v for f in query["filters"] for v in f["values"]} == values


def test_values_listed_without_pooling_stay_one_row_each() -> None:
    for question in (
        "how many touches did we send last quarter via sms and email",
        "上个月短信和邮件分别发了多少条触达",
    ):
        assert [d["name"] for d in query_of(MODEL, question)["dimensions"]] == ["touch.channel"]
