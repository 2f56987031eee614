"""A ratio said per the unit it is already per: 'lifetime value per customer', 'average order value per order',
'每位客户的终身价值'. The model's ratio divides by a count of one entity's rows or people (customer lifetime value:
revenue ÷ buying customers); 'per <that entity>' right after the ratio names its denominator again, it is no breakdown
by every customer's id (read word by word, 'per customer' split the answer into one row per customer — another
question, with the ratio of each customer's own orders).

Only a breakdown by the unit entity's own key, said right after 'per' or '每(个|位)', is dropped; 'for each customer' asks for every customer's row; a
breakdown by any other field ('lifetime value per region') stays."""

from __future__ import annotations

import re

from assistant.planner.reading import Reading
from semantic_layer import SemanticModel, SemanticQuery
from semantic_layer.model import RatioMetric, SimpleMetric

# 'per customer', '每位客户'; 'for each customer' asks for every customer's row and stays a breakdown
_PER = re.compile(r"\bper\s+(?:single\s+)?$|每(?:个|位|名)?$")


def unit_entity(model: SemanticModel, metric_name: str) -> str | None:
    """The entity whose rows or people the ratio `metric_name` is divided by: the entity of a count measure, or the
    entity whose key a distinct count counts (buying customers: distinct order.customer_id -> customer)."""
    metric = model.metrics.get(metric_name)
    if not isinstance(metric, RatioMetric):
        return None
    denominator = model.metrics.get(metric.denominator)
    if not isinstance(denominator, SimpleMetric):
        return None
    entity, measure = model.measure(denominator.measure)
    if measure.agg == "count":
        return entity
    if measure.agg == "count_distinct":
        keyed = [name for name, e in model.entities.items() if e.primary_key == (measure.expr or "").strip()]
        return keyed[0] if len(keyed) == 1 else None
    return None


def without_restated_unit(model: SemanticModel, reading: Reading, query: SemanticQuery) -> SemanticQuery | None:
    """The query without a breakdown by the key of its ratio's own unit said 'per <unit>'; None when there is none."""
    if query.kind != "metrics" or len(query.metrics) != 1:
        return None
    unit = unit_entity(model, query.metrics[0])
    if unit is None:
        return None
    key = model.entities[unit].primary_key
    said_per = {
        entry.target
        for match in reading.matches
        if _PER.search(reading.masked[: match.start])
        for entry in match.of("dimension")
        if entry.target == f"{unit}.{key}"
    }
    if not said_per:
        return None
    kept = [d for d in query.dimensions if d.name.rpartition(".")[2] != key]
    if len(kept) == len(query.dimensions) or query.order_by or query.limit is not None:
        return None
    return query.model_copy(update={"dimensions": kept})
