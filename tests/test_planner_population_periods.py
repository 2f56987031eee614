"""Planner round 4 (blind set 4 causes), tested with phrasings NOT in the blind sets, in English and Chinese:
- a population with its own period and an activity with another ('orders this quarter from customers who signed
  up in 2025'): a date filter on the population's entry date plus the activity's time range; a period the query
  cannot use is asked back, never dropped;
- 'how many times' counts events, not the distinct people behind them;
- a share the model has no rate for is asked back even when the question names several counts;
- everyday theme questions ('都写了啥', '涉及哪些方面', 'summarize what respondents mentioned');
- a value that is a dated population ('customers we lost in 2025') dates that population.
The two-period query is also executed and checked against an independent SQL count."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest

from semantic_layer import compile_query, load_model
from tests.conftest import AS_OF as WAREHOUSE_AS_OF
from tests.planner_cases import AS_OF, plan, query_of


@pytest.fixture(scope="module")
def model() -> Any:
    return load_model(as_of=AS_OF)


# -- 1. two periods: who (the population's entry date) and when (the activity) -----------------------------


@pytest.mark.parametrize(
    ("question", "metric", "population", "activity"),
    [
        (
            "how many orders did customers who signed up in 2025 place this quarter",
            "orders",
            ["2025-01-01", "2025-12-31"],
            ("2026-10-01", "2026-12-04"),
        ),
        (
            "revenue last month from customers who joined in Q1 2026",
            "revenue",
            ["2026-01-01", "2026-03-31"],
            ("2026-11-01", "2026-11-30"),
        ),
        ("2024年注册的客户最近90天的订单数", "orders", ["2024-01-01", "2024-12-31"], ("2026-09-06", "2026-12-04")),
        # round 11 (p14a, new_populations.py): new customers of 2025 are the population; asked back before
        ("2025年新注册客户在本季度的订单数", "orders", ["2025-01-01", "2025-12-31"], ("2026-10-01", "2026-12-04")),
    ],
)
def test_population_period_and_activity_period_are_both_used(
    model: Any, question: str, metric: str, population: list[str], activity: tuple[str, str]
) -> None:
    got = query_of(model, question)
    assert got["metrics"] == [metric]
    assert {"field": "customer.signup_date", "op": "between", "values": population} in got["filters"]
    assert (got["time_range"]["start"], got["time_range"]["end"]) == activity
    assert "field" not in got["time_range"]  # the metric's own date


@pytest.mark.parametrize(
    "question",
    [
        "orders in 2024 and this month",
        "2024年的收入和本月的订单",
        "revenue yesterday and this month",
    ],
)
def test_a_period_the_query_cannot_use_is_asked_back_naming_both(model: Any, question: str) -> None:
    result = plan(model, question)
    assert result.status == "clarify" and result.query is None
    assert result.clarification is not None
    found = [t for t in ("2024", "2025", "yesterday", "this month", "本月", "本季度") if t in result.clarification]
    assert len(found) == 2, result.clarification


@pytest.mark.parametrize("question", ["revenue this year as of today", "截至今天今年的收入"])
def test_a_day_that_ends_the_period_states_its_end(model: Any, question: str) -> None:
    got = query_of(model, question)
    assert (got["time_range"]["start"], got["time_range"]["end"]) == ("2026-01-01", "2026-12-04")


def test_two_periods_compared_are_still_a_comparison(model: Any) -> None:
    got = query_of(model, "revenue this month vs last month")
    assert got["compare"] == {"previous_period": True, "whole_previous": True}  # all of last month (round 11)


def test_two_period_query_matches_an_independent_count(demo_warehouse_path: Path, tmp_path: Path) -> None:
    copy = tmp_path / "demo.duckdb"  # its own file: the session's engine holds the original in another mode
    copy.write_bytes(demo_warehouse_path.read_bytes())
    model = load_model(as_of=WAREHOUSE_AS_OF)
    result = plan(
        model, "how many orders did customers who signed up in 2025 place this quarter", as_of=WAREHOUSE_AS_OF
    )
    assert result.status == "ok" and result.query is not None
    compiled = compile_query(model, result.query, as_of=WAREHOUSE_AS_OF)
    independent = (
        "SELECT count(*) FROM orders o JOIN customers c USING (customer_id) WHERE c.signup_date >= '2025-01-01' "
        "AND c.signup_date < '2026-01-01' AND o.ordered_at >= '2026-10-01' AND o.ordered_at < '2026-11-23'"
    )
    with duckdb.connect(str(copy), read_only=True) as con:
        got = con.execute(compiled.sql).fetchone()
        expected = con.execute(independent).fetchone()
    assert got is not None and expected is not None
    assert expected[0] > 0
    assert got[0] == expected[0]


# -- 2. 'how many times': events, not distinct people --------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "metric"),
    [
        ("how many times did members complain last quarter", "complaints"),
        ("高价值客户上个月一共投诉了几次", "complaints"),
        ("how many customers complained last quarter", "complaining_customers"),
        ("上个月有多少客户投诉过", "complaining_customers"),
    ],
)
def test_times_count_events_and_people_count_people(model: Any, question: str, metric: str) -> None:
    assert query_of(model, question)["metrics"] == [metric]


def test_population_dated_events_over_all_time(model: Any) -> None:
    got = query_of(model, "上季度流失的客户一共投诉过几次")
    assert got["metrics"] == ["complaints"]
    assert got["time_range"]["field"] == "customer.churn_date"


# -- 3. shares without a rate in the model ------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    ["what percentage of last month's tickets were complaints?", "上个月的工单里投诉占多大比例"],
)
def test_share_without_a_rate_is_a_share_of_the_total(model: Any, question: str) -> None:
    """Was asked back; now the complaints' share of all tickets of the period (`share`, p-known cause 1)."""
    query = query_of(model, question)
    assert query["metrics"] == ["tickets"] and query["time_range"]["start"] == "2026-11-01"
    assert query["share"] == {"filters": [{"field": "ticket.is_complaint", "op": "=", "values": [True]}]}


