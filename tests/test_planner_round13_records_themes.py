"""Round 13 (p16b): records and themes — the listed noun, list requests, the population of a themes question, the date a
period is stated on, and the field a value's governing word chooses. Sentences of our own, with near-misses."""

from __future__ import annotations

import pytest

from semantic_layer import load_model
from tests.planner_cases import asked_back, dimension_names, filters_of, order_of, query_of

MODEL = load_model()


@pytest.mark.parametrize(
    "question",
    [
        "北京客户最近下的5个订单",
        "给我看看北京客户的订单，最新的10个",
        "Beijing customers' 5 most recent orders",
        "customer orders from Beijing, the latest 5",
        "the latest 5 orders from Beijing customers",
    ],
)
def test_a_list_shows_the_head_noun_not_the_noun_of_its_filter(question: str) -> None:
    query = query_of(MODEL, question)
    assert query["kind"] == "records" and "order.order_id" in dimension_names(query)
    assert ("customer.city", "=", ["Beijing"]) in filters_of(query)


def test_the_head_noun_dates_and_orders_the_rows() -> None:
    query = query_of(MODEL, "上个月上海客户下的最新2个订单")
    assert query["time_range"]["start"] == "2026-11-01"
    assert query["time_range"].get("field") in (None, "order.ordered_at")
    assert order_of(query) == [("order.ordered_at", "desc")] and query["limit"] == 2


def test_a_list_of_customers_stays_a_list_of_customers() -> None:
    query = query_of(MODEL, "最新注册的3个北京客户")
    assert "customer.customer_id" in dimension_names(query) and "order.order_id" not in dimension_names(query)


@pytest.mark.parametrize(
    "question", ["the 4 newest tickets opened by members", "the latest 4 tickets opened", "会员提交的最新4张工单"]
)
def test_tickets_opened_by_a_population_are_listed_not_ranked(question: str) -> None:
    query = query_of(MODEL, question)
    assert query["kind"] == "records" and query["limit"] == 4
    assert order_of(query) == [("ticket.created_at", "desc")]


@pytest.mark.parametrize(
    "question",
    [
        "把上周那几条贬损者的问卷反馈列出来",
        "上周贬损者的问卷反馈给我看看",
        "show me last week's detractor survey responses",
    ],
)
def test_a_list_request_of_counted_rows_lists_them(question: str) -> None:
    query = query_of(MODEL, question)
    assert query["kind"] == "records" and "survey.response_id" in dimension_names(query)
    assert ("survey.nps_score", "<=", [6]) in [(f, o, [int(v) for v in vs]) for f, o, vs in filters_of(query)]


@pytest.mark.parametrize(
    "question", ["上周有几条贬损者问卷", "how many detractor survey responses last week", "上周的订单量给我看看"]
)
def test_a_count_asked_stays_a_count(question: str) -> None:
    assert query_of(MODEL, question).get("kind", "metrics") == "metrics"


@pytest.mark.parametrize(
    "question",
    [
        "Summarize what members said in their survey comments last quarter",
        "what did members write in survey comments last quarter",
        "会员上季度在问卷评论里都写了什么",
    ],
)
def test_a_population_after_what_is_whose_texts_are_read(question: str) -> None:
    query = query_of(MODEL, question)
    assert query["kind"] == "themes" and query["segments"] == ["members"]
    assert query["text_field"] == "survey_comment"


@pytest.mark.parametrize("question", ["complaint themes by city last month", "按渠道看上个月投诉的主题"])
def test_a_split_of_themes_is_asked_back(question: str) -> None:
    asked_back(MODEL, question)


@pytest.mark.parametrize(
    "question",
    [
        "上季度流失客户的投诉主题（按流失日期算上季度）",
        "上季度流失的客户投诉了什么，以流失日期为准",
        "what did churned customers complain about last quarter, based on churn date",
    ],
)
def test_a_stated_date_field_dates_the_period(question: str) -> None:
    query = query_of(MODEL, question)
    assert query["kind"] == "themes" and query["time_range"]["field"] == "customer.churn_date"
    assert query["time_range"]["start"] == "2026-07-01"


def test_a_stated_date_field_is_no_breakdown_of_a_count() -> None:
    query = query_of(MODEL, "去年流失的客户数，按流失日期统计")
    assert query["metrics"] == ["churned_customers"] and not query.get("dimensions")
    assert query["time_range"]["field"] == "customer.churn_date"


def test_a_reason_between_the_period_and_the_churn_still_dates_the_churn() -> None:
    query = query_of(MODEL, "去年因为价格原因流失的客户，他们都投诉了些什么")
    assert query["time_range"]["field"] == "customer.churn_date"
    assert ("customer.churn_reason", "=", ["price"]) in filters_of(query)


def test_the_texts_own_period_stays_without_a_population_verb() -> None:
    query = query_of(MODEL, "去年北京客户的投诉主题")
    assert query["time_range"].get("field") in (None, "ticket.created_at")


@pytest.mark.parametrize(
    "question",
    [
        "上个月通过APP提交的投诉主要说了什么",
        "APP上提交的工单有多少",
        "complaints that came in through the app last month",
    ],
)
def test_a_value_after_a_word_of_means_is_the_channel(question: str) -> None:
    query = query_of(MODEL, question)
    assert ("ticket.channel", "=", ["app"]) in filters_of(query)
    assert "ticket.category" not in [f for f, _, _ in filters_of(query)]


def test_a_value_said_as_a_category_stays_the_category() -> None:
    query = query_of(MODEL, "app类别的工单有多少")
    assert ("ticket.category", "=", ["app"]) in filters_of(query)


def test_a_value_said_as_the_cause_of_leaving_is_the_reason() -> None:
    query = query_of(MODEL, "因为服务流失的客户有多少")
    assert ("customer.churn_reason", "=", ["service"]) in filters_of(query)


@pytest.mark.parametrize(
    "question",
    [
        "what have our top-tier (tier B) customers been complaining about this quarter?",
        "what do customers say in app-category complaints this year? can you group them into themes",
    ],
)
def test_a_word_read_as_a_breakdown_without_a_split_word_stays_answered(question: str) -> None:
    assert query_of(MODEL, question)["kind"] == "themes"
