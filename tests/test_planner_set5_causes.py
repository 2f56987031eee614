"""Planner causes found on blind set 5 (helper 'structure'), tested with phrasings NOT in set 5, in English and
Chinese: named retail days and holidays as time phrases (unknown ones asked back); a ranking over periods; records
ranked by their money column; money shorthand and metric-named fields in thresholds; counts of an action of a
dated population; the count named by a rate's verb; the same period dating who and when; an event verb the model
lacks standing on a value word."""

from __future__ import annotations

from typing import Any

import pytest

from semantic_layer import load_model
from semantic_layer.time_phrases import find_time_phrases
from tests.planner_cases import AS_OF, plan, query_of


@pytest.fixture(scope="module")
def model() -> Any:
    return load_model(as_of=AS_OF)


# -- 1. named days ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end", "inferred"),
    [
        ("orders on Black Friday", "2026-11-27", "2026-11-27", True),  # the day after the 4th Thursday of November
        ("Black Friday 2025 revenue", "2025-11-28", "2025-11-28", False),
        ("去年双11的销售额", "2025-11-11", "2025-11-11", False),
        ("国庆黄金周的订单", "2026-10-01", "2026-10-07", True),
        ("Christmas revenue", "2025-12-25", "2025-12-25", True),  # the most recent one that has started
        ("cyber monday", "2026-11-30", "2026-11-30", True),
        ("2025年春节的订单", "2025-01-29", "2025-01-29", False),
        ("618期间的销售额", "2026-06-18", "2026-06-18", True),
    ],
)
def test_named_days_resolve_by_the_lexicon(text: str, start: str, end: str, inferred: bool) -> None:
    [found] = find_time_phrases(text, AS_OF)
    assert (found.start.isoformat(), found.end.isoformat(), found.year_inferred) == (start, end, inferred)


def test_a_bare_number_is_no_named_day() -> None:
    assert find_time_phrases("618 orders", AS_OF) == []
    assert find_time_phrases("按季节看订单", AS_OF) == []


def test_named_day_questions_are_dated_and_say_which_year(model: Any) -> None:
    result = plan(model, "How many orders came in on Singles' Day?")
    assert result.status == "ok" and result.query is not None
    assert result.query.time_range is not None
    assert (result.query.time_range.start.isoformat(), result.query.time_range.end.isoformat()) == (
        "2026-11-11",
        "2026-11-11",
    )
    assert any("2026-11-11" in note and "most recent" in note for note in result.assumptions)
    zh = query_of(model, "圣诞节那天的销售额是多少")
    assert zh["time_range"]["start"] == zh["time_range"]["end"] == "2025-12-25"


@pytest.mark.parametrize("question", ["中秋节一共卖了多少钱", "端午当天的订单量", "how many orders on Boxing Day?",
                                      "revenue over Easter", "Mother's Day sales"])  # fmt: skip
def test_unknown_named_days_are_asked_back(model: Any, question: str) -> None:
    result = plan(model, question)
    assert result.status == "clarify", (question, result.query)


def test_a_lunar_holiday_outside_the_table_is_asked_back() -> None:
    from semantic_layer.errors import TimeExpressionError

    with pytest.raises(TimeExpressionError):
        find_time_phrases("2035年春节", AS_OF.replace(year=2036))


# -- 2. a ranking over periods --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "grain", "limit"),
    [
        ("which two months brought in the most revenue in 2025?", "month", 2),
        ("2025年哪个季度的投诉最多", "quarter", 1),
        ("今年订单量最多的是哪四个月", "month", 4),
        ("the 3 months with the highest return rate this year", "month", 3),
    ],
)
def test_a_ranking_over_periods_is_a_ranked_breakdown_by_the_grain(
    model: Any, question: str, grain: str, limit: int
) -> None:
    query = query_of(model, question)
    assert query["dimensions"] == [{"name": "metric_time", "grain": grain}]
    assert query["limit"] == limit and query["order_by"][0]["field"] == query["metrics"][0]


# -- 7. records ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "direction", "limit"),
    [
        ("show the 3 biggest returned orders this year", "desc", 3),
        ("show me the 10 cheapest orders from the app last week", "asc", 10),
        ("最贵的3笔订单", "desc", 3),
    ],
)
def test_records_ranked_by_their_money_column(model: Any, question: str, direction: str, limit: int) -> None:
    query = query_of(model, question)
    assert query["kind"] == "records" and query["limit"] == limit
    assert query["order_by"][0]["field"] == "order.amount"
    assert query["order_by"][0].get("direction", "desc") == direction


