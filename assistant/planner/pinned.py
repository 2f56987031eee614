"""Follow-ups about the rows the previous answer showed (its top few, or the records it listed), when the new
question asks for something of another kind: 'what did they complain about' after the city with the most churned
customers, '那里的投诉主要是什么' after the region with the lowest NPS, 'list its returned orders from last week' after
the category with the highest refund rate. Such a question cannot be one more measure or column of the previous
query, and the planner does not see the previous rows: the caller passes `RowsShown`, which runs the previous
query again and returns the values of its key column. The question is planned on its own and restricted to
those values, under the previous population (its segments and filters) and, when it names no period, its period.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from assistant.contracts import Language, Plan, Span, Turn
from assistant.planner import cues
from assistant.planner.listed_count import without_listed_count
from assistant.planner.listing import _records_of_count
from assistant.planner.messages import assumption
from assistant.summary.formatting import lower_first, plural_en
from semantic_layer import SemanticModel, SemanticQuery, compile_query
from semantic_layer.errors import QueryError
from semantic_layer.query import METRIC_TIME

MAX_PINNED = 20  # a previous answer of more rows than this is a table to read, not a few rows to point at

# The values of `field` in the rows `query` returns (None when there are more than MAX_PINNED or it cannot run).
RowsShown = Callable[[SemanticQuery, str], list[Any] | None]
Planner = Callable[[str, Sequence[Turn], SemanticModel, date, Language], Plan]

# A word standing for the rows an answer showed: 'they', 'its', 'there', 'that region', '那里', '这几个城市', '它们'
_POINTING = re.compile(
    r"\b(?:they|them|their|theirs|those|these|its|there|that one|this one|the (?:top|first|worst|best|last) ones?)\b"
    r"|\b(?:that|this)\s+(?=[a-z])"
    r"|那里|那儿|那边|这里|这儿|它们|它|他们|她们|这些|那些|[这那](?:几)?(?:个|家|类|位|种)?(?=[\u4e00-\u9fff])|该|其中|上述"
)


# ... standing for the rows a count counted ('they' after the city with the most churned customers: those customers)
_PEOPLE = re.compile(r"\b(?:they|them|their|theirs|those|these)\b|他们|她们|它们|这些|那些")


def pinned_plan(
    question: str,
    history: Sequence[Turn],
    model: SemanticModel,
    as_of: date,
    language: Language,
    rows_shown: RowsShown | None,
    plan_alone: Planner,
) -> Plan | None:
    """The plan of a question about the rows the previous answer showed, or None when it is not one."""
    previous = next((turn.query for turn in reversed(history) if turn.query is not None), None)
    if rows_shown is None or previous is None:
        return None
    named = _period_named(question, previous, rows_shown, language)
    if named is not None:  # '那个月流失的客户主要投诉什么' after the month with the highest churn rate
        alone = plan_alone(named, [], model, as_of, language)
        if alone.status != "ok" or alone.query is None:
            return None
        label = alone.query.time_range.label if alone.query.time_range else None
        note = assumption(language, "pinned_period", period=label or named)
        return alone.model_copy(update={"assumptions": [note, *alone.assumptions], "interpretation": []})
    key = _key_of(model, previous)
    question = without_listed_count(question, previous)  # '这10个人' after a list of 10: '这些人'
    pointing = _POINTING.search(question.lower())
    if key is None or pointing is None:
        return None
    alone = plan_alone(question, [], model, as_of, language)
    if alone.status != "ok" and _PEOPLE.fullmatch(pointing.group(0)):  # 'how much had they spent': who is 'they'
        named = _named_rows(model, key, language)
        alone = plan_alone(
            question[: pointing.start()] + named + question[pointing.end() :], [], model, as_of, language
        )
    kinds = ("themes", "records", "metrics") if previous.kind == "records" else ("themes", "records")
    if alone.status != "ok" or alone.query is None or alone.query.kind not in kinds:
        return None  # a measure of ranked rows is one more column of the ranking (references.py); a list has none
    listed = key.split(".")[0]
    counts_them = [(_records_of_count(model, [m]) or ("",))[0] == listed for m in alone.query.metrics]
    counts_listed = counts_them and all(counts_them) and not cues.COUNT.search(question.lower())
    same_rows = _entity_of(model, alone.query) == listed and previous.kind == "records" == alone.query.kind
    if (counts_listed or same_rows) and previous.kind != "records":
        return None  # 'show me those customers' after the top cities: a list of its own, planned as a follow-up
    values = rows_shown(previous, key)
    if not values:
        return None
    if counts_listed or same_rows:  # 'show me those complaints', 'which of them are still open' after a list
        again = _listed_again(model, previous, alone.query, question, key, values, as_of)
        if again is None:
            return None
        note = assumption(language, "listed_again", count=str(len(values)))
        return alone.model_copy(update={"query": again, "interpretation": [], "assumptions": [note]})
    counted = _counted_conditions(model, previous) if _PEOPLE.search(pointing.group(0)) else []
    query = _restricted(model, alone.query, previous, key, values, counted, as_of)
    if query is None:
        return None
    shown = _values_text(model, key, values, language)
    note = assumption(language, "pinned_rows", field=_label(model, key, language), values=shown)
    span = Span(text=question[pointing.start() : pointing.end()].strip() or pointing.group(0), start=pointing.start(),
                end=pointing.end(), role="filter", target=key, value=shown)  # fmt: skip
    spans = sorted([*alone.interpretation, span], key=lambda s: (s.start, s.end))
    return alone.model_copy(update={"query": query, "interpretation": spans, "assumptions": [note, *alone.assumptions]})


# 'that month', '那个月', '该季度', 'in that year': the period a ranking over time showed first
_THAT_PERIOD = re.compile(
    r"\b(?:in |during )?(?:that|the same) (?P<en>month|quarter|year)\b|(?:那个?|那一个?|该|当)(?P<zh>月|季度|年)(?:份)?(?:里|中)?"
)
_PERIOD_TEXT = {
    "en": {"month": "{d:%B} {d.year}", "quarter": "Q{q} {d.year}", "year": "{d.year}"},
    "zh": {"month": "{d.year}年{d.month}月", "quarter": "{d.year}年第{q}季度", "year": "{d.year}年"},
}
_ZH_UNITS = {"月": "month", "季度": "quarter", "年": "year"}


def _period_named(question: str, previous: SemanticQuery, rows_shown: RowsShown, language: Language) -> str | None:
    """The question with 'that month' replaced by the month the previous ranking over time put first."""
    grains = [d.grain for d in previous.dimensions]
    if previous.kind != "metrics" or previous.limit != 1 or not previous.order_by or len(grains) != 1:
        return None
    pointer = _THAT_PERIOD.search(question.lower())
    if pointer is None or previous.dimensions[0].name != METRIC_TIME:
        return None
    unit = pointer.group("en") or _ZH_UNITS[pointer.group("zh")]
    if grains[0] is None or unit != grains[0]:
        return None
    values = rows_shown(previous, METRIC_TIME)
    if not values or len(values) != 1:
        return None
    try:
        day = date.fromisoformat(str(values[0])[:10])
    except ValueError:
        return None
    period = _PERIOD_TEXT[language][unit].format(d=day, q=(day.month - 1) // 3 + 1)
    said = question[pointer.start() : pointer.end()]
    return question[: pointer.start()] + (f" in {period} " if language == "en" and said.startswith(("in ", "during ")) else
                                          f" {period} " if language == "en" else period) + question[pointer.end() :]  # fmt: skip


def _named_rows(model: SemanticModel, key: str, language: Language) -> str:
    """'those customers' / '这些客户' for a pronoun standing for the rows of `key`'s entity."""
    label = model.entities[key.split(".")[0]].label
    return f"这些{label.zh}" if language == "zh" else f"those {plural_en(lower_first(label.en))}"


