"""A period to date beside the whole calendar period before it, both named: "今年到目前为止的订单数，和去年全年的订单数
比一下", "orders this year so far vs all of last year", "本月至今的销售额和上个月整月比". A comparison with the previous
period takes the same stretch to date (1 January to 4 December of last year), which is not what was asked; round 8
asked these back. Both periods are named explicitly, so both totals are the answer: the period to date compared
with the whole period before it (`compare.whole_previous`), the running period said in the assumptions.

Only when the earlier period is said to be whole ('全年', 'all of', 'full'); "compare this year with last year"
keeps its reading (checks._named_comparison).
"""

from __future__ import annotations

from datetime import timedelta

from assistant.contracts import Language
from assistant.planner.checks import _said_whole
from assistant.planner.messages import assumption
from assistant.planner.reading import Reading
from semantic_layer import SemanticQuery
from semantic_layer.query import Compare
from semantic_layer.time_calendar import COMPARABLE_UNITS, period_containing


def both_totals(reading: Reading, query: SemanticQuery, language: Language) -> tuple[SemanticQuery, str] | None:
    """The query compared with the whole period before its period to date, and the note saying the current one
    is still running; None if the question does not name exactly those two periods."""
    asked, compare = query.time_range, query.compare
    if query.kind != "metrics" or asked is None or compare is None or not compare.previous_period:
        return None
    if compare.segments or compare.year_over_year or any(d.grain for d in query.dimensions):
        return None
    others = [t for t in reading.times if t.end < asked.start]
    if len(others) != 1 or not _said_whole(reading, others[0]):
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
