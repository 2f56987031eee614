"""`kind: records` (entity rows) and `kind: themes` (the free texts of a population) queries."""

from __future__ import annotations

from sqlglot import exp

from semantic_layer.compiler.fields import resolve
from semantic_layer.compiler.fragments import qualified
from semantic_layer.compiler.metric_query import OutputDimension
from semantic_layer.compiler.population import apply_filters_and_segments, apply_time_range, explicit_time_field
from semantic_layer.compiler.sources import Context, Source
from semantic_layer.query import SemanticQuery


def records_select(ctx: Context, query: SemanticQuery, dims: list[OutputDimension]) -> exp.Select:
    first = dims[0].ref
    assert first is not None  # checks reject metric_time in records queries
    source = Source(ctx, first.entity)
    projections = []
    for dim in dims:
        assert dim.ref is not None
        alias = source.alias_of(dim.ref.entity, f"column '{dim.request}' in a list of {first.entity} rows")
        projections.append(exp.alias_(dim.ref.expression(alias, dim.grain), dim.column))
    apply_filters_and_segments(ctx, source, query)
    _time(ctx, source, query, ctx.model.entities[first.entity].default_time_dimension)
    return source.select(projections)


def themes_select(ctx: Context, query: SemanticQuery) -> exp.Select:
    """id, text, time, language and author of every text in the population."""
    assert query.text_field is not None
    field = ctx.model.text_field(query.text_field)
    entity = ctx.model.entities[field.entity]
    source = Source(ctx, field.entity)
    text = qualified(field.expr, source.alias)
    projections = [
        exp.alias_(exp.column(entity.primary_key, source.alias), "id"),
        exp.alias_(text.copy(), "text"),
    ]
    if field.time_dimension:
        projections.append(
            exp.alias_(resolve(ctx.model, f"{field.entity}.{field.time_dimension}").expression(source.alias), "time")
        )
    if field.language_expr:
        projections.append(exp.alias_(qualified(field.language_expr, source.alias), "language"))
    if field.author_expr:
        projections.append(exp.alias_(qualified(field.author_expr, source.alias), "author"))
    if field.filter:
        source.conditions.append(qualified(field.filter, source.alias))
    source.conditions.append(exp.not_(exp.Is(this=text, expression=exp.Null())))
    apply_filters_and_segments(ctx, source, query)
    _time(ctx, source, query, field.time_dimension)
    return source.select(projections)


def _time(ctx: Context, source: Source, query: SemanticQuery, default_dimension: str | None) -> None:
    if query.time_range is None:
        return
    field_name = explicit_time_field(query.time_range)
    if field_name is None and default_dimension is not None:
        field_name = f"{source.entity}.{default_dimension}"
    if field_name is None:
        ctx.note(f"{source.entity} rows have no time dimension; the time range does not apply.")
        return
    apply_time_range(ctx, source, query.time_range, field_name)
