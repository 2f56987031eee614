"""'Which region grew the most?', '哪个品类下降最多': a ranking by the change between two periods, not by the level
of one. With a comparison with the previous period the ranking orders by the metric's change; without two
periods to compare it is asked back — a ranking by the level would answer another question.
"""

from __future__ import annotations

import re

from assistant.contracts import Language, Plan
from assistant.planner import cues
from assistant.planner.messages import assumption, clarify
from assistant.planner.reading import Reading
from semantic_layer import SemanticModel, SemanticQuery
from semantic_layer.query import CHANGE_SUFFIX

_BETTER_WORSE = re.compile(r"improv|better|改善|变好|提升|worse|恶化|变差")


def ranked_by_change(
    model: SemanticModel, reading: Reading, query: SemanticQuery, language: Language
) -> SemanticQuery | Plan:
    rise, fall = cues.RISE_MOST.search(reading.masked), cues.FALL_MOST.search(reading.masked)
    if not (rise or fall) or query.kind != "metrics" or not query.dimensions:
        return query
    compared = query.compare is not None and query.compare.previous_period
    if not compared:
        return clarify(language, assumption(language, "change_needs_periods"), [])
    metric = next((o.field for o in query.order_by if o.field in query.metrics), query.metrics[0])
    up = bool(rise)
    said = (rise or fall).group(0)  # type: ignore[union-attr]
    if _BETTER_WORSE.search(said) and not model.metrics[metric].higher_is_better:  # churn 'got worse': went up
        up = not up
    order = {"field": f"{metric}{CHANGE_SUFFIX}", "direction": "desc" if up else "asc"}
    ranked = query.model_dump(mode="json", exclude_none=True) | {"order_by": [order], "limit": query.limit or 1}
    return SemanticQuery.model_validate(ranked)


def note(query: SemanticQuery, language: Language) -> list[str]:
    """Said in the assumptions when the ranking is by a change."""
    if not any(o.field.endswith(CHANGE_SUFFIX) for o in query.order_by):
        return []
    return [assumption(language, "ranked_by_change")]
