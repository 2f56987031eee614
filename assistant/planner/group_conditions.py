"""A condition on a measure that picks groups: 'which cities have an AOV above 500', '哪些城市的客单价超过500',
'regions where churn rate is over 5%'. The condition is on each group's value of the measure (a HAVING), which
no filter of a query can express: it must not become a filter on the rows' number column (each order's amount)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.planner.lexicon import Match
from semantic_layer import SemanticModel
from semantic_layer.model import SimpleMetric

# a question picking groups: 'which cities', '哪些城市', 'regions where/whose/with …'
_PICKS_BEFORE = re.compile(r"(?:\b(?:which|what)\s+|哪些|哪个|哪几个|哪几)$")
_PICKS_AFTER = re.compile(r"^\s*(?:where|whose|with|that have|that had|having|that)\b")


def picks_groups(
    model: SemanticModel, masked: str, matches: Sequence[Match], condition_start: int
) -> tuple[str, str] | None:
    """'哪些城市的客单价超过500', 'which cities have an AOV above 500', 'regions where churn rate is over 5%': the
    groups a question picks by a condition on a measure before that condition — such a condition is on each group's
    value (no filter can express it), not on rows. Returns the metric the condition is on and the groups' field."""
    groups = [
        m for m in matches
        if m.end <= condition_start and any(model.dimension(e.target)[1].type != "number" for e in m.of("dimension"))
        and (_PICKS_BEFORE.search(masked[: m.start]) or _PICKS_AFTER.match(masked[m.end :]))
    ]  # fmt: skip
    before = next((m for m in reversed(matches) if m.end <= condition_start and m.of("metric")), None)
    if not groups or before is None or before.start < groups[0].end:
        return None
    metrics = [e.target for e in before.of("metric") if e.target in model.metrics]
    counts = [m for m in metrics if _counts_rows(model, m)]
    if not metrics or counts:
        return None
    group = next(e.target for e in groups[0].of("dimension") if model.dimension(e.target)[1].type != "number")
    return metrics[0], group


def _counts_rows(model: SemanticModel, name: str) -> bool:
    """A plain count of an entity's rows ('orders over 500 yuan' are orders whose amount is over 500)."""
    metric = model.metrics[name]
    return isinstance(metric, SimpleMetric) and model.measure(metric.measure)[1].agg == "count"
