"""Everyday words of blind sets 11 and 12 (round 8, p11words), fixed as general readings and tested with phrasings of
my own: the staff of the business are outside the data (assistant/planner/workforce.py), counts said with a Chinese
measure word as the answer form kept (discourse.py), and everyday words for the model's states and events (the model's
value synonyms, shorthand.yml, fillers.yml)."""

from __future__ import annotations

from typing import Any

import pytest

from semantic_layer import load_model
from tests.planner_cases import plan, query_of

MODEL = load_model()
_PLAN_KEYS = ("metrics", "dimensions", "filters", "segments", "time_range", "compare")


def _filters(query: dict[str, Any]) -> list[tuple[str, str, list[Any]]]:
    return [(f["field"], f["op"], f.get("values", [])) for f in query.get("filters", [])]


def _same_plan(question: str, plain: str) -> None:
    """The question in everyday words is planned as the plain question."""
    said, meant = query_of(MODEL, question), query_of(MODEL, plain)
    assert {k: said.get(k) for k in _PLAN_KEYS} == {k: meant.get(k) for k in _PLAN_KEYS}


# --- people who work for us: no row per employee, and no value word inside their noun -----------------------------


@pytest.mark.parametrize(
    "question",
    [
        "which customer service rep closed the most tickets in October?",
        "rank our call center agents by average resolution time",
        "每个坐席上周处理了多少张工单",
        "售后人员的平均首次响应时长排名",
        "客服专员里谁处理得最快",
        "how many employees handled complaints last month",
        "who are the 5 agents with the most tickets",
    ],
)
def test_staff_of_the_business_are_outside_the_data(question: str) -> None:
    result = plan(MODEL, question)
    assert result.status == "unsupported"
    assert result.query is None


def test_a_value_word_inside_a_staff_noun_is_no_filter() -> None:
    """'客服' is a churn reason's value word; inside '客服人员' it names people, never a churn-reason filter."""
    result = plan(MODEL, "上个月客服人员的平均解决时长是多少")
    assert result.status == "unsupported"


@pytest.mark.parametrize(
    ("question", "field", "value"),
    [
        ("因为客服原因流失的客户有多少", "customer.churn_reason", "service"),
        ("how many customers churned over customer service last year", "customer.churn_reason", "service"),
    ],
)
def test_the_value_word_alone_stays_a_value(question: str, field: str, value: str) -> None:
    query = query_of(MODEL, question)
    assert (field, "=", [value]) in _filters(query)


# --- a count said with a measure word: the form kept, the rate dropped ----------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "本月有多少张工单是3小时内首次响应的？要张数，不要比例",
        "本月3小时内首次响应的工单有多少张，我要的是张数，不是占比",
    ],
)
def test_ticket_count_kept_over_the_rate(question: str) -> None:
    assert query_of(MODEL, question)["metrics"] == ["responded_within_3h"]


def test_order_count_kept_over_the_rate() -> None:
    query = query_of(MODEL, "上季度退货的订单有多少笔？我要笔数，不是比例")
    assert query["metrics"] in (["orders"], ["returned_orders"])
    assert "return_rate" not in query["metrics"]


def test_rate_kept_over_a_measure_word_count() -> None:
    """Near-miss: the rate asked for, the measure-word count rejected."""
    assert query_of(MODEL, "上季度的退货率是多少？要比例，不是笔数")["metrics"] == ["return_rate"]


# --- everyday words for states and populations --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "dimension"),
    [("现在积压的工单有多少", None), ("积压着的工单按渠道分一下", "ticket.channel")],
)
def test_a_backlog_is_the_open_tickets(question: str, dimension: str | None) -> None:
    query = query_of(MODEL, question)
    assert ("ticket.status", "=", ["open"]) in _filters(query) or query["metrics"] == ["open_tickets"]
    assert [d["name"] for d in query.get("dimensions", [])] == ([dimension] if dimension else [])


@pytest.mark.parametrize(
    ("question", "plain"), [("how many customers are dormant right now", "how many customers are silent right now")]
)
def test_dormant_is_the_silent_segment(question: str, plain: str) -> None:
    _same_plan(question, plain)


def test_dormant_customers_by_region() -> None:
    query = query_of(MODEL, "dormant customers by region")
    assert "silent_customers" in query.get("segments", []) or "silent_customers" in query["metrics"]
    assert [d["name"] for d in query["dimensions"]] == ["customer.region"]


# --- everyday verbs: 'end up', 'at some point', 'came back as returns' ---------------------------------------------


@pytest.mark.parametrize(
    ("question", "plain"),
    [
        ("how many orders ended up cancelled in Q2 2026", "how many orders were cancelled in Q2 2026"),
        ("how many orders did not end up completed last month", "how many orders were not completed last month"),
        ("how many orders ended up being returned last month", "how many orders were returned last month"),
        ("how many members complained at some point last quarter", "how many members complained last quarter"),
        (
            "did any tickets get escalated to high priority at any point in 2025? how many",
            "how many high priority tickets in 2025",
        ),
        ("how many orders came back as returns in October", "how many orders were returned in October"),
        (
            "orders that came back as a refund last week, by category",
            "orders that were returned last week, by category",
        ),
    ],
)
def test_everyday_verbs_read_as_the_plain_question(question: str, plain: str) -> None:
    _same_plan(question, plain)


def test_coming_back_to_buy_is_no_return() -> None:
    """Near-miss: 'came back and bought again' is buying again, never a returned-order filter."""
    result = plan(MODEL, "how many customers came back and bought again in 2025")
    assert result.query is None or ("order.status", "=", ["returned"]) not in _filters(result.query.model_dump())
