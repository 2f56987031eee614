"""Who a query is about: its filters, segments and time range, and the populations it compares."""

from __future__ import annotations

from dataclasses import dataclass

from semantic_layer.compiler.fields import FieldRef, filter_condition, resolve, segment_condition, time_condition
from semantic_layer.compiler.sources import Context, Source
from semantic_layer.query import METRIC_TIME, Filter, SemanticQuery, TimeRange
from semantic_layer.time_calendar import whole_previous_period
from semantic_layer.time_phrases import previous_period, same_period_last_year


@dataclass(frozen=True)
class Population:
    label: str
    query: SemanticQuery


def apply_filters_and_segments(
    ctx: Context, source: Source, query: SemanticQuery, extra_segments: tuple[str, ...] = ()
) -> None:
    for flt in query.filters:
        ref = resolve(ctx.model, flt.field)
        if absence_of_rows(ctx, source, ref, flt):
            source.where_absent(ref.entity)
        else:
            source.where(ref.entity, filter_condition(ref, flt))
    for name in dict.fromkeys((*query.segments, *extra_segments)):
        entity, make = segment_condition(ctx, name)
        source.where(entity, make)


def absence_of_rows(ctx: Context, source: Source, ref: FieldRef, flt: Filter) -> bool:
    """`is_null` on the primary key of an entity the source has many rows of ('order.order_id is_null' when counting
    customers) is the anti-join idiom (LEFT JOIN … WHERE key IS NULL): no such rows at all. The query's other
    filters on that entity and a time range on its dates say which rows must be absent (NOT EXISTS with them
    inside), as `is_not_null` on the key with them is the semi-join (EXISTS)."""
    key = ctx.model.entities[ref.entity].primary_key
    return flt.op == "is_null" and ref.column == key and source.fans_out_to(ref.entity)


def explicit_time_field(time_range: TimeRange | None) -> str | None:
    """The dimension a time range names, or None when it applies to each metric's own time dimension."""
    if time_range is None or time_range.field in (None, METRIC_TIME):
        return None
    return time_range.field


def apply_time_range(ctx: Context, source: Source, time_range: TimeRange, field_name: str) -> None:
    ref = resolve(ctx.model, field_name)
    source.where(ref.entity, time_condition(ref, time_range.start, time_range.end))


def populations(ctx: Context, query: SemanticQuery) -> list[Population]:
    """The query itself, then each comparison population (previous period, or each compared segment).

    A time range on the date that defines the query's own segment (customers who *churned* in the last
    3 months) cannot date another population (active customers have no churn date); compared
    populations take the same dates on their activity instead.
    """
    compare = query.compare
    if compare is None:
        return [Population("current", query)]
    result = [Population("current" if compare.previous_period else "+".join(query.segments) or "all", query)]
    if compare.previous_period:
        assert query.time_range is not None  # SemanticQuery validation guarantees it
        if compare.year_over_year:
            start, end = same_period_last_year(query.time_range.start, query.time_range.end)
            label = "same period last year"
        elif compare.whole_previous:
            start, end = whole_previous_period(query.time_range.start, query.time_range.end)
            label = "whole previous period"
        else:
            start, end = previous_period(query.time_range.start, query.time_range.end)
            label = "previous period"
        shifted = query.time_range.model_copy(update={"start": start, "end": end, "label": label})
        result.append(Population("previous", query.model_copy(update={"time_range": shifted})))
    if not compare.segments:
        return result
    compared = query
    entry_dates = {f"{ctx.model.segment(s).entity}.{ctx.model.segment(s).time_dimension}" for s in query.segments}
    if query.time_range is not None and query.time_range.field in entry_dates:
        compared = query.model_copy(update={"time_range": query.time_range.model_copy(update={"field": None})})
        ctx.note(f"Compared populations take the same dates on their own activity, not on {query.time_range.field}.")
    return result + [Population(name, compared.model_copy(update={"segments": [name]})) for name in compare.segments]
