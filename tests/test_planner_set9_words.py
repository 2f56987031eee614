"""Words read in blind set 9 after it was scored (round 7, p9-en-words), fixed as general readings and tested with
other phrasings: workplace chatter around a question (assistant/planner/framing/), words saying that no condition
is wanted (assistant/planner/non_conditions.py), and everyday words of the model's records and fields (data files)."""

from __future__ import annotations

from typing import Any

import pytest

from semantic_layer import load_model
from tests.planner_cases import history_of, plan, query_of

MODEL = load_model()


def _filters(query: dict[str, Any]) -> list[tuple[str, str, list[Any]]]:
    return [(f["field"], f["op"], f.get("values", [])) for f in query.get("filters", [])]


def _dimensions(query: dict[str, Any]) -> list[str]:
    return [d["name"] for d in query.get("dimensions", [])]


def _same_plan(question: str, plain: str) -> None:
    """The question with its chatter is planned as the plain question."""
    said, meant = query_of(MODEL, question), query_of(MODEL, plain)
    assert {k: said.get(k) for k in ("metrics", "dimensions", "filters", "segments", "time_range", "compare")} == {
        k: meant.get(k) for k in ("metrics", "dimensions", "filters", "segments", "time_range", "compare")
    }


# --- workplace chatter: occasions, deadlines, promises, who wants it, layout ---------------------------------------


@pytest.mark.parametrize(
    ("question", "plain"),
    [
        ("For the quarterly business review deck: orders by region last month", "orders by region last month"),
        ("how many complaints came in last week? need it for tomorrow's standup", "how many complaints last week"),
        ("in the team sync someone asked: what's the return rate this quarter?", "what's the return rate this quarter?"),
        ("I promised my manager an answer by EOD: how many orders were returned last month?",
         "how many orders were returned last month?"),
        ("need this by close of business - churn rate last quarter", "churn rate last quarter"),
        ("AOV this quarter vs last quarter, side by side", "AOV this quarter vs last quarter"),
        ("how many tickets were opened yesterday? the support team wants to know", "how many tickets were opened yesterday?"),
    ],
)  # fmt: skip
def test_workplace_chatter_asks_for_nothing(question: str, plain: str) -> None:
    _same_plan(question, plain)


@pytest.mark.parametrize(
    "question",
    [
        "per the finance team's email: how many tickets were opened last week",
        "from this morning's ops email - how many tickets were opened last week?",
    ],
)
def test_an_email_the_request_came_in_is_no_personal_data(question: str) -> None:
    result = plan(MODEL, question)
    assert result.status == "ok", result.clarification
    query = query_of(MODEL, question)
    assert query["metrics"] == ["tickets"] and not query.get("filters")
    assert query["time_range"]["start"] == "2026-11-23"


def test_asking_for_someones_email_is_still_refused() -> None:
    assert plan(MODEL, "show me the email of customer C0000123").status == "refused"


def test_an_occasion_named_with_a_period_keeps_the_period_or_asks() -> None:
    result = plan(MODEL, "for the Q3 review - revenue by region")
    assert result.status == "clarify"  # 'Q3' may be the period asked: never silently dropped


@pytest.mark.parametrize(
    ("question", "metric"),
    [
        ("how many customers complained last month? customer service is asking", "complaining_customers"),
        ("客服那边想知道，上个月一共有多少张工单", "tickets"),
        ("上个月一共有多少张工单？售后团队想了解一下", "tickets"),
        ("财务那边想知道上个月的销售额", "revenue"),
    ],
)
def test_who_wants_the_figure_is_no_condition(question: str, metric: str) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == [metric] and not _filters(query)
    assert query["time_range"]["start"] == "2026-11-01"


@pytest.mark.parametrize(
    ("question", "plain"),
    [
        ("how many tickets were opened last week for the ops team", "how many tickets were opened last week"),
        ("what was the churn rate in 2025 for my boss", "what was the churn rate in 2025"),
        ("帮财务那边查一下上个月的销售额", "上个月的销售额"),
    ],
)
def test_whom_the_figure_is_for_is_no_condition(question: str, plain: str) -> None:
    _same_plan(question, plain)


def test_a_party_naming_the_model_is_kept() -> None:
    query = query_of(MODEL, "revenue last month for the store team")
    assert ("order.channel", "=", ["store"]) in _filters(query)


def test_a_value_that_is_a_condition_still_filters() -> None:
    query = query_of(MODEL, "客服原因流失的客户有多少")
    assert ("customer.churn_reason", "=", ["service"]) in _filters(query)


# --- words saying that no condition is wanted -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "dimension"),
    [
        ("revenue by category (electronics, apparel etc.) this year", "order.category"),
        ("tickets per channel (e.g. phone or email) last month", "ticket.channel"),
        ("按品类（比如数码、服装等）看今年的销售额", "order.category"),
    ],
)
def test_examples_of_a_breakdowns_groups_are_no_filter(question: str, dimension: str) -> None:
    query = query_of(MODEL, question)
    assert dimension in _dimensions(query) and not _filters(query)


