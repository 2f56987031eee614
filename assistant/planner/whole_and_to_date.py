"""A period to date beside the whole calendar period before it, both named: "今年到目前为止的订单数，和去年全年的订单数
比一下", "orders this year so far vs all of last year", "本月至今的销售额和上个月整月比". A comparison with the previous
period takes the same stretch to date (1 January to 4 December of last year), which is not what was asked; round 8
asked these back. Both periods are named explicitly, so both totals are the answer: the period to date compared
with the whole period before it (`compare.whole_previous`), the running period said in the assumptions.

The earlier period counts as whole when it is said to be ('全年', 'all of', 'full') or when its own name is a whole
calendar period (DESIGN §7: 'last year' / '去年' is the previous complete year): "NPS this year vs last year", "本月和上个月
的订单数比一下" compare this year (month) to date with all of last year (month), as the question names them. A stretch
to the same day is asked with its own words ('the same period last year', '去年同期', 'the same point last month'), which
name no whole period, and keeps the comparison to the same day.
"""

from __future__ import annotations

import re
from datetime import timedelta

from assistant.contracts import Language
from assistant.planner import cues
from assistant.planner.checks import _said_whole
from assistant.planner.messages import assumption
from assistant.planner.reading import Reading
from semantic_layer import SemanticQuery
from semantic_layer.query import Compare
from semantic_layer.time_calendar import COMPARABLE_UNITS, period_containing
from semantic_layer.time_phrases import ResolvedRange


def both_totals(reading: Reading, query: SemanticQuery, language: Language) -> tuple[SemanticQuery, str] | None:
    """The query compared with the whole period before its period to date, and the note saying the current one
    is still running; None if the question does not name exactly those two periods."""
    asked, compare = query.time_range, query.compare
    if query.kind != "metrics" or asked is None or compare is None or not compare.previous_period:
        return None
    if compare.segments or compare.year_over_year or any(d.grain for d in query.dimensions):
        return None
    others = [t for t in reading.times if t.end < asked.start]
    # 'which grew the most' ranks by the change, which compares like stretches (growth.ranked_by_change)
    ranked_by_change = bool(cues.RISE_MOST.search(reading.masked) or cues.FALL_MOST.search(reading.masked))
    by_name = not ranked_by_change and len(others) == 1 and _whole_by_name(reading, others[0])
    if len(others) != 1 or not (_said_whole(reading, others[0]) or by_name):
        return None
    whole = others[0]
    for unit in COMPARABLE_UNITS:
        first, last = period_containing(asked.start, unit)
        if asked.start != first or asked.end >= last:
            continue  # not this unit to date
        if (whole.start, whole.end) != period_containing(first - timedelta(days=1), unit):
            continue
        compared = query.model_copy(update={"compare": Compare(previous_period=True, whole_previous=True)})
        label = asked.label or f"{asked.start}..{asked.end}"
        note = assumption(language, "whole_previous", current=label, end=asked.end.isoformat(), whole=whole.label)
        return compared, note
    return None


# words of a stretch to the same day: 'at the same point', 'to the same day', 'so far last year', '同一天', '同期'
_SAME_STRETCH = re.compile(
    r"\bsame\s+(?:point|day|date|stage|time)\b|\bso\s+far\b.*\b(?:last|previous)\b|\blike[\s-]for[\s-]like\b"
    r"|同期|同一天|同一时间|同样(?:的)?天数|到同一"
)

# a period named by pointing back from the one asked ('the previous quarter', 'the month before'), not by its name
_POINTED = re.compile(r"\b(?:previous|prior|preceding|before|earlier)\b|前一|之前|上一期|此前")


def _whole_by_name(reading: Reading, period: ResolvedRange) -> bool:
    """A named calendar period ('last year', '上个月', 'Q3') is the whole period, unless the question asks for the
    stretch to the same day in words of its own."""
    if _POINTED.search(period.phrase):  # 'vs the previous quarter': the period before, as the comparison takes it
        return False
    return not reading.has(_SAME_STRETCH) and not _SAME_STRETCH.search(reading.text) and not period.year_inferred
