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


def history_of(model: Any, *questions: str) -> list[Turn]:
    turns: list[Turn] = []
    for question in questions:
        turns.append(Turn(question=question, query=plan(model, question, turns).query))
    return turns


@pytest.mark.parametrize(
    "question",
    ["how many complaints did they raise?", "and their complaints?", "他们提了多少投诉", "她们的投诉有多少"],
)
def test_they_and_their_refer_to_the_previous_population_and_period(model: Any, question: str) -> None:
    history = history_of(model, "What is the churn rate of members last year?")
    query = query_of(model, question, history)
    assert query["metrics"] == ["complaints"] and query["segments"] == ["members"], query
    assert query["time_range"]["start"] == "2025-01-01", query


@pytest.mark.parametrize(
    ("first", "question", "compare"),
    [
        # round 11: this quarter to date beside last quarter named is compared with all of it (DESIGN §7)
        (
            "NPS by touchpoint this quarter",
            "compare with last quarter",
            {"previous_period": True, "whole_previous": True},
        ),
        ("Revenue last month", "how does that compare to October?", {"previous_period": True}),
        ("Revenue last month", "vs the same month last year", {"previous_period": True, "year_over_year": True}),
        ("本季度各触点的NPS", "和上季度比呢", {"previous_period": True, "whole_previous": True}),
        ("上个月的销售额", "跟去年11月对比一下", {"previous_period": True, "year_over_year": True}),
    ],
)
def test_compare_with_a_named_period_keeps_the_previous_one(
    model: Any, first: str, question: str, compare: dict[str, Any]
) -> None:
    history = history_of(model, first)
    before = history[0].query
    assert before is not None and before.time_range is not None
    query = query_of(model, question, history)
    assert query["time_range"]["start"] == before.time_range.start.isoformat(), query
    assert query["compare"] == compare, query


def test_a_period_named_without_a_comparison_word_replaces_the_previous_one(model: Any) -> None:
    query = query_of(model, "what about last quarter?", history_of(model, "NPS by touchpoint this quarter"))
    assert query["time_range"]["start"] == "2026-07-01" and "compare" not in query, query


THEMES_FIRST = "最近三个月流失的客户主要反映了哪些问题?"


def test_a_measure_after_a_themes_answer_counts_the_same_population(model: Any) -> None:
    query = query_of(model, "按渠道看工单数", history_of(model, THEMES_FIRST))
    assert query["metrics"] == ["tickets"] and query["segments"] == ["churned_customers"], query
    assert query["dimensions"] == [{"name": "ticket.channel"}] and "text_field" not in query, query
    assert query["time_range"]["field"] == "customer.churn_date", query


@pytest.mark.parametrize("question", ["那活跃客户呢", "what about active customers?"])
def test_another_population_after_a_themes_answer_gets_themes_dated_by_its_texts(model: Any, question: str) -> None:
    query = query_of(model, question, history_of(model, THEMES_FIRST))
    assert query["kind"] == "themes" and query["segments"] == ["active_customers"], query
    assert "field" not in query["time_range"] and query["time_range"]["start"] == "2026-09-05", query
    assert query.get("compare", {}).get("segments") is None, query


LIST_FIRST = {"en": "List the 10 most recently churned high-value customers", "zh": "列出最近流失的10个高价值客户"}
POPULATION = ["churned_customers", "high_value_customers"]


@pytest.mark.parametrize(
    ("language", "question", "metric", "dimensions"),
    [
        ("en", "how many are there in total?", "customers", []),
        ("en", "and how many orders did they place last month?", "orders", []),
        ("en", "break them down by city", "customers", ["customer.city"]),
        ("zh", "一共有多少个", "customers", []),
        ("zh", "他们上个月有多少订单", "orders", []),
        ("zh", "按城市分", "customers", ["customer.city"]),
    ],
)
def test_a_count_or_breakdown_after_a_list_measures_the_rows_the_list_selects(
    model: Any, language: str, question: str, metric: str, dimensions: list[str]
) -> None:
    result = plan(model, question, history_of(model, LIST_FIRST[language]))
    query = query_of(model, question, history_of(model, LIST_FIRST[language]))
    assert query["metrics"] == [metric] and query["segments"] == POPULATION, query
    assert [d["name"] for d in query.get("dimensions", [])] == dimensions and "limit" not in query, query
    assert any("10" in line for line in result.assumptions), result.assumptions


def test_a_narrower_list_after_a_list_stays_a_list(model: Any) -> None:
    query = query_of(model, "only those in Beijing", history_of(model, LIST_FIRST["en"]))
    assert query["kind"] == "records" and query["limit"] == 10, query


@pytest.mark.parametrize(
    ("first", "question", "start"),
    [
        ("今年每月的流失率是多少?", "和去年比呢", "2025-01-01"),
        ("What is the churn rate by month this year?", "compare with last year", "2025-01-01"),
        ("Revenue by week this month", "vs last month", "2026-11-01"),
    ],
)
def test_a_series_compared_with_a_named_period_covers_both(model: Any, first: str, question: str, start: str) -> None:
    history = history_of(model, first)
    result = plan(model, question, history)
    query = query_of(model, question, history)
    assert query["time_range"]["start"] == start and query["time_range"]["end"] == "2026-12-04", query
    assert "compare" not in query and any(d.get("grain") for d in query["dimensions"]), query
    assert any(start in line for line in result.assumptions), result.assumptions


@pytest.mark.parametrize(
    ("question", "metrics", "segments"),
    [
        ("那流失的客户呢", ["churned_customers"], []),
        ("what about churned customers?", ["churned_customers"], []),
        ("那会员呢", ["customers"], ["members"]),
        ("只看会员", ["active_customers"], ["members"]),
    ],
)
def test_another_population_in_place_of_a_counted_one_is_counted(
    model: Any, question: str, metrics: list[str], segments: list[str]
) -> None:
    query = query_of(model, question, history_of(model, "活跃客户按等级分布看一下"))
    assert query["metrics"] == metrics and query.get("segments", []) == segments, query
    assert query["dimensions"] == [{"name": "customer.tier"}], query


@pytest.mark.parametrize(
    ("question", "start", "end"),
    [
        ("revenue in Q3 last year", "2025-07-01", "2025-09-30"),
        ("orders in November last year", "2025-11-01", "2025-11-30"),
        ("how many orders in Q3 this year?", "2026-07-01", "2026-09-30"),
    ],
)
def test_a_month_or_quarter_of_this_or_last_year_is_one_period(model: Any, question: str, start: str, end: str) -> None:
    query = query_of(model, question)
    assert (query["time_range"]["start"], query["time_range"]["end"]) == (start, end), query
