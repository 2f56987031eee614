"""Round 11 (p14c): follow-ups and corrections inside one message, with sentences of our own and near-misses that
must not change: a correction replaces what it corrects ('by region — no wait, by city'); a group named in a later
clause keeps the breakdown; '和…比' swallows no unknown word; the values a conversation named, pointed at by their
number ('这两个城市'); 'by how urgent' is a breakdown; included states restrict nothing; a named record's fields are its
row; 'these 10' after a list of 10 is the list; the cause asked after a complaint is its themes; a marketing channel
noun names its channel."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.contracts import detect_language
from assistant.planner import plan_question
from semantic_layer import SemanticQuery, load_model
from tests.planner_cases import AS_OF, asked_back, dimension_names, filters_of, history_of, query_of

MODEL = load_model()


# --- a correction inside one message -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "dimension"),
    [
        ("orders last month by region - no wait, by city", "customer.city"),
        ("complaints last quarter by category, or rather by priority", "ticket.priority"),
        ("今年的销售额按渠道看——哦不对，我是想按品类看", "order.category"),
        ("上个月各地区的订单数，不对，是各城市的", "customer.city"),
        ("new customers this year by region... sorry, I meant by tier", "customer.tier"),
    ],
)
def test_a_corrected_breakdown_keeps_only_the_new_one(question: str, dimension: str) -> None:
    assert dimension_names(query_of(MODEL, question)) == [dimension]


@pytest.mark.parametrize(
    ("question", "limit"),
    [
        ("top 3 regions by orders this year... actually make it 4 — top 4 regions by orders this year", 4),
        ("上个月销售额最高的3个品类，不对，我是想看销售额最高的2个品类", 2),
    ],
)
def test_a_corrected_number_of_rows_keeps_the_new_one(question: str, limit: int) -> None:
    assert query_of(MODEL, question)["limit"] == limit


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("tickets in the north last week, sorry, I meant the south", "South"),
        ("上周华东的订单数，哦不对，是华中的", "Central"),
    ],
)
def test_a_corrected_value_keeps_only_the_new_one(question: str, value: str) -> None:
    assert filters_of(query_of(MODEL, question)) == [("customer.region", "=", [value])]


@pytest.mark.parametrize(
    ("question", "plain"),
    [
        ("Actually, how many customers churned last month?", "how many customers churned last month?"),
        ("what did members complain about lately? I mean complaints in the past 3 months", None),
        ("how many customers actually churned last month", "how many customers churned last month"),
        ("customers by region this year — actually only members", None),  # nothing of the same kind said again
    ],
)
def test_a_marker_with_nothing_said_again_retracts_nothing(question: str, plain: str | None) -> None:
    query = query_of(MODEL, question)
    if plain is not None:
        assert query == query_of(MODEL, plain)
    elif query.get("kind") == "themes":  # 'I mean' elaborates
        assert query["segments"] == ["members"]
    else:
        assert "customer.region" in dimension_names(query)


def test_a_marker_before_a_comparison_retracts_nothing() -> None:
    query = query_of(MODEL, "本月的工单数，我是想和上个月比")
    assert query["time_range"]["label"] == "本月" and query["compare"]["previous_period"] is True


# --- a group looked at inside a breakdown -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ("本月的工单按渠道分一下，主要想看邮件的多不多", "ticket.channel"),
        ("上个月的订单按品类拆一下，我想看看家居卖得怎么样", "order.category"),
        ("customers by tier this year, I'm curious about tier A", "customer.tier"),
    ],
)
def test_a_group_named_in_a_later_clause_keeps_every_group(question: str, field: str) -> None:
    query = query_of(MODEL, question)
    assert dimension_names(query) == [field]
    assert [f for f, _, _ in filters_of(query)] == []


@pytest.mark.parametrize(
    "question",
    ["本月各渠道的工单，只看邮件的", "revenue by city this year, only Beijing", "本月邮件渠道的工单按渠道分一下"],
)
def test_a_restricted_or_earlier_value_stays_a_filter(question: str) -> None:
    assert [f for f, _, _ in filters_of(query_of(MODEL, question))] != []


# --- '和…比' covers its markers only ---------------------------------------------------------------------------------


def test_an_unknown_word_between_the_compared_sides_is_asked_back() -> None:
    assert "火星" in asked_back(MODEL, "北京和火星本月的客单价对比下")


@pytest.mark.parametrize(
    ("question", "cities"),
    [
        ("深圳和武汉本月的销售额对比一下", ["Shenzhen", "Wuhan"]),
        ("成都和上海上个月的订单数比一比", ["Chengdu", "Shanghai"]),
    ],
)
def test_two_cities_compared_are_side_by_side(question: str, cities: list[str]) -> None:
    query = query_of(MODEL, question)
    assert filters_of(query) == [("customer.city", "in", cities)]
    assert dimension_names(query) == ["customer.city"]


# --- the values a conversation named, pointed at by their number ----------------------------------------------------


@pytest.mark.parametrize(
    ("earlier", "question", "field", "values", "pooled"),
    [
        (("本月深圳的销售额", "那武汉呢"), "这两个城市加起来本月的订单数是多少", "customer.city", ["Shenzhen", "Wuhan"], True),
        (("orders in the north last month", "and the west?"), "both regions combined, revenue?", "customer.region",
         ["North", "West"], True),
        (("上个月家居的订单数", "美妆呢", "食品呢"), "这三个品类的销售额分别是多少", "order.category",
         ["home", "beauty", "grocery"], False),
    ],
)  # fmt: skip
def test_the_values_named_earlier_are_exactly_those(
    earlier: tuple[str, ...], question: str, field: str, values: list[str], pooled: bool
) -> None:
    query = query_of(MODEL, question, history_of(MODEL, *earlier))
    assert (field, "in", values) in filters_of(query)
    assert dimension_names(query) == ([] if pooled else [field])
    assert "limit" not in query


def test_a_number_that_is_not_the_values_named_is_not_read_as_them() -> None:
    query = query_of(MODEL, "这三个城市的销售额", history_of(MODEL, "本月深圳的销售额", "那武汉呢"))
    assert ("customer.city", "in", ["Shenzhen", "Wuhan"]) not in filters_of(query)


# --- 'by how <value>' is a breakdown by the value's field ----------------------------------------------------------


@pytest.mark.parametrize(
    ("earlier", "question"),
    [
        (("how many tickets did we get last month?",), "can you break that down by how urgent they were?"),
        (("complaints this quarter",), "split by whether they were urgent"),
        ((), "open tickets this week broken down by how urgent they are"),
    ],
)
def test_by_how_a_value_is_a_breakdown_by_its_field(earlier: tuple[str, ...], question: str) -> None:
    query = query_of(MODEL, question, history_of(MODEL, *earlier))
    assert dimension_names(query) == ["ticket.priority"]
    assert "ticket.priority" not in [f for f, _, _ in filters_of(query)]


def test_only_the_urgent_ones_after_a_count_stays_a_filter() -> None:
    query = query_of(MODEL, "only the urgent ones", history_of(MODEL, "how many tickets did we get last month?"))
    assert ("ticket.priority", "=", ["high"]) in filters_of(query)


# --- states said to be included restrict nothing ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("earlier", "question"),
    [
        (("本月各渠道的销售额",), "换成订单数，退货的那些也算进去"),
        ((), "上周的订单数，取消的那些也算上"),
    ],
)
def test_included_states_add_no_filter(earlier: tuple[str, ...], question: str) -> None:
    query = query_of(MODEL, question, history_of(MODEL, *earlier))
    assert query["metrics"] == ["orders"]
    assert "order.status" not in [f for f, _, _ in filters_of(query)]


# --- one named record -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("earlier", "question", "fields"),
    [
        ((), "what tier and region is customer C0000042 in?", ["customer.tier", "customer.region"]),
        (("list the tickets of customer C0000042",), "which city is that customer in?", ["customer.city"]),
    ],
)
def test_the_fields_of_a_named_record_are_its_row(earlier: tuple[str, ...], question: str, fields: list[str]) -> None:
    query = query_of(MODEL, question, history_of(MODEL, *earlier))
    assert query["kind"] == "records"
    assert dimension_names(query) == ["customer.customer_id", *fields]
    assert ("customer.customer_id", "=", ["C0000042"]) in filters_of(query)


def test_a_count_of_a_named_records_rows_stays_a_count() -> None:
    query = query_of(MODEL, "how many tickets has customer C0000042 opened by channel")
    assert query["metrics"] == ["tickets"] and query.get("kind", "metrics") == "metrics"


# --- 'these 10' after a list of 10 ----------------------------------------------------------------------------------


class _Shown:
    def __init__(self, values: list[Any]) -> None:
        self.values = values

    def __call__(self, query: SemanticQuery, key: str) -> list[Any]:
        return self.values


@pytest.mark.parametrize(
    ("earlier", "question"),
    [
        ("列出最近流失的5个高价值客户", "这5个人里面有几个是会员？"),
        ("list the 5 most recently churned high-value customers", "how many of these 5 are members?"),
        ("show the 5 latest churned high value customers", "of those five, how many are members?"),
    ],
)
def test_the_number_of_listed_rows_points_at_them(earlier: str, question: str) -> None:
    ids = ["C0000001", "C0000002", "C0000003", "C0000004", "C0000005"]
    history = history_of(MODEL, earlier)
    plan = plan_question(question, history, MODEL, AS_OF, detect_language(question), _Shown(ids))
    assert plan.status == "ok" and plan.query is not None, plan.clarification
    query = plan.query.model_dump(mode="json", exclude_defaults=True)
    assert ("customer.customer_id", "in", ids) in filters_of(query)
    assert "members" in query["segments"]


# --- the cause asked after a complaint; a marketing channel noun ---------------------------------------------------


@pytest.mark.parametrize(
    "question", ["上海的会员投诉主要是因为什么", "沉默客户的投诉原因有哪些", "今年A类客户抱怨都是为了啥"]
)
def test_the_cause_of_complaints_is_their_themes(question: str) -> None:
    query = query_of(MODEL, question)
    assert query["kind"] == "themes" and query["text_field"] == "complaint_text"


def test_a_count_of_complaints_with_a_cause_named_stays_a_count() -> None:
    assert query_of(MODEL, "上个月因为物流问题投诉的有多少")["metrics"] == ["complaints"]


@pytest.mark.parametrize(
    ("question", "channel"),
    [("上个月的营销邮件送达率", "email"), ("本月发了多少条营销推送", "app_push"), ("上周营销短信的转化率", "sms")],
)
def test_a_marketing_channel_noun_names_its_channel(question: str, channel: str) -> None:
    assert ("touch.channel", "=", [channel]) in filters_of(query_of(MODEL, question))


def test_footfall_into_a_store_is_asked_back() -> None:
    assert "walked" in asked_back(MODEL, "how many people walked into the shanghai store last week?")


# --- 'in that quarter': the period the conversation is on ---------------------------------------------------------


@pytest.mark.parametrize(
    ("earlier", "question", "dates"),
    [
        ("nps last quarter", "and how many complaints did we get in that quarter?", ("2026-07-01", "2026-09-30")),
        ("上个月各品类的订单数", "那个月的销售额呢", ("2026-11-01", "2026-11-30")),
        ("tickets last week", "how many of those were complaints during that same week?", ("2026-11-23", "2026-11-29")),
    ],
)  # fmt: skip
def test_that_period_keeps_the_previous_period(earlier: str, question: str, dates: tuple[str, str]) -> None:
    query = query_of(MODEL, question, history_of(MODEL, earlier))
    assert (query["time_range"]["start"], query["time_range"]["end"]) == dates


def test_that_unit_of_another_length_is_still_asked_back() -> None:
    asked_back(MODEL, "and complaints in that quarter?", history_of(MODEL, "revenue this year"))
