"""Round 11 (p14b): readings that gave wrong answers on blind sets 21 and 23, with sentences of our own and
near-misses that must not change: every value of a field listed as all counted, a reassurance that rows still count,
a count of a population said by its condition ranked worst first, the absence of related rows in a period among a
state ('active customers'), '哪一类' asking for one group, '什么时候' (when) in a count, '其他客户' as the rest, and the
words 送达 / APP绑定 of the model."""

from __future__ import annotations

import pytest

from semantic_layer import load_model
from tests.planner_cases import asked_back, dates_of, dimension_names, filters_of, order_of, query_of

MODEL = load_model()


# --- every value of an exhaustive field, said to be all counted, restricts nothing --------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "how many customers (active or churned) are members",
        "members, active and churned alike: how many?",
        "how many active or churned customers are members",
        "会员有多少（活跃的、流失的都算）",
        "how many members are there? everyone, current and former customers",
    ],
)
def test_every_status_listed_is_no_filter_and_no_breakdown(question: str) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == ["customers"]
    assert query["segments"] == ["members"]
    assert not filters_of(query) and not dimension_names(query)


@pytest.mark.parametrize(
    "question",
    [
        "今年发出去的营销消息（短信、推送、邮件都算）有多少条",
        "上个月的营销触达有多少条，短信、推送、邮件都算",
    ],
)
def test_every_channel_listed_as_all_counted_is_one_total(question: str) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == ["touches_sent"]
    assert not filters_of(query) and not dimension_names(query)


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ("tickets this year by channel (phone, chat, email, app)", "ticket.channel"),
        ("按触达渠道（短信、推送、邮件）看今年的触达数", "touch.channel"),
    ],
)
def test_values_listed_after_a_breakdown_still_name_its_groups(question: str, field: str) -> None:
    assert dimension_names(query_of(MODEL, question)) == [field]


def test_some_values_listed_still_filter() -> None:
    query = query_of(MODEL, "orders last month (completed or returned)")
    assert ("order.status", "in", ["completed", "returned"]) in filters_of(query)


# --- a reassurance that rows still count ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "orders last month that were not cancelled (returned ones still count)",
        "How many orders last quarter excluding cancelled ones? returned ones should still be counted",
        "上个月没取消的订单有多少，退货的仍然算",
    ],
)
def test_rows_that_still_count_are_no_filter(question: str) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == ["orders"]
    assert filters_of(query) == [("order.status", "!=", ["cancelled"])]


def test_returned_orders_asked_for_stay_a_filter() -> None:
    query = query_of(MODEL, "how many orders last month were returned")
    assert ("order.status", "=", ["returned"]) in filters_of(query) or query["metrics"] == ["returned_orders"]


# --- worst first for a count of a population said by its condition -------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "rank the regions by number of customers lost this year, worst first",
        "rank cities by the number of lost customers in 2025, worst first",
    ],
)
def test_worst_first_of_lost_customers_is_the_most(question: str) -> None:
    query = query_of(MODEL, question)
    assert order_of(query)[0][1] == "desc"


def test_worst_first_of_new_customers_is_the_fewest() -> None:
    query = query_of(MODEL, "rank the regions by new customers this year, worst first")
    assert order_of(query)[0][1] == "asc"


# --- no related rows in a period, among a state --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "entity", "field", "start"),
    [
        ("active customers who received no marketing touch this year", "touch", "touch.sent_at", "2026-01-01"),
        ("活跃客户里最近半年没有下过单的有多少", "order", "order.ordered_at", "2026-06-05"),
        ("how many active customers had no ticket in the last 30 days", "ticket", "ticket.created_at", "2026-11-05"),
    ],
)
def test_the_period_dates_the_absent_rows(question: str, entity: str, field: str, start: str) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == ["customers"]
    assert query["segments"] == ["active_customers"]
    key = f"{entity}.{MODEL.entities[entity].primary_key}"
    assert (key, "is_null", []) in filters_of(query)
    assert query["time_range"]["field"] == field
    assert dates_of(query)[0] == start


