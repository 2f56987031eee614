"""'what's the difference', 'and the growth rate', '差了多少' after two answers that asked the same thing of two
periods ('new customers this week' then 'and last week'): the later period compared with the earlier one — the one
right before it, or the same one a year earlier — as one answer with the change. Periods that are neither are asked
back (a comparison with any other period is not something one query can show)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

from assistant.contracts import Language, Plan, Span, Turn
from assistant.planner.messages import assumption, clarify
from assistant.planner.shaping import PLANNER
from semantic_layer import SemanticQuery
from semantic_layer.query import Compare
from semantic_layer.time_calendar import previous_period, same_period_last_year

# The whole message asks how the two numbers differ.
_DIFFERENCE = re.compile(
    r"^\s*(?:and|so|ok|okay)?[\s,]*(?:what'?s|what is|what was|how big is|how much is|show me|and)?\s*(?:the|that)?\s*"
    r"(?:difference|change|gap|delta|growth(?: rate)?|increase|decrease|% change|percent(?:age)? change)"
    r"(?:\s+(?:between (?:them|the two|those|these)|then|there))?\s*[?.!]*\s*$"
    r"|^\s*(?:那|这|两者|两个|它们|前后)*(?:之间)?(?:的)?(?:差(?:了|距|别)?(?:多少|多大|是多少)?|变化(?:了)?(?:多少|多大)?"
    r"|增长(?:率)?(?:是)?(?:多少)?|增幅(?:是)?(?:多少)?|涨了多少|降了多少|多了多少|少了多少|环比(?:增长)?(?:多少)?)\s*(?:呢)?\s*[?？。!！]*\s*$"
    # 'which was higher', 'which one is better', '哪个更高': the two answers side by side with the change
    r"|^\s*(?:and|so|ok|okay)?[\s,]*which(?: one| period| month| week| quarter| year| of the two| of them)?\s*"
    r"(?:was|is|were|did)?\s*(?:the\s+)?(?:higher|bigger|larger|greater|more|lower|smaller|fewer|less|better|worse)"
    r"\s*[?.!]*\s*$"
    r"|^\s*(?:那|那么)?(?:哪个|哪一个|哪个月|哪一周|哪个季度|哪一年|哪个时期)(?:更)?(?:高|多|大|低|少|好|差)(?:一些|一点|些)?\s*(?:呢)?\s*[?？。!！]*\s*$"
)


def compared_answers(question: str, history: Sequence[Turn], language: Language) -> Plan | None:
    """The plan comparing the periods of the last two answers, or None when the question is not this fragment."""
    if not _DIFFERENCE.match(question.lower()):
        return None
    asked = [turn.query for turn in history if turn.query is not None][-2:]
    if len(asked) != 2 or not _same_but_period(*asked):
        return None
    first, second = asked
    if first.time_range is None or second.time_range is None:
        return None
    (later, late), (_, early) = sorted([(first, first.time_range), (second, second.time_range)],
                                       key=lambda pair: pair[1].start, reverse=True)  # fmt: skip
    right_before = early.end + timedelta(days=1) == late.start
    year_before = _year_back(late.start) == early.start
    if not (right_before or year_before):
        return clarify(language, assumption(language, "two_periods_apart"), [])
    shown = (early.start, early.end)
    if shown not in (previous_period(late.start, late.end), same_period_last_year(late.start, late.end)):
        # 'revenue this month' (4 days so far) then 'and last month' (30 days): the change would compare a part
        # with a whole, and a comparison query would show another earlier figure than the one answered
        start, end = (
            previous_period(late.start, late.end) if right_before else same_period_last_year(late.start, late.end)
        )
        detail = assumption(language, "two_periods_unequal", later=late.label or "", earlier=early.label or "",
                            later_days=str((late.end - late.start).days + 1),
                            earlier_days=str((early.end - early.start).days + 1), start=str(start), end=str(end))  # fmt: skip
        return clarify(language, detail, [])
    compare = Compare(previous_period=True, year_over_year=shown != previous_period(late.start, late.end))
    query = later.model_copy(update={"compare": compare, "order_by": [], "limit": None})
    said = Span(text=question.strip(), start=0, end=len(question), role="compare", target="previous_period")
    note = assumption(language, "compared_two_answers", later=late.label or "", earlier=early.label or "")
    return Plan(status="ok", query=query, assumptions=[note], interpretation=[said], planner=PLANNER)


def _same_but_period(first: SemanticQuery, second: SemanticQuery) -> bool:
    keep = {"time_range", "compare"}
    return (
        first.kind == second.kind == "metrics"
        and first.model_dump(exclude=keep) == second.model_dump(exclude=keep)
        and first.compare is None
        and second.compare is None
        and first.time_range != second.time_range
    )


def _year_back(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)
