"""'How many orders did we have in March, and how much revenue came out of it?', '上个月有多少订单，销售额是多少？':
a count word right before an entity noun ('how many orders', '多少订单') asks the count of that noun, and a measure
named later in a clause of its own ('and …', '，… 是多少') is a second thing asked, not what the noun qualifies. Without
the clause break ('how many orders had a discount') the noun is still read as the population of the other measure.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from assistant.planner.lexicon import Match
from assistant.planner.reading import Reading
from semantic_layer import SemanticModel

_COUNT_BEFORE = re.compile(r"(?:\bhow many|\bnumber of|多少|几个|几)\s*(?:的)?\s*$")
# 'and …' (whatever follows), or a sentence break before the later measure
_CLAUSE_BREAK = re.compile(r"\band\b|\bplus\b|\balso\b|并且|以及|还有|同时|另外|[?？。；;!！]")
# a comma alone separates two questions when the later measure is asked about in its own words
_COMMA = re.compile(r"[,，]")
_ASKED_AFTER = re.compile(r"^\s*(?:是|有|为)?\s*(?:多少|几何|怎么样|如何|呢)|^\s*(?:was|is|were)?\s*\??\s*$")
_ASKED_BEFORE = re.compile(r"(?:\bhow much|\bwhat(?:'s| is| was| were)?(?: the| our)?|\bhow many)\s*$")


def counted_apart(
    model: SemanticModel, reading: Reading, metrics: list[str], count_metric: Mapping[str, str]
) -> list[str]:
    """The counts of entity nouns ('orders' of 'how many orders', '订单' of '多少订单'; `count_metric` maps an entity
    to the metric counting it) asked in a clause apart from a later measure. A noun whose population is already
    counted among `metrics` ('流失了多少客户': churned customers, '新增了多少客户': new customers) is not counted again."""
    counted = {entity for m in metrics if (entity := _counted_entity(model, m))}
    asked = []
    for match in reading.matches:
        entities = [e.target for e in match.of("entity") if e.target in count_metric and e.target not in counted]
        if not entities or any(not e.weak for e in match.of("metric")):
            continue
        if not _COUNT_BEFORE.search(reading.masked[: match.start]):
            continue
        later = next((m for m in reading.strong_matches if m.start >= match.end), None)
        if later is not None and _apart(reading, match, later):
            asked.append(count_metric[entities[0]])
    return asked


def _apart(reading: Reading, counted: Match, later: Match) -> bool:
    gap = reading.masked[counted.end : later.start]
    if _CLAUSE_BREAK.search(gap):
        return True
    if not _COMMA.search(gap):
        return False
    last_clause = _COMMA.split(gap)[-1]
    return bool(_ASKED_BEFORE.search(last_clause) or _ASKED_AFTER.match(reading.masked[later.end :]))


def _counted_entity(model: SemanticModel, metric: str) -> str | None:
    """The entity whose rows a metric counts ('new_customers': customer), None for any other metric."""
    measure_name = getattr(model.metrics[metric], "measure", None)
    if not isinstance(measure_name, str):
        return None
    owner, measure = model.measure(measure_name)
    return owner if measure.agg in ("count", "count_distinct") else None
