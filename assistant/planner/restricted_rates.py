"""A share asked within a restricted whole: "what percentage of delivered messages converted", "of the settled orders,
what share came back". Both conditions of such a share are the model's: the whole named first (before or as the
noun asked about) is a rate's denominator condition and the part named after it is that rate's numerator condition,
so the answer is that rate (conversion rate = converted ÷ delivered). Read as the rate of the part alone over all
rows (delivery rate, the first rate whose numerator the conditions include) it answers another question; read as a
share of all rows it drops the restriction of the whole."""

from __future__ import annotations

from typing import Any

from assistant.planner import rates
from assistant.planner.reading import Reading
from assistant.planner.shaping import _lexicon
from semantic_layer import SemanticModel, SemanticQuery
from semantic_layer.model import RatioMetric


def restricted_rate(model: SemanticModel, reading: Reading, query: SemanticQuery) -> tuple[str, SemanticQuery] | None:
    """The percent rate whose denominator condition is the whole named first and whose numerator condition is the
    part named after it, with the query re-stated as that rate (both conditions dropped as filters); None when no
    rate of the model explains the two conditions in that order. The conditions may be said as values ('delivered'
    of a yes/no field) or as the model's counts of them ('delivered touches')."""
    counts = {m: rates.counted_rows(model, m) for m in query.metrics}
    if len(query.metrics) > 2 or any(rows is None for rows in counts.values()):
        return None
    filters = [f.model_dump(mode="json", exclude_none=True) for f in query.filters]
    for name, metric in model.metrics.items():
        if not isinstance(metric, RatioMetric) or metric.hidden or metric.format != "percent":
            continue
        part, whole = rates.counted_rows(model, metric.numerator), rates.counted_rows(model, metric.denominator)
        if part is None or whole is None or part[1] or whole[1] or not part[2] or not whole[2]:
            continue
        entity = part[0]
        named = {metric.numerator, metric.denominator, _lexicon(model).count_metric.get(entity)}
        if whole[0] != entity or not set(query.metrics) <= named:
            continue
        first_part, first_whole = (
            _said_at(reading, part[2], metric.numerator),
            _said_at(reading, whole[2], metric.denominator),
        )
        if first_part is None or first_whole is None or first_whole >= first_part:
            continue
        fields = {c["field"] for c in [*part[2], *whole[2]]}
        kept = [f for f in filters if f["field"] not in fields]
        if len(kept) + len(part[2]) + len(whole[2]) < len(filters):
            continue  # another condition on the same fields ('not delivered'): not the rate's own conditions
        changed = query.model_dump(mode="json", exclude_none=True) | {"metrics": [name], "filters": kept}
        return name, SemanticQuery.model_validate(changed)
    return None


def _said_at(reading: Reading, conditions: list[dict[str, Any]], count: str) -> int | None:
    """Where the question first names the conditions: a value of their fields or the model's count of them."""
    fields = {c["field"] for c in conditions}
    starts = [m.start for entries, negated, m in reading.values if not negated and {e.target for e in entries} & fields]
    starts += [m.start for m in reading.matches if count in {e.target for e in m.of("metric")}]
    return min(starts, default=None)
