"""The commonest value of a field is its top value by count (role `correction`): "the most common churn reason", "the
most frequent ticket category", "the single most popular channel" read as "the top churn reason", which the ranking
cues answer with the rows counted per value, highest first (one row for 'the', every row ranked for a plural).
Read word by word, 'common' was asked back.

Only right before a field of the model that is no value, measure, population or text ("the most common complaints"
stays a question about the complaint texts' themes)."""

from __future__ import annotations

import re

from assistant.planner.lexicon import Match

Fix = tuple[int, int, str]

_COMMONEST = re.compile(
    r"(?<![a-z])(?:the\s+)?(?:single\s+)?most\s+(?:common|frequent|frequently\s+given|popular|usual|typical)\s+$"
)


def commonest_fixes(text: str, matched: list[Match]) -> list[Fix]:
    """(start, end, 'the top ') for 'the most common' right before a field of the model."""
    found: list[Fix] = []
    for match in matched:
        kinds = {e.kind for e in match.entries if not e.weak}
        if kinds != {"dimension"}:
            continue
        hit = _COMMONEST.search(text[: match.start])
        if hit is not None:
            found.append((hit.start(), match.start, "the top "))
    return found
