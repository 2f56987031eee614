"""`kind: metrics` queries: each group of leaves aggregated at its own grain, then joined on the dimensions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlglot import exp

from semantic_layer.compiler.fields import FieldRef, resolve
from semantic_layer.compiler.fragments import date_literal, qualified, truncated
from semantic_layer.compiler.metrics import ADDITIVE, Group, aggregate, group_leaves, metric_expression
from semantic_layer.compiler.population import apply_filters_and_segments, apply_time_range, explicit_time_field
from semantic_layer.compiler.sources import Context, Source
from semantic_layer.errors import QueryError
from semantic_layer.query import SemanticQuery

# Digits of the period counter when the spine starts at the data's earliest row: 10**5 days, 10**4 otherwise.
_OPEN_PLACES = {"day": 5, "week": 4, "month": 4, "quarter": 4, "year": 4}

_INTERVALS = {
    "day": (1, "DAY"),
    "week": (7, "DAY"),
    "month": (1, "MONTH"),
    "quarter": (3, "MONTH"),
    "year": (1, "YEAR"),
}


@dataclass(frozen=True)
class OutputDimension:
    """A requested dimension: `ref` is None for metric_time (each metric's own time dimension)."""

    request: str
    ref: FieldRef | None
    grain: str | None
    column: str


def metrics_select(ctx: Context, query: SemanticQuery, dims: list[OutputDimension]) -> exp.Select:
    """The aggregated rows for the query's metrics (without ORDER BY / LIMIT)."""
    groups = group_leaves(ctx.model, query.metrics)
    if len(groups) == 1 and not (groups[0].is_per or groups[0].is_period_start):
        return _inline(ctx, query, dims, groups[0])
    names = [_group_cte(ctx, query, dims, group) for group in groups]
    owner = {
        leaf.metric: (name, leaf.measure.agg)
        for name, group in zip(names, groups, strict=True)
        for leaf in group.leaves
    }

    def leaf_value(metric: str) -> exp.Expr:
        cte, agg = owner[metric]
        column = exp.column(metric, cte)
        return exp.Coalesce(this=column, expressions=[exp.Literal.number(0)]) if agg in ADDITIVE else column

    metric_columns = [exp.alias_(metric_expression(ctx.model, m, leaf_value), m) for m in query.metrics]
    if not dims:
        final = exp.select(*metric_columns).from_(names[0], copy=False)
        for name in names[1:]:
            final = final.join(exp.to_table(name), join_type="CROSS", copy=False)
        return final
    keys = ctx.add_cte("dimension_keys", _union_of_keys(names, dims))
    final = exp.select(*(exp.column(d.column, keys) for d in dims), *metric_columns).from_(keys, copy=False)
    for name in names:
        on = exp.and_(
            *(exp.NullSafeEQ(this=exp.column(d.column, keys), expression=exp.column(d.column, name)) for d in dims)
        )
        final = final.join(exp.to_table(name), on=on, join_type="LEFT", copy=False)
    return final


def _union_of_keys(names: list[str], dims: list[OutputDimension]) -> exp.Expr:
    selects = [exp.select(*(d.column for d in dims)).from_(name, copy=False) for name in names]
    union: exp.Expr = selects[0]
    for select in selects[1:]:
        union = exp.union(union, select, distinct=True)
    return union


def _inline(ctx: Context, query: SemanticQuery, dims: list[OutputDimension], group: Group) -> exp.Select:
    """One plain group: aggregates sit directly in the final SELECT, which reads best."""
    source, projections = _grouped_source(ctx, query, dims, group)
    with_filter = _filters_in_where(source, group)
    aggregates = {leaf.metric: aggregate(leaf, source.alias, with_filter=with_filter) for leaf in group.leaves}
    metrics = [
        exp.alias_(metric_expression(ctx.model, m, lambda leaf: aggregates[leaf].copy()), m) for m in query.metrics
    ]
    return source.select([*projections, *metrics], group_by=[p.this.copy() for p in projections])


def _group_cte(ctx: Context, query: SemanticQuery, dims: list[OutputDimension], group: Group) -> str:
    source, projections = _grouped_source(ctx, query, dims, group)
    name = f"{group.key.entity}_{group.key.special or 'metrics'}"
    if group.is_per:
        (item,) = group.leaves
        assert item.measure.per is not None and item.measure.having is not None
        _filters_in_where(source, group)  # a single leaf: its filter always goes to WHERE
        per = exp.alias_(resolve(ctx.model, f"{item.entity}.{item.measure.per}").expression(source.alias), "per_key")
        inner = source.select([*projections, per], group_by=[p.this.copy() for p in [*projections, per]])
        inner = inner.having(qualified(item.measure.having, source.alias), copy=False)
        outer_dims = [exp.column(d.column) for d in dims]
        count = exp.alias_(exp.Count(this=exp.Star()), item.metric)
        select = exp.select(*outer_dims, count).from_(inner.subquery("per_groups", copy=False), copy=False)
        return ctx.add_cte(name, select.group_by(*outer_dims, copy=False) if dims else select)
    with_filter = _filters_in_where(source, group)
    aggregates = [
        exp.alias_(aggregate(leaf, source.alias, with_filter=with_filter), leaf.metric) for leaf in group.leaves
    ]
    return ctx.add_cte(name, source.select([*projections, *aggregates], group_by=[p.this.copy() for p in projections]))


def _filters_in_where(source: Source, group: Group) -> bool:
    """Put a measure filter shared by every leaf in WHERE; return True if leaves still need CASE WHEN."""
    filters = {leaf.measure.filter for leaf in group.leaves}
    if len(filters) == 1:
        (shared,) = filters
        if shared:
            source.conditions.append(qualified(shared, source.alias))
        return False
    return True


def _grouped_source(
    ctx: Context, query: SemanticQuery, dims: list[OutputDimension], group: Group
) -> tuple[Source, list[exp.Expr]]:
    """The group's FROM/WHERE (population, time range) and its dimension projections."""
    source = Source(ctx, group.key.entity)
    apply_filters_and_segments(ctx, source, query, group.key.segments)
    if group.is_period_start:
        return source, _period_start(ctx, source, query, dims, group)
    time_ref = _time_ref(ctx, group)
    _apply_group_time(ctx, source, query, group, time_ref)
    projections = []
    for dim in dims:
        if dim.ref is None:
            if time_ref is None or group.key.snapshot:
                raise QueryError(
                    [f"{_metric_list(group)} cannot be broken down over time: it is a snapshot at {ctx.as_of}."]
                )
            expression = time_ref.expression(source.alias, dim.grain)
        else:
            alias = source.alias_of(dim.ref.entity, f"dimension '{dim.request}' for {_metric_list(group)}")
            expression = dim.ref.expression(alias, dim.grain)
        projections.append(exp.alias_(expression, dim.column))
    return source, projections


def _time_ref(ctx: Context, group: Group) -> FieldRef | None:
    name = group.key.time_dimension
    return resolve(ctx.model, f"{group.key.entity}.{name}") if name else None


def _apply_group_time(
    ctx: Context, source: Source, query: SemanticQuery, group: Group, time_ref: FieldRef | None
) -> None:
    time_range = query.time_range
    if time_range is None:
        return
    explicit = explicit_time_field(time_range)
    if explicit is not None:
        apply_time_range(ctx, source, time_range, explicit)
    elif group.key.snapshot:
        ctx.note(f"{_metric_list(group)} is a snapshot at {ctx.as_of}; the time range does not apply to it.")
    elif time_ref is None:
        ctx.note(f"{_metric_list(group)} has no time dimension; the time range does not apply to it.")
    else:
        apply_time_range(ctx, source, time_range, time_ref.name)


def _period_start(
    ctx: Context, source: Source, query: SemanticQuery, dims: list[OutputDimension], group: Group
) -> list[exp.Expr]:
    """Rows alive at the start of each period: the period comes from the time range and the time grain."""
    (item,) = group.leaves
    state = item.measure.period_start_state
    assert state is not None
    entity = group.key.entity
    start_ref = resolve(ctx.model, f"{entity}.{state.start}")
    end_ref = resolve(ctx.model, f"{entity}.{state.end}")
    time_range = query.time_range
    explicit = explicit_time_field(time_range)
    own_period = explicit is None or resolve(ctx.model, explicit).entity == entity
    if time_range is not None and not own_period:
        apply_time_range(ctx, source, time_range, explicit or "")
    period = (time_range.start, time_range.end) if time_range is not None and own_period else None

    def alive_at(moment: exp.Expr) -> exp.Expr:
        started = exp.LT(this=start_ref.expression(source.alias), expression=moment.copy())
        ended = exp.GTE(this=end_ref.expression(source.alias), expression=moment.copy())
        not_ended = exp.or_(exp.Is(this=end_ref.expression(source.alias), expression=exp.Null()), ended)
        return exp.and_(started, exp.paren(not_ended))

    spine = next(
        (d for d in dims if d.grain and (d.ref is None or (d.ref.entity == entity and d.ref.dimension.type == "time"))),
        None,
    )
    projections = []
    if spine is not None:
        assert spine.grain is not None
        periods = ctx.add_cte(f"periods_{spine.grain}", _periods(ctx, spine.grain, period, start_ref, source.table))
        source.cross_join(periods)
        source.conditions.append(alive_at(exp.column("counted_from", periods)))
        projections.append(exp.alias_(exp.column("period_start", periods), spine.column))
    elif period is not None:
        source.conditions.append(alive_at(date_literal(period[0])))
    for dim in dims:
        if dim is spine:
            continue
        if dim.ref is None:
            raise QueryError([f"{item.metric} can only be broken down over time by one time dimension."])
        alias = source.alias_of(dim.ref.entity, f"dimension '{dim.request}' for {item.metric}")
        projections.append(exp.alias_(dim.ref.expression(alias, dim.grain), dim.column))
    return projections


def _periods(ctx: Context, grain: str, period: tuple[date, date] | None, start_ref: FieldRef, table: str) -> exp.Select:
    """One row per period: its start, and the day it is counted from (the range start for a partial first period).

    Portable: period k starts at `first + k * step`, k from a cross join of literal digits, so no engine's
    own series function (DuckDB's generate_series, Spark's sequence) is needed and the guard allows it.
    """
    last = truncated(date_literal(period[1] if period is not None else ctx.as_of), grain)
    if period is not None:
        first: exp.Expr = truncated(date_literal(period[0]), grain)
        places = len(str(_period_count(grain, period[0], period[1])))
    else:
        earliest = exp.select(exp.Min(this=start_ref.expression(table))).from_(table, copy=False).subquery(copy=False)
        first, places = truncated(earliest, grain), _OPEN_PLACES[grain]
    numbers = ctx.add_cte("period_numbers", _numbers(ctx, places))
    step, unit = _INTERVALS[grain]
    offset: exp.Expr = exp.column("n", numbers)
    if step != 1:
        offset = exp.Mul(this=offset, expression=exp.Literal.number(step))
    start = exp.cast(exp.DateAdd(this=first, expression=offset, unit=exp.var(unit)), exp.DataType.build("DATE"))
    starts = (
        exp.select(exp.alias_(start, "period_start"))
        .from_(numbers, copy=False)
        .where(exp.LTE(this=start.copy(), expression=last), copy=False)
        .subquery("series", copy=False)
    )
    counted_from: exp.Expr = exp.column("period_start")
    if period is not None:
        range_start = date_literal(period[0])
        before = exp.LT(this=exp.column("period_start"), expression=range_start)
        counted_from = exp.Case(ifs=[exp.If(this=before, true=range_start.copy())], default=exp.column("period_start"))
    return exp.select("period_start", exp.alias_(counted_from, "counted_from")).from_(starts, copy=False)


def _numbers(ctx: Context, places: int) -> exp.Select:
    """0 .. 10**places - 1, as column `n`, from a CTE of the ten digits."""
    digits: exp.Query = exp.select(exp.alias_(exp.Literal.number(0), "n"))
    for digit in range(1, 10):
        digits = exp.union(digits, exp.select(exp.alias_(exp.Literal.number(digit), "n")), distinct=False)
    name = ctx.add_cte("digits", digits)
    aliases = [f"d{place}" for place in range(places)]
    terms: list[exp.Expr] = [
        exp.column("n", alias)
        if place == 0
        else exp.Mul(this=exp.column("n", alias), expression=exp.Literal.number(10**place))
        for place, alias in enumerate(aliases)
    ]
    total = terms[0]
    for term in terms[1:]:
        total = exp.Add(this=total, expression=term)
    # Aliased with TableAlias nodes, as the parser reads `digits AS d0` (the guard checks this tree as it stands).
    select = exp.select(exp.alias_(total, "n")).from_(
        exp.alias_(exp.to_table(name), aliases[0], table=True), copy=False
    )
    for alias in aliases[1:]:
        select = select.join(exp.alias_(exp.to_table(name), alias, table=True), join_type="CROSS", copy=False)
    return select


def _period_count(grain: str, start: date, end: date) -> int:
    """How many `grain` periods touch the inclusive range (an upper bound for weeks)."""
    if grain in ("day", "week"):
        return (end - start).days // (1 if grain == "day" else 7) + 2
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    return {"month": months, "quarter": months // 3 + 2, "year": end.year - start.year + 1}[grain]


def _metric_list(group: Group) -> str:
    return ", ".join(leaf.metric for leaf in group.leaves)
