"""A time grain follows the date the period is on: "how many customers did we lose each month of H1", "tickets resolved
each week this quarter". The grain of a count is read on the metric's own time column (customers by sign-up month),
but when the question's period dates another time column of the very rows counted (the churn date of the customers
counted), "each month" means the months of that event: a series by sign-up month over a churn-date range answers a
different question (a row per sign-up month of every churned customer). Periods dating another entity (tickets of
customers who signed up this year, by month) keep the metric's own grain."""

from __future__ import annotations

from typing import Any

from semantic_layer import SemanticModel
from semantic_layer.compiler.metrics import leaf, leaf_names
from semantic_layer.query import METRIC_TIME


def grain_on_dated_field(model: SemanticModel, query: dict[str, Any]) -> None:
    """Moves a `metric_time` grain onto the time range's field when that field is a time column of the counted rows
    other than their own time column (in place)."""
    field = (query.get("time_range") or {}).get("field")
    grained = [d for d in query.get("dimensions", []) if d.get("name") == METRIC_TIME and d.get("grain")]
    if not field or not grained or not query.get("metrics"):
        return
    leaves = [leaf(model, name) for metric in query["metrics"] for name in leaf_names(model, metric)]
    entity, _, column = field.partition(".")
    if any(item.entity != entity or item.time_dimension == column or item.snapshot for item in leaves):
        return
    query["dimensions"] = [{"name": field, "grain": d["grain"]} if d in grained else d for d in query["dimensions"]]
