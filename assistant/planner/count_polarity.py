"""Which end of a count of a population is good: "rank regions by how many customers churned, worst first" counts
customers within the churned population, and the worst region is the one with the MOST of them. A count of people is
neutral by itself (more customers is better); when the population counted is a segment the model also measures as a
metric of its own (churned customers, higher is worse), that metric's direction applies to the count. The segment may
be said as its condition ("rank regions by number of customers lost, worst first" filters status = churned): a query
whose filters hold the whole condition of such a segment counts that segment.
"""

from __future__ import annotations

from typing import Any

from assistant.planner import conditions
from semantic_layer import SemanticModel


def higher_is_better(model: SemanticModel, query: dict[str, Any], metric: str) -> bool:
    """The direction of `metric` as the query counts it: a segment's own metric's when the query counts a segment of
    the metric's entity and that segment is measured by a metric of the same name."""
    own = model.metrics[metric].higher_is_better
    for segment in _counted_segments(model, query):
        measured = model.metrics.get(segment)
        if (
            measured is not None
            and measured.higher_is_better != own
            and measured.format == model.metrics[metric].format
        ):
            return measured.higher_is_better
    return own


def _counted_segments(model: SemanticModel, query: dict[str, Any]) -> list[str]:
    """The segments the query names, and those whose whole condition its filters hold."""
    named = list(query.get("segments") or [])
    filters = query.get("filters") or []
    for name, segment in model.segments.items():
        if name in named or segment.exists is not None or segment.not_exists is not None:
            continue
        condition = conditions.as_filters(model, segment.entity, segment.filter)
        if condition and all(one in filters for one in condition):
            named.append(name)
    return named
