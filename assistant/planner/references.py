"""Follow-ups about the rows the previous answer showed: 'list them' / '列出来' (the rows behind its figure),
'and their tier?' / 'show their region too' (one more column for the same rows, ranking kept).
"""

from __future__ import annotations

import re
from typing import Any

from assistant.planner import cues
from assistant.planner.listing import _records_of_count
from assistant.planner.messages import assumption
from assistant.planner.reading import Reading
from assistant.planner.shaping import _lexicon, _threshold, _unique
from semantic_layer import SemanticModel, SemanticQuery
from semantic_layer.model import SimpleMetric
from semantic_layer.query import METRIC_TIME, DimensionRef

# 'show their region too', 'also their tier', '也看一下他们的等级', '加上区域': a column added, nothing replaced
ALSO = re.compile(r"\b(?:too|also|as well|additionally|plus|add|include|along with)\b|也|还要|加上|再加|顺便|同时")


def listed_rows(
    model: SemanticModel, reading: Reading, previous: SemanticQuery, assumptions: list[str]
) -> SemanticQuery | None:
    """'list them', 'show me those customers', '把这些客户列出来': the rows a count of the previous answer counted,
    under its filters, populations and period (the period dates the rows the metric dates), with its breakdown
    columns of the same rows; every row up to the row cap, or the number asked. After a themes answer, '列出这些投诉'
    lists the texts' rows (narrowed by what a count named counts)."""
    if not (reading.asks_records() or reading.has(cues.LIST_VERB)):
        return None
    if previous.kind == "themes":
        return _listed_texts(model, reading, previous, assumptions)
    if previous.kind != "metrics" or reading.metrics or len(previous.metrics) != 1:
        return None
    if previous.limit is not None and previous.dimensions and reading.has(cues.ALL_ROWS):
        return None  # 'show all of them' after the top 3 cities: every city, not every order
    counted = _records_of_count(model, previous.metrics)
    if counted is None:
        return None
    entity, extra = counted
    if any(e != entity for e in reading.entities):  # 'show me the orders' after a count of customers: new rows
        return None
    query: dict[str, Any] = previous.model_dump(mode="json", exclude_none=True)
    columns = [{"name": f"{entity}.{c}"} for c in model.entities[entity].record_columns]
    shown = [d for d in query.get("dimensions", []) if d["name"] != METRIC_TIME and d["name"].startswith(f"{entity}.")]
    query["dimensions"] = _unique([*columns, *[{"name": d["name"]} for d in shown]])
    dated = _dated_by(model, previous.metrics[0])
    if query.get("time_range") and "field" not in query["time_range"] and dated:
        query["time_range"]["field"] = f"{entity}.{dated}"
    _as_records(reading, query, query["dimensions"], extra, ("metrics", "order_by", "limit", "compare"))
    label = getattr(model.metrics[previous.metrics[0]].label, reading.language)
    assumptions.append(assumption(reading.language, "listed_rows", metric=label))
    return SemanticQuery.model_validate(query)


def _listed_texts(
    model: SemanticModel, reading: Reading, previous: SemanticQuery, assumptions: list[str]
) -> SemanticQuery | None:
    field = model.text_fields[previous.text_field or ""]
    entity = field.entity
    extra: list[dict[str, Any]] = []
    for metric in reading.metrics:  # '列出这些投诉': the complaints among the texts' rows
        counted = _records_of_count(model, [metric])
        if counted is None or counted[0] != entity:
            return None
        extra += counted[1]
    if any(e != entity for e in reading.entities) or not model.entities[entity].record_columns:
        return None
    query: dict[str, Any] = previous.model_dump(mode="json", exclude_none=True)
    columns = [{"name": f"{entity}.{c}"} for c in model.entities[entity].record_columns]
    _as_records(reading, query, columns, extra, ("text_field", "compare", "order_by", "limit"))
    assumptions.append(assumption(reading.language, "listed_texts", texts=getattr(field.label, reading.language)))
    return SemanticQuery.model_validate(query)


