"""The result a summary describes, with the model's labels and the question's time and conditions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from assistant.contracts import Language, detect_language
from assistant.summary.formatting import (
    as_date,
    as_number,
    clean_text,
    format_value,
    lower_first,
    period_label,
    plural_en,
)
from assistant.summary.grounding import Stated
from assistant.summary.templates import TEXT
from semantic_layer import METRIC_TIME, OutputColumn, SemanticModel, SemanticQuery
from semantic_layer.errors import QueryError
from semantic_layer.model import Label
from semantic_layer.query import Filter, Scalar
from semantic_layer.time_calendar import whole_previous_period
from semantic_layer.time_phrases import OPEN_START, previous_period, same_period_last_year

GRAINS = ("day", "week", "month", "quarter", "year")


@dataclass(frozen=True)
class Result:
    """A query's result and how to speak about it in one language."""

    model: SemanticModel
    query: SemanticQuery
    columns: Sequence[OutputColumn]
    rows: Sequence[Sequence[Any]]
    language: Language
    truncated: bool = False
    time_label: str | None = None
    partial_last: bool = False  # the last period of a time series is still running at as-of

    def say(self, key: str, **values: str) -> str:
        return TEXT[self.language][key].format(**values)

    def label(self, label: Label) -> str:
        return label.zh if self.language == "zh" else label.en

    def value(self, value: Any, fmt: str) -> str:
        """A value as the summary shows it, money in the model's currency."""
        return format_value(value, fmt, self.language, currency=self.model.locale.currency)

    def mid(self, text: str) -> str:
        """A label inside an English sentence (lower-cased first letter); Chinese has no case."""
        return lower_first(text) if self.language == "en" else text

    def plural(self, text: str) -> str:
        """A label as a counted noun: 'Region' -> 'regions' in English; Chinese has no plural."""
        return plural_en(lower_first(text)) if self.language == "en" else text

    def metric_label(self, name: str) -> str:
        metric = self.model.metrics.get(name)
        return self.label(metric.label) if metric else clean_text(name.replace("_", " "))

    def dimension_label(self, source: str) -> str:
        if source == METRIC_TIME:
            return self.say("time_dimension")
        try:
            dimension = self.model.dimension(source)[1]
        except QueryError:
            dimension = None
        if dimension is None or dimension.label is None:
            return clean_text(source.rpartition(".")[2].replace("_", " "))
        return self.label(dimension.label)

    def segment_label(self, name: str) -> str:
        """A population as the compiler names it: a segment, 'a+b' (both), or 'all'."""
        if name == "all":
            return self.say("all_population")
        labels = []
        for part in name.split("+"):
            segment = self.model.segments.get(part)
            labels.append(self.label(segment.label) if segment else clean_text(part.replace("_", " ")))
        return labels[0] + "".join(self.say("and") + self.mid(label) for label in labels[1:])

    def index(self, name: str) -> int | None:
        return next((i for i, column in enumerate(self.columns) if column.name == name), None)

    def number(self, row: Sequence[Any], index: int | None) -> float | None:
        return as_number(row[index]) if index is not None and index < len(row) else None

    def cell(self, row: Sequence[Any], index: int) -> str:
        """A cell as a summary names it: formatted, a period for a time grain, 'Member: yes' for a flag."""
        column = self.columns[index]
        value = row[index] if index < len(row) else None
        grain = column.name.rpartition("__")[2] if "__" in column.name else None
        if grain in GRAINS and (day := as_date(value)) is not None:
            return self.period(day, grain)
        if column.format == "categorical" and self.language == "zh" and isinstance(value, str):
            return self.chinese_value(column.source, value)
        shown = self.value(value, column.format)
        if column.format == "boolean" and value is not None:
            return self.say("boolean_group", label=self.dimension_label(column.source), value=shown)
        return shown

    def chinese_value(self, source: str, value: str) -> str:
        """A stored value as Chinese text names it: its first Chinese value synonym ('East' -> '华东')."""
        try:
            dimension = self.model.dimension(source)[1]
        except QueryError:
            dimension = None
        return clean_text(dimension.chinese_value(value) if dimension is not None else value)

    def period(self, day: date, grain: str | None) -> str:
        return period_label(day, grain, self.language)

    def when(self) -> str:
        """The time range as a phrase ('' without one), with its label when it reads in this language."""
        time_range = self.query.time_range
        if time_range is None:
            return ""
        label = self.time_label or time_range.label
        start, end = time_range.start.isoformat(), time_range.end.isoformat()
        if label and detect_language(label) == self.language:
            return self.say("when_label", start=start, end=end, label=clean_text(label))
        return self.say("when", start=start, end=end)

    def times(self) -> dict[str, str]:
        """`time` (after a clause) and `time_lead` (before one) for the templates."""
        when = self.when()
        if not when:
            return {"time": "", "time_lead": ""}
        return {"time": self.say("time", when=when), "time_lead": self.say("time_lead", when=when)}

    def conditions(self) -> list[str]:
        """The population, time range and filters, briefly, for a result with no rows."""
        items = [self.mid(self.segment_label(name)) for name in self.query.segments]
        time_range = self.query.time_range
        if time_range is not None:
            start, end = time_range.start.isoformat(), time_range.end.isoformat()
            items.append(self.say("condition_range", start=start, end=end))
        return items + [self._filter(flt) for flt in self.query.filters]

    def _filter(self, flt: Filter) -> str:
        values = [_literal(v, self.language) for v in flt.values]
        joiner = self.say("between_sep") if flt.op == "between" else self.say("list_sep")
        field = self.mid(self.dimension_label(flt.field))
        text = self.say("filter", field=field, op=self.say(f"op_{flt.op}"), values="")
        return text.rstrip() + (" " + joiner.join(values) if values else "")


