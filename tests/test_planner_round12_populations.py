"""Who is counted (round 12, p15e), tested with phrasings of my own: the reasons a population's field records
(recorded_reasons.py: a head count per churn reason, not the themes of their texts), '#1' as a top one, '占多少人' as a
count of people, a population counted by its Chinese verb beside a rate asked apart, the values said before the noun a
count counts ('how many win-back messages … to churned customers' counts messages), and '啥问题' as a themes question.
Near-misses keep their earlier reading."""

from __future__ import annotations

import pytest

from semantic_layer import load_model
from tests.planner_cases import dates_of, dimension_names, filters_of, plan, query_of

MODEL = load_model()

REASON = "customer.churn_reason"


def _churned(query: dict[str, object]) -> bool:
    """The population is the churned customers: their count, the segment or the status the segment stands for."""
    named = [*query.get("segments", []), *query["metrics"]]  # type: ignore[misc]
    return "churned_customers" in named or ("customer.status", "=", ["churned"]) in filters_of(query)


# --- the reasons a population's own field records -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "limit"),
    [
        ("which three reasons did lost customers give most often this year?", None),
        ("the 3 most common reasons our churned members left, this year", 3),
        ("what were the two biggest reasons high-value customers left us in 2025?", 2),
        ("for customers who churned last quarter, what was the #1 reason?", 1),
        ("among the customers we lost in 2025, what was the number one reason they left?", 1),
    ],
)
def test_reasons_of_a_population_are_counted_per_recorded_reason(question: str, limit: int | None) -> None:
    query = query_of(MODEL, question)
    assert query.get("kind", "metrics") == "metrics"
    assert dimension_names(query) == [REASON]
    assert _churned(query)
    assert query.get("text_field") is None
    if limit is not None:
        assert query.get("limit") == limit


@pytest.mark.parametrize(
    "question",
    [
        "上个月流失的客户，各流失原因分别占多少人",
        "今年流失的那些客户里，流失原因分别占了多少人？",
        "去年流失的客户按流失原因分别有多少人",
    ],
)
def test_chinese_head_counts_per_churn_reason(question: str) -> None:
    query = query_of(MODEL, question)
    assert dimension_names(query) == [REASON]
    assert _churned(query)
    assert all(m in ("customers", "churned_customers") for m in query["metrics"])  # a count, never the churn rate


def test_the_churn_period_dates_the_population_counted_per_reason() -> None:
    query = query_of(MODEL, "for the customers we lost in 2025, what was the main reason they left?")
    assert dates_of(query) == ("2025-01-01", "2025-12-31")
    assert query["time_range"].get("field") in (None, "customer.churn_date")


@pytest.mark.parametrize(
    "question",
    [
        "what did churned customers complain about most this year?",  # texts named: their themes
        "上季度流失客户投诉的主要原因是什么",
    ],
)
def test_reasons_said_of_texts_stay_themes(question: str) -> None:
    assert query_of(MODEL, question)["kind"] == "themes"


def test_a_value_of_the_reason_stays_a_filter() -> None:
    query = query_of(MODEL, "how many customers left because of price in 2025?")
    assert (REASON, "=", ["price"]) in filters_of(query)
    assert REASON not in dimension_names(query)


# --- '占多少' is a share, '占多少人' a count of people ----------------------------------------------------------------


def test_a_share_without_people_is_still_a_share() -> None:
    query = query_of(MODEL, "上个月流失的客户里，会员占多少")
    assert query.get("share") is not None


def test_a_share_said_in_people_is_a_count() -> None:
    query = query_of(MODEL, "上个月流失的客户里，会员占多少人")
    assert query.get("share") is None
    assert "members" in query.get("segments", [])


# --- a population counted by its verb, with a rate asked apart -------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "今年流失了多少客户？流失率是多少？",
        "上季度流失了多少人？流失率又是多少",
        "2025年流失客户有多少？流失率呢？",
    ],
)
def test_chinese_count_and_rate_are_both_answered(question: str) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == ["churned_customers", "churn_rate"]
    assert "churned_customers" not in query.get("segments", [])  # never the churn rate of the churned


def test_the_count_alone_stays_one_measure() -> None:
    assert query_of(MODEL, "今年流失了多少客户")["metrics"] == ["churned_customers"]


# --- values said before the noun a count counts ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "value"),
    [
        (
            "how many winback messages did the customers who churned in October get?",
            ("touch.campaign", "=", ["winback"]),
        ),
        ("how many email messages went to churned customers in 2025?", ("touch.channel", "=", ["email"])),
    ],
)
def test_values_before_the_counted_noun_belong_to_it(question: str, value: tuple[str, str, list[str]]) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == ["touches_sent"]
    assert "churned_customers" in query.get("segments", [])
    assert value in filters_of(query)


def test_the_churn_month_dates_the_population_not_the_messages() -> None:
    query = query_of(MODEL, "how many win-back messages did we send to the customers who churned in October?")
    assert query["metrics"] == ["touches_sent"]
    assert query["time_range"].get("field") == "customer.churn_date"
    assert dates_of(query) == ("2026-10-01", "2026-10-31")


# --- '啥问题' asks for themes ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    ["今年流失的客户投诉的都是些啥问题", "沉默客户最近三个月投诉了啥样的问题", "上个月会员投诉的是哪类问题"],
)
def test_what_kind_of_problems_is_a_themes_question(question: str) -> None:
    result = plan(MODEL, question)
    assert result.status == "ok"
    assert result.query is not None and result.query.kind == "themes"


# --- a share of the rows of a conditioned count: the flag said after it is the part ----------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "in October, what share of the messages that got delivered were then opened?",
        "of the sms that were delivered in 2025, what percentage got opened?",
    ],
)
def test_a_flag_after_a_conditioned_count_is_the_part_of_its_share(question: str) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == ["delivered_touches"]
    assert query["share"]["filters"] == [{"field": "touch.opened", "op": "=", "values": [True]}]


def test_a_flag_before_the_count_is_still_the_whole() -> None:
    query = query_of(MODEL, "what share of opened messages converted in October?")
    assert query["metrics"] == ["conversion_rate"]
    assert ("touch.opened", "=", [True]) in filters_of(query)
