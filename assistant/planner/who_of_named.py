"""'Who' after named values: "华东和华南上个月谁卖得多", "North or South — who had more complaints?", "会员和非会员谁的客单价
高". When a question names two or more values of one field before asking who (谁), the who asks which of those values:
the answer compares them (a breakdown by that field), it does not rank the people behind the rows.
"""

from __future__ import annotations

import re

from assistant.planner.reading import Reading

_WHO = re.compile(r"\bwho\b|谁")


def asks_which_of_named(reading: Reading) -> bool:
    """Whether the question's 'who' / 谁 comes after two or more values of one field (or two populations) it names."""
    who = _WHO.search(reading.masked)
    if who is None:
        return False
    named: dict[str, set[str]] = {}
    for entries, _, match in reading.values:
        if match.end <= who.start():
            for entry in entries:
                named.setdefault(entry.target, set()).add(str(entry.value))
    populations = {name for name, match in reading.segments if match.end <= who.start()}
    populations |= {name for name, match in reading.negated_segments if match.end <= who.start()}
    return any(len(values) >= 2 for values in named.values()) or len(populations) >= 2
