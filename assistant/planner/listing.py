"""Queries that are not numbers: lists of records ('the 5 latest complaints') and themes of text fields
('what do detractors complain about').
"""

from __future__ import annotations

from typing import Any

from assistant.contracts import Plan
from assistant.planner import (
    asked_rows,
    conditions,
    cues,
    duration_order,
    head_noun,
    lists,
    one_record,
    record_columns,
    theme_breakdowns,
    thresholds,
    value_rows,
)
from assistant.planner.dating import _time
from assistant.planner.lexicon import normalize
from assistant.planner.reading import Reading
from assistant.planner.shaping import (
    _filters,
    _lexicon,
    _money_field,
    _negations,
    _reachable,
    _thresholds,
    _unique,
    _unrelated_value,
)
from semantic_layer import SemanticModel, SemanticQuery
from semantic_layer.model import SimpleMetric
from semantic_layer.time_phrases import OPEN_START


def _cued_text_field(model: SemanticModel, reading: Reading) -> str | None:
    """The text field a survey/feedback word names: the field or its entity lists the word as a synonym."""
    said = {normalize(m.group()) for m in cues.SURVEY_TEXT.finditer(reading.text)}
    for name, field in model.text_fields.items():
        entity = model.entities[field.entity]
        phrases = {normalize(p) for p in [*field.synonyms, *entity.synonyms, entity.label.en, entity.label.zh]}
        if said & phrases:
            return name
    return None


def _themes_query(
    model: SemanticModel, reading: Reading, segments: list[str], assumptions: list[str]
) -> SemanticQuery | Plan:
    split = theme_breakdowns.unthemed_split(model, reading)
    if split is not None:  # 'complaint themes by region': one list of themes shows no split
        return split
    segments = [*segments, *theme_breakdowns.populations(model, reading)]  # 'what members wrote'
    wanted = _cued_text_field(model, reading) if reading.has(cues.SURVEY_TEXT) else None
    text_field = (
        wanted
        or next(iter(dict.fromkeys(reading.text_fields)), None)
        or _text_field_of_metrics(model, reading)
        or next(iter(model.text_fields))
    )
    anchor = model.text_fields[text_field].entity
    query: dict[str, Any] = {"kind": "themes", "text_field": text_field, "segments": _unique(segments),
                             "filters": _filters(model, reading, anchor, assumptions)}  # fmt: skip
    for metric in dict.fromkeys(reading.metrics):  # 'what are detractors writing': the population the count counts
        population = _counted_population(model, metric, anchor)
        if population is not None:
            more, kept = population
            query["segments"] = _unique([*query["segments"], *more])
            query["filters"] += [f for f in kept if f not in query["filters"]]
    bounds = _thresholds(model, reading, anchor, assumptions)  # 'people who scored us 5 or lower on satisfaction'
    if isinstance(bounds, Plan):
        return bounds
    query["filters"] += bounds
    left = _left_segment(model, reading, anchor)
    query["segments"] = query["segments"] or left  # 'why did customers leave last month': the customers who left
    _time(model, reading, query, assumptions)
    leaving = model.segments[left[0]] if left and left[0] in query["segments"] else None
    if (
        leaving is not None
        and leaving.time_dimension
        and query.get("time_range")
        and not query["time_range"].get("field")
    ):
        query["time_range"]["field"] = f"{leaving.entity}.{leaving.time_dimension}"  # the period dates the leaving
    cohort = _dated_cohort(model, reading) if query.get("time_range") else None
    if cohort is not None and not query["time_range"].get("field"):
        query["time_range"]["field"] = cohort  # '今年新注册的客户都有哪些抱怨': the period dates the sign-up
    compare: dict[str, Any] = {}
    contrast = [s for s in query["segments"][1:]] if reading.has(cues.SEGMENT_CONTRAST) else []
    if contrast:
        query["segments"], compare["segments"] = query["segments"][:1], contrast
    elif len(query["segments"]) == 1 and model.segments[query["segments"][0]].compare_with:
        compare["segments"] = [model.segments[query["segments"][0]].compare_with]
    if query.get("time_range") and str(query["time_range"]["start"]) != OPEN_START.isoformat():
        compare["previous_period"] = True  # 'before 2025' is open at the start: no period before it
    if compare:
        query["compare"] = compare
    return SemanticQuery.model_validate(query)


