"""Plain-language assumptions for a query (what an analyst checks): dates, population, definitions."""

from __future__ import annotations

import re

from semantic_layer.compiler.metrics import leaf, leaf_names
from semantic_layer.errors import SemanticLayerError
from semantic_layer.model import Label, SemanticModel
from semantic_layer.query import METRIC_TIME, Filter, SemanticQuery
from semantic_layer.time_calendar import whole_previous_period
from semantic_layer.time_phrases import previous_period, same_period_last_year

_TEXT = {
    "en": {
        "range": "Time range: {start} to {end}{label}, by {field}",
        "own_dates": "{fields}",
        "segment": "Population: {label} ({description})",
        "filter": "Filter: {field} {op} {values}",
        "absent": "Filter: has no {entity} (of those meeting the {entity} conditions and dates here)",
        "metric": "Metric: {label} = {description}",
        "previous": "Compared with the previous period: {start} to {end}",
        "year_ago": "Compared with the same period last year: {start} to {end}",
        "versus": "Compared with: {labels}",
        "text": "Texts: {label} ({description})",
    },
    "zh": {
        "range": "时间范围:{start} 至 {end}{label},按{field}",
        "own_dates": "{fields}",
        "segment": "人群:{label}({description})",
        "filter": "筛选:{field} {op} {values}",
        "absent": "筛选:没有{entity}(指符合这里{entity}条件和时间的)",
        "metric": "指标:{label} = {description}",
        "previous": "对比上一周期:{start} 至 {end}",
        "year_ago": "对比去年同期:{start} 至 {end}",
        "versus": "对比人群:{labels}",
        "text": "文本:{label}({description})",
    },
}
_OPS = {
    "en": {"=": "is", "!=": "is not", "in": "is one of", "not_in": "is none of", "contains": "contains",
           "between": "is between", "is_null": "is empty", "is_not_null": "is not empty"},
    "zh": {"=": "为", "!=": "不为", "in": "属于", "not_in": "不属于", "contains": "包含",
           "between": "介于", "is_null": "为空", "is_not_null": "不为空"},
}  # fmt: skip


def describe_query(model: SemanticModel, query: SemanticQuery, language: str = "en") -> list[str]:
    lang = "zh" if language == "zh" else "en"
    text = _TEXT[lang]
    lines: list[str] = []
    if query.time_range is not None:
        tr = query.time_range
        label = f" ({tr.label})" if tr.label else ""
        if tr.field and tr.field != METRIC_TIME:
            field = _dimension_label(model, tr.field, lang)
        else:
            field = text["own_dates"].format(fields=", ".join(_time_fields(model, query, lang)))
        lines.append(text["range"].format(start=tr.start, end=tr.end, label=label, field=field))
        if query.compare and query.compare.year_over_year:
            start, end = same_period_last_year(tr.start, tr.end)
            lines.append(text["year_ago"].format(start=start, end=end))
        elif query.compare and query.compare.previous_period:
            compared = whole_previous_period if query.compare.whole_previous else previous_period
            start, end = compared(tr.start, tr.end)
            lines.append(text["previous"].format(start=start, end=end))
    for name in query.segments:
        segment = model.segment(name)
        lines.append(_with_description(text["segment"], _label(segment.label, lang), segment.description, lang))
    if query.compare and query.compare.segments:
        labels = ", ".join(_label(model.segment(s).label, lang) for s in query.compare.segments)
        lines.append(text["versus"].format(labels=labels))
    lines += [_filter(model, flt, lang) for flt in query.filters]
    for name in query.metrics:
        metric = model.metric(name)
        lines.append(_with_description(text["metric"], _label(metric.label, lang), metric.description, lang))
    if query.text_field:
        field_def = model.text_field(query.text_field)
        lines.append(_with_description(text["text"], _label(field_def.label, lang), field_def.description, lang))
    return lines


def _with_description(template: str, label: str, description: str, lang: str) -> str:
    """A definition line; the model's description only when it is written in the answer's language (one
    language per answer: an English description never appears in a Chinese answer, nor the reverse)."""
    if description and _is_chinese(description) == (lang == "zh"):
        return template.format(label=label, description=description)
    bare = template.format(label=label, description="")
    return bare.replace("()", "").replace("()", "").removesuffix(" = ").rstrip()


