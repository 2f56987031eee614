"""The chart of an answer as plot data, drawn from the pipeline's chart spec by our code (never by model code).

`plot_view` turns a spec (`assistant/charts.py`) and the answer's rows into a long-format frame with
readable labels and units: ratios in percent, several metrics as one series each, time grains as
periods ("2026-03", "2026-Q3"). The UI hands the result to a native (Vega-Lite) plot; the widget draws
its own SVG from the same spec.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd

from assistant.contracts import Answer, Language
from assistant.summary.formatting import as_date, as_number
from assistant.ui.columns import Column, category_label, period_label
from semantic_layer import SemanticModel

SERIES_LABEL = {"en": "Metric", "zh": "指标"}
UNITS = {"percent": " (%)", "currency": " (¥)", "hours": " (h)"}
UNITS_ZH = {"percent": "（%）", "currency": "（元）", "hours": "（小时）"}
NOMINAL_GRAINS = ("month", "quarter", "year")  # few points: one labelled tick each
LONG_LABEL = 12


@dataclass(frozen=True)
class PlotView:
    frame: pd.DataFrame
    mark: Literal["line", "bar"]
    x: str
    y: str
    color: str | None
    title: str
    y_format: str | None
    sort: list[str] | None
    x_label_angle: float
    temporal: bool


def plot_view(model: SemanticModel, answer: Answer, columns: list[Column], language: Language) -> PlotView | None:
    """The plot for the answer's chart spec, or None when there is nothing to draw."""
    spec = answer.chart
    if not spec or not answer.rows or spec.get("type") not in ("line", "bar"):
        return None
    by_name = {column.name: (index, column) for index, column in enumerate(columns)}
    x_name, series_name = spec.get("x"), spec.get("series")
    y_names = [name for name in spec.get("y") or [] if name in by_name]
    if x_name not in by_name or not y_names or (series_name is not None and series_name not in by_name):
        return None
    x_index, x_column = by_name[x_name]
    fmt = str((spec.get("formats") or {}).get(y_names[0], by_name[y_names[0]][1].format))
    temporal = spec.get("x_kind") == "time" and x_column.grain not in NOMINAL_GRAINS
    x_values = [_x_value(model, x_column, row[x_index], language, temporal=temporal) for row in answer.rows]
    records: list[dict[str, Any]] = []
    y_label = _with_unit(by_name[y_names[0]][1].label, fmt, language)
    color: str | None = None
    if series_name is not None:
        series_index, series_column = by_name[series_name]
        color = series_column.label
        y_index = by_name[y_names[0]][0]
        for x_value, row in zip(x_values, answer.rows, strict=True):
            series = category_label(model, series_column, row[series_index], language)
            records.append({x_column.label: x_value, color: series, y_label: _y_value(row[y_index], fmt)})
    elif len(y_names) > 1:
        color = SERIES_LABEL[language]
        y_label = _with_unit({"en": "Value", "zh": "数值"}[language], fmt, language)
        for x_value, row in zip(x_values, answer.rows, strict=True):
            for name in y_names:
                index, column = by_name[name]
                records.append({x_column.label: x_value, color: column.label, y_label: _y_value(row[index], fmt)})
    else:
        y_index = by_name[y_names[0]][0]
        records = [
            {x_column.label: x_value, y_label: _y_value(row[y_index], fmt)}
            for x_value, row in zip(x_values, answer.rows, strict=True)
        ]
    frame = pd.DataFrame.from_records(records)
    if frame.empty or frame[y_label].isna().all():
        return None
    if temporal:
        frame[x_column.label] = pd.to_datetime(frame[x_column.label])
    mark: Literal["line", "bar"] = "line" if spec.get("type") == "line" else "bar"
    order = None if temporal else list(dict.fromkeys(str(v) for v in x_values))
    long_labels = order is not None and (len(order) > 8 or any(_width(v) > LONG_LABEL for v in order))
    return PlotView(
        frame=frame,
        mark=mark,
        x=x_column.label,
        y=y_label,
        color=color,
        title=str(spec.get("title") or ""),
        y_format="~s" if fmt == "currency" else None,
        sort=order if mark == "bar" else None,
        x_label_angle=_label_angle(order) if long_labels and mark == "bar" and order else 0,
        temporal=temporal,
    )


def _label_angle(labels: list[str]) -> float:
    """Steeper category labels as they get more numerous, so that they do not overlap."""
    if len(labels) > 20:
        return -90
    return -45 if len(labels) > 8 else -30


def _width(text: str) -> int:
    """Display width: a CJK character takes about two Latin ones."""
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in text)


def _x_value(model: SemanticModel, column: Column, value: Any, language: Language, *, temporal: bool) -> Any:
    day = as_date(value)
    if temporal:
        return day.isoformat() if day else None
    if column.grain is not None and day is not None:
        return period_label(day, column.grain)
    if day is not None and column.format == "time":
        return day.isoformat()
    if value is None:
        return {"en": "n/a", "zh": "无数据"}[language]
    return category_label(model, column, value, language)


def _y_value(value: Any, fmt: str) -> float | None:
    number = as_number(value)
    if number is None:
        return None
    if fmt == "percent":
        return round(number * 100, 2)
    return round(number, 2)


def _with_unit(label: str, fmt: str, language: Language) -> str:
    units = UNITS_ZH if language == "zh" else UNITS
    return label + units.get(fmt, "")
