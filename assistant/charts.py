"""The chart of an answer, chosen from the result's shape: a spec our UI code draws, never code to run.

A spec is plain data: `{"type": "line" | "bar", "x", "y": [...], "series", "x_kind", "orientation",
"formats", "title", "layout", "partial_last", "highlight"}` (DESIGN §10): `layout` is "grouped" when
periods or populations are compared (bars side by side, never stacked), else None; `partial_last` says
the last period of a time grain is still running at as-of (drawn dashed or hatched); `highlight` is the
number of leading rows a ranking asked for ("which region has the highest ..." -> 1). Time on x gives a line, categories give bars, a single number or a record list
gives no chart (None). Only metrics sharing the first metric's format are drawn together, so a currency
and a count never share an axis; the table still shows every column.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from assistant.contracts import Language
from assistant.summary.context import Result
from assistant.summary.formatting import as_date, period_end
from semantic_layer import METRIC_TIME, OutputColumn, SemanticModel, SemanticQuery

GRAINS = ("day", "week", "month", "quarter", "year")
MAX_CATEGORIES = 50  # more bars than this are unreadable; the table shows them instead
VALUE_ROLES = ("metric", "previous")  # 'change' columns are differences, drawn by neither line nor bar
GRAIN_LABELS = {
    "en": {"day": "day", "week": "week", "month": "month", "quarter": "quarter", "year": "year"},
    "zh": {"day": "日", "week": "周", "month": "月", "quarter": "季度", "year": "年"},
}
TITLES = {"en": "{values} by {x}", "zh": "{values}（按{x}）"}
AND = {"en": " and ", "zh": "和"}
THEME_TITLES = {"en": "Share by theme", "zh": "各主题占比"}
POPULATION_AXIS = {"en": "group", "zh": "人群"}
LIST_JOINER = {"en": ", ", "zh": "、"}


def chart_spec(
    model: SemanticModel,
    query: SemanticQuery,
    columns: Sequence[OutputColumn],
    rows: Sequence[Sequence[Any]],
    language: Language,
    *,
    as_of: date | None = None,
    highlight: int | None = None,
) -> dict[str, Any] | None:
    """The chart for a result, or None when a chart would add nothing. `as_of` marks a running last period;
    `highlight` is how many leading rows a ranking asked for."""
    if query.kind == "records" or not rows:
        return None
    result = Result(model=model, query=query, columns=columns, rows=rows, language=language)
    if query.kind == "themes":
        return _spec(result, "bar", x=columns[0], values=[c for c in columns if c.name == "share"], series=None)
    axes = [c for c in columns if c.role in ("dimension", "population")]
    values = [c for c in columns if c.role in VALUE_ROLES]
    shares = [c for c in columns if c.role == "share"]
    values = shares or values  # a share query draws the shares (as %), not the parts' values
    if not axes or not values:
        return None
    values = [c for c in values if c.format == values[0].format]
    # Time runs along x; otherwise a dimension, and a compared population becomes the series.
    x = min(axes, key=lambda c: (c.format != "time", c.role != "dimension"))
    others = [c for c in axes if c is not x]
    if len(others) > 1:
        return None
    series = others[0] if others else None
    if series is not None:
        values = values[:1]
    if x.format != "time" and len({_index_value(result, row, x) for row in rows}) > MAX_CATEGORIES:
        return None
    spec = _spec(result, "line" if x.format == "time" else "bar", x=x, values=values, series=series)
    compared = (series is not None and series.role == "population") or any(c.role == "previous" for c in values)
    spec["layout"] = "grouped" if compared or (series is not None and spec["type"] == "bar") else None
    spec["partial_last"] = _partial_last(result, x, as_of)
    spec["highlight"] = highlight if highlight and x.format != "time" and series is None else None
    return spec


def _partial_last(result: Result, x: OutputColumn, as_of: date | None) -> bool:
    return (
        as_of is not None
        and x.format == "time"
        and running_period([x], result.rows, as_of, index=result.index(x.name)) is not None
    )


def running_period(
    columns: Sequence[OutputColumn], rows: Sequence[Sequence[Any]], as_of: date, *, index: int | None = None
) -> tuple[date, str] | None:
    """The latest period (start, grain) of the result's time grain when it ends after as-of, else None."""
    found = next(
        ((i, c) for i, c in enumerate(columns) if c.format == "time" and c.name.rpartition("__")[2] in GRAINS), None
    )
    if found is None:
        return None
    position, column = found
    position = index if index is not None else position
    grain = column.name.rpartition("__")[2]
    days = [day for row in rows if position < len(row) and (day := as_date(row[position])) is not None]
    if not days:
        return None
    end = period_end(max(days), grain)
    return (max(days), grain) if end is not None and end > as_of else None


def _spec(
    result: Result, kind: str, *, x: OutputColumn, values: Sequence[OutputColumn], series: OutputColumn | None
) -> dict[str, Any]:
    if result.query.kind == "themes":
        title = THEME_TITLES[result.language]
    else:
        labels = dict.fromkeys(result.metric_label(c.source) for c in values)
        axes = _axis_label(result, x) + (AND[result.language] + _axis_label(result, series) if series else "")
        title = TITLES[result.language].format(values=LIST_JOINER[result.language].join(labels), x=axes)
    return {
        "type": kind,
        "x": x.name,
        "y": [c.name for c in values],
        "series": series.name if series else None,
        "x_kind": "time" if x.format == "time" else "category",
        "orientation": "horizontal" if result.query.kind == "themes" else "vertical",
        "formats": {c.name: c.format for c in values},
        "title": title,
        "layout": None,
        "partial_last": False,
        "highlight": None,
    }


def _axis_label(result: Result, column: OutputColumn) -> str:
    if column.source == METRIC_TIME:
        grain = column.name.rpartition("__")[2]
        return GRAIN_LABELS[result.language].get(grain, result.dimension_label(METRIC_TIME))
    if column.role == "population":
        return POPULATION_AXIS[result.language]
    return result.mid(result.dimension_label(column.source))


def _index_value(result: Result, row: Sequence[Any], column: OutputColumn) -> Any:
    index = result.index(column.name)
    return row[index] if index is not None else None
