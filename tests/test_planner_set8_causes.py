"""Causes of wrong answers on blind set 8 (read after it was scored blind), fixed generally and tested with
phrasings unlike the set: a breakdown said as a clause ('by how the customer contacted us') was dropped; one day
said two ways ('Monday, November 30th') was read as two periods; '<day>那一周' was read as the day; '占了百分之多少'
was answered with the part's total instead of its share."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from semantic_layer import load_model
from semantic_layer.time_phrases import find_time_phrases
from tests.planner_cases import plan, query_of

AS_OF = date(2026, 12, 4)


@pytest.fixture(scope="module")
def model() -> Any:
    return load_model()


@pytest.mark.parametrize(
    "question",
    # "by how customers reached us" is now the contact channel (tests/test_planner_set8_reading.py)
    ["Break down this year's tickets by how upset customers were", "orders by how they paid last month",
     "revenue by where the customer heard about us"],
)  # fmt: skip
def test_a_breakdown_said_as_a_clause_is_asked_back_not_dropped(model: Any, question: str) -> None:
    assert plan(model, question).status == "clarify"


@pytest.mark.parametrize("question", ["tickets by channel this year", "revenue by region last month"])
def test_a_breakdown_by_a_field_still_works(model: Any, question: str) -> None:
    assert query_of(model, question)["dimensions"]


@pytest.mark.parametrize(
    ("text", "day"),
    [("orders on Monday, November 30th", date(2026, 11, 30)), ("sales on Friday 27 November", date(2026, 11, 27)),
     ("11月30日(周一)的订单", date(2026, 11, 30))],
)  # fmt: skip
def test_one_day_said_two_ways_is_one_phrase(text: str, day: date) -> None:
    found = find_time_phrases(text, AS_OF)
    assert [(f.start, f.end) for f in found] == [(day, day)], found


def test_a_population_dated_by_one_day_said_two_ways_keeps_one_period(model: Any) -> None:
    query = query_of(model, "how many customers did we lose on Monday, November 30th?")
    assert query["time_range"]["start"] == query["time_range"]["end"] == "2026-11-30"
    assert not any(f["field"].endswith("_date") for f in query.get("filters", [])), query


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [("去年双十一那一周的销售额", date(2025, 11, 10), date(2025, 11, 16)),
     ("11月16日所在的那周", date(2026, 11, 16), date(2026, 11, 22)), ("国庆当周的订单", date(2026, 9, 28), date(2026, 10, 4))],
)  # fmt: skip
def test_the_week_of_a_day_in_chinese(text: str, start: date, end: date) -> None:
    found = find_time_phrases(text, AS_OF)
    assert [(f.start, f.end) for f in found] == [(start, end)], found


@pytest.mark.parametrize("question", ["今年的销售额里，门店渠道的占了百分之多少", "上个月的工单里投诉占几成"])
def test_a_share_asked_as_a_percentage_in_chinese_is_a_share(model: Any, question: str) -> None:
    result = plan(model, question)
    assert result.status == "ok" and result.query is not None, result
    assert result.query.share is not None or any(m.endswith("rate") for m in result.query.metrics), result.query
