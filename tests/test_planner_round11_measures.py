"""Round 11 (p14e): measures and fields said in everyday words instead of the model's names, with sentences of our
own and near-misses that must not change: an average of a total per its own records (average order value), buying
and selling verbs, everyday names of fields, values listed as examples, a field left open in Chinese, a score's
scale, and a message that reached a phone."""

from __future__ import annotations

import pytest

from semantic_layer import load_model
from tests.planner_cases import asked_back, dimension_names, filters_of, order_of, query_of

MODEL = load_model()


@pytest.mark.parametrize(
    "question",
    [
        "what do customers spend on average each time they place an order? last month",
        "average spend per order in Q3 2026",
        "on average how much money comes in per order this year",
        "平均每单消费多少钱？今年",
        "今年平均一单卖多少钱",
        "每笔订单平均花多少钱，今年的",
    ],
)
def test_an_average_of_revenue_per_order_is_the_average_order_value(question: str) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == ["average_order_value"]
    assert "time_range" in query


def test_the_average_per_order_keeps_its_breakdown_and_population() -> None:
    query = query_of(MODEL, "非会员和会员平均一笔订单花多少钱，分开看，今年")
    assert query["metrics"] == ["average_order_value"]
    assert dimension_names(query) == ["customer.is_member"]
    query = query_of(MODEL, "how much did lost customers spend with us on average per order?")
    assert query["metrics"] == ["average_order_value"]
    assert query["segments"] == ["churned_customers"]


@pytest.mark.parametrize(
    "question",
    [
        "how much does a customer spend on average",  # per order or per customer? no record named
        "人均消费多少钱",  # per person: over buyers or over all customers
        "average revenue per customer last month",
        "我们平均一单花多少钱",  # money we spent: not in the data
    ],
)
def test_an_average_per_person_or_of_no_record_is_not_the_average_order_value(question: str) -> None:
    asked_back(MODEL, question)


@pytest.mark.parametrize(
    ("question", "metric"),
    [
        ("how many people bought from us in October?", "buying_customers"),
        ("number of members who have bought something this year", "buying_customers"),
        ("how many customers bought from us two or more times this year", "repeat_buyers"),
        ("how many clients purchased from us more than once last quarter", "repeat_buyers"),
    ],
)
def test_people_who_bought_are_buyers(question: str, metric: str) -> None:
    assert query_of(MODEL, question)["metrics"] == [metric]


def test_what_was_bought_is_not_a_count_of_buyers() -> None:
    asked_back(MODEL, "what did members buy last month")


@pytest.mark.parametrize(
    ("question", "compared"),
    [
        ("did we sell more this month than the month before?", True),
        ("which region sold the most in 2025?", False),
        ("did the web shop sell less than the stores last month", False),
    ],
)
def test_selling_more_or_most_compares_sales(question: str, compared: bool) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == ["revenue"]
    assert ("compare" in query) == compared


def test_what_was_sold_by_count_is_not_sales() -> None:
    asked_back(MODEL, "which region sold the most orders in 2025?")


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ("new customers by part of the country this year", "customer.region"),
        ("complaints in each region of the country last month", "customer.region"),
        ("completed orders by way of buying in 2025", "order.channel"),
        ("orders last month for each place people bought from", "order.channel"),
        ("revenue by the way customers order, this year", "order.channel"),
        ("今年各类商品的退货率", "order.category"),
        ("上个月每种商品卖了多少钱", "order.category"),
    ],
)
def test_fields_in_everyday_words(question: str, field: str) -> None:
    assert dimension_names(query_of(MODEL, question)) == [field]


def test_the_product_value_of_tickets_keeps_its_reading() -> None:
    query = query_of(MODEL, "上个月商品问题的工单有多少")
    assert filters_of(query) == [("ticket.category", "=", ["product"])]


@pytest.mark.parametrize(
    ("question", "metric"),
    [
        ("本月全国一共卖了多少钱", "revenue"),
        ("nationwide, how many tickets were opened last week", "tickets"),
        ("how many customers signed up across the country in 2025", "new_customers"),
    ],
)
def test_the_whole_country_is_no_condition(question: str, metric: str) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] in ([metric], ["customers"])
    assert filters_of(query) == []


