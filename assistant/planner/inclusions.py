"""Values or a population said to be included restrict nothing (role `filler`, value `left_open`, DESIGN.md §10): "how
many orders last month, including returned and cancelled ones", "returned and cancelled ones count too", "退货的、取消
的都算上", "包括退货的", "all our customers, churned ones included". Such words say the rows in those states are
counted along with the rest; read as values or segments of the question they counted only them (a wrong number, the
opposite of what was asked: the share of members among churned customers for "customers — churned ones included —
who are members").

The words are excused when no measure the question names restricts the same column by its own definition; "revenue
including returned orders" (revenue counts completed orders only) keeps them, to be asked back or read as before. A
list after "not including" / "不包括" is left out, a negation read elsewhere."""

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
    r"(?<![a-z])(?:including|incl\.?|inclusive\s+of|counting|along\s+with)\s+(?:the\s+|any\s+|all\s+|those\s+)?$"
    r"|(?:包括|包含|含|连同|算上)(?:了)?\s*$"
)
# after a list named by 'including': 'ones', 'too', 'as well' belong to it
_ONES = re.compile(r"(?:\s+(?:ones?|too|as\s+well))*")
_AFTER = re.compile(
    r"^\s*(?:(?:ones?|[a-z]+s)\s+)?(?:(?:should|do|will|can|are|is|were|being)\s+)?"
    r"(?:also\s+)?(?:count\s+(?:too|as\s+well|also)|(?:be\s+)?(?:counted|included)(?:\s+(?:too|as\s+well))?"
    r"|(?:count\s+)?in(?:\s+(?:too|as\s+well))?(?=\s*(?:$|[,.;:!?)）\]—–-]|(?:and|or|but|please|thanks)\b)))(?![a-z])"
    # 'returned ones still count', 'cancelled orders should still be counted': a reassurance, the rows stay in
    r"|^\s*(?:(?:ones?|[a-z]+s)\s+)?(?:(?:should|do|will|can|would)\s+)?still\s+(?:count|(?:be\s+)?(?:counted|included))"
    r"(?=\s*(?:$|[,.;:!?)）\]—–-]|(?:and|or|but|please|thanks|here|too|as\s+well)\b))"
    r"|^\s*(?:的)?\s*(?:那些|这些)?\s*(?:订单|工单|单)?\s*(?:也|都|全|全都|一并|一起|仍然|依然|照样|照常)\s*(?:要|得)?\s*"
    r"(?:算上|算进去|算在内|算进来|算|计入|包括在内|包含在内|在内|包括进来|统计进去|统计在内)(?![一下出个])"
    r"|^\s*(?:的)?\s*(?:订单|工单)?\s*(?:包括在内|包含在内|在内)"
)
_DENIED = re.compile(r"(?:(?<![a-z])(?:not|without)|n't)\s*$|[不没未非除]\s*$")
_JOIN = re.compile(r"^\s*(?:的)?\s*(?:ones\s+)?(?:,|，|、|/|&|and|or|plus|和|及|与|跟|以及|或|或者)\s*(?:the\s+)?$")
_COLUMN = re.compile(r"[a-z_][a-z0-9_]*")


def excused(model: SemanticModel, reading: Reading) -> list[Excused]:
    """The stretches of `reading.text` that name values or a population included along with the rest of the rows."""
    found: list[Excused] = []
    for run, columns in [*_value_runs(reading), *_segments(model, reading)]:
        before = _BEFORE.search(reading.masked[: run[0].start])
        after = _AFTER.match(reading.masked[run[-1].end :])
        if before is not None and _DENIED.search(reading.masked[: before.start()]):
            before = None  # 'not including', '不包括': the values are left out (a negation, read elsewhere)
        if (before is None and after is None) or _left_out_by_metric(model, reading, columns):
            continue
        if after is not None:
            end = run[-1].end + after.end()
        else:
            end = run[-1].end + len(_ONES.match(reading.masked, run[-1].end).group())  # type: ignore[union-attr]
        found.append(Excused(before.start() if before is not None else run[0].start, end, "left_open"))
    return found


def _value_runs(reading: Reading) -> list[tuple[list[Match], set[str]]]:
    """Values of one field listed one after another ('returned and cancelled', '退货的、取消的'), with the column. A
    value word of several fields ('邮件': the ticket's and the touch's channel) takes the field of the values listed
    with it ('短信、推送、邮件都算')."""
    runs: list[tuple[list[Match], set[str]]] = []
    for match in reading.matches:
        values = match.of("value")
        if not values or match.of("metric") or match.of("segment"):
            continue
        targets = {e.target for e in values}
        last = runs[-1][0][-1] if runs else None
        joined = last is not None and _JOIN.match(reading.masked[last.end : match.start])
        if last is not None and joined and runs[-1][1] & targets:
            runs[-1] = ([*runs[-1][0], match], runs[-1][1] & targets)
        else:
            runs.append(([match], targets))
    return [(run, {next(iter(targets)).partition(".")[2]}) for run, targets in runs if len(targets) == 1]


def _segments(model: SemanticModel, reading: Reading) -> list[tuple[list[Match], set[str]]]:
    """Each segment the question names ('churned ones'), with the columns its condition reads."""
    found: list[tuple[list[Match], set[str]]] = []
    named = [*reading.segments, *((name, match) for _, name, match in reading.metric_or_segment)]
    for name, match in named:
        segment = model.segments.get(name)  # a count named like a population ('customers lost') is no segment here
        if segment is not None:
            columns = set(_COLUMN.findall((segment.filter or "").lower()))
            found.append(([match], columns & set(model.entities[segment.entity].dimensions)))
    return found


def _left_out_by_metric(model: SemanticModel, reading: Reading, columns: set[str]) -> bool:
    """Whether a metric named counts only some values of these columns by its own definition (revenue: completed
    orders)."""
    for metric in reading.metrics:
        for name in leaf_names(model, metric):
            condition = leaf(model, name).measure.filter
            if condition and any(c.name in columns for c in parse_fragment(condition).find_all(exp.Column)):
                return True
    return False
