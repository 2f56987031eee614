"""Plain-language assumptions for a query (what an analyst checks): dates, population, definitions."""

from __future__ import annotations

from semantic_layer.compiler.metrics import leaf, leaf_names
from semantic_layer.model import Label, SemanticModel
from semantic_layer.query import METRIC_TIME, Filter, SemanticQuery
from semantic_layer.time_phrases import previous_period

_TEXT = {
    "en": {
        "range": "Time range: {start} to {end}{label}, on {field}",
        "own_dates": "each metric's own date ({fields})",
        "segment": "Population: {label} ({description})",
        "filter": "Filter: {field} {op} {values}",
        "metric": "Metric: {label} = {description}",
        "previous": "Compared with the previous period: {start} to {end}",
        "versus": "Compared with: {labels}",
        "text": "Texts: {label} ({description})",
    },
    "zh": {
        "range": "时间范围:{start} 至 {end}{label},按{field}",
        "own_dates": "各指标自身的日期({fields})",
        "segment": "人群:{label}({description})",
        "filter": "筛选:{field} {op} {values}",
        "metric": "指标:{label} = {description}",
        "previous": "对比上一周期:{start} 至 {end}",
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
        if query.compare and query.compare.previous_period:
            start, end = previous_period(tr.start, tr.end)
            lines.append(text["previous"].format(start=start, end=end))
    for name in query.segments:
        segment = model.segment(name)
        lines.append(text["segment"].format(label=_label(segment.label, lang), description=segment.description))
    if query.compare and query.compare.segments:
        labels = ", ".join(_label(model.segment(s).label, lang) for s in query.compare.segments)
        lines.append(text["versus"].format(labels=labels))
    lines += [_filter(model, flt, lang) for flt in query.filters]
    for name in query.metrics:
        metric = model.metric(name)
        lines.append(text["metric"].format(label=_label(metric.label, lang), description=metric.description))
    if query.text_field:
        field_def = model.text_field(query.text_field)
        lines.append(text["text"].format(label=_label(field_def.label, lang), description=field_def.description))
    return lines


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


def _filter(model: SemanticModel, flt: Filter, lang: str) -> str:
    values = ", ".join(str(v) for v in flt.values)
    op = _OPS[lang].get(flt.op, flt.op)
    return _TEXT[lang]["filter"].format(field=_dimension_label(model, flt.field, lang), op=op, values=values).rstrip()
