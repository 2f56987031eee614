"""Round 10 (p13d): how data-literate users phrase a request — a rate's formula written out after it, and the words of
layout and scope of other BI tools — with sentences of our own and near-misses that must not change."""

from __future__ import annotations

import pytest

from semantic_layer import load_model
from tests.planner_cases import asked_back, dates_of, dimension_names, filters_of, plan, query_of

MODEL = load_model()


# ---------------------------------------------------------------- a rate's formula written out


@pytest.mark.parametrize(
    "question",
    [
        "return rate by channel this year (returned / (completed + returned))",
        "退货率按品类看，上季度（退货订单 ÷ (完成订单+退货订单)）",
        "what was the return rate in October, i.e. returned orders as a share of completed and returned orders",
        "return rate for web orders last month (returned as a fraction of completed plus returned orders)",
    ],
)
def test_the_return_rate_with_its_own_formula_adds_no_status_condition(question: str) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == ["return_rate"]
    assert "order.status" not in dimension_names(query)
    assert all(field != "order.status" for field, _, _ in filters_of(query))


def test_a_restated_formula_is_said_in_the_assumptions() -> None:
    result = plan(MODEL, "退货率（退货单/(完成单+退货单)）今年是多少")
    assert result.status == "ok"
    assert any("口径" in note and "退货率" in note for note in result.assumptions)


@pytest.mark.parametrize(
    "question",
    [
        "AOV this quarter, formula: revenue ÷ completed orders",
        "本月客单价是多少？口径：销售额 ÷ 完成订单数",
    ],
)
def test_the_average_order_value_with_its_own_formula(question: str) -> None:
    assert query_of(MODEL, question)["metrics"] == ["average_order_value"]


@pytest.mark.parametrize(
    "question",
    [
        "return rate last month (returned / all orders)",
        "上个月的退货率（退货单/全部订单）",
        "AOV this year, defined as revenue over all orders",
        "churn rate for Q3 (churned customers / all customers)",  # with a period the base is the opening base
    ],
)
def test_a_formula_other_than_the_models_is_asked_back(question: str) -> None:
    assert "÷" in asked_back(MODEL, question)


@pytest.mark.parametrize(
    ("question", "breakdown"),
    [
        ("绑定APP和没绑定APP的客户，流失率各多少？不限时间，就是流失客户占全部客户的比例", "customer.app_bound"),
        ("流失率按区域看，就是流失客户占全部客户的比例", "customer.region"),
        ("churn rate by tier, meaning churned customers as a fraction of all customers", "customer.tier"),
        ("各等级的流失率，也就是所有客户里流失的比例", "customer.tier"),
    ],
)
def test_the_whole_base_churn_share_is_the_churn_rate_with_no_churned_segment(question: str, breakdown: str) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == ["churn_rate"]
    assert dimension_names(query) == [breakdown]
    assert "segments" not in query and "time_range" not in query


def test_a_share_of_all_customers_with_no_time_window_is_the_undated_churn_rate() -> None:
    query = query_of(MODEL, "with no time window, what share of all our customers have churned?")
    assert query["metrics"] == ["churn_rate"] and "time_range" not in query


def test_near_miss_a_bracket_of_values_still_filters() -> None:
    query = query_of(MODEL, "orders last month (returned or cancelled)")
    assert ("order.status", "in", ["returned", "cancelled"]) in filters_of(query)


# ---------------------------------------------------------------- layout words


@pytest.mark.parametrize(
    ("question", "breakdown"),
    [
        ("Slice this year's revenue by sales channel.", "order.channel"),
        ("pivot last month's tickets by priority", "ticket.priority"),
        ("cut complaints in Q3 by contact channel", "ticket.channel"),
        ("new customers this year bucketed by acquisition channel", "customer.acquisition_channel"),
        ("orders last quarter split by the membership flag", "customer.is_member"),
        ("churn rate by the tier column", "customer.tier"),
    ],
)
def test_layout_verbs_and_column_nouns_before_a_breakdown(question: str, breakdown: str) -> None:
    assert dimension_names(query_of(MODEL, question)) == [breakdown]


