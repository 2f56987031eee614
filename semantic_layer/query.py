"""The SemanticQuery contract (DESIGN.md §3): planner output, compiler input, evaluation format."""

from __future__ import annotations

from datetime import date
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

QueryKind = Literal["metrics", "records", "themes"]
Grain = Literal["day", "week", "month", "quarter", "year"]
FilterOp = Literal["=", "!=", "in", "not_in", ">", ">=", "<", "<=", "between", "contains", "is_null", "is_not_null"]
Scalar = bool | int | float | str

# How many values each operator takes: (minimum, maximum); None means no upper bound.
OPERATOR_ARITY: dict[str, tuple[int, int | None]] = {
    "=": (1, 1), "!=": (1, 1), ">": (1, 1), ">=": (1, 1), "<": (1, 1), "<=": (1, 1), "contains": (1, 1),
    "in": (1, None), "not_in": (1, None), "between": (2, 2), "is_null": (0, 0), "is_not_null": (0, 0),
}  # fmt: skip

METRIC_TIME = "metric_time"
"""Virtual dimension: each metric's own default time dimension (for 'revenue and complaints per month')."""
# With compare.previous_period, order_by may name "<metric>_change" (the current minus the previous value).
CHANGE_SUFFIX = "_change"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DimensionRef(_Strict):
    name: str
    grain: Grain | None = None


class Filter(_Strict):
    field: str
    op: FilterOp
    values: list[Scalar] = []

    @model_validator(mode="after")
    def _check_arity(self) -> Self:
        low, high = OPERATOR_ARITY[self.op]
        count = len(self.values)
        if count < low or (high is not None and count > high):
            wanted = f"exactly {low}" if low == high else f"at least {low}"
            raise ValueError(f"operator '{self.op}' takes {wanted} value(s), got {count}")
        return self


class TimeRange(_Strict):
    field: str | None = None
    start: date
    end: date
    label: str | None = None

    @model_validator(mode="after")
    def _check_order(self) -> Self:
        if self.end < self.start:
            raise ValueError(f"time range ends ({self.end}) before it starts ({self.start})")
        return self


class OrderBy(_Strict):
    field: str
    direction: Literal["asc", "desc"] = "desc"


class Compare(_Strict):
    previous_period: bool = False
    # With previous_period: the period compared with is the same one a year earlier (YoY, 同比), not the one
    # right before ("November 2026" -> November 2025 instead of October 2026).
    year_over_year: bool = False
    # With previous_period, for a month, quarter or year to date: the whole period before it ("this year so far vs
    # all of last year"), not the same stretch to date.
    whole_previous: bool = False
    segments: list[str] = []

    @model_validator(mode="after")
    def _check_something(self) -> Self:
        if not self.previous_period and not self.segments:
            raise ValueError("compare needs previous_period: true and/or a list of segments")
        if self.year_over_year and not self.previous_period:
            raise ValueError("compare.year_over_year needs previous_period: true")
        if self.whole_previous and (not self.previous_period or self.year_over_year):
            raise ValueError("compare.whole_previous needs previous_period: true and no year_over_year")
        return self


# A share of a total (additive): each metric over a part of the query's rows ÷ the same metric over all of them.
# The part is the query's rows narrowed by these filters and segments ("what share of revenue came from members":
# segments [members]); with neither, each group of the breakdown is a part of the total over all groups
# ("各渠道订单数占比"). The query's own filters, segments and time range define the total. (A comment, not a
# docstring: the JSON schema sent to an LLM stays short.)
class Share(_Strict):
    filters: list[Filter] = []
    segments: list[str] = []


class SemanticQuery(_Strict):
    kind: QueryKind = "metrics"
    metrics: list[str] = []
    dimensions: list[DimensionRef] = []
    segments: list[str] = []
    filters: list[Filter] = []
    time_range: TimeRange | None = None
    order_by: list[OrderBy] = []
    limit: int | None = Field(None, ge=1, le=100_000)
    text_field: str | None = None
    compare: Compare | None = None
    share: Share | None = None

    @model_validator(mode="after")
    def _check_kind(self) -> Self:
        if self.kind == "metrics" and not self.metrics:
            raise ValueError("a metrics query needs at least one metric")
        if self.kind == "records" and not self.dimensions:
            raise ValueError("a records query needs at least one dimension (the columns to list)")
        if self.kind == "themes" and not self.text_field:
            raise ValueError("a themes query needs a text_field")
        if self.kind != "metrics" and self.metrics:
            raise ValueError(f"a {self.kind} query takes no metrics")
        if self.compare and self.compare.previous_period and self.time_range is None:
            raise ValueError("comparing with the previous period needs a time range")
        if self.kind == "metrics" and self.compare and self.compare.previous_period and self.compare.segments:
            raise ValueError("a metrics query compares with the previous period or with segments, not both")
        if self.share is not None:
            if self.kind != "metrics" or self.compare is not None:
                raise ValueError("a share needs a metrics query without compare")
            if not (self.share.filters or self.share.segments or self.dimensions):
                raise ValueError("a share needs the part's filters or segments, or a breakdown (each group's share)")
        return self
