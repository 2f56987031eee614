"""Dimensions as used in a query: resolution, output names, typed values, and the conditions on them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlglot import exp

from semantic_layer.compiler.fragments import date_literal, in_dates, qualified, truncated
from semantic_layer.compiler.sources import ConditionMaker, Context, Source, related
from semantic_layer.errors import QueryError, TimeExpressionError, did_you_mean
from semantic_layer.model import Dimension, SemanticModel
from semantic_layer.query import Filter, Scalar
from semantic_layer.time_phrases import parse_date

_TRUE_WORDS = {"true", "yes", "y", "1", "是"}
_FALSE_WORDS = {"false", "no", "n", "0", "否"}


@dataclass(frozen=True)
class FieldRef:
    name: str
    entity: str
    column: str
    dimension: Dimension

    def expression(self, alias: str, grain: str | None = None) -> exp.Expr:
        expression = qualified(self.dimension.expr or self.column, alias)
        return truncated(expression, grain) if grain else expression


def resolve(model: SemanticModel, name: str) -> FieldRef:
    entity, dimension = model.dimension(name)
    return FieldRef(name, entity, name.partition(".")[2], dimension)


def typed_values(ref: FieldRef, values: list[Scalar]) -> list[Scalar | date]:
    """Values converted to the dimension's type; QueryError naming the bad value otherwise."""
    return [_typed(ref, value) for value in values]


def _typed(ref: FieldRef, value: Scalar) -> Scalar | date:
    kind = ref.dimension.type
    if kind == "boolean":
        word = str(value).strip().lower()
        if isinstance(value, bool) or word in _TRUE_WORDS | _FALSE_WORDS:
            return value if isinstance(value, bool) else word in _TRUE_WORDS
        raise QueryError([f"'{value}' is not a yes/no value for {ref.name}."])
    if kind == "number":
        if isinstance(value, bool):
            raise QueryError([f"'{value}' is not a number for {ref.name}."])
        try:
            return value if isinstance(value, int | float) else float(value)
        except ValueError:
            raise QueryError([f"'{value}' is not a number for {ref.name}."]) from None
    if kind == "time":
        try:
            return parse_date(str(value))
        except TimeExpressionError as exc:
            raise QueryError([f"{exc} (filter on {ref.name})"]) from None
    text = str(value)
    if ref.dimension.exhaustive:
        canonical = {v.lower(): v for v in ref.dimension.sample_values}
        if text.lower() not in canonical:
            hint = did_you_mean(text, ref.dimension.sample_values) or (
                f" Valid values: {', '.join(ref.dimension.sample_values)}."
            )
            raise QueryError([f"'{text}' is not a value of {ref.name}.{hint}"])
        return canonical[text.lower()]
    return text


def filter_condition(ref: FieldRef, flt: Filter) -> ConditionMaker:
    values = typed_values(ref, flt.values)
    if flt.op == "contains" and ref.dimension.type != "categorical":
        raise QueryError([f"'contains' only applies to text dimensions, not {ref.name}."])

    def make(_: Source, alias: str) -> exp.Expr:
        column = ref.expression(alias)
        if ref.dimension.type == "time":
            return _date_predicate(column, flt.op, [v for v in values if isinstance(v, date)])
        literals = [exp.convert(v) for v in values]
        return _predicate(column, flt.op, literals)

    return make


def _predicate(column: exp.Expr, op: str, literals: list[exp.Expr]) -> exp.Expr:
    first = literals[0] if literals else None
    match op:
        case "=":
            return exp.EQ(this=column, expression=first)
        case "!=":
            return exp.NEQ(this=column, expression=first)
        case ">":
            return exp.GT(this=column, expression=first)
        case ">=":
            return exp.GTE(this=column, expression=first)
        case "<":
            return exp.LT(this=column, expression=first)
        case "<=":
            return exp.LTE(this=column, expression=first)
        case "in":
            return exp.In(this=column, expressions=literals)
        case "not_in":
            return exp.not_(exp.In(this=column, expressions=literals))
        case "between":
            return exp.Between(this=column, low=literals[0], high=literals[1])
        case "contains":
            # STRPOS, not LIKE: the value's own % and _ must not act as wildcards.
            position = exp.StrPosition(this=exp.Lower(this=column), substr=exp.Lower(this=first))
            return exp.GT(this=position, expression=exp.Literal.number(0))
        case "is_null":
            return exp.Is(this=column, expression=exp.Null())
        case _:
            return exp.not_(exp.Is(this=column, expression=exp.Null()))


def _date_predicate(column: exp.Expr, op: str, days: list[date]) -> exp.Expr:
    """Comparisons on whole days, so they also hold for TIMESTAMP columns."""
    match op:
        case "=":
            return in_dates(column, days[0], days[0])
        case "!=":
            return exp.not_(in_dates(column, days[0], days[0]))
        case ">":
            return exp.GTE(this=column, expression=date_literal(days[0] + timedelta(days=1)))
        case ">=":
            return exp.GTE(this=column, expression=date_literal(days[0]))
        case "<":
            return exp.LT(this=column, expression=date_literal(days[0]))
        case "<=":
            return exp.LT(this=column, expression=date_literal(days[0] + timedelta(days=1)))
        case "between":
            return in_dates(column, min(days), max(days))
        case "in" | "not_in":
            days_in = exp.or_(*(in_dates(column, day, day) for day in days))
            return days_in if op == "in" else exp.not_(days_in)
        case "is_null":
            return exp.Is(this=column, expression=exp.Null())
        case "is_not_null":
            return exp.not_(exp.Is(this=column, expression=exp.Null()))
    raise QueryError([f"Operator '{op}' does not apply to dates."])


def time_condition(ref: FieldRef, start: date, end: date) -> ConditionMaker:
    return lambda _, alias: in_dates(ref.expression(alias), start, end)


def segment_condition(ctx: Context, name: str) -> tuple[str, ConditionMaker]:
    """The segment's entity and a predicate maker; EXISTS / NOT EXISTS for its related conditions."""
    segment = ctx.model.segment(name)

    def make(_: Source, alias: str) -> exp.Expr:
        parts: list[exp.Expr] = []
        if segment.filter:
            parts.append(qualified(segment.filter, alias))
        for condition, negate in ((segment.exists, False), (segment.not_exists, True)):
            if condition is None:
                continue
            nested = related(ctx, segment.entity, alias, condition.entity)
            nested.where(
                condition.entity, _related_predicate(ctx, condition.entity, condition.filter, condition.last_days)
            )
            parts.append(exp.not_(nested.exists()) if negate else nested.exists())
        return exp.and_(*parts, copy=False) if parts else exp.true()

    return segment.entity, make


def _related_predicate(ctx: Context, entity: str, sql: str | None, last_days: int | None) -> ConditionMaker:
    def make(_: Source, alias: str) -> exp.Expr:
        parts = [qualified(sql, alias)] if sql else []
        if last_days is not None:
            time_name = ctx.model.entities[entity].default_time_dimension
            ref = resolve(ctx.model, f"{entity}.{time_name}")
            start = ctx.as_of - timedelta(days=last_days - 1)
            parts.append(in_dates(ref.expression(alias), start, ctx.as_of))
        return exp.and_(*parts, copy=False) if parts else exp.true()

    return make
