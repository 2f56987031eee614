"""Round 12 (p15f): records, rankings, breakdowns by the right field and follow-ups, with sentences of our own and
near-misses that must not change."""

from __future__ import annotations

import pytest

from semantic_layer import load_model
from tests.planner_cases import asked_back, dimension_names, filters_of, history_of, order_of, query_of

MODEL = load_model()


@pytest.mark.parametrize(
    "question",
    [
        "Which customers joined via partners this week? List them.",
        "which customers signed up through the app last month? list them all",
        "哪些客户上个月注册的？列出来",
    ],
)
def test_rows_asked_with_their_signup_event_are_listed(question: str) -> None:
    query = query_of(MODEL, question)
    assert query["kind"] == "records" and "customer.customer_id" in dimension_names(query)


def test_a_singular_signup_month_stays_no_list() -> None:
    asked_back(MODEL, "which customer signup month had the most customers")


@pytest.mark.parametrize(
    ("first", "follow", "dimension"),
    [
        ("上个月订单最多的前5个城市", "换成品类看，也是前5", "order.category"),
        ("top 4 cities by revenue this quarter", "switch to tiers, top 4 too", "customer.tier"),
    ],
)
def test_a_switched_breakdown_replaces_the_old_one_and_keeps_a_restated_top_n(
    first: str, follow: str, dimension: str
) -> None:
    query = query_of(MODEL, follow, history_of(MODEL, first))
    assert dimension_names(query) == [dimension]
    assert query["limit"] == query_of(MODEL, first)["limit"]


@pytest.mark.parametrize(
    ("questions", "metric"),
    [
        (("本季度的订单数", "按品类拆一下", "只算已完成的"), "orders"),
        (("tickets this month", "by priority", "count only the complaints"), "complaints"),
        (("上个月的工单量", "按优先级分", "只统计投诉的"), "complaints"),
    ],
)
def test_counting_only_some_rows_keeps_the_breakdown(questions: tuple[str, ...], metric: str) -> None:
    history = history_of(MODEL, *questions[:-1])
    query = query_of(MODEL, questions[-1], history)
    assert query["metrics"] == [metric] and len(dimension_names(query)) == 1
    assert "time_range" in query


@pytest.mark.parametrize(
    ("first", "follow", "metric"),
    [
        ("top 3 regions by orders this year", "ok, and the top 3 by revenue?", "revenue"),
        ("top 5 categories by revenue last month", "ok top 5 by number of orders", "orders"),
    ],
)
def test_a_top_n_naming_no_rows_ranks_the_previous_rows(first: str, follow: str, metric: str) -> None:
    earlier = query_of(MODEL, first)
    query = query_of(MODEL, follow, history_of(MODEL, first))
    assert query["metrics"] == [metric] and dimension_names(query) == dimension_names(earlier)
    assert order_of(query) == [(metric, "desc")] and query["limit"] == earlier["limit"]


def test_a_top_n_naming_its_rows_is_a_new_question() -> None:
    query = query_of(MODEL, "top 5 customers by number of orders", history_of(MODEL, "top 5 cities by revenue"))
    assert dimension_names(query) == ["customer.customer_id"]


@pytest.mark.parametrize(
    ("question", "field", "direction"),
    [
        ("show the 6 tickets from last month that took the longest to resolve", "ticket.resolution_hours", "desc"),
        ("the 4 tickets with the shortest first response time this week", "ticket.first_response_hours", "asc"),
        ("本月解决时间最长的3张工单", "ticket.resolution_hours", "desc"),
    ],
)
def test_records_ranked_by_how_long_an_event_took(question: str, field: str, direction: str) -> None:
    query = query_of(MODEL, question)
    assert query["kind"] == "records" and order_of(query) == [(field, direction)]


def test_a_group_ranked_by_a_duration_stays_a_ranking() -> None:
    query = query_of(MODEL, "which priority took longest to resolve last month")
    assert query.get("kind", "metrics") == "metrics" and query["metrics"] == ["avg_resolution_hours"]


@pytest.mark.parametrize(
    ("question", "field", "bound", "kind"),
    [
        ("本月首次响应超过12小时的工单有哪些", "ticket.first_response_hours", 12, "records"),
        ("how many tickets had a resolution time over 72 hours last quarter", "ticket.resolution_hours", 72, "metrics"),
        ("tickets this year whose first reply took more than 8 hours", "ticket.first_response_hours", 8, "metrics"),
    ],
)
def test_a_bound_in_hours_after_an_event_filters_its_duration(question: str, field: str, bound: int, kind: str) -> None:
    query = query_of(MODEL, question)
    assert query.get("kind", "metrics") == kind and filters_of(query) == [(field, ">", [bound])]
    assert kind == "records" or query["metrics"] == ["tickets"]


def test_a_bound_in_days_is_still_asked_back() -> None:
    asked_back(MODEL, "tickets with a first response over 2 days")


@pytest.mark.parametrize(
    "question",
    [
        "which support channel had the fastest first response this quarter?",
        "which ticket channel had the slowest first response",
    ],
)
def test_first_response_names_the_response_time(question: str) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == ["avg_first_response_hours"] and dimension_names(query) == ["ticket.channel"]


def test_a_measure_word_counts_the_named_entity() -> None:
    query = query_of(MODEL, "本月的工单按渠道各多少单")
    assert query["metrics"] == ["tickets"] and dimension_names(query) == ["ticket.channel"]
    assert query_of(MODEL, "本月订单按渠道各多少单")["metrics"] == ["orders"]
    assert query_of(MODEL, "本月客户下了多少单")["metrics"] == ["orders"]


@pytest.mark.parametrize("question", ["上海今年流失的会员，都是哪些人？", "上个月流失的会员，都是哪些人"])
def test_who_they_all_are_lists_the_population(question: str) -> None:
    assert query_of(MODEL, question)["kind"] == "records"


@pytest.mark.parametrize(
    ("question", "text_field"),
    [("上个月问卷里客户主要反馈了什么", "survey_comment"), ("本季度投诉里大家主要反馈了啥", "complaint_text")],
)
def test_what_people_reported_is_themes_of_the_named_texts(question: str, text_field: str) -> None:
    query = query_of(MODEL, question)
    assert query["kind"] == "themes" and query["text_field"] == text_field
