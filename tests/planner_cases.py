"""Helpers of the planner cause tests (tests/test_planner_*_causes.py, test_planner_population_periods.py): the
offline planner asked as of the blind sets' date."""

from __future__ import annotations

from datetime import date
from typing import Any

from assistant.contracts import Turn, detect_language
from assistant.planner import plan_question

AS_OF = date(2026, 12, 4)


def plan(model: Any, question: str, history: list[Turn] | None = None, as_of: date = AS_OF) -> Any:
    return plan_question(question, history or [], model, as_of, detect_language(question))


def query_of(model: Any, question: str, history: list[Turn] | None = None) -> dict[str, Any]:
    """The planned query as JSON; the plan must be an answer."""
    result = plan(model, question, history)
    assert result.status == "ok" and result.query is not None, (question, result.status, result.clarification)
    return dict(result.query.model_dump(mode="json", exclude_defaults=True))


def history_of(model: Any, *questions: str) -> list[Turn]:
    """A conversation: each question planned after the ones before it."""
    turns: list[Turn] = []
    for question in questions:
        turns.append(Turn(question=question, query=plan(model, question, turns).query))
    return turns
