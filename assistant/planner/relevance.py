"""Whether a word the model knows is used as what it names in this question (issue 10, blind set 2).

A value word of a field ('low' of ticket priority) inside a phrase about something else ('low-CSAT surveys',
'NPS of 3 or lower') is not a filter on that field: the field's entity must be the one the question is about,
one it reaches, or one the question mentions itself. Derived from the model's entities and relationships.
"""

from __future__ import annotations

from typing import Any

from assistant.planner import conditions, cues
from assistant.planner.lexicon import Entry, Match
from assistant.planner.reading import Reading
from semantic_layer import SemanticModel
from semantic_layer.compiler import model_graph
from semantic_layer.compiler.metrics import leaf, leaf_names
from semantic_layer.errors import QueryError
from semantic_layer.model import SimpleMetric


def reachable(model: SemanticModel, anchor: str, target: str) -> bool:
    """`target` joins to `anchor` without fanning out (many-to-one all the way)."""
    try:
        return not any(edge.fans_out for edge in model_graph(model).path(anchor, target))
    except QueryError:
        return False


def entry_entity(model: SemanticModel, entry: Entry) -> str | None:
    """The entity an entry of the vocabulary belongs to."""
    if entry.kind == "entity":
        return entry.target
    if entry.kind in ("dimension", "value"):
        return entry.target.partition(".")[0]
    if entry.kind == "segment":
        return model.segments[entry.target].entity
    if entry.kind == "text_field":
        return model.text_fields[entry.target].entity
    if entry.kind == "metric":
        try:
            return leaf(model, leaf_names(model, entry.target)[0]).entity
        except (QueryError, KeyError, IndexError):
            return None
    return None


def related_entries(model: SemanticModel, reading: Reading, anchor: str, match: Match) -> list[Entry]:
    """The value entries of a match whose field the question can mean: on the anchor entity, one it reaches,
    or an entity some other word of the question names."""
    mentioned = {
        entity
        for other in reading.matches
        if other is not match
        for entry in other.entries
        if entry.kind != "value" and (entity := entry_entity(model, entry)) is not None
    }
    found = []
    for entry in match.of("value"):
        entity = entry.target.partition(".")[0]
        if entity == anchor or entity in mentioned or reachable(model, anchor, entity):
            found.append(entry)
    return found


def qualifying_metrics(model: SemanticModel, reading: Reading) -> tuple[list[str], list[dict[str, Any]]]:
    """Count metrics used as a qualifier of their own records, not asked for: '投诉工单和非投诉工单的平均解决时长'
    (complaint tickets and non-complaint tickets), 'tickets that were not complaints'. Such a metric is a
    count with a simple condition; it qualifies when negated, or when its entity's noun follows it. Returns
    the metric names every mention of which qualifies, and the filters (the condition, or its negation)."""
    dropped: dict[str, bool] = {}
    filters: list[dict[str, Any]] = []
    both = named_both_ways(model, reading)
    for match in reading.strong_matches:
        for entry in match.of("metric"):
            condition = _count_condition(model, entry.target)
            after = reading.masked[match.end :]
            negated = cues.negated_at(reading.masked, match, reading.matches)
            if condition is None:
                dropped[entry.target] = False
                continue
            entity, text = condition
            follows = next((m for m in reading.matches if m.start >= match.end), None)
            noun = follows is not None and not after[: follows.start - match.end].strip(" 的")
            noun = noun and follows is not None and any(e.target == entity for e in follows.of("entity"))
            found = conditions.negated(model, entity, text) if negated else conditions.as_filters(model, entity, text)
            if not (negated or noun or entry.target in both) or not found:
                dropped[entry.target] = False
                continue
            dropped.setdefault(entry.target, True)
            filters += [f for f in found if f not in filters]
    names = [name for name, qualifies in dropped.items() if qualifies]
    kept = {name for name, qualifies in dropped.items() if not qualifies}
    return names, filters if names and not kept & set(names) else []


def named_both_ways(model: SemanticModel, reading: Reading) -> set[str]:
    """'returns and non-returns', '投诉和非投诉': a count metric named once plainly and once negated splits its
    records by its condition, so every mention of it qualifies (the plain one too)."""
    seen: dict[str, set[bool]] = {}
    for match in reading.strong_matches:
        negated = cues.negated_at(reading.masked, match, reading.matches)
        for entry in match.of("metric"):
            if _count_condition(model, entry.target) is not None:
                seen.setdefault(entry.target, set()).add(negated)
    return {name for name, polarities in seen.items() if polarities == {True, False}}


def _count_condition(model: SemanticModel, metric: str) -> tuple[str, str] | None:
    """(entity, condition) of a metric counting its entity's rows that meet one condition."""
    found = model.metrics.get(metric)
    if not isinstance(found, SimpleMetric) or found.segments:
        return None
    entity, measure = model.measure(found.measure)
    if measure.agg != "count" or measure.expr is not None or not measure.filter or measure.per:
        return None
    return entity, measure.filter