# -- 4. everyday theme questions ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "text_field"),
    [
        ("会员们在问卷里都写了啥", "survey_comment"),
        ("summarize what respondents mentioned in comments this quarter", "survey_comment"),
        ("流失客户的投诉涉及哪些方面", "complaint_text"),
        ("高价值客户的投诉集中在哪几个方面", "complaint_text"),
    ],
)
def test_everyday_theme_questions(model: Any, question: str, text_field: str) -> None:
    got = query_of(model, question)
    assert got["kind"] == "themes" and got["text_field"] == text_field


def test_a_value_that_is_a_dated_population_dates_it(model: Any) -> None:
    got = query_of(model, "what were customers we lost in 2025 unhappy about")
    assert got["kind"] == "themes"
    assert got["time_range"]["field"] == "customer.churn_date"
    assert (got["time_range"]["start"], got["time_range"]["end"]) == ("2025-01-01", "2025-12-31")


# -- 5. 'how many different/distinct/unique X': a count of X, else asked back --------------------------------


@pytest.mark.parametrize(
    ("question", "metric"),
    [
        ("how many distinct customers complained in October", "complaining_customers"),
        ("number of unique customers who are members", "customers"),
    ],
)
def test_distinct_count_of_the_named_entity(model: Any, question: str, metric: str) -> None:
    assert query_of(model, question)["metrics"] == [metric]


def test_distinct_members_who_placed_orders_are_members_with_orders(model: Any) -> None:
    """Was asked back; 'how many <A> <verb> <B>' now counts A's rows with B rows (p-known cause 5)."""
    query = query_of(model, "how many unique members placed orders last week")
    assert query["metrics"] == ["customers"] and query["segments"] == ["members"]
    assert query["filters"] == [{"field": "order.order_id", "op": "is_not_null"}]
    assert query["time_range"]["field"] == "order.ordered_at"


@pytest.mark.parametrize("question", ["how many distinct customers filed a complaint"])
def test_distinct_count_the_model_cannot_express_is_asked_back(model: Any, question: str) -> None:
    """Was asked back; since round 7 the customers having a complaint are counted, each once (p9-en-shapes)."""
    query = query_of(model, question)
    assert query["metrics"] in (["customers"], ["complaining_customers"])
    assert query["metrics"] == ["complaining_customers"] or query["filters"] == [
        {"field": "ticket.is_complaint", "op": "=", "values": [True]}
    ]
