"""Chinese reading causes left by blind set 9 (helper p9-zh), tested with phrasings NOT in any eval set, each with
near-misses that must keep their reading or still be asked back: aspect particles inside the model's verb-object
phrases (aspect.py), yes/no pairs whose second side repeats the verb (ellipsis.py), a threshold on the nearest number
field named before it (threshold_fields.py), a bracket spelling out a named rate's definition (ratio_asides.py), a
bound on a duration said as 'within N hours' (within_hours.py), free-text words in a themes question
(text_modifiers.py), a cohort's members who did an event (subjects.py), and denials of related rows (absence_zh.py)."""

from __future__ import annotations

from typing import Any

import pytest

from semantic_layer import load_model
from tests.planner_cases import AS_OF, asked_back, query_of


@pytest.fixture(scope="module")
def model() -> Any:
    return load_model(as_of=AS_OF)


def _filters(query: dict[str, Any]) -> list[tuple[str, str, list[Any]]]:
    return [(f["field"], f["op"], f.get("values", [])) for f in query.get("filters", [])]


def _dims(query: dict[str, Any]) -> list[str]:
    return [d["name"] for d in query.get("dimensions", [])]


BOUND = ("customer.app_bound", "=", [True])


# -- 1. 了 / 过 inside a verb-object phrase of the model -------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "population", "share"),
    [
        ("绑过APP的会员有多少", "members", False),
        ("会员中绑定过app的占比", "members", True),
        ("流失客户里绑定了APP的比例有多高", "churned_customers", True),
    ],
)  # fmt: skip
def test_aspect_particle_inside_a_phrase_of_the_model(model: Any, question: str, population: str, share: bool) -> None:
    query = query_of(model, question)
    conditions = _filters(query.get("share", {})) if share else _filters(query)
    assert BOUND in conditions and population in [*query.get("segments", []), *query["metrics"]]


def test_a_phrase_of_the_model_with_its_particle_keeps_its_reading(model: Any) -> None:
    assert BOUND in _filters(query_of(model, "绑了APP的客户有多少"))


# -- 2. 'X的和没X的': the negated side repeats the verb ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "metric"),
    [
        ("绑定APP的客户和没绑定的客户，今年订单数分别多少", "orders"),
        ("绑过APP的和没绑过的，流失率各是多少", "churn_rate"),
        ("绑定app的和没绑定的客户数各是多少", "customers"),
    ],
)
def test_a_yes_no_pair_repeating_the_verb_is_a_breakdown(model: Any, question: str, metric: str) -> None:
    query = query_of(model, question)
    assert query["metrics"] == [metric] and _dims(query) == ["customer.app_bound"]
    assert not [f for f in _filters(query) if f[0] == "customer.app_bound"]


def test_a_negated_side_with_another_verb_is_still_asked_back(model: Any) -> None:
    asked_back(model, "绑了APP的客户和没买的，去年的销售额各是多少")


# -- 3. a threshold on the number field named right before it ------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "field", "value"),
    [
        ("列出上个月金额在5000以上的退货订单，按金额从高到低", "order.amount", 5000.0),
        ("折扣超过200的订单按金额从高到低列出来", "order.discount", 200.0),
        ("show me cancelled orders with an amount over 20000 this year, sorted by amount", "order.amount", 20000.0),
    ],
)
def test_a_threshold_is_on_the_field_named_before_it(model: Any, question: str, field: str, value: float) -> None:
    query = query_of(model, question)
    assert query["kind"] == "records"
    assert [f for f in _filters(query) if f[0] == field and f[2] == [value]]
    assert query["order_by"][0]["field"] == "order.amount"


def test_a_threshold_with_no_field_before_it_is_still_asked_back(model: Any) -> None:
    asked_back(model, "超过100000的订单有多少")


# -- 4. a bracket that spells out the named rate's definition ------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "metric"),
    [
        ("上个月短信的转化率（转化数÷送达数）", "conversion_rate"),
        ("what was the conversion rate last quarter (converted / delivered)?", "conversion_rate"),
        ("上个月的送达率（送达/发送）是多少", "delivery_rate"),
    ],
)
def test_a_bracket_restating_the_rate_is_set_aside(model: Any, question: str, metric: str) -> None:
    assert query_of(model, question)["metrics"] == [metric]


