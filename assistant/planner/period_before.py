"""The period right before a named one, said by pointing back ("compare tickets last week with the week before
that", "was Q3 better than the quarter before?", "did we get more complaints last week or the week before?").

"The <unit> before (that / it)", "the previous / prior / preceding <unit>" and "the one before" name no date of their
own: they are the <unit> right before the calendar period the question named, so a comparison with them is the
comparison with the previous period. Before, the time grammar found one period and the comparison was dropped: last
week's number alone, under a question that asked for two (a wrong answer). The unit must be the named period's own
(a whole week, month, quarter or year, or one to date); a comparison word must join them ('with', 'than', 'vs', 'or')."""

from __future__ import annotations

import re

from semantic_layer.time_calendar import Unit, period_containing
from semantic_layer.time_phrases import ResolvedRange

_UNITS: tuple[Unit, ...] = ("year", "quarter", "month", "week")  # the largest unit a period is one of wins
_POINTER = re.compile(
    r"\bthe\s+(?:(?P<unit>week|month|quarter|year)\s+(?:right\s+|just\s+|immediately\s+)?before(?:\s+(?:that|it|then))?"
    r"|(?:previous|prior|preceding)\s+(?P<unit2>week|month|quarter|year)|one\s+before(?:\s+(?:that|it))?)\b"
)
_JOINED = re.compile(
    r"\b(?:with|than|vs\.?|versus|against|or|to|from|compar(?:e|ed|es|ing)|and|alongside|beside)\s+"
    r"(?:(?:in|during|over|for)\s+)?$"
)


def _unit_of(period: ResolvedRange) -> Unit | None:
    """The calendar unit a period is one of (whole, or to date), if any."""
    for unit in _UNITS:
        first, last = period_containing(period.start, unit)
        if period.start == first and period_containing(period.end, unit) == (first, last):
            return unit
    return None


def previous_named(text: str, period: ResolvedRange) -> bool:
    """Whether the lower-case question compares `period` with the period right before it, named by pointing back after
    it ('last week … with the week before that')."""
    unit = _unit_of(period)
    if unit is None:
        return False
    for hit in _POINTER.finditer(text, period.span[1]):
        said = hit.group("unit") or hit.group("unit2")
        if said is not None and said != unit:
            continue
        if _JOINED.search(text[period.span[1] : hit.start()]):
            return True
    return False
