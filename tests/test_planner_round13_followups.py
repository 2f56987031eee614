"""Round 13 (p16c): follow-ups and conditions outside the data, with sentences of our own and near-misses that must not
change: days told apart by the weather are asked back ('下雨天', '晴天', '天热'), never dropped; a follow-up drops one
field of the previous breakdown ('不用按等级了', 'no need to split by channel anymore') or adds one under it ('再细分',
'split that further by'); a Chinese name of a value the warehouse lists in pinyin is that value ('重庆' = Chongqing); the
values named earlier, pointed at by their number, are those values; a message that opens by correcting the previous
question ('oh wait, I actually meant …') replaces what it names."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.contracts import Turn
from semantic_layer import SemanticModel, load_model
from tests.planner_cases import asked_back, dimension_names, filters_of, history_of, plan, query_of

MODEL = load_model()


def _with_cities(model: SemanticModel, *cities: str) -> SemanticModel:
    """The model as the runtime plans with it: the warehouse's cities added to the listed ones."""
    entity = model.entities["customer"]
    city = entity.dimensions["city"]
    listed = city.model_copy(update={"sample_values": [*city.sample_values, *cities]})
    customer = entity.model_copy(update={"dimensions": {**entity.dimensions, "city": listed}})
    return model.model_copy(update={"entities": {**model.entities, "customer": customer}})


WAREHOUSE_MODEL = _with_cities(MODEL, "Chongqing", "Xining", "Lanzhou")


# --- days told apart by the weather --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "word"),
    [
        ("晴天和阴天的客单价差多少", "晴天"),
        ("大雨天大家还下单吗？订单数多少", "大雨天"),
        ("下雪天的投诉量是不是更多", "下雪天"),
        ("天冷的时候退货率会不会高一点", "天冷"),
        ("高温天气里营收有变化吗", "高温天气"),
    ],
)
def test_a_kind_of_day_the_data_does_not_record_is_asked_back(question: str, word: str) -> None:
    assert word in asked_back(MODEL, question)


@pytest.mark.parametrize(
    "question",
    ["do we get more complaints on snowy days?", "AOV when it was raining vs when it was sunny", "天气好的时候销售额"],
)
def test_weather_in_other_words_is_asked_back_too(question: str) -> None:
    asked_back(MODEL, question)


@pytest.mark.parametrize(
    ("question", "word"),
    [("刮台风的时候订单数会掉吗", "台风"), ("打雷时客服工单多不多", "打雷时"), ("降温那几天的销售额", "降温")],
)
def test_an_event_that_only_says_when_is_asked_back(question: str, word: str) -> None:
    assert word in asked_back(MODEL, question)


@pytest.mark.parametrize(
    ("question", "segments"),
    [("所有客户数，不限时间，按大区分", []), ("客户流失的时候投诉多吗", ["churned_customers"])],
)
def test_a_clause_of_when_the_model_explains_is_read_as_before(question: str, segments: list[str]) -> None:
    assert query_of(MODEL, question).get("segments", []) == segments


@pytest.mark.parametrize(
    ("question", "grain"),
    [
        ("最近7天每天的订单数", "day"),
        ("上周哪一天的销售额最高", "day"),
        ("前天的订单数", None),
        ("2026年6月18号当天的销售额", None),
    ],
)
def test_days_counted_or_named_stay_days(question: str, grain: str | None) -> None:
    result = plan(MODEL, question)
    if grain is None:  # a day named, no breakdown
        assert result.status == "ok" and result.query is not None and not result.query.dimensions
    else:
        assert [d.get("grain") for d in query_of(MODEL, question)["dimensions"]] == [grain]


# --- a breakdown dropped or added to -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("earlier", "question", "dimensions", "segments"),
    [
        (("今年各大区的订单数", "按渠道再细分一下"), "行了，不用按渠道了", ["customer.region"], []),
        (("今年各大区的订单数", "按渠道再细分一下"), "不要按大区分了，只看会员", ["order.channel"], ["members"]),
        (("new customers by region and tier this year",), "no need to split by tier anymore", ["customer.region"], []),
        (
            ("orders last quarter by region and channel",),
            "don't break it down by channel, just members",
            ["customer.region"],
            ["members"],
        ),
        (("complaints this month by category and priority",), "forget the priority split", ["ticket.category"], []),
        (("上个月各城市的销售额",), "不按城市了", [], []),
    ],
)
def test_a_dropped_breakdown_keeps_the_rest(
    earlier: tuple[str, ...], question: str, dimensions: list[str], segments: list[str]
) -> None:
    query = query_of(MODEL, question, history_of(MODEL, *earlier))
    assert dimension_names(query) == dimensions
    assert query.get("segments", []) == segments


