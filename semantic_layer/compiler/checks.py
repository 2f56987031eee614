"""Check every name and value in a query against the model, reporting all problems at once."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from semantic_layer.compiler.fields import FieldRef, resolve, typed_values
from semantic_layer.errors import QueryError, did_you_mean
from semantic_layer.model import SemanticModel, SimpleMetric
from semantic_layer.query import CHANGE_SUFFIX, METRIC_TIME, Filter, SemanticQuery


def check_query(model: SemanticModel, query: SemanticQuery) -> None:
    problems: list[str] = []

    def attempt(check: Callable[[], object]) -> None:
        try:
            check()
        except QueryError as exc:
            problems.extend(exc.problems)

    for metric in query.metrics:
        attempt(partial(model.metric, metric))
    for dim in query.dimensions:
        attempt(partial(_check_dimension, model, query, dim.name, dim.grain))
    share_segments = query.share.segments if query.share else []
    for segment in [*query.segments, *(query.compare.segments if query.compare else []), *share_segments]:
        attempt(partial(model.segment, segment))
    for flt in [*query.filters, *(query.share.filters if query.share else [])]:
        attempt(partial(_check_filter, model, flt))
    if query.share is not None:
        for metric in query.metrics:
            attempt(partial(_check_shareable, model, metric))
    time_field = query.time_range.field if query.time_range else None
    if time_field not in (None, METRIC_TIME):
        attempt(partial(_check_time_field, model, time_field or ""))
    if query.text_field is not None:
        attempt(partial(model.text_field, query.text_field))
    attempt(partial(_check_order, query))
    if problems:
        raise QueryError(problems)


def _check_shareable(model: SemanticModel, name: str) -> None:
    """A share adds up over parts: only a count or a sum has one (a rate or an average of a part is no share)."""
    metric = model.metric(name)
    if isinstance(metric, SimpleMetric) and model.measure(metric.measure)[1].agg in ("count", "count_distinct", "sum"):
        return
    raise QueryError([f"A share needs a count or a sum; {name} is {metric.type} and has no share of a total."])


def _check_filter(model: SemanticModel, flt: Filter) -> None:
    typed_values(_usable(model, flt.field), flt.values)


def _usable(model: SemanticModel, name: str) -> FieldRef:
    ref = resolve(model, name)
    if ref.dimension.pii:
        raise QueryError([f"{name} is personal data and cannot be used in questions."])
    return ref


def _check_dimension(model: SemanticModel, query: SemanticQuery, name: str, grain: str | None) -> None:
    if name == METRIC_TIME:
        if query.kind != "metrics":
            raise QueryError(["metric_time only applies to metrics queries; name a time dimension instead."])
        if grain is None:
            raise QueryError(["metric_time needs a grain (day, week, month, quarter or year)."])
        return
    ref = _usable(model, name)
    if grain is not None and ref.dimension.type != "time":
        raise QueryError([f"{name} is not a time dimension, so it takes no grain."])


def _check_time_field(model: SemanticModel, name: str) -> None:
    ref = resolve(model, name)
    if ref.dimension.type != "time":
        times = [n for n in model.dimension_names() if model.dimension(n)[1].type == "time"]
        raise QueryError([f"The time range field {name} is not a time dimension.{did_you_mean(name, times)}"])


def _check_order(query: SemanticQuery) -> None:
    orderable = {*query.metrics, *(d.name for d in query.dimensions)}
    orderable |= {name.partition(".")[2] for name in orderable if "." in name}
    if query.compare is not None and query.compare.previous_period:  # 'which region grew the most'
        orderable |= {f"{m}{CHANGE_SUFFIX}" for m in query.metrics}
    for order in query.order_by:
        if order.field not in orderable:
            raise QueryError([f"Cannot order by '{order.field}': it is not among the query's metrics or columns."
                              f"{did_you_mean(order.field, orderable)}"])  # fmt: skip