def _is_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


_NOTES_ZH = (
    (re.compile(r"^Compared populations take the same dates on their own activity, not on (?P<a>.+)\.$"),
     "对比人群按其自身活动的日期取同一时间段,而不是按{a}。"),
    (re.compile(r"^(?P<a>.+) rows have no time dimension; the time range does not apply\.$"),
     "{a} 没有时间维度,时间范围不适用。"),
    (re.compile(r"^(?P<a>.+) is a snapshot at (?P<b>.+); the time range does not apply to it\.$"),
     "{a} 是截至 {b} 的快照,时间范围不适用。"),
    (re.compile(r"^(?P<a>.+) has no time dimension; the time range does not apply to it\.$"),
     "{a} 没有时间维度,时间范围不适用。"),
)  # fmt: skip


def localize_notes(model: SemanticModel, notes: list[str] | tuple[str, ...], language: str) -> list[str]:
    """The compiler's notes in the answer's language, with dimension and metric names as readers name them."""
    shown = []
    for note in notes:
        text = note
        if language == "zh":
            for pattern, template in _NOTES_ZH:
                if match := pattern.match(note):
                    text = template.format(**{k: _readable(model, v, "zh") for k, v in match.groupdict().items()})
                    break
        else:
            for pattern, _ in _NOTES_ZH:
                if match := pattern.match(note):
                    text = note.replace(match["a"], _readable(model, match["a"], "en"), 1)
                    break
        shown.append(text)
    return shown


def _readable(model: SemanticModel, names: str, lang: str) -> str:
    """Metric, dimension or entity names (one, or a comma-separated list) as their labels; others unchanged."""
    return ("、" if lang == "zh" else ", ").join(_one_readable(model, name, lang) for name in names.split(", "))


def _one_readable(model: SemanticModel, name: str, lang: str) -> str:
    if name in model.metrics:
        return _label(model.metrics[name].label, lang)
    if name in model.entities:
        return _label(model.entities[name].label, lang)
    try:
        return _dimension_label(model, name, lang)
    except SemanticLayerError:  # not a model name: leave it as written
        return name


def _label(label: Label, lang: str) -> str:
    return label.zh if lang == "zh" else label.en


def _dimension_label(model: SemanticModel, name: str, lang: str) -> str:
    _, dim = model.dimension(name)
    return _label(dim.label, lang) if dim.label else name


def _time_fields(model: SemanticModel, query: SemanticQuery, lang: str) -> list[str]:
    if query.text_field:
        field = model.text_field(query.text_field)
        dims = [f"{field.entity}.{field.time_dimension}"] if field.time_dimension else []
    else:
        leaves = [leaf(model, n) for m in query.metrics for n in leaf_names(model, m)]
        dims = [f"{item.entity}.{item.time_dimension}" for item in leaves if item.time_dimension and not item.snapshot]
    return [_dimension_label(model, d, lang) for d in dict.fromkeys(dims)]


def filter_values(model: SemanticModel, flt: Filter, lang: str) -> str:
    """A filter's values as a reader of `lang` names them: Chinese value synonyms and 是/否 in Chinese."""
    if lang != "zh":
        return ", ".join(str(v) for v in flt.values)
    dimension = model.dimension(flt.field)[1]
    named = [("是" if v else "否") if isinstance(v, bool) else dimension.chinese_value(str(v)) for v in flt.values]
    return "、".join(named)


def _filter(model: SemanticModel, flt: Filter, lang: str) -> str:
    entity, _, column = flt.field.partition(".")
    if flt.op == "is_null" and column == model.entities[entity].primary_key:  # an absence of related rows
        return _TEXT[lang]["absent"].format(entity=_label(model.entities[entity].label, lang).lower())
    values = filter_values(model, flt, lang)
    op = _OPS[lang].get(flt.op, flt.op)
    return _TEXT[lang]["filter"].format(field=_dimension_label(model, flt.field, lang), op=op, values=values).rstrip()
