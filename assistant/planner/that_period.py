"""A follow-up dating its question by the period the conversation is on: "and how many responses in that quarter?"
after last quarter's scores, "orders in that same month", "那个月的订单数呢", "同一季度的工单呢". The words name no new
period: they keep the previous question's, which a follow-up keeps anyway. Read as a period of their own, the bare
unit ('quarter', '月') had no dates and the question was asked back.

The words are excused (role `filler`, value `same_period`) only when the previous question's period is one such unit
(a calendar quarter for 'that quarter', one month for '那个月'); otherwise they are read as before."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from assistant.contracts import Turn
from assistant.planner.discourse import Excused
from assistant.planner.reading import Reading

_EN = re.compile(
    r"\b(?:(?:in|during|for|over|of|from)\s+)?(?:that|the\s+same|that\s+same|this\s+same)\s+"
    r"(?P<unit>day|week|month|quarter|year|period)\b"
)
_ZH = re.compile(r"(?:在)?(?:那|同|这)一?个?(?P<unit>天|周|星期|月|季度|季|年|时期|期间|时间段)(?:里|内|中)?")
_UNITS = {"星期": "week", "周": "week", "天": "day", "月": "month", "季度": "quarter", "季": "quarter", "年": "year"}


def excused(reading: Reading, history: Sequence[Turn]) -> list[Excused]:
    """The words pointing back at the previous question's period, when that period is one unit of the kind named."""
    previous = next((turn.query for turn in reversed(history) if turn.query is not None), None)
    if previous is None or previous.time_range is None or reading.times:
        return []
    start, end = previous.time_range.start, previous.time_range.end
    found = []
    for said in (*_EN.finditer(reading.masked), *_ZH.finditer(reading.masked)):
        unit = _UNITS.get(said.group("unit"), said.group("unit"))
        if unit in ("period", "时期", "期间", "时间段") or _one(unit, start, end):
            found.append(Excused(said.start(), said.end(), "same_period"))
    return found


def _one(unit: str, start: date, end: date) -> bool:
    """Whether start..end lies within one calendar `unit` and starts it ('last quarter', '上个月', 'this year')."""
    quarter = (start.month - 1) // 3
    return {
        "day": start == end,
        "week": start.weekday() == 0 and (end - start).days <= 6,
        "month": start.day == 1 and (start.year, start.month) == (end.year, end.month),
        "quarter": start.day == 1
        and start.month == quarter * 3 + 1
        and (end.year, (end.month - 1) // 3) == (start.year, quarter),
        "year": (start.month, start.day) == (1, 1) and start.year == end.year,
    }.get(unit, False)
