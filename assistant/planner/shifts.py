"""A follow-up that moves the previous question's period a year back ("ok and the same quarter one year earlier?",
"and the same month last year?", "那去年同期呢"): the same dates a year before (`same_period_last_year`), not the
calendar year 'last year' names on its own, and not "earlier" asked back. The phrase is blanked before the time
grammar reads the question ('去年同期' alone has no period to compare with) and the previous range is shifted by
the follow-up (followup.py). The same for a week, month or quarter back ("same day last week", "the same point
last month", "上周同期"): not the whole of last week or last month."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import cast

from assistant.contracts import Turn
from semantic_layer.time_calendar import Unit

_UNIT = r"(?:period|quarter|month|week|day|days|time|point|range|dates|window|stretch|months|weeks)"
_YEAR_BACK = (
    r"(?:last year|(?:a|one|1) year (?:earlier|before|ago|prior|back)|the (?:previous|prior) year|the year before)"
)
YEAR_EARLIER = re.compile(
    rf"\b(?:the\s+)?same\s+{_UNIT}(?:\s+(?:of|in|from))?\s+{_YEAR_BACK}\b"
    rf"|\b(?:what about|how about|and)\s+(?:a|one|1) year (?:earlier|before|back|prior)\b"
    rf"|\blast year(?:'s)?\s+(?:the\s+)?same\s+{_UNIT}\b"
    r"|(?:去年|上一年|前一年|上年)(?:的)?同(?:期|一时期|一时间段|(?:一个?)?(?:季度?|月|周))"
    # '上季度销售额同比去年', '本月订单去年同比': 同比 itself says the same period, so '去年' is no whole year
    r"|(?<=同比)(?:和|与|跟)?(?:去年|上一年|上年)(?![同0-9一二三四五六七八九十上下第全前后底初末])(?:的)?"
    r"|(?:去年|上一年|上年)(?=同比)"
)


def year_earlier(question: str, history: Sequence[Turn]) -> tuple[int, int] | None:
    """Where the question asks for the previous question's period a year back; None when it does not or the
    previous question had no period."""
    previous = next((turn.query for turn in reversed(history) if turn.query is not None), None)
    if previous is None or previous.time_range is None:
        return None
    found = YEAR_EARLIER.search(question.lower())
    return found.span() if found else None


_BACK = r"(?:last|the previous|the prior|a|one|1)"
PERIOD_EARLIER = re.compile(
    rf"\b(?:the\s+)?same\s+{_UNIT}(?:\s+(?:of|in|from))?\s+{_BACK}\s+(?P<en>week|month|quarter)"
    r"(?:\s+(?:earlier|before|ago|back|prior))?\b"
    r"|\blast\s+(?P<en_first>week|month|quarter)(?:'s)?\s+(?:the\s+)?same\s+" + _UNIT + r"\b"
    r"|\b(?:what about|how about|and)\s+(?:a|one|1)\s+(?P<en_ago>week|month|quarter)\s+(?:earlier|before|back|prior)\b"
    r"|(?P<zh>上周|上个?星期|上个?月|上个?季度?)(?:的)?同(?:期|一天|一时期|一时间段?|一?时段)"
)
_ZH_UNITS = {"周": "week", "星期": "week", "月": "month", "季": "quarter"}


def period_earlier(question: str, history: Sequence[Turn]) -> tuple[int, int, Unit] | None:
    """Where the question asks for the previous question's period a week, month or quarter back, and which."""
    previous = next((turn.query for turn in reversed(history) if turn.query is not None), None)
    if previous is None or previous.time_range is None:
        return None
    found = PERIOD_EARLIER.search(question.lower())
    if found is None:
        return None
    said = found.group("en") or found.group("en_first") or found.group("en_ago")
    if said is None:
        said = next(unit for key, unit in _ZH_UNITS.items() if key in found.group("zh"))
    return found.start(), found.end(), cast(Unit, said)
