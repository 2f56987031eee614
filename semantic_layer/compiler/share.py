"""`share`: each metric over a part of the query's rows ÷ the same metric over all of them (DESIGN §3).

Two aggregates over the same rows, joined: the part (the query narrowed by the share's filters and segments, or
each group of the breakdown) and the total (the query itself, at the same groups when the part is a condition,
else over all groups). A second aggregate rather than a window SUM over the groups, so that a distinct count's
total counts each key once even when it falls in several groups.
"""

from __future__ import annotations

from sqlglot import exp

from semantic_layer.compiler.fragments import safe_divide
from semantic_layer.compiler.metric_query import OutputDimension, metrics_select
from semantic_layer.compiler.sources import Context
from semantic_layer.query import SemanticQuery

SHARE_SUFFIX = "_share"
TOTAL_SUFFIX = "_total"


def share_select(ctx: Context, query: SemanticQuery, dims: list[OutputDimension]) -> exp.Select:
    """dims, then per metric: the part's value, the total's and the share (a fraction 0..1, NULL for a total of 0)."""
    assert query.share is not None
    share = query.share
    base = query.model_copy(update={"share": None})
    conditional = bool(share.filters or share.segments)
    part_query = base.model_copy(
        update={
            "filters": [*base.filters, *share.filters],
            "segments": list(dict.fromkeys([*base.segments, *share.segments])),
            "order_by": [],
            "limit": None,
        }
    )
    total_query = base.model_copy(
        update={"dimensions": base.dimensions if conditional else [], "order_by": [], "limit": None}
    )
    part = ctx.add_cte("share_part", metrics_select(ctx, part_query, dims))
    total = ctx.add_cte("share_total", metrics_select(ctx, total_query, dims if conditional else []))
    # With a condition every group of the total is shown (a group with no part rows has a share of 0);
    # for a breakdown, the groups are the part's.
    rows, other = (total, part) if conditional else (part, total)
    projections: list[exp.Expr] = [exp.column(d.column, rows) for d in dims]
    for m in query.metrics:
        value = exp.Coalesce(this=exp.column(m, part), expressions=[exp.Literal.number(0)])
        whole = exp.column(m, total)
        projections += [
            exp.alias_(value, m),
            exp.alias_(whole, f"{m}{TOTAL_SUFFIX}"),
            exp.alias_(safe_divide(value.copy(), whole.copy()), f"{m}{SHARE_SUFFIX}"),
        ]
    select = exp.select(*projections).from_(rows, copy=False)
    if conditional and dims:
        on = exp.and_(
            *(exp.NullSafeEQ(this=exp.column(d.column, total), expression=exp.column(d.column, part)) for d in dims)
        )
        return select.join(exp.to_table(part), on=on, join_type="LEFT", copy=False)
    return select.join(exp.to_table(other), join_type="CROSS", copy=False)
