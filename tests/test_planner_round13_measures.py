"""Round 13 (p16a): measures, populations and the words around them — sentences of our own, with near-misses that
must not change."""

from __future__ import annotations

import pytest

from semantic_layer import load_model
from tests.planner_cases import asked_back, dimension_names, filters_of, order_of, query_of

MODEL = load_model()


@pytest.mark.parametrize(
    ("question", "metrics"),
    [
        ("how many tickets came in last month, and what was the average csat?", ["tickets", "avg_csat"]),
        ("how many orders did we get in Q2 2026 and how much revenue did they bring in?", ["orders", "revenue"]),
        ("上个月有多少订单，销售额是多少？", ["orders", "revenue"]),
        ("今年一共有多少工单？平均满意度呢？", ["tickets", "avg_csat"]),
    ],
)
def test_a_counted_noun_in_a_clause_of_its_own_is_a_second_measure(question: str, metrics: list[str]) -> None:
    assert query_of(MODEL, question)["metrics"] == metrics


@pytest.mark.parametrize(
    ("question", "metrics"),
    [
        ("how many orders last month?", ["orders"]),
        ("revenue from orders placed last month", ["revenue"]),
        ("今年流失了多少客户？流失率是多少？", ["churned_customers", "churn_rate"]),  # the noun counted once
        ("今年新增了多少客户？流失率呢？", ["new_customers", "churn_rate"]),
    ],
)
def test_a_noun_not_asked_apart_adds_no_count(question: str, metrics: list[str]) -> None:
    assert query_of(MODEL, question)["metrics"] == metrics


@pytest.mark.parametrize(
    "question",
    [
        "how long does support take to reply after a customer opens a ticket?",
        "when people open a case, how quickly do we first respond?",
        "after someone opens a ticket, how long before support first replies?",
    ],
)
def test_a_status_word_said_as_the_customers_verb_is_no_status_filter(question: str) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == ["avg_first_response_hours"]
    assert not [f for f in filters_of(query) if f[0] == "ticket.status"]


@pytest.mark.parametrize(
    "question", ["how many tickets are still open?", "first response time for tickets that are open right now"]
)
def test_the_status_said_of_the_tickets_stays_a_filter(question: str) -> None:
    assert ("ticket.status", "=", ["open"]) in filters_of(query_of(MODEL, question))


@pytest.mark.parametrize(
    ("question", "metric"),
    [
        ("上个月各渠道(电话、在线、邮件、APP)的工单数", "tickets"),
        ("complaints by ticket channel (phone / chat / email / app) this year", "complaints"),
        ("按工单渠道（电话、在线、邮件、APP）看今年的平均解决时长", "avg_resolution_hours"),
    ],
)
def test_a_bracketed_list_of_every_value_spells_out_the_breakdown(question: str, metric: str) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == [metric]
    assert dimension_names(query) == ["ticket.channel"]
    assert not filters_of(query)


def test_a_bracketed_list_of_some_values_keeps_only_those() -> None:
    query = query_of(MODEL, "average resolution time by ticket channel (phone, email) this year")
    assert ("ticket.channel", "in", ["phone", "email"]) in filters_of(query)


@pytest.mark.parametrize(
    ("question", "word"),
    [
        ("revenue by region (North / South / Atlantis)", "atlantis"),
        ("各区域（华北/华南/火星）的销售额", "火星"),
    ],
)
def test_a_listed_group_the_model_does_not_know_is_asked_back(question: str, word: str) -> None:
    assert word in asked_back(MODEL, question).lower()


@pytest.mark.parametrize(
    ("question", "field", "value"),
    [
        ("在线渠道来的工单上个月有多少", "ticket.channel", "chat"),
        ("上个月在线下单的订单有多少", "order.channel", "web"),
    ],
)
def test_online_names_the_channel_of_the_rows_counted(question: str, field: str, value: str) -> None:
    assert (field, "=", [value]) in filters_of(query_of(MODEL, question))


@pytest.mark.parametrize(
    ("question", "limit", "segments"),
    [
        ("which 3 reasons made people leave us in the last 6 months? most common first", 3, []),
        ("the 4 biggest reasons high-value customers left us in 2025, largest first", 4, ["high_value_customers"]),
        ("what were the 2 biggest reasons members left us this year, most frequent first?", 2, ["members"]),
    ],
)
def test_top_reasons_with_an_order_word_first_count_people_per_reason(
    question: str, limit: int, segments: list[str]
) -> None:
    query = query_of(MODEL, question)
    assert query.get("kind", "metrics") == "metrics" and query["metrics"] == ["churned_customers"]
    assert dimension_names(query) == ["customer.churn_reason"]
    assert order_of(query) == [("churned_customers", "desc")] and query["limit"] == limit
    assert query.get("segments", []) == segments


def test_the_reasons_of_a_population_named_by_its_count_are_its_recorded_reasons() -> None:
    query = query_of(MODEL, "what are the most common reasons customers churned this year?")
    assert query.get("kind", "metrics") == "metrics" and dimension_names(query) == ["customer.churn_reason"]


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("the first 5 orders of 2026", "records"),  # 'first' alone: the earliest rows
        ("what did churned customers complain about this year?", "themes"),  # texts named: their themes
    ],
)
def test_first_alone_and_texts_keep_their_reading(question: str, kind: str) -> None:
    assert query_of(MODEL, question).get("kind", "metrics") == kind


@pytest.mark.parametrize(
    ("question", "start"),
    [
        ("how many of the customers who left us last quarter ever raised a complaint with us?", "2026-07-01"),
        ("of the clients who left us in the past 3 months, how many had filed a complaint?", "2026-09-05"),
        ("how many customers who left us in the past 3 months had complained at some point?", "2026-09-05"),
    ],
)
def test_how_many_of_a_population_did_an_event_counts_the_people(question: str, start: str) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] in (["customers"], ["complaining_customers"])
    assert query["segments"] == ["churned_customers"]
    if query["metrics"] == ["customers"]:
        assert ("ticket.is_complaint", "=", [True]) in filters_of(query)
    assert query["time_range"]["field"] == "customer.churn_date" and query["time_range"]["start"] == start


def test_a_population_said_after_its_noun_keeps_the_event_it_did() -> None:
    query = query_of(MODEL, "how many customers who left us in 2026 had opened a ticket?")
    assert query["metrics"] == ["customers"] and query["segments"] == ["churned_customers"]
    assert ("ticket.ticket_id", "is_not_null", []) in filters_of(query)


def test_the_events_of_a_population_are_still_counted_as_events() -> None:
    query = query_of(MODEL, "how many complaints did customers who left us last quarter file?")
    assert query["metrics"] == ["complaints"] and query["segments"] == ["churned_customers"]
