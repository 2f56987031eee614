"""Helpers of the planner cause tests (tests/test_planner_*_causes.py, test_planner_population_periods.py): the
offline planner asked as of the blind sets' date."""

from __future__ import annotations

from datetime import date
from typing import Any

from assistant.contracts import Turn, detect_language
from assistant.planner import plan_question

AS_OF = date(2026, 12, 4)


def plan(model: Any, question: str, history: list[Turn] | None = None, as_of: date = AS_OF, shown: Any = None) -> Any:
    """The offline plan of `question` after `history`; `shown` is the table the previous answer showed."""
    return plan_question(question, history or [], model, as_of, detect_language(question), shown)


def query_of(model: Any, question: str, history: list[Turn] | None = None, shown: Any = None) -> dict[str, Any]:
    """The planned query as JSON without its defaults; the plan must be an answer."""
    result = plan(model, question, history, shown=shown)
    assert result.status == "ok" and result.query is not None, (question, result.status, result.clarification)
    return dict(result.query.model_dump(mode="json", exclude_defaults=True))


def asked_back(model: Any, question: str, history: list[Turn] | None = None) -> str:
    """The question back (or the statement that it is outside the data); the plan must not be an answer."""
    result = plan(model, question, history)
    assert result.status in ("clarify", "unsupported"), (question, result.status, result.query)
    return str(result.clarification or "")


def history_of(model: Any, *questions: str) -> list[Turn]:
    """A conversation: each question planned after the ones before it."""
    turns: list[Turn] = []
    for question in questions:
        turns.append(Turn(question=question, query=plan(model, question, turns).query))
    return turns


def filters_of(query: dict[str, Any]) -> list[tuple[str, str, list[Any]]]:
    """(field, op, values) of each filter of a planned query's JSON."""
    return [(f["field"], f["op"], f.get("values", [])) for f in query.get("filters", [])]


def dimension_names(query: dict[str, Any]) -> list[str]:
    return [d["name"] for d in query.get("dimensions", [])]


def dates_of(query: dict[str, Any]) -> tuple[str, str]:
    return query["time_range"]["start"], query["time_range"]["end"]


def order_of(query: dict[str, Any]) -> list[tuple[str, str]]:
    return [(o["field"], o.get("direction", "desc")) for o in query.get("order_by", [])]


_PLAN_KEYS = ("kind", "metrics", "dimensions", "filters", "segments", "time_range", "compare", "limit", "text_field")


def _essentials(query: dict[str, Any]) -> dict[str, Any]:
    planned = {k: query.get(k) for k in _PLAN_KEYS}
    if planned["time_range"]:
        planned["time_range"] = {k: planned["time_range"].get(k) for k in ("field", "start", "end")}
    return planned


def same_plan(model: Any, question: str, plain: str) -> None:
    """The question in its frame is planned as the plain question (its period's label aside)."""
    assert _essentials(query_of(model, question)) == _essentials(query_of(model, plain))
