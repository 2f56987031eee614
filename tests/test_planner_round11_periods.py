"""Round 11 (p14a): periods, comparisons of periods and two periods in one question, with sentences of my own.

Fiscal periods read through the model's `fiscal_year_start_month`; half-years and report shorthand; a cohort named
before what it groups; a period to date beside a named whole period; new customers as the population of another
measure. Each cause has near-misses that keep their reading.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from semantic_layer import load_model
from semantic_layer.errors import TimeExpressionError
from semantic_layer.time_phrases import find_time_phrases
from tests.planner_cases import AS_OF, asked_back, filters_of, history_of, plan, query_of

MODEL = load_model()
APRIL_FISCAL_YEAR = MODEL.model_copy(update={"fiscal_year_start_month": 4})
NO_FISCAL_YEAR = MODEL.model_copy(update={"fiscal_year_start_month": None})


def _dates(query: dict[str, Any]) -> tuple[str, str]:
    return query["time_range"]["start"], query["time_range"]["end"]


# -- fiscal periods --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "dates"),
    [
        ("how many orders were cancelled in FY2025", ("2025-01-01", "2025-12-31")),
        ("FY25 new customers by region", ("2025-01-01", "2025-12-31")),
        ("revenue for fiscal 2024", ("2024-01-01", "2024-12-31")),
        ("2025财年的工单量", ("2025-01-01", "2025-12-31")),
        ("上个财年流失了多少客户", ("2025-01-01", "2025-12-31")),
        ("return rate this fiscal year", ("2026-01-01", "2026-12-04")),
        ("complaints FYTD", ("2026-01-01", "2026-12-04")),
        ("本财年的营收", ("2026-01-01", "2026-12-04")),
        ("orders in FY26 Q2", ("2026-04-01", "2026-06-30")),
        ("2026财年第三季度的新增客户", ("2026-07-01", "2026-09-30")),
    ],
)
def test_a_fiscal_period_reads_through_the_models_fiscal_year(question: str, dates: tuple[str, str]) -> None:
    result = plan(MODEL, question)
    assert result.status == "ok" and result.query is not None, (question, result.clarification)
    assert _dates(result.query.model_dump(mode="json")) == dates
    assert any("fiscal year starts in January" in n or "财年从1月开始" in n for n in result.assumptions)


@pytest.mark.parametrize(
    ("question", "dates"),
    [
        ("revenue in FY2025", ("2024-04-01", "2025-03-31")),
        ("上个财年的订单数", ("2025-04-01", "2026-03-31")),
        ("tickets this FY", ("2026-04-01", "2026-12-04")),
        ("revenue FY2026 Q1", ("2025-04-01", "2025-06-30")),
    ],
)
def test_a_fiscal_year_named_by_the_year_it_ends_in(question: str, dates: tuple[str, str]) -> None:
    result = plan(APRIL_FISCAL_YEAR, question)
    assert result.status == "ok" and result.query is not None, (question, result.clarification)
    assert _dates(result.query.model_dump(mode="json")) == dates
    assert any("April" in n or "财年从4月开始" in n for n in result.assumptions), result.assumptions


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("revenue in FY2025", "FY2025"),
        ("上个财年的订单数", "上个财年"),
        ("orders last fiscal year", "last fiscal year"),
    ],
)
def test_a_fiscal_period_is_asked_back_when_the_model_does_not_say_where_it_starts(question: str, named: str) -> None:
    assert named.lower() in asked_back(NO_FISCAL_YEAR, question).lower()


def test_a_fiscal_year_compared_with_the_one_before() -> None:
    got = query_of(MODEL, "average order value FY2026 vs FY2025")
    assert _dates(got) == ("2026-01-01", "2026-12-04") and got["compare"]["previous_period"] is True


@pytest.mark.parametrize("text", ["customer C2025 orders", "top 2025 customers", "fiscal policy"])
def test_words_near_a_fiscal_year_are_no_period(text: str) -> None:
    assert not any(t.fiscal for t in find_time_phrases(text, AS_OF, 1))


def test_the_time_phrases_raise_for_a_fiscal_year_without_a_start() -> None:
    with pytest.raises(TimeExpressionError):
        find_time_phrases("FY2025", date(2026, 12, 4))


# -- half-years and report shorthand ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "dates"),
    [
        ("2025年H2的订单数", ("2025-07-01", "2025-12-31")),
        ("revenue 2026 H1", ("2026-01-01", "2026-06-30")),
        ("今年H1的新客", ("2026-01-01", "2026-06-30")),
        ("25年H2退货率", ("2025-07-01", "2025-12-31")),
    ],
)
def test_a_half_year_written_h1_or_h2(question: str, dates: tuple[str, str]) -> None:
    assert _dates(query_of(MODEL, question)) == dates


@pytest.mark.parametrize(
    ("question", "dates"),
    [
        ("complaints lm", ("2026-11-01", "2026-11-30")),
        ("new customers lq by channel", ("2026-07-01", "2026-09-30")),
        ("orders ly", ("2025-01-01", "2025-12-31")),
    ],
)
def test_report_shorthand_for_the_period_before(question: str, dates: tuple[str, str]) -> None:
    assert _dates(query_of(MODEL, question)) == dates


def test_to_date_vs_the_same_period_ly_keeps_the_same_stretch() -> None:
    result = plan(MODEL, "revenue ytd vs same period ly")
    assert result.status == "ok" and result.query is not None and result.query.compare is not None
    assert result.query.compare.previous_period and not result.query.compare.whole_previous
    assert _dates(result.query.model_dump(mode="json")) == ("2026-01-01", "2026-12-04")


# -- a cohort named before what it groups ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "dates"),
    [
        ("total revenue from the cohort of customers we acquired in 2024", ("2024-01-01", "2024-12-31")),
        ("how many of the cohort that joined in Q1 2026 have churned", ("2026-01-01", "2026-03-31")),
        ("orders placed by our cohort from March 2026", ("2026-03-01", "2026-03-31")),
    ],
)
def test_a_cohort_before_its_period_is_the_people_who_signed_up_then(question: str, dates: tuple[str, str]) -> None:
    got = query_of(MODEL, question)
    dated = [f for f in filters_of(got) if f[0] == "customer.signup_date"]
    by_signup = got.get("time_range", {}).get("field") == "customer.signup_date" and _dates(got) == dates
    assert by_signup or dated == [("customer.signup_date", "between", list(dates))], got


def test_a_cohort_analysis_is_still_asked_back() -> None:
    assert "cohort" in asked_back(MODEL, "cohort analysis of revenue")


# -- a period to date beside a named whole period ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "NPS this year vs last year",
        "今年的退货率和去年比怎么样",
        "how do this quarter's complaints compare with last quarter",
    ],
)
def test_a_named_previous_period_is_compared_whole(question: str) -> None:
    compare = query_of(MODEL, question)["compare"]
    assert compare["previous_period"] is True and compare["whole_previous"] is True


@pytest.mark.parametrize(
    "question",
    [
        "NPS this year vs the same period last year",
        "今年的退货率和去年同期比",
        "revenue last month vs the month before",
    ],
)
def test_the_same_stretch_or_two_whole_periods_keep_the_plain_comparison(question: str) -> None:
    compare = query_of(MODEL, question)["compare"]
    assert compare["previous_period"] is True and not compare.get("whole_previous")


# -- new customers as the population of another measure --------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "本季度新客户的投诉数",
        "complaints from new customers this quarter",
        "new customers this quarter - how many complaints have they raised",
        "本季度新来的客户投诉了多少次",
    ],
)
def test_new_customers_of_a_period_are_the_population_of_another_measure(question: str) -> None:
    got = query_of(MODEL, question)
    assert got["metrics"] == ["complaints"]
    assert got["time_range"]["field"] == "customer.signup_date" and _dates(got) == ("2026-10-01", "2026-12-04")


@pytest.mark.parametrize("question", ["今年的新客户上个月贡献了多少销售额", "今年注册的新客户上个月下了多少单"])
def test_new_customers_of_one_period_measured_in_another(question: str) -> None:
    got = query_of(MODEL, question)
    assert ("customer.signup_date", "between", ["2026-01-01", "2026-12-04"]) in filters_of(got)
    assert _dates(got) == ("2026-11-01", "2026-11-30")


@pytest.mark.parametrize(
    ("question", "metrics"),
    [
        ("revenue and new customers last month", ["revenue", "new_customers"]),
        ("新客户和投诉数 本月", ["new_customers", "complaints"]),
        ("本季度新客户有多少", ["new_customers"]),
    ],
)
def test_new_customers_beside_another_measure_or_alone_stay_a_count(question: str, metrics: list[str]) -> None:
    assert query_of(MODEL, question)["metrics"] == metrics


# -- a count of units before the period named --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "compare orders in the last 30 days with the 30 days before that",
        "revenue over the last 3 months vs the 3 months before it",
        "are tickets going up? last 2 weeks against the 2 weeks prior to that",
    ],
)
def test_the_same_count_of_units_before_that_is_the_previous_period(question: str) -> None:
    compare = query_of(MODEL, question)["compare"]
    assert compare["previous_period"] is True and not compare.get("year_over_year")


def test_a_different_count_before_a_named_period_is_asked_back() -> None:
    asked_back(MODEL, "orders in Q3 vs the 2 months before that")


# -- a period set beside the answer in a follow-up -------------------------------------------------------------------


@pytest.mark.parametrize(
    "follow_up", ["put the same month last year next to it", "show the same month last year alongside it"]
)
def test_a_period_put_next_to_the_answer_is_compared_with_it(follow_up: str) -> None:
    history = history_of(MODEL, "complaints last month by channel")
    got = query_of(MODEL, follow_up, history)
    assert _dates(got) == ("2026-11-01", "2026-11-30")
    assert got["compare"] == {"previous_period": True, "year_over_year": True}
