"""Follow-ups about the people or rows a count counted: 'how many customers churned last month' then 'what did they
complain about', 'why did they leave', 'list them', '他们主要投诉什么'. The pronoun stands for the counted population,
so the question is planned on its own with the pronoun named ('those customers') and then restricted to that
population: the previous count's segments and filters, the metric's own conditions, and its period on the field the
count dated (the churn date, not the date of a complaint). A period the question names itself dates its own rows
('what did they complain about last week'); the counted period then stays a condition of who is counted.

Only answers of another kind than a count (themes, records) are planned here: a further measure of the same people
('how many of them are members') is a follow-up of the count itself (followup.py)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from assistant.contracts import Language, Plan, Turn
from assistant.planner import conditions
from assistant.planner.messages import assumption
from assistant.planner.pinned import Planner, compiling
from assistant.summary.formatting import lower_first, plural_en
from semantic_layer import SemanticModel, SemanticQuery
from semantic_layer.compiler.metrics import leaf
from semantic_layer.model import SimpleMetric
from semantic_layer.query import METRIC_TIME

# A pronoun standing for the counted people or rows; 'those complaints' names its rows and is planned as said
_THEM = re.compile(r"\b(?:they|them|their|those|these)\b|他们|她们|它们|这些|那些")
_BARE = re.compile(r"they|them|their|他们|她们|它们")


def counted_population_plan(
    question: str,
    history: Sequence[Turn],
    model: SemanticModel,
    as_of: date,
    language: Language,
    plan_alone: Planner,
) -> Plan | None:
    """The plan of a themes or records question about the population the previous count counted, else None."""
    previous = next((turn.query for turn in reversed(history) if turn.query is not None), None)
    if previous is None or previous.kind != "metrics" or previous.dimensions or previous.compare is not None:
        return None
    population = _population(model, previous)
    pointing = _THEM.search(question.lower())
    if population is None or pointing is None:
        return None
    entity, segments, filters, period = population
    alone = plan_alone(question, [], model, as_of, language)
    if not _other_kind(alone) and _BARE.fullmatch(pointing.group(0)):  # 'list them': who 'them' is
        named = _named(model, entity, language)
        alone = plan_alone(
            question[: pointing.start()] + named + question[pointing.end() :], [], model, as_of, language
        )
    if not _other_kind(alone) or alone.query is None:
        return None
    query = _restricted(model, alone.query, segments, filters, period, as_of)
    if query is None:
        return None
    label = model.entities[entity].label
    rows = label.zh if language == "zh" else plural_en(lower_first(label.en))
    note = assumption(language, "counted_population", rows=rows, period=_period_text(previous, language))
    return alone.model_copy(update={"query": query, "assumptions": [note, *alone.assumptions]})


def _other_kind(plan: Plan) -> bool:
    return plan.status == "ok" and plan.query is not None and plan.query.kind in ("themes", "records")


def _population(
    model: SemanticModel, previous: SemanticQuery
) -> tuple[str, list[str], list[dict[str, Any]], dict[str, Any] | None] | None:
    """What the count counted: its entity, segments, filters (the metric's own among them) and dated period."""
    if len(previous.metrics) != 1 or previous.metrics[0] not in model.metrics:
        return None
    metric = model.metrics[previous.metrics[0]]
    if not isinstance(metric, SimpleMetric):
        return None
    counted = leaf(model, previous.metrics[0])
    if counted.measure.agg != "count" or counted.measure.expr is not None:
        return None
    own = conditions.as_filters(model, counted.entity, counted.measure.filter)
    if own is None:
        return None
    segments = list(dict.fromkeys([*metric.segments, *previous.segments]))
    filters = [*own, *(f.model_dump(mode="json", exclude_none=True) for f in previous.filters)]
    period = None
    if previous.time_range is not None and not counted.snapshot:
        period = previous.time_range.model_dump(mode="json", exclude_none=True)
        field = period.get("field") or f"{counted.entity}.{counted.measure.agg_time_dimension}"
        if field == METRIC_TIME or field.endswith(".None"):
            return None
        period["field"] = field
    return counted.entity, segments, filters, period


def _restricted(
    model: SemanticModel,
    alone: SemanticQuery,
    segments: list[str],
    filters: list[dict[str, Any]],
    period: dict[str, Any] | None,
    as_of: date,
) -> SemanticQuery | None:
    query = alone.model_dump(mode="json", exclude_none=True)
    own = {f["field"] for f in query.get("filters", [])}
    query["filters"] = [*query.get("filters", []), *(f for f in filters if f["field"] not in own)]
    query["segments"] = list(dict.fromkeys([*query.get("segments", []), *segments]))
    if period is not None and "time_range" not in query:
        query["time_range"] = period
        if query.get("kind") == "themes":
            query.setdefault("compare", {"previous_period": True})
    elif period is not None:  # the question dates its own rows; the counted period still says who is counted
        between = {"field": period["field"], "op": "between", "values": [period["start"], period["end"]]}
        query["filters"].append(between)
    return compiling(model, query, as_of)


def _named(model: SemanticModel, entity: str, language: Language) -> str:
    label = model.entities[entity].label
    return f"这些{label.zh}" if language == "zh" else f"those {plural_en(lower_first(label.en))}"


def _period_text(previous: SemanticQuery, language: Language) -> str:
    if previous.time_range is None:
        return ""
    span = f"{previous.time_range.start}..{previous.time_range.end}"
    return f"({span})" if language == "zh" else f" ({span})"
