"""SemanticQuery -> sqlglot AST -> SQL text, following the model's relationships and metric definitions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from sqlglot import exp

from semantic_layer.cache import per_model
from semantic_layer.compiler.checks import check_query
from semantic_layer.compiler.fields import resolve
from semantic_layer.compiler.graph import EntityGraph
from semantic_layer.compiler.metric_query import OutputDimension, metrics_select
from semantic_layer.compiler.population import populations
from semantic_layer.compiler.row_query import records_select, themes_select
from semantic_layer.compiler.share import SHARE_SUFFIX, TOTAL_SUFFIX, share_select
from semantic_layer.compiler.sources import Context
from semantic_layer.errors import QueryError
from semantic_layer.model import SemanticModel
from semantic_layer.query import CHANGE_SUFFIX, METRIC_TIME, SemanticQuery

ColumnRole = Literal["dimension", "metric", "previous", "change", "population", "field", "total", "share"]


@dataclass(frozen=True)
class OutputColumn:
    name: str
    role: ColumnRole
    source: str  # the metric or dimension the column shows
    format: str  # a metric's format, or a dimension's type


@dataclass(frozen=True)
class CompiledQuery:
    sql: str
    expression: exp.Expr
    columns: tuple[OutputColumn, ...]
    notes: tuple[str, ...]
    dialect: str
    populations: tuple[str, ...] = ("current",)  # labels in the `population`/`segment` column, focus first


model_graph = per_model(EntityGraph)


def compile_query(model: SemanticModel, query: SemanticQuery, *, as_of: date, dialect: str = "duckdb") -> CompiledQuery:
    """Compile `query`; QueryError lists every unknown name or impossible combination."""
    check_query(model, query)
    ctx = Context(model=model, graph=model_graph(model), as_of=as_of)
    dims = output_dimensions(model, query)
    labels = tuple(p.label for p in populations(ctx, query))
    if query.kind == "metrics":
        select, columns = _metrics(ctx, query, dims)
    elif query.kind == "records":
        select = _finish(records_select(ctx, query, dims), query, dims)
        columns = [_dimension_column(d) for d in dims]
    else:
        select, columns = _themes(ctx, query)
    for name, cte in ctx.ctes:
        select = select.with_(name, as_=cte, copy=False)
    return CompiledQuery(
        sql=select.sql(dialect=dialect, pretty=True),
        expression=select,
        columns=tuple(columns),
        notes=tuple(ctx.notes),
        dialect=dialect,
        populations=labels,
    )


def output_dimensions(model: SemanticModel, query: SemanticQuery) -> list[OutputDimension]:
    """Requested dimensions with their output column names: the short name, entity-prefixed on a clash."""
    refs = [(d, None if d.name == METRIC_TIME else resolve(model, d.name)) for d in query.dimensions]
    shorts = [(ref.column if ref else METRIC_TIME) for _, ref in refs]
    result = []
    for (dim, ref), short in zip(refs, shorts, strict=True):
        column = f"{ref.entity}_{short}" if ref and shorts.count(short) > 1 else short
        if dim.grain:
            column = f"{column}__{dim.grain}"
        result.append(OutputDimension(dim.name, ref, dim.grain, column))
    return result


def _metrics(ctx: Context, query: SemanticQuery, dims: list[OutputDimension]) -> tuple[exp.Select, list[OutputColumn]]:
    formats = {m: ctx.model.metric(m).format for m in query.metrics}
    columns = [_dimension_column(d) for d in dims] + [OutputColumn(m, "metric", m, formats[m]) for m in query.metrics]
    if query.share is not None:
        columns = [_dimension_column(d) for d in dims]
        for m in query.metrics:
            columns += [
                OutputColumn(m, "metric", m, formats[m]),
                OutputColumn(f"{m}{TOTAL_SUFFIX}", "total", m, formats[m]),
                OutputColumn(f"{m}{SHARE_SUFFIX}", "share", m, "percent"),
            ]
        return _finish(share_select(ctx, query, dims), query, dims), columns
    compare = query.compare
    if compare is None:
        return _finish(metrics_select(ctx, query, dims), query, dims), columns
    variants = populations(ctx, query)
    if compare.previous_period:
        if any(d.grain for d in dims):
            raise QueryError(["Comparing with the previous period cannot be combined with a breakdown over time."])
        current = ctx.add_cte("current_period", metrics_select(ctx, variants[0].query, dims))
        previous = ctx.add_cte("previous_period", metrics_select(ctx, variants[1].query, dims))
        projections: list[exp.Expr] = [exp.column(d.column, current) for d in dims]
        columns = [_dimension_column(d) for d in dims]  # each metric's previous/change follow it, as in the SQL
        for m in query.metrics:
            now, before = exp.column(m, current), exp.column(m, previous)
            projections += [
                exp.alias_(now, m),
                exp.alias_(before, f"{m}_previous"),
                exp.alias_(exp.Sub(this=now.copy(), expression=before.copy()), f"{m}{CHANGE_SUFFIX}"),
            ]
            columns += [
                OutputColumn(m, "metric", m, formats[m]),
                OutputColumn(f"{m}_previous", "previous", m, formats[m]),
                OutputColumn(f"{m}{CHANGE_SUFFIX}", "change", m, formats[m]),
            ]
        select = exp.select(*projections).from_(current, copy=False)
        on = (
            exp.and_(
                *(
                    exp.NullSafeEQ(this=exp.column(d.column, current), expression=exp.column(d.column, previous))
                    for d in dims
                )
            )
            if dims
            else None
        )
        select = select.join(exp.to_table(previous), on=on, join_type="LEFT" if dims else "CROSS", copy=False)
        return _finish(select, query, dims), columns
    parts = [_finish(metrics_select(ctx, v.query, dims), v.query, dims) for v in variants]
    population = OutputColumn("segment", "population", "segment", "categorical")
    return _populations_union(parts, [v.label for v in variants], "segment"), [population, *columns]


def _themes(ctx: Context, query: SemanticQuery) -> tuple[exp.Select, list[OutputColumn]]:
    variants = populations(ctx, query)
    parts = [themes_select(ctx, v.query) for v in variants]
    field = ctx.model.text_field(query.text_field or "")
    names = ["population", "id", "text"]
    names += ["time"] if field.time_dimension else []
    names += ["language"] if field.language_expr else []
    names += ["author"] if field.author_expr else []
    columns = [OutputColumn(n, "field", query.text_field or "", "categorical") for n in names]
    return _populations_union(parts, [v.label for v in variants], "population", tiebreak="id"), columns


def _populations_union(
    parts: list[exp.Select], labels: list[str], column: str, tiebreak: str | None = None
) -> exp.Select:
    """Each population's rows labelled in `column`, UNION ALL, in the order the populations were asked for."""
    labelled = [
        exp.select(exp.alias_(exp.Literal.string(label), column), exp.Star()).from_(
            part.subquery(f"p{i}", copy=False), copy=False
        )
        for i, (label, part) in enumerate(zip(labels, parts, strict=True))
    ]
    union: exp.Query = labelled[0]
    for part in labelled[1:]:
        union = exp.union(union, part, distinct=False)
    # In Ordered, as the parser reads `ORDER BY <expr>`: the guard checks this tree as it stands (guard_handoff).
    rank = exp.Case(
        this=exp.column(column),
        ifs=[exp.If(this=exp.Literal.string(label), true=exp.Literal.number(i)) for i, label in enumerate(labels)],
    )
    return (
        exp.select("*")
        .from_(union.subquery("populations", copy=False), copy=False)
        .order_by(exp.Ordered(this=rank, nulls_first=False), *([tiebreak] if tiebreak else []), copy=False)
    )


