"""Follow-ups about what the previous answer showed, found by using the chat: 'list them' after a count was
answered with the overview; 'how many orders did each place' after the top 10 customers lost the customers;
'and their tier?' was 'outside the data'; 'AOV instead' / '客单价呢' dropped the breakdown and period; 'sms?' after
a breakdown by channel was refused as a write and 'and email?' as personal data; fragments with nothing before
them ('sort by highest', 'what share is that') were answered with the overview."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.contracts import Turn
from assistant.planner.cues import REFERS_BACK
from semantic_layer import load_model
from tests.planner_cases import history_of, plan, query_of


@pytest.fixture(scope="module")
def model() -> Any:
    return load_model()


def names(query: dict[str, Any]) -> list[str]:
    return [d["name"] for d in query.get("dimensions", [])]


@pytest.mark.parametrize(
    ("first", "follow_up", "entity", "condition"),
    [
        ("churned customers last month by reason", "list them", "customer", ("customer.status", "churned")),
        ("How many customers churned last month?", "show me those customers", "customer", ("segment", "churned_customers")),
        ("上个月各等级的流失客户数", "把这些客户列出来", "customer", ("customer.status", "churned")),
        ("上个月的投诉工单", "列出来", "ticket", ("ticket.is_complaint", True)),
        ("open tickets by priority this week", "list them please", "ticket", ("ticket.status", "open")),
        ("本周有多少退货的订单", "列一下明细", "order", ("order.status", "returned")),
    ],
)  # fmt: skip
def test_list_them_lists_the_rows_the_previous_count_counted(
    model: Any, first: str, follow_up: str, entity: str, condition: tuple[str, Any]
) -> None:
    before = history_of(model, first)
    assert before[0].query is not None and before[0].query.kind == "metrics"
    query = query_of(model, follow_up, before)
    assert query["kind"] == "records", query
    assert all(name.startswith(f"{entity}.") for name in names(query)), query
    field, value = condition
    filtered = any(f["field"] == field and value in f["values"] for f in query.get("filters", []))
    assert filtered or (field == "segment" and value in query["segments"]), query
    assert query["time_range"]["start"] == before[0].query.model_dump(mode="json")["time_range"]["start"]


def test_a_listed_count_is_dated_by_what_the_metric_dates(model: Any) -> None:
    query = query_of(model, "list them", history_of(model, "churned customers last month"))
    assert query["time_range"]["field"] == "customer.churn_date", query  # churned last month, not signed up


def test_the_previous_breakdown_stays_a_column_of_the_list(model: Any) -> None:
    query = query_of(model, "list them", history_of(model, "complaints by priority last 30 days"))
    assert "ticket.priority" in names(query)


@pytest.mark.parametrize(
    ("first", "follow_up", "added"),
    [
        ("top 10 customers by revenue this year", "how many orders did each place", "orders"),
        ("top 5 cities by revenue this year", "how many customers in each", "customers"),
        ("top 5 cities by revenue this year", "各自有多少客户", "customers"),
        ("top 5 cities by revenue this year", "这几个城市的客诉数呢", "complaints"),
        ("今年销售额最高的5个城市", "它们的订单数呢", "orders"),
    ],
)
def test_a_measure_of_each_ranked_row_keeps_the_ranking(model: Any, first: str, follow_up: str, added: str) -> None:
    before = history_of(model, first)
    previous = before[0].query
    assert previous is not None
    query = query_of(model, follow_up, before)
    assert added in query["metrics"] and "revenue" in query["metrics"], query
    assert names(query) == [d.name for d in previous.dimensions]
    assert query["limit"] == previous.limit and query["order_by"][0]["field"] == "revenue"


@pytest.mark.parametrize(
    ("follow_up", "added"),
    [("and their tier?", "customer.tier"), ("show their region too", "customer.region"),
     ("也看一下他们的等级", "customer.tier"), ("加上他们所在的城市", "customer.city")],
)  # fmt: skip
def test_an_attribute_of_the_ranked_rows_is_a_column_added(model: Any, follow_up: str, added: str) -> None:
    query = query_of(model, follow_up, history_of(model, "top 10 customers by revenue this year"))
    assert names(query) == ["customer.customer_id", added], query
    assert query["limit"] == 10 and query["metrics"] == ["revenue"]


def test_a_breakdown_asked_with_by_still_replaces_the_previous_one(model: Any) -> None:
    query = query_of(model, "and by tier?", history_of(model, "revenue by region last quarter"))
    assert names(query) == ["customer.tier"], query


@pytest.mark.parametrize(
    ("first", "follow_up", "metric"),
    [
        ("Revenue by region last quarter", "AOV instead", "average_order_value"),
        ("Revenue by region last quarter", "orders instead?", "orders"),
        ("revenue by month this year", "客单价呢", "average_order_value"),
        ("上季度各区域的销售额", "订单数呢？", "orders"),
    ],
)
def test_a_metric_swapped_at_the_end_keeps_breakdown_and_period(
    model: Any, first: str, follow_up: str, metric: str
) -> None:
    before = history_of(model, first)
    previous = before[0].query
    assert previous is not None
    query = query_of(model, follow_up, before)
    assert query["metrics"] == [metric], query
    assert names(query) == [d.name for d in previous.dimensions]
    assert query["time_range"]["start"] == previous.model_dump(mode="json")["time_range"]["start"]


def test_a_full_question_ending_in_ne_is_still_new(model: Any) -> None:
    query = query_of(
        model, "今年每个月的订单数和上个月各渠道的退货率分别是多少呢", history_of(model, "上季度各区域的销售额")
    )
    assert "customer.region" not in names(query), query


@pytest.mark.parametrize("value", ["sms?", "and email?", "what about push"])
def test_a_channel_value_after_a_breakdown_by_channel_is_that_value(model: Any, value: str) -> None:
    before = history_of(model, "conversion rate by channel last quarter")
    result = plan(model, value, before)
    assert result.status == "ok", result
    assert result.query is not None and result.query.filters[0].field == "touch.channel"


@pytest.mark.parametrize(
    "question", ["and email?", "show me customer emails", "email the churned customers", "send an sms to members"]
)
def test_personal_data_and_writes_are_still_refused_without_that_context(model: Any, question: str) -> None:
    assert plan(model, question, history_of(model, "revenue last month")).status == "refused"


@pytest.mark.parametrize(
    "question", ["sort by highest", "what share is that", "list them", "把它们列出来", "从高到低排一下", "and those?"]
)
def test_a_fragment_with_nothing_before_it_is_asked_back_not_answered(model: Any, question: str) -> None:
    result = plan(model, question)
    assert result.status == "clarify", result


@pytest.mark.parametrize("question", ["how are we doing?", "how did last month go?", "最近怎么样"])
def test_a_vague_question_still_gets_the_overview(model: Any, question: str) -> None:
    result = plan(model, question)
    assert result.status == "ok" and result.query is not None and len(result.query.metrics) > 1


@pytest.mark.parametrize(
    "question",
    ["refund rate by month", "email open rate last month", "call volume by day", "text complaints by channel",
     "tag counts by month"],
)  # fmt: skip
def test_a_verb_of_acting_that_starts_a_measure_is_not_a_write(model: Any, question: str) -> None:
    assert plan(model, question).status != "refused" or "personal" in (plan(model, question).clarification or "")


@pytest.mark.parametrize(
    "question",
    ["email the churned customers a coupon", "send an sms to all members", "cancel order #123",
     "mark these tickets as resolved", "tag them as vip", "delete all churned customers", "请帮我给流失客户发短信"],
)  # fmt: skip
def test_orders_to_act_on_customers_or_records_are_still_refused(model: Any, question: str) -> None:
    assert plan(model, question).status == "refused"


@pytest.mark.parametrize("question", ["only this year", "只看今年", "和去年比呢", "and by month?"])
def test_a_fragment_after_no_answer_or_an_unclear_one_is_asked_back(model: Any, question: str) -> None:
    assert plan(model, question).status == "clarify"
    assert plan(model, "ratio?", history_of(model, "how many active members do we have")).status == "clarify"


def test_after_detractors_themes_promoters_are_the_population_instead(model: Any) -> None:
    query = query_of(model, "and promoters?", history_of(model, "what are detractors saying"))
    assert query["kind"] == "themes", query
    assert [f["op"] for f in query["filters"]] == [">="], query  # promoters, not promoters among detractors


def test_after_a_themes_answer_a_measure_still_measures_the_population(model: Any) -> None:
    query = query_of(model, "按渠道看工单数", history_of(model, "最近三个月流失的客户主要反映了哪些问题?"))
    assert query.get("kind", "metrics") == "metrics" and query["metrics"] == ["tickets"], query


@pytest.mark.parametrize(("count", "follow_up"), [("complaints this month", "what are they about"),
                                                  ("本月的投诉数", "都是关于什么的")])  # fmt: skip
def test_what_counted_texts_are_about_is_their_themes(model: Any, count: str, follow_up: str) -> None:
    before = history_of(model, count)
    query = query_of(model, follow_up, before)
    assert query["kind"] == "themes" and query["text_field"] == "complaint_text", query
    assert {"field": "ticket.is_complaint", "op": "=", "values": [True]} in query["filters"]
    assert query["time_range"]["start"] == "2026-12-01"
    again = query_of(
        model,
        "compare with last month",
        [*before, Turn(question=follow_up, query=plan(model, follow_up, before).query)],
    )
    assert again["time_range"]["start"] == "2026-12-01" and again["compare"]["previous_period"] is True


def test_listing_the_texts_after_a_themes_answer(model: Any) -> None:
    query = query_of(model, "列出这些投诉", history_of(model, "最近三个月流失的客户主要反映了哪些问题?"))
    assert query["kind"] == "records" and query["segments"] == ["churned_customers"], query
    assert query["time_range"]["field"] == "customer.churn_date"


@pytest.mark.parametrize(
    ("first", "follow_up"),
    [("which campaign type converts best", "show the numbers for all types"), ("哪个区域销售额最高", "所有区域都列出来看看"),
     ("top 3 cities by orders", "show all of them")],
)  # fmt: skip
def test_all_after_a_ranking_shows_every_group(model: Any, first: str, follow_up: str) -> None:
    before = history_of(model, first)
    query = query_of(model, follow_up, before)
    assert query.get("kind", "metrics") == "metrics" and "limit" not in query, query
    assert query["dimensions"] == before[0].query.model_dump(mode="json", exclude_none=True)["dimensions"]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("first", "follow_up", "kept"),
    [("how many push notifications did we send last week", "delivery rate?", "touch.channel"),
     ("上季度各区域的销售额", "退货率", "customer.region"), ("how many orders yesterday", "revenue?", None)],
)  # fmt: skip
def test_a_metric_named_alone_keeps_what_the_previous_answer_covered(
    model: Any, first: str, follow_up: str, kept: str | None
) -> None:
    before = history_of(model, first)
    query = query_of(model, follow_up, before)
    assert query["time_range"] == before[0].query.model_dump(mode="json", exclude_none=True)["time_range"]  # type: ignore[union-attr]
    if kept:
        used = [f["field"] for f in query.get("filters", [])] + [d["name"] for d in query.get("dimensions", [])]
        assert kept in used, query


@pytest.mark.parametrize(
    ("first", "follow_up", "op", "value"),
    [("how many orders over 1000 yuan last month by channel", "and under 100?", "<", 100.0),
     ("订单金额超过500元的订单数", "200元以下的呢", "<", 200.0),
     ("nps score below 5 responses last month", "and 9 or above?", ">=", 9.0)],
)  # fmt: skip
def test_a_threshold_alone_replaces_the_previous_threshold(
    model: Any, first: str, follow_up: str, op: str, value: float
) -> None:
    before = history_of(model, first)
    query = query_of(model, follow_up, before)
    field = before[0].query.filters[0].field  # type: ignore[union-attr]
    assert [f for f in query["filters"] if f["field"] == field] == [{"field": field, "op": op, "values": [value]}]


@pytest.mark.parametrize(
    ("first", "follow_up"), [("本周新增客户", "按渠道"), ("new customers this month", "by channel")]
)
def test_a_word_naming_part_of_the_counted_entitys_field_is_that_field(model: Any, first: str, follow_up: str) -> None:
    query = query_of(model, follow_up, history_of(model, first))
    assert names(query) == ["customer.acquisition_channel"], query
    assert names(query_of(model, "by channel", history_of(model, "revenue last month"))) == ["order.channel"]


@pytest.mark.parametrize("question", ["avg order value last month", "order count by region"])
def test_the_word_order_in_a_question_refers_to_no_earlier_answer(question: str) -> None:
    assert not REFERS_BACK.search(question)
    assert REFERS_BACK.search("sort them by revenue") and REFERS_BACK.search("order it by date")


@pytest.mark.parametrize(
    "question",
    ["returned rate by category this year", "rate of returned orders by category", "what is the rate of cancelled orders last month",
     "cancelled rate by category"],
)  # fmt: skip
def test_a_rate_named_by_the_rows_it_counts_is_never_a_count(model: Any, question: str) -> None:
    result = plan(model, question)
    assert result.status in ("ok", "clarify"), result
    if result.status == "ok":
        assert result.query is not None
        assert result.query.share is not None or result.query.metrics == ["return_rate"], result.query
