"""A follow-up naming the values of one field the conversation named before, by their number and the field's noun:
"上周成都的订单数" / "那重庆呢" / "这两个城市加起来卖了多少钱", "both regions combined", "those two categories side by
side". The phrase stands for exactly those values (a filter `in` them), never for a ranking ("top 2 cities", the
reading it got before); the values are pooled into one total when a word of adding follows ('加起来', 'combined'),
else each gets its row.

The values are those the earlier questions filtered the field by ('=' or 'in'), in the order named; the number said
('两', 'two', 'both') must be how many there were. The question is planned on its own with the phrase blanked; a
period it does not name is the last question's."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from assistant.contracts import Language, Plan, Span, Turn
from assistant.planner.pinned import Planner, compiling
from semantic_layer import SemanticModel

_EN = re.compile(
    r"\b(?:(?P<both>both)(?:\s+(?:of\s+)?(?:these|those|the))?|(?:these|those|the)\s+(?P<n>[a-z]+|\d+))\s+"
    r"(?P<noun>[a-z]+)\b"
)
_ZH = re.compile(r"(?:这|那)(?:(?P<n>两|俩|[二三四五六七八九十]|\d+)个?)(?P<noun>[\u4e00-\u9fff]{1,4})")
_EN_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_ZH_COUNTS = {"两": 2, "俩": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_POOLED = re.compile(
    r"\b(?:together|combined|altogether|in\s+total|in\s+all|summed|added\s+up)\b"
    r"|加起来|加在一起|合起来|合在一起|合计|总计|一共|总共|一起算|算在一起|总和"
)


def named_values_plan(
    question: str,
    history: Sequence[Turn],
    model: SemanticModel,
    as_of: date,
    language: Language,
    plan_alone: Planner,
) -> Plan | None:
    """The plan of a follow-up naming the earlier values of a field by their number, else None."""
    if not history:
        return None
    text = question.lower()
    for found in (*_EN.finditer(text), *_ZH.finditer(text)):
        field = _field_of(model, found.group("noun"))
        if field is None:
            continue
        values = _values_named(history, field)
        if len(values) < 2 or _count(found) != len(values):
            continue
        return _planned(question, history, model, as_of, language, plan_alone, found, field, values)
    return None


def _planned(
    question: str,
    history: Sequence[Turn],
    model: SemanticModel,
    as_of: date,
    language: Language,
    plan_alone: Planner,
    found: re.Match[str],
    field: str,
    values: list[Any],
) -> Plan | None:
    start, end = found.start(), found.start("noun") + len(_noun_said(model, field, found.group("noun")))
    blanked = question[:start] + " " * (end - start) + question[end:]
    alone = plan_alone(blanked, [], model, as_of, language)
    if alone.status != "ok" or alone.query is None or alone.query.kind != "metrics":
        return None
    query = alone.query.model_dump(mode="json", exclude_none=True)
    if any(f["field"] == field for f in query.get("filters", [])) or query.get("dimensions") or query.get("limit"):
        return None
    query["filters"] = [*query.get("filters", []), {"field": field, "op": "in", "values": values}]
    if not _POOLED.search(question.lower()):
        query["dimensions"] = [{"name": field}]
    last = next((turn.query for turn in reversed(history) if turn.query is not None), None)
    if "time_range" not in query and last is not None and last.time_range is not None:
        query["time_range"] = last.time_range.model_dump(mode="json", exclude_none=True)
    compiled = compiling(model, query, as_of)
    if compiled is None:
        return None
    said = question[start:end]
    span = Span(text=said, start=start, end=end, role="filter", target=field, value=", ".join(map(str, values)))
    return alone.model_copy(update={"query": compiled, "interpretation": [*alone.interpretation, span]})


def _count(found: re.Match[str]) -> int | None:
    if found.groupdict().get("both"):
        return 2
    said = found.group("n")
    if said.isdigit():
        return int(said)
    return _ZH_COUNTS.get(said) or _EN_COUNTS.get(said)


def _field_of(model: SemanticModel, noun: str) -> str | None:
    """The categorical field whose name the noun says ('cities', '城市' of '城市加起来')."""
    for entity_name, entity in model.entities.items():
        for name, dimension in entity.dimensions.items():
            if dimension.type == "categorical" and _noun_said_by(dimension.synonyms, noun):
                return f"{entity_name}.{name}"
    return None


def _noun_said(model: SemanticModel, field: str, noun: str) -> str:
    entity, name = field.split(".")
    return _noun_said_by(model.entities[entity].dimensions[name].synonyms, noun) or noun


def _noun_said_by(synonyms: Sequence[str], noun: str) -> str | None:
    """The synonym the noun is (English) or starts with (Chinese, where the next word follows without a space)."""
    for synonym in sorted(synonyms, key=len, reverse=True):
        word = synonym.lower()
        if noun == word or (not word.isascii() and noun.startswith(word)):
            return word
    return None


def _values_named(history: Sequence[Turn], field: str) -> list[Any]:
    values: list[Any] = []
    for turn in history:
        if turn.query is None:
            continue
        for condition in turn.query.filters:
            if condition.field == field and condition.op in ("=", "in"):
                values += [v for v in condition.values or [] if v not in values]
    return values
