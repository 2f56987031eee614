"""Causes read in blind set 9 after it was scored (round 6), fixed as general mechanisms and tested with other
phrasings: a fortnight and 'N days ago' (time_phrases.py), number words as numbers (words.content_word)."""

from __future__ import annotations

import pytest

from semantic_layer import load_model
from tests.planner_cases import history_of, plan, query_of

MODEL = load_model()


@pytest.mark.parametrize(
    ("question", "start", "end"),
    [
        ("how many tickets came in over the last fortnight", "2026-11-21", "2026-12-04"),
        ("revenue for the past fortnight by channel", "2026-11-21", "2026-12-04"),
        ("how many orders were placed 2 days ago", "2026-12-02", "2026-12-02"),
        ("四天前有多少新客户", "2026-11-30", "2026-11-30"),
    ],
)
def test_fortnights_and_days_ago_are_periods(question: str, start: str, end: str) -> None:
    query = query_of(MODEL, question)
    assert (query["time_range"]["start"], query["time_range"]["end"]) == (start, end)


@pytest.mark.parametrize(
    ("earlier", "question"),
    [
        ("top 5 cities by revenue this year", "for those five cities, how many orders did each place"),
        ("top 3 regions by revenue", "and for those three, what's the churn rate"),
    ],
)
def test_a_number_word_is_a_number_not_an_unknown_word(earlier: str, question: str) -> None:
    result = plan(MODEL, question, history_of(MODEL, earlier))
    assert result.status == "ok", result.clarification


def test_an_unknown_word_beside_a_number_word_is_still_asked_back() -> None:
    result = plan(MODEL, "how many orders did the five franchisees place", [])
    assert result.status == "clarify" and "franchisees" in (result.clarification or "")