@pytest.mark.parametrize(
    ("question", "op", "value"),
    [("list last week's orders above 15k", ">", 15000.0), ("上周3万以上的订单有哪些", ">", 30000.0),
     ("orders of 8k+ placed this month", ">=", 8000.0)],
)  # fmt: skip
def test_money_shorthand_is_the_order_amount(model: Any, question: str, op: str, value: float) -> None:
    query = query_of(model, question)
    assert {"field": "order.amount", "op": op, "values": [value]} in query["filters"]


def test_an_amount_with_no_scale_and_no_field_is_still_asked_back(model: Any) -> None:
    assert plan(model, "list orders over 20 last week").status == "clarify"
    assert plan(model, "customers over 20k").status != "ok"  # customers have no money column of their own


@pytest.mark.parametrize(
    ("question", "field", "value"),
    [("本月CSAT评分在2分及以下的问卷都有哪些", "survey.csat_score", 2.0),
     ("list the survey responses with an nps of 5 or lower from last week", "survey.nps_score", 5.0)],
)  # fmt: skip
def test_a_metric_names_the_field_of_a_records_threshold(model: Any, question: str, field: str, value: float) -> None:
    query = query_of(model, question)
    assert query["kind"] == "records"
    assert {"field": field, "op": "<=", "values": [value]} in query["filters"]


# -- 5. how many <action records> did a dated population make --------------------------------------------------


def test_the_counted_noun_after_a_measure_word_is_counted(model: Any) -> None:
    query = query_of(model, "去年流失的客户一共下过多少笔订单？")
    assert query["metrics"] == ["orders"] and query["segments"] == ["churned_customers"]
    assert query["time_range"]["field"] == "customer.churn_date"


# -- 6. a count named by the rate's verb -------------------------------------------------------------------------


@pytest.mark.parametrize("question", ["本月退了几单？退货率多少？", "今年退货了多少单，退货率是多少"])
def test_the_count_of_the_rates_verb_is_its_numerator(model: Any, question: str) -> None:
    assert query_of(model, question)["metrics"] == ["returned_orders", "return_rate"]


def test_a_plain_order_count_next_to_a_rate_stays_all_orders(model: Any) -> None:
    assert query_of(model, "上个月一共多少单，退货率是多少")["metrics"] == ["orders", "return_rate"]


# -- 4. the same period dating who and when -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "去年流失的客户，去年一共提了多少张工单？",
        "customers who churned last year - how many tickets did they raise last year?",
    ],
)
def test_the_same_period_named_twice_dates_both(model: Any, question: str) -> None:
    query = query_of(model, question)
    assert {"field": "customer.churn_date", "op": "between", "values": ["2025-01-01", "2025-12-31"]} in query["filters"]
    assert (query["time_range"]["start"], query["time_range"]["end"]) == ("2025-01-01", "2025-12-31")
    assert "field" not in query["time_range"]


# -- 9. an event verb the model lacks, standing on a value word --------------------------------------------------


@pytest.mark.parametrize("question", ["how many users browsed the website this week?", "number of people who downloaded the app in 2025"])  # fmt: skip
def test_a_value_does_not_stand_in_for_an_unmodelled_event(model: Any, question: str) -> None:
    result = plan(model, question)
    assert result.status == "clarify", (question, result.query)


def test_a_value_after_a_preposition_is_still_a_filter(model: Any) -> None:
    query = query_of(model, "how many orders were placed through the app last month")
    assert {"field": "order.channel", "op": "=", "values": ["app"]} in query["filters"]


# -- 3. two named periods compared with 'compare with' ----------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "start"),
    [
        ("how do Q3 complaints compare to Q2?", "2026-07-01"),
        ("How did orders in August compare with July?", "2026-08-01"),
    ],
)
def test_compare_with_a_named_period_compares_them(model: Any, question: str, start: str) -> None:
    query = query_of(model, question)
    assert query["time_range"]["start"] == start and query["compare"] == {"previous_period": True}


def test_compare_with_a_period_that_is_not_the_one_before_is_asked_back(model: Any) -> None:
    assert plan(model, "how did October revenue compare with June").status == "clarify"


