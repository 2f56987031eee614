"""'do members spend more?', 'do high priority tickets get resolved faster?', '会员消费更多吗': a yes/no question
with a comparative about one population and nothing to compare it with asks whether that population differs from
the rest, as does one asking whether it matters ('does being a member make a difference to …', '…有区别吗') or asking for both groups outright ('show me both groups'). The population's figure
alone cannot answer it; a breakdown by the field that defines the population
(members and non-members, every priority) can. Read only when the population is one condition on one field — a
flag segment, a segment of one value, or one value the question names — and the question names no comparator
('than non-members', 'vs last year') and no breakdown of its own."""

from __future__ import annotations

import re
from typing import Any

from assistant.planner import conditions
from assistant.planner.reading import Reading
from semantic_layer import SemanticModel, SemanticQuery

_YES_NO = re.compile(r"^\s*(?:do|does|did|is|are|was|were|will|would)\b|吗\s*[?？]?\s*$|是不是|是否")
_COMPARATIVE = re.compile(
    r"\b(?:more|less|fewer|faster|slower|quicker|higher|lower|better|worse|longer|shorter|bigger|smaller|oftener)\b"
    r"|更(?:多|少|快|慢|高|低|好|差|长|短|大|小|频繁)|多一些|少一些|快一些|慢一些|高一些|低一些"
)
# whether the population matters at all: 'does being a member make a difference to …', '会员的复购率有区别吗'
_MATTERS = re.compile(r"\b(?:makes?\s+)?(?:a|any|much\s+of\s+a)\s+difference\b|有(?:没有)?(?:区别|差别|差异)")
# the two groups asked for outright: 'show me both groups', 'the two groups side by side', '两组都看一下'
_BOTH_GROUPS = re.compile(r"\b(?:both|the\s+two|each)\s+(?:groups|sides|populations|camps)\b|两(?:组|类人|拨人|群人)")
_COMPARATOR = re.compile(
    r"\b(?:than|vs\.?|versus|compared|comparing|against|relative to|rest|others|everyone else)\b|比|相比|对比|其他|其余"
)


def against_the_rest(model: SemanticModel, reading: Reading, query: SemanticQuery) -> SemanticQuery:
    """The query broken down by the field of its one population when the question asks whether that population
    differs; else the query unchanged."""
    if query.kind != "metrics" or query.dimensions or query.compare or query.share or query.order_by:
        return query
    text = reading.masked
    asks_whether = _YES_NO.search(text) and (_COMPARATIVE.search(text) or _MATTERS.search(text))
    both = _BOTH_GROUPS.search(reading.text)  # the text as said: 'groups' is a set noun, blanked in `masked`
    if not (asks_whether or both) or _COMPARATOR.search(text):
        return query
    said: list[dict[str, Any]] = [f.model_dump(mode="json", exclude_none=True) for f in query.filters]
    populations: list[str | dict[str, Any]] = [*query.segments, *said]
    if len(populations) != 1 or not _named_here(reading, populations[0]):
        return query  # a population kept from an earlier question is not what this one compares
    field = _field_of(model, populations[0])
    if field is None:
        return query
    return SemanticQuery.model_validate(
        {
            **query.model_dump(mode="json", exclude_none=True),
            "segments": [],
            "filters": [],
            "dimensions": [{"name": field}],
        }
    )


def _named_here(reading: Reading, population: str | dict[str, Any]) -> bool:
    """Whether the question itself names the population (not a follow-up that kept it)."""
    if isinstance(population, str):
        return population in {n for n, _ in reading.segments} | {s for _, s, _ in reading.metric_or_segment}
    if any(e.target == population["field"] for _, _, match in reading.values for e in match.entries):
        return True
    # 'having the app bound': a yes/no field named by its own words stands for its yes side
    return any(e.target == population["field"] for m in reading.matches for e in m.of("dimension"))


def _field_of(model: SemanticModel, population: str | dict[str, Any]) -> str | None:
    """The one field a population is one value of: a filter 'field = value', or a segment defined that way."""
    if isinstance(population, str):
        segment = model.segments[population]
        if segment.not_exists is not None:
            return None
        found = conditions.as_filters(model, segment.entity, segment.filter)
        if found is None or len(found) != 1:
            return None
        population = found[0]
    one_value = population.get("op") == "=" and len(population.get("values", [])) == 1
    return str(population["field"]) if one_value else None
