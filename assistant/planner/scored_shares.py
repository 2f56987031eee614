"""'Of the NPS responses, what share were detractors': a score metric named next to a count whose condition compares
the score's own column (detractors: nps_score <= 6) asks the count's share of the rows that HAVE a score — the
entity's rows with that column not null — not of every row (responses without an NPS score are no NPS responses)."""

from __future__ import annotations

import re
from typing import Any

from semantic_layer import SemanticModel, SemanticQuery
from semantic_layer.model import DerivedMetric, RatioMetric, SimpleMetric

Conditions = tuple[list[dict[str, Any]], list[str]]


def _counted(model: SemanticModel, metric: str) -> tuple[str, list[dict[str, Any]]] | None:
    from assistant.planner.rates import counted_rows  # rates calls this module: imported when used

    rows = counted_rows(model, metric)
    return (rows[0], rows[2]) if rows is not None and not rows[1] else None


def score_column(model: SemanticModel, metric: str) -> str | None:
    """The one number column a score metric reads: an average's column, or the one column its parts' conditions
    compare (NPS: promoters, detractors and responses with a score all read nps_score)."""
    found = model.metrics.get(metric)
    if isinstance(found, SimpleMetric):
        entity, measure = model.measure(found.measure)
        column = (measure.expr or "").strip()
        dims = model.entities[entity].dimensions
        return f"{entity}.{column}" if measure.agg == "avg" and column in dims else None
    if isinstance(found, DerivedMetric):
        parts = [name for name in re.findall(r"[a-z_][a-z0-9_]*", found.expr) if name in model.metrics]
    elif isinstance(found, RatioMetric):
        parts = [found.numerator, found.denominator]
    else:
        return None
    fields = set()
    for part in parts:
        counted = _counted(model, part)
        if counted is None or not counted[1]:
            return None
        fields |= {f["field"] for f in counted[1]}
    return fields.pop() if len(fields) == 1 else None


_COMPARISONS = frozenset({"=", "<", "<=", ">", ">=", "between", "in"})


def scored_share(
    model: SemanticModel, query: SemanticQuery, count_metric: dict[str, str]
) -> tuple[str, Conditions, Conditions, str] | None:
    """(whole metric, whole's conditions, part's conditions, the part's metric) for [score metric, count of a score
    range] ('NPS' and 'detractors'; the plain count of the same rows may be named too: 'NPS responses'), or None."""
    for score in query.metrics:
        column = score_column(model, score)
        counts = [m for m in query.metrics if m != score]
        if column is None or not counts:
            continue
        entity = column.partition(".")[0]
        plain = count_metric.get(entity)
        parts = [m for m in counts if m != plain]
        counted = _counted(model, parts[0]) if len(parts) == 1 else None
        if plain is None or counted is None or counted[0] != entity or not counted[1]:
            continue
        count, conditions = parts[0], counted[1]
        if not all(c["field"] == column and c["op"] in _COMPARISONS for c in conditions):
            continue
        base = [f.model_dump(mode="json", exclude_none=True) for f in query.filters]
        base.append({"field": column, "op": "is_not_null", "values": []})
        return plain, (base, list(query.segments)), (conditions, []), count
    return None
