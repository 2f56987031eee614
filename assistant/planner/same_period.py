"""A period named again by pointing back at it: 'in the last 7 days, how many orders came from customers who signed up
in those same 7 days', 'revenue in Q3 from customers acquired during that same period', 'this year … in the same
period'. The pointer is read as the period named earlier in the question (a correction, shown in the assumptions), so
that one period can date both who is counted and what they did (`dating._split_periods`).

Only with exactly one period named before it; with none or several, the words stay and are asked back."""

from __future__ import annotations

import re

from assistant.planner.reading import Reading

_POINTER = re.compile(
    r"\b(?:those|these|that|this|the)\s+(?:very\s+)?same\s+"
    r"(?:(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fourteen|thirty|ninety)\s+)?"
    r"(?:days?|weeks?|months?|quarters?|years?|period|time\s+period|window|time\s*frame|dates)\b"
    r"|\b(?:that|this)\s+(?:period|window|time\s*frame)\b"
)

_PREPOSITION = re.compile(r"^(?:in|during|within|over|for|from|since|across|throughout)\s+")


def pointer_fixes(reading: Reading) -> list[tuple[int, int, str]]:
    """(start, end, the earlier time phrase) for each pointer back at the one period named before it."""
    found: list[tuple[int, int, str]] = []
    for hit in _POINTER.finditer(reading.masked):
        earlier = [t for t in reading.times if t.span[1] <= hit.start()]
        if len(earlier) == 1 and not any(t.span[0] < hit.end() and hit.start() < t.span[1] for t in reading.times):
            phrase = _PREPOSITION.sub("", earlier[0].phrase.strip())  # 'in those same 7 days': the 'in' is said
            found.append((hit.start(), hit.end(), phrase))
    return found
