"""Periods written with a two-digit year: '26Q3', '3Q26', "Q3'26", '26年Q3', '26年3季度', '25年11月', '26年上半年'.

Reports and chat write a quarter or month with the year cut to two digits; the time phrases of DESIGN §7 take a year
of four digits, so the period was asked back ('26' unknown). A two-digit year is read as 20YY only where it is glued to
a quarter, a month or a half-year, the shapes that are never anything else; a number beside other words ('26年' alone,
'Q3 26', 'FY26 Q3', whose fiscal year need not be the calendar one) keeps being asked back. The rewrite is a correction,
so the assumptions say how the period was read.
"""

from __future__ import annotations

import re

from assistant.planner.reading import Reading

__all__ = ["short_year_fixes"]

_ZH_PART = r"(?:q[1-4]|第?\s*[1-4一二三四]\s*季度?|[0-9]{1,2}\s*月|[上下]半年|h[12])"

# (pattern over the lower-case question, replacement): the year and the period it is glued to
_SHAPES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?<![0-9a-z])(?<!fy)([0-9]{2})\s?-?q([1-4])(?![0-9a-z])"), r"q\2 20\1"),  # 26q3, 26-q3
    (re.compile(r"(?<![0-9a-z])([1-4])q([0-9]{2})(?![0-9a-z])"), r"q\1 20\2"),  # 3q26
    (re.compile(r"(?<![0-9a-z])q([1-4])\s?['’]([0-9]{2})(?![0-9a-z])"), r"q\1 20\2"),  # q3'26
    (re.compile(rf"(?<![0-9a-z])([0-9]{{2}})(?=\s*年\s*{_ZH_PART})"), r"20\1"),  # 26年q3, 26年3季度, 25年11月
)


def short_year_fixes(reading: Reading) -> list[tuple[int, int, str]]:
    """(start, end, replacement) for each period whose year is written with two digits."""
    found: list[tuple[int, int, str]] = []
    for pattern, replacement in _SHAPES:
        for hit in pattern.finditer(reading.text.lower()):
            if not any(a < hit.end() and hit.start() < b for a, b, _ in found):
                found.append((hit.start(), hit.end(), hit.expand(replacement)))
    return found
