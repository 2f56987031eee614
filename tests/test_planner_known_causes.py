"""Known causes of wrong answers and needless questions back found on earlier blind sets (p-known), each tested
as a rule with phrasings unlike those sets, in English and Chinese: shares without a rate, exact scores, two named
calendar periods, 'our <value>', 'how many <A> <verb> <B>', record-creation verbs, theme words, and a dated
population named by a count metric."""

from __future__ import annotations

from typing import Any

import pytest

from semantic_layer import SemanticQuery, compile_query, load_model
from tests.planner_cases import AS_OF, plan, query_of


@pytest.fixture(scope="module")
def model() -> Any:
    return load_model(as_of=AS_OF)


# 1. a share the model has no rate for: the part over the whole (`share`), never the part's count


@pytest.mark.parametrize(
    ("question", "metric", "part"),
    [
        ("what percentage of sales came from members last quarter", "revenue", {"segments": ["members"]}),
        ("高价值客户贡献的营收占总营收的比重", "revenue", {"segments": ["high_value_customers"]}),
        ("what proportion of customers are members", "customers", {"segments": ["members"]}),
        ("投诉在工单里占多少", "tickets", {"filters": [{"field": "ticket.is_complaint", "op": "=", "values": [True]}]}),
        ("% of survey responses that were promoters", "survey_responses",
         {"filters": [{"field": "survey.nps_score", "op": ">=", "values": [9]}]}),
    ],
)  # fmt: skip
def test_a_share_without_a_rate_is_the_part_over_the_whole(
    model: Any, question: str, metric: str, part: dict[str, Any]
) -> None:
    query = query_of(model, question)
    assert query["metrics"] == [metric], question
    assert query["share"] == part, question
    assert not query.get("segments") and not query.get("filters"), question  # the whole is not narrowed
    compile_query(model, SemanticQuery.model_validate(query), as_of=AS_OF)


@pytest.mark.parametrize("question", ["各品类的销售额占比", "share of orders by channel", "每个区域的客户数占比是多少"])
def test_a_share_by_group_is_each_groups_share_of_the_total(model: Any, question: str) -> None:
    query = query_of(model, question)
    assert query["share"] == {} and query["dimensions"], question


def test_a_share_of_a_rate_is_the_rate_not_an_average(model: Any) -> None:
    """'share of revenue' is no average order value (revenue ÷ orders): only percent rates are shares."""
    assert query_of(model, "what share of revenue came from members")["metrics"] == ["revenue"]
    assert query_of(model, "what % of orders were returned")["metrics"] == ["return_rate"]


@pytest.mark.parametrize(
    "question",
    ["what share of Shanghai revenue came from members", "上海会员的营收占比", "各区域会员的订单占比"],
)
def test_a_share_whose_part_is_unclear_is_asked_back_naming_why(model: Any, question: str) -> None:
    result = plan(model, question)
    assert result.status == "clarify" and result.query is None, (question, result.query)


def test_a_share_of_two_counts_of_one_entity_is_the_smaller_over_the_larger(model: Any) -> None:
    query = query_of(model, "what share of tickets were complaints and how many tickets were there")
    assert query["metrics"] == ["tickets"]
    assert query["share"] == {"filters": [{"field": "ticket.is_complaint", "op": "=", "values": [True]}]}


# 2. an exact number on a number field is an equality filter


@pytest.mark.parametrize(
    ("question", "field", "op", "values"),
    [
        ("how many responses gave a csat of exactly 4", "survey.csat_score", "=", [4]),
        ("surveys with an nps score of 7 last month", "survey.nps_score", "=", [7]),
        ("NPS评了8分的反馈有多少条", "survey.nps_score", "=", [8]),
        ("CSAT恰好5分的问卷数", "survey.csat_score", "=", [5]),
        ("满意度打了2分或3分的问卷有多少", "survey.csat_score", "in", [2, 3]),
        ("how many responses rated 9 or 10 on NPS", "survey.nps_score", "in", [9, 10]),
    ],
)
def test_an_exact_score_is_an_equality(model: Any, question: str, field: str, op: str, values: list[int]) -> None:
    query = query_of(model, question)
    assert {"field": field, "op": op, "values": values} in query["filters"], (question, query)
    assert query.get("metrics", ["x"]) != ["nps"] and "avg_csat" not in query.get("metrics", [])


def test_a_score_range_stays_a_range(model: Any) -> None:
    assert query_of(model, "responses with a csat score of 2 or lower")["filters"] == [
        {"field": "survey.csat_score", "op": "<=", "values": [2]}
    ]


def test_an_exact_score_on_no_named_field_is_asked_back(model: Any) -> None:
    assert plan(model, "打了9分的问卷有多少").status == "clarify"  # NPS or CSAT?


