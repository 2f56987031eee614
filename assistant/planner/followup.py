"""Follow-ups ('and by region?', 'what about last year?', '只看A类客户'): the previous query changed by what
the new question says.
"""

from __future__ import annotations

from typing import Any

from assistant.contracts import Plan
from assistant.planner import cues
from assistant.planner.dating import _time
from assistant.planner.messages import assumption
from assistant.planner.ordering import _grain, _partial_breakdown, _ranking, _unknown_breakdown
from assistant.planner.reading import Reading
from assistant.planner.shaping import _anchor, _filters, _pick, _unique
from assistant.planner.swaps import moved_order, swapped_metrics
from semantic_layer import SemanticModel, SemanticQuery
from semantic_layer.query import METRIC_TIME
from semantic_layer.time_calendar import previous_period
from semantic_layer.time_phrases import same_period_last_year


def _is_follow_up(reading: Reading) -> bool:
    said_what = reading.metrics or reading.metric_or_segment or reading.has(cues.THEMES) or reading.asks_records()
    return reading.has(cues.FOLLOW_UP) or reading.has(cues.THOSE) or not said_what


def _follow_up(
    model: SemanticModel, reading: Reading, previous: SemanticQuery, assumptions: list[str]
) -> SemanticQuery | Plan | None:
    query = previous.model_dump(mode="json", exclude_none=True)
    restricting = reading.has(cues.ONLY)  # 'same thing but only churned customers': a population, not a metric
    metrics = [m for m in reading.metrics] + [
        m for m, _, _ in reading.metric_or_segment if not reading.segments and not restricting
    ]
    swapped = swapped_metrics(reading)  # 'what about total tickets instead of just complaints?'
    metrics = swapped if swapped is not None else metrics
    if previous.kind == "metrics" and metrics:
        query["metrics"] = _unique(metrics)
        if swapped is not None:
            moved_order(query, query["metrics"])
        _keep_ranked_rows(reading, previous, query, assumptions)
    anchor = _anchor(model, previous)
    partial = _partial_breakdown(model, reading, anchor, assumptions) if _unknown_breakdown(reading) else None
    if reading.breakdowns or partial:
        dims = [{"name": _pick(model, reading.language, anchor, c, assumptions, m.text)} for c, m in reading.breakdowns]
        dims += [{"name": partial}] if partial else []
        kept = (
            [d for d in query.get("dimensions", []) if d["name"] == METRIC_TIME] if previous.kind == "metrics" else []
        )
        query["dimensions"] = _unique(dims + kept)
        query.pop("order_by", None)
    grain = _grain(reading)
    if grain and previous.kind == "metrics":
        query["dimensions"] = [d for d in query.get("dimensions", []) if d.get("grain") is None] + [
            {"name": METRIC_TIME, "grain": grain}
        ]
    new_segments = [name for name, _ in reading.segments] + [
        s for _, s, _ in reading.metric_or_segment if reading.segments or metrics == [] or restricting
    ]
    if new_segments:
        replace = bool(cues.REPLACE_SEGMENT.search(reading.masked))
        query["segments"] = _unique(new_segments if replace else [*query.get("segments", []), *new_segments])
    filters = _filters(model, reading, anchor, assumptions)
    if filters:
        fields = {f["field"] for f in filters}
        query["filters"] = [f for f in query.get("filters", []) if f["field"] not in fields] + filters
    before = cues.PERIOD_BEFORE.search(reading.text) and not reading.has(cues.PREVIOUS_PERIOD)
    if reading.year_earlier and previous.time_range is not None:  # 'the same quarter one year earlier'
        start, end = same_period_last_year(previous.time_range.start, previous.time_range.end)
        query["time_range"] = {**query["time_range"], "start": start.isoformat(), "end": end.isoformat()}
        query["time_range"]["label"] = f"{start}..{end}"
        query.pop("compare", None)
    elif reading.times and not (before and previous.time_range is not None):
        _time(model, reading, query, assumptions)
    elif previous.time_range is not None and before:
        start, end = previous_period(previous.time_range.start, previous.time_range.end)
        query["time_range"] = {**query["time_range"], "start": start.isoformat(), "end": end.isoformat()}
        query["time_range"]["label"] = f"{start}..{end}"
        query.pop("compare", None)
    ranked = cues.count_in(reading.masked) is not None or reading.has(cues.DESCENDING) or reading.has(cues.ASCENDING)
    if ranked and previous.kind == "metrics":
        _ranking(model, reading, query, query["metrics"][0], bool(query.get("dimensions")))
    elif previous.limit is not None and previous.kind == "metrics" and (reading.breakdowns or grain):
        # 'which region sells most?' then 'and by month?': the top-1 does not silently carry over
        query.pop("limit", None)
        query.pop("order_by", None)
        assumptions.append(assumption(reading.language, "dropped_limit", limit=str(previous.limit)))
    if query == previous.model_dump(mode="json", exclude_none=True):
        return None
    kept = [*previous.metrics, *(s for s in previous.segments if s in query.get("segments", []))]
    kept += [
        f.field for f in previous.filters if f.model_dump(mode="json", exclude_none=True) in query.get("filters", [])
    ]
    if previous.time_range is not None and query.get("time_range") == previous.time_range.model_dump(
        mode="json", exclude_none=True
    ):
        kept.append(previous.time_range.label or f"{previous.time_range.start}..{previous.time_range.end}")
    kept = [k for k in kept if k not in reading.metrics]
    if kept:
        assumptions.append(assumption(reading.language, "kept_from_previous", kept=", ".join(dict.fromkeys(kept))))
    return SemanticQuery.model_validate(query)


def _keep_ranked_rows(reading: Reading, previous: SemanticQuery, query: dict[str, Any], assumptions: list[str]) -> None:
    """'哪个品类最高？' then '那这个品类的退货率': the rows the previous ranking picked stay picked — the new metric is
    shown next to the ranking metric, with the same order and limit."""
    if previous.limit is None or not previous.order_by or not reading.has(cues.THOSE):
        return
    ranked = [o.field for o in previous.order_by if o.field in previous.metrics]
    missing = [m for m in ranked if m not in query["metrics"]]
    if ranked and missing:
        query["metrics"] = [*query["metrics"], *missing]
        by = ", ".join(ranked)
        kept = f"按{by}排名前{previous.limit}" if reading.language == "zh" else f"top {previous.limit} by {by}"
        assumptions.append(assumption(reading.language, "kept_from_previous", kept=kept))
