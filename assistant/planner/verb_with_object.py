"""'how long until support first replies after they open a ticket', 'once a customer opens a case': a status value
('open') said as the verb of a subject, with an object after it ('a ticket', 'their case', 'one'), is the event
that creates the row, not the rows' current status. 'open tickets' (the word before its noun, no subject) stays
the status."""

from __future__ import annotations

import re

from assistant.planner.lexicon import Match

# a subject right before the word: a pronoun, or a noun of people
_SUBJECT = re.compile(
    r"\b(?:they|we|you|i|he|she|someone|somebody|anyone|people|customers?|clients?|users?|buyers?|members?)"
    r"(?:\s+(?:first|just|actually|usually|initially|then|still))?\s+$"
)
# an object right after it: an article, a possessive or a pronoun
_OBJECT = re.compile(r"^s?\s+(?:a|an|the|their|his|her|its|my|our|your|one|it|them|another|new)\b")


def said_as_verb(masked: str, match: Match) -> bool:
    """True when the value word at `match` is a subject's verb with an object ('they open a ticket')."""
    return bool(_SUBJECT.search(masked[: match.start]) and _OBJECT.match(masked[match.end :]))
