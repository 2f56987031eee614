"""'what share of them are members', '其中会员占比' after a count ('how many churned customers'): the pronoun is
the counted population, so the share is of that count — the same count with the named population or value as
its part (the query's `share`), not the model's rate over the part (the churn rate of members answers another
question)."""

from __future__ import annotations

import re
from typing import Any

from assistant.planner import cues
from assistant.planner.rates import _a_rates_numerator, counted_rows
from assistant.planner.reading import Reading
from assistant.planner.shaping import _anchor, _filters, _unique
from semantic_layer import SemanticModel, SemanticQuery

# the counted population pointed at: 'of them', 'of those', '其中', '这些人里'
_POINTED = re.compile(r"\b(?:of|among(?:st)?)\s+(?:them|those|these)\b|其中|当中|这些\S{0,4}[里中]|他们\S{0,2}[里中]")


def share_of_counted(
    model: SemanticModel, reading: Reading, previous: SemanticQuery, assumptions: list[str]
) -> SemanticQuery | None:
    """The previous count with the follow-up's population or value as the part of a share, or None when the
    follow-up is not a share of the counted rows."""
    if previous.kind != "metrics" or len(previous.metrics) != 1 or previous.share is not None or previous.compare:
        return None
    if not (reading.has(cues.SHARE) and reading.has(_POINTED)) or reading.breakdowns:
        return None
    if counted_rows(model, previous.metrics[0]) is None or set(reading.metrics) - set(previous.metrics):
        return None
    segments = _unique([name for name, _ in reading.segments] + [s for _, s, _ in reading.metric_or_segment])
    segments = [s for s in segments if s not in previous.segments and s not in previous.metrics]
    filters: list[dict[str, Any]] = _filters(model, reading, _anchor(model, previous), assumptions)
    if not (segments or filters) or _a_rates_numerator(model, previous.metrics[0], (filters, segments)):
        return None  # 'what % of them were returned' after orders: the model's return rate says it
    share = {"segments": segments, "filters": filters}
    return SemanticQuery.model_validate({**previous.model_dump(mode="json", exclude_none=True), "share": share})
