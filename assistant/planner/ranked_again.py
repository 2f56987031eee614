"""'ok and the top 5 by number of orders?', '按订单数排前5呢' after the top 5 cities by revenue: a top-N that names
no rows of its own ranks the rows the previous answer grouped — the history says which rows are ranked. Read
alone, the question has nothing to rank, and was asked back."""

from __future__ import annotations

from assistant.planner import cues
from assistant.planner.ordering import _grain
from assistant.planner.reading import Reading
from semantic_layer import SemanticQuery
from semantic_layer.query import METRIC_TIME


def ranks_previous_rows(reading: Reading, previous: SemanticQuery | None) -> bool:
    """A number of rows to rank (top 5, 前5) with no breakdown, grain, entity noun, population or list request of
    its own, after a query grouped by a field (not only by time)."""
    if previous is None or previous.kind != "metrics" or cues.count_in(reading.masked) is None:
        return False
    if not any(d.name != METRIC_TIME for d in previous.dimensions):
        return False
    named_rows = reading.breakdowns or reading.entities or reading.segments or reading.metric_or_segment
    return not (named_rows or _grain(reading) or reading.record_ids or reading.asks_records())
