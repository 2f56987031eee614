"""A question after another one: a new question when it names what it counts (an entity after a count word, or
as the first thing it mentions), a follow-up when it only changes the previous query. Found in the chat: after
"Revenue by region last quarter", "How many orders by month this year?" was answered with revenue by region and
month, and "tickets by channel" with revenue by order channel."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.contracts import Turn
from semantic_layer import load_model
from tests.planner_cases import plan, query_of

FIRST = {"en": "Revenue by region last quarter", "zh": "上季度各区域的销售额"}


@pytest.fixture(scope="module")
def model() -> Any:
    return load_model()


def after_revenue(model: Any, language: str) -> list[Turn]:
    return [Turn(question=FIRST[language], query=plan(model, FIRST[language]).query)]


@pytest.mark.parametrize(
    ("question", "metric", "dimension"),
    [
        ("How many orders by month this year?", "orders", "metric_time"),
        ("Orders by month this year", "orders", "metric_time"),
        ("tickets by channel", "tickets", "ticket.channel"),
        ("number of tickets by channel", "tickets", "ticket.channel"),
        ("Customers by tier", "customers", "customer.tier"),
        ("how many customers are there in each region", "customers", "customer.region"),
        ("今年每个月有多少订单", "orders", "metric_time"),
        ("工单按渠道分一下", "tickets", "ticket.channel"),
        ("各等级有多少客户", "customers", "customer.tier"),
    ],
)
def test_a_question_naming_what_it_counts_is_new(model: Any, question: str, metric: str, dimension: str) -> None:
    language = "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in question) else "en"
    query = query_of(model, question, after_revenue(model, language))
    assert query["metrics"] == [metric], query
    assert [d["name"] for d in query.get("dimensions", [])] == [dimension], query


@pytest.mark.parametrize(
    ("question", "language"),
    [("and by month?", "en"), ("what about last year?", "en"), ("only churned customers", "en"),
     ("same thing for members", "en"), ("按月看呢", "zh"), ("只看流失客户", "zh"), ("那去年呢", "zh")],
)  # fmt: skip
def test_a_change_to_the_previous_question_keeps_its_metric(model: Any, question: str, language: str) -> None:
    query = query_of(model, question, after_revenue(model, language))
    assert query["metrics"] == ["revenue"], query
