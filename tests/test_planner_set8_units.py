"""Causes of blind set 8 (planner helper 'shapes'): the unit of a count (people or rows), who spends, parts of a
period with fixed days, Chinese idioms and words for the model's concepts. Phrased unlike set 8, both languages,
with near-misses that must be asked back or declined."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from assistant.planner import grounding
from semantic_layer import load_model
from semantic_layer.errors import TimeExpressionError
from semantic_layer.time_phrases import find_time_phrases
from tests.planner_cases import AS_OF, plan, query_of


@pytest.fixture(scope="module")
def model() -> Any:
    return load_model()


def _dims(query: dict[str, Any]) -> list[str]:
    return [d["name"] for d in query.get("dimensions", [])]


# ------------------------------------------------------------------------------------------ the unit of a count


@pytest.mark.parametrize(
    "question",
    [
        "上周有多少人投诉",
        "这个月有几个顾客投诉了",
        "how many people filed a complaint in October?",
        "number of distinct customers who complained last quarter",
        "今年一共有多少位客户投诉",
        "last month's complaints - how many customers is that? headcount, not tickets",
    ],
)
def test_people_asked_over_complaints_count_distinct_people(model: Any, question: str) -> None:
    result = plan(model, question)
    assert grounding.unbacked(result.query, result.interpretation) == []
    query = query_of(model, question)
    assert query["metrics"] == ["complaining_customers"]
    assert not any(f["field"] == "ticket.is_complaint" for f in query.get("filters", []))


@pytest.mark.parametrize(
    "question",
    [
        "上个季度投诉的客户有多少，按人算，别算投诉次数",
        "2025年投诉过的客户数，去重，不要按件数",
        "customers who complained in Q3: count customers, not complaints",
    ],
)
def test_what_not_to_count_is_the_unit_not_a_filter(model: Any, question: str) -> None:
    query = query_of(model, question)
    assert query["metrics"] == ["complaining_customers"]
    assert all(f.get("values") != [False] for f in query.get("filters", []))


@pytest.mark.parametrize(
    ("question", "metric"),
    [
        ("今年投诉按次数算有多少，不是人数", "complaints"),
        ("上个月投诉了多少次", "complaints"),
        ("how many complaints came in last week", "complaints"),
        ("上个月流失的客户有多少投诉", "complaints"),
        ("北京的客户有多少订单", "orders"),
    ],
)
def test_rows_asked_stay_rows(model: Any, question: str, metric: str) -> None:
    assert query_of(model, question)["metrics"] == [metric]


@pytest.mark.parametrize(
    "question",
    [
        "哪3个客户今年投诉得最多？各自投诉了几次",
        "which 5 customers complained the most this year",
        "who complained most often last year",
        "投诉最多的前3位客户，分别投诉了多少次",
    ],
)
def test_people_ranked_by_their_complaints(model: Any, question: str) -> None:
    query = query_of(model, question)
    assert query["metrics"] == ["complaints"] and _dims(query) == ["customer.customer_id"]
    assert [o["field"] for o in query["order_by"]] == ["complaints"]
    assert not query.get("filters")


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ("how many people placed an order last month", "order.ordered_at"),
        ("上个月下单的有多少人", "order.ordered_at"),
        ("how many customers sent in a survey response this year", "survey.responded_at"),
        ("how many people returned an order in Q3", "order.ordered_at"),
    ],
)
def test_people_over_rows_without_a_distinct_measure_count_people_with_rows(
    model: Any, question: str, field: str
) -> None:
    result = plan(model, question)
    query = query_of(model, question)
    assert query["metrics"] == ["customers"] and query["time_range"]["field"] == field
    assert query["filters"], query
    assert grounding.unbacked(result.query, result.interpretation) == []


def test_people_of_open_tickets_keep_the_condition(model: Any) -> None:
    query = query_of(model, "有多少人有未解决的工单")
    assert query["metrics"] == ["customers"]
    assert {"field": "ticket.status", "op": "=", "values": ["open"]} in query["filters"]


@pytest.mark.parametrize(
    ("question", "metric"),
    [
        ("流失了多少人", "churned_customers"),
        ("how many people churned in Q3", "churned_customers"),
        ("今年新注册了多少人", "new_customers"),
    ],
)
def test_people_counts_of_people_are_unchanged(model: Any, question: str, metric: str) -> None:
    """The population's own count, or the count of customers in that population (the same number)."""
    query = query_of(model, question)
    assert query["metrics"] == [metric] or (query["metrics"] == ["customers"] and query["segments"] == [metric])


