"""'Today' said of a state: 'how many are still active today', '今天还活跃的'. A state that has no date of its own
(a population of the model without an entry date: active customers, members, high-value customers) is read as it
stands at the data's date, as every answer is (DESIGN §7). Read as a period, 'today' dated the count's own time
(customers who signed up today and are active: a wrong number) or, beside the period that dates the cohort ('signed
up in 2025'), made two periods that were asked back. A state with a date of its own ('churned today': the churn
date) keeps 'today' as its period."""

from __future__ import annotations

import re
from datetime import date

from assistant.planner import conditions
from assistant.planner.discourse import Excused
from assistant.planner.lexicon import Match
from assistant.planner.reading import Reading
from semantic_layer import SemanticModel

# between the state and 'today': nothing, or a word saying the state lasts ('still active today', '今天还活跃')
_GAP = re.compile(r"^\s*(?:still|yet|again|even|还|仍|仍然|依然|依旧|都|也)?\s*(?:是|在|处于)?\s*$")


# 'as of today', '截至今天', '到今天为止': the date a figure stands at, never a one-day period
_AS_OF_BEFORE = re.compile(r"(?:\bas\s+(?:of|at)|截至|截止(?:到)?)\s*$")
_AS_OF_AFTER = re.compile(r"^\s*为止")


def states_today(model: SemanticModel, reading: Reading, as_of: date) -> list[Excused]:
    """Time phrases of the one day `as_of` right against a word naming an undated state, or said as the date the
    figure stands at ('how many customers are still active with us as of today', '截至今天还有多少活跃客户'): the
    data's date, which every answer already states."""
    found: list[Excused] = []
    for when in reading.times:
        if not when.start == when.end == as_of:
            continue
        start, end = when.span
        if _AS_OF_BEFORE.search(reading.masked[:start]) and _names_undated_state(model, reading):
            found.append(Excused(start, end, "aside"))
            continue
        for match in reading.matches:
            before = match.end <= start and _GAP.match(reading.masked[match.end : start])
            after = end <= match.start and _GAP.match(reading.masked[end : match.start])
            if (before or after) and _undated_state(model, match):
                found.append(Excused(start, end, "aside"))
                break
    return found


def _undated_state(model: SemanticModel, match: Match) -> bool:
    """The word names a segment without an entry date, or the one condition of such a segment ('活跃': status =
    active)."""
    named = [model.segments[e.target] for e in match.of("segment")]
    if named:
        return all(s.time_dimension is None for s in named)
    undated = [s for s in model.segments.values() if s.time_dimension is None]
    for entry in match.of("value"):
        for segment in undated:
            condition = conditions.as_filters(model, segment.entity, segment.filter) or []
            if condition == [{"field": entry.target, "op": "=", "values": [entry.value]}]:
                return True
    return False


def _names_undated_state(model: SemanticModel, reading: Reading) -> bool:
    return any(_undated_state(model, match) for match in reading.matches)