@pytest.mark.parametrize(
    ("question", "grain"),
    [
        ("revenue over the last 3 months, one line per week", "week"),
        ("tickets in 2025 with one row per month", "month"),
        ("complaints this year, a row for each quarter", "quarter"),
        ("new sign-ups over the past 10 days, one line per day", "day"),
    ],
)
def test_a_line_or_row_per_period_is_the_grain(question: str, grain: str) -> None:
    query = query_of(MODEL, question)
    assert query["dimensions"] == [{"name": "metric_time", "grain": grain}]


def test_a_row_per_group_is_the_breakdown() -> None:
    assert dimension_names(query_of(MODEL, "AOV last month, one row per region")) == ["customer.region"]


@pytest.mark.parametrize(
    ("question", "dates"),
    [
        ("orders in calendar 2024", ("2024-01-01", "2024-12-31")),
        ("complaints for calendar year 2025 by channel", ("2025-01-01", "2025-12-31")),
        ("revenue since 2026-11-20 (inclusive)", ("2026-11-20", "2026-12-04")),
        ("tickets since 2026-09-01, inclusive", ("2026-09-01", "2026-12-04")),
    ],
)
def test_calendar_and_inclusive_beside_a_period(question: str, dates: tuple[str, str]) -> None:
    assert dates_of(query_of(MODEL, question)) == dates


def test_all_rows_regardless_of_their_kind_has_no_condition() -> None:
    query = query_of(MODEL, "every survey response last quarter regardless of type")
    assert query["metrics"] == ["survey_responses"] and "filters" not in query


def test_single_after_a_superlative_is_each_row() -> None:
    query = query_of(MODEL, "the 5 largest single orders of last month")
    assert query["kind"] == "records" and query["limit"] == 5


@pytest.mark.parametrize(
    "question",
    [
        "customers with a single order",  # a count of one, not layout
        "revenue by month, calendar",  # 'calendar' with no period after it
    ],
)
def test_near_misses_of_layout_words_stay_asked_back(question: str) -> None:
    asked_back(MODEL, question)


# ---------------------------------------------------------------- names said short or in another order


@pytest.mark.parametrize(
    ("question", "metric", "breakdown"),
    [
        ("ret rate by chan last month", "return_rate", "order.channel"),
        ("orders by cat this year", "orders", "order.category"),
        ("within-3h first response rate by priority this quarter", "responded_within_3h_rate", "ticket.priority"),
    ],
)
def test_truncated_and_reordered_names(question: str, metric: str, breakdown: str) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == [metric] and dimension_names(query) == [breakdown]


# ---------------------------------------------------------------- a term defined right after it


@pytest.mark.parametrize(
    "question",
    [
        "铁粉：2023年注册的那批客户，上个月的订单数是多少",
        "帮我看看铁粉的表现：2023年注册的那批客户，上个月下了多少单",
        "the loyalists: customers who signed up in 2023 -- how many orders last month?",
    ],
)
def test_a_term_defined_after_a_colon_is_the_population_it_defines(question: str) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == ["orders"]
    assert ("customer.signup_date", "between", ["2023-01-01", "2023-12-31"]) in filters_of(query)
    assert dates_of(query) == ("2026-11-01", "2026-11-30")


@pytest.mark.parametrize(
    "question",
    [
        "铁粉：上个月的订单数",  # no population after the colon: the term is still unknown
        "铁粉的订单数，上个月",
    ],
)
def test_near_miss_a_term_with_no_definition_is_asked_back(question: str) -> None:
    assert "铁粉" in asked_back(MODEL, question)


# 'excl.' and 'incl.': the abbreviations of a list or an invoice (read after scoring blind set 20)
@pytest.mark.parametrize(
    ("question", "field", "value"),
    [
        ("revenue in October excl. home", "order.category", "home"),
        ("orders last month excl cancelled ones", "order.status", "cancelled"),
    ],
)
def test_excl_is_excluding(question: str, field: str, value: str) -> None:
    assert (field, "!=", [value]) in filters_of(query_of(MODEL, question))


def test_incl_is_including() -> None:
    assert "completed" in asked_back(MODEL, "revenue last month incl. returned orders")


def test_a_word_starting_with_the_letters_is_no_abbreviation() -> None:
    assert "exclusive" in asked_back(MODEL, "revenue from exclusive deals last month")
