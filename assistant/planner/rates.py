"""A count and a rate asked together, and 'what share of ...' read as a rate of the model.

'上个月退货了多少单？退货率是多少？': the count's filter (returned) is the rate's numerator, so the answer holds the
numerator's count and the rate over its own base — never the rate restricted to the numerator's rows (100%).
'What share of customers churned' becomes the model's rate whose numerator is that count. A share the model
has no rate for is asked back rather than answered with a count.
"""

from __future__ import annotations

import re
from typing import Any

from assistant.contracts import Language, Plan
from assistant.planner import conditions, cues
from assistant.planner.messages import assumption
from assistant.planner.reading import Reading
from assistant.planner.shaping import PLANNER, _lexicon
from semantic_layer import SemanticModel, SemanticQuery
from semantic_layer.model import RatioMetric, SimpleMetric


def counted_rows(model: SemanticModel, metric: str) -> tuple[str, list[str], list[dict[str, Any]]] | None:
    """The rows a count metric counts: its entity, segments and the filters its measure's condition stands for."""
    found = model.metrics.get(metric)
    if not isinstance(found, SimpleMetric):
        return None
    entity, measure = model.measure(found.measure)
    if measure.agg != "count" or measure.expr is not None:
        return None
    filters = conditions.as_filters(model, entity, measure.filter)
    return None if filters is None else (entity, list(found.segments), filters)


def count_and_rate(
    model: SemanticModel, reading: Reading, query: SemanticQuery, language: Language
) -> tuple[SemanticQuery, list[str]] | Plan:
    if query.kind != "metrics":
        return query, []
    counts_asked = bool(cues.COUNT_ASKED.search(reading.masked))
    rates = [m for m in query.metrics if isinstance(model.metrics[m], RatioMetric)]
    if rates:
        query = _verb_counts(model, reading, query, rates)
        return _with_numerators(model, query, rates, counts_asked), []
    if not reading.has(cues.SHARE):
        return query, []
    if len(query.metrics) == 1:
        return _share(model, query, counts_asked, language)
    return _share_of_several(model, query, language)


def _verb_counts(model: SemanticModel, reading: Reading, query: SemanticQuery, rates: list[str]) -> SemanticQuery:
    """'上个月退了多少单？退货率又是多少？': the count word follows the verb the rate is named after ('退' of
    '退货率'), so the count asked is the rate's numerator (returned orders), not every order."""
    counts = _lexicon(model).count_metric
    metrics = list(query.metrics)
    for rate in rates:
        ratio = model.metrics[rate]
        assert isinstance(ratio, RatioMetric)
        rows = counted_rows(model, ratio.numerator)
        plain = counts.get(rows[0]) if rows else None
        if plain is None or plain not in metrics or ratio.numerator in metrics:
            continue
        if any(_verb_before_count(reading.masked, stem) for stem in _zh_stems(model, rate)):
            metrics = [ratio.numerator if m == plain else m for m in metrics]
    if metrics == list(query.metrics):
        return query
    return SemanticQuery.model_validate({**query.model_dump(mode="json", exclude_none=True), "metrics": metrics})


def _zh_stems(model: SemanticModel, rate: str) -> set[str]:
    metric = model.metrics[rate]
    phrases = [metric.label.zh, *metric.synonyms] if metric.label else list(metric.synonyms)
    return {p[: -len(end)] for p in phrases for end in ("率", "比例", "占比") if p.endswith(end) and len(p) > len(end)}


def _verb_before_count(text: str, stem: str) -> bool:
    """'退货了多少单', '退了几单', '流失了多少客户': the stem (or its first character with 了/过/掉) then a count word."""
    verb = rf"(?:{re.escape(stem)}|{re.escape(stem[0])}(?:了|过|掉))"
    return bool(re.search(rf"{verb}\s*(?:了|过|掉)?\s*(?:多少|几)", text))


def _share_of_several(
    model: SemanticModel, query: SemanticQuery, language: Language
) -> Plan | tuple[SemanticQuery, list[str]]:
    """'What share of the responses were detractors': several counts and no rate of the model over them is not
    a share; asked back (naming the part) rather than answered with the counts side by side."""
    if query.dimensions:
        return query, []  # the counts per group are shown
    parts = [m for m in query.metrics if (rows := counted_rows(model, m)) is not None and (rows[1] or rows[2])]
    named = parts[0] if parts else query.metrics[0]
    label = getattr(model.metrics[named].label, language)
    return Plan(
        status="clarify", planner=PLANNER, clarification=assumption(language, "share_unsupported", metric=label)
    )


def _with_numerators(model: SemanticModel, query: SemanticQuery, rates: list[str], counts_asked: bool) -> SemanticQuery:
    """A filter equal to a rate's numerator condition is the count asked next to the rate, not a filter of both."""
    metrics, filters, segments = (
        list(query.metrics),
        [f.model_dump(mode="json", exclude_none=True) for f in query.filters],
        list(query.segments),
    )
    counts = _lexicon(model).count_metric
    for rate in rates:
        ratio = model.metrics[rate]
        assert isinstance(ratio, RatioMetric)
        entity, needed_segments, needed = counted_rows(model, ratio.numerator) or ("", [], [])
        restricted = bool(needed or needed_segments) and all(f in filters for f in needed)
        if restricted and all(s in segments for s in needed_segments):
            filters = [f for f in filters if f not in needed]
            segments = [s for s in segments if s not in needed_segments]
            plain = counts.get(entity)
            metrics = [ratio.numerator if m == plain else m for m in metrics]
            if counts_asked and ratio.numerator not in metrics:
                metrics.insert(0, ratio.numerator)
        elif counts_asked and len(metrics) == 1:  # 'how many tickets got a reply within 3 hours, and what % is that'
            metrics.insert(0, ratio.numerator)
    update = {"metrics": list(dict.fromkeys(metrics)), "filters": filters, "segments": segments}
    return SemanticQuery.model_validate({**query.model_dump(mode="json", exclude_none=True), **update})


def _share(
    model: SemanticModel, query: SemanticQuery, counts_asked: bool, language: Language
) -> tuple[SemanticQuery, list[str]] | Plan:
    """'What share of customers churned' / '投诉占多大比例': the model's rate whose numerator counts those rows."""
    counted = query.metrics[0]
    rows = counted_rows(model, counted)
    filters = [f.model_dump(mode="json", exclude_none=True) for f in query.filters]
    for name, metric in model.metrics.items():
        if not isinstance(metric, RatioMetric) or metric.hidden:
            continue
        numerator = counted_rows(model, metric.numerator)
        if metric.numerator == counted:
            extra: list[dict[str, Any]] = []
            dropped: list[str] = []
        elif rows is not None and numerator is not None and numerator[0] == rows[0] and (numerator[2] or numerator[1]):
            extra, dropped = numerator[2], numerator[1]
            if not (all(f in filters for f in extra) and all(s in query.segments for s in dropped)):
                continue
        else:
            continue
        metrics = [metric.numerator, name] if counts_asked else [name]
        update = {"metrics": metrics, "filters": [f for f in filters if f not in extra],
                  "segments": [s for s in query.segments if s not in dropped]}  # fmt: skip
        changed = SemanticQuery.model_validate({**query.model_dump(mode="json", exclude_none=True), **update})
        return changed, [assumption(language, "share_as_rate", metric=name)]
    if query.dimensions:
        return query, []  # '各渠道订单占比': the counts per group are shown
    label = getattr(model.metrics[counted].label, language)
    return Plan(
        status="clarify", planner=PLANNER, clarification=assumption(language, "share_unsupported", metric=label)
    )
