"""Verbs of writing a text in a question about what texts say: "the survey comments they leave after a delivery",
"reviews people left", "comments left by members", "leave a comment". A text field holds what people wrote, so the
verb that says they wrote it selects nothing; read alone, 'leave' / 'left' is the churn of customers ('customers who
left') and was asked back. Only in a themes question (the texts are asked for), and only next to a noun of texts:
"what did customers who left write" keeps 'left' (it names who, not the writing)."""

from __future__ import annotations

import re

from assistant.planner import cues
from assistant.planner.discourse import Excused
from assistant.planner.reading import Reading

_TEXTS = r"(?:comments?|feedback|remarks|reviews?|notes?|answers|responses|messages|texts?|descriptions?)"
_WRITING = (
    r"(?:leave|leaves|left|leaving|write|writes|wrote|written|writing|post|posts|posted|type|typed|add|added|put)"
)
# 'comments they leave', 'feedback people left', 'remarks customers wrote'
_AFTER = re.compile(
    rf"\b{_TEXTS}\s+(?:that\s+|which\s+)?(?:they|people|customer(?:s)?|users|respondents|folks|he|she|you|we|i)\s+"
    rf"(?:have\s+|had\s+|usually\s+|typically\s+)?(?P<verb>{_WRITING})\b"
)
# 'comments left by members', 'feedback written after a delivery'
_PASSIVE = re.compile(
    rf"\b{_TEXTS}\s+(?P<verb>left|written|posted|typed|added|put)\b(?=\s+(?:by|after|on|in|at|about)\b)"
)
# 'leave a comment', 'wrote in the feedback'
_BEFORE = re.compile(rf"\b(?P<verb>{_WRITING})\s+(?:in\s+)?(?:a|an|the|their|any|some|these|those)?\s*(?={_TEXTS}\b)")


def writing_verbs(reading: Reading) -> list[Excused]:
    """The verbs of writing next to a noun of texts in a themes question, as asides."""
    found = [hit.span("verb") for pattern in (_AFTER, _PASSIVE, _BEFORE) for hit in pattern.finditer(reading.masked)]
    if not found:
        return []
    blanked = reading.masked
    for start, end in found:
        blanked = blanked[:start] + " " * (end - start) + blanked[end:]
    if not cues.THEMES.search(blanked):  # the question read without them must still ask for themes
        return []
    return [Excused(start, end, "aside") for start, end in sorted(set(found))]
