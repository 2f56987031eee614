"""Round 11 (p14f): lists of records, record ids and rows without a value, with sentences of our own and near-misses
that must not change: the rows a list asks 'which' of, direction words, ids read by their form, 'who are they' /
'list em', ids and fields asked as columns, negated counts beside values of their own rows, scores left blank, and
'没关' as not closed."""

from __future__ import annotations

import pytest

from semantic_layer import load_model
from tests.planner_cases import asked_back, dimension_names, filters_of, order_of, plan, query_of

MODEL = load_model()


def _listed(query: dict[str, object]) -> str:
    """The entity a records query lists (the entity of its first column)."""
    assert query["kind"] == "records"
    return dimension_names(query)[0].partition(".")[0]


@pytest.mark.parametrize(
    ("question", "entity", "threshold"),
    [
        ("上周深圳客户超过3万块的订单有哪些", "order", 30000.0),
        ("上海会员这个月金额超过1万的订单有哪些", "order", 10000.0),
        ("which orders did Chengdu customers place last week over 15k?", "order", 15000.0),
        ("北京客户上个月有哪些订单退货了", "order", None),
        ("武汉客户的工单有哪些", "ticket", None),
    ],
)
def test_a_list_shows_the_rows_asked_which_of(question: str, entity: str, threshold: float | None) -> None:
    query = query_of(MODEL, question)
    assert _listed(query) == entity
    if threshold is not None:
        assert ("order.amount", ">", [threshold]) in filters_of(query)


def test_a_threshold_with_no_number_field_to_filter_names_no_empty_list() -> None:
    text = asked_back(MODEL, "哪些客户上个月下了超过2万的订单")
    assert "字段:。" not in text and "filter: ." not in text


@pytest.mark.parametrize(
    ("question", "direction"),
    [
        ("最近20笔取消的订单，按下单时间倒序", "desc"),
        ("最近20笔取消的订单，按下单时间正序", "asc"),
        ("the 15 latest cancelled orders, by order date descending", "desc"),
        ("the 15 latest cancelled orders, sorted by order date", "desc"),
        ("最近15个流失客户，按流失日期倒序排", "desc"),
    ],
)
def test_direction_words_order_the_rows_of_a_list(question: str, direction: str) -> None:
    query = query_of(MODEL, question)
    assert query["kind"] == "records"
    assert order_of(query)[0][1] == direction
    assert order_of(query)[0][0].endswith(("ordered_at", "churn_date"))


def test_descending_after_a_breakdown_ranks_the_groups() -> None:
    query = query_of(MODEL, "revenue by region descending")
    assert query.get("kind", "metrics") == "metrics" and order_of(query) == [("revenue", "desc")]


@pytest.mark.parametrize(
    ("question", "entity", "key"),
    [
        ("C0012345 这个客户最近的3笔订单拉出来", "order", "C0012345"),
        ("C0004321 还有哪些工单没解决", "ticket", "C0004321"),
        ("c0004321 的工单都列出来", "ticket", "C0004321"),
        ("orders of customer c0000777 last month", "order", "C0000777"),
    ],
)
def test_an_id_said_alone_is_the_key_of_the_entity_of_its_form(question: str, entity: str, key: str) -> None:
    query = query_of(MODEL, question)
    assert _listed(query) == entity
    assert ("customer.customer_id", "=", [key]) in filters_of(query)


def test_an_id_of_no_key_form_is_not_read_as_one() -> None:
    result = plan(MODEL, "X12345 这个客户最近的3笔订单")
    assert result.status != "ok" or "X12345" not in str(result.query)


@pytest.mark.parametrize(
    "question",
    [
        "把C0004321那几个没处理的工单直接关掉",
        "把上周那两笔退货订单给我取消掉",
    ],
)
def test_acting_on_records_with_ba_is_a_write(question: str) -> None:
    assert plan(MODEL, question).status == "refused"


