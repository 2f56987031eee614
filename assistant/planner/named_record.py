"""What one named record is: "which region and city is customer C0013188 in?", "what tier is that customer?" after
that customer's tickets, "C0013188是哪个城市的客户". The question names one row by its id and asks for its fields; read
as a count of the entity broken down by those fields it answered a count of 1 under the field values, without the id
the question asked about. It is the record's row: the id and the fields asked, nothing counted.

Only a plain count of the entity whose key the question pins to one id is turned into the row; a count with its own
condition ('complaints of customer X by category') counts that customer's rows and stays a count."""

from __future__ import annotations

from assistant.contracts import Plan
from semantic_layer import SemanticModel, SemanticQuery
from semantic_layer.compiler.metrics import leaf
from semantic_layer.model import SimpleMetric


def as_record(model: SemanticModel, plan: Plan) -> Plan:
    """The plan as the one record's row when it counts the very entity it pins to one id by its fields."""
    query = plan.query
    if query is None or query.kind != "metrics" or len(query.metrics) != 1 or not query.dimensions:
        return plan
    if not isinstance(model.metrics.get(query.metrics[0]), SimpleMetric) or query.compare or query.time_range:
        return plan
    counted = leaf(model, query.metrics[0])
    if counted.measure.agg != "count" or counted.measure.filter or counted.segments:
        return plan
    key = f"{counted.entity}.{model.entities[counted.entity].primary_key}"
    pinned = [f for f in query.filters if f.field == key and f.op == "=" and len(f.values or []) == 1]
    fields = [d.name for d in query.dimensions]
    if not pinned or any(d.grain or not d.name.startswith(f"{counted.entity}.") for d in query.dimensions):
        return plan
    row = query.model_dump(mode="json", exclude_none=True)
    row.update(kind="records", metrics=[], order_by=[], limit=None)
    row["dimensions"] = [{"name": key}, *({"name": name} for name in fields if name != key)]
    return plan.model_copy(update={"query": SemanticQuery.model_validate(row)})
