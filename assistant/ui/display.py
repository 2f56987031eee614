"""An answer's display values: the table as text, the chart's data and the theme facts, formatted once here.

The Answer keeps raw values (DESIGN §3); the chat and the widget show these display values, so neither
formats a number, an amount or a period itself. Tables are sorted by their measure (a time axis stays in
time order), category values read alike ("Electronics" beside "North"), money is rounded as shown and a
change is computed from the shown values, with a % change column beside a previous-period comparison.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from assistant.contracts import Answer, Language
from assistant.summary.formatting import as_number, fixed, format_share, format_value, shown_number
from assistant.ui.columns import Column, answer_columns, category_label, display_value
from assistant.ui.i18n import t
from semantic_layer import SemanticModel

OTHER_THEME = "other"
MAX_CHART_CATEGORIES = 50


@dataclass(frozen=True)
class TableData:
    headers: list[str]
    numeric: list[bool]
    rows: list[list[str]]
    highlight: list[int] = field(default_factory=list)  # display rows a ranking asked for


@dataclass(frozen=True)
class Series:
    label: str
    values: list[float | None]
    texts: list[str]
    muted: bool = False  # a previous period or the `other` theme: drawn lighter


@dataclass(frozen=True)
class ChartData:
    title: str
    kind: str  # bar | line
    horizontal: bool
    categories: list[str]
    series: list[Series]
    fmt: str
    y_label: str
    language: Language
    currency: str
    layout: str | None = None
    partial_last: bool = False
    highlight: int | None = None
    muted_categories: list[int] = field(default_factory=list)  # e.g. the `other` theme
    time_axis: bool = False

    @property
    def kinds(self) -> list[str]:
        """What the chart may be switched to: a line needs a time axis; a table always works."""
        return ["bar", "line", "table"] if self.time_axis else ["bar", "table"]

    @property
    def sortable(self) -> bool:
        return not self.time_axis and not self.horizontal


@dataclass(frozen=True)
class ThemeFacts:
    label: str
    share: str
    width: float  # 0..100, against the largest theme
    facts: list[str]
    other: bool


@dataclass(frozen=True)
class AnswerDisplay:
    table: TableData | None
    chart: ChartData | None
    themes: list[ThemeFacts]


def answer_display(model: SemanticModel, answer: Answer, as_of: date) -> AnswerDisplay:
    language, currency = answer.language, model.locale.currency
    columns = answer_columns(model, answer, as_of, language)
    order = _row_order(answer, columns)
    return AnswerDisplay(
        table=_table(model, answer, columns, order, currency) if answer.rows else None,
        chart=_chart(model, answer, columns, order, currency),
        themes=_themes(answer, columns),
    )


def _row_order(answer: Answer, columns: list[Column]) -> list[int]:
    """Rows by their measure, largest first, unless the query ordered them or a time axis or population leads;
    the `other` theme always last."""
    indexes = list(range(len(answer.rows)))
    query = answer.plan.query if answer.plan else None
    if query is not None and query.kind == "themes":
        return sorted(indexes, key=lambda i: answer.themes[i].id == OTHER_THEME if i < len(answer.themes) else False)
    if query is None or query.order_by or query.kind == "records":
        return indexes
    if any(c.grain or c.format == "time" or c.role == "population" for c in columns):
        return indexes
    measure = next((i for i, c in enumerate(columns) if c.role == "metric"), None)
    if measure is None:
        return indexes

    def key(i: int) -> float:
        number = as_number(answer.rows[i][measure]) if measure < len(answer.rows[i]) else None
        return -number if number is not None else float("inf")

    return sorted(indexes, key=key)


def _table(model: SemanticModel, answer: Answer, columns: list[Column], order: list[int], currency: str) -> TableData:
    language = answer.language
    headers, numeric = [c.label for c in columns], [c.numeric for c in columns]
    change_of = _changes(columns)
    add_percent = [i for i, (metric, previous) in change_of.items() if columns[metric].format != "percent"]
    for i in reversed(add_percent):
        headers.insert(i + 1, t(language, "change_percent", label=columns[change_of[i][0]].label))
        numeric.insert(i + 1, True)
    rows = []
    for r in order:
        row = answer.rows[r]
        cells: list[str] = []
        for i, column in enumerate(columns):
            value = row[i] if i < len(row) else None
            if i in change_of:
                cells += _change_cells(row, columns, change_of[i], language, currency, i in add_percent)
            else:
                cells.append(display_value(model, column, value, language, currency))
        rows.append(cells)
    highlight = answer.chart.get("highlight") if answer.chart else None
    return TableData(_unique(headers), numeric, rows, list(range(min(int(highlight or 0), len(rows)))))


def _changes(columns: list[Column]) -> dict[int, tuple[int, int]]:
    """For each change column, the metric and previous-period columns it is the difference of."""
    found = {}
    for i, column in enumerate(columns):
        if column.role != "change":
            continue
        metric = next((j for j, c in enumerate(columns) if c.role == "metric" and c.source == column.source), None)
        previous = next((j for j, c in enumerate(columns) if c.role == "previous" and c.source == column.source), None)
        if metric is not None and previous is not None:
            found[i] = (metric, previous)
    return found


def _change_cells(
    row: Sequence[Any], columns: list[Column], pair: tuple[int, int], language: Language, currency: str, percent: bool
) -> list[str]:
    """The change as the shown values differ (no ¥1 off from rounding each side), and the % change."""
    fmt = columns[pair[0]].format
    current = as_number(row[pair[0]]) if pair[0] < len(row) else None
    previous = as_number(row[pair[1]]) if pair[1] < len(row) else None
    if current is None or previous is None:
        missing = t(language, "missing")
        return [missing, missing] if percent else [missing]
    shown_current, shown_previous = shown_number(current, fmt, language), shown_number(previous, fmt, language)
    difference = shown_current - shown_previous
    text = format_value(difference, fmt, language, currency)
    if fmt == "currency" and abs(difference) < 1000 and difference == round(difference):
        text = text.removesuffix(".00")
    sign = "+" if difference > 0 else ""
    cells = [sign + text]
    if percent:
        cells.append(
            t(language, "missing")
            if shown_previous == 0
            else f"{'+' if difference > 0 else ''}{fixed(difference / abs(shown_previous) * 100, 1)}%"
        )
    return cells


def _unique(labels: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    result = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        result.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return result


def _chart(
    model: SemanticModel, answer: Answer, columns: list[Column], order: list[int], currency: str
) -> ChartData | None:
    spec, language = answer.chart, answer.language
    if not spec or not answer.rows or spec.get("type") not in ("line", "bar"):
        return None
    by_name = {column.name: (index, column) for index, column in enumerate(columns)}
    x_name, series_name = spec.get("x"), spec.get("series")
    y_names = [name for name in spec.get("y") or [] if name in by_name]
    if x_name not in by_name or not y_names or (series_name is not None and series_name not in by_name):
        return None
    x_index, x_column = by_name[x_name]
    fmt = str((spec.get("formats") or {}).get(y_names[0], by_name[y_names[0]][1].format))
    rows = [answer.rows[i] for i in order]
    categories = list(dict.fromkeys(display_value(model, x_column, row[x_index], language) for row in rows))
    if spec.get("x_kind") == "time":  # periods read left to right in time, whatever order the rows came in
        categories.sort()
    if len(categories) > MAX_CHART_CATEGORIES:
        return None
    position = {label: i for i, label in enumerate(categories)}
    series: list[Series] = []
    if series_name is not None:
        s_index, s_column = by_name[series_name]
        y_index = by_name[y_names[0]][0]
        groups: dict[str, list[float | None]] = {}
        for row in rows:
            label = category_label(model, s_column, row[s_index], language)
            values = groups.setdefault(label, [None] * len(categories))
            values[position[display_value(model, x_column, row[x_index], language)]] = as_number(row[y_index])
        series = [_series(label, values, fmt, language, currency) for label, values in groups.items()]
    else:
        for name in y_names:
            index, column = by_name[name]
            values = [None] * len(categories)
            for row in rows:
                values[position[display_value(model, x_column, row[x_index], language)]] = as_number(row[index])
            series.append(_series(column.label, values, fmt, language, currency, muted=column.role == "previous"))
    muted = [i for i, r in enumerate(order) if i < len(answer.themes) and answer.themes[r].id == OTHER_THEME]
    y_label = by_name[y_names[0]][1].label if len(series) == 1 or series_name else t(language, "value")
    return ChartData(
        title=str(spec.get("title") or ""),
        kind=str(spec["type"]),
        horizontal=spec.get("orientation") == "horizontal",
        categories=categories,
        series=series,
        fmt=fmt,
        y_label=y_label,
        language=language,
        currency=currency,
        layout=spec.get("layout"),
        partial_last=bool(spec.get("partial_last")),
        highlight=spec.get("highlight"),
        muted_categories=muted,
        time_axis=spec.get("x_kind") == "time",
    )


def _series(
    label: str, values: list[float | None], fmt: str, language: Language, currency: str, *, muted: bool = False
) -> Series:
    texts = [format_value(v, fmt, language, currency) if v is not None else "" for v in values]
    return Series(label, values, texts, muted)


def _themes(answer: Answer, columns: list[Column]) -> list[ThemeFacts]:
    """Each theme's share and facts as text; the `other` theme last."""
    if not answer.themes:
        return []
    language = answer.language
    top = max((theme.share for theme in answer.themes if theme.id != OTHER_THEME), default=0.0) or 1.0
    noun = columns[1].label if len(columns) > 1 else ""
    result = []
    for theme in sorted(answer.themes, key=lambda th: th.id == OTHER_THEME):
        facts = [t(language, "theme_count", count=fixed(theme.count, 0), noun=noun.lower())]
        if theme.change_vs_previous is not None:
            points = theme.change_vs_previous * 100
            if abs(points) < 0.05:
                facts.append(t(language, "change_flat"))
            else:
                facts.append(t(language, "change_up" if points > 0 else "change_down", value=fixed(abs(points), 1)))
        if theme.lift_vs_comparison is not None:
            facts.append(t(language, "lift", value=fixed(theme.lift_vs_comparison, 1)))
        width = max(2.0, min(100.0, theme.share / top * 100))
        result.append(ThemeFacts(theme.label, format_share(theme.share), width, facts, theme.id == OTHER_THEME))
    return result