# -- 8. a negated value with a classing verb ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "value"),
    [("tickets this quarter that were not tagged as billing", "billing"), ("本季度不包括账单类的工单有多少", "billing"),
     ("上个月的投诉，不算归类为物流的有多少", "delivery")],
)  # fmt: skip
def test_a_value_excluded_by_its_class_is_negated(model: Any, question: str, value: str) -> None:
    query = query_of(model, question)
    assert {"field": "ticket.category", "op": "!=", "values": [value]} in query["filters"]


def test_excluding_the_ones_that_were_a_status(model: Any) -> None:
    query = query_of(model, "orders this year excluding the ones that were returned")
    assert {"field": "order.status", "op": "!=", "values": ["returned"]} in query["filters"]


# -- 4. a dated entity count right before its noun is who is counted ------------------------------------------------


def test_a_dated_new_customer_count_before_its_noun_is_the_population(model: Any) -> None:
    query = query_of(model, "去年新增的客户，本季度下了多少单？")
    assert query["metrics"] == ["orders"]
    assert {"field": "customer.signup_date", "op": "between", "values": ["2025-01-01", "2025-12-31"]} in query[
        "filters"
    ]
    assert query["time_range"]["start"] == "2026-10-01"


def test_an_undated_new_customer_count_stays_a_metric(model: Any) -> None:
    assert "new_customers" in query_of(model, "新注册的客户贡献了多少销售额")["metrics"]


# -- 7. 'show me <records>' lists every matching row ---------------------------------------------------------------


def test_show_me_records_lists_every_row(model: Any) -> None:
    query = query_of(model, "show me last week's orders above 30k")
    assert query["kind"] == "records" and "limit" not in query


@pytest.mark.parametrize(
    ("question", "word"), [("上周有多少用户浏览了官网", "浏览"), ("上个月有多少客户下载了app", "下载")]
)
def test_a_chinese_event_verb_on_a_value_is_asked_back(model: Any, question: str, word: str) -> None:
    result = plan(model, question)
    assert result.status == "clarify" and word in (result.clarification or "")


@pytest.mark.parametrize(
    "question",
    ["how many orders containing electronics last month", "tickets tagged billing this week", "上周用app下了多少单"],
)
def test_relational_verbs_keep_their_value_filter(model: Any, question: str) -> None:
    assert query_of(model, question)["filters"]


def test_unknown_festival_words_are_quoted_whole(model: Any) -> None:
    result = plan(model, "上周音乐节的订单有多少")
    assert result.status == "clarify" and "音乐节" in (result.clarification or "")
    assert find_time_phrases("为了节约成本，这个节点的订单", AS_OF) == []


@pytest.mark.parametrize("question", ["the 5 largest tickets", "最大的5个工单"])
def test_largest_rows_without_a_money_column_are_asked_back(model: Any, question: str) -> None:
    result = plan(model, question)
    assert result.status == "clarify" and "ticket.first_response_hours" in (result.clarification or "")


def test_n_largest_groups_by_a_metric_are_a_ranked_breakdown(model: Any) -> None:
    query = query_of(model, "the 3 biggest regions by order count last month")
    assert query["dimensions"] == [{"name": "customer.region"}] and query["limit"] == 3


def test_a_value_word_ending_a_did_clause_is_its_verb(model: Any) -> None:
    query = query_of(model, "how many tickets did the customers we lost last year open?")
    assert query["metrics"] == ["tickets"]
    assert all(f["field"] != "ticket.status" for f in query["filters"])
    assert {"field": "order.channel", "op": "=", "values": ["app"]} in query_of(
        model, "how many orders did we get from the app?"
    )["filters"]


@pytest.mark.parametrize(
    ("question", "kept"),
    [
        ("除了华东以外，其他几个区各有多少客户", False),  # 'the other few regions': no churn reason 'other'
        ("其他各品类的订单数", False),
        ("因为其他原因流失的客户有多少", True),  # the reason 'other'
        ("其他类的工单有多少", True),  # the ticket category 'other'
        ("tickets in the other category", True),
        ("how many customers churned for other reasons", True),
    ],
)
def test_other_said_of_a_group_is_no_value(model: Any, question: str, kept: bool) -> None:
    got = query_of(model, question)
    assert got is not None
    assert any(f.get("values") == ["other"] for f in got.get("filters", [])) is kept, got
