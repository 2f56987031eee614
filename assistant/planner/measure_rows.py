"""'only complaints' / 'just the complaints' / '只看投诉' after an average or a rate of tickets: a count metric
named after 'only' in a follow-up, whose rows are a subset of the rows the previous measure is taken over, names
those rows, not a new measure. The previous measure is kept and restricted by the count's own condition (the
average resolution time of complaints), instead of being replaced by the count of complaints."""

from __future__ import annotations

from typing import Any

from assistant.planner import cues
from assistant.planner.listing import _records_of_count
from assistant.planner.reading import Reading
from semantic_layer import SemanticModel, SemanticQuery
from semantic_layer.model import RatioMetric, SimpleMetric


def counted_rows_only(model: SemanticModel, reading: Reading, previous: SemanticQuery) -> list[dict[str, Any]] | None:
    """The filters of the count a restricting follow-up names, when they narrow the previous measure's rows; else
    None. A previous plain count of the same entity ('tickets', then 'only complaints') is left to be replaced."""
    if previous.kind != "metrics" or not reading.has(cues.ONLY) or len(reading.metrics) != 1:
        return None
    if reading.metrics[0] in previous.metrics:
        return None
    counted = _records_of_count(model, reading.metrics)
    if counted is None or not counted[1]:
        return None
    entity, condition = counted
    for metric in previous.metrics:
        if _entities_of(model, metric) != {entity} or _records_of_count(model, [metric]) == (entity, []):
            return None
    shown = [f.model_dump(mode="json", exclude_none=True) for f in previous.filters]
    return [f for f in condition if f not in shown]


def _entities_of(model: SemanticModel, metric: str) -> set[str]:
    """The entities whose rows a metric is taken over (empty when the model does not say, as for derived ones)."""
    found = model.metrics[metric]
    if isinstance(found, SimpleMetric):
        return {found.measure.partition(".")[0]}
    if isinstance(found, RatioMetric):
        return _entities_of(model, found.numerator) | _entities_of(model, found.denominator)
    return set()
