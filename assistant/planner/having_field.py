"""Rows said to have a value of a field: "responses that included a CSAT score", "survey responses with a CSAT score",
"有CSAT评分的问卷", "填了满意度分数的问卷". The field named after a verb of having is the condition that it is filled
in (`is_not_null`), the whole a share of such rows is taken over ("of the responses that included a CSAT score, what
fraction were 5 or below" is over the scored responses, not over every response). Before, the field was only taken
as the threshold's field and the whole dropped its condition (a wrong share), or it was asked back. A field followed
by a value or a comparison ("with a CSAT score of 5 or below", "score above 8") is a threshold and stays one."""

from __future__ import annotations

import re
from typing import Any

from assistant.planner.reading import Reading
from semantic_layer import SemanticModel, SemanticQuery
from semantic_layer.compiler.metrics import leaf, leaf_names

_HAVING_EN = re.compile(
    r"(?<![a-z])(?:with|having|(?:(?:that|which|who)\s+)?(?:have|has|had|included?|includes|gave|give|contain(?:s|ed)?|"
    r"carr(?:y|ies|ied)|left))\s+(?:a|an|any)\s+$"
)
_HAVING_ZH = re.compile(r"(?:有|带|带有|填了|填写了|给了|打了|包含|含有)\s*$")
_ZH_NOUN_END = re.compile(r"^\s*(?:的|$|[?？,，。;；!！])")
_THRESHOLD_AFTER = re.compile(
    r"^\s*(?:of|above|below|over|under|at|between|from|>|<|=|≥|≤|\d)|^\s*(?:在|为|是|高于|低于|大于|小于|不低于|不高于|\d)"
)


def filled_fields(model: SemanticModel, reading: Reading) -> list[str]:
    """The fields the question says its rows have a value of."""
    found: list[str] = []
    for match in reading.matches:
        fields = [e.target for e in match.of("dimension") if model.dimension(e.target)[1].type == "number"]
        if len(fields) != 1 or match.of("value") or match.of("metric") or match.of("segment"):
            continue
        before, after = reading.masked[: match.start], reading.masked[match.end :]
        having = _HAVING_EN.search(before) or (_HAVING_ZH.search(before) and _ZH_NOUN_END.match(after))
        if having and not _THRESHOLD_AFTER.match(after.lstrip(" 的")):
            found.append(fields[0])
    return found


def with_filled(model: SemanticModel, reading: Reading, query: SemanticQuery) -> SemanticQuery:
    """The query with `is_not_null` on each field its rows are said to have (on every row counted, a share's whole
    included); unchanged when the question says none."""
    filters: list[dict[str, Any]] = [f.model_dump(mode="json", exclude_none=True) for f in query.filters]
    added = [
        {"field": field, "op": "is_not_null", "values": []}
        for field in dict.fromkeys(filled_fields(model, reading))
        if field.partition(".")[0] in _entities(model, query)
    ]
    added = [f for f in added if f not in filters]
    if not added or query.kind != "metrics":
        return query
    return SemanticQuery.model_validate(query.model_dump(mode="json", exclude_none=True) | {"filters": filters + added})


def _entities(model: SemanticModel, query: SemanticQuery) -> set[str]:
    return {leaf(model, name).entity for metric in query.metrics for name in leaf_names(model, metric)}