@pytest.mark.parametrize(
    "question",
    [
        "active customers who haven't completed a single order in the last 90 days",
        "how many active customers have not completed any purchase in the past 90 days",
    ],
)
def test_the_models_own_absence_is_its_segment(question: str) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == ["customers"]
    assert query["segments"] == ["silent_customers"]
    assert not filters_of(query)


def test_never_opened_a_ticket_is_no_status() -> None:
    query = query_of(MODEL, "how many customers never opened a ticket")
    assert filters_of(query) == [("ticket.ticket_id", "is_null", [])]


def test_active_customers_alone_stay_the_snapshot() -> None:
    assert query_of(MODEL, "number of active customers")["metrics"] == ["active_customers"]


# --- 哪一类 / 哪一种 ask for the one top group -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ("今年哪一类营销活动的转化率最高", "touch.campaign"),
        ("哪一种渠道来的新客户最多", "customer.acquisition_channel"),
        ("上个月哪一家城市的销售额最高", "customer.city"),
    ],
)
def test_which_one_kind_is_the_top_group(question: str, field: str) -> None:
    query = query_of(MODEL, question)
    assert dimension_names(query) == [field]
    assert query["limit"] == 1
    assert order_of(query)[0][1] == "desc"


def test_which_kinds_are_several_groups() -> None:
    query = query_of(MODEL, "今年哪些营销活动的转化率最高")
    assert dimension_names(query) == ["touch.campaign"]
    assert "limit" not in query


# --- '什么时候' is no 'what' -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "去年流失的客户一共投诉过多少次？（投诉什么时候提的都算）",
        "会员一共投诉过多少次？（投诉什么时候提的都算）",
    ],
)
def test_when_in_a_count_is_no_themes_question(question: str) -> None:
    query = query_of(MODEL, question)
    assert query.get("kind", "metrics") == "metrics"
    assert query["metrics"] == ["complaints"]


def test_what_they_complain_about_stays_themes() -> None:
    assert query_of(MODEL, "流失客户都投诉了些什么")["kind"] == "themes"


# --- '其他客户' is the rest of the customers ------------------------------------------------------------------------


@pytest.mark.parametrize("question", ["会员和其他客户比，客单价分别是多少", "会员跟其他客户相比，退货率分别是多少"])
def test_other_customers_are_the_rest(question: str) -> None:
    query = query_of(MODEL, question)
    assert dimension_names(query) == ["customer.is_member"]
    assert not any(field == "customer.churn_reason" for field, _, _ in filters_of(query))


def test_a_value_against_other_customers_is_asked_back() -> None:
    assert asked_back(MODEL, "A类客户和其他客户比，今年的复购率")


@pytest.mark.parametrize(
    ("question", "field"),
    [("因为其他原因流失的客户有多少", "customer.churn_reason"), ("其他类工单有多少", "ticket.category")],
)
def test_the_value_other_of_a_field_stays(question: str, field: str) -> None:
    assert (field, "=", ["other"]) in filters_of(query_of(MODEL, question))


# --- words of the model: 送达 / 送到, APP绑定 -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question", ["今年送达的营销消息有多少条", "上个月送到了多少条短信", "本月成功送达的推送有多少"]
)
def test_delivered_in_everyday_chinese(question: str) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] in (["touches_sent"], ["delivered_touches"])
    assert ("touch.delivered", "=", [True]) in filters_of(query) or query["metrics"] == ["delivered_touches"]


def test_delivery_rate_keeps_its_name() -> None:
    assert query_of(MODEL, "今年的送达率")["metrics"] == ["delivery_rate"]


@pytest.mark.parametrize(
    "question",
    ["没绑定APP的活跃客户有多少？想推一下APP绑定", "按APP绑定情况看流失率", "APP绑定的会员有多少"],
)
def test_app_binding_said_noun_first(question: str) -> None:
    query = query_of(MODEL, question)
    fields = {field for field, _, _ in filters_of(query)} | set(dimension_names(query))
    assert "customer.app_bound" in fields
    assert "customer.acquisition_channel" not in fields


def test_the_app_channel_stays_a_channel() -> None:
    assert ("customer.acquisition_channel", "=", ["app"]) in filters_of(query_of(MODEL, "APP渠道来的客户有多少"))