# ---------------------------------------------------------------------------------------------- who spends


@pytest.mark.parametrize(
    "question",
    [
        "how much did we spend last month",
        "how much have we spent this quarter?",
        "我们上个月一共花了多少钱",
        "上个月我们在推送上花了多少钱",
        "我们上个月花费了多少钱",
    ],
)
def test_our_spending_is_declined(model: Any, question: str) -> None:
    assert plan(model, question).status == "unsupported"


@pytest.mark.parametrize(
    "question",
    [
        "上个月投放一共花了多少钱",
        "今年采购花了多少钱",
        "上个月一共花了多少钱",
        "how much was spent last week?",
    ],
)
def test_an_unnamed_spender_is_asked_back(model: Any, question: str) -> None:
    assert plan(model, question).status == "clarify"


@pytest.mark.parametrize(
    "question",
    [
        "how much did customers spend last month",
        "会员上个月花了多少钱",
        "北京的客户上个月花了多少钱",
        "how much did our customers spend in Q3",
        "我们的会员今年花了多少钱",
        "who were our top 3 customers by spend last year?",
        "total spend by region last month",
        "客户上个月花费了多少",
        "消费最多的5个客户是谁，他们各花了多少钱",
    ],
)
def test_customers_spending_is_revenue(model: Any, question: str) -> None:
    assert query_of(model, question)["metrics"] == ["revenue"]


# ------------------------------------------------------------------------------- parts of a period, fixed days

AS = date(2026, 12, 4)


@pytest.mark.parametrize(
    ("phrase", "start", "end"),
    [
        ("今年前三季度", "2026-01-01", "2026-09-30"),
        ("前三季度", "2026-01-01", "2026-09-30"),
        ("2025年前两个月", "2025-01-01", "2025-02-28"),
        ("去年后两个季度", "2025-07-01", "2025-12-31"),
        ("11月上旬", "2026-11-01", "2026-11-10"),
        ("上个月下旬", "2026-11-21", "2026-11-30"),
        ("10月下半月", "2026-10-16", "2026-10-31"),
        ("2026年2月上半月", "2026-02-01", "2026-02-15"),
        ("上个月前10天", "2026-11-01", "2026-11-10"),
        ("the first half of this year", "2026-01-01", "2026-06-30"),
        ("the back half of 2025", "2025-07-01", "2025-12-31"),
        ("the first half of the year", "2026-01-01", "2026-06-30"),
        ("the first 10 days of November", "2026-11-01", "2026-11-10"),
        ("the last two months of 2025", "2025-11-01", "2025-12-31"),
        ("first two weeks of last month", "2026-11-01", "2026-11-14"),
        ("the first quarter of this year", "2026-01-01", "2026-03-31"),
        ("今年1-3季度", "2026-01-01", "2026-09-30"),
        ("去年二到四季度", "2025-04-01", "2025-12-31"),
        ("今年头两个月", "2026-01-01", "2026-02-28"),
        ("the final quarter of 2025", "2025-10-01", "2025-12-31"),
    ],
)
def test_parts_of_a_period(phrase: str, start: str, end: str) -> None:
    found = find_time_phrases(phrase, AS)
    assert len(found) == 1 and (found[0].start.isoformat(), found[0].end.isoformat()) == (start, end)


