"""Metrics as SQL: expansion into simple (leaf) metrics, their aggregates, and ratio/derived arithmetic."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlglot import exp

from semantic_layer.compiler.fragments import parse_fragment, qualified, safe_divide
from semantic_layer.model import Measure, RatioMetric, SemanticModel, SimpleMetric

ADDITIVE = {"count", "count_distinct", "sum"}
"""Aggregations for which 'no rows' means 0 rather than unknown."""


@dataclass(frozen=True)
class Leaf:
    """A simple metric: one measure aggregated over one entity, with the metric's own segments."""

    metric: str
    entity: str
    measure: Measure
    segments: tuple[str, ...]
    snapshot: bool

    @property
    def time_dimension(self) -> str | None:
        return self.measure.agg_time_dimension


@dataclass(frozen=True)
class GroupKey:
    """Leaves sharing a key are aggregated in one SELECT over the same rows."""

    entity: str
    time_dimension: str | None
    segments: tuple[str, ...]
    snapshot: bool
    special: str | None  # a leaf whose measure needs its own query shape (per/having, period start)


@dataclass
class Group:
    key: GroupKey
    leaves: list[Leaf] = field(default_factory=list)

    @property
    def is_period_start(self) -> bool:
        return any(leaf.measure.period_start_state for leaf in self.leaves)

    @property
    def is_per(self) -> bool:
        return any(leaf.measure.per for leaf in self.leaves)


def leaf_names(model: SemanticModel, name: str) -> list[str]:
    """The simple metrics `name` is built from, in first-use order."""
    metric = model.metric(name)
    if isinstance(metric, SimpleMetric):
        return [name]
    parts = (
        [metric.numerator, metric.denominator]
        if isinstance(metric, RatioMetric)
        else sorted({c.name for c in parse_fragment(metric.expr).find_all(exp.Column)})
    )
    return list(dict.fromkeys(leaf for part in parts for leaf in leaf_names(model, part)))


def leaf(model: SemanticModel, name: str) -> Leaf:
    metric = model.metric(name)
    assert isinstance(metric, SimpleMetric)
    entity, measure = model.measure(metric.measure)
    time_dimension = measure.agg_time_dimension or model.entities[entity].default_time_dimension
    measure = measure.model_copy(update={"agg_time_dimension": time_dimension})
    return Leaf(name, entity, measure, tuple(metric.segments), metric.snapshot)


def group_leaves(model: SemanticModel, metrics: list[str]) -> list[Group]:
    groups: dict[GroupKey, Group] = {}
    names = dict.fromkeys(leaf_name for metric in metrics for leaf_name in leaf_names(model, metric))
    for name in names:
        item = leaf(model, name)
        special = name if (item.measure.per or item.measure.period_start_state) else None
        key = GroupKey(item.entity, item.time_dimension, item.segments, item.snapshot, special)
        groups.setdefault(key, Group(key)).leaves.append(item)
    return list(groups.values())


def aggregate(item: Leaf, alias: str, *, with_filter: bool) -> exp.Expr:
    """The leaf's aggregate; its measure filter becomes CASE WHEN when not already in WHERE."""
    measure = item.measure
    value: exp.Expr | None = qualified(measure.expr, alias) if measure.expr else None
    if with_filter and measure.filter:
        then = value if value is not None else exp.Literal.number(1)
        value = exp.Case(ifs=[exp.If(this=qualified(measure.filter, alias), true=then)])
    if measure.agg == "count":
        return exp.Count(this=value if value is not None else exp.Star())
    if measure.agg == "count_distinct":
        return exp.Count(this=exp.Distinct(expressions=[value]))
    return {"sum": exp.Sum, "avg": exp.Avg, "min": exp.Min, "max": exp.Max}[measure.agg](this=value)


def metric_expression(model: SemanticModel, name: str, leaf_value: Callable[[str], exp.Expr]) -> exp.Expr:
    """The metric as an expression over its leaves' values."""
    metric = model.metric(name)
    if isinstance(metric, SimpleMetric):
        return leaf_value(name)
    if isinstance(metric, RatioMetric):
        return safe_divide(
            metric_expression(model, metric.numerator, leaf_value),
            metric_expression(model, metric.denominator, leaf_value),
        )

    def substitute(node: exp.Expr) -> exp.Expr:
        if isinstance(node, exp.Column):
            return exp.paren(metric_expression(model, node.name, leaf_value))
        if isinstance(node, exp.Div):
            node.set("expression", exp.Nullif(this=node.expression, expression=exp.Literal.number(0)))
        return node

    return parse_fragment(metric.expr).copy().transform(substitute)