def _dated_cohort(model: SemanticModel, reading: Reading) -> str | None:
    """The time column of a dated count naming whose texts are read ('今年新注册的客户' = customers who signed up this
    year, by `thresholds.dated_population`)."""
    for match in reading.matches:
        for entry in match.of("metric"):
            column = thresholds.dated_population(model, reading, match, entry.target)
            if column is not None:
                return column
    return None


_PAST = {"leave": "left", "leaving": "left", "churn": "churned", "churning": "churned", "quitting": "quit"}


def _left_segment(model: SemanticModel, reading: Reading, anchor: str) -> list[str]:
    """The one segment whose synonyms name the leaving a 'why did they leave' question asks about ('customers who
    left', 'churned', '流失客户'), when its rows are reachable from the texts' rows."""
    found = cues.WHY_LEFT.search(reading.masked)
    if found is None:
        return []
    verb = found.group("zh") or _PAST.get(found.group("verb"), found.group("verb"))
    named = [
        name
        for name, segment in model.segments.items()
        if any(verb in (s if found.group("zh") else s.split()) for s in segment.synonyms)
        and (segment.entity == anchor or _reachable(model, anchor, segment.entity))
    ]
    return named if len(named) == 1 else []


def _counted_population(
    model: SemanticModel, metric: str, anchor: str
) -> tuple[list[str], list[dict[str, Any]]] | None:
    """The rows a count metric counts, as segments and filters on (or reachable from) `anchor`'s rows: the
    population 'detractors' / '流失客户' names in a themes question."""
    found = model.metrics.get(metric)
    if not isinstance(found, SimpleMetric):
        return None
    entity, measure = model.measure(found.measure)
    if (
        measure.agg != "count"
        or measure.expr is not None
        or not (entity == anchor or _reachable(model, anchor, entity))
    ):
        return None
    filters = conditions.as_filters(model, entity, measure.filter)
    segments = [
        s
        for s in found.segments
        if model.segments[s].entity == anchor or _reachable(model, anchor, model.segments[s].entity)
    ]
    if filters is None or len(segments) != len(found.segments) or not (filters or segments):
        return None
    return segments, filters


def _records_of_count(model: SemanticModel, metrics: list[str]) -> tuple[str, list[dict[str, Any]]] | None:
    """'The 5 latest complaints': the rows a count metric counts, when its condition translates to filters."""
    if len(metrics) != 1 or not isinstance(model.metrics[metrics[0]], SimpleMetric):
        return None
    metric = model.metrics[metrics[0]]
    assert isinstance(metric, SimpleMetric)
    entity, measure = model.measure(metric.measure)
    if (
        measure.agg != "count"
        or measure.expr is not None
        or metric.segments
        or not model.entities[entity].record_columns
    ):
        return None
    extra = conditions.as_filters(model, entity, measure.filter)
    return None if extra is None else (entity, extra)