def themes_of_counted(model: SemanticModel, reading: Reading, previous: SemanticQuery) -> SemanticQuery | None:
    """'what are they about' after 'complaints this month': the themes of the texts of the rows the count counted,
    under the same conditions and period (compared with the period before, as a themes question is)."""
    if previous.kind != "metrics" or len(previous.metrics) != 1 or not reading.has(cues.THEMES):
        return None
    counted = _records_of_count(model, previous.metrics)
    if counted is None:
        return None
    entity, extra = counted
    fields = [name for name, field in model.text_fields.items() if field.entity == entity]
    if len(fields) != 1:
        return None
    query: dict[str, Any] = previous.model_dump(mode="json", exclude_none=True)
    _add_filters(query, extra)
    for key in ("metrics", "dimensions", "order_by", "limit", "compare"):
        query.pop(key, None)
    query |= {"kind": "themes", "text_field": fields[0]}
    if query.get("time_range"):
        query["compare"] = {"previous_period": True}
    return SemanticQuery.model_validate(query)


def themes_of_listed(model: SemanticModel, reading: Reading, previous: SemanticQuery) -> SemanticQuery | None:
    """'这些投诉主要说什么', 'what are these about' after a list of records: the themes of the texts of the rows its
    conditions select (a list of a few rows is narrowed to those rows in pinned.py first)."""
    if previous.kind != "records" or not previous.dimensions or not reading.has(cues.THEMES):
        return None
    if reading.breakdowns or any(e != _listed_entity(previous) for e in reading.entities):
        return None
    fields = [name for name, field in model.text_fields.items() if field.entity == _listed_entity(previous)]
    if len(fields) != 1:
        return None
    query: dict[str, Any] = previous.model_dump(mode="json", exclude_none=True)
    for key in ("dimensions", "order_by", "limit", "compare"):
        query.pop(key, None)
    query |= {"kind": "themes", "text_field": fields[0]}
    if query.get("time_range"):
        query["compare"] = {"previous_period": True}
    return SemanticQuery.model_validate(query)


def swapped_population(model: SemanticModel, reading: Reading, previous: SemanticQuery) -> SemanticQuery | None:
    """'and promoters?' after 'what are detractors saying': a count named without a count word or a breakdown
    names the population whose texts are wanted instead — its condition replaces the previous one on the same
    fields (not: promoters among detractors)."""
    if previous.kind != "themes" or not reading.metrics or reading.has(cues.COUNT) or reading.breakdowns:
        return None
    anchor = model.text_fields[previous.text_field or ""].entity
    query: dict[str, Any] = previous.model_dump(mode="json", exclude_none=True)
    filters: list[dict[str, Any]] = []
    for metric in reading.metrics:
        counted = _records_of_count(model, [metric])
        if counted is None or counted[0] != anchor or not counted[1]:
            return None
        filters += counted[1]
    replaced = {f["field"] for f in filters}
    if not replaced & {f["field"] for f in query.get("filters", [])}:
        return None  # nothing of the previous population to replace: a measure of it ('按渠道看工单数')
    query["filters"] = [f for f in query.get("filters", []) if f["field"] not in replaced] + filters
    return SemanticQuery.model_validate(query)


def threshold_again(model: SemanticModel, reading: Reading, previous: SemanticQuery) -> list[dict[str, Any]] | None:
    """'and under 100?' after 'orders over 1000 yuan by channel': a threshold naming no field is on the one number
    field the previous question filtered by a threshold — it replaces that threshold."""
    found = list(cues.NUMERIC_CONDITION.finditer(reading.masked))
    if len(found) != 1 or previous.kind != "metrics":
        return None
    if any(model.dimension(c)[1].type == "number" for cands, _ in reading.mentioned_dimensions for c in cands):
        return None
    numeric = {f.field for f in previous.filters if f.op in ("<", "<=", ">", ">=", "between")}
    if len(numeric) != 1:
        return None
    field = next(iter(numeric))
    kept = [f.model_dump(mode="json", exclude_none=True) for f in previous.filters if f.field != field]
    return [*kept, _threshold(found[0], field)]


def _add_filters(query: dict[str, Any], extra: list[dict[str, Any]]) -> None:
    """The conditions a count stands for, added to the query's own (a field already filtered keeps its filter)."""
    kept = {f["field"] for f in query.get("filters", [])}
    query["filters"] = [*query.get("filters", []), *[f for f in extra if f["field"] not in kept]]