def stated_by(model: SemanticModel, query: SemanticQuery, time_label: str | None = None) -> Stated:
    """What the question states that a summary may repeat: its dates (and the previous period's), the time
    label, the filters as a summary restates them, and numbers inside the model's labels ('3小时响应率')."""
    texts = [time_label or "", (query.time_range.label or "") if query.time_range else ""]
    for language in ("en", "zh"):
        result = Result(model=model, query=query, columns=(), rows=(), language=language, time_label=time_label)
        texts += result.conditions()
    dates: list[date] = []
    if query.time_range is not None:
        dates += [query.time_range.start, query.time_range.end]
        if query.time_range.start != OPEN_START:  # 'before 2025' has no period before it
            dates += previous_period(query.time_range.start, query.time_range.end)
        if query.compare is not None and query.compare.year_over_year:
            dates += same_period_last_year(query.time_range.start, query.time_range.end)
        if query.compare is not None and query.compare.whole_previous:
            dates += whole_previous_period(query.time_range.start, query.time_range.end)
    stated = Stated.from_texts(texts, dates)
    return Stated(numbers=stated.numbers + _label_numbers(model), dates=stated.dates)


_LABEL_NUMBERS: dict[int, tuple[SemanticModel, tuple[float, ...]]] = {}


def _label_numbers(model: SemanticModel) -> tuple[float, ...]:
    """Numbers inside the model's labels, read once per model (a summary is made per answer)."""
    cached = _LABEL_NUMBERS.get(id(model))
    if cached is None or cached[0] is not model:
        labels = [m.label for m in model.metrics.values()] + [s.label for s in model.segments.values()]
        labels += [e.label for e in model.entities.values()]
        labels += [d.label for e in model.entities.values() for d in e.dimensions.values() if d.label]
        for text_field in model.text_fields.values():
            labels += [text_field.label] + [theme.label for theme in text_field.taxonomy]
        texts = [text for label in labels for text in (label.en, label.zh)]
        cached = _LABEL_NUMBERS[id(model)] = (model, Stated.from_texts(texts).numbers)
    return cached[1]


def _literal(value: Scalar, language: Language) -> str:
    if isinstance(value, bool):
        return TEXT[language]["yes" if value else "no"]
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,f}".rstrip("0").rstrip(".")
    return clean_text(value)
