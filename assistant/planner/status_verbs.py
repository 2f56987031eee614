"""A count of rows named by the verb of one of their states: '上个月一共退了多少单' (returned orders), '取消了几单'.

A Chinese verb said by its first character with 了 / 过 / 掉 right before the count word is the value of the counted
entity's field whose Chinese name starts with it ('退' of '退货' → order status returned): the count is of the rows
in that state (the model's count metric of that condition when it has one), never of all rows.
"""

from __future__ import annotations

import re
from typing import Any

from assistant.contracts import Language
from assistant.planner import conditions
from semantic_layer import SemanticModel
from semantic_layer.model import SimpleMetric

_VERB_THEN_COUNT = re.compile(r"([\u4e00-\u9fff])(?:了|过|掉){1,2}\s*(?:多少|几)\s*(?:个|单|笔|张|条|件)?")
_TEXT: dict[Language, str] = {
    "en": "Read '{verb}' as {field} = {value}.",
    "zh": "将“{verb}”理解为 {field} = {value}。",
}


def _values_starting(model: SemanticModel, entity: str, character: str) -> set[tuple[str, str]]:
    """(field, value) of the entity's categorical fields whose Chinese words of two or more characters start
    with the character (a leading 已 'already' aside: '已退货' starts with '退')."""
    found: set[tuple[str, str]] = set()
    for column, dim in model.entities[entity].dimensions.items():
        if dim.type != "categorical" or dim.pii:
            continue
        for value in dim.sample_values:
            words = [value, *dim.value_synonyms.get(value, [])]
            for word in words:
                word = word.removeprefix("已")
                if len(word) >= 2 and not word.isascii() and word[0] == character:
                    found.add((f"{entity}.{column}", str(value)))
    return found


def state_counted(
    model: SemanticModel, masked: str, query: dict[str, Any], count_metric: dict[str, str], language: Language,
    assumptions: list[str],
) -> None:  # fmt: skip
    """'上个月一共退了多少单': the plain count of an entity with a verb of one of its states before the count word
    counts the rows in that state."""
    metrics = query.get("metrics", [])
    plain = {metric: entity for entity, metric in count_metric.items()}
    if query.get("kind", "metrics") != "metrics" or len(metrics) != 1 or metrics[0] not in plain:
        return
    entity = plain[metrics[0]]
    said = [(m.group(0), _values_starting(model, entity, m.group(1))) for m in _VERB_THEN_COUNT.finditer(masked)]
    said = [(verb, found) for verb, found in said if found]
    if len(said) != 1 or len(said[0][1]) != 1:
        return
    verb, found = said[0]
    field, value = next(iter(found))
    if any(f["field"] == field for f in query.get("filters", [])):
        return
    wanted = {"field": field, "op": "=", "values": [value]}
    counted = next((name for name in model.metrics if _counts_exactly(model, name, entity, wanted)), None)
    if counted is not None:
        query["metrics"] = [counted]
    else:
        query["filters"] = [*query.get("filters", []), wanted]
    assumptions.append(_TEXT[language].format(verb=verb.strip(), field=field, value=value))


def _counts_exactly(model: SemanticModel, name: str, entity: str, wanted: dict[str, Any]) -> bool:
    metric = model.metrics[name]
    if not isinstance(metric, SimpleMetric) or metric.segments or metric.hidden:
        return False
    owner, measure = model.measure(metric.measure)
    if owner != entity or measure.agg != "count" or measure.expr is not None or measure.per:
        return False
    return conditions.as_filters(model, entity, measure.filter) == [wanted]
