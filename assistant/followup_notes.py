"""What a follow-up kept from the question before it and what it dropped, as assumption lines.

"And by month?" after "Which region has the highest churn rate this year?" keeps the metric, the year and
the region breakdown; a reader should see that, and see when a limit, a filter or a group was left out.
"""

from __future__ import annotations

from assistant.contracts import Language
from semantic_layer import METRIC_TIME, SemanticModel, SemanticQuery
from semantic_layer.errors import QueryError

TEXT = {
    "en": {
        "kept": "Kept from the previous question: {items}.",
        "dropped": "Not kept from the previous question: {items}.",
        "top": "the top {limit}",
        "by": "by {label}",
        "sep": "; ",
    },
    "zh": {
        "kept": "沿用上一个问题的:{items}。",
        "dropped": "未沿用上一个问题的:{items}。",
        "top": "前 {limit} 名",
        "by": "按{label}",
        "sep": ";",
    },
}


def followup_notes(
    model: SemanticModel, previous: SemanticQuery, current: SemanticQuery, language: Language
) -> list[str]:
    """One line for what `current` kept of `previous` (breakdowns, populations, filters, period, limit) and
    one for what it dropped; nothing when the two questions share nothing (a new question, not a follow-up)."""
    text = TEXT[language]
    before, after = _parts(model, previous, language), _parts(model, current, language)
    kept = [label for key, label in before.items() if key in after]
    dropped = [label for key, label in before.items() if key not in after]
    if not kept or previous.kind != current.kind or set(previous.metrics) != set(current.metrics):
        return []
    lines = [text["kept"].format(items=text["sep"].join(kept))]
    if dropped:
        lines.append(text["dropped"].format(items=text["sep"].join(dropped)))
    return lines


def _parts(model: SemanticModel, query: SemanticQuery, language: Language) -> dict[str, str]:
    """The parts of a query a follow-up may keep, by a comparable key, with how a reader names them."""
    text = TEXT[language]
    parts: dict[str, str] = {}
    for dimension in query.dimensions:
        if dimension.name != METRIC_TIME:
            parts[f"dim:{dimension.name}"] = text["by"].format(label=_dimension(model, dimension.name, language))
    for name in query.segments:
        segment = model.segments.get(name)
        parts[f"segment:{name}"] = (segment.label.zh if language == "zh" else segment.label.en) if segment else name
    for flt in query.filters:
        values = ", ".join(str(value) for value in flt.values)
        parts[f"filter:{flt.field}:{flt.op}:{values}"] = f"{_dimension(model, flt.field, language)} {values}".strip()
    if query.time_range is not None:
        tr = query.time_range
        parts[f"time:{tr.start}:{tr.end}"] = tr.label or f"{tr.start} – {tr.end}"
    if query.limit is not None:
        parts[f"limit:{query.limit}"] = text["top"].format(limit=query.limit)
    return parts


def _dimension(model: SemanticModel, name: str, language: Language) -> str:
    try:
        dimension = model.dimension(name)[1]
    except QueryError:
        return name
    if dimension.label is None:
        return name.rpartition(".")[2]
    return dimension.label.zh if language == "zh" else dimension.label.en.lower()
