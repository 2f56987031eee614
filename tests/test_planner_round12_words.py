"""Measures, fields and values said in everyday words and shorthand (round 12, p15d), tested with phrasings of my own:
words clipped before the rest of a model phrase ('reso time', 'rtn rate'), clipped priority levels ('hi prio'), the
causative 'time to get X resolved', 'the amount of' a money measure, single-letter values typed together ('ABCD'),
a ratio said per its own unit ('lifetime value per customer'), 走X渠道 (via a channel), and the model's everyday
words for the store channel, the inbound ticket channel, accounts and 首响. Near-misses must not change."""

from __future__ import annotations

import pytest

from semantic_layer import load_model
from tests.planner_cases import asked_back, dimension_names, filters_of, plan, query_of, same_plan

MODEL = load_model()

# --- a word clipped before the rest of a phrase of the model --------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "plain"),
    [
        ("reso time by channel last month", "resolution time by channel last month"),
        ("avg reso time for email tickets this qtr", "average resolution time for email tickets this quarter"),
        ("rtn rate by category this year", "return rate by category this year"),
        ("rtrn rate last month", "return rate last month"),
        ("repur rate by region this year", "repurchase rate by region this year"),
        ("dlvry rate by campaign last week", "delivery rate by campaign last week"),
    ],
)
def test_a_clipped_word_is_the_word_its_phrase_completes(question: str, plain: str) -> None:
    same_plan(MODEL, question, plain)


def test_a_clipped_word_two_phrases_complete_is_asked_back() -> None:
    assert "re" in asked_back(MODEL, "re time last week").lower()  # resolution or response time


# --- clipped priority levels and the causative of a measure's verb ---------------------------------------------------


@pytest.mark.parametrize(
    ("question", "level"),
    [
        ("how many hi prio tickets came in this week", "high"),
        ("open tickets that are hi-pri", "high"),
        ("lo prio ticket count last month", "low"),
        ("med priority tickets by channel this month", "medium"),
    ],
)
def test_a_clipped_priority_level_is_that_priority(question: str, level: str) -> None:
    assert ("ticket.priority", "=", [level]) in filters_of(query_of(MODEL, question))


@pytest.mark.parametrize(
    ("question", "metric"),
    [
        ("what's the average time to get a case resolved this month", "avg_resolution_hours"),
        ("avg time to get our tickets fixed in the last 2 weeks", "avg_resolution_hours"),
        ("mean time to have a case closed, last quarter", "avg_resolution_hours"),
        ("average time to get customers' tickets answered last month", "avg_first_response_hours"),
    ],
)
def test_the_time_to_get_something_done_is_the_measure_of_that_verb(question: str, metric: str) -> None:
    assert query_of(MODEL, question)["metrics"] == [metric]


# --- 'the amount of' a money measure ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "plain"),
    [
        ("what was the amount of revenue last month", "what was the revenue last month"),
        ("the total amount of discounts by channel this year", "the total discounts by channel this year"),
        ("sum of sales by region in Q2 2026", "sales by region in Q2 2026"),
    ],
)
def test_the_amount_of_a_money_measure_is_that_measure(question: str, plain: str) -> None:
    same_plan(MODEL, question, plain)


def test_the_amount_of_a_count_is_not_read_as_money() -> None:
    assert plan(MODEL, "the amount of orders last month").status == "clarify"


# --- values typed together -----------------------------------------------------------------------------------------


def test_letters_of_one_field_typed_together_are_its_values() -> None:
    query = query_of(MODEL, "去年ABC各等级客户的销售额")
    assert dimension_names(query) == ["customer.tier"]
    assert ("customer.tier", "in", ["A", "B", "C"]) in filters_of(query)
    english = query_of(MODEL, "orders from tier BD customers this quarter")
    assert ("customer.tier", "in", ["B", "D"]) in filters_of(english)


def test_letters_with_no_field_beside_them_stay_unknown() -> None:
    assert "ad" in asked_back(MODEL, "how much ad spend did we have last month").lower()


# --- a ratio per its own unit -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    ["CLV per customer for members", "lifetime value per customer among members", "会员每位客户的终身价值是多少"],
)
def test_a_ratio_per_its_own_unit_is_the_ratio(question: str) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == ["customer_lifetime_value"]
    assert dimension_names(query) == []


def test_a_ratio_per_another_field_or_for_each_customer_stays_a_breakdown() -> None:
    assert dimension_names(query_of(MODEL, "lifetime value per customer by city")) == ["customer.city"]
    assert dimension_names(query_of(MODEL, "top 10 customers by lifetime value"))[0].endswith("customer_id")


# --- everyday words of the model's fields and values -----------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "revenue from brick-and-mortar stores last month",
        "how many orders were placed in physical shops this year",
        "实体店上个月的订单数",
    ],
)
def test_a_physical_store_is_the_store_channel(question: str) -> None:
    assert ("order.channel", "=", ["store"]) in filters_of(query_of(MODEL, question))


@pytest.mark.parametrize(
    ("question", "field"), [("各进线渠道的工单数", "ticket.channel"), ("tickets by inbound channel", "ticket.channel")]
)
def test_the_inbound_channel_is_the_ticket_channel(question: str, field: str) -> None:
    assert dimension_names(query_of(MODEL, question)) == [field]


def test_accounts_are_customers() -> None:
    same_plan(MODEL, "how many accounts signed up last month", "how many customers signed up last month")
    same_plan(MODEL, "revenue from tier B accounts this year", "revenue from tier B customers this year")


@pytest.mark.parametrize("question", ["本月首响平均几个小时", "上个月工单的平均首响是多少小时"])
def test_shou_xiang_is_the_first_response(question: str) -> None:
    assert query_of(MODEL, question)["metrics"] == ["avg_first_response_hours"]


@pytest.mark.parametrize(
    ("question", "plain"),
    [
        ("本月走邮件渠道发了多少条消息", "本月通过邮件渠道发了多少条消息"),
        ("上个月走电话渠道的工单有多少", "上个月通过电话渠道的工单有多少"),
    ],
)
def test_going_through_a_channel_is_via_it(question: str, plain: str) -> None:
    same_plan(MODEL, question, plain)


# --- a value followed by the noun of what its field sorts ----------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "category"),
    [
        ("revenue from electronics products this year", "electronics"),
        ("how many apparel products were returned last month", "apparel"),
        ("return rate of home products by channel in Q3 2026", "home"),
    ],
)
def test_a_category_value_with_products_after_it_is_the_product_category(question: str, category: str) -> None:
    query = query_of(MODEL, question)
    assert ("order.category", "=", [category]) in filters_of(query)
    assert not any(field == "ticket.category" for field, _, _ in filters_of(query))


def test_products_alone_stay_the_ticket_category() -> None:
    query = query_of(MODEL, "how many product tickets last month")
    assert ("ticket.category", "=", ["product"]) in filters_of(query)


def test_no_shou_xiang_is_still_a_missing_first_response() -> None:
    query = query_of(MODEL, "至今没有首响的工单有几张")
    assert ("ticket.first_response_at", "is_null", []) in filters_of(query)