def _as_records(
    reading: Reading,
    query: dict[str, Any],
    columns: list[dict[str, Any]],
    extra: list[dict[str, Any]],
    dropped: tuple[str, ...],
) -> None:
    """The previous query turned into a list of its rows: the columns, the count's conditions, every row up to the
    row cap or the number asked."""
    _add_filters(query, extra)
    query["dimensions"] = columns
    for key in dropped:
        query.pop(key, None)
    query["kind"] = "records"
    count = cues.count_in(reading.masked)
    if count:
        query["limit"] = count


def _dated_by(model: SemanticModel, metric_name: str) -> str | None:
    metric = model.metrics[metric_name]
    if not isinstance(metric, SimpleMetric):
        return None
    return model.measure(metric.measure)[1].agg_time_dimension


def added_columns(reading: Reading, previous: SemanticQuery, query: dict[str, Any]) -> bool:
    """'and their tier?' after the top 10 customers: the field is shown for the same rows — added to the
    breakdown, the ranking and its limit kept — rather than replacing the breakdown. An entity noun that heads the
    population a follow-up restricts to ('only the ones from customers who have since churned') names whose rows,
    not a column: its key is not added."""
    if previous.kind != "metrics" or not previous.dimensions or reading.breakdowns:
        return False
    if not (reading.has(cues.THOSE) or reading.has(ALSO)) or reading.metrics or reading.values:
        return False
    restricting = bool(reading.segments or reading.negated_segments) or reading.has(cues.ONLY)
    named = [
        cands[0]
        for cands, match in reading.mentioned_dimensions
        if len(cands) == 1 and not (restricting and match.of("entity"))
    ]
    new = [name for name in named if name not in {d.name for d in previous.dimensions}]
    if not new:
        return False
    query["dimensions"] = [*query.get("dimensions", []), *[{"name": name} for name in new]]
    return True


_GROUPED = re.compile(r"\b(?:by|per|split|broken down|break (?:\w+ )?down|group(?:ed)?)\b|按|拆|分组|分布|汇总")


def listed_columns(model: SemanticModel, reading: Reading, previous: SemanticQuery) -> SemanticQuery | None:
    """'which customers filed them', 'what region are they in', '他们是哪个城市的' after a list of records: the same
    rows, in the same order and number, with the named field (or the key of the named entity) as one more column."""
    if previous.kind != "records" or not previous.dimensions or not reading.has(cues.THOSE):
        return None
    if reading.has(_GROUPED):  # 'break them down by city': a count per city of the rows the list selects
        return None
    listed = _listed_entity(previous)
    themselves = [m for m in reading.metrics if (_records_of_count(model, [m]) or ("",))[0] == listed]
    if reading.metrics != themselves or reading.values or reading.has(cues.COUNT):
        return None  # 'which customers placed them' names the listed orders themselves, not a measure of them
    named = [cands[0] for cands, _ in [*reading.breakdowns, *reading.mentioned_dimensions] if len(cands) == 1]
    shown = {d.name for d in previous.dimensions}
    keys = [(e, model.entities[e].primary_key) for e in reading.entities if e != listed and e in model.entities]
    # the customer of each listed order is already shown when the list has its customer_id
    named += [f"{e}.{k}" for e, k in keys if not any(n.endswith(f".{k}") for n in shown)]
    new = [name for name in _unique(named) if name not in shown]
    if not new:  # 'what tier were they' when the list shows the tier: the same list answers it
        return previous if named else None
    return previous.model_copy(update={"dimensions": [*previous.dimensions, *[DimensionRef(name=n) for n in new]]})


def _listed_entity(query: SemanticQuery) -> str:
    return query.dimensions[0].name.partition(".")[0]


def counted_in_each(model: SemanticModel, reading: Reading) -> list[str]:
    """'how many customers in each', 'how many orders did each place': the count of the entity a follow-up names
    after a count word, for the rows the previous answer showed."""
    if reading.metrics or not reading.has(cues.COUNT) or not reading.has(cues.THOSE):
        return []
    counts = _lexicon(model).count_metric
    named = [name for name, _ in reading.weak_metrics] + [counts[e] for e in reading.entities if e in counts]
    return _unique(named)
