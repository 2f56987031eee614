"""Causes blind set 13 showed (read after it was scored): "as of today" beside another period dated the event today,
and a follow-up asking for "just one total" kept the previous breakdown (wrong answers). Sentences of our own, with
near-misses."""

from __future__ import annotations

import pytest

from assistant.contracts import detect_language
from assistant.planner import plan_question
from semantic_layer import load_model
from tests.planner_cases import AS_OF, history_of, query_of

MODEL = load_model()


def _query(question: str, *earlier: str) -> dict:
    return query_of(MODEL, question, history_of(MODEL, *earlier))


@pytest.mark.parametrize(
    "question",
    [
        "Of the customers who signed up in Q2 2026, how many have churned as of today?",
        "As of now, how many of the people who joined in Q2 2026 have churned?",
        "2026年第二季度注册的客户，截至目前流失了多少",
    ],
)
def test_as_of_today_beside_a_period_is_the_state_as_it_stands(question: str) -> None:
    query = _query(question)
    time_range = query.get("time_range") or {}
    dated = [f for f in query.get("filters", []) if f["field"] == "customer.signup_date"]
    assert (time_range.get("field") == "customer.signup_date" and time_range["start"] == "2026-04-01") or dated
    assert time_range.get("start") != "2026-12-04"


@pytest.mark.parametrize("question", ["今年（截至今天）的复购率是多少", "NPS this year, as of today"])
def test_as_of_today_after_this_year_keeps_the_year(question: str) -> None:
    query = _query(question)
    assert (query["time_range"]["start"], query["time_range"]["end"]) == ("2026-01-01", "2026-12-04")


def test_as_of_today_alone_is_still_read_as_a_period() -> None:
    assert _query("how many orders as of today")["time_range"]["start"] == "2026-12-04"


@pytest.mark.parametrize(
    ("question", "earlier"),
    [
        ("and how many of them are open? just one total number", ("tickets by channel last month",)),
        ("just the total please", ("revenue by region this year",)),
        ("no breakdown, one total", ("top 3 cities by revenue",)),
        ("给我一个总数就行", ("上个月各渠道的收入",)),
    ],
)
def test_one_total_after_a_breakdown_drops_it(question: str, earlier: tuple[str, ...]) -> None:
    query = _query(question, *earlier)
    assert not query.get("dimensions") and not query.get("order_by") and query.get("limit") is None


def test_a_new_breakdown_with_total_in_it_is_still_a_breakdown() -> None:
    query = _query("and the total by tier?", "revenue by region this year")
    assert query["dimensions"] == [{"name": "customer.tier"}]


@pytest.mark.parametrize(
    "question",
    [
        "how many customers whose current status is churned",
        "complaints from customers whose current status is churned",
    ],
)
def test_current_before_a_field_that_a_value_follows_is_no_value(question: str) -> None:
    query = _query(question)
    statuses = [f["values"] for f in query.get("filters", []) if f["field"] == "customer.status"]
    assert "churned_customers" in query.get("segments", []) or statuses == [["churned"]]
    assert ["active"] not in statuses


def test_a_bracket_restating_the_status_no_longer_filters_the_opposite() -> None:
    question = "how many tickets last month came from customers who have since churned (current status churned)?"
    planned = plan_question(question, [], MODEL, AS_OF, detect_language(question))
    if planned.query is not None:
        statuses = [f["values"] for f in planned.query.filters if f.field == "customer.status"]
        assert ["active"] not in statuses


@pytest.mark.parametrize("question", ["how many current customers", "current customers by region"])
def test_current_customers_are_still_the_active_ones(question: str) -> None:
    assert _query(question)["metrics"] == ["active_customers"]


@pytest.mark.parametrize(
    "question",
    [
        "今年到目前为止的收入和去年全年比",
        "NPS this year so far vs all of last year",
        "revenue this month vs the whole of last month",
    ],
)
def test_a_period_to_date_against_a_whole_period_is_not_compared_to_the_same_day(question: str) -> None:
    # round 9 (p12e): both periods are named, so the period to date is compared with the whole one before it
    compare = _query(question)["compare"]
    assert compare["previous_period"] is True and compare["whole_previous"] is True


@pytest.mark.parametrize("question", ["revenue this year vs last year", "本月收入和上个月比"])
def test_a_period_to_date_against_the_period_before_still_compares_to_the_same_day(question: str) -> None:
    assert _query(question)["compare"]["previous_period"] is True
