"""The date a question says its period is counted on: '按流失日期算今年', '以注册时间为准', 'this year by churn date',
'based on the signup date', 'going by when they churned'.

A time field named with 按…算 / 按…统计 / 以…为准 / 'based on' / 'according to' / 'going by', or with 'by' right after a
period ('this year by churn date'), picks the column the period filters; it splits nothing. Before, it was read as a
breakdown by that date (which a themes answer dropped, or a metric answered per day) and the period dated another
column: the complaints of customers who churned this year were read as this year's complaints.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from semantic_layer import SemanticModel

if TYPE_CHECKING:  # reading.py moves the stated date out of its breakdowns while it reads
    from assistant.planner.lexicon import Match
    from assistant.planner.reading import Reading

_ZH_BEFORE = re.compile(r"(?:按照?|以|根据|依据)\s*$")
_ZH_AFTER = re.compile(r"^\s*(?:来|去)?(?:算|计算|统计|计|为准|口径|划分|界定)")
_EN_BEFORE = re.compile(
    r"\b(?:based\s+on|according\s+to|going\s+by|using|counted\s+by|counting\s+by|dated\s+by|measured\s+by|"
    r"in\s+terms\s+of|keyed\s+(?:on|by))\s+(?:the\s+|their\s+|its\s+)?$"
)
_EN_BY = re.compile(r"\bby\s+(?:the\s+|their\s+|its\s+)?$")


def stated_field(model: SemanticModel, reading: Reading) -> tuple[str, Match] | None:
    """The one time field the question says its period is counted on, with the words naming it."""
    if not reading.times:
        return None
    for candidates, match in [*reading.breakdowns, *reading.mentioned_dimensions]:
        times = [c for c in candidates if model.dimension(c)[1].type == "time"]
        if len(times) == 1 and _stated(reading, match):
            return times[0], match
    return None


def _stated(reading: Reading, match: Match) -> bool:
    before, after = reading.masked[: match.start], reading.masked[match.end :]
    if reading.language == "zh":
        return bool(_ZH_BEFORE.search(before) and _ZH_AFTER.match(after))
    if _EN_BEFORE.search(before):
        return True
    said = _EN_BY.search(before)  # 'this year by churn date': 'by' right after the period it dates
    return said is not None and any(t.span[1] <= said.start() and not before[t.span[1] : said.start()].strip()
                                    for t in reading.times)  # fmt: skip


def move_out_of_breakdowns(model: SemanticModel, reading: Reading) -> None:
    """The stated date is a field mentioned, not a breakdown."""
    stated = stated_field(model, reading)
    if stated is None:
        return
    for candidates, match in list(reading.breakdowns):
        if match is stated[1]:
            reading.breakdowns.remove((candidates, match))
            reading.mentioned_dimensions.append((candidates, match))
