"""Causes blind set 10 showed (read after it was scored): a crash on values of a field named by part, 'the month
before' read as the last month to date in a Chinese comparison, a population filtered while the question splits by
the field that defines it (wrong answers); and asked back: "All statuses." as a remark, "forwarded from my manager",
"rank our regions", "流失原因是怎么分布的", chat shorthand of question words ("how mny"). Sentences of our own, with
near-misses."""

from __future__ import annotations

import pytest

from assistant.planner import plan_question
from semantic_layer import load_model
from tests.planner_cases import AS_OF, history_of, query_of

MODEL = load_model()


def _query(question: str, *earlier: str) -> dict:
    return query_of(MODEL, question, history_of(MODEL, *earlier))


@pytest.mark.parametrize(
    "question",
    [
        "what did tier C and D customers who churned in 2025 complain about",
        "themes of complaints from tier B and C members",
    ],
)
def test_several_values_of_a_field_in_a_themes_question_are_read_not_crashed_on(question: str) -> None:
    query = _query(question)
    assert query["kind"] == "themes"
    tiers = [f for f in query["filters"] if f["field"] == "customer.tier"]
    assert len(tiers) == 1 and tiers[0]["op"] == "in" and len(tiers[0]["values"]) == 2


@pytest.mark.parametrize("question", ["跟前一个月比呢？", "和前一个月相比呢", "与前一个月对比一下"])
def test_the_month_before_in_a_chinese_comparison_keeps_the_period_asked(question: str) -> None:
    query = _query(question, "上个月新增客户数是多少")
    assert (query["time_range"]["start"], query["time_range"]["end"]) == ("2026-11-01", "2026-11-30")
    assert query["compare"]["previous_period"] is True


def test_the_last_month_to_date_alone_is_still_a_rolling_window() -> None:
    query = _query("前一个月的销售额")
    assert query["time_range"]["start"] == "2026-11-05"


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ("do members send back more stuff? return rate by membership status for 2025", "customer.is_member"),
        ("are churned customers worth more? lifetime value by customer status", "customer.status"),
    ],
)
def test_a_population_split_by_its_own_field_is_no_filter(question: str, field: str) -> None:
    query = _query(question)
    assert {"name": field} in query["dimensions"] and not query.get("segments")


def test_a_population_split_by_another_field_stays() -> None:
    assert _query("churn rate of members by region")["segments"] == ["members"]


@pytest.mark.parametrize(
    "question",
    [
        "How many tickets did we get in October 2026? All channels.",
        "orders placed last week. All statuses.",
    ],
)
def test_all_of_a_field_as_a_remark_of_its_own_is_no_condition(question: str) -> None:
    query = _query(question)
    assert not query.get("filters") and not query.get("dimensions")


def test_all_of_a_field_after_by_is_not_excused() -> None:
    planned = plan_question("revenue by all channels last month", [], MODEL, AS_OF, "en")
    assert planned.status == "clarify" or {"name": "order.channel"} in planned.query.dimensions  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "question",
    [
        "Forwarded from my manager: how many orders did we get last week?",
        "fwd from the ops lead: how many tickets last month?",
    ],
)
def test_who_passed_the_question_on_asks_for_nothing(question: str) -> None:
    query = _query(question)
    assert not query.get("filters") and not query.get("segments")


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ("rank our regions by NPS this year, best first", "customer.region"),
        ("rank all our cities by revenue last month", "customer.city"),
        ("sort our product categories by orders this year", "order.category"),
    ],
)
def test_a_determiner_after_rank_or_sort_keeps_the_breakdown(question: str, field: str) -> None:
    assert {"name": field} in _query(question)["dimensions"]


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ("今年流失的客户，流失原因是怎么分布的？", "customer.churn_reason"),
        ("上个月的工单，类别都是如何分布的", "ticket.category"),
    ],
)
def test_how_a_field_is_distributed_is_a_breakdown_by_it(question: str, field: str) -> None:
    assert {"name": field} in _query(question)["dimensions"]


@pytest.mark.parametrize("question", ["how mny orders last week", "hw mny tickets yesterday", "wat was rev last month"])
def test_chat_shorthand_of_question_words(question: str) -> None:
    assert _query(question)["metrics"]


@pytest.mark.parametrize(
    "question",
    ["what did customers who left us during 2025 complain about", "how many customers left us in 2025"],
)
def test_the_object_and_a_preposition_between_an_event_and_its_period_still_date_the_event(question: str) -> None:
    period = _query(question)["time_range"]
    assert (period["field"], period["start"]) == ("customer.churn_date", "2025-01-01")
