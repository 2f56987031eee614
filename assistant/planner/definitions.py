"""A population named and then spelled out ("customers who have gone quiet — still active but no completed
purchase in the last 90 days"): the words that restate a segment's own definition (its base filter as another
segment, its related-rows condition as a negated filter, its `last_days` window as the time range) are that
segment, not extra filters and dates on top of it (which would count something else)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import sqlglot
from sqlglot import exp

from assistant.contracts import Span
from assistant.planner.reading import Reading
from semantic_layer import SemanticModel, SemanticQuery
from semantic_layer.model import SimpleMetric


@dataclass(frozen=True)
class Restated:
    segment: str
    query: SemanticQuery  # the query without the restated elements
    dropped: frozenset[tuple[str, str | None]]  # (span role, target) of the restated elements


def restated(model: SemanticModel, query: SemanticQuery, as_of: date) -> Restated | None:
    """The query with a segment's restated definition removed, when the question restates all of its
    related-rows condition (the negated/plain filter and the window); None otherwise."""
    named = list(query.segments) + _metric_segments(model, query)  # 'active customers' as a count names them
    spelled = [
        n
        for n, s in model.segments.items()
        if n not in named and any(model.segments[m].filter == s.filter for m in named)
    ]
    for name in [*named, *spelled]:  # a segment named, or one whose whole definition the question spells out
        segment = model.segments[name]
        related = segment.not_exists or segment.exists
        if related is None:
            continue
        condition = _equality(related.filter)
        if condition is None or related.last_days is None:
            continue
        field = f"{related.entity}.{condition[0]}"
        ops = ("!=", "not_in") if segment.not_exists else ("=", "in")
        filters = [f for f in query.filters if f.field == field and f.op in ops and f.values == [condition[1]]]
        window = query.time_range
        if not filters or window is None or window.field is not None or window.end != as_of:
            continue
        if (window.end - window.start).days + 1 != related.last_days:
            continue
        same_base = [
            s
            for s in [*query.segments, *_metric_segments(model, query)]
            if s != name
            and model.segments[s].entity == segment.entity
            and model.segments[s].filter == segment.filter
            and model.segments[s].exists is None
            and model.segments[s].not_exists is None
        ]
        dropped = {("segment", s) for s in same_base} | {("filter", field), ("time_range", None)}
        if name not in named and not same_base:
            continue
        kept = query.model_copy(
            update={
                "segments": [s for s in query.segments if s not in same_base] + ([] if name in named else [name]),
                "filters": [f for f in query.filters if f not in filters],
                "time_range": None,
            }
        )
        return Restated(name, kept, frozenset(dropped))
    return None


def _metric_segments(model: SemanticModel, query: SemanticQuery) -> list[str]:
    """Segments a count metric of the query counts ('active_customers' counts the rows of the active segment)."""
    found: list[str] = []
    for metric in query.metrics:
        simple = model.metrics.get(metric)
        if not isinstance(simple, SimpleMetric):
            continue
        entity, measure = model.measure(simple.measure)
        if measure.agg != "count" or not measure.filter:
            continue
        found += [
            n
            for n, s in model.segments.items()
            if s.entity == entity and s.filter == measure.filter and not (s.exists or s.not_exists) and n not in found
        ]
    return [n for n in found if n not in query.segments]


def as_segment(spans: list[Span], found: Restated) -> list[Span]:
    """Spans of the restated elements now back the segment they spell out."""
    out: list[Span] = []
    for span in spans:
        key = (span.role, None if span.role == "time_range" else span.target)
        if key in found.dropped:
            out.append(span.model_copy(update={"role": "segment", "target": found.segment, "value": None}))
        else:
            out.append(span)
    return out


def note(model: SemanticModel, found: Restated, language: str) -> str:
    label = model.segments[found.segment].label
    if language == "zh":
        return f"问题里描述的条件就是“{label.zh}”的定义,按该人群统计。"
    return f"Read the conditions you spelled out as the definition of {label.en.lower()}."


def absence_text(phrase: str, language: str) -> str:
    if language == "zh":
        return f"我无法用模型里的条件表达“{phrase}”;忽略它或改成别的筛选都会算出另一个数。请换一种模型里有的说法(例如模型定义的人群)。"
    return (
        f"I can't express '{phrase}' with the conditions the model has, and dropping it or filtering something "
        "else would count other rows. Could you put it in terms the model has (e.g. one of its populations)?"
    )


def _equality(condition: str | None) -> tuple[str, str] | None:
    """`status = 'completed'` -> ('status', 'completed'); None for anything else."""
    if not condition:
        return None
    try:
        parsed = sqlglot.parse_one(condition)
    except sqlglot.errors.ParseError:
        return None
    if (
        isinstance(parsed, exp.EQ)
        and isinstance(parsed.this, exp.Column)
        and isinstance(parsed.expression, exp.Literal)
        and parsed.expression.is_string
    ):
        return parsed.this.name, parsed.expression.this
    return None


_ABSENCE = re.compile(r"\b(?:no|without|never)\s+(?:[a-z]+\s+){0,2}$")


def unexpressed_absence(model: SemanticModel, reading: Reading, query: SemanticQuery) -> str | None:
    """'customers with no completed order (in …)': rows of another entity that do NOT exist. A filter on that
    entity's fields (or a count of its rows) answers something else; only a segment of the model with that
    related-rows condition expresses it. Returns the phrase when the query has no such segment."""
    counted = {_entity_of(model, m) for m in query.metrics} - {None}
    covered = {
        related.entity
        for name in query.segments
        if (related := model.segments[name].not_exists or model.segments[name].exists) is not None
    }
    for match in reading.matches:
        hit = _ABSENCE.search(reading.masked[: match.start])
        if hit is None:
            continue
        metrics = {e.target for e in match.of("metric")}
        entities = {e.target for e in match.of("entity")} | {_entity_of(model, m) for m in metrics}
        entities.discard(None)
        phrase = " ".join(reading.masked[hit.start() : match.end].split())  # words blanked as emphasis left out
        if metrics & set(query.metrics):  # 'tickets with no response' answered with a count of responses
            return phrase
        if entities and not entities & covered and counted and not entities & counted:
            return phrase
    return None


def _entity_of(model: SemanticModel, metric: str) -> str | None:
    found = model.metrics[metric]
    measure = getattr(found, "measure", None)
    return measure.partition(".")[0] if isinstance(measure, str) else None
