"""A question that names its own period and sets it against 'the same <period> a year earlier': 'compare last
quarter's churn rate with the same quarter a year earlier', '上个月销售额同比去年同月怎么样', 'NPS this month vs the
same month last year'. The year-back phrase is the other side of a year-over-year comparison of the period the
question names — not a second period of its own ('last year', asked back as two periods) and not 'earlier' asked
back. Only with a word that sets the two against each other and a period left once the phrase is set aside; a
follow-up's year-back phrase is read against the previous question's period (shifts.py)."""

from __future__ import annotations

import re
from datetime import date

from assistant.planner import cues
from assistant.planner.reading import Reading
from assistant.planner.shifts import YEAR_EARLIER
from semantic_layer.errors import TimeExpressionError
from semantic_layer.time_phrases import find_time_phrases

_SET_AGAINST = re.compile(
    r"\b(?:compar(?:e|es|ed|ing)|vs\.?|versus|against|relative to|next to|alongside|beside|side by side with)\b"
    r"|同比|对比|相比|比较|比"
)
# 'YTD revenue vs the same stretch of 2025': the year-back phrase with the year itself, read only when that year is
# the one before the question's own period
_SAME_OF_YEAR = re.compile(
    r"\b(?:the\s+)?same\s+(?:period|stretch|time|months?|quarter|weeks?|days?|dates|window)\s+(?:of|in)\s+"
    r"(?P<year>(?:19|20)[0-9]{2})\b"
)


def own_year_earlier(question: str, as_of: date) -> tuple[int, int] | None:
    """Where a question compares its own period with the same period a year earlier; None when it does not."""
    text = question.lower()
    found = YEAR_EARLIER.search(text) or _SAME_OF_YEAR.search(text)
    if found is None or not (_SET_AGAINST.search(text) or cues.TIME_CONTRAST.search(text[: found.start()])):
        return None
    rest = text[: found.start()] + " " * (found.end() - found.start()) + text[found.end() :]
    try:
        own = find_time_phrases(rest, as_of)
    except TimeExpressionError:
        return None
    if own and found.re is _SAME_OF_YEAR and any(p.start.year != int(found.group("year")) + 1 for p in own):
        return None  # 'Q3 2026 vs the same quarter of 2024': not the year before
    return found.span() if own else None


def compared_a_year_back(reading: Reading) -> bool:
    """Whether the question sets its period against the same one a year earlier (the phrase set aside above, or a
    follow-up's 'compare with the same quarter a year earlier')."""
    return reading.year_earlier and bool(_SET_AGAINST.search(reading.text) or cues.TIME_CONTRAST.search(reading.text))
