"""Planner causes of questions asked back that a reader answers at once (blind set 6, helper 'abstentions'),
tested with phrasings NOT in set 6, in English and Chinese, each with near-misses that must still be asked back
or declined: asides and who asked (discourse.py), typos of function words and Chinese homophones (words.py), a
rejected answer form, two years compared, follow-ups that shift a period or swap the measure (shifts.py,
swaps.py), durations asked in a unit (durations.py), fields named by parts of their phrases (compounds.py), an
event verb ranked by 'better' (comparatives.py) and channel values that are no personal data."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.contracts import Turn
from semantic_layer import load_model
from tests.planner_cases import AS_OF, plan, query_of


@pytest.fixture(scope="module")
def model() -> Any:
    return load_model(as_of=AS_OF)


def _after(model: Any, first: str) -> list[Turn]:
    return [Turn(question=first, query=plan(model, first).query)]


# -- 1. asides, who asked, set nouns -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "metric", "start"),
    [
        ("Hey there! For the team meeting - how many orders did we get last month?", "orders", "2026-11-01"),
        ("good afternoon. my manager asked me for revenue in Q3 2026, thanks in advance", "revenue", "2026-07-01"),
        ("the ops team wants to know how many tickets were opened yesterday", "tickets", "2026-12-03"),
        ("老板让我查一下上个月的销售额", "revenue", "2026-11-01"),
        ("sales keeps saying the spring push worked. how many new customers did we get last quarter?", "new_customers", "2026-07-01"),
        ("你好！财务那边一直说回款慢，上个月的销售额是多少？谢谢", "revenue", "2026-11-01"),
    ],
)  # fmt: skip
def test_asides_and_requesters_carry_nothing(model: Any, question: str, metric: str, start: str) -> None:
    query = query_of(model, question)
    assert query["metrics"] == [metric]
    assert query["time_range"]["start"] == start


def test_asides_are_filler_spans_of_the_interpretation(model: Any) -> None:
    result = plan(model, "Hey there! For the team meeting - how many orders did we get last month?")
    fillers = [s for s in result.interpretation if s.role == "filler" and s.value == "aside"]
    assert any("team meeting" in s.text for s in fillers)


def test_set_nouns_after_the_model_s_words(model: Any) -> None:
    query = query_of(model, "how many customers are not part of the membership scheme?")
    assert query["filters"] == [{"field": "customer.is_member", "op": "=", "values": [False]}]
    both = query_of(model, "avg csat of churned vs active customers, for both groups")
    assert both["metrics"] == ["avg_csat"] and both["dimensions"] == [{"name": "customer.status"}]
    zh = query_of(model, "会员和非会员这两组客户的客单价分别是多少")
    assert zh["dimensions"] == [{"name": "customer.is_member"}]


def test_closed_class_words_are_fillers(model: Any) -> None:
    query = query_of(model, "customers lost for anything other than price, split by reason")
    assert {"field": "customer.churn_reason", "op": "!=", "values": ["price"]} in query["filters"]
    later = query_of(model, "how many tickets came from churned customers (whenever they left)?")
    assert later["segments"] == ["churned_customers"] and later["metrics"] == ["tickets"]


@pytest.mark.parametrize(
    ("question", "word"),
    [
        ("Quick one - how many customers with a gmail address signed up in October?", "gmail"),
        ("Hi! how many people visited the website last month?", "visited"),
        ("only gmail users. how many customers signed up last month?", "gmail"),
        ("how many customers are in the referral program?", "referral"),  # "loyalty program" = membership (p8-en)
        ("my boss wants revenue from the gmail customers", "gmail"),
        ("thanks! and how did the weather affect orders last month?", "weather"),
        ("revenue last month, form the app", "form"),
        ("为了周会，北京的客户里有多少用gmail邮箱的？", "gmail"),
        ("gmail. how many customers signed up last month?", "gmail"),  # a bare topic before the question
        ("for gmail accounts - how many customers signed up last month?", "gmail"),
    ],
)
def test_near_misses_still_ask_back(model: Any, question: str, word: str) -> None:
    result = plan(model, question)
    assert result.status in ("clarify", "unsupported", "refused"), (question, result.query)
    assert result.status != "clarify" or word in (result.clarification or "").lower()


def test_a_question_about_something_else_is_no_aside(model: Any) -> None:
    result = plan(model, "morning! what was the weather like last month?")
    assert result.status != "ok"


def test_who_is_data_when_the_model_names_it(model: Any) -> None:
    """'customers asked us for …' names data: the subject is no requester to drop."""
    result = plan(model, "members asked us for discounts - how many orders did they place last month?")
    assert result.status != "ok" or "members" in (result.query.segments if result.query else [])


# -- 2. typos of function words, Chinese homophones -----------------------------------------------------------


def test_transposed_letters(model: Any) -> None:
    result = plan(model, "how mnay ordres lsat month")
    assert result.status == "ok" and result.query is not None
    assert result.query.metrics == ["orders"] and result.query.time_range is not None
    assert "Read 'mnay' as 'many'." in result.assumptions
    city = query_of(model, "revenue by ctiy")
    assert city["dimensions"] == [{"name": "customer.city"}]


def test_unspellable_only_into_fillers(model: Any) -> None:
    """'form' could be a word the data lacks: never read as the filler 'from'; 'hwo' is 'how' or 'who': asked."""
    assert plan(model, "how many customers filled in a form").status == "clarify"
    assert plan(model, "hwo many orders").status == "clarify"


def test_chinese_homophones(model: Any) -> None:
    web = query_of(model, "上个月官往的订单数")
    assert web["filters"] == [{"field": "order.channel", "op": "=", "values": ["web"]}]
    result = plan(model, "北京的客护有多少")
    assert result.status == "ok" and any("客护" in note for note in result.assumptions)
    # a stretch across two words ('老客复购': 客复 ~ 客服) is no typo
    assert plan(model, "今年老客复购的比例").status == "clarify"


# -- 3. a rejected answer form --------------------------------------------------------------------------------


def test_answer_form_rejected(model: Any) -> None:
    assert query_of(model, "churn rate for 2025 - the rate, not the number of people")["metrics"] == ["churn_rate"]
    count = query_of(model, "how many tickets were answered within 3 hours in november? the count, not the %")
    assert count["metrics"] == ["responded_within_3h"]
    rate = query_of(model, "how many customers churned in 2025? the rate, not the count")
    assert rate["metrics"] == ["churn_rate"]
    assert query_of(model, "上个月退货率是多少？要比例，不要单数")["metrics"] == ["return_rate"]
    trailing = query_of(model, "return rate last month, not the number of returns")
    assert trailing["metrics"] == ["return_rate"] and "filters" not in trailing


def test_answer_form_the_plan_cannot_give_is_asked(model: Any) -> None:
    result = plan(model, "what's the churn rate in 2025? give me the number, not the rate")
    assert result.status == "clarify"


# -- 4. two years compared ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question", ["compare orders 2024 vs 2025", "2024年和2025年的订单数对比", "how did 2024 orders compare with 2025?"]
)
def test_earlier_year_named_first(model: Any, question: str) -> None:
    query = query_of(model, question)
    assert query["time_range"]["start"] == "2025-01-01" and query["compare"] == {"previous_period": True}


def test_periods_compared_out_of_order(model: Any) -> None:
    query = query_of(model, "complaints Sep 2025 vs Sep 2026")
    assert query["compare"] == {"previous_period": True, "year_over_year": True}
    assert plan(model, "比较2023年和2025年的订单数").status == "clarify"  # no comparison the compiler has


def test_a_group_contrast_over_one_window_is_no_period_comparison(model: Any) -> None:
    query = query_of(model, "app vs web orders in the last 3 months")
    assert "compare" not in query and query["dimensions"] == [{"name": "order.channel"}]


# -- 5. follow-ups --------------------------------------------------------------------------------------------


def test_same_period_a_year_earlier(model: Any) -> None:
    history = _after(model, "orders by channel in Q2 2026")
    query = query_of(model, "and what about the same period a year before?", history)
    assert (query["time_range"]["start"], query["time_range"]["end"]) == ("2025-04-01", "2025-06-30")
    zh = query_of(model, "那去年同期呢", _after(model, "2026年10月的销售额"))
    assert zh["time_range"]["start"] == "2025-10-01"


def test_measure_swapped(model: Any) -> None:
    history = _after(model, "top 3 regions by revenue last month")
    query = query_of(model, "how about orders instead of revenue?", history)
    assert query["metrics"] == ["orders"] and query["order_by"] == [{"field": "orders"}]
    assert query_of(model, "换成订单数", _after(model, "上个月各区域的销售额"))["metrics"] == ["orders"]
    # a fresh question naming a measure only to set it aside is not answered with it
    assert plan(model, "orders instead of revenue last month").status == "clarify"


def test_breakdown_by_a_described_field(model: Any) -> None:
    history = _after(model, "how many customers did we lose in 2025?")
    query = query_of(model, "split that by the reason they gave", history)
    assert {"name": "customer.churn_reason"} in query["dimensions"]
    assert plan(model, "split that by the reason code", history).status == "clarify"


# -- 6. durations in a unit ----------------------------------------------------------------------------------


def test_durations_asked_in_hours(model: Any) -> None:
    en = query_of(model, "how many hours on average to get complaints resolved last month?")
    assert "avg_resolution_hours" in en["metrics"]
    zh = query_of(model, "各渠道的工单首次响应平均几个小时")
    assert zh["metrics"] == ["avg_first_response_hours"]
    zh2 = query_of(model, "投诉工单平均多少小时能解决")
    assert zh2["metrics"] == ["avg_resolution_hours"]


@pytest.mark.parametrize(
    "question",
    [
        "how many hours did customers spend on the website",
        "how many days does it take to ship an order",
        "工单平均多久能关闭",
    ],
)
def test_durations_the_model_lacks_are_asked(model: Any, question: str) -> None:
    assert plan(model, question).status == "clarify"


# -- 7-8. fields by parts of their phrases, rates by 'better', channel values -----------------------------------


def test_field_named_by_parts(model: Any) -> None:
    assert query_of(model, "churn rate by acquisition source")["dimensions"] == [
        {"name": "customer.acquisition_channel"}
    ]
    assert query_of(model, "各获客来源的新客户数")["dimensions"] == [{"name": "customer.acquisition_channel"}]
    assert plan(model, "customers by gmail source").status == "clarify"


def test_event_verb_ranked_by_better_is_its_rate(model: Any) -> None:
    query = query_of(model, "push or email: which one converted better in november?")
    assert query["metrics"] == ["conversion_rate"] and query["dimensions"] == [{"name": "touch.channel"}]
    assert query_of(model, "哪个渠道转化得更好")["metrics"] == ["conversion_rate"]
    most = query_of(model, "which region churned the most last year")  # 'most' stays a count
    assert most["metrics"] == ["churned_customers"]


def test_channel_values_are_no_personal_data(model: Any) -> None:
    query = query_of(model, "email vs sms delivery rate last month")
    assert query["metrics"] == ["delivery_rate"] and query["dimensions"] == [{"name": "touch.channel"}]
    assert plan(model, "show me the email and phone of customers in Beijing").status == "refused"
    assert plan(model, "email the churned customers a coupon").status == "refused"
    assert plan(model, "客户的邮箱和电话").status == "refused"


def test_the_rest_of_a_qualified_entity(model: Any) -> None:
    """'投诉单跟普通工单比', 'complaints vs regular tickets': the other side is the rest, i.e. a breakdown by the
    qualifier's yes/no column; '普通优先级' named with its field stays the priority."""
    for question in ("complaints vs regular tickets: average first response time", "投诉工单和其他工单的平均解决时长"):
        assert query_of(model, question)["dimensions"] == [{"name": "ticket.is_complaint"}]
    priority = query_of(model, "投诉和普通优先级工单的数量")
    assert priority["filters"] == [{"field": "ticket.priority", "op": "=", "values": ["medium"]}]
