"""'how long until support first replies after they open a ticket', 'once a customer opens a case': a status value
('open') said as the verb of a subject, with an object after it ('a ticket', 'their case', 'one'), is the event
that creates the row, not the rows' current status. 'open tickets' (the word before its noun, no subject) stays
the status."""

from __future__ import annotations

import re

from assistant.planner.lexicon import Match

# an adverb between the subject and its verb
_ADVERB = r"(?:\s+(?:first|just|actually|usually|initially|then|still))?\s+$"
# a pronoun subject right before the word
_PRONOUN = re.compile(rf"\b(?:they|we|you|i|he|she|someone|somebody|anyone|people){_ADVERB}")
# an object right after it: an article, a possessive or a pronoun
_OBJECT = re.compile(r"^s?\s+(?:a|an|the|their|his|her|its|my|our|your|one|it|them|another|new)\b")


def said_as_verb(masked: str, match: Match, matches: list[Match]) -> bool:
    """True when the value word at `match` is a subject's verb with an object: the subject a pronoun ('they open a
    ticket') or a noun of the model's rows or populations ('a customer opens a case')."""
    if not _OBJECT.match(masked[match.end :]):
        return False
    before = masked[: match.start]
    if _PRONOUN.search(before):
        return True
    noun = next((m for m in reversed(matches) if m.end <= match.start), None)
    return (
        noun is not None
        and bool(noun.of("entity") or noun.of("segment"))
        and bool(re.fullmatch(_ADVERB, " " + before[noun.end :]))
    )
