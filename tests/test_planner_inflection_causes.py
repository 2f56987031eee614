"""Vocabulary causes of blind set 5 (issue 10), tested with phrasings unlike the set, in English and Chinese:
inflections and contractions of the model's own words, idioms of the business lexicon, 'how long' and
'different' that the plan must carry, a segment's definition spelled out, and absences the model cannot
express (asked back, never answered with another count)."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.planner.morphology import expanded_contraction, forms, lemmas
from semantic_layer import load_model
from tests.planner_cases import AS_OF, plan, query_of


@pytest.fixture(scope="module")
def model() -> Any:
    return load_model(as_of=AS_OF)


def test_forms_and_lemmas_are_derived_by_rule() -> None:
    assert {"resolves", "resolved", "resolving"} <= set(forms("resolve"))
    assert {"stops", "stopped", "stopping", "carries", "carried"} <= set(forms("stop")) | set(forms("carry"))
    assert "lose" in lemmas("losing") and "lose" in lemmas("lost") and "spend" in lemmas("spent")
    assert "bind" in lemmas("bound") and "go" in lemmas("gone")
    assert expanded_contraction("we've") == ("we", "have") and expanded_contraction("hasn't") is None


@pytest.mark.parametrize(
    ("question", "metrics"),
    [
        ("what have our vip clients been spending this year?", ["revenue"]),
        ("how much did members spend in Q3?", ["revenue"]),
        ("how many clients did we lose in October?", None),
        ("how many clients did we lose last year?", None),
    ],
)
def test_inflections_of_the_models_words(model: Any, question: str, metrics: list[str] | None) -> None:
    got = query_of(model, question)
    if metrics is not None:
        assert got["metrics"] == metrics
    else:  # a churn count, however the plan expresses it (metric, segment or status filter)
        text = str(got)
        assert "churned" in text


def test_contraction_of_fillers_is_filler(model: Any) -> None:
    got = query_of(model, "count dormant customers by whether they've bound the app")
    assert got["dimensions"] == [{"name": "customer.app_bound"}]
    assert plan(model, "they've got dogs?").status != "ok"


@pytest.mark.parametrize(
    ("question", "metric"),
    [
        ("last month, how long did it take the team to reply to a ticket?", "avg_first_response_hours"),
        ("how long does it usually take to resolve a case?", "avg_resolution_hours"),
        ("解决工单平均要多久", "avg_resolution_hours"),
    ],
)
def test_how_long_idiom_is_a_duration(model: Any, question: str, metric: str) -> None:
    assert query_of(model, question)["metrics"] == [metric]


@pytest.mark.parametrize(
    "question",
    [
        "how long does it take to close a ticket",  # 'closed' is a status: a count is no duration
        "how long did it take us to ship orders",
        "how long have our members been with us",
    ],
)
def test_how_long_without_a_duration_is_asked_back(model: Any, question: str) -> None:
    assert plan(model, question).status == "clarify"


def test_going_quiet_idiom_is_the_silent_segment(model: Any) -> None:
    got = query_of(model, "how many members went quiet")
    assert "silent_customers" in str(got)
    assert query_of(model, "tix answered w/ 1st response within 3h yday")["metrics"] == ["responded_within_3h_rate"]


@pytest.mark.parametrize(
    "question",
    [
        "does the return rate differ between app and web orders?",
        "Is churn rate any different for members vs non members?",
        "北方和南方的退货率有差别吗",
    ],
)
def test_difference_over_a_pair_is_a_breakdown(model: Any, question: str) -> None:
    assert query_of(model, question).get("dimensions")


@pytest.mark.parametrize("question", ["Is AOV different for members?", "客单价有区别吗"])
def test_difference_with_nothing_to_compare_is_asked_back(model: Any, question: str) -> None:
    assert plan(model, question).status == "clarify"


def test_how_many_different_is_distinct_not_a_comparison(model: Any) -> None:
    assert query_of(model, "how many different customers complained last week?")["metrics"] == ["complaining_customers"]


def test_a_segment_spelled_out_is_the_segment(model: Any) -> None:
    got = query_of(
        model, "how many customers are still active yet made no completed orders in the last 90 days, split by region"
    )
    assert got["segments"] == ["silent_customers"] and "filters" not in got and "time_range" not in got
    assert got["dimensions"] == [{"name": "customer.region"}]


@pytest.mark.parametrize(
    "question",
    [
        "how many tickets had no response",  # never a count of survey responses
        "how many orders had no discount",
    ],
)
def test_absence_the_model_cannot_express_is_asked_back(model: Any, question: str) -> None:
    assert plan(model, question).status == "clarify"


@pytest.mark.parametrize(
    ("question", "field", "value"),
    [
        ("orders last week excluding the ones placed in the app", "order.channel", "app"),
        ("tickets in october, except those that were marked as high priority", "ticket.priority", "high"),
        ("complaints this year not counting the ones which came in by phone", "ticket.channel", "phone"),
    ],
)
def test_excluding_the_ones_that_names_the_value_left_out(model: Any, question: str, field: str, value: str) -> None:
    got = query_of(model, question)
    assert {"field": field, "op": "!=", "values": [value]} in got["filters"]


@pytest.mark.parametrize(
    ("question", "text_field"),
    [
        ("去年流失的客户在问卷里都写了什么", "survey_comment"),
        ("高价值客户最近三个月在工单里写了哪些内容", "complaint_text"),
    ],
)
def test_themes_by_what_was_written_in_a_text(model: Any, question: str, text_field: str) -> None:
    got = query_of(model, question)
    assert got["kind"] == "themes" and got["text_field"] == text_field


def test_counting_verb_before_a_measure_word_and_noun_is_no_typo(model: Any) -> None:
    got = query_of(model, "会员去年提了多少个工单")
    assert got["metrics"] == ["tickets"] and got["segments"] == ["members"]
    assert query_of(model, "退或率是多少")["metrics"] == ["return_rate"]  # a real typo is still corrected


@pytest.mark.parametrize(
    ("word", "read_as"),
    [
        ("spending", "spend"),  # a verb form that passes as filler, rewritten to a metric of the model
        ("closing", "closed"),  # ... or to a value
        ("rated", None),  # 'rate' names nothing on its own: the exact-score grammar still reads 'rated us 2'
        ("thing", None),  # never a filler word ('the')
        ("ship", None),  # 'shipping' is a noun (a value) of the model, no form of the verb
        ("bought", None),
    ],
)
def test_inflections_stay_within_the_models_concepts(model: Any, word: str, read_as: str | None) -> None:
    from assistant.planner.shaping import _lexicon
    from assistant.planner.words import correction_for

    assert correction_for(word, _lexicon(model), "en") == read_as
    assert plan(model, "how many surveys rated us 2 last month").status == "clarify"


@pytest.mark.parametrize(
    "question", ["how much revenue did we lose to returns last month", "how much money did we lose in October"]
)
def test_an_inflection_read_as_a_value_needs_its_entity(model: Any, question: str) -> None:
    """'lose' -> 'lost' (a customer status) only when the question is about customers: never a revenue of
    churned customers for money lost to returns."""
    assert plan(model, question).status == "clarify"