@pytest.mark.parametrize(
    ("question", "metric", "filters"),
    [
        ("华东区现在有多少沉睡客户", "silent_customers", [("customer.region", "=", ["East"])]),
        ("会员里休眠的客户有几个", "silent_customers", []),
        (
            "上周门店取消的单子有几个",
            "orders",
            [("order.channel", "=", ["store"]), ("order.status", "=", ["cancelled"])],
        ),
    ],
)
def test_everyday_chinese_nouns_of_populations_and_records(question: str, metric: str, filters: list[object]) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == [metric]
    assert [f for f in filters_of(query) if f[0] != "customer.is_member"] == filters


@pytest.mark.parametrize(
    ("question", "dimension"),
    [
        ("how satisfied were members vs non-members in 2025", "customer.is_member"),
        ("how satisfied were people at each touchpoint this year", "survey.touchpoint"),
    ],
)
def test_how_satisfied_is_the_average_csat(question: str, dimension: str) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == ["avg_csat"]
    assert dimension_names(query) == [dimension]


@pytest.mark.parametrize(
    "question",
    [
        "return rate by region in 2025 — do people in some areas send things back more?",
        "are members sending their purchases back more often? return rate members vs non-members this year",
    ],
)
def test_sending_things_back_is_returning_them(question: str) -> None:
    assert query_of(MODEL, question)["metrics"] == ["return_rate"]


@pytest.mark.parametrize(
    ("question", "values"),
    [
        ("订单数按渠道分，今年的？APP、官网那些", []),
        ("revenue by category this year? grocery, beauty etc", []),
        ("各渠道的订单数，APP和官网之类的", []),
        ("今年APP和官网的订单数分别是多少", ["app", "web"]),  # values named in the request: a filter
    ],
)
def test_values_listed_as_examples_after_a_breakdown_filter_nothing(question: str, values: list[str]) -> None:
    query = query_of(MODEL, question)
    assert len(dimension_names(query)) == 1
    assert [v for _, _, vs in filters_of(query) for v in vs] == values


@pytest.mark.parametrize(
    "question",
    [
        "上个月各大区的订单数，不管订单是什么状态",
        "今年每个月的订单量，无论订单最后是哪种状态",
    ],
)
def test_a_chinese_field_left_open_after_its_owner(question: str) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == ["orders"]
    assert filters_of(query) == []


@pytest.mark.parametrize(
    ("question", "bound"),
    [
        ("how many survey answers this year rated us 4 or lower out of 10 on satisfaction", 4),
        ("number of responses with csat of 6 or less out of 10 last month", 6),
    ],
)
def test_the_top_of_a_scale_beside_a_score_is_no_number_of_its_own(question: str, bound: int) -> None:
    query = query_of(MODEL, question)
    assert filters_of(query) == [("survey.csat_score", "<=", [bound])]


def test_a_number_out_of_ten_with_no_score_is_asked_back() -> None:
    asked_back(MODEL, "how many orders out of 10 were returned last month")


@pytest.mark.parametrize(
    ("question", "metric", "channel"),
    [
        ("what % of push notifications last week reached customers' phones", "delivery_rate", "app_push"),
        ("how many emails got to people's inboxes in November", "delivered_touches", "email"),
    ],
)
def test_a_message_that_reached_a_phone_was_delivered(question: str, metric: str, channel: str) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == [metric]
    assert ("touch.channel", "=", [channel]) in filters_of(query)


def test_a_phone_number_asked_is_still_personal_data() -> None:
    from tests.planner_cases import plan

    assert plan(MODEL, "show me the phone numbers of customers we texted last month").status == "refused"


@pytest.mark.parametrize(
    ("question", "metric"),
    [
        (
            "rank the priorities by how long we take to resolve a ticket, slowest first, this year",
            "avg_resolution_hours",
        ),
        ("which channel do we take the longest to first reply on? last quarter", "avg_first_response_hours"),
    ],
)
def test_how_long_we_take_is_the_duration(question: str, metric: str) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == [metric]
    assert order_of(query)[0] == (metric, "desc")