# 3. two calendar periods named side by side: both as named, one row each


@pytest.mark.parametrize(
    ("question", "grain", "start"),
    [
        ("complaints this quarter and last quarter", "quarter", "2026-07-01"),
        ("本周和上周的订单数各是多少", "week", "2026-11-23"),
        ("new customers for last month and this month", "month", "2026-11-01"),
        ("今年和去年的营收分别多少", "year", "2025-01-01"),
    ],
)
def test_two_named_calendar_periods_are_answered_as_named(model: Any, question: str, grain: str, start: str) -> None:
    result = plan(model, question)
    query = query_of(model, question)
    assert query["dimensions"] == [{"name": "metric_time", "grain": grain}], question
    assert query["time_range"]["start"] == start and query["time_range"]["end"] == "2026-12-04", question
    assert "compare" not in query
    assert any(start in note for note in result.assumptions), result.assumptions


@pytest.mark.parametrize(
    "question",
    [
        "revenue this month vs last month",
        "本月营收比上月增长了多少",
        "orders MoM this month",
        "上个月和上上个月的订单数相比",
    ],
)
def test_comparison_wording_keeps_the_previous_period_comparison(model: Any, question: str) -> None:
    query = query_of(model, question)
    # round 11: 'last month' named beside this month to date is all of last month (DESIGN §7, whole_and_to_date.py)
    assert query.get("compare", {}).get("previous_period") is True, (question, query)


# 4. 'our' + a value of the model is our own data; another organisation is still declined


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("我们广州的订单数", "Guangzhou"),
        ("our Chengdu's revenue this year", "Chengdu"),
        ("咱们深圳的客户有多少", "Shenzhen"),
    ],
)
def test_our_value_is_our_own_data(model: Any, question: str, value: str) -> None:
    query = query_of(model, question)
    assert {"field": "customer.city", "op": "=", "values": [value]} in query["filters"], (question, query)


@pytest.mark.parametrize(
    "question", ["我们竞品今年的订单数", "our rivals' revenue last quarter", "competitors' order count"]
)
def test_another_organisations_figures_are_never_answered(model: Any, question: str) -> None:
    assert plan(model, question).status in ("unsupported", "clarify"), question  # a word not in the model: asked


# 5. 'how many <A> <verb> <B>' counts A (with B rows), not B


@pytest.mark.parametrize(
    ("question", "segments", "having", "dated"),
    [
        ("how many tier A customers made orders this year", [], "order.order_id", "order.ordered_at"),
        ("how many members raised tickets last quarter", ["members"], "ticket.ticket_id", "ticket.created_at"),
        ("有多少流失客户上个月提交过工单", ["churned_customers"], "ticket.ticket_id", "ticket.created_at"),
        ("有多少客户下过订单", [], "order.order_id", None),
    ],
)
def test_how_many_subjects_did_something_counts_the_subjects(
    model: Any, question: str, segments: list[str], having: str, dated: str | None
) -> None:
    query = query_of(model, question)
    assert query["metrics"] == ["customers"], (question, query)
    assert query.get("segments", []) == segments
    assert {"field": having, "op": "is_not_null"} in query["filters"]
    assert query.get("time_range", {}).get("field") == dated


def test_a_subject_with_a_conditioned_object_is_counted_with_that_condition(model: Any) -> None:
    query = query_of(model, "how many active customers filed complaints")
    assert query["metrics"] == ["customers"] and query["segments"] == ["active_customers"]
    assert query["filters"] == [{"field": "ticket.is_complaint", "op": "=", "values": [True]}]


@pytest.mark.parametrize("question", ["how many orders did members place", "会员下了多少订单"])
def test_how_many_objects_still_counts_the_objects(model: Any, question: str) -> None:
    assert query_of(model, question)["metrics"] == ["orders"], question


# 6. creating a record in a period is its time, 'open' / '未关闭' its status


@pytest.mark.parametrize(
    "question", ["tickets raised in october", "how many tickets got created last week", "本月新建了多少工单"]
)
def test_creating_records_in_a_period_dates_them(model: Any, question: str) -> None:
    query = query_of(model, question)
    assert query["metrics"] == ["tickets"] and not query.get("filters"), (question, query)
    assert query["time_range"].get("field", "ticket.created_at") == "ticket.created_at"


@pytest.mark.parametrize("question", ["how many tickets are still open", "目前未关闭的工单数"])
def test_open_tickets_are_a_status(model: Any, question: str) -> None:
    query = query_of(model, question)
    assert query["metrics"] == ["open_tickets"] or query.get("filters"), (question, query)


# 7. topics of complaints / comments are a themes question


