"""A total said per another count: 'average lifetime spend per paying customer', 'revenue per completed order'. When the
model has a ratio of exactly those two metrics (numerator named first, denominator right after 'per'), the question
asks for that ratio (customer lifetime value, average order value) — not the two totals side by side, and not a
question back for an average of a total (`averages.py`).

A denominator the model has no ratio over ('revenue per customer': all customers, not buyers) changes nothing."""

from __future__ import annotations

import re

from assistant.contracts import Span
from assistant.planner.reading import Reading
from semantic_layer import SemanticModel, SemanticQuery
from semantic_layer.model import RatioMetric

_PER = re.compile(r"(?:\bper|\bfor each|\bfor every|/|\bdivided by)\s+(?:each\s+|every\s+|one\s+|single\s+|the\s+)?$")


def as_ratio(model: SemanticModel, reading: Reading, query: SemanticQuery) -> tuple[SemanticQuery, str] | None:
    """The query asking for the model's ratio of its two metrics said as '<numerator> per <denominator>', and the
    ratio's name; None when the question says no such ratio."""
    if query.kind != "metrics" or len(query.metrics) != 2 or query.share is not None:
        return None
    first, second = query.metrics
    said = {m: _mentions(reading, m) for m in (first, second)}
    for numerator, denominator in ((first, second), (second, first)):
        per = [d for d in said[denominator] if _PER.search(reading.masked[:d])]
        if not per or not any(n < per[0] for n in said[numerator]):
            continue
        for name, metric in model.metrics.items():
            if (
                isinstance(metric, RatioMetric)
                and not metric.hidden
                and (metric.numerator, metric.denominator)
                == (
                    numerator,
                    denominator,
                )
            ):
                return query.model_copy(update={"metrics": [name]}), name
    return None


def _mentions(reading: Reading, metric: str) -> list[int]:
    return [m.start for m in reading.matches if any(e.target == metric for e in m.of("metric"))]


def backing(spans: list[Span], parts: list[str], ratio: str) -> list[Span]:
    """The words of the ratio's numerator and denominator back the ratio ('spend' and 'paying customer' -> CLV)."""
    return [s.model_copy(update={"target": ratio}) for s in spans if s.role == "metric" and s.target in parts]
