"""'what's the difference' / '差了多少' after two answers of two periods (assistant/planner/two_answers.py), and the
themes of a listed set of records ('这些投诉主要说什么' after a list; references.themes_of_listed)."""

from __future__ import annotations

import pytest

from semantic_layer import load_model
from tests.planner_cases import history_of, plan, query_of

MODEL = load_model()


@pytest.mark.parametrize(
    ("earlier", "question", "start", "year_over_year"),
    [
        (("how many new customers last week", "and the week before"), "what's the difference", "2026-11-23", False),
        (
            ("revenue by region last quarter", "what about the quarter before"),
            "and the growth rate",
            "2026-07-01",
            False,
        ),
        (("上个月的订单数", "前一个月呢"), "差了多少", "2026-11-01", False),
        (("上个月的订单数", "前一个月呢"), "变化多大？", "2026-11-01", False),
        (("revenue in november 2025", "and november 2026"), "what's the change?", "2026-11-01", True),
        (("complaints in october", "and in november?"), "so what's the gap", "2026-11-01", False),
    ],
)
def test_the_later_period_is_compared_with_the_earlier(
    earlier: tuple[str, ...], question: str, start: str, year_over_year: bool
) -> None:
    query = query_of(MODEL, question, history_of(MODEL, *earlier))
    assert query["time_range"]["start"] == start
    assert query["compare"] == ({"previous_period": True, "year_over_year": True} if year_over_year else
                                {"previous_period": True})  # fmt: skip


def test_periods_neither_adjacent_nor_a_year_apart_are_asked_back() -> None:
    result = plan(MODEL, "what's the difference", history_of(MODEL, "revenue in january 2026", "and in june 2026"))
    assert result.status == "clarify" and "one right after the other" in (result.clarification or "")


@pytest.mark.parametrize(
    ("earlier", "question"),
    [
        (("revenue this month", "orders this month"), "what's the difference"),  # two measures, not two periods
        (("revenue this month",), "what's the difference"),  # one answer only
        (("how many new customers this week", "and last week"), "what's the difference in revenue"),  # names more
    ],
)
def test_other_questions_are_not_this_comparison(earlier: tuple[str, ...], question: str) -> None:
    result = plan(MODEL, question, history_of(MODEL, *earlier))
    assert not any(note.startswith("Compared the last two answers") for note in result.assumptions), result


@pytest.mark.parametrize(
    ("listing", "question"),
    [
        ("列出上周的高优先级投诉", "这些投诉主要说什么"),
        ("list last week's complaints from the app channel", "what are these about"),
        ("show all complaints from yesterday", "what were they mostly about?"),
    ],
)
def test_themes_after_a_list_are_the_themes_of_the_listed_rows(listing: str, question: str) -> None:
    history = history_of(MODEL, listing)
    listed = history[0].query
    assert listed is not None and listed.kind == "records"
    query = query_of(MODEL, question, history)
    assert query["kind"] == "themes" and query["text_field"] == "complaint_text"
    assert query["filters"] == [f.model_dump(mode="json", exclude_defaults=True) for f in listed.filters]
    assert query.get("time_range") == (
        listed.time_range and listed.time_range.model_dump(mode="json", exclude_none=True)
    )