@pytest.mark.parametrize(
    ("earlier", "question", "dimensions"),
    [
        ("上个月各渠道的订单数", "按客户等级再细分一下", ["order.channel", "customer.tier"]),
        ("上个月各渠道的订单数", "在此基础上按大区看", ["order.channel", "customer.region"]),
        ("revenue by region this year", "split that further by channel", ["customer.region", "order.channel"]),
        ("revenue by region this year", "also by tier", ["customer.region", "customer.tier"]),
    ],
)
def test_a_further_breakdown_goes_under_the_previous_one(earlier: str, question: str, dimensions: list[str]) -> None:
    assert dimension_names(query_of(MODEL, question, history_of(MODEL, earlier))) == dimensions


@pytest.mark.parametrize(
    ("earlier", "question", "dimensions"),
    [
        ("上个月各渠道的订单数", "按客户等级看呢", ["customer.tier"]),
        ("revenue by region this year", "and by channel?", ["order.channel"]),
        ("revenue by region this year", "what about by tier instead", ["customer.tier"]),
    ],
)
def test_a_breakdown_named_alone_still_replaces_the_previous_one(
    earlier: str, question: str, dimensions: list[str]
) -> None:
    assert dimension_names(query_of(MODEL, question, history_of(MODEL, earlier))) == dimensions


# --- Chinese names of values listed in pinyin ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "city"),
    [("重庆上个月的订单数", "Chongqing"), ("西宁的客户有多少", "Xining"), ("兰州本季度的销售额", "Lanzhou")],
)
def test_a_chinese_name_of_a_listed_value_is_that_value(question: str, city: str) -> None:
    assert filters_of(query_of(WAREHOUSE_MODEL, question)) == [("customer.city", "=", [city])]


def test_a_place_no_list_holds_is_still_asked_back() -> None:
    assert "拉萨" in asked_back(WAREHOUSE_MODEL, "拉萨的订单数")


# --- the values a conversation named or a ranking showed, pointed at by their number -------------------------------


def _turns(model: SemanticModel, *questions: str) -> list[Turn]:
    return history_of(model, *questions)


def test_two_cities_named_in_chinese_then_added_up_are_one_total() -> None:
    earlier = _turns(WAREHOUSE_MODEL, "本月西宁的订单数", "那兰州呢")
    query = query_of(WAREHOUSE_MODEL, "这两个城市合计本月的销售额是多少", earlier)
    assert filters_of(query) == [("customer.city", "in", ["Xining", "Lanzhou"])]
    assert dimension_names(query) == [] and query["metrics"] == ["revenue"]


# --- a whole message correcting the previous question --------------------------------------------------------------


@pytest.mark.parametrize(
    ("earlier", "question", "key", "value"),
    [
        (
            "top 3 regions by orders this quarter",
            "oh wait, I actually meant last quarter, sorry!",
            "label",
            "last quarter",
        ),
        ("本季度订单最多的3个大区", "不对，我是说上季度", "label", "上季度"),
        ("complaints last month by tier", "sorry, I meant by priority", "dimensions", ["ticket.priority"]),
        ("上个月各等级的投诉数", "搞错了，应该是按优先级", "dimensions", ["ticket.priority"]),
        (
            "revenue by region last month",
            "my bad, it should be the average order value",
            "metrics",
            ["average_order_value"],
        ),
    ],
)
def test_a_message_correcting_the_previous_question_replaces_what_it_names(
    earlier: str, question: str, key: str, value: Any
) -> None:
    query = query_of(MODEL, question, history_of(MODEL, earlier))
    if key == "label":
        assert query["time_range"]["label"] == value and query.get("limit") == 3
    elif key == "dimensions":
        assert dimension_names(query) == value
    else:
        assert query["metrics"] == value and dimension_names(query) == ["customer.region"]


def test_a_correcting_word_with_no_question_before_it_is_still_read_as_before() -> None:
    asked_back(MODEL, "oh wait, I actually meant last quarter, sorry!")
