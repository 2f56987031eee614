"""What each column of an answer is — label, role, format — and how its values read in the table and chart.

An Answer carries raw values only (DESIGN §3); the model says what they mean. The columns of a planned
query come from compiling it again (pure, no data touched); a theme answer's are fixed; anything else
falls back to the values' types.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from assistant.contracts import Answer, Language
from assistant.pipeline import theme_columns
from assistant.summary.formatting import DEFAULT_CURRENCY, as_date, as_number, format_value, period_label
from assistant.text_safety import strip_invisible
from semantic_layer import METRIC_TIME, OutputColumn, SemanticModel, compile_query
from semantic_layer.errors import SemanticLayerError

GRAINS = ("day", "week", "month", "quarter", "year")
GRAIN_LABELS = {
    "en": {"day": "day", "week": "week", "month": "month", "quarter": "quarter", "year": "year"},
    "zh": {"day": "日", "week": "周", "month": "月", "quarter": "季度", "year": "年"},
}
ROLE_SUFFIX = {
    "en": {"previous": " (previous period)", "change": " (change)", "total": " (total)", "share": " (share)"},
    "zh": {"previous": "（上一周期）", "change": "（变化）", "total": "（合计）", "share": "（占比）"},
}
FIXED_LABELS = {
    "en": {"theme": "Theme", "share": "Share", "segment": "Group", "population": "Group", "time": "Period"},
    "zh": {"theme": "主题", "share": "占比", "segment": "人群", "population": "人群", "time": "时间"},
}
MISSING = {"en": "n/a", "zh": "无数据"}
NUMERIC_FORMATS = ("integer", "number", "percent", "currency", "hours", "score")


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    role: str  # dimension | metric | previous | change | population | field
    source: str  # the metric or dimension shown
    format: str  # a metric format (integer, percent, ...) or a dimension type (categorical, time, ...)

    @property
    def grain(self) -> str | None:
        grain = self.name.rpartition("__")[2] if "__" in self.name else None
        return grain if grain in GRAINS else None

    @property
    def numeric(self) -> bool:
        return self.role in ("metric", "previous", "change", "total", "share") or self.format in NUMERIC_FORMATS


def answer_columns(model: SemanticModel, answer: Answer, as_of: date, language: Language) -> list[Column]:
    """The answer's columns, described; falls back to the values' types when the query cannot say."""
    query = answer.plan.query if answer.plan else None
    described: list[OutputColumn] = []
    if query is not None and query.kind == "themes" and answer.columns:
        described = theme_columns(answer.columns[1] if len(answer.columns) > 1 else "texts")
    elif query is not None:
        try:
            described = list(compile_query(model, query, as_of=as_of).columns)
        except SemanticLayerError:
            described = []
    by_name = {column.name: column for column in described}
    columns = []
    for index, name in enumerate(answer.columns):
        column = by_name.get(name) or _guess(name, [row[index] for row in answer.rows if index < len(row)])
        columns.append(Column(name, column_label(model, column, language), column.role, column.source, column.format))
    return columns


def _guess(name: str, values: Sequence[Any]) -> OutputColumn:
    present = [v for v in values if v is not None]
    if present and all(as_number(v) is not None for v in present):
        return OutputColumn(name, "metric", name, "number")
    if present and all(as_date(v) is not None for v in present):
        return OutputColumn(name, "dimension", name, "time")
    return OutputColumn(name, "dimension", name, "categorical")


def column_label(model: SemanticModel, column: OutputColumn, language: Language) -> str:
    """A column as a reader names it: 'Revenue', 'Region', 'Order time (month)', 'Revenue (change)'."""
    fixed = FIXED_LABELS[language]
    if column.role in ("metric", "previous", "change", "total", "share"):
        metric = model.metrics.get(column.source)
        if metric is not None:
            base = metric.label.zh if language == "zh" else metric.label.en
        elif column.source in fixed:
            base = fixed[column.source]
        else:
            base = _count_label(column.source, language)
        return base + ROLE_SUFFIX[language].get(column.role, "")
    if column.role == "population" or column.name in fixed:
        return fixed.get(column.name, fixed["segment"])
    base = _dimension_label(model, column.source, language)
    grain = column.name.rpartition("__")[2] if "__" in column.name else None
    if grain in GRAINS:
        grain_text = GRAIN_LABELS[language][grain]
        return base + (f" ({grain_text})" if language == "en" else f"（{grain_text}）")
    return base


def _dimension_label(model: SemanticModel, source: str, language: Language) -> str:
    if source == METRIC_TIME:
        return FIXED_LABELS[language]["time"]
    entity_name, _, name = source.rpartition(".")
    entity = model.entities.get(entity_name)
    dimension = entity.dimensions.get(name) if entity else None
    if dimension is None or dimension.label is None:
        return _humanize(name or source)
    return dimension.label.zh if language == "zh" else dimension.label.en


def _count_label(name: str, language: Language) -> str:
    """The count column of a theme answer ('complaints')."""
    return "数量" if language == "zh" else _humanize(name)


def _humanize(name: str) -> str:
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def display_value(
    model: SemanticModel, column: Column, value: Any, language: Language, currency: str = DEFAULT_CURRENCY
) -> str:
    """A cell as the table shows it: numbers per format and language, periods per grain, values as text."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return MISSING[language]
    grain = column.grain
    if grain is not None and (day := as_date(value)) is not None:
        return period_label(day, grain, language)
    if column.numeric and as_number(value) is not None:
        return format_value(value, column.format, language, currency)
    if column.format == "time" and (day := as_date(value)) is not None:
        return day.isoformat()
    if isinstance(value, bool):
        return format_value(value, "boolean", language)
    return category_label(model, column, value, language)


def category_label(model: SemanticModel, column: Column, value: Any, language: Language) -> str:
    """A category as text: a segment's label for a population, the Chinese value synonym in Chinese."""
    text = strip_invisible(str(value))
    if column.role == "population" or column.name in ("segment", "population"):
        labels = []
        for part in text.split("+"):
            segment = model.segments.get(part)
            labels.append((segment.label.zh if language == "zh" else segment.label.en) if segment else part)
        return " + ".join(labels)
    if language == "zh" and column.role == "dimension" and "." in column.source:
        entity_name, _, name = column.source.rpartition(".")
        entity = model.entities.get(entity_name)
        dimension = entity.dimensions.get(name) if entity else None
        if dimension is not None:
            return dimension.chinese_value(text)
    if language == "en" and column.role == "dimension" and text[:1].islower() and text.isascii():
        return text[:1].upper() + text[1:]  # 'electronics' beside 'North': values read alike
    return text
