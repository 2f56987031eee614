"""The share of a dated population that is in a state today ("of the customers who signed up in 2025, what share has
churned by now", "churn rate of customers who joined us last year").

A rate whose denominator counts the rows in a state at the start of the period (the model's `period_start_state`,
churn rate: churned in the period ÷ active at its start) reads a period as the window of the numerator's event. When
the query's period dates the population instead (its time range is on a column other than the numerator's own date,
e.g. the sign-up), that window mixes two populations: those who joined in 2025 and churned, over those active on
1 January 2025, who all joined before it — a wrong number. The reader asks for the cohort: the period becomes a
`between` filter on the population's date, and the rate has no period, which the model defines as the state over all
rows (churned ÷ all customers) — of that cohort, as it stands today (DESIGN §6, §7)."""

from __future__ import annotations

from semantic_layer import SemanticModel, SemanticQuery
from semantic_layer.compiler.metrics import leaf, leaf_names
from semantic_layer.model import RatioMetric


def _period_start_rate(model: SemanticModel, name: str) -> RatioMetric | None:
    """The metric, when it is a ratio whose denominator counts rows in a state at the period's start."""
    metric = model.metric(name)
    if not isinstance(metric, RatioMetric):
        return None
    parts = leaf_names(model, metric.denominator)
    return metric if any(leaf(model, part).measure.period_start_state for part in parts) else None


def _own_dates(model: SemanticModel, name: str) -> set[str]:
    """The date columns a metric's parts are dated by ('customer.churn_date' for the churned count)."""
    return {f"{item.entity}.{item.time_dimension}" for item in (leaf(model, part) for part in leaf_names(model, name))}


def as_cohort(model: SemanticModel, query: SemanticQuery) -> SemanticQuery | None:
    """The query with its population-dating period as a filter on that date and no time range, when its metrics are
    all rates over a period-start state and the period dates a column other than their numerators' own; else None."""
    window = query.time_range
    if query.kind != "metrics" or not query.metrics or window is None or not window.field:
        return None
    if query.compare is not None or any(d.grain for d in query.dimensions):
        return None  # a comparison of periods or a series over time needs the window
    rates = [_period_start_rate(model, name) for name in query.metrics]
    if any(rate is None or window.field in _own_dates(model, rate.numerator) for rate in rates):
        return None  # 'churn rate of customers who churned in 2025': the period is the rate's own window
    dated = {"field": window.field, "op": "between", "values": [window.start.isoformat(), window.end.isoformat()]}
    filters = [*query.model_dump(mode="json", exclude_none=True)["filters"], dated]
    return SemanticQuery.model_validate(
        {**query.model_dump(mode="json", exclude_none=True), "filters": filters, "time_range": None}
    )
