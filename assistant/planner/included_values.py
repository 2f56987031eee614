"""Values said to be included, not selected: "how many orders last month, including returned and cancelled ones",
"returned and cancelled ones count too", "退货的、取消的都算上", "包括退货的". Such a list tells that the rows in those
states are counted along with the rest; read as values of the question it counted only them (a wrong number, the
opposite of what was asked). The list is excused (no condition) when every metric named counts the rows whatever
their value of that field; when a metric's own definition leaves those rows out ("revenue including returned
orders": revenue counts completed orders only) nothing is excused and the question keeps its other readings."""

from __future__ import annotations

import re

from sqlglot import exp

from assistant.planner.discourse import Excused
from assistant.planner.lexicon import Match
from assistant.planner.reading import Reading
from semantic_layer import SemanticModel
from semantic_layer.compiler.fragments import parse_fragment
from semantic_layer.compiler.metrics import leaf, leaf_names

_BEFORE = re.compile(
    r"(?<![a-z])(?:including|incl\.?|inclusive\s+of|counting|along\s+with)\s+(?:the\s+|any\s+|all\s+)?$"
    r"|(?:包括|包含|含|连同|算上)(?:了)?\s*$"
)
_AFTER = re.compile(
    r"^\s*(?:(?:ones|orders|tickets|touches|responses)\s+)?(?:(?:should|do|will|can)\s+)?(?:also\s+)?"
    r"(?:count\s+(?:too|as\s+well|also|in)|(?:are|be)\s+(?:counted|included)|included)(?![a-z])"
    r"|^\s*(?:的)?\s*(?:订单|工单|单)?\s*(?:也|都|全|全都|一并|一起)\s*(?:要|得)?\s*"
    r"(?:算上|算进去|算在内|算进来|算|计入|包括在内|包含在内|在内|包括进来|统计进去|统计在内)(?![一下出个])"
    r"|^\s*(?:的)?\s*(?:订单|工单)?\s*(?:包括在内|包含在内|在内)"
)
_DENIED = re.compile(r"(?:(?<![a-z])(?:not|without)|n't)\s*$|[不没未非除]\s*$")
_JOIN = re.compile(r"^\s*(?:的)?\s*(?:ones\s+)?(?:,|，|、|/|&|and|or|plus|和|及|与|跟|以及|或|或者)\s*(?:the\s+)?$")


def excused(model: SemanticModel, reading: Reading) -> list[Excused]:
    """The stretches of `reading.text` that list values included along with the rest of the rows."""
    found: list[Excused] = []
    for run in _value_runs(reading):
        field = run[0].of("value")[0].target
        before = _BEFORE.search(reading.masked[: run[0].start])
        after = _AFTER.match(reading.masked[run[-1].end :])
        if before is not None and _DENIED.search(reading.masked[: before.start()]):
            before = None  # 'not including', '不包括': the values are left out (a negation, read elsewhere)
        if (before is None and after is None) or _left_out_by_metric(model, reading, field):
            continue
        start = before.start() if before is not None else run[0].start
        end = run[-1].end + after.end() if after is not None else run[-1].end
        found.append(Excused(start, end, "aside"))
    return found


def _value_runs(reading: Reading) -> list[list[Match]]:
    """Values of one field listed one after another ('returned and cancelled', '退货的、取消的')."""
    runs: list[list[Match]] = []
    for match in reading.matches:
        values = match.of("value")
        if not values or len({e.target for e in values}) != 1 or match.of("metric") or match.of("segment"):
            continue
        last = runs[-1][-1] if runs else None
        joined = last is not None and _JOIN.match(reading.masked[last.end : match.start])
        if last is not None and joined and last.of("value")[0].target == values[0].target:
            runs[-1].append(match)
        else:
            runs.append([match])
    return runs


def _left_out_by_metric(model: SemanticModel, reading: Reading, field: str) -> bool:
    """Whether a metric named counts only some values of `field` by its own definition (revenue: completed orders)."""
    column = field.partition(".")[2]
    for metric in reading.metrics:
        for name in leaf_names(model, metric):
            condition = leaf(model, name).measure.filter
            if condition and any(c.name == column for c in parse_fragment(condition).find_all(exp.Column)):
                return True
    return False