def test_a_bracket_dividing_by_something_else_is_asked_back(model: Any) -> None:
    asked_back(model, "今年的转化率是多少（转化/发送）")


# -- 5. 'within N hours' of an event: a bound on its duration column -----------------------------------------------


@pytest.mark.parametrize(
    ("question", "hours", "share"),
    [
        ("上个月有多少工单在2小时内得到首次响应", 2.0, False),
        ("上周工单里首次响应都在1小时内的有多少", 1.0, False),
        ("本月两小时内回复的工单占比", 2.0, True),
        ("how many tickets got a first response within 5 hours last month", 5.0, False),
        ("what share of tickets got a reply within 1 hour this month", 1.0, True),
    ],
)  # fmt: skip
def test_within_n_hours_bounds_the_duration(model: Any, question: str, hours: float, share: bool) -> None:
    query = query_of(model, question)
    conditions = _filters(query.get("share", {})) if share else _filters(query)
    assert query["metrics"] == ["tickets"] and ("ticket.first_response_hours", "<=", [hours]) in conditions
    assert query.get("time_range")


def test_the_models_own_three_hour_phrase_keeps_its_metric(model: Any) -> None:
    assert "responded_within_3h" in query_of(model, "近30天的工单里，3小时内响应的有多少张")["metrics"]


def test_within_hours_of_an_event_with_no_duration_column_is_asked_back(model: Any) -> None:
    asked_back(model, "上个月24小时内解决的工单有多少")


# -- 6. free-text words in a themes question -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "上个月问卷的文字反馈主要在说什么",
        "今年流失客户在问卷里留下的文字评论主要说了些什么",
        "what do the free-text comments in last month's surveys say",
    ],
)
def test_free_text_words_in_a_themes_question(model: Any, question: str) -> None:
    query = query_of(model, question)
    assert query["kind"] == "themes" and query["text_field"] == "survey_comment"


@pytest.mark.parametrize("question", ["上个月文字工单有多少", "今年投诉的文本内容主要是什么"])
def test_free_text_words_elsewhere_are_still_asked_back(model: Any, question: str) -> None:
    asked_back(model, question)


# -- 7. a cohort's members who did an event ------------------------------------------------------------------------


def test_new_signups_who_bought_are_dated_by_their_signup(model: Any) -> None:
    query = query_of(model, "上个月新注册的客户里，有几个人买过东西")
    assert ("order.order_id", "is_not_null", []) in _filters(query)
    assert query["time_range"]["start"] == "2026-11-01" and query["time_range"].get("field") in (
        None,
        "customer.signup_date",
    )


def test_members_of_a_cohort_with_a_completed_order(model: Any) -> None:
    query = query_of(model, "上个月新注册的客户里，有几个人已经购买过了（要完成的订单）")
    assert ("order.status", "=", ["completed"]) in _filters(query)
    assert query["time_range"]["start"] == "2026-11-01" and query["time_range"].get("field") != "order.ordered_at"


def test_a_dated_population_who_bought(model: Any) -> None:
    query = query_of(model, "今年流失的客户里有多少人买过东西")
    assert query["segments"] == ["churned_customers"] and ("order.order_id", "is_not_null", []) in _filters(query)
    assert query["time_range"]["field"] == "customer.churn_date"


# -- 8. denials of related rows --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question", ["活跃客户里已经90天没有完成过一笔订单的有多少", "活跃客户中近90天没有完成的订单的有多少"]
)
def test_the_absence_the_model_defines_is_its_population(model: Any, question: str) -> None:
    query = query_of(model, question)
    assert "silent_customers" in query["segments"] and not query.get("filters") and not query.get("time_range")


@pytest.mark.parametrize(
    "question",
    [
        "活跃客户中近30天没有完成的订单的有多少",  # not the population's 90-day window
        "活跃客户中没有完成的订单的有多少",  # no window at all
        "会员里已经90天没有成交过订单的有多少",  # members, not the active customers the population is built on
    ],
)
def test_other_absences_are_asked_back_never_a_negated_filter(model: Any, question: str) -> None:
    asked_back(model, question)
