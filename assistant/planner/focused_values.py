"""A breakdown asked, then one of its groups named in a clause of its own: "上个月的工单按渠道拆一下，想看看电话的多不多",
"tickets last month by channel - curious whether phone is a big share", "split orders by category, mostly to see
electronics". The later clause says why the breakdown is wanted; the value names the group to look at, not the only
rows to count. Read as a filter it left a table of one row (a wrong answer: the breakdown asked for was lost).

The filter is dropped when the value is of the field broken down, is said in a later clause than the breakdown (after
a comma, dash or full stop), is not negated and no restricting word comes before it ('only', 'just', '只', '仅');
"revenue by city, only Beijing" keeps its filter."""

from __future__ import annotations

import re

from assistant.contracts import Language, Plan
from assistant.planner.reading import Reading

_BREAK = re.compile(r"[,;:.!?…—–]|\s-+\s|[，。；：！？]")
_RESTRICTING = re.compile(
    r"\b(?:only|just|solely|exclusively|limited\s+to|restrict(?:ed)?\s+to|for|in|from)\b|只|仅|单看|光看|限于"
)
_NOTE = {
    "en": "Kept every {field} group: '{value}' is the group the question looks at, not the only rows counted.",
    "zh": "保留了按{field}拆分的每一组:“{value}”是问题想看的那一组,不是只统计它。",
}


def kept_groups(reading: Reading, plan: Plan, language: Language) -> Plan:
    """The plan with the filter on a broken-down field dropped when its one value names a group to look at."""
    query = plan.query
    if query is None or query.kind != "metrics":
        return plan
    broken_down = {d.name for d in query.dimensions if d.grain is None}
    for condition in query.filters:
        if condition.field not in broken_down or condition.op != "=" or len(condition.values or []) != 1:
            continue
        said = _value_said(reading, condition.field, condition.values[0])
        if said is None or not _in_later_clause(reading, condition.field, said):
            continue
        filters = [f for f in query.filters if f is not condition]
        note = _NOTE[language].format(field=condition.field, value=reading.text[said[0] : said[1]].strip())
        kept = query.model_copy(update={"filters": filters})
        return plan.model_copy(update={"query": kept, "assumptions": [*plan.assumptions, note]})
    return plan


def _value_said(reading: Reading, field: str, value: object) -> tuple[int, int] | None:
    for entries, negated, match in reading.values:
        if not negated and any(e.target == field and e.value == value for e in entries):
            return match.start, match.end
    return None


def _in_later_clause(reading: Reading, field: str, said: tuple[int, int]) -> bool:
    """Whether the value comes in a clause after the one naming the breakdown, with no restricting word before it
    in its own clause."""
    mentions = [m.end for candidates, m in reading.breakdowns if field in candidates and m.end <= said[0]]
    if not mentions:
        return False
    between = reading.masked[max(mentions) : said[0]]
    breaks = list(_BREAK.finditer(between))
    if not breaks:
        return False
    own_clause = between[breaks[-1].end() :]
    return not _RESTRICTING.search(own_clause)
