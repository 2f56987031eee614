"""Follow-up questions to offer after an answer, built from the model's labels and kept only if answerable.

Each candidate ("And by region?", "去年呢?", "Only high-value customers") is planned against the chat so
far with the offline planner and compiled; only those that give a new, valid query measuring the same
thing are offered, so a suggestion never leads to "I don't understand" nor silently changes the metric. A clarification or refusal offers the planner's own
suggestions instead.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from assistant.contracts import Answer, Language, Turn
from assistant.planner.pinned import RowsShown
from assistant.summary.formatting import lower_first
from semantic_layer import SemanticModel, SemanticQuery, compile_query
from semantic_layer.errors import SemanticLayerError
from semantic_layer.model import SimpleMetric

MAX_FOLLOWUPS = 4
MAX_TRIES = 10  # each try plans and compiles (a few ms)
TEMPLATES = {
    "en": {
        "by": "And by {label}?",
        "by_month": "And by month?",
        "last_year": "What about last year?",
        "this_year": "What about this year?",
        "only": "Only {label}",
        "their_texts": "What are the main themes in their {label}?",
    },
    "zh": {
        "by": "按{label}看呢?",
        "by_month": "换成按月",
        "last_year": "去年呢?",
        "this_year": "今年呢?",
        "only": "只看{label}",
        "their_texts": "他们的{label}主要是什么?",
    },
}


def followups(model: SemanticModel, answer: Answer, history: Sequence[Turn], as_of: date) -> list[str]:
    """Up to four follow-up questions in the answer's language."""
    plan = answer.plan
    if plan is None or plan.query is None or answer.status != "answered":
        return list(plan.suggestions[:MAX_FOLLOWUPS]) if plan else []
    from assistant.planner import plan_question

    query, language = plan.query, answer.language
    chat = [*history, Turn(question=answer.question, query=query)]
    seen = {query.model_dump_json()}
    chosen: list[str] = []
    for tries, candidate in enumerate(_candidates(model, query, language)):
        if len(chosen) >= MAX_FOLLOWUPS or tries >= MAX_TRIES:
            break
        planned = plan_question(candidate, chat, model, as_of, language)
        if planned.status != "ok" or planned.query is None:
            continue
        key = planned.query.model_dump_json()
        if key in seen or not _refines(query, planned.query) or not compiles(model, planned.query, as_of):
            continue
        seen.add(key)
        chosen.append(candidate)
    about_rows = _themes_of_rows_shown(model, answer, chat, as_of)
    return [*chosen[: MAX_FOLLOWUPS - 1], about_rows] if about_rows else chosen


def _themes_of_rows_shown(model: SemanticModel, answer: Answer, chat: list[Turn], as_of: date) -> str | None:
    """'What are the main themes in their complaint text?' after a short ranking or list: offered when it plans to
    the themes of the rows the answer shows (read from the answer itself, planner/pinned.py)."""
    from assistant.planner import plan_question

    language = answer.language
    for field in model.text_fields.values():
        label = field.label.zh if language == "zh" else lower_first(field.label.en)
        candidate = TEMPLATES[language]["their_texts"].format(label=label)
        planned = plan_question(candidate, chat, model, as_of, language, _rows_of(model, answer, as_of))
        pinned = planned.query is not None and any(f.op == "in" for f in planned.query.filters)
        if planned.status == "ok" and planned.query is not None and planned.query.kind == "themes" and pinned:
            return candidate
    return None


def _rows_of(model: SemanticModel, answer: Answer, as_of: date) -> RowsShown:
    """The key values of the rows an answer shows, read from its table (ranked rows come first)."""

    def values(query: SemanticQuery, key: str) -> list[Any] | None:
        try:
            columns = compile_query(model, query, as_of=as_of).columns
        except SemanticLayerError:
            return None
        index = next((i for i, column in enumerate(columns) if column.source == key), None)
        if index is None or query.limit is None or len(answer.columns) != len(columns):
            return None
        found = [row[index] for row in answer.rows[: query.limit] if row[index] is not None]
        return list(dict.fromkeys(found)) or None

    return values


def _refines(current: SemanticQuery, candidate: SemanticQuery) -> bool:
    """A follow-up keeps what is measured (kind, metrics, text field) and changes how it is cut."""
    return (candidate.kind, candidate.metrics, candidate.text_field) == (
        current.kind,
        current.metrics,
        current.text_field,
    )


def compiles(model: SemanticModel, query: SemanticQuery, as_of: date) -> bool:
    """Whether the query compiles over the model (e.g. a breakdown's entity joins its metrics)."""
    try:
        compile_query(model, query, as_of=as_of)
    except SemanticLayerError:
        return False
    return True


def _candidates(model: SemanticModel, query: SemanticQuery, language: Language) -> Iterator[str]:
    text = TEMPLATES[language]
    has_grain = any(d.grain for d in query.dimensions)
    if query.kind == "metrics" and not has_grain and query.compare is None:
        yield text["by_month"]
    # A breakdown of a theme answer would not change its themes, and a record list has no measure to break down.
    dimensions = list(_breakdowns(model, query, language)) if query.kind == "metrics" else []
    if not query.dimensions:
        yield from dimensions[:2]
    label = query.time_range.label if query.time_range else None
    # A snapshot metric (a state as of today) gives the same number for any period: no time follow-up.
    if not _snapshot(model, query):
        if label in ("last year", "去年"):
            yield text["this_year"]
        elif not has_grain:
            yield text["last_year"]
    for name, segment in model.segments.items():
        if name not in query.segments and name not in _compared(query):
            segment_label = segment.label.zh if language == "zh" else lower_first(segment.label.en)
            yield text["only"].format(label=segment_label)
    if query.dimensions:
        yield from dimensions[:2]


def _snapshot(model: SemanticModel, query: SemanticQuery) -> bool:
    metrics = [model.metrics.get(name) for name in query.metrics]
    return bool(metrics) and all(isinstance(m, SimpleMetric) and m.snapshot for m in metrics)


def _compared(query: SemanticQuery) -> list[str]:
    return list(query.compare.segments) if query.compare and query.compare.segments else []


def _breakdowns(model: SemanticModel, query: SemanticQuery, language: Language) -> Iterator[str]:
    """'And by <dimension>?' for low-cardinality dimensions, the query's own entity first."""
    used = {d.name for d in query.dimensions}
    home = _home_entity(model, query)
    entities = sorted(model.entities.items(), key=lambda item: item[0] != home)
    for entity_name, entity in entities:
        for name, dimension in entity.dimensions.items():
            if f"{entity_name}.{name}" in used or dimension.pii or dimension.label is None:
                continue
            if dimension.type != "categorical" or not dimension.sample_values or name.endswith("_id"):
                continue
            label = dimension.label.zh if language == "zh" else lower_first(dimension.label.en)
            yield TEMPLATES[language]["by"].format(label=label)


def _home_entity(model: SemanticModel, query: SemanticQuery) -> str | None:
    """The entity the query counts: its text field's, or its first simple metric's."""
    if query.text_field and query.text_field in model.text_fields:
        return model.text_fields[query.text_field].entity
    for name in query.metrics:
        metric = model.metrics.get(name)
        while metric is not None and not isinstance(metric, SimpleMetric):
            metric = model.metrics.get(metric.numerator) if metric.type == "ratio" else None
        if isinstance(metric, SimpleMetric):
            return metric.measure.partition(".")[0]
    return None
