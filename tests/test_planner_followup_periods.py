"""Follow-ups that move or compare the previous period, found by using the chat: "same day last week" read as
the whole of last week, "and the day before?" and "ratio?" answered with the overview, "is that better than
last week?" answered with last week alone, "by month" after a year-to-date comparison answered with the
overview, a week to date compared with the five days right before it instead of last week to the same weekday."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from semantic_layer import load_model
from semantic_layer.time_calendar import previous_period
from tests.planner_cases import history_of, plan, query_of


@pytest.fixture(scope="module")
def model() -> Any:
    return load_model()


def period(query: dict[str, Any]) -> tuple[str, str]:
    return query["time_range"]["start"], query["time_range"]["end"]


@pytest.mark.parametrize(
    ("first", "follow_up", "moved"),
    [
        ("how many orders yesterday", "same day last week", ("2026-11-26", "2026-11-26")),
        ("how many orders yesterday", "last week same day?", ("2026-11-26", "2026-11-26")),
        ("revenue last month", "same period a month earlier", ("2026-10-01", "2026-10-31")),
        ("revenue this month so far", "and the same point last month?", ("2026-11-01", "2026-11-04")),
        ("本月至今的订单量", "上月同期呢", ("2026-11-01", "2026-11-04")),
        ("上周的投诉数", "上上周同期呢", ("2026-11-16", "2026-11-22")),
        ("本季度销售额", "上季度同期呢", ("2026-07-01", "2026-09-04")),
        ("gmv last quarter by channel", "and last year same quarter", ("2025-07-01", "2025-09-30")),
        ("how many orders yesterday", "and the day before?", ("2026-12-02", "2026-12-02")),
        ("昨天的订单数", "前一天呢", ("2026-12-02", "2026-12-02")),
    ],
)
def test_the_previous_period_moved_back(model: Any, first: str, follow_up: str, moved: tuple[str, str]) -> None:
    query = query_of(model, follow_up, history_of(model, first))
    assert period(query) == moved, query
    assert "compare" not in query


@pytest.mark.parametrize(
    ("first", "follow_up"),
    [
        ("revenue this month so far", "vs same point last month?"),
        ("revenue this month so far", "compared to the same point last month"),
        ("本月至今的订单量", "和上月同期比呢"),
        ("average first response time this week", "is that better than last week?"),
        ("NPS this quarter", "is it higher than last quarter"),
    ],
)
def test_a_comparison_with_the_period_right_before_keeps_the_period(model: Any, first: str, follow_up: str) -> None:
    before = history_of(model, first)
    query = query_of(model, follow_up, before)
    assert query.get("compare", {}).get("previous_period") is True, query
    assert query["time_range"] == before[0].query.model_dump(mode="json", exclude_none=True)["time_range"]  # type: ignore[union-attr]


def test_a_comparison_the_query_cannot_express_is_asked_back(model: Any) -> None:
    result = plan(model, "compare with the same day last week", history_of(model, "orders yesterday"))
    assert result.status == "clarify"


def test_a_week_to_date_compares_with_last_week_to_the_same_weekday() -> None:
    assert previous_period(date(2026, 11, 30), date(2026, 12, 4)) == (date(2026, 11, 23), date(2026, 11, 27))
    assert previous_period(date(2026, 11, 23), date(2026, 11, 29)) == (date(2026, 11, 16), date(2026, 11, 22))
    assert previous_period(date(2026, 11, 25), date(2026, 11, 29)) == (date(2026, 11, 20), date(2026, 11, 24))


@pytest.mark.parametrize(("first", "follow_up"), [("revenue ytd", "vs last ytd"), ("本季度销售额", "环比呢")])
def test_a_series_after_a_comparison_covers_both_periods(model: Any, first: str, follow_up: str) -> None:
    before = history_of(model, first, follow_up)
    query = query_of(model, "by month", before) if first.isascii() else query_of(model, "按月看", before)
    assert "compare" not in query and query["dimensions"][-1]["grain"] == "month", query
    assert query["time_range"]["start"] < before[0].query.model_dump(mode="json")["time_range"]["start"]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("first", "follow_up", "metric"),
    [
        ("上周每天的订单数", "那天的销售额是多少", "revenue"),
        ("revenue by region this year", "which is highest", "revenue"),
    ],
)
def test_an_order_by_a_replaced_metric_orders_by_the_new_one(
    model: Any, first: str, follow_up: str, metric: str
) -> None:
    before = history_of(model, first, "哪天最多" if not first.isascii() else "sort by highest")
    query = query_of(model, follow_up, before)
    assert all(o["field"] in query["metrics"] for o in query.get("order_by", [])), query
    assert query["metrics"][0] == metric


@pytest.mark.parametrize(
    ("first", "follow_up", "member"),
    [("how many active members do we have", "what about non members", False),
     ("会员的复购率", "那非会员呢", False)],
)  # fmt: skip
def test_a_negated_population_takes_the_place_of_the_named_one(
    model: Any, first: str, follow_up: str, member: bool
) -> None:
    query = query_of(model, follow_up, history_of(model, first))
    assert "members" not in query.get("segments", []), query
    assert {"field": "customer.is_member", "op": "=", "values": [member]} in query["filters"]


@pytest.mark.parametrize(
    ("first", "follow_up", "year_over_year"),
    [("本季度销售额", "环比呢", False), ("revenue this quarter", "qoq?", False), ("revenue in october", "mom?", False),
     ("revenue this quarter", "同比呢", True), ("orders last month", "and yoy?", True)],
)  # fmt: skip
def test_a_comparison_word_alone_compares_the_previous_question(
    model: Any, first: str, follow_up: str, year_over_year: bool
) -> None:
    before = history_of(model, first)
    query = query_of(model, follow_up, before)
    assert query["compare"] == {"previous_period": True, **({"year_over_year": True} if year_over_year else {})}
    assert query["metrics"] == before[0].query.metrics  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("first", "follow_up"),
    [("what's the revenue from customers who signed up last year", "compared to the year before"),
     ("revenue last month", "vs the month before"), ("上个月的订单数", "和上一个月比呢")],
)  # fmt: skip
def test_compared_to_the_period_before_compares(model: Any, first: str, follow_up: str) -> None:
    before = history_of(model, first)
    query = query_of(model, follow_up, before)
    assert query["compare"]["previous_period"] is True, query
    assert query["time_range"] == before[0].query.model_dump(mode="json", exclude_none=True)["time_range"]  # type: ignore[union-attr]
