"""A follow-up that moves the previous question's period a year back ("ok and the same quarter one year earlier?",
"and the same month last year?", "那去年同期呢"): the same dates a year before (`same_period_last_year`), not the
calendar year 'last year' names on its own, and not "earlier" asked back. The phrase is blanked before the time
grammar reads the question ('去年同期' alone has no period to compare with) and the previous range is shifted by
the follow-up (followup.py)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.contracts import Turn

_UNIT = r"(?:period|quarter|month|week|day|days|time|range|dates|window|stretch|months|weeks)"
_YEAR_BACK = (
    r"(?:last year|(?:a|one|1) year (?:earlier|before|ago|prior|back)|the (?:previous|prior) year|the year before)"
)
YEAR_EARLIER = re.compile(
    rf"\b(?:the\s+)?same\s+{_UNIT}(?:\s+(?:of|in|from))?\s+{_YEAR_BACK}\b"
    rf"|\b(?:what about|how about|and)\s+(?:a|one|1) year (?:earlier|before|back|prior)\b"
    r"|(?:去年|上一年|前一年|上年)(?:的)?同(?:期|一时期|一时间段|一个?(?:季度|月|周))"
)


def year_earlier(question: str, history: Sequence[Turn]) -> tuple[int, int] | None:
    """Where the question asks for the previous question's period a year back; None when it does not or the
    previous question had no period."""
    previous = next((turn.query for turn in reversed(history) if turn.query is not None), None)
    if previous is None or previous.time_range is None:
        return None
    found = YEAR_EARLIER.search(question.lower())
    return found.span() if found else None
