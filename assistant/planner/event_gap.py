"""Words between a period and the event it dates that only tell how the event happened: '今年因为价格原因流失的客户',
'去年在北京流失的客户'.

'今年流失的客户' dates the churn (DESIGN §7); '今年因为价格原因流失的客户' does too: the reason (a value of the
churned customers' own field) and a preposition before it ('因为', '在', '由于') sit between the period and the verb
without making the period the date of anything else. Before, any word in between left the period to the texts' or
metric's own date: the complaints of customers who churned this year for price were read as this year's complaints.
"""

from __future__ import annotations

import re

from assistant.planner.lexicon import Match
from assistant.planner.reading import Reading

# prepositions and particles that introduce a circumstance of the event: because of, in, from, by
_LINKS = re.compile(r"(?:因为|由于|因|在|于|从|被|的|\s)+")


def only_circumstances(reading: Reading, start: int, end: int, entity: str) -> bool:
    """Whether reading.masked[start:end] holds values of `entity`'s own fields (at least one) and linking words only."""
    inside = sorted((m for m in reading.matches if start <= m.start and m.end <= end), key=lambda m: m.start)
    if not inside or not all(_owned(m, entity) for m in inside):
        return False
    cuts = [start, *(i for m in inside for i in (m.start, m.end)), end]
    parts = [reading.masked[a:b] for a, b in zip(cuts[::2], cuts[1::2], strict=True)]
    return all(_LINKS.fullmatch(part) for part in parts if part)


def _owned(match: Match, entity: str) -> bool:
    """A value that may be one of the entity's own fields ('服务问题': a churn reason, also a ticket category)."""
    return any(e.target.partition(".")[0] == entity for e in match.of("value"))