def _key_of(model: SemanticModel, previous: SemanticQuery) -> str | None:
    """The column naming each row the previous answer showed: the one breakdown of a short ranking, or the primary
    key of listed records."""
    if previous.limit is None or previous.limit > MAX_PINNED:
        return None
    if previous.kind == "records":
        entity = _entity_of(model, previous)
        return f"{entity}.{model.entities[entity].primary_key}" if entity else None
    shown = [d.name for d in previous.dimensions if d.name != METRIC_TIME]
    if previous.kind != "metrics" or len(shown) != 1 or not previous.order_by:
        return None
    return shown[0]


def _entity_of(model: SemanticModel, query: SemanticQuery) -> str | None:
    if query.kind == "themes":
        return model.text_fields[query.text_field or ""].entity
    names = [d.name.split(".")[0] for d in query.dimensions if d.name != METRIC_TIME]
    return names[0] if names and names[0] in model.entities else None


def _counted_conditions(model: SemanticModel, previous: SemanticQuery) -> list[dict[str, Any]]:
    """The conditions of what the previous ranking counted ('churned customers': status churned), when it counts."""
    if previous.kind != "metrics" or len(previous.metrics) != 1:
        return []
    counted = _records_of_count(model, previous.metrics)
    return counted[1] if counted else []