def _records_query(
    model: SemanticModel,
    reading: Reading,
    segments: list[str],
    assumptions: list[str],
    entity: str | None = None,
    extra: list[dict[str, Any]] | None = None,
) -> SemanticQuery | Plan | None:
    entity = entity or one_record.listed_entity(model, reading)  # 'the first customer to place an order'
    entity = entity or asked_rows.asked_entity(reading)  # '广州客户超过2万的订单有哪些': the orders
    entity = entity or head_noun.head_entity(model, reading)  # '成都客户的最新3个订单': the orders, not the customers
    entity = entity or next(iter(reading.entities), None) or (model.segments[segments[0]].entity if segments else None)
    entity = entity or value_rows.entity_of_values(model, reading)  # '最近5条短信': the touches sent by SMS
    if entity is None or not model.entities[entity].record_columns:
        return None
    columns = model.entities[entity].record_columns
    query: dict[str, Any] = {"kind": "records", "dimensions": [{"name": f"{entity}.{c}"} for c in columns],
                             "segments": _unique(segments), "filters": _filters(model, reading, entity, assumptions)}  # fmt: skip
    query["filters"] += [f for f in extra or [] if f["field"] not in {x["field"] for x in query["filters"]}]
    shown = [{"name": c} for c in record_columns.named_columns(model, reading, entity)]  # 'and their customer ids'
    query["dimensions"] = _unique([*query["dimensions"], *shown])
    unrelated = _unrelated_value(model, reading, entity)
    if unrelated is not None:
        return unrelated
    thresholds = _thresholds(model, reading, entity, assumptions)
    if isinstance(thresholds, Plan):
        return thresholds
    query["filters"] += thresholds
    problem = _negations(model, reading, query, assumptions)
    if problem is not None:
        return problem
    _time(model, reading, query, assumptions)
    # a segment dates the records only when they are its own ('orders from churned customers' stay dated by order)
    dated = [
        model.segments[s].time_dimension
        for s in query["segments"]
        if model.segments[s].time_dimension and model.segments[s].entity == entity
    ]
    if dated and "time_range" in query and "field" not in query["time_range"]:
        query["time_range"]["field"] = f"{entity}.{dated[0]}"  # a list of churned customers 'yesterday': churned then
    time_column = dated[0] if dated else model.entities[entity].default_time_dimension
    sizes = [c for c in columns if model.entities[entity].dimensions[c].type == "number"]
    named = [  # the number field named to sort by ('by discount'), even when not a record column
        c
        for cands, _ in reading.mentioned_dimensions
        for c in cands
        if c.startswith(entity + ".") and model.dimension(c)[1].type == "number"
    ]
    asked = duration_order.duration_sort(model, _lexicon(model), reading, entity)  # 'took longest to resolve'
    asked = asked or lists.sort_field(model, reading, entity, time_column, _money_field(model, entity))
    if asked is not None:  # '按注册时间从早到晚', 'largest first'
        query["dimensions"] = _unique([*query["dimensions"], {"name": asked[0]}])
        query["order_by"] = [{"field": asked[0], "direction": asked[1]}]
    elif time_column and (reading.has(cues.RECENT) or reading.has(cues.OLDEST)):
        direction = "asc" if reading.has(cues.OLDEST) and not reading.has(cues.RECENT) else "desc"
        query["order_by"] = [{"field": f"{entity}.{time_column}", "direction": direction}]
    elif (sizes or named) and (reading.has(cues.DESCENDING) or reading.has(cues.ASCENDING)):
        direction = "asc" if reading.has(cues.ASCENDING) and not reading.has(cues.DESCENDING) else "desc"
        size = named[0] if named else (_money_field(model, entity) or f"{entity}.{sizes[0]}")
        query["dimensions"] = _unique([*query["dimensions"], {"name": size}])
        query["order_by"] = [{"field": size, "direction": direction}]
    one = bool(query.get("order_by")) and one_record.asks_one(model, reading)  # '最早注册的那个客户是哪个'
    count = cues.count_in(reading.masked) or (1 if one else None)
    # a number of rows asked is the limit; 'list them' / '列一下' / 'all' asks for every matching row (up to the
    # row cap, which the answer reports as truncated); a bare 'which ...' shows the first page
    every = reading.has(cues.ALL_ROWS) or reading.has(cues.LIST_VERB) or reading.has(cues.SHOW_ROWS)
    every = every or lists.every_row(reading)
    if count or not (every or cues.LIST_ALL.search(reading.masked)):
        query["limit"] = count or 20
    return SemanticQuery.model_validate(query)


def _text_field_of_metrics(model: SemanticModel, reading: Reading) -> str | None:
    """'what do detractors write about': with no text field named, the one text field of the entity a metric
    word of the question counts (detractors are survey responses: their comments)."""
    entities = set()
    for name in [*reading.metrics, *(m for m, _ in reading.weak_metrics)]:
        definition = model.metrics.get(name)
        if isinstance(definition, SimpleMetric):
            entities.add(model.measure(definition.measure)[0])
    fields = [n for n, f in model.text_fields.items() if f.entity in entities]
    return fields[0] if len(fields) == 1 else None
