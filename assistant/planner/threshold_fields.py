"""Which named number field each threshold of a question is on, when a number field is named more often than there
are thresholds: '金额超过10万的已取消订单，按金额从高到低排', 'orders with an amount over 5,000, sorted by amount'. The
field is named once for the condition and once more as the sort key; each threshold is on the nearest number field
named before it (the way both languages put the field before its bound). A threshold with no number field named
before it pairs with nothing, and the caller asks back as before; a field named and then used by nothing is caught
later by the check for dropped fields."""

from __future__ import annotations

import re
from typing import TypeVar

from assistant.planner.lexicon import Match

Mention = TypeVar("Mention", bound=tuple[list[str], Match])


def nearest_before(numbers: list[Mention], found: list[re.Match[str]]) -> list[Mention] | None:
    """For each threshold the number field named nearest before it, each mention used once; None when a threshold
    has none or there are no more mentions than thresholds (the caller's one-to-one pairing applies)."""
    if len(numbers) <= len(found):
        return None
    paired: list[Mention] = []
    for condition in found:
        before = [n for n in numbers if n[1].end <= condition.start() and n not in paired]
        if not before:
            return None
        paired.append(max(before, key=lambda n: n[1].end))
    return paired
