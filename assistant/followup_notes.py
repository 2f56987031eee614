"""What a follow-up kept from the question before it and what it dropped, as assumption lines.

"And by month?" after "Which region has the highest churn rate this year?" keeps the metric, the year and
the region breakdown; a reader should see that, and see when a limit, a filter or a group was left out.
"""

from __future__ import annotations

from assistant.contracts import Language, detect_language
from semantic_layer import METRIC_TIME, SemanticModel, SemanticQuery
from semantic_layer.errors import QueryError

MAX_RANKED = 3  # "the top 3 regions" is a ranking; "the top 20 products" is a list that may stay a list

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
    model: SemanticModel,
    previous: SemanticQuery,
    current: SemanticQuery,
    language: Language,
    *,
    same_metrics: bool = True,
) -> list[str]:
    """One line for what `current` kept of `previous` (breakdowns, populations, filters, period, limit) and
    one for what it dropped; nothing when the two questions share nothing (a new question, not a follow-up) or,
    with `same_metrics`, measure different things (the pipeline cannot tell a new question that repeats a period
    from a follow-up; the offline planner can, and notes its follow-ups that change the metric itself)."""
    text = TEXT[language]
    before, after = _parts(model, previous, language), _parts(model, current, language)
    kept = [label for key, label in before.items() if key in after]
    dropped = [label for key, label in before.items() if key not in after]
    if not kept or previous.kind != current.kind or (same_metrics and set(previous.metrics) != set(current.metrics)):
        return []
    lines = [text["kept"].format(items=text["sep"].join(kept))]
    if dropped:
        lines.append(text["dropped"].format(items=text["sep"].join(dropped)))
    return lines


def release_ranking(previous: SemanticQuery, current: SemanticQuery) -> SemanticQuery:
    """A follow-up that adds a breakdown to a top-n ranking ("which region has the highest churn rate" ->
    "and by month?") does not keep the top n across the new breakdown (one row of region x month); the
    ranking's order goes with it when the new breakdown is time. Anything else is returned unchanged."""
    ranked = previous.limit is not None and previous.limit <= MAX_RANKED and bool(previous.order_by)
    added = len(current.dimensions) > len(previous.dimensions)
    if current.kind != "metrics" or not ranked or not added:  # a list keeps its rows whatever columns it shows
        return current
    if current.limit != previous.limit or current.order_by != previous.order_by:
        return current
    over_time = any(d.grain for d in current.dimensions)
    return current.model_copy(update={"limit": None, "order_by": [] if over_time else current.order_by})


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
        # A label in the other language ("this year" in a Chinese answer) gives way to the dates.
        same = tr.label is not None and detect_language(tr.label) == language
        parts[f"time:{tr.start}:{tr.end}"] = tr.label if same and tr.label else f"{tr.start} – {tr.end}"
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
