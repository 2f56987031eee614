"""Round 8 follow-ups and comparisons of periods (p11fu): a restricting follow-up names whose rows, not a column; the
negated population alone replaces the previous one; 'only <a count>' after an average restricts the average; a share
'of them' after a count is a share of that count. Each cause with paraphrases in English and Chinese and near-misses
that must not change."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from assistant.contracts import Turn
from assistant.pipeline import final_answer, run_question
from assistant.planner import plan_question
from assistant.runtime import Runtime
from assistant.settings import Settings
from semantic_layer import load_model
from tests.planner_cases import AS_OF, history_of, query_of

MODEL = load_model()


def _after(question: str, *earlier: str) -> dict[str, Any]:
    return query_of(MODEL, question, history_of(MODEL, *earlier))


def _said(part: dict[str, Any]) -> dict[str, Any]:
    """A query part without its empty defaults."""
    return {key: value for key, value in part.items() if value}


# --- a restricting follow-up names whose rows, not a column ----------------------------------------------------


@pytest.mark.parametrize(
    ("earlier", "question"),
    [
        (
            ("tickets by channel this month", "only the urgent ones"),
            "and of these, just those from customers who churned",
        ),
        (("complaints by category",), "among them, only those from customers who have since churned"),
        (("orders by region last month",), "of those, only the ones from customers who are members"),
    ],
)
def test_an_entity_noun_of_a_restriction_adds_no_column(earlier: tuple[str, ...], question: str) -> None:
    before = _after(earlier[-1], *earlier[:-1]) if len(earlier) > 1 else query_of(MODEL, earlier[0])
    query = _after(question, *earlier)
    assert query["dimensions"] == before["dimensions"]
    assert query.get("segments")


def test_a_column_asked_for_the_shown_rows_is_still_added() -> None:
    query = _after("and their tier?", "top 10 customers by revenue")
    assert {"name": "customer.tier"} in query["dimensions"] and query["limit"] == 10


# --- the negated population alone replaces the previous one -----------------------------------------------------


@pytest.mark.parametrize(
    ("earlier", "question"),
    [
        ("average order value of members this year", "and non-members?"),
        ("average order value of members this year", "non-members?"),
        ("how many orders did members place last month", "just the non-members"),
        ("会员今年的订单数", "非会员呢"),
        ("会员上个月的销售额", "只看非会员"),
    ],
)
def test_the_negated_population_alone_replaces_the_previous_one(earlier: str, question: str) -> None:
    query = _after(question, earlier)
    assert "members" not in query.get("segments", [])
    assert {"field": "customer.is_member", "op": "=", "values": [False]} in query["filters"]
    assert not query.get("dimensions")


@pytest.mark.parametrize(
    ("earlier", "question"),
    [
        ("revenue from members", "compare with non-members"),
        ("revenue from members", "members and non-members"),
        ("会员的订单数", "也看看非会员"),
    ],
)
def test_both_sides_asked_are_a_breakdown_by_the_flag(earlier: str, question: str) -> None:
    query = _after(question, earlier)
    assert {"name": "customer.is_member"} in query["dimensions"]
    assert all(f["field"] != "customer.is_member" for f in query.get("filters", []))


# --- 'only <a count>' after an average or rate restricts the measure --------------------------------------------

COMPLAINT = {"field": "ticket.is_complaint", "op": "=", "values": [True]}


@pytest.mark.parametrize(
    ("earlier", "question", "metric"),
    [
        ("average resolution time by priority", "only complaints", "avg_resolution_hours"),
        ("how long do tickets take to resolve, by channel", "just the complaints please", "avg_resolution_hours"),
        ("average first response time last month", "only the complaints", "avg_first_response_hours"),
        ("3-hour response rate by channel", "only complaints", "responded_within_3h_rate"),
        ("各优先级的平均解决时长", "只看投诉", "avg_resolution_hours"),
        ("上个月的平均首次响应时长", "仅看投诉", "avg_first_response_hours"),
    ],
)
def test_only_a_count_after_a_measure_restricts_the_measure(earlier: str, question: str, metric: str) -> None:
    before = query_of(MODEL, earlier)
    query = _after(question, earlier)
    assert query["metrics"] == [metric]
    assert COMPLAINT in query["filters"]
    assert query.get("dimensions", []) == before.get("dimensions", [])


@pytest.mark.parametrize(
    ("earlier", "question"),
    [
        ("tickets by priority", "only complaints"),  # a plain count of the same rows: the count of complaints
        ("average resolution time by priority", "what about complaints?"),  # no 'only': another measure
        ("各优先级的平均解决时长", "投诉数呢"),
    ],
)
def test_a_count_named_without_restricting_replaces_the_measure(earlier: str, question: str) -> None:
    assert _after(question, earlier)["metrics"] == ["complaints"]


# --- a share 'of them' after a count is a share of that count ---------------------------------------------------


@pytest.mark.parametrize(
    ("earlier", "question", "part"),
    [
        ("how many customers churned last month", "what share of them are members", {"segments": ["members"]}),
        ("流失客户有多少", "其中会员占多少比例", {"segments": ["members"]}),
        ("how many complaints came in last month", "what percentage of those were high priority?",
         {"filters": [{"field": "ticket.priority", "op": "=", "values": ["high"]}]}),
        ("上个月有多少投诉", "其中高优先级的占比", {"filters": [{"field": "ticket.priority", "op": "=", "values": ["high"]}]}),
    ],
)  # fmt: skip
def test_a_share_of_them_after_a_count_is_a_share_of_the_count(
    earlier: str, question: str, part: dict[str, Any]
) -> None:
    before = query_of(MODEL, earlier)
    query = _after(question, earlier)
    assert query["metrics"] == before["metrics"] and query.get("segments") == before.get("segments")
    assert _said(query["share"]) == part
    assert query.get("time_range") == before.get("time_range")


def test_a_share_of_them_that_a_rate_says_stays_the_rate() -> None:
    assert _after("what % of them were returned", "how many orders this year")["metrics"] == ["return_rate"]


@pytest.fixture(scope="module")
def runtime(tmp_path_factory: pytest.TempPathFactory, demo_warehouse_path: Path) -> Runtime:
    folder = tmp_path_factory.mktemp("round8")
    return Runtime(Settings(warehouse=demo_warehouse_path, as_of=date(2026, 11, 22), llm="offline",
                            audit_log=folder / "audit.jsonl", feedback_log=folder / "feedback.jsonl"))  # fmt: skip


def _conversation(runtime: Runtime, *questions: str) -> Any:
    history: list[Turn] = []
    answer = None
    for question in questions:
        answer = final_answer(run_question(runtime, question, history))
        history.append(Turn(question=question, query=answer.plan.query if answer.plan else None))
    return answer


def test_a_share_of_the_counted_customers_is_answered_as_a_percent(runtime: Runtime) -> None:
    answer = _conversation(runtime, "how many churned customers", "what share of them are members")
    assert answer.status == "answered" and answer.plan.query.share is not None
    assert answer.plan.query.metrics == ["churned_customers"]


# --- 'the same <period> a year earlier' set against the question's own period is a year-over-year comparison -----

YOY = {"previous_period": True, "year_over_year": True}


@pytest.mark.parametrize(
    ("question", "start"),
    [
        ("how did orders last quarter compare with the same quarter a year earlier", "2026-07-01"),
        ("NPS in October vs the same month last year", "2026-10-01"),
        ("revenue this quarter compared to the same quarter of the previous year", "2026-10-01"),
        ("上个月的投诉数同比去年同月变化多少", "2026-11-01"),
        ("本季度的新增客户和去年同季度相比怎么样", "2026-10-01"),
    ],
)
def test_the_same_period_a_year_earlier_compares_year_over_year(question: str, start: str) -> None:
    query = query_of(MODEL, question)
    assert _said(query["compare"]) == YOY
    assert query["time_range"]["start"] == start  # the question's own period, compared with a year before


@pytest.mark.parametrize(
    ("earlier", "question"),
    [
        ("revenue last quarter", "and the same quarter a year earlier?"),  # moves the period, compares nothing
        ("上个月的订单数", "那去年同月呢"),
    ],
)
def test_a_year_back_follow_up_without_a_comparison_moves_the_period(earlier: str, question: str) -> None:
    before = query_of(MODEL, earlier)
    query = _after(question, earlier)
    assert "compare" not in query
    year, rest = before["time_range"]["start"].split("-", 1)
    assert query["time_range"]["start"] == f"{int(year) - 1}-{rest}"


# --- 'the one before that' after the period compared: the period right before ------------------------------------


@pytest.mark.parametrize(
    "question",
    ["上个月的订单数跟再前一个月比怎么样", "上季度的NPS和再往前一个季度比，涨了还是跌了", "上周投诉量跟再上一周比"],
)
def test_the_period_before_that_is_the_previous_period(question: str) -> None:
    query = query_of(MODEL, question)
    assert _said(query["compare"]) == {"previous_period": True}


# --- 'which month of 2025' ranks the months of the period named after 'of' -------------------------------------


@pytest.mark.parametrize(
    ("question", "grain", "year"),
    [
        ("which month of 2025 brought in the most revenue", "month", "2025"),
        ("what quarter of 2025 had the lowest NPS", "quarter", "2025"),
        ("which month of this year had the most new customers", "month", "2026"),
    ],
)
def test_which_period_of_a_named_period_ranks_that_grain(question: str, grain: str, year: str) -> None:
    query = query_of(MODEL, question)
    assert query["dimensions"] == [{"name": "metric_time", "grain": grain}]
    assert query["limit"] == 1 and query["time_range"]["start"].startswith(year)


def test_which_day_of_the_week_is_no_ranking_of_dates() -> None:
    planned = plan_question("which day of the week has the most orders", [], MODEL, AS_OF, "en")
    assert planned.query is None or {"name": "metric_time", "grain": "day"} not in planned.query.dimensions


# --- a drill-down into one group ('具体到城市', 'drill down to city') and a change of period that keeps it ---------

CITY = [{"name": "customer.city"}]


@pytest.mark.parametrize(
    ("earlier", "question", "region"),
    [
        ("这个季度各大区的订单数", "华东具体到城市看一下", "East"),
        ("各大区的销售额", "把华北细分到城市", "North"),
        ("revenue by region this year", "drill down to city for East China", "East"),
        ("new customers by region last month", "drill into North China down to the city", "North"),
    ],
)
def test_a_drill_down_breaks_one_group_down_by_the_finer_field(earlier: str, question: str, region: str) -> None:
    query = _after(question, earlier)
    assert query["dimensions"] == CITY
    assert {"field": "customer.region", "op": "=", "values": [region]} in query["filters"]


@pytest.mark.parametrize(
    ("earlier", "question"),
    [
        (("这个季度各大区的订单数", "华东具体到城市看一下"), "换成上季度"),
        (("revenue by region this year", "drill down to city for East China"), "same for last year"),
    ],
)
def test_a_change_of_period_keeps_the_drill_down(earlier: tuple[str, ...], question: str) -> None:
    query = _after(question, *earlier)
    assert query["dimensions"] == CITY
    assert any(f["field"] == "customer.region" for f in query["filters"])


# --- a yes/no comparative about one population, with no comparator, compares it with the rest -------------------


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ("do members order more often?", "customer.is_member"),
        ("is NPS any higher among members?", "customer.is_member"),
        ("do urgent tickets take less time to resolve?", "ticket.priority"),
        ("会员的客单价更高吗", "customer.is_member"),
        ("高优先级的工单是不是解决得更快", "ticket.priority"),
    ],
)
def test_a_comparative_about_one_population_compares_it_with_the_rest(question: str, field: str) -> None:
    query = query_of(MODEL, question)
    assert query["dimensions"] == [{"name": field}]
    assert not query.get("segments") and all(f["field"] != field for f in query.get("filters", []))


@pytest.mark.parametrize(
    "question",
    [
        "how much do members spend",  # no comparative: the population's figure
        "do members spend more than 500 yuan per order",  # a comparator
        "which priority gets resolved faster",  # a breakdown of its own
    ],
)
def test_a_population_without_an_open_comparative_is_not_split(question: str) -> None:
    planned = plan_question(question, [], MODEL, AS_OF, "en")
    if planned.query is not None:
        assert planned.query.dimensions != [] or planned.query.segments or planned.query.filters


def test_a_comparative_after_a_kept_population_does_not_split_it() -> None:
    query = _after("is it higher this year?", "revenue from members last year")
    assert query.get("segments") == ["members"] and not query.get("dimensions")
