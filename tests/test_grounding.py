"""Grounded plans (DESIGN.md §10): what each word of the question did, words nothing explains, corrections,
refusals, the overview, negation, yes/no breakdowns, rates for 'share of', follow-ups, and LLM plans checked
against the question the same way."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import yaml

from assistant.contracts import Plan, Turn, detect_language
from assistant.planner import plan_question
from assistant.planner.grounded import ground_plan
from assistant.planner.grounding import unbacked
from assistant.planner.words import fillers, shorthand
from semantic_layer import SemanticQuery, load_model

AS_OF = date(2026, 11, 22)


@pytest.fixture(scope="module")
def model() -> Any:
    return load_model(as_of=AS_OF)


def plan(model: Any, question: str, history: list[Turn] | None = None) -> Plan:
    return plan_question(question, history or [], model, AS_OF, detect_language(question))


def query(model: Any, question: str, history: list[Turn] | None = None) -> dict[str, Any]:
    result = plan(model, question, history)
    assert result.status == "ok" and result.query is not None, (question, result.clarification)
    return result.query.model_dump(mode="json", exclude_defaults=True)


@pytest.mark.parametrize(
    "question",
    [
        "revenue by region last quarter",
        "How many churned customers in the North last month?",
        "上个月华东区的营收是多少",
        "top 3 categories by revenue this year",
        "list the 5 most recent complaints from customers in the North region",
        "投诉最多的问题是什么",
    ],
)
def test_every_element_is_backed_by_a_span_with_true_offsets(model: Any, question: str) -> None:
    result = plan(model, question)
    assert result.status == "ok" and result.query is not None, result.clarification
    assert result.unrecognized == []
    assert unbacked(result.query, result.interpretation) == []
    for span in result.interpretation:
        assert span.turn == 0 and question[span.start : span.end] == span.text


def test_spans_name_roles_targets_and_resolved_dates(model: Any) -> None:
    spans = {(s.text, s.role, s.target, s.value) for s in plan(model, "revenue by region last quarter").interpretation}
    assert ("revenue", "metric", "revenue", None) in spans
    assert ("last quarter", "time_range", "metric_time", "2026-07-01..2026-09-30") in spans
    assert any(text == "region" and role == "dimension" for text, role, _, _ in spans)


@pytest.mark.parametrize(
    ("question", "said", "metric"),
    [
        ("how many custmers by region", "custmers", "customers"),
        ("revnue by region", "revnue", "revenue"),
        ("rev by region last qtr", "rev", "revenue"),
        ("pct of customers who churned in 2025", "pct", "churn_rate"),
    ],
)
def test_typos_and_shorthand_are_corrected_and_shown(model: Any, question: str, said: str, metric: str) -> None:
    result = plan(model, question)
    assert result.status == "ok" and result.query is not None, result.clarification
    assert result.query.metrics == [metric]
    corrections = [s for s in result.interpretation if s.role == "correction"]
    assert any(s.text == said and s.value and s.value.startswith(f"{said}->") for s in corrections)
    assert any(f"Read '{said}' as" in a for a in result.assumptions)


def test_ytd_and_aov_shorthand(model: Any) -> None:
    got = query(model, "AOV YTD")
    assert got["metrics"] == ["average_order_value"]
    assert (got["time_range"]["start"], got["time_range"]["end"]) == ("2026-01-01", "2026-11-22")


def test_a_word_nothing_explains_is_asked_back_with_suggestions(model: Any) -> None:
    result = plan(model, "how many customers have a gmail address")
    assert result.status == "clarify" and result.query is None
    assert "gmail" in result.unrecognized and "'gmail'" in (result.clarification or "")
    assert result.suggestions


def test_a_short_unknown_word_is_not_turned_into_a_different_metric(model: Any) -> None:
    result = plan(model, "How much cash did each area bring in?")
    assert result.status == "clarify" and "cash" in result.unrecognized


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("delete all churned customers", "only reads"),
        ("send a coupon to every silent customer", "only reads"),
        ("给所有沉默客户发一条召回短信", "只读取"),
        ("show customer C0000001's phone", "Phone is personal data"),
        ("客户C0000001的手机号是多少", "个人信息"),
    ],
)
def test_writes_and_personal_data_are_refused(model: Any, question: str, words: str) -> None:
    result = plan(model, question)
    assert result.status == "refused" and words in (result.clarification or "")


def test_a_value_that_shares_a_personal_word_stays_a_value(model: Any) -> None:
    got = query(model, "complaints from the phone channel last month")
    assert {"field": "ticket.channel", "op": "=", "values": ["phone"]} in got["filters"]


@pytest.mark.parametrize("question", ["How are we doing?", "最近怎么样"])
def test_a_vague_question_gets_the_models_overview(model: Any, question: str) -> None:
    got = query(model, question)
    assert got["metrics"] == list(model.overview.metrics)
    assert (got["time_range"]["start"], got["time_range"]["end"]) == ("2026-10-24", "2026-11-22")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("revenue from non-members this year", {"field": "customer.is_member", "op": "=", "values": [False]}),
        ("非会员的流失率是多少", {"field": "customer.is_member", "op": "=", "values": [False]}),
        ("how many customers are not churned", {"field": "customer.status", "op": "!=", "values": ["churned"]}),
        (
            "complaints that didn't come through the app channel",
            {"field": "ticket.channel", "op": "!=", "values": ["app"]},
        ),
    ],
)
def test_negation_filters_the_opposite(model: Any, question: str, expected: dict[str, Any]) -> None:
    assert expected in query(model, question)["filters"]


def test_a_negation_that_would_change_nothing_is_asked_back(model: Any) -> None:
    result = plan(model, "NPS not counting detractors")
    assert result.status == "clarify" and "'not'" in (result.clarification or "")


def test_a_negated_count_metric_filters_its_records(model: Any) -> None:
    # 'not complaints' negates the condition the complaints metric counts (it was asked back before)
    found = query(model, "how many tickets last quarter were not complaints")
    assert found["metrics"] == ["tickets"]
    assert {"field": "ticket.is_complaint", "op": "=", "values": [False]} in found["filters"]


@pytest.mark.parametrize(
    ("question", "column"),
    [
        ("members vs non members revenue", "customer.is_member"),
        ("去年会员和非会员的复购率分别是多少", "customer.is_member"),
        ("按是否绑定APP看客单价", "customer.app_bound"),
        ("churn rate of customers who bound the app and those who didn't", "customer.app_bound"),
    ],
)
def test_a_yes_no_column_named_both_ways_is_a_breakdown(model: Any, question: str, column: str) -> None:
    got = query(model, question)
    assert {"name": column} in got["dimensions"]
    assert all(f["field"] != column for f in got.get("filters", []))


def test_share_of_a_population_is_its_rate(model: Any) -> None:
    result = plan(model, "what share of customers churned in 2025")
    assert result.query is not None and result.query.metrics == ["churn_rate"]
    assert any("churn_rate" in a for a in result.assumptions)


def test_year_over_year_on_a_whole_year_compares_with_the_previous_year(model: Any) -> None:
    got = query(model, "revenue in 2025 yoy")
    assert got["compare"] == {"previous_period": True, "year_over_year": True}


def test_year_over_year_on_a_part_year_compares_with_the_same_period_last_year(model: Any) -> None:
    got = query(model, "revenue last month yoy")
    assert got["compare"] == {"previous_period": True, "year_over_year": True}


def test_year_over_year_of_a_series_over_time_says_it_cannot(model: Any) -> None:
    result = plan(model, "revenue by week last quarter yoy")
    assert result.status == "clarify" and "same period last year" in (result.clarification or "")


def test_lists_of_records_that_a_count_metric_counts(model: Any) -> None:
    got = query(model, "list the 5 most recent complaints from customers in the North region")
    assert got["kind"] == "records" and got["limit"] == 5
    assert {"field": "ticket.is_complaint", "op": "=", "values": [True]} in got["filters"]
    assert [o["field"] for o in got["order_by"]] == ["ticket.created_at"]


def test_a_top_one_does_not_carry_into_a_new_breakdown(model: Any) -> None:
    first = plan(model, "which region has the highest revenue last quarter?")
    assert first.query is not None and first.query.limit == 1
    history = [Turn(question="which region has the highest revenue last quarter?", query=first.query)]
    result = plan(model, "and by month?", history)
    assert result.query is not None and result.query.limit is None
    assert any("top-1" in a for a in result.assumptions)
    kept = [s for s in result.interpretation if s.turn == -1]
    assert any(s.role == "metric" and s.target == "revenue" for s in kept)


def test_same_thing_but_only_a_segment_adds_it(model: Any) -> None:
    first = plan(model, "revenue by region last quarter")
    history = [Turn(question="revenue by region last quarter", query=first.query)]
    got = query(model, "same thing but only churned customers", history)
    assert got["segments"] == ["churned_customers"] and got["metrics"] == ["revenue"]


def test_an_llm_plan_element_with_no_span_is_dropped_and_said(model: Any) -> None:
    invented = SemanticQuery.model_validate(
        {
            "metrics": ["revenue"],
            "dimensions": [{"name": "customer.region"}],
            "time_range": {"start": "2026-01-01", "end": "2026-06-15", "label": "last 3 months"},
        }
    )
    llm_plan = Plan(status="ok", query=invented, planner="llm:test")
    grounded = ground_plan(llm_plan, "revenue by region", [], model, AS_OF, "en")
    assert grounded.query is not None and grounded.query.time_range is None
    assert any("Dropped the time range 2026-01-01..2026-06-15" in a for a in grounded.assumptions)
    assert any(s.role == "metric" and s.target == "revenue" for s in grounded.interpretation)


def test_an_llm_plan_keeps_a_time_range_from_the_history(model: Any) -> None:
    asked = SemanticQuery.model_validate(
        {"metrics": ["orders"], "time_range": {"start": "2026-07-01", "end": "2026-09-30", "label": "last quarter"}}
    )
    llm_plan = Plan(status="ok", query=asked, planner="llm:test")
    history = [Turn(question="revenue last quarter", query=None)]
    grounded = ground_plan(llm_plan, "and orders?", history, model, AS_OF, "en")
    assert grounded.query is not None and grounded.query.time_range is not None
    assert any(s.role == "time_range" and s.turn == -1 for s in grounded.interpretation)


def test_word_lists_are_data_and_hold_only_words() -> None:
    for language in ("en", "zh"):
        assert fillers(language) and all(isinstance(w, str) and w for w in fillers(language))
    assert shorthand("en")["aov"] == "average order value" and "复购" in shorthand("zh")
    from importlib import resources

    raw = yaml.safe_load(resources.files("assistant.planner").joinpath("data", "fillers.yml").read_text("utf-8"))
    assert all(isinstance(w, str) for words in raw.values() for w in words), "quote YAML words like 'no', 'on'"


def test_a_counted_population_is_dated_by_its_own_event(model: Any) -> None:
    got = query(model, "how many customers churned because of price in the last 6 months")
    assert got["time_range"]["field"] == "customer.churn_date"
    assert {"field": "customer.churn_reason", "op": "=", "values": ["price"]} in got["filters"]


@pytest.mark.parametrize(
    ("question", "metric"),
    [
        ("how fast do we respond to tickets", "avg_first_response_hours"),
        ("上个月卖了多少钱", "revenue"),
        ("churn rate by app binding", "churn_rate"),
    ],
)
def test_phrasings_reach_the_metric_through_model_synonyms(model: Any, question: str, metric: str) -> None:
    assert query(model, question)["metrics"] == [metric]


def test_by_a_yes_no_column_is_a_breakdown(model: Any) -> None:
    got = query(model, "churn rate by app binding")
    assert got["dimensions"] == [{"name": "customer.app_bound"}] and not got.get("filters")


@pytest.mark.parametrize(
    ("question", "direction"),
    [("哪个工单渠道平均首响时长最慢", "desc"), ("which ticket channel has the fastest first response time", "asc")],
)
def test_fast_and_slow_rank_a_duration_the_right_way(model: Any, question: str, direction: str) -> None:
    got = query(model, question)
    assert got["order_by"][0]["field"] == "avg_first_response_hours" and got["limit"] == 1
    assert got["order_by"][0].get("direction", "desc") == direction