@pytest.mark.parametrize(
    ("question", "text_field"),
    [
        ("本季度投诉的主要话题", "complaint_text"),
        ("complaint themes from members", "complaint_text"),
        ("问卷评论的常见主题", "survey_comment"),
        ("topics in the survey comments last month", "survey_comment"),
    ],
)
def test_topics_are_themes(model: Any, question: str, text_field: str) -> None:
    query = query_of(model, question)
    assert query["kind"] == "themes" and query["text_field"] == text_field, (question, query)


# 8. a population with its own period, and a metric with none: the period dates the population


@pytest.mark.parametrize(
    "question",
    ["orders from customers lost in the last 6 months", "how much revenue came from customers lost in 2025"],
)
def test_a_dated_population_named_by_a_count_metric(model: Any, question: str) -> None:
    query = query_of(model, question)
    assert query["segments"] == ["churned_customers"] and "churned_customers" not in query["metrics"], query
    assert query["time_range"]["field"] == "customer.churn_date"


def test_a_follow_up_keeps_the_share_and_a_rate_takes_the_part(model: Any) -> None:
    from assistant.contracts import Turn

    first = "what share of orders came from members"
    history = [Turn(question=first, query=plan(model, first).query)]
    by_month = query_of(model, "and by month?", history)
    assert by_month["share"] == {"segments": ["members"]} and by_month["dimensions"][0]["grain"] == "month"
    rate = query_of(model, "那退货率呢", history)
    assert rate["metrics"] == ["return_rate"] and rate["segments"] == ["members"] and "share" not in rate


@pytest.mark.parametrize(
    ("question", "metric", "segments", "share"),
    [
        ("what share of complaints came from churned customers", "complaints", [], {"segments": ["churned_customers"]}),
        ("流失客户的投诉占全部投诉的比例", "complaints", [], {"segments": ["churned_customers"]}),
        ("what percentage of churned customers' tickets were complaints", "tickets", ["churned_customers"],
         {"filters": [{"field": "ticket.is_complaint", "op": "=", "values": [True]}]}),
        ("流失客户的工单中投诉占比", "tickets", ["churned_customers"],
         {"filters": [{"field": "ticket.is_complaint", "op": "=", "values": [True]}]}),
    ],
)  # fmt: skip
def test_the_whole_of_a_share_is_the_noun_after_share_of(
    model: Any, question: str, metric: str, segments: list[str], share: dict[str, Any]
) -> None:
    query = query_of(model, question)
    assert (query["metrics"], query.get("segments", []), query["share"]) == ([metric], segments, share), question


@pytest.mark.parametrize(
    ("question", "segments", "having", "dated"),
    [
        ("上个月流失的客户里有多少提交过工单", ["churned_customers"], "ticket.ticket_id", "customer.churn_date"),
        ("会员中有多少人下过订单", ["members"], "order.order_id", None),
        ("how many of our members ordered something last month", ["members"], "order.order_id", "order.ordered_at"),
    ],
)
def test_subjects_among_a_population_and_verbs_naming_the_event(
    model: Any, question: str, segments: list[str], having: str, dated: str | None
) -> None:
    query = query_of(model, question)
    assert query["metrics"] == ["customers"] and query["segments"] == segments, (question, query)
    assert {"field": having, "op": "is_not_null"} in query["filters"]
    assert query.get("time_range", {}).get("field") == dated


@pytest.mark.parametrize(
    ("question", "flt"),
    [
        ("how many customers gave an nps of 10", {"field": "survey.nps_score", "op": "=", "values": [10]}),
        ("how many orders have a discount of 0", {"field": "order.discount", "op": "=", "values": [0]}),
    ],
)
def test_a_field_of_n_is_an_equality(model: Any, question: str, flt: dict[str, Any]) -> None:
    assert flt in query_of(model, question)["filters"]


@pytest.mark.parametrize(
    ("question", "text_field"),
    [("投诉内容主要是什么", "complaint_text"), ("what do detractors write about", "survey_comment")],
)
def test_theme_questions_pick_the_text_of_what_they_name(model: Any, question: str, text_field: str) -> None:
    query = query_of(model, question)
    assert query["kind"] == "themes" and query["text_field"] == text_field, (question, query)


def test_two_named_days_are_two_rows(model: Any) -> None:
    query = query_of(model, "昨天和今天的订单数分别是多少")
    assert query["dimensions"] == [{"name": "metric_time", "grain": "day"}]
    assert (query["time_range"]["start"], query["time_range"]["end"]) == ("2026-12-03", "2026-12-04")


def test_a_score_given_as_a_value_in_chinese(model: Any) -> None:
    query = query_of(model, "csat评分为5的问卷数")
    assert query["metrics"] == ["survey_responses"]
    assert query["filters"] == [{"field": "survey.csat_score", "op": "=", "values": [5]}]
