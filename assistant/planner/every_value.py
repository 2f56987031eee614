"""Every value of a field named, to say the rows are all counted (role `filler`, value `left_open`, DESIGN.md §10):
"how many customers (active or churned) …", "everyone, current and former customers", "（短信、推送、邮件都算）",
"活跃的和流失的都包括". A field whose `sample_values` are `exhaustive` has no rows outside the values listed, so naming
them all restricts nothing; read as values they became a filter on all of them and a breakdown by the field (a table
where one number was asked), or a segment of one of them (a wrong number).

Only a list that says it is all-inclusive is excused: the whole of a bracket, values joined by 'or' ("active or churned
customers"), after a word of everyone ('everyone',
'all', 'both', 'whether', '全部', '所有', '不管是'), or before a word of all counting ('alike', '都算', '都包括'). A list of
every value said as groups ("revenue for app, web and store") keeps its reading. A segment whose condition is one value
of the field ('former customers': status = churned) names that value."""

from __future__ import annotations

import re
from itertools import pairwise

from assistant.planner import conditions
from assistant.planner.discourse import Excused
from assistant.planner.lexicon import Match
from assistant.planner.reading import Reading
from semantic_layer import SemanticModel

_JOIN = re.compile(
    r"^\s*(?:的|ones?)?\s*(?:,|，|、|/|&|and|or|plus|as\s+well\s+as|和|及|与|跟|以及|或|或者|还是)\s*(?:the\s+)?$"
)
# 'active or churned customers', 'sms, push or email': the union of the values, all the rows
_OR = re.compile(r"^\s*(?:的)?\s*(?:,|，|、|/|or|或|或者)\s*$")
_BRACKET = re.compile(r"[(（\[]([^()（）\[\]]*)[)）\]]")
# what may stand in the bracket beside the list: 'both', 'either', 'ones', 'customers', '的', '都算'
_BRACKET_REST = re.compile(
    r"^(?:\s|[,，、:：]|both|either|all|ones?|included|alike|all\s+count|all\s+included|[a-z]+s|的|都算|都包括|都要|均可|均算|都行)*$"
)
# a breakdown asked before the bracket: the bracket lists its groups ('tickets by channel (phone, chat, email)')
_BREAKDOWN_BEFORE = re.compile(r"\b(?:by|per|each|every|split|broken\s+down|breakdown|across)\b|按|各|每|分别")
_EVERYONE_BEFORE = re.compile(
    r"(?<![a-z])(?:everyone|everybody|all|both|whether|either)\s*[,，:：]?\s*$|(?:全部|所有|不管是|不论是|无论是|包括)\s*[,，:：]?\s*$"
)
_ALL_AFTER = re.compile(
    r"^\s*(?:(?:ones?|[a-z]+s)\s+)?(?:alike|all\s+(?:count|included|counted)|both\s+(?:count|included))(?![a-z])"
    r"|^\s*(?:的)?\s*[\u4e00-\u9fff]{0,2}?\s*(?:都|全|全都|均)\s*(?:要)?\s*(?:算|包括|包含|计入|统计|在内)"
)


def excused(model: SemanticModel, reading: Reading) -> list[Excused]:
    """The stretches of `reading.text` that list every value of a field as all counted."""
    found: list[Excused] = []
    for run in _runs(model, reading):
        start, end = run[0].start, run[-1].end
        bracket = next(
            (b for b in _BRACKET.finditer(reading.masked) if b.start(1) <= start and end <= b.end(1)),
            None,
        )
        inside = bracket is not None and all(
            _BRACKET_REST.match(part)
            for part in (reading.masked[bracket.start(1) : start], reading.masked[end : bracket.end(1)])
        )
        before = _EVERYONE_BEFORE.search(reading.masked[:start])
        after = _ALL_AFTER.match(reading.masked[end:])
        gaps = [reading.masked[a.end : b.start] for a, b in pairwise(run)]
        union = all(_OR.match(gap) for gap in gaps) and any(re.search(r"\bor\b|或", gap) for gap in gaps)
        if bracket is not None and inside and not _BREAKDOWN_BEFORE.search(reading.masked[: bracket.start()]):
            found.append(Excused(bracket.start(), bracket.end(), "left_open"))
        elif before is not None or after is not None or union:
            if before is not None:  # the word of everyone on its own: it may be an aside already ('everyone,')
                found.append(Excused(before.start(), start, "left_open"))
            found.append(Excused(start, end + (after.end() if after else 0), "left_open"))
    return found


def _runs(model: SemanticModel, reading: Reading) -> list[list[Match]]:
    """Matches listed one after another that together name every value of one exhaustive field."""
    runs: list[tuple[list[Match], dict[str, set[str]]]] = []
    for match in reading.matches:
        named = _values_named(model, match)
        if not named:
            continue
        last = runs[-1][0][-1] if runs else None
        joined = last is not None and _JOIN.match(reading.masked[last.end : match.start])
        shared = set(runs[-1][1]) & set(named) if joined and runs else set()
        if shared:
            seen = runs[-1][1]
            runs[-1] = ([*runs[-1][0], match], {f: seen[f] | named[f] for f in shared})
        else:
            runs.append(([match], named))
    return [run for run, named in runs if len(run) > 1 and any(_every(model, f, v) for f, v in named.items())]


def _values_named(model: SemanticModel, match: Match) -> dict[str, set[str]]:
    """The values each field gets from a match: its value words, and a segment's one-value condition."""
    named: dict[str, set[str]] = {}
    for entry in match.of("value"):
        named.setdefault(entry.target, set()).add(str(entry.value))
    for entry in match.of("segment"):
        segment = model.segments[entry.target]
        if segment.exists is not None or segment.not_exists is not None:
            continue
        condition = conditions.as_filters(model, segment.entity, segment.filter) or []
        if len(condition) == 1 and condition[0]["op"] == "=" and len(condition[0]["values"]) == 1:
            named.setdefault(condition[0]["field"], set()).add(str(condition[0]["values"][0]))
    return named


def _every(model: SemanticModel, field: str, values: set[str]) -> bool:
    entity, _, column = field.partition(".")
    dimension = model.entities[entity].dimensions.get(column)
    return (
        dimension is not None
        and dimension.exhaustive
        and bool(dimension.sample_values)
        and {str(v) for v in dimension.sample_values} <= values
    )
