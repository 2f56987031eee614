"""A comparison the question asks for ('vs', 'versus', 'compared with', 'relative to', '对比', '相比', '比起',
'和…比', '同比', '环比') that the plan does not contain: one number for one side answers another question, and no
unexplained content word flags it, since the markers are grammar. The planner asks back naming the marker.

The plan explains the marker when it compares (`compare`: another period, a year back, other populations), sets
groups side by side (a breakdown; a series over time when the other side is a period), answers two measures side
by side, or when a span of the plan that is not filler covers the marker (a phrase of the model that holds it).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.contracts import Language, Plan, Span
from assistant.planner.reading import Reading
from assistant.planner.shaping import PLANNER
from semantic_layer import SemanticQuery

_MARKER = re.compile(
    r"\b(?:vs\.?|versus|compare[sd]?(?:\s+(?:to|with|against))?|comparing|comparison|relative\s+to|against)\b"
    r"|对比|相比|比起|同比|环比|(?:和|跟|与)[^，,。？?；;]{1,15}?(?<!占)比(?![例率重值])"
)

_COMPARE_VERB = re.compile(r"compare[sd]?|comparing|comparison")

_TEXT: dict[Language, str] = {
    "en": "'{marker}' asks for a comparison, but I can't tell which two things to set side by side here, and one "
    "number alone would answer another question. Could you name both sides (e.g. 'members vs non-members', "
    "'this month vs last month')?",
    "zh": "“{marker}”是要做对比,但我无法确定要对比的是哪两方,只给一个数字会答非所问。请说明对比的两方(例如“会员和非会员”、“本月和上月比”)。",
}

Offsets = Callable[[int, int], tuple[int, int]]


def unexplained(
    reading: Reading, spans: list[Span], query: SemanticQuery, original: Offsets, language: Language
) -> Plan | None:
    """A clarify plan naming a comparison marker the plan does not explain; None when there is none."""
    if query.kind != "metrics" or query.compare is not None:
        return None
    # the marker's own cue span says 'compare' whenever there is a breakdown: the query is judged here instead
    explained = [(s.start, s.end) for s in spans if s.turn == 0 and s.role not in ("filler", "correction", "compare")]
    series = any(d.grain for d in query.dimensions)
    for found in _MARKER.finditer(reading.masked):
        period_side = not _COMPARE_VERB.fullmatch(found.group(0)) and _period_after(reading, found.end())
        if _sides(query) and (series or not period_side):  # 'compare the 2025 rate of …': the period is the scope
            continue
        a, b = original(*found.span())
        if not any(x < b and a < y for x, y in explained):
            text = _TEXT[language].format(marker=found.group(0).strip())
            return Plan(status="clarify", clarification=text, planner=PLANNER)
    return None


def _sides(query: SemanticQuery) -> bool:
    """Whether the query sets groups or measures side by side."""
    return bool(query.dimensions) or len(query.metrics) > 1 or query.share is not None


def _period_after(reading: Reading, end: int) -> bool:
    """'… by channel vs last month': the other side is a period, which a breakdown does not compare with."""
    return any(t.span[0] >= end and reading.masked[end : t.span[0]].strip() in ("", "the") for t in reading.times)
