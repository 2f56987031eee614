"""'How many times did they complain', '投诉过多少次': the question counts events, not the distinct people
behind them. A distinct count ('complaining customers') becomes the model's count of the same rows (same
entity, same condition) when the question asks for a number of times."""

from __future__ import annotations

import re

from assistant.contracts import Language
from assistant.planner.messages import assumption
from assistant.planner.reading import Reading
from semantic_layer import SemanticModel, SemanticQuery
from semantic_layer.model import SimpleMetric

TIMES_ASKED = re.compile(r"\bhow many times\b|\bnumber of times\b|多少次|几次|次数")


def times_counted(
    model: SemanticModel, reading: Reading, query: SemanticQuery, language: Language
) -> tuple[SemanticQuery, str | None]:
    """The query counting events when the question asks 'how many times'; else the query unchanged."""
    if query.kind != "metrics" or not TIMES_ASKED.search(reading.masked):
        return query, None
    swapped = [_event_count(model, name) or name for name in query.metrics]
    if swapped == query.metrics:
        return query, None
    changed = [f"{old} -> {new}" for old, new in zip(query.metrics, swapped, strict=True) if old != new]
    note = assumption(language, "times_counted", metrics=", ".join(changed))
    return query.model_copy(update={"metrics": list(dict.fromkeys(swapped))}), note


def _event_count(model: SemanticModel, name: str) -> str | None:
    found = model.metrics.get(name)
    if not isinstance(found, SimpleMetric):
        return None
    entity, measure = model.measure(found.measure)
    if measure.agg != "count_distinct":
        return None
    for other_name, other in model.metrics.items():
        if not isinstance(other, SimpleMetric) or other.hidden or other.segments != found.segments:
            continue
        other_entity, counted = model.measure(other.measure)
        same_rows = counted.filter == measure.filter and counted.agg_time_dimension == measure.agg_time_dimension
        if other_entity == entity and counted.agg == "count" and counted.expr is None and same_rows:
            return other_name
    return None


_DISTINCT = re.compile(r"\b(?:different|distinct|unique)\b")
_COUNT_CUE = re.compile(r"\bhow many\b|\bnumber of\b")


def distinct_unclear(
    model: SemanticModel, reading: Reading, said: list[str], query: SemanticQuery, language: Language
) -> str | None:
    """'How many different customers complained': the count must count that noun's entity (or distinct
    people); a plan counting other rows ('orders' for 'unique members who ordered') is asked back.
    `said`: what the user typed where the reading was corrected. The clarification, or None when fine."""
    if query.kind != "metrics" or not any(_DISTINCT.search(s) for s in said):
        return None
    cue = _COUNT_CUE.search(reading.masked)
    # the first noun ending after the cue, also one matched with it ('how many customers' is a phrase of the model)
    after = sorted((m for m in reading.matches if cue is not None and m.end > cue.end()), key=lambda m: m.start)
    noun = after[0] if after else None
    entities = {e.target for e in noun.of("entity")} if noun else set()
    entities |= {model.segments[e.target].entity for e in noun.of("segment")} if noun else set()
    entities |= {e for e in (_plain_count_entity(model, m.target) for m in noun.of("metric")) if e} if noun else set()
    fine = all(_counts_entity(model, m, entities) for m in query.metrics)
    if fine:
        return None
    word = re.match(r"\s*([^\s,.?!]+)", reading.masked[cue.end() :]) if cue is not None else None
    named = noun.text.strip() if noun and entities else (word.group(1) if word else "")
    return assumption(language, "distinct_unclear", noun=named)


def _counts_entity(model: SemanticModel, name: str, entities: set[str]) -> bool:
    found = model.metrics.get(name)
    if not isinstance(found, SimpleMetric):
        return False
    entity, measure = model.measure(found.measure)
    return measure.agg == "count_distinct" or (entity in entities and measure.agg == "count")


def _plain_count_entity(model: SemanticModel, name: str) -> str | None:
    """The entity a metric counts every row of ('how many customers' names the customers), else None."""
    found = model.metrics.get(name)
    if not isinstance(found, SimpleMetric) or found.segments:
        return None
    entity, measure = model.measure(found.measure)
    return entity if measure.agg == "count" and measure.expr is None and measure.filter is None else None