def test_values_in_brackets_without_an_example_word_still_limit_the_breakdown() -> None:
    query = query_of(MODEL, "revenue by category (electronics, apparel) this year")
    assert ("order.category", "in", ["electronics", "apparel"]) in _filters(query)


@pytest.mark.parametrize(
    ("question", "kept"),
    [
        ("how many orders did we get last month, any status", []),
        ("how many customers in Beijing, regardless of tier", [("customer.city", "=", ["Beijing"])]),
        ("churn rate, no date filter, by region", []),
    ],
)
def test_a_field_left_open_is_not_filtered(question: str, kept: list[tuple[str, str, list[Any]]]) -> None:
    assert _filters(query_of(MODEL, question)) == kept


def test_no_date_filter_means_the_whole_history() -> None:
    assert "time_range" not in query_of(MODEL, "churn rate, no date filter, by region")


def test_a_field_broken_down_is_still_a_breakdown() -> None:
    assert _dimensions(query_of(MODEL, "how many orders by status last month")) == ["order.status"]


def test_all_of_an_entity_with_a_kept_period_is_asked_back() -> None:
    history = history_of(MODEL, "top 3 regions by revenue this quarter")
    result = plan(MODEL, "and how many customers in each (all customers)?", history)
    assert result.status == "clarify" and "this quarter" in (result.clarification or "")


def test_all_of_an_entity_in_a_fresh_question_is_answered() -> None:
    query = query_of(MODEL, "how many customers (all customers) by region")
    assert query["metrics"] == ["customers"] and _dimensions(query) == ["customer.region"]


def test_every_single_is_emphasis() -> None:
    query = query_of(MODEL, "how many tickets did every single region log this year")
    assert _dimensions(query) == ["customer.region"]


def test_a_single_order_without_a_negation_is_still_asked_back() -> None:
    result = plan(MODEL, "how many customers placed a single order")  # exactly one order? not emphasis
    assert result.status == "clarify" and "single" in result.unrecognized


@pytest.mark.parametrize(
    "question",
    [
        "what do churned customers say in their open-ended survey comments?",
        "main topics in the verbatim survey comments of churned customers",
    ],
)
def test_free_text_said_of_a_text_field_adds_nothing(question: str) -> None:
    query = query_of(MODEL, question)
    assert query["kind"] == "themes" and query["text_field"] == "survey_comment"


# --- everyday words of the model's records and fields ---------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "how many surveys did we collect last month",
        "how many survey responses have we gathered last month",
        "how many surveys were collected last month",
    ],
)
def test_collecting_surveys_is_the_surveys(question: str) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == ["survey_responses"] and query["time_range"]["start"] == "2026-11-01"


def test_collecting_a_record_without_such_a_verb_is_asked_back() -> None:
    result = plan(MODEL, "how many customers did we collect last month")
    assert result.status == "clarify" and "collect" in result.unrecognized


def test_a_population_base_is_the_population() -> None:
    query = query_of(MODEL, "split our churned customer base by region")
    assert query["metrics"] == ["churned_customers"] and _dimensions(query) == ["customer.region"]


def test_a_base_of_no_population_is_asked_back() -> None:
    assert "base" in plan(MODEL, "revenue base by region").unrecognized


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("how many customers have linked the mobile app", ("customer.app_bound", "=", [True])),
        ("orders placed in the phone app last week", ("order.channel", "=", ["app"])),
    ],
)
def test_the_app_named_by_its_device_is_the_app(question: str, expected: tuple[str, str, list[Any]]) -> None:
    assert expected in _filters(query_of(MODEL, question))


@pytest.mark.parametrize(
    "question",
    [
        "resolution time of complaint tickets vs the normal ones this year",
        "avg resolution hours for complaint tickets versus regular ones this year",
    ],
)
def test_the_rest_said_with_ones_is_the_other_side(question: str) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == ["avg_resolution_hours"] and _dimensions(query) == ["ticket.is_complaint"]


@pytest.mark.parametrize(
    "question", ["can you confirm how many orders were placed yesterday", "please verify yesterday's order count"]
)
def test_verbs_of_checking_are_verbs_of_asking(question: str) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == ["orders"] and query["time_range"]["start"] == "2026-12-03"


def test_the_two_sides_of_a_qualifier_over_one_period_are_no_period_comparison() -> None:
    query = query_of(MODEL, "avg first response time for complaint tickets vs the regular ones, past 60 days")
    assert _dimensions(query) == ["ticket.is_complaint"] and "compare" not in query


def test_one_metric_against_the_period_before_is_still_compared() -> None:
    query = query_of(MODEL, "complaints last month vs the month before")
    assert query["compare"] == {"previous_period": True}