def _restricted(
    model: SemanticModel,
    alone: SemanticQuery,
    previous: SemanticQuery,
    key: str,
    values: list[Any],
    counted: list[dict[str, Any]],
    as_of: date,
) -> SemanticQuery | None:
    """The question's own query restricted to the rows shown. Rows named by their entity's key (listed customers,
    the top 5 customers) are exactly those rows: nothing else of the previous question applies. Groups (the top
    city) keep the previous population and, when the question names none, its period."""
    base = alone.model_dump(mode="json", exclude_none=True)
    pin = {"field": key, "op": "in", "values": values}
    entity, name = key.split(".", 1)
    exact = model.entities[entity].primary_key == name
    fields = {f["field"] for f in base.get("filters", [])}
    earlier = [*(f.model_dump(mode="json", exclude_none=True) for f in previous.filters), *counted]
    kept = [] if exact else [f for f in earlier if f["field"] not in fields | {key}]
    period = previous.time_range.model_dump(mode="json", exclude_none=True) if previous.time_range else None
    if period is not None:
        period.pop("field", None)
    if exact:
        previous, period = previous.model_copy(update={"segments": []}), None
    tries = []
    for population in (True, False):
        query = {**base, "filters": [*base.get("filters", []), *(kept if population else []), pin]}
        if population and previous.segments:
            query["segments"] = list(dict.fromkeys([*base.get("segments", []), *previous.segments]))
        if period is not None and "time_range" not in base:
            query["time_range"] = period
            if query.get("kind") == "themes":
                query["compare"] = {"previous_period": True}
        tries.append(query)
    return next((q for q in (compiling(model, query, as_of) for query in tries) if q is not None), None)


# 'sorted by city', 'order them by date', '按城市排序', '按金额排一下'
_SORTED_BY = re.compile(r"\b(?:sort(?:ed)?|order(?:ed)?|arrange(?:d)?)\b|排序|排列|排一下|排个序")


def _listed_again(
    model: SemanticModel,
    previous: SemanticQuery,
    alone: SemanticQuery,
    question: str,
    key: str,
    values: list[Any],
    as_of: date,
) -> SemanticQuery | None:
    """The records the previous answer listed, shown again: with the question's own conditions ('which of them are
    still open' keeps the listed rows that are open, never other open ones) and, when it asks for an order, sorted
    by the field it names ('show them again sorted by city')."""
    query = previous.model_dump(mode="json", exclude_none=True)
    earlier = query.get("filters", [])
    own = [f.model_dump(mode="json", exclude_none=True) for f in alone.filters]
    query["filters"] = [*earlier, *(f for f in own if f not in earlier), {"field": key, "op": "in", "values": values}]
    query.pop("limit", None)
    if alone.kind == "records":  # its columns are the entity's own; an order it names is the one asked for
        keys = [o.field for o in alone.order_by if o.field != METRIC_TIME and o.field != _first_order(previous)]
    else:
        keys = [d.name for d in alone.dimensions if d.name != METRIC_TIME]
    if keys and _SORTED_BY.search(question.lower()):
        direction = "desc" if cues.DESCENDING.search(question.lower()) else "asc"
        query["order_by"] = [{"field": name, "direction": direction} for name in keys]
        shown = {d["name"] for d in query["dimensions"]}
        query["dimensions"] += [{"name": name} for name in keys if name not in shown]
    elif keys:
        return None  # 'show them by city': a breakdown of the listed rows, not a list
    return compiling(model, query, as_of)


def compiling(model: SemanticModel, query: dict[str, Any], as_of: date) -> SemanticQuery | None:
    """`query` as a SemanticQuery when it is valid and compiles against the model, else None."""
    try:
        candidate = SemanticQuery.model_validate(query)
        compile_query(model, candidate, as_of=as_of)
    except (QueryError, ValueError):
        return None
    return candidate


def _first_order(previous: SemanticQuery) -> str | None:
    return previous.order_by[0].field if previous.order_by else None


def _values_text(model: SemanticModel, key: str, values: list[Any], language: Language) -> str:
    """The first values as the answer's table names them ('上海' for Shanghai in Chinese)."""
    dimension = model.dimension(key)[1]
    named = [dimension.chinese_value(str(v)) if language == "zh" else str(v) for v in values[:5]]
    return ("、" if language == "zh" else ", ").join(named) + ("…" if len(values) > 5 else "")


def _label(model: SemanticModel, field: str, language: Language) -> str:
    entity, name = field.split(".", 1)
    dimension = model.entities[entity].dimensions.get(name)
    label = dimension.label if dimension is not None else model.entities[entity].label
    return str(getattr(label, language))