def _finish(select: exp.Select, query: SemanticQuery, dims: list[OutputDimension]) -> exp.Select:
    """ORDER BY the requested fields (then the dimensions, for a stable order) and LIMIT."""
    names = {d.request: d.column for d in dims} | {d.column: d.column for d in dims} | {m: m for m in query.metrics}
    if query.compare is not None and query.compare.previous_period:  # ordered by a metric's change
        names |= {f"{m}{CHANGE_SUFFIX}": f"{m}{CHANGE_SUFFIX}" for m in query.metrics}
    names |= {request.partition(".")[2]: column for request, column in names.items() if "." in request}
    orders = [
        exp.Ordered(this=exp.column(names[o.field]), desc=o.direction == "desc", nulls_first=False)
        for o in query.order_by
    ]
    taken = {names[o.field] for o in query.order_by}
    orders += [exp.Ordered(this=exp.column(d.column), nulls_first=False) for d in dims if d.column not in taken]
    if orders:
        select = select.order_by(*orders, copy=False)
    return select.limit(query.limit, copy=False) if query.limit else select


def _dimension_column(dim: OutputDimension) -> OutputColumn:
    return OutputColumn(
        dim.column, "dimension", dim.request, "time" if dim.grain else (dim.ref.dimension.type if dim.ref else "time")
    )