def test_listing_closed_records_with_ba_is_no_write() -> None:
    query = query_of(MODEL, "把已关闭的工单都列出来")
    assert _listed(query) == "ticket" and ("ticket.status", "=", ["closed"]) in filters_of(query)


@pytest.mark.parametrize(
    "question",
    [
        "Which Beijing customers churned last quarter?",
        "which tier B customers churned this year",
        "which Wuhan orders were cancelled yesterday",
    ],
)
def test_which_before_values_and_a_noun_asks_for_rows(question: str) -> None:
    assert query_of(MODEL, question).get("kind") == "records"


def test_which_before_a_breakdown_still_ranks() -> None:
    query = query_of(MODEL, "which city has the most churned customers")
    assert query.get("kind", "metrics") == "metrics" and query["limit"] == 1


@pytest.mark.parametrize(
    "question",
    [
        "east region members who churned in the last 3 weeks - who are they?",
        "tier A customers that went silent, who were they",
        "any returned web orders over 20k this month? list em",
        "Which Beijing customers churned last quarter? IDs and the churn reason for each, please.",
    ],
)
def test_who_are_they_and_list_em_list_every_row(question: str) -> None:
    query = query_of(MODEL, question)
    assert query["kind"] == "records" and "limit" not in query


@pytest.mark.parametrize(
    ("question", "column"),
    [
        ("list the churned customers in Shenzhen this year, ids and the churn reason", "customer.churn_reason"),
        ("list churned customers in Beijing with their churn reason", "customer.churn_reason"),
        ("最近7天新注册的武汉客户名单，给ID就行", "customer.customer_id"),
        ("list yesterday's cancelled orders, ids only", "order.order_id"),
    ],
)
def test_ids_and_added_fields_are_columns_of_the_list(question: str, column: str) -> None:
    assert column in dimension_names(query_of(MODEL, question))


def test_id_said_to_read_through_a_list() -> None:
    query = query_of(
        MODEL, "I'd like to read through recent delivery complaints - can you pull the 6 newest complaint tickets?"
    )
    assert _listed(query) == "ticket" and query["limit"] == 6


@pytest.mark.parametrize(
    ("question", "field", "value"),
    [
        ("近7天短信没送达的有多少条", "touch.delivered", False),
        ("how many email messages last week were not delivered", "touch.delivered", False),
        ("上周推送没被打开的有多少条", "touch.opened", False),
        ("上周的短信有多少条被打开了", "touch.opened", True),
    ],
)
def test_a_negated_count_beside_values_of_its_rows_counts_them(question: str, field: str, value: bool) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == ["touches_sent"]
    assert (field, "=", [value]) in filters_of(query)


def test_delivered_counted_alone_is_the_delivered_count() -> None:
    assert query_of(MODEL, "上周送达了多少条邮件")["metrics"] == ["delivered_touches"]


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ("how many survey responses last month had no recommend score", "survey.nps_score"),
        ("responses this quarter where people left the 'would you recommend us' question blank - how many?", "survey.nps_score"),
        ("今年有多少问卷推荐分没填", "survey.nps_score"),
        ("how many tickets still haven't had a first reply", "ticket.first_response_at"),
        ("还没有首次回复的工单有多少", "ticket.first_response_at"),
    ],
)  # fmt: skip
def test_a_field_denied_or_left_blank_is_empty(question: str, field: str) -> None:
    assert (field, "is_null", []) in filters_of(query_of(MODEL, question))


def test_a_field_the_model_never_tests_for_emptiness_is_not_read_empty() -> None:
    result = plan(MODEL, "how many orders had no discount")
    assert result.status != "ok" or ("order.discount", "is_null", []) not in filters_of(
        result.query.model_dump(mode="json")
    )


@pytest.mark.parametrize("question", ["还没关的工单有几张", "没关也没解决的工单有多少", "没关闭的工单有多少"])
def test_not_closed_is_status_not_closed(question: str) -> None:
    assert ("ticket.status", "!=", ["closed"]) in filters_of(query_of(MODEL, question))