def test_a_yearless_period_joined_to_a_dated_one_takes_its_year() -> None:
    _, second = find_time_phrases("去年上半年和下半年", AS)
    assert (second.start, second.end) == (date(2025, 7, 1), date(2025, 12, 31)) and not second.year_inferred
    _, second = find_time_phrases("March 2025 vs April", AS)
    assert (second.start, second.end) == (date(2025, 4, 1), date(2025, 4, 30))


def test_last_year_quarters_as_of_midyear() -> None:
    found = find_time_phrases("前三季度", date(2026, 6, 1))
    assert (found[0].start, found[0].end) == (date(2025, 1, 1), date(2025, 9, 30))


@pytest.mark.parametrize("phrase", ["今年前5个季度", "the first half of November", "the first 40 days of March 2026"])
def test_parts_without_fixed_days_or_too_long_are_asked_back(phrase: str) -> None:
    with pytest.raises(TimeExpressionError):
        find_time_phrases(phrase, AS)


def test_first_days_of_a_month_are_a_period_not_a_row_limit(model: Any) -> None:
    query = query_of(model, "how many orders came in during the first 10 days of November?")
    assert query["metrics"] == ["orders"] and "limit" not in query
    assert query["time_range"]["start"] == "2026-11-01" and query["time_range"]["end"] == "2026-11-10"


def test_first_quarters_of_this_year_are_one_range(model: Any) -> None:
    query = query_of(model, "今年前两个季度的退货率")
    assert (query["time_range"]["start"], query["time_range"]["end"]) == ("2026-01-01", "2026-06-30")


# ------------------------------------------------------------------------- Chinese idioms and the model's words


@pytest.mark.parametrize(
    "question", ["今年跑了多少客户", "去年跑掉了多少会员", "上个季度走掉了多少客户", "上个月流失掉多少客户"]
)
def test_churn_idioms(model: Any, question: str) -> None:
    assert query_of(model, question)["metrics"] == ["churned_customers"]


def test_churn_idiom_with_a_breakdown(model: Any) -> None:
    query = query_of(model, "最近半年跑了多少人，按流失原因拆一下")
    assert query["metrics"] == ["churned_customers"] and _dims(query) == ["customer.churn_reason"]


@pytest.mark.parametrize("question", ["上个月消息送达率", "本月各渠道消息的送达率"])
def test_messages_are_marketing_touches(model: Any, question: str) -> None:
    assert query_of(model, question)["metrics"] == ["delivery_rate"]


@pytest.mark.parametrize(
    ("question", "field", "op"),
    [
        ("推荐评分在2分及以下的问卷有多少", "survey.nps_score", "<="),
        ("满意度打分低于5分的问卷有多少", "survey.csat_score", "<"),
    ],
)
def test_score_words_name_their_field(model: Any, question: str, field: str, op: str) -> None:
    filters = query_of(model, question)["filters"]
    assert [(f["field"], f["op"]) for f in filters] == [(field, op)]


@pytest.mark.parametrize(
    ("question", "text_field"),
    [
        ("去年跑掉的那批客户，在问卷里写的评论主要讲了什么", "survey_comment"),
        ("会员的问卷评论大概聊了哪些", "survey_comment"),
        ("流失的客户，投诉里主要说的是啥", "complaint_text"),
    ],
)
def test_what_texts_mainly_say_is_themes(model: Any, question: str, text_field: str) -> None:
    query = query_of(model, question)
    assert query["kind"] == "themes" and query["text_field"] == text_field


def test_an_aspect_particle_is_no_typo(model: Any) -> None:
    query = query_of(model, "有多少客户是沉默客户，就是还没流失但三个月没成交过的")
    assert query["metrics"] == ["silent_customers"]


@pytest.mark.parametrize(
    "question",
    [
        "有多少活跃客户最近90天没有完成的订单",
        "how many customers are still active but have had no completed order in the last 90 days",
    ],
)
def test_a_population_spelled_out_is_counted(model: Any, question: str) -> None:
    query = query_of(model, question)
    assert query["segments"] == ["silent_customers"] and not query.get("filters") and "time_range" not in query


def test_as_of_is_the_blind_sets_date() -> None:
    assert AS_OF == AS
