"""A follow-up that names only the negated form of the previous population: 'and non-members?', '非会员呢？',
'just the non-members' after a figure for members. The user moves to the other side of the same yes/no split,
so the negated population takes the place of the previous one; a breakdown by the flag (both sides) is kept for
a follow-up that asks for both at once ('members and non-members', 'compare with non-members', '也看看非会员')."""

from __future__ import annotations

import re

from assistant.planner import cues
from assistant.planner.reading import Reading

# words that keep the previous side beside the new one: a contrast, 'too / also', 'both'
_BOTH_SIDES = re.compile(
    r"\b(?:too|also|as well|both|each|alongside|side by side|besides|in addition)\b|也|都|同时|一起|分别|各自|两者|两边|还有"
)


def replaces_population(reading: Reading) -> bool:
    """Whether the negated populations of a follow-up replace the previous ones rather than split by the flag."""
    if cues.REPLACE_SEGMENT.search(reading.masked):
        return True
    # 'members vs non-members', 'compare with non-members': both sides
    return not (reading.segments or reading.has(_BOTH_SIDES) or cues.TIME_CONTRAST.search(reading.masked))
